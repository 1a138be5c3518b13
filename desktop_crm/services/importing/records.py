"""What the parse layer hands to the import engine: plain dataclasses, no database, no Qt.

A file is read into sheets of cells (reader.py), recognised (platforms.py), and each row is
normalised into one of the records below (normalize.py). The engine (engine.py) writes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime

# The normalised order progress (DESIGN §3). Order matters for the "more advanced wins" rule.
PENDING = "pending"
PAID = "paid"
SHIPPED = "shipped"
COMPLETED = "completed"
REFUNDED = "refunded"
CLOSED = "closed"
STATUSES = (PENDING, PAID, SHIPPED, COMPLETED, REFUNDED, CLOSED)
PURCHASE_STATUSES = (PAID, SHIPPED, COMPLETED)

ORDERS = "orders"
CUSTOMERS = "customers"

# Platform names accepted by `--platform` (DESIGN §5).
PLATFORMS = (
    "taobao",
    "qianniu",
    "jd",
    "pdd",
    "douyin",
    "shopify",
    "woocommerce",
    "etsy",
    "ebay",
    "generic",
)


@dataclass(slots=True)
class ParsedItem:
    """One line of an order."""

    title: str
    sku: str = ""
    quantity: int = 1
    price: int = 0  # unit price, minor units
    attributes: str = ""


@dataclass(slots=True)
class ParsedOrder:
    """One order as read from an export, already grouped and normalised.

    `row` is the spreadsheet row number (1-based, as the user sees it) of the order's first row.
    Money is in integer minor units (fen / cents). Times are naive store-local datetimes.
    """

    row: int
    platform: str
    order_no: str
    ordered_at: datetime
    status: str
    paid: int
    refunded: int = 0
    currency: str | None = None
    paid_at: datetime | None = None
    completed_at: datetime | None = None
    # Who bought it. buyer_key is what a ChannelIdentity stores (already normalised, e.g. a
    # lower-cased e-mail); None when the export names no buyer at all.
    buyer_key: str | None = None
    buyer_key_weak: bool = False
    buyer_name: str | None = None  # the platform account / nickname, shown as display name
    real_name: str | None = None  # recipient / billing name
    real_name_masked: bool = False
    phone: str | None = None
    phone_masked: bool = False
    email: str | None = None
    province: str | None = None
    city: str | None = None
    address: str | None = None
    item_summary: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    buyer_note: str | None = None
    notes: list[str] = field(default_factory=list)
    # Digest of the rows (and the reading of them) this order was parsed from; None when the
    # layout has none (see parse.digestible).
    source_digest: str | None = None


@dataclass(slots=True)
class ParsedCustomer:
    """One person from a customer list (Shopify customers_export, a mapped spreadsheet)."""

    row: int
    platform: str
    buyer_key: str | None = None
    buyer_key_weak: bool = False
    display_name: str | None = None
    real_name: str | None = None
    phone: str | None = None
    phone_masked: bool = False
    email: str | None = None
    gender: str | None = None
    birthday: date | None = None
    province: str | None = None
    city: str | None = None
    address: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True)
class Rejected:
    """A row that was skipped, with the reason the user sees."""

    row: int
    reason: str


@dataclass(slots=True)
class ParseResult:
    """Everything read from one file (plus its joined detail file, if any)."""

    file: str
    platform: str
    kind: str
    layout: str = ""
    rows_read: int = 0
    orders: list[ParsedOrder] = field(default_factory=list)
    customers: list[ParsedCustomer] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    joined_files: list[str] = field(default_factory=list)
    # Order numbers whose rows are exactly what their stored version was read from: not parsed,
    # counted as unchanged (parse_file's `known`).
    unchanged: list[str] = field(default_factory=list)
    # Every accepted order's number → the digest of its rows, when all orders have one (no
    # order number repeated): what the file cache keeps (engine.import_file).
    digests: dict[str, str] | None = None


def readable_name(text: str) -> str:
    """A file name or path as people read it and as SQLite and a UTF-8 output take it.

    A name the system holds in bytes that are not UTF-8 (a zip made on Chinese Windows,
    unpacked here, names its files in GBK) comes from Python with surrogates in place of
    those bytes: they are read as GB18030 when they can be, else replaced by "�".
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


class ImportFileError(Exception):
    """A file that cannot be imported at all (exit code 2). The database is never touched."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


class UnknownLayout(ImportFileError):
    """No platform signature matched the file's header."""


class MissingColumns(ImportFileError):
    """A forced platform does not fit: the file lacks the columns that platform needs."""

    def __init__(self, file: str, platform: str, missing: list[str]) -> None:
        super().__init__(file, f"not a {platform} export: missing columns {', '.join(missing)}")
        self.platform = platform
        self.missing = missing


class UnsafeFile(ImportFileError):
    """Too big, a zip bomb, an XML bomb: refused before it is parsed."""
