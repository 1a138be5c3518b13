"""The Members page: customers by tier, with counts, search and each member's points.

The tier list counts every customer in exactly one tier (a customer without loyalty data is
in the base tier). The member list is a paged model over `customer_list` ids (100k
customers): ids for (search, tier, sort) in one query, rows fetched 200 at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import customer_list, loyalty
from desktop_crm.services.customers import CustomerRow
from desktop_crm.services.settings import store_currency
from desktop_crm.views.customer_model import total_paid_text
from desktop_crm.views.key_views import KeyTable, search_leads_to_list
from desktop_crm.views.labels import bracketed, grouped, tier_display_name, uncounted_note
from desktop_crm.views.layout import DATE_SAMPLE, empty_hint, fit_columns, show_hint
from desktop_crm.views.paged_model import PagedColumn, PagedTableModel, setup_big_table
from desktop_crm.views.ui_state import UiState

Index = QModelIndex | QPersistentModelIndex
SEARCH_DELAY_MS = 250
TIER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
COL_NAME, COL_TIER, COL_SPEND, COL_POINTS, COL_LAST = range(5)
NEGATIVE = QColor("#c62828")


@dataclass(frozen=True, slots=True)
class TierCount:
    """One line of the tier list (tier_id None: all customers)."""

    tier_id: int | None
    name: str
    customers: int


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One line of the member list."""

    customer: CustomerRow
    tier_name: str
    points: int


