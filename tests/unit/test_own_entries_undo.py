"""What the merchant entered on customers an import created: counted before an undo removes it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from desktop_crm.models import Customer
from desktop_crm.models.customers import CustomerTag, Note
from desktop_crm.models.followups import Feedback, FollowUp
from desktop_crm.models.loyalty import PointsEntry
from desktop_crm.services import customers as cs
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services import own_entries
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedCustomer, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.loyalty_points import adjust_points

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)


def _import(tmp_path: Path, buyers: list[str], name: str, first: int) -> int:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(first + i),
            ordered_at=datetime(2026, 10, 1, 9) + timedelta(days=i), status="completed",
            paid=5000, currency="CNY", buyer_key=b, buyer_name=b,
        )
        for i, b in enumerate(buyers)
    ]  # fmt: skip
    receipt = engine.import_file(write_export("taobao", orders, tmp_path / name), now=NOW)
    assert receipt.batch_id is not None
    return int(receipt.batch_id)


def _alice_order(tmp_path: Path) -> Path:
    order = ParsedOrder(
        row=0, platform="shopify", order_no="#1001", ordered_at=datetime(2026, 10, 1, 9),
        status="completed", paid=5000, currency="USD", buyer_key="alice@example.com",
        buyer_name="Alice Smith", real_name="Alice Smith", email="alice@example.com",
    )  # fmt: skip
    return write_export("shopify", [order], tmp_path / "orders_export.csv")


def _customer_list(tmp_path: Path, tags: list[str]) -> Path:
    """Shopify's customers_export naming Alice, with these tags."""
    person = ParsedCustomer(row=0, platform="shopify", email="alice@example.com", tags=tags,
                            display_name="Alice Smith", real_name="Alice Smith")  # fmt: skip
    return write_export("shopify", [person], tmp_path / "customers_export.csv", layout="customers")


def _id(name: str) -> int:
    return int(Customer.get(Customer.display_name == name).id)


def test_counts_what_the_merchant_gave_the_customers_an_undo_removes(db_path, tmp_path) -> None:
    _import(tmp_path, ["老客"], "ExportOrderList202610010900.csv", 7100000000000000000)
    batch = _import(
        tmp_path, ["新客", "老客"], "ExportOrderList202610020900.csv", 7200000000000000000
    )
    new, old = _id("新客"), _id("老客")
    assert own_entries.on_customers_created_by(batch) == own_entries.OwnEntries()

    for who in (new, new, old):
        fb.log_feedback(fb.FeedbackInput(who, fb.COMPLAINT, "包装破损"), now=NOW)
    fu.create_followup(fu.FollowUpInput(new, "回访", datetime(2026, 11, 25, 10)), now=NOW)
    adjust_points(new, 50, note="补偿", today=TODAY, now=NOW)
    cs.add_note(new, "喜欢玫瑰香型", now=NOW)
    cs.add_note(old, "老顾客", now=NOW)
    cs.set_tags(new, ["VIP", "敏感肌"], now=NOW)

    counts = own_entries.on_customers_created_by(batch)
    assert counts == own_entries.OwnEntries(
        feedback=2, followups=1, points_adjustments=1, notes=1, tags=2
    )
    assert counts.total == 7
    # The complaints' automatic follow-ups and what the orders earned are the rules' own: the
    # customer's orders leave with the undo and so do they; they are not the merchant's entries.
    assert FollowUp.select().where(FollowUp.customer == new).count() > 1
    assert PointsEntry.select().where(PointsEntry.customer == new).count() > 1

    # The count says exactly what the undo then removes (and the undo is not changed by it).
    before = {
        "feedback": Feedback.select().count(),
        "notes": Note.select().count(),
        "tags": CustomerTag.select().count(),
    }
    engine.undo_batch(batch, now=NOW)
    assert Feedback.select().count() == before["feedback"] - counts.feedback
    assert Note.select().count() == before["notes"] - counts.notes
    assert CustomerTag.select().count() == before["tags"] - counts.tags
    assert FollowUp.select().where(FollowUp.customer == new).count() == 0
    assert Customer.get_or_none(Customer.id == old) is not None


