"""The churn warning (DESIGN §4): customers who stopped buying at their usual rhythm.

Definition, exactly: on `today`, a customer is in churn warning when they have purchases on at
least 2 distinct days (up to and including `today`) and the days since their last purchase day
exceed ``max(30, 1.5 × median gap)``, the median gap being the median of the day differences
between consecutive distinct purchase days (the mean of the two middle gaps when there is an
even number of them). A purchase is an order with status paid, shipped or completed in the store
currency (`totals.purchase_filter`), dated by its order time; days are calendar days.

Exact arithmetic: with ``m2 = 2 × median`` (always an integer), the warning holds when
``days > 30 and 4 × days > 3 × m2``; no float is ever compared.

How it is computed (1M orders, 100k customers: well under a second): one grouped query walks
the covering index ``orders (customer_id, ordered_at, status, ...)``, keeps only customers that
can be in warning (last purchase more than 30 days before `today`, 2+ distinct days) and hands
each one's purchase dates as one string; the median is taken in Python. The store-currency test
needs a column the index does not cover, so it is applied only to the few customers who have a
purchase in another currency (found by one table scan) and the rest stay on the index.
Orders dated after `today` are ignored, so a past `today` (a month-end report) gives the
warning as it stood then. No temporary table is written: it works on a read-only database.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_crm.db import db
from desktop_crm.services.currency import counted_sql
from desktop_crm.services.importing.records import PURCHASE_STATUSES
from desktop_crm.services.settings import store_currency

# max(MIN_DAYS, FACTOR × median gap); FACTOR = 3/2 is written into the integer test below.
MIN_DAYS = 30
# Up to this many customers, a scoped query reads their order rows instead of scanning orders.
_SMALL_SCOPE = 5000
# Above this many, a scoped query reads every customer and keeps the ones asked for.
_LARGE_SCOPE = 20000
_STATUSES = "(" + ", ".join(f"'{s}'" for s in PURCHASE_STATUSES) + ")"


@dataclass(frozen=True, slots=True)
class ChurnInfo:
    """One customer's purchase rhythm on `today`, for sentences such as
    "no purchase for 74 days; usually buys every 31".

    `usual_interval`, `threshold` and the last purchase are None when the customer has
    purchases on fewer than 2 distinct days (no rhythm yet): such a customer is never flagged.
    """

    customer_id: int
    purchase_days: int  # distinct days with a purchase, up to today
    last_purchase: date | None
    days_since_last: int | None  # (today - last purchase day).days
    usual_interval: float | None  # median gap in days (a whole or half number)
    threshold: float | None  # max(30, 1.5 × usual_interval); flagged when days exceed it
    warning: bool

    @property
    def days_over(self) -> int | None:
        """How many days past the threshold (positive when flagged)."""
        if self.days_since_last is None or self.threshold is None:
            return None
        return self.days_since_last - int(self.threshold)


def _median2(days: list[int]) -> int:
    """Twice the median gap between consecutive days (sorted, distinct, at least 2)."""
    gaps = [b - a for a, b in zip(days, days[1:], strict=False)]
    gaps.sort()
    n = len(gaps)
    if n % 2:
        return 2 * gaps[n // 2]
    return gaps[n // 2 - 1] + gaps[n // 2]


def is_warning(days_since_last: int, median2: int) -> bool:
    """The rule on integers: days > max(30, 1.5 × median), with median2 = 2 × median."""
    return days_since_last > MIN_DAYS and 4 * days_since_last > 3 * median2


def _info(customer_id: int, days: list[int], today: date, m2: int | None = None) -> ChurnInfo:
    if len(days) < 2:
        last = date.fromordinal(days[-1]) if days else None
        return ChurnInfo(
            customer_id=customer_id,
            purchase_days=len(days),
            last_purchase=last,
            days_since_last=(today - last).days if last else None,
            usual_interval=None,
            threshold=None,
            warning=False,
        )
    if m2 is None:
        m2 = _median2(days)
    since = today.toordinal() - days[-1]
    return ChurnInfo(
        customer_id=customer_id,
        purchase_days=len(days),
        last_purchase=date.fromordinal(days[-1]),
        days_since_last=since,
        usual_interval=m2 / 2,
        threshold=max(float(MIN_DAYS), 0.75 * m2),
        warning=is_warning(since, m2),
    )


def _purchase_days(
    today: date, customer_ids: Collection[int] | None, *, candidates_only: bool
) -> Iterator[tuple[int, list[int]]]:
    """(customer id, sorted distinct purchase day ordinals) per customer with a purchase.

    Args:
        customer_ids: only these customers (None: everyone).
        candidates_only: skip customers who cannot be in warning on `today` (last purchase
            within 30 days, or a single purchase day): the filter runs inside SQL.
    """
    params: dict[str, object] = {"tomorrow": (today + timedelta(days=1)).isoformat()}
    base = f"o.customer_id IS NOT NULL AND o.status IN {_STATUSES} AND o.ordered_at < :tomorrow"
    scope = None if customer_ids is None else sorted({int(i) for i in customer_ids})
    keep: set[int] | None = None
    if scope is not None and len(scope) > _LARGE_SCOPE:
        # Most of the shop (a big import): walking the whole index and dropping the others
        # here is faster than looking each customer up.
        keep, scope = set(scope), None
    if scope is not None:
        base += " AND o.customer_id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(scope)
    having = ""
    if candidates_only:
        # Last purchase day at least 31 days ago, and a purchase before that last day.
        having = (
            "HAVING max(o.ordered_at) < :cutoff "
            "AND min(o.ordered_at) < substr(max(o.ordered_at), 1, 10)"
        )
        params["cutoff"] = (today - timedelta(days=MIN_DAYS)).isoformat()
    select = (
        "SELECT o.customer_id, group_concat(substr(o.ordered_at, 1, 10)) FROM orders o "
        "WHERE {where} GROUP BY o.customer_id " + having
    )
    if store_currency() is None:
        sql = select.format(where=base)
    elif scope is not None and len(scope) <= _SMALL_SCOPE:
        # A few customers: reading their order rows costs less than scanning for foreigners.
        sql = select.format(where=f"{base} AND {counted_sql('o')}")
    else:
        # Customers with a purchase-status order whose money does not count (another currency
        # without a rate) get the exact test; the scan is forced (NOT INDEXED): through the
        # customer index it reads every row twice.
        foreign = (
            f"SELECT customer_id FROM orders NOT INDEXED WHERE NOT {counted_sql('orders')} "
            f"AND customer_id IS NOT NULL AND status IN {_STATUSES}"
        )
        sql = (
            f"WITH foreign_buyers AS MATERIALIZED ({foreign}) "
            + select.format(where=base + " AND o.customer_id NOT IN foreign_buyers")
            + " UNION ALL "
            + select.format(
                where=f"{base} AND o.customer_id IN foreign_buyers AND {counted_sql('o')}"
            )
        )
    ordinals = _Ordinals()
    for customer_id, text in db.execute_sql(sql, params):
        if keep is None or customer_id in keep:
            yield int(customer_id), sorted(set(map(ordinals.__getitem__, text.split(","))))


class _Ordinals(dict[str, int]):
    """'YYYY-MM-DD' -> day ordinal, parsed once per distinct day (a few hundred of them)."""

    def __missing__(self, key: str) -> int:
        value = self[key] = date.fromisoformat(key).toordinal()
        return value


def churn_warnings(
    today: date, customer_ids: Collection[int] | None = None
) -> dict[int, ChurnInfo]:
    """Every customer in churn warning on `today`, with their rhythm.

    Args:
        customer_ids: only look at these customers (None: every customer).
    """
    out: dict[int, ChurnInfo] = {}
    day = today.toordinal()
    for customer_id, days in _purchase_days(today, customer_ids, candidates_only=True):
        if len(days) < 2:
            continue
        m2 = _median2(days)
        if is_warning(day - days[-1], m2):
            out[customer_id] = _info(customer_id, days, today, m2)
    return out


def churn_warning_ids(today: date, customer_ids: Collection[int] | None = None) -> set[int]:
    """Ids of the customers in churn warning on `today` (optionally among `customer_ids`)."""
    return set(churn_warnings(today, customer_ids))


def count_churn_warning(today: date) -> int:
    """How many customers are in churn warning on `today` (`stats --json` churn_warning)."""
    return len(churn_warnings(today))


def churn_info_many(customer_ids: Collection[int], today: date) -> dict[int, ChurnInfo]:
    """The rhythm of each of these customers, flagged or not (customers without a purchase
    get an empty ChurnInfo)."""
    out = {
        cid: _info(cid, days, today)
        for cid, days in _purchase_days(today, customer_ids, candidates_only=False)
    }
    for cid in customer_ids:
        if int(cid) not in out:
            out[int(cid)] = _info(int(cid), [], today)
    return out


def churn_info(customer_id: int, today: date) -> ChurnInfo:
    """One customer's days since last purchase, usual interval, threshold and flag."""
    return churn_info_many([customer_id], today)[customer_id]
