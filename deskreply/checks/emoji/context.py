"""What the words around an emoji say: is the reply threatening, flirting, owning a mistake,
taking a political side, naming the literal thing? (Whether the customer is upset is the
mood component's answer: :mod:`deskreply.checks.mood`.)

Cue lists live in ``resources/emoji/cues.json`` (data, not code). Everything is matched on
case- and accent-folded text of the same length as the original, so a match offset is a draft
offset. Patterns are alternations of literal words: linear time, no nested quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from deskreply.folding import fold_keep_length

# How far around an emoji a literal cue ("berenjenas 🍆") or a threat may stand.
WINDOW_BEFORE = 60
WINDOW_AFTER = 40


# Lower-case, no accents, same length as the text (offsets stay valid).
fold = fold_keep_length


def _alternative(entry: str) -> str:
    entry = fold(entry.strip())
    prefix = entry.endswith("*")
    words = entry.rstrip("*").split()
    body = r"\s+".join(re.escape(word) for word in words)
    return body + (r"\w*" if prefix else "")


class CueSet:
    """Whole-word cue phrases (``word``, ``two words``, ``stem*``) found in folded text."""

    def __init__(self, entries: Iterable[str]) -> None:
        parts = sorted({_alternative(e) for e in entries if e.strip()}, key=len, reverse=True)
        self._regex = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)") if parts else None

    def search(self, folded: str, start: int = 0, end: int | None = None) -> bool:
        if self._regex is None:
            return False
        stop = len(folded) if end is None else end
        return self._regex.search(folded, max(0, start), stop) is not None

    def count(self, folded: str) -> int:
        return 0 if self._regex is None else sum(1 for _ in self._regex.finditer(folded))

    def starts(self, folded: str) -> list[int]:
        """Where each cue found in ``folded`` begins."""
        return [] if self._regex is None else [m.start() for m in self._regex.finditer(folded)]


class VocativeCues:
    """Pet names used to address someone (", linda", "gracias guapa"), not as adjectives."""

    def __init__(self, names: Iterable[str], leads: Iterable[str]) -> None:
        name_part = "|".join(sorted({_alternative(n) for n in names}, key=len, reverse=True))
        lead_part = "|".join(sorted({_alternative(w) for w in leads}, key=len, reverse=True))
        self._regex = re.compile(
            rf"(?:,|(?<!\w)(?:{lead_part})(?!\w)[ \t,]{{0,3}})[ \t]{{0,3}}(?:{name_part})(?!\w)"
        )

    def search(self, folded: str) -> bool:
        return self._regex.search(folded) is not None


@dataclass(frozen=True)
class Cues:
    """Every cue list of the emoji check, compiled once per pipeline."""

    threat: CueSet
    flirt: CueSet
    vocative: VocativeCues
    body_compliment: CueSet
    self_blame: CueSet
    first_person: CueSet
    apology: CueSet
    political: CueSet
    skin_comment: CueSet
    skin_vocative: VocativeCues
    possessive: CueSet
    second_person_before: CueSet
    literal: Mapping[str, CueSet]

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Cues:
        def cue(name: str) -> CueSet:
            return CueSet(_strings(data.get(name)))

        literal_data = data.get("literal")
        literal = (
            {k: CueSet(_strings(v)) for k, v in literal_data.items()}
            if isinstance(literal_data, dict)
            else {}
        )
        return cls(
            threat=cue("threat"),
            flirt=cue("flirt"),
            vocative=VocativeCues(
                _strings(data.get("pet_names")), _strings(data.get("vocative_lead"))
            ),
            body_compliment=cue("body_compliment"),
            self_blame=cue("self_blame"),
            first_person=cue("first_person"),
            apology=cue("apology"),
            political=cue("political"),
            skin_comment=cue("skin_comment"),
            skin_vocative=VocativeCues(
                _strings(data.get("skin_vocative")), _strings(data.get("vocative_lead"))
            ),
            possessive=cue("possessive"),
            second_person_before=cue("second_person_before"),
            literal=literal,
        )

    # -- the reply ------------------------------------------------------------------------------
    def is_flirting(self, folded_reply: str) -> bool:
        return self.flirt.search(folded_reply) or self.vocative.search(folded_reply)

    def owns_mistake(self, folded_reply: str) -> bool:
        """Does the agent own a mistake ("me equivoqué", "perdón, te mandé otro")?"""
        if self.self_blame.search(folded_reply):
            return True
        return self.first_person.search(folded_reply) and self.apology.search(folded_reply)

    def comments_on_skin(self, folded_reply: str) -> bool:
        """Words about the customer's skin or race ("para morenitas como usted", "hola, negra")."""
        return self.skin_comment.search(folded_reply) or self.skin_vocative.search(folded_reply)

    def literal_near(self, group: str, folded_reply: str, start: int, end: int) -> bool:
        cues = self.literal.get(group)
        if cues is None:
            return False
        return cues.search(folded_reply, start - WINDOW_BEFORE, end + WINDOW_AFTER)

    def possessive_before(self, folded_reply: str, start: int) -> bool:
        """Is the emoji used as a noun right after "tu", "your", "that" ("your 🍑")?"""
        words = folded_reply[max(0, start - 8) : start].split()
        return bool(words) and self.possessive.search(words[-1])

    def said_of_the_customer(self, folded_reply: str, start: int) -> bool:
        """Is the emoji the predicate of "you are" / "te ves" ("estás 🔥", "you look 🔥")?"""
        before = folded_reply[max(0, start - 16) : start]
        return self.second_person_before.search(before, len(before.rstrip()) - 12)


def _strings(value: object) -> list[str]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []
