"""Write realistic marketplace export files from records, and make plausible records.

Used by the demo-shop generator, the tests and the benchmarks: `write_export()` writes what a
seller downloads (real headers and quirks from docs/formats: Taobao GBK CSV with trailing-space
headers and `="…"` ids, 千牛 子订单 rows and its three-sheet workbook, JD one row per SKU with
repeated order amounts, Pinduoduo, Douyin 子订单 rows with the order amount repeated, Shopify line
items with order fields on the first row only and `-0700` offsets, Shopify customers,
WooCommerce item column groups, Etsy `$`/decimal-comma amounts and MM/DD/YY dates, eBay's comma
line, padding row and record-count trailer in US, UK and DE wording). The files read back
through parse_file() into the same records.
"""

from __future__ import annotations

import csv
import io
import os
import random
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import cast

import openpyxl
from openpyxl.cell import WriteOnlyCell

from .normalize import format_money
from .platforms import (
    DOUYIN_ORDER_HEADERS,
    DOUYIN_STATUS_TEXT,
    EBAY_ORDER_HEADERS,
    EBAY_ORDER_HEADERS_DE,
    EBAY_ORDER_HEADERS_UK,
    ETSY_ORDER_HEADERS,
    ETSY_ORDER_HEADERS_V2,
    JD_ORDER_HEADERS,
    JD_STATUS_TEXT,
    PDD_ORDER_HEADERS,
    PDD_STATUS_TEXT,
    QIANNIU_ORDER_SHEET_HEADERS,
    QIANNIU_RECORD_PLATFORM,
    QIANNIU_SHEETS,
    QIANNIU_SHIPPING_SHEET_HEADERS,
    QIANNIU_SUBORDER_EXTRA_HEADERS,
    QIANNIU_SUBORDER_HEADERS,
    SHOPIFY_CUSTOMER_HEADERS,
    SHOPIFY_CUSTOMER_HEADERS_V1,
    SHOPIFY_CUSTOMER_HEADERS_V2,
    SHOPIFY_ORDER_HEADERS,
    TAOBAO_DETAIL_HEADERS,
    TAOBAO_ORDER_EXTRA_HEADERS,
    TAOBAO_ORDER_HEADERS,
    TAOBAO_STATUS_TEXT,
    WOOCOMMERCE_ORDER_HEADERS,
    WOOCOMMERCE_STATUS_TEXT,
    pdd_buyer_key,
    woocommerce_item_headers,
)
from .records import (
    CLOSED,
    COMPLETED,
    PAID,
    PENDING,
    REFUNDED,
    SHIPPED,
    ParsedCustomer,
    ParsedItem,
    ParsedOrder,
)

__all__ = [
    "LAYOUTS",
    "export_table",
    "export_workbook",
    "make_customers",
    "make_orders",
    "write_export",
]

# platform → layouts write_export knows (the first is the default).
LAYOUTS = {
    "taobao": ("orders", "details"),
    "qianniu": ("suborders", "workbook"),
    "jd": ("orders",),
    "pdd": ("orders",),
    "douyin": ("orders",),
    "shopify": ("orders", "customers", "customers-v2", "customers-v1"),
    "woocommerce": ("orders",),
    "etsy": ("orders", "orders-v2"),
    "ebay": ("orders", "orders-uk", "orders-de"),
}
_DEFAULT_ENCODING = {
    "taobao": "gbk",
    "qianniu": "gbk",
    "jd": "gbk",
    "pdd": "utf-8-sig",
    "douyin": "utf-8-sig",
    "shopify": "utf-8",
    "woocommerce": "utf-8",
    "etsy": "utf-8",
    "ebay": "utf-8",
}
# Layouts that are workbooks of several sheets (xlsx only).
_WORKBOOK_LAYOUTS = {("qianniu", "workbook")}
_TIME = "%Y-%m-%d %H:%M:%S"

Table = tuple[list[str], Iterator[list[object]]]
Workbook = list[tuple[str, list[str], Iterator[list[object]]]]


def write_export(
    platform: str,
    records: Sequence[ParsedOrder] | Sequence[ParsedCustomer],
    path: str | os.PathLike[str],
    *,
    fmt: str = "csv",
    encoding: str | None = None,
    layout: str | None = None,
    local_tz: tzinfo | None = None,
) -> Path:
    """Write records as the platform's export file and return its path.

    Args:
        platform: taobao, qianniu, jd, pdd, douyin, shopify, woocommerce, etsy or ebay.
        records: ParsedOrder (or ParsedCustomer for Shopify customers).
        fmt: "csv" or "xlsx" (openpyxl write-only; text is never written as a formula).
        encoding: CSV encoding; default GBK for Taobao/千牛/JD (GB18030 if a character needs
            it), UTF-8 with BOM for Pinduoduo and Douyin, UTF-8 otherwise. "utf-16" writes a
            BOM.
        layout: see LAYOUTS (Taobao "details" writes the 宝贝报表; 千牛 "workbook" the
            订单报表/销售明细/发货报表 xlsx; Shopify "customers…" chooses a customers_export
            header generation; Etsy "orders-v2" the newer header; eBay "orders-uk" /
            "orders-de" the ebay.co.uk / ebay.de wording).
        local_tz: the zone of the records' naive times, for Shopify's offsets (default: the
            machine's zone).
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown format {fmt!r}")
    p = Path(path)
    layout = _layout(platform, records, layout)
    if (platform, layout) in _WORKBOOK_LAYOUTS:
        if fmt != "xlsx":
            raise ValueError(f"the {platform} {layout} layout is an xlsx workbook")
        _write_workbook(p, export_workbook(platform, cast(Sequence[ParsedOrder], records)))
        return p
    headers, rows = export_table(platform, records, layout=layout, fmt=fmt, local_tz=local_tz)
    if fmt == "xlsx":
        _write_xlsx(p, headers, rows, sheet=_sheet_title(platform, layout))
    elif platform == "ebay":
        orders = cast(Sequence[ParsedOrder], records)
        _write_csv(
            p,
            headers,
            rows,
            encoding or _DEFAULT_ENCODING["ebay"],
            **_ebay_csv_frame(orders, layout, len(headers)),
        )
    else:
        _write_csv(p, headers, rows, encoding or _DEFAULT_ENCODING.get(platform, "utf-8"))
    return p


def _layout(
    platform: str, records: Sequence[ParsedOrder] | Sequence[ParsedCustomer], layout: str | None
) -> str:
    """Check (or default) the layout of a platform's export."""
    layouts = LAYOUTS.get(platform)
    if layouts is None:
        raise ValueError(f"no sample writer for platform {platform!r}")
    if layout is None:
        customers = bool(records) and isinstance(records[0], ParsedCustomer)
        layout = "customers" if customers else layouts[0]
    if layout not in layouts:
        raise ValueError(f"unknown {platform} layout {layout!r}; choose from {layouts}")
    return layout


def export_table(
    platform: str,
    records: Sequence[ParsedOrder] | Sequence[ParsedCustomer],
    *,
    layout: str | None = None,
    fmt: str = "csv",
    local_tz: tzinfo | None = None,
) -> Table:
    """Return (headers, rows) of the export file for these records.

    For a workbook layout (千牛 "workbook") this is its line sheet; export_workbook gives all.
    """
    layout = _layout(platform, records, layout)
    csv_mode = fmt == "csv"
    if layout.startswith("customers"):
        return _shopify_customers(cast(Sequence[ParsedCustomer], records), layout)
    orders = cast(Sequence[ParsedOrder], records)
    if platform == "taobao" and layout == "orders":
        return _taobao_orders(orders, csv_mode)
    if platform == "taobao":
        return _taobao_details(orders, csv_mode)
    if platform == "qianniu":
        return _qianniu_lines(orders, csv_mode, extra=layout == "suborders")
    if platform == "jd":
        return _jd_orders(orders, csv_mode)
    if platform == "pdd":
        return _pdd_orders(orders, csv_mode)
    if platform == "douyin":
        return _douyin_orders(orders, csv_mode)
    if platform == "woocommerce":
        return _woocommerce_orders(orders)
    if platform == "etsy":
        return _etsy_orders(orders, layout)
    if platform == "ebay":
        return _ebay_orders(orders, layout)
    return _shopify_orders(orders, local_tz)


