"""The migration runner: upgrades an older schema, keeps child rows, rolls back a failed step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# The app's own SQLite library: two SQLite libraries in one process don't see each other's locks.
from sqlcipher3 import dbapi2 as sqlite3

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import CrmError

REBUILD = '''
"""Test-only: rebuild the customer table (a column type change) under foreign keys."""


def up(migrator, db):
    from peewee import TextField

    migrator.migrate(migrator.alter_column_type("customer", "notes", TextField(default="")))
'''

BROKEN = """
def up(migrator, db):
    db.execute_sql("CREATE TABLE half_done (id INTEGER)")
    raise RuntimeError("step 2 broke")
"""


@pytest.fixture
def mig_dir(tmp_path: Path) -> Path:
    target = tmp_path / "migrations"
    target.mkdir()
    for path in dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"):
        shutil.copy(path, target / path.name)
    return target


def _seed(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(
        "INSERT INTO customer (id, display_name, created_at, updated_at) VALUES "
        "(1, 'a', '2026-01-01', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO channel_identity (platform, buyer_key, customer_id, created_at) "
        "VALUES ('taobao', 'k', 1, '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO orders (platform, order_no, customer_id, ordered_at, status) "
        "VALUES ('taobao', '1', 1, '2026-01-01', 'paid')"
    )
    conn.execute("INSERT INTO note (customer_id, created_at, body) VALUES (1, '2026-01-01', 'n')")
    conn.commit()
    conn.close()


def test_upgrade_rebuilding_a_parent_table_keeps_children(tmp_path: Path, mig_dir: Path) -> None:
    path = tmp_path / "old.db"
    open_database(path, migrations_dir=mig_dir)
    close_database()
    _seed(path)
    head = dbmod.head_version(mig_dir)
    (mig_dir / f"{head + 1:04d}_rebuild_customer.py").write_text(REBUILD)
    backups = tmp_path / "backups"
    conn = sqlite3.connect(path)
    schema_before = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name"
    ).fetchall()
    conn.close()
    open_database(path, migrations_dir=mig_dir, backup_dir=backups)
    schema_after = db.execute_sql(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name"
    ).fetchall()
    assert schema_after == schema_before
    assert dbmod.schema_version() == head + 1
    counts = [
        db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("customer", "channel_identity", "orders", "note")
    ]
    assert counts == [1, 1, 1, 1]
    assert db.execute_sql("SELECT customer_id FROM orders").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    # A verified copy of the old version was taken before migrating.
    (copy,) = list(backups.iterdir())
    check = sqlite3.connect(copy)
    assert check.execute("PRAGMA user_version").fetchone()[0] == head
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
    close_database()


def test_failed_step_rolls_back_and_names_the_step(tmp_path: Path, mig_dir: Path) -> None:
    path = tmp_path / "old.db"
    open_database(path, migrations_dir=mig_dir)
    close_database()
    head = dbmod.head_version(mig_dir)
    (mig_dir / f"{head + 1:04d}_broken.py").write_text(BROKEN)
    with pytest.raises(CrmError, match="step 2 broke"):
        open_database(path, migrations_dir=mig_dir, backup_dir=tmp_path / "b")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == head
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    conn.close()


FULL = """
def up(migrator, db):
    from sqlcipher3 import dbapi2 as sqlite3

    db.execute_sql("CREATE TABLE half_done (id INTEGER)")
    db.connection().execute("ROLLBACK")  # SQLite rolls back by itself when the disk is full
    raise sqlite3.OperationalError("database or disk is full")
"""


def _old_with_a_step(tmp_path: Path, mig_dir: Path) -> tuple[Path, int]:
    """A database at the head version, and one more step (a table made) waiting for it."""
    path = tmp_path / "old.db"
    open_database(path, migrations_dir=mig_dir)
    close_database()
    head = dbmod.head_version(mig_dir)
    (mig_dir / f"{head + 1:04d}_grow.py").write_text(
        "def up(migrator, db):\n    db.execute_sql('CREATE TABLE grown (id INTEGER)')\n"
    )
    return path, head


def test_a_step_failing_on_a_full_disk_says_so_and_which_step(
    tmp_path: Path, mig_dir: Path
) -> None:
    path, head = _old_with_a_step(tmp_path, mig_dir)
    (mig_dir / f"{head + 2:04d}_full.py").write_text(FULL)
    with pytest.raises(CrmError) as info:
        open_database(path, migrations_dir=mig_dir, backup_dir=tmp_path / "b")
    text = str(info.value)
    assert f"{head + 2:04d}_full" in text and "disk" in text.lower()
    assert "cannot rollback" not in text and "no such savepoint" not in text
    assert text.endswith("The database is as it was.")
    conn = sqlite3.connect(path)
    # The whole upgrade is one transaction: the step before it is not kept either.
    assert conn.execute("PRAGMA user_version").fetchone()[0] == head
    assert "grown" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_a_commit_failing_on_a_full_disk_names_the_upgrade_not_a_step(
    tmp_path: Path, mig_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One transaction for the whole upgrade: a full disk usually shows at its commit, when
    # every step has run. The message said "failed at step ?".
    path, head = _old_with_a_step(tmp_path, mig_dir)
    real_commit = db.commit

    def full_disk() -> None:
        real_commit.__self__.rollback()
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db, "commit", full_disk)
    with pytest.raises(CrmError) as info:
        open_database(path, migrations_dir=mig_dir, backup_dir=tmp_path / "b")
    monkeypatch.undo()
    assert str(info.value) == (
        "Upgrading the database failed: the disk is full; free some space. The database is as "
        "it was."
    )
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == head
    conn.close()
