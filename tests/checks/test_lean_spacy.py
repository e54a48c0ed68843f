"""spaCy is loaded without its command-line tools (deskreply.checks.lean_spacy)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from deskreply.paths import PROJECT_ROOT

PROBE = """
import json, sys
from deskreply.checks.engine import Checker
import spacy
report = Checker("en").check("my card is 4111 1111 1111 1111", lang="en")
try:
    spacy.info()
    info = "ran"
except RuntimeError as error:
    info = str(error)
print(json.dumps({"kinds": [f.kind for f in report.findings],
                  "cli_modules": sorted(m for m in ("typer", "rich", "weasel", "click")
                                        if m in sys.modules), "info": info}))
"""


def _run(**env: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, check=True,
                          capture_output=True, text=True, env={**os.environ, **env})
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_checks_load_without_spacys_cli_and_still_find_things() -> None:
    result = _run()
    assert result["kinds"] == ["payment_card"]
    assert result["cli_modules"] == []
    assert "not loaded inside DeskReply" in str(result["info"])


def test_the_real_cli_loads_when_asked_for() -> None:
    result = _run(DESKREPLY_SPACY_CLI="1")
    assert result["kinds"] == ["payment_card"]
    assert "typer" in result["cli_modules"]  # type: ignore[operator]
