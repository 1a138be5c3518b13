"""The feedback log: complaints, praise, suggestions, returns, questions, and what came of them.

An unresolved complaint gets an automatic follow-up (services/followups.py) in the same
transaction as the change that opened it, and resolving the complaint closes it.

Satisfaction figures (`satisfaction`) of a period, by the day feedback was logged:
- CSAT = feedback rated 4 or 5 / rated feedback (unrated feedback is left out);
- average rating over rated feedback (shown to one decimal, halves rounded up: 4.25 → 4.3);
  a histogram of ratings 1..5;
- complaints per calendar month of the period (every month listed, zeros included);
- median time to resolve, over feedback *resolved* within the period (resolved time minus
  logged time). Reopened feedback is not resolved: it counts again when resolved anew, from
  logging to that resolution.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from desktop_crm.db import db, executemany, storage_errors
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.services import followups
from desktop_crm.services.names import search_text
from desktop_crm.services.text import typed_text

COMPLAINT = "complaint"
PRAISE = "praise"
SUGGESTION = "suggestion"
RETURN = "return"
INQUIRY = "inquiry"
KINDS = (COMPLAINT, PRAISE, SUGGESTION, RETURN, INQUIRY)

OPEN = "open"
IN_PROGRESS = "in_progress"
RESOLVED = "resolved"
STATUSES = (OPEN, IN_PROGRESS, RESOLVED)
UNRESOLVED = (OPEN, IN_PROGRESS)

# Suggestions for the channel box; any text is accepted.
CHANNELS = ("旺旺", "phone", "WeChat", "e-mail", "review")

MAX_CHANNEL = 100
MAX_TEXT = 20000

REQUIRED = "required"
TOO_LONG = "too_long"
INVALID = "invalid"
RATING_RANGE = "rating_range"
ORDER_OTHER_CUSTOMER = "order_other_customer"


@dataclass(slots=True)
class FeedbackInput:
    """What the merchant types into the feedback form."""

    customer_id: int
    kind: str
    content: str
    channel: str = ""
    rating: int | None = None
    order_id: int | None = None


@dataclass(slots=True)
class FeedbackRow:
    """One feedback, as the list and the detail show it."""

    id: int
    customer_id: int
    customer_name: str
    order_id: int | None
    # The order's platform and number; kept when an undone import removed the order (then
    # `order_id` is None until an import brings it back), empty when there is none.
    order_no: str
    order_platform: str
    kind: str
    channel: str
    rating: int | None
    content: str
    status: str
    resolution: str
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    """What the feedback list shows; parts combine with AND. Dates are inclusive."""

    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ratings: tuple[int, ...] = ()  # 1..5; 0 means "not rated"
    customer_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""  # in the content, resolution or the customer's display name


@dataclass(slots=True)
class Satisfaction:
    """Satisfaction figures of a period (see the module docstring for the definitions)."""

    date_from: date
    date_to: date
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    rated: int
    satisfied: int  # rated 4 or 5
    csat: float | None  # satisfied / rated; None when nothing was rated
    average_rating: float | None
    histogram: dict[int, int]  # rating 1..5 -> count
    complaints_per_month: dict[str, int]  # "YYYY-MM" -> complaints logged that month
    resolved: int  # resolved within the period
    median_resolve_hours: float | None
    unresolved_now: int = 0  # of the period's feedback, still open or in progress

    @property
    def complaints_a_month(self) -> float:
        """Complaints in the period as a monthly rate (a month being 1/12 of a year's days):
        3 complaints in the last 30 days are ~3 a month, though the days touch two calendar
        months (dividing by calendar months gave 1.5). A period shorter than a month (this
        month so far) is not projected: its complaints are its month's."""
        months = max(1.0, ((self.date_to - self.date_from).days + 1) / (365.2425 / 12))
        return sum(self.complaints_per_month.values()) / months

    @property
    def average_rating_tenths(self) -> Decimal | None:
        """The average rating to one decimal, halves rounded up as people round (4.25 → 4.3).

        Worked from the histogram's whole numbers: the float average holds 73 / 20 as 3.6499…
        and would round to 3.6.
        """
        if not self.rated:
            return None
        stars = sum(k * v for k, v in self.histogram.items())
        return (Decimal(stars) / Decimal(self.rated)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def median_resolve_days(self) -> float | None:
        """The median time to resolve in days."""
        return None if self.median_resolve_hours is None else self.median_resolve_hours / 24


def validate(data: FeedbackInput) -> dict[str, str]:
    """Check the form; returns {field: code} (empty when valid)."""
    errors: dict[str, str] = {}
    if data.kind not in KINDS:
        errors["kind"] = INVALID
    if data.rating is not None and (
        isinstance(data.rating, bool) or not isinstance(data.rating, int)
    ):
        errors["rating"] = INVALID
    elif data.rating is not None and not 1 <= data.rating <= 5:
        errors["rating"] = RATING_RANGE
    content = typed_text(data.content)
    if not content:
        errors["content"] = REQUIRED
    elif len(content) > MAX_TEXT:
        errors["content"] = TOO_LONG
    if len(typed_text(data.channel)) > MAX_CHANNEL:
        errors["channel"] = TOO_LONG
    return errors


def _check_links(data: FeedbackInput) -> None:
    if (
        db.execute_sql("SELECT 1 FROM customer WHERE id = ?", (data.customer_id,)).fetchone()
        is None
    ):
        raise NotFound(f"Customer {data.customer_id} does not exist.")
    if data.order_id is not None:
        row = db.execute_sql(
            "SELECT customer_id FROM orders WHERE id = ?", (data.order_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"Order {data.order_id} does not exist.")
        if row[0] != data.customer_id:
            raise ValidationError({"order_id": ORDER_OTHER_CUSTOMER})


def _name_order(feedback_id: int) -> None:
    """Remember the linked order's platform and number (none: forget them), so that an import
    bringing a removed order back links it again (engine._relink_feedback)."""
    db.execute_sql(
        "UPDATE feedback SET order_platform = (SELECT platform FROM orders WHERE id = order_id), "
        "order_no = (SELECT order_no FROM orders WHERE id = order_id) WHERE id = ?",
        (feedback_id,),
    )


def log_feedback(data: FeedbackInput, *, now: datetime) -> int:
    """Log feedback (status open). Raises ValidationError or NotFound; returns its id."""
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    with storage_errors(), db.atomic():
        _check_links(data)
        cursor = db.execute_sql(
            "INSERT INTO feedback (customer_id, order_id, kind, channel, rating, content, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
            (
                data.customer_id, data.order_id, data.kind, typed_text(data.channel), data.rating,
                typed_text(data.content), now, now,
            ),
        )  # fmt: skip
        feedback_id = int(cursor.lastrowid)
        _name_order(feedback_id)
        followups.sync_feedback([feedback_id], today=now.date(), now=now)
    return feedback_id


def update_feedback(feedback_id: int, data: FeedbackInput, *, now: datetime) -> None:
    """Save the form over existing feedback (its customer cannot change)."""
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    with storage_errors(), db.atomic():
        row = db.execute_sql(
            "SELECT customer_id, order_id FROM feedback WHERE id = ?", (feedback_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"Feedback {feedback_id} does not exist.")
        if int(row[0]) != int(data.customer_id):
            raise ValidationError({"customer_id": followups.CANNOT_CHANGE})
        _check_links(data)
        db.execute_sql(
            "UPDATE feedback SET order_id = ?, kind = ?, channel = ?, rating = ?, content = ?, "
            "updated_at = ? WHERE id = ?",
            (
                data.order_id, data.kind, typed_text(data.channel), data.rating,
                typed_text(data.content), now, feedback_id,
            ),
        )  # fmt: skip
        if data.order_id != row[1]:
            # The order chosen changed. Unchanged, a link an undo broke keeps the order's
            # name (the form cannot show a removed order): a re-import links it again.
            _name_order(feedback_id)
        followups.sync_feedback([feedback_id], today=now.date(), now=now)


def set_status(
    feedback_id: int, status: str, *, now: datetime, resolution: str | None = None
) -> None:
    """Move feedback to open (reopen), in progress or resolved.

    Resolving stamps the resolved time and stores the resolution note (when given). Any other
    status clears both: a reopened entry's old note no longer holds, so it is neither shown as
    its resolution nor counted as resolved. Only resolving takes a note. The complaint's
    follow-up follows.
    """
    if status not in STATUSES:
        raise ValidationError({"status": INVALID})
    if resolution is not None and status != RESOLVED:
        raise ValidationError({"resolution": INVALID})
    if resolution is not None and len(typed_text(resolution)) > MAX_TEXT:
        raise ValidationError({"resolution": TOO_LONG})
    with storage_errors(), db.atomic():
        row = db.execute_sql(
            "SELECT status, resolved_at FROM feedback WHERE id = ?", (feedback_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"Feedback {feedback_id} does not exist.")
        resolved_at = None
        if status == RESOLVED:
            resolved_at = row[1] if row[0] == RESOLVED and row[1] is not None else now
        else:
            resolution = ""
        sets = "status = ?, resolved_at = ?, updated_at = ?"
        params: list[object] = [status, resolved_at, now]
        if resolution is not None:
            sets += ", resolution = ?"
            params.append(typed_text(resolution))
        db.execute_sql(f"UPDATE feedback SET {sets} WHERE id = ?", [*params, feedback_id])
        followups.sync_feedback([feedback_id], today=now.date(), now=now)


def start(feedback_id: int, *, now: datetime) -> None:
    """Mark feedback in progress."""
    set_status(feedback_id, IN_PROGRESS, now=now)


def resolve(feedback_id: int, resolution: str, *, now: datetime) -> None:
    """Mark feedback resolved now, with what was done."""
    set_status(feedback_id, RESOLVED, now=now, resolution=resolution)


def reopen(feedback_id: int, *, now: datetime) -> None:
    """Open resolved feedback again, without its resolution (a complaint's auto-closed follow-up
    reopens with it)."""
    set_status(feedback_id, OPEN, now=now)


def delete_feedback(feedback_id: int, *, now: datetime) -> None:
    """Delete feedback; its automatic follow-up, if still open, is cancelled."""
    with storage_errors(), db.atomic():
        if not delete_many([feedback_id], now=now):
            raise NotFound(f"Feedback {feedback_id} does not exist.")


# The statuses each bulk move takes feedback from (the Feedback page's buttons).
MOVES_FROM: dict[str, tuple[str, ...]] = {
    IN_PROGRESS: (OPEN,),
    RESOLVED: UNRESOLVED,
    OPEN: (RESOLVED,),
}


@dataclass(slots=True)
class BulkResult:
    """What a bulk status change did: the entries moved, and the ones left as they were
    (not in a status the move takes, or no longer there)."""

    changed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


def _id_rows(
    ids: Collection[int], columns: str, tail: str = "ORDER BY id"
) -> list[tuple[Any, ...]]:
    return db.execute_sql(
        f"SELECT {columns} FROM feedback WHERE id IN (SELECT value FROM json_each(?)) {tail}",
        (json.dumps(sorted({int(i) for i in ids})),),
    ).fetchall()


def status_counts(ids: Collection[int]) -> dict[str, int]:
    """How many of these entries are in each status (which bulk moves apply to a selection)."""
    if not ids:
        return {}
    return {str(r[0]): int(r[1]) for r in _id_rows(ids, "status, count(*)", "GROUP BY status")}


def change_status(
    ids: Collection[int], status: str, *, now: datetime, resolution: str | None = None
) -> BulkResult:
    """Move many entries at once, in one transaction (the Feedback page's bulk actions).

    In progress takes open entries, Resolve unresolved ones (each gets the same resolution,
    which is required), Reopen resolved ones (their resolution is dropped, as `set_status`
    does). Entries in another status are skipped, not changed. The complaints' follow-ups
    follow, as for one entry.
    """
    if status not in MOVES_FROM:
        raise ValidationError({"status": INVALID})
    note = typed_text(resolution)
    if status == RESOLVED and not note:
        raise ValidationError({"resolution": REQUIRED})
    if status != RESOLVED and resolution is not None:
        raise ValidationError({"resolution": INVALID})
    if len(note) > MAX_TEXT:
        raise ValidationError({"resolution": TOO_LONG})
    result = BulkResult()
    wanted = {int(i) for i in ids}
    with storage_errors(), db.atomic():
        found = _id_rows(wanted, "id, status")
        result.changed = [int(r[0]) for r in found if r[1] in MOVES_FROM[status]]
        result.skipped = sorted(wanted - set(result.changed))
        resolved_at = now if status == RESOLVED else None
        executemany(
            "UPDATE feedback SET status = ?, resolved_at = ?, resolution = ?, updated_at = ? "
            "WHERE id = ?",
            [(status, resolved_at, note, now, fid) for fid in result.changed],
        )
        followups.sync_feedback(result.changed, today=now.date(), now=now)
    return result


def delete_many(ids: Collection[int], *, now: datetime) -> int:
    """Delete feedback entries in one transaction; their automatic follow-ups still open are
    cancelled. Returns how many were deleted (ids no longer there are passed over)."""
    with storage_errors(), db.atomic():
        found = _id_rows(ids, "id, customer_id") if ids else []
        executemany("DELETE FROM feedback WHERE id = ?", [(int(r[0]),) for r in found])
        if found:
            followups.close_resolved_reasons(
                today=now.date(), now=now, customer_ids={int(r[1]) for r in found}
            )
    return len(found)


# --------------------------------------------------------------------------------------------
# Lists


SORTS: dict[str, str] = {
    "created": "f.created_at",
    "customer": "c.display_name COLLATE NOCASE",
    "kind": "f.kind",
    "status": "f.status",
    "rating": "f.rating",
    "resolved": "f.resolved_at",
    "channel": "f.channel",
}


def _where(flt: FeedbackFilter) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    if flt.kinds:
        parts.append(f"f.kind IN ({','.join('?' * len(flt.kinds))})")
        params.extend(flt.kinds)
    if flt.statuses:
        parts.append(f"f.status IN ({','.join('?' * len(flt.statuses))})")
        params.extend(flt.statuses)
    if flt.ratings:
        rated = [r for r in flt.ratings if r]
        terms = []
        if rated:
            terms.append(f"f.rating IN ({','.join('?' * len(rated))})")
            params.extend(rated)
        if 0 in flt.ratings:
            terms.append("f.rating IS NULL")
        parts.append("(" + " OR ".join(terms) + ")")
    if flt.customer_id is not None:
        parts.append("f.customer_id = ?")
        params.append(flt.customer_id)
    if flt.date_from is not None:
        parts.append("f.created_at >= ?")
        params.append(flt.date_from)
    if flt.date_to is not None:
        parts.append("f.created_at < ?")
        params.append(flt.date_to + timedelta(days=1))
    for term in search_text(flt.text).split():
        like = "%" + followups.escape_like(term) + "%"
        parts.append(
            "(f.content LIKE ? ESCAPE '\\' OR f.resolution LIKE ? ESCAPE '\\' "
            "OR c.display_name LIKE ? ESCAPE '\\')"
        )
        params.extend((like, like, like))
    return " AND ".join(parts) or "1", params


def list_ids(flt: FeedbackFilter, sort: str = "created", descending: bool = True) -> list[int]:
    """Ids of the matching feedback, in display order (newest first by default)."""
    expr = SORTS.get(sort, SORTS["created"])
    direction = "DESC" if descending else "ASC"
    where, params = _where(flt)
    sql = (
        f"SELECT f.id FROM feedback f JOIN customer c ON c.id = f.customer_id WHERE {where} "
        f"ORDER BY {expr} {direction} NULLS LAST, f.id {direction}"
    )
    return [int(r[0]) for r in db.execute_sql(sql, params).fetchall()]


def count(flt: FeedbackFilter | None = None) -> int:
    """How many feedback entries match."""
    where, params = _where(flt or FeedbackFilter())
    sql = f"SELECT count(*) FROM feedback f JOIN customer c ON c.id = f.customer_id WHERE {where}"
    return int(db.execute_sql(sql, params).fetchone()[0])


def _dt(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _row(r: Sequence[Any]) -> FeedbackRow:
    return FeedbackRow(
        id=int(r[0]), customer_id=int(r[1]), customer_name=str(r[2]), order_id=r[3],
        order_no=str(r[4] or ""), order_platform=str(r[14] or ""), kind=str(r[5]),
        channel=str(r[6]), rating=r[7], content=str(r[8]), status=str(r[9]),
        resolution=str(r[10]), created_at=_dt(r[11]), updated_at=_dt(r[12]),
        resolved_at=None if r[13] is None else _dt(r[13]),
    )  # fmt: skip


def fetch_rows(ids: Sequence[int]) -> dict[int, FeedbackRow]:
    """The rows of these feedback entries (missing ids are simply absent).

    An order an undone import removed is shown by the platform and number the feedback keeps
    (`_name_order`): the merchant still sees which order it was about.
    """
    out: dict[int, FeedbackRow] = {}
    for start_ in range(0, len(ids), 500):
        chunk = list(ids[start_ : start_ + 500])
        sql = (
            "SELECT f.id, f.customer_id, c.display_name, f.order_id, "
            "coalesce(o.order_no, f.order_no), f.kind, "
            "f.channel, f.rating, f.content, f.status, f.resolution, f.created_at, "
            "f.updated_at, f.resolved_at, coalesce(o.platform, f.order_platform) FROM feedback f "
            "JOIN customer c ON c.id = f.customer_id LEFT JOIN orders o ON o.id = f.order_id "
            f"WHERE f.id IN ({','.join('?' * len(chunk))})"
        )
        for r in db.execute_sql(sql, chunk).fetchall():
            out[int(r[0])] = _row(r)
    return out


def get_feedback(feedback_id: int) -> FeedbackRow:
    """One feedback entry. Raises NotFound."""
    rows = fetch_rows([feedback_id])
    if feedback_id not in rows:
        raise NotFound(f"Feedback {feedback_id} does not exist.")
    return rows[feedback_id]


def count_open() -> int:
    """Feedback not yet resolved (open or in progress): `stats --json` feedback_open."""
    return int(
        db.execute_sql(
            "SELECT count(*) FROM feedback WHERE status IN ('open', 'in_progress')"
        ).fetchone()[0]
    )


def follow_orders(customer_ids: Collection[int] | None, *, now: datetime) -> None:
    """Feedback about an order stays on the order's customer (what `check` counts as
    feedback_order_customer): moved along when a newer export gives the order to another
    buyer, or an undo or unmerge gives it back; unlinked, its order's number kept, when the
    order is left without a customer. Among these customers' feedback and orders (None: all).
    """
    scope, params = "", []
    if customer_ids is not None:
        ids = json.dumps(sorted({int(i) for i in customer_ids}))
        scope = (
            " AND (o.customer_id IN (SELECT value FROM json_each(?)) "
            "OR feedback.customer_id IN (SELECT value FROM json_each(?)))"
        )
        params = [ids, ids]
    db.execute_sql(
        "UPDATE feedback SET customer_id = o.customer_id, updated_at = ? FROM orders o "
        "WHERE o.id = feedback.order_id AND o.customer_id IS NOT NULL "
        f"AND o.customer_id != feedback.customer_id{scope}",
        [now, *params],
    )
    db.execute_sql(
        "UPDATE feedback SET order_id = NULL, updated_at = ? FROM orders o "
        f"WHERE o.id = feedback.order_id AND o.customer_id IS NULL{scope}",
        [now, *params],
    )


def count_problems() -> dict[str, int]:
    """For `desktop-crm check`: feedback breaking the rules the services keep (kind -> count,
    only kinds with problems). Reported, not repaired."""
    sql = f"""
        SELECT
            (SELECT count(*) FROM feedback WHERE kind NOT IN {tuple(KINDS)}
                OR status NOT IN {tuple(STATUSES)}
                OR (status = 'resolved') != (resolved_at IS NOT NULL)
                OR (rating IS NOT NULL AND rating NOT BETWEEN 1 AND 5)),
            (SELECT count(*) FROM feedback f JOIN orders o ON o.id = f.order_id
                WHERE o.customer_id IS NOT f.customer_id)
    """
    values, other_orders = db.execute_sql(sql).fetchone()
    found = {"feedback_values": int(values), "feedback_order_customer": int(other_orders)}
    return {k: v for k, v in found.items() if v}


# --------------------------------------------------------------------------------------------
# Satisfaction


def _months(date_from: date, date_to: date) -> list[str]:
    out = []
    y, m = date_from.year, date_from.month
    while (y, m) <= (date_to.year, date_to.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def satisfaction(date_from: date, date_to: date) -> Satisfaction:
    """Satisfaction figures for feedback logged from `date_from` to `date_to` (inclusive)."""
    start_, end = date_from, date_to + timedelta(days=1)
    by_kind = dict.fromkeys(KINDS, 0)
    by_status = dict.fromkeys(STATUSES, 0)
    histogram = dict.fromkeys(range(1, 6), 0)
    per_month = dict.fromkeys(_months(date_from, date_to), 0)
    for kind, status, rating, month, n in db.execute_sql(
        "SELECT kind, status, rating, substr(created_at, 1, 7), count(*) FROM feedback "
        "WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4",
        (start_, end),
    ).fetchall():
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_status[status] = by_status.get(status, 0) + n
        if rating is not None and 1 <= rating <= 5:
            histogram[int(rating)] += n
        if kind == COMPLAINT:
            per_month[month] = per_month.get(month, 0) + n
    rated = sum(histogram.values())
    satisfied = histogram[4] + histogram[5]
    durations = sorted(
        (_dt(resolved) - _dt(created)).total_seconds() / 3600
        for created, resolved in db.execute_sql(
            "SELECT created_at, resolved_at FROM feedback WHERE status = 'resolved' "
            "AND resolved_at >= ? AND resolved_at < ?",
            (start_, end),
        ).fetchall()
    )
    return Satisfaction(
        date_from=date_from,
        date_to=date_to,
        total=sum(by_kind.values()),
        by_kind=by_kind,
        by_status=by_status,
        rated=rated,
        satisfied=satisfied,
        csat=satisfied / rated if rated else None,
        average_rating=sum(k * v for k, v in histogram.items()) / rated if rated else None,
        histogram=histogram,
        complaints_per_month=per_month,
        resolved=len(durations),
        median_resolve_hours=statistics.median(durations) if durations else None,
        unresolved_now=by_status[OPEN] + by_status[IN_PROGRESS],
    )
