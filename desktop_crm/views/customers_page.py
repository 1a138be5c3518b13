"""The Customers page: search, tag filter, the paged list and the selected customer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError, NotFound
from desktop_crm.services import customer_list, privacy
from desktop_crm.services import customers as svc
from desktop_crm.views.customer_detail import CustomerDetailView
from desktop_crm.views.customer_dialog import CustomerDialog
from desktop_crm.views.customer_filters import CustomerFilterPanel
from desktop_crm.views.customer_model import (
    COL_LAST,
    COL_ORDERS,
    COL_PLATFORM,
    COL_TOTAL,
    CustomerTableModel,
)
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.key_views import KeyTable, search_leads_to_list
from desktop_crm.views.labels import grouped, platform_name, with_count
from desktop_crm.views.layout import (
    DATE_SAMPLE,
    empty_hint,
    fit_columns,
    resize_within_screen,
    show_hint,
)
from desktop_crm.views.paged_model import setup_big_table
from desktop_crm.views.ui_state import UiState

SEARCH_DELAY_MS = 250


# The platforms most customers come from (a rarer, longer name may be elided).
USUAL_PLATFORMS = ("taobao", "jd", "pdd", "douyin", "shopify")


class CustomersPage(QWidget):
    """Find, open, create, edit and delete customers.

    Signals:
        data_changed(): customers were created, edited or deleted (the status bar recounts).
        followups_changed(): a follow-up or feedback changed in a customer's own window.
    """

    data_changed = Signal()
    followups_changed = Signal()

    def __init__(
        self, ui_state: UiState, parent: QWidget | None = None, *, runner: JobRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CustomersPage")
        self._ui = ui_state
        self._runner = runner or JobRunner(self)
        self._windows: list[QWidget] = []

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Search name, nickname, phone, e-mail or tag (Ctrl+F)")
        )
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("tagFilter")
        self.tag_combo.setMinimumContentsLength(10)
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("&New customer"))
        self.new_button.setToolTip(self.tr("Create a customer (Ctrl+N)"))
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 3)
        top.addWidget(QLabel(self.tr("Tag:")))
        top.addWidget(self.tag_combo, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)

        self.model = CustomerTableModel(self)
        self.table = KeyTable(deletes=True)
        self.table.setObjectName("customerTable")
        setup_big_table(self.table, self.model, (140, 110, 70, 110, 100, 90, 160))
        # The columns up to the last order fit the list's part of a 1024-pixel screen (the
        # date was cut to "2026-1…"): the platform as wide as the big marketplaces' names.
        fit_columns(
            self.table,
            {
                COL_PLATFORM: [platform_name(code) for code in USUAL_PLATFORMS],
                COL_ORDERS: ["888"],
                COL_TOTAL: ["¥88,888.00"],
                COL_LAST: [DATE_SAMPLE],
            },
        )
        header = self.table.horizontalHeader()
        # Newest customers first: who bought recently is what a merchant looks for most.
        header.setSortIndicator(COL_LAST, Qt.SortOrder.DescendingOrder)
        if state := self._ui.header_state("customers"):
            header.restoreState(state)
        # Enabling sorting runs the one first query, in the order the header shows.
        self.table.setSortingEnabled(True)
        # Then a header click sorts on the worker (100k customers: up to 400 ms of SQL); the
        # rows shown stay until the new order is there.
        self.model.set_runner(self._runner)

        self.detail = CustomerDetailView(runner=self._runner)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        # The list, or in its place a sentence when it is empty (a new shop, no match).
        self.empty_label = empty_hint("customersEmpty")
        list_pane = QWidget()
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.empty_label, 1)
        self.splitter.addWidget(list_pane)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 420])
        if state := self._ui.splitter_state("customers"):
            self.splitter.restoreState(state)

        # Lifecycle, RFM class, churn, tier, platform, province, spend; segments; export.
        self.filter_panel = CustomerFilterPanel(
            self._runner,
            ui_state,
            base_filter=lambda: customer_list.CustomerFilter(
                text=self.search_edit.text(), tag_id=self.tag_combo.currentData()
            ),
            with_tag=False,
        )
        self.filter_panel.filter_changed.connect(self.apply_filter)
        self.filter_panel.segment_chosen.connect(self._on_filter_panel_segment_chosen)
        self.filter_panel.followups_created.connect(lambda _n: self.data_changed.emit())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filter_panel)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        search_leads_to_list(self.search_edit, self.table, self.apply_filter)
        self.tag_combo.activated.connect(lambda _i: self.apply_filter())
        self.new_button.clicked.connect(self.new_customer)
        self.table.open_requested.connect(self.open_current)
        self.table.delete_requested.connect(self.delete_current)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.model.modelReset.connect(self._update_count)
        self.detail.edit_requested.connect(self.edit_customer)
        self.detail.delete_requested.connect(self.delete_customer)
        self.detail.export_requested.connect(self.export_customer)
        self.detail.erase_requested.connect(self.erase_customer)
        self.detail.customer_changed.connect(self._on_customer_saved)

        self.reload_tags()
        self._update_count()

    # --- state ---------------------------------------------------------------------------
    def save_state(self) -> None:
        """Remember column widths, order, sort and the splitter."""
        self._ui.set_header_state("customers", self.table.horizontalHeader().saveState())
        self._ui.set_splitter_state("customers", self.splitter.saveState())

    def reload_tags(self) -> None:
        """Refill the tag filter, keeping the chosen tag when it still exists."""
        current = self.tag_combo.currentData()
        self.tag_combo.clear()
        self.tag_combo.addItem(self.tr("All tags"), None)
        for tag_id, name, n in svc.all_tags():
            self.tag_combo.addItem(with_count(name, n), tag_id)
        index = self.tag_combo.findData(current)
        self.tag_combo.setCurrentIndex(max(0, index))

    def current_filter(self) -> customer_list.CustomerFilter:
        base = customer_list.CustomerFilter(
            text=self.search_edit.text(), tag_id=self.tag_combo.currentData()
        )
        return self.filter_panel.apply_to(base)

    def _on_filter_panel_segment_chosen(self, flt: customer_list.CustomerFilter) -> None:
        # A saved segment carries its search text and tag too; the panel re-queries after.
        self.search_edit.blockSignals(True)
        self.search_edit.setText(flt.text)
        self.search_edit.blockSignals(False)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(flt.tag_id)))

    def show_filter(self, flt: customer_list.CustomerFilter) -> None:
        """Show exactly the customers of `flt` (a dashboard click, an analytics link)."""
        self.search_edit.blockSignals(True)
        self.search_edit.setText(flt.text)
        self.search_edit.blockSignals(False)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(flt.tag_id)))
        self.filter_panel.set_from(flt)  # emits filter_changed: one query

    def apply_filter(self) -> None:
        """Run the query for the current search text and tag (keeps the selection if it can)."""
        self._search_timer.stop()
        keep = self.current_customer_id()
        self.model.set_filter(self.current_filter())
        if keep is not None:
            self.select_customer(keep)
        if self.current_customer_id() is None:
            self.detail.show_customer(None)

    def refresh(self) -> None:
        """Re-query after data changed elsewhere (an import, an undo, a merge); customers'
        own windows show their customer again, or close when the customer is gone."""
        self.reload_tags()
        self.filter_panel.reload()
        self.apply_filter()
        self.refresh_windows()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(grouped(self.tr("%n customer(s)", "", n), n))
        hint = None
        if not n:
            hint = (
                self.tr("No customer matches the search and filters.")
                if customer_list.has_customers()
                else self.tr(
                    "No customers yet. Import your order exports (Ctrl+I): every buyer becomes "
                    "a customer. Or add one by hand (Ctrl+N)."
                )
            )
        show_hint(self.table, self.empty_label, hint)

    # --- selection -----------------------------------------------------------------------
    def current_customer_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_customer(self, customer_id: int) -> bool:
        row = self.model.row_of(customer_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_customer(self.model.id_at(current.row()) if current.isValid() else None)

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def focus_list(self) -> None:
        """The focus on the list, on the current customer (the first when none is): where a
        keyboard user goes on after another page showed a customer here."""
        if not self.table.isVisibleTo(self):  # nothing listed: the search is what helps
            self.focus_search()
            return
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            first_id = self.model.id_at(0)
            if first_id is not None:
                self.select_customer(first_id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _dialog_parent(self) -> QWidget:
        """The window a request came from (a customer's own window, or this page): dialogs
        open over it, and the focus goes back to it when they close."""
        sender = self.sender()
        if isinstance(sender, CustomerDetailView) and sender is not self.detail:
            window = sender.window()
            if window in self._windows:
                return window
        return self

    # --- actions -------------------------------------------------------------------------
    def new_customer(self) -> None:
        dialog = CustomerDialog(self)
        dialog.customer_saved.connect(self._on_customer_saved)
        dialog.open()

    def edit_customer(self, customer_id: int) -> None:
        parent = self._dialog_parent()
        try:
            dialog = CustomerDialog(parent, customer_id)
        except NotFound:
            self.apply_filter()
            return
        dialog.customer_saved.connect(self._on_customer_saved)
        if parent is not self:
            # Back to the customer's window, also where closing a dialog activates no
            # window (no window manager, or one that picks the main window).
            dialog.finished.connect(parent.activateWindow)
        dialog.open()

    def open_current(self) -> None:
        """Open the current customer in a window of their own."""
        cid = self.current_customer_id()
        if cid is None:
            return
        window = CustomerWindow(cid, self, runner=self._runner)
        window.detail.edit_requested.connect(self.edit_customer)
        window.detail.delete_requested.connect(self.delete_customer)
        window.detail.customer_changed.connect(self._on_customer_saved)
        window.detail.export_requested.connect(self.export_customer)
        window.detail.erase_requested.connect(self.erase_customer)
        # Follow-ups done in the window reach every other view, as from the side panel
        # (points changed there arrive as customer_changed: _on_customer_saved above).
        window.detail.timeline.data_changed.connect(self.followups_changed)
        self._windows.append(window)
        window.destroyed.connect(
            lambda _o=None, w=window: self._windows.remove(w) if w in self._windows else None
        )
        window.show()

    def delete_current(self) -> None:
        cid = self.current_customer_id()
        if cid is not None:
            self.delete_customer(cid)

    def delete_customer(self, customer_id: int) -> None:
        parent = self._dialog_parent()
        try:
            impact = svc.delete_impact(customer_id)
            name = svc.get_customer(customer_id).display_name
        except NotFound:
            self.apply_filter()
            return
        text = self.tr("Delete the customer “%1”?").replace("%1", name)
        if impact.orders:
            info = self.tr(
                "Their %n order(s) stay in your sales figures without a customer. "
                "If you import an export that contains this buyer again, "
                "they come back as a new customer.",
                "",
                impact.orders,
            )
        else:
            info = self.tr("This cannot be undone.")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete customer"),
            text,
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText(info)
        delete_button = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete_button:
            return
        row = self.table.currentIndex().row()
        try:
            svc.delete_customer(customer_id)
        except NotFound:
            pass
        self.reload_tags()
        self.model.set_filter(self.current_filter())
        if self.model.rowCount():
            next_id = self.model.id_at(min(max(row, 0), self.model.rowCount() - 1))
            if next_id is not None:
                self.select_customer(next_id)
        else:
            self.detail.show_customer(None)
        # The deleted customer's windows close; the others show what changed with them (a
        # referrer gone, a merge partner's name).
        self.refresh_windows()
        self.data_changed.emit()

    def reveal_customer(self, customer_id: int) -> None:
        """Select a customer, clearing the search and tag filter if they hide them."""
        if not self.select_customer(customer_id):
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self.tag_combo.setCurrentIndex(0)
            self.filter_panel.clear()
            self.model.set_filter(self.current_filter())
            self.select_customer(customer_id)
        self.detail.show_customer(customer_id)

    def export_customer(self, customer_id: int) -> None:
        """Everything about one customer as JSON and xlsx (their right of access)."""
        parent = self._dialog_parent()
        folder = self._ui.last_folder("export") or str(Path.home())
        name, _f = QFileDialog.getSaveFileName(
            parent,
            self.tr("Export all data of this customer"),
            str(Path(folder) / f"customer-{customer_id}.json"),
            self.tr("JSON and Excel (*.json)"),
        )
        if not name:
            return
        self._ui.set_last_folder("export", str(Path(name).parent))
        try:
            paths = privacy.export_person(
                customer_id, Path(name), now=datetime.now().replace(microsecond=0)
            )
        except CrmError as exc:
            QMessageBox.warning(parent, self.tr("Export"), storage_error_text(exc.message))
            return
        QMessageBox.information(
            parent, self.tr("Export"),
            self.tr("Written:\n%1").replace("%1", "\n".join(str(p) for p in paths)),
        )  # fmt: skip

    def erase_customer(self, customer_id: int) -> None:
        """Erase a person's data for good after an explicit confirmation."""
        parent = self._dialog_parent()
        try:
            name = svc.get_customer(customer_id).display_name
        except NotFound:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Erase personal data"),
            self.tr("Erase everything about “%1”?").replace("%1", name),
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText(
            self.tr(
                "Their profile, accounts, tags, notes, follow-ups, feedback and points are "
                "removed and cannot be brought back. Their orders stay in your sales figures "
                "without any personal data, also when you import an export holding them again. "
                "A backup is made first; older backups that still hold them are deleted by the "
                "backup rotation within about ten months."
            )
        )
        erase = box.addButton(self.tr("Erase"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not erase:
            return
        try:
            result = privacy.erase_person(customer_id, now=datetime.now().replace(microsecond=0))
        except privacy.ErasureUnfinished as exc:
            # Erased (committed); only the file's rewrite is left: said, and the person goes.
            QMessageBox.warning(
                parent, self.tr("Erase personal data"), storage_error_text(exc.message)
            )
            result = None
        except CrmError as exc:
            QMessageBox.warning(
                parent, self.tr("Erase personal data"), storage_error_text(exc.message)
            )
            return
        self.refresh()
        self.detail.show_customer(None)
        for window in list(self._windows):
            if window.detail.customer_id() == customer_id:
                window.close()
        self.data_changed.emit()
        if result is None:
            return
        until = result.backups_hold_until.isoformat() if result.backups_hold_until else "—"
        QMessageBox.information(
            self, self.tr("Erase personal data"),
            self.tr("Erased. %n order(s) were kept without personal data. Older backups may "
                    "hold this customer until %1.", "", result.orders_anonymised)
            .replace("%1", until),
        )  # fmt: skip

    def _on_customer_saved(self, customer_id: int) -> None:
        self.reload_tags()
        self.model.set_filter(self.current_filter())
        self.reveal_customer(customer_id)
        # Every open window, not only this customer's: a change can reach another customer
        # (a referral rewards the referrer, a merge moves rows).
        self.refresh_windows()
        self.data_changed.emit()

    def refresh_windows(self) -> None:
        """Show every open customer window afresh (its figures, timeline and tier as now);
        the window of a customer who is gone closes."""
        for window in list(self._windows):
            window.detail.show_customer(window.detail.customer_id())
            if window.detail.customer_id() is None:
                window.close()

    def refresh_timelines(self) -> None:
        """Read every open customer window's timeline again (follow-ups or feedback changed
        elsewhere): only that list, not the whole window (20 windows took 0.5 s)."""
        for window in list(self._windows):
            window.detail.timeline.refresh()


class CustomerWindow(QWidget):
    """One customer in a window of its own (Enter or double-click in the list)."""

    def __init__(
        self, customer_id: int, parent: QWidget | None = None, *, runner: JobRunner | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("CustomerWindow")
        self.detail = CustomerDetailView(self, own_window=True, runner=runner)
        self.setWindowTitle(self.tr("Customer"))
        # The title follows the name, also when it is edited here or in another window.
        self.detail.name_shown.connect(self.setWindowTitle)
        self.detail.show_customer(customer_id)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detail)
        # Tall enough for the Notes tab's box and button without scrolling the whole window
        # (560 cut them), and within a 1366×768 laptop's screen.
        resize_within_screen(self, 760, 660)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        # Opens on the tab bar: the focus shows, the arrows and Ctrl+Tab turn the tabs, and Tab
        # goes on into the open tab (it landed on an invisible frame around the profile).
        self.detail.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
