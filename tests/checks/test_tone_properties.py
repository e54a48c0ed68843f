"""Tone check robustness: never raises on odd input and stays linear on long adversarial text."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskreply.checks.component import FINDINGS_ATTR, REQUEST_ATTR
from deskreply.checks.doc import make_doc
from deskreply.checks.engine import Checker
from deskreply.checks.report import Finding
from deskreply.checks.request import CheckContext, CheckRequest
from deskreply.checks.tone.lexicon import PhraseMatcher
from deskreply.checks.tone.normalise import fold, join_spaced, squeeze, tokenize
from tests.checks.conftest import CheckerFactory

ODD_ALPHABET = st.sampled_from(
    [*"aAjJ ¡!¿?*#@$.,\n\t-_'’0134", "\u200b", "\u200d", "\u202e", "\ufeff", "ש", "ع",
     "😀", "\u0301", "\u0000", "İ", "ß"]
)


@pytest.fixture(scope="module")
def checker(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("en")


@pytest.fixture(scope="module")
def run_tone(checker: Checker) -> Callable[[str, str], list[Finding]]:
    """Run only the tone component on ``text`` (what the timing tests measure)."""

    def run(text: str, lang: str) -> list[Finding]:
        nlp = checker.pipeline(lang)
        component = nlp.get_pipe("deskreply_tone")
        doc = make_doc(nlp, text)
        doc._.set(REQUEST_ATTR, CheckRequest(
            lang=lang, ui_lang="en",
            context=CheckContext(incoming="¡¡ESTOY HARTA!! nadie me responde", contact_name="Ana"),
        ))
        doc._.set(FINDINGS_ATTR, [])
        component(doc)
        return list(doc._.get(FINDINGS_ATTR))

    return run


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(ODD_ALPHABET, max_size=300), lang=st.sampled_from(["es", "en"]),
       incoming=st.none() | st.text(ODD_ALPHABET, max_size=80),
       name=st.none() | st.text(ODD_ALPHABET, max_size=20))
def test_never_raises_and_spans_are_exact(
    checker: Checker, text: str, lang: str, incoming: str | None, name: str | None
) -> None:
    report = checker.check(text, lang=lang, context=CheckContext(incoming=incoming,
                                                                 contact_name=name))
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_tokenizes_with_exact_offsets(text: str) -> None:
    for token in tokenize(text):
        assert text[token.start:token.end] == token.raw
    assert squeeze(squeeze(text)) == squeeze(text)
    assert fold(text) == fold(fold(text))


ADVERSARIAL = {
    "one letter": lambda n: "a" * n,
    "one caps letter": lambda n: "A" * n,
    "laughter": lambda n: "ja" * (n // 2),
    "caps words": lambda n: "NO " * (n // 3),
    "punctuation only": lambda n: "!?¿¡.*#" * (n // 7),
    "rtl": lambda n: "שלום עולם مرحبا " * (n // 16),
    "zero width": lambda n: "m\u200bi\u200be\u200br\u200bd\u200ba " * (n // 12),
    "spaced letters": lambda n: "m i e r d a " * (n // 12),
    "censored": lambda n: "p*ta f***ing " * (n // 13),
    "phrase starts": lambda n: "como ya le que no es " * (n // 21),
    "names": lambda n: "Hola Juan, gracias, Pedro. " * (n // 27),
}


@pytest.mark.parametrize("make", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_linear_time_on_50_kb(run_tone: Callable[[str, str], list[Finding]],
                              make: Callable[[int], str]) -> None:
    def best_of(text: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            run_tone(text, "es")
            times.append(time.perf_counter() - start)
        return min(times)

    small, big = make(5_000), make(50_000)
    run_tone(small, "es")  # warm caches
    t_small, t_big = best_of(small), best_of(big)
    assert t_big < 2.0, f"50 kB took {t_big:.2f}s"
    # Ten times the text may cost at most ~25x (linear plus noise), never quadratic (100x).
    assert t_big < 25 * max(t_small, 0.002), (t_small, t_big)


def test_phrase_patterns_support_options_alternatives_and_multiword() -> None:
    matcher = PhraseMatcher([{"kind": "passive_aggressive",
                              "patterns": ["como ya? le|te|se_lo expliqué|dije"]}])
    for text in ("como le dije", "como ya te expliqué", "Como ya se lo dije", "COMO LE DIJE"):
        norms = [t.norm for t in tokenize(text)]
        assert [(m.first, m.last) for m in matcher.find(norms)] == [(0, len(norms))]
    assert matcher.find([t.norm for t in tokenize("como le comentaba")]) == []


def test_spaced_letters_join_only_into_known_words() -> None:
    text = "esto es una m i e r d a y a o e"
    tokens = join_spaced(text, tokenize(text), frozenset({"mierda"}))
    assert [t.raw for t in tokens][3:] == ["m i e r d a", "y", "a", "o", "e"]
    assert tokens[3].norm == "mierda"
