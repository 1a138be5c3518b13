"""The churn warning of DESIGN §4, on hand-computed fixtures and against a plain reference."""

from __future__ import annotations

import random
import statistics
from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path

import pytest

from desktop_crm.db import db
from desktop_crm.models import Customer, Order
from desktop_crm.services import churn
from desktop_crm.services.settings import set_setting

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)
_seq = count(1)


def customer(name: str = "buyer") -> int:
    return int(Customer.create(display_name=name, created_at=NOW, updated_at=NOW).id)


def buy(
    cid: int, days_ago: int, *, status: str = "completed", hour: int = 12, currency: str = "CNY"
) -> None:
    when = datetime.combine(TODAY - timedelta(days=days_ago), time(hour))
    Order.create(
        platform="taobao", order_no=str(next(_seq)), customer=cid, ordered_at=when,
        status=status, paid=1000, refunded=1000 if status == "refunded" else 0, currency=currency,
    )  # fmt: skip


def with_days(*days_ago: int, **kw: object) -> int:
    cid = customer()
    for d in days_ago:
        buy(cid, d, **kw)  # type: ignore[arg-type]
    return cid


@pytest.fixture(autouse=True)
def _currency(db_path: Path) -> None:
    set_setting("currency", "CNY")


def test_exactly_at_threshold_is_not_a_warning_one_day_over_is() -> None:
    at = with_days(100, 60)  # gap 40 -> threshold max(30, 60) = 60; 60 days since
    over = with_days(101, 61)  # 61 days since
    assert churn.churn_warning_ids(TODAY) == {over}
    info = churn.churn_info(at, TODAY)
    assert (info.days_since_last, info.usual_interval, info.threshold, info.warning) == (
        60, 40.0, 60.0, False,
    )  # fmt: skip
    assert churn.churn_info(over, TODAY).days_over == 1


def test_the_30_day_floor() -> None:
    at = with_days(34, 32, 30)  # gaps 2, 2: 1.5 x 2 = 3, the floor 30 applies
    over = with_days(35, 33, 31)
    assert churn.churn_warning_ids(TODAY) == {over}
    assert churn.churn_info(at, TODAY).threshold == 30.0


def test_two_purchases_on_one_day_are_one_distinct_day() -> None:
    cid = customer()
    buy(cid, 200, hour=9)
    buy(cid, 200, hour=18)
    info = churn.churn_info(cid, TODAY)
    assert (info.purchase_days, info.warning, info.usual_interval) == (1, False, None)
    assert churn.churn_warning_ids(TODAY) == set()
    # The same-day repeat does not make a zero gap either: days 300, 200, 200 -> one gap of 100.
    buy(cid, 300)
    info = churn.churn_info(cid, TODAY)
    assert (info.purchase_days, info.usual_interval, info.threshold) == (2, 100.0, 150.0)
    assert info.warning  # 200 > 150


def test_refunds_closed_pending_and_other_currencies_are_not_purchases() -> None:
    cid = with_days(300, 200)  # gap 100: threshold 150, 200 days since -> warning
    buy(cid, 100, status="refunded")
    buy(cid, 90, status="closed")
    buy(cid, 80, status="pending")
    buy(cid, 70, currency="USD")
    info = churn.churn_info(cid, TODAY)
    assert (info.purchase_days, info.days_since_last, info.warning) == (2, 200, True)
    assert churn.churn_warning_ids(TODAY) == {cid}
    paid = with_days(300, 200)
    buy(paid, 10, status="paid")  # paid and shipped are purchases
    shipped = with_days(300, 200)
    buy(shipped, 10, status="shipped")
    assert churn.churn_warning_ids(TODAY) == {cid}


def test_no_store_currency_counts_every_currency() -> None:
    set_setting("currency", None)
    cid = with_days(300, 200)
    buy(cid, 10, currency="USD")
    assert churn.churn_warning_ids(TODAY) == set()


def test_median_odd_number_of_gaps() -> None:
    # days 100, 90, 70, 30 before the 30-day mark: gaps 10, 20, 40 -> median 20 -> 1.5x = 30
    at = with_days(100, 90, 70, 30)
    over = with_days(101, 91, 71, 31)
    assert churn.churn_info(at, TODAY).usual_interval == 20.0
    assert churn.churn_warning_ids(TODAY) == {over}


