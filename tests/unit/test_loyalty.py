"""Membership tiers and points: every rule of DESIGN §4 with hand-computed numbers.

Orders go through real export files and the import engine, whose reaction
(`effects.orders_changed`) runs the loyalty work exactly once, as in the app: running it a
second time would hide what the first left undone (an earning already past its last day).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import peewee
import pytest

from desktop_crm.db import db
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.services import loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.loyalty_rules import (
    add_months,
    expires_on,
    order_points,
    order_points_sql,
)
from desktop_crm.services.settings import set_setting

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
SILVER, GOLD, DIAMOND = 100_000, 500_000, 2_000_000


@pytest.fixture
def shop(db_path: Path) -> Iterator[Shop]:
    """A migrated empty database; its imports run the loyalty reaction (effects)."""
    yield Shop(db_path.parent)


def order(
    no: int,
    buyer: str = "amy",
    *,
    at: datetime = datetime(2026, 10, 1, 12, 0),
    status: str = "completed",
    paid: int = 10_000,
    refunded: int = 0,
    currency: str = "CNY",
) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + no), ordered_at=at,
        status=status, paid=paid, refunded=refunded, currency=currency, buyer_key=buyer,
        buyer_name=buyer, real_name="张三", province="浙江省", city="杭州市",
        address="文一西路1号", item_summary="手工皂", items=[ParsedItem("手工皂", price=paid)],
    )  # fmt: skip


class Shop:
    """Imports order lists as Taobao exports, one new file name each time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = 0

    def run(
        self, orders: list[ParsedOrder], *, now: datetime = NOW, today: date | None = None
    ) -> engine.ImportReceipt:
        self.files += 1
        path = write_export(
            "taobao", orders, self.folder / f"ExportOrderList2026{self.files:08d}.csv"
        )
        return engine.import_file(path, platform="taobao", now=now, today=today or now.date())


def cid(name: str = "amy") -> int:
    return int(
        db.execute_sql("SELECT id FROM customer WHERE display_name = ?", (name,)).fetchone()[0]
    )


def entries(customer: str = "amy") -> list[tuple[str, int]]:
    rows = db.execute_sql(
        "SELECT reason, delta FROM points_entry WHERE customer_id = ? ORDER BY id", (cid(customer),)
    ).fetchall()
    return [(r, int(d)) for r, d in rows]


def balance(customer: str = "amy") -> int:
    value = loyalty.points_balance(cid(customer))
    assert value == loyalty.ledger_balance(cid(customer))
    return value


def lefts(customer: str = "amy") -> dict[int, int]:
    """What is left of each earning, by entry id."""
    return {ln.id: ln.left for ln in loyalty.ledger(cid(customer)) if ln.left is not None}


def tier(customer: str = "amy") -> str:
    return loyalty.member_summary(cid(customer), today=TODAY).tier_name


def assert_consistent(today: date = TODAY) -> None:
    assert loyalty.check_counts(today=today) == {}


# --- the points rule ------------------------------------------------------------------


def test_one_floor_per_order(shop: Shop) -> None:
    shop.run([order(1, paid=1999), order(2, paid=1999)])
    assert entries() == [("earn", 19), ("earn", 19)]  # not floor(39.98) = 39
    loyalty.set_rules({"earn_rate": "1.5"}, today=TODAY, now=NOW)
    shop.run([order(3, paid=1999)])
    assert entries()[-1] == ("earn", 29)  # floor(19.99 × 1.5 = 29.985)
    assert balance() == 67
    assert_consistent()


def test_points_only_for_completed_orders_in_the_store_currency(shop: Shop) -> None:
    shop.run([order(1, status="paid"), order(2, status="shipped"), order(3, status="pending")])
    assert entries() == []
    shop.run([order(1, status="completed"), order(2, status="completed")])
    assert entries() == [("earn", 100), ("earn", 100)]
    # Another currency than the store's: the order carries nothing.
    set_setting("currency", "USD")
    loyalty.recompute_order_points(None, today=TODAY, now=NOW)
    assert entries()[-2:] == [("refund", -100), ("refund", -100)] and balance() == 0


def test_earning_on_any_purchase_when_the_rule_says_so(shop: Shop) -> None:
    shop.run([order(1, status="paid", paid=5000)])
    assert entries() == []
    loyalty.set_rules({"earn_on": "purchase"}, today=TODAY, now=NOW)
    assert entries() == [("earn", 50)]


def test_points_a_rules_change_moves_are_not_called_refunds(shop: Shop) -> None:
    # A paid order that was never refunded: earning on purchase gives it 50 points, earning
    # on completion again takes them back. Neither is a refund, and the ledger says so.
    from desktop_crm.views.points_statement import what_text

    shop.run([order(1, status="paid", paid=5000)])
    loyalty.set_rules({"earn_on": "purchase"}, today=TODAY, now=NOW)
    later = NOW + timedelta(minutes=1)
    loyalty.save_membership({"earn_on": "completed"}, [], [], today=TODAY, now=later)
    lines = loyalty.ledger(cid())[::-1]  # oldest first
    assert [(ln.reason, ln.delta, ln.note) for ln in lines] == [
        ("earn", 50, loyalty.RULES_CHANGED), ("refund", -50, loyalty.RULES_CHANGED),
    ]  # fmt: skip
    assert [what_text(ln) for ln in lines] == [
        "Added (points rules changed) (order of 2026-10-01)", "Taken back (points rules changed)",
    ]  # fmt: skip
    # An order's own refund still says refund; a first earning still says earned.
    shop.run([order(2, paid=5000), order(3, paid=4000)])
    shop.run([order(2, paid=5000, refunded=2000), order(3, paid=4000)], now=later)
    assert [what_text(ln) for ln in loyalty.ledger(cid())[2::-1]] == [
        "Earned (order of 2026-10-01)", "Earned (order of 2026-10-01)", "Taken back (refund)",
    ]  # fmt: skip


def test_rates_and_multipliers_typed_in_full_width_are_read(shop: Shop) -> None:
    # An input method in full-width mode types １．５: read as 1.5, stored as 1.5.
    rules = loyalty.set_rules(
        {"earn_rate": "１．５", "birthday_factor": " ２ "}, today=TODAY, now=NOW
    )
    assert (rules.earn_rate, rules.birthday_factor) == ("1.5", "2")
    gold = loyalty.save_tier(loyalty.TierInput("金卡", 800_000, "１．２５"), today=TODAY, now=NOW)
    assert next(t for t in loyalty.list_tiers() if t.id == gold).multiplier == "1.25"


def test_partial_then_full_refund_take_back_exactly(shop: Shop) -> None:
    shop.run([order(1, paid=10_000)])
    assert entries() == [("earn", 100)]
    shop.run([order(1, paid=10_000, refunded=2_550)])  # net 74.50 -> 74
    assert entries()[-1] == ("refund", -26)
    shop.run([order(1, status="refunded", paid=10_000, refunded=10_000)])
    assert entries()[-1] == ("refund", -74)
    assert balance() == 0
    assert_consistent()


def test_reimport_adds_nothing_and_recompute_is_idempotent(shop: Shop) -> None:
    orders = [order(i, at=datetime(2026, 9, 1 + i), paid=1234 * i) for i in range(1, 6)]
    shop.run(orders)
    before = entries()
    shop.run(orders)
    assert entries() == before
    change = loyalty.recompute_order_points(None, today=TODAY, now=NOW)
    assert change.entries == 0 and entries() == before


def test_undo_of_an_import_takes_its_points_back(shop: Shop) -> None:
    shop.run([order(1, paid=10_000)])
    second = shop.run([order(1, paid=10_000, refunded=4_000), order(2, paid=30_000)])
    assert entries() == [("earn", 100), ("refund", -40), ("earn", 300)]
    engine.undo_batch(second.batch_id, now=NOW)
    # Order 2 is gone (300 back), order 1's refund is undone (40 earned again).
    assert entries()[3:] == [("refund", -300), ("earn", 40)]
    assert balance() == 100
    assert_consistent()
    # Nothing was refunded: the ledger says the import was undone.
    from desktop_crm.views.points_statement import what_text

    lines = loyalty.ledger(cid())[1::-1]  # the undo's two, oldest first
    assert [ln.note for ln in lines] == [loyalty.IMPORT_UNDONE] * 2
    assert [what_text(ln) for ln in lines] == [
        "Taken back (import undone)", "Added (import undone)",
    ]  # fmt: skip


