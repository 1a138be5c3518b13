"""One spec per export layout: how to recognise it and how to turn its rows into records.

A spec lists its columns (with the header spellings seen in the wild), which of them are
required, and a parser that turns one order's rows into a ParsedOrder (or one row into a
ParsedCustomer). parse.py finds the header, groups rows and calls the parser; adding a platform
means writing one spec and calling `register()`: Taobao classic, 千牛, JD, Pinduoduo, Douyin,
Shopify, WooCommerce, Etsy and eBay are here (the user's column mapping goes the same way).
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
    clean_order_id,
    clean_text,
    currency_code,
    currency_of,
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
    COMPLETED,
    CUSTOMERS,
    ORDERS,
    PAID,
    PENDING,
    REFUNDED,
    SHIPPED,
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

    __slots__ = (
        "file",
        "platform",
        "idx",
        "names",
        "date1904",
        "local_tz",
        "now",
        "notes",
        "joined",
        "cache",
    )

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
        # Order id → field → cell, from other sheets of the workbook (PlatformSpec.companions).
        self.joined: dict[str, dict[str, Cell]] = {}
        # Per-file values a parser works out once (WooCommerce's item column groups).
        self.cache: dict[str, object] = {}

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
    # Wins over other layouts found in the same file (千牛's line sheet over its order sheet).
    priority: int = 0
    # Layouts of other sheets of the same workbook whose fields are joined by order id into
    # Context.joined (千牛's 订单报表 and 发货报表); never imported alone.
    companions: tuple[PlatformSpec, ...] = ()
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


def _coupon_not_refund(ctx: Context, r: Row, paid: int, refunded: int) -> bool:
    """Is a Taobao 退款金额 only the coupon difference (formats §1: 应付 − 实付 ≈ 退款 means no
    real refund)? Payable is 总金额, else 买家应付货款 + 买家应付邮费. When the file has
    打款商家金额, the shop having been paid the whole 实付 decides."""
    try:
        if refunded <= 0 or map_status("taobao", ctx.raw(r, "status")) in (CLOSED, REFUNDED):
            return False
        if ctx.has("total") and not is_blank(ctx.raw(r, "total")):
            payable = ctx.money(r, "total")
        elif ctx.has("goods") and not is_blank(ctx.raw(r, "goods")):
            payable = ctx.money(r, "goods") + ctx.money(r, "postage")
        else:
            return False
        if payable <= paid or abs(payable - paid - refunded) > 1:  # no coupon, or not it
            return False
        if ctx.has("merchant_paid") and not is_blank(ctx.raw(r, "merchant_paid")):
            return ctx.money(r, "merchant_paid") >= paid
        return True
    except ValueError:  # columns this rule only consults: unreadable, no coupon (the status's
        return False  # own error comes from map_status in _parse_taobao)


# A report without 退款金额 (the classic 44 columns): 买家实际支付金额 is 0 for an order
# closed unpaid (formats §1), so a 交易关闭 order with money paid was refunded in full, as
# the 已卖出的宝贝 layout reads it; stored as closed, its payment and refund were lost.


def _parse_taobao(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """One row of the Taobao order report → ParsedOrder."""
    rownum, r = rows[-1]
    order_no = key
    notes: list[str] = []
    ordered_at = ctx.when(r, "created")
    paid = ctx.paid(r, "paid")
    refunded = ctx.money(r, "refund") if ctx.has("refund") else 0
    if _coupon_not_refund(ctx, r, paid, refunded):
        notes.append(
            f"order {order_no}: 退款金额 is the coupon difference (应付 − 实付), not a refund"
        )
        refunded = 0
    refunded = _cap_refund(order_no, paid, refunded, notes)
    status = map_status("taobao", ctx.raw(r, "status"), paid=paid, refunded=refunded)
    if status == CLOSED and paid > 0 and not ctx.has("refund"):
        status = REFUNDED  # paid, then closed (see above)
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
    "item_summary", "items", "buyer_note", "notes", "source_digest",
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
    coupons_known = max(c("total"), c("goods")) >= 0

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
            if refunded and coupons_known and _coupon_not_refund(ctx, r, paid, refunded):
                return None  # the careful path notes it
            v = r[status_c]
            status = statuses[v] if v.__class__ is str else map_status("taobao", v)
            if status == CLOSED and paid > 0 and (refunded == paid or refund_c < 0):
                status = REFUNDED  # map_status's rule; paid then closed (_parse_taobao)
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
            col("merchant_paid", "打款商家金额"),
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
# Taobao/Tmall 已卖出的宝贝: one row per item, no 子订单编号, so 订单编号 repeats. 订单状态 is the
# item's own (a refunded item says 交易关闭 while the order succeeded); 邮费 and, usually,
# 买家实际支付金额 repeat the order's on every item row (formats §1 Quirks).


def _taobao_item_key(ctx: Context, r: Row) -> tuple[str, ...]:
    """Identify an item row within an order (the same item again means the order repeats)."""
    return tuple(clean_text(ctx.raw(r, f)) for f in ("title", "sku", "attributes", "price"))


def _taobao_item_starts_repeat(ctx: Context, rows: list[RowRef], row: Row) -> bool:
    """An item row already in the order means the order itself is exported again."""
    key = _taobao_item_key(ctx, row)
    return any(_taobao_item_key(ctx, r) == key for _, r in rows)


def _parse_taobao_items(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """All item rows of one order in a 已卖出的宝贝 export → ParsedOrder.

    The order's status comes from its items (_order_status: the most advanced live item). 邮费
    is taken once. 买家实际支付金额 repeated on the rows is the order's; rows that carry their
    own item's amount (_amounts_per_line) are added up. A 交易关闭 item of a paid order was
    refunded: by the rows' 退款金额 when they give one, else by what the item cost.
    """
    rownum, r = rows[0]
    order_no = key
    notes: list[str] = []
    _one_buyer(ctx, key, rows)
    amounts: list[int | None] = []
    lines: list[tuple[int, int, str]] = []  # quantity, unit price, status
    postages: list[int] = []
    refunds: list[int] = []
    for n, line in rows:
        try:
            lines.append(
                (
                    ctx.count(line, "quantity"),
                    ctx.money(line, "price"),
                    map_status("taobao", ctx.raw(line, "status")),
                )
            )
            amounts.append(None if is_blank(ctx.raw(line, "paid")) else ctx.paid(line, "paid"))
            postages.append(ctx.money(line, "postage"))
            refunds.append(ctx.money(line, "refund"))
        except ValueError as exc:
            raise RowError(n, str(exc)) from None
    given = [a for a in amounts if a is not None] or [0]  # blank everywhere: 0, as Context.paid
    payable = sum(q * unit for q, unit, _status in lines) + _once(postages)
    per_line = _amounts_per_line(given, payable)
    paid = sum(given) if per_line else given[0]
    if per_line:
        notes.append(f"order {order_no}: its rows carry each item's own 买家实际支付金额, added up")
    was_paid = paid > 0 and (
        not ctx.has("paid_at") or any(not is_blank(ctx.raw(x, "paid_at")) for _, x in rows)
    )
    statuses: list[str] = []
    item_refunds = 0
    for (_n, _line), amount, (quantity, price, status) in zip(rows, amounts, lines, strict=True):
        if status == CLOSED and was_paid:
            status = REFUNDED
            item_refunds += (amount or 0) if per_line else price * quantity
        statuses.append(status)
    refunded = _once(refunds) if any(refunds) else item_refunds
    if any(refunds) and REFUNDED not in statuses and abs(payable - paid - refunded) <= 1:
        notes.append(
            f"order {order_no}: 退款金额 is the coupon difference (应付 − 实付), not a refund"
        )
        refunded = 0
    status = _order_status(statuses, paid, refunded)
    if status == REFUNDED:
        refunded = paid
    else:
        refunded = _cap_refund(order_no, paid, refunded, notes)
    items: list[ParsedItem] = []
    for (_n, line), (quantity, price, _status) in zip(rows, lines, strict=True):
        items.append(
            ParsedItem(
                title=ctx.text(line, "title") or "",
                sku=ctx.first_text(line, "sku", "external_id") or "",
                quantity=quantity,
                price=price,
                attributes=ctx.text(line, "attributes") or "",
            )
        )
    buyer = ctx.text(r, "buyer")
    real_name = ctx.text(r, "recipient")
    phone, phone_masked = _phone(ctx.first_text(r, "mobile", "phone"))
    province, city, address = _address_fields(ctx.text(r, "address"))
    return ParsedOrder(
        row=rownum,
        platform="taobao",
        order_no=order_no,
        ordered_at=ctx.when(r, "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency="CNY",
        paid_at=next((t for _n, x in rows if (t := ctx.opt_when(x, "paid_at"))), None),
        completed_at=next((t for _n, x in rows if (t := ctx.opt_when(x, "confirmed_at"))), None),
        buyer_key=buyer,
        buyer_name=buyer,
        real_name=real_name,
        real_name_masked=_masked_name(real_name),
        phone=phone,
        phone_masked=phone_masked,
        province=province,
        city=city,
        address=address,
        item_summary=_lines_summary(items, "，"),
        items=items,
        buyer_note=next((t for _n, x in rows if (t := ctx.text(x, "buyer_note"))), None),
        notes=notes,
    )


TAOBAO_SOLD_ITEMS = register(
    PlatformSpec(
        platform="taobao",
        kind=ORDERS,
        layout="taobao-sold-items",
        description="淘宝/天猫 已卖出的宝贝 (one row per item)",
        multi_row=True,
        starts_repeat=_taobao_item_starts_repeat,
        columns=(
            col("order_no", "订单编号", required=True),
            col("buyer", "买家会员名", "买家昵称", required=True),
            col("title", "宝贝标题", "商品标题", "标题", required=True),
            col("price", "价格", "宝贝单价", "商品价格", "单价", required=True),
            col("quantity", "购买数量", "宝贝数量", required=True),
            col(
                "paid",
                "买家实际支付金额",
                "买家实付金额",
                "实际支付金额",
                "实付金额",
                required=True,
            ),
            col("status", "订单状态", required=True),
            col("created", "订单创建时间", "创建时间", "下单时间", required=True),
            col("paid_at", "订单付款时间", "付款时间"),
            col("confirmed_at", "确认收货时间"),
            col("postage", "邮费", "买家应付邮费", "运费"),
            col("refund", "退款金额"),
            col("recipient", "收货人姓名"),
            col("address", "收货地址"),
            col("phone", "联系电话"),
            col("mobile", "联系手机"),
            col("buyer_note", "买家留言"),
            col("seller_note", "订单备注", "商家备注"),
            col("sku", "商家编码"),
            col("external_id", "外部系统编号"),
            col("attributes", "商品属性", "宝贝属性", "销售属性"),
        ),
        parse=_parse_taobao_items,
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


def _one_buyer(ctx: Context, key: str, rows: list[RowRef]) -> None:
    """Refuse an order whose rows name different buyers: one order has one buyer, so the
    rows are two orders whose ids became one. Excel keeps 15 digits of a number, so two
    16-digit ids typed or saved in it arrive as the same number (3456789012345678 and …679
    both as 3456789012345670), below the 2^53 that normalize.order_id refuses outright."""
    first_row, first = rows[0]
    buyer = ctx.text(first, "buyer")
    for n, row in rows[1:]:
        other = ctx.text(row, "buyer")
        if other is None or buyer is None or other == buyer:
            continue
        raw = ctx.raw(first, "order_no")
        numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
        cause = (
            "its id was stored as a number and lost digits: re-export the file with ids as text"
            if numeric and len(str(int(raw))) >= 16
            else "two orders share this id"
        )
        name = ctx.names.get("buyer", "buyer")
        raise RowError(
            n,
            f"rows {first_row} and {n} of order {key} name different buyers "
            f"({name} {buyer!r} and {other!r}); {cause}",
        )


def _parse_jd(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """All SKU rows of one JD order → ParsedOrder (order-level amounts counted once)."""
    rownum, r = rows[0]
    order_no = key
    notes: list[str] = []
    _one_buyer(ctx, key, rows)
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
    # The shipping name and phone are the recipient's (a gift, a pick-up by someone else), not
    # the buyer's: only the billing side names the buyer, so a customers_export.csv's name for
    # them is not beaten by a recipient's whichever file came first. A shipping phone is used
    # only when it is all that tells the buyer apart (no e-mail).
    real_name = ctx.text(r, "billing_name")
    phone, phone_masked = _phone(
        ctx.first_text(r, "billing_phone", "phone")
        or (None if email else ctx.text(r, "shipping_phone"))
    )
    buyer_key = email or phone
    address = " ".join(
        p
        for p in (
            ctx.first_text(r, "billing_address1", "billing_street"),
            ctx.text(r, "billing_address2"),
        )
        if p
    )
    currency = _currency(ctx, r, "currency", "total")
    return ParsedOrder(
        row=rownum,
        platform="shopify",
        order_no=order_no,
        ordered_at=ctx.when(r, "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency=currency,
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
    email_c, bname_c = c("email"), c("billing_name")
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
        bname_c, bphone_c, phone_c, sphone_c, addr1_c, street_c, addr2_c, currency_c,
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
            real_name = text(r[bname_c])  # not the recipient's (see _parse_shopify)
            phone, phone_masked = _plain_phone(
                text(r[bphone_c]) or text(r[phone_c]) or (None if email else text(r[sphone_c]))
            )
            # " ".join of the non-blank parts
            line1, line2 = text(r[addr1_c]) or text(r[street_c]), text(r[addr2_c])
            address = (f"{line1} {line2}" if line2 else line1) if line1 else line2
            currency = text(r[currency_c])
            currency = currency_code(currency) if currency else currency_of(total)
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
                currency,  # currency
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


# --------------------------------------------------------------------------------------------
# Shared by the layouts whose rows are sub-orders with a status of their own (千牛, Douyin)

_PROGRESS = {PENDING: 0, PAID: 1, SHIPPED: 2, COMPLETED: 3}
# 退款状态 / 售后状态 texts of a refund that went through.
_REFUND_DONE = frozenset({"退款成功", "已退款", "退款完成", "退货退款成功", "已全额退款"})
# 订单关闭原因 texts that mean the order is not closed (`订单未关闭` is no reason).
_NOT_CLOSED = frozenset({"订单未关闭", "未关闭", "-", "--", "无"})


def _order_status(line_statuses: list[str], paid: int, refunded: int) -> str:
    """One status for an order whose lines carry their own (a refunded line counts as closed).

    The most advanced live line decides (one line shipped, one waiting: 部分发货 is shipped).
    With every line closed or refunded, the order is refunded when all its lines were refunded
    or the refunds cover what was paid, and closed otherwise.
    """
    best = -1
    for status in line_statuses:
        rank = _PROGRESS.get(status, -1)
        if rank > best:
            best = rank
    if best >= 0:
        return (PENDING, PAID, SHIPPED, COMPLETED)[best]
    if all(s == REFUNDED for s in line_statuses) or (paid > 0 and refunded >= paid):
        return REFUNDED
    return CLOSED


def _once(values: list[int]) -> int:
    """An order's figure repeated on each of its rows (counted once), or the lines' own (added
    up) when the rows carry different values."""
    return values[0] if len(set(values)) == 1 else sum(values)


def _amounts_per_line(given: list[int], price: int) -> bool:
    """Are the amounts on an order's rows each line's own (to add up) rather than the order's,
    repeated? Different values are the lines'; equal values are too when their sum fits the
    order's price (its goods plus postage, less discounts) better than one of them does."""
    return len(set(given)) > 1 or (
        len(given) > 1 and abs(sum(given) - price) < abs(given[0] - price)
    )


