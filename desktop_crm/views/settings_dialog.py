"""Settings: one dialog with a page per area. UI choices go to UiState; store rules to the DB."""

from __future__ import annotations

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

from desktop_crm.db import require_writable, storage_errors
from desktop_crm.errors import CrmError, DatabaseReadOnly, ValidationError
from desktop_crm.services import applock
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.layout import resize_within_screen
from desktop_crm.views.ui_state import UiState


class SettingsPage(QWidget):
    """A page of the settings dialog: `check()` finds bad input (shown on the page, raising
    ValidationError) without saving; `changes_database()` says whether saving it would write
    to the database; `apply()` saves it (and writes nothing when nothing changed). OK checks
    every page before any is saved, so a mistake on one page leaves every setting as it was;
    on a read-only database it is refused before any page is saved."""

    def check(self) -> None:
        """Raise ValidationError (and show why) when what the page shows cannot be saved."""

    def changes_database(self) -> bool:
        """Whether `apply()` would write to the database (asked after `check()` passed)."""
        return False

    def apply(self) -> None:
        """Save what the page shows."""


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

    def apply(self) -> None:
        self.check()
        if self.password.text():
            applock.set_password(self.password.text())
        elif self.remove.currentData():
            applock.set_password(None)
        if self.idle.value() != applock.lock_settings().idle_minutes:
            applock.set_idle_minutes(self.idle.value())


class SettingsDialog(QDialog):
    """All settings, a tab per area.

    Signals:
        applied(): settings were saved.
    """

    applied = Signal()

    def __init__(self, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
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
        # The database's pages first and the language (this computer's) last: a save the
        # database refuses then leaves the language as it was too.
        order = sorted(range(len(self.pages)), key=lambda i: self.pages[i] is self.general)
        for index in order:
            try:
                with storage_errors():
                    self.pages[index].apply()
            except ValidationError:
                self.tabs.setCurrentIndex(index)
                return
            except CrmError as exc:  # busy, disk full…: worded, the dialog stays open
                self.tabs.setCurrentIndex(index)
                QMessageBox.warning(self, self.tr("Settings"), storage_error_text(exc.message))
                return
        self.applied.emit()
        if self.general.language_changed:
            QMessageBox.information(
                self,
                self.tr("Language"),
                self.tr("The new language is used the next time Desktop CRM starts."),
            )
        self.accept()

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
