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
    # Every word sequence the pattern can match, as one word set per position (see
    # :func:`_spell_out`); None when it has a prefix or a wildcard and runs as an automaton.
    spelled: list[Spelling] | None = None


# One way through a pattern's slots: the words allowed at each position ("como ya? le|te"
# is ``({como}, {ya}, {le, te})`` or ``({como}, {le, te})``).
Spelling = tuple[frozenset[str], ...]
# Beyond this many spellings a pattern runs as an automaton (the lexicons stay far below).
MAX_SPELLINGS = 64


def _spell_out(slots: tuple[_Slot, ...]) -> list[Spelling] | None:
    """All the spellings of a pattern of plain words (optional slots and "se_lo" included).

    The automaton's longest match at a word is the longest spelling that matches there, so
    trying the spellings longest first gives the same result with set tests only.
    """
    spellings: list[Spelling] = [()]
    for slot in slots:
        if slot.prefixes or slot.wild:
            return None
        options: list[Spelling] = [(slot.words,)] if slot.words else []
        for seq in slot.sequences:
            if any(kind != "w" for kind, _value in seq):
                return None
            options.append(tuple(frozenset((value,)) for _kind, value in seq))
        if slot.optional:
            options.append(())
        spellings = [done + option for done in spellings for option in options]
        if len(spellings) > MAX_SPELLINGS:
            return None
    # Longest first (stable), so the first spelling that matches gives the longest match.
    return sorted(dict.fromkeys(spellings), key=len, reverse=True)


# A candidate at one (first word, second word): the pattern and the spellings still worth
# testing, or None for an automaton pattern.
_Candidate = tuple[_Pattern, tuple[Spelling, ...] | None]


class PhraseMatcher:
    """Finds every lexicon phrase in a list of folded words.

    Patterns are indexed by the words they can start with, and each candidate is run as a tiny
    automaton over its slots, so the cost per word is a dictionary lookup plus a handful of
    set tests, whatever the size of the lexicon. Patterns without prefixes or wildcards (all
    of them, in practice) are spelled out at load time and indexed by their first two words,
    so a draft only tests the few spellings that start with the words it has.
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
        # {first word: ({second word: candidates}, candidates for any other second word)}.
        self._by_pair = {word: _by_second(word, bucket) for word, bucket in self._by_first.items()}
        self._first_words = frozenset(self._by_pair)

    def _add(self, text: str, index: int) -> None:
        slots = tuple(_slot(item) for item in text.split())
        slots = tuple(s for s in slots if s.words or s.prefixes or s.wild or s.sequences)
        if not slots or all(s.optional for s in slots):
            raise ValueError(f"pattern can match nothing or everything: {text!r}")
        pattern = _Pattern(slots, index, _second_words(slots), _spell_out(slots))
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
        # The few words of the draft that start a pattern, found in C by one intersection.
        present = self._first_words.intersection(norms)
        starts = [i for i, word in enumerate(norms) if word in present] if present else []
        for i in starts:
            pairs = self._by_pair[norms[i]]
            after = norms[i + 1] if i + 1 < n else ""
            for pattern, spellings in pairs[0].get(after, pairs[1]):
                if spellings is None:
                    self._run(pattern, norms, i, found)
                    continue
                end = _longest_spelling(spellings, norms, i)
                if end:
                    found.append(Match(i, end, self.entries[pattern.entry_index]))
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


def _longest_spelling(spellings: tuple[Spelling, ...], norms: list[str], i: int) -> int:
    """End of the longest spelling matching at ``i`` (0 if none). The index has already
    checked the first two words of each spelling."""
    n = len(norms)
    for spelling in spellings:
        size = len(spelling)
        if i + size > n:
            continue
        if size <= 2:
            return i + size
        k = 2  # a plain loop: most spellings fail on their third word, a generator costs more
        while k < size and norms[i + k] in spelling[k]:
            k += 1
        if k == size:
            return i + size
    return 0


def _by_second(word: str, bucket: list[_Pattern]) -> tuple[dict[str, tuple[_Candidate, ...]],
                                                            tuple[_Candidate, ...]]:
    """The candidates of one first word, per second word, each as (pattern, spellings).

    A spelled-out pattern keeps the spellings that start with ``word`` and allow the second
    word (one-word spellings allow any); an automaton pattern keeps its ``second`` pre-check.
    Candidates stay in the bucket's order, so matches come out in the same order.
    """
    starting = {id(p): [s for s in p.spelled if word in s[0]] for p in bucket
                if p.spelled is not None}
    seconds: set[str] = set()
    for pattern in bucket:
        if pattern.spelled is None:
            seconds |= pattern.second or frozenset()
        else:
            for spelling in starting[id(pattern)]:
                seconds |= spelling[1] if len(spelling) > 1 else frozenset()

    def candidates(after: str | None) -> tuple[_Candidate, ...]:
        kept: list[_Candidate] = []
        for pattern in bucket:
            if pattern.spelled is None:
                if pattern.second is None or (after is not None and after in pattern.second):
                    kept.append((pattern, None))
                continue
            spellings = tuple(s for s in starting[id(pattern)]
                              if len(s) == 1 or (after is not None and after in s[1]))
            if spellings:
                kept.append((pattern, spellings))
        return tuple(kept)

    return {after: candidates(after) for after in seconds}, candidates(None)


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
