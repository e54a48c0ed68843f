"""Shouting: runs of ALL-CAPS words and piled-up "!!!" / "¿¿¿" / "?!?!".

Not shouting: acronyms (DNI, IBAN, WIFI), product codes (XR-200, A4), one caps heading word
("IMPORTANTE:") and a single or double "!".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from deskreply.checks.tone.normalise import Token

# Three or more in a row of ! ? ¡ ¿ (possibly mixed, "?!?!"), as one span. One class, linear.
_PUNCT_RUN = re.compile(r"[!?¡¿]{3,}")
# Sentence ends (for "a whole sentence in caps").
_ENDS = frozenset(".!?¡¿:;\n")
_WINDOW = 300

MIN_RUN = 3
MIN_SENTENCE_WORDS = 2


@dataclass(frozen=True, slots=True)
class Shout:
    start: int
    end: int
    punctuation: bool  # True for "!!!", False for caps words


def _is_caps_word(tok: Token) -> bool:
    raw = tok.raw
    # Digits or symbols inside make it a code ("XR200", "A4"), not a word.
    return len(raw) >= 2 and raw.isupper() and raw.isalpha()


class ShoutingDetector:
    """Finds shouting given the acronym list and the short words that are real words."""

    def __init__(self, acronyms: list[str], short_words: list[str]) -> None:
        self._acronyms = frozenset(a.casefold() for a in acronyms)
        # Words of 2–3 letters that are ordinary words when written in caps ("NO", "LEA", "THE");
        # other caps words that short are taken for acronyms (ATM, DHL, PDF).
        self._short_words = frozenset(w.casefold() for w in short_words)

    def _ordinary(self, tok: Token) -> bool:
        if not _is_caps_word(tok):
            return False
        lower = tok.norm
        if lower in self._acronyms or tok.raw.casefold() in self._acronyms:
            return False
        if len(tok.raw) <= 3:
            return lower in self._short_words
        return True

    def find(self, text: str, tokens: list[Token]) -> Iterator[Shout]:
        for match in _PUNCT_RUN.finditer(text):
            yield Shout(match.start(), match.end(), True)
        yield from self._caps_runs(text, tokens)

    def _caps_runs(self, text: str, tokens: list[Token]) -> Iterator[Shout]:
        # A run starts at an ordinary caps word; most drafts have none, and this quick pass
        # (a C-level ``isupper`` per word) says so without the loop below.
        if not any(self._ordinary(tok) for tok in tokens if tok.raw.isupper()):
            return
        run: list[Token] = []
        for tok in tokens:
            if not tok.raw.isupper():
                # Most words: neither a caps word nor a capital letter, so the run ends here.
                if run:
                    yield from self._flush(text, run)
                    run = []
                continue
            if self._ordinary(tok):
                run.append(tok)
                continue
            # A single capital letter ("Y", "A") or an acronym inside a caps run neither breaks
            # nor counts towards it ("NO LO ENVIAMOS A USA").
            if run and (_is_caps_word(tok) or (len(tok.raw) == 1 and tok.raw.isupper())):
                run.append(tok)
                continue
            yield from self._flush(text, run)
            run = []
        yield from self._flush(text, run)

    def _flush(self, text: str, run: list[Token]) -> Iterator[Shout]:
        # Trailing acronyms/single letters are not part of the shout.
        while run and not self._ordinary(run[-1]):
            run = run[:-1]
        if not run:
            return
        ordinary = sum(1 for tok in run if self._ordinary(tok))
        if ordinary >= MIN_RUN or (
            ordinary >= MIN_SENTENCE_WORDS and self._whole_sentence(text, run)
        ):
            yield Shout(run[0].start, run[-1].end, False)

    @staticmethod
    def _whole_sentence(text: str, run: list[Token]) -> bool:
        """The run is all the letters of its sentence ("LEA BIEN." on its own).

        Looks at most ``_WINDOW`` characters either side, so long drafts stay linear.
        """
        lo = max(0, run[0].start - _WINDOW)
        for i in range(run[0].start - 1, lo - 1, -1):
            ch = text[i]
            if ch in _ENDS:
                break
            if ch.isalpha():
                return False
        hi = min(len(text), run[-1].end + _WINDOW)
        for i in range(run[-1].end, hi):
            ch = text[i]
            if ch in _ENDS:
                break
            if ch.isalpha():
                return False
        return True
