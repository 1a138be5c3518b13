"""Customer exports to xlsx or CSV: chosen columns, masked contacts, no live formulas.

Which customers: all, a CustomerFilter, a saved segment (by name), a tier (by name), or an
explicit id list; several given are combined with AND. Rows come in list order (by name).

Safety (RELIABILITY §H):
- xlsx (openpyxl write-only): every text is a string cell, never a formula (`=…`) or an error
  cell (`#N/A`); control characters Excel refuses become spaces; text over Excel's 32,767
  characters is cut with a visible " …[truncated]" and counted in the result. Money is a
  number in currency units with a currency number format; dates are date cells.
- CSV: OWASP neutralisation. A text cell starting with = + - @ TAB CR LF (or with the quote
  mark itself, so that the mapping can be undone) is written with a leading `'`; every text
  cell is quoted with `"` doubled (csv.QUOTE_NONNUMERIC); numbers are untouched. `unneutralise`
  gives back the original text.
- Encoding: UTF-8 with BOM by default (Excel opens it as UTF-8). `gbk` writes GBK bytes; a
  character GBK cannot encode (emoji, rare hanzi) is written in its GB18030 form instead of
  failing — GB18030 is a superset of GBK, so the file is plain GBK whenever every character
  fits, and readers that know GB18030 (Python, WPS, LibreOffice) read everything back. How
  many such characters were written is in the result's notes.
- Contacts: phones are masked (138****1234), e-mails reduced to their first character and
  domain (z***@example.com), addresses to province + city, and any mainland mobile number
  found inside another text cell (a nickname, a note) is masked too — unless
  `full_contact=True`, which is logged without personal data ("full-contact export of N
  customers to <file name>").
- The file is written under a temporary name and renamed (reports.files.atomic_path): a
  failure or Cancel never leaves a partial file at the target. While it is written, openpyxl's
  sheet files live in a private folder recorded as this process's (reports.xlsx.private_scratch),
  never in the shared temp folder; the temporary output is named in that record too. A write
  killed mid-way (SIGKILL, a power cut: no clean-up runs) leaves both, and the next export or
  start-up removes them (reports.xlsx.remove_abandoned_temp_files).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import json
import logging
import operator
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_crm.db import db
from desktop_crm.errors import JobCancelled, NotFound, Refused
from desktop_crm.faults import crash_point
from desktop_crm.reports.files import atomic_path
from desktop_crm.reports.xlsx import (
    MAX_CELL,
    private_scratch,
    remove_abandoned_temp_files,
    save_workbook,
)
from desktop_crm.services import analytics, customer_list, words
from desktop_crm.services.contact import mask_address, mask_phone
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.money import excel_money_format
from desktop_crm.services.settings import store_currency

log = logging.getLogger("desktop_crm.exports")

TEXT, INT, MONEY, DATE = "text", "int", "money", "date"


@dataclass(frozen=True, slots=True)
class Column:
    """One exportable column: its key (for --columns), headers and kind of value."""

    key: str
    label: str
    label_zh: str
    kind: str


# The column keys `--columns` accepts, in their default display order.
COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("id", "Customer ID", "客户ID", INT),
        Column("display_name", "Name", "客户名", TEXT),
        Column("real_name", "Real name", "姓名", TEXT),
        Column("phone", "Phone", "手机", TEXT),
        Column("email", "Email", "邮箱", TEXT),
        Column("gender", "Gender", "性别", TEXT),
        Column("birthday", "Birthday", "生日", DATE),
        Column("province", "Province", "省份", TEXT),
        Column("city", "City", "城市", TEXT),
        Column("address", "Address", "地址", TEXT),
        Column("platform", "Platform", "来源平台", TEXT),
        Column("tags", "Tags", "标签", TEXT),
        Column("tier", "Tier", "会员等级", TEXT),
        Column("points", "Points", "积分", INT),
        Column("orders", "Purchases", "购买次数", INT),
        Column("total_net", "Total spent (net)", "累计消费", MONEY),
        Column("aov", "Average order value", "客单价", MONEY),
        Column("first_order", "First purchase", "首次购买", DATE),
        Column("last_order", "Last purchase", "最近购买", DATE),
        Column("days_since_last", "Days since last purchase", "距上次购买天数", INT),
        Column("stage", "Lifecycle stage", "生命周期", TEXT),
        Column("rfm_class", "RFM class", "RFM分类", TEXT),
        Column("r_score", "R score", "R评分", INT),
        Column("f_score", "F score", "F评分", INT),
        Column("m_score", "M score", "M评分", INT),
        Column("churn_warning", "Churn warning", "流失预警", INT),
        Column("notes", "Notes", "备注", TEXT),
        Column("created_at", "Added", "创建日期", DATE),
    )
}
DEFAULT_COLUMNS = (
    "display_name",
    "real_name",
    "phone",
    "province",
    "city",
    "platform",
    "tier",  # left out when the database has no loyalty tiers
    "orders",
    "total_net",
    "last_order",
    "stage",
    "rfm_class",
    "tags",
)
_ANALYTICS = {"stage", "rfm_class", "r_score", "f_score", "m_score", "days_since_last"}
_LOYALTY = {"tier", "points"}
ENCODINGS = ("utf-8-sig", "gbk")
HEADERS = ("zh", "en", "keys")
TRUNCATED = " …[truncated]"
# The first day Excel shows as a date without its 1900 leap-year quirk: earlier dates (a
# birthday of 1899) are written as text, which every spreadsheet shows as it is.
EXCEL_FIRST_DAY = date(1900, 3, 1)

# OWASP CSV injection: cells starting with these are formulas (or split rows) in spreadsheets.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
_QUOTE = "'"
_MOBILE = re.compile(r"1[3-9]\d{9}")
# What Excel refuses inside a cell (openpyxl raises IllegalCharacterError on it).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# openpyxl stores "=…" as a formula and "#N/A"-like text as an error cell (t="e") unless the
# cell is typed as a string.
_XLSX_RISKY = frozenset("=#")


_NEUTRALISE_FIRST = frozenset((*DANGEROUS, _QUOTE))


def neutralise(text: str) -> str:
    """A CSV text cell that no spreadsheet runs as a formula: `'` before a dangerous start.

    Text starting with `'` also gets one, so `unneutralise` is its exact inverse.
    """
    return _QUOTE + text if text[:1] in _NEUTRALISE_FIRST else text


def unneutralise(text: str) -> str:
    """The original text of a neutralised CSV cell."""
    return text[1:] if text.startswith(_QUOTE) else text


def mask_email(email: str | None) -> str:
    """z***@example.com: the first character and the domain."""
    if not email:
        return ""
    local, at, domain = email.partition("@")
    if not at:
        return local[:1] + "***"
    return f"{local[:1]}***@{domain}"


def mask_mobiles(text: str) -> str:
    """Mask every mainland mobile number inside free text (138****1234)."""
    if len(text) < 11 or not _MOBILE.search(text):
        return text
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    format: str  # "xlsx" or "csv"
    rows: int
    columns: tuple[str, ...]
    encoding: str | None  # CSV only
    full_contact: bool
    truncated_cells: int = 0  # xlsx text cut at 32,767 characters
    gb18030_chars: int = 0  # CSV gbk: characters written in GB18030 form
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Choosing the customers


def selection(
    *,
    flt: CustomerFilter | None = None,
    segment: str | None = None,
    tier: str | None = None,
) -> CustomerFilter:
    """One filter for every selection given, combined with AND.

    Raises NotFound for an unknown segment or tier name.
    """
    base = flt or CustomerFilter()
    if segment is not None:
        # Imported here: services.segments imports customer_list, as this module does; keeping
        # it out of the import-time graph lets either be imported first.
        from desktop_crm.services.segments import resolve_segment, segment_by_name

        name = segment.strip()
        rfm = words.rfm_code(name)
        if segment_by_name(name) is None and rfm is not None:
            # `stats --json` calls the RFM classes segments: `--segment important_value` too,
            # and the class as an export prints it (重要价值客户, Important value).
            base = _and(base, CustomerFilter(rfm_class=rfm))
        else:
            base = _and(base, resolve_segment(segment).filter)
    if tier is not None:
        base = _and(base, CustomerFilter(tier_id=_tier_id(tier)))
    return base


def select_ids(
    *,
    today: date,
    flt: CustomerFilter | None = None,
    segment: str | None = None,
    tier: str | None = None,
    ids: Sequence[int] | None = None,
) -> list[int]:
    """Ids an export with these arguments writes, in its order (the list's, by name)."""
    where, params = _where(selection(flt=flt, segment=segment, tier=tier), ids, today)
    sql = f"SELECT c.id FROM customer c WHERE {where} ORDER BY {_ORDER}"
    return [int(r[0]) for r in db.execute_sql(sql, params)]


_ORDER = "c.display_name COLLATE NOCASE, c.id"


def _where(flt: CustomerFilter, ids: Sequence[int] | None, today: date) -> tuple[str, list[object]]:
    where, params = customer_list.where_clause(flt, today=today)
    if ids is not None:
        where += " AND c.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps([int(i) for i in ids]))
    return where, params


def _and(a: CustomerFilter, b: CustomerFilter) -> CustomerFilter:
    """One filter holding both; a field set differently in each matches nobody."""
    merged: dict[str, Any] = {}
    empty = CustomerFilter()
    for f in dataclasses.fields(CustomerFilter):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "text":
            merged["text"] = " ".join(t for t in (x, y) if t)
        elif f.name == "min_spend":
            merged[f.name] = max((v for v in (x, y) if v is not None), default=None)
        elif f.name == "max_spend":
            merged[f.name] = min((v for v in (x, y) if v is not None), default=None)
        elif x == getattr(empty, f.name):
            merged[f.name] = y
        elif y == getattr(empty, f.name) or x == y:
            merged[f.name] = x
        else:
            return CustomerFilter(min_spend=1, max_spend=0)  # contradictory: nobody
    return CustomerFilter(**merged)


def _tier_id(name: str) -> int:
    if not analytics.has_tiers():
        raise NotFound(f"There is no tier named {name.strip()!r}: this database has no tiers.")
    from desktop_crm.services import loyalty_tiers  # optional schema (migration 0003)

    found = loyalty_tiers.tier_by_name(name)
    default = words.default_tier_name(name)
    if found is None and default is not None:
        found = loyalty_tiers.tier_by_name(default)  # as a Chinese export prints it: 金卡会员
    if found is None:
        names = ", ".join(t.name for t in loyalty_tiers.list_tiers())
        raise NotFound(f"There is no tier named {name.strip()!r} (tiers: {names}).")
    return found.id


# ---------------------------------------------------------------------------------------------
# Values


def resolve_columns(columns: Sequence[str] | str | None) -> tuple[str, ...]:
    """Column keys to write: the defaults, or the keys given (a list or "a,b,c").

    Raises Refused naming unknown keys and the ones that exist.
    """
    if columns is None:
        keys = [k for k in DEFAULT_COLUMNS if k not in _LOYALTY or analytics.has_tiers()]
        return tuple(keys)
    if isinstance(columns, str):
        columns = columns.split(",")
    keys = [c.strip() for c in columns if c.strip()]
    unknown = [k for k in keys if k not in COLUMNS]
    if unknown:
        raise Refused(f"Unknown column(s): {', '.join(unknown)}. Columns: {', '.join(COLUMNS)}.")
    if not keys:
        raise Refused(f"No columns chosen. Columns: {', '.join(COLUMNS)}.")
    return tuple(dict.fromkeys(keys))


# Per column: the SQL fields it reads (text coalesced to '', dates as ISO text); _getter makes
# the value of them. The query reads only the fields asked for: a customer row is wide (search
# text, notes), and reading every field of 100k rows costs three times as much.
_TIER_NAME = "coalesce(t.name, (SELECT name FROM tier ORDER BY threshold LIMIT 1), '')"
_LOYALTY_JOINS = (
    " LEFT JOIN customer_loyalty l ON l.customer_id = c.id LEFT JOIN tier t ON t.id = l.tier_id"
)
_FIELDS: dict[str, tuple[str, ...]] = {
    "display_name": ("c.display_name",),
    "real_name": ("coalesce(c.real_name, '')",),
    "phone": ("coalesce(c.phone, '')", "c.phone_masked"),
    "email": ("coalesce(c.email, '')",),
    "gender": ("coalesce(c.gender, '')",),
    "birthday": ("substr(c.birthday, 1, 10)",),
    "province": ("coalesce(c.province, '')",),
    "city": ("coalesce(c.city, '')",),
    "platform": ("c.source_platform",),
    "tags": ("c.tags",),
    "orders": ("c.order_count",),
    "total_net": ("c.total_paid",),
    "aov": ("c.total_paid", "c.order_count"),
    "first_order": ("substr(c.first_order_at, 1, 10)",),
    "last_order": ("substr(c.last_order_at, 1, 10)",),
    "notes": ("c.notes",),
    "created_at": ("substr(c.created_at, 1, 10)",),
}


def _records(
    where: str, params: list[object], keys: tuple[str, ...], today: date, full_contact: bool
) -> Iterator[list[Any]]:
    """One list of values per customer, in `keys` order: str, int, Decimal (money), None, and
    dates as ISO text (the xlsx writer makes date cells of them)."""
    loyalty = analytics.has_tiers()
    snap = analytics.customer_snapshot(today) if _ANALYTICS & set(keys) else None
    churn = analytics.churn_ids(today) if "churn_warning" in keys else frozenset()
    fields = ["c.id"]
    getters = []
    for key in keys:
        at = len(fields)
        fields += _fields(key, full_contact, loyalty)
        getters.append(_getter(key, at, snap, churn, full_contact, loyalty))
    joins = _LOYALTY_JOINS if loyalty and _LOYALTY & set(keys) else ""
    sql = f"SELECT {', '.join(fields)} FROM customer c{joins} WHERE {where} ORDER BY {_ORDER}"
    # Any mainland mobile number inside free text is masked too (one regex per row finds
    # the rare row that has one; the phone column itself is masked already).
    scrub = [] if full_contact else [i for i, k in enumerate(keys) if COLUMNS[k].kind == TEXT]
    for row in db.execute_sql(sql, params):
        values = [get(row) for get in getters]
        if scrub:
            joined = "\x1f".join(values[i] for i in scrub)
            if len(joined) >= 11 and _MOBILE.search(joined):
                for i in scrub:
                    values[i] = mask_mobiles(values[i])
        yield values


# Columns whose stored values are codes; under Chinese or English headers they are written as
# words in that language (`keys` headers keep the codes, for scripts).
_WORDS: dict[str, Callable[[str, str], str]] = {
    "gender": words.gender_label,
    "platform": words.platform_label,
    "stage": words.stage_label,
    "rfm_class": words.rfm_label,
    "tier": words.tier_label,
}


def _in_words(
    records: Iterator[list[Any]], keys: tuple[str, ...], language: str
) -> Iterator[list[Any]]:
    """The records with code values (gender, platform, stage, RFM class, tier) as words."""
    coded = [(i, _WORDS[k]) for i, k in enumerate(keys) if k in _WORDS]
    for values in records:
        for i, label in coded:
            if values[i]:
                values[i] = label(values[i], language)
        yield values


def _fields(key: str, full: bool, loyalty: bool) -> tuple[str, ...]:
    if key == "address":
        if full:
            return ("coalesce(c.address, '')",)
        return ("c.province", "c.city")
    if key == "tier":
        return (_TIER_NAME,) if loyalty else ()
    if key == "points":
        return ("coalesce(l.points_balance, 0)",) if loyalty else ()
    return _FIELDS.get(key, ())


def _money(minor: int | None) -> Decimal | None:
    """Minor units as an exact Decimal with two places (123450 -> 1234.50)."""
    return None if minor is None else Decimal(int(minor)).scaleb(-2)


def _getter(
    key: str,
    at: int,
    snap: analytics.Snapshot | None,
    churn: frozenset[int],
    full: bool,
    loyalty: bool,
) -> Callable[[tuple[Any, ...]], Any]:
    """How the value of `key` is made from a row whose fields for it start at `at`."""
    if key == "id":
        return operator.itemgetter(0)
    if key == "phone" and not full:
        return lambda r: r[at] if r[at + 1] else mask_phone(r[at])
    if key == "email" and not full:
        return lambda r: mask_email(r[at])
    if key == "address" and not full:
        return lambda r: mask_address(None, r[at], r[at + 1])
    if key == "total_net":
        return lambda r: _money(r[at])
    if key == "aov":
        return lambda r: _money(analytics.average_order_value(r[at], r[at + 1]))
    if key == "tier" and not loyalty:
        return lambda r: ""
    if key == "points" and not loyalty:
        return lambda r: 0
    if key == "churn_warning":
        return lambda r: 1 if r[0] in churn else 0
    if key not in _ANALYTICS:
        return operator.itemgetter(at)
    assert snap is not None
    if key == "stage":
        return lambda r: snap.stage_of(r[0])
    if key == "rfm_class":
        return lambda r: snap.class_of(r[0]) or ""
    if key == "days_since_last":
        return lambda r: snap.recency_of(r[0])
    which = {"r_score": 0, "f_score": 1, "m_score": 2}[key]

    def score(r: tuple[Any, ...]) -> int | None:
        scores = snap.scores_of(r[0])
        return scores[which] if scores else None

    return score


# ---------------------------------------------------------------------------------------------
# Writing


def _noop(done: int, total: int) -> None:
    pass


def _never() -> bool:
    return False


def export_customers(
    out: Path,
    *,
    today: date,
    flt: CustomerFilter | None = None,
    segment: str | None = None,
    tier: str | None = None,
    ids: Sequence[int] | None = None,
    columns: Sequence[str] | str | None = None,
    encoding: str = "utf-8-sig",
    full_contact: bool = False,
    header: str = "zh",
    progress: Callable[[int, int], None] = _noop,
    cancelled: Callable[[], bool] = _never,
) -> ExportResult:
    """Write customers to `out` (.xlsx or .csv, by its suffix); see the module docstring.

    Args:
        flt, segment, tier, ids: which customers (combined with AND; none: everyone).
        columns: column keys (COLUMNS), a list or "a,b,c"; None: DEFAULT_COLUMNS.
        encoding: CSV only: "utf-8-sig" (default) or "gbk".
        header: header row language: "zh", "en" or "keys" (the column keys).

    Raises:
        Refused: unknown suffix, column, encoding or header. NotFound: unknown segment/tier.
        JobCancelled: `cancelled()` returned True (no file is left at `out`).
    """
    out = Path(out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("xlsx", "csv"):
        raise Refused(f"{out.name}: export to a .xlsx or .csv file.")
    enc = encoding.lower().replace("_", "-")
    if enc in ("utf8-sig", "utf-8-bom", "utf8"):
        enc = "utf-8-sig"
    if enc not in ENCODINGS:
        raise Refused(f"Unknown encoding {encoding!r}: choose {' or '.join(ENCODINGS)}.")
    if header not in HEADERS:
        raise Refused(f"Unknown header {header!r}: choose {', '.join(HEADERS)}.")
    keys = resolve_columns(columns)
    where, params = _where(selection(flt=flt, segment=segment, tier=tier), ids, today)
    total = int(
        db.execute_sql(f"SELECT count(*) FROM customer c WHERE {where}", params).fetchone()[0]
    )
    titles = [_title(COLUMNS[k], header) for k in keys]
    records = _records(where, params, keys, today, full_contact)
    if header != "keys":
        records = _in_words(records, keys, "zh_CN" if header == "zh" else "en")
    written = [0]
    counted = _progress(records, total, progress, cancelled, written)
    remove_abandoned_temp_files(out)  # what an export killed earlier left, here or anywhere
    with atomic_path(out) as tmp, private_scratch(tmp):
        if kind == "xlsx":
            truncated = _write_xlsx(tmp, keys, titles, counted)
            result = ExportResult(out, "xlsx", 0, keys, None, full_contact, truncated)
        else:
            extra = _write_csv(tmp, keys, titles, counted, enc)
            result = ExportResult(out, "csv", 0, keys, enc, full_contact, gb18030_chars=extra)
    total = written[0]  # what was written (the count above only sized the progress bar)
    notes = []
    if result.truncated_cells:
        notes.append(
            f"{result.truncated_cells} text cell(s) were longer than Excel's {MAX_CELL:,} "
            "characters and were cut (marked …[truncated]); export to CSV to keep them whole."
        )
    if result.gb18030_chars:
        notes.append(
            f"{result.gb18030_chars} character(s) do not exist in GBK and were written in "
            "their GB18030 form; open the file as GB18030 (or export as UTF-8) to see them."
        )
    if full_contact:
        # No personal data in the log: the count and the file name only.
        log.info("full-contact export of %d customers to %s", total, out.name)
    return dataclasses.replace(result, rows=total, notes=tuple(notes))


def _title(col: Column, header: str) -> str:
    return {"zh": col.label_zh, "en": col.label, "keys": col.key}[header]


def _progress(
    rows: Iterable[list[Any]],
    total: int,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    written: list[int],
) -> Iterator[list[Any]]:
    done = 0
    if cancelled():
        raise JobCancelled
    progress(0, total)
    for row in rows:
        yield row
        done += 1
        if done % 2000 == 0:
            crash_point("export:after_rows")
            if cancelled():
                raise JobCancelled
            progress(done, max(total, done))
    written[0] = done
    progress(done, done)


def _write_xlsx(
    path: Path, keys: tuple[str, ...], titles: list[str], rows: Iterable[list[Any]]
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Customers")
    bold = Font(bold=True)
    head = []
    for title in titles:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    money_fmt = excel_money_format(store_currency())
    kinds = [COLUMNS[k].kind for k in keys]
    text_at = [i for i, k in enumerate(kinds) if k == TEXT]
    money_at = [i for i, k in enumerate(kinds) if k == MONEY]
    date_at = [i for i, k in enumerate(kinds) if k == DATE]
    truncated = 0

    def clean(value: str) -> str:
        nonlocal truncated
        value = _ILLEGAL.sub(" ", value)
        if len(value) > MAX_CELL:
            truncated += 1
            return value[: MAX_CELL - len(TRUNCATED)] + TRUNCATED
        return value

    def string_cell(value: str) -> Any:
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # after the value: openpyxl guessed "f" for "=…", "e" for "#N/A"
        return cell

    def date_cell(value: str) -> Any:
        try:
            day = date.fromisoformat(value)
        except ValueError:  # not a date after all: keep the text
            return string_cell(clean(value))
        if day < EXCEL_FIRST_DAY:  # Excel's dates start in 1900: an earlier one shows ####
            return string_cell(value)
        cell = WriteOnlyCell(ws, value=day)
        cell.number_format = "yyyy-mm-dd"
        return cell

    try:
        for values in rows:
            # Text is checked once per row ("\n" is legal and cannot join two illegal runs);
            # only the rare row with a control character or a huge cell is cleaned cell by cell.
            joined = "\n".join(values[i] for i in text_at)
            if len(joined) > MAX_CELL or _ILLEGAL.search(joined):
                for i in text_at:
                    values[i] = clean(values[i])
            for i in text_at:
                if values[i][:1] in _XLSX_RISKY:
                    values[i] = string_cell(values[i])
            for i in money_at:
                if values[i] is not None:
                    cell = WriteOnlyCell(ws, value=values[i])
                    cell.number_format = money_fmt
                    values[i] = cell
            for i in date_at:
                if values[i]:
                    values[i] = date_cell(values[i])
            ws.append(values)
    except BaseException:
        _abandon(ws)
        raise
    save_workbook(wb, path)
    return truncated


def _abandon(ws: Any) -> None:
    """Close a write-only sheet left half-written (Cancel, an error, a signal) and delete its
    temp file: openpyxl streams rows to a file (in our scratch folder), which would otherwise
    hold customer data until the program exits (and warn when garbage-collected)."""
    with contextlib.suppress(Exception):
        ws.close()
    writer = getattr(ws, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()


# GBK with a GB18030 fallback: an encode error handler that writes the GB18030 bytes of what
# GBK cannot encode and counts the characters (per thread).
_gb_local = threading.local()


def _gb18030_fallback(exc: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    part = exc.object[exc.start : exc.end]
    _gb_local.count = getattr(_gb_local, "count", 0) + len(part)
    return part.encode("gb18030"), exc.end


codecs.register_error("desktop_crm_gb18030", _gb18030_fallback)


def _write_csv(
    path: Path, keys: tuple[str, ...], titles: list[str], rows: Iterable[list[Any]], enc: str
) -> int:
    kinds = [COLUMNS[k].kind for k in keys]
    text_cols = [i for i, k in enumerate(kinds) if k == TEXT]
    _gb_local.count = 0
    errors = "desktop_crm_gb18030" if enc == "gbk" else "strict"
    with open(path, "w", encoding=enc, errors=errors, newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow([neutralise(t) for t in titles])
        for values in rows:
            for i in text_cols:
                if values[i][:1] in _NEUTRALISE_FIRST:
                    values[i] = _QUOTE + values[i]
            # None (a missing date or score) becomes an empty (quoted) cell.
            writer.writerow(["" if v is None else v for v in values])
    return int(_gb_local.count)