def test_undo_takes_back_the_tier_its_orders_gave(shop: Shop) -> None:
    shop.run([order(1, status="paid", paid=SILVER)])
    second = shop.run([order(2, status="paid", paid=GOLD)])
    assert tier() == "Gold"
    engine.undo_batch(second.batch_id, now=NOW)
    assert tier() == "Silver"
    assert [(h.from_name, h.to_name) for h in loyalty.tier_history(cid())] == [
        ("Gold", "Silver"),
        ("Silver", "Gold"),
        ("Member", "Silver"),
    ]


def test_undo_of_the_first_import_removes_the_customer_and_their_ledger(shop: Shop) -> None:
    first = shop.run([order(1)])
    assert balance() == 100
    engine.undo_batch(first.batch_id, now=NOW)
    assert db.execute_sql("SELECT count(*) FROM points_entry").fetchone()[0] == 0
    assert loyalty.points_outstanding() == 0
    assert_consistent()


def test_birthday_month_doubles_the_order(shop: Shop) -> None:
    shop.run([order(1, at=datetime(2026, 9, 30, 23, 0), status="paid")])
    db.execute_sql("UPDATE customer SET birthday = '1990-10-15' WHERE id = ?", (cid(),))
    shop.run([
        order(1, at=datetime(2026, 9, 30, 23, 0), paid=1_555),
        order(2, at=datetime(2026, 10, 1, 0, 5), paid=1_555),
        order(3, at=datetime(2026, 10, 31, 23, 59), paid=1_555),
        order(4, at=datetime(2026, 11, 1, 0, 0), paid=1_555),
    ])  # fmt: skip
    # 15.55 -> 15 outside October; floor(15.55 × 2) = 31 inside.
    assert entries() == [("earn", 15), ("earn", 31), ("earn", 31), ("earn", 15)]
    notes = [ln.note for ln in reversed(loyalty.ledger(cid()))]
    assert notes == ["", "birthday month", "birthday month", ""]


def test_multiplier_of_the_tier_held_on_the_order_date(shop: Shop) -> None:
    tiers = {t.name: t for t in loyalty.list_tiers()}
    gold = tiers["Gold"]
    loyalty.save_tier(
        loyalty.TierInput("Gold", gold.threshold, "1.5"), gold.id, today=TODAY, now=NOW
    )
    # ¥5,000 in January makes amy Gold when imported on 10 January.
    jan = datetime(2026, 1, 10, 9, 0)
    shop.run([order(1, at=datetime(2026, 1, 5), paid=GOLD)], now=jan, today=jan.date())
    assert loyalty.member_summary(cid(), today=jan.date()).tier_name == "Gold"
    assert entries() == [("earn", 5000)]  # the order that made her Gold: Member multiplier
    shop.run([
        order(2, at=datetime(2026, 1, 10, 8, 59), paid=1001),  # before the change
        order(3, at=datetime(2026, 1, 10, 9, 0), paid=1001),  # at the change
        order(4, at=datetime(2026, 2, 1), paid=1001),
    ], now=datetime(2026, 2, 2), today=date(2026, 2, 2))  # fmt: skip
    # 10.01 -> 10 as Member; floor(10.01 × 1.5 = 15.015) = 15 as Gold.
    assert entries()[1:] == [("earn", 10), ("earn", 15), ("earn", 15)]


def test_changing_the_rate_keeps_points_already_earned(shop: Shop) -> None:
    shop.run([order(1, paid=10_000)])
    loyalty.set_rules({"earn_rate": "2"}, today=TODAY, now=NOW)
    assert entries() == [("earn", 100)]
    # A refund of the old order takes back at its own rate; a new order earns at the new one.
    shop.run([order(1, paid=10_000, refunded=5_000), order(2, paid=10_000)])
    assert entries()[1:] == [("refund", -50), ("earn", 200)]


def test_an_order_refunded_down_to_nothing_keeps_its_rate(shop: Shop) -> None:
    shop.run([order(1, paid=100)])  # ¥1.00: 1 point at rate 1
    loyalty.set_rules({"earn_rate": "1.25"}, today=TODAY, now=NOW)
    shop.run([order(1, paid=100, refunded=1)])  # ¥0.99: 0 at its rate (1.2375 at the new one)
    assert entries() == [("earn", 1), ("refund", -1)]
    assert loyalty.recompute_order_points(None, today=TODAY, now=NOW).entries == 0


def test_order_points_arithmetic_is_exact_for_huge_orders(shop: Shop) -> None:
    factor = 2_500 * 3_000 * 2_000  # rate 2.5 × multiplier 3 × birthday 2
    for net in (0, 1, 99, 1999, 10**9 + 7, 123_456_789_012):
        sql = order_points_sql(str(net), str(factor))
        assert db.execute_sql(f"SELECT {sql}").fetchone()[0] == order_points(net, factor)
    assert order_points(123_456_789_012, factor) == 123_456_789_012 * 15 // 100


# --- ledger: redemption, refunds, expiry, debts ----------------------------------------


def test_redemption_takes_the_oldest_earnings_first(shop: Shop) -> None:
    shop.run([
        order(1, at=datetime(2026, 3, 1), paid=10_000),
        order(2, at=datetime(2026, 1, 1), paid=5_000),
        order(3, at=datetime(2026, 6, 1), paid=20_000),
    ])  # fmt: skip
    jan, mar, jun = (ln.id for ln in reversed(loyalty.ledger(cid())))  # entries by order date
    loyalty.redeem_points(cid(), 120, today=TODAY, now=NOW)
    # Oldest by earning date: January's 50, then 70 of March's 100.
    assert lefts() == {jan: 0, mar: 30, jun: 200}
    assert balance() == 230
    assert_consistent()


def test_refused_redemptions_write_nothing(shop: Shop) -> None:
    shop.run([order(1, paid=10_000)])
    count = db.execute_sql("SELECT count(*) FROM points_entry").fetchone()[0]
    with pytest.raises(loyalty.RedemptionRefused) as info:
        loyalty.redeem_points(cid(), 101, today=TODAY, now=NOW)
    assert info.value.code == loyalty.INSUFFICIENT and info.value.available == 100
    with pytest.raises(ValidationError) as bad:
        loyalty.redeem_points(cid(), 0, today=TODAY, now=NOW)
    assert bad.value.errors == {"points": "invalid"}
    with pytest.raises(NotFound):
        loyalty.redeem_points(9999, 1, today=TODAY, now=NOW)
    assert db.execute_sql("SELECT count(*) FROM points_entry").fetchone()[0] == count
    loyalty.redeem_points(cid(), 100, today=TODAY, now=NOW)
    assert balance() == 0


def test_redemption_cannot_use_points_past_their_last_day(shop: Shop) -> None:
    shop.run([order(1, at=datetime(2024, 6, 1), paid=10_000)], now=datetime(2024, 6, 2))
    # Earned in 2024: valid through 2025-12-31; not yet expired by a run.
    assert balance() == 100
    with pytest.raises(loyalty.RedemptionRefused) as info:
        loyalty.redeem_points(cid(), 1, today=date(2026, 1, 1), now=NOW)
    assert info.value.available == 0
    assert entries() == [("earn", 100)]


def test_refund_after_redemption_goes_negative_and_blocks_redemption(shop: Shop) -> None:
    shop.run([order(1, paid=10_000)])
    loyalty.redeem_points(cid(), 80, today=TODAY, now=NOW)
    shop.run([order(1, status="refunded", paid=10_000, refunded=10_000)])
    assert balance() == -80
    assert loyalty.member_summary(cid(), today=TODAY).negative
    with pytest.raises(loyalty.RedemptionRefused) as info:
        loyalty.redeem_points(cid(), 1, today=TODAY, now=NOW)
    assert info.value.code == loyalty.NEGATIVE_BALANCE
    # The next earnings pay the debt first: nothing of them is left to expire or redeem.
    shop.run([order(2, paid=5_000)])
    assert balance() == -30 and lefts()[max(lefts())] == 0
    shop.run([order(3, paid=5_000)])
    assert balance() == 20 and lefts()[max(lefts())] == 20
    loyalty.redeem_points(cid(), 20, today=TODAY, now=NOW)
    assert balance() == 0
    assert loyalty.points_outstanding() == 0
    assert_consistent()


