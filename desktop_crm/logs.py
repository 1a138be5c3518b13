"""The log file: errors with tracebacks, never a full phone number, address or name."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_configured = False


def setup_logging(folder: Path) -> Path | None:
    """Log to `folder`/desktop-crm.log (rotated); returns the path, or None when unwritable."""
    global _configured
    if _configured:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "desktop-crm.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        if os.name == "posix" and path.exists():
            os.chmod(path, 0o600)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("desktop_crm")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _configured = True
    return path
