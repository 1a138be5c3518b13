"""Membership tiers and points: tiers, the append-only points ledger, tier history.

Money is integer minor units; multipliers are integer per-mille; points are integers.
"""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel, MoneyField
from desktop_crm.models.customers import Customer


class Tier(BaseModel):
    """A membership level reached by spend over the last 365 days (DESIGN §4)."""

    name = peewee.TextField()
    rank = peewee.IntegerField()  # 0 = base tier; follows the thresholds
    threshold = MoneyField()  # spend (minor units) over the last 365 days
    multiplier = peewee.IntegerField(default=1000)  # points multiplier, per-mille
    benefits = peewee.TextField(default="")


class CustomerLoyalty(BaseModel):
    """A customer's loyalty state, 1:1 with Customer; no row = base tier, no points.

    tier_id is the tier in force (an active override wins); earned_tier_id is the tier the
    rules give (the floor when downgrades are off). points_balance caches SUM(ledger).
    """

    customer = peewee.ForeignKeyField(
        Customer, primary_key=True, on_delete="CASCADE", backref="loyalty"
    )
    tier = peewee.ForeignKeyField(Tier, backref="members")
    earned_tier = peewee.ForeignKeyField(Tier, null=True, on_delete="SET NULL", backref="+")
    points_balance = peewee.IntegerField(default=0)
    referred_by = peewee.ForeignKeyField(
        Customer, null=True, on_delete="SET NULL", backref="referrals"
    )
    referral_entry_id = peewee.IntegerField(null=True)  # the referrer's award, once given
    override_tier = peewee.ForeignKeyField(Tier, null=True, on_delete="SET NULL", backref="+")
    override_reason = peewee.TextField(null=True)
    override_until = peewee.DateField(null=True)  # last day the override holds; None: open


class PointsEntry(BaseModel):
    """One line of the points ledger. Never edited or deleted (triggers enforce it).

    Positive entries are earnings ("lots"): earned_on orders them for FIFO and expires_on is
    their last valid day. Order entries (earn/refund) carry the order id (no foreign key: the
    line outlives an undone order) and the factor the order earns at, in 1e-11 points per
    minor unit. An expire entry names the earning it expires in source_id.
    """

    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", backref="points")
    delta = peewee.IntegerField()
    reason = peewee.TextField()  # earn refund redeem adjust expire birthday referral
    order_id = peewee.IntegerField(null=True)
    created_at = peewee.DateTimeField()
    earned_on = peewee.DateField(null=True)
    expires_on = peewee.DateField(null=True)
    factor = peewee.IntegerField(null=True)
    source_id = peewee.IntegerField(null=True)
    referred_id = peewee.IntegerField(null=True)
    note = peewee.TextField(default="")


class PointsAllocation(BaseModel):
    """How much a consumption (redeem, refund, negative adjust, expire) took from an earning.

    Append-only: what is left of an earning is its delta minus its allocations.
    """

    lot = peewee.ForeignKeyField(PointsEntry, on_delete="CASCADE", backref="allocations")
    consumer = peewee.ForeignKeyField(PointsEntry, on_delete="CASCADE", backref="takes")
    amount = peewee.IntegerField()

    class Meta:
        primary_key = peewee.CompositeKey("lot", "consumer")
        without_rowid = True


class TierChange(BaseModel):
    """A customer's tier changed: from, to, when and why (spend figure, manual override)."""

    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", backref="tier_changes")
    from_tier = peewee.ForeignKeyField(Tier, null=True, on_delete="SET NULL", backref="+")
    to_tier = peewee.ForeignKeyField(Tier, null=True, on_delete="SET NULL", backref="+")
    from_name = peewee.TextField(default="")
    to_name = peewee.TextField(default="")
    changed_at = peewee.DateTimeField()
    spend = MoneyField(null=True)  # spend over the last 365 days when it changed
    currency = peewee.TextField(null=True)  # the store currency of that day (spend's)
    reason = peewee.TextField(default="")
    manual = peewee.BooleanField(default=False)


LOYALTY_MODELS: list[type[BaseModel]] = [
    Tier,
    CustomerLoyalty,
    PointsEntry,
    PointsAllocation,
    TierChange,
]