def test_refund_takes_from_its_own_order_first(shop: Shop) -> None:
    feb = datetime(2026, 2, 1)
    shop.run([
        order(1, at=datetime(2026, 1, 1), paid=10_000),
        order(2, at=feb, paid=10_000),
        order(3, at=datetime(2026, 3, 1), paid=10_000),
    ])  # fmt: skip
    e1, e2, e3 = (ln.id for ln in reversed(loyalty.ledger(cid())))
    shop.run([order(2, at=feb, paid=10_000, refunded=2_000)])
    assert lefts() == {e1: 100, e2: 80, e3: 100}  # not from the oldest earning
    loyalty.redeem_points(cid(), 150, today=TODAY, now=NOW)
    assert lefts() == {e1: 0, e2: 30, e3: 100}
    # 60 more taken back: the 30 left of order 2, then 30 from the oldest open earning.
    shop.run([order(2, at=feb, paid=10_000, refunded=8_000)])
    assert entries()[-1] == ("refund", -60)
    assert lefts() == {e1: 0, e2: 0, e3: 70} and balance() == 70
    assert_consistent()


def test_expiry_removes_only_what_is_left_once(shop: Shop) -> None:
    shop.run([
        order(1, at=datetime(2025, 3, 1), paid=10_000),
        order(2, at=datetime(2026, 3, 1), paid=10_000),
    ], now=datetime(2026, 3, 2))  # fmt: skip
    loyalty.redeem_points(cid(), 30, today=date(2026, 3, 2), now=datetime(2026, 3, 2))
    # 2025's earning is valid through 2026-12-31.
    assert loyalty.expire_points(today=date(2026, 12, 31), now=NOW).entries == 0
    result = loyalty.expire_points(today=date(2027, 1, 1), now=datetime(2027, 1, 1))
    assert (result.entries, result.points) == (1, -70)
    assert loyalty.expire_points(today=date(2027, 6, 1), now=NOW).entries == 0
    assert entries()[-1] == ("expire", -70) and balance() == 100
    last = loyalty.expire_points(today=date(2028, 1, 1), now=NOW)
    assert (last.entries, last.points) == (1, -100) and balance() == 0
    assert loyalty.count_expired_twice() == 0
    # The database itself refuses a second expiry of one earning.
    lot = db.execute_sql("SELECT min(id) FROM points_entry").fetchone()[0]
    with pytest.raises(peewee.IntegrityError):
        db.execute_sql(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at, source_id) "
            "VALUES (?, -1, 'expire', ?, ?)",
            (cid(), NOW, lot),
        )
    assert_consistent(date(2028, 1, 1))


@pytest.mark.parametrize("expiry_first", [True, False])
def test_a_refund_never_takes_back_points_that_already_expired(
    shop: Shop, expiry_first: bool
) -> None:
    shop.run([
        order(1, at=datetime(2024, 6, 1), paid=10_000),  # 100, lapsed at the end of 2025
        order(2, at=datetime(2026, 10, 1), paid=30_000),
    ])  # fmt: skip
    if expiry_first:
        loyalty.startup(today=TODAY, now=NOW)
        assert entries()[-1] == ("expire", -100) and balance() == 300
    refunded = shop.run([order(1, at=datetime(2024, 6, 1), status="refunded", paid=10_000,
                               refunded=10_000)])  # fmt: skip
    loyalty.startup(today=TODAY, now=NOW)
    # The 100 points were lost once (expired or taken back), whichever ran first.
    assert balance() == 300
    assert sum(d for _r, d in entries() if _r in ("expire", "refund")) == -100
    # Undo puts the order back as it was: nothing to give or take.
    engine.undo_batch(refunded.batch_id, now=NOW)
    loyalty.startup(today=TODAY, now=NOW)
    assert balance() == 300
    assert loyalty.recompute_order_points(None, today=TODAY, now=NOW).entries == 0
    assert_consistent()


def test_a_refund_imported_before_expiry_ran_leaves_the_months_as_an_expiry_first_would(
    shop: Shop,
) -> None:
    # A refund of an order whose points lapsed must not take them back again, whether or not
    # anything wrote their expiry before (a CLI import used not to): past months' reports
    # would count them as outstanding, and this month as taken back.
    from desktop_crm.reports.monthly import build_monthly_report

    def month(day: date, name: str) -> int:
        return build_monthly_report(day, today=TODAY).kpi(name).current

    # Imported in 2025, while its 60 points were valid (through 2025-12-31).
    shop.run([order(1, at=datetime(2024, 6, 1), paid=6_000)], now=datetime(2025, 6, 1))
    shop.run([
        order(1, at=datetime(2024, 6, 1), status="refunded", paid=6_000, refunded=6_000),
        order(2, at=datetime(2026, 10, 1), paid=10_000),
    ])  # fmt: skip
    assert entries() == [("earn", 60), ("expire", -60), ("earn", 100)]
    assert balance() == 100
    assert month(date(2026, 1, 1), "points_expired") == 60
    assert month(date(2026, 10, 1), "points_outstanding") == 100
    assert month(date(2026, 11, 1), "points_taken_back") == 0
    assert_consistent()


def test_a_partial_refund_after_expiry_takes_back_only_what_was_used(shop: Shop) -> None:
    shop.run([order(1, at=datetime(2024, 3, 1), paid=10_000)], now=datetime(2024, 3, 2))
    loyalty.redeem_points(cid(), 60, today=date(2024, 3, 2), now=datetime(2024, 3, 2))
    loyalty.startup(today=TODAY, now=NOW)  # 2024's earning lapsed: its last 40 expired
    assert balance() == 0
    shop.run([order(1, at=datetime(2024, 3, 1), paid=10_000, refunded=5_000)])
    # The order should carry 50 of the 100 it earned; 40 lapsed and count as carried, so 50
    # of the 60 used come back.
    assert entries()[-1] == ("refund", -50) and balance() == -50
    shop.run([order(1, at=datetime(2024, 3, 1), status="refunded", paid=10_000,
                    refunded=10_000)])  # fmt: skip
    assert entries()[-1] == ("refund", -10) and balance() == -60
    assert_consistent()


def test_undoing_a_refund_after_expiry_puts_the_balance_back(shop: Shop) -> None:
    # 300 earned, 49 redeemed, 251 expired; the refund took back the 49 used (balance -49).
    # Undoing that refund gave the order its 49 back as an earning already past its last day,
    # which expired at once: the customer stayed 49 in debt for a refund that no longer was.
    old = datetime(2025, 6, 1, 10)
    shop.run([order(1, at=old, paid=30_000)], now=datetime(2025, 7, 1, 10))
    loyalty.redeem_points(cid(), 49, today=date(2025, 7, 1), now=datetime(2025, 7, 1, 10))
    later = datetime(2027, 1, 5, 10)
    loyalty.startup(today=later.date(), now=later)
    assert balance() == 0
    refund = shop.run(
        [order(1, at=old, status="refunded", paid=30_000, refunded=30_000)], now=later
    )
    assert entries()[-1] == ("refund", -49) and balance() == -49
    engine.undo_batch(refund.batch_id, now=later, today=later.date())
    assert balance() == 0
    assert_consistent(later.date())


def test_undoing_an_import_whose_points_expired_takes_nothing_back(shop: Shop) -> None:
    shop.run([order(1, at=datetime(2026, 10, 1), paid=5_000)])
    old = shop.run([order(2, at=datetime(2024, 6, 1), paid=10_000)])
    loyalty.startup(today=TODAY, now=NOW)
    assert balance() == 50
    engine.undo_batch(old.batch_id, now=NOW)
    assert balance() == 50
    # A later order never gets the removed order's id (the ledger still names it).
    shop.run([order(3, at=datetime(2026, 11, 1), paid=2_000)])
    assert entries()[-1] == ("earn", 20) and balance() == 70
    ids = [r[0] for r in db.execute_sql("SELECT DISTINCT order_id FROM points_entry "
                                         "WHERE order_id IS NOT NULL").fetchall()]  # fmt: skip
    assert len(ids) == 3
    assert_consistent()


