"""The `desktop-crm` command (DESIGN §5). A contract users' scripts rely on: keep it stable.

No Qt is imported unless the GUI (or a PDF writer) is asked for. Errors are one line on stderr
and a non-zero exit code; a traceback only goes to the log file.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from desktop_crm import __version__
from desktop_crm.errors import CrmError

log = logging.getLogger("desktop_crm")

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
        default=None if top else argparse.SUPPRESS,
        help="database file (default: your own database in the data folder)",
    )


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


def _open(args: argparse.Namespace, *, create: bool = False) -> Path:
    from desktop_crm.db import default_data_dir, default_db_path, ensure_private_dir, open_database

    if args.db:
        return open_database(Path(args.db), create=create)
    ensure_private_dir(default_data_dir())
    return open_database(default_db_path(), create=True)


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

    _open(args)
    figures = store_stats(today=_today())
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, separators=(",", ":"), sort_keys=False))
    else:
        for key, value in figures.items():
            print(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desktop_crm.services.check import run_check

    path = _open(args)
    report = run_check(fix=args.fix)
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


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window (imports Qt only now)."""
    from desktop_crm.app import run_app

    return run_app(db_path=Path(args.db) if args.db else None, demo=args.demo)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `desktop-crm` console script and `python main.py`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            return run_gui(args)
        return int(func(args))
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
        log.exception("internal error")
        sys.stderr.write(f"desktop-crm: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_INTERNAL
    finally:
        from desktop_crm.db import close_database

        close_database()
