"""Opening the SQLite file: probe, pragmas, migrations, and the errors that come from storage.

Everything SQLite-specific lives here (driver, pragmas, the backup API, raw bulk writes), so a
PostgreSQL backend can later stand beside it without touching services or views (DESIGN §2).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee
from playhouse import migrations as pw_migrations
from sqlcipher3 import dbapi2 as sqlite_driver

from desktop_crm.errors import (
    CrmError,
    DatabaseBusy,
    DatabaseEncrypted,
    DatabaseNewer,
    DatabaseReadOnly,
    DatabaseRefused,
    DiskFull,
    Refused,
    WrongPassphrase,
)
from desktop_crm.faults import crash_point

# "DCRM" — written to the SQLite header at offset 68 so our files are recognised without
# running any SQL, and other programs' files are refused before a pragma touches them.
APPLICATION_ID = 0x4443524D
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HISTORY_TABLE = "schema_migration"
BUSY_TIMEOUT_S = 5
CACHE_KIB = -65536  # PRAGMA cache_size: 64 MB (connections, and checks of backup copies)
# WAL-reset race fixed in 3.51.3 (DESIGN §2); tests/unit/test_db.py asserts the linked version.
MIN_SQLITE = (3, 51, 3)

# Backups are named `<db stem>.<YYYYMMDD-HHMMSS>[-n].<reason>.db` (e.g.
# `crm.20261122-103000.auto.db`). Rotation only ever deletes names of exactly this shape, so a
# file the user put into the folder (`crm.20240101.db`) is never touched (GnuCash lesson).
BACKUP_TIME_FORMAT = "%Y%m%d-%H%M%S"
BACKUP_NAME_RE = re.compile(
    r"^(?P<stem>.+)\.(?P<time>\d{8}-\d{6})(?:-(?P<seq>[1-9]\d{0,3}))?"
    r"\.(?P<reason>[a-z][a-z0-9-]{0,47})\.db$"
)
BACKUP_REASON_RE = re.compile(r"^[a-z][a-z0-9-]{0,47}$")
# Temporary files of a backup or restore in progress: `.<final name>.<random>.tmp` plus the
# sidecars SQLite may give them. Removed at the next start (cleanup_temp_files).
TEMP_SUFFIX = ".tmp"
_SIDECARS = ("-journal", "-wal", "-shm")

# The driver's default adapters are deprecated upstream; register explicit ones so every
# stored time has one text form ('YYYY-MM-DD HH:MM:SS', local store time).
sqlite_driver.register_adapter(_dt.datetime, lambda v: v.isoformat(" ", "seconds"))
sqlite_driver.register_adapter(_dt.date, lambda v: v.isoformat())


def quiet_cipher_log(conn: Any) -> None:
    """SQLCipher prints decryption failures to stderr; our errors are one clear line instead."""
    with contextlib.suppress(sqlite_driver.DatabaseError):
        conn.execute("PRAGMA cipher_log_level = NONE")


def key_connection(conn: Any, passphrase: str | None) -> None:
    """Give a fresh connection the passphrase of an encrypted file (nothing for None)."""
    if passphrase:
        quoted = passphrase.replace("'", "''")
        conn.execute(f"PRAGMA key = '{quoted}'")


class CrmDatabase(peewee.SqliteDatabase):
    """peewee's SqliteDatabase on the sqlcipher3 driver (SQLite 3.53 with FTS5, backup API)."""

    server_version = sqlite_driver.sqlite_version_info

    def _connect(self) -> Any:
        params = dict(self.connect_params)
        passphrase = params.pop("passphrase", None)
        conn = sqlite_driver.connect(
            self.database, timeout=self._timeout, isolation_level=None, **params
        )
        try:
            quiet_cipher_log(conn)
            key_connection(conn, passphrase)
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn

    def rollback(self) -> None:
        try:
            super().rollback()
        except (peewee.OperationalError, sqlite_driver.OperationalError) as exc:
            if not _NO_TRANSACTION.search(str(exc)):
                raise
            # SQLite rolled the transaction back itself (a full disk, an I/O error): the error
            # that made it do so is the one to report, not this one.

    def execute_sql(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().execute_sql(sql, params, *args, **kwargs)
        except (peewee.OperationalError, sqlite_driver.OperationalError) as exc:
            # peewee rolls a savepoint back by SQL; after SQLite's own rollback of the whole
            # transaction there is none left to roll back to (see rollback above).
            if sql.startswith("ROLLBACK TO SAVEPOINT") and _NO_SAVEPOINT.search(str(exc)):
                return None
            raise


_NO_TRANSACTION = re.compile(r"no transaction is active", re.I)
_NO_SAVEPOINT = re.compile(r"no such savepoint", re.I)


# Writes take the lock up front (BEGIN IMMEDIATE): a deferred transaction that reads first and
# writes later can fail with SQLITE_BUSY_SNAPSHOT under WAL instead of waiting.
db = CrmDatabase(None, lock_type="IMMEDIATE")

PRAGMAS: list[tuple[str, Any]] = [
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "full"),
    ("busy_timeout", BUSY_TIMEOUT_S * 1000),
    # 64 MB of page cache: bulk index inserts of a 100k-row import stay in memory.
    ("cache_size", CACHE_KIB),
]


