"""samples.py writes 千牛, Douyin, WooCommerce, Etsy and eBay exports that parse back the same."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_crm.services.importing.parse import detect, parse_file
from desktop_crm.services.importing.platforms import (
    DOUYIN_ORDER_HEADERS,
    EBAY_ORDER_HEADERS,
    QIANNIU_SHEETS,
)
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    PAID,
    PENDING,
    REFUNDED,
    SHIPPED,
    STATUSES,
)
from desktop_crm.services.importing.samples import (
    LAYOUTS,
    export_table,
    export_workbook,
    make_orders,
    write_export,
)

NOW = datetime(2026, 11, 22, 10, 30)

CASES = [
    ("qianniu", "suborders", "csv"),
    ("qianniu", "suborders", "xlsx"),
    ("qianniu", "workbook", "xlsx"),
    ("douyin", "orders", "csv"),
    ("douyin", "orders", "xlsx"),
    ("woocommerce", "orders", "csv"),
    ("woocommerce", "orders", "xlsx"),
    ("etsy", "orders", "csv"),
    ("etsy", "orders-v2", "csv"),
    ("ebay", "orders", "csv"),
    ("ebay", "orders-uk", "csv"),
    ("ebay", "orders-de", "csv"),
]


def _expected(platform: str, layout: str, orders: list[Any]) -> list[Any]:
    """What the parser gives back for these records in this layout."""
    if platform == "etsy" and layout == "orders":
        return [dataclasses.replace(o, paid_at=None) for o in orders]  # no Date Paid column
    return orders


@pytest.mark.parametrize(("platform", "layout", "fmt"), CASES)
def test_round_trip(tmp_path: Path, as_dict: Any, platform: str, layout: str, fmt: str) -> None:
    orders = make_orders(platform, 120, seed=7)
    if layout == "orders-de":
        for o in orders:
            o.currency = "EUR"
    path = write_export(platform, orders, tmp_path / f"x.{fmt}", fmt=fmt, layout=layout)
    r = parse_file(path, now=NOW)
    assert r.platform == platform and r.rejected == []
    if layout != "workbook" and fmt != "xlsx":
        assert r.notes == []
    items = platform != "etsy"  # EtsySoldOrders names no items (written as SKUs only)
    assert [as_dict(o, items=items) for o in r.orders] == [
        as_dict(o, items=items) for o in _expected(platform, layout, orders)
    ]
    per_item = platform in ("qianniu", "douyin")
    assert r.rows_read >= (sum(len(o.items) for o in orders) if per_item else len(orders))


def test_every_layout_is_covered() -> None:
    new = {"qianniu", "douyin", "woocommerce", "etsy", "ebay"}
    assert {(p, layout) for p, layout, _ in CASES} == {
        (p, layout) for p in new for layout in LAYOUTS[p]
    }


@pytest.mark.parametrize("platform", ["qianniu", "douyin", "woocommerce", "etsy", "ebay"])
def test_sample_statuses_are_the_ones_the_export_can_show(platform: str) -> None:
    statuses = {o.status for o in make_orders(platform, 300, seed=3)}
    expected = {
        "qianniu": set(STATUSES),
        "douyin": set(STATUSES),
        "woocommerce": set(STATUSES) - {SHIPPED},  # processing is paid
        "etsy": set(STATUSES) - {PENDING},  # sold orders are paid
        "ebay": {PENDING, PAID},  # no status column
    }[platform]
    assert statuses == expected


def test_partial_refunds_are_sampled_per_line() -> None:
    for platform in ("qianniu", "douyin"):
        partial = [o for o in make_orders(platform, 400, seed=5) if 0 < o.refunded < o.paid]
        assert partial, platform
        for o in partial:
            last = o.items[-1]
            assert o.refunded == last.price * last.quantity


def test_qianniu_records_are_taobao_orders(tmp_path: Path) -> None:
    orders = make_orders("qianniu", 5, seed=1)
    assert {o.platform for o in orders} == {"taobao"}
    path = write_export("qianniu", orders, tmp_path / "qn.csv")
    text = path.read_bytes().decode("gbk")
    header = text.splitlines()[0].split(",")
    assert header[:2] == ["子订单编号", "主订单编号"]
    rows = list(csv.DictReader(io.StringIO(text)))
    open_rows = [r for r in rows if r["订单状态"] not in ("交易关闭", "退款成功")]
    assert open_rows and all(r["订单关闭原因"] == "订单未关闭" for r in open_rows)
    r = parse_file(path, now=NOW)
    assert (r.platform, {o.platform for o in r.orders}) == ("qianniu", {"taobao"})


def test_qianniu_workbook_has_the_three_sheets(tmp_path: Path) -> None:
    orders = make_orders("qianniu", 20, seed=2)
    path = write_export("qianniu", orders, tmp_path / "qn.xlsx", fmt="xlsx", layout="workbook")
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        assert wb.sheetnames == list(QIANNIU_SHEETS)
    finally:
        wb.close()
    assert [name for name, _, _ in export_workbook("qianniu", orders)] == list(QIANNIU_SHEETS)
    assert detect(path) == ("qianniu", "orders", "qianniu-suborders")
    with pytest.raises(ValueError, match="xlsx"):
        write_export("qianniu", orders, tmp_path / "qn.csv", layout="workbook")
    with pytest.raises(ValueError):
        export_workbook("douyin", orders)


def test_douyin_repeats_the_order_amount_on_every_sub_order(tmp_path: Path) -> None:
    orders = [o for o in make_orders("douyin", 60, seed=2) if len(o.items) > 1][:3]
    headers, rows = export_table("douyin", orders)
    assert headers == DOUYIN_ORDER_HEADERS
    table = [dict(zip(headers, row, strict=True)) for row in rows]
    for order in orders:
        lines = [t for t in table if t["主订单编号"] == order.order_no]
        assert len(lines) == len(order.items) > 1
        assert len({t["订单应付金额"] for t in lines}) == 1
        assert len({t["子订单编号"] for t in lines}) == len(lines)
        assert all("*" in str(t["收件人手机号"]) for t in lines)  # masked


def test_woocommerce_items_are_column_groups(tmp_path: Path) -> None:
    orders = make_orders("woocommerce", 30, seed=4)
    headers, rows = export_table("woocommerce", orders)
    width = max(3, *(len(o.items) for o in orders))
    assert f"Product Item {width} Subtotal" in headers
    assert f"Product Item {width + 1} Name" not in headers
    table = [dict(zip(headers, row, strict=True)) for row in rows]
    assert len(table) == len(orders)  # one row per order
    for order, row in zip(orders, table, strict=True):
        assert row["Product Item 1 Name"] == order.items[0].title


def test_etsy_amounts_and_dates(tmp_path: Path) -> None:
    orders = make_orders("etsy", 60, seed=6)
    path = write_export("etsy", orders, tmp_path / "EtsySoldOrders2024-1.csv", layout="orders-v2")
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    euro = [r for r in rows if r["Currency"] == "EUR"]
    dollar = [r for r in rows if r["Currency"] == "USD"]
    assert euro and dollar
    assert all("," in r["Order Total"] and "." not in r["Order Total"] for r in euro)
    assert all(r["Order Total"].startswith("$") for r in dollar)
    assert all(len(r["Sale Date"]) == 8 and r["Sale Date"][2] == "/" for r in rows)


def test_ebay_report_frame(tmp_path: Path) -> None:
    orders = make_orders("ebay", 30, seed=8)
    path = write_export("ebay", orders, tmp_path / "ebay.csv")
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == "," * (len(EBAY_ORDER_HEADERS) - 1)  # bare commas
    assert lines[1].startswith('"Sales Record Number","Order Number"')  # quoted header
    assert set(lines[2].split(",")) == {'""'}  # the padding row
    # The trailer counts sales records, not rows.
    data_rows = lines[3 : lines.index("")]
    assert len(data_rows) > len(orders)  # multi-item orders take several rows
    trailer = lines[lines.index("") + 1 :]
    assert trailer[0].startswith(f"{len(orders)},record(s) downloaded,from ")
    assert trailer[1] == "Seller ID : demo_shop"
    r = parse_file(path, now=NOW)
    assert (len(r.orders), r.rows_read, r.rejected) == (len(orders), len(data_rows), [])


def test_ebay_de_report(tmp_path: Path) -> None:
    orders = make_orders("ebay", 40, seed=9)
    for o in orders:
        o.currency = "EUR"
    path = write_export("ebay", orders, tmp_path / "de.csv", layout="orders-de")
    text = path.read_bytes().decode("utf-8")
    assert text.split("\r\n")[1].startswith("Verkaufsprotokollnummer;Bestellnummer;")
    rows = list(csv.DictReader(io.StringIO(text.split("\r\n", 1)[1]), delimiter=";"))
    totals = [r["Gesamtbetrag"] for r in rows if r["Gesamtbetrag"]]
    assert totals and all(t.endswith(" €") and t[-5] == "," for t in totals)  # `116,99 €`
    months = {r["Verkauft am"][3:6] for r in rows}
    assert months & {"Mär", "Mai", "Okt", "Dez"}  # German month names
    r = parse_file(path, now=NOW)
    assert {o.currency for o in r.orders} == {"EUR"}


def test_summary_rows_only_for_paid_multi_item_orders() -> None:
    orders = make_orders("ebay", 80, seed=10)
    headers, rows = export_table("ebay", orders)
    table = [dict(zip(headers, row, strict=True)) for row in rows][1:]  # after the padding
    for k, order in enumerate(orders):
        lines = [t for t in table if t["Sales Record Number"] == str(1001 + k)]
        summary = [t for t in lines if not t["Item Number"]]
        if len(order.items) > 1 and order.status == PAID:
            assert len(summary) == 1 and summary[0]["Total Price"]
            assert all(not t["Total Price"] for t in lines if t["Item Number"])
        else:
            assert summary == []


def test_status_words(tmp_path: Path) -> None:
    woo = make_orders("woocommerce", 200, seed=11)
    headers, rows = export_table("woocommerce", woo)
    words = {dict(zip(headers, row, strict=True))["status"] for row in rows}
    assert words == {"pending", "processing", "completed", "cancelled", "refunded"}
    etsy = make_orders("etsy", 200, seed=11)
    headers, rows = export_table("etsy", etsy)
    words = {dict(zip(headers, row, strict=True))["Status"] for row in rows}
    assert {"Paid", "Completed", "Refunded", "Canceled"} <= words
    assert {o.status for o in etsy} >= {PAID, SHIPPED, COMPLETED, REFUNDED, CLOSED}
