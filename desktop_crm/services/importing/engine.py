"""The import engine: parsed records into the database, in one transaction, undoable.

A file's good rows land together with its ImportBatch, or not at all (a crash, a cancel, a
full disk). Re-importing changes nothing; when two files disagree about an order, an
order-independent rule decides (DESIGN §5). Every row written is journalled in import_change
so undo restores exactly what was there before. Bulk writes go through the driver's
executemany (peewee builds SQL too slowly for 100k rows, DESIGN §2).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_crm.db import db, executemany, require_writable, storage_errors
from desktop_crm.errors import JobCancelled, NotFound, Refused
from desktop_crm.faults import crash_point
from desktop_crm.models import ImportBatch
from desktop_crm.services import duplicates, effects
from desktop_crm.services.backup import backup_before
from desktop_crm.services.contact import normalize_email, parse_phone
from desktop_crm.services.currency import RATES_KEY
from desktop_crm.services.customers import tag_ids_by_key
from desktop_crm.services.gc_pause import paused_gc
from desktop_crm.services.importing.mapping import (
    SYNONYMS,
    guess_columns,
    guess_mapping,
    parse_with_mapping,
    read_header,
    unmapped_fields,
)
from desktop_crm.services.importing.normalize import is_masked_name, official_province
from desktop_crm.services.importing.parse import (
    DEFAULT_MAX_BYTES,
    KnownDigests,
    find_detail_file,
    parse_file,
    reading_key,
)
from desktop_crm.services.importing.profiles import find_mapping
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    CUSTOMERS,
    ORDERS,
    PAID,
    PENDING,
    REFUNDED,
    SHIPPED,
    ImportFileError,
    MissingColumns,
    ParsedCustomer,
    ParsedOrder,
    ParseResult,
    Rejected,
    UnknownLayout,
    readable_name,
)
from desktop_crm.services.names import name_key
from desktop_crm.services.privacy import person_digest
from desktop_crm.services.settings import get_setting, set_setting, store_currency
from desktop_crm.services.totals import fill_id_table

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# Progress of an order; refunded and closed are final (DESIGN §5).
STATUS_RANK = {PENDING: 0, PAID: 1, SHIPPED: 2, COMPLETED: 3, REFUNDED: 4, CLOSED: 4}

ORDER_COLUMNS = (
    "id", "platform", "order_no", "customer_id", "identity_id", "ordered_at", "paid_at",
    "completed_at", "status", "paid", "refunded", "currency", "item_summary", "buyer_note",
    "province", "city", "batch_id", "created_batch_id", "fingerprint", "source_digest",
)  # fmt: skip
ITEM_COLUMNS = ("title", "sku", "quantity", "price", "attributes")
_ITEM_INSERT = f"INSERT INTO order_item (order_id, {', '.join(ITEM_COLUMNS)}) VALUES (?,?,?,?,?,?)"
_ORDER_INSERT = (
    f"INSERT INTO orders ({', '.join(ORDER_COLUMNS)}) VALUES ({','.join('?' * len(ORDER_COLUMNS))})"
)
# New orders are written in batches of this many (with their items), then let go.
FLUSH_EVERY = 10_000
# The highest order id an undo removed. Like sqlite_sequence, bookkeeping rather than a
# business setting (a leading "_": not in the business dump).
ORDER_ID_HIGH_WATER = "_order_id_high_water"
# Profile fields an import may fill on a customer it matched; it never overwrites a value (but
# a name may stand in for an e-mail shown as the name: _fill_profiles).
FILLABLE = (
    "display_name", "real_name", "phone", "phone_masked", "phone_norm", "email", "email_norm",
    "province", "city", "address", "gender", "birthday", "notes",
)  # fmt: skip
# People of a customer list have no platform account: they are keyed by contact, and matched to
# an existing customer with the same full phone or e-mail.
CONTACT_PREFIX = "contact:"
CUSTOMER_COLUMNS = (
    "id", "display_name", "real_name", "phone", "phone_masked", "phone_norm", "email",
    "email_norm", "gender", "birthday", "province", "city", "address", "source_platform",
    "notes", "created_at", "updated_at", "created_batch_id",
)  # fmt: skip
CHUNKS = 20
# The part of the progress bar reading and parsing a file take (the rest is writing).
PARSE_SHARE = 35
# How many files' readings import_file_cache keeps (newest first).
CACHE_FILES = 8


def _noop(done: int, total: int) -> None:
    """Progress callback that ignores progress."""


def _never() -> bool:
    return False


@dataclass(slots=True)
class ImportReceipt:
    """What an import did; `to_json` is the DESIGN §5 receipt."""

    file: str
    platform: str
    kind: str
    rows_read: int = 0
    orders_added: int = 0
    orders_updated: int = 0
    orders_unchanged: int = 0
    orders_without_customer: int = 0
    customers_added: int = 0
    customers_matched: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    batch_id: int | None = None
    seconds: float = 0.0
    layout: str = ""
    notes: list[str] = field(default_factory=list)
    joined_files: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        """The receipt's contract keys (and nothing that depends on the machine but seconds)."""
        return {
            "file": self.file,
            "platform": self.platform,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "orders_added": self.orders_added,
            "orders_updated": self.orders_updated,
            "orders_unchanged": self.orders_unchanged,
            "orders_without_customer": self.orders_without_customer,
            "customers_added": self.customers_added,
            "customers_matched": self.customers_matched,
            "rejected": [{"row": r.row, "reason": r.reason} for r in self.rejected],
            "batch_id": self.batch_id,
            "seconds": round(self.seconds, 3),
        }


NO_STORE_CURRENCY = (
    "the store has no currency yet and these amounts name none; say which currency they are "
    'in (the mapping\'s "currency", e.g. "CNY"): the first import sets the store\'s'
)


def _refuse_unknown_currency(file: Path, result: ParseResult) -> None:
    """Orders whose currency nobody said (a mapped file, or columns recognised by their names),
    in a store without one: a later file in dollars would make it a dollar store and count
    these yuan as dollars."""
    if result.kind == ORDERS and store_currency() is None:
        if any(o.currency is None for o in result.orders):
            raise ImportFileError(file.name, NO_STORE_CURRENCY)


def _erased_note(orders: int, people: int) -> str:
    if people:  # a customer list (no orders)
        if people == 1:
            return "1 person on this list was erased earlier and was not added again"
        return f"{people} people on this list were erased earlier and were not added again"
    if orders == 1:
        return "1 order of an erased customer was kept without a customer"
    return f"{orders} orders of erased customers were kept without a customer"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back after counting everything."""


_rehearsing = threading.local()  # inside rehearsal() on this thread


@contextmanager
def rehearsal() -> Iterator[None]:
    """Dry-run several files in turn: each is counted against what the ones before it would
    have done (an export that updates the one before shows as updates), and nothing is kept.

    Inside it, `import_file(..., dry_run=True)` keeps its file's rows in the enclosing
    transaction, which is rolled back when the block ends (however it ends).
    """
    try:
        with storage_errors(), db.atomic():
            _rehearsing.active = True
            try:
                yield
            finally:
                _rehearsing.active = False
            raise _DryRun()
    except _DryRun:
        pass


def parse_any(
    path: Path,
    *,
    platform: str = "auto",
    kind: str | None = None,
    now: datetime,
    known: KnownDigests | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse a known export; a file of no known layout goes through the mapping saved for its
    header, or one guessed from common column names (a plain customer list, a hand-made sheet).

    Raises the parse layer's UnknownLayout when neither fits.
    """
    try:
        return parse_file(
            path, platform=platform, kind=kind, now=now, known=known, progress=progress,
            cancelled=cancelled,
        )  # fmt: skip
    except UnknownLayout:
        if platform not in ("auto", "generic"):
            raise
        header = read_header(path)[2]
        mapping = find_mapping(header)
        if mapping is None or (kind and mapping.kind != kind):
            # A customer list is only guessed when asked for (--kind customers): any sheet
            # with a name column would otherwise pass for one.
            mapping = guess_mapping(header, kind or ORDERS)
        if mapping is None and platform == "generic":
            # Forced: say which usual columns the sheet lacks, as a forced platform does.
            wanted = kind or ORDERS
            missing = unmapped_fields(wanted, guess_columns(header, wanted))
            raise MissingColumns(str(path), "generic", [SYNONYMS[f][0] for f in missing]) from None
        if mapping is None:
            raise
        return parse_with_mapping(path, mapping, now=now)


