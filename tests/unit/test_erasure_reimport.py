"""An erased customer stays erased when an export or a customer list naming them is imported
again.

Merchants import the same monthly exports more than once; before this, re-importing one made
the erased person again from their orders (name, phone, address, message), silently undoing
the erasure. Their erased orders now stay anonymous (amounts and status still follow the
export, for the sales figures); an order of theirs the erasure did not know (a new purchase)
makes a new customer, as any new buyer does. A customer list (no orders) leaves out a person
whose account, full phone or e-mail was erased, also once a new order made them a customer
again (so the result does not depend on which file came first).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database
from desktop_crm.models import Customer, Order
from desktop_crm.services import privacy
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedCustomer, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.stats import store_stats

NOW = datetime(2026, 11, 22, 10, 0)
MARKER = "Qwzmarker"


def _order(i: int, buyer: str, *, status: str = "completed", refunded: int = 0) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(9300000000000000000 + i),
        ordered_at=datetime(2026, 9, 1, 9, 0) + timedelta(days=i), status=status, paid=5000,
        refunded=refunded, currency="CNY", buyer_key=f"{buyer}nick", buyer_name=f"{buyer}nick",
        real_name=f"{buyer}名字", phone="13912345678" if buyer == MARKER else "13800000000",
        province="浙江省", city="杭州市", address=f"{buyer}路1号", buyer_note=f"{buyer} note",
    )  # fmt: skip


def _import(tmp_path: Path, orders: list[ParsedOrder], name: str) -> engine.ImportReceipt:
    path = write_export("taobao", orders, tmp_path / f"ExportOrderList{name}.csv")
    return engine.import_file(path, now=NOW)


def _first_file(tmp_path: Path) -> list[ParsedOrder]:
    return [_order(0, MARKER), _order(1, MARKER), _order(2, "keep")]


def _erase_marker_person() -> None:
    cid = Customer.get(Customer.display_name == f"{MARKER}nick").id
    privacy.erase_person(cid, now=NOW)


def _marker_in_database(db_path: Path) -> bool:
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return any(
        MARKER.encode() in Path(str(db_path) + s).read_bytes()
        for s in ("", "-wal")
        if Path(str(db_path) + s).exists()
    )


def test_importing_the_same_export_again_does_not_bring_the_person_back(
    db_path: Path, tmp_path: Path
) -> None:
    _import(tmp_path, _first_file(tmp_path), "202609010900")
    _erase_marker_person()
    revenue = store_stats(today=NOW.date())["revenue"]
    receipt = _import(tmp_path, _first_file(tmp_path), "202609020900")
    assert [c.display_name for c in Customer.select()] == ["keepnick"]
    erased = Order.select().where(Order.customer.is_null())
    assert erased.count() == 2 and all(o.buyer_note is None for o in erased)
    assert receipt.customers_added == 0 and receipt.orders_without_customer == 2
    assert any("2 orders of erased customers" in note for note in receipt.notes)
    assert store_stats(today=NOW.date())["revenue"] == revenue
    assert not _marker_in_database(db_path)
    # A third time: nothing to do at all.
    again = _import(tmp_path, _first_file(tmp_path), "202609030900")
    assert (again.orders_unchanged, again.orders_updated, again.customers_added) == (3, 0, 0)


def test_a_later_version_of_an_erased_order_updates_its_figures_only(
    db_path: Path, tmp_path: Path
) -> None:
    _import(tmp_path, _first_file(tmp_path), "202609010900")
    _erase_marker_person()
    refunded = [_order(0, MARKER, status="refunded", refunded=5000), _order(1, MARKER)]
    receipt = _import(tmp_path, refunded, "202610010900")
    assert receipt.orders_updated == 1 and receipt.customers_added == 0
    order = Order.get(Order.order_no == "9300000000000000000")
    assert (order.status, order.refunded, order.customer_id) == ("refunded", 5000, None)
    assert not _marker_in_database(db_path)


def test_a_new_order_of_the_erased_buyer_makes_a_new_customer(
    db_path: Path, tmp_path: Path
) -> None:
    _import(tmp_path, _first_file(tmp_path), "202609010900")
    _erase_marker_person()
    receipt = _import(tmp_path, [*_first_file(tmp_path), _order(9, MARKER)], "202611010900")
    assert receipt.customers_added == 1
    new = Customer.get(Customer.display_name == f"{MARKER}nick")
    assert [o.order_no for o in new.orders] == ["9300000000000000009"]


def test_orders_erased_before_the_upgrade_are_known_as_erased(
    db_path: Path, tmp_path: Path
) -> None:
    _import(tmp_path, _first_file(tmp_path), "202609010900")
    cid = Customer.get(Customer.display_name == f"{MARKER}nick").id
    # The database as version 13 left it after an erasure: no erased_order table.
    db.execute_sql(
        "UPDATE orders SET customer_id = NULL, identity_id = NULL, buyer_note = NULL, "
        "fingerprint = '', source_digest = NULL WHERE customer_id = ?",
        [cid],
    )
    db.execute_sql("DELETE FROM customer WHERE id = ?", [cid])
    db.execute_sql("DROP TABLE erased_order")
    db.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name LIKE '0014%'")
    db.execute_sql("PRAGMA user_version = 13")
    close_database()
    open_database(db_path)
    assert dbmod.pending_migrations() == []
    receipt = _import(tmp_path, _first_file(tmp_path), "202609020900")
    assert receipt.customers_added == 0
    assert Order.select().where(Order.customer.is_null()).count() == 2


def test_undoing_the_import_that_made_the_orders_does_not_forget_the_erasure(
    db_path: Path, tmp_path: Path
) -> None:
    first = _import(tmp_path, _first_file(tmp_path), "202609010900")
    _erase_marker_person()
    engine.undo_batch(int(first.batch_id or 0), now=NOW)
    receipt = _import(tmp_path, _first_file(tmp_path), "202609020900")
    assert [c.display_name for c in Customer.select()] == ["keepnick"]
    assert receipt.orders_without_customer == 2
    assert not _marker_in_database(db_path)


def test_an_import_that_changed_an_erased_order_can_still_be_undone(
    db_path: Path, tmp_path: Path
) -> None:
    first = _import(tmp_path, _first_file(tmp_path), "202609010900")
    refund = _import(
        tmp_path, [_order(0, MARKER, status="refunded", refunded=5000)], "202610010900"
    )
    _erase_marker_person()
    assert not _marker_in_database(db_path)  # the journal's earlier version is anonymous too
    result = engine.undo_batch(int(refund.batch_id or 0), now=NOW)
    assert result.orders_restored == 1
    order = Order.get(Order.order_no == "9300000000000000000")
    assert (order.status, order.refunded, order.customer_id, order.buyer_note) == (
        "completed", 0, None, None,
    )  # fmt: skip
    engine.undo_batch(int(first.batch_id or 0), now=NOW)
    assert Order.select().count() == 0


# --- customer lists ---------------------------------------------------------------------------


def _list_person(name: str, email: str, phone: str | None = None) -> ParsedCustomer:
    return ParsedCustomer(
        row=0, platform="shopify", buyer_key=email, display_name=name, real_name=name,
        phone=phone, email=email, city="Springfield", address=f"{name} Street 1",
        tags=["VIP"], note=f"{name} likes tea",
    )  # fmt: skip


def _import_list(tmp_path: Path, people: list[ParsedCustomer], name: str) -> engine.ImportReceipt:
    path = write_export("shopify", people, tmp_path / f"customers_export_{name}.csv")
    return engine.import_file(path, now=NOW)


def _the_list() -> list[ParsedCustomer]:
    return [
        _list_person(MARKER, "qwz@example.com", "+14155550100"),
        _list_person("Keep", "keep@example.com"),
    ]


def test_a_customer_list_does_not_bring_an_erased_person_back(
    db_path: Path, tmp_path: Path
) -> None:
    _import_list(tmp_path, _the_list(), "1")
    privacy.erase_person(Customer.get(Customer.display_name == MARKER).id, now=NOW)
    receipt = _import_list(tmp_path, _the_list(), "2")
    assert [c.display_name for c in Customer.select()] == ["Keep"]
    assert receipt.customers_added == 0
    assert "1 person on this list was erased earlier and was not added again" in receipt.notes
    assert not _marker_in_database(db_path)
    # Nor under another e-mail with the same full phone, nor a list that names them by phone.
    other = _list_person(MARKER, "other@example.com", "+1 415 555 0100")
    receipt = _import_list(tmp_path, [other, _list_person("New", "new@example.com")], "3")
    assert sorted(c.display_name for c in Customer.select()) == ["Keep", "New"]
    assert receipt.customers_added == 1
    assert not _marker_in_database(db_path)


def test_a_list_leaves_out_an_erased_person_who_came_back_too(
    db_path: Path, tmp_path: Path
) -> None:
    _import_list(tmp_path, _the_list(), "1")
    privacy.erase_person(Customer.get(Customer.display_name == MARKER).id, now=NOW)
    # They buy again: a new order makes them a customer again (as any new buyer).
    back = ParsedOrder(
        row=0, platform="shopify", order_no="#5001", ordered_at=datetime(2026, 11, 1, 9, 0),
        status="completed", paid=5000, refunded=0, currency="USD", buyer_key="qwz@example.com",
        buyer_name=MARKER, email="qwz@example.com",
    )  # fmt: skip
    write_export("shopify", [back], tmp_path / "orders_export_1.csv")
    engine.import_file(tmp_path / "orders_export_1.csv", now=NOW)
    receipt = _import_list(tmp_path, _the_list(), "2")
    assert receipt.notes == ["1 person on this list was erased earlier and was not added again"]
    person = Customer.get(Customer.email == "qwz@example.com")  # by their new order
    assert (person.tags, person.notes, person.city) == ("", "", None)
    # The list first and the order after give the same: the order alone makes them again.


def test_people_erased_before_the_upgrade_are_not_known(db_path: Path, tmp_path: Path) -> None:
    """What an erasure deleted before this version is gone: the list makes them again, as it
    did; the upgrade only adds the table (and erasures from now on fill it)."""
    _import_list(tmp_path, _the_list(), "1")
    db.execute_sql("DROP TABLE erased_person")
    db.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name LIKE '0017%'")
    db.execute_sql("PRAGMA user_version = 16")
    close_database()
    open_database(db_path)
    assert dbmod.pending_migrations() == []
    privacy.erase_person(Customer.get(Customer.display_name == MARKER).id, now=NOW)
    assert _import_list(tmp_path, _the_list(), "2").customers_added == 0


def test_a_list_leaves_out_the_contacts_of_a_customer_merged_into_the_erased_one(
    db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.services import duplicates

    two = [_list_person(MARKER, "a1@example.com", "+14155550101"),
           _list_person(f"{MARKER} 2", "a2@example.com", "+14155550102")]  # fmt: skip
    _import_list(tmp_path, two, "1")
    kept = Customer.get(Customer.display_name == MARKER).id
    merged = Customer.get(Customer.display_name == f"{MARKER} 2").id
    duplicates.merge(kept, merged, today=NOW.date(), now=NOW)
    privacy.erase_person(kept, now=NOW)
    again = [_list_person(MARKER, "a2@example.com"), _list_person("Other", "b@example.com",
                                                                    "+14155550102")]  # fmt: skip
    receipt = _import_list(tmp_path, again, "2")
    assert receipt.customers_added == 0 and Customer.select().count() == 0
    assert not _marker_in_database(db_path)
