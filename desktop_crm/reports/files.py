"""Writing files safely: a temporary name in the target folder, renamed into place.

A full disk, a crash or an error never leaves a half-written file at the target path, and the
error says what and where.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop_crm.db import translate_os_error
from desktop_crm.errors import CrmError, DiskFull

# In every temporary name atomic_path makes (`.customers.desktop-crm-k3j2x9ab.xlsx`).
TEMP_MARK = ".desktop-crm-"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it to `target` when the block succeeds."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        # TEMP_MARK: the next export may remove it once abandoned, and nothing a person named.
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}{TEMP_MARK}", suffix=target.suffix, dir=folder
        )
    except OSError as exc:
        raise _worded(exc, target) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError as exc:
        raise _worded(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)` and move the result to `target`."""
    with atomic_path(target) as tmp:
        write(tmp)
    return target


def _worded(exc: OSError, target: Path) -> CrmError:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return DiskFull(
            f"The disk is full: {target} could not be written. No file was left behind."
        )
    return translate_os_error(exc, target)
