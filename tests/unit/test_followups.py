"""Follow-ups: typed-in ones, recurrence, snooze, bulk actions, lists, Today, timeline, demo."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from itertools import count
from pathlib import Path

import pytest

from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.models import Customer, Note, Order
from desktop_crm.models.followups import FollowUp
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.followups import FollowUpFilter, FollowUpInput

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)
_seq = count(1)


def customer(name: str = "buyer", birthday: date | None = None) -> int:
    return int(
        Customer.create(display_name=name, birthday=birthday, created_at=NOW, updated_at=NOW).id
    )


def order(
    cid: int, when: datetime, status: str = "completed", completed: bool = False, no: str = ""
) -> int:
    return int(
        Order.create(
            platform="taobao", order_no=no or str(next(_seq)), customer=cid, ordered_at=when,
            status=status, paid=1000, currency="CNY",
            completed_at=when + timedelta(days=1) if completed else None,
        ).id
    )  # fmt: skip


def new(cid: int, due: datetime, title: str = "回访", **kw: object) -> int:
    return fu.create_followup(FollowUpInput(cid, title, due, **kw), now=NOW)  # type: ignore[arg-type]


def status(fid: int) -> str:
    return str(FollowUp.get_by_id(fid).status)


# ---------------------------------------------------------------------------------- forms


def test_create_validates_and_needs_a_customer(db_path: Path) -> None:
    cid = customer()
    with pytest.raises(ValidationError) as err:
        fu.create_followup(
            FollowUpInput(cid, "  ", NOW, kind="x", recurrence="daily", notes="n" * 20001), now=NOW
        )
    assert err.value.errors == {
        "title": "required", "kind": "invalid", "recurrence": "invalid", "notes": "too_long",
    }  # fmt: skip
    with pytest.raises(ValidationError) as err:
        fu.create_followup(FollowUpInput(cid, "x", TODAY), now=NOW)  # type: ignore[arg-type]
    assert err.value.errors == {"due": "invalid"}
    with pytest.raises(NotFound):
        new(9999, NOW)
    fid = new(cid, NOW + timedelta(days=1), " 回访 ", notes="问问香型")
    row = fu.get_followup(fid)
    assert (row.title, row.kind, row.status, row.notes, row.automatic) == (
        "回访", "manual", "open", "问问香型", False,
    )  # fmt: skip


def test_edit_restarts_the_series_and_keeps_the_customer(db_path: Path) -> None:
    cid = customer()
    fid = new(cid, datetime(2027, 1, 31, 9), recurrence="monthly")
    fu.update_followup(
        fid, FollowUpInput(cid, "新标题", datetime(2027, 3, 15, 9), recurrence="monthly"), now=NOW
    )
    row = FollowUp.get_by_id(fid)
    assert (row.title, row.anchor) == ("新标题", datetime(2027, 3, 15, 9))
    with pytest.raises(ValidationError) as err:
        fu.update_followup(fid, FollowUpInput(customer(), "x", NOW), now=NOW)
    assert err.value.errors == {"customer_id": "cannot_change"}
    with pytest.raises(NotFound):
        fu.update_followup(4242, FollowUpInput(cid, "x", NOW), now=NOW)


# ---------------------------------------------------------------------------------- recurrence


def test_add_months_clamps_month_ends() -> None:
    assert fu.add_months(datetime(2027, 1, 31, 9), 1) == datetime(2027, 2, 28, 9)
    assert fu.add_months(datetime(2028, 1, 31, 9), 1) == datetime(2028, 2, 29, 9)
    assert fu.add_months(datetime(2026, 12, 15), 1) == datetime(2027, 1, 15)
    assert fu.add_months(datetime(2028, 2, 29), 12) == datetime(2029, 2, 28)


def test_monthly_from_january_31_without_drift(db_path: Path) -> None:
    cid = customer()
    fid = new(cid, datetime(2027, 1, 31, 9), recurrence="monthly")
    dues = []
    for _ in range(4):
        nxt = fu.complete_one(fid, now=NOW, outcome="打过电话")
        assert nxt is not None
        dues.append(FollowUp.get_by_id(nxt).due)
        fid = nxt
    assert dues == [
        datetime(2027, 2, 28, 9), datetime(2027, 3, 31, 9), datetime(2027, 4, 30, 9),
        datetime(2027, 5, 31, 9),
    ]  # fmt: skip
    leap = new(cid, datetime(2028, 1, 31, 9), recurrence="monthly")
    assert FollowUp.get_by_id(fu.complete_one(leap, now=NOW)).due == datetime(2028, 2, 29, 9)


def test_weekly_and_yearly(db_path: Path) -> None:
    cid = customer()
    weekly = new(cid, datetime(2026, 11, 20, 9), recurrence="weekly")
    assert FollowUp.get_by_id(fu.complete_one(weekly, now=NOW)).due == datetime(2026, 11, 27, 9)
    yearly = new(cid, datetime(2028, 2, 29), recurrence="yearly")
    nxt = fu.complete_one(yearly, now=NOW)
    assert FollowUp.get_by_id(nxt).due == datetime(2029, 2, 28)
    assert fu.next_occurrence(datetime(2028, 2, 29), "yearly", datetime(2031, 2, 28)) == datetime(
        2032, 2, 29
    )


def test_a_due_time_with_an_offset_is_stored_as_local_time(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DESIGN §2: times are naive local time. Stored with its offset, the due time could not be
    # compared with the others and Mark done on the repeating follow-up failed.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        cid = customer()
        tokyo = timezone(timedelta(hours=9))
        fid = new(cid, datetime(2026, 11, 25, 10, 0, 0, 500, tzinfo=tokyo), recurrence="weekly")
        assert FollowUp.get_by_id(fid).due == datetime(2026, 11, 25, 9)
        fu.update_followup(
            fid,
            FollowUpInput(
                cid, "call", datetime(2026, 11, 26, 10, tzinfo=tokyo), recurrence="weekly"
            ),
            now=NOW,
        )
        assert FollowUp.get_by_id(fid).due == datetime(2026, 11, 26, 9)
        assert fu.customers_with_active("call", datetime(2026, 11, 26, 10, tzinfo=tokyo)) == {cid}
        nxt = fu.complete_one(fid, now=NOW)
        assert FollowUp.get_by_id(nxt).due == datetime(2026, 12, 3, 9)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_completing_records_outcome_and_the_next_occurrence_keeps_its_fields(
    db_path: Path,
) -> None:
    cid = customer()
    fid = new(cid, datetime(2026, 11, 20, 9), "月度回访", recurrence="monthly", notes="VIP")
    nxt = fu.complete_one(fid, now=NOW, outcome=" 客户很满意 ")
    done = FollowUp.get_by_id(fid)
    assert (done.status, done.done_at, done.outcome) == ("done", NOW, "客户很满意")
    row = FollowUp.get_by_id(nxt)
    assert (row.title, row.notes, row.recurrence, row.status, row.due) == (
        "月度回访", "VIP", "monthly", "open", datetime(2026, 12, 20, 9),
    )  # fmt: skip
    # Completing again changes nothing and creates nothing.
    assert fu.complete([fid], now=NOW).changed == []
    single = new(cid, NOW)
    assert fu.complete_one(single, now=NOW) is None


def test_a_snoozed_recurring_one_continues_on_its_schedule(db_path: Path) -> None:
    cid = customer()
    fid = new(cid, datetime(2026, 11, 22, 9), recurrence="monthly")
    fu.snooze([fid], until=date(2026, 11, 25), now=NOW)
    nxt = fu.complete_one(fid, now=NOW)
    assert FollowUp.get_by_id(nxt).due == datetime(2026, 12, 22, 9)


def test_an_overdue_repeating_one_continues_after_today(db_path: Path) -> None:
    # Weekly due 3 November, done on 23 November: the next is 24 November, not 10 November
    # (which would need D pressed three more times). Day and time follow the series' anchor.
    cid = customer()
    late = datetime(2026, 11, 23, 10)
    weekly = new(cid, datetime(2026, 11, 3, 14), recurrence="weekly")
    assert FollowUp.get_by_id(fu.complete_one(weekly, now=late)).due == datetime(2026, 11, 24, 14)
    # Today's own occurrence counts as done too: the next one is after today.
    monday = new(cid, datetime(2026, 11, 16, 14), recurrence="weekly")
    assert FollowUp.get_by_id(fu.complete_one(monday, now=late)).due == datetime(2026, 11, 30, 14)
    monthly = new(cid, datetime(2026, 8, 31, 9), recurrence="monthly")
    nxt = fu.complete_one(monthly, now=late)
    assert FollowUp.get_by_id(nxt).due == datetime(2026, 11, 30, 9)
    assert FollowUp.get_by_id(fu.complete_one(nxt, now=late)).due == datetime(2026, 12, 31, 9)
    # Done early, an occurrence still leads to the one after it.
    early = new(cid, datetime(2026, 12, 10, 9), recurrence="weekly")
    assert FollowUp.get_by_id(fu.complete_one(early, now=late)).due == datetime(2026, 12, 17, 9)


def test_a_snoozed_repeating_one_continues_from_its_anchor(db_path: Path) -> None:
    # Weekly due 3 November 14:00, snoozed a week on 23 November: the snoozed day (30 Nov) is
    # not part of the series; Done leads to the series' next date after today, 24 November.
    cid = customer()
    late = datetime(2026, 11, 23, 10)
    weekly = new(cid, datetime(2026, 11, 3, 14), recurrence="weekly")
    fu.snooze([weekly], until=fu.snooze_until("1w", late.date()), now=late)
    assert FollowUp.get_by_id(weekly).due == datetime(2026, 11, 30, 14)
    assert FollowUp.get_by_id(fu.complete_one(weekly, now=late)).due == datetime(2026, 11, 24, 14)


def test_a_snoozed_occurrence_done_early_leads_past_its_own_date(db_path: Path) -> None:
    # Monthly from 1 Nov; the 1 Dec occurrence is put off to 2 Dec, then done early on 24 Nov.
    # It was 1 Dec's occurrence: the next is 1 Jan, as without the snooze, not 1 Dec again.
    cid = customer()
    first = new(cid, datetime(2026, 11, 1, 9), "补货回访", recurrence="monthly")
    dec1 = fu.complete_one(first, now=datetime(2026, 11, 20, 10))
    assert dec1 is not None and FollowUp.get_by_id(dec1).due == datetime(2026, 12, 1, 9)
    fu.snooze([dec1], until=date(2026, 12, 2), now=datetime(2026, 11, 23, 10))
    fu.snooze([dec1], until=date(2026, 12, 5), now=datetime(2026, 11, 23, 11))  # twice
    nxt = fu.complete_one(dec1, now=datetime(2026, 11, 24, 10))
    assert nxt is not None and FollowUp.get_by_id(nxt).due == datetime(2027, 1, 1, 9)
    # An edited due date restarts the series from it (the snooze's day no longer matters).
    fu.snooze([nxt], until=date(2026, 12, 28), now=datetime(2026, 11, 24, 11))
    fu.update_followup(
        nxt,
        FollowUpInput(cid, "补货回访", datetime(2026, 12, 15, 9), recurrence="monthly"),
        now=datetime(2026, 11, 24, 12),
    )
    after = fu.complete_one(nxt, now=datetime(2026, 11, 25, 10))
    assert after is not None and FollowUp.get_by_id(after).due == datetime(2027, 1, 15, 9)


def test_a_series_at_the_end_of_the_calendar_ends_when_done(db_path: Path) -> None:
    cid = customer()
    for recurrence in ("weekly", "monthly", "yearly"):
        fid = new(cid, datetime(9999, 12, 30, 9), recurrence=recurrence)
        result = fu.complete([fid], now=NOW, outcome="ok")
        assert (result.changed, result.created, result.ended) == ([fid], [], [fid])
        assert status(fid) == "done"
        again = new(cid, datetime(9999, 12, 30), recurrence=recurrence)
        assert fu.complete_one(again, now=NOW) is None
    last = datetime(9999, 12, 31, 23, 59)
    assert fu.next_occurrence(datetime(9999, 12, 30), "weekly", last) is None
    assert fu.next_occurrence(datetime(9999, 1, 31), "monthly", datetime(9999, 12, 1)) == (
        datetime(9999, 12, 31)
    )
    with pytest.raises(ValidationError):
        fu.add_months(datetime(9999, 12, 1), 1)
    # A series with dates left goes on as before.
    fid = new(cid, datetime(9999, 12, 1, 9), recurrence="weekly")
    assert fu.complete([fid], now=NOW).ended == []


# ---------------------------------------------------------------------------------- snooze etc.


def test_snooze_options_and_dates(db_path: Path) -> None:
    assert fu.snooze_until("1d", TODAY) == date(2026, 11, 23)
    assert fu.snooze_until("3d", TODAY) == date(2026, 11, 25)
    assert fu.snooze_until("1w", TODAY) == date(2026, 11, 29)
    with pytest.raises(ValidationError):
        fu.snooze_until("2y", TODAY)
    cid = customer()
    fid = new(cid, datetime(2026, 11, 20, 14, 15))
    fu.snooze([fid], until=fu.snooze_until("3d", TODAY), now=NOW)
    row = FollowUp.get_by_id(fid)
    assert (row.status, row.due, row.snoozed_until) == (
        "snoozed", datetime(2026, 11, 25, 14, 15), datetime(2026, 11, 25, 14, 15),
    )  # fmt: skip
    assert fu.counts(TODAY).overdue == 0 and fu.counts(TODAY).next_7_days == 1
    fu.snooze([fid], until=date(2026, 12, 24), now=NOW)  # a date; snoozed again
    assert FollowUp.get_by_id(fid).due == datetime(2026, 12, 24, 14, 15)
    with pytest.raises(ValidationError) as err:
        fu.snooze([fid], until=date(2026, 11, 21), now=NOW)
    assert err.value.errors == {"until": "in_past"}


def test_cancel_and_reopen(db_path: Path) -> None:
    cid = customer()
    a, b = new(cid, NOW), new(cid, NOW)
    fu.complete([a], now=NOW, outcome="ok")
    fu.cancel([b], now=NOW, outcome="不需要了")
    assert (status(a), status(b), FollowUp.get_by_id(b).outcome) == (
        "done",
        "cancelled",
        "不需要了",
    )
    assert fu.reopen([a, b], now=NOW).changed == [a, b]
    assert (status(a), status(b)) == ("open", "open")
    assert FollowUp.get_by_id(a).done_at is None
    # Open again, it has no outcome yet (the timeline showed the old one as if it still held).
    assert (FollowUp.get_by_id(a).outcome, FollowUp.get_by_id(b).outcome) == ("", "")
    assert fu.delete_followups([a]) == 1 and not FollowUp.select().where(FollowUp.id == a).exists()


def test_bulk_actions_are_one_transaction_and_skip_closed_ones(db_path: Path) -> None:
    cid = customer()
    ids = [new(cid, NOW + timedelta(hours=i)) for i in range(5)]
    fu.complete([ids[0]], now=NOW)
    r = fu.snooze(ids, until=date(2026, 11, 30), now=NOW)
    assert r.changed == ids[1:]
    r = fu.complete([*ids, 777], now=NOW, outcome="群发了优惠券")
    assert r.changed == ids[1:] and r.created == []
    assert {status(i) for i in ids} == {"done"}
    more = [new(cid, NOW) for _ in range(3)]
    assert fu.cancel(more, now=NOW).changed == more
    # All or nothing: a failure inside the transaction leaves every row as it was.
    recurring = new(cid, NOW, recurrence="weekly")
    with db.atomic() as txn:
        fu.complete([recurring], now=NOW)
        txn.rollback()
    assert status(recurring) == "open" and FollowUp.select().count() == 9


def test_done_together_or_one_after_the_other_gives_one_next_date(tmp_path: Path) -> None:
    # Weekly from 17 Nov. Done on 24 Nov (next: 1 Dec), that one snoozed to 3 Dec (so a
    # Reopen keeps it), the first one reopened: two open parts of one series. Done on both,
    # in one bulk action or one by one in either order, leaves one next date: 8 Dec, the one
    # after the 1 Dec occurrence just done early.
    def open_parts(done: Callable[[int, int], None]) -> list[datetime]:
        close_database()
        open_database(tmp_path / f"{next(_seq)}.db")
        cid = customer()
        first = new(cid, datetime(2026, 11, 17, 9), "周回访", recurrence="weekly")
        now = datetime(2026, 11, 24, 11)
        second = fu.complete_one(first, now=now)
        assert second is not None
        fu.snooze([second], until=date(2026, 12, 3), now=now + timedelta(minutes=1))
        fu.reopen([first], now=now + timedelta(minutes=2))
        done(first, second)
        active = FollowUp.select().where(FollowUp.status.in_(fu.ACTIVE)).order_by(FollowUp.due)
        return [f.due for f in active]

    later = datetime(2026, 11, 24, 11, 3)
    together = open_parts(lambda a, b: fu.complete([a, b], now=later))
    in_order = open_parts(lambda a, b: [fu.complete([i], now=later) for i in (a, b)])
    backwards = open_parts(lambda a, b: [fu.complete([i], now=later) for i in (b, a)])
    close_database()
    assert together == in_order == backwards == [datetime(2026, 12, 8, 9)]


# ---------------------------------------------------------------------------------- lists


def test_list_filters_sorts_and_rows(db_path: Path) -> None:
    a, b = customer("阿花"), customer("Bob")
    f1 = new(a, datetime(2026, 11, 20, 9), "寄样品")
    f2 = new(b, datetime(2026, 11, 25, 9), "Call back")
    f3 = new(a, datetime(2026, 12, 1, 9), "问评价", kind="after_sale")
    fu.complete([f2], now=NOW)
    assert fu.list_ids(FollowUpFilter()) == [f1, f2, f3]
    assert fu.list_ids(FollowUpFilter(), descending=True) == [f3, f2, f1]
    assert fu.list_ids(FollowUpFilter(statuses=fu.ACTIVE)) == [f1, f3]
    assert fu.list_ids(FollowUpFilter(kinds=("after_sale",))) == [f3]
    assert fu.list_ids(FollowUpFilter(customer_id=a)) == [f1, f3]
    assert fu.list_ids(FollowUpFilter(due_from=date(2026, 11, 21), due_to=date(2026, 11, 25))) == [
        f2
    ]
    assert fu.list_ids(FollowUpFilter(text="bob")) == [f2]
    assert fu.list_ids(FollowUpFilter(text="样品")) == [f1]
    assert fu.list_ids(FollowUpFilter(text="Call\0back")) == [f2]  # a NUL separates, like a space
    pct = new(b, datetime(2026, 12, 2, 9), "满100减50%")
    assert fu.list_ids(FollowUpFilter(text="%")) == [pct]  # wildcards match themselves
    assert fu.list_ids(FollowUpFilter(text="_")) == []
    fu.delete_followups([pct])
    assert fu.list_ids(FollowUpFilter(), sort="customer") == [f2, f1, f3]
    assert fu.list_ids(FollowUpFilter(automatic=True)) == []
    assert fu.count(FollowUpFilter(customer_id=a)) == 2
    rows = fu.fetch_rows([f3, f1, 12345])
    assert set(rows) == {f1, f3}
    assert (rows[f3].customer_name, rows[f3].kind, rows[f3].due) == (
        "阿花", "after_sale", datetime(2026, 12, 1, 9),
    )  # fmt: skip


def test_search_finds_rule_made_titles_as_the_list_shows_them(db_path: Path) -> None:
    # The list shows a rule-made follow-up's title in the user's language (生日祝福) while the
    # rule stored it in English: searching the words on screen found nothing.
    wang = customer("王芳", birthday=date(1990, 11, 27))
    no = "7300000000000000001"
    order(wang, NOW - timedelta(days=2), completed=True, no=no)
    fu.refresh_automatic(today=TODAY, now=NOW)
    birthday = fu.list_ids(FollowUpFilter(kinds=(fu.BIRTHDAY,)))
    after_sale = fu.list_ids(FollowUpFilter(kinds=(fu.AFTER_SALE,)))
    assert len(birthday) == len(after_sale) == 1
    typed = new(wang, NOW + timedelta(days=1), "Birthday greeting for her mother")
    shown = ((fu.BIRTHDAY, "生日祝福"), (fu.AFTER_SALE, "售后回访"), (fu.WIN_BACK, "Win back"))

    def found(text: str, titles: tuple[tuple[str, str], ...] = shown) -> list[int]:
        flt = FollowUpFilter(text=text, shown_titles=titles)
        assert fu.count(flt) == len(fu.list_ids(flt))
        return fu.list_ids(flt)

    assert found("生日") == birthday
    assert found("祝福 王芳") == birthday  # one word in the title, one in the name
    assert found(f"售后回访: {no}") == after_sale  # the translated words and the number
    assert found("回访") == after_sale
    assert found("访:") == after_sale  # the end of the wording, then the stored rest
    # The stored English still matches; a typed-in title is shown, and found, as typed.
    assert found("Birthday") == [*birthday, typed]
    assert found("生日", ()) == []
    # A translation is searched as text: its % and _ match themselves.
    assert found("%", ((fu.BIRTHDAY, "100%"),)) == birthday
    assert found("_", ((fu.BIRTHDAY, "100%"),)) == []


def test_counts_and_today_buckets(db_path: Path) -> None:
    cid = customer("小王")
    overdue = new(cid, datetime(2026, 11, 21, 23, 59))
    today_early = new(cid, datetime(2026, 11, 22, 0, 0))
    today_late = new(cid, datetime(2026, 11, 22, 23, 59))
    week_end = new(cid, datetime(2026, 11, 29, 23, 0))
    new(cid, datetime(2026, 11, 30, 0, 0))  # 8 days ahead: not on Today
    done = new(cid, datetime(2026, 11, 1))
    fu.complete([done], now=NOW)
    c = fu.counts(TODAY)
    assert (c.open, c.overdue, c.due_today, c.next_7_days, c.snoozed) == (5, 1, 2, 1, 0)
    assert (fu.count_open(), fu.count_overdue(TODAY)) == (5, 1)
    data = fu.today_data(TODAY)
    assert data.counts == {"overdue": 1, "today": 2, "next_7_days": 1}
    assert [r.followup.id for r in data.group("today", "manual").rows] == [today_early, today_late]
    assert data.group("overdue", "manual").rows[0].followup.id == overdue
    assert data.group("next_7_days", "manual").rows[0].followup.customer_name == "小王"
    assert data.group("next_7_days", "manual").rows[0].followup.id == week_end


def test_today_groups_by_kind_with_a_limit_and_why(db_path: Path) -> None:
    cid = customer("寿星", birthday=date(1990, 11, 29))
    for i in range(5):
        new(cid, datetime(2026, 11, 10 + i, 9), f"old {i}")
    fu.generate_automatic(today=TODAY, now=NOW)  # the birthday one: due 22 Nov
    data = fu.today_data(TODAY, limit=3)
    manual = data.group("overdue", "manual")
    assert manual.total == 5 and [r.followup.title for r in manual.rows] == [
        "old 0", "old 1", "old 2",
    ]  # fmt: skip
    (bday,) = data.group("today", "birthday").rows
    assert bday.why == fu.BirthdayWhy(date(1990, 11, 29), date(2026, 11, 29), 36)
    assert [(g.bucket, g.kind) for g in data.groups] == [
        ("overdue", "manual"),
        ("today", "birthday"),
    ]
    # Snoozed past the birthday, it still names that birthday.
    fu.snooze([bday.followup.id], until=date(2026, 12, 3), now=NOW)
    row = fu.get_followup(bday.followup.id)
    assert fu.why_many([row], TODAY)[row.id].next_birthday == date(2026, 11, 29)


def test_today_rows_are_limited_per_group_totals_are_not(db_path: Path) -> None:
    with db.atomic():
        ids = [customer(f"c{i}") for i in range(300)]
        rows = [
            (cid, "t", "manual", datetime(2026, 11, 15) + timedelta(hours=i), NOW, NOW)
            for i, cid in enumerate(ids)
        ]
        db.connection().executemany(
            "INSERT INTO follow_up (customer_id, title, kind, due, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?)",
            rows,
        )
    data = fu.today_data(TODAY, limit=50)
    assert sum(len(g.rows) for g in data.groups) <= 3 * 50
    assert data.counts["overdue"] + data.counts["today"] + data.counts["next_7_days"] == 300


# ---------------------------------------------------------------------------------- timeline


def test_timeline_newest_first_with_loyalty_tables_when_present(db_path: Path) -> None:
    cid = customer()
    order(cid, datetime(2026, 1, 5, 10))
    order(cid, datetime(2026, 6, 1, 10), status="refunded")
    Note.create(customer=cid, created_at=datetime(2026, 3, 1, 8), body="喜欢玫瑰")
    done = new(cid, datetime(2026, 2, 1, 9), "回访")
    fu.complete([done], now=datetime(2026, 2, 2, 9))
    new(cid, datetime(2026, 12, 1, 9), "上新提醒")
    fb.log_feedback(
        fb.FeedbackInput(cid, "praise", "很好用", rating=5), now=datetime(2026, 4, 1, 9)
    )
    kinds = [(e.kind, e.when) for e in fu.timeline(cid)]
    assert kinds == [
        ("followup", datetime(2026, 12, 1, 9)),
        ("order", datetime(2026, 6, 1, 10)),
        ("feedback", datetime(2026, 4, 1, 9)),
        ("note", datetime(2026, 3, 1, 8)),
        ("followup", datetime(2026, 2, 2, 9)),
        ("order", datetime(2026, 1, 5, 10)),
    ]
    # The loyalty tables (migration 0003, built in parallel) join in when they exist.
    tables = set(db.get_tables())
    if "points_entry" not in tables:
        db.execute_sql(
            "CREATE TABLE points_entry (id INTEGER PRIMARY KEY, customer_id INTEGER, "
            "delta INTEGER, reason TEXT, created_at DATETIME)"
        )
    if "tier_change" not in tables:
        db.execute_sql(
            "CREATE TABLE tier_change (id INTEGER PRIMARY KEY, customer_id INTEGER, "
            "to_name TEXT, reason TEXT, changed_at DATETIME)"
        )
    db.execute_sql(
        "INSERT INTO points_entry (customer_id, delta, reason, created_at) "
        "VALUES (?, 10, 'earn', '2026-01-05 10:00:00')",
        (cid,),
    )
    db.execute_sql(
        "INSERT INTO tier_change (customer_id, to_name, reason, changed_at) "
        "VALUES (?, 'Silver', 'spend', '2026-05-01 00:00:00')",
        (cid,),
    )
    entries = fu.timeline(cid)
    assert [e.kind for e in entries] == [
        "followup", "order", "tier", "feedback", "note", "followup", "order", "points",
    ]  # fmt: skip
    assert entries[2].title == "Silver (spend)" and entries[-1].detail["delta"] == 10
    assert [e.kind for e in fu.timeline(cid, limit=2)] == ["followup", "order"]


# ---------------------------------------------------------------------------------- demo


def _demo_snapshot() -> tuple[list[tuple], list[tuple]]:
    f = db.execute_sql(
        "SELECT customer_id, title, kind, due, status, recurrence, outcome, reason_key "
        "FROM follow_up ORDER BY id"
    ).fetchall()
    b = db.execute_sql(
        "SELECT customer_id, kind, channel, rating, content, status, resolved_at "
        "FROM feedback ORDER BY id"
    ).fetchall()
    return f, b


def test_demo_activity_is_deterministic_and_covers_every_state(tmp_path: Path) -> None:
    snaps = []
    for name in ("a.db", "b.db"):
        open_database(tmp_path / name)
        with db.atomic():
            for i in range(40):
                cid = customer(f"c{i}", birthday=date(1990, 11, 25) if i % 4 == 0 else None)
                order(cid, datetime(2026, 3, 1) + timedelta(days=i), completed=True, no=f"{i}a")
                order(cid, datetime(2026, 6, 1) + timedelta(days=i), completed=True, no=f"{i}b")
                if i % 5 == 0:
                    order(cid, datetime(2026, 11, 12), completed=True, no=f"{i}c")
        counts = fu.add_demo_activity(seed=3, today=TODAY, now=NOW, share=0.5)
        snaps.append(_demo_snapshot())
        states = {(k, s) for k, s in db.execute_sql("SELECT DISTINCT kind, status FROM feedback")}
        assert states == {(k, s) for k in fb.KINDS for s in fb.STATUSES}
        kinds = {r[0] for r in db.execute_sql("SELECT DISTINCT kind FROM follow_up")}
        assert kinds == set(fu.KINDS)
        c = fu.counts(TODAY)
        assert c.overdue and c.due_today and c.next_7_days and c.snoozed
        assert FollowUp.select().where(FollowUp.status == "done").count()
        assert counts["feedback"] == 20
        close_database()
    assert snaps[0] == snaps[1]
