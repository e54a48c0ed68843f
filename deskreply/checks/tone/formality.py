"""Formality mismatch (Spanish): tú/vos to a customer who writes with usted, or a mixed reply.

Usted is never a mismatch. "Ustedes" is plural in Latin America, so it marks nothing. An
incoming message with no address marker allows any form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from deskreply.checks.tone.lexicon import PhraseMatcher
from deskreply.checks.tone.normalise import Token, fold, tokenize

# Infinitive or gerund + "te" ("ayudarte", "enviándote") is tú; + "le" ("ayudarle") is usted.
_TU_ENCLITIC = re.compile(r"^[a-zñ]{2,}(?:ar|er|ir|ando|iendo|yendo)te(?:lo|la|los|las)?$")
_USTED_ENCLITIC = re.compile(r"^[a-zñ]{2,}(?:ar|er|ir|ando|iendo|yendo)le(?:lo|la|los|las)?$")
# Words that end like an enclitic but are nouns/adjectives: "parte", "suerte", "Marte".
_ENCLITIC_EXCEPTIONS = re.compile(r"(?:parte|uerte|^arte|^marte|baluarte|estandarte|descarte)$")
MAX_FINDINGS = 5
_CLITIC_ENDINGS = ("te", "le", "lo", "la", "los", "las")


@dataclass(frozen=True, slots=True)
class Mismatch:
    start: int
    end: int
    text: str
    fix: str | None
    mixed: bool  # True: the reply mixes usted and tú; False: tú to a formal customer


class FormalityChecker:
    def __init__(self, data: dict[str, Any]) -> None:
        self._tu_words = frozenset(fold(w) for w in data["tu_words"])
        # Voseo/tú forms that lose their meaning without the accent ("estás" vs "estas").
        self._tu_accented = frozenset(w.casefold() for w in data.get("tu_accented", ()))
        self._usted_words = frozenset(fold(w) for w in data["usted_words"])
        self._to_usted = {fold(k): v for k, v in data["tu_to_usted"].items()}
        # A word can only be a marker if it is listed or ends like an enclitic (see _is_tu,
        # _is_usted): the others are skipped with set and ``endswith`` tests.
        self._marker_words = self._tu_words | self._usted_words
        entries = [
            {"kind": "formal", "patterns": data["formal_phrases"]},
            {"kind": "usted", "patterns": data["usted_phrases"]},
            {"kind": "tu", "patterns": data["tu_phrases"]},
        ]
        self._phrases = PhraseMatcher(entries)
        # The same incoming message is checked on every keystroke of the reply: remember it.
        self.incoming_is_formal = lru_cache(maxsize=64)(
            self._incoming_is_formal
        )

    # -- markers ----------------------------------------------------------------------------
    def _is_tu(self, tok: Token) -> bool:
        if tok.lower in ("té", "sé", "él"):  # tea / I know / he: accents tell them apart
            return False
        norm = tok.norm
        if norm in self._tu_words or tok.lower in self._tu_accented:
            return True
        if not norm.endswith(_CLITIC_ENDINGS):  # cheap test before the regex
            return False
        return bool(_TU_ENCLITIC.match(norm)) and not _ENCLITIC_EXCEPTIONS.search(norm)

    def _is_usted(self, tok: Token) -> bool:
        norm = tok.norm
        if norm in self._usted_words:
            return True
        return norm.endswith(_CLITIC_ENDINGS) and bool(_USTED_ENCLITIC.match(norm))

    def markers(self, tokens: list[Token]) -> tuple[list[tuple[int, int]], int, int]:
        """(tú marker token ranges, usted count, formal-register count)."""
        tu: list[tuple[int, int]] = []
        usted = formal = 0
        listed, accented = self._marker_words, self._tu_accented
        candidates = [(i, tok) for i, tok in enumerate(tokens)
                      if tok.norm in listed or tok.lower in accented
                      or tok.norm.endswith(_CLITIC_ENDINGS)]
        for i, tok in candidates:
            if self._is_tu(tok):
                tu.append((i, i + 1))
            elif self._is_usted(tok):
                usted += 1
        for match in self._phrases.find([t.norm for t in tokens]):
            if match.entry.kind == "formal":
                formal += 1
            elif match.entry.kind == "usted":
                usted += 1
            elif match.entry.kind == "tu":
                tu.append((match.first, match.last))
        return tu, usted, formal

    def _incoming_is_formal(self, incoming: str | None) -> bool:
        if not incoming:
            return False
        tu, usted, formal = self.markers(tokenize(incoming[:5000]))
        return (usted + formal) > 0 and not tu

    # -- the check ----------------------------------------------------------------------------
    def find(self, text: str, tokens: list[Token], incoming: str | None,
             preferred: str | None = None) -> Iterator[Mismatch]:
        """tú forms in a reply to a customer addressed as usted (known or guessed from their
        message), or mixed with usted in the same reply. ``preferred`` (the contact's known
        choice) wins over the guess: "tu"/"vos" customers are not told off for tú."""
        tu, usted, _formal = self.markers(tokens)
        if not tu:
            return
        if preferred == "usted" or (preferred is None and self.incoming_is_formal(incoming)):
            mixed = False
        elif usted > 0:
            mixed = True
        else:
            return
        seen: set[int] = set()
        for first, last in sorted(tu)[:MAX_FINDINGS]:
            if first in seen:
                continue
            seen.update(range(first, last))
            start, end = tokens[first].start, tokens[last - 1].end
            span = text[start:end]
            yield Mismatch(start, end, span, self._fix(span), mixed)

    def _fix(self, span: str) -> str | None:
        key = fold(span)
        replacement = self._to_usted.get(key)
        if replacement is None and _TU_ENCLITIC.match(key):
            # "ayudarte" -> "ayudarle", "enviártelo" -> "enviárselo"
            if span.lower().endswith("te"):
                replacement = span[:-2] + "le"
            else:
                cut = span.lower().rfind("te")
                replacement = span[:cut] + "se" + span[cut + 2:]
        if replacement is None:
            return None
        if span[:1].isupper():
            replacement = replacement[:1].upper() + replacement[1:]
        return replacement
