"""The customer export dialog, driven as a user would: columns, format, encoding, contacts."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QListWidget, QProgressDialog

from desktop_crm.services import customer_list, segments
from desktop_crm.services import customers as svc
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.exports import DEFAULT_COLUMNS, unneutralise
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.export_dialog import ExportDialog
from desktop_crm.views.jobs import JobRunner

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
PEOPLE = {
    "alice": ("广东省", "深圳市", [("2026-11-10", 50000), ("2026-10-01", 30000)]),
    "bob": ("浙江省", "杭州市", [("2026-01-05", 5000)]),
    "carol": ("广东省", "广州市", [("2026-11-15", 8000)]),
}


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    orders, n = [], 0
    for buyer, (province, city, bought) in PEOPLE.items():
        for day, paid in bought:
            n += 1
            orders.append(
                ParsedOrder(
                    row=n,
                    platform="taobao",
                    order_no=str(8100000000000000000 + n),
                    ordered_at=datetime.fromisoformat(f"{day} 09:00"),
                    status="completed",
                    paid=paid,
                    currency="CNY",
                    buyer_key=buyer,
                    buyer_name=buyer,
                    real_name=buyer.title(),
                    phone=f"1390013{n:04d}",
                    province=province,
                    city=city,
                    address="人民路1号",
                    item_summary="香皂",
                )
            )
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611221000.csv")
    engine.import_file(path, now=NOW, today=TODAY)
    rows = customer_list.fetch_rows(customer_list.list_ids(CustomerFilter()))
    return {r.display_name: r.id for r in rows.values()}


def _dialog(qtbot, ui_state, **kwargs) -> ExportDialog:
    dialog = ExportDialog(JobRunner(synchronous=True), ui_state, today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _toggle(qtbot, columns: QListWidget, key: str) -> None:
    """Move to a column's row and press Space, as a keyboard user does."""
    for row in range(columns.count()):
        if columns.item(row).data(Qt.ItemDataRole.UserRole) == key:
            columns.setFocus()
            columns.setCurrentRow(row)
            qtbot.keyClick(columns.viewport(), Qt.Key.Key_Space)
            return
    raise AssertionError(key)


def _wait_job_done(qtbot, dialog: ExportDialog) -> None:
    """Let the job's queued progress and finish events reach the progress dialog."""
    qtbot.waitUntil(lambda: dialog.findChild(QProgressDialog) is None, timeout=5000)


def _save_as(monkeypatch, path: Path) -> list[str]:
    suggested: list[str] = []

    def fake(parent, caption, folder, filters, *a, **k):  # noqa: ANN001
        suggested.append(folder)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return suggested


def test_defaults_and_name_always_included(qtbot, app, ui_state, shop) -> None:
    dialog = _dialog(qtbot, ui_state, flt=CustomerFilter(province="广东省"))
    assert "2 customer(s)" in dialog.count_label.text()
    assert set(dialog.chosen_columns()) == set(DEFAULT_COLUMNS)  # this database has tiers
    assert dialog.xlsx_radio.isChecked() and not dialog.encoding_combo.isEnabled()
    assert not dialog.full_contact_check.isChecked() and dialog.full_contact_warning.isHidden()
    _toggle(qtbot, dialog.columns_list, "display_name")  # cannot be unticked
    assert "display_name" in dialog.chosen_columns()
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen_columns() == ["display_name"]
    qtbot.mouseClick(dialog.defaults_button, Qt.MouseButton.LeftButton)
    assert set(dialog.chosen_columns()) == set(DEFAULT_COLUMNS)


def test_export_xlsx_with_the_chosen_columns(
    qtbot, app, ui_state, shop, tmp_path, monkeypatch, answers
) -> None:
    dialog = _dialog(qtbot, ui_state, flt=CustomerFilter(province="广东省"))
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    for key in ("phone", "total_net", "rfm_class", "email"):
        _toggle(qtbot, dialog.columns_list, key)
    _toggle(qtbot, dialog.columns_list, "email")  # changed my mind
    dialog.header_combo.setCurrentIndex(dialog.header_combo.findData("keys"))
    suggested = _save_as(monkeypatch, tmp_path / "guangdong")  # no suffix typed
    with qtbot.waitSignal(dialog.exported, timeout=5000) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    _wait_job_done(qtbot, dialog)
    result = done.args[0]
    out = tmp_path / "guangdong.xlsx"
    assert result.path == out and result.rows == 2 and out.exists()
    assert suggested[0].endswith(f"customers-{TODAY.isoformat()}.xlsx")
    assert any("Exported 2 customer(s)" in a for a in answers)
    assert not dialog.isVisible()
    sheet = openpyxl.load_workbook(out).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["display_name", "phone", "total_net", "rfm_class"]
    assert [r[0] for r in rows[1:]] == ["alice", "carol"]
    assert rows[1][1] == "139****0001"  # masked: full contact was off
    assert float(rows[1][2]) == 800.0

    # The choices are remembered for the next export.
    again = _dialog(qtbot, ui_state, flt=CustomerFilter())
    assert again.chosen_columns() == ["display_name", "phone", "total_net", "rfm_class"]
    assert again.header_combo.currentData() == "keys"
    assert ui_state.last_folder("export") == str(tmp_path)


def test_export_csv_gbk_with_full_contact_of_a_segment(
    qtbot, app, ui_state, shop, tmp_path, monkeypatch, answers
) -> None:
    segments.save_segment("广东客户", CustomerFilter(province="广东省"), now=NOW)
    svc.create_customer(svc.CustomerInput("=cmd|calc"), today=TODAY, now=NOW)
    dialog = _dialog(qtbot, ui_state, segment="广东客户")
    assert (
        "广东客户" in dialog.summary_label.text() and "2 customer(s)" in dialog.count_label.text()
    )
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    _toggle(qtbot, dialog.columns_list, "phone")
    _toggle(qtbot, dialog.columns_list, "city")
    qtbot.mouseClick(dialog.csv_radio, Qt.MouseButton.LeftButton)
    assert dialog.encoding_combo.isEnabled()
    dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("gbk"))
    dialog.header_combo.setCurrentIndex(dialog.header_combo.findData("zh"))
    dialog.full_contact_check.setFocus()
    qtbot.keyClick(dialog.full_contact_check, Qt.Key.Key_Space)
    assert dialog.full_contact_check.isChecked() and not dialog.full_contact_warning.isHidden()
    suggested = _save_as(monkeypatch, tmp_path / "gd.csv")
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    _wait_job_done(qtbot, dialog)
    assert Path(suggested[0]).name == f"广东客户-{TODAY.isoformat()}.csv"
    with open(tmp_path / "gd.csv", encoding="gbk", newline="") as fh:
        rows = [[unneutralise(c) for c in r] for r in csv.reader(fh)]
    assert rows == [["客户名", "手机", "城市"], ["alice", "13900130001", "深圳市"],
                    ["carol", "13900130004", "广州市"]]  # fmt: skip
    again = _dialog(qtbot, ui_state, flt=CustomerFilter())
    assert again.csv_radio.isChecked() and again.full_contact_check.isChecked()
    assert again.encoding_combo.currentData() == "gbk"