class _StoredOrders:
    """The file's orders already stored, looked up once while parsing (parse_file's `known`)
    and used again by the writer, unless the database changed in between."""

    def __init__(self) -> None:
        self.platform: str | None = None
        # order_no -> customer_id; may hold more of the platform's orders than the file's
        self.customers: dict[str, int | None] = {}
        self.platform_empty = False  # the platform had no orders at all
        self._state: tuple[int, int] | None = None

    @staticmethod
    def _db_state(conn: Any) -> tuple[int, int]:
        # data_version moves when another connection commits; total_changes when this one
        # writes anything (the lookup's own temp-table rows are counted before it is taken).
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        return version, int(conn.execute("SELECT total_changes()").fetchone()[0])

    def __call__(self, platform: str, order_nos: list[str]) -> dict[str, str | None]:
        conn = db.connection()
        with storage_errors():
            stored = int(
                conn.execute(
                    "SELECT count(*) FROM orders WHERE platform = ?", (platform,)
                ).fetchone()[0]
            )
            if not stored:
                rows = []
            elif 4 * len(order_nos) >= stored:
                # The file is a good part of what is stored: one pass over the platform's
                # orders beats looking each order up (a temp table costs ~2 µs a key).
                rows = conn.execute(
                    "SELECT order_no, source_digest, customer_id FROM orders WHERE platform = ?",
                    (platform,),
                ).fetchall()
            else:
                _fill_order_keys(conn, ((platform, no) for no in order_nos))
                rows = conn.execute(
                    "SELECT o.order_no, o.source_digest, o.customer_id FROM _imp_orders k "
                    "JOIN orders o ON o.platform = k.platform AND o.order_no = k.order_no"
                ).fetchall()
            self.platform = platform
            self.platform_empty = not stored
            self._state = self._db_state(conn)
        if not rows:
            return {}
        # Transposed and zipped in C: this runs over every order of a re-imported file.
        numbers, digests, customers = zip(*rows, strict=True)
        self.customers = dict(zip(numbers, customers, strict=True))
        return dict(zip(numbers, digests, strict=True))

    def still_valid(self) -> bool:
        """True when nothing was written to the database since the lookup (call it first
        thing inside the writing transaction)."""
        return self._state is not None and self._state == self._db_state(db.connection())


def _fill_order_keys(conn: Any, keys: Iterable[tuple[str, str]]) -> None:
    """Put (platform, order_no) keys in the temp table _imp_orders, for joins."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _imp_orders (platform TEXT, order_no TEXT, "
        "PRIMARY KEY (platform, order_no)) WITHOUT ROWID"
    )
    conn.execute("DELETE FROM _imp_orders")
    executemany("INSERT OR IGNORE INTO _imp_orders VALUES (?, ?)", keys)


class _StaleLookup(Exception):
    """The database changed between parsing and writing: parse again without skipping."""


def file_sha256(path: Path) -> str:
    """The file's sha256, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    path: str | os.PathLike[str],
    *,
    platform: str = "auto",
    kind: str | None = None,
    dry_run: bool = False,
    now: datetime,
    today: date | None = None,
    progress: Progress = _noop,
    cancelled: Cancelled = _never,
    parser: Callable[..., ParseResult] | None = None,
) -> ImportReceipt:
    """Read `path` and write it to the database in one transaction.

    Raises:
        ImportFileError: the file cannot be imported at all; the database is unchanged.
        JobCancelled: `cancelled()` became true; the database is unchanged.
    """
    # A read-only database takes nothing, a dry run included (it imports, then rolls back):
    # said before the file is read, so the file is never blamed.
    require_writable()
    with paused_gc():
        return _import_file(
            Path(path), platform, kind, dry_run, now, today, progress, cancelled, parser
        )


def _import_file(
    file: Path,
    platform: str,
    kind: str | None,
    dry_run: bool,
    now: datetime,
    today: date | None,
    progress: Progress,
    cancelled: Cancelled,
    parser: Callable[..., ParseResult] | None,
) -> ImportReceipt:
    started = time.perf_counter()
    progress(0, 100)
    try:
        # A file the reader refuses is not hashed first (the parse says why): too big, or no
        # regular file (opening a named pipe nobody writes to waits for good).
        st = file.stat()
        regular = stat.S_ISREG(st.st_mode)
        sha256 = file_sha256(file) if regular and st.st_size <= DEFAULT_MAX_BYTES else None
    except OSError:
        sha256 = None  # the parse says what is wrong with the file
    stored = _StoredOrders() if parser is None else None
    result = None
    if stored is not None and sha256 is not None:
        result = _from_file_cache(file, sha256, platform, kind, stored)
    # Reading and parsing take about a third of an import (the xlsx of bench/import.py).
    parse_progress = functools.partial(_scaled, progress, 0, PARSE_SHARE)
    if result is None:
        result = _parse(file, parser, platform, kind, now, stored, parse_progress, cancelled)
    if cancelled():
        raise JobCancelled()
    if result.layout == "mapped":  # a marketplace's own export is read as it always was
        _refuse_unknown_currency(file, result)
    apply = functools.partial(
        apply_result,
        file=file,
        sha256=sha256 or file_sha256(file),
        now=now,
        today=today or now.date(),
        dry_run=dry_run,
        progress=functools.partial(_scaled, progress, PARSE_SHARE, 100),
        cancelled=cancelled,
    )
    try:
        receipt = apply(result, stored=stored)
    except _StaleLookup:
        # Something wrote to the database while the file was read (rare): the skipped orders
        # are unknown now, so the file is read again in full.
        result = _parse(file, parser, platform, kind, now, None, parse_progress, cancelled)
        receipt = apply(result, stored=None)
    receipt.seconds = time.perf_counter() - started
    if receipt.batch_id is not None:
        with storage_errors(), db.atomic():
            ImportBatch.update(finished_at=datetime.now().replace(microsecond=0)).where(
                ImportBatch.id == receipt.batch_id
            ).execute()
    progress(100, 100)
    return receipt


def _from_file_cache(
    file: Path, sha256: str, platform: str, kind: str | None, stored: _StoredOrders
) -> ParseResult | None:
    """What reading these exact bytes gave before, when every order the file has is stored
    as read from its rows (so nothing in it can change anything); None otherwise."""
    if find_detail_file(file) is not None:
        return None  # a 宝贝报表 beside it would be joined: read both
    with storage_errors():
        row = (
            db.connection()
            .execute(
                "SELECT platform, kind, layout, rows_read, rejected_json, notes_json, orders "
                "FROM import_file_cache WHERE sha256 = ? AND reading = ?",
                (sha256, reading_key()),
            )
            .fetchone()
        )
    if row is None:
        return None
    found_platform, found_kind, layout, rows_read, rejected, notes, blob = row
    if platform not in ("auto", found_platform) or kind not in (None, found_kind):
        return None
    try:
        numbers, digests = json.loads(zlib.decompress(blob))
        refused = [Rejected(int(r["row"]), str(r["reason"])) for r in json.loads(rejected)]
        said = [str(note) for note in json.loads(notes)]
        if not all(isinstance(no, str) for no in numbers):
            return None
    except (zlib.error, ValueError, TypeError, KeyError):
        return None  # a damaged entry is only a cache miss
    now_stored = stored(found_platform, numbers)
    if list(map(now_stored.get, numbers)) != digests:
        return None
    return ParseResult(
        file=str(file),
        platform=found_platform,
        kind=found_kind,
        layout=layout,
        rows_read=int(rows_read),
        rejected=refused,
        notes=said,
        unchanged=numbers,
    )


def _remember_file(sha256: str, result: ParseResult, now: datetime) -> None:
    """Keep what reading this file gave (see _from_file_cache), when it holds for any later
    import of the same bytes: every order has a digest, and no row was refused for a date that
    a later day could accept."""
    if result.digests is None or any(
        r.reason.endswith("is in the future") for r in result.rejected
    ):
        return
    numbers = list(result.digests)
    blob = zlib.compress(json.dumps([numbers, list(result.digests.values())]).encode(), 1)
    conn = db.connection()
    conn.execute(
        "INSERT OR REPLACE INTO import_file_cache (sha256, reading, platform, kind, layout, "
        "rows_read, rejected_json, notes_json, orders, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            sha256, reading_key(), result.platform, result.kind, result.layout,
            result.rows_read,
            json.dumps([{"row": r.row, "reason": r.reason} for r in result.rejected],
                       ensure_ascii=False),
            json.dumps(result.notes, ensure_ascii=False), blob, _text_time(now),
        ),
    )  # fmt: skip
    conn.execute(
        "DELETE FROM import_file_cache WHERE (sha256, reading) NOT IN "
        "(SELECT sha256, reading FROM import_file_cache ORDER BY created_at DESC LIMIT ?)",
        (CACHE_FILES,),
    )


