#!/usr/bin/env bash
# Set up what is missing, then run every check CI runs: the layer contract and the whole
# test suite. Extra arguments go to pytest, e.g.: scripts/test.sh -m "not slow"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== layer contract (import-linter)"
.venv/bin/lint-imports
echo "== lint (ruff)"
.venv/bin/ruff check deskreply tests benchmarks scripts
echo "== types (mypy)"
.venv/bin/mypy
echo "== tests (pytest)"
.venv/bin/python -m pytest "$@"
