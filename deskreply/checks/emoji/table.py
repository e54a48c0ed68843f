"""The risk table: which emojis are risky, why, under which rule, and what to use instead.

Data lives in ``resources/emoji/`` (``risk_table.json``, ``explanations.json``, ``cues.json``);
:func:`load_table_data` reads and validates it at build time into one JSON-able dict that the
pipeline saves with the model, and :class:`RiskTable` turns that dict into lookups.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskreply.checks.emoji.segment import Occurrence, base_key

REASONS = (
    "innuendo",
    "offensive_gesture",
    "violence",
    "mocking",
    "ambiguous",
    "political_religious",
    "offensive_comparison",
    "skin_tone_comment",
    "combination",
)
# always: risky anywhere · after_complaint: risky when the customer complains · flirt: risky
# next to flirting words · self_blame: risky unless the agent owns the mistake · literal: ok
# only with the literal thing named next to it · idiomatic: ok when literal/idiomatic, risky
# when threat-like, laughing at a complaint or (``innuendo``) flirting · political: risky next
# to political words · skin_comment: a skin tone used to comment on the customer's skin.
RULES = (
    "always",
    "after_complaint",
    "flirt",
    "self_blame",
    "literal",
    "idiomatic",
    "political",
    "skin_comment",
)
SEVERITIES = ("info", "warning", "block")
UI_LANGUAGES = ("en", "es")
FLAG_KEY = "@flag"
SKIN_TONE_KEY = "@skin_tone"

TABLE_FILE = "risk_table.json"
EXPLANATIONS_FILE = "explanations.json"
CUES_FILE = "cues.json"


class RiskTableError(ValueError):
    """The emoji resources are inconsistent (reported at build time, never while typing)."""


@dataclass(frozen=True)
class RiskEntry:
    """One row of the risk table."""

    emoji: str
    reason: str
    severity: str
    rule: str
    explanation: str
    alternatives: tuple[str, ...] = ()
    cues: str | None = None
    default_risky: bool = False
    block_if_threat: bool = False
    innuendo: bool = False

    @classmethod
    def from_dict(cls, row: Mapping[str, Any]) -> RiskEntry:
        return cls(
            emoji=str(row["emoji"]),
            reason=str(row["reason"]),
            severity=str(row["severity"]),
            rule=str(row["rule"]),
            explanation=str(row["explanation"]),
            alternatives=tuple(str(a) for a in row.get("alternatives", ())),
            cues=row.get("cues"),
            default_risky=row.get("default", "ok") == "risky",
            block_if_threat=bool(row.get("block_if_threat", False)),
            innuendo=bool(row.get("innuendo", False)),
        )


class RiskTable:
    """Lookups over the validated table data."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.entries: dict[str, RiskEntry] = {}
        for row in data.get("entries", ()):
            entry = RiskEntry.from_dict(row)
            key = entry.emoji if entry.emoji.startswith("@") else base_key(entry.emoji)
            self.entries[key] = entry
        self.combinations: list[tuple[tuple[str, ...], str]] = [
            (tuple(base_key(e) for e in combo["emojis"]), str(combo["explanation"]))
            for combo in data.get("combinations", ())
        ]
        self.boosters = frozenset(base_key(e) for e in data.get("combination_boosters", ()))
        self.older: dict[str, str] = dict(data.get("older_alternatives", {}))
        self.explanations: dict[str, dict[str, str]] = {
            key: dict(value) for key, value in data.get("explanations", {}).items()
        }

    def lookup(self, occurrence: Occurrence) -> RiskEntry | None:
        entry = self.entries.get(occurrence.key)
        if entry is None and occurrence.is_flag:
            entry = self.entries.get(FLAG_KEY)
        return entry

    def lookup_emoji(self, sequence: str) -> RiskEntry | None:
        return self.lookup(Occurrence(0, len(sequence), sequence))

    @property
    def skin_tone_entry(self) -> RiskEntry | None:
        return self.entries.get(SKIN_TONE_KEY)

    def explain(self, key: str, lang: str) -> str:
        texts = self.explanations.get(key, {})
        return texts.get(lang) or texts.get("en", "")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise RiskTableError(f"Cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise RiskTableError(f"{path} must hold a JSON object")
    return data


def load_table_data(resources: Path) -> dict[str, Any]:
    """Read and check ``resources/emoji/*.json``; return the dict saved with the model."""
    folder = Path(resources) / "emoji"
    table = _read_json(folder / TABLE_FILE)
    explanations = {
        k: v for k, v in _read_json(folder / EXPLANATIONS_FILE).items() if not k.startswith("_")
    }
    cues = {k: v for k, v in _read_json(folder / CUES_FILE).items() if not k.startswith("_")}
    literal_groups = set(cues.get("literal", {}))
    seen: set[str] = set()
    for row in table.get("entries", ()):
        where = f"{TABLE_FILE}: {row.get('emoji')!r}"
        for field in ("emoji", "reason", "severity", "rule", "explanation"):
            if not isinstance(row.get(field), str):
                raise RiskTableError(f"{where}: missing field {field!r}")
        if row["reason"] not in REASONS:
            raise RiskTableError(f"{where}: unknown reason {row['reason']!r}")
        if row["rule"] not in RULES:
            raise RiskTableError(f"{where}: unknown rule {row['rule']!r}")
        if row["severity"] not in SEVERITIES:
            raise RiskTableError(f"{where}: unknown severity {row['severity']!r}")
        if row["rule"] in ("literal", "idiomatic") and row.get("cues") not in literal_groups:
            raise RiskTableError(f"{where}: rule {row['rule']} needs a cues group of {CUES_FILE}")
        key = base_key(row["emoji"])
        if key in seen:
            raise RiskTableError(f"{where}: listed twice")
        seen.add(key)
    for key in {row["explanation"] for row in table["entries"]} | {
        c["explanation"] for c in table.get("combinations", ())
    }:
        texts = explanations.get(key)
        if not isinstance(texts, dict) or any(not texts.get(lang) for lang in UI_LANGUAGES):
            raise RiskTableError(f"{EXPLANATIONS_FILE}: {key!r} needs text in {UI_LANGUAGES}")
    return {
        "entries": table["entries"],
        "combinations": table.get("combinations", []),
        "combination_boosters": table.get("combination_boosters", []),
        "older_alternatives": table.get("older_alternatives", {}),
        "explanations": explanations,
        "cues": cues,
    }