def _scaled(progress: Progress, start: int, end: int, done: int, total: int) -> None:
    """Report a stage's (done, total) as its part, start..end, of 100."""
    progress(start + (end - start) * done // max(total, 1), 100)


def _parse(
    file: Path,
    parser: Callable[..., ParseResult] | None,
    platform: str,
    kind: str | None,
    now: datetime,
    stored: _StoredOrders | None,
    progress: Progress,
    cancelled: Cancelled,
) -> ParseResult:
    if parser is not None:
        return parser(file, platform=platform, kind=kind, now=now)
    return parse_any(
        file, platform=platform, kind=kind, now=now, known=stored, progress=progress,
        cancelled=cancelled,
    )  # fmt: skip


def apply_result(
    result: ParseResult,
    *,
    file: Path,
    sha256: str,
    now: datetime,
    today: date,
    dry_run: bool = False,
    progress: Progress = _noop,
    cancelled: Cancelled = _never,
    stored: _StoredOrders | None = None,
) -> ImportReceipt:
    """Write a parsed file: all of it with its batch, or nothing.

    `stored` is the lookup the parse used to leave out unchanged orders
    (ParseResult.unchanged); _StaleLookup is raised when the database changed since.
    """
    receipt = ImportReceipt(
        file=readable_name(file.name),
        platform=result.platform,
        kind=result.kind,
        rows_read=result.rows_read,
        rejected=list(result.rejected),
        layout=result.layout,
        notes=list(result.notes),
        joined_files=[readable_name(f) for f in result.joined_files],
        dry_run=dry_run,
    )
    try:
        with storage_errors(), db.atomic():
            if stored is not None and stored.platform is not None and not stored.still_valid():
                raise _StaleLookup()
            batch = ImportBatch.create(
                file_name=readable_name(file.name),
                file_path=readable_name(str(file)),
                sha256=sha256,
                platform=result.platform,
                kind=result.kind,
                started_at=now,
                rows_read=result.rows_read,
                rejected_json=json.dumps(
                    [{"row": r.row, "reason": r.reason} for r in result.rejected],
                    ensure_ascii=False,
                ),
                notes_json=json.dumps(result.notes, ensure_ascii=False),
                joined_json=json.dumps(receipt.joined_files, ensure_ascii=False),
            )
            # Writing the rows, then what they set off (totals, points and tiers, follow-ups:
            # a fifth of a big first import), each moving the bar; Cancel is heard in both.
            write_share = functools.partial(_scaled, progress, 0, 80)
            writer = _Writer(int(batch.id), now, write_share, cancelled)
            if result.kind == CUSTOMERS:
                writer.customers(result.customers)
            else:
                if stored is not None and stored.platform is not None:
                    writer.use_stored(stored, result.unchanged)
                writer.orders(result.orders)
            crash_point("import:after_rows")
            if writer.orders_erased or writer.people_erased:
                writer.notes.append(_erased_note(writer.orders_erased, writer.people_erased))
            if writer.notes:
                receipt.notes.extend(writer.notes)
                batch.notes_json = json.dumps(receipt.notes, ensure_ascii=False)
                batch.save(only=[ImportBatch.notes_json])
            writer.flush_journal()
            _remember_file(sha256, result, now)
            receipt.orders_added = writer.orders_added
            receipt.orders_updated = writer.orders_updated
            receipt.orders_unchanged = writer.orders_unchanged
            receipt.orders_without_customer = writer.orders_without_customer
            receipt.customers_added = writer.customers_added
            receipt.customers_matched = len(writer.matched)
            ImportBatch.update(
                orders_added=receipt.orders_added,
                orders_updated=receipt.orders_updated,
                orders_unchanged=receipt.orders_unchanged,
                orders_without_customer=receipt.orders_without_customer,
                customers_added=receipt.customers_added,
                customers_matched=receipt.customers_matched,
            ).where(ImportBatch.id == batch.id).execute()
            effects.orders_changed(
                writer.touched_customers, today=today, now=now,
                progress=functools.partial(_scaled, progress, 80, 99), cancelled=cancelled,
                batch_id=int(batch.id),
            )  # fmt: skip
            receipt.batch_id = int(batch.id)
            if dry_run and not getattr(_rehearsing, "active", False):
                raise _DryRun()
            if cancelled():  # the last moment Cancel can still leave everything as it was
                raise JobCancelled()
            crash_point("import:before_commit")
        crash_point("import:after_commit")
    except _DryRun:
        pass  # rolled back
    if dry_run:  # no batch is kept (in a rehearsal, it goes when the rehearsal ends)
        receipt.batch_id = None
    return receipt


_NAME, _REAL, _PHONE, _EMAIL = (
    CUSTOMER_COLUMNS.index(c) for c in ("display_name", "real_name", "phone", "email")
)
_ID, _MASKED, _SOURCE, _NOTES, _CREATED, _UPDATED, _BATCH = (
    CUSTOMER_COLUMNS.index(c)
    for c in (
        "id", "phone_masked", "source_platform", "notes", "created_at", "updated_at",
        "created_batch_id",
    )
)  # fmt: skip


def search_body(row: Sequence[Any]) -> str:
    """The text search looks in, exactly as the database triggers compute it (no tags yet)."""
    return " ".join((row[_NAME], row[_REAL] or "", row[_PHONE] or "", row[_EMAIL] or "", ""))


def _contact_key(p: ParsedCustomer) -> str:
    """The identity key of a person from a customer list: full phone, else e-mail, else name."""
    phone = parse_phone(p.phone) if p.phone and not p.phone_masked else None
    if phone is not None and phone.norm:
        return f"{CONTACT_PREFIX}phone:{phone.norm}"
    email = normalize_email(p.email) if p.email else None
    if email:
        return f"{CONTACT_PREFIX}email:{email}"
    name = (p.display_name or p.real_name or "").strip().casefold()
    return f"{CONTACT_PREFIX}name:{name}|{p.city or ''}"


# A buyer's contact details, each taken from their newest order in the file that has it: an
# unpaid or later order often leaves these cells blank, and the newest row alone would lose
# what the older ones say. The place (province, city, street) goes together, from one order.
_CONTACT_GROUPS: tuple[Callable[[ParsedOrder], object], ...] = (
    lambda o: o.buyer_name != o.email and o.buyer_name,  # an e-mail standing in is no name
    lambda o: o.real_name and not o.real_name_masked,  # a masked one gives way to a full one
    lambda o: o.phone and not o.phone_masked,
    lambda o: o.email,
    lambda o: o.province or o.city or o.address,
)


def _newest_contacts(
    orders: list[ParsedOrder], latest: dict[tuple[str, str], ParsedOrder]
) -> dict[tuple[str, str], dict[int, ParsedOrder]]:
    """(platform, buyer key) -> {index in _CONTACT_GROUPS: the buyer's newest order that has
    it}, for the groups their newest order lacks (and some order of theirs has)."""
    # Only what some order of the file has (a Taobao export has no e-mail at all).
    present = [(i, has) for i, has in enumerate(_CONTACT_GROUPS) if any(map(has, orders))]
    lacking: dict[tuple[str, str], list[int]] = {}
    for key, o in latest.items():
        groups = [i for i, has in present if not has(o)]
        if groups:
            lacking[key] = groups
    best: dict[tuple[str, str], dict[int, ParsedOrder]] = {}
    if not lacking:
        return best
    for o in orders:
        if o.buyer_key is None:
            continue
        key = (o.platform, o.buyer_key)
        groups = lacking.get(key)
        if groups is None:
            continue
        for i in groups:
            if _CONTACT_GROUPS[i](o):
                seen = best.setdefault(key, {}).get(i)
                if seen is None or o.ordered_at >= seen.ordered_at:
                    best[key][i] = o
    return best


def _text_time(value: datetime | None) -> str | None:
    """A time as SQLite stores it here: 'YYYY-MM-DD HH:MM:SS' (parsed times have no µs)."""
    if value is None:
        return None
    return str(value) if not value.microsecond else value.isoformat(" ", "seconds")


def fingerprint(o: ParsedOrder, times: tuple[str | None, str | None, str | None]) -> str:
    """Everything that makes one version of an order differ from another, as one string.

    Stored with the order, so a re-import recognises unchanged orders without loading them.
    `times` are the order's (ordered, paid, completed) times as stored text.
    """
    items = "\x1e".join(
        f"{i.title}\x1d{i.sku}\x1d{i.quantity}\x1d{i.price}\x1d{i.attributes}" for i in o.items
    )
    return (
        f"{o.status}\x1f{o.paid}\x1f{o.refunded}\x1f{times[1] or ''}\x1f{times[2] or ''}\x1f"
        f"{times[0]}\x1f{o.currency or ''}\x1f{o.item_summary}\x1f{o.buyer_note or ''}\x1f"
        f"{o.province or ''}\x1f{o.city or ''}\x1f{items}\x1f{o.buyer_key or ''}"
    )


def _rank_tuple(
    status: str, refunded: int, paid: int, rest: Sequence[Any], items: list[tuple[Any, ...]]
) -> tuple[Any, ...]:
    # More advanced status wins; at equal status the larger refund; then the remaining fields
    # compared as text, so that any two versions have one winner whatever the import order;
    # last, a version with item lines beats the same version without them.
    return (
        STATUS_RANK.get(status, 0),
        refunded,
        paid,
        *(("" if v is None else str(v)) for v in rest),
        bool(items),
        str(items),
    )


def _rank(o: ParsedOrder, items: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The order-independent ranking of a version read from a file (DESIGN §5)."""
    rest = (
        _text_time(o.paid_at), _text_time(o.completed_at), _text_time(o.ordered_at), o.currency,
        o.item_summary, o.buyer_note, o.province, o.city, o.buyer_key,
    )  # fmt: skip
    return _rank_tuple(o.status, o.refunded, o.paid, rest, items)


def _rank_stored(old: dict[str, Any], items: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The same ranking for the stored version."""
    rest = (
        old["paid_at"], old["completed_at"], old["ordered_at"], old["currency"],
        old["item_summary"], old["buyer_note"], old["province"], old["city"], old["buyer_key"],
    )  # fmt: skip
    return _rank_tuple(old["status"], old["refunded"], old["paid"], rest, items)


def _before(old: dict[str, Any]) -> dict[str, Any]:
    """A stored order as its journal entry keeps it (columns and item lines), for undo."""
    return {**{k: old[k] for k in ORDER_COLUMNS}, "items": old["items"]}


class _Writer:
    """Writes one file's records inside the caller's transaction, journalling every change."""

    def __init__(self, batch_id: int, now: datetime, progress: Progress, cancelled: Cancelled):
        self.batch_id = batch_id
        self.now = now
        self.progress = progress
        self.cancelled = cancelled
        self.conn = db.connection()
        self.journal: list[tuple[int, str, int, str, str | None]] = []
        self.touched_customers: set[int] = set()
        self.matched: set[int] = set()
        self.orders_added = 0
        self.orders_updated = 0
        self.orders_unchanged = 0
        self.orders_without_customer = 0
        self.orders_erased = 0
        self.people_erased = 0
        self.customers_added = 0
        self.stored: _StoredOrders | None = None
        self.notes: list[str] = []  # for the receipt
        self._list_rows: dict[tuple[str, str], int] = {}  # a list person's row in the file

    def use_stored(self, stored: _StoredOrders, unchanged: list[str]) -> None:
        """Take the parse's lookup of stored orders, and count the orders it left out as
        unchanged (their customers as matched, like any buyer found again)."""
        self.stored = stored
        self.orders_unchanged += len(unchanged)
        customers = list(map(stored.customers.__getitem__, unchanged))
        self.orders_without_customer += customers.count(None)
        self.matched.update(customers)
        self.matched.discard(None)  # type: ignore[arg-type]

    # --- journal -------------------------------------------------------------------------
    def note(
        self, entity: str, row_id: int, action: str, before: dict[str, Any] | None = None
    ) -> None:
        self.journal.append(
            (
                self.batch_id,
                entity,
                row_id,
                action,
                None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            )
        )

    def flush_journal(self) -> None:
        executemany(
            "INSERT INTO import_change (batch_id, entity, row_id, action, before_json) "
            "VALUES (?,?,?,?,?)",
            self.journal,
        )
        self.journal.clear()

    def _check_cancel(self) -> None:
        if self.cancelled():
            raise JobCancelled()

    def _next_id(self, table: str) -> int:
        # Customer ids are AUTOINCREMENT: an id once used (a deleted, erased or merged-away
        # customer) is never given to someone else, so an unmerge can bring it back.
        top = int(self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        has_sequence = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).fetchone()
        if has_sequence:
            row = self.conn.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
            ).fetchone()
            top = max(top, int(row[0]) if row else 0)
        if table == "orders":
            top = max(top, int(get_setting(ORDER_ID_HIGH_WATER) or 0))
        return top + 1

    # --- customers and identities --------------------------------------------------------
    def _identities(
        self, wanted: dict[tuple[str, str], tuple[bool, dict[str, Any]]]
    ) -> dict[tuple[str, str], tuple[int, int]]:
        """(platform, key) -> (identity id, customer id), creating customers for new buyers.

        `wanted` maps each key to (weak, profile) where profile holds customer columns taken
        from the buyer's most recent record in the file.
        """
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _imp_keys (platform TEXT, buyer_key TEXT, "
            "PRIMARY KEY (platform, buyer_key)) WITHOUT ROWID"
        )
        self.conn.execute("DELETE FROM _imp_keys")
        executemany("INSERT INTO _imp_keys VALUES (?, ?)", list(wanted))
        found: dict[tuple[str, str], tuple[int, int]] = {
            (p, k): (i, c)
            for p, k, i, c in self.conn.execute(
                "SELECT k.platform, k.buyer_key, ci.id, ci.customer_id FROM _imp_keys k "
                "JOIN channel_identity ci "
                "ON ci.platform = k.platform AND ci.buyer_key = k.buyer_key"
            )
        }
        attached = self._attach_by_contact([k for k in wanted if k not in found], wanted)
        found.update(attached)
        new_keys = [key for key in wanted if key not in found]
        if new_keys:
            cid = first_cid = self._next_id("customer")
            iid = self._next_id("channel_identity")
            customers, identities = [], []
            for key in new_keys:
                weak, profile = wanted[key]
                get = profile.get
                row = [get(c) for c in CUSTOMER_COLUMNS]  # then the columns set here:
                row[_ID] = cid
                row[_NAME] = row[_NAME] or key[1]
                row[_MASKED] = int(bool(row[_MASKED]))
                row[_SOURCE] = key[0]
                row[_NOTES] = row[_NOTES] or ""
                row[_CREATED] = row[_UPDATED] = self.now
                row[_BATCH] = self.batch_id
                customers.append(row)
                identities.append((iid, key[0], key[1], cid, int(weak), self.now, self.batch_id))
                found[key] = (iid, cid)
                cid += 1
                iid += 1
            cols = ", ".join(CUSTOMER_COLUMNS)
            marks = ",".join("?" * (len(CUSTOMER_COLUMNS) + 1))
            executemany(
                f"INSERT INTO customer ({cols}, search_body) VALUES ({marks})",
                ((*row, search_body(row)) for row in customers),
            )
            # Rows inserted with their search text are indexed here, in one statement.
            self.conn.execute(
                "INSERT INTO customer_search (rowid, search_body) "
                "SELECT id, search_body FROM customer WHERE id >= ? AND id < ?",
                (first_cid, cid),
            )
            executemany(
                "INSERT INTO channel_identity (id, platform, buyer_key, customer_id, weak, "
                "created_at, created_batch_id) VALUES (?,?,?,?,?,?,?)",
                identities,
            )
            self.customers_added += len(new_keys)
        new_set = set(new_keys)
        matched = {found[k][1]: wanted[k][1] for k in wanted if k not in new_set}
        self.matched.update(matched)
        self._fill_profiles(matched)
        return found

    def _attach_by_contact(
        self,
        keys: list[tuple[str, str]],
        wanted: dict[tuple[str, str], tuple[bool, dict[str, Any]]],
    ) -> dict[tuple[str, str], tuple[int, int]]:
        """Give people of a customer list (keys 'contact:…') the customer with the same full
        phone or e-mail, by a new identity. A masked phone never matches (it has no norm)."""
        out: dict[tuple[str, str], tuple[int, int]] = {}
        people = [k for k in keys if k[1].startswith(CONTACT_PREFIX)]
        if not people:
            return out
        # The first customer (lowest id) with each full phone and e-mail, and how many have
        # it, in one query each.
        first: dict[str, dict[str, tuple[int, int]]] = {}
        for column in ("phone_norm", "email_norm"):
            values = {wanted[k][1].get(column) for k in people} - {None, ""}
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _imp_contact (v TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM _imp_contact")
            executemany("INSERT INTO _imp_contact VALUES (?)", ((v,) for v in values))
            first[column] = {
                v: (int(cid), int(n))
                for v, cid, n in self.conn.execute(
                    f"SELECT c.{column}, min(c.id), count(*) FROM _imp_contact k "
                    f"JOIN customer c ON c.{column} = k.v GROUP BY c.{column}"
                )
            }
        rows = []
        shared: list[tuple[tuple[str, str], str, str]] = []  # (key, column, value)
        iid = self._next_id("channel_identity")
        for key in people:
            profile = wanted[key][1]
            column = "phone_norm"  # a full phone decides first, then the e-mail
            if profile.get(column) not in first[column]:
                column = "email_norm"
            cid, count = first[column].get(profile.get(column) or "", (None, 0))
            if cid is None:
                continue
            if count > 1:
                shared.append((key, column, profile[column]))
            rows.append((iid, key[0], key[1], cid, 0, self.now, self.batch_id))
            out[key] = (iid, cid)
            iid += 1
        if shared:
            self._note_shared_contacts(shared)
        executemany(
            "INSERT INTO channel_identity (id, platform, buyer_key, customer_id, weak, "
            "created_at, created_batch_id) VALUES (?,?,?,?,?,?,?)",
            rows,
        )
        return out

    def _note_shared_contacts(self, shared: list[tuple[tuple[str, str], str, str]]) -> None:
        """Say which list people's phone or e-mail (key, column, value) fits several customers
        (one person on two platforms is never merged on its own): each row joined the first
        of them. One query per column for all of them."""
        names: dict[tuple[str, str], list[str]] = {}
        for column in ("phone_norm", "email_norm"):
            values = sorted({v for _k, c, v in shared if c == column})
            if not values:
                continue
            for value, name in self.conn.execute(
                f"SELECT {column}, display_name FROM customer "
                f"WHERE {column} IN (SELECT value FROM json_each(?)) ORDER BY id",
                (json.dumps(values, ensure_ascii=False),),
            ):
                names.setdefault((column, value), []).append(str(name))
        for key, column, value in shared:
            found = names[(column, value)]
            what = "phone" if column == "phone_norm" else "e-mail"
            self.notes.append(
                f"row {self._list_rows[key]}: its {what} fits {len(found)} customers "
                f"({', '.join(found)}); it was matched to the first. Merge them if they are one "
                "person"
            )

    def _fill_profiles(self, profiles: dict[int, dict[str, Any]]) -> None:
        """Fill empty profile fields of matched customers; never overwrite what is there."""
        if not profiles:
            return
        cols = ", ".join(FILLABLE)
        updates: list[tuple[Any, ...]] = []
        ids = list(profiles)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT id, updated_at, {cols} FROM customer "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for row in rows:
                current = dict(zip(("id", "updated_at", *FILLABLE), row, strict=True))
                new = profiles[row[0]]
                change: dict[str, Any] = {}
                for name in (
                    "real_name",
                    "email",
                    "province",
                    "city",
                    "address",
                    "gender",
                    "birthday",
                    "notes",  # a customer list's 备注
                ):
                    if current[name] in (None, "") and new.get(name):
                        change[name] = new[name]
                if "email" in change:
                    change["email_norm"] = new.get("email_norm")
                # A name stands in for an e-mail shown as the name (a Shopify order without a
                # billing name): the customer list's "Alice Smith" then wins whichever file
                # came first.
                email = current["email"] or new.get("email")
                named = new.get("display_name")
                if email and current["display_name"] == email and named and named != email:
                    change["display_name"] = named
                # A masked name (张*) gives way to the full one, as a masked phone does.
                full_name = new.get("real_name")
                if (
                    full_name
                    and current["real_name"]
                    and is_masked_name(current["real_name"])
                    and not is_masked_name(full_name)
                ):
                    change["real_name"] = full_name
                if new.get("phone") and (
                    current["phone"] in (None, "")
                    or (current["phone_masked"] and not new.get("phone_masked"))
                ):
                    change.update(
                        phone=new["phone"],
                        phone_norm=new.get("phone_norm"),
                        phone_masked=int(bool(new.get("phone_masked"))),
                    )
                if change:
                    before = {k: current[k] for k in change}
                    before["updated_at"] = current["updated_at"]
                    self.note("customer", row[0], "update", before)
                    updates.append((row[0], change))
        for cid, change in updates:
            sets = ", ".join(f"{k} = ?" for k in change)
            self.conn.execute(
                f"UPDATE customer SET {sets}, updated_at = ? WHERE id = ?",
                [*change.values(), self.now, cid],
            )

    @staticmethod
    def _profile(
        display: str | None,
        real_name: str | None,
        phone: str | None,
        phone_masked: bool,
        email: str | None,
        province: str | None,
        city: str | None,
        address: str | None,
    ) -> dict[str, Any]:
        parsed = parse_phone(phone) if phone else None
        if parsed is not None:
            phone_text, phone_norm, masked = parsed.text, parsed.norm, parsed.masked
        else:
            phone_text, phone_norm, masked = phone or None, None, phone_masked
        return {
            "display_name": display or real_name,
            "real_name": real_name,
            "phone": phone_text,
            "phone_norm": None if masked else phone_norm,
            "phone_masked": masked,
            "email": email,
            "email_norm": normalize_email(email) if email else None,
            "province": official_province(province),
            "city": city,
            "address": address,
        }

    # --- orders --------------------------------------------------------------------------
    def orders(self, orders: list[ParsedOrder]) -> None:
        """Write a file's orders. Consumes the list: each record is let go once it is written,
        and rows go to the database every FLUSH_EVERY orders (the records and rows of a
        100k-order file would otherwise add 150 MB to the peak)."""
        total = len(orders)
        self._adopt_currency(orders)
        # What amounts that name no currency are in: the store's, written down (a later
        # change of the store currency does not change what they were).
        store = store_currency()
        self._keep_erased_anonymous(orders)
        latest: dict[tuple[str, str], ParsedOrder] = {}
        for o in orders:
            if o.buyer_key is not None:
                key = (o.platform, o.buyer_key)
                seen = latest.get(key)
                if seen is None or o.ordered_at >= seen.ordered_at:
                    latest[key] = o
        newer = _newest_contacts(orders, latest)
        wanted = {}
        for key, o in latest.items():
            name = real = phone = email = place = o
            if key in newer:
                get = newer[key].get
                name, real, phone, email, place = (get(i, o) for i in range(5))
            wanted[key] = (o.buyer_key_weak, self._profile(
                name.buyer_name, real.real_name, phone.phone, phone.phone_masked, email.email,
                place.province, place.city, place.address,
            ))  # fmt: skip
        del newer
        del latest
        identities = self._identities(wanted)
        del wanted
        self._check_cancel()
        self.progress(1, CHUNKS + 2)

        existing = self._existing(orders)
        next_id = self._next_id("orders")
        digests: list[tuple[str, int]] = []
        inserts: list[tuple[Any, ...]] = []
        new_items: list[tuple[Any, ...]] = []
        differing: list[tuple[ParsedOrder, str, int]] = []
        step = max(1, total // CHUNKS)
        orders.reverse()
        index = -1
        while orders:
            o = orders.pop()
            index += 1
            if index % step == 0:
                self._check_cancel()
                self.progress(1 + index // step, CHUNKS + 2)
            ident = identities.get((o.platform, o.buyer_key)) if o.buyer_key is not None else None
            if ident is None:
                self.orders_without_customer += 1
            times = (_text_time(o.ordered_at), _text_time(o.paid_at), _text_time(o.completed_at))
            old = existing.get((o.platform, o.order_no))
            if o.currency is None:
                # Amounts naming no currency: the stored order's (a stored blank stays blank:
                # version 16 wrote them so), else the store's. Before the fingerprint and the
                # rank, so both versions of an order compare the same whichever came first.
                o.currency = old[3] if old is not None else store
            fp = fingerprint(o, times)
            if old is not None:
                if old[1] == fp:
                    self.orders_unchanged += 1
                    if o.source_digest is not None and old[2] != o.source_digest:
                        # The same version read from other rows (another export of it, or
                        # an order stored before digests): next time these rows are skipped.
                        digests.append((o.source_digest, old[0]))
                else:
                    differing.append((o, fp, old[0]))
                continue
            oid = next_id
            next_id += 1
            cid = ident[1] if ident else None
            inserts.append((
                oid, o.platform, o.order_no, cid, ident[0] if ident else None, *times, o.status,
                o.paid, o.refunded, o.currency, o.item_summary, o.buyer_note,
                o.province, o.city, self.batch_id, self.batch_id, fp, o.source_digest,
            ))  # fmt: skip
            new_items.extend(
                (oid, i.title, i.sku, i.quantity, i.price, i.attributes) for i in o.items
            )
            self.orders_added += 1
            if cid is not None:
                self.touched_customers.add(cid)
            if len(inserts) >= FLUSH_EVERY:
                self._insert_new(inserts, new_items)
        self._check_cancel()
        self._insert_new(inserts, new_items)
        self._update_differing(differing, identities, new_items, store)
        executemany(_ITEM_INSERT, new_items)
        executemany("UPDATE orders SET source_digest = ? WHERE id = ?", digests)
        if self.orders_added:
            self._relink_feedback()
        self.progress(CHUNKS + 2, CHUNKS + 2)

    def _keep_erased_anonymous(self, orders: list[ParsedOrder]) -> None:
        """Orders of a customer the merchant erased stay without a buyer when an export holding
        them is imported again: their buyer, contact details and message are dropped before
        anything is matched, so the person is not made again. Status and amounts still follow
        the export (the sales figures). The rows' digest is not kept either, as the erasure
        forgot it."""
        erased = set(self.conn.execute("SELECT platform, order_no FROM erased_order"))
        if not erased:
            return
        for o in orders:
            if (o.platform, o.order_no) in erased:
                o.buyer_key = o.buyer_name = o.real_name = o.phone = o.email = None
                o.address = o.buyer_note = o.source_digest = None
                o.buyer_key_weak = o.real_name_masked = o.phone_masked = False
                self.orders_erased += 1

    def _relink_feedback(self) -> None:
        """Feedback about an order an undo removed finds it again when this import brings it
        back (same platform and number, same customer). Undoing this import unlinks it again
        (the foreign key), so nothing needs journalling."""
        self.conn.execute(
            "UPDATE feedback SET order_id = o.id FROM orders o "
            "WHERE feedback.order_id IS NULL AND feedback.order_no IS NOT NULL "
            "AND o.order_no = feedback.order_no AND o.platform = feedback.order_platform "
            "AND o.customer_id = feedback.customer_id AND o.created_batch_id = ?",
            (self.batch_id,),
        )

    @staticmethod
    def _insert_new(inserts: list[tuple[Any, ...]], new_items: list[tuple[Any, ...]]) -> None:
        """Write new orders and their items, and empty both lists."""
        executemany(_ORDER_INSERT, inserts)
        executemany(_ITEM_INSERT, new_items)
        inserts.clear()
        new_items.clear()

    def _update_differing(
        self,
        differing: list[tuple[ParsedOrder, str, int]],
        identities: dict[tuple[str, str], tuple[int, int]],
        new_items: list[tuple[Any, ...]],
        store: str | None,
    ) -> None:
        """Orders the file has in another version: the order-independent rule picks one.

        Item lines are not part of "the version wins as a whole": a version without lines (an
        order report read without its 宝贝报表) says nothing about them. The stored lines are
        those of the winner when it has any, else those of the other version, so two versions
        give the same order whichever was imported first.
        """
        if not differing:
            return
        olds = self._load_orders([oid for _o, _fp, oid in differing])
        updates: list[tuple[Any, ...]] = []
        replace_items: list[tuple[int]] = []
        lines_only: list[tuple[int, int]] = []
        for o, fp, oid in differing:
            old = olds[oid]
            items = [(i.title, i.sku, i.quantity, i.price, i.attributes) for i in o.items]
            old_items = [tuple(i) for i in old["items"]]
            if _rank(o, items) <= _rank_stored(old, old_items):
                if not items or old_items:
                    self.orders_unchanged += 1
                    continue
                # The stored version wins but has no lines: this one brings them.
                self.note("order", oid, "update", _before(old))
                lines_only.append((self.batch_id, oid))
                new_items.extend((oid, *item) for item in items)
                self.orders_updated += 1
                continue
            ident = identities.get((o.platform, o.buyer_key)) if o.buyer_key is not None else None
            if o.buyer_key is not None and o.buyer_key == old["buyer_key"]:
                cid, iid = old["customer_id"], old["identity_id"]  # kept through a merge
            else:
                cid, iid = (ident[1], ident[0]) if ident else (None, None)
            self.note("order", oid, "update", _before(old))
            updates.append((
                cid, iid, _text_time(o.ordered_at), _text_time(o.paid_at),
                _text_time(o.completed_at), o.status, o.paid, o.refunded,
                o.currency or old["currency"] or store, o.item_summary, o.buyer_note,
                o.province, o.city, self.batch_id, fp, o.source_digest, oid,
            ))  # fmt: skip
            if items and items != old_items:
                replace_items.append((oid,))
                new_items.extend((oid, *item) for item in items)
            self.orders_updated += 1
            self.touched_customers.update(c for c in (cid, old["customer_id"]) if c is not None)
        executemany(
            "UPDATE orders SET customer_id = ?, identity_id = ?, ordered_at = ?, paid_at = ?, "
            "completed_at = ?, status = ?, paid = ?, refunded = ?, currency = ?, item_summary = ?, "
            "buyer_note = ?, province = ?, city = ?, batch_id = ?, fingerprint = ?, "
            "source_digest = ? WHERE id = ?",
            updates,
        )
        executemany("DELETE FROM order_item WHERE order_id = ?", replace_items)
        executemany("UPDATE orders SET batch_id = ? WHERE id = ?", lines_only)

    def _existing(
        self, orders: list[ParsedOrder]
    ) -> dict[tuple[str, str], tuple[int, str, str | None, str | None]]:
        """(platform, order_no) -> (id, fingerprint, source_digest, currency) of the file's
        orders already stored: from the parse's lookup when there was one, else looked up
        here."""
        stored = self.stored
        if not orders or (
            stored is not None
            and stored.platform_empty
            and all(o.platform == stored.platform for o in orders)
        ):
            return {}
        _fill_order_keys(self.conn, ((o.platform, o.order_no) for o in orders))
        return {
            (platform, no): (oid, fp, digest, code)
            for platform, no, oid, fp, digest, code in self.conn.execute(
                "SELECT o.platform, o.order_no, o.id, o.fingerprint, o.source_digest, o.currency "
                "FROM _imp_orders k "
                "JOIN orders o ON o.platform = k.platform AND o.order_no = k.order_no"
            )
        }

    def _load_orders(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """Whole stored rows (with items and buyer key) of these orders."""
        fill_id_table(ids, "_imp_ids")
        cols = ", ".join(f"o.{c}" for c in ORDER_COLUMNS)
        found: dict[int, dict[str, Any]] = {}
        for row in self.conn.execute(
            f"SELECT {cols}, ci.buyer_key FROM _imp_ids k JOIN orders o ON o.id = k.id "
            "LEFT JOIN channel_identity ci ON ci.id = o.identity_id"
        ):
            rec = dict(zip((*ORDER_COLUMNS, "buyer_key"), row, strict=True))
            rec["items"] = []
            found[rec["id"]] = rec
        for order_id, *item in self.conn.execute(
            f"SELECT i.order_id, {', '.join('i.' + c for c in ITEM_COLUMNS)} FROM _imp_ids k "
            "JOIN order_item i ON i.order_id = k.id ORDER BY i.id"
        ):
            found[order_id]["items"].append(list(item))
        return found

    def _adopt_currency(self, orders: list[ParsedOrder]) -> None:
        """A new store takes the currency of its first import (DESIGN §2): the one most of
        its orders are in (an export lists the newest first, which may be a foreign one)."""
        if store_currency():
            return
        counts = Counter(o.currency.upper() for o in orders if o.currency)
        if not counts:
            return
        previous = self.conn.execute("SELECT value FROM setting WHERE key = 'currency'").fetchone()
        self.note("setting", 0, "update", {"key": "currency", "value": previous and previous[0]})
        set_setting("currency", counts.most_common(1)[0][0])

    # --- customer lists ------------------------------------------------------------------
    def customers(self, people: list[ParsedCustomer]) -> None:
        wanted: dict[tuple[str, str], tuple[bool, dict[str, Any]]] = {}
        tags: dict[tuple[str, str], list[str]] = {}
        for p in people:
            key = (p.platform, p.buyer_key or _contact_key(p))
            profile = self._profile(
                p.display_name,
                p.real_name,
                p.phone,
                p.phone_masked,
                p.email,
                p.province,
                p.city,
                p.address,
            )
            profile.update(gender=p.gender, birthday=p.birthday, notes=p.note or "")
            wanted[key] = (p.buyer_key_weak, profile)
            self._list_rows[key] = p.row
            tags.setdefault(key, []).extend(p.tags)
        for key in self._erased_people(wanted):
            del wanted[key]
            tags.pop(key, None)
            self.people_erased += 1
        self._check_cancel()
        identities = self._identities(wanted)
        self._add_tags({identities[k][1]: names for k, names in tags.items() if names})
        self.touched_customers.update(c for _i, c in identities.values())
        self.progress(1, 1)

    def _erased_people(
        self, wanted: dict[tuple[str, str], tuple[bool, dict[str, Any]]]
    ) -> list[tuple[str, str]]:
        """Listed people who were erased (an account, full phone or e-mail of theirs is in
        erased_person): the list leaves them out, as the erasure asked. Also once a new order
        has made them a customer again: the list's old profile does not come back with them,
        and the result does not depend on which file came first."""
        erased = {d for (d,) in self.conn.execute("SELECT digest FROM erased_person")}
        if not erased:
            return []
        out = []
        for key, (_weak, profile) in wanted.items():
            contacts = [(c, profile.get(f"{c}_norm")) for c in ("phone", "email")]
            digests = {person_digest("account", f"{key[0]}\x00{key[1]}")}
            digests.update(person_digest(c, v) for c, v in contacts if v)
            if not erased.isdisjoint(digests):
                out.append(key)
        return out

    def _add_tags(self, by_customer: dict[int, list[str]]) -> None:
        """Add tags (never remove); each new link is journalled for undo."""
        names = {n.strip() for lst in by_customer.values() for n in lst if n.strip()}
        ids = tag_ids_by_key()  # VIP, vip and ＶＩＰ are one tag
        for name in sorted(names):
            if name_key(name) not in ids:
                cur = self.conn.execute("INSERT INTO tag (name) VALUES (?)", (name,))
                ids[name_key(name)] = int(cur.lastrowid)
                self.note("tag", int(cur.lastrowid), "add")
        for cid, lst in by_customer.items():
            for name in {name_key(n) for n in lst if n.strip()}:
                cur = self.conn.execute(
                    "INSERT OR IGNORE INTO customer_tag (customer_id, tag_id, batch_id) "
                    "VALUES (?, ?, ?)",
                    (cid, ids[name], self.batch_id),
                )
                if cur.rowcount:
                    self.journal.append(
                        (
                            self.batch_id,
                            "customer_tag",
                            cid,
                            "add",
                            json.dumps({"tag_id": ids[name]}),
                        )
                    )


# --- history and undo ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """One line of the import history."""

    batch_id: int
    file: str
    platform: str
    kind: str
    imported_at: datetime
    rows_read: int
    orders_added: int
    orders_updated: int
    orders_unchanged: int
    customers_added: int
    rejected: int
    undone: bool
    customers_matched: int = 0
    orders_without_customer: int = 0
    notes: list[str] = field(default_factory=list)  # what the import's receipt said
    joined_files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The `imports --json` contract keys."""
        return {
            "batch_id": self.batch_id,
            "file": self.file,
            "platform": self.platform,
            "kind": self.kind,
            "imported_at": self.imported_at.isoformat(" ", "seconds"),
            "orders_added": self.orders_added,
            "orders_updated": self.orders_updated,
            "rejected": self.rejected,
            "undone": self.undone,
        }


def history() -> list[BatchInfo]:
    """Every import, newest first."""
    out = []
    for b in ImportBatch.select().order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc()):
        out.append(
            BatchInfo(
                batch_id=int(b.id), file=b.file_name, platform=b.platform, kind=b.kind,
                imported_at=b.started_at, rows_read=int(b.rows_read),
                orders_added=int(b.orders_added), orders_updated=int(b.orders_updated),
                orders_unchanged=int(b.orders_unchanged), customers_added=int(b.customers_added),
                rejected=len(json.loads(b.rejected_json or "[]")), undone=b.undone_at is not None,
                customers_matched=int(b.customers_matched),
                orders_without_customer=int(b.orders_without_customer),
                notes=[str(n) for n in json.loads(b.notes_json or "[]")],
                joined_files=[str(f) for f in json.loads(b.joined_json or "[]")],
            )
        )  # fmt: skip
    return out


def batch_rejections(batch_id: int) -> list[Rejected]:
    """The rows a batch skipped, with their reasons."""
    b = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if b is None:
        raise NotFound(f"Import {batch_id} does not exist.")
    return [Rejected(int(r["row"]), str(r["reason"])) for r in json.loads(b.rejected_json or "[]")]


class UndoRefused(Refused):
    """Undo would break a newer import: that one has to be undone first."""

    def __init__(self, batch_id: int, newer: int, newer_file: str) -> None:
        super().__init__(
            f"Import {batch_id} cannot be undone yet: import {newer} ({newer_file}) changed the "
            f"same orders or customers later. Undo import {newer} first."
        )
        self.batch_id = batch_id
        self.newer = newer


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What an undo put back."""

    batch_id: int
    orders_removed: int
    orders_restored: int
    customers_removed: int
    customers_restored: int


def _blocking_batch(batch_id: int) -> int | None:
    """The newest later batch that touched what `batch_id` wrote, if any.

    Rows a batch added carry its id in created_batch_id; rows it changed are in its journal.
    An order of another batch linked to a customer or identity this batch added blocks only when
    another batch wrote it last: when this batch did (it moved the order to a buyer it added),
    its own journal puts the link back.
    """
    row = (
        db.connection()
        .execute(
            """
        SELECT max(b) FROM (
            SELECT o.batch_id AS b FROM import_change c JOIN orders o ON o.id = c.row_id
            WHERE c.batch_id = ?1 AND c.entity = 'order' AND o.batch_id IS NOT ?1
            UNION ALL
            SELECT batch_id FROM orders WHERE created_batch_id = ?1 AND batch_id IS NOT ?1
            UNION ALL
            SELECT coalesce(o.batch_id, o.created_batch_id) FROM customer c
            JOIN orders o ON o.customer_id = c.id
            WHERE c.created_batch_id = ?1 AND o.created_batch_id IS NOT ?1
              AND o.batch_id IS NOT ?1
            UNION ALL
            SELECT coalesce(o.batch_id, o.created_batch_id) FROM channel_identity ci
            JOIN orders o ON o.identity_id = ci.id
            WHERE ci.created_batch_id = ?1 AND o.created_batch_id IS NOT ?1
              AND o.batch_id IS NOT ?1
        ) WHERE b IS NOT NULL
        """,
            (batch_id,),
        )
        .fetchone()
    )
    return int(row[0]) if row and row[0] is not None else None


def _owners_gone(befores: list[dict[str, Any]]) -> set[Any]:
    """The customers the journal remembers as these orders' owners that no longer exist
    (deleted; a merge or an erasure rewrites the journal itself)."""
    owners = sorted({b["customer_id"] for b in befores if b.get("customer_id") is not None})
    if not owners:
        return set()
    present = {
        int(r[0])
        for r in db.execute_sql(
            "SELECT id FROM customer WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(owners),),
        ).fetchall()
    }
    return {o for o in owners if int(o) not in present}


def undo_batch(batch_id: int, *, now: datetime, today: date | None = None) -> UndoResult:
    """Undo one import exactly: remove what it added, put back what it changed.

    Raises:
        NotFound: no such import.
        Refused: it was already undone.
        UndoRefused: a newer import touched the same orders; that one must be undone first.
    """
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise NotFound(f"Import {batch_id} does not exist.")
    if batch.undone_at is not None:
        raise Refused(f"Import {batch_id} ({batch.file_name}) was already undone.")
    if _blocking_batch(batch_id) is None:
        # A verified copy of the state before the undo (RELIABILITY E18).
        backup_before("undo-import", now=now)
    with storage_errors(), db.atomic():
        newer = _blocking_batch(batch_id)
        if newer is not None:
            other = ImportBatch.get_or_none(ImportBatch.id == newer)
            raise UndoRefused(batch_id, newer, other.file_name if other else "?")
        conn = db.connection()
        changes = conn.execute(
            "SELECT entity, row_id, action, before_json FROM import_change WHERE batch_id = ? "
            "ORDER BY id",
            (batch_id,),
        ).fetchall()
        touched: set[int] = set()
        by_kind: dict[tuple[str, str], list[tuple[int, dict[str, Any] | None]]] = {}
        for entity, row_id, action, before in changes:
            by_kind.setdefault((entity, action), []).append(
                (int(row_id), json.loads(before) if before else None)
            )
        for row in conn.execute(
            "SELECT DISTINCT o.customer_id FROM import_change c JOIN orders o ON o.id = c.row_id "
            "WHERE c.batch_id = ?1 AND c.entity = 'order' AND o.customer_id IS NOT NULL "
            "UNION SELECT DISTINCT customer_id FROM orders "
            "WHERE created_batch_id = ?1 AND customer_id IS NOT NULL",
            (batch_id,),
        ):
            touched.add(int(row[0]))
        restored_orders = by_kind.get(("order", "update"), [])
        gone = _owners_gone([before for _id, before in restored_orders if before is not None])
        for order_id, before in restored_orders:
            assert before is not None
            items = before.pop("items", [])
            if before.get("customer_id") in gone:
                # The merchant deleted that customer since: the order stays without one, as
                # the delete left it (put back, the id would break its foreign key).
                before["customer_id"] = before["identity_id"] = None
            cols = [c for c in ORDER_COLUMNS if c != "id"]
            conn.execute(
                f"UPDATE orders SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
                # Journals written before digests existed have none: NULL (parse again).
                [*(before.get(c) for c in cols), order_id],
            )
            conn.execute("DELETE FROM order_item WHERE order_id = ?", (order_id,))
            executemany(
                _ITEM_INSERT,
                [(order_id, *item) for item in items],
            )
            if before.get("customer_id") is not None:
                touched.add(int(before["customer_id"]))
        top = conn.execute(
            "SELECT max(id) FROM orders WHERE created_batch_id = ?", (batch_id,)
        ).fetchone()[0]
        if top is not None and int(top) > int(get_setting(ORDER_ID_HIGH_WATER) or 0):
            # Ids of removed orders are never given to other orders: the points ledger,
            # follow-ups and feedback still name them.
            set_setting(ORDER_ID_HIGH_WATER, int(top))
        orders_removed = conn.execute(
            "DELETE FROM orders WHERE created_batch_id = ?", (batch_id,)
        ).rowcount
        # The links it gave and still its (wherever a merge moved them): one the merchant took
        # off and gave again is theirs now (customer_tag.batch_id, migration 0015).
        conn.execute("DELETE FROM customer_tag WHERE batch_id = ?", (batch_id,))
        for tag_id, _before in by_kind.get(("tag", "add"), []):
            conn.execute(
                "DELETE FROM tag WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM customer_tag WHERE tag_id = ?)",
                (tag_id, tag_id),
            )
        conn.execute("DELETE FROM channel_identity WHERE created_batch_id = ?", (batch_id,))
        restored_customers = by_kind.get(("customer", "update"), [])
        for cid, before in reversed(restored_customers):
            assert before is not None
            conn.execute(
                f"UPDATE customer SET {', '.join(k + ' = ?' for k in before)} WHERE id = ?",
                [*before.values(), cid],
            )
            touched.add(cid)
        for _zero, before in by_kind.get(("setting", "update"), []):
            assert before is not None
            if before["key"] == "currency" and conn.execute("SELECT 1 FROM orders").fetchone():
                # The import that set the store's currency, undone while other orders stay: the
                # store is not new, and keeps its currency (a later dollar file would have made
                # a yuan store a dollar one, its yuan left out of every figure). An import whose
                # orders stay takes the setting over: the last of them undone forgets it.
                heir = conn.execute(
                    "SELECT max(created_batch_id) FROM orders WHERE created_batch_id IS NOT NULL"
                ).fetchone()[0]
                if heir is not None:
                    conn.execute(
                        "INSERT INTO import_change (batch_id, entity, row_id, action, "
                        "before_json) VALUES (?, 'setting', 0, 'update', ?)",
                        (heir, json.dumps(before, ensure_ascii=False)),
                    )
                continue
            if before["value"] is None:
                conn.execute("DELETE FROM setting WHERE key = ?", (before["key"],))
                if before["key"] == "currency":
                    # Rates were to that currency: the store's next one starts without any.
                    conn.execute("DELETE FROM setting WHERE key = ?", (RATES_KEY,))
            else:
                conn.execute(
                    "UPDATE setting SET value = ? WHERE key = ?", (before["value"], before["key"])
                )
        for whole in duplicates.wholes_of_import(batch_id):
            # Made of this import's customers alone: it goes like them, its merges with it.
            duplicates.forget_merges(whole)
            conn.execute("UPDATE customer SET created_batch_id = ? WHERE id = ?", (batch_id, whole))
        removed_customers = [
            int(r[0])
            for r in conn.execute("SELECT id FROM customer WHERE created_batch_id = ?", (batch_id,))
        ]
        effects.customers_leaving(removed_customers, today=today or now.date(), now=now)
        conn.execute("DELETE FROM customer WHERE created_batch_id = ?", (batch_id,))
        touched.difference_update(removed_customers)
        ImportBatch.update(undone_at=now).where(ImportBatch.id == batch_id).execute()
        # The tier floors its evaluation raised (with downgrades off, a tier is never lowered
        # by the spend alone) go back too, and the customers' figures follow their orders.
        effects.import_undone(batch_id, touched, today=today or now.date(), now=now)
    return UndoResult(
        batch_id=batch_id,
        orders_removed=int(orders_removed),
        orders_restored=len(restored_orders),
        customers_removed=len(removed_customers),
        customers_restored=len(restored_customers),
    )


def undo_impact(batch_id: int) -> dict[str, int]:
    """What undoing a batch would remove or restore (said to the user before they confirm)."""
    conn = db.connection()
    rows = conn.execute(
        "SELECT entity, action, count(*) FROM import_change WHERE batch_id = ? GROUP BY 1, 2",
        (batch_id,),
    ).fetchall()
    impact = {f"{e}_{a}": int(n) for e, a, n in rows}
    for key, table in (("order_add", "orders"), ("customer_add", "customer")):
        sql = f"SELECT count(*) FROM {table} WHERE created_batch_id = ?"
        impact[key] = int(conn.execute(sql, (batch_id,)).fetchone()[0])
    impact["customer_add"] += len(duplicates.wholes_of_import(batch_id))
    # The tags it gave and still its, on customers it did not create (those leave whole).
    impact["tag_link"] = int(
        conn.execute(
            "SELECT count(*) FROM customer_tag ct JOIN customer c ON c.id = ct.customer_id "
            "WHERE ct.batch_id = ?1 AND c.created_batch_id IS NOT ?1",
            (batch_id,),
        ).fetchone()[0]
    )
    return impact


def last_undoable_batch() -> int | None:
    """The newest import that is not undone (what "Undo last import" acts on)."""
    b = (
        ImportBatch.select(ImportBatch.id)
        .where(ImportBatch.undone_at.is_null())
        .order_by(ImportBatch.id.desc())
        .first()
    )
    return int(b.id) if b else None
