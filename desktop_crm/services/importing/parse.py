"""Entry point of the parse layer: a file path in, a ParseResult of normalised records out.

Steps: read the sheets (reader.py), find the header row and layout (platforms.py signatures),
skip rows that are not data (blank, footer, a repeated header), group rows to orders, call the
layout's parser per order, reject bad rows with a reason, and de-duplicate orders repeated in
the file (the later one wins as a whole, with a note). No database, no Qt.
"""

from __future__ import annotations

import hashlib
import operator
import os
import pickle
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from desktop_crm.errors import CrmError, JobCancelled
from desktop_crm.services.gc_pause import paused_gc

from .normalize import (
    OFFICIAL_PROVINCES,
    clean_caches_after_file,
    clean_order_id,
    clean_text,
    is_blank,
    official_province,
)
from .platforms import (
    TAOBAO_DETAILS,
    Context,
    DetailLine,
    PlatformSpec,
    Row,
    RowError,
    RowRef,
    header_key,
    specs_for,
)
from .reader import DEFAULT_MAX_BYTES, Sheet, read_sheets
from .records import (
    CLOSED,
    CUSTOMERS,
    ORDERS,
    PENDING,
    PLATFORMS,
    REFUNDED,
    ImportFileError,
    MissingColumns,
    ParsedCustomer,
    ParsedItem,
    ParsedOrder,
    ParseResult,
    Rejected,
    UnknownLayout,
)

__all__ = ["DEFAULT_MAX_BYTES", "ParserCrash", "detect", "find_detail_file", "parse_file"]

HEADER_SCAN_ROWS = 30
# Orders dated before this are impossible for an online shop (an Excel serial such as 5 gives
# 1900-01-05); they are rejected like any other invalid date.
EARLIEST_ORDER = datetime(1995, 1, 1)

# Summary labels, and the who-and-when stamp an export tool writes under the rows (导出时间：…):
# a footer only when the row has no order id of its own.
_FOOTER_RE = re.compile(
    r"^(?:合计|总计|小计|汇总|共计|导出(?:时间|日期|人)|制表(?:时间|日期|人)|打印(?:时间|日期|人))"
    r"|^(?:totals?|grand\s+total|sum)\b",
    re.IGNORECASE,
)
# eBay's trailer lines: footers wherever they sit.
_TRAILER_RE = re.compile(r"record\(s\)\s*downloaded|^seller\s*id\s*[:：]", re.IGNORECASE)
_DETAIL_NAME_RE = re.compile(r"^ExportOrderList(.*)$", re.IGNORECASE)
# First characters of a key cell that make a row plainly a data row: not whitespace (so the row
# is not blank) and no footer label (合计, Total…) can start with them.
_ID_START = frozenset("0123456789=#")

# The per-file fast parsers (PlatformSpec.fast). Tests turn them off to check that both paths
# give the same ParseResult.
FAST_PATHS = True

# The parse loop reports progress and asks about Cancel every this many orders.
PROGRESS_EVERY = 2048

# Part of every row digest: change it whenever a parser reads the same cells differently, so
# that orders imported by the old reading are parsed again rather than skipped as unchanged.
# 2: a fully refunded order is refunded whatever its status text; Douyin rows with different
# 订单应付金额 are added up; eBay orders with a Shipped On Date are shipped; provinces by their
# official names.
# 3: an unpaid (pending) or cancelled (closed) order without a refund has nothing paid, on every
# platform (JD, Shopify and WooCommerce give the order's total for those too).
# 4: a currency cell is read as its ISO code by every reader (Shopify's `$` is USD, `RMB` and
# `人民币` are CNY) or its row is refused; amounts may be written `100美元`, `￥12`.
READING_VERSION = "4"

# parse_file's `known`: (platform, order numbers of the file) → the stored source_digest of
# those already in the database.
KnownDigests = Callable[[str, list[str]], Mapping[str, "str | None"]]


class ParserCrash(ImportFileError):
    """An unexpected error inside the parser: reported as an unreadable file, never a traceback."""


@dataclass(slots=True)
class _Match:
    """Where a layout's header was found."""

    sheet: int
    row: int  # 0-based index into sheet.rows
    spec: PlatformSpec
    score: int
    missing: list[str]


