"""Follow-up reminders: typed in, or created by the automatic rules of DESIGN §4.

A follow-up is *active* while its status is open or snoozed; snoozing moves its due time.
Buckets are calendar days of `today`: overdue (due before today), due today, next 7 days.

Automatic follow-ups (created after each import and at start-up, in bulk SQL, never twice).
Each rule can be switched off and its days changed in Settings ▸ Follow-ups (`FollowUpRules`,
stored in the Setting table; the defaults below are DESIGN §4's):

- birthday: due N (7) days before the customer's next birthday (29 February falls on 28
  February in other years), but never before the day it is made (a birthday typed in 3 days
  ahead is due that day, not "4 days late"); created from N + 7 days before the birthday, so
  it shows under "next 7 days" first. One per customer and birthday year: ``birthday:2026``.
  It follows the birthday: removed, the open greeting is withdrawn; changed, the open one
  moves to N days before the new day (withdrawn when the new day is one it could not have
  been made for, so the right year's is made instead). A done one stays done.
- win_back: one active per customer in churn warning (services/churn.py), due the day it is
  made (the warning began on or before it: a first import of two years of history would
  otherwise show every lapsed buyer "600 days late", and nobody can call a customer in the
  past; "late" counts only the merchant's own delay). Keyed by the last purchase day
  (``win_back:2026-03-14``): when the customer buys again it is closed as done, and if they
  lapse again later a new one is created. One typed in with the kind Win-back is the
  merchant's own, not the rule's: it neither keeps the rule's away nor counts as a second.
- after_sale: due N (3) days after an order completed, for orders with a completion time (the
  export gave one) completed within the last N + 11 days (older completions are history, not
  a to-do: a first import of two years would otherwise bury Today). One per order, keyed by
  platform and order number so an undone and re-imported order keeps its follow-up; it goes
  with the order when a newer export gives the order to another buyer.
- feedback: due N (2) days after an unresolved complaint was logged. One per feedback.

Each exists at most once per customer and key, whatever its status (a unique index), so a
follow-up the merchant completed or cancelled is never created again for the same reason.
`close_resolved_reasons` closes active automatic ones whose reason went away (or whose rule
was switched off) and marks them `auto_closed`; if the reason comes back (an undone import, a
reopened complaint, the rule switched on again) the same follow-up is reopened instead of a
new one, due as the rule now says. `save_rules` applies changed rules at once.
"""

from __future__ import annotations

import calendar
import json
import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta
from typing import Any

from desktop_crm.db import db, executemany, storage_errors
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.services import churn
from desktop_crm.services.churn import ChurnInfo
from desktop_crm.services.names import search_text
from desktop_crm.services.settings import get_setting, set_setting
from desktop_crm.services.text import typed_text

MANUAL = "manual"
BIRTHDAY = "birthday"
WIN_BACK = "win_back"
AFTER_SALE = "after_sale"
FEEDBACK = "feedback"
KINDS = (MANUAL, BIRTHDAY, WIN_BACK, AFTER_SALE, FEEDBACK)
AUTOMATIC_KINDS = (BIRTHDAY, WIN_BACK, AFTER_SALE, FEEDBACK)

OPEN = "open"
DONE = "done"
SNOOZED = "snoozed"
CANCELLED = "cancelled"
STATUSES = (OPEN, DONE, SNOOZED, CANCELLED)
ACTIVE = (OPEN, SNOOZED)

NONE = "none"
WEEKLY = "weekly"
MONTHLY = "monthly"
YEARLY = "yearly"
RECURRENCES = (NONE, WEEKLY, MONTHLY, YEARLY)

OVERDUE = "overdue"
TODAY = "today"
NEXT_7_DAYS = "next_7_days"
BUCKETS = (OVERDUE, TODAY, NEXT_7_DAYS)

# The default rules (DESIGN §4; the merchant changes them in Settings ▸ Follow-ups, see
# `FollowUpRules`) and the windows this module adds to them (see the module docstring).
BIRTHDAY_DAYS_AHEAD = 7
AFTER_SALE_DAYS = 3
COMPLAINT_DAYS = 2
# A birthday greeting is made this many days before its due date (it shows under "next 7
# days" first), an after-sale check-in this many days after its due date at the latest.
BIRTHDAY_CREATE_EXTRA_DAYS = 7
AFTER_SALE_LOOKBACK_EXTRA_DAYS = 11
BIRTHDAY_CREATE_DAYS_AHEAD = BIRTHDAY_DAYS_AHEAD + BIRTHDAY_CREATE_EXTRA_DAYS
AFTER_SALE_LOOKBACK_DAYS = AFTER_SALE_DAYS + AFTER_SALE_LOOKBACK_EXTRA_DAYS
# The days the merchant may choose (inclusive).
DAY_RANGES = {"birthday_days": (0, 60), "after_sale_days": (0, 90), "complaint_days": (0, 60)}
RULES_KEY = "followup_rules"

SNOOZE_OPTIONS = {"1d": 1, "3d": 3, "1w": 7}

MAX_TITLE = 200
MAX_TEXT = 20000

# Message codes of ValidationError.errors; the views and the CLI word them.
REQUIRED = "required"
TOO_LONG = "too_long"
INVALID = "invalid"
IN_PAST = "in_past"
CANNOT_CHANGE = "cannot_change"
OUT_OF_RANGE = "out_of_range"

# Stored titles and outcomes of automatic follow-ups. Views should show a translated label
# from `kind` and the `why` data rather than these (stored text cannot follow the language).
_TITLES = {
    BIRTHDAY: "Birthday greeting",
    WIN_BACK: "Win back",
    AFTER_SALE: "After-sale check-in",
    FEEDBACK: "Unresolved complaint",
}
OUTCOME_BOUGHT_AGAIN = "Closed automatically: the customer bought again."
OUTCOME_NO_LONGER_WARNING = "Closed automatically: no longer in churn warning."
OUTCOME_RESOLVED = "Closed automatically: the complaint was resolved."
OUTCOME_FEEDBACK_GONE = "Closed automatically: the complaint was removed or is no longer one."
OUTCOME_ORDER_GONE = "Closed automatically: the order was removed."
OUTCOME_NOT_COMPLETED = "Closed automatically: the order is no longer completed."
OUTCOME_ORDER_MOVED = "Closed automatically: the order now belongs to another customer."
OUTCOME_FEEDBACK_MOVED = "Closed automatically: the complaint now belongs to another customer."
OUTCOME_RULE_OFF = "Closed automatically: the rule was switched off."
OUTCOME_BIRTHDAY_REMOVED = "Closed automatically: the birthday was removed."
OUTCOME_BIRTHDAY_CHANGED = "Closed automatically: the birthday was changed."

_ACTIVE_SQL = "('open', 'snoozed')"


# --------------------------------------------------------------------------------------------
# Data out


@dataclass(slots=True)
class FollowUpInput:
    """What the merchant types into the follow-up form."""

    customer_id: int
    title: str
    due: datetime
    kind: str = MANUAL
    recurrence: str = NONE
    notes: str = ""


@dataclass(slots=True)
class FollowUpRow:
    """One follow-up, as lists and the Today page show it."""

    id: int
    customer_id: int
    customer_name: str
    title: str
    kind: str
    due: datetime
    status: str
    recurrence: str
    notes: str
    outcome: str
    done_at: datetime | None
    snoozed_until: datetime | None
    created_at: datetime
    reason_key: str | None
    auto_closed: bool
    order_id: int | None
    feedback_id: int | None

    @property
    def automatic(self) -> bool:
        """Created by a rule (it has a reason key)."""
        return self.reason_key is not None


@dataclass(frozen=True, slots=True)
class BirthdayWhy:
    """Why a birthday follow-up: the birthday and the age the customer turns."""

    birthday: date
    next_birthday: date
    turns: int


@dataclass(frozen=True, slots=True)
class WinBackWhy:
    """Why a win-back: the customer's purchase rhythm (days since, usual interval, threshold)."""

    churn: ChurnInfo


@dataclass(frozen=True, slots=True)
class AfterSaleWhy:
    """Why an after-sale check-in: the order."""

    order_id: int
    platform: str
    order_no: str
    completed_at: datetime | None
    item_summary: str


@dataclass(frozen=True, slots=True)
class FeedbackWhy:
    """Why a feedback follow-up: the complaint."""

    feedback_id: int
    kind: str
    status: str
    rating: int | None
    channel: str
    summary: str
    created_at: datetime


Why = BirthdayWhy | WinBackWhy | AfterSaleWhy | FeedbackWhy


@dataclass(slots=True)
class TodayRow:
    """One line of the Today page."""

    followup: FollowUpRow
    why: Why | None


@dataclass(slots=True)
class TodayGroup:
    """The follow-ups of one bucket and kind: `total` of them, the first `rows` by due time."""

    bucket: str
    kind: str
    total: int
    rows: list[TodayRow] = field(default_factory=list)


@dataclass(slots=True)
class TodayData:
    """The Today page: groups by bucket (overdue, today, next 7 days), then kind."""

    today: date
    groups: list[TodayGroup]
    counts: dict[str, int]  # bucket -> number of follow-ups

    def group(self, bucket: str, kind: str) -> TodayGroup | None:
        """The group of one bucket and kind, if it has any follow-up."""
        for g in self.groups:
            if g.bucket == bucket and g.kind == kind:
                return g
        return None


@dataclass(frozen=True, slots=True)
class FollowUpCounts:
    """Badge figures for `today`: `open` counts every active (open or snoozed) follow-up."""

    open: int
    overdue: int
    due_today: int
    next_7_days: int
    snoozed: int


@dataclass(frozen=True, slots=True)
class FollowUpFilter:
    """What the follow-up list shows; parts combine with AND. Due dates are inclusive."""

    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    due_from: date | None = None
    due_to: date | None = None
    customer_id: int | None = None
    text: str = ""  # in the title or the customer's display name
    automatic: bool | None = None  # True: only rule-made ones; False: only typed-in ones
    # (kind, title) of each rule's title as the list shows it: the view's translation of the
    # English one stored (`_TITLES`), which a service cannot know. `text` matches a rule-made
    # follow-up's title so worded too, so that the words on screen find it.
    shown_titles: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class AutoResult:
    """What one run of the automatic rules did."""

    created: dict[str, int] = field(default_factory=dict)  # kind -> new follow-ups
    reopened: int = 0
    closed: dict[str, int] = field(default_factory=dict)  # kind -> closed follow-ups
    moved: dict[str, int] = field(default_factory=dict)  # kind -> open ones given a new due


