"""Properties of the sensitive check on any input: no exception, exact offsets, linear time."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskreply.checks.engine import Checker

CheckerFactory = Callable[..., Checker]

# Characters that exercise every detector: digits and separators, letters of ids and tokens,
# cue words, quotes, "@", "+", parentheses, accents, emoji and odd Unicode.
_PIECES = st.sampled_from(
    [
        *"0123456789",
        *" -./()+@#:=_*\n\t\"'«»",
        *"aAbBeEsSkKxXzZñÑéÍ€$İß👍\u00a0\u2013",
        "4111 1111 1111 1111",
        "ES91 2100 0418 4502 0005 1332",
        "DNI ",
        "CUIT ",
        "contraseña es ",
        "PIN: ",
        "code ",
        "pedido ",
        "+34 ",
        "eyJ",
        "AKIA",
        "ghp_",
        "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----",
        "@gmail.com",
        "ana.",
        "C.C. ",
        "SSN ",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


@pytest.fixture(scope="module")
def checker(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("es")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXTS, lang=st.sampled_from(["es", "en"]))
def test_never_raises_and_offsets_are_exact(checker: Checker, text: str, lang: str) -> None:
    report = checker.check(text, lang=lang)
    spans = []
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.text == finding.text.strip() or finding.kind == "secret_token"
        spans.append((finding.start, finding.end))
    sensitive = sorted((f.start, f.end) for f in report.findings if f.check == "sensitive")
    for (_s1, e1), (s2, _e2) in itertools.pairwise(sensitive):
        assert e1 <= s2, "one value, one finding: sensitive spans never overlap"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_unicode_text(checker: Checker, text: str) -> None:
    for finding in checker.check(text, lang="es").findings:
        assert text[finding.start : finding.end] == finding.text


def _seconds(check: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        check(text)
        best = min(best, time.perf_counter() - start)
    return best


_ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "digits": lambda n: ("4111111111111111" * n)[:n],
    "digit groups": lambda n: ("4111 1111 1111 " * n)[:n],
    "separators": lambda n: ("1-2.3 4/5 " * n)[:n],
    "repeated separators": lambda n: ("1" + "- ." * n)[:n],
    "plus and parentheses": lambda n: ("+(1) " * n)[:n],
    "iban-like": lambda n: ("ES12 " * n)[:n],
    "at signs": lambda n: ("a.b@c.d" * n)[:n],
    "local parts": lambda n: ("abcd" * n)[:n] + "@",
    "jwt-like": lambda n: ("eyJ" * n)[:n],
    "token-like": lambda n: ("ghp_" + "a" * n)[:n],
    "cue words": lambda n: ("contraseña es PIN: code DNI " * n)[:n],
    "pem without end": lambda n: ("-----BEGIN PRIVATE KEY-----\n" + "A" * n)[:n],
    "quotes": lambda n: ('clave: "' * n)[:n],
}


@pytest.mark.parametrize("name", sorted(_ADVERSARIAL))
def test_time_grows_linearly_on_adversarial_input(checker: Checker, name: str) -> None:
    make = _ADVERSARIAL[name]

    def check(text: str) -> object:
        return checker.check(text, lang="es")

    check(make(100))  # warm caches
    small, large = _seconds(check, make(5_000)), _seconds(check, make(20_000))
    # 4x the input may cost at most ~4x the time; 10x leaves room for timer noise.
    assert large < max(small, 0.002) * 10, (name, small, large)
    assert large < 2.0, (name, large)


def test_fifty_kilobytes_of_digits_and_separators_is_fast(checker: Checker) -> None:
    text = ("12 34-56.78 9" * 5000)[:50_000]
    start = time.perf_counter()
    checker.check(text, lang="es")
    assert time.perf_counter() - start < 3.0
