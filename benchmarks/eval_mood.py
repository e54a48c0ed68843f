"""How well the checks tell an upset customer from a calm one, read from the incoming message.

Usage: python benchmarks/eval_mood.py [--errors]

Three readers are measured on every incoming message, each as a user meets it:
* ``mood``: the mood component's verdict (``Mood.upset``: complaint, anger or misfortune);
* ``emoji``: does the emoji check flag 😂 in the reply "Ok 😂" (laughing at an upset customer)?
* ``no_empathy``: does the tone check report no_empathy on the reply "Ok."?

Sets: ``incoming_training`` (resources/training/incoming/, the material the cues are written
against and the classifier is trained on; ``--errors`` prints its misreadings) and
``incoming_probe`` (resources/probes/incoming/, written before the mood reader was run on it;
only its figures are printed, never its messages). Each figure: precision and recall of
"upset", and the share of calm messages read as upset.

``incoming_cv`` (skipped with ``--no-cv``) cross-validates the classifier on the training
messages: each fold is read by a classifier trained without it, at the thresholds the build
chooses from those same pooled scores, alone (``model``: upset at or above ``upset_at``) and
overruling the cues as the app does (``mood``; the cues were written against these messages,
so that figure is flattered by them). The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from deskreply.checks import Checker  # noqa: E402
from deskreply.checks.mood import MoodReader  # noqa: E402
from deskreply.checks.mood_model import UpsetClassifier  # noqa: E402
from deskreply.checks.mood_training import (  # noqa: E402
    choose_threshold,
    cross_validated_scores,
    mood_config,
)
from deskreply.checks.request import CheckContext  # noqa: E402

TRAINING = ROOT / "resources" / "training" / "incoming"
PROBE = ROOT / "resources" / "probes" / "incoming" / "probe.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def mood_upset(checker: Checker, record: dict[str, Any]) -> bool:
    nlp = checker.pipeline(record["lang"])
    component = nlp.get_pipe("deskreply_mood")
    return bool(component.reader.read(record["text"]).upset)


def emoji_upset(checker: Checker, record: dict[str, Any]) -> bool:
    report = checker.check("Ok 😂", lang=record["lang"],
                           context=CheckContext(incoming=record["text"]))
    return any(f.check == "emoji" and f.kind == "risky_emoji" for f in report.findings)


def empathy_upset(checker: Checker, record: dict[str, Any]) -> bool:
    report = checker.check("Ok.", lang=record["lang"],
                           context=CheckContext(incoming=record["text"]))
    return any(f.kind == "no_empathy" for f in report.findings)


READERS: dict[str, Callable[[Checker, dict[str, Any]], bool]] = {
    "mood": mood_upset,
    "emoji": emoji_upset,
    "no_empathy": empathy_upset,
}


def score(checker: Checker, records: list[dict[str, Any]], reader: str,
          errors: list[str] | None) -> dict[str, Any]:
    read = READERS[reader]
    said = [read(checker, record) for record in records]
    if errors is not None:
        errors.extend(f"{reader} {'MISS' if record['upset'] else 'FALSE'} {record['id']} "
                      f"«{record['text'][:150]}»"
                      for verdict, record in zip(said, records, strict=True)
                      if verdict != bool(record["upset"]))
    return figures(said, records)


def figures(said: list[bool], records: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [bool(r["upset"]) for r in records]
    tp = sum(s and g for s, g in zip(said, gold, strict=True))
    fp = sum(s and not g for s, g in zip(said, gold, strict=True))
    upset, calm = sum(gold), len(gold) - sum(gold)
    return {"precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall": round(tp / upset, 4) if upset else 0.0,
            "calm_read_as_upset": round(fp / calm, 4) if calm else 0.0,
            "upset": upset, "calm": calm}


def cross_validated(checker: Checker, lang: str) -> dict[str, Any]:
    config = mood_config(ROOT / "resources")
    scores, records = cross_validated_scores(ROOT / "resources", lang, config)
    upset_at = choose_threshold(scores, records, config)
    held_out = {r["text"]: score for score, r in zip(scores, records, strict=True)}
    # The app's reader, with each message's held-out score in place of the shipped model's.
    classifier = UpsetClassifier(held_out.get, upset_at, config["calm_below"])
    reader = MoodReader(checker.pipeline(lang).get_pipe("deskreply_mood").data, classifier)
    model = [(score or 0.0) >= upset_at for score in scores]
    mood = [reader.read(r["text"]).upset for r in records]
    return {"model": figures(model, records), "mood": figures(mood, records),
            "upset_at": upset_at, "calm_below": config["calm_below"]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true",
                        help="print the training set's misreadings (never the probe's)")
    parser.add_argument("--no-cv", action="store_true",
                        help="skip cross-validating the classifier (about a minute)")
    args = parser.parse_args(argv)
    checker = Checker(ui_lang="en")
    sets = {"incoming_training": [r for path in sorted(TRAINING.glob("*.jsonl"))
                                  for r in read_jsonl(path)]}
    if PROBE.exists():
        sets["incoming_probe"] = read_jsonl(PROBE)
    summary: dict[str, Any] = {}
    for name, records in sets.items():
        errors: list[str] | None = [] if args.errors and name == "incoming_training" else None
        summary[name] = {}
        for lang in ("es", "en"):
            subset = [r for r in records if r["lang"] == lang]
            summary[name][lang] = {reader: score(checker, subset, reader, errors)
                                   for reader in READERS}
        print(f"== {name} ({len(records)} messages)")
        for lang, figures in summary[name].items():
            for reader, values in figures.items():
                print(f"  {lang} {reader:10} P {values['precision']:.3f}  R {values['recall']:.3f}"
                      f"  calm read as upset {values['calm_read_as_upset']:.3f}"
                      f"  ({values['upset']} upset, {values['calm']} calm)")
        for line in errors or []:
            print("   ", line)
    if not args.no_cv:
        summary["incoming_cv"] = {lang: cross_validated(checker, lang) for lang in ("es", "en")}
        print("== incoming_cv (classifier trained without each fold)")
        for lang, result in summary["incoming_cv"].items():
            for reader in ("model", "mood"):
                values = result[reader]
                print(f"  {lang} {reader:10} P {values['precision']:.3f}  R {values['recall']:.3f}"
                      f"  calm read as upset {values['calm_read_as_upset']:.3f}"
                      f"  (upset at {result['upset_at']}, calm below {result['calm_below']})")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
