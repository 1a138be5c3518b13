"""What the merchant entered by hand on the customers an import created.

Undoing an import removes the customers it created, and with them (the tables cascade) every
entry they carry. Most of those are the import's own or the rules' (orders, earned points,
automatic follow-ups) and go with the import by design; the ones counted here are the
merchant's own work, which the undo's confirmation names so nobody loses it unawares:
feedback, typed-in follow-ups, hand-made points changes (adjustments and redemptions), notes
and tags (other than those an import gave).

Counting only: nothing here changes what an undo does.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_crm.db import db

# Points reasons a person enters (services/loyalty_points.py ADJUST, REDEEM); the others
# (earn, refund, expire, birthday, referral) are the rules'.
_HAND_MADE_POINTS = ("adjust", "redeem")


@dataclass(frozen=True, slots=True)
class OwnEntries:
    """How many of the merchant's own entries some customers carry."""

    feedback: int = 0
    followups: int = 0  # typed in (automatic ones are the rules')
    points_adjustments: int = 0  # adjustments and redemptions
    notes: int = 0
    tags: int = 0  # customer-tag links the merchant made (not an import)

    @property
    def total(self) -> int:
        return self.feedback + self.followups + self.points_adjustments + self.notes + self.tags


_SQL = f"""
    WITH c AS (SELECT id FROM customer WHERE created_batch_id = ?1)
    SELECT
        (SELECT count(*) FROM feedback WHERE customer_id IN c),
        (SELECT count(*) FROM follow_up WHERE customer_id IN c AND reason_key IS NULL),
        (SELECT count(*) FROM points_entry WHERE customer_id IN c
            AND reason IN {_HAND_MADE_POINTS!r}),
        (SELECT count(*) FROM note WHERE customer_id IN c),
        -- a link an import gave names it (this import or a later one: earlier imports
        -- cannot have tagged a customer this one created); the others are the merchant's
        (SELECT count(*) FROM customer_tag WHERE customer_id IN c AND batch_id IS NULL)
"""


def on_customers_created_by(batch_id: int) -> OwnEntries:
    """The merchant's own entries on the customers import `batch_id` created (what undoing
    it would remove with them)."""
    row = db.execute_sql(_SQL, (batch_id,)).fetchone()
    feedback, followups, points, notes, tags = (int(v or 0) for v in row)
    return OwnEntries(
        feedback=feedback, followups=followups, points_adjustments=points, notes=notes, tags=tags
    )
