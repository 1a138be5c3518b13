"""The import wizard end to end: drop, preview, map, dry run, import, cancel, save, undo."""

from __future__ import annotations

import csv
import json
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog

from desktop_crm.models import Customer, ImportBatch, Order
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.mapping import load_mapping, mapping_parser
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
    """The wizard of a store in yuan (a new store is asked for its mapped amounts' currency)."""
    from desktop_crm.services.settings import set_setting

    set_setting("currency", "CNY")
    return _new_wizard(qtbot, ui_state)


def _new_wizard(qtbot, ui_state) -> ImportWizard:
    w = ImportWizard(JobRunner(synchronous=True), ui_state)
    qtbot.addWidget(w)
    w.show()
    return w


def test_a_new_store_is_not_asked_when_every_amount_names_its_currency(
    qtbot, app, db_path, ui_state, tmp_path
) -> None:
    # "¥88.00", "120元": the amounts say it; the CLI imports them as they are, so does this.
    from desktop_crm.services import currency

    path = tmp_path / "手工账本.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([["单号", "日期", "客户", "收款", "实收"],
                     ["M-1", "2026-10-02 10:00", "老王", "¥88.00", "88"],
                     ["M-2", "2026-10-03 11:00", "老李", "120元", "120"]])  # fmt: skip
    wizard = _new_wizard(qtbot, ui_state)
    _drop(wizard, [path])
    _map(wizard, paid="实收", buyer="客户")  # no sign: asked
    assert wizard.entries[0].mapping is None
    assert "Choose which currency the amounts are in" in wizard.preview_label.text()
    _map(wizard, paid="收款")  # the column with the signs
    assert wizard.entries[0].mapping is not None
    assert [r[1] for r in _preview_rows(wizard)] == ["M-1", "M-2"]
    wizard.import_button.click()
    qtbot.waitUntil(lambda: Order.select().count() == 2, timeout=5000)
    assert currency.store_currency() == "CNY"


def test_a_new_stores_mapped_orders_need_their_currency(
    qtbot, app, db_path, ui_state, tmp_path
) -> None:
    # Its first import sets the store currency: yuan amounts must not become dollars later.
    from desktop_crm.services import currency

    wizard = _new_wizard(qtbot, ui_state)
    _drop(wizard, [_sheet(tmp_path)])
    wizard.tabs.setCurrentIndex(1)
    _map(wizard, paid="收款", buyer="客户")
    assert wizard.entries[0].mapping is None
    assert "Choose which currency the amounts are in" in wizard.preview_label.text()
    amounts = wizard.amounts_currency
    assert amounts is not None and amounts.currentText() == "Choose…"
    amounts.setCurrentIndex(amounts.findData("CNY"))
    amounts.activated.emit(amounts.currentIndex())
    _settle(wizard)
    assert [r[1] for r in _preview_rows(wizard)] == ["M-1", "M-2"]
    wizard.import_button.click()
    qtbot.waitUntil(lambda: Order.select().count() == 2, timeout=5000)
    assert currency.store_currency() == "CNY"
    assert {o.currency for o in Order.select()} == {"CNY"}


def test_a_second_sheet_waiting_for_the_currency_is_imported_once_the_first_set_it(
    qtbot, app, db_path, ui_state, tmp_path
) -> None:
    # Both sheets asked for "Amounts in"; the merchant chose CNY on the first only. Its import
    # set the store's currency, yet the second was dropped without a word ("Import finished.").
    from desktop_crm.services import currency

    first = _sheet(tmp_path)
    second = tmp_path / "十一月账本.csv"
    with open(second, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["单号", "日期", "客户", "收款"],
                                  ["N-1", "2026-11-02 10:00", "老赵", "66.00"]])  # fmt: skip
    wizard = _new_wizard(qtbot, ui_state)
    _drop(wizard, [first, second])
    for row in (1, 0):
        wizard.files.selectRow(row)
        _settle(wizard)
        wizard.tabs.setCurrentIndex(1)
        _map(wizard, paid="收款", buyer="客户")
        assert "Choose which currency the amounts are in" in wizard.preview_label.text()
    amounts = wizard.amounts_currency
    amounts.setCurrentIndex(amounts.findData("CNY"))
    amounts.activated.emit(amounts.currentIndex())
    _settle(wizard)
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.result is not None and not wizard._queue, timeout=5000)
    _settle(wizard)
    assert sorted(o.order_no for o in Order.select()) == ["M-1", "M-2", "N-1"]
    assert currency.store_currency() == "CNY" and {o.currency for o in Order.select()} == {"CNY"}


def _settle(wizard: ImportWizard) -> None:
    """Let the worker recognise the files and read the preview (off the GUI thread)."""
    deadline = time.monotonic() + 10
    while wizard.is_reading() or wizard._runner.busy():
        assert time.monotonic() < deadline, "the wizard is still reading"
        QApplication.processEvents()
        time.sleep(0.002)
    QApplication.processEvents()


def _map(wizard: ImportWizard, **columns: str) -> None:
    """Choose each field's column in the mapping form, as the merchant does, and let the
    preview be read."""
    for field, column in columns.items():
        combo: QComboBox = wizard.mapping_combos[field]
        combo.setCurrentIndex(combo.findData(column))
        combo.activated.emit(combo.currentIndex())
        _settle(wizard)


