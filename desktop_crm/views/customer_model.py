"""The customer list's item model: a paged model over the customers matching a filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_crm.services import customer_list
from desktop_crm.services.customers import CustomerRow
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.labels import bracketed, platform_name, uncounted_note
from desktop_crm.views.paged_model import ID_ROLE, RAW_ROLE, PagedColumn, PagedTableModel

__all__ = ["ID_ROLE", "RAW_ROLE", "CustomerTableModel"]

COL_NAME, COL_PLATFORM, COL_ORDERS, COL_TOTAL, COL_LAST, COL_CITY, COL_TAGS = range(7)


def total_paid_text(row: CustomerRow, currency: str | None) -> str:
    """A list's Total paid cell; " *" when it leaves out purchases in a currency without a
    rate (the cell's tooltip, uncounted_note, says which)."""
    return format_money(row.total_paid, currency) + (" *" if row.uncounted else "")


def _h(text: str) -> Any:
    # Headers are translated when shown; QT_TRANSLATE_NOOP marks the words for lupdate.
    return lambda: QCoreApplication.translate("CustomerTableModel", text)


class CustomerTableModel(PagedTableModel[CustomerRow]):
    """Customers matching a filter, in the chosen order, fetched 200 rows at a time."""

    def __init__(self, parent: Any = None, *, runner: Any = None) -> None:
        self._filter = customer_list.CustomerFilter()
        self._currency: str | None = None
        columns: list[PagedColumn[CustomerRow]] = [
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("CustomerTableModel", "Name")),
                "name",
                lambda r: r.display_name,
                lambda r: r.display_name,
                tooltip=lambda r: (
                    bracketed(r.display_name, r.real_name) if r.real_name else r.display_name
                ),
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("CustomerTableModel", "Platform")),
                "platform",
                lambda r: platform_name(r.source_platform),
                lambda r: r.source_platform,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("CustomerTableModel", "Orders")),
                "orders",
                lambda r: str(r.order_count),
                lambda r: r.order_count,
                right=True,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("CustomerTableModel", "Total paid")),
                "total_paid",
                lambda r: total_paid_text(r, self._currency),
                lambda r: r.total_paid,
                right=True,
                tooltip=lambda r: uncounted_note(r.uncounted),
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("CustomerTableModel", "Last order")),
                "last_order",
                lambda r: r.last_order_at.strftime("%Y-%m-%d") if r.last_order_at else "",
                lambda r: r.last_order_at,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("CustomerTableModel", "City")),
                "city",
                lambda r: r.city,
                lambda r: r.city,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("CustomerTableModel", "Tags")),
                "tags",
                lambda r: r.tags,
                lambda r: r.tags,
            ),
        ]
        super().__init__(columns, self._query, self._fetch, parent)
        self.set_runner(runner)  # a JobRunner: header clicks query on its worker

    def _query(self, sort_key: str | None, descending: bool) -> list[int]:
        return customer_list.list_ids(self._filter, sort_key or "name", descending)

    @staticmethod
    def _fetch(ids: list[int]) -> dict[int, CustomerRow]:
        return customer_list.fetch_rows(ids, with_uncounted=True)

    def before_refresh(self) -> None:
        self._currency = store_currency()

    def set_filter(self, flt: customer_list.CustomerFilter) -> None:
        """Show the customers matching `flt` (a new query)."""
        self._filter = flt
        self.refresh()

    def filter(self) -> customer_list.CustomerFilter:
        return self._filter
