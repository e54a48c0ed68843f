"""Measure the checks on the labelled dev sets, next to public baselines.

Usage: python benchmarks/eval_checks.py [--eval-dir DIR] [--only sensitive|tone|emoji]
                                        [--no-baselines] [--no-cv] [--errors]

Tone is reported side by side on four sets:
* ``tone_cv``: 5-fold cross-validation on our training material (resources/training/): the
  tone model is retrained without one fold of hand-written sentences and measured on the
  composed replies built around those sentences;
* ``tone_probe``: resources/probes/tone/ (written before training, never tuned on);
* ``tone_professional``: resources/probes/professional/ (ordinary professional replies: the
  share flagged and the number blocked);
* ``tone``: the dev set.

Runs every record through the same path as ``deskreply check --jsonl`` and prints:
* sensitive: span-level precision/recall per kind and overall (exact start, end and kind);
* tone: message-level precision/recall/F1 (flagged = any tone finding at warning or block),
  false-positive rate on ``ok`` messages, recall per kind;
* emoji: recall of risky emojis and the share of ok emojis flagged, on ``emoji_probe``
  (resources/probes/emoji/, written by hand before the check was run on it, never tuned on)
  and on the dev set. Flagged = a ``risky_emoji`` finding, or an ``emoji_may_not_render``
  warning (too new for the customer's phone: one of the risks the check exists for);
  ``risky_recall_judged_risky`` counts ``risky_emoji`` findings only (the figure called
  ``risky_recall`` before 2026-12-03), ``risky_recall_with_may_not_render`` counts a
  may-not-render note at any severity.
Baselines (optional ``bench`` extra): Presidio's pattern recognizers for sensitive data;
VADER + better-profanity (English) and spanlp's word lists (Spanish) for tone.
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from deskreply.check_cli import check_json_lines  # noqa: E402
from deskreply.checks import Checker  # noqa: E402

DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval" / "dev"
FLAGGING = {"warning", "block"}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def run_ours(checker: Checker, records: list[dict[str, Any]]) -> tuple[list[dict], list[float]]:
    """Results as ``deskreply check --jsonl`` prints them, and seconds per record."""
    results: list[dict[str, Any]] = []
    seconds: list[float] = []
    for record in records:
        line = json.dumps({k: record.get(k) for k in ("id", "text", "lang", "context")},
                          ensure_ascii=False)
        started = time.perf_counter()
        (out,) = list(check_json_lines(checker, [line]))
        seconds.append(time.perf_counter() - started)
        results.append(json.loads(out))
    return results, seconds


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


# -- sensitive --------------------------------------------------------------------------------
def score_spans(records: list[dict], predicted: list[list[tuple[int, int, str]]]) -> dict:
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[str] = []
    for record, spans in zip(records, predicted, strict=True):
        gold = {(s["start"], s["end"], s["kind"]) for s in record["spans"]}
        pred = set(spans)
        for span in gold & pred:
            per_kind[span[2]]["tp"] += 1
        for span in gold - pred:
            per_kind[span[2]]["fn"] += 1
            errors.append(f"MISS {record['id']} {span[2]} «{record['text'][span[0]:span[1]]}»")
        for span in pred - gold:
            per_kind[span[2]]["fp"] += 1
            errors.append(f"FALSE {record['id']} {span[2]} «{record['text'][span[0]:span[1]]}»")
    table = {}
    total: Counter[str] = Counter()
    for kind, counts in sorted(per_kind.items()):
        total.update(counts)
        table[kind] = {
            "precision": ratio(counts["tp"], counts["tp"] + counts["fp"]),
            "recall": ratio(counts["tp"], counts["tp"] + counts["fn"]),
            "gold": counts["tp"] + counts["fn"],
        }
    overall = {
        "precision": ratio(total["tp"], total["tp"] + total["fp"]),
        "recall": ratio(total["tp"], total["tp"] + total["fn"]),
    }
    return {"overall": overall, "per_kind": table, "errors": errors}


def eval_sensitive(checker: Checker, records: list[dict], baselines: bool) -> dict:
    results, seconds = run_ours(checker, records)
    predicted = [
        [(f["start"], f["end"], f["kind"]) for f in r.get("findings", [])
         if f["check"] == "sensitive"]
        for r in results
    ]
    figures = score_spans(records, predicted)
    figures["ms_per_message_median"] = round(statistics.median(seconds) * 1000, 3)
    if baselines:
        figures["presidio"] = baseline_or_reason(
            lambda: presidio_figures(records), "presidio-analyzer")
    return figures


def presidio_figures(records: list[dict]) -> dict:
    from baselines.presidio_baseline import PresidioBaseline

    baseline = PresidioBaseline()
    predicted, seconds = [], []
    for record in records:
        started = time.perf_counter()
        predicted.append(baseline.spans(record["text"], record["lang"]))
        seconds.append(time.perf_counter() - started)
    figures = score_spans(records, predicted)
    figures.pop("errors")
    figures["ms_per_message_median"] = round(statistics.median(seconds) * 1000, 3)
    return figures


# -- tone -------------------------------------------------------------------------------------
def message_scores(records: list[dict], flagged: list[bool]) -> dict:
    tp = fp = fn = tn = 0
    for record, is_flagged in zip(records, flagged, strict=True):
        problem = record["label"] != "ok"
        tp += problem and is_flagged
        fp += (not problem) and is_flagged
        fn += problem and not is_flagged
        tn += (not problem) and not is_flagged
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": ratio(2 * precision * recall, precision + recall),
        "false_positive_rate": ratio(fp, fp + tn),
    }


def eval_tone(checker: Checker, records: list[dict], baselines: bool) -> dict:
    results, seconds = run_ours(checker, records)
    figures = tone_figures(records, results)
    figures["ms_per_message_median"] = round(statistics.median(seconds) * 1000, 3)
    if baselines:
        figures["lexicon_baseline"] = baseline_or_reason(
            lambda: lexicon_baseline_figures(records), "vaderSentiment, better-profanity, spanlp")
    return figures


def tone_figures(records: list[dict], results: list[dict]) -> dict:
    flagged_kinds = [
        {f["kind"] for f in r.get("findings", [])
         if f["check"] == "tone" and f["severity"] in FLAGGING}
        for r in results
    ]
    figures = message_scores(records, [bool(kinds) for kinds in flagged_kinds])
    recall_counts: dict[str, Counter[str]] = defaultdict(Counter)
    errors = []
    for record, kinds, result in zip(records, flagged_kinds, results, strict=True):
        for kind in record["kinds"]:
            recall_counts[kind]["gold"] += 1
            recall_counts[kind]["found"] += kind in kinds
        if bool(kinds) != bool(record["kinds"]) or set(record["kinds"]) - kinds:
            shown = [(f["kind"], f["text"]) for f in result.get("findings", [])
                     if f["check"] == "tone"]
            errors.append(f"{record['id']} gold={record['kinds']} ours={shown} "
                          f"«{record['text'][:140]}»")
    figures["recall_per_kind"] = {
        kind: ratio(c["found"], c["gold"]) for kind, c in sorted(recall_counts.items())
    }
    figures["errors"] = errors
    return figures


def eval_tone_cv(records: list[dict]) -> dict:
    """Fragment-held-out cross-validation of the whole tone check on the training replies."""
    from deskreply.checks.pipeline import LANGUAGES, build_pipeline
    from deskreply.checks.tone.training import fold_of, load_config

    folds = load_config(ROOT / "resources")["validation_folds"]
    tested: list[dict] = []
    results: list[dict] = []
    for fold in range(folds):
        checker = Checker(ui_lang="en")
        for lang in LANGUAGES:
            checker.install_pipeline(lang, build_pipeline(lang, ROOT / "resources",
                                                          exclude_fold=fold))
        held = [r for r in records if fold_of(r, folds) == fold]
        out, _seconds = run_ours(checker, held)
        tested.extend(held)
        results.extend(out)
    figures = tone_figures(tested, results)
    figures.pop("errors")
    return figures


def eval_professional(checker: Checker, records: list[dict]) -> dict:
    results, _seconds = run_ours(checker, records)
    severities = [{f["severity"] for f in r.get("findings", []) if f["check"] == "tone"}
                  for r in results]
    flagged = sum(1 for s in severities if s & FLAGGING)
    return {"replies": len(records), "flagged_rate": ratio(flagged, len(records)),
            "blocked": sum(1 for s in severities if "block" in s)}


def lexicon_baseline_figures(records: list[dict]) -> dict:
    from baselines.lexicon_baseline import LexiconBaseline

    baseline = LexiconBaseline()
    return message_scores(records, [baseline.flags(r["text"], r["lang"]) for r in records])


# -- emoji ------------------------------------------------------------------------------------
def eval_emoji(checker: Checker, records: list[dict]) -> dict:
    results, seconds = run_ours(checker, records)
    risky_total = risky_found = risky_judged = risky_told = ok_total = ok_flagged = 0
    errors = []
    for record, result in zip(records, results, strict=True):
        findings = [f for f in result.get("findings", []) if f["check"] == "emoji"]
        judged = {f["text"] for f in findings if f["kind"] == "risky_emoji"}
        too_new = {f["text"] for f in findings if f["kind"] == "emoji_may_not_render"}
        # What the user is warned about: judged risky, or too new at warning level.
        flagged = judged | {f["text"] for f in findings if f["kind"] == "emoji_may_not_render"
                            and f["severity"] in ("warning", "block")}
        for emoji in record["risky"]:
            risky_total += 1
            risky_found += emoji in flagged
            risky_judged += emoji in judged
            risky_told += emoji in flagged or emoji in too_new
            if emoji not in flagged:
                errors.append(f"MISS {record['id']} {emoji} «{record['text'][:120]}»")
        for emoji in record["ok"]:
            ok_total += 1
            ok_flagged += emoji in flagged
            if emoji in flagged:
                errors.append(f"FALSE {record['id']} {emoji} «{record['text'][:120]}»")
    return {
        "risky_recall": ratio(risky_found, risky_total),
        "risky_recall_judged_risky": ratio(risky_judged, risky_total),
        "risky_recall_with_may_not_render": ratio(risky_told, risky_total),
        "ok_flagged_rate": ratio(ok_flagged, ok_total),
        "risky_total": risky_total,
        "ok_total": ok_total,
        "errors": errors,
        "ms_per_message_median": round(statistics.median(seconds) * 1000, 3),
    }


def baseline_or_reason(compute: Callable[[], dict], packages: str) -> dict:
    try:
        return compute()
    except ImportError as error:
        return {"skipped": f"install the bench extra ({packages}): {error}"}


def print_section(name: str, figures: dict, show_errors: bool) -> None:
    print(f"\n== {name}")
    for key, value in figures.items():
        if key == "errors":
            print(f"  errors: {len(value)}")
            if show_errors:
                for line in value:
                    print(f"    {line}")
        elif isinstance(value, dict):
            print(f"  {key}:")
            for inner_key, inner in value.items():
                print(f"    {inner_key}: {inner}")
        else:
            print(f"  {key}: {value}")


def own_tone_sets(checker: Checker, cv: bool) -> dict[str, Any]:
    """Cross-validation, probe set and professional set (our own material, never dev)."""
    figures: dict[str, Any] = {}
    if cv:
        training = read_jsonl(ROOT / "resources" / "training" / "tone.jsonl")
        figures["tone_cv"] = eval_tone_cv(training)
        print_section(f"tone_cv ({len(training)} training replies, 5 folds)",
                      figures["tone_cv"], False)
    probe = read_jsonl(ROOT / "resources" / "probes" / "tone" / "probe.jsonl")
    results, _seconds = run_ours(checker, probe)
    figures["tone_probe"] = tone_figures(probe, results)
    figures["tone_probe"].pop("errors")
    print_section(f"tone_probe ({len(probe)} replies)", figures["tone_probe"], False)
    professional_path = ROOT / "resources" / "probes" / "professional" / "replies.jsonl"
    if professional_path.exists():
        professional = read_jsonl(professional_path)
        figures["tone_professional"] = eval_professional(checker, professional)
        print_section("tone_professional", figures["tone_professional"], False)
    return figures


def own_emoji_sets(checker: Checker) -> dict[str, Any]:
    """The emoji probe set (our own, never dev); its misses are not printed: nobody tunes on it."""
    probe = read_jsonl(ROOT / "resources" / "probes" / "emoji" / "probe.jsonl")
    figures = eval_emoji(checker, probe)
    figures.pop("errors")
    print_section(f"emoji_probe ({len(probe)} replies)", figures, False)
    return {"emoji_probe": figures}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--only", choices=("sensitive", "tone", "emoji"))
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-cv", action="store_true", help="skip tone cross-validation")
    parser.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(list(argv) if argv is not None else None)

    checker = Checker(ui_lang="en")
    checker.warm_up()
    summary: dict[str, Any] = {}
    wanted = [args.only] if args.only else ["sensitive", "tone", "emoji"]
    if "tone" in wanted:
        summary.update(own_tone_sets(checker, cv=not args.no_cv))
    if "emoji" in wanted:
        summary.update(own_emoji_sets(checker))
    for name in wanted:
        path = args.eval_dir / f"{name}.jsonl"
        if not path.exists():
            print(f"\n== {name}: {path} not found, skipped")
            continue
        records = read_jsonl(path)
        if name == "sensitive":
            figures = eval_sensitive(checker, records, not args.no_baselines)
        elif name == "tone":
            figures = eval_tone(checker, records, not args.no_baselines)
        else:
            figures = eval_emoji(checker, records)
        print_section(f"{name} ({len(records)} records)", figures, args.errors)
        summary[name] = {k: v for k, v in figures.items() if k != "errors"}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
