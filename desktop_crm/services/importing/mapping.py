"""Any spreadsheet, by a column mapping the merchant makes (and saves for next time).

A mapping names, for each field the CRM knows, the column of the file that holds it:

    {"name": "My sheet", "kind": "orders", "platform": "generic",
     "columns": {"order_no": "单号", "ordered_at": "日期", "paid": "金额", "buyer": "会员名"},
     "statuses": {"发了": "shipped"}, "default_status": "completed", "currency": "CNY",
     "decimal_comma": false, "dayfirst": false}

A column is named as the header names it. A name that heads more than one column is ambiguous
and the file is refused (RELIABILITY G30); "金额#2" names its second column ("金额#1" the first),
the spelling the platform readers use for duplicate columns too.

A currency column is read as ISO codes (`cny`, `RMB`, `人民币` → CNY; `$` → USD; a word that
names no currency rejects its row); where it is blank, the mapping's "currency" is used, and
without one the sign of the paid amount (`$12.00`, `€5`, `88元`).

"statuses" says what the file's own status words mean (they are compared exactly); other words
are read as the usual Chinese and English ones (GENERIC_STATUSES), and a word neither knows
rejects its row.

A customer list ("kind": "customers") maps display_name, real_name, phone, email, gender,
birthday, province, city, address, tags and note; its people are matched to existing customers
by full phone or e-mail (never by a masked phone). Saved mappings live in the database and are
offered again when a file with the same header appears; `write_mapping` and `load_mapping`
move one to and from the JSON file `--mapping` takes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from desktop_crm.services.customers import BIRTHDAY_FUTURE, birthday_problem
from desktop_crm.services.importing.normalize import (
    clean_order_id,
    clean_text,
    currency_code,
    currency_of,
    is_blank,
    is_masked_phone,
    normalize_phone,
    parse_date,
    parse_datetime,
    parse_money,
    split_address,
)
from desktop_crm.services.importing.platforms import header_key, is_sensitive_header
from desktop_crm.services.importing.reader import DEFAULT_MAX_BYTES, Sheet, read_sheets
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    CUSTOMERS,
    ORDERS,
    PAID,
    PENDING,
    PLATFORMS,
    REFUNDED,
    SHIPPED,
    STATUSES,
    ImportFileError,
    MissingColumns,
    ParsedCustomer,
    ParsedItem,
    ParsedOrder,
    ParseResult,
    Rejected,
)
from desktop_crm.services.names import TAG_LIST_SEPARATORS, split_tag_list

ORDER_FIELDS = (
    "order_no", "ordered_at", "paid", "status", "refunded", "paid_at", "completed_at",
    "buyer", "buyer_name", "real_name", "phone", "email", "address", "province", "city",
    "items", "quantity", "currency", "buyer_note",
)  # fmt: skip
ORDER_REQUIRED = ("order_no", "ordered_at", "paid")
CUSTOMER_FIELDS = (
    "display_name", "real_name", "phone", "email", "gender", "birthday", "province", "city",
    "address", "tags", "note",
)  # fmt: skip
CUSTOMER_REQUIRED = ("display_name",)
HEADER_SCAN_ROWS = 30
SETTING_KEY = "import_mappings"

# Words a hand-made spreadsheet uses for an order's progress (Chinese and English).
GENERIC_STATUSES: dict[str, str] = {
    **{w: PENDING for w in ("pending", "unpaid", "待付款", "未付款", "等待付款", "待支付")},
    **{w: PAID for w in ("paid", "processing", "on-hold", "已付款", "待发货", "已支付")},
    **{w: SHIPPED for w in ("shipped", "sent", "已发货", "待收货", "运输中")},
    **{
        w: COMPLETED
        for w in (
            "completed",
            "complete",
            "delivered",
            "fulfilled",
            "done",
            "已完成",
            "交易成功",
            "已签收",
            "已收货",
            "完成",
        )
    },  # fmt: skip
    **{w: REFUNDED for w in ("refunded", "已退款", "退款成功")},
    **{
        w: CLOSED
        for w in (
            "cancelled",
            "canceled",
            "closed",
            "failed",
            "voided",
            "已取消",
            "交易关闭",
            "已关闭",
            "取消",
        )
    },  # fmt: skip
}
GENDERS = {
    "男": "male",
    "m": "male",
    "male": "male",
    "女": "female",
    "f": "female",
    "female": "female",
}


class MappingError(ValueError):
    """A mapping that cannot be used (unknown field, missing required field, bad JSON)."""


class UnmappedFields(MappingError):
    """Required fields have no column yet; `fields` are their codes, in form order."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(f"a column is needed for {', '.join(fields)}")
        self.fields = fields


