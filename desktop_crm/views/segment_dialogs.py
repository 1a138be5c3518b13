"""Saved segments and bulk follow-ups: save a filter as a segment, manage segments, and create
one follow-up per customer of a filter or segment.

- `filter_summary(flt)`: a filter in words ("Lifecycle stage: Active · Spend ≥ ¥1,000.00").
- `SaveSegmentDialog`: a name for the current filter, with the live count of its customers.
- `ManageSegmentsDialog`: every segment with its live count; show, rename, delete, export,
  follow-ups.
- `BulkFollowUpDialog`: title, due date and notes; confirms the count, then creates one manual
  follow-up per customer on the JobRunner (progress, Cancel: nothing is created).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.db import db
from desktop_crm.errors import CrmError, JobCancelled, NotFound, ValidationError
from desktop_crm.services import analytics, customer_list, segments
from desktop_crm.services import customers as customer_svc
from desktop_crm.services import followups as fu
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.importing.normalize import parse_money
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.customer_analytics_view import rfm_class_name, stage_name, words
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.followup_dialogs import followup_kind_name
from desktop_crm.views.jobs import JobRunner, progress_dialog
from desktop_crm.views.labels import platform_name, sentences, validation_message
from desktop_crm.views.layout import tab_like_shown
from desktop_crm.views.ui_state import UiState

Clock = Callable[[], datetime]
ERROR_STYLE = "color: #c62828;"


def system_now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


# --------------------------------------------------------------------------------------------
# Words


def tier_names() -> dict[int, str]:
    """{tier id: name}; empty when the database has no loyalty tiers."""
    if not analytics.has_tiers():
        return {}
    # Imported here: loyalty is optional schema (migration 0003), as in services.analytics.
    from desktop_crm.services import loyalty_tiers

    return {t.id: t.name for t in loyalty_tiers.list_tiers()}


def filter_summary(flt: CustomerFilter, currency: str | None = None) -> str:
    """A filter in words, parts joined by " · " ("All customers" when it has none)."""
    parts: list[str] = []
    if flt.text.strip():
        parts.append(
            QCoreApplication.translate("SegmentLabels", "Search: “%1”").replace(
                "%1", flt.text.strip()
            )
        )
    if flt.tag_id is not None:
        names = {tag_id: name for tag_id, name, _n in customer_svc.all_tags()}
        tag = names.get(flt.tag_id, f"#{flt.tag_id}")
        parts.append(QCoreApplication.translate("SegmentLabels", "Tag: %1").replace("%1", tag))
    if flt.stage:
        parts.append(
            QCoreApplication.translate("SegmentLabels", "Lifecycle stage: %1").replace(
                "%1", stage_name(flt.stage)
            )
        )
    if flt.rfm_class:
        parts.append(
            QCoreApplication.translate("SegmentLabels", "RFM class: %1").replace(
                "%1", rfm_class_name(flt.rfm_class)
            )
        )
    if flt.churn_warning:
        parts.append(QCoreApplication.translate("SegmentLabels", "Churn warning"))
    if flt.tier_id is not None:
        tier = tier_names().get(flt.tier_id, f"#{flt.tier_id}")
        parts.append(QCoreApplication.translate("SegmentLabels", "Tier: %1").replace("%1", tier))
    if flt.platform:
        parts.append(
            QCoreApplication.translate("SegmentLabels", "Platform: %1").replace(
                "%1", platform_name(flt.platform)
            )
        )
    if flt.province:
        parts.append(
            QCoreApplication.translate("SegmentLabels", "Province: %1").replace("%1", flt.province)
        )
    if flt.min_spend is not None and flt.max_spend is not None:
        parts.append(
            QCoreApplication.translate("SegmentLabels", "Spend %1 – %2")
            .replace("%1", format_money(flt.min_spend, currency))
            .replace("%2", format_money(flt.max_spend, currency))
        )
    elif flt.min_spend is not None:
        parts.append(
            QCoreApplication.translate("SegmentLabels", "Spend ≥ %1").replace(
                "%1", format_money(flt.min_spend, currency)
            )
        )
    elif flt.max_spend is not None:
        parts.append(
            QCoreApplication.translate("SegmentLabels", "Spend ≤ %1").replace(
                "%1", format_money(flt.max_spend, currency)
            )
        )
    return (
        " · ".join(parts) if parts else QCoreApplication.translate("SegmentLabels", "All customers")
    )


def segment_message(code: str) -> str:
    """The sentence under the segment name field."""
    messages = {
        segments.NOT_UNIQUE: QCoreApplication.translate(
            "SegmentLabels", "A segment with this name exists already."
        ),
        segments.INVALID: QCoreApplication.translate(
            "SegmentLabels", "This filter cannot be saved."
        ),
    }
    return messages.get(code) or validation_message(code, limit=segments.MAX_NAME)


def money_from_text(text: str) -> int | None:
    """A typed amount in minor units, read as an export's amount cell is ('1,234.5', '¥1 000',
    '100元', full-width digits; commas are thousands separators); None for empty, unreadable,
    negative or not finite ('NaN', 'inf') text. Beyond SQLite's integer range ('1e400') it is
    the largest integer: no amount reaches it (a bigger one raised OverflowError in the query)."""
    if not text.strip():
        return None
    try:
        value = parse_money(text, decimal_comma=False)
    except ValueError:
        # The reader refuses exponents and amounts beyond any order: a filter reads them as
        # above every amount rather than as no filter at all.
        try:
            big = Decimal(text.strip().replace(",", ""))
        except ArithmeticError:
            return None
        if not big.is_finite() or big < 0:
            return None
        value = int((big * 100).to_integral_value())
    return min(value, _MAX_AMOUNT) if value >= 0 else None


def mark_amount_range(
    low_edit: QLineEdit, high_edit: QLineEdit, nothing_matches: str
) -> tuple[int | None, int | None]:
    """Read a "from – to" pair of amount boxes and say at the field what an empty or unfiltered
    list would otherwise leave to explain itself: text that is not an amount (the box filters
    nothing) and an end below its start (nothing can match: `nothing_matches`, the page's
    sentence). The field turns red with the reason as its tooltip.

    Returns:
        The two amounts in minor units (None: empty or unreadable).
    """
    amounts: list[int | None] = []
    for edit in (low_edit, high_edit):
        value = money_from_text(edit.text())
        unreadable = value is None and bool(edit.text().strip())
        _mark_field(
            edit,
            QCoreApplication.translate(
                "AmountRange", "Not an amount, so it filters nothing: type a number such as 100."
            )
            if unreadable
            else "",
        )
        amounts.append(value)
    low, high = amounts
    if low is not None and high is not None and high < low:
        _mark_field(high_edit, nothing_matches)
    return low, high


def _mark_field(edit: QLineEdit, reason: str) -> None:
    """Red text with the reason as tooltip; an empty reason clears both."""
    edit.setStyleSheet(ERROR_STYLE if reason else "")
    edit.setToolTip(reason)


_MAX_AMOUNT = 2**63 - 1


def money_to_text(minor: int | None) -> str:
    """123450 -> '1234.50'; 100000 -> '1000'."""
    if minor is None:
        return ""
    whole, cents = divmod(int(minor), 100)
    return f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"


# --------------------------------------------------------------------------------------------
# Save a segment


class SaveSegmentDialog(QDialog):
    """Name the current filter as a saved segment; shows how many customers it holds now.

    Signals:
        segment_saved(int): the id of the segment created (or replaced).
    """

    segment_saved = Signal(int)

    def __init__(
        self,
        flt: CustomerFilter,
        *,
        today: date,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SaveSegmentDialog")
        self.setWindowTitle(self.tr("Save as segment"))
        self._filter = flt
        self._today = today
        self._clock = clock or system_now
        self.saved_id: int | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("segmentName")
        # No length limit on the box: Qt's cuts a paste silently, and counts UTF-16 units (a
        # rare character is two); the service refuses a longer name with a message.
        self.name_edit.setPlaceholderText(self.tr("e.g. Sleeping VIPs in Zhejiang"))
        self.error_label = QLabel()
        self.error_label.setObjectName("error_name")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.summary_label = QLabel(filter_summary(flt, store_currency()))
        self.summary_label.setObjectName("segmentSummary")
        self.summary_label.setWordWrap(True)
        self.count = customer_list.count(flt, today=today)
        self.count_label = QLabel(
            self.tr(
                "%n customer(s) match now. A segment is evaluated afresh each time.", "", self.count
            )
        )
        self.count_label.setObjectName("segmentCount")
        self.count_label.setWordWrap(True)

        form = QFormLayout()
        name_label = QLabel(self.tr("&Name:"))
        name_label.setBuddy(self.name_edit)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(self.name_edit)
        box.addWidget(self.error_label)
        form.addRow(name_label, box)
        form.addRow(self.tr("Filter:"), self.summary_label)
        form.addRow("", self.count_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.resize(460, self.sizeHint().height())

    def _on_name_edit_text_changed(self, _text: str) -> None:
        self.error_label.hide()

    def _show_error(self, code: str) -> None:
        self.error_label.setText(segment_message(code))
        self.error_label.show()
        self.name_edit.setFocus()

    def _on_buttons_accepted(self) -> None:
        name = self.name_edit.text()
        segment_id: int | None = None
        errors = segments.validate_segment(name, self._filter)
        if errors.get("name") == segments.NOT_UNIQUE:
            other = segments.segment_by_name(name)
            answer = QMessageBox.question(
                self,
                self.tr("Replace segment"),
                self.tr(
                    "A segment named “%1” exists already. Replace its filter with this one?"
                ).replace("%1", other.name if other else name.strip()),
            )
            if answer != QMessageBox.StandardButton.Yes or other is None:
                self._show_error(segments.NOT_UNIQUE)
                return
            segment_id = other.id
        try:
            self.saved_id = segments.save_segment(
                name, self._filter, now=self._clock(), segment_id=segment_id
            )
        except ValidationError as exc:
            self._show_error(exc.errors.get("name") or exc.errors.get("filter") or "invalid")
            return
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Save as segment"), storage_error_text(exc.message))
            return
        self.segment_saved.emit(self.saved_id)
        self.accept()


# --------------------------------------------------------------------------------------------
# Bulk follow-ups


def create_followups_for(
    flt: CustomerFilter,
    *,
    title: str,
    due: datetime,
    notes: str,
    today: date,
    now: datetime,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    """One manual follow-up per customer of `flt` (run on the worker); returns how many.

    A customer who already has an open one with the same title and due date gets none: the
    same bulk action run twice (a double click, a second try) does not double the list.

    services.followups has no bulk create, so this loops over `create_followup`. The loop runs
    in one transaction: Cancel or an error leaves nothing half-created, and the database syncs
    to disk once rather than once per follow-up.
    """
    ids = customer_list.list_ids(flt, today=today)
    total = len(ids)
    progress(0, total)
    created = 0
    with db.atomic():
        have = fu.customers_with_active(title, due)
        for done, customer_id in enumerate(ids, start=1):
            if cancelled():
                raise JobCancelled()
            if customer_id not in have:
                fu.create_followup(
                    fu.FollowUpInput(customer_id, title, due, kind=fu.MANUAL, notes=notes),
                    now=now,
                )
                created += 1
            if done % 50 == 0 or done == total:
                progress(done, total)
    return created


class BulkFollowUpDialog(QDialog):
    """One manual follow-up for each customer of a filter (or segment), after confirming.

    Signals:
        followups_created(int): how many were created.
    """

    followups_created = Signal(int)

    def __init__(
        self,
        flt: CustomerFilter,
        runner: JobRunner,
        *,
        today: date,
        clock: Clock | None = None,
        description: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BulkFollowUpDialog")
        self.setWindowTitle(self.tr("Follow-ups for these customers"))
        self._filter = flt
        self._runner = runner
        self._today = today
        self._clock = clock or system_now
        self.count = customer_list.count(flt, today=today)
        self.created: int | None = None

        self.summary_label = QLabel(description or filter_summary(flt, store_currency()))
        self.summary_label.setObjectName("bulkSummary")
        self.summary_label.setWordWrap(True)
        self.count_label = QLabel(
            self.tr("Creates one follow-up for each of the %n customer(s).", "", self.count)
        )
        self.count_label.setObjectName("bulkCount")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("bulkTitle")
        self.title_edit.setPlaceholderText(self.tr("e.g. Invite to the Double 11 sale"))
        self.error_label = QLabel()
        self.error_label.setObjectName("error_title")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.due_edit = QDateEdit(_qdate(today))
        self.due_edit.setObjectName("bulkDue")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("bulkNotes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(70)
        self.notes_error = QLabel()
        self.notes_error.setObjectName("error_notes")
        self.notes_error.setStyleSheet(ERROR_STYLE)
        self.notes_error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Customers:"), self.summary_label)
        form.addRow("", self.count_label)
        title_box = QVBoxLayout()
        title_box.setSpacing(2)
        title_box.addWidget(self.title_edit)
        title_box.addWidget(self.error_label)
        notes_box = QVBoxLayout()
        notes_box.setSpacing(2)
        notes_box.addWidget(self.notes_edit)
        notes_box.addWidget(self.notes_error)
        for text, field, buddy in (
            (self.tr("&Title:"), title_box, self.title_edit),
            (self.tr("&Due:"), self.due_edit, self.due_edit),
            (self.tr("&Notes:"), notes_box, self.notes_edit),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)
        self.kind_label = QLabel(self.tr("Kind: %1").replace("%1", followup_kind_name(fu.MANUAL)))
        form.addRow("", self.kind_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            self.tr("&Create follow-ups"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setEnabled(self.count > 0)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        tab_like_shown(self.buttons)
        self.title_edit.textChanged.connect(lambda _t: self.error_label.hide())
        self.notes_edit.textChanged.connect(self.notes_error.hide)
        self.resize(480, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        due = datetime.combine(_pydate(self.due_edit.date()), time())
        data = fu.FollowUpInput(0, self.title_edit.text(), due, notes=self.notes_edit.toPlainText())
        errors = fu.validate(data)
        shown = (
            ("notes", self.notes_error, self.notes_edit, fu.MAX_TEXT),
            ("title", self.error_label, self.title_edit, fu.MAX_TITLE),
        )
        for field, label, edit, limit in shown:  # the first field in error gets the keyboard
            label.setVisible(field in errors)
            if field in errors:
                label.setText(validation_message(errors[field], limit=limit))
                edit.setFocus()
        if errors:
            return
        # The list as it is now (an import may have run since the dialog opened).
        self.count = customer_list.count(self._filter, today=self._today)
        answer = QMessageBox.question(
            self,
            self.tr("Create follow-ups"),
            self.tr("Create %n follow-up(s), one for each customer in this list?", "", self.count),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        flt, today, now = self._filter, self._today, self._clock()
        title, notes = data.title.strip(), data.notes

        def work(progress: Any, cancelled: Any) -> int:
            return create_followups_for(
                flt, title=title, due=due, notes=notes, today=today, now=now,
                progress=progress, cancelled=cancelled,
            )  # fmt: skip

        self.create_button.setEnabled(False)
        job = self._runner.submit(work)
        progress_dialog(self, job, self.tr("Creating follow-ups…")).setObjectName("bulkProgress")
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)

    def _on_job_succeeded(self, created: int) -> None:
        self.created = created
        self.followups_created.emit(created)
        text = self.tr("Created %n follow-up(s).", "", created)
        if created < self.count:
            text = sentences(
                text,
                self.tr("%n customer(s) already had this follow-up.", "", self.count - created),
            )
        QMessageBox.information(self, self.tr("Create follow-ups"), text)
        self.accept()

    def _on_job_failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        if isinstance(exc, JobCancelled):
            QMessageBox.information(
                self, self.tr("Create follow-ups"),
                self.tr("Cancelled. No follow-up was created."),
            )  # fmt: skip
        elif isinstance(exc, CrmError):
            QMessageBox.warning(self, self.tr("Create follow-ups"), storage_error_text(exc.message))
        else:
            raise exc


# --------------------------------------------------------------------------------------------
# Manage segments


SEGMENT_ROLE = Qt.ItemDataRole.UserRole


class ManageSegmentsDialog(QDialog):
    """Saved segments with their live counts: show, rename, delete, export, follow-ups.

    Signals:
        segment_chosen(int): show this segment's customers (the dialog closes).
        segments_changed(): a segment was renamed or deleted.
        followups_created(int): bulk follow-ups were created for a segment.
        exported(object): an ExportResult.
    """

    segment_chosen = Signal(int)
    segments_changed = Signal()
    followups_created = Signal(int)
    exported = Signal(object)

    def __init__(
        self,
        runner: JobRunner,
        ui_state: UiState,
        *,
        today: date,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ManageSegmentsDialog")
        self.setWindowTitle(self.tr("Saved segments"))
        self._runner = runner
        self._ui = ui_state
        self._today = today
        self._clock = clock or system_now

        self.list = QListWidget()
        self.list.setObjectName("segmentList")
        self.empty_label = QLabel(
            self.tr(
                "No saved segments yet. Filter the customer list and choose “Save as segment…”."
            )
        )
        self.empty_label.setWordWrap(True)
        self.show_button = QPushButton(self.tr("&Show customers"))
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.export_button = QPushButton(self.tr("&Export…"))
        self.followups_button = QPushButton(self.tr("&Follow-ups…"))
        side = QVBoxLayout()
        for button in (
            self.show_button,
            self.rename_button,
            self.delete_button,
            self.export_button,
            self.followups_button,
        ):
            side.addWidget(button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

        self.show_button.clicked.connect(self._on_show_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.followups_button.clicked.connect(self._on_followups_button_clicked)
        self.list.itemActivated.connect(lambda _item: self._on_show_button_clicked())
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.reload()
        self.resize(560, 360)

    def reload(self, select: int | None = None) -> None:
        """Refill the list with live counts, keeping (or choosing) the selected segment."""
        keep = select if select is not None else self.current_segment_id()
        self.list.clear()
        for info in segments.list_segments():
            n = segments.segment_count(info, today=self._today)
            item = QListWidgetItem(f"{info.name} — {words().customers(n)}")
            item.setData(SEGMENT_ROLE, info.id)
            item.setToolTip(filter_summary(info.filter, store_currency()))
            self.list.addItem(item)
            if info.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.empty_label.setVisible(self.list.count() == 0)
        self._on_list_current_row_changed(self.list.currentRow())

    def current_segment_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(SEGMENT_ROLE))

    def _current(self) -> segments.SegmentInfo | None:
        segment_id = self.current_segment_id()
        if segment_id is None:
            return None
        try:
            return segments.get_segment(segment_id)
        except NotFound:
            self.reload()
            return None

    def _on_list_current_row_changed(self, row: int) -> None:
        for button in (
            self.show_button,
            self.rename_button,
            self.delete_button,
            self.export_button,
            self.followups_button,
        ):
            button.setEnabled(row >= 0)

    def _on_show_button_clicked(self) -> None:
        info = self._current()
        if info is not None:
            self.segment_chosen.emit(info.id)
            self.accept()

    def _on_rename_button_clicked(self) -> None:
        info = self._current()
        if info is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Rename segment"), self.tr("New name:"), QLineEdit.EchoMode.Normal,
            info.name,
        )  # fmt: skip
        if not ok or name.strip() == info.name:
            return
        try:
            segments.rename_segment(info.id, name, now=self._clock())
        except ValidationError as exc:
            code = exc.errors.get("name") or "invalid"
            QMessageBox.warning(self, self.tr("Rename segment"), segment_message(code))
            return
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Rename segment"), storage_error_text(exc.message))
            return
        self.reload(info.id)
        self.segments_changed.emit()

    def _on_delete_button_clicked(self) -> None:
        info = self._current()
        if info is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete segment"),
            self.tr("Delete the segment “%1”? Its customers are not changed.").replace(
                "%1", info.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            segments.delete_segment(info.id)
        except NotFound:
            pass
        self.reload()
        self.segments_changed.emit()

    def _on_export_button_clicked(self) -> None:
        info = self._current()
        if info is None:
            return
        # Imported here: export_dialog imports this module (filter_summary).
        from desktop_crm.views.export_dialog import ExportDialog

        dialog = ExportDialog(
            self._runner, self._ui, segment=info.name, today=self._today, parent=self
        )
        dialog.exported.connect(self.exported)
        dialog.open()

    def _on_followups_button_clicked(self) -> None:
        info = self._current()
        if info is None:
            return
        description = (
            self.tr("Segment “%1”: %2")
            .replace("%1", info.name)
            .replace("%2", filter_summary(info.filter, store_currency()))
        )
        dialog = BulkFollowUpDialog(
            info.filter, self._runner, today=self._today, clock=self._clock,
            description=description, parent=self,
        )  # fmt: skip
        dialog.followups_created.connect(self.followups_created)
        dialog.open()
