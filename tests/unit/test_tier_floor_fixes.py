"""Tier floors (downgrades off) after undos in any order and after an unmerge: a customer
holds the highest tier the spend still present ever justified, never one that only undone
imports or a merge undone since reached."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_crm.db import db
from desktop_crm.services import duplicates, loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)


class Shop:
    """Imports order lists as Taobao exports, one new file name each time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = 0

    def run(self, orders: list[ParsedOrder], *, now: datetime = NOW) -> int:
        self.files += 1
        path = write_export(
            "taobao", orders, self.folder / f"ExportOrderList2026{self.files:08d}.csv"
        )
        return engine.import_file(path, platform="taobao", now=now, today=now.date()).batch_id


@pytest.fixture
def shop(db_path: Path) -> Iterator[Shop]:
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    yield Shop(db_path.parent)


def order(no: int, buyer: str, paid: int, *, status: str = "completed") -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + no),
        ordered_at=datetime(2026, 10, 1, 12, 0), status=status, paid=paid, refunded=0,
        currency="CNY", buyer_key=buyer, buyer_name=buyer, real_name="张三",
        province="浙江省", city="杭州市", address="文一西路1号", item_summary="手工皂",
        items=[ParsedItem("手工皂", price=paid)],
    )  # fmt: skip


def cid(name: str) -> int:
    return int(
        db.execute_sql("SELECT id FROM customer WHERE display_name = ?", (name,)).fetchone()[0]
    )


def tier(name: str) -> str:
    return loyalty.member_summary(cid(name), today=TODAY).tier_name


def undo(batch_id: int) -> None:
    engine.undo_batch(batch_id, now=NOW, today=TODAY)


def test_undoing_the_raising_import_first_then_the_later_one(shop: Shop) -> None:
    # The Silver that undoing b1 left was b2's spend: undoing b2 takes it too.
    shop.run([order(9, "amy", 100)])
    b1 = shop.run([order(21, "amy", 600_000)])
    b2 = shop.run([order(22, "amy", 100_000)])
    assert tier("amy") == "Gold"
    undo(b1)
    assert tier("amy") == "Silver"
    undo(b2)
    assert tier("amy") == "Member"
    assert not loyalty.tier_explanation(cid("amy"), TODAY).held_by_no_downgrade
    assert loyalty.count_wrong_tiers(today=TODAY) == 0


def test_a_later_floor_that_needed_an_undone_import_is_not_held(shop: Shop) -> None:
    # b4's Gold needed b3's order: with b3 and b5 undone, b4's own spend is Silver.
    shop.run([order(8, "bob", 100)])
    b3 = shop.run([order(31, "bob", 150_000)])
    b4 = shop.run([order(32, "bob", 400_000)])
    b5 = shop.run([order(33, "bob", 1_500_000)])
    assert tier("bob") == "Diamond"
    undo(b3)
    assert tier("bob") == "Gold"
    undo(b5)
    assert tier("bob") == "Silver"
    undo(b4)
    assert tier("bob") == "Member"


def test_the_same_undos_in_the_other_order_give_the_same_tier(shop: Shop) -> None:
    shop.run([order(8, "bob", 100)])
    b3 = shop.run([order(31, "bob", 150_000)])
    shop.run([order(32, "bob", 400_000)])
    b5 = shop.run([order(33, "bob", 1_500_000)])
    undo(b5)
    assert tier("bob") == "Gold"
    undo(b3)
    assert tier("bob") == "Silver"


def test_a_floor_held_by_a_refund_survives_an_unrelated_undo(shop: Shop) -> None:
    shop.run([order(1, "amy", 600_000, status="paid")])
    shop.run([order(1, "amy", 600_000, status="refunded")])
    assert tier("amy") == "Gold"  # held: downgrades are off
    later = shop.run([order(2, "amy", 100)])
    undo(later)
    assert tier("amy") == "Gold"


def test_unmerge_puts_the_kept_customer_back_in_its_own_tier(shop: Shop) -> None:
    shop.run([order(1, "amy", 150_000), order(2, "bea", 400_000)])
    a, b = cid("amy"), cid("bea")
    merged = duplicates.merge(a, b, now=NOW, today=TODAY)
    assert loyalty.member_summary(a, today=TODAY).tier_name == "Gold"
    duplicates.unmerge(merged.merge_id, now=NOW, today=TODAY)
    assert (tier("amy"), tier("bea")) == ("Silver", "Silver")
    # The way back is recorded, with its reason.
    last = loyalty.tier_history(a)[0]
    assert (last.from_name, last.to_name) == ("Gold", "Silver")
    assert last.reason.startswith("spend 1,500.00")
    assert loyalty.count_wrong_tiers(today=TODAY) == 0


