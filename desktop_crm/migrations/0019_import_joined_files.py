"""An import remembers the item files it joined.

A Taobao 订单报表 imported with its 宝贝报表 beside it says "Item lines joined from: …" on its
receipt; the receipt opened later from the Imports page did not, as the batch kept no record
of the joined file. `import_batch.joined_json` lists their names (a JSON array); imports made
before this version joined none that the history can name.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Add import_batch.joined_json."""
    db.execute_sql("ALTER TABLE import_batch ADD COLUMN joined_json TEXT NOT NULL DEFAULT '[]'")
