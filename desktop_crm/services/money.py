"""Money is integer minor units (fen / cents); these turn it into text, never into floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}


def to_decimal(minor: int) -> Decimal:
    """Minor units as an exact Decimal in currency units."""
    return (Decimal(int(minor)) / 100).quantize(Decimal("0.01"))


def decimal_string(minor: int) -> str:
    """'1234.50': the machine-readable form used in JSON."""
    return str(to_decimal(minor))


def format_money(minor: int, currency: str | None = None) -> str:
    """'¥1,234.50': the form shown to people (2 decimals, thousands separators)."""
    sign = "-" if minor < 0 else ""
    text = f"{to_decimal(abs(minor)):,.2f}"
    symbol = SYMBOLS.get((currency or "").upper(), "")
    if not symbol and currency:
        return f"{sign}{text} {currency}"
    return f"{sign}{symbol}{text}"


def format_percent(share: float) -> str:
    """'12.5%': a share (0.125) as people read it, one decimal, halves rounded up.

    Python's own formatting rounds a float half to even (0.0625 → '6.2%'); every screen
    and report shows the same figure this way.
    """
    value = Decimal(repr(float(share) * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"
