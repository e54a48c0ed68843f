"""Startup figures: run ``python -m deskreply --self-test`` N times and report medians.

Usage: python benchmarks/startup.py [N]   (default 5)

Each run is a fresh process on the demo inbox in a temporary folder, with offscreen Qt. Times
are seconds since the process started (interpreter start-up included); ``ready_s`` is when the
checks of the UI language are loaded and warm (the other language loads right after, on the
same worker); rss is peak resident memory. Last line: one JSON object.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# benchmarks/email.py would shadow the standard library's email package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from benchmarks.app_process import app_environment  # noqa: E402


def one_run() -> dict[str, float]:
    env = app_environment()  # compiled bytecode, as an installed app has
    done = subprocess.run([sys.executable, "-m", "deskreply", "--self-test"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"self-test failed ({done.returncode}):\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 5
    results = []
    for number in range(1, runs + 1):
        figures = one_run()
        results.append(figures)
        print(f"run {number}: window shown {figures['window_shown_s']:.3f} s, "
              f"ready {figures['ready_s']:.3f} s, peak RSS {figures['rss_mb']:.1f} MB",
              flush=True)
    summary = {
        "window_shown_s_median": round(statistics.median(r["window_shown_s"] for r in results), 3),
        "ready_s_median": round(statistics.median(r["ready_s"] for r in results), 3),
        "rss_mb_median": round(statistics.median(r["rss_mb"] for r in results), 1),
        "rss_mb_max": round(max(r["rss_mb"] for r in results), 1),
        "runs": runs,
    }
    print(f"medians: window shown {summary['window_shown_s_median']} s, "
          f"ready {summary['ready_s_median']} s, peak RSS {summary['rss_mb_median']} MB")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
