"""The common currency of the detectors: a span of the draft that holds one sensitive value."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

# Kinds of this check, most specific first. When two candidates overlap the more specific
# one wins (a CBU is not also a phone; a card is not also a phone).
KINDS: tuple[str, ...] = (
    "secret_token",
    "email",
    "iban",
    "payment_card",
    "bank_account",
    "national_id",
    "credential",
    "phone",
)
PRIORITY: dict[str, int] = {kind: len(KINDS) - rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Candidate:
    """``text[start:end]`` looks like a value of ``kind``; ``reason`` names the format."""

    start: int
    end: int
    kind: str
    reason: str


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Keep one candidate per stretch of text: the most specific kind, then the longest."""
    ranked = sorted(candidates, key=lambda c: (-PRIORITY[c.kind], -(c.end - c.start), c.start))
    # Kept spans never overlap, so sorted by start their ends are sorted too: a bisect finds
    # the only two neighbours that could collide (keeps adversarial drafts linear-ish).
    starts: list[int] = []
    kept: list[Candidate] = []
    for cand in ranked:
        at = bisect.bisect_left(starts, cand.start)
        if at > 0 and kept[at - 1].end > cand.start:
            continue
        if at < len(kept) and kept[at].start < cand.end:
            continue
        starts.insert(at, cand.start)
        kept.insert(at, cand)
    return kept
