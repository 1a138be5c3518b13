"""Optional encryption of the database file (SQLCipher through the sqlcipher3 driver).

A forgotten passphrase means the data is lost: there is no back door. The GUI says so before
it turns encryption on. Turning it on or off rewrites the file into a new one (SQLCipher's
`sqlcipher_export`) beside the old, verifies it, and swaps; the old plaintext copy is removed
with its WAL. Backups of an encrypted database are encrypted with the same passphrase.

A restore keeps the database's current protection (services.backup): the restored data is
encrypted with the current passphrase, or stays plain when the database is plain, whatever the
backup's own protection; a backup made under an older passphrase opens with that passphrase.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlite_driver

from desktop_crm.errors import CrmError, Refused

SQLITE_MAGIC = b"SQLite format 3\x00"
MIN_PASSPHRASE = 8


class WrongPassphrase(Refused):
    """The passphrase does not open the file (nothing was changed)."""


def _quote(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def quiet_driver_log(conn: object) -> None:
    """SQLCipher prints decryption errors to stderr; our errors are one clear line instead."""
    with contextlib.suppress(sqlite_driver.DatabaseError):
        conn.execute("PRAGMA cipher_log_level = NONE")  # type: ignore[attr-defined]


def is_encrypted(path: Path) -> bool:
    """A non-empty file whose first bytes are not the plain SQLite header."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return bool(head) and head != SQLITE_MAGIC


def check_passphrase(path: Path, passphrase: str) -> bool:
    """Does `passphrase` open the encrypted file at `path`? Reads only."""
    conn = sqlite_driver.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        quiet_driver_log(conn)
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite_driver.DatabaseError:
        return False
    finally:
        conn.close()


def export_database(src: Path, src_key: str | None, dst: Path, dst_key: str | None) -> None:
    """Write the schema and rows of the database `src` into the new (or empty) file `dst`.

    `dst` is encrypted with `dst_key`, or plain when it is None. SQLCipher's sqlcipher_export is
    the only way between a plain and an encrypted file: the backup API copies pages and refuses
    it. `src` must be a file nobody else uses (its WAL is checkpointed). Raises the driver's
    DatabaseError; `dst` is then incomplete and the caller removes it.
    """
    conn = sqlite_driver.connect(str(src))
    try:
        quiet_driver_log(conn)
        if src_key:
            conn.execute(f"PRAGMA key = {_quote(src_key)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS target KEY {_quote(dst_key or '')}", (str(dst),))
        conn.execute("SELECT sqlcipher_export('target')")
        # The export copies schema and rows, not the header fields that say whose file it is.
        app_id = int(conn.execute("PRAGMA main.application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA target.application_id = {app_id}")
        conn.execute(f"PRAGMA target.user_version = {version}")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()


def _export(src: Path, src_key: str | None, dst: Path, dst_key: str) -> None:
    try:
        export_database(src, src_key, dst, dst_key)
    except sqlite_driver.DatabaseError as exc:
        from desktop_crm.db import translate_error

        typed = translate_error(exc)  # a full disk is said as one, in the window's language
        if isinstance(typed, CrmError):
            raise typed from exc
        raise CrmError(f"Re-writing {src} failed: {exc}. Nothing was changed.") from exc


def rekey_files(path: Path) -> tuple[Path, ...]:
    """The copy change_encryption writes beside `path` (hidden), with its journals."""
    tmp = path.with_name(f".{path.name}.rekey")
    return (tmp, *(Path(f"{tmp}{s}") for s in ("-journal", "-wal", "-shm")))


def remove_rekey_leftovers(path: Path) -> None:
    """Remove what a change of encryption killed mid-way left beside `path` (a plain copy of
    every customer when it was removing encryption). Call it holding the database's lock:
    only a process holding it rewrites the file."""
    for p in rekey_files(path):
        with contextlib.suppress(OSError):
            p.unlink()


def change_encryption(path: Path, old: str | None, new: str | None) -> None:
    """Encrypt (old None), decrypt (new None) or re-key the closed database file at `path`.

    The new file is written beside the old one, checked, and swapped in; on any error the
    original is untouched.
    """
    if new is not None and len(new) < MIN_PASSPHRASE:
        raise Refused(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")
    if old is not None and not check_passphrase(path, old):
        raise WrongPassphrase("That passphrase does not open this database. Nothing was changed.")
    tmp = rekey_files(path)[0]
    remove_rekey_leftovers(path)
    try:
        # Private before the first byte: decrypting writes every customer in plain text.
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as exc:
            from desktop_crm.db import translate_os_error

            raise translate_os_error(exc, tmp) from exc
        _export(path, old, tmp, new or "")
        check = sqlite_driver.connect(str(tmp))
        try:
            quiet_driver_log(check)
            if new:
                check.execute(f"PRAGMA key = {_quote(new)}")
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CrmError(
                    f"The re-written copy of {path} failed its check. Nothing was changed."
                )
            check.execute("PRAGMA journal_mode = wal")
        finally:
            check.close()
        try:
            os.chmod(tmp, 0o600)
            for sidecar in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
                sidecar.unlink(missing_ok=True)
            os.replace(tmp, path)  # another program holding the file open can refuse this
        except OSError as exc:
            from desktop_crm.db import translate_os_error

            raise translate_os_error(exc, path) from exc
    except BaseException:
        remove_rekey_leftovers(path)  # nothing half-written (or a plain copy) stays beside it
        raise
