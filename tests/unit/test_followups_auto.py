"""Automatic follow-ups: birthday, win-back, after-sale, complaint; never twice; closed and
reopened with their reason, across repeated runs, re-imports and undo. The rules editable in
Settings (switches and days), a greeting that follows the birthday, and a repeating follow-up
reopened and done again without a duplicate."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path

import pytest

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, open_database
from desktop_crm.errors import ValidationError
from desktop_crm.models import Customer, Order
from desktop_crm.models.followups import FollowUp
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.followups import FollowUpInput
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


def test_reopen_keeps_one_rule_win_back_open_per_customer(db_path: Path) -> None:
    cid = customer()
    buy(cid, 300)
    buy(cid, 200)
    run()
    (first,) = auto("win_back")
    fu.cancel([first.id], now=NOW, outcome="不需要")
    buy(cid, 100)  # bought, then lapsed again: the rule makes a win-back for the new lapse
    later = TODAY + timedelta(days=200)
    at = datetime.combine(later, time(9))
    assert run(later, at).created == {"win_back": 1}
    second = auto("win_back", status="open")[0]
    # Reopening the old one would leave two open: it stays closed, and says so.
    typed = fu.create_followup(FollowUpInput(cid, "回访", at, kind="win_back"), now=at)
    fu.complete([typed], now=at)
    result = fu.reopen([first.id, typed], now=at)
    assert (result.changed, result.refused) == ([typed], [first.id])
    assert FollowUp.get_by_id(first.id).status == "cancelled"
    assert fu.count_problems() == {}
    # Both closed and reopened together: only the one for the latest lapse opens.
    fu.cancel([second.id], now=at)
    result = fu.reopen([first.id, second.id], now=at)
    assert (result.changed, result.refused) == ([second.id], [first.id])
    assert [f.status for f in auto("win_back")] == ["cancelled", "open"]
    assert fu.count_problems() == {} and run(later, at).created == {}


def test_a_typed_in_win_back_neither_blocks_the_rules_nor_is_a_problem(db_path: Path) -> None:
    cid = customer()
    buy(cid, 300)
    buy(cid, 200)
    # The merchant types a follow-up of kind Win-back before the rule makes one.
    typed = fu.create_followup(
        FollowUpInput(cid, "Send a coupon by WeChat", NOW + timedelta(days=2), kind="win_back"),
        now=NOW,
    )
    assert run().created == {"win_back": 1}
    (rule_made,) = auto("win_back")
    # Side by side, they are not "two win-backs" for `check`.
    assert fu.count_problems() == {}
    # The rule's own one still closes and comes back with its reason, the typed one untouched.
    new_order = buy(cid, 1)
    assert run().closed == {"win_back": 1}
    Order.delete_by_id(new_order)
    assert run().reopened == 1
    assert FollowUp.get_by_id(rule_made.id).status == "open"
    assert FollowUp.get_by_id(typed).status == "open"
    # Two rule-made ones open for one customer are still reported.
    FollowUp.update(reason_key="win_back:2020-01-01", kind="win_back").where(
        FollowUp.id == typed
    ).execute()
    assert fu.count_problems() == {"followup_win_back_twice": 1}


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


# --- the rules in Settings ▸ Follow-ups; greetings that follow the birthday; reopening ------


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


def test_a_greeting_due_the_merchant_set_stays_when_other_fields_are_edited(
    db_path: Path,
) -> None:
    # Editing the customer's city (the birthday as it was) put a greeting the merchant had
    # moved to 29 Nov 10:00 back on the rule's day, at midnight.
    from desktop_crm.services import customers as cu

    cid = cu.create_customer(
        cu.CustomerInput(display_name="李娜", birthday=date(1990, 12, 1), city="杭州市"),
        today=TODAY,
        now=NOW,
    )
    (greeting,) = auto("birthday")
    wanted = datetime(2026, 11, 29, 10)
    FollowUp.update(due=wanted, updated_at=NOW + timedelta(minutes=5)).where(
        FollowUp.id == greeting.id
    ).execute()
    form = cu.to_input(cu.get_customer(cid))
    form.city = "宁波市"
    cu.update_customer(cid, form, today=TODAY, now=NOW + timedelta(minutes=10))
    assert FollowUp.get_by_id(greeting.id).due == wanted
    form.birthday = date(1990, 12, 3)  # the birthday itself edited: the greeting follows it
    cu.update_customer(cid, form, today=TODAY, now=NOW + timedelta(minutes=20))
    assert FollowUp.get_by_id(greeting.id).due.date() == date(2026, 11, 26)
