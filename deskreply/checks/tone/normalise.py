"""Folded word tokens: how the tone check sees a draft.

People dodge word filters and chat loosely: "MIERDAAA", "m13rd4", "p*ta", "m i e r d a",
"jajajaja". Every rule of the tone check therefore runs over a list of :class:`Token` whose
``norm`` is lower-case, accent-free, leetspeak-mapped and with letter runs squeezed, while
``start``/``end`` still point at the exact characters of the draft (findings need them).

All regexes here use disjoint character classes inside repetitions, so they run in linear time
on any input (a 50 kB run of one letter included).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from deskreply.folding import fold as fold_text

# A word: letters/digits, optionally glued by censor or leet symbols ("p*ta", "sh!t", "f***ing"),
# optionally with a leading "$"/"@" ("$hit") or trailing censor stars ("m*****").
# Apostrophes keep English contractions whole ("you'd", "don't").
_WORD = re.compile(r"[$@]?[^\W_]+(?:[*#@$!'’]+[^\W_]+)*[*#]*")
CENSOR_CHARS = frozenset("*#")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i"})
# Beyond this length a "word" is not a word (pasted hashes, keyboard mashing): it is still a
# token, but its norm is cut so later lookups stay cheap.
MAX_WORD = 40


class Token(NamedTuple):
    """One word of the draft (a NamedTuple: cheap to create, drafts have many)."""

    start: int
    end: int
    raw: str  # the characters as written
    norm: str  # folded form used by the lexicons
    lower: str  # lower-case with accents kept (Spanish "té" vs "te" matters for formality)


def fold(text: str) -> str:
    """Lower-case, accent-free, letter runs of 3+ squeezed: ``"MIÉÉÉRDA"`` -> ``"mierda"``."""
    return squeeze(fold_text(text))


def squeeze(word: str) -> str:
    """Collapse runs of 3+ identical characters to one ("holaaaa" -> "hola"); keep doubles."""
    if len(word) < 3:
        return word
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        j = i
        while j < n and word[j] == word[i]:
            j += 1
        out.append(word[i] if j - i >= 3 else word[i:j])
        i = j
    return "".join(out)


def fold_word(raw: str) -> str:
    """The norm of one word token: leetspeak mapped when letters and digits mix."""
    return _fold_word(raw[:MAX_WORD])


@lru_cache(maxsize=32768)
def _fold_word(word: str) -> str:
    # Cached: chat vocabulary is small and repetitive, folding is the costly part of tokenizing.
    has_alpha = any(ch.isalpha() for ch in word)
    if has_alpha and any(not ch.isalpha() and ch not in CENSOR_CHARS and ch not in "'’"
                         for ch in word):
        word = word.translate(_LEET)
    word = word.replace("’", "'")
    return fold(word)


def is_censored(norm: str) -> bool:
    return "*" in norm or "#" in norm


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with exact offsets."""
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        raw = match.group()
        short = raw[:MAX_WORD]
        tokens.append(Token(match.start(), match.end(), raw, _fold_word(short), short.lower()))
    return tokens


# Gaps allowed between the letters of a spaced-out word: "m i e r d a", "p.u.t.a", "m-i-e-r-d-a".
_SPACED_GAP = frozenset(" .-_·")


def join_spaced(text: str, tokens: list[Token], vocabulary: frozenset[str]) -> list[Token]:
    """Merge 3+ spaced single letters into one token when they spell a word in ``vocabulary``.

    Only known words are merged, so ordinary single letters ("y", "a", "o") stay as they are:
    "una m i e r d a y a" -> "una", "m i e r d a", "y", "a". Each run of single letters is
    scanned once, trying only the word lengths the vocabulary has, so the work stays linear.
    """
    lengths = _spelled_lengths(vocabulary)
    if not _has_letter_run(tokens, min(lengths, default=0)):
        return list(tokens)  # nothing to merge (most drafts)
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        if len(tokens[i].raw) != 1:
            out.append(tokens[i])
            i += 1
            continue
        run_end = i + 1
        while run_end < n and len(tokens[run_end].raw) == 1:
            gap = text[tokens[run_end - 1].end:tokens[run_end].start]
            if not 1 <= len(gap) <= 2 or any(ch not in _SPACED_GAP for ch in gap):
                break
            run_end += 1
        k = i
        while k < run_end:
            merged = _spelled_word(text, tokens, k, run_end, lengths, vocabulary)
            if merged is None:
                out.append(tokens[k])
                k += 1
            else:
                out.append(merged[0])
                k = merged[1]
        i = run_end
    return out


def _has_letter_run(tokens: list[Token], shortest: int) -> bool:
    """Whether ``shortest`` (>= 1) single-character tokens stand in a row: no known word can be
    spelled with fewer, so otherwise :func:`join_spaced` keeps every token as it is."""
    if shortest < 1:
        return False
    singles = [i for i, token in enumerate(tokens) if len(token.raw) == 1]
    step = shortest - 1
    return any(singles[k + step] - singles[k] == step for k in range(len(singles) - step))


def _spelled_word(text: str, tokens: list[Token], first: int, run_end: int,
                  lengths: tuple[int, ...], vocabulary: frozenset[str]) -> tuple[Token, int] | None:
    """The longest known word spelled by ``tokens[first:...]`` and the index after it."""
    for length in lengths:  # longest first
        end = first + length
        if end > run_end:
            continue
        letters = "".join(token.raw for token in tokens[first:end])
        norm = fold_word(letters)
        if norm in vocabulary:
            start, stop = tokens[first].start, tokens[end - 1].end
            return Token(start, stop, text[start:stop], norm, letters.casefold()), end
    return None


@lru_cache(maxsize=8)
def _spelled_lengths(vocabulary: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(word) for word in vocabulary if 3 <= len(word) <= 24},
                        reverse=True))
