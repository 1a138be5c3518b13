"""One spec per export layout: how to recognise it and how to turn its rows into records.

A spec lists its columns (with the header spellings seen in the wild), which of them are
required, and a parser that turns one order's rows into a ParsedOrder (or one row into a
ParsedCustomer). parse.py finds the header, groups rows and calls the parser; adding a platform
means writing one spec and calling `register()` (Douyin, 千牛, WooCommerce, Etsy, eBay and the
user's column mapping go the same way).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, tzinfo

from .normalize import (
    CACHE_LIMIT,
    canonical_province,
    clean_text,
    is_blank,
    is_masked_name,
    is_masked_phone,
    map_status,
    normalize_phone,
    optional_datetime,
    parse_datetime,
    parse_int,
    parse_money,
    shopify_status,
    split_address,
    text_or_none,
)
from .reader import Cell
from .records import (
    CLOSED,
    CUSTOMERS,
    ORDERS,
    REFUNDED,
    ParsedCustomer,
    ParsedItem,
    ParsedOrder,
)

Row = list[Cell]
RowRef = tuple[int, Row]  # (1-based spreadsheet row number, cells)

# Columns whose values must never reach a record (RELIABILITY 40): no spec maps them, and a
# user column mapping must refuse them.
SENSITIVE_HEADERS = frozenset(
    {
        "身份证号",
        "身份证号码",
        "证件号码",
        "身份证",
        "银行卡号",
        "银行卡",
        "买家支付宝账号",
        "支付宝账号",
        "买家支付宝",
    }
)


def header_key(text: object) -> str:
    """Normalise a header for comparison: NFKC, no whitespace anywhere, case-folded."""
    s = unicodedata.normalize("NFKC", clean_text(text))
    return "".join(s.split()).casefold()


def is_sensitive_header(text: object) -> bool:
    """Return True for ID-card, bank-card and payment-account columns."""
    return header_key(text) in _SENSITIVE_KEYS


_SENSITIVE_KEYS = frozenset(header_key(h) for h in SENSITIVE_HEADERS)


class RowError(ValueError):
    """A row (or an order's group of rows) that cannot be imported, with the reason."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Column:
    """A field of a layout and the header spellings that carry it (the first is canonical)."""

    field: str
    names: tuple[str, ...]
    required: bool = False


def col(field: str, *names: str, required: bool = False) -> Column:
    """Shorthand for Column."""
    return Column(field, names, required)


class Context:
    """Column lookup and per-cell conversion for one sheet, with errors that name the column."""

    __slots__ = ("file", "platform", "idx", "names", "date1904", "local_tz", "now", "notes")

    def __init__(
        self,
        file: str,
        platform: str,
        idx: dict[str, int],
        names: dict[str, str],
        *,
        date1904: bool = False,
        local_tz: tzinfo | None = None,
        now: datetime | None = None,
    ) -> None:
        self.file = file
        self.platform = platform
        self.idx = idx  # field → column index
        self.names = names  # field → the header text as found in the file
        self.date1904 = date1904
        self.local_tz = local_tz
        self.now = now
        self.notes: list[str] = []

    def has(self, fld: str) -> bool:
        """Return True when the file has a column for the field."""
        return fld in self.idx

    def raw(self, row: Row, fld: str) -> Cell:
        """Return the raw cell of a field (None when the column or the cell is absent)."""
        i = self.idx.get(fld)
        if i is None or i >= len(row):
            return None
        return row[i]

    def text(self, row: Row, fld: str) -> str | None:
        """Return the cleaned text of a field, or None when blank."""
        i = self.idx.get(fld)
        if i is None or i >= len(row):
            return None
        return text_or_none(row[i])

    def col(self, fld: str) -> int:
        """Return the column index of a field, or -1 when the file has no such column."""
        return self.idx.get(fld, -1)

    def money(self, row: Row, fld: str, *, default: int | None = 0) -> int:
        """Parse a money field into minor units; blank gives `default`."""
        try:
            return parse_money(self.raw(row, fld), default=default)
        except ValueError as exc:
            raise ValueError(f"{self.names.get(fld, fld)}: {exc}") from None

    def paid(self, row: Row, fld: str) -> int:
        """Parse the paid amount: blank is 0, negative is an error."""
        value = self.money(row, fld)
        if value < 0:
            raise ValueError(f"{self.names.get(fld, fld)}: negative paid amount")
        return value

    def when(self, row: Row, fld: str) -> datetime:
        """Parse a required date/time field."""
        try:
            return parse_datetime(
                self.raw(row, fld), date1904=self.date1904, local_tz=self.local_tz
            )
        except ValueError as exc:
            raise ValueError(f"{self.names.get(fld, fld)}: {exc}") from None

    def opt_when(self, row: Row, fld: str) -> datetime | None:
        """Parse an optional date/time field (blank → None)."""
        try:
            return optional_datetime(
                self.raw(row, fld), date1904=self.date1904, local_tz=self.local_tz
            )
        except ValueError as exc:
            raise ValueError(f"{self.names.get(fld, fld)}: {exc}") from None

    def count(self, row: Row, fld: str, *, default: int = 1) -> int:
        """Parse a quantity (blank → default)."""
        try:
            return parse_int(self.raw(row, fld), default=default)
        except ValueError as exc:
            raise ValueError(f"{self.names.get(fld, fld)}: {exc}") from None

    def first_text(self, row: Row, *fields: str) -> str | None:
        """Return the first non-blank text among several fields."""
        for fld in fields:
            value = self.text(row, fld)
            if value:
                return value
        return None


# (context, the rows' grouping key — the cleaned order id —, the rows) → a record.
Parser = Callable[[Context, str, list[RowRef]], "ParsedOrder | ParsedCustomer"]
# A parser specialised to one file's columns (built once per file from its Context): (key, rows)
# → the record the spec's parser would return, or None whenever anything is out of the ordinary
# (a short row, a blank or odd cell, an error, a note to add); parse.py then calls the spec's
# parser, which gives the record, the error or the note. It never raises.
FastParser = Callable[[str, list[RowRef]], "ParsedOrder | ParsedCustomer | None"]
# Decides whether a row of an order already seen begins a repeat of that order (multi-row
# layouts) rather than adding a line to it.
StartsRepeat = Callable[[Context, list[RowRef], Row], bool]


@dataclass(frozen=True)
class PlatformSpec:
    """A recognisable export layout and how to read it."""

    platform: str
    kind: str  # records.ORDERS or records.CUSTOMERS
    layout: str
    columns: tuple[Column, ...]
    parse: Parser
    key_field: str = "order_no"  # the column rows are grouped by (an order id)
    # Overrides key_field: returns the grouping key of a row ("" = never group this row).
    row_key: Callable[[Context, Row], str] | None = None
    multi_row: bool = False  # several rows per order (one per line item)
    starts_repeat: StartsRepeat | None = None
    # A layout that only adds to another file (Taobao 宝贝报表): never imported alone.
    detail_of: str | None = None
    file_pattern: re.Pattern[str] | None = None
    description: str = ""
    # Builds a FastParser for a file (None: that file's columns get no fast path).
    fast: Callable[[Context], FastParser | None] | None = None
    _keys: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for column in self.columns:
            for name in column.names:
                self._keys.setdefault(header_key(name), column.field)

    @property
    def required(self) -> list[Column]:
        """The columns a file must have for this layout."""
        return [c for c in self.columns if c.required]

    def match(self, header_keys: Sequence[str]) -> tuple[int, list[str]]:
        """Score a header row: (number of fields found, canonical names of missing required)."""
        found = {self._keys[k] for k in header_keys if k in self._keys}
        missing = [c.names[0] for c in self.columns if c.required and c.field not in found]
        return len(found), missing

    def field_of(self, key: str) -> str | None:
        """Return the field a normalised header names, if any."""
        return self._keys.get(key)

    def rank_of(self, fld: str, key: str) -> int:
        """Return the position of a header spelling in a field's names (lower is preferred)."""
        for column in self.columns:
            if column.field == fld:
                for i, name in enumerate(column.names):
                    if header_key(name) == key:
                        return i
        return 1_000


SPECS: list[PlatformSpec] = []


def register(spec: PlatformSpec) -> PlatformSpec:
    """Add a layout to the registry consulted by detection."""
    SPECS.append(spec)
    return spec


def specs_for(platform: str | None = None, kind: str | None = None) -> list[PlatformSpec]:
    """Return the registered layouts of a platform and/or kind."""
    return [
        s
        for s in SPECS
        if (platform in (None, "auto") or s.platform == platform) and (kind in (None, s.kind))
    ]


# --------------------------------------------------------------------------------------------
# Shared helpers


def _cap_refund(order_no: str, paid: int, refunded: int, notes: list[str]) -> int:
    """Keep a refund within what was paid, noting when the export claimed more."""
    if refunded < 0:
        raise ValueError("negative refund amount")
    if refunded > paid:
        notes.append(f"order {order_no}: refund larger than the paid amount, capped at paid")
        return paid
    return refunded


def _phone(raw: str | None) -> tuple[str | None, bool]:
    """Normalise a phone cell and flag masks."""
    phone = normalize_phone(raw)
    return phone, phone is not None and "*" in phone and is_masked_phone(phone)


def _masked_name(name: str | None) -> bool:
    """Flag a masked name (the text is already clean)."""
    return name is not None and ("*" in name or "＊" in name) and is_masked_name(name)


def _lines_summary(items: Iterable[ParsedItem], sep: str) -> str:
    """Join item titles for the order's summary."""
    return sep.join(i.title for i in items if i.title)


def _address_fields(raw: str | None) -> tuple[str | None, str | None, str | None]:
    """Split a one-cell Chinese address into (province, city, rest-or-None)."""
    province, city, rest = split_address(raw)
    return province, city, rest or None


# --------------------------------------------------------------------------------------------
# Taobao / Tmall classic 订单报表 (ExportOrderList…) and 宝贝报表 (ExportOrderDetailList…)

TAOBAO_ORDER_HEADERS = (
    "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,"
    "买家实际支付金额,买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,"
    "联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,"
    "宝贝总数量,"
    "店铺Id,店铺名称,订单关闭原因,卖家服务费,买家服务费,发票抬头,是否手机订单,分阶段订单信息,"
    "特权订金订单id,是否上传合同照片,是否上传小票,是否代付,定金排名,修改后的sku,修改后的收货地址,"
    "异常信息,天猫卡券抵扣,集分宝抵扣,是否是O2O交易"
).split(",")
# Columns later exports add (and samples.py writes after the classic list).
TAOBAO_ORDER_EXTRA_HEADERS = ["退款金额", "确认收货时间"]
TAOBAO_DETAIL_HEADERS = [
    "订单编号",
    "标题",
    "价格",
    "购买数量",
    "外部系统编号",
    "商品属性",
    "套餐信息",
    "备注",
    "订单状态",
    "商家编码",
]

TAOBAO_STATUS_TEXT = {
    "pending": "等待买家付款",
    "paid": "买家已付款，等待卖家发货",
    "shipped": "卖家已发货，等待买家确认",
    "completed": "交易成功",
    "closed": "交易关闭",
    "refunded": "交易关闭",
}


def _parse_taobao(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """One row of the Taobao order report → ParsedOrder."""
    rownum, r = rows[-1]
    order_no = key
    notes: list[str] = []
    ordered_at = ctx.when(r, "created")
    paid = ctx.paid(r, "paid")
    refunded = ctx.money(r, "refund") if ctx.has("refund") else 0
    refunded = _cap_refund(order_no, paid, refunded, notes)
    status = map_status("taobao", ctx.raw(r, "status"), paid=paid, refunded=refunded)
    if status == REFUNDED:
        refunded = paid
    buyer = ctx.text(r, "buyer")
    real_name = ctx.text(r, "recipient")
    phone, phone_masked = _phone(ctx.first_text(r, "mobile", "phone"))
    province, city, address = _address_fields(ctx.text(r, "address"))
    return ParsedOrder(
        row=rownum,
        platform="taobao",
        order_no=order_no,
        ordered_at=ordered_at,
        status=status,
        paid=paid,
        refunded=refunded,
        currency="CNY",
        paid_at=ctx.opt_when(r, "paid_at"),
        completed_at=ctx.opt_when(r, "confirmed_at"),
        buyer_key=buyer,
        buyer_name=buyer,
        real_name=real_name,
        real_name_masked=_masked_name(real_name),
        phone=phone,
        phone_masked=phone_masked,
        province=province,
        city=city,
        address=address,
        item_summary=ctx.text(r, "title") or "",
        buyer_note=ctx.text(r, "buyer_note"),
        notes=notes,
    )


# The fast parsers build records positionally: binding 25 keyword arguments costs more than
# the rest of a row. They switch themselves off should records.py ever change the fields.
_ORDER_FIELDS = (
    "row", "platform", "order_no", "ordered_at", "status", "paid", "refunded", "currency",
    "paid_at", "completed_at", "buyer_key", "buyer_key_weak", "buyer_name", "real_name",
    "real_name_masked", "phone", "phone_masked", "email", "province", "city", "address",
    "item_summary", "items", "buyer_note", "notes",
)  # fmt: skip
_ITEM_FIELDS = ("title", "sku", "quantity", "price", "attributes")
POSITIONAL_RECORDS = (
    tuple(f.name for f in fields(ParsedOrder)) == _ORDER_FIELDS
    and tuple(f.name for f in fields(ParsedItem)) == _ITEM_FIELDS
)


class _Memo(dict[str, object]):
    """Cell text → converted value, converted on first sight (a hit costs no Python call).

    Keyed by text only (a float 1.0 and True would share a key with 1); the conversion's
    ValueError propagates and nothing is stored for it.
    """

    __slots__ = ("convert",)

    def __init__(self, convert: Callable[[str], object]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, key: str) -> object:
        value = self.convert(key)
        if len(self) < CACHE_LIMIT:
            self[key] = value
        return value


def _money_or_zero(text: str) -> int:
    """parse_money with blank → 0 (what Context.money gives)."""
    return parse_money(text, default=0)


def _plain_phone(text: str | None) -> tuple[str | None, bool]:
    """_phone for an already clean cell text, with the plain mainland mobile inline."""
    if text is not None and len(text) == 11 and text.isascii() and text.isdigit():
        return text, False  # what normalize_phone returns for it, unmasked
    return _phone(text)


def _fast_taobao(ctx: Context) -> FastParser | None:
    """_parse_taobao specialised to the file's column positions, for the common rows."""
    c = ctx.col
    created, paid_c, status_c, buyer_c = c("created"), c("paid"), c("status"), c("buyer")
    refund_c, recipient_c, mobile_c, phone_c = c("refund"), c("recipient"), c("mobile"), c("phone")
    address_c, paid_at_c, confirmed_c = c("address"), c("paid_at"), c("confirmed_at")
    title_c, note_c = c("title"), c("buyer_note")
    if min(created, paid_c, status_c, buyer_c) < 0 or not POSITIONAL_RECORDS:
        return None
    need = 1 + max(
        created, paid_c, status_c, buyer_c, refund_c, recipient_c, mobile_c, phone_c, address_c,
        paid_at_c, confirmed_c, title_c, note_c,
    )  # fmt: skip
    date1904, local_tz = ctx.date1904, ctx.local_tz
    text = text_or_none
    money = _Memo(_money_or_zero)
    # map_status without paid/refunded gives the table's status; the refund rule is below.
    statuses = _Memo(lambda t: map_status("taobao", t))

    def fast(key: str, rows: list[RowRef]) -> ParsedOrder | None:
        rownum, r = rows[-1]
        if len(r) < need:
            return None
        try:
            v = r[paid_c]
            paid = money[v] if v.__class__ is str else parse_money(v, default=0)
            if refund_c >= 0:
                v = r[refund_c]
                refunded = money[v] if v.__class__ is str else parse_money(v, default=0)
            else:
                refunded = 0
            if paid < 0 or refunded < 0 or refunded > paid:
                return None
            v = r[status_c]
            status = statuses[v] if v.__class__ is str else map_status("taobao", v)
            if status == CLOSED and paid > 0 and refunded == paid:
                status = REFUNDED  # map_status's rule
            if status == REFUNDED:
                refunded = paid
            buyer = text(r[buyer_c])
            real_name = text(r[recipient_c]) if recipient_c >= 0 else None
            phone, phone_masked = _plain_phone(
                (text(r[mobile_c]) if mobile_c >= 0 else None)
                or (text(r[phone_c]) if phone_c >= 0 else None)
            )
            v = r[paid_at_c] if paid_at_c >= 0 else None
            paid_at = (
                None
                if v == "" or v is None
                else optional_datetime(v, date1904=date1904, local_tz=local_tz)
            )
            v = r[confirmed_c] if confirmed_c >= 0 else None
            completed_at = (
                None
                if v == "" or v is None
                else optional_datetime(v, date1904=date1904, local_tz=local_tz)
            )
            province, city, address = _address_fields(
                text(r[address_c]) if address_c >= 0 else None
            )
            return ParsedOrder(
                rownum,  # row
                "taobao",  # platform
                key,  # order_no
                parse_datetime(r[created], date1904=date1904, local_tz=local_tz),  # ordered_at
                status,  # status
                paid,  # paid
                refunded,  # refunded
                "CNY",  # currency
                paid_at,  # paid_at
                completed_at,  # completed_at
                buyer,  # buyer_key
                False,  # buyer_key_weak
                buyer,  # buyer_name
                real_name,  # real_name
                _masked_name(real_name),  # real_name_masked
                phone,  # phone
                phone_masked,  # phone_masked
                None,  # email
                province,  # province
                city,  # city
                address,  # address
                (text(r[title_c]) if title_c >= 0 else None) or "",  # item_summary
                [],  # items
                text(r[note_c]) if note_c >= 0 else None,  # buyer_note
                [],  # notes
            )
        except Exception:  # the careful path gives the error (or the same crash)
            return None

    return fast


TAOBAO_ORDERS = register(
    PlatformSpec(
        platform="taobao",
        kind=ORDERS,
        layout="taobao-order-report",
        description="淘宝/天猫 订单报表 (ExportOrderList)",
        file_pattern=re.compile(r"ExportOrderList", re.IGNORECASE),
        columns=(
            col("order_no", "订单编号", required=True),
            col("buyer", "买家会员名", "买家昵称", required=True),
            col("paid", "买家实际支付金额", "买家实付金额", "实际支付金额", required=True),
            col("status", "订单状态", required=True),
            col("created", "订单创建时间", "创建时间", "下单时间", required=True),
            col("paid_at", "订单付款时间", "付款时间"),
            col("goods", "买家应付货款"),
            col("postage", "买家应付邮费"),
            col("total", "总金额"),
            col("recipient", "收货人姓名"),
            col("address", "收货地址"),
            col("phone", "联系电话"),
            col("mobile", "联系手机"),
            col("title", "宝贝标题"),
            col("kinds", "宝贝种类"),
            col("quantity", "宝贝总数量"),
            col("buyer_note", "买家留言"),
            col("seller_note", "订单备注", "商家备注"),
            col("refund", "退款金额"),
            col("confirmed_at", "确认收货时间"),
            col("shipped_at", "发货时间"),
            col("close_reason", "订单关闭原因"),
            col("shop", "店铺名称"),
            col("carrier", "物流公司"),
        ),
        parse=_parse_taobao,
        fast=_fast_taobao,
    )
)


@dataclass(slots=True)
class DetailLine:
    """One 宝贝报表 row: an item line to attach to an order."""

    row: int
    order_no: str
    item: ParsedItem


def _parse_taobao_detail(ctx: Context, key: str, rows: list[RowRef]) -> DetailLine:
    """One 宝贝报表 row → an item line."""
    rownum, r = rows[-1]
    title = ctx.text(r, "title") or ""
    sku = ctx.first_text(r, "sku", "external_id") or ""
    attributes = ctx.first_text(r, "attributes", "package") or ""
    item = ParsedItem(
        title=title,
        sku=sku,
        quantity=ctx.count(r, "quantity"),
        price=ctx.money(r, "price"),
        attributes=attributes,
    )
    return DetailLine(rownum, key, item)


TAOBAO_DETAILS = register(
    PlatformSpec(
        platform="taobao",
        kind=ORDERS,
        layout="taobao-order-details",
        description="淘宝/天猫 宝贝报表 (ExportOrderDetailList)",
        file_pattern=re.compile(r"ExportOrderDetailList", re.IGNORECASE),
        detail_of="taobao-order-report",
        multi_row=True,
        columns=(
            col("order_no", "订单编号", required=True),
            col("title", "标题", "宝贝标题", "商品标题", required=True),
            col("price", "价格", "商品价格", required=True),
            col("quantity", "购买数量", required=True),
            col("external_id", "外部系统编号"),
            col("attributes", "商品属性"),
            col("package", "套餐信息"),
            col("note", "备注"),
            col("status", "订单状态"),
            col("sku", "商家编码"),
        ),
        parse=_parse_taobao_detail,  # type: ignore[arg-type]
    )
)


# --------------------------------------------------------------------------------------------
# JD 京东 POP order export: one row per SKU, order-level amounts repeated on each row.

JD_ORDER_HEADERS = (
    "订单号,商品ID,商品名称,订购数量,支付方式,下单时间,京东价,订单金额,结算金额,余额支付,应付金额,"
    "订单状态,订单类型,下单帐号,客户姓名,客户地址,联系电话,订单备注,发票类型,发票抬头,发票内容,商家备注,"
    "商家备注等级（等级1-5为由高到低）,运费金额,付款确认时间,增值税发票,货号,订单完成时间,订单来源,订单渠道"
).split(",")

JD_STATUS_TEXT = {
    "pending": "等待付款",
    "paid": "等待出库",
    "shipped": "等待确认收货",
    "completed": "完成",
    "closed": "已取消",
    "refunded": "退款成功",
}


def _jd_line_key(ctx: Context, r: Row) -> tuple[str, ...]:
    """Identify a SKU row within an order (a repeat of the same key means a repeated order)."""
    return (
        clean_text(ctx.raw(r, "product_id")),
        clean_text(ctx.raw(r, "sku_id")),
        clean_text(ctx.raw(r, "item_no")),
        clean_text(ctx.raw(r, "title")),
    )


def _jd_starts_repeat(ctx: Context, rows: list[RowRef], row: Row) -> bool:
    """A SKU row already present in the order means the order itself repeats."""
    key = _jd_line_key(ctx, row)
    return any(_jd_line_key(ctx, r) == key for _, r in rows)


def _parse_jd(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """All SKU rows of one JD order → ParsedOrder (order-level amounts counted once)."""
    rownum, r = rows[0]
    order_no = key
    notes: list[str] = []
    paid = ctx.paid(r, "paid")
    for n, other in rows[1:]:
        if ctx.raw(other, "paid") != ctx.raw(r, "paid") and not is_blank(ctx.raw(other, "paid")):
            try:
                other_paid = ctx.paid(other, "paid")
            except ValueError as exc:
                raise RowError(n, str(exc)) from None
            if other_paid != paid:
                notes.append(f"order {order_no}: rows disagree on 应付金额; row {rownum} is used")
    status = map_status("jd", ctx.raw(r, "status"), paid=paid)
    refunded = paid if status == REFUNDED else 0
    items: list[ParsedItem] = []
    for n, line in rows:
        try:
            items.append(
                ParsedItem(
                    title=ctx.text(line, "title") or "",
                    sku=ctx.first_text(line, "sku_id", "item_no", "product_id") or "",
                    quantity=ctx.count(line, "quantity"),
                    price=ctx.money(line, "price"),
                )
            )
        except ValueError as exc:
            raise RowError(n, str(exc)) from None
    buyer = ctx.text(r, "buyer")
    real_name = ctx.text(r, "recipient")
    phone, phone_masked = _phone(ctx.text(r, "phone"))
    province, city, address = _address_fields(ctx.text(r, "address"))
    email = ctx.text(r, "email")
    return ParsedOrder(
        row=rownum,
        platform="jd",
        order_no=order_no,
        ordered_at=ctx.when(r, "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency="CNY",
        paid_at=ctx.opt_when(r, "paid_at"),
        completed_at=ctx.opt_when(r, "completed_at"),
        buyer_key=buyer,
        buyer_name=buyer,
        real_name=real_name,
        real_name_masked=_masked_name(real_name),
        phone=phone,
        phone_masked=phone_masked,
        email=email.lower() if email else None,
        province=province,
        city=city,
        address=address,
        item_summary=_lines_summary(items, "，"),
        items=items,
        buyer_note=ctx.text(r, "buyer_note"),
        notes=notes,
    )


JD_ORDERS = register(
    PlatformSpec(
        platform="jd",
        kind=ORDERS,
        layout="jd-order-export",
        description="京东 POP 订单导出",
        multi_row=True,
        starts_repeat=_jd_starts_repeat,
        columns=(
            col("order_no", "订单号", required=True),
            col("product_id", "商品ID", "商品编号"),
            col("title", "商品名称", required=True),
            col("quantity", "订购数量", "商品数量"),
            col("pay_method", "支付方式"),
            col("created", "下单时间", required=True),
            col("price", "京东价", "商品单价"),
            col("order_amount", "订单金额"),
            col("settlement", "结算金额"),
            col("balance", "余额支付"),
            col("paid", "应付金额", required=True),
            col("status", "订单状态", required=True),
            col("order_type", "订单类型"),
            col("buyer", "下单帐号", "下单账号", "用户账号", required=True),
            col("recipient", "客户姓名", "收货人姓名"),
            col("address", "客户地址", "收货地址"),
            col("phone", "联系电话", "收货人电话"),
            col("buyer_note", "订单备注"),
            col("seller_note", "商家备注"),
            col("freight", "运费金额"),
            col("paid_at", "付款确认时间"),
            col("item_no", "货号"),
            col("completed_at", "订单完成时间"),
            col("source", "订单来源"),
            col("channel", "订单渠道"),
            col("email", "邮箱地址"),
            col("sku_id", "商家SKUID"),
        ),
        parse=_parse_jd,
    )
)


# --------------------------------------------------------------------------------------------
# Pinduoduo 拼多多: one row per order, no buyer account.

PDD_ORDER_HEADERS = (
    "订单成交时间,商品,订单号,订单状态,商品总价(元),邮费(元),店铺优惠折扣(元),平台优惠折扣(元),"
    "多多支付立减金额(元),用户实付金额(元),商家实收金额(元),商品数量(件),发货时间,确认收货时间,商品id,"
    "商品规格,样式ID,商家编码-规格维度,商家编码-商品维度,商家备注,售后状态,快递单号,快递公司,买家留言,"
    "收货人,手机,省,市,区,街道"
).split(",")

PDD_STATUS_TEXT = {
    "pending": "待支付",
    "paid": "待发货",
    "shipped": "已发货待签收",
    "completed": "已签收",
    "closed": "已取消",
    "refunded": "已签收",
}
_PDD_ID_DATE_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})-")


def pdd_buyer_key(
    name: str | None, phone: str | None, province: str | None, city: str | None
) -> str | None:
    """The weak Pinduoduo buyer key: masked name + masked phone + province + city."""
    if not name and not phone:
        return None
    return "|".join(p or "" for p in (name, phone, province, city))


def _pdd_date_from_id(order_no: str) -> datetime:
    """Take an order's date from the `YYMMDD-` prefix of a Pinduoduo order id."""
    m = _PDD_ID_DATE_RE.match(order_no)
    if not m:
        raise ValueError("订单成交时间 is blank and the order id carries no date")
    yy, mm, dd = (int(g) for g in m.groups())
    try:
        return datetime(2000 + yy, mm, dd)
    except ValueError:
        raise ValueError(
            f"订单成交时间 is blank and the id prefix {m.group(0)!r} is no date"
        ) from None


def _parse_pdd(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """One Pinduoduo row → ParsedOrder."""
    rownum, r = rows[-1]
    order_no = key
    notes: list[str] = []
    for fld in ("created", "created_alt", "paid_at"):
        if not is_blank(ctx.raw(r, fld)):
            ordered_at = ctx.when(r, fld)
            break
    else:
        ordered_at = _pdd_date_from_id(order_no)
    paid = ctx.paid(r, "paid")
    status = map_status("pdd", ctx.raw(r, "status"), paid=paid)
    after_sale = clean_text(ctx.raw(r, "after_sale"))
    has_refund_col = ctx.has("refund")
    refunded = ctx.money(r, "refund") if has_refund_col else 0
    if after_sale == "退款成功":
        if not has_refund_col or refunded >= paid:
            status, refunded = REFUNDED, paid
    refunded = _cap_refund(order_no, paid, refunded, notes)
    if status == REFUNDED:
        refunded = paid
    real_name = ctx.text(r, "recipient")
    phone, phone_masked = _phone(ctx.text(r, "phone"))
    if ctx.has("province"):
        province = canonical_province(ctx.raw(r, "province"))
        city_text = ctx.text(r, "city")
        city = None if city_text is None or "*" in city_text else city_text
        parts = (ctx.text(r, "district"), ctx.text(r, "street"))
        address = " ".join(p for p in parts if p and p.strip("*＊")) or None
    else:
        province, city, address = _address_fields(ctx.text(r, "full_address"))
    title = ctx.text(r, "title") or ""
    quantity = ctx.count(r, "quantity")
    goods = ctx.money(r, "goods_total") if ctx.has("goods_total") else paid
    items = [
        ParsedItem(
            title=title,
            sku=ctx.first_text(r, "sku", "sku_alt", "product_id") or "",
            quantity=quantity,
            price=goods // quantity if quantity > 0 else goods,
            attributes=ctx.text(r, "spec") or "",
        )
    ]
    masked_name = _masked_name(real_name)
    return ParsedOrder(
        row=rownum,
        platform="pdd",
        order_no=order_no,
        ordered_at=ordered_at,
        status=status,
        paid=paid,
        refunded=refunded,
        currency="CNY",
        paid_at=ctx.opt_when(r, "paid_at"),
        completed_at=ctx.opt_when(r, "confirmed_at"),
        buyer_key=pdd_buyer_key(real_name, phone, province, city),
        buyer_key_weak=True,
        buyer_name=real_name,
        real_name=real_name,
        real_name_masked=masked_name,
        phone=phone,
        phone_masked=phone_masked,
        province=province,
        city=city,
        address=address,
        item_summary=title,
        items=items,
        buyer_note=ctx.text(r, "buyer_note"),
        notes=notes,
    )


PDD_ORDERS = register(
    PlatformSpec(
        platform="pdd",
        kind=ORDERS,
        layout="pdd-order-export",
        description="拼多多 订单导出",
        columns=(
            col("order_no", "订单号", required=True),
            col("status", "订单状态", required=True),
            col("paid", "用户实付金额(元)", "用户实付金额", required=True),
            col("created", "订单成交时间", "成交时间", required=True),
            col("created_alt", "订单创建时间", "拼单成功时间"),
            col("paid_at", "支付时间"),
            col("title", "商品", "商品名称"),
            col("goods_total", "商品总价(元)", "商品总价"),
            col("postage", "邮费(元)", "邮费"),
            col("shop_discount", "店铺优惠折扣(元)"),
            col("platform_discount", "平台优惠折扣(元)"),
            col("merchant_received", "商家实收金额(元)", "商家实收金额"),
            col("quantity", "商品数量(件)", "商品数量"),
            col("shipped_at", "发货时间"),
            col("confirmed_at", "确认收货时间"),
            col("product_id", "商品id"),
            col("spec", "商品规格"),
            col("sku", "商家编码-规格维度", "商家编码-SKU维度"),
            col("sku_alt", "商家编码-商品维度"),
            col("seller_note", "商家备注"),
            col("after_sale", "售后状态"),
            col("tracking", "快递单号"),
            col("carrier", "快递公司"),
            col("buyer_note", "买家留言"),
            col("refund", "退款金额(元)", "退款金额"),
            col("recipient", "收货人", "收件人", "收货人姓名"),
            col("phone", "手机", "手机号", "收货人手机号", "收件人手机号", "联系电话"),
            col("province", "省", "省份"),
            col("city", "市", "城市"),
            col("district", "区", "区县"),
            col("street", "街道", "详细地址"),
            col("full_address", "收货地址"),
        ),
        parse=_parse_pdd,
    )
)


# --------------------------------------------------------------------------------------------
# Shopify orders_export.csv: one row per line item; order-level fields on the first row only.

SHOPIFY_ORDER_HEADERS = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
    "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
    "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,"
    "Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,"
    "Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,"
    "Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,"
    "Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,"
    "Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,"
    "Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
    "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,"
    "Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,"
    "Next Payment Due At,Payment References"
).split(",")


def _shopify_is_first_row(ctx: Context, row: Row) -> bool:
    """Return True for a row that carries the order-level fields."""
    return not is_blank(ctx.raw(row, "financial")) or not is_blank(ctx.raw(row, "total"))


def _shopify_starts_repeat(ctx: Context, rows: list[RowRef], row: Row) -> bool:
    """A second row with order totals for the same Name is the order exported again."""
    return _shopify_is_first_row(ctx, row)


def _parse_shopify(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """All line rows of one Shopify order → ParsedOrder."""
    rownum, r = rows[0]
    order_no = key
    if not _shopify_is_first_row(ctx, r):
        raise ValueError(
            f"order {order_no}: its first row (with Financial Status and Total) is not in the file"
        )
    notes: list[str] = []
    paid = ctx.paid(r, "total")
    refunded = ctx.money(r, "refunded")
    refunded = _cap_refund(order_no, paid, refunded, notes)
    cancelled = ctx.raw(r, "cancelled_at")
    status = shopify_status(ctx.raw(r, "financial"), ctx.raw(r, "fulfillment"), cancelled)
    if status == REFUNDED:
        refunded = paid
    items: list[ParsedItem] = []
    for n, line in rows:
        try:
            items.append(
                ParsedItem(
                    title=ctx.text(line, "item_name") or "",
                    sku=ctx.text(line, "item_sku") or "",
                    quantity=ctx.count(line, "item_qty"),
                    price=ctx.money(line, "item_price"),
                )
            )
        except ValueError as exc:
            raise RowError(n, str(exc)) from None
    email = ctx.text(r, "email")
    email = email.lower() if email else None
    real_name = ctx.first_text(r, "billing_name", "shipping_name")
    phone, phone_masked = _phone(ctx.first_text(r, "billing_phone", "phone", "shipping_phone"))
    buyer_key = email or phone
    address = " ".join(
        p
        for p in (
            ctx.first_text(r, "billing_address1", "billing_street"),
            ctx.text(r, "billing_address2"),
        )
        if p
    )
    currency = ctx.text(r, "currency")
    return ParsedOrder(
        row=rownum,
        platform="shopify",
        order_no=order_no,
        ordered_at=ctx.when(r, "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency=currency.upper() if currency else None,
        paid_at=ctx.opt_when(r, "paid_at"),
        completed_at=ctx.opt_when(r, "fulfilled_at"),
        buyer_key=buyer_key,
        buyer_name=real_name or email,
        real_name=real_name,
        phone=phone,
        phone_masked=phone_masked,
        email=email,
        province=ctx.first_text(r, "billing_province_name", "billing_province"),
        city=ctx.text(r, "billing_city"),
        address=address or None,
        item_summary=_lines_summary(items, ", "),
        items=items,
        buyer_note=ctx.text(r, "notes"),
        notes=notes,
    )


def _fast_shopify(ctx: Context) -> FastParser | None:
    """_parse_shopify specialised to the file's column positions, for the common orders."""
    c = ctx.col
    fin_c, total_c, refunded_c, cancelled_c = (
        c("financial"), c("total"), c("refunded"), c("cancelled_at")
    )  # fmt: skip
    ful_c, name_c, sku_c, qty_c, price_c = (
        c("fulfillment"), c("item_name"), c("item_sku"), c("item_qty"), c("item_price")
    )  # fmt: skip
    email_c, bname_c, sname_c = c("email"), c("billing_name"), c("shipping_name")
    bphone_c, phone_c, sphone_c = c("billing_phone"), c("phone"), c("shipping_phone")
    addr1_c, street_c, addr2_c = c("billing_address1"), c("billing_street"), c("billing_address2")
    currency_c, created_c, paid_at_c, fulfilled_c = (
        c("currency"), c("created"), c("paid_at"), c("fulfilled_at")
    )  # fmt: skip
    prov_name_c, prov_c, city_c, notes_c = (
        c("billing_province_name"), c("billing_province"), c("billing_city"), c("notes")
    )  # fmt: skip
    used = (
        fin_c, total_c, refunded_c, cancelled_c, ful_c, name_c, sku_c, qty_c, price_c, email_c,
        bname_c, sname_c, bphone_c, phone_c, sphone_c, addr1_c, street_c, addr2_c, currency_c,
        created_c, paid_at_c, fulfilled_c, prov_name_c, prov_c, city_c, notes_c,
    )  # fmt: skip
    # Every column is looked at on every row: without one of them, take the careful path.
    if min(used) < 0 or not POSITIONAL_RECORDS:
        return None
    need = 1 + max(used)
    date1904, local_tz = ctx.date1904, ctx.local_tz
    text = text_or_none
    money = _Memo(_money_or_zero)

    def fast(key: str, rows: list[RowRef]) -> ParsedOrder | None:
        rownum, r = rows[0]
        for _, line in rows:
            if len(line) < need:
                return None
        try:
            financial, total = r[fin_c], r[total_c]
            if is_blank(financial) and is_blank(total):
                return None
            paid = money[total] if total.__class__ is str else parse_money(total, default=0)
            v = r[refunded_c]
            refunded = money[v] if v.__class__ is str else parse_money(v, default=0)
            if paid < 0 or refunded < 0 or refunded > paid:
                return None
            status = shopify_status(financial, r[ful_c], r[cancelled_c])
            if status == REFUNDED:
                refunded = paid
            items = []
            for _, line in rows:
                v = line[price_c]
                items.append(
                    ParsedItem(
                        text(line[name_c]) or "",  # title
                        text(line[sku_c]) or "",  # sku
                        parse_int(line[qty_c], default=1),  # quantity
                        money[v] if v.__class__ is str else parse_money(v, default=0),  # price
                    )
                )
            email = text(r[email_c])
            email = email.lower() if email else None
            real_name = text(r[bname_c]) or text(r[sname_c])
            phone, phone_masked = _plain_phone(
                text(r[bphone_c]) or text(r[phone_c]) or text(r[sphone_c])
            )
            # " ".join of the non-blank parts
            line1, line2 = text(r[addr1_c]) or text(r[street_c]), text(r[addr2_c])
            address = (f"{line1} {line2}" if line2 else line1) if line1 else line2
            currency = text(r[currency_c])
            v = r[paid_at_c]
            paid_at = (
                None
                if v == "" or v is None
                else optional_datetime(v, date1904=date1904, local_tz=local_tz)
            )
            v = r[fulfilled_c]
            completed_at = (
                None
                if v == "" or v is None
                else optional_datetime(v, date1904=date1904, local_tz=local_tz)
            )
            return ParsedOrder(
                rownum,  # row
                "shopify",  # platform
                key,  # order_no
                parse_datetime(r[created_c], date1904=date1904, local_tz=local_tz),  # ordered_at
                status,  # status
                paid,  # paid
                refunded,  # refunded
                currency.upper() if currency else None,  # currency
                paid_at,  # paid_at
                completed_at,  # completed_at
                email or phone,  # buyer_key
                False,  # buyer_key_weak
                real_name or email,  # buyer_name
                real_name,  # real_name
                False,  # real_name_masked
                phone,  # phone
                phone_masked,  # phone_masked
                email,  # email
                text(r[prov_name_c]) or text(r[prov_c]),  # province
                text(r[city_c]),  # city
                address,  # address
                items[0].title if len(items) == 1 else _lines_summary(items, ", "),  # item_summary
                items,  # items
                text(r[notes_c]),  # buyer_note
                [],  # notes
            )
        except Exception:  # the careful path gives the error (or the same crash)
            return None

    return fast


SHOPIFY_ORDERS = register(
    PlatformSpec(
        platform="shopify",
        kind=ORDERS,
        layout="shopify-orders-export",
        description="Shopify orders_export.csv",
        multi_row=True,
        starts_repeat=_shopify_starts_repeat,
        columns=(
            col("order_no", "Name", required=True),
            col("email", "Email", required=True),
            col("financial", "Financial Status", required=True),
            col("paid_at", "Paid at"),
            col("fulfillment", "Fulfillment Status"),
            col("fulfilled_at", "Fulfilled at"),
            col("currency", "Currency"),
            col("subtotal", "Subtotal"),
            col("shipping", "Shipping"),
            col("taxes", "Taxes"),
            col("total", "Total", required=True),
            col("discount", "Discount Amount"),
            col("created", "Created at", required=True),
            col("item_qty", "Lineitem quantity", required=True),
            col("item_name", "Lineitem name", required=True),
            col("item_price", "Lineitem price"),
            col("item_sku", "Lineitem sku"),
            col("billing_name", "Billing Name"),
            col("billing_street", "Billing Street"),
            col("billing_address1", "Billing Address1"),
            col("billing_address2", "Billing Address2"),
            col("billing_city", "Billing City"),
            col("billing_zip", "Billing Zip"),
            col("billing_province", "Billing Province"),
            col("billing_province_name", "Billing Province Name"),
            col("billing_country", "Billing Country"),
            col("billing_phone", "Billing Phone"),
            col("shipping_name", "Shipping Name"),
            col("shipping_phone", "Shipping Phone"),
            col("notes", "Notes"),
            col("cancelled_at", "Cancelled at"),
            col("refunded", "Refunded Amount"),
            col("shopify_id", "Id"),
            col("phone", "Phone"),
            col("tags", "Tags"),
            col("vendor", "Vendor"),
        ),
        parse=_parse_shopify,
        fast=_fast_shopify,
    )
)


# --------------------------------------------------------------------------------------------
# Shopify customers_export.csv (three header generations)

SHOPIFY_CUSTOMER_HEADERS = (
    "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
    "Default Address Address1,Default Address Address2,Default Address City,"
    "Default Address Province Code,Default Address Country Code,Default Address Zip,"
    "Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,"
    "Tags"
).split(",")
SHOPIFY_CUSTOMER_HEADERS_V2 = (
    "First Name,Last Name,Email,Accepts Email Marketing,Company,Address1,Address2,City,Province,"
    "Province Code,Country,Country Code,Zip,Phone,Accepts SMS Marketing,Total Spent,Total Orders,"
    "Tags,Note,Tax Exempt"
).split(",")
SHOPIFY_CUSTOMER_HEADERS_V1 = (
    "First Name,Last Name,Email,Accepts Marketing,Company,Address1,Address2,City,Province,"
    "Province Code,Country,Country Code,Zip,Phone,Total Spent,Total Orders,Tags,Note,Tax Exempt"
).split(",")


def split_tags(text: str | None) -> list[str]:
    """Split Shopify's comma-separated tags, dropping blanks and repeats."""
    if not text:
        return []
    seen: dict[str, None] = {}
    for part in text.split(","):
        tag = part.strip()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def _parse_shopify_customer(ctx: Context, key: str, rows: list[RowRef]) -> ParsedCustomer:
    """One Shopify customer row → ParsedCustomer."""
    rownum, r = rows[-1]
    first, last = ctx.text(r, "first_name"), ctx.text(r, "last_name")
    real_name = " ".join(p for p in (first, last) if p) or None
    email = ctx.text(r, "email")
    email = email.lower() if email else None
    phone, phone_masked = _phone(ctx.first_text(r, "phone", "address_phone"))
    address = " ".join(p for p in (ctx.text(r, "address1"), ctx.text(r, "address2")) if p)
    return ParsedCustomer(
        row=rownum,
        platform="shopify",
        buyer_key=email or phone,
        display_name=real_name or email,
        real_name=real_name,
        phone=phone,
        phone_masked=phone_masked,
        email=email,
        province=ctx.text(r, "province"),
        city=ctx.text(r, "city"),
        address=address or None,
        tags=split_tags(ctx.text(r, "tags")),
        note=ctx.text(r, "note"),
    )


def _customer_key(ctx: Context, row: Row) -> str:
    """Group customer rows by e-mail (else phone, else the row itself)."""
    email = clean_text(ctx.raw(row, "email")).lower()
    if email:
        return email
    phone = normalize_phone(ctx.first_text(row, "phone", "address_phone"))
    return phone or ""


SHOPIFY_CUSTOMERS = register(
    PlatformSpec(
        platform="shopify",
        kind=CUSTOMERS,
        layout="shopify-customers-export",
        description="Shopify customers_export.csv",
        row_key=_customer_key,
        columns=(
            col("first_name", "First Name", required=True),
            col("last_name", "Last Name", required=True),
            col("email", "Email", required=True),
            col("customer_id", "Customer ID"),
            col("accepts_email", "Accepts Email Marketing", "Accepts Marketing"),
            col("company", "Default Address Company", "Company"),
            col("address1", "Default Address Address1", "Address1"),
            col("address2", "Default Address Address2", "Address2"),
            col("city", "Default Address City", "City"),
            col("province", "Province", "Default Address Province Code", "Province Code"),
            col("country", "Country", "Default Address Country Code", "Country Code"),
            col("zip", "Default Address Zip", "Zip"),
            col("address_phone", "Default Address Phone"),
            col("phone", "Phone"),
            col("accepts_sms", "Accepts SMS Marketing"),
            col("total_spent", "Total Spent"),
            col("total_orders", "Total Orders"),
            col("note", "Note"),
            col("tax_exempt", "Tax Exempt"),
            col("tags", "Tags"),
        ),
        parse=_parse_shopify_customer,
    )
)
