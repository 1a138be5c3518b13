"""Referral rewards around a merge, an expiry and an undo: each reward stays tied to the
referral it was given for, and taking one back never takes points that already lapsed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

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

    def run(self, orders: list[ParsedOrder], *, now: datetime = NOW) -> engine.ImportReceipt:
        self.files += 1
        path = write_export(
            "taobao", orders, self.folder / f"ExportOrderList2026{self.files:08d}.csv"
        )
        return engine.import_file(path, platform="taobao", now=now, today=now.date())


@pytest.fixture
def shop(db_path: Path) -> Iterator[Shop]:
    yield Shop(db_path.parent)


def order(
    no: int,
    buyer: str,
    *,
    at: datetime = datetime(2026, 10, 1, 12, 0),
    status: str = "completed",
    paid: int = 10_000,
) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + no), ordered_at=at,
        status=status, paid=paid, refunded=0, currency="CNY", buyer_key=buyer,
        buyer_name=buyer, real_name="张三", province="浙江省", city="杭州市",
        address="文一西路1号", item_summary="手工皂", items=[ParsedItem("手工皂", price=paid)],
    )  # fmt: skip


def cid(name: str) -> int:
    return int(
        db.execute_sql("SELECT id FROM customer WHERE display_name = ?", (name,)).fetchone()[0]
    )


def entries(customer: int) -> list[tuple[str, int]]:
    rows = db.execute_sql(
        "SELECT reason, delta FROM points_entry WHERE customer_id = ? ORDER BY id", (customer,)
    ).fetchall()
    return [(r, int(d)) for r, d in rows]


def reward_of(referrer: int) -> int:
    """The id of the referrer's (one) positive referral entry."""
    return int(
        db.execute_sql(
            "SELECT id FROM points_entry WHERE customer_id = ? AND reason = 'referral' "
            "AND delta > 0",
            (referrer,),
        ).fetchone()[0]
    )


