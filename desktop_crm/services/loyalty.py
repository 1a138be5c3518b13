"""Membership tiers and points (DESIGN §4): the one entry point for views, the CLI and effects.

The rules live in loyalty_rules, the ledger in loyalty_points, tiers in loyalty_tiers; this
module re-exports their public API and adds what combines them: the reaction to changed
orders, rule changes, the start-up job, read models for the GUI, `check`, and demo data.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from desktop_crm.db import db, executemany, storage_errors
from desktop_crm.errors import NotFound
from desktop_crm.services import loyalty_tiers
from desktop_crm.services.loyalty_points import (
    ADJUST,
    BIRTHDAY,
    EARN,
    EXPIRE,
    IMPORT_UNDONE,
    INSUFFICIENT,
    NEGATIVE_BALANCE,
    RATE_CHANGED,
    REASONS,
    REDEEM,
    REFERRAL,
    REFERRAL_TAKEN_BACK,
    REFUND,
    RULES_CHANGED,
    LedgerChange,
    RedemptionRefused,
    _expired_lots_sql,
    _max_entry_id,
    _settle,
    adjust_points,
    award_referrals,
    expire_points,
    expiring_now,
    ledger_balance,
    recompute_order_points,
    reconcile_points,
    redeem_points,
    refresh_balances,
    set_referrer,
    unsettled_customers,
)
from desktop_crm.services.loyalty_rules import LoyaltyRules, get_rules, save_rules
from desktop_crm.services.loyalty_tiers import (
    TierExplanation,
    TierHistoryLine,
    TierInfo,
    TierInput,
    TierRowInvalid,
    base_tier,
    clear_tier_override,
    count_wrong_tiers,
    customers_in_tier,
    evaluate_tiers,
    floors_of,
    journal_unmerge,
    list_tiers,
    raise_floor,
    restore_tier_floors,
    restore_unmerged_floor,
    set_tier_override,
    tier_by_name,
    tier_counts,
    tier_explanation,
    tier_history,
)

__all__ = [
    "ADJUST",
    "BIRTHDAY",
    "EARN",
    "EXPIRE",
    "IMPORT_UNDONE",
    "INSUFFICIENT",
    "NEGATIVE_BALANCE",
    "REASONS",
    "REDEEM",
    "REFERRAL",
    "RATE_CHANGED",
    "RULES_CHANGED",
    "REFERRAL_TAKEN_BACK",
    "REFUND",
    "ExpiringLot",
    "LedgerChange",
    "LedgerLine",
    "LoyaltyRules",
    "MemberSummary",
    "PointsStatement",
    "RedemptionRefused",
    "StartupResult",
    "TierExplanation",
    "TierHistoryLine",
    "TierInfo",
    "TierInput",
    "TierRowInvalid",
    "adjust_points",
    "award_referrals",
    "base_tier",
    "check_counts",
    "clear_tier_override",
    "count_expired_twice",
    "count_overdrawn_earnings",
    "count_wrong_balances",
    "count_wrong_tiers",
    "customers_in_tier",
    "delete_tier",
    "demo_activity",
    "evaluate_tiers",
    "everyone_changed",
    "expire_points",
    "expiring_now",
    "expiring_points",
    "expiring_soon",
    "fix_loyalty",
    "get_rules",
    "import_undone",
    "ledger",
    "ledger_balance",
    "list_tiers",
    "member_summary",
    "noting",
    "orders_changed",
    "points_balance",
    "points_and_tiers",
    "points_outstanding",
    "points_statement",
    "recompute_order_points",
    "reconcile_points",
    "redeem_points",
    "refresh_balances",
    "restore_tier_floors",
    "floors_of",
    "journal_unmerge",
    "raise_floor",
    "restore_unmerged_floor",
    "save_tier",
    "set_referrer",
    "set_rules",
    "set_tier_override",
    "startup",
    "tier_by_name",
    "tier_counts",
    "tier_explanation",
    "tier_history",
    "unsettled_customers",
]


# --- reacting to changes ---------------------------------------------------------------


def orders_changed(
    customer_ids: Collection[int], *, today: date, now: datetime, batch_id: int | None = None
) -> None:
    """Points, referral rewards and tiers of customers whose orders changed (bulk SQL).

    Called inside the import / undo transaction with the touched customers; `batch_id` names
    the import that changed them (its tier floors are journalled with it for its undo).
    """
    if not customer_ids:
        return
    recompute_order_points(customer_ids, today=today, now=now)
    award_referrals(customer_ids, today=today, now=now)
    evaluate_tiers(customer_ids, today=today, now=now, batch_id=batch_id)


def import_undone(batch_id: int, *, today: date, now: datetime) -> None:
    """After an undo put an import's rows back: the tier floors that rested on its orders go
    back too, whichever import's evaluation recorded them and in whatever order the imports
    are undone (restore_tier_floors), and those customers are evaluated again (with
    downgrades off, a tier whose spend never was is not held). Points and referral rewards
    follow the orders (orders_changed)."""
    with storage_errors(), db.atomic():
        ids = restore_tier_floors(batch_id)
        if ids:
            evaluate_tiers(ids, today=today, now=now)


def set_rules(data: dict[str, Any], *, today: date, now: datetime) -> LoyaltyRules:
    """Validate and store the rules, then apply them to everyone in the same transaction.

    Points already earned keep the rate they were earned at; orders that earn from now on
    use the new rules. Tiers are re-evaluated for every customer.

    Raises:
        ValidationError: errors maps each bad field to a message code.
    """
    with storage_errors(), db.atomic(), noting(RULES_CHANGED):
        rules = save_rules(data)
        everyone_changed(today=today, now=now)
    return rules


def everyone_changed(*, today: date, now: datetime) -> None:
    """Points, referral rewards and tiers of every customer, after a change that can touch
    any of them (new rules, a new conversion rate)."""
    recompute_order_points(None, today=today, now=now)
    award_referrals(None, today=today, now=now)
    evaluate_tiers(None, today=today, now=now)


def everyone_revalued(*, today: date, now: datetime) -> None:
    """everyone_changed after new exchange rates: the order entries it writes say why (an
    order worth less is not a refund)."""
    with noting(RATE_CHANGED):
        everyone_changed(today=today, now=now)


@contextlib.contextmanager
def noting(note: str) -> Iterator[None]:
    """The order entries (earned, taken back) written inside say why: `note`, where they
    have none of their own. Points a change of exchange rates or of the rules, or an
    import's undo, moves are not a refund, though they are taken back the same way. Inside
    the caller's transaction."""
    before = _max_entry_id()
    yield
    db.execute_sql(
        "UPDATE points_entry SET note = ? WHERE id > ? AND order_id IS NOT NULL "
        "AND reason IN (?, ?) AND note = ''",
        (note, before, EARN, REFUND),
    )


