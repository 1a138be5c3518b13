"""The parse layer's fast paths give exactly what its careful paths give.

parse_file on 100k-row files takes shortcuts: per-file specialised parsers (PlatformSpec.fast),
one pass over the rows (parse._scan), fast paths and caches in the cell cleaners, and quicker
reading (reader.py). Each is checked here against the path it shortcuts.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_crm.services.importing import normalize as n
from desktop_crm.services.importing import parse as p
from desktop_crm.services.importing.platforms import (
    JD_ORDER_HEADERS,
    PDD_ORDER_HEADERS,
    POSITIONAL_RECORDS,
    SHOPIFY_ORDER_HEADERS,
    TAOBAO_ORDER_HEADERS,
    header_key,
    specs_for,
)
from desktop_crm.services.importing.reader import (
    _CHUNK,
    Sheet,
    _fix_cells,
    decode_text,
    detect_delimiter,
    inspect_zip,
    read_csv_bytes,
    read_sheets,
)
from desktop_crm.services.importing.records import ImportFileError, ParseResult, UnsafeFile
from desktop_crm.services.importing.samples import make_orders, write_export

NOW = datetime(2026, 11, 22, 10, 30)
TZ = timezone(timedelta(hours=8))
PROPS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])

Outcome = ParseResult | tuple[type, str]


def _parse_both(path: Path, **kw: Any) -> tuple[Outcome, Outcome]:
    """parse_file with the fast parsers on, then off: results, or the errors raised."""
    kw.setdefault("now", NOW)
    kw.setdefault("local_tz", TZ)
    out: list[Outcome] = []
    saved = p.FAST_PATHS
    for fast in (True, False):
        p.FAST_PATHS = fast
        try:
            out.append(p.parse_file(path, **kw))
        except ImportFileError as exc:
            out.append((type(exc), str(exc)))
        finally:
            p.FAST_PATHS = saved
    return out[0], out[1]


def _outcome(fn: Callable[[], object]) -> object:
    """A value, or the kind of error raised."""
    try:
        return fn()
    except ValueError:
        return ValueError


# --------------------------------------------------------------------------------------------
# Per-file fast parsers


def test_records_have_the_fields_the_fast_parsers_pass_by_position() -> None:
    # When records.py changes its fields, the fast parsers switch off: update platforms.py.
    assert POSITIONAL_RECORDS


@pytest.mark.parametrize("platform", ["taobao", "shopify"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("local_tz", [TZ, None])
def test_fast_parsers_take_realistic_orders_and_agree(
    tmp_path: Path, platform: str, fmt: str, local_tz: timezone | None
) -> None:
    orders = make_orders(platform, 60, seed=7)
    path = write_export(platform, orders, tmp_path / f"ExportOrderList1.{fmt}", fmt=fmt)
    sheets = read_sheets(path)
    match = p._locate(sheets, specs_for())
    assert match is not None and match.spec.fast is not None
    sheet = sheets[match.sheet]
    ctx, headers, _ = p._build_context(str(path), sheet, match, local_tz=local_tz, now=NOW)
    fast = match.spec.fast(ctx)
    assert fast is not None
    occurrences, _ = p._scan(sheet, match, ctx, headers, [])
    assert occurrences
    for key, group in occurrences:
        record = fast(key, group)
        assert record is not None, group  # the fast path really runs on ordinary orders
        assert record == match.spec.parse(ctx, key, group)
    fast_result, careful_result = _parse_both(path, local_tz=local_tz)
    assert fast_result == careful_result


@pytest.mark.parametrize("name", ["TAOBAO_CSV", "SHOPIFY_CSV", "JD_CSV", "PDD_CSV"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_every_trap_fixture_parses_the_same_both_ways(
    fx: Any, write_file: Callable[..., Path], name: str, encoding: str
) -> None:
    path = write_file("ExportOrderList9.csv", getattr(fx, name), encoding)
    fast_result, careful_result = _parse_both(path)
    assert isinstance(fast_result, ParseResult)
    assert fast_result == careful_result


def test_a_taobao_file_without_the_optional_columns_parses_the_same_both_ways(
    write_file: Callable[..., Path],
) -> None:
    text = (
        "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\n"
        '="1",tb1,10.00,交易成功,2024-05-03 14:22:10\n'
        '="2",tb2,20.00,交易关闭,2024-05-04 14:22:10\n'
    )
    fast_result, careful_result = _parse_both(write_file("x.csv", text))
    assert isinstance(fast_result, ParseResult) and len(fast_result.orders) == 2
    assert fast_result == careful_result


def _shopify_csv(*rows: dict[str, str]) -> str:
    """A Shopify orders_export with the given cells (by header) on each row."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(SHOPIFY_ORDER_HEADERS)
    for cells in rows:
        writer.writerow([cells.get(h, "") for h in SHOPIFY_ORDER_HEADERS])
    return buf.getvalue()


