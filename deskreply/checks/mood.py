"""The customer's mood: what the incoming message says about how the customer feels.

A small component (``deskreply_mood``, early in the pipeline) reads
``request.context.incoming`` once and stores a :class:`Mood` on ``doc._.deskreply_mood``:

* ``complaint`` — reports a problem (broken, late, charged twice);
* ``misfortune`` — bad news in the customer's life (a death, an accident, a theft, illness);
* ``anger`` — anger or contempt ("furious", "a joke", "es el colmo", a shouted message);
* ``urgency`` — needs it now;
* ``thanks`` — thanks or praise;
* ``question`` — asks something;
* ``upset`` — none of the cues above fired, but the trained classifier of
  :mod:`deskreply.checks.mood_model` reads an upset customer ("the blouse that came is an M and
  I ordered an S"); when it is sure the customer is calm, it drops the cues' complaint, anger
  and misfortune instead (a joke, a solved problem).

Consumers: ``no_empathy`` (an upset customer needs acknowledgement; a thankful one or a
neutral question does not), the tone phrases that need a complaint, and the emoji context
rules (laughing at a complaint or a misfortune, even one told without complaint words, is
mocking; laughing with a customer who jokes is not). One reader, so the checks never disagree
about the same message. Cues are general word families (resources/lexicons/tone/mood.json),
matched on folded text; the classifier adds recall where the customer names no problem.
``benchmarks/eval_mood.py`` measures both, cross-validated on the training messages too.
"""

from __future__ import annotations

import re
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
from deskreply.checks.mood_model import (
    UPSET,
    UPSET_LABELS,
    UpsetClassifier,
    mood_model,
    upset_score,
)
from deskreply.checks.report import Finding
from deskreply.checks.request import CheckRequest
from deskreply.i18n import Translate

MOOD_ATTR = "deskreply_mood"
# Labels a cue list decides; the classifier adds UPSET when none of the upset ones fired.
CUE_LABELS = ("complaint", "misfortune", "anger", "urgency", "thanks", "question")
LABELS = (*CUE_LABELS, UPSET)
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
        """Complaint, anger, misfortune or an upset tone: the reply should acknowledge it."""
        return bool(self.labels & UPSET_LABELS)

    @property
    def distressed(self) -> bool:
        """Misfortune or anger: laughing at it reads as mockery."""
        return bool(self.labels & {"anger", "misfortune"})

    @property
    def only_friendly(self) -> bool:
        """Thanks/praise or a plain question, with nothing upsetting in it."""
        return not self.upset and bool(self.labels & {"thanks", "question"})


NEUTRAL = Mood()


# Cue lists that mark a problem only when the message is not hypothetical, happy or a joke.
_GATED = ("complaint", "complaint_weak", "misfortune")
# "if it arrives damaged", "si el técnico no viene, ¿me cobran?": a problem word after a
# condition in the same sentence is a question about a case, not a report of one.
# "Sí, llegó roto" is a yes, not an if: an accented "sí" (checked on the original text) or a
# "si" followed by a comma or a stop is never a condition.
_CONDITION = re.compile(
    r"(?<!\w)(?:if|si|should|unless|in case|in the event|suppose|supposing|assuming|"
    r"en caso de|en caso que|por si|suponiendo|supongamos|en el supuesto)(?!\w)(?!\s*[,.!:])")
_SENTENCE_END = re.compile(r"[.!?\n]")
_CONDITION_REACH = 60
# Sarcasm opens with praise: it must start within this many characters ("Ah, qué bien, …").
_OPENER_REACH = 6
# "??", "Hola???", "y el pedido??": a bare repeated question mark is a customer left waiting.
_PING_WORDS = 3


