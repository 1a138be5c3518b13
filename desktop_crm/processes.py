"""Whether another process is still running (to tell a killed program's leftovers from a
running one's: temporary copies, export scratch folders)."""

from __future__ import annotations

import os


def process_alive(pid: int) -> bool:
    """Is process `pid` running? (Elsewhere than POSIX it cannot be asked safely: yes.)"""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True
