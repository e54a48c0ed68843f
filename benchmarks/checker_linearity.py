"""The whole checker on 20 kB drafts: milliseconds per input, and the 20 kB / 5 kB ratio.

Usage: python benchmarks/checker_linearity.py [--rounds N] [--skip NAME ...]

Every input of ``tests/checks/test_checker_properties.py`` (realistic mixed replies and worst
cases: one long word, punctuation, placeholders, shouting, digit runs, an emoji wall) is
checked at 5 kB and 20 kB through every check, warm, with a conversation context; the best
of N rounds is printed. Target on the 2-core dev machine: <= 50 ms per 20 kB, ratio near 4
(linear). The last line is one JSON object: ``max_ms_20kb``, ``max_ratio``, ``ms_20kb`` and
``ratio`` per input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deskreply.checks import CheckContext, Checker  # noqa: E402
from tests.checks.test_checker_properties import LINEARITY_INPUTS  # noqa: E402


def best_ms(checker: Checker, text: str, context: CheckContext, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        checker.check(text, lang="es", context=context)
        best = min(best, time.perf_counter() - start)
        if best > 5.0:  # a pathological input: one round tells enough
            break
    return best * 1000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip", action="append", default=[])
    args = parser.parse_args(argv)
    checker = Checker(ui_lang="es")
    checker.warm_up()
    context = CheckContext(incoming="Estoy harta, ¿dónde está mi pedido?", contact_name="Lucía")
    ms: dict[str, float] = {}
    ratio: dict[str, float] = {}
    for name, unit in LINEARITY_INPUTS.items():
        if name in args.skip:
            continue
        small = (unit * (5_000 // len(unit) + 1))[:5_000]
        large = (unit * (20_000 // len(unit) + 1))[:20_000]
        checker.check(small, lang="es", context=context)
        t_small = best_ms(checker, small, context, args.rounds)
        t_large = best_ms(checker, large, context, args.rounds)
        ms[name] = round(t_large, 1)
        ratio[name] = round(t_large / max(t_small, 0.001), 2)
        print(f"{name:>14}: 5 kB {t_small:9.1f} ms   20 kB {t_large:9.1f} ms   "
              f"ratio {ratio[name]:.2f}", flush=True)
    print(json.dumps({"max_ms_20kb": max(ms.values()), "max_ratio": max(ratio.values()),
                      "ms_20kb": ms, "ratio": ratio}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
