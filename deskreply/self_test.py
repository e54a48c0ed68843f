"""The checks half of ``deskreply --self-test`` (Qt-free): do the loaded checks really check?

A smoke test that only starts the app proves nothing: a bundle whose check modules were left
out starts fine and finds nothing. This module runs one Spanish and one English reply with a
card number and an insult through a loaded :class:`~deskreply.checks.Checker` and verifies
that each finding is there, on the right characters. Any failure raises
:class:`SelfTestError` with one line that says what is wrong.

``python -m deskreply.self_test`` runs it without a display (prints JSON, exit 0 or 1).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskreply.checks import Checker

CARD = "4111 1111 1111 1111"  # the standard Visa test number: passes the Luhn check


@dataclass(frozen=True)
class Sample:
    lang: str
    text: str
    # (check, kind, the exact characters the finding must cover)
    expected: tuple[tuple[str, str, str], ...]


SAMPLES: tuple[Sample, ...] = (
    Sample("es", f"Eres un idiota. Tu tarjeta es {CARD}",
           (("sensitive", "payment_card", CARD), ("tone", "insult", "idiota"))),
    Sample("en", f"You are an idiot. Your card is {CARD}",
           (("sensitive", "payment_card", CARD), ("tone", "insult", "idiot"))),
)


class SelfTestError(RuntimeError):
    """The checks cannot load or do not find what they must find; str() is one line."""


def verify_checker(checker: Checker) -> int:
    """Run every sample through ``checker``; return how many expected findings were verified.

    The insult's span may include neighbouring words ("Eres un idiota"), so it must contain
    the expected text; the card's span must be exactly the card number.
    """
    verified = 0
    for sample in SAMPLES:
        try:
            report = checker.check(sample.text, lang=sample.lang)
        except Exception as error:  # a broken pipeline: say which language and why
            raise SelfTestError(
                f"the {sample.lang} checks failed on the sample reply: "
                f"{type(error).__name__}: {error}") from error
        found = [(f.check, f.kind, f.text) for f in report.findings]
        for check, kind, text in sample.expected:
            exact = kind == "payment_card"
            if not any(c == check and k == kind and (t == text if exact else text in t)
                       for c, k, t in found):
                seen = ", ".join(f"{c}.{k} «{t}»" for c, k, t in found) or "nothing"
                raise SelfTestError(
                    f"the {sample.lang} checks did not find {check}.{kind} «{text}» in "
                    f"{sample.text!r}; found: {seen}")
            verified += 1
    return verified


def run_checks_self_test() -> dict[str, float]:
    """Load a fresh Checker (from the shipped models) and verify it; figures as a dict."""
    started = time.perf_counter()
    try:
        from deskreply.checks import Checker

        checker = Checker(ui_lang="en", raise_errors=True)
        for sample in SAMPLES:
            checker.pipeline(sample.lang)
    except Exception as error:
        raise SelfTestError(
            f"the checks could not be loaded: {type(error).__name__}: {error}") from error
    loaded = time.perf_counter()
    verified = verify_checker(checker)
    return {"checks_load_s": round(loaded - started, 3),
            "checks_run_ms": round((time.perf_counter() - loaded) * 1000, 1),
            "verified_findings": verified}


def main() -> int:
    try:
        figures = run_checks_self_test()
    except SelfTestError as error:
        print(f"self-test FAILED: {error}", file=sys.stderr)
        return 1
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
