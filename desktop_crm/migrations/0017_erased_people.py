"""Erased people are remembered by a digest, so that a customer list does not make them again.

An erasure's orders stay anonymous when an export holding them is imported again
(`erased_order`, 0014). A customer list (Shopify customers_export, a mapped sheet of people)
has no orders: importing the same list again made the erased person again, with their name,
phone, address and note. `erased_person` holds a SHA-256 digest of each of the person's
platform accounts, full phone and e-mail (services/privacy.py, `person_digests`), never the
values; the importer leaves out a listed person with such a digest unless they are a customer
again. People erased before this version left nothing to compute a digest from.
"""

from __future__ import annotations

from typing import Any


def up(migrator: Any, db: Any) -> None:
    """Create erased_person (empty)."""
    db.execute_sql("CREATE TABLE erased_person (digest TEXT PRIMARY KEY) WITHOUT ROWID")
