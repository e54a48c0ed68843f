"""One registry of checks and kinds, read by the engine, the settings dialog and the tests."""

from __future__ import annotations

import typing

from deskreply.checks import registry
from deskreply.checks.report import CheckName
from deskreply.checks.request import CheckContext
from deskreply.checks.tone.messages import WHY
from tests.checks.conftest import CheckerFactory


def test_check_name_is_the_registry_s() -> None:
    assert set(typing.get_args(CheckName)) == set(registry.CHECK_NAMES)


def test_every_kind_has_one_home_a_label_and_a_spanish_label() -> None:
    names = [kind.name for check in registry.CHECKS for kind in check.kinds]
    assert len(names) == len(set(names))
    for name in names:
        english = registry.label(name, "en")
        spanish = registry.label(name, "es")
        assert english and english != name
        assert spanish and spanish != english, name
    assert registry.label("tone.sarcasm", "es") == "Sarcasmo"
    assert registry.label("made_up", "es") == "made_up"


def test_tone_kinds_with_messages_are_registered() -> None:
    tone = {kind.name for kind in registry.CHECKS[1].kinds}
    assert {k for k in WHY if k not in ("formality_mixed", "extra_word")} <= tone


def test_findings_only_use_registered_checks_and_kinds(checker_factory: CheckerFactory) -> None:
    drafts = [
        ("en", "You idiot, my card is 4111 1111 1111 1111, email me at a@b.co 🍆🍆🍆🍆 {name}",
         "This is broken and I'm furious"),
        ("es", "Hola {nombre}, CALLATE, eres un inútil 😂, mi DNI es 12345678Z", None),
    ]
    for lang, text, incoming in drafts:
        report = checker_factory().check(text, lang=lang, context=CheckContext(incoming=incoming))
        assert report.findings
        for finding in report.findings:
            assert registry.check_of(finding.kind) == finding.check, finding
