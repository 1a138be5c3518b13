"""A logical dump of the business data: what must survive crashes, undo and restore.

Rows are keyed by natural keys (a customer by its identities or its id, an order by platform
and number) so two databases built in a different order compare equal when their content is.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from desktop_crm.db import db

# table -> SELECT giving rows of natural data (no surrogate ids where a natural key exists).
_QUERIES = {
    "customers": """
        SELECT coalesce((SELECT group_concat(platform || ':' || buyer_key, ',') FROM
                (SELECT platform, buyer_key FROM channel_identity ci WHERE ci.customer_id = c.id
                 ORDER BY 1, 2)), 'id:' || c.id),
            display_name, real_name, phone, phone_masked, phone_norm, email, email_norm, gender,
            birthday, province, city, address, source_platform, notes, tags, order_count,
            total_paid, first_order_at, last_order_at
        FROM customer c
    """,
    "identities": """
        SELECT ci.platform, ci.buyer_key, ci.weak,
            (SELECT count(*) FROM channel_identity x WHERE x.customer_id = ci.customer_id)
        FROM channel_identity ci
    """,
    "orders": """
        SELECT o.platform, o.order_no,
            (SELECT group_concat(platform || ':' || buyer_key, ',') FROM channel_identity ci
             WHERE ci.customer_id = o.customer_id),
            o.ordered_at, o.paid_at, o.completed_at, o.status, o.paid, o.refunded, o.currency,
            o.item_summary, o.buyer_note, o.province, o.city
        FROM orders o
    """,
    "items": """
        SELECT o.platform, o.order_no, i.title, i.sku, i.quantity, i.price, i.attributes
        FROM order_item i JOIN orders o ON o.id = i.order_id
    """,
    "tags": """
        SELECT t.name, coalesce((SELECT group_concat(platform || ':' || buyer_key, ',') FROM
            channel_identity ci WHERE ci.customer_id = ct.customer_id), 'id:' || ct.customer_id)
        FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
    """,
    "notes": "SELECT customer_id, created_at, body FROM note",
    # Keys starting with "_" are bookkeeping (e.g. the highest order id ever removed).
    "settings": r"SELECT key, value FROM setting WHERE key NOT LIKE '\_%' ESCAPE '\'",
}


def business_dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every business table as a sorted list of rows."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name, sql in _QUERIES.items():
        rows = [tuple(r) for r in db.execute_sql(sql).fetchall()]
        out[name] = sorted(rows, key=lambda r: json.dumps(r, default=str, ensure_ascii=False))
    return out


def logical_hash() -> str:
    """A sha256 over the business dump."""
    text = json.dumps(business_dump(), default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
