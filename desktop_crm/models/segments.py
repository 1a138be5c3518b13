"""Saved segments: a named customer filter, kept in the database so it travels with it."""

from __future__ import annotations

import peewee

from desktop_crm.models.base import BaseModel


class Segment(BaseModel):
    """A saved customer filter; `filter_json` holds the CustomerFilter fields as JSON."""

    name = peewee.TextField(unique=True)  # unique case-insensitively (index segment_name)
    filter_json = peewee.TextField()
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
