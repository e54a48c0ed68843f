"""Pet names and buddy words used to address the customer ("gracias, linda", "ok hun").

Most of these words are also ordinary adjectives or nouns ("una bolsa linda", "honey", "queen
size"), so they only count in an address position: right after a greeting or acknowledgement
("Hola linda", "Thanks love"), or standing alone between punctuation (", reina!").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from deskreply.checks.tone.normalise import Token, fold

_BEFORE = frozenset(",.;:!?¡¿\n")


class Vocatives:
    def __init__(self, data: dict[str, Any] | None) -> None:
        data = data or {"words": [], "after": []}
        self._words = frozenset(fold(w) for w in data["words"])
        self._after = frozenset(fold(w) for w in data["after"])

    def find(self, text: str, tokens: list[Token]) -> Iterator[int]:
        """Indexes of tokens used as a pet name."""
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if tok.norm not in self._words:
                continue
            if i > 0 and tokens[i - 1].norm in self._after and not _has_stop(
                text[tokens[i - 1].end:tok.start]
            ):
                yield i
                continue
            before_ok = i == 0 or any(ch in _BEFORE for ch in text[tokens[i - 1].end:tok.start])
            after_gap = text[tok.end:tokens[i + 1].start] if i + 1 < n else "x"
            after_ok = i + 1 >= n or bool(after_gap.strip())
            if before_ok and after_ok:
                yield i


def _has_stop(gap: str) -> bool:
    """A sentence end between the words ("Gracias. Linda tarde")."""
    return any(ch in ".!?\n" for ch in gap)