@dataclass(frozen=True, slots=True)
class StartupResult:
    """What the start-up job did."""

    expired: LedgerChange
    tier_changes: int


def startup(*, today: date, now: datetime) -> StartupResult:
    """At start-up (and on demand): expire points past their date, re-evaluate every tier."""
    with storage_errors(), db.atomic():
        expired = expire_points(today=today, now=now)
        changes = evaluate_tiers(None, today=today, now=now)
    return StartupResult(expired, changes)


def save_tier(data: TierInput, tier_id: int | None = None, *, today: date, now: datetime) -> int:
    """Create (tier_id None) or change a tier; everyone's tier is re-evaluated and orders not
    yet carrying points will earn at the new multiplier.

    Raises:
        ValidationError: errors maps fields (name, threshold, multiplier, benefits) to codes.
        NotFound: no such tier.
    """
    with storage_errors(), db.atomic(), noting(RULES_CHANGED):
        tier_id = loyalty_tiers.save_tier_row(data, tier_id, today=today, now=now)
        recompute_order_points(None, today=today, now=now)
    return tier_id


def save_membership(
    rules: dict[str, Any] | None,
    removed: list[int],
    tiers: list[tuple[int | None, TierInput]],
    *,
    today: date,
    now: datetime,
) -> list[int]:
    """Settings ▸ Membership as one change: the rules (None: unchanged), the tiers removed,
    then the tiers changed or added — all saved or, on any refusal, none.

    Returns the ids of `tiers`, in order.

    Raises:
        ValidationError: a rule or a removal refused; TierRowInvalid: a tier (its index).
    """
    with storage_errors(), db.atomic(), noting(RULES_CHANGED):
        if rules is not None:
            set_rules(rules, today=today, now=now)
        for tier_id in removed:
            loyalty_tiers.delete_tier_row(tier_id, today=today, now=now)
        ids = loyalty_tiers.save_tier_rows(tiers, today=today, now=now) if tiers else []
        recompute_order_points(None, today=today, now=now)
    return ids


