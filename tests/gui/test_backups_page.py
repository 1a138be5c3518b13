"""The Backups page: back up now, see the list, restore after confirming."""

from __future__ import annotations

from datetime import datetime

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm.models import Customer
from desktop_crm.services import customers as svc
from desktop_crm.views.backups_page import BackupsPage
from desktop_crm.views.jobs import JobRunner

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def page(qtbot, app, db_path, ui_state, monkeypatch) -> BackupsPage:
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    w = BackupsPage(JobRunner(synchronous=True), ui_state)
    qtbot.addWidget(w)
    w.show()
    return w


def test_backup_now_then_restore_it(qtbot, page: BackupsPage) -> None:
    svc.create_customer(svc.CustomerInput("备份前的客户"), today=NOW.date(), now=NOW)
    page.backup_button.click()
    assert page.model.rowCount() == 1
    info = page.model.item(0)
    assert info.customers == 1 and info.reason == "manual"
    svc.create_customer(svc.CustomerInput("之后加的"), today=NOW.date(), now=NOW)
    assert Customer.select().count() == 2
    assert not page.restore_button.isEnabled()  # nothing selected: it would do nothing
    page.table.selectRow(0)
    assert page.restore_button.isEnabled()

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "1 customers" in box.informativeText()
        next(b for b in box.buttons() if b.text() == "Restore").click()

    QTimer.singleShot(50, confirm)
    with qtbot.waitSignal(page.restored, timeout=10000):
        page.restore_button.click()
    assert [c.display_name for c in Customer.select()] == ["备份前的客户"]
    # The replaced data was kept, and a backup was made before restoring.
    assert any(b.reason == "before-restore" for b in page.model.items())
