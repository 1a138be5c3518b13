"""Membership tiers: evaluation by spend (bulk SQL), overrides, tier editing, explanations.

Spend (DESIGN §4) = net of purchases (paid, shipped, completed) in the store currency dated
within the last 365 days (`today − order date < 365 days`). The tier a customer earns is the
highest whose threshold the spend reaches; with downgrades off it never drops below the tier
earned before (customer_loyalty.earned_tier_id, the floor). An active manual override wins
until its end date. A customer without a customer_loyalty row is in the base tier (the tier
at threshold 0).

The floor is the one figure an import changes that its rows do not show: an evaluation made
for an import journals the floor it replaced with that import (FLOOR_JOURNAL), and undoing
the import puts it back (restore_tier_floors), so a spend that never was is not kept as if
downgrades had held it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from desktop_crm.db import db, storage_errors
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.services.currency import counted_sql, net_sql
from desktop_crm.services.importing.records import PURCHASE_STATUSES
from desktop_crm.services.loyalty_rules import (
    INVALID,
    MAX_FACTOR,
    OUT_OF_RANGE,
    REQUIRED,
    TOO_LONG,
    TOO_PRECISE,
    from_permille,
    get_rules,
    to_permille,
)
from desktop_crm.services.names import name_key
from desktop_crm.services.settings import store_currency
from desktop_crm.services.totals import fill_id_table
from desktop_crm.services.words import tier_label

SPEND_DAYS = 365
MAX_NAME = 100
MAX_BENEFITS = 4000
MAX_REASON = 500
MAX_THRESHOLD = 10**15

# Message codes (besides those of loyalty_rules).
NOT_UNIQUE = "not_unique"
NEED_BASE = "need_base"  # at least one tier must start at threshold 0
IN_PAST = "in_past"

# The interface languages the program ships (as reports/monthly.py writes them): a tier's name
# is shown in each, the default tiers' translated (words.tier_label).
LANGUAGES = ("en", "zh_CN")

_PURCHASE_SQL = "(" + ", ".join(f"'{s}'" for s in PURCHASE_STATUSES) + ")"

# The import journal's entity for a tier floor an import's evaluation changed (row_id: the
# customer; before_json: {"earned_tier_id": the floor before, or null}).
FLOOR_JOURNAL = "tier_floor"


@dataclass(frozen=True, slots=True)
class TierInfo:
    """One tier as the settings page and reports show it."""

    id: int
    name: str
    rank: int
    threshold: int  # minor units of spend over the last 365 days
    multiplier: str  # decimal text, e.g. "1.5"
    multiplier_permille: int
    benefits: str


@dataclass(slots=True)
class TierInput:
    """What the merchant types into the tier form."""

    name: str
    threshold: int  # minor units
    multiplier: str | Decimal | int = "1"
    benefits: str = ""


@dataclass(frozen=True, slots=True)
class TierExplanation:
    """The numbers behind "¥6,240 spent in the last 12 months; Gold from ¥5,000; ¥13,760
    more for Diamond". Money in minor units of `currency`."""

    customer_id: int
    today: date
    currency: str | None
    spend: int
    tier_id: int  # the tier in force
    tier_name: str
    tier_threshold: int
    spend_tier_id: int  # the tier the spend alone gives
    spend_tier_name: str
    next_tier_name: str | None  # the tier above the one in force, if any
    next_threshold: int | None
    to_next: int | None  # spend still needed for the next tier (0 when already reached)
    override_active: bool
    override_reason: str | None
    override_until: date | None
    downgrades: bool
    held_by_no_downgrade: bool  # in force only because downgrades are off


@dataclass(frozen=True, slots=True)
class TierHistoryLine:
    """One recorded tier change."""

    changed_at: datetime
    from_name: str
    to_name: str
    spend: int | None
    reason: str
    manual: bool