def _sub_no(ctx: Context, row: Row) -> str:
    """The 子订单编号 of a row (grouping does not need it clean of Excel damage)."""
    return clean_text(ctx.raw(row, "sub_no"))


def _sub_order_starts_repeat(ctx: Context, rows: list[RowRef], row: Row) -> bool:
    """A 子订单编号 already in the order means the order itself is exported again."""
    sub = _sub_no(ctx, row)
    return bool(sub) and any(_sub_no(ctx, r) == sub for _, r in rows)


def _unmasked_parts(*parts: str | None) -> str | None:
    """Join address parts, dropping blanks and parts that are nothing but a mask (`****`)."""
    return " ".join(p for p in parts if p and p.strip("*＊")) or None


def _when_of(ctx: Context, value: Cell, fld: str) -> datetime:
    """parse_datetime of a cell that may come from another sheet, naming its column."""
    try:
        return parse_datetime(value, date1904=ctx.date1904, local_tz=ctx.local_tz)
    except ValueError as exc:
        raise ValueError(f"{ctx.names.get(fld, fld)}: {exc}") from None


def _opt_when_of(ctx: Context, value: Cell, fld: str) -> datetime | None:
    """optional_datetime of a cell that may come from another sheet, naming its column."""
    try:
        return optional_datetime(value, date1904=ctx.date1904, local_tz=ctx.local_tz)
    except ValueError as exc:
        raise ValueError(f"{ctx.names.get(fld, fld)}: {exc}") from None


