"""Rebuild ``models/<lang>/`` (one spaCy pipeline per language) from ``resources/``.

Usage: python scripts/build_models.py [--out DIR]

The output depends only on the files in ``resources/`` and the installed spaCy version, so
running it twice gives the same bytes (``tests/test_build_artifacts.py`` checks that; on a
CPU whose kernels round differently the tone model's weights may differ in the last bits).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Training sums floats in an order that depends on the CPU's vector kernels (OpenBLAS and
# numpy pick them at start-up): an AVX-512 machine gives weights that differ from an AVX2
# one in the sixth decimal. Pin one kernel family on x86-64, and one thread, before numpy
# loads, so that machines of this kind build the same bytes.
if platform.machine() in ("x86_64", "AMD64"):
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
    os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "X86_V4 AVX512_ICL AVX512_SPR")
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

from deskreply.checks.pipeline import LANGUAGES, build_pipeline  # noqa: E402
from deskreply.checks.tone.embeddings import SUBWORDS, write_subwords  # noqa: E402
from deskreply.paths import MODELS_DIR_ENV  # noqa: E402


def build_all(out: Path, resources: Path) -> None:
    # The tone model's sub-word table first: training reads the same copy the app will.
    write_subwords(out / SUBWORDS)
    os.environ[MODELS_DIR_ENV] = str(out)
    for lang in LANGUAGES:
        nlp = build_pipeline(lang, resources)
        out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(out / lang)
        size = sum(p.stat().st_size for p in (out / lang).rglob("*") if p.is_file())
        print(f"built {out / lang} ({size / 1024:.0f} kB, pipes: {', '.join(nlp.pipe_names)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "models")
    parser.add_argument("--resources", type=Path, default=ROOT / "resources")
    args = parser.parse_args()
    build_all(args.out, args.resources)
    return 0


if __name__ == "__main__":
    sys.exit(main())
