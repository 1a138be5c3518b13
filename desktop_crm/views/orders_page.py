"""The Orders page: every order, found by number, buyer, platform, status, dates and amount."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import NotFound
from desktop_crm.services import order_list
from desktop_crm.services.importing.records import PLATFORMS, STATUSES
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.key_views import KeyTable, enable_row_copy, search_leads_to_list
from desktop_crm.views.labels import bracketed, grouped, platform_name, status_name
from desktop_crm.views.layout import (
    DATE_TIME_SAMPLE,
    ORDER_NO_SAMPLE,
    empty_hint,
    fit_columns,
    form_label,
    optional_date,
    show_hint,
    tab_like_shown,
)
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.paged_model import PagedColumn, PagedTableModel, setup_big_table
from desktop_crm.views.segment_dialogs import mark_amount_range, money_from_text
from desktop_crm.views.ui_state import UiState

SEARCH_DELAY_MS = 250


def _h(text: str) -> Any:
    # Headers are translated when shown; QT_TRANSLATE_NOOP marks the words for lupdate.
    return lambda: QCoreApplication.translate("OrderTableModel", text)


class OrderTableModel(PagedTableModel[order_list.OrderRow]):
    """Orders matching a filter, newest first by default, fetched in pages."""

    COL_DATE, COL_PLATFORM, COL_ORDER_NO, COL_CUSTOMER, COL_STATUS = range(5)

    def __init__(self, parent: Any = None) -> None:
        self._filter = order_list.OrderFilter()
        self._currency: str | None = None

        def money(v: int, r: order_list.OrderRow) -> str:
            return format_money(v, r.currency or self._currency)

        columns: list[PagedColumn[order_list.OrderRow]] = [
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Date")),
                "date",
                lambda r: r.ordered_at.strftime("%Y-%m-%d %H:%M"),
                lambda r: r.ordered_at,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Platform")),
                "platform",
                lambda r: platform_name(r.platform),
                lambda r: r.platform,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Order no.")),
                "order_no",
                lambda r: r.order_no,
                lambda r: r.order_no,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Customer")),
                "customer",
                lambda r: r.customer_name,
                lambda r: r.customer_name,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Status")),
                "status",
                lambda r: status_name(r.status),
                lambda r: r.status,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Paid")),
                "paid",
                lambda r: money(r.paid, r),
                lambda r: r.paid,
                right=True,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Refunded")),
                "refunded",
                lambda r: money(r.refunded, r) if r.refunded else "",
                lambda r: r.refunded,
                right=True,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("OrderTableModel", "Items")),
                None,
                lambda r: r.item_summary,
                tooltip=lambda r: r.item_summary,
            ),
        ]
        super().__init__(columns, self._query, order_list.fetch_rows, parent)
        self._descending = True

    def _query(self, sort_key: str | None, descending: bool) -> list[int]:
        return order_list.list_ids(self._filter, sort_key or "date", descending)

    def before_refresh(self) -> None:
        self._currency = store_currency()

    def set_filter(self, flt: order_list.OrderFilter, *, now: bool = True) -> None:
        """Query the orders this filter finds: at once, or (now=False) on the runner's worker,
        the rows shown staying until they arrive. Only the last query's answer is shown: one
        overtaken by a newer filter is dropped (PagedTableModel's token)."""
        self._filter = flt
        if now:
            self.refresh()
        else:
            self.refresh_in_background()


class OrdersPage(QWidget):
    """Find orders; open one to see its lines, its customer and the import that brought it.

    Signals:
        customer_requested(int): the user wants to see this customer.
    """

    customer_requested = Signal(int)

    def __init__(
        self, ui_state: UiState, parent: QWidget | None = None, *, runner: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OrdersPage")
        self._ui = ui_state
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("orderSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Order number, or the buyer's name or phone"))
        self.platform_combo = QComboBox()
        self.platform_combo.addItem(self.tr("All platforms"), None)
        for code in PLATFORMS:
            self.platform_combo.addItem(platform_name(code), code)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Any status"), None)
        for code in STATUSES:
            self.status_combo.addItem(status_name(code), code)
        self.from_check, self.from_edit = optional_date(self.tr("From"))
        self.to_check, self.to_edit = optional_date(self.tr("To"))
        self.min_edit = QLineEdit()
        self.min_edit.setPlaceholderText(self.tr("min"))
        self.min_edit.setMaximumWidth(80)
        self.max_edit = QLineEdit()
        self.max_edit.setPlaceholderText(self.tr("max"))
        self.max_edit.setMaximumWidth(80)
        self.count_label = QLabel()

        row1 = QHBoxLayout()
        row1.addWidget(self.search_edit, 3)
        row1.addWidget(self.platform_combo)
        row1.addWidget(self.status_combo)
        row1.addWidget(self.count_label)
        row2 = QHBoxLayout()
        row2.addWidget(self.from_check)
        row2.addWidget(self.from_edit)
        row2.addWidget(self.to_check)
        row2.addWidget(self.to_edit)
        row2.addSpacing(12)
        row2.addWidget(QLabel(self.tr("Paid between")))
        row2.addWidget(self.min_edit)
        row2.addWidget(QLabel("–"))
        row2.addWidget(self.max_edit)
        row2.addStretch(1)

        self.model = OrderTableModel(self)
        # With the window's runner, a header click, a page shown again and a filter changed
        # query on its worker: 350,000 orders took 320-760 ms on the window's thread.
        self.model.set_runner(runner)
        self.table = KeyTable()
        self.table.setObjectName("orderTable")
        setup_big_table(self.table, self.model, (130, 100, 170, 150, 90, 100, 90))
        # An order number is what the merchant looks up on the platform: shown whole (a
        # Pinduoduo one has 21 characters), and the status words too ("Pending payment").
        M = OrderTableModel
        fit_columns(
            self.table,
            {
                M.COL_DATE: [DATE_TIME_SAMPLE],
                M.COL_PLATFORM: [platform_name(code) for code in PLATFORMS],
                M.COL_ORDER_NO: [ORDER_NO_SAMPLE],
                M.COL_STATUS: [status_name(code) for code in STATUSES],
            },
        )
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        if state := self._ui.header_state("orders"):
            header.restoreState(state)
        self.table.setSortingEnabled(True)

        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.table, 1)
        self.empty_label = empty_hint("ordersEmpty")
        layout.addWidget(self.empty_label, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        # Return / Down go to the list's first row: that search is answered at once.
        search_leads_to_list(self.search_edit, self.table, self.apply_filter)
        for edit in (self.min_edit, self.max_edit):
            edit.textChanged.connect(self._on_amount_edit_text_changed)
        for combo in (self.platform_combo, self.status_combo):
            combo.activated.connect(lambda _i: self.refresh())
        for widget in (self.from_check, self.to_check):
            widget.toggled.connect(lambda _b: self.refresh())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.table.open_requested.connect(self.open_current)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.model.modelReset.connect(self._update_count)
        self._update_count()

    @staticmethod
    def _date(check: QCheckBox, edit: QDateEdit) -> date | None:
        if not check.isChecked():
            return None
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def current_filter(self) -> order_list.OrderFilter:
        status = self.status_combo.currentData()
        return order_list.OrderFilter(
            text=self.search_edit.text(),
            platform=self.platform_combo.currentData(),
            statuses=(status,) if status else (),
            date_from=self._date(self.from_check, self.from_edit),
            date_to=self._date(self.to_check, self.to_edit),
            min_paid=money_from_text(self.min_edit.text()),
            max_paid=money_from_text(self.max_edit.text()),
        )

    def apply_filter(self) -> None:
        """Show the orders the filters find, queried now (a caller selects a row next)."""
        self._timer.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Show the orders the filters find, queried on the worker when there is one (a
        filter changed, the page shown again, an import done): the window stays live."""
        self._timer.stop()
        self.model.set_filter(self.current_filter(), now=False)
        self._update_count()

    def save_state(self) -> None:
        self._ui.set_header_state("orders", self.table.horizontalHeader().saveState())

    def _update_count(self) -> None:
        n = self.model.rowCount()
        if self.model.is_sorting():  # the rows shown are the last query's until it answers
            self.count_label.setText(self.tr("Searching…"))
            if not n:
                show_hint(self.table, self.empty_label, None)
            return
        self.count_label.setText(grouped(self.tr("%n order(s)", "", n), n))
        hint = None
        if not n:
            hint = (
                self.tr("No order matches the search and filters.")
                if order_list.has_orders()
                else self.tr("No orders yet. Import your order exports (Ctrl+I).")
            )
        show_hint(self.table, self.empty_label, hint)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _on_amount_edit_text_changed(self, _text: str) -> None:
        # An amount the box cannot read filters nothing, and an end below the start leaves
        # nothing: both are said at the field, as on the Customers spend range.
        mark_amount_range(
            self.min_edit,
            self.max_edit,
            self.tr("This amount is below the “from” amount: no order can match."),
        )
        self._timer.start()

    def open_current(self) -> None:
        index = self.table.currentIndex()
        order_id = self.model.id_at(index.row()) if index.isValid() else None
        if order_id is None:
            return
        try:
            dialog = OrderDialog(order_id, self)
        except NotFound:
            self.apply_filter()
            return
        dialog.customer_requested.connect(self.customer_requested)
        dialog.open()


class OrderDialog(QDialog):
    """One order: its facts, its lines, its customer and the import that brought it.

    Signals:
        customer_requested(int): "Open customer" was clicked.
    """

    customer_requested = Signal(int)

    def __init__(self, order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OrderDialog")
        d = order_list.get_order(order_id)
        r = d.row
        currency = r.currency or store_currency()
        self.setWindowTitle(self.tr("Order %1").replace("%1", r.order_no))
        self.resize(620, 480)
        form = QFormLayout()
        when = r.ordered_at.strftime("%Y-%m-%d %H:%M")
        facts = [
            (self.tr("Platform"), platform_name(r.platform)),
            (self.tr("Order no."), r.order_no),
            (self.tr("Ordered"), when),
            (self.tr("Paid at"), d.paid_at.strftime("%Y-%m-%d %H:%M") if d.paid_at else "—"),
            (
                self.tr("Completed"),
                d.completed_at.strftime("%Y-%m-%d %H:%M") if d.completed_at else "—",
            ),
            (self.tr("Status"), status_name(r.status)),
            (self.tr("Paid"), format_money(r.paid, currency)),
            (self.tr("Refunded"), format_money(r.refunded, currency)),
            (self.tr("Ship to"), " ".join(p for p in (d.province, d.city) if p) or "—"),
            (self.tr("Buyer's message"), d.buyer_note or "—"),
            (self.tr("Customer"), r.customer_name or self.tr("(no customer)")),
            (
                self.tr("Imported from"),
                bracketed(d.batch_file, f"{d.batch_time:%Y-%m-%d %H:%M}") if d.batch_time else "—",
            ),
        ]
        for label, value in facts:
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            form.addRow(form_label(label), text)
        self.items_model: ListTableModel[tuple[str, str, int, int, str]] = ListTableModel(
            [
                Column(self.tr("Item"), lambda i: i[0], tooltip=lambda i: i[4] or i[0]),
                Column(self.tr("SKU"), lambda i: i[1]),
                Column(self.tr("Qty"), lambda i: str(i[2]), right=True),
                Column(self.tr("Price"), lambda i: format_money(i[3], currency), right=True),
            ],
            self,
        )
        self.items_model.set_items(d.items)
        items = enable_row_copy(QTableView())
        items.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        items.setModel(self.items_model)
        items.verticalHeader().hide()
        items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.customer_button = QPushButton(self.tr("Open c&ustomer"))
        self.customer_button.setEnabled(r.customer_id is not None)
        buttons.addButton(self.customer_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._customer_id = r.customer_id
        self.customer_button.clicked.connect(self._on_customer_button_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if d.items:
            layout.addWidget(items, 1)
        else:
            # The items as the order's title names them: the export gave no lines of their own.
            note = QLabel(
                self.tr("Items: %1 (from the order's title; the export has no item lines)").replace(
                    "%1", r.item_summary or "—"
                )
            )
            note.setWordWrap(True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(note)
            layout.addStretch(1)
        layout.addWidget(buttons)
        tab_like_shown(buttons)

    def _on_customer_button_clicked(self) -> None:
        if self._customer_id is not None:
            self.customer_requested.emit(self._customer_id)
            self.accept()
