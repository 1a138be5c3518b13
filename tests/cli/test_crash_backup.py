"""SIGKILL during backup, restore and migration (RELIABILITY B7, B8, B9).

Each run is a child process killed at a hook point (faults.crash_point) or at a random moment;
then the next start (lock, clean-up of temp files, open) must find:
- backup: the live data unchanged; no file under a final backup name unless it passes
  integrity_check; no temp file left;
- restore: the data equal to the old or to the restored dump, never a mix; `*.pre-restore`
  (holding the old data) whenever the swap happened;
- migration: the old version with an unchanged dump, or the new version fully migrated.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

# The app's own SQLite library: two SQLite libraries in one process don't see each other's locks.
from sqlcipher3 import dbapi2 as sqlite3

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database
from desktop_crm.services import backup as bk
from desktop_crm.services.dump import logical_hash
from desktop_crm.services.importing.engine import import_file
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 30, 0)
ROWS = 4000
BACKUP = [sys.executable, "-m", "desktop_crm.services.backup"]
MIGRATE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from desktop_crm.db import close_database, open_database\n"
    "from desktop_crm.services.backup import cleanup_temp_files\n"
    "cleanup_temp_files(Path(sys.argv[1]))\n"
    "open_database(Path(sys.argv[1]), migrations_dir=Path(sys.argv[2]))\n"
    "close_database()\n"
)
TEST_MIGRATION = '''
"""Test-only: real work on every row, then a table rebuild."""

from desktop_crm.faults import crash_point


def up(migrator, db):
    from peewee import TextField

    db.execute_sql("ALTER TABLE customer ADD COLUMN loyalty_code TEXT")
    db.execute_sql("UPDATE customer SET loyalty_code = 'L' || id")
    db.execute_sql("UPDATE orders SET buyer_note = 'migrated ' || order_no")
    crash_point("test-migration:middle")
    migrator.migrate(migrator.alter_column_type("customer", "notes", TextField(default="")))
'''
SECOND_TEST_MIGRATION = '''
"""Test-only: a second step, so that an upgrade can be stopped between two."""


def up(migrator, db):
    db.execute_sql("UPDATE customer SET loyalty_code = loyalty_code || '/2'")
'''


def _orders(n: int, start: int) -> list[ParsedOrder]:
    base = datetime(2026, 1, 1, 9, 0)
    return [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(4400000000000000000 + i),
            ordered_at=base + timedelta(minutes=37 * (i % 10_000)), status="completed",
            paid=1000 + i % 977, currency="CNY", buyer_key=f"buyer{i % 900}",
            buyer_name=f"buyer{i % 900}", real_name="王五", phone=f"137{i % 900:08d}",
            province="浙江省", city="杭州市",
        )
        for i in range(start, start + n)
    ]  # fmt: skip


def _hash(path: Path, *, migrations_dir: Path = dbmod.MIGRATIONS_DIR) -> str:
    """The next start: clean up, open (migrating), check, and hash the data."""
    bk.cleanup_temp_files(path)
    open_database(path, migrations_dir=migrations_dir)
    try:
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        return logical_hash()
    finally:
        close_database()


def _run_killed(cmd: list[str], point: str | None, delay: float | None) -> None:
    env = dict(os.environ)
    if point:
        env["DESKTOP_CRM_CRASH_AT"] = point
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if delay is not None:
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    if point:
        assert proc.returncode == -signal.SIGKILL, (point, err)


def _timed(cmd: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.monotonic() - started


def _final_backups_are_sound(folder: Path) -> list[Path]:
    found = []
    if not folder.exists():
        return found
    for p in folder.iterdir():
        if dbmod.parse_backup_name(p.name) is not None or p.name.endswith(".pre-restore"):
            conn = sqlite3.connect(p.as_uri() + "?mode=ro", uri=True)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", p
            finally:
                conn.close()
            found.append(p)
    return found


def _no_temp_files(*folders: Path) -> None:
    for folder in folders:
        if folder.exists():
            assert not [p.name for p in folder.iterdir() if dbmod.is_temp_name(p.name)]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """old.db: the live data; candidate.db: a backup of an earlier state (to restore)."""
    folder = tmp_path_factory.mktemp("crash-backup")
    first = write_export("taobao", _orders(300, 0), folder / "ExportOrderList202601010000.csv")
    more = write_export("taobao", _orders(ROWS, 300), folder / "ExportOrderList202602010000.csv")
    old = folder / "old.db"
    open_database(old)
    import_file(first, now=NOW)
    candidate = bk.backup_to_path(folder / "candidate.db", now=NOW)
    restored_hash = logical_hash()
    import_file(more, now=NOW)
    old_hash = logical_hash()
    close_database()
    shutil.rmtree(dbmod.default_backup_dir(old), ignore_errors=True)
    assert old_hash != restored_hash
    return {"old": old, "candidate": candidate, "old_hash": old_hash,
            "restored_hash": restored_hash}  # fmt: skip


def _copy_db(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    os.chmod(dest, 0o600)
    return dest


# --- B7: backup -----------------------------------------------------------------------------

BACKUP_POINTS = [
    "backup:start",
    "backup:after_copy",
    "backup:after_verify",
    "backup:before_rename",
    "backup:after_rename",
    "backup:before_rotate",
]


def test_sigkill_during_backup(shop: dict, tmp_path: Path) -> None:
    ref = _copy_db(shop["old"], tmp_path / "ref.db")
    duration = _timed([*BACKUP, "backup", "--db", str(ref)])
    rng = random.Random(7)
    runs: list[tuple[str | None, float | None]] = [(p, None) for p in BACKUP_POINTS]
    runs += [(None, rng.uniform(0.05, duration * 1.1)) for _ in range(4)]
    made = 0
    for i, (point, delay) in enumerate(runs):
        (tmp_path / f"live{i}").mkdir()
        live = _copy_db(shop["old"], tmp_path / f"live{i}" / "crm.db")
        _run_killed([*BACKUP, "backup", "--db", str(live)], point, delay)
        folder = dbmod.default_backup_dir(live)
        finals = _final_backups_are_sound(folder)  # before any clean-up: what the crash left
        assert _hash(live) == shop["old_hash"], (point, delay)
        _no_temp_files(folder, live.parent)
        for p in finals:
            open_database(p, readonly=True)
            assert logical_hash() == shop["old_hash"]
            close_database()
        if point in ("backup:after_rename", "backup:before_rotate"):
            assert len(finals) == 1
        if point in ("backup:start", "backup:after_copy", "backup:after_verify"):
            assert finals == []
        made += len(finals)
    assert made >= 2


# --- B8: restore ----------------------------------------------------------------------------

RESTORE_POINTS = [
    ("restore:after_verify", "old"),
    ("restore:after_copy", "old"),
    ("backup:before_rename", "old"),  # while writing the pre-restore copy
    ("restore:after_pre_restore", "old"),
    ("restore:after_detach", "old"),
    ("restore:after_swap", "restored"),
    ("restore:after_reopen", "restored"),
]


def test_sigkill_during_restore(shop: dict, tmp_path: Path) -> None:
    ref = _copy_db(shop["old"], tmp_path / "ref.db")
    duration = _timed([*BACKUP, "restore", str(shop["candidate"]), "--db", str(ref)])
    assert _hash(ref) == shop["restored_hash"]
    rng = random.Random(8)
    runs: list[tuple[str | None, str | None, float | None]] = [
        (p, e, None) for p, e in RESTORE_POINTS
    ]
    runs += [(None, None, rng.uniform(0.05, duration * 1.1)) for _ in range(3)]
    outcomes = []
    for i, (point, expect, delay) in enumerate(runs):
        (tmp_path / f"live{i}").mkdir()
        live = _copy_db(shop["old"], tmp_path / f"live{i}" / "crm.db")
        _run_killed([*BACKUP, "restore", str(shop["candidate"]), "--db", str(live)], point, delay)
        pre = Path(str(live) + ".pre-restore")
        _final_backups_are_sound(live.parent)
        _final_backups_are_sound(dbmod.default_backup_dir(live))
        state = _hash(live)
        assert state in (shop["old_hash"], shop["restored_hash"]), "a mix of old and restored"
        outcome = "old" if state == shop["old_hash"] else "restored"
        if expect:
            assert outcome == expect, point
        if outcome == "restored":
            assert pre.exists()
            assert _hash(pre) == shop["old_hash"]
        _no_temp_files(live.parent, dbmod.default_backup_dir(live))
        assert sqlite3.connect(shop["candidate"]).execute("PRAGMA user_version").fetchone()
        outcomes.append(outcome)
    assert {"old", "restored"} <= set(outcomes)


# --- B9: migration --------------------------------------------------------------------------

MIGRATION_POINTS = [
    ("backup:after_copy", "old"),  # the pre-migration backup
    ("backup:after_rename", "old"),
    ("migrate:before_step", "old"),
    ("test-migration:middle", "old"),
    ("migrate:between_steps", "old"),  # the first step done, not the second: the old version
    ("migrate:before_commit", "old"),
    ("migrate:after_commit", "new"),
]


def _inspect(path: Path) -> tuple[int, str, bool]:
    """Version, data hash and whether every customer has its loyalty code, without migrating."""
    dbmod.db.init(str(path), pragmas=dbmod.PRAGMAS, timeout=dbmod.BUSY_TIMEOUT_S)
    try:
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        version = dbmod.schema_version()
        columns = [r[1] for r in db.execute_sql("PRAGMA table_info(customer)").fetchall()]
        complete = (
            "loyalty_code" in columns
            and not db.execute_sql(
                "SELECT count(*) FROM customer WHERE loyalty_code IS NULL"
            ).fetchone()[0]
        )
        return version, logical_hash(), complete
    finally:
        close_database()


def test_sigkill_during_migration(shop: dict, tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    mig.mkdir()
    for path in dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"):
        shutil.copy(path, mig / path.name)
    head = dbmod.head_version(mig)
    (mig / f"{head + 1:04d}_test_rework.py").write_text(TEST_MIGRATION)
    # Two steps: an upgrade is one transaction, never left between versions (RELIABILITY §9;
    # a merchant going back to the version they had was told the file is from a newer one).
    (mig / f"{head + 2:04d}_test_second.py").write_text(SECOND_TEST_MIGRATION)
    ref = _copy_db(shop["old"], tmp_path / "ref.db")
    duration = _timed([sys.executable, "-c", MIGRATE, str(ref), str(mig)])
    new_version, new_hash, complete = _inspect(ref)
    assert (new_version, complete) == (head + 2, True) and new_hash != shop["old_hash"]
    rng = random.Random(9)
    runs: list[tuple[str | None, str | None, float | None]] = [
        (p, e, None) for p, e in MIGRATION_POINTS
    ]
    runs += [(None, None, rng.uniform(0.05, duration * 1.1)) for _ in range(4)]
    outcomes = []
    for i, (point, expect, delay) in enumerate(runs):
        (tmp_path / f"live{i}").mkdir()
        live = _copy_db(shop["old"], tmp_path / f"live{i}" / "crm.db")
        _run_killed([sys.executable, "-c", MIGRATE, str(live), str(mig)], point, delay)
        _final_backups_are_sound(dbmod.default_backup_dir(live))
        version, state, complete = _inspect(live)
        if version == head:
            assert state == shop["old_hash"] and not complete, "old version, changed data"
            outcome = "old"
        else:
            assert (version, state, complete) == (head + 2, new_hash, True), "half migrated"
            outcome = "new"
        if expect:
            assert outcome == expect, point
        # The next start finishes the job.
        assert _hash(live, migrations_dir=mig) == new_hash
        assert _inspect(live) == (head + 2, new_hash, True)
        _no_temp_files(dbmod.default_backup_dir(live), live.parent)
        outcomes.append(outcome)
    assert {"old", "new"} <= set(outcomes)