def _currency(ctx: Context, row: Row, fld: str, amount_fld: str) -> str | None:
    """An ISO code from a currency column (`usd`, `€`, `RMB`: normalize.currency_code), else
    from the amount's sign (`$12`).

    Raises ValueError for a cell that names no currency (a blank one falls back to the sign).
    """
    text = ctx.text(row, fld)
    if text is None:
        return currency_of(ctx.raw(row, amount_fld))
    try:
        return currency_code(text)
    except ValueError as exc:
        raise ValueError(f"{ctx.names.get(fld, fld)}: {exc}") from None


def _companion_only(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """The parser of a layout that is only ever joined into another sheet."""
    raise ValueError(f"{ctx.platform}: this sheet only adds fields to another sheet")


# --------------------------------------------------------------------------------------------
# Taobao/Tmall 千牛 export: one row per 子订单 under its 主订单编号, alone or as the 销售明细
# sheet of a workbook whose 订单报表 (buyer, order level) and 发货报表 (recipient) sheets are
# joined by order id.

QIANNIU_SUBORDER_HEADERS = (
    "子订单编号,主订单编号,商品标题,商品价格,购买数量,商品属性,订单状态,买家实付金额,退款状态,退款金额,"
    "订单创建时间,订单付款时间,商品ID,发货时间,商家编码"
).split(",")
# What a one-sheet export carries after them (the workbook keeps them on the other sheets).
QIANNIU_SUBORDER_EXTRA_HEADERS = [
    "买家会员名",
    "收货人姓名",
    "联系手机",
    "收货地址",
    "买家留言",
    "确认收货时间",
    "订单关闭原因",
]
QIANNIU_ORDER_SHEET_HEADERS = [
    "主订单编号",
    "买家会员名",
    "买家实付金额",
    "订单状态",
    "订单创建时间",
    "订单付款时间",
    "确认收货时间",
    "买家留言",
    "订单关闭原因",
    "退款金额",
    "店铺名称",
]
QIANNIU_SHIPPING_SHEET_HEADERS = [
    "主订单编号",
    "收货人姓名",
    "联系手机",
    "收货地址",
    "物流公司",
    "运单号",
    "发货时间",
]
# (order level, line level, shipping) sheet names of the workbook.
QIANNIU_SHEETS = ("订单报表", "销售明细", "发货报表")
# 千牛 exports Taobao/Tmall orders: its records carry "taobao", so an order or a buyer seen in
# a classic ExportOrderList file and in a 千牛 export is one order, one channel identity.
QIANNIU_RECORD_PLATFORM = "taobao"


def _qianniu_value(ctx: Context, key: str, rows: list[RowRef], fld: str) -> Cell:
    """An order-level cell: from the first line that has it, else from the joined sheets."""
    for _, r in rows:
        value = ctx.raw(r, fld)
        if not is_blank(value):
            return value
    joined = ctx.joined.get(key)
    return joined.get(fld) if joined else None


def _qianniu_line_status(ctx: Context, line: Row, close_reason: str | None) -> str:
    """A line's 订单状态; a blank one with a real 订单关闭原因 is closed."""
    raw = ctx.raw(line, "status")
    if is_blank(raw) and close_reason and close_reason not in _NOT_CLOSED:
        return CLOSED
    return map_status("taobao", raw)


def _parse_qianniu(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """All 子订单 rows of one 主订单 → ParsedOrder (the lines' 买家实付金额 and refunds summed)."""
    rownum = rows[0][0]
    order_no = key
    notes: list[str] = []
    close_reason = text_or_none(_qianniu_value(ctx, key, rows, "close_reason"))
    has_refund_state = ctx.has("refund_state")
    items: list[ParsedItem] = []
    statuses: list[str] = []
    paid = refunded = 0
    for n, line in rows:
        try:
            line_paid = ctx.paid(line, "paid")
            status = _qianniu_line_status(ctx, line, close_reason)
            if has_refund_state:
                line_refund = 0
                if clean_text(ctx.raw(line, "refund_state")) in _REFUND_DONE:
                    raw = ctx.raw(line, "refund")
                    line_refund = line_paid if is_blank(raw) else ctx.money(line, "refund")
                    if status == CLOSED:
                        status = REFUNDED
            else:
                line_refund = ctx.money(line, "refund")
            if line_refund < 0:
                raise ValueError(f"{ctx.names.get('refund', '退款金额')}: negative refund amount")
            items.append(
                ParsedItem(
                    title=ctx.text(line, "title") or "",
                    sku=ctx.first_text(line, "sku", "product_id") or "",
                    quantity=ctx.count(line, "quantity"),
                    price=ctx.money(line, "price"),
                    attributes=ctx.text(line, "attributes") or "",
                )
            )
        except ValueError as exc:
            raise RowError(n, str(exc)) from None
        paid += line_paid
        refunded += line_refund
        statuses.append(status)
    # The 订单报表 sheet's 买家实付金额 is what the buyer paid for the whole order, postage
    # included (as a classic ExportOrderList has it); the lines' amounts leave postage out.
    order_paid = _qianniu_value(ctx, key, rows, "order_paid")
    if not is_blank(order_paid):
        name = ctx.names.get("order_paid", "买家实付金额")
        try:
            paid = parse_money(order_paid, default=0)
        except ValueError as exc:
            raise RowError(rownum, f"{name} on the order sheet: {exc}") from None
        if paid < 0:
            raise RowError(rownum, f"{name} on the order sheet: negative paid amount")
    status = _order_status(statuses, paid, refunded)
    refunded = _cap_refund(order_no, paid, refunded, notes)
    if status == REFUNDED:
        refunded = paid

    def value(fld: str) -> Cell:
        return _qianniu_value(ctx, key, rows, fld)

    buyer = text_or_none(value("buyer"))
    real_name = text_or_none(value("recipient"))
    phone, phone_masked = _phone(text_or_none(value("mobile")) or text_or_none(value("phone")))
    province, city, address = _address_fields(text_or_none(value("address")))
    return ParsedOrder(
        row=rownum,
        platform=QIANNIU_RECORD_PLATFORM,
        order_no=order_no,
        ordered_at=_when_of(ctx, value("created"), "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency="CNY",
        paid_at=_opt_when_of(ctx, value("paid_at"), "paid_at"),
        completed_at=_opt_when_of(ctx, value("confirmed_at"), "confirmed_at"),
        buyer_key=buyer,
        buyer_name=buyer,
        real_name=real_name,
        real_name_masked=_masked_name(real_name),
        phone=phone,
        phone_masked=phone_masked,
        province=province,
        city=city,
        address=address,
        item_summary=_lines_summary(items, "，"),
        items=items,
        buyer_note=text_or_none(value("buyer_note")),
        notes=notes,
    )


# The workbook's other sheets: whatever of these fields they carry is joined by order id.
QIANNIU_ORDER_SHEET = PlatformSpec(
    platform="qianniu",
    kind=ORDERS,
    layout="qianniu-order-sheet",
    description="千牛 订单报表 (joined into 销售明细)",
    columns=(
        col("order_no", "主订单编号", "订单编号", required=True),
        col("buyer", "买家会员名", "买家昵称"),
        col("order_paid", "买家实付金额", "买家实际支付金额"),
        col("created", "订单创建时间"),
        col("paid_at", "订单付款时间", "付款时间"),
        col("confirmed_at", "确认收货时间"),
        col("buyer_note", "买家留言"),
        col("close_reason", "订单关闭原因"),
        col("recipient", "收货人姓名"),
        col("mobile", "联系手机"),
        col("phone", "联系电话"),
        col("address", "收货地址"),
    ),
    parse=_companion_only,
)
QIANNIU_SHIPPING_SHEET = PlatformSpec(
    platform="qianniu",
    kind=ORDERS,
    layout="qianniu-shipping-sheet",
    description="千牛 发货报表 (joined into 销售明细)",
    columns=(
        col("order_no", "主订单编号", "订单编号", required=True),
        col("recipient", "收货人姓名", "收货人"),
        col("mobile", "联系手机", "手机"),
        col("phone", "联系电话"),
        col("address", "收货地址"),
    ),
    parse=_companion_only,
)

QIANNIU_SUBORDERS = register(
    PlatformSpec(
        platform="qianniu",
        kind=ORDERS,
        layout="qianniu-suborders",
        description="淘宝/天猫 千牛 子订单 export (销售明细)",
        multi_row=True,
        starts_repeat=_sub_order_starts_repeat,
        priority=1,
        companions=(QIANNIU_ORDER_SHEET, QIANNIU_SHIPPING_SHEET),
        columns=(
            col("sub_no", "子订单编号", required=True),
            col("order_no", "主订单编号", required=True),
            col("title", "商品标题", "宝贝标题"),
            col("price", "商品价格", "商品单价"),
            col("quantity", "购买数量", "宝贝数量"),
            col("attributes", "商品属性", "商品规格"),
            col("status", "订单状态", required=True),
            col("paid", "买家实付金额", "买家实际支付金额", required=True),
            col("refund_state", "退款状态"),
            col("refund", "退款金额"),
            col("created", "订单创建时间", required=True),
            col("paid_at", "订单付款时间", "付款时间"),
            col("product_id", "商品ID"),
            col("shipped_at", "发货时间"),
            col("sku", "商家编码"),
            col("buyer", "买家会员名", "买家昵称"),
            col("recipient", "收货人姓名"),
            col("mobile", "联系手机"),
            col("phone", "联系电话"),
            col("address", "收货地址"),
            col("buyer_note", "买家留言"),
            col("seller_note", "商家备注", "订单备注"),
            col("confirmed_at", "确认收货时间"),
            col("close_reason", "订单关闭原因"),
        ),
        parse=_parse_qianniu,
    )
)

# A 千牛 订单报表 on its own (no line sheet): one row per order, read like the classic report.
QIANNIU_ORDER_REPORT = register(
    PlatformSpec(
        platform="qianniu",
        kind=ORDERS,
        layout="qianniu-order-report",
        description="淘宝/天猫 千牛 订单报表",
        columns=(
            col("order_no", "主订单编号", required=True),
            *(c for c in TAOBAO_ORDERS.columns if c.field != "order_no"),
        ),
        parse=_parse_taobao,
        fast=_fast_taobao,
    )
)


# --------------------------------------------------------------------------------------------
# Douyin 抖店 订单明细: one row per 子订单; 订单应付金额 is per order (repeated on its rows);
# no buyer account, only the masked recipient.

DOUYIN_ORDER_HEADERS = (
    "主订单编号,子订单编号,支付方式,选购商品,货号,商品ID,商家编码,商品数量,商品金额,订单提交时间,支付完成时间,"
    "订单完成时间,承诺发货时间,预约发货时间,买家留言,旗帜颜色,商家备注,APP渠道,订单状态,取消原因,售后状态,"
    "订单类型,发货时间,车型,是否是以旧换新,换新额外补贴,换新额外补贴发放状态,订单应付金额,运费,优惠总金额,"
    "平台优惠,商家优惠,达人优惠,商家改价,支付优惠,手续费,红包抵扣,降价类优惠,平台实际承担优惠金额,"
    "商家实际承担优惠金额,达人实际承担优惠金额,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,"
    "快递信息,序列号,达人ID,达人昵称,拼团订单团编号,商品单价是否含税,税费,鲁班落地页ID,所属门店ID,流量来源,"
    "仓库ID,仓库名称,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,教育优惠,"
    "预计送达时间,是否平台仓自流转,是否是渠道商品,预约送达时间,建议发货时间（起）,建议发货时间（止）"
).split(",")

DOUYIN_STATUS_TEXT = {
    PENDING: "待支付",
    PAID: "待发货",
    SHIPPED: "已发货",
    COMPLETED: "已完成",
    CLOSED: "已关闭",
    REFUNDED: "已关闭",
}


def _parse_douyin(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """All 子订单 rows of one Douyin order → ParsedOrder.

    订单应付金额 repeated on the rows (or only on the first) is the order's and counted once. Rows
    that carry different amounts carry each 子订单's own: they are added up, and a line refunded
    after sale gives back its own row's amount, so paid and refunded have the same scope.
    Rows that all carry the same amount are each 子订单's own too when that fits the order's
    price (商品金额 × 商品数量 of the lines, plus 运费, less 优惠总金额: each counted once when
    every row repeats it) better than one amount for the order does: two 子订单 of ¥50 make
    ¥100, not ¥50; two ¥60 子订单 with ¥41 off are one order of ¥79, not ¥158.
    """
    rownum, r = rows[0]
    order_no = key
    notes: list[str] = []
    amounts: list[int | None] = []
    lines: list[tuple[int, int, str]] = []  # quantity, unit price, status
    freights: list[int] = []
    discounts: list[int] = []
    for n, line in rows:
        try:
            lines.append(
                (
                    ctx.count(line, "quantity"),
                    ctx.money(line, "price"),
                    map_status("douyin", ctx.raw(line, "status")),
                )
            )
            amounts.append(None if is_blank(ctx.raw(line, "paid")) else ctx.paid(line, "paid"))
            freights.append(ctx.money(line, "freight"))
            discounts.append(ctx.money(line, "discount"))
        except ValueError as exc:
            raise RowError(n, str(exc)) from None
    given = [a for a in amounts if a is not None] or [0]  # blank everywhere: 0, as Context.paid
    price = sum(q * unit for q, unit, _status in lines) + _once(freights) - _once(discounts)
    per_line = _amounts_per_line(given, price)
    amount = sum(given) if per_line else given[0]
    if per_line:
        notes.append(
            f"order {order_no}: its rows carry different 订单应付金额, taken as each 子订单's "
            "own and added up"
            if len(set(given)) > 1
            else f"order {order_no}: its rows carry the same 订单应付金额, which fits each "
            "子订单's goods: taken as each 子订单's own and added up"
        )
    items: list[ParsedItem] = []
    statuses: list[str] = []
    refunded_goods = 0
    for (_n, line), line_amount, (quantity, price, status) in zip(
        rows, amounts, lines, strict=True
    ):
        if clean_text(ctx.raw(line, "after_sale")) in _REFUND_DONE:
            status = REFUNDED
            refunded_goods += (line_amount or 0) if per_line else price * quantity
        statuses.append(status)
        items.append(
            ParsedItem(
                title=ctx.text(line, "title") or "",
                sku=ctx.first_text(line, "sku", "item_no", "product_id") or "",
                quantity=quantity,
                price=price,
            )
        )
    paid_at = ctx.opt_when(r, "paid_at")
    status = _order_status(statuses, amount, refunded_goods)
    # 订单应付金额 is what the buyer owes: nothing was paid on an unpaid or never-paid order.
    unpaid = status == PENDING or (status == CLOSED and paid_at is None)
    paid = 0 if unpaid else amount
    if status == REFUNDED:
        refunded = paid
    else:
        refunded = _cap_refund(order_no, paid, refunded_goods, notes) if paid else 0
    real_name = ctx.text(r, "recipient")
    phone, phone_masked = _phone(ctx.text(r, "phone"))
    province = canonical_province(ctx.raw(r, "province"))
    city_text = ctx.text(r, "city")
    city = None if city_text is None or "*" in city_text or "＊" in city_text else city_text
    address = _unmasked_parts(ctx.text(r, "district"), ctx.text(r, "street"), ctx.text(r, "detail"))
    return ParsedOrder(
        row=rownum,
        platform="douyin",
        order_no=order_no,
        ordered_at=ctx.when(r, "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency="CNY",
        paid_at=paid_at,
        completed_at=ctx.opt_when(r, "completed_at"),
        buyer_key=pdd_buyer_key(real_name, phone, province, city),
        buyer_key_weak=True,
        buyer_name=real_name,
        real_name=real_name,
        real_name_masked=_masked_name(real_name),
        phone=phone,
        phone_masked=phone_masked,
        province=province,
        city=city,
        address=address,
        item_summary=_lines_summary(items, "，"),
        items=items,
        buyer_note=next((t for _n, x in rows if (t := ctx.text(x, "buyer_note"))), None),
        notes=notes,
    )


DOUYIN_ORDERS = register(
    PlatformSpec(
        platform="douyin",
        kind=ORDERS,
        layout="douyin-order-details",
        description="抖店 订单明细",
        multi_row=True,
        starts_repeat=_sub_order_starts_repeat,
        columns=(
            col("order_no", "主订单编号", required=True),
            col("sub_no", "子订单编号", required=True),
            col("title", "选购商品", required=True),
            col("item_no", "货号"),
            col("product_id", "商品ID"),
            col("sku", "商家编码"),
            col("quantity", "商品数量", required=True),
            col("price", "商品金额", required=True),
            col("created", "订单提交时间", required=True),
            col("paid_at", "支付完成时间"),
            col("completed_at", "订单完成时间"),
            col("buyer_note", "买家留言"),
            col("seller_note", "商家备注"),
            col("status", "订单状态", required=True),
            col("cancel_reason", "取消原因"),
            col("after_sale", "售后状态"),
            col("shipped_at", "发货时间"),
            col("paid", "订单应付金额", required=True),
            col("freight", "运费"),
            col("discount", "优惠总金额"),
            col("recipient", "收件人"),
            col("phone", "收件人手机号"),
            col("province", "省"),
            col("city", "市"),
            col("district", "区"),
            col("street", "街道"),
            col("detail", "详细地址"),
        ),
        parse=_parse_douyin,
    )
)


# --------------------------------------------------------------------------------------------
# WooCommerce: no core export; the plugin-style layout (WebToffee-like) has one row per order
# and the items as repeated `Product Item N …` column groups.

WOOCOMMERCE_ORDER_HEADERS = (
    "order_id,order_number,order_date,paid_date,status,shipping_total,shipping_tax_total,fee_total,"
    "fee_tax_total,tax_total,cart_discount,order_discount,discount_total,order_total,order_subtotal,"
    "order_currency,payment_method,payment_method_title,transaction_id,customer_ip_address,"
    "customer_user_agent,shipping_method,customer_id,customer_user,customer_email,"
    "billing_first_name,billing_last_name,billing_company,billing_email,billing_phone,"
    "billing_address_1,billing_address_2,billing_postcode,billing_city,billing_state,"
    "billing_country,shipping_first_name,shipping_last_name,shipping_company,shipping_phone,"
    "shipping_address_1,shipping_address_2,shipping_postcode,shipping_city,shipping_state,"
    "shipping_country,customer_note"
).split(",")
WOOCOMMERCE_ITEM_FIELDS = ("Name", "id", "SKU", "Quantity", "Total", "Subtotal")
WOOCOMMERCE_ITEM_GROUPS = 50  # `Product Item 1 …` to `Product Item 50 …` are read

WOOCOMMERCE_STATUS_TEXT = {
    PENDING: "pending",
    PAID: "processing",
    SHIPPED: "processing",
    COMPLETED: "completed",
    CLOSED: "cancelled",
    REFUNDED: "refunded",
}


def woocommerce_item_headers(groups: int) -> list[str]:
    """The `Product Item N Name/id/SKU/Quantity/Total/Subtotal` headers of N groups."""
    return [f"Product Item {n} {f}" for n in range(1, groups + 1) for f in WOOCOMMERCE_ITEM_FIELDS]


def _woo_key(ctx: Context, row: Row) -> str:
    """Group rows by order_number, else order_id."""
    for fld in ("order_no", "order_id"):
        value = ctx.raw(row, fld)
        if not is_blank(value):
            return clean_order_id(value)
    raise ValueError("missing order id")


def _woo_groups(ctx: Context) -> list[int]:
    """The item groups this file has (worked out once per file)."""
    groups = ctx.cache.get("woo_groups")
    if groups is None:
        groups = [
            n
            for n in range(1, WOOCOMMERCE_ITEM_GROUPS + 1)
            if ctx.has(f"item{n}_name") or ctx.has(f"item{n}_sku")
        ]
        ctx.cache["woo_groups"] = groups
    return groups  # type: ignore[return-value]


def _woo_items(ctx: Context, r: Row) -> list[ParsedItem]:
    """The Product Item groups of a row that name something."""
    items = []
    for n in _woo_groups(ctx):
        title = ctx.text(r, f"item{n}_name")
        sku = ctx.first_text(r, f"item{n}_sku", f"item{n}_id")
        if title is None and sku is None:
            continue
        quantity = ctx.count(r, f"item{n}_qty")
        total_field = f"item{n}_total" if ctx.text(r, f"item{n}_total") else f"item{n}_subtotal"
        total = ctx.money(r, total_field)
        # The line total over the quantity, rounded half up.
        price = (2 * total + quantity) // (2 * quantity) if quantity > 0 else total
        items.append(ParsedItem(title=title or "", sku=sku or "", quantity=quantity, price=price))
    return items


def _parse_woocommerce(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """One WooCommerce order row → ParsedOrder."""
    rownum, r = rows[-1]
    paid = ctx.paid(r, "total")
    status = map_status("woocommerce", ctx.raw(r, "status"))
    refunded = paid if status == REFUNDED else 0
    items = _woo_items(ctx, r)
    email = ctx.first_text(r, "email", "customer_email")
    email = email.lower() if email else None
    customer_id = ctx.text(r, "customer_id")
    if customer_id is not None and customer_id.strip("0") == "":
        customer_id = None  # 0: a guest checkout
    names = (ctx.text(r, "first_name"), ctx.text(r, "last_name"))
    if not any(names):
        names = (ctx.text(r, "shipping_first_name"), ctx.text(r, "shipping_last_name"))
    real_name = " ".join(p for p in names if p) or None
    phone, phone_masked = _phone(ctx.first_text(r, "phone", "shipping_phone"))
    address = " ".join(p for p in (ctx.text(r, "address1"), ctx.text(r, "address2")) if p)
    currency = _currency(ctx, r, "currency", "total")
    return ParsedOrder(
        row=rownum,
        platform="woocommerce",
        order_no=key,
        ordered_at=ctx.when(r, "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency=currency,
        paid_at=ctx.opt_when(r, "paid_at"),
        completed_at=ctx.opt_when(r, "completed_at"),
        # formats §10: the e-mail, else the phone; the shop's customer number before the phone
        buyer_key=email or customer_id or (None if phone_masked else phone),
        buyer_name=real_name or email,
        real_name=real_name,
        phone=phone,
        phone_masked=phone_masked,
        email=email,
        province=ctx.text(r, "state"),
        city=ctx.text(r, "city"),
        address=address or None,
        item_summary=_lines_summary(items, ", "),
        items=items,
        buyer_note=ctx.text(r, "buyer_note"),
    )


WOOCOMMERCE_ORDERS = register(
    PlatformSpec(
        platform="woocommerce",
        kind=ORDERS,
        layout="woocommerce-order-export",
        description="WooCommerce order export (plugin layout)",
        key_field="order_id",
        row_key=_woo_key,
        columns=(
            col("order_id", "order_id", required=True),
            col("order_no", "order_number"),
            col("created", "order_date", "date_created", required=True),
            col("paid_at", "paid_date", "date_paid"),
            col("completed_at", "completed_date", "date_completed"),
            col("status", "status", "order_status", required=True),
            col("total", "order_total", required=True),
            col("subtotal", "order_subtotal"),
            col("shipping", "shipping_total"),
            col("currency", "order_currency"),
            col("customer_id", "customer_id", "customer_user"),
            col("customer_email", "customer_email"),
            col("email", "billing_email"),
            col("first_name", "billing_first_name"),
            col("last_name", "billing_last_name"),
            col("phone", "billing_phone"),
            col("address1", "billing_address_1"),
            col("address2", "billing_address_2"),
            col("city", "billing_city"),
            col("state", "billing_state"),
            col("postcode", "billing_postcode"),
            col("country", "billing_country"),
            col("shipping_first_name", "shipping_first_name"),
            col("shipping_last_name", "shipping_last_name"),
            col("shipping_phone", "shipping_phone"),
            col("buyer_note", "customer_note"),
            *(
                col(f"item{n}_{fld}", f"Product Item {n} {name}")
                for n in range(1, WOOCOMMERCE_ITEM_GROUPS + 1)
                for fld, name in (
                    ("name", "Name"),
                    ("id", "id"),
                    ("sku", "SKU"),
                    ("qty", "Quantity"),
                    ("total", "Total"),
                    ("subtotal", "Subtotal"),
                )
            ),
        ),
        parse=_parse_woocommerce,
    )
)


# --------------------------------------------------------------------------------------------
# Etsy EtsySoldOrders<year>-<month>.csv: one row per order, MM/DD/YY dates, `$` amounts or
# European decimal commas (`"12,00"`).

ETSY_ORDER_HEADERS = (
    "Sale Date,Order ID,Buyer User ID,Full Name,First Name,Last Name,Number of Items,"
    "Payment Method,Date Shipped,Street 1,Street 2,Ship City,Ship State,Ship Zipcode,Ship Country,"
    "Currency,Order Value,Coupon Code,Coupon Details,Discount Amount,Shipping Discount,Shipping,"
    "Sales Tax,Order Total,Status,Card Processing Fees,Order Net,Adjusted Order Total,"
    "Adjusted Card Processing Fees,Adjusted Net Order Amount,Buyer,Order Type,Payment Type,"
    "InPerson Discount,InPerson Location,SKU"
).split(",")
# The newer variant: Buyer next to Buyer User ID, plus Buyer Receipt Message, VAT Paid by
# Buyer and Date Paid.
ETSY_ORDER_HEADERS_V2 = (
    "Sale Date,Order ID,Buyer User ID,Buyer,Full Name,First Name,Last Name,Number of Items,"
    "Payment Method,Date Shipped,Street 1,Street 2,Ship City,Ship State,Ship Zipcode,Ship Country,"
    "Currency,Order Value,Coupon Code,Coupon Details,Discount Amount,Shipping Discount,Shipping,"
    "Sales Tax,Order Total,Status,Card Processing Fees,Order Net,Adjusted Order Total,"
    "Adjusted Card Processing Fees,Adjusted Net Order Amount,Buyer Receipt Message,SKU,"
    "Order Type,Payment Type,InPerson Discount,InPerson Location,VAT Paid by Buyer,Date Paid"
).split(",")


def _parse_etsy(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """One EtsySoldOrders row → ParsedOrder."""
    rownum, r = rows[-1]
    notes: list[str] = []
    paid = ctx.paid(r, "total")
    status_text = ctx.raw(r, "status")
    shipped = not is_blank(ctx.raw(r, "shipped_at"))
    # A sold order is paid; the Status column (when there is one) says more.
    status = PAID if is_blank(status_text) else map_status("etsy", status_text)
    if status == PAID and shipped:
        status = SHIPPED
    refunded = 0
    adjusted_raw = ctx.raw(r, "adjusted_total")
    if not is_blank(adjusted_raw) and status not in (PENDING, CLOSED):
        adjusted = ctx.money(r, "adjusted_total")
        if adjusted < 0:
            raise ValueError(f"{ctx.names.get('adjusted_total')}: negative amount")
        if adjusted < paid:
            refunded = paid - adjusted
            if adjusted == 0:
                status = REFUNDED
    if status == REFUNDED:
        refunded = paid
    buyer_id, username = ctx.text(r, "buyer_id"), ctx.text(r, "buyer")
    real_name = ctx.text(r, "full_name")
    if real_name is None:
        real_name = " ".join(p for p in (ctx.text(r, "first_name"), ctx.text(r, "last_name")) if p)
        real_name = real_name or None
    address = " ".join(p for p in (ctx.text(r, "street1"), ctx.text(r, "street2")) if p)
    return ParsedOrder(
        row=rownum,
        platform="etsy",
        order_no=key,
        ordered_at=ctx.when(r, "created"),
        status=status,
        paid=paid,
        refunded=refunded,
        currency=_currency(ctx, r, "currency", "total"),
        paid_at=ctx.opt_when(r, "paid_at"),
        buyer_key=buyer_id or username,
        buyer_name=username or real_name,
        real_name=real_name,
        province=ctx.text(r, "state"),
        city=ctx.text(r, "city"),
        address=address or None,
        notes=notes,
    )


ETSY_ORDERS = register(
    PlatformSpec(
        platform="etsy",
        kind=ORDERS,
        layout="etsy-sold-orders",
        description="Etsy EtsySoldOrders",
        file_pattern=re.compile(r"EtsySoldOrders(?!Items)", re.IGNORECASE),
        columns=(
            col("order_no", "Order ID", required=True),
            col("created", "Sale Date", required=True),
            col("total", "Order Total", "Order Value", required=True),
            col("buyer_id", "Buyer User ID"),
            col("buyer", "Buyer"),
            col("full_name", "Full Name"),
            col("first_name", "First Name"),
            col("last_name", "Last Name"),
            col("item_count", "Number of Items"),
            col("shipped_at", "Date Shipped"),
            col("street1", "Street 1"),
            col("street2", "Street 2"),
            col("city", "Ship City"),
            col("state", "Ship State"),
            col("zip", "Ship Zipcode"),
            col("country", "Ship Country"),
            col("currency", "Currency"),
            col("status", "Status"),
            col("adjusted_total", "Adjusted Order Total"),
            col("paid_at", "Date Paid"),
            col("sku", "SKU"),
            col("order_type", "Order Type"),
        ),
        parse=_parse_etsy,
    )
)


# --------------------------------------------------------------------------------------------
# eBay Seller Hub orders report: a line of bare commas, the quoted header, a padding row,
# the data, a blank line and the `N,record(s) downloaded` / `Seller ID : …` trailer. Rows
# share the Sales Record Number of a multi-item order; a paid one has a summary row (Total
# Price, no item) above its item rows. No status, refund or fee columns.

EBAY_ORDER_HEADERS = (
    "Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Buyer Note,"
    "Buyer Address 1,Buyer Address 2,Buyer City,Buyer State,Buyer Zip,Buyer Country,"
    "Buyer Tax Identifier Name,Buyer Tax Identifier Value,Ship To Name,Ship To Phone,"
    "Ship To Address 1,Ship To Address 2,Ship To City,Ship To State,Ship To Zip,Ship To Country,"
    "Item Number,Item Title,Custom Label,Sold Via Promoted Listings,Quantity,Sold For,"
    "Shipping And Handling,Item Location,Item Zip Code,Item Country,"
    "eBay Collect And Remit Tax Rate,eBay Collect And Remit Tax Type,eBay Reference Name,"
    "eBay Reference Value,Tax Status,Seller Collected Tax,eBay Collected Tax,"
    "Electronic Waste Recycling Fee,Mattress Recycling Fee,Battery Recycling Fee,"
    "White Goods Disposal Tax,Tire Recycling Fee,Additional Fee,Lumber Fee,Prepaid Wireless Fee,"
    "Road Improvement And Food Delivery Fee,eBay Collected Charges,Total Price,"
    "eBay Collected Tax and Fees Included in Total,Payment Method,Sale Date,Paid On Date,"
    "Ship By Date,Minimum Estimated Delivery Date,Maximum Estimated Delivery Date,"
    "Shipped On Date,Feedback Left,Feedback Received,My Item Note,PayPal Transaction ID,"
    "Shipping Service,Tracking Number,Transaction ID,Variation Details,Global Shipping Program,"
    "Global Shipping Reference ID,Click And Collect,Click And Collect Reference Number,eBay Plus,"
    "Authenticity Verification Program,Authenticity Verification Status,"
    "Authenticity Verification Outcome Reason,PSA Vault Program,Vault Fulfillment Type,"
    "eBay Fulfillment Program,Tax City,Tax State,Tax Zip,Tax Country,eBay International Shipping"
).split(",")
# ebay.co.uk. Seen: Order number, Buyer username, Buyer email, Buyer note, Item number,
# Item title, Custom label, Quantity, Sold for, Sale date, Post to name/phone/address 1/
# address 2/city/county/postcode/country; the rest follow the US order in UK wording
# (inferred).
EBAY_ORDER_HEADERS_UK = (
    "Sales record number,Order number,Buyer username,Buyer name,Buyer email,Buyer note,"
    "Buyer address 1,Buyer address 2,Buyer town/city,Buyer county,Buyer postcode,Buyer country,"
    "Post to name,Post to phone,Post to address 1,Post to address 2,Post to city,Post to county,"
    "Post to postcode,Post to country,Item number,Item title,Custom label,"
    "Sold via Promoted listings,Quantity,Sold for,Postage and packaging,Total price,"
    "Payment method,Sale date,Paid on date,Post by date,Dispatched on date,Feedback left,"
    "Feedback received,My item note,Postage service,Tracking number,Transaction ID,"
    "Variation details"
).split(",")
# ebay.de, semicolon-separated, `116,99 €`, `10-Dez-25`. Names seen in importers of real files;
# their order is inferred from the US one.
EBAY_ORDER_HEADERS_DE = (
    "Verkaufsprotokollnummer;Bestellnummer;Nutzername des Käufers;Name des Käufers;"
    "E-Mail des Käufers;Anmerkungen des Käufers;Adresse 1 des Käufers;Adresse 2 des Käufers;"
    "Wohnort des Käufers;Bundesland des Käufers;PLZ des Käufers;Land des Käufers;"
    "Name des Empfängers;Telefonnummer des Empfängers;Adresse 1 des Empfängers;"
    "Adresse 2 des Empfängers;Versand nach - Ort;Versand nach - Bundesland;Versand nach - PLZ;"
    "Versand nach - Land;Artikelnummer;Angebotstitel;Bestandseinheit;Verkauft über Anzeigen;"
    "Anzahl;Verkauft für;Verpackung und Versand;Inklusive MwSt.-Satz;Gesamtbetrag;"
    "Zahlungsmethode;Verkauft am;Zahlungsdatum;Versand bis;Verschickt am - Datum;"
    "Versandservice;Sendungsnummer;Transaktionsnummer;Variantendetails"
).split(";")
# Names eBay shows for a missing value.
_EBAY_NONE = frozenset({"--", "-"})


def _ebay_is_summary(ctx: Context, row: Row) -> bool:
    """The order row of a multi-item order: a Total Price, no item."""
    return (
        is_blank(ctx.raw(row, "item_no"))
        and is_blank(ctx.raw(row, "title"))
        and not is_blank(ctx.raw(row, "total"))
    )


def _ebay_line_key(ctx: Context, row: Row) -> tuple[str, ...]:
    """Identify an item row within an order."""
    return tuple(
        clean_text(ctx.raw(row, fld)) for fld in ("item_no", "transaction_id", "variation", "title")
    )


def _ebay_starts_repeat(ctx: Context, rows: list[RowRef], row: Row) -> bool:
    """A second summary row, or an item row already in the order, repeats the order."""
    if _ebay_is_summary(ctx, row):
        return any(_ebay_is_summary(ctx, r) for _, r in rows)
    key = _ebay_line_key(ctx, row)
    return any(not _ebay_is_summary(ctx, r) and _ebay_line_key(ctx, r) == key for _, r in rows)


def _parse_ebay(ctx: Context, key: str, rows: list[RowRef]) -> ParsedOrder:
    """All rows of one Sales Record Number → ParsedOrder (a summary row's total wins)."""
    rownum = rows[0][0]
    summaries = [(n, r) for n, r in rows if _ebay_is_summary(ctx, r)]
    lines = [(n, r) for n, r in rows if not _ebay_is_summary(ctx, r)]
    ordered = summaries + lines  # order-level fields: the summary row first
    paid = 0
    money_cell: Cell = None
    for n, r in summaries[:1] or lines:
        try:
            paid += ctx.paid(r, "total")
        except ValueError as exc:
            raise RowError(n, str(exc)) from None
        if money_cell is None and not is_blank(ctx.raw(r, "total")):
            money_cell = ctx.raw(r, "total")
    items: list[ParsedItem] = []
    for n, line in lines:
        try:
            items.append(
                ParsedItem(
                    title=ctx.text(line, "title") or "",
                    sku=ctx.first_text(line, "sku", "item_no") or "",
                    quantity=ctx.count(line, "quantity"),
                    price=ctx.money(line, "price"),
                    attributes=ctx.text(line, "variation") or "",
                )
            )
        except ValueError as exc:
            raise RowError(n, str(exc)) from None
        if money_cell is None and not is_blank(ctx.raw(line, "price")):
            money_cell = ctx.raw(line, "price")

    def first(fld: str) -> str | None:
        for _, r in ordered:
            value = ctx.text(r, fld)
            if value and value not in _EBAY_NONE:
                return value
        return None

    def first_row(fld: str) -> Row:
        for _, r in ordered:
            if not is_blank(ctx.raw(r, fld)):
                return r
        return ordered[0][1]

    ordered_at = ctx.when(first_row("created"), "created")
    paid_at = ctx.opt_when(first_row("paid_at"), "paid_at")
    username = first("buyer")
    email = first("email")
    email = email.lower() if email else None
    real_name = first("buyer_name") or first("ship_name")
    phone, phone_masked = _phone(first("ship_phone"))
    prefix = "buyer_" if first("buyer_address1") or first("buyer_city") else "ship_"
    address = " ".join(p for p in (first(prefix + "address1"), first(prefix + "address2")) if p)
    return ParsedOrder(
        row=rownum,
        platform="ebay",
        order_no=first("order_no") or key,
        ordered_at=ordered_at,
        # No status column: an order with a Paid On Date is paid (shipped once it has a
        # Shipped On Date), the others are not yet.
        status=PENDING if paid_at is None else SHIPPED if first("shipped_at") else PAID,
        paid=paid,
        currency=currency_of(money_cell),
        paid_at=paid_at,
        buyer_key=username,
        buyer_name=username or real_name,
        real_name=real_name,
        phone=phone,
        phone_masked=phone_masked,
        email=email,
        province=first(prefix + "state"),
        city=first(prefix + "city"),
        address=address or None,
        item_summary=_lines_summary(items, ", "),
        items=items,
        buyer_note=first("buyer_note"),
    )


EBAY_ORDERS = register(
    PlatformSpec(
        platform="ebay",
        kind=ORDERS,
        layout="ebay-orders-report",
        description="eBay Seller Hub orders report",
        key_field="record_no",
        multi_row=True,
        starts_repeat=_ebay_starts_repeat,
        columns=(
            col("record_no", "Sales Record Number", "Verkaufsprotokollnummer", required=True),
            col("order_no", "Order Number", "Bestellnummer"),
            col("buyer", "Buyer Username", "Nutzername des Käufers"),
            col("buyer_name", "Buyer Name", "Name des Käufers"),
            col("email", "Buyer Email", "E-Mail des Käufers"),
            col("buyer_note", "Buyer Note", "Anmerkungen des Käufers"),
            col("buyer_address1", "Buyer Address 1", "Adresse 1 des Käufers"),
            col("buyer_address2", "Buyer Address 2", "Adresse 2 des Käufers"),
            col("buyer_city", "Buyer City", "Buyer town/city", "Wohnort des Käufers"),
            col("buyer_state", "Buyer State", "Buyer county", "Bundesland des Käufers"),
            col("ship_name", "Ship To Name", "Post to name", "Name des Empfängers"),
            col("ship_phone", "Ship To Phone", "Post to phone", "Telefonnummer des Empfängers"),
            col(
                "ship_address1",
                "Ship To Address 1",
                "Post to address 1",
                "Adresse 1 des Empfängers",
            ),
            col(
                "ship_address2",
                "Ship To Address 2",
                "Post to address 2",
                "Adresse 2 des Empfängers",
            ),
            col(
                "ship_city",
                "Ship To City",
                "Post to city",
                "Post to town/city",
                "Versand nach - Ort",
            ),
            col(
                "ship_state",
                "Ship To State",
                "Post to county",
                "Post to province/region/state",
                "Versand nach - Bundesland",
            ),
            col("item_no", "Item Number", "Artikelnummer"),
            col("title", "Item Title", "Angebotstitel"),
            col("sku", "Custom Label", "Bestandseinheit"),
            col("quantity", "Quantity", "Anzahl"),
            col("price", "Sold For", "Verkauft für"),
            col(
                "shipping",
                "Shipping And Handling",
                "Postage and packaging",
                "Verpackung und Versand",
            ),
            col("total", "Total Price", "Gesamtbetrag", required=True),
            col("created", "Sale Date", "Verkauft am", required=True),
            col("paid_at", "Paid On Date", "Zahlungsdatum", "Bezahlt am"),
            col("shipped_at", "Shipped On Date", "Dispatched on date", "Verschickt am - Datum"),
            col("transaction_id", "Transaction ID", "Transaktionsnummer"),
            col("variation", "Variation Details", "Variantendetails"),
        ),
        parse=_parse_ebay,
    )
)