def list_tiers() -> list[TierInfo]:
    """Every tier, lowest threshold first."""
    rows = db.execute_sql(
        "SELECT id, name, rank, threshold, multiplier, benefits FROM tier ORDER BY threshold"
    ).fetchall()
    return [
        TierInfo(int(i), n, int(r), int(t), from_permille(int(m)), int(m), b)
        for i, n, r, t, m, b in rows
    ]


def base_tier() -> TierInfo:
    """The tier everybody starts in (threshold 0)."""
    return list_tiers()[0]


def spend_start(today: date) -> date:
    """The first order date that counts for spend on `today` (today − date < 365 days)."""
    return today - timedelta(days=SPEND_DAYS - 1)


def _spend_sql(scope: str | None, today: date) -> tuple[str, dict[str, Any]]:
    """SELECT customer_id, spend over the last 365 days (customers with purchases only)."""
    cur = f" AND {counted_sql('o')}"
    # A scope is walked customer by customer (the orders_customer_date index), never by
    # scanning a year of every customer's orders.
    source = f"{scope} k CROSS JOIN orders o ON o.customer_id = k.id" if scope else "orders o"
    sql = (
        f"SELECT o.customer_id AS customer_id, sum({net_sql('o')}) AS spend FROM {source} "
        f"WHERE o.customer_id IS NOT NULL AND o.ordered_at >= :spend_start "
        f"AND o.status IN {_PURCHASE_SQL}{cur} GROUP BY o.customer_id"
    )
    return sql, {"spend_start": spend_start(today).isoformat()}


def _case(expr: str, mapping: dict[int, int], default: str = "NULL") -> str:
    whens = " ".join(f"WHEN {int(k)} THEN {int(v)}" for k, v in mapping.items())
    return f"(CASE {expr} {whens} ELSE {default} END)" if whens else default


def _evaluation_sql(scope: str | None, today: date) -> tuple[str, dict[str, Any]]:
    """SELECT per customer in scope: old and new tier, earned floor, override state, spend."""
    tiers = list_tiers()
    base = tiers[0]
    rules = get_rules()
    rank = {t.id: t.rank for t in tiers}
    whens = " ".join(
        f"WHEN s.spend >= {t.threshold} THEN {t.id}" for t in reversed(tiers) if t.threshold > 0
    )
    spend_tier = f"(CASE {whens} ELSE {base.id} END)" if whens else str(base.id)
    if rules.downgrades:
        earned = spend_tier
    else:
        # The floor: the tier earned before (if it still exists) when it ranks higher.
        earned = (
            f"(CASE WHEN {_case('l.earned_tier_id', rank, '-1')} > {_case(spend_tier, rank)} "
            f"THEN l.earned_tier_id ELSE {spend_tier} END)"
        )
    spend_sql, params = _spend_sql(scope, today)
    active = "(ov IS NOT NULL AND (ov_until IS NULL OR ov_until >= :today))"
    sql = f"""
        SELECT cid, spend, has_row, old_tier, old_earned, new_earned,
            CASE WHEN {active} THEN ov ELSE new_earned END AS new_tier,
            {active} AS override_active, (ov IS NOT NULL AND ov_until < :today) AS override_ended,
            ov_reason
        FROM (
            SELECT c.id AS cid, coalesce(s.spend, 0) AS spend,
                l.customer_id IS NOT NULL AS has_row, coalesce(l.tier_id, {base.id}) AS old_tier,
                l.earned_tier_id AS old_earned, {earned} AS new_earned,
                l.override_tier_id AS ov, l.override_until AS ov_until,
                l.override_reason AS ov_reason
            FROM {scope or "customer"} c LEFT JOIN ({spend_sql}) s ON s.customer_id = c.id
            LEFT JOIN customer_loyalty l ON l.customer_id = c.id
        )
    """
    return sql, {**params, "today": today.isoformat()}


