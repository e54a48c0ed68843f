#!/usr/bin/env bash
# Set up what is missing, then open DeskReply on its built-in demo inbox.
# Extra arguments go to the app, e.g.: scripts/demo.sh --lang es --data-dir ~/deskreply-demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/deskreply "$@"
