"""Properties of the 千牛, Douyin, WooCommerce, Etsy and eBay layouts (RELIABILITY K).

Arbitrary rows under their headers never make parse_file fail with anything but a rejected row
or an ImportFileError; realistic exports with odd cells keep the ParseResult invariants; what
samples.py writes parses back; the one-pass row scan agrees with its reference.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_crm.services.importing import parse as p
from desktop_crm.services.importing.parse import ParserCrash, parse_file
from desktop_crm.services.importing.platforms import (
    DOUYIN_ORDER_HEADERS,
    EBAY_ORDER_HEADERS,
    EBAY_ORDER_HEADERS_DE,
    EBAY_ORDER_HEADERS_UK,
    ETSY_ORDER_HEADERS,
    ETSY_ORDER_HEADERS_V2,
    QIANNIU_ORDER_SHEET_HEADERS,
    QIANNIU_SUBORDER_EXTRA_HEADERS,
    QIANNIU_SUBORDER_HEADERS,
    WOOCOMMERCE_ORDER_HEADERS,
    header_key,
    specs_for,
    woocommerce_item_headers,
)
from desktop_crm.services.importing.reader import Sheet
from desktop_crm.services.importing.records import (
    REFUNDED,
    STATUSES,
    ImportFileError,
    ParsedOrder,
    ParseResult,
)
from desktop_crm.services.importing.samples import make_orders, write_export

NOW = datetime(2026, 11, 22, 10, 30)
TZ = timezone(timedelta(hours=8))
PROPS = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])

# header name → (headers, delimiter)
HEADERS: dict[str, tuple[list[str], str]] = {
    "qianniu": ([*QIANNIU_SUBORDER_HEADERS, *QIANNIU_SUBORDER_EXTRA_HEADERS], ","),
    "qianniu-orders": (list(QIANNIU_ORDER_SHEET_HEADERS), ","),
    "douyin": (list(DOUYIN_ORDER_HEADERS), ","),
    "woocommerce": ([*WOOCOMMERCE_ORDER_HEADERS, *woocommerce_item_headers(2)], ","),
    "etsy": (list(ETSY_ORDER_HEADERS), ","),
    "etsy-v2": (list(ETSY_ORDER_HEADERS_V2), ","),
    "ebay": (list(EBAY_ORDER_HEADERS), ","),
    "ebay-uk": (list(EBAY_ORDER_HEADERS_UK), ","),
    "ebay-de": (list(EBAY_ORDER_HEADERS_DE), ";"),
}
PLATFORM_OF = {name: name.split("-")[0] for name in HEADERS}


def _parse_bytes(data: bytes, name: str = "x.csv") -> ParseResult | ImportFileError:
    """Write bytes to a file and parse it; return the result or the ImportFileError raised."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return parse_file(path, now=NOW, local_tz=TZ)
        except ImportFileError as exc:
            assert not isinstance(exc, ParserCrash), exc  # a crash means a parser bug
            return exc


def _check_result(result: ParseResult | ImportFileError, data_rows: int | None = None) -> None:
    """Invariants every ParseResult keeps."""
    if isinstance(result, ImportFileError):
        return
    rows = [x.row for x in result.rejected]
    assert all(x.reason for x in result.rejected)
    assert len(rows) == len(set(rows))
    if data_rows is not None:
        assert result.rows_read <= data_rows
        assert len(result.orders) + len(result.rejected) <= data_rows
    for order in result.orders:
        assert isinstance(order, ParsedOrder)
        assert order.status in STATUSES
        assert order.paid >= 0 and 0 <= order.refunded <= order.paid
        if order.status == REFUNDED:
            assert order.refunded == order.paid
        assert order.ordered_at <= NOW + timedelta(days=1)
        assert order.order_no
        assert order.currency is None or (len(order.currency) == 3 and order.currency.isupper())
        for item in order.items:
            assert item.quantity == int(item.quantity)
        for value in (order.buyer_key, order.real_name, order.address, order.item_summary):
            assert value is None or ("\ufffd" not in value and "\x00" not in value)
    keys = [o.order_no for o in result.orders]
    assert len(keys) == len(set(keys))


