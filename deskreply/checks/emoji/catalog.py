"""A Qt-free emoji catalogue for the composer's picker: categories, names, search, risk info.

Names come from the ``emoji`` package (English and Spanish CLDR names, Emoji version). The
package has no groups, so categories are decided from the English name by the word rules of
``resources/emoji/categories.json`` (close to the Unicode groups, not identical). Risk info
reuses the check's risk table, so the picker warns about exactly what the check flags.

Example::

    cat = EmojiCatalog()
    cat.emojis("smileys", lang="es")[:3]
    cat.search("encogida", lang="es")          # 🤷 and its variants
    cat.risk_info("🙄", ui_lang="es").explanation
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import emoji

from deskreply.checks.emoji.context import fold
from deskreply.checks.emoji.messages import N_
from deskreply.checks.emoji.segment import SKIN_TONES, base_key, is_flag
from deskreply.checks.emoji.table import RiskTable, load_table_data
from deskreply.checks.emoji.versions import older_alternative, version_of
from deskreply.i18n import translator
from deskreply.paths import PROJECT_ROOT, RESOURCES_DIR_ENV

FULLY_QUALIFIED = emoji.STATUS["fully_qualified"]
COMPONENT = emoji.STATUS["component"]
DEFAULT_MAX_VERSION = 14.0
CATEGORIES_FILE = "categories.json"

RULE_SUMMARIES: dict[str, str] = {
    "always": N_("Risky in any context."),
    "after_complaint": N_(
        "Risky in a reply to a complaint; fine after a joke or a neutral question."
    ),
    "flirt": N_("Risky next to compliments or pet names; fine as a friendly wink."),
    "self_blame": N_("Risky when reacting to the customer; fine when you own a mistake."),
    "literal": N_("Fine only with the literal thing named right next to it."),
    "idiomatic": N_(
        "Fine when literal or idiomatic; risky as a threat or in a reply to a complaint."
    ),
    "political": N_("Fine for places, shipping and sports; risky next to political words."),
    "skin_comment": N_("Risky when used to comment on the customer's skin."),
}
MAY_NOT_RENDER_NOTE = N_("May not render: it is newer than Emoji {version}.")


@dataclass(frozen=True)
class EmojiInfo:
    """One emoji as the picker lists it."""

    emoji: str
    name: str
    category: str
    version: float
    risky: bool


@dataclass(frozen=True)
class RiskInfo:
    """What the picker shows about an emoji before it is inserted."""

    emoji: str
    risky: bool
    reason: str | None
    severity: str | None
    context_dependent: bool
    explanation: str
    when: str
    alternatives: tuple[str, ...]
    version: float | None
    may_not_render: bool
    render_note: str
    older_alternative: str | None


def resources_dir() -> Path:
    return Path(os.environ.get(RESOURCES_DIR_ENV) or PROJECT_ROOT / "resources")


@cache
def _spanish_loaded() -> bool:
    emoji.config.load_language("es")  # adds the 'es' names to emoji.EMOJI_DATA
    return True


def _pretty(name: str) -> str:
    return name.strip(":").replace("_", " ")


def _phrases(phrases: list[str]) -> re.Pattern[str]:
    parts = sorted((re.escape(p.lower()) for p in phrases), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


class _CategoryRules:
    def __init__(self, data: dict[str, Any]) -> None:
        self.order: list[str] = list(data["order"])
        self.labels: dict[str, dict[str, str]] = data["labels"]
        self.exact: dict[str, str] = {}
        self.words: list[tuple[str, re.Pattern[str] | None]] = []
        for category in self.order:
            rule = data["rules"].get(category, {})
            for name in rule.get("exact", ()):
                self.exact.setdefault(name.lower(), category)
            parts = sorted(
                (re.escape(w.lower().rstrip("*")) + (r"\S*" if w.endswith("*") else ""))
                for w in rule.get("words", ())
            )
            pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])") if parts else None
            self.words.append((category, pattern))
        self.priority: list[tuple[str, re.Pattern[str]]] = [
            (category, _phrases(phrases)) for category, phrases in data.get("priority", ())
        ]
        self._animals: re.Pattern[str] | None = dict(self.words).get("animals")

    def category(self, sequence: str, english: str) -> str:
        if is_flag(sequence):
            return "flags"
        name = english.lower()
        if name in self.exact:
            return self.exact[name]
        for category, phrases in self.priority:
            if phrases.search(name):
                return category
        # "tiger face" is an animal, "grinning face" a smiley.
        if (
            re.search(r"(?<![\w-])face(?![\w-])", name)
            and self._animals
            and self._animals.search(name)
        ):
            return "animals"
        for category, pattern in self.words:
            if pattern is not None and pattern.search(name):
                return category
        return "objects"


class EmojiCatalog:
    """Emojis by category, name search in English and Spanish, and risk info.

    Args:
        resources: folder holding ``emoji/`` (defaults to the shipped ``resources/``).
        max_version: the newest Emoji version the customers' phones are assumed to draw.
    """

    def __init__(self, resources: Path | None = None, max_version: float = DEFAULT_MAX_VERSION):
        self.resources = resources or resources_dir()
        self.max_version = max_version

    # -- data -------------------------------------------------------------------------------
    @cached_property
    def table(self) -> RiskTable:
        return RiskTable(load_table_data(self.resources))

    @cached_property
    def _rules(self) -> _CategoryRules:
        with (self.resources / "emoji" / CATEGORIES_FILE).open(encoding="utf-8") as handle:
            return _CategoryRules(json.load(handle))

    @cached_property
    def _entries(self) -> list[tuple[str, str, str, float, str]]:
        """(emoji, english name, spanish name, version, category) of every base emoji."""
        _spanish_loaded()
        rows = []
        for sequence, data in emoji.EMOJI_DATA.items():
            if data.get("status") != FULLY_QUALIFIED or any(ch in SKIN_TONES for ch in sequence):
                continue
            english = _pretty(data["en"])
            spanish = _pretty(data.get("es", data["en"]))
            category = self._rules.category(sequence, english)
            rows.append((sequence, english, spanish, float(data["E"]), category))
        rows.sort(key=lambda row: (self._rules.order.index(row[4]), row[3], row[1]))
        return rows

    @cached_property
    def _search_index(self) -> list[tuple[str, str]]:
        """(folded words of both names and aliases, emoji) for search."""
        index = []
        for sequence, english, spanish, _version, _category in self._entries:
            aliases = " ".join(_pretty(a) for a in emoji.EMOJI_DATA[sequence].get("alias", ()))
            index.append((fold(f"{english} {spanish} {aliases}"), sequence))
        return index

    # -- public API -------------------------------------------------------------------------
    def categories(self, lang: str = "en") -> list[tuple[str, str]]:
        """(category id, label in ``lang``) in picker order."""
        return [
            (c, self._rules.labels[c].get(lang, self._rules.labels[c]["en"]))
            for c in self._rules.order
        ]

    def emojis(
        self, category: str, lang: str = "en", include_too_new: bool = False
    ) -> list[EmojiInfo]:
        """Base emojis (no skin tones) of ``category`` with names in ``lang``."""
        return [
            self._info(row, lang)
            for row in self._entries
            if row[4] == category and (include_too_new or row[3] <= self.max_version)
        ]

    def search(self, query: str, lang: str = "en", limit: int = 60) -> list[EmojiInfo]:
        """Emojis whose English or Spanish name has words starting with every query word."""
        words = fold(query).split()
        if not words:
            return []
        patterns = [re.compile(rf"(?<!\w){re.escape(w)}") for w in words[:8]]
        by_emoji = {row[0]: row for row in self._entries}
        hits: list[tuple[int, EmojiInfo]] = []
        for haystack, sequence in self._search_index:
            if all(p.search(haystack) for p in patterns):
                info = self._info(by_emoji[sequence], lang)
                exact = fold(info.name) == " ".join(words)
                hits.append(
                    (0 if exact else 1 if fold(info.name).startswith(words[0]) else 2, info)
                )
        hits.sort(key=lambda hit: hit[0])
        return [info for _rank, info in hits[:limit]]

    def name(self, sequence: str, lang: str = "en") -> str:
        _spanish_loaded()
        data = emoji.EMOJI_DATA.get(sequence)
        if data is None:
            return ""
        return _pretty(data.get(lang) or data["en"])

    def skin_tone_variants(self, sequence: str) -> list[str]:
        """The five skin-toned forms of a gesture, if it has them (👍 → 👍🏻 … 👍🏿)."""
        variants = []
        for tone in sorted(SKIN_TONES):
            if ZWJ_SPLIT in sequence:
                head, tail = sequence.split(ZWJ_SPLIT, 1)
                candidate = head.replace("\ufe0f", "") + tone + ZWJ_SPLIT + tail
            else:
                candidate = sequence.replace("\ufe0f", "") + tone
            if candidate in emoji.EMOJI_DATA:
                variants.append(candidate)
        return variants

    def risk_info(self, sequence: str, ui_lang: str = "en") -> RiskInfo:
        """Why an emoji may be risky (in ``ui_lang``) and whether customers' phones can draw it."""
        _ = translator("emoji", ui_lang)
        entry = self.table.lookup_emoji(sequence)
        version = version_of(sequence)
        too_new = version is not None and version > self.max_version
        note = _(MAY_NOT_RENDER_NOTE).format(version=f"{self.max_version:g}") if too_new else ""
        older = older_alternative(sequence, self.max_version, self.table.older) if too_new else None
        if entry is None:
            return RiskInfo(
                sequence, False, None, None, False, "", "", (), version, too_new, note, older
            )
        return RiskInfo(
            emoji=sequence,
            risky=True,
            reason=entry.reason,
            severity=entry.severity,
            context_dependent=entry.rule != "always",
            explanation=self.table.explain(entry.explanation, ui_lang),
            when=_(RULE_SUMMARIES[entry.rule]),
            alternatives=entry.alternatives,
            version=version,
            may_not_render=too_new,
            render_note=note,
            older_alternative=older,
        )

    def _info(self, row: tuple[str, str, str, float, str], lang: str) -> EmojiInfo:
        sequence, english, spanish, version, category = row
        return EmojiInfo(
            emoji=sequence,
            name=spanish if lang == "es" else english,
            category=category,
            version=version,
            risky=self.table.lookup_emoji(sequence) is not None or base_key(sequence) == "",
        )


ZWJ_SPLIT = "\u200d"