def required_fields(kind: str) -> tuple[str, ...]:
    """The fields a mapping of this kind must give a column."""
    return ORDER_REQUIRED if kind == ORDERS else CUSTOMER_REQUIRED


def unmapped_fields(kind: str, columns: dict[str, str]) -> list[str]:
    """The required fields of `kind` that `columns` gives no column."""
    return [f for f in required_fields(kind) if not columns.get(f)]


@dataclass(slots=True)
class Mapping:
    """Which column holds which field, and how to read the values."""

    columns: dict[str, str]
    kind: str = ORDERS
    platform: str = "generic"
    name: str = ""
    statuses: dict[str, str] = field(default_factory=dict)
    default_status: str = COMPLETED
    currency: str | None = None
    decimal_comma: bool | None = None
    dayfirst: bool = False
    # The workbook sheet to read (the wizard's Sheet choice); "" or a sheet the file lacks:
    # the first sheet that has the mapped columns.
    sheet: str = ""

    def to_json(self) -> dict[str, Any]:
        data = {
            "name": self.name, "kind": self.kind, "platform": self.platform,
            "columns": dict(self.columns), "statuses": dict(self.statuses),
            "default_status": self.default_status, "currency": self.currency,
            "decimal_comma": self.decimal_comma, "dayfirst": self.dayfirst,
        }  # fmt: skip
        if self.sheet:
            data["sheet"] = self.sheet
        return data

    @classmethod
    def from_json(cls, data: Any) -> Mapping:
        """Read and check a mapping; raises MappingError with a sentence saying what is wrong."""
        if not isinstance(data, dict):
            raise MappingError("a mapping is a JSON object")
        kind = data.get("kind", ORDERS)
        if kind not in (ORDERS, CUSTOMERS):
            raise MappingError(f"kind must be 'orders' or 'customers', not {kind!r}")
        columns = data.get("columns")
        if not isinstance(columns, dict) or not columns:
            raise MappingError("'columns' must map fields to column names")
        known = ORDER_FIELDS if kind == ORDERS else CUSTOMER_FIELDS
        unknown = [f for f in columns if f not in known]
        if unknown:
            raise MappingError(f"unknown fields {', '.join(unknown)}; known: {', '.join(known)}")
        missing = unmapped_fields(kind, columns)
        if missing:
            raise UnmappedFields(missing)
        platform = data.get("platform") or "generic"
        if platform not in PLATFORMS:
            raise MappingError(f"unknown platform {platform!r}")
        statuses = data.get("statuses") or {}
        bad = {k: v for k, v in statuses.items() if v not in STATUSES}
        default = data.get("default_status") or COMPLETED
        if bad or default not in STATUSES:
            raise MappingError(f"statuses must be one of {', '.join(STATUSES)}")
        try:
            currency = currency_code(data.get("currency") or None)
        except ValueError as exc:
            raise MappingError(f"currency: {exc}") from None
        return cls(
            columns={str(k): str(v) for k, v in columns.items() if v},
            kind=kind, platform=platform, name=str(data.get("name") or ""),
            statuses={str(k): str(v) for k, v in statuses.items()}, default_status=default,
            currency=currency, decimal_comma=data.get("decimal_comma"),
            dayfirst=bool(data.get("dayfirst", False)), sheet=str(data.get("sheet") or ""),
        )  # fmt: skip


