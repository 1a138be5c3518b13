"""Import file… and Undo last import: the engine on the worker thread, then the receipt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError, JobCancelled
from desktop_crm.reports.xlsx import write_table
from desktop_crm.services import own_entries
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.parse import joined_detail_files
from desktop_crm.services.importing.records import ImportFileError, Rejected
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import QUEUED, Job, JobRunner, progress_dialog, while_alive
from desktop_crm.views.key_views import KeyTable
from desktop_crm.views.labels import fill_args, grouped, platform_name, sentences
from desktop_crm.views.layout import tab_like_shown
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.rejections import file_error_text, note_text, rejection_text
from desktop_crm.views.ui_state import UiState

FILE_FILTER = "*.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.xlsb *.ods"


class ReceiptDialog(QDialog):
    """What an import did: platform recognised, counts, and every rejected row with its reason."""

    def __init__(
        self,
        receipt: engine.ImportReceipt,
        parent: QWidget | None = None,
        ui_state: UiState | None = None,
        runner: JobRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReceiptDialog")
        self.setWindowTitle(self.tr("Import receipt"))
        self.resize(640, 460)
        r = receipt
        summary = QLabel()
        summary.setObjectName("receiptSummary")
        summary.setWordWrap(True)
        lines = [
            self.tr("<b>%1</b> — recognised as %2")
            .replace("%1", r.file)
            .replace("%2", platform_name(r.platform)),
            self.tr("Rows read: %1").replace("%1", f"{r.rows_read:,}"),
            self.tr("Orders: %1 added, %2 updated, %3 unchanged, %4 without a customer")
            .replace("%1", f"{r.orders_added:,}")
            .replace("%2", f"{r.orders_updated:,}")
            .replace("%3", f"{r.orders_unchanged:,}")
            .replace("%4", f"{r.orders_without_customer:,}"),
            self.tr("Customers: %1 added, %2 matched")
            .replace("%1", f"{r.customers_added:,}")
            .replace("%2", f"{r.customers_matched:,}"),
        ]
        if r.joined_files:
            lines.append(
                self.tr("Item lines joined from: %1").replace("%1", ", ".join(r.joined_files))
            )
        if r.rejected:
            lines.append(
                self.tr("<b>%1 rows were skipped</b>; the reasons are listed below.").replace(
                    "%1", str(len(r.rejected))
                )
            )
        else:
            lines.append(self.tr("No row was skipped."))
        summary.setText("<br>".join(lines))
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        self.rejected_model: ListTableModel[Rejected] = ListTableModel(
            [
                Column(self.tr("Row"), lambda x: str(x.row), right=True),
                Column(
                    self.tr("Reason"),
                    lambda x: rejection_text(x.reason),
                    tooltip=lambda x: rejection_text(x.reason),
                ),
            ],
            self,
        )
        self.rejected_model.set_items(r.rejected)
        if r.rejected:
            table = KeyTable()  # Tab leaves the list; Ctrl+C copies the selected rows
            table.setObjectName("rejectedRows")
            table.setModel(self.rejected_model)
            table.verticalHeader().hide()
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(
                0, QHeaderView.ResizeMode.ResizeToContents
            )
            table.horizontalHeader().setStretchLastSection(True)
            layout.addWidget(table, 1)
        if r.notes:
            notes = QLabel("\n".join(map(note_text, r.notes[:10])))
            notes.setWordWrap(True)
            layout.addWidget(notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if r.rejected:  # the list to fix and import again, kept after the wizard is closed
            save = buttons.addButton(
                self.tr("Save skipped rows as &Excel…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            save.setObjectName("saveSkipped")

            def save_rows() -> None:
                rows = [(r.file, x) for x in r.rejected]
                job = save_skipped_rows(self, ui_state, rows, runner)
                if job is not None:  # one write at a time
                    save.setEnabled(False)
                    job.finished.connect(
                        lambda: save.setEnabled(True) if shiboken6.isValid(save) else None,
                        QUEUED,
                    )

            save.clicked.connect(save_rows)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        tab_like_shown(buttons)


def write_rejected(
    path: Path,
    rows: list[tuple[str, Rejected]],
    *,
    headers: tuple[str, str, str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """The skipped rows as a workbook the merchant can fix and import again. A cancel stops
    the write and leaves no file (JobCancelled)."""
    total = len(rows)

    def lines() -> Iterator[tuple[str, int, str]]:
        for done, (file, rejected) in enumerate(rows):
            if done % 1000 == 0:
                if cancelled is not None and cancelled():
                    raise JobCancelled()
                if progress is not None:
                    progress(done, total)
            yield file, rejected.row, rejection_text(rejected.reason)

    return write_table(path, headers, lines(), sheet="skipped", cancelled=cancelled)


def save_skipped_rows(
    parent: QWidget,
    ui_state: UiState | None,
    rows: list[tuple[str, Rejected]],
    runner: JobRunner | None = None,
) -> Job | None:
    """Ask where, and write the skipped rows (file, row, reason) as an Excel workbook: on the
    runner's worker with a progress dialog (100k rows take seconds), else here. Returns the
    running Job (None when nothing runs), for the caller to keep its Save off until the Job's
    `finished`."""
    title = QCoreApplication.translate("SkippedRows", "Save skipped rows")
    folder = Path((ui_state.last_folder("export") if ui_state else "") or ".")
    name, _f = QFileDialog.getSaveFileName(
        parent, title, str(folder / "skipped_rows.xlsx"),
        QCoreApplication.translate("SkippedRows", "Excel workbook (*.xlsx)"),
    )  # fmt: skip
    if not name:
        return None
    path = Path(name if name.endswith(".xlsx") else name + ".xlsx")
    if ui_state is not None:
        ui_state.set_last_folder("export", str(path.parent))
    headers = (
        QCoreApplication.translate("SkippedRows", "File"),
        QCoreApplication.translate("SkippedRows", "Row"),
        QCoreApplication.translate("SkippedRows", "Reason"),
    )

    def failed(exc: BaseException) -> None:
        if not shiboken6.isValid(parent):
            return
        if isinstance(exc, JobCancelled):
            QMessageBox.information(
                parent, title,
                QCoreApplication.translate("SkippedRows", "Cancelled. No file was written."),
            )  # fmt: skip
        elif isinstance(exc, CrmError):
            QMessageBox.warning(parent, title, storage_error_text(exc.message))
        else:
            raise exc

    if runner is None:
        try:
            write_rejected(path, rows, headers=headers)
        except CrmError as exc:
            failed(exc)
        return None
    job = runner.submit(
        lambda progress, cancelled: write_rejected(
            path, rows, headers=headers, progress=progress, cancelled=cancelled
        )
    )
    label = QCoreApplication.translate("SkippedRows", "Saving %1…").replace("%1", path.name)
    progress_dialog(parent, job, label).setObjectName("skippedRowsProgress")
    job.failed.connect(failed, QUEUED)
    return job


class ImportController(QObject):
    """Runs imports and undo for the main window.

    Signals:
        data_changed(): an import or an undo changed the data.
    """

    data_changed = Signal()

    def __init__(self, window: QWidget, runner: JobRunner, ui_state: UiState) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._ui = ui_state
        self._queue: list[Path] = []
        self._job: Job | None = None  # the running import
        self._active = False
        self.last_receipt: engine.ImportReceipt | None = None

    @property
    def runner(self) -> JobRunner:
        """The window's worker (a receipt's Save skipped rows writes there)."""
        return self._runner

    @property
    def ui_state(self) -> UiState:
        """The window's remembered folders (a receipt's Save skipped rows starts there)."""
        return self._ui

    def choose_files(self) -> None:
        """Ask for export files and import them one after another."""
        names, _filter = QFileDialog.getOpenFileNames(
            self._window,
            self.tr("Import order or customer exports"),
            self._ui.last_folder("import"),
            self.tr("Spreadsheets and CSV (%1);;All files (*)").replace("%1", FILE_FILTER),
        )
        if names:
            self._ui.set_last_folder("import", str(Path(names[0]).parent))
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> None:
        """Import each file on the worker thread; show each receipt. A 宝贝报表 chosen with its
        order file is not imported alone: the order file's import joins it."""
        joined = joined_detail_files([*self._queue, *paths])
        self._queue.extend(p for p in paths if p not in joined)
        # Its own imports decide, not the shared worker (a page refresh or the day's start
        # queued there would leave the file in the queue for good).
        if not self._active:
            self._next()

    def _next(self) -> None:
        self._active = bool(self._queue)  # an import, or its receipt, under way
        if not self._queue:
            return
        path = self._queue.pop(0)
        now = datetime.now().replace(microsecond=0)

        def work(progress: Any, cancelled: Any) -> engine.ImportReceipt:
            return engine.import_file(path, now=now, progress=progress, cancelled=cancelled)

        job = self._runner.submit(work)
        dialog = progress_dialog(
            self._window, job, self.tr("Importing %1…").replace("%1", path.name)
        )
        dialog.setObjectName("importProgress")
        self._job = job
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)

    def _unread_after_stop(self) -> str:
        """A Cancel or an error stops the files after this one too: their names (the queue
        is emptied)."""
        left, self._queue = self._queue, []
        if not left:
            return ""
        return "\n\n" + self.tr("Not imported: %1").replace("%1", ", ".join(p.name for p in left))

    def _on_job_succeeded(self, receipt: engine.ImportReceipt) -> None:
        self.last_receipt = receipt
        try:
            self.data_changed.emit()
            if self._job is not None and self._job.is_cancelled():
                # Cancel came after this file's last check (it is saved): the next ones stay
                # out.
                unread = self._unread_after_stop()
                if unread:
                    QMessageBox.information(
                        self._window, self.tr("Import cancelled"), unread.strip()
                    )
            dialog = ReceiptDialog(receipt, self._window, self._ui, self._runner)
            dialog.finished.connect(lambda _r: self._next())
            dialog.open()
        except BaseException:
            self._stop_on_error()
            raise

    def _stop_on_error(self) -> None:
        """An unexpected error (a bug, which the error dialog reports): the files after it
        are not imported, and the merchant is told which; importing again works."""
        unread = self._unread_after_stop()
        self._active = False
        if unread:
            QMessageBox.warning(
                self._window, self.tr("Import stopped"),
                self.tr("An unexpected error stopped the imports.") + unread,
            )  # fmt: skip

    def _on_job_failed(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled):
            QMessageBox.information(
                self._window, self.tr("Import cancelled"),
                self.tr("The import was cancelled. Nothing was changed.")
                + self._unread_after_stop(),
            )  # fmt: skip
        elif isinstance(exc, ImportFileError):
            QMessageBox.warning(
                self._window,
                self.tr("This file cannot be imported"),
                self.tr("%1\n\nNothing was changed.").replace(
                    "%1", f"{exc.file}: {file_error_text(exc.message)}"
                ),
            )
        elif isinstance(exc, CrmError):
            QMessageBox.warning(
                self._window, self.tr("Import failed"), storage_error_text(exc.message)
            )
        else:  # a bug: the error dialog tells it; the files after it are not imported
            self._stop_on_error()
            raise exc
        self._next()

    def undo_last(self) -> None:
        """Undo the newest import that is not undone yet, after asking."""
        batch_id = engine.last_undoable_batch()
        if batch_id is None:
            QMessageBox.information(
                self._window, self.tr("Undo import"), self.tr("There is no import to undo.")
            )
            return
        self.undo(batch_id)

    def undo_detail(self, batch_id: int, impact: dict[str, int]) -> str:
        """What undoing the import removes and puts back, in words: the merchant's own entries
        on the customers it created (feedback, follow-ups ...) go with those customers."""
        created = impact.get("customer_add", 0)
        changed = impact.get("order_update", 0)
        # A part with nothing in it is left out ("0 orders it changed ...").
        added = impact.get("order_add", 0)
        profiles = impact.get("customer_update", 0)
        tags = impact.get("tag_link", 0)
        parts = [
            grouped(self.tr("%n order(s) it added are removed.", "", added), added)
            if added
            else "",
            grouped(
                self.tr("%n order(s) it changed are put back as they were.", "", changed), changed
            )
            if changed
            else "",
            grouped(
                self.tr("%n customer(s) it changed are put back as they were.", "", profiles),
                profiles,
            )
            if profiles
            else "",
            grouped(self.tr("%n tag(s) it gave to customers are taken off.", "", tags), tags)
            if tags
            else "",
        ]
        own = own_entries.on_customers_created_by(batch_id) if created else None
        if own is not None and not own.total:
            parts.append(
                grouped(self.tr("%n customer(s) it created are removed.", "", created), created)
            )
        elif own is not None:
            counts = [
                grouped(self.tr("%n feedback entry(ies)", "", own.feedback), own.feedback)
                if own.feedback
                else "",
                grouped(self.tr("%n follow-up(s)", "", own.followups), own.followups)
                if own.followups
                else "",
                grouped(
                    self.tr("%n points change(s)", "", own.points_adjustments),
                    own.points_adjustments,
                )
                if own.points_adjustments
                else "",
                grouped(self.tr("%n note(s)", "", own.notes), own.notes) if own.notes else "",
                grouped(self.tr("%n tag(s)", "", own.tags), own.tags) if own.tags else "",
            ]
            removed = self.tr(
                "%n customer(s) it created are removed, with what you added to them since: %1.",
                "",
                created,
            )
            listed = self.tr(", ", "between the items of a list").join(c for c in counts if c)
            parts.append(grouped(removed, created).replace("%1", listed))
        if not any(parts):
            parts.append(self.tr("It added and changed nothing: only its record goes."))
        return sentences(*parts)

    def undo(self, batch_id: int) -> None:
        info = next((b for b in engine.history() if b.batch_id == batch_id), None)
        if info is None:
            return
        impact = engine.undo_impact(batch_id)
        text = (
            self.tr("Undo the import of %1 (%2)?")
            .replace("%1", info.file)
            .replace("%2", info.imported_at.strftime("%Y-%m-%d %H:%M"))
        )
        detail = self.undo_detail(batch_id, impact)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Undo import"), text,
                          QMessageBox.StandardButton.Cancel, self._window)  # fmt: skip
        box.setInformativeText(detail)
        undo_button = box.addButton(self.tr("Undo import"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not undo_button:
            return
        now = datetime.now().replace(microsecond=0)
        # On the worker: undoing a 100k-order import takes seconds (the backup before it, the
        # figures after it). It is one transaction, all or nothing: no Cancel.
        job = self._runner.submit(
            lambda _progress, _cancelled: engine.undo_batch(batch_id, now=now)
        )
        dialog = progress_dialog(
            self._window, job, self.tr("Undoing the import of %1…").replace("%1", info.file),
            cancellable=False,
        )  # fmt: skip
        dialog.setObjectName("undoProgress")
        job.succeeded.connect(
            while_alive(self, lambda result: self._on_undo_succeeded(result, info.file)), QUEUED
        )
        job.failed.connect(self._on_undo_failed)

    def _on_undo_succeeded(self, result: engine.UndoResult, file: str) -> None:
        self.data_changed.emit()
        QMessageBox.information(
            self._window, self.tr("Undo import"), self.undone_text(result, file)
        )

    def _on_undo_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, CrmError):
            raise exc
        QMessageBox.warning(self._window, self.tr("Undo import"), storage_error_text(exc.message))

    def undone_text(self, result: engine.UndoResult, file: str) -> str:
        """'The import of orders.csv was undone: 1 order removed, 2 put back, 1 customer
        removed.' Named by its file, as the confirmation and the Imports page name it (its
        number is shown nowhere in the window)."""
        parts = []
        if result.orders_removed:
            parts.append(
                grouped(
                    self.tr("%n order(s) removed", "", result.orders_removed), result.orders_removed
                )
            )
        if result.orders_restored:
            parts.append(
                grouped(self.tr("%n put back", "", result.orders_restored), result.orders_restored)
            )
        if result.customers_removed:
            parts.append(
                grouped(
                    self.tr("%n customer(s) removed", "", result.customers_removed),
                    result.customers_removed,
                )
            )
        if not parts:
            return self.tr("The import of %1 was undone.").replace("%1", file)
        return fill_args(
            self.tr("The import of %1 was undone: %2."),
            [file, self.tr(", ", "between the items of a list").join(parts)],
        )
