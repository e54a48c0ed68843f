"""The draft's folded words, computed once per Doc and shared by every check that reads words.

``deskreply_words`` runs first in the pipeline and stores the tone tokenisation
(:func:`deskreply.checks.tone.normalise.tokenize`: exact offsets, lower-case, accent-free,
leetspeak-mapped, letter runs squeezed) on ``doc._.deskreply_words``. The tone rules, the
trained tone model and the customer's-mood reader all use that one list instead of
re-tokenising ``doc.text`` each.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from deskreply.checks.component import text_of
from deskreply.checks.tone.normalise import Token, tokenize

WORDS_ATTR = "deskreply_words"

if not Doc.has_extension(WORDS_ATTR):
    Doc.set_extension(WORDS_ATTR, default=None)


def words_of(doc: Doc) -> list[Token]:
    """The shared folded words of ``doc`` (computed here if the component did not run)."""
    words: list[Token] | None = doc._.get(WORDS_ATTR)
    if words is None:
        words = tokenize(text_of(doc))
        doc._.set(WORDS_ATTR, words)
    return words


class WordsComponent:
    """Stores the folded words on the Doc; no data, nothing to serialise."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(WORDS_ATTR, tokenize(text_of(doc)))
        return doc


@Language.factory("deskreply_words")
def make_words(nlp: Language, name: str) -> WordsComponent:
    return WordsComponent(nlp, name)
