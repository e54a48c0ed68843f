"""The trained tone model inside the pipeline: recall beyond the lexicon, pointing at words."""

from __future__ import annotations

import pytest

from deskreply.checks.request import CheckSettings
from deskreply.checks.tone.model import MODEL_KINDS, MODEL_PIPE, sentence_spans
from deskreply.checks.tone.normalise import tokenize
from tests.checks.conftest import CheckerFactory

LEVELS = ("relaxed", "standard", "strict")


def test_model_is_a_pipe_and_thresholds_live_in_the_pipeline_config(
        checker_factory: CheckerFactory) -> None:
    for lang in ("en", "es"):
        nlp = checker_factory().pipeline(lang)
        assert MODEL_PIPE in nlp.pipe_names
        thresholds = nlp.config["components"]["deskreply_tone"]["thresholds"]
        assert set(thresholds) == set(MODEL_KINDS)
        for kind in MODEL_KINDS:
            relaxed, standard, strict = (thresholds[kind][level] for level in LEVELS)
            assert 0 < strict <= standard <= relaxed < 1, (lang, kind)


@pytest.mark.parametrize(("lang", "text", "kind", "sentence"), [
    ("en", "Hi Ana, thanks for writing. You are a disgrace. Kind regards,", "insult",
     "You are a disgrace."),
    ("es", "Hola Ana. Eres una golfa. Saludos,", "insult", "Eres una golfa."),
])
def test_an_insult_without_a_swear_word_points_at_its_sentence(
        checker_factory: CheckerFactory, lang: str, text: str, kind: str, sentence: str) -> None:
    findings = [f for f in checker_factory().check(text, lang=lang).findings if f.kind == kind]
    assert len(findings) == 1
    finding = findings[0]
    assert text[finding.start:finding.end] == finding.text
    assert finding.text in sentence
    assert "Insults" in finding.message or "Insulta" in finding.message


def test_a_professional_reply_gets_nothing_from_the_model(
        checker_factory: CheckerFactory) -> None:
    text = ("Hello Ruth, I've attached the updated invoice with the corrected VAT number. "
            "The refund may take up to ten working days to appear. Kind regards,")
    assert checker_factory().check(text, lang="en").findings == ()


def test_strict_reports_at_least_what_standard_reports(checker_factory: CheckerFactory) -> None:
    text = "Like I said before, the voucher has expired. It's all in the FAQ."
    found = {level: {f.kind for f in checker_factory(
        settings=CheckSettings(sensitivity=level)).check(text, lang="en").findings}
        for level in LEVELS}
    assert found["relaxed"] <= found["standard"] <= found["strict"]


def test_sentences_do_not_split_inside_abbreviations_or_addresses() -> None:
    text = "Write to soporte@example.com today. Orders to the U.S. take 5 days!\nThanks"
    tokens = tokenize(text)
    pieces = [text[tokens[a].start:tokens[b - 1].end] for a, b in sentence_spans(text, tokens)]
    assert pieces == ["Write to soporte@example.com today", "Orders to the U.S. take 5 days",
                      "Thanks"]


def test_scores_of_unchanged_sentences_are_reused_with_the_same_result(
        checker_factory: CheckerFactory) -> None:
    from deskreply.checks.tone.model import model_pipe, sentence_scores

    checker = checker_factory()
    model = model_pipe(checker.pipeline("en")).model
    text = "Thanks for waiting. Like I said before, the voucher has expired. Kind regards"
    tokens = tokenize(text)
    cache: dict = {}
    spans, fresh = sentence_scores(model, text, tokens)
    again_spans, cached = sentence_scores(model, text, tokens, cache)
    assert spans == again_spans and len(cache) == len(spans)
    _, reused = sentence_scores(model, text, tokens, cache)
    assert (abs(fresh - cached) < 1e-6).all() and (abs(reused - cached) < 1e-6).all()


def test_a_full_cache_is_cleared_without_losing_the_draft_it_is_scoring(
        checker_factory: CheckerFactory) -> None:
    # Seen over the probe set: once the cache was full, clearing it dropped the rows of this
    # draft's unchanged sentences and the lookup raised KeyError.
    from deskreply.checks.tone.model import CACHE_SIZE, model_pipe, sentence_scores

    checker = checker_factory()
    model = model_pipe(checker.pipeline("en")).model
    cache: dict = {f"filler sentence number {i}": None for i in range(CACHE_SIZE + 1)}
    first = "Thanks for waiting on this one."
    cache[first] = sentence_scores(model, first, tokenize(first))[1][0]
    text = first + " Like I said before, the voucher has expired."
    spans, scores = sentence_scores(model, text, tokenize(text), cache)
    assert len(spans) == 2 and scores.shape[0] == 2
    assert len(cache) <= 2


def test_the_sentence_being_typed_is_not_judged_half_way(
        checker_factory: CheckerFactory) -> None:
    # Seen in the running app: an apology, then "I've booked an engineer to" mid-typing was
    # reported as an insult.
    typing = ("Hi Oliver, I'm really sorry you've had to write to us three times about "
              "this. I've booked an engineer to")
    assert checker_factory().check(typing, lang="en").findings == ()
    assert checker_factory().check("Estimada clienta, le escribo para", lang="es").findings == ()
    # A finished insult is still found, with or without its full stop.
    assert [f.kind for f in checker_factory().check("You are a disgrace", lang="en").findings
            ] == ["insult"]
