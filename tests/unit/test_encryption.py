"""Optional SQLCipher encryption of the database file."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from desktop_crm.db import close_database, open_database
from desktop_crm.services import customers as svc
from desktop_crm.services import encryption as enc

MARKER = "QuokkaMarker"


def _db(tmp_path: Path, now, today) -> Path:
    path = tmp_path / "crm.db"
    open_database(path)
    svc.create_customer(svc.CustomerInput(MARKER, phone="13912345678"), today=today, now=now)
    close_database()
    return path


def test_encrypt_rekey_decrypt(tmp_path: Path, now, today) -> None:
    path = _db(tmp_path, now, today)
    enc.change_encryption(path, None, "correct horse")
    raw = path.read_bytes()
    assert raw[:16] != enc.SQLITE_MAGIC and MARKER.encode() not in raw
    assert enc.is_encrypted(path)
    assert enc.check_passphrase(path, "correct horse")
    started = time.monotonic()
    assert not enc.check_passphrase(path, "wrong one!")
    assert time.monotonic() - started < 2
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(enc.WrongPassphrase):
        enc.change_encryption(path, "wrong one!", "another pass")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    enc.change_encryption(path, "correct horse", "battery staple")
    assert not enc.check_passphrase(path, "correct horse")
    assert enc.check_passphrase(path, "battery staple")
    enc.change_encryption(path, "battery staple", None)
    assert path.read_bytes()[:16] == enc.SQLITE_MAGIC
    open_database(path)
    assert svc.get_customer(1).display_name == MARKER
    close_database()


def test_short_passphrase_refused(tmp_path: Path, now, today) -> None:
    path = _db(tmp_path, now, today)
    with pytest.raises(enc.Refused):
        enc.change_encryption(path, None, "short")
    assert not enc.is_encrypted(path)


def test_open_an_encrypted_database_with_its_passphrase(tmp_path: Path, now, today) -> None:
    from desktop_crm.errors import DatabaseEncrypted, WrongPassphrase
    from desktop_crm.services import backup

    path = _db(tmp_path, now, today)
    enc.change_encryption(path, None, "correct horse")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseEncrypted):
        open_database(path)
    with pytest.raises(WrongPassphrase):
        open_database(path, passphrase="not it at all")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    open_database(path, passphrase="correct horse")
    svc.create_customer(svc.CustomerInput("second"), today=today, now=now)
    info = backup.make_backup("manual", now=now)
    # Listed with its counts: opened with the open database's passphrase.
    assert info.error is None and info.customers == 2 and info.orders == 0
    assert [b.customers for b in backup.list_backups() if b.path == info.path] == [2]
    close_database()
    assert enc.is_encrypted(info.path)  # backups of an encrypted database are encrypted
    assert MARKER.encode() not in info.path.read_bytes()
    assert enc.check_passphrase(info.path, "correct horse")
    for f in [path, *path.parent.glob("crm.db-wal")]:
        assert MARKER.encode() not in f.read_bytes()


def test_a_failed_rewrite_leaves_nothing_beside_the_database(
    tmp_path: Path,
    now,
    today,
    monkeypatch,  # noqa: ANN001
) -> None:
    from sqlcipher3 import dbapi2 as sqlite_driver

    from desktop_crm.errors import CrmError

    path = tmp_path / "crm.db"
    open_database(path)
    close_database()

    def full(src, src_key, dst, dst_key):  # noqa: ANN001, ANN202
        dst.write_bytes(b"half a copy")
        raise sqlite_driver.OperationalError("database or disk is full")

    monkeypatch.setattr(enc, "export_database", full)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CrmError) as caught:
        enc.change_encryption(path, None, "correct horse")
    assert caught.value.message.startswith("Disk full")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failed_swap_leaves_no_plain_copy_beside_the_database(
    tmp_path: Path,
    now,
    today,
    monkeypatch,  # noqa: ANN001
) -> None:
    # Removing encryption wrote a plain copy, then the swap failed (another program holding the
    # file, on Windows): the plain copy of every customer stayed beside the database.
    from desktop_crm.errors import CrmError

    path = tmp_path / "crm.db"
    open_database(path, passphrase="correct horse")
    svc.create_customer(svc.CustomerInput("张三"), today=today, now=now)
    close_database()
    real_replace = enc.os.replace

    def refused(src, dst):  # noqa: ANN001, ANN202
        raise PermissionError(1, "Operation not permitted", str(src))

    monkeypatch.setattr(enc.os, "replace", refused)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CrmError):
        enc.change_encryption(path, "correct horse", None)
    monkeypatch.setattr(enc.os, "replace", real_replace)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_copy_being_written_is_private_from_its_first_byte(
    tmp_path: Path,
    now,
    today,
    monkeypatch,  # noqa: ANN001
) -> None:
    # Removing encryption writes every customer in plain text: a kill mid-way left that copy
    # readable by every user of the computer (0644, the umask's).
    import os
    import stat

    path = _db(tmp_path, now, today)
    seen: list[int] = []
    real = enc.export_database

    def watched(src, src_key, dst, dst_key):  # noqa: ANN001, ANN202
        seen.append(stat.S_IMODE(os.stat(dst).st_mode))
        real(src, src_key, dst, dst_key)

    monkeypatch.setattr(enc, "export_database", watched)
    old_umask = os.umask(0o022)
    try:
        enc.change_encryption(path, None, "correct horse")
    finally:
        os.umask(old_umask)
    assert seen == [0o600]


def test_a_killed_rewrite_leaves_nothing_the_next_start_does_not_remove(
    tmp_path: Path, now, today
) -> None:
    from desktop_crm.services.backup import cleanup_temp_files

    path = _db(tmp_path, now, today)
    left = [tmp_path / ".crm.db.rekey", tmp_path / ".crm.db.rekey-journal"]
    for p in left:
        p.write_bytes(MARKER.encode())
    cleanup_temp_files(path)  # every start of the app or a command, holding the lock
    assert not any(p.exists() for p in left)