def test_an_import_of_old_history_expires_what_had_already_lapsed(shop: Shop) -> None:
    from desktop_crm.reports.monthly import build_monthly_report

    # Imported on New Year's Day: the 2024 order's 100 points were valid through 2025-12-31.
    now = datetime(2026, 1, 1, 9, 0)
    today = now.date()
    shop.run([
        order(1, at=datetime(2024, 12, 31, 12), paid=10_000),
        order(2, at=datetime(2025, 6, 1, 12), paid=5_000),
    ], now=now)  # fmt: skip
    amy = cid()
    # Expired in the same change that wrote it: nothing waits for the next start-up.
    assert entries() == [("earn", 100), ("earn", 50), ("expire", -100)]
    assert loyalty.expiring_now(amy, today=today) == 0
    # Every screen says the same: Members page, Points tab, Dashboard / stats.
    assert loyalty.points_and_tiers([amy])[amy][1] == 50
    assert loyalty.member_summary(amy, today=today).balance == 50
    assert loyalty.points_outstanding(today) == loyalty.points_outstanding() == 50

    # As if the app had run when they lapsed: issued in December 2024, still held on the
    # last day of 2025, expired in January 2026.
    def month(day: date, name: str) -> int:
        return build_monthly_report(day, today=today).kpi(name).current

    assert month(date(2024, 12, 1), "points_issued") == 100
    assert month(date(2025, 12, 1), "points_outstanding") == 150
    assert month(date(2026, 1, 1), "points_expired") == 100
    # What is shown can be redeemed.
    loyalty.redeem_points(amy, 50, today=today, now=now)
    assert balance() == 0
    assert_consistent(today)


def test_points_that_lapsed_before_they_were_imported_pay_no_debt(shop: Shop) -> None:
    # A debt is paid by the next earnings that can be used: points past their last day when
    # they are written were never usable (an import of old history).
    shop.run([order(1, at=datetime(2026, 10, 1), paid=30_000)])
    loyalty.redeem_points(cid(), 250, today=TODAY, now=NOW)
    shop.run([order(1, at=datetime(2026, 10, 1), status="refunded", paid=30_000,
                    refunded=30_000)])  # fmt: skip
    assert balance() == -250
    shop.run([order(2, at=datetime(2024, 6, 1), paid=10_000)])  # 100, lapsed on 2025-12-31
    assert entries()[-2:] == [("earn", 100), ("expire", -100)]
    assert balance() == -250 and loyalty.member_summary(cid(), today=TODAY).negative
    assert_consistent()
    # With a usable earning in the same file, that one pays the debt (as far as it goes).
    shop.run([order(3, at=datetime(2024, 7, 1), paid=10_000),
              order(4, at=datetime(2026, 11, 1), paid=40_000)])  # fmt: skip
    assert entries()[-3:] == [("earn", 100), ("earn", 400), ("expire", -100)]
    assert balance() == 150
    assert lefts()[max(lefts())] == 150  # 250 of order 4's 400 paid the debt
    assert_consistent()


def test_an_undone_refund_counts_an_orders_points_once_in_past_months(shop: Shop) -> None:
    from desktop_crm.reports.monthly import build_monthly_report

    def past(month: date, name: str) -> int:
        return build_monthly_report(month, today=TODAY).kpi(name).current

    shop.run([order(1, at=datetime(2025, 6, 1), paid=30_000)])
    assert past(date(2025, 11, 1), "points_outstanding") == 300
    refund = shop.run([order(1, at=datetime(2025, 6, 1), status="refunded", paid=30_000,
                             refunded=30_000)])  # fmt: skip
    engine.undo_batch(refund.batch_id, now=NOW)
    assert balance() == 300
    # Given back today, not again on the order day: June 2025 issued it once.
    assert past(date(2025, 11, 1), "points_outstanding") == 300
    assert past(date(2025, 6, 1), "points_issued") == 300
    assert past(date(2026, 11, 1), "points_outstanding") == 300
    assert_consistent()


def test_every_recorded_tier_reason_reads_in_chinese(shop: Shop) -> None:
    import re

    from desktop_crm.services import words

    shop.run([order(1, paid=SILVER + 1)])
    gold, silver = loyalty.tier_by_name("Gold"), loyalty.tier_by_name("Silver")
    assert gold is not None and silver is not None
    loyalty.set_tier_override(cid(), gold.id, reason="老客户", until=None, today=TODAY, now=NOW)
    loyalty.clear_tier_override(cid(), today=TODAY, now=NOW)
    loyalty.delete_tier(silver.id, today=TODAY, now=NOW)
    reasons = [h.reason for h in loyalty.tier_history(cid())]
    assert len(reasons) >= 3
    for reason in reasons:
        assert words.parse_tier_reason(reason) is not None, reason
        chinese = words.tier_reason(reason, "zh_CN")
        assert not re.search(r"\b(spend|days|from|override|tier|removed)\b", chinese), chinese
        assert words.tier_reason(reason, "en") == reason
    assert words.tier_reason("whatever the merchant typed", "zh_CN") == (
        "whatever the merchant typed"
    )


def test_past_months_of_a_first_import_show_the_tiers_the_spend_gave(shop: Shop) -> None:
    # Imported on 22 November, a history showed everyone as Member at every past month end
    # (no tier change recorded before the import), while lifecycle and RFM were recomputed.
    from desktop_crm.reports.monthly import build_monthly_report

    shop.run([order(1, at=datetime(2026, 5, 3), paid=GOLD), order(2, "bob", paid=1_000)])
    october = dict(build_monthly_report(date(2026, 10, 1), today=TODAY).table("tiers").rows)
    assert october["Gold"] == 1 and october["Member"] == 1
    # Neither had bought by the end of April, nor was added by then: nobody's tier yet.
    april = dict(build_monthly_report(date(2026, 4, 1), today=TODAY).table("tiers").rows)
    assert april["Gold"] == 0 and april["Member"] == 0
    may = dict(build_monthly_report(date(2026, 5, 1), today=TODAY).table("tiers").rows)
    assert may["Gold"] == 1 and may["Member"] == 0


def test_a_ledger_line_of_an_imported_history_says_its_orders_day(shop: Shop) -> None:
    # Imported on 22 November 2026, an order of December 2024 earned and expired the same
    # day in the ledger, with nothing saying why.
    from desktop_crm.views.points_statement import what_text

    shop.run([order(1, at=datetime(2024, 12, 15), paid=19_800), order(2, paid=1_000)])
    lines = {ln.delta: ln for ln in loyalty.ledger(cid())}
    assert what_text(lines[198]) == "Earned (order of 2024-12-15)"
    assert what_text(lines[10]) == "Earned (order of 2026-10-01)"  # imported later, too
    assert "order of" not in what_text(
        dataclasses.replace(lines[10], earned_on=lines[10].created_at.date())
    )


def test_expiry_policies(shop: Shop) -> None:
    assert expires_on(date(2026, 1, 1), "end_of_next_year", 0) == date(2027, 12, 31)
    assert expires_on(date(2026, 12, 31), "end_of_next_year", 0) == date(2027, 12, 31)
    assert expires_on(date(2026, 1, 31), "months", 1) == date(2026, 2, 27)
    assert expires_on(date(2026, 3, 15), "months", 12) == date(2027, 3, 14)
    assert expires_on(date(2026, 3, 15), "never", 12) is None
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    loyalty.set_rules({"expiry": "months", "expiry_months": 1}, today=TODAY, now=NOW)
    shop.run([order(1, at=datetime(2026, 1, 31), paid=1_000), order(2, at=datetime(2026, 3, 15))])
    earned = [ln for ln in reversed(loyalty.ledger(cid())) if ln.reason == "earn"]
    assert [ln.expires_on for ln in earned] == [
        date(2026, 2, 27),  # the SQL agrees with the Python on month ends
        date(2026, 4, 14),
    ]
    loyalty.set_rules({"expiry": "never"}, today=TODAY, now=NOW)
    loyalty.adjust_points(cid(), 5, note="goodwill", today=TODAY, now=NOW)
    assert loyalty.ledger(cid())[0].expires_on is None


def test_adjustments_need_a_reason_and_may_go_negative(shop: Shop) -> None:
    shop.run([order(1, paid=1_000)])
    with pytest.raises(ValidationError) as info:
        loyalty.adjust_points(cid(), 0, note=" ", today=TODAY, now=NOW)
    assert info.value.errors == {"delta": "invalid", "note": "required"}
    loyalty.adjust_points(cid(), -25, note="wrong import", today=TODAY, now=NOW)
    assert balance() == -15
    loyalty.adjust_points(cid(), 40, note="goodwill", today=TODAY, now=NOW)
    assert balance() == 25 and lefts()[max(lefts())] == 25
    assert entries()[-2:] == [("adjust", -25), ("adjust", 40)]


def test_ledger_is_append_only(shop: Shop) -> None:
    shop.run([order(1)])
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        db.execute_sql("UPDATE points_entry SET delta = 5")
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        db.execute_sql("DELETE FROM points_entry")
    loyalty.redeem_points(cid(), 10, today=TODAY, now=NOW)
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        db.execute_sql("UPDATE points_allocation SET amount = 1")


