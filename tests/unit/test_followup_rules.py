"""Follow-up rules editable in Settings (switches and days), a birthday reminder that follows
the birthday, and a repeating follow-up reopened and done again without a duplicate."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path

import pytest

from desktop_crm.errors import ValidationError
from desktop_crm.models import Customer, Order
from desktop_crm.models.followups import FollowUp
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.followups import FollowUpInput

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)
_seq = count(1)


def customer(name: str = "buyer", birthday: date | None = None) -> int:
    return int(
        Customer.create(display_name=name, birthday=birthday, created_at=NOW, updated_at=NOW).id
    )


def buy(cid: int, days_ago: int, *, completed_days_ago: int | None = None) -> int:
    when = datetime.combine(TODAY - timedelta(days=days_ago), time(12))
    completed = None
    if completed_days_ago is not None:
        completed = datetime.combine(TODAY - timedelta(days=completed_days_ago), time(15))
    return int(
        Order.create(
            platform="taobao", order_no=f"T{next(_seq)}", customer=cid, ordered_at=when,
            status="completed", paid=1000, currency="CNY", completed_at=completed,
        ).id
    )  # fmt: skip


def auto(kind: str | None = None, **where: object) -> list[FollowUp]:
    q = FollowUp.select().where(FollowUp.reason_key.is_null(False))
    if kind:
        q = q.where(FollowUp.kind == kind)
    for k, v in where.items():
        q = q.where(getattr(FollowUp, k) == v)
    return list(q.order_by(FollowUp.id))


def run(today: date = TODAY, now: datetime = NOW) -> fu.AutoResult:
    return fu.refresh_automatic(today=today, now=now)


def set_birthday(cid: int, birthday: date | None) -> None:
    Customer.update(birthday=birthday).where(Customer.id == cid).execute()


def shop() -> dict[str, int]:
    """One open automatic follow-up of every kind, and a done birthday greeting."""
    ids = {
        "birthday": customer("小美", date(1990, 11, 30)),
        "done": customer("阿杰", date(1991, 11, 29)),
    }
    ids["lapsed"] = customer("lapsed")
    buy(ids["lapsed"], 300)
    buy(ids["lapsed"], 200)
    ids["buyer"] = customer("buyer")
    buy(ids["buyer"], 30)
    ids["order"] = buy(ids["buyer"], 5, completed_days_ago=2)
    ids["feedback"] = fb.log_feedback(
        fb.FeedbackInput(ids["buyer"], fb.COMPLAINT, "物流太慢了", rating=2),
        now=NOW - timedelta(days=1),
    )
    run()
    (done,) = auto("birthday", customer=ids["done"])
    fu.complete([done.id], now=NOW, outcome="发了祝福")
    return ids


def states() -> dict[tuple[int, str], tuple[str, datetime, str]]:
    return {(f.customer_id, f.reason_key): (f.status, f.due, f.outcome) for f in auto()}


# ---------------------------------------------------------------------------------- the rules


def test_defaults_are_the_design_rules(db_path: Path) -> None:
    rules = fu.get_rules()
    assert rules == fu.FollowUpRules(
        birthday=True, birthday_days=7, win_back=True, after_sale=True, after_sale_days=3,
        complaint=True, complaint_days=2,
    )  # fmt: skip
    assert fu.DEFAULT_RULES == rules


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"birthday_days": -1}, {"birthday_days": "out_of_range"}),
        ({"birthday_days": 61}, {"birthday_days": "out_of_range"}),
        ({"after_sale_days": 91}, {"after_sale_days": "out_of_range"}),
        ({"complaint_days": "x"}, {"complaint_days": "invalid"}),
        ({"complaint_days": None}, {"complaint_days": "required"}),
        ({"complaint_days": True}, {"complaint_days": "invalid"}),
        ({"win_back": "yes"}, {"win_back": "invalid"}),
        ({"bogus": 1}, {"bogus": "invalid"}),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    db_path: Path, data: dict[str, object], errors: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as err:
        fu.save_rules(data, today=TODAY, now=NOW)
    assert err.value.errors == errors
    assert fu.get_rules() == fu.DEFAULT_RULES


def test_saved_rules_are_read_back(db_path: Path) -> None:
    fu.save_rules({"birthday_days": 0, "win_back": False}, today=TODAY, now=NOW)
    assert fu.get_rules() == fu.FollowUpRules(birthday_days=0, win_back=False)


def test_a_rule_switched_off_withdraws_its_open_ones_and_makes_no_more(db_path: Path) -> None:
    ids = shop()
    before = states()
    fu.snooze([auto("win_back")[0].id], until=TODAY + timedelta(days=2), now=NOW)
    manual = fu.create_followup(
        FollowUpInput(ids["birthday"], "生日礼物", NOW, kind=fu.BIRTHDAY), now=NOW
    )
    result = fu.save_rules(
        {"birthday": False, "win_back": False, "after_sale": False, "complaint": False},
        today=TODAY,
        now=NOW,
    )
    assert result.closed == {"birthday": 1, "win_back": 1, "after_sale": 1, "feedback": 1}
    after = states()
    done_key = (ids["done"], "birthday:2026")
    assert after[done_key] == before[done_key]  # done stays done
    for key, (status_, _due, outcome) in after.items():
        if key != done_key:
            assert (status_, outcome) == ("cancelled", fu.OUTCOME_RULE_OFF)
    assert FollowUp.get_by_id(manual).status == "open"  # typed-in ones are not the rule's
    # Later runs (start-up, imports) make none of them again.
    buy(ids["buyer"], 1, completed_days_ago=0)
    assert run().created == {} and run(TODAY + timedelta(days=5)).created == {}
    fb.log_feedback(fb.FeedbackInput(ids["buyer"], fb.COMPLAINT, "又坏了"), now=NOW)
    assert {f.status for f in auto("feedback")} == {"cancelled"}
    assert fu.counts(TODAY).open == 1  # the typed-in one


def test_a_rule_switched_on_again_brings_them_back_at_once(db_path: Path) -> None:
    ids = shop()
    before = states()
    everything_off = {"birthday": False, "win_back": False, "after_sale": False, "complaint": False}
    fu.save_rules(everything_off, today=TODAY, now=NOW)
    result = fu.save_rules(
        {"birthday": True, "win_back": True, "after_sale": True, "complaint": True},
        today=TODAY,
        now=NOW,
    )
    assert result.reopened == 4
    assert states() == before
    # Switched on for the first time, one is made as after an import.
    fu.save_rules({"complaint": False}, today=TODAY, now=NOW)
    other = fb.log_feedback(fb.FeedbackInput(ids["lapsed"], fb.COMPLAINT, "太贵"), now=NOW)
    assert not auto("feedback", feedback=other)
    assert fu.save_rules({"complaint": True}, today=TODAY, now=NOW).created == {"feedback": 1}
    (made,) = auto("feedback", feedback=other)
    assert (made.status, made.due) == ("open", datetime(2026, 11, 24))


def test_days_changed_move_the_open_ones_only(db_path: Path) -> None:
    ids = shop()
    fu.save_rules({"complaint_days": 5, "after_sale_days": 1}, today=TODAY, now=NOW)
    (check_in,) = auto("after_sale")
    (complaint,) = auto("feedback")
    # Logged 21 Nov + 5 days; completed 20 Nov + 1 day would be yesterday: not made late.
    assert complaint.due == datetime(2026, 11, 26)
    assert check_in.due == datetime(2026, 11, 22)
    fu.save_rules({"after_sale_days": 10}, today=TODAY, now=NOW)
    assert auto("after_sale")[0].due == datetime(2026, 11, 30)
    # Birthday 30 Nov: 3 days ahead is 27 Nov; 14 days ahead would be 16 Nov, before today.
    fu.save_rules({"birthday_days": 3}, today=TODAY, now=NOW)
    assert auto("birthday", customer=ids["birthday"])[0].due == datetime(2026, 11, 27)
    fu.save_rules({"birthday_days": 14}, today=TODAY, now=NOW)
    assert auto("birthday", customer=ids["birthday"])[0].due == datetime(2026, 11, 22)
    # A snoozed one keeps the day the merchant chose; a done one is history.
    (bday,) = auto("birthday", customer=ids["birthday"])
    fu.snooze([bday.id], until=date(2026, 11, 28), now=NOW)
    fu.save_rules({"birthday_days": 1}, today=TODAY, now=NOW)
    assert FollowUp.get_by_id(bday.id).due == datetime(2026, 11, 28)
    (done,) = auto("birthday", customer=ids["done"])
    assert (done.status, done.due) == ("done", datetime(2026, 11, 22))
    # Nothing changes again at the next start-up.
    snapshot = states()
    run()
    assert states() == snapshot


def test_the_rules_drive_every_run(db_path: Path) -> None:
    fu.save_rules(
        {"birthday_days": 0, "after_sale_days": 7, "complaint_days": 4}, today=TODAY, now=NOW
    )
    far = customer("far", date(1990, 12, 1))  # 9 days ahead: outside a 7-day window
    near = customer("near", date(1990, 11, 26))
    cid = customer()
    order = buy(cid, 20, completed_days_ago=17)  # within the 7 + 11 days looked back
    feedback = fb.log_feedback(fb.FeedbackInput(cid, fb.COMPLAINT, "坏了"), now=NOW)
    run()
    assert not auto("birthday", customer=far)
    assert auto("birthday", customer=near)[0].due == datetime(2026, 11, 26)
    assert auto("after_sale", order=order)[0].due == datetime(2026, 11, 12)
    assert auto("feedback", feedback=feedback)[0].due == datetime(2026, 11, 26)


# ---------------------------------------------------------------------------------- birthdays


def test_a_removed_birthday_withdraws_its_open_greeting(db_path: Path) -> None:
    cid = customer("小美", date(1990, 11, 30))
    run()
    (row,) = auto("birthday")
    set_birthday(cid, None)
    assert run().closed == {"birthday": 1}
    row = FollowUp.get_by_id(row.id)
    assert (row.status, row.outcome, row.auto_closed) == (
        "cancelled", fu.OUTCOME_BIRTHDAY_REMOVED, True,
    )  # fmt: skip
    assert fu.count_overdue(TODAY + timedelta(days=30)) == 0
    # Given back, the same greeting returns (not a second one).
    set_birthday(cid, date(1990, 11, 30))
    assert run().reopened == 1
    assert [(f.status, f.due) for f in auto("birthday")] == [("open", datetime(2026, 11, 23))]


def test_a_changed_birthday_moves_its_open_greeting(db_path: Path) -> None:
    cid = customer("小美", date(1990, 11, 30))
    run()
    (row,) = auto("birthday")
    assert row.due == datetime(2026, 11, 23)
    set_birthday(cid, date(1990, 12, 2))
    run()
    assert [(f.reason_key, f.status, f.due) for f in auto("birthday")] == [
        ("birthday:2026", "open", datetime(2026, 11, 25)),
    ]
    # Corrected to an earlier day: due today, not "late" for a day it was never due.
    set_birthday(cid, date(1990, 11, 24))
    run()
    assert [(f.status, f.due) for f in auto("birthday")] == [("open", datetime(2026, 11, 22))]
    # Later runs leave it be.
    run(TODAY + timedelta(days=1), NOW + timedelta(days=1))
    assert [(f.status, f.due) for f in auto("birthday")] == [("open", datetime(2026, 11, 22))]


def test_a_birthday_moved_to_a_day_already_past_or_another_year(db_path: Path) -> None:
    passed = customer("passed", date(1990, 11, 30))
    new_year = customer("new year", date(1990, 12, 30))
    run()  # 22 November: only "passed" has one so far
    set_birthday(passed, date(1990, 11, 10))  # this year's was before the greeting was made
    run()
    (row,) = auto("birthday", customer=passed)
    assert (row.status, row.outcome) == ("cancelled", fu.OUTCOME_BIRTHDAY_CHANGED)
    # 30 December's greeting made on 20 December, then the birthday is set to 2 January:
    # the 2026 greeting goes, the 2027 one comes.
    today, now = date(2026, 12, 20), datetime(2026, 12, 20, 9)
    run(today, now)
    (old,) = auto("birthday", customer=new_year)
    assert old.reason_key == "birthday:2026"
    set_birthday(new_year, date(1991, 1, 2))
    run(today, now)
    rows = auto("birthday", customer=new_year)
    assert [(f.reason_key, f.status, f.due) for f in rows] == [
        ("birthday:2026", "cancelled", old.due),
        ("birthday:2027", "open", datetime(2026, 12, 26)),
    ]


def test_a_done_greeting_stays_done_when_the_birthday_changes(db_path: Path) -> None:
    cid = customer("小美", date(1990, 11, 30))
    run()
    (row,) = auto("birthday")
    fu.complete([row.id], now=NOW, outcome="ok")
    for birthday in (date(1990, 12, 2), None, date(1990, 11, 25)):
        set_birthday(cid, birthday)
        run()
        assert [(f.status, f.due) for f in auto("birthday")] == [("done", datetime(2026, 11, 23))]


def test_a_greeting_is_never_late_before_it_existed(db_path: Path) -> None:
    customer("today", date(1990, 11, 22))
    customer("in 3 days", date(1990, 11, 25))
    run()
    assert [f.due for f in auto("birthday")] == [datetime(2026, 11, 22)] * 2
    assert fu.counts(TODAY).overdue == 0


# ---------------------------------------------------------------------------------- repeating


def _weekly() -> int:
    cid = customer()
    return fu.create_followup(
        FollowUpInput(cid, "每周回访", datetime(2026, 11, 22, 9), recurrence=fu.WEEKLY), now=NOW
    )


def _open_next() -> list[tuple[datetime, str]]:
    return [
        (f.due, f.status) for f in FollowUp.select().where(FollowUp.due > NOW).order_by(FollowUp.id)
    ]


def test_reopening_a_done_repeating_one_takes_back_its_next_occurrence(db_path: Path) -> None:
    fid = _weekly()
    nxt = fu.complete_one(fid, now=NOW)
    assert _open_next() == [(datetime(2026, 11, 29, 9), "open")]
    later = NOW + timedelta(minutes=5)
    assert fu.reopen([fid], now=later).changed == [fid]
    assert not FollowUp.select().where(FollowUp.id == nxt).exists()
    assert FollowUp.get_by_id(fid).status == "open"
    again = fu.complete_one(fid, now=later + timedelta(minutes=1))
    assert _open_next() == [(datetime(2026, 11, 29, 9), "open")]
    assert again is not None and FollowUp.get_by_id(again).due == datetime(2026, 11, 29, 9)


def test_a_next_occurrence_already_acted_on_stays_and_is_not_made_twice(db_path: Path) -> None:
    fid = _weekly()
    nxt = fu.complete_one(fid, now=NOW)
    assert nxt is not None
    fu.snooze([nxt], until=date(2026, 11, 30), now=NOW + timedelta(minutes=1))
    fu.reopen([fid], now=NOW + timedelta(minutes=2))
    assert FollowUp.get_by_id(nxt).status == "snoozed"  # the merchant's own change stays
    result = fu.complete([fid], now=NOW + timedelta(minutes=3))
    assert result.created == [nxt]  # the series already goes on there
    assert _open_next() == [(datetime(2026, 11, 30, 9), "snoozed")]


@pytest.mark.parametrize(
    ("rule", "kind"),
    [("after_sale", "after_sale"), ("complaint", "feedback"), ("win_back", "win_back")],
)
def test_a_snooze_survives_its_rule_switched_off_and_on(
    db_path: Path, rule: str, kind: str
) -> None:
    # Back from the switch, a follow-up the merchant had snoozed to 5 December was open and
    # days late (its rule's own due date): the merchant's choice was lost.
    shop()
    (one,) = auto(kind, status="open")
    fu.snooze([one.id], until=date(2026, 12, 5), now=NOW)
    before = FollowUp.get_by_id(one.id)
    fu.save_rules({rule: False}, today=TODAY, now=NOW)
    fu.save_rules({rule: True}, today=TODAY, now=NOW)
    back = FollowUp.get_by_id(one.id)
    assert (back.status, back.due, back.snoozed_until) == (
        "snoozed",
        before.due,
        before.snoozed_until,
    )
    # A snooze that has run out meanwhile is over: it comes back open (and still owed).
    fu.save_rules({rule: False}, today=TODAY, now=NOW)
    later = datetime(2026, 12, 6, 9)
    fu.save_rules({rule: True}, today=later.date(), now=later)
    assert FollowUp.get_by_id(one.id).status == "open"


def test_switched_off_and_on_brings_back_what_its_window_no_longer_makes(db_path: Path) -> None:
    # A check-in now 16 days after its completion (overdue), and a greeting snoozed past the
    # birthday: the rule's windows would not make them today, so switching the rule on again
    # left them closed "the rule was switched off" for good.
    d0, n0 = date(2026, 3, 1), datetime(2026, 3, 1, 9)
    alice = customer("Alice")
    Order.create(
        platform="taobao", order_no="A1", customer=alice, ordered_at=datetime(2026, 2, 25, 10),
        status="completed", paid=1000, currency="CNY", completed_at=datetime(2026, 2, 27, 10),
    )  # fmt: skip
    bob = customer("Bob", date(1990, 3, 10))
    run(d0, n0)
    (greeting,) = auto("birthday")
    fu.snooze([greeting.id], until=date(2026, 3, 20), now=n0)
    d1, n1 = date(2026, 3, 18), datetime(2026, 3, 18, 9)
    run(d1, n1)
    before = {f.id: (f.status, f.due) for f in auto()}
    assert len(before) == 2 and bob
    fu.save_rules({"after_sale": False, "birthday": False}, today=d1, now=n1)
    assert {f.status for f in auto()} == {"cancelled"}
    fu.save_rules({"after_sale": True, "birthday": True}, today=d1, now=n1)
    assert {f.id: (f.status, f.due) for f in auto()} == before


def test_a_greeting_due_the_merchant_set_stays_until_the_birthday_changes(db_path: Path) -> None:
    # Every refresh (start-up, import, any customer edit) put an open greeting back on the
    # rule's day, undoing the day the merchant had typed in.
    cid = customer("小美", date(1990, 12, 2))
    run()
    (greeting,) = auto("birthday")
    FollowUp.update(due=datetime(2026, 11, 28, 10), updated_at=NOW + timedelta(minutes=5)).where(
        FollowUp.id == greeting.id
    ).execute()
    later = NOW + timedelta(hours=2)
    run(TODAY, later)
    assert FollowUp.get_by_id(greeting.id).due == datetime(2026, 11, 28, 10)
    # The birthday corrected afterwards: the greeting follows the new day again.
    Customer.update(birthday=date(1990, 12, 4), updated_at=later + timedelta(minutes=1)).where(
        Customer.id == cid
    ).execute()
    run(TODAY, later + timedelta(minutes=2))
    assert FollowUp.get_by_id(greeting.id).due == datetime(2026, 11, 27)
