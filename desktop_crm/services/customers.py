"""Customer records: create, edit, delete, search, tags, notes, purchase history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peewee import fn

from desktop_crm.db import db, storage_errors
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.models import ChannelIdentity, Customer, CustomerTag, Note, Order, OrderItem, Tag
from desktop_crm.services import currency, followups
from desktop_crm.services.contact import normalize_email, parse_phone
from desktop_crm.services.importing.normalize import official_province
from desktop_crm.services.names import name_key
from desktop_crm.services.text import typed_text

MAX_NAME = 200
MAX_TEXT = 2000
MAX_NOTES = 20000
GENDERS = ("", "male", "female")

# Message codes of ValidationError.errors; the views and the CLI word them.
REQUIRED = "required"
TOO_LONG = "too_long"
# The most characters each field of the form takes (what "too long" means, said to the user).
FIELD_LIMITS = {
    "display_name": MAX_NAME, "real_name": MAX_NAME, "province": MAX_NAME, "city": MAX_NAME,
    "address": MAX_TEXT, "tags": MAX_NAME, "notes": MAX_NOTES, "note": MAX_NOTES,
}  # fmt: skip
PHONE_INVALID = "phone_invalid"
EMAIL_INVALID = "email_invalid"
BIRTHDAY_FUTURE = "birthday_future"
BIRTHDAY_TOO_OLD = "birthday_too_old"
GENDER_INVALID = "gender_invalid"


@dataclass(slots=True)
class CustomerInput:
    """What the merchant types into the customer form."""

    display_name: str
    real_name: str = ""
    phone: str = ""
    email: str = ""
    gender: str = ""
    birthday: date | None = None
    province: str = ""
    city: str = ""
    address: str = ""
    notes: str = ""
    tags: list[str] | None = None  # None: leave tags as they are


@dataclass(slots=True)
class CustomerRow:
    """One line of the customer list."""

    id: int
    display_name: str
    real_name: str
    phone: str
    phone_masked: bool
    email: str
    source_platform: str
    order_count: int
    total_paid: int
    last_order_at: datetime | None
    city: str
    tags: str
    # Purchases in a currency without a rate, left out of order_count and total_paid.
    uncounted: tuple[currency.Uncounted, ...] = ()


@dataclass(slots=True)
class OrderLine:
    """One order in a customer's purchase history."""

    id: int
    platform: str
    order_no: str
    ordered_at: datetime
    status: str
    paid: int
    refunded: int
    currency: str | None
    item_summary: str


@dataclass(slots=True)
class NoteEntry:
    """A dated note."""

    id: int
    created_at: datetime
    body: str


@dataclass(slots=True)
class CustomerDetail:
    """Everything the customer page shows."""

    id: int
    display_name: str
    real_name: str
    phone: str
    phone_masked: bool
    email: str
    gender: str
    birthday: date | None
    province: str
    city: str
    address: str
    source_platform: str
    notes: str
    created_at: datetime
    updated_at: datetime
    order_count: int
    total_paid: int
    first_order_at: datetime | None
    last_order_at: datetime | None
    tags: list[str] = field(default_factory=list)
    note_entries: list[NoteEntry] = field(default_factory=list)
    orders: list[OrderLine] = field(default_factory=list)
    identities: list[tuple[str, str]] = field(default_factory=list)
    # Purchases in a currency with no conversion rate: not in order_count / total_paid.
    uncounted: list[currency.Uncounted] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DeleteImpact:
    """What deleting a customer does, said to the user before they confirm."""

    orders: int
    identities: int


def birthday_problem(birthday: date, today: date) -> str | None:
    """Why a birthday cannot be a customer's (a validation code), or None."""
    if birthday > today:
        return BIRTHDAY_FUTURE
    if birthday.year < today.year - 130:
        return BIRTHDAY_TOO_OLD
    return None


