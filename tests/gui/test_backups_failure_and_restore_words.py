"""Automatic backups that fail are told (visibly, once per streak, and on close); storage
errors are shown in the interface's language; the restore question names the file; a second
`--demo` does not throw away the first one's open database."""

from __future__ import annotations

import hashlib
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm.db import default_backup_dir
from desktop_crm.services import backup
from desktop_crm.services import customers as svc
from desktop_crm.services.instance import acquire_database_lock, release_database_lock
from desktop_crm.views.backups_page import BackupsPage
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import JobRunner

NOW = datetime(2026, 11, 22, 10, 0)


class _Marking(QTranslator):
    """A translator that marks every StorageErrors and BackupsPage text it is asked for."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001
        if context in ("StorageErrors", "BackupsPage"):
            return "译:" + source
        return ""  # no translation


@pytest.fixture
def marked(app):
    t = _Marking()
    QCoreApplication.installTranslator(t)
    yield t
    QCoreApplication.removeTranslator(t)


@pytest.fixture
def page(qtbot, app, db_path, ui_state) -> BackupsPage:
    w = BackupsPage(JobRunner(synchronous=True), ui_state)
    qtbot.addWidget(w)
    w.show()
    return w


def _break_folder(db_path: Path) -> Path:
    folder = default_backup_dir(db_path)
    shutil.rmtree(folder, ignore_errors=True)
    folder.write_text("oops, a file where the folder should be")
    return folder


def _auto(qtbot, page: BackupsPage) -> None:
    job = page.auto_backup()
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass


def test_a_failing_automatic_backup_is_told_once_and_stays_visible(
    qtbot, page: BackupsPage, db_path: Path, answers: list[str]
) -> None:
    folder = _break_folder(db_path)
    svc.create_customer(svc.CustomerInput("新客户王五"), today=NOW.date(), now=NOW)
    _auto(qtbot, page)
    assert page.warning_label.isVisible() and page.warning() is not None
    assert str(folder) in page.warning_label.text()
    assert "a file of that name stands there" in page.warning_label.text()
    assert not page.status_label.isHidden()
    assert "No backups yet. Back up now" not in page.empty_label.text()
    assert len(answers) == 1 and answers[0].startswith("warning:") and str(folder) in answers[0]
    # Thirty minutes later it fails again: still shown, no second message.
    _auto(qtbot, page)
    assert len(answers) == 1 and page.warning_label.isVisible()
    # Closing with the folder still broken says so.
    assert page.backup_on_close() is False
    assert len(answers) == 2 and "closing backup" in answers[1] and str(folder) in answers[1]
    # The folder is mended: the next backup works and the warning goes.
    folder.unlink()
    _auto(qtbot, page)
    assert page.warning() is None and page.warning_label.isHidden()
    assert page.status_label.isHidden() and page.model.rowCount() == 1
    # A new streak gets its message again.
    shutil.rmtree(folder)
    folder.write_text("again")
    svc.create_customer(svc.CustomerInput("又一个"), today=NOW.date(), now=NOW)
    _auto(qtbot, page)
    assert len(answers) == 3


def test_the_main_window_routes_its_backups_through_the_page(
    qtbot, app, db_path: Path, ui_state, answers: list[str]
) -> None:
    from desktop_crm.views.main_window import MainWindow

    w = MainWindow(db_path, ui_state, runner=JobRunner(synchronous=True))
    qtbot.addWidget(w)
    w.show()
    _break_folder(db_path)
    svc.create_customer(svc.CustomerInput("新客户王五"), today=NOW.date(), now=NOW)
    w._on_backup_timer_timeout()
    qtbot.waitUntil(lambda: w.backups_page.warning() is not None, timeout=10000)
    assert len(answers) == 1
    assert w.backups_page.status_label.isVisible()
    w.close()
    assert len(answers) == 2


def test_storage_errors_are_translated(marked) -> None:
    refused = "/d/x.db is not a database file (not a Desktop CRM backup). It was not changed."
    assert storage_error_text(refused) == (
        "译:/d/x.db is not a database file (not a Desktop CRM backup). It was not changed."
    )
    locked = (
        "/d/crm.db is already open in PID 42 on host shop (gui, since 2026-11-22 10:00:00). "
        "Close it there first; nothing was changed."
    )
    assert storage_error_text(locked).startswith("译:/d/crm.db is already open in PID 42 on host")
    nested = (
        "The database is open read-only (the file /d/a%1.db is read-only): nothing can be changed."
    )
    assert storage_error_text(nested) == (
        "译:The database is open read-only (译:the file /d/a%1.db is read-only): nothing can be "
        "changed."
    )
    assert storage_error_text("something else") == "something else"


def test_a_refused_restore_is_worded_in_the_interface_language(
    page: BackupsPage, tmp_path: Path, answers: list[str], marked
) -> None:
    text = tmp_path / "notes.db"
    text.write_bytes(b"x" * 1000)  # not whole pages: not an encrypted database either
    page.restore(text)
    # …and says what the merchant worries about: their own data is as it was.
    assert answers == [f"warning: 译:{text} is not a database file (not a Desktop CRM backup). "
                       "It was not changed. 译:Nothing was restored: your data is as it was."]  # fmt: skip


def test_the_restore_question_names_the_file(qtbot, page: BackupsPage, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    info = backup.make_backup("manual", now=NOW)
    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(50, look)
    page.restore(info.path)
    assert seen and str(info.path) in seen[0] and "2026-11-22 10:00" in seen[0]


@pytest.fixture
def app_module(app, monkeypatch):  # noqa: ANN001, ANN201
    """desktop_crm.app, whose run_app set-up would outlive the test (translators on the shared
    QApplication, log handlers, the excepthook): kept to the test."""
    from desktop_crm import app as module

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(module, "install_translators", lambda *a, **k: [])
    monkeypatch.setattr(module, "setup_logging", lambda *a, **k: None)
    return module


def test_a_second_demo_leaves_the_first_ones_database(app_module, answers: list[str]) -> None:
    from desktop_crm.db import default_data_dir, ensure_private_dir

    data = default_data_dir()
    ensure_private_dir(data)
    demo = data / app_module.DEMO_FILE
    demo.write_bytes(b"the first demo's open database")
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    held = acquire_database_lock(demo, "gui")
    try:
        assert app_module.run_app(None, demo=True) == 3
    finally:
        release_database_lock(held)
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before
    assert len(answers) == 1 and "already open" in answers[0]


def test_another_programs_database_is_refused_and_left_alone(
    app_module, tmp_path: Path, answers: list[str]
) -> None:
    # The window refused it ("belongs to another program … not changed") but left app.db.lock
    # beside it in the other program's folder.
    import sqlite3

    folder = tmp_path / "otherapp"
    folder.mkdir()
    with sqlite3.connect(folder / "app.db") as con:
        con.execute("CREATE TABLE t (x)")
    con.close()
    assert app_module.run_app(folder / "app.db") == 2
    assert len(answers) == 1 and "another program" in answers[0]
    assert sorted(p.name for p in folder.iterdir()) == ["app.db"]