def test_median_even_number_of_gaps_is_the_mean_of_the_middle_two() -> None:
    # gaps 10, 20, 30, 50 -> median 25 -> threshold 37.5: 37 days no, 38 days yes
    at = with_days(37 + 110, 37 + 100, 37 + 80, 37 + 50, 37)
    over = with_days(38 + 110, 38 + 100, 38 + 80, 38 + 50, 38)
    info = churn.churn_info(at, TODAY)
    assert (info.usual_interval, info.threshold, info.warning) == (25.0, 37.5, False)
    assert churn.churn_info(over, TODAY).warning
    # gaps 20, 45 -> median 32.5 -> threshold 48.75: 48 no, 49 yes
    half_at = with_days(48 + 65, 48 + 45, 48)
    half_over = with_days(49 + 65, 49 + 45, 49)
    assert churn.churn_info(half_at, TODAY).threshold == 48.75
    assert churn.churn_warning_ids(TODAY) == {over, half_over}


def test_orders_after_today_are_ignored_so_a_past_today_works() -> None:
    cid = with_days(300, 200)
    buy(cid, -5)  # five days in the future
    assert churn.churn_warning_ids(TODAY) == {cid}
    # As of 150 days ago: last purchase 50 days before, gap 100 -> threshold 150: no warning.
    assert churn.churn_warning_ids(TODAY - timedelta(days=150)) == set()
    assert churn.count_churn_warning(TODAY) == 1


def test_info_for_sentences_and_customers_without_purchases() -> None:
    cid = with_days(136, 105, 74)  # gaps 31, 31
    info = churn.churn_info(cid, TODAY)
    assert (info.days_since_last, info.usual_interval, info.last_purchase) == (
        74, 31.0, TODAY - timedelta(days=74),
    )  # fmt: skip
    assert info.warning  # 74 > 46.5
    nobody = customer()
    empty = churn.churn_info(nobody, TODAY)
    assert (empty.purchase_days, empty.last_purchase, empty.warning) == (0, None, False)
    once = with_days(400)
    assert churn.churn_info(once, TODAY).days_since_last == 400


def test_scoped_to_some_customers() -> None:
    a = with_days(300, 200)
    b = with_days(300, 200)
    assert churn.churn_warning_ids(TODAY, [a]) == {a}
    assert churn.churn_warning_ids(TODAY, []) == set()
    assert set(churn.churn_warnings(TODAY)) == {a, b}


def _reference(days_by_customer: dict[int, list[int]], today: date) -> set[int]:
    """The definition written plainly (floats), for comparison."""
    out = set()
    for cid, days_ago in days_by_customer.items():
        days = sorted({today.toordinal() - d for d in days_ago if d >= 0})
        if len(days) < 2:
            continue
        gaps = [b - a for a, b in zip(days, days[1:], strict=False)]
        since = today.toordinal() - days[-1]
        if since > max(30, 1.5 * statistics.median(gaps)):
            out.add(cid)
    return out


def test_matches_the_plain_definition_on_random_histories() -> None:
    rng = random.Random(11)
    histories: dict[int, list[int]] = {}
    with db.atomic():
        _random_histories(rng, histories)
    expected = _reference(histories, TODAY)
    assert churn.churn_warning_ids(TODAY) == expected
    assert 10 < len(expected) < 140  # the fixture exercises both outcomes
    for cid in list(histories)[:40]:
        assert churn.churn_info(cid, TODAY).warning == (cid in expected)


def _random_histories(rng: random.Random, histories: dict[int, list[int]]) -> None:
    for _ in range(150):
        cid = customer()
        days = [rng.randint(-3, 400) for _ in range(rng.choice((0, 1, 2, 2, 3, 4, 6, 9)))]
        for d in days:
            buy(cid, d, hour=rng.randint(0, 23))
        histories[cid] = days
        if rng.random() < 0.2:
            buy(cid, rng.randint(0, 30), status=rng.choice(("refunded", "closed")))


def test_every_query_path_gives_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    a = with_days(300, 200)
    b = with_days(300, 200)
    buy(b, 70, currency="USD")  # another currency: not a purchase, on every path
    c = with_days(10, 5)
    assert churn.churn_warning_ids(TODAY) == {a, b}
    # (small scope: exact currency test on the rows; large scope: everyone, filtered after)
    for small, large in ((0, 10**6), (10**6, 10**6), (0, 1)):
        monkeypatch.setattr(churn, "_SMALL_SCOPE", small)
        monkeypatch.setattr(churn, "_LARGE_SCOPE", large)
        assert churn.churn_warning_ids(TODAY, [a, b, c]) == {a, b}
        assert churn.churn_warning_ids(TODAY, [b, c]) == {b}
        assert churn.churn_info(c, TODAY).days_since_last == 5
