"""Decide, emoji by emoji, whether a reply's emojis are risky in their context.

Each table row has a rule (see :data:`deskreply.checks.emoji.table.RULES`); the rule reads the
reply around the emoji and the customer's last message through :class:`Cues`. A second pass
handles combinations: an emoji that is harmless alone (😉, 💦) becomes risky next to an
innuendo emoji in the same run ("🍆😉"), and listed pairs (👉👌) are risky together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from deskreply.checks.emoji.context import Cues, fold
from deskreply.checks.emoji.segment import Occurrence, without_skin_tone
from deskreply.checks.emoji.table import RiskEntry, RiskTable

# Why a context-dependent emoji was judged risky (each has its own sentence in the message).
TRIGGERS = (
    "complaint",
    "threat",
    "flirt",
    "not_literal",
    "aimed",
    "customer",
    "political",
    "combination",
    "no_context",
    "skin",
)


@dataclass(frozen=True)
class RiskyEmoji:
    """One emoji judged risky."""

    occurrence: Occurrence
    reason: str
    severity: str
    explanation: str
    alternatives: tuple[str, ...]
    trigger: str | None = None  # None: risky in any context


class _Reading:
    """The reply and the incoming message, folded once and questioned lazily."""

    def __init__(self, text: str, incoming: str | None, cues: Cues,
                 upset: bool = False) -> None:
        self.text = text
        self.incoming = incoming
        self.cues = cues
        # The customer's mood (deskreply.checks.mood): a complaint, anger or a misfortune.
        self.complaint = upset

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def threat(self) -> bool:
        return self.cues.threat.search(self.folded)

    @cached_property
    def flirt(self) -> bool:
        return self.cues.is_flirting(self.folded)

    @cached_property
    def body_compliment(self) -> bool:
        return self.cues.body_compliment.search(self.folded)

    @cached_property
    def self_blame(self) -> bool:
        return self.cues.owns_mistake(self.folded)

    @cached_property
    def political(self) -> bool:
        if self.cues.political.search(self.folded):
            return True
        return bool(self.incoming) and self.cues.political.search(fold(self.incoming or ""))

    @cached_property
    def skin_comment(self) -> bool:
        return self.cues.comments_on_skin(self.folded)


def _runs(occurrences: Sequence[Occurrence], text: str) -> list[list[int]]:
    """Indices of emojis grouped into runs separated by nothing but spaces ("🍆 😉")."""
    runs: list[list[int]] = []
    for i, occ in enumerate(occurrences):
        if runs and not text[occurrences[i - 1].end : occ.start].strip():
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


_FIST = "\u270a"


class _RunTraits(NamedTuple):
    """What one run of adjacent emojis holds, for rules that look at the neighbours."""

    has_fist: bool
    has_flag: bool

    @classmethod
    def of(cls, run: Sequence[Occurrence]) -> _RunTraits:
        return cls(any(o.key == _FIST for o in run), any(o.is_flag for o in run))


def _judge(
    occ: Occurrence,
    entry: RiskEntry,
    reading: _Reading,
    run: _RunTraits,
) -> tuple[str, str, str | None] | None:
    """(reason, severity, trigger) if ``occ`` is risky under ``entry``'s rule, else None."""
    rule, reason, severity = entry.rule, entry.reason, entry.severity
    cues = reading.cues
    if rule == "always":
        if entry.block_if_threat and (reading.threat or reading.complaint):
            return reason, "block", "threat"
        return reason, severity, None
    if rule == "after_complaint":
        return (reason, severity, "complaint") if reading.complaint else None
    if rule == "flirt":
        return (reason, severity, "flirt") if reading.flirt else None
    if rule == "self_blame":
        return None if reading.self_blame else (reason, severity, "customer")
    if rule == "literal":
        miss = "not_literal" if reason == "innuendo" else "aimed"
        if cues.possessive_before(reading.folded, occ.start):
            return reason, severity, miss
        if reason == "innuendo" and (reading.flirt or reading.body_compliment):
            return reason, severity, "flirt"
        if entry.cues and cues.literal_near(entry.cues, reading.folded, occ.start, occ.end):
            return None
        return reason, severity, miss
    if rule == "idiomatic":
        if reading.threat:
            return reason, "block" if entry.block_if_threat else severity, "threat"
        if entry.innuendo and (
            reading.flirt
            or reading.body_compliment
            or cues.said_of_the_customer(reading.folded, occ.start)
        ):
            return "innuendo", severity, "flirt"
        if entry.cues and cues.literal_near(entry.cues, reading.folded, occ.start, occ.end):
            return None
        if reading.complaint:
            return "mocking", severity, "complaint"
        return (reason, severity, "no_context") if entry.default_risky else None
    if rule == "political":
        # A flag beside a raised fist (or the fist beside a flag) takes a side by itself.
        paired = run.has_fist if occ.is_flag else run.has_flag
        return (reason, severity, "political") if reading.political or paired else None
    return None


