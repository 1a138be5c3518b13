"""The `desktop-crm` command (DESIGN §5). A contract users' scripts rely on: keep it stable.

No Qt is imported unless the GUI (or a PDF writer) is asked for. Errors are one line on stderr
and a non-zero exit code; a traceback only goes to the log file.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_crm import __version__
from desktop_crm.errors import CrmError
from desktop_crm.processes import process_alive
from desktop_crm.services.importing.records import PLATFORMS

log = logging.getLogger("desktop_crm")
log.addHandler(logging.NullHandler())  # no traceback ever reaches the terminal
log.propagate = False

PASSPHRASE_ENV = "DESKTOP_CRM_PASSPHRASE"
# `restore`: the passphrase an encrypted backup was made with, when it is not the database's.
BACKUP_PASSPHRASE_ENV = "DESKTOP_CRM_BACKUP_PASSPHRASE"
EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_REFUSED = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"desktop-crm: {message} (see desktop-crm --help)\n")
        raise SystemExit(EXIT_REFUSED)


def _add_db(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # --db is accepted before or after the subcommand; the subcommand's copy only overrides
    # when given (SUPPRESS), so `desktop-crm --db x stats` and `stats --db x` agree.
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=_db_path,
        default=None if top else argparse.SUPPRESS,
        help="database file (default: your own database in the data folder)",
    )


def _db_path(value: str) -> str:
    """--db's value: an empty one (a script's unset variable) is refused, never taken to mean
    "your own database", on which an import, restore or erase would then act."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the database path is empty")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(prog="desktop-crm", description="Desktop CRM for small online sellers.")
    parser.add_argument("--version", action="version", version=f"desktop-crm {__version__}")
    _add_db(parser, top=True)
    parser.add_argument("--demo", action="store_true", help="open the GUI on a fresh demo shop")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("demo", help="write a synthetic demo shop to a new database file")
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--customers", type=int, default=2000, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stats", help="store figures")
    _add_db(p)
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("import", help="import marketplace export files")
    p.add_argument("files", nargs="+", metavar="FILE")
    _add_db(p)
    p.add_argument("--platform", default="auto", choices=["auto", *PLATFORMS])
    p.add_argument("--kind", choices=["orders", "customers"])
    p.add_argument("--mapping", metavar="MAP.json", help="column mapping for any other layout")
    p.add_argument("--dry-run", action="store_true", help="read and count, change nothing")
    p.add_argument("--json", action="store_true", help="one JSON receipt per file on stdout")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("imports", help="the import history, newest first")
    _add_db(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_imports)

    p = sub.add_parser("undo", help="undo one import")
    p.add_argument("batch_id", type=int, metavar="BATCH_ID")
    _add_db(p)
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("export", help="export customers to xlsx or csv")
    _add_db(p)  # also `export --db X customers …`
    esub = p.add_subparsers(dest="export_what", required=True, metavar="WHAT", parser_class=_Parser)
    e = esub.add_parser("customers", help="the customer list, a segment or a tier")
    e.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")
    _add_db(e)
    e.add_argument("--segment", metavar="NAME", help="a saved segment, or an RFM class")
    e.add_argument("--tier", metavar="NAME", help="customers of one tier")
    e.add_argument("--columns", metavar="a,b,…", help="column keys (default: the usual set)")
    e.add_argument("--encoding", choices=["utf-8-sig", "gbk"], help="CSV encoding (utf-8-sig)")
    e.add_argument(
        "--header",
        choices=["zh", "en", "keys"],
        default="zh",
        help="header row and words: Chinese (default), English, or column keys and raw codes",
    )
    e.add_argument("--full-contact", action="store_true", help="full phones and addresses (logged)")
    e.set_defaults(func=cmd_export_customers)

    p = sub.add_parser("report", help="the monthly customer report")
    _add_db(p)
    rsub = p.add_subparsers(dest="report_kind", required=True, metavar="KIND", parser_class=_Parser)
    r = rsub.add_parser("monthly", help="a month's report as Excel (.xlsx) or PDF (.pdf)")
    r.add_argument("--month", required=True, metavar="YYYY-MM")
    r.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.pdf")
    _add_db(r)
    r.add_argument("--language", choices=["en", "zh_CN"], default="en")
    r.add_argument(
        "--full-contact", action="store_true", help="full phones and addresses (noted, logged)"
    )
    r.set_defaults(func=cmd_report_monthly)

    p = sub.add_parser("backup", help="a verified backup (into the backup folder, or --out FILE)")
    _add_db(p)
    p.add_argument("--out", metavar="FILE", help="a file or folder, e.g. on a USB stick")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the database by a backup (keeps a pre-restore copy)",
        description=(
            "Replace the database by the backup FILE, after checking it; the data it replaces "
            "is kept as <database>.pre-restore. Never prompts. The restored data keeps the "
            "database's current protection: encrypted with its passphrase (from "
            f"{PASSPHRASE_ENV}) when the database is encrypted, plain when it is not. An "
            "encrypted backup opens with the database's passphrase or, when it was made under "
            "another one (before the passphrase was changed or encryption removed), with "
            f"{BACKUP_PASSPHRASE_ENV}."
        ),
    )
    p.add_argument("file", metavar="FILE")
    _add_db(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("customer", help="one customer's data: export everything, or erase it")
    _add_db(p)
    csub = p.add_subparsers(
        dest="customer_command", required=True, metavar="ACTION", parser_class=_Parser
    )
    c = csub.add_parser("export", help="everything about one customer, as JSON and xlsx")
    c.add_argument("customer_id", type=int, metavar="ID")
    c.add_argument("--out", required=True, metavar="FILE", help="FILE.json and FILE.xlsx")
    _add_db(c)
    c.set_defaults(func=cmd_customer_export)
    c = csub.add_parser(
        "erase", help="erase one customer's personal data (orders kept, anonymised)"
    )
    c.add_argument("customer_id", type=int, metavar="ID")
    c.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    _add_db(c)
    c.set_defaults(func=cmd_customer_erase)

    p = sub.add_parser("check", help="check integrity, foreign keys, schema and cached figures")
    _add_db(p)
    p.add_argument("--fix", action="store_true", help="repair cached figures in one transaction")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)
    return parser


