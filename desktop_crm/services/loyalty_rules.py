"""The store's loyalty rules (kept in the Setting table) and the exact arithmetic of points.

Points never go through floats: rates and multipliers are integer thousandths, and the points
an order carries are `floor(net × factor / 10**11)` where `factor` = rate‰ × tier multiplier‰ ×
birthday factor‰ and net is in minor units (1/100 of the currency unit).
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_crm.errors import ValidationError
from desktop_crm.services.money import typed_number
from desktop_crm.services.settings import get_setting, set_setting

SETTING_KEY = "loyalty"

# When an order earns its points.
EARN_ON_COMPLETED = "completed"  # DESIGN §4 default
EARN_ON_PURCHASE = "purchase"  # paid, shipped or completed
EARN_ON = (EARN_ON_COMPLETED, EARN_ON_PURCHASE)
EARN_STATUSES = {
    EARN_ON_COMPLETED: ("completed",),
    EARN_ON_PURCHASE: ("paid", "shipped", "completed"),
}

# How earnings expire.
EXPIRY_END_OF_NEXT_YEAR = "end_of_next_year"  # default: the end of the year after the earning
EXPIRY_NEVER = "never"
EXPIRY_MONTHS = "months"  # N months after the earning
EXPIRY = (EXPIRY_END_OF_NEXT_YEAR, EXPIRY_NEVER, EXPIRY_MONTHS)

# Message codes of ValidationError.errors (the views and the CLI word them).
REQUIRED = "required"
INVALID = "invalid"
OUT_OF_RANGE = "out_of_range"
TOO_PRECISE = "too_precise"
TOO_LONG = "too_long"

MAX_RATE = Decimal(1000)
MAX_FACTOR = Decimal(100)
MAX_MONTHS = 600
MAX_REFERRAL = 10_000_000
# factor unit: points per minor unit × 10**11 (rate‰ × multiplier‰ × birthday‰ / 100).
FACTOR_SCALE = 10**11
PERMILLE = 1000


@dataclass(frozen=True, slots=True)
class LoyaltyRules:
    """The store's points and tier rules (all editable in Settings)."""

    earn_rate: str = "1"  # points per 1 unit of the store currency (up to 3 decimals)
    earn_on: str = EARN_ON_COMPLETED
    expiry: str = EXPIRY_END_OF_NEXT_YEAR
    expiry_months: int = 24  # used when expiry == "months"
    birthday_factor: str = "2"  # multiplier for orders dated in the birthday month
    referral_points: int = 100
    downgrades: bool = True  # may a customer drop to a lower tier

    @property
    def rate_permille(self) -> int:
        return to_permille(self.earn_rate)

    @property
    def birthday_permille(self) -> int:
        return to_permille(self.birthday_factor)

    def earn_statuses(self) -> tuple[str, ...]:
        return EARN_STATUSES[self.earn_on]

    def expires_on(self, earned: date) -> date | None:
        """The last day an earning made on `earned` can be used (None: never expires)."""
        return expires_on(earned, self.expiry, self.expiry_months)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def to_permille(value: str | Decimal | int) -> int:
    """'1.5' -> 1500 exactly (validated values have at most 3 decimals)."""
    return int(Decimal(typed_number(value)) * PERMILLE)


def from_permille(value: int) -> str:
    """1500 -> '1.5', 1000 -> '1': the shortest exact decimal text."""
    d = (Decimal(int(value)) / PERMILLE).normalize()
    text = format(d, "f")
    return text