def test_ledger_lines_newest_first_with_running_balance(shop: Shop) -> None:
    shop.run([order(1, paid=10_000), order(2, paid=2_000)])
    loyalty.redeem_points(cid(), 30, today=TODAY, now=NOW, note="voucher")
    lines = loyalty.ledger(cid())
    assert [(ln.reason, ln.delta, ln.balance) for ln in lines] == [
        ("redeem", -30, 90),
        ("earn", 20, 120),
        ("earn", 100, 100),
    ]
    assert lines[0].note == "voucher" and lines[2].order_no == "2039000000000000001"
    assert [ln.id for ln in loyalty.ledger(cid(), limit=1, offset=1)] == [lines[1].id]


def test_expiring_points_and_statement(shop: Shop) -> None:
    shop.run([
        order(1, at=datetime(2025, 5, 1), paid=10_000),
        order(2, at=datetime(2026, 5, 1), paid=5_000),
    ], now=datetime(2026, 5, 2))  # fmt: skip
    loyalty.redeem_points(cid(), 40, today=date(2026, 5, 2), now=datetime(2026, 5, 2))
    soon = loyalty.expiring_points(cid(), today=date(2026, 12, 10), within_days=30)
    assert [(lot.points, lot.expires_on) for lot in soon] == [(60, date(2026, 12, 31))]
    assert loyalty.expiring_soon(today=date(2026, 12, 10), within_days=30) == [
        (cid(), 60, date(2026, 12, 31))
    ]
    assert loyalty.expiring_soon(today=date(2026, 11, 1), within_days=30) == []
    st = loyalty.points_statement(cid(), today=TODAY, start=date(2026, 1, 1))
    assert (st.opening_balance, st.closing_balance) == (0, 110)
    assert (st.earned, st.redeemed, st.expired) == (150, -40, 0)
    assert [ln.reason for ln in st.lines] == ["earn", "earn", "redeem"]
    assert st.tier.tier_name == "Member" and st.display_name == "amy"


def test_a_deleted_referrer_took_the_reward_with_them(shop: Shop) -> None:
    from desktop_crm.services import customers

    shop.run([order(1, "amy"), order(2, "bob"), order(3, "cat")])
    amy, bob, cat = cid("amy"), cid("bob"), cid("cat")
    loyalty.set_referrer(bob, amy, today=TODAY, now=NOW)
    assert loyalty.member_summary(bob, today=TODAY).referral_rewarded
    customers.delete_customer(amy)
    summary = loyalty.member_summary(bob, today=TODAY)
    assert (summary.referred_by_name, summary.referral_rewarded) == (None, False)
    loyalty.set_referrer(bob, cat, today=TODAY, now=NOW)  # no longer "already rewarded"
    assert entries("cat")[-1] == ("referral", 100)
    summary = loyalty.member_summary(bob, today=TODAY)
    assert (summary.referred_by_name, summary.referral_rewarded) == ("cat", True)
    with pytest.raises(ValidationError):
        loyalty.set_referrer(bob, None, today=TODAY, now=NOW)  # once again it was given
    assert_consistent()


def test_a_statements_rows_add_up_when_a_referral_reward_is_taken_back(shop: Shop) -> None:
    shop.run([order(1, "amy", paid=1_000), order(2, "bob", status="paid", paid=1_000)])
    loyalty.set_referrer(cid("bob"), cid("amy"), today=TODAY, now=NOW)
    completed = shop.run([order(2, "bob", paid=1_000)])
    engine.undo_batch(completed.batch_id, now=NOW)  # the purchase undone: the reward goes
    assert entries("amy") == [("earn", 10), ("referral", 100), ("referral", -100)]
    st = loyalty.points_statement(cid("amy"), today=TODAY)
    rows = (st.earned, st.taken_back, st.redeemed, st.expired, st.adjusted)
    assert rows == (110, -100, 0, 0, 0)
    assert st.opening_balance + sum(rows) == st.closing_balance == 10


# --- referrals -------------------------------------------------------------------------


def test_referral_rewards_once_on_the_first_completed_purchase(shop: Shop) -> None:
    shop.run([order(1, "amy", paid=1_000), order(2, "bob", status="paid", paid=1_000)])
    amy, bob = cid("amy"), cid("bob")
    with pytest.raises(ValidationError):
        loyalty.set_referrer(bob, bob, today=TODAY, now=NOW)
    loyalty.set_referrer(bob, amy, today=TODAY, now=NOW)
    assert entries("amy") == [("earn", 10)]  # bob's purchase is not completed yet
    shop.run([order(2, "bob", paid=1_000)])
    assert entries("amy") == [("earn", 10), ("referral", 100)]
    shop.run([order(3, "bob", paid=1_000)])
    loyalty.set_rules({"referral_points": 100}, today=TODAY, now=NOW)
    assert entries("amy") == [("earn", 10), ("referral", 100)]
    summary = loyalty.member_summary(bob, today=TODAY)
    assert (summary.referred_by_name, summary.referral_rewarded) == ("amy", True)
    assert loyalty.member_summary(amy, today=TODAY).referrals == 1
    with pytest.raises(ValidationError) as info:
        loyalty.set_referrer(bob, None, today=TODAY, now=NOW)
    assert info.value.errors == {"referred_by": "already_rewarded"}


def test_a_referral_reward_goes_with_an_undone_purchase(shop: Shop) -> None:
    shop.run([order(1, "amy", paid=1_000), order(2, "bob", status="paid", paid=1_000)])
    loyalty.set_referrer(cid("bob"), cid("amy"), today=TODAY, now=NOW)
    completed = shop.run([order(2, "bob", paid=1_000)])
    assert entries("amy") == [("earn", 10), ("referral", 100)]
    engine.undo_batch(completed.batch_id, now=NOW)
    # Bob's purchase is paid again, not completed: the reward is taken back.
    assert entries("amy") == [("earn", 10), ("referral", 100), ("referral", -100)]
    assert balance("amy") == 10
    assert not loyalty.member_summary(cid("bob"), today=TODAY).referral_rewarded
    # It completes again: rewarded again, once.
    shop.run([order(2, "bob", paid=1_000)])
    shop.run([order(2, "bob", status="refunded", paid=1_000, refunded=1_000)])
    assert entries("amy")[-1] == ("referral", 100) and balance("amy") == 110
    assert loyalty.recompute_order_points(None, today=TODAY, now=NOW).entries == 0
    assert loyalty.award_referrals(None, today=TODAY, now=NOW).entries == 0
    assert_consistent()


def test_a_referral_reward_goes_when_an_undo_leaves_only_an_order_refunded_before_completing(
    shop: Shop,
) -> None:
    # Bob's first order was refunded before it shipped: it never completed.
    shop.run([order(1, "amy", paid=5_000),
              order(2, "bob", status="refunded", paid=8_000, refunded=8_000)])  # fmt: skip
    loyalty.set_referrer(cid("bob"), cid("amy"), today=TODAY, now=NOW)
    assert entries("amy") == [("earn", 50)]
    completed = shop.run([order(3, "bob", paid=3_000, at=datetime(2026, 11, 1))])
    assert entries("amy") == [("earn", 50), ("referral", 100)]
    engine.undo_batch(completed.batch_id, now=NOW)
    # Bob has no purchase that completed any more: the reward goes with the undone one.
    assert entries("amy") == [("earn", 50), ("referral", 100), ("referral", -100)]
    assert not loyalty.member_summary(cid("bob"), today=TODAY).referral_rewarded
    assert loyalty.award_referrals(None, today=TODAY, now=NOW).entries == 0
    assert_consistent()


def test_a_referral_reward_stays_with_a_purchase_that_completed_and_was_refunded_later(
    shop: Shop,
) -> None:
    shop.run([order(1, "amy", paid=1_000), order(2, "bob", status="paid", paid=1_000)])
    loyalty.set_referrer(cid("bob"), cid("amy"), today=TODAY, now=NOW)
    shop.run([order(2, "bob", paid=1_000)])  # completed: rewarded
    shop.run([order(2, "bob", status="refunded", paid=1_000, refunded=1_000)])
    # A newer export of the refunded order (another item summary): its completion is two
    # versions back now.
    again = dataclasses.replace(
        order(2, "bob", status="refunded", paid=1_000, refunded=1_000), item_summary="手工皂 ×2"
    )
    assert shop.run([again]).orders_updated == 1
    other = shop.run([order(3, "bob", paid=2_000, at=datetime(2026, 11, 1))])
    engine.undo_batch(other.batch_id, now=NOW)
    # The first purchase did complete; only a refund came after it: the reward stays.
    assert entries("amy") == [("earn", 10), ("referral", 100)]
    assert loyalty.member_summary(cid("bob"), today=TODAY).referral_rewarded
    assert_consistent()


