"""The customer's rights (GDPR / PIPL): everything about one person, erasure, retention.

The schema is walked at run time (every foreign key that points at a customer, directly or
through an identity or an order), so a table added later is exported and erased without anyone
having to remember this module: a test fails if a new table references customers and is not
covered.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_crm.db import db, storage_errors
from desktop_crm.errors import NotFound, Refused
from desktop_crm.reports.files import write_atomically
from desktop_crm.services.backup import backup_before

log = logging.getLogger("desktop_crm.privacy")

# Tables whose rows hold no personal data of their own and are only reached through a
# customer (none yet) — and tables that are logs about the store, not about a person.
_NOT_PERSONAL = {"schema_migration", "setting", "import_batch", "tag", "erasure_log"}
# Free-text columns of kept (anonymised) rows that may hold personal data.
_ORDER_TEXT = ("buyer_note",)


@dataclass(frozen=True, slots=True)
class Reference:
    """A table that points at a customer (directly, or through another table)."""

    table: str
    column: str
    via: str  # "customer", "channel_identity" or "orders"


def customer_references() -> list[Reference]:
    """Every (table, column) whose foreign key leads to a customer, by walking the schema."""
    refs: list[Reference] = []
    parents = {"customer": "customer"}
    changed = True
    while changed:
        changed = False
        for table in db.get_tables():
            if table.startswith(("customer_search", "sqlite_")):
                continue
            for fk in db.get_foreign_keys(table):
                if fk.dest_table in parents:
                    ref = Reference(table, fk.column, fk.dest_table)
                    if ref not in refs:
                        refs.append(ref)
                        changed = True
                    if table in ("channel_identity", "orders") and table not in parents:
                        parents[table] = table
    return refs


def _rows(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute_sql(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def person_data(customer_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row that references the customer, by table (the customer row first)."""
    customer = _rows("SELECT * FROM customer WHERE id = ?", [customer_id])
    if not customer:
        raise NotFound(f"Customer {customer_id} does not exist.")
    for row in customer:
        row.pop("search_body", None)  # a copy of the fields above
    out: dict[str, list[dict[str, Any]]] = {"customer": customer}
    ids = {"customer": [customer_id]}
    merges = _rows(
        "SELECT id, kept_id, merged_id, created_at, undone_at FROM customer_merge "
        "WHERE kept_id = ? OR merged_id = ?",
        [customer_id, customer_id],
    )
    if merges:
        out["customer_merge"] = merges
    for ref in customer_references():
        parent_ids = ids.get(ref.via, [])
        if not parent_ids:
            continue
        marks = ",".join("?" * len(parent_ids))
        rows = _rows(f'SELECT * FROM "{ref.table}" WHERE "{ref.column}" IN ({marks})', parent_ids)
        if ref.table in ("channel_identity", "orders"):
            ids[ref.table] = [int(r["id"]) for r in rows]
        if ref.table == "orders":
            for r in rows:
                r.pop("fingerprint", None)
                r.pop("source_digest", None)
        if rows:
            out.setdefault(ref.table, []).extend(r for r in rows if r not in out.get(ref.table, []))
    return out


def export_person(customer_id: int, out: Path, *, now: datetime) -> list[Path]:
    """Write everything about one customer as JSON and as xlsx (one sheet per table).

    `out` names the JSON file; the workbook is written beside it with the .xlsx suffix.
    """
    from desktop_crm.reports.xlsx import write_sheets

    data = person_data(customer_id)
    payload = {
        "exported_at": now.isoformat(" ", "seconds"),
        "customer_id": customer_id,
        "tables": data,
    }
    json_path = out.with_suffix(".json")
    xlsx_path = out.with_suffix(".xlsx")

    def write_json(tmp: Path) -> None:
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), "utf-8")

    write_atomically(json_path, write_json)
    sheets = []
    for table, rows in data.items():
        headers = list(rows[0]) if rows else []
        sheets.append((table, headers, [[_cell(r[h]) for h in headers] for r in rows]))
    write_sheets(xlsx_path, sheets)
    log.info("exported customer %s (%d tables)", customer_id, len(data))
    return [json_path, xlsx_path]


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


@dataclass(slots=True)
class ErasureResult:
    """What an erasure did, and until when an older backup may still hold the person."""

    customer_id: int
    rows_deleted: dict[str, int] = field(default_factory=dict)
    orders_anonymised: int = 0
    backups_hold_until: date | None = None


def erase_person(
    customer_id: int, *, now: datetime, backups_hold_until: date | None = None
) -> ErasureResult:
    """Remove a customer's personal data from every table; keep their orders, anonymised.

    Orders stay (sales figures stay right) without a customer, identity or free text. Freed
    pages are zeroed (secure_delete), the trigram index and the file are rewritten so no
    fragment stays in old pages, and the WAL is checkpointed and truncated: the bytes are gone
    from the database file and its WAL. Backups made earlier still hold the person until the
    rotation deletes them (`backups_hold_until`, shown to the user and logged).
    """
    return erase_people([customer_id], now=now, backups_hold_until=backups_hold_until)[0]


