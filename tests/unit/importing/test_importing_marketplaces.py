"""parse_file on hand-written 千牛, Douyin, WooCommerce, Etsy and eBay exports (formats §1b-§10).

Each fixture carries the traps MARKETPLACE_FORMATS lists for its platform; detection is checked
against every other platform in both directions.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from desktop_crm.services.importing import parse as p
from desktop_crm.services.importing.parse import detect, parse_file
from desktop_crm.services.importing.platforms import (
    DOUYIN_ORDER_HEADERS,
    EBAY_ORDER_HEADERS,
    EBAY_ORDER_HEADERS_DE,
    EBAY_ORDER_HEADERS_UK,
    ETSY_ORDER_HEADERS,
    ETSY_ORDER_HEADERS_V2,
    QIANNIU_SUBORDER_HEADERS,
)
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    ORDERS,
    PAID,
    PENDING,
    PLATFORMS,
    REFUNDED,
    SHIPPED,
    ImportFileError,
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


def _table(
    header: list[str], rows: list[dict[str, str]], *, delimiter: str = ",", quote_all: bool = False
) -> str:
    """CSV text: the header, then each row's cells by header name (blank for the rest)."""
    buf = io.StringIO()
    writer = csv.writer(
        buf,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )
    writer.writerow(header)
    for row in rows:
        unknown = set(row) - set(header)
        assert not unknown, unknown  # a typo in a fixture must not pass silently
        writer.writerow([row.get(h, "") for h in header])
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# 千牛 (formats §1b): 子订单 rows under a 主订单编号, 买家实付金额 and refunds per line, `="…"`
# and tab-protected ids, both comma variants of the status, `元`, a leading ' on phones,
# 商品属性 with `[规格]`, 订单关闭原因 = 订单未关闭, a refused refund (退款关闭), a blank status,
# an Excel-destroyed id, a negative amount, an order exported twice, a blank row, a 合计 footer.

QIANNIU_HEADER = ",".join(
    [*QIANNIU_SUBORDER_HEADERS, "买家会员名", "收货人姓名", "联系手机", "收货地址", "买家留言"]
    + ["订单关闭原因", "确认收货时间"]
)
_QN_A1 = (
    '="2039180000000000101",="2039180000000000100",智能马桶盖,999.00,1,'
    "颜色分类:奶白色[规格];安装方式:上门,交易成功,999.00,没有申请退款,0.00,2024-05-03 14:22:10,"
    "2024-05-03 14:25:00,520000000001,2024-05-04 10:00:00,TOILET-1,tb小明,张三,'13800138000,"
    "浙江省 杭州市 西湖区 文三路100号(310000),请上门安装,订单未关闭,2024-05-10 09:00:00"
)
_QN_A2 = (
    '="2039180000000000102",="2039180000000000100",安装配件包,25.00,2,商品规格:标准款,交易关闭,'
    "50.00,退款成功,50.00,2024-05-03 14:22:10,2024-05-03 14:25:00,520000000002,,PARTS-2,tb小明,"
    "张三,'13800138000,浙江省 杭州市 西湖区 文三路100号(310000),请上门安装,订单未关闭,"
)
QIANNIU_ROWS = [
    # rows 2-3: a completed order whose second line was refunded
    _QN_A1,
    _QN_A2,
    # row 4: ids protected by a trailing tab, ASCII-comma status, 元, Excel-style date
    "2039180000000000200\t,2039180000000000200\t,瑜伽垫,88.00,1,商品规格:紫色 10mm,"
    '"买家已付款,等待卖家发货",88.00元,没有申请退款,,2024/5/4 7:05,2024/5/4 7:06,520000000003,,'
    "YOGA-10,小红红,李四,'13900139000,北京 北京市 朝阳区 建国路1号(100000),,订单未关闭,",
    # rows 5-6: one line shipped, one still waiting (部分发货); a refused refund
    "2039180000000000301,2039180000000000300,手机壳,19.90,1,型号:iPhone 15,卖家已发货，等待买家确认,"
    "19.90,,,2024-05-05 10:00:00,2024-05-05 10:01:00,520000000004,2024-05-06 09:00:00,CASE-15,"
    "tb小明,张三,'13800138000,浙江省 杭州市 西湖区 文三路100号(310000),,订单未关闭,",
    "2039180000000000302,2039180000000000300,钢化膜,9.90,2,,买家已付款，等待卖家发货,19.80,退款关闭,"
    "19.80,2024-05-05 10:00:00,2024-05-05 10:01:00,520000000005,,FILM-2,tb小明,张三,"
    "'13800138000,浙江省 杭州市 西湖区 文三路100号(310000),,订单未关闭,",
    # row 7: blank
    ",,,,,,,,,,,,,,,,,,,,,",
    # row 8: closed before payment, masked recipient and address
    "2039180000000000400,2039180000000000400,围巾,30.00,1,,交易关闭,0.00,没有申请退款,0.00,"
    "2024-05-07 08:00:00,,520000000006,,SCARF,tb关闭,*鸿章,,**** **** 某区 某路1号,,买家不想买了,",
    # rows 9-10: fully refunded (the second line's 退款金额 is blank: its paid amount)
    "2039180000000000501,2039180000000000500,蓝牙耳机,199.00,1,颜色分类:黑色,交易关闭,199.00,"
    "退款成功,199.00,2024-05-08 08:00:00,2024-05-08 08:01:00,520000000007,,BT-EAR,tb退款,赵六,"
    "'138****1234,广西壮族自治区 南宁市 青秀区 民族大道1号(530000),,买家申请退款,",
    "2039180000000000502,2039180000000000500,耳机套,10.00,1,,交易关闭,10.00,退款成功,,"
    "2024-05-08 08:00:00,2024-05-08 08:01:00,520000000008,,EAR-CAP,tb退款,赵六,"
    "'138****1234,广西壮族自治区 南宁市 青秀区 民族大道1号(530000),,买家申请退款,",
    # row 11: blank status, a real close reason: closed
    "2039180000000000600,2039180000000000600,杯子,10.00,1,,,0.00,,,2024-05-09 08:00:00,,"
    "520000000009,,CUP,tb某人,王五,13700137000,上海 上海市 浦东新区 世纪大道1号,,超时未付款,",
    # row 12: blank status and 订单未关闭: no status at all (rejected)
    "2039180000000000700,2039180000000000700,杯子,10.00,1,,,10.00,,,2024-05-09 08:00:00,,"
    "520000000009,,CUP,tb某人,王五,13700137000,上海 上海市 浦东新区 世纪大道1号,,订单未关闭,",
    # row 13: id destroyed by Excel (rejected)
    "2.03918E+18,2.03918E+18,杯子,10.00,1,,交易成功,10.00,,,2024-05-09 08:00:00,,520000000009,,"
    "CUP,tb某人,王五,13700137000,上海 上海市 浦东新区 世纪大道1号,,订单未关闭,",
    # row 14: negative 买家实付金额 (rejected)
    "2039180000000000800,2039180000000000800,杯子,10.00,1,,交易成功,-10.00,,,2024-05-09 08:00:00,,"
    "520000000009,,CUP,tb某人,王五,13700137000,上海 上海市 浦东新区 世纪大道1号,,订单未关闭,",
    # rows 15-16: rows 2-3 exported again, unchanged: imported once, not rejected
    _QN_A1,
    _QN_A2,
    # row 17: footer
    "合计,,,,,,,1276.50,,,,,,,,,,,,,,",
]
QIANNIU_CSV = "\r\n".join([QIANNIU_HEADER, *QIANNIU_ROWS]) + "\r\n"


