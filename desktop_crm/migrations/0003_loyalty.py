"""Membership tiers and points: tiers, the points ledger, tier history, per-customer state.

The ledger (points_entry) is append-only: triggers refuse to change what an entry says, and a
row goes only when its customer is deleted. What is left of each earning is derived from the
append-only points_allocation table (which consumption took how much from which earning).
Per-customer loyalty state lives in customer_loyalty (1:1 with customer, a missing row means
the base tier and no points) so the customer table and its model stay as they are.
"""

from __future__ import annotations

from typing import Any

# Default tiers (DESIGN §4): thresholds in minor units of spend over the last 365 days,
# multipliers in per-mille.
DEFAULT_TIERS = [
    ("Member", 0, 0, 1000),
    ("Silver", 1, 100_000, 1000),
    ("Gold", 2, 500_000, 1000),
    ("Diamond", 3, 2_000_000, 1000),
]

_LEDGER_FACTS = (
    "customer_id, delta, reason, order_id, created_at, earned_on, expires_on, factor, "
    "source_id, referred_id"
)

STATEMENTS = [
    """
    CREATE TABLE tier (
        id INTEGER NOT NULL PRIMARY KEY,
        name TEXT NOT NULL,
        rank INTEGER NOT NULL,
        threshold INTEGER NOT NULL CHECK (threshold >= 0),
        multiplier INTEGER NOT NULL DEFAULT 1000 CHECK (multiplier > 0),
        benefits TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX tier_name ON tier (name COLLATE NOCASE)",
    "CREATE UNIQUE INDEX tier_threshold ON tier (threshold)",
    """
    CREATE TABLE customer_loyalty (
        customer_id INTEGER NOT NULL PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
        tier_id INTEGER NOT NULL REFERENCES tier (id),
        earned_tier_id INTEGER REFERENCES tier (id) ON DELETE SET NULL,
        points_balance INTEGER NOT NULL DEFAULT 0,
        referred_by_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        referral_entry_id INTEGER,
        override_tier_id INTEGER REFERENCES tier (id) ON DELETE SET NULL,
        override_reason TEXT,
        override_until DATE
    )
    """,
    "CREATE INDEX customer_loyalty_tier ON customer_loyalty (tier_id)",
    "CREATE INDEX customer_loyalty_referred_by ON customer_loyalty (referred_by_id)",
    "CREATE INDEX customer_loyalty_balance ON customer_loyalty (points_balance)",
    """
    CREATE TABLE points_entry (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        delta INTEGER NOT NULL CHECK (delta != 0),
        reason TEXT NOT NULL CHECK (reason IN
            ('earn', 'refund', 'redeem', 'adjust', 'expire', 'birthday', 'referral')),
        order_id INTEGER,
        created_at DATETIME NOT NULL,
        earned_on DATE,
        expires_on DATE,
        factor INTEGER,
        source_id INTEGER,
        referred_id INTEGER,
        note TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX points_entry_customer ON points_entry (customer_id, order_id, delta, factor)",
    """
    CREATE INDEX points_entry_expiry ON points_entry (expires_on)
    WHERE delta > 0 AND expires_on IS NOT NULL
    """,
    # An earning can be expired once only: the database itself refuses a second time.
    "CREATE UNIQUE INDEX points_entry_expired_once ON points_entry (source_id) "
    "WHERE reason = 'expire'",
    f"""
    CREATE TRIGGER points_entry_append_only BEFORE UPDATE OF {_LEDGER_FACTS} ON points_entry
    BEGIN
        SELECT raise(ABORT, 'points_entry is append-only');
    END
    """,
    """
    CREATE TRIGGER points_entry_keep BEFORE DELETE ON points_entry
    WHEN EXISTS (SELECT 1 FROM customer WHERE id = OLD.customer_id)
    BEGIN
        SELECT raise(ABORT, 'points_entry is append-only');
    END
    """,
    """
    CREATE TABLE points_allocation (
        lot_id INTEGER NOT NULL REFERENCES points_entry (id) ON DELETE CASCADE,
        consumer_id INTEGER NOT NULL REFERENCES points_entry (id) ON DELETE CASCADE,
        amount INTEGER NOT NULL CHECK (amount > 0),
        PRIMARY KEY (lot_id, consumer_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX points_allocation_consumer ON points_allocation (consumer_id, amount)",
    """
    CREATE TRIGGER points_allocation_append_only BEFORE UPDATE ON points_allocation
    BEGIN
        SELECT raise(ABORT, 'points_allocation is append-only');
    END
    """,
    """
    CREATE TABLE tier_change (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        from_tier_id INTEGER REFERENCES tier (id) ON DELETE SET NULL,
        to_tier_id INTEGER REFERENCES tier (id) ON DELETE SET NULL,
        from_name TEXT NOT NULL DEFAULT '',
        to_name TEXT NOT NULL DEFAULT '',
        changed_at DATETIME NOT NULL,
        spend INTEGER,
        reason TEXT NOT NULL DEFAULT '',
        manual INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX tier_change_customer ON tier_change (customer_id, changed_at, id)",
]


def up(migrator: Any, db: Any) -> None:
    """Create the loyalty tables and seed the default tiers."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
    for name, rank, threshold, multiplier in DEFAULT_TIERS:
        db.execute_sql(
            "INSERT INTO tier (name, rank, threshold, multiplier) VALUES (?, ?, ?, ?)",
            (name, rank, threshold, multiplier),
        )