def evaluate_tiers(
    customer_ids: Iterable[int] | None,
    *,
    today: date,
    now: datetime | None = None,
    batch_id: int | None = None,
) -> int:
    """Bring the tiers of these customers (None: everyone) to what the rules give today.

    Every change is recorded in tier_change with its reason. An override whose end date has
    passed is removed, and the customer falls back to the tier the rules give.

    Args:
        batch_id: the import whose changed orders this evaluation follows: the floors it
            changes are journalled with that import, for its undo (restore_tier_floors).

    Returns:
        How many customers changed tier.
    """
    stamp = now or datetime.combine(today, time.min)
    conn = db.connection()
    scope = None
    if customer_ids is not None:
        fill_id_table(customer_ids, "_loy_tier_ids")
        scope = "_loy_tier_ids"
    sql, params = _evaluation_sql(scope, today)
    base = base_tier()
    with storage_errors(), db.atomic():
        conn.execute("DROP TABLE IF EXISTS temp._loy_eval")
        conn.execute(
            f"CREATE TEMP TABLE _loy_eval AS SELECT * FROM ({sql}) WHERE "
            f"old_tier != new_tier OR old_earned IS NOT new_earned OR override_ended",
            params,
        )
        # Customers without a row whose rules-tier is the base need none.
        conn.execute(
            f"DELETE FROM _loy_eval WHERE NOT has_row AND new_tier = {base.id} "
            f"AND new_earned = {base.id}"
        )
        changed = conn.execute(
            "INSERT INTO tier_change (customer_id, from_tier_id, to_tier_id, from_name, to_name, "
            "changed_at, spend, currency, reason, manual) "
            "SELECT e.cid, e.old_tier, e.new_tier, coalesce(f.name, ''), t.name, :stamp, e.spend, "
            ":currency, "
            "CASE WHEN e.override_active THEN 'override: ' || coalesce(e.ov_reason, '') "
            "ELSE (CASE WHEN e.override_ended THEN 'override ended; ' ELSE '' END) || "
            "printf('spend %,d.%02d in the 365 days to %s; %s from %,d.%02d', "
            "e.spend / 100, abs(e.spend) % 100, :today, t.name, "
            "t.threshold / 100, t.threshold % 100) "
            "|| CASE WHEN e.new_tier != e.new_earned OR e.new_earned IS NULL THEN '' "
            "WHEN e.spend < t.threshold THEN ' (downgrades off)' ELSE '' END END, "
            "e.override_active FROM _loy_eval e JOIN tier t ON t.id = e.new_tier "
            "LEFT JOIN tier f ON f.id = e.old_tier WHERE e.old_tier != e.new_tier ORDER BY e.cid",
            {"stamp": stamp, "today": today.isoformat(), "currency": store_currency()},
        ).rowcount
        if batch_id is not None:
            # Customers the import created leave with its undo: nothing to put back for them.
            conn.execute(
                "INSERT INTO import_change (batch_id, entity, row_id, action, before_json) "
                "SELECT :batch, :entity, e.cid, 'update', "
                "json_object('earned_tier_id', e.old_earned) FROM _loy_eval e "
                "JOIN customer c ON c.id = e.cid WHERE e.old_earned IS NOT e.new_earned "
                "AND c.created_batch_id IS NOT :batch ORDER BY e.cid",
                {"batch": batch_id, "entity": FLOOR_JOURNAL},
            )
        conn.execute(
            "INSERT INTO customer_loyalty (customer_id, tier_id, earned_tier_id) "
            "SELECT cid, new_tier, new_earned FROM _loy_eval WHERE NOT has_row"
        )
        conn.execute(
            "UPDATE customer_loyalty SET tier_id = e.new_tier, earned_tier_id = e.new_earned, "
            "override_tier_id = CASE WHEN e.override_ended THEN NULL ELSE override_tier_id END, "
            "override_reason = CASE WHEN e.override_ended THEN NULL ELSE override_reason END, "
            "override_until = CASE WHEN e.override_ended THEN NULL ELSE override_until END "
            "FROM _loy_eval e WHERE e.has_row AND customer_loyalty.customer_id = e.cid"
        )
        conn.execute("DROP TABLE temp._loy_eval")
    return int(changed)


