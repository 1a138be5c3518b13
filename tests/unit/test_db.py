"""Storage: pragmas on every connection, refusal of files that are not ours, migrations."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import peewee
import pytest

# The app's own SQLite library: two SQLite libraries in one process don't see each other's locks.
from sqlcipher3 import dbapi2 as sqlite3

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import DatabaseBusy, DatabaseNewer, DatabaseRefused
from desktop_crm.models import ALL_MODELS, Customer, Order


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pragmas() -> tuple[object, ...]:
    return tuple(
        db.execute_sql(f"PRAGMA {p}").fetchone()[0]
        for p in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    )


def test_sqlite_is_new_enough_for_wal_reset_fix() -> None:
    assert dbmod.sqlite_version() >= (3, 51, 3)


def test_pragmas_in_main_and_worker_thread(db_path: Path) -> None:
    expected = ("wal", 1, 2, 5000)
    assert _pragmas() == expected
    seen: list[tuple[object, ...]] = []

    def worker() -> None:
        seen.append(_pragmas())
        db.close()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [expected]


def test_foreign_keys_enforced(db_path: Path, now) -> None:
    with pytest.raises(peewee.IntegrityError):
        Order.create(platform="taobao", order_no="1", customer=99999, ordered_at=now, status="paid")


def test_new_file_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_database(path)
    Customer.create(display_name="x", created_at="2026-01-01", updated_at="2026-01-01")
    for p in (path, Path(str(path) + "-wal")):
        assert p.stat().st_mode & 0o077 == 0, p
    close_database()


def test_default_data_dir_is_0700(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    monkeypatch.setenv("DESKTOP_CRM_DATA_DIR", str(folder))
    dbmod.ensure_private_dir(dbmod.default_data_dir())
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty file"),
        (b"name,phone\n\xe5\xbc\xa0\xe4\xb8\x89,1\n", "not a plain database file"),
    ],
)
def test_refuses_empty_and_text_files_unchanged(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    before = _sha(path)
    with pytest.raises(DatabaseRefused, match=words):
        open_database(path)
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]


def test_refuses_another_programs_sqlite_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO songs (title) VALUES ('x')")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(DatabaseRefused, match="another program"):
        open_database(path)
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_refuses_wrong_application_id(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 12345")
    conn.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(DatabaseRefused):
        open_database(path)
    assert _sha(path) == before


def test_refuses_newer_schema_unchanged(db_path: Path) -> None:
    head = dbmod.head_version()
    db.execute_sql(f"PRAGMA user_version = {head + 1}")
    close_database()
    before = _sha(db_path)
    with pytest.raises(DatabaseNewer) as info:
        open_database(db_path)
    assert str(head + 1) in info.value.message and str(head) in info.value.message
    assert _sha(db_path) == before


def test_models_match_the_migrated_schema(db_path: Path) -> None:
    from playhouse.schema_diff import diff_models

    diff = diff_models(db, ALL_MODELS)
    assert not diff.create_tables and not diff.add_columns and not diff.drop_columns


def test_write_waits_for_a_short_lock(db_path: Path, now) -> None:
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: other.execute("COMMIT")).start()
    from desktop_crm.services.customers import CustomerInput, create_customer

    started = time.monotonic()
    create_customer(CustomerInput("张三"), today=now.date(), now=now)
    assert time.monotonic() - started >= 0.9
    assert Customer.select().count() == 1
    other.close()


def test_long_lock_gives_database_busy(db_path: Path, now, monkeypatch: pytest.MonkeyPatch) -> None:
    # A shorter busy timeout keeps the test quick; the behaviour is the same at 5 s.
    close_database()
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_S", 1)
    monkeypatch.setattr(dbmod, "PRAGMAS", [*dbmod.PRAGMAS[:-1], ("busy_timeout", 1000)])
    open_database(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    from desktop_crm.services.customers import CustomerInput, create_customer

    with pytest.raises(DatabaseBusy):
        create_customer(CustomerInput("张三"), today=now.date(), now=now)
    other.execute("ROLLBACK")
    other.close()
    assert Customer.select().count() == 0


def test_write_paths_use_immediate_transactions() -> None:
    assert db._lock_type == "IMMEDIATE"
