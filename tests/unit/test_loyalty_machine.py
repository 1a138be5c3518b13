"""A state machine over imports, re-imports, refunds, undo, redemptions, adjustments, expiry,
new days and rule changes, checking the loyalty invariants after every step:

- every cached balance equals SUM(ledger); no earning expired twice or overdrawn;
- no redemption ever took a balance below zero (and refusals were right and wrote nothing);
- order points are exactly what the rules give (a full recompute writes nothing);
- every customer is in exactly one tier, the one a from-scratch computation gives.

Each example builds its own database inside the test body (function-scoped fixtures are not
reset between hypothesis examples).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import Refused, ValidationError
from desktop_crm.services import effects, loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export

BUYERS = ("b0", "b1", "b2")
PURCHASE = ("paid", "shipped", "completed")
SETTINGS = settings(
    max_examples=20,
    stateful_step_count=40,
    deadline=None,
    derandomize=True,
    database=None,
    # No "explain" phase: tracing every line of a failing example takes minutes here.
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _order(no: int, buyer: str, at: datetime, status: str, paid: int, refunded: int) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + no), ordered_at=at,
        status=status, paid=paid, refunded=refunded, currency="CNY", buyer_key=buyer,
        buyer_name=buyer, real_name="张三", province="浙江省", city="杭州市", address="x路1号",
        item_summary="皂", items=[ParsedItem("皂", price=paid)],
    )  # fmt: skip


class LoyaltyMachine(RuleBasedStateMachine):
    template: ClassVar[Path]

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="crm-loyalty-"))
        shutil.copy(self.template, self.folder / "crm.db")
        open_database(self.folder / "crm.db")
        self.today = date(2026, 1, 15)
        self.next_no = 0
        self.files = 0
        self.earned: dict[int, int] = {}  # model: tier (id) the rules gave; the no-downgrade floor
        self.overrides: dict[int, tuple[int, date | None]] = {}
        # Per import: the floors its evaluation changed, as they were before it (its undo
        # puts them back, never above where they are then).
        self.floors_before: dict[int, dict[int, int]] = {}

    def teardown(self) -> None:
        close_database()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return datetime.combine(self.today, time(18, 0))

    def _import(self, orders: list[ParsedOrder]) -> engine.ImportReceipt:
        self.files += 1
        path = write_export("taobao", orders, self.folder / f"ExportOrderList{self.files:06d}.csv")
        before = dict(self.earned)
        receipt = engine.import_file(path, platform="taobao", now=self.now, today=self.today)
        after = self._model_tiers()[0]
        if receipt.batch_id is not None:
            self.floors_before[receipt.batch_id] = {
                cid: floor for cid, floor in before.items() if after.get(cid, floor) != floor
            }
        return receipt

    def _cid(self, buyer: str) -> int | None:
        row = db.execute_sql("SELECT id FROM customer WHERE display_name = ?", (buyer,)).fetchone()
        return int(row[0]) if row else None

    def _stored(self) -> list[ParsedOrder]:
        rows = db.execute_sql(
            "SELECT o.order_no, ci.buyer_key, o.ordered_at, o.status, o.paid, o.refunded "
            "FROM orders o JOIN channel_identity ci ON ci.id = o.identity_id ORDER BY o.id"
        ).fetchall()
        return [
            _order(int(no) - 2039000000000000000, b, datetime.fromisoformat(str(at)), s, p, r)
            for no, b, at, s, p, r in rows
        ]

    def _entries(self) -> int:
        return int(db.execute_sql("SELECT count(*) FROM points_entry").fetchone()[0])

    # --- rules ---------------------------------------------------------------------------

    @initialize(
        paid=st.lists(st.integers(100, 800_000), min_size=6, max_size=6),
        days_ago=st.lists(st.integers(0, 700), min_size=6, max_size=6),
    )
    def open_shop(self, paid: list[int], days_ago: list[int]) -> None:
        """Two orders per buyer, some of them old enough to expire or fall out of the window."""
        orders = []
        for i, (amount, days) in enumerate(zip(paid, days_ago, strict=True)):
            self.next_no += 1
            at = datetime.combine(self.today - timedelta(days=days), time(12, 0))
            orders.append(_order(self.next_no, BUYERS[i % 3], at, PURCHASE[i % 3], amount, 0))
        self._import(orders)

    @rule(
        buyer=st.sampled_from(BUYERS),
        status=st.sampled_from(PURCHASE),
        paid=st.one_of(st.integers(1, 300), st.integers(300, 900_000)),
        days_ago=st.integers(0, 500),
        with_old=st.booleans(),
    )
    def import_order(
        self, buyer: str, status: str, paid: int, days_ago: int, with_old: bool
    ) -> None:
        self.next_no += 1
        at = datetime.combine(self.today - timedelta(days=days_ago), time(12, 0))
        orders = [_order(self.next_no, buyer, at, status, paid, 0)]
        if with_old:
            orders = self._stored() + orders  # the shop's export also lists older orders
        self._import(orders)

    @precondition(lambda self: self.next_no > 0)
    @rule()
    def reimport_everything(self) -> None:
        before = self._entries()
        receipt = self._import(self._stored())
        assert receipt.orders_added == receipt.orders_updated == 0
        assert self._entries() == before

    @precondition(lambda self: self.next_no > 0)
    @rule(data=st.data())
    def newer_export(self, data: st.DataObject) -> None:
        """A newer export: an order completes, or is partly or fully refunded."""
        live = [o for o in self._stored() if o.status in PURCHASE]
        if not live:
            return
        o = data.draw(st.sampled_from(live))
        change = data.draw(st.sampled_from(["complete", "partial", "full"]))
        status, refunded = o.status, o.refunded
        if change == "complete":
            status = "completed"
        elif change == "partial" and o.paid - o.refunded > 1:
            refunded = data.draw(st.integers(o.refunded + 1, o.paid - 1))
        else:
            status, refunded = "refunded", o.paid
        self._import([_order(int(o.order_no) - 2039000000000000000, o.buyer_key or "",
                             o.ordered_at, status, o.paid, refunded)])  # fmt: skip

    @rule()
    def undo_last_import(self) -> None:
        batch = engine.last_undoable_batch()
        if batch is None:
            return
        try:
            engine.undo_batch(batch, now=self.now, today=self.today)
        except Refused:
            return
        rank = {t.id: i for i, t in enumerate(loyalty.list_tiers())}
        for cid, floor in self.floors_before.pop(batch, {}).items():
            if cid in self.earned and rank.get(floor, -1) < rank.get(self.earned[cid], -1):
                self.earned[cid] = floor

    @rule(buyer=st.sampled_from(BUYERS), points=st.integers(1, 5_000))
    def redeem(self, buyer: str, points: int) -> None:
        cid = self._cid(buyer)
        if cid is None:
            return
        before = self._entries()
        balance = loyalty.ledger_balance(cid)
        usable = balance - loyalty.expiring_now(cid, today=self.today)
        try:
            loyalty.redeem_points(cid, points, today=self.today, now=self.now)
        except loyalty.RedemptionRefused as refused:
            assert self._entries() == before
            if balance < 0:
                assert refused.code == loyalty.NEGATIVE_BALANCE
            else:
                assert refused.code == loyalty.INSUFFICIENT and points > usable
        else:
            assert balance >= 0 and points <= usable
            assert loyalty.ledger_balance(cid) == balance - (balance - usable) - points

    @rule(buyer=st.sampled_from(BUYERS), delta=st.integers(-3_000, 3_000).filter(bool))
    def adjust(self, buyer: str, delta: int) -> None:
        cid = self._cid(buyer)
        if cid is not None:
            loyalty.adjust_points(cid, delta, note="test", today=self.today, now=self.now)

    @rule()
    def expire(self) -> None:
        loyalty.expire_points(today=self.today, now=self.now)

    @rule(days=st.integers(1, 400))
    def new_day(self, days: int) -> None:
        self.today += timedelta(days=days)
        loyalty.startup(today=self.today, now=self.now)

    @rule(
        rate=st.sampled_from(["1", "0.5", "1.25", "3"]),
        earn_on=st.sampled_from(["completed", "purchase"]),
        expiry=st.sampled_from(["end_of_next_year", "never", "months"]),
        months=st.integers(1, 30),
        birthday=st.sampled_from(["1", "2", "1.5"]),
        downgrades=st.booleans(),
    )
    def change_rules(
        self, rate: str, earn_on: str, expiry: str, months: int, birthday: str, downgrades: bool
    ) -> None:
        loyalty.set_rules(
            {
                "earn_rate": rate,
                "earn_on": earn_on,
                "expiry": expiry,
                "expiry_months": months,
                "birthday_factor": birthday,
                "downgrades": downgrades,
            },
            today=self.today,
            now=self.now,
        )

    @rule(index=st.integers(0, 3), multiplier=st.sampled_from(["1", "1.5", "2", "0.8"]))
    def edit_tier(self, index: int, multiplier: str) -> None:
        t = loyalty.list_tiers()[index]
        loyalty.save_tier(
            loyalty.TierInput(t.name, t.threshold, multiplier, t.benefits),
            t.id,
            today=self.today,
            now=self.now,
        )

    @rule(index=st.integers(1, 3), threshold=st.integers(1, 3_000_000))
    def move_threshold(self, index: int, threshold: int) -> None:
        t = loyalty.list_tiers()[index]
        try:
            loyalty.save_tier(
                loyalty.TierInput(t.name, threshold, t.multiplier, t.benefits),
                t.id,
                today=self.today,
                now=self.now,
            )
        except ValidationError as exc:
            assert exc.errors == {"threshold": "not_unique"}

    @rule(buyer=st.sampled_from(BUYERS), month=st.integers(1, 12))
    def birthday(self, buyer: str, month: int) -> None:
        cid = self._cid(buyer)
        if cid is not None:
            db.execute_sql(
                "UPDATE customer SET birthday = ? WHERE id = ?", (date(1990, month, 1), cid)
            )
            loyalty.orders_changed([cid], today=self.today, now=self.now)

    @rule(
        buyer=st.sampled_from(BUYERS),
        index=st.integers(0, 3),
        days=st.one_of(st.none(), st.integers(0, 200)),
    )
    def override(self, buyer: str, index: int, days: int | None) -> None:
        cid = self._cid(buyer)
        if cid is None:
            return
        tier_id = loyalty.list_tiers()[index].id
        until = None if days is None else self.today + timedelta(days=days)
        loyalty.set_tier_override(
            cid, tier_id, reason="test", until=until, today=self.today, now=self.now
        )
        self.overrides[cid] = (tier_id, until)

    @rule(buyer=st.sampled_from(BUYERS))
    def clear_override(self, buyer: str) -> None:
        cid = self._cid(buyer)
        if cid is not None:
            loyalty.clear_tier_override(cid, today=self.today, now=self.now)
            self.overrides.pop(cid, None)

    @rule(buyer=st.sampled_from(BUYERS), referrer=st.sampled_from(BUYERS))
    def refer(self, buyer: str, referrer: str) -> None:
        cid, rid = self._cid(buyer), self._cid(referrer)
        if cid is None or rid is None:
            return
        try:
            loyalty.set_referrer(cid, rid, today=self.today, now=self.now)
        except ValidationError:
            pass

    # --- invariants -------------------------------------------------------------------

    @invariant()
    def ledger_is_consistent(self) -> None:
        assert loyalty.count_wrong_balances() == 0
        assert loyalty.count_expired_twice() == 0
        assert loyalty.count_overdrawn_earnings() == 0
        assert loyalty.unsettled_customers() == []
        # No redemption ever took a balance below zero.
        low = db.execute_sql(
            "SELECT min(balance) FROM (SELECT reason, sum(delta) OVER (PARTITION BY customer_id "
            "ORDER BY id) AS balance FROM points_entry) WHERE reason = 'redeem'"
        ).fetchone()[0]
        assert low is None or low >= 0
        # Each referred customer rewards their referrer at most once at a time: a reward whose
        # purchase an undo took away is taken back (a negative entry) and may come again.
        dup = db.execute_sql(
            "SELECT count(*) FROM (SELECT referred_id FROM points_entry WHERE reason = 'referral' "
            "GROUP BY referred_id HAVING sum(delta > 0) - sum(delta < 0) NOT IN (0, 1))"
        ).fetchone()[0]
        assert dup == 0

    @invariant()
    def order_points_follow_the_rules(self) -> None:
        # Recomputing expires what lapsed first (a refund must not take lapsed points back):
        # past that, every order already carries its points.
        loyalty.expire_points(today=self.today, now=self.now)
        before = self._entries()
        assert loyalty.recompute_order_points(None, today=self.today, now=self.now).entries == 0
        assert self._entries() == before

    def _model_tiers(self) -> tuple[dict[int, int], dict[int, Any]]:
        """The floors (earned tiers) the model gives now, and the cached tier of everyone."""
        tiers = loyalty.list_tiers()  # by threshold
        rank = {t.id: i for i, t in enumerate(tiers)}
        downgrades = loyalty.get_rules().downgrades
        start = self.today - timedelta(days=364)
        spend: dict[int, int] = {}
        for cid, at, status, paid, refunded in db.execute_sql(
            "SELECT customer_id, ordered_at, status, paid, refunded FROM orders "
            "WHERE customer_id IS NOT NULL"
        ).fetchall():
            if status in PURCHASE and datetime.fromisoformat(str(at)).date() >= start:
                spend[cid] = spend.get(cid, 0) + paid - refunded
        cached: dict[int, Any] = dict(
            db.execute_sql(
                "SELECT c.id, l.tier_id FROM customer c "
                "LEFT JOIN customer_loyalty l ON l.customer_id = c.id"
            ).fetchall()
        )
        floors = {}
        for cid in cached:
            by_spend = [t for t in tiers if t.threshold <= spend.get(cid, 0)][-1].id
            floor = self.earned.get(cid, tiers[0].id)
            if not downgrades and rank.get(floor, -1) > rank[by_spend]:
                by_spend = floor
            floors[cid] = by_spend
        return floors, cached

    @invariant()
    def tiers_equal_a_computation_from_scratch(self) -> None:
        tiers = loyalty.list_tiers()  # by threshold
        floors, cached = self._model_tiers()
        for model in (self.earned, self.overrides):
            for cid in [c for c in model if c not in cached]:
                del model[cid]  # removed by an undo (its id may come back for someone else)
        for cid, tier_id in cached.items():
            self.earned[cid] = expected = floors[cid]
            ov = self.overrides.get(cid)
            if ov and (ov[1] is None or ov[1] >= self.today):
                expected = ov[0]
            elif ov:
                del self.overrides[cid]
            assert (tier_id or tiers[0].id) == expected, (cid, tier_id)
        counts = loyalty.tier_counts()
        assert sum(counts.values()) == len(cached)
        assert loyalty.tier_counts(today=self.today) == counts
        assert loyalty.count_wrong_tiers(today=self.today) == 0


@pytest.mark.slow
def test_loyalty_state_machine(_template_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = effects.orders_changed

    def hooked(customer_ids, *, today, now, **kw):  # type: ignore[no-untyped-def]
        original(customer_ids, today=today, now=now, **kw)
        loyalty.orders_changed(customer_ids, today=today, now=now)

    monkeypatch.setattr(effects, "orders_changed", hooked)
    LoyaltyMachine.template = _template_db
    run_state_machine_as_test(LoyaltyMachine, settings=SETTINGS)
