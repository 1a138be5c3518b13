"""Read a file into sheets of raw cells: xlsx/xlsm/xlsb/ods/xls via python-calamine, CSV via csv.

Nothing here knows about platforms. The only rules are safety (size limits, zip and XML bombs
refused before a parser sees the file) and faithful decoding (the encoding is detected; a file
that cannot be decoded exactly is refused rather than stored with U+FFFD).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeAlias, cast

import charset_normalizer
import python_calamine

from .records import ImportFileError, UnsafeFile

Cell: TypeAlias = str | int | float | datetime | date | bool | None

DEFAULT_MAX_BYTES = 500 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_SIZE = 1024 * 1024  # small members may compress better than 100:1 (empty styles…)
_CHUNK = 1024 * 1024
# A reader runs on a worker thread and must not hold the GIL long (the window would freeze):
# rows are taken from calamine and the csv module this many at a time, text decoded in steps.
CHUNK_ROWS = 2000
_DECODE_STEP = 2 * 1024 * 1024

WORKBOOK_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".xls", ".ods"})
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_BOMB_MARKERS = tuple(
    marker.encode(enc)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for enc in ("ascii", "utf-16-le", "utf-16-be")
)
_DATE1904_RE = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*?\bdate1904\s*=\s*[\"'](?:1|true)[\"']")
_DELIMITERS = (",", "\t", ";")
# A text file is refused before its rows are built when it has more lines or cells than this:
# each cell costs ~60 bytes of memory as a row, so 40 MB of one-letter lines would take 4 GB
# (and 30 s) only to be found to be no export. 100k-order exports have ~5 M cells.
MAX_CSV_LINES = 5_000_000
MAX_CSV_CELLS = 40_000_000
# Line boundaries of str.splitlines() beyond \n, \r and \r\n (the ones csv reads lines at).
_EXTRA_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass(slots=True)
class Sheet:
    """One sheet (or a whole CSV file) as rows of raw cells; row i is spreadsheet row i + 1."""

    name: str
    rows: list[list[Cell]]
    date1904: bool = False  # the workbook counts serial dates from 1904 (old Mac Excel)
    source: str = ""  # "csv" or "workbook"
    encoding: str | None = None  # CSV only: the detected encoding
    delimiter: str | None = None  # CSV only
    notes: list[str] = field(default_factory=list)


def read_sheets(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Sheet]:
    """Read every sheet of a workbook, or the single table of a CSV/TSV/TXT file.

    Raises:
        UnsafeFile: too big, a zip bomb or an XML bomb.
        ImportFileError: missing, unreadable, damaged or binary.
    """
    file = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise ImportFileError(file, "not a file")
    except FileNotFoundError:
        raise ImportFileError(file, "file not found") from None
    except OSError as exc:
        raise ImportFileError(file, f"cannot open the file ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise UnsafeFile(
            file,
            f"{p.name} is {size / 1e6:.0f} MB; files over {max_bytes / 1e6:.0f} MB are refused",
        )
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFileError(file, f"cannot open the file ({exc.strerror or exc})") from None
    if size == 0:
        raise ImportFileError(file, "the file is empty")
    if head.startswith(_ZIP_MAGIC):
        date1904 = inspect_zip(p, file)
        return _read_workbook(p, file, date1904)
    if head.startswith(_OLE_MAGIC):
        return _read_workbook(p, file, False)
    try:
        holder = [p.read_bytes()]
    except OSError as exc:
        raise ImportFileError(file, f"cannot read the file ({exc.strerror or exc})") from None
    return [_csv_sheet(holder, file, p.stem)]


# --------------------------------------------------------------------------------------------
# Workbooks


def inspect_zip(path: str | os.PathLike[str], file: str | None = None) -> bool:
    """Refuse zip and XML bombs without unpacking into memory; return the date1904 flag.

    Checks the central directory (member count, declared sizes and ratios), then streams every
    member once in 1 MB chunks: a member whose data outruns its declared size fails the CRC
    check (Python's zipfile stops at the declared size), and XML members are searched for
    `<!DOCTYPE` / `<!ENTITY`, which no spreadsheet needs and billion-laughs attacks require.
    """
    file = file or str(path)
    name = Path(path).name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(
            file, f"{name} is not a readable workbook (damaged zip: {exc})"
        ) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise UnsafeFile(
                file, f"{name} is refused: {len(infos):,} zip members (limit {MAX_ZIP_MEMBERS:,})"
            )
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise UnsafeFile(
                file,
                f"{name} is refused: it unpacks to {total / 1e6:,.0f} MB "
                f"(limit {MAX_UNCOMPRESSED / 1e6:.0f} MB); possibly a zip bomb",
            )
        for info in infos:
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise UnsafeFile(
                    file,
                    f"{name} is refused: member {info.filename} compresses "
                    f"{info.file_size // max(info.compress_size, 1):,}:1 (limit {MAX_RATIO}:1); "
                    "possibly a zip bomb",
                )
        date1904 = False
        for info in infos:
            if info.is_dir():
                continue
            is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
            head = _stream_member(zf, info, file, name, scan=is_xml)
            if info.filename.lower().endswith("workbook.xml") and _DATE1904_RE.search(head):
                date1904 = True
    return date1904


def _stream_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, name: str, *, scan: bool
) -> bytes:
    """Read one member in chunks, verifying its size/CRC; return its first 64 KB."""
    head = b""
    tail = b""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                if len(head) < 65536:
                    head += chunk[: 65536 - len(head)]
                # Every marker contains "!" (in UTF-16 too): one memchr pass rules most chunks
                # out before the marker searches.
                if scan and (b"!" in chunk or b"!" in tail):
                    window = tail + chunk
                    for marker in _BOMB_MARKERS:
                        if marker in window:
                            raise UnsafeFile(
                                file,
                                f"{name} is refused: {info.filename} declares a DOCTYPE/ENTITY "
                                "(XML bomb)",
                            )
                if scan:
                    tail = chunk[-32:]
    except UnsafeFile:
        raise
    except Exception as exc:  # BadZipFile (CRC: more data than declared), zlib.error, OSError…
        raise ImportFileError(file, f"{name} is damaged ({info.filename}: {exc})") from None
    return head


def _read_workbook(path: Path, file: str, date1904: bool) -> list[Sheet]:
    """Read all sheets with calamine (which reads every row, whatever `<dimension>` says)."""
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            sheets = []
            for meta in wb.sheets_metadata:
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue  # chart sheets, macro sheets: no rows
                sh = wb.get_sheet_by_name(meta.name)
                sheets.append(Sheet(meta.name, _worksheet_rows(sh), date1904, "workbook"))
        finally:
            wb.close()
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # pyo3 panics derive from BaseException
        msg = str(exc).strip() or type(exc).__name__
        if "password" in msg.lower() or "encrypt" in msg.lower():
            msg = "the workbook is password-protected; remove the password and export again"
        raise ImportFileError(file, f"{path.name} is not a readable workbook ({msg})") from None
    if not sheets:
        raise ImportFileError(file, f"{path.name} has no worksheets")
    return sheets


def _worksheet_rows(sh: Any) -> list[list[Cell]]:
    """The sheet's rows from A1, blank leading rows and columns included (what
    `to_python(skip_empty_area=False)` gives), with time and duration cells as text.

    Taken CHUNK_ROWS rows at a time: one `to_python` call holds the GIL for the whole sheet
    (0.7 s for 100k rows), and a reader on a worker thread would freeze the window that long.
    """
    if sh.start is None:
        return []
    (first_row, first_col), (last_row, last_col) = sh.start, sh.end
    pad: list[Any] = [""] * first_col
    rows: list[list[Any]] = []
    types: set[type] = set()
    cells = itertools.chain.from_iterable
    it = iter(sh.iter_rows())
    while chunk := list(itertools.islice(it, CHUNK_ROWS)):
        if first_col and len(chunk[0]) == last_col + 1 - first_col:
            chunk = [pad + row for row in chunk]  # rows that start at the first used column
        types.update(map(type, cells(chunk)))  # in C; most sheets have no time cell to fix
        rows.extend(chunk)
    if first_row and len(rows) == last_row + 1 - first_row:  # rows from the first used one
        rows[:0] = [[""] * (last_col + 1) for _ in range(first_row)]
    if any(issubclass(t, time | timedelta) for t in types):
        _fix_cells(rows)
    return cast(list[list[Cell]], rows)


def _fix_cells(rows: list[list[Any]]) -> None:
    """Turn the rare time/duration cells into text; leave everything else untouched."""
    for row in rows:
        for i, v in enumerate(row):
            if isinstance(v, time | timedelta):
                row[i] = v.isoformat() if isinstance(v, time) else str(v)


# --------------------------------------------------------------------------------------------
# Text files


def read_csv_bytes(data: bytes, file: str, *, name: str = "") -> Sheet:
    """Decode CSV/TSV bytes (encoding and delimiter detected) into one Sheet."""
    return _csv_sheet([data], file, name)


def _csv_sheet(holder: list[bytes], file: str, name: str) -> Sheet:
    """read_csv_bytes, taking the bytes out of `holder`: each stage's input is freed once used.

    The rows of a 100k-line export take a few hundred MB; the bytes, the decoded text and its
    lines are let go before (or while) the rows are built, so they do not add to the peak.
    """
    text, encoding = decode_text(holder.pop(), file)
    if "\x00" in text:
        text = text.replace("\x00", "")
    delimiter = detect_delimiter(text)
    _check_table_size(text, delimiter, file)
    # csv reads lines split at \n, \r and \r\n, as io.StringIO(newline="") yields them;
    # str.splitlines(keepends=True) gives the same lines faster unless other breaks occur.
    lines: Iterable[str]
    if any(c in text for c in _EXTRA_LINE_BREAKS):
        lines = io.StringIO(text, newline="")
    else:
        lines = _drain(text.splitlines(keepends=True))
    del text
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[list[Cell]] = []
    try:
        while chunk := list(itertools.islice(reader, CHUNK_ROWS)):
            rows.extend(chunk)
    except csv.Error as exc:
        raise ImportFileError(file, f"not a readable CSV file ({exc})") from None
    return Sheet(name, rows, False, "csv", encoding, delimiter)


def _check_table_size(text: str, delimiter: str, file: str) -> None:
    """Refuse text with more lines or cells than MAX_CSV_LINES / MAX_CSV_CELLS (counted in C,
    before any row is built; a delimiter inside quotes counts too, which only errs on the safe
    side)."""
    lines = max(text.count("\n"), text.count("\r")) + 1
    cells = text.count(delimiter) + lines
    if lines > MAX_CSV_LINES or cells > MAX_CSV_CELLS:
        raise UnsafeFile(
            file,
            f"{Path(file).name} has {lines:,} lines and {cells:,} cells, more than one import "
            f"reads ({MAX_CSV_LINES:,} lines, {MAX_CSV_CELLS:,} cells); export a shorter period",
        )


def _drain(lines: list[str]) -> Iterator[str]:
    """Yield the lines in order, letting go of each one as it is taken."""
    lines.reverse()
    pop = lines.pop
    while lines:
        yield pop()


def _looks_binary(data: bytes) -> bool:
    """Return True for files that are clearly not text (many control bytes up front)."""
    sample = data[:65536]
    if not sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13, 26))
    return sample[:1] == b"\x00" or controls * 20 > len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the NUL pattern of ASCII characters."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode a text export exactly; return (text, encoding name).

    Order: BOMs (UTF-8, then UTF-16), strict UTF-8, BOM-less UTF-16, strict GB18030 (a superset
    of GBK/GB2312), then charset-normalizer. A UTF-8 BOM in front of GB18030 bytes happens when
    a tool prepends a BOM without converting. Nothing is decoded with replacement characters.
    """
    if data.startswith(codecs.BOM_UTF8):
        body = data[3:]
        for enc in ("utf-8", "gb18030"):
            try:
                return _decode(body, enc), ("utf-8-sig" if enc == "utf-8" else "gb18030 (BOM)")
            except UnicodeDecodeError:
                pass
        raise ImportFileError(file, "the file starts with a UTF-8 mark but is not valid text")
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _decode(data[2:], enc), enc
            except UnicodeDecodeError:
                raise ImportFileError(file, f"not valid {enc.upper()} text") from None
    enc16 = _utf16_without_bom(data)
    if enc16:
        try:
            return _decode(data, enc16), enc16
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise ImportFileError(file, "this is a binary file, not a spreadsheet or CSV export")
    try:
        return _decode(data, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 has its own BOM (84 31 95 33, which decodes to U+FEFF): it is no header text.
        return _decode(data, "gb18030").removeprefix("\ufeff"), "gb18030"
    except UnicodeDecodeError:
        pass
    guess = _charset_normalizer_guess(data)
    if guess:
        try:
            return _decode(data, guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    raise ImportFileError(
        file, "cannot tell the text encoding (not UTF-8, UTF-16 or GBK); save it as UTF-8 CSV"
    )


def _decode(data: bytes, encoding: str) -> str:
    """`data.decode(encoding)` (strict), _DECODE_STEP bytes at a time: a single call on a big
    export holds the GIL throughout (0.2 s for 26 MB of GBK)."""
    if len(data) <= _DECODE_STEP:
        return data.decode(encoding)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    view = memoryview(data)
    parts = [decoder.decode(view[i : i + _DECODE_STEP]) for i in range(0, len(data), _DECODE_STEP)]
    parts.append(decoder.decode(b"", True))
    return "".join(parts)


def _charset_normalizer_guess(data: bytes) -> str | None:
    """Ask charset-normalizer for its best guess (last resort; it is slow on big files)."""
    try:
        best = charset_normalizer.from_bytes(data[:200_000]).best()
    except Exception:  # a heuristic library: any failure means "no guess"
        return None
    return best.encoding if best is not None else None


def detect_delimiter(text: str) -> str:
    """Pick comma, tab or semicolon: the one giving the most consistent multi-column rows."""
    sample = text[:65536]
    if len(text) > len(sample):
        cut = sample.rfind("\n")
        if cut > 0:
            sample = sample[:cut]
    lines = sample.splitlines()[:40]
    best, best_score = ",", 0
    for delim in _DELIMITERS:
        if not any(delim in line for line in lines):
            continue
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines), newline=""), delimiter=delim))
        except csv.Error:
            continue
        counts: dict[int, int] = {}
        for row in rows:
            if len(row) > 1 and any(c.strip() for c in row):
                counts[len(row)] = counts.get(len(row), 0) + 1
        if not counts:
            continue
        width, freq = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        score = width * freq
        if score > best_score:
            best, best_score = delim, score
    return best