def delete_tier(tier_id: int, *, today: date, now: datetime) -> None:
    """Remove a tier (not the base tier): its members move down, everyone is re-evaluated.

    Raises:
        ValidationError: {"tier": "need_base"} for the base tier.
        NotFound: no such tier.
    """
    with storage_errors(), db.atomic(), noting(RULES_CHANGED):
        loyalty_tiers.delete_tier_row(tier_id, today=today, now=now)
        recompute_order_points(None, today=today, now=now)


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One ledger entry with the balance after it."""

    id: int
    created_at: datetime
    reason: str
    delta: int
    balance: int  # running balance after this entry
    order_id: int | None
    order_platform: str | None  # None when the order is gone (undone import)
    order_no: str | None
    earned_on: date | None
    expires_on: date | None
    left: int | None  # for earnings: what is left of it now
    note: str


@dataclass(frozen=True, slots=True)
class ExpiringLot:
    """What is left of one earning, and its last valid day."""

    entry_id: int
    customer_id: int
    points: int
    earned_on: date | None
    expires_on: date


@dataclass(frozen=True, slots=True)
class MemberSummary:
    """The loyalty panel of the customer page."""

    customer_id: int
    balance: int
    negative: bool  # shown red; no redemption until positive
    tier_id: int
    tier_name: str
    override_tier_name: str | None
    override_reason: str | None
    override_until: date | None
    referred_by_id: int | None
    referred_by_name: str | None
    referral_rewarded: bool
    referrals: int  # customers this one referred
    expiring_soon: int  # points whose last day is within the next 30 days


@dataclass(slots=True)
class PointsStatement:
    """Data for a printed one-page points statement."""

    customer_id: int
    display_name: str
    real_name: str
    start: date
    today: date
    tier: TierExplanation
    opening_balance: int
    closing_balance: int
    earned: int  # earn, birthday, referral, positive adjustments in the period
    taken_back: int  # refunds (negative) in the period
    redeemed: int  # negative
    expired: int  # negative
    adjusted: int  # negative adjustments
    lines: list[LedgerLine] = field(default_factory=list)  # the period, oldest first
    expiring: list[ExpiringLot] = field(default_factory=list)  # within 90 days


def _d(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _dt(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def points_balance(customer_id: int) -> int:
    """The cached points balance of a customer (0 when nothing was ever earned)."""
    row = db.execute_sql(
        "SELECT points_balance FROM customer_loyalty WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def points_and_tiers(customer_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Customer id -> (tier id, points balance) for a page of customers, in one query per
    500 ids (customers without loyalty data are in the base tier with 0 points)."""
    base = base_tier().id
    out = dict.fromkeys(customer_ids, (base, 0))
    ids = list(out)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for cid, tier_id, balance in db.execute_sql(
            "SELECT customer_id, tier_id, points_balance FROM customer_loyalty "
            f"WHERE customer_id IN ({marks})",
            chunk,
        ):
            out[int(cid)] = (int(tier_id) if tier_id is not None else base, int(balance or 0))
    return out


_LEDGER_SELECT = """
    SELECT e.id, e.created_at, e.reason, e.delta,
        sum(e.delta) OVER (ORDER BY e.id ROWS UNBOUNDED PRECEDING) AS balance,
        e.order_id, o.platform, o.order_no, e.earned_on, e.expires_on,
        CASE WHEN e.delta > 0 THEN e.delta - coalesce((SELECT sum(a.amount)
            FROM points_allocation a WHERE a.lot_id = e.id), 0) END AS left,
        e.note
    FROM points_entry e
    LEFT JOIN orders o ON o.id = e.order_id AND o.customer_id = e.customer_id
    WHERE e.customer_id = ?
"""


def _line(r: Any) -> LedgerLine:
    return LedgerLine(
        id=int(r[0]),
        created_at=_dt(r[1]),
        reason=str(r[2]),
        delta=int(r[3]),
        balance=int(r[4]),
        order_id=None if r[5] is None else int(r[5]),
        order_platform=r[6],
        order_no=r[7],
        earned_on=_d(r[8]),
        expires_on=_d(r[9]),
        left=None if r[10] is None else int(r[10]),
        note=str(r[11]),
    )


