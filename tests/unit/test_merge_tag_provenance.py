"""Merges and whose a tag link is (customer_tag.batch_id): the merchant's link wins over an
import's for the same tag, and an unmerge does not bring back a link of an undone import."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from desktop_crm.db import db
from desktop_crm.models import Customer
from desktop_crm.services import customers as cs
from desktop_crm.services import duplicates as dup
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedCustomer, ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 30)
TODAY = NOW.date()


def _shop(tmp_path: Path, list_tags_email: str) -> tuple[int, int, int]:
    """Two Shopify buyers (Ann, kept; Ann L, merged) and a customer list tagging one VIP."""
    orders = [
        ParsedOrder(
            row=0, platform="shopify", order_no=f"#10{i}", ordered_at=datetime(2026, 10, 1, 9),
            status="completed", paid=5000, currency="USD", buyer_key=email, buyer_name=name,
            real_name=name, email=email,
        )
        for i, (name, email) in enumerate([("Ann Lee", "ann@x.com"), ("Ann L", "ann2@x.com")])
    ]  # fmt: skip
    engine.import_file(write_export("shopify", orders, tmp_path / "orders_export.csv"), now=NOW)
    person = ParsedCustomer(
        row=0, platform="shopify", email=list_tags_email, tags=["VIP"], display_name="x"
    )
    people = write_export(
        "shopify", [person], tmp_path / "customers_export.csv", layout="customers"
    )
    batch = engine.import_file(people, now=NOW + timedelta(minutes=1)).batch_id
    kept = int(Customer.get(Customer.email == "ann@x.com").id)
    merged = int(Customer.get(Customer.email == "ann2@x.com").id)
    return int(batch or 0), kept, merged


def _links(cid: int) -> list[tuple[str, int | None]]:
    return [
        tuple(r)
        for r in db.execute_sql(
            "SELECT t.name, ct.batch_id FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.customer_id = ?",
            [cid],
        )
    ]


def test_the_merchants_link_wins_over_the_imports_and_survives_its_undo(
    db_path: Path, tmp_path: Path
) -> None:
    batch, kept, merged = _shop(tmp_path, "ann@x.com")  # the kept one's VIP is the list's
    cs.set_tags(merged, ["VIP"], now=NOW)  # the merged one's is the merchant's
    merge = dup.merge(kept, merged, now=NOW + timedelta(minutes=2), today=TODAY)
    assert _links(kept) == [("VIP", None)]
    engine.undo_batch(batch, now=NOW + timedelta(minutes=3))
    assert _links(kept) == [("VIP", None)] and Customer.get_by_id(kept).tags == "VIP"
    dup.unmerge(merge.merge_id, now=NOW + timedelta(minutes=4), today=TODAY)
    # Each as it was, less what the undone list gave.
    assert (_links(kept), _links(merged)) == ([], [("VIP", None)])


def test_a_merge_undone_after_its_import_was_does_not_bring_the_imports_link_back(
    db_path: Path, tmp_path: Path
) -> None:
    batch, kept, merged = _shop(tmp_path, "ann2@x.com")  # the merged one's VIP is the list's
    cs.set_tags(kept, ["VIP"], now=NOW)
    merge = dup.merge(kept, merged, now=NOW + timedelta(minutes=2), today=TODAY)
    engine.undo_batch(batch, now=NOW + timedelta(minutes=3))
    dup.unmerge(merge.merge_id, now=NOW + timedelta(minutes=4), today=TODAY)
    assert (_links(kept), _links(merged)) == ([("VIP", None)], [])
    assert Customer.get_by_id(merged).tags == ""


def test_without_an_undo_the_merge_comes_back_exactly(db_path: Path, tmp_path: Path) -> None:
    batch, kept, merged = _shop(tmp_path, "ann@x.com")
    cs.set_tags(merged, ["VIP"], now=NOW)
    before = (_links(kept), _links(merged))
    merge = dup.merge(kept, merged, now=NOW + timedelta(minutes=2), today=TODAY)
    dup.unmerge(merge.merge_id, now=NOW + timedelta(minutes=4), today=TODAY)
    assert (_links(kept), _links(merged)) == before == ([("VIP", batch)], [("VIP", None)])
