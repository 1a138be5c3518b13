"""The Feedback page: the feedback log, its filters, status changes and satisfaction figures."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import NotFound
from desktop_crm.services import feedback as fb
from desktop_crm.services.money import format_percent
from desktop_crm.views.followup_dialogs import (
    Clock,
    FeedbackDialog,
    ResolveDialog,
    channel_name,
    feedback_kind_name,
    feedback_status_name,
    rating_text,
    system_now,
)
from desktop_crm.views.key_views import (
    KeyTable,
    search_leads_to_list,
    select_rows,
    selected_rows,
)
from desktop_crm.views.labels import grouped, sentences
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
UNRESOLVED_FILTER = "unresolved"
NOT_RATED = 0

# Satisfaction periods: code -> (first day, last day) for a given today.
PERIODS = ("30d", "90d", "month", "year", "365d")


def period_range(code: str, today: date) -> tuple[date, date]:
    """The days of a satisfaction period ending today."""
    if code == "90d":
        return today - timedelta(days=89), today
    if code == "month":
        return today.replace(day=1), today
    if code == "year":
        return today.replace(month=1, day=1), today
    if code == "365d":
        return today - timedelta(days=364), today
    return today - timedelta(days=29), today


def _h(text: str) -> Any:
    # Headers are translated when shown; QT_TRANSLATE_NOOP marks the words for lupdate.
    return lambda: QCoreApplication.translate("FeedbackTableModel", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _resolution_text(row: fb.FeedbackRow) -> str:
    """When it was resolved, then how: the column sorts by that time, so it shows it."""
    note = _one_line(row.resolution)
    if row.resolved_at is None:
        return note
    when = f"{row.resolved_at:%Y-%m-%d %H:%M}"
    return f"{when} · {note}" if note else when


def _resolution_tooltip(row: fb.FeedbackRow) -> str:
    if row.resolved_at is None:
        return row.resolution
    when = QCoreApplication.translate("FeedbackTableModel", "Resolved on %1").replace(
        "%1", f"{row.resolved_at:%Y-%m-%d %H:%M}"
    )
    return f"{when}\n{row.resolution}" if row.resolution else when


class FeedbackTableModel(PagedTableModel[fb.FeedbackRow]):
    """Feedback matching a filter, newest first by default, fetched in pages."""

    COL_DATE, COL_CUSTOMER, COL_KIND, COL_RATING, COL_CHANNEL, COL_CONTENT = range(6)
    # The resolution beside the status (both about where the matter stands), the long order
    # number last: at 1024 px it is the column that scrolls out of sight.
    COL_STATUS, COL_RESOLUTION, COL_ORDER = range(6, 9)

    def __init__(self, parent: Any = None) -> None:
        self._filter = fb.FeedbackFilter()
        columns: list[PagedColumn[fb.FeedbackRow]] = [
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Logged")),
                "created",
                lambda r: f"{r.created_at:%Y-%m-%d %H:%M}",
                lambda r: r.created_at,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Customer")),
                "customer",
                lambda r: r.customer_name,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Kind")),
                "kind",
                lambda r: feedback_kind_name(r.kind),
                lambda r: r.kind,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Rating")),
                "rating",
                lambda r: rating_text(r.rating),
                lambda r: r.rating,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Channel")),
                "channel",
                lambda r: channel_name(r.channel),
                lambda r: r.channel,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "What they said")),
                None,
                lambda r: _one_line(r.content),
                lambda r: r.content,
                tooltip=lambda r: r.content,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Status")),
                "status",
                lambda r: feedback_status_name(r.status),
                lambda r: r.status,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Resolution")),
                "resolved",
                _resolution_text,
                lambda r: r.resolved_at,
                tooltip=_resolution_tooltip,
            ),
            PagedColumn(
                _h(QT_TRANSLATE_NOOP("FeedbackTableModel", "Order")),
                None,
                lambda r: r.order_no,
                lambda r: r.order_id,
            ),
        ]
        super().__init__(columns, self._query, fb.fetch_rows, parent)
        self._descending = True

    def _query(self, sort_key: str | None, descending: bool) -> list[int]:
        return fb.list_ids(self._filter, sort_key or "created", descending)

    def set_filter(self, flt: fb.FeedbackFilter) -> None:
        self._filter = flt
        self.refresh()


def _plain(button_text: str) -> str:
    """A button's text as a sentence names it: without its mnemonic (&L, or (&L) in Chinese)."""
    return (
        re.sub(r"\(&[^&]\)", "", button_text)
        .replace("&&", "\0")
        .replace("&", "")
        .replace("\0", "&")
    )


