"""Privacy from the GUI: export a customer's data, erase them, review inactive customers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop_crm.models import Customer
from desktop_crm.services import customers as svc
from desktop_crm.services.settings import get_setting
from desktop_crm.views.customers_page import CustomersPage
from desktop_crm.views.privacy_page import PrivacyPage, RetentionDialog

NOW = datetime.now().replace(microsecond=0)


@pytest.fixture
def page(qtbot, app, db_path, ui_state, monkeypatch) -> CustomersPage:
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    svc.create_customer(
        svc.CustomerInput("要导出的人", phone="13912345678"), today=NOW.date(), now=NOW
    )
    w = CustomersPage(ui_state)
    qtbot.addWidget(w)
    w.show()
    w.select_customer(w.model.id_at(0))
    return w


def test_export_from_the_customer_page(qtbot, page, tmp_path, monkeypatch) -> None:
    target = tmp_path / "person.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.detail.export_action.trigger()
    data = json.loads(target.read_text("utf-8"))
    assert data["tables"]["customer"][0]["display_name"] == "要导出的人"
    assert target.with_suffix(".xlsx").exists()


def test_erase_after_confirmation(qtbot, page) -> None:
    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "cannot be brought back" in box.informativeText()
        next(b for b in box.buttons() if b.text() == "Erase").click()

    QTimer.singleShot(50, confirm)
    page.detail.erase_action.trigger()
    assert Customer.select().count() == 0 and page.model.rowCount() == 0


def test_an_erasure_left_to_finish_still_lets_the_person_go(qtbot, page, monkeypatch) -> None:
    # The erasure was committed but the file's rewrite failed (a full disk): the page kept
    # listing the erased person, as if nothing had happened.
    from desktop_crm.services import privacy

    real = privacy.erase_person
    warned: list[str] = []

    def erase_then_fail(customer_id, *, now):  # noqa: ANN001, ANN202
        result = real(customer_id, now=now)
        raise privacy.ErasureUnfinished(f"Customer {customer_id} was erased, but …", [result])

    monkeypatch.setattr(privacy, "erase_person", erase_then_fail)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        next(b for b in box.buttons() if b.text() == "Erase").click()

    QTimer.singleShot(50, confirm)
    page.detail.erase_action.trigger()
    assert warned and "was erased" in warned[0]
    assert Customer.select().count() == 0 and page.model.rowCount() == 0


def test_retention_review_erases_the_selected(qtbot, app, db_path, monkeypatch) -> None:
    svc.create_customer(
        svc.CustomerInput("老客户"), today=NOW.date(), now=NOW - timedelta(days=900)
    )
    svc.create_customer(svc.CustomerInput("新客户"), today=NOW.date(), now=NOW)
    settings = PrivacyPage()
    qtbot.addWidget(settings)
    settings.months.setValue(24)
    settings.apply()
    assert get_setting("retention_months") == 24
    dialog = RetentionDialog(24)
    qtbot.addWidget(dialog)
    assert [r.display_name for r in dialog.model.items()] == ["老客户"]
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    dialog.erase_button.click()
    assert dialog.erased == 1
    assert [c.display_name for c in Customer.select()] == ["新客户"]


def test_a_review_erasure_left_to_finish_still_counts_them_erased(
    qtbot, app, db_path, monkeypatch
) -> None:
    from desktop_crm.services import privacy

    svc.create_customer(
        svc.CustomerInput("老客户"), today=NOW.date(), now=NOW - timedelta(days=900)
    )
    real = privacy.erase_people

    def erase_then_fail(ids, *, now):  # noqa: ANN001, ANN202
        results = real(ids, now=now)
        raise privacy.ErasureUnfinished("1 customers were erased, but …", results)

    monkeypatch.setattr(privacy, "erase_people", erase_then_fail)
    warned: list[str] = []

    def warning(*a, **k):  # noqa: ANN002, ANN003, ANN202
        warned.append(a[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    dialog = RetentionDialog(24)
    qtbot.addWidget(dialog)
    dialog.erase_button.click()
    # Said, and the erased go from every view (people_erased follows from erased_ids).
    assert "were erased" in warned[-1] and dialog.erased_ids and Customer.select().count() == 0


def test_retention_review_with_nobody_inactive_says_so(qtbot, app, db_path) -> None:  # noqa: ANN001
    # "0 customers have had no activity for 6 months … Erase the selected ones?" over an
    # empty table.
    svc.create_customer(svc.CustomerInput("新客户"), today=NOW.date(), now=NOW)
    dialog = RetentionDialog(6)
    qtbot.addWidget(dialog)
    assert dialog.label.text().startswith("Nobody has been inactive for 6 months")
    assert dialog.table.isHidden() and not dialog.erase_button.isEnabled()
