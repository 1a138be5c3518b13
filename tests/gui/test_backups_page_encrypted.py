"""The Backups page with an encrypted database: a backup made under an older passphrase asks
for it, and a restore keeps the database's current protection."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from desktop_crm.db import close_database, current_passphrase, open_database
from desktop_crm.models import Customer
from desktop_crm.services import customers as svc
from desktop_crm.services import encryption as enc
from desktop_crm.views.backups_page import BackupsPage
from desktop_crm.views.jobs import JobRunner

NOW = datetime(2026, 11, 22, 10, 0)
FIRST = "first-pass-1"
SECOND = "second-pass-2"


def _protect(path: Path, old: str | None, new: str | None) -> None:
    close_database()
    enc.change_encryption(path, old, new)
    open_database(path, passphrase=new)


def _add(name: str) -> None:
    svc.create_customer(svc.CustomerInput(name), today=NOW.date(), now=NOW)


@pytest.fixture
def page(qtbot, app, db_path, ui_state, answers) -> BackupsPage:
    w = BackupsPage(JobRunner(synchronous=True), ui_state)
    qtbot.addWidget(w)
    w.show()
    return w


class _Asked(list[str]):
    """The questions QInputDialog.getText was asked; it answers from `replies` (then Cancel)."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: list[tuple[str, bool]] = []


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> _Asked:
    questions = _Asked()
    replies = questions.replies

    def get_text(parent, title, label, echo=QLineEdit.EchoMode.Normal, *a, **k):  # noqa: ANN001
        assert echo == QLineEdit.EchoMode.Password  # never shown in clear
        questions.append(label)
        return replies.pop(0) if replies else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return questions


def _confirm_later(seen: list[str]) -> None:
    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.informativeText())
        next(b for b in box.buttons() if b.text() == "Restore").click()

    QTimer.singleShot(50, confirm)


def _cell(page: BackupsPage, row: int, title: str) -> str:
    columns = [page.model.headerData(c, _horizontal()) for c in range(page.model.columnCount())]
    return page.model.data(page.model.index(row, columns.index(title)))


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_an_old_backup_asks_for_its_passphrase(
    qtbot, page: BackupsPage, db_path: Path, asked, answers
) -> None:
    _add("备份前的客户")
    _protect(db_path, None, FIRST)
    page.backup_button.click()
    _protect(db_path, FIRST, SECOND)
    _add("之后加的")
    page.refresh()
    assert page.model.rowCount() == 1
    # The row says why it shows no counts, and Restore… is offered.
    assert _cell(page, 0, "Customers") == "encrypted with another passphrase"
    page.table.selectRow(0)
    assert page.restore_button.isEnabled()

    # Cancel at the question: nothing happens, no warning.
    page.restore_button.click()
    assert len(asked) == 1 and "another passphrase" in asked[0]
    assert not [a for a in answers if a.startswith("warning")]
    assert Customer.select().count() == 2

    # A wrong passphrase says so and asks again; the right one restores.
    asked.replies.extend([("not-the-one", True), (FIRST, True)])
    seen: list[str] = []
    _confirm_later(seen)
    with qtbot.waitSignal(page.restored, timeout=20000):
        page.restore_button.click()
    assert "does not open" in asked[2]
    assert len(asked) == 3
    assert "1 customers" in seen[0]
    assert "current passphrase" in seen[0]
    assert [c.display_name for c in Customer.select()] == ["备份前的客户"]
    # The database keeps the passphrase the app and scripts know.
    assert current_passphrase() == SECOND
    close_database()
    assert enc.check_passphrase(db_path, SECOND) and not enc.check_passphrase(db_path, FIRST)
    open_database(db_path, passphrase=SECOND)


def test_a_plain_backup_restored_into_an_encrypted_database_is_encrypted(
    qtbot, page: BackupsPage, db_path: Path, asked
) -> None:
    _add("明文备份里的客户")
    page.backup_button.click()
    _protect(db_path, None, FIRST)
    _add("之后加的")
    page.refresh()
    assert _cell(page, 0, "Customers") == "1"
    page.table.selectRow(0)
    seen: list[str] = []
    _confirm_later(seen)
    with qtbot.waitSignal(page.restored, timeout=20000):
        page.restore_button.click()
    assert asked == []  # a plain backup needs no passphrase
    assert "encrypted with the database's current passphrase" in seen[0]
    assert [c.display_name for c in Customer.select()] == ["明文备份里的客户"]
    assert current_passphrase() == FIRST
    close_database()
    assert enc.is_encrypted(db_path) and enc.check_passphrase(db_path, FIRST)
    open_database(db_path, passphrase=FIRST)
