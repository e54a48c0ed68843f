"""Build time only: train the tone model from resources/training/ and choose its thresholds.

One command rebuilds everything (``python scripts/build_models.py``); this module is what it
runs for the model. Seeded and single-threaded, so the same material gives the same bytes.

* The model reads one sentence at a time, so it learns from the hand-written sentences of
  ``resources/training/fragments/<lang>.txt``: a sentence of a tone section is an example of
  that kind; greetings, neutral lines, closings, signatures, ``ok`` sentences (the hard
  negatives), curt lines and the rule-only kinds (slang, swearing, shouting) are negatives.
  The composed replies of ``tone.jsonl`` measure the whole check (benchmarks/eval_checks.py).
* The split is by *fragment* (``lang:section:index``, the ``core`` of a composed reply), so a
  sentence used in validation is never seen in training and cross-validation is not
  flattered by copies.
* Thresholds: for each kind and sensitivity, the lowest threshold whose false alarms on the
  validation ``ok`` replies stay within that sensitivity's budget (and not below its floor).
  They are written into the pipeline config of the tone component.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import Adam

from deskreply.checks.tone.model import (
    MODEL_KINDS,
    MODEL_PIPE,
    SENSITIVITIES,
    model_pipe,
    sentence_scores,
)
from deskreply.checks.tone.normalise import tokenize
from deskreply.checks.words import WordsComponent

TRAINING_DIR = ("training",)


def load_config(resources: Path) -> dict[str, Any]:
    return dict(json.loads((resources / "training" / "config.json").read_text("utf-8")))


# Sections whose sentences are negatives for every model kind.
NEGATIVE_SECTIONS = ("ok", "neutral", "greet", "close", "sign", "curt", "empathic",
                     "too_informal", "profanity", "shouting", "usted_reply", "tu_reply")
FILLS = {"name": ["Ana", "Tom", "Lucía", "Sam"], "order": ["#48213", "DL55821"],
         "date": ["Friday", "12/05"], "days": ["3", "5"], "item": ["router", "lamp"],
         "time": ["3pm", "10:30"], "amount": ["$40", "25 €"]}


def read_fragments(resources: Path, lang: str) -> dict[str, list[str]]:
    """``{section: [sentence, ...]}`` from ``fragments/<lang>.txt`` (``## section`` headers)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    path = resources / "training" / "fragments" / f"{lang}.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif line.strip() and not line.startswith("#") and current is not None:
            current.append(line.strip())
    return sections


def fragment_examples(resources: Path, lang: str, copies: int = 2) -> list[dict[str, Any]]:
    """Sentence examples ``{"text", "kinds", "core"}`` from the fragments (``copies`` fills)."""
    out: list[dict[str, Any]] = []
    fragments = read_fragments(resources, lang)
    for section, sentences in fragments.items():
        if section in MODEL_KINDS:
            kinds = [section]
        elif section in NEGATIVE_SECTIONS:
            kinds = []
        else:
            continue  # customer messages (complaints, questions) are not replies
        for index, sentence in enumerate(sentences):
            for copy in range(copies):
                text = sentence
                for key, values in FILLS.items():
                    text = text.replace("{" + key + "}", values[(index + copy) % len(values)])
                out.append({"text": text, "kinds": kinds, "core": f"{lang}:{section}:{index}"})
                if "{" not in sentence:
                    break  # nothing to vary
    return out


def load_records(resources: Path, lang: str | None = None) -> list[dict[str, Any]]:
    path = resources / "training" / "tone.jsonl"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [r for r in records if lang is None or r["lang"] == lang]


def fold_of(record: dict[str, Any], folds: int, key: str = "core") -> int:
    """Which of ``folds`` folds a record belongs to, by its ``key`` (for a composed reply, its
    fragment), stable across runs."""
    digest = hashlib.sha1(record[key].encode("utf-8")).digest()
    return digest[0] % folds


def model_cats(record: dict[str, Any]) -> dict[str, float]:
    kinds = set(record["kinds"])
    return {kind: float(kind in kinds) for kind in MODEL_KINDS}


def add_model_pipe(nlp: Language, config: dict[str, Any]) -> Any:
    textcat: Any = nlp.add_pipe("textcat_multilabel", name=MODEL_PIPE,
                                config={"model": config["model"], "threshold": 0.5})
    for kind in MODEL_KINDS:
        textcat.add_label(kind)
    return textcat


Cats = Callable[[dict[str, Any]], dict[str, float]]


def _examples(nlp: Language, records: Iterable[dict[str, Any]], cats: Cats) -> list[Example]:
    words = WordsComponent(nlp, "words")
    return [Example.from_dict(words(nlp.make_doc(r["text"])), {"cats": cats(r)})
            for r in records]


def train(nlp: Language, records: list[dict[str, Any]], config: dict[str, Any],
          pipe: str = MODEL_PIPE, cats: Cats = model_cats) -> None:
    """Train the ``pipe`` text classifier of ``nlp`` (already added) on ``records``, whose
    labels ``cats`` reads; every other component is left as it is (seeded, one order)."""
    fix_random_seed(config["seed"])
    examples = _examples(nlp, records, cats)
    optimizer = Adam(config["learn_rate"], L2=config["l2"])
    # Initialising only this pipe: nlp.initialize would also reset a model trained before it.
    textcat: Any = nlp.get_pipe(pipe)
    textcat.initialize(lambda: examples, nlp=nlp)
    rng = random.Random(config["seed"])
    others = [name for name in nlp.pipe_names if name != pipe]
    for _epoch in range(config["epochs"]):
        order = examples[:]
        rng.shuffle(order)
        for batch in minibatch(order, size=config["batch_size"]):
            nlp.update(batch, sgd=optimizer, exclude=others)


def scores(nlp: Language, texts: list[str]) -> list[dict[str, float]]:
    """Model scores per kind for each text (words component + model only)."""
    words = WordsComponent(nlp, "words")
    textcat = model_pipe(nlp)
    docs = [words(nlp.make_doc(text)) for text in texts]
    out: list[dict[str, float]] = []
    for doc in textcat.pipe(docs, batch_size=256):
        out.append({k: float(doc.cats.get(k, 0.0)) for k in MODEL_KINDS})
    return out


def choose_thresholds(predicted: list[dict[str, float]], records: list[dict[str, Any]],
                      config: dict[str, Any]) -> dict[str, dict[str, float]]:
    """``{kind: {sensitivity: threshold}}`` from validation scores (see module docstring)."""
    ok_scores = {k: sorted((p[k] for p, r in zip(predicted, records, strict=True)
                            if not r["kinds"]), reverse=True) for k in MODEL_KINDS}
    thresholds: dict[str, dict[str, float]] = {}
    for kind in MODEL_KINDS:
        thresholds[kind] = {}
        ranked = ok_scores[kind]
        for level in SENSITIVITIES:
            allowed = int(config["ok_false_alarm_budget"][level] * len(ranked))
            # Just above the (allowed+1)-th highest ok score: at most `allowed` ok replies pass.
            above = ranked[allowed] if allowed < len(ranked) else 0.0
            threshold = max(config["threshold_floor"][level], min(0.99, above + 1e-4))
            thresholds[kind][level] = round(threshold, 4)
    return thresholds


def reply_scores(nlp: Language, texts: list[str]) -> list[dict[str, float]]:
    """Per kind, the highest sentence score of each reply: what the tone check compares."""
    model = model_pipe(nlp).model
    out: list[dict[str, float]] = []
    for text in texts:
        _spans, table = sentence_scores(model, text, tokenize(text))
        out.append({kind: float(table[:, column].max()) if len(table) else 0.0
                    for column, kind in enumerate(MODEL_KINDS)})
    return out


def train_with_thresholds(nlp: Language, resources: Path, lang: str,
                          exclude_fold: int | None = None) -> dict[str, dict[str, float]]:
    """Choose thresholds by cross-validation, then train ``nlp``'s model on every sentence.

    For each fold (but ``exclude_fold``, which an outer cross-validation holds out), a model
    trained without that fold's sentences scores the composed replies built around them, the
    way the tone check does at run time (best sentence per kind). Thresholds come from those
    pooled out-of-fold scores; the shipped model is then trained, with the same seed and
    settings, on every sentence except ``exclude_fold``.
    """
    config = load_config(resources)
    folds = config["validation_folds"]
    examples = [e for e in fragment_examples(resources, lang)
                if exclude_fold is None or fold_of(e, folds) != exclude_fold]
    replies = [r for r in load_records(resources, lang)
               if exclude_fold is None or fold_of(r, folds) != exclude_fold]
    pooled_scores: list[dict[str, float]] = []
    pooled: list[dict[str, Any]] = []
    for held in range(folds):
        if held == exclude_fold:
            continue
        probe = spacy.blank(lang)
        add_model_pipe(probe, config)
        train(probe, [e for e in examples if fold_of(e, folds) != held], config)
        validation = [r for r in replies if fold_of(r, folds) == held]
        pooled_scores.extend(reply_scores(probe, [r["text"] for r in validation]))
        pooled.extend(validation)
    thresholds = choose_thresholds(pooled_scores, pooled, config)
    add_model_pipe(nlp, config)
    train(nlp, examples, config)
    return thresholds
