"""A snoozed repeating follow-up remembers which date of its series it stands for.

Snooze moves a follow-up's due to the day it was put off to, which is not a date of its
series. Done then had only today to go by: the 1 December occurrence of a monthly series,
snoozed to 2 December and done early on 24 November, was followed by a new 1 December one
(the date just done) instead of 1 January. `follow_up.occurs_at` keeps the series date a
snooze moved it from (or the due the merchant typed in the form); Done continues after it.
Follow-ups snoozed before this version cannot say it, and continue after today as before.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Add follow_up.occurs_at."""
    db.execute_sql("ALTER TABLE follow_up ADD COLUMN occurs_at DATETIME")