def assess(
    occurrences: Sequence[Occurrence],
    text: str,
    incoming: str | None,
    table: RiskTable,
    cues: Cues,
    upset: bool = False,
) -> list[RiskyEmoji]:
    """The risky emojis of ``text`` (a reply to ``incoming``), in text order.

    ``upset``: the customer's mood reads a complaint, anger or misfortune (laughing at it is
    mockery; see :mod:`deskreply.checks.mood`).
    """
    reading = _Reading(text, incoming, cues, upset)
    runs = _runs(occurrences, text)
    run_of: dict[int, list[int]] = {i: run for run in runs for i in run}
    # What the rules ask of an emoji's neighbours, once per run: asking per emoji made a long
    # wall of emoji quadratic (20 kB took 42 s).
    traits = {id(run): _RunTraits.of([occurrences[j] for j in run]) for run in runs}
    risky: dict[int, RiskyEmoji] = {}
    skin_entry = table.skin_tone_entry

    for i, occ in enumerate(occurrences):
        if skin_entry is not None and occ.has_skin_tone and reading.skin_comment:
            plain = without_skin_tone(occ.emoji)
            risky[i] = RiskyEmoji(
                occ,
                skin_entry.reason,
                skin_entry.severity,
                skin_entry.explanation,
                (plain,),
                "skin",
            )
            continue
        entry = table.lookup(occ)
        if entry is None:
            continue
        verdict = _judge(occ, entry, reading, traits[id(run_of[i])])
        if verdict is not None:
            reason, severity, trigger = verdict
            risky[i] = RiskyEmoji(
                occ, reason, severity, entry.explanation, entry.alternatives, trigger
            )

    _combinations(occurrences, runs, table, risky)
    return [risky[i] for i in sorted(risky)]


def _combinations(
    occurrences: Sequence[Occurrence],
    runs: list[list[int]],
    table: RiskTable,
    risky: dict[int, RiskyEmoji],
) -> None:
    for run in runs:
        if len(run) < 2:
            continue
        innuendo = next(
            (risky[i] for i in run if i in risky and risky[i].reason == "innuendo"), None
        )
        if innuendo is not None:
            for i in run:
                if i not in risky and occurrences[i].key in table.boosters:
                    risky[i] = RiskyEmoji(
                        occurrences[i],
                        "combination",
                        "warning",
                        innuendo.explanation,
                        (),
                        "combination",
                    )
        keys = [occurrences[i].key for i in run]
        for combo, explanation in table.combinations:
            width = len(combo)
            for start in range(len(keys) - width + 1):
                if tuple(keys[start : start + width]) == combo:
                    for i in run[start : start + width]:
                        if i not in risky:
                            risky[i] = RiskyEmoji(
                                occurrences[i],
                                "combination",
                                "warning",
                                explanation,
                                (),
                                "combination",
                            )
