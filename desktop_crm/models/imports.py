"""Import batches: everything an import writes carries its batch, so it can be undone."""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel


class ImportBatch(BaseModel):
    """One imported file: what it was, when, and what it did."""

    file_name = peewee.TextField()
    file_path = peewee.TextField(default="")
    sha256 = peewee.TextField(default="")
    platform = peewee.TextField()
    kind = peewee.TextField()
    started_at = peewee.DateTimeField()
    finished_at = peewee.DateTimeField(null=True)
    rows_read = peewee.IntegerField(default=0)
    orders_added = peewee.IntegerField(default=0)
    orders_updated = peewee.IntegerField(default=0)
    orders_unchanged = peewee.IntegerField(default=0)
    orders_without_customer = peewee.IntegerField(default=0)
    customers_added = peewee.IntegerField(default=0)
    customers_matched = peewee.IntegerField(default=0)
    rejected_json = peewee.TextField(default="[]")
    notes_json = peewee.TextField(default="[]")
    joined_json = peewee.TextField(default="[]")  # the item files joined (a 宝贝报表)
    undone_at = peewee.DateTimeField(null=True)


class ImportChange(BaseModel):
    """One row an import added or changed; `before_json` holds what it was (for undo)."""

    batch = peewee.ForeignKeyField(ImportBatch, on_delete="CASCADE", backref="changes")
    entity = peewee.TextField()  # order, customer, identity, customer_tag
    row_id = peewee.IntegerField()
    action = peewee.TextField()  # add, update
    before_json = peewee.TextField(null=True)