# The journal entry whose "before" is the floor an undone import puts back, per customer: its
# own first one, or, when the floor it recorded came from earlier imports undone since it was
# made, the first entry of the earliest of those (their floors went with them). An import
# undone before this one was made is not looked past: this one recorded the floor it left.
# One scan of the floor entries (import_change has no index by row), at an undo only.
_FLOOR_BEFORE_SQL = """
    WITH mine AS (SELECT started_at FROM import_batch WHERE id = ?1),
    e AS (
        SELECT j.id, j.row_id, j.batch_id,
            (j.batch_id = ?1 OR b.undone_at >= (SELECT started_at FROM mine)) AS gone
        FROM import_change j JOIN import_batch b ON b.id = j.batch_id
        WHERE j.entity = ?2 AND j.action = 'update' AND j.batch_id <= ?1
          AND j.row_id IN (SELECT row_id FROM import_change WHERE batch_id = ?1 AND entity = ?2)
    ),
    kept AS (
        SELECT row_id, max(CASE WHEN gone THEN 0 ELSE batch_id END) AS last FROM e
        GROUP BY row_id
    )
    SELECT min(e.id) FROM e JOIN kept USING (row_id) WHERE e.batch_id > kept.last
    GROUP BY e.row_id
"""


def restore_tier_floors(batch_id: int) -> list[int]:
    """Put back the tier floors an undone import's evaluation changed; returns the customers
    whose floor changed (to be evaluated again).

    Each goes back to the floor it had before the import (and before the imports undone
    since that had raised it: _FLOOR_BEFORE_SQL), or stays where it is when that is lower:
    an undo never raises a floor (the import's evaluation may have lowered it, or a later
    one, with downgrades on). A floor whose tier was removed since is no floor: the spend
    decides.
    """
    conn = db.connection()
    with storage_errors(), db.atomic():
        conn.execute("DROP TABLE IF EXISTS temp._loy_floor")
        conn.execute(
            "CREATE TEMP TABLE _loy_floor AS SELECT cid, floor FROM ("
            "SELECT l.customer_id AS cid, l.earned_tier_id AS earned, "
            "CASE WHEN bt.id IS NULL OR ct.id IS NULL THEN NULL "
            "WHEN bt.rank < ct.rank THEN bt.id ELSE ct.id END AS floor "
            "FROM import_change j JOIN customer_loyalty l ON l.customer_id = j.row_id "
            "LEFT JOIN tier bt ON bt.id = j.before_json ->> '$.earned_tier_id' "
            "LEFT JOIN tier ct ON ct.id = l.earned_tier_id "
            f"WHERE j.id IN ({_FLOOR_BEFORE_SQL})"
            ") WHERE floor IS NOT earned",
            (batch_id, FLOOR_JOURNAL),
        )
        conn.execute(
            "UPDATE customer_loyalty SET earned_tier_id = f.floor FROM temp._loy_floor f "
            "WHERE customer_loyalty.customer_id = f.cid"
        )
        ids = [int(r[0]) for r in conn.execute("SELECT cid FROM temp._loy_floor ORDER BY cid")]
        conn.execute("DROP TABLE temp._loy_floor")
    return ids


def count_wrong_tiers(*, today: date) -> int:
    """Customers whose cached tier differs from what the rules give today (for `check`)."""
    sql, params = _evaluation_sql(None, today)
    return int(
        db.execute_sql(
            f"SELECT count(*) FROM ({sql}) WHERE old_tier != new_tier", params
        ).fetchone()[0]
    )


