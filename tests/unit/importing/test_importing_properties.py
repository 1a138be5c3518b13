"""Properties: no input makes parse_file fail with anything but ImportFileError (RELIABILITY K)."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_crm.services.importing.parse import ParserCrash, parse_file
from desktop_crm.services.importing.platforms import (
    JD_ORDER_HEADERS,
    PDD_ORDER_HEADERS,
    SHOPIFY_ORDER_HEADERS,
    TAOBAO_ORDER_HEADERS,
)
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
PROPS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def _parse_bytes(data: bytes, name: str) -> ParseResult | ImportFileError:
    """Write bytes to a file and parse it; return the result or the ImportFileError raised."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return parse_file(path, now=NOW, local_tz=TZ)
        except ImportFileError as exc:
            assert not isinstance(exc, ParserCrash), exc  # a crash means a parser bug
            assert name in str(exc)
            return exc


def _check_result(result: ParseResult | ImportFileError, data_rows: int | None = None) -> None:
    """Invariants every ParseResult keeps."""
    if isinstance(result, ImportFileError):
        return
    seen_rows = [x.row for x in result.rejected]
    assert all(x.reason for x in result.rejected)
    assert len(seen_rows) == len(set(seen_rows))
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
        for value in (
            order.buyer_key,
            order.real_name,
            order.address,
            order.buyer_note,
            order.item_summary,
            order.phone,
        ):
            assert value is None or ("\ufffd" not in value and "\x00" not in value)
    keys = [o.order_no for o in result.orders]
    assert len(keys) == len(set(keys))


@PROPS
@given(
    st.binary(max_size=2000),
    st.sampled_from(["x.csv", "x.xlsx", "x.xls", "x.txt"]),
    st.sampled_from(
        [
            b"",
            b"PK\x03\x04",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            "订单编号,买家会员名\n".encode("gbk"),
        ]
    ),
)
@example(b"\x00" * 64, "x.csv", b"")
@example(b"", "x.xlsx", b"PK\x03\x04")
def test_arbitrary_bytes(data: bytes, name: str, prefix: bytes) -> None:
    _check_result(_parse_bytes(prefix + data, name))


MEMBERS = [
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/_rels/workbook.xml.rels",
    "_rels/.rels",
    "content.xml",
]


@PROPS
@given(st.dictionaries(st.sampled_from(MEMBERS), st.binary(max_size=300), max_size=6))
def test_arbitrary_zip_workbooks(members: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    _check_result(_parse_bytes(buf.getvalue(), "x.xlsx"))


weird_cells = st.one_of(
    st.text(max_size=25),
    st.sampled_from(
        [
            "",
            " ",
            "交易成功",
            "交易关闭",
            "买家已付款,等待卖家发货",
            "(删除)等待出库",
            "完成",
            "已签收",
            "退款成功",
            "paid",
            "fulfilled",
            "refunded",
            "voided",
            "2024-05-03 14:22:10",
            "2024-02-30",
            "0000-00-00",
            "2024-05-03 14:22:10 -0700",
            "2099-01-01",
            "45415.5",
            "-1.00",
            "NaN",
            "inf",
            "¥1,234.50",
            "12.00元",
            "1e400",
            '="2039180000000000001"',
            "2.03918E+18",
            "'13800138000",
            "138****1234",
            "合计",
            "Total",
            "\x00",
            "\u202e",
            "#1001",
            "260517-607198974342268",
            "浙江省 杭州市 西湖区 文三路100号(310000)",
            "****",
        ]
    ),
)
HEADERS = {
    "taobao": [h.strip() for h in TAOBAO_ORDER_HEADERS] + ["退款金额"],
    "jd": JD_ORDER_HEADERS,
    "pdd": PDD_ORDER_HEADERS,
    "shopify": SHOPIFY_ORDER_HEADERS,
}


@PROPS
@given(
    st.sampled_from(sorted(HEADERS)),
    st.lists(st.lists(weird_cells, min_size=0, max_size=80), min_size=0, max_size=12),
    st.sampled_from(["utf-8", "gb18030", "utf-16"]),
)
def test_csv_shaped_text(platform: str, rows: list[list[str]], encoding: str) -> None:
    header = HEADERS[platform]
    # Mostly the real order ids, so rows group and repeat like real exports.
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    result = _parse_bytes(buf.getvalue().encode(encoding), "x.csv")
    _check_result(result, data_rows=len(rows))


@settings(deadline=None, max_examples=15)
@given(
    st.sampled_from(["taobao", "jd", "pdd", "shopify"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=12),
)
def test_export_then_parse_gives_the_same_orders(platform: str, seed: int, n: int) -> None:
    orders = make_orders(platform, n, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(platform, orders, Path(folder) / "ExportOrderList1.csv", local_tz=TZ)
        result = parse_file(path, now=NOW, local_tz=TZ)
    _check_result(result)
    expected = orders
    if platform == "taobao":  # without its 宝贝报表 the order file carries no item lines
        for order in expected:
            order.items = []
    got = [
        (o.order_no, o.status, o.paid, o.refunded, o.ordered_at, o.buyer_key, o.items)
        for o in result.orders
    ]
    assert got == [
        (o.order_no, o.status, o.paid, o.refunded, o.ordered_at, o.buyer_key, o.items)
        for o in expected
    ]
