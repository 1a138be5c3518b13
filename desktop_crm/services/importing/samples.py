"""Write realistic marketplace export files from records, and make plausible records.

Used by the demo-shop generator, the tests and the benchmarks: `write_export()` writes what a
seller downloads (real headers and quirks from docs/formats: Taobao GBK CSV with trailing-space
headers and `="…"` ids, JD one row per SKU with repeated order amounts, Pinduoduo, Shopify line
items with order fields on the first row only and `-0700` offsets, Shopify customers). The files
read back through parse_file() into the same records.
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
    JD_ORDER_HEADERS,
    JD_STATUS_TEXT,
    PDD_ORDER_HEADERS,
    PDD_STATUS_TEXT,
    SHOPIFY_CUSTOMER_HEADERS,
    SHOPIFY_CUSTOMER_HEADERS_V1,
    SHOPIFY_CUSTOMER_HEADERS_V2,
    SHOPIFY_ORDER_HEADERS,
    TAOBAO_DETAIL_HEADERS,
    TAOBAO_ORDER_EXTRA_HEADERS,
    TAOBAO_ORDER_HEADERS,
    TAOBAO_STATUS_TEXT,
    pdd_buyer_key,
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

__all__ = ["LAYOUTS", "export_table", "make_customers", "make_orders", "write_export"]

# platform → layouts write_export knows (the first is the default).
LAYOUTS = {
    "taobao": ("orders", "details"),
    "jd": ("orders",),
    "pdd": ("orders",),
    "shopify": ("orders", "customers", "customers-v2", "customers-v1"),
}
_DEFAULT_ENCODING = {"taobao": "gbk", "jd": "gbk", "pdd": "utf-8-sig", "shopify": "utf-8"}
_TIME = "%Y-%m-%d %H:%M:%S"

Table = tuple[list[str], Iterator[list[object]]]


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
        platform: taobao, jd, pdd or shopify.
        records: ParsedOrder (or ParsedCustomer for Shopify customers).
        fmt: "csv" or "xlsx" (openpyxl write-only; text is never written as a formula).
        encoding: CSV encoding; default GBK for Taobao/JD (GB18030 if a character needs it),
            UTF-8 with BOM for Pinduoduo, UTF-8 for Shopify. "utf-16" writes a BOM.
        layout: see LAYOUTS (Taobao "details" writes the 宝贝报表; Shopify "customers…"
            chooses a customers_export header generation).
        local_tz: the zone of the records' naive times, for Shopify's offsets (default: the
            machine's zone).
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown format {fmt!r}")
    headers, rows = export_table(platform, records, layout=layout, fmt=fmt, local_tz=local_tz)
    p = Path(path)
    if fmt == "xlsx":
        _write_xlsx(p, headers, rows, sheet=_sheet_title(platform, layout))
    else:
        _write_csv(p, headers, rows, encoding or _DEFAULT_ENCODING.get(platform, "utf-8"))
    return p


def export_table(
    platform: str,
    records: Sequence[ParsedOrder] | Sequence[ParsedCustomer],
    *,
    layout: str | None = None,
    fmt: str = "csv",
    local_tz: tzinfo | None = None,
) -> Table:
    """Return (headers, rows) of the export file for these records."""
    layouts = LAYOUTS.get(platform)
    if layouts is None:
        raise ValueError(f"no sample writer for platform {platform!r}")
    if layout is None:
        customers = bool(records) and isinstance(records[0], ParsedCustomer)
        layout = "customers" if customers else layouts[0]
    if layout not in layouts:
        raise ValueError(f"unknown {platform} layout {layout!r}; choose from {layouts}")
    csv_mode = fmt == "csv"
    if layout.startswith("customers"):
        return _shopify_customers(cast(Sequence[ParsedCustomer], records), layout)
    orders = cast(Sequence[ParsedOrder], records)
    if platform == "taobao" and layout == "orders":
        return _taobao_orders(orders, csv_mode)
    if platform == "taobao":
        return _taobao_details(orders, csv_mode)
    if platform == "jd":
        return _jd_orders(orders, csv_mode)
    if platform == "pdd":
        return _pdd_orders(orders, csv_mode)
    return _shopify_orders(orders, local_tz)


def _sheet_title(platform: str, layout: str | None) -> str:
    """Sheet name as the platforms use it."""
    if platform == "taobao":
        return "宝贝报表" if layout == "details" else "订单报表"
    if platform in ("jd", "pdd"):
        return "订单"
    return "Sheet1"


# --------------------------------------------------------------------------------------------
# Writers


def _write_csv(path: Path, headers: list[str], rows: Iterator[list[object]], encoding: str) -> None:
    """Write a CSV (CRLF lines, as spreadsheet tools do) in the given encoding."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        first = row[0]
        if isinstance(first, _Raw):
            # Written unquoted, exactly as Taobao does: ="2039…",…
            buf.write(first.text + ",")
            writer.writerow(row[1:])
        else:
            writer.writerow(row)
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
    """Write an xlsx in openpyxl's write-only mode; text starting with `=` stays text."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
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


def _person(platform: str, rng: random.Random, k: int) -> _Person:
    """A buyer with the identity fields the platform exports."""
    if platform == "shopify":
        first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
        state, city = rng.choice(_US_PLACES)
        email = f"{first}.{last}.{k}@example.com".lower().replace("'", "")
        return _Person(
            buyer_key=email,
            name=f"{first} {last}",
            phone=f"+1415555{k % 10000:04d}",
            province=state,
            city=city,
            address=f"{rng.randrange(1, 999)} Market St",
            email=email,
        )
    province, city, district, street = rng.choice(_PLACES)
    name = _cn_name(rng)
    phone = _mobile(rng)
    if platform == "pdd":
        name = name[0] + "*" * (len(name) - 1)
        phone = phone[:3] + "****" + phone[-4:]
    nick = f"{rng.choice(_NICK_PARTS)}{rng.choice(_GIVEN)}{k:04d}"
    return _Person(
        buyer_key=nick if platform != "pdd" else None,
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
    items = _items(platform, rng)
    paid = sum(i.price * i.quantity for i in items)
    paid_at = ordered_at + timedelta(minutes=rng.randrange(1, 30))
    completed_at = ordered_at + timedelta(days=rng.randrange(3, 12))
    refunded = 0
    if status == REFUNDED:
        refunded = paid
    elif (
        status in (COMPLETED, SHIPPED) and platform in ("taobao", "shopify") and rng.random() < 0.05
    ):
        refunded = paid // 4  # a partial refund keeps the progress status
    unpaid = status == PENDING or (status == CLOSED and platform != "shopify")
    name, phone, province, city = person.name, person.phone, person.province, person.city
    order = ParsedOrder(
        row=0,
        platform=platform,
        order_no="",
        ordered_at=ordered_at,
        status=status,
        paid=0 if unpaid and platform != "shopify" else paid,
        refunded=refunded,
        currency="USD" if platform == "shopify" else "CNY",
        paid_at=None if unpaid or platform == "pdd" else paid_at,
        completed_at=completed_at if status == COMPLETED else None,
        buyer_key=person.buyer_key,
        buyer_name=person.buyer_key if platform != "shopify" else name,
        real_name=name,
        real_name_masked="*" in name,
        phone=phone,
        phone_masked="*" in phone,
        email=person.email,
        province=province,
        city=city,
        address=person.address,
        items=items,
        buyer_note="请尽快发货" if platform != "shopify" and rng.random() < 0.1 else None,
    )
    if platform == "taobao":
        order.order_no = str(2039180000000000000 + k * 7919 + rng.randrange(7919))
        order.item_summary = "，".join(i.title for i in items)
    elif platform == "jd":
        order.order_no = str(280000000000 + k * 131 + rng.randrange(131))
        order.item_summary = "，".join(i.title for i in items)
    elif platform == "pdd":
        order.order_no = f"{ordered_at:%y%m%d}-{rng.randrange(10**14, 10**15)}{k % 10}"
        order.item_summary = items[0].title
        order.buyer_name = name
        order.buyer_key = pdd_buyer_key(name, phone, province, city)
        order.buyer_key_weak = True
    elif platform == "shopify":
        order.order_no = f"#{1001 + k}"
        order.item_summary = ", ".join(i.title for i in items)
    else:
        raise ValueError(f"no sample orders for platform {platform!r}")
    return order


def _items(platform: str, rng: random.Random) -> list[ParsedItem]:
    """One to three item lines (exactly one for Pinduoduo)."""
    count = 1 if platform == "pdd" else rng.choice((1, 1, 1, 2, 3))
    items = []
    if platform == "shopify":
        for title, sku, price in rng.sample(_EN_PRODUCTS, count):
            items.append(ParsedItem(title=title, sku=sku, quantity=rng.randint(1, 3), price=price))
        return items
    for title, sku, price, attributes in rng.sample(_PRODUCTS, count):
        items.append(
            ParsedItem(
                title=title,
                sku=sku,
                quantity=rng.randint(1, 3),
                price=price,
                attributes=attributes if platform in ("taobao", "pdd") else "",
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
