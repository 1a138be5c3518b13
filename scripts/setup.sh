#!/usr/bin/env bash
# Set up everything Desktop CRM needs on this machine, then return.
#   scripts/setup.sh          libraries for tests (Qt offscreen) + the Python environment
#   scripts/setup.sh --gui    also the X11 libraries a real window needs
# Debian/Ubuntu system packages are installed only when missing (as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each entry lists alternatives: the first one the package index knows is installed.
pkgs=(libegl1 libgl1 libdbus-1-3 libfontconfig1 "libglib2.0-0t64|libglib2.0-0" libxkbcommon0
      fonts-noto-cjk poppler-utils)
if [ "${1:-}" = "--gui" ]; then
  pkgs+=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
         libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-xinerama0)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for spec in "${pkgs[@]}"; do
    IFS='|' read -r -a alts <<<"$spec"
    ok=""
    for p in "${alts[@]}"; do installed "$p" && ok=1 && break; done
    [ -n "$ok" ] || missing+=("$spec")
  done
  python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=("python3-venv")
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "Installing system packages: ${missing[*]}" >&2
    $SUDO apt-get update -qq >/dev/null
    chosen=()
    for spec in "${missing[@]}"; do
      IFS='|' read -r -a alts <<<"$spec"
      pick="${alts[-1]}"
      for p in "${alts[@]}"; do
        if apt-cache show "$p" >/dev/null 2>&1; then pick="$p"; break; fi
      done
      chosen+=("$pick")
    done
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${chosen[@]}" >/dev/null
    # A font installed after matplotlib built its cache shows as boxes until the cache is rebuilt.
    rm -rf "${HOME:-/root}/.cache/matplotlib" 2>/dev/null || true
  fi
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Desktop CRM needs Python 3.11 or newer (found $("$PY" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Reinstall only when the project's requirements changed since the last install.
stamp=.venv/.desktop-crm-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
  touch "$stamp"
fi
