"""Any spreadsheet by mapping, and plain customer lists (issue 5)."""

from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_crm.db import close_database, open_database
from desktop_crm.models import ChannelIdentity, Customer, Order
from desktop_crm.services import customers as customer_svc
from desktop_crm.services.dump import business_dump, logical_hash
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.mapping import (
    AmbiguousColumn,
    Mapping,
    MappingError,
    UnmappedFields,
    column_choices,
    column_position,
    guess_columns,
    guess_mapping,
    load_mapping,
    mapping_parser,
    parse_with_mapping,
    read_header,
    read_headers,
    write_mapping,
)
from desktop_crm.services.importing.profiles import find_mapping, save_mapping
from desktop_crm.services.importing.records import ImportFileError, MissingColumns

NOW = datetime(2026, 11, 22, 10, 0)


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


CUSTOMER_LIST = [
    ["姓名", "手机", "邮箱", "生日", "性别", "城市", "标签", "备注"],
    ["王小明", "138 0013 8000", "", "1990-05-01", "男", "杭州市", "VIP,老客户", "喜欢手工皂"],
    ["Emma", "", "Emma@Example.com", "", "女", "", "", ""],
    ["李四", "139****4321", "", "", "", "", "", ""],
]


def test_customer_list_guessed_and_matched_by_phone_or_email(db_path: Path, tmp_path: Path) -> None:
    existing = customer_svc.create_customer(
        customer_svc.CustomerInput("tb_wang", phone="13800138000"), today=NOW.date(), now=NOW
    )
    masked = customer_svc.create_customer(
        customer_svc.CustomerInput("李四 (PDD)", phone="139****4321"), today=NOW.date(), now=NOW
    )
    path = _csv(tmp_path / "客户名单.csv", CUSTOMER_LIST)
    r = engine.import_file(path, kind="customers", now=NOW)
    assert (r.kind, r.rows_read, r.rejected) == ("customers", 3, [])
    assert r.customers_matched == 1 and r.customers_added == 2  # 李四: a masked phone never matches
    wang = Customer.get_by_id(existing)
    assert wang.display_name == "tb_wang"  # never overwritten
    assert str(wang.birthday) == "1990-05-01" and wang.gender == "male" and wang.city == "杭州市"
    assert wang.tags == "VIP, 老客户"
    wide = _csv(
        tmp_path / "全角.csv", [CUSTOMER_LIST[0], ["赵六", "", "", "", "", "", "ｖｉｐ", ""]]
    )
    added = engine.import_file(wide, kind="customers", now=NOW)
    assert Customer.get(Customer.display_name == "赵六").tags == "VIP"  # the existing tag
    engine.undo_batch(added.batch_id, now=NOW)
    assert Customer.select().where(Customer.display_name == "李四").count() == 1
    assert Customer.get_by_id(masked).display_name == "李四 (PDD)"
    before = business_dump()
    again = engine.import_file(path, kind="customers", now=NOW)
    assert again.customers_added == 0 and again.customers_matched == 3
    assert business_dump() == before
    engine.undo_batch(again.batch_id, now=NOW)
    engine.undo_batch(r.batch_id, now=NOW)
    assert Customer.get_by_id(existing).tags == "" and Customer.get_by_id(existing).birthday is None
    assert Customer.select().count() == 2 and ChannelIdentity.select().count() == 0


ODD_SHEET = [
    ["我的流水账", "", "", "", ""],
    ["单号", "日期", "客户", "收款", "进度"],
    ["A-001", "2026/10/3 9:05", "老王", "¥1,280.00", "发了"],
    ["A-002", "2026-10-04", "小李", "99", ""],
    ["A-003", "2026-02-30", "小李", "10", ""],
    ["合计", "", "", "1389", ""],
]
MAPPING = {
    "name": "流水账", "kind": "orders", "platform": "generic",
    "columns": {"order_no": "单号", "ordered_at": "日期", "buyer": "客户", "paid": "收款",
                "status": "进度"},
    "statuses": {"发了": "shipped"}, "currency": "CNY",
}  # fmt: skip


