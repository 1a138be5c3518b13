"""Backups: the verified copies kept automatically, a manual backup anywhere, and restore."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.db import current_passphrase, current_path, default_backup_dir, translate_error
from desktop_crm.errors import (
    CrmError,
    DatabaseEncrypted,
    RestoreTakenBack,
    RestoreUnfinished,
    WrongPassphrase,
)
from desktop_crm.services import backup
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import Job, JobRunner
from desktop_crm.views.key_views import enable_row_copy
from desktop_crm.views.labels import sentences
from desktop_crm.views.layout import empty_hint, show_hint
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.ui_state import UiState

log = logging.getLogger("desktop_crm")


def _count(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


class BackupsPage(QWidget):
    """Every backup with its time, reason, size and counts; back up now, back up to, restore.

    Automatic backups run through `auto_backup()` (the main window's timer) and
    `backup_on_close()`. When one fails, the page says so where it stays visible: a warning
    above the list (which folder, why, what to do) and `status_label` for the status bar, until
    a backup succeeds again; the merchant gets one message per failure streak, not one every
    30 minutes, and a message when the closing backup fails.

    Signals:
        restored(): the database was replaced by a backup (every view must reload).
        backup_warning_changed(str): the automatic backups' warning ("" once they work again).
        database_lost(): a restore failed after the swap and no database could be opened; the
            window must close (without its closing backup).
    """

    restored = Signal()
    backup_warning_changed = Signal(str)
    database_lost = Signal()

    def __init__(self, runner: JobRunner, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BackupsPage")
        self._runner = runner
        self._ui = ui_state
        self.model: ListTableModel[backup.BackupInfo] = ListTableModel(
            [
                Column(self.tr("Time"), lambda b: b.time.strftime("%Y-%m-%d %H:%M")),
                Column(self.tr("Why"), lambda b: reason_text(b.reason)),
                Column(self.tr("Size"), lambda b: _size(b.size), right=True),
                Column(self.tr("Customers"), self._customers_text, right=True),
                Column(self.tr("Orders"), lambda b: _count(b.orders), right=True),
                Column(self.tr("File"), lambda b: b.name, tooltip=self._file_tooltip),
            ],
            self,
        )  # fmt: skip
        self.table = enable_row_copy(QTableView())
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.table.setObjectName("backupsTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.backup_to_button = QPushButton(self.tr("Back up &to…"))
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.restore_file_button = QPushButton(self.tr("Restore from a f&ile…"))
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_to_button.clicked.connect(self._on_backup_to_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.restore_file_button.clicked.connect(self._on_restore_file_button_clicked)
        # Restore… restores the backup selected in the list: without one it does nothing.
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_restore_button()
        )
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        # Why automatic backups fail (hidden while they work); `status_label` is its short form
        # for the main window's status bar.
        self._warning: str | None = None
        self._told = False  # the one message of the current failure streak was shown
        self.warning_label = QLabel()
        self.warning_label.setObjectName("backupWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(
            "QLabel#backupWarning { background: #fff4e5; color: #8a4b00; "
            "border: 1px solid #f0b35a; padding: 6px; }"
        )
        self.warning_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("backupStatusWarning")
        self.status_label.setStyleSheet("QLabel#backupStatusWarning { color: #b35900; }")
        self.status_label.hide()
        hint = QLabel(
            self.tr(
                "Desktop CRM backs up by itself before every upgrade, restore, undo, merge and "
                "erasure, and every 30 minutes while data changes. It keeps today's and "
                "yesterday's backups, then one a day for 12 days, one a week for 10 weeks and one "
                "a month for 9 months. Every backup is checked before it is kept."
            )
        )
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.backup_to_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.restore_file_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        # Shown instead of an empty table before the first backup, as on the other pages.
        self.empty_label = empty_hint("backupsEmpty")
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_items(backup.list_backups())
        if self.model.rowCount():
            empty = None
        elif self._warning is not None:
            empty = self.tr("No backups yet: making one failed (see the warning above).")
        else:
            empty = self.tr(
                "No backups yet. Back up now makes the first one; Desktop CRM also makes one "
                "by itself before any risky change."
            )
        show_hint(self.table, self.empty_label, empty)
        self._update_restore_button()
        self.folder_label.setText(
            self.tr("Backup folder: %1").replace("%1", str(default_backup_dir(current_path())))
        )

    def _customers_text(self, b: backup.BackupInfo) -> str:
        if b.needs_passphrase:  # Restore… asks for the passphrase it was made with
            return self.tr("encrypted with another passphrase")
        return _count(b.customers)

    def _file_tooltip(self, b: backup.BackupInfo) -> str:
        return str(b.path) if b.needs_passphrase or not b.error else b.error

    def _update_restore_button(self) -> None:
        self.restore_button.setEnabled(self.table.selectionModel().hasSelection())

    def current(self) -> backup.BackupInfo | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    # --- Automatic backups and their failures -----------------------------------------------

    def auto_backup(self) -> Job:
        """Make the automatic backup if one is due, on the job runner (the timer's work)."""
        now = datetime.now().replace(microsecond=0)
        job = self._runner.submit(lambda _p, _c: backup.backup_if_due(now))
        job.succeeded.connect(self._on_auto_backup_succeeded)
        job.failed.connect(self._on_auto_backup_failed)
        return job

    def backup_on_close(self) -> bool:
        """The closing backup, when one is due (on this thread: the window is closing).

        Returns False when it failed, after telling the merchant: the next start is the next
        chance, and data changed since the last backup has no copy until then.
        """
        try:
            info = backup.backup_if_due(datetime.now().replace(microsecond=0))
        except Exception as exc:  # closing must not fail because a backup could not be made
            text = self.failure_text(exc)
            log.warning("no backup on close: %s", _message(exc))
            QMessageBox.warning(
                self,
                self.tr("No backup on closing"),
                self.tr(
                    "Desktop CRM could not make its closing backup, so your latest changes have "
                    "no backup copy yet.\n\n%1"
                ).replace("%1", text),
            )
            return False
        if info is not None:
            self._set_warning(None)
        return True

    def warning(self) -> str | None:
        """The automatic backups' current warning (None while they work)."""
        return self._warning

    def failure_text(self, exc: BaseException) -> str:
        """Why a backup failed, which folder, and what to do, in the merchant's words."""
        folder = default_backup_dir(current_path())
        problem = backup.backup_folder_problem(folder)
        if problem == "not_a_folder":
            advice = self.tr(
                "%1 should be the backup folder, but a file of that name stands there. Rename "
                "or move that file; Desktop CRM then makes the folder by itself."
            )
        elif problem == "not_writable":
            advice = self.tr(
                "The backup folder %1 cannot be written. Give your user the right to write "
                "there again, then press Back up now."
            )
        else:
            advice = self.tr(
                "Backups go to %1. Check that the disk has free space and works, then press "
                "Back up now."
            )
        why = storage_error_text(_message(exc))
        return "%1\n\n%2".replace("%1", why).replace("%2", advice.replace("%1", str(folder)))

    def _on_auto_backup_succeeded(self, info: object) -> None:
        if info is not None:
            self._set_warning(None)
            self.refresh()

    def _on_auto_backup_failed(self, exc: object) -> None:
        if not isinstance(exc, BaseException):
            return
        if not isinstance(translate_error(exc), CrmError):
            log.error("automatic backup failed", exc_info=exc)
        else:
            log.warning("automatic backup failed: %s", _message(exc))
        text = self.failure_text(exc)
        self._set_warning(
            self.tr("Automatic backups are failing: your data has no new backup copy.\n%1")
            .replace("%1", text)
        )  # fmt: skip
        if not self._told:  # once per failure streak, not every 30 minutes
            self._told = True
            QMessageBox.warning(
                self,
                self.tr("Automatic backup failed"),
                self.tr(
                    "The automatic backup failed. Desktop CRM keeps trying every 30 minutes; "
                    "the Backups page shows this until a backup succeeds.\n\n%1"
                ).replace("%1", text),
            )

    def _set_warning(self, text: str | None) -> None:
        if text == self._warning:
            return
        self._warning = text
        if text is None:
            self._told = False  # a new failure streak gets its message again
        self.warning_label.setText(text or "")
        self.warning_label.setVisible(text is not None)
        self.status_label.setText(self.tr("Backups are failing: see the Backups page"))
        self.status_label.setToolTip(text or "")
        self.status_label.setVisible(text is not None)
        window = self.window()
        if text is not None and isinstance(window, QMainWindow):
            if self.status_label.parentWidget() is None:  # not placed in the status bar
                window.statusBar().showMessage(self.status_label.text())
        self.refresh()
        self.backup_warning_changed.emit(text or "")

    # --- By hand -----------------------------------------------------------------------------

    def backup_now(self) -> None:
        try:
            info = backup.make_backup("manual", now=datetime.now().replace(microsecond=0))
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Back up"), storage_error_text(exc.message))
            return
        self._set_warning(None)  # the backup folder works again
        self.refresh()
        QMessageBox.information(
            self, self.tr("Back up"), self.tr("Saved and checked: %1").replace("%1", info.name)
        )

    def _on_backup_to_button_clicked(self) -> None:
        title = self.tr("Back up to a folder (a USB stick, a drive…)")
        folder = QFileDialog.getExistingDirectory(self, title, self._ui.last_folder("backup"))
        if not folder:
            return
        self._ui.set_last_folder("backup", folder)
        try:
            path = backup.backup_to_path(Path(folder), now=datetime.now().replace(microsecond=0))
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Back up"), storage_error_text(exc.message))
            return
        QMessageBox.information(
            self, self.tr("Back up"), self.tr("Saved and checked: %1").replace("%1", str(path))
        )

    def _on_restore_button_clicked(self) -> None:
        b = self.current()
        if b is not None:
            self.restore(b.path)

    def _on_restore_file_button_clicked(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore from a backup file"),
            self._ui.last_folder("backup"),
            self.tr("Desktop CRM databases (*.db);;All files (*)"),
        )
        if name:
            self.restore(Path(name))

    def _check(self, path: Path) -> tuple[backup.BackupInfo, str | None] | None:
        """Check the file, asking for its passphrase while one is needed and not given.

        Returns the backup's info and the passphrase given (None: none was needed), or None
        when the file was refused (after saying why) or the user cancelled.
        """
        passphrase: str | None = None
        while True:
            try:
                backup.verify_candidate(path, passphrase=passphrase)
                return backup.read_backup_info(path, passphrase=passphrase), passphrase
            except (DatabaseEncrypted, WrongPassphrase):
                if passphrase is None:
                    label = self.tr(
                        "%1 is encrypted with another passphrase. Enter the passphrase it was "
                        "made with:"
                    )
                else:
                    label = self.tr("That passphrase does not open %1. Try again:")
            except CrmError as exc:
                self._restore_refused(exc)
                return None
            text, ok = QInputDialog.getText(
                self, self.tr("Restore"), label.replace("%1", path.name),
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok:
                return None
            passphrase = text

    def restore(self, path: Path) -> None:
        """Check the file, ask, then replace the database by it (keeping a copy of the current).

        The restored data keeps the database's current protection (services.backup): a plain
        backup restored into an encrypted database is encrypted with its passphrase.
        """
        checked = self._check(path)
        if checked is None:
            return
        info, passphrase = checked
        counts = ""
        if info.customers is not None:
            counts = (
                self.tr("It holds %1 customers and %2 orders.")
                .replace("%1", f"{info.customers:,}")
                .replace("%2", f"{info.orders or 0:,}")
            )
        question = (
            self.tr("Replace your current data by the backup %1 of %2?")
            .replace("%2", info.time.strftime("%Y-%m-%d %H:%M"))
            .replace("%1", str(path))
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Restore"),
            question,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        protection = ""
        encrypted_now = current_passphrase() is not None
        if encrypted_now and (not info.encrypted or passphrase is not None):
            protection = self.tr(
                "The restored data will be encrypted with the database's current passphrase."
            )
        elif not encrypted_now and info.encrypted:
            protection = self.tr("The restored data will not be encrypted, as the database is not.")
        kept = self.tr("Your current data is kept as a copy beside the database first.")
        box.setInformativeText(" ".join(t for t in (counts, protection, kept) if t))
        restore_button = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not restore_button:
            return
        # The worker thread holds its own connection; restore needs to be the only one.
        self._runner.drain()
        try:
            result = backup.restore_backup(
                path, now=datetime.now().replace(microsecond=0), passphrase=passphrase
            )
        except RestoreUnfinished as exc:
            self._restore_unfinished(exc)
            return
        except RestoreTakenBack as exc:  # the message says the data is as it was
            QMessageBox.warning(self, self.tr("Restore"), storage_error_text(exc.message))
            return
        except CrmError as exc:
            self._restore_refused(exc)
            return
        self.refresh()
        self.restored.emit()
        done = self.tr("Restored. The data it replaced was kept as %1.")
        QMessageBox.information(
            self, self.tr("Restore"), done.replace("%1", str(result.pre_restore))
        )

    def _restore_unfinished(self, exc: RestoreUnfinished) -> None:
        """A restore that failed past the point of no return, with the data from before not put
        back: the window shows the restored data, or closes when no database would open."""
        text = storage_error_text(exc.message)
        if exc.database_open:
            self.refresh()
            self.restored.emit()
            QMessageBox.warning(self, self.tr("Restore"), text)
            return
        QMessageBox.critical(
            self, self.tr("Restore"), sentences(text, self.tr("Desktop CRM will close now."))
        )
        self.database_lost.emit()

    def _restore_refused(self, exc: CrmError) -> None:
        """Why a restore did not happen, and (what the merchant worries about) that their
        data is as it was: 'It was not changed' alone speaks of the file they chose."""
        QMessageBox.warning(
            self,
            self.tr("Restore"),
            sentences(
                storage_error_text(exc.message),
                self.tr("Nothing was restored: your data is as it was."),
            ),
        )


def _message(exc: BaseException) -> str:
    """A failure's message as the storage layer words it (SQLite errors typed first)."""
    typed = translate_error(exc)
    if isinstance(typed, CrmError):
        return typed.message
    return f"{type(exc).__name__}: {exc}"


def reason_text(reason: str) -> str:
    """Why a backup was made, in words."""
    from PySide6.QtCore import QCoreApplication

    names = {
        "manual": QCoreApplication.translate("BackupReasons", "by hand"),
        "auto": QCoreApplication.translate("BackupReasons", "automatic"),
        "before-undo-import": QCoreApplication.translate(
            "BackupReasons", "before undoing an import"
        ),
        "before-restore": QCoreApplication.translate("BackupReasons", "before a restore"),
        "before-merge": QCoreApplication.translate("BackupReasons", "before a merge"),
        "before-unmerge": QCoreApplication.translate("BackupReasons", "before undoing a merge"),
        "before-erasure": QCoreApplication.translate("BackupReasons", "before an erasure"),
        "before-bulk-delete": QCoreApplication.translate("BackupReasons", "before a bulk delete"),
        "before-retention": QCoreApplication.translate("BackupReasons", "before a retention purge"),
    }
    if reason.startswith("before-migration"):
        return QCoreApplication.translate("BackupReasons", "before an upgrade")
    return names.get(reason, reason)
