"""Small xlsx tables (rejected rows, lists): text is always text, never a live formula."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop_crm.reports.files import write_atomically

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
            ExcelWriter(wb, archive).save()
    except BaseException:
        for ws in wb.worksheets:
            with contextlib.suppress(Exception):
                if not ws.closed:
                    ws.close()
            writer = getattr(ws, "_writer", None)
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.cleanup()
        raise


def write_table(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]], *, sheet: str = "Sheet1"
) -> Path:
    """Write one sheet (write-only mode), header row bold, via a temporary file."""
    return write_sheets(path, [(sheet, headers, rows)])


def write_sheets(
    path: Path, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]
) -> Path:
    """Several sheets (name, headers, rows) in one workbook, via a temporary file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        bold = Font(bold=True)
        for name, headers, rows in sheets:
            ws = wb.create_sheet(name[:31])
            head = []
            for h in headers:
                cell = text_cell(ws, str(h))
                cell.font = bold
                head.append(cell)
            ws.append(head)
            for row in rows:
                ws.append(
                    [
                        text_cell(ws, v) if isinstance(v, str) else WriteOnlyCell(ws, value=v)
                        for v in row
                    ]
                )
        if not wb.worksheets:
            wb.create_sheet("empty")
        save_workbook(wb, tmp)

    return write_atomically(path, write)
