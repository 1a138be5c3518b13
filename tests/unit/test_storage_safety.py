"""Storage faults (RELIABILITY C10, C12, C13 and the network/sync warning): read-only files and
folders, a full disk, an unwritable data folder. Tests run as root, where chmod stops nothing:
read-only comes from `mode=ro`/`query_only` or from replacing db._writable."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import peewee
import pytest

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database, storage_warnings
from desktop_crm.errors import CrmError, DatabaseBusy, DatabaseReadOnly, DiskFull
from desktop_crm.services.dump import logical_hash
from desktop_crm.services.importing.engine import import_file
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 30, 0)
ROWS = 10_000


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _orders(n: int, start: int = 0) -> list[ParsedOrder]:
    base = datetime(2026, 1, 1, 9, 0)
    return [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(4300000000000000000 + i),
            ordered_at=base + timedelta(minutes=37 * (i % 10_000)), status="completed", paid=1000 + i % 977,
            currency="CNY", buyer_key=f"buyer{i % 3000}", buyer_name=f"buyer{i % 3000}",
            real_name="李四", phone=f"139{i % 3000:08d}", province="江苏省", city="南京市",
        )
        for i in range(start, start + n)
    ]  # fmt: skip


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    return {
        "small": write_export(
            "taobao", _orders(30, start=10**6), folder / "ExportOrderList202601010000.csv"
        ),
        "big": write_export("taobao", _orders(ROWS), folder / "ExportOrderList202602010000.csv"),
    }


def _cli(*args: str, pre: str = "") -> subprocess.CompletedProcess[str]:
    """`desktop-crm ARGS` in a child, after running `pre` there (to inject a fault)."""
    code = f"import sys\n{pre}\nfrom desktop_crm.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )


# --- read-only (C12) ------------------------------------------------------------------------


def _write_actions() -> dict[str, object]:
    from desktop_crm.services.check import run_check
    from desktop_crm.services.customers import CustomerInput, create_customer
    from desktop_crm.services.importing.engine import undo_batch
    from desktop_crm.services.settings import set_setting

    return {
        "create customer": lambda ex: create_customer(
            CustomerInput("张三"), today=NOW.date(), now=NOW
        ),
        "import": lambda ex: import_file(ex["small"], now=NOW),
        "undo import": lambda ex: undo_batch(1, now=NOW),
        "setting": lambda ex: set_setting("currency", "CNY"),
        "check --fix": lambda ex: run_check(fix=True),
    }


@pytest.fixture
def shop(db_path: Path, exports: dict[str, Path]) -> Path:
    """A database with one import, whose cached totals are wrong (so check --fix must write)."""
    import_file(exports["small"], now=NOW)
    db.execute_sql("UPDATE customer SET order_count = order_count + 1")
    close_database()
    return db_path


@pytest.mark.parametrize("action", list(_write_actions()))
def test_every_write_on_a_read_only_database_gives_a_message(
    shop: Path, exports: dict[str, Path], action: str
) -> None:
    open_database(shop, readonly=True)
    assert dbmod.read_only_reason() == "it was opened read-only on request"
    before = logical_hash()
    with pytest.raises(Exception) as info:  # noqa: B017 - typed directly or via translate_error
        _write_actions()[action](exports)
    typed = dbmod.translate_error(info.value)
    assert isinstance(typed, DatabaseReadOnly), repr(info.value)
    assert "read-only" in typed.message
    assert logical_hash() == before
    close_database()


def test_check_of_a_healthy_read_only_database_is_ok(db_path: Path, exports) -> None:
    # The search index's deep check is an FTS5 'integrity-check' command, an INSERT: on a
    # read-only database it failed and `check` reported a problem with a healthy file.
    from desktop_crm.services.check import run_check

    import_file(exports["small"], now=NOW)
    close_database()
    open_database(db_path, readonly=True)
    report = run_check()
    assert report.problems == {}, report.problems
    close_database()


def test_a_read_only_file_opens_read_only_with_a_notice(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dbmod, "_writable", lambda p: Path(p) != shop)
    before = _sha(shop)
    open_database(shop)
    reason = dbmod.read_only_reason()
    assert reason is not None and "is read-only" in reason and str(shop) in reason
    assert db.execute_sql("SELECT count(*) FROM orders").fetchone()[0] == 30
    with pytest.raises(DatabaseReadOnly, match=r"read-only \(the file .* is read-only\)"):
        _write_actions()["create customer"](None)
    close_database()
    assert _sha(shop) == before


def test_a_read_only_folder_opens_read_only_and_creates_no_sidecar(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dbmod, "_writable", lambda p: Path(p) != shop.parent)
    before = sorted(p.name for p in shop.parent.iterdir())
    open_database(shop)
    assert "folder" in (dbmod.read_only_reason() or "")
    assert db.execute_sql("SELECT count(*) FROM orders").fetchone()[0] == 30
    close_database()
    assert sorted(p.name for p in shop.parent.iterdir()) == before  # no -wal, no -shm


def test_a_read_only_database_that_needs_an_upgrade_is_refused(tmp_path: Path) -> None:
    import shutil

    first = sorted(dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"))[0]
    old_dir = tmp_path / "m"
    old_dir.mkdir()
    shutil.copy(first, old_dir / first.name)
    path = tmp_path / "old.db"
    open_database(path, migrations_dir=old_dir)
    close_database()
    before = _sha(path)
    with pytest.raises(DatabaseReadOnly, match=f"schema version 1 to {dbmod.head_version()}"):
        open_database(path, readonly=True)
    assert _sha(path) == before


def test_cli_on_a_read_only_file(shop: Path, exports: dict[str, Path]) -> None:
    before = _sha(shop)
    pre = f"import desktop_crm.db as d\nd._writable = lambda p: str(p) != {str(shop)!r}"
    r = _cli("import", str(exports["big"]), "--db", str(shop), pre=pre)
    assert r.returncode == 1, r.stderr
    assert "read-only" in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1
    # A file already imported, and a dry run: the database's state is the reason, never the
    # file's, and it is said before the file is read.
    missing = str(exports["small"].with_name("ExportOrderList209901010000.csv"))
    for args in ((str(exports["small"]),), (str(exports["big"]), "--dry-run"), (missing,)):
        r = _cli("import", *args, "--db", str(shop), pre=pre)
        assert r.returncode == 1, r.stderr
        assert "read-only" in r.stderr and "could not read the file" not in r.stderr
    r = _cli("stats", "--json", "--db", str(shop), pre=pre)
    assert r.returncode == 0, r.stderr
    assert _sha(shop) == before


def test_undo_and_erase_on_a_read_only_database_make_no_backup(shop: Path, tmp_path: Path) -> None:
    from desktop_crm.services import privacy
    from desktop_crm.services.importing.engine import undo_batch

    open_database(shop, readonly=True)
    folder = dbmod.default_backup_dir(shop)
    before = sorted(folder.iterdir()) if folder.exists() else []
    with pytest.raises(DatabaseReadOnly):
        undo_batch(1, now=NOW)
    with pytest.raises(DatabaseReadOnly):
        privacy.erase_person(1, now=NOW)
    assert (sorted(folder.iterdir()) if folder.exists() else []) == before
    close_database()


def test_an_error_after_sqlite_rolled_back_by_itself_is_the_one_reported(db_path: Path) -> None:
    # On a full disk SQLite may roll the transaction back itself; the ROLLBACK that follows
    # then fails ("no transaction is active") and must not hide why.
    from sqlcipher3 import dbapi2 as sqlite_driver

    from desktop_crm.db import storage_errors

    for nested in (False, True):
        with pytest.raises(DiskFull):
            with storage_errors(), db.atomic():
                if nested:
                    db.atomic().__enter__()  # a savepoint inside, as services nest them
                db.execute_sql("INSERT INTO setting (key, value) VALUES ('x', '1')")
                db.connection().execute("ROLLBACK")
                raise sqlite_driver.OperationalError("database or disk is full")
        assert not db.connection().in_transaction
        assert db.execute_sql("SELECT count(*) FROM setting WHERE key = 'x'").fetchone()[0] == 0


# --- disk full (C10) ------------------------------------------------------------------------


def test_disk_full_mid_import_then_the_same_import_succeeds(
    db_path: Path, exports: dict[str, Path]
) -> None:
    import_file(exports["small"], now=NOW)
    before = logical_hash()
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages + 5}")
    with pytest.raises(DiskFull) as info:
        import_file(exports["big"], now=NOW)
    assert "disk full" in info.value.message.lower()
    assert info.value.exit_code == 1
    assert logical_hash() == before
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    db.execute_sql("PRAGMA max_page_count = 4294967294")
    receipt = import_file(exports["big"], now=NOW)
    assert receipt.orders_added == ROWS


def test_cli_disk_full_exit_1_and_nothing_changed(db_path: Path, exports: dict[str, Path]) -> None:
    import_file(exports["small"], now=NOW)
    before = logical_hash()
    close_database()
    pre = (
        "import desktop_crm.db as d\n"
        f"d.PRAGMAS = [*d.PRAGMAS, ('max_page_count', {db_path.stat().st_size // 4096 + 8})]"
    )
    r = _cli("import", str(exports["big"]), "--db", str(db_path), pre=pre)
    assert r.returncode == 1, r.stderr
    assert "disk full" in r.stderr.lower() and "Traceback" not in r.stderr
    open_database(db_path)
    assert logical_hash() == before
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    close_database()
    r = _cli("import", str(exports["big"]), "--db", str(db_path))
    assert r.returncode == 0, r.stderr
    open_database(db_path)
    assert db.execute_sql("SELECT count(*) FROM orders").fetchone()[0] == 30 + ROWS


# --- unwritable data folder (C13) -----------------------------------------------------------


def test_unwritable_data_folder_says_where_and_why(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    target = blocker / "data"
    with pytest.raises(CrmError) as info:
        dbmod.ensure_private_dir(target)
    assert str(target) in info.value.message
    assert "Not a directory" in info.value.message or "cannot write" in info.value.message
    env_pre = f"import os\nos.environ['DESKTOP_CRM_DATA_DIR'] = {str(target)!r}"
    r = _cli("stats", pre=env_pre)
    assert r.returncode == 1
    assert str(target) in r.stderr and "cannot write there" in r.stderr
    assert "Traceback" not in r.stderr


def test_database_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CrmError, match="does not exist"):
        open_database(tmp_path / "gone" / "crm.db")


# --- errors the user sees ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "exc, typed, words",
    [
        (peewee.OperationalError("database is locked"), DatabaseBusy, "busy"),
        (peewee.OperationalError("attempt to write a readonly database"), DatabaseReadOnly, "read"),
        (peewee.OperationalError("database or disk is full"), DiskFull, "Disk full"),
        (peewee.OperationalError("disk I/O error"), CrmError, "I/O"),
        (peewee.DatabaseError("database disk image is malformed"), CrmError, "damaged"),
    ],
)
def test_storage_errors_are_worded(exc: Exception, typed: type, words: str) -> None:
    out = dbmod.translate_error(exc)
    assert isinstance(out, typed) and words in out.message


def test_integrity_errors_are_not_reworded() -> None:
    exc = peewee.IntegrityError("UNIQUE constraint failed: orders.order_no")
    assert dbmod.translate_error(exc) is exc


# --- network drives and sync folders ----------------------------------------------------------

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/nfs nfs4 rw 0 0
//nas/share /mnt/smb cifs rw 0 0
/dev/sdb1 /mnt/nfs/local ext4 rw 0 0
me@host:/home /mnt/ssh\\040dir fuse.sshfs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    "path, fstype",
    [
        ("/mnt/nfs/shop/crm.db", "nfs4"),
        ("/mnt/smb/crm.db", "cifs"),
        ("/mnt/ssh dir/crm.db", "fuse.sshfs"),
        ("/mnt/nfs/local/crm.db", None),  # a local disk mounted inside the NFS mount
        ("/home/me/crm.db", None),
        ("/mnt/nfsother/crm.db", None),  # a prefix of the name is not the mount
    ],
)
def test_network_mounts_warn(path: str, fstype: str | None) -> None:
    found = storage_warnings(path, mounts=dbmod.parse_mounts(MOUNTS), windows=False)
    kinds = [w.kind for w in found]
    if fstype:
        assert kinds == ["network"] and fstype in found[0].message
    else:
        assert kinds == []


@pytest.mark.parametrize(
    "path, network",
    [
        (r"\\nas\share\crm.db", True),
        (r"\\?\UNC\nas\share\crm.db", True),
        ("//nas/share/crm.db", True),
        (r"\\?\C:\Users\me\crm.db", False),
    ],
)
def test_windows_unc_paths_warn(path: str, network: bool) -> None:
    found = storage_warnings(path, mounts=[], windows=True)
    assert (["network"] if network else []) == [w.kind for w in found if w.kind == "network"]


@pytest.mark.parametrize(
    "path, product",
    [
        ("/home/me/Dropbox/shop/crm.db", "Dropbox"),
        ("/home/me/Dropbox (Personal)/crm.db", "Dropbox"),
        ("/Users/me/OneDrive - Contoso/crm.db", "OneDrive"),
        ("/Users/me/Library/Mobile Documents/com~apple~CloudDocs/crm.db", "iCloud Drive"),
        ("/Users/me/iCloud Drive/crm.db", "iCloud Drive"),
        ("/Users/me/Library/CloudStorage/GoogleDrive-me@example.com/My Drive/crm.db", "Google"),
        ("/Users/me/Google Drive/crm.db", "Google Drive"),
        ("/home/me/Nutstore Files/crm.db", "坚果云"),
        ("/home/me/我的坚果云/crm.db", "坚果云"),
        ("/home/me/百度网盘/同步空间/crm.db", "百度网盘"),
        ("/home/me/BaiduSyncdisk/crm.db", "百度网盘"),
        ("/home/me/shop/crm.db", None),
        ("/home/me/dropboxes-old/crm.db", None),
        ("/home/me/MyOneDriveNotes/crm.db", None),
    ],
)
def test_sync_folders_warn(path: str, product: str | None) -> None:
    found = storage_warnings(path, mounts=[], windows=False)
    if product:
        assert [w.kind for w in found] == ["sync"] and product in found[0].message
    else:
        assert found == []


def test_storage_warnings_on_this_machine(tmp_path: Path) -> None:
    """The real /proc/mounts is read; a temp folder on this machine is not a network drive."""
    assert [w for w in storage_warnings(tmp_path / "crm.db") if w.kind == "network"] == []


def test_proc_mounts_escapes_are_decoded() -> None:
    assert dbmod.parse_mounts("a /x\\040y\\011z nfs rw 0 0\n") == [("/x y\tz", "nfs")]