def ledger(customer_id: int, *, limit: int | None = None, offset: int = 0) -> list[LedgerLine]:
    """A customer's ledger, newest first, each line with the balance after it."""
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = db.execute_sql(
        f"SELECT * FROM ({_LEDGER_SELECT}) ORDER BY id DESC{page}", (customer_id,)
    ).fetchall()
    return [_line(r) for r in rows]


def _open_lots_sql(where: str) -> str:
    return (
        "SELECT id, customer_id, left, earned_on, expires_on FROM (SELECT e.id AS id, "
        "e.customer_id AS customer_id, e.earned_on AS earned_on, e.expires_on AS expires_on, "
        "e.delta - coalesce((SELECT sum(a.amount) FROM points_allocation a "
        "WHERE a.lot_id = e.id), 0) AS left FROM points_entry e "
        f"WHERE e.delta > 0 AND e.expires_on IS NOT NULL AND {where}) WHERE left > 0 "
        "ORDER BY expires_on, id"
    )


def expiring_points(customer_id: int, *, today: date, within_days: int = 30) -> list[ExpiringLot]:
    """What is left of a customer's earnings whose last day is within `within_days` days
    (today included; earnings already past their day are listed too until expired)."""
    until = today + timedelta(days=within_days)
    rows = db.execute_sql(
        _open_lots_sql("e.customer_id = ? AND +e.expires_on <= ?"), (customer_id, until)
    ).fetchall()
    return [ExpiringLot(int(r[0]), int(r[1]), int(r[2]), _d(r[3]), _d(r[4])) for r in rows]  # type: ignore[arg-type]


def expiring_soon(*, today: date, within_days: int = 30) -> list[tuple[int, int, date]]:
    """Customers with points expiring within `within_days`: (customer id, points, first day).

    For reminders; ordered by the first last-day.
    """
    until = today + timedelta(days=within_days)
    rows = db.execute_sql(
        "SELECT customer_id, sum(left), min(expires_on) FROM ("
        + _open_lots_sql("e.expires_on >= ? AND e.expires_on <= ?")
        + ") GROUP BY customer_id ORDER BY min(expires_on), customer_id",
        (today, until),
    ).fetchall()
    return [(int(c), int(p), _d(d)) for c, p, d in rows]  # type: ignore[misc]


def points_outstanding(today: date | None = None) -> int:
    """Points customers hold and could redeem: the sum of positive balances.

    Negative balances (refunds after a redemption) are debts, not less liability. With
    `today`, points past their last day that expiry has not removed yet are left out too
    (read-only, so the figure depends only on the database and the day).
    """
    if today is None:
        row = db.execute_sql(
            "SELECT coalesce(sum(points_balance), 0) FROM customer_loyalty WHERE points_balance > 0"
        ).fetchone()
        return int(row[0])
    due = _expired_lots_sql(None)
    row = db.execute_sql(
        "SELECT coalesce(sum(b), 0) FROM (SELECT l.points_balance - coalesce(x.due, 0) AS b "
        "FROM customer_loyalty l LEFT JOIN (SELECT customer_id, sum(left) AS due "
        f"FROM ({due}) GROUP BY customer_id) x ON x.customer_id = l.customer_id) WHERE b > 0",
        {"today": today.isoformat()},
    ).fetchone()
    return int(row[0])


