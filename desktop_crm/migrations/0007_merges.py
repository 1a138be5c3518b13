"""Duplicate customers: pairs the merchant said are not the same person, and merge records.

Frozen as plain DDL: a migration never imports desktop_crm.models (which keep changing). It
needs only the customer table of 0001.

- not_duplicate references customers (ON DELETE CASCADE), so privacy's schema walk exports and
  erases it with the person, and a merge moves it like every other table that points at a
  customer ("not the same as B" becomes "not the same as the customer B was merged into").
- customer_merge deliberately has no foreign key: it outlives both customers (the merged one is
  deleted by the merge itself) and must not be moved by a later merge. It holds the merged
  customer's whole row, so erasing a person must also forget the merges that made them
  (services.duplicates.forget_merges).
"""

from __future__ import annotations

from typing import Any

STATEMENTS = [
    """
    CREATE TABLE not_duplicate (
        customer_a INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        customer_b INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        created_at DATETIME NOT NULL,
        PRIMARY KEY (customer_a, customer_b)
    ) WITHOUT ROWID
    """,
    # Deleting a customer looks up the rows pointing at it through either column.
    "CREATE INDEX not_duplicate_b ON not_duplicate (customer_b, customer_a)",
    """
    CREATE TABLE customer_merge (
        id INTEGER NOT NULL PRIMARY KEY,
        kept_id INTEGER NOT NULL,
        merged_id INTEGER NOT NULL,
        merged_name TEXT NOT NULL,
        merged_row_json TEXT NOT NULL,
        kept_before_json TEXT NOT NULL,
        kept_after_json TEXT NOT NULL,
        moved_json TEXT NOT NULL,
        removed_json TEXT NOT NULL,
        journal_json TEXT NOT NULL DEFAULT '{}',
        created_at DATETIME NOT NULL,
        undone_at DATETIME
    )
    """,
    "CREATE INDEX customer_merge_kept ON customer_merge (kept_id, id)",
    "CREATE INDEX customer_merge_merged ON customer_merge (merged_id, id)",
]


def up(migrator: Any, db: Any) -> None:
    """Add the not-the-same-person marks and the merge records."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
