"""Membership tiers: evaluation by spend (bulk SQL), overrides, tier editing, explanations.

Spend (DESIGN §4) = net of purchases (paid, shipped, completed) in the store currency dated
within the last 365 days (`today − order date < 365 days`). The tier a customer earns is the
highest whose threshold the spend reaches; with downgrades off it never drops below the tier
earned before (customer_loyalty.earned_tier_id, the floor). An active manual override wins
until its end date. A customer without a customer_loyalty row is in the base tier (the tier
at threshold 0).

The floor is the one figure an import changes that its rows do not show: an evaluation made
for an import journals, per customer, the floor it found and the spend it saw split by the
import behind each order (FLOOR_JOURNAL). Undoing imports replays that journal without them
(restore_tier_floors), so a spend that never was is not kept as if downgrades had held it,
whatever the order of the undos; an unmerge replays the kept customer's own journal the same
way (restore_unmerged_floor).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from desktop_crm.db import db, executemany, storage_errors
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
from desktop_crm.services.money import typed_number
from desktop_crm.services.names import name_key
from desktop_crm.services.settings import store_currency
from desktop_crm.services.text import typed_text
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

# The import journal's entity for what an import's evaluation saw of a customer (row_id: the
# customer; before_json: {"earned_tier_id": the floor before, or null; "spend": {import id,
# "0" for none: net of its orders in the window}; "downgrades": true when they were allowed}).
# Written when the floor changed or the spend reached a tier above the base; entries of older
# versions have no "spend" and justify nothing but the floor they found.
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
    currency: str | None = None  # the store currency the spend was measured in


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


def _spend_parts_sql(scope: str, today: date) -> tuple[str, dict[str, Any]]:
    """SELECT customer_id, spend, parts: the spend of _spend_sql with, in `parts`, a JSON
    object of it by the import that last wrote each order ("0": none)."""
    cur = f" AND {counted_sql('o')}"
    sql = (
        f"SELECT customer_id, sum(net) AS spend, json_group_object(b, net) AS parts FROM ("
        f"SELECT o.customer_id AS customer_id, "
        f"CAST(coalesce(o.batch_id, o.created_batch_id, 0) AS TEXT) AS b, "
        f"sum({net_sql('o')}) AS net FROM {scope} k CROSS JOIN orders o "
        f"ON o.customer_id = k.id WHERE o.ordered_at >= :spend_start "
        f"AND o.status IN {_PURCHASE_SQL}{cur} GROUP BY 1, 2) GROUP BY customer_id"
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
            _journal_floors(scope or "customer", batch_id, today)
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


def _journal_floors(scope: str, batch_id: int, today: date) -> None:
    """Journal with import `batch_id` what its evaluation (about to be written: _loy_eval
    holds the changes) saw of the customers in `scope` (FLOOR_JOURNAL): the floor each had,
    and its spend by import. A customer whose spend gave only the base tier is left out
    unless its floor changed (and it was not created by the import, which its undo removes):
    such an entry would justify nothing. One the import created and lifted above the base
    is kept: its floor may outlive the spend (downgrades off), and an unmerge replays it.

    The spend by import is what lets an undo replay the journal without the imports undone
    (restore_tier_floors): a floor a later import recorded on the strength of an undone one's
    orders is not held either.
    """
    above = [t.threshold for t in list_tiers() if t.threshold > 0]
    parts, params = _spend_parts_sql(scope, today)
    rules = get_rules()
    flag = "" if not rules.downgrades else ", 'downgrades', json('true')"
    db.connection().execute(
        f"INSERT INTO import_change (batch_id, entity, row_id, action, before_json) "
        f"SELECT :batch, :entity, k.id, 'update', json_object('earned_tier_id', "
        f"l.earned_tier_id, 'spend', json(coalesce(p.parts, '{{}}')){flag}) "
        f"FROM {scope} k LEFT JOIN ({parts}) p ON p.customer_id = k.id "
        f"LEFT JOIN customer_loyalty l ON l.customer_id = k.id "
        f"WHERE coalesce(p.spend, 0) >= :above OR (k.id IN "
        f"(SELECT cid FROM _loy_eval WHERE old_earned IS NOT new_earned) AND NOT EXISTS "
        f"(SELECT 1 FROM customer c WHERE c.id = k.id AND c.created_batch_id IS :batch)) "
        f"ORDER BY k.id",
        {
            **params,
            "batch": batch_id,
            "entity": FLOOR_JOURNAL,
            "above": min(above) if above else MAX_THRESHOLD + 1,
        },
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    """One FLOOR_JOURNAL entry of a customer."""

    batch_id: int
    before: int | None  # the floor found (a tier id), None when none or its tier is gone
    spend: dict[int, int]  # import id (0: none) -> net
    reset: bool  # made with downgrades allowed: the floor became what the spend gave
    made: str | None = None  # an unmerge's entry: when (else its import's start)


# A floor entry made while the customer was the kept side of a merge undone since: the floor
# it found and the spend it saw were the pair's (journal_unmerge). Left out of every replay.
_LIVE = "j.before_json ->> '$.void' IS NULL"


def _floor_entries(customer_ids: Iterable[int], upto: int | None) -> dict[int, list[_Entry]]:
    """The FLOOR_JOURNAL entries of these customers (up to journal id `upto`), oldest first."""
    fill_id_table(customer_ids, "_loy_floor_ids")
    sql = (
        "SELECT j.row_id, j.batch_id, t.id, j.before_json -> '$.spend', "
        "coalesce(j.before_json ->> '$.downgrades', 0), j.before_json ->> '$.unmerged_at' "
        "FROM import_change j JOIN _loy_floor_ids k ON k.id = j.row_id "
        "LEFT JOIN tier t ON t.id = j.before_json ->> '$.earned_tier_id' "
        f"WHERE j.entity = ? AND j.action = 'update' AND j.id <= ? AND {_LIVE} ORDER BY j.id"
    )
    found: dict[int, list[_Entry]] = {}
    for cid, batch, before, spend, reset, made in db.execute_sql(
        sql, (FLOOR_JOURNAL, MAX_THRESHOLD if upto is None else upto)
    ).fetchall():
        parts = {int(k): int(v) for k, v in json.loads(spend).items()} if spend else {}
        found.setdefault(int(cid), []).append(
            _Entry(int(batch), None if before is None else int(before), parts, bool(reset), made)
        )
    db.execute_sql("DROP TABLE temp._loy_floor_ids")
    return found


def _imports() -> dict[int, tuple[str, str | None]]:
    """Every import: id -> (started_at, undone_at or None), as stored (comparable text)."""
    rows = db.execute_sql("SELECT id, started_at, undone_at FROM import_batch").fetchall()
    return {int(i): (str(s), None if u is None else str(u)) for i, s, u in rows}


def _replayed_floor(
    entries: list[_Entry],
    first: int,
    imports: dict[int, tuple[str, str | None]],
    tiers: list[TierInfo],
) -> int | None:
    """The floor the journal justifies without the undone imports, replayed from entry
    `first` on (a tier id, None for none).

    The replay starts from the floor an entry found. That floor may itself have come from
    imports undone since the entry was made (their undo came later, so it could not take
    it out): the replay then starts at the first entry of the earliest of those instead. An
    import undone before an entry was made is not looked past: that entry found the floor
    its undo left. From there every entry of an import still present raises the floor to
    what its spend gives without the undone imports' orders (or sets it, when downgrades
    were allowed), with today's thresholds.
    """

    undone = {b: u for b, (_s, u) in imports.items() if u is not None}

    def gone(entry: _Entry) -> set[int]:
        own = set() if entry.made is not None else {entry.batch_id}
        return (own | set(entry.spend)) & set(undone)

    start = first
    while True:
        made = entries[start].made or imports.get(entries[start].batch_id, ("", None))[0]
        earlier = [i for i in range(start) if any(undone[b] >= made for b in gone(entries[i]))]
        if not earlier:
            break
        start = min(earlier)
    rank = {t.id: t.rank for t in tiers}
    floor = entries[start].before
    for entry in entries[start:]:
        if entry.made is None and entry.batch_id in undone:
            continue
        spend = sum(v for b, v in entry.spend.items() if b not in undone)
        by_spend = [t for t in tiers if t.threshold <= spend][-1].id
        if entry.reset or _rank(rank, by_spend) > _rank(rank, floor):
            floor = by_spend
    return floor


def _rank(rank: dict[int, int], tier_id: int | None) -> int:
    """A tier's rank, -1 for no tier (or one removed since)."""
    return -1 if tier_id is None else rank.get(tier_id, -1)


