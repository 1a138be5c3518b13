"""The customer list's item model: an ordered id list, rows fetched in pages on demand.

Follows Anki's browser table: the service returns the ids for (filter, sort); `data()` loads
the page around a missed row; a header click is a new query. No proxy model over 100k rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_crm.services import customer_list
from desktop_crm.services.customers import CustomerRow
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.labels import platform_name

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RAW_ROLE = Qt.ItemDataRole.UserRole + 2

COL_NAME, COL_PLATFORM, COL_ORDERS, COL_TOTAL, COL_LAST, COL_CITY, COL_TAGS = range(7)
SORT_KEYS = ["name", "platform", "orders", "total_paid", "last_order", "city", "tags"]
_NUMERIC = {COL_ORDERS, COL_TOTAL}

Index = QModelIndex | QPersistentModelIndex


class CustomerTableModel(QAbstractTableModel):
    """Customers matching a filter, in the chosen order, fetched 200 rows at a time."""

    PAGE = 200

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._rows: dict[int, CustomerRow] = {}
        self._filter = customer_list.CustomerFilter()
        self._sort_key = "name"
        self._descending = False
        self._currency: str | None = None

    # --- queries -------------------------------------------------------------------------
    def set_filter(self, flt: customer_list.CustomerFilter) -> None:
        """Show the customers matching `flt` (a new query)."""
        self._filter = flt
        self.refresh()

    def filter(self) -> customer_list.CustomerFilter:
        return self._filter

    def refresh(self) -> None:
        """Query the ids again and forget the cached rows (after any change)."""
        self.beginResetModel()
        self._currency = store_currency()
        self._ids = customer_list.list_ids(self._filter, self._sort_key, self._descending)
        self._rows.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        self._sort_key = SORT_KEYS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, customer_id: int) -> int:
        try:
            return self._ids.index(customer_id)
        except ValueError:
            return -1

    def _row(self, row: int) -> CustomerRow | None:
        cid = self._ids[row]
        found = self._rows.get(cid)
        if found is None:
            start = (row // self.PAGE) * self.PAGE
            page = self._ids[start : start + self.PAGE]
            self._rows.update(customer_list.fetch_rows(page))
            found = self._rows.get(cid)
        return found

    # --- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SORT_KEYS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Never fetches: flags() is called for every visible cell on every repaint.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(SORT_KEYS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Name"),
                self.tr("Platform"),
                self.tr("Orders"),
                self.tr("Total paid"),
                self.tr("Last order"),
                self.tr("City"),
                self.tr("Tags"),
            ][section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            RAW_ROLE,
        ):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in _NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == RAW_ROLE:
            return [
                row.display_name,
                row.source_platform,
                row.order_count,
                row.total_paid,
                row.last_order_at,
                row.city,
                row.tags,
            ][col]
        if col == COL_NAME:
            if role == Qt.ItemDataRole.ToolTipRole and row.real_name:
                return f"{row.display_name} ({row.real_name})"
            return row.display_name
        if col == COL_PLATFORM:
            return platform_name(row.source_platform)
        if col == COL_ORDERS:
            return str(row.order_count)
        if col == COL_TOTAL:
            return format_money(row.total_paid, self._currency)
        if col == COL_LAST:
            return row.last_order_at.strftime("%Y-%m-%d") if row.last_order_at else ""
        if col == COL_CITY:
            return row.city
        if col == COL_TAGS:
            return row.tags
        return None
