"""Fixtures for the import parse layer: literal export files with every known trap."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest

from desktop_crm.services.importing.records import ParsedCustomer, ParsedOrder

PARSE_NOW = datetime(2026, 11, 22, 10, 30)
CST = timezone(timedelta(hours=8))  # the store's zone in tests that convert offsets

# A Taobao 订单报表 as sellers download it: trailing spaces in six headers, ="…" ids, a leading
# ' on phones, both comma variants of the status, a `元` suffix, a 2.03918E+18 id, an impossible
# date, a negative amount, an unknown status, a future order, a blank row, a repeated order and
# a 合计 footer. Rows are numbered as a spreadsheet shows them (header = row 1).
TAOBAO_HEADER = (
    "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,"
    "买家留言,收货人姓名,收货地址 ,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,"
    "宝贝种类 ,"
    "宝贝总数量,退款金额,确认收货时间"
)
TAOBAO_ROWS = [
    # row 2: a clean completed order
    '="2039180000000000001",tb小明,pay1@alipay.example,100.00,10.00,110.00,110.00,交易成功,'
    "请尽快发货,张三,浙江省 杭州市 西湖区 文三路100号(310000),,'13800138000,"
    "2024-05-03 14:22:10,2024-05-03 14:25:00,纯棉T恤，保温杯,2,3,0.00,2024-05-10 09:00:00",
    # row 3: paid, ASCII comma variant of the status (quoted because of the comma), 元 suffix
    '="2039180000000000002",小红红,pay2@alipay.example,88.00,0.00,88.00,88.00元,'
    '"买家已付款,等待卖家发货",,李四,北京 北京市 朝阳区 建国路1号(100000),,'
    "'13900139000,2024/5/4 7:05,2024/5/4 7:06,瑜伽垫,1,1,,",
    # row 4: full-width comma variant, shipped
    '="2039180000000000003",tb小明,pay1@alipay.example,59.00,0.00,59.00,59.00,'
    "卖家已发货，等待买家确认,,张三,浙江省 杭州市 西湖区 文三路100号(310000),,"
    "'13800138000,2024-05-05 10:00:00,2024-05-05 10:01:00,手机壳,1,1,,",
    # row 5: blank
    ",,,,,,,,,,,,,,,,,,,",
    # row 6: id destroyed by Excel
    "2.03918E+18,tb某人,,10.00,0.00,10.00,10.00,交易成功,,王五,上海 上海市 浦东新区 世纪大道1号,"
    ",13700137000,2024-05-06 08:00:00,,杯子,1,1,,",
    # row 7: impossible date
    '="2039180000000000007",tb某人,,10.00,0.00,10.00,10.00,交易成功,,王五,'
    "上海 上海市 浦东新区 世纪大道1号,,13700137000,2024-02-30 08:00:00,,杯子,1,1,,",
    # row 8: negative paid amount
    '="2039180000000000008",tb某人,,10.00,0.00,10.00,-10.00,交易成功,,王五,'
    "上海 上海市 浦东新区 世纪大道1号,,13700137000,2024-05-06 08:00:00,,杯子,1,1,,",
    # row 9: unknown status
    '="2039180000000000009",tb某人,,10.00,0.00,10.00,10.00,火星状态,,王五,'
    "上海 上海市 浦东新区 世纪大道1号,,13700137000,2024-05-06 08:00:00,,杯子,1,1,,",
    # row 10: dated in the future
    '="2039180000000000010",tb某人,,10.00,0.00,10.00,10.00,交易成功,,王五,'
    "上海 上海市 浦东新区 世纪大道1号,,13700137000,2031-01-01 08:00:00,,杯子,1,1,,",
    # row 11: closed after a full refund → refunded
    '="2039180000000000011",tb退款,,30.00,0.00,30.00,30.00,交易关闭,,赵六,'
    "广西壮族自治区 南宁市 青秀区 民族大道1号(530000),,'138****1234,2024-05-07 08:00:00,"
    "2024-05-07 08:01:00,围巾,1,1,30.00,",
    # row 12: closed, never paid
    '="2039180000000000012",tb关闭,,30.00,0.00,30.00,0.00,交易关闭,,*鸿章,'
    "**** **** 某区 某路1号,,,2024-05-08 08:00:00,,围巾,1,1,,",
    # row 13: the row-2 order again, identical (a re-export): imported once, not rejected
    '="2039180000000000001",tb小明,pay1@alipay.example,100.00,10.00,110.00,110.00,交易成功,'
    "请尽快发货,张三,浙江省 杭州市 西湖区 文三路100号(310000),,'13800138000,"
    "2024-05-03 14:22:10,2024-05-03 14:25:00,纯棉T恤，保温杯,2,3,0.00,2024-05-10 09:00:00",
    # row 14: the row-3 order again with a newer status: the later row wins, with a note
    '="2039180000000000002",小红红,pay2@alipay.example,88.00,0.00,88.00,88.00,'
    "卖家已发货，等待买家确认,,李四,北京 北京市 朝阳区 建国路1号(100000),,"
    "'13900139000,2024/5/4 7:05,2024/5/4 7:06,瑜伽垫,1,1,,",
    # row 15: footer
    "合计,,,,,,376.00,,,,,,,,,,,,,",
]
TAOBAO_CSV = "\r\n".join([TAOBAO_HEADER, *TAOBAO_ROWS]) + "\r\n"

TAOBAO_DETAIL_CSV = (
    "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码\r\n"
    '="2039180000000000001",纯棉T恤,50.00,1,,颜色分类:白色;尺码:L,,,交易成功,TS-001\r\n'
    '="2039180000000000001",保温杯,25.00,2,,颜色分类:奶白色,,,交易成功,CUP-500\r\n'
    '="2039180000000000003",手机壳,59.00,1,,型号:iPhone 15,,,卖家已发货，等待买家确认,CASE-15\r\n'
    '="2039189999999999999",不存在的订单,1.00,1,,,,,交易成功,X\r\n'
)

# JD: a title row above the header, one row per SKU with the order amounts repeated, the
# (删除) prefix, a 总计 footer.
JD_CSV = (
    "京东订单导出,,,,,,,,,,,,,,,\r\n"
    "订单号,商品ID,商品名称,订购数量,支付方式,下单时间,京东价,订单金额,结算金额,应付金额,订单状态,"
    "订单类型,下单帐号,客户姓名,客户地址,联系电话\r\n"
    "28000000001,1001,蓝牙耳机,1,在线支付,2015-12-31 23:19:56,758.00,1097.00,1000.00,1050.00,"
    "(删除)等待出库,销售订单,rds3199358,王小二,北京 朝阳区 三环以内 建国路2号,13800000001\r\n"
    "28000000001,1002,充电线,2,在线支付,2015-12-31 23:19:56,169.50,1097.00,1000.00,1050.00,"
    "(删除)等待出库,销售订单,rds3199358,王小二,北京 朝阳区 三环以内 建国路2号,13800000001\r\n"
    "28000000002,1003,保温杯,1,在线支付,2016-01-02 10:00:00,89.00,89.00,80.00,89.00,"
    "完成,销售订单,jd_abc,李*,江苏 南京市 鼓楼区 中山路1号,138****0002\r\n"
    "28000000003,1004,手机壳,1,在线支付,2016-01-03 10:00:00,19.90,19.90,19.90,19.90,"
    "锁定,销售订单,jd_xyz,赵,四川 成都市 武侯区 人民南路1号,13800000003\r\n"
    "总计,,,,,,,,,1158.90,,,,,,\r\n"
)

# Pinduoduo: a title row, a blank 订单成交时间 (date from the id prefix), a refund in 售后状态,
# masked recipients and a masked province.
PDD_CSV = (
    "名称：订单列表,,,,,,,,,,,,,,,\r\n"
    "订单成交时间,商品,订单号,订单状态,商品总价(元),邮费(元),用户实付金额(元),商家实收金额(元),"
    "商品数量(件),商品规格,售后状态,收货人,手机,省,市,区\r\n"
    "2026-05-17 12:00:01,抽纸 3包,260517-607198974342268,已收货,29.90,0.00,25.90,27.00,1,"
    "3包装,无售后或售后取消,张**,138****1234,浙江省,杭州市,西湖区\r\n"
    ",抽纸 6包,260518-607198974342269,已签收,49.90,0.00,45.90,47.00,1,6包装,退款成功,"
    "李**,139****5678,****,****,****\r\n"
    "2026-05-19 08:00:00,湿巾,260519-607198974342270,待发货,9.90,0.00,9.90,9.90,1,"
    "单包,无售后或售后取消,张**,138****1234,浙江省,杭州市,西湖区\r\n"
    "总计,,,,,,81.70,,,,,,,,,\r\n"
)

# Shopify: order-level fields only on an order's first row, offsets, mixed-case e-mail.
SHOPIFY_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Subtotal,"
    "Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,"
    "Billing Name,Billing Address1,Billing City,Billing Province,Billing Phone,Notes,Cancelled at,"
    "Refunded Amount,Billing Province Name"
)
SHOPIFY_ROWS = [
    "#1001,Emma.Smith@Example.com,paid,2024-05-03 14:25:00 -0700,fulfilled,"
    "2024-05-05 09:00:00 -0700,USD,36.00,5.00,0.00,41.00,2024-05-03 14:22:10 -0700,2,"
    "Ceramic Mug,12.00,MUG-1,Emma Smith,1 Market St,San Francisco,CA,+1 415-555-0123,"
    "leave at door,,0.00,California",
    "#1001,Emma.Smith@Example.com,,,,,,,,,,2024-05-03 14:22:10 -0700,1,Tote Bag,12.00,TOTE-1,"
    ",,,,,,,,",
    "#1002,liam@example.com,partially_refunded,2024-05-04 10:00:00 -0700,fulfilled,"
    "2024-05-06 10:00:00 -0700,USD,20.00,0.00,0.00,20.00,2024-05-04 09:59:00 -0700,1,"
    "Candle,20.00,CNDL,Liam Brown,2 Main St,Austin,TX,,,,5.00,Texas",
    "#1003,liam@example.com,refunded,2024-05-05 10:00:00 -0700,,,USD,15.00,0.00,0.00,15.00,"
    "2024-05-05 09:00:00 -0700,1,Pin,15.00,PIN,Liam Brown,2 Main St,Austin,TX,,,,15.00,Texas",
    "#1004,,voided,,,,USD,9.00,0.00,0.00,9.00,2024-05-06 09:00:00 -0700,1,Sticker,9.00,ST,"
    ",,,,,,,0.00,",
    "#1005,zoe@example.com,paid,2024-05-07 10:00:00 -0700,,,EUR,30.00,0.00,0.00,30.00,"
    "2024-05-07 09:00:00 -0700,1,Scarf,30.00,SC,Zoë Müller,,Berlin,,,,"
    "2024-05-08 09:00:00 -0700,0.00,",
    "#1006,pending@example.com,pending,,,,USD,10.00,0.00,0.00,10.00,2024-05-08 09:00:00 -0700,"
    "1,Cap,10.00,CAP,,,,,,,,0.00,",
    # an orphan continuation row: its order's first row is not in the file
    "#0999,,,,,,,,,,,2024-05-01 09:00:00 -0700,1,Lost Line,5.00,LL,,,,,,,,,",
]
SHOPIFY_CSV = "\n".join([SHOPIFY_HEADER, *SHOPIFY_ROWS]) + "\n"

SHOPIFY_CUSTOMERS = {
    "current": (
        "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
        "Default Address Address1,Default Address Address2,Default Address City,"
        "Default Address Province Code,Default Address Country Code,Default Address Zip,"
        "Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,"
        "Tax Exempt,Tags\n"
        "'8779761975521,Mohammad,Rahman,M.Rahman@Example.com,yes,,House 1,Road 2,Dhaka,,BD,"
        "'1207,,'+8801912010701,no,120.00,3,likes tea,no,\"VIP, wholesale,  ,VIP\"\n"
        "'8779761975522,Ann,Lee,,no,,,,,,,,,'+14155550123,no,0.00,0,,no,\n"
    ),
    "v2": (
        "First Name,Last Name,Email,Accepts Email Marketing,Company,Address1,Address2,City,"
        "Province,Province Code,Country,Country Code,Zip,Phone,Accepts SMS Marketing,Total Spent,"
        "Total Orders,Tags,Note,Tax Exempt\n"
        "Mohammad,Rahman,M.Rahman@Example.com,yes,,House 1,Road 2,Dhaka,Dhaka Division,,"
        "Bangladesh,BD,'1207,'+8801912010701,no,120.00,3,\"VIP, wholesale\",likes tea,no\n"
    ),
    "v1": (
        "First Name,Last Name,Email,Accepts Marketing,Company,Address1,Address2,City,Province,"
        "Province Code,Country,Country Code,Zip,Phone,Total Spent,Total Orders,Tags,Note,"
        "Tax Exempt\n"
        "Mohammad,Rahman,M.Rahman@Example.com,yes,,House 1,Road 2,Dhaka,Dhaka Division,,"
        "Bangladesh,BD,'1207,'+8801912010701,120.00,3,\"VIP, wholesale\",likes tea,no\n"
    ),
}


# A Taobao 已卖出的宝贝 export (formats §1 Quirks): one row per item, 订单编号 repeated, each
# item's own 订单状态, 邮费 and the order's 买家实际支付金额 repeated on its item rows.
TAOBAO_SOLD_HEADER = [
    "订单编号",
    "买家会员名",
    "宝贝标题",
    "价格",
    "购买数量",
    "商家编码",
    "邮费",
    "买家实际支付金额",
    "订单状态",
    "订单创建时间",
    "订单付款时间",
    "收货人姓名",
    "联系手机",
    "收货地址",
    "买家留言",
]
SOLD_ADDRESS = "浙江省 杭州市 西湖区 文三路100号(310000)"


def taobao_sold_row(
    order: str, title: str, price: str, status: str, paid: str, **cells: str
) -> list[str]:
    values = {
        "订单编号": f'="{order}"',
        "买家会员名": "tb小明",
        "宝贝标题": title,
        "价格": price,
        "购买数量": "1",
        "邮费": "10.00",
        "买家实际支付金额": paid,
        "订单状态": status,
        "订单创建时间": "2026-10-01 10:00:00",
        "订单付款时间": "2026-10-01 10:01:00",
        "收货人姓名": "张三",
        "联系手机": "'13800138000",
        "收货地址": SOLD_ADDRESS,
        **cells,
    }
    unknown = set(values) - set(TAOBAO_SOLD_HEADER)
    assert not unknown, unknown
    return [values.get(h, "") for h in TAOBAO_SOLD_HEADER]


def table_csv(rows: list[list[str]], header: list[str] = TAOBAO_SOLD_HEADER) -> str:
    """CSV text of a header and rows, as a spreadsheet program writes it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