def _lower_floors(floors: dict[int, int | None], tiers: list[TierInfo]) -> list[int]:
    """Lower each customer's floor to the one given when that is lower (an undo never raises
    a floor: a later evaluation may have lowered it, with downgrades on); a floor whose tier
    was removed since is no floor. Returns the customers whose floor changed."""
    rank = {t.id: t.rank for t in tiers}
    changed: list[tuple[int | None, int]] = []
    for cid, earned in floors_of(floors).items():
        now = earned if earned in rank else None
        floor = floors[cid]
        new = floor if _rank(rank, floor) < _rank(rank, now) else now
        if new != earned:
            changed.append((new, cid))
    executemany("UPDATE customer_loyalty SET earned_tier_id = ? WHERE customer_id = ?", changed)
    return sorted(cid for _new, cid in changed)


def restore_tier_floors(batch_id: int) -> list[int]:
    """After import `batch_id` was undone (marked so): lower the tier floors that rested on
    it; returns the customers whose floor changed (to be evaluated again).

    Each customer whose journal (FLOOR_JOURNAL) involves the import, by an entry of its own
    or by orders of it another import's entry counted, gets the floor the journal justifies
    with every undone import left out (_replayed_floor), or keeps its own when that is lower.
    So the floor does not depend on the order of the undos: a floor set by the evaluation of
    an earlier undo, or recorded by a later import on the strength of an undone one's
    orders, goes when the spend it rested on goes. One scan of the floor entries
    (import_change has no index by row), at an undo only.
    """
    with storage_errors(), db.atomic():
        ids = [
            int(r[0])
            for r in db.execute_sql(
                "SELECT DISTINCT row_id FROM import_change j WHERE entity = ?1 "
                f"AND action = 'update' AND {_LIVE} AND ((batch_id = ?2 AND "
                "j.before_json ->> '$.unmerged_at' IS NULL) OR EXISTS (SELECT 1 FROM "
                "json_each(before_json, '$.spend') WHERE key = CAST(?2 AS TEXT)))",
                (FLOOR_JOURNAL, batch_id),
            ).fetchall()
        ]
        if not ids:
            return []
        tiers = list_tiers()
        imports = _imports()
        floors: dict[int, int | None] = {}
        for cid, entries in _floor_entries(ids, None).items():
            first = next(
                i
                for i, e in enumerate(entries)
                if (e.batch_id == batch_id and e.made is None) or batch_id in e.spend
            )
            floors[cid] = _replayed_floor(entries, first, imports, tiers)
        return _lower_floors(floors, tiers)


