"""The trained tone model: a spaCy ``textcat_multilabel`` over the draft's folded words.

Rules stay where they are exact (swear-word lists, shouting, wrong name, tú/usted). The kinds
rules cannot reach — sarcasm, passive aggression, brush-offs, blame, hostility and insults
without a swear word — are scored by this model. Its architecture is a sparse linear model
over hashed features of ``doc._.deskreply_words`` (see :mod:`deskreply.checks.words`):

* folded word 1-, 2- and 3-grams ("as i said", "your fault");
* 5-letter stems and stem bigrams, so Spanish inflections share weight
  ("explique/explicamos", "culpa suya/culpable").

Why this and not a CNN or embeddings: measured on the training material with fragment-held-out
cross-validation (``benchmarks/eval_checks.py``) it scored as well as spaCy's ensemble while
running in ~0.1 ms and weighing a few MB per language (see resources/training/README.md).

A finding must point at words: :func:`sentence_spans` cuts the draft into sentences and the
tone component scores each one to find the one driving a kind's score.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Linear, Logistic, Model, SparseLinear_v2, add, chain
from thinc.types import Floats2d

from deskreply.checks.tone.embeddings import DIM, embeddings
from deskreply.checks.tone.normalise import Token
from deskreply.checks.words import words_of

MODEL_PIPE = "deskreply_tone_model"
MODEL_KINDS = ("insult", "aggressive", "passive_aggressive", "sarcasm", "blame", "dismissive")
SENSITIVITIES = ("relaxed", "standard", "strict")
STEM = 5
# A sentence ends at . ! ? ; … followed by white space, or at a line break: "U.S." and
# "soporte@example.com" stay inside their sentence.
# (The gaps are found by :func:`_boundaries`: the one-regex form, a look-behind alternation,
# scans every character slowly.)
_MARK = re.compile(r"[.!?;…\n]")
_SPACES = re.compile(r"\s+")
# A full stop after these ends no sentence ("U.S. orders", "Sr. Gómez", "EE. UU.").
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Sr|Sra|Srta|Dra|Ud|Uds|etc|No|EE|UU|approx)\.)$")


def feature_strings(norms: Sequence[str], ngram_size: int) -> list[str]:
    """The feature names of one text: word n-grams, stems and stem bigrams."""
    words = [n for n in norms if n]
    features = list(words)
    for n in range(2, ngram_size + 1):
        features.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    stems = ["~" + w[:STEM] for w in words]
    features.extend(stems)
    features.extend(a + " " + b for a, b in itertools.pairwise(stems))
    return features


class Sentence(NamedTuple):
    """One sentence of a draft as the model reads it (no Doc: nothing grows the vocab)."""

    text: str
    words: list[Token]


def _words(item: Doc | Sentence) -> list[Token]:
    return item.words if isinstance(item, Sentence) else words_of(item)


def _features_forward(model: Model, docs: list[Any], is_train: bool) -> tuple[Any, Any]:
    size = model.attrs["ngram_size"]
    batch_keys: list[numpy.ndarray] = []
    for doc in docs:
        names = feature_strings([t.norm for t in _words(doc)], size) or ["<empty>"]
        keys = numpy.fromiter(sorted({hash_string(f) for f in names}), dtype="uint64")
        batch_keys.append(keys)
    # CPU arrays as SparseLinear expects them (the model always runs on numpy).
    lengths = numpy.asarray([len(k) for k in batch_keys], dtype="int32")
    keys = numpy.concatenate(batch_keys)
    values = numpy.ones(len(keys), dtype="f")

    def backprop(_: Any) -> list[Any]:
        return []

    return (keys, values, lengths), backprop


def model_pipe(nlp: Language) -> Any:
    """The pipeline's ``textcat_multilabel`` tone model component."""
    return nlp.get_pipe(MODEL_PIPE)


def _embed_forward(model: Model, docs: list[Any], is_train: bool) -> tuple[Any, Any]:
    vectors = embeddings().embed([doc.text for doc in docs])

    def backprop(_: Any) -> list[Any]:
        return []

    return vectors, backprop


@registry.architectures("deskreply.WordsBOW.v1")
def build_words_bow(ngram_size: int, length: int, embeddings: bool = True,
                    nO: int | None = None) -> Model[list[Doc], Floats2d]:
    """Multi-label linear classifier: sparse :func:`feature_strings` (+ mean embeddings)."""
    length = 2 ** (length - 1).bit_length()
    features: Model = Model("deskreply_words_features", _features_forward,
                            attrs={"ngram_size": ngram_size})
    sparse = SparseLinear_v2(nO=nO, length=length)
    scores: Model = chain(features, sparse)
    if embeddings:
        dense = Linear(nO=nO, nI=DIM)
        embed: Model = Model("deskreply_subword_mean", _embed_forward, dims={"nO": DIM})
        scores = add(scores, chain(embed, dense))
    model: Model = chain(scores, Logistic())
    model.set_ref("output_layer", sparse)
    model.attrs["multi_label"] = True
    model.attrs["resize_output"] = _resize_output
    return model


