"""Orders remember the digest of the export rows they were read from.

A re-import compares each order's rows with this digest before parsing them: rows that are
byte-for-byte what the stored version was read from cannot change it, so they are counted as
unchanged without being parsed (re-imports were dominated by parsing). NULL means "unknown"
(orders imported before this migration, mapped files, eBay): those are parsed as before.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Add orders.source_digest (nullable, no index: it is read with the order by its key)."""
    db.execute_sql("ALTER TABLE orders ADD COLUMN source_digest TEXT")
