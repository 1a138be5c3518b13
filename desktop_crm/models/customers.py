"""Customers and what hangs off them: channel identities, tags, notes."""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel, MoneyField
from desktop_crm.models.imports import ImportBatch


class Customer(BaseModel):
    """A person the merchant sells to; order totals are cached and kept equal to a recount."""

    display_name = peewee.TextField()
    real_name = peewee.TextField(null=True)
    phone = peewee.TextField(null=True)
    phone_masked = peewee.BooleanField(default=False)
    phone_norm = peewee.TextField(null=True)  # full number normalised; NULL when masked
    email = peewee.TextField(null=True)
    email_norm = peewee.TextField(null=True)  # lower-cased
    gender = peewee.TextField(null=True)
    birthday = peewee.DateField(null=True)
    province = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    address = peewee.TextField(null=True)
    source_platform = peewee.TextField(default="manual")
    notes = peewee.TextField(default="")
    tags = peewee.TextField(default="")  # cache of sorted tag names, kept by triggers
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    order_count = peewee.IntegerField(default=0)  # purchases (paid, shipped, completed)
    total_paid = MoneyField(default=0)  # net of purchases in the store currency
    first_order_at = peewee.DateTimeField(null=True)
    last_order_at = peewee.DateTimeField(null=True)
    created_batch = peewee.ForeignKeyField(
        ImportBatch, null=True, on_delete="SET NULL", backref="created_customers"
    )
    search_body = peewee.TextField(default="")  # kept by triggers; never written by code


class ChannelIdentity(BaseModel):
    """How a buyer is recognised again on one platform (account, e-mail, weak composite)."""

    platform = peewee.TextField()
    buyer_key = peewee.TextField()
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", backref="identities")
    weak = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField()
    created_batch = peewee.ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("platform", "buyer_key"), True),)


class Tag(BaseModel):
    """A label the merchant puts on customers."""

    name = peewee.TextField(unique=True)
    color = peewee.TextField(default="")


class CustomerTag(BaseModel):
    """Which customer carries which tag."""

    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
    tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE")
    # The import that gave this link (undoing it takes the link away); None: the merchant's.
    batch_id = peewee.IntegerField(null=True)

    class Meta:
        primary_key = peewee.CompositeKey("customer", "tag")
        without_rowid = True


class Note(BaseModel):
    """A dated note on a customer."""

    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", backref="note_entries")
    created_at = peewee.DateTimeField()
    body = peewee.TextField()