def test_mapped_orders_import_reimport_and_undo(db_path: Path, tmp_path: Path) -> None:
    path = _csv(tmp_path / "流水账.csv", ODD_SHEET)
    mapping = Mapping.from_json(MAPPING)
    before = logical_hash()
    r = engine.import_file(path, now=NOW, parser=mapping_parser(mapping))
    assert (r.platform, r.rows_read, r.orders_added) == ("generic", 3, 2)
    assert [x.row for x in r.rejected] == [5]
    o = Order.get(Order.order_no == "A-001")
    assert (o.status, o.paid, str(o.ordered_at)) == ("shipped", 128000, "2026-10-03 09:05:00")
    assert Order.get(Order.order_no == "A-002").status == "completed"  # blank: the default
    again = engine.import_file(path, now=NOW, parser=mapping_parser(mapping))
    assert again.orders_unchanged == 2 and again.orders_added == 0
    engine.undo_batch(again.batch_id, now=NOW)
    engine.undo_batch(r.batch_id, now=NOW)
    assert logical_hash() == before


def test_a_total_line_in_the_order_number_column_is_skipped(db_path: Path, tmp_path: Path) -> None:
    # 合计 typed where the order numbers are (not the first column): it was imported as an
    # order numbered "合计", doubling the revenue; with its date blank, it was a red row.
    sheet = [
        ["日期", "单号", "客户", "金额"],
        ["2026-10-03", "A-001", "老王", "100"],
        ["2026-10-04", "A-002", "小李", "108"],
        ["2026-10-31", "合计", "", "208"],
        ["", "总 计", "", "208"],
    ]
    mapping = Mapping.from_json({
        "name": "日期在前", "kind": "orders", "platform": "generic", "currency": "CNY",
        "columns": {"ordered_at": "日期", "order_no": "单号", "buyer": "客户", "paid": "金额"},
    })  # fmt: skip
    r = engine.import_file(_csv(tmp_path / "t.csv", sheet), now=NOW, parser=mapping_parser(mapping))
    assert (r.orders_added, r.rejected) == (2, [])
    assert sorted(o.order_no for o in Order.select()) == ["A-001", "A-002"]


def test_saved_mapping_is_found_for_the_same_header(db_path: Path, tmp_path: Path) -> None:
    path = _csv(tmp_path / "流水账.csv", ODD_SHEET)
    header = read_header(path)[2]
    with pytest.raises(ImportFileError):  # no known layout, no guess fits (收款/进度)
        engine.import_file(path, now=NOW)
    save_mapping(Mapping.from_json(MAPPING), header)
    assert find_mapping(header).name == "流水账"
    r = engine.import_file(path, now=NOW)  # offered again automatically
    assert r.orders_added == 2


def test_mapping_missing_columns_and_bad_mappings(tmp_path: Path) -> None:
    path = _csv(tmp_path / "x.csv", [["单号", "日期"], ["1", "2026-01-01"]])
    with pytest.raises(MissingColumns) as info:
        mapping_parser(Mapping.from_json(MAPPING))(path, now=NOW)
    assert "收款" in info.value.message
    for bad in ({}, {"columns": {"order_no": "x"}}, {"columns": {"nope": "x"}},
                {**MAPPING, "statuses": {"x": "lost"}}, {**MAPPING, "kind": "pets"}):  # fmt: skip
        with pytest.raises(MappingError):
            Mapping.from_json(bad)
    f = tmp_path / "m.json"
    f.write_text("{not json", encoding="utf-8")
    with pytest.raises(MappingError, match="m.json"):
        load_mapping(f)