def multiplier_at_sql(customer: str, at: str, base_multiplier: int) -> str:
    """SQL for the multiplier (per-mille) of the tier `customer` held at time `at`.

    The tier held is the one set by the latest recorded change at or before `at`; before any
    change, the base tier. A tier deleted since counts as the base tier.
    """
    return (
        f"coalesce((SELECT coalesce(t.multiplier, {int(base_multiplier)}) FROM tier_change tc "
        f"LEFT JOIN tier t ON t.id = tc.to_tier_id WHERE tc.customer_id = {customer} "
        f"AND tc.changed_at <= {at} ORDER BY tc.changed_at DESC, tc.id DESC LIMIT 1), "
        f"{int(base_multiplier)})"
    )


def tier_at(customer_id: int, at: datetime) -> str:
    """The name of the tier a customer held at `at` (from the recorded changes)."""
    row = db.execute_sql(
        "SELECT tc.to_name FROM tier_change tc WHERE tc.customer_id = ? AND tc.changed_at <= ? "
        "ORDER BY tc.changed_at DESC, tc.id DESC LIMIT 1",
        (customer_id, at),
    ).fetchone()
    return str(row[0]) if row else base_tier().name


# --- overrides -------------------------------------------------------------------------


def _require_customer(customer_id: int) -> None:
    if not db.execute_sql("SELECT 1 FROM customer WHERE id = ?", (customer_id,)).fetchone():
        raise NotFound(f"Customer {customer_id} does not exist.")


def _ensure_row(customer_id: int) -> None:
    db.execute_sql(
        "INSERT OR IGNORE INTO customer_loyalty (customer_id, tier_id) VALUES (?, ?)",
        (customer_id, base_tier().id),
    )


def set_tier_override(
    customer_id: int,
    tier_id: int,
    *,
    reason: str,
    until: date | None,
    today: date,
    now: datetime,
) -> None:
    """Put a customer in a tier by hand, with a reason, until `until` (None: until removed).

    Raises:
        ValidationError: reason missing or too long, unknown tier, end date in the past.
        NotFound: no such customer.
    """
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = REQUIRED
    elif len(reason) > MAX_REASON:
        errors["reason"] = TOO_LONG
    if not db.execute_sql("SELECT 1 FROM tier WHERE id = ?", (tier_id,)).fetchone():
        errors["tier"] = INVALID
    if until is not None and until < today:
        errors["until"] = IN_PAST
    if errors:
        raise ValidationError(errors)
    with storage_errors(), db.atomic():
        _require_customer(customer_id)
        _ensure_row(customer_id)
        db.execute_sql(
            "UPDATE customer_loyalty SET override_tier_id = ?, override_reason = ?, "
            "override_until = ? WHERE customer_id = ?",
            (tier_id, reason, until, customer_id),
        )
        evaluate_tiers([customer_id], today=today, now=now)


def clear_tier_override(customer_id: int, *, today: date, now: datetime) -> None:
    """Remove a manual tier: the customer gets the tier the rules give."""
    with storage_errors(), db.atomic():
        _require_customer(customer_id)
        db.execute_sql(
            "UPDATE customer_loyalty SET override_tier_id = NULL, override_reason = NULL, "
            "override_until = NULL WHERE customer_id = ?",
            (customer_id,),
        )
        evaluate_tiers([customer_id], today=today, now=now)


# --- reading ---------------------------------------------------------------------------


def customer_spend(customer_id: int, *, today: date) -> int:
    """Spend over the last 365 days (minor units)."""
    sql, params = _spend_sql(None, today)
    row = db.execute_sql(
        f"SELECT spend FROM ({sql}) WHERE customer_id = :cid", {**params, "cid": customer_id}
    ).fetchone()
    return int(row[0]) if row else 0


