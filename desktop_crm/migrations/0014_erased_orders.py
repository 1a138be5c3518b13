"""The orders of erased customers are remembered, so that importing them again keeps them
anonymous.

An erasure keeps the person's orders for the sales figures, without customer or message. A
later import of an export holding those orders read them like any changed order and made the
person again from the export's buyer columns. `erased_order` names such orders by platform and
number (not personal data); the importer keeps their buyer out (services/importing/engine.py,
`_keep_erased_anonymous`). It is its own table, not a mark on the order: undoing the import
that created an order deletes the order, and the export may be imported again after that.
Orders erased before this version are the ones an erasure left without a customer and
without a fingerprint, which nothing else does.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Create erased_order and name the orders erased so far."""
    db.execute_sql(
        "CREATE TABLE erased_order (platform TEXT NOT NULL, order_no TEXT NOT NULL, "
        "PRIMARY KEY (platform, order_no)) WITHOUT ROWID"
    )
    db.execute_sql(
        "INSERT INTO erased_order (platform, order_no) SELECT platform, order_no FROM orders "
        "WHERE fingerprint = '' AND customer_id IS NULL AND identity_id IS NULL"
    )
