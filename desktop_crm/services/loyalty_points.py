"""The points ledger: order points (bulk SQL), redemption, adjustment, expiry, referrals.

The ledger is append-only. Each positive entry is an earning (a "lot"); each negative entry
takes points from earnings, recorded in points_allocation (append-only too), so what is left
of an earning is exact and expiry removes only that, once:
- a redemption or a negative adjustment takes from the oldest earnings first (FIFO by
  earning date, then entry id);
- a refund takes from its own order's earnings first, then FIFO;
- an expiry takes exactly what is left of its one earning;
- what cannot be covered is a debt (a negative balance), paid off by the next earnings.

An order carries `floor(net × factor / 10**11)` points (loyalty_rules), but never less than
what already expired of its earnings: points that lapsed were lost once, so a refund, an undo
or a move to another customer takes back only what the order still holds (taking them again
would count them twice and make the result depend on whether the expiry ran first).

The factor (rate × multiplier of the tier held on the order date × birthday factor) is fixed
when the order first earns and kept in every later entry of that order, so a later change of
the rules never re-prices an order that has earned (its refunds take back at its own rate). An
order that never earned earns at the rules in force. An order that left the customer (an undone
import, moved to another customer) is taken back with an entry without factor: if it comes back
it earns afresh. Order ids an undo removed are never given to other orders (the import engine
keeps a high-water mark), so the ledger's order ids always name one order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_crm.db import db, executemany, storage_errors
from desktop_crm.errors import NotFound, Refused, ValidationError
from desktop_crm.services.currency import counted_sql, net_sql
from desktop_crm.services.loyalty_rules import (
    INVALID,
    OUT_OF_RANGE,
    REQUIRED,
    TOO_LONG,
    LoyaltyRules,
    expires_sql,
    get_rules,
    order_points_sql,
)
from desktop_crm.services.loyalty_tiers import base_tier, multiplier_at_sql
from desktop_crm.services.text import typed_text
from desktop_crm.services.totals import fill_id_table

EARN = "earn"
REFUND = "refund"
REDEEM = "redeem"
ADJUST = "adjust"
EXPIRE = "expire"
BIRTHDAY = "birthday"
REFERRAL = "referral"
REASONS = (EARN, REFUND, REDEEM, ADJUST, EXPIRE, BIRTHDAY, REFERRAL)

# The note of an entry taking a referral reward back (its purchase was undone).
REFERRAL_TAKEN_BACK = "purchase undone"
# The note of the order entries a change of exchange rates writes (an order's value changed).
RATE_CHANGED = "exchange rate changed"
# The note of the order entries a change of the points rules or tiers writes (not a refund).
RULES_CHANGED = "points rules changed"
# The note of the order entries an import's undo writes (its orders gone or put back).
IMPORT_UNDONE = "import undone"
MAX_NOTE = 500
MAX_POINTS = 10**12

# A referral that would close a loop (A referred by B, B by A).
CIRCULAR = "circular"

# RedemptionRefused codes.
INSUFFICIENT = "insufficient"
NEGATIVE_BALANCE = "negative_balance"


class RedemptionRefused(Refused):
    """A redemption would take the balance below zero (or it already is); nothing written."""

    def __init__(self, customer_id: int, points: int, available: int, code: str) -> None:
        if code == NEGATIVE_BALANCE:
            text = (
                f"Customer {customer_id} has a negative points balance ({available}); "
                "no redemption until it is positive again."
            )
        else:
            text = f"Customer {customer_id} has {available} points; {points} cannot be redeemed."
        super().__init__(text)
        self.customer_id = customer_id
        self.points = points
        self.available = available
        self.code = code


@dataclass(frozen=True, slots=True)
class LedgerChange:
    """What a bulk ledger job wrote."""

    entries: int = 0
    points: int = 0  # sum of the deltas written
    customers: int = 0


# --- helpers ---------------------------------------------------------------------------


def _conn() -> Any:
    return db.connection()


def _max_entry_id() -> int:
    return int(_conn().execute("SELECT coalesce(max(id), 0) FROM points_entry").fetchone()[0])


def _scope(customer_ids: Iterable[int] | None, table: str) -> str | None:
    """Put the ids in a temp table and return its name (None: every customer)."""
    if customer_ids is None:
        return None
    fill_id_table(customer_ids, table)
    return table


def _written_since(before: int) -> tuple[LedgerChange, list[int]]:
    """What was appended after entry `before`, and for whom (a rowid range: no index scan)."""
    rows = (
        _conn()
        .execute("SELECT customer_id, delta FROM points_entry WHERE id > ?", (before,))
        .fetchall()
    )
    customers = sorted({int(c) for c, _d in rows})
    return LedgerChange(len(rows), sum(int(d) for _c, d in rows), len(customers)), customers


def _require_customer(customer_id: int) -> None:
    if not _conn().execute("SELECT 1 FROM customer WHERE id = ?", (customer_id,)).fetchone():
        raise NotFound(f"Customer {customer_id} does not exist.")


def _note(errors: dict[str, str], note: str | None, required: bool) -> str:
    text = typed_text(note)
    if required and not text:
        errors["note"] = REQUIRED
    elif len(text) > MAX_NOTE:
        errors["note"] = TOO_LONG
    return text


def _points(errors: dict[str, str], key: str, value: Any, *, positive: bool) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        errors[key] = INVALID
        return 0
    if (positive and value <= 0) or value == 0:
        errors[key] = INVALID
    elif abs(value) > MAX_POINTS:
        errors[key] = OUT_OF_RANGE
    return value


# --- balances and allocation -----------------------------------------------------------


def refresh_balances(customer_ids: Iterable[int] | None) -> int:
    """Bring cached points_balance to SUM(ledger) for these customers (None: everyone).

    Returns:
        How many customers' cached balance changed.
    """
    conn = _conn()
    scope = _scope(customer_ids, "_loy_bal_ids") or "customer"
    conn.execute("DROP TABLE IF EXISTS temp._loy_sums")
    conn.execute("CREATE TEMP TABLE _loy_sums (cid INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
    conn.execute(
        "INSERT INTO _loy_sums SELECT k.id, coalesce((SELECT sum(e.delta) "
        f"FROM points_entry e WHERE e.customer_id = k.id), 0) FROM {scope} k"
    )
    changed = conn.execute(
        "UPDATE customer_loyalty SET points_balance = s.total FROM _loy_sums s "
        "WHERE customer_loyalty.customer_id = s.cid AND customer_loyalty.points_balance != s.total"
    ).rowcount
    changed += conn.execute(
        "INSERT INTO customer_loyalty (customer_id, tier_id, points_balance) "
        "SELECT s.cid, ?, s.total FROM _loy_sums s WHERE s.total != 0 AND NOT EXISTS "
        "(SELECT 1 FROM customer_loyalty l WHERE l.customer_id = s.cid)",
        (base_tier().id,),
    ).rowcount
    conn.execute("DROP TABLE temp._loy_sums")
    return int(changed)


def _allocate(customer_ids: Iterable[int]) -> int:
    """Cover every uncovered consumption of these customers from their open earnings.

    Loads the open earnings and uncovered consumptions of the customers in two queries and
    matches them in Python (only customers with something to match are passed in).
    Returns the number of allocation rows written.
    """
    ids = list(customer_ids)
    if not ids:
        return 0
    conn = _conn()
    fill_id_table(ids, "_loy_alloc_ids")
    lots: dict[int, list[list[Any]]] = {}
    for lot_id, cid, order_id, left in conn.execute(
        "SELECT id, customer_id, order_id, left FROM ("
        "SELECT e.id, e.customer_id, e.order_id, e.earned_on, e.delta - coalesce("
        "(SELECT sum(a.amount) FROM points_allocation a WHERE a.lot_id = e.id), 0) AS left "
        "FROM _loy_alloc_ids k CROSS JOIN points_entry e ON e.customer_id = k.id "
        "WHERE e.delta > 0"
        ") WHERE left > 0 ORDER BY customer_id, earned_on, id"
    ):
        lots.setdefault(int(cid), []).append([int(lot_id), order_id, int(left)])
    consumers = conn.execute(
        "SELECT id, customer_id, order_id, reason, open FROM ("
        "SELECT e.id, e.customer_id, e.order_id, e.reason, -e.delta - coalesce("
        "(SELECT sum(a.amount) FROM points_allocation a WHERE a.consumer_id = e.id), 0) AS open "
        "FROM _loy_alloc_ids k CROSS JOIN points_entry e ON e.customer_id = k.id "
        "WHERE e.delta < 0 AND e.reason != 'expire'"
        ") WHERE open > 0 ORDER BY id"
    ).fetchall()
    rows: list[tuple[int, int, int]] = []
    for consumer_id, cid, order_id, reason, wanted in consumers:
        open_lots = lots.get(int(cid), [])
        if reason == REFUND and order_id is not None:
            # A refund takes back from its own order's earnings first.
            ordered = [lot for lot in open_lots if lot[1] == order_id] + [
                lot for lot in open_lots if lot[1] != order_id
            ]
        else:
            ordered = open_lots
        wanted = int(wanted)
        for lot in ordered:
            if wanted == 0:
                break
            take = min(lot[2], wanted)
            if take:
                rows.append((lot[0], int(consumer_id), take))
                lot[2] -= take
                wanted -= take
        lots[int(cid)] = [lot for lot in open_lots if lot[2] > 0]
    executemany(
        "INSERT INTO points_allocation (lot_id, consumer_id, amount) VALUES (?, ?, ?)", rows
    )
    return len(rows)


def _settle(before: int) -> list[int]:
    """After appending entries (ids > before): allocate where needed, refresh balances.

    Allocation is needed for customers with a new consumption, and for customers who were
    in debt (cached balance below zero) and got a new earning.
    """
    conn = _conn()
    need = {
        int(r[0])
        for r in conn.execute(
            "SELECT e.customer_id FROM points_entry e "
            "LEFT JOIN customer_loyalty l ON l.customer_id = e.customer_id "
            "WHERE e.id > ? AND e.reason != 'expire' AND (e.delta < 0 OR l.points_balance < 0)",
            (before,),
        )
    }
    _allocate(sorted(need))
    _change, touched = _written_since(before)
    refresh_balances(touched)
    return touched


_UNSETTLED_SQL = """
    WITH lot_used AS (SELECT lot_id, sum(amount) AS used FROM points_allocation GROUP BY lot_id),
    covered AS (
        SELECT consumer_id, sum(amount) AS used FROM points_allocation GROUP BY consumer_id
    ),
    open_lots AS (
        SELECT DISTINCT e.customer_id FROM points_entry e LEFT JOIN lot_used u ON u.lot_id = e.id
        WHERE e.delta > 0 AND e.delta > coalesce(u.used, 0)
    ),
    debts AS (
        SELECT DISTINCT e.customer_id FROM points_entry e
        LEFT JOIN covered c ON c.consumer_id = e.id
        WHERE e.delta < 0 AND -e.delta > coalesce(c.used, 0)
    )
    SELECT o.customer_id FROM open_lots o JOIN debts d ON d.customer_id = o.customer_id
    ORDER BY o.customer_id
