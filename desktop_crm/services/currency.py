"""The store currency and the merchant's conversion rates (DESIGN §2).

A store has one currency; every sum (totals, tiers, points, analytics, reports) is in it. An
order in another currency counts once the merchant has set a rate for that currency: its net
is converted order by order, rounded half up to the minor unit. Without a rate it is kept and
shown but left out of every figure, and `uncounted()` names it so screens can warn.

The SQL fragments inline the rates as literals (validated here when saved and again when read),
so every query that sums money stays a single statement with its own parameters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from desktop_crm.db import db
from desktop_crm.errors import ValidationError
from desktop_crm.services.importing.records import PURCHASE_STATUSES
from desktop_crm.services.money import decimals
from desktop_crm.services.settings import get_setting, set_setting, store_currency

__all__ = [
    "COMMON_CURRENCIES",
    "MAX_DECIMALS",
    "Uncounted",
    "counted_sql",
    "currencies_in_orders",
    "net_sql",
    "parse_rate",
    "rates",
    "carry_rates",
    "save_rates",
    "store_currency",
    "uncounted",
    "valid_code",
]

RATES_KEY = "currency_rates"
# Offered in choices of a currency besides those the orders are in (any code can be typed).
COMMON_CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "CAD", "AUD", "SGD")
MAX_DECIMALS = 6
MAX_RATE = Decimal(1_000_000)
_CODE = re.compile(r"^[A-Z]{3}$")
_PURCHASES = "(" + ", ".join(f"'{s}'" for s in PURCHASE_STATUSES) + ")"

# Message codes of ValidationError.errors (views translate them).
BAD_CODE = "code"  # not a three-letter ISO code
STORE_ITSELF = "store_currency"
BAD_RATE = "rate"  # not a positive number with at most MAX_DECIMALS decimals
RATE_TOO_LARGE = "rate_too_large"  # a number above MAX_RATE


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_RATE = re.compile(r"^[0-9]+(?:\.[0-9]+)?$", re.ASCII)


def parse_rate(value: Any) -> Decimal | None:
    """A rate as typed ("7,1") -> Decimal, or None when it is not one (see validate_rates)."""
    rate, _why = _read_rate(value)
    return rate


def _read_rate(value: Any) -> tuple[Decimal | None, str | None]:
    """(rate, None) for a rate as typed, or (None, the message code saying why it is not one):
    a number above the limit is told apart, as it is a rate in every other way."""
    # Plain digits with a decimal point (or comma) only: Decimal itself would take "7_1" as
    # 71, other scripts' digits and exponents.
    text = str(value).strip().replace(",", ".")
    if not _RATE.match(text):
        return None, BAD_RATE
    try:
        rate = Decimal(text)
    except (InvalidOperation, ValueError):
        return None, BAD_RATE
    exponent = rate.as_tuple().exponent
    if not rate.is_finite() or not isinstance(exponent, int) or rate <= 0:
        return None, BAD_RATE
    if rate > MAX_RATE:  # before the decimals: fewer of them would not make it a rate
        return None, RATE_TOO_LARGE
    if -exponent > MAX_DECIMALS:
        return None, BAD_RATE
    return rate, None


def validate_rates(given: dict[str, Any], store: str | None = None) -> dict[str, Decimal]:
    """Rates as the merchant typed them ({"USD": "7.1"}) -> {code: Decimal}, to `store` (the
    store currency now when None).

    Raises:
        ValidationError: errors maps each bad currency (as given) to BAD_CODE, STORE_ITSELF,
            BAD_RATE or RATE_TOO_LARGE.
    """
    errors: dict[str, str] = {}
    out: dict[str, Decimal] = {}
    store = store or store_currency()
    for raw_code, raw_rate in given.items():
        code = str(raw_code).strip().upper()
        if not _CODE.match(code):
            errors[str(raw_code)] = BAD_CODE
            continue
        if code == store:
            errors[str(raw_code)] = STORE_ITSELF
            continue
        rate, why = _read_rate(raw_rate)
        if rate is None:
            errors[str(raw_code)] = why or BAD_RATE
            continue
        out[code] = rate
    if errors:
        raise ValidationError(errors)
    return out


def rates() -> dict[str, Decimal]:
    """The conversion rates set: {code: store-currency units per unit of that currency}."""
    stored = get_setting(RATES_KEY) or {}
    store = store_currency()
    out = {}
    if isinstance(stored, dict):
        for code, text in stored.items():
            rate = parse_rate(text)
            # A rate for the store's own currency is never one (a store that became it).
            if isinstance(code, str) and _CODE.match(code) and rate is not None and code != store:
                out[code] = rate
    return dict(sorted(out.items()))


def valid_code(code: Any) -> str:
    """A store currency as the merchant typed it ('usd') -> 'USD'.

    Raises:
        ValidationError: {"currency": BAD_CODE} when it is not three letters.
    """
    text = str(code).strip().upper()
    if not _CODE.match(text):
        raise ValidationError({"currency": BAD_CODE})
    return text


def carry_rates(given: dict[str, Decimal], old: str | None, new: str) -> dict[str, Decimal]:
    """Rates to `old` as rates to `new`: what each currency (`old` included) is worth in `new`,
    to MAX_DECIMALS (1 / the rate of `new`, and each other rate divided by it). Empty when
    `new` has no rate in `given`: there is nothing to carry them over with."""
    new = str(new).strip().upper()
    if new == old:
        return dict(given)
    base = given.get(new)
    if base is None or old is None:
        return {}
    step = Decimal(1).scaleb(-MAX_DECIMALS)
    out = {}
    for code, rate in [(old, Decimal(1)), *given.items()]:
        if code == new:
            continue
        value = (rate / base).quantize(step, rounding=ROUND_HALF_UP)
        if value > 0:
            out[code] = Decimal(format(value, "f").rstrip("0").rstrip("."))
    return dict(sorted(out.items()))


def save_rates(given: dict[str, Any]) -> dict[str, Decimal]:
    """Validate and store the rates (all of them: a currency left out has none).

    Only the setting: effects.set_currency_rates also brings every figure up to date.
    """
    valid = validate_rates(given)
    set_setting(RATES_KEY, {code: str(rate) for code, rate in sorted(valid.items())})
    return valid


def counted_sql(alias: str = "o") -> str:
    """SQL: the order's money counts (the store currency, no currency given, or a rated one)."""
    store = store_currency()
    if not store:
        return "1"
    codes = ", ".join(_literal(c) for c in [store, *rates()])
    return f"({alias}.currency IS NULL OR {alias}.currency IN ({codes}))"


