"""Skipped rows' reasons are shown in the merchant's language (views/rejections.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from desktop_crm.services.importing import normalize as n
from desktop_crm.services.importing.engine import import_file
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.rejections import _understood, rejection_text

NOW = datetime(2026, 11, 22, 10, 0)

# What the normalisers raise for bad cells: every message must be one the view knows.
BAD_CELLS: list[Callable[[], object]] = [
    lambda: n.parse_money("¥abc"),
    lambda: n.parse_money("9" * 30),
    lambda: n.parse_money(None),
    lambda: n.parse_money(True),
    lambda: n.parse_int("3.5"),
    lambda: n.parse_int(None),
    lambda: n.parse_datetime("2024-02-30 10:00:00"),
    lambda: n.parse_datetime("yesterday"),
    lambda: n.parse_datetime(None),
    lambda: n.parse_datetime(""),
    lambda: n.parse_datetime(object()),
    lambda: n.parse_datetime(60.0),
    lambda: n.parse_datetime("2024-03-01T10:00:00+99:00"),
    lambda: n.clean_order_id("2.03918E+18"),
    lambda: n.clean_order_id(2.03918e18),
    lambda: n.clean_order_id(""),
    lambda: n.clean_order_id(True),
    lambda: n.map_status("taobao", "神秘状态"),
    lambda: n.map_status("taobao", ""),
    lambda: n.shopify_status("", "", None),
    lambda: n.shopify_status("mystery", "", None),
]


@pytest.mark.parametrize("bad", BAD_CELLS)
def test_every_reason_a_normaliser_gives_is_understood(bad: Callable[[], object]) -> None:
    with pytest.raises(ValueError) as caught:
        bad()
    reason = str(caught.value)
    assert _understood(reason) is not None, reason
    assert _understood(f"买家实际支付金额: {reason}") is not None


def test_reasons_of_a_real_import_are_understood(db_path, tmp_path) -> None:
    good = ParsedOrder(
        row=0, platform="taobao", order_no="2039000000000000001",
        ordered_at=datetime(2026, 10, 1, 12, 0), status="completed", paid=1000,
        buyer_key="tb_a", buyer_name="tb_a",
    )  # fmt: skip
    path = write_export("taobao", [good, good, good, good], tmp_path / "a.csv")
    lines = path.read_text(encoding="gb18030").splitlines()
    header = lines[0].split(",")
    col = {name.strip(): i for i, name in enumerate(header)}

    def broken(line: str, column: str, value: str, order_no: str) -> str:
        cells = line.split(",")
        cells[col[column]] = value
        cells[0] = order_no
        return ",".join(cells)

    lines[2] = broken(lines[2], "买家实际支付金额", "abc", "2039000000000000002")
    lines[3] = broken(lines[3], "订单创建时间", "2024-02-30 10:00:00", "2039000000000000003")
    lines[4] = broken(lines[4], "订单创建时间", "2026-12-30 10:00:00", "2039000000000000004")
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    receipt = import_file(path, now=NOW)
    assert len(receipt.rejected) == 3
    for r in receipt.rejected:
        assert _understood(r.reason) is not None, r.reason


def test_chinese_keeps_the_column_and_translates_the_why(chinese: None) -> None:
    assert (
        rejection_text("买家实际支付金额: amount is not a number: 'abc'")
        == "买家实际支付金额：金额不是数字：'abc'"
    )
    assert rejection_text("order date 2026-12-30 10:00 is in the future") == (
        "订单日期 2026-12-30 10:00 在未来"
    )
    assert "科学计数法（2.03918E+18）" in rejection_text(
        "订单编号: order id in scientific notation (2.03918E+18): its digits were lost, "
        "re-export the file with ids as text"
    )


def test_an_order_with_two_buyers_is_explained_in_chinese(
    chinese: None, fx_jd_two_buyers: list[str]
) -> None:
    number, shared = fx_jd_two_buyers
    shown = rejection_text(number)
    assert shown != number and "3456789012345670" in shown and "'buyerA'" in shown
    assert "文本" in shown  # export again with ids as text
    assert rejection_text(shared) != shared


@pytest.fixture
def fx_jd_two_buyers(tmp_path) -> list[str]:  # noqa: ANN001
    """The reasons a JD order whose rows name two buyers is refused with, as the parse gives
    them: its id a 16-digit number (digits lost in Excel), and a text id."""
    import openpyxl

    from desktop_crm.services.importing.parse import parse_file
    from desktop_crm.services.importing.platforms import JD_ORDER_HEADERS

    reasons = []
    for order_no in (3456789012345670, "28000000001"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(JD_ORDER_HEADERS)
        for buyer, product in (("buyerA", "1"), ("buyerB", "2")):
            row = dict.fromkeys(JD_ORDER_HEADERS, "")
            row.update(订单号=order_no, 商品ID=product, 商品名称="杯子", 应付金额="5.00")
            row.update(订单状态="完成", 下单帐号=buyer, 下单时间="2026-10-05 12:00:00")
            ws.append([row[h] for h in JD_ORDER_HEADERS])
        wb.save(tmp_path / "jd.xlsx")
        (rejected,) = parse_file(tmp_path / "jd.xlsx", now=NOW).rejected
        reasons.append(rejected.reason)
    return reasons


def test_english_reads_well_and_an_unknown_sentence_is_shown_as_written() -> None:
    assert rejection_text("missing order id") == "the order id is missing"
    assert rejection_text("Total: negative amount") == "Total: the amount is negative"
    assert rejection_text("something new: it broke") == "something new: it broke"


def _file_errors(tmp_path) -> list[str]:  # noqa: ANN001
    """What the reader and the parse say about files that cannot be imported at all."""
    import codecs
    import zipfile

    from desktop_crm.services.importing.parse import parse_file
    from desktop_crm.services.importing.platforms import (
        SHOPIFY_CUSTOMER_HEADERS,
        SHOPIFY_ORDER_HEADERS,
    )
    from desktop_crm.services.importing.records import ImportFileError

    files = {
        "binary.csv": b"\x00\x01\x02" * 100,
        "empty.csv": b"",
        "junk.csv": b"a,b,c\n1,2,3\n",
        "broken.xlsx": b"PK\x03\x04 not really a zip",
        "ExportOrderDetailList202611011000.csv": "订单编号,标题,价格,购买数量,商品属性,订单状态,商家编码\n1,x,1,1,,交易成功,s\n".encode(),
        "wrong.csv": "订单编号,买家会员名\n1,a\n".encode(),
        "customers_export.csv": (",".join(SHOPIFY_CUSTOMER_HEADERS) + "\n").encode(),
        "orders_export.csv": (",".join(SHOPIFY_ORDER_HEADERS) + "\n").encode(),
    }
    with zipfile.ZipFile(tmp_path / "nosheets.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    # A broken download: a stored member's bytes changed, so its CRC no longer matches.
    with zipfile.ZipFile(tmp_path / "damaged.xlsx", "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types>" + "x" * 100 + "</Types>")
    damaged = (tmp_path / "damaged.xlsx").read_bytes()
    files["damaged.xlsx"] = damaged.replace(b"xxxx", b"yxxx", 1)
    files["cut.csv"] = codecs.BOM_UTF16_LE + "订单编号,买家\n".encode("utf-16-le")[:-1]
    files["bom.csv"] = codecs.BOM_UTF8 + b"\xff\xfe\xfa\x80" * 10
    messages = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    for name, kw in [*((f, {}) for f in files), ("wrong.csv", {"platform": "jd"}),
                     ("junk.csv", {"max_bytes": 4}), ("nosheets.xlsx", {}), ("gone.csv", {}),
                     ("customers_export.csv", {"kind": "orders"}),
                     ("orders_export.csv", {"kind": "customers"})]:  # fmt: skip
        try:
            parse_file(tmp_path / name, now=NOW, **kw)
        except ImportFileError as exc:
            messages.append(exc.message)
    return messages


def test_every_file_level_error_is_shown_in_chinese(chinese: None, tmp_path) -> None:  # noqa: ANN001
    # "无法导入此文件" then showed 'unknown layout: no known export header …' in English.
    from desktop_crm.views.rejections import file_error_text

    messages = _file_errors(tmp_path)
    assert len(messages) >= 12
    assert any("is damaged" in m for m in messages) and any("UTF-16" in m for m in messages)
    assert any("(customers), not orders" in m for m in messages)
    assert any("(orders), not customers" in m for m in messages)
    for message in messages:
        text = file_error_text(message)
        assert text != message and any("\u4e00" <= ch <= "\u9fff" for ch in text), message


def test_a_forced_platform_is_named_as_the_merchant_knows_it(chinese: None) -> None:
    # "不是 taobao 的导出文件：缺少列 …": the platform's code, not its name.
    from desktop_crm.views.rejections import file_error_text

    text = file_error_text("not a taobao export: missing columns 订单编号, 买家会员名")
    assert text == "不是 淘宝/天猫 的导出文件：缺少列 订单编号, 买家会员名"


def test_an_unknown_layout_counts_its_sheets_in_words(qapp, tmp_path) -> None:  # noqa: ANN001
    # "… in the first 30 rows of 1 sheet(s)": the CLI and the English window now say "1 sheet".
    from desktop_crm.app import install_translators
    from desktop_crm.services.importing.parse import parse_file
    from desktop_crm.services.importing.records import ImportFileError
    from desktop_crm.views.rejections import file_error_text

    (tmp_path / "junk.csv").write_bytes(b"a,b,c\n1,2,3\n")
    with pytest.raises(ImportFileError) as caught:
        parse_file(tmp_path / "junk.csv", now=NOW)
    message = caught.value.message
    assert " rows of 1 sheet; choose the platform" in message
    assert "sheet(s)" not in message
    translators = install_translators(qapp, "en")
    try:
        assert "rows of 1 sheet: choose the platform" in file_error_text(message)
        two = message.replace("of 1 sheet;", "of 2 sheets;")
        assert "rows of 2 sheets: choose the platform" in file_error_text(two)
    finally:
        for t in translators:
            qapp.removeTranslator(t)
