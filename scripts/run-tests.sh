#!/usr/bin/env bash
# Set everything up (first run only) and run the whole test suite, Qt offscreen.
# Extra arguments go to pytest, e.g. scripts/run-tests.sh tests/unit -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
