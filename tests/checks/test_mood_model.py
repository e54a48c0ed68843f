"""The trained mood classifier: how it overrules the cues, how its threshold is chosen, and
what it changes for a user (the emoji and no_empathy checks on a reply)."""

from __future__ import annotations

import pytest
import srsly

from deskreply.checks.mood import MoodReader
from deskreply.checks.mood_model import (
    MOOD_MODEL_PIPE,
    UPSET,
    UpsetClassifier,
    mood_model,
    upset_score,
)
from deskreply.checks.mood_training import choose_threshold
from deskreply.checks.request import CheckContext
from deskreply.paths import PROJECT_ROOT
from tests.checks.conftest import CheckerFactory

CUES = dict(srsly.read_json(PROJECT_ROOT / "resources/lexicons/tone/mood.json"))


def reader_scoring(score: float | None) -> MoodReader:
    return MoodReader(CUES, UpsetClassifier(lambda _text: score, upset_at=0.8, calm_below=0.2))


def test_a_sure_score_makes_a_customer_upset_that_the_cues_call_calm() -> None:
    text = "The blouse that came is an M and I ordered an S"
    assert not MoodReader(CUES).read(text).upset
    mood = reader_scoring(0.9).read(text)
    assert mood.upset and UPSET in mood.labels


def test_a_sure_calm_score_drops_the_cues_complaint_and_keeps_the_rest() -> None:
    text = "Complaint: your brownies ruined my diet, what time do you open?"
    assert MoodReader(CUES).read(text).upset
    mood = reader_scoring(0.05).read(text)
    assert not mood.upset
    assert "question" in mood.labels


def test_between_the_thresholds_and_on_a_message_too_short_to_score_the_cues_decide() -> None:
    complaint = "My parcel arrived broken and nobody answers"
    assert reader_scoring(0.5).read(complaint).upset
    assert reader_scoring(None).read(complaint).upset
    assert not reader_scoring(0.5).read("What time do you open?").upset
    # A classifier that already agrees adds no label of its own.
    assert UPSET not in reader_scoring(0.95).read(complaint).labels


def test_the_threshold_lets_through_the_budgeted_share_of_calm_messages() -> None:
    records = [{"upset": False}] * 100 + [{"upset": True}] * 10
    scores: list[float | None] = [i / 100 for i in range(100)] + [0.99] * 10
    config = {"calm_false_alarm_budget": 0.02, "threshold_floor": 0.5}
    threshold = choose_threshold(scores, records, config)
    calm_passing = sum(s is not None and s >= threshold for s in scores[:100])
    assert calm_passing == 2
    assert choose_threshold(scores, records, {**config, "threshold_floor": 0.995}) == 0.995


def test_the_shipped_pipelines_carry_the_classifier_and_its_thresholds(
        checker_factory: CheckerFactory) -> None:
    for lang in ("es", "en"):
        nlp = checker_factory().pipeline(lang)
        assert MOOD_MODEL_PIPE in nlp.pipe_names
        reader = nlp.get_pipe("deskreply_mood")
        assert 0.5 <= reader.upset_at < 1.0
        assert 0.0 < reader.calm_below < reader.upset_at
        model = mood_model(nlp)
        assert model is not None
        assert upset_score(model, "ok") is None  # too short: the cues decide


# Written for this test (not in the training material): problems told without a word the
# cues know, and calm messages that use problem words.
QUIET_COMPLAINTS = [
    ("en", "Hi, the jumper I got is a size 8 but I'd picked a 12 on the website"),
    ("es", "Buenas, el pantalón que me llegó es talla 42 y yo marqué la 38 en la web"),
]


@pytest.mark.parametrize(("lang", "incoming"), QUIET_COMPLAINTS)
def test_laughing_at_a_quiet_complaint_is_flagged_through_the_classifier(
        checker_factory: CheckerFactory, lang: str, incoming: str) -> None:
    checker = checker_factory()
    nlp = checker.pipeline(lang)
    assert not MoodReader(nlp.get_pipe("deskreply_mood").data).read(incoming).upset
    report = checker.check("Ok 😂", lang=lang, context=CheckContext(incoming=incoming))
    assert [f.kind for f in report.findings if f.check == "emoji"] == ["risky_emoji"]