def test_unmerge_keeps_the_floor_the_kept_customer_held_on_its_own(shop: Shop) -> None:
    shop.run([order(1, "amy", 600_000, status="paid"), order(2, "bea", 400_000)])
    shop.run([order(1, "amy", 600_000, status="refunded")])
    assert tier("amy") == "Gold"  # held by its own past spend
    merged = duplicates.merge(cid("amy"), cid("bea"), now=NOW, today=TODAY)
    duplicates.unmerge(merged.merge_id, now=NOW, today=TODAY)
    assert (tier("amy"), tier("bea")) == ("Gold", "Silver")


@pytest.mark.parametrize("keep_the_gold_one", [True, False])
def test_a_merge_keeps_the_higher_floor_whichever_record_is_kept(
    shop: Shop, keep_the_gold_one: bool
) -> None:
    # Amy holds Gold on her own (her spend refunded, downgrades off). Merged into her small
    # duplicate's record, the whole fell to Member; kept as her record, it stayed Gold.
    shop.run([order(1, "amy", 600_000, status="paid"), order(2, "amy_alt", 100)])
    shop.run([order(1, "amy", 600_000, status="refunded")])
    assert (tier("amy"), tier("amy_alt")) == ("Gold", "Member")
    gold, other = cid("amy"), cid("amy_alt")
    kept, gone = (gold, other) if keep_the_gold_one else (other, gold)
    merged = duplicates.merge(kept, gone, now=NOW, today=TODAY)
    assert loyalty.member_summary(kept, today=TODAY).tier_name == "Gold"
    assert loyalty.count_wrong_tiers(today=TODAY) == 0
    # Undone, each side is back in its own tier.
    duplicates.unmerge(merged.merge_id, now=NOW, today=TODAY)
    assert (tier("amy"), tier("amy_alt")) == ("Gold", "Member")
    assert loyalty.count_wrong_tiers(today=TODAY) == 0


@pytest.mark.parametrize("undo_first", [True, False])
def test_an_import_made_while_merged_then_undone_after_the_unmerge(
    shop: Shop, undo_first: bool
) -> None:
    # Merged (Gold together), then B imported, unmerged, B undone: amy kept Gold, because B's
    # journal entry found the floor the merge gave. Undoing B before the unmerge gave Member.
    shop.run([order(1, "amy", 50_000), order(2, "amy2", 460_000)])
    amy, amy2 = cid("amy"), cid("amy2")
    merged = duplicates.merge(amy, amy2, now=NOW, today=TODAY)
    assert tier("amy") == "Gold"
    b = shop.run([order(3, "amy", 1_000_000)])
    if undo_first:
        undo(b)
        duplicates.unmerge(merged.merge_id, now=NOW, today=TODAY)
    else:
        duplicates.unmerge(merged.merge_id, now=NOW, today=TODAY)
        assert tier("amy") == "Gold"  # ¥10,500 of her own, B included
        undo(b)
    assert (tier("amy"), tier("amy2")) == ("Member", "Silver")
    assert loyalty.count_wrong_tiers(today=TODAY) == 0


def test_after_an_unmerge_a_floor_of_an_import_still_present_is_held(shop: Shop) -> None:
    # The unmerge's own entry keeps what the spend of imports still present justified.
    shop.run([order(1, "amy", 50_000), order(2, "amy2", 460_000)])
    merged = duplicates.merge(cid("amy"), cid("amy2"), now=NOW, today=TODAY)
    shop.run([order(3, "amy", 600_000)])  # Gold on her own
    duplicates.unmerge(merged.merge_id, now=NOW, today=TODAY)
    c = shop.run([order(4, "amy", 100)])
    shop.run([order(3, "amy", 600_000, status="refunded")])  # her spend gone: Gold held
    assert tier("amy") == "Gold"
    undo(c)  # an import that did not give the floor: it stays
    assert tier("amy") == "Gold"