def export_workbook(platform: str, orders: Sequence[ParsedOrder]) -> Workbook:
    """Return the sheets (name, headers, rows) of a workbook layout (千牛's three sheets)."""
    if platform != "qianniu":
        raise ValueError(f"no workbook layout for platform {platform!r}")
    order_sheet, line_sheet, shipping_sheet = QIANNIU_SHEETS
    return [
        (order_sheet, *_qianniu_order_sheet(orders)),
        (line_sheet, *_qianniu_lines(orders, False, extra=False)),
        (shipping_sheet, *_qianniu_shipping_sheet(orders)),
    ]


def _sheet_title(platform: str, layout: str | None) -> str:
    """Sheet name as the platforms use it."""
    if platform == "taobao":
        return "宝贝报表" if layout == "details" else "订单报表"
    if platform == "qianniu":
        return QIANNIU_SHEETS[1]
    if platform in ("jd", "pdd"):
        return "订单"
    if platform == "douyin":
        return "订单明细"
    return "Sheet1"


# --------------------------------------------------------------------------------------------
# Writers


def _write_csv(
    path: Path,
    headers: list[str],
    rows: Iterator[list[object]],
    encoding: str,
    *,
    delimiter: str = ",",
    quote_all: bool = False,
    before: Sequence[str] = (),
    after: Sequence[str] = (),
) -> None:
    """Write a CSV (CRLF lines, as spreadsheet tools do) in the given encoding.

    `before` and `after` are lines written verbatim around the table (eBay's comma line and its
    record-count trailer).
    """
    buf = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    for line in before:
        buf.write(line + "\r\n")
    writer.writerow(headers)
    for row in rows:
        first = row[0]
        if isinstance(first, _Raw):
            # Written unquoted, exactly as Taobao does: ="2039…",…
            buf.write(first.text + delimiter)
            writer.writerow(row[1:])
        else:
            writer.writerow(row)
    for line in after:
        buf.write(line + "\r\n")
    text = buf.getvalue()
    enc = encoding.lower().replace("_", "-")
    if enc in ("gbk", "gb2312", "cp936"):
        try:
            data = text.encode("gbk")
        except UnicodeEncodeError:
            data = text.encode("gb18030")  # same bytes for every GBK character
    else:
        data = text.encode(encoding)
    path.write_bytes(data)


def _write_xlsx(path: Path, headers: list[str], rows: Iterator[list[object]], sheet: str) -> None:
    """Write a one-sheet xlsx in openpyxl's write-only mode; text starting with `=` stays text."""
    _write_workbook(path, [(sheet, headers, rows)])


def _write_workbook(path: Path, sheets: Workbook) -> None:
    """Write sheets to an xlsx in openpyxl's write-only mode; text starting with `=` stays text."""
    wb = openpyxl.Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(headers)
        for row in rows:
            out: list[object] = []
            for v in row:
                if isinstance(v, _Raw):
                    v = v.value
                if v == "":
                    out.append(None)  # no <c> element at all, as Excel writes empty cells
                elif isinstance(v, str) and v[:1] == "=":
                    cell = WriteOnlyCell(ws, value=v)
                    cell.data_type = "s"  # openpyxl would otherwise store a live formula
                    out.append(cell)
                else:
                    out.append(v)
            ws.append(out)
    wb.save(path)


class _Raw:
    """A CSV cell written verbatim (Taobao's unquoted `="…"` ids); `value` is the xlsx text."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: str) -> None:
        self.text = text
        self.value = value


def _money(minor: int, csv_mode: bool) -> object:
    """Money as the file shows it: `12.30` in CSV, a number in xlsx."""
    return format_money(minor) if csv_mode else minor / 100


def _when(dt: datetime | None, csv_mode: bool) -> object:
    """A time as text in CSV, a datetime cell in xlsx."""
    if dt is None:
        return ""
    return dt.strftime(_TIME) if csv_mode else dt


def _fill(headers: list[str], values: dict[str, object]) -> list[object]:
    """Order values by header (stripped names), blank for the rest."""
    return [values.get(h.strip(), "") for h in headers]


def _address_line(order: ParsedOrder, postcode: str | None) -> str:
    """`省 市 详细地址(邮编)` as Taobao writes it."""
    parts = [p for p in (order.province, order.city, order.address) if p]
    if not parts:
        return ""
    return " ".join(parts) + (f"({postcode})" if postcode else "")


def _quantity(order: ParsedOrder) -> int:
    """Total quantity of an order's lines (1 when it has none)."""
    return sum(i.quantity for i in order.items) or 1


# --------------------------------------------------------------------------------------------
# Taobao


def _taobao_status(order: ParsedOrder) -> str:
    """Status text for a Taobao order (a full refund with nothing paid says 退款成功)."""
    if order.status == REFUNDED and order.paid == 0:
        return "退款成功"
    return TAOBAO_STATUS_TEXT[order.status]


def _taobao_orders(orders: Sequence[ParsedOrder], csv_mode: bool) -> Table:
    """订单报表 rows: one per order."""
    headers = [*TAOBAO_ORDER_HEADERS, *TAOBAO_ORDER_EXTRA_HEADERS]

    def rows() -> Iterator[list[object]]:
        for o in orders:
            oid = o.order_no
            values: dict[str, object] = {
                "订单编号": _Raw(f'="{oid}"', oid) if csv_mode else oid,
                "买家会员名": o.buyer_key or o.buyer_name or "",
                "买家支付宝账号": f"{oid[-6:]}***@alipay.example",
                "买家应付货款": _money(o.paid, csv_mode),
                "买家应付邮费": _money(0, csv_mode),
                "买家支付积分": 0,
                "总金额": _money(o.paid, csv_mode),
                "返点积分": 0,
                "买家实际支付金额": _money(o.paid, csv_mode),
                "买家实际支付积分": 0,
                "订单状态": _taobao_status(o),
                "买家留言": o.buyer_note or "",
                "收货人姓名": o.real_name or "",
                "收货地址": _address_line(o, "000000"),
                "运送方式": "快递",
                "联系手机": (f"'{o.phone}" if csv_mode else o.phone) if o.phone else "",
                "订单创建时间": _when(o.ordered_at, csv_mode),
                "订单付款时间": _when(o.paid_at, csv_mode),
                "宝贝标题": o.item_summary,
                "宝贝种类": len(o.items) or 1,
                "宝贝总数量": _quantity(o),
                "店铺Id": "57300001",
                "店铺名称": "示例小店",
                "订单关闭原因": "买家取消" if o.status in (CLOSED, REFUNDED) else "订单未关闭",
                "是否手机订单": "手机订单",
                "退款金额": _money(o.refunded, csv_mode),
                "确认收货时间": _when(o.completed_at, csv_mode),
            }
            yield _fill(headers, values)

    return headers, rows()


