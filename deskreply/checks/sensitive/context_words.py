"""Cue words around a value ("DNI 12345678", "pedido 12345678"), Spanish and English.

Cues are compared accent- and case-folded. :func:`fold` keeps the string length, so offsets in
the folded text are offsets in the draft.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

# Characters allowed between a cue and its value besides filler words: "DNI: 12…", "Nº 12…".
_GAP_PUNCT = r"[\s:#.,°º=()\-–—\"'«»“”‘’*]"


@cache
def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:  # "İ".lower() is two characters: keep lengths equal
        low = ch
    base = unicodedata.normalize("NFKD", low)[:1]
    return base if base and len(base) == 1 else low


_FOLD_TABLE: dict[int, str] = {cp: _fold_char(chr(cp)) for cp in range(0x250)}
_FOLD_TABLE.update({cp: _fold_char(chr(cp)) for cp in range(0x1E00, 0x1F00)})


def fold(text: str) -> str:
    """Lower-case, strip accents, same length as ``text`` (offsets stay valid)."""
    return text.translate(_FOLD_TABLE)


def fold_phrase(phrase: str) -> str:
    """Fold a lexicon entry and squeeze its spaces."""
    return " ".join(fold(phrase).split())


def _phrase_pattern(phrases: Iterable[str]) -> str:
    # Longest first so "codigo de seguridad" wins over "codigo"; spaces match any whitespace.
    parts = sorted({fold_phrase(p) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split(" ")) for p in parts)


class CueSet:
    """A list of cue phrases, found as whole words in folded text."""

    def __init__(self, phrases: Iterable[str]) -> None:
        pattern = _phrase_pattern(phrases)
        self._regex = (
            re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])") if pattern else None
        )

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """(start, end) of every cue in ``folded``, in order."""
        if self._regex is None:
            return []
        return [m.span() for m in self._regex.finditer(folded)]

    def search(self, folded: str) -> re.Match[str] | None:
        return self._regex.search(folded) if self._regex is not None else None


class Gap:
    """What may stand between a cue and its value: punctuation and a few filler words."""

    def __init__(self, fillers: Iterable[str], max_chars: int = 40, max_words: int = 5) -> None:
        words = _phrase_pattern(fillers)
        word_part = rf"(?:(?:{words})(?![a-z0-9]){_GAP_PUNCT}{{0,4}}){{0,{max_words}}}" if words else ""
        self._regex = re.compile(rf"{_GAP_PUNCT}{{0,4}}{word_part}")
        self.max_chars = max_chars

    def ok(self, gap: str) -> bool:
        return len(gap) <= self.max_chars and self._regex.fullmatch(gap) is not None


class CueIndex:
    """Where one :class:`CueSet` occurs in one draft, for fast "is there a cue before X?"."""

    def __init__(self, cues: CueSet, folded: str) -> None:
        self.folded = folded
        self._spans = cues.spans(folded)
        self._ends = [end for _start, end in self._spans]

    def __bool__(self) -> bool:
        return bool(self._spans)

    def right_before(self, pos: int, gap: Gap) -> bool:
        """A cue ends just before ``pos`` with only ``gap`` material between."""
        at = bisect.bisect_right(self._ends, pos)
        if at == 0:
            return False
        end = self._ends[at - 1]
        return gap.ok(self.folded[end:pos])

    def within(self, pos: int, distance: int) -> bool:
        """A cue ends at most ``distance`` characters before ``pos``."""
        at = bisect.bisect_right(self._ends, pos)
        return at > 0 and pos - self._ends[at - 1] <= distance
