"""The customer's mood: what the incoming message says about how the customer feels.

A small component (``deskreply_mood``, early in the pipeline) reads
``request.context.incoming`` once and stores a :class:`Mood` on ``doc._.deskreply_mood``:

* ``complaint`` — reports a problem (broken, late, charged twice);
* ``misfortune`` — bad news in the customer's life (a death, an accident, a theft, illness);
* ``anger`` — anger or contempt ("furious", "a joke", "es el colmo", a shouted message);
* ``urgency`` — needs it now;
* ``thanks`` — thanks or praise;
* ``question`` — asks something.

Consumers: ``no_empathy`` (an upset customer needs acknowledgement; a thankful one or a
neutral question does not) and the emoji context rules (laughing at a misfortune, even when
the customer uses no complaint words, is mocking; laughing with a customer who jokes is not).
Cues are general word families (resources/lexicons/tone/mood.json), matched on folded text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from deskreply.checks.component import REQUEST_ATTR, CheckComponent
from deskreply.checks.emoji.context import CueSet, fold
from deskreply.checks.report import Finding
from deskreply.checks.request import CheckRequest
from deskreply.i18n import Translate

MOOD_ATTR = "deskreply_mood"
LABELS = ("complaint", "misfortune", "anger", "urgency", "thanks", "question")
# Only the start of a very long message is read: the mood is in the first lines.
INCOMING_LIMIT = 5000

if not Doc.has_extension(MOOD_ATTR):
    Doc.set_extension(MOOD_ATTR, default=None)


@dataclass(frozen=True)
class Mood:
    labels: frozenset[str] = frozenset()

    def __contains__(self, label: object) -> bool:
        return label in self.labels

    @property
    def upset(self) -> bool:
        """Complaint, anger or misfortune: the reply should acknowledge it."""
        return bool(self.labels & {"complaint", "anger", "misfortune"})

    @property
    def distressed(self) -> bool:
        """Misfortune or anger: laughing at it reads as mockery."""
        return bool(self.labels & {"anger", "misfortune"})

    @property
    def only_friendly(self) -> bool:
        """Thanks/praise or a plain question, with nothing upsetting in it."""
        return not self.upset and bool(self.labels & {"thanks", "question"})


NEUTRAL = Mood()


class MoodReader:
    def __init__(self, data: dict[str, Any]) -> None:
        self._cues = {label: CueSet(data.get(label, [])) for label in LABELS
                      if label != "question"}
        self._question_words = frozenset(fold(w) for w in data.get("question_words", []))
        self.read = lru_cache(maxsize=64)(self._read)  # same message on every keystroke

    def _read(self, incoming: str | None) -> Mood:
        if not incoming or not incoming.strip():
            return NEUTRAL
        sample = incoming[:INCOMING_LIMIT]
        folded = fold(sample)
        labels = {label for label, cues in self._cues.items() if cues.search(folded)}
        letters = [ch for ch in sample if ch.isalpha()]
        if len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) > 0.7:
            labels.add("anger")  # a shouted message
        first = folded.split(maxsplit=1)[0] if folded.split() else ""
        if "?" in sample or first in self._question_words:
            labels.add("question")
        return Mood(frozenset(labels))


def mood_of(doc: Doc) -> Mood:
    mood: Mood | None = doc._.get(MOOD_ATTR)
    return mood if mood is not None else NEUTRAL


class MoodComponent(CheckComponent):
    """Reads the customer's message; reports nothing itself."""

    check_name = "tone"  # never reports; the name only selects a gettext domain

    def load_resources(self, resources: Path, lang: str) -> dict[str, Any]:
        data = dict(srsly.read_json(resources / "lexicons" / "tone" / "mood.json"))
        data.pop("_about", None)
        return data

    def prepare(self) -> None:
        self.reader = MoodReader(self.data)

    def find(self, doc: Doc, request: CheckRequest, _: Translate) -> Iterable[Finding]:
        return ()

    def __call__(self, doc: Doc) -> Doc:
        request: CheckRequest | None = doc._.get(REQUEST_ATTR)
        incoming = request.context.incoming if request is not None else None
        doc._.set(MOOD_ATTR, self.reader.read(incoming))
        return doc


@Language.factory("deskreply_mood")
def make_mood(nlp: Language, name: str) -> MoodComponent:
    return MoodComponent(nlp, name)
