"""Make the shared spaCy ``Doc`` for a draft, in linear time whatever the draft holds.

spaCy's tokenizer strips prefixes and suffixes from each whitespace-free chunk one at a time,
re-running its suffix search over the rest each time: a long chunk of punctuation
("!?¿¡.*#" × 500) takes seconds. Chat text never has such chunks, but pasted or hostile text
may, and the checks must never hang. Chunks longer than ``LONG_CHUNK`` characters are cut into
plain tokens of that size instead; everything else is tokenized by spaCy as usual.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

LONG_CHUNK = 64
_LONG_RUN = re.compile(r"\S{" + str(LONG_CHUNK + 1) + ",}")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, but never slower than linear in ``len(text)``."""
    if _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for match in _LONG_RUN.finditer(text):
        _add_tokenized(nlp, text[position:match.start()], words, spaces)
        run = match.group()
        for offset in range(0, len(run), LONG_CHUNK):
            words.append(run[offset:offset + LONG_CHUNK])
            spaces.append(False)
        position = match.end()
        if position < len(text) and text[position] == " ":
            spaces[-1] = True  # the single space after the run belongs to its last token
            position += 1
    _add_tokenized(nlp, text[position:], words, spaces)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:  # never expected; offsets must stay exact, so refuse to guess
        raise ValueError("internal error: the draft could not be split into tokens exactly")
    return doc


def _add_tokenized(nlp: Language, segment: str, words: list[str], spaces: list[bool]) -> None:
    if not segment:
        return
    if segment.isspace() or (words and not spaces[-1] and segment[0].isspace()):
        # Leading whitespace after a long run: spaCy makes it a whitespace token of its own.
        stripped = segment.lstrip()
        lead = segment[: len(segment) - len(stripped)]
        words.append(lead)
        spaces.append(False)
        segment = stripped
        if not segment:
            return
    for token in nlp.tokenizer(segment):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
