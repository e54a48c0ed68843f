"""Suite-wide settings: offscreen Qt, no real home directory, temporary data folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Real servers (dovecot, SMTP, Secret Service) as session fixtures, started on demand.
pytest_plugins = ["tests.servers.plugin", "tests.servers.synapse_plugin"]

# Before anything imports Qt: no display on CI machines.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# paths.app_paths() raises if a test asks for the real home folders.
os.environ["DESKREPLY_FORBID_HOME"] = "1"
os.environ.pop("DESKREPLY_DATA_DIR", None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A fresh, empty data folder for one test."""
    folder = tmp_path / "data"
    folder.mkdir()
    yield folder
