#!/usr/bin/env bash
# Set everything up (first run only) and start Desktop CRM. Arguments go to the program,
# e.g. scripts/run-app.sh --demo
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --gui
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: starting offscreen (set DISPLAY, or run under xvfb-run, to see the window)." >&2
  export QT_QPA_PLATFORM=offscreen
fi
exec .venv/bin/desktop-crm "$@"
