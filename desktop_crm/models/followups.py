"""Follow-up reminders and the feedback log (tables of migration 0004)."""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel
from desktop_crm.models.customers import Customer
from desktop_crm.models.orders import Order


class Feedback(BaseModel):
    """What a customer told the shop: a complaint, praise, a suggestion, a return, a question."""

    id = peewee.AutoField()  # AUTOINCREMENT in the DDL: never reused (follow-ups key on it)
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", backref="feedback")
    order = peewee.ForeignKeyField(Order, null=True, on_delete="SET NULL")
    # The order's name while the merchant links one: an import that brings a removed order
    # back links it again (migration 0012).
    order_platform = peewee.TextField(null=True)
    order_no = peewee.TextField(null=True)
    kind = peewee.TextField()  # complaint, praise, suggestion, return, inquiry
    channel = peewee.TextField(default="")  # 旺旺, phone, WeChat, e-mail, review ...
    rating = peewee.IntegerField(null=True)  # 1-5
    content = peewee.TextField()
    status = peewee.TextField(default="open")  # open, in_progress, resolved
    resolution = peewee.TextField(default="")
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    resolved_at = peewee.DateTimeField(null=True)


class FollowUp(BaseModel):
    """A reminder to contact a customer, typed in or created by an automatic rule."""

    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", backref="followups")
    title = peewee.TextField()
    kind = peewee.TextField(default="manual")  # manual, birthday, win_back, after_sale, feedback
    due = peewee.DateTimeField()
    status = peewee.TextField(default="open")  # open, done, snoozed, cancelled
    recurrence = peewee.TextField(default="none")  # none, weekly, monthly, yearly
    anchor = peewee.DateTimeField(null=True)  # first due of a recurring series (no drift)
    notes = peewee.TextField(default="")
    outcome = peewee.TextField(default="")
    done_at = peewee.DateTimeField(null=True)
    snoozed_until = peewee.DateTimeField(null=True)
    # The series date a snoozed (or edited) repeating one stands for; Done continues after it.
    occurs_at = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    reason_key = peewee.TextField(null=True)  # automatic ones only; unique per customer
    auto_closed = peewee.BooleanField(default=False)  # closed by a rule, reopened by it too
    order = peewee.ForeignKeyField(Order, null=True, on_delete="SET NULL")
    feedback = peewee.ForeignKeyField(Feedback, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "follow_up"
