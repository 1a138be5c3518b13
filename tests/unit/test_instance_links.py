"""A link to the database gets no way around the one-program lock, and a restore through a
symbolic link replaces the database, not the link (defect: the lock was named from the path as
typed)."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, current_path, open_database
from desktop_crm.errors import DatabaseLocked, DatabaseRefused
from desktop_crm.services import backup as bk
from desktop_crm.services import instance
from desktop_crm.services.customers import CustomerInput, create_customer

NOW = datetime(2026, 11, 22, 10, 30, 0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _db(tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "real" / "crm.db"
    path.parent.mkdir()
    shutil.copyfile(template, path)
    return path


def test_a_symlink_shares_the_real_files_lock(tmp_path: Path, _template_db: Path) -> None:
    real = _db(tmp_path, _template_db)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    assert instance.lock_path(link) == instance.lock_path(real)
    with instance.hold_database_lock(real, "gui"):
        with pytest.raises(DatabaseLocked, match="already open"):
            instance.acquire_database_lock(link, "cli stats")
    # And through a symlinked folder.
    folder_link = tmp_path / "via"
    folder_link.symlink_to(real.parent, target_is_directory=True)
    with instance.hold_database_lock(folder_link / "crm.db", "gui"):
        with pytest.raises(DatabaseLocked):
            instance.acquire_database_lock(real, "cli stats")
    assert not (tmp_path / "link.db.lock").exists()


def test_a_hard_link_is_refused_unchanged(tmp_path: Path, _template_db: Path) -> None:
    real = _db(tmp_path, _template_db)
    hard = tmp_path / "hard.db"
    os.link(real, hard)
    before = _sha(real)
    for name in (hard, real):
        with pytest.raises(DatabaseRefused, match="hard links"):
            instance.acquire_database_lock(name, "gui")
    assert _sha(real) == before
    assert not Path(str(hard) + ".lock").exists() and not Path(str(real) + ".lock").exists()
    hard.unlink()
    instance.release_database_lock(instance.acquire_database_lock(real, "gui"))


def test_a_folder_is_named_a_folder_not_a_hard_link(tmp_path: Path) -> None:
    # A folder has 2+ links (its subfolders): --db FOLDER was refused as a hard-linked file.
    folder = tmp_path / "shop.db"
    folder.mkdir()
    with pytest.raises(DatabaseRefused, match="is a folder, not a database file"):
        instance.refuse_hard_links(folder)


def test_opening_through_a_symlink_works_on_the_real_file(
    tmp_path: Path, _template_db: Path
) -> None:
    real = _db(tmp_path, _template_db)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    try:
        assert open_database(link) == real
        assert current_path() == real
        create_customer(CustomerInput("备份里的"), today=NOW.date(), now=NOW)
        info = bk.make_backup("manual", now=NOW)
        assert info.path.parent == real.parent / "crm-backups"
        create_customer(CustomerInput("之后的"), today=NOW.date(), now=NOW)
        result = bk.restore_backup(info.path, now=NOW)
        # The link is still a link to the database, which now holds the backup's data.
        assert link.is_symlink() and link.resolve() == real
        assert result.pre_restore == Path(str(real) + ".pre-restore")
        assert not Path(str(link) + ".pre-restore").exists()
        names = [r[0] for r in dbmod.db.execute_sql("SELECT display_name FROM customer")]
        assert names == ["备份里的"]
    finally:
        close_database()
    assert not (tmp_path / "link-backups").exists()


def test_a_reading_command_lock_leaves_no_lock_file(tmp_path: Path, _template_db: Path) -> None:
    real = _db(tmp_path, _template_db)
    lock = instance.acquire_database_lock(real, "cli stats", tidy=True)
    assert instance.lock_path(real).exists()
    with pytest.raises(DatabaseLocked):
        instance.acquire_database_lock(real, "gui")
    instance.release_database_lock(lock)
    assert not instance.lock_path(real).exists()
    # A lock file that was there before stays (another program may be waiting on it).
    instance.release_database_lock(instance.acquire_database_lock(real, "gui"))
    instance.release_database_lock(instance.acquire_database_lock(real, "cli", tidy=True))
    assert instance.lock_path(real).exists()
