"""The import wizard end to end: drop, preview, map, dry run, import, cancel, save, undo."""

from __future__ import annotations

import csv
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox, QFileDialog

from desktop_crm.models import Customer, ImportBatch, Order
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.profiles import find_mapping
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.import_wizard import MAPPED, ImportWizard
from desktop_crm.views.jobs import JobRunner

NOW = datetime(2026, 11, 22, 10, 0)


def _taobao(folder: Path, bad: bool = False) -> Path:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(8000000000000000000 + i),
            ordered_at=datetime(2026, 10, 1, 9, 0) + timedelta(days=i), status="completed",
            paid=1000 * (i + 1), currency="CNY", buyer_key=f"淘宝买家{i % 2}", buyer_name=f"淘宝买家{i % 2}",
        )
        for i in range(5)
    ]  # fmt: skip
    path = write_export(
        "taobao", orders, folder / "ExportOrderList202610010900.csv", encoding="utf-8"
    )
    if bad:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[3] = lines[3].replace("2026-10-03", "2026-02-30")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sheet(folder: Path) -> Path:
    path = folder / "手工账本.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["单号", "日期", "客户", "收款"])
        w.writerow(["M-1", "2026-10-02 10:00", "老王", "88.00"])
        w.writerow(["M-2", "2026-10-03 11:00", "老李", "120"])
    return path


@pytest.fixture
def wizard(qtbot, app, db_path, ui_state) -> ImportWizard:
    w = ImportWizard(JobRunner(synchronous=True), ui_state)
    qtbot.addWidget(w)
    w.show()
    return w


def _drop(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    widget.dropEvent(event)


def _preview_rows(w: ImportWizard) -> list[list[str]]:
    m = w.preview_model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_drop_preview_dry_run_import(qtbot, wizard: ImportWizard, tmp_path: Path) -> None:
    path = _taobao(tmp_path, bad=True)
    _drop(wizard, [path])
    assert wizard.files.rowCount() == 1
    assert "Taobao" in wizard.files.item(0, 1).text()
    rows = _preview_rows(wizard)
    assert len(rows) == 5
    skipped = [r for r in rows if r[-1]]
    assert len(skipped) == 1 and skipped[0][0] == "4" and skipped[0][-1]
    assert "1 rows will be skipped" in wizard.preview_label.text()
    wizard.dry_run_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert wizard.result.dry_run and Order.select().count() == 0
    assert wizard.receipts_model.item(0).orders_added == 4
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert not wizard.result.dry_run and wizard.receipts_model.rowCount() == 1
    assert Order.select().count() == 4 and Customer.select().count() == 2
    assert wizard.rejected_model.rowCount() == 1


def test_a_dropped_detail_file_rides_with_its_order_file(wizard, tmp_path: Path) -> None:
    # Dropping both Taobao files: the 宝贝报表 is joined by the order file's import, so it is not
    # listed as a file of its own (which its import would refuse as 'item lines only').
    path = _taobao(tmp_path)
    detail = path.with_name(path.name.replace("ExportOrderList", "ExportOrderDetailList"))
    detail.write_text("订单编号,标题,价格,购买数量,商品属性,订单状态,商家编码\n", encoding="utf-8")
    _drop(wizard, [detail, path])
    assert [e.path for e in wizard.entries] == [path]


def test_saving_skipped_rows_as_xlsx(qtbot, wizard, tmp_path, monkeypatch) -> None:
    _drop(wizard, [_taobao(tmp_path, bad=True)])
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.rejected_model.rowCount() == 1, timeout=5000)
    target = tmp_path / "skipped.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard.save_rejected_button.click()
    sheet = zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()
    assert "ExportOrderList202610010900.csv" in sheet and "<f>" not in sheet


def test_unknown_layout_mapped_saved_and_imported(qtbot, wizard, tmp_path) -> None:
    path = _sheet(tmp_path)
    _drop(wizard, [path])
    assert "Unknown layout" in wizard.files.item(0, 1).text()
    # The guess needs an amount column: the merchant maps 收款 by hand.
    wizard.tabs.setCurrentIndex(1)
    combo: QComboBox = wizard.mapping_combos["paid"]
    combo.setCurrentIndex(combo.findData("收款"))
    combo.activated.emit(combo.currentIndex())
    buyer: QComboBox = wizard.mapping_combos["buyer"]
    buyer.setCurrentIndex(buyer.findData("客户"))
    buyer.activated.emit(buyer.currentIndex())
    assert wizard.entries[0].choice == MAPPED
    assert [r[1] for r in _preview_rows(wizard)] == ["M-1", "M-2"]
    wizard.mapping_name.setText("手工账本")
    from PySide6.QtWidgets import QMessageBox

    answered: list[str] = []
    original = QMessageBox.information
    QMessageBox.information = staticmethod(lambda *a, **k: answered.append(a[2]))
    try:
        wizard.save_mapping_button.click()
    finally:
        QMessageBox.information = original
    assert answered and find_mapping(wizard.entries[0].detection.header).name == "手工账本"
    wizard.import_button.click()
    qtbot.waitUntil(lambda: Order.select().count() == 2, timeout=5000)
    assert Customer.select().where(Customer.display_name == "老王").count() == 1


def test_forcing_the_wrong_platform_names_missing_columns(qtbot, wizard, tmp_path) -> None:
    _drop(wizard, [_taobao(tmp_path)])
    combo: QComboBox = wizard.files.cellWidget(0, 2)
    combo.setCurrentIndex(combo.findData("shopify"))
    combo.activated.emit(combo.currentIndex())
    assert "missing columns" in wizard.preview_label.text()


def test_cancel_changes_nothing(qtbot, wizard, tmp_path, monkeypatch) -> None:
    _drop(wizard, [_taobao(tmp_path)])
    original = wizard._runner.submit

    def submit_and_cancel(fn):
        job = original(fn)
        job.cancel()
        return job

    monkeypatch.setattr(wizard._runner, "submit", submit_and_cancel)
    wizard.import_button.click()
    qtbot.waitUntil(lambda: "cancelled" in wizard.result_label.text(), timeout=5000)
    assert Order.select().count() == 0 and ImportBatch.select().count() == 0


def test_undo_after_the_wizard(qtbot, wizard, tmp_path) -> None:
    _drop(wizard, [_taobao(tmp_path)])
    wizard.import_button.click()
    qtbot.waitUntil(lambda: Order.select().count() == 5, timeout=5000)
    engine.undo_batch(engine.last_undoable_batch(), now=NOW)
    assert Order.select().count() == 0 and Customer.select().count() == 0


def test_import_waits_for_a_file_it_can_read(wizard: ImportWizard, tmp_path: Path) -> None:
    # With only unreadable files listed, Import and Dry run stayed enabled and only reported
    # each file again.
    junk = tmp_path / "photo.csv"
    junk.write_bytes(b"\x00\x01\x02\x03" * 200)
    _drop(wizard, [junk])
    assert wizard.files.rowCount() == 1
    assert not wizard.import_button.isEnabled() and not wizard.dry_run_button.isEnabled()
    _drop(wizard, [_taobao(tmp_path)])
    assert wizard.import_button.isEnabled() and wizard.dry_run_button.isEnabled()