KEYS = [
    "2039180000000000100",
    "2039180000000000101",
    "6920000000000000100",
    "6920000000000000101",
    "4501",
    "WC-1001",
    "3001",
    "1001",
    "11-10000-00001",
    '="2039180000000000100"',
    "2.03918E+18",
    "",
]
CELLS = st.one_of(
    st.text(max_size=15),
    st.sampled_from(KEYS),
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "交易成功",
            "交易关闭",
            "买家已付款,等待卖家发货",
            "退款成功",
            "退款关闭",
            "订单未关闭",
            "已完成",
            "待发货",
            "已关闭",
            "待支付",
            "wc-completed",
            "processing",
            "on-hold",
            "Pending payment",
            "refunded",
            "Paid",
            "Partially Refunded",
            "Canceled",
            "2026-05-17 12:00:01",
            "2024/5/4 7:05",
            "2024-02-30 08:00:00",
            "09/30/25",
            "13/01/26",
            "Sep-30-26",
            "Sep-30-26 23:45:00",
            "10-Dez-25",
            "05-Mär-26",
            "2099-01-01",
            "0",
            "2",
            "-1",
            "1.5",
            "29.90",
            "-5.00",
            "$18.12",
            "$1,234.50",
            "12,00",
            "1.234,50",
            "116,99 €",
            "£6.50",
            "AU $3,013.00",
            "88.00元",
            "NaN",
            "1e400",
            "张**",
            "138****1234",
            "****",
            "颜色分类:奶白色[规格];安装方式:上门",
            "浙江省 杭州市 西湖区 文三路100号(310000)",
            "合计",
            "Total",
            "5,record(s) downloaded",
            "Seller ID : x",
            "\x00",
            "\ufffd",
        ]
    ),
)


def _csv_bytes(header: list[str], rows: list[list[Any]], delimiter: str, encoding: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


@PROPS
@given(
    st.sampled_from(sorted(HEADERS)),
    st.lists(st.lists(CELLS, max_size=45), max_size=10),
    st.sampled_from(["utf-8", "gb18030"]),
)
def test_arbitrary_rows_under_the_new_headers(
    name: str, rows: list[list[str]], encoding: str
) -> None:
    header, delimiter = HEADERS[name]
    # Put each row's first cells under the columns the parsers read, mostly.
    spec = specs_for(PLATFORM_OF[name])[0]
    read = [i for i, h in enumerate(header) if spec.field_of(header_key(h)) is not None]
    full: list[list[Any]] = []
    for cells in rows:
        row: list[Any] = [""] * len(header)
        for i, value in enumerate(cells):
            row[read[i % len(read)] if i < 2 * len(read) else i % len(header)] = value
        full.append(row)
    result = _parse_bytes(_csv_bytes(header, full, delimiter, encoding))
    _check_result(result, data_rows=len(rows))


def _mutated(platform: str, layout: str, seed: int, changes: list[tuple[int, int, str]]) -> str:
    """A realistic export as CSV text with some cells replaced, mostly ones a parser reads."""
    orders = make_orders(platform, 5, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(
            platform, orders, Path(folder) / "x.csv", layout=layout, encoding="utf-8"
        )
        text = path.read_bytes().decode("utf-8")
    delimiter = ";" if layout == "orders-de" else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    at = next(i for i, row in enumerate(rows) if len([c for c in row if c]) > 2)
    spec = specs_for(platform)[0]
    read = [i for i, h in enumerate(rows[at]) if spec.field_of(header_key(h)) is not None]
    body = range(at + 1, len(rows))
    for r, c, value in changes:
        row = rows[body[r % len(body)]] if body else rows[-1]
        if not row:
            continue
        if c % 11 == 10:
            del row[c % len(row) :]  # a short row
        elif c % 4:
            row[read[c % len(read)] % len(row)] = value
        else:
            row[c % len(row)] = value
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    return buf.getvalue()


EXPORTS = [
    ("qianniu", "suborders"),
    ("douyin", "orders"),
    ("woocommerce", "orders"),
    ("etsy", "orders"),
    ("etsy", "orders-v2"),
    ("ebay", "orders"),
    ("ebay", "orders-uk"),
    ("ebay", "orders-de"),
]


@PROPS
@given(
    st.sampled_from(EXPORTS),
    st.integers(min_value=0, max_value=10**6),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 300), CELLS), max_size=8),
)
@example(("ebay", "orders"), 1, [(0, 3, "Seller ID : x"), (1, 12, "5,record(s) downloaded")])
def test_odd_cells_in_realistic_exports_keep_the_invariants(
    export: tuple[str, str], seed: int, changes: list[tuple[int, int, str]]
) -> None:
    platform, layout = export
    text = _mutated(platform, layout, seed, changes)
    result = _parse_bytes(text.encode("utf-8"))
    _check_result(result)
    if not changes:
        assert isinstance(result, ParseResult) and result.rejected == []


