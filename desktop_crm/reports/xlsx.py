"""Small xlsx tables (rejected rows, lists): text is always text, never a live formula.

Also where every xlsx writer's rows wait before they are zipped (`private_scratch`): openpyxl's
write-only sheets stream each row into a file of their own, which it makes in the shared system
temp folder and deletes only at save or at a normal exit. A write killed there (SIGKILL, a power
cut) left customers' names and phones in that folder for good. They go to a private folder
instead, whose owner record lets the next run remove what a dead process left. PDFs, built in
memory, are written through such a record too (`write_bytes`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from desktop_crm.db import default_data_dir, ensure_private_dir
from desktop_crm.errors import CrmError, JobCancelled
from desktop_crm.faults import crash_point
from desktop_crm.processes import process_alive
from desktop_crm.reports.files import TEMP_MARK, write_atomically

# openpyxl turns any text starting with "=" into a formula, and "#N/A"-like text into an error
# cell, unless the cell's type is set explicitly (DESIGN §2). Excel's cell limit is 32,767.
MAX_CELL = 32_767
_ILLEGAL = {c: " " for c in range(32) if c not in (9, 10, 13)}


def text_cell(ws: Any, value: str) -> Any:
    """A write-only cell holding `value` as a string, whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    clean = value.translate(_ILLEGAL)
    if len(clean) > MAX_CELL:
        clean = clean[: MAX_CELL - 13] + " …[truncated]"
    cell = WriteOnlyCell(ws, value=clean)
    cell.data_type = "s"  # after the value: openpyxl guessed "f" for "=…" and "e" for "#N/A"
    return cell


def save_workbook(wb: Any, path: Path) -> None:
    """`wb.save(path)`, but a failure (a full disk) leaves no open file or stray temp file.

    openpyxl streams write-only sheets into temporary files that a failed save would leave
    open until garbage collection, which then complains ("Exception ignored in generator").
    """
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    try:
        with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            crash_point("xlsx:before_save")
            ExcelWriter(wb, archive).save()
    except BaseException:
        abandon_workbook(wb)
        raise


def abandon_workbook(wb: Any) -> None:
    """Close the write-only sheets of a workbook that will not be saved (an error, Cancel, a
    signal) and delete their temporary files now: each holds the rows written so far, and
    openpyxl would keep them until the program exits (and warn when garbage-collected)."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "Sheet1",
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write one sheet (write-only mode), header row bold, via a temporary file."""
    return write_sheets(path, [(sheet, headers, rows)], cancelled=cancelled)


class Formatted(NamedTuple):
    """A workbook cell value with its number format (money in its currency's format)."""

    value: object
    number_format: str


