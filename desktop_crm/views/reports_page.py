"""Reports: the monthly customer report, previewed as it prints, exported, saved and printed.

The report is built by `reports.monthly.build_monthly_report` on the JobRunner's worker (it
takes seconds on a big shop) and laid out there too (`monthly_pdf.lay_out_monthly` on a
QPdfWriter of the preview printer's page and resolution: tables measured, charts drawn once);
meanwhile the page says "Building…", shows progress and offers Cancel. The preview is a
QPrintPreviewWidget whose pages are painted from that layout (`paint_monthly`), the very layout
of the PDF and the printout; painting only replays it, in steps that let the GUI breathe (190
pages at 100,000 customers). Excel and PDF files are written on the worker; printing paints on
the GUI thread, as a QPrinter requires.

The writers (`monthly_excel`, `monthly_pdf`) are imported on first use, not at start-up:
`monthly_pdf` loads matplotlib (0.75 s, DESIGN §7). The first build imports them on the worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPdfWriter, QShowEvent
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError, JobCancelled
from desktop_crm.reports.monthly import (
    MonthlyReport,
    build_monthly_report,
    first_order_month,
    month_label,
    normalize_language,
)
from desktop_crm.reports.pdf_page import page_layout
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import QUEUED, Job, JobRunner, while_alive
from desktop_crm.views.ui_state import UiState

# UiState keys
FULL_CONTACT_KEY = "reports/monthly_full_contact"
FOLDER = "reports"  # ui_state.last_folder purpose
MONTHS_BACK = 24  # the month picker: this month and the 24 before it, or back to the first order
BUILD_DELAY_MS = 300  # a new month or option waits this long (scrolling the combo builds once)
BREATHE_S = 0.03  # painting the preview lets events through this often (a 50 ms frame budget)
WARNING_STYLE = "color: #b42318;"
MUTED_STYLE = "color: palette(placeholder-text);"


def _as_bool(value: object) -> bool:
    # QSettings (IniFormat) gives back "true"/"false" strings for booleans.
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def default_file_name(month: date, suffix: str) -> str:
    """'customer-report-2026-10.xlsx'."""
    return f"customer-report-{month:%Y-%m}.{suffix}"


def _excel() -> ModuleType:
    """reports.monthly_excel, imported on first use (openpyxl)."""
    from desktop_crm.reports import monthly_excel

    return monthly_excel


def _pdf() -> ModuleType:
    """reports.monthly_pdf, imported on first use (matplotlib, QtSvg: DESIGN §7)."""
    from desktop_crm.reports import monthly_pdf

    return monthly_pdf


def error_text(exc: BaseException) -> str:
    """An exception as one line for the user."""
    if isinstance(exc, CrmError):
        return storage_error_text(exc.message)
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    return str(exc) or type(exc).__name__


class ReportsPage(QWidget):
    """The monthly customer report of a chosen month: preview, Excel, PDF and print.

    Args:
        runner: builds the report and writes files off the GUI thread.
        ui_state: remembers "Show full contact details" and the last folder.
        language_provider: returns the UI language, "en" or "zh_CN" (default "en"); the
            report is written in it.
        today: the day reports are made (default: the system date; tests pass one).

    Signals:
        report_built(object): a MonthlyReport was built and is in the preview.
        report_saved(str): the path of a workbook or PDF that was written.
        report_printed(int): the report was sent to a printer; the number of pages.
    """

    report_built = Signal(object)
    report_saved = Signal(str)
    report_printed = Signal(int)

    def __init__(
        self,
        runner: JobRunner,
        ui_state: UiState,
        parent: QWidget | None = None,
        *,
        language_provider: Callable[[], str] | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReportsPage")
        self._runner = runner
        self._ui = ui_state
        self._language = language_provider or (lambda: "en")
        self._today = today or date.today
        self._token = 0  # the build whose result is wanted; older results are dropped
        self._building = False
        self._saving = False
        self._dirty = True  # build when next shown
        # The month shown is last month until the merchant picks one: left open into a new
        # month, the page follows (December's report on 1 January, not November's).
        self._month_picked = False
        self._printer: QPrinter | None = None
        self.report: MonthlyReport | None = None
        self._laid_out: Any = None  # monthly_pdf.MonthlyPages of self.report
        self._job: Job | None = None
        self._painting = False  # inside the preview's paintRequested
        self._stop_painting = False
        self._paint_again = False
        self._breathed = 0.0
        self.preview_pages = 0  # pages painted by the last preview

        # --- choices (mnemonics avoid Alt+F, C, S and H: the main window's menus) ---
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("reportMonth")
        self.month_combo.setMaxVisibleItems(13)
        month_label_ = QLabel(self.tr("&Month:"))
        month_label_.setBuddy(self.month_combo)
        self.full_contact_check = QCheckBox(self.tr("Show f&ull contact details"))
        self.full_contact_check.setObjectName("reportFullContact")
        self.full_contact_check.setChecked(_as_bool(self._ui.value(FULL_CONTACT_KEY, False)))
        self.full_contact_check.setToolTip(
            self.tr(
                "Off: phone numbers are masked (138****1234) and addresses cut to province and "
                "city."
            )
        )
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("reportRefresh")
        self.refresh_button.setToolTip(self.tr("Build the report again from the current data (F5)"))
        self.status_label = QLabel()
        self.status_label.setObjectName("reportStatus")
        self.status_label.setStyleSheet(MUTED_STYLE)
        # A long path must not widen the page: the label is cut, its tooltip holds it all.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label.setMinimumWidth(120)
        self.full_contact_warning = QLabel(
            self.tr(
                "The report shows full phone numbers and addresses and says so on every page. "
                "Keep the files safe and delete them when they are no longer needed."
            )
        )
        self.full_contact_warning.setObjectName("reportFullContactWarning")
        self.full_contact_warning.setWordWrap(True)
        self.full_contact_warning.setStyleSheet(WARNING_STYLE)

        # --- outputs ---
        self.excel_button = QPushButton(self.tr("&Export Excel…"))
        self.excel_button.setObjectName("reportExcel")
        self.pdf_button = QPushButton(self.tr("Save P&DF…"))
        self.pdf_button.setObjectName("reportPdf")
        self.preview_dialog_button = QPushButton(self.tr("Print pre&view…"))
        self.preview_dialog_button.setObjectName("reportPrintPreview")
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setObjectName("reportPrint")
        self.print_button.setToolTip(self.tr("Print the report (Ctrl+P)"))

        # --- preview ---
        self._preview_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        # The PDF's pages whatever the default printer's paper and margins (nothing is written).
        self._preview_printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self._preview_printer.setPageLayout(page_layout())
        self.preview = QPrintPreviewWidget(self._preview_printer)
        self.preview.setObjectName("reportPreview")
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
        self.zoom_out_action = self._action(
            self.tr("Zoom out"), "−", QKeySequence.StandardKey.ZoomOut
        )
        self.zoom_in_action = self._action(self.tr("Zoom in"), "+", QKeySequence.StandardKey.ZoomIn)
        self.fit_width_action = self._action(self.tr("Fit width"), self.tr("Fit width"), "Ctrl+0")
        self.fit_page_action = self._action(self.tr("Whole page"), self.tr("Whole page"), "Ctrl+9")
        self.zoom_out_action.triggered.connect(self._on_zoom_out_action_triggered)
        self.zoom_in_action.triggered.connect(self._on_zoom_in_action_triggered)
        self.fit_width_action.triggered.connect(self._on_fit_width_action_triggered)
        self.fit_page_action.triggered.connect(self._on_fit_page_action_triggered)
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("reportPage")
        self.page_spin.setRange(1, 1)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.setAccessibleName(self.tr("Page"))
        page_label = QLabel(self.tr("P&age"))
        page_label.setBuddy(self.page_spin)
        self.page_count_label = QLabel()
        self.page_count_label.setObjectName("reportPageCount")

        self.placeholder_label = QLabel()
        self.placeholder_label.setObjectName("reportPlaceholder")
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("reportProgress")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(280)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("reportCancel")
        self.cancel_button.setToolTip(self.tr("Stop waiting for this report"))
        placeholder = QFrame()
        placeholder.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(placeholder)
        box.addStretch(1)
        box.addWidget(self.placeholder_label)
        box.addWidget(self.progress_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(placeholder)
        self.stack.addWidget(self.preview)
        self._placeholder = placeholder

        # --- layout ---
        choices = QHBoxLayout()
        choices.addWidget(month_label_)
        choices.addWidget(self.month_combo)
        choices.addSpacing(12)
        choices.addWidget(self.full_contact_check)
        choices.addSpacing(12)
        choices.addWidget(self.refresh_button)
        choices.addSpacing(12)
        choices.addWidget(self.status_label, 1)
        tools = QHBoxLayout()
        for action in (
            self.zoom_out_action,
            self.zoom_in_action,
            self.fit_width_action,
            self.fit_page_action,
        ):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            tools.addWidget(button)
        tools.addSpacing(12)
        tools.addWidget(page_label)
        tools.addWidget(self.page_spin)
        tools.addWidget(self.page_count_label)
        tools.addStretch(1)
        tools.addWidget(self.excel_button)
        tools.addWidget(self.pdf_button)
        tools.addWidget(self.preview_dialog_button)
        tools.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.full_contact_warning)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)

        # Page-wide keys (only while focus is inside the page, so other pages keep theirs).
        self.print_action = self._action(self.tr("Print…"), "", QKeySequence.StandardKey.Print)
        self.refresh_action = self._action(self.tr("Refresh"), "", QKeySequence.StandardKey.Refresh)
        self.print_action.triggered.connect(self._on_print_button_clicked)
        self.refresh_action.triggered.connect(self._on_refresh_button_clicked)

        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(BUILD_DELAY_MS)
        self._build_timer.timeout.connect(self._on_build_timer_timeout)

        self._fill_months()
        self.month_combo.currentIndexChanged.connect(self._on_month_combo_current_index_changed)
        self.full_contact_check.toggled.connect(self._on_full_contact_check_toggled)
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.excel_button.clicked.connect(self._on_excel_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.preview_dialog_button.clicked.connect(self._on_preview_dialog_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.preview.paintRequested.connect(self._on_preview_paint_requested)
        self.preview.previewChanged.connect(self._on_preview_preview_changed)
        self.page_spin.valueChanged.connect(self._on_page_spin_value_changed)
        self.full_contact_warning.setVisible(self.full_contact_check.isChecked())
        self._show_placeholder(self.tr("The report is built when this page is shown."))
        self._update_buttons()

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(text)

    def _action(self, tip: str, text: str, keys: Any) -> QAction:
        action = QAction(text or tip, self)
        action.setToolTip(tip)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if action.shortcut().toString():
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({shortcut})")
        self.addAction(action)
        return action

    # --- the month picker ---------------------------------------------------------------------
    def _fill_months(self) -> None:
        """This month and the 24 before it, or every month back to the first order's, newest
        first; keeps the choice (else last month)."""
        chosen = self.month()
        this_month = self._today().replace(day=1)
        language = normalize_language(self._language())
        first = first_order_month()
        back_to = MONTHS_BACK
        if first is not None:
            back_to = max(back_to, _months_between(first, this_month))
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        for back in range(back_to + 1):
            month = _add_months(this_month, -back)
            text = month_label(month, language)
            if back == 0:
                text = self.tr("%1 (so far)").replace("%1", text)
            self.month_combo.addItem(text, month.isoformat())
        picked = chosen if self._month_picked else None
        index = self.month_combo.findData(picked.isoformat()) if picked else -1
        self.month_combo.setCurrentIndex(index if index >= 0 else 1)
        self.month_combo.blockSignals(False)

    def month(self) -> date | None:
        """The first day of the chosen month."""
        data = self.month_combo.currentData()
        return date.fromisoformat(data) if data else None

    def set_month(self, month: date) -> None:
        """Choose a month (any day of it); the report is built for it."""
        index = self.month_combo.findData(month.replace(day=1).isoformat())
        if index >= 0:
            self.month_combo.setCurrentIndex(index)

    def full_contact(self) -> bool:
        return self.full_contact_check.isChecked()

    def _on_month_combo_current_index_changed(self, _index: int) -> None:
        self._month_picked = True
        self._schedule_build()

    def _on_full_contact_check_toggled(self, checked: bool) -> None:
        self._ui.set_value(FULL_CONTACT_KEY, checked)
        self.full_contact_warning.setVisible(checked)
        self._schedule_build()

    def _on_refresh_button_clicked(self) -> None:
        self._build_timer.stop()
        self.build()

    def _on_build_timer_timeout(self) -> None:
        self.build()

    def _schedule_build(self) -> None:
        self._update_buttons()  # the shown report no longer matches the choices
        if self.isVisible():
            self._build_timer.start()
        else:
            self._dirty = True

    # --- building -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.follow_calendar()

    def follow_calendar(self) -> None:
        """A new month began, or the UI language changed, while the program ran: the month
        list follows (and the report, when shown; when hidden, the next time it is shown)."""
        if not self.isVisible():
            return
        before = self.month()
        self._fill_months()
        if self._building and self.month() != before:
            self._dirty = True  # the build under way is of the month before: built again
        if self.report is not None and not self._building and not self._matches(self.report):
            self._dirty = True
        if self._dirty:
            self.build()

    def refresh(self) -> None:
        """Build the report again (data changed); when hidden, the next time it is shown."""
        if self.isVisible():
            self.build()
        else:
            self._dirty = True

    def is_building(self) -> bool:
        return self._building

    def build(self) -> None:
        """Build the report of the chosen month on the worker; the preview shows it."""
        month = self.month()
        if month is None:
            return
        self._build_timer.stop()
        self._dirty = False
        self._token += 1
        token = self._token
        today = self._today()
        full = self.full_contact()
        language = normalize_language(self._language())

        # The preview's page geometry, for laying the pages out on the worker.
        layout = self._preview_printer.pageLayout()
        resolution = self._preview_printer.resolution()

        def work(progress: Any, cancelled: Any) -> tuple[MonthlyReport, Any]:
            report = build_monthly_report(
                month, today=today, full_contact=full, language=language, progress=progress
            )
            if cancelled():
                raise JobCancelled()
            # Measured and cut into pages here, charts drawn: the GUI thread only paints.
            pdf = _pdf()  # imports matplotlib here rather than on the GUI thread
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            writer = QPdfWriter(buffer)  # never painted on: its metrics are the printer's
            writer.setPageLayout(layout)
            writer.setResolution(resolution)
            laid_out = pdf.lay_out_monthly(report, writer, cancelled=cancelled)
            del writer  # a QObject of this thread: gone before the result leaves it
            return report, laid_out

        self._building = True
        label = month_label(month, language)
        self._show_placeholder(self.tr("Building the report for %1…").replace("%1", label), True)
        self._set_status(self.tr("Building…"))
        self._update_buttons()
        if self._job is not None:
            self._job.cancel()  # a build nobody waits for any more stops early
        job = self._job = self._runner.submit(work)
        # Queued: the job's signals come from the worker thread (views/jobs.py).
        job.progressed.connect(
            while_alive(self, lambda d, n, t=token: self._on_job_progressed(t, d, n)), QUEUED
        )
        job.succeeded.connect(
            while_alive(self, lambda r, t=token: self._on_build_succeeded(t, *r)), QUEUED
        )
        job.failed.connect(
            while_alive(self, lambda exc, t=token: self._on_build_failed(t, exc)), QUEUED
        )

    def _on_job_progressed(self, token: int, done: int, total: int) -> None:
        if token == self._token:
            self.progress_bar.setRange(0, max(total, 1))
            self.progress_bar.setValue(min(done, max(total, 1)))

    def _on_cancel_button_clicked(self) -> None:
        # The build stops at its next step (its result would be dropped anyway); painting the
        # preview stops after the page it is on.
        self._token += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._stop_painting = True
        self.report = None
        self._laid_out = None
        self._building = False
        self._dirty = True
        self._set_status(self.tr("Cancelled."))
        self._show_placeholder(self.tr("Choose a month, then press Refresh (F5)."))
        self._update_buttons()

    def _on_build_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token or isinstance(exc, JobCancelled):
            return
        self._job = None
        self._building = False
        self.report = None
        message = self.tr("The report could not be built: %1").replace("%1", error_text(exc))
        self._set_status("")
        self._show_placeholder(message)
        self._update_buttons()

    def _on_build_succeeded(self, token: int, report: MonthlyReport, laid_out: Any) -> None:
        if token != self._token or not self._matches(report):
            return  # an older request (the month or an option changed meanwhile)
        self._job = None
        self.report = report
        self._laid_out = laid_out
        self._set_status(self.tr("Drawing the preview…"))
        self._show_preview()

    def _on_preview_shown(self, report: MonthlyReport) -> None:
        self._building = False
        built = self.tr("%1: figures as of %2.").replace("%1", report.month_label)
        self._set_status(built.replace("%2", report.as_of.isoformat()))
        self._update_buttons()
        self.report_built.emit(report)

    def _show_placeholder(self, text: str, busy: bool = False) -> None:
        self.placeholder_label.setText(text)
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress_bar.setRange(0, 0)  # busy until the first progress arrives
        self.stack.setCurrentWidget(self._placeholder)

    def _show_preview(self) -> None:
        """Paint the laid-out report into the preview and show it (unless cancelled meanwhile).

        The placeholder (progress bar, Cancel) stays up while the pages are painted; events are
        let through between pages (`_on_paint_progressed`), so a result arriving meanwhile asks
        for another paint instead of nesting one.
        """
        if self._painting:
            self._stop_painting = True
            self._paint_again = True
            return
        self.progress_bar.setRange(0, 0)
        while True:
            self._stop_painting = self._paint_again = False
            self._painting = True
            self._breathed = time.monotonic()
            try:
                self.preview.updatePreview()  # paints now (before it is shown: painted once)
            finally:
                self._painting = False
            if not self._paint_again:
                break
        report = self.report
        if self._stop_painting or report is None:
            return
        self.stack.setCurrentWidget(self.preview)
        self.preview.fitToWidth()
        self._on_preview_preview_changed()
        self._on_preview_shown(report)

    def _matches(self, report: MonthlyReport) -> bool:
        """Is `report` of the chosen month, options and UI language?"""
        return (
            report.month == self.month()
            and report.full_contact == self.full_contact()
            and report.language == normalize_language(self._language())
        )

    def current_report(self) -> MonthlyReport | None:
        """The report on screen when it is of the chosen month and options, else None."""
        r = self.report
        if r is None or self._building or not self._matches(r):
            return None
        return r

    def _update_buttons(self) -> None:
        ready = self.current_report() is not None
        for widget in (self.excel_button, self.pdf_button, self.preview_dialog_button):
            widget.setEnabled(ready and not self._saving)
        self.print_button.setEnabled(ready)
        self.print_action.setEnabled(ready)
        showing = self.stack.currentWidget() is self.preview
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.fit_width_action,
            self.fit_page_action,
        ):
            action.setEnabled(showing)
        self.page_spin.setEnabled(showing)

    # --- the preview --------------------------------------------------------------------------
    def _on_preview_paint_requested(self, printer: QPrinter) -> None:
        # Only painting: the report was built and laid out on the worker. The preview also asks
        # when it is first shown; a report laid out for another page is laid out again.
        laid_out = self._laid_out
        if self.report is None or laid_out is None:
            return
        try:
            self.preview_pages = _pdf().paint_monthly(
                laid_out,
                printer,
                progress=self._on_paint_progressed if self._painting else None,
                cancelled=lambda: self._stop_painting,
            )
        except CrmError as exc:
            self.preview_pages = 0
            self._set_status(
                self.tr("The preview could not be drawn: %1").replace(
                    "%1", storage_error_text(exc.message)
                )
            )

    def _on_paint_progressed(self, done: int, total: int) -> None:
        # WORKAROUND: QPrintPreviewWidget takes every page in one paintRequested call; letting
        # events through between pages keeps the window (and Cancel) alive meanwhile.
        now = time.monotonic()
        if now - self._breathed < BREATHE_S:
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        text = self.tr("Drawing the preview: page %1 of %2…").replace("%1", str(done))
        self.placeholder_label.setText(text.replace("%2", str(total)))
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        self._breathed = time.monotonic()

    def _on_preview_preview_changed(self) -> None:
        count = self.preview.pageCount()
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, max(count, 1))
        self.page_spin.setValue(max(self.preview.currentPage(), 1))
        self.page_spin.blockSignals(False)
        self.page_count_label.setText(self.tr("of %1").replace("%1", str(count)))

    def _on_page_spin_value_changed(self, value: int) -> None:
        self.preview.setCurrentPage(value)

    def _on_zoom_in_action_triggered(self) -> None:
        self.preview.zoomIn()

    def _on_zoom_out_action_triggered(self) -> None:
        self.preview.zoomOut()

    def _on_fit_width_action_triggered(self) -> None:
        self.preview.fitToWidth()

    def _on_fit_page_action_triggered(self) -> None:
        self.preview.fitInView()

    # --- files --------------------------------------------------------------------------------
    def _ask_path(self, title: str, suffix: str, filters: str) -> Path | None:
        report = self.current_report()
        if report is None:
            return None
        folder = self._ui.last_folder(FOLDER) or str(Path.home())
        suggested = str(Path(folder) / default_file_name(report.month, suffix))
        name, _filter = QFileDialog.getSaveFileName(self, title, suggested, filters)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != f".{suffix}":
            path = path.with_name(f"{path.name}.{suffix}")
        self._ui.set_last_folder(FOLDER, str(path.parent))
        return path

    def _on_excel_button_clicked(self) -> None:
        report = self.current_report()
        title = self.tr("Export Excel")
        path = self._ask_path(title, "xlsx", self.tr("Excel workbooks (*.xlsx)"))
        if report is None or path is None:
            return
        self._write(title, path, lambda: _excel().write_monthly_excel(report, path))

    def _on_pdf_button_clicked(self) -> None:
        report = self.current_report()
        title = self.tr("Save PDF")
        path = self._ask_path(title, "pdf", self.tr("PDF documents (*.pdf)"))
        if report is None or path is None:
            return
        self._write(title, path, lambda: _pdf().write_monthly_pdf(report, path))

    def _write(self, title: str, path: Path, write: Callable[[], Path]) -> None:
        self._saving = True
        self._update_buttons()
        self._set_status(self.tr("Writing %1…").replace("%1", path.name))
        job: Job = self._runner.submit(lambda _p, _c: write())
        job.succeeded.connect(
            while_alive(self, lambda done, t=title: self._on_write_succeeded(t, done)), QUEUED
        )
        job.failed.connect(
            while_alive(self, lambda exc, t=title, p=path: self._on_write_failed(t, p, exc)),
            QUEUED,
        )

    def _on_write_succeeded(self, title: str, path: Path) -> None:
        self._saving = False
        self._update_buttons()
        saved = self.tr("Saved to %1").replace("%1", str(path))
        self._set_status(saved)
        self.report_saved.emit(str(path))
        QMessageBox.information(self, title, saved)

    def _on_write_failed(self, title: str, path: Path, exc: BaseException) -> None:
        self._saving = False
        self._update_buttons()
        self._set_status(self.tr("Not saved."))
        text = self.tr("%1 was not saved: %2").replace("%1", path.name)
        QMessageBox.warning(self, title, text.replace("%2", error_text(exc)))

    # --- printing -----------------------------------------------------------------------------
    def printer(self) -> QPrinter:
        """The printer of this page: A4 with the report's margins until the user changes it."""
        if self._printer is None:
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self._printer.setPageLayout(_pdf().page_layout())
        return self._printer

    def _on_print_button_clicked(self) -> None:
        report = self.current_report()
        if report is None:
            return
        printer = self.printer()
        printer.setDocName(f"{report.title} {report.month_label}")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the monthly report"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._print(report, printer)

    def _print(self, report: MonthlyReport, printer: QPrinter) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = self._paint(report, printer)
        except CrmError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, self.tr("Print"), storage_error_text(exc.message))
            return
        QApplication.restoreOverrideCursor()
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        where = printer.outputFileName() if to_file else printer.printerName()
        self._set_status(self.tr("Sent to %1.").replace("%1", where))
        self.report_printed.emit(pages)

    def _on_preview_dialog_button_clicked(self) -> None:
        report = self.current_report()
        if report is None:
            return
        printer = self.printer()
        printer.setDocName(f"{report.title} {report.month_label}")
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print preview: %1").replace("%1", report.month_label))
        dialog.paintRequested.connect(lambda p, r=report: self._on_dialog_paint_requested(r, p))
        dialog.resize(self.window().size() * 0.9)
        dialog.exec()
        dialog.deleteLater()

    def _on_dialog_paint_requested(self, report: MonthlyReport, printer: QPrinter) -> None:
        # The dialog paints its preview and, after its own print dialog, the printout.
        try:
            self._paint(report, printer)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Print"), storage_error_text(exc.message))

    def _paint(self, report: MonthlyReport, printer: QPrinter) -> int:
        """Paint `report` on a printer: from the preview's layout when the page is the same."""
        pdf = _pdf()
        if self.report is report and self._laid_out is not None:
            return int(pdf.paint_monthly(self._laid_out, printer))
        return int(pdf.render_monthly(report, printer))