def tier_explanation(customer_id: int, today: date) -> TierExplanation:
    """The numbers to word "¥6,240 spent in the last 12 months; Gold from ¥5,000; …"."""
    _require_customer(customer_id)
    tiers = list_tiers()
    by_id = {t.id: t for t in tiers}
    rules = get_rules()
    spend = customer_spend(customer_id, today=today)
    row = db.execute_sql(
        "SELECT tier_id, override_tier_id, override_reason, override_until "
        "FROM customer_loyalty WHERE customer_id = ?",
        (customer_id,),
    ).fetchone()
    tier = by_id.get(int(row[0])) if row else None
    tier = tier or tiers[0]
    spend_tier = [t for t in tiers if t.threshold <= spend][-1]
    until = date.fromisoformat(str(row[3])) if row and row[3] else None
    active = bool(
        row and row[1] is not None and (until is None or until >= today) and row[1] == tier.id
    )
    above = [t for t in tiers if t.threshold > tier.threshold]
    nxt = above[0] if above else None
    return TierExplanation(
        customer_id=customer_id,
        today=today,
        currency=store_currency(),
        spend=spend,
        tier_id=tier.id,
        tier_name=tier.name,
        tier_threshold=tier.threshold,
        spend_tier_id=spend_tier.id,
        spend_tier_name=spend_tier.name,
        next_tier_name=nxt.name if nxt else None,
        next_threshold=nxt.threshold if nxt else None,
        to_next=max(0, nxt.threshold - spend) if nxt else None,
        override_active=active,
        override_reason=str(row[2]) if active and row else None,
        override_until=until if active else None,
        downgrades=rules.downgrades,
        held_by_no_downgrade=not active and tier.threshold > spend_tier.threshold,
    )


def tier_history(customer_id: int) -> list[TierHistoryLine]:
    """A customer's tier changes, newest first."""
    rows = db.execute_sql(
        "SELECT changed_at, from_name, to_name, spend, reason, manual FROM tier_change "
        "WHERE customer_id = ? ORDER BY changed_at DESC, id DESC",
        (customer_id,),
    ).fetchall()
    return [
        TierHistoryLine(
            _dt(r[0]), r[1], r[2], None if r[3] is None else int(r[3]), r[4], bool(r[5])
        )
        for r in rows
    ]