def write_sheets(
    path: Path,
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Several sheets (name, headers, rows) in one workbook, via a temporary file. A cancel
    heard once the workbook is saved, before it takes the target's name, leaves no file
    (JobCancelled); the rows' own generator checks it on the way. Text is always a text cell
    (never a formula); a Formatted value gets its number format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        bold = Font(bold=True)
        with private_scratch(tmp):
            try:
                for name, headers, rows in sheets:
                    ws = wb.create_sheet(name[:31])
                    head = []
                    for h in headers:
                        cell = text_cell(ws, str(h))
                        cell.font = bold
                        head.append(cell)
                    ws.append(head)
                    for row in rows:
                        ws.append([_cell(ws, v) for v in row])
            except BaseException:
                abandon_workbook(wb)
                raise
            if not wb.worksheets:
                wb.create_sheet("empty")
            save_workbook(wb, tmp)
        if cancelled is not None and cancelled():
            raise JobCancelled()

    path = Path(path)
    remove_abandoned_temp_files(path)
    return write_atomically(path, write)


def _cell(ws: Any, value: object) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        return text_cell(ws, value)
    if isinstance(value, Formatted):
        cell = WriteOnlyCell(ws, value=value.value)
        cell.number_format = value.number_format
        return cell
    return WriteOnlyCell(ws, value=value)


# --- Private scratch folders for writes in progress -------------------------------------------
#
# One folder per write, made in SCRATCH_ROOT of the data folder (0700, like the data folder) or,
# when that cannot be written, beside the output. It holds openpyxl's sheet files and
# OWNER_FILE: the process (pid, host) and the temporary output file of the write, so that the
# next run can remove both once that process is gone, and leave a running export's alone (two
# programs on two databases may export at once; the data folder is the same).
SCRATCH_ROOT = "tmp"
SCRATCH_PREFIX = ".desktop-crm-export-"
OWNER_FILE = "owner.json"
# A folder without an owner record yet, or a temporary output nobody claims, untouched this
# long is a killed write's: a write names its folder within a moment, and writes its output
# (CSV) or its sheet files continuously.
STALE_SECONDS = 15 * 60
# Whose process cannot be asked (another computer sharing the data folder), or whose pid is
# alive but may be a new process under a reused pid: untouched this long, it is abandoned.
ABANDONED_SECONDS = 24 * 60 * 60
# atomic_path's temporary name for a target `stem.suffix`: `.stem` + TEMP_MARK + mkstemp's 8
# characters (a file a person named `.customers-20240101.xlsx` is never taken for one).
_TEMP_RANDOM = "[a-z0-9_]{8}"

_scratch = threading.local()
_hook_lock = threading.Lock()
_hooked = False


@contextlib.contextmanager
def private_scratch(output: Path) -> Iterator[Path]:
    """A private folder for openpyxl's sheet files while this thread writes `output` (a
    temporary file), recorded as ours; removed afterwards, whatever happens.

    Only the calling thread's sheets are redirected: the GUI exports on a worker thread, and
    the process-wide temp folder (`tempfile.tempdir`) stays as it is for every other thread.
    """
    _hook_openpyxl()
    with recorded_output(output) as folder:
        previous = getattr(_scratch, "folder", None)
        _scratch.folder = str(folder)
        try:
            yield folder
        finally:
            _scratch.folder = previous


@contextlib.contextmanager
def recorded_output(output: Path) -> Iterator[Path]:
    """A private folder whose owner record names `output` (a temporary file) as this
    process's while the block writes it: killed, the next run removes both."""
    folder = _new_scratch_folder(Path(output))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` (a PDF built in memory) at `path` through a recorded temporary file."""
    path = Path(path)
    remove_abandoned_temp_files(path)

    def write(tmp: Path) -> None:
        with recorded_output(tmp), open(tmp, "wb") as fh:
            half = len(data) // 2
            fh.write(data[:half])
            crash_point("file:writing")
            fh.write(data[half:])

    return write_atomically(path, write)


def _hook_openpyxl() -> None:
    """Make openpyxl create write-only sheet files in the calling thread's scratch folder.

    WORKAROUND for openpyxl 3.1 having no setting for where write-only sheets spool (XlsxWriter
    has `Workbook(tmpdir=…)`; openpyxl's worksheet/_writer.py `create_temporary_file()` always
    uses NamedTemporaryFile in the system temp folder, and no upstream issue asks for one).
    Only that function is replaced, by one doing the same in the thread's scratch folder, or
    exactly what it did outside `private_scratch`. Narrower than redirecting `tempfile.tempdir`,
    which every thread shares. tests/unit/test_export_interrupted.py fails if an openpyxl
    update stops calling it.
    """
    global _hooked
    from openpyxl.worksheet import _writer

    with _hook_lock:
        if _hooked:
            return
        original = _writer.create_temporary_file

        def create_temporary_file(suffix: str = "") -> str:
            folder = getattr(_scratch, "folder", None)
            if folder is None:
                return str(original(suffix))
            fd, name = tempfile.mkstemp(suffix=suffix, prefix="openpyxl.", dir=folder)
            os.close(fd)
            _writer.ALL_TEMP_FILES.append(name)  # as openpyxl does: cleanup() takes it out
            return name

        _writer.create_temporary_file = create_temporary_file
        _hooked = True


def scratch_root() -> Path | None:
    """The private folder in the data folder for writes in progress (None: not writable)."""
    try:
        data = default_data_dir()
        ensure_private_dir(data)
        root = data / SCRATCH_ROOT
        root.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            os.chmod(root, 0o700)
    except (CrmError, OSError):
        return None
    return root


def _new_scratch_folder(output: Path) -> Path:
    root = scratch_root() or output.parent  # a data folder we cannot write: beside the output
    folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=root))  # 0700
    owner = {"pid": os.getpid(), "host": socket.gethostname(), "output": str(output.absolute())}
    # Written whole or not at all: a reader never takes a half-written record for a dead one.
    part = folder / f"{OWNER_FILE}.part"
    try:
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(json.dumps(owner))
        os.replace(part, folder / OWNER_FILE)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)  # a full disk: no empty folder left either
        raise
    return folder


def remove_abandoned_temp_files(target: Path | None = None) -> list[Path]:
    """Remove what writes killed mid-way (SIGKILL, a power cut) left: their scratch folders
    (sheet files full of customer rows) and the temporary output files those name.

    Call it at start-up with no `target` (any command, the GUI); every export calls it with its
    target, which also looks beside the target: for a scratch folder made there, and for our
    temporary name of this very target that no write claims and nobody has touched for
    STALE_SECONDS (killed before its record was written, or by an older version). A running
    write's files are never removed: its record names a live process.

    Returns:
        What was removed.
    """
    removed: list[Path] = []
    claimed: set[str] = set()
    places = [scratch_root(), None if target is None else Path(target).parent]
    for place in dict.fromkeys(p for p in places if p is not None):
        try:
            folders = [p for p in place.iterdir() if p.name.startswith(SCRATCH_PREFIX)]
        except OSError:
            continue
        for folder in folders:
            owner = _read_owner(folder)
            output = owner.get("output") if owner else None
            if not _abandoned(folder, owner):
                if isinstance(output, str):
                    claimed.add(output)
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
            if isinstance(output, str) and _is_temp_output(Path(output)):
                with contextlib.suppress(OSError):
                    Path(output).unlink()
                    removed.append(Path(output))
    if target is not None:
        removed += _remove_stale_outputs(Path(target), claimed)
    return removed


def _read_owner(folder: Path) -> dict[str, Any] | None:
    try:
        owner = json.loads((folder / OWNER_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return owner if isinstance(owner, dict) else None


def _abandoned(folder: Path, owner: dict[str, Any] | None) -> bool:
    """Is this scratch folder a dead write's? (Ours, a live process's or too young: no.)"""
    if not folder.is_dir() or folder.is_symlink():
        return False
    idle = time.time() - _last_touched(folder)
    if owner is None:
        return idle > STALE_SECONDS
    pid = owner.get("pid")
    if owner.get("host") != socket.gethostname() or not isinstance(pid, int) or os.name != "posix":
        return idle > ABANDONED_SECONDS  # a process we cannot ask
    if pid == os.getpid():
        return False  # this process's: another thread may be writing
    if not process_alive(pid):
        return True
    return idle > ABANDONED_SECONDS


def _last_touched(folder: Path) -> float:
    """When the folder or a file in it last changed (a write in progress keeps it fresh)."""
    times = []
    with contextlib.suppress(OSError):
        times.append(folder.stat().st_mtime)
        for p in folder.iterdir():
            with contextlib.suppress(OSError):
                times.append(p.stat().st_mtime)
    return max(times, default=0.0)


def _is_temp_output(path: Path) -> bool:
    """A name atomic_path makes (`.stem.desktop-crm-xxxxxxxx.suffix`), of a file: a record
    never makes us delete anything else, however it was edited."""
    name = path.name
    return (
        re.fullmatch(rf"\..+{re.escape(TEMP_MARK)}{_TEMP_RANDOM}(\.[A-Za-z0-9]+)?", name)
        is not None
        and path.is_file()
        and not path.is_symlink()
    )


def _remove_stale_outputs(target: Path, claimed: set[str]) -> list[Path]:
    pattern = re.compile(
        rf"\.{re.escape(target.stem)}{re.escape(TEMP_MARK)}{_TEMP_RANDOM}{re.escape(target.suffix)}"
    )
    cutoff = time.time() - STALE_SECONDS
    removed: list[Path] = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for p in entries:
        if not pattern.fullmatch(p.name) or str(p.absolute()) in claimed:
            continue
        with contextlib.suppress(OSError):
            if p.is_file() and not p.is_symlink() and p.stat().st_mtime < cutoff:
                p.unlink()
                removed.append(p)
    return removed
