"""samples.py writes realistic exports that parse back into the same records."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from desktop_crm.services.importing.parse import parse_file
from desktop_crm.services.importing.records import STATUSES, ParsedItem
from desktop_crm.services.importing.samples import (
    export_table,
    fixed_offset,
    make_customers,
    make_orders,
    write_export,
)

NOW = datetime(2026, 11, 22, 10, 30)
STORE_TZ = fixed_offset(-7)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("platform", ["taobao", "jd", "pdd", "shopify"])
def test_round_trip(tmp_path: Path, as_dict: Any, platform: str, fmt: str) -> None:
    orders = make_orders(platform, 120, seed=7)
    assert {o.status for o in orders} == set(STATUSES)
    path = tmp_path / f"ExportOrderList1.{fmt}" if platform == "taobao" else tmp_path / f"o.{fmt}"
    if platform == "taobao":
        write_export(
            platform, orders, tmp_path / f"ExportOrderDetailList1.{fmt}", fmt=fmt, layout="details"
        )
    write_export(platform, orders, path, fmt=fmt, local_tz=STORE_TZ)
    r = parse_file(path, now=NOW, local_tz=STORE_TZ)
    assert r.platform == platform and r.rejected == [] and r.notes == []
    assert [as_dict(o) for o in r.orders] == [as_dict(o) for o in orders]
    assert r.rows_read == sum(
        max(len(o.items), 1) if platform in ("jd", "shopify") else 1 for o in orders
    )


@pytest.mark.parametrize("layout", ["customers", "customers-v2", "customers-v1"])
def test_customers_round_trip(tmp_path: Path, as_dict: Any, layout: str) -> None:
    customers = make_customers(40, seed=3)
    path = write_export("shopify", customers, tmp_path / "customers_export.csv", layout=layout)
    text = path.read_text(encoding="utf-8")
    assert text.count("'877976197") == (40 if layout == "customers" else 0)  # quoted ids
    r = parse_file(path, now=NOW)
    assert [as_dict(c) for c in r.customers] == [as_dict(c) for c in customers]


def test_taobao_csv_looks_like_the_real_thing(tmp_path: Path) -> None:
    orders = make_orders("taobao", 5, seed=1)
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202405101200.csv")
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("gbk")
    header = text.splitlines()[0].split(",")
    assert "收货地址 " in header and "订单付款时间 " in header and "宝贝标题 " in header
    first_cell = text.splitlines()[1].split(",")[0]
    assert first_cell == f'="{orders[0].order_no}"'  # unquoted, as Taobao writes it
    assert f",'{orders[0].phone}," in text  # phones carry a leading '


def test_jd_repeats_order_amounts_on_every_sku_row(tmp_path: Path) -> None:
    orders = [o for o in make_orders("jd", 40, seed=2) if len(o.items) > 1][:3]
    headers, rows = export_table("jd", orders)
    table = [dict(zip(headers, row, strict=True)) for row in rows]
    for order in orders:
        lines = [t for t in table if t["订单号"] == order.order_no]
        assert len(lines) == len(order.items) > 1
        assert {t["应付金额"] for t in lines} == {f"{order.paid / 100:.2f}"}


def test_shopify_order_fields_only_on_the_first_row(tmp_path: Path) -> None:
    orders = [o for o in make_orders("shopify", 40, seed=4) if len(o.items) > 1][:3]
    path = write_export("shopify", orders, tmp_path / "orders_export.csv", local_tz=STORE_TZ)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for order in orders:
        lines = [r for r in rows if r["Name"] == order.order_no]
        assert lines[0]["Total"] and lines[0]["Financial Status"]
        assert all(not r["Total"] and not r["Financial Status"] for r in lines[1:])
        assert lines[0]["Created at"].endswith(" -0700")


def test_xlsx_never_writes_formulas(tmp_path: Path) -> None:
    orders = make_orders("taobao", 3, seed=5)
    orders[0].buyer_key = orders[0].buyer_name = '=HYPERLINK("http://evil","x")'
    orders[1].buyer_note = "@SUM(A1)"
    orders[2].real_name = "=1+2"
    path = write_export("taobao", orders, tmp_path / "ExportOrderList9.xlsx", fmt="xlsx")
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="e"' not in sheet
    r = parse_file(path, now=NOW)
    assert r.orders[0].buyer_key == '=HYPERLINK("http://evil","x")'
    assert r.orders[1].buyer_note == "@SUM(A1)"
    assert r.orders[2].real_name == "=1+2"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_every_encoding_round_trips(tmp_path: Path, as_dict: Any, encoding: str) -> None:
    orders = make_orders("pdd", 30, seed=6)
    path = write_export("pdd", orders, tmp_path / "pdd.csv", encoding=encoding)
    r = parse_file(path, now=NOW)
    assert [as_dict(o) for o in r.orders] == [as_dict(o) for o in orders]


def test_characters_outside_gbk_fall_back_to_gb18030(tmp_path: Path, as_dict: Any) -> None:
    orders = make_orders("taobao", 2, seed=8)
    orders[0].buyer_note = "好评😀"
    path = write_export("taobao", orders, tmp_path / "ExportOrderList2.csv")
    r = parse_file(path, now=NOW)
    assert r.orders[0].buyer_note == "好评😀"
    assert [as_dict(o, items=False) for o in r.orders] == [as_dict(o, items=False) for o in orders]


def test_shopify_offsets_follow_the_store_zone(tmp_path: Path) -> None:
    orders = make_orders("shopify", 5, seed=9)
    path = write_export("shopify", orders, tmp_path / "o.csv", local_tz=STORE_TZ)
    beijing = timezone(timedelta(hours=8))
    r = parse_file(path, now=NOW, local_tz=beijing)
    assert [o.ordered_at for o in r.orders] == [o.ordered_at + timedelta(hours=15) for o in orders]


def test_writer_arguments_are_checked(tmp_path: Path) -> None:
    orders = make_orders("jd", 1)
    with pytest.raises(ValueError):
        write_export("jd", orders, tmp_path / "x.ods", fmt="ods")
    with pytest.raises(ValueError):
        write_export("jd", orders, tmp_path / "x.csv", layout="details")
    with pytest.raises(ValueError):
        write_export("amazon", orders, tmp_path / "x.csv")
    assert ParsedItem("x").quantity == 1