def _resize_output(model: Model, new_nO: int) -> Model:
    """Labels are only added before training: set the output width everywhere it is declared."""
    for node in model.walk():
        if "nO" in node.dim_names and node.name != "deskreply_subword_mean":
            node.set_dim("nO", new_nO, force=True)
    return model


# A sentence needs this many words to be scored: one- and two-word lines ("Whatever.",
# "NIE X8123456V") are the lexicon's job, and the model is unreliable on them.
MIN_WORDS = 3
# The model scores at most this many sentences of a draft; a chat reply has far fewer, and a
# pasted document must not stall typing (the rules still read all of it).
MAX_SENTENCES = 60
CACHE_SIZE = 512
# A draft's last sentence that stops on one of these words is still being typed ("I've
# booked an engineer to"): the model reads half a sentence as anything, so it waits.
UNFINISHED_ENDINGS = frozenset(
    "to a an the of for and or but with at in on by from that my your our their "
    "de del la el los las un una y o pero con en por para que mi su sus tu nuestro "
    "nuestra al lo le les se".split())


def _unfinished(text: str, tokens: list[Token], span: tuple[int, int]) -> bool:
    last = tokens[span[1] - 1]
    return last.end == len(text.rstrip()) and last.norm in UNFINISHED_ENDINGS


def sentence_scores(model: Model, text: str, tokens: list[Token],
                    cache: dict[str, numpy.ndarray] | None = None
                    ) -> tuple[list[tuple[int, int]], numpy.ndarray]:
    """The scored sentences (token ranges) of a draft and their scores, one row each.

    ``cache`` (sentence text -> scores) saves re-scoring the sentences a user is not editing:
    the composer checks the whole draft on every keystroke.
    """
    spans = [(a, b) for a, b in sentence_spans(text, tokens)
             if b - a >= MIN_WORDS and not _unfinished(text, tokens, (a, b))]
    spans = spans[:MAX_SENTENCES]
    if not spans:
        return [], numpy.zeros((0, len(MODEL_KINDS)), dtype="f")
    sentences = [Sentence(text[tokens[a].start:tokens[b - 1].end], tokens[a:b])
                 for a, b in spans]
    if cache is None:
        return spans, numpy.asarray(model.predict(sentences))
    rows = {s.text: cache[s.text] for s in sentences if s.text in cache}
    missing = [s for s in sentences if s.text not in rows]
    if missing:
        if len(cache) > CACHE_SIZE:
            # Bounded; refilled by the next few keystrokes. The rows of this draft were taken
            # out first: clearing used to drop them and fail the lookup below.
            cache.clear()
        for sentence, row in zip(missing, numpy.asarray(model.predict(missing)), strict=True):
            cache[sentence.text] = rows[sentence.text] = row
    # numpy.array makes the same float32 matrix as numpy.stack, in C rather than Python.
    return spans, numpy.array([rows[s.text] for s in sentences])


def sentence_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """``(first, last)`` token index ranges of the draft's sentences (clauses on ``;``)."""
    spans: list[tuple[int, int]] = []
    i = 0
    ends = [start for start in _boundaries(text)
            if text[start - 1:start] != "." or not _ABBREVIATION.search(
                text, max(0, start - 8), start)] + [len(text)]
    # Tokens are in text order: a binary search finds each sentence's last word.
    starts = [token.start for token in tokens]
    for end in ends:
        first = i
        i = bisect_left(starts, end, first)
        if i > first:
            spans.append((first, i))
    return spans


def _boundaries(text: str) -> list[int]:
    """Where each sentence gap starts: the white space after . ! ? ; … or a line break and
    the white space after it, each gap taken whole (as ``(?<=[.!?;…])\\s+|\\n\\s*`` would)."""
    starts: list[int] = []
    done = 0  # end of the last gap: a line break inside it starts nothing
    for mark in _MARK.finditer(text):
        at = mark.start()
        if at < done:
            continue
        if text[at] != "\n":
            at += 1  # the gap is the white space after the mark, if any
        gap = _SPACES.match(text, at)
        if gap is not None:
            starts.append(at)
            done = gap.end()
    return starts
