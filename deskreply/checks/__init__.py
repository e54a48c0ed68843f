"""The checks engine (Qt-free): sensitive data, tone and emoji checks over one spaCy Doc.

The names below are loaded on first use: ``import spacy`` costs about a second, and parts of
the UI (the emoji picker's catalogue) import submodules of this package at startup.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from deskreply.checks import lean_spacy

lean_spacy.install()  # before any submodule imports spaCy

if TYPE_CHECKING:
    from deskreply.checks.engine import Checker
    from deskreply.checks.report import Finding, Fix, Report
    from deskreply.checks.request import CheckContext, CheckRequest, CheckSettings

_HOMES = {
    "Checker": "deskreply.checks.engine",
    "Finding": "deskreply.checks.report",
    "Fix": "deskreply.checks.report",
    "Report": "deskreply.checks.report",
    "CheckContext": "deskreply.checks.request",
    "CheckRequest": "deskreply.checks.request",
    "CheckSettings": "deskreply.checks.request",
}

__all__ = ["CheckContext", "CheckRequest", "CheckSettings", "Checker", "Finding", "Fix", "Report"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'deskreply.checks' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
