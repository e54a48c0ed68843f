"""Phrase lexicons: small token patterns matched over folded words.

A lexicon entry (``resources/lexicons/tone/<lang>.json``) looks like::

    {"kind": "passive_aggressive", "severity": "warning", "level": "clear",
     "patterns": ["como ya le|te|se_lo explique|dije|comente"], "fix": null, "unless": []}

Pattern syntax, one word slot per space-separated item (all folded: no accents, lower case):

* ``a|b|c`` – any of these words; ``se_lo`` inside an alternative is the two words "se lo";
* a trailing ``?`` makes the slot optional (``ya?``);
* ``*`` is any one word; ``pendej~`` is any word starting with ``pendej``.

Patterns are indexed by their possible first words and run as tiny slot automata, so matching
a draft costs a dictionary lookup per word plus a few set tests: linear in its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskreply.checks.tone.normalise import fold


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon line: what its patterns mean when they match."""

    kind: str
    severity: str
    level: str  # "clear" counts at standard sensitivity; "borderline" only at strict
    fix: str | None  # replacement text ("" = delete the words); None = no automatic fix
    unless: frozenset[str]  # a nearby word from this set cancels the match
    requires: str | None  # "complaint": only when the customer's message is a complaint


@dataclass(frozen=True, slots=True)
class Match:
    first: int  # index of the first token
    last: int  # index one past the last token
    entry: Entry


Atom = tuple[str, str]  # ("w", word) | ("p", prefix) | ("*", "")


@dataclass(slots=True)
class _Slot:
    """One word position of a pattern, compiled for fast membership tests."""

    words: frozenset[str]  # one-word options
    prefixes: tuple[str, ...]  # one-word prefix options ("pendej~")
    wild: bool  # "*"
    sequences: tuple[tuple[Atom, ...], ...]  # multi-word options ("se_lo")
    optional: bool

    def first_words(self) -> set[str] | None:
        """Words that can start this slot; None when anything can (wildcard/prefix)."""
        if self.wild or self.prefixes:
            return None
        firsts = set(self.words)
        for seq in self.sequences:
            if seq[0][0] != "w":
                return None
            firsts.add(seq[0][1])
        return firsts


def _atom_ok(atom: Atom, word: str) -> bool:
    kind, value = atom
    if kind == "w":
        return word == value
    if kind == "p":
        return word.startswith(value)
    return True


def _slot(item: str) -> _Slot:
    optional = item.endswith("?") and len(item) > 1
    if optional:
        item = item[:-1]
    words: set[str] = set()
    prefixes: list[str] = []
    wild = False
    sequences: list[tuple[Atom, ...]] = []
    for alternative in item.split("|"):
        seq: list[Atom] = []
        for word in alternative.split("_"):
            if word == "*":
                seq.append(("*", ""))
            elif word.endswith("~") and len(word) > 1:
                seq.append(("p", fold(word[:-1])))
            elif word:
                seq.append(("w", fold(word)))
        if len(seq) == 1:
            kind, value = seq[0]
            if kind == "w":
                words.add(value)
            elif kind == "p":
                prefixes.append(value)
            else:
                wild = True
        elif seq:
            sequences.append(tuple(seq))
    return _Slot(frozenset(words), tuple(prefixes), wild, tuple(sequences), optional)


@dataclass(slots=True)
class _Pattern:
    slots: tuple[_Slot, ...]
    entry_index: int
    # Words the second token must be, when the pattern fixes it: a cheap pre-check that
    # rejects most candidates before running the slots ("de", "que", "no" start many phrases).
    second: frozenset[str] | None = None