def test_guess_mapping_needs_the_required_fields() -> None:
    assert guess_mapping(["Order ID", "Date", "Total", "Email"], "orders").columns == {
        "order_no": "Order ID", "ordered_at": "Date", "paid": "Total", "email": "Email",
    }  # fmt: skip
    assert guess_mapping(["Date", "Total"], "orders") is None
    assert guess_mapping(["Name", "Mobile", "Tags"], "customers").columns["phone"] == "Mobile"


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.lists(cell, max_size=6), max_size=10),
    kind=st.sampled_from(["orders", "customers"]),
)
def test_mapping_path_gives_receipt_or_typed_error(_template_db: Path, rows, kind: str) -> None:
    customers = {"display_name": "单号", "phone": "日期", "tags": "客户"}
    mapping = Mapping.from_json(
        MAPPING if kind == "orders" else {"kind": "customers", "columns": customers}
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "p.db"
        shutil.copy(_template_db, db)
        open_database(db)
        try:
            path = _csv(Path(folder) / "x.csv", [ODD_SHEET[1], *rows])
            before = logical_hash()
            try:
                r = engine.import_file(path, now=NOW, parser=mapping_parser(mapping))
            except ImportFileError:
                assert logical_hash() == before
            else:
                assert r.rows_read >= len(r.rejected)
        finally:
            close_database()


def test_a_list_person_joins_the_first_customer_with_their_phone_else_their_email(
    db_path: Path, tmp_path: Path
) -> None:
    def make(name: str, **kw: str) -> int:
        data = customer_svc.CustomerInput(name, **kw)
        return customer_svc.create_customer(data, today=NOW.date(), now=NOW)

    older = make("tb_a", email="a@example.com")
    make("jd_a", email="a@example.com")  # the same e-mail, a later customer
    by_phone = make("tb_b", phone="13900139000", email="b@example.com")
    by_mail = make("tb_c", email="b@example.com")
    rows = [
        ["姓名", "手机", "邮箱"],
        ["A", "", "A@Example.com"],
        ["B", "139 0013 9000", "x@example.com"],  # phone first, though its e-mail is unknown
        ["C", "", "b@example.com"],  # b@… is tb_b's (lower id) and tb_c's
    ]
    r = engine.import_file(_csv(tmp_path / "名单.csv", rows), kind="customers", now=NOW)
    assert (r.customers_added, r.customers_matched) == (0, 2)  # B and C are one customer
    identities = {
        ci.buyer_key: ci.customer_id
        for ci in ChannelIdentity.select().where(ChannelIdentity.buyer_key.startswith("contact:"))
    }
    assert sorted(identities.values()) == sorted([older, by_phone, by_phone])
    assert by_mail not in identities.values()
    # Two customers with one e-mail (the same person on two platforms, never merged on their
    # own): the row joins the first, and the receipt says so instead of choosing silently.
    assert r.notes == [
        "row 2: its e-mail fits 2 customers (tb_a, jd_a); it was matched to the first. Merge "
        "them if they are one person",
        "row 4: its e-mail fits 2 customers (tb_b, tb_c); it was matched to the first. Merge "
        "them if they are one person",
    ]


DUPLICATE_AMOUNTS = [
    ["单号", "日期", "客户", "金额", "金额"],
    ["D-1", "2026-10-02", "甲", "10.00", "99.00"],
]


def test_a_repeated_column_name_is_never_picked_silently(db_path: Path, tmp_path: Path) -> None:
    # RELIABILITY G30: the first 金额 was read, silently; now the mapping says which.
    path = _csv(tmp_path / "重复列.csv", DUPLICATE_AMOUNTS)
    header = read_header(path)[2]
    assert column_choices(header)[-2:] == [("金额#1", 3), ("金额#2", 4)]
    assert guess_columns(header, "orders") == {
        "order_no": "单号",
        "ordered_at": "日期",
        "buyer": "客户",
    }
    with pytest.raises(ImportFileError, match="unknown layout"):
        engine.import_file(path, now=NOW)  # no guess takes one of the two
    columns = {"order_no": "单号", "ordered_at": "日期", "paid": "金额"}
    with pytest.raises(AmbiguousColumn) as info:
        mapping_parser(Mapping(columns=columns))(path, now=NOW)
    assert info.value.message.endswith("the mapping must say which: 金额#1, 金额#2")
    second = Mapping(columns={**columns, "paid": "金额#2"})
    assert [o.paid for o in parse_with_mapping(path, second, now=NOW).orders] == [9900]
    assert column_position(header, " 金额#1") == 3 and column_position(header, "金额#3") is None
    assert column_position(["Order #", "x"], "order #") == 0  # a name with # is a name


def test_unmapped_fields_are_given_as_codes_for_the_views_to_word() -> None:
    with pytest.raises(UnmappedFields) as info:
        Mapping.from_json({"columns": {"order_no": "x"}})
    assert info.value.fields == ["ordered_at", "paid"]
    assert str(info.value) == "a column is needed for ordered_at, paid"  # the CLI's sentence


def test_a_mapping_goes_to_json_and_back(tmp_path: Path) -> None:
    mapping = Mapping.from_json(MAPPING)
    path = write_mapping(mapping, tmp_path / "流水账.json")
    assert load_mapping(path) == mapping
    with pytest.raises(MappingError, match="cannot write"):
        write_mapping(mapping, tmp_path / "no" / "such" / "folder.json")


def test_the_status_column_words_are_collected(tmp_path: Path) -> None:
    path = _csv(tmp_path / "流水账.csv", [*ODD_SHEET, ["A-004", "2026-10-05", "老王", "1", "发了"]])
    words: list[str] = []
    parse_with_mapping(path, Mapping.from_json(MAPPING), now=NOW, status_words=words)
    assert words == ["发了"]


def test_a_skipped_rows_reason_names_the_column_as_the_file_does(tmp_path: Path) -> None:
    people = _csv(tmp_path / "客户名单.csv", [CUSTOMER_LIST[0], ["赵六", "", "", "1990/2/30"]])
    mapping = guess_mapping(CUSTOMER_LIST[0], "customers")
    assert mapping is not None
    result = parse_with_mapping(people, mapping, now=NOW)
    # An unreadable birthday is left out; the person is not (a note says so).
    assert result.rejected == [] and [p.display_name for p in result.customers] == ["赵六"]
    assert result.notes == ["row 2: 生日: invalid date '1990/2/30'; the birthday was left out"]
    # A birthday the customer form refuses is left out too (it was stored, and one of 1850
    # exported to Excel as ########).
    odd = _csv(tmp_path / "名单2.csv", [CUSTOMER_LIST[0], ["钱七", "", "", "2030-01-01"],
                                       ["孙八", "", "", "1850-01-01"]])  # fmt: skip
    result = parse_with_mapping(odd, mapping, now=NOW)
    assert [(p.display_name, p.birthday) for p in result.customers] == [
        ("钱七", None),
        ("孙八", None),
    ]
    assert result.notes == [
        "row 2: the birthday 2030-01-01 is in the future; it was left out",
        "row 3: the birthday 1850-01-01 is more than 130 years ago; it was left out",
    ]
    sheet = _csv(tmp_path / "手工账本.csv", [["单号", "日期", "客户", "金额"],
                                          ["D-1", "2026-02-30", "甲", "10.00"],
                                          ["D-2", "2026-10-02", "乙", "十元"]])  # fmt: skip
    mapping = guess_mapping(["单号", "日期", "客户", "金额"], "orders")
    assert mapping is not None
    result = parse_with_mapping(sheet, mapping, now=NOW)
    assert [(r.row, r.reason.split(":")[0]) for r in result.rejected] == [(2, "日期"), (3, "金额")]


def test_the_usual_chinese_names_of_a_hand_made_sheet_are_guessed() -> None:
    header = ["流水号", "成交日期", "顾客昵称", "实收金额"]
    mapping = guess_mapping(header, "orders")
    assert mapping is not None and mapping.columns == {
        "order_no": "流水号", "ordered_at": "成交日期", "buyer": "顾客昵称", "paid": "实收金额",
    }  # fmt: skip
    assert guess_mapping(["单号", "日期", "客户", "金额"], "orders").columns["buyer"] == "客户"


def test_refunds_of_a_hand_made_sheet_follow_the_platforms_rules(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "手工账本.csv", [
        ["单号", "日期", "客户", "金额", "退款", "状态"],
        ["R-1", "2026-10-01", "甲", "100", "-20", "已完成"],  # a negative refund: refused
        ["R-2", "2026-10-02", "乙", "100", "150", "已完成"],  # more than paid: capped, noted
        ["R-3", "2026-10-03", "丙", "100", "", "已退款"],  # refunded: paid = refunded
        ["R-4", "2026-10-04", "丁", "100", "30", "已完成"],  # a partial refund
        # Refunded in full after it was paid: refunded whatever the status shows, as every
        # platform's (DESIGN §3: refunded = fully refunded); it was kept as a purchase.
        ["R-5", "2026-10-05", "戊", "100", "100", "已付款"],
    ])  # fmt: skip
    mapping = guess_mapping(["单号", "日期", "客户", "金额", "退款", "状态"], "orders")
    assert mapping is not None and mapping.columns["refunded"] == "退款"
    result = parse_with_mapping(sheet, mapping, now=NOW)
    assert [(r.row, r.reason) for r in result.rejected] == [(2, "退款: negative refund amount")]
    got = {o.order_no: (o.status, o.paid, o.refunded) for o in result.orders}
    assert got == {
        "R-2": ("refunded", 10_000, 10_000), "R-3": ("refunded", 10_000, 10_000),
        "R-4": ("completed", 10_000, 3_000), "R-5": ("refunded", 10_000, 10_000),
    }  # fmt: skip
    assert result.notes == ["order R-2: refund larger than the paid amount, capped at paid"]


def test_total_lines_anywhere_in_a_row_are_skipped_not_refused(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "流水.csv", [
        ["单号", "日期", "客户", "金额"],
        ["T-1", "2026-10-01", "甲", "100"],
        ["", "", "小计", "100"],
        ["T-2", "2026-10-02", "乙", "50"],
        ["", "", "总计：", "150"],
        ["", "合　计", "", "150"],  # padded by hand (a full-width space)
        ["", "2026-10-03", "丙", "20"],  # a row that forgot its number is still refused
    ])  # fmt: skip
    mapping = guess_mapping(["单号", "日期", "客户", "金额"], "orders")
    assert mapping is not None
    result = parse_with_mapping(sheet, mapping, now=NOW)
    assert [o.order_no for o in result.orders] == ["T-1", "T-2"]
    assert [r.row for r in result.rejected] == [7]


def test_a_list_fills_the_note_a_matched_customer_lacks(db_path: Path, tmp_path: Path) -> None:
    # "An import fills what a customer lacks and never overwrites what is there" (README).
    today = NOW.date()
    bare = customer_svc.create_customer(
        customer_svc.CustomerInput("tb_wang", phone="13800138000"), today=today, now=NOW
    )
    noted = customer_svc.create_customer(
        customer_svc.CustomerInput("tb_zhou", phone="13900139000", notes="只在周末送货"),
        today=today, now=NOW,
    )  # fmt: skip
    people = _csv(tmp_path / "客户名单.csv", [
        ["姓名", "手机", "备注"], ["王小明", "13800138000", "喜欢手工皂"],
        ["周杰", "13900139000", "爱喝茶"],
    ])  # fmt: skip
    receipt = engine.import_file(people, now=NOW, kind="customers")
    assert receipt.customers_matched == 2
    assert Customer.get_by_id(bare).notes == "喜欢手工皂"
    assert Customer.get_by_id(noted).notes == "只在周末送货"


def test_tags_split_on_the_separators_people_type_and_a_note_column_is_guessed(
    tmp_path: Path,
) -> None:
    people = _csv(tmp_path / "客户名单.csv", [
        ["姓名", "手机", "标签"], ["甲", "13800138000", "VIP、老客"], ["乙", "13800138001", "VIP;老客"],
        ["丙", "13800138002", "gift box / 批发"],
    ])  # fmt: skip
    mapping = guess_mapping(["姓名", "手机", "标签"], "customers")
    assert mapping is not None
    tags = [p.tags for p in parse_with_mapping(people, mapping, now=NOW).customers]
    assert tags == [["VIP", "老客"], ["VIP", "老客"], ["gift box", "批发"]]
    header = ["单号", "日期", "客户", "金额", "备注"]
    assert guess_columns(header, "orders")["buyer_note"] == "备注"


def test_names_that_begin_like_a_total_are_people_not_totals(tmp_path: Path) -> None:
    people = _csv(tmp_path / "list.csv", [["Name", "Email"], ["Alice", "a@example.com"],
                                          ["Summer Lee", "s@example.com"],
                                          ["Totally Handmade", "t@example.com"],
                                          ["Total: 3", ""]])  # fmt: skip
    mapping = guess_mapping(["Name", "Email"], "customers")
    assert mapping is not None
    result = parse_with_mapping(people, mapping, now=NOW)
    assert [p.display_name for p in result.customers] == [
        "Alice",
        "Summer Lee",
        "Totally Handmade",
    ] and result.rejected == []
    sheet = _csv(tmp_path / "orders.csv", [["客户", "单号", "日期", "金额", "商品"],
                                           ["Summer", "A-1", "2026-10-01", "10", "soap"],
                                           ["", "", "", "", "Summer dress"],
                                           ["Total 10", "", "", "10", ""]])  # fmt: skip
    mapping = guess_mapping(["客户", "单号", "日期", "金额", "商品"], "orders")
    assert mapping is not None
    result = parse_with_mapping(sheet, mapping, now=NOW)
    assert [o.order_no for o in result.orders] == ["A-1"]
    assert [r.row for r in result.rejected] == [3]  # a line without a number is said


def test_each_sheets_header_is_offered_and_a_mapping_can_name_its_sheet(
    ledger_workbook: Path, tmp_path: Path
) -> None:
    book = ledger_workbook
    assert read_headers(book) == [
        ("汇总", ["月份", "销售额"]),
        ("10月", ["单号", "日期", "客户", "金额"]),
        ("11月", ["单号", "日期", "客户", "金额"]),
    ]
    columns = {"order_no": "单号", "ordered_at": "日期", "buyer": "客户", "paid": "金额"}
    # Without a sheet: the first sheet with these columns; with one: that sheet.
    first = parse_with_mapping(book, Mapping(columns=columns, currency="CNY"), now=NOW)
    assert [o.order_no for o in first.orders] == ["M10-1", "M10-2"]
    chosen = Mapping(columns=columns, currency="CNY", sheet="11月")
    assert [o.order_no for o in parse_with_mapping(book, chosen, now=NOW).orders] == [
        "M11-1",
        "M11-2",
    ]
    # The sheet travels with the mapping's JSON; a workbook without it is searched as before.
    again = load_mapping(write_mapping(chosen, tmp_path / "m.json"))
    assert again.sheet == "11月"
    assert "sheet" not in Mapping(columns=columns).to_json()  # files written before stay alike
    elsewhere = Mapping(columns=columns, currency="CNY", sheet="12月")
    assert [o.order_no for o in parse_with_mapping(book, elsewhere, now=NOW).orders][0] == "M10-1"
    # A sheet the file has is read, and only it: one lacking a column is refused naming what
    # it lacks (it was swapped for October's without a word).
    unpaid = Mapping(columns={**columns, "paid": "实收"}, currency="CNY", sheet="11月")
    with pytest.raises(MissingColumns) as refused:
        parse_with_mapping(book, unpaid, now=NOW)
    assert refused.value.missing == ["实收"]
    # No sheet named, none with every column: what the closest sheet lacks, not the summary's.
    with pytest.raises(MissingColumns) as refused:
        parse_with_mapping(book, replace(unpaid, sheet=""), now=NOW)
    assert refused.value.missing == ["实收"]
