"""Follow-up reminders and the feedback log.

Frozen as plain DDL: a migration never imports desktop_crm.models (which keep changing). It
needs only the tables of 0001 (customer, orders), never those of 0003 (loyalty).
"""

from __future__ import annotations

from typing import Any

# Every foreign key has an index whose first column is the key: deleting an order (an undone
# import) or a customer looks up the rows pointing at it, and without one scans the table
# once per deleted row. The DDL carries no SQL comments: peewee's table rebuild parses it.
STATEMENTS = [
    # AUTOINCREMENT: a feedback id is never reused, so the automatic follow-up keyed on it
    # ("feedback:<id>") can never be mistaken for another feedback's.
    """
    CREATE TABLE feedback (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL DEFAULT '',
        rating INTEGER CHECK (rating BETWEEN 1 AND 5),
        content TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        resolution TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL,
        resolved_at DATETIME
    )
    """,
    "CREATE INDEX feedback_customer ON feedback (customer_id, created_at)",
    "CREATE INDEX feedback_created ON feedback (created_at)",
    "CREATE INDEX feedback_status ON feedback (status, created_at)",
    "CREATE INDEX feedback_order ON feedback (order_id)",
    """
    CREATE TABLE follow_up (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'manual',
        due DATETIME NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        recurrence TEXT NOT NULL DEFAULT 'none',
        anchor DATETIME,
        notes TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        done_at DATETIME,
        snoozed_until DATETIME,
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL,
        reason_key TEXT,
        auto_closed INTEGER NOT NULL DEFAULT 0,
        order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
        feedback_id INTEGER REFERENCES feedback (id) ON DELETE SET NULL
    )
    """,
    # The Today page reads the first rows of each (status, kind) by due time, and the badges
    # count active rows by due time, both from this index alone.
    "CREATE INDEX follow_up_status_kind_due ON follow_up (status, kind, due)",
    "CREATE INDEX follow_up_customer ON follow_up (customer_id, due)",
    # An automatic reason (birthday:2026, after_sale:<order>, feedback:<id>, win_back:<day>)
    # exists at most once per customer, whatever its status: repeated runs never duplicate.
    """
    CREATE UNIQUE INDEX follow_up_reason ON follow_up (customer_id, reason_key)
    WHERE reason_key IS NOT NULL
    """,
    "CREATE INDEX follow_up_order ON follow_up (order_id)",
    "CREATE INDEX follow_up_feedback ON follow_up (feedback_id)",
]


def up(migrator: Any, db: Any) -> None:
    """Create the follow-up and feedback tables."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
