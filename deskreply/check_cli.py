"""``deskreply check``: the checks engine from the command line (no display needed).

Three ways in:
* ``deskreply check "texto"`` or text on stdin: human-readable findings.
* ``--json``: the Report as one JSON object.
* ``--jsonl``: JSON Lines in, one result line out per input line (blank and broken lines
  included, as ``error`` lines), in order. This is the batch interface for audits and quality
  measurement; its shape is stable.

Exit status: 0 when nothing of severity ``block`` remains (``--jsonl``: when every line was
answered), 1 when a ``block`` finding remains, 2 for a usage error or input that is not
UTF-8. A reader that closes the pipe early (``| head``) ends the command quietly.
Drafts longer than the engine checks (``MAX_CHECKED_CHARS``) are checked up to that many
characters and the output says so (``checked_chars`` / ``total_chars``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from typing import IO, Any

from deskreply.checks import CheckContext, Checker, Report
from deskreply.checks.engine import MAX_CHECKED_CHARS
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


EXIT_OK = 0
EXIT_BLOCK = 1
EXIT_USAGE = 2


class InputError(ValueError):
    """Input the checks cannot read (not UTF-8)."""


def run_check(argv: list[str], stdin: IO[str] | None = None,
              stdout: IO[str] | None = None) -> int:
    stdout = stdout if stdout is not None else sys.stdout
    try:
        return _run_check(argv, stdin, stdout)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except InputError as error:
        print(f"deskreply check: {error}", file=sys.stderr)
        return EXIT_USAGE


def _run_check(argv: list[str], stdin: IO[str] | None, stdout: IO[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = user_settings(args.data_dir)
    try:
        lang = normalise_language(args.lang) if args.lang else None
        ui_requested = args.ui_lang or settings.ui_lang
        ui = normalise_language(ui_requested) if ui_requested else system_language()
    except UnknownLanguageError as error:
        print(f"deskreply check: {error}", file=sys.stderr)
        return EXIT_USAGE
    checker = Checker(ui_lang=ui, settings=settings.check_settings())
    if args.jsonl:
        for line in check_json_lines(checker, input_lines(stdin)):
            stdout.write(line + "\n")
            stdout.flush()
        return EXIT_OK
    text = args.text if args.text is not None else read_all(stdin)
    if _has_surrogates(text):
        raise InputError("the text is not valid UTF-8; convert it first "
                         "(for example: iconv -f latin1 -t utf-8)")
    context = CheckContext(incoming=args.incoming, contact_name=args.contact_name)
    report = checker.check(text, lang=lang, context=context)
    if args.json:
        data = report.to_dict()
        data.update(_coverage(text))
        stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        stdout.write(format_report(report, text, ui))
    return EXIT_BLOCK if report.verdict == "block" else EXIT_OK


def _coverage(text: str) -> dict[str, int]:
    """``checked_chars``/``total_chars`` when only the start of a long draft was checked."""
    if len(text) <= MAX_CHECKED_CHARS:
        return {}
    return {"checked_chars": MAX_CHECKED_CHARS, "total_chars": len(text)}


def _has_surrogates(text: str) -> bool:
    # Arguments that are not UTF-8 reach Python as lone surrogates (surrogateescape).
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def read_all(stdin: IO[str] | None) -> str:
    """All of stdin as text; bytes that are not UTF-8 are a clear error, not a traceback."""
    if stdin is not None:
        try:
            return stdin.read()
        except UnicodeDecodeError as error:
            raise InputError(_not_utf8(error)) from None
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(_not_utf8(error)) from None


def _not_utf8(error: UnicodeDecodeError) -> str:
    return (f"the input is not valid UTF-8 (byte {error.start}); convert it first "
            "(for example: iconv -f latin1 -t utf-8)")


def input_lines(stdin: IO[str] | None) -> Iterable[str | bytes]:
    """Lines of stdin; from the real stdin as bytes, so one bad line cannot end the batch."""
    if stdin is not None:
        yield from stdin
        return
    yield from sys.stdin.buffer


def check_json_lines(checker: Checker, lines: Iterable[str | bytes]) -> Iterable[str]:
    """One output line per input line, in order; a blank or bad line becomes an ``error``."""
    for raw in lines:
        record_id: Any = None
        try:
            if isinstance(raw, bytes):
                try:
                    raw = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise ValueError(_not_utf8(error)) from None
            if not raw.strip():
                raise ValueError("blank line: nothing to check")
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
            result = {"id": record_id, **report.to_dict(), **_coverage(text)}
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
    coverage = _coverage(text)
    if coverage:
        lines.append(_("Only the first {checked} of {total} characters were checked.").format(
            checked=coverage["checked_chars"], total=coverage["total_chars"]))
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