def floors_of(customer_ids: Iterable[int]) -> dict[int, int | None]:
    """Each customer's tier floor (customer_loyalty.earned_tier_id), where it has a row."""
    ids = sorted(set(customer_ids))
    return {
        int(cid): None if earned is None else int(earned)
        for cid, earned in db.execute_sql(
            "SELECT customer_id, earned_tier_id FROM customer_loyalty "
            "WHERE customer_id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        ).fetchall()
    }


def raise_floor(customer_id: int, floor: int | None) -> None:
    """After a merge: the kept customer's floor becomes `floor` (the merged side's, found
    before the merge) when that ranks higher, so with downgrades off the whole keeps the
    higher tier either side had earned, whichever record is kept. The evaluation that
    follows applies it (with downgrades on, the spend decides anyway); an unmerge lowers it
    again (restore_unmerged_floor)."""
    rank = {t.id: t.rank for t in list_tiers()}
    if floor is None or floor not in rank:
        return
    with storage_errors():
        db.execute_sql(
            f"UPDATE customer_loyalty SET earned_tier_id = ? WHERE customer_id = ? AND "
            f"{_case('earned_tier_id', rank, '-1')} < ?",
            (floor, customer_id, rank[floor]),
        )


def restore_unmerged_floor(kept_id: int, journal_mark: int) -> list[int]:
    """After an unmerge: the kept customer's floor goes back to what its own journal
    (FLOOR_JOURNAL entries up to `journal_mark`, the journal's last id when the merge was
    made) justifies, or stays when that is lower; returns [kept_id] when it changed.

    While merged, evaluations saw the pair's spend together (with downgrades off, the floor
    the pair reached would otherwise stay with the kept customer); what the kept customer
    bought since still counts at the evaluation that follows. The merged customer gets back
    its own row, floor included, with the rows the merge removed. With no journal of its
    own, the kept customer has no floor: its spend decides.
    """
    with storage_errors(), db.atomic():
        tiers = list_tiers()
        entries = _floor_entries([kept_id], journal_mark).get(kept_id, [])
        floor = _replayed_floor(entries, len(entries) - 1, _imports(), tiers) if entries else None
        return _lower_floors({kept_id: floor}, tiers)


def journal_unmerge(
    kept_id: int, merged_id: int, journal_mark: int, *, today: date, now: datetime
) -> None:
    """At an unmerge, after restore_unmerged_floor and before the evaluation that follows:
    give both customers' floors a journal that undos can replay.

    The kept customer's entries made while merged (after `journal_mark`) found the pair's
    floor and saw the pair's spend: they are set aside ('void'), or an undo of an import of
    that time would put back the floor the merge gave. In their place, an entry per
    customer records the floor each has now and its spend by import, as an import's
    evaluation would (when the spend reaches a tier above the base): the evaluation after the
    unmerge may raise the floor on the strength of imports (made while merged, or before)
    that a later undo takes away. The entry is filed
    under the newest of those imports (the journal's rows belong to an import), marked with
    the unmerge's time, and counts whatever that import's undo leaves.
    """
    with storage_errors(), db.atomic():
        conn = db.connection()
        conn.execute(
            "UPDATE import_change SET before_json = json_set(before_json, '$.void', json('true')) "
            "WHERE entity = ? AND action = 'update' AND row_id = ? AND id > ?",
            (FLOOR_JOURNAL, kept_id, journal_mark),
        )
        fill_id_table([kept_id, merged_id], "_loy_unmerge_ids")
        parts, params = _spend_parts_sql("_loy_unmerge_ids", today)
        rows = conn.execute(
            f"SELECT p.customer_id, l.earned_tier_id, p.parts FROM ({parts}) p "
            f"LEFT JOIN customer_loyalty l ON l.customer_id = p.customer_id "
            f"JOIN customer c ON c.id = p.customer_id ORDER BY p.customer_id",
            params,
        ).fetchall()
        conn.execute("DROP TABLE temp._loy_unmerge_ids")
        # As an import's evaluation journals: a spend that gives only the base tier justifies
        # no floor.
        above = min((t.threshold for t in list_tiers() if t.threshold > 0), default=None)
        entries = []
        for cid, floor, spend in rows:
            parts = json.loads(spend)
            imports = [int(b) for b in parts if b != "0"]
            if imports and above is not None and sum(parts.values()) >= above:
                entry = {"earned_tier_id": floor, "spend": parts}
                entry["unmerged_at"] = str(now)
                entries.append((max(imports), int(cid), json.dumps(entry)))
        executemany(
            "INSERT INTO import_change (batch_id, entity, row_id, action, before_json) "
            f"VALUES (?, '{FLOOR_JOURNAL}', ?, 'update', ?)",
            entries,
        )


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
    reason = typed_text(reason)
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
        "SELECT changed_at, from_name, to_name, spend, reason, manual, currency FROM tier_change "
        "WHERE customer_id = ? ORDER BY changed_at DESC, id DESC",
        (customer_id,),
    ).fetchall()
    return [
        TierHistoryLine(
            _dt(r[0]), r[1], r[2], None if r[3] is None else int(r[3]), r[4], bool(r[5]), r[6]
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
    shown = typed_text(name)  # as it would be stored
    return frozenset((language, name_key(tier_label(shown, language))) for language in LANGUAGES)


def validate_tier(data: TierInput, tier_id: int | None = None) -> dict[str, str]:
    """Field -> message code for a tier form (empty when it can be saved)."""
    errors: dict[str, str] = {}
    name = typed_text(data.name)
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
        m = Decimal(typed_number(data.multiplier))
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
        typed_text(data.name),
        int(data.threshold),
        to_permille(data.multiplier),
        typed_text(data.benefits),
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