def validate(data: CustomerInput, *, today: date) -> dict[str, str]:
    """Check the form; returns {field: code} (empty when valid)."""
    errors: dict[str, str] = {}
    name = typed_text(data.display_name)
    if not name:
        errors["display_name"] = REQUIRED
    elif len(name) > MAX_NAME:
        errors["display_name"] = TOO_LONG
    if len(typed_text(data.real_name)) > MAX_NAME:
        errors["real_name"] = TOO_LONG
    if typed_text(data.phone) and parse_phone(data.phone) is None:
        errors["phone"] = PHONE_INVALID
    if typed_text(data.email) and normalize_email(data.email) is None:
        errors["email"] = EMAIL_INVALID
    if data.gender not in GENDERS:
        errors["gender"] = GENDER_INVALID
    if data.birthday is not None and (code := birthday_problem(data.birthday, today)):
        errors["birthday"] = code
    for name_, limit in (("province", MAX_NAME), ("city", MAX_NAME), ("address", MAX_TEXT)):
        if len(typed_text(getattr(data, name_))) > limit:
            errors[name_] = TOO_LONG
    if len(data.notes or "") > MAX_NOTES:
        errors["notes"] = TOO_LONG
    for tag in data.tags or []:
        if len(typed_text(tag)) > MAX_NAME:
            errors["tags"] = TOO_LONG
    return errors


def _columns(data: CustomerInput) -> dict[str, Any]:
    phone = parse_phone(data.phone) if typed_text(data.phone) else None
    email = typed_text(data.email)
    return {
        "display_name": typed_text(data.display_name),
        "real_name": typed_text(data.real_name) or None,
        "phone": phone.text if phone else None,
        "phone_norm": phone.norm if phone else None,
        "phone_masked": bool(phone and phone.masked),
        "email": email or None,
        "email_norm": normalize_email(email) if email else None,
        "gender": data.gender or None,
        "birthday": data.birthday,
        "province": official_province(typed_text(data.province) or None),
        "city": typed_text(data.city) or None,
        "address": typed_text(data.address) or None,
        "notes": data.notes or "",
    }


def create_customer(data: CustomerInput, *, today: date, now: datetime) -> int:
    """Create a customer typed in by hand. Raises ValidationError; returns the new id."""
    errors = validate(data, today=today)
    if errors:
        raise ValidationError(errors)
    with storage_errors(), db.atomic():
        customer = Customer.create(
            **_columns(data), source_platform="manual", created_at=now, updated_at=now
        )
        if data.tags:
            _set_tags(customer.id, data.tags)
        # A birthday typed in: its greeting is made (or moved, or withdrawn) with the edit.
        followups.refresh_automatic(today=today, now=now, customer_ids=[int(customer.id)])
    return int(customer.id)


# The columns a form field writes, kept as stored when the field was left as it was.
_STORED_COLUMNS = {
    "phone": ("phone", "phone_norm", "phone_masked"),
    "email": ("email", "email_norm"),
}


def _left_as_stored(stored: Customer, data: CustomerInput, field_name: str) -> bool:
    """Did the form leave this field as the stored customer has it?"""
    if field_name == "tags":
        current = set(_tag_names(int(stored.id)))
        return all(
            typed_text(t) in current for t in data.tags or [] if len(typed_text(t)) > MAX_NAME
        )
    typed, there = getattr(data, field_name), getattr(stored, field_name)
    if field_name == "birthday":
        return bool(typed == there)
    if field_name == "notes":
        return (typed or "") == (there or "")
    return typed_text(typed) == typed_text(there)


