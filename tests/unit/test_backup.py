"""Backups (RELIABILITY E16, E18, C11): verified plain files, consistent under a writer, taken
when due and before risky operations, manual copies to a chosen place."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

# The app's own SQLite library: two SQLite libraries in one process don't see each other's locks.
from sqlcipher3 import dbapi2 as sqlite3

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import CrmError, Refused
from desktop_crm.services import backup as bk
from desktop_crm.services.customers import CustomerInput, create_customer
from desktop_crm.services.dump import business_dump
from desktop_crm.services.importing.engine import import_file
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 30, 0)
NAME = re.compile(r"^crm\.\d{8}-\d{6}(-\d+)?\.[a-z][a-z0-9-]*\.db$")


def _orders(n: int, start: int = 0) -> list[ParsedOrder]:
    base = datetime(2026, 1, 1, 9, 0)
    return [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(4100000000000000000 + i),
            ordered_at=base + timedelta(minutes=37 * i), status="completed", paid=1000 + i % 977,
            currency="CNY", buyer_key=f"buyer{i % 700}", buyer_name=f"buyer{i % 700}",
            phone=f"139{i % 700:08d}", province="江苏省", city="南京市",
        )
        for i in range(start, start + n)
    ]  # fmt: skip


def _import(folder: Path, n: int, start: int = 0) -> None:
    stamp = 202601010000 + start
    path = write_export("taobao", _orders(n, start), folder / f"ExportOrderList{stamp}.csv")
    import_file(path, now=NOW)


def _add_customer(name: str) -> None:
    create_customer(CustomerInput(name), today=NOW.date(), now=NOW)


def _dump_of(path: Path) -> dict:
    """The business dump of another database file, read without changing it."""
    keep = dbmod._open_path, dbmod._read_only_reason, db.database
    copy = path.parent / f".dump-copy-{path.name}"
    shutil.copyfile(path, copy)
    try:
        open_database(copy, readonly=True)
        return business_dump()
    finally:
        close_database()
        dbmod.remove_with_sidecars(copy)
        if keep[2]:
            open_database(keep[0])


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(dbmod.readonly_uri(path, immutable=True), uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _backups(db_path: Path) -> list[Path]:
    folder = dbmod.default_backup_dir(db_path)
    return sorted(p for p in folder.iterdir() if NAME.match(p.name)) if folder.exists() else []


# --- the backup file -----------------------------------------------------------------------


def test_backup_is_a_verified_plain_private_file(db_path: Path, tmp_path: Path) -> None:
    _add_customer("张三")
    info = bk.make_backup("manual", now=NOW)
    assert info.path.parent == db_path.parent / "crm-backups"
    assert info.name == "crm.20261122-103000.manual.db"
    assert (info.time, info.reason, info.customers, info.orders) == (NOW, "manual", 1, 0)
    assert info.size == info.path.stat().st_size
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    header = info.path.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01"  # rollback journal: no -wal or -shm needed
    # It opens alone, read-only (no immutable flag), and leaves no sidecar behind.
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(info.path, alone / "b.db")
    conn = sqlite3.connect((alone / "b.db").as_uri() + "?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT display_name FROM customer").fetchall() == [("张三",)]
    conn.close()
    assert [p.name for p in alone.iterdir()] == ["b.db"]
    # open_database and check open it like any database.
    from desktop_crm.services.check import run_check

    open_database(alone / "b.db")
    assert run_check().ok
    close_database()


def test_a_damaged_copy_of_a_sound_database_blames_the_copy(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Malformed" from the copy's check names the database as damaged only when the database,
    # read again, is: a failing stick still gets the words about the target disk.
    _add_customer("张三")
    real_connect = dbmod.sqlite_driver.connect

    class FailingCopy(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if sql.startswith("PRAGMA integrity_check"):
                raise sqlite3.DatabaseError("database disk image is malformed")
            return super().execute(sql, *args)

    def connect(*args: object, **kwargs: object) -> object:
        return real_connect(*args, factory=FailingCopy, **kwargs)

    monkeypatch.setattr(dbmod.sqlite_driver, "connect", connect)
    target = tmp_path / "stick.db"
    with pytest.raises(CrmError, match="the disk may be full, removed or failing") as caught:
        bk.backup_to_path(target, now=NOW)
    assert "database file is damaged" not in caught.value.message
    assert not target.exists()


def test_names_are_unique_within_one_second(db_path: Path) -> None:
    a = bk.make_backup("manual", now=NOW)
    b = bk.make_backup("manual", now=NOW)
    assert a.path != b.path and b.name == "crm.20261122-103000-1.manual.db"
    assert [p.name for p in bk.list_backups()] == [b.name, a.name]


def test_consistent_backup_while_a_writer_commits(db_path: Path) -> None:
    """RELIABILITY E16: each transaction adds 1 to a counter and inserts a row."""
    db.execute_sql("CREATE TABLE t_counter (n INTEGER NOT NULL)")
    db.execute_sql("CREATE TABLE t_rows (id INTEGER PRIMARY KEY, pad TEXT)")
    db.execute_sql("INSERT INTO t_counter VALUES (0)")
    with db.atomic():  # some bulk, so a backup takes long enough to overlap commits
        db.connection().executemany(
            "INSERT INTO t_rows (pad) VALUES (?)", [("x" * 200,) for _ in range(20000)]
        )
        db.execute_sql("UPDATE t_counter SET n = 20000")
    stop = threading.Event()
    commits = [0]

    def writer() -> None:
        conn = sqlite3.connect(db_path, isolation_level=None, timeout=10)
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE t_counter SET n = n + 1")
            conn.execute("INSERT INTO t_rows (pad) VALUES ('y')")
            conn.execute("COMMIT")
            commits[0] += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        infos = []
        for i in range(4):
            infos.append(bk.make_backup("manual", now=NOW + timedelta(seconds=i), rotate=False))
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join()
    assert commits[0] > 10
    counters = []
    for info in infos:
        for p in (Path(str(info.path) + s) for s in ("-wal", "-shm", "-journal")):
            assert not p.exists()
        conn = sqlite3.connect(info.path.as_uri() + "?mode=ro", uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute("SELECT n FROM t_counter").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM t_rows").fetchone()[0]
        conn.close()
        assert n == rows
        counters.append(n)
    assert counters == sorted(counters) and counters[-1] > counters[0]


def test_list_backups_reads_counts_and_skips_other_files(db_path: Path, tmp_path: Path) -> None:
    _import(tmp_path, 30)
    first = bk.make_backup("manual", now=NOW)
    _add_customer("张三")
    second = bk.make_backup("auto", now=NOW + timedelta(hours=1))
    folder = first.path.parent
    (folder / "crm.20240101.db").write_bytes(b"the user's own file")
    (folder / "notes.txt").write_text("x")
    listed = bk.list_backups()
    assert [b.name for b in listed] == [second.name, first.name]
    assert [(b.customers, b.orders, b.reason) for b in listed] == [
        (first.customers + 1, 30, "auto"),
        (first.customers, 30, "manual"),
    ]
    assert listed[0].schema_version == dbmod.head_version()


def test_unreadable_backup_is_listed_with_an_error(db_path: Path) -> None:
    info = bk.make_backup("manual", now=NOW)
    info.path.write_bytes(b"garbage" * 100)
    (listed,) = bk.list_backups()
    assert listed.error and listed.customers is None


# --- triggers (E18) -------------------------------------------------------------------------


def test_backup_before_holds_the_state_before_the_operation(db_path: Path, tmp_path: Path) -> None:
    _import(tmp_path, 40)
    before = business_dump()
    info = bk.backup_before("bulk-delete", now=NOW)
    db.execute_sql("DELETE FROM order_item")
    db.execute_sql("DELETE FROM orders")
    assert business_dump() != before
    assert info.reason == "before-bulk-delete"
    assert _dump_of(info.path) == before


def test_backup_before_refuses_inside_a_transaction(db_path: Path) -> None:
    with pytest.raises(RuntimeError, match="outside a transaction"), db.atomic():
        bk.backup_before("merge", now=NOW)
    assert _backups(db_path) == []


def test_backup_before_rejects_odd_operation_names(db_path: Path) -> None:
    with pytest.raises(ValueError):
        bk.backup_before("Bulk Delete/../x", now=NOW)


def test_migration_leaves_a_backup_of_the_state_before(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    mig.mkdir()
    for path in dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"):
        shutil.copy(path, mig / path.name)
    path = tmp_path / "crm.db"
    open_database(path, migrations_dir=mig)
    _add_customer("张三")
    before = business_dump()
    close_database()
    head = dbmod.head_version(mig)
    (mig / f"{head + 1:04d}_rename.py").write_text(
        "def up(migrator, db):\n    db.execute_sql(\"UPDATE customer SET notes = 'migrated'\")\n"
    )
    open_database(path, migrations_dir=mig)
    assert business_dump() != before
    (backup,) = _backups(path)
    assert backup.name.endswith(f".before-migration-v{head + 1}.db")
    close_database()
    conn = sqlite3.connect(dbmod.readonly_uri(backup, immutable=True), uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == head
    assert conn.execute("SELECT notes FROM customer").fetchall() == [("",)]
    conn.close()
    assert _integrity(backup) == "ok"


def test_restore_leaves_a_backup_of_the_state_before(db_path: Path) -> None:
    old = bk.make_backup("manual", now=NOW)
    _add_customer("张三")
    before = business_dump()
    result = bk.restore_backup(old.path, now=NOW + timedelta(minutes=5))
    assert result.before_restore is not None
    assert result.before_restore.reason == "before-restore"
    assert _dump_of(result.before_restore.path) == before


def test_undo_import_leaves_a_backup_of_the_state_before(db_path: Path, tmp_path: Path) -> None:
    from desktop_crm.services.importing.engine import undo_batch

    _import(tmp_path, 20)
    batch = db.execute_sql("SELECT max(id) FROM import_batch").fetchone()[0]
    before = business_dump()
    undo_batch(batch, now=NOW + timedelta(minutes=1))
    found = [p for p in _backups(db_path) if p.name.endswith(".before-undo-import.db")]
    assert len(found) == 1
    assert _dump_of(found[0]) == before


def test_close_after_a_change_with_the_last_backup_31_minutes_old(db_path: Path) -> None:
    bk.make_backup("auto", now=NOW)
    _add_customer("张三")
    assert bk.backup_if_due(NOW + timedelta(minutes=29)) is None  # too soon
    info = bk.backup_if_due(NOW + timedelta(minutes=31))
    assert info is not None and info.reason == "auto" and info.customers == 1
    assert len(_backups(db_path)) == 2


def test_no_change_no_backup_even_across_close_and_reopen(db_path: Path) -> None:
    _add_customer("张三")
    bk.make_backup("auto", now=NOW)
    assert bk.backup_if_due(NOW + timedelta(minutes=31)) is None
    close_database()
    open_database(db_path)
    db.execute_sql("SELECT count(*) FROM customer").fetchone()  # reading is not a change
    assert bk.backup_if_due(NOW + timedelta(days=3)) is None
    assert len(_backups(db_path)) == 1


def test_a_change_made_by_another_process_is_seen(db_path: Path) -> None:
    bk.make_backup("auto", now=NOW)
    close_database()
    code = (
        "import sys, datetime\n"
        "from desktop_crm.db import open_database, close_database\n"
        "from desktop_crm.services.customers import CustomerInput, create_customer\n"
        "open_database(sys.argv[1])\n"
        "now = datetime.datetime(2026, 11, 22, 11, 0)\n"
        "create_customer(CustomerInput('李四'), today=now.date(), now=now)\n"
        "close_database()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True)
    open_database(db_path)
    info = bk.backup_if_due(NOW + timedelta(hours=1))
    assert info is not None and info.customers == 1


def test_first_backup_is_due_when_there_is_none(db_path: Path) -> None:
    _add_customer("张三")
    assert bk.changed_since_last_backup()
    info = bk.backup_if_due(NOW)
    assert info is not None
    assert not bk.changed_since_last_backup()


def test_a_lost_state_file_means_one_more_backup_not_a_missed_one(db_path: Path) -> None:
    info = bk.make_backup("auto", now=NOW)
    (info.path.parent / bk.STATE_FILE).unlink()
    assert bk.backup_if_due(NOW + timedelta(minutes=31)) is not None


def test_a_backup_dated_in_the_future_does_not_hold_backups_off(db_path: Path) -> None:
    bk.make_backup("auto", now=NOW + timedelta(days=400))  # the clock was wrong that day
    _add_customer("张三")
    assert bk.backup_if_due(NOW) is not None


def test_a_clock_set_back_by_hours_does_not_hold_backups_off(db_path: Path) -> None:
    # The clock ran 10 h fast, then was corrected: the backup made under the fast clock held
    # every automatic backup off for 10 h while the data kept changing.
    bk.make_backup("auto", now=NOW)
    _add_customer("张三")
    assert bk.backup_if_due(NOW + timedelta(hours=10)) is not None  # the fast clock
    _add_customer("李四")
    assert bk.backup_if_due(NOW + timedelta(hours=1)) is not None  # corrected
    _add_customer("王五")
    assert bk.backup_if_due(NOW + timedelta(hours=1, minutes=20)) is None  # 20 min later
    assert bk.backup_if_due(NOW + timedelta(hours=1, minutes=31)) is not None


def test_a_before_operation_backup_resets_the_clock(db_path: Path) -> None:
    bk.make_backup("auto", now=NOW)
    _add_customer("张三")
    bk.backup_before("merge", now=NOW + timedelta(minutes=40))
    assert bk.backup_if_due(NOW + timedelta(minutes=50)) is None


def test_automatic_backups_are_rotated(db_path: Path) -> None:
    for day in range(40):
        _add_customer(f"c{day}")
        assert bk.backup_if_due(NOW + timedelta(days=day)) is not None
    names = [p.name for p in _backups(db_path)]
    assert len(names) == 2 + bk.KEEP_DAILY + 4  # 40 days: today, yesterday, 12 daily, weeks
    assert names[-1] == "crm.20261231-103000.auto.db"


# --- manual copies to a chosen place ----------------------------------------------------------


def test_backup_to_a_folder_or_a_file(db_path: Path, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    _add_customer("张三")
    path = bk.backup_to_path(stick, now=NOW)
    assert path == stick / "crm.20261122-103000.manual.db"
    named = bk.backup_to_path(stick / "shop.db", now=NOW)
    assert _integrity(path) == _integrity(named) == "ok"
    assert stat.S_IMODE(named.stat().st_mode) == 0o600
    # A Desktop CRM backup under that name is replaced (atomically); the copy is current.
    _add_customer("李四")
    bk.backup_to_path(stick / "shop.db", now=NOW)
    assert bk.read_backup_info(named).customers == 2
    assert sorted(p.name for p in stick.iterdir()) == [path.name, "shop.db"]


@pytest.mark.parametrize("kind", ["text", "live-db", "itself", "no-folder"])
def test_backup_to_path_refuses_to_overwrite_other_files(
    db_path: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "text":
        target = tmp_path / "report.xlsx"
        target.write_bytes(b"PK\x03\x04 important")
    elif kind == "live-db":
        target = tmp_path / "other-shop.db"
        shutil.copyfile(db_path, target)
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode=wal")
        conn.close()
    elif kind == "itself":
        target = db_path
    else:
        target = tmp_path / "unplugged" / "crm.db"
    before = target.read_bytes() if target.exists() else None
    with pytest.raises(Refused):
        bk.backup_to_path(target, now=NOW)
    assert (target.read_bytes() if target.exists() else None) == before
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_disk_full_during_backup_leaves_no_partial_file(db_path: Path, tmp_path: Path) -> None:
    """RELIABILITY C11: RLIMIT_FSIZE in a child makes every write past the limit fail."""
    _import(tmp_path, 2000)
    close_database()
    out = tmp_path / "out"
    out.mkdir()
    limit = db_path.stat().st_size // 3
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "from desktop_crm.services.backup import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, "backup", "--db", str(db_path), "--out", str(out / "b.db")],
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0
    assert r.stderr.startswith("desktop-crm: ") and "Traceback" not in r.stderr
    assert "written" in r.stderr or "full" in r.stderr.lower()
    assert list(out.iterdir()) == []


def test_disk_full_error_is_typed(db_path: Path, tmp_path: Path, monkeypatch) -> None:
    import errno

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dbmod, "fsync_file", no_space)
    with pytest.raises(CrmError, match="disk is full"):
        bk.make_backup("manual", now=NOW)
    folder = dbmod.default_backup_dir(db_path)
    assert list(folder.iterdir()) == []


# --- temp files left by a crash ------------------------------------------------------------


def test_cleanup_removes_only_our_temp_files(db_path: Path) -> None:
    folder = dbmod.default_backup_dir(db_path)
    folder.mkdir()
    leftovers = [
        folder / ".crm.20261122-103000.auto.db.k2j3h4.tmp",
        folder / ".crm.20261122-103000.auto.db.k2j3h4.tmp-journal",
        db_path.parent / ".crm.db.a8s7d6.tmp",
        db_path.parent / ".crm.db.a8s7d6.tmp-journal",
        db_path.parent / ".crm.db.pre-restore.q1w2e3.tmp",
    ]
    keep = [
        folder / "crm.20240101.db",
        db_path.parent / ".other.db.x.tmp",  # not ours: another file's temp
        db_path.parent / "notes.tmp",
    ]
    for p in leftovers + keep:
        p.write_bytes(b"x")
    removed = bk.cleanup_temp_files(db_path)
    assert sorted(removed) == sorted(leftovers)
    assert all(p.exists() for p in keep)
    assert db_path.exists()


def test_backup_folder_files_are_private(db_path: Path) -> None:
    bk.make_backup("manual", now=NOW)
    for p in dbmod.default_backup_dir(db_path).iterdir():
        assert p.stat().st_mode & 0o077 == 0, p
    assert os.stat(dbmod.default_backup_dir(db_path)).st_mode & 0o077 == 0


# --- two databases whose names share a stem (shop.db and shop.old; crm.db and crm) ------------

_CLASHING = [("shop.db", "shop.old"), ("crm.db", "crm"), ("crm", "crm~.db"), ("a.b.db", "a.b")]


def test_backup_folder_and_names_per_database_file(tmp_path: Path) -> None:
    """`X.db` keeps `X-backups/X.<time>.<reason>.db`; any other file name gets its own."""
    assert dbmod.default_backup_dir(tmp_path / "crm.db") == tmp_path / "crm-backups"
    assert dbmod.default_backup_dir(tmp_path / "a.b.db") == tmp_path / "a.b-backups"
    assert dbmod.default_backup_dir(tmp_path / "crm") == tmp_path / "crm~-backups"
    assert dbmod.default_backup_dir(tmp_path / "shop.old") == tmp_path / "shop.old~-backups"
    assert dbmod.backup_key(tmp_path / "crm.db") == "crm"
    assert dbmod.backup_key(tmp_path / "shop.old") == "shop.old~"
    names = ["crm.db", "crm", "crm~.db", "crm~", "crm.db.db", "crm.db~", ".db", "..db", "crm.DB"]
    stems = [dbmod.backup_key(tmp_path / n) for n in names]
    assert len(set(stems)) == len(names)  # one key per file name: no two share backups
    for stem in stems:  # and each is read back from its backup names
        name = dbmod.backup_file_name(stem, "manual", NOW)
        assert dbmod.parse_backup_name(name).stem == stem


def _two_databases(db_path: Path, first: str, second: str) -> tuple[Path, Path]:
    close_database()
    a, b = db_path.parent / first, db_path.parent / second
    for p in (a, b):
        if p != db_path:
            shutil.copyfile(db_path, p)
            os.chmod(p, 0o600)
    return a, b


@pytest.mark.parametrize(("first", "second"), _CLASHING)
def test_same_stem_databases_never_share_backups(db_path: Path, first: str, second: str) -> None:
    a, b = _two_databases(db_path, first, second)
    old = NOW - timedelta(days=5)
    open_database(a)
    mine = bk.make_backup("manual", now=old).path
    close_database()
    open_database(b)
    _add_customer("only in the other file")
    bk.make_backup("manual", now=old + timedelta(hours=1))
    theirs = bk.make_backup("auto", now=NOW).path  # its rotation must not touch a's backup
    assert bk.backup_if_due(NOW + timedelta(minutes=5)) is None  # b's own newest counts
    close_database()
    assert mine.exists()
    assert [i.path for i in bk.list_backups(db_path=a)] == [mine]
    assert theirs in [i.path for i in bk.list_backups(db_path=b)]
    assert mine not in [i.path for i in bk.list_backups(db_path=b)]
    open_database(a)
    assert [i.path for i in bk.list_backups()] == [mine]
    bk.make_backup("auto", now=NOW + timedelta(seconds=1))  # a's rotation spares b's
    assert len(bk.list_backups(db_path=b)) == 2


@pytest.mark.parametrize(("first", "second"), _CLASHING)
def test_same_stem_databases_in_a_chosen_folder(
    db_path: Path, tmp_path: Path, first: str, second: str
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    a, b = _two_databases(db_path, first, second)
    old = NOW - timedelta(days=5)
    open_database(a)
    mine = bk.backup_to_path(stick, now=old)
    close_database()
    open_database(b)
    bk.make_backup("manual", now=old + timedelta(hours=1), folder=stick)
    bk.make_backup("manual", now=NOW, folder=stick)
    close_database()
    assert mine.exists()
    assert [i.path for i in bk.list_backups(stick, db_path=a)] == [mine]
    assert mine not in [i.path for i in bk.list_backups(stick, db_path=b)]


def test_a_suffixless_database_lists_its_migration_backup(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    mig.mkdir()
    for path in dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"):
        shutil.copy(path, mig / path.name)
    path = tmp_path / "crm"
    open_database(path, migrations_dir=mig)
    _add_customer("张三")
    close_database()
    head = dbmod.head_version(mig)
    (mig / f"{head + 1:04d}_note.py").write_text(
        "def up(migrator, db):\n    db.execute_sql(\"UPDATE customer SET notes = 'migrated'\")\n"
    )
    open_database(path, migrations_dir=mig)
    try:
        (info,) = bk.list_backups()
        assert info.reason == f"before-migration-v{head + 1}"
        assert info.path.parent == tmp_path / "crm~-backups"
        assert bk.list_backups(db_path=tmp_path / "crm.db") == []
    finally:
        close_database()
