"""Compose the tone training set from hand-written fragments (seeded, reproducible).

Usage: python scripts/compose_training.py [--out resources/training/tone.jsonl]

Each reply is built as [greeting] [neutral sentence] CORE [neutral sentence] [closing]
[signature], where CORE is one hand-written sentence of the labelled kind (or an ``ok``
sentence). Every record keeps ``core`` (the fragment it was built around) so that
cross-validation can hold whole fragments out: a fold never sees, in training, the sentence
it is tested on. Context kinds are composed from their own sections: ``no_empathy``
(complaint + curt reply), ``wrong_name`` (greeting with another name) and, in Spanish,
``formality_mismatch`` (usted message answered with tú/vos). See resources/training/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = ROOT / "resources" / "training" / "fragments"
SEED = 20261202

MODEL_KINDS = ("insult", "aggressive", "passive_aggressive", "sarcasm", "blame", "dismissive")
# Replies per kind and language.
COUNTS = {kind: 300 for kind in MODEL_KINDS} | {
    "too_informal": 150, "profanity": 120, "shouting": 90, "ok": 1400,
}
CONTEXT_COUNTS = {"no_empathy": 160, "wrong_name": 100, "formality_mismatch": 220}

FILL = {
    "en": {
        "order": ["#48213", "#A-1093", "DL55821", "#300912", "ORD-7781"],
        "date": ["Monday", "12 May", "the 3rd", "Friday", "June 21", "next Tuesday"],
        "days": ["3", "5", "2", "7", "10"],
        "item": ["blender", "headphones", "jacket", "router", "phone case", "lamp", "kettle"],
        "time": ["3pm", "10:30", "noon", "5pm"],
        "amount": ["£25", "$40", "€12.99", "$150"],
    },
    "es": {
        "order": ["#48213", "#A-1093", "DL55821", "#300912", "PED-7781"],
        "date": ["lunes", "12 de mayo", "día 3", "viernes", "21 de junio", "próximo martes"],
        "days": ["3", "5", "2", "7", "10"],
        "item": ["licuadora", "auricular", "abrigo", "router", "cargador", "velador", "hervidor"],
        "time": ["15 h", "10:30", "mediodía", "17 h"],
        "amount": ["25 €", "$40.000", "12,99 €", "$1.500 MXN"],
    },
}
NAMES = {
    "en": [("Emma", "Olivia"), ("James", "Jacob"), ("Sophie", "Sarah"), ("Liam", "Luke"),
           ("Grace", "Hannah"), ("Oliver", "Oscar"), ("Mia", "Maya"), ("Noah", "Nathan"),
           ("Chloe", "Claire"), ("Ethan", "Evan"), ("Amelia", "Emily"), ("Jack", "Jake")],
    "es": [("Lucía", "Laura"), ("Mateo", "Martín"), ("Valentina", "Victoria"),
           ("Santiago", "Sebastián"), ("Camila", "Carolina"), ("Diego", "Daniel"),
           ("Sofía", "Silvia"), ("Javier", "Jorge"), ("Florencia", "Fernanda"),
           ("Andrés", "Alberto"), ("Paula", "Patricia"), ("Tomás", "Tobías")],
}
SURNAMES = {"en": ["Smith", "Reed", "Patel", "Walsh", "Cole", "Hughes"],
            "es": ["García", "López", "Rodríguez", "Muñoz", "Pérez", "Castro"]}


def read_fragments(lang: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in (FRAGMENTS / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif line.strip() and not line.startswith("#") and current is not None:
            current.append(line.strip())
    return sections


class Composer:
    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang = lang
        self.rng = rng
        self.f = read_fragments(lang)

    def fill(self, text: str, name: str) -> str:
        for key, values in FILL[self.lang].items():
            while "{" + key + "}" in text:
                text = text.replace("{" + key + "}", self.rng.choice(values), 1)
        return text.replace("{name}", name)

    def frame(self, core: str, name: str, p_greet: float = 0.55) -> str:
        rng = self.rng
        parts: list[str] = []
        if rng.random() < p_greet:
            parts.append(rng.choice(self.f["greet"]))
        if rng.random() < 0.3:
            parts.append(rng.choice(self.f["neutral"]))
        parts.append(core)
        if rng.random() < 0.25:
            parts.append(rng.choice(self.f["neutral"]))
        if rng.random() < 0.35:
            parts.append(rng.choice(self.f["close"]))
        text = " ".join(parts)
        if rng.random() < 0.15:
            text += rng.choice([" ", "\n"]) + rng.choice(self.f["sign"])
        if rng.random() < 0.12:  # chat voice: no capital at the start
            text = text[:1].lower() + text[1:]
        return self.fill(text, name)

    def name(self) -> tuple[str, str]:
        first, other = self.rng.choice(NAMES[self.lang])
        return first, other

    def records(self) -> list[dict]:
        rng = self.rng
        out: list[dict] = []

        def add(text: str, kinds: list[str], core: str, incoming: str | None = None,
                contact: str | None = None) -> None:
            out.append({"text": text, "lang": self.lang,
                        "context": {"incoming": incoming, "contact_name": contact},
                        "label": kinds[0] if kinds else "ok", "kinds": kinds, "core": core})

        for kind, count in COUNTS.items():
            cores = self.f[kind]
            for i in range(count):
                index = i % len(cores) if i < len(cores) else rng.randrange(len(cores))
                first, _ = self.name()
                core = cores[index]
                if kind == "ok" and rng.random() < 0.35:  # two ok sentences together
                    core = core + " " + rng.choice(cores)
                greet = 0.15 if kind in ("too_informal", "shouting") else 0.55
                text = self.frame(core, first, p_greet=greet)
                add(text, [] if kind == "ok" else [kind], f"{self.lang}:{kind}:{index}")
        out.extend(self.context_records())
        return out

    def context_records(self) -> list[dict]:
        rng, f, lang = self.rng, self.f, self.lang
        out: list[dict] = []

        def rec(text: str, kinds: list[str], core: str, incoming: str | None,
                contact: str | None) -> dict:
            return {"text": text, "lang": lang,
                    "context": {"incoming": incoming, "contact_name": contact},
                    "label": kinds[0] if kinds else "ok", "kinds": kinds, "core": core}

        for i in range(CONTEXT_COUNTS["no_empathy"]):
            j = i % len(f["curt"])
            incoming = rng.choice(f["complaint"])
            out.append(rec(self.fill(f["curt"][j], ""), ["no_empathy"],
                           f"{lang}:curt:{j}", incoming, None))
            # The same curt reply is fine for a neutral question or thanks.
            out.append(rec(self.fill(f["curt"][j], ""), [], f"{lang}:curt:{j}",
                           rng.choice(f["neutral_incoming"]), None))
            k = i % len(f["empathic"])
            out.append(rec(self.fill(f["empathic"][k], ""), [], f"{lang}:empathic:{k}",
                           incoming, None))
        for i in range(CONTEXT_COUNTS["wrong_name"]):
            first, other = NAMES[lang][i % len(NAMES[lang])]
            contact = f"{first} {rng.choice(SURNAMES[lang])}"
            j = rng.randrange(len(f["ok"]))
            body = self.fill(f["ok"][j], first)
            greeting = rng.choice(["Hi", "Hello", "Dear", "Thanks"] if lang == "en"
                                  else ["Hola", "Buenos días,", "Estimado/a", "Gracias,"])
            out.append(rec(f"{greeting} {other}, {body}", ["wrong_name"],
                           f"{lang}:ok:{j}", None, contact))
            out.append(rec(f"{greeting} {first}, {body}", [], f"{lang}:ok:{j}", None, contact))
        if lang == "es":
            replies = len(f["tu_reply"])
            for i in range(CONTEXT_COUNTS["formality_mismatch"]):
                # Every (message, reply) pair at most once: a random draw repeated pairs, and
                # the repeats were dropped as duplicates (too few left to train on).
                incoming = f["usted_incoming"][(i // replies) % len(f["usted_incoming"])]
                j = i % replies
                out.append(rec(self.fill(f["tu_reply"][j], ""), ["formality_mismatch"],
                               f"es:tu_reply:{j}", incoming, None))
                if i % 2 == 0:
                    k = rng.randrange(len(f["usted_reply"]))
                    out.append(rec(self.fill(f["usted_reply"][k], ""), [],
                                   f"es:usted_reply:{k}", incoming, None))
        return out


def compose() -> list[dict]:
    records: list[dict] = []
    for lang in ("en", "es"):
        rng = random.Random(f"{SEED}-{lang}")
        records.extend(Composer(lang, rng).records())
    seen: set[tuple[str, str]] = set()
    unique = []
    for record in records:
        key = (record["text"], json.dumps(record["context"], sort_keys=True))
        if key in seen:
            continue
        seen.add(key)
        unique.append(record)
    for n, record in enumerate(unique):
        record["id"] = f"train-{record['lang']}-{n:05d}"
    return unique


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "resources" / "training" / "tone.jsonl")
    args = parser.parse_args()
    records = compose()
    with args.out.open("w", encoding="utf-8") as stream:
        for record in records:
            ordered = {k: record[k] for k in ("id", "text", "lang", "context", "label",
                                              "kinds", "core")}
            stream.write(json.dumps(ordered, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} replies to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