@dataclass(slots=True)
class BulkResult:
    """What a bulk action changed: ids acted on, new occurrences of recurring ones, and
    recurring ones completed without a next occurrence (none exists before 9999-12-31)."""

    changed: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)  # next occurrences a reopen took back
    # Rule-made win-backs a reopen left closed: their customer has another one open.
    refused: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# The rules (Settings ▸ Follow-ups)


@dataclass(frozen=True, slots=True)
class FollowUpRules:
    """Which automatic follow-ups are made, and when they are due (DESIGN §4 defaults).

    A switched-off kind is neither made nor kept open: `save_rules` withdraws its active ones.
    """

    birthday: bool = True
    birthday_days: int = BIRTHDAY_DAYS_AHEAD  # due this many days before the birthday
    win_back: bool = True
    after_sale: bool = True
    after_sale_days: int = AFTER_SALE_DAYS  # due this many days after the order completed
    complaint: bool = True
    complaint_days: int = COMPLAINT_DAYS  # due this many days after the complaint was logged

    def enabled(self, kind: str) -> bool:
        """Is the rule of an automatic kind switched on."""
        return bool(
            {
                BIRTHDAY: self.birthday,
                WIN_BACK: self.win_back,
                AFTER_SALE: self.after_sale,
                FEEDBACK: self.complaint,
            }.get(kind, False)
        )

    def days(self, kind: str) -> int | None:
        """The days of a kind's rule (None: win-back is due the day it is made)."""
        return {
            BIRTHDAY: self.birthday_days,
            AFTER_SALE: self.after_sale_days,
            FEEDBACK: self.complaint_days,
        }.get(kind)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_RULES = FollowUpRules()
_SWITCHES = ("birthday", "win_back", "after_sale", "complaint")


def get_rules() -> FollowUpRules:
    """The stored rules, the defaults for anything not set (or no longer valid)."""
    stored = get_setting(RULES_KEY)
    if not isinstance(stored, dict):
        return DEFAULT_RULES
    rules, _errors = validate_rules(
        {k: v for k, v in stored.items() if k in FollowUpRules.__dataclass_fields__},
        base=DEFAULT_RULES,
    )
    if rules is not None:
        return rules
    # A damaged value falls back field by field: what is valid is kept.
    good = {}
    for k, v in stored.items():
        if k in FollowUpRules.__dataclass_fields__:
            one, errors = validate_rules({k: v}, base=DEFAULT_RULES)
            if one is not None and not errors:
                good[k] = getattr(one, k)
    return replace(DEFAULT_RULES, **good)


