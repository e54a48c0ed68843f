"""Guess how a Spanish-speaking customer addresses us (tú, usted or vos) from their messages.

The contact panel stores the guess as "learned"; the agent can correct it, and a correction is
never overwritten. Marker words are written here as general grammar (second-person verb forms
of common verbs and pronouns), not taken from any data set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"\w+", re.UNICODE)
_USTED = frozenset("usted ud uds disculpe perdone digame oiga podria seria agradeceria "
                   "puede tiene quiere sabe".split())
# Voseo: stressed final syllable of the present (tenés, podés, querés), imperatives (decime,
# fijate, mirá), "vos" and "sos".
_VOS = frozenset("vos sos tenes podes queres sabes decis haces decime fijate mira avisame "
                 "contame escribime mandame llamame".split())
_VOS_ACCENTED = frozenset("tenés podés querés sabés decís hacés mirá".split())
_TU = frozenset("tu tú eres tienes puedes quieres sabes dices haces dime fijate mira avisame "
                "cuentame escribeme mandame llamame oye te ti contigo".split())


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def guess_formality(messages: Iterable[str]) -> str:
    """'usted', 'vos', 'tu' or '' (not enough evidence) from the customer's own messages."""
    scores = {"usted": 0, "vos": 0, "tu": 0}
    for text in messages:
        for raw in _WORD.findall(text):
            lower = raw.casefold()
            word = _fold(raw)
            if lower in _VOS_ACCENTED or word in ("vos", "sos"):
                scores["vos"] += 2
            elif word in _VOS and word not in _TU:
                scores["vos"] += 1
            if word in _USTED:
                scores["usted"] += 2 if word in ("usted", "ud", "uds") else 1
            if lower in ("tú", "eres", "tienes", "puedes", "quieres") or (
                    word in _TU and lower not in _VOS_ACCENTED and word not in _VOS):
                scores["tu"] += 1
    best = max(scores, key=lambda key: scores[key])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 2 or ranked[0] == ranked[1]:
        return ""
    return best