"""


def unsettled_customers() -> list[int]:
    """Customers with points left in an earning and an uncovered debt at the same time.

    The services never leave that state (a debt is paid by the next earning); rows moved
    between customers (a merge) can. `reconcile_points` settles them.
    """
    return [int(r[0]) for r in _conn().execute(_UNSETTLED_SQL)]


def reconcile_points(customer_ids: Iterable[int]) -> int:
    """Settle debts against open earnings of these customers and refresh their balances.

    For ledgers whose rows were moved to another customer (merging two customers): the merged
    customer's debt is paid from the kept customer's earnings, oldest first. Returns the
    number of allocations written.
    """
    ids = sorted({int(c) for c in customer_ids})
    with storage_errors(), db.atomic():
        written = _allocate(ids)
        refresh_balances(ids)
    return written


# --- order points ----------------------------------------------------------------------


def _due_sql(scope: str | None, rules: LoyaltyRules) -> tuple[str, dict[str, Any]]:
    """SELECT (cid, oid, at, bday, pts, factor, due) for each order of the scope whose
    points may need a new entry (orders, and orders the customer's ledger still names)."""
    base = base_tier()
    statuses = ", ".join(f"'{s}'" for s in rules.earn_statuses())
    cur = f" AND {counted_sql('o')}"
    source = scope or "customer"
    fresh = (
        f"(:rate * {multiplier_at_sql('o.cid', 'o.at', base.multiplier_permille)} "
        f"* CASE WHEN o.bday THEN :bday ELSE 1000 END)"
    )
    sql = f"""
        WITH carried AS (
            SELECT e.customer_id AS cid, e.order_id AS oid, sum(e.delta) AS pts,
                sum(e.delta > 0) AS earns, e.factor AS factor, max(e.id) AS last_id
            FROM {source} k CROSS JOIN points_entry e ON e.customer_id = k.id
            WHERE e.order_id IS NOT NULL
            GROUP BY e.customer_id, e.order_id
        ),
        gone AS (
            SELECT l.customer_id AS cid, l.order_id AS oid, sum(-x.delta) AS g
            FROM {source} k CROSS JOIN points_entry l ON l.customer_id = k.id
            JOIN points_entry x ON x.source_id = l.id AND x.reason = 'expire'
            WHERE l.order_id IS NOT NULL AND l.delta > 0
            GROUP BY l.customer_id, l.order_id
        ),
        ord AS (
            SELECT o.id AS oid, o.customer_id AS cid, o.ordered_at AS at,
                CASE WHEN o.status IN ({statuses}){cur} AND o.paid > o.refunded
                    THEN {net_sql("o")} ELSE 0 END AS net,
                (c.birthday IS NOT NULL
                    AND substr(c.birthday, 6, 2) = substr(o.ordered_at, 6, 2)) AS bday
            FROM {source} k CROSS JOIN orders o ON o.customer_id = k.id
            JOIN customer c ON c.id = k.id
        ),
        merged AS MATERIALIZED (
            SELECT o.cid AS cid, o.oid AS oid, o.at AS at, o.net AS net, o.bday AS bday,
                coalesce(cr.pts, 0) AS pts, coalesce(g.g, 0) AS gone,
                coalesce(cr.earns, 0) AS earns,
                CASE WHEN cr.factor IS NOT NULL OR o.net <= 0 THEN cr.factor
                    ELSE {fresh} END AS factor
            FROM ord o LEFT JOIN carried cr ON cr.cid = o.cid AND cr.oid = o.oid
            LEFT JOIN gone g ON g.cid = o.cid AND g.oid = o.oid
            UNION ALL
            SELECT cr.cid, cr.oid, NULL, 0, 0, cr.pts, min(coalesce(g.g, 0), cr.pts), cr.earns,
                NULL
            FROM carried cr LEFT JOIN gone g ON g.cid = cr.cid AND g.oid = cr.oid
            WHERE cr.pts != coalesce(g.g, 0) AND NOT EXISTS
                (SELECT 1 FROM orders o WHERE o.id = cr.oid AND o.customer_id = cr.cid)
        )
        SELECT cid, oid, at, bday, pts, earns, factor,
            max(gone, {order_points_sql("net", "factor")}) AS due
        FROM merged
    """
    params: dict[str, Any] = {"rate": rules.rate_permille, "bday": rules.birthday_permille}
    return sql, params


def recompute_order_points(
    customer_ids: Iterable[int] | None, *, today: date, now: datetime
) -> LedgerChange:
    """Bring the ledger to what each order of these customers should carry (None: everyone).

    One entry per order whose due points differ from what it carries: `earn` for more,
    `refund` for less. Idempotent: a second run writes nothing. Orders that left a customer
    (undone, or now another customer's) are taken back from that customer.

    Earnings past their last day are expired first: what an order's points lost to expiry is
    what the ledger says expired, and a refund must not take lapsed points back again (nor a
    report count them as outstanding until then). An earning that is already past its last
    day when it is written (an import of old history) expires in the same change, before
    anything takes from it: it was never usable, so it neither shows in a balance nor pays
    a debt or a refund.
    """
    rules = get_rules()
    conn = _conn()
    if customer_ids is not None:
        customer_ids = list(customer_ids)
    with storage_errors(), db.atomic():
        expire_points(today=today, now=now, customer_ids=customer_ids)
        scope = _scope(customer_ids, "_loy_pts_ids")
        sql, params = _due_sql(scope, rules)
        before = _max_entry_id()
        conn.execute("DROP TABLE IF EXISTS temp._loy_due")
        conn.execute(
            f"CREATE TEMP TABLE _loy_due AS SELECT * FROM ({sql}) WHERE due != pts", params
        )
        expires = expires_sql("date(at)", rules)
        conn.execute(
            "INSERT INTO points_entry (customer_id, delta, reason, order_id, created_at, "
            "earned_on, expires_on, factor, note) "
            "SELECT cid, due - pts, CASE WHEN due > pts THEN 'earn' ELSE 'refund' END, oid, ?, "
            # An order's first earning counts on its order day; a later one (given back by
            # an undo, a higher amount) on the day it is written, so a report of a past month
            # never counts an order's points twice. Expiry stays that of the order day.
            "CASE WHEN due > pts THEN CASE WHEN earns > 0 THEN ? ELSE date(at) END END, "
            f"CASE WHEN due > pts THEN {expires} END, "
            "factor, CASE WHEN due > pts AND bday THEN 'birthday month' ELSE '' END "
            "FROM _loy_due ORDER BY cid, at, oid",
            (now, now.date().isoformat()),
        )
        conn.execute("DROP TABLE temp._loy_due")
        change, _ids = _written_since(before)
        _repay_own_refunds(before)
        # Earnings written already past their last day expire now, before _settle lets
        # anything else take from them. No balance is refreshed in between: _settle finds
        # the customers in debt by their balance from before this job.
        _write_expiries(
            _expired_lots_sql(None, written_after=True),
            {"today": today.isoformat(), "now": now, "after": before},
        )
        _settle(before)
    return change


def _repay_own_refunds(before: int) -> int:
    """An order's new earning (ids > before) first covers what its own refunds still owe.

    Points given back to an order (its refund undone, its amount restored) cancel the debt
    that order's refund left, even when they are already past their last day: the customer is
    back where they were before the refund. Otherwise the earning expired at once and the
    debt stayed. Returns the number of allocation rows written.
    """
    conn = _conn()
    rows = conn.execute(
        "SELECT n.id, n.delta, r.id, -r.delta - coalesce((SELECT sum(a.amount) "
        "FROM points_allocation a WHERE a.consumer_id = r.id), 0) "
        "FROM points_entry n JOIN points_entry r "
        "ON r.customer_id = n.customer_id AND r.order_id = n.order_id "
        "WHERE n.id > ? AND n.delta > 0 AND n.order_id IS NOT NULL "
        "AND r.id <= ? AND r.delta < 0 AND r.reason = ? ORDER BY n.id, r.id",
        (before, before, REFUND),
    ).fetchall()
    left: dict[int, int] = {}
    owed: dict[int, int] = {}
    out: list[tuple[int, int, int]] = []
    for lot_id, delta, refund_id, still_owed in rows:
        lot = left.setdefault(int(lot_id), int(delta))
        debt = owed.setdefault(int(refund_id), int(still_owed))
        take = min(lot, debt)
        if take > 0:
            out.append((int(lot_id), int(refund_id), take))
            left[int(lot_id)] -= take
            owed[int(refund_id)] -= take
    executemany("INSERT INTO points_allocation (lot_id, consumer_id, amount) VALUES (?, ?, ?)", out)
    return len(out)


# --- expiry ----------------------------------------------------------------------------


def _expired_lots_sql(scope: str | None, *, written_after: bool = False) -> str:
    """Earnings past their last day (before :today) with points left: (id, customer_id, left).

    For a scope (a few customers), the ledger is reached through each customer's rows, never
    by scanning every expired earning of the store. `written_after`: only the entries after
    :after (those a job has just written), reached by their ids.
    """
    if written_after:
        # "+": the range of ids, not the expiry index (every earning of the store that lapsed)
        source, day = "points_entry e", "e.id > :after AND +e.expires_on"
    elif scope:
        source = f"{scope} k CROSS JOIN points_entry e ON e.customer_id = k.id"
        day = "+e.expires_on"  # "+": not the expiry index, the customer's rows
    else:
        source, day = "points_entry e", "e.expires_on"
    return (
        "SELECT id, customer_id, left FROM (SELECT e.id AS id, e.customer_id AS customer_id, "
        "e.delta - coalesce((SELECT sum(a.amount) FROM points_allocation a "
        f"WHERE a.lot_id = e.id), 0) AS left FROM {source} "
        f"WHERE e.delta > 0 AND e.expires_on IS NOT NULL AND {day} < :today) "
        "WHERE left > 0"
    )


def _write_expiries(lots: str, params: dict[str, Any]) -> int:
    """Append an expire entry taking what is left of each earning `lots` selects (id,
    customer_id, left), with its allocation; balances are not refreshed. Returns the last
    entry id from before them."""
    conn = _conn()
    before = _max_entry_id()
    conn.execute(
        "INSERT INTO points_entry (customer_id, delta, reason, created_at, source_id) "
        f"SELECT customer_id, -left, 'expire', :now, id FROM ({lots}) ORDER BY customer_id, id",
        params,
    )
    conn.execute(
        "INSERT INTO points_allocation (lot_id, consumer_id, amount) "
        "SELECT source_id, id, -delta FROM points_entry WHERE id > ? AND reason = 'expire'",
        (before,),
    )
    return before


def expire_points(
    *, today: date, now: datetime, customer_ids: Iterable[int] | None = None
) -> LedgerChange:
    """Expire what is left of every earning whose last valid day is before `today`.

    Each earning is expired once (a unique index makes a second time impossible); an earning
    already used up is left alone.
    """
    with storage_errors(), db.atomic():
        scope = _scope(customer_ids, "_loy_exp_ids")
        before = _write_expiries(_expired_lots_sql(scope), {"today": today.isoformat(), "now": now})
        change, customers = _written_since(before)
        refresh_balances(customers)
    return change


def expiring_now(customer_id: int, *, today: date) -> int:
    """Points of a customer whose earnings are past their last day but not yet expired."""
    fill_id_table([customer_id], "_loy_exp1_ids")
    row = (
        _conn()
        .execute(
            f"SELECT coalesce(sum(left), 0) FROM ({_expired_lots_sql('_loy_exp1_ids')})",
            {"today": today.isoformat()},
        )
        .fetchone()
    )
    return int(row[0])


# --- redemption, adjustment ------------------------------------------------------------


def ledger_balance(customer_id: int) -> int:
    """SUM(ledger) of a customer (the truth the cached balance must equal)."""
    row = (
        _conn()
        .execute(
            "SELECT coalesce(sum(delta), 0) FROM points_entry WHERE customer_id = ?",
            (customer_id,),
        )
        .fetchone()
    )
    return int(row[0])


def redeem_points(
    customer_id: int, points: int, *, today: date, now: datetime, note: str = ""
) -> int:
    """Redeem points (oldest earnings first). Returns the ledger entry id.

    Earnings past their last day are expired first, so only usable points can be redeemed.

    Raises:
        ValidationError: points not a positive integer; note too long.
        RedemptionRefused: the balance is negative or too small; nothing was written.
        NotFound: no such customer.
    """
    errors: dict[str, str] = {}
    points = _points(errors, "points", points, positive=True)
    text = _note(errors, note, required=False)
    if errors:
        raise ValidationError(errors)
    with storage_errors(), db.atomic():
        _require_customer(customer_id)
        balance = ledger_balance(customer_id)
        if balance < 0:
            raise RedemptionRefused(customer_id, points, balance, NEGATIVE_BALANCE)
        available = balance - expiring_now(customer_id, today=today)
        if points > available:
            raise RedemptionRefused(customer_id, points, available, INSUFFICIENT)
        expire_points(today=today, now=now, customer_ids=[customer_id])
        before = _max_entry_id()
        cursor = _conn().execute(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at, note) "
            "VALUES (?, ?, 'redeem', ?, ?)",
            (customer_id, -points, now, text),
        )
        entry_id = int(cursor.lastrowid)
        _settle(before)
        if ledger_balance(customer_id) < 0:  # pragma: no cover - guarded above
            raise AssertionError("redemption below zero")
    return entry_id


