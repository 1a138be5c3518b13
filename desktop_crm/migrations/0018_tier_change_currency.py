"""A tier change remembers the currency its spend was in.

A tier change records the customer's spend when it happened, in the store currency of that
day. Changing the store currency (Settings ▸ Currency) showed those past amounts with the new
currency's sign: a change made at ¥14,246.73 read $14,246.73 in the monthly report.
`tier_change.currency` is the store currency when the change was recorded. The changes
recorded so far are taken to be in the store currency as it is now: only version 17 could
change it, and a store that did keeps showing its earlier changes in the new one, as before.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Add tier_change.currency, the store currency for the changes that record a spend."""
    db.execute_sql("ALTER TABLE tier_change ADD COLUMN currency TEXT")
    db.execute_sql(
        "UPDATE tier_change SET currency = (SELECT json_extract(value, '$') FROM setting "
        "WHERE key = 'currency') WHERE spend IS NOT NULL"
    )