def detect(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, str, str]:
    """Return (platform, kind, layout) of an export file.

    Raises:
        UnknownLayout: no known header in the first rows of any sheet.
        ImportFileError: unreadable or unsafe file.
    """
    file = str(path)
    try:
        sheets = read_sheets(path, max_bytes=max_bytes)
        match = _locate(sheets, specs_for())
    except (ImportFileError, CrmError):
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # any surprise becomes a file-level error
        raise ParserCrash(file, f"could not read the file ({type(exc).__name__}: {exc})") from exc
    if match is None:
        raise UnknownLayout(file, _unknown_message(sheets))
    return match.spec.platform, match.spec.kind, match.spec.layout


def parse_file(
    path: str | os.PathLike[str],
    *,
    platform: str = "auto",
    kind: str | None = None,
    now: datetime,
    detail_path: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    local_tz: tzinfo | None = None,
    known: KnownDigests | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ParseResult:
    """Read an export into normalised orders or customers plus rejected rows.

    Args:
        path: the export file (csv/tsv/txt/xlsx/xlsm/xls/xlsb/ods).
        platform: "auto" or one of records.PLATFORMS; a forced platform whose required columns
            are missing raises MissingColumns.
        kind: "orders", "customers" or None (any).
        now: orders dated more than a day after it are rejected.
        detail_path: Taobao 宝贝报表 to join as item lines; found automatically next to an
            `ExportOrderList…` file when None.
        max_bytes: files larger than this are refused.
        local_tz: the store's zone for times carrying an offset (default: the machine's).
        known: when given, each order gets the digest of its rows (ParsedOrder.source_digest),
            and an order whose rows have the digest `known` reports for it is not parsed at
            all: it goes to ParseResult.unchanged (see digestible for when digests apply).
        progress: told (done, 100) as the file is read (40), its rows grouped (55), and its
            orders parsed (up to 100).
        cancelled: asked between orders; when it says True, JobCancelled is raised.

    Raises:
        ImportFileError: (or a subclass) when nothing can be imported; bad rows never raise.
    """
    if platform != "auto" and platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r}")
    if kind not in (None, ORDERS, CUSTOMERS):
        raise ValueError(f"unknown kind {kind!r}")
    file = str(path)
    try:
        with paused_gc():
            return _parse_file(
                path, platform, kind, now, detail_path, max_bytes, local_tz, known,
                progress or _no_progress, cancelled or _never,
            )  # fmt: skip
    except (ImportFileError, JobCancelled):
        raise
    except CrmError:
        raise  # the database's state (read-only, busy, full), not the file's
    except (KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        raise ImportFileError(file, "not enough memory to read the file") from None
    except RecursionError as exc:
        raise ParserCrash(file, "could not read the file (nested too deeply)") from exc
    except Exception as exc:  # the contract: ParseResult or ImportFileError
        raise ParserCrash(file, f"could not read the file ({type(exc).__name__}: {exc})") from exc
    finally:
        clean_caches_after_file()


def _no_progress(done: int, total: int) -> None:
    """Progress callback that ignores progress."""


def _never() -> bool:
    return False


def find_detail_file(path: str | os.PathLike[str]) -> Path | None:
    """Return the ExportOrderDetailList file exported with an ExportOrderList file, if present."""
    p = Path(path)
    m = _DETAIL_NAME_RE.match(p.stem)
    if not m:
        return None
    for ext in dict.fromkeys((p.suffix, ".csv", ".xlsx", ".xls")):
        candidate = p.with_name(f"ExportOrderDetailList{m.group(1)}{ext}")
        if candidate.is_file():
            return candidate
    return None


def joined_detail_files(paths: Iterable[Path]) -> dict[Path, Path]:
    """Among files chosen together, each 宝贝报表 whose ExportOrderList is chosen too, mapped to
    that order file: importing the order file joins it, so it is not imported on its own
    (alone it would be refused as 'item lines only')."""
    chosen = list(paths)
    out: dict[Path, Path] = {}
    for path in chosen:
        detail = find_detail_file(path)
        if detail is None:
            continue
        for other in chosen:
            if other != path and other.resolve() == detail.resolve():
                out[other] = path
    return out


# --------------------------------------------------------------------------------------------
# Layout detection


def _locate(sheets: list[Sheet], specs: list[PlatformSpec]) -> _Match | None:
    """Find the best (sheet, header row, layout) whose required columns are all present.

    A layout of higher priority wins wherever it is (千牛's line sheet over the order sheet of
    the same workbook); among equals, the header matching the most fields.
    """
    best: _Match | None = None
    for si, sheet in enumerate(sheets):
        for ri, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            keys = [header_key(c) for c in row if not is_blank(c)]
            if len(keys) < 2:
                continue
            for spec in specs:
                score, missing = spec.match(keys)
                if missing or score == 0:
                    continue
                if best is None or (spec.priority, score) > (best.spec.priority, best.score):
                    best = _Match(si, ri, spec, score, missing)
    return best


def _closest(sheets: list[Sheet], specs: list[PlatformSpec]) -> _Match:
    """Find the header row that comes closest to a layout (for the MissingColumns message)."""
    best: _Match | None = None
    for si, sheet in enumerate(sheets):
        for ri, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            keys = [header_key(c) for c in row if not is_blank(c)]
            for spec in specs:
                score, missing = spec.match(keys)
                if best is None or (score - len(missing)) > (best.score - len(best.missing)):
                    best = _Match(si, ri, spec, score, missing)
    if best is None or best.score == 0:
        # Nothing of any of these layouts is there: name what the platform's order export
        # needs (not whichever layout happens to need the fewest columns).
        spec = next((s for s in specs if s.kind == ORDERS), specs[0])
        return _Match(0, 0, spec, 0, [c.names[0] for c in spec.required])
    return best


def _unknown_message(sheets: list[Sheet]) -> str:
    """Describe an unrecognised file without echoing row data (which may hold personal data)."""
    count = "1 sheet" if len(sheets) == 1 else f"{len(sheets)} sheets"
    return (
        "unknown layout: no known export header (Taobao, 千牛, JD, Pinduoduo, Douyin, Shopify, "
        f"WooCommerce, Etsy, eBay) in the first {HEADER_SCAN_ROWS} rows of {count}; "
        "choose the platform or map the columns"
    )


def _build_context(
    file: str,
    sheet: Sheet,
    match: _Match,
    *,
    local_tz: tzinfo | None,
    now: datetime | None,
) -> tuple[Context, list[str], list[str]]:
    """Map the header row's columns to the layout's fields; disambiguate duplicate names."""
    spec = match.spec
    header_cells = sheet.rows[match.row]
    headers: list[str] = []
    seen: dict[str, int] = {}
    notes: list[str] = []
    for cell in header_cells:
        name = clean_text(cell)
        n = seen.get(name, 0) + 1
        seen[name] = n
        headers.append(name if n == 1 or not name else f"{name}#{n}")
    for name, n in seen.items():
        if name and n > 1:
            others = ", ".join(f"{name}#{k}" for k in range(2, n + 1))
            notes.append(f"duplicate column {name!r}: the first is used; the others are {others}")
    idx: dict[str, int] = {}
    names: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for i, cell in enumerate(header_cells):
        key = header_key(cell)
        fld = spec.field_of(key)
        if fld is None:
            continue
        rank = spec.rank_of(fld, key)
        if fld not in idx or rank < ranks[fld]:
            idx[fld], names[fld], ranks[fld] = i, headers[i], rank
    ctx = Context(
        file,
        spec.platform,
        idx,
        names,
        date1904=sheet.date1904,
        local_tz=local_tz,
        now=now,
    )
    return ctx, headers, notes


# --------------------------------------------------------------------------------------------
# Rows


def _is_blank_row(row: Sequence[object]) -> bool:
    """Return True for rows without any non-blank cell."""
    for c in row:
        if c is None or c == "":
            continue
        if isinstance(c, str) and not c.strip():
            continue
        return False
    return True


def _is_footer(row: Sequence[object], key_cell: object) -> bool:
    """Return True for summary rows (合计, Total) and eBay's record count and seller id."""
    key_is_label = key_cell is None or (
        isinstance(key_cell, str) and (not key_cell.strip() or _FOOTER_RE.search(key_cell.strip()))
    )
    checked = 0
    for c in row:
        if isinstance(c, str):
            if not c or c.isspace():
                continue
            # Cheap substring tests first: this runs on every data row.
            if ("downloaded" in c or "eller" in c) and _TRAILER_RE.search(c.strip()):
                return True
            if key_is_label and _FOOTER_RE.search(c.strip()):
                return True
        elif c is None:
            continue
        checked += 1
        if checked >= 3:
            break
    return False


def _has_trailer_text(row: Sequence[object]) -> bool:
    """Return True when one of the first three non-blank cells could be eBay's trailer.

    _is_footer's scan without the footer-label test (for rows whose key cell is no label).
    """
    checked = 0
    for c in row:
        if isinstance(c, str):
            if not c or c.isspace():
                continue
            if "downloaded" in c or "eller" in c:
                return True
        elif c is None:
            continue
        checked += 1
        if checked >= 3:
            break
    return False


def _data_rows(
    sheet: Sheet, match: _Match, ctx: Context, headers: list[str]
) -> tuple[list[RowRef], int]:
    """Return the data rows (row number, cells) after the header, and how many were read."""
    key_field = match.spec.key_field
    key_index = ctx.idx.get(key_field, -1)
    key_header = headers[key_index] if 0 <= key_index < len(headers) else None
    out: list[RowRef] = []
    for i in range(match.row + 1, len(sheet.rows)):
        row = sheet.rows[i]
        if _is_blank_row(row):
            continue
        key_cell = row[key_index] if 0 <= key_index < len(row) else None
        if key_header and (
            key_cell == key_header or isinstance(key_cell, str) and key_cell.strip() == key_header
        ):
            continue  # the header again (files concatenated by hand)
        if _is_footer(row, key_cell):
            continue
        out.append((i + 1, row))
    return out, len(out)


def _scan(
    sheet: Sheet, match: _Match, ctx: Context, headers: list[str], rejected: list[Rejected]
) -> tuple[list[tuple[str, list[RowRef]]], int]:
    """_data_rows and _group in one pass: (the occurrences of orders, how many rows were read).

    Gives exactly what `_group(spec, ctx, _data_rows(...)[0], rejected)` gives; a row whose key
    cell is a plain id (`2039…`, `="2039…"`, `#1001`) skips the blank, header and footer tests
    that cannot apply to it.
    """
    spec = match.spec
    rows = sheet.rows
    key_field = spec.key_field
    key_index = ctx.idx.get(key_field, -1)
    key_header = headers[key_index] if 0 <= key_index < len(headers) else None
    # A header that itself starts like an id must be compared on every row.
    plain_ids = not (key_header and key_header[0] in _ID_START)
    key_of = spec.row_key
    multi_row = spec.multi_row
    starts_repeat = spec.starts_repeat
    current: dict[str, list[RowRef]] = {}
    occurrences: list[tuple[str, list[RowRef]]] = []
    read = 0
    for i in range(match.row + 1, len(rows)):
        row = rows[i]
        key_cell = row[key_index] if 0 <= key_index < len(row) else None
        if plain_ids and key_cell.__class__ is str and key_cell[:1] in _ID_START:
            # Not blank, not the header, no footer label: only eBay's trailer could be a footer.
            if len(row) >= 3:
                a, b, c = row[0], row[1], row[2]
                if (
                    a.__class__ is str
                    and b.__class__ is str
                    and c.__class__ is str
                    and a
                    and b
                    and c
                    and not (a.isspace() or b.isspace() or c.isspace())
                ):
                    # The three first non-blank cells: no trailer text, no footer.
                    abc = a + b + c
                    if ("downloaded" in abc or "eller" in abc) and _is_footer(row, key_cell):
                        continue
                elif _has_trailer_text(row) and _is_footer(row, key_cell):
                    continue
            elif _is_footer(row, key_cell):
                continue
        else:
            if _is_blank_row(row):
                continue
            if key_header and (
                key_cell == key_header
                or isinstance(key_cell, str)
                and key_cell.strip() == key_header
            ):
                continue  # the header again (files concatenated by hand)
            if _is_footer(row, key_cell):
                continue
        read += 1
        rownum = i + 1
        try:
            key = key_of(ctx, row) if key_of is not None else clean_order_id(key_cell)
        except ValueError as exc:
            rejected.append(Rejected(rownum, str(exc)))
            continue
        if multi_row:
            group = current.get(key) if key else None
            if group is not None and not (
                starts_repeat is not None and starts_repeat(ctx, group, row)
            ):
                group.append((rownum, row))
                continue
            group = [(rownum, row)]
            if key:
                current[key] = group
        else:
            group = [(rownum, row)]
        occurrences.append((key, group))
    return occurrences, read


def _record_values(rec: object) -> tuple[object, ...]:
    """The fields of a record that matter for "do these two rows say the same thing"."""
    return tuple(
        getattr(rec, f.name)
        for f in fields(rec)  # type: ignore[arg-type]
        if f.name not in ("row", "notes", "source_digest")
    )


# --------------------------------------------------------------------------------------------
# Row digests: re-imports skip the rows a stored order was read from


def digestible(spec: PlatformSpec, ctx: Context) -> bool:
    """Whether orders of this file can be known by the digest of their own rows.

    Only where an order is its rows and nothing else: grouped by its order number (so the key
    is the order number), and no other sheet or file joined into it (千牛's companion sheets,
    Taobao's 宝贝报表 — the caller leaves those out).
    """
    return (
        spec.kind == ORDERS
        and spec.key_field == "order_no"
        and spec.row_key is None
        and spec.detail_of is None
        and not ctx.joined
    )


def reading_key(local_tz: tzinfo | None = None) -> str:
    """How files are read, besides their own header: the parsers' version and the time zone
    times with an offset are converted to (the machine's when None)."""
    zone = (
        repr(local_tz)
        if local_tz is not None
        else repr((time.timezone, time.altzone, time.daylight, time.tzname))
    )
    return repr((READING_VERSION, zone))


def _reading(ctx: Context) -> bytes:
    """Everything besides the cells that decides how a row is read: the digests' prefix."""
    return repr(
        (reading_key(ctx.local_tz), ctx.platform, sorted(ctx.idx.items()), ctx.date1904)
    ).encode("utf-8", "surrogatepass")


def _getter(columns: list[int]) -> Callable[[Row], tuple[object, ...]]:
    """A C-speed function giving a row's cells at these positions, always as a tuple."""
    if len(columns) > 1:
        return operator.itemgetter(*columns)  # type: ignore[return-value]
    if columns:
        only = operator.itemgetter(columns[0])
        return lambda row: (only(row),)
    return lambda row: ()


def _row_encoder(ctx: Context, text_rows: bool) -> tuple[Callable[[Row], bytes], bytes]:
    """How to turn a row into bytes for its digest, and a tag naming that encoding.

    Only the cells of the layout's columns count: a parser reads a row through ctx.idx and
    nothing else, so a column the layout ignores may change without the order being read again.
    Every encoding is exact (equal bytes, equal cells):
    - a CSV row is text without NUL (the reader drops NULs): its cells NUL-joined, in UTF-8
      (twice as fast as pickling it);
    - other rows are pickled: C-fast for every cell type a reader gives (text, numbers, dates),
      and unlike str() it never confuses None with "None" or 1.0 with "1.0".
    """
    columns = sorted(set(ctx.idx.values()))
    width = columns[-1] + 1 if columns else 0
    pick = _getter(columns)
    dumps = pickle.dumps

    def pickled(row: Row) -> bytes:
        # A short row reads as blanks past its end (Context.raw), so it is padded alike.
        return dumps(tuple(row[i] if i < len(row) else None for i in columns), 5)

    if text_rows:

        def text(row: Row) -> bytes:
            if len(row) < width:
                return pickled(row)
            return "\x00".join(pick(row)).encode("utf-8", "surrogatepass")  # type: ignore[arg-type]

        return text, b"text"

    def cells(row: Row) -> bytes:
        if len(row) < width:
            return pickled(row)
        return dumps(pick(row), 5)

    return cells, b"cells"


def _unchanged_left_out(
    ctx: Context,
    occurrences: list[tuple[str, list[RowRef]]],
    stored: Mapping[str, str | None],
    unchanged: list[str],
    *,
    text_rows: bool,
) -> tuple[list[tuple[str, list[RowRef]]], list[str]]:
    """Digest every order's rows; leave out the orders whose rows are what their stored
    version was read from (their numbers go to `unchanged`). Returns the orders to parse and
    their digests (the left-out ones' digests are the stored ones)."""
    encode, kind = _row_encoder(ctx, text_rows)
    base = hashlib.blake2b(_reading(ctx) + kind, digest_size=16)
    dumps = pickle.dumps
    kept: list[tuple[str, list[RowRef]]] = []
    kept_digests: list[str] = []
    get = stored.get
    for occurrence in occurrences:
        key, group = occurrence
        h = base.copy()
        if len(group) == 1:
            h.update(encode(group[0][1]))
        else:
            h.update(dumps([encode(row) for _rownum, row in group], 5))
        digest = h.hexdigest()
        if key and get(key) == digest:
            unchanged.append(key)
        else:
            kept.append(occurrence)
            kept_digests.append(digest)
    return kept, kept_digests


def _group(
    spec: PlatformSpec, ctx: Context, rows: list[RowRef], rejected: list[Rejected]
) -> list[tuple[str, list[RowRef]]]:
    """Group rows into occurrences of one order each (a repeat starts a new occurrence).

    parse_file uses _scan, which does this and _data_rows in one pass; this is its reference.
    """
    occurrences: list[tuple[str, list[RowRef]]] = []
    current: dict[str, list[RowRef]] = {}
    key_of = spec.row_key
    for rownum, row in rows:
        try:
            if key_of is not None:
                key = key_of(ctx, row)
            else:
                key = clean_order_id(ctx.raw(row, spec.key_field))
        except ValueError as exc:
            rejected.append(Rejected(rownum, str(exc)))
            continue
        group = current.get(key) if key else None
        if (
            group is not None
            and spec.multi_row
            and not (spec.starts_repeat is not None and spec.starts_repeat(ctx, group, row))
        ):
            group.append((rownum, row))
            continue
        group = [(rownum, row)]
        if key:
            current[key] = group
        occurrences.append((key, group))
    return occurrences


# --------------------------------------------------------------------------------------------
# The whole file


def _parse_file(
    path: str | os.PathLike[str],
    platform: str,
    kind: str | None,
    now: datetime,
    detail_path: str | os.PathLike[str] | None,
    max_bytes: int,
    local_tz: tzinfo | None,
    known: KnownDigests | None = None,
    progress: Callable[[int, int], None] = _no_progress,
    cancelled: Callable[[], bool] = _never,
) -> ParseResult:
    """parse_file without the catch-all."""
    file = str(path)
    if now.tzinfo is not None:
        now = now.astimezone(local_tz).replace(tzinfo=None)  # orders carry naive local times
    sheets = read_sheets(path, max_bytes=max_bytes)
    progress(40, 100)
    specs = specs_for(None if platform == "auto" else platform, kind)
    if not specs:
        what = f"{platform} {kind}" if kind else platform
        raise UnknownLayout(file, f"no reader for {what} exports yet; map the columns instead")
    match = _locate(sheets, specs)
    if match is None and kind is not None:
        # The other kind's export (a customers_export.csv read as orders): said as such.
        other = _locate(sheets, specs_for(None if platform == "auto" else platform))
        if other is not None and other.spec.kind != kind and other.spec.detail_of is None:
            raise UnknownLayout(
                file,
                f"this is a {other.spec.description} file ({other.spec.kind}), not "
                f"{kind}: import it as {other.spec.kind}",
            )
    if match is None:
        if platform != "auto":
            main_specs = [s for s in specs if s.detail_of is None] or specs
            closest = _closest(sheets, main_specs)
            raise MissingColumns(file, platform, closest.missing)
        raise UnknownLayout(file, _unknown_message(sheets))
    spec = match.spec
    if spec.detail_of is not None:
        raise UnknownLayout(
            file,
            f"this is a {spec.description} file (item lines only); import the order file "
            "exported with it (ExportOrderList…), which picks this file up from the same folder",
        )
    sheet = sheets[match.sheet]
    ctx, headers, header_notes = _build_context(file, sheet, match, local_tz=local_tz, now=now)
    result = ParseResult(file=file, platform=spec.platform, kind=spec.kind, layout=spec.layout)
    result.notes.extend(header_notes)
    companion_keys: dict[str, set[str]] = {}
    if len(sheets) > 1:
        result.notes.append(f"sheet {sheet.name!r} was read")
        result.notes.extend(
            f"sheet {other.name!r} has the same columns but was not read (one sheet per "
            "import: map that sheet to import it)"
            for i, other in enumerate(sheets)
            if i != match.sheet and (m := _locate([other], [spec])) and m.spec is spec
        )
        if spec.companions:
            notes, companion_keys = _join_companions(file, sheets, match.sheet, spec, ctx)
            result.notes.extend(notes)
    rejected: list[Rejected] = []
    occurrences, result.rows_read = _scan(sheet, match, ctx, headers, rejected)
    if companion_keys:
        result.notes.extend(_orders_without_lines(companion_keys, occurrences, sheet.name))
    detail: Path | None = None
    if spec.layout == "taobao-order-report":
        detail = Path(detail_path) if detail_path is not None else find_detail_file(path)
    digests: list[str] | None = None
    repeated = False
    stored: Mapping[str, str | None] = {}
    if known is not None and detail is None and digestible(spec, ctx):
        keys = [key for key, _group in occurrences]
        stored = known(spec.platform, [key for key in keys if key])
        repeated = len(set(keys)) != len(keys)
        if repeated:
            # An order number that occurs more than once is always parsed: which occurrence
            # wins, and the note saying so, are the parse loop's business.
            counts: dict[str, int] = {}
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
            stored = {k: v for k, v in stored.items() if counts.get(k) == 1}
        del keys
        occurrences, digests = _unchanged_left_out(
            ctx, occurrences, stored, result.unchanged, text_rows=sheet.source == "csv"
        )
        digests.reverse()
    progress(55, 100)
    # From here on each order's rows are held by its occurrence only, and dropped once it is
    # parsed: the cells of a big file do not stay in memory next to all the records.
    sheets.clear()
    del sheet
    occurrences.reverse()
    to_parse = len(occurrences)
    records: dict[str, ParsedOrder | ParsedCustomer] = {}
    latest = now + timedelta(days=1)
    parse = spec.parse
    fast = spec.fast(ctx) if FAST_PATHS and spec.fast is not None else None
    while occurrences:
        if len(occurrences) % PROGRESS_EVERY == 0:
            if cancelled():
                raise JobCancelled()
            progress(55 + 45 * (to_parse - len(occurrences)) // to_parse, 100)
        key, group = occurrences.pop()
        digest = digests.pop() if digests is not None else None
        try:
            rec = fast(key, group) if fast is not None else None
            if rec is None:
                rec = parse(ctx, key, group)
        except RowError as exc:
            rejected.append(Rejected(exc.row, exc.reason))
            continue
        except ValueError as exc:
            rejected.append(Rejected(group[0][0], str(exc)))
            continue
        if isinstance(rec, ParsedOrder) and (
            rec.status == REFUNDED
            or (rec.refunded and rec.refunded >= rec.paid)
            or (rec.paid and rec.status in _UNPAID)
            or (rec.province is not None and rec.province not in OFFICIAL_PROVINCES)
            or not EARLIEST_ORDER <= rec.ordered_at <= latest
        ):
            reason = _check_order(rec, latest)
            if reason:
                rejected.append(Rejected(rec.row, reason))
                continue
        if digest is not None:
            rec.source_digest = digest  # type: ignore[union-attr]
        # An order is known by its id (eBay groups rows by Sales Record Number but names the
        # order by its Order Number); a customer by its grouping key.
        store_key = (rec.order_no if isinstance(rec, ParsedOrder) else key) or (
            f"\x00row{group[0][0]}"
        )
        previous = records.get(store_key)
        if previous is not None and _record_values(previous) == _record_values(rec):
            continue  # the same order exported twice: keep the first, say nothing
        if previous is not None:
            # Order ids are not personal data; a customer's key (an e-mail) is: name rows only.
            what = f"order {rec.order_no}" if isinstance(rec, ParsedOrder) else "a customer"
            note = (
                f"{what} appears again on row {rec.row} with different values "
                f"(first on row {previous.row}); the later row is used"
            )
            if isinstance(rec, ParsedOrder):
                rec.notes.append(note)
            result.notes.append(note)
        records[store_key] = rec
    result.notes.extend(ctx.notes)
    orders, customers = result.orders, result.customers
    for rec in records.values():
        if isinstance(rec, ParsedOrder):
            orders.append(rec)
            if rec.notes:
                result.notes.extend(n for n in rec.notes if not n.endswith("the later row is used"))
        else:
            customers.append(rec)
    result.rejected = sorted(rejected, key=lambda r: r.row)
    if digests is not None and not repeated:
        every: dict[str, str] = {no: stored[no] for no in result.unchanged}  # type: ignore[misc]
        every.update((o.order_no, o.source_digest) for o in orders)  # type: ignore[misc]
        result.digests = every
    if detail is not None:
        _join_details(detail, result, max_bytes=max_bytes)
    elif detail_path is not None and spec.layout != "taobao-order-report":
        result.notes.append(f"{Path(detail_path).name}: detail files apply to Taobao only; ignored")
    return result


def _orders_without_lines(
    companion_keys: dict[str, set[str]], occurrences: list[tuple[str, list[RowRef]]], main: str
) -> list[str]:
    """Notes naming the orders another sheet lists that have no row on the main sheet: they
    cannot be imported from this workbook, and must not go missing without a word."""
    present = {key for key, _group in occurrences}
    notes = []
    for name, keys in companion_keys.items():
        missing = sorted(keys - present)
        if missing:
            shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
            notes.append(
                f"sheet {name!r} lists {len(missing)} order(s) with no rows on sheet {main!r}, "
                f"not imported: {shown}"
            )
    return notes


def _join_companions(
    file: str, sheets: list[Sheet], main: int, spec: PlatformSpec, ctx: Context
) -> tuple[list[str], dict[str, set[str]]]:
    """Fill ctx.joined from the workbook's other sheets that carry the spec's companion layouts.

    Each other sheet whose header fits a companion (its order id and at least one more field)
    adds, per order id, the first non-blank cell of each of its fields. Returns notes and, per
    joined sheet, the order ids it lists.
    """
    notes: list[str] = []
    keys_by_sheet: dict[str, set[str]] = {}
    for si, sheet in enumerate(sheets):
        if si == main:
            continue
        found = _locate([sheet], list(spec.companions))
        if found is None or found.score < 2:
            continue
        cctx, headers, _ = _build_context(file, sheet, found, local_tz=ctx.local_tz, now=None)
        columns = [(fld, i) for fld, i in cctx.idx.items() if fld != "order_no"]
        rows, _count = _data_rows(sheet, found, cctx, headers)
        joined = ctx.joined
        keys = keys_by_sheet.setdefault(sheet.name, set())
        for _rownum, row in rows:
            try:
                key = clean_order_id(cctx.raw(row, "order_no"))
            except ValueError:
                continue  # no usable id: nothing to join it to
            if key:
                keys.add(key)
            values = joined.get(key)
            if values is None:
                values = joined[key] = {}
            for fld, i in columns:
                if fld not in values and i < len(row) and not is_blank(row[i]):
                    values[fld] = row[i]
        for fld, _i in columns:
            ctx.names.setdefault(fld, cctx.names[fld])
        notes.append(
            f"sheet {sheet.name!r} was joined by {cctx.names['order_no']} "
            f"({', '.join(cctx.names[f] for f, _i in columns)})"
        )
    return notes, keys_by_sheet


_UNPAID = (PENDING, CLOSED)


def _check_order(order: ParsedOrder, latest: datetime) -> str | None:
    """Return why a parsed order cannot be imported, or None.

    Also holds DESIGN §3's 'refunded = fully refunded' for every platform: a refunded order has
    refunded = paid, and a paid order refunded in full is refunded whatever progress its status
    text showed (a 交易成功 order refunded afterwards, a refund capped at what was paid).
    """
    if order.ordered_at > latest:
        return f"order date {order.ordered_at:%Y-%m-%d %H:%M} is in the future"
    if order.ordered_at < EARLIEST_ORDER:
        return f"order date {order.ordered_at:%Y-%m-%d} is impossible"
    if order.status in _UNPAID and not order.refunded:
        order.paid = 0  # DESIGN §3: pending = not paid, closed = cancelled/unpaid
    if order.status == REFUNDED:
        order.refunded = order.paid
    elif order.paid > 0 and order.refunded >= order.paid:
        order.status, order.refunded = REFUNDED, order.paid
    order.province = official_province(order.province)  # one name per province, any platform
    return None


def _join_details(detail: Path, result: ParseResult, *, max_bytes: int) -> None:
    """Attach the 宝贝报表's item lines to the Taobao orders they belong to."""
    dfile = str(detail)
    sheets = read_sheets(detail, max_bytes=max_bytes)
    match = _locate(sheets, [TAOBAO_DETAILS])
    if match is None:
        closest = _closest(sheets, [TAOBAO_DETAILS])
        raise MissingColumns(dfile, "taobao", closest.missing)
    sheet = sheets[match.sheet]
    ctx, headers, _ = _build_context(dfile, sheet, match, local_tz=None, now=None)
    rows, _count = _data_rows(sheet, match, ctx, headers)
    lines: dict[str, list[ParsedItem]] = {}
    skipped = 0
    for rownum, row in rows:
        try:
            key = clean_order_id(ctx.raw(row, "order_no"))
            line = TAOBAO_DETAILS.parse(ctx, key, [(rownum, row)])
        except ValueError as exc:
            skipped += 1
            if skipped <= 20:
                result.notes.append(f"{detail.name} row {rownum} skipped: {exc}")
            continue
        assert isinstance(line, DetailLine)
        lines.setdefault(line.order_no, []).append(line.item)
    if skipped > 20:
        result.notes.append(f"{detail.name}: {skipped} rows skipped in all")
    matched = 0
    for order in result.orders:
        items = lines.pop(order.order_no, None)
        if items is not None:
            order.items = items
            matched += 1
    if lines:
        result.notes.append(
            f"{detail.name}: item lines of {len(lines)} order(s) not in the order file were ignored"
        )
    result.joined_files.append(dfile)
