"""parse_file on hand-written exports: every trap from docs/formats, rejects, layouts, errors."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from desktop_crm.services.importing.parse import detect, find_detail_file, parse_file
from desktop_crm.services.importing.platforms import is_sensitive_header
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    CUSTOMERS,
    ORDERS,
    PAID,
    PENDING,
    REFUNDED,
    SHIPPED,
    MissingColumns,
    ParsedItem,
    ParseResult,
    UnknownLayout,
)

WriteFile = Callable[..., Path]
PARSE_NOW = datetime(2026, 11, 22, 10, 30)
CST = timezone(timedelta(hours=8))


def _parse(path: Path, **kw: Any) -> ParseResult:
    kw.setdefault("now", PARSE_NOW)
    kw.setdefault("local_tz", CST)
    return parse_file(path, **kw)


def _by_id(result: ParseResult) -> dict[str, Any]:
    return {o.order_no: o for o in result.orders}


# --------------------------------------------------------------------------------------------
# Taobao


def test_taobao_order_report_with_every_trap(fx: Any, write_file: WriteFile) -> None:
    r = _parse(write_file("ExportOrderList202405101200.csv", fx.TAOBAO_CSV, "gbk"))
    assert (r.platform, r.kind, r.layout) == ("taobao", ORDERS, "taobao-order-report")
    # 14 rows after the header: one blank and one 合计 footer are not data.
    assert r.rows_read == 12
    orders = _by_id(r)
    assert sorted(orders) == [
        "2039180000000000001",
        "2039180000000000002",
        "2039180000000000003",
        "2039180000000000011",
        "2039180000000000012",
    ]
    first = orders["2039180000000000001"]
    assert first.row == 2  # the identical repeat on row 13 changed nothing
    assert first.ordered_at == datetime(2024, 5, 3, 14, 22, 10)
    assert first.paid_at == datetime(2024, 5, 3, 14, 25)
    assert first.completed_at == datetime(2024, 5, 10, 9)
    assert (first.status, first.paid, first.refunded, first.currency) == (
        COMPLETED,
        11000,
        0,
        "CNY",
    )
    assert (first.buyer_key, first.buyer_name, first.real_name) == ("tb小明", "tb小明", "张三")
    assert (first.phone, first.phone_masked) == ("13800138000", False)
    assert (first.province, first.city, first.address) == ("浙江省", "杭州市", "西湖区 文三路100号")
    assert first.item_summary == "纯棉T恤，保温杯"
    assert first.buyer_note == "请尽快发货"
    # Row 3 (ASCII-comma status, 元 suffix) was exported again on row 14 with a newer status.
    second = orders["2039180000000000002"]
    assert (second.row, second.status, second.paid) == (14, SHIPPED, 8800)
    assert second.ordered_at == datetime(2024, 5, 4, 7, 5)
    assert (second.province, second.city) == ("北京市", "北京市")
    assert any("row 14" in note and "later row" in note for note in second.notes)
    assert any("2039180000000000002" in note for note in r.notes)
    assert orders["2039180000000000003"].status == SHIPPED
    refunded = orders["2039180000000000011"]
    assert (refunded.status, refunded.paid, refunded.refunded) == (REFUNDED, 3000, 3000)
    assert (refunded.phone, refunded.phone_masked) == ("138****1234", True)
    assert refunded.province == "广西壮族自治区"
    closed = orders["2039180000000000012"]
    assert (closed.status, closed.paid) == (CLOSED, 0)
    assert (closed.real_name, closed.real_name_masked) == ("*鸿章", True)
    assert (closed.province, closed.city, closed.address) == (None, None, "某区 某路1号")
    reasons = {x.row: x.reason for x in r.rejected}
    assert sorted(reasons) == [6, 7, 8, 9, 10]
    assert "scientific notation" in reasons[6]
    assert "订单创建时间" in reasons[7] and "2024-02-30" in reasons[7]
    assert "negative" in reasons[8]
    assert "火星状态" in reasons[9]
    assert "future" in reasons[10]


@pytest.mark.parametrize(
    "footer",
    ["导出时间：2024-05-10 12:00", "导出人: 店小二", "导出日期 2024/05/10", "制表人：小王"],
)
def test_an_export_stamp_under_the_data_is_a_footer(
    fx: Any, write_file: WriteFile, footer: str
) -> None:
    # A shop's own export tool or a spreadsheet's save stamps who and when under the rows;
    # the line was rejected as an order with a bad id.
    text = fx.TAOBAO_CSV.rstrip("\n") + f"\n{footer},,,,\n"
    r = _parse(write_file("ExportOrderList202405101200.csv", text, "gbk"))
    plain = _parse(write_file("ExportOrderList202405101201.csv", fx.TAOBAO_CSV, "gbk"))
    assert (r.rows_read, r.rejected, r.orders) == (12, plain.rejected, plain.orders)


@pytest.mark.parametrize("fast", [True, False])
def test_a_fully_refunded_order_is_refunded_whatever_its_progress(
    write_file: WriteFile, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DESIGN §3: refunded means fully refunded (paid = refunded), partial refunds keep the
    # progress status. A 交易成功 order refunded in full was kept 'completed' (a purchaser,
    # with 0 net), as was one whose export claimed more refund than was paid.
    from desktop_crm.services.importing import parse as p

    monkeypatch.setattr(p, "FAST_PATHS", fast)
    text = (
        "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,退款金额\n"
        "2039000000000000701,a,50.00,交易成功,2024-08-01 10:00:00,50.00\n"
        "2039000000000000702,b,50.00,交易成功,2024-08-01 10:00:00,80.00\n"
        "2039000000000000703,c,50.00,卖家已发货，等待买家确认,2024-08-01 10:00:00,50.00\n"
        "2039000000000000704,d,50.00,交易成功,2024-08-01 10:00:00,20.00\n"
        "2039000000000000705,e,0.00,交易关闭,2024-08-01 10:00:00,0.00\n"
    )
    orders = _by_id(_parse(write_file("ExportOrderList202408011000.csv", text, "gbk")))
    got = {no[-3:]: (o.status, o.paid, o.refunded) for no, o in orders.items()}
    assert got == {
        "701": (REFUNDED, 5000, 5000),
        "702": (REFUNDED, 5000, 5000),
        "703": (REFUNDED, 5000, 5000),
        "704": (COMPLETED, 5000, 2000),
        "705": (CLOSED, 0, 0),
    }


def test_taobao_payment_accounts_are_never_copied(
    fx: Any, write_file: WriteFile, record_text: Any
) -> None:
    r = _parse(write_file("ExportOrderList1.csv", fx.TAOBAO_CSV, "gbk"))
    assert "alipay.example" not in record_text(r.orders)


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gbk": lambda t: t.encode("gbk"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16": lambda t: t.encode("utf-16"),
    "bom+gb18030": lambda t: codecs.BOM_UTF8 + t.encode("gb18030"),
}


def test_same_export_in_every_encoding_parses_identically(
    fx: Any, write_file: WriteFile, as_dict: Any
) -> None:
    results = {}
    for name, encode in ENCODINGS.items():
        r = _parse(write_file(f"{name}.csv", encode(fx.TAOBAO_CSV)))
        results[name] = ([as_dict(o) for o in r.orders], r.rejected, r.rows_read)
    reference = results.pop("utf-8")
    assert len(reference[0]) == 5
    for name, got in results.items():
        assert got == reference, name


def test_taobao_detail_file_is_joined(fx: Any, write_file: WriteFile) -> None:
    main = write_file("ExportOrderList202405101200.csv", fx.TAOBAO_CSV, "gbk")
    detail = write_file("items.csv", fx.TAOBAO_DETAIL_CSV, "gbk")
    r = _parse(main, detail_path=detail)
    assert r.joined_files == [str(detail)]
    orders = _by_id(r)
    assert orders["2039180000000000001"].items == [
        ParsedItem("纯棉T恤", "TS-001", 1, 5000, "颜色分类:白色;尺码:L"),
        ParsedItem("保温杯", "CUP-500", 2, 2500, "颜色分类:奶白色"),
    ]
    assert orders["2039180000000000003"].items[0].sku == "CASE-15"
    assert orders["2039180000000000011"].items == []
    assert any("not in the order file" in n for n in r.notes)


def test_taobao_detail_file_next_to_the_order_file_is_found(fx: Any, write_file: WriteFile) -> None:
    main = write_file("ExportOrderList202405101200.csv", fx.TAOBAO_CSV, "gbk")
    detail = write_file("ExportOrderDetailList202405101200.csv", fx.TAOBAO_DETAIL_CSV, "gbk")
    assert find_detail_file(main) == detail
    r = _parse(main)
    assert r.joined_files == [str(detail)]
    assert len(_by_id(r)["2039180000000000001"].items) == 2


def test_taobao_detail_file_alone_is_not_importable(fx: Any, write_file: WriteFile) -> None:
    path = write_file("ExportOrderDetailList1.csv", fx.TAOBAO_DETAIL_CSV, "gbk")
    assert detect(path) == ("taobao", ORDERS, "taobao-order-details")
    with pytest.raises(UnknownLayout, match="ExportOrderList"):
        _parse(path)


def test_duplicate_headers_are_disambiguated(fx: Any, write_file: WriteFile) -> None:
    rows = fx.csv_rows(fx.TAOBAO_CSV)
    header = rows[0]
    phone = next(i for i, h in enumerate(header) if h == "联系手机")
    header[phone] = "联系电话"  # now 联系电话 twice (one with a trailing space)
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in rows[:3])
    r = _parse(write_file("dup.csv", text))
    assert any("'联系电话'" in n and "联系电话#2" in n for n in r.notes)
    # The first 联系电话 (blank in this file) is the phone; the second is not silently used.
    assert [o.phone for o in r.orders] == [None, None]


# --------------------------------------------------------------------------------------------
# JD, Pinduoduo


def test_jd_rows_per_sku_with_repeated_order_amounts(fx: Any, write_file: WriteFile) -> None:
    r = _parse(write_file("jd.csv", fx.JD_CSV, "gbk"))
    assert (r.platform, r.layout, r.rows_read, r.rejected) == ("jd", "jd-order-export", 4, [])
    orders = _by_id(r)
    split = orders["28000000001"]
    assert split.row == 3  # the title row pushes the header to row 2
    assert (split.status, split.paid, split.currency) == (PAID, 105000, "CNY")  # counted once
    assert (split.buyer_key, split.buyer_name, split.real_name) == ("rds3199358",) * 2 + ("王小二",)
    assert [(i.title, i.quantity, i.price) for i in split.items] == [
        ("蓝牙耳机", 1, 75800),
        ("充电线", 2, 16950),
    ]
    assert (split.province, split.city, split.address) == (
        "北京市",
        "北京市",
        "朝阳区 三环以内 建国路2号",
    )
    masked = orders["28000000002"]
    assert (masked.status, masked.phone_masked, masked.real_name_masked) == (COMPLETED, True, True)
    assert orders["28000000003"].status == CLOSED  # 锁定


def test_jd_order_exported_twice_is_imported_once(fx: Any, write_file: WriteFile) -> None:
    lines = fx.JD_CSV.splitlines()
    text = "\r\n".join([*lines[:-1], lines[2], lines[3], lines[-1]]) + "\r\n"
    r = _parse(write_file("jd2.csv", text, "gbk"))
    assert [o.order_no for o in r.orders].count("28000000001") == 1
    assert r.rejected == []
    assert len(_by_id(r)["28000000001"].items) == 2


def test_jd_order_whose_rows_name_two_buyers_is_refused(
    fx: Any, write_xlsx: Callable[..., Path]
) -> None:
    # Excel keeps 15 digits: 3456789012345678 and …679 typed in it both become the number
    # 3456789012345670, so two buyers' orders arrive as one order id. One order has one buyer:
    # the order is refused, naming both rows, rather than stored as the first buyer's.
    rows = fx.csv_rows(fx.JD_CSV)[1:3]
    header = rows[0]
    first, second = list(rows[1]), list(rows[1])
    first[0] = second[0] = 3456789012345670
    second[1], second[header.index("下单帐号")] = "1009", "another_buyer"
    path = write_xlsx("jd.xlsx", {"订单": [header, first, second]})
    r = _parse(path)
    assert r.orders == []
    (rejected,) = r.rejected
    assert rejected.row == 3
    assert "rows 2 and 3" in rejected.reason and "下单帐号" in rejected.reason
    assert "digits" in rejected.reason  # the likely cause: an id stored as a number


def test_pdd_weak_buyer_key_and_date_from_the_id(fx: Any, write_file: WriteFile) -> None:
    r = _parse(write_file("pdd.csv", fx.PDD_CSV, "utf-8-sig"))
    assert (r.platform, r.rows_read, r.rejected) == ("pdd", 3, [])
    orders = _by_id(r)
    first = orders["260517-607198974342268"]
    assert first.row == 3
    assert (first.status, first.paid, first.currency) == (COMPLETED, 2590, "CNY")
    assert first.buyer_key == "张**|138****1234|浙江省|杭州市" and first.buyer_key_weak
    assert (first.real_name_masked, first.phone_masked) == (True, True)
    assert first.items[0].title == "抽纸 3包" and first.items[0].attributes == "3包装"
    undated = orders["260518-607198974342269"]
    assert undated.ordered_at == datetime(2026, 5, 18)
    assert (undated.status, undated.paid, undated.refunded) == (REFUNDED, 4590, 4590)
    assert (undated.province, undated.city, undated.address) == (None, None, None)
    # The same masked buyer on another order gets the same weak key.
    assert orders["260519-607198974342270"].buyer_key == first.buyer_key
    assert orders["260519-607198974342270"].status == PAID


# --------------------------------------------------------------------------------------------
# Shopify


def test_shopify_orders_first_row_only_totals(fx: Any, write_file: WriteFile) -> None:
    r = _parse(write_file("orders_export.csv", fx.SHOPIFY_CSV))
    assert (r.platform, r.kind, r.rows_read) == ("shopify", ORDERS, 8)
    orders = _by_id(r)
    first = orders["#1001"]
    assert (first.status, first.paid, first.refunded, first.currency) == (COMPLETED, 4100, 0, "USD")
    assert first.ordered_at == datetime(2024, 5, 4, 5, 22, 10)  # -0700 → +0800
    assert first.completed_at == datetime(2024, 5, 6)
    assert (first.buyer_key, first.email) == ("emma.smith@example.com",) * 2
    assert (first.buyer_name, first.real_name, first.phone) == (
        "Emma Smith",
        "Emma Smith",
        "+14155550123",
    )
    assert (first.province, first.city, first.address) == (
        "California",
        "San Francisco",
        "1 Market St",
    )
    assert [(i.title, i.sku, i.quantity, i.price) for i in first.items] == [
        ("Ceramic Mug", "MUG-1", 2, 1200),
        ("Tote Bag", "TOTE-1", 1, 1200),
    ]
    assert first.buyer_note == "leave at door"
    assert (orders["#1002"].status, orders["#1002"].refunded) == (COMPLETED, 500)
    assert (orders["#1003"].status, orders["#1003"].refunded) == (REFUNDED, 1500)
    assert orders["#1004"].status == CLOSED and orders["#1004"].buyer_key is None
    assert (orders["#1005"].status, orders["#1005"].currency) == (CLOSED, "EUR")
    assert orders["#1005"].real_name == "Zoë Müller"
    assert orders["#1006"].status == PENDING
    assert [(x.row, "first row" in x.reason) for x in r.rejected] == [(9, True)]


@pytest.mark.parametrize("generation", ["current", "v1", "v2"])
def test_shopify_customers_all_generations(fx: Any, write_file: WriteFile, generation: str) -> None:
    r = _parse(write_file("customers_export.csv", fx.SHOPIFY_CUSTOMERS[generation]))
    assert (r.platform, r.kind, r.orders) == ("shopify", CUSTOMERS, [])
    c = r.customers[0]
    assert (c.row, c.buyer_key, c.email) == (2, "m.rahman@example.com", "m.rahman@example.com")
    assert (c.display_name, c.real_name) == ("Mohammad Rahman", "Mohammad Rahman")
    assert c.phone == "+8801912010701"  # leading ' stripped
    assert (c.city, c.address, c.note) == ("Dhaka", "House 1 Road 2", "likes tea")
    assert c.tags == ["VIP", "wholesale"]
    if generation == "current":
        assert r.customers[1].buyer_key == "+14155550123"  # no e-mail: the phone
        assert r.customers[1].tags == []


# --------------------------------------------------------------------------------------------
# Layouts, sheets, errors


def test_detect(fx: Any, write_file: WriteFile) -> None:
    assert detect(write_file("a.csv", fx.TAOBAO_CSV, "gbk")) == (
        "taobao",
        ORDERS,
        "taobao-order-report",
    )
    assert detect(write_file("b.csv", fx.JD_CSV)) == ("jd", ORDERS, "jd-order-export")
    assert detect(write_file("c.csv", fx.PDD_CSV)) == ("pdd", ORDERS, "pdd-order-export")
    assert detect(write_file("d.csv", fx.SHOPIFY_CSV))[2] == "shopify-orders-export"
    assert detect(write_file("e.csv", fx.SHOPIFY_CUSTOMERS["v1"]))[:2] == ("shopify", CUSTOMERS)


def test_multi_sheet_workbook_uses_the_matching_sheet(
    fx: Any, write_xlsx: Callable[..., Path]
) -> None:
    path = write_xlsx(
        "jd.xlsx",
        {
            "说明": [["本文件由京东商家后台导出"], ["导出时间", "2016-01-05"]],
            "订单": fx.csv_rows(fx.JD_CSV),
        },
    )
    r = _parse(path)
    assert r.platform == "jd" and len(r.orders) == 3
    assert _by_id(r)["28000000001"].paid == 105000
    assert any("订单" in n for n in r.notes)


def test_another_sheet_of_the_same_layout_is_named_not_skipped_silently(
    fx: Any, write_xlsx: Callable[..., Path]
) -> None:
    # A JD workbook with October on one sheet and November on another: only the first is read
    # (one sheet per import), and the receipt said only "sheet 'Sheet1' was read".
    rows = fx.csv_rows(fx.JD_CSV)
    path = write_xlsx("jd.xlsx", {"10月": rows, "说明": [["导出时间", "2016-01-05"]], "11月": rows})
    r = _parse(path)
    assert r.platform == "jd" and len(r.orders) == 3
    assert (
        "sheet '11月' has the same columns but was not read (one sheet per import: map that "
        "sheet to import it)"
    ) in r.notes
    assert not any("说明" in n for n in r.notes)


def test_forced_platform_lacking_its_columns(fx: Any, write_file: WriteFile) -> None:
    path = write_file("a.csv", fx.TAOBAO_CSV, "gbk")
    with pytest.raises(MissingColumns) as info:
        _parse(path, platform="jd")
    assert info.value.platform == "jd"
    assert {"订单号", "商品名称", "下单时间", "应付金额", "下单帐号"} <= set(info.value.missing)
    assert "订单号" in str(info.value) and "a.csv" in str(info.value)
    # The right platform forced is fine.
    assert len(_parse(path, platform="taobao").orders) == 5


def test_forced_kind(fx: Any, write_file: WriteFile) -> None:
    # An order export read as a customer list is named as what it is, platform forced or not.
    path = write_file("a.csv", fx.SHOPIFY_CSV)
    said = r"Shopify orders_export\.csv file \(orders\), not customers: import it as orders"
    with pytest.raises(UnknownLayout, match=said):
        _parse(path, platform="shopify", kind=CUSTOMERS)
    with pytest.raises(UnknownLayout, match=said):
        _parse(path, kind=CUSTOMERS)
    with pytest.raises(MissingColumns):  # a file of neither kind still names what is missing
        _parse(write_file("b.csv", fx.TAOBAO_CSV), platform="shopify", kind=CUSTOMERS)


def test_unknown_layout_and_platforms_without_a_reader(fx: Any, write_file: WriteFile) -> None:
    with pytest.raises(UnknownLayout, match="unknown layout"):
        _parse(write_file("x.csv", "a,b,c\n1,2,3\n"))
    with pytest.raises(UnknownLayout, match="generic"):
        _parse(write_file("y.csv", fx.TAOBAO_CSV), platform="generic")
    # Douyin has a reader now: forced onto a Taobao file, it names what is missing.
    with pytest.raises(MissingColumns, match="douyin"):
        _parse(write_file("y.csv", fx.TAOBAO_CSV), platform="douyin")
    with pytest.raises(ValueError):
        _parse(write_file("z.csv", fx.TAOBAO_CSV), platform="alibaba")


def test_header_only_file_is_recognised_with_no_rows(fx: Any, write_file: WriteFile) -> None:
    r = _parse(write_file("h.csv", fx.TAOBAO_CSV.splitlines()[0]))
    assert (r.platform, r.rows_read, r.orders, r.rejected) == ("taobao", 0, [], [])


def test_sensitive_columns_are_never_copied(
    fx: Any, write_file: WriteFile, record_text: Any
) -> None:
    rows = fx.csv_rows(fx.TAOBAO_CSV)
    rows[0] += ["身份证号", "银行卡号", "支付宝账号"]
    for row in rows[1:]:
        row += ["330106199001011234", "6222020200112233445", "secret@alipay.example"]
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in rows)
    r = _parse(write_file("pii.csv", text, "gbk"))
    assert len(r.orders) == 5
    dump = record_text(r.orders) + repr(r.notes) + repr(r.rejected)
    for marker in ("330106199001011234", "6222020200112233445", "alipay.example"):
        assert marker not in dump
    assert is_sensitive_header("身份证号 ") and is_sensitive_header("买家支付宝账号")
    assert not is_sensitive_header("买家会员名")


def test_awkward_text_is_kept_or_cleaned(fx: Any, write_file: WriteFile) -> None:
    rows = fx.csv_rows(fx.TAOBAO_CSV)[:2]
    note_col = rows[0].index("买家留言")
    name_col = rows[0].index("买家会员名")
    long_note = "长" * 40_000
    rows[1][note_col] = "\x01" + long_note + "\x00"
    rows[1][name_col] = '=HYPERLINK("http://evil","x")\u202e'
    text = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    r = _parse(write_file("odd.csv", text))
    (order,) = r.orders
    assert order.buyer_note == long_note
    assert order.buyer_key == '=HYPERLINK("http://evil","x")\u202e'


def test_excel_serial_dates_in_both_epochs(fx: Any, write_xlsx: Callable[..., Path]) -> None:
    rows = fx.csv_rows(fx.TAOBAO_CSV)[:3]
    created = rows[0].index("订单创建时间")
    results = []
    for epoch1904, offset in ((False, 0), (True, 1462)):
        data = [list(r) for r in rows]
        data[1][created] = 45415.598726851855 - offset  # 2024-05-03 14:22:10
        data[2][created] = 45416 - offset
        path = write_xlsx(f"serial{epoch1904}.xlsx", {"订单报表": data}, epoch1904=epoch1904)
        r = _parse(path)
        results.append([o.ordered_at for o in r.orders])
    assert results[0] == results[1] == [datetime(2024, 5, 3, 14, 22, 10), datetime(2024, 5, 4)]


def test_xlsx_numeric_ids_and_date_cells(fx: Any, write_xlsx: Callable[..., Path]) -> None:
    rows = fx.csv_rows(fx.JD_CSV)
    data: list[list[Any]] = [rows[1]]
    for row in rows[2:5]:
        cells: list[Any] = list(row)
        cells[0] = int(row[0])  # a numeric id cell: no ".0" in the order number
        cells[5] = datetime.strptime(row[5], "%Y-%m-%d %H:%M:%S")
        cells[9] = float(row[9])
        data.append(cells)
    r = _parse(write_xlsx("jd.xlsx", {"Sheet1": data}))
    assert sorted(_by_id(r)) == ["28000000001", "28000000002"]
    assert _by_id(r)["28000000001"].ordered_at == datetime(2015, 12, 31, 23, 19, 56)
    assert _by_id(r)["28000000001"].paid == 105000


def test_dimension_trap_through_parse_file(
    fx: Any, write_xlsx: Callable[..., Path], patch_dimension: Callable[[Path, str], None]
) -> None:
    header = fx.csv_rows(fx.PDD_CSV)[1]
    template = fx.csv_rows(fx.PDD_CSV)[2]
    data = [header]
    for i in range(300):
        row = list(template)
        row[2] = f"260517-{600000000000000 + i}"
        data.append(row)
    path = write_xlsx("trap.xlsx", {"订单": data})
    patch_dimension(path, "A1:A21")
    r = _parse(path)
    assert r.rows_read == 300 and len(r.orders) == 300


def test_a_rejected_row_never_stops_the_others(fx: Any, write_file: WriteFile) -> None:
    rows = fx.csv_rows(fx.PDD_CSV)[1:3]
    body = []
    for i in range(200):
        row = list(rows[1])
        row[2] = f"260517-{600000000000000 + i}"
        if i == 137:
            row[6] = "NaN"
        body.append(row)
    text = "\n".join(",".join(r) for r in [rows[0], *body])
    r = _parse(write_file("p.csv", text))
    assert len(r.orders) == 199
    assert [(x.row, "用户实付金额" in x.reason) for x in r.rejected] == [(139, True)]


def test_footer_and_trailer_rows_are_not_data(fx: Any, write_file: WriteFile) -> None:
    text = (
        fx.SHOPIFY_CSV
        + ",,,,\n"
        + "Total,,,,,,,,,,95.00\n"
        + "7,record(s) downloaded,from Sep-01-26 to Sep-30-26\n"
        + "Seller ID : demo_shop\n"
    )
    r = _parse(write_file("orders_export.csv", text))
    assert r.rows_read == 8
    assert [x.row for x in r.rejected] == [9]
    assert len(r.orders) == 6


def test_repeated_customer_later_row_wins_without_echoing_the_email(
    fx: Any, write_file: WriteFile
) -> None:
    lines = fx.SHOPIFY_CUSTOMERS["v2"].splitlines()
    again = lines[1].replace("likes tea", "prefers coffee")
    r = _parse(write_file("customers_export.csv", "\n".join([*lines, again, lines[1]]) + "\n"))
    assert [(c.row, c.note) for c in r.customers] == [(4, "likes tea")]
    assert len(r.notes) == 2 and not any("rahman" in n.lower() for n in r.notes)


def test_an_aware_now_is_taken_in_the_store_zone(fx: Any, write_file: WriteFile) -> None:
    aware = datetime(2024, 5, 4, 0, 0, tzinfo=UTC)  # 08:00 in the store
    r = parse_file(write_file("jd.csv", fx.JD_CSV), now=aware, local_tz=CST)
    assert len(r.orders) == 3  # 2015/2016 orders are all in the past
    r = parse_file(write_file("pdd.csv", fx.PDD_CSV), now=aware, local_tz=CST)
    assert r.orders == [] and len(r.rejected) == 3