def _dt(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def tier_counts(today: date | None = None) -> dict[str, int]:
    """{tier name: customers}, lowest tier first; every customer counts in exactly one tier.

    Without `today`, the tiers as last evaluated (cached). With `today`, the tiers an
    evaluation on that day would give (read-only: for figures that depend only on the
    database and the day, such as `stats --json`).
    """
    tiers = list_tiers()
    counts = {t.name: 0 for t in tiers}
    names = {t.id: t.name for t in tiers}
    if today is not None:
        sql, params = _evaluation_sql(None, today)
        rows = db.execute_sql(
            f"SELECT new_tier, count(*) FROM ({sql}) GROUP BY new_tier", params
        ).fetchall()
        for tier_id, n in rows:
            counts[names[int(tier_id)]] += int(n)
        return counts
    for tier_id, n in db.execute_sql(
        "SELECT tier_id, count(*) FROM customer_loyalty GROUP BY tier_id"
    ).fetchall():
        counts[names[int(tier_id)]] += int(n)
    without_row = db.execute_sql(
        "SELECT (SELECT count(*) FROM customer) - (SELECT count(*) FROM customer_loyalty)"
    ).fetchone()[0]
    counts[tiers[0].name] += int(without_row)
    return counts


def customers_in_tier(tier_id: int) -> list[int]:
    """Ids of the customers in a tier (for exports and lists)."""
    base = base_tier()
    if tier_id == base.id:
        sql = (
            "SELECT c.id FROM customer c LEFT JOIN customer_loyalty l ON l.customer_id = c.id "
            "WHERE coalesce(l.tier_id, ?) = ? ORDER BY c.id"
        )
        rows = db.execute_sql(sql, (base.id, tier_id)).fetchall()
    else:
        rows = db.execute_sql(
            "SELECT customer_id FROM customer_loyalty WHERE tier_id = ? ORDER BY customer_id",
            (tier_id,),
        ).fetchall()
    return [int(r[0]) for r in rows]


def tier_by_name(name: str) -> TierInfo | None:
    """A tier by its name (case-insensitive), e.g. for `export customers --tier NAME`."""
    for t in list_tiers():
        if name_key(t.name) == name_key(name):
            return t
    return None


# --- editing tiers ---------------------------------------------------------------------


def tier_name_keys(name: str) -> frozenset[tuple[str, str]]:
    """(language, key) of a name as each shipped language shows it, folded as name_key folds
    (spaces, case, width). Two tiers whose keys meet would show the same name in a language:
    Silver renamed 金卡会员 and Gold, which Chinese shows as 金卡会员."""
    shown = name.strip()  # as it would be stored
    return frozenset((language, name_key(tier_label(shown, language))) for language in LANGUAGES)


def validate_tier(data: TierInput, tier_id: int | None = None) -> dict[str, str]:
    """Field -> message code for a tier form (empty when it can be saved)."""
    errors: dict[str, str] = {}
    name = (data.name or "").strip()
    others = [t for t in list_tiers() if t.id != tier_id]
    if not name:
        errors["name"] = REQUIRED
    elif len(name) > MAX_NAME:
        errors["name"] = TOO_LONG
    elif any(tier_name_keys(t.name) & tier_name_keys(name) for t in others):
        errors["name"] = NOT_UNIQUE
    threshold = data.threshold
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        errors["threshold"] = INVALID
    elif threshold < 0 or threshold > MAX_THRESHOLD:
        errors["threshold"] = OUT_OF_RANGE
    elif any(t.threshold == threshold for t in others):
        errors["threshold"] = NOT_UNIQUE
    elif threshold != 0 and not any(t.threshold == 0 for t in others):
        errors["threshold"] = NEED_BASE
    try:
        m = Decimal(str(data.multiplier).strip())
        if not m.is_finite():
            errors["multiplier"] = INVALID
        elif m <= 0 or m > MAX_FACTOR:
            errors["multiplier"] = OUT_OF_RANGE
        elif m != m.quantize(Decimal("0.001")):
            errors["multiplier"] = TOO_PRECISE
    except ArithmeticError:
        errors["multiplier"] = INVALID
    if len(data.benefits or "") > MAX_BENEFITS:
        errors["benefits"] = TOO_LONG
    return errors


def _rerank() -> None:
    db.execute_sql(
        "UPDATE tier SET rank = r.n FROM (SELECT id, row_number() OVER (ORDER BY threshold) - 1 "
        "AS n FROM tier) r WHERE r.id = tier.id AND tier.rank != r.n"
    )


def save_tier_row(
    data: TierInput, tier_id: int | None = None, *, today: date, now: datetime
) -> int:
    """Create (tier_id None) or change a tier; then every customer's tier is re-evaluated.

    The tier half of loyalty.save_tier (which also re-prices orders not yet earning).

    Raises:
        ValidationError: errors maps fields (name, threshold, multiplier, benefits) to codes.
        NotFound: no such tier.
    """
    with storage_errors(), db.atomic():
        tier_id = _write_tier(data, tier_id)
        _rerank()
        # Names recorded in the history stay as they were when the change happened.
        evaluate_tiers(None, today=today, now=now)
    return tier_id


def _write_tier(data: TierInput, tier_id: int | None) -> int:
    """Validate one tier against the stored others and write it (no re-ranking, no
    re-evaluation). Returns its id."""
    errors = validate_tier(data, tier_id)
    if errors:
        raise ValidationError(errors)
    values = (
        data.name.strip(),
        int(data.threshold),
        to_permille(str(data.multiplier).strip()),
        (data.benefits or "").strip(),
    )
    if tier_id is None:
        cursor = db.execute_sql(
            "INSERT INTO tier (name, rank, threshold, multiplier, benefits) VALUES (?, 0, ?, ?, ?)",
            (values[0], values[1], values[2], values[3]),
        )
        return int(cursor.lastrowid)
    if not db.execute_sql(
        "UPDATE tier SET name = ?, threshold = ?, multiplier = ?, benefits = ? WHERE id = ?",
        (*values, tier_id),
    ).rowcount:
        raise NotFound(f"Tier {tier_id} does not exist.")
    return tier_id


class TierRowInvalid(ValidationError):
    """One tier of a table being saved cannot be saved; `row` is its index in the table."""

    def __init__(self, row: int, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.row = row


def save_tier_rows(
    rows: list[tuple[int | None, TierInput]], *, today: date, now: datetime
) -> list[int]:
    """Save several tiers as one change (the Settings table): every customer is re-evaluated
    once, against the final table only.

    Thresholds and names may move between tiers (Silver 1,000 → 5,000 while Gold 5,000 →
    8,000): changed tiers are first set aside, then written, so only the final table must be
    free of clashes. Returns the ids in the order of `rows`.

    Raises:
        TierRowInvalid: a row's fields, or a clash in the final table; nothing is saved.
    """
    ids: list[int] = [0] * len(rows)
    with storage_errors(), db.atomic():
        moved = [tid for tid, _data in rows if tid is not None]
        if moved:
            # Aside: a name no one types and a threshold beyond what may be typed (never
            # seen: the transaction ends with every row written back or rolled back).
            marks = ",".join("?" * len(moved))
            db.execute_sql(
                f"UPDATE tier SET name = char(1) || id, threshold = ? + id WHERE id IN ({marks})",
                [MAX_THRESHOLD, *moved],
            )
        # The base tier first, so the others find it; then by threshold.
        order = sorted(range(len(rows)), key=lambda i: (_as_threshold(rows[i][1]), i))
        for i in order:
            tier_id, data = rows[i]
            try:
                ids[i] = _write_tier(data, tier_id)
            except ValidationError as exc:
                raise TierRowInvalid(i, exc.errors) from None
        _rerank()
        evaluate_tiers(None, today=today, now=now)
    return ids


def _as_threshold(data: TierInput) -> int:
    value = data.threshold
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def delete_tier_row(tier_id: int, *, today: date, now: datetime) -> None:
    """Remove a tier. Its members move to the tier below, then everyone is re-evaluated.

    The tier half of loyalty.delete_tier.

    Raises:
        ValidationError: {"tier": "need_base"} for the base tier (threshold 0).
        NotFound: no such tier.
    """
    tiers = list_tiers()
    doomed = next((t for t in tiers if t.id == tier_id), None)
    if doomed is None:
        raise NotFound(f"Tier {tier_id} does not exist.")
    if doomed.threshold == 0:
        raise ValidationError({"tier": NEED_BASE})
    below = [t for t in tiers if t.threshold < doomed.threshold][-1]
    with storage_errors(), db.atomic():
        db.execute_sql(
            "INSERT INTO tier_change (customer_id, from_tier_id, to_tier_id, from_name, to_name, "
            "changed_at, reason, manual) SELECT customer_id, ?, ?, ?, ?, ?, ?, 0 "
            "FROM customer_loyalty WHERE tier_id = ? ORDER BY customer_id",
            (
                doomed.id,
                below.id,
                doomed.name,
                below.name,
                now,
                f"tier {doomed.name} removed",
                doomed.id,
            ),
        )
        db.execute_sql(
            "UPDATE customer_loyalty SET tier_id = ? WHERE tier_id = ?", (below.id, doomed.id)
        )
        db.execute_sql(
            "UPDATE customer_loyalty SET earned_tier_id = ? WHERE earned_tier_id = ?",
            (below.id, doomed.id),
        )
        db.execute_sql(
            "UPDATE customer_loyalty SET override_tier_id = NULL, override_reason = NULL, "
            "override_until = NULL WHERE override_tier_id = ?",
            (doomed.id,),
        )
        db.execute_sql("DELETE FROM tier WHERE id = ?", (doomed.id,))
        _rerank()
        evaluate_tiers(None, today=today, now=now)
