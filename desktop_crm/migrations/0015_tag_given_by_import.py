"""Each tag link remembers the import that gave it; a link the merchant gave has none.

Undoing an import removed every link its journal named, and the undo's confirmation counted
them by the journal: a tag the merchant took off and gave again by hand was still taken for
the import's, and undoing the import removed it. `customer_tag.batch_id` is set by the import
that adds a link and by nothing else, so the link itself says whose it is (a merge moves it
with its batch). Links now in place that an import still standing journalled are its.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Add customer_tag.batch_id and fill it from the imports' journals."""
    db.execute_sql(
        "ALTER TABLE customer_tag ADD COLUMN batch_id INTEGER "
        "REFERENCES import_batch (id) ON DELETE SET NULL"
    )
    db.execute_sql(
        """
        UPDATE customer_tag SET batch_id = (
            SELECT max(ic.batch_id) FROM import_change ic
            JOIN import_batch b ON b.id = ic.batch_id
            WHERE ic.entity = 'customer_tag' AND ic.action = 'add' AND b.undone_at IS NULL
              AND ic.row_id = customer_tag.customer_id
              AND json_extract(ic.before_json, '$.tag_id') = customer_tag.tag_id)
        """
    )
    db.execute_sql("CREATE INDEX customer_tag_batch ON customer_tag (batch_id) WHERE batch_id")