def _figure() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMargin(6)
    # Wraps rather than widening the page: four figures side by side asked for 865 pixels,
    # more than a 1024-pixel screen leaves beside the sidebar.
    label.setWordWrap(True)
    return label


class FeedbackPage(QWidget):
    """Log feedback, follow it to resolution, and see how satisfied customers are.

    Signals:
        customer_requested(int): the user wants to see this customer.
        data_changed(): feedback was logged or changed here (complaint follow-ups may follow).
    """

    customer_requested = Signal(int)
    data_changed = Signal()

    def __init__(
        self, ui_state: UiState, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FeedbackPage")
        self._ui = ui_state
        self._clock = clock or system_now

        # --- satisfaction header
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("satisfactionPeriod")
        names = {
            "30d": self.tr("Last 30 days"),
            "90d": self.tr("Last 90 days"),
            "month": self.tr("This month"),
            "year": self.tr("This year"),
            "365d": self.tr("Last 12 months"),
        }
        for code in PERIODS:
            self.period_combo.addItem(names[code], code)
        period_label = QLabel(self.tr("Satisfaction o&ver"))
        period_label.setBuddy(self.period_combo)
        self.csat_label = _figure()
        self.csat_label.setObjectName("csatFigure")
        self.average_label = _figure()
        self.average_label.setObjectName("averageFigure")
        self.complaints_label = _figure()
        self.complaints_label.setObjectName("complaintsFigure")
        self.resolve_label = _figure()
        self.resolve_label.setObjectName("resolveFigure")
        figures = QHBoxLayout()
        figures.addWidget(period_label)
        figures.addWidget(self.period_combo)
        for label in (
            self.csat_label,
            self.average_label,
            self.complaints_label,
            self.resolve_label,
        ):
            figures.addWidget(label, 1)

        # --- filter bar
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("feedbackSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Words in the feedback, or a customer's name"))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("feedbackKind")
        self.kind_combo.addItem(self.tr("All kinds"), None)
        for kind in fb.KINDS:
            self.kind_combo.addItem(feedback_kind_name(kind), kind)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("feedbackStatus")
        self.status_combo.addItem(self.tr("Any status"), None)
        self.status_combo.addItem(self.tr("Not resolved"), UNRESOLVED_FILTER)
        for status in fb.STATUSES:
            self.status_combo.addItem(feedback_status_name(status), status)
        self.rating_combo = QComboBox()
        self.rating_combo.setObjectName("feedbackRating")
        self.rating_combo.addItem(self.tr("Any rating"), None)
        self.rating_combo.addItem(self.tr("Not rated"), NOT_RATED)
        for n in range(5, 0, -1):
            self.rating_combo.addItem(rating_text(n), n)
        self.from_check, self.from_edit = optional_date(self.tr("Fro&m"))
        self.to_check, self.to_edit = optional_date(self.tr("&To"))
        self.count_label = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.rating_combo)
        filters.addWidget(self.from_check)
        filters.addWidget(self.from_edit)
        filters.addWidget(self.to_check)
        filters.addWidget(self.to_edit)
        filters.addWidget(self.count_label)

        # --- actions
        self.log_button = QPushButton(self.tr("&Log feedback…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Edit the feedback (Enter)"))
        self.progress_button = QPushButton(self.tr("In &progress"))
        self.resolve_button = QPushButton(self.tr("&Resolve…"))
        self.reopen_button = QPushButton(self.tr("Re&open"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the feedback (Delete)"))
        self.customer_button = QPushButton(self.tr("Open c&ustomer"))
        buttons = QHBoxLayout()
        for button in (
            self.log_button,
            self.edit_button,
            self.progress_button,
            self.resolve_button,
            self.reopen_button,
            self.delete_button,
            self.customer_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message_label = QLabel()
        self.message_label.setObjectName("feedbackMessage")

        self.model = FeedbackTableModel(self)
        self.table = KeyTable(deletes=True)
        self.table.setObjectName("feedbackTable")
        setup_big_table(self.table, self.model, (130, 120, 80, 80, 80, 220, 80, 150))
        # Short columns as wide as their words and the order number whole: with what the
        # customer said (its tooltip has all of it) the resolution, last, still starts on a
        # 1280-pixel screen instead of being pushed off its right edge.
        M = FeedbackTableModel
        fit_columns(
            self.table,
            {
                M.COL_DATE: [DATE_TIME_SAMPLE],
                M.COL_KIND: [feedback_kind_name(k) for k in fb.KINDS],
                M.COL_RATING: [rating_text(5)],
                M.COL_CHANNEL: [channel_name(c) for c in fb.CHANNELS],
                M.COL_STATUS: [feedback_status_name(s) for s in fb.STATUSES],
                M.COL_ORDER: [ORDER_NO_SAMPLE],
            },
        )
        # Several entries at once (Shift/Ctrl+click, Ctrl+A): In progress, Resolve, Reopen
        # and Delete act on all of them; Edit and Open customer on the current one.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSortIndicator(FeedbackTableModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        if state := self._ui.header_state("feedback"):
            header.restoreState(state)
        self.table.setSortingEnabled(True)
        # Shown instead of an empty table, as on the Today page.
        self.empty_label = empty_hint("feedbackEmpty")

        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        search_leads_to_list(self.search_edit, self.table, self.apply_filter)
        for combo in (self.kind_combo, self.status_combo, self.rating_combo):
            combo.activated.connect(lambda _i: self.apply_filter())
        for check in (self.from_check, self.to_check):
            check.toggled.connect(lambda _b: self.apply_filter())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filter())
        self.period_combo.activated.connect(lambda _i: self.update_satisfaction())
        self.log_button.clicked.connect(lambda: self.log_feedback())
        self.edit_button.clicked.connect(self.edit_current)
        self.progress_button.clicked.connect(self.start_selected)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.customer_button.clicked.connect(self._on_customer_button_clicked)
        self.table.open_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        selection.selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self.model.modelReset.connect(self._update_count)
        self._update_count()
        self._update_buttons()
        self.update_satisfaction()

    # --- satisfaction --------------------------------------------------------------------
    def update_satisfaction(self) -> fb.Satisfaction:
        """Recompute the header figures for the chosen period."""
        date_from, date_to = period_range(
            str(self.period_combo.currentData()), self._clock().date()
        )
        s = fb.satisfaction(date_from, date_to)
        if s.csat is None:
            self.csat_label.setText(self.tr("<b>CSAT —</b><br>No ratings yet"))
        else:
            self.csat_label.setText(
                self.tr("<b>CSAT %1</b><br>%2 of %3 ratings are 4–5 ★")
                .replace("%1", format_percent(s.csat))
                .replace("%2", str(s.satisfied))
                .replace("%3", str(s.rated))
            )
        self.csat_label.setToolTip(
            self.tr("Share of rated feedback with 4 or 5 stars (unrated feedback is left out).")
        )
        average = s.average_rating_tenths
        if average is None:
            self.average_label.setText(self.tr("<b>Average —</b><br>No ratings yet"))
        else:
            self.average_label.setText(
                self.tr("<b>Average %1 ★</b><br>%2 rated")
                .replace("%1", str(average))
                .replace("%2", str(s.rated))
            )
        self.average_label.setToolTip(
            " · ".join(f"{k}★: {v}" for k, v in sorted(s.histogram.items(), reverse=True))
        )
        months = s.complaints_per_month
        complaints = sum(months.values())
        self.complaints_label.setText(
            self.tr("<b>%1 complaints a month</b><br>%2 in the period")
            .replace("%1", f"{s.complaints_a_month:.1f}")
            .replace("%2", str(complaints))
        )
        self.complaints_label.setToolTip("\n".join(f"{m}: {n}" for m, n in months.items()))
        hours = s.median_resolve_hours
        if hours is None:
            self.resolve_label.setText(self.tr("<b>Time to resolve —</b><br>Nothing resolved yet"))
        else:
            if hours < 24:
                median = self.tr("%1 h").replace("%1", f"{hours:.1f}")
            else:
                median = self.tr("%1 days").replace("%1", f"{hours / 24:.1f}")
            self.resolve_label.setText(
                self.tr("<b>Resolved in %1</b><br>median of %2 resolved")
                .replace("%1", median)
                .replace("%2", str(s.resolved))
            )
        self.resolve_label.setToolTip(
            self.tr("Median time from logging to resolving, over feedback resolved in the period.")
        )
        return s

    # --- filter --------------------------------------------------------------------------
    @staticmethod
    def _date(check: QCheckBox, edit: QDateEdit) -> date | None:
        if not check.isChecked():
            return None
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def current_filter(self) -> fb.FeedbackFilter:
        kind = self.kind_combo.currentData()
        status = self.status_combo.currentData()
        if status == UNRESOLVED_FILTER:
            statuses: tuple[str, ...] = fb.UNRESOLVED
        else:
            statuses = (str(status),) if status else ()
        rating = self.rating_combo.currentData()
        return fb.FeedbackFilter(
            kinds=(kind,) if kind else (),
            statuses=statuses,
            ratings=(int(rating),) if rating is not None else (),
            date_from=self._date(self.from_check, self.from_edit),
            date_to=self._date(self.to_check, self.to_edit),
            text=self.search_edit.text(),
        )

    def apply_filter(self) -> None:
        """Run the query for the filter bar (keeps the current and the selected entries that
        still match: a refresh after a bulk action leaves them for the next one)."""
        self._timer.stop()
        current, chosen = self.current_feedback_id(), self.selected_ids()
        self.model.set_filter(self.current_filter())
        self._select_again(chosen, current)
        self._update_buttons()

    def _select_again(self, ids: list[int], current: int | None) -> None:
        """Select these entries still in the list, `current` (or the first) current."""
        where = {fid: row for row, fid in enumerate(self.model.ids())}
        shown = [i for i in ids if i in where]
        first = current if current in where else (shown[0] if shown else None)
        if first is not None:
            self.select_feedback(first)
        select_rows(self.table, (where[i] for i in shown))

    def refresh(self) -> None:
        """Re-query the list and the figures after data changed elsewhere."""
        self.apply_filter()
        self.update_satisfaction()

    def save_state(self) -> None:
        self._ui.set_header_state("feedback", self.table.horizontalHeader().saveState())

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _update_count(self) -> None:
        rows = self.model.rowCount()
        self.count_label.setText(self.tr("%1 entries").replace("%1", f"{rows:,}"))
        hint = None
        if not rows:
            if fb.count():
                hint = self.tr("No feedback matches the filters.")
            else:
                button = self.log_button.text()
                hint = (
                    self.tr("No feedback yet — log a complaint, praise or return with %1 (%2).")
                    .replace("%1", _plain(button))
                    .replace(
                        "%2",
                        QKeySequence.mnemonic(button).toString(
                            QKeySequence.SequenceFormat.NativeText
                        ),
                    )
                )
        show_hint(self.table, self.empty_label, hint)

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    # --- selection -----------------------------------------------------------------------
    def current_feedback_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """The selected entries in list order (the current one when none is selected)."""
        ids = [i for i in map(self.model.id_at, selected_rows(self.table)) if i is not None]
        if not ids and (current := self.current_feedback_id()) is not None:
            ids = [current]
        return ids

    def current_row(self) -> fb.FeedbackRow | None:
        index = self.table.currentIndex()
        return self.model.row_item(index.row()) if index.isValid() else None

    def select_feedback(self, feedback_id: int) -> bool:
        row = self.model.row_of(feedback_id)
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
        row = self.current_row()
        ids = self.selected_ids()
        if len(ids) > 1:
            statuses = set(fb.status_counts(ids))
        else:
            statuses = {row.status} if row is not None else set()
        self.edit_button.setEnabled(row is not None)
        self.customer_button.setEnabled(row is not None)
        self.delete_button.setEnabled(bool(ids))
        # A move is offered when it applies to one of the selected entries at least.
        for button, status in (
            (self.progress_button, fb.IN_PROGRESS),
            (self.resolve_button, fb.RESOLVED),
            (self.reopen_button, fb.OPEN),
        ):
            button.setEnabled(bool(statuses.intersection(fb.MOVES_FROM[status])))

    # --- actions -------------------------------------------------------------------------
    def log_feedback(
        self, customer_id: int | None = None, order_id: int | None = None
    ) -> FeedbackDialog | None:
        """The feedback form (open, not blocking); `customer_id` fixes the customer."""
        try:
            dialog = FeedbackDialog(
                self, customer_id=customer_id, order_id=order_id, clock=self._clock
            )
        except NotFound:
            return None
        dialog.feedback_saved.connect(self._on_feedback_saved)
        dialog.open()
        return dialog

    def edit_current(self) -> FeedbackDialog | None:
        """Enter: the current feedback's form."""
        fid = self.current_feedback_id()
        if fid is None:
            return None
        try:
            dialog = FeedbackDialog(self, fid, clock=self._clock)
        except NotFound:
            self.refresh()
            return None
        dialog.feedback_saved.connect(self._on_feedback_saved)
        dialog.open()
        return dialog

    def start_selected(self) -> None:
        """Mark the selected open entries in progress."""
        ids = self.selected_ids()
        if ids:
            self._moved(
                ids, fb.change_status(ids, fb.IN_PROGRESS, now=self._clock()), fb.IN_PROGRESS
            )

    def resolve_selected(self) -> ResolveDialog | None:
        """Ask what was done (required), then resolve the selected entries not resolved yet."""
        ids = self.selected_ids()
        if not ids:
            return None
        try:
            dialog = ResolveDialog(ids, self, clock=self._clock)
        except NotFound:
            self.refresh()
            return None
        dialog.resolved.connect(lambda result: self._moved(ids, result, fb.RESOLVED))
        dialog.open()
        return dialog

    def reopen_selected(self) -> None:
        """Open the selected resolved entries again."""
        ids = self.selected_ids()
        if ids:
            self._moved(ids, fb.change_status(ids, fb.OPEN, now=self._clock()), fb.OPEN)

    def _moved(self, ids: list[int], result: fb.BulkResult, status: str) -> None:
        n = len(result.changed)
        if n == 1 and not result.skipped:
            said = {
                fb.IN_PROGRESS: self.tr("Marked in progress."),
                fb.RESOLVED: self.tr("Resolved."),
                fb.OPEN: self.tr("Reopened."),
            }[status]
        else:
            said = {
                fb.IN_PROGRESS: self.tr("Marked %n feedback entry(ies) in progress.", "", n),
                fb.RESOLVED: self.tr("Resolved %n feedback entry(ies).", "", n),
                fb.OPEN: self.tr("Reopened %n feedback entry(ies).", "", n),
            }[status]
            said = grouped(said, n)
        if skipped := len(result.skipped):
            left = {
                fb.IN_PROGRESS: self.tr(
                    "%n selected entry(ies) were not open: left as they were.", "", skipped
                ),
                fb.RESOLVED: self.tr(
                    "%n selected entry(ies) were already resolved: left as they were.", "", skipped
                ),
                fb.OPEN: self.tr(
                    "%n selected entry(ies) were not resolved: left as they were.", "", skipped
                ),
            }[status]
            said = sentences(said, grouped(left, skipped))
        self._changed(ids, said)

    def delete_selected(self) -> bool:
        """Delete: ask, then delete the selected entries. Returns whether they were deleted."""
        ids = self.selected_ids()
        if not ids:
            return False
        if len(ids) == 1:
            row = self.model.row_item(self.model.row_of(ids[0]))
            if row is None:
                return False
            text = (
                self.tr("Delete this %1 from %2?")
                .replace("%1", feedback_kind_name(row.kind))
                .replace("%2", row.customer_name)
            )
        else:
            text = grouped(self.tr("Delete %n feedback entry(ies)?", "", len(ids)), len(ids))
        answer = QMessageBox.question(
            self,
            self.tr("Delete feedback"),
            text + "\n" + self.tr("This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        position = min(selected_rows(self.table) or [self.table.currentIndex().row()])
        n = fb.delete_many(ids, now=self._clock())
        self.model.set_filter(self.current_filter())
        if self.model.rowCount():
            next_id = self.model.id_at(min(max(position, 0), self.model.rowCount() - 1))
            if next_id is not None:
                self.select_feedback(next_id)
        self.update_satisfaction()
        self._update_buttons()
        if len(ids) == 1:
            self.message_label.setText(self.tr("Deleted."))
        else:
            self.message_label.setText(
                grouped(self.tr("Deleted %n feedback entry(ies).", "", n), n)
            )
        self.data_changed.emit()
        return True

    def _on_customer_button_clicked(self) -> None:
        row = self.current_row()
        if row is not None:
            self.customer_requested.emit(row.customer_id)

    def _on_feedback_saved(self, feedback_id: int) -> None:
        self._changed([feedback_id], self.tr("Feedback saved."))

    def _changed(self, feedback_ids: list[int], message: str) -> None:
        """After a change: the list re-queried, the entries acted on that are still in it selected
        again (the current one stays current) so that the next action takes them, and the
        figures recomputed."""
        current = self.current_feedback_id()
        self.model.set_filter(self.current_filter())
        self._select_again(feedback_ids, current if current in feedback_ids else None)
        self.update_satisfaction()
        self._update_buttons()
        self.message_label.setText(message)
        self.table.setFocus()
        self.data_changed.emit()
