"""The emoji probe set stays valid: every emoji of every reply is labelled once, in order."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from types import ModuleType

from deskreply.paths import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "resources" / "probes" / "emoji"


def _validator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("emoji_probe_validate", FOLDER / "validate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records() -> list[dict]:
    lines = (FOLDER / "probe.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_validator_script_accepts_the_probe_set() -> None:
    run = subprocess.run([sys.executable, str(FOLDER / "validate.py")], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_probe_set_is_big_and_mixed() -> None:
    records = _records()
    assert len(records) >= 250
    langs = Counter(r["lang"] for r in records)
    assert langs["es"] >= 100 and langs["en"] >= 100
    assert sum(len(r["risky"]) for r in records) >= 100
    assert sum(len(r["ok"]) for r in records) >= 100
    assert sum(1 for r in records if not r["risky"] and not r["ok"]) >= 5
    assert any(r["context"]["incoming"] is None for r in records)


def _record(text: str, risky: list[str], ok: list[str]) -> str:
    return json.dumps({"id": "ep-001", "lang": "es", "text": text,
                       "context": {"incoming": None}, "risky": risky, "ok": ok},
                      ensure_ascii=False)


def test_validator_finds_each_kind_of_mistake() -> None:
    problems = _validator().problems
    assert problems([_record("Hola 🤷‍♀️ y 🇦🇷 1️⃣ 🤷‍♀️", ["🤷‍♀️"], ["🇦🇷", "1️⃣"])]) == []
    broken = {
        "missing": _record("Vale 👍 y 🎉", [], ["👍"]),
        "order": _record("Vale 👍 y 🎉", [], ["🎉", "👍"]),
        "twice": _record("Vale 👍 y 👍", [], ["👍", "👍"]),
        "both": _record("Vale 👍", ["👍"], ["👍"]),
        "not in text": _record("Vale", ["🙂"], []),
        # a ZWJ sequence is one emoji: its parts are not emojis of the text
        "split": _record("Pues 🤷‍♀️", ["🤷"], []),
        "no variation selector": _record("Te queremos ❤️", [], ["❤"]),
        "schema": json.dumps({"id": "ep-1", "lang": "pt", "text": "Oi",
                              "context": {}, "risky": [], "ok": []}),
    }
    for name, line in broken.items():
        assert problems([line]) != [], name
    assert len(problems([_record("Vale", [], []), _record("Sí", [], [])])) == 1  # same id