def update_customer(customer_id: int, data: CustomerInput, *, today: date, now: datetime) -> None:
    """Save the form over an existing customer. Raises ValidationError or NotFound.

    Only what was typed is checked: a value an import stored that the form would refuse (a
    landline, an address over the limit) stays as it is when its field was left alone, so the
    customer can still be edited.
    """
    stored = Customer.get_or_none(Customer.id == customer_id)
    if stored is None:
        raise NotFound(f"Customer {customer_id} does not exist.")
    errors = validate(data, today=today)
    kept = {name for name in errors if _left_as_stored(stored, data, name)}
    errors = {name: code for name, code in errors.items() if name not in kept}
    if errors:
        raise ValidationError(errors)
    columns = _columns(data)
    for name in kept - {"tags"}:
        columns.update({c: getattr(stored, c) for c in _STORED_COLUMNS.get(name, (name,))})
    with storage_errors(), db.atomic():
        changed = (
            Customer.update(**columns, updated_at=now).where(Customer.id == customer_id).execute()
        )
        if not changed:
            raise NotFound(f"Customer {customer_id} does not exist.")
        if data.tags is not None:
            _set_tags(customer_id, data.tags)
        # A greeting's due day the merchant typed in stays unless the birthday was edited.
        followups.refresh_automatic(
            today=today,
            now=now,
            customer_ids=[customer_id],
            birthdays_edited=not _left_as_stored(stored, data, "birthday"),
        )


def delete_impact(customer_id: int) -> DeleteImpact:
    """How many orders and platform identities a deletion concerns."""
    return DeleteImpact(
        orders=Order.select().where(Order.customer == customer_id).count(),
        identities=ChannelIdentity.select().where(ChannelIdentity.customer == customer_id).count(),
    )


def delete_customer(customer_id: int) -> DeleteImpact:
    """Delete a customer. Their orders stay in the sales figures, without a customer.

    Their platform identities go too, so a later import of the same buyer creates them anew.
    """
    with storage_errors(), db.atomic():
        impact = delete_impact(customer_id)
        if not Customer.delete().where(Customer.id == customer_id).execute():
            raise NotFound(f"Customer {customer_id} does not exist.")
    return impact


def tag_ids_by_key() -> dict[str, int]:
    """Every tag's id by its name_key (the oldest, where tags made before keys were compared
    this way share one)."""
    ids: dict[str, int] = {}
    for tag_id, name in db.execute_sql("SELECT id, name FROM tag ORDER BY id").fetchall():
        ids.setdefault(name_key(str(name)), int(tag_id))
    return ids


def _set_tags(customer_id: int, names: list[str]) -> None:
    known = tag_ids_by_key()
    tag_ids: list[int] = []
    for name in (typed_text(n) for n in names):
        if not name:
            continue
        exact = Tag.get_or_none(Tag.name == name)
        tag_id = int(exact.id) if exact is not None else known.get(name_key(name))
        if tag_id is None:
            tag_id = known[name_key(name)] = int(Tag.create(name=name).id)
        if tag_id not in tag_ids:  # `VIP, vip, ＶＩＰ` is one tag, given once
            tag_ids.append(tag_id)
    CustomerTag.delete().where(
        (CustomerTag.customer == customer_id) & (CustomerTag.tag.not_in(tag_ids))
    ).execute()
    have = {
        r.tag_id
        for r in CustomerTag.select(CustomerTag.tag).where(CustomerTag.customer == customer_id)
    }
    for tag_id in tag_ids:
        if tag_id not in have:
            CustomerTag.insert(customer=customer_id, tag=tag_id).execute()


def set_tags(customer_id: int, names: list[str], *, now: datetime) -> None:
    """Give a customer exactly these tags (creating tags that do not exist yet)."""
    with storage_errors(), db.atomic():
        if not Customer.update(updated_at=now).where(Customer.id == customer_id).execute():
            raise NotFound(f"Customer {customer_id} does not exist.")
        _set_tags(customer_id, names)