def test_qianniu_sub_orders_with_every_trap(write_file: WriteFile) -> None:
    r = _parse(write_file("qianniu.csv", QIANNIU_CSV, "gbk"))
    assert (r.platform, r.kind, r.layout) == ("qianniu", ORDERS, "qianniu-suborders")
    assert r.rows_read == 14  # the blank row and the 合计 footer are not data
    orders = _by_id(r)
    assert sorted(orders) == [f"2039180000000000{n}00" for n in (1, 2, 3, 4, 5, 6)]
    a = orders["2039180000000000100"]
    assert a.platform == "taobao"  # 千牛 sells Taobao/Tmall orders: one identity with classic
    assert a.row == 2
    # 买家实付金额 is per line: summed; the refunded second line keeps the order completed.
    assert (a.status, a.paid, a.refunded, a.currency) == (COMPLETED, 104900, 5000, "CNY")
    assert a.items == [
        ParsedItem("智能马桶盖", "TOILET-1", 1, 99900, "颜色分类:奶白色[规格];安装方式:上门"),
        ParsedItem("安装配件包", "PARTS-2", 2, 2500, "商品规格:标准款"),
    ]
    assert a.item_summary == "智能马桶盖，安装配件包"
    assert (a.ordered_at, a.paid_at, a.completed_at) == (
        datetime(2024, 5, 3, 14, 22, 10),
        datetime(2024, 5, 3, 14, 25),
        datetime(2024, 5, 10, 9),
    )
    assert (a.buyer_key, a.buyer_name, a.real_name) == ("tb小明", "tb小明", "张三")
    assert (a.phone, a.phone_masked) == ("13800138000", False)
    assert (a.province, a.city, a.address) == ("浙江省", "杭州市", "西湖区 文三路100号")
    assert a.buyer_note == "请上门安装"
    b = orders["2039180000000000200"]
    assert (b.status, b.paid, b.refunded) == (PAID, 8800, 0)
    assert b.ordered_at == datetime(2024, 5, 4, 7, 5)
    assert b.items[0].attributes == "商品规格:紫色 10mm"
    c = orders["2039180000000000300"]
    assert (c.status, c.paid, c.refunded) == (SHIPPED, 3970, 0)  # 退款关闭: no refund
    d = orders["2039180000000000400"]
    assert (d.status, d.paid, d.real_name, d.real_name_masked) == (CLOSED, 0, "*鸿章", True)
    assert (d.province, d.city, d.address) == (None, None, "某区 某路1号")
    e = orders["2039180000000000500"]
    assert (e.status, e.paid, e.refunded) == (REFUNDED, 20900, 20900)
    assert (e.phone, e.phone_masked) == ("138****1234", True)
    assert orders["2039180000000000600"].status == CLOSED  # 超时未付款 is a real reason
    reasons = {x.row: x.reason for x in r.rejected}
    assert sorted(reasons) == [12, 13, 14]
    assert "status is blank" in reasons[12]
    assert "scientific notation" in reasons[13]
    assert "买家实付金额" in reasons[14] and "negative" in reasons[14]
    assert r.notes == []  # the identical re-export says nothing


def test_qianniu_more_refund_than_paid_is_capped_with_a_note(write_file: WriteFile) -> None:
    line = _QN_A2.replace("退款成功,50.00", "退款成功,80.00").replace(",交易关闭,", ",交易成功,")
    r = _parse(write_file("qianniu.csv", "\r\n".join([QIANNIU_HEADER, line]) + "\r\n", "gbk"))
    (order,) = r.orders
    # Capped at what was paid, it is a full refund: refunded (DESIGN §3), not completed.
    assert (order.status, order.paid, order.refunded) == (REFUNDED, 5000, 5000)
    assert any("capped" in n for n in r.notes)


QIANNIU_LINE_SHEET = [
    list(QIANNIU_SUBORDER_HEADERS),
    # ids as text cells; money as numbers; a date cell
    ["2039180000000000101", "2039180000000000100", "智能马桶盖", 999.0, 1]
    + ["颜色分类:奶白色[规格];安装方式:上门", "交易成功", 999.0, "没有申请退款", 0]
    + [datetime(2024, 5, 3, 14, 22, 10), "2024-05-03 14:25:00", "520000000001", None, "TOILET-1"],
    ["2039180000000000102", "2039180000000000100", "安装配件包", 25.0, 2, "商品规格:标准款"]
    + ["交易关闭", 50.0, "退款成功", 50.0, datetime(2024, 5, 3, 14, 22, 10)]
    + ["2024-05-03 14:25:00", "520000000002", None, "PARTS-2"],
    ["2039180000000000400", "2039180000000000400", "围巾", 30.0, 1, None, "交易关闭", 0]
    + ["没有申请退款", 0, datetime(2024, 5, 7, 8), None, "520000000006", None, "SCARF"],
]
QIANNIU_ORDER_SHEET = [
    ["主订单编号", "买家会员名", "买家实付金额", "订单状态", "订单创建时间", "订单付款时间"]
    + ["确认收货时间", "买家留言", "订单关闭原因"],
    ["2039180000000000100", "tb小明", 1049.0, "交易成功", "2024-05-03 14:22:10"]
    + ["2024-05-03 14:25:00", "2024-05-10 09:00:00", "请上门安装", "订单未关闭"],
    ["2039180000000000400", "tb关闭", 0, "交易关闭", "2024-05-07 08:00:00", None, None, None]
    + ["买家不想买了"],
]
# The shipping sheet names the order 订单编号, and a phone is a number cell.
QIANNIU_SHIPPING_SHEET = [
    ["订单编号", "收货人姓名", "联系手机", "收货地址", "物流公司", "运单号"],
    ["2039180000000000100", "张三", 13800138000, "浙江省 杭州市 西湖区 文三路100号(310000)"]
    + ["中通快递", "75310000001"],
    ["2039180000000000400", "*鸿章", None, "**** **** 某区 某路1号", None, None],
]


