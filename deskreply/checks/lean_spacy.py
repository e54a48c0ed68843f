"""Import spaCy without its command-line tools, which DeskReply never runs.

``spacy/__init__.py`` imports ``spacy.cli.info`` only to offer ``spacy.info()``; that pulls in
spaCy's whole CLI (typer, click, rich, pygments, weasel, httpx, requests…): about 0.4 s and
20 MB of the checks' start-up on this machine, for nothing the app uses. :func:`install`
registers a small stand-in for ``spacy.cli`` before spaCy is first imported. It does nothing
when spaCy is already loaded, or when ``DESKREPLY_SPACY_CLI=1`` asks for the real one (e.g.
to run ``python -m spacy`` tools in the same process).
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

STAND_IN_FLAG = "__deskreply_stand_in__"


def _info(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("spaCy's command-line tools are not loaded inside DeskReply; "
                       "set DESKREPLY_SPACY_CLI=1 to load them")


def install() -> bool:
    """Register the stand-in; True if it is now the ``spacy.cli`` spaCy will see."""
    if "spacy" in sys.modules or os.environ.get("DESKREPLY_SPACY_CLI") == "1":
        return bool(getattr(sys.modules.get("spacy.cli"), STAND_IN_FLAG, False))
    cli = types.ModuleType("spacy.cli", "Stand-in: DeskReply does not load spaCy's CLI.")
    cli.__path__ = []  # a package with no submodules: spacy.cli.download fails clearly
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    setattr(cli, STAND_IN_FLAG, True)
    sys.modules.setdefault("spacy.cli", cli)
    sys.modules.setdefault("spacy.cli.info", info)
    return sys.modules["spacy.cli"] is cli
