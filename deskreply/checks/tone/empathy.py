"""No empathy: an upset customer gets a curt reply with no acknowledgement or apology.

Three questions, each answered from the lexicon: is the incoming message an angry or sad
complaint? Does the reply acknowledge it anywhere (sorry, lamento, entiendo…)? Is the reply
short enough to read as curt? Only "yes, no, yes" is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from deskreply.checks.tone.lexicon import PhraseMatcher
from deskreply.checks.tone.normalise import Token, fold, tokenize

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True, slots=True)
class CurtReply:
    start: int
    end: int
    text: str


class EmpathyChecker:
    def __init__(self, data: dict[str, Any]) -> None:
        self._complaint = PhraseMatcher([{"kind": "complaint", "patterns": data["complaint"]}])
        self._empathy = PhraseMatcher([
            {"kind": "empathy", "patterns": data["empathy"]},
            {"kind": "warmth", "patterns": data.get("warmth", [])},
        ])
        self.max_words: int = int(data.get("curt_max_words", 20))
        # The same incoming message is checked on every keystroke of the reply: remember it.
        self.is_complaint = lru_cache(maxsize=64)(self._is_complaint)

    def _is_complaint(self, incoming: str | None) -> bool:
        if not incoming:
            return False
        sample = incoming[:5000]
        if self._complaint.find([t.norm for t in tokenize(sample)]):
            return True
        # A shouted message is a complaint even without cue words ("!!" alone is not: happy
        # customers use it too).
        letters = [ch for ch in sample if ch.isalpha()]
        caps = sum(1 for ch in letters if ch.isupper())
        return len(letters) >= 12 and caps / len(letters) > 0.7

    def acknowledges(self, text: str, tokens: list[Token], contact_name: str | None) -> bool:
        """Apology, acknowledgement, warmth, a question back, or the customer's name."""
        if "?" in text or "¡" in text:
            return True
        if self._empathy.find([t.norm for t in tokens]):
            return True
        if contact_name:
            names = {fold(part) for part in contact_name.split() if len(part) >= 3}
            return any(t.norm in names for t in tokens)
        return False

    def find(
        self, text: str, tokens: list[Token], incoming: str | None, contact_name: str | None,
        upset: bool = False,
    ) -> CurtReply | None:
        """``upset``: the customer's mood already says complaint, anger or misfortune."""
        if not tokens or len(tokens) > self.max_words:
            return None
        if not (upset or self.is_complaint(incoming)):
            return None
        if self.acknowledges(text, tokens, contact_name):
            return None
        first = _SENTENCE.search(text)
        if first is None:
            return None
        start = first.start() + (len(first.group()) - len(first.group().lstrip()))
        end = first.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        return CurtReply(start, end, text[start:end])
