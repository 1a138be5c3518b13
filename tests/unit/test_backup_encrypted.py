"""Restore and encryption (RELIABILITY 43, E19): a restore keeps the database's current
protection, and a backup made under an older passphrase restores when given that passphrase.

Real SQLCipher files throughout: the database is encrypted and re-keyed as Settings does it.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

# The app's own SQLite library (SQLCipher), to read encrypted files.
from sqlcipher3 import dbapi2 as sqlite3

from desktop_crm.db import close_database, current_passphrase, db, open_database
from desktop_crm.errors import DatabaseEncrypted, DatabaseRefused, WrongPassphrase
from desktop_crm.services import backup as bk
from desktop_crm.services import encryption as enc
from desktop_crm.services.check import run_check
from desktop_crm.services.customers import CustomerInput, create_customer
from desktop_crm.services.dump import business_dump

NOW = datetime(2026, 11, 22, 10, 30, 0)
FIRST = "first-pass-1"
SECOND = "second-pass-2"
MARKER = "QuokkaMarker"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_customer(name: str) -> None:
    create_customer(CustomerInput(name), today=NOW.date(), now=NOW)


def _names() -> list[str]:
    return [r[0] for r in db.execute_sql("SELECT display_name FROM customer ORDER BY id")]


def _protect(path: Path, old: str | None, new: str | None) -> None:
    """Encrypt, re-key or decrypt the open database as Settings → Encryption does."""
    close_database()
    enc.change_encryption(path, old, new)
    open_database(path, passphrase=new)


def _key_of(path: Path) -> str | None:
    """Which of our passphrases opens the closed file (None: it is plain)."""
    if not enc.is_encrypted(path):
        return None
    keys = [k for k in (FIRST, SECOND) if enc.check_passphrase(path, k)]
    assert len(keys) == 1, keys
    return keys[0]


def _nothing_changed(db_path: Path, dump: str, key: str | None) -> None:
    assert business_dump() == dump
    assert current_passphrase() == key
    assert not Path(str(db_path) + ".pre-restore").exists()
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_backup_made_under_the_current_passphrase_restores(db_path: Path) -> None:
    _add_customer(MARKER)
    _protect(db_path, None, FIRST)
    backup = bk.make_backup("manual", now=NOW)
    at_backup = business_dump()
    _add_customer("after the backup")
    result = bk.restore_backup(backup.path, now=NOW + timedelta(minutes=1))
    assert business_dump() == at_backup
    assert current_passphrase() == FIRST
    assert run_check().ok
    # The safety copies stay as they were: encrypted with the database's passphrase.
    assert result.before_restore is not None and result.before_restore.customers == 2
    close_database()
    assert _key_of(db_path) == FIRST
    assert _key_of(result.pre_restore) == FIRST
    assert _key_of(result.before_restore.path) == FIRST
    assert MARKER.encode() not in db_path.read_bytes()


def test_an_old_backup_restores_with_its_passphrase_and_ends_under_the_current_one(
    db_path: Path,
) -> None:
    _add_customer(MARKER)
    _protect(db_path, None, FIRST)
    old = bk.make_backup("manual", now=NOW)
    at_backup = business_dump()
    _protect(db_path, FIRST, SECOND)
    _add_customer("after the passphrase change")
    now_dump = business_dump()

    # The list says why it cannot count the old backup, instead of showing nothing.
    listed = {b.path: b for b in bk.list_backups()}
    assert listed[old.path].needs_passphrase and listed[old.path].encrypted
    assert listed[old.path].customers is None
    info = bk.read_backup_info(old.path, passphrase=FIRST)
    assert not info.needs_passphrase and info.customers == 1

    old_sha = _sha(old.path)
    with pytest.raises(DatabaseEncrypted, match="passphrase other than the database"):
        bk.verify_candidate(old.path)
    with pytest.raises(DatabaseEncrypted, match="passphrase other than the database"):
        bk.restore_backup(old.path, now=NOW)
    _nothing_changed(db_path, now_dump, SECOND)
    with pytest.raises(WrongPassphrase):
        bk.verify_candidate(old.path, passphrase="not-the-one")
    with pytest.raises(WrongPassphrase):
        bk.restore_backup(old.path, now=NOW, passphrase="not-the-one")
    _nothing_changed(db_path, now_dump, SECOND)
    assert _sha(old.path) == old_sha

    assert bk.verify_candidate(old.path, passphrase=FIRST) > 0
    result = bk.restore_backup(old.path, now=NOW + timedelta(minutes=1), passphrase=FIRST)
    assert business_dump() == at_backup
    assert current_passphrase() == SECOND  # the app and scripts keep the passphrase they know
    assert run_check().ok
    _add_customer("still writable")
    close_database()
    assert _sha(old.path) == old_sha
    assert _key_of(db_path) == SECOND
    assert _key_of(result.pre_restore) == SECOND
    assert MARKER.encode() not in db_path.read_bytes()
    open_database(db_path, passphrase=SECOND)
    assert _names() == [MARKER, "still writable"]


def test_the_database_passphrase_is_still_tried_when_another_is_given(db_path: Path) -> None:
    """A script that sets the backup passphrase for old backups can restore new ones too."""
    _protect(db_path, None, SECOND)
    backup = bk.make_backup("manual", now=NOW)
    _add_customer("after")
    bk.restore_backup(backup.path, now=NOW, passphrase=FIRST)
    assert _names() == [] and current_passphrase() == SECOND


def test_restoring_a_plain_backup_keeps_the_database_encrypted(db_path: Path) -> None:
    _add_customer(MARKER)
    plain = bk.make_backup("manual", now=NOW)
    at_backup = business_dump()
    _protect(db_path, None, FIRST)
    _add_customer("after encrypting")
    plain_sha = _sha(plain.path)
    result = bk.restore_backup(plain.path, now=NOW + timedelta(minutes=1))
    assert business_dump() == at_backup
    assert current_passphrase() == FIRST
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert run_check().ok
    _add_customer("still writable")
    close_database()
    assert _sha(plain.path) == plain_sha  # the backup itself is untouched (and still plain)
    assert _key_of(db_path) == FIRST
    assert MARKER.encode() not in db_path.read_bytes()
    assert _key_of(result.pre_restore) == FIRST
    leftovers = [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    open_database(db_path, passphrase=FIRST)
    assert _names() == [MARKER, "still writable"]


def test_restoring_an_encrypted_backup_into_a_plain_database_keeps_it_plain(
    db_path: Path,
) -> None:
    _protect(db_path, None, FIRST)
    _add_customer(MARKER)
    backup = bk.make_backup("manual", now=NOW)
    at_backup = business_dump()
    _protect(db_path, FIRST, None)
    _add_customer("after decrypting")
    now_dump = business_dump()
    listed = {b.path: b for b in bk.list_backups()}
    assert listed[backup.path].needs_passphrase
    with pytest.raises(DatabaseEncrypted):
        bk.restore_backup(backup.path, now=NOW)
    _nothing_changed(db_path, now_dump, None)
    bk.restore_backup(backup.path, now=NOW + timedelta(minutes=1), passphrase=FIRST)
    assert business_dump() == at_backup
    assert current_passphrase() is None
    assert run_check().ok
    close_database()
    assert _key_of(db_path) is None


def _flip_byte_in_table_page(path: Path, table: str, key: str | None) -> None:
    conn = sqlite3.connect(str(path))
    if key:
        conn.execute(f"PRAGMA key = '{key}'")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # text under SQLCipher
    conn.close()
    data = bytearray(path.read_bytes())
    data[(int(root) - 1) * page_size + 3] ^= (
        0x5A  # a plain page's cell count; any byte when encrypted
    )
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("backup_key", [None, FIRST, SECOND])
def test_a_damaged_backup_is_refused_whatever_its_protection(
    db_path: Path, tmp_path: Path, backup_key: str | None
) -> None:
    """The re-keying path checks the backup as the plain path does: damage is refused."""
    for i in range(50):
        _add_customer(f"customer {i}")
    if backup_key:
        _protect(db_path, None, backup_key)
    backup = bk.make_backup("manual", now=NOW)
    candidate = tmp_path / "damaged.db"
    shutil.copyfile(backup.path, candidate)
    _flip_byte_in_table_page(candidate, "customer", backup_key)
    if backup_key != FIRST:
        _protect(db_path, backup_key, FIRST)
    _add_customer("after")
    now_dump = business_dump()
    cand_sha = _sha(candidate)
    with pytest.raises(DatabaseRefused, match="damaged|does not open") as info:
        bk.restore_backup(candidate, now=NOW, passphrase=backup_key)
    assert not isinstance(info.value, DatabaseEncrypted)
    assert _sha(candidate) == cand_sha
    _nothing_changed(db_path, now_dump, FIRST)


def test_a_text_file_is_refused_without_asking_for_a_passphrase(
    db_path: Path, tmp_path: Path
) -> None:
    _protect(db_path, None, FIRST)
    now_dump = business_dump()
    candidate = tmp_path / "notes.db"
    candidate.write_text("name,phone\n张三,1\n", encoding="utf-8")
    with pytest.raises(DatabaseRefused, match="not a database file") as info:
        bk.restore_backup(candidate, now=NOW, passphrase=SECOND)
    assert not isinstance(info.value, DatabaseEncrypted | WrongPassphrase)
    _nothing_changed(db_path, now_dump, FIRST)


def test_turning_encryption_on_encrypts_the_earlier_backups_too(db_path: Path) -> None:
    # Every customer stayed readable in the backups made before: "backups are then encrypted
    # too" (README) and RELIABILITY 43 (no fixture name in the DB, WAL or backups).
    _add_customer(MARKER)
    older = bk.make_backup("manual", now=NOW)
    restore_point = bk.make_backup("manual", now=NOW + timedelta(minutes=1))
    bk.restore_backup(restore_point.path, now=NOW + timedelta(minutes=2))  # a pre-restore copy
    pre = Path(str(db_path) + bk.PRE_RESTORE_SUFFIX)
    plain = [older.path, restore_point.path, pre]
    assert all(MARKER.encode() in p.read_bytes() for p in plain)
    _protect(db_path, None, FIRST)
    done, failed = bk.encrypt_plain_backups(FIRST)
    assert failed == [] and done == len(list(bk.list_backups())) + 1
    for p in [*(b.path for b in bk.list_backups()), pre]:
        assert _key_of(p) == FIRST and MARKER.encode() not in p.read_bytes(), p
    # They still restore, and read as before.
    bk.restore_backup(older.path, now=NOW + timedelta(minutes=3))
    assert _names() == [MARKER] and current_passphrase() == FIRST
    assert bk.encrypt_plain_backups(FIRST) == (0, [])  # nothing plain left


def test_the_next_start_finishes_encrypting_backups_a_killed_run_left_plain(
    db_path: Path,
) -> None:
    # Killed after the database was encrypted and before its backups were: they stayed plain.
    from desktop_crm import app

    _add_customer(MARKER)
    earlier = bk.make_backup("manual", now=NOW)
    _protect(db_path, None, FIRST)  # as the button does, up to the kill
    assert _key_of(earlier.path) is None
    app._finish_encrypting_backups()  # at the start, once the database is open
    assert _key_of(earlier.path) == FIRST and MARKER.encode() not in earlier.path.read_bytes()
