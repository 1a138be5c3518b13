"""Win-back follow-ups made before are due no earlier than the day they were made.

They used to be due the day the churn warning began, so a database made then (the demo, a
first import of two years of history) shows every lapsed buyer "677 days late". New ones are
due the day they are made (services/followups.py, `_collect_win_backs`); this moves the old
ones the same way. Only open rule-made ones: a snoozed one is due the day the merchant chose
(never before the day it was made anyway), and done or cancelled ones are history.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Set due = the day it was made, for open automatic win-backs due before that day."""
    db.execute_sql(
        "UPDATE follow_up SET due = date(created_at) || ' 00:00:00' "
        "WHERE kind = 'win_back' AND reason_key IS NOT NULL AND status = 'open' "
        "AND due < date(created_at)"
    )