def _drop(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    widget.dropEvent(event)
    _settle(widget)


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
    assert "rows to skip (in red): 1" in wizard.preview_label.text()
    wizard.dry_run_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert wizard.result.dry_run and Order.select().count() == 0
    assert wizard.receipts_model.item(0).orders_added == 4
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert not wizard.result.dry_run and wizard.receipts_model.rowCount() == 1
    assert Order.select().count() == 4 and Customer.select().count() == 2
    assert wizard.rejected_model.rowCount() == 1


def test_a_dry_run_of_several_files_counts_each_after_the_ones_before(
    qtbot, wizard: ImportWizard, tmp_path: Path
) -> None:
    # Each file was counted against the unchanged database: the newer export of the same
    # five orders showed them as added again, not what Import then did.
    older = _taobao(tmp_path)
    newer = tmp_path / "ExportOrderList202610020900.csv"
    newer.write_bytes(older.read_bytes())
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01 not an export")
    _drop(wizard, [older, broken, newer])
    wizard.dry_run_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    receipts = [(r.file, r.orders_added, r.orders_unchanged) for r in wizard.result.receipts]
    assert receipts == [(older.name, 5, 0), (newer.name, 0, 5)]
    assert wizard.result_label.text().startswith("Dry run: nothing was changed.")
    assert f"{broken.name}:" in wizard.result_label.text()
    assert Order.select().count() == 0 and ImportBatch.select().count() == 0
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    imported = [(r.file, r.orders_added, r.orders_unchanged) for r in wizard.result.receipts]
    assert imported == receipts


def test_a_cancelled_dry_run_of_several_files_says_so(
    qtbot, wizard: ImportWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _taobao(tmp_path)
    second = tmp_path / "ExportOrderList202610020900.csv"
    second.write_bytes(first.read_bytes())
    _drop(wizard, [first, second])
    _cancel_every_job(wizard, monkeypatch)
    wizard.dry_run_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    text = wizard.result_label.text()
    assert text.startswith("Cancelled: nothing was imported.")
    assert f"{first.name}: cancelled: nothing was changed" in text
    assert f"{second.name}: cancelled: nothing was changed" in text
    assert Order.select().count() == 0 and ImportBatch.select().count() == 0


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
    assert not wizard.save_rejected_button.isEnabled()  # written on the worker
    qtbot.waitUntil(wizard.save_rejected_button.isEnabled, timeout=5000)
    sheet = zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()
    assert "ExportOrderList202610010900.csv" in sheet and "<f>" not in sheet


def test_save_stays_off_while_the_skipped_rows_are_written_and_only_then(
    qtbot, app, db_path, ui_state, tmp_path, monkeypatch, gate
) -> None:
    # Saving runs on the worker: a preview read finishing meanwhile turned Save on again (a
    # second click wrote a second time), and the save's end turned it on during an import
    # that had no skipped rows.
    from desktop_crm.reports import xlsx
    from desktop_crm.services.settings import set_setting

    set_setting("currency", "CNY")
    runner = JobRunner()
    w = ImportWizard(runner, ui_state)
    qtbot.addWidget(w)
    w.show()
    _drop(w, [_taobao(tmp_path, bad=True)])
    w.dry_run_button.click()
    qtbot.waitUntil(lambda: w.rejected_model.rowCount() == 1 and not w.running, timeout=10000)
    _settle(w)
    target = tmp_path / "skipped.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    writing, written = gate(xlsx, "write_sheets")
    w.show_preview()  # a read queued before the save, finishing while it runs
    w.save_rejected_button.click()
    qtbot.waitUntil(writing.is_set, timeout=5000)
    QApplication.processEvents()
    assert not w.save_rejected_button.isEnabled()
    importing, imported = gate(engine, "import_file")
    w.import_button.click()  # Import goes on: it is queued after the save
    assert w.running and w.rejected_model.rowCount() == 0
    written.set()
    qtbot.waitUntil(importing.is_set, timeout=10000)
    QApplication.processEvents()
    assert target.exists()
    assert not w.save_rejected_button.isEnabled()  # nothing skipped yet to save
    imported.set()
    qtbot.waitUntil(lambda: not w.running, timeout=10000)
    assert w.save_rejected_button.isEnabled() == (w.rejected_model.rowCount() > 0)
    runner.shutdown()


def test_unknown_layout_mapped_saved_and_imported(qtbot, wizard, tmp_path) -> None:
    path = _sheet(tmp_path)
    _drop(wizard, [path])
    assert "Unknown layout" in wizard.files.item(0, 1).text()
    # The guess needs an amount column: the merchant maps 收款 by hand.
    wizard.tabs.setCurrentIndex(1)
    combo: QComboBox = wizard.mapping_combos["paid"]
    combo.setCurrentIndex(combo.findData("收款"))
    combo.activated.emit(combo.currentIndex())
    _settle(wizard)
    buyer: QComboBox = wizard.mapping_combos["buyer"]
    buyer.setCurrentIndex(buyer.findData("客户"))
    buyer.activated.emit(buyer.currentIndex())
    _settle(wizard)
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


def test_a_mapping_saved_for_a_known_export_is_there_when_it_is_mapped_again(
    qtbot, wizard, ui_state, tmp_path, answers
) -> None:
    # "Offered again for files with the same columns": a Taobao export is still recognised
    # as Taobao when added again, and choosing Map columns… showed a guess, not the mapping.
    path = _taobao(tmp_path)
    _drop(wizard, [path])
    combo = wizard.files.cellWidget(0, 2)
    combo.setCurrentIndex(combo.findData(MAPPED))
    combo.activated.emit(combo.currentIndex())
    _settle(wizard)
    _map(wizard, paid="总金额", ordered_at="订单创建时间")
    wizard.mapping_name.setText("按总金额")
    wizard.save_mapping_button.click()
    assert "still recognised as Taobao/Tmall" in answers[-1]
    again = _new_wizard(qtbot, ui_state)
    _drop(again, [path])
    assert again.entries[0].choice != MAPPED  # recognised, as ever
    combo = again.files.cellWidget(0, 2)
    combo.setCurrentIndex(combo.findData(MAPPED))
    combo.activated.emit(combo.currentIndex())
    _settle(again)
    entry = again.entries[0]
    assert entry.draft is not None and entry.draft.name == "按总金额"
    assert entry.draft.columns["paid"] == "总金额"


def test_forcing_the_wrong_platform_names_missing_columns(qtbot, wizard, tmp_path) -> None:
    _drop(wizard, [_taobao(tmp_path)])
    combo: QComboBox = wizard.files.cellWidget(0, 2)
    combo.setCurrentIndex(combo.findData("shopify"))
    combo.activated.emit(combo.currentIndex())
    _settle(wizard)
    assert "missing columns" in wizard.preview_label.text()


def _cancel_every_job(wizard: ImportWizard, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancel each job as it is submitted, as a Cancel pressed at once does."""
    original = wizard._runner.submit

    def submit_and_cancel(fn):  # noqa: ANN001, ANN202
        job = original(fn)
        job.cancel()
        return job

    monkeypatch.setattr(wizard._runner, "submit", submit_and_cancel)


def test_cancel_changes_nothing(qtbot, wizard, tmp_path, monkeypatch) -> None:
    _drop(wizard, [_taobao(tmp_path)])
    _cancel_every_job(wizard, monkeypatch)
    wizard.import_button.click()
    qtbot.waitUntil(lambda: "cancelled" in wizard.result_label.text(), timeout=5000)
    assert Order.select().count() == 0 and ImportBatch.select().count() == 0


def test_a_cancel_names_the_files_it_left_unread(qtbot, wizard, tmp_path, monkeypatch) -> None:
    # Cancel on one of three files: the result said "Import finished." and named only that
    # file; the one after it, never imported, was mentioned nowhere.
    first, second = _taobao(tmp_path), _sheet(tmp_path)
    _drop(wizard, [first, second])
    _cancel_every_job(wizard, monkeypatch)
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    text = wizard.result_label.text()
    assert text.startswith("Cancelled: nothing was imported.")
    assert f"{first.name}: cancelled: nothing was changed" in text
    assert f"{second.name}: not imported: cancelled before its turn" in text


def test_a_cancel_heard_after_a_file_was_saved_stops_the_next(
    qtbot, wizard, tmp_path, monkeypatch
) -> None:
    first, second = _taobao(tmp_path), _sheet(tmp_path)
    _drop(wizard, [first, second])
    real = engine.import_file

    def import_then_cancel(path, **kw):  # noqa: ANN001, ANN003, ANN202
        receipt = real(path, **kw)
        wizard._job.cancel()  # Escape lands as the file is committed
        return receipt

    monkeypatch.setattr(engine, "import_file", import_then_cancel)
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    text = wizard.result_label.text()
    assert text.startswith("Cancelled after 1 file(s) were imported.")
    assert f"{second.name}: not imported: cancelled before its turn" in text
    assert ImportBatch.select().count() == 1


def test_escape_during_an_import_cancels_it_and_the_wizard_says_so(qtbot, wizard, tmp_path) -> None:
    # Esc before the progress dialog showed (its first half second) closed the wizard; the
    # import went on and its receipt was never shown.
    from PySide6.QtTest import QTest

    _drop(wizard, [_taobao(tmp_path)])
    wizard.import_button.click()  # the job starts from the event loop
    QTest.keyClick(wizard.windowHandle(), Qt.Key.Key_Escape)
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert wizard.isVisible() and "cancelled: nothing was changed" in wizard.result_label.text()
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


def test_a_file_left_to_map_does_not_keep_import_on(
    qtbot, wizard: ImportWizard, tmp_path: Path
) -> None:
    # With a sheet still to map beside an export, Import stayed on after the import; a second
    # press imported nothing and replaced the export's receipt with "Nothing was imported."
    _drop(wizard, [_taobao(tmp_path), _sheet(tmp_path)])
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert wizard.receipts_model.rowCount() == 1 and "Amount paid" in wizard.result_label.text()
    assert not wizard.import_button.isEnabled()
    wizard.files.selectRow(1)
    _settle(wizard)
    _map(wizard, paid="收款", buyer="客户")  # read another way: Import has work again
    assert wizard.import_button.isEnabled()
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert [r.file for r in wizard.result.receipts] == ["手工账本.csv"]


def test_import_is_offered_again_only_for_what_was_not_imported(
    qtbot, wizard: ImportWizard, tmp_path: Path
) -> None:
    # Import stayed enabled (and the default button) after the files were imported: a second
    # press, or Enter, recorded a second import of the same files with nothing in it.
    from desktop_crm.models import ImportBatch

    first = tmp_path / "a"
    first.mkdir()
    _drop(wizard, [_taobao(first)])
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert ImportBatch.select().count() == 1
    assert not wizard.import_button.isEnabled() and wizard.dry_run_button.isEnabled()
    assert wizard.close_button.isDefault()
    # Another file: Import imports that one only.
    _drop(wizard, [_sheet(tmp_path)])
    assert wizard.import_button.isEnabled()
    wizard.files.selectRow(1)
    _settle(wizard)
    _map(wizard, paid="收款", buyer="客户")
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert [b.file_name for b in ImportBatch.select().order_by(ImportBatch.id)] == [
        "ExportOrderList202610010900.csv",
        "手工账本.csv",
    ]
    assert not wizard.import_button.isEnabled()


# --- keyboard (DESIGN §6) --------------------------------------------------------------------


def _tab_walk(qtbot, wizard: ImportWizard, start, key=Qt.Key.Key_Tab, limit: int = 60) -> list:
    """The widgets Tab visits from `start` until it comes back to it."""
    start.setFocus()
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), key)
        focus = QApplication.focusWidget()
        if focus is start:
            return seen
        seen.append(focus)
    raise AssertionError(f"Tab never came back: {[type(w).__name__ for w in seen[-8:]]}")


def test_tab_reaches_every_control_in_order(qtbot, wizard: ImportWizard, tmp_path) -> None:
    # Tab only went from the file list to its "Import as" combo and back; the mapping's field
    # combos were not in the Tab order at all.
    _drop(wizard, [_taobao(tmp_path), _sheet(tmp_path)])
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.files.selectRow(1)
    w = wizard
    row_combo = w.files.cellWidget(1, 2)
    walk = _tab_walk(qtbot, w, w.files)
    assert walk[:5] == [w.files, row_combo, w.add_button, w.remove_button, w.tabs.tabBar()]
    assert walk[-3:] == [w.dry_run_button, w.import_button, w.close_button]
    assert w.files.cellWidget(0, 2) not in walk  # only the current file's choice
    # The mapping tab: its kind, all its fields in form order, then its name and buttons.
    w.tabs.setCurrentIndex(1)
    walk = _tab_walk(qtbot, w, w.files)
    page = walk[walk.index(w.kind_combo) : walk.index(w.dry_run_button)]
    fields = list(w.mapping_combos.values())
    assert len(fields) == 19
    paid = fields.index(w.mapping_combos["paid"]) + 1  # the amounts' currency beside it
    fields[paid:paid] = [w.amounts_currency]
    assert page == [w.kind_combo, *fields, w.mapping_name, w.save_mapping_button,
                    w.export_mapping_button, w.load_mapping_button]  # fmt: skip
    assert _tab_walk(qtbot, w, w.files, Qt.Key.Key_Backtab)[1:] == walk[1:][::-1]
    # Ctrl+Tab turns the page from anywhere, the file list too.
    w.files.setFocus()
    qtbot.keyClick(w.files, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 2 and QApplication.focusWidget() is w.files


def test_file_list_keys_open_the_choice_and_remove(qtbot, wizard, tmp_path, monkeypatch) -> None:
    _drop(wizard, [_taobao(tmp_path), _sheet(tmp_path)])
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    opened: list[QComboBox] = []
    monkeypatch.setattr(QComboBox, "showPopup", lambda self: opened.append(self))
    # Alt+Down and F4 open the current file's "Import as", as they open a combo box.
    for key, modifier in (
        (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_F4, None),
    ):
        wizard.files.setFocus()
        qtbot.keyClick(wizard.files, key, modifier or Qt.KeyboardModifier.NoModifier)
    assert opened == [wizard.files.cellWidget(0, 2)] * 2 and Order.select().count() == 0
    wizard.files.setFocus()
    qtbot.keyClick(wizard.files, Qt.Key.Key_Delete)
    assert [e.path.name for e in wizard.entries] == ["手工账本.csv"]


def test_enter_in_the_mapping_name_saves_it_and_never_imports(
    qtbot, wizard, tmp_path, answers, type_text
) -> None:
    _drop(wizard, [_sheet(tmp_path)])
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.tabs.setCurrentIndex(1)
    paid = wizard.mapping_combos["paid"]
    paid.setFocus()
    qtbot.keyClick(paid, Qt.Key.Key_End)  # 收款, the last column, by keyboard
    assert paid.currentData() == "收款" and wizard.entries[0].mapping is not None
    wizard.mapping_name.setFocus()
    type_text(wizard.mapping_name, "账本")
    qtbot.keyClick(wizard.mapping_name, Qt.Key.Key_Return)
    assert Order.select().count() == 0 and not wizard.running
    assert find_mapping(wizard.entries[0].detection.header).name == "账本"
    assert answers and answers[0].startswith("information: The mapping “账本”")
    # Enter on a field does nothing either (it used to press Import).
    paid.setFocus()
    qtbot.keyClick(paid, Qt.Key.Key_Return)
    assert Order.select().count() == 0 and wizard.result is None


# --- the mapping the form shows is the one used ------------------------------------------------


def _customer_list(folder: Path) -> Path:
    path = folder / "客户名单.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["姓名", "手机", "邮箱", "城市"])
        w.writerow(["老王", "13800138000", "wang@example.com", "杭州"])
        w.writerow(["小李", "13900139000", "", "宁波"])
    return path


def test_unmapped_fields_are_named_as_the_form_names_them(qtbot, wizard, tmp_path) -> None:
    # "a column is needed for ordered_at, paid": field codes, not the labels of the form.
    _drop(wizard, [_sheet(tmp_path)])
    date: QComboBox = wizard.mapping_combos["ordered_at"]
    date.setCurrentIndex(0)
    date.activated.emit(0)
    _settle(wizard)
    text = wizard.preview_label.text()
    assert "Choose a column for: Order date, Amount paid." in text
    assert "ordered_at" not in text and "paid," not in text


def test_switching_to_a_customer_list_is_used_without_saving(qtbot, wizard, tmp_path) -> None:
    # The form showed the customer columns, but the preview and the import still used the
    # order mapping (or none): "no known export header" and nothing imported.
    _drop(wizard, [_customer_list(tmp_path)])
    assert "Choose a column for: Order number, Order date, Amount paid." in (
        wizard.preview_label.text()
    )
    wizard.kind_combo.setCurrentIndex(wizard.kind_combo.findData("customers"))
    wizard.kind_combo.activated.emit(wizard.kind_combo.currentIndex())
    _settle(wizard)
    assert wizard.mapping_combos["display_name"].currentData() == "姓名"
    assert [r[1] for r in _preview_rows(wizard)] == ["老王", "小李"]
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert Customer.select().count() == 2 and wizard.receipts_model.item(0).customers_added == 2


def test_an_incomplete_mapping_says_what_is_unmapped_on_import(qtbot, wizard, tmp_path) -> None:
    _drop(wizard, [_sheet(tmp_path), _taobao(tmp_path)])  # 收款 is no usual amount name
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    text = wizard.result_label.text()
    assert "手工账本.csv: Choose a column for: Amount paid." in text
    assert "no known export header" not in text
    assert [r.file for r in wizard.result.receipts] == ["ExportOrderList202610010900.csv"]
    assert Order.select().count() == 5


# --- duplicate column names (RELIABILITY G30) ---------------------------------------------------


def test_both_columns_of_one_name_can_be_chosen(qtbot, wizard, tmp_path) -> None:
    # Picking the second 金额 snapped back to the first, and 10.00 was imported.
    path = tmp_path / "重复列.csv"
    path.write_text("单号,日期,客户,金额,金额\nD-1,2026-10-02,甲,10.00,99.00\n", encoding="utf-8")
    _drop(wizard, [path])
    paid: QComboBox = wizard.mapping_combos["paid"]
    names = [paid.itemText(i) for i in range(paid.count())]
    assert names[-2:] == ["金额 (column D)", "金额 (column E)"]
    assert paid.currentIndex() == 0  # which one is the amount is not guessed
    assert "Choose a column for: Amount paid." in wizard.preview_label.text()
    paid.setCurrentIndex(paid.findText("金额 (column E)"))
    paid.activated.emit(paid.currentIndex())
    _settle(wizard)
    assert wizard.mapping_combos["paid"].currentText() == "金额 (column E)"
    assert _preview_rows(wizard)[0][4] == "99.00"
    wizard.import_button.click()
    qtbot.waitUntil(lambda: Order.select().count() == 1, timeout=5000)
    assert Order.get().paid == 9900


def test_forcing_the_wrong_platform_names_it_as_the_merchant_knows_it(wizard, tmp_path) -> None:
    _drop(wizard, [_taobao(tmp_path)])
    combo: QComboBox = wizard.files.cellWidget(0, 2)
    combo.setCurrentIndex(combo.findData("shopify"))
    combo.activated.emit(combo.currentIndex())
    _settle(wizard)
    assert "not a Shopify export: missing columns" in wizard.preview_label.text()


# --- receipts ------------------------------------------------------------------------------------


def test_receipt_file_column_fits_the_name_and_tells_the_full_path(qtbot, wizard, tmp_path) -> None:
    path = _taobao(tmp_path, bad=True)
    _drop(wizard, [path])
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.rejected_model.rowCount() == 1, timeout=5000)
    wide = wizard.fontMetrics().horizontalAdvance(path.name)
    for view in (wizard.receipts_view, wizard.rejected_view):
        assert view.columnWidth(0) >= wide, view.objectName()
        assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
        model = view.model()
        assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == str(path)


# --- files ---------------------------------------------------------------------------------------


def test_a_detail_file_added_before_its_order_file_rides_along(wizard, tmp_path) -> None:
    path = _taobao(tmp_path)
    detail = path.with_name(path.name.replace("ExportOrderList", "ExportOrderDetailList"))
    detail.write_text("订单编号,标题,价格,购买数量,商品属性,订单状态,商家编码\n", encoding="utf-8")
    sheet = _sheet(tmp_path)
    _drop(wizard, [detail, sheet])
    assert [e.path for e in wizard.entries] == [detail, sheet]
    assert "item lines only" in wizard.preview_label.text()
    _drop(wizard, [path])
    assert [e.path for e in wizard.entries] == [sheet, path]
    assert [wizard.files.item(r, 0).text() for r in range(2)] == [sheet.name, path.name]
    assert "item lines only" not in wizard.preview_label.text()


def test_a_dropped_folder_adds_its_spreadsheets(wizard, tmp_path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = _taobao(folder)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "sub").mkdir()
    _drop(wizard, [folder])
    assert [e.path for e in wizard.entries] == [path]
    empty = tmp_path / "empty"
    empty.mkdir()
    other = ImportWizard(wizard._runner, wizard._ui, paths=[empty])
    try:
        assert other.entries == []
        assert "Nothing to import was found there" in other.preview_label.text()
    finally:
        other.deleteLater()


# --- mappings as JSON files, status words --------------------------------------------------------


def _map_sheet(wizard: ImportWizard) -> None:
    combo: QComboBox = wizard.mapping_combos["paid"]
    combo.setCurrentIndex(combo.findData("收款"))
    combo.activated.emit(combo.currentIndex())
    _settle(wizard)


def test_a_mapping_is_exported_and_loaded_as_the_cli_json(
    qtbot, wizard, tmp_path, monkeypatch, answers
) -> None:
    sheet = _sheet(tmp_path)
    _drop(wizard, [sheet])
    _map_sheet(wizard)
    wizard.mapping_name.setText("手工账本")
    target = tmp_path / "map"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard.export_mapping_button.click()
    exported = load_mapping(tmp_path / "map.json")
    assert exported.name == "手工账本" and exported.columns["paid"] == "收款"
    cli = engine.import_file(sheet, parser=mapping_parser(exported), dry_run=True, now=NOW)
    assert cli.orders_added == 2
    # A fresh wizard loads it back into the form, and uses it.
    other = ImportWizard(wizard._runner, wizard._ui, paths=[sheet])
    qtbot.addWidget(other)
    _settle(other)
    assert other.entries[0].mapping is None
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "map.json"), "")
    )
    other.load_mapping_button.click()
    _settle(other)
    assert other.mapping_combos["paid"].currentData() == "收款"
    assert other.mapping_name.text() == "手工账本" and other.entries[0].mapping is not None
    assert [r[1] for r in _preview_rows(other)] == ["M-1", "M-2"]
    assert answers == []


def test_loading_a_broken_mapping_warns(wizard, tmp_path, monkeypatch, answers) -> None:
    _drop(wizard, [_sheet(tmp_path)])
    broken = tmp_path / "broken.json"
    broken.write_text('{"columns": {"paid": "收款"}}', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    wizard.load_mapping_button.click()
    assert len(answers) == 1 and answers[0].startswith("warning: This is not a mapping")


def test_a_loaded_mapping_names_the_columns_this_file_lacks(
    wizard, tmp_path, monkeypatch, answers
) -> None:
    _drop(wizard, [_sheet(tmp_path)])
    other = tmp_path / "other.json"
    columns = {"order_no": "单号", "ordered_at": "日期", "paid": "收款", "buyer": "会员"}
    other.write_text(json.dumps({"name": "别的表", "columns": columns}), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    wizard.load_mapping_button.click()
    assert answers == ["warning: This file has no column named 会员; choose those fields again."]
    assert wizard.mapping_combos["buyer"].currentData() == ""
    assert wizard.entries[0].mapping.columns == {k: v for k, v in columns.items() if k != "buyer"}


def test_exporting_an_incomplete_mapping_names_the_missing_fields(
    wizard, tmp_path, monkeypatch, answers
) -> None:
    _drop(wizard, [_sheet(tmp_path)])
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append("x"))
    wizard.export_mapping_button.click()
    assert asked == [] and answers == ["warning: Choose a column for: Amount paid."]


def test_status_words_are_given_a_meaning(qtbot, wizard, tmp_path) -> None:
    # "unknown order status '发了' (map it in the import mapping)" had no control to map it.
    path = tmp_path / "流水账.csv"
    path.write_text(
        "单号,日期,收款,进度\nA-1,2026-10-03,88,发了\nA-2,2026-10-04,99,已完成\n", encoding="utf-8"
    )
    _drop(wizard, [path])
    assert not wizard.status_box.isVisibleTo(wizard)
    for fld, column in (("paid", "收款"), ("status", "进度")):
        combo: QComboBox = wizard.mapping_combos[fld]
        combo.setCurrentIndex(combo.findData(column))
        combo.activated.emit(combo.currentIndex())
        _settle(wizard)
    assert wizard.status_box.isVisibleTo(wizard)
    assert list(wizard.status_combos) == ["发了", "已完成"]
    assert wizard.status_combos["发了"].currentText() == "Not known: its rows are skipped"
    assert wizard.status_combos["已完成"].currentText() == "As usual: Completed"
    assert [r[-1] != "" for r in _preview_rows(wizard)] == [True, False]
    word = wizard.status_combos["发了"]
    word.setCurrentIndex(word.findData("shipped"))
    word.activated.emit(word.currentIndex())
    _settle(wizard)
    assert wizard.status_combos["发了"] is word  # not rebuilt under the user's hands
    assert [r[3] for r in _preview_rows(wizard)] == ["Shipped", "Completed"]
    assert wizard.entries[0].mapping.statuses == {"发了": "shipped"}
    wizard.import_button.click()
    qtbot.waitUntil(lambda: Order.select().count() == 2, timeout=5000)
    assert Order.get(Order.order_no == "A-1").status == "shipped"


def test_no_two_mnemonics_of_the_wizard_share_a_key(wizard) -> None:
    # &Remove and &Receipts both answered Alt+R, which then only moved the focus.
    from PySide6.QtWidgets import QAbstractButton

    texts = [b.text() for b in wizard.findChildren(QAbstractButton)]
    texts += [wizard.tabs.tabText(i) for i in range(wizard.tabs.count())]
    keys = [t[t.index("&") + 1].casefold() for t in texts if "&" in t]
    assert len(keys) == len(set(keys)) >= 10, sorted(keys)


def test_what_the_reader_noticed_is_shown_under_the_receipts(qtbot, wizard, tmp_path) -> None:
    # The CLI printed notes (an order repeated in the file, a column named twice); the
    # wizard showed none.
    path = tmp_path / "流水账.csv"
    path.write_text(
        "单号,日期,客户,金额\nD-1,2026-10-02,甲,10.00\nD-1,2026-10-02,甲,12.00\n",
        encoding="utf-8",
    )
    _drop(wizard, [path])
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert "流水账.csv: order D-1 repeated; row 3 was used" in wizard.result_label.text()


def test_files_are_recognised_and_previewed_off_the_gui_thread(
    qtbot, app, db_path, ui_state, tmp_path, monkeypatch
) -> None:
    # Adding a 100k-row file froze the window for 2-5 s, and so did choosing another file:
    # the wizard read the whole file on the GUI thread to recognise it and to preview it.
    import threading

    from desktop_crm.views import import_wizard as iw

    threads: list[str] = []
    for name in ("detect_file", "preview_file"):
        real = getattr(iw, name)
        monkeypatch.setattr(
            iw, name,
            lambda *a, _real=real, **k: threads.append(threading.current_thread().name)
            or _real(*a, **k),
        )  # fmt: skip
    runner = JobRunner()
    wizard = ImportWizard(runner, ui_state)
    qtbot.addWidget(wizard)
    first = _taobao(tmp_path)
    (tmp_path / "b").mkdir()
    second = _taobao(tmp_path / "b", bad=True)
    _drop(wizard, [first, second])
    assert len(threads) == 3  # two recognised, the first one previewed
    assert threading.main_thread().name not in threads
    assert "rows to skip (in red): 0" in wizard.preview_label.text()
    # Another file chosen, then the first again before the second's preview is read: the
    # preview shown is the first file's, never the one asked for in between.
    wizard.files.selectRow(1)
    wizard.files.selectRow(0)
    _settle(wizard)
    assert "rows to skip (in red): 0" in wizard.preview_label.text()
    wizard.files.selectRow(1)
    _settle(wizard)
    assert "rows to skip (in red): 1" in wizard.preview_label.text()
    runner.shutdown()


def test_a_preview_read_for_an_earlier_mapping_is_not_shown_for_an_incomplete_one(
    qtbot, wizard, tmp_path
) -> None:
    # Paid mapped (a read starts), then unmapped before the read came back: the old rows
    # replaced "Choose a column for: Amount paid." and Import was enabled with no mapping.
    _drop(wizard, [_sheet(tmp_path)])
    combo: QComboBox = wizard.mapping_combos["paid"]
    combo.setCurrentIndex(combo.findData("收款"))
    combo.activated.emit(combo.currentIndex())  # its read is queued, not yet run
    combo.setCurrentIndex(0)  # back to "not in the file"
    combo.activated.emit(combo.currentIndex())
    _settle(wizard)
    assert wizard.entries[0].mapping is None
    assert "Choose a column for: Amount paid." in wizard.preview_label.text()
    assert wizard.preview_model.rowCount() == 0


def test_two_quick_drops_of_an_order_file_and_its_detail_file_join_them(wizard, tmp_path) -> None:
    # The second drop came while the first was still being read: the 宝贝报表 was listed as a
    # file of its own, whose import then failed ('item lines only').
    path = _taobao(tmp_path)
    detail = path.with_name(path.name.replace("ExportOrderList", "ExportOrderDetailList"))
    detail.write_text("订单编号,标题,价格,购买数量,商品属性,订单状态,商家编码\n", encoding="utf-8")
    wizard.add_files([path])
    wizard.add_files([detail])  # before the first was read
    _settle(wizard)
    assert [e.path for e in wizard.entries] == [path]


def test_files_dropped_during_an_import_are_refused_with_a_word(
    qtbot, wizard, tmp_path, answers
) -> None:
    # One dropped during an import was listed, never imported, and the wizard said
    # "Import finished."
    _drop(wizard, [_taobao(tmp_path)])
    wizard.import_button.click()
    wizard.add_files([_sheet(tmp_path)])
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert len(wizard.entries) == 1
    assert any("when this import has finished" in a for a in answers)


def test_a_bug_in_an_import_leaves_the_wizard_closable(
    qtbot, wizard, tmp_path, monkeypatch
) -> None:
    # An unexpected error went to the error dialog and left the wizard 'running' for good:
    # Close, Escape and X did nothing, and no file could be added.
    import sys

    first, second = _taobao(tmp_path), _sheet(tmp_path)
    _drop(wizard, [first, second])
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: seen.append(exc))

    def broken(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise KeyError("a bug in a parser")

    monkeypatch.setattr(engine, "import_file", broken)
    wizard.import_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert not wizard.running
    text = wizard.result_label.text()
    assert text.startswith("Stopped by an error: nothing was imported.")  # nobody cancelled
    assert f"{second.name}: not imported: the import stopped on an error" in text
    assert "KeyError" not in text  # the error report says that, not the merchant's page
    wizard.close_button.click()
    assert not wizard.isVisible()


def test_orders_on_a_later_sheet_are_mapped_from_that_sheet(
    qtbot, wizard, tmp_path, ledger_workbook
) -> None:
    # The form offered only the first sheet's columns (月份, 销售额): a workbook whose orders
    # follow a summary sheet could not be mapped at all.
    _drop(wizard, [ledger_workbook])
    entry = wizard.entries[0]
    assert [wizard.sheet_combo.itemText(i) for i in range(wizard.sheet_combo.count())] == [
        "汇总",
        "10月",
        "11月",
    ]
    assert not wizard.sheet_combo.isHidden()
    # The sheet whose column names give every required field is chosen for a start.
    assert wizard.sheet_combo.currentText() == "10月" and entry.mapping is not None
    assert [r[1] for r in _preview_rows(wizard)] == ["M10-1", "M10-2"]
    # The merchant picks November's sheet: its columns, its rows; and the import reads it.
    wizard.tabs.setCurrentIndex(1)
    wizard.sheet_combo.setCurrentIndex(2)
    wizard.sheet_combo.activated.emit(2)
    _settle(wizard)
    assert wizard.mapping_combos["order_no"].currentData() == "单号"
    assert [r[1] for r in _preview_rows(wizard)] == ["M11-1", "M11-2"]
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert sorted(o.order_no for o in Order.select()) == ["M11-1", "M11-2"]
    # A single-sheet file shows no sheet choice.
    _drop(wizard, [_sheet(tmp_path)])
    wizard.files.selectRow(1)
    _settle(wizard)
    assert wizard.sheet_combo.isHidden()


def test_a_mapping_saved_for_a_later_sheet_is_offered_for_the_workbook(
    qtbot, wizard, monkeypatch, ledger_workbook
) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = ledger_workbook
    _drop(wizard, [path])
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    wizard.mapping_name.setText("台账")
    wizard.save_mapping_button.click()
    # Saved for the orders sheet's columns, not the summary's.
    assert find_mapping(["单号", "日期", "客户", "金额"]).name == "台账"
    assert find_mapping(["月份", "销售额"]) is None
    again = _new_wizard(qtbot, wizard._ui)
    _drop(again, [path])
    assert "台账" in again.files.item(0, 1).text()
    assert [r[1] for r in _preview_rows(again)] == ["M10-1", "M10-2"]


def test_the_sheet_a_mapping_names_is_what_the_preview_reads(qtbot, wizard, tmp_path) -> None:
    # A saved mapping named 11月, whose 11月 sheet in this workbook lacks 金额: the form showed
    # 11月 without an amount while the preview and the import read another sheet.
    import openpyxl

    from desktop_crm.services.importing.mapping import Mapping
    from desktop_crm.services.importing.profiles import save_mapping

    header = ["单号", "日期", "客户", "金额"]
    save_mapping(
        Mapping(
            columns=dict(zip(["order_no", "ordered_at", "buyer", "paid"], header, strict=True)),
            currency="CNY", sheet="11月", name="台账",
        ),
        header,
    )  # fmt: skip
    wb = openpyxl.Workbook()
    wb.active.title = "11月"
    wb.active.append(["单号", "日期", "客户", "实收"])
    wb.active.append(["N-1", "2026-11-01 10:00", "甲", "10"])
    wb.create_sheet("12月").append(header)
    wb["12月"].append(["D-1", "2026-11-02 10:00", "乙", "10"])
    path = tmp_path / "台账12.xlsx"
    wb.save(path)
    _drop(wizard, [path])
    wizard.tabs.setCurrentIndex(1)
    assert wizard.sheet_combo.currentText() == "11月"
    assert wizard.mapping_combos["paid"].currentData() == ""
    assert "金额" in wizard.preview_label.text() and _preview_rows(wizard) == []
    wizard.import_button.click()
    qtbot.waitUntil(lambda: not wizard.running, timeout=5000)
    assert Order.select().count() == 0