def validate_rules(
    data: dict[str, Any], *, base: FollowUpRules | None = None
) -> tuple[FollowUpRules | None, dict[str, str]]:
    """Check a rules form (fields not given keep their stored values); returns (rules, {}) or
    (None, {field: message code}): required, invalid, out_of_range (see DAY_RANGES)."""
    errors: dict[str, str] = {}
    merged = {**(base or get_rules()).to_json(), **data}
    for key in sorted(set(data) - set(FollowUpRules.__dataclass_fields__)):
        errors[key] = INVALID
    values: dict[str, Any] = {}
    for key in _SWITCHES:
        if isinstance(merged[key], bool):
            values[key] = merged[key]
        else:
            errors[key] = INVALID
    for key, (low, high) in DAY_RANGES.items():
        value = merged[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[key] = REQUIRED
            continue
        if isinstance(value, bool) or isinstance(value, float):
            errors[key] = INVALID
            continue
        try:
            n = int(str(value).strip())
        except ValueError:
            errors[key] = INVALID
            continue
        if not low <= n <= high:
            errors[key] = OUT_OF_RANGE
            continue
        values[key] = n
    if errors:
        return None, errors
    return FollowUpRules(**values), {}


def save_rules(data: dict[str, Any], *, today: date, now: datetime) -> AutoResult:
    """Store changed rules and apply them at once, in one transaction:

    - a kind switched off: its active (open or snoozed) automatic follow-ups are withdrawn
      (cancelled, OUTCOME_RULE_OFF, marked auto-closed so that switching it on again brings
      the same ones back); done and cancelled ones and typed-in ones stay as they are;
    - a kind switched on: made (or brought back) as after an import;
    - days changed: the kind's open automatic follow-ups get the new due date (never earlier
      than today unless they were already late; snoozed ones keep the day chosen), and the
      ones the new days bring into the rule's window are made.

    Raises:
        ValidationError: errors maps each bad field to a message code; nothing changed.
    """
    rules, errors = validate_rules(data)
    if errors:
        raise ValidationError(errors)
    assert rules is not None
    result = AutoResult()
    with storage_errors(), db.atomic():
        old = get_rules()
        set_setting(RULES_KEY, rules.to_json())
        off = [k for k in AUTOMATIC_KINDS if old.enabled(k) and not rules.enabled(k)]
        on = [k for k in AUTOMATIC_KINDS if rules.enabled(k) and not old.enabled(k)]
        redo = {
            k
            for k in AUTOMATIC_KINDS
            if rules.enabled(k) and (not old.enabled(k) or old.days(k) != rules.days(k))
        }
        for kind in off:
            result.closed[kind] = _withdraw_kind(kind, now)
        restored = sum(_restore_kind(kind, now) for kind in on)
        for kind in (AFTER_SALE, FEEDBACK):
            if kind in redo and old.days(kind) != rules.days(kind):
                result.moved[kind] = _move_due(kind, rules, today, now)
        if redo:
            warnings = churn.churn_warnings(today, None) if WIN_BACK in redo else {}
            closed = _close_resolved(
                today, now, None, warnings, rules, kinds=redo, rules_changed=True
            )
            for kind, n in closed.closed.items():
                result.closed[kind] = result.closed.get(kind, 0) + n
            for kind, n in closed.moved.items():
                result.moved[kind] = result.moved.get(kind, 0) + n
            made = _generate(today, now, None, warnings, rules, kinds=redo)
            result.created, result.reopened = made.created, made.reopened + restored
    result.closed = {k: v for k, v in result.closed.items() if v}
    result.moved = {k: v for k, v in result.moved.items() if v}
    return result


def _restore_kind(kind: str, now: datetime) -> int:
    """Bring back what switching a kind off withdrew, as it was (a snooze that has not run out
    included), whether or not the rule's window would make it today: an overdue check-in is
    still owed. The usual pass then closes the ones whose reason went away meanwhile."""
    return int(
        db.execute_sql(
            "UPDATE follow_up SET auto_closed = 0, outcome = '', updated_at = ?1, "
            "status = CASE WHEN snoozed_until > ?1 THEN 'snoozed' ELSE 'open' END, "
            "snoozed_until = CASE WHEN snoozed_until > ?1 THEN snoozed_until END "
            "WHERE kind = ?2 AND reason_key IS NOT NULL AND status = 'cancelled' "
            "AND auto_closed = 1 AND outcome = ?3",
            (now, kind, OUTCOME_RULE_OFF),
        ).rowcount
    )


def _withdraw_kind(kind: str, now: datetime) -> int:
    return int(
        db.execute_sql(
            "UPDATE follow_up SET status = 'cancelled', outcome = ?, auto_closed = 1, "
            "done_at = NULL, updated_at = ? "
            f"WHERE kind = ? AND reason_key IS NOT NULL AND status IN {_ACTIVE_SQL}",
            (OUTCOME_RULE_OFF, now, kind),
        ).rowcount
    )


def _moved_due(target: date, old: datetime, today: date) -> date:
    """The due day of an open automatic follow-up whose rule now says `target`: not earlier
    than today (it was not late a moment ago), unless it was already late (then not later)."""
    return max(target, min(old.date(), today))


def _move_due(kind: str, rules: FollowUpRules, today: date, now: datetime) -> int:
    """Give the open after-sale or complaint follow-ups the due date of the current days."""
    days = rules.days(kind)
    assert days is not None
    if kind == AFTER_SALE:
        sql = (
            "SELECT f.id, f.due, o.completed_at FROM follow_up f "
            "JOIN orders o ON o.id = f.order_id WHERE f.kind = 'after_sale' "
            "AND f.reason_key IS NOT NULL AND f.status = 'open' AND o.completed_at IS NOT NULL"
        )
    else:
        sql = (
            "SELECT f.id, f.due, fb.created_at FROM follow_up f "
            "JOIN feedback fb ON fb.id = f.feedback_id WHERE f.kind = 'feedback' "
            "AND f.reason_key IS NOT NULL AND f.status = 'open'"
        )
    updates = []
    for fid, due, since in db.execute_sql(sql).fetchall():
        old = _as_dt(due)
        new = _moved_due(_as_dt(since).date() + timedelta(days=days), old, today)
        if new != old.date():
            updates.append((datetime.combine(new, time()), now, int(fid)))
    executemany("UPDATE follow_up SET due = ?, updated_at = ? WHERE id = ?", updates)
    return len(updates)


# --------------------------------------------------------------------------------------------
# Dates


def _as_dt(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return datetime.fromisoformat(str(value))


def _opt_dt(value: object) -> datetime | None:
    return None if value is None else _as_dt(value)


def add_months(when: datetime, months: int) -> datetime:
    """`when` moved by whole months; a day past the month's end is clamped (31 Jan -> 28 Feb).

    Raises ValidationError (`due`: out_of_range) past the calendar's end, 9999-12-31.
    """
    index = when.year * 12 + when.month - 1 + months
    year, month = divmod(index, 12)
    if not MINYEAR <= year <= MAXYEAR:
        raise ValidationError({"due": OUT_OF_RANGE})
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return when.replace(year=year, month=month + 1, day=day)


def _step(anchor: datetime, recurrence: str, k: int) -> datetime | None:
    """The k-th date of a series; None past the calendar's end (9999-12-31)."""
    try:
        if recurrence == WEEKLY:
            return anchor + timedelta(weeks=k)
        if recurrence == MONTHLY:
            return add_months(anchor, k)
        if recurrence == YEARLY:
            return add_months(anchor, 12 * k)
    except (OverflowError, ValidationError):
        return None
    raise ValueError(f"not a recurrence: {recurrence!r}")


def next_occurrence(anchor: datetime, recurrence: str, after: datetime) -> datetime | None:
    """The first date of the series `anchor` + k periods (k >= 1) strictly after `after`, or
    None when that would fall after 9999-12-31 (the series ends there).

    Counting from the anchor, not from the previous occurrence, keeps month ends from drifting:
    monthly from 31 January gives 28 (or 29) February, then 31 March.
    """
    if recurrence == WEEKLY:
        k = max(1, (after - anchor).days // 7)
    elif recurrence in (MONTHLY, YEARLY):
        months = (after.year - anchor.year) * 12 + after.month - anchor.month
        k = max(1, months // 12 if recurrence == YEARLY else months)
    else:
        raise ValueError(f"not a recurrence: {recurrence!r}")
    while k > 1 and _later(_step(anchor, recurrence, k - 1), after):
        k -= 1
    while not _later(when := _step(anchor, recurrence, k), after):
        k += 1
    return when


def _later(when: datetime | None, after: datetime) -> bool:
    # A date past the calendar's end is later than any date.
    return when is None or when > after


def birthday_on(birthday: date, year: int) -> date:
    """The day a birthday is kept in `year` (29 February -> 28 February in common years)."""
    if birthday.month == 2 and birthday.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birthday.replace(year=year)


def next_birthday(birthday: date, on_or_after: date) -> date:
    """The customer's first birthday on or after a day."""
    day = birthday_on(birthday, on_or_after.year)
    return day if day >= on_or_after else birthday_on(birthday, on_or_after.year + 1)


def snooze_until(option: str, today: date) -> date:
    """The day a quick snooze ("1d", "3d", "1w") moves a follow-up to."""
    if option not in SNOOZE_OPTIONS:
        raise ValidationError({"snooze": INVALID})
    return today + timedelta(days=SNOOZE_OPTIONS[option])


# --------------------------------------------------------------------------------------------
# Typed-in follow-ups


def validate(data: FollowUpInput) -> dict[str, str]:
    """Check the form; returns {field: code} (empty when valid)."""
    errors: dict[str, str] = {}
    title = typed_text(data.title)
    if not title:
        errors["title"] = REQUIRED
    elif len(title) > MAX_TITLE:
        errors["title"] = TOO_LONG
    if data.kind not in KINDS:
        errors["kind"] = INVALID
    if data.recurrence not in RECURRENCES:
        errors["recurrence"] = INVALID
    if not isinstance(data.due, datetime):
        errors["due"] = REQUIRED if data.due is None else INVALID
    if len(data.notes or "") > MAX_TEXT:
        errors["notes"] = TOO_LONG
    return errors


def stored_time(moment: datetime) -> datetime:
    """A time as follow-ups store it: naive local time to the second (DESIGN §2). A time with
    an offset is converted to this machine's zone first; stored with its offset it could not be
    compared with the others (Mark done on it failed)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def create_followup(data: FollowUpInput, *, now: datetime) -> int:
    """Create a typed-in follow-up. Raises ValidationError or NotFound; returns its id."""
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    due = stored_time(data.due)
    with storage_errors(), db.atomic():
        _require_customer(data.customer_id)
        cursor = db.execute_sql(
            "INSERT INTO follow_up (customer_id, title, kind, due, status, recurrence, anchor, "
            "notes, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)",
            (
                data.customer_id, typed_text(data.title), data.kind, due, data.recurrence,
                due if data.recurrence != NONE else None, data.notes or "", now, now,
            ),
        )  # fmt: skip
        return int(cursor.lastrowid)


def update_followup(followup_id: int, data: FollowUpInput, *, now: datetime) -> None:
    """Save the form over a follow-up (its customer cannot change).

    A new due time or recurrence restarts the series from the new due time.
    """
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    due = stored_time(data.due)
    with storage_errors(), db.atomic():
        row = db.execute_sql(
            "SELECT customer_id, due, recurrence, anchor, occurs_at FROM follow_up WHERE id = ?",
            (followup_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"Follow-up {followup_id} does not exist.")
        if int(row[0]) != int(data.customer_id):
            raise ValidationError({"customer_id": CANNOT_CHANGE})
        anchor, occurs = _opt_dt(row[3]), _opt_dt(row[4])
        if data.recurrence == NONE:
            anchor = occurs = None
        elif _as_dt(row[1]) != due or row[2] != data.recurrence or anchor is None:
            anchor = occurs = due  # the date typed in is this occurrence's own
        db.execute_sql(
            "UPDATE follow_up SET title = ?, kind = ?, due = ?, recurrence = ?, anchor = ?, "
            "occurs_at = ?, notes = ?, updated_at = ? WHERE id = ?",
            (
                typed_text(data.title), data.kind, due, data.recurrence, anchor, occurs,
                data.notes or "", now, followup_id,
            ),
        )  # fmt: skip


def _require_customer(customer_id: int) -> None:
    if db.execute_sql("SELECT 1 FROM customer WHERE id = ?", (customer_id,)).fetchone() is None:
        raise NotFound(f"Customer {customer_id} does not exist.")


def _ids(ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in ids})


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _active_rows(ids: Sequence[int]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        rows.extend(
            db.execute_sql(
                "SELECT id, customer_id, title, kind, due, recurrence, anchor, notes, status, "
                f"occurs_at FROM follow_up WHERE status IN {_ACTIVE_SQL} "
                f"AND id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    return rows


def complete(ids: Iterable[int], *, now: datetime, outcome: str = "") -> BulkResult:
    """Mark active follow-ups done (with an outcome note), in one transaction.

    A recurring one gets its next occurrence, created open (see `_next_due`); one whose
    series has no date left before 9999-12-31 is done all the same and listed in `ended`.
    When the series already has an active occurrence due later (one done, reopened and done
    again, whose next occurrence the merchant had meanwhile snoozed or edited), that one is
    its next occurrence: listed in `created`, none is made twice. Two parts of one series
    done together leave what Done on each in turn leaves: the later one carries the series.
    Follow-ups already done or cancelled are left as they are.
    """
    if len(outcome) > MAX_TEXT:
        raise ValidationError({"outcome": TOO_LONG})
    result = BulkResult()
    wanted = _ids(ids)
    with storage_errors(), db.atomic():
        rows = _active_rows(wanted)
        executemany(
            "UPDATE follow_up SET status = 'done', done_at = ?, outcome = ?, auto_closed = 0, "
            "updated_at = ? WHERE id = ?",
            [(now, typed_text(outcome), now, r[0]) for r in rows],
        )
        # The latest (due, id) done here of each series: an earlier part leads to it.
        last: dict[tuple[Any, ...], tuple[datetime, int]] = {}
        for fid, customer_id, title, kind, due, recurrence, anchor, *_rest in rows:
            if recurrence != NONE:
                series = (customer_id, title, kind, recurrence, _opt_dt(anchor) or _as_dt(due))
                last[series] = max(last.get(series, (_as_dt(due), fid)), (_as_dt(due), fid))
        for fid, customer_id, title, kind, due, recurrence, anchor, notes, status, at in rows:
            result.changed.append(int(fid))
            if recurrence == NONE:
                continue
            start = _opt_dt(anchor) or _as_dt(due)
            if last[(customer_id, title, kind, recurrence, start)] != (_as_dt(due), fid):
                continue
            ahead = db.execute_sql(
                "SELECT id FROM follow_up WHERE customer_id = ? AND title = ? AND kind = ? "
                "AND recurrence = ? AND anchor = ? AND reason_key IS NULL AND id != ? "
                f"AND status IN {_ACTIVE_SQL} AND due > ? ORDER BY due, id LIMIT 1",
                (customer_id, title, kind, recurrence, start, fid, due),
            ).fetchone()
            if ahead is not None:
                result.created.append(int(ahead[0]))
                continue
            own = _opt_dt(at) or (None if status == SNOOZED else _as_dt(due))
            nxt = _next_due(start, recurrence, own, now)
            if nxt is None:
                result.ended.append(int(fid))
                continue
            cursor = db.execute_sql(
                "INSERT INTO follow_up (customer_id, title, kind, due, status, recurrence, "
                "anchor, notes, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)",
                (customer_id, title, kind, nxt, recurrence, start, notes, now, now),
            )
            result.created.append(int(cursor.lastrowid))
    return result


def _next_due(
    anchor: datetime, recurrence: str, own: datetime | None, now: datetime
) -> datetime | None:
    """When the occurrence after one marked done at `now` is due (None: the series ended).

    The first date of the series after today: done late, the missed weeks are not owed one by
    one (the merchant would press Done for each), and today's own date counts as done too.
    Done early, after the occurrence's own date (`own`): its due, or for a snoozed one the
    series date the snooze moved it from. A snoozed one that cannot say it (snoozed before
    the database kept it) has only today to go by.
    """
    after = datetime.combine(now.date(), time.max)
    if own is not None:
        after = max(after, own)
    return next_occurrence(anchor, recurrence, after)


def complete_one(followup_id: int, *, now: datetime, outcome: str = "") -> int | None:
    """Complete one follow-up; returns the id of its next occurrence, if it recurs."""
    _require_followup(followup_id)
    result = complete([followup_id], now=now, outcome=outcome)
    return result.created[0] if result.created else None


def snooze(ids: Iterable[int], *, until: date, now: datetime) -> BulkResult:
    """Move active follow-ups to the day `until` (keeping their time of day), status snoozed."""
    if until < now.date():
        raise ValidationError({"until": IN_PAST})
    result = BulkResult()
    wanted = _ids(ids)
    with storage_errors(), db.atomic():
        rows = _active_rows(wanted)
        updates = []
        for r in rows:
            due = datetime.combine(until, _as_dt(r[4]).time())
            # A repeating one keeps the series date it stands for (a second snooze keeps the
            # first one's): Done continues after that date, not after the day put off to.
            occurs = (_opt_dt(r[9]) or _as_dt(r[4])) if r[5] != NONE else None
            updates.append((due, due, occurs, now, r[0]))
            result.changed.append(int(r[0]))
        executemany(
            "UPDATE follow_up SET status = 'snoozed', due = ?, snoozed_until = ?, occurs_at = ?, "
            "updated_at = ? WHERE id = ?",
            updates,
        )
    return result


def cancel(ids: Iterable[int], *, now: datetime, outcome: str = "") -> BulkResult:
    """Cancel active follow-ups (a rule will not recreate an automatic one for that reason)."""
    result = BulkResult()
    wanted = _ids(ids)
    with storage_errors(), db.atomic():
        rows = _active_rows(wanted)
        executemany(
            "UPDATE follow_up SET status = 'cancelled', outcome = ?, auto_closed = 0, "
            "updated_at = ? WHERE id = ?",
            [(typed_text(outcome), now, r[0]) for r in rows],
        )
        result.changed = [int(r[0]) for r in rows]
    return result


def reopen(ids: Iterable[int], *, now: datetime) -> BulkResult:
    """Make done or cancelled follow-ups open again.

    Reopening a done repeating follow-up takes Done back: the next occurrence that Done
    created is deleted (listed in `removed`) while the merchant has not touched it (still
    open, never edited or snoozed); otherwise it stays, and Done again does not make a
    second one (see `complete`).

    The win-back rule keeps one open per customer: a win-back it made is not reopened (listed
    in `refused`) when the customer has another one open, and of several reopened together
    for one customer only the one for the latest lapse is.
    """
    result = BulkResult()
    wanted = _ids(ids)
    with storage_errors(), db.atomic():
        result.refused = _win_backs_refused(wanted)
        if result.refused:
            wanted = sorted(set(wanted) - set(result.refused))
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            # The occurrence a completion made: same series, created at its done time.
            made = db.execute_sql(
                "SELECT n.id FROM follow_up d JOIN follow_up n ON n.customer_id = d.customer_id "
                "AND n.title = d.title AND n.kind = d.kind AND n.recurrence = d.recurrence "
                "AND n.anchor = d.anchor AND n.created_at = d.done_at AND n.id != d.id "
                "WHERE d.status = 'done' AND d.recurrence != 'none' AND n.reason_key IS NULL "
                "AND n.status = 'open' AND n.updated_at = n.created_at "
                f"AND d.id IN ({marks}) AND n.id NOT IN ({marks})",
                [*chunk, *chunk],
            ).fetchall()
            removed = sorted({int(r[0]) for r in made})
            for part in _chunks(removed):
                db.execute_sql(
                    f"DELETE FROM follow_up WHERE id IN ({','.join('?' * len(part))})", part
                )
            result.removed.extend(removed)
            found = db.execute_sql(
                "SELECT id FROM follow_up WHERE status IN ('done', 'cancelled') "
                f"AND id IN ({marks})",
                chunk,
            ).fetchall()
            db.execute_sql(
                # Open again, it has no outcome yet (as an automatic one reopened).
                "UPDATE follow_up SET status = 'open', done_at = NULL, snoozed_until = NULL, "
                "outcome = '', auto_closed = 0, updated_at = ? "
                "WHERE status IN ('done', 'cancelled') "
                f"AND id IN ({marks})",
                [now, *chunk],
            )
            result.changed.extend(int(r[0]) for r in found)
    return result


def _win_backs_refused(ids: Sequence[int]) -> list[int]:
    """The rule-made win-backs among these closed ones that reopening would make a second
    open one for their customer."""
    candidates = db.execute_sql(
        "SELECT id, customer_id FROM follow_up WHERE kind = 'win_back' "
        "AND reason_key IS NOT NULL AND status IN ('done', 'cancelled') "
        "AND id IN (SELECT value FROM json_each(?)) ORDER BY reason_key DESC, id DESC",
        (json.dumps(list(ids)),),
    ).fetchall()
    if not candidates:
        return []
    busy = {
        int(r[0])
        for r in db.execute_sql(
            "SELECT DISTINCT customer_id FROM follow_up WHERE kind = 'win_back' "
            f"AND reason_key IS NOT NULL AND status IN {_ACTIVE_SQL} "
            "AND customer_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({int(r[1]) for r in candidates})),),
        ).fetchall()
    }
    refused = []
    for fid, customer_id in candidates:  # the latest lapse first
        if int(customer_id) in busy:
            refused.append(int(fid))
        busy.add(int(customer_id))
    return sorted(refused)


def delete_followups(ids: Iterable[int]) -> int:
    """Delete typed-in follow-ups; automatic ones are cancelled instead, never deleted
    (deleting would let the rule create them again). Returns how many were deleted."""
    wanted = _ids(ids)
    deleted = 0
    with storage_errors(), db.atomic():
        for chunk in _chunks(wanted):
            deleted += db.execute_sql(
                "DELETE FROM follow_up WHERE reason_key IS NULL "
                f"AND id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).rowcount
    return int(deleted)


def _require_followup(followup_id: int) -> None:
    if db.execute_sql("SELECT 1 FROM follow_up WHERE id = ?", (followup_id,)).fetchone() is None:
        raise NotFound(f"Follow-up {followup_id} does not exist.")


# --------------------------------------------------------------------------------------------
# Lists


SORTS: dict[str, str] = {
    "due": "f.due",
    "customer": "c.display_name COLLATE NOCASE",
    "kind": "f.kind",
    "status": "f.status",
    "title": "f.title COLLATE NOCASE",
    "created": "f.created_at",
    "done": "f.done_at",
}


def escape_like(term: str) -> str:
    """Escape LIKE wildcards so % and _ match themselves (escape character: backslash).

    The same as customer_list.escape_like, kept here so these services import no list code.
    """
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _shown_title(shown_titles: Sequence[tuple[str, str]], term: str) -> tuple[str, list[object]]:
    """SQL for a follow-up's title as the list shows it (else NULL), for the kinds whose
    wording a search `term` could match where the stored title does not.

    A rule-made follow-up's stored English title is replaced, at the start, by the view's
    wording (views/followup_dialogs.display_title does the same: "After-sale check-in:
    <order>" reads "售后回访: <order>"). A term that does not overlap a kind's wording can
    only match the rest of the title, which the stored title holds too: such kinds are left
    out, so a search for a name or an order number costs nothing more.
    """
    # LIKE folds ASCII case only; folding more (character by character) keeps a kind that
    # could match, never drops one.
    folded = term.casefold()
    whens: list[str] = []
    params: list[object] = []
    for kind, shown in shown_titles:
        stored = _TITLES.get(kind)
        if not stored or shown == stored:
            continue  # a kind without a rule's title, or not translated (English)
        wording = shown.casefold()
        if folded not in wording and not any(
            folded.startswith(wording[i:]) for i in range(len(wording))
        ):
            continue
        whens.append("WHEN f.kind = ? AND substr(f.title, 1, ?) = ? THEN ? || substr(f.title, ?)")
        params.extend((kind, len(stored), stored, shown, len(stored) + 1))
    if not whens:
        return "", []
    return f"(CASE WHEN f.reason_key IS NOT NULL THEN CASE {' '.join(whens)} END END)", params


def _where(flt: FollowUpFilter) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    if flt.kinds:
        parts.append(f"f.kind IN ({','.join('?' * len(flt.kinds))})")
        params.extend(flt.kinds)
    if flt.statuses:
        parts.append(f"f.status IN ({','.join('?' * len(flt.statuses))})")
        params.extend(flt.statuses)
    if flt.due_from is not None:
        parts.append("f.due >= ?")
        params.append(flt.due_from)
    if flt.due_to is not None:
        parts.append("f.due < ?")
        params.append(flt.due_to + timedelta(days=1))
    if flt.customer_id is not None:
        parts.append("f.customer_id = ?")
        params.append(flt.customer_id)
    if flt.automatic is not None:
        parts.append("f.reason_key IS NOT NULL" if flt.automatic else "f.reason_key IS NULL")
    for term in search_text(flt.text).split():
        like = "%" + escape_like(term) + "%"
        shown, shown_params = _shown_title(flt.shown_titles, term)
        if shown:
            parts.append(
                "(f.title LIKE ? ESCAPE '\\' OR c.display_name LIKE ? ESCAPE '\\' "
                f"OR {shown} LIKE ? ESCAPE '\\')"
            )
            params.extend((like, like, *shown_params, like))
        else:
            parts.append("(f.title LIKE ? ESCAPE '\\' OR c.display_name LIKE ? ESCAPE '\\')")
            params.extend((like, like))
    return " AND ".join(parts) or "1", params


def list_ids(flt: FollowUpFilter, sort: str = "due", descending: bool = False) -> list[int]:
    """Ids of the matching follow-ups, in display order."""
    expr = SORTS.get(sort, SORTS["due"])
    direction = "DESC" if descending else "ASC"
    where, params = _where(flt)
    sql = (
        f"SELECT f.id FROM follow_up f JOIN customer c ON c.id = f.customer_id WHERE {where} "
        f"ORDER BY {expr} {direction} NULLS LAST, f.id {direction}"
    )
    return [int(r[0]) for r in db.execute_sql(sql, params).fetchall()]


def has_followups() -> bool:
    """Is there any follow-up at all, in any status (a new shop has none)?"""
    return bool(db.execute_sql("SELECT EXISTS (SELECT 1 FROM follow_up)").fetchone()[0])


def count(flt: FollowUpFilter | None = None) -> int:
    """How many follow-ups match."""
    where, params = _where(flt or FollowUpFilter())
    sql = f"SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id WHERE {where}"
    return int(db.execute_sql(sql, params).fetchone()[0])


_ROW_COLUMNS = (
    "f.id, f.customer_id, c.display_name, f.title, f.kind, f.due, f.status, f.recurrence, "
    "f.notes, f.outcome, f.done_at, f.snoozed_until, f.created_at, f.reason_key, "
    "f.auto_closed, f.order_id, f.feedback_id"
)


def _row(r: Sequence[Any]) -> FollowUpRow:
    return FollowUpRow(
        id=int(r[0]), customer_id=int(r[1]), customer_name=str(r[2]), title=str(r[3]),
        kind=str(r[4]), due=_as_dt(r[5]), status=str(r[6]), recurrence=str(r[7]),
        notes=str(r[8]), outcome=str(r[9]), done_at=_opt_dt(r[10]),
        snoozed_until=_opt_dt(r[11]), created_at=_as_dt(r[12]), reason_key=r[13],
        auto_closed=bool(r[14]), order_id=r[15], feedback_id=r[16],
    )  # fmt: skip


def fetch_rows(ids: Sequence[int]) -> dict[int, FollowUpRow]:
    """The rows of these follow-ups (missing ids are simply absent)."""
    out: dict[int, FollowUpRow] = {}
    for chunk in _chunks(list(ids)):
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM follow_up f JOIN customer c ON c.id = f.customer_id "
            f"WHERE f.id IN ({','.join('?' * len(chunk))})"
        )
        for r in db.execute_sql(sql, chunk).fetchall():
            out[int(r[0])] = _row(r)
    return out


def get_followup(followup_id: int) -> FollowUpRow:
    """One follow-up. Raises NotFound."""
    rows = fetch_rows([followup_id])
    if followup_id not in rows:
        raise NotFound(f"Follow-up {followup_id} does not exist.")
    return rows[followup_id]


def counts(today: date) -> FollowUpCounts:
    """Badge figures; `open` and `overdue` are `stats --json` followups_open / _overdue."""
    row = db.execute_sql(
        "SELECT count(*), "
        "coalesce(sum(due < :t0), 0), "
        "coalesce(sum(due >= :t0 AND due < :t1), 0), "
        "coalesce(sum(due >= :t1 AND due < :t8), 0), "
        "coalesce(sum(status = 'snoozed'), 0) "
        f"FROM follow_up WHERE status IN {_ACTIVE_SQL}",
        {"t0": today, "t1": today + timedelta(days=1), "t8": today + timedelta(days=8)},
    ).fetchone()
    return FollowUpCounts(*(int(v) for v in row))


def customers_with_active(title: str, due: datetime) -> set[int]:
    """Customers who already have an active (open or snoozed) follow-up with this title and
    due time (a bulk action run again adds none for them)."""
    rows = db.execute_sql(
        f"SELECT DISTINCT customer_id FROM follow_up WHERE title = ? AND due = ? "
        f"AND status IN {_ACTIVE_SQL}",
        (typed_text(title), stored_time(due)),
    ).fetchall()
    return {int(r[0]) for r in rows}


def count_open() -> int:
    """Active (open or snoozed) follow-ups: `stats --json` followups_open."""
    return int(
        db.execute_sql(f"SELECT count(*) FROM follow_up WHERE status IN {_ACTIVE_SQL}").fetchone()[
            0
        ]
    )


def count_overdue(today: date) -> int:
    """Active follow-ups due before `today`: `stats --json` followups_overdue."""
    return int(
        db.execute_sql(
            f"SELECT count(*) FROM follow_up WHERE status IN {_ACTIVE_SQL} AND due < ?", (today,)
        ).fetchone()[0]
    )


def count_problems() -> dict[str, int]:
    """For `desktop-crm check`: follow-ups breaking the rules the services keep (kind -> count,
    only kinds with problems). Reported, not repaired: each needs a look.

    "Win-back twice" counts the rule's win-backs only: the merchant may type in as many
    follow-ups of the kind Win-back as they like, next to the automatic one.
    """
    sql = f"""
        SELECT
            (SELECT count(*) FROM follow_up WHERE kind NOT IN {tuple(KINDS)}
                OR status NOT IN {tuple(STATUSES)} OR recurrence NOT IN {tuple(RECURRENCES)}
                OR (status = 'done') != (done_at IS NOT NULL)
                OR (status = 'snoozed' AND snoozed_until IS NULL)
                OR (recurrence != 'none' AND anchor IS NULL)),
            (SELECT count(*) FROM (SELECT customer_id FROM follow_up
                WHERE kind = 'win_back' AND reason_key IS NOT NULL AND status IN {_ACTIVE_SQL}
                GROUP BY customer_id HAVING count(*) > 1))
    """
    values, duplicates = db.execute_sql(sql).fetchone()
    found = {"followup_values": int(values), "followup_win_back_twice": int(duplicates)}
    return {k: v for k, v in found.items() if v}


# --------------------------------------------------------------------------------------------
# Today


def today_data(today: date, *, limit: int = 100) -> TodayData:
    """Overdue, due today and next 7 days, grouped by kind, each row with its "why".

    Each group holds its `total` and the first `limit` rows by due time (the list page, with a
    FollowUpFilter, pages through the rest): the page stays fast however many follow-ups a
    rule created. Every query reads the index (status, kind, due).
    """
    edges = [None, today, today + timedelta(days=1), today + timedelta(days=8)]
    totals_by_group: dict[tuple[int, str], int] = {}
    for kind, bucket, n in db.execute_sql(
        "SELECT kind, CASE WHEN due < :t0 THEN 0 WHEN due < :t1 THEN 1 ELSE 2 END, count(*) "
        f"FROM follow_up WHERE status IN {_ACTIVE_SQL} AND due < :t8 GROUP BY 1, 2",
        {"t0": edges[1], "t1": edges[2], "t8": edges[3]},
    ).fetchall():
        totals_by_group[(int(bucket), str(kind))] = int(n)
    picked: dict[tuple[int, str], list[tuple[str, int]]] = {}
    for (bucket, kind), _n in totals_by_group.items():
        low, high = edges[bucket], edges[bucket + 1]
        found: list[tuple[str, int]] = []
        for status in ACTIVE:
            # One status at a time: the index then yields rows in due order, no sort needed.
            sql = "SELECT due, id FROM follow_up WHERE status = ? AND kind = ? AND due < ?"
            params: list[object] = [status, kind, high]
            if low is not None:
                sql += " AND due >= ?"
                params.append(low)
            sql += " ORDER BY due, id LIMIT ?"
            params.append(limit)
            found.extend((str(d), int(i)) for d, i in db.execute_sql(sql, params).fetchall())
        found.sort()
        picked[(bucket, kind)] = found[:limit]
    rows = fetch_rows([i for found in picked.values() for _d, i in found])
    whys = why_many(list(rows.values()), today)
    kind_order = {k: i for i, k in enumerate(KINDS)}
    groups = []
    for bucket, kind in sorted(picked, key=lambda g: (g[0], kind_order.get(g[1], 99))):
        group = TodayGroup(BUCKETS[bucket], kind, totals_by_group[(bucket, kind)])
        for _d, fid in picked[(bucket, kind)]:
            if fid in rows:
                group.rows.append(TodayRow(rows[fid], whys.get(fid)))
        groups.append(group)
    counts_ = dict.fromkeys(BUCKETS, 0)
    for g in groups:
        counts_[g.bucket] += g.total
    return TodayData(today=today, groups=groups, counts=counts_)


def why_many(rows: Sequence[FollowUpRow], today: date) -> dict[int, Why]:
    """The "why" of each follow-up that has one (birthday, win-back, after-sale, feedback)."""
    out: dict[int, Why] = {}
    by_kind: dict[str, list[FollowUpRow]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    birthdays = by_kind.get(BIRTHDAY, [])
    if birthdays:
        known = _birthdays({r.customer_id for r in birthdays})
        for row in birthdays:
            born = known.get(row.customer_id)
            if born is None:
                continue
            key = row.reason_key or ""
            if key.startswith("birthday:") and key[9:].isdigit():
                nxt = birthday_on(born, int(key[9:]))  # the rule's year, even when snoozed
            else:
                nxt = next_birthday(born, row.due.date())
            out[row.id] = BirthdayWhy(born, nxt, nxt.year - born.year)
    win_backs = by_kind.get(WIN_BACK, [])
    if win_backs:
        infos = churn.churn_info_many({r.customer_id for r in win_backs}, today)
        for row in win_backs:
            out[row.id] = WinBackWhy(infos[row.customer_id])
    order_ids = [r.order_id for r in by_kind.get(AFTER_SALE, []) if r.order_id is not None]
    if order_ids:
        orders = _orders(order_ids)
        for row in by_kind[AFTER_SALE]:
            if row.order_id in orders:
                out[row.id] = orders[row.order_id]
    feedback_ids = [r.feedback_id for r in rows if r.feedback_id is not None]
    if feedback_ids:
        found = _feedback(feedback_ids)
        for row in rows:
            if row.feedback_id in found and row.id not in out:
                out[row.id] = found[row.feedback_id]
    return out


def _birthdays(customer_ids: Collection[int]) -> dict[int, date]:
    out: dict[int, date] = {}
    ids = list(customer_ids)
    for chunk in _chunks(ids):
        for cid, born in db.execute_sql(
            f"SELECT id, birthday FROM customer WHERE birthday IS NOT NULL "
            f"AND id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall():
            out[int(cid)] = born if isinstance(born, date) else date.fromisoformat(str(born)[:10])
    return out


def _orders(order_ids: Sequence[int]) -> dict[int, AfterSaleWhy]:
    out: dict[int, AfterSaleWhy] = {}
    for chunk in _chunks(list(order_ids)):
        for oid, platform, no, completed, summary in db.execute_sql(
            "SELECT id, platform, order_no, completed_at, item_summary FROM orders "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall():
            out[int(oid)] = AfterSaleWhy(int(oid), platform, no, _opt_dt(completed), summary)
    return out


def _feedback(feedback_ids: Sequence[int]) -> dict[int, FeedbackWhy]:
    out: dict[int, FeedbackWhy] = {}
    for chunk in _chunks(list(feedback_ids)):
        for fid, kind, status, rating, channel, content, created in db.execute_sql(
            "SELECT id, kind, status, rating, channel, content, created_at FROM feedback "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall():
            summary = " ".join(str(content).split())
            if len(summary) > 80:
                summary = summary[:79] + "…"
            out[int(fid)] = FeedbackWhy(
                int(fid), kind, status, rating, channel, summary, _as_dt(created)
            )
    return out


# --------------------------------------------------------------------------------------------
# Automatic follow-ups


_REASONS_TABLE = """
    CREATE TEMP TABLE IF NOT EXISTS _fu_reasons (
        customer_id INTEGER NOT NULL,
        reason_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        due TEXT NOT NULL,
        order_id INTEGER,
        feedback_id INTEGER,
        PRIMARY KEY (customer_id, reason_key)
    )
"""

# One active automatic win-back per customer. A typed-in one (no reason key) does not count:
# it is the merchant's own plan, not the rule's reminder, and must not keep the rule's away.
_NO_ACTIVE_WIN_BACK = (
    "(r.kind != 'win_back' OR NOT EXISTS (SELECT 1 FROM follow_up w "
    "WHERE w.customer_id = r.customer_id AND w.kind = 'win_back' "
    f"AND w.reason_key IS NOT NULL AND w.status IN {_ACTIVE_SQL}))"
)


# An order's check-in the merchant closed on the buyer it had before (a newer export gave the
# order to another buyer) counts: one per order, not one per order and customer.
_NO_CHECK_IN_OF_THE_ORDER = (
    "(r.kind != 'after_sale' OR NOT EXISTS (SELECT 1 FROM follow_up a "
    "WHERE a.order_id = r.order_id AND a.reason_key = r.reason_key))"
)


# Above this many customers a scoped run covers everyone: the rules are idempotent, so doing
# more than asked is harmless, and one pass over all rows beats 20,000+ index look-ups.
_LARGE_SCOPE = 20000


def _widen(customer_ids: Collection[int] | None) -> Collection[int] | None:
    return None if customer_ids is not None and len(customer_ids) > _LARGE_SCOPE else customer_ids


def _scope(column: str, customer_ids: Collection[int] | None) -> tuple[str, list[object]]:
    if customer_ids is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [
        json.dumps(sorted({int(i) for i in customer_ids}))
    ]


def _collect_birthdays(
    today: date, customer_ids: Collection[int] | None, rules: FollowUpRules
) -> None:
    # (month-day as stored, the birthday year, the day it is kept, the due day) for each day
    # of the window. Due N days ahead, but not before today: a greeting made late (the
    # birthday was typed in 3 days before it) is due the day it is made, not "4 days late".
    days: list[tuple[str, str, str, str]] = []
    for k in range(rules.birthday_days + BIRTHDAY_CREATE_EXTRA_DAYS + 1):
        kept = today + timedelta(days=k)
        due = f"{max(kept - timedelta(days=rules.birthday_days), today)} 00:00:00"
        days.append((f"{kept:%m-%d}", str(kept.year), kept.isoformat(), due))
        if kept.month == 2 and kept.day == 28 and not calendar.isleap(kept.year):
            days.append(("02-29", str(kept.year), kept.isoformat(), due))
    values = ", ".join("(?, ?, ?, ?)" for _ in days)
    scope, params = _scope("c.id", customer_ids)
    # One pass over the customers (the IN test), each match joined to its day: joining the
    # other way round scans every customer once per day of the window.
    db.execute_sql(
        f"""
        WITH w(md, year, kept, due) AS (VALUES {values})
        INSERT OR IGNORE INTO _fu_reasons (customer_id, reason_key, kind, title, due)
        SELECT c.id, 'birthday:' || w.year, 'birthday', ?, w.due
        FROM customer c CROSS JOIN w
        WHERE c.birthday IS NOT NULL AND substr(c.birthday, 6, 5) IN (SELECT md FROM w)
            AND substr(c.birthday, 6, 5) = w.md AND substr(c.birthday, 1, 10) < w.kept {scope}
        """,
        [*(v for d in days for v in d), _TITLES[BIRTHDAY], *params],
    )


def _collect_win_backs(today: date, warnings: dict[int, ChurnInfo]) -> None:
    rows = []
    due = f"{today} 00:00:00"
    for cid, info in warnings.items():
        assert info.last_purchase is not None
        last = info.last_purchase.isoformat()
        rows.append((cid, f"win_back:{last}", WIN_BACK, _TITLES[WIN_BACK], due))
    executemany(
        "INSERT OR IGNORE INTO _fu_reasons (customer_id, reason_key, kind, title, due) "
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def _collect_after_sales(
    today: date, customer_ids: Collection[int] | None, rules: FollowUpRules
) -> None:
    scope, params = _scope("o.customer_id", customer_ids)
    days = int(rules.after_sale_days)
    db.execute_sql(
        f"""
        INSERT OR IGNORE INTO _fu_reasons (customer_id, reason_key, kind, title, due, order_id)
        SELECT o.customer_id, 'after_sale:' || o.platform || ':' || o.order_no, 'after_sale',
            ? || ': ' || o.order_no,
            date(o.completed_at, '+{days} days') || ' 00:00:00', o.id
        FROM orders o
        WHERE o.status = 'completed' AND o.completed_at IS NOT NULL
            AND o.completed_at >= ? AND o.completed_at < ? AND o.customer_id IS NOT NULL {scope}
        """,
        [
            _TITLES[AFTER_SALE],
            today - timedelta(days=days + AFTER_SALE_LOOKBACK_EXTRA_DAYS),
            today + timedelta(days=1),
            *params,
        ],
    )


def _collect_complaints(
    today: date,
    customer_ids: Collection[int] | None,
    feedback_ids: Collection[int] | None,
    rules: FollowUpRules,
) -> None:
    scope, params = _scope("f.customer_id", customer_ids)
    days = int(rules.complaint_days)
    if feedback_ids is not None:
        more, more_params = _scope("f.id", feedback_ids)
        scope += more
        params += more_params
    db.execute_sql(
        f"""
        INSERT OR IGNORE INTO _fu_reasons (customer_id, reason_key, kind, title, due, feedback_id)
        SELECT f.customer_id, 'feedback:' || f.id, 'feedback', ?,
            date(f.created_at, '+{days} days') || ' 00:00:00', f.id
        FROM feedback f
        WHERE f.kind = 'complaint' AND f.status != 'resolved' AND f.created_at < ? {scope}
        """,
        [_TITLES[FEEDBACK], today + timedelta(days=1), *params],
    )


def _apply_reasons(now: datetime, result: AutoResult) -> None:
    """Reopen auto-closed follow-ups whose reason is back; create the missing ones."""
    reopened = db.execute_sql(
        f"""
        UPDATE follow_up SET auto_closed = 0, done_at = NULL, outcome = '', updated_at = ?,
            -- A snooze the merchant chose that has not run out comes back with it.
            status = CASE WHEN follow_up.snoozed_until > ?2 THEN 'snoozed' ELSE 'open' END,
            due = CASE WHEN follow_up.snoozed_until > ?2 THEN follow_up.due
                WHEN r.kind = 'win_back' THEN follow_up.due ELSE r.due END,
            snoozed_until = CASE WHEN follow_up.snoozed_until > ?2
                THEN follow_up.snoozed_until END,
            order_id = coalesce(r.order_id, follow_up.order_id),
            feedback_id = coalesce(r.feedback_id, follow_up.feedback_id)
        FROM _fu_reasons r
        WHERE follow_up.customer_id = r.customer_id AND follow_up.reason_key = r.reason_key
            AND follow_up.auto_closed = 1 AND follow_up.status IN ('done', 'cancelled')
            AND {_NO_ACTIVE_WIN_BACK}
        """,
        (now, now),
    ).rowcount
    result.reopened += int(reopened)
    conn = db.connection()
    created = conn.execute(
        f"""
        SELECT r.kind, count(*) FROM _fu_reasons r
        WHERE NOT EXISTS (SELECT 1 FROM follow_up f
            WHERE f.customer_id = r.customer_id AND f.reason_key = r.reason_key)
            AND {_NO_ACTIVE_WIN_BACK} AND {_NO_CHECK_IN_OF_THE_ORDER}
        GROUP BY r.kind
        """
    ).fetchall()
    conn.execute(
        f"""
        INSERT INTO follow_up (customer_id, title, kind, due, status, recurrence, notes, outcome,
            created_at, updated_at, reason_key, auto_closed, order_id, feedback_id)
        SELECT r.customer_id, r.title, r.kind, r.due, 'open', 'none', '', '', ?, ?,
            r.reason_key, 0, r.order_id, r.feedback_id
        FROM _fu_reasons r
        WHERE NOT EXISTS (SELECT 1 FROM follow_up f
            WHERE f.customer_id = r.customer_id AND f.reason_key = r.reason_key)
            AND {_NO_ACTIVE_WIN_BACK} AND {_NO_CHECK_IN_OF_THE_ORDER}
        ORDER BY r.due, r.customer_id, r.reason_key
        """,
        (now, now),
    )
    for kind, n in created:
        result.created[kind] = result.created.get(kind, 0) + int(n)


def generate_automatic(
    *, today: date, now: datetime, customer_ids: Collection[int] | None = None
) -> AutoResult:
    """Create the automatic follow-ups due on `today` (bulk SQL; idempotent).

    Args:
        customer_ids: only for these customers (the ones an import touched); None: everyone.
    """
    return _generate(today, now, customer_ids, None, get_rules())


def _generate(
    today: date,
    now: datetime,
    customer_ids: Collection[int] | None,
    warnings: dict[int, ChurnInfo] | None,
    rules: FollowUpRules,
    *,
    kinds: Collection[str] = AUTOMATIC_KINDS,
) -> AutoResult:
    """Make (or bring back) the follow-ups of the switched-on rules among `kinds`."""
    result = AutoResult()
    if customer_ids is not None and not customer_ids:
        return result
    customer_ids = _widen(customer_ids)
    kinds = {k for k in kinds if rules.enabled(k)}
    with storage_errors(), db.atomic():
        conn = db.connection()
        conn.execute(_REASONS_TABLE)
        conn.execute("DELETE FROM _fu_reasons")
        if BIRTHDAY in kinds:
            _collect_birthdays(today, customer_ids, rules)
        if WIN_BACK in kinds:
            if warnings is None:
                warnings = churn.churn_warnings(today, customer_ids)
            _collect_win_backs(today, warnings)
        if AFTER_SALE in kinds:
            _collect_after_sales(today, customer_ids, rules)
        if FEEDBACK in kinds:
            _collect_complaints(today, customer_ids, None, rules)
        _apply_reasons(now, result)
        conn.execute("DELETE FROM _fu_reasons")
    return result


def _close(ids_outcomes: list[tuple[int, str, str]], now: datetime) -> None:
    executemany(
        "UPDATE follow_up SET status = ?, outcome = ?, auto_closed = 1, "
        "done_at = CASE WHEN ? = 'done' THEN ? END, updated_at = ? WHERE id = ?",
        [(status, outcome, status, now, now, fid) for fid, status, outcome in ids_outcomes],
    )


def close_resolved_reasons(
    *, today: date, now: datetime, customer_ids: Collection[int] | None = None
) -> AutoResult:
    """Close active automatic follow-ups whose reason went away, marking them auto-closed.

    - win-back: done when the customer bought again since the lapse it was made for,
      cancelled when they left churn warning otherwise (an order removed, say);
    - complaint: done when the feedback was resolved, cancelled when it was deleted or is no
      longer a complaint;
    - after-sale: cancelled when its order was removed or is no longer completed (an undone
      import); moved along when the order now belongs to another customer (see
      `_follow_owners`; a complaint's follows its feedback the same way);
    - birthday: cancelled when the birthday was removed or changed to a day the greeting
      could not have been made for; an open one moves with a changed birthday (see
      `_follow_birthdays`);
    - any kind whose rule is switched off: cancelled (OUTCOME_RULE_OFF).
    """
    return _close_resolved(today, now, customer_ids, None, get_rules())


# How far ahead a birthday greeting's day may lie and still be the one it was made for (the
# longest window the rules make greetings in); beyond it the birthday was changed.
_BIRTHDAY_MOVE_LIMIT = DAY_RANGES["birthday_days"][1] + BIRTHDAY_CREATE_EXTRA_DAYS


def _close_resolved(
    today: date,
    now: datetime,
    customer_ids: Collection[int] | None,
    warnings: dict[int, ChurnInfo] | None,
    rules: FollowUpRules,
    *,
    kinds: Collection[str] = AUTOMATIC_KINDS,
    rules_changed: bool = False,
    birthdays_edited: bool = True,
) -> AutoResult:
    result = AutoResult()
    if customer_ids is not None and not customer_ids:
        return result
    customer_ids = _widen(customer_ids)
    scope, params = _scope("f.customer_id", customer_ids)
    with storage_errors(), db.atomic():
        closing: list[tuple[int, str, str]] = []
        # A rule switched off keeps none open (save_rules withdraws them at once; this keeps
        # the promise whatever changed the setting).
        for kind in kinds:
            if not rules.enabled(kind):
                for (fid,) in db.execute_sql(
                    f"SELECT f.id FROM follow_up f WHERE f.kind = ? AND f.reason_key IS NOT NULL "
                    f"AND f.status IN {_ACTIVE_SQL} {scope}",
                    [kind, *params],
                ).fetchall():
                    closing.append((int(fid), CANCELLED, OUTCOME_RULE_OFF))
                result.closed[kind] = len(closing) - sum(result.closed.values())
        if WIN_BACK in kinds and rules.win_back:
            mark = len(closing)
            win_backs = db.execute_sql(
                f"SELECT f.id, f.customer_id, f.reason_key FROM follow_up f "
                f"WHERE f.kind = 'win_back' AND f.reason_key IS NOT NULL "
                f"AND f.status IN {_ACTIVE_SQL} {scope}",
                params,
            ).fetchall()
            if win_backs and warnings is None:
                warnings = churn.churn_warnings(today, {int(r[1]) for r in win_backs})
            ended = [r for r in win_backs if warnings is not None and int(r[1]) not in warnings]
            if ended:
                infos = churn.churn_info_many({int(r[1]) for r in ended}, today)
                for fid, cid, key in ended:
                    info = infos[int(cid)]
                    lapse = str(key).partition(":")[2]
                    bought = (
                        info.last_purchase is not None and info.last_purchase.isoformat() > lapse
                    )
                    closing.append(
                        (fid, DONE, OUTCOME_BOUGHT_AGAIN)
                        if bought
                        else (fid, CANCELLED, OUTCOME_NO_LONGER_WARNING)
                    )
            result.closed[WIN_BACK] = len(closing) - mark
        if FEEDBACK in kinds and rules.complaint:
            mark = len(closing)
            closing.extend(_follow_owners(FEEDBACK, now, customer_ids))
            for fid, status in db.execute_sql(
                "SELECT f.id, fb.status FROM follow_up f "
                "LEFT JOIN feedback fb ON fb.id = f.feedback_id "
                "WHERE f.kind = 'feedback' AND f.reason_key IS NOT NULL "
                f"AND f.status IN {_ACTIVE_SQL} "
                f"AND (fb.id IS NULL OR fb.kind != 'complaint' OR fb.status = 'resolved') {scope}",
                params,
            ).fetchall():
                if status == "resolved":
                    closing.append((fid, DONE, OUTCOME_RESOLVED))
                else:
                    closing.append((fid, CANCELLED, OUTCOME_FEEDBACK_GONE))
            result.closed[FEEDBACK] = len(closing) - mark
        if AFTER_SALE in kinds and rules.after_sale:
            mark = len(closing)
            closing.extend(_follow_owners(AFTER_SALE, now, customer_ids))
            moved_off = {c[0] for c in closing[mark:]}
            for fid, order_id in db.execute_sql(
                "SELECT f.id, o.id FROM follow_up f LEFT JOIN orders o ON o.id = f.order_id "
                "WHERE f.kind = 'after_sale' AND f.reason_key IS NOT NULL "
                f"AND f.status IN {_ACTIVE_SQL} AND (o.id IS NULL OR o.status != 'completed') "
                f"{scope}",
                params,
            ).fetchall():
                if int(fid) not in moved_off:
                    gone = OUTCOME_ORDER_GONE if order_id is None else OUTCOME_NOT_COMPLETED
                    closing.append((int(fid), CANCELLED, gone))
            result.closed[AFTER_SALE] = len(closing) - mark
        if BIRTHDAY in kinds and rules.birthday:
            mark = len(closing)
            result.moved[BIRTHDAY] = _follow_birthdays(
                today,
                now,
                scope,
                params,
                rules,
                closing,
                rules_changed=rules_changed,
                birthdays_edited=birthdays_edited,
            )
            result.closed[BIRTHDAY] = len(closing) - mark
        _close(closing, now)
    result.closed = {k: v for k, v in result.closed.items() if v}
    result.moved = {k: v for k, v in result.moved.items() if v}
    return result


def _follow_birthdays(
    today: date,
    now: datetime,
    scope: str,
    params: list[object],
    rules: FollowUpRules,
    closing: list[tuple[int, str, str]],
    *,
    rules_changed: bool = False,
    birthdays_edited: bool = True,
) -> int:
    """Keep active birthday greetings in step with the customer's birthday and the rule's
    days; returns how many were given a new due date, adds the ones to withdraw to `closing`.

    - the birthday was removed: withdrawn;
    - the greeted day (the birthday in the greeting's year) is one the rule would never have
      made it for — already past when it was made, or further ahead than any window: the
      birthday was changed; withdrawn (the right year's greeting is made as usual);
    - otherwise an open one is due N days before the birthday (see `_moved_due`: never
      earlier than today unless it was already late). A snoozed one keeps the day chosen.

    An open greeting moves only when the customer was edited since it was last changed (the
    birthday may be another day; not with `birthdays_edited=False`, an edit of other fields)
    or the rule's days changed: a due day the merchant typed in stays. For an unchanged
    birthday and rule this changes nothing. Only active greetings are read: a few per
    customer a year, so a loop over them stays small.
    """
    updates: list[tuple[datetime, datetime, int]] = []
    for fid, key, status, due, created, born, edited in db.execute_sql(
        "SELECT f.id, f.reason_key, f.status, f.due, f.created_at, c.birthday, "
        "c.updated_at >= f.updated_at FROM follow_up f "
        "JOIN customer c ON c.id = f.customer_id WHERE f.kind = 'birthday' "
        f"AND f.reason_key IS NOT NULL AND f.status IN {_ACTIVE_SQL} {scope}",
        params,
    ).fetchall():
        if born is None:
            closing.append((int(fid), CANCELLED, OUTCOME_BIRTHDAY_REMOVED))
            continue
        year = str(key).partition(":")[2]
        if not year.isdigit():
            continue
        born = born if isinstance(born, date) else date.fromisoformat(str(born)[:10])
        kept = birthday_on(born, int(year))
        if (
            born >= kept
            or kept < _as_dt(created).date()
            or kept > today + timedelta(days=_BIRTHDAY_MOVE_LIMIT)
        ):
            closing.append((int(fid), CANCELLED, OUTCOME_BIRTHDAY_CHANGED))
        elif status == OPEN and ((edited and birthdays_edited) or rules_changed):
            old = _as_dt(due)
            new = _moved_due(kept - timedelta(days=rules.birthday_days), old, today)
            if new != old.date():
                updates.append((datetime.combine(new, time()), now, int(fid)))
    executemany("UPDATE follow_up SET due = ?, updated_at = ? WHERE id = ?", updates)
    return len(updates)


# kind -> (the table of what a rule's follow-up is about, its column naming the row, the
# outcome of one that cannot follow): an after-sale check-in follows its order to the buyer a
# newer export names, a complaint's follows its feedback (which follows its order).
_OWNERS = {
    AFTER_SALE: ("orders", "order_id", OUTCOME_ORDER_MOVED),
    FEEDBACK: ("feedback", "feedback_id", OUTCOME_FEEDBACK_MOVED),
}


def _follow_owners(
    kind: str, now: datetime, customer_ids: Collection[int] | None
) -> list[tuple[int, str, str]]:
    """Move the rule's follow-ups of this kind (active or auto-closed) whose order or
    feedback now belongs to another customer onto that customer; returns the active ones that
    could not move (that customer already has one for the same reason), to be closed.

    One check-in per order or complaint, on its current customer, whatever order the files,
    merges and undos came in. A follow-up the merchant closed stays where it happened: it is
    that customer's history.
    """
    table, column, outcome = _OWNERS[kind]
    scope, params = _scope("x.customer_id", customer_ids)
    found = db.execute_sql(
        f"SELECT f.id, f.reason_key, x.customer_id, f.status FROM follow_up f "
        f"JOIN {table} x ON x.id = f.{column} "
        "WHERE f.kind = ? AND f.reason_key IS NOT NULL AND x.customer_id IS NOT NULL "
        f"AND x.customer_id != f.customer_id AND (f.status IN {_ACTIVE_SQL} OR f.auto_closed = 1) "
        f"{scope} ORDER BY f.id",
        [kind, *params],
    ).fetchall()
    if not found:
        return []
    taken = set(
        db.execute_sql(
            "SELECT customer_id, reason_key FROM follow_up "
            "WHERE customer_id IN (SELECT value FROM json_each(?)) "
            "AND reason_key IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({int(r[2]) for r in found})), json.dumps([r[1] for r in found])),
        ).fetchall()
    )
    moves: list[tuple[int, datetime, int]] = []
    stuck: list[tuple[int, str, str]] = []
    for fid, key, owner, status in found:
        if (owner, key) not in taken:
            taken.add((owner, key))
            moves.append((int(owner), now, int(fid)))
        elif status in ACTIVE:
            stuck.append((int(fid), CANCELLED, outcome))
    executemany("UPDATE follow_up SET customer_id = ?, updated_at = ? WHERE id = ?", moves)
    return stuck


def refresh_automatic(
    *,
    today: date,
    now: datetime,
    customer_ids: Collection[int] | None = None,
    birthdays_edited: bool = True,
) -> AutoResult:
    """Close what went away, then create what is due: the one call after an import (with the
    customers it touched) and at start-up (everyone), in one transaction.

    `birthdays_edited=False`: the customers were edited but not their birthdays (the form's
    other fields), so an open greeting keeps a due day the merchant typed in."""
    if customer_ids is not None and not customer_ids:
        return AutoResult()
    customer_ids = _widen(customer_ids)
    with storage_errors(), db.atomic():
        rules = get_rules()
        # One churn computation serves both steps (it is most of the cost).
        warnings = churn.churn_warnings(today, customer_ids) if rules.win_back else {}
        closed = _close_resolved(
            today, now, customer_ids, warnings, rules, birthdays_edited=birthdays_edited
        )
        made = _generate(today, now, customer_ids, warnings, rules)
    made.closed = closed.closed
    made.moved = closed.moved
    return made


def sync_feedback(feedback_ids: Collection[int], *, today: date, now: datetime) -> AutoResult:
    """Bring the automatic follow-ups of these feedback entries up to date (after they were
    logged, edited, resolved or reopened): inside the caller's transaction."""
    result = AutoResult()
    if not feedback_ids:
        return result
    wanted = json.dumps(sorted({int(i) for i in feedback_ids}))
    scope_customers = [
        int(r[0])
        for r in db.execute_sql(
            "SELECT DISTINCT customer_id FROM feedback "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (wanted,),
        ).fetchall()
    ]
    if not scope_customers:
        return result
    conn = db.connection()
    conn.execute(_REASONS_TABLE)
    conn.execute("DELETE FROM _fu_reasons")
    rules = get_rules()
    closed = _close_resolved(today, now, scope_customers, None, rules)
    if rules.complaint:
        _collect_complaints(today, scope_customers, feedback_ids, rules)
    _apply_reasons(now, result)
    conn.execute("DELETE FROM _fu_reasons")
    result.closed = closed.closed
    return result


# --------------------------------------------------------------------------------------------
# Timeline


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event in a customer's history.

    `kind`: order, followup, feedback, note, points, tier. `title` is a short plain summary;
    `detail` holds the entry's own fields for the view to word (and translate).
    """

    when: datetime
    kind: str
    id: int
    title: str
    status: str
    detail: dict[str, Any]


_KIND_RANK = {"order": 0, "points": 1, "tier": 2, "feedback": 3, "followup": 4, "note": 5}
_TIME_COLUMNS = ("created_at", "changed_at", "created", "at", "occurred_at", "date")


def timeline(customer_id: int, *, limit: int | None = None) -> list[TimelineEntry]:
    """Orders, follow-ups, feedback, notes, and (when those tables exist) points entries and
    tier changes of one customer, newest first.

    A follow-up is placed at its done time when done, at its last change when cancelled, else
    at its due time (so upcoming ones lead the list).
    """
    entries: list[TimelineEntry] = []
    for oid, platform, no, ordered, status, paid, refunded, currency, summary in db.execute_sql(
        "SELECT id, platform, order_no, ordered_at, status, paid, refunded, currency, "
        "item_summary FROM orders WHERE customer_id = ?",
        (customer_id,),
    ).fetchall():
        entries.append(
            TimelineEntry(
                _as_dt(ordered), "order", int(oid), f"{platform} {no}", status,
                {"platform": platform, "order_no": no, "paid": paid, "refunded": refunded,
                 "currency": currency, "item_summary": summary},
            )
        )  # fmt: skip
    for r in db.execute_sql(
        f"SELECT {_ROW_COLUMNS}, f.updated_at FROM follow_up f "
        "JOIN customer c ON c.id = f.customer_id WHERE f.customer_id = ?",
        (customer_id,),
    ).fetchall():
        row = _row(r)
        if row.status == DONE and row.done_at is not None:
            when = row.done_at
        elif row.status == CANCELLED:
            when = _as_dt(r[-1])
        else:
            when = row.due
        entries.append(
            TimelineEntry(
                when, "followup", row.id, row.title, row.status,
                {"kind": row.kind, "due": row.due, "outcome": row.outcome, "notes": row.notes,
                 "recurrence": row.recurrence, "automatic": row.automatic},
            )
        )  # fmt: skip
    for (
        fid,
        kind,
        channel,
        rating,
        content,
        status,
        resolution,
        created,
        resolved,
        oid,
    ) in db.execute_sql(
        "SELECT id, kind, channel, rating, content, status, resolution, created_at, "
        "resolved_at, order_id FROM feedback WHERE customer_id = ?",
        (customer_id,),
    ).fetchall():
        entries.append(
            TimelineEntry(
                _as_dt(created), "feedback", int(fid), str(content), status,
                {"kind": kind, "channel": channel, "rating": rating, "resolution": resolution,
                 "resolved_at": _opt_dt(resolved), "order_id": oid},
            )
        )  # fmt: skip
    for nid, created, body in db.execute_sql(
        "SELECT id, created_at, body FROM note WHERE customer_id = ?", (customer_id,)
    ).fetchall():
        entries.append(TimelineEntry(_as_dt(created), "note", int(nid), str(body), "", {}))
    tables = set(db.get_tables())
    for table, kind in (("points_entry", "points"), ("tier_change", "tier")):
        if table in tables:
            entries.extend(_loyalty_entries(table, kind, customer_id))
    entries.sort(key=lambda e: (e.when, -_KIND_RANK[e.kind], e.id), reverse=True)
    return entries[:limit] if limit is not None else entries


def _loyalty_entries(table: str, kind: str, customer_id: int) -> list[TimelineEntry]:
    """Rows of a loyalty table (built in parallel; read by its columns, not its model)."""
    columns = [c.name for c in db.get_columns(table)]
    when_col = next((c for c in _TIME_COLUMNS if c in columns), None)
    if when_col is None or "customer_id" not in columns:
        return []
    cursor = db.execute_sql(f'SELECT * FROM "{table}" WHERE customer_id = ?', (customer_id,))
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        when = _opt_dt(row.get(when_col))
        if when is None:
            continue
        if kind == "points":
            title = f"{row.get('delta', '')} ({row.get('reason', '')})"
        else:
            new = next((row[k] for k in ("to_name", "new_tier", "to_tier") if row.get(k)), "")
            title = f"{new} ({row.get('reason', '')})"
        out.append(TimelineEntry(when, kind, int(row.get("id") or 0), title, "", row))
    return out


# --------------------------------------------------------------------------------------------
# Demo data


_DEMO_TITLES = [
    "回访：使用体验怎么样",
    "提醒上新：玫瑰香型",
    "确认团购数量",
    "节日问候",
    "Send the new catalogue",
    "Ask for a review",
    "补发赠品",
    "Call about the wholesale price",
]
_DEMO_OUTCOMES = ["已回访，很满意", "客户说下月再买", "Left a voicemail", "已发优惠券", ""]
_DEMO_FEEDBACK = {
    "complaint": ["物流太慢了，等了一周", "收到的包装破损", "味道和描述不一样", "客服回复太慢"],
    "praise": ["香味很好闻，会回购", "包装精美，送人很合适", "Lovely soap, fast shipping"],
    "suggestion": ["希望出小样装", "可以加一个无香型吗", "Please offer gift wrapping"],
    "return": ["买错型号，申请退货", "过敏了想退", "Wrong colour, returning it"],
    "inquiry": ["敏感肌能用吗？", "什么时候补货", "Do you ship to Hong Kong?"],
}
_DEMO_CHANNELS = ["旺旺", "phone", "WeChat", "e-mail", "review"]
_DEMO_RESOLUTIONS = ["已补发", "已退款", "已道歉并送优惠券", "Explained and sent a sample"]


def add_demo_activity(
    *, seed: int, today: date, now: datetime, share: float = 0.05
) -> dict[str, int]:
    """Follow-ups and feedback for a sample of customers, the same for the same inputs.

    For the demo generator, after its imports: typed-in follow-ups that are overdue, due
    today, upcoming, snoozed, done (some recurring) and cancelled; feedback of every kind in
    every status (with at least 15 customers); then the automatic rules for everyone.
    Returns counts of what was added.
    """
    rng = random.Random(seed)
    with storage_errors(), db.atomic():
        ids = [int(r[0]) for r in db.execute_sql("SELECT id FROM customer ORDER BY id")]
        if not ids:
            return {"followups": 0, "feedback": 0}
        k = min(len(ids), max(15, int(len(ids) * share)))
        sample = sorted(rng.sample(ids, k))
        last_orders = dict(
            db.execute_sql(
                "SELECT customer_id, max(id) FROM orders WHERE customer_id IS NOT NULL "
                "GROUP BY customer_id"
            ).fetchall()
        )
        followups = []
        for i, cid in enumerate(sample):
            state = i % 7
            offset = {0: -rng.randint(1, 20), 1: 0, 2: rng.randint(1, 7)}.get(
                state, rng.randint(-60, 30)
            )
            due = datetime.combine(today + timedelta(days=offset), time(rng.choice((9, 10, 14))))
            recurrence = rng.choice((NONE, NONE, NONE, WEEKLY, MONTHLY, YEARLY))
            status, done_at, outcome, snoozed = OPEN, None, "", None
            if state == 3:
                status, done_at, outcome = DONE, min(due, now), rng.choice(_DEMO_OUTCOMES)
            elif state == 4:
                status = SNOOZED
                due = snoozed = datetime.combine(
                    today + timedelta(days=rng.randint(1, 7)), due.time()
                )
            elif state == 5:
                status, outcome = CANCELLED, ""
            created = min(due, now) - timedelta(days=rng.randint(1, 30))
            followups.append((
                cid, rng.choice(_DEMO_TITLES), MANUAL, due, status, recurrence,
                due if recurrence != NONE else None, "", outcome, done_at, snoozed, created, now,
            ))  # fmt: skip
        executemany(
            "INSERT INTO follow_up (customer_id, title, kind, due, status, recurrence, anchor, "
            "notes, outcome, done_at, snoozed_until, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            followups,
        )
        kinds = list(_DEMO_FEEDBACK)
        statuses = ["open", "in_progress", "resolved"]
        feedback = []
        for i, cid in enumerate(rng.sample(sample, len(sample))):
            if i < 15:
                kind, status = kinds[i % 5], statuses[(i // 5) % 3]
            else:
                kind = rng.choice(kinds)
                status = rng.choice(["open", "in_progress", "resolved", "resolved", "resolved"])
            rating = {
                "complaint": rng.choice((1, 2, 2, 3, None)),
                "praise": rng.choice((4, 5, 5)),
            }.get(kind, rng.choice((3, 4, 5, None)))
            created = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 600))
            resolved_at, resolution = None, ""
            if status == "resolved":
                resolved_at = min(created + timedelta(hours=rng.randint(1, 96)), now)
                resolution = rng.choice(_DEMO_RESOLUTIONS)
            order_id = last_orders.get(cid) if kind in ("complaint", "return", "praise") else None
            feedback.append((
                cid, order_id, kind, rng.choice(_DEMO_CHANNELS), rating,
                rng.choice(_DEMO_FEEDBACK[kind]), status, resolution, created, created,
                resolved_at,
            ))  # fmt: skip
        executemany(
            "INSERT INTO feedback (customer_id, order_id, kind, channel, rating, content, status, "
            "resolution, created_at, updated_at, resolved_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            feedback,
        )
        db.execute_sql(
            "UPDATE feedback SET order_platform = o.platform, order_no = o.order_no "
            "FROM orders o WHERE o.id = feedback.order_id"
        )
        auto = refresh_automatic(today=today, now=now)
    return {
        "followups": len(followups) + sum(auto.created.values()),
        "feedback": len(feedback),
    }
