"""Re-imports leave out the rows a stored order was read from (orders.source_digest).

The receipt must be what a full re-read gives; only the work is skipped. Anything that could
make the skip wrong (another reading, a changed row, a repeated order, a database changed
while the file was read, an undo, an erasure) must lead to the rows being read again.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_crm.db import close_database, db, open_database
from desktop_crm.models import Order
from desktop_crm.services import privacy
from desktop_crm.services.dump import business_dump
from desktop_crm.services.importing import engine, parse
from desktop_crm.services.importing.parse import parse_file
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 0)


def orders(n: int, *, platform: str = "taobao", buyers: int = 4) -> list[ParsedOrder]:
    out = []
    for i in range(n):
        b = i % buyers
        paid = 1000 + 10 * i
        out.append(
            ParsedOrder(
                row=0, platform=platform,
                order_no=str(2039000000000000000 + i) if platform == "taobao" else f"#{1001 + i}",
                ordered_at=datetime(2026, 10, 1, 12, 0) + timedelta(days=i % 40),
                status="completed" if i % 3 else "paid", paid=paid, refunded=0, currency="CNY",
                buyer_key=f"buyer{b}" if platform == "taobao" else f"buyer{b}@example.com",
                buyer_name=f"buyer{b}", real_name=f"张{b}", phone=f"1380013{b:04d}",
                province="浙江省", city="杭州市", address=f"文一西路{b}号", item_summary="手工皂",
                items=[ParsedItem("手工皂", quantity=1, price=paid)],
            )
        )  # fmt: skip
    return out


def run(path: Path) -> engine.ImportReceipt:
    return engine.import_file(path, now=NOW)


def counts(r: engine.ImportReceipt) -> tuple[int, ...]:
    return (
        r.rows_read, r.orders_added, r.orders_updated, r.orders_unchanged,
        r.orders_without_customer, r.customers_added, r.customers_matched, len(r.rejected),
    )  # fmt: skip


def skipped_by_parse(path: Path) -> list[str]:
    """The order numbers parse_file leaves out against what is stored now."""
    return parse_file(path, now=NOW, known=engine._StoredOrders()).unchanged


@pytest.mark.parametrize(
    ("platform", "fmt"), [("taobao", "csv"), ("taobao", "xlsx"), ("shopify", "csv"), ("jd", "csv")]
)
def test_reimport_skips_every_row_and_says_what_a_full_read_says(
    db_path: Path, tmp_path: Path, platform: str, fmt: str
) -> None:
    path = write_export(platform, orders(30, platform=platform), tmp_path / f"export.{fmt}")
    first = run(path)
    assert first.orders_added == 30
    assert len(skipped_by_parse(path)) == 30
    before = business_dump()
    again = run(path)
    assert counts(again) == (30, 0, 0, 30, 0, 0, 4, 0)
    assert business_dump() == before
    # Exactly what reading every row gives.
    full = engine.apply_result(
        parse_file(path, now=NOW),
        file=path, sha256="x", now=NOW, today=NOW.date(), dry_run=True,
    )  # fmt: skip
    assert counts(full) == counts(again)


def test_a_changed_row_is_read_and_updates_its_order_only(db_path: Path, tmp_path: Path) -> None:
    base = orders(10)
    run(write_export("taobao", base, tmp_path / "a.csv"))
    changed = [dataclasses.replace(o) for o in base]
    changed[3].status = "completed"
    changed[3].completed_at = datetime(2026, 11, 1, 9, 0)
    path = write_export("taobao", changed, tmp_path / "b.csv")
    assert sorted(skipped_by_parse(path)) == sorted(
        o.order_no for i, o in enumerate(base) if i != 3
    )
    r = run(path)
    assert (r.orders_updated, r.orders_unchanged) == (1, 9)
    assert Order.get(Order.order_no == base[3].order_no).status == "completed"
    assert len(skipped_by_parse(path)) == 10  # the updated order now has the new rows' digest


def test_a_column_the_layout_does_not_read_may_change(db_path: Path, tmp_path: Path) -> None:
    path = write_export("taobao", orders(6), tmp_path / "a.csv")
    run(path)
    lines = path.read_text(encoding="gb18030").splitlines()
    edited = [lines[0] + ",备用列"] + [line + f",x{i}" for i, line in enumerate(lines[1:])]
    other = tmp_path / "b.csv"
    other.write_text("\n".join(edited) + "\n", encoding="gb18030")
    assert len(skipped_by_parse(other)) == 6
    assert run(other).orders_unchanged == 6


def test_another_reading_reads_again_and_learns_the_new_digests(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_export("taobao", orders(8), tmp_path / "a.csv")
    run(path)
    monkeypatch.setattr(parse, "READING_VERSION", "test-next")
    assert skipped_by_parse(path) == []
    r = run(path)
    assert (r.orders_added, r.orders_updated, r.orders_unchanged) == (0, 0, 8)
    assert len(skipped_by_parse(path)) == 8


def test_orders_from_before_digests_are_read_then_skipped(db_path: Path, tmp_path: Path) -> None:
    path = write_export("taobao", orders(5), tmp_path / "a.csv")
    run(path)
    db.execute_sql("UPDATE orders SET source_digest = NULL")
    assert skipped_by_parse(path) == []
    assert run(path).orders_unchanged == 5
    assert len(skipped_by_parse(path)) == 5


def test_an_order_repeated_in_the_file_is_always_read(db_path: Path, tmp_path: Path) -> None:
    base = orders(4)
    path = write_export("taobao", [*base, base[1]], tmp_path / "a.csv")
    run(path)
    assert sorted(skipped_by_parse(path)) == sorted(
        o.order_no for i, o in enumerate(base) if i != 1
    )
    r = run(path)
    assert (r.orders_added, r.orders_unchanged, r.rejected) == (0, 4, [])


def test_rows_shorter_than_the_header_are_digested_as_blanks(db_path: Path, tmp_path: Path) -> None:
    path = write_export("taobao", orders(3), tmp_path / "a.csv")
    lines = path.read_text(encoding="gb18030").splitlines()
    header = lines[0].split(",")
    # The last columns of the second order are left off (blank to the parser).
    cells = lines[2].split(",")
    keep = max(i for i, h in enumerate(header) if h.startswith("订单付款时间")) + 1
    lines[2] = ",".join(cells[:keep])
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    first = run(path)
    assert first.orders_added == 3
    assert len(skipped_by_parse(path)) == 3
    assert run(path).orders_unchanged == 3


def test_a_database_changed_while_the_file_was_read_is_read_again(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = orders(6)
    path = write_export("taobao", base, tmp_path / "a.csv")
    run(path)
    real_lookup = engine._StoredOrders.__call__

    def lookup_then_meddle(self: engine._StoredOrders, platform: str, numbers: list[str]) -> dict:
        found = real_lookup(self, platform, numbers)
        # Between the parse and the write, something changes an order the parse left out.
        db.execute_sql(
            "UPDATE orders SET status = 'pending', fingerprint = 'meddled' WHERE order_no = ?",
            (base[2].order_no,),
        )
        return found

    monkeypatch.setattr(engine._StoredOrders, "__call__", lookup_then_meddle)
    r = run(path)
    # Read in full, the file's version of that order wins over the meddled one.
    assert (r.orders_updated, r.orders_unchanged) == (1, 5)
    assert Order.get(Order.order_no == base[2].order_no).status == base[2].status


def test_undo_puts_the_digest_back(db_path: Path, tmp_path: Path) -> None:
    base = orders(5)
    a = write_export("taobao", base, tmp_path / "a.csv")
    run(a)
    changed = [dataclasses.replace(o) for o in base]
    changed[0].status = "refunded"
    changed[0].refunded = changed[0].paid
    r = run(write_export("taobao", changed, tmp_path / "b.csv"))
    assert r.orders_updated == 1
    engine.undo_batch(r.batch_id, now=NOW)
    assert len(skipped_by_parse(a)) == 5
    assert run(a).orders_unchanged == 5


def test_erasing_a_person_forgets_the_digests_of_their_orders(
    db_path: Path, tmp_path: Path
) -> None:
    path = write_export("taobao", orders(8), tmp_path / "a.csv")
    run(path)
    order = Order.get(Order.order_no == str(2039000000000000000))
    privacy.erase_person(order.customer_id, now=NOW)
    left_out = skipped_by_parse(path)
    assert len(left_out) == 6 and order.order_no not in left_out


def test_files_joined_with_details_are_always_read(db_path: Path, tmp_path: Path) -> None:
    base = orders(4)
    write_export("taobao", base, tmp_path / "ExportOrderDetailList1.csv", layout="details")
    path = write_export("taobao", base, tmp_path / "ExportOrderList1.csv")
    run(path)
    assert skipped_by_parse(path) == []
    assert run(path).orders_unchanged == 4


def test_the_common_mobile_number_is_read_without_the_regexes_alike() -> None:
    from desktop_crm.services.contact import Phone, parse_phone

    assert parse_phone("13800138000") == Phone("13800138000", "13800138000", False)
    assert parse_phone("12800138000") is None  # no mainland mobile starts 12
    for number in ("13800138000", "19912345678", "16600000000"):
        assert parse_phone(number) == parse_phone(f" {number} ")  # the regex path
    assert parse_phone("+8613800138000") == Phone("13800138000", "13800138000", False)


def test_full_width_digits_are_the_same_phone() -> None:
    from desktop_crm.services.contact import Phone, is_masked_phone, parse_phone

    # Typed with a Chinese input method in full-width mode: the same number, so the same match.
    assert parse_phone("１３８００１３８０００") == Phone("13800138000", "13800138000", False)
    assert parse_phone("＋８６ １３８-００１３-８０００") == Phone(
        "13800138000", "13800138000", False
    )
    assert parse_phone("１３８＊＊＊＊１２３４") == Phone("138****1234", None, True)
    assert is_masked_phone("１３８＊＊＊＊１２３４")
    # A digit of another script never enters a phone's matching form.
    assert parse_phone("138001380٠٠") is None


# --- property: with or without skipping, the same database and the same receipts ------------

_STATUSES = ["pending", "paid", "shipped", "completed", "refunded", "closed"]


@st.composite
def _export_versions(draw: st.DrawFn) -> list[tuple[str, list[ParsedOrder]]]:
    """Two to four exports (format, orders) of one shop: overlapping windows of the same
    orders, some of them changed between exports, some repeated or missing."""
    base = orders(draw(st.integers(3, 12)), buyers=draw(st.integers(1, 4)))
    versions = []
    for _ in range(draw(st.integers(2, 4))):
        picked = draw(st.lists(st.sampled_from(range(len(base))), min_size=1, max_size=14))
        out = []
        for i in picked:
            o = dataclasses.replace(base[i], items=list(base[i].items))
            if draw(st.booleans()):
                o.status = draw(st.sampled_from(_STATUSES))
                o.refunded = o.paid if o.status == "refunded" else 0
            if draw(st.integers(0, 4)) == 0:
                o.paid += draw(st.integers(1, 500))
            out.append(o)
        versions.append((draw(st.sampled_from(["csv", "xlsx"])), out))
    return versions


def _scenario(
    template: Path, folder: Path, versions: list[tuple[str, list[ParsedOrder]]], *, skip: bool
) -> tuple[list[tuple[int, ...]], object]:
    shutil.copy(template, folder / f"{skip}.db")
    open_database(folder / f"{skip}.db")
    full_read = None if skip else (lambda f, **kw: engine.parse_any(f, **kw))
    receipts = []
    try:
        for n, (fmt, records) in enumerate(versions):
            path = write_export("taobao", records, folder / f"v{n}.{fmt}")
            receipts.append(counts(engine.import_file(path, now=NOW, parser=full_read)))
            # The same file again, as merchants do.
            receipts.append(counts(engine.import_file(path, now=NOW, parser=full_read)))
        return receipts, business_dump()
    finally:
        close_database()


@settings(
    max_examples=20, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(versions=_export_versions())
def test_skipping_rows_never_changes_what_an_import_does(
    _template_db: Path, versions: list[tuple[str, list[ParsedOrder]]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with_skip = _scenario(_template_db, folder, versions, skip=True)
        full = _scenario(_template_db, folder, versions, skip=False)
    assert with_skip == full


# --- the file cache: the same bytes again need not be read at all ------------------------------


def _cache_rows() -> int:
    return int(db.execute_sql("SELECT count(*) FROM import_file_cache").fetchone()[0])


def _unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(engine, "parse_any", refuse)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_same_bytes_again_are_not_read_and_say_the_same(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    path = write_export("taobao", orders(12), tmp_path / f"a.{fmt}")
    first = run(path)
    assert _cache_rows() == 1
    full = run(path)  # read, all left out by digest
    _unreadable(monkeypatch)
    again = run(path)
    assert counts(again) == counts(full) == (12, 0, 0, 12, 0, 0, 4, 0)
    assert again.platform == first.platform and again.layout == first.layout
    assert again.notes == first.notes


def test_rejected_rows_are_reported_again_without_reading(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_export("taobao", orders(5), tmp_path / "a.csv")
    lines = path.read_text(encoding="gb18030").splitlines()
    cells = lines[3].split(",")
    cells[0] = "2.03918E+18"  # an id Excel destroyed
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    first = run(path)
    assert len(first.rejected) == 1
    _unreadable(monkeypatch)
    again = run(path)
    assert again.rejected == first.rejected and again.orders_unchanged == 4
    batch = engine.history()[0]
    assert batch.rejected == 1


def test_a_file_with_a_row_dated_in_the_future_is_always_read(
    db_path: Path, tmp_path: Path
) -> None:
    records = orders(3)
    records[1].ordered_at = NOW + timedelta(days=3)
    run(write_export("taobao", records, tmp_path / "a.csv"))
    assert _cache_rows() == 0  # tomorrow that row may be accepted


def test_what_changed_in_the_database_sends_the_file_to_be_read(
    db_path: Path, tmp_path: Path
) -> None:
    path = write_export("taobao", orders(6), tmp_path / "a.csv")
    first = run(path)
    engine.undo_batch(first.batch_id, now=NOW)
    again = run(path)  # its orders are gone: read, and added again
    assert (again.orders_added, again.customers_added) == (6, 4)


def test_a_detail_file_beside_it_or_another_platform_sends_it_to_be_read(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = orders(4)
    path = write_export("taobao", base, tmp_path / "ExportOrderList7.csv")
    run(path)
    write_export("taobao", base, tmp_path / "ExportOrderDetailList7.csv", layout="details")
    _unreadable(monkeypatch)
    with pytest.raises(AssertionError, match="was read"):
        run(path)
    (tmp_path / "ExportOrderDetailList7.csv").unlink()
    with pytest.raises(AssertionError, match="was read"):
        engine.import_file(path, now=NOW, platform="jd")
    assert run(path).orders_unchanged == 4


def test_a_dry_run_remembers_nothing_and_only_the_newest_files_are_kept(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_export("taobao", orders(3), tmp_path / "a.csv")
    engine.import_file(path, now=NOW, dry_run=True)
    assert _cache_rows() == 0
    monkeypatch.setattr(engine, "CACHE_FILES", 2)
    for n in range(4):
        records = orders(3)
        for o in records:
            o.order_no = f"{o.order_no}{n}"
        engine.import_file(
            write_export("taobao", records, tmp_path / f"f{n}.csv"),
            now=NOW + timedelta(minutes=n),
        )
    assert _cache_rows() == 2


def test_a_file_too_big_to_import_is_refused_without_being_hashed_first(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_crm.services.importing.parse import DEFAULT_MAX_BYTES
    from desktop_crm.services.importing.records import ImportFileError

    big = tmp_path / "huge.csv"
    with open(big, "wb") as fh:  # sparse: no disk used
        fh.truncate(DEFAULT_MAX_BYTES + 1)

    def no_hashing(_path: Path) -> str:
        raise AssertionError("hashed")

    monkeypatch.setattr(engine, "file_sha256", no_hashing)
    with pytest.raises(ImportFileError):
        run(big)


@pytest.mark.parametrize(
    "damage",
    [b"not zlib at all", __import__("zlib").compress(b"{not json"),
     __import__("zlib").compress(b"[1, 2, 3]"), __import__("zlib").compress(b"[[1, 2], [3, 4]]")],
)  # fmt: skip
def test_a_damaged_cache_entry_is_only_a_miss(db_path: Path, tmp_path: Path, damage: bytes) -> None:
    path = write_export("taobao", orders(4), tmp_path / "a.csv")
    run(path)
    db.execute_sql("UPDATE import_file_cache SET orders = ?", (damage,))
    assert run(path).orders_unchanged == 4
