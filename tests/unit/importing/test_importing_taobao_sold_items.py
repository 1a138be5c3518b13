"""Taobao/Tmall 已卖出的宝贝 (formats §1 Quirks): one row per item, 订单编号 repeated.

订单状态 is each item's own (a refunded item says 交易关闭 while the order succeeded), and 邮费
and 买家实际支付金额 repeat on the item rows: an order is its rows together, not its last row.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from desktop_crm.services.importing.parse import detect, parse_file
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    ORDERS,
    PAID,
    REFUNDED,
    ParsedItem,
    ParseResult,
)

PARSE_NOW = datetime(2026, 11, 22, 10, 30)
CST = timezone(timedelta(hours=8))


def _parse(path: Path, **kw: Any) -> ParseResult:
    return parse_file(path, now=PARSE_NOW, local_tz=CST, **kw)


def test_item_rows_make_one_order_each(fx: Any, write_file: Any) -> None:
    path = write_file("已卖出的宝贝.csv", fx.TAOBAO_SOLD_CSV, "gbk")
    assert detect(path) == ("taobao", ORDERS, "taobao-sold-items")
    r = _parse(path)
    assert (r.platform, r.layout) == ("taobao", "taobao-sold-items")
    orders = {o.order_no: o for o in r.orders}
    assert sorted(orders) == [f"830000000000000000{n}" for n in range(1, 6)]
    a = orders["8300000000000000001"]
    # The refunded item does not close the order, and the order's amount is counted once.
    assert (a.row, a.status, a.paid, a.refunded) == (2, COMPLETED, 11000, 4000)
    assert a.items == [ParsedItem("杯子", "CUP", 1, 6000), ParsedItem("碗", "BOWL", 1, 4000)]
    assert a.item_summary == "杯子，碗"
    assert (a.buyer_key, a.real_name, a.phone, a.province, a.city) == (
        "tb小明",
        "张三",
        "13800138000",
        "浙江省",
        "杭州市",
    )
    assert (a.ordered_at, a.paid_at) == (datetime(2026, 10, 1, 10), datetime(2026, 10, 1, 10, 1))
    b = orders["8300000000000000002"]
    assert (b.status, b.paid, b.refunded) == ("shipped", 3500, 0)
    assert any("added up" in n for n in b.notes)
    c = orders["8300000000000000003"]
    assert (c.status, c.paid, c.refunded) == (REFUNDED, 20900, 20900)
    d = orders["8300000000000000004"]
    assert (d.status, d.paid, d.refunded) == (CLOSED, 0, 0)
    e = orders["8300000000000000005"]
    assert (e.status, e.paid, e.refunded) == (PAID, 9800, 0)
    assert {x.row: x.reason for x in r.rejected}.keys() == {14}
    assert "火星状态" in r.rejected[0].reason
    assert not any("appears again" in n for n in r.notes)


def test_a_refund_column_and_a_coupon_difference(fx: Any, write_file: Any) -> None:
    header = [*fx.TAOBAO_SOLD_HEADER, "退款金额"]
    rows = [
        # a real refund of the second item, written on its row
        [*fx.taobao_sold_row("8300000000000000011", "杯子", "60.00", "交易成功", "110.00"), "0.00"],
        [*fx.taobao_sold_row("8300000000000000011", "碗", "40.00", "交易关闭", "110.00"), "35.00"],
        # 退款金额 = 应付 (60 + 10) − 实付 (65) on a live order: a coupon, not a refund
        [*fx.taobao_sold_row("8300000000000000012", "杯子", "60.00", "交易成功", "65.00"), "5.00"],
    ]
    r = _parse(write_file("已卖出的宝贝.csv", fx.table_csv(rows, header), "gbk"))
    orders = {o.order_no: o for o in r.orders}
    a = orders["8300000000000000011"]
    assert (a.status, a.paid, a.refunded) == (COMPLETED, 11000, 3500)
    coupon = orders["8300000000000000012"]
    assert (coupon.status, coupon.paid, coupon.refunded) == (COMPLETED, 6500, 0)
    assert any("coupon" in n for n in coupon.notes)


def test_the_classic_order_report_is_still_read_as_orders(fx: Any, write_file: Any) -> None:
    path = write_file("ExportOrderList1.csv", fx.TAOBAO_CSV, "gbk")
    assert detect(path) == ("taobao", ORDERS, "taobao-order-report")


def test_a_blank_refund_column_falls_back_to_the_refunded_item(fx: Any, write_file: Any) -> None:
    header = [*fx.TAOBAO_SOLD_HEADER, "退款金额"]
    rows = [
        [*fx.taobao_sold_row("8300000000000000021", "杯子", "60.00", "交易成功", "110.00"), ""],
        [*fx.taobao_sold_row("8300000000000000021", "碗", "40.00", "交易关闭", "110.00"), ""],
    ]
    r = _parse(write_file("已卖出的宝贝.csv", fx.table_csv(rows, header), "gbk"))
    (a,) = r.orders
    assert (a.status, a.paid, a.refunded) == (COMPLETED, 11000, 4000)


def test_item_rows_of_one_order_naming_two_buyers_are_refused(fx: Any, write_file: Any) -> None:
    rows = [
        fx.taobao_sold_row("8300000000000000031", "杯子", "60.00", "交易成功", "70.00"),
        fx.taobao_sold_row(
            "8300000000000000031", "碗", "40.00", "交易成功", "50.00", 买家会员名="tb另一人"
        ),
    ]
    r = _parse(write_file("已卖出的宝贝.csv", fx.table_csv(rows), "gbk"))
    assert r.orders == []
    assert [x.row for x in r.rejected] == [3]
    assert "different buyers" in r.rejected[0].reason


def test_a_closed_order_with_money_paid_and_no_refund_column_was_refunded(
    write_file: Any,
) -> None:
    # The classic 44-column 订单报表 has no 退款金额. An order paid, then 交易关闭, was stored
    # as closed 0/0: its payment and refund lost. 买家实际支付金额 is 0 for an order closed
    # unpaid (formats §1), so money paid means a full refund, as 已卖出的宝贝 reads it.
    header = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间 ,宝贝标题 "
    rows = [
        '="2039000000000000051",tb_a,88.00,交易关闭,2026-10-01 10:00:00,2026-10-01 10:01:00,杯子',
        '="2039000000000000052",tb_b,0.00,交易关闭,2026-10-02 10:00:00,,杯子',
        '="2039000000000000053",tb_c,66.00,交易成功,2026-10-03 10:00:00,2026-10-03 10:01:00,杯子',
    ]
    for n in (1, 200):  # the careful path, and the fast one a long file takes
        path = write_file(
            f"ExportOrderList20261001{n:04d}.csv", "\n".join([header, *rows * n]), "gbk"
        )
        orders = {o.order_no: o for o in _parse(path).orders}
        got = [(orders[k].status, orders[k].paid, orders[k].refunded) for k in sorted(orders)]
        assert got == [(REFUNDED, 8800, 8800), (CLOSED, 0, 0), (COMPLETED, 6600, 0)], n
