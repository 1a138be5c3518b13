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
from desktop_crm.services.importing.records import ParsedOrder
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
    from desktop_crm.db import db

    batch = _import(tmp_path, ["新客"], "ExportOrderList202610010900.csv", 7100000000000000000)
    new = _id("新客")
    cs.set_tags(new, ["VIP"], now=NOW)
    (tag_id,) = [t.tag_id for t in CustomerTag.select().where(CustomerTag.customer == new)]
    # As a customer export with a tags column journals the tags it adds.
    db.execute_sql(
        "INSERT INTO import_change (batch_id, entity, row_id, action, before_json) "
        "VALUES (?, 'customer_tag', ?, 'add', ?)",
        (batch, new, f'{{"tag_id": {tag_id}}}'),
    )
    assert own_entries.on_customers_created_by(batch).tags == 0


def test_no_such_batch_counts_nothing(db_path) -> None:
    assert own_entries.on_customers_created_by(999).total == 0


def test_a_tag_given_by_hand_after_its_import_was_undone_is_counted(db_path, tmp_path) -> None:
    # A customer list tagged her VIP (import 2), that import was undone, the merchant tagged
    # her VIP by hand: undoing import 1 removes that tag, and the confirmation did not say so
    # (the undone import's journal still named the link).
    from desktop_crm.services.importing.records import ParsedCustomer

    order = ParsedOrder(
        row=0, platform="shopify", order_no="#1001", ordered_at=datetime(2026, 10, 1, 9),
        status="completed", paid=5000, currency="USD", buyer_key="alice@example.com",
        buyer_name="Alice Smith", real_name="Alice Smith", email="alice@example.com",
    )  # fmt: skip
    orders = write_export("shopify", [order], tmp_path / "orders_export.csv")
    first = int(engine.import_file(orders, now=NOW).batch_id or 0)
    person = ParsedCustomer(row=0, platform="shopify", email="alice@example.com", tags=["VIP"])
    people = write_export(
        "shopify", [person], tmp_path / "customers_export.csv", layout="customers"
    )
    listed = engine.import_file(people, now=NOW)
    engine.undo_batch(int(listed.batch_id or 0), now=NOW)
    cs.set_tags(_id("Alice Smith"), ["VIP"], now=NOW)
    assert own_entries.on_customers_created_by(first).tags == 1