def test_a_referral_reward_goes_when_the_completion_was_undone_before_the_refund(
    shop: Shop,
) -> None:
    shop.run([order(1, "amy", paid=1_000), order(2, "bob", status="paid", paid=1_000)])
    loyalty.set_referrer(cid("bob"), cid("amy"), today=TODAY, now=NOW)
    completing = shop.run([order(2, "bob", paid=1_000)])  # order 2 completes: rewarded
    other = shop.run([order(3, "bob", paid=2_000, at=datetime(2026, 11, 1))])
    engine.undo_batch(completing.batch_id, now=NOW)  # order 2 is paid again; order 3 stays
    assert entries("amy") == [("earn", 10), ("referral", 100)]
    # Order 2 is refunded from paid: what the imports that stand say, it never completed.
    shop.run([order(2, "bob", status="refunded", paid=1_000, refunded=1_000)])
    engine.undo_batch(other.batch_id, now=NOW)
    assert entries("amy") == [("earn", 10), ("referral", 100), ("referral", -100)]
    assert not loyalty.member_summary(cid("bob"), today=TODAY).referral_rewarded
    assert_consistent()


def test_a_referral_loop_is_refused(shop: Shop) -> None:
    shop.run([order(1, "amy", paid=1_000), order(2, "bob", status="paid", paid=1_000),
              order(3, "cat", status="paid", paid=1_000)])  # fmt: skip
    amy, bob, cat = cid("amy"), cid("bob"), cid("cat")
    loyalty.set_referrer(amy, bob, today=TODAY, now=NOW)  # bob referred amy
    loyalty.set_referrer(bob, cat, today=TODAY, now=NOW)  # cat referred bob
    for customer, referrer in ((bob, amy), (cat, amy), (cat, bob)):
        with pytest.raises(ValidationError) as info:
            loyalty.set_referrer(customer, referrer, today=TODAY, now=NOW)
        assert info.value.errors == {"referred_by": "circular"}
    assert loyalty.member_summary(cat, today=TODAY).referred_by_id is None


def test_referral_of_a_customer_who_already_bought_rewards_at_once(shop: Shop) -> None:
    shop.run([order(1, "amy", paid=1_000), order(2, "bob", paid=1_000)])
    loyalty.set_rules({"referral_points": 250}, today=TODAY, now=NOW)
    loyalty.set_referrer(cid("bob"), cid("amy"), today=TODAY, now=NOW)
    assert entries("amy")[-1] == ("referral", 250)
    # A deleted referrer: the referred customer's link is cleared, nothing else breaks.
    db.execute_sql("DELETE FROM customer WHERE id = ?", (cid("amy"),))
    assert loyalty.member_summary(cid("bob"), today=TODAY).referred_by_id is None
    assert_consistent()


# --- rules -----------------------------------------------------------------------------


def test_rules_are_validated_field_by_field(shop: Shop) -> None:
    assert loyalty.get_rules() == loyalty.LoyaltyRules()
    with pytest.raises(ValidationError) as info:
        loyalty.set_rules(
            {
                "earn_rate": "abc",
                "birthday_factor": "0.5",
                "expiry": "sometimes",
                "expiry_months": 0,
                "referral_points": -1,
                "downgrades": "yes",
                "earn_on": "whenever",
                "colour": "red",
            },
            today=TODAY,
            now=NOW,
        )
    assert info.value.errors == {
        "earn_rate": "invalid",
        "birthday_factor": "out_of_range",
        "expiry": "invalid",
        "expiry_months": "out_of_range",
        "referral_points": "out_of_range",
        "downgrades": "invalid",
        "earn_on": "invalid",
        "colour": "invalid",
    }
    with pytest.raises(ValidationError) as precise:
        loyalty.set_rules({"earn_rate": "0.0001"}, today=TODAY, now=NOW)
    assert precise.value.errors == {"earn_rate": "too_precise"}
    rules = loyalty.set_rules({"earn_rate": "0.50", "downgrades": False}, today=TODAY, now=NOW)
    assert (rules.earn_rate, rules.downgrades) == ("0.5", False)
    assert loyalty.get_rules() == rules


# --- tiers -----------------------------------------------------------------------------


def test_tier_thresholds_are_inclusive(shop: Shop) -> None:
    shop.run([
        order(1, "amy", status="paid", paid=SILVER - 1),
        order(2, "bob", status="paid", paid=SILVER),
        order(3, "cat", status="shipped", paid=GOLD),
        order(4, "dan", status="completed", paid=DIAMOND + 100, refunded=100),
        order(5, "eve", status="refunded", paid=DIAMOND, refunded=DIAMOND),
    ])  # fmt: skip
    assert [tier(n) for n in ("amy", "bob", "cat", "dan", "eve")] == [
        "Member", "Silver", "Gold", "Diamond", "Member",
    ]  # fmt: skip
    assert loyalty.tier_counts() == {"Member": 2, "Silver": 1, "Gold": 1, "Diamond": 1}
    assert_consistent()
    # As of a later day, read-only: a year on, every order has left the window.
    later = date(2027, 11, 22)
    assert loyalty.tier_counts(today=later) == {"Member": 5, "Silver": 0, "Gold": 0, "Diamond": 0}
    assert loyalty.tier_counts() == {"Member": 2, "Silver": 1, "Gold": 1, "Diamond": 1}
    assert loyalty.points_outstanding() == 20_000  # dan's order, the only completed one
    assert loyalty.points_outstanding(today=date(2027, 12, 31)) == 20_000
    assert loyalty.points_outstanding(today=date(2028, 1, 1)) == 0  # past its last day


def test_spend_window_is_the_last_365_days(shop: Shop) -> None:
    shop.run([order(1, at=datetime(2025, 11, 23, 0, 0), paid=SILVER)])  # today − 364 days
    shop.run([order(2, "bob", at=datetime(2025, 11, 22, 23, 59), paid=SILVER)])  # 365 days
    assert (tier("amy"), tier("bob")) == ("Silver", "Member")
    # The next day amy's order is 365 days old: a downgrade, recorded with the figures.
    loyalty.startup(today=date(2026, 11, 23), now=datetime(2026, 11, 23, 8, 0))
    assert tier("amy") == "Member"
    history = loyalty.tier_history(cid())
    assert [(h.from_name, h.to_name) for h in history] == [
        ("Silver", "Member"),
        ("Member", "Silver"),
    ]
    assert history[0].spend == 0 and "spend 0.00 in the 365 days to 2026-11-23" in history[0].reason
    assert history[1].reason == (
        "spend 1,000.00 in the 365 days to 2026-11-22; Silver from 1,000.00"
    )


def test_no_downgrades_when_the_rule_says_so(shop: Shop) -> None:
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    shop.run([order(1, status="paid", paid=GOLD)])
    assert tier() == "Gold"
    shop.run([order(1, status="refunded", paid=GOLD, refunded=GOLD)])
    assert tier() == "Gold"
    explained = loyalty.tier_explanation(cid(), TODAY)
    assert explained.held_by_no_downgrade and explained.spend == 0
    assert loyalty.count_wrong_tiers(today=TODAY) == 0
    # Allowing downgrades again re-evaluates everyone at once.
    loyalty.set_rules({"downgrades": True}, today=TODAY, now=NOW)
    assert tier() == "Member"


def _floor_journal() -> int:
    return int(
        db.execute_sql("SELECT count(*) FROM import_change WHERE entity = 'tier_floor'").fetchone()[
            0
        ]
    )


def test_undo_takes_back_the_tier_its_import_gave_with_downgrades_off(shop: Shop) -> None:
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    shop.run([order(1, paid=10_000)])
    assert tier() == "Member" and _floor_journal() == 0  # a customer it created goes with it
    mistake = shop.run([order(2, paid=600_000, at=datetime(2026, 11, 1))])
    assert tier() == "Gold"
    engine.undo_batch(mistake.batch_id, now=NOW)
    # Undo puts back what was there: a spend that never was is not a downgrade.
    explained = loyalty.tier_explanation(cid(), TODAY)
    assert (tier(), explained.held_by_no_downgrade) == ("Member", False)
    assert [(h.from_name, h.to_name) for h in loyalty.tier_history(cid())] == [
        ("Gold", "Member"),
        ("Member", "Gold"),
    ]
    # Her later orders earn at the tier she holds, and a new evaluation changes nothing.
    assert loyalty.evaluate_tiers(None, today=TODAY, now=NOW) == 0
    assert loyalty.count_wrong_tiers(today=TODAY) == 0