def test_shopify_fallback_columns_parse_the_same_both_ways(
    write_file: Callable[..., Path],
) -> None:
    base = {
        "Financial Status": "paid",
        "Total": "10.00",
        "Created at": "2024-05-03 14:22:10 -0700",
        "Lineitem quantity": "1",
        "Lineitem name": "Mug",
        "Currency": "usd",
    }
    text = _shopify_csv(
        {**base, "Name": "#1", "Phone": "+1 415-555-0100", "Shipping Phone": "+1 415-555-0199"},
        {**base, "Name": "#2", "Shipping Phone": "138****1234", "Shipping Name": "Ann"},
        {**base, "Name": "#3", "Billing Street": "1 Main St", "Billing Address2": "Apt 2"},
        {**base, "Name": "#4", "Billing Address2": "Apt 2", "Billing Province": "CA"},
        {**base, "Name": "#5", "Email": "A@B.example", "Paid at": "-", "Fulfilled at": " "},
        {**base, "Name": "#6", "Lineitem price": "3.00", "Lineitem sku": "S"},
        {"Name": "#6", "Lineitem quantity": "2", "Lineitem name": "Cup", "Lineitem price": "3.5"},
        {**base, "Name": "#7", "Total": "", "Refunded Amount": "0"},
    )
    fast_result, careful_result = _parse_both(write_file("orders_export.csv", text))
    assert isinstance(fast_result, ParseResult) and len(fast_result.orders) == 7
    assert fast_result == careful_result


_WEIRD = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "\t",
            "-",
            "0.00",
            "19.9",
            "19.90",
            "-19.90",
            "１９.90",
            "19.999",
            "1,234.50",
            "¥12",
            "9" * 16,
            "99999999999999.99",
            "2024-05-03 14:22:10",
            "2024-05-03T14:22:10",
            "2024-05-03 24:00:00",
            "2024-02-30 08:00:00",
            "2024-+5-03 14:22:10",
            "２０２４-05-03 14:22:10",
            "2024-05-03 14:22:10 -0700",
            "2024-05-03 14:22:10 +2599",
            "2024-05-03 14:22:10 +08:0",
            "0000-00-00 00:00:00",
            "交易成功",
            "交易关闭",
            "(删除)等待出库",
            "paid",
            "refunded",
            "voided",
            "partially_refunded",
            "fulfilled",
            "'13800138000",
            "' 13800138000",
            "138****1234",
            "+86 138 0013 8000",
            "张**",
            "浙江省 杭州市 西湖区 文三路100号(310000)",
            "北京 北京市 朝阳区 建国路1号",
            "**** **** 某区",
            "#1001",
            '="2039180000000000001"',
            "2.03918E+18",
            "合计",
            "Total",
            "3 record(s) downloaded",
            "Seller ID: x",
            "\ufffd",
        ]
    ),
)