def _today() -> date:
    return date.today()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


_held_locks: list[Any] = []
# Folders holding upgraded copies of older files that a reading command read (removed at exit).
_temp_dirs: list[Path] = []


def _open(
    args: argparse.Namespace, *, create: bool = False, reading: bool = False, copy_old: bool = True
) -> Path:
    """Take the database's lock (one program per database), tidy, open and migrate it.

    `reading`: the command only reads, so the file keeps its journal mode (a backup stays a
    backup: opening it in WAL mode would rewrite its header), a lock file the command made is
    removed again, and a file made by an older version is not upgraded: a copy of it is, in a
    temporary folder, and the command reads that (with `copy_old`; `backup` needs the real
    file open, as its backups go beside it).
    """
    from desktop_crm.db import (
        default_data_dir,
        default_db_path,
        ensure_private_dir,
        head_version,
        open_database,
        probe_file,
    )
    from desktop_crm.services.backup import cleanup_temp_files
    from desktop_crm.services.instance import acquire_database_lock

    if args.db:
        path = Path(args.db).expanduser()
        if not path.exists() and not create:
            return open_database(path, create=False)  # the one-line "does not exist" error
        if not path.exists() and not path.parent.is_dir():
            from desktop_crm.errors import Refused

            raise Refused(f"The folder {path.parent} does not exist.")
    else:
        ensure_private_dir(default_data_dir())
        path, create = default_db_path(), True
    lock = acquire_database_lock(path, f"cli {args.command}", tidy=reading)
    _held_locks.append(lock)
    try:
        cleanup_temp_files(path)
        # Scripts never prompt: an encrypted database takes its passphrase from the environment.
        passphrase = os.environ.get(PASSPHRASE_ENV) or None
        if reading and copy_old and path.exists():
            found = probe_file(path, passphrase=passphrase)
            if found.exists and not found.adopt_empty and 0 < found.version < head_version():
                return _open_upgraded_copy(path, passphrase)
        return open_database(path, create=create, passphrase=passphrase, keep_journal=reading)
    except BaseException:
        # Refused (another program's file, a text file) or not opened: a lock file this command
        # made goes again, and nothing is left in a folder that is not ours.
        lock.tidy = True
        raise


