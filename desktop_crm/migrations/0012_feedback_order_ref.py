"""Feedback remembers its order by platform and number, not only by id.

Undoing an import deletes the orders it added, and `feedback.order_id` (ON DELETE SET NULL)
forgets which order a return or complaint was about; importing the file again gives the order
a new id, and the link stayed lost. `order_platform` and `order_no` keep the order's name while
the link is set by the merchant, so an import that brings the order back links it again
(services/importing/engine.py, `_relink_feedback`).
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Add the two columns and fill them from the orders linked now."""
    db.execute_sql("ALTER TABLE feedback ADD COLUMN order_platform TEXT")
    db.execute_sql("ALTER TABLE feedback ADD COLUMN order_no TEXT")
    db.execute_sql(
        "UPDATE feedback SET order_platform = (SELECT platform FROM orders WHERE id = order_id), "
        "order_no = (SELECT order_no FROM orders WHERE id = order_id) WHERE order_id IS NOT NULL"
    )
    # The few rows whose order is gone, found when an import brings it back.
    db.execute_sql(
        "CREATE INDEX feedback_order_ref ON feedback (order_no) "
        "WHERE order_id IS NULL AND order_no IS NOT NULL"
    )