def net_sql(alias: str = "o") -> str:
    """SQL: the order's net (paid - refunded) in the store currency, converted at its rate.

    Meaningful where counted_sql holds; rounded half up, per order, to the store currency's
    smallest unit (the fen; the whole yen in a yen store).
    """
    net = f"({alias}.paid - {alias}.refunded)"
    known = rates()
    store = store_currency()
    if not known or not store:
        return net
    # Integer arithmetic, exact: the rate in millionths, halves rounded up (a purchase's net
    # is not negative).
    scale = 10**MAX_DECIMALS
    unit = 1 if decimals(store) else 100  # amounts are hundredths, yen too
    cases = " ".join(f"WHEN {_literal(c)} THEN {int(r * scale)}" for c, r in known.items())
    factor = f"(CASE {alias}.currency {cases} ELSE {scale} END)"
    rounded = f"CAST(({net} * {factor} + {scale * unit // 2}) / {scale * unit} AS INTEGER)"
    return rounded if unit == 1 else f"{rounded} * {unit}"


@dataclass(frozen=True, slots=True)
class Uncounted:
    """Purchases in a currency without a rate: left out of every figure."""

    currency: str
    orders: int
    net: int  # minor units of that currency


def uncounted(
    start: date | None = None, end: date | None = None, *, customer_id: int | None = None
) -> list[Uncounted]:
    """The currencies whose purchases are left out now (of orders dated start <= day < end,
    when given; of one customer's, when given), with how many and how much."""
    where, params = [], []
    if customer_id is not None:
        where.append("o.customer_id = ?")
        params.append(customer_id)
    if start is not None:
        where.append("o.ordered_at >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("o.ordered_at < ?")
        params.append(end.isoformat())
    return [u for _cid, u in _left_out(where, params, per_customer=False)]


def uncounted_by_customer(customer_ids: Sequence[int]) -> dict[int, tuple[Uncounted, ...]]:
    """`uncounted()` for each of these customers (for a list's page: one indexed query per
    500), only those with purchases left out."""
    out: dict[int, list[Uncounted]] = {}
    ids = list(customer_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        where = [f"o.customer_id IN ({','.join('?' * len(chunk))})"]
        for cid, u in _left_out(where, chunk, per_customer=True):
            out.setdefault(cid, []).append(u)
    return {cid: tuple(u) for cid, u in out.items()}


def _left_out(
    where: list[str], params: Sequence[Any], *, per_customer: bool
) -> list[tuple[int, Uncounted]]:
    """(customer id or 0, Uncounted) of the purchases matching `where` that are left out."""
    if not store_currency():
        return []
    who = "o.customer_id, " if per_customer else ""
    rows = db.execute_sql(
        f"SELECT {who or '0, '}o.currency, count(*), coalesce(sum(o.paid - o.refunded), 0) "
        "FROM orders o "
        f"WHERE {' AND '.join([f'o.status IN {_PURCHASES}', f'NOT {counted_sql()}', *where])} "
        f"GROUP BY {who}o.currency ORDER BY {who}count(*) DESC, o.currency",
        list(params),
    ).fetchall()
    return [(int(cid), Uncounted(str(c), int(n), int(net))) for cid, c, n, net in rows]


def currencies_in_orders(*, with_store: bool = False) -> list[tuple[str, int]]:
    """(code, orders) of every currency other than the store's that orders are in (and the
    store's too, `with_store`: orders that name no currency are not counted in it)."""
    store = None if with_store else store_currency()
    rows = db.execute_sql(
        "SELECT upper(currency), count(*) FROM orders WHERE currency IS NOT NULL "
        "AND currency != '' AND upper(currency) IS NOT ? GROUP BY 1 ORDER BY 2 DESC, 1",
        [store],
    ).fetchall()
    return [(str(c), int(n)) for c, n in rows]
