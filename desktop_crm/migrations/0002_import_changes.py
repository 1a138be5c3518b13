"""What each import changed, so undo can put back exactly what was there before."""

from __future__ import annotations

from typing import Any

STATEMENTS = [
    """
    CREATE TABLE import_change (
        id INTEGER NOT NULL PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        before_json TEXT
    )
    """,
    "CREATE INDEX import_change_batch ON import_change (batch_id, entity, action)",
    "CREATE INDEX import_batch_started ON import_batch (started_at)",
    # The Orders page finds an order by its number (or its beginning) whatever the platform.
    "CREATE INDEX orders_order_no ON orders (order_no)",
]


def up(migrator: Any, db: Any) -> None:
    """Add the undo journal of imports."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
