"""``deskreply check``: the checks engine from the command line (no display needed).

Three ways in:
* ``deskreply check "texto"`` or text on stdin: human-readable findings.
* ``--json``: the Report as one JSON object.
* ``--jsonl``: JSON Lines in, one result line out per input line, in order. This is the batch
  interface for audits and quality measurement; its shape is stable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from typing import IO, Any

from deskreply.checks import CheckContext, Checker, Report
from deskreply.i18n import UnknownLanguageError, normalise_language, system_language, translator
from deskreply.paths import DATA_DIR_ENV, app_paths
from deskreply.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deskreply check",
        description="Check a reply for sensitive data, tone and risky emojis before sending it.",
    )
    parser.add_argument("text", nargs="?", help="the reply to check (default: read stdin)")
    parser.add_argument("--lang", help="language of the reply: es or en (default: detect)")
    parser.add_argument("--ui-lang", help="language of the explanations: es or en")
    parser.add_argument("--incoming", help="the customer's last message (for context checks)")
    parser.add_argument("--contact-name", help="the customer's name as the chat knows it")
    parser.add_argument("--data-dir", help="use the settings (word lists, ignored kinds) kept "
                        "in this DeskReply folder (also: DESKREPLY_DATA_DIR)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument(
        "--jsonl", action="store_true", help="read JSON Lines on stdin, write one result per line"
    )
    return parser


def user_settings(data_dir: str | None) -> Settings:
    """The user's saved settings when they point us at their folder; defaults otherwise."""
    if data_dir is None and not os.environ.get(DATA_DIR_ENV):
        return Settings()
    return load_settings(app_paths(data_dir).settings_file)


def run_check(argv: list[str], stdin: IO[str] = sys.stdin, stdout: IO[str] = sys.stdout) -> int:
    args = build_parser().parse_args(argv)
    settings = user_settings(args.data_dir)
    try:
        lang = normalise_language(args.lang) if args.lang else None
        ui_requested = args.ui_lang or settings.ui_lang
        ui = normalise_language(ui_requested) if ui_requested else system_language()
    except UnknownLanguageError as error:
        print(f"deskreply check: {error}", file=sys.stderr)
        return 2
    checker = Checker(ui_lang=ui, settings=settings.check_settings())
    if args.jsonl:
        for line in check_json_lines(checker, stdin):
            stdout.write(line + "\n")
            stdout.flush()
        return 0
    text = args.text if args.text is not None else stdin.read()
    context = CheckContext(incoming=args.incoming, contact_name=args.contact_name)
    report = checker.check(text, lang=lang, context=context)
    if args.json:
        stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    else:
        stdout.write(format_report(report, text, ui))
    return 0


def check_json_lines(checker: Checker, lines: Iterable[str]) -> Iterable[str]:
    """One output line per non-blank input line; a bad line becomes an ``error`` line."""
    for raw in lines:
        if not raw.strip():
            continue
        record_id: Any = None
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("each line must be a JSON object")
            record_id = record.get("id")
            text = record.get("text")
            if not isinstance(text, str):
                raise ValueError("'text' must be a string")
            lang = record.get("lang")
            if lang is not None:
                if not isinstance(lang, str):
                    raise ValueError("'lang' must be \"es\", \"en\" or null")
                lang = normalise_language(lang)
            context = parse_context(record.get("context"))
            report = checker.check(text, lang=lang, context=context)
            result = {"id": record_id, **report.to_dict()}
        except (ValueError, UnknownLanguageError) as error:
            result = {"id": record_id, "error": str(error)}
        yield json.dumps(result, ensure_ascii=False)


def parse_context(raw: Any) -> CheckContext:
    if raw is None:
        return CheckContext()
    if not isinstance(raw, dict):
        raise ValueError("'context' must be an object")
    incoming = raw.get("incoming")
    name = raw.get("contact_name")
    for key, value in (("incoming", incoming), ("contact_name", name)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"'context.{key}' must be a string or null")
    return CheckContext(incoming=incoming, contact_name=name)


def format_report(report: Report, text: str, ui_lang: str) -> str:
    _ = translator("engine", ui_lang)
    verdicts = {"ok": _("nothing to fix"), "review": _("review before sending"),
                "block": _("do not send as it is")}
    lines = [_("Language: {lang} · Verdict: {verdict}").format(
        lang=report.lang, verdict=verdicts[report.verdict])]
    if not report.findings:
        lines.append(_("No problems found."))
    for finding in report.findings:
        lines.append(
            f"  [{finding.severity}] {finding.check}/{finding.kind}"
            f"  «{finding.text}»  ({finding.start}–{finding.end})"
        )
        lines.append(f"      {finding.message}")
        for fix in finding.fixes:
            shown = fix.replacement if fix.replacement else _("(remove)")
            lines.append("      " + _("Fix: {label} → {replacement}").format(
                label=fix.label, replacement=shown))
    return "\n".join(lines) + "\n"
