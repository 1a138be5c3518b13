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
    """Add customer_tag.batch_id and fill it from the imports' journals (one pass over each:
    a lookup per link of the whole journal took minutes on a large shop)."""
    db.execute_sql(
        "ALTER TABLE customer_tag ADD COLUMN batch_id INTEGER "
        "REFERENCES import_batch (id) ON DELETE SET NULL"
    )
    db.execute_sql(
        "CREATE TEMP TABLE _tag_given (customer_id INTEGER, tag_id INTEGER, batch_id INTEGER, "
        "PRIMARY KEY (customer_id, tag_id)) WITHOUT ROWID"
    )
    db.execute_sql(
        """
        INSERT INTO _tag_given (customer_id, tag_id, batch_id)
        SELECT ic.row_id, json_extract(ic.before_json, '$.tag_id'), max(ic.batch_id)
        FROM import_change ic JOIN import_batch b ON b.id = ic.batch_id
        WHERE ic.entity = 'customer_tag' AND ic.action = 'add' AND b.undone_at IS NULL
        GROUP BY 1, 2
        """
    )
    db.execute_sql(
        "UPDATE customer_tag SET batch_id = g.batch_id FROM _tag_given g "
        "WHERE g.customer_id = customer_tag.customer_id AND g.tag_id = customer_tag.tag_id"
    )
    db.execute_sql("DROP TABLE _tag_given")
    # Undo deletes its links by batch: `batch_id = ?` implies the index's condition.
    db.execute_sql(
        "CREATE INDEX customer_tag_batch ON customer_tag (batch_id) WHERE batch_id IS NOT NULL"
    )
