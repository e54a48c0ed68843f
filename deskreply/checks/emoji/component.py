"""The emoji check as a spaCy component: risky emojis, emojis that may not render, too many.

Kinds (``check="emoji"``):

* ``risky_emoji`` with a ``reason`` (innuendo, offensive_gesture, violence, mocking, ambiguous,
  political_religious, offensive_comparison, skin_tone_comment, combination). Severity is
  ``warning``, ``block`` for 🖕, a weapon used as a threat and a skin tone used as a racial
  remark (rows of ``resources/emoji/risk_table.json``).
* ``emoji_may_not_render``: Emoji version newer than ``settings.emoji_max_version``;
  ``warning`` (the customer may see an empty box where the reply had feeling), ``info`` when
  sensitivity is relaxed.
* ``too_many_emoji``: more than ``settings.emoji_limit`` emojis (keycaps and ©®™ do not count).
  The span runs from the first emoji over the limit to the last emoji, so it points at the
  extras; the fix rewrites that span without them. ``info`` (``warning`` when strict); not
  reported when sensitivity is relaxed, which also drops the ``ambiguous`` reason.

Every span is exactly one emoji sequence (or, for too_many_emoji, the stretch holding the
extras). A "remove" fix replaces the emoji with ``""``: the span never grows to swallow a
neighbouring space, so underlines stay on the emoji; the composer may tidy double spaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from deskreply.checks.component import CheckComponent, text_of
from deskreply.checks.emoji.context import Cues
from deskreply.checks.emoji.messages import (
    FIX_REMOVE,
    FIX_REMOVE_EXTRA,
    FIX_REPLACE,
    MAY_NOT_RENDER,
    TOO_MANY,
    risky_message,
)
from deskreply.checks.emoji.risk import assess
from deskreply.checks.emoji.segment import Occurrence, find_emojis
from deskreply.checks.emoji.table import RiskTable, load_table_data
from deskreply.checks.emoji.versions import older_alternative, version_of
from deskreply.checks.mood import mood_of
from deskreply.checks.report import Finding, Fix, Severity
from deskreply.checks.request import CheckRequest
from deskreply.i18n import Translate

# Not counted towards the emoji limit: list numbers and legal marks are structure, not tone.
_NOT_COUNTED = frozenset({"\u00a9", "\u00ae", "\u2122"})


class EmojiCheck(CheckComponent):
    """Risky, unrenderable and excessive emojis in a reply."""

    check_name = "emoji"

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.table = RiskTable({})
        self.cues = Cues.from_data({})

    def load_resources(self, resources: Path, lang: str) -> dict[str, Any]:
        # Both UI languages' explanations ship in every model: the UI language may differ from
        # the reply's language.
        return load_table_data(resources)

    def prepare(self) -> None:
        self.table = RiskTable(self.data)
        self.cues = Cues.from_data(self.data.get("cues", {}))

    def find(self, doc: Doc, request: CheckRequest, _: Translate) -> Iterable[Finding]:
        text = text_of(doc)
        occurrences = find_emojis(text)
        if not occurrences:
            return []
        settings = request.settings
        findings: list[Finding] = []
        upset = mood_of(doc).upset  # the customer's mood: complaint, anger or misfortune
        for item in assess(occurrences, text, request.context.incoming, self.table, self.cues,
                           upset):
            if item.reason == "ambiguous" and settings.sensitivity == "relaxed":
                continue
            occ = item.occurrence
            explanation = self.table.explain(item.explanation, request.ui_lang)
            fixes = [
                Fix(_(FIX_REPLACE).format(emoji=alt), alt)
                for alt in item.alternatives
                if alt != occ.emoji
            ]
            fixes.append(Fix(_(FIX_REMOVE), ""))
            findings.append(
                Finding(
                    check="emoji",
                    kind="risky_emoji",
                    start=occ.start,
                    end=occ.end,
                    text=occ.emoji,
                    severity=_severity(item.severity),
                    message=risky_message(_, explanation, item.reason, item.trigger),
                    fixes=tuple(fixes),
                    reason=item.reason,
                )
            )
        too_new: Severity = "info" if settings.sensitivity == "relaxed" else "warning"
        findings.extend(self._too_new(occurrences, settings.emoji_max_version, too_new, _))
        extra: Severity = "warning" if settings.sensitivity == "strict" else "info"
        if settings.sensitivity != "relaxed":
            findings.extend(self._too_many(text, occurrences, settings.emoji_limit, extra, _))
        return [_with_trailing_selectors(text, finding) for finding in findings]

    def _too_new(
        self, occurrences: list[Occurrence], max_version: float, severity: Severity, _: Translate
    ) -> Iterable[Finding]:
        for occ in occurrences:
            version = version_of(occ.emoji)
            if version is None or version <= max_version:
                continue
            fixes = []
            alternative = older_alternative(occ.emoji, max_version, self.table.older)
            if alternative:
                fixes.append(Fix(_(FIX_REPLACE).format(emoji=alternative), alternative))
            fixes.append(Fix(_(FIX_REMOVE), ""))
            yield Finding(
                check="emoji",
                kind="emoji_may_not_render",
                start=occ.start,
                end=occ.end,
                text=occ.emoji,
                severity=severity,
                message=_(MAY_NOT_RENDER).format(emoji=occ.emoji, version=_version_label(version)),
                fixes=tuple(fixes),
            )

    @staticmethod
    def _too_many(
        text: str, occurrences: list[Occurrence], limit: int, severity: Severity, _: Translate
    ) -> Iterable[Finding]:
        counted = [o for o in occurrences if not o.is_keycap and o.emoji not in _NOT_COUNTED]
        if limit < 0 or len(counted) <= limit:
            return
        extras = counted[limit:]
        start, end = extras[0].start, extras[-1].end
        yield Finding(
            check="emoji",
            kind="too_many_emoji",
            start=start,
            end=end,
            text=text[start:end],
            severity=severity,
            message=_(TOO_MANY).format(count=len(counted), limit=limit),
            fixes=(Fix(_(FIX_REMOVE_EXTRA), _without(text, start, end, extras)),),
        )


def _without(text: str, start: int, end: int, removed: list[Occurrence]) -> str:
    """``text[start:end]`` with the ``removed`` emojis taken out and doubled spaces closed."""
    pieces: list[str] = []
    cursor = start
    for occ in removed:
        pieces.append(text[cursor : occ.start])
        cursor = occ.end
    pieces.append(text[cursor:end])
    out = ""
    for piece in pieces:
        if out.endswith(" ") and piece.startswith(" "):
            piece = piece.lstrip(" ")
        out += piece
    if start == 0 or text[start - 1].isspace():
        out = out.lstrip(" ")
    if end == len(text) or text[end].isspace():
        out = out.rstrip(" ")
    return out


def _severity(value: str) -> Severity:
    return value if value in ("info", "warning", "block") else "warning"  # type: ignore[return-value]


def _version_label(version: float) -> str:
    return f"{version:g}" if version != int(version) else f"{int(version)}.0"


@Language.factory("deskreply_emoji")
def make_emoji_check(nlp: Language, name: str) -> EmojiCheck:
    return EmojiCheck(nlp, name)


def _with_trailing_selectors(text: str, finding: Finding) -> Finding:
    """A stray variation selector after a fully-qualified emoji ("😂" + VS16) is not in the
    emoji package's match, but belongs to the emoji on screen: a finding (and its Remove fix)
    must never leave it behind."""
    end = finding.end
    while end < len(text) and text[end] in "\ufe0e\ufe0f":
        end += 1
    if end == finding.end:
        return finding
    return replace(finding, end=end, text=text[finding.start:end])
