"""Restore (RELIABILITY E19): the round trip, and refusal of damaged or foreign files with
nothing changed."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

# The app's own SQLite library: two SQLite libraries in one process don't see each other's locks.
from sqlcipher3 import dbapi2 as sqlite3

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import DatabaseBusy, DatabaseNewer, DatabaseReadOnly, DatabaseRefused
from desktop_crm.services import backup as bk
from desktop_crm.services.check import run_check
from desktop_crm.services.customers import CustomerInput, create_customer
from desktop_crm.services.dump import business_dump
from desktop_crm.services.importing.engine import import_file
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 30, 0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _import(folder: Path, n: int, start: int = 0) -> None:
    base = datetime(2026, 3, 1, 9, 0)
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(4200000000000000000 + i),
            ordered_at=base + timedelta(hours=i), status="completed", paid=2000 + i,
            currency="CNY", buyer_key=f"b{i % 97}", buyer_name=f"b{i % 97}",
        )
        for i in range(start, start + n)
    ]  # fmt: skip
    path = write_export("taobao", orders, folder / f"ExportOrderList{202603010000 + start}.csv")
    import_file(path, now=NOW)


def _add_customer(name: str) -> None:
    create_customer(CustomerInput(name), today=NOW.date(), now=NOW)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_round_trip(db_path: Path, tmp_path: Path) -> None:
    _import(tmp_path, 60)
    _add_customer("张三")
    at_backup = business_dump()
    backup = bk.make_backup("manual", now=NOW)
    _import(tmp_path, 40, start=60)
    db.execute_sql("UPDATE customer SET notes = 'changed after the backup'")
    mutated = business_dump()
    assert mutated != at_backup
    backup_sha = _sha(backup.path)
    result = bk.restore_backup(backup.path, now=NOW + timedelta(minutes=5))
    assert business_dump() == at_backup
    assert _sha(backup.path) == backup_sha  # the backup itself is untouched
    assert (result.from_version, result.to_version) == (dbmod.head_version(),) * 2
    # The database is open again, in WAL, writable, sound.
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert run_check().ok
    _add_customer("李四")
    # The pre-restore copy holds the data from just before the restore.
    assert result.pre_restore == Path(str(db_path) + ".pre-restore")
    assert result.pre_restore.stat().st_mode & 0o077 == 0
    open_database(result.pre_restore)
    assert business_dump() == mutated
    close_database()
    open_database(db_path)
    # Restoring the pre-restore copy is the undo of a restore.
    bk.restore_backup(result.pre_restore, now=NOW + timedelta(minutes=6))
    assert business_dump() == mutated
    leftovers = [n for n in _files(db_path.parent) if n.endswith(".tmp")]
    assert leftovers == []


def _flip_byte_in_table_page(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    offset = (root - 1) * page_size + 3  # the page's cell count, in its b-tree header
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_candidate_with_a_flipped_byte_is_refused_and_nothing_changes(
    db_path: Path, tmp_path: Path
) -> None:
    _import(tmp_path, 300)
    backup = bk.make_backup("manual", now=NOW)
    _add_customer("张三")
    candidate = tmp_path / "damaged.db"
    shutil.copyfile(backup.path, candidate)
    _flip_byte_in_table_page(candidate, "orders")
    close_database()
    live_files = {n: _sha(db_path.parent / n) for n in _files(db_path.parent) if n != "crm.db.lock"
                  and (db_path.parent / n).is_file()}  # fmt: skip
    cand_sha = _sha(candidate)
    open_database(db_path)
    before = business_dump()
    with pytest.raises(DatabaseRefused, match="damaged"):
        bk.verify_candidate(candidate)  # what a Backups page asks before offering to restore
    assert bk.verify_candidate(backup.path) == dbmod.head_version()
    with pytest.raises(DatabaseRefused, match="damaged"):
        bk.restore_backup(candidate, now=NOW)
    assert _sha(candidate) == cand_sha
    assert business_dump() == before
    close_database()
    for name, sha in live_files.items():
        if name.endswith(("-wal", "-shm")):
            continue
        assert _sha(db_path.parent / name) == sha, name
    assert not Path(str(db_path) + ".pre-restore").exists()
    assert not [n for n in _files(db_path.parent) if n.endswith(".tmp")]
    open_database(db_path)
    _add_customer("still writable")


@pytest.mark.parametrize("kind", ["empty", "text", "foreign", "newer", "missing"])
def test_not_our_database_is_refused(db_path: Path, tmp_path: Path, kind: str) -> None:
    candidate = tmp_path / "candidate.db"
    if kind == "empty":
        candidate.write_bytes(b"")
    elif kind == "text":
        candidate.write_text("name,phone\n张三,1\n")
    elif kind == "foreign":
        conn = sqlite3.connect(candidate)
        conn.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY)")
        conn.commit()
        conn.close()
    elif kind == "newer":
        bk.backup_to_path(candidate, now=NOW)
        conn = sqlite3.connect(candidate)
        conn.execute(f"PRAGMA user_version = {dbmod.head_version() + 1}")
        conn.close()
    before = business_dump()
    cand = _sha(candidate) if candidate.exists() else None
    expected = DatabaseNewer if kind == "newer" else DatabaseRefused
    with pytest.raises(expected if kind != "missing" else Exception) as info:
        bk.restore_backup(candidate, now=NOW)
    assert "not changed" in str(info.value) or "does not exist" in str(info.value)
    assert business_dump() == before
    assert (_sha(candidate) if candidate.exists() else None) == cand
    assert not Path(str(db_path) + ".pre-restore").exists()


def test_restoring_an_older_schema_migrates_it(tmp_path: Path) -> None:
    first = sorted(dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"))[0]
    old_dir = tmp_path / "old-migrations"
    old_dir.mkdir()
    shutil.copy(first, old_dir / first.name)
    old = tmp_path / "old" / "crm.db"
    old.parent.mkdir()
    open_database(old, migrations_dir=old_dir)
    db.execute_sql(
        "INSERT INTO customer (display_name, created_at, updated_at) "
        "VALUES ('老客户', '2025-01-01', '2025-01-01')"
    )
    close_database()
    live = tmp_path / "crm.db"
    open_database(live)
    _add_customer("新客户")
    result = bk.restore_backup(old, now=NOW)
    assert result.from_version == 1 and result.to_version == dbmod.head_version()
    assert dbmod.schema_version() == dbmod.head_version()
    names = [r[0] for r in db.execute_sql("SELECT display_name FROM customer").fetchall()]
    assert names == ["老客户"]
    assert run_check().ok
    close_database()


def test_restore_refuses_while_another_connection_is_open(db_path: Path) -> None:
    backup = bk.make_backup("manual", now=NOW)
    _add_customer("张三")
    before = business_dump()
    other = sqlite3.connect(db_path)
    other.execute("SELECT count(*) FROM customer").fetchall()
    try:
        with pytest.raises(DatabaseBusy, match="Nothing was changed"):
            bk.restore_backup(backup.path, now=NOW)
    finally:
        other.close()
    assert business_dump() == before
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    _add_customer("still writable")


def test_restore_refuses_on_a_read_only_database(db_path: Path) -> None:
    backup = bk.make_backup("manual", now=NOW)
    close_database()
    open_database(db_path, readonly=True)
    with pytest.raises(DatabaseReadOnly):
        bk.restore_backup(backup.path, now=NOW)


def test_restore_of_a_live_wal_database_copies_its_wal_too(db_path: Path, tmp_path: Path) -> None:
    """A candidate that is another shop's live database (with a -wal) restores all its data."""
    other = tmp_path / "other" / "shop.db"
    other.parent.mkdir()
    shutil.copyfile(db_path, other)
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(
        "INSERT INTO customer (display_name, created_at, updated_at) "
        "VALUES ('only in the wal', '2025-01-01', '2025-01-01')"
    )
    shutil.copyfile(other, tmp_path / "main-only.db")
    wal = Path(str(other) + "-wal")
    assert wal.stat().st_size > 0
    shutil.copyfile(wal, tmp_path / "candidate-wal")
    conn.close()  # checkpoints; put the un-checkpointed state back, as a crash would leave it
    shutil.copyfile(tmp_path / "main-only.db", other)
    shutil.copyfile(tmp_path / "candidate-wal", wal)
    bk.restore_backup(other, now=NOW)
    names = [r[0] for r in db.execute_sql("SELECT display_name FROM customer").fetchall()]
    assert names == ["only in the wal"]


@pytest.mark.parametrize("now_locked", [True, False])
def test_a_restore_keeps_the_lock_the_merchant_has_now(db_path: Path, now_locked: bool) -> None:
    # Like encryption: restoring last week's data does not bring back last week's password or
    # switch the idle lock off (or on) without a word.
    from desktop_crm.services import applock

    applock.set_password("old-password")
    applock.set_idle_minutes(30)
    backup = bk.make_backup("manual", now=NOW)
    applock.set_password("new-password" if now_locked else None)
    applock.set_idle_minutes(5 if now_locked else 0)
    before = applock.lock_settings()
    bk.restore_backup(backup.path, now=NOW + timedelta(minutes=1))
    assert applock.lock_settings() == before
    if now_locked:
        assert applock.check_password("new-password")
        assert not applock.check_password("old-password")
    else:
        assert before == applock.LockSettings(0, False)
