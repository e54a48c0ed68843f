"""Check that every record of the emoji probe set is well formed.

Usage: python resources/probes/emoji/validate.py [PATH]

Each record must have the schema ``{"id", "lang", "text", "context": {"incoming"}, "risky",
"ok"}`` and its two lists must account for every emoji in ``text`` exactly once, in order of
first appearance, as the ``emoji`` package segments them (a ZWJ sequence, skin-tone variant,
flag or keycap is one emoji). Prints one line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import emoji

PROBE = Path(__file__).resolve().parent / "probe.jsonl"
KEYS = {"id", "lang", "text", "context", "risky", "ok"}
LANGS = {"es", "en"}
ID = re.compile(r"ep-\d{3,}")


def emojis_in(text: str) -> list[str]:
    """Distinct emojis of ``text`` in order of first appearance."""
    seen: dict[str, None] = {}
    for match in emoji.emoji_list(text):
        seen.setdefault(match["emoji"], None)
    return list(seen)


def record_problems(record: dict) -> list[str]:
    """What is wrong with one record (empty when it is valid)."""
    if set(record) != KEYS:
        return [f"keys {sorted(record)} instead of {sorted(KEYS)}"]
    problems: list[str] = []
    if not isinstance(record["id"], str) or not ID.fullmatch(record["id"]):
        problems.append(f"id {record['id']!r} is not like ep-001")
    if record["lang"] not in LANGS:
        problems.append(f"lang {record['lang']!r} not in {sorted(LANGS)}")
    context = record["context"]
    if not isinstance(context, dict) or set(context) != {"incoming"}:
        problems.append("context must be {'incoming': text or null}")
    elif context["incoming"] is not None and not (
            isinstance(context["incoming"], str) and context["incoming"].strip()):
        problems.append("context.incoming must be a non-empty text or null")
    text = record["text"]
    if not isinstance(text, str) or not text.strip():
        return [*problems, "text is empty"]
    risky, ok = record["risky"], record["ok"]
    if not (isinstance(risky, list) and isinstance(ok, list)):
        return [*problems, "risky and ok must be lists"]
    found = emojis_in(text)
    for name, labelled in (("risky", risky), ("ok", ok)):
        if len(set(labelled)) != len(labelled):
            problems.append(f"{name} lists an emoji twice: {labelled}")
        expected = [e for e in found if e in labelled]
        stray = [e for e in labelled if e not in found]
        if stray:
            problems.append(f"{name} has {stray}, not emojis of the text")
        elif labelled != expected:
            problems.append(f"{name} {labelled} not in order of appearance {expected}")
    both = set(risky) & set(ok)
    if both:
        problems.append(f"in both lists: {sorted(both)}")
    missing = [e for e in found if e not in risky and e not in ok]
    if missing:
        problems.append(f"emojis in the text but in neither list: {missing}")
    return problems


def problems(lines: Iterable[str]) -> list[str]:
    """Every problem of a JSONL file, each prefixed with its line number and id."""
    out: list[str] = []
    ids: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            out.append(f"line {number}: blank line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            out.append(f"line {number}: not JSON ({error})")
            continue
        if not isinstance(record, dict):
            out.append(f"line {number}: not a JSON object")
            continue
        name = record.get("id")
        if name in ids:
            out.append(f"line {number}: id {name} used twice")
        ids.add(str(name))
        out += [f"line {number} ({name}): {p}" for p in record_problems(record)]
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else PROBE
    found = problems(path.read_text(encoding="utf-8").splitlines())
    for line in found:
        print(line)
    if not found:
        print(f"{path.name}: valid")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