TAOBAO_SOLD_ROWS = [
    # rows 2-3: the order succeeded; its second item was refunded (交易关闭). 邮费 and the
    # order's 买家实际支付金额 (60 + 40 + 10) repeat on both rows.
    taobao_sold_row("8300000000000000001", "杯子", "60.00", "交易成功", "110.00", 商家编码="CUP"),
    taobao_sold_row("8300000000000000001", "碗", "40.00", "交易关闭", "110.00", 商家编码="BOWL"),
    # rows 4-5: each row carries its own item's amount (different values): added up
    taobao_sold_row("8300000000000000002", "毛巾", "20.00", "卖家已发货，等待买家确认", "30.00"),
    taobao_sold_row("8300000000000000002", "牙刷", "5.00", "买家已付款，等待卖家发货", "5.00"),
    # rows 6-7: paid, then every item refunded
    taobao_sold_row("8300000000000000003", "耳机", "199.00", "交易关闭", "209.00"),
    taobao_sold_row("8300000000000000003", "耳机套", "0.00", "交易关闭", "209.00"),
    # row 8: closed before payment
    taobao_sold_row("8300000000000000004", "围巾", "30.00", "交易关闭", "0.00", 订单付款时间=""),
    # rows 9-10: one item still waiting to ship, ASCII comma in the status
    taobao_sold_row("8300000000000000005", "瑜伽垫", "88.00", "买家已付款,等待卖家发货", "98.00"),
    taobao_sold_row("8300000000000000005", "拉力带", "0.00", "买家已付款,等待卖家发货", "98.00"),
    # rows 11-12: rows 2-3 exported again: the order once, not a rejected row
    taobao_sold_row("8300000000000000001", "杯子", "60.00", "交易成功", "110.00", 商家编码="CUP"),
    taobao_sold_row("8300000000000000001", "碗", "40.00", "交易关闭", "110.00", 商家编码="BOWL"),
    # rows 13-14: an unknown status on one item rejects its order, naming that row
    taobao_sold_row("8300000000000000006", "杯子", "60.00", "交易成功", "70.00"),
    taobao_sold_row("8300000000000000006", "盘子", "10.00", "火星状态", "70.00"),
]


