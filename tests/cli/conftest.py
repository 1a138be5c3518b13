"""Run `desktop-crm` as a user's script would: a subprocess, its exit code, stdout, stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """run_cli(*args, cwd=None, **env): the command with its own data folder, no passphrase
    from the developer's environment unless given, and no terminal to prompt on."""
    base = dict(os.environ)
    base["DESKTOP_CRM_DATA_DIR"] = str(tmp_path / "data")
    for name in ("DESKTOP_CRM_PASSPHRASE", "DESKTOP_CRM_BACKUP_PASSPHRASE"):
        base.pop(name, None)

    def run(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop_crm", *args],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env={**base, **env},
            stdin=subprocess.DEVNULL,  # a prompt would fail, not hang
            timeout=300,
        )

    return run