class TierCountModel(QAbstractListModel):
    """ "All customers" then every tier, lowest first, each with its number of customers."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[TierCount] = []

    def refresh(self) -> None:
        """Count again (cached tiers: as last evaluated)."""
        tiers = loyalty.list_tiers()
        counts = loyalty.tier_counts()
        items = [TierCount(t.id, t.name, counts.get(t.name, 0)) for t in tiers]
        everyone = TierCount(None, "", sum(c.customers for c in items))
        self.beginResetModel()
        self._items = [everyone, *items]
        self.endResetModel()

    def item(self, row: int) -> TierCount | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> list[TierCount]:
        return list(self._items)

    def row_of(self, tier_id: int | None) -> int:
        for i, item in enumerate(self._items):
            if item.tier_id == tier_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if item.tier_id is None:
                return QCoreApplication.translate("TierCountModel", "All customers (%1)").replace(
                    "%1", f"{item.customers:,}"
                )
            return (
                QCoreApplication.translate("TierCountModel", "%1 (%2)")
                .replace("%1", tier_display_name(item.name))
                .replace("%2", f"{item.customers:,}")
            )
        if role == TIER_ID_ROLE:
            return item.tier_id
        if role == COUNT_ROLE:
            return item.customers
        return None


def _h(text: str) -> Any:
    # Headers are translated when shown; QT_TRANSLATE_NOOP marks the words for lupdate.
    return lambda: QCoreApplication.translate("MemberTableModel", text)


class MemberTableModel(PagedTableModel[MemberRow]):
    """Customers of one tier (or all) matching the search, fetched 200 rows at a time."""

    def __init__(self, parent: Any = None) -> None:
        self._filter = customer_list.CustomerFilter()
        self._currency: str | None = None
        self._tier_names: dict[int, str] = {}
        columns: list[PagedColumn[MemberRow]] = [
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("MemberTableModel", "Name")),
                "name",
                lambda r: r.customer.display_name,
                tooltip=lambda r: (
                    bracketed(r.customer.display_name, r.customer.real_name)
                    if r.customer.real_name
                    else r.customer.display_name
                ),
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("MemberTableModel", "Tier")),
                "tier",
                lambda r: tier_display_name(r.tier_name),
                lambda r: r.tier_name,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("MemberTableModel", "Total paid")),
                "total_paid",
                lambda r: total_paid_text(r.customer, self._currency),
                lambda r: r.customer.total_paid,
                right=True,
                tooltip=lambda r: uncounted_note(r.customer.uncounted),
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("MemberTableModel", "Points")),
                "points",
                lambda r: f"{r.points:,}",
                lambda r: r.points,
                right=True,
                foreground=lambda r: NEGATIVE if r.points < 0 else None,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("MemberTableModel", "Last order")),
                "last_order",
                lambda r: (
                    r.customer.last_order_at.strftime("%Y-%m-%d")
                    if r.customer.last_order_at
                    else ""
                ),
                lambda r: r.customer.last_order_at,
            ),
        ]
        super().__init__(columns, self._query, self._fetch, parent)

    def before_refresh(self) -> None:
        self._currency = store_currency()
        tiers = loyalty.list_tiers()
        self._tier_names = {t.id: t.name for t in tiers}

    def _query(self, sort_key: str | None, descending: bool) -> list[int]:
        return customer_list.list_ids(self._filter, sort_key or "name", descending)

    def _fetch(self, ids: Sequence[int]) -> dict[int, MemberRow]:
        rows = customer_list.fetch_rows(ids, with_uncounted=True)
        loyalty_of = loyalty.points_and_tiers(list(rows))
        return {
            cid: MemberRow(row, self._tier_names.get(loyalty_of[cid][0], ""), loyalty_of[cid][1])
            for cid, row in rows.items()
        }

    def set_filter(self, flt: customer_list.CustomerFilter) -> None:
        """Show the customers matching `flt` (a new query)."""
        self._filter = flt
        self.refresh()

    def filter(self) -> customer_list.CustomerFilter:
        return self._filter


class MembersPage(QWidget):
    """Customers by tier: the tiers with their counts, and the members of the chosen one.

    Signals:
        customer_requested(int): the user wants to see this customer (Enter, double-click).
    """

    customer_requested = Signal(int)

    def __init__(self, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MembersPage")
        self._ui = ui_state
        self.tier_model = TierCountModel(self)
        self.tier_list = QListView()
        self.tier_list.setObjectName("tierList")
        self.tier_list.setModel(self.tier_model)
        self.tier_list.setMinimumWidth(160)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("memberSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Name, nickname or phone"))
        self.count_label = QLabel()
        self.count_label.setObjectName("memberCount")
        self.model = MemberTableModel(self)
        self.table = KeyTable()
        self.table.setObjectName("memberTable")
        setup_big_table(self.table, self.model, (180, 90, 120, 90, 100))
        fit_columns(
            self.table,
            {COL_SPEND: ["¥88,888.00"], COL_POINTS: ["88,888"], COL_LAST: [DATE_SAMPLE]},
        )
        header = self.table.horizontalHeader()
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        if state := self._ui.header_state("members"):
            header.restoreState(state)
        self.table.setSortingEnabled(True)

        tiers_label = QLabel(self.tr("&Tiers"))
        tiers_label.setBuddy(self.tier_list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(tiers_label)
        left_layout.addWidget(self.tier_list, 1)
        search_label = QLabel(self.tr("Sea&rch:"))
        search_label.setBuddy(self.search_edit)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(row)
        right_layout.addWidget(self.table, 1)
        self.empty_label = empty_hint("membersEmpty")
        right_layout.addWidget(self.empty_label, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        restored = False
        if state := self._ui.splitter_state("members"):
            restored = self.splitter.restoreState(state)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        # Return or Down: search now and go to the list, as on every page (DESIGN §6).
        search_leads_to_list(self.search_edit, self.table, self.apply_filter)
        self.table.open_requested.connect(self.open_current)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.modelReset.connect(self._update_count)
        self.tier_model.refresh()
        if not restored:
            # The tiers as wide as their names and counts; the members get the rest (half of
            # the page was an almost empty list beside a cut-off table).
            width = self.tier_list.sizeHintForColumn(0) + 2 * self.tier_list.frameWidth() + 24
            self.splitter.setSizes([max(self.tier_list.minimumWidth(), width), 10_000])
        self.tier_list.setCurrentIndex(self.tier_model.index(0))
        # Connected after the first selection: the first query runs once, below.
        self.tier_list.selectionModel().currentChanged.connect(self._on_tier_list_current_changed)
        self.apply_filter()

    # --- filter --------------------------------------------------------------------------

    def current_tier(self) -> int | None:
        """The tier chosen in the list (None: all customers)."""
        index = self.tier_list.currentIndex()
        return index.data(TIER_ID_ROLE) if index.isValid() else None

    def set_tier(self, tier_id: int | None) -> None:
        """Choose a tier in the list (None: all customers)."""
        row = self.tier_model.row_of(tier_id)
        if row >= 0:
            self.tier_list.setCurrentIndex(self.tier_model.index(row))

    def current_filter(self) -> customer_list.CustomerFilter:
        return customer_list.CustomerFilter(
            text=self.search_edit.text(), tier_id=self.current_tier()
        )

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Count and list again (after an import, a points or tier change, new rules)."""
        chosen = self.current_tier()
        selection = self.tier_list.selectionModel()
        selection.blockSignals(True)
        try:
            self.tier_model.refresh()
            row = self.tier_model.row_of(chosen)
            self.tier_list.setCurrentIndex(self.tier_model.index(max(row, 0)))
        finally:
            selection.blockSignals(False)
        self.apply_filter()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def save_state(self) -> None:
        self._ui.set_header_state("members", self.table.horizontalHeader().saveState())
        self._ui.set_splitter_state("members", self.splitter.saveState())

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(grouped(self.tr("%n customer(s)", "", n), n))
        show_hint(self.table, self.empty_label, self._empty_text() if not n else None)

    def _empty_text(self) -> str:
        if not customer_list.has_customers():
            return self.tr(
                "No customers yet. Import your order exports (Ctrl+I): every buyer becomes a "
                "customer, and their spend gives them a tier."
            )
        if self.search_edit.text().strip():
            return self.tr("No customer in this list matches the search.")
        return self.tr(
            "No customer holds this tier yet. Tiers follow the spend of the last 365 days "
            "(Settings › Membership)."
        )

    # --- opening -------------------------------------------------------------------------

    def open_current(self) -> None:
        index = self.table.currentIndex()
        customer_id = self.model.id_at(index.row()) if index.isValid() else None
        if customer_id is not None:
            self.customer_requested.emit(customer_id)

    # --- slots ---------------------------------------------------------------------------

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_tier_list_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.apply_filter()

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self.open_current()
