#!/usr/bin/env bash
# Set up what is missing, then run every check CI runs: the layer contract and the whole
# test suite. Extra arguments go to pytest, e.g.: scripts/test.sh -m "not slow"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
echo "== layer contract (import-linter)"
.venv/bin/lint-imports
echo "== lint (ruff)"
.venv/bin/ruff check deskreply tests benchmarks scripts
echo "== types (mypy)"
.venv/bin/mypy
echo "== tests (pytest)"
# A private D-Bus session with an unlocked gnome-keyring: the keyring tests use a real Secret
# Service, never the developer's own keyring. Its files live in a temp folder.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" dbus-run-session -- sh -c \
  'printf %s deskreply-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
   exec "$@"' sh .venv/bin/python -m pytest "$@"