def load_mapping(path: Path) -> Mapping:
    """A mapping from a JSON file (`--mapping MAP.json`)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping ({exc})") from exc
    try:
        return Mapping.from_json(data)
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from exc


def write_mapping(mapping: Mapping, path: Path) -> Path:
    """Save `mapping` as the JSON file `load_mapping` (and `--mapping`) reads."""
    text = json.dumps(mapping.to_json(), ensure_ascii=False, indent=2) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: cannot write the mapping ({exc})") from exc
    return Path(path)


def header_signature(header: list[object]) -> str:
    """A short fingerprint of a header row, to recognise the same layout next time."""
    keys = sorted(k for k in (header_key(h) for h in header) if k)
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()[:16]


def read_header(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Sheet, int, list[str]]:
    """The first sheet's header row: the first of the first rows with 2+ text cells."""
    for sheet in read_sheets(path, max_bytes=max_bytes):
        found = _sheet_header(sheet)
        if found is not None:
            return sheet, *found
    raise ImportFileError(str(path), "no header row found in the first rows of the file")


def read_headers(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[tuple[str, list[str]]]:
    """Each sheet's name and header row, for the sheets that have one (the first is
    read_header's); a CSV file is one sheet."""
    out = []
    for sheet in read_sheets(path, max_bytes=max_bytes):
        found = _sheet_header(sheet)
        if found is not None:
            out.append((sheet.name, found[1]))
    if not out:
        raise ImportFileError(str(path), "no header row found in the first rows of the file")
    return out


def _sheet_header(sheet: Sheet) -> tuple[int, list[str]] | None:
    """A sheet's header row (the first of its first rows with 2+ text cells) and its index."""
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        cells = [clean_text(c) for c in row]
        if sum(1 for c in cells if c and not _numberish(c)) >= 2:
            return index, cells
    return None


def _numberish(text: str) -> bool:
    return text.replace(".", "", 1).replace("-", "").replace(",", "").isdigit()


_NTH = re.compile(r"(.+)#(\d+)")


class AmbiguousColumn(ImportFileError):
    """A mapping names a column by a name that heads several columns (RELIABILITY G30)."""

    def __init__(self, file: str, name: str, count: int) -> None:
        choices = ", ".join(f"{name}#{n}" for n in range(1, count + 1))
        super().__init__(
            file, f"{count} columns are named {name}; the mapping must say which: {choices}"
        )
        self.name = name
        self.count = count


def _positions(header: list[object]) -> dict[str, list[int]]:
    """Positions of the columns under each header name (compared after header_key)."""
    out: dict[str, list[int]] = {}
    for i, cell in enumerate(header):
        key = header_key(cell)
        if key:
            out.setdefault(key, []).append(i)
    return out


def column_choices(header: list[object]) -> list[tuple[str, int]]:
    """Each named column as a mapping names it, with its position: its name, or name#n for
    the n-th of several columns of the same name."""
    positions = _positions(header)
    out: list[tuple[str, int]] = []
    for i, cell in enumerate(header):
        name = clean_text(cell)
        if not name:
            continue
        same = positions[header_key(name)]
        out.append((name if len(same) == 1 else f"{name}#{same.index(i) + 1}", i))
    return out


def column_position(header: list[object], ref: str, *, file: str = "") -> int | None:
    """The position of the column `ref` names in `header`, or None when it has none.

    Raises AmbiguousColumn for a bare name that heads several columns.
    """
    positions = _positions(header)
    same = positions.get(header_key(ref))
    if same:
        if len(same) > 1:
            raise AmbiguousColumn(file, clean_text(ref), len(same))
        return same[0]
    m = _NTH.fullmatch(clean_text(ref))
    if m:
        same = positions.get(header_key(m.group(1)), [])
        n = int(m.group(2))
        if 1 <= n <= len(same):
            return same[n - 1]
    return None


def _heads(header: list[object], ref: str) -> bool:
    try:
        return column_position(header, ref) is not None
    except AmbiguousColumn:
        return True  # this is the header row; parse_with_mapping says which name is ambiguous


def _locate(sheets: list[Sheet], wanted: list[str]) -> tuple[Sheet, int, list[str]] | None:
    """The first header row that has every wanted column."""
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            cells = [clean_text(c) for c in row]
            if all(_heads(cells, w) for w in wanted):
                return sheet, index, cells
    return None


class _Row:
    """Field access to one data row through the mapping."""

    def __init__(
        self, cells: list[object], index: dict[str, int], names: dict[str, str] | None = None
    ) -> None:
        self.cells = cells
        self.index = index
        self.names = names or {}

    def read(self, fld: str, convert: Callable[[object], Any]) -> Any:
        """`convert` of the field's cell; its ValueError names the column as the file does
        ("出生日期: invalid date '1990/2/30'"), as the platform readers' reasons do."""
        try:
            return convert(self.raw(fld))
        except ValueError as exc:
            raise ValueError(f"{self.names.get(fld, fld)}: {exc}") from None

    def raw(self, fld: str) -> object:
        i = self.index.get(fld)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def text(self, fld: str) -> str | None:
        value = self.raw(fld)
        if is_blank(value):
            return None
        return clean_text(value) or None


def parse_with_mapping(
    path: str | os.PathLike[str],
    mapping: Mapping,
    *,
    now: datetime,
    max_bytes: int = DEFAULT_MAX_BYTES,
    local_tz: tzinfo | None = None,
    status_words: list[str] | None = None,
) -> ParseResult:
    """Read `path` through `mapping` into orders or customers and rejected rows.

    Args:
        status_words: when given, the distinct words of the status column are appended to it,
            in the order they first appear (the wizard lists them to be given a meaning).
    """
    file = str(path)
    store = _store_currency()
    sheets = read_sheets(path, max_bytes=max_bytes)
    wanted = list(mapping.columns.values())
    # The sheet the mapping names is read, and only it, when the file has it (the wizard's
    # form shows that sheet); else the first sheet with every mapped column.
    named = [s for s in sheets if mapping.sheet and s.name == mapping.sheet][:1]
    found = _locate(named or sheets, wanted)
    if found is None:
        headers = [h[1] for h in map(_sheet_header, named or sheets) if h is not None]
        # What the named sheet lacks, or the sheet that comes closest (a summary sheet first
        # must not make every column look missing).
        missing = min(
            ([c for c in wanted if not _heads(header, c)] for header in headers),
            key=len,
            default=wanted,
        )
        raise MissingColumns(file, mapping.name or "mapped", missing)
    sheet, header_row, header = found
    index: dict[str, int] = {}
    for fld, col in mapping.columns.items():
        position = column_position(header, col, file=file)
        assert position is not None  # _locate found them all
        index[fld] = position
    sensitive = {i for i, name in enumerate(header) if is_sensitive_header(name)}
    index = {fld: i for fld, i in index.items() if i not in sensitive}  # never copied
    result = ParseResult(file=file, platform=mapping.platform, kind=mapping.kind, layout="mapped")
    latest = now + timedelta(days=1)
    orders: dict[str, ParsedOrder] = {}
    customers: list[ParsedCustomer] = []
    seen_words: set[str] = set(status_words or ())
    for offset, cells in enumerate(sheet.rows[header_row + 1 :]):
        row_no = header_row + 2 + offset
        if all(is_blank(c) for c in cells):
            continue
        if _summary_row(cells, index, mapping.kind):
            continue
        result.rows_read += 1
        row = _Row(list(cells), index, mapping.columns)
        if status_words is not None:
            word = row.text("status")
            if word is not None and word not in seen_words:
                seen_words.add(word)
                status_words.append(word)
        try:
            if mapping.kind == CUSTOMERS:
                customers.append(
                    _customer(row, row_no, mapping, sheet.date1904, result.notes, now.date())
                )
            else:
                order = _order(row, row_no, mapping, sheet.date1904, local_tz, store)
                if order.ordered_at > latest:
                    raise ValueError("the order is dated more than a day in the future")
                result.notes.extend(order.notes)
                if order.order_no in orders:
                    order.notes.append(f"order {order.order_no} repeated; row {row_no} was used")
                    result.notes.append(order.notes[-1])
                orders[order.order_no] = order
        except ValueError as exc:
            result.rejected.append(Rejected(row_no, str(exc)))
    result.orders = list(orders.values())
    result.customers = customers
    return result


def _refund(value: object, *, money: Callable[[object], int]) -> int:
    amount = money(value)
    if amount < 0:
        raise ValueError("negative refund amount")
    return amount


# A total line's label: 合计 / 总计 / 小计 / 共计 (also 合 计, 合计：, 合计金额), or Total /
# Subtotal alone, before a colon or a number ("Totally Handmade", "Summer Lee" are names).
_SUMMARY_LATIN = re.compile(
    r"(?:total|subtotal|sum|grand total)(?:\s*[:：].*|\s+[-+¥￥$€£\d.,\s]*)?", re.IGNORECASE
)
_SUMMARY_CHINESE = ("合计", "总计", "小计", "共计")


def _is_summary_label(value: object) -> bool:
    if not isinstance(value, str):
        return False
    text = clean_text(value)
    if "".join(text.split()).startswith(_SUMMARY_CHINESE):  # 合 计, 合　计: padded by hand
        return True
    return _SUMMARY_LATIN.fullmatch(text) is not None


def _summary_row(cells: Sequence[object], index: dict[str, int], kind: str) -> bool:
    """A total or subtotal line: its first cell says so, or (an order sheet) its order number
    does, or it has no order number and a cell that says so, in whichever column the sheet's
    author typed it."""
    if cells and _is_summary_label(cells[0]):
        return True
    at = index.get("order_no")
    if kind == CUSTOMERS or at is None:
        return False
    if at < len(cells) and not is_blank(cells[at]):
        return _is_summary_label(cells[at])
    return any(_is_summary_label(c) for c in cells)


def _status(row: _Row, mapping: Mapping, paid: int, refunded: int) -> str:
    text = row.text("status")
    if text is None:
        status = mapping.default_status
    else:
        status = mapping.statuses.get(text) or GENERIC_STATUSES.get(text.casefold().strip())
        if status is None:
            raise ValueError(f"unknown order status {text!r} (map it in the import mapping)")
    if paid > 0 and refunded == paid:
        # Refunded in full (a refund larger than paid is capped before): refunded whatever
        # progress the status showed, as every platform's reading has it (DESIGN §3).
        return REFUNDED
    return status


# A bare sign several currencies write: it means the mapping's (or the store's) currency when
# that one writes it so, else the usual reading (currency_of: ¥ yuan, $ US dollars).
_SHARED_SIGNS = {
    "CNY": ("¥", "￥"), "JPY": ("¥", "￥"),
    **{code: ("$", "＄") for code in ("USD", "CAD", "AUD", "NZD", "HKD", "TWD", "SGD", "MXN")},
}  # fmt: skip
_NAMED = re.compile(r"[A-Za-z\u3040-\u30ff\u3400-\u9fff]")  # a code or a word: not bare


def _store_currency() -> str | None:
    """The store currency, for a bare sign (None when no database is open: a plain parse)."""
    from desktop_crm.services.settings import store_currency

    try:
        return store_currency()
    except Exception:  # noqa: BLE001 - no database: read signs the usual way
        return None


def _cell_currency(value: object, preferred: str | None) -> str | None:
    """A currency cell: a bare shared sign (`¥` in a yen store) is the preferred currency,
    as in an amount; anything else as currency_code reads it."""
    code = currency_code(value)
    return preferred if code is not None and _bare_shared_sign(value, preferred) else code


def _sign_currency(value: object, preferred: str | None) -> str | None:
    """The currency an amount's sign names (`$12.00`, `€5`, `88元`), or None."""
    code = currency_of(value)
    return preferred if code is not None and _bare_shared_sign(value, preferred) else code


def _bare_shared_sign(value: object, preferred: str | None) -> bool:
    """Whether `value` writes its currency only with a sign `preferred` writes too (no code,
    no word): `¥3,000` in a yen store, `$12` in a Canadian one."""
    if preferred is None or not isinstance(value, str) or _NAMED.search(value) is not None:
        return False
    return any(sign in value for sign in _SHARED_SIGNS.get(preferred, ()))


def _order(
    row: _Row,
    row_no: int,
    mapping: Mapping,
    date1904: bool,
    local_tz: tzinfo | None,
    store: str | None = None,
) -> ParsedOrder:
    order_no = row.read("order_no", clean_order_id)
    when = row.read("ordered_at", lambda v: parse_datetime(
        v, date1904=date1904, local_tz=local_tz, dayfirst=mapping.dayfirst))  # fmt: skip
    money = functools.partial(parse_money, decimal_comma=mapping.decimal_comma)
    paid = row.read("paid", money)
    if paid < 0:
        raise ValueError("the paid amount is negative")
    refunded, notes = 0, []
    if not is_blank(row.raw("refunded")):
        refunded = row.read("refunded", functools.partial(_refund, money=money))
        if refunded > paid:
            notes.append(f"order {order_no}: refund larger than the paid amount, capped at paid")
            refunded = paid
    status = _status(row, mapping, paid, refunded)
    if status == REFUNDED:
        refunded = paid  # fully refunded (DESIGN §3), as every platform's reading says
    # The row's currency cell, else the amount's sign (`$12`: the row names it), else the
    # mapping's currency (where the store's applies when it has none).
    preferred = currency_code(mapping.currency) or store
    cell = functools.partial(_cell_currency, preferred=preferred)
    currency = row.read("currency", cell) or _sign_currency(row.raw("paid"), preferred)
    currency = currency or currency_code(mapping.currency)
    phone_text = row.text("phone")
    phone = normalize_phone(phone_text) if phone_text else None
    masked = bool(phone and is_masked_phone(phone))
    email = row.text("email")
    province, city, rest = (
        split_address(row.text("address")) if row.text("address") else (None, None, "")
    )
    buyer = row.text("buyer")
    key = (
        buyer or (email.casefold() if email else None) or (phone if phone and not masked else None)
    )
    title = row.text("items") or ""
    quantity = 1
    if not is_blank(row.raw("quantity")):
        try:
            quantity = max(1, int(float(clean_text(row.raw("quantity")))))
        except ValueError:
            quantity = 1
    return ParsedOrder(
        row=row_no, platform=mapping.platform, order_no=order_no, ordered_at=when,
        status=status, paid=paid, refunded=refunded,
        currency=currency,
        paid_at=_opt_time(row, "paid_at", mapping, date1904, local_tz),
        completed_at=_opt_time(row, "completed_at", mapping, date1904, local_tz),
        buyer_key=key, buyer_name=buyer or row.text("buyer_name"), real_name=row.text("real_name"),
        phone=phone, phone_masked=masked, email=email,
        province=row.text("province") or province, city=row.text("city") or city,
        address=rest or None, item_summary=title,
        items=[ParsedItem(title=title, quantity=quantity, price=paid)] if title else [],
        buyer_note=row.text("buyer_note"), notes=notes,
    )  # fmt: skip


def _opt_time(
    row: _Row, fld: str, mapping: Mapping, date1904: bool, local_tz: tzinfo | None
) -> datetime | None:
    if is_blank(row.raw(fld)):
        return None
    return row.read(fld, lambda v: parse_datetime(
        v, date1904=date1904, local_tz=local_tz, dayfirst=mapping.dayfirst))  # fmt: skip


def _customer(
    row: _Row, row_no: int, mapping: Mapping, date1904: bool, notes: list[str], today: date
) -> ParsedCustomer:
    name = row.text("display_name") or row.text("real_name")
    if not name:
        raise ValueError("the name is blank")
    phone_text = row.text("phone")
    phone = normalize_phone(phone_text) if phone_text else None
    birthday = None
    if not is_blank(row.raw("birthday")):
        try:
            birthday = row.read(
                "birthday", lambda v: parse_date(v, date1904=date1904, dayfirst=mapping.dayfirst)
            )
        except ValueError as exc:  # "3月8日", "1992/2/30": the person still counts
            notes.append(f"row {row_no}: {exc}; the birthday was left out")
        if birthday is not None and (code := birthday_problem(birthday, today)):
            # What the form refuses: a future birthday would greet them for a day not yet
            # come, one before 1900 is no date a spreadsheet can show.
            why = "is in the future" if code == BIRTHDAY_FUTURE else "is more than 130 years ago"
            notes.append(
                f"row {row_no}: the birthday {birthday.isoformat()} {why}; it was left out"
            )
            birthday = None
    gender_text = (row.text("gender") or "").casefold()
    province, city, rest = (
        split_address(row.text("address")) if row.text("address") else (None, None, "")
    )
    tags = split_tag_list(row.text("tags") or "", _TAG_SEPARATORS)
    return ParsedCustomer(
        row=row_no, platform=mapping.platform, buyer_key=None, display_name=name,
        real_name=row.text("real_name"), phone=phone,
        phone_masked=bool(phone and is_masked_phone(phone)), email=row.text("email"),
        gender=GENDERS.get(gender_text), birthday=birthday,
        province=row.text("province") or province, city=row.text("city") or city,
        address=rest or None, tags=tags, note=row.text("note"),
    )  # fmt: skip


def mapping_parser(mapping: Mapping) -> Callable[..., ParseResult]:
    """A drop-in for parse_file that reads through `mapping` (for engine.import_file)."""

    def parse(path: Any, *, platform: str = "auto", kind: str | None = None, now: datetime,
              **_ignored: Any) -> ParseResult:  # fmt: skip
        return parse_with_mapping(path, mapping, now=now)

    return parse


# Between the tags of one cell: "VIP,老客", "VIP、老客", "VIP；老客", "VIP / 老客" (what the
# form splits at, and a cell's slashes, bars and line breaks).
_TAG_SEPARATORS = re.compile(f"[{TAG_LIST_SEPARATORS}/|｜\n]")

# Column names a hand-made spreadsheet commonly uses, per field (compared after header_key).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_no": ("订单号", "订单编号", "单号", "流水号", "订单ID", "order", "order no",
                 "order number", "order id", "order_id", "order_number"),
    "ordered_at": ("下单时间", "订单时间", "日期", "下单日期", "创建时间", "成交日期", "成交时间",
                   "交易时间", "date", "order date", "created", "created at", "order_date"),
    "paid": ("实付", "实付金额", "金额", "付款金额", "总金额", "订单金额", "实收", "实收金额",
             "收款金额", "total", "amount", "paid", "order total", "order_total"),
    "status": ("状态", "订单状态", "status", "order status"),
    "refunded": ("退款", "退款金额", "refund", "refunded", "refund amount"),
    "buyer": ("买家", "买家账号", "买家昵称", "会员", "会员名", "客户账号", "客户", "客户名称",
              "顾客", "顾客昵称", "customer id", "customer_id", "buyer", "username", "customer"),
    "items": ("商品", "商品名称", "产品", "宝贝", "item", "items", "product"),
    "buyer_note": ("买家留言", "买家备注", "留言", "备注", "订单备注", "note", "notes",
                   "customer note"),
    "display_name": ("姓名", "名字", "客户", "客户名称", "昵称", "name", "full name", "customer",
                     "customer name"),
    "real_name": ("真实姓名", "收货人", "real name"),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系电话", "phone", "mobile", "telephone"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail", "mail"),
    "birthday": ("生日", "出生日期", "birthday", "date of birth", "dob"),
    "gender": ("性别", "gender", "sex"),
    "province": ("省", "省份", "province", "state"),
    "city": ("市", "城市", "city"),
    "address": ("地址", "详细地址", "收货地址", "address"),
    "tags": ("标签", "tags", "tag"),
    "note": ("备注", "note", "notes", "remark"),
    "currency": ("币种", "货币", "currency"),
}  # fmt: skip


def guess_columns(header: list[object], kind: str) -> dict[str, str]:
    """Field -> column for every field whose usual name appears in the header.

    A name that heads several columns is not guessed: which one holds the field is the
    merchant's choice (RELIABILITY G30), never a silent first or last.
    """
    fields = ORDER_FIELDS if kind == ORDERS else CUSTOMER_FIELDS
    positions = _positions(header)
    by_key = {
        header_key(h): clean_text(h)
        for h in header
        if clean_text(h) and len(positions[header_key(h)]) == 1
    }
    columns: dict[str, str] = {}
    for fld in fields:
        for name in SYNONYMS.get(fld, ()):
            hit = by_key.get(header_key(name))
            if hit and hit not in columns.values():
                columns[fld] = hit
                break
    return columns


def guess_mapping(header: list[object], kind: str) -> Mapping | None:
    """A mapping from common column names, or None when a required field has no column."""
    columns = guess_columns(header, kind)
    if unmapped_fields(kind, columns):
        return None
    return Mapping(columns=columns, kind=kind, name="")