def test_qianniu_workbook_joins_its_three_sheets(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx(
        "千牛订单.xlsx",
        {
            "说明": [["千牛 导出"], ["导出时间", "2024-05-10"]],
            "订单报表": QIANNIU_ORDER_SHEET,
            "销售明细": QIANNIU_LINE_SHEET,
            "发货报表": QIANNIU_SHIPPING_SHEET,
        },
    )
    assert detect(path) == ("qianniu", ORDERS, "qianniu-suborders")  # not the order sheet
    r = _parse(path)
    assert r.rows_read == 3 and r.rejected == []
    assert r.notes[0] == "sheet '销售明细' was read"
    assert any(n.startswith("sheet '订单报表' was joined by 主订单编号") for n in r.notes)
    assert any(n.startswith("sheet '发货报表' was joined by 订单编号") for n in r.notes)
    orders = _by_id(r)
    a = orders["2039180000000000100"]
    assert (a.status, a.paid, a.refunded) == (COMPLETED, 104900, 5000)
    assert (a.buyer_key, a.buyer_note) == ("tb小明", "请上门安装")  # from 订单报表
    assert a.completed_at == datetime(2024, 5, 10, 9)  # from 订单报表
    assert (a.real_name, a.phone, a.province) == ("张三", "13800138000", "浙江省")  # 发货报表
    assert a.ordered_at == datetime(2024, 5, 3, 14, 22, 10)  # a date cell
    assert [i.attributes for i in a.items][0] == "颜色分类:奶白色[规格];安装方式:上门"
    d = orders["2039180000000000400"]
    assert (d.status, d.buyer_key, d.real_name_masked, d.phone) == (CLOSED, "tb关闭", True, None)


def test_qianniu_order_sheet_amount_and_orders_without_lines(
    write_xlsx: Callable[..., Path],
) -> None:
    # The 订单报表 sheet's 买家实付金额 is the whole order's, postage included (5.00 here): it is
    # what the buyer paid, as the classic report says. An order listed there with no line on
    # 销售明细 cannot be imported from this workbook, and the receipt says so.
    order_sheet = [list(row) for row in QIANNIU_ORDER_SHEET]
    order_sheet[1][2] = 1054.0
    order_sheet.append(["2039180000000000500", "tb待付", 30, "等待买家付款", "2024-05-08 08:00:00"])
    path = write_xlsx("千牛订单.xlsx", {"订单报表": order_sheet, "销售明细": QIANNIU_LINE_SHEET})
    r = _parse(path)
    a = _by_id(r)["2039180000000000100"]
    assert (a.status, a.paid, a.refunded) == (COMPLETED, 105400, 5000)
    assert "2039180000000000500" not in _by_id(r)
    assert any(
        n.startswith("sheet '订单报表' lists 1 order(s) with no rows on sheet '销售明细'")
        and n.endswith("2039180000000000500")
        for n in r.notes
    )


def test_qianniu_line_sheet_wins_wherever_it_is(write_xlsx: Callable[..., Path]) -> None:
    # The order sheet in the classic Taobao spelling (订单编号, 买家实际支付金额) fits the
    # classic layout too; the line sheet still wins, and the buyer is joined by 订单编号.
    classic = [list(row) for row in QIANNIU_ORDER_SHEET]
    classic[0][0], classic[0][2] = "订单编号", "买家实际支付金额"
    path = write_xlsx(
        "book.xlsx",
        {"发货报表": QIANNIU_SHIPPING_SHEET, "订单报表": classic, "销售明细": QIANNIU_LINE_SHEET},
    )
    assert detect(path)[2] == "qianniu-suborders"
    r = _parse(path)
    assert _by_id(r)["2039180000000000100"].buyer_key == "tb小明"
    # Forced to the classic layout, the order sheet is read on its own.
    assert _parse(path, platform="taobao").layout == "taobao-order-report"


def test_qianniu_order_sheet_alone(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx("orders.xlsx", {"订单报表": QIANNIU_ORDER_SHEET})
    assert detect(path) == ("qianniu", ORDERS, "qianniu-order-report")
    r = _parse(path)
    orders = _by_id(r)
    assert (orders["2039180000000000100"].paid, orders["2039180000000000100"].items) == (104900, [])
    assert orders["2039180000000000100"].platform == "taobao"
    assert orders["2039180000000000400"].status == CLOSED


def test_qianniu_order_report_fast_path_agrees(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx("orders.xlsx", {"订单报表": QIANNIU_ORDER_SHEET})
    saved = p.FAST_PATHS
    try:
        results = []
        for fast in (True, False):
            p.FAST_PATHS = fast
            results.append(_parse(path))
    finally:
        p.FAST_PATHS = saved
    assert results[0] == results[1]


# --------------------------------------------------------------------------------------------
# Douyin 抖店 (formats §4, §10): the 75-column 订单明细, one row per 子订单, 商品金额 the unit
# price, 订单应付金额 repeated on each row (or only on the first), masked recipients and a masked
# region, statuses, 售后状态 refunds (whole order and one line), rows disagreeing on the amount,
# a tab-protected id, an unknown status, a negative amount, an order exported twice.

DOUYIN_HEADER_TEXT = (
    "主订单编号,子订单编号,支付方式,选购商品,货号,商品ID,商家编码,商品数量,商品金额,订单提交时间,支付完成时间,"
    "订单完成时间,承诺发货时间,预约发货时间,买家留言,旗帜颜色,商家备注,APP渠道,订单状态,取消原因,售后状态,"
    "订单类型,发货时间,车型,是否是以旧换新,换新额外补贴,换新额外补贴发放状态,订单应付金额,运费,优惠总金额,"
    "平台优惠,商家优惠,达人优惠,商家改价,支付优惠,手续费,红包抵扣,降价类优惠,平台实际承担优惠金额,"
    "商家实际承担优惠金额,达人实际承担优惠金额,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,"
    "快递信息,序列号,达人ID,达人昵称,拼团订单团编号,商品单价是否含税,税费,鲁班落地页ID,所属门店ID,流量来源,"
    "仓库ID,仓库名称,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,教育优惠,"
    "预计送达时间,是否平台仓自流转,是否是渠道商品,预约送达时间,建议发货时间（起）,建议发货时间（止）"
)
_DY_BUYER = {
    "收件人": "张**",
    "收件人手机号": "138****1234",
    "省": "浙江省",
    "市": "杭州市",
    "区": "西湖区",
    "详细地址": "文三路***号",
}
_DY_A = [
    {
        "主订单编号": "6920000000000000100",
        "子订单编号": "6920000000000000101",
        "选购商品": "抽纸 3包",
        "商家编码": "TISSUE-3",
        "商品数量": "2",
        "商品金额": "29.90",
        "订单提交时间": "2026-05-17 12:00:01",
        "支付完成时间": "2026-05-17 12:00:30",
        "订单完成时间": "2026-05-25 08:00:00",
        "订单状态": "已完成",
        "售后状态": "-",
        "订单应付金额": "79.70",
        "买家留言": "放门口",
        **_DY_BUYER,
    },
    {
        "主订单编号": "6920000000000000100",
        "子订单编号": "6920000000000000102",
        "选购商品": "湿巾 10包",
        "货号": "WIPE-10",
        "商品数量": "1",
        "商品金额": "19.90",
        "订单提交时间": "2026-05-17 12:00:01",
        "支付完成时间": "2026-05-17 12:00:30",
        "订单状态": "已完成",
        "售后状态": "-",
        "订单应付金额": "79.70",  # the order's amount again, not this line's
        **_DY_BUYER,
    },
]


def _dy(order: str, sub: str, status: str, amount: str, **cells: str) -> dict[str, str]:
    row = {
        "主订单编号": order,
        "子订单编号": sub,
        "选购商品": "商品" + sub.strip()[-2:],
        "商品数量": "1",
        "商品金额": amount or "10.00",
        "订单提交时间": "2026-05-18 09:00:00",
        "支付完成时间": "2026-05-18 09:01:00",
        "订单状态": status,
        "售后状态": "-",
        "订单应付金额": amount,
        **_DY_BUYER,
    }
    row.update(cells)
    return row


DOUYIN_ROWS = [
    *_DY_A,  # rows 2-3
    # row 4: paid, waiting to ship; the id protected by a trailing tab; same masked buyer
    _dy("6920000000000000200\t", "6920000000000000201\t", "待发货", "45.90"),
    # rows 5-6: one line shipped, one waiting; the amount only on the first row
    _dy("6920000000000000300", "6920000000000000301", "已发货", "59.80", 商品金额="29.90"),
    _dy("6920000000000000300", "6920000000000000302", "待发货", "", 商品金额="29.90"),
    # row 7: closed before payment
    _dy("6920000000000000400", "6920000000000000401", "已关闭", "29.90", 支付完成时间="")
    | {"取消原因": "超时未支付"},
    # row 8: waiting for payment
    _dy("6920000000000000500", "6920000000000000501", "待支付", "12.00", 支付完成时间=""),
    # rows 9-10: refunded in full after sale; another buyer, region masked
    *(
        _dy("6920000000000000600", f"692000000000000060{n}", "已关闭", "99.00", 商品金额="49.50")
        | {"售后状态": "退款成功", "收件人": "李**", "收件人手机号": "139****5678"}
        | {"省": "****", "市": "****", "区": "****", "详细地址": "****"}
        for n in (1, 2)
    ),
    # rows 11-12: one line (2 × 15.00) refunded after sale; the order stays completed
    _dy("6920000000000000700", "6920000000000000701", "已完成", "88.00", 商品金额="58.00"),
    _dy("6920000000000000700", "6920000000000000702", "已完成", "88.00")
    | {"商品金额": "15.00", "商品数量": "2", "售后状态": "退款成功"},
    # rows 13-14: different 订单应付金额 on each row: each 子订单's own, added up, with a note;
    # the second line refunded after sale gives back its own row's amount
    _dy("6920000000000000800", "6920000000000000801", "已完成", "50.00"),
    _dy("6920000000000000800", "6920000000000000802", "已完成", "60.00")
    | {"售后状态": "退款成功", "买家留言": "第二件不要了"},
    # row 15: unknown status (rejected)
    _dy("6920000000000000900", "6920000000000000901", "火星状态", "10.00"),
    *_DY_A,  # rows 16-17: rows 2-3 exported again: imported once
    # row 18: negative amount (rejected)
    _dy("6920000000000001000", "6920000000000001001", "已完成", "-5.00"),
    # rows 19-20: two 子订单 of ¥50 each, each row its own 订单应付金额 of 50.00: ¥100 in all
    # (the same amount on every row is not always the order's, repeated)
    _dy("6920000000000001100", "6920000000000001101", "已完成", "50.00"),
    _dy("6920000000000001100", "6920000000000001102", "已完成", "50.00"),
    # rows 21-22: two ¥60 子订单 with ¥41 off the order: 订单应付金额 79.00 repeated is the
    # order's (it was taken as each line's, ¥158, when the discount passed a third)
    *(
        _dy("6920000000000001200", f"692000000000000120{n}", "已完成", "79.00", 商品金额="60.00")
        | {"优惠总金额": "41.00", "平台优惠": "41.00"}
        for n in (1, 2)
    ),
]
DOUYIN_CSV = _table(DOUYIN_HEADER_TEXT.split(","), DOUYIN_ROWS) + "," * 74 + "\r\n"


def test_douyin_header_is_the_75_column_template() -> None:
    assert DOUYIN_ORDER_HEADERS == DOUYIN_HEADER_TEXT.split(",")
    assert len(DOUYIN_ORDER_HEADERS) == 75


def test_douyin_order_details_with_every_trap(write_file: WriteFile) -> None:
    r = _parse(write_file("douyin.csv", "\ufeff" + DOUYIN_CSV))
    assert (r.platform, r.kind, r.layout) == ("douyin", ORDERS, "douyin-order-details")
    assert r.rows_read == 21  # the trailing row of empty cells is not data
    orders = _by_id(r)
    assert len(orders) == 10
    a = orders["6920000000000000100"]
    assert (a.platform, a.row) == ("douyin", 2)
    # 订单应付金额 repeated on both 子订单 rows is counted once; 商品金额 is the unit price.
    assert (a.status, a.paid, a.refunded, a.currency) == (COMPLETED, 7970, 0, "CNY")
    assert a.items == [
        ParsedItem("抽纸 3包", "TISSUE-3", 2, 2990),
        ParsedItem("湿巾 10包", "WIPE-10", 1, 1990),
    ]
    assert (a.ordered_at, a.paid_at, a.completed_at) == (
        datetime(2026, 5, 17, 12, 0, 1),
        datetime(2026, 5, 17, 12, 0, 30),
        datetime(2026, 5, 25, 8),
    )
    # No buyer account: the weak key of masked recipient, masked phone and region.
    assert (a.buyer_key, a.buyer_key_weak) == ("张**|138****1234|浙江省|杭州市", True)
    assert (a.buyer_name, a.real_name_masked, a.phone_masked) == ("张**", True, True)
    assert (a.province, a.city, a.address, a.buyer_note) == (
        "浙江省",
        "杭州市",
        "西湖区 文三路***号",
        "放门口",
    )
    b = orders["6920000000000000200"]
    assert (b.status, b.paid, b.buyer_key) == (PAID, 4590, a.buyer_key)
    assert b.items[0].title == "商品01"
    assert (orders["6920000000000000300"].status, orders["6920000000000000300"].paid) == (
        SHIPPED,
        5980,
    )
    closed = orders["6920000000000000400"]
    assert (closed.status, closed.paid, closed.paid_at) == (CLOSED, 0, None)
    assert (orders["6920000000000000500"].status, orders["6920000000000000500"].paid) == (
        PENDING,
        0,
    )
    refunded = orders["6920000000000000600"]
    assert (refunded.status, refunded.paid, refunded.refunded) == (REFUNDED, 9900, 9900)
    assert refunded.buyer_key == "李**|139****5678||"
    assert (refunded.province, refunded.city, refunded.address) == (None, None, None)
    partial = orders["6920000000000000700"]
    assert (partial.status, partial.paid, partial.refunded) == (COMPLETED, 8800, 3000)
    per_line = orders["6920000000000000800"]
    assert (per_line.status, per_line.paid, per_line.refunded) == (COMPLETED, 11000, 6000)
    assert any("订单应付金额" in n and "added up" in n for n in per_line.notes)
    assert per_line.buyer_note == "第二件不要了"  # written on the second row only
    equal_lines = orders["6920000000000001100"]
    assert (equal_lines.status, equal_lines.paid, equal_lines.refunded) == (COMPLETED, 10000, 0)
    assert any("same 订单应付金额" in n for n in equal_lines.notes)
    discounted = orders["6920000000000001200"]
    assert (discounted.paid, discounted.notes) == (7900, [])
    reasons = {x.row: x.reason for x in r.rejected}
    assert sorted(reasons) == [15, 18]
    assert "火星状态" in reasons[15]
    assert "订单应付金额" in reasons[18] and "negative" in reasons[18]
    assert not any("appears again" in n for n in r.notes)


def test_douyin_xlsx_with_text_ids(
    write_xlsx: Callable[..., Path], rows_of: Callable[[str], list[list[str]]]
) -> None:
    rows: list[list[Any]] = rows_of(DOUYIN_CSV)[:4]
    amount = rows[0].index("订单应付金额")
    for row in rows[1:]:
        row[amount] = float(row[amount])
    r = _parse(write_xlsx("douyin.xlsx", {"订单明细": rows}))
    assert r.layout == "douyin-order-details"
    assert _by_id(r)["6920000000000000100"].paid == 7970


# --------------------------------------------------------------------------------------------
# WooCommerce (formats §6): the plugin layout, one row per order, `Product Item N …` groups,
# wc- and bare status slugs and admin labels, e-mail case, guest checkouts (customer_id 0),
# an order without order_number, the currency in lower case, a formula-looking name.

WOO_HEADER = (
    "order_id,order_number,order_date,paid_date,status,order_total,order_subtotal,shipping_total,"
    "order_currency,payment_method,payment_method_title,customer_id,customer_note,"
    "billing_first_name,billing_last_name,billing_email,billing_phone,billing_address_1,"
    "billing_address_2,billing_city,billing_state,billing_postcode,billing_country"
).split(",") + [
    f"Product Item {n} {f}"
    for n in (1, 2, 3)
    for f in ("Name", "id", "SKU", "Quantity", "Total", "Subtotal")
]


def _woo(order_id: str, number: str, status: str, total: str, **cells: str) -> dict[str, str]:
    row = {
        "order_id": order_id,
        "order_number": number,
        "order_date": "2026-03-02 09:00:00",
        "status": status,
        "order_total": total,
        "order_currency": "USD",
        "Product Item 1 Name": "Sticker",
        "Product Item 1 SKU": "ST-1",
        "Product Item 1 Quantity": "1",
        "Product Item 1 Total": total,
    }
    row.update(cells)
    return row


_WOO_FIRST = _woo(
    "4501",
    "WC-1001",
    "wc-completed",
    "55.00",
    paid_date="2026-03-02 09:05:00",
    order_subtotal="55.00",
    payment_method="stripe",
    customer_id="17",
    customer_note="leave at door",
    billing_first_name="Jane",
    billing_last_name="Doe",
    billing_email="Jane.Doe@Example.COM",
    billing_phone="+1 (415) 555-0100",
    billing_address_1="1 Main St",
    billing_address_2="Apt 2",
    billing_city="Austin",
    billing_state="TX",
    billing_country="US",
    **{
        "Product Item 1 Name": "Mug, blue",
        "Product Item 1 id": "100",
        "Product Item 1 SKU": "MUG-1",
        "Product Item 1 Quantity": "2",
        "Product Item 1 Total": "25.00",
        "Product Item 2 Name": "Tote",
        "Product Item 2 id": "101",
        "Product Item 2 SKU": "TOTE",
        "Product Item 2 Quantity": "1",
        "Product Item 2 Total": "30.00",
    },
)
WOO_ROWS = [
    _WOO_FIRST,  # row 2
    # row 3: a guest (customer_id 0) with an e-mail; euros in lower case
    _woo(
        "4502",
        "WC-1002",
        "processing",
        "20.00",
        order_currency="eur",
        customer_id="0",
        billing_email="guest@example.com",
    ),
    # row 4: no order_number: the order_id names the order; no e-mail: the customer id keys it
    _woo("4503", "", "on-hold", "10.00", customer_id="18"),
    # row 5: a guest without e-mail: no buyer
    _woo("4504", "WC-1004", "pending", "10.00", customer_id="0"),
    _woo("4505", "WC-1005", "cancelled", "10.00", billing_email="c@example.com"),  # row 6
    _woo("4506", "WC-1006", "refunded", "12.00", billing_email="r@example.com"),  # row 7
    _woo("4507", "WC-1007", "failed", "10.00", billing_email="f@example.com"),  # row 8
    # row 9: an admin label; a name that looks like a formula stays text
    _woo(
        "4508",
        "WC-1008",
        "Pending payment",
        "10.00",
        billing_first_name='=HYPERLINK("x")',
        billing_email="p@example.com",
    ),
    _woo("4509", "WC-1009", "shipped-to-moon", "10.00"),  # row 10: unknown status
    _woo("4510", "WC-1010", "completed", "-1.00"),  # row 11: negative total
    _woo("4511", "WC-1011", "completed", "10.00", order_date="2026-02-30 10:00:00"),  # row 12
    _WOO_FIRST,  # row 13: row 2 exported again
    # row 14: a guest without e-mail but with a phone: the phone keys the buyer
    _woo("4512", "WC-1012", "completed", "10.00", customer_id="0", billing_phone="+1 415 555 0199"),
]
WOO_CSV = _table(WOO_HEADER, WOO_ROWS)


def test_woocommerce_plugin_export_with_every_trap(write_file: WriteFile) -> None:
    r = _parse(write_file("order_export_2026-03-10.csv", WOO_CSV))
    assert (r.platform, r.kind, r.layout) == ("woocommerce", ORDERS, "woocommerce-order-export")
    assert r.rows_read == 13
    orders = _by_id(r)
    first = orders["WC-1001"]
    assert (first.platform, first.row) == ("woocommerce", 2)
    assert (first.status, first.paid, first.refunded, first.currency) == (
        COMPLETED,
        5500,
        0,
        "USD",
    )
    assert (first.ordered_at, first.paid_at) == (
        datetime(2026, 3, 2, 9),
        datetime(2026, 3, 2, 9, 5),
    )
    assert (first.buyer_key, first.email) == ("jane.doe@example.com",) * 2
    assert (first.buyer_name, first.real_name, first.phone) == (
        "Jane Doe",
        "Jane Doe",
        "+14155550100",
    )
    assert (first.province, first.city, first.address) == ("TX", "Austin", "1 Main St Apt 2")
    assert first.items == [
        ParsedItem("Mug, blue", "MUG-1", 2, 1250),
        ParsedItem("Tote", "TOTE", 1, 3000),
    ]
    assert first.item_summary == "Mug, blue, Tote"
    assert first.buyer_note == "leave at door"
    guest = orders["WC-1002"]
    assert (guest.status, guest.currency, guest.buyer_key) == (PAID, "EUR", "guest@example.com")
    on_hold = orders["4503"]
    assert (on_hold.status, on_hold.buyer_key, on_hold.email) == (PENDING, "18", None)
    assert (orders["WC-1004"].status, orders["WC-1004"].buyer_key) == (PENDING, None)
    assert orders["WC-1012"].buyer_key == "+14155550199"  # was none: no customer
    assert orders["WC-1005"].status == CLOSED
    assert (orders["WC-1006"].status, orders["WC-1006"].refunded) == (REFUNDED, 1200)
    assert orders["WC-1007"].status == CLOSED
    assert orders["WC-1008"].status == PENDING
    assert orders["WC-1008"].real_name == '=HYPERLINK("x")'
    reasons = {x.row: x.reason for x in r.rejected}
    assert sorted(reasons) == [10, 11, 12]
    assert "shipped-to-moon" in reasons[10]
    assert "order_total" in reasons[11] and "negative" in reasons[11]
    assert "order_date" in reasons[12]
    assert r.notes == []


# --------------------------------------------------------------------------------------------
# Etsy (formats §8): both EtsySoldOrders headers, MM/DD/YY (a day above 12 and one below),
# `$` amounts with thousands separators, European decimal commas, Buyer User ID else the
# username, Order Total (not Order Value, not Order Net) as paid, refunds from Adjusted Order
# Total, a currency only in the amount, several SKUs in one cell, a bad date, a bad amount.


def _etsy(order_id: str, sale: str, total: str, status: str, **cells: str) -> dict[str, str]:
    row = {
        "Sale Date": sale,
        "Order ID": order_id,
        "Buyer User ID": "777",
        "Buyer": "coolbuyer42",
        "Full Name": "Jane Doe",
        "First Name": "Jane",
        "Last Name": "Doe",
        "Number of Items": "1",
        "Currency": "USD",
        "Order Value": total,
        "Order Total": total,
        "Status": status,
        "Card Processing Fees": "$0.50",
        "Order Net": "$1.00",
        "Adjusted Order Total": total,
    }
    row.update(cells)
    return row


ETSY_V1_ROWS = [
    # row 2: a blank Status and a ship date: shipped; Order Total (with shipping and tax)
    _etsy(
        "3001",
        "09/30/25",
        "$18.12",
        "",
        **{
            "Order Value": "$13.00",
            "Shipping": "$4.50",
            "Sales Tax": "$0.62",
            "Date Shipped": "10/01/25",
            "Street 1": "1 Main St",
            "Street 2": "Unit 4",
            "Ship City": "Austin",
            "Ship State": "TX",
            "Number of Items": "2",
            "SKU": "FOX-01,FOX-02",
        },
    ),
    # row 3: 4 March; no Buyer User ID: the username keys it; a partial refund
    _etsy(
        "3002",
        "03/04/26",
        "$1,234.50",
        "Paid",
        **{"Buyer User ID": "", "Buyer": "otherbuyer", "Adjusted Order Total": "$1,000.00"},
    ),
    _etsy("3003", "08/14/25", "$9.00", "Refunded", **{"Adjusted Order Total": "$0.00"}),  # row 4
    _etsy("3004", "08/15/25", "$9.00", "Canceled"),  # row 5
    _etsy("3005", "13/01/26", "$9.00", "Paid"),  # row 6: month 13 (rejected)
    _etsy("3006", "08/16/25", "abc", "Paid"),  # row 7: not an amount (rejected)
]
ETSY_V1_ROWS.append(dict(ETSY_V1_ROWS[0]))  # row 8: row 2 again
ETSY_V1_CSV = _table(ETSY_ORDER_HEADERS, ETSY_V1_ROWS)

ETSY_V2_ROWS = [
    # row 2: euros with decimal commas; Date Paid; shipped
    _etsy(
        "4001",
        "08/14/25",
        "16,50",
        "Paid",
        **{
            "Buyer User ID": "888",
            "Buyer": "eurobuyer",
            "Full Name": "Zoë Müller",
            "Currency": "EUR",
            "Order Value": "12,00",
            "Shipping": "4,50",
            "Date Paid": "08/14/25",
            "Date Shipped": "08/15/25",
        },
    ),
    # row 3: thousands dots with a decimal comma; partially refunded
    _etsy(
        "4002",
        "08/20/25",
        "1.234,50",
        "Partially Refunded",
        **{"Currency": "EUR", "Adjusted Order Total": "1.000,00", "Date Paid": "08/20/25"},
    ),
    # row 4: no Currency: the amount's sign says dollars; completed
    _etsy("4003", "08/21/25", "$20.00", "Completed", Currency=""),
]
ETSY_V2_CSV = _table(ETSY_ORDER_HEADERS_V2, ETSY_V2_ROWS)


def test_etsy_sold_orders_with_every_trap(write_file: WriteFile) -> None:
    r = _parse(write_file("EtsySoldOrders2025-9.csv", ETSY_V1_CSV))
    assert (r.platform, r.kind, r.layout) == ("etsy", ORDERS, "etsy-sold-orders")
    assert r.rows_read == 7
    orders = _by_id(r)
    assert sorted(orders) == ["3001", "3002", "3003", "3004"]
    first = orders["3001"]
    assert (first.platform, first.ordered_at) == ("etsy", datetime(2025, 9, 30))
    assert (first.status, first.paid, first.refunded, first.currency) == (SHIPPED, 1812, 0, "USD")
    assert (first.buyer_key, first.buyer_name, first.real_name) == (
        "777",
        "coolbuyer42",
        "Jane Doe",
    )
    assert (first.province, first.city, first.address) == ("TX", "Austin", "1 Main St Unit 4")
    assert (first.items, first.item_summary, first.paid_at) == ([], "", None)
    second = orders["3002"]
    assert second.ordered_at == datetime(2026, 3, 4)  # MM/DD/YY
    assert (second.buyer_key, second.buyer_name) == ("otherbuyer", "otherbuyer")
    assert (second.status, second.paid, second.refunded) == (PAID, 123450, 23450)
    assert (orders["3003"].status, orders["3003"].refunded) == (REFUNDED, 900)
    assert (orders["3004"].status, orders["3004"].refunded) == (CLOSED, 0)
    reasons = {x.row: x.reason for x in r.rejected}
    assert sorted(reasons) == [6, 7]
    assert "Sale Date" in reasons[6]
    assert "Order Total" in reasons[7]


def test_etsy_newer_header_and_decimal_commas(write_file: WriteFile) -> None:
    r = _parse(write_file("EtsySoldOrders2025-8.csv", ETSY_V2_CSV))
    assert (r.platform, r.rows_read, r.rejected) == ("etsy", 3, [])
    orders = _by_id(r)
    euro = orders["4001"]
    assert (euro.status, euro.paid, euro.currency) == (SHIPPED, 1650, "EUR")
    assert (euro.paid_at, euro.buyer_key, euro.buyer_name) == (
        datetime(2025, 8, 14),
        "888",
        "eurobuyer",
    )
    assert euro.real_name == "Zoë Müller"
    assert (orders["4002"].status, orders["4002"].paid, orders["4002"].refunded) == (
        PAID,
        123450,
        23450,
    )
    assert (orders["4003"].status, orders["4003"].currency) == (COMPLETED, "USD")


# --------------------------------------------------------------------------------------------
# eBay (formats §9): a line of bare commas, the quoted header, a padding row, a multi-item order
# as a summary row and its item rows (counted once), an unpaid multi-item order without one, an
# order with no Order Number, `$`/`AU $` amounts, `Sep-30-26` and `Sep-30-26 23:45:00`, a buyer
# whose name contains "seller", a blank line and the record-count / Seller ID trailer.


def _ebay_line(values: dict[str, str], header: list[str]) -> list[str]:
    unknown = set(values) - set(header)
    assert not unknown, unknown
    return [values.get(h, "") for h in header]


def _ebay(srn: str, order: str, user: str, **cells: str) -> dict[str, str]:
    return {"Sales Record Number": srn, "Order Number": order, "Buyer Username": user, **cells}


EBAY_US_ROWS = [
    # row 4: one item, paid
    _ebay(
        "149",
        "11-10000-00001",
        "bestseller_99",
        **{
            "Buyer Name": "Ann Lee",
            "Buyer Email": "Ann.Lee@Example.com",
            "Buyer Note": "No rush",
            "Buyer Address 1": "1 Elm St",
            "Buyer City": "Austin",
            "Buyer State": "TX",
            "Ship To Name": "Ann Lee",
            "Ship To Phone": "+1 415-555-0123",
            "Item Number": "220000000001",
            "Item Title": "Pikachu ex 122/106",
            "Quantity": "1",
            "Sold For": "$90.00",
            "Shipping And Handling": "$7.99",
            "Total Price": "$97.99",
            "Sale Date": "Sep-18-26",
            "Paid On Date": "Sep-18-26 10:15:00",
        },
    ),
    # row 5: no Order Number, not paid yet
    _ebay(
        "145",
        "",
        "buyer_two",
        **{
            "Item Number": "220000000002",
            "Item Title": "Reshiram EX 95/99",
            "Quantity": "1",
            "Sold For": "$50.00",
            "Total Price": "$50.00",
            "Sale Date": "Sep-15-26",
        },
    ),
    # rows 6-8: a paid multi-item order: the summary row, then its items without totals
    _ebay(
        "126",
        "01-14701-30101",
        "combo-buyer",
        **{
            "Buyer Name": "Bo Combo",
            "Ship To Name": "Bo Combo",
            "Ship To City": "Denver",
            "Ship To State": "CO",
            "Ship To Address 1": "2 Oak Ave",
            "Quantity": "3",
            "Sold For": "$305.00",
            "Shipping And Handling": "$46.60",
            "Total Price": "$351.60",
            "Sale Date": "Sep-30-26 23:45:00",
            "Paid On Date": "Sep-30-26 23:50:00",
        },
    ),
    _ebay(
        "126",
        "01-14701-30101",
        "combo-buyer",
        **{
            "Item Number": "406471933275",
            "Item Title": "Team Rocket's Meowth",
            "Quantity": "1",
            "Sold For": "$115.00",
            "Sale Date": "Sep-30-26 23:45:00",
            "Transaction ID": "1",
        },
    ),
    _ebay(
        "126",
        "01-14701-30101",
        "combo-buyer",
        **{
            "Item Number": "406802886617",
            "Item Title": "Vulpix 067/063",
            "Custom Label": "SKU-2",
            "Quantity": "2",
            "Sold For": "$95.00",
            "Sale Date": "Sep-30-26 23:45:00",
            "Transaction ID": "2",
            "Variation Details": "[Grade:PSA 9]",
        },
    ),
    # rows 9-10: an unpaid multi-item order: no summary row; each item row has its total
    _ebay(
        "130",
        "02-10000-00130",
        "two-items",
        **{
            "Item Number": "1",
            "Item Title": "Sleeve",
            "Quantity": "1",
            "Sold For": "$10.00",
            "Total Price": "$10.00",
            "Sale Date": "Sep-20-26",
        },
    ),
    _ebay(
        "130",
        "02-10000-00130",
        "two-items",
        **{
            "Item Number": "2",
            "Item Title": "Binder",
            "Quantity": "1",
            "Sold For": "$12.50",
            "Total Price": "$12.50",
            "Sale Date": "Sep-20-26",
        },
    ),
    # row 11: Australian dollars
    _ebay(
        "131",
        "16-14679-61003",
        "buyer-one",
        **{
            "Item Number": "405358863537",
            "Item Title": "PSA 10 Haunter",
            "Quantity": "1",
            "Sold For": "AU $3,000.00",
            "Shipping And Handling": "AU $13.00",
            "Total Price": "AU $3,013.00",
            "Sale Date": "26-May-26",
            "Paid On Date": "26-May-26",
        },
    ),
]


def _ebay_report(header: list[str], rows: list[dict[str, str]], trailer: list[str]) -> str:
    """The whole report: comma line, quoted header, padding row, rows, blank line, trailer."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    buf.write("," * (len(header) - 1) + "\r\n")
    writer.writerow(header)
    writer.writerow([""] * len(header))
    for row in rows:
        writer.writerow(_ebay_line(row, header))
    return buf.getvalue() + "\r\n" + "".join(t + "\r\n" for t in trailer)


EBAY_US_CSV = _ebay_report(
    EBAY_ORDER_HEADERS,
    EBAY_US_ROWS,
    ["5,record(s) downloaded,from Sep-01-26 to Sep-30-26", "Seller ID : demo_shop"],
)


def test_ebay_header_is_the_reports() -> None:
    start = "Sales Record Number, Order Number, Buyer Username, Buyer Name, Buyer Email, Buyer Note"
    assert EBAY_ORDER_HEADERS[:6] == start.split(", ")
    for name in (
        "Ship To Name",
        "Ship To Phone",
        "Item Number",
        "Item Title",
        "Custom Label",
        "Quantity",
        "Sold For",
        "Shipping And Handling",
        "Total Price",
        "Payment Method",
        "Sale Date",
        "Paid On Date",
        "Tracking Number",
        "Transaction ID",
        "Variation Details",
    ):
        assert name in EBAY_ORDER_HEADERS
    assert EBAY_ORDER_HEADERS_UK[1:3] == ["Order number", "Buyer username"]
    assert "Post to name" in EBAY_ORDER_HEADERS_UK
    assert EBAY_ORDER_HEADERS_DE[:2] == ["Verkaufsprotokollnummer", "Bestellnummer"]
    assert {"Gesamtbetrag", "Verkauft am"} <= set(EBAY_ORDER_HEADERS_DE)


def test_ebay_orders_report_with_every_trap(write_file: WriteFile) -> None:
    r = _parse(write_file("eBay-OrdersReport-Sep-30-2026.csv", EBAY_US_CSV))
    assert (r.platform, r.kind, r.layout) == ("ebay", ORDERS, "ebay-orders-report")
    # 8 data rows; the comma line, padding row, blank line and trailer are neither read nor
    # rejected.
    assert (r.rows_read, r.rejected) == (8, [])
    orders = _by_id(r)
    assert sorted(orders) == [
        "01-14701-30101",
        "02-10000-00130",
        "11-10000-00001",
        "145",
        "16-14679-61003",
    ]
    single = orders["11-10000-00001"]
    assert (single.platform, single.row) == ("ebay", 4)
    assert (single.status, single.paid, single.refunded, single.currency) == (PAID, 9799, 0, "USD")
    assert (single.ordered_at, single.paid_at) == (
        datetime(2026, 9, 18),
        datetime(2026, 9, 18, 10, 15),
    )
    assert (single.buyer_key, single.buyer_name, single.real_name) == (
        "bestseller_99",
        "bestseller_99",
        "Ann Lee",
    )
    assert (single.email, single.phone, single.buyer_note) == (
        "ann.lee@example.com",
        "+14155550123",
        "No rush",
    )
    assert (single.province, single.city, single.address) == ("TX", "Austin", "1 Elm St")
    assert single.items == [ParsedItem("Pikachu ex 122/106", "220000000001", 1, 9000)]
    unnumbered = orders["145"]  # no Order Number: the Sales Record Number names it
    assert (unnumbered.status, unnumbered.paid, unnumbered.paid_at) == (
        PENDING,
        0,
        None,
    )  # not paid yet: nothing paid
    combo = orders["01-14701-30101"]
    assert combo.row == 6
    assert (combo.status, combo.paid) == (PAID, 35160)  # the summary row, counted once
    assert combo.ordered_at == datetime(2026, 9, 30, 23, 45)
    assert combo.items == [
        ParsedItem("Team Rocket's Meowth", "406471933275", 1, 11500),
        ParsedItem("Vulpix 067/063", "SKU-2", 2, 9500, "[Grade:PSA 9]"),
    ]
    assert (combo.real_name, combo.province, combo.city, combo.address) == (
        "Bo Combo",
        "CO",
        "Denver",
        "2 Oak Ave",
    )
    unpaid = orders["02-10000-00130"]
    assert (unpaid.status, unpaid.paid, len(unpaid.items)) == (PENDING, 0, 2)  # nothing paid
    aud = orders["16-14679-61003"]
    assert (aud.paid, aud.currency, aud.ordered_at) == (301300, "AUD", datetime(2026, 5, 26))
    assert r.notes == []


EBAY_UK_CSV = _ebay_report(
    EBAY_ORDER_HEADERS_UK,
    [
        {
            "Sales record number": "501",
            "Order number": "21-09876-54321",
            "Buyer username": "brit_buyer",
            "Buyer email": "Tom@Example.co.uk",
            "Post to name": "Tom Smith",
            "Post to phone": "07700 900123",
            "Post to address 1": "1 High St",
            "Post to city": "Leeds",
            "Post to county": "West Yorkshire",
            "Item number": "330000000001",
            "Item title": "Tea Towel",
            "Custom label": "TT-1",
            "Quantity": "2",
            "Sold for": "£6.50",
            "Postage and packaging": "£2.99",
            "Total price": "£15.99",
            "Sale date": "30-Sep-26",
            "Paid on date": "30-Sep-26",
        }
    ],
    ["1,record(s) downloaded,from 01-Sep-26 to 30-Sep-26", "Seller ID : uk_shop"],
)


def test_ebay_order_with_a_shipped_date_is_shipped(write_file: WriteFile) -> None:
    # The report has no status column: paid orders with a Dispatched/Shipped On date shipped.
    header = EBAY_ORDER_HEADERS_UK
    lines = EBAY_UK_CSV.split("\r\n")
    row = next(csv.reader([lines[3]]))
    row[header.index("Dispatched on date")] = row[header.index("Paid on date")]
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="").writerow(row)
    lines[3] = buf.getvalue()
    (order,) = _parse(write_file("uk.csv", "\r\n".join(lines))).orders
    assert order.status == SHIPPED


def test_ebay_uk_wording(write_file: WriteFile) -> None:
    r = _parse(write_file("uk.csv", EBAY_UK_CSV))
    assert (r.platform, r.rows_read, r.rejected) == ("ebay", 1, [])
    (order,) = r.orders
    assert (order.order_no, order.status, order.paid, order.currency) == (
        "21-09876-54321",
        PAID,
        1599,
        "GBP",
    )
    assert (order.buyer_key, order.real_name, order.email) == (
        "brit_buyer",
        "Tom Smith",  # no Buyer name: the Post to name
        "tom@example.co.uk",
    )
    assert (order.city, order.province, order.address, order.phone) == (
        "Leeds",
        "West Yorkshire",
        "1 High St",
        "07700900123",
    )
    assert order.ordered_at == datetime(2026, 9, 30)
    assert order.items == [ParsedItem("Tea Towel", "TT-1", 2, 650)]


# ebay.de: semicolons, `116,99 €`, `10-Dez-25`, `05-Mär-26`, a hidden name (`--`).
EBAY_DE_CSV = (
    "Verkaufsprotokollnummer;Bestellnummer;Gesamtbetrag;Verkauft am;Zahlungsdatum;"
    "Nutzername des Käufers;Name des Käufers\r\n"
    "1;23-12345-12345;116,99 €;10-Dez-25;10-Dez-25;buyer;--\r\n"
    "2;23-12345-12346;1.234,50 €;05-Mär-26;;käufer_2;Jörg Müller\r\n"
)


def test_ebay_de_semicolons_and_german_dates(write_file: WriteFile) -> None:
    for text in (EBAY_DE_CSV, ";;;;;;\r\n" + EBAY_DE_CSV):  # with the line importers skip
        r = _parse(write_file("de.csv", text))
        assert (r.platform, r.rows_read, r.rejected) == ("ebay", 2, [])
        orders = _by_id(r)
        first = orders["23-12345-12345"]
        assert (first.status, first.paid, first.currency) == (PAID, 11699, "EUR")
        assert (first.ordered_at, first.paid_at) == (datetime(2025, 12, 10), datetime(2025, 12, 10))
        assert (first.buyer_key, first.real_name) == ("buyer", None)  # `--` is no name
        second = orders["23-12345-12346"]
        assert (second.status, second.paid, second.ordered_at) == (
            PENDING,
            0,  # not paid yet (no Zahlungsdatum): nothing paid
            datetime(2026, 3, 5),
        )
        assert second.real_name == "Jörg Müller"


def test_ebay_trailer_shapes_are_never_data(write_file: WriteFile) -> None:
    # The count alone in one quoted cell (another importer's fixture), and after the trailer
    # nothing is read either.
    text = EBAY_US_CSV.replace(
        "5,record(s) downloaded,from Sep-01-26 to Sep-30-26", '"5 record(s) downloaded"'
    )
    r = _parse(write_file("ebay.csv", text))
    assert (r.rows_read, r.rejected, len(r.orders)) == (8, [], 5)


# --------------------------------------------------------------------------------------------
# Detection: every fixture is recognised as its own platform and no other.


def _fixtures(fx: Any, write_file: WriteFile, write_xlsx: Callable[..., Path]) -> dict[str, Any]:
    """name → (path, expected detect())."""
    return {
        "qianniu": (
            write_file("qianniu.csv", QIANNIU_CSV, "gbk"),
            ("qianniu", ORDERS, "qianniu-suborders"),
        ),
        "qianniu-workbook": (
            write_xlsx(
                "book.xlsx",
                {
                    "订单报表": QIANNIU_ORDER_SHEET,
                    "销售明细": QIANNIU_LINE_SHEET,
                    "发货报表": QIANNIU_SHIPPING_SHEET,
                },
            ),
            ("qianniu", ORDERS, "qianniu-suborders"),
        ),
        "qianniu-orders": (
            write_xlsx("orders.xlsx", {"订单报表": QIANNIU_ORDER_SHEET}),
            ("qianniu", ORDERS, "qianniu-order-report"),
        ),
        "douyin": (
            write_file("douyin.csv", DOUYIN_CSV, "utf-8-sig"),
            ("douyin", ORDERS, "douyin-order-details"),
        ),
        "woocommerce": (
            write_file("woo.csv", WOO_CSV),
            ("woocommerce", ORDERS, "woocommerce-order-export"),
        ),
        "etsy": (write_file("etsy1.csv", ETSY_V1_CSV), ("etsy", ORDERS, "etsy-sold-orders")),
        "etsy-v2": (write_file("etsy2.csv", ETSY_V2_CSV), ("etsy", ORDERS, "etsy-sold-orders")),
        "ebay": (write_file("ebay.csv", EBAY_US_CSV), ("ebay", ORDERS, "ebay-orders-report")),
        "ebay-uk": (write_file("uk.csv", EBAY_UK_CSV), ("ebay", ORDERS, "ebay-orders-report")),
        "ebay-de": (write_file("de.csv", EBAY_DE_CSV), ("ebay", ORDERS, "ebay-orders-report")),
        "taobao": (
            write_file("ExportOrderList1.csv", fx.TAOBAO_CSV, "gbk"),
            ("taobao", ORDERS, "taobao-order-report"),
        ),
        "taobao-sold-items": (
            write_file("已卖出的宝贝.csv", fx.TAOBAO_SOLD_CSV, "gbk"),
            ("taobao", ORDERS, "taobao-sold-items"),
        ),
        "jd": (write_file("jd.csv", fx.JD_CSV, "gbk"), ("jd", ORDERS, "jd-order-export")),
        "pdd": (write_file("pdd.csv", fx.PDD_CSV), ("pdd", ORDERS, "pdd-order-export")),
        "shopify": (
            write_file("orders_export.csv", fx.SHOPIFY_CSV),
            ("shopify", ORDERS, "shopify-orders-export"),
        ),
        **{
            f"shopify-customers-{g}": (
                write_file(f"customers_{g}.csv", fx.SHOPIFY_CUSTOMERS[g]),
                ("shopify", "customers", "shopify-customers-export"),
            )
            for g in ("current", "v2", "v1")
        },
    }


def test_detect_each_fixture(
    fx: Any, write_file: WriteFile, write_xlsx: Callable[..., Path]
) -> None:
    for name, (path, expected) in _fixtures(fx, write_file, write_xlsx).items():
        assert detect(path) == expected, name
        assert _parse(path).layout == expected[2], name


def test_no_platform_takes_another_platforms_file(
    fx: Any, write_file: WriteFile, write_xlsx: Callable[..., Path]
) -> None:
    forcible = [x for x in PLATFORMS if x != "generic"]
    for name, (path, expected) in _fixtures(fx, write_file, write_xlsx).items():
        for platform in forcible:
            if platform == expected[0]:
                assert _parse(path, platform=platform).platform == platform, name
                continue
            with pytest.raises(MissingColumns) as info:
                _parse(path, platform=platform)
            assert info.value.platform == platform and info.value.missing, (name, platform)


def _without(text: str, column: str, delimiter: str = ",") -> str:
    """The CSV text with one column removed."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header_at = next(i for i, row in enumerate(rows) if column in row)
    at = rows[header_at].index(column)
    for row in rows:
        if len(row) > at and len(row) == len(rows[header_at]):
            del row[at]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("platform", "text", "columns"),
    [
        ("qianniu", QIANNIU_CSV, ["买家实付金额"]),
        ("qianniu", QIANNIU_CSV, ["子订单编号", "订单创建时间"]),
        ("douyin", DOUYIN_CSV, ["订单应付金额"]),
        ("douyin", DOUYIN_CSV, ["子订单编号", "商品金额"]),
        ("woocommerce", WOO_CSV, ["order_total"]),
        ("woocommerce", WOO_CSV, ["order_id", "status"]),
        ("etsy", ETSY_V1_CSV, ["Order Total", "Order Value"]),
        ("etsy", ETSY_V2_CSV, ["Sale Date"]),
        ("ebay", EBAY_US_CSV, ["Total Price"]),
        ("ebay", EBAY_US_CSV, ["Sales Record Number", "Sale Date"]),
    ],
)
def test_forced_platform_names_the_missing_columns(
    write_file: WriteFile, platform: str, text: str, columns: list[str]
) -> None:
    for column in columns:
        text = _without(text, column)
    path = write_file("x.csv", text, "gbk" if platform == "qianniu" else "utf-8")
    with pytest.raises(MissingColumns) as info:
        _parse(path, platform=platform)
    expected = [c for c in columns if c != "Order Value"]  # the other spelling of Order Total
    assert info.value.missing == expected
    for column in expected:
        assert column in str(info.value)
    # Left to detection, the file is no known layout at all (never some other platform's).
    with pytest.raises(UnknownLayout):
        _parse(path)


def test_ebay_de_missing_total_is_named(write_file: WriteFile) -> None:
    path = write_file("de.csv", _without(EBAY_DE_CSV, "Gesamtbetrag", ";"))
    with pytest.raises(MissingColumns) as info:
        _parse(path, platform="ebay")
    assert info.value.missing == ["Total Price"]


def test_a_new_layouts_header_only_file_has_no_rows(write_file: WriteFile) -> None:
    for text in (QIANNIU_HEADER, DOUYIN_HEADER_TEXT, ",".join(WOO_HEADER)):
        r = _parse(write_file("h.csv", text + "\r\n", "gbk"))
        assert (r.rows_read, r.orders, r.rejected) == (0, [], [])


def test_errors_never_escape_as_crashes(write_file: WriteFile) -> None:
    # Rows cut short in the middle of the fields a parser reads.
    for text in (QIANNIU_CSV, DOUYIN_CSV, WOO_CSV, ETSY_V1_CSV, EBAY_US_CSV):
        lines = text.splitlines()
        cut = [line[: len(line) // 2] for line in lines[1:]]
        path = write_file("cut.csv", "\r\n".join([lines[0], *cut]) + "\r\n", "gb18030")
        try:
            r = _parse(path)
        except ImportFileError as exc:
            assert not isinstance(exc, p.ParserCrash), exc
        else:
            assert all(x.reason for x in r.rejected)