def test_tags_the_import_itself_gave_are_not_counted(db_path, tmp_path) -> None:
    # A customer list makes her and tags her: the tags leave with her, as the import's own.
    people = _customer_list(tmp_path, ["VIP", "批发"])
    batch = int(engine.import_file(people, now=NOW).batch_id or 0)
    assert CustomerTag.select().count() == 2
    assert own_entries.on_customers_created_by(batch).tags == 0


def test_no_such_batch_counts_nothing(db_path) -> None:
    assert own_entries.on_customers_created_by(999).total == 0


def test_a_tag_given_by_hand_after_its_import_was_undone_is_counted(db_path, tmp_path) -> None:
    # A customer list tagged her VIP (import 2), that import was undone, the merchant tagged
    # her VIP by hand: undoing import 1 removes that tag, and the confirmation did not say so
    # (the undone import's journal still named the link).
    first = int(engine.import_file(_alice_order(tmp_path), now=NOW).batch_id or 0)
    listed = engine.import_file(_customer_list(tmp_path, ["VIP"]), now=NOW)
    engine.undo_batch(int(listed.batch_id or 0), now=NOW)
    cs.set_tags(_id("Alice Smith"), ["VIP"], now=NOW)
    assert own_entries.on_customers_created_by(first).tags == 1


def test_a_tag_taken_off_and_given_again_by_hand_is_the_merchants(db_path, tmp_path) -> None:
    # A customer list tagged her VIP; the merchant took the tag off and gave it again. It is
    # theirs now: the confirmation counts it, and undoing the list leaves it on.
    first = int(engine.import_file(_alice_order(tmp_path), now=NOW).batch_id or 0)
    listed = int(engine.import_file(_customer_list(tmp_path, ["VIP"]), now=NOW).batch_id or 0)
    alice = _id("Alice Smith")
    assert own_entries.on_customers_created_by(first).tags == 0
    cs.set_tags(alice, [], now=NOW)
    cs.set_tags(alice, ["VIP"], now=NOW)
    assert own_entries.on_customers_created_by(first).tags == 1
    engine.undo_batch(listed, now=NOW)
    assert cs.get_customer(alice).tags == ["VIP"]


def test_a_tag_the_import_gave_that_the_merchant_kept_leaves_with_the_undo(
    db_path, tmp_path
) -> None:
    engine.import_file(_alice_order(tmp_path), now=NOW)
    listed = int(engine.import_file(_customer_list(tmp_path, ["VIP"]), now=NOW).batch_id or 0)
    alice = _id("Alice Smith")
    cs.set_tags(alice, ["VIP", "朋友"], now=NOW)  # VIP kept, 朋友 added by hand
    engine.undo_batch(listed, now=NOW)
    assert cs.get_customer(alice).tags == ["朋友"]


def test_links_given_by_imports_before_the_upgrade_are_known_as_theirs(db_path, tmp_path) -> None:
    from desktop_crm import db as dbmod
    from desktop_crm.db import close_database, db, open_database

    engine.import_file(_alice_order(tmp_path), now=NOW)
    undone = int(engine.import_file(_customer_list(tmp_path, ["旧"]), now=NOW).batch_id or 0)
    engine.undo_batch(undone, now=NOW)
    listed = int(engine.import_file(_customer_list(tmp_path, ["VIP"]), now=NOW).batch_id or 0)
    alice = _id("Alice Smith")
    cs.set_tags(alice, ["VIP", "旧"], now=NOW)  # 旧 by hand, after its import was undone
    # The database as version 14 had it: links without their import.
    db.execute_sql("DROP INDEX customer_tag_batch")
    db.execute_sql("ALTER TABLE customer_tag DROP COLUMN batch_id")
    db.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name LIKE '0015%'")
    db.execute_sql("PRAGMA user_version = 14")
    close_database()
    open_database(db_path)
    assert dbmod.pending_migrations() == []
    by_tag = {t.tag.name: t.batch_id for t in CustomerTag.select()}
    assert by_tag == {"VIP": listed, "旧": None}
