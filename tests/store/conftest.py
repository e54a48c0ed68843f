"""Fixtures for the store tests: real SQLite files in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deskreply.store import Store
from deskreply.store.opening import forget_health_checks


@pytest.fixture(autouse=True)
def _fresh_health_checks() -> None:
    """Each test starts as a new process would: every file gets its full check on open."""
    forget_health_checks()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "deskreply.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()