def member_summary(customer_id: int, *, today: date) -> MemberSummary:
    """Balance, tier, override and referral facts of one customer."""
    exists = db.execute_sql("SELECT 1 FROM customer WHERE id = ?", (customer_id,)).fetchone()
    if not exists:
        raise NotFound(f"Customer {customer_id} does not exist.")
    base = base_tier()
    row = db.execute_sql(
        "SELECT l.points_balance, l.tier_id, t.name, ot.name, l.override_reason, "
        "l.override_until, l.referred_by_id, r.display_name, l.referral_entry_id "
        "FROM customer_loyalty l JOIN tier t ON t.id = l.tier_id "
        "LEFT JOIN tier ot ON ot.id = l.override_tier_id "
        "LEFT JOIN customer r ON r.id = l.referred_by_id WHERE l.customer_id = ?",
        (customer_id,),
    ).fetchone()
    referrals = db.execute_sql(
        "SELECT count(*) FROM customer_loyalty WHERE referred_by_id = ?", (customer_id,)
    ).fetchone()[0]
    soon = sum(lot.points for lot in expiring_points(customer_id, today=today, within_days=30))
    if row is None:
        row = (0, base.id, base.name, None, None, None, None, None, None)
    return MemberSummary(
        customer_id=customer_id,
        balance=int(row[0]),
        negative=int(row[0]) < 0,
        tier_id=int(row[1]),
        tier_name=str(row[2]),
        override_tier_name=row[3],
        override_reason=row[4],
        override_until=_d(row[5]),
        referred_by_id=row[6],
        referred_by_name=row[7],
        # A reward counts while its referrer exists (a deleted one took it with them).
        referral_rewarded=row[8] is not None and row[6] is not None,
        referrals=int(referrals),
        expiring_soon=soon,
    )


def points_statement(
    customer_id: int, *, today: date, start: date | None = None
) -> PointsStatement:
    """A one-page statement: balances, the period's entries and totals, what expires soon.

    The period runs from `start` (default: 1 January of today's year) to today.
    """
    person = db.execute_sql(
        "SELECT display_name, coalesce(real_name, '') FROM customer WHERE id = ?", (customer_id,)
    ).fetchone()
    if person is None:
        raise NotFound(f"Customer {customer_id} does not exist.")
    start = start or date(today.year, 1, 1)
    lines = [
        _line(r)
        for r in db.execute_sql(
            f"SELECT * FROM ({_LEDGER_SELECT}) WHERE created_at >= ? ORDER BY id",
            (customer_id, start),
        ).fetchall()
    ]
    opening = int(
        db.execute_sql(
            "SELECT coalesce(sum(delta), 0) FROM points_entry WHERE customer_id = ? "
            "AND created_at < ?",
            (customer_id, start),
        ).fetchone()[0]
    )

    def total(reasons: tuple[str, ...], sign: int) -> int:
        return sum(
            ln.delta for ln in lines if ln.reason in reasons and (ln.delta > 0) == (sign > 0)
        )

    # Every entry falls in exactly one row, so the rows add up to the closing balance: all
    # positive entries are earned; negative ones are redeemed, expired, deducted by hand, or
    # else taken back (a refund, a referral reward whose purchase was undone).
    by_hand = (ADJUST, BIRTHDAY)
    others = tuple(r for r in REASONS if r not in (REDEEM, EXPIRE, *by_hand))

    return PointsStatement(
        customer_id=customer_id,
        display_name=str(person[0]),
        real_name=str(person[1]),
        start=start,
        today=today,
        tier=tier_explanation(customer_id, today),
        opening_balance=opening,
        closing_balance=opening + sum(ln.delta for ln in lines),
        earned=total(REASONS, 1),
        taken_back=total(others, -1),
        redeemed=total((REDEEM,), -1),
        expired=total((EXPIRE,), -1),
        adjusted=total(by_hand, -1),
        lines=lines,
        expiring=expiring_points(customer_id, today=today, within_days=90),
    )


# --- `desktop-crm check` ---------------------------------------------------------------


def count_wrong_balances() -> int:
    """Customers whose cached points_balance differs from SUM(ledger)."""
    return int(
        db.execute_sql(
            "SELECT count(*) FROM customer c LEFT JOIN customer_loyalty l ON l.customer_id = c.id "
            "WHERE coalesce(l.points_balance, 0) != coalesce((SELECT sum(delta) "
            "FROM points_entry e WHERE e.customer_id = c.id), 0)"
        ).fetchone()[0]
    )


def count_expired_twice() -> int:
    """Earnings with more than one expire entry (a unique index should make this 0)."""
    return int(
        db.execute_sql(
            "SELECT count(*) FROM (SELECT source_id FROM points_entry WHERE reason = 'expire' "
            "GROUP BY source_id HAVING count(*) > 1)"
        ).fetchone()[0]
    )


def count_overdrawn_earnings() -> int:
    """Earnings from which more was taken than they gave, or expiries of the wrong size."""
    return int(
        db.execute_sql(
            "SELECT (SELECT count(*) FROM (SELECT a.lot_id FROM points_allocation a "
            "JOIN points_entry e ON e.id = a.lot_id GROUP BY a.lot_id "
            "HAVING sum(a.amount) > max(e.delta))) + (SELECT count(*) FROM points_entry x "
            "WHERE x.reason = 'expire' AND -x.delta != coalesce((SELECT sum(amount) "
            "FROM points_allocation a WHERE a.consumer_id = x.id), 0))"
        ).fetchone()[0]
    )


