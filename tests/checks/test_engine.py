"""The engine's own duties: language, verdict, settings, offsets, robustness."""

from __future__ import annotations

from dataclasses import replace

import pytest

from deskreply.checks import CheckSettings, Report
from deskreply.checks.language import detect_language
from deskreply.checks.report import Finding, Fix
from tests.checks.conftest import CheckerFactory

CARD = "4111 1111 1111 1111"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hola, ¿me pueden decir dónde está mi pedido?", "es"),
        ("Buenas tardes, gracias por la paciencia", "es"),
        ("Hi, where is my order? It was due yesterday.", "en"),
        ("Thanks so much, have a nice day", "en"),
        ("Perdón", "es"),
    ],
)
def test_detects_spanish_and_english(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_language_without_evidence_falls_back() -> None:
    assert detect_language("12345 !!!", fallback="es") == "es"
    assert detect_language("", fallback="en") == "en"


def test_report_carries_detected_language_and_verdict(checker_factory: CheckerFactory) -> None:
    checker = checker_factory()
    report = checker.check(f"Hola, mi tarjeta es {CARD}, gracias")
    assert report.lang == "es"
    assert report.verdict == "block"
    finding = next(f for f in report.findings if f.kind == "payment_card")
    assert report.findings[0].start <= finding.start
    assert f"Hola, mi tarjeta es {CARD}, gracias"[finding.start:finding.end] == CARD


def test_clean_text_is_ok(checker_factory: CheckerFactory) -> None:
    report = checker_factory().check("Your order ships tomorrow. Thanks for waiting!", lang="en")
    assert report.verdict == "ok"
    assert report.to_dict()["findings"] == []


def test_ignored_kind_is_not_reported(checker_factory: CheckerFactory) -> None:
    text = f"Card {CARD} and mail ana.perez@example.com"
    settings = CheckSettings(ignored_kinds=frozenset({"sensitive.email"}))
    kinds = {f.kind for f in checker_factory(settings=settings).check(text, lang="en").findings}
    assert "email" not in kinds
    assert "payment_card" in kinds


def test_severity_override_changes_the_verdict(checker_factory: CheckerFactory) -> None:
    text = "Write to ana.perez@example.com"
    assert checker_factory().check(text, lang="en").verdict == "ok"  # email is info
    raised = CheckSettings(severity_overrides={"email": "warning"})
    assert checker_factory(settings=raised).check(text, lang="en").verdict == "review"


def test_ignored_word_is_compared_without_case_or_accents(
    checker_factory: CheckerFactory,
) -> None:
    text = "Escríbanos a Soporte@Example.com"
    settings = CheckSettings(ignored_words=frozenset({"soporte@example.com"}))
    assert checker_factory(settings=settings).check(text, lang="es").findings == ()


def test_messages_follow_the_ui_language(checker_factory: CheckerFactory) -> None:
    english = checker_factory("en").check(f"tarjeta {CARD}", lang="es").findings[0].message
    spanish = checker_factory("es").check(f"tarjeta {CARD}", lang="es").findings[0].message
    assert english != spanish


def test_verdict_is_the_worst_severity() -> None:
    base = Finding("tone", "x", 0, 1, "a", "info", "m", (Fix("l", ""),))
    assert Report("en", (base,)).verdict == "ok"
    assert Report("en", (base, replace(base, severity="warning"))).verdict == "review"
    assert Report("en", (replace(base, severity="block"),)).verdict == "block"


@pytest.mark.parametrize(
    "text",
    ["", " ", "\u200b\u200b", "\u202e" + "مرحبا" * 50, "🙂" * 500, "!" * 5000, "\x00\x01\x02"],
)
def test_strange_input_never_raises(checker_factory: CheckerFactory, text: str) -> None:
    report = checker_factory().check(text)
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text
