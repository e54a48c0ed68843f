"""Compose replies.jsonl (ordinary professional replies) from fragments.txt; seeded.

Usage: python resources/probes/professional/compose.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER_LANGUAGE = 520
NAMES = {"en": ["Alex", "Morgan", "Ruth", "Kenji", "Fatima"],
         "es": ["Rosa", "Julián", "Marisol", "Hernán", "Pilar"]}


def sections() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in (HERE / "fragments.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = out.setdefault(line[3:].strip(), [])
        elif line.strip() and not line.startswith("#") and current is not None:
            current.append(line.strip())
    return out


def main() -> None:
    parts = sections()
    records = []
    for lang in ("en", "es"):
        rng = random.Random(f"professional-{lang}")
        seen: set[str] = set()
        while len(seen) < PER_LANGUAGE:
            body = rng.sample(parts[f"{lang}.body"], rng.choice([1, 2, 2, 3]))
            text = " ".join([rng.choice(parts[f"{lang}.greet"]), *body,
                             rng.choice(parts[f"{lang}.close"])])
            text = text.replace("{name}", rng.choice(NAMES[lang]))
            if text in seen:
                continue
            seen.add(text)
            records.append({"id": f"pro-{lang}-{len(seen):04d}", "text": text, "lang": lang,
                            "context": {"incoming": None, "contact_name": None},
                            "label": "ok", "kinds": []})
    with (HERE / "replies.jsonl").open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} replies")


if __name__ == "__main__":
    main()
