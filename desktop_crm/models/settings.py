"""Store rules live in the database so they travel with it."""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel


class Setting(BaseModel):
    """One rule: a key and a JSON value."""

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()
