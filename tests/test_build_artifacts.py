"""What ships (models/, compiled translations) matches its sources in the repository."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from deskreply.paths import PROJECT_ROOT


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = [f"{left}/{name}" for name in
             comparison.left_only + comparison.right_only + comparison.diff_files]
    for sub in comparison.common_dirs:
        found += _differences(left / sub, right / sub)
    return found


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
