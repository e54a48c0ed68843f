"""A word-list baseline for the tone check.

English: VADER sentiment (compound <= -0.05, the threshold its authors document for
"negative") or any word on better-profanity's list. Spanish: spanlp's per-country lists of
rude words (all countries). A message is flagged when the rule fires.
"""

from __future__ import annotations

from better_profanity import profanity
from spanlp.domain.countries import Country
from spanlp.palabrota import Palabrota
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

VADER_NEGATIVE = -0.05


class LexiconBaseline:
    def __init__(self) -> None:
        self.vader = SentimentIntensityAnalyzer()
        profanity.load_censor_words()
        self.palabrota = Palabrota(countries=list(Country))

    def flags(self, text: str, lang: str) -> bool:
        if lang == "es":
            return bool(self.palabrota.contains_palabrota(text))
        negative = self.vader.polarity_scores(text)["compound"] <= VADER_NEGATIVE
        return negative or bool(profanity.contains_profanity(text))