class PhraseMatcher:
    """Finds every lexicon phrase in a list of folded words.

    Patterns are indexed by the words they can start with, and each candidate is run as a tiny
    automaton over its slots, so the cost per word is a dictionary lookup plus a handful of
    set tests, whatever the size of the lexicon.
    """

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.entries: list[Entry] = []
        self._by_first: dict[str, list[_Pattern]] = {}
        self._anywhere: list[_Pattern] = []  # patterns that may start with any word
        self.single_words: set[str] = set()
        for raw in entries:
            entry = Entry(
                kind=raw["kind"],
                severity=raw.get("severity", "warning"),
                level=raw.get("level", "clear"),
                fix=raw.get("fix"),
                unless=frozenset(fold(w) for w in raw.get("unless", ())),
                requires=raw.get("requires"),
            )
            index = len(self.entries)
            self.entries.append(entry)
            for text in raw["patterns"]:
                self._add(text, index)

    def _add(self, text: str, index: int) -> None:
        slots = tuple(_slot(item) for item in text.split())
        slots = tuple(s for s in slots if s.words or s.prefixes or s.wild or s.sequences)
        if not slots or all(s.optional for s in slots):
            raise ValueError(f"pattern can match nothing or everything: {text!r}")
        pattern = _Pattern(slots, index, _second_words(slots))
        if len(slots) == 1 and not slots[0].optional:
            self.single_words.update(slots[0].words)
        firsts: set[str] = set()
        for slot in slots:
            words = slot.first_words()
            if words is None:
                self._anywhere.append(pattern)
                return
            firsts |= words
            if not slot.optional:
                break
        for word in firsts:
            bucket = self._by_first.setdefault(word, [])
            if pattern not in bucket:
                bucket.append(pattern)

    def find(self, norms: list[str]) -> list[Match]:
        """The longest match of each pattern at each start word, in order of first word."""
        found: list[Match] = []
        n = len(norms)
        for i, word in enumerate(norms):
            candidates = self._by_first.get(word)
            if candidates is None:
                continue
            after = norms[i + 1] if i + 1 < n else ""
            for pattern in candidates:
                if pattern.second is not None and after not in pattern.second:
                    continue
                self._run(pattern, norms, i, found)
        if self._anywhere:
            for i in range(n):
                for pattern in self._anywhere:
                    self._run(pattern, norms, i, found)
        return found

    def _run(self, pattern: _Pattern, norms: list[str], i: int, found: list[Match]) -> None:
        # Hot loop: inlined slot stepping over a short list of positions.
        n = len(norms)
        states = [i]
        for slot in pattern.slots:
            following: list[int] = []
            for pos in states:
                if slot.optional:
                    following.append(pos)
                if pos < n:
                    word = norms[pos]
                    if (word in slot.words or slot.wild
                            or (slot.prefixes and any(word.startswith(p) for p in slot.prefixes))):
                        following.append(pos + 1)
                for seq in slot.sequences:
                    end = pos + len(seq)
                    if end <= n and all(
                        _atom_ok(atom, norms[pos + k]) for k, atom in enumerate(seq)
                    ):
                        following.append(end)
            if not following:
                return
            states = following
        end = max(states)
        if end > i:
            found.append(Match(i, end, self.entries[pattern.entry_index]))


def _second_words(slots: tuple[_Slot, ...]) -> frozenset[str] | None:
    """The possible second words when slot 1 is one required word and slot 2 is fixed words."""
    if len(slots) < 2:
        return None
    first, second = slots[0], slots[1]
    if first.optional or first.sequences or first.prefixes or first.wild:
        return None
    if second.optional or second.prefixes or second.wild:
        return None
    words = set(second.words)
    for seq in second.sequences:
        if seq[0][0] != "w":
            return None
        words.add(seq[0][1])
    return frozenset(words)


def longest_per_kind(matches: list[Match]) -> list[Match]:
    """Drop matches covered by a longer match of the same kind (keeps distinct kinds)."""
    ordered = sorted(matches, key=lambda m: (m.first, -(m.last - m.first)))
    kept: list[Match] = []
    reach: dict[str, int] = {}
    for match in ordered:
        if match.first < reach.get(match.entry.kind, -1):
            continue
        kept.append(match)
        reach[match.entry.kind] = match.last
    return kept
