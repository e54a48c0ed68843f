"""``deskreply audit --since DATE [--json]``: today's checks over the replies already sent.

Material for team training: how often each kind of problem went out, and the worst examples
with sensitive data masked (a card number in an audit report would be a second leak).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from typing import IO, Any

from deskreply.i18n import UnknownLanguageError, normalise_language, system_language, translator
from deskreply.paths import app_paths
from deskreply.settings import Settings, load_settings
from deskreply.store import Store, StoreError
from deskreply.store.masking import mask_sensitive, mask_spans

SENT_STATES = ("sent", "delivered", "read")
SEVERITY_RANK = {"info": 1, "warning": 2, "block": 3}
MAX_EXAMPLE_CHARS = 240


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deskreply audit",
        description="Run today's checks over the replies already sent and count what they "
                    "find (examples with private data masked).")
    parser.add_argument("--since", required=True, help="first day to include, YYYY-MM-DD")
    parser.add_argument("--until", help="last day to include, YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--examples", type=int, default=5, help="how many worst examples")
    parser.add_argument("--data-dir", help="the DeskReply folder to audit "
                        "(also: DESKREPLY_DATA_DIR)")
    parser.add_argument("--ui-lang", help="language of the report: es or en")
    return parser


def _day(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d")


def sent_replies(store: Store, start: float, end: float) -> list[dict[str, Any]]:
    """Replies that went out in [start, end), with the customer's message before each."""
    conn = store._conn
    marks = ",".join("?" * len(SENT_STATES))
    rows = conn.execute(
        "SELECT m.id, m.conversation_id, m.text, m.sent_at, c.lang, p.name FROM messages AS m "
        "JOIN conversations AS c ON c.id = m.conversation_id "
        "JOIN contacts AS p ON p.id = c.contact_id "
        f"WHERE m.sent_at >= ? AND m.sent_at < ? AND m.direction = 'out' AND m.state IN ({marks}) "
        "ORDER BY m.sent_at, m.id", (start, end, *SENT_STATES)).fetchall()
    replies = []
    for message_id, cid, text, sent_at, lang, name in rows:
        before = conn.execute(
            "SELECT text FROM messages WHERE conversation_id = ? AND direction = 'in' "
            "AND sent_at <= ? ORDER BY sent_at DESC LIMIT 1", (cid, sent_at)).fetchone()
        replies.append({"id": message_id, "conversation_id": cid, "text": text,
                        "sent_at": sent_at, "lang": lang, "contact_name": name,
                        "incoming": before[0] if before else None})
    return replies


def masked_text(text: str, findings: list[Any]) -> str:
    spans = [(f.start, f.end) for f in findings if f.check == "sensitive"]
    shown = mask_sensitive(mask_spans(text, spans))
    return shown if len(shown) <= MAX_EXAMPLE_CHARS else shown[:MAX_EXAMPLE_CHARS - 1] + "…"


def audit(store: Store, checker: Any, start: float, end: float,
          examples: int = 5) -> dict[str, Any]:
    from deskreply.checks import CheckContext

    counts: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    scored: list[tuple[tuple[int, int], dict[str, Any]]] = []
    replies = sent_replies(store, start, end)
    flagged = 0
    for reply in replies:
        context = CheckContext(incoming=reply["incoming"], contact_name=reply["contact_name"])
        report = checker.check(reply["text"], lang=reply["lang"], context=context)
        findings = list(report.findings)
        if not findings:
            continue
        flagged += 1
        for finding in findings:
            counts[f"{finding.check}.{finding.kind}"] += 1
            severities[finding.severity] += 1
        worst = max(SEVERITY_RANK.get(f.severity, 0) for f in findings)
        scored.append(((worst, len(findings)), {
            "message_id": reply["id"], "conversation_id": reply["conversation_id"],
            "sent_at": reply["sent_at"], "text": masked_text(reply["text"], findings),
            "kinds": sorted({f"{f.check}.{f.kind}" for f in findings}),
            "severity": next(s for s, r in SEVERITY_RANK.items() if r == worst)}))
    scored.sort(key=lambda item: (-item[0][0], -item[0][1], item[1]["sent_at"]))
    return {"replies": len(replies), "flagged": flagged,
            "kinds": dict(counts.most_common()), "severities": dict(severities),
            "worst": [example for _score, example in scored[:max(0, examples)]]}


def format_audit(result: dict[str, Any], since: str, until: str, ui_lang: str) -> str:
    _ = translator("ui_inbox", ui_lang)
    lines = [_("Replies sent from {since} to {until}: {n}, with findings: {flagged}").format(
        since=since, until=until, n=result["replies"], flagged=result["flagged"])]
    if result["kinds"]:
        lines.append(_("Findings per kind:"))
        width = max(len(kind) for kind in result["kinds"])
        lines += [f"  {kind:<{width}}  {count:>5}" for kind, count in result["kinds"].items()]
    if result["worst"]:
        lines.append(_("Worst examples (private data masked):"))
        for example in result["worst"]:
            day = dt.datetime.fromtimestamp(example["sent_at"]).strftime("%Y-%m-%d %H:%M")
            lines.append(f"  [{example['severity']}] {day} · {', '.join(example['kinds'])}")
            lines.append(f"      «{example['text']}»")
    return "\n".join(lines) + "\n"


def run_audit(argv: list[str], stdout: IO[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = stdout or sys.stdout
    try:
        start_day = _day(args.since)
        end_day = _day(args.until) if args.until else dt.datetime.now()
    except ValueError:
        print("deskreply audit: dates are YYYY-MM-DD", file=sys.stderr)
        return 2
    paths = app_paths(args.data_dir)
    settings = load_settings(paths.settings_file) if paths.settings_file.exists() \
        else Settings()
    try:
        ui = normalise_language(args.ui_lang or settings.ui_lang or system_language())
    except UnknownLanguageError as error:
        print(f"deskreply audit: {error}", file=sys.stderr)
        return 2
    if not paths.database.exists():
        print(f"deskreply audit: no DeskReply database in {paths.database.parent}",
              file=sys.stderr)
        return 2
    from deskreply.checks import Checker

    checker = Checker(ui_lang=ui, settings=settings.check_settings())
    start = start_day.timestamp()
    end = (end_day.replace(hour=0, minute=0, second=0, microsecond=0)
           + dt.timedelta(days=1)).timestamp()
    try:
        with Store.open(paths.database) as store:
            result = audit(store, checker, start, end, args.examples)
    except StoreError as error:
        print(f"deskreply audit: {error}", file=sys.stderr)
        return 2
    until = (dt.datetime.fromtimestamp(end) - dt.timedelta(days=1)).strftime("%Y-%m-%d")
    if args.json:
        out.write(json.dumps({"since": args.since, "until": until, **result},
                             ensure_ascii=False) + "\n")
    else:
        out.write(format_audit(result, args.since, until, ui))
    return 0