def adjust_points(
    customer_id: int,
    delta: int,
    *,
    note: str,
    today: date,
    now: datetime,
    reason: str = ADJUST,
) -> int:
    """Add (or, negative, take away) points by hand, with a reason. Returns the entry id.

    A positive adjustment is an earning (it expires like one); a negative one takes from the
    oldest earnings first and may take the balance below zero.

    Raises:
        ValidationError: delta zero or not an integer; note (the reason) missing or too long.
        NotFound: no such customer.
    """
    errors: dict[str, str] = {}
    delta = _points(errors, "delta", delta, positive=False)
    text = _note(errors, note, required=True)
    if reason not in (ADJUST, BIRTHDAY):
        errors["reason"] = INVALID
    if errors:
        raise ValidationError(errors)
    rules = get_rules()
    with storage_errors(), db.atomic():
        _require_customer(customer_id)
        expire_points(today=today, now=now, customer_ids=[customer_id])
        before = _max_entry_id()
        earned = today if delta > 0 else None
        cursor = _conn().execute(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at, earned_on, "
            "expires_on, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                customer_id,
                delta,
                reason,
                now,
                earned,
                rules.expires_on(today) if earned else None,
                text,
            ),
        )
        entry_id = int(cursor.lastrowid)
        _settle(before)
    return entry_id


