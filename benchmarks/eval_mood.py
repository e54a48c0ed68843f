"""How well the checks tell an upset customer from a calm one, read from the incoming message.

Usage: python benchmarks/eval_mood.py [--errors]

Three readers are measured on every incoming message, each as a user meets it:
* ``mood``: the mood component's verdict (``Mood.upset``: complaint, anger or misfortune);
* ``emoji``: does the emoji check flag 😂 in the reply "Ok 😂" (laughing at an upset customer)?
* ``no_empathy``: does the tone check report no_empathy on the reply "Ok."?

Sets: ``incoming_training`` (resources/training/incoming/, the material the cues are written
against; ``--errors`` prints its misreadings) and ``incoming_probe`` (resources/probes/incoming/,
written before the mood reader was run on it; only its figures are printed, never its
messages). Each figure: precision and recall of "upset", and the share of calm messages read
as upset. The last line is one JSON object with every figure.
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
    tp = fp = fn = calm = 0
    for record in records:
        said = read(checker, record)
        gold = bool(record["upset"])
        tp += said and gold
        fp += said and not gold
        fn += gold and not said
        calm += not gold
        if errors is not None and said != gold:
            errors.append(f"{reader} {'MISS' if gold else 'FALSE'} {record['id']} "
                          f"«{record['text'][:150]}»")
    upset = tp + fn
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / upset, 4) if upset else 0.0,
        "calm_read_as_upset": round(fp / calm, 4) if calm else 0.0,
        "upset": upset,
        "calm": calm,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true",
                        help="print the training set's misreadings (never the probe's)")
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
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
