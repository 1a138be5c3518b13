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
    DatabaseNewer,
    DatabaseReadOnly,
    DatabaseRefused,
    DiskFull,
)

# "DCRM" — written to the SQLite header at offset 68 so our files are recognised without
# running any SQL, and other programs' files are refused before a pragma touches them.
APPLICATION_ID = 0x4443524D
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HISTORY_TABLE = "schema_migration"
BUSY_TIMEOUT_S = 5
# WAL-reset race fixed in 3.51.3 (DESIGN §2); tests/unit/test_db.py asserts the linked version.
MIN_SQLITE = (3, 51, 3)

# The driver's default adapters are deprecated upstream; register explicit ones so every
# stored time has one text form ('YYYY-MM-DD HH:MM:SS', local store time).
sqlite_driver.register_adapter(_dt.datetime, lambda v: v.isoformat(" ", "seconds"))
sqlite_driver.register_adapter(_dt.date, lambda v: v.isoformat())


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
            if passphrase:
                quoted = passphrase.replace("'", "''")
                conn.execute(f"PRAGMA key = '{quoted}'")
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn


# Writes take the lock up front (BEGIN IMMEDIATE): a deferred transaction that reads first and
# writes later can fail with SQLITE_BUSY_SNAPSHOT under WAL instead of waiting.
db = CrmDatabase(None, lock_type="IMMEDIATE")

PRAGMAS: list[tuple[str, Any]] = [
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "full"),
    ("busy_timeout", BUSY_TIMEOUT_S * 1000),
    # 64 MB of page cache: bulk index inserts of a 100k-row import stay in memory.
    ("cache_size", -65536),
]


@dataclass(frozen=True, slots=True)
class Probe:
    """What a read-only look at a file found, before anything may write to it."""

    path: Path
    exists: bool
    version: int = 0
    adopt_empty: bool = False


def head_version(directory: Path = MIGRATIONS_DIR) -> int:
    """The schema version this program writes: the number of its newest migration."""
    return max((m.idx for m in pw_migrations.Migration.load_directory(str(directory))), default=0)


def _ro_uri(path: Path, immutable: bool) -> str:
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def probe_file(path: Path, migrations_dir: Path = MIGRATIONS_DIR) -> Probe:
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
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseRefused(
            f"{path} is not a database (it is a text or other kind of file). It was not changed."
        )
    wal = Path(str(path) + "-wal")
    immutable = not (wal.exists() and wal.stat().st_size > 0)
    try:
        conn = sqlite_driver.connect(_ro_uri(path, immutable), uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
        finally:
            conn.close()
    except sqlite_driver.DatabaseError as exc:
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
    """peewee's runner, also stamping PRAGMA user_version inside each migration's transaction."""

    def _run(self, name: str, module: Any, direction: str, fake: bool = False) -> None:
        # A table rebuild renames a temporary copy over the original; with the modern rename
        # SQLite re-checks every trigger that names the table mid-rebuild and fails. The legacy
        # rename leaves triggers alone, and they are valid again once the rebuild is done.
        self.database.execute_sql("PRAGMA legacy_alter_table = ON")
        try:
            with self.migrator.migration_context(getattr(module, "atomic", True)):
                triggers = self._triggers()
                getattr(module, direction)(self.migrator, self.database)
                self._restore_triggers(triggers, set(getattr(module, "DROPPED_TRIGGERS", ())))
                self.History.create(name=name)
                idx = pw_migrations._index(name)
                self.database.execute_sql(f"PRAGMA user_version = {int(idx)}")
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
    try:
        return runner.up()
    except Exception as exc:
        # Each migration ran in its own transaction: the failed one left no trace.
        raise CrmError(f"Upgrading the database failed and was rolled back: {exc}") from exc


def open_database(
    path: str | Path,
    *,
    create: bool = True,
    readonly: bool = False,
    migrations_dir: Path = MIGRATIONS_DIR,
    backup_dir: Path | None = None,
) -> Path:
    """Open (or create) the database at `path` and bring its schema to the newest version.

    The file is probed read-only first; anything that is not ours is refused byte-identical.
    Before migrating an existing file, a verified copy is written to `backup_dir`.
    """
    path = Path(path).expanduser()
    close_database()
    found = probe_file(path, migrations_dir)
    if not found.exists:
        if not create:
            raise DatabaseRefused(f"{path} does not exist.")
        if readonly:
            raise DatabaseRefused(f"{path} does not exist (cannot create it read-only).")
        if not path.parent.exists():
            raise CrmError(f"The folder {path.parent} does not exist.")
        _create_private_file(path)
    if readonly:
        uri = path.resolve().as_uri() + "?mode=ro"
        db.init(
            uri, pragmas=[("foreign_keys", 1), ("query_only", 1)], timeout=BUSY_TIMEOUT_S, uri=True
        )
        db.connect()
        return path
    db.init(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_S)
    try:
        db.connect()
        _make_private(path)
        is_new = not found.exists or found.adopt_empty
        if is_new:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        pending = pending_migrations(migrations_dir)
        if pending and found.exists and not found.adopt_empty and found.version > 0:
            target = (backup_dir or default_backup_dir(path)) / (
                f"{path.stem}.before-v{head_version(migrations_dir)}."
                f"{_dt.datetime.now():%Y%m%d-%H%M%S}.db"
            )
            backup_to(target)
        if pending:
            _migrate(migrations_dir)
    except peewee.DatabaseError as exc:
        close_database()
        raise translate_error(exc) from exc
    except BaseException:
        close_database()
        raise
    return path


def default_backup_dir(db_path: Path) -> Path:
    """Backups sit beside the database in `<name>-backups/`."""
    return db_path.parent / f"{db_path.stem}-backups"


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


def backup_to(target: Path) -> Path:
    """Copy the open database to `target` with the backup API, verified, via a temp name.

    No file ever stands under `target` unless it passed integrity_check.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dest = sqlite_driver.connect(str(tmp))
        try:
            db.connection().backup(dest)
            dest.execute("PRAGMA journal_mode = delete")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
        if ok != "ok":
            raise CrmError(f"The backup {target} failed its integrity check: {ok}")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise translate_os_error(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return target


def translate_os_error(exc: OSError, path: Path) -> CrmError:
    """Word a file-system error for the user."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return DiskFull(f"The disk is full: {path} could not be written. Nothing was changed.")
    return CrmError(f"{path} could not be written: {exc.strerror or exc}.")


_LOCKED = re.compile(r"database is locked|database table is locked|busy", re.I)


def translate_error(exc: BaseException) -> BaseException:
    """Turn an SQLite error into the typed error the user sees, or return it unchanged."""
    text = str(exc)
    if isinstance(exc, peewee.OperationalError | sqlite_driver.OperationalError):
        if _LOCKED.search(text):
            return DatabaseBusy(
                "The database is busy: another program kept it locked for more than "
                f"{BUSY_TIMEOUT_S} seconds. Nothing was changed; try again."
            )
        if "readonly" in text.replace(" ", "") or "read-only" in text:
            return DatabaseReadOnly("The database is open read-only: nothing can be changed.")
        if "full" in text:
            return DiskFull(
                "The disk is full (or the database reached its size limit). Nothing was changed."
            )
        if "attempt to write a readonly" in text:
            return DatabaseReadOnly("The database file cannot be written.")
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
