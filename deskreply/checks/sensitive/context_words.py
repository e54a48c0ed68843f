"""Cue words around a value ("DNI 12345678", "pedido 12345678"), Spanish and English.

Cues are compared accent- and case-folded. :func:`fold` keeps the string length, so offsets in
the folded text are offsets in the draft.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping

from deskreply.folding import fold_keep_length

# Characters allowed between a cue and its value besides filler words: "DNI: 12…", "Nº 12…".
_GAP_PUNCT = r"[\s:#.,°º=()\-–—\"'«»“”‘’*¿¡]"
# A value given before its cue: "12.345.678 es mi DNI", "Is 4567123 still your ID number?".
_CUE_AFTER = re.compile(
    r"[\s,]{1,3}(?:(?:es|is|son|are|era|was|sera|will be|sigue siendo)\s+)?"
    r"(?:(?:still|aun|todavia)\s+)?(?:mi|tu|su|my|your|his|her|their|el|la|the)\s+"
    r"(?:(?:new|nuevo|nueva|actual|current)\s+)?(?:(?:numero|nro|number)\s+(?:de\s+)?)?"
)


# Lower-case, strip accents, same length as ``text`` (offsets stay valid).
fold = fold_keep_length


def fold_phrase(phrase: str) -> str:
    """Fold a lexicon entry and squeeze its spaces."""
    return " ".join(fold(phrase).split())


def _phrase_pattern(phrases: Iterable[str]) -> str:
    # Longest first so "de la" wins over "de"; spaces match any whitespace.
    parts = sorted({fold_phrase(p) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split(" ")) for p in parts)


_WORD = re.compile(r"[a-z0-9]+")
_JOINERS = frozenset(" .-'’/\t")
_MAX_JOIN = 3


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The words of a cue phrase; punctuation only joins them ("d.n.i." -> d n i)."""
    return tuple(_WORD.findall(fold(phrase)))


class _Node:
    __slots__ = ("cats", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.cats: frozenset[str] = frozenset()


class CueLexicon:
    """Cue phrases of many categories, found in one pass over the folded draft.

    The phrases form a word trie: each word of the draft costs one dict lookup, whatever the
    size of the lexicon. At one position the longest phrase wins ("código postal" is not also
    "código").
    """

    def __init__(self, categories: Mapping[str, Iterable[str]]) -> None:
        self._root = _Node()
        for category, phrases in categories.items():
            for phrase in phrases:
                node = self._root
                for word in phrase_words(phrase):
                    node = node.next.setdefault(word, _Node())
                if node is not self._root:
                    node.cats = node.cats | {category}

    def find(self, folded: str) -> dict[str, list[tuple[int, int]]]:
        """category -> ordered (start, end) of its cues in ``folded``."""
        out: dict[str, list[tuple[int, int]]] = {}
        root = self._root.next
        word_at = _WORD.match
        for m in _WORD.finditer(folded):
            node = root.get(m.group())
            if node is None:
                continue
            best: tuple[int, frozenset[str]] | None = (m.end(), node.cats) if node.cats else None
            pos = m.end()
            while node.next:
                gap_end = pos
                while (
                    gap_end < len(folded)
                    and gap_end - pos < _MAX_JOIN
                    and (folded[gap_end] in _JOINERS)
                ):
                    gap_end += 1
                nxt = word_at(folded, gap_end)
                if nxt is None or (gap_end > pos and folded[gap_end - 1] not in _JOINERS):
                    break
                child = node.next.get(nxt.group())
                if child is None:
                    break
                node, pos = child, nxt.end()
                if node.cats:
                    best = (pos, node.cats)
            if best is not None:
                for cat in best[1]:
                    out.setdefault(cat, []).append((m.start(), best[0]))
        return out


class Gap:
    """What may stand between a cue and its value: punctuation and a few filler words."""

    def __init__(self, fillers: Iterable[str], max_chars: int = 40, max_words: int = 5) -> None:
        words = _phrase_pattern(fillers)
        word_part = (
            rf"(?:(?:{words})(?![a-z0-9]){_GAP_PUNCT}{{0,4}}){{0,{max_words}}}" if words else ""
        )
        self._regex = re.compile(rf"{_GAP_PUNCT}{{0,4}}{word_part}")
        self.max_chars = max_chars

    def ok(self, gap: str) -> bool:
        return len(gap) <= self.max_chars and self._regex.fullmatch(gap) is not None


class CueIndex:
    """Where one category of cues occurs in one draft, for fast "is there a cue before X?"."""

    def __init__(self, spans: list[tuple[int, int]], folded: str) -> None:
        self.folded = folded
        self._spans = spans
        self._ends = [end for _start, end in self._spans]
        self._starts = [start for start, _end in self._spans]

    def __bool__(self) -> bool:
        return bool(self._spans)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return self._spans

    def right_before(self, pos: int, gap: Gap) -> bool:
        """A cue ends just before ``pos`` with only ``gap`` material between."""
        at = bisect.bisect_right(self._ends, pos)
        if at == 0:
            return False
        end = self._ends[at - 1]
        return gap.ok(self.folded[end:pos])

    def right_after(self, end: int) -> bool:
        """A cue starts just after ``end``, joined by "es mi", "is your", "still your"…"""
        m = _CUE_AFTER.match(self.folded, end, min(len(self.folded), end + 40))
        if m is None:
            return False
        at = bisect.bisect_left(self._starts, m.end())
        return at < len(self._starts) and self._starts[at] == m.end()

    def within(self, pos: int, distance: int) -> bool:
        """A cue ends at most ``distance`` characters before ``pos``."""
        at = bisect.bisect_right(self._ends, pos)
        return at > 0 and pos - self._ends[at - 1] <= distance