def _open_upgraded_copy(path: Path, passphrase: str | None) -> Path:
    """Open an upgraded copy of `path` (an older version's file) for a reading command.

    "A reading command never changes the file it reads" (README): upgrading the file in place
    would rewrite it and leave a backup folder beside it. Returns `path` (for messages).
    """
    import tempfile

    from desktop_crm.db import open_database
    from desktop_crm.services.backup import reading_copy

    _remove_abandoned_reading_copies(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=_READ_PREFIX))
    _temp_dirs.append(folder)
    (folder / "owner.pid").write_text(str(os.getpid()))
    copy = reading_copy(path, folder, passphrase=passphrase)
    open_database(
        copy,
        create=False,
        passphrase=passphrase,
        backup_dir=folder / "before-upgrade",
        keep_journal=True,
    )
    return path


_READ_PREFIX = "desktop-crm-read-"


def _remove_abandoned_reading_copies(tmp: Path) -> None:
    """Remove what a killed reading command left (a copy of the customer data) in the temp
    folder: its folder names the process that made it, and that process is gone."""
    try:
        folders = [p for p in tmp.iterdir() if p.name.startswith(_READ_PREFIX) and p.is_dir()]
    except OSError:
        return
    for folder in folders:
        try:
            pid = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # not (yet) named: a command starting now
        if pid != os.getpid() and not process_alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


# Signals whose default action kills a command at once, leaving its temporary files (a
# half-written export holds customer data): SIGTERM (`timeout`, a logout, a service manager)
# and SIGHUP (the terminal closed, the ssh session dropped). SIGINT needs nothing: Python
# raises KeyboardInterrupt, which main() turns into exit code 130 after the same clean-up.
_STOP_SIGNALS = ("SIGTERM", "SIGHUP")
_stopping = False
# The standard streams that were a terminal at start: after SIGHUP that terminal is gone.
_terminal_fds: list[int] = []


def _exit_on_sigterm() -> None:
    """On SIGTERM or SIGHUP, leave through the `finally` clauses (locks released, temporary
    files and copies removed) as Ctrl+C does, with exit code 128 + the signal.

    A signal ignored when the command started stays ignored: `nohup desktop-crm export …`
    is asked to outlive its terminal.
    """
    global _stopping
    import signal

    if os.name != "posix":
        return
    _stopping = False
    _terminal_fds[:] = [fd for fd in (1, 2) if _isatty(fd)]
    for name in _STOP_SIGNALS:
        sig = getattr(signal, name)
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, _stop)


def _stop(signum: int, _frame: Any) -> None:
    """The handler of _STOP_SIGNALS: SystemExit(128 + signum), once."""
    global _stopping
    import signal

    if _stopping:
        return  # a second signal would interrupt the clean-up the first one started
    _stopping = True
    if signum == signal.SIGHUP and _terminal_fds:
        # Writing to a hung-up terminal fails (EIO): the flush at exit would turn the exit code
        # into 120 and print noise nobody can read.
        null = os.open(os.devnull, os.O_WRONLY)
        for fd in _terminal_fds:
            os.dup2(null, fd)
        os.close(null)
    sys.exit(128 + signum)


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _remove_temp_dirs() -> None:
    import shutil

    while _temp_dirs:
        shutil.rmtree(_temp_dirs.pop(), ignore_errors=True)


@contextmanager
def _as_of_today(*, keep: bool = False) -> Iterator[None]:
    """Read with the figures that depend on the day brought up to date, as the app does at
    start-up (points past their last day expire, tiers are re-evaluated, the day's automatic
    follow-ups are made), so a command's output agrees with what the app shows.

    The update is rolled back after reading: a command that reads never changes the file it
    reads (a backup, an archived copy). A read-only database is read as it is. With `keep`
    (a repair) the update is committed with the rest.
    """
    from desktop_crm.db import db, read_only_reason
    from desktop_crm.services.effects import day_started

    if read_only_reason() is not None:
        yield
        return
    with db.atomic() as txn:
        day_started(today=_today(), now=_now())
        try:
            yield
        finally:
            if not keep:
                txn.rollback()


def _release_locks() -> None:
    from desktop_crm.services.instance import release_database_lock

    while _held_locks:
        release_database_lock(_held_locks.pop())


