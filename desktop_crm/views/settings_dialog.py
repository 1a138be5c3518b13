"""Settings: one dialog with a page per area. UI choices go to UiState; store rules to the DB."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.db import db, require_writable, storage_errors
from desktop_crm.errors import CrmError, DatabaseReadOnly, ValidationError
from desktop_crm.services import applock
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import Job, JobRunner, progress_dialog
from desktop_crm.views.layout import resize_within_screen
from desktop_crm.views.ui_state import UiState


class SettingsPage(QWidget):
    """A page of the settings dialog: `check()` finds bad input (shown on the page, raising
    ValidationError) without saving; `changes_database()` says whether saving it would write
    to the database; `save_call()` takes what the page shows as a call that writes it, which
    OK runs on the worker, in one transaction with every other page's (a page's rules may
    set off a recomputation of every customer); `saved()` then shows the outcome. OK checks
    every page before any is saved, and saves all of them or none: a mistake on one page,
    or a save the database refuses, leaves every setting as it was; on a read-only database
    it is refused before any page is saved."""

    def check(self) -> None:
        """Raise ValidationError (and show why) when what the page shows cannot be saved."""

    def changes_database(self) -> bool:
        """Whether saving would write to the database (asked after `check()` passed)."""
        return False

    def save_call(self) -> Callable[[], Any] | None:
        """What saving writes, read from the page now (on the window's thread): a call that
        touches no widget, or None when the page has nothing to write."""
        return None

    def refused(self, exc: ValidationError) -> None:
        """Show on the page why the database refused its save (what `check()` let pass)."""

    def saved(self, result: Any) -> None:
        """After the save was committed, on the window's thread: show what it gave (`result`,
        the save call's return value)."""

    def apply(self) -> None:
        """Check and save the page alone, here and now.

        Raises:
            ValidationError: something cannot be saved (shown on the page).
        """
        self.check()
        call = self.save_call()
        if call is None:
            return
        try:
            result = call()
        except ValidationError as exc:
            self.refused(exc)
            raise
        self.saved(result)


class _PageRefused(Exception):
    """A page's save refused (raised on the worker): which page, and why."""

    def __init__(self, index: int, error: CrmError) -> None:
        super().__init__(error.message)
        self.index = index
        self.error = error


class GeneralPage(SettingsPage):
    """Interface language."""

    def __init__(self, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ui = ui_state
        self.language = QComboBox()
        self.language.addItem(self.tr("Follow the system"), "")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.language.setCurrentIndex(max(0, self.language.findData(ui_state.language())))
        form = QFormLayout(self)
        form.addRow(self.tr("Interface &language:"), self.language)
        note = QLabel(self.tr("A new language is used the next time Desktop CRM starts."))
        note.setWordWrap(True)
        form.addRow(note)
        self.language_changed = False

    def apply(self) -> None:
        code = str(self.language.currentData())
        self.language_changed = code != self._ui.language()
        self._ui.set_language(code)


class LockPage(SettingsPage):
    """Idle lock and its password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        current = applock.lock_settings()
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(0, 24 * 60)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setSpecialValueText(self.tr("never"))
        self.idle.setValue(current.idle_minutes)
        self.password = QLineEdit()
        self.password.setObjectName("lockPasswordNew")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("leave empty to keep the current one") if current.has_password else ""
        )
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.remove = QComboBox()
        self.remove.addItem(self.tr("Keep"), False)
        self.remove.addItem(self.tr("Remove the password"), True)
        self.remove.setEnabled(current.has_password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        form = QFormLayout(self)
        form.addRow(self.tr("Lock after being &idle for:"), self.idle)
        form.addRow(self.tr("&New password:"), self.password)
        form.addRow(self.tr("&Repeat it:"), self.repeat)
        form.addRow(self.tr("Current pass&word:"), self.remove)
        form.addRow(self.error)
        note = QLabel(
            self.tr(
                "The lock screen hides your customers while you are away (Ctrl+L locks at once). "
                "It is a privacy screen, not encryption."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)

    def check(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ."))
            raise ValidationError({"password": "mismatch"})
        if self.password.text() and len(self.password.text()) < applock.MIN_LENGTH:
            self.error.setText(self.tr("Use at least 4 characters."))
            raise ValidationError({"password": "too_short"})
        self.error.setText("")

    def changes_database(self) -> bool:
        return (
            bool(self.password.text())
            or bool(self.remove.currentData())
            or self.idle.value() != applock.lock_settings().idle_minutes
        )

    def save_call(self) -> Callable[[], Any] | None:
        if not self.changes_database():
            return None
        password = self.password.text()
        remove = bool(self.remove.currentData())
        idle = self.idle.value()

        def save() -> None:
            if password:
                applock.set_password(password)
            elif remove:
                applock.set_password(None)
            if idle != applock.lock_settings().idle_minutes:
                applock.set_idle_minutes(idle)

        return save


class SettingsDialog(QDialog):
    """All settings, a tab per area.

    Signals:
        applied(): settings were saved.
    """

    applied = Signal()

    def __init__(
        self, ui_state: UiState, parent: QWidget | None = None, *, runner: JobRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self._runner = runner or JobRunner(self, synchronous=True)
        self.saving: Job | None = None  # OK's save, while it runs
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = QTabWidget()
        # Every tab's title in view (the English ones scrolled out of sight behind arrows).
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.general = GeneralPage(ui_state)
        self.lock = LockPage()
        self.pages: list[SettingsPage] = [self.general, self.lock]
        self.tabs.addTab(self.general, self.tr("General"))
        self.tabs.addTab(self.lock, self.tr("Screen lock"))
        self._buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        resize_within_screen(self, 560, 440)

    def add_page(self, title: str, page: SettingsPage) -> None:
        """More pages (loyalty rules, follow-up rules…) register themselves here."""
        self.pages.append(page)
        self.tabs.addTab(page, title)
        # Tab goes through the page's fields, then to OK and Cancel: a page made after the
        # buttons came after them in the focus chain.
        last = None
        widget = page.nextInFocusChain()
        while widget is not page:
            if page.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                last = widget
            widget = widget.nextInFocusChain()
        buttons = self._buttons.buttons()
        for before, after in zip([last, *buttons], buttons, strict=False):
            if before is not None:
                QWidget.setTabOrder(before, after)
        # As tall as the tallest page wants, as the screen allows (a page that is taller than
        # the screen scrolls, see loyalty_settings.py).
        # (The dialog's own hint follows the current page's height for its width.)
        layout = self.layout()
        margins = layout.contentsMargins()
        height = (
            self.tabs.sizeHint().height()
            + self._buttons.sizeHint().height()
            + layout.spacing()
            + margins.top()
            + margins.bottom()
        )
        width = self.sizeHint().width()
        resize_within_screen(self, max(self.width(), width), max(self.height(), height))

    def _on_ok(self) -> None:
        if self.saving is not None:
            return
        # Every page is checked before any is saved: Cancel after a refused OK then really
        # leaves everything as it was.
        for index, page in enumerate(self.pages):
            try:
                page.check()
            except ValidationError:
                self.tabs.setCurrentIndex(index)
                return
        if self._refused_read_only():
            return
        # The database's pages together, and the language (this computer's) after them: a
        # save the database refuses then leaves the language as it was too.
        calls = [
            (index, call)
            for index, page in enumerate(self.pages)
            if page is not self.general and (call := page.save_call()) is not None
        ]
        if not calls:
            self._on_save_succeeded([])
            return

        def work(_progress: Any, _cancelled: Any) -> list[Any]:
            results = []
            with storage_errors(), db.atomic("IMMEDIATE"):
                for index, call in calls:
                    try:
                        with storage_errors():
                            results.append((index, call()))
                    except CrmError as exc:
                        raise _PageRefused(index, exc) from exc
            return results

        self._set_saving(True)
        self.saving = job = self._runner.submit(work)
        progress_dialog(
            self, job, self.tr("Saving the settings…"), cancellable=False
        ).setObjectName("settingsProgress")
        job.succeeded.connect(self._on_save_succeeded)
        job.failed.connect(self._on_save_failed)

    def _set_saving(self, saving: bool) -> None:
        # Nothing to change while it saves, no OK twice, no Cancel (reject() waits too).
        self.tabs.setEnabled(not saving)
        self._buttons.setEnabled(not saving)
        if not saving:
            self.saving = None

    def reject(self) -> None:
        if self.saving is None:  # Escape or the title bar's X while saving: it ends first
            super().reject()

    def _on_save_succeeded(self, results: list[tuple[int, Any]]) -> None:
        self._set_saving(False)
        for index, result in results:
            self.pages[index].saved(result)
        self.general.apply()
        self.applied.emit()
        if self.general.language_changed:
            QMessageBox.information(
                self,
                self.tr("Language"),
                self.tr("The new language is used the next time Desktop CRM starts."),
            )
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if isinstance(exc, _PageRefused):
            self.tabs.setCurrentIndex(exc.index)
            if isinstance(exc.error, ValidationError):
                self.pages[exc.index].refused(exc.error)
                return
            exc = exc.error
        if not isinstance(exc, CrmError):
            raise exc
        # Busy, disk full…: worded, the dialog stays open, nothing saved.
        QMessageBox.warning(self, self.tr("Settings"), storage_error_text(exc.message))

    def _refused_read_only(self) -> bool:
        """Refuse OK (saving no page) when a page would write to a read-only database, with
        the words every read-only refusal uses. The language alone is still saved: it is this
        computer's choice, not the database's."""
        if not any(page.changes_database() for page in self.pages):
            return False
        try:
            require_writable()
        except DatabaseReadOnly as exc:
            QMessageBox.warning(self, self.tr("Settings"), storage_error_text(exc.message))
            return True
        return False