CASES = [
    ("qianniu", "suborders", "csv"),
    ("qianniu", "workbook", "xlsx"),
    ("douyin", "orders", "csv"),
    ("douyin", "orders", "xlsx"),
    ("woocommerce", "orders", "csv"),
    ("etsy", "orders-v2", "csv"),
    ("ebay", "orders", "csv"),
    ("ebay", "orders-uk", "csv"),
    ("ebay", "orders-de", "csv"),
]


@settings(deadline=None, max_examples=20)
@given(
    st.sampled_from(CASES),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=12),
)
def test_export_then_parse_gives_the_same_orders(
    case: tuple[str, str, str], seed: int, n: int
) -> None:
    platform, layout, fmt = case
    orders = make_orders(platform, n, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(platform, orders, Path(folder) / f"x.{fmt}", fmt=fmt, layout=layout)
        result = parse_file(path, now=NOW, local_tz=TZ)
    _check_result(result)
    assert result.rejected == []
    if platform == "etsy":  # the order file names no items
        orders = [dataclasses.replace(o, items=[]) for o in orders]

    def key(o: ParsedOrder) -> tuple[Any, ...]:
        return (o.order_no, o.status, o.paid, o.refunded, o.ordered_at, o.buyer_key, o.items)

    assert [key(o) for o in result.orders] == [key(o) for o in orders]


# The one-pass row scan (parse._scan) against its reference (_data_rows, then _group), for the
# new grouping rules: 子订单 repeats, eBay summary rows, WooCommerce's order_number/order_id.
SCAN_KEYS = st.sampled_from(
    [
        "1001",
        "1002",
        '="1001"',
        " 1001",
        "",
        "  ",
        None,
        1001,
        2.03918e18,
        "2.03918E+18",
        "合计",
        "Total",
        "2 record(s) downloaded",
        "Seller ID : x",
    ]
)
SCAN_CELLS = st.one_of(
    st.sampled_from(["", " ", "x", "1", "2", "$1.00", "Seller ID: 1", "合计", None, 0, 1.5]),
    st.text(max_size=4),
)
SCAN_LAYOUTS = {
    "qianniu": HEADERS["qianniu"][0],
    "douyin": HEADERS["douyin"][0],
    "woocommerce": HEADERS["woocommerce"][0],
    "etsy": HEADERS["etsy"][0],
    "ebay": HEADERS["ebay"][0],
}


@PROPS
@given(
    st.sampled_from(sorted(SCAN_LAYOUTS)),
    st.lists(
        st.tuples(SCAN_KEYS, st.lists(SCAN_CELLS, max_size=30), st.integers(0, 3)), max_size=20
    ),
)
def test_scan_gives_what_data_rows_then_group_give(
    platform: str, rows: list[tuple[object, list[object], int]]
) -> None:
    header = list(SCAN_LAYOUTS[platform])
    spec = specs_for(platform)[0]
    key_at = next(i for i, h in enumerate(header) if spec.field_of(header_key(h)) == spec.key_field)
    sheet_rows: list[list[Any]] = [header]
    for key, cells, where in rows:
        row: list[Any] = list(cells)
        row[key_at:key_at] = [None] * max(0, key_at - len(row))
        row.insert(key_at, key)
        sheet_rows.append(row if where else row[: key_at + 1])
        if where == 3:
            sheet_rows.append(list(header))  # a repeated header
    sheet = Sheet("x", sheet_rows)
    match = p._locate([sheet], specs_for(platform))
    assert match is not None and match.spec is spec
    ctx, headers, _ = p._build_context("x", sheet, match, local_tz=None, now=None)
    rejected: list[Any] = []
    occurrences, read = p._scan(sheet, match, ctx, headers, rejected)
    expected_rejected: list[Any] = []
    data, expected_read = p._data_rows(sheet, match, ctx, headers)
    expected = p._group(match.spec, ctx, data, expected_rejected)
    assert (occurrences, read, rejected) == (expected, expected_read, expected_rejected)