class MoodReader:
    """Reads the labels of :data:`LABELS` from an incoming message.

    ``complaint_strong`` ("estafa", "charged twice") and ``anger`` decide alone. The gated
    lists (a problem word, a misfortune) do not count in a hypothetical or happy message
    ("what if it arrives broken?", "it was late but it's perfect"), and one gated cue alone
    does not count in a joking message ("my dog destroyed it lol"); two do.
    """

    def __init__(self, data: dict[str, Any],
                 classifier: UpsetClassifier | None = None) -> None:
        lists = (*CUE_LABELS, "complaint_strong", "complaint_weak", "not_complaint", "joke",
                 "upset_emoji", "ironic_openers", "irony_tails", "sincere_thanks")
        self._cues = {name: CueSet(data.get(name, [])) for name in lists if name != "question"}
        self._question_words = frozenset(fold(w) for w in data.get("question_words", []))
        self._classifier = classifier
        self.read = lru_cache(maxsize=64)(self._read)  # same message on every keystroke

    def _read(self, incoming: str | None) -> Mood:
        if not incoming or not incoming.strip():
            return NEUTRAL
        sample = incoming[:INCOMING_LIMIT]
        folded = fold(sample)
        cues = self._cues
        labels = {label for label in ("anger", "urgency", "thanks") if cues[label].search(folded)}
        letters = [ch for ch in sample if ch.isalpha()]
        if len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) > 0.7:
            labels.add("anger")  # a shouted message
        words = folded.split()
        first = words[0] if words else ""
        if "?" in sample or first in self._question_words:
            labels.add("question")
        if _reported(sample, folded, cues["complaint_strong"].starts(folded)) or self._waiting(
                sample, words):
            labels.add("complaint")
        gated = {name: set(_reported(sample, folded, cues[name].starts(folded)))
                 for name in _GATED}
        places = set().union(*gated.values())  # a word on two lists counts once
        # The customer's own 🙄 or 💔 shows a problem too, and a happy word cannot cancel it
        # ("Perfecto 🙃"); nor can it cancel praise that the rest of the message contradicts.
        upset_emoji = set(cues["upset_emoji"].starts(folded))
        signals = places | upset_emoji
        ironic = self._ironic(folded, signals)
        vetoed = cues["not_complaint"].search(folded) and not (ironic or upset_emoji)
        if (signals or ironic) and not vetoed and (
                len(signals) >= 2 or not cues["joke"].search(folded)):
            if gated["misfortune"]:
                labels.add("misfortune")
            if gated["complaint"] or gated["complaint_weak"] or upset_emoji or ironic:
                labels.add("complaint")
        if self._classifier is not None:
            labels = self._classifier.overrule(sample, labels)
        return Mood(frozenset(labels))

    def _ironic(self, folded: str, problems: set[int]) -> bool:
        """Praise that opens the message and is contradicted by what follows: a problem word or
        an upset emoji ("Genial, otra vez sin luz", "Perfecto 🙃") or an ironic tail ("Muy
        oportunos"). A length of time or money is not enough: "Wow, llegó en dos días"."""
        # Only the opening is searched: the longest opener is under 20 characters.
        openers = self._cues["ironic_openers"].starts(folded[:_OPENER_REACH + 20])
        if not openers or openers[0] > _OPENER_REACH:
            return False
        after = openers[0] + 1
        if self._cues["irony_tails"].search(folded, after):
            return True
        # "Perfect, it was broken but you replaced it, thanks": a thank-you after the praise
        # means the praise is sincere and the problem is solved.
        return (any(place >= after for place in problems)
                and not self._cues["sincere_thanks"].search(folded, after))

    def _waiting(self, sample: str, words: list[str]) -> bool:
        """A short ping made of repeated question marks ("??", "y el pedido??")."""
        if "??" not in sample or len(words) > _PING_WORDS:
            return False
        first = words[0].strip("¿?¡!.,") if words else ""
        return first not in self._question_words


def _reported(sample: str, folded: str, starts: list[int]) -> list[int]:
    """The cue positions not governed by a condition earlier in their sentence (``folded``
    is ``sample`` folded to the same length, so offsets are shared)."""
    kept = []
    for start in starts:
        window = max(0, start - _CONDITION_REACH)
        conditions = [m for m in _CONDITION.finditer(folded, window, start)
                      if sample[m.start():m.end()].lower() != "sí"]
        if not conditions or _SENTENCE_END.search(folded, conditions[-1].end(), start):
            kept.append(start)
    return kept


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

    def __init__(self, nlp: Language, name: str, upset_at: float = 1.0,
                 calm_below: float = 0.0) -> None:
        super().__init__(nlp, name)
        self._nlp = nlp
        self.upset_at = upset_at
        self.calm_below = calm_below

    def prepare(self) -> None:
        self.reader = MoodReader(self.data, self._classifier())

    def _classifier(self) -> UpsetClassifier | None:
        """The pipeline's mood classifier at its validated thresholds (None without it)."""
        model = mood_model(self._nlp)
        if model is None:
            return None
        return UpsetClassifier(lambda text: upset_score(model, text), self.upset_at,
                               self.calm_below)

    def find(self, doc: Doc, request: CheckRequest, _: Translate) -> Iterable[Finding]:
        return ()

    def __call__(self, doc: Doc) -> Doc:
        request: CheckRequest | None = doc._.get(REQUEST_ATTR)
        incoming = request.context.incoming if request is not None else None
        doc._.set(MOOD_ATTR, self.reader.read(incoming))
        return doc


@Language.factory("deskreply_mood", default_config={"upset_at": 1.0, "calm_below": 0.0})
def make_mood(nlp: Language, name: str, upset_at: float, calm_below: float) -> MoodComponent:
    return MoodComponent(nlp, name, upset_at, calm_below)
