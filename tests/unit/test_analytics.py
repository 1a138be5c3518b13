"""Analytics (DESIGN §4): each definition against hand-computed fixtures, the cache, speed paths."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

# The app's own SQLite library for a second connection (see tests/migrations/test_runner.py).
from sqlcipher3 import dbapi2 as sqlite3

from desktop_crm.db import db
from desktop_crm.models import Customer, Order
from desktop_crm.services import analytics as an
from desktop_crm.services.settings import set_setting
from desktop_crm.services.totals import recompute_totals

TODAY = date(2026, 11, 22)
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    an.clear_cache()


def customer(name: str, **kw: object) -> int:
    now = datetime(2026, 1, 1, 9, 0)
    return int(Customer.create(display_name=name, created_at=now, updated_at=now, **kw).id)


def order(
    cid: int | None,
    day: date | datetime,
    paid: int = 10000,
    status: str = "completed",
    *,
    refunded: int = 0,
    currency: str | None = "CNY",
    platform: str = "taobao",
    province: str | None = None,
) -> None:
    when = day if isinstance(day, datetime) else datetime.combine(day, datetime.min.time())
    Order.create(
        platform=platform,
        order_no=f"T{next(_numbers)}",
        customer=cid,
        ordered_at=when.replace(hour=when.hour or 12),
        status=status,
        paid=paid,
        refunded=refunded,
        currency=currency,
        province=province,
    )


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def shop(db_path: Path) -> Path:
    set_setting("currency", "CNY")
    return db_path


# --- pure rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, last, stage",
    [
        (None, None, "prospect"),
        (0, 0, "new"),
        (30, 30, "new"),
        (30, 5, "new"),
        (31, 31, "active"),
        (400, 90, "active"),
        (400, 91, "sleeping"),
        (400, 180, "sleeping"),
        (400, 181, "lost"),
    ],
)
def test_lifecycle_boundaries(first: int | None, last: int | None, stage: str) -> None:
    assert an.lifecycle_stage(first, last) == stage


def test_the_eight_classes_by_pattern() -> None:
    got = {
        (r, f, m): an.rfm_class(r, f, m)
        for r in (True, False)
        for f in (True, False)
        for m in (True, False)
    }
    assert got == {
        (True, True, True): "important_value",
        (True, False, True): "important_develop",
        (False, True, True): "important_keep",
        (False, False, True): "important_winback",
        (True, True, False): "general_value",
        (True, False, False): "general_develop",
        (False, True, False): "general_keep",
        (False, False, False): "general_winback",
    }
    assert sorted(got.values()) == sorted(an.RFM_CLASSES)


def test_julian_day_matches_sqlite(db_path: Path) -> None:
    for day in (TODAY, date(2000, 2, 29), date(1970, 1, 1), date(2099, 12, 31)):
        sql_value = db.execute_sql("SELECT julianday(?)", (day.isoformat(),)).fetchone()[0]
        assert an._julian_day(day) == sql_value


def test_aov_rounds_half_up_in_minor_units() -> None:
    assert an.average_order_value(1000, 3) == 333
    assert an.average_order_value(1001, 2) == 501  # 500.5 -> 501
    assert an.average_order_value(0, 0) is None


@pytest.mark.parametrize(
    "start, end, prev",
    [
        (date(2026, 11, 1), date(2026, 12, 1), (date(2026, 10, 1), date(2026, 11, 1))),
        (date(2026, 1, 1), date(2026, 4, 1), (date(2025, 10, 1), date(2026, 1, 1))),
        (date(2026, 11, 8), date(2026, 11, 15), (date(2026, 11, 1), date(2026, 11, 8))),
    ],
)
def test_previous_period(start: date, end: date, prev: tuple[date, date]) -> None:
    assert an.previous_period(start, end) == prev


# --- lifecycle over the database -----------------------------------------------------------


def test_lifecycle_stages_at_the_exact_boundaries(shop: Path) -> None:
    ids = {
        "prospect": customer("prospect"),
        "only_unpaid": customer("only_unpaid"),
        "only_usd": customer("only_usd"),
        "new30": customer("new30"),
        "active31": customer("active31"),
        "active90": customer("active90"),
        "sleeping91": customer("sleeping91"),
        "sleeping180": customer("sleeping180"),
        "lost181": customer("lost181"),
        "old_but_recent": customer("old_but_recent"),
    }
    for status in ("pending", "closed"):
        order(ids["only_unpaid"], ago(3), status=status)
    order(ids["only_unpaid"], ago(3), status="refunded", refunded=10000)
    order(ids["only_usd"], ago(3), currency="USD")
    order(ids["new30"], datetime.combine(ago(30), datetime.max.time()).replace(microsecond=0))
    order(ids["active31"], ago(31))
    order(ids["active90"], ago(90))
    order(ids["sleeping91"], ago(91))
    order(ids["sleeping180"], ago(180))
    order(ids["lost181"], ago(181))
    order(ids["old_but_recent"], ago(700))
    order(ids["old_but_recent"], ago(5))
    order(None, ago(1))  # an order without a customer changes no stage
    snap = an.customer_snapshot(TODAY)
    stages = {name: snap.stage_of(cid) for name, cid in ids.items()}
    assert stages == {
        "prospect": "prospect",
        "only_unpaid": "prospect",
        "only_usd": "prospect",  # not a purchase in the store currency
        "new30": "new",
        "active31": "active",
        "active90": "active",
        "sleeping91": "sleeping",
        "sleeping180": "sleeping",
        "lost181": "lost",
        "old_but_recent": "active",
    }
    counts = an.lifecycle_counts(TODAY)
    assert counts == {"prospect": 3, "new": 1, "active": 3, "sleeping": 2, "lost": 1}
    assert sum(counts.values()) == Customer.select().count()
    assert set(snap.ids_in_stage("sleeping")) == {ids["sleeping91"], ids["sleeping180"]}


def test_purchases_after_today_are_not_seen(shop: Path) -> None:
    cid = customer("a")
    order(cid, ago(200))
    order(cid, TODAY + timedelta(days=3))
    rfm = an.customer_snapshot(TODAY).get(cid)
    assert rfm is not None and (rfm.purchases, rfm.recency_days, rfm.stage) == (1, 200, "lost")


def test_a_past_days_prospects_are_the_customers_there_were(shop: Path) -> None:
    # A past month's report counted every customer added since as a prospect of that month:
    # its figures grew with each later import.
    day = date(2026, 3, 31)
    customer("added in January, never bought")
    later = datetime(2026, 6, 1, 9, 0)
    Customer.create(display_name="added in June", created_at=later, updated_at=later)
    history = int(
        Customer.create(display_name="imported in June", created_at=later, updated_at=later).id
    )
    order(history, date(2026, 3, 2), status="pending")  # a customer then, no purchase
    assert an.customer_snapshot(day).stage_counts["prospect"] == 2
    assert an.customer_snapshot(date(2026, 6, 1)).stage_counts["prospect"] == 3


# --- RFM -----------------------------------------------------------------------------------


def eight_classes() -> dict[str, int]:
    """One customer per class. Means: R (4x10 + 4x200)/8 = 105, F 3, M 550.00."""
    spec = {
        "important_value": (10, 5, 100000),
        "important_develop": (10, 1, 100000),
        "important_keep": (200, 5, 100000),
        "important_winback": (200, 1, 100000),
        "general_value": (10, 5, 10000),
        "general_develop": (10, 1, 10000),
        "general_keep": (200, 5, 10000),
        "general_winback": (200, 1, 10000),
    }
    ids = {}
    for name, (r, f, m) in spec.items():
        cid = customer(name)
        for k in range(f):
            order(cid, ago(r + 10 * k), paid=m // f)
        ids[name] = cid
    return ids


def test_every_class_can_fill(shop: Path) -> None:
    ids = eight_classes()
    snap = an.customer_snapshot(TODAY)
    assert (snap.mean_recency_days, snap.mean_purchases, snap.mean_net) == (105, 3, 55000)
    for name, cid in ids.items():
        assert snap.class_of(cid) == name
        assert snap.ids_in_class(name) == [cid]
    assert an.rfm_class_counts(TODAY) == dict.fromkeys(an.RFM_CLASSES, 1)


def test_ties_at_the_mean_count_as_high(shop: Path) -> None:
    # R 10/20/30 (mean 20), F 1/2/3 (mean 2), M 100/200/300 (mean 200).
    a, b, c = customer("a"), customer("b"), customer("c")
    order(a, ago(10), paid=10000)
    order(b, ago(20), paid=10000)
    order(b, ago(25), paid=10000)
    for k in range(3):
        order(c, ago(30 + k), paid=10000)
    snap = an.customer_snapshot(TODAY)
    assert snap.class_of(a) == "general_develop"  # R high only
    assert snap.class_of(b) == "important_value"  # exactly at every mean
    assert snap.class_of(c) == "important_keep"  # F and M high, R low


def test_refunds_closed_and_other_currencies(shop: Path) -> None:
    a = customer("a")
    order(a, ago(10), paid=10000, refunded=3000)  # partial refund: net 70.00, still a purchase
    order(a, ago(12), paid=5000, status="shipped")
    order(a, ago(14), paid=2000, status="paid")
    order(a, ago(3), paid=9000, status="refunded", refunded=9000)
    order(a, ago(2), paid=0, status="pending")
    order(a, ago(1), paid=4000, status="closed")
    order(a, ago(1), paid=99900, currency="USD")
    order(a, ago(20), paid=1000, currency=None)  # no currency given: the store's
    info = an.customer_analytics(a, TODAY)
    assert (info.purchases, info.net, info.days_since_last) == (4, 15000, 10)
    assert info.aov == 3750 and info.foreign_currency_orders == 1
    assert info.first_purchase == ago(20) and info.last_purchase == ago(10)


def test_single_purchase_customers_and_quintiles(shop: Path) -> None:
    ids = []
    for k in range(1, 11):  # M 1..10 yuan, R 1..10 days (the most recent is the best)
        cid = customer(f"c{k}")
        order(cid, ago(k), paid=100 * k)
        ids.append(cid)
    snap = an.customer_snapshot(TODAY)
    m_scores = [snap.get(cid).m_score for cid in ids]  # type: ignore[union-attr]
    assert m_scores == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    r_scores = [snap.get(cid).r_score for cid in ids]  # type: ignore[union-attr]
    assert r_scores == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    # Everybody bought once: F ties everywhere, mean 1, all high, all score 1.
    assert {snap.get(cid).f_score for cid in ids} == {1}  # type: ignore[union-attr]
    assert all(snap.get(cid).f_high for cid in ids)  # type: ignore[union-attr]
    one = snap.get(ids[0])
    assert one is not None and (one.purchases, one.net, one.aov) == (1, 100, 100)


def test_customer_analytics_sentence_numbers(shop: Path) -> None:
    ids = eight_classes()
    info = an.customer_analytics(ids["important_value"], TODAY)
    assert (info.stage, info.rfm_class, info.purchases, info.net) == (
        "active",
        "important_value",
        5,
        100000,
    )
    assert info.days_since_last == 10 and info.above_average_on_all
    assert info.high_dimensions == ("R", "F", "M") and info.aov == 20000
    assert info.churn is not None and info.churn.days_since_last == 10
    prospect = an.customer_analytics(customer("nobody"), TODAY)
    assert prospect.stage == "prospect" and prospect.rfm_class is None
    assert prospect.purchases == 0 and prospect.aov is None and not prospect.churn_warning


def test_churn_flag_comes_from_services_churn(shop: Path) -> None:
    from desktop_crm.services.churn import churn_warning_ids

    regular = customer("regular")  # every 10 days, then silence for 60: warning
    for k in range(4):
        order(regular, ago(60 + 10 * k))
    fine = customer("fine")
    order(fine, ago(5))
    order(fine, ago(15))
    assert an.churn_ids(TODAY) == frozenset(churn_warning_ids(TODAY)) == {regular}
    assert an.customer_analytics(regular, TODAY).churn_warning
    assert not an.customer_analytics(fine, TODAY).churn_warning


# --- store level ---------------------------------------------------------------------------


def period_fixture() -> dict[str, int]:
    ids = {k: customer(k) for k in ("X", "Y", "Z", "W", "V")}
    order(ids["X"], date(2026, 5, 1), paid=1000)
    order(ids["X"], date(2026, 10, 10), paid=2000)
    order(ids["Y"], date(2026, 10, 5), paid=3000)
    order(ids["Z"], date(2026, 10, 5), paid=4000)
    order(ids["Z"], date(2026, 10, 20), paid=5000, refunded=1000)
    order(ids["W"], date(2026, 10, 15), paid=6000)
    order(ids["W"], date(2026, 11, 5), paid=7000)
    order(ids["V"], datetime(2026, 9, 30, 23, 59, 59), paid=8000)
    order(None, date(2026, 10, 31), paid=9000)  # no customer: in sales, not in customers
    order(ids["Y"], date(2026, 10, 6), paid=500, status="refunded", refunded=500)
    order(ids["Y"], date(2026, 10, 7), paid=500, status="closed")
    order(ids["Y"], date(2026, 10, 8), paid=500, currency="USD")
    return ids


def test_period_kpis_by_hand(shop: Path) -> None:
    period_fixture()
    k = an.period_kpis(date(2026, 10, 1), date(2026, 11, 1), today=TODAY)
    assert (k.purchasing_customers, k.new_customers, k.repeat_customers) == (4, 3, 2)
    assert k.repurchase_rate == 0.5  # X (bought before) and Z (twice); not W (2nd after end)
    assert (k.orders, k.net_sales) == (6, 2000 + 3000 + 4000 + 4000 + 6000 + 9000)
    assert k.aov == round(28000 / 6)
    assert k.customers == 5  # X Y Z W V had bought by Nov 1
    assert k.active_customers == 5  # a purchase from Aug 2 to Oct 31
    prev = an.compare_periods(date(2026, 10, 1), date(2026, 11, 1), today=TODAY).previous
    assert (prev.start, prev.end) == (date(2026, 9, 1), date(2026, 10, 1))
    assert (prev.purchasing_customers, prev.new_customers, prev.repeat_customers) == (1, 1, 0)
    assert (prev.customers, prev.orders, prev.net_sales) == (2, 1, 8000)  # X (May) and V
    empty = an.period_kpis(date(2020, 1, 1), date(2020, 2, 1), today=TODAY)
    assert empty.repurchase_rate is None and empty.aov is None and empty.orders == 0


def test_current_period_active_equals_new_plus_active_stages(shop: Path) -> None:
    period_fixture()
    k = an.period_kpis(date(2026, 11, 1), date(2026, 12, 1), today=TODAY)
    counts = an.lifecycle_counts(TODAY)
    assert k.active_customers == counts["new"] + counts["active"] == 5  # V: 53 days, active
    assert (k.purchasing_customers, k.new_customers, k.repeat_customers) == (1, 0, 1)


def test_series(shop: Path) -> None:
    ids = period_fixture()
    months = an.monthly_series(TODAY, months=3)
    assert [m.month for m in months] == ["2026-09", "2026-10", "2026-11"]
    assert [(m.orders, m.net_sales, m.new_customers) for m in months] == [
        (1, 8000, 1),
        (6, 28000, 3),
        (1, 7000, 0),
    ]
    days = an.daily_net_sales(2026, 10)
    assert len(days) == 31 and days[0].day == date(2026, 10, 1)
    assert days[4] == an.DayPoint(date(2026, 10, 5), 7000, 2)
    assert sum(d.net_sales for d in days) == 28000
    Customer.update(province="浙江省").where(Customer.id == ids["X"]).execute()
    order(ids["Y"], date(2026, 10, 9), paid=100, province="广东省", platform="jd")
    provinces = an.top_provinces(date(2026, 10, 1), date(2026, 11, 1))
    assert provinces[0] == an.GroupFigure("", 3, 5, 26000)  # unknown province: Y Z W + anon
    assert an.GroupFigure("浙江省", 1, 1, 2000) in provinces  # X's own province
    assert an.GroupFigure("广东省", 1, 1, 100) in provinces  # the order's ship-to province
    platforms = an.by_platform(date(2026, 10, 1), date(2026, 11, 1))
    assert [(p.key, p.orders) for p in platforms] == [("taobao", 6), ("jd", 1)]


def test_customers_by_tier(shop: Path) -> None:
    a, b, _c = customer("a"), customer("b"), customer("c")
    gold = db.execute_sql("SELECT id FROM tier WHERE name = 'Gold'").fetchone()[0]
    silver = db.execute_sql("SELECT id FROM tier WHERE name = 'Silver'").fetchone()[0]
    db.execute_sql(
        "INSERT INTO customer_loyalty (customer_id, tier_id) VALUES (?, ?), (?, ?)",
        (a, gold, b, silver),
    )
    tiers = an.customers_by_tier()
    assert [(t.name, t.customers) for t in tiers] == [
        ("Member", 1),
        ("Silver", 1),
        ("Gold", 1),
        ("Diamond", 0),
    ]


# --- the cache -----------------------------------------------------------------------------


def test_cache_hits_until_something_changes(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = customer("a")
    order(cid, ago(5))
    calls = []
    real = an._compute_snapshot
    monkeypatch.setattr(an, "_compute_snapshot", lambda t: calls.append(t) or real(t))
    first = an.customer_snapshot(TODAY)
    assert an.customer_snapshot(TODAY) is first and len(calls) == 1
    an.customer_snapshot(TODAY + timedelta(days=1))  # another day: another entry
    assert an.customer_snapshot(TODAY) is first and len(calls) == 2
    # A write on this connection (a new customer) invalidates.
    customer("b")
    assert an.lifecycle_counts(TODAY)["prospect"] == 1 and len(calls) == 3
    # A commit by another connection (another thread, the CLI) invalidates too.
    other = sqlite3.connect(str(shop), isolation_level=None)
    other.execute("PRAGMA busy_timeout = 5000")
    other.execute(
        "INSERT INTO customer (display_name, created_at, updated_at) VALUES ('c', '2026-01-01', "
        "'2026-01-01')"
    )
    other.close()
    assert an.lifecycle_counts(TODAY)["prospect"] == 2 and len(calls) == 4
    # Reading (and filtering the customer list) does not.
    from desktop_crm.services import customer_list as cl

    cl.list_ids(cl.CustomerFilter(stage="active", text="a"), today=TODAY)
    an.lifecycle_counts(TODAY)
    assert len(calls) == 4


def test_nothing_is_cached_inside_a_transaction(shop: Path) -> None:
    cid = customer("a")
    with db.atomic() as txn:
        order(cid, ago(5))
        assert an.lifecycle_counts(TODAY)["new"] == 1
        txn.rollback()
    assert an.lifecycle_counts(TODAY) == {
        "prospect": 1,
        "new": 0,
        "active": 0,
        "sleeping": 0,
        "lost": 0,
    }


def test_cache_invalidated_by_an_import(shop: Path, tmp_path: Path) -> None:
    from desktop_crm.services.importing import engine
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export

    def parsed(no: int, buyer: str, when: datetime) -> ParsedOrder:
        return ParsedOrder(
            row=0, platform="taobao", order_no=str(2039000000000000000 + no), ordered_at=when,
            status="completed", paid=10000, refunded=0, currency="CNY", buyer_key=buyer,
            buyer_name=buyer, real_name="张三", phone="13800138000", province="浙江省",
            city="杭州市", address="文一西路1号", item_summary="手工皂",
        )  # fmt: skip

    first = write_export(
        "taobao", [parsed(1, "zs", datetime(2026, 11, 20, 10))], tmp_path / "a.csv"
    )
    engine.import_file(first, now=datetime(2026, 11, 22, 10))
    assert an.lifecycle_counts(TODAY)["new"] == 1
    assert an.period_kpis(date(2026, 11, 1), date(2026, 12, 1), today=TODAY).orders == 1
    second = write_export(
        "taobao",
        [parsed(2, "zs", datetime(2026, 11, 21, 10)), parsed(3, "ls", datetime(2026, 1, 5, 10))],
        tmp_path / "b.csv",
    )
    engine.import_file(second, now=datetime(2026, 11, 22, 11))
    assert an.lifecycle_counts(TODAY) == {
        "prospect": 0,
        "new": 1,
        "active": 0,
        "sleeping": 0,
        "lost": 1,
    }
    k = an.period_kpis(date(2026, 11, 1), date(2026, 12, 1), today=TODAY)
    assert (k.orders, k.repeat_customers) == (2, 1)


def test_data_version_moves_with_writes(shop: Path) -> None:
    before = an.data_version()
    assert an.data_version() == before
    customer("a")
    assert an.data_version() != before


def test_empty_database(shop: Path) -> None:
    assert an.lifecycle_counts(TODAY) == dict.fromkeys(an.STAGES, 0)
    assert an.rfm_class_counts(TODAY) == dict.fromkeys(an.RFM_CLASSES, 0)
    k = an.period_kpis(date(2026, 11, 1), date(2026, 12, 1), today=TODAY)
    assert (k.customers, k.orders, k.repurchase_rate) == (0, 0, None)
    assert [m.orders for m in an.monthly_series(TODAY)] == [0] * 12
    assert an.top_provinces() == [] and an.by_platform() == []


def test_no_store_currency_yet_counts_every_currency(db_path: Path) -> None:
    cid = customer("a")
    order(cid, ago(5), currency="USD")
    assert an.lifecycle_counts(TODAY)["new"] == 1


def test_recompute_totals_agrees_with_snapshot(shop: Path) -> None:
    ids = eight_classes()
    recompute_totals()
    snap = an.customer_snapshot(TODAY)
    for cid in ids.values():
        c = Customer.get_by_id(cid)
        rfm = snap.get(cid)
        assert rfm is not None and (c.order_count, c.total_paid) == (rfm.purchases, rfm.net)