@dataclass(frozen=True, slots=True)
class Probe:
    """What a read-only look at a file found, before anything may write to it."""

    path: Path
    exists: bool
    version: int = 0
    adopt_empty: bool = False


# Why the open database is read-only (None when it is writable); the GUI shows it as a notice.
_read_only_reason: str | None = None
# The file open_database() opened last (backups and restore need its path, not its URI).
_open_path: Path | None = None


def head_version(directory: Path = MIGRATIONS_DIR) -> int:
    """The schema version this program writes: the number of its newest migration."""
    return max((m.idx for m in pw_migrations.Migration.load_directory(str(directory))), default=0)


def readonly_uri(path: Path, immutable: bool) -> str:
    """A `mode=ro` URI for `path` (`immutable=1`: SQLite creates no -shm and takes no lock)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def probe_file(
    path: Path, migrations_dir: Path = MIGRATIONS_DIR, passphrase: str | None = None
) -> Probe:
    """Look at `path` without changing a byte; raise DatabaseRefused when it is not ours.

    A WAL-mode file is opened with `immutable=1` when it has no -wal file, so even the -shm
    sidecar is not created next to a file we refuse.
    """
    if not path.exists():
        return Probe(path, exists=False)
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a folder, not a database file.")
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseRefused(f"{path} cannot be read: {exc.strerror}.") from exc
    if not header:
        raise DatabaseRefused(
            f"{path} is an empty file, not a Desktop CRM database. It was not changed."
        )
    if not header.startswith(SQLITE_MAGIC) and not passphrase:
        raise DatabaseEncrypted(
            f"{path} is not a plain database file: it is either an encrypted Desktop CRM "
            "database (give its passphrase) or a text or other kind of file. It was not changed."
        )
    if header.startswith(SQLITE_MAGIC):
        passphrase = None  # a plain file: a passphrase would make SQLite read it as garbage
    wal = Path(str(path) + "-wal")
    immutable = not (wal.exists() and wal.stat().st_size > 0)
    try:
        conn = sqlite_driver.connect(readonly_uri(path, immutable), uri=True)
        try:
            quiet_cipher_log(conn)
            key_connection(conn, passphrase)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
        finally:
            conn.close()
    except sqlite_driver.DatabaseError as exc:
        if passphrase:
            raise WrongPassphrase(
                f"The passphrase does not open {path} (or it is not a database). "
                "It was not changed."
            ) from exc
        raise DatabaseRefused(
            f"{path} cannot be opened as a database ({exc}). It was not changed."
        ) from exc
    if app_id == APPLICATION_ID:
        head = head_version(migrations_dir)
        if version > head:
            raise DatabaseNewer(str(path), version, head)
        return Probe(path, exists=True, version=version)
    if app_id == 0 and not tables:
        return Probe(path, exists=True, adopt_empty=True)
    raise DatabaseRefused(
        f"{path} belongs to another program (an SQLite database that is not Desktop CRM's). "
        "It was not changed."
    )


def current_passphrase() -> str | None:
    """The passphrase the open database was opened with (None: a plain file)."""
    value = db.connect_params.get("passphrase") if db.database else None
    return str(value) if value else None


def is_encrypted_file(path: Path) -> bool:
    """A non-empty file that does not start with the plain SQLite header."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return bool(head) and head != SQLITE_MAGIC


