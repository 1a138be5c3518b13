"""The customer list: an ordered id list for (filter, sort), and rows fetched by page.

SQLite filters and sorts; the view only ever holds the id list and the rows it has painted
(STYLE "Big tables"). Search uses the trigram FTS index for terms of 3+ characters and LIKE
(wildcards escaped) for shorter ones such as 张伟.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop_crm.db import db
from desktop_crm.services.customers import CustomerRow

# Sort key -> SQL expression. NULLs always sort last.
SORTS: dict[str, str] = {
    "name": "c.display_name COLLATE NOCASE",
    "platform": "c.source_platform",
    "orders": "c.order_count",
    "total_paid": "c.total_paid",
    "last_order": "c.last_order_at",
    "city": "c.city",
    "tags": "c.tags",
    "created": "c.created_at",
}
_DIGITS_ONLY = re.compile(r"^[\d\s\-+()]+$")


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """What the list shows: search text and filters, all combined with AND."""

    text: str = ""
    tag_id: int | None = None
    platform: str | None = None


def escape_like(term: str) -> str:
    """Escape LIKE wildcards so % and _ match themselves (escape character: backslash)."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_terms(text: str) -> list[str]:
    """Split search text into terms; a phone typed with separators becomes one digit term."""
    text = text.strip()
    if not text:
        return []
    if _DIGITS_ONLY.match(text) and sum(ch.isdigit() for ch in text) >= 3:
        return ["".join(ch for ch in text if ch.isdigit() or ch == "+")]
    return text.split()


def where_clause(flt: CustomerFilter) -> tuple[str, list[object]]:
    """SQL WHERE (over alias c) and its parameters for a filter."""
    parts: list[str] = []
    params: list[object] = []
    for term in search_terms(flt.text):
        if len(term) >= 3:
            parts.append(
                "c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)"
            )
            params.append('"' + term.replace('"', '""') + '"')
        else:
            parts.append("c.search_body LIKE ? ESCAPE '\\'")
            params.append("%" + escape_like(term) + "%")
    if flt.tag_id is not None:
        parts.append("c.id IN (SELECT customer_id FROM customer_tag WHERE tag_id = ?)")
        params.append(flt.tag_id)
    if flt.platform:
        parts.append("c.source_platform = ?")
        params.append(flt.platform)
    return (" AND ".join(parts) or "1"), params


def list_ids(flt: CustomerFilter, sort: str = "name", descending: bool = False) -> list[int]:
    """Ids of the customers matching `flt`, in display order."""
    expr = SORTS.get(sort, SORTS["name"])
    direction = "DESC" if descending else "ASC"
    where, params = where_clause(flt)
    # A LIKE scan must read every row anyway: scanning the table and sorting the matches is
    # 5-8x faster than walking the sort index and looking each row up (the planner's choice).
    hint = "NOT INDEXED" if "search_body LIKE" in where else ""
    # NULLS LAST in both directions; descending, it is the index order (NULLs sort lowest).
    sql = (
        f"SELECT c.id FROM customer c {hint} WHERE {where} "
        f"ORDER BY {expr} {direction} NULLS LAST, c.id {direction}"
    )
    return [row[0] for row in db.execute_sql(sql, params).fetchall()]


def count(flt: CustomerFilter | None = None) -> int:
    """How many customers match (all when no filter)."""
    where, params = where_clause(flt or CustomerFilter())
    return int(
        db.execute_sql(f"SELECT count(*) FROM customer c WHERE {where}", params).fetchone()[0]
    )


_ROW_SQL = (
    "SELECT id, display_name, coalesce(real_name, ''), coalesce(phone, ''), phone_masked, "
    "coalesce(email, ''), source_platform, order_count, total_paid, last_order_at, "
    "coalesce(city, ''), tags FROM customer WHERE id IN ({})"
)


def fetch_rows(ids: Sequence[int]) -> dict[int, CustomerRow]:
    """The list rows of these customers (missing ids are simply absent)."""
    out: dict[int, CustomerRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        cursor = db.execute_sql(_ROW_SQL.format(",".join("?" * len(chunk))), chunk)
        for r in cursor.fetchall():
            last = r[9]
            out[r[0]] = CustomerRow(
                id=r[0],
                display_name=r[1],
                real_name=r[2],
                phone=r[3],
                phone_masked=bool(r[4]),
                email=r[5],
                source_platform=r[6],
                order_count=r[7],
                total_paid=r[8],
                last_order_at=_parse_dt(last),
                city=r[10],
                tags=r[11],
            )
    return out


def _parse_dt(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