def _stderr_progress(label: str) -> Callable[[int, int], None]:
    """Progress on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        return lambda done, total: None

    def report(done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        sys.stderr.write(f"\r{label}: {pct:3d}%")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop_crm.services.demo import build_demo

    summary = build_demo(
        Path(args.out),
        customers=args.customers,
        seed=args.seed,
        today=_today(),
        now=_now(),
        progress=_stderr_progress("demo"),
    )
    print(f"{summary.path}: {summary.customers} customers, {summary.orders} orders")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from desktop_crm.services.stats import store_stats

    _open(args, reading=True)
    with _as_of_today():
        figures = store_stats(today=_today())
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, separators=(",", ":"), sort_keys=False))
    else:
        for key, value in figures.items():
            print(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    _warn_uncounted()
    return EXIT_OK


def _warn_uncounted() -> None:
    """DESIGN §2's visible warning: purchases in a currency without a rate, left out of every
    figure (on stderr: stdout holds the figures or the receipts)."""
    from desktop_crm.services.currency import uncounted
    from desktop_crm.services.settings import store_currency

    for u in uncounted():
        orders = "1 order" if u.orders == 1 else f"{u.orders:,} orders"
        verb = "is" if u.orders == 1 else "are"
        sys.stderr.write(
            f"desktop-crm: warning: {orders} in {u.currency} {verb} left out of the figures: "
            f"no conversion rate to {store_currency()} is set\n"
        )


def _receipt_text(r: Any) -> str:
    lines = [
        f"{r.file}: {r.platform} {r.kind}"
        + (" (dry run: nothing was changed)" if r.dry_run else ""),
        f"  rows read {r.rows_read}; orders added {r.orders_added}, updated {r.orders_updated}, "
        f"unchanged {r.orders_unchanged}, without customer {r.orders_without_customer}; "
        f"customers added {r.customers_added}, matched {r.customers_matched}",
    ]
    if r.batch_id is not None:
        lines.append(f"  import {r.batch_id} ({r.seconds:.2f} s)")
    lines.extend(f"  note: {n}" for n in r.notes[:20])
    if r.rejected:
        lines.append(f"  {len(r.rejected)} row(s) rejected:")
        lines.extend(f"    row {x.row}: {x.reason}" for x in r.rejected[:50])
        if len(r.rejected) > 50:
            lines.append(f"    … and {len(r.rejected) - 50} more")
    return "\n".join(lines)


def cmd_import(args: argparse.Namespace) -> int:
    from desktop_crm.services.importing.engine import rehearsal

    _open(args)
    parser = None
    if args.mapping:
        from desktop_crm.services.importing.mapping import (
            MappingError,
            load_mapping,
            mapping_parser,
        )

        try:
            mapping = load_mapping(Path(args.mapping))
        except MappingError as exc:
            sys.stderr.write(f"desktop-crm: {exc}\n")
            return EXIT_REFUSED
        if args.kind and args.kind != mapping.kind:
            sys.stderr.write(f"desktop-crm: the mapping reads {mapping.kind}, not {args.kind}\n")
            return EXIT_REFUSED
        parser = mapping_parser(mapping)
    paths = [Path(name) for name in args.files]
    # A dry run of several files counts each against what the ones before it would have done.
    with rehearsal() if args.dry_run else nullcontext():
        worst, imported = _import_each(args, paths, parser)
    if imported:
        _warn_uncounted()
    return worst


def _import_each(args: argparse.Namespace, paths: list[Path], parser: Any) -> tuple[int, bool]:
    """Import the files in turn, printing each receipt: (the worst exit code, any imported)."""
    from desktop_crm.services.importing.engine import ImportReceipt, import_file
    from desktop_crm.services.importing.parse import joined_detail_files
    from desktop_crm.services.importing.records import ImportFileError, readable_name

    worst = EXIT_OK
    imported = False
    joined = joined_detail_files(paths)
    for path in paths:
        if path in joined:
            # `import ExportOrderList….csv ExportOrderDetailList….csv` (or *.csv): the order
            # file reads its 宝贝报表 itself.
            name, into = readable_name(path.name), readable_name(joined[path].name)
            sys.stderr.write(f"desktop-crm: {name}: joined into {into}\n")
            if args.json:
                skipped = ImportReceipt(file=name, platform="taobao", kind="orders")
                print(
                    json.dumps(
                        {**skipped.to_json(), "joined_into": into},
                        ensure_ascii=False,
                        separators=(",", ":"),
                    )
                )
            continue
        try:
            receipt = import_file(
                path,
                platform=args.platform,
                kind=args.kind,
                dry_run=args.dry_run,
                now=_now(),
                today=_today(),
                progress=_stderr_progress(path.name),
                parser=parser,
            )
        except (ImportFileError, CrmError) as exc:  # the file, or the database (busy, …)
            if isinstance(exc, ImportFileError):
                where, code = readable_name(exc.file), EXIT_REFUSED
            else:
                where, code = readable_name(path.name), exc.exit_code
            sys.stderr.write(f"desktop-crm: {where}: {exc.message}\n")
            worst = max(worst, code)
            if args.json:  # every file named gets its line, imported or not
                failed = ImportReceipt(
                    file=readable_name(path.name), platform=args.platform, kind=args.kind or ""
                )
                print(
                    json.dumps(
                        {**failed.to_json(), "error": exc.message},
                        ensure_ascii=False,
                        separators=(",", ":"),
                    )
                )
            continue
        imported = True
        if args.json:
            line = json.dumps(receipt.to_json(), ensure_ascii=False, separators=(",", ":"))
            print(line, flush=True)
            # What the text receipt notes (the later of two disagreeing rows used, a joined
            # 宝贝报表…): on stderr, as stdout holds the JSON objects only.
            for note in receipt.notes:
                sys.stderr.write(f"desktop-crm: {receipt.file}: note: {note}\n")
        else:
            print(_receipt_text(receipt), flush=True)
    return worst, imported


def cmd_imports(args: argparse.Namespace) -> int:
    from desktop_crm.services.importing.engine import history

    _open(args, reading=True)
    for b in history():
        if args.json:
            print(json.dumps(b.to_json(), ensure_ascii=False, separators=(",", ":")))
        else:
            state = " (undone)" if b.undone else ""
            print(
                f"{b.batch_id:5d}  {b.imported_at:%Y-%m-%d %H:%M}  {b.platform:<8} {b.file}"
                f"  +{b.orders_added} ~{b.orders_updated} rejected {b.rejected}{state}"
            )
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    from desktop_crm.services.importing.engine import undo_batch

    _open(args)
    result = undo_batch(args.batch_id, now=_now(), today=_today())
    print(
        f"import {result.batch_id} undone: {result.orders_removed} orders removed, "
        f"{result.orders_restored} restored, {result.customers_removed} customers removed"
    )
    return EXIT_OK


def cmd_export_customers(args: argparse.Namespace) -> int:
    from desktop_crm.services.exports import export_customers

    _open(args, reading=True)
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    with _as_of_today():
        result = export_customers(
            Path(args.out),
            today=_today(),
            segment=args.segment,
            tier=args.tier,
            columns=columns,
            encoding=args.encoding or "utf-8-sig",
            full_contact=args.full_contact,
            header=args.header,
            progress=_stderr_progress("export"),
        )
    for note in result.notes:
        sys.stderr.write(f"desktop-crm: note: {note}\n")
    print(f"{args.out}: {result.rows} customers")
    return EXIT_OK


def cmd_report_monthly(args: argparse.Namespace) -> int:
    from desktop_crm.errors import Refused
    from desktop_crm.reports.monthly import build_monthly_report

    try:
        month = datetime.strptime(args.month, "%Y-%m").date()
    except ValueError:
        raise Refused(f"--month {args.month!r} is not a month like 2026-10.") from None
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".pdf"):
        raise Refused(f"{out}: the report is written as .xlsx or .pdf.")
    _open(args, reading=True)
    with _as_of_today():
        report = build_monthly_report(
            month, today=_today(), full_contact=args.full_contact, language=args.language
        )
    if out.suffix.lower() == ".pdf":
        from desktop_crm.reports.monthly_pdf import write_monthly_pdf  # loads QtGui only here

        write_monthly_pdf(report, out)
    else:
        from desktop_crm.reports.monthly_excel import write_monthly_excel

        write_monthly_excel(report, out)
    print(out)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop_crm.services.backup import backup_to_path, make_backup

    _open(args, reading=True, copy_old=False)
    if args.out:
        print(backup_to_path(Path(args.out), now=_now()))
    else:
        print(make_backup("manual", now=_now()).path)
    return EXIT_OK


def _restore_or_forget_new(
    args: argparse.Namespace, given: str | None, *, new: bool, folder_was_there: bool
) -> Any:
    """Restore; when that fails onto a database made for it, take that database back (its
    file, lock and backup folder): the merchant was told nothing changed."""
    from desktop_crm.db import (
        close_database,
        default_backup_dir,
        follow_links,
        remove_with_sidecars,
    )
    from desktop_crm.errors import RestoreUnfinished
    from desktop_crm.services.backup import PRE_RESTORE_SUFFIX, restore_backup

    try:
        return restore_backup(Path(args.file), now=_now(), passphrase=given)
    except BaseException as exc:
        if new and not (isinstance(exc, RestoreUnfinished) and exc.database_open):
            real = follow_links(Path(args.db).expanduser())
            close_database()
            remove_with_sidecars(real)
            # The copy of the empty database it was to replace, made before the swap.
            remove_with_sidecars(Path(str(real) + PRE_RESTORE_SUFFIX))
            if not folder_was_there:
                shutil.rmtree(default_backup_dir(real), ignore_errors=True)
            for lock in _held_locks:
                lock.tidy = True  # the lock file goes with it
        raise


def _refuse_unwritable_folder(target: Path) -> None:
    """Refuse a new database in a folder that cannot be written, before anything is made:
    an output folder that cannot be written is a refusal (exit 2), as for `backup --out`.

    Trying is the one test every system answers alike (a read-only disk, permissions, ACLs);
    the unnamed temporary file leaves nothing behind. A missing folder is named by `_open`.
    """
    import tempfile

    from desktop_crm.db import translate_os_error

    if not target.parent.is_dir():
        return
    try:
        with tempfile.TemporaryFile(dir=target.parent):
            pass
    except OSError as exc:
        raise translate_os_error(exc, target) from exc


def cmd_restore(args: argparse.Namespace) -> int:
    # Onto a database that does not exist yet (a new computer): it is made, then replaced by
    # the backup, as a restore onto your own database does when there is none yet.
    from desktop_crm.db import default_backup_dir, follow_links
    from desktop_crm.errors import DatabaseEncrypted, WrongPassphrase

    new = bool(args.db) and not Path(args.db).expanduser().exists()
    if new:
        _refuse_unwritable_folder(follow_links(Path(args.db).expanduser()))
    # The folder the backups of the real file go to (a link's target's): left alone if it was
    # there before, whatever happens.
    folder_was_there = new and default_backup_dir(follow_links(args.db)).exists()
    _open(args, create=True)
    given = os.environ.get(BACKUP_PASSPHRASE_ENV) or None
    try:
        result = _restore_or_forget_new(args, given, new=new, folder_was_there=folder_was_there)
    except WrongPassphrase as exc:
        raise WrongPassphrase(
            f"{BACKUP_PASSPHRASE_ENV} does not open {args.file}, nor does the database's "
            "passphrase (or it is not a database file). It was not changed."
        ) from exc
    except DatabaseEncrypted as exc:
        raise DatabaseEncrypted(
            f"{args.file} is encrypted with a passphrase other than the database's (or it is "
            f"not a database file); set {BACKUP_PASSPHRASE_ENV} to the passphrase it was made "
            "with. It was not changed."
        ) from exc
    if new:
        # Copies of the empty database it replaced would only be clutter.
        from desktop_crm.db import remove_with_sidecars

        remove_with_sidecars(result.pre_restore)
        if result.before_restore is not None:
            result.before_restore.path.unlink(missing_ok=True)
        print(f"restored {args.file} into the new database {args.db}")
    else:
        print(f"restored {args.file}; the replaced database was kept as {result.pre_restore}")
    return EXIT_OK


def cmd_customer_export(args: argparse.Namespace) -> int:
    from desktop_crm.services.privacy import export_person

    _open(args, reading=True)
    with _as_of_today():
        paths = export_person(args.customer_id, Path(args.out), now=_now())
    for path in paths:
        print(path)
    return EXIT_OK


def cmd_customer_erase(args: argparse.Namespace) -> int:
    from desktop_crm.services.privacy import erase_person

    if not args.yes:
        sys.stderr.write("desktop-crm: erasing a customer cannot be undone; add --yes to confirm\n")
        return EXIT_REFUSED
    _open(args)
    # Erasing again is how an erasure whose rewrite of the file failed (a full disk) is
    # finished: the file is rewritten again.
    result = erase_person(args.customer_id, now=_now())
    if result.already_erased:
        print(
            f"customer {result.customer_id} was already erased; the database file was "
            "rewritten again without their data"
        )
    else:
        print(
            f"customer {result.customer_id} erased; {result.orders_anonymised} orders kept "
            "without personal data"
        )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desktop_crm.db import is_damage, read_only_reason, storage_warnings
    from desktop_crm.services.check import run_check

    path = _open(args, reading=not args.fix)
    try:
        # Figures are checked as of today, after the day's update the app makes at start-up
        # (a shop not opened for a month has tiers a month old: pending, not damaged). `--fix`
        # keeps that update; a plain check rolls it back and changes nothing.
        with _as_of_today(keep=args.fix):
            report = run_check(fix=args.fix, today=_today(), now=_now())
    except Exception as exc:
        # A service words the damage itself (the general "run desktop-crm check" advice), with
        # SQLite's error as the cause: from the check, which found it, say what it found.
        found = exc if is_damage(exc) else exc.__cause__
        if found is None or not is_damage(found):
            raise
        sys.stderr.write(
            f"desktop-crm: {path} is damaged ({found}); restore the newest good backup "
            "(desktop-crm restore FILE)\n"
        )
        return EXIT_INTERNAL
    notices = [*storage_warnings(path), *filter(None, [read_only_reason()])]
    for notice in notices:
        sys.stderr.write(f"desktop-crm: note: {notice}\n")
    if args.json:
        print(json.dumps({"ok": report.ok, "problems": report.problems, "fixed": report.fixed}))
    else:
        for kind, n in report.fixed.items():
            print(f"fixed {kind}: {n}")
        if report.ok:
            print(f"{path}: ok")
        else:
            for kind, n in report.problems.items():
                print(f"{kind}: {n} problem(s)")
            for line in report.details:
                print(f"  {line}")
    return EXIT_OK if report.ok else EXIT_INTERNAL


def _no_display() -> str | None:
    """Why no window can open here (Linux without X11/Wayland, no Qt platform chosen), or None.
    Qt itself would abort the process (exit 134) with a message about plugins."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); run it "
        "in a desktop session, or use the commands (desktop-crm --help)"
    )


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window (imports Qt only now)."""
    reason = _no_display()
    if reason:
        sys.stderr.write(f"desktop-crm: {reason}\n")
        return EXIT_REFUSED
    from desktop_crm.app import run_app

    return run_app(db_path=Path(args.db) if args.db else None, demo=args.demo)


def _setup_log() -> None:
    """Log to the data folder's log file, as the app does (full-contact exports are noted
    there, tracebacks go there); a data folder that cannot be written only means no log."""
    from desktop_crm.db import default_data_dir, ensure_private_dir
    from desktop_crm.logs import setup_logging

    try:
        ensure_private_dir(default_data_dir())
        setup_logging(default_data_dir() / "logs")
    except CrmError:
        pass


def _log_internal_error() -> None:
    """Write the traceback to the log file (never to the terminal)."""
    _setup_log()
    log.exception("internal error")


def _writable_text() -> None:
    """Text stdout cannot encode (Chinese under a Latin-1 locale, a file name in undecodable
    bytes) is written as \\uXXXX escapes: an import saved must not end in an encoding error
    with no receipt. Inside a JSON string such an escape still reads as the character."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `desktop-crm` console script and `python main.py`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            return run_gui(args)
        _writable_text()
        _exit_on_sigterm()
        _setup_log()
        from desktop_crm.reports.xlsx import remove_abandoned_temp_files

        remove_abandoned_temp_files()  # what an export killed earlier left (customer rows)
        code = int(func(args))
        sys.stdout.flush()  # a closed stdout shows here, not as noise at interpreter exit
        return code
    except BrokenPipeError:
        # The reader of stdout went away (`desktop-crm imports --json | head -1`): not an
        # error of ours. Point stdout at /dev/null so the exit's flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INTERNAL
    except CrmError as exc:
        sys.stderr.write(f"desktop-crm: {exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("desktop-crm: interrupted; nothing was changed by the interrupted step.\n")
        return 130
    except Exception as exc:  # the one place an unexpected error becomes one line
        from desktop_crm.db import translate_error

        typed = translate_error(exc)
        if isinstance(typed, CrmError):
            sys.stderr.write(f"desktop-crm: {typed.message}\n")
            return typed.exit_code
        _log_internal_error()
        sys.stderr.write(f"desktop-crm: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_INTERNAL
    finally:
        from desktop_crm.db import close_database

        close_database()
        _release_locks()
        _remove_temp_dirs()
