"""Amounts as people read them (services/money.py): a yen order beside yuan ones."""

from __future__ import annotations

from desktop_crm.services.money import excel_money_format, format_money


def test_yuan_and_dollars_keep_two_decimals() -> None:
    assert format_money(123450, "CNY") == "¥1,234.50"
    assert format_money(-500, "USD") == "-$5.00"
    assert format_money(500, "CAD") == "5.00 CAD"
    assert format_money(500) == "5.00"


def test_a_currency_without_a_minor_unit_shows_whole_amounts_and_its_own_sign() -> None:
    # 3,000 yen stored as hundredths, like every amount; not "¥3,000.00", which reads as yuan.
    assert format_money(300000, "JPY") == "JP¥3,000"
    assert format_money(-300000, "jpy") == "-JP¥3,000"
    assert format_money(1_250_000, "KRW") == "12,500 KRW"
    # An average (AOV, CLV) of whole yen is shown to the yen, halves up, as Excel shows it.
    assert format_money(734090, "JPY") == "JP¥7,341"
    assert format_money(150, "JPY") == "JP¥2"
    assert format_money(-150, "JPY") == "-JP¥2"
    assert format_money(149, "JPY") == "JP¥1"


def test_excel_formats_each_currency_with_its_own_decimals() -> None:
    assert excel_money_format("JPY") == '"JP¥"#,##0;-"JP¥"#,##0'
    assert excel_money_format("CNY") == '"¥"#,##0.00;-"¥"#,##0.00'
    assert excel_money_format("KRW") == '#,##0" KRW";-#,##0" KRW"'
    assert excel_money_format(None) == "#,##0.00"
