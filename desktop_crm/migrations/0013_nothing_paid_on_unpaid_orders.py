"""Unpaid and cancelled orders have nothing paid, on every platform (READING_VERSION 3).

JD's 应付金额, Shopify's Total and WooCommerce's order total were stored as paid for pending
and closed orders. The parse now reads 0 there, but an order stored before keeps its old
amount: a re-import reads 0, and the order-independent ranking lets the larger paid amount win
(DESIGN §5), so the stored version stayed. This sets those orders to 0 and their fingerprint
to what the parse now gives (its second field is the amount paid), so the next import finds
them unchanged. Such orders are not purchases: no total, point or figure changes.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """paid = 0 for pending/closed orders without a refund; the fingerprint follows."""
    db.execute_sql(
        """
        UPDATE orders SET
            fingerprint = CASE
                WHEN substr(fingerprint, 1, length(status || char(31) || paid || char(31)))
                     = status || char(31) || paid || char(31)
                THEN status || char(31) || '0'
                     || substr(fingerprint, length(status || char(31) || paid) + 1)
                ELSE fingerprint END,
            paid = 0
        WHERE status IN ('pending', 'closed') AND refunded = 0 AND paid != 0
        """
    )