def default_data_dir() -> Path:
    """The per-user data folder (DESKTOP_CRM_DATA_DIR overrides it, e.g. in tests)."""
    override = os.environ.get("DESKTOP_CRM_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs  # only needed for the default location

    return Path(platformdirs.user_data_dir("desktop-crm", appauthor=False))


def default_db_path() -> Path:
    """Where the merchant's own database lives when no --db is given."""
    return default_data_dir() / "crm.db"


def ensure_private_dir(folder: Path) -> None:
    """Create the default data folder as 0700 (a folder the user chose is left as it is)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, 0o700)
    except OSError as exc:
        raise CrmError(
            f"Desktop CRM wanted to keep its data in {folder} but cannot write there "
            f"({exc.strerror}). Choose another place with --db PATH."
        ) from exc


def _create_private_file(path: Path) -> None:
    # SQLite gives -wal and -shm the permissions of the main file, so 0600 here covers them.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise CrmError(f"Cannot create the database {path}: {exc.strerror}.") from exc
    os.close(fd)


def _make_private(path: Path) -> None:
    if os.name != "posix":
        return
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        with contextlib.suppress(OSError):
            if p.exists() and stat.S_IMODE(p.stat().st_mode) & 0o077:
                os.chmod(p, 0o600)


class _Runner(pw_migrations.Runner):
    """peewee's runner, also stamping PRAGMA user_version with each migration. `_migrate` runs
    all of an upgrade's migrations in one transaction (each is a savepoint within it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.done: list[str] = []  # the steps run so far (a failed one is the next)

    def _run(self, name: str, module: Any, direction: str, fake: bool = False) -> None:
        # A table rebuild renames a temporary copy over the original; with the modern rename
        # SQLite re-checks every trigger that names the table mid-rebuild and fails. The legacy
        # rename leaves triggers alone, and they are valid again once the rebuild is done.
        self.database.execute_sql("PRAGMA legacy_alter_table = ON")
        try:
            crash_point("migrate:before_step")
            with self.migrator.migration_context(getattr(module, "atomic", True)):
                triggers = self._triggers()
                getattr(module, direction)(self.migrator, self.database)
                self._restore_triggers(triggers, set(getattr(module, "DROPPED_TRIGGERS", ())))
                self.History.create(name=name)
                idx = pw_migrations._index(name)
                self.database.execute_sql(f"PRAGMA user_version = {int(idx)}")
            self.done.append(name)
            crash_point("migrate:between_steps")
        finally:
            self.database.execute_sql("PRAGMA legacy_alter_table = OFF")

    def _triggers(self) -> dict[str, tuple[str, str]]:
        rows = self.database.execute_sql(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        return {name: (table, sql) for name, table, sql in rows}

    def _restore_triggers(self, before: dict[str, tuple[str, str]], dropped: set[str]) -> None:
        # Rebuilding a table (peewee's way to change a column on SQLite) drops the triggers
        # defined on it. Put back every one the migration did not declare in DROPPED_TRIGGERS.
        now = self._triggers()
        tables = set(self.database.get_tables())
        for name, (table, sql) in before.items():
            if name not in now and name not in dropped and table in tables:
                self.database.execute_sql(sql)


def pending_migrations(directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Names of the migrations not yet applied to the open database.

    Raises DatabaseNewer when the history names a migration this program does not have.
    """
    runner = _Runner(db, str(directory), table_name=HISTORY_TABLE)
    status = runner.status()
    unknown = [m.name for m in status if m.path is None]
    if unknown:
        newest = max(pw_migrations._index(n) for n in unknown)
        raise DatabaseNewer(str(db.database), newest, head_version(directory))
    return [m.name for m in status if not m.applied]


def _migrate(directory: Path) -> list[str]:
    runner = _Runner(db, str(directory), table_name=HISTORY_TABLE)
    pending = [m.name for m in runner.status() if not m.applied]
    # A table rebuild drops the old table: with foreign keys enforced that would delete (ON
    # DELETE CASCADE) every child row. The pragma works only outside a transaction, so it is
    # set around the whole upgrade, as peewee's migration_context does around one step.
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        # One transaction for the whole upgrade: killed or failed anywhere, the file is the old
        # version as it was, never one between (an older program refuses a file it calls newer).
        with db.atomic():
            applied = runner.up()
            crash_point("migrate:before_commit")
        crash_point("migrate:after_commit")
        return applied
    except Exception as exc:
        # The step that failed; none when the commit of them all did (a full disk shows there).
        step = f" at step {pending[len(runner.done)]}" if len(runner.done) < len(pending) else ""
        cause = translate_error(exc)
        if isinstance(cause, DiskFull):
            why = "the disk is full; free some space."
        else:
            why = cause.message if isinstance(cause, CrmError) else str(exc)
        raise CrmError(
            f"Upgrading the database failed{step}: {why} The database is as it was."
        ) from exc
    finally:
        with contextlib.suppress(peewee.DatabaseError):
            db.execute_sql("PRAGMA foreign_keys = ON")


def follow_links(path: str | Path) -> Path:
    """`path` with symbolic links resolved (of the file or a folder on the way), so that the
    lock, the backup folder and a restore's target are the real file's, never a link's (a
    restore would otherwise replace the link by a file). A path without links stays as typed.
    """
    path = Path(path).expanduser()
    real = os.path.realpath(path)
    return Path(real) if real != os.path.abspath(path) else path


def open_database(
    path: str | Path,
    *,
    create: bool = True,
    readonly: bool = False,
    migrations_dir: Path = MIGRATIONS_DIR,
    backup_dir: Path | None = None,
    passphrase: str | None = None,
    keep_journal: bool = False,
) -> Path:
    """Open (or create) the database at `path` and bring its schema to the newest version.

    `keep_journal`: leave the file's journal mode as it is (a command that only reads: a
    backup, written in rollback-journal mode, is not turned into a live WAL database).

    `passphrase` opens an encrypted database (SQLCipher); a plain one ignores it. A path through
    a symbolic link opens (and returns) the real file (follow_links).

    The file is probed read-only first; anything that is not ours is refused byte-identical.
    Before migrating an existing file, a verified copy is written to `backup_dir` (default: the
    backup folder, named like every other backup, reason `before-migration-v<N>`).

    A file that cannot be written (a read-only file, or a folder where SQLite cannot create its
    -wal/-shm files) is opened read-only instead of failing obscurely; `read_only_reason()`
    then says why, for a visible notice. Writes give DatabaseReadOnly.
    """
    global _read_only_reason, _open_path
    path = follow_links(path)
    close_database()
    _read_only_reason = None
    _open_path = None
    found = probe_file(path, migrations_dir, passphrase)
    if found.exists and not is_encrypted_file(path):
        passphrase = None
    notice: str | None = None
    if not found.exists:
        if not create:
            raise DatabaseRefused(f"{path} does not exist.")
        if readonly:
            raise DatabaseRefused(f"{path} does not exist (cannot create it read-only).")
        if not path.parent.exists():
            raise Refused(f"The folder {path.parent} does not exist.")
        _create_private_file(path)
    elif not readonly:
        notice = unwritable_reason(path)
        readonly = notice is not None
    if readonly:
        _open_read_only(path, found, migrations_dir, passphrase)
        _read_only_reason = notice or "it was opened read-only on request"
        _open_path = path
        return path
    pragmas = PRAGMAS
    if keep_journal and found.exists:
        pragmas = [(k, v) for k, v in PRAGMAS if k != "journal_mode"]
    db.init(str(path), pragmas=pragmas, timeout=BUSY_TIMEOUT_S, passphrase=passphrase)
    try:
        db.connect()
        _make_private(path)
        is_new = not found.exists or found.adopt_empty
        if is_new:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        pending = pending_migrations(migrations_dir)
        if pending and found.exists and not found.adopt_empty and found.version > 0:
            folder = backup_dir or default_backup_dir(path)
            reason = f"before-migration-v{head_version(migrations_dir)}"
            target = new_backup_path(folder, path, reason, _dt.datetime.now())
            backup_to(target, private=backup_dir is None)
        if pending:
            _migrate(migrations_dir)
        _open_path = path
    except peewee.DatabaseError as exc:
        close_database()
        raise translate_error(exc) from exc
    except BaseException:
        close_database()
        raise
    return path


def _open_read_only(
    path: Path, found: Probe, migrations_dir: Path, passphrase: str | None = None
) -> None:
    if found.adopt_empty:
        raise DatabaseReadOnly(
            f"{path} is an empty database file and cannot be written, so it cannot be set up."
        )
    head = head_version(migrations_dir)
    if found.version < head:
        raise DatabaseReadOnly(
            f"{path} needs an upgrade (schema version {found.version} to {head}) but it cannot "
            "be written. Copy it to a folder you can write to and open the copy."
        )
    # In a folder where nobody can write, no -wal can appear: read the file as immutable, so
    # SQLite does not need to create a -shm next to it either.
    wal = Path(str(path) + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    immutable = not has_wal and not _writable(path.parent)
    db.init(
        readonly_uri(path, immutable),
        pragmas=[("foreign_keys", 1), ("query_only", 1)],
        timeout=BUSY_TIMEOUT_S,
        uri=True,
        passphrase=passphrase,
    )
    try:
        db.connect()
    except peewee.DatabaseError as exc:
        close_database()
        raise translate_error(exc) from exc


def _writable(path: Path) -> bool:
    # Its own function so tests (which run as root, where chmod stops nothing) can replace it.
    return os.access(path, os.W_OK)


def unwritable_reason(path: Path) -> str | None:
    """Why the database at `path` cannot be written, or None when it can."""
    if not _writable(path):
        return f"the file {path} is read-only"
    if not _writable(path.parent):
        return (
            f"the folder {path.parent} cannot be written (SQLite keeps its -wal and -shm files "
            "next to the database)"
        )
    return None


def current_path() -> Path:
    """The database file that is open now.

    Raises:
        CrmError: no database is open.
    """
    if _open_path is None or db.database is None:
        raise CrmError("No database is open.")
    return _open_path


def read_only_reason() -> str | None:
    """Why the open database is read-only (for a visible notice), or None when writable."""
    return _read_only_reason if not db.is_closed() else None


def require_writable() -> None:
    """Refuse a change up front (before reading a file or making a backup for it) when the
    open database is read-only.

    Raises:
        DatabaseReadOnly: with the same words as a write that failed on it.
    """
    reason = read_only_reason()
    if reason is not None:
        raise DatabaseReadOnly(_read_only_message())


def _read_only_message() -> str:
    why = f" ({_read_only_reason})" if _read_only_reason else ""
    return f"The database is open read-only{why}: nothing can be changed."


def default_backup_dir(db_path: Path) -> Path:
    """Backups sit beside the database in `<key>-backups/`, named `<key>.<time>.<reason>.db`.

    The key (backup_key) is one per file name, so two database files in one
    folder never share a backup folder nor, in a folder of their choice, backup names:
    - `<name>.db`, the usual case, has the key `<name>`: `crm.db` → `crm-backups/crm.….db`;
    - any other file name, and `<name>.db` whose `<name>` ends with `~`, has its whole file
      name followed by `~`: `shop.old` → `shop.old~-backups/shop.old~.….db`, `crm` (no
      suffix) → `crm~-backups/crm~.….db`, `crm~.db` → `crm~.db~-backups/`.
    Keys of the first kind never end with `~`, those of the second always do, and within each
    kind different file names give different keys.
    """
    name = db_path.name
    stem = name[: -len(".db")] if name.endswith(".db") else ""
    key = stem if stem and not stem.endswith("~") else f"{name}~"
    return db_path.parent / f"{key}-backups"


@dataclass(frozen=True, slots=True)
class BackupName:
    """The parts of a backup file name that follows our pattern."""

    stem: str
    time: _dt.datetime
    seq: int
    reason: str


def backup_file_name(stem: str, reason: str, when: _dt.datetime, seq: int = 0) -> str:
    """`<stem>.<YYYYMMDD-HHMMSS>[-seq].<reason>.db`."""
    if not BACKUP_REASON_RE.match(reason):
        raise ValueError(f"backup reason {reason!r} must match {BACKUP_REASON_RE.pattern}")
    stamp = when.strftime(BACKUP_TIME_FORMAT) + (f"-{seq}" if seq else "")
    return f"{stem}.{stamp}.{reason}.db"


def parse_backup_name(name: str) -> BackupName | None:
    """The parts of `name` when it follows our backup pattern, else None (not ours)."""
    m = BACKUP_NAME_RE.match(name)
    if not m:
        return None
    try:
        when = _dt.datetime.strptime(m["time"], BACKUP_TIME_FORMAT)
    except ValueError:
        return None
    return BackupName(m["stem"], when, int(m["seq"] or 0), m["reason"])


def backup_key(db_path: Path) -> str:
    """The key naming the backups of the database file `db_path` (default_backup_dir)."""
    return default_backup_dir(Path(db_path)).name.removesuffix("-backups")


def new_backup_path(folder: Path, db_path: Path, reason: str, when: _dt.datetime) -> Path:
    """A backup path in `folder` for `db_path` that no file uses yet."""
    key = backup_key(db_path)
    for seq in range(10_000):
        candidate = folder / backup_file_name(key, reason, when, seq)
        if not candidate.exists():
            return candidate
    raise CrmError(f"Too many backups named for {when:%Y-%m-%d %H:%M:%S} in {folder}.")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush `path` to the disk."""
    with open(path, "r+b") as fh:
        os.fsync(fh.fileno())


def remove_with_sidecars(path: Path) -> None:
    """Delete `path` and any -journal/-wal/-shm SQLite left beside it."""
    for p in (path, *(Path(str(path) + s) for s in _SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def temp_path_for(target: Path) -> Path:
    """A new, private, empty temporary file beside `target` (hidden; see cleanup_temp_files)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    return Path(name)


def is_temp_name(name: str, owner: str | None = None) -> bool:
    """Whether `name` is one of our temporary files (of final name `owner`, when given)."""
    for side in ("", *_SIDECARS):
        if side and name.endswith(side):
            name = name[: -len(side)]
            break
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    return owner is None or name.startswith(f".{owner}.")


def close_database() -> None:
    """Close the connection of this thread (and forget the file)."""
    if not db.is_closed():
        db.close()


def schema_version() -> int:
    """The open database's PRAGMA user_version."""
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def sqlite_version() -> tuple[int, int, int]:
    """The SQLite library the driver links."""
    return tuple(sqlite_driver.sqlite_version_info)  # type: ignore[return-value]


def raw_connection() -> Any:
    """The DB-API connection of this thread (for executemany fast paths and the backup API)."""
    return db.connection()


def executemany(sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """Bulk write through the driver: peewee's insert_many spends 90% building SQL (DESIGN §2)."""
    db.connection().executemany(sql, rows)


def backup_to(target: Path, *, private: bool = False) -> Path:
    """Copy the open database to `target` with the backup API, verified, via a temp name.

    The copy is one consistent snapshot (a writer may keep committing meanwhile), in rollback
    (delete) journal mode, so it is a plain SQLite file that opens alone, even with `mode=ro`.
    No file ever stands under `target` unless it passed integrity_check; the file is 0600.
    With `private`, a folder this creates is made 0700 (the backup folder beside the database).

    Raises:
        DiskFull: the disk filled up (nothing is left behind).
        CrmError: the folder cannot be written, or the copy failed its check.
    """
    if db.in_transaction():
        raise RuntimeError("take a backup outside a transaction: it would copy unsaved changes")
    target = Path(target)
    folder = target.parent
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
            if private and os.name == "posix":
                os.chmod(folder, 0o700)
        crash_point("backup:start")
        tmp = temp_path_for(target)
    except OSError as exc:
        raise translate_os_error(exc, target) from exc
    try:
        dest = sqlite_driver.connect(str(tmp), isolation_level=None)
        try:
            passphrase = db.connect_params.get("passphrase")
            if passphrase:  # a backup of an encrypted database is encrypted with the same key
                quoted = str(passphrase).replace("'", "''")
                dest.execute(f"PRAGMA key = '{quoted}'")
            db.connection().backup(dest)
            crash_point("backup:after_copy")
            dest.execute(f"PRAGMA cache_size = {CACHE_KIB}")
            dest.execute("PRAGMA journal_mode = delete")
            result = [r[0] for r in dest.execute("PRAGMA integrity_check").fetchall()]
        finally:
            dest.close()
        if result != ["ok"]:
            damage = _damage_of_open_database()
            if damage is not None:  # the copy is as damaged as what it copied
                raise damaged_database(damage)
            raise CrmError(f"The backup {target} failed its integrity check: {result[0]}")
        crash_point("backup:after_verify")
        fsync_file(tmp)
        crash_point("backup:before_rename")
        os.replace(tmp, target)
        fsync_dir(folder)
        crash_point("backup:after_rename")
    except OSError as exc:
        raise translate_os_error(exc, target) from exc
    except (peewee.DatabaseError, sqlite_driver.DatabaseError) as exc:
        typed = translate_error(exc)
        if isinstance(typed, DiskFull):
            raise DiskFull(
                f"Disk full: the backup {target} could not be written. Nothing was changed; "
                "free some space and try again."
            ) from exc
        if isinstance(typed, DatabaseBusy | DatabaseReadOnly):
            raise typed from exc
        # "Malformed" may be the copy's (a failing stick) or the database's, copied page by
        # page into it: the database, read again, tells which.
        damage = _damage_of_open_database() if is_damage(exc) else None
        if damage is not None:
            raise damaged_database(damage) from exc
        raise CrmError(
            f"The backup {target} could not be written ({exc}; the disk may be full, removed "
            "or failing). Nothing was changed."
        ) from exc
    finally:
        remove_with_sidecars(tmp)
    return target


def _damage_of_open_database() -> str | None:
    """What SQLite finds damaged in the open database (quick_check), or None if it is sound."""
    try:
        rows = [r[0] for r in db.connection().execute("PRAGMA quick_check").fetchall()]
    except (peewee.DatabaseError, sqlite_driver.DatabaseError) as exc:
        return str(exc) if is_damage(exc) else None
    return None if rows == ["ok"] else str(rows[0])


def damaged_database(problem: str) -> CrmError:
    """The error for a database file that is damaged: what is wrong, and what to do."""
    return CrmError(
        "The database file is damaged (" + problem + "). Run `desktop-crm check` and "
        "restore the newest good backup."
    )


def is_damage(exc: BaseException) -> bool:
    """Whether an error says the database file itself is damaged (not busy, not a bug)."""
    return isinstance(exc, peewee.DatabaseError | sqlite_driver.DatabaseError) and bool(
        _DAMAGED.search(str(exc))
    )


def translate_os_error(exc: OSError, path: Path) -> CrmError:
    """Word a file-system error for the user.

    A place that cannot take the file (a missing or unwritable folder, a read-only disk) is a
    wrong path from the user: Refused, exit code 2. A full disk is DiskFull; the rest, exit 1.
    """
    import errno

    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return DiskFull(f"The disk is full: {path} could not be written. Nothing was changed.")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM,
                     errno.EROFS):  # fmt: skip
        return Refused(f"{path} cannot be written there ({exc.strerror}). Nothing was written.")
    return CrmError(f"{path} could not be written: {exc.strerror or exc}.")


_LOCKED = re.compile(r"database is locked|database table is locked|busy", re.I)
_DAMAGED = re.compile(r"malformed|file is not a database|database corrupt", re.I)


def translate_error(exc: BaseException) -> BaseException:
    """Turn an SQLite error into the typed error the user sees, or return it unchanged."""
    text = str(exc)
    if isinstance(exc, peewee.OperationalError | sqlite_driver.OperationalError):
        if _LOCKED.search(text):
            return DatabaseBusy(
                "The database is busy: another program kept it locked for more than "
                f"{BUSY_TIMEOUT_S} seconds. Nothing was changed; try again."
            )
        if "readonly" in text.replace(" ", "").lower() or "read-only" in text:
            return DatabaseReadOnly(_read_only_message())
        if "full" in text:
            return DiskFull(
                "Disk full: there is no room left to write the database (or it reached its size "
                "limit). Nothing was changed; free some space and try again."
            )
        if "disk i/o error" in text.lower():
            return CrmError(
                "The database could not be written or read (a disk I/O error; the disk may be "
                "full, removed or failing). Nothing was changed by the failed step."
            )
    if isinstance(exc, peewee.DatabaseError | sqlite_driver.DatabaseError) and not isinstance(
        exc, peewee.IntegrityError | sqlite_driver.IntegrityError
    ):
        if _DAMAGED.search(text):
            return damaged_database(text)
    return exc


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Re-raise SQLite errors as the typed errors users see."""
    try:
        yield
    except (peewee.DatabaseError, sqlite_driver.DatabaseError) as exc:
        new = translate_error(exc)
        if new is exc:
            raise
        raise new from exc


# --- Where the file lives: network drives and sync folders ------------------------------------

# File systems where SQLite's locking and -shm memory mapping are unreliable (SQLite FAQ 5,
# "WAL does not work over a network filesystem").
NETWORK_FS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "sshfs", "9p", "afs", "ncpfs",
        "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "glusterfs", "fuse.glusterfs",
        "ceph", "fuse.ceph", "lustre", "webdav", "fuse.gvfsd-fuse",
    }
)  # fmt: skip
# Path components of sync clients' folders: (lower-case marker, product name). A marker
# matches a whole component, or its start followed by a space, a dash or a parenthesis
# ("OneDrive - Contoso", "GoogleDrive-me@example.com", "Dropbox (Personal)"); the Chinese
# names match anywhere in a component ("我的坚果云").
SYNC_FOLDERS = (
    ("dropbox", "Dropbox"),
    ("onedrive", "OneDrive"),
    ("icloud drive", "iCloud Drive"),
    ("icloud", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),
    ("com~apple~clouddocs", "iCloud Drive"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("nutstore", "坚果云 (Nutstore)"),
    ("nutstore files", "坚果云 (Nutstore)"),
    ("baidunetdisk", "百度网盘 (Baidu Netdisk)"),
    ("baidusyncdisk", "百度网盘 (Baidu Netdisk)"),
)
SYNC_FOLDERS_CJK = (("坚果云", "坚果云 (Nutstore)"), ("百度网盘", "百度网盘 (Baidu Netdisk)"))


@dataclass(frozen=True, slots=True)
class StorageWarning:
    """Something risky about where the database file lives (shown, never blocking)."""

    kind: str  # "network" or "sync"
    message: str


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) pairs from the text of /proc/mounts."""
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), parts[1])
            out.append((point, parts[2]))
    return out


def _system_mounts() -> list[tuple[str, str]]:
    import sys

    try:
        if sys.platform.startswith("linux"):
            return parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
        if sys.platform == "darwin":
            import subprocess

            text = subprocess.run(
                ["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
            pairs = re.findall(r"^.+? on (.+) \(([\w.]+)", text, re.M)
            return [(point, fstype) for point, fstype in pairs]
    except Exception:  # a warning must never stop the program from opening
        return []
    return []


def _windows_network(path: str) -> bool:
    p = path.replace("/", "\\")
    if p.startswith("\\\\?\\UNC\\") or (p.startswith("\\\\") and not p.startswith("\\\\?\\")):
        return True
    import sys

    if sys.platform == "win32" and len(p) >= 2 and p[1] == ":":
        import ctypes

        drive_remote = 4
        return bool(ctypes.windll.kernel32.GetDriveTypeW(p[:2] + "\\") == drive_remote)  # type: ignore[attr-defined]
    return False


def storage_warnings(
    path: str | Path,
    *,
    mounts: list[tuple[str, str]] | None = None,
    windows: bool | None = None,
) -> list[StorageWarning]:
    """Warnings when `path` is on a network drive or in a sync client's folder.

    `mounts` (mount point, fs type) and `windows` default to this machine's; tests pass them.
    """
    import sys

    if windows is None:
        windows = sys.platform == "win32"
    raw = str(path)
    if windows and raw.startswith(("\\\\", "//")):
        full = raw.replace("/", "\\")  # UNC: resolving it here would mangle it
    else:
        full = os.path.realpath(os.path.expanduser(raw))
    warnings: list[StorageWarning] = []
    network = ""
    if windows:
        network = "a Windows network share" if _windows_network(full) else ""
    else:
        best = ""
        for point, fstype in mounts if mounts is not None else _system_mounts():
            inside = full == point or full.startswith(point.rstrip("/") + "/")
            if inside and len(point) >= len(best):
                best, network = point, (fstype if fstype in NETWORK_FS else "")
        if network:
            network = f"a network drive ({network} at {best})"
    if network:
        warnings.append(
            StorageWarning(
                "network",
                f"The database {raw} is on {network}. SQLite cannot lock files reliably over a "
                "network, so data can be damaged; keep the database on this computer's own disk "
                "and put backups on the network drive instead.",
            )
        )
    components = [c for c in re.split(r"[\\/]+", full) if c]
    for product in _sync_products(components):
        warnings.append(
            StorageWarning(
                "sync",
                f"The database {raw} is in a {product} folder. Sync programs can copy the file "
                "while it is half-written, lock it, or make conflicting copies; keep the "
                "database in a local folder and put backups in the sync folder instead.",
            )
        )
    return warnings


def _sync_products(components: list[str]) -> list[str]:
    found: list[str] = []
    for comp in components:
        low = comp.lower()
        for marker, product in SYNC_FOLDERS:
            if low == marker or any(low.startswith(marker + sep) for sep in (" ", "-", "(", "_")):
                if product not in found:
                    found.append(product)
        for marker, product in SYNC_FOLDERS_CJK:
            if marker in comp and product not in found:
                found.append(product)
    return found
