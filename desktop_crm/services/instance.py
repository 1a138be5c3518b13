"""One program per database: a lock file beside it, taken by the GUI and by the CLI.

`hold_database_lock(path, program)` locks `<db>.lock` (flock on POSIX, msvcrt on Windows) and
writes who holds it: pid, host, program and since when. A second Desktop CRM on the same
database gets DatabaseLocked ("open in PID n on host h (gui, since …)") before it has written
anything. The operating system drops the lock when the holder dies, even by SIGKILL or a power
cut, so a crashed program never leaves a stale lock behind: the next start simply takes it.

The lock file itself is left in place when released (emptied): deleting it would let two
programs lock two different files of the same name. (`tidy=True`, for commands that only read
an archived copy, removes a lock file the command created: a holder of a deleted lock file
notices that the name now points to another file, and locks that one afresh.)

The lock follows the real file, not the name as typed: a symbolic link to the database (or a
folder reached through one) is resolved, so `<real db>.lock` is the one lock whatever the path
used. A hard link is refused instead: it is a second name for the same file that no name-based
lock can see, and SQLite keeps its journal and WAL under each name separately, so a crash under
one name and a later open under the other loses or damages data (sqlite.org "How To Corrupt",
multiple links). Locking the database file itself was rejected: SQLite holds POSIX locks on it
that closing any other descriptor of the file in the process drops, msvcrt would share SQLite's
lock byte, and a restore or an encryption change renames a new file into place, so a lock on
the old file (or one keyed by its inode) would stop protecting the new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_crm.errors import CrmError, DatabaseLocked, DatabaseRefused

# msvcrt locks byte ranges and a locked range cannot be read by others on Windows; lock one
# byte far past the holder's note so the note stays readable.
_WIN_LOCK_OFFSET = 1 << 30


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds (or held) a database."""

    pid: int
    host: str
    program: str
    since: str

    def describe(self) -> str:
        return f"PID {self.pid} on host {self.host} ({self.program}, since {self.since})"


@dataclass(slots=True)
class DatabaseLock:
    """A held lock (`held` is False when the folder is read-only and nothing can write)."""

    path: Path
    info: LockInfo
    held: bool
    _fd: int | None = None
    created: bool = False  # this lock made the lock file (it did not exist before)
    tidy: bool = False  # remove the lock file at release when `created`


def real_path(db_path: str | Path) -> Path:
    """The database file a path names, symbolic links (of the file or its folders) resolved."""
    return Path(os.path.realpath(Path(db_path).expanduser()))


def lock_path(db_path: str | Path) -> Path:
    """`<db>.lock` beside the real database file (symbolic links resolved)."""
    return Path(str(real_path(db_path)) + ".lock")


def refuse_hard_links(db_path: str | Path) -> None:
    """Refuse a database file that has other names (hard links): see the module docstring.

    Raises:
        DatabaseRefused: the file has more than one name; nothing was changed.
    """
    try:
        found = os.stat(real_path(db_path))
    except OSError:
        return  # no file yet (or unreadable: opening it says why)
    if stat.S_ISDIR(found.st_mode):  # a folder's links are its subfolders, not other names
        raise DatabaseRefused(f"{Path(db_path)} is a folder, not a database file.")
    links = found.st_nlink
    if links > 1:
        raise DatabaseRefused(
            f"{Path(db_path)} has {links} names on this disk (hard links), so another program "
            "opening it under another name would not see that it is open here, and its changes "
            "could be lost. Copy the file and open the copy, or delete the other names. It was "
            "not changed."
        )


def read_lock_info(db_path: str | Path) -> LockInfo | None:
    """What the lock file says about its holder (None when empty or unreadable)."""
    try:
        text = lock_path(db_path).read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(text)
        return LockInfo(
            int(data["pid"]), str(data["host"]), str(data["program"]), str(data["since"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _try_lock(fd: int, path: Path) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    import fcntl

    try:
        # flock locks belong to the open file, not the process: a second open in this very
        # process is refused too (POSIX fcntl locks would let it through).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # e.g. a file system without locks: say so instead of guessing
        raise CrmError(
            f"Cannot lock {path} ({exc.strerror}); the folder's file "
            "system does not support locks. Keep the database on a local disk."
        ) from exc
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


def acquire_database_lock(
    db_path: str | Path, program: str, *, now: datetime | None = None, tidy: bool = False
) -> DatabaseLock:
    """Take the lock of `db_path` for `program` ("gui", "cli import", …).

    The lock is the real file's (symbolic links resolved). `tidy`: a lock file this call
    creates is removed again at release (a command that only reads a file leaves nothing
    beside it).

    Raises:
        DatabaseLocked: another program holds it (exit code 3); the message names it.
        DatabaseRefused: the file has other names (hard links); see refuse_hard_links.
        CrmError: the lock file cannot be created in a folder that should be writable.
    Returns a DatabaseLock with `held=False`, without locking, when the folder is read-only
    (nobody can write the database there, so there is nothing to protect).
    """
    refuse_hard_links(db_path)
    path = lock_path(db_path)
    info = LockInfo(
        pid=os.getpid(),
        host=socket.gethostname(),
        program=program,
        since=(now or datetime.now()).replace(microsecond=0).isoformat(" "),
    )
    for _ in range(10):
        created = not path.exists()
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            import errno

            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and path.parent.is_dir():
                return DatabaseLock(path, info, held=False)
            raise CrmError(
                f"Cannot create the lock file {path} ({exc.strerror}). Check that the folder "
                f"{path.parent} exists and can be written."
            ) from exc
        try:
            if not _try_lock(fd, path):
                holder = read_lock_info(db_path)
                who = holder.describe() if holder else "another program"
                raise DatabaseLocked(
                    f"{Path(db_path)} is already open in {who}. Close it there first; "
                    "nothing was changed."
                )
            # The file may have been replaced between open and lock: then lock the new one.
            if os.name == "posix" and os.fstat(fd).st_ino != _inode(path):
                _unlock(fd)
                os.close(fd)
                continue
            _write_info(fd, info)
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        return DatabaseLock(path, info, held=True, _fd=fd, created=created, tidy=tidy)
    raise CrmError(f"Cannot lock {path}: it keeps being replaced.")


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _write_info(fd: int, info: LockInfo) -> None:
    data = json.dumps(
        {"pid": info.pid, "host": info.host, "program": info.program, "since": info.since},
        ensure_ascii=False,
    ).encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, data)


def release_database_lock(lock: DatabaseLock) -> None:
    """Empty the note and let go of the lock (the file stays; see the module docstring)."""
    if lock._fd is None:
        return
    fd, lock._fd = lock._fd, None
    try:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        if lock.tidy and lock.created and os.name == "posix":
            # Still locked while it goes: a program waiting on this file sees its name now
            # points elsewhere (or nowhere) and locks afresh (acquire_database_lock).
            with contextlib.suppress(OSError):
                if os.fstat(fd).st_ino == _inode(lock.path):
                    lock.path.unlink()
        _unlock(fd)
    finally:
        os.close(fd)
    lock.held = False


@contextlib.contextmanager
def hold_database_lock(
    db_path: str | Path, program: str, *, now: datetime | None = None
) -> Iterator[DatabaseLock]:
    """Hold the database's lock for the duration of the block (see acquire_database_lock)."""
    lock = acquire_database_lock(db_path, program, now=now)
    try:
        yield lock
    finally:
        release_database_lock(lock)
