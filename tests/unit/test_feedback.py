"""The feedback log: validation, status changes, lists, and the satisfaction arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_crm.db import db
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.models import Customer, Order
from desktop_crm.models.followups import Feedback
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.feedback import FeedbackFilter, FeedbackInput

NOW = datetime(2026, 11, 22, 10, 30)


def customer(name: str = "buyer") -> int:
    return int(Customer.create(display_name=name, created_at=NOW, updated_at=NOW).id)


def order(cid: int, no: str = "1") -> int:
    return int(
        Order.create(
            platform="taobao", order_no=no, customer=cid, ordered_at=NOW, status="completed"
        ).id
    )


def log(cid: int, kind: str = "praise", rating: int | None = None, at: datetime = NOW, **kw) -> int:
    return fb.log_feedback(
        FeedbackInput(cid, kind, kw.pop("content", "内容"), rating=rating, **kw), now=at
    )


def test_validation_codes(db_path: Path) -> None:
    cid = customer()
    with pytest.raises(ValidationError) as err:
        fb.log_feedback(FeedbackInput(cid, "rant", "  ", channel="x" * 101, rating=6), now=NOW)
    assert err.value.errors == {
        "kind": "invalid", "content": "required", "channel": "too_long", "rating": "rating_range",
    }  # fmt: skip
    for bad in (0, True, 4.5):
        with pytest.raises(ValidationError):
            fb.log_feedback(FeedbackInput(cid, "praise", "ok", rating=bad), now=NOW)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        log(9999)
    other = customer("other")
    with pytest.raises(ValidationError) as err:
        log(cid, order_id=order(other))
    assert err.value.errors == {"order_id": "order_other_customer"}
    assert Feedback.select().count() == 0


def test_log_edit_and_status_changes(db_path: Path) -> None:
    cid = customer("阿花")
    oid = order(cid, "2039")
    fid = log(cid, "return", 3, channel=" 旺旺 ", order_id=oid, content=" 尺码不对 ")
    row = fb.get_feedback(fid)
    assert (row.kind, row.rating, row.channel, row.content, row.status, row.order_no) == (
        "return", 3, "旺旺", "尺码不对", "open", "2039",
    )  # fmt: skip
    later = NOW + timedelta(hours=30)
    fb.update_feedback(
        fid, FeedbackInput(cid, "complaint", "尺码不对，还很慢", rating=2), now=later
    )
    fb.start(fid, now=later)
    assert fb.get_feedback(fid).status == "in_progress"
    fb.resolve(fid, "已退款", now=later)
    row = fb.get_feedback(fid)
    assert (row.kind, row.status, row.resolution, row.resolved_at, row.order_id) == (
        "complaint", "resolved", "已退款", later, None,
    )  # fmt: skip
    fb.set_status(fid, "resolved", now=later + timedelta(days=1))  # keeps the first time
    assert fb.get_feedback(fid).resolved_at == later
    fb.reopen(fid, now=later)
    row = fb.get_feedback(fid)
    assert (row.status, row.resolved_at, row.resolution) == ("open", None, "")
    with pytest.raises(ValidationError):
        fb.set_status(fid, "closed", now=NOW)
    with pytest.raises(NotFound):
        fb.set_status(4242, "resolved", now=NOW)
    with pytest.raises(ValidationError) as err:
        fb.update_feedback(fid, FeedbackInput(customer(), "praise", "x"), now=NOW)
    assert err.value.errors == {"customer_id": "cannot_change"}
    fb.delete_feedback(fid, now=NOW)
    with pytest.raises(NotFound):
        fb.get_feedback(fid)


def test_list_filters_and_rows(db_path: Path) -> None:
    a, b = customer("阿花"), customer("Bob")
    f1 = log(a, "complaint", 1, at=datetime(2026, 10, 1, 9), content="物流慢")
    f2 = log(b, "praise", 5, at=datetime(2026, 10, 15, 9), content="very nice")
    f3 = log(a, "inquiry", None, at=datetime(2026, 11, 2, 9), content="敏感肌能用吗")
    fb.resolve(f1, "道歉并补发", now=NOW)
    assert fb.list_ids(FeedbackFilter()) == [f3, f2, f1]
    assert fb.list_ids(FeedbackFilter(), descending=False) == [f1, f2, f3]
    assert fb.list_ids(FeedbackFilter(kinds=("complaint", "praise"))) == [f2, f1]
    assert fb.list_ids(FeedbackFilter(statuses=fb.UNRESOLVED)) == [f3, f2]
    assert fb.list_ids(FeedbackFilter(ratings=(5,))) == [f2]
    assert fb.list_ids(FeedbackFilter(ratings=(0, 1))) == [f3, f1]
    assert fb.list_ids(FeedbackFilter(customer_id=a)) == [f3, f1]
    assert fb.list_ids(FeedbackFilter(date_from=date(2026, 10, 2), date_to=date(2026, 11, 2))) == [
        f3, f2,
    ]  # fmt: skip
    assert fb.list_ids(FeedbackFilter(text="补发")) == [f1]
    assert fb.list_ids(FeedbackFilter(text="补\0发")) == [f1]  # a NUL separates, like a space
    assert fb.list_ids(FeedbackFilter(text="bob")) == [f2]
    assert fb.list_ids(FeedbackFilter(), sort="rating", descending=True) == [f2, f1, f3]
    assert fb.count(FeedbackFilter(customer_id=a)) == 2 and fb.count_open() == 2
    rows = fb.fetch_rows([f1, f2, 999])
    assert set(rows) == {f1, f2} and rows[f2].customer_name == "Bob"


def test_satisfaction_arithmetic(db_path: Path) -> None:
    cid = customer()
    # October: ratings 5, 4, 3, 1 and one unrated; two complaints. November: one 5, one complaint.
    oct_ = datetime(2026, 10, 10, 9)
    ids = [
        log(cid, "praise", 5, at=oct_),
        log(cid, "suggestion", 4, at=oct_),
        log(cid, "return", 3, at=oct_),
        log(cid, "complaint", 1, at=oct_),
        log(cid, "complaint", None, at=oct_ + timedelta(days=5)),
        log(cid, "praise", 5, at=datetime(2026, 11, 3, 9)),
        log(cid, "complaint", 2, at=datetime(2026, 11, 30, 23, 59)),
        log(cid, "praise", 1, at=datetime(2026, 12, 1, 0, 0)),  # outside the period
    ]
    fb.resolve(ids[3], "补发", now=oct_ + timedelta(hours=10))  # 10 h
    fb.resolve(ids[4], "退款", now=oct_ + timedelta(days=5, hours=30))  # 30 h
    fb.resolve(ids[2], "换货", now=oct_ + timedelta(hours=50))  # 50 h
    fb.resolve(ids[7], "n/a", now=datetime(2026, 12, 2))  # resolved after the period
    s = fb.satisfaction(date(2026, 10, 1), date(2026, 11, 30))
    assert (s.total, s.rated, s.satisfied) == (7, 6, 3)
    assert s.csat == pytest.approx(3 / 6)
    assert s.average_rating == pytest.approx((5 + 4 + 3 + 1 + 5 + 2) / 6)
    assert s.histogram == {1: 1, 2: 1, 3: 1, 4: 1, 5: 2}
    assert s.complaints_per_month == {"2026-10": 2, "2026-11": 1}
    assert s.complaints_a_month == pytest.approx(3 / (61 / (365.2425 / 12)))  # 61 days
    # The last 30 days touch two calendar months: 3 complaints in them are ~3 a month, not 1.5.
    last30 = fb.satisfaction(date(2026, 11, 1), date(2026, 11, 30))
    assert round(last30.complaints_a_month, 1) == 1.0  # the one November complaint
    recent = fb.satisfaction(date(2026, 10, 13), date(2026, 11, 11))
    assert len(recent.complaints_per_month) == 2 and round(recent.complaints_a_month, 1) == 1.0
    assert s.by_kind == {"complaint": 3, "praise": 2, "suggestion": 1, "return": 1, "inquiry": 0}
    assert s.by_status == {"open": 4, "in_progress": 0, "resolved": 3}
    assert (s.resolved, s.median_resolve_hours, s.median_resolve_days) == (3, 30.0, 1.25)
    assert s.unresolved_now == 4
    # An even number of resolutions: the mean of the middle two.
    fb.resolve(ids[0], "谢谢", now=oct_ + timedelta(hours=20))
    assert fb.satisfaction(date(2026, 10, 1), date(2026, 11, 30)).median_resolve_hours == 25.0
    # Months with nothing are listed with zero; a period with no ratings has no CSAT.
    empty = fb.satisfaction(date(2026, 1, 1), date(2026, 3, 31))
    assert empty.complaints_per_month == {"2026-01": 0, "2026-02": 0, "2026-03": 0}
    assert (empty.csat, empty.average_rating, empty.median_resolve_hours) == (None, None, None)


def test_reopening_drops_the_resolution_from_the_entry_and_the_figures(db_path: Path) -> None:
    cid = customer()
    fid = log(cid, "complaint", 2, at=datetime(2026, 11, 10, 10), content="包装破损")
    fb.start(fid, now=datetime(2026, 11, 10, 12))
    fb.resolve(fid, "已补发并道歉", now=datetime(2026, 11, 11, 10))  # 24 h
    period = (date(2026, 11, 1), date(2026, 11, 30))
    assert fb.satisfaction(*period).median_resolve_hours == 24.0
    fb.reopen(fid, now=datetime(2026, 11, 12, 10))
    # The note no longer holds: it is not the entry's resolution, nor found by a search for it.
    row = fb.get_feedback(fid)
    assert (row.status, row.resolution, row.resolved_at) == ("open", "", None)
    assert fb.list_ids(FeedbackFilter(text="补发")) == []
    s = fb.satisfaction(*period)
    assert (s.resolved, s.median_resolve_hours, s.unresolved_now) == (0, None, 1)
    # Resolving again counts from logging to the new resolution, once.
    fb.resolve(fid, "已退款", now=datetime(2026, 11, 13, 10))  # 72 h
    row = fb.get_feedback(fid)
    assert (row.status, row.resolution) == ("resolved", "已退款")
    s = fb.satisfaction(*period)
    assert (s.resolved, s.median_resolve_hours, s.unresolved_now) == (1, 72.0, 0)
    # Moving a resolved entry back to in progress drops the note too; only resolving takes one.
    fb.start(fid, now=datetime(2026, 11, 14, 10))
    assert fb.get_feedback(fid).resolution == ""
    with pytest.raises(ValidationError) as err:
        fb.set_status(fid, "open", now=NOW, resolution="x")
    assert err.value.errors == {"resolution": "invalid"}
    assert fb.count_problems() == {}


@pytest.mark.parametrize(
    ("ratings", "shown"),
    [
        ((4, 3, 5, 5), "4.3"),  # 4.25: half up, not to the even 4.2
        ((3, 4), "3.5"),
        ((4,) * 13 + (3,) * 7, "3.7"),  # 73 / 20 = 3.65, which a float holds as 3.6499…
        ((5, 4, 4), "4.3"),  # 4.333…
        ((1, 1, 2), "1.3"),
        ((), None),
    ],
)
def test_average_rating_to_one_decimal_rounds_half_up(
    db_path: Path, ratings: tuple[int, ...], shown: str | None
) -> None:
    cid = customer()
    for rating in ratings:
        log(cid, "praise", rating, at=datetime(2026, 11, 5, 9))
    s = fb.satisfaction(date(2026, 11, 1), date(2026, 11, 30))
    assert s.average_rating_tenths == (None if shown is None else Decimal(shown))


def test_check_counts_rows_that_break_the_rules(db_path: Path) -> None:
    cid = customer()
    fid = log(cid, "complaint", 2)
    assert fb.count_problems() == {} and fu.count_problems() == {}
    db.execute_sql("UPDATE feedback SET status = 'resolved' WHERE id = ?", (fid,))
    db.execute_sql("UPDATE follow_up SET status = 'done'")
    assert fb.count_problems() == {"feedback_values": 1}
    assert fu.count_problems() == {"followup_values": 1}


def test_feedback_finds_its_order_again_after_an_undone_import_is_imported_again(
    db_path: Path, tmp_path: Path
) -> None:
    # Undo then re-import (an "oops" the merchant corrects) left the return logged against
    # the order pointing nowhere for good: the order came back with a new id.
    from desktop_crm.services.importing import engine
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export

    def export(name: str, numbers: list[str]) -> Path:
        orders = [
            ParsedOrder(
                row=0,
                platform="taobao",
                order_no=no,
                ordered_at=datetime(2026, 11, 1, 9, i),
                status="completed",
                paid=5000,
                currency="CNY",
                buyer_key="甲",
                buyer_name="甲",
            )  # fmt: skip
            for i, no in enumerate(numbers)
        ]
        return write_export("taobao", orders, tmp_path / name)

    engine.import_file(export("ExportOrderList202611010900.csv", ["7300000000000000000"]), now=NOW)
    second = engine.import_file(
        export("ExportOrderList202611020900.csv", ["7300000000000000001"]), now=NOW
    )
    cid = int(Customer.get().id)
    oid = int(Order.get(Order.order_no == "7300000000000000001").id)
    fid = log(cid, "return", order_id=oid)
    engine.undo_batch(second.batch_id, now=NOW)
    assert Feedback.get_by_id(fid).order_id is None  # the order is gone
    # Edited meanwhile (the form shows no order: it is gone), it still knows which order.
    fb.update_feedback(fid, FeedbackInput(cid, "return", "盒子压坏了"), now=NOW)
    engine.import_file(export("ExportOrderList202611020900.csv", ["7300000000000000001"]), now=NOW)
    back = Order.get(Order.order_no == "7300000000000000001")
    assert Feedback.get_by_id(fid).order_id == back.id
    # A link the merchant removed by hand is not brought back.
    fb.update_feedback(fid, FeedbackInput(cid, "return", "内容"), now=NOW)
    engine.import_file(export("ExportOrderList202611030900.csv", ["7300000000000000002"]), now=NOW)
    assert Feedback.get_by_id(fid).order_id is None


def test_feedback_keeps_the_number_of_an_order_an_undo_removed(db_path: Path) -> None:
    # The list's Order column went blank once an undone import took the order away, though
    # the feedback still knew its number (README, Importing: it "keeps the order's number").
    cid = customer()
    oid = order(cid, "7300000000000000001")
    fid = log(cid, "return", order_id=oid)
    Order.delete_by_id(oid)  # as undoing the import that added it does
    row = fb.get_feedback(fid)
    assert (row.order_id, row.order_no, row.order_platform) == (
        None, "7300000000000000001", "taobao",
    )  # fmt: skip
    assert fb.fetch_rows(fb.list_ids(FeedbackFilter()))[fid].order_no == "7300000000000000001"
    # Edited meanwhile, it still knows which order; a link the merchant removed shows none.
    fb.update_feedback(fid, FeedbackInput(cid, "return", "盒子压坏了"), now=NOW)
    assert fb.get_feedback(fid).order_no == "7300000000000000001"
    other = order(cid, "7300000000000000002")
    fb.update_feedback(fid, FeedbackInput(cid, "return", "盒子压坏了", order_id=other), now=NOW)
    fb.update_feedback(fid, FeedbackInput(cid, "return", "盒子压坏了"), now=NOW)
    assert (fb.get_feedback(fid).order_no, fb.get_feedback(fid).order_platform) == ("", "")


def _taobao(tmp_path: Path, name: str, buyers: dict[str, str], *, status: str = "paid") -> Path:
    """An ExportOrderList of orders (number -> buyer account)."""
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export

    orders = [
        ParsedOrder(
            row=0,
            platform="taobao",
            order_no=no,
            ordered_at=datetime(2026, 11, 10, 9),
            status=status,
            paid=10000,
            currency="CNY",
            buyer_key=buyer,
            buyer_name=buyer,
        )  # fmt: skip
        for no, buyer in buyers.items()
    ]
    return write_export("taobao", orders, tmp_path / name)


def _complaint_reminders(fid: int) -> list[tuple[int, str]]:
    return [
        (int(c), str(s))
        for c, s in db.execute_sql(
            "SELECT customer_id, status FROM follow_up WHERE feedback_id = ? ORDER BY id", (fid,)
        ).fetchall()
    ]


def test_feedback_follows_its_order_to_the_buyer_a_newer_export_names(
    db_path: Path, tmp_path: Path
) -> None:
    # The after-sale check-in followed the order to the new buyer, the complaint about it did
    # not: `check` failed (feedback_order_customer) and its Edit dialog refused to save.
    from desktop_crm.services.check import run_check
    from desktop_crm.services.importing import engine

    no = "2039180000000000001"
    engine.import_file(_taobao(tmp_path, "ExportOrderList202611101000.csv", {no: "甲"}), now=NOW)
    a = int(Customer.get().id)
    oid = int(Order.get().id)
    fid = log(a, "complaint", order_id=oid, rating=2)
    later = engine.import_file(
        _taobao(tmp_path, "ExportOrderList202611111000.csv", {no: "乙"}, status="shipped"),
        now=NOW + timedelta(minutes=5),
    )
    b = int(Order.get().customer_id)
    assert b != a and Feedback.get_by_id(fid).customer_id == b
    assert [c for c, s in _complaint_reminders(fid) if s in fu.ACTIVE] == [b]
    fb.update_feedback(fid, FeedbackInput(b, "complaint", "盒子压坏了", order_id=oid), now=NOW)
    assert run_check(today=NOW.date(), now=NOW).problems == {}
    engine.undo_batch(later.batch_id, now=NOW + timedelta(minutes=6))
    assert Feedback.get_by_id(fid).customer_id == a  # the order is 甲's again, and so is it
    assert [c for c, s in _complaint_reminders(fid) if s in fu.ACTIVE] == [a]


def test_a_complaint_keeps_one_reminder_when_an_unmerge_takes_it_back(
    db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.services import duplicates
    from desktop_crm.services.importing import engine

    engine.import_file(
        _taobao(
            tmp_path,
            "ExportOrderList202611101000.csv",
            {"2039180000000000001": "甲", "2039180000000000002": "乙"},
        ),
        now=NOW,
    )
    a = int(Order.get(Order.order_no == "2039180000000000001").customer_id)
    b = int(Order.get(Order.order_no == "2039180000000000002").customer_id)
    merged = duplicates.merge(a, b, now=NOW, today=NOW.date())
    ob = int(Order.get(Order.order_no == "2039180000000000002").id)
    fid = log(a, "complaint", order_id=ob, rating=1)
    duplicates.unmerge(merged.merge_id, now=NOW + timedelta(minutes=1), today=NOW.date())
    assert Feedback.get_by_id(fid).customer_id == b
    assert [c for c, s in _complaint_reminders(fid) if s in fu.ACTIVE] == [b]
    fb.resolve(fid, "退款了", now=NOW + timedelta(minutes=2))
    assert not [s for _c, s in _complaint_reminders(fid) if s in fu.ACTIVE]


def test_bulk_moves_take_only_entries_in_the_right_status(db_path: Path) -> None:
    a, b = customer("阿花"), customer("Bob")
    c1 = log(a, "complaint", 1, content="破损")
    c2 = log(b, "complaint", 2, content="少发")
    praise = log(b, "praise", 5)
    done = log(a, "return", 3)
    fb.resolve(done, "已退款", now=NOW)
    active = fu.FollowUpFilter(kinds=(fu.FEEDBACK,), statuses=fu.ACTIVE)
    assert len(fu.list_ids(active)) == 2  # one reminder per open complaint
    later = NOW + timedelta(hours=5)

    started = fb.change_status([c1, praise, done, 4242], "in_progress", now=later)
    assert (started.changed, started.skipped) == ([c1, praise], [done, 4242])
    assert fb.get_feedback(done).status == "resolved"

    with pytest.raises(ValidationError) as err:
        fb.change_status([c1, c2], "resolved", now=later, resolution="  ")
    assert err.value.errors == {"resolution": "required"}
    resolved = fb.change_status([c1, c2, done], "resolved", now=later, resolution=" 已补发 ")
    assert (resolved.changed, resolved.skipped) == ([c1, c2], [done])
    rows = fb.fetch_rows([c1, c2, done])
    assert [(r.status, r.resolution, r.resolved_at) for r in rows.values()] == [
        ("resolved", "已补发", later), ("resolved", "已补发", later),
        ("resolved", "已退款", NOW),  # skipped: its own note and time stay
    ]  # fmt: skip
    assert fu.list_ids(active) == []  # both complaints' reminders closed with them

    reopened = fb.change_status([c1, praise], "open", now=later)
    assert (reopened.changed, reopened.skipped) == ([c1], [praise])
    row = fb.get_feedback(c1)
    assert (row.status, row.resolution, row.resolved_at) == ("open", "", None)
    assert len(fu.list_ids(active)) == 1  # its reminder came back
    with pytest.raises(ValidationError):
        fb.change_status([c1], "open", now=later, resolution="x")

    assert fb.delete_many([c1, c2, 4242], now=later) == 2
    assert fb.count() == 2 and fu.list_ids(active) == []


def test_a_failed_bulk_move_changes_nothing(db_path: Path, monkeypatch) -> None:
    cid = customer()
    ids = [log(cid, "complaint", 1, content=f"第{i}次") for i in range(3)]

    def broken(*_a, **_k) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(fu, "sync_feedback", broken)
    with pytest.raises(RuntimeError):
        fb.change_status(ids, "resolved", now=NOW, resolution="补发")
    assert fb.status_counts([*ids, 4242]) == {"open": 3}
    monkeypatch.setattr(fu, "close_resolved_reasons", broken)
    with pytest.raises(RuntimeError):
        fb.delete_many(ids, now=NOW)
    assert fb.count() == 3
