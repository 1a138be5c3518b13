"""The cell cleaners added for Douyin, WooCommerce, Etsy and eBay: statuses, amounts, currency."""

from __future__ import annotations

import pytest

from desktop_crm.services.importing.normalize import currency_of, map_status, parse_money
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    PAID,
    PENDING,
    REFUNDED,
    SHIPPED,
)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("wc-completed", COMPLETED),
        ("completed", COMPLETED),
        ("Completed", COMPLETED),
        ("processing", PAID),
        ("wc-processing", PAID),
        ("on-hold", PENDING),
        ("On hold", PENDING),
        ("pending", PENDING),
        ("Pending payment", PENDING),
        ("wc-pending", PENDING),
        ("cancelled", CLOSED),
        ("wc-cancelled", CLOSED),
        ("refunded", REFUNDED),
        ("failed", CLOSED),
        ("wc-failed", CLOSED),
    ],
)
def test_woocommerce_statuses(text: str, status: str) -> None:
    assert map_status("woocommerce", text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("已完成", COMPLETED),
        ("待发货", PAID),
        ("已发货", SHIPPED),
        ("已关闭", CLOSED),
        ("已取消", CLOSED),
        ("待支付", PENDING),
        ("退款成功", REFUNDED),
    ],
)
def test_douyin_statuses(text: str, status: str) -> None:
    assert map_status("douyin", text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Paid", PAID),
        ("Completed", COMPLETED),
        ("Refunded", REFUNDED),
        ("Partially Refunded", PAID),
        ("Canceled", CLOSED),
        ("Cancelled", CLOSED),
    ],
)
def test_etsy_statuses(text: str, status: str) -> None:
    assert map_status("etsy", text) == status


@pytest.mark.parametrize("platform", ["douyin", "woocommerce", "etsy"])
def test_unknown_and_blank_statuses_are_errors(platform: str) -> None:
    with pytest.raises(ValueError, match="unknown order status"):
        map_status(platform, "shipped-to-moon")
    with pytest.raises(ValueError, match="blank"):
        map_status(platform, " ")


@pytest.mark.parametrize(
    ("text", "minor", "currency"),
    [
        ("$12.34", 1234, "USD"),
        ("$1,234.50", 123450, "USD"),
        ("US $5.00", 500, "USD"),
        ("AU $3,013.00", 301300, "AUD"),
        ("C $5.00", 500, "CAD"),
        ("£6.50", 650, "GBP"),
        ("116,99 €", 11699, "EUR"),
        ("1.234,50 €", 123450, "EUR"),
        ("EUR 90,00", 9000, "EUR"),
        ("12,00", 1200, None),
        ("88.00元", 8800, "CNY"),
        ("¥12", 1200, "CNY"),
        ("12.00", 1200, None),
    ],
)
def test_marketplace_amounts_and_their_currency(
    text: str, minor: int, currency: str | None
) -> None:
    assert parse_money(text) == minor
    assert currency_of(text) == currency


def test_currency_of_non_text() -> None:
    assert currency_of(None) is None
    assert currency_of(12.5) is None
    assert currency_of("") is None
