"""The shared Doc keeps exact offsets and stays linear on long whitespace-free chunks."""

from __future__ import annotations

import time

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from deskreply.checks.doc import LONG_CHUNK, make_doc

NLP = spacy.blank("es")
PIECES = st.sampled_from(["hola", " ", "  ", "\n", "!?¿¡.*#" * 12, "x" * 70, "4111 1111",
                          "😀" * 40, "\u200b", "a,b", "jaja" * 20, "\t"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_text_and_offsets_are_exact(text: str) -> None:
    doc = make_doc(NLP, text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx:token.idx + len(token.text)] == token.text


def test_short_chunks_are_tokenized_by_spacy_as_usual() -> None:
    text = "Hola, ¿qué tal? Todo bien."
    assert [t.text for t in make_doc(NLP, text)] == [t.text for t in NLP.make_doc(text)]


def test_long_punctuation_chunk_is_linear() -> None:
    def seconds(size: int) -> float:
        text = ("!?¿¡.*#" * (size // 7 + 1))[:size]
        started = time.perf_counter()
        make_doc(NLP, text)
        return time.perf_counter() - started

    seconds(1_000)
    small, big = seconds(5_000), seconds(50_000)
    assert big < 1.0
    assert big < 25 * max(small, 0.001)
    assert max(len(t) for t in make_doc(NLP, "!" * 500)) <= LONG_CHUNK
