"""Fixtures shared by the check tests: pipelines built from ``resources/`` into a temp folder.

Building from ``resources/`` (not the shipped ``models/``) means a test always sees the current
lexicons, even when someone forgot to run ``scripts/build_models.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deskreply.checks.engine import Checker
from deskreply.checks.pipeline import LANGUAGES, build_pipeline
from deskreply.checks.request import CheckSettings
from deskreply.paths import PROJECT_ROOT

CheckerFactory = Callable[..., Checker]


@pytest.fixture(scope="session")
def built_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``models/``-like folder with one freshly built pipeline per language."""
    out = tmp_path_factory.mktemp("models")
    resources = PROJECT_ROOT / "resources"
    for lang in LANGUAGES:
        build_pipeline(lang, resources).to_disk(out / lang)
    return out


@pytest.fixture(scope="session")
def checker_factory(built_models: Path) -> CheckerFactory:
    """``make(ui_lang="en", settings=None) -> Checker`` on the temp models, raising errors."""

    def make(ui_lang: str = "en", settings: CheckSettings | None = None) -> Checker:
        return Checker(ui_lang=ui_lang, settings=settings, models=built_models, raise_errors=True)

    return make