def all_tags() -> list[tuple[int, str, int]]:
    """Every tag as (id, name, number of customers), by name."""
    rows = db.execute_sql(
        "SELECT t.id, t.name, count(ct.customer_id) FROM tag t "
        "LEFT JOIN customer_tag ct ON ct.tag_id = t.id GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    ).fetchall()
    return [(int(i), str(n), int(c)) for i, n, c in rows]


def add_note(customer_id: int, body: str, *, now: datetime) -> int:
    """Add a dated note to a customer."""
    text = typed_text(body)
    if not text:
        raise ValidationError({"note": REQUIRED})
    if len(text) > MAX_NOTES:
        raise ValidationError({"note": TOO_LONG})
    with storage_errors(), db.atomic():
        if not Customer.select().where(Customer.id == customer_id).exists():
            raise NotFound(f"Customer {customer_id} does not exist.")
        return int(Note.create(customer=customer_id, created_at=now, body=text).id)


def delete_note(note_id: int) -> None:
    """Remove a note."""
    with storage_errors(), db.atomic():
        Note.delete().where(Note.id == note_id).execute()


def _tag_names(customer_id: int) -> list[str]:
    """A customer's tags, by name."""
    return [
        t.name
        for t in Tag.select(Tag.name)
        .join(CustomerTag)
        .where(CustomerTag.customer == customer_id)
        .order_by(fn.lower(Tag.name))
    ]


def get_customer(customer_id: int) -> CustomerDetail:
    """The customer with tags, notes, identities and purchase history."""
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFound(f"Customer {customer_id} does not exist.")
    tags = _tag_names(customer_id)
    notes = [
        NoteEntry(int(n.id), n.created_at, n.body)
        for n in Note.select()
        .where(Note.customer == customer_id)
        .order_by(Note.created_at.desc(), Note.id.desc())
    ]
    identities = [
        (i.platform, i.buyer_key)
        for i in ChannelIdentity.select()
        .where(ChannelIdentity.customer == customer_id)
        .order_by(ChannelIdentity.id)
    ]
    return CustomerDetail(
        id=int(c.id),
        display_name=c.display_name,
        real_name=c.real_name or "",
        phone=c.phone or "",
        phone_masked=bool(c.phone_masked),
        email=c.email or "",
        gender=c.gender or "",
        birthday=c.birthday,
        province=c.province or "",
        city=c.city or "",
        address=c.address or "",
        source_platform=c.source_platform,
        notes=c.notes,
        created_at=c.created_at,
        updated_at=c.updated_at,
        order_count=int(c.order_count),
        total_paid=int(c.total_paid),
        first_order_at=c.first_order_at,
        last_order_at=c.last_order_at,
        tags=tags,
        note_entries=notes,
        orders=purchase_history(customer_id),
        identities=identities,
        uncounted=currency.uncounted(customer_id=customer_id),
    )


def purchase_history(customer_id: int) -> list[OrderLine]:
    """Every order of a customer, newest first (any status)."""
    query = (
        Order.select()
        .where(Order.customer == customer_id)
        .order_by(Order.ordered_at.desc(), Order.id.desc())
    )
    return [
        OrderLine(
            int(o.id),
            o.platform,
            o.order_no,
            o.ordered_at,
            o.status,
            int(o.paid),
            int(o.refunded),
            o.currency,
            o.item_summary,
        )
        for o in query
    ]


def order_items(order_id: int) -> list[tuple[str, str, int, int]]:
    """Lines of an order as (title, sku, quantity, unit price)."""
    return [
        (i.title, i.sku, int(i.quantity), int(i.price))
        for i in OrderItem.select().where(OrderItem.order == order_id).order_by(OrderItem.id)
    ]


def to_input(detail: CustomerDetail) -> CustomerInput:
    """The form values of an existing customer."""
    return CustomerInput(
        display_name=detail.display_name,
        real_name=detail.real_name,
        phone=detail.phone,
        email=detail.email,
        gender=detail.gender,
        birthday=detail.birthday,
        province=detail.province,
        city=detail.city,
        address=detail.address,
        notes=detail.notes,
        tags=list(detail.tags),
    )