def erase_people(
    customer_ids: list[int], *, now: datetime, backups_hold_until: date | None = None
) -> list[ErasureResult]:
    """Erase several customers at once: one backup before, one rewrite of the file after."""
    if backups_hold_until is None:
        backups_hold_until = oldest_backup_expiry(now)
    for cid in customer_ids:
        if not _ids("SELECT id FROM customer WHERE id = ?", cid):
            raise NotFound(f"Customer {cid} does not exist.")
    backup_before("erasure", now=now)
    results = [ErasureResult(cid, backups_hold_until=backups_hold_until) for cid in customer_ids]
    with storage_errors():
        db.execute_sql("PRAGMA secure_delete = ON")
        try:
            with db.atomic():
                for result in results:
                    _erase_rows(result.customer_id, result)
                    db.execute_sql(
                        "INSERT INTO erasure_log (customer_id, erased_at, orders_kept, "
                        "backups_hold_until) VALUES (?, ?, ?, ?)",
                        [result.customer_id, now, result.orders_anonymised, backups_hold_until],
                    )
            # Deleted rows' trigrams otherwise stay in the index's old segments, and pages freed
            # before secure_delete was on (index rebalancing during imports) keep old copies.
            db.execute_sql("INSERT INTO customer_search (customer_search) VALUES ('optimize')")
            db.execute_sql("VACUUM")
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.execute_sql("PRAGMA secure_delete = OFF")
    log.info("erased %d customer(s)", len(results))
    return results


def oldest_backup_expiry(now: datetime) -> date:
    """When the rotation deletes the last backup made before `now`: backups are kept daily for
    12 days, weekly for 10 weeks and monthly for 9 months, so at most about ten months."""
    return (now + timedelta(days=9 * 31 + 31)).date()


def _ids(sql: str, customer_id: int) -> list[int]:
    return [int(r[0]) for r in db.execute_sql(sql, [customer_id]).fetchall()]


def _erase_rows(customer_id: int, result: ErasureResult) -> None:
    if not _ids("SELECT id FROM customer WHERE id = ?", customer_id):
        raise NotFound(f"Customer {customer_id} does not exist.")
    order_ids = _ids("SELECT id FROM orders WHERE customer_id = ?", customer_id)
    identities = _ids("SELECT id FROM channel_identity WHERE customer_id = ?", customer_id)
    texts = ", ".join(f"{c} = NULL" for c in _ORDER_TEXT)
    # The fingerprint holds the buyer's key and message too; the source digest is forgotten so
    # that the export rows are read again, like any order whose stored version is unknown.
    result.orders_anonymised = db.execute_sql(
        f"UPDATE orders SET customer_id = NULL, identity_id = NULL, {texts}, fingerprint = '', "
        "source_digest = NULL WHERE customer_id = ?",
        [customer_id],
    ).rowcount
    # What imports journalled about the person (their earlier name, phone…).
    marks = ",".join("?" * len(order_ids)) or "NULL"
    result.rows_deleted["import_change"] = db.execute_sql(
        "DELETE FROM import_change WHERE (entity IN ('customer', 'customer_tag') AND row_id = ?) "
        f"OR (entity = 'order' AND row_id IN ({marks}))",
        [customer_id, *order_ids],
    ).rowcount
    for ref in customer_references():
        if ref.via == "customer" and ref.table != "orders":
            sql = f'SELECT count(*) FROM "{ref.table}" WHERE "{ref.column}" = ?'
            n = int(db.execute_sql(sql, [customer_id]).fetchone()[0])
            if n:
                result.rows_deleted[ref.table] = result.rows_deleted.get(ref.table, 0) + n
    result.rows_deleted["channel_identity"] = len(identities)
    # Merge records hold a merged person's whole row, without a foreign key.
    from desktop_crm.services import duplicates  # duplicates imports this module

    result.rows_deleted["customer_merge"] = duplicates.forget_merges(customer_id)
    db.execute_sql("DELETE FROM customer WHERE id = ?", [customer_id])  # the rest cascades
    result.rows_deleted["customer"] = 1


def erasure_log() -> list[tuple[int, datetime, int, date | None]]:
    """Past erasures: (customer id, when, orders kept, older backups hold them until)."""
    return [
        (int(c), datetime.fromisoformat(str(w)), int(n), date.fromisoformat(str(u)) if u else None)
        for c, w, n, u in db.execute_sql(
            "SELECT customer_id, erased_at, orders_kept, backups_hold_until FROM erasure_log "
            "ORDER BY erased_at DESC"
        ).fetchall()
    ]


def retention_candidates(months: int, *, today: date) -> list[int]:
    """Customers inactive for `months` (no order, no change) with no open follow-up or feedback."""
    if months <= 0:
        raise Refused("The retention period must be at least one month.")
    cutoff = (today - timedelta(days=round(months * 30.44))).isoformat()
    tables = set(db.get_tables())
    open_items = []
    if "follow_up" in tables:
        open_items.append("SELECT customer_id FROM follow_up WHERE status IN ('open', 'snoozed')")
    if "feedback" in tables:
        open_items.append("SELECT customer_id FROM feedback WHERE status != 'resolved'")
    exclude = f"AND c.id NOT IN ({' UNION '.join(open_items)})" if open_items else ""
    sql = (
        "SELECT c.id FROM customer c WHERE coalesce(c.last_order_at, c.created_at) < ? "
        f"AND c.updated_at < ? {exclude} ORDER BY c.id"
    )
    return [int(r[0]) for r in db.execute_sql(sql, [cutoff, cutoff]).fetchall()]
