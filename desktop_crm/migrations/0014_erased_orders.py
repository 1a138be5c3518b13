"""Orders of an erased customer are marked, so that importing them again keeps them anonymous.

An erasure keeps the person's orders for the sales figures, without customer or message. A
later import of an export holding those orders read them like any changed order and made the
person again from the export's buyer columns. `erased` marks such orders; the importer keeps
their buyer out (services/importing/engine.py, `_keep_erased_anonymous`). Orders erased before
this version are the ones an erasure left without a customer and without a fingerprint, which
nothing else does.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Add orders.erased and mark the orders erased so far."""
    db.execute_sql("ALTER TABLE orders ADD COLUMN erased INTEGER NOT NULL DEFAULT 0")
    db.execute_sql(
        "UPDATE orders SET erased = 1 WHERE fingerprint = '' AND customer_id IS NULL "
        "AND identity_id IS NULL"
    )
    # Few rows: every import looks them up, and this keeps that lookup free when there are none.
    db.execute_sql("CREATE INDEX orders_erased ON orders (platform, order_no) WHERE erased = 1")
