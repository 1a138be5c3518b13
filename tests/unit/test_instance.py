"""One program per database (RELIABILITY D14): a second instance is refused naming the first;
a lock left by a killed program is recovered by the next start."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from desktop_crm.errors import CrmError, DatabaseLocked
from desktop_crm.services import instance

NOW = datetime(2026, 11, 22, 10, 30, 0)

HOLDER = """
import sys, time
from desktop_crm.services.instance import hold_database_lock
with hold_database_lock(sys.argv[1], "gui"):
    print("locked", flush=True)
    time.sleep(120)
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start_holder(db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def test_lock_records_who_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    with instance.hold_database_lock(db, "cli import", now=NOW) as lock:
        assert lock.held and lock.path == tmp_path / "crm.db.lock"
        info = instance.read_lock_info(db)
        assert info == instance.LockInfo(
            os.getpid(), socket.gethostname(), "cli import", "2026-11-22 10:30:00"
        )
        assert json.loads(lock.path.read_text())["pid"] == os.getpid()
        assert lock.path.stat().st_mode & 0o077 == 0
    assert instance.read_lock_info(db) is None  # released: the note is emptied
    with instance.hold_database_lock(db, "gui") as again:
        assert again.held


def test_second_holder_in_the_same_process_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    with instance.hold_database_lock(db, "gui", now=NOW):
        with pytest.raises(DatabaseLocked) as info:
            with instance.hold_database_lock(db, "cli backup"):
                pass
        assert info.value.exit_code == 3
        assert f"PID {os.getpid()} on host {socket.gethostname()}" in info.value.message
        assert "(gui, since 2026-11-22 10:30:00)" in info.value.message
        # The refused attempt did not overwrite the holder's note.
        assert instance.read_lock_info(db).program == "gui"


def test_second_instance_is_refused_and_a_killed_holder_leaves_no_stale_lock(
    tmp_path: Path,
) -> None:
    db = tmp_path / "crm.db"
    holder = _start_holder(db)
    try:
        with pytest.raises(DatabaseLocked, match=f"PID {holder.pid} on host "):
            instance.acquire_database_lock(db, "gui")
    finally:
        _kill(holder)
    # The note of the dead holder is still in the file, but the OS released its lock.
    assert instance.read_lock_info(db).pid == holder.pid
    with instance.hold_database_lock(db, "gui") as lock:
        assert lock.held and instance.read_lock_info(db).pid == os.getpid()


def test_second_cli_exits_3_without_writing(tmp_path: Path) -> None:
    from desktop_crm.db import close_database, open_database

    db = tmp_path / "crm.db"
    open_database(db)
    close_database()
    before = {p.name: _sha(p) for p in tmp_path.iterdir() if p.is_file()}
    holder = _start_holder(db)
    try:
        started = time.monotonic()
        r = subprocess.run(
            [sys.executable, "-m", "desktop_crm.services.backup", "backup", "--db", str(db)],
            capture_output=True,
            text=True,
        )
        assert time.monotonic() - started < 10
    finally:
        _kill(holder)
    assert r.returncode == 3, r.stderr
    assert f"open in PID {holder.pid} on host {socket.gethostname()} (gui" in r.stderr
    assert "Traceback" not in r.stderr
    after = {p.name: _sha(p) for p in tmp_path.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k != "crm.db.lock"} == {
        k: v for k, v in before.items() if k != "crm.db.lock"
    }
    assert not (tmp_path / "crm-backups").exists()
    # After the kill the same command runs.
    r = subprocess.run(
        [sys.executable, "-m", "desktop_crm.services.backup", "backup", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr


def test_read_only_folder_gives_an_unheld_lock(tmp_path: Path, monkeypatch) -> None:
    import errno

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(instance.os, "open", refuse)
    with instance.hold_database_lock(tmp_path / "crm.db", "gui") as lock:
        assert not lock.held


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CrmError, match="lock file"):
        instance.acquire_database_lock(tmp_path / "nope" / "crm.db", "gui")


def test_a_replaced_lock_file_is_locked_afresh(tmp_path: Path) -> None:
    """Someone deletes the lock file while it is held: the next program locks the new file,
    and the first program's release does not disturb it."""
    db = tmp_path / "crm.db"
    first = instance.acquire_database_lock(db, "gui")
    first.path.unlink()
    second = instance.acquire_database_lock(db, "cli")
    instance.release_database_lock(first)
    with pytest.raises(DatabaseLocked):
        instance.acquire_database_lock(db, "cli 2")
    instance.release_database_lock(second)
