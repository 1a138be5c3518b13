"""Automatic follow-ups: birthday, win-back, after-sale, complaint; never twice; closed and
reopened with their reason, across repeated runs, re-imports and undo."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path

import pytest

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, open_database
from desktop_crm.models import Customer, Order
from desktop_crm.models.followups import FollowUp
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)
_seq = count(1)


def customer(name: str = "buyer", birthday: date | None = None) -> int:
    return int(
        Customer.create(display_name=name, birthday=birthday, created_at=NOW, updated_at=NOW).id
    )


def buy(
    cid: int, days_ago: int, *, status: str = "completed", completed_days_ago: int | None = None
) -> int:
    when = datetime.combine(TODAY - timedelta(days=days_ago), time(12))
    completed = None
    if completed_days_ago is not None:
        completed = datetime.combine(TODAY - timedelta(days=completed_days_ago), time(15))
    return int(
        Order.create(
            platform="taobao", order_no=f"T{next(_seq)}", customer=cid, ordered_at=when,
            status=status, paid=1000, currency="CNY", completed_at=completed,
        ).id
    )  # fmt: skip


def auto(kind: str | None = None, **where: object) -> list[FollowUp]:
    q = FollowUp.select().where(FollowUp.reason_key.is_null(False))
    if kind:
        q = q.where(FollowUp.kind == kind)
    for k, v in where.items():
        q = q.where(getattr(FollowUp, k) == v)
    return list(q.order_by(FollowUp.id))


def run(today: date = TODAY, now: datetime = NOW, **kw: object) -> fu.AutoResult:
    return fu.refresh_automatic(today=today, now=now, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------- birthday


def test_birthday_seven_days_ahead_once_per_year(db_path: Path) -> None:
    in_7 = customer("a", date(1990, 11, 29))
    in_13 = customer("b", date(1985, 12, 5))
    customer("c", date(1990, 12, 10))  # 18 days ahead: not yet
    customer("d", date(1990, 11, 20))  # just passed: next year
    customer("e")  # no birthday
    r = run()
    assert r.created == {"birthday": 2}
    rows = auto("birthday")
    assert [(f.customer_id, f.reason_key, f.due) for f in rows] == [
        (in_7, "birthday:2026", datetime(2026, 11, 22)),
        (in_13, "birthday:2026", datetime(2026, 11, 28)),
    ]
    assert rows[0].title == "Birthday greeting" and rows[0].status == "open"
    # Repeated runs, on later days too, never duplicate; a completed one is not made again.
    fu.complete([rows[0].id], now=NOW, outcome="发了祝福")
    assert run().created == {} and run(TODAY + timedelta(days=3)).created == {}
    assert len(auto("birthday")) == 2
    # Next year it comes again.
    next_year = run(date(2027, 11, 22), datetime(2027, 11, 22, 9))
    assert next_year.created == {"birthday": 2}
    assert {f.reason_key for f in auto("birthday", customer=in_7)} == {
        "birthday:2026", "birthday:2027",
    }  # fmt: skip


def test_birthday_across_new_year_and_on_29_february(db_path: Path) -> None:
    january = customer("jan", date(1992, 1, 3))
    leap = customer("leap", date(2000, 2, 29))
    run(date(2026, 12, 28), datetime(2026, 12, 28, 9))
    (row,) = auto("birthday", customer=january)
    # 3 January less 7 days is 27 December, the day before it was made: due the day it is made.
    assert (row.reason_key, row.due) == ("birthday:2027", datetime(2026, 12, 28))
    run(date(2027, 2, 20), datetime(2027, 2, 20, 9))  # 2027 has no 29 February
    (row,) = auto("birthday", customer=leap)
    assert (row.reason_key, row.due) == ("birthday:2027", datetime(2027, 2, 21))
    run(date(2028, 2, 20), datetime(2028, 2, 20, 9))
    assert auto("birthday", customer=leap)[-1].due == datetime(2028, 2, 22)
    assert fu.next_birthday(date(2000, 2, 29), date(2027, 3, 1)) == date(2028, 2, 29)


# ---------------------------------------------------------------------------------- after-sale


def test_after_sale_only_with_a_completion_time_once_per_order(db_path: Path) -> None:
    cid = customer()
    with_time = buy(cid, 5, completed_days_ago=2)
    buy(cid, 5)  # completed, but the export gave no completion time
    buy(cid, 40, completed_days_ago=30)  # completed long ago: history, not a to-do
    buy(cid, 3, status="shipped")
    assert run().created == {"after_sale": 1}
    (row,) = auto("after_sale")
    order = Order.get_by_id(with_time)
    assert (row.order_id, row.due, row.reason_key) == (
        with_time, datetime(2026, 11, 23), f"after_sale:taobao:{order.order_no}",
    )  # fmt: skip
    assert row.title == f"After-sale check-in: {order.order_no}"
    assert run().created == {} and len(auto()) == 1
    why = fu.why_many(fu.fetch_rows([row.id]).values(), TODAY)[row.id]
    assert why == fu.AfterSaleWhy(with_time, "taobao", order.order_no, order.completed_at, "")


# ---------------------------------------------------------------------------------- win-back


def test_win_back_one_per_lapse_closed_when_they_buy_again(db_path: Path) -> None:
    lapsed = customer("lapsed")
    buy(lapsed, 300)
    buy(lapsed, 200)  # gap 100 -> threshold 150 -> warning began 49 days ago
    steady = customer("steady")
    buy(steady, 40)
    buy(steady, 10)
    assert run().created == {"win_back": 1}
    (row,) = auto("win_back")
    last = TODAY - timedelta(days=200)
    # Due the day it is made, not "49 days late": the merchant could not call in the past.
    assert (row.customer_id, row.reason_key, row.due) == (
        lapsed, f"win_back:{last.isoformat()}", datetime.combine(TODAY, time()),
    )  # fmt: skip
    why = fu.why_many(fu.fetch_rows([row.id]).values(), TODAY)[row.id]
    assert isinstance(why, fu.WinBackWhy)
    assert (why.churn.days_since_last, why.churn.usual_interval) == (200, 100.0)
    assert run().created == {} and len(auto("win_back")) == 1
    # They buy again: the win-back is done, automatically, and not made again.
    new_order = buy(lapsed, 1)
    r = run()
    assert r.closed == {"win_back": 1} and r.created == {}
    row = FollowUp.get_by_id(row.id)
    assert (row.status, row.outcome, row.auto_closed, row.done_at) == (
        "done", fu.OUTCOME_BOUGHT_AGAIN, True, NOW,
    )  # fmt: skip
    # The order is taken away again (an undone import): the same follow-up reopens.
    Order.delete_by_id(new_order)
    r = run()
    assert r.reopened == 1 and r.created == {}
    assert FollowUp.get_by_id(row.id).status == "open" and len(auto("win_back")) == 1


def test_a_win_back_the_merchant_closed_stays_closed_until_a_new_lapse(db_path: Path) -> None:
    cid = customer()
    buy(cid, 300)
    buy(cid, 200)
    run()
    (first,) = auto("win_back")
    fu.complete([first.id], now=NOW, outcome="打了电话，说暂时不需要")
    assert run().created == {} and run().reopened == 0
    # They buy, then lapse again: a new win-back for the new lapse.
    buy(cid, 100)
    later = TODAY + timedelta(days=200)
    r = run(later, datetime.combine(later, time(9)))
    assert r.created == {"win_back": 1}
    assert [f.status for f in auto("win_back")] == ["done", "open"]


def test_scoped_run_touches_only_those_customers(db_path: Path, monkeypatch) -> None:
    a, b, c = customer("a"), customer("b"), customer("c")
    for cid in (a, b, c):
        buy(cid, 300)
        buy(cid, 200)
    assert run(customer_ids=[a]).created == {"win_back": 1}
    assert [f.customer_id for f in auto()] == [a]
    assert run(customer_ids=[]).created == {}
    assert run(customer_ids=[b]).created == {"win_back": 1}
    # A scope covering most of the shop runs for everyone (harmless: the rules are idempotent).
    monkeypatch.setattr(fu, "_LARGE_SCOPE", 0)
    assert run(customer_ids=[a]).created == {"win_back": 1}
    assert sorted(f.customer_id for f in auto()) == [a, b, c]


# ---------------------------------------------------------------------------------- complaints


def test_complaint_follow_up_closed_on_resolve_and_reopened_with_it(db_path: Path) -> None:
    cid = customer()
    praise = fb.log_feedback(fb.FeedbackInput(cid, "praise", "好用"), now=NOW)
    fid = fb.log_feedback(fb.FeedbackInput(cid, "complaint", "物流太慢", rating=1), now=NOW)
    (row,) = auto()
    assert (row.kind, row.feedback_id, row.reason_key, row.due) == (
        "feedback", fid, f"feedback:{fid}", datetime(2026, 11, 24),
    )  # fmt: skip
    why = fu.why_many(fu.fetch_rows([row.id]).values(), TODAY)[row.id]
    assert isinstance(why, fu.FeedbackWhy) and why.summary == "物流太慢" and why.rating == 1
    assert run().created == {}
    fb.start(fid, now=NOW)
    assert FollowUp.get_by_id(row.id).status == "open"
    fb.resolve(fid, "补发了", now=NOW + timedelta(hours=5))
    closed = FollowUp.get_by_id(row.id)
    assert (closed.status, closed.outcome, closed.auto_closed) == (
        "done", fu.OUTCOME_RESOLVED, True,
    )  # fmt: skip
    assert run().created == {}
    fb.reopen(fid, now=NOW + timedelta(days=1))
    assert FollowUp.get_by_id(row.id).status == "open" and len(auto()) == 1
    # Cancelled by the merchant: it stays cancelled while the complaint is open.
    fu.cancel([row.id], now=NOW)
    assert run().created == {} and FollowUp.get_by_id(row.id).status == "cancelled"
    fu.reopen([row.id], now=NOW)
    # Turned into an inquiry, or deleted: the follow-up is cancelled.
    fb.update_feedback(fid, fb.FeedbackInput(cid, "inquiry", "物流太慢"), now=NOW)
    gone = FollowUp.get_by_id(row.id)
    assert (gone.status, gone.outcome) == ("cancelled", fu.OUTCOME_FEEDBACK_GONE)
    other = fb.log_feedback(fb.FeedbackInput(cid, "complaint", "破损"), now=NOW)
    fb.delete_feedback(other, now=NOW)
    (deleted,) = auto(reason_key=f"feedback:{other}")
    assert (deleted.status, deleted.feedback_id) == ("cancelled", None)
    assert praise not in {f.feedback_id for f in auto()}


# ---------------------------------------------------------------------------------- imports


def _orders(buyer: str, days_ago: list[int], completed_days_ago: int | None = None):
    out = []
    for d in days_ago:
        when = datetime.combine(TODAY - timedelta(days=d), time(12))
        completed = None
        if completed_days_ago is not None:
            completed = datetime.combine(TODAY - timedelta(days=completed_days_ago), time(12))
        out.append(
            ParsedOrder(
                row=0, platform="taobao", order_no=str(2039000000000000000 + next(_seq)),
                ordered_at=when, status="completed", paid=5000, currency="CNY",
                completed_at=completed, paid_at=when, buyer_key=buyer, buyer_name=buyer,
                real_name="张三", phone="13800138000", province="浙江省", city="杭州市",
                address="文一西路1号", item_summary="手工皂",
                items=[ParsedItem("手工皂", quantity=1, price=5000)],
            )
        )  # fmt: skip
    return out


def _export(tmp: Path, orders: list[ParsedOrder], stamp: str) -> Path:
    name = f"ExportOrderList{stamp}.csv"
    write_export("taobao", orders, tmp / name.replace("ExportOrderList", "ExportOrderDetailList"),
                 layout="details")  # fmt: skip
    return write_export("taobao", orders, tmp / name)


def _import(path: Path) -> engine.ImportReceipt:
    receipt = engine.import_file(path, now=NOW, today=TODAY)
    # What effects.orders_changed will do once the lead wires it in.
    run()
    return receipt


def test_imports_repeated_runs_and_undo_never_duplicate(db_path: Path, tmp_path: Path) -> None:
    old = _orders("lapsed_buyer", [300, 200], completed_days_ago=None)
    recent = _orders("happy_buyer", [6], completed_days_ago=2)
    first = _export(tmp_path, old + recent, "202611221000")
    _import(first)
    kinds = sorted(f.kind for f in auto())
    assert kinds == ["after_sale", "win_back"]
    before = [(f.id, f.status, f.reason_key) for f in FollowUp.select().order_by(FollowUp.id)]
    _import(first)  # the same file again
    run()
    assert [(f.id, f.status, f.reason_key) for f in FollowUp.select().order_by(FollowUp.id)] == (
        before
    )
    # A newer export: the lapsed buyer bought again (completed yesterday, with a time).
    back = _orders("lapsed_buyer", [4], completed_days_ago=1)
    receipt = _import(_export(tmp_path, old + recent + back, "202611231000"))
    (win_back,) = auto("win_back")
    assert (win_back.status, win_back.outcome) == ("done", fu.OUTCOME_BOUGHT_AGAIN)
    assert len(auto("after_sale")) == 2 and len(auto()) == 3
    run()
    assert len(auto()) == 3
    # Undo the newer import: the win-back reopens, the removed order's check-in is cancelled.
    engine.undo_batch(receipt.batch_id, now=NOW, today=TODAY)
    run()
    assert FollowUp.get_by_id(win_back.id).status == "open"
    gone = [f for f in auto("after_sale") if f.order_id is None]
    assert [(f.status, f.outcome) for f in gone] == [("cancelled", fu.OUTCOME_ORDER_GONE)]
    assert len(auto()) == 3
    # Importing it again puts the same check-in back (keyed by order number, not row id).
    _import(_export(tmp_path, old + recent + back, "202611241000"))
    assert len(auto()) == 3
    assert {f.status for f in auto("after_sale")} == {"open"}
    assert FollowUp.get_by_id(win_back.id).status == "done"


def _one(no: str, buyer: str, status: str, completed: datetime | None = None) -> ParsedOrder:
    when = datetime(2026, 11, 10, 12)
    return ParsedOrder(
        row=0, platform="taobao", order_no=no, ordered_at=when, status=status, paid=5000,
        currency="CNY", completed_at=completed, paid_at=when, buyer_key=buyer, buyer_name=buyer,
        item_summary="手工皂", items=[ParsedItem("手工皂", quantity=1, price=5000)],
    )  # fmt: skip


def test_undo_taking_a_completion_back_closes_the_after_sale_and_redo_reopens_it(
    db_path: Path, tmp_path: Path
) -> None:
    _import(_export(tmp_path, [_one("1003", "kim", "shipped")], "202611201000"))
    done = _one("1003", "kim", "completed", completed=datetime(2026, 11, 21, 9))
    receipt = _import(_export(tmp_path, [done], "202611221000"))
    (row,) = auto("after_sale")
    assert row.status == "open"
    # Undo puts the order back to shipped: the reason of the check-in went away.
    engine.undo_batch(receipt.batch_id, now=NOW, today=TODAY)
    assert Order.get_by_id(row.order_id).status == "shipped"
    row = FollowUp.get_by_id(row.id)
    assert (row.status, row.outcome, row.auto_closed) == (
        "cancelled", fu.OUTCOME_NOT_COMPLETED, True,
    )  # fmt: skip
    assert run().created == {} and FollowUp.get_by_id(row.id).status == "cancelled"
    # The completion comes back: the same follow-up reopens.
    _import(_export(tmp_path, [done], "202611231000"))
    assert [(f.id, f.status) for f in auto("after_sale")] == [(row.id, "open")]


@pytest.mark.parametrize("newer_first", [False, True])
def test_an_order_given_to_another_buyer_keeps_one_after_sale_on_its_customer(
    db_path: Path, tmp_path: Path, newer_first: bool
) -> None:
    completed = datetime(2026, 11, 21, 9)
    kim = _export(tmp_path, [_one("2001", "kim", "completed", completed)], "202611211000")
    kimmy = _export(tmp_path, [_one("2001", "kimmy", "completed", completed)], "202611221000")
    for path in (kimmy, kim) if newer_first else (kim, kimmy):
        _import(path)
    order = Order.get(Order.order_no == "2001")
    assert Customer.get_by_id(order.customer_id).display_name == "kimmy"
    # One check-in for the order, on its current customer, whatever the order of the files.
    assert [(f.customer_id, f.order_id, f.status, f.reason_key) for f in auto()] == [
        (order.customer_id, order.id, "open", "after_sale:taobao:2001"),
    ]


def test_a_check_in_done_with_the_old_buyer_is_not_made_again(
    db_path: Path, tmp_path: Path
) -> None:
    completed = datetime(2026, 11, 21, 9)
    _import(_export(tmp_path, [_one("2002", "kim", "completed", completed)], "202611211000"))
    (row,) = auto("after_sale")
    fu.complete([row.id], now=NOW, outcome="已回访")
    _import(_export(tmp_path, [_one("2002", "kimmy", "completed", completed)], "202611221000"))
    # The merchant's record stays with the buyer it was made with; no second check-in.
    assert [(f.id, f.customer_id, f.status) for f in auto()] == [(row.id, row.customer_id, "done")]
    # Databases where the old rule left two open ones (kim's and kimmy's): kim's is closed.
    kim = row.customer_id
    FollowUp.update(status="open", done_at=None).where(FollowUp.id == row.id).execute()
    order = Order.get(Order.order_no == "2002")
    FollowUp.create(
        customer=order.customer_id, title="t", kind="after_sale", due=NOW, created_at=NOW,
        updated_at=NOW, reason_key=row.reason_key, order=order.id,
    )  # fmt: skip
    r = run()
    assert r.closed == {"after_sale": 1} and r.created == {}
    assert [(f.customer_id, f.status, f.outcome) for f in auto()] == [
        (kim, "cancelled", fu.OUTCOME_ORDER_MOVED), (order.customer_id, "open", ""),
    ]  # fmt: skip


# ---------------------------------------------------------------------------------- migration

_WIN_BACK_MIGRATION = "0011_win_back_due_when_made.py"


def test_migration_moves_open_win_backs_to_the_day_they_were_made(tmp_path: Path) -> None:
    # Win-backs were due the day the churn warning began (before d3c7e17): an old database
    # showed them hundreds of days late. Only open rule-made ones move, never earlier.
    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"):
        if path.name < _WIN_BACK_MIGRATION:  # the database as it was before it
            shutil.copy(path, old / path.name)
    path = tmp_path / "crm.db"
    open_database(path, migrations_dir=old)
    cid = customer()
    made = datetime(2026, 11, 22, 10, 30)

    def add(kind: str, due: datetime, status: str = "open", key: str | None = None) -> int:
        return int(
            FollowUp.create(
                customer=cid, title="t", kind=kind, due=due, status=status, created_at=made,
                updated_at=made, reason_key=key, done_at=made if status == "done" else None,
            ).id
        )  # fmt: skip

    late = add("win_back", datetime(2025, 1, 9), key="win_back:2024-08-01")
    later = add("win_back", datetime(2026, 11, 25, 9), key="win_back:2024-08-02")
    history = add("win_back", datetime(2025, 1, 9), "done", key="win_back:2024-08-03")
    typed = add("win_back", datetime(2025, 1, 9))
    manual = add("manual", datetime(2025, 1, 9))
    close_database()
    open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert dbmod.schema_version() == dbmod.head_version()
        dues = {f.id: f.due for f in FollowUp.select()}
        assert dues == {
            late: datetime(2026, 11, 22), later: datetime(2026, 11, 25, 9),
            history: datetime(2025, 1, 9), typed: datetime(2025, 1, 9),
            manual: datetime(2025, 1, 9),
        }  # fmt: skip
    finally:
        close_database()