def test_undo_puts_back_the_floor_held_before_the_import(shop: Shop) -> None:
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    shop.run([order(1, status="paid", paid=GOLD)])
    shop.run([order(1, status="refunded", paid=GOLD, refunded=GOLD)])
    assert tier() == "Gold"  # held: downgrades are off
    diamond = shop.run([order(2, status="paid", paid=DIAMOND)])
    assert tier() == "Diamond"
    engine.undo_batch(diamond.batch_id, now=NOW)
    assert tier() == "Gold" and loyalty.tier_explanation(cid(), TODAY).held_by_no_downgrade


def test_undo_never_raises_a_floor_its_import_lowered(shop: Shop) -> None:
    # Gold in November 2025; a year later that spend has left the window.
    shop.run([order(1, at=datetime(2025, 11, 1), paid=GOLD)], now=datetime(2025, 11, 2))
    assert loyalty.member_summary(cid(), today=date(2025, 11, 2)).tier_name == "Gold"
    later = shop.run([order(2, paid=1_000)])  # downgrades on: back to Member
    assert tier() == "Member"
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    engine.undo_batch(later.batch_id, now=NOW)
    assert tier() == "Member"


def test_undoing_two_imports_in_the_order_made_leaves_no_floor_of_either(shop: Shop) -> None:
    # Import 3 journalled the floor before it (Silver), which import 2 had given: undone
    # after import 2, it put back Silver from a spend that no longer was.
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    shop.run([order(1, paid=50_000)])
    silver = shop.run([order(2, paid=60_000)])
    gold = shop.run([order(3, paid=400_000)])
    assert tier() == "Gold"
    engine.undo_batch(silver.batch_id, now=NOW)
    assert tier() == "Silver"  # held by what import 3 gave: its 4,500 spend is Silver
    engine.undo_batch(gold.batch_id, now=NOW)
    assert tier() == "Member" and not loyalty.tier_explanation(cid(), TODAY).held_by_no_downgrade
    assert loyalty.count_wrong_tiers(today=TODAY) == 0


def test_a_floor_an_earlier_undo_had_already_put_back_is_kept(shop: Shop) -> None:
    # Import 2 undone before import 3 was made: import 3's own record of the floor stands.
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    shop.run([order(1, paid=50_000)])
    silver = shop.run([order(2, paid=60_000)])
    engine.undo_batch(silver.batch_id, now=NOW)
    gold = shop.run([order(3, paid=GOLD)], now=NOW.replace(hour=11))
    engine.undo_batch(gold.batch_id, now=NOW.replace(hour=11))
    assert tier() == "Member"


def test_undo_of_a_floor_whose_earlier_tier_was_removed_since(shop: Shop) -> None:
    loyalty.set_rules({"downgrades": False}, today=TODAY, now=NOW)
    shop.run([order(1, status="paid", paid=SILVER)])
    gold = shop.run([order(2, status="paid", paid=GOLD)])
    silver = loyalty.tier_by_name("Silver")
    assert silver is not None and tier() == "Gold"
    loyalty.delete_tier(silver.id, today=TODAY, now=NOW)
    engine.undo_batch(gold.batch_id, now=NOW)
    # The floor it had (Silver) is gone: the spend decides (¥1,000: Member now).
    assert tier() == "Member"
    assert loyalty.count_wrong_tiers(today=TODAY) == 0


def test_override_wins_until_its_end_date(shop: Shop) -> None:
    shop.run([order(1, status="paid", paid=SILVER)])
    gold = loyalty.tier_by_name("gold")
    assert gold is not None
    with pytest.raises(ValidationError) as info:
        loyalty.set_tier_override(
            cid(), gold.id, reason="", until=TODAY - timedelta(days=1), today=TODAY, now=NOW
        )
    assert info.value.errors == {"reason": "required", "until": "in_past"}
    loyalty.set_tier_override(
        cid(), gold.id, reason="VIP event", until=date(2026, 12, 31), today=TODAY, now=NOW
    )
    assert tier() == "Gold"
    last = loyalty.tier_history(cid())[0]
    assert (last.to_name, last.manual, last.reason) == ("Gold", True, "override: VIP event")
    # Imports re-evaluate, but the override still wins; and on its last day too.
    shop.run([order(2, status="paid", paid=GOLD)])
    loyalty.startup(today=date(2026, 12, 31), now=datetime(2026, 12, 31))
    explained = loyalty.tier_explanation(cid(), date(2026, 12, 31))
    assert explained.override_active and explained.override_until == date(2026, 12, 31)
    # Spend reached Gold meanwhile: at the end the computed tier takes over (Gold, no change).
    loyalty.startup(today=date(2027, 1, 1), now=datetime(2027, 1, 1))
    assert tier() == "Gold" and not loyalty.member_summary(cid(), today=TODAY).override_reason
    # An override down, removed by hand: back to the computed tier.
    member = loyalty.tier_by_name("Member")
    assert member is not None
    loyalty.set_tier_override(cid(), member.id, reason="abuse", until=None, today=TODAY, now=NOW)
    assert tier() == "Member"
    loyalty.clear_tier_override(cid(), today=TODAY, now=NOW)
    assert tier() == "Gold"
    assert_consistent()


def test_expired_override_falls_back_to_computed_tier(shop: Shop) -> None:
    shop.run([order(1, status="paid", paid=1_000)])
    diamond = loyalty.tier_by_name("Diamond")
    assert diamond is not None
    loyalty.set_tier_override(
        cid(), diamond.id, reason="trial", until=date(2026, 11, 30), today=TODAY, now=NOW
    )
    assert loyalty.count_wrong_tiers(today=date(2026, 12, 1)) == 1
    loyalty.startup(today=date(2026, 12, 1), now=datetime(2026, 12, 1))
    assert tier() == "Member"
    assert loyalty.tier_history(cid())[0].reason.startswith("override ended; spend 10.00")


def test_tier_explanation_numbers(shop: Shop) -> None:
    shop.run([order(1, status="paid", paid=624_000)])
    e = loyalty.tier_explanation(cid(), TODAY)
    assert (e.spend, e.tier_name, e.tier_threshold) == (624_000, "Gold", GOLD)
    assert (e.next_tier_name, e.next_threshold, e.to_next) == ("Diamond", DIAMOND, 1_376_000)
    assert e.currency == "CNY"


def test_tiers_can_be_edited_and_removed(shop: Shop) -> None:
    shop.run(
        [order(1, "amy", status="paid", paid=GOLD), order(2, "bob", status="paid", paid=SILVER)]
    )
    gold = loyalty.tier_by_name("Gold")
    silver = loyalty.tier_by_name("Silver")
    assert gold is not None and silver is not None
    with pytest.raises(ValidationError) as info:
        loyalty.save_tier(loyalty.TierInput("silver", GOLD, "0"), gold.id, today=TODAY, now=NOW)
    assert info.value.errors == {"name": "not_unique", "multiplier": "out_of_range"}
    with pytest.raises(ValidationError) as wide:  # full-width: reads as a second Silver
        loyalty.save_tier(
            loyalty.TierInput("ＳＩＬＶＥＲ", GOLD, "1"), gold.id, today=TODAY, now=NOW
        )
    assert wide.value.errors == {"name": "not_unique"}
    assert loyalty.tier_by_name("ｇｏｌｄ") == gold
    with pytest.raises(ValidationError) as dup:
        loyalty.save_tier(loyalty.TierInput("Platinum", SILVER, "1"), today=TODAY, now=NOW)
    assert dup.value.errors == {"threshold": "not_unique"}
    member = loyalty.base_tier()
    with pytest.raises(ValidationError) as base:
        loyalty.save_tier(loyalty.TierInput("Member", 1, "1"), member.id, today=TODAY, now=NOW)
    assert base.value.errors == {"threshold": "need_base"}
    with pytest.raises(ValidationError):
        loyalty.delete_tier(member.id, today=TODAY, now=NOW)
    # Rename Gold, raise its threshold: amy drops to Silver, recorded.
    loyalty.save_tier(
        loyalty.TierInput("金卡", GOLD + 1, "1.25", "包邮"), gold.id, today=TODAY, now=NOW
    )
    assert tier("amy") == "Silver"
    tiers = loyalty.list_tiers()
    assert [(t.name, t.rank, t.multiplier) for t in tiers] == [
        ("Member", 0, "1"), ("Silver", 1, "1"), ("金卡", 2, "1.25"), ("Diamond", 3, "1"),
    ]  # fmt: skip
    new = loyalty.save_tier(loyalty.TierInput("Bronze", 50_000, "1"), today=TODAY, now=NOW)
    assert [t.name for t in loyalty.list_tiers()][:3] == ["Member", "Bronze", "Silver"]
    loyalty.delete_tier(silver.id, today=TODAY, now=NOW)
    assert (tier("amy"), tier("bob")) == ("Bronze", "Bronze")
    assert loyalty.tier_history(cid("bob"))[0].reason.startswith("tier Silver removed")
    assert loyalty.tier_counts() == {"Member": 0, "Bronze": 2, "金卡": 0, "Diamond": 0}
    assert new in {t.id for t in loyalty.list_tiers()}
    assert_consistent()


