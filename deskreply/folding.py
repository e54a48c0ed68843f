"""How DeskReply compares words regardless of case and accents: one place for every part.

Two forms, because two kinds of callers need them:

* :func:`fold` for comparing (word lists, search, names, lexicons): case-folded, compatibility
  forms decomposed ("ﬁ" -> "fi", "①" -> "1"), accents dropped. The result can be longer or
  shorter than the input.
* :func:`fold_keep_length` for matching inside a draft, where a match's offsets must point
  at the same characters in the original text: one character in, one character out.
"""

from __future__ import annotations

import unicodedata
from functools import cache


def fold(text: str) -> str:
    """``"  José MARÍA"`` -> ``"  jose maria"``: lower case, no accents (length may change)."""
    # Compatibility forms first, then case, then once more: folding twice changes nothing.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_spaces(text: str) -> str:
    """:func:`fold` with runs of white space made one space and the ends trimmed."""
    return " ".join(fold(text).split())


@cache
def _fold_one(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:  # "İ".lower() has two characters: keep the length
        low = ch
    base = unicodedata.normalize("NFKD", low)[:1]
    return base if len(base) == 1 else low


# Latin, Latin Extended and Latin Extended Additional: every letter Spanish, Portuguese and
# English use. Other scripts are left as they are (still the same length).
_KEEP_LENGTH: dict[int, str] = {cp: _fold_one(chr(cp)) for cp in range(0x250)}
_KEEP_LENGTH.update({cp: _fold_one(chr(cp)) for cp in range(0x1E00, 0x1F00)})
_KEEP_LENGTH.update({0x2019: "'", 0x2018: "'"})  # "don’t" matches "don't"


def fold_keep_length(text: str) -> str:
    """Lower-case, strip accents; ``len(result) == len(text)`` so offsets stay valid."""
    return text.translate(_KEEP_LENGTH)
