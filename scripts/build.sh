#!/usr/bin/env bash
# Build the DeskReply app bundle: one folder, dist/deskreply/, with two programs in it —
# deskreply (the window) and deskreply-cli (a console program: `deskreply-cli check ...`) —
# plus dist/deskreply-<version>-<os>-<arch>.tar.gz, then print the sizes.
#
# PyInstaller goes into a build venv of its own (.build-venv, or $BUILD_VENV), never into the
# app's dependencies or .venv. Safe to run again: the venv is reused while pyproject.toml is
# unchanged. Fails when the bundle grows past the size targets (300 MB folder, 120 MB archive).
set -euo pipefail
cd "$(dirname "$0")/.."

# PyInstaller reads libraries with binutils (objdump); build.spec strips debug info with it.
if ! command -v objdump >/dev/null 2>&1 || ! command -v readelf >/dev/null 2>&1; then
  if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing binutils (PyInstaller needs objdump)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq binutils >/dev/null
  fi
fi

PYTHON=${PYTHON:-python3}
VENV=${BUILD_VENV:-.build-venv}
PYINSTALLER_REQUIREMENT="pyinstaller>=6.10,<7"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.deskreply-build-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$0" -nt "$stamp" ]; then
  echo "== build venv: PyInstaller and DeskReply into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # The app itself (not editable) so that its package metadata, which the About dialog reads,
  # can be copied into the bundle; the code is analysed from this source tree.
  "$VENV/bin/python" -m pip install -q "$PYINSTALLER_REQUIREMENT" .
  touch "$stamp"
fi

echo "== pyinstaller build.spec"
start=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller build.spec
seconds=$(( $(date +%s) - start ))
echo "built dist/deskreply in ${seconds} s"

version=$("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('deskreply'))")
system=$(uname -s | tr '[:upper:]' '[:lower:]')
archive="dist/deskreply-${version}-${system}-$(uname -m).tar.gz"
# gzip -9: the same .tar.gz anyone can open, about 4 % smaller than tar's default level.
tar -C dist -cf - deskreply | gzip -9 > "$archive"
"$VENV/bin/python" scripts/bundle_size.py dist/deskreply --archive "$archive" \
  --max-mb "${MAX_BUNDLE_MB:-300}" --max-archive-mb "${MAX_ARCHIVE_MB:-120}"
echo "build_seconds=${seconds}"