def test_every_customer_is_in_exactly_one_tier(shop: Shop, now: datetime) -> None:
    from desktop_crm.services.customers import CustomerInput, create_customer

    create_customer(CustomerInput("walk-in"), today=TODAY, now=now)
    shop.run([order(1, status="paid", paid=GOLD)])
    counts = loyalty.tier_counts()
    assert counts == {"Member": 1, "Silver": 0, "Gold": 1, "Diamond": 0}
    assert sum(counts.values()) == db.execute_sql("SELECT count(*) FROM customer").fetchone()[0]
    gold = loyalty.tier_by_name("Gold")
    assert gold is not None
    assert loyalty.customers_in_tier(gold.id) == [cid()]
    assert loyalty.customers_in_tier(loyalty.base_tier().id) == [cid("walk-in")]


# --- check / fix, demo, schema ---------------------------------------------------------


def test_check_finds_and_fix_repairs_cached_figures(shop: Shop) -> None:
    shop.run([order(1, "amy", paid=GOLD), order(2, "bob", paid=1_000)])
    assert_consistent()
    member = loyalty.base_tier()
    db.execute_sql("UPDATE customer_loyalty SET points_balance = 7 WHERE customer_id = ?", (cid(),))
    db.execute_sql(
        "UPDATE customer_loyalty SET tier_id = ? WHERE customer_id = ?", (member.id, cid())
    )
    assert loyalty.check_counts(today=TODAY) == {"points_balance": 1, "tiers": 1}
    assert loyalty.fix_loyalty(today=TODAY, now=NOW) == {
        "points_balance": 1,
        "tiers": 1,
        "points_unsettled": 0,
    }
    assert_consistent()
    assert balance() == 5000 and tier() == "Gold"


def test_demo_activity_is_deterministic(shop: Shop, tmp_path: Path) -> None:
    people = [f"p{i}" for i in range(40)]
    shop.run([order(i, name, paid=10_000 + 100 * i) for i, name in enumerate(people)])
    first = loyalty.demo_activity(seed=3, today=TODAY, now=NOW, share=0.1)
    assert first == {"referrals": 4, "redemptions": 4, "adjustments": 4}
    rows = db.execute_sql(
        "SELECT customer_id, delta, reason FROM points_entry ORDER BY id"
    ).fetchall()
    assert_consistent()
    # The same seed on the same shop gives the same ledger.
    again = Shop(tmp_path / "again")
    again.folder.mkdir()
    from desktop_crm.db import open_database

    open_database(tmp_path / "again" / "crm.db")
    again.run([order(i, name, paid=10_000 + 100 * i) for i, name in enumerate(people)])
    loyalty.demo_activity(seed=3, today=TODAY, now=NOW, share=0.1)
    assert (
        db.execute_sql("SELECT customer_id, delta, reason FROM points_entry ORDER BY id").fetchall()
        == rows
    )


def test_models_match_the_migrated_schema(shop: Shop) -> None:
    from playhouse.schema_diff import diff_models

    from desktop_crm.models.loyalty import LOYALTY_MODELS

    diff = diff_models(db, LOYALTY_MODELS)
    assert not diff.create_tables and not diff.add_columns and not diff.drop_columns
    names = [t for t, *_ in loyalty.tier_counts().items()]
    assert names == ["Member", "Silver", "Gold", "Diamond"]


def test_default_tiers_are_seeded(shop: Shop) -> None:
    tiers = loyalty.list_tiers()
    assert [(t.name, t.threshold, t.multiplier_permille) for t in tiers] == [
        ("Member", 0, 1000), ("Silver", SILVER, 1000), ("Gold", GOLD, 1000),
        ("Diamond", DIAMOND, 1000),
    ]  # fmt: skip


def test_replaced_order_id_after_undo_starts_afresh(shop: Shop) -> None:
    # Undo frees the newest order ids; a later import may reuse them for other orders.
    shop.run([order(1, paid=1_000)])
    second = shop.run([order(2, paid=50_000)])
    engine.undo_batch(second.batch_id, now=NOW)
    shop.run([order(3, paid=2_000, at=datetime(2026, 10, 2))])
    assert entries() == [("earn", 10), ("earn", 500), ("refund", -500), ("earn", 20)]
    assert balance() == 30
    shop.run([order(3, paid=2_000, refunded=1_000, at=datetime(2026, 10, 2))])
    assert entries()[-1] == ("refund", -10) and balance() == 20
    assert loyalty.recompute_order_points(None, today=TODAY, now=NOW).entries == 0
    assert_consistent()


def test_order_moved_to_another_customer_moves_its_points(shop: Shop) -> None:
    shop.run([order(1, "amy", paid=3_000), order(2, "bob", paid=1_000)])
    bob = cid("bob")
    db.execute_sql("UPDATE orders SET customer_id = ? WHERE order_no LIKE '%1'", (bob,))
    loyalty.orders_changed([cid("amy"), bob], today=TODAY, now=NOW)
    assert entries("amy") == [("earn", 30), ("refund", -30)]
    assert entries("bob") == [("earn", 10), ("earn", 30)]
    assert_consistent()


def test_rule_dataclass_round_trips(shop: Shop) -> None:
    rules = dataclasses.replace(loyalty.get_rules(), earn_rate="3")
    assert loyalty.LoyaltyRules(**rules.to_json()) == rules


def test_an_older_database_upgrades_with_everyone_in_the_base_tier(tmp_path: Path) -> None:
    import shutil

    from desktop_crm.db import MIGRATIONS_DIR, close_database, open_database

    old = tmp_path / "migrations"
    old.mkdir()
    for name in ("0001_initial.py", "0002_import_changes.py"):
        shutil.copy(MIGRATIONS_DIR / name, old / name)
    path = tmp_path / "old.db"
    open_database(path, migrations_dir=old)
    db.execute_sql(
        "INSERT INTO customer (display_name, created_at, updated_at) VALUES ('a', ?, ?)", (NOW, NOW)
    )
    close_database()
    open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert loyalty.tier_counts() == {"Member": 1, "Silver": 0, "Gold": 0, "Diamond": 0}
        assert loyalty.points_outstanding() == 0
        assert loyalty.check_counts(today=TODAY) == {}
    finally:
        close_database()


def test_ledgers_moved_together_are_settled(shop: Shop) -> None:
    """Merging two customers moves one's ledger to the other: a debt meets open earnings."""
    shop.run([order(1, "amy", paid=10_000), order(2, "bob", paid=5_000)])
    loyalty.redeem_points(cid("bob"), 50, today=TODAY, now=NOW)
    shop.run([order(2, "bob", status="refunded", paid=5_000, refunded=5_000)])
    assert balance("bob") == -50
    amy, bob = cid("amy"), cid("bob")
    # What a merge does (with the ledger's guard lifted): bob's rows become amy's.
    db.execute_sql("DROP TRIGGER points_entry_append_only")
    db.execute_sql("UPDATE points_entry SET customer_id = ? WHERE customer_id = ?", (amy, bob))
    db.execute_sql("UPDATE orders SET customer_id = ? WHERE customer_id = ?", (amy, bob))
    assert loyalty.unsettled_customers() == [amy]
    assert loyalty.check_counts(today=TODAY) == {"points_balance": 2, "points_unsettled": 1}
    loyalty.orders_changed([amy, bob], today=TODAY, now=NOW)
    loyalty.reconcile_points([amy, bob])
    assert loyalty.points_balance(amy) == 50 and loyalty.points_balance(bob) == 0
    assert sum(lefts("amy").values()) == 50
    assert loyalty.check_counts(today=TODAY) == {}
