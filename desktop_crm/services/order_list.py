"""The Orders page: find any order by number, buyer, platform, status, dates and amount."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desktop_crm.db import db
from desktop_crm.errors import NotFound
from desktop_crm.services.customer_list import fold_width, search_clause
from desktop_crm.services.names import search_text

SORTS = {
    "date": "o.ordered_at",
    "platform": "o.platform",
    "order_no": "o.order_no",
    "customer": "c.display_name COLLATE NOCASE",
    "status": "o.status",
    "paid": "o.paid",
    "refunded": "o.refunded",
}


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """What the Orders page shows; every part is optional and they combine with AND."""

    text: str = ""  # an order number (or its start), or a buyer's name / nickname / phone
    platform: str | None = None
    statuses: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    min_paid: int | None = None  # minor units
    max_paid: int | None = None
    customer_id: int | None = None


@dataclass(slots=True)
class OrderRow:
    """One line of the order list."""

    id: int
    platform: str
    order_no: str
    ordered_at: datetime
    status: str
    paid: int
    refunded: int
    currency: str | None
    item_summary: str
    customer_id: int | None
    customer_name: str


@dataclass(slots=True)
class OrderDetail:
    """An order with its lines, its customer and the import that brought it."""

    row: OrderRow
    paid_at: datetime | None
    completed_at: datetime | None
    buyer_note: str
    province: str
    city: str
    items: list[tuple[str, str, int, int, str]] = field(default_factory=list)
    batch_id: int | None = None
    batch_file: str = ""
    batch_time: datetime | None = None


def _buyer_clause(text: str) -> tuple[str, list[object]]:
    # The customers the Customers search finds, platform accounts included (a buyer's Taobao
    # nickname finds their orders after a rename): one search, so the two pages agree. The
    # subquery runs once, not per order.
    where, params = search_clause(text)
    if not where:
        return "0", []
    return f"o.customer_id IN (SELECT c.id FROM customer c WHERE {where})", params


def _where(flt: OrderFilter) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    text = search_text(flt.text)
    if text:
        # An order number (exact or its beginning: the order_no index answers GLOB 'x*'),
        # or the orders of customers the customer search finds. The number is looked for as
        # platforms write it, in ASCII, though typed in full width (７０００…).
        buyer, buyer_params = _buyer_clause(text)
        parts.append(f"(o.order_no GLOB ? OR ({buyer}))")
        number = fold_width(text)
        params.append("".join(f"[{ch}]" if ch in "*?[]" else ch for ch in number) + "*")
        params.extend(buyer_params)
    if flt.platform:
        parts.append("o.platform = ?")
        params.append(flt.platform)
    if flt.statuses:
        parts.append(f"o.status IN ({','.join('?' * len(flt.statuses))})")
        params.extend(flt.statuses)
    if flt.date_from:
        parts.append("o.ordered_at >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        parts.append("o.ordered_at < ?")
        params.append((flt.date_to + timedelta(days=1)).isoformat())
    if flt.min_paid is not None:
        parts.append("o.paid >= ?")
        params.append(flt.min_paid)
    if flt.max_paid is not None:
        parts.append("o.paid <= ?")
        params.append(flt.max_paid)
    if flt.customer_id is not None:
        parts.append("o.customer_id = ?")
        params.append(flt.customer_id)
    return " AND ".join(parts) or "1", params


def has_orders() -> bool:
    """Is there any order at all (a new shop has none)?"""
    return bool(db.execute_sql("SELECT EXISTS (SELECT 1 FROM orders)").fetchone()[0])


def list_ids(flt: OrderFilter, sort: str = "date", descending: bool = True) -> list[int]:
    """Ids of the matching orders in display order."""
    expr = SORTS.get(sort, SORTS["date"])
    direction = "DESC" if descending else "ASC"
    where, params = _where(flt)
    join = "LEFT JOIN customer c ON c.id = o.customer_id" if sort == "customer" else ""
    sql = (
        f"SELECT o.id FROM orders o {join} WHERE {where} "
        f"ORDER BY {expr} {direction} NULLS LAST, o.id {direction}"
    )
    return [r[0] for r in db.execute_sql(sql, params).fetchall()]


_ROW_SQL = (
    "SELECT o.id, o.platform, o.order_no, o.ordered_at, o.status, o.paid, o.refunded, "
    "o.currency, o.item_summary, o.customer_id, coalesce(c.display_name, '') "
    "FROM orders o LEFT JOIN customer c ON c.id = o.customer_id WHERE o.id IN ({})"
)


def _row(r: Sequence[object]) -> OrderRow:
    return OrderRow(
        id=int(r[0]), platform=str(r[1]), order_no=str(r[2]),
        ordered_at=datetime.fromisoformat(str(r[3])), status=str(r[4]), paid=int(r[5]),  # type: ignore[arg-type]
        refunded=int(r[6]), currency=r[7], item_summary=str(r[8]),  # type: ignore[arg-type]
        customer_id=r[9], customer_name=str(r[10]),  # type: ignore[arg-type]
    )  # fmt: skip


def fetch_rows(ids: Sequence[int]) -> dict[int, OrderRow]:
    """The list rows of these orders."""
    out: dict[int, OrderRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        for r in db.execute_sql(_ROW_SQL.format(",".join("?" * len(chunk))), chunk).fetchall():
            out[int(r[0])] = _row(r)
    return out


def get_order(order_id: int) -> OrderDetail:
    """One order with its lines, customer and batch."""
    rows = fetch_rows([order_id])
    if order_id not in rows:
        raise NotFound(f"Order {order_id} does not exist.")
    extra = db.execute_sql(
        "SELECT o.paid_at, o.completed_at, coalesce(o.buyer_note, ''), coalesce(o.province, ''), "
        "coalesce(o.city, ''), o.created_batch_id, b.file_name, b.started_at "
        "FROM orders o LEFT JOIN import_batch b ON b.id = o.created_batch_id WHERE o.id = ?",
        (order_id,),
    ).fetchone()
    items = [
        (str(t), str(s), int(q), int(p), str(a))
        for t, s, q, p, a in db.execute_sql(
            "SELECT title, sku, quantity, price, attributes FROM order_item WHERE order_id = ? "
            "ORDER BY id",
            (order_id,),
        ).fetchall()
    ]

    def when(v: object) -> datetime | None:
        return None if v is None else datetime.fromisoformat(str(v))

    return OrderDetail(
        row=rows[order_id], paid_at=when(extra[0]), completed_at=when(extra[1]),
        buyer_note=extra[2], province=extra[3], city=extra[4], items=items,
        batch_id=extra[5], batch_file=extra[6] or "", batch_time=when(extra[7]),
    )  # fmt: skip