TAOBAO_SOLD_CSV = table_csv(TAOBAO_SOLD_ROWS)


@pytest.fixture
def fx() -> ModuleType:
    """This module: the literal export fixtures above and the helpers below."""
    return sys.modules[__name__]


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (in an encoding) or bytes to a file in tmp_path and return its path."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (lists of cell values) to sheets of an xlsx; text cells stay text."""

    def write(name: str, sheets: dict[str, list[list[Any]]], *, epoch1904: bool = False) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        if epoch1904:
            wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
                for cell in ws[ws.max_row]:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
        path = tmp_path / name
        wb.save(path)
        return path

    return write


def csv_rows(text: str) -> list[list[str]]:
    """Split literal CSV text into rows (for building xlsx fixtures from the CSV literals)."""
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture
def rows_of() -> Callable[[str], list[list[str]]]:
    """Parse literal CSV text into rows."""
    return csv_rows


def set_dimension(path: Path, ref: str) -> None:
    """Rewrite every sheet's stored <dimension> (the trap openpyxl's read-only mode falls in)."""
    with zipfile.ZipFile(path) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                if "<dimension" in text:
                    text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', text)
                else:
                    text = text.replace("<sheetData", f'<dimension ref="{ref}"/><sheetData', 1)
                data = text.encode()
            zf.writestr(info.filename, data)


