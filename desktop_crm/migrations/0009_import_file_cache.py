"""What reading a file gave, kept by the file's sha256: a file imported again byte for byte
need not be read at all.

Each entry holds the parse's outcome that does not depend on the database (platform, layout,
rows read, rejected rows, notes) and every accepted order's number with the digest of its rows
(orders.source_digest), zlib-compressed. An import of the same bytes, read the same way
(`reading`: the parse's READING_VERSION and time zone), compares those digests with the stored
orders: when every one matches, nothing in the file can change anything, and the receipt is
written without opening the file. Otherwise the file is read as usual. Only the newest entries
are kept (services.importing.engine.CACHE_FILES); the table holds no personal data beyond what
the digests of the rows hide.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Create import_file_cache."""
    db.execute_sql(
        """
        CREATE TABLE import_file_cache (
            sha256 TEXT NOT NULL,
            reading TEXT NOT NULL,
            platform TEXT NOT NULL,
            kind TEXT NOT NULL,
            layout TEXT NOT NULL,
            rows_read INTEGER NOT NULL,
            rejected_json TEXT NOT NULL,
            notes_json TEXT NOT NULL,
            orders BLOB NOT NULL,
            created_at DATETIME NOT NULL,
            PRIMARY KEY (sha256, reading)
        ) WITHOUT ROWID
        """
    )
