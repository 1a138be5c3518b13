"""What follows when orders change (an import, a re-import, an undo) and when a day begins:
one place, bulk SQL.

Every consequence is computed for the customers concerned in a few statements, never in a
loop per customer, so an import stays within its benchmark target (DESIGN §6).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_crm.db import db, storage_errors
from desktop_crm.errors import JobCancelled
from desktop_crm.services import currency, feedback, followups, loyalty
from desktop_crm.services.settings import get_setting, set_setting
from desktop_crm.services.totals import recompute_totals

# Set by a migration that changed which orders count or what they are worth (0016: currency
# codes); the next write or the day's start revalues everyone once. A migration cannot: the
# services are not at its version. The leading "_" keeps it out of the business dump.
REVALUE_KEY = "_revalue_figures"


def _catch_up(*, today: date, now: datetime) -> bool:
    """Revalue every customer when a migration asked for it (REVALUE_KEY); True when done."""
    if not get_setting(REVALUE_KEY):
        return False
    recompute_totals(None)
    # What changed is what the orders are worth (not a refund): the entries say so.
    loyalty.everyone_revalued(today=today, now=now)
    followups.refresh_automatic(today=today, now=now)
    db.execute_sql("DELETE FROM setting WHERE key = ?", [REVALUE_KEY])
    return True


def orders_changed(
    customer_ids: Collection[int],
    *,
    today: date,
    now: datetime,
    progress: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
    batch_id: int | None = None,
) -> None:
    """Bring every figure derived from these customers' orders up to date (everyone's, once,
    after a migration that asked for it). `progress(done, 3)` after each of its three steps;
    `cancelled()` is asked after each (JobCancelled: the caller's transaction rolls back).
    `batch_id`: the import that changed the orders; what its reaction changes that the rows
    do not show (tier floors) is journalled with it, for import_undone."""

    def step(done: int) -> None:
        progress(done, 3)
        if cancelled():
            raise JobCancelled()

    if _catch_up(today=today, now=now) or not customer_ids:
        step(3)
        return
    recompute_totals(customer_ids)
    # Feedback about an order a newer export gave another buyer goes with it (before the
    # follow-ups: a complaint's reminder follows its feedback).
    feedback.follow_orders(customer_ids, now=now)
    step(1)
    # Points each order should carry, referral rewards, tiers: bulk SQL for these customers.
    loyalty.orders_changed(customer_ids, today=today, now=now, batch_id=batch_id)
    step(2)
    # Win-back closes when the customer bought again; after-sale follows completed orders.
    followups.refresh_automatic(today=today, now=now, customer_ids=customer_ids)
    step(3)


def set_currency_rates(given: dict[str, Any], *, today: date, now: datetime) -> dict[str, Decimal]:
    """Store the merchant's conversion rates (all of them) and revalue every order with them:
    totals, points, referral rewards, tiers and follow-ups, in one transaction.

    Raises:
        ValidationError: a bad currency or rate (see currency.validate_rates); nothing changed.
    """
    with storage_errors(), db.atomic():
        valid = currency.save_rates(given)
        recompute_totals(None)
        loyalty.everyone_revalued(today=today, now=now)
        followups.refresh_automatic(today=today, now=now)
    return valid


def set_store_currency(
    code: str, given: dict[str, Any], *, today: date, now: datetime
) -> dict[str, Decimal]:
    """Make `code` the store currency, with these rates (to it), and revalue every order:
    totals, points, tiers and follow-ups, in one transaction. Amounts the merchant set in
    Settings (tier thresholds, points per unit) keep their numbers, now in `code`.

    An undo of the store's first import no longer resets the currency: the merchant chose it.

    Raises:
        ValidationError: {"currency": BAD_CODE}, or a bad rate (currency.validate_rates, which
            also refuses a rate for `code` itself); nothing changed.
    """
    new = currency.valid_code(code)
    with storage_errors(), db.atomic():
        old = currency.store_currency()
        if old and old != new:  # orders stored naming none were in the old one (version 16)
            db.execute_sql(
                "UPDATE orders SET currency = ? WHERE coalesce(currency, '') = ''", [old]
            )
        set_setting("currency", new)
        db.execute_sql("DELETE FROM import_change WHERE entity = 'setting'")
        valid = currency.save_rates(given)
        recompute_totals(None)
        loyalty.everyone_revalued(today=today, now=now)
        followups.refresh_automatic(today=today, now=now)
    return valid


def customers_leaving(customer_ids: Collection[int], *, today: date, now: datetime) -> None:
    """Before an undo removes customers it created (their orders already gone): what they
    earned others is taken back, such as the referrer's reward for their first purchase, and
    their feedback about an order the undo gave back to its earlier buyer goes with it."""
    if customer_ids:
        loyalty.award_referrals(customer_ids, today=today, now=now)
        feedback.follow_orders(customer_ids, now=now)


def import_undone(
    batch_id: int, customer_ids: Collection[int], *, today: date, now: datetime
) -> None:
    """When an undo has put an import's rows back, in its transaction: what that import's
    reaction changed beyond its rows goes back too (tier floors, loyalty.import_undone), and
    every figure of the customers whose orders it touched follows (orders_changed). The
    points this moves say the import was undone, not that an order was refunded."""
    with loyalty.noting(loyalty.IMPORT_UNDONE):
        loyalty.import_undone(batch_id, today=today, now=now)
        orders_changed(customer_ids, today=today, now=now)


def day_started(*, today: date, now: datetime) -> None:
    """What the passing of days changes: points past their last day expire, every tier is
    re-evaluated on the 365-day window, the day's automatic follow-ups are made.

    At the GUI's start-up and before a command reads figures (stats, exports, reports), so
    every screen, file and script agrees on the same day.
    """
    _catch_up(today=today, now=now)
    loyalty.startup(today=today, now=now)
    followups.refresh_automatic(today=today, now=now)
