"""Customer exports: neutralised CSV, formula-free xlsx, masked contacts, selections, encodings."""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_crm.db import db
from desktop_crm.errors import JobCancelled, NotFound, Refused
from desktop_crm.models import Customer, Order
from desktop_crm.services import analytics as an
from desktop_crm.services import exports as ex
from desktop_crm.services import segments as seg
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.settings import set_setting
from desktop_crm.services.totals import recompute_totals

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
MOBILE = re.compile(r"1[3-9]\d{9}")
TRICKY = ["=1+2", "@SUM(A1)", "+86 138 0013 8000", "#N/A", "-2+3", "#REF!", "'quoted"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    an.clear_cache()


def make(name: str, *, paid: int | None = None, **kw: object) -> int:
    cid = int(Customer.create(display_name=name, created_at=NOW, updated_at=NOW, **kw).id)
    if paid is not None:
        Order.create(
            platform="taobao", order_no=f"E{cid}", customer=cid, ordered_at=datetime(2026, 11, 1),
            status="completed", paid=paid, currency="CNY",
        )  # fmt: skip
    return cid


@pytest.fixture
def shop(db_path: Path) -> dict[str, int]:
    set_setting("currency", "CNY")
    ids = {
        name: make(
            name,
            real_name="张三",
            phone=f"1380013{k:04d}",
            phone_norm=f"1380013{k:04d}",
            email=f"user{k}@example.com",
            province="浙江省",
            city="杭州市",
            address=f"文一西路{k}号 电话13912345678",
            notes="call 13712345678",
            paid=123450 + k,
        )
        for k, name in enumerate(TRICKY)
    }
    ids["masked"] = make("masked", phone="139****4321", phone_masked=True)
    recompute_totals()
    return ids


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "".join(
            zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/")
        )


def read_csv(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


# --- neutralisation --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(), min_size=1, max_size=6))
@example(["=1+2", "+x", "-1", "@a", "\tt", "\rr", "\nn", "'=x", "''", '"q"', ""])
def test_csv_neutralisation_round_trip(cells: list[str]) -> None:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC).writerow([ex.neutralise(c) for c in cells])
    back = next(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    for written, original in zip(back, cells, strict=True):
        assert ex.unneutralise(written) == original
        # A cell starts with a dangerous character only when it was prefixed.
        assert not written.startswith(ex.DANGEROUS)
    # Every text cell is quoted, with inner quotes doubled.
    assert buf.getvalue().startswith('"')
    for original in cells:
        if '"' in original:
            assert ex.neutralise(original).replace('"', '""') in buf.getvalue()


def test_neutralise_examples() -> None:
    assert ex.neutralise("=1+2") == "'=1+2"
    assert ex.neutralise("\t=x") == "'\t=x"
    assert ex.neutralise("张三") == "张三"
    assert ex.neutralise("'abc") == "''abc"
    assert ex.unneutralise("''abc") == "'abc"


def test_mask_helpers() -> None:
    assert ex.mask_email("Zhang@Example.com") == "Z***@Example.com"
    assert ex.mask_mobiles("tel 13800138000 / 13912345678.") == "tel 138****8000 / 139****5678."
    assert ex.mask_mobiles("order 2039000000000000000") == "order 2039000000000000000"


# --- CSV -----------------------------------------------------------------------------------


def test_csv_export_neutralised_and_masked(shop: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "customers.csv"
    result = ex.export_customers(out, today=TODAY, columns="display_name,phone,total_net,orders")
    assert (result.rows, result.format, result.encoding) == (8, "csv", "utf-8-sig")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert not MOBILE.search(text)
    rows = read_csv(out)
    assert rows[0] == ["客户名", "手机", "累计消费", "购买次数"]
    by_name = {ex.unneutralise(r[0]): r for r in rows[1:]}
    assert set(by_name) == set(TRICKY) | {"masked"}
    assert by_name["=1+2"][0] == "'=1+2" and by_name["@SUM(A1)"][0] == "'@SUM(A1)"
    assert by_name["=1+2"][1:] == ["138****0000", "1234.50", "1"]
    assert by_name["masked"][1] == "139****4321"
    assert '"\'=1+2",' in text and ",1234.50,1\r\n" in text  # text quoted, numbers bare
    for row in rows[1:]:
        assert not row[0].startswith(ex.DANGEROUS)


def test_csv_gbk_with_characters_outside_gbk(db_path: Path, tmp_path: Path) -> None:
    make("张三😀")
    make("𠮷野家")
    make("李四")
    out = tmp_path / "gbk.csv"
    result = ex.export_customers(out, today=TODAY, columns=["display_name"], encoding="gbk")
    assert result.encoding == "gbk" and result.gb18030_chars == 2
    assert any("GB18030" in note for note in result.notes)
    rows = read_csv(out, encoding="gb18030")
    assert sorted(r[0] for r in rows[1:]) == sorted(["张三😀", "𠮷野家", "李四"])
    # Whatever fits in GBK is plain GBK.
    plain = tmp_path / "plain.csv"
    Customer.delete().where(Customer.display_name != "李四").execute()
    ex.export_customers(plain, today=TODAY, columns=["display_name"], encoding="gbk")
    assert read_csv(plain, encoding="gbk")[1] == ["李四"]


def test_full_contact_is_logged_without_personal_data(shop: dict[str, int], tmp_path: Path) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("desktop_crm.exports")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        out = tmp_path / "full.csv"
        cols = "display_name,phone,email,address,notes"
        ex.export_customers(out, today=TODAY, columns=cols, full_contact=True)
        masked = tmp_path / "masked.csv"
        ex.export_customers(masked, today=TODAY, columns=cols)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    full_text = out.read_text(encoding="utf-8-sig")
    assert "13800130000" in full_text and "user0@example.com" in full_text
    assert "文一西路0号" in full_text
    masked_text = masked.read_text(encoding="utf-8-sig")
    assert not MOBILE.search(masked_text)
    assert "u***@example.com" in masked_text and "文一西路" not in masked_text
    assert "浙江省 杭州市" in masked_text
    messages = [r.getMessage() for r in records]
    assert messages == ["full-contact export of 8 customers to full.csv"]


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_has_no_formula_and_no_error_cell(shop: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "customers.xlsx"
    result = ex.export_customers(out, today=TODAY, header="keys")
    xml = sheet_xml(out)
    assert "<f>" not in xml and "<f " not in xml
    assert 't="e"' not in xml
    for name in TRICKY:
        escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f"<t>{escaped}</t>" in xml
    assert not MOBILE.search(xml)  # default export: masked phones only
    assert "138****0000" in xml
    assert result.columns == ex.resolve_columns(None)
    assert "display_name" in result.columns and "tier" in result.columns

    from openpyxl import load_workbook

    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    assert header == list(result.columns)
    by_name = {r[header.index("display_name")]: r for r in rows[1:]}
    first = by_name["=1+2"]
    assert first[header.index("total_net")] == Decimal("1234.50") or first[
        header.index("total_net")
    ] == pytest.approx(1234.5)
    assert first[header.index("orders")] == 1
    assert first[header.index("last_order")] == datetime(2026, 11, 1)
    assert first[header.index("stage")] == "new" and first[header.index("tier")] == "Member"
    money_cell = ws.cell(row=2, column=header.index("total_net") + 1)
    assert "¥" in money_cell.number_format and money_cell.data_type == "n"


def test_xlsx_full_contact_contains_the_numbers(shop: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "full.xlsx"
    ex.export_customers(out, today=TODAY, columns="display_name,phone", full_contact=True)
    assert "13800130000" in sheet_xml(out)


def test_xlsx_long_and_illegal_text(db_path: Path, tmp_path: Path) -> None:
    # Imports may store text Excel cannot hold (RELIABILITY 33): 40,000 characters, \x00, \x01.
    db.execute_sql(
        "INSERT INTO customer (display_name, notes, created_at, updated_at) VALUES (?, ?, ?, ?)",
        ("bad\x00na\x01me\u202e", "x" * 40_000, NOW, NOW),
    )
    out = tmp_path / "long.xlsx"
    result = ex.export_customers(out, today=TODAY, columns="display_name,notes")
    assert result.truncated_cells == 1 and "truncated" in result.notes[0]
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    name, notes = next(ws.iter_rows(min_row=2, values_only=True))
    assert name == "bad na me\u202e"
    assert len(notes) <= 32_767 and notes.endswith(ex.TRUNCATED)
    csv_out = tmp_path / "long.csv"
    ex.export_customers(csv_out, today=TODAY, columns="notes")
    assert read_csv(csv_out)[1] == ["x" * 40_000]  # CSV keeps it whole


# --- selections ----------------------------------------------------------------------------


def test_export_by_filter_segment_tier_and_ids(shop: dict[str, int], tmp_path: Path) -> None:
    gold = db.execute_sql("SELECT id FROM tier WHERE name = 'Gold'").fetchone()[0]
    db.execute_sql(
        "INSERT INTO customer_loyalty (customer_id, tier_id) VALUES (?, ?), (?, ?)",
        (shop["=1+2"], gold, shop["masked"], gold),
    )
    seg.save_segment("buyers", CustomerFilter(stage="new"), now=NOW)

    def exported(**kw: object) -> list[str]:
        out = tmp_path / "sel.csv"
        ex.export_customers(out, today=TODAY, columns="display_name", **kw)  # type: ignore[arg-type]
        return sorted(ex.unneutralise(r[0]) for r in read_csv(out)[1:])

    assert exported(segment="BUYERS") == sorted(TRICKY)
    assert exported(tier="gold") == sorted(["=1+2", "masked"])
    assert exported(segment="buyers", tier="Gold") == ["=1+2"]
    assert exported(flt=CustomerFilter(stage="prospect")) == ["masked"]
    assert exported(flt=CustomerFilter(stage="prospect"), segment="buyers") == []
    assert exported(ids=[shop["#N/A"], shop["masked"]]) == ["#N/A", "masked"]
    # `stats --json` calls the RFM classes segments: each is a --segment name too (the same
    # customers as the list's RFM filter), unless a saved segment takes that name.
    for rfm in ("important_value", "general_develop"):
        assert exported(segment=rfm) == exported(flt=CustomerFilter(rfm_class=rfm))
    assert exported(segment="important_value") != []
    seg.save_segment("important_value", CustomerFilter(stage="prospect"), now=NOW)
    assert exported(segment="important_value") == ["masked"]
    with pytest.raises(NotFound, match="buyers.*RFM class"):
        exported(segment="nope")
    with pytest.raises(NotFound, match="Gold"):
        exported(tier="Platinum")
    # The words the Chinese and English exports print select the same customers as the codes.
    assert exported(tier="金卡会员") == exported(tier="Gold")
    seg.delete_segment(seg.segment_by_name("important_value").id)
    for words in ("重要价值", "重要价值客户", "Important value"):
        assert exported(segment=words) == exported(segment="important_value") != []


def test_refusals_and_cancel_leave_no_file(shop: dict[str, int], tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.csv"
    with pytest.raises(Refused, match="nickname"):
        ex.export_customers(out, today=TODAY, columns="display_name,nickname")
    with pytest.raises(Refused):
        ex.export_customers(folder / "x.pdf", today=TODAY)
    with pytest.raises(Refused):
        ex.export_customers(out, today=TODAY, encoding="latin-1")
    with pytest.raises(JobCancelled):
        ex.export_customers(out, today=TODAY, cancelled=lambda: True)
    with pytest.raises(JobCancelled):
        ex.export_customers(folder / "x.xlsx", today=TODAY, cancelled=lambda: True)
    assert list(folder.iterdir()) == []


def test_every_column_exports(shop: dict[str, int], tmp_path: Path) -> None:
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"all.{suffix}"
        result = ex.export_customers(out, today=TODAY, columns=list(ex.COLUMNS), header="en")
        assert result.rows == 8 and result.columns == tuple(ex.COLUMNS)
    rows = read_csv(tmp_path / "all.csv")
    header = rows[0]
    assert header[0] == "Customer ID"
    row = dict(zip(list(ex.COLUMNS), rows[1], strict=True))
    assert row["rfm_class"] and row["stage"] == "New" and row["churn_warning"] == "0"


def test_coded_values_are_words_in_the_headers_language(
    shop: dict[str, int], tmp_path: Path
) -> None:
    """A Chinese sheet says 男, 淘宝/天猫, 新客户, 普通会员; `keys` headers keep the codes."""
    columns = "display_name,gender,platform,stage,rfm_class,tier"
    found = {}
    for header in ("zh", "en", "keys"):
        out = tmp_path / f"{header}.csv"
        ex.export_customers(out, today=TODAY, columns=columns, header=header)
        found[header] = {tuple(r[1:]) for r in read_csv(out)[1:]}
    words = {v for row in found["zh"] for v in row}
    codes = {v for row in found["keys"] for v in row}
    assert {"新客户", "普通会员"} <= words and "new" in codes and "Member" in codes
    assert not words & {"male", "female", "taobao", "manual", "new", "prospect", "Member"}
    assert "New" in {v for row in found["en"] for v in row}
    assert len(found["zh"]) == len(found["keys"])  # one word per code


def test_progress_is_reported(shop: dict[str, int], tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    ex.export_customers(tmp_path / "p.csv", today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 8) and seen[-1] == (8, 8)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # the body resets the table
)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
@example(["=cmd|' /C calc'!A0", "-", "'+", "\t\n", "😀 𠮷"])
def test_csv_export_round_trip_of_any_text(db_path: Path, names: list[str]) -> None:
    # Hypothesis reuses the function-scoped database: start each example from no customers.
    db.execute_sql("DELETE FROM customer")
    for name in names:
        db.execute_sql(
            "INSERT INTO customer (display_name, notes, created_at, updated_at) "
            "VALUES (?, ?, ?, ?)",
            (name, name[::-1], NOW, NOW),
        )
    out = db_path.parent / "any.csv"
    ex.export_customers(
        out, today=TODAY, columns="id,display_name,notes", full_contact=True, header="keys"
    )
    rows = read_csv(out)[1:]
    assert len(rows) == len(names)
    got = sorted((ex.unneutralise(r[1]), ex.unneutralise(r[2])) for r in rows)
    assert got == sorted((n, n[::-1]) for n in names)
    for r in rows:
        assert r[0].isdigit()  # numbers untouched
        for cell in r[1:]:
            assert not cell.startswith(ex.DANGEROUS)


def test_a_birthday_excel_cannot_show_as_a_date_is_written_as_text(
    db_path: Path, tmp_path: Path
) -> None:
    # Excel's dates start in 1900: a birthday of 1899 was written as serial 0 (1900-01-00).
    from openpyxl import load_workbook

    make("老寿星", birthday=date(1899, 12, 30))
    make("小明", birthday=date(1990, 5, 1))
    out = ex.export_customers(
        tmp_path / "c.xlsx", today=TODAY, columns=["display_name", "birthday"]
    ).path
    ws = load_workbook(out).active
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=2)}
    assert (cells["老寿星"].data_type, cells["老寿星"].value) == ("s", "1899-12-30")
    assert cells["小明"].is_date and cells["小明"].value.date() == date(1990, 5, 1)