# --- referrals -------------------------------------------------------------------------


def set_referrer(customer_id: int, referrer_id: int | None, *, today: date, now: datetime) -> None:
    """Record who referred a customer (None: nobody). The referrer is rewarded once, when the
    customer has a completed purchase (at once if they already have one).

    Raises:
        ValidationError: {"referred_by": "invalid"} for oneself or an unknown customer;
            {"referred_by": "already_rewarded"} when the reward was already given (to a
            referrer who still exists).
        NotFound: no such customer.
    """
    with storage_errors(), db.atomic():
        _require_customer(customer_id)
        if referrer_id is not None:
            if (
                referrer_id == customer_id
                or not _conn()
                .execute("SELECT 1 FROM customer WHERE id = ?", (referrer_id,))
                .fetchone()
            ):
                raise ValidationError({"referred_by": INVALID})
            if _referred_along(referrer_id, customer_id):
                # A → B → A: the two would reward each other's first purchases.
                raise ValidationError({"referred_by": CIRCULAR})
        row = (
            _conn()
            .execute(
                "SELECT referred_by_id, referral_entry_id FROM customer_loyalty "
                "WHERE customer_id = ?",
                (customer_id,),
            )
            .fetchone()
        )
        if row and row[1] is not None and row[0] is not None and row[0] != referrer_id:
            raise ValidationError({"referred_by": "already_rewarded"})
        if row and row[1] is not None and row[0] is None:
            # The rewarded referrer was deleted, and their points with them: the customer is
            # nobody's referral now, and whoever is recorded next is rewarded as usual.
            _conn().execute(
                "UPDATE customer_loyalty SET referral_entry_id = NULL WHERE customer_id = ?",
                (customer_id,),
            )
        _conn().execute(
            "INSERT OR IGNORE INTO customer_loyalty (customer_id, tier_id) VALUES (?, ?)",
            (customer_id, base_tier().id),
        )
        _conn().execute(
            "UPDATE customer_loyalty SET referred_by_id = ? WHERE customer_id = ?",
            (referrer_id, customer_id),
        )
        award_referrals([customer_id], today=today, now=now)


