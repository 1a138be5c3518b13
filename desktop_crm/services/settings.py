"""Store rules kept in the database (they travel with it): typed get/set over the Setting table."""

from __future__ import annotations

import json
from typing import Any

from desktop_crm.db import db
from desktop_crm.models import Setting

DEFAULTS: dict[str, Any] = {
    # ISO code of the store currency; None until the first import or the merchant sets it.
    "currency": None,
}


def get_setting(key: str) -> Any:
    """The stored value of `key`, or its default."""
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def set_setting(key: str, value: Any) -> None:
    """Store `value` (JSON) under `key`."""
    with db.atomic():
        Setting.insert(
            key=key, value=json.dumps(value, ensure_ascii=False)
        ).on_conflict_replace().execute()


def store_currency() -> str | None:
    """The one currency the store's sums are in (DESIGN §2)."""
    value = get_setting("currency")
    return str(value) if value else None
