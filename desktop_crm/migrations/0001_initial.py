"""The first schema: customers, channel identities, tags, notes, orders, import batches, settings.

Frozen as plain DDL: a migration never imports desktop_crm.models (which keep changing).
"""

from __future__ import annotations

from typing import Any

_BODY = (
    "NEW.display_name || ' ' || coalesce(NEW.real_name, '') || ' ' || coalesce(NEW.phone, '')"
    " || ' ' || coalesce(NEW.email, '') || ' ' || NEW.tags"
)

# customer.search_body is what search looks in, kept by triggers: scanned by LIKE for 1-2
# character terms and indexed by the trigram FTS table (which reads it as external content).
# It is not a generated column and the DDL carries no SQL comments: peewee's table rebuild
# parses the stored CREATE TABLE text and cannot read either.
STATEMENTS = [
    """
    CREATE TABLE import_batch (
        id INTEGER NOT NULL PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_path TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        started_at DATETIME NOT NULL,
        finished_at DATETIME,
        rows_read INTEGER NOT NULL DEFAULT 0,
        orders_added INTEGER NOT NULL DEFAULT 0,
        orders_updated INTEGER NOT NULL DEFAULT 0,
        orders_unchanged INTEGER NOT NULL DEFAULT 0,
        orders_without_customer INTEGER NOT NULL DEFAULT 0,
        customers_added INTEGER NOT NULL DEFAULT 0,
        customers_matched INTEGER NOT NULL DEFAULT 0,
        rejected_json TEXT NOT NULL DEFAULT '[]',
        notes_json TEXT NOT NULL DEFAULT '[]',
        undone_at DATETIME
    )
    """,
    """
    CREATE TABLE customer (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        display_name TEXT NOT NULL,
        real_name TEXT,
        phone TEXT,
        phone_masked INTEGER NOT NULL DEFAULT 0,
        phone_norm TEXT,
        email TEXT,
        email_norm TEXT,
        gender TEXT,
        birthday DATE,
        province TEXT,
        city TEXT,
        address TEXT,
        source_platform TEXT NOT NULL DEFAULT 'manual',
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL,
        order_count INTEGER NOT NULL DEFAULT 0,
        total_paid INTEGER NOT NULL DEFAULT 0,
        first_order_at DATETIME,
        last_order_at DATETIME,
        created_batch_id INTEGER REFERENCES import_batch (id) ON DELETE SET NULL,
        search_body TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX customer_display_name ON customer (display_name COLLATE NOCASE, id)",
    "CREATE INDEX customer_phone_norm ON customer (phone_norm)",
    "CREATE INDEX customer_email_norm ON customer (email_norm)",
    # Sorting by the other list columns sorts the matches (~90 ms at 100k on a header click);
    # every index here costs every import, so only the default sorts have one.
    "CREATE INDEX customer_last_order_at ON customer (last_order_at, id)",
    "CREATE INDEX customer_created_batch ON customer (created_batch_id)",
    """
    CREATE TABLE channel_identity (
        id INTEGER NOT NULL PRIMARY KEY,
        platform TEXT NOT NULL,
        buyer_key TEXT NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        weak INTEGER NOT NULL DEFAULT 0,
        created_at DATETIME NOT NULL,
        created_batch_id INTEGER REFERENCES import_batch (id) ON DELETE SET NULL
    )
    """,
    "CREATE UNIQUE INDEX channel_identity_key ON channel_identity (platform, buyer_key)",
    "CREATE INDEX channel_identity_customer ON channel_identity (customer_id)",
    """
    CREATE TABLE tag (
        id INTEGER NOT NULL PRIMARY KEY,
        name TEXT NOT NULL,
        color TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX tag_name ON tag (name COLLATE NOCASE)",
    """
    CREATE TABLE customer_tag (
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
        PRIMARY KEY (customer_id, tag_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX customer_tag_tag ON customer_tag (tag_id, customer_id)",
    """
    CREATE TABLE note (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        created_at DATETIME NOT NULL,
        body TEXT NOT NULL
    )
    """,
    "CREATE INDEX note_customer ON note (customer_id, created_at)",
    """
    CREATE TABLE orders (
        id INTEGER NOT NULL PRIMARY KEY,
        platform TEXT NOT NULL,
        order_no TEXT NOT NULL,
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        identity_id INTEGER REFERENCES channel_identity (id) ON DELETE SET NULL,
        ordered_at DATETIME NOT NULL,
        paid_at DATETIME,
        completed_at DATETIME,
        status TEXT NOT NULL,
        paid INTEGER NOT NULL DEFAULT 0,
        refunded INTEGER NOT NULL DEFAULT 0,
        currency TEXT,
        item_summary TEXT NOT NULL DEFAULT '',
        buyer_note TEXT,
        province TEXT,
        city TEXT,
        batch_id INTEGER REFERENCES import_batch (id) ON DELETE SET NULL,
        created_batch_id INTEGER REFERENCES import_batch (id) ON DELETE SET NULL,
        fingerprint TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX orders_platform_no ON orders (platform, order_no)",
    # Covering index for per-customer aggregates (RFM over 1M orders: 0.42 s, DESIGN §7).
    "CREATE INDEX orders_customer_date ON orders (customer_id, ordered_at, status, paid, refunded)",
    "CREATE INDEX orders_ordered_at ON orders (ordered_at)",
    "CREATE INDEX orders_identity ON orders (identity_id)",
    """
    CREATE TABLE order_item (
        id INTEGER NOT NULL PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        title TEXT NOT NULL DEFAULT '',
        sku TEXT NOT NULL DEFAULT '',
        quantity INTEGER NOT NULL DEFAULT 1,
        price INTEGER NOT NULL DEFAULT 0,
        attributes TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX order_item_order ON order_item (order_id)",
    """
    CREATE TABLE setting (
        key TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    # Search: a trigram FTS index over customer.search_body, so 3+ character terms answer in
    # ~1 ms over 100k customers (DESIGN §7). Contentless (the text is stored once, in the
    # customer row) with contentless_delete: a row is removed by rowid alone, so removing a row
    # that was never indexed is harmless instead of corrupting the index.
    """
    CREATE VIRTUAL TABLE customer_search USING fts5(
        search_body, content = '', contentless_delete = 1, tokenize = 'trigram'
    )
    """,
    # A row inserted with search_body already set is indexed by whoever inserted it: the
    # import engine fills both in bulk (per-row FTS inserts cost 10x an INSERT ... SELECT).
    f"""
    CREATE TRIGGER customer_body_ai AFTER INSERT ON customer WHEN NEW.search_body = '' BEGIN
        UPDATE customer SET search_body = {_BODY} WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER customer_body_au AFTER UPDATE OF display_name, real_name, phone, email, tags
    ON customer BEGIN
        UPDATE customer SET search_body = {_BODY}
        WHERE id = NEW.id AND search_body IS NOT ({_BODY});
    END
    """,
    # The FTS index follows search_body.
    """
    CREATE TRIGGER customer_search_au AFTER UPDATE OF search_body ON customer BEGIN
        DELETE FROM customer_search WHERE rowid = OLD.id;
        INSERT INTO customer_search (rowid, search_body)
            SELECT NEW.id, NEW.search_body WHERE NEW.search_body != '';
    END
    """,
    """
    CREATE TRIGGER customer_search_ad AFTER DELETE ON customer BEGIN
        DELETE FROM customer_search WHERE rowid = OLD.id;
    END
    """,
    # customer.tags caches the sorted tag names (shown, sorted and searched in the list).
    """
    CREATE TRIGGER customer_tag_ai AFTER INSERT ON customer_tag BEGIN
        UPDATE customer SET tags = coalesce((SELECT group_concat(name, ', ') FROM (
            SELECT t.name AS name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
            WHERE ct.customer_id = NEW.customer_id ORDER BY t.name COLLATE NOCASE)), '')
        WHERE id = NEW.customer_id;
    END
    """,
    """
    CREATE TRIGGER customer_tag_ad AFTER DELETE ON customer_tag BEGIN
        UPDATE customer SET tags = coalesce((SELECT group_concat(name, ', ') FROM (
            SELECT t.name AS name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
            WHERE ct.customer_id = OLD.customer_id ORDER BY t.name COLLATE NOCASE)), '')
        WHERE id = OLD.customer_id;
    END
    """,
    """
    CREATE TRIGGER tag_au AFTER UPDATE OF name ON tag BEGIN
        UPDATE customer SET tags = coalesce((SELECT group_concat(name, ', ') FROM (
            SELECT t.name AS name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
            WHERE ct.customer_id = customer.id ORDER BY t.name COLLATE NOCASE)), '')
        WHERE id IN (SELECT customer_id FROM customer_tag WHERE tag_id = NEW.id);
    END
    """,
]


def up(migrator: Any, db: Any) -> None:
    """Create the first schema."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