def _referred_along(start: int, target: int) -> bool:
    """Does following "referred by" from `start` reach `target`?"""
    row = (
        _conn()
        .execute(
            "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT l.referred_by_id FROM up "
            "JOIN customer_loyalty l ON l.customer_id = up.id WHERE l.referred_by_id IS NOT NULL) "
            "SELECT 1 FROM up WHERE id = ?",
            (start, target),
        )
        .fetchone()
    )
    return row is not None


# Customers of temp._loy_ref_lost with an order that completed and was refunded or closed
# since. Orders change only through imports, each journalling the version it replaced (with
# the batch that wrote that version); an undo puts the older version back. So walking from an
# order's stored version back through the journal of the batch that wrote each version, to
# the batch that created it, visits exactly the versions that still stand: a completion an
# undo took away is not among them. Only orders some import updated are walked (batch_id is
# not created_batch_id), each step through the import_change_batch index; batch ids fall at
# every step, so the walk ends.
_ONCE_COMPLETED_SQL = """
    WITH RECURSIVE version(oid, cid, batch, created, status) AS (
        SELECT o.id, o.customer_id, o.batch_id, o.created_batch_id, o.status
        FROM temp._loy_ref_lost g JOIN orders o ON o.customer_id = g.cid
        WHERE o.batch_id IS NOT o.created_batch_id
        UNION
        SELECT v.oid, v.cid, c.before_json ->> '$.batch_id', v.created,
            c.before_json ->> '$.status'
        FROM version v JOIN import_change c ON c.batch_id = v.batch AND c.entity = 'order'
            AND c.action = 'update' AND c.row_id = v.oid
        WHERE v.status != 'completed' AND v.batch IS NOT v.created
            AND c.before_json ->> '$.batch_id' < v.batch
    )
    SELECT cid FROM version WHERE status = 'completed'
"""