@pytest.fixture
def patch_dimension() -> Callable[[Path, str], None]:
    """Rewrite an xlsx's stored dimension."""
    return set_dimension


def patch_declared_size(path: Path, member: str, size: int) -> None:
    """Overwrite a member's declared uncompressed size in the local and central headers."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # Local file header: signature PK\3\4, uncompressed size at offset 22.
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) != -1:
        n = struct.unpack_from("<H", data, pos + 26)[0]
        if data[pos + 30 : pos + 30 + n] == name:
            struct.pack_into("<I", data, pos + 22, size)
        pos += 4
    # Central directory header: signature PK\1\2, uncompressed size at offset 24.
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + n] == name:
            struct.pack_into("<I", data, pos + 24, size)
        pos += 4
    path.write_bytes(bytes(data))


@pytest.fixture
def declare_size() -> Callable[[Path, str, int], None]:
    """Lie about a zip member's uncompressed size."""
    return patch_declared_size


def comparable(record: ParsedOrder | ParsedCustomer, *, items: bool = True) -> dict[str, Any]:
    """A record as a dict without its row number and notes (for round-trip comparisons)."""
    d = dataclasses.asdict(record)
    d["row"] = 0
    d.pop("notes", None)
    if not items:
        d["items"] = []
    return d


@pytest.fixture
def as_dict() -> Callable[..., dict[str, Any]]:
    """Turn a record into a comparable dict."""
    return comparable


def all_text(records: list[Any]) -> str:
    """Every value of every record as one string (for "never copied" checks)."""
    return "\n".join(repr(dataclasses.asdict(r)) for r in records)


@pytest.fixture
def record_text() -> Callable[[list[Any]], str]:
    """Render records as text."""
    return all_text
