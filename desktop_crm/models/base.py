"""The peewee base model bound to the one database handle."""

from __future__ import annotations

import peewee

from desktop_crm.db import db


class BaseModel(peewee.Model):
    """Every table: bound to `db.db`, snake_case table names."""

    class Meta:
        database = db
        legacy_table_names = False


class MoneyField(peewee.IntegerField):
    """Integer minor units (fen / cents): money is never a float."""
