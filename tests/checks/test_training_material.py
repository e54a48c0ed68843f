"""The tone training material is our own: plenty of it, every kind covered, no dev copies."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from deskreply.checks.tone.model import MODEL_KINDS
from deskreply.checks.tone.training import fragment_examples, read_fragments
from deskreply.paths import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "resources"
TRAINING = RESOURCES / "training" / "tone.jsonl"
PROBE = RESOURCES / "probes" / "tone" / "probe.jsonl"
DEV = Path(os.environ.get("DESKREPLY_EVAL_DIR", PROJECT_ROOT.parent / "shared" / "eval" / "dev"))
ALL_KINDS = (*MODEL_KINDS, "too_informal", "profanity", "shouting", "formality_mismatch",
             "wrong_name", "no_empathy")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_enough_labelled_replies_in_both_languages() -> None:
    records = read_jsonl(TRAINING)
    assert len(records) >= 4000
    langs = Counter(r["lang"] for r in records)
    assert langs["es"] >= 1500 and langs["en"] >= 1500
    kinds = Counter(k for r in records for k in r["kinds"])
    for kind in ALL_KINDS:
        assert kinds[kind] >= 150, kind
    assert sum(1 for r in records if not r["kinds"]) >= 1500


def test_every_model_kind_has_many_different_hand_written_sentences() -> None:
    for lang in ("en", "es"):
        fragments = read_fragments(RESOURCES, lang)
        for kind in MODEL_KINDS:
            assert len(set(fragments[kind])) >= 60, (lang, kind)
        assert len(set(fragments["ok"])) >= 120, lang


def test_hard_negatives_are_in_the_ok_material() -> None:
    ok = " ".join(r["text"] for r in read_jsonl(TRAINING) if not r["kinds"])
    for phrase in ("Thanks for your patience", "so we can assist you better", "U.S.",
                   "third time", "^JK", "Gracias por su paciencia", "EE. UU."):
        assert phrase in ok, phrase


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", letters))


def _grams(text: str, n: int = 4) -> set[str]:
    folded = _fold(text)
    return {folded[i:i + n] for i in range(len(folded) - n + 1)}


@pytest.mark.skipif(not (DEV / "tone.jsonl").exists(), reason="no dev set on this machine")
def test_no_training_or_probe_text_is_a_near_copy_of_a_dev_message() -> None:
    """Character 4-gram containment: a hand-written sentence (or probe reply) whose grams are
    85 % inside one dev message is a near-copy. Dev texts are read only to compute this; a
    failure names our sentence and the dev id, never the dev text."""
    dev = [(r["id"], _grams(r["text"])) for r in read_jsonl(DEV / "tone.jsonl")]
    index: dict[str, list[int]] = defaultdict(list)
    for row, (_id, grams) in enumerate(dev):
        for gram in grams:
            index[gram].append(row)
    ours = [e["text"] for lang in ("en", "es") for e in fragment_examples(RESOURCES, lang)]
    ours += [r["text"] for r in read_jsonl(PROBE)]
    copies = []
    for text in set(ours):
        grams = _grams(text)
        if len(grams) < 20:  # too short to be a copy of anything ("Ok.", "Noted.")
            continue
        hits: Counter[int] = Counter()
        for gram in grams:
            hits.update(index.get(gram, ()))
        for row, shared in hits.items():
            if shared / len(grams) >= 0.85:
                copies.append((text, dev[row][0]))
    assert copies == []


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _fold(text))


OUR_MATERIAL = [
    PROJECT_ROOT / "resources" / "training" / "fragments" / "en.txt",
    PROJECT_ROOT / "resources" / "training" / "fragments" / "es.txt",
    PROJECT_ROOT / "resources" / "probes" / "tone" / "probe.jsonl",
    PROJECT_ROOT / "resources" / "probes" / "professional" / "fragments.txt",
    PROJECT_ROOT / "resources" / "probes" / "sensitive" / "probes.jsonl",
    PROJECT_ROOT / "resources" / "probes" / "emoji" / "probe.jsonl",
    PROJECT_ROOT / "resources" / "probes" / "sensitive" / "wide" / "wide.jsonl",
    *sorted((PROJECT_ROOT / "resources" / "training" / "incoming").glob("*.jsonl")),
    PROJECT_ROOT / "resources" / "probes" / "incoming" / "probe.jsonl",
    # the composed replies too: joining a greeting, a line and a closing can make a run
    TRAINING,
]
# Five words: even a shared stock phrase ("I've added a note to your file. Let me know")
# makes a training line or a probe reply look like a dev message.
RUN = 5


@pytest.mark.skipif(not (DEV / "tone.jsonl").exists(), reason="no dev set on this machine")
def test_no_line_of_our_material_shares_a_five_word_run_with_a_dev_message() -> None:
    """A sentence shaped after a dev message scores well on dev and says nothing about real
    replies. Dev texts are only read to compute this; a failure names our line and dev id."""
    runs: dict[tuple[str, ...], str] = {}
    for name in ("tone.jsonl", "emoji.jsonl", "sensitive.jsonl"):
        for record in read_jsonl(DEV / name):
            words = _words(record["text"])
            for i in range(len(words) - RUN + 1):
                runs.setdefault(tuple(words[i:i + RUN]), record["id"])
    shaped: list[str] = []
    for path in OUR_MATERIAL:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            words = _words(line)
            hit = next((runs[tuple(words[i:i + RUN])] for i in range(len(words) - RUN + 1)
                        if tuple(words[i:i + RUN]) in runs), None)
            if hit is not None:
                shaped.append(f"{path.name}:{number} ~ dev {hit}")
    assert shaped == []


def test_no_incoming_training_message_shares_a_five_word_run_with_the_incoming_probe() -> None:
    """The mood classifier learns from the training messages; one shaped like a probe message
    would flatter the probe. Probe texts are only read to compute this; a failure names our id."""
    probe = PROJECT_ROOT / "resources" / "probes" / "incoming" / "probe.jsonl"
    runs: set[tuple[str, ...]] = set()
    for record in read_jsonl(probe):
        words = _words(record["text"])
        runs.update(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))
    folder = PROJECT_ROOT / "resources" / "training" / "incoming"
    shared = [record["id"]
              for path in sorted(folder.glob("*.jsonl"))
              for record in read_jsonl(path)
              if any(tuple(_words(record["text"])[i:i + RUN]) in runs
                     for i in range(len(_words(record["text"])) - RUN + 1))]
    assert shared == []
