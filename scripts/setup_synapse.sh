#!/usr/bin/env bash
# Install matrix-synapse (the Matrix homeserver the Matrix tests and benchmark run on
# 127.0.0.1) into its OWN virtual environment, .synapse-venv, only when it is missing.
# Synapse is a test tool, never a dependency of the app: it does not go into .venv.
# Safe to run again: it only does what is missing. Prints the venv's python path last.
set -euo pipefail
cd "$(dirname "$0")/.."

SYNAPSE_SPEC=${SYNAPSE_SPEC:-"matrix-synapse>=1.100,<2"}
PYTHON=${PYTHON:-python3}
venv=.synapse-venv
stamp=$venv/.deskreply-synapse-installed

if [ ! -f "$stamp" ]; then
  echo "Installing $SYNAPSE_SPEC into $venv (once)" >&2
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
  "$venv/bin/python" -m pip install -q "$SYNAPSE_SPEC" >&2
  "$venv/bin/python" -c "import synapse; print(synapse.__version__)" > "$stamp"
fi
echo "$PWD/$venv/bin/python"
