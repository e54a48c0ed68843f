"""What ships (models/, compiled translations) matches its sources in the repository."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
import srsly

from deskreply.paths import PROJECT_ROOT

# The tone model's weights: built the same on CPUs of one kernel family (build_models.py pins
# it on x86-64), they may differ in the last bits elsewhere (measured: 1.7e-6 at most between
# AVX and AVX2 kernels). Those files are compared as numbers; every other file byte for byte.
WEIGHTS_FILE = "model"
WEIGHT_TOLERANCE = 1e-4


def _largest_weight_difference(left: Path, right: Path) -> float:
    ours, theirs = (srsly.msgpack_loads(path.read_bytes()) for path in (left, right))
    if ours["nodes"] != theirs["nodes"] or ours["attrs"] != theirs["attrs"]:
        return float("inf")
    largest = 0.0
    for params, other in zip(ours["params"], theirs["params"], strict=True):
        if params.keys() != other.keys():
            return float("inf")
        for name, value in params.items():
            a, b = numpy.asarray(value), numpy.asarray(other[name])
            if a.shape != b.shape:
                return float("inf")
            if a.size:
                largest = max(largest, float(numpy.abs(a - b).max()))
    return largest


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = [f"{left}/{name}" for name in comparison.left_only + comparison.right_only]
    for name in comparison.diff_files:
        if name == WEIGHTS_FILE and _largest_weight_difference(
                left / name, right / name) <= WEIGHT_TOLERANCE:
            continue
        found.append(f"{left}/{name}")
    for sub in comparison.common_dirs:
        found += _differences(left / sub, right / sub)
    return found


def test_weight_comparison_sees_a_changed_weight(tmp_path: Path) -> None:
    committed = PROJECT_ROOT / "models" / "en" / "deskreply_tone_model" / WEIGHTS_FILE
    model = srsly.msgpack_loads(committed.read_bytes())
    for params in model["params"]:
        for name, value in params.items():
            array = numpy.array(value, copy=True)
            if array.size:
                array.flat[0] += 0.01
                params[name] = array
                break
        else:
            continue
        break
    changed = tmp_path / WEIGHTS_FILE
    changed.write_bytes(srsly.msgpack_dumps(model))
    assert 0.009 < _largest_weight_difference(changed, committed) < 0.011
    assert _largest_weight_difference(committed, committed) == 0.0


def test_compiled_translations_are_current() -> None:
    done = subprocess.run([sys.executable, "scripts/build_translations.py", "--check"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_models_rebuild_reproducibly_from_resources(tmp_path: Path) -> None:
    """``python scripts/build_models.py`` on a fresh clone gives the committed models/."""
    done = subprocess.run([sys.executable, "scripts/build_models.py", "--out", str(tmp_path)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert _differences(tmp_path, PROJECT_ROOT / "models") == []
    for lang in ("es", "en"):
        size = sum(p.stat().st_size for p in (tmp_path / lang).rglob("*") if p.is_file())
        assert size <= 25 * 1024 * 1024
