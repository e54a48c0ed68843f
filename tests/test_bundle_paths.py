"""A frozen app (PyInstaller bundle) finds resources/ and models/ in its own data folder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from deskreply import paths


def fresh_paths_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """A new copy of deskreply.paths, so module-level decisions run again."""
    spec = importlib.util.spec_from_file_location("paths_copy", paths.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "paths_copy", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    return module


def test_frozen_app_looks_in_its_bundle_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "demo").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv(paths.RESOURCES_DIR_ENV, raising=False)
    monkeypatch.delenv(paths.MODELS_DIR_ENV, raising=False)
    frozen = fresh_paths_module(monkeypatch)
    assert frozen.resources_dir() == tmp_path / "resources"
    assert frozen.models_dir() == tmp_path / "models"


def test_source_tree_uses_the_folders_beside_the_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    source = fresh_paths_module(monkeypatch)
    assert Path(paths.__file__).resolve().parent.parent == source.PROJECT_ROOT
    assert (source.PROJECT_ROOT / "models" / "es" / "config.cfg").is_file()