def _taobao_details(orders: Sequence[ParsedOrder], csv_mode: bool) -> Table:
    """宝贝报表 rows: one per item line."""
    headers = list(TAOBAO_DETAIL_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            oid = o.order_no
            for item in o.items:
                yield _fill(
                    headers,
                    {
                        "订单编号": _Raw(f'="{oid}"', oid) if csv_mode else oid,
                        "标题": item.title,
                        "价格": _money(item.price, csv_mode),
                        "购买数量": item.quantity,
                        "商品属性": item.attributes,
                        "订单状态": _taobao_status(o),
                        "商家编码": item.sku,
                    },
                )

    return headers, rows()


# --------------------------------------------------------------------------------------------
# JD


def _jd_orders(orders: Sequence[ParsedOrder], csv_mode: bool) -> Table:
    """JD rows: one per SKU, the order-level amounts repeated on each."""
    headers = list(JD_ORDER_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            lines = o.items or [ParsedItem(title=o.item_summary, price=o.paid)]
            common: dict[str, object] = {
                "订单号": o.order_no,
                "支付方式": "在线支付",
                "下单时间": _when(o.ordered_at, csv_mode),
                "订单金额": _money(o.paid, csv_mode),
                "结算金额": _money(o.paid, csv_mode),
                "余额支付": _money(0, csv_mode),
                "应付金额": _money(o.paid, csv_mode),
                "订单状态": JD_STATUS_TEXT[o.status],
                "订单类型": "销售订单",
                "下单帐号": o.buyer_key or "",
                "客户姓名": o.real_name or "",
                "客户地址": _address_line(o, None),
                "联系电话": o.phone or "",
                "订单备注": o.buyer_note or "",
                "运费金额": _money(0, csv_mode),
                "付款确认时间": _when(o.paid_at, csv_mode),
                "订单完成时间": _when(o.completed_at, csv_mode),
                "订单来源": "移动端订单",
                "订单渠道": "暂无来源",
            }
            for n, item in enumerate(lines):
                values = dict(common)
                values.update(
                    {
                        "商品ID": str(100012345670 + n),
                        "商品名称": item.title,
                        "订购数量": item.quantity,
                        "京东价": _money(item.price, csv_mode),
                        "货号": item.sku,
                    }
                )
                yield _fill(headers, values)

    return headers, rows()


# --------------------------------------------------------------------------------------------
# Pinduoduo


def _pdd_orders(orders: Sequence[ParsedOrder], csv_mode: bool) -> Table:
    """Pinduoduo rows: one per order, recipient split into 省/市/区/街道."""
    headers = list(PDD_ORDER_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            item = o.items[0] if o.items else ParsedItem(title=o.item_summary, price=o.paid)
            district, _, street = (o.address or "").partition(" ")
            yield _fill(
                headers,
                {
                    "订单成交时间": _when(o.ordered_at, csv_mode),
                    "商品": o.item_summary or item.title,
                    "订单号": o.order_no,
                    "订单状态": PDD_STATUS_TEXT[o.status],
                    "商品总价(元)": _money(item.price * item.quantity, csv_mode),
                    "邮费(元)": _money(0, csv_mode),
                    "店铺优惠折扣(元)": _money(0, csv_mode),
                    "平台优惠折扣(元)": _money(0, csv_mode),
                    "多多支付立减金额(元)": _money(0, csv_mode),
                    "用户实付金额(元)": _money(o.paid, csv_mode),
                    "商家实收金额(元)": _money(o.paid, csv_mode),
                    "商品数量(件)": item.quantity,
                    "确认收货时间": _when(o.completed_at, csv_mode),
                    "商品规格": item.attributes,
                    "商家编码-规格维度": item.sku,
                    "售后状态": "退款成功" if o.status == REFUNDED else "无售后或售后取消",
                    "买家留言": o.buyer_note or "",
                    "收货人": o.real_name or "",
                    "手机": o.phone or "",
                    "省": o.province or "",
                    "市": o.city or "",
                    "区": district,
                    "街道": street,
                },
            )

    return headers, rows()


# --------------------------------------------------------------------------------------------
# Shopify


def _offset_time(dt: datetime | None, local_tz: tzinfo | None) -> str:
    """`2024-05-03 14:22:10 -0700`: a naive store-local time with its offset."""
    if dt is None:
        return ""
    aware = dt.replace(tzinfo=local_tz) if local_tz is not None else dt.astimezone()
    return aware.strftime("%Y-%m-%d %H:%M:%S %z")


def _shopify_statuses(o: ParsedOrder) -> tuple[str, str, str]:
    """(Financial Status, Fulfillment Status, Cancelled at flag) for an order's status."""
    paid_word = "partially_refunded" if o.refunded else "paid"
    return {
        PENDING: ("pending", "unfulfilled", ""),
        PAID: (paid_word, "unfulfilled", ""),
        SHIPPED: (paid_word, "partial", ""),
        COMPLETED: (paid_word, "fulfilled", ""),
        REFUNDED: ("refunded", "unfulfilled", ""),
        CLOSED: ("voided", "unfulfilled", "x"),
    }[o.status]


def _shopify_orders(orders: Sequence[ParsedOrder], local_tz: tzinfo | None) -> Table:
    """orders_export rows: one per line item, order fields on the first row only."""
    headers = list(SHOPIFY_ORDER_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            financial, fulfillment, cancelled = _shopify_statuses(o)
            lines = o.items or [ParsedItem(title=o.item_summary, price=o.paid)]
            subtotal = sum(i.price * i.quantity for i in lines)
            created = _offset_time(o.ordered_at, local_tz)
            first: dict[str, object] = {
                "Email": o.email or "",
                "Financial Status": financial,
                "Paid at": _offset_time(o.paid_at, local_tz),
                "Fulfillment Status": fulfillment,
                "Fulfilled at": _offset_time(o.completed_at, local_tz),
                "Accepts Marketing": "no",
                "Currency": o.currency or "USD",
                "Subtotal": format_money(subtotal),
                "Shipping": format_money(max(o.paid - subtotal, 0)),
                "Taxes": "0.00",
                "Total": format_money(o.paid),
                "Discount Amount": "0.00",
                "Shipping Method": "Standard",
                "Billing Name": o.real_name or "",
                "Billing Address1": o.address or "",
                "Billing City": o.city or "",
                "Billing Province": o.province or "",
                "Billing Country": "US",
                "Billing Phone": o.phone or "",
                "Shipping Name": o.real_name or "",
                "Shipping Address1": o.address or "",
                "Shipping City": o.city or "",
                "Shipping Country": "US",
                "Notes": o.buyer_note or "",
                "Cancelled at": created if cancelled else "",
                "Payment Method": "Shopify Payments",
                "Refunded Amount": format_money(o.refunded),
                "Outstanding Balance": "0.00",
                "Id": str(5_000_000_000_000 + zlib.crc32(o.order_no.encode())),
                "Source": "web",
                "Billing Province Name": o.province or "",
                "Shipping Province Name": o.province or "",
            }
            for n, item in enumerate(lines):
                values: dict[str, object] = dict(first) if n == 0 else {}
                values.update(
                    {
                        "Name": o.order_no,
                        "Email": o.email or "",
                        "Created at": created,
                        "Lineitem quantity": item.quantity,
                        "Lineitem name": item.title,
                        "Lineitem price": format_money(item.price),
                        "Lineitem compare at price": "",
                        "Lineitem sku": item.sku,
                        "Lineitem requires shipping": "true",
                        "Lineitem taxable": "true",
                        "Lineitem fulfillment status": "fulfilled"
                        if o.status == COMPLETED
                        else "pending",
                        "Vendor": "Demo Shop",
                    }
                )
                yield _fill(headers, values)

    return headers, rows()


def _shopify_customers(customers: Sequence[ParsedCustomer], layout: str) -> Table:
    """customers_export rows in one of the three header generations."""
    headers = {
        "customers": SHOPIFY_CUSTOMER_HEADERS,
        "customers-v2": SHOPIFY_CUSTOMER_HEADERS_V2,
        "customers-v1": SHOPIFY_CUSTOMER_HEADERS_V1,
    }[layout]
    headers = list(headers)
    current = layout == "customers"

    def rows() -> Iterator[list[object]]:
        for n, c in enumerate(customers):
            first, _, last = (c.real_name or "").partition(" ")
            address1, _, address2 = (c.address or "").partition(" / ")
            values: dict[str, object] = {
                "Customer ID": f"'{8779761975521 + n}",
                "First Name": first,
                "Last Name": last,
                "Email": c.email or "",
                "Accepts Email Marketing": "no",
                "Accepts Marketing": "no",
                "Phone": f"'{c.phone}" if c.phone else "",
                "Accepts SMS Marketing": "no",
                "Total Spent": "0.00",
                "Total Orders": 0,
                "Note": c.note or "",
                "Tax Exempt": "no",
                "Tags": ", ".join(c.tags),
            }
            if current:
                values.update(
                    {
                        "Default Address Address1": address1,
                        "Default Address Address2": address2,
                        "Default Address City": c.city or "",
                        "Default Address Province Code": c.province or "",
                        "Default Address Country Code": "US",
                    }
                )
            else:
                values.update(
                    {
                        "Address1": address1,
                        "Address2": address2,
                        "City": c.city or "",
                        "Province": c.province or "",
                        "Country": "United States",
                        "Country Code": "US",
                    }
                )
            yield _fill(headers, values)

    return headers, rows()


# --------------------------------------------------------------------------------------------
# Helpers shared by the sub-order and item-row layouts


def _sub_order_ids(order_no: str, count: int) -> list[str]:
    """子订单编号s: the order's own id for a one-line order, the following numbers otherwise."""
    if count == 1:
        return [order_no]
    if order_no.isdigit():
        return [str(int(order_no) + n + 1) for n in range(count)]
    return [f"{order_no}-{n + 1}" for n in range(count)]


def _line_amounts(total: int, lines: Sequence[ParsedItem]) -> list[int]:
    """Split an order's amount over its lines: each line's goods, the rest on the last one."""
    amounts = [i.price * i.quantity for i in lines]
    rest = total - sum(amounts[:-1])
    if rest < 0:
        return [total] + [0] * (len(lines) - 1)
    amounts[-1] = rest
    return amounts


def _line_refunds(refunded: int, amounts: list[int]) -> list[int]:
    """Put a partial refund on the last lines, each line refunded at most what it paid."""
    refunds = [0] * len(amounts)
    remaining = refunded
    for i in reversed(range(len(amounts))):
        if remaining <= 0:
            break
        refunds[i] = min(remaining, amounts[i])
        remaining -= refunds[i]
    if remaining > 0:
        refunds[-1] += remaining  # more than was paid: the parser caps it, with a note
    return refunds


def _product_id(sku: str) -> str:
    """A stable platform product id for a SKU."""
    return str(520000000000 + zlib.crc32(sku.encode()) % 10**9)


def _grouped(minor: int, thousands: str, decimal: str) -> str:
    """Money with thousands and decimal separators (`1,234.50`, `1.234,50`)."""
    sign = "-" if minor < 0 else ""
    q, r = divmod(abs(minor), 100)
    return f"{sign}{q:,}".replace(",", thousands) + f"{decimal}{r:02d}"


# --------------------------------------------------------------------------------------------
# Taobao/Tmall 千牛


def _qianniu_close_reason(o: ParsedOrder) -> str:
    """订单关闭原因: open orders say 订单未关闭."""
    return "买家取消" if o.status in (CLOSED, REFUNDED) else "订单未关闭"


def _qianniu_lines(orders: Sequence[ParsedOrder], csv_mode: bool, *, extra: bool) -> Table:
    """子订单 rows: one per line, with its own status, 买家实付金额 and refund."""
    headers = [*QIANNIU_SUBORDER_HEADERS, *(QIANNIU_SUBORDER_EXTRA_HEADERS if extra else [])]

    def rows() -> Iterator[list[object]]:
        for o in orders:
            lines = o.items or [ParsedItem(title=o.item_summary, price=o.paid)]
            amounts = _line_amounts(o.paid, lines)
            fully = o.status == REFUNDED
            refunds = amounts if fully else _line_refunds(o.refunded, amounts)
            some_line_open = any(r < a or a == 0 for r, a in zip(refunds, amounts, strict=True))
            ids = _sub_order_ids(o.order_no, len(lines))
            for n, item in enumerate(lines):
                status = _taobao_status(o)
                if not fully and refunds[n] and refunds[n] == amounts[n] and some_line_open:
                    status = "交易关闭"  # this line was refunded; the order goes on
                values: dict[str, object] = {
                    "子订单编号": ids[n],
                    "主订单编号": o.order_no,
                    "商品标题": item.title,
                    "商品价格": _money(item.price, csv_mode),
                    "购买数量": item.quantity,
                    "商品属性": item.attributes,
                    "订单状态": status,
                    "买家实付金额": _money(amounts[n], csv_mode),
                    "退款状态": "退款成功" if fully or refunds[n] else "没有申请退款",
                    "退款金额": _money(refunds[n], csv_mode),
                    "订单创建时间": _when(o.ordered_at, csv_mode),
                    "订单付款时间": _when(o.paid_at, csv_mode),
                    "商品ID": _product_id(item.sku),
                    "商家编码": item.sku,
                }
                if extra:
                    values.update(
                        {
                            "买家会员名": o.buyer_key or o.buyer_name or "",
                            "收货人姓名": o.real_name or "",
                            "联系手机": (f"'{o.phone}" if csv_mode else o.phone) if o.phone else "",
                            "收货地址": _address_line(o, "000000"),
                            "买家留言": o.buyer_note or "",
                            "确认收货时间": _when(o.completed_at, csv_mode),
                            "订单关闭原因": _qianniu_close_reason(o),
                        }
                    )
                yield _fill(headers, values)

    return headers, rows()


def _qianniu_order_sheet(orders: Sequence[ParsedOrder]) -> Table:
    """The workbook's 订单报表: one row per order, with the buyer."""
    headers = list(QIANNIU_ORDER_SHEET_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            yield _fill(
                headers,
                {
                    "主订单编号": o.order_no,
                    "买家会员名": o.buyer_key or o.buyer_name or "",
                    "买家实付金额": _money(o.paid, False),
                    "订单状态": _taobao_status(o),
                    "订单创建时间": _when(o.ordered_at, False),
                    "订单付款时间": _when(o.paid_at, False),
                    "确认收货时间": _when(o.completed_at, False),
                    "买家留言": o.buyer_note or "",
                    "订单关闭原因": _qianniu_close_reason(o),
                    "退款金额": _money(o.refunded, False),
                    "店铺名称": "示例小店",
                },
            )

    return headers, rows()


def _qianniu_shipping_sheet(orders: Sequence[ParsedOrder]) -> Table:
    """The workbook's 发货报表: the recipient of each order."""
    headers = list(QIANNIU_SHIPPING_SHEET_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            shipped = o.status in (SHIPPED, COMPLETED)
            yield _fill(
                headers,
                {
                    "主订单编号": o.order_no,
                    "收货人姓名": o.real_name or "",
                    "联系手机": o.phone or "",
                    "收货地址": _address_line(o, "000000"),
                    "物流公司": "中通快递" if shipped else "",
                    "运单号": f"7531{o.order_no[-8:]}" if shipped else "",
                },
            )

    return headers, rows()


# --------------------------------------------------------------------------------------------
# Douyin 抖店


def _douyin_orders(orders: Sequence[ParsedOrder], csv_mode: bool) -> Table:
    """订单明细 rows: one per 子订单, 订单应付金额 repeated on each."""
    headers = list(DOUYIN_ORDER_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            lines = o.items or [ParsedItem(title=o.item_summary, price=o.paid)]
            goods = [i.price * i.quantity for i in lines]
            amount = o.paid or sum(goods)  # what the buyer owes, paid or not
            refunded = set(range(len(lines))) if o.status == REFUNDED else set()
            left = o.refunded if o.status != REFUNDED else 0
            for n in reversed(range(len(lines))):
                if 0 < goods[n] <= left:
                    refunded.add(n)
                    left -= goods[n]
            ids = _sub_order_ids(o.order_no, len(lines))
            if len(lines) == 1 and o.order_no.isdigit():
                ids = [str(int(o.order_no) + 1)]  # Douyin's 子订单编号 differs even then
            district, _, detail = (o.address or "").partition(" ")
            for n, item in enumerate(lines):
                yield _fill(
                    headers,
                    {
                        "主订单编号": o.order_no,
                        "子订单编号": ids[n],
                        "支付方式": "抖音支付" if o.paid_at else "",
                        "选购商品": item.title,
                        "商品ID": _product_id(item.sku),
                        "商家编码": item.sku,
                        "商品数量": item.quantity,
                        "商品金额": _money(item.price, csv_mode),
                        "订单提交时间": _when(o.ordered_at, csv_mode),
                        "支付完成时间": _when(o.paid_at, csv_mode),
                        "订单完成时间": _when(o.completed_at, csv_mode),
                        "买家留言": o.buyer_note or "",
                        "APP渠道": "抖音",
                        "订单状态": DOUYIN_STATUS_TEXT[o.status],
                        "售后状态": "退款成功" if n in refunded else "-",
                        "订单类型": "普通订单",
                        "订单应付金额": _money(amount, csv_mode),
                        "运费": _money(0, csv_mode),
                        "优惠总金额": _money(0, csv_mode),
                        "收件人": o.real_name or "",
                        "收件人手机号": o.phone or "",
                        "省": o.province or "",
                        "市": o.city or "",
                        "区": district,
                        "详细地址": detail,
                        "是否修改过地址": "否",
                        "流量来源": "直播",
                    },
                )

    return headers, rows()


# --------------------------------------------------------------------------------------------
# WooCommerce


def _woocommerce_orders(orders: Sequence[ParsedOrder]) -> Table:
    """Plugin-style rows: one per order, items in `Product Item N …` column groups."""
    groups = max([3, *(len(o.items) for o in orders)])
    headers = [*WOOCOMMERCE_ORDER_HEADERS, *woocommerce_item_headers(groups)]

    def rows() -> Iterator[list[object]]:
        for o in orders:
            first, _, last = (o.real_name or "").partition(" ")
            crc = zlib.crc32((o.email or o.order_no).encode())
            customer_id = str(100 + crc % 900) if crc % 3 else "0"  # 0: a guest checkout
            goods = sum(i.price * i.quantity for i in o.items)
            values: dict[str, object] = {
                "order_id": o.order_no,
                "order_number": o.order_no,
                "order_date": _when(o.ordered_at, True),
                "paid_date": _when(o.paid_at, True),
                "status": WOOCOMMERCE_STATUS_TEXT[o.status],
                "shipping_total": format_money(max(o.paid - goods, 0)),
                "tax_total": "0.00",
                "discount_total": "0.00",
                "order_total": format_money(o.paid),
                "order_subtotal": format_money(goods),
                "order_currency": o.currency or "USD",
                "payment_method": "stripe",
                "payment_method_title": "Credit Card (Stripe)",
                "customer_id": customer_id,
                "customer_user": customer_id,
                "customer_email": o.email or "",
                "billing_first_name": first,
                "billing_last_name": last,
                "billing_email": o.email or "",
                "billing_phone": o.phone or "",
                "billing_address_1": o.address or "",
                "billing_city": o.city or "",
                "billing_state": o.province or "",
                "billing_postcode": "94103",
                "billing_country": "US",
                "shipping_first_name": first,
                "shipping_last_name": last,
                "shipping_address_1": o.address or "",
                "shipping_city": o.city or "",
                "shipping_state": o.province or "",
                "shipping_country": "US",
                "customer_note": o.buyer_note or "",
            }
            for n, item in enumerate(o.items, 1):
                values.update(
                    {
                        f"Product Item {n} Name": item.title,
                        f"Product Item {n} id": _product_id(item.sku),
                        f"Product Item {n} SKU": item.sku,
                        f"Product Item {n} Quantity": item.quantity,
                        f"Product Item {n} Total": format_money(item.price * item.quantity),
                        f"Product Item {n} Subtotal": format_money(item.price * item.quantity),
                    }
                )
            yield _fill(headers, values)

    return headers, rows()


# --------------------------------------------------------------------------------------------
# Etsy


def _etsy_money(minor: int, currency: str | None) -> str:
    """`$12.00` for dollars, `12,00` (European decimal comma) for euros."""
    if currency == "EUR":
        return _grouped(minor, "", ",")
    if currency in (None, "USD"):
        return "$" + _grouped(minor, ",", ".")
    return _grouped(minor, "", ".")


def _etsy_date(dt: datetime | None) -> str:
    """MM/DD/YY."""
    return f"{dt:%m/%d/%y}" if dt is not None else ""


def _etsy_status(o: ParsedOrder) -> str:
    """The Status column for an order."""
    if o.status == REFUNDED:
        return "Refunded"
    if o.status == CLOSED:
        return "Canceled"
    if o.status == PENDING:
        return "Unpaid"
    if o.status == COMPLETED:
        return "Completed"
    return "Partially Refunded" if o.refunded else "Paid"


def _etsy_orders(orders: Sequence[ParsedOrder], layout: str) -> Table:
    """EtsySoldOrders rows: one per order."""
    headers = list(ETSY_ORDER_HEADERS_V2 if layout == "orders-v2" else ETSY_ORDER_HEADERS)

    def rows() -> Iterator[list[object]]:
        for o in orders:
            cur = o.currency
            goods = sum(i.price * i.quantity for i in o.items) or o.paid
            fee = o.paid * 3 // 100 + 25 if o.paid else 0
            kept = o.paid - (o.paid if o.status == REFUNDED else o.refunded)
            first, _, last = (o.real_name or "").partition(" ")
            shipped = o.status in (SHIPPED, COMPLETED)
            yield _fill(
                headers,
                {
                    "Sale Date": _etsy_date(o.ordered_at),
                    "Order ID": o.order_no,
                    "Buyer User ID": o.buyer_key or "",
                    "Buyer": o.buyer_name or "",
                    "Full Name": o.real_name or "",
                    "First Name": first,
                    "Last Name": last,
                    "Number of Items": _quantity(o),
                    "Payment Method": "credit_card",
                    "Date Shipped": _etsy_date(o.ordered_at + timedelta(days=2)) if shipped else "",
                    "Street 1": o.address or "",
                    "Ship City": o.city or "",
                    "Ship State": o.province or "",
                    "Ship Zipcode": "94103",
                    "Ship Country": "United States",
                    "Currency": cur or "",
                    "Order Value": _etsy_money(goods, cur),
                    "Shipping": _etsy_money(max(o.paid - goods, 0), cur),
                    "Sales Tax": _etsy_money(0, cur),
                    "Order Total": _etsy_money(o.paid, cur),
                    "Status": _etsy_status(o),
                    "Card Processing Fees": _etsy_money(fee, cur),
                    "Order Net": _etsy_money(o.paid - fee, cur),
                    "Adjusted Order Total": _etsy_money(kept, cur),
                    "Adjusted Card Processing Fees": _etsy_money(fee, cur),
                    "Adjusted Net Order Amount": _etsy_money(kept - fee, cur),
                    "Order Type": "online",
                    "Payment Type": "online_cc",
                    "SKU": ",".join(i.sku for i in o.items if i.sku),
                    "VAT Paid by Buyer": _etsy_money(0, cur),
                    "Date Paid": _etsy_date(o.paid_at),
                },
            )

    return headers, rows()


# --------------------------------------------------------------------------------------------
# eBay

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DE_MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
_CURRENCY_SIGNS = {"USD": "$", "GBP": "£", "EUR": "€", "AUD": "AU $", "CAD": "C $"}
# layout → our name for a column → the report's header.
_EBAY_NAMES = {
    "orders": dict(
        zip(
            (
                "record order user name email note addr1 addr2 city state zip country ship_name "
                "ship_phone ship_addr1 ship_addr2 ship_city ship_state ship_zip ship_country item "
                "title sku qty sold shipping total method sale paid shipped txn variation"
            ).split(),
            (
                "Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Buyer Note,"
                "Buyer Address 1,Buyer Address 2,Buyer City,Buyer State,Buyer Zip,Buyer Country,"
                "Ship To Name,Ship To Phone,Ship To Address 1,Ship To Address 2,Ship To City,"
                "Ship To State,Ship To Zip,Ship To Country,Item Number,Item Title,Custom Label,"
                "Quantity,Sold For,Shipping And Handling,Total Price,Payment Method,Sale Date,"
                "Paid On Date,Shipped On Date,Transaction ID,Variation Details"
            ).split(","),
            strict=True,
        )
    ),
    "orders-uk": dict(
        zip(
            (
                "record order user name email note addr1 addr2 city state zip country ship_name "
                "ship_phone ship_addr1 ship_addr2 ship_city ship_state ship_zip ship_country item "
                "title sku qty sold shipping total method sale paid shipped txn variation"
            ).split(),
            (
                "Sales record number,Order number,Buyer username,Buyer name,Buyer email,Buyer note,"
                "Buyer address 1,Buyer address 2,Buyer town/city,Buyer county,Buyer postcode,"
                "Buyer country,Post to name,Post to phone,Post to address 1,Post to address 2,"
                "Post to city,Post to county,Post to postcode,Post to country,Item number,"
                "Item title,Custom label,Quantity,Sold for,Postage and packaging,Total price,"
                "Payment method,Sale date,Paid on date,Dispatched on date,Transaction ID,"
                "Variation details"
            ).split(","),
            strict=True,
        )
    ),
    "orders-de": dict(
        zip(
            (
                "record order user name email note addr1 addr2 city state zip country ship_name "
                "ship_phone ship_addr1 ship_addr2 ship_city ship_state ship_zip ship_country item "
                "title sku qty sold shipping total method sale paid shipped txn variation"
            ).split(),
            (
                "Verkaufsprotokollnummer;Bestellnummer;Nutzername des Käufers;Name des Käufers;"
                "E-Mail des Käufers;Anmerkungen des Käufers;Adresse 1 des Käufers;"
                "Adresse 2 des Käufers;Wohnort des Käufers;Bundesland des Käufers;PLZ des Käufers;"
                "Land des Käufers;Name des Empfängers;Telefonnummer des Empfängers;"
                "Adresse 1 des Empfängers;Adresse 2 des Empfängers;Versand nach - Ort;"
                "Versand nach - Bundesland;Versand nach - PLZ;Versand nach - Land;Artikelnummer;"
                "Angebotstitel;Bestandseinheit;Anzahl;Verkauft für;Verpackung und Versand;"
                "Gesamtbetrag;Zahlungsmethode;Verkauft am;Zahlungsdatum;Verschickt am - Datum;"
                "Transaktionsnummer;Variantendetails"
            ).split(";"),
            strict=True,
        )
    ),
}
_EBAY_HEADERS = {
    "orders": EBAY_ORDER_HEADERS,
    "orders-uk": EBAY_ORDER_HEADERS_UK,
    "orders-de": EBAY_ORDER_HEADERS_DE,
}


def _ebay_date(dt: datetime | None, layout: str) -> str:
    """`Sep-30-26` (US), `30-Sep-26` (UK), `30-Sep-26`/`10-Dez-25` (DE); a time when it has one."""
    if dt is None:
        return ""
    yy = f"{dt.year % 100:02d}"
    if layout == "orders":
        text = f"{_EN_MONTHS[dt.month - 1]}-{dt.day:02d}-{yy}"
    else:
        months = _DE_MONTHS if layout == "orders-de" else _EN_MONTHS
        text = f"{dt.day:02d}-{months[dt.month - 1]}-{yy}"
    if (dt.hour, dt.minute, dt.second) != (0, 0, 0):
        text += f" {dt:%H:%M:%S}"
    return text


def _ebay_money(minor: int, currency: str | None, layout: str) -> str:
    """`$1,234.50`, `£12.00`, or `1.234,50 €` on ebay.de."""
    sign = _CURRENCY_SIGNS.get(currency or "USD", f"{currency} ")
    if layout == "orders-de":
        return f"{_grouped(minor, '.', ',')} {sign.strip()}"
    return sign + _grouped(minor, ",", ".")


def _ebay_orders(orders: Sequence[ParsedOrder], layout: str) -> Table:
    """Report rows: a padding row, then per order its item rows (and a summary row when paid)."""
    headers = list(_EBAY_HEADERS[layout])
    names = _EBAY_NAMES[layout]
    de = layout == "orders-de"

    def row(values: dict[str, object]) -> list[object]:
        return _fill(headers, {names[k]: v for k, v in values.items()})

    def rows() -> Iterator[list[object]]:
        if not de:
            yield [""] * len(headers)  # the padding row under the header
        for k, o in enumerate(orders):
            cur = o.currency

            def money(minor: int, cur: str | None = cur) -> str:
                return _ebay_money(minor, cur, layout)

            lines = o.items or [ParsedItem(title=o.item_summary, price=o.paid)]
            ident: dict[str, object] = {
                "record": str(1001 + k),
                "order": o.order_no,
                "user": o.buyer_key or "",
                "sale": _ebay_date(o.ordered_at, layout),
                "paid": _ebay_date(o.paid_at, layout),
            }
            buyer = {
                **ident,
                "name": "--" if de else o.real_name or "",  # ebay.de hides it; the recipient
                "email": o.email or "",
                "note": o.buyer_note or "",
                "addr1": o.address or "",
                "city": o.city or "",
                "state": o.province or "",
                "zip": "94103",
                "country": "United States",
                "ship_name": o.real_name or "",
                "ship_phone": o.phone or "",
                "ship_addr1": o.address or "",
                "ship_city": o.city or "",
                "ship_state": o.province or "",
                "ship_zip": "94103",
                "ship_country": "United States",
                "method": "PayPal" if o.paid_at else "",
            }

            def item_values(n: int, item: ParsedItem, k: int = k) -> dict[str, object]:
                return {
                    "item": str(220000000000 + zlib.crc32(item.sku.encode()) % 10**9),
                    "title": item.title,
                    "sku": item.sku,
                    "qty": item.quantity,
                    "sold": money(item.price),
                    "txn": str(2000000000000 + k * 10 + n),
                    "variation": item.attributes,
                }

            if len(lines) > 1 and o.paid_at is not None:
                # A paid multi-item order: its summary row, then item rows without totals.
                goods = sum(i.price * i.quantity for i in lines)
                yield row(
                    {
                        **buyer,
                        "qty": sum(i.quantity for i in lines),
                        "sold": money(goods),
                        "shipping": money(max(o.paid - goods, 0)),
                        "total": money(o.paid),
                    }
                )
                for n, item in enumerate(lines):
                    yield row({**ident, **item_values(n, item)})
            else:
                totals = _line_amounts(o.paid, lines)
                for n, item in enumerate(lines):
                    yield row(
                        {
                            **buyer,
                            **item_values(n, item),
                            "shipping": money(0),
                            "total": money(totals[n]),
                        }
                    )

    return headers, rows()


def _ebay_csv_frame(orders: Sequence[ParsedOrder], layout: str, width: int) -> dict[str, object]:
    """What surrounds the table in the CSV: the delimiter line above, the trailer below."""
    if layout == "orders-de":
        # What ebay.de puts around its table is not known beyond a first line to skip.
        return {"delimiter": ";", "before": [";" * (width - 1)]}
    span = ""
    if orders:
        first = min(o.ordered_at for o in orders)
        last = max(o.ordered_at for o in orders)
        span = f"from {_ebay_date(first.replace(hour=0, minute=0, second=0), 'orders')} to "
        span += _ebay_date(last.replace(hour=0, minute=0, second=0), "orders")
    return {
        "quote_all": True,
        "before": ["," * (width - 1)],
        "after": ["", f"{len(orders)},record(s) downloaded,{span}", "Seller ID : demo_shop"],
    }


# --------------------------------------------------------------------------------------------
# Plausible records

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
)
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "晓东",
    "子涵",
    "雨桐",
    "浩然",
    "欣怡",
]
_NICK_PARTS = ["tb", "小", "爱", "lucky", "momo", "阿", "cat", "star", "sunny", "糖糖", "jd", "喵"]
_PLACES = [
    ("浙江省", "杭州市", "西湖区", "文三路"),
    ("浙江省", "宁波市", "鄞州区", "天童南路"),
    ("广东省", "深圳市", "南山区", "科技园路"),
    ("广东省", "广州市", "天河区", "天河路"),
    ("北京市", "北京市", "朝阳区", "建国路"),
    ("上海市", "上海市", "浦东新区", "世纪大道"),
    ("天津市", "天津市", "和平区", "南京路"),
    ("重庆市", "重庆市", "渝中区", "解放碑"),
    ("江苏省", "南京市", "鼓楼区", "中山路"),
    ("江苏省", "苏州市", "姑苏区", "人民路"),
    ("四川省", "成都市", "武侯区", "人民南路"),
    ("湖北省", "武汉市", "洪山区", "珞喻路"),
    ("山东省", "青岛市", "市南区", "香港中路"),
    ("广西壮族自治区", "南宁市", "青秀区", "民族大道"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放北路"),
    ("内蒙古自治区", "呼和浩特市", "新城区", "新华大街"),
    ("黑龙江省", "哈尔滨市", "南岗区", "西大直街"),
]
_PRODUCTS = [
    ("纯棉短袖T恤 男款", "TS-001", 5900, "颜色分类:白色;尺码:L"),
    ("保温杯 500ml 不锈钢", "CUP-500", 8900, "颜色分类:奶白色"),
    ("无线蓝牙耳机", "BT-EAR", 19900, "颜色分类:黑色"),
    ("手工皂 玫瑰精油", "SOAP-R", 2500, "规格:100g"),
    ("儿童绘本 全8册", "BOOK-8", 12800, ""),
    ("瑜伽垫 加厚10mm", "YOGA-10", 6900, "颜色分类:紫色"),
    ("云南普洱茶 357g", "TEA-357", 16800, "年份:2019"),
    ("手机壳 防摔", "CASE-15", 1990, "型号:iPhone 15"),
]
_EN_FIRST = [
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Mia",
    "Lucas",
    "Sophia",
    "Ethan",
    "Zoe",
    "Chloé",
    "José",
    "Zoë",
    "Hannah",
    "Owen",
]
_EN_LAST = [
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
    "Lopez",
    "Wilson",
    "Müller",
    "O'Brien",
    "Nguyen",
    "Kim",
]
_US_PLACES = [
    ("California", "San Francisco"),
    ("New York", "Brooklyn"),
    ("Texas", "Austin"),
    ("Washington", "Seattle"),
    ("Illinois", "Chicago"),
    ("Oregon", "Portland"),
]
_EN_PRODUCTS = [
    ("Ceramic Mug - Blue", "MUG-BL", 1800),
    ("Linen Tote Bag", "TOTE-1", 2400),
    ("Beeswax Candle, 8oz", "CNDL-8", 1599),
    ("Enamel Pin Set", "PIN-3", 1200),
    ("Organic Cotton Tee / M", "TEE-M", 2999),
    ("Gift Card $25", "GIFT-25", 2500),
]
# 千牛 products: 商品属性 in its `名:值[规格];名:值` spelling.
_QIANNIU_PRODUCTS = [
    *_PRODUCTS,
    ("智能马桶盖 即热式", "TOILET-1", 129900, "颜色分类:奶白色[规格];安装方式:上门"),
    ("北欧落地灯", "LAMP-2", 25900, "商品规格:三色调光"),
]
# Platforms whose buyers are e-mail / account people with English names.
_WESTERN = frozenset({"shopify", "woocommerce", "etsy", "ebay"})
# Platforms whose exports carry a completion time.
_COMPLETION = frozenset({"taobao", "qianniu", "jd", "pdd", "douyin", "shopify"})
# The statuses a platform's export can show: platform → {drawn: written}.
_STATUS_FOR = {
    "woocommerce": {SHIPPED: PAID},  # no shipped status in WooCommerce
    "etsy": {PENDING: PAID},  # sold orders are paid
    # No status column: orders are paid or not yet; cancelled ones are not listed.
    "ebay": {SHIPPED: PAID, COMPLETED: PAID, CLOSED: PAID, REFUNDED: PAID},
}
_STATUS_WEIGHTS = [
    (COMPLETED, 62),
    (SHIPPED, 8),
    (PAID, 8),
    (PENDING, 6),
    (CLOSED, 10),
    (REFUNDED, 6),
]


def _pick_status(rng: random.Random) -> str:
    """Draw a realistic order status."""
    statuses, weights = zip(*_STATUS_WEIGHTS, strict=True)
    status: str = rng.choices(statuses, weights)[0]
    return status


def _cn_name(rng: random.Random) -> str:
    """A plausible Chinese full name."""
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _mobile(rng: random.Random) -> str:
    """A plausible mainland mobile number."""
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def make_orders(
    platform: str,
    n: int,
    *,
    seed: int = 0,
    start: datetime = datetime(2024, 1, 1),
    span_days: int = 365,
    buyers: int | None = None,
) -> list[ParsedOrder]:
    """Make n plausible orders for a platform, in the exact shape its parser returns.

    `buyers` bounds the number of distinct buyers (default n // 3), so repeat purchases exist.
    """
    rng = random.Random(seed)
    nbuyers = max(1, buyers if buyers is not None else n // 3)
    people = [_person(platform, rng, k) for k in range(nbuyers)]
    orders: list[ParsedOrder] = []
    seconds = span_days * 86400
    for k in range(n):
        person = people[rng.randrange(nbuyers)]
        ordered_at = start + timedelta(seconds=rng.randrange(seconds))
        status = _pick_status(rng)
        orders.append(_order(platform, rng, k, person, ordered_at, status))
    return orders


@dataclass(slots=True)
class _Person:
    """A sample buyer with the identity fields a platform exports."""

    buyer_key: str | None
    name: str
    phone: str
    province: str
    city: str
    address: str
    email: str | None = None
    username: str | None = None  # Etsy / eBay account name


def _person(platform: str, rng: random.Random, k: int) -> _Person:
    """A buyer with the identity fields the platform exports."""
    if platform in _WESTERN:
        first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
        state, city = rng.choice(_US_PLACES)
        email = f"{first}.{last}.{k}@example.com".lower().replace("'", "")
        person = _Person(
            buyer_key=email,
            name=f"{first} {last}",
            phone=f"+1415555{k % 10000:04d}",
            province=state,
            city=city,
            address=f"{rng.randrange(1, 999)} Market St",
            email=email,
        )
        handle = "".join(c for c in f"{first}{last}".lower() if c.isascii() and c.isalpha())
        if platform == "etsy":
            # Etsy exports a numeric buyer id and a username; no e-mail, no phone.
            person.buyer_key = str(400000000 + k * 7919)
            person.username = f"{handle}{k}"
            person.email = None
            person.phone = ""
        elif platform == "ebay":
            person.buyer_key = person.username = f"{handle}_{k}"
        return person
    province, city, district, street = rng.choice(_PLACES)
    name = _cn_name(rng)
    phone = _mobile(rng)
    masked = platform in ("pdd", "douyin")
    if masked:
        name = name[0] + "*" * (len(name) - 1)
        phone = phone[:3] + "****" + phone[-4:]
    nick = f"{rng.choice(_NICK_PARTS)}{rng.choice(_GIVEN)}{k:04d}"
    return _Person(
        buyer_key=nick if not masked else None,
        name=name,
        phone=phone,
        province=province,
        city=city,
        address=f"{district} {street}{rng.randrange(1, 300)}号",
    )


def _order(
    platform: str,
    rng: random.Random,
    k: int,
    person: _Person,
    ordered_at: datetime,
    status: str,
) -> ParsedOrder:
    """One order in the platform's parsed shape."""
    western = platform in _WESTERN
    if platform in ("etsy", "ebay"):
        ordered_at = ordered_at.replace(hour=0, minute=0, second=0)  # their exports: dates only
    status = _STATUS_FOR.get(platform, {}).get(status, status)
    items = _items(platform, rng)
    paid = sum(i.price * i.quantity for i in items)
    paid_at = ordered_at + timedelta(minutes=rng.randrange(1, 30))
    completed_at = ordered_at + timedelta(days=rng.randrange(3, 12))
    refunded = 0
    if status == REFUNDED:
        refunded = paid
    elif (
        status in (COMPLETED, SHIPPED)
        and platform in ("taobao", "shopify", "qianniu", "douyin", "etsy")
        and rng.random() < 0.05
    ):
        if platform in ("qianniu", "douyin"):
            # Their refunds are per line: the last line of a several-line order goes back.
            refunded = items[-1].price * items[-1].quantity if len(items) > 1 else 0
        else:
            refunded = paid // 4  # a partial refund keeps the progress status
    unpaid = status == PENDING or (status == CLOSED and not western)
    name, phone, province, city = person.name, person.phone, person.province, person.city
    if platform in ("etsy", "ebay"):
        paid_at = ordered_at
    note: str | None = None
    if platform in ("woocommerce", "ebay"):
        note = "Please gift wrap" if rng.random() < 0.1 else None
    elif not western:
        note = "请尽快发货" if rng.random() < 0.1 else None
    order = ParsedOrder(
        row=0,
        platform=QIANNIU_RECORD_PLATFORM if platform == "qianniu" else platform,
        order_no="",
        ordered_at=ordered_at,
        status=status,
        # Nothing is paid for an unpaid or cancelled order (the parse says so on every
        # platform, whatever total the export gives).
        paid=0 if status in (PENDING, CLOSED) and not refunded else paid,
        refunded=refunded,
        currency="USD" if western else "CNY",
        paid_at=None if unpaid or platform == "pdd" else paid_at,
        completed_at=completed_at if status == COMPLETED and platform in _COMPLETION else None,
        buyer_key=person.buyer_key,
        buyer_name=person.buyer_key if not western else name,
        real_name=name,
        real_name_masked="*" in name,
        phone=phone or None,
        phone_masked="*" in phone,
        email=person.email,
        province=province,
        city=city,
        address=person.address,
        items=items,
        buyer_note=note,
    )
    if platform in ("taobao", "qianniu"):
        # 千牛 samples get their own ids: the same seed must not give the classic samples' ids.
        base = 2039180000000000000 if platform == "taobao" else 2039280000000000000
        order.order_no = str(base + k * 7919 + rng.randrange(7919))
        order.item_summary = "，".join(i.title for i in items)
    elif platform == "jd":
        order.order_no = str(280000000000 + k * 131 + rng.randrange(131))
        order.item_summary = "，".join(i.title for i in items)
    elif platform in ("pdd", "douyin"):
        if platform == "pdd":
            order.order_no = f"{ordered_at:%y%m%d}-{rng.randrange(10**14, 10**15)}{k % 10}"
            order.item_summary = items[0].title
        else:
            order.order_no = str(6919000000000000000 + k * 7919 + rng.randrange(7919))
            order.item_summary = "，".join(i.title for i in items)
        order.buyer_name = name
        order.buyer_key = pdd_buyer_key(name, phone, province, city)
        order.buyer_key_weak = True
    elif platform == "shopify":
        order.order_no = f"#{1001 + k}"
        order.item_summary = ", ".join(i.title for i in items)
    elif platform == "woocommerce":
        order.order_no = str(4500 + k * 3 + rng.randrange(3))
        order.item_summary = ", ".join(i.title for i in items)
    elif platform == "etsy":
        order.order_no = str(3000000000 + k * 7919 + rng.randrange(7919))
        order.buyer_name = person.username
        order.currency = "EUR" if rng.random() < 0.25 else "USD"
        # The order file names no items (EtsySoldOrderItems does): they are written as SKUs.
    elif platform == "ebay":
        order.order_no = f"{10 + k % 90:02d}-{10000 + (k * 37) % 90000:05d}-{10000 + k:05d}"
        order.buyer_name = person.username
        order.item_summary = ", ".join(i.title for i in items)
    else:
        raise ValueError(f"no sample orders for platform {platform!r}")
    return order


def _items(platform: str, rng: random.Random) -> list[ParsedItem]:
    """One to three item lines (exactly one for Pinduoduo)."""
    count = 1 if platform == "pdd" else rng.choice((1, 1, 1, 2, 3))
    items = []
    if platform in _WESTERN:
        for title, sku, price in rng.sample(_EN_PRODUCTS, count):
            items.append(ParsedItem(title=title, sku=sku, quantity=rng.randint(1, 3), price=price))
        return items
    products = _QIANNIU_PRODUCTS if platform == "qianniu" else _PRODUCTS
    for title, sku, price, attributes in rng.sample(products, count):
        items.append(
            ParsedItem(
                title=title,
                sku=sku,
                quantity=rng.randint(1, 3),
                price=price,
                attributes=attributes if platform in ("taobao", "pdd", "qianniu") else "",
            )
        )
    return items


def make_customers(n: int, *, seed: int = 0) -> list[ParsedCustomer]:
    """Make n plausible Shopify customers, in the shape the customers_export parser returns."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
        state, city = rng.choice(_US_PLACES)
        email = f"{first}.{last}.{k}@example.com".lower().replace("'", "")
        tags = rng.sample(
            ["VIP", "wholesale", "newsletter", "returning", "gift"], rng.randint(0, 2)
        )
        out.append(
            ParsedCustomer(
                row=0,
                platform="shopify",
                buyer_key=email,
                display_name=f"{first} {last}",
                real_name=f"{first} {last}",
                phone=f"+1415555{k % 10000:04d}" if rng.random() < 0.7 else None,
                email=email,
                province=state,
                city=city,
                address=f"{rng.randrange(1, 999)} Market St",
                tags=tags,
                note="prefers e-mail" if rng.random() < 0.1 else None,
            )
        )
    return out


def fixed_offset(hours: int) -> tzinfo:
    """A fixed UTC offset (for tests and demo data that must not depend on the machine)."""
    return timezone(timedelta(hours=hours))
