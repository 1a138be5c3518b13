"""Settings → Encryption: encrypt the database file, change its passphrase, or decrypt it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.db import (
    close_database,
    current_passphrase,
    current_path,
    open_database,
    read_only_reason,
    require_writable,
)
from desktop_crm.errors import CrmError
from desktop_crm.services import backup, encryption
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.settings_dialog import SettingsPage


class PassphraseDialog(QDialog):
    """Asks for the current passphrase and/or a new one typed twice."""

    def __init__(self, title: str, *, ask_old: bool, ask_new: bool, warning: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.old, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        form = QFormLayout()
        if ask_old:
            form.addRow(self.tr("Current passphrase:"), self.old)
        if ask_new:
            form.addRow(self.tr("New passphrase:"), self.new)
            form.addRow(self.tr("Repeat it:"), self.repeat)
        self._ask_new = ask_new
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if warning:
            note = QLabel(warning)
            note.setWordWrap(True)
            note.setStyleSheet("font-weight: bold;")
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_ok(self) -> None:
        if self._ask_new:
            if self.new.text() != self.repeat.text():
                self.error.setText(self.tr("The two passphrases differ."))
                return
            if len(self.new.text()) < encryption.MIN_PASSPHRASE:
                self.error.setText(
                    self.tr("Use at least %1 characters.").replace(
                        "%1", str(encryption.MIN_PASSPHRASE)
                    )
                )
                return
        self.accept()


class EncryptionPage(SettingsPage):
    """Turn encryption on or off, or change the passphrase (acts at once, not on OK)."""

    def __init__(self, before_reopen: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._before_reopen = before_reopen
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.encrypt_button = QPushButton(self.tr("&Encrypt the database…"))
        self.change_button = QPushButton(self.tr("&Change the passphrase…"))
        self.decrypt_button = QPushButton(self.tr("&Remove encryption…"))
        self.encrypt_button.clicked.connect(self._on_encrypt_button_clicked)
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.decrypt_button.clicked.connect(self._on_decrypt_button_clicked)
        note = QLabel(
            self.tr(
                "Encryption protects the database file and its backups if the computer is lost. "
                "There is no way to open an encrypted database without its passphrase: if you "
                "forget it, your data is lost."
            )
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        for b in (self.encrypt_button, self.change_button, self.decrypt_button):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addStretch(1)
        self.update_state()

    def update_state(self) -> None:
        on = current_passphrase() is not None
        self.state.setText(
            self.tr("The database is encrypted.")
            if on
            else self.tr("The database is not encrypted.")
        )
        # A database opened read-only is not re-written (the file would be replaced by a
        # writable one): the buttons say why they are off.
        writable = read_only_reason() is None
        self.encrypt_button.setEnabled(writable and not on)
        self.change_button.setEnabled(writable and on)
        self.decrypt_button.setEnabled(writable and on)
        why = "" if writable else self.tr("The database is open read-only.")
        for button in (self.encrypt_button, self.change_button, self.decrypt_button):
            button.setToolTip(why)

    def _rewrite(self, old: str | None, new: str | None) -> bool:
        try:
            require_writable()
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Encryption"), storage_error_text(exc.message))
            return False
        path = current_path()
        self._before_reopen()
        close_database()
        try:
            encryption.change_encryption(path, old, new)
        except BaseException as exc:
            # The database was closed for the re-write: open it again whatever went wrong.
            open_database(path, passphrase=old)
            if not isinstance(exc, CrmError):
                raise
            QMessageBox.warning(self, self.tr("Encryption"), storage_error_text(exc.message))
            return False
        open_database(path, passphrase=new)
        self.update_state()
        return True

    def _on_encrypt_button_clicked(self) -> None:
        warning = self.tr(
            "If you forget this passphrase, your data cannot be recovered by anyone. "
            "Write it down and keep it somewhere safe."
        )
        dialog = PassphraseDialog(self.tr("Encrypt the database"), ask_old=False, ask_new=True,
                                  warning=warning, parent=self)  # fmt: skip
        if dialog.exec() == QDialog.DialogCode.Accepted and self._rewrite(None, dialog.new.text()):
            text = self.tr("The database is now encrypted.")
            # The backups made before hold every customer in plain text: encrypted too.
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                done, failed = backup.encrypt_plain_backups(dialog.new.text())
            finally:
                QApplication.restoreOverrideCursor()
            if done:
                text += " " + self.tr("%n earlier backup(s) were encrypted too.", "", done)
            if failed:
                text += " " + self.tr(
                    "%n backup(s) could not be encrypted and can still be read without the "
                    "passphrase: %1. Delete them if you do not need them.",
                    "",
                    len(failed),
                ).replace("%1", ", ".join(str(p) for p in failed))
                QMessageBox.warning(self, self.tr("Encryption"), text)
            else:
                QMessageBox.information(self, self.tr("Encryption"), text)

    def _on_change_button_clicked(self) -> None:
        dialog = PassphraseDialog(self.tr("Change the passphrase"), ask_old=True, ask_new=True,
                                  parent=self)  # fmt: skip
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.old.text() != current_passphrase():
            QMessageBox.warning(
                self, self.tr("Encryption"), self.tr("The current passphrase is wrong.")
            )
            return
        if self._rewrite(dialog.old.text(), dialog.new.text()):
            QMessageBox.information(
                self, self.tr("Encryption"), self.tr("The passphrase was changed.")
            )

    def _on_decrypt_button_clicked(self) -> None:
        dialog = PassphraseDialog(self.tr("Remove encryption"), ask_old=True, ask_new=False,
                                  parent=self)  # fmt: skip
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.old.text() != current_passphrase():
            QMessageBox.warning(
                self, self.tr("Encryption"), self.tr("The current passphrase is wrong.")
            )
            return
        if self._rewrite(dialog.old.text(), None):
            QMessageBox.information(
                self, self.tr("Encryption"), self.tr("The database is no longer encrypted.")
            )
