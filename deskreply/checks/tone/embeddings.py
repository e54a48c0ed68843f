"""Mean-pooled sub-word embeddings from the WordLlama wheel (MIT licence), loaded locally.

The ``wordllama`` package ships a 32,000 × 256 embedding table distilled from Llama 2
(``weights/l2_supercat_256.safetensors``, 16 MB, float16) and its tokenizer. We read those two
files straight from the installed package, never from the network, and average the rows of a
text's tokens: near-synonyms land close together ("fraud" ~ "fraude" ~ "scam"), which lets
the tone model generalise beyond the words of its training material. Loading takes ~0.1 s;
one text costs ~0.03 ms.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import numpy

DIM = 256
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
# Past this many characters only the start is embedded: a pasted essay must not stall typing.
MAX_CHARS = 4000


class EmbeddingsMissingError(RuntimeError):
    """The ``wordllama`` package (and its weights) is not installed."""


class SubwordEmbeddings:
    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.table = load_file(str(folder.joinpath(*_WEIGHTS)))["embedding.weight"]
        self.tokenizer = Tokenizer.from_file(str(folder.joinpath(*_TOKENIZER)))

    def embed(self, texts: list[str]) -> numpy.ndarray:
        """One L2-normalised ``DIM`` vector per text (zeros for a text with no tokens)."""
        out = numpy.zeros((len(texts), DIM), dtype="float32")
        # One encode() per text: encode_batch() hands a handful of short sentences to a thread
        # pool and costs ~50x more than it saves here.
        for row, text in enumerate(texts):
            encoding = self.tokenizer.encode(text[:MAX_CHARS], add_special_tokens=False)
            if not encoding.ids:
                continue
            vector = self.table[encoding.ids].sum(axis=0, dtype="float32")  # normalised below
            norm = float(numpy.linalg.norm(vector))
            if norm > 0:
                out[row] = vector / norm
        return out


_lock = threading.Lock()
_loaded: SubwordEmbeddings | None = None


def package_folder() -> Path:
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled is not None:  # the app bundle carries the two files, not the package
        return Path(bundled) / "wordllama"
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingsMissingError(
            "The tone model needs the 'wordllama' package: pip install wordllama")
    return Path(next(iter(spec.submodule_search_locations)))


def embeddings() -> SubwordEmbeddings:
    """The shared table (loaded once per process; thread-safe)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = SubwordEmbeddings(package_folder())
        return _loaded
