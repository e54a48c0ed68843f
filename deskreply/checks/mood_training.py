"""Build time only: train the mood classifier on ``resources/training/incoming/`` and choose
the scores at which it overrules the cues (:class:`~deskreply.checks.mood_model.UpsetClassifier`).

Same recipe as the tone model (:mod:`deskreply.checks.tone.training`: seeded, one thread, one
order), one label. ``upset_at`` comes from cross-validation by message (``folds`` folds, a
message's fold fixed by its id): each fold is scored by a model trained without it, and
``upset_at`` is the lowest score at which at most ``calm_false_alarm_budget`` of the pooled
calm messages pass (never below ``threshold_floor``). ``calm_below`` is the config's: chosen
once on the same pooled scores (resources/training/README.md has the table). The shipped
model is then trained on every message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from deskreply.checks.mood_model import MOOD_MODEL_PIPE, UPSET, upset_score
from deskreply.checks.tone.training import fold_of, load_config, train

INCOMING_DIR = ("training", "incoming")


def mood_config(resources: Path) -> dict[str, Any]:
    """The tone model's training settings with the ``mood`` section's overrides."""
    config = load_config(resources)
    return {**config, **config["mood"]}


def load_incoming(resources: Path, lang: str) -> list[dict[str, Any]]:
    """Every labelled incoming message of ``lang``, in file then line order."""
    folder = resources.joinpath(*INCOMING_DIR)
    records: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record["lang"] == lang:
                    records.append(record)
    return records


def upset_cats(record: dict[str, Any]) -> dict[str, float]:
    return {UPSET: float(bool(record["upset"]))}


def add_mood_pipe(nlp: Language, config: dict[str, Any]) -> Any:
    textcat: Any = nlp.add_pipe("textcat_multilabel", name=MOOD_MODEL_PIPE,
                                config={"model": config["model"], "threshold": 0.5})
    textcat.add_label(UPSET)
    return textcat


def train_mood(nlp: Language, records: list[dict[str, Any]], config: dict[str, Any]) -> None:
    train(nlp, records, config, pipe=MOOD_MODEL_PIPE, cats=upset_cats)


def choose_threshold(scores: list[float | None], records: list[dict[str, Any]],
                     config: dict[str, Any]) -> float:
    """Just above the score of the calm message ranked ``budget × calm`` from the top."""
    calm = sorted((s or 0.0 for s, r in zip(scores, records, strict=True) if not r["upset"]),
                  reverse=True)
    allowed = int(config["calm_false_alarm_budget"] * len(calm))
    above = calm[allowed] if allowed < len(calm) else 0.0
    return round(max(config["threshold_floor"], min(0.999, above + 1e-4)), 4)


def cross_validated_scores(resources: Path, lang: str, config: dict[str, Any]
                           ) -> tuple[list[float | None], list[dict[str, Any]]]:
    """Each message's score from a model trained without its fold, and the messages."""
    records = load_incoming(resources, lang)
    folds = config["folds"]
    scores: list[float | None] = []
    scored: list[dict[str, Any]] = []
    for held in range(folds):
        probe = spacy.blank(lang)
        textcat = add_mood_pipe(probe, config)
        train_mood(probe, [r for r in records if fold_of(r, folds, key="id") != held], config)
        held_out = [r for r in records if fold_of(r, folds, key="id") == held]
        scores.extend(upset_score(textcat.model, r["text"]) for r in held_out)
        scored.extend(held_out)
    return scores, scored


def train_mood_model(nlp: Language, resources: Path, lang: str) -> dict[str, float]:
    """Add the mood classifier to ``nlp``, trained on every message; return the mood
    reader's config (``upset_at``, ``calm_below``)."""
    config = mood_config(resources)
    scores, scored = cross_validated_scores(resources, lang, config)
    upset_at = choose_threshold(scores, scored, config)
    add_mood_pipe(nlp, config)
    train_mood(nlp, load_incoming(resources, lang), config)
    return {"upset_at": upset_at, "calm_below": config["calm_below"]}