def check_counts(*, today: date) -> dict[str, int]:
    """Problems by kind, for `desktop-crm check` (kinds with 0 are left out)."""
    counts = {
        "points_balance": count_wrong_balances(),
        "tiers": count_wrong_tiers(today=today),
        "points_expired_twice": count_expired_twice(),
        "points_overdrawn": count_overdrawn_earnings(),
        "points_unsettled": len(unsettled_customers()),
    }
    return {k: v for k, v in counts.items() if v}


def fix_loyalty(*, today: date, now: datetime) -> dict[str, int]:
    """Repair cached balances, tiers and unsettled debts in one transaction.

    Returns what was fixed by kind. The ledger itself is never rewritten
    (points_expired_twice / points_overdrawn are only reported).
    """
    with storage_errors(), db.atomic():
        unsettled = unsettled_customers()
        reconcile_points(unsettled)
        balances = refresh_balances(None)
        tiers = evaluate_tiers(None, today=today, now=now)
    return {"points_balance": balances, "tiers": tiers, "points_unsettled": len(unsettled)}


# --- demo data -------------------------------------------------------------------------


def demo_activity(*, seed: int, today: date, now: datetime, share: float = 0.05) -> dict[str, int]:
    """Referrals, redemptions and adjustments for a few customers, the same for a seed.

    For the demo generator, after its imports: bulk writes, one transaction.
    """
    rng = random.Random(seed * 7919 + 17)
    rules = get_rules()
    with storage_errors(), db.atomic():
        ids = [int(r[0]) for r in db.execute_sql("SELECT id FROM customer ORDER BY id")]
        if len(ids) < 2:
            return {"referrals": 0, "redemptions": 0, "adjustments": 0}
        n = max(1, int(len(ids) * share))
        # Referrals: a few customers were brought by another (no cycles: the referrer is older).
        referred = sorted(rng.sample(ids[1:], min(n, len(ids) - 1)))
        position = {cid: i for i, cid in enumerate(ids)}
        pairs = [
            (cid, ids[rng.randrange(max(0, position[cid] - 500), position[cid])])
            for cid in referred
        ]
        base = base_tier().id
        executemany(
            "INSERT OR IGNORE INTO customer_loyalty (customer_id, tier_id) VALUES (?, ?)",
            [(cid, base) for cid, _r in pairs],
        )
        executemany(
            "UPDATE customer_loyalty SET referred_by_id = ? WHERE customer_id = ?",
            [(ref, cid) for cid, ref in pairs],
        )
        referrals = award_referrals([cid for cid, _r in pairs], today=today, now=now).entries
        before = _max_entry_id()
        # Redemptions: some customers with a good balance spent part of it.
        rich = [
            (int(c), int(b))
            for c, b in db.execute_sql(
                "SELECT customer_id, points_balance FROM customer_loyalty "
                "WHERE points_balance >= 100 ORDER BY customer_id"
            )
        ]
        spend = sorted(rng.sample(rich, min(n, len(rich))))
        redeem_rows = []
        for cid, balance in spend:
            points = max(1, (balance // 2 // 10) * 10)
            redeem_rows.append((cid, -points, "redeem", now, "demo: voucher"))
        executemany(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at, note) "
            "VALUES (?, ?, ?, ?, ?)",
            redeem_rows,
        )
        # Adjustments: goodwill points, and a correction or two.
        adjust_rows = []
        for cid in sorted(rng.sample(ids, min(n, len(ids)))):
            delta = rng.choice([50, 100, 200, -20])
            earned = today if delta > 0 else None
            adjust_rows.append((
                cid, delta, "adjust", now, earned, rules.expires_on(today) if earned else None,
                "demo: goodwill" if delta > 0 else "demo: correction",
            ))  # fmt: skip
        executemany(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at, earned_on, "
            "expires_on, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            adjust_rows,
        )
        _settle(before)
    return {
        "referrals": referrals,
        "redemptions": len(redeem_rows),
        "adjustments": len(adjust_rows),
    }