def award_referrals(
    customer_ids: Iterable[int] | None, *, today: date, now: datetime
) -> LedgerChange:
    """Reward referrers of these customers (None: all) who now have a completed purchase.

    Each referred customer rewards their referrer once (customer_loyalty.referral_entry_id).
    A reward whose purchase is gone again (an undone import took the completion or the order
    away) is taken back by an opposite entry and may be given again when it completes.
    A purchase completed and later refunded keeps the reward: it did complete. An order
    refunded (or closed) before it ever completed keeps nothing: whether it completed is read
    from what the imports that still stand recorded of it (_ONCE_COMPLETED_SQL), not from its
    status alone.
    """
    rules = get_rules()
    conn = _conn()
    with storage_errors(), db.atomic():
        scope = _scope(customer_ids, "_loy_ref_ids")
        source = (
            f"{scope} k CROSS JOIN customer_loyalty l ON l.customer_id = k.id"
            if scope
            else ("customer_loyalty l")
        )
        # Rewards whose referred customer has no completed order now; of those, the ones with
        # an order that completed before it was refunded or closed keep their reward.
        conn.execute("DROP TABLE IF EXISTS temp._loy_ref_lost")
        conn.execute(
            "CREATE TEMP TABLE _loy_ref_lost AS SELECT l.customer_id AS cid, "
            "e.customer_id AS referrer, e.id AS reward "
            f"FROM {source} JOIN points_entry e ON e.id = l.referral_entry_id "
            "WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = l.customer_id "
            "AND o.status = 'completed')"
        )
        lost = conn.execute("SELECT 1 FROM temp._loy_ref_lost LIMIT 1").fetchone() is not None
        if lost:
            conn.execute(f"DELETE FROM temp._loy_ref_lost WHERE cid IN ({_ONCE_COMPLETED_SQL})")
            # As for an order's points: a reward past its last day expires first, and only
            # what did not lapse is taken back (the lapsed points were lost once already; taking
            # them again would take the referrer's newer points, and the result would depend
            # on whether the expiry ran first).
            referrers = [r[0] for r in conn.execute("SELECT referrer FROM temp._loy_ref_lost")]
            if referrers:
                expire_points(today=today, now=now, customer_ids=referrers)
        before = _max_entry_id()
        conn.execute(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at, referred_id, "
            "note) SELECT referrer, -held, 'referral', ?, cid, ? FROM (SELECT g.cid, "
            "g.referrer, e.delta - coalesce((SELECT sum(-x.delta) FROM points_entry x "
            "WHERE x.source_id = e.id AND x.reason = 'expire'), 0) AS held "
            "FROM temp._loy_ref_lost g JOIN points_entry e ON e.id = g.reward) "
            "WHERE held > 0 ORDER BY cid",
            (now, REFERRAL_TAKEN_BACK),
        )
        # Every lost reward is unlinked (also one that lapsed whole): given again if the
        # purchase completes again.
        conn.execute(
            "UPDATE customer_loyalty SET referral_entry_id = NULL "
            "WHERE customer_id IN (SELECT cid FROM temp._loy_ref_lost)"
        )
        conn.execute("DROP TABLE temp._loy_ref_lost")
        if rules.referral_points > 0:
            conn.execute(
                "INSERT INTO points_entry (customer_id, delta, reason, created_at, earned_on, "
                "expires_on, referred_id) "
                "SELECT l.referred_by_id, ?, 'referral', ?, ?, ?, l.customer_id "
                f"FROM {source} WHERE l.referred_by_id IS NOT NULL "
                "AND l.referral_entry_id IS NULL AND EXISTS (SELECT 1 FROM orders o "
                "WHERE o.customer_id = l.customer_id AND o.status = 'completed') "
                "ORDER BY l.customer_id",
                (rules.referral_points, now, today, rules.expires_on(today)),
            )
            conn.execute(
                "UPDATE customer_loyalty SET referral_entry_id = e.id FROM points_entry e "
                "WHERE e.id > ? AND e.reason = 'referral' AND e.delta > 0 "
                "AND e.referred_id = customer_loyalty.customer_id",
                (before,),
            )
        change, _customers = _written_since(before)
        _settle(before)
    return change
