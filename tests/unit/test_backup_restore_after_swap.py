"""Restore: a step that fails after the backup was renamed over the database (syncing the
folder, reopening, migrating). The data from before is put back, so that the refusal's "your
data is as it was" holds; when even that fails, the error says which data is open and where
the data from before is kept."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from desktop_crm.db import close_database, current_passphrase, current_path, db, open_database
from desktop_crm.errors import CrmError, RestoreTakenBack, RestoreUnfinished
from desktop_crm.services import backup as bk
from desktop_crm.services.customers import CustomerInput, create_customer
from desktop_crm.services.dump import business_dump
from desktop_crm.services.encryption import change_encryption, is_encrypted

NOW = datetime(2026, 11, 22, 10, 30, 0)
EIO = OSError(errno.EIO, "Input/output error")


def _add(name: str) -> None:
    create_customer(CustomerInput(name), today=NOW.date(), now=NOW)


def _names() -> list[str]:
    return [r[0] for r in db.execute_sql("SELECT display_name FROM customer ORDER BY id")]


@pytest.fixture
def backup_and_later_data(db_path: Path) -> tuple[Path, dict]:
    """A backup holding 张三, and the database since given 李四 too."""
    _add("张三")
    backup = bk.make_backup("manual", now=NOW).path
    _add("李四")
    return backup, business_dump()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name or p.name.endswith("-wal"))


def test_a_failed_folder_sync_after_the_swap_puts_the_data_back(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls
) -> None:
    backup, before = backup_and_later_data
    fail_calls(bk, "fsync_dir", EIO, times=1, on=db_path.parent)
    with pytest.raises(RestoreTakenBack) as caught:
        bk.restore_backup(backup, now=NOW)
    assert caught.value.message == (
        f"{db_path} could not be written: Input/output error. The restore was taken back: "
        "your data is as it was."
    )
    # The database is open again, on the data from before, writable and in WAL.
    assert current_path() == db_path
    assert business_dump() == before
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    _add("王五")
    assert _names() == ["张三", "李四", "王五"]
    assert _leftovers(db_path.parent) == ["crm.db-wal"]


def test_a_failed_reopen_after_the_swap_puts_the_data_back(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls
) -> None:
    backup, before = backup_and_later_data
    fail_calls(bk, "open_database", peewee.DatabaseError("disk I/O error"), times=1)
    with pytest.raises(RestoreTakenBack, match="The restore was taken back"):
        bk.restore_backup(backup, now=NOW)
    assert current_path() == db_path
    assert business_dump() == before
    _add("王五")


def test_when_the_data_cannot_be_put_back_the_restored_data_is_open_and_the_error_says_so(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls
) -> None:
    backup, _ = backup_and_later_data
    fail_calls(bk, "fsync_dir", EIO, times=1, on=db_path.parent)
    fail_calls(bk, "_put_back", EIO, times=1)
    with pytest.raises(RestoreUnfinished) as caught:
        bk.restore_backup(backup, now=NOW)
    pre = Path(str(db_path) + ".pre-restore")
    assert caught.value.database_open
    assert caught.value.message == (
        f"The backup was restored, but a step after it failed: {db_path} could not be "
        f"written: Input/output error. Your data from before the restore is kept as {pre}."
    )
    assert current_path() == db_path
    assert _names() == ["张三"]
    _add("王五")
    assert pre.exists()


def test_when_nothing_opens_after_the_swap_the_error_says_where_the_data_is(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls
) -> None:
    backup, before = backup_and_later_data
    fail_calls(bk, "open_database", peewee.DatabaseError("disk I/O error"), times=9)
    fail_calls(bk, "_put_back", EIO, times=1)
    with pytest.raises(RestoreUnfinished) as caught:
        bk.restore_backup(backup, now=NOW)
    pre = Path(str(db_path) + ".pre-restore")
    assert not caught.value.database_open
    assert caught.value.message.startswith("The database could not be opened after the restore: ")
    assert caught.value.message.endswith(f"Your data from before the restore is kept as {pre}.")
    assert "Nothing was changed" not in caught.value.message
    open_database(pre)  # the real one: only bk's is failing
    assert business_dump() == before


def test_an_encrypted_database_is_put_back_under_its_passphrase(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls
) -> None:
    backup, before = backup_and_later_data
    close_database()
    change_encryption(db_path, None, "pass-phrase-1")
    open_database(db_path, passphrase="pass-phrase-1")
    fail_calls(bk, "fsync_dir", EIO, times=1, on=db_path.parent)
    with pytest.raises(RestoreTakenBack):
        bk.restore_backup(backup, now=NOW)
    assert current_passphrase() == "pass-phrase-1"
    assert is_encrypted(db_path)
    assert business_dump() == before
    _add("王五")


def test_data_put_back_that_opens_at_the_second_try_is_as_it_was(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls
) -> None:
    backup, before = backup_and_later_data
    # The reopen after the swap fails, and so does the first reopen of the data put back.
    fail_calls(bk, "open_database", peewee.DatabaseError("disk I/O error"), times=2)
    with pytest.raises(RestoreTakenBack):
        bk.restore_backup(backup, now=NOW)
    assert business_dump() == before


def test_an_upgrade_that_failed_is_told_without_what_it_says_of_the_copy() -> None:
    upgrade = CrmError(
        "Upgrading the database failed at step 0015_x: the disk is full; free some space. The "
        "database is as it was."
    )
    assert bk._problem_text(upgrade) == (
        "Upgrading the database failed at step 0015_x: the disk is full; free some space."
    )
    assert bk._problem_text(RuntimeError("boom")) == "RuntimeError: boom."


def test_cli_restore_onto_a_new_database_keeps_the_restored_data_it_could_not_finish(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls, tmp_path: Path
) -> None:
    from desktop_crm import cli

    backup, _ = backup_and_later_data
    close_database()
    new = tmp_path / "new-computer" / "crm.db"
    new.parent.mkdir()
    fail_calls(bk, "fsync_dir", EIO, times=1, on=new.parent)
    fail_calls(bk, "_put_back", EIO, times=1)
    assert cli.main(["restore", str(backup), "--db", str(new)]) == 1
    # "The backup was restored, but…": so it is, at --db (not taken back with the new file).
    open_database(new)
    assert _names() == ["张三"]


def test_cli_restore_onto_a_new_database_taken_back_leaves_nothing(
    db_path: Path, backup_and_later_data: tuple[Path, dict], fail_calls, tmp_path: Path
) -> None:
    from desktop_crm import cli

    backup, _ = backup_and_later_data
    close_database()
    folder = tmp_path / "new-computer"
    folder.mkdir()
    fail_calls(bk, "fsync_dir", EIO, times=1, on=folder)
    assert cli.main(["restore", str(backup), "--db", str(folder / "crm.db")]) == 1
    assert sorted(p.name for p in folder.iterdir()) == []
