"""Mean-pooled sub-word embeddings from the WordLlama wheel (MIT licence), loaded locally.

The ``wordllama`` package ships a 32,000 × 256 embedding table distilled from Llama 2
(``weights/l2_supercat_256.safetensors``, 16 MB, float16) and its tokenizer. We average the
rows of a text's tokens: near-synonyms land close together ("fraud" ~ "fraude" ~ "scam"),
which lets the tone model generalise beyond the words of its training material.

The app does not read the wheel at run time: ``scripts/build_models.py`` writes the table to
``models/subwords/`` once, quantized to one byte per value with one scale per row (8 MB
instead of 16; the app bundle must stay small), together with the tokenizer, and both the
training and the app read that copy, so they see the same numbers. Loading takes ~0.1 s; one
text costs ~0.03 ms.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy

DIM = 256
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
# models/subwords/: the quantized table, its row scales and the tokenizer.
SUBWORDS = "subwords"
_TABLE, _SCALES, _TOKENIZER_COPY = "table.int8.npy", "scales.npy", "tokenizer.json"
# Past this many characters only the start is embedded: a pasted essay must not stall typing.
MAX_CHARS = 4000


class EmbeddingsMissingError(RuntimeError):
    """The ``wordllama`` package (and its weights) is not installed."""


def write_subwords(out: Path) -> None:
    """Copy the wheel's table (quantized) and tokenizer into ``out`` (same bytes each time)."""
    from safetensors.numpy import load_file

    source = package_folder()
    table = load_file(str(source.joinpath(*_WEIGHTS)))["embedding.weight"].astype("float32")
    scales = numpy.abs(table).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantized = numpy.round(table / scales[:, None]).astype("int8")
    out.mkdir(parents=True, exist_ok=True)
    numpy.save(out / _TABLE, quantized, allow_pickle=False)
    numpy.save(out / _SCALES, scales.astype("float32"), allow_pickle=False)
    (out / _TOKENIZER_COPY).write_bytes(source.joinpath(*_TOKENIZER).read_bytes())


class SubwordEmbeddings:
    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        # Kept as one byte per value (8 MB): a float copy of the table would take 33 MB, and
        # building it 65 MB at its peak. Rows are scaled back to floats when a text uses them.
        self.quantized = numpy.load(folder / _TABLE, allow_pickle=False)
        self.scales = numpy.load(folder / _SCALES, allow_pickle=False).astype("float32")
        self.tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER_COPY))

    def embed(self, texts: list[str]) -> numpy.ndarray:
        """One L2-normalised ``DIM`` vector per text (zeros for a text with no tokens)."""
        out = numpy.zeros((len(texts), DIM), dtype="float32")
        # One encode() per text: encode_batch() hands a handful of short sentences to a thread
        # pool and costs ~50x more than it saves here.
        for row, text in enumerate(texts):
            encoding = self.tokenizer.encode(text[:MAX_CHARS], add_special_tokens=False)
            if not encoding.ids:
                continue
            ids = encoding.ids
            rows = self.quantized[ids].astype("float32") * self.scales[ids, None]
            vector = rows.sum(axis=0, dtype="float32")  # normalised below
            norm = float(numpy.linalg.norm(vector))
            if norm > 0:
                out[row] = vector / norm
        return out


_lock = threading.Lock()
_loaded: SubwordEmbeddings | None = None


def package_folder() -> Path:
    """The installed wordllama wheel (only ``scripts/build_models.py`` needs it)."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingsMissingError(
            "The tone model needs the 'wordllama' package: pip install wordllama")
    return Path(next(iter(spec.submodule_search_locations)))


def embeddings() -> SubwordEmbeddings:
    """The shared table from ``models/subwords`` (loaded once per process; thread-safe)."""
    global _loaded
    with _lock:
        if _loaded is None:
            from deskreply.paths import models_dir

            folder = models_dir() / SUBWORDS
            if not (folder / _TABLE).is_file():
                raise EmbeddingsMissingError(
                    f"The tone model's sub-word table is missing at {folder}. "
                    "Rebuild it with: python scripts/build_models.py")
            _loaded = SubwordEmbeddings(folder)
        return _loaded
