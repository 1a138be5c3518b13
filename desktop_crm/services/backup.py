"""Nothing lost: verified backups, their rotation, and restore (no Qt).

A backup is a plain SQLite file (rollback journal, no sidecars, 0600) written with the SQLite
backup API to a temporary name, checked with integrity_check and only then renamed to its final
name `<key>.<YYYYMMDD-HHMMSS>.<reason>.db` in `<db dir>/<key>-backups/`. A file under a
final backup name has therefore always passed integrity_check; a temporary file left by a
crash is removed by `cleanup_temp_files()` at the next start.

The key (db.backup_key, defined by db.default_backup_dir) is one per database file name, so
two databases in one folder never list or rotate each other's backups, in their own backup
folders or in one the user chose: `crm.db` → `crm` (`crm-backups/crm.….db`, as always);
any other name gets its whole file name and `~`: `shop.old` → `shop.old~`, `crm` (no suffix)
→ `crm~`, so neither shares anything with `shop.db` or `crm.db`.

- `make_backup(reason, now=…)`: one verified backup, then rotation.
- `backup_if_due(now)`: an automatic backup when the data changed since the last backup and
  the newest backup is older than 30 minutes (for the GUI's timer and its close).
- `backup_before(operation, now=…)`: always, before migration, restore, undo-import, merge,
  bulk delete, erasure. Its dump equals the state before the operation.
- `rotation_plan()` / `rotate_backups()`: today's and yesterday's, then 12 daily, 10 weekly and
  9 monthly; the newest is never deleted, and a name not of our pattern is never touched.
- `list_backups()`: time, size, counts read read-only from each file, reason.
- `restore_backup(file, now=…, passphrase=…)`: refuses a damaged or foreign file (nothing
  changes), keeps the live database as `<db>.pre-restore` (and as a `before-restore` backup),
  swaps atomically and migrates an older schema. A SIGKILL at any moment leaves the old or the
  restored data.
- `backup_to_path(path, now=…)`: a manual copy to a place the user chose (a USB stick).

Encryption: a restore keeps the database's *current* protection. The restored data is encrypted
with the passphrase the database has now, or is plain when the database is plain, whatever the
backup's own protection; restoring never changes whether or how the file is encrypted, and the
app and scripts keep the passphrase they know. An encrypted backup opens with the database's
passphrase or, when it was made under another one (before a passphrase change, or before
encryption was removed), with the `passphrase` given. The pre-restore copies keep the database
as it was, under its passphrase.

How "changed since the last backup" is known without writing to the database: every commit
writes the -wal file (size and mtime), and a checkpoint writes the main file. Before each
backup the WAL is checkpointed (TRUNCATE, without waiting) and the (inode, size, mtime) of the
main and -wal files are stored in `.backup-state.json` in the backup folder. Any later commit,
by this or any other process, changes those stats; a false "changed" only costs one extra
backup. Taking the stats *before* the backup's snapshot means a commit racing the backup is
seen as a change, never missed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import peewee
from sqlcipher3 import dbapi2 as sqlite_driver

from desktop_crm.db import (
    CACHE_KIB,
    MIGRATIONS_DIR,
    SQLITE_MAGIC,
    backup_key,
    backup_to,
    close_database,
    current_passphrase,
    current_path,
    db,
    default_backup_dir,
    follow_links,
    fsync_dir,
    fsync_file,
    is_encrypted_file,
    is_temp_name,
    key_connection,
    new_backup_path,
    open_database,
    parse_backup_name,
    probe_file,
    quiet_cipher_log,
    read_only_reason,
    readonly_uri,
    remove_with_sidecars,
    require_writable,
    schema_version,
    temp_path_for,
    translate_error,
    translate_os_error,
)
from desktop_crm.errors import (
    CrmError,
    DatabaseBusy,
    DatabaseEncrypted,
    DatabaseReadOnly,
    DatabaseRefused,
    Refused,
    RestoreTakenBack,
    RestoreUnfinished,
    WrongPassphrase,
)
from desktop_crm.faults import crash_point
from desktop_crm.services.encryption import export_database, remove_rekey_leftovers

log = logging.getLogger("desktop_crm.backup")

AUTO_INTERVAL = timedelta(minutes=30)
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9
STATE_FILE = ".backup-state.json"
PRE_RESTORE_SUFFIX = ".pre-restore"
# The operations that take a backup first (DESIGN §5, RELIABILITY E18); `backup_before` accepts
# any lower-case word, these are the ones the program uses.
OPERATIONS = (
    "migration",
    "restore",
    "undo-import",
    "merge",
    "bulk-delete",
    "erasure",
    "retention-purge",
)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file: when, why, how big, and what it holds (read from the file itself)."""

    path: Path
    time: datetime
    reason: str
    size: int
    customers: int | None = None
    orders: int | None = None
    schema_version: int | None = None
    error: str | None = None  # set when the file could not be read
    encrypted: bool = False  # the file is encrypted (SQLCipher)
    # Encrypted with a passphrase other than the open database's: no counts until it is given.
    needs_passphrase: bool = False

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What restore_backup did."""

    restored: Path
    pre_restore: Path
    before_restore: BackupInfo | None
    from_version: int
    to_version: int


# --- Making backups -------------------------------------------------------------------------


def make_backup(
    reason: str, *, now: datetime, folder: Path | None = None, rotate: bool = True
) -> BackupInfo:
    """Write one verified backup of the open database and rotate the folder's backups.

    `folder` defaults to the backup folder beside the database. Raises DiskFull or CrmError
    (the folder cannot be written); nothing is left under a final name on failure.
    """
    live = current_path()
    home = default_backup_dir(live)
    folder = Path(folder) if folder is not None else home
    stats = _change_stats(live, checkpoint=True)
    target = new_backup_path(folder, live, reason, now)
    backup_to(target, private=folder == home)
    _save_state(folder, live, target.name, stats)
    if rotate:
        crash_point("backup:before_rotate")
        rotate_backups(folder, now=now, stem=backup_key(live))
        if folder == home:
            expire_pre_restore(live, folder)
        crash_point("backup:after_rotate")
    return read_backup_info(target)


def backup_before(operation: str, *, now: datetime) -> BackupInfo:
    """A backup named `before-<operation>`, taken right now, outside any transaction.

    Call it before the operation's transaction starts: the backup's dump then equals the state
    before the operation. Raises RuntimeError when called inside a transaction, and
    DatabaseReadOnly when the database cannot be changed (no backup of a change that cannot
    happen).
    """
    require_writable()
    return make_backup(f"before-{operation}", now=now)


def backup_if_due(
    now: datetime, *, min_age: timedelta = AUTO_INTERVAL, folder: Path | None = None
) -> BackupInfo | None:
    """An automatic backup when the data changed since the last one and that one is old.

    "Old" is `min_age` (30 minutes) after the newest backup of any reason. Returns the new
    backup, or None when none was due. Cheap when nothing is due: two stat calls and a small
    JSON file, no database read.
    """
    live = current_path()
    folder = Path(folder) if folder is not None else default_backup_dir(live)
    # Backups dated after now were made while the clock was ahead (corrected since, by the
    # network or by hand): they must not hold automatic backups off until their time comes.
    newest = _newest(folder, live, not_after=now)
    if newest is not None and now - newest[0] < min_age:
        return None
    if not changed_since_last_backup(folder):
        return None
    return make_backup("auto", now=now, folder=folder)


def changed_since_last_backup(folder: Path | None = None) -> bool:
    """Whether the open database may differ from its last backup (True when unsure)."""
    live = current_path()
    folder = Path(folder) if folder is not None else default_backup_dir(live)
    state = _load_state(folder).get(_state_key(live))
    if not isinstance(state, dict) or not (folder / str(state.get("backup", ""))).is_file():
        return True
    return bool(state.get("stats") != _change_stats(live, checkpoint=False))


def backup_to_path(path: str | Path, *, now: datetime) -> Path:
    """A manual backup to a place the user chose (a file name, or a folder such as a stick).

    A folder gets a file named like every backup (`crm.<time>.manual.db`). An existing file is
    replaced only when it is itself a Desktop CRM backup; anything else is refused unchanged.
    """
    live = current_path()
    target = Path(path).expanduser()
    if target.is_dir():
        remove_stale_temp_files(target, stem=backup_key(live))
        target = new_backup_path(target, live, "manual", now)
    else:
        if not target.parent.is_dir():
            raise Refused(f"The folder {target.parent} does not exist. Nothing was written.")
        remove_stale_temp_files(target.parent, stem=backup_key(live), name=target.name)
        if target.exists():
            _refuse_overwrite(target, live)
    return backup_to(target)


# A temporary file in a chosen folder untouched this long is a crashed backup's, not one
# being written (a backup writes and checks its copy in well under a minute at 100k customers).
STALE_TEMP_SECONDS = 15 * 60


def remove_stale_temp_files(folder: Path, *, stem: str, name: str | None = None) -> list[Path]:
    """Remove the temporary files a crashed backup of this database left in `folder`.

    A folder the user chose (a USB stick) is not tidied at start-up as the backup folder is;
    the next backup to it removes what an earlier one of the same database left: only our
    temporary names (`.<final name>.<random>.tmp` and SQLite's sidecars of them) whose final
    name is a backup of `stem` (the database's backup_key) or is `name` (the file a backup
    was written to), and untouched for STALE_TEMP_SECONDS: the caller holds this database's
    lock, but another shop's database of the same name (every default one is crm.db) may be
    backing up to the same stick now.
    """
    removed: list[Path] = []
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        if not is_temp_name(p.name):
            continue
        base = p.name
        for side in ("-journal", "-wal", "-shm"):
            base = base.removesuffix(side)
        final = base[1 : -len(".tmp")].rpartition(".")[0]  # drop the dot, random part, .tmp
        parsed = parse_backup_name(final)
        if final != name and (parsed is None or parsed.stem != stem):
            continue
        with contextlib.suppress(OSError):
            if p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
                removed.append(p)
    return removed


def _refuse_overwrite(target: Path, live: Path) -> None:
    if live.exists() and target.resolve() == live.resolve():
        raise Refused(f"{target} is the database itself; choose another name for the backup.")
    try:
        found = probe_file(target)
        with open(target, "rb") as fh:
            header = fh.read(20)
    except (DatabaseRefused, OSError):
        found, header = None, b""
    is_backup = (
        found is not None
        and not found.adopt_empty
        and header.startswith(SQLITE_MAGIC)
        and header[18:20] == b"\x01\x01"  # rollback journal: a backup, not a live database
        and not Path(str(target) + "-wal").exists()
    )
    if not is_backup:
        raise Refused(
            f"{target} already exists and is not a Desktop CRM backup; choose another name. "
            "Nothing was written."
        )


def backup_folder_problem(folder: Path) -> str | None:
    """Why backups cannot go into `folder`, as a code the views word, or None when they can.

    "not_a_folder": a file stands where the folder should be; "not_writable": the folder (or,
    while it does not exist yet, the folder that would hold it) cannot be written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        return "not_a_folder"
    place = folder if folder.exists() else folder.parent
    if not os.access(place, os.W_OK | os.X_OK):
        return "not_writable"
    return None


def reading_copy(path: Path, folder: Path, *, passphrase: str | None = None) -> Path:
    """A checked copy of the database file `path` in `folder`, to read (and upgrade) instead.

    For a command that only reads a file made by an older version (an archived backup): the
    upgrade happens on the copy, so the file keeps every byte and nothing is written beside it.
    The file is read through a read-only connection. Raises DatabaseRefused when it is damaged.
    """
    target = Path(folder) / path.name
    key = passphrase if is_encrypted_file(path) else None
    try:
        _copy_database(path, target, source_key=key, target_key=key)
    except OSError as exc:
        raise translate_os_error(exc, target) from exc
    return target


# --- Change detection -----------------------------------------------------------------------


def _file_stats(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _change_stats(live: Path, *, checkpoint: bool) -> dict[str, Any]:
    if checkpoint and read_only_reason() is None:
        _checkpoint_nowait()
    wal = _file_stats(Path(str(live) + "-wal"))
    if wal is not None and wal[1] == 0:
        wal = None  # an empty WAL is the same as none (it is recreated on every open)
    return {"main": _file_stats(live), "wal": wal}


def _checkpoint_nowait() -> None:
    """Fold the WAL into the main file now if nobody is writing; never wait for it."""
    try:
        before = db.execute_sql("PRAGMA busy_timeout").fetchone()[0]
        db.execute_sql("PRAGMA busy_timeout = 0")
        try:
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            db.execute_sql(f"PRAGMA busy_timeout = {int(before)}")
    except peewee.DatabaseError:
        pass  # a busy or read-only database: the stats then just record the WAL as it is


def _state_key(live: Path) -> str:
    return str(live.resolve())


def _load_state(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_state(folder: Path, live: Path, backup_name: str, stats: dict[str, Any]) -> None:
    state = _load_state(folder)
    state[_state_key(live)] = {"backup": backup_name, "stats": stats}
    path = folder / STATE_FILE
    try:
        tmp = temp_path_for(path)
        try:
            tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        finally:
            remove_with_sidecars(tmp)
    except OSError:
        pass  # without the state the next check says "changed": one extra backup at worst


# --- Rotation -------------------------------------------------------------------------------


def _week(d: date) -> tuple[int, int]:
    iso = d.isocalendar()
    return (iso[0], iso[1])


def _month(d: date) -> tuple[int, int]:
    return (d.year, d.month)


def rotation_plan(
    names: Iterable[str], *, now: datetime, stem: str | None = None
) -> tuple[list[str], list[str]]:
    """(keep, delete) among `names` that follow our backup pattern (and `stem`, a database's
    backup_key, when given).

    Kept: every backup of today and yesterday (and any dated later); then, walking back in
    time, the newest backup of each of the 12 most recent days that have one, then of the 10
    most recent weeks (ISO weeks) not yet represented, then of the 9 most recent months not yet
    represented. The newest backup is always kept. Names not of our pattern are in neither
    list: they are never deleted.
    """
    ours: list[tuple[datetime, int, str]] = []
    for name in names:
        parsed = parse_backup_name(name)
        if parsed is not None and (stem is None or parsed.stem == stem):
            ours.append((parsed.time, parsed.seq, name))
    ours.sort(reverse=True)  # newest first
    if not ours:
        return [], []
    yesterday = now.date() - timedelta(days=1)
    keep = {name for when, _, name in ours if when.date() >= yesterday}
    keep.add(ours[0][2])  # the newest, whatever its date
    for period, count in ((lambda d: d, KEEP_DAILY), (_week, KEEP_WEEKLY), (_month, KEEP_MONTHLY)):
        kept_times = [when for when, _, name in ours if name in keep]
        oldest_kept = min(kept_times)
        covered = {period(when.date()) for when in kept_times}
        added = 0
        for when, _, name in ours:
            if added >= count:
                break
            if when >= oldest_kept:
                continue
            key = period(when.date())
            if key in covered:
                continue
            covered.add(key)
            keep.add(name)
            added += 1
    kept = [name for _, _, name in ours if name in keep]
    deleted = [name for _, _, name in ours if name not in keep]
    return kept, deleted


def rotate_backups(folder: Path, *, now: datetime, stem: str) -> list[Path]:
    """Delete the backups of `stem` (a database's backup_key) in `folder` that rotation_plan
    does not keep."""
    try:
        names = [p.name for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []
    deleted: list[Path] = []
    for name in rotation_plan(names, now=now, stem=stem)[1]:
        path = folder / name
        with contextlib.suppress(OSError):
            path.unlink()
            deleted.append(path)
    return deleted


def expire_pre_restore(db_path: Path, folder: Path | None = None) -> Path | None:
    """Delete `<db>.pre-restore` once it is older than every backup the rotation keeps.

    The pre-restore copy is a backup like the others (its twin is the `before-restore` backup
    in the folder), so it is held no longer than they are: an erased person's data leaves it
    no later than it leaves the last backup made before the erasure (the erasure log's
    "backups hold until"). Its time is its file's modification time (when the restore made it).
    Returns the deleted path, or None.
    """
    pre = Path(str(db_path) + PRE_RESTORE_SUFFIX)
    folder = Path(folder) if folder is not None else default_backup_dir(db_path)
    try:
        made = datetime.fromtimestamp(pre.stat().st_mtime)
        names = [p.name for p in folder.iterdir() if p.is_file()]
    except OSError:
        return None
    key = backup_key(db_path)
    times = [
        parsed.time
        for parsed in map(parse_backup_name, names)
        if parsed is not None and parsed.stem == key
    ]
    if not times or made >= min(times):
        return None
    try:
        remove_with_sidecars(pre)
    except OSError:
        return None
    return pre


# --- Listing --------------------------------------------------------------------------------


def _newest(
    folder: Path, live: Path, *, not_after: datetime | None = None
) -> tuple[datetime, int, str] | None:
    """The newest backup of the database `live` (of those dated `not_after` or before, when
    given)."""
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return None
    key = backup_key(live)
    best = None
    for name in names:
        parsed = parse_backup_name(name)
        if parsed is None or (not_after is not None and parsed.time > not_after):
            continue
        if parsed.stem == key:
            found = (parsed.time, parsed.seq, name)
            if best is None or found > best:
                best = found
    return best


def _keys_to_try(passphrase: str | None) -> list[str]:
    """The passphrases that may open an encrypted backup: the one given, then the database's."""
    return list(dict.fromkeys(k for k in (passphrase, current_passphrase()) if k))


def _opens(conn: Any, key: str | None) -> bool:
    """Key a fresh connection; whether the key opens the file (it reads page 1)."""
    try:
        key_connection(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite_driver.DatabaseError:
        return False
    return True


def read_backup_info(path: Path, *, passphrase: str | None = None) -> BackupInfo:
    """A backup's time, reason and size, and its counts read from the file read-only.

    An encrypted backup is opened with `passphrase`, or with the open database's (backups of
    an encrypted database are encrypted with it). One that neither opens has
    `needs_passphrase` set (and no counts); any other failure to read says so in `error`.
    """
    parsed = parse_backup_name(path.name)
    when = parsed.time if parsed else datetime.fromtimestamp(path.stat().st_mtime)
    reason = parsed.reason if parsed else "other"
    size = path.stat().st_size
    encrypted = is_encrypted_file(path)
    keys: list[str | None] = list(_keys_to_try(passphrase)) if encrypted else [None]
    try:
        for key in keys:
            conn = sqlite_driver.connect(readonly_uri(path, immutable=True), uri=True)
            try:
                quiet_cipher_log(conn)
                if not _opens(conn, key):
                    continue
                customers = int(conn.execute("SELECT count(*) FROM customer").fetchone()[0])
                orders = int(conn.execute("SELECT count(*) FROM orders").fetchone()[0])
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            finally:
                conn.close()
            return BackupInfo(path, when, reason, size, customers, orders, version,
                              encrypted=encrypted)  # fmt: skip
    except sqlite_driver.DatabaseError as exc:
        return BackupInfo(path, when, reason, size, error=str(exc), encrypted=encrypted)
    if not encrypted:  # a plain file that does not even show its first page
        return BackupInfo(path, when, reason, size, error="file is not a database")
    return BackupInfo(path, when, reason, size, error="encrypted with another passphrase",
                      encrypted=True, needs_passphrase=True)  # fmt: skip


def list_backups(folder: Path | None = None, *, db_path: Path | None = None) -> list[BackupInfo]:
    """The backups of the database (open one, or `db_path`), newest first."""
    live = Path(db_path) if db_path is not None else current_path()
    return [read_backup_info(p) for p in _backup_files(live, folder)]


def _backup_files(live: Path, folder: Path | None = None) -> list[Path]:
    """The backup files of the database `live` in `folder` (its own by default), newest
    first, by their names alone (nothing is opened)."""
    folder = Path(folder) if folder is not None else default_backup_dir(live)
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    key = backup_key(live)
    for p in entries:
        parsed = parse_backup_name(p.name)
        if parsed is not None and parsed.stem == key and p.is_file():
            found.append(((parsed.time, parsed.seq), p))
    found.sort(reverse=True)
    return [p for _, p in found]


def encrypt_plain_backups(
    passphrase: str, *, db_path: Path | None = None
) -> tuple[int, list[Path]]:
    """Once the database is encrypted: re-write its plain backups, and its pre-restore copy,
    encrypted with `passphrase` (each into a checked temporary copy renamed over it).

    Returns how many were encrypted and the ones that could not be (they stay as they were,
    plain: a full disk, a file another program holds).
    """
    live = Path(db_path) if db_path is not None else current_path()
    candidates = [*_backup_files(live), Path(str(live) + PRE_RESTORE_SUFFIX)]
    done, failed = 0, []
    for path in candidates:
        if not path.is_file() or is_encrypted_file(path):
            continue
        try:
            tmp = temp_path_for(path)
            try:
                _copy_database(path, tmp, target_key=passphrase, stage_beside=path)
                os.replace(tmp, path)
                fsync_dir(path.parent)
            finally:
                remove_with_sidecars(tmp)
        except (CrmError, OSError) as exc:
            log.warning("backup %s could not be encrypted: %s", path.name, exc)
            failed.append(path)
            continue
        done += 1
    return done, failed


# --- Clean-up at start ----------------------------------------------------------------------


def cleanup_temp_files(db_path: Path, folder: Path | None = None) -> list[Path]:
    """Remove temporary files a crashed backup, restore or change of encryption left behind
    (call at start-up, after taking the database lock, so no running one owns them)."""
    db_path = Path(db_path)
    remove_rekey_leftovers(follow_links(db_path))  # a plain copy of every customer, perhaps
    folder = Path(folder) if folder is not None else default_backup_dir(db_path)
    removed: list[Path] = []
    places = [(folder, None), (db_path.parent, db_path.name)]
    for place, owner in places:
        try:
            entries = list(place.iterdir())
        except OSError:
            continue
        for p in entries:
            if is_temp_name(p.name, owner) and p.is_file():
                with contextlib.suppress(OSError):
                    p.unlink()
                    removed.append(p)
    return removed


# --- Restore --------------------------------------------------------------------------------


def _ro_connect(path: Path, key: str | None = None) -> Any:
    wal = Path(str(path) + "-wal")
    immutable = not (wal.exists() and wal.stat().st_size > 0)
    conn = sqlite_driver.connect(readonly_uri(path, immutable), uri=True)
    try:
        quiet_cipher_log(conn)
        key_connection(conn, key)
        conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


def _probe_candidate(
    path: Path, migrations_dir: Path, passphrase: str | None = None
) -> tuple[int, str | None]:
    """The candidate's schema version and the passphrase that opens it (None: plain).

    Raises DatabaseEncrypted when it is encrypted, no `passphrase` was given and the
    database's does not open it (ask for one); WrongPassphrase when neither the one given nor
    the database's opens it; DatabaseRefused when it is not a Desktop CRM database.
    """
    if not path.exists():
        raise Refused(f"{path} does not exist.")
    key: str | None = None
    if is_encrypted_file(path):
        # A database file is whole pages (512 bytes or a larger power of two); anything else
        # is a text or other file, to be refused as such rather than asked a passphrase for.
        if path.stat().st_size % 512:
            raise DatabaseRefused(
                f"{path} is not a database file (not a Desktop CRM backup). It was not changed."
            )
        for key in _keys_to_try(passphrase):
            try:
                found = probe_file(path, migrations_dir, key)
                break
            except WrongPassphrase:
                continue
        else:
            if passphrase:
                raise WrongPassphrase(
                    f"The passphrase given does not open {path} (or it is not a database "
                    "file). It was not changed."
                )
            if current_passphrase():
                raise DatabaseEncrypted(
                    f"{path} is encrypted with a passphrase other than the database's (or it "
                    "is not a database file): give the passphrase it was made with. It was not "
                    "changed."
                )
            raise DatabaseEncrypted(
                f"{path} is encrypted (or it is not a database file): give the passphrase it "
                "was made with. It was not changed."
            )
    else:
        found = probe_file(path, migrations_dir)
    if not found.exists:
        raise Refused(f"{path} does not exist.")
    if found.adopt_empty:
        raise DatabaseRefused(f"{path} is an empty database, not a Desktop CRM backup.")
    return found.version, key


def _damaged(path: Path, problem: str) -> DatabaseRefused:
    return DatabaseRefused(
        f"{path} is damaged ({problem}), so it was not restored. The database and the file "
        "were not changed."
    )


def verify_candidate(
    path: Path, migrations_dir: Path = MIGRATIONS_DIR, *, passphrase: str | None = None
) -> int:
    """Check that `path` is a sound Desktop CRM database; return its schema version.

    For a Backups page to check a file before asking to confirm a restore (restore_backup
    checks its own copy). An encrypted file opens with `passphrase` or the database's. Raises
    DatabaseRefused (not ours, empty, newer, or damaged), DatabaseEncrypted (ask for the
    passphrase it was made with) or WrongPassphrase (`passphrase` does not open it); the file
    is not changed.
    """
    version, key = _probe_candidate(path, migrations_dir, passphrase)
    try:
        conn = _ro_connect(path, key)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite_driver.DatabaseError as exc:
        result = [str(exc)]
    if result != ["ok"]:
        raise _damaged(path, result[0])
    return version


def _copy_database(
    source: Path,
    target: Path,
    *,
    source_key: str | None = None,
    target_key: str | None = None,
    stage_beside: Path | None = None,
) -> None:
    """Copy a database file (with its WAL, if any) to `target`, keyed with `target_key` (None:
    plain), and check the copy.

    The backup API copies pages, from one key to another too; a damaged source gives a damaged
    copy, so the copy's check is also the source's. Between a plain and an encrypted file the
    backup API refuses: the source is then copied page by page under its own key to a stage
    file (temporary, beside `stage_beside`) and checked there, and the stage is re-written
    into `target` with sqlcipher_export and checked again.

    Raises DatabaseRefused when the source is damaged, CrmError (DiskFull…) when the copy
    could not be written.
    """
    if bool(source_key) == bool(target_key):
        _copy_pages(source, source_key, target, target_key)
        return
    try:
        stage = temp_path_for(stage_beside or target)
    except OSError as exc:
        raise translate_os_error(exc, target) from exc
    try:
        _copy_pages(source, source_key, stage, source_key)
        try:
            export_database(stage, source_key, target, target_key)
            conn = sqlite_driver.connect(str(target), isolation_level=None)
            try:
                quiet_cipher_log(conn)
                key_connection(conn, target_key)
                conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
                result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            finally:
                conn.close()
        except sqlite_driver.DatabaseError as exc:
            raise _typed(exc, f"the copy of {source} could not be re-written") from exc
        if result != ["ok"]:
            raise CrmError(
                f"Restore failed: the re-written copy of {source} failed its check "
                f"({result[0]}). Nothing was changed."
            )
        fsync_file(target)
    finally:
        remove_with_sidecars(stage)


def _copy_pages(source: Path, source_key: str | None, target: Path, target_key: str | None) -> None:
    """_copy_database through the backup API (both plain, or both encrypted)."""
    try:
        src = _ro_connect(source, source_key)
        try:
            dest = sqlite_driver.connect(str(target), isolation_level=None)
            try:
                quiet_cipher_log(dest)
                key_connection(dest, target_key)
                src.backup(dest)
                dest.execute(f"PRAGMA cache_size = {CACHE_KIB}")
                dest.execute("PRAGMA journal_mode = delete")
                result = [r[0] for r in dest.execute("PRAGMA integrity_check").fetchall()]
            finally:
                dest.close()
        finally:
            src.close()
    except sqlite_driver.DatabaseError as exc:
        typed = translate_error(exc)
        if isinstance(typed, CrmError) and not typed.message.startswith("The database file is"):
            raise typed from exc
        raise _damaged(source, str(exc)) from exc
    if result != ["ok"]:
        raise _damaged(source, result[0])
    fsync_file(target)


def _keep_as_backup(pre: Path, live: Path, now: datetime, key: str | None) -> BackupInfo | None:
    """The pre-restore copy also goes into the backup folder, as a `before-restore` backup.

    A copy, verified, not a hard link: someone opening `<db>.pre-restore` with the program
    would otherwise change the backup too. It keeps the database's passphrase `key`.
    """
    folder = default_backup_dir(live)
    try:
        if not folder.exists():
            folder.mkdir()
            if os.name == "posix":
                os.chmod(folder, 0o700)
        target = new_backup_path(folder, live, "before-restore", now)
        tmp = temp_path_for(target)
        try:
            _copy_database(pre, tmp, source_key=key, target_key=key)
            os.replace(tmp, target)
        finally:
            remove_with_sidecars(tmp)
        fsync_dir(folder)
    except (OSError, CrmError, sqlite_driver.DatabaseError):
        return None  # the pre-restore copy beside the database is the safety net that counts
    return read_backup_info(target)


def _detach_live(live: Path) -> None:
    """Leave the live database as one self-contained file and close it.

    Switching the journal to DELETE checkpoints the whole WAL into the main file and removes
    the -wal safely (SQLite does it, crash-safe); it fails if another connection is open.
    """
    mode = db.execute_sql("PRAGMA journal_mode = delete").fetchone()[0]
    if str(mode).lower() != "delete":
        raise DatabaseBusy(
            "The database is still in use by another window or job; close it and try the "
            "restore again. Nothing was changed."
        )
    close_database()
    wal = Path(str(live) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseBusy(
            "The database is still in use by another program; close it and try the restore "
            "again. Nothing was changed."
        )
    for side in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(live) + side).unlink()


def restore_backup(
    candidate: str | Path,
    *,
    now: datetime,
    migrations_dir: Path = MIGRATIONS_DIR,
    passphrase: str | None = None,
) -> RestoreResult:
    """Replace the open database by the backup `candidate` (never prompts).

    The candidate must be ours and not newer; it is copied beside the live file and the copy
    must pass integrity_check (a damaged candidate gives a damaged copy): otherwise nothing
    changes and DatabaseRefused says why. Then the live database is kept as `<db>.pre-restore`
    (and as a `before-restore` backup), and the copy is renamed over it in one atomic step.
    The database is then reopened, and an older schema is migrated. A SIGKILL at any moment
    leaves either the old or the restored data, never a mix. When a step after the rename fails
    (syncing the folder, reopening, migrating), the data from before is put back and reopened
    (RestoreTakenBack); if even that fails, RestoreUnfinished says which data is open, if any,
    and where the data from before is kept.

    The restored data keeps the database's current protection: it is encrypted with the
    database's passphrase, or plain when the database is plain. An encrypted candidate opens
    with `passphrase` (the one it was made with) or the database's; otherwise
    DatabaseEncrypted (none given) or WrongPassphrase, and nothing changes.
    """
    live = current_path()
    live_key = current_passphrase()
    if read_only_reason() is not None:
        raise DatabaseReadOnly(
            f"The database is open read-only ({read_only_reason()}); it cannot be restored."
        )
    if db.in_transaction():
        raise RuntimeError("restore outside a transaction")
    source = Path(candidate).expanduser()
    if not source.is_file():
        raise Refused(f"{source} does not exist or is not a file. Nothing was changed.")
    if source.resolve() == live.resolve():
        raise Refused(f"{source} is the open database itself. Nothing was changed.")
    from_version, source_key = _probe_candidate(source, migrations_dir, passphrase)
    crash_point("restore:after_verify")
    tmp = temp_path_for(live)
    pre = Path(str(live) + PRE_RESTORE_SUFFIX)
    swapped = False
    try:
        try:
            # Under the database's key, and checked: a damaged file is refused here.
            _copy_database(source, tmp, source_key=source_key, target_key=live_key,
                           stage_beside=live)  # fmt: skip
            _keep_lock(tmp, live_key)
        except OSError as exc:
            raise translate_os_error(exc, tmp) from exc
        crash_point("restore:after_copy")
        try:
            backup_to(pre)
        except CrmError as exc:
            # A damaged database is what a restore is there to mend: it cannot be copied as a
            # checked backup, so its bytes are kept as they are (as `_keep_as_backup` then
            # refuses to keep them under a backup name, the check failing).
            if not exc.message.startswith(_DAMAGED_DATABASE):
                raise
            _keep_damaged(live, pre)
        before = _keep_as_backup(pre, live, now, live_key)
        crash_point("restore:after_pre_restore")
        try:
            _detach_live(live)
            crash_point("restore:after_detach")
            os.replace(tmp, live)
            swapped = True
            fsync_dir(live.parent)
            crash_point("restore:after_swap")
            open_database(live, migrations_dir=migrations_dir, passphrase=live_key)
        except OSError as exc:
            raise translate_os_error(exc, live) from exc
        except peewee.DatabaseError as exc:
            if swapped:
                raise _reopen_error(exc) from exc
            raise _typed(exc, "the database could not be switched over") from exc
    except BaseException as exc:
        if not swapped:  # the old database is untouched: open it again and report
            with contextlib.suppress(CrmError, peewee.DatabaseError):
                open_database(live, migrations_dir=migrations_dir, passphrase=live_key)
        elif isinstance(exc, Exception):
            _take_back(exc, pre, live, live_key, migrations_dir)  # raises
        raise
    finally:
        remove_with_sidecars(tmp)
    crash_point("restore:after_reopen")
    return RestoreResult(source, pre, before, from_version, schema_version())


# How db.damaged_database begins: the open database itself is damaged.
_DAMAGED_DATABASE = "The database file is damaged ("


def _keep_damaged(live: Path, pre: Path) -> None:
    """Keep the bytes of a damaged live database as the pre-restore copy, as they are.

    The WAL is checkpointed first (it only copies pages, which damage does not stop), so the
    file holds what the database held; written to a temporary name and renamed, as a backup.
    """
    with contextlib.suppress(peewee.DatabaseError):
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        tmp = temp_path_for(pre)  # private (0600), as the database file is
    except OSError as exc:
        raise translate_os_error(exc, pre) from exc
    try:
        with tmp.open("wb") as out, live.open("rb") as source:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, pre)
        fsync_dir(pre.parent)
    except OSError as exc:
        raise translate_os_error(exc, pre) from exc
    finally:
        remove_with_sidecars(tmp)


def _keep_lock(copy: Path, key: str | None) -> None:
    """Give the restored copy the app lock the database has now (password, idle minutes), as
    it keeps its encryption: the backup's older password or lock setting does not come back."""
    from desktop_crm.services.applock import KEY

    row = db.execute_sql("SELECT value FROM setting WHERE key = ?", [KEY]).fetchone()
    conn = sqlite_driver.connect(str(copy), isolation_level=None)
    try:
        quiet_cipher_log(conn)
        key_connection(conn, key)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM setting WHERE key = ?", (KEY,))
        if row is not None:
            conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (KEY, row[0]))
        conn.execute("COMMIT")
    except sqlite_driver.DatabaseError as exc:
        raise _typed(exc, f"the copy of the backup at {copy} could not be written") from exc
    finally:
        conn.close()


def _reopen_error(exc: peewee.DatabaseError) -> CrmError:
    typed = translate_error(exc)
    if isinstance(typed, CrmError):
        return typed
    return CrmError(f"The restored database could not be opened ({exc}).")


# What a message says of the data when its step is the whole story: after the swap it is
# not (the upgrade's tails speak of the restored copy, which is put aside).
_NOTHING_CHANGED = re.compile(
    r"( Nothing was changed\.| Nothing was written\.| It was not changed\.| The database is "
    r"as it was\.)$"
)


def _problem_text(exc: BaseException) -> str:
    text = exc.message if isinstance(exc, CrmError) else f"{type(exc).__name__}: {exc}"
    text = _NOTHING_CHANGED.sub("", text).rstrip()
    return text if text.endswith((".", "。")) else text + "."


def _take_back(
    problem: Exception, pre: Path, live: Path, key: str | None, migrations_dir: Path
) -> None:
    """A step after the swap failed: put the data from before back and open it, so that the
    merchant's data is as it was (RestoreTakenBack). When that fails too, RestoreUnfinished
    says which data is open, if any, and where the data from before is kept. Always raises."""
    with contextlib.suppress(CrmError, peewee.DatabaseError):
        close_database()
    put_back = False
    with contextlib.suppress(Exception):
        _put_back(pre, live)
        put_back = True
        with contextlib.suppress(OSError):
            fsync_dir(live.parent)
    opened = False
    for _attempt in range(2):  # a disk that erred once may answer the next time
        try:
            with contextlib.suppress(CrmError, peewee.DatabaseError):
                close_database()
            open_database(live, migrations_dir=migrations_dir, passphrase=key)
        except Exception:  # noqa: BLE001 - the first problem is the one to report
            continue
        opened = True
        break
    if opened and put_back:
        if not isinstance(problem, CrmError):
            raise problem  # a bug: the excepthook logs it; the data is as it was
        raise RestoreTakenBack(
            f"{_problem_text(problem)} The restore was taken back: your data is as it was."
        ) from problem
    kept = f"Your data from before the restore is kept as {pre}."
    if opened:
        raise RestoreUnfinished(
            f"The backup was restored, but a step after it failed: {_problem_text(problem)} "
            + kept,
            database_open=True,
        ) from problem
    raise RestoreUnfinished(
        f"The database could not be opened after the restore: {_problem_text(problem)} " + kept,
        database_open=False,
    ) from problem


def _put_back(pre: Path, live: Path) -> None:
    """Copy the data kept before a restore back under the database's name, atomically; the
    restored data's -wal and -shm go first, as they belong to it."""
    tmp = temp_path_for(live)  # private, as the database file is
    try:
        with tmp.open("wb") as out, pre.open("rb") as kept:
            shutil.copyfileobj(kept, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        for side in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(live) + side).unlink()
        os.replace(tmp, live)
    finally:
        remove_with_sidecars(tmp)


def _typed(exc: BaseException, what: str) -> CrmError:
    typed = translate_error(exc)
    if isinstance(typed, CrmError):
        return typed
    return CrmError(f"Restore failed: {what} ({exc}). Nothing was changed.")


# --- `python -m desktop_crm.services.backup` (tests and scripts; the CLI wires the same) -------


def main(argv: Sequence[str] | None = None) -> int:
    """backup [--out FILE] | restore FILE | list, on `--db PATH`, as the CLI will do them."""
    from desktop_crm.services.instance import hold_database_lock

    parser = argparse.ArgumentParser(prog="python -m desktop_crm.services.backup")
    parser.add_argument("command", choices=["backup", "restore", "list", "due"])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--db", required=True)
    parser.add_argument("--out")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    path = Path(args.db)
    now = datetime.now().replace(microsecond=0)
    try:
        with hold_database_lock(path, f"cli {args.command}"):
            cleanup_temp_files(path)
            open_database(path, create=False)
            if args.command == "backup":
                done = backup_to_path(args.out, now=now) if args.out else None
                if done is None:
                    done = make_backup("manual", now=now).path
                print(done)
            elif args.command == "restore":
                if not args.file:
                    parser.error("restore needs FILE")
                result = restore_backup(args.file, now=now)
                print(f"restored {result.restored}; the previous data is in {result.pre_restore}")
            elif args.command == "due":
                info = backup_if_due(now)
                print(info.path if info else "not due")
            else:
                for b in list_backups():
                    row = {
                        "file": b.name,
                        "time": b.time.isoformat(" "),
                        "reason": b.reason,
                        "size": b.size,
                        "customers": b.customers,
                        "orders": b.orders,
                    }
                    print(json.dumps(row, ensure_ascii=False) if args.json else row)
    except CrmError as exc:
        sys.stderr.write(f"desktop-crm: {exc.message}\n")
        return exc.exit_code
    except Exception as exc:
        typed = translate_error(exc)
        if isinstance(typed, CrmError):
            sys.stderr.write(f"desktop-crm: {typed.message}\n")
            return typed.exit_code
        raise
    finally:
        close_database()
    return 0


if __name__ == "__main__":
    from desktop_crm.services.backup import main as _main  # the module, not a __main__ copy

    sys.exit(_main())
