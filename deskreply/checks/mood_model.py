"""The trained half of the mood reader: how likely an incoming message is an upset customer's.

The cue lists of :mod:`deskreply.checks.mood` are exact where a customer names the problem
("broken", "estafa", "charged twice"), but customers often do not: "the blouse that came is
an M and I ordered an S", "se me perdió el perrito en el parque". A small text classifier
(``deskreply_mood_model``: the tone model's architecture, hashed word n-grams and stems plus a
linear layer over the WordLlama sub-word mean) is trained on the incoming messages of
``resources/training/incoming/`` with one label, ``upset``, and adds recall to the cues.

It overrules the cues at both ends (:class:`UpsetClassifier`): at or above ``upset_at`` the
customer is upset whatever the cues found; below ``calm_below`` the cues' problem words are a
joke or a solved problem ("filing a formal complaint: your cinnamon buns wrecked my diet 😂",
"the missing screws turned up, thanks!") and the customer is calm. In between, the cues
decide. Both numbers are chosen by cross-validation (:mod:`deskreply.checks.mood_training`).

It reads the whole message (up to :data:`SCORED_CHARS`), once per incoming message: the mood
reader caches its verdict, so typing a reply never runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from deskreply.checks.tone.model import Sentence
from deskreply.checks.tone.normalise import tokenize

MOOD_MODEL_PIPE = "deskreply_mood_model"
UPSET = "upset"
# The mood is in the first lines; a pasted document must not cost a long embedding.
SCORED_CHARS = 1000
# "ok", "gracias", "??": too few words for the model to say anything reliable.
MIN_WORDS = 2


def mood_model(nlp: Language) -> Any | None:
    """The thinc model of the pipeline's mood classifier, or None in a pipeline without it."""
    if MOOD_MODEL_PIPE not in nlp.pipe_names:
        return None
    textcat: Any = nlp.get_pipe(MOOD_MODEL_PIPE)
    return textcat.model


def upset_score(model: Any, text: str) -> float | None:
    """The classifier's probability that ``text`` is from an upset customer (None for a
    message too short to read: the cues alone decide it)."""
    sample = text[:SCORED_CHARS]
    tokens = tokenize(sample)
    if len(tokens) < MIN_WORDS:
        return None
    return float(model.predict([Sentence(sample, tokens)])[0][0])


# The labels that make a customer upset (Mood.upset): what the classifier adds or overrules.
UPSET_LABELS = frozenset({"complaint", "misfortune", "anger", UPSET})


@dataclass(frozen=True)
class UpsetClassifier:
    """The classifier's say on the cues' labels (see the module docstring)."""

    score: Callable[[str], float | None]
    upset_at: float
    calm_below: float

    def overrule(self, text: str, labels: set[str]) -> set[str]:
        score = self.score(text)
        if score is None:
            return labels
        if score >= self.upset_at:
            return labels if labels & UPSET_LABELS else labels | {UPSET}
        if score < self.calm_below:
            return labels - UPSET_LABELS
        return labels
