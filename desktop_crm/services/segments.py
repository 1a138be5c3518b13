"""Saved segments: a named customer filter, kept in the database so it travels with it.

A segment stores the CustomerFilter fields as JSON (only the fields that are set), so its
members are always evaluated live: the count and ids change with the data and with `today`
(a segment "sleeping important customers" keeps meaning what its name says). Names are unique
case-insensitively, trimmed, and at most 100 characters. Usable by name from the CLI
(`desktop-crm export customers --segment NAME`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import peewee

from desktop_crm.db import db, storage_errors
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.models.segments import Segment
from desktop_crm.services import customer_list
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.names import name_key
from desktop_crm.services.text import typed_text

MAX_NAME = 100

# Message codes (the views translate them).
REQUIRED = "required"
TOO_LONG = "too_long"
NOT_UNIQUE = "not_unique"
INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """One saved segment."""

    id: int
    name: str
    filter: CustomerFilter
    created_at: datetime
    updated_at: datetime


def _info(row: Segment) -> SegmentInfo:
    return SegmentInfo(
        id=int(row.id),
        name=row.name,
        filter=CustomerFilter.from_json(row.filter_json),
        created_at=_dt(row.created_at),
        updated_at=_dt(row.updated_at),
    )


def _dt(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def list_segments() -> list[SegmentInfo]:
    """Every saved segment, by name (case-insensitive)."""
    rows = Segment.select().order_by(peewee.fn.lower(Segment.name), Segment.id)
    return [_info(r) for r in rows]


def get_segment(segment_id: int) -> SegmentInfo:
    """One segment by id (NotFound when it does not exist)."""
    row = Segment.get_or_none(Segment.id == segment_id)
    if row is None:
        raise NotFound(f"There is no segment {segment_id}.")
    return _info(row)


def segment_by_name(name: str) -> SegmentInfo | None:
    """A segment by name (trimmed, case-insensitive), or None."""
    wanted = name_key(name)
    for info in list_segments():
        if name_key(info.name) == wanted:
            return info
    return None


def resolve_segment(name: str) -> SegmentInfo:
    """A segment by name for the CLI; NotFound names the segments that exist."""
    info = segment_by_name(name)
    if info is None:
        names = ", ".join(s.name for s in list_segments()) or "none saved yet"
        raise NotFound(
            f"There is no segment named {name.strip()!r} (saved segments: {names}; or an RFM "
            "class such as important_value, general_winback)."
        )
    return info


def validate_segment(
    name: str, flt: CustomerFilter, segment_id: int | None = None
) -> dict[str, str]:
    """Field -> message code for a segment form (empty when it can be saved)."""
    errors: dict[str, str] = {}
    clean = typed_text(name)
    if not clean:
        errors["name"] = REQUIRED
    elif len(clean) > MAX_NAME:
        errors["name"] = TOO_LONG
    else:
        other = segment_by_name(clean)
        if other is not None and other.id != segment_id:
            errors["name"] = NOT_UNIQUE
    try:
        CustomerFilter.from_json(flt.to_json())
    except (TypeError, ValueError):
        errors["filter"] = INVALID
    return errors


def save_segment(
    name: str, flt: CustomerFilter, *, now: datetime, segment_id: int | None = None
) -> int:
    """Create a segment (segment_id None) or change one; returns its id.

    Raises ValidationError (field -> code) and NotFound.
    """
    errors = validate_segment(name, flt, segment_id)
    if errors:
        raise ValidationError(errors)
    clean = typed_text(name)
    try:
        return _write(clean, flt, now, segment_id)
    except peewee.IntegrityError as exc:  # the unique index: another writer took the name
        raise ValidationError({"name": NOT_UNIQUE}) from exc


def _write(clean: str, flt: CustomerFilter, now: datetime, segment_id: int | None) -> int:
    with storage_errors(), db.atomic():
        if segment_id is None:
            row = Segment.create(
                name=clean, filter_json=flt.to_json(), created_at=now, updated_at=now
            )
            return int(row.id)
        changed = (
            Segment.update(name=clean, filter_json=flt.to_json(), updated_at=now)
            .where(Segment.id == segment_id)
            .execute()
        )
        if not changed:
            raise NotFound(f"There is no segment {segment_id}.")
        return segment_id


def rename_segment(segment_id: int, name: str, *, now: datetime) -> None:
    """Give a segment another name (its filter stays)."""
    save_segment(name, get_segment(segment_id).filter, now=now, segment_id=segment_id)


def delete_segment(segment_id: int) -> None:
    """Delete a saved segment (its customers are not touched)."""
    with storage_errors(), db.atomic():
        if not Segment.delete().where(Segment.id == segment_id).execute():
            raise NotFound(f"There is no segment {segment_id}.")


def segment_count(segment: SegmentInfo | int, *, today: date) -> int:
    """How many customers the segment holds now (live)."""
    info = segment if isinstance(segment, SegmentInfo) else get_segment(segment)
    return customer_list.count(info.filter, today=today)


def segment_ids(
    segment: SegmentInfo | int, *, today: date, sort: str = "name", descending: bool = False
) -> list[int]:
    """Ids of the segment's customers now, in list order."""
    info = segment if isinstance(segment, SegmentInfo) else get_segment(segment)
    return customer_list.list_ids(info.filter, sort, descending, today=today)


def segment_counts(*, today: date) -> dict[str, int]:
    """{segment name: live count} for every saved segment (a sidebar)."""
    return {s.name: segment_count(s, today=today) for s in list_segments()}
