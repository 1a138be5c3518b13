"""Duplicate customers: "not the same person" marks and merge records (migration 0007)."""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel
from desktop_crm.models.customers import Customer


class NotDuplicate(BaseModel):
    """Two customers the merchant said are different people (stored with customer_a < b)."""

    customer_a = peewee.ForeignKeyField(
        Customer, column_name="customer_a", on_delete="CASCADE", backref="+"
    )
    customer_b = peewee.ForeignKeyField(
        Customer, column_name="customer_b", on_delete="CASCADE", backref="+"
    )
    created_at = peewee.DateTimeField()

    class Meta:
        table_name = "not_duplicate"
        primary_key = peewee.CompositeKey("customer_a", "customer_b")
        without_rowid = True
        indexes = ((("customer_b", "customer_a"), False),)


class CustomerMerge(BaseModel):
    """One merge, with everything unmerge needs to put the two customers back exactly.

    No foreign keys on purpose: the merged customer no longer exists, and a later merge must
    not move this record. The JSON columns are written and read by services.duplicates only.
    """

    kept_id = peewee.IntegerField()
    merged_id = peewee.IntegerField()
    merged_name = peewee.TextField()  # shown in the merge history
    merged_row_json = peewee.TextField()  # the merged customer's whole row
    kept_before_json = peewee.TextField()  # {column: value before} of kept columns changed
    kept_after_json = peewee.TextField()  # {column: value the merge set}
    moved_json = peewee.TextField()  # [{table, column, pk, keys}] rows moved to the kept one
    removed_json = peewee.TextField()  # [{table, column, row}] rows removed as conflicts
    journal_json = peewee.TextField(default="{}")  # import journal entries rewritten
    created_at = peewee.DateTimeField()
    undone_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "customer_merge"
        indexes = (
            (("kept_id", "id"), False),
            (("merged_id", "id"), False),
        )
