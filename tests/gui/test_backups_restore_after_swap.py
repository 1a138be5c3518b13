"""The window after a restore that failed past the swap (services/backup._take_back): the data
put back is shown as it was; restored data that could not be put back is shown, with where the
data from before is; with no database open at all, the window closes."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm.services import backup as bk
from desktop_crm.services import customers as svc
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.main_window import MainWindow

NOW = datetime(2026, 11, 22, 10, 0)
EIO = OSError(errno.EIO, "Input/output error")


@pytest.fixture
def window(qtbot, app, db_path: Path, ui_state) -> MainWindow:
    svc.create_customer(svc.CustomerInput("备份前的客户"), today=NOW.date(), now=NOW)
    w = MainWindow(db_path, ui_state, runner=JobRunner(synchronous=True))
    qtbot.addWidget(w)
    w.show()
    return w


def _restore_confirmed(page, path: Path) -> None:
    def confirm() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, confirm)
            return
        next(b for b in box.buttons() if b.text() == "Restore").click()

    QTimer.singleShot(20, confirm)
    page.restore(path)


def _later_customer() -> Path:
    backup = bk.make_backup("manual", now=NOW).path
    svc.create_customer(svc.CustomerInput("之后加的"), today=NOW.date(), now=NOW)
    return backup


def test_data_put_back_is_said_to_be_as_it_was(
    window: MainWindow, db_path: Path, answers: list[str], fail_calls
) -> None:
    backup = _later_customer()
    fail_calls(bk, "fsync_dir", EIO, times=1, on=db_path.parent)
    _restore_confirmed(window.backups_page, backup)
    assert answers == [
        f"warning: {db_path} could not be written: Input/output error. The restore was taken "
        "back: your data is as it was."
    ]
    window.customers_page.refresh()
    assert window.customers_page.model.rowCount() == 2
    svc.create_customer(svc.CustomerInput("还能写"), today=NOW.date(), now=NOW)


def test_restored_data_that_could_not_be_put_back_is_shown(
    qtbot, window: MainWindow, db_path: Path, answers: list[str], fail_calls
) -> None:
    backup = _later_customer()
    window.customers_page.refresh()
    assert window.customers_page.model.rowCount() == 2
    fail_calls(bk, "fsync_dir", EIO, times=1, on=db_path.parent)
    fail_calls(bk, "_put_back", EIO, times=1)
    _restore_confirmed(window.backups_page, backup)
    assert len(answers) == 1 and answers[0].startswith("warning: The backup was restored, but")
    assert f"kept as {db_path}.pre-restore." in answers[0]
    qtbot.waitUntil(lambda: window.customers_page.model.rowCount() == 1, timeout=5000)
    assert window.isVisible()


def test_with_no_database_open_the_window_closes_without_its_closing_backup(
    qtbot, window: MainWindow, db_path: Path, answers: list[str], fail_calls
) -> None:
    backup = _later_customer()
    fail_calls(bk, "open_database", peewee.DatabaseError("disk I/O error"), times=9)
    fail_calls(bk, "_put_back", EIO, times=1)
    _restore_confirmed(window.backups_page, backup)
    assert len(answers) == 1 and answers[0].startswith(
        "critical: The database could not be opened after the restore:"
    )
    assert answers[0].endswith("Desktop CRM will close now.")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert len(answers) == 1  # no "closing backup failed" on top
