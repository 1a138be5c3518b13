"""The Follow-ups page: every follow-up, filtered, with bulk done / snooze / cancel."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import NotFound
from desktop_crm.services import customer_list
from desktop_crm.services import followups as fu
from desktop_crm.views.followup_dialogs import (
    Clock,
    FollowUpActions,
    FollowUpDialog,
    automatic_title,
    due_text,
    followup_key,
    followup_kind_name,
    followup_status_name,
    followup_title,
    outcome_text,
    recurrence_name,
    shown_titles,
    system_now,
)
from desktop_crm.views.key_views import enable_row_copy, search_leads_to_list, selected_rows
from desktop_crm.views.labels import grouped
from desktop_crm.views.layout import (
    DATE_TIME_SAMPLE,
    ORDER_NO_SAMPLE,
    empty_hint,
    fit_columns,
    optional_date,
    show_hint,
)
from desktop_crm.views.paged_model import PagedColumn, PagedTableModel, setup_big_table
from desktop_crm.views.ui_state import UiState

SEARCH_DELAY_MS = 250
OVERDUE_COLOR = "#c62828"

# Status filter choices: (data, label). ACTIVE_FILTER is the default.
ACTIVE_FILTER = "active"
ANY_STATUS = "any"


def _h(text: str) -> Any:
    # Headers are translated when shown; QT_TRANSLATE_NOOP marks the words for lupdate.
    return lambda: QCoreApplication.translate("FollowUpTableModel", text)


class FollowUpTableModel(PagedTableModel[fu.FollowUpRow]):
    """Follow-ups matching a filter, soonest due first by default, fetched in pages."""

    COL_DUE, COL_CUSTOMER, COL_TITLE, COL_KIND, COL_STATUS, COL_REPEATS, COL_OUTCOME = range(7)

    def __init__(self, parent: Any = None, *, clock: Clock | None = None) -> None:
        self._filter = fu.FollowUpFilter(statuses=fu.ACTIVE)
        self._clock = clock or system_now
        self._today = self._clock().date()

        def late(r: fu.FollowUpRow) -> Any:
            active = r.status in fu.ACTIVE
            return QColor(OVERDUE_COLOR) if active and r.due.date() < self._today else None

        columns: list[PagedColumn[fu.FollowUpRow]] = [
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FollowUpTableModel", "Due")),
                "due",
                lambda r: due_text(r.due),
                lambda r: r.due,
                foreground=late,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FollowUpTableModel", "Customer")),
                "customer",
                lambda r: r.customer_name,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FollowUpTableModel", "Title")),
                "title",
                followup_title,
                tooltip=lambda r: "\n".join(p for p in (followup_title(r), r.notes) if p),
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FollowUpTableModel", "Kind")),
                "kind",
                lambda r: followup_kind_name(r.kind),
                lambda r: r.kind,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FollowUpTableModel", "Status")),
                "status",
                lambda r: followup_status_name(r.status),
                lambda r: r.status,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FollowUpTableModel", "Repeats")),
                None,
                lambda r: recurrence_name(r.recurrence) if r.recurrence != fu.NONE else "",
                lambda r: r.recurrence,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FollowUpTableModel", "Outcome")),
                "done",
                lambda r: outcome_text(r.outcome),
                lambda r: r.done_at,
                tooltip=lambda r: outcome_text(r.outcome),
            ),
        ]
        super().__init__(columns, self._query, fu.fetch_rows, parent)

    def _query(self, sort_key: str | None, descending: bool) -> list[int]:
        return fu.list_ids(self._filter, sort_key or "due", descending)

    def before_refresh(self) -> None:
        self._today = self._clock().date()

    def set_filter(self, flt: fu.FollowUpFilter) -> None:
        self._filter = flt
        self.refresh()

    def current_filter(self) -> fu.FollowUpFilter:
        return self._filter


class FollowUpTable(QTableView):
    """Enter edits, D done, S snooze, Delete cancels (the selected rows).

    Signals:
        open_requested(): Enter or Return was pressed.
        done_requested(): D was pressed.
        snooze_requested(): S was pressed.
        cancel_requested(): Delete was pressed.
    """

    open_requested = Signal()
    done_requested = Signal()
    snooze_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        enable_row_copy(self)  # Ctrl+C copies the selected rows

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not followup_key(self, event):
            super().keyPressEvent(event)


def _set_date(check: QCheckBox, edit: QDateEdit, value: date | None) -> None:
    check.setChecked(value is not None)
    if value is not None:
        edit.setDate(QDate(value.year, value.month, value.day))


class FollowUpsPage(QWidget):
    """Find follow-ups by kind, status, due range and text; act on several at once.

    Signals:
        customer_requested(int): the user wants to see this customer.
        data_changed(): follow-ups were created or changed here.
    """

    customer_requested = Signal(int)
    data_changed = Signal()

    def __init__(
        self, ui_state: UiState, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FollowUpsPage")
        self._ui = ui_state
        self._clock = clock or system_now
        self.followup_actions = FollowUpActions(self, self._clock)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("followupSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Customer name or title"))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("followupKind")
        self.kind_combo.addItem(self.tr("All kinds"), None)
        for kind in fu.KINDS:
            self.kind_combo.addItem(followup_kind_name(kind), kind)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("followupStatus")
        self.status_combo.addItem(self.tr("Open or snoozed"), ACTIVE_FILTER)
        for status in fu.STATUSES:
            self.status_combo.addItem(followup_status_name(status), status)
        self.status_combo.addItem(self.tr("Any status"), ANY_STATUS)
        self.from_check, self.from_edit = optional_date(self.tr("Due fro&m"))
        self.to_check, self.to_edit = optional_date(self.tr("&to"))
        self.count_label = QLabel()

        self.new_button = QPushButton(self.tr("&New follow-up…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Edit the follow-up (Enter)"))
        self.done_button = QPushButton(self.tr("&Done…"))
        self.done_button.setToolTip(self.tr("Mark the selected follow-ups done (D)"))
        self.snooze_button = QPushButton(self.tr("Snoo&ze ▾"))
        self.snooze_button.setToolTip(self.tr("Snooze the selected follow-ups (S)"))
        self.cancel_button = QPushButton(self.tr("Cance&l…"))
        self.cancel_button.setToolTip(self.tr("Cancel the selected follow-ups (Delete)"))
        self.reopen_button = QPushButton(self.tr("Re&open"))
        self.customer_button = QPushButton(self.tr("Open c&ustomer"))
        self.message_label = QLabel()
        self.message_label.setObjectName("followupsMessage")

        row1 = QHBoxLayout()
        row1.addWidget(self.search_edit, 3)
        row1.addWidget(self.kind_combo)
        row1.addWidget(self.status_combo)
        row1.addWidget(self.from_check)
        row1.addWidget(self.from_edit)
        row1.addWidget(self.to_check)
        row1.addWidget(self.to_edit)
        row1.addWidget(self.count_label)
        row2 = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.done_button,
            self.snooze_button,
            self.cancel_button,
            self.reopen_button,
            self.customer_button,
        ):
            row2.addWidget(button)
        row2.addStretch(1)

        self.model = FollowUpTableModel(self, clock=self._clock)
        self.table = FollowUpTable()
        self.table.setObjectName("followupTable")
        setup_big_table(self.table, self.model, (130, 150, 260, 90, 80, 80))
        # The title of an after-sale check-in ends with the order number it is about: wide
        # enough for the longest one (Pinduoduo's 21 characters).
        M = FollowUpTableModel
        fit_columns(
            self.table,
            {
                M.COL_DUE: [DATE_TIME_SAMPLE],
                M.COL_TITLE: [f"{automatic_title(fu.AFTER_SALE)}: {ORDER_NO_SAMPLE}"],
                M.COL_KIND: [followup_kind_name(k) for k in fu.KINDS],
                M.COL_STATUS: [followup_status_name(s) for s in fu.STATUSES],
                M.COL_REPEATS: [recurrence_name(r) for r in fu.RECURRENCES if r != fu.NONE],
            },
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSortIndicator(FollowUpTableModel.COL_DUE, Qt.SortOrder.AscendingOrder)
        if state := self._ui.header_state("followups"):
            header.restoreState(state)
        self.table.setSortingEnabled(True)

        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        self.empty_label = empty_hint("followupsEmpty")
        layout.addWidget(self.empty_label, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        search_leads_to_list(self.search_edit, self.table, self.apply_filter)
        for combo in (self.kind_combo, self.status_combo):
            combo.activated.connect(lambda _i: self.apply_filter())
        for check in (self.from_check, self.to_check):
            check.toggled.connect(lambda _b: self.apply_filter())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filter())
        self.new_button.clicked.connect(lambda: self.new_followup())
        self.edit_button.clicked.connect(self.edit_current)
        self.done_button.clicked.connect(self.complete_selected)
        self.snooze_button.clicked.connect(self._on_snooze_button_clicked)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.customer_button.clicked.connect(self._on_customer_button_clicked)
        self.table.open_requested.connect(self.edit_current)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        self.table.done_requested.connect(self.complete_selected)
        self.table.snooze_requested.connect(self._on_table_snooze_requested)
        self.table.cancel_requested.connect(self.cancel_selected)
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self.model.modelReset.connect(self._update_count)
        self.followup_actions.changed.connect(self._on_followup_actions_changed)
        self._update_count()
        self._update_buttons()

    # --- filter --------------------------------------------------------------------------
    @staticmethod
    def _date(check: QCheckBox, edit: QDateEdit) -> date | None:
        if not check.isChecked():
            return None
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def current_filter(self) -> fu.FollowUpFilter:
        kind = self.kind_combo.currentData()
        status = self.status_combo.currentData()
        if status == ACTIVE_FILTER:
            statuses: tuple[str, ...] = fu.ACTIVE
        elif status == ANY_STATUS:
            statuses = ()
        else:
            statuses = (str(status),)
        return fu.FollowUpFilter(
            kinds=(kind,) if kind else (),
            statuses=statuses,
            due_from=self._date(self.from_check, self.from_edit),
            due_to=self._date(self.to_check, self.to_edit),
            text=self.search_edit.text(),
            # Rule-made titles are shown translated: the search finds those words.
            shown_titles=shown_titles(),
        )

    def apply_filter(self) -> None:
        """Run the query for the filter bar (keeps the current follow-up if it can)."""
        self._timer.stop()
        keep = self.current_followup_id()
        self.model.set_filter(self.current_filter())
        if keep is not None:
            self.select_followup(keep)
        self._update_buttons()

    def refresh(self) -> None:
        """Re-query after data changed elsewhere."""
        self.apply_filter()

    def show_group(self, bucket: str, kind: str) -> None:
        """Show one Today group in full: active follow-ups of a kind in a bucket."""
        today = self._clock().date()
        ranges = {
            fu.OVERDUE: (None, today - timedelta(days=1)),
            fu.TODAY: (today, today),
            fu.NEXT_7_DAYS: (today + timedelta(days=1), today + timedelta(days=7)),
        }
        due_from, due_to = ranges.get(bucket, (None, None))
        self.show_filtered(kinds=(kind,), due_from=due_from, due_to=due_to)

    def show_filtered(
        self,
        *,
        kinds: tuple[str, ...] = (),
        due_from: date | None = None,
        due_to: date | None = None,
        text: str = "",
    ) -> None:
        """Set the filter bar (active follow-ups) and run it."""
        for widget in (
            self.search_edit,
            self.from_check,
            self.to_check,
            self.from_edit,
            self.to_edit,
        ):
            widget.blockSignals(True)
        self.search_edit.setText(text)
        self.kind_combo.setCurrentIndex(
            max(0, self.kind_combo.findData(kinds[0] if kinds else None))
        )
        self.status_combo.setCurrentIndex(0)
        _set_date(self.from_check, self.from_edit, due_from)
        _set_date(self.to_check, self.to_edit, due_to)
        self.from_edit.setEnabled(due_from is not None)
        self.to_edit.setEnabled(due_to is not None)
        for widget in (
            self.search_edit,
            self.from_check,
            self.to_check,
            self.from_edit,
            self.to_edit,
        ):
            widget.blockSignals(False)
        self.apply_filter()

    def save_state(self) -> None:
        self._ui.set_header_state("followups", self.table.horizontalHeader().saveState())

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(grouped(self.tr("%n follow-up(s)", "", n), n))
        show_hint(self.table, self.empty_label, self._empty_text() if not n else None)

    def _empty_text(self) -> str:
        if fu.has_followups():
            return self.tr("No follow-up matches the search and filters.")
        if not customer_list.has_customers():
            return self.tr(
                "No follow-ups yet. Import your order exports (Ctrl+I) or add a customer "
                "(Ctrl+N): birthdays, win-backs and after-sale check-ins then appear here."
            )
        return self.tr(
            "No follow-ups yet. New follow-up… adds one; birthdays, win-backs and after-sale "
            "check-ins appear here as their rules make them (Settings › Follow-ups)."
        )

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    # --- selection -----------------------------------------------------------------------
    def current_followup_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """The selected follow-ups in list order (the current one when none is selected)."""
        ids = [i for i in map(self.model.id_at, selected_rows(self.table)) if i is not None]
        if not ids and (current := self.current_followup_id()) is not None:
            ids = [current]
        return ids

    def select_followup(self, followup_id: int) -> bool:
        row = self.model.row_of(followup_id)
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

    def _update_buttons(self) -> None:
        has = self.table.selectionModel().hasSelection() or self.table.currentIndex().isValid()
        for button in (
            self.done_button,
            self.snooze_button,
            self.cancel_button,
            self.reopen_button,
            self.customer_button,
        ):
            button.setEnabled(has)
        self.edit_button.setEnabled(self.current_followup_id() is not None)

    # --- actions -------------------------------------------------------------------------
    def new_followup(self, customer_id: int | None = None) -> FollowUpDialog | None:
        """The new follow-up form (open, not blocking); `customer_id` fixes the customer."""
        try:
            dialog = FollowUpDialog(self, customer_id=customer_id, clock=self._clock)
        except NotFound:
            return None
        dialog.followup_saved.connect(self._on_followup_saved)
        dialog.open()
        return dialog

    def edit_current(self) -> FollowUpDialog | None:
        """Enter: the current follow-up's form."""
        fid = self.current_followup_id()
        if fid is None:
            return None
        try:
            dialog = FollowUpDialog(self, fid, clock=self._clock)
        except NotFound:
            self.apply_filter()
            return None
        dialog.followup_saved.connect(self._on_followup_saved)
        dialog.open()
        return dialog

    def complete_selected(self) -> None:
        """D: ask for an optional outcome, then mark the selected follow-ups done."""
        self.followup_actions.complete(self.selected_ids())

    def snooze_selected(self, option: str) -> None:
        """Snooze the selected follow-ups: "1d", "3d", "1w", or "date" (asks for the day)."""
        self.followup_actions.snooze(self.selected_ids(), option)

    def cancel_selected(self) -> None:
        """Delete: ask, then cancel the selected follow-ups."""
        self.followup_actions.cancel(self.selected_ids())

    def reopen_selected(self) -> None:
        """Open the selected done or cancelled follow-ups again."""
        self.followup_actions.reopen(self.selected_ids())

    def _on_snooze_button_clicked(self) -> None:
        self.followup_actions.popup_snooze_menu(self.selected_ids(), self.snooze_button)

    def _on_table_snooze_requested(self) -> None:
        self.followup_actions.popup_snooze_menu(self.selected_ids(), self.table)

    def _on_customer_button_clicked(self) -> None:
        fid = self.current_followup_id()
        row = self.model.row_item(self.model.row_of(fid)) if fid is not None else None
        if row is not None:
            self.customer_requested.emit(row.customer_id)

    def _on_followup_saved(self, followup_id: int) -> None:
        self.apply_filter()
        self.select_followup(followup_id)
        self.message_label.setText(self.tr("Follow-up saved."))
        self.data_changed.emit()

    def _on_followup_actions_changed(self, message: str) -> None:
        row = self.table.currentIndex().row()
        self.model.set_filter(self.current_filter())
        if self.model.rowCount():
            next_id = self.model.id_at(min(max(row, 0), self.model.rowCount() - 1))
            if next_id is not None:
                self.select_followup(next_id)
        self._update_buttons()
        self.message_label.setText(message)
        self.table.setFocus()
        self.data_changed.emit()
