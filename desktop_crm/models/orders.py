"""Orders and their lines."""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel, MoneyField
from desktop_crm.models.customers import ChannelIdentity, Customer
from desktop_crm.models.imports import ImportBatch


class Order(BaseModel):
    """One order on one platform; status is its progress (DESIGN §3)."""

    platform = peewee.TextField()
    order_no = peewee.TextField()
    customer = peewee.ForeignKeyField(Customer, null=True, on_delete="SET NULL", backref="orders")
    identity = peewee.ForeignKeyField(ChannelIdentity, null=True, on_delete="SET NULL")
    ordered_at = peewee.DateTimeField()
    paid_at = peewee.DateTimeField(null=True)
    completed_at = peewee.DateTimeField(null=True)
    status = peewee.TextField()
    paid = MoneyField(default=0)
    refunded = MoneyField(default=0)
    currency = peewee.TextField(null=True)
    item_summary = peewee.TextField(default="")
    buyer_note = peewee.TextField(null=True)
    province = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    batch = peewee.ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    created_batch = peewee.ForeignKeyField(
        ImportBatch, null=True, on_delete="SET NULL", backref="created_orders"
    )
    fingerprint = peewee.TextField(default="")  # the imported version, to spot re-imports
    # Digest of the export rows this version was read from (re-imports skip identical rows).
    source_digest = peewee.TextField(null=True)

    class Meta:
        table_name = "orders"
        indexes = ((("platform", "order_no"), True),)


class OrderItem(BaseModel):
    """One line of an order."""

    order = peewee.ForeignKeyField(Order, on_delete="CASCADE", backref="items")
    title = peewee.TextField(default="")
    sku = peewee.TextField(default="")
    quantity = peewee.IntegerField(default=1)
    price = MoneyField(default=0)
    attributes = peewee.TextField(default="")