def _mutated_export(platform: str, seed: int, changes: list[tuple[int, int, str]]) -> str:
    """A realistic export (as CSV text) with some cells replaced, mostly ones the parser reads."""
    orders = make_orders(platform, 6, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(platform, orders, Path(folder) / "x.csv", encoding="utf-8")
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    spec = specs_for(platform, "orders")[0]
    read = [i for i, h in enumerate(rows[0]) if spec.field_of(header_key(h)) is not None]
    for r, c, value in changes:
        row = rows[1 + r % (len(rows) - 1)]
        if not row:
            continue
        if c % 11 == 10:
            del row[c % len(row) :]  # a short row
        elif c % 4:
            row[read[c % len(read)] % len(row)] = value
        else:
            row[c % len(row)] = value
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


@PROPS
@given(
    st.sampled_from(["taobao", "shopify", "jd", "pdd"]),
    st.integers(min_value=0, max_value=10**6),
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 200), _WEIRD), min_size=0, max_size=8),
)
def test_odd_cells_in_realistic_exports_parse_the_same_both_ways(
    platform: str, seed: int, changes: list[tuple[int, int, str]]
) -> None:
    text = _mutated_export(platform, seed, changes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ExportOrderList1.csv"
        path.write_text(text, "utf-8")
        fast_result, careful_result = _parse_both(path)
    assert fast_result == careful_result


HEADERS = {
    "taobao": [h.strip() for h in TAOBAO_ORDER_HEADERS] + ["退款金额", "确认收货时间"],
    "jd": JD_ORDER_HEADERS,
    "pdd": PDD_ORDER_HEADERS,
    "shopify": SHOPIFY_ORDER_HEADERS,
}


@PROPS
@given(
    st.sampled_from(sorted(HEADERS)),
    st.lists(st.lists(_WEIRD, min_size=0, max_size=80), min_size=0, max_size=10),
)
def test_arbitrary_rows_parse_the_same_both_ways(platform: str, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS[platform])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_text(buf.getvalue(), "utf-8")
        fast_result, careful_result = _parse_both(path)
    assert fast_result == careful_result


# --------------------------------------------------------------------------------------------
# One pass over the rows

_KEYS = st.sampled_from(
    [
        "1001",
        "1002",
        '="1001"',
        "#1001",
        "=",
        "#",
        " 1001",
        "1001 ",
        "",
        "  ",
        None,
        1001,
        1001.0,
        2.03918e18,
        "2.03918E+18",
        "合计",
        "Total",
        "totals 3",
        "订单编号",
        "Name",
        "1 record(s) downloaded",
    ]
)
_CELLS = st.one_of(
    st.sampled_from(
        ["", " ", "x", "Seller ID: 1", "2 record(s) downloaded", "seller", "合计", None, 0, 1.5]
    ),
    st.text(max_size=5),
)


@PROPS
@given(
    st.sampled_from(["taobao", "shopify", "jd", "pdd"]),
    st.lists(
        st.tuples(_KEYS, st.lists(_CELLS, max_size=6), st.integers(0, 3)), min_size=0, max_size=25
    ),
)
@example("taobao", [("1001", ["Seller ID: 1", "x", "y"], 0)])
@example("shopify", [("#1001", ["", "Seller ID: 1"], 1)])
def test_scan_gives_what_data_rows_then_group_give(
    platform: str, rows: list[tuple[object, list[object], int]]
) -> None:
    header = list(HEADERS[platform])
    sheet_rows: list[list[Any]] = [header]
    spec = specs_for(platform)[0]
    key_at = next(
        i for i, h in enumerate(header) if spec.field_of(h.strip().casefold()) == "order_no"
    )
    for key, cells, where in rows:
        row: list[Any] = list(cells)
        row[key_at:key_at] = [None] * max(0, key_at - len(row))
        row.insert(key_at, key)
        # the key cell first, in the middle or (short rows) missing
        sheet_rows.append(row if where else row[: key_at + 1] + row[key_at + 1 :])
        if where == 3:
            sheet_rows.append(list(header))  # a repeated header
    sheet = Sheet("x", sheet_rows)
    match = p._locate([sheet], specs_for(platform))
    assert match is not None
    ctx, headers, _ = p._build_context("x", sheet, match, local_tz=None, now=None)
    rejected: list[Any] = []
    occurrences, read = p._scan(sheet, match, ctx, headers, rejected)
    expected_rejected: list[Any] = []
    data, expected_read = p._data_rows(sheet, match, ctx, headers)
    expected = p._group(match.spec, ctx, data, expected_rejected)
    assert (occurrences, read, rejected) == (expected, expected_read, expected_rejected)


# --------------------------------------------------------------------------------------------
# Cell cleaners: the fast path against the careful one (a leading space forces the careful
# path, which strips it first).


@given(st.text(max_size=20))
@example("'13800138000")
@example("' 1")
@example("'")
@example("''x")
@example("'x ")
@example("'\t1")
@example('\'="1"')
def test_clean_text_fast_paths(text: str) -> None:
    assert n.clean_text(text) == n.clean_text(" " + text)
    assert n.text_or_none(text) == (n.clean_text(text) or None)


def test_text_or_none_of_non_text_cells() -> None:
    for cell in (None, "", 0, 1.5, True, datetime(2024, 1, 2)):
        assert n.text_or_none(cell) == (n.clean_text(cell) or None)


@given(st.one_of(st.text(alphabet="0123456789#.eE=\"'- ab", max_size=22), st.text(max_size=8)))
@example("#1001")
@example("1001.0")
@example("2E+18")
@example("2e18")
@example("1e5")
@example("abc ")
def test_clean_order_id_fast_path(text: str) -> None:
    def outcome(value: str) -> object:
        try:
            return n.clean_order_id(value)
        except ValueError as exc:
            return str(exc)

    assert outcome(text) == outcome(" " + text)


@given(st.one_of(st.from_regex(r"-?[0-9]{0,19}(\.[0-9]{0,3})?", fullmatch=True), st.text()))
@example("19.90")
@example("19.9")
@example("0.00")
@example(".50")
@example("1.")
@example("1..5")
@example("999999999999999")
@example("9999999999999999")
@example("999999999999999.99")
@example("1000000000000000.00")
@example("0000000000000000.0")
@example("000000000000000.0")
@example("0000000000000000")
def test_parse_money_text_fast_path(text: str) -> None:
    for default in (0, None):
        fast = _outcome(lambda d=default: n.parse_money(text, default=d))
        careful = _outcome(lambda d=default: n.parse_money(f" {text} ", default=d))
        assert fast == careful


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(19.9)
@example(19.999)
@example(0.125)
@example(0.005)
@example(-19.9)
@example(0.1 + 0.2)
@example(-0.0)
@example(1e15)
@example(999999999999999.9)
@example(1e16)
@example(5e-324)
def test_parse_money_float_fast_path(value: float) -> None:
    careful = _outcome(lambda: n._decimal_to_minor(Decimal(repr(value)), value))
    assert _outcome(lambda: n.parse_money(value)) == careful
    assert _outcome(lambda: n.parse_money(value)) == careful  # remembered the second time
    n.clean_caches_after_file()


@given(st.one_of(st.text(alphabet="0123456789٣１ ,.+-", max_size=20), st.text(max_size=5)))
@example("18")
@example("9" * 19)
@example("٣")
def test_parse_int_fast_path(text: str) -> None:
    assert _outcome(lambda: n.parse_int(text, default=1)) == _outcome(
        lambda: n.parse_int(f" {text}", default=1)
    )


def _int_slicing(s: str, local_tz: timezone | None) -> datetime | None:
    """What parse_datetime's fast path computed before it used fromisoformat."""
    s = s.strip()
    size = len(s)
    if (size == 19 or (size == 25 and s[19] == " " and s[20] in "+-")) and (
        s[4] == "-" and s[7] == "-" and s[13] == ":" and s[16] == ":" and s[:4].isdigit()
    ):
        try:
            dt = datetime(
                int(s[0:4]), int(s[5:7]), int(s[8:10]), int(s[11:13]), int(s[14:16]), int(s[17:19])
            )
            if size == 19:
                return dt
            return n._to_local(dt.replace(tzinfo=n._tz_from_text(s[20:])), local_tz)
        except ValueError:
            return None
    return None


_TEMPLATE = "2024-05-03 14:22:10 -0700"


@given(
    st.integers(min_value=19, max_value=25),
    st.lists(
        st.tuples(st.integers(0, 24), st.sampled_from(list("0123456789١２+- T:.Z\t"))), max_size=4
    ),
    st.sampled_from([TZ, UTC, None]),
)
@example(19, [(11, "2"), (12, "4")], None)
@example(19, [(10, "T")], None)
@example(19, [(5, "+")], None)
@example(25, [(21, "2"), (22, "5")], None)
@example(25, [(23, "9"), (24, "9")], TZ)
def test_parse_datetime_fast_path(
    size: int, changes: list[tuple[int, str]], local_tz: timezone | None
) -> None:
    chars = list(_TEMPLATE[:size])
    for i, c in changes:
        if i < size:
            chars[i] = c
    text = "".join(chars)
    got = _outcome(lambda: n.parse_datetime(text, local_tz=local_tz))
    old = _int_slicing(text, local_tz)
    if old is not None:
        assert got == old
    else:
        # Not a canonical spelling: the careful path decides, with or without the fast path.
        careful = _outcome(lambda: n.parse_datetime(f" {text} ", local_tz=local_tz))
        assert got == careful


def test_aware_datetimes_become_naive_local_times() -> None:
    aware = datetime(2024, 5, 3, 14, 22, 10, 5, tzinfo=timezone(timedelta(hours=-7)))
    expected = aware.astimezone(TZ).replace(tzinfo=None)
    got = n.parse_datetime(aware, local_tz=TZ)
    assert (got, got.tzinfo, got.fold) == (expected, None, expected.fold)
    assert n.parse_datetime("2024-05-03 14:22:10 -0700", local_tz=TZ) == datetime(
        2024, 5, 4, 5, 22, 10
    )


@given(st.text(max_size=30))
@example("浙江省 杭州市 西湖区 文三路100号(310000)")
@example("**** **** 某区 某路1号")
def test_split_address_cache(text: str) -> None:
    expected = n._split_address(text)
    assert n.split_address(text) == expected
    assert n.split_address(text) == expected
    n.clean_caches_after_file()


@given(
    st.sampled_from(["taobao", "jd", "pdd"]),
    st.one_of(st.sampled_from(["交易成功", "交易关闭", "(删除)等待出库", "", " "]), st.text()),
    st.sampled_from([(0, 0), (3000, 3000), (3000, 1000)]),
)
def test_map_status_cache(platform: str, text: str, amounts: tuple[int, int]) -> None:
    paid, refunded = amounts

    def uncached() -> object:
        status = n._lookup_status(platform, text)
        return n.REFUNDED if status == n.CLOSED and paid > 0 and refunded == paid else status

    for _ in range(2):
        assert _outcome(lambda: n.map_status(platform, text, paid=paid, refunded=refunded)) == (
            _outcome(uncached)
        )
    n.clean_caches_after_file()


@given(
    st.sampled_from(["paid", "refunded", "Partially Refunded", "", "bogus"]),
    st.sampled_from(["fulfilled", "partial", "", "x"]),
    st.sampled_from(["", " ", "2024-05-08 09:00:00 -0700", None]),
)
def test_shopify_status_cache(financial: str, fulfillment: str, cancelled: str | None) -> None:
    expected = _outcome(lambda: n._shopify_status(financial, fulfillment, cancelled))
    for _ in range(2):
        assert _outcome(lambda: n.shopify_status(financial, fulfillment, cancelled)) == expected
    n.clean_caches_after_file()


def test_parse_file_forgets_the_caches(fx: Any, write_file: Callable[..., Path]) -> None:
    p.parse_file(write_file("x.csv", fx.TAOBAO_CSV, "gbk"), now=NOW, local_tz=TZ)
    assert not n._ADDRESS_SEEN and not any(n._STATUS_SEEN.values())


# --------------------------------------------------------------------------------------------
# Reading


@PROPS
@given(st.text(alphabet='ab中,"\r\n\u2028\x85\v\f\x1c\t;', max_size=60))
@example('a,"b\u2028c"\nd')
@example("a\u2028b,c\r\nd")
@example('a,"b\rc"\r\n')
def test_csv_lines_are_split_as_csv_reads_them(text: str) -> None:
    data = text.encode("utf-8")
    try:
        decoded, _ = decode_text(data, "x.csv")
    except ImportFileError:
        return  # not text at all (too many control characters)
    delimiter = detect_delimiter(decoded)
    try:
        expected = list(csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter))
    except csv.Error:
        with pytest.raises(ImportFileError, match="not a readable CSV"):
            read_csv_bytes(data, "x.csv")
        return
    assert read_csv_bytes(data, "x.csv").rows == expected


