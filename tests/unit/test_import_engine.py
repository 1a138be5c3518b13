"""The import engine: exact, idempotent, order-independent, all-or-nothing, undoable."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import JobCancelled, Refused
from desktop_crm.models import ChannelIdentity, Customer, ImportBatch, Order, OrderItem
from desktop_crm.services import customers as customer_svc
from desktop_crm.services.dump import business_dump, logical_hash
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ImportFileError, ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.settings import store_currency
from desktop_crm.services.totals import count_wrong_totals

NOW = datetime(2026, 11, 22, 10, 0)


def make_orders(
    n: int, *, buyers: int = 5, status: str = "completed", start: int = 0
) -> list[ParsedOrder]:
    out = []
    for i in range(start, start + n):
        b = i % buyers
        paid = 1000 + 10 * i
        out.append(
            ParsedOrder(
                row=0, platform="taobao", order_no=str(2039000000000000000 + i),
                ordered_at=datetime(2026, 10, 1, 12, 0) + timedelta(days=i % 40),
                status=status, paid=paid, refunded=paid if status == "refunded" else 0,
                currency="CNY", buyer_key=f"buyer{b}", buyer_name=f"buyer{b}",
                real_name=f"张{b}", phone=f"1380013{b:04d}", province="浙江省", city="杭州市",
                address=f"文一西路{b}号", item_summary="手工皂",
                items=[ParsedItem("手工皂", quantity=1, price=paid)],
            )
        )  # fmt: skip
    return out


def export(
    tmp: Path, orders: list[ParsedOrder], name: str = "ExportOrderList202611221000.csv"
) -> Path:
    """The 订单报表 and, beside it, its 宝贝报表 (item lines), as Taobao exports them."""
    detail = name.replace("ExportOrderList", "ExportOrderDetailList")
    write_export("taobao", orders, tmp / detail, layout="details")
    return write_export("taobao", orders, tmp / name)


def run(path: Path, **kw) -> engine.ImportReceipt:
    return engine.import_file(path, now=NOW, **kw)


def test_first_import_creates_customers_orders_items(db_path: Path, tmp_path: Path) -> None:
    r = run(export(tmp_path, make_orders(12, buyers=4)))
    assert (r.platform, r.kind, r.rows_read) == ("taobao", "orders", 12)
    assert (r.orders_added, r.orders_updated, r.orders_unchanged) == (12, 0, 0)
    assert (r.customers_added, r.customers_matched, r.rejected) == (4, 0, [])
    assert Customer.select().count() == 4 and ChannelIdentity.select().count() == 4
    assert Order.select().count() == 12 and OrderItem.select().count() == 12
    c = Customer.get(Customer.display_name == "buyer1")
    assert (c.real_name, c.phone, c.city, c.source_platform) == (
        "张1",
        "13800130001",
        "杭州市",
        "taobao",
    )
    assert c.order_count == 3 and c.total_paid == sum(1000 + 10 * i for i in (1, 5, 9))
    assert count_wrong_totals() == 0
    assert store_currency() == "CNY"
    batch = ImportBatch.get_by_id(r.batch_id)
    assert batch.orders_added == 12 and batch.sha256


def test_reimport_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    path = export(tmp_path, make_orders(10))
    run(path)
    before = business_dump()
    r = run(path)
    assert (r.orders_added, r.orders_updated, r.orders_unchanged) == (0, 0, 10)
    assert (r.customers_added, r.customers_matched) == (0, 5)
    assert business_dump() == before


def test_newer_export_updates_status_and_refunds(db_path: Path, tmp_path: Path) -> None:
    run(export(tmp_path, make_orders(6, status="shipped")))
    newer = make_orders(6, status="completed")
    newer[0] = dataclasses.replace(newer[0], status="refunded", refunded=newer[0].paid)
    r = run(export(tmp_path, newer, "ExportOrderList202611231000.csv"))
    assert (r.orders_added, r.orders_updated, r.orders_unchanged) == (0, 6, 0)
    first = Order.get(Order.order_no == newer[0].order_no)
    assert (first.status, first.refunded) == ("refunded", newer[0].paid)
    c = Customer.get(Customer.display_name == "buyer0")
    assert c.order_count == 1  # the refunded order is no longer a purchase
    assert count_wrong_totals() == 0


def test_older_export_does_not_roll_an_order_back(db_path: Path, tmp_path: Path) -> None:
    run(export(tmp_path, make_orders(4, status="completed")))
    r = run(export(tmp_path, make_orders(4, status="paid"), "ExportOrderList202611011000.csv"))
    assert r.orders_unchanged == 4
    assert {o.status for o in Order.select()} == {"completed"}


def test_import_order_does_not_matter(tmp_path: Path) -> None:
    a_orders = make_orders(8, status="shipped")
    b_orders = make_orders(8, status="completed", start=4)  # overlaps a on 4 orders
    b_orders[0] = dataclasses.replace(b_orders[0], status="refunded", refunded=b_orders[0].paid)
    a = export(tmp_path, a_orders, "ExportOrderList202611011000.csv")
    b = export(tmp_path, b_orders, "ExportOrderList202611021000.csv")
    dumps = []
    for order, name in (((a, b), "ab.db"), ((b, a), "ba.db")):
        open_database(tmp_path / name)
        for path in order:
            run(path)
        dumps.append(business_dump())
        close_database()
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize("later_status", ["completed", "shipped"])
def test_item_lines_arriving_in_another_import_are_kept_whatever_the_order(
    tmp_path: Path, later_status: str
) -> None:
    # The order report alone (no 宝贝报表 beside it: no item lines) and an export of the same
    # orders with their lines, once at the same status and once a step behind: the lines must
    # end up stored whichever file comes first (they were dropped when the lines came second).
    alone = tmp_path / "alone"
    alone.mkdir()
    bare = write_export("taobao", make_orders(3), alone / "ExportOrderList202611011000.csv")
    lined = export(tmp_path, make_orders(3, status=later_status), "ExportOrderList202611021000.csv")
    dumps = []
    for files, name in (((bare, lined), "ab.db"), ((lined, bare), "ba.db")):
        open_database(tmp_path / name)
        for path in files:
            run(path)
        dump = business_dump()
        assert len(dump["items"]) == 3 and {o[6] for o in dump["orders"]} == {"completed"}
        for path in files:  # either file again changes nothing
            again = run(path)
            assert (again.orders_updated, again.orders_unchanged) == (0, 3)
        assert business_dump() == dump
        dumps.append(dump)
        close_database()
    assert dumps[0] == dumps[1]


def test_undo_of_lines_brought_by_an_older_version(db_path: Path, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    run(write_export("taobao", make_orders(2), alone / "ExportOrderList202611021000.csv"))
    before = business_dump()
    r = run(export(tmp_path, make_orders(2, status="shipped"), "ExportOrderList202611011000.csv"))
    assert (r.orders_updated, OrderItem.select().count()) == (2, 2)
    assert {o.status for o in Order.select()} == {"completed"}  # the fields stay the newer's
    engine.undo_batch(r.batch_id, now=NOW)
    assert business_dump() == before


def test_undo_restores_exact_prior_state(db_path: Path, tmp_path: Path) -> None:
    customer_svc.create_customer(customer_svc.CustomerInput("手工录入"), today=NOW.date(), now=NOW)
    first = run(export(tmp_path, make_orders(6, status="shipped")))
    before_second = business_dump()
    newer = make_orders(10, status="completed")  # 6 updated, 4 added, 0 new customers
    second = run(export(tmp_path, newer, "ExportOrderList202611231000.csv"))
    assert (second.orders_added, second.orders_updated) == (4, 6)
    engine.undo_batch(second.batch_id, now=NOW)
    assert business_dump() == before_second
    engine.undo_batch(first.batch_id, now=NOW)
    after = business_dump()
    assert after["orders"] == [] and after["identities"] == [] and after["items"] == []
    assert [c[1] for c in after["customers"]] == ["手工录入"]
    assert after["settings"] == []  # the currency the first import set is taken back too


def test_undo_of_an_older_batch_names_the_newer_one(db_path: Path, tmp_path: Path) -> None:
    first = run(export(tmp_path, make_orders(4, status="shipped")))
    second = run(
        export(tmp_path, make_orders(4, status="completed"), "ExportOrderList202611231000.csv")
    )
    with pytest.raises(engine.UndoRefused) as info:
        engine.undo_batch(first.batch_id, now=NOW)
    assert info.value.newer == second.batch_id and str(second.batch_id) in info.value.message
    engine.undo_batch(second.batch_id, now=NOW)
    engine.undo_batch(first.batch_id, now=NOW)
    with pytest.raises(Refused, match="already undone"):
        engine.undo_batch(first.batch_id, now=NOW)
    assert [b.undone for b in engine.history()] == [True, True]


def test_undo_blocked_when_a_later_batch_added_orders_to_its_customer(
    db_path: Path, tmp_path: Path
) -> None:
    first = run(export(tmp_path, make_orders(2, buyers=1)))
    second = run(
        export(tmp_path, make_orders(2, buyers=1, start=10), "ExportOrderList202611231000.csv")
    )
    assert second.customers_matched == 1
    with pytest.raises(engine.UndoRefused):
        engine.undo_batch(first.batch_id, now=NOW)


def test_undo_of_a_batch_that_gave_an_order_to_a_new_buyer(db_path: Path, tmp_path: Path) -> None:
    # A re-export names another buyer for an order: the newer import creates that customer and
    # moves the order to them. Its own journal puts the order back, so it is undoable (it was
    # refused, naming the *older* import, and then neither import could ever be undone).
    (old,) = make_orders(1, status="pending")
    first = run(export(tmp_path, [old]))
    after_first = business_dump()
    moved = dataclasses.replace(old, status="closed", buyer_key="other", buyer_name="other")
    second = run(export(tmp_path, [moved], "ExportOrderList202611231000.csv"))
    assert (second.orders_updated, second.customers_added) == (1, 1)
    with pytest.raises(engine.UndoRefused) as info:
        engine.undo_batch(first.batch_id, now=NOW)
    assert info.value.newer == second.batch_id
    engine.undo_batch(second.batch_id, now=NOW)
    assert business_dump() == after_first
    engine.undo_batch(first.batch_id, now=NOW)
    assert business_dump()["orders"] == []


def test_undo_of_an_update_to_an_order_whose_customer_was_deleted_since(
    db_path: Path, tmp_path: Path
) -> None:
    # The journal remembers the order's owner; put back after the merchant deleted them, the
    # id broke the foreign key and the undo failed with an internal error.
    orders = make_orders(2, buyers=2, status="paid")
    run(export(tmp_path, orders))
    done = [dataclasses.replace(o, status="completed") for o in orders]
    second = run(export(tmp_path, done, "ExportOrderList202611231000.csv"))
    gone = Customer.get(Customer.display_name == "buyer0")
    customer_svc.delete_customer(gone.id)
    result = engine.undo_batch(second.batch_id, now=NOW)
    assert result.orders_restored == 2
    left = Order.get(Order.order_no == orders[0].order_no)
    assert (left.status, left.customer_id, left.identity_id) == ("paid", None, None)
    kept = Order.get(Order.order_no == orders[1].order_no)
    assert kept.status == "paid" and kept.customer.display_name == "buyer1"
    assert count_wrong_totals() == 0


def test_dry_run_counts_but_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    before = logical_hash()
    r = run(export(tmp_path, make_orders(5)), dry_run=True)
    assert r.orders_added == 5 and r.customers_added == 5 and r.batch_id is None
    assert logical_hash() == before and ImportBatch.select().count() == 0


def test_a_rehearsal_counts_files_in_turn_and_keeps_nothing(db_path: Path, tmp_path: Path) -> None:
    # The second file repeats the first's orders with one more; a bad file between them is
    # refused alone; afterwards the database is as it was.
    run(export(tmp_path, make_orders(2, start=10), "ExportOrderList202610011000.csv"))
    before = logical_hash()
    first = export(tmp_path, make_orders(3), "ExportOrderList202611011000.csv")
    second = export(tmp_path, make_orders(4), "ExportOrderList202611021000.csv")
    bad = tmp_path / "broken.csv"
    bad.write_bytes(b"\x00\x01 not an export")
    with engine.rehearsal():
        a = run(first, dry_run=True)
        with pytest.raises(ImportFileError):
            run(bad, dry_run=True)
        b = run(second, dry_run=True)
    assert (a.orders_added, a.customers_added, a.batch_id) == (3, 1, None)
    assert (b.orders_added, b.orders_unchanged, b.customers_added, b.batch_id) == (1, 3, 1, None)
    assert logical_hash() == before and ImportBatch.select().count() == 1


def test_cancel_leaves_the_database_as_it_was(db_path: Path, tmp_path: Path) -> None:
    run(export(tmp_path, make_orders(3)))
    before = logical_hash()
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(JobCancelled):
        run(export(tmp_path, make_orders(300, start=100), "ExportOrderList202611231000.csv"),
            cancelled=cancelled)  # fmt: skip
    assert logical_hash() == before and ImportBatch.select().count() == 1


def test_cancel_heard_after_the_rows_are_written_still_changes_nothing(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cancel pressed while the bar stood at 99% (points, tiers, follow-ups: a third of a big
    # import) was not heard: the import was saved and the wizard said "Import finished".
    from desktop_crm.services import effects

    run(export(tmp_path, make_orders(3)))
    before = logical_hash()
    pressed = {"cancel": False}
    real = effects.followups.refresh_automatic

    def press_cancel_there(**kwargs) -> None:  # noqa: ANN003
        real(**kwargs)
        pressed["cancel"] = True  # the merchant presses Cancel during the last step

    monkeypatch.setattr(effects.followups, "refresh_automatic", press_cancel_there)
    seen: list[int] = []
    with pytest.raises(JobCancelled):
        run(export(tmp_path, make_orders(300, start=100), "ExportOrderList202611231000.csv"),
            cancelled=lambda: pressed["cancel"], progress=lambda d, t: seen.append(d))  # fmt: skip
    assert logical_hash() == before and ImportBatch.select().count() == 1
    # The bar moves during that last step too, rather than standing still for a third of it.
    assert len({d for d in seen if 90 <= d < 100}) >= 2


def test_fatal_file_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    run(export(tmp_path, make_orders(3)))
    before = logical_hash()
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFileError):
        run(bad)
    assert logical_hash() == before and ImportBatch.select().count() == 1


def test_orders_without_a_buyer_are_kept_without_customer(db_path: Path, tmp_path: Path) -> None:
    orders = make_orders(3)
    orders[1] = dataclasses.replace(orders[1], buyer_key=None, buyer_name=None)
    result = engine.apply_result(
        engine.ParseResult(file="x", platform="taobao", kind="orders", rows_read=3, orders=orders),
        file=tmp_path / "x.csv", sha256="", now=NOW, today=NOW.date(),
    )  # fmt: skip
    assert result.orders_without_customer == 1 and result.orders_added == 3
    assert Order.select().where(Order.customer.is_null()).count() == 1


def test_matched_customer_gets_empty_fields_filled_never_overwritten(
    db_path: Path, tmp_path: Path
) -> None:
    orders = make_orders(1, buyers=1)
    orders[0] = dataclasses.replace(orders[0], city=None, address=None)
    run(export(tmp_path, orders))
    c = Customer.get()
    Customer.update(real_name="王小明").where(Customer.id == c.id).execute()
    later = make_orders(1, buyers=1, start=5)
    r = run(export(tmp_path, later, "ExportOrderList202611231000.csv"))
    c = Customer.get_by_id(c.id)
    assert c.real_name == "王小明"  # the merchant's edit stays
    assert c.city == "杭州市"  # an empty field was filled
    engine.undo_batch(r.batch_id, now=NOW)
    assert Customer.get_by_id(c.id).city is None


@pytest.mark.parametrize("masked_first", [True, False])
def test_a_masked_name_gives_way_to_the_full_one_whichever_file_came_first(
    db_path: Path, tmp_path: Path, masked_first: bool
) -> None:
    # A newer export masks the recipient (张*); an older one names her (张三). As a masked
    # phone gives way to the full number, the masked name gives way to the full one.
    masked = [dataclasses.replace(o, real_name="张*") for o in make_orders(1, buyers=1)]
    full = [dataclasses.replace(o, real_name="张三") for o in make_orders(1, buyers=1, start=5)]
    first, second = (masked, full) if masked_first else (full, masked)
    run(export(tmp_path, first))
    r = run(export(tmp_path, second, "ExportOrderList202611231000.csv"))
    assert Customer.get().real_name == "张三"
    engine.undo_batch(r.batch_id, now=NOW)
    assert Customer.get().real_name == first[0].real_name


def test_in_one_file_the_full_name_and_phone_win_over_newer_masked_ones(
    db_path: Path, tmp_path: Path
) -> None:
    older, newer = make_orders(2, buyers=1)
    newer = dataclasses.replace(
        newer, ordered_at=older.ordered_at + timedelta(days=1), real_name="张*",
        real_name_masked=True, phone="138****0000", phone_masked=True,
    )  # fmt: skip
    run(export(tmp_path, [older, newer]))
    c = Customer.get()
    assert (c.real_name, c.phone) == (older.real_name, older.phone)


def test_a_buyers_newest_row_with_blank_contact_cells_does_not_hide_older_ones(
    tmp_path: Path,
) -> None:
    # One buyer, two orders in one file: the paid one with name, phone and address, a newer
    # unpaid one with those cells blank (as Taobao exports an unpaid order). The customer used
    # to be created from the newest row alone: no name, phone or address at all, and which
    # file came first decided whether they were ever filled.
    full, blank = make_orders(2, buyers=1)
    blank = dataclasses.replace(
        blank, status="pending", real_name=None, phone=None, province=None, city=None,
        address=None,
    )  # fmt: skip
    both = export(tmp_path, [full, blank], "ExportOrderList202611011000.csv")
    alone = export(tmp_path, [full], "ExportOrderList202611021000.csv")
    dumps = []
    for order, name in (((both, alone), "ab.db"), ((alone, both), "ba.db")):
        open_database(tmp_path / name)
        for path in order:
            run(path)
            c = Customer.get()
            assert (c.real_name, c.phone, c.province, c.city, c.address) == (
                "张0",
                "13800130000",
                "浙江省",
                "杭州市",
                "文一西路0号",
            ), (name, path.name)
        dumps.append(business_dump())
        close_database()
    assert dumps[0] == dumps[1]


def test_a_contact_detail_comes_with_its_own_address(db_path: Path, tmp_path: Path) -> None:
    # Province, city and street are taken together from the newest row that has an address:
    # never a city of one order with the street of another.
    old, new = make_orders(2, buyers=1)
    new = dataclasses.replace(new, province="江苏省", city=None, address=None, phone=None)
    run(export(tmp_path, [old, new]))
    c = Customer.get()
    assert (c.province, c.city, c.address, c.phone) == ("江苏省", None, None, "13800130000")


def test_a_shopify_customer_is_named_the_same_whichever_file_came_first(tmp_path: Path) -> None:
    # An order without a billing name made the customer "alice@example.com"; the customer
    # list, imported later, could not rename them, and imported first it named them "Alice
    # Smith": the name depended on the order of the imports.
    from desktop_crm.services.importing.records import ParsedCustomer

    order = ParsedOrder(
        row=0, platform="shopify", order_no="#1001", ordered_at=datetime(2026, 10, 1, 9),
        status="completed", paid=5000, currency="USD", buyer_key="alice@example.com",
        buyer_name="alice@example.com", email="alice@example.com",
    )  # fmt: skip
    person = ParsedCustomer(
        row=0, platform="shopify", buyer_key="alice@example.com", display_name="Alice Smith",
        real_name="Alice Smith", email="alice@example.com",
    )  # fmt: skip
    orders = write_export("shopify", [order], tmp_path / "orders_export.csv")
    people = write_export("shopify", [person], tmp_path / "customers_export.csv")
    names = []
    for files, name in (((orders, people), "ab.db"), ((people, orders), "ba.db")):
        open_database(tmp_path / name)
        for path in files:
            run(path)
        names.append([c.display_name for c in Customer.select()])
        close_database()
    assert names == [["Alice Smith"], ["Alice Smith"]]


def test_a_shopify_recipient_does_not_name_the_buyer(tmp_path: Path) -> None:
    # An order shipped to someone else (only the Shipping Name and Phone filled) named the
    # buyer "Zed Shipper" with the recipient's phone when the orders came first, and "Zed
    # Zulu" with her own phone when her customers_export.csv came first.
    import csv

    from desktop_crm.services.importing.platforms import SHOPIFY_ORDER_HEADERS
    from desktop_crm.services.importing.records import ParsedCustomer

    cells = {
        "Name": "#3002", "Email": "zed@example.com", "Financial Status": "paid",
        "Created at": "2026-10-02 09:59:00 +0800", "Currency": "CNY", "Total": "20.00",
        "Lineitem quantity": "1", "Lineitem name": "Cup", "Lineitem price": "20.00",
        "Shipping Name": "Zed Shipper", "Shipping Phone": "13800138009",
    }  # fmt: skip
    orders = tmp_path / "orders_export.csv"
    with orders.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [SHOPIFY_ORDER_HEADERS, [cells.get(h, "") for h in SHOPIFY_ORDER_HEADERS]]
        )
    person = ParsedCustomer(
        row=0, platform="shopify", buyer_key="zed@example.com", display_name="Zed Zulu",
        real_name="Zed Zulu", email="zed@example.com", phone="13800138010",
    )  # fmt: skip
    people = write_export("shopify", [person], tmp_path / "customers_export.csv")
    seen = []
    for files, name in (((orders, people), "ab.db"), ((people, orders), "ba.db")):
        open_database(tmp_path / name)
        for path in files:
            run(path)
        seen.append([(c.display_name, c.real_name, c.phone) for c in Customer.select()])
        close_database()
    assert seen == [[("Zed Zulu", "Zed Zulu", "13800138010")]] * 2


def test_a_shopify_name_from_an_older_order_of_the_same_file(db_path: Path, tmp_path: Path) -> None:
    # Her newest order has no billing name (its name is her e-mail): one file gave
    # "alice@example.com", two files "Alice Smith".
    orders = [
        ParsedOrder(
            row=0,
            platform="shopify",
            order_no=f"#{no}",
            ordered_at=datetime(2026, 10, day, 9),
            status="completed",
            paid=5000,
            currency="USD",
            buyer_key="alice@example.com",
            buyer_name=name,
            real_name=None if name.startswith("alice@") else name,
            email="alice@example.com",
        )  # fmt: skip
        for no, day, name in ((1001, 1, "Alice Smith"), (1002, 5, "alice@example.com"))
    ]
    run(write_export("shopify", orders, tmp_path / "orders_export.csv"))
    assert [(c.display_name, c.real_name) for c in Customer.select()] == [
        ("Alice Smith", "Alice Smith")
    ]


@pytest.mark.parametrize("platform", ["jd", "shopify", "woocommerce", "taobao"])
def test_an_order_never_paid_is_stored_with_nothing_paid(
    db_path: Path, tmp_path: Path, platform: str
) -> None:
    # JD's 应付金额, Shopify's Total and WooCommerce's order total are what the order is worth,
    # also for an unpaid or cancelled order: "paid" then said 10.00 for an order nobody paid
    # (DESIGN §3: pending = not paid, closed = cancelled/unpaid).
    orders = []
    for n, status in enumerate(["pending", "closed", "completed"]):
        o = make_orders(1, start=n)[0]
        orders.append(dataclasses.replace(
            o, platform=platform, status=status, refunded=0,
            order_no=o.order_no if platform in ("taobao", "jd") else str(5000 + n),
            buyer_key=f"b{n}@example.com", email=f"b{n}@example.com",
        ))  # fmt: skip
    name = {"jd": "jd_orders.csv", "shopify": "orders_export.csv"}.get(
        platform, "ExportOrderList202611221000.csv" if platform == "taobao" else "orders.csv"
    )
    run(write_export(platform, orders, tmp_path / name))
    paid = {o.status: o.paid for o in Order.select()}
    assert paid["pending"] == paid["closed"] == 0, paid
    assert paid["completed"] == orders[2].paid


def test_store_currency_is_adopted_once(db_path: Path, tmp_path: Path) -> None:
    run(export(tmp_path, make_orders(2)))
    assert store_currency() == "CNY"
    assert db.execute_sql("SELECT count(*) FROM setting").fetchone()[0] == 1


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after_an_import_whatever_happened(
    db_path: Path, tmp_path: Path, enabled: bool
) -> None:
    import gc

    before = gc.isenabled()  # off for good once a GUI test has run (views/gui_gc.py)
    (gc.enable if enabled else gc.disable)()
    try:
        run(export(tmp_path, make_orders(3)))
        assert gc.isenabled() is enabled
        bad = tmp_path / "bad.csv"
        bad.write_bytes(b"\x00\x01\x02" * 100)
        with pytest.raises(ImportFileError):
            run(bad)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()


def test_overlapping_pauses_turn_the_collector_back_on_when_the_last_one_ends() -> None:
    import gc
    import threading

    from desktop_crm.services.gc_pause import gc_paused, paused_gc

    before = gc.isenabled()
    gc.enable()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with paused_gc():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with paused_gc():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first pause ended, this one goes on
            seen.append(gc_paused())

    try:
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert seen == [False, True]
        assert gc.isenabled() and not gc_paused()
    finally:
        (gc.enable if before else gc.disable)()


def test_the_bar_moves_while_a_big_file_is_read_and_cancel_is_heard_there(
    db_path: Path, tmp_path: Path
) -> None:
    path = write_export("taobao", make_orders(5000, buyers=50), tmp_path / "big.csv")
    seen: list[int] = []
    run(path, progress=lambda done, total: seen.append(100 * done // total))
    assert seen == sorted(seen) and seen[0] == 0 and seen[-1] == 100
    parsing = [p for p in seen if 0 < p < 35]
    assert len(parsing) >= 3  # read, grouped, and orders parsed: before any writing
    before = logical_hash()
    other = write_export("taobao", make_orders(5000, start=9000), tmp_path / "other.csv")
    asked = {"n": 0}

    def cancel_while_parsing() -> bool:
        asked["n"] += 1
        return asked["n"] >= 2  # the parse loop asks first; the second time is still in it

    with pytest.raises(JobCancelled):
        run(other, cancelled=cancel_while_parsing)
    assert logical_hash() == before and asked["n"] == 2


def test_an_unpaid_order_stored_before_the_rule_is_set_to_nothing_paid(tmp_path: Path) -> None:
    # A pending JD order stored with its total as paid kept it: the re-read version (0) lost
    # the ranking to the stored one (the larger amount wins). Migration 0013 sets it to 0
    # with the fingerprint the parse now gives, so a re-import finds it unchanged.
    import shutil

    from desktop_crm import db as dbmod
    from desktop_crm.services.importing import parse

    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"):
        if path.name < "0013":
            shutil.copy(path, old / path.name)
    order = dataclasses.replace(
        make_orders(1)[0], platform="jd", order_no="300000001", status="pending"
    )
    file = write_export("jd", [order], tmp_path / "jd_orders.csv")
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    run(file)
    expected = [(o.paid, o.fingerprint) for o in Order.select()]
    close_database()
    assert expected[0][0] == 0
    path = tmp_path / "crm.db"
    open_database(path, migrations_dir=old)
    rules = parse._UNPAID
    parse._UNPAID = ()  # the reading before the rule
    # Today's importer reads the table 0014 adds and writes the columns 0018 and 0019 add:
    # there while it runs, not after.
    db.execute_sql("CREATE TABLE erased_order (platform TEXT, order_no TEXT)")
    db.execute_sql("ALTER TABLE tier_change ADD COLUMN currency TEXT")
    db.execute_sql("ALTER TABLE import_batch ADD COLUMN joined_json TEXT NOT NULL DEFAULT '[]'")
    try:
        run(file)
    finally:
        parse._UNPAID = rules
    db.execute_sql("DROP TABLE erased_order")
    db.execute_sql("ALTER TABLE tier_change DROP COLUMN currency")
    db.execute_sql("ALTER TABLE import_batch DROP COLUMN joined_json")
    assert [o.paid for o in Order.select()] == [order.paid]
    close_database()
    open_database(path, backup_dir=tmp_path / "backups")
    assert [(o.paid, o.fingerprint) for o in Order.select()] == expected
    again = run(file)
    assert (again.orders_updated, again.orders_unchanged) == (0, 1)


def test_a_file_named_in_gbk_bytes_imports_under_its_chinese_name(db_path, tmp_path) -> None:
    # A zip made on Chinese Windows unpacks here to names in GBK bytes; Python gives them as
    # text with surrogates, which SQLite (and a UTF-8 stdout) refused: an internal error.
    import os

    written = write_export("taobao", make_orders(2), tmp_path / "x.csv")
    odd = Path(
        os.fsdecode(tmp_path / "x.csv").replace("x.csv", "")
        + os.fsdecode("淘宝订单.csv".encode("gbk"))
    )
    written.rename(odd)
    receipt = engine.import_file(odd, now=NOW)
    assert receipt.orders_added == 2 and receipt.file == "淘宝订单.csv"
    batch = ImportBatch.get()
    assert batch.file_name == "淘宝订单.csv" and batch.file_path.endswith("/淘宝订单.csv")


def test_a_named_pipe_is_refused_at_once(db_path: Path, tmp_path: Path) -> None:
    # The file was hashed (opened) before the reader could say "not a file": a FIFO nobody
    # writes to blocked the import, and a script calling it, for good.
    import os
    import threading

    fifo = tmp_path / "orders.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            engine.import_file(fifo, now=NOW)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # blocked in open(): a writer lets it go before the test fails
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("the import blocked on the named pipe")
    assert len(outcome) == 1 and isinstance(outcome[0], ImportFileError)
    assert "not a file" in str(outcome[0])
