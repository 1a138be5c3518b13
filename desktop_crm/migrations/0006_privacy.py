"""The erasure log: when a customer was erased, and until when older backups may hold them."""

from __future__ import annotations

from typing import Any

STATEMENTS = [
    """
    CREATE TABLE erasure_log (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL,
        erased_at DATETIME NOT NULL,
        orders_kept INTEGER NOT NULL,
        backups_hold_until DATE
    )
    """,
]


def up(migrator: Any, db: Any) -> None:
    """Add the erasure log."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
