"""Fault injection for the crash tests: SIGKILL this process at a named point.

`DESKTOP_CRM_CRASH_AT=import:before_commit desktop-crm import …` dies right there, the way a
power cut or a kill -9 would. Unset (always, for users) it does nothing.
"""

from __future__ import annotations

import os
import signal

_POINT = os.environ.get("DESKTOP_CRM_CRASH_AT", "")


def crash_point(name: str) -> None:
    """Die here when the environment names this point."""
    if _POINT and _POINT == name:
        os.kill(os.getpid(), signal.SIGKILL)
