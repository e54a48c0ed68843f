"""The emoji resources are consistent, translated, and the check stays fast."""

from __future__ import annotations

import json
import shutil
import statistics
import time
from pathlib import Path

import pytest
import spacy
from babel.messages.pofile import read_po

from deskreply.checks.component import FINDINGS_ATTR, REQUEST_ATTR
from deskreply.checks.emoji import messages
from deskreply.checks.emoji.catalog import RULE_SUMMARIES
from deskreply.checks.emoji.component import EmojiCheck
from deskreply.checks.emoji.table import REASONS, RiskTableError, load_table_data
from deskreply.checks.request import CheckContext, CheckRequest
from deskreply.paths import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "resources"
EXPECTED_REASONS = {
    "innuendo",
    "offensive_gesture",
    "violence",
    "mocking",
    "ambiguous",
    "political_religious",
    "offensive_comparison",
    "skin_tone_comment",
    "combination",
}


def test_every_reason_has_a_row_or_rule() -> None:
    data = load_table_data(RESOURCES)
    assert set(REASONS) == EXPECTED_REASONS
    reasons = {row["reason"] for row in data["entries"]}
    assert reasons == EXPECTED_REASONS - {"combination"}  # combination comes from neighbours
    for row in data["entries"]:
        for alternative in row["alternatives"]:
            assert not any(alt["emoji"] == alternative for alt in data["entries"]), row


def test_a_broken_table_is_reported_at_build_time(tmp_path: Path) -> None:
    shutil.copytree(RESOURCES / "emoji", tmp_path / "emoji")
    table_path = tmp_path / "emoji" / "risk_table.json"
    table = json.loads(table_path.read_text(encoding="utf-8"))
    table["entries"][0]["reason"] = "rude"
    table_path.write_text(json.dumps(table), encoding="utf-8")
    with pytest.raises(RiskTableError, match="unknown reason"):
        load_table_data(tmp_path)


def test_spanish_catalogue_translates_every_message() -> None:
    with (RESOURCES / "locale" / "es" / "LC_MESSAGES" / "emoji.po").open("rb") as handle:
        po = read_po(handle)
    translated = {str(m.id): str(m.string) for m in po if m.id and m.string}
    needed = (
        list(messages.TRIGGER_MESSAGES.values())
        + list(messages.REASON_MESSAGES.values())
        + list(RULE_SUMMARIES.values())
        + [messages.FIX_REPLACE, messages.FIX_REMOVE, messages.FIX_REMOVE_EXTRA]
        + [messages.MAY_NOT_RENDER, messages.TOO_MANY]
    )
    for msgid in needed:
        assert msgid in translated, msgid
        for placeholder in ("{emoji}", "{version}", "{count}", "{limit}"):
            assert (placeholder in msgid) == (placeholder in translated[msgid]), msgid


def _component(lang: str) -> tuple[spacy.language.Language, EmojiCheck]:
    nlp = spacy.blank(lang)
    component = nlp.add_pipe("deskreply_emoji")
    assert isinstance(component, EmojiCheck)
    component.build(RESOURCES)
    return nlp, component


def test_check_is_fast_on_a_300_character_reply() -> None:
    nlp, component = _component("es")
    text = (
        "Hola Marta, gracias por escribirnos 🙂 Ya revisamos el pedido 4471 y salió ayer por la "
        "tarde 📦 El repartidor pasa mañana entre las 9 y las 13 h; si no hay nadie deja aviso y "
        "se puede retirar en la sucursal del centro. Cualquier cosa nos escribe por aquí, "
        "¡que tenga muy buen día! 👍🏽 Saludos del equipo de atención."
    )
    request = CheckRequest("es", "en", CheckContext(incoming="Me llegó la caja rota, qué bronca"))
    plain = text.replace("🙂", "").replace("📦", "").replace("👍🏽", "")

    def timed(draft: str) -> float:
        samples = []
        for _ in range(300):
            doc = nlp.make_doc(draft)
            doc._.set(REQUEST_ATTR, request)
            doc._.set(FINDINGS_ATTR, [])
            started = time.perf_counter()
            component(doc)
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    # The speed target (all checks p50 <= 1.5 ms) is measured by benchmarks/checks.py; here
    # only a guard with room for a loaded CI machine: ten times what it takes here when quiet
    # (0.3 ms with emoji, 0.1 ms without), so a slow path (a scan per emoji) still fails.
    assert timed(text) < 0.003
    assert timed(plain) < 0.001


def test_model_round_trip(tmp_path: Path) -> None:
    nlp, _component_unused = _component("en")
    nlp.to_disk(tmp_path / "en")
    loaded = spacy.load(tmp_path / "en")
    component = loaded.get_pipe("deskreply_emoji")
    assert isinstance(component, EmojiCheck)
    assert component.table.lookup_emoji("🙄") is not None