def add_months(day: date, months: int) -> date:
    """`day` plus whole months; a day past the month's end becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def expires_on(earned: date, policy: str, months: int) -> date | None:
    """The last valid day of an earning made on `earned` under an expiry policy."""
    if policy == EXPIRY_NEVER:
        return None
    if policy == EXPIRY_MONTHS:
        return add_months(earned, months) - timedelta(days=1)
    return date(earned.year + 1, 12, 31)


def expires_sql(day_sql: str, rules: LoyaltyRules) -> str:
    """SQL for expires_on() of a 'YYYY-MM-DD' expression (same results as the Python)."""
    if rules.expiry == EXPIRY_NEVER:
        return "NULL"
    if rules.expiry == EXPIRY_MONTHS:
        n = int(rules.expiry_months)
        return f"date({day_sql}, '+{n} months', 'floor', '-1 day')"
    return f"(CAST(substr({day_sql}, 1, 4) AS INTEGER) + 1) || '-12-31'"


def order_points(net: int, factor: int) -> int:
    """Points an order of `net` minor units carries at `factor` (one floor per order)."""
    if net <= 0:
        return 0
    return net * factor // FACTOR_SCALE


def order_points_sql(net: str, factor: str) -> str:
    """order_points() in SQL without 64-bit overflow for any realistic order.

    net × factor can pass 2**63 (¥10M at factor 2e9); SQLite would silently turn it into a
    float. With factor = hi·10**6 + lo and A = net·hi = q·10**5 + r:
    net·factor / 10**11 = q + (r·10**6 + net·lo) / 10**11, every product small.
    """
    a = f"(({net}) * (({factor}) / 1000000))"
    lo = f"(({net}) * (({factor}) % 1000000))"
    return f"(CASE WHEN ({net}) > 0 THEN {a} / 100000 + (({a} % 100000) * 1000000 + {lo}) / 100000000000 ELSE 0 END)"  # noqa: E501


def get_rules() -> LoyaltyRules:
    """The stored rules, defaults for anything not set."""
    stored = get_setting(SETTING_KEY) or {}
    known = {k: v for k, v in stored.items() if k in LoyaltyRules.__dataclass_fields__}
    return LoyaltyRules(**known)


def _decimal(
    errors: dict[str, str], key: str, value: Any, low: Decimal, high: Decimal
) -> str | None:
    if value is None or str(value).strip() == "":
        errors[key] = REQUIRED
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        d = Decimal(typed_number(value))
    except InvalidOperation:
        errors[key] = INVALID
        return None
    if not d.is_finite():
        errors[key] = INVALID
        return None
    if d < low or d > high:
        errors[key] = OUT_OF_RANGE
        return None
    if d != d.quantize(Decimal("0.001")):
        errors[key] = TOO_PRECISE
        return None
    return from_permille(to_permille(d))


def _int(errors: dict[str, str], key: str, value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or value is None:
        errors[key] = INVALID if value is not None else REQUIRED
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        errors[key] = INVALID
        return None
    if n < low or n > high:
        errors[key] = OUT_OF_RANGE
        return None
    return n


def validate_rules(data: dict[str, Any]) -> tuple[LoyaltyRules | None, dict[str, str]]:
    """Check a rules form; returns (rules, {}) or (None, {field: message code})."""
    errors: dict[str, str] = {}
    merged = {**get_rules().to_json(), **data}
    unknown = set(data) - set(LoyaltyRules.__dataclass_fields__)
    for key in sorted(unknown):
        errors[key] = INVALID
    rate = _decimal(errors, "earn_rate", merged["earn_rate"], Decimal(0), MAX_RATE)
    bday = _decimal(errors, "birthday_factor", merged["birthday_factor"], Decimal(1), MAX_FACTOR)
    if merged["earn_on"] not in EARN_ON:
        errors["earn_on"] = INVALID
    if merged["expiry"] not in EXPIRY:
        errors["expiry"] = INVALID
    months = _int(errors, "expiry_months", merged["expiry_months"], 1, MAX_MONTHS)
    referral = _int(errors, "referral_points", merged["referral_points"], 0, MAX_REFERRAL)
    if not isinstance(merged["downgrades"], bool):
        errors["downgrades"] = INVALID
    if errors:
        return None, errors
    assert rate is not None and bday is not None and months is not None and referral is not None
    return (
        LoyaltyRules(
            earn_rate=rate,
            earn_on=merged["earn_on"],
            expiry=merged["expiry"],
            expiry_months=months,
            birthday_factor=bday,
            referral_points=referral,
            downgrades=merged["downgrades"],
        ),
        {},
    )


def save_rules(data: dict[str, Any]) -> LoyaltyRules:
    """Validate and store rules (only the storage; see loyalty.set_rules for the effects).

    Raises:
        ValidationError: errors maps each bad field to a message code.
    """
    rules, errors = validate_rules(data)
    if errors:
        raise ValidationError(errors)
    assert rules is not None
    set_setting(SETTING_KEY, rules.to_json())
    return rules
