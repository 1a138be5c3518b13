"""Money is integer minor units (fen / cents); these turn it into text, never into floats."""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

# The yen is "JP¥": beside yuan orders, a bare "¥3,000" would read as 3,000 yuan.
SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$"}
# Currencies without a minor unit (ISO 4217 exponent 0): amounts are whole, shown without ".00"
# (they are still stored in hundredths, as every amount is).
NO_MINOR_UNIT = frozenset(
    {"JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF", "KMF", "RWF", "VUV", "XPF"}
)


def typed_number(value: object) -> str:
    """A number as typed, for Decimal(): width-normalised (NFKC: an input method in
    full-width mode types １．５ and ￥), without surrounding blanks."""
    text = str(value)
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()


def decimals(currency: str | None) -> int:
    """How many decimals an amount in `currency` is shown with (2 when unknown)."""
    return 0 if (currency or "").upper() in NO_MINOR_UNIT else 2


def to_decimal(minor: int) -> Decimal:
    """Minor units as an exact Decimal in currency units."""
    return (Decimal(int(minor)) / 100).quantize(Decimal("0.01"))


def decimal_string(minor: int) -> str:
    """'1234.50': the machine-readable form used in JSON."""
    return str(to_decimal(minor))


def format_money(minor: int, currency: str | None = None) -> str:
    """'¥1,234.50': the form shown to people (thousands separators; 2 decimals, none for a
    currency without a minor unit: 'JP¥3,000', an average to the yen, halves up)."""
    sign = "-" if minor < 0 else ""
    if decimals(currency) == 0:
        text = f"{(abs(minor) + 50) // 100:,}"
    else:
        text = f"{to_decimal(abs(minor)):,.2f}"
    symbol = SYMBOLS.get((currency or "").upper(), "")
    if not symbol and currency:
        return f"{sign}{text} {currency}"
    return f"{sign}{symbol}{text}"


def excel_money_format(currency: str | None) -> str:
    """The Excel number format of amounts in `currency`: '"¥"#,##0.00', '"JP¥"#,##0' (its
    own decimals), the code after the number when it has no symbol."""
    number = "#,##0.00" if decimals(currency) else "#,##0"
    symbol = SYMBOLS.get((currency or "").upper())
    if symbol:
        return f'"{symbol}"{number};-"{symbol}"{number}'
    if currency:
        return f'{number}" {currency}";-{number}" {currency}"'
    return number


def format_percent(share: float) -> str:
    """'12.5%': a share (0.125) as people read it, one decimal, halves rounded up.

    Python's own formatting rounds a float half to even (0.0625 → '6.2%'); every screen
    and report shows the same figure this way.
    """
    value = Decimal(repr(float(share) * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"
