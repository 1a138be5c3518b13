"""Orders in another currency (DESIGN §2): left out of sums and tiers, with a warning, until the
merchant sets a conversion rate; then counted everywhere at that rate."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_crm.db import db
from desktop_crm.errors import ValidationError
from desktop_crm.reports.monthly import build_monthly_report
from desktop_crm.services import analytics, currency, effects, loyalty
from desktop_crm.services.check import run_check
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.stats import store_stats

NOW = datetime(2026, 11, 22, 10, 0)
TODAY = NOW.date()


def _order(platform: str, no: str, key: str, paid: int, currency_code: str, days_ago: int):
    return ParsedOrder(
        row=0, platform=platform, order_no=no,
        ordered_at=NOW - timedelta(days=days_ago), status="completed", paid=paid,
        currency=currency_code, buyer_key=key, buyer_name=key, real_name=key,
        email=key if "@" in key else None,
        item_summary="soap", items=[ParsedItem("soap", quantity=1, price=paid)],
    )  # fmt: skip


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    """A CNY store (its first import) with one buyer who paid in USD and one in both."""
    taobao = [_order("taobao", "2039000000000000001", "tb_li", 10_000, "CNY", 5)]
    path = write_export("taobao", taobao, tmp_path / "ExportOrderList202611221000.csv")
    engine.import_file(path, now=NOW, today=TODAY)
    shopify = [
        _order("shopify", "#1001", "usd@example.com", 80_000, "USD", 3),
        _order("shopify", "#1002", "usd@example.com", 20_000, "USD", 40),
    ]
    path = write_export("shopify", shopify, tmp_path / "orders_export.csv")
    engine.import_file(path, platform="shopify", now=NOW, today=TODAY)

    def cid(key: str) -> int:
        sql = "SELECT customer_id FROM channel_identity WHERE buyer_key = ?"
        return int(db.execute_sql(sql, [key]).fetchone()[0])

    return {"li": cid("tb_li"), "usd": cid("usd@example.com")}


def _customer(cid: int) -> tuple[int, int]:
    row = db.execute_sql("SELECT order_count, total_paid FROM customer WHERE id = ?", [cid])
    n, total = row.fetchone()
    return int(n), int(total)


def test_without_a_rate_the_other_currency_is_left_out_and_named(shop: dict[str, int]) -> None:
    assert currency.store_currency() == "CNY"
    assert currency.uncounted() == [currency.Uncounted("USD", 2, 100_000)]
    stats = store_stats(today=TODAY)
    assert stats["revenue"] == "100.00" and stats["lifecycle"]["prospect"] == 1
    assert _customer(shop["usd"]) == (0, 0)
    assert loyalty.points_balance(shop["usd"]) == 0
    notes = build_monthly_report(TODAY.replace(day=1), today=TODAY).notes
    assert "Left out of every figure: the month's orders in USD (1)" in " ".join(notes)
    october = build_monthly_report(TODAY.replace(month=10, day=1), today=TODAY).notes
    assert "USD (1)" in " ".join(october)


def test_a_rate_counts_the_orders_everywhere_and_removing_it_takes_them_out(
    shop: dict[str, int],
) -> None:
    effects.set_currency_rates({"USD": "7.1"}, today=TODAY, now=NOW)
    assert currency.rates() == {"USD": Decimal("7.1")}
    assert currency.uncounted() == []
    # 800.00 USD = 5,680.00 CNY and 200.00 USD = 1,420.00 CNY: per order, to the fen.
    assert _customer(shop["usd"]) == (2, 710_000)
    stats = store_stats(today=TODAY)
    assert stats["revenue"] == "7200.00"
    assert stats["lifecycle"]["prospect"] == 0
    assert stats["tiers"]["Gold"] == 1  # 7,100 spent in the year
    assert loyalty.points_balance(shop["usd"]) == 7100  # 1 point per yuan, completed orders
    info = analytics.customer_analytics(shop["usd"], TODAY)
    assert (info.purchases, info.net, info.foreign_currency_orders) == (2, 710_000, 0)
    report = build_monthly_report(TODAY.replace(day=1), today=TODAY)
    assert report.kpi("net_sales").current == 10_000 + 568_000
    assert "converted at the rates set: 1 USD = 7.1 CNY" in " ".join(report.notes)
    assert "Left out" not in " ".join(report.notes)
    assert run_check().ok
    effects.set_currency_rates({}, today=TODAY, now=NOW)
    assert _customer(shop["usd"]) == (0, 0)
    assert loyalty.points_balance(shop["usd"]) == 0
    assert store_stats(today=TODAY)["revenue"] == "100.00"
    assert run_check().ok


@pytest.mark.parametrize(
    ("rates", "field"),
    [
        ({"USD": "0"}, "USD"),
        ({"USD": "-7"}, "USD"),
        ({"USD": "seven"}, "USD"),
        ({"USD": "7.1234567"}, "USD"),  # more than 6 decimals
        ({"USD": "7_1"}, "USD"),  # Python's Decimal reads it as 71
        ({"USD": "٧"}, "USD"),  # an Arabic-Indic 7
        ({"USD": "1e3"}, "USD"),
        ({"US D": "7"}, "US D"),
        ({"CNY": "1"}, "CNY"),  # the store's own currency
    ],
)
def test_bad_rates_are_refused_and_change_nothing(
    shop: dict[str, int], rates: dict[str, str], field: str
) -> None:
    effects.set_currency_rates({"USD": "7"}, today=TODAY, now=NOW)
    with pytest.raises(ValidationError) as info:
        effects.set_currency_rates(rates, today=TODAY, now=NOW)
    assert field in info.value.errors
    assert currency.rates() == {"USD": Decimal("7")}
    assert _customer(shop["usd"]) == (2, 700_000)


def test_points_a_new_rate_changes_are_not_called_refunds(shop: dict[str, int]) -> None:
    from desktop_crm.views.points_statement import what_text

    effects.set_currency_rates({"USD": "7.1"}, today=TODAY, now=NOW)
    effects.set_currency_rates({"USD": "7"}, today=TODAY, now=NOW + timedelta(minutes=1))
    lines = [ln for ln in loyalty.ledger(shop["usd"]) if ln.created_at > NOW]
    assert {(ln.reason, ln.note) for ln in lines} == {(loyalty.REFUND, loyalty.RATE_CHANGED)}
    assert sum(ln.delta for ln in lines) == 7000 - 7100
    assert {what_text(ln) for ln in lines} == {"Taken back (exchange rate changed)"}
    # Raising it adds, and says why.
    effects.set_currency_rates({"USD": "7.5"}, today=TODAY, now=NOW + timedelta(minutes=2))
    raised = [
        ln for ln in loyalty.ledger(shop["usd"]) if ln.created_at > NOW + timedelta(minutes=1)
    ]
    assert {what_text(ln) for ln in raised} == {"Added (exchange rate changed)"}


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("25000000", "rate_too_large"),  # a dong-style rate, or a slip of the finger
        ("1000001", "rate_too_large"),
        ("1000000.000001", "rate_too_large"),
        ("2000000.1234567", "rate_too_large"),  # too large first: fewer decimals won't do
        ("7.1234567", "rate"),
        ("0", "rate"),
        ("-7", "rate"),
        ("seven", "rate"),
    ],
)
def test_a_refused_rate_says_why(typed: str, why: str) -> None:
    # A rate above the limit was refused as "not a number above 0 with at most 6 decimals".
    with pytest.raises(ValidationError) as info:
        currency.validate_rates({"USD": typed}, "CNY")
    assert info.value.errors == {"USD": why}


def test_the_largest_rate_is_taken() -> None:
    assert currency.validate_rates({"USD": "1000000"}, "CNY") == {"USD": currency.MAX_RATE}
    assert currency.parse_rate("1000001") is None  # never read as a rate either
