"""Measure the sensitive check on its probe set (``resources/probes/sensitive/probes.jsonl``).

Usage: python benchmarks/eval_sensitive_probes.py [--probes FILE] [--models DIR] [--errors]

The probe set was written before the detectors it measures were tuned and is never tuned on
(see its README). Prints span-level precision/recall per kind (exact start, end and kind), then
the issue's figures: token recall (per provider too), false alarms on token look-alikes and
placeholders, id recall on valid numbers (per country), ids flagged with a wrong check digit,
phone findings on IP addresses, dates and versions. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deskreply.checks import Checker  # noqa: E402

DEFAULT_PROBES = ROOT / "resources" / "probes" / "sensitive" / "probes.jsonl"
FLAGGING = {"warning", "block"}


def ratio(num: float, den: float) -> float:
    return round(num / den, 4) if den else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--probes", type=Path, default=DEFAULT_PROBES)
    parser.add_argument("--models", type=Path, default=None, help="default: the app's models/")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)

    records = [json.loads(line) for line in args.probes.open(encoding="utf-8") if line.strip()]
    checker = Checker(ui_lang="en", models=args.models, raise_errors=True)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    notes: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[str] = []
    for rec in records:
        report = checker.check(rec["text"], lang=rec["lang"])
        found = [f for f in report.findings if f.check == "sensitive"]
        pred = {(f.start, f.end, f.kind) for f in found}
        gold = {(s["start"], s["end"], s["kind"]) for s in rec["spans"]}
        for span in gold & pred:
            per_kind[span[2]]["tp"] += 1
        for span in gold - pred:
            per_kind[span[2]]["fn"] += 1
            errors.append(f"MISS {rec['id']} {span[2]} «{rec['text'][span[0] : span[1]]}»")
        for span in pred - gold:
            per_kind[span[2]]["fp"] += 1
            errors.append(f"FALSE {rec['id']} {span[2]} «{rec['text'][span[0] : span[1]]}»")
        group = rec["group"]
        hit = bool(gold) and gold <= pred
        groups[group]["n"] += 1
        groups[group]["hit"] += hit
        groups[group]["flagged"] += any(f.severity in FLAGGING for f in found)
        groups[group]["any"] += bool(found)
        groups[group]["phone"] += any(f.kind == "phone" for f in found)
        groups[group]["national_id"] += any(f.kind == "national_id" for f in found)
        if rec.get("note"):
            notes[f"{group}:{rec['note']}"]["n"] += 1
            notes[f"{group}:{rec['note']}"]["hit"] += hit
            notes[f"{group}:{rec['note']}"]["any"] += bool(found)

    figures: dict[str, Any] = {"records": len(records), "per_kind": {}}
    total: Counter[str] = Counter()
    print(f"{'kind':14} {'P':>6} {'R':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for kind, c in sorted(per_kind.items()):
        total.update(c)
        p, r = ratio(c["tp"], c["tp"] + c["fp"]), ratio(c["tp"], c["tp"] + c["fn"])
        figures["per_kind"][kind] = {"precision": p, "recall": r}
        print(f"{kind:14} {p:6.3f} {r:6.3f} {c['tp']:5} {c['fp']:5} {c['fn']:5}")
    figures["precision"] = ratio(total["tp"], total["tp"] + total["fp"])
    figures["recall"] = ratio(total["tp"], total["tp"] + total["fn"])
    print(f"{'ALL':14} {figures['precision']:6.3f} {figures['recall']:6.3f}")

    def g(name: str, key: str) -> float:
        return ratio(groups[name][key], groups[name]["n"])

    tok = groups["token_pos"]
    figures["token_recall"] = g("token_pos", "hit")
    figures["token_entropy_recall"] = g("token_entropy", "hit")
    figures["url_password_recall"] = g("url_password", "hit")
    providers = {k.split(":", 1)[1]: v for k, v in notes.items() if k.startswith("token_pos:")}
    figures["token_providers"] = len(providers)
    figures["token_providers_all_found"] = sum(v["hit"] == v["n"] for v in providers.values())
    figures["token_false_alarms"] = g("token_neg", "flagged")
    valid_groups = ("id_valid", "id_valid_bare_nocheck")
    id_n = sum(groups[x]["n"] for x in valid_groups)
    figures["id_recall"] = ratio(sum(groups[x]["hit"] for x in valid_groups), id_n)
    figures["id_recall_cued_or_checked"] = g("id_valid", "hit")
    figures["id_badcheck_flagged"] = g("id_badcheck", "any")
    figures["bank_recall"] = g("bank", "hit")
    figures["phone_recall"] = g("phone_pos", "hit")
    figures["phone_on_ip_date_version"] = groups["phone_neg"]["phone"]
    figures["phone_neg_records"] = groups["phone_neg"]["n"]
    figures["reference_false_alarms"] = g("ref_neg", "any")
    figures["credential_recall"] = g("credential_pos", "hit")
    figures["credential_false_alarms"] = g("credential_neg", "flagged")
    # Groups only some probe sets have (the wide set: resources/probes/sensitive/wide/).
    if "bank_badcheck" in groups:
        figures["bank_badcheck_flagged"] = g("bank_badcheck", "any")
    figures["token_neg_info_only"] = ratio(
        groups["token_neg"]["any"] - groups["token_neg"]["flagged"], groups["token_neg"]["n"]
    )
    figures["groups"] = {
        name: {
            "n": c["n"],
            "all_found": ratio(c["hit"], c["n"]),
            "any_finding": ratio(c["any"], c["n"]),
        }
        for name, c in sorted(groups.items())
    }
    print(
        f"tokens: recall {figures['token_recall']:.3f} over {tok['n']} probes and "
        f"{len(providers)} providers ({figures['token_providers_all_found']} fully found); "
        f"unknown after a cue {figures['token_entropy_recall']:.3f}; passwords in URLs "
        f"{figures['url_password_recall']:.3f}; false alarms on look-alikes/placeholders "
        f"{figures['token_false_alarms']:.3f}"
    )
    print(
        f"ids: recall {figures['id_recall']:.3f} on valid numbers; flagged with a wrong check "
        f"digit {figures['id_badcheck_flagged']:.3f}"
    )
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    for key, v in notes.items():
        if key.startswith(("id_valid:", "id_valid_bare_nocheck:")):
            countries[key.split(":")[1]].update(v)
    print(
        "  by country: "
        + ", ".join(f"{c} {ratio(v['hit'], v['n']):.2f}" for c, v in sorted(countries.items()))
    )
    figures["id_recall_by_country"] = {c: ratio(v["hit"], v["n"]) for c, v in countries.items()}
    bad_countries: dict[str, Counter[str]] = defaultdict(Counter)
    for key, v in notes.items():
        if key.startswith("id_badcheck:"):
            bad_countries[key.split(":")[1]].update(v)
    if bad_countries:
        print(
            "  wrong check digit reported, by country: "
            + ", ".join(
                f"{c} {ratio(v['any'], v['n']):.2f}" for c, v in sorted(bad_countries.items())
            )
        )
    print(
        f"bank accounts: recall {figures['bank_recall']:.3f}; phones: recall "
        f"{figures['phone_recall']:.3f}, phone findings on {groups['phone_neg']['n']} IP "
        f"addresses/dates/versions: {figures['phone_on_ip_date_version']}; reference numbers "
        f"with any finding {figures['reference_false_alarms']:.3f}"
    )
    print(
        f"credentials: recall {figures['credential_recall']:.3f}, false alarms on order "
        f"numbers/amounts/mentions {figures['credential_false_alarms']:.3f}"
    )
    print(f"{'group':16} {'n':>5} {'found':>7} {'any':>7}")
    for name, c in sorted(groups.items()):
        print(f"{name:16} {c['n']:5} {ratio(c['hit'], c['n']):7.3f} {ratio(c['any'], c['n']):7.3f}")
    if args.errors:
        print("\n".join(errors))
    print(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
