"""The sensitive check's lexicon files, read in one place (the check and the log masker)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# resources/lexicons/sensitive/<name>.json -> data[<name>]
LEXICONS = ("ids", "references", "credentials", "tokens", "phones")


def load_lexicons(resources: Path) -> dict[str, Any]:
    folder = resources / "lexicons" / "sensitive"
    data: dict[str, Any] = {}
    for name in LEXICONS:
        content = dict(json.loads((folder / f"{name}.json").read_text(encoding="utf-8")))
        content.pop("_comment", None)
        data[name] = content
    return data
