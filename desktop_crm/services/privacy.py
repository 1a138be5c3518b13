"""The customer's rights (GDPR / PIPL): everything about one person, erasure, retention.

The schema is walked at run time (every foreign key that points at a customer, directly or
through an identity or an order), so a table added later is exported and erased without anyone
having to remember this module: a test fails if a new table references customers and is not
covered.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee

from desktop_crm.db import (
    current_path,
    db,
    default_backup_dir,
    require_writable,
    storage_errors,
)
from desktop_crm.errors import CrmError, DiskFull, NotFound, Refused
from desktop_crm.models import ALL_MODELS
from desktop_crm.models.base import MoneyField
from desktop_crm.reports.files import atomic_path
from desktop_crm.services.backup import backup_before
from desktop_crm.services.money import excel_money_format, to_decimal
from desktop_crm.services.settings import store_currency

log = logging.getLogger("desktop_crm.privacy")

# Tables whose rows hold no personal data of their own and are only reached through a
# customer (none yet) — and tables that are logs about the store, not about a person.
_NOT_PERSONAL = {"schema_migration", "setting", "import_batch", "tag", "erasure_log"}
# Free-text columns of kept (anonymised) rows that may hold personal data.
_ORDER_TEXT = ("buyer_note",)
_DIGEST_PREFIX = b"desktop-crm erased person\x00"


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
    """Every row that references the customer, by table (the customer row first).

    A row that belongs to another customer and names this one only as a link (a customer
    they referred, feedback on one of their orders logged for someone else) is reduced to
    the link: the other customer's balance, tier or text is not this person's data.
    """
    customer = _rows("SELECT * FROM customer WHERE id = ?", [customer_id])
    if not customer:
        raise NotFound(f"Customer {customer_id} does not exist.")
    for row in customer:
        row.pop("search_body", None)  # a copy of the fields above
    out: dict[str, list[dict[str, Any]]] = {"customer": customer}
    ids: dict[str, list[int]] = {"customer": [customer_id]}
    merges = _merge_records(customer_id)
    if merges:
        out["customer_merge"] = merges
    refs = customer_references()
    owners: dict[str, list[str]] = {}
    for ref in refs:
        if ref.via == "customer":
            owners.setdefault(ref.table, []).append(ref.column)
    for ref in refs:
        parent_ids = ids.get(ref.via, [])
        if not parent_ids:
            continue
        marks = ",".join("?" * len(parent_ids))
        rows = _rows(f'SELECT * FROM "{ref.table}" WHERE "{ref.column}" IN ({marks})', parent_ids)
        own: list[dict[str, Any]] = []
        for r in rows:
            # Whose row it is: its customer_id (when the table has one that points at a
            # customer and the row was reached through another column).
            owner_cols = [c for c in owners.get(ref.table, []) if c == "customer_id"]
            if any(r[c] is not None and r[c] != customer_id for c in owner_cols):
                link = {k: r[k] for k in ("id", *owner_cols, ref.column) if k in r}
                out.setdefault(ref.table, [])
                if link not in out[ref.table]:
                    out[ref.table].append(link)
                continue
            own.append(r)
        if ref.table in ("channel_identity", "orders"):
            known = ids.setdefault(ref.table, [])
            known.extend(int(r["id"]) for r in own if int(r["id"]) not in known)
        if ref.table == "orders":
            for r in own:
                r.pop("fingerprint", None)
                r.pop("source_digest", None)
        if own:
            out.setdefault(ref.table, []).extend(r for r in own if r not in out.get(ref.table, []))
    return out


def _merge_records(customer_id: int) -> list[dict[str, Any]]:
    """The merge records that concern the customer, with what in them is the customer's.

    A merge record keeps the merged customer's whole row and the kept customer's fields
    before and after. The person's own data is: the kept side of merges they kept (and, through
    merges not undone, of the customers merged into them before: those are this person now);
    the merged row where the merged customer was them, or was merged into them and not
    separated again. The other side of a merge (the customer they were wrongly merged into, a
    customer split off again) is given as its id only.
    """
    if "customer_merge" not in db.get_tables():
        return []
    cols = (
        "id, kept_id, merged_id, merged_name, merged_row_json, kept_before_json, "
        "kept_after_json, moved_json, removed_json, created_at, undone_at"
    )
    # Who is this person: the customer and every record merged into them (not undone).
    selves, todo = {customer_id}, [customer_id]
    while todo:
        kept = todo.pop()
        for (merged,) in db.execute_sql(
            "SELECT merged_id FROM customer_merge WHERE kept_id = ? AND undone_at IS NULL", [kept]
        ).fetchall():
            if int(merged) not in selves:
                selves.add(int(merged))
                todo.append(int(merged))
    marks = ",".join("?" * len(selves))
    rows = _rows(
        f"SELECT {cols} FROM customer_merge WHERE kept_id IN ({marks}) OR merged_id IN ({marks}) "
        "ORDER BY id",
        [*selves, *selves],
    )
    out: list[dict[str, Any]] = []
    for r in rows:
        kept_is_self = r["kept_id"] in selves
        merged_is_self = r["merged_id"] in selves  # not a customer split off again
        rec: dict[str, Any] = {
            k: r[k] for k in ("id", "kept_id", "merged_id", "created_at", "undone_at")
        }
        if merged_is_self:
            rec["merged_name"] = r["merged_name"]
            rec["merged_row"] = _json(r["merged_row_json"])
            rec["moved"] = _json(r["moved_json"])
            rec["removed"] = _json(r["removed_json"])
        if kept_is_self:
            rec["kept_before"] = _json(r["kept_before_json"])
            rec["kept_after"] = _json(r["kept_after_json"])
        out.append(rec)
    return out


def _json(text: str | None) -> Any:
    try:
        return json.loads(text or "null")
    except ValueError:
        return text


def _export_paths(out: Path) -> tuple[Path, Path]:
    """The JSON and xlsx files `export_person` writes for `out`: FILE.json and FILE.xlsx.

    Only a .json or .xlsx ending is taken off: `person.5` or `李.2026-11` is a name of its own
    (a loop over customers must not write them all to `person.json`).
    """
    out = Path(out)
    if out.suffix.lower() in (".json", ".xlsx"):
        out = out.with_suffix("")
    return out.with_name(out.name + ".json"), out.with_name(out.name + ".xlsx")


def export_person(customer_id: int, out: Path, *, now: datetime) -> list[Path]:
    """Write everything about one customer as JSON and as xlsx (one sheet per table).

    `out` names the files (`_export_paths`). Money is given in currency units, as people read
    it, each amount with its currency beside it (a row's own, else its order's, else the
    store's): a decimal string in the JSON, a number with its currency's format in the xlsx.
    """
    from desktop_crm.reports.xlsx import private_scratch, remove_abandoned_temp_files, write_sheets

    data = _in_currency_units(person_data(customer_id))
    payload = {
        "exported_at": now.isoformat(" ", "seconds"),
        "customer_id": customer_id,
        "tables": data,
    }
    json_path, xlsx_path = _export_paths(out)

    def write_json(tmp: Path) -> None:
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), "utf-8")

    sheets = []
    for table, rows in data.items():
        headers = list(dict.fromkeys(h for r in rows for h in r))  # rows may differ (links)
        sheets.append((table, headers, [[_cell(r, h) for h in headers] for r in rows]))
    # Both files or neither: the JSON is moved into place only once the workbook is written.
    wrote_xlsx = False
    remove_abandoned_temp_files(json_path)  # what an export killed here earlier left
    try:
        # The temporary JSON (the whole person) is recorded as this process's while written:
        # if it is killed, the next run removes it.
        with atomic_path(json_path) as tmp, private_scratch(tmp):
            write_json(tmp)
            write_sheets(xlsx_path, sheets)
            wrote_xlsx = True
    except BaseException:
        if wrote_xlsx:
            xlsx_path.unlink(missing_ok=True)
        raise
    log.info("exported customer %s (%d tables)", customer_id, len(data))
    return [json_path, xlsx_path]


def _money_columns() -> dict[str, tuple[str, ...]]:
    """The money columns (integer minor units) of each table, from the models' MoneyFields."""
    found: dict[str, tuple[str, ...]] = {}
    for model in ALL_MODELS:
        meta = model._meta
        columns = tuple(f.column_name for f in meta.sorted_fields if isinstance(f, MoneyField))
        if columns:
            found[meta.table_name] = columns
    return found


def _in_currency_units(
    data: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """The person's rows with money as exact Decimals in currency units (¥177.00, not 17700
    fen) and, on a row without a currency of its own, the currency its amounts are in."""
    store = store_currency()
    money = _money_columns()
    order_currency = {r["id"]: r.get("currency") for r in data.get("orders", []) if "id" in r}
    out: dict[str, list[dict[str, Any]]] = {}
    for table, rows in data.items():
        columns = money.get(table, ())
        converted = []
        for row in rows:
            present = [c for c in columns if c in row]  # a link to another customer has none
            if present:
                row = dict(row)
                currency = row.get("currency") or order_currency.get(row.get("order_id")) or store
                for column in present:
                    if row[column] is not None:
                        row[column] = to_decimal(int(row[column]))
                row["currency"] = currency
            converted.append(row)
        out[table] = converted
    # A merge record keeps customer rows (the merged one, the kept one's fields before and
    # after): their money is the store's.
    for record in out.get("customer_merge", []):
        for key in ("merged_row", "kept_before", "kept_after"):
            part = record.get(key)
            if isinstance(part, dict):
                record[key] = {
                    k: to_decimal(int(v))
                    if k in money.get("customer", ()) and isinstance(v, int)
                    else v
                    for k, v in part.items()
                }
    return out


def _cell(row: dict[str, Any], column: str) -> object:
    """A workbook cell's value; money is Formatted in its currency's format."""
    from desktop_crm.reports.xlsx import Formatted

    value = row.get(column)
    if isinstance(value, Decimal):
        return Formatted(value, excel_money_format(row.get("currency")))
    if value is None or isinstance(value, int | float | str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@dataclass(slots=True)
class ErasureResult:
    """What an erasure did, and until when an older backup may still hold the person.

    `already_erased`: the customer had been erased before; only the file was rewritten again.
    """

    customer_id: int
    rows_deleted: dict[str, int] = field(default_factory=dict)
    orders_anonymised: int = 0
    backups_hold_until: date | None = None
    already_erased: bool = False


class ErasureUnfinished(CrmError):
    """The customers were erased (that is committed), but the file could not be rewritten
    after it: fragments of their data may stay in its free space until an erasure rewrites it.
    `results` says what was erased."""

    def __init__(self, message: str, results: list[ErasureResult]) -> None:
        super().__init__(message)
        self.results = results


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
    """Erase several customers at once: one backup before, one rewrite of the file after.

    A customer erased before is no error: the file is rewritten again, which finishes an
    erasure whose rewrite failed (a full disk).

    Raises:
        NotFound: a customer does not exist and was never erased.
        DiskFull: the disk has no room for the backup and the rewrite; nothing was changed.
        ErasureUnfinished: the customers were erased, but the rewrite after it failed.
    """
    if not customer_ids:
        return []
    if backups_hold_until is None:
        backups_hold_until = oldest_backup_expiry(now)
    erased_before = _erased_before(customer_ids)
    results: list[ErasureResult] = []
    for cid in customer_ids:
        if _ids("SELECT id FROM customer WHERE id = ?", cid):
            results.append(ErasureResult(cid, backups_hold_until=backups_hold_until))
        elif cid in erased_before:
            results.append(
                ErasureResult(cid, backups_hold_until=erased_before[cid], already_erased=True)
            )
        else:
            raise NotFound(f"Customer {cid} does not exist.")
    to_erase = [r for r in results if not r.already_erased]
    require_writable()
    _require_room(backup=bool(to_erase))
    if to_erase:
        backup_before("erasure", now=now)
    with storage_errors():
        db.execute_sql("PRAGMA secure_delete = ON")
        try:
            if to_erase:
                with db.atomic():
                    for result in to_erase:
                        _erase_rows(result.customer_id, result)
                        db.execute_sql(
                            "INSERT INTO erasure_log (customer_id, erased_at, orders_kept, "
                            "backups_hold_until) VALUES (?, ?, ?, ?)",
                            [result.customer_id, now, result.orders_anonymised, backups_hold_until],
                        )
            try:
                with storage_errors():
                    _rewrite_file()
            except (CrmError, peewee.DatabaseError) as exc:
                # What the failed rewrite wrote to the WAL is given back (a full disk).
                with contextlib.suppress(peewee.DatabaseError):
                    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                raise _unfinished(results, exc) from exc
        finally:
            db.execute_sql("PRAGMA secure_delete = OFF")
    log.info("erased %d customer(s)", len(to_erase))
    return results


def _erased_before(customer_ids: list[int]) -> dict[int, date | None]:
    """Which of these customers were erased before: id -> until when older backups hold them."""
    wanted = set(customer_ids)
    found: dict[int, date | None] = {}
    for cid, _when, _orders, until in reversed(erasure_log()):
        if cid in wanted:
            found[cid] = until  # the newest erasure of the id last
    return found


def _rewrite_file() -> None:
    """Rewrite the database file so that nothing of erased rows stays in it or in its WAL.

    The erased rows' own bytes were zeroed as they were freed (secure_delete). The checkpoint
    comes first: it puts those zeroed pages in the file and empties the WAL (which may hold
    earlier versions of the pages) at once, whatever fails after it, and gives the WAL's room
    back for the rewrite.
    """
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    # Deleted rows' trigrams otherwise stay in the index's old segments (the index has no
    # content to delete them by), and pages freed before secure_delete was on keep old copies.
    db.execute_sql("INSERT INTO customer_search (customer_search) VALUES ('optimize')")
    # Checkpointed before the VACUUM: if that fails (a full disk), the WAL then holds nothing
    # committed, so it can be emptied at once and its room given back. Otherwise emptying it
    # would first need room for the file to grow by the new index.
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    # Earlier versions of the rows (an import updating a customer, an edit) stay in the free
    # parts of pages still in use: only a rewrite of the whole file removes them.
    db.execute_sql("VACUUM")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# Room kept free beyond the estimate (in pages, and a share of it: the WAL's index in -shm,
# the backup folder's state file): a disk full half-way through the rewrite leaves the erasure
# unfinished, which the check up front is there to prevent.
_MARGIN_PAGES = 64
_MARGIN_SHARE = 50  # 1/50: 2 %
_WAL_FRAME_HEADER = 24


def _require_room(*, backup: bool) -> None:
    """Refuse, before anything changes, an erasure the disk has no room to finish.

    The backup made first is a copy of the whole file; the search index is written anew (the
    file may grow by its size); the rewrite (VACUUM) writes the whole new file into the WAL
    before it is checkpointed back (its temporary copy is in memory: SQLCipher's default).
    Without that room the rows would be erased and committed while earlier copies of them
    stayed in the file.

    Raises:
        DiskFull: too little free space on the disk of the database or of its backup folder.
    """
    live = current_path()
    page_size, pages, free_pages = (
        int(db.execute_sql(f"PRAGMA {name}").fetchone()[0])
        for name in ("page_size", "page_count", "freelist_count")
    )
    (index,) = db.execute_sql(
        "SELECT coalesce(sum(length(block)), 0) FROM customer_search_data"
    ).fetchone()
    rewrite = int(index) + (pages - free_pages) * (page_size + _WAL_FRAME_HEADER)
    needs = [(live.parent, rewrite)]
    if backup:
        folder = default_backup_dir(live)
        needs.append((folder if folder.is_dir() else live.parent, pages * page_size))
    by_disk: dict[int, tuple[Path, int]] = {}
    for place, size in needs:
        disk = os.stat(place).st_dev
        where, total = by_disk.get(disk, (place, 0))
        by_disk[disk] = (where, total + size)
    for where, size in by_disk.values():
        size += _MARGIN_PAGES * page_size + size // _MARGIN_SHARE
        free = shutil.disk_usage(where).free
        if free < size:
            raise DiskFull(
                f"Not enough free space on the disk of {where} to erase and then rewrite the "
                f"database file without the erased data: about {_megabytes(size)} is needed, "
                f"{_megabytes(free)} is free. Nothing was changed; free some space and try again."
            )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _unfinished(results: list[ErasureResult], exc: BaseException) -> ErasureUnfinished:
    """The words for an erasure that was committed but whose rewrite of the file failed."""
    cause = exc.__cause__ if isinstance(exc, CrmError) and exc.__cause__ else exc
    why = "the disk is full" if isinstance(exc, DiskFull) else str(cause)
    erased = [r for r in results if not r.already_erased]
    first = results[0].customer_id
    if not erased:  # an erasure asked again, to finish one (one customer at a time)
        return ErasureUnfinished(
            f"The database file could not be rewritten ({why}), so fragments of the data of "
            f"customer {first}, erased before, may remain in its free space. Free some space "
            "and try again.",
            results,
        )
    if len(erased) == 1:
        head = f"Customer {erased[0].customer_id} was erased"
    else:
        head = f"{len(erased)} customers were erased"
    return ErasureUnfinished(
        f"{head}, but the database file could not be rewritten afterwards ({why}), so "
        "fragments of their data may remain in its free space. Free some space, then run "
        f"`desktop-crm customer erase {erased[0].customer_id} --yes` again (or erase another "
        "customer) to finish.",
        results,
    )


def existing_customers(customer_ids: set[int] | list[int]) -> set[int]:
    """Which of these customers still exist (windows of erased ones are closed)."""
    ids = sorted(set(customer_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id FROM customer WHERE id IN ({marks})"
        found.update(int(r[0]) for r in db.execute_sql(sql, chunk).fetchall())
    return found


def oldest_backup_expiry(now: datetime) -> date:
    """When the rotation deletes the last backup made before `now`: backups are kept daily for
    12 days, weekly for 10 weeks and monthly for 9 months, so at most about ten months."""
    return (now + timedelta(days=9 * 31 + 31)).date()


def _ids(sql: str, customer_id: int) -> list[int]:
    return [int(r[0]) for r in db.execute_sql(sql, [customer_id]).fetchall()]


def person_digest(kind: str, value: str) -> str:
    """What an erased person is remembered by: the SHA-256 of one of their platform accounts
    ("account", "platform\\x00key"), full phones or e-mails (normalised), never the value."""
    return hashlib.sha256(_DIGEST_PREFIX + f"{kind}\x00{value}".encode()).hexdigest()


def _person_digests(customer_id: int) -> set[str]:
    found = {
        person_digest("account", f"{platform}\x00{key}")
        for platform, key in db.execute_sql(
            "SELECT platform, buyer_key FROM channel_identity WHERE customer_id = ?", [customer_id]
        )
    }
    row = db.execute_sql(
        "SELECT phone_norm, email_norm FROM customer WHERE id = ?", [customer_id]
    ).fetchone()
    contacts = [row] if row is not None else []
    # The customers merged into this one (and into those) are this person too: their own
    # phone and e-mail are only in the merge records.
    from desktop_crm.services import duplicates  # duplicates imports this module

    for merge in duplicates.merges_into(customer_id):
        if not merge.undone:
            contacts.append(
                (merge.merged_row.get("phone_norm"), merge.merged_row.get("email_norm"))
            )
    for phone, email in contacts:
        found.update(person_digest(k, v) for k, v in (("phone", phone), ("email", email)) if v)
    return found


def _erase_rows(customer_id: int, result: ErasureResult) -> None:
    if not _ids("SELECT id FROM customer WHERE id = ?", customer_id):
        raise NotFound(f"Customer {customer_id} does not exist.")
    order_ids = _ids("SELECT id FROM orders WHERE customer_id = ?", customer_id)
    identities = _ids("SELECT id FROM channel_identity WHERE customer_id = ?", customer_id)
    texts = ", ".join(f"{c} = NULL" for c in _ORDER_TEXT)
    # An import of these orders again keeps them anonymous (the importer's rule), also after
    # the import that created them was undone.
    db.execute_sql(
        "INSERT OR IGNORE INTO erased_order (platform, order_no) "
        "SELECT platform, order_no FROM orders WHERE customer_id = ?",
        [customer_id],
    )
    # A customer list that names them again does not make them again (the importer's rule).
    for digest in _person_digests(customer_id):
        db.execute_sql("INSERT OR IGNORE INTO erased_person (digest) VALUES (?)", [digest])
    # The fingerprint holds the buyer's key and message too; the source digest is forgotten so
    # that the export rows are read again, like any order whose stored version is unknown.
    result.orders_anonymised = db.execute_sql(
        f"UPDATE orders SET customer_id = NULL, identity_id = NULL, {texts}, fingerprint = '', "
        "source_digest = NULL WHERE customer_id = ?",
        [customer_id],
    ).rowcount
    # What imports journalled about the person (their earlier name, phone…) goes. Their orders'
    # earlier versions stay, anonymised like the orders: undoing an import that changed one
    # still puts its amounts and status back (and the import before it can be undone after).
    result.rows_deleted["import_change"] = db.execute_sql(
        "DELETE FROM import_change WHERE entity IN ('customer', 'customer_tag') AND row_id = ?",
        [customer_id],
    ).rowcount
    marks = ",".join("?" * len(order_ids)) or "NULL"
    anonymous = ", ".join(f"'$.{c}', NULL" for c in ("customer_id", "identity_id", *_ORDER_TEXT))
    db.execute_sql(
        f"UPDATE import_change SET before_json = json_set(before_json, {anonymous}, "
        "'$.fingerprint', '', '$.source_digest', NULL) "
        f"WHERE entity = 'order' AND row_id IN ({marks})",
        order_ids,
    )
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


def _activity_sql(tables: set[str]) -> str:
    """(customer_id, at) rows: the newest activity of each customer, by kind.

    Activity is what the merchant did with or for the customer: an order, creating or
    editing them, a note, feedback logged or resolved, a follow-up they created or completed,
    points redeemed or adjusted by hand, a tier set by hand. What the program does by itself
    (automatic follow-ups and their closing, points earned, expired or given on birthdays) is
    not: it would keep every customer "active" for ever.
    """
    parts = [
        "SELECT id AS customer_id, max(created_at, updated_at, "
        "coalesce(last_order_at, created_at)) AS at FROM customer"
    ]
    if "note" in tables:
        parts.append("SELECT customer_id, max(created_at) FROM note GROUP BY customer_id")
    if "feedback" in tables:
        parts.append(
            "SELECT customer_id, max(max(created_at, coalesce(resolved_at, created_at))) "
            "FROM feedback GROUP BY customer_id"
        )
    if "follow_up" in tables:
        parts.append(
            "SELECT customer_id, max(max("
            "CASE WHEN kind = 'manual' THEN created_at ELSE '' END, "
            "CASE WHEN status = 'done' AND auto_closed = 0 THEN coalesce(done_at, '') "
            "ELSE '' END)) AS at FROM follow_up GROUP BY customer_id HAVING at > ''"
        )
    if "points_entry" in tables:
        parts.append(
            "SELECT customer_id, max(created_at) FROM points_entry "
            "WHERE reason IN ('redeem', 'adjust') GROUP BY customer_id"
        )
    if "tier_change" in tables:
        parts.append(
            "SELECT customer_id, max(changed_at) FROM tier_change WHERE manual = 1 "
            "GROUP BY customer_id"
        )
    return " UNION ALL ".join(parts)


def _at(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def last_activity(customer_ids: list[int]) -> dict[int, datetime]:
    """The date of each customer's last activity (see `retention_rows`), in bulk."""
    if not customer_ids:
        return {}
    out: dict[int, datetime] = {}
    activity = _activity_sql(set(db.get_tables()))
    for start in range(0, len(customer_ids), 500):
        chunk = customer_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT customer_id, max(at) FROM ({activity}) WHERE customer_id IN ({marks}) "
            "GROUP BY customer_id"
        )
        for cid, at in db.execute_sql(sql, chunk).fetchall():
            out[int(cid)] = _at(at)
    return out


def retention_rows(months: int, *, today: date) -> list[tuple[int, datetime]]:
    """(customer id, last activity) of customers with no activity for `months` and no open
    follow-up or feedback, by id.

    Last activity is the newest of: the last order, the customer created or changed, a note,
    feedback logged or resolved, a follow-up created by hand or completed, points redeemed or
    adjusted, a tier set by hand.
    """
    if months <= 0:
        raise Refused("The retention period must be at least one month.")
    cutoff = (today - timedelta(days=round(months * 30.44))).isoformat()
    tables = set(db.get_tables())
    open_items = []
    if "follow_up" in tables:
        open_items.append("SELECT customer_id FROM follow_up WHERE status IN ('open', 'snoozed')")
    if "feedback" in tables:
        open_items.append("SELECT customer_id FROM feedback WHERE status != 'resolved'")
    exclude = f"AND customer_id NOT IN ({' UNION '.join(open_items)})" if open_items else ""
    sql = (
        f"SELECT customer_id, max(at) AS last FROM ({_activity_sql(tables)}) "
        f"WHERE 1 {exclude} GROUP BY customer_id HAVING last < ? ORDER BY customer_id"
    )
    return [(int(c), _at(at)) for c, at in db.execute_sql(sql, [cutoff]).fetchall()]


def retention_candidates(months: int, *, today: date) -> list[int]:
    """Customers inactive for `months` (see `retention_rows`) with no open follow-up or
    feedback."""
    return [cid for cid, _last in retention_rows(months, today=today)]
