"""Cached per-customer order totals: recomputed in bulk SQL, checked against a recount."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_crm.db import db, executemany
from desktop_crm.services.currency import counted_sql, net_sql
from desktop_crm.services.importing.records import PURCHASE_STATUSES

_PURCHASE_SQL = "(" + ", ".join(f"'{s}'" for s in PURCHASE_STATUSES) + ")"


def purchase_filter(alias: str = "o") -> tuple[str, list[object]]:
    """SQL condition (and params) for "a purchase whose money counts" (DESIGN §4, §2): paid,
    shipped or completed, in the store currency or one the merchant set a rate for.

    Sum its money with currency.net_sql(alias), which converts at that rate.
    """
    return f"{alias}.status IN {_PURCHASE_SQL} AND {counted_sql(alias)}", []


def _recount_sql() -> tuple[str, list[object]]:
    cond, params = purchase_filter("o")
    sql = (
        f"SELECT o.customer_id AS customer_id, count(*) AS n, sum({net_sql('o')}) AS net, "
        "min(o.ordered_at) AS first_at, max(o.ordered_at) AS last_at "
        f"FROM orders o WHERE o.customer_id IS NOT NULL AND {cond} GROUP BY o.customer_id"
    )
    return sql, params


def fill_id_table(ids: Iterable[int], table: str = "_ids") -> None:
    """Put `ids` into a temporary table, for joins on large id sets."""
    conn = db.connection()
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM {table}")
    executemany(f"INSERT OR IGNORE INTO {table} (id) VALUES (?)", ((int(i),) for i in ids))


def recompute_totals(customer_ids: Iterable[int] | None = None) -> int:
    """Bring order_count, total_paid, first/last order of customers to a recount.

    Args:
        customer_ids: only these customers; None means every customer.

    Returns:
        How many customers changed.
    """
    recount, params = _recount_sql()
    scope = ""
    if customer_ids is not None:
        fill_id_table(customer_ids, "_totals_ids")
        scope = "AND c.id IN (SELECT id FROM _totals_ids)"
    sql = f"""
        UPDATE customer SET order_count = t.n, total_paid = t.net,
            first_order_at = t.first_at, last_order_at = t.last_at
        FROM (
            SELECT c.id AS cid, coalesce(a.n, 0) AS n, coalesce(a.net, 0) AS net,
                a.first_at AS first_at, a.last_at AS last_at
            FROM customer c LEFT JOIN ({recount}) a ON a.customer_id = c.id
            WHERE 1 {scope}
        ) t
        WHERE customer.id = t.cid AND (customer.order_count != t.n OR customer.total_paid != t.net
            OR customer.first_order_at IS NOT t.first_at OR customer.last_order_at IS NOT t.last_at)
    """
    cursor = db.execute_sql(sql, params)
    return int(cursor.rowcount)


def count_wrong_totals() -> int:
    """How many customers' cached totals differ from a recount (for `check`)."""
    recount, params = _recount_sql()
    sql = f"""
        SELECT count(*) FROM customer c LEFT JOIN ({recount}) a ON a.customer_id = c.id
        WHERE c.order_count != coalesce(a.n, 0) OR c.total_paid != coalesce(a.net, 0)
            OR c.first_order_at IS NOT a.first_at OR c.last_order_at IS NOT a.last_at
    """
    return int(db.execute_sql(sql, params).fetchone()[0])