def referral_row(customer: int) -> tuple[int | None, int | None]:
    row = db.execute_sql(
        "SELECT referred_by_id, referral_entry_id FROM customer_loyalty WHERE customer_id = ?",
        (customer,),
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def assert_consistent() -> None:
    assert loyalty.check_counts(today=TODAY) == {}


# --- a merge keeps each referral with its own reward -------------------------------------


def _chain(shop: Shop) -> tuple[int, int, int, Any]:
    """cal referred amy, amy referred bea, and both purchases completed (one import, returned
    last for its undo)."""
    shop.run(
        [
            order(3, "cal", paid=5_000),
            order(1, "amy", status="paid"),
            order(2, "bea", status="paid"),
        ]
    )
    amy, bea, cal = cid("amy"), cid("bea"), cid("cal")
    loyalty.set_referrer(bea, amy, today=TODAY, now=NOW)
    loyalty.set_referrer(amy, cal, today=TODAY, now=NOW)
    return amy, bea, cal, shop.run([order(1, "amy"), order(2, "bea")])


def test_the_merged_whole_takes_over_the_referral_with_its_own_reward(shop: Shop) -> None:
    """cal referred amy, amy referred bea; amy is merged into bea. The inner referral ends;
    the whole is cal's referral and carries cal's reward, not amy's reward for bea."""
    amy, bea, cal, completed = _chain(shop)
    cal_reward, amy_reward = reward_of(cal), reward_of(amy)
    rows_before = {c: referral_row(c) for c in (amy, bea)}
    assert rows_before == {amy: (cal, cal_reward), bea: (amy, amy_reward)}

    merge = duplicates.merge(bea, amy, now=NOW, today=TODAY)
    assert referral_row(bea) == (cal, cal_reward)
    assert_consistent()
    # The unmerge puts both sides back exactly.
    duplicates.unmerge(merge.merge_id, now=NOW, today=TODAY)
    assert {c: referral_row(c) for c in (amy, bea)} == rows_before
    assert_consistent()

    # Merged again, then the completions are undone: cal's reward goes, from cal.
    duplicates.merge(bea, amy, now=NOW, today=TODAY)
    engine.undo_batch(completed.batch_id, now=NOW, today=TODAY)
    assert entries(cal) == [("earn", 50), ("referral", 100), ("referral", -100)]
    assert loyalty.ledger_balance(cal) == 50
    assert referral_row(bea) == (cal, None)
    assert_consistent()


def test_an_unmerge_after_an_undo_gives_each_referral_its_reward_as_it_now_is(
    shop: Shop,
) -> None:
    """Merged, then the completions undone (cal's reward taken back from cal), then unmerged:
    amy is cal's referral again without a reward (not taken back a second time), bea is amy's
    again, and amy loses her reward for bea (bea's purchase was undone)."""
    amy, bea, cal, completed = _chain(shop)
    amy_reward = reward_of(amy)
    merge = duplicates.merge(bea, amy, now=NOW, today=TODAY)
    engine.undo_batch(completed.batch_id, now=NOW, today=TODAY)
    duplicates.unmerge(merge.merge_id, now=NOW, today=TODAY)
    assert referral_row(amy) == (cal, None)
    assert referral_row(bea) == (amy, None)
    assert entries(cal) == [("earn", 50), ("referral", 100), ("referral", -100)]
    assert ("referral", -100) in entries(amy) and amy_reward in [
        int(r[0])
        for r in db.execute_sql("SELECT id FROM points_entry WHERE customer_id = ?", (amy,))
    ]
    assert loyalty.ledger_balance(amy) == 0
    assert_consistent()


def test_a_kept_customers_own_referrer_and_reward_stay(shop: Shop) -> None:
    """Both sides were referred by others: the kept customer's referral (and its reward) stays,
    the merged side's referrer is not paid again."""
    shop.run([order(1, "amy"), order(2, "bea"), order(3, "cal"), order(4, "dan")])
    amy, bea, cal, dan = cid("amy"), cid("bea"), cid("cal"), cid("dan")
    loyalty.set_referrer(amy, cal, today=TODAY, now=NOW)
    loyalty.set_referrer(bea, dan, today=TODAY, now=NOW)
    bea_row = referral_row(bea)
    duplicates.merge(bea, amy, now=NOW, today=TODAY)
    assert referral_row(bea) == bea_row == (dan, reward_of(dan))
    assert loyalty.award_referrals(None, today=TODAY, now=NOW).entries == 0
    assert_consistent()


# --- a take-back never takes points that already lapsed --------------------------------------


def test_a_reward_given_while_merged_goes_back_with_the_referral(shop: Shop) -> None:
    # bob referred cal; bob was merged into amy; cal's first purchase completed while they
    # were merged, so the reward went to amy. Undoing the merge gave cal's referral back to
    # bob, but amy kept the reward.
    shop.run([order(1, "amy"), order(2, "bob"), order(3, "cal", status="paid")])
    amy, bob, cal = cid("amy"), cid("bob"), cid("cal")
    loyalty.set_referrer(cal, bob, today=TODAY, now=NOW)
    merge = duplicates.merge(amy, bob, now=NOW, today=TODAY)
    shop.run([order(3, "cal")])
    reward = reward_of(amy)
    assert referral_row(cal) == (amy, reward)
    duplicates.unmerge(merge.merge_id, now=NOW, today=TODAY)
    assert referral_row(cal) == (bob, reward)
    assert reward_of(bob) == reward
    assert [r for r, _d in entries(amy)] == ["earn"]
    assert_consistent()


def _expired_reward_shop(shop: Shop, *, bob_known: bool = True) -> tuple[int, int]:
    """ref (10 points in 2024) referred bob, whose first purchase completed in June 2024: the
    100-point reward is valid until 2025-12-31. `bob_known`: bob came with an earlier import
    (his order paid), else the import that completes his purchase creates him.
    Returns (ref, the batch that completed bob's purchase)."""
    then = datetime(2024, 6, 10, 10, 0)
    bob = order(2, "bob", at=datetime(2024, 6, 2, 12))
    first = [order(1, "ref", at=datetime(2024, 6, 1, 12), paid=1_000)]
    shop.run(first + [dataclasses.replace(bob, status="paid")] if bob_known else first, now=then)
    if bob_known:
        loyalty.set_referrer(cid("bob"), cid("ref"), today=then.date(), now=then)
    bought = shop.run([bob], now=then).batch_id
    if not bob_known:
        loyalty.set_referrer(cid("bob"), cid("ref"), today=then.date(), now=then)
    return cid("ref"), bought


@pytest.mark.parametrize("bob_known", [True, False])
def test_an_expired_referral_reward_is_not_taken_back_again(shop: Shop, bob_known: bool) -> None:
    ref, bought = _expired_reward_shop(shop, bob_known=bob_known)
    shop.run([order(3, "ref", paid=20_000)])  # 200 fresh points; the 2024 ones lapsed
    assert entries(ref) == [
        ("earn", 10), ("referral", 100), ("expire", -10), ("expire", -100), ("earn", 200)
    ]  # fmt: skip
    engine.undo_batch(bought, now=NOW, today=TODAY)
    # Bob's purchase is gone, but the reward's 100 points were lost once already.
    assert loyalty.ledger_balance(ref) == 200
    assert [e for e in entries(ref) if e == ("referral", -100)] == []
    if bob_known:
        assert referral_row(cid("bob")) == (ref, None)  # it may be given again
    assert_consistent()


def test_a_reward_past_its_day_expires_before_an_undo_takes_it_back(shop: Shop) -> None:
    """Nothing ran the expiry since 2025: the undo expires the reward first, then has nothing
    left to take back (the result does not depend on whether the expiry ran first)."""
    ref, bought = _expired_reward_shop(shop)
    engine.undo_batch(bought, now=NOW, today=TODAY)
    assert entries(ref) == [("earn", 10), ("referral", 100), ("expire", -10), ("expire", -100)]
    assert loyalty.ledger_balance(ref) == 0
    assert_consistent()


def test_a_partly_used_expired_reward_takes_back_only_what_did_not_lapse(shop: Shop) -> None:
    ref, bought = _expired_reward_shop(shop)
    then = datetime(2024, 7, 1, 10, 0)
    loyalty.redeem_points(ref, 60, note="gift", today=then.date(), now=then)
    shop.run([order(3, "ref", paid=20_000)])
    # 10 + 100 earned, 60 redeemed, 50 lapsed (all 10 of the first earning were redeemed).
    assert entries(ref)[:5] == [
        ("earn", 10), ("referral", 100), ("redeem", -60), ("expire", -50), ("earn", 200)
    ]  # fmt: skip
    engine.undo_batch(bought, now=NOW, today=TODAY)
    # The reward still held 50 of its 100 (50 lapsed): those 50 go back.
    assert entries(ref)[-1] == ("referral", -50)
    assert loyalty.ledger_balance(ref) == 150
    assert_consistent()
