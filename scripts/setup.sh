#!/usr/bin/env bash
# Set up DeskReply on a fresh Debian/Ubuntu machine: the few system libraries Qt needs (only
# those missing), a virtual environment in .venv, and the project with its test tools.
# With --test also the real servers the tests start: dovecot (IMAP), gnome-keyring and D-Bus
# (a Secret Service). Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(libglib2.0-0 libegl1 libgl1 libfontconfig1 libx11-6 libx11-xcb1 libxkbcommon0
                 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
                 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
                 libdbus-1-3 fonts-dejavu-core fonts-noto-color-emoji)
TEST_PACKAGES=(dovecot-imapd gnome-keyring dbus)
if [ "${1:-}" = "--test" ]; then
  SYSTEM_PACKAGES+=("${TEST_PACKAGES[@]}")
fi
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.deskreply-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
