"""The installed Qt binding must not leak or over-release Python objects on ordinary calls.

PySide6 6.12.0 released a reference to ``None`` on every call returning nothing; after a few
minutes of repainting the app aborted with "none_dealloc". pyproject.toml excludes it; this test
catches any binding release with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_calls_keep_none_alive() -> None:
    target = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        target.setObjectName("probe")
    assert abs(sys.getrefcount(None) - before) < 50