def test_time_cells_are_still_turned_into_text() -> None:
    rows: list[list[Any]] = [
        ["a", 1.5, None],
        [time(7, 5), timedelta(hours=30), datetime(2024, 1, 1)],
    ]
    _fix_cells(rows)
    assert rows == [
        ["a", 1.5, None],
        ["07:05:00", "1 day, 6:00:00", datetime(2024, 1, 1)],
    ]


def _zip_with_member(path: Path, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", data)
    return path


@pytest.mark.parametrize("encoding", ["ascii", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("shift", [-9, -4, -1, 0])
def test_bomb_marker_across_a_chunk_boundary_is_refused(
    tmp_path: Path, encoding: str, shift: int
) -> None:
    rng = random.Random(shift)
    filler = bytes(rng.choices(b"abcdefghij<>/ =", k=_CHUNK + shift))
    data = filler + "<!DOCTYPE x>".encode(encoding) + filler[:1000]
    with pytest.raises(UnsafeFile, match="XML bomb"):
        inspect_zip(_zip_with_member(tmp_path / "x.xlsx", data))


def test_exclamation_marks_without_a_marker_are_fine(tmp_path: Path) -> None:
    rng = random.Random(1)
    data = bytes(rng.choices(b"abcdefghij<>/ =!", k=2 * _CHUNK + 17))
    assert inspect_zip(_zip_with_member(tmp_path / "x.xlsx", data)) is False


def test_a_taobao_coupon_difference_in_退款金额_is_no_refund(
    write_file: Callable[..., Path],
) -> None:
    # formats §1: "退款金额 can include coupon differences, not only real refunds (应付 − 实付 ≈
    # 退款 means no real refund)". Order 1: ¥100 payable, ¥90 paid after a ¥10 coupon, 退款金额
    # 10, the shop got ¥90: nothing was refunded. Order 2: a real ¥30 refund of a ¥90 order.
    # Order 3: the coupon amount again, but the shop got ¥80: a real refund of ¥10. Order 4:
    # no 打款商家金额, 应付 − 实付 = 退款: the coupon.
    text = (
        "订单编号,买家会员名,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,订单创建时间,"
        "退款金额,打款商家金额\n"
        '="1",tb1,100.00,0.00,100.00,90.00,交易成功,2024-05-03 14:22:10,10.00,90.00元\n'
        '="2",tb1,90.00,0.00,90.00,90.00,交易成功,2024-05-03 15:22:10,30.00,60.00元\n'
        '="3",tb1,100.00,0.00,100.00,90.00,交易成功,2024-05-03 16:22:10,10.00,80.00元\n'
        '="4",tb1,95.00,5.00,,90.00,卖家已发货，等待买家确认,2024-05-03 17:22:10,10.00,\n'
        '="5",tb1,1.00,0.00,1.00,1.00,交易成功,2024-05-03 18:22:10,0.01,\n'
    )
    fast_result, careful_result = _parse_both(write_file("ExportOrderList1.csv", text))
    assert isinstance(fast_result, ParseResult)
    assert fast_result == careful_result
    got = {o.order_no: (o.status, o.paid, o.refunded) for o in fast_result.orders}
    assert got == {
        "1": ("completed", 9000, 0),
        "2": ("completed", 9000, 3000),
        "3": ("completed", 9000, 1000),
        "4": ("shipped", 9000, 0),
        "5": ("completed", 100, 1),  # no coupon (应付 = 实付): a real refund of one fen
    }
    coupons = [n for n in fast_result.notes if "coupon" in n]
    assert [n.split(":")[0] for n in coupons] == ["order 1", "order 4"]
