"""Unexpected errors: a dialog instead of a crash, the details in the log file.

Installed as sys.excepthook. The dialog is modal over whatever is open, and nothing is
closed: a half-filled form keeps what the user typed.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm.db import translate_error
from desktop_crm.errors import CrmError

log = logging.getLogger("desktop_crm")
_showing = False


def show_error(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The excepthook: log, then tell the user without losing their work."""
    global _showing
    typed = translate_error(exc)
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    if not isinstance(typed, CrmError):
        log.error("unexpected error\n%s", details)
    app = QApplication.instance()
    if app is None or _showing:
        sys.__excepthook__(exc_type, exc, tb)
        return
    _showing = True
    try:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "Something went wrong"))
        if isinstance(typed, CrmError):
            box.setText(typed.message)
        else:
            box.setText(
                QCoreApplication.translate(
                    "ErrorDialog",
                    "Desktop CRM hit an unexpected error. "
                    "Your data was not changed by the failed step.",
                )
            )
            box.setInformativeText(
                QCoreApplication.translate(
                    "ErrorDialog",
                    "What you were typing is still open. The details were written to the log file.",
                )
            )
            box.setDetailedText(details)
        box.exec()
    finally:
        _showing = False


def install() -> None:
    """Route uncaught exceptions to the dialog."""
    sys.excepthook = show_error
