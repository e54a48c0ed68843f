"""Speed of the checks engine: warm latency per 300-character reply, and linearity.

Usage: python benchmarks/checks.py [--rounds N]

* Latency: a set of 300-character replies (Spanish and English, with and without numbers,
  emojis and rude words) through every check, warm; p50 and p99 in milliseconds.
  Target on the 2-core dev machine: p50 <= 1 ms, p99 <= 5 ms.
* Linearity: adversarial drafts of 2.5, 5 and 10 kB (long digit runs, repeated separators,
  one letter, punctuation only, mixed); the time ratio 10 kB / 2.5 kB should stay near 4.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deskreply.checks import CheckContext, Checker  # noqa: E402

SEEDS = [
    ("es", "Hola Lucía, gracias por escribirnos. Su pedido 48213 sale hoy desde Valencia y "
           "llegará el jueves entre las 9:00 y las 14:00. Si necesita cambiar la dirección, "
           "respóndanos antes de las 18:00. Para cualquier duda puede llamar al 911 234 567 o "
           "escribir a ayuda@tiendaluna.es. ¡Que tenga un buen día! 😊"),
    ("es", "Che, mirá, ya te dije mil veces que el reembolso tarda 10 días hábiles!!! No es "
           "nuestro problema si el banco demora. Tu tarjeta 4111 1111 1111 1111 ya figura con "
           "la devolución, así que tranqui, relajate. Cualquier cosa avisame por acá, dale? 🙄"),
    ("en", "Hi Tom, thanks for your patience. Your refund of $129.99 for order #A-55102 was "
           "issued on 12/03 and should reach your account within 5 business days. If it does "
           "not, reply here and we will check with the bank. Have a great weekend! 👍"),
    ("en", "Per my last message, your password is Blue-Falcon-77 and the API key is "
           "AKIAIOSFODNN7EXAMPLE. You should have read the instructions. Whatever, just log in "
           "again and stop sending screenshots LIKE THIS EVERY TIME. Thanks I guess 😒🔥"),
]
ADVERSARIAL = {
    "digits": "1234567890",
    "separators": "1 - 2 . 3 - ",
    "one_letter": "a",
    "punctuation": "!?.,;:-_*",
    "mixed": "Mi DNI 12.345.678-Z, IBAN ES91 2100 0418 4502 0005 1332 jaja!!! ",
}


def three_hundred(text: str) -> str:
    return (text * (300 // len(text) + 1))[:300]


def latency(checker: Checker, rounds: int) -> dict[str, float]:
    context = CheckContext(incoming="Mi pedido llegó roto y nadie me contesta",
                           contact_name="Lucía")
    messages = [(lang, three_hundred(text)) for lang, text in SEEDS]
    # Small variations defeat the tokenizer's cache so the figures are honest.
    variants = [(lang, f"{text[:-6]} {i:05d}") for i in range(50) for lang, text in messages]
    for lang, text in variants[:40]:
        checker.check(text, lang=lang, context=context)
    timings = []
    for _ in range(rounds):
        for lang, text in variants:
            started = time.perf_counter()
            checker.check(text, lang=lang, context=context)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 3),
        "messages": len(timings),
    }


def linearity(checker: Checker) -> dict[str, float]:
    ratios = {}
    for name, unit in ADVERSARIAL.items():
        seconds = []
        for size in (2500, 10000):
            text = (unit * (size // len(unit) + 1))[:size]
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                checker.check(text, lang="es")
                runs.append(time.perf_counter() - started)
            seconds.append(statistics.median(runs))
        ratios[f"{name}_10k_ms"] = round(seconds[1] * 1000, 2)
        ratios[f"{name}_ratio_10k_over_2_5k"] = round(seconds[1] / seconds[0], 2)
    return ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    started = time.perf_counter()
    checker = Checker(ui_lang="en")
    checker.warm_up()
    load_s = time.perf_counter() - started
    figures = {"load_s": round(load_s, 3), **latency(checker, args.rounds), **linearity(checker)}
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
