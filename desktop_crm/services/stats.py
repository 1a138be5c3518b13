"""Store-level figures for `desktop-crm stats --json` and the status bar."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_crm.db import db
from desktop_crm.services import analytics, churn, feedback, followups, loyalty
from desktop_crm.services.currency import net_sql
from desktop_crm.services.money import decimal_string
from desktop_crm.services.totals import purchase_filter


def store_stats(*, today: date) -> dict[str, Any]:
    """The figures of DESIGN §5 `stats --json`; depends only on the database and `today`."""
    figures = counts()
    cond, params = purchase_filter("o")
    net = db.execute_sql(
        f"SELECT coalesce(sum({net_sql('o')}), 0) FROM orders o WHERE {cond}", params
    ).fetchone()[0]
    return {
        **figures,
        "revenue": decimal_string(int(net)),
        "points_outstanding": loyalty.points_outstanding(today=today),
        "tiers": loyalty.tier_counts(today=today),
        "segments": analytics.rfm_class_counts(today),
        "lifecycle": analytics.lifecycle_counts(today),
        "churn_warning": churn.count_churn_warning(today),
        "followups_open": followups.count_open(),
        "followups_overdue": followups.count_overdue(today),
        "feedback_open": feedback.count_open(),
    }


def counts() -> dict[str, int]:
    """Customers and orders, for the status bar."""
    row = db.execute_sql(
        "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM orders)"
    ).fetchone()
    return {"customers": int(row[0]), "orders": int(row[1])}
