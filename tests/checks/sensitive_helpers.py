"""Helpers shared by the sensitive-check tests: what the real Checker reports, and id values
generated with a validator (python-stdnum) rather than typed in."""

from __future__ import annotations

from collections.abc import Callable

from deskreply.checks.engine import Checker


def sensitive_found(checker: Checker, text: str, lang: str = "es") -> list[tuple[str, str]]:
    """(kind, text) of every sensitive finding; each finding's offsets must cut its text."""
    report = checker.check(text, lang=lang)
    for f in report.findings:
        assert text[f.start : f.end] == f.text
    return [(f.kind, f.text) for f in report.findings if f.check == "sensitive"]


def valid_value(prefix: str, width: int, check: Callable[[str], bool]) -> str:
    """The first number of ``width`` digits starting with ``prefix`` that ``check`` accepts."""
    for n in range(10 ** (width - len(prefix))):
        value = prefix + str(n).zfill(width - len(prefix))
        if check(value):
            return value
    raise AssertionError("no valid value")


def wrong_check(value: str, check: Callable[[str], bool]) -> str:
    """``value`` with its last digit changed so that ``check`` fails."""
    for digit in "0123456789":
        candidate = value[:-1] + digit
        if not check(candidate):
            return candidate
    raise AssertionError("every last digit verifies")
