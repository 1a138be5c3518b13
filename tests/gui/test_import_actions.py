"""Import file… and Undo last import, as a user does them."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from desktop_crm.models import Customer, ImportBatch, Order
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.import_actions import ReceiptDialog
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.main_window import MainWindow

NOW = datetime(2026, 11, 22, 10, 30)


def _export(folder: Path, n: int = 6, bad_row: bool = False) -> Path:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(6000000000000000000 + i),
            ordered_at=datetime(2026, 10, 1, 9, 0) + timedelta(days=i), status="completed",
            paid=3000 + i, currency="CNY", buyer_key=f"买家{i % 2}", buyer_name=f"买家{i % 2}",
        )
        for i in range(n)
    ]  # fmt: skip
    path = write_export(
        "taobao", orders, folder / "ExportOrderList202610010900.csv", encoding="utf-8"
    )
    if bad_row:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[1] = lines[1].replace("2026-10-01", "2026-02-30")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, app, db_path, ui_state) -> MainWindow:
    w = MainWindow(db_path, ui_state, runner=JobRunner(synchronous=True))
    qtbot.addWidget(w)
    w.show()
    return w


def _receipt(qtbot) -> ReceiptDialog:
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), ReceiptDialog), timeout=5000
    )
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ReceiptDialog)
    return dialog


def test_the_imports_page_shows_the_receipt_the_import_showed(qtbot, window, tmp_path) -> None:
    # Opened later from the Imports page, the receipt lost "Item lines joined from: …" and the
    # reader's notes, which the import's own receipt had said.
    from desktop_crm.services.importing.records import ParsedItem

    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(6100000000000000000 + i),
            ordered_at=datetime(2026, 10, 1, 9, 0), status="completed", paid=3000,
            currency="CNY", buyer_key="买家", buyer_name="买家", item_summary="手工皂",
            items=[ParsedItem("手工皂", sku="S-1", quantity=1, price=3000)],
        )
        for i in range(2)
    ]  # fmt: skip
    main = write_export("taobao", orders[:1], tmp_path / "ExportOrderList202610010900.csv")
    detail = write_export(  # its second order's lines have no order in the order file
        "taobao", orders, tmp_path / "ExportOrderDetailList202610010900.csv", layout="details"
    )
    window.imports.import_files([main])
    first = _receipt(qtbot)
    said = [label.text() for label in first.findChildren(QLabel)]
    assert f"Item lines joined from: {detail}" in said[0]
    assert any("not in the order file" in text for text in said)  # a reader's note
    first.accept()
    window.show_page("imports")
    window.history_page.table.selectRow(0)
    window.history_page.show_receipt()
    again = _receipt(qtbot)
    assert [label.text() for label in again.findChildren(QLabel)] == said
    again.accept()


def test_import_file_shows_receipt_and_refreshes(qtbot, window, tmp_path, monkeypatch) -> None:
    path = _export(tmp_path, bad_row=True)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    window.history_page.import_button.click()  # the quick path: pick a file, get its receipt
    dialog = _receipt(qtbot)
    summary = dialog.findChildren(object, "receiptSummary")[0].text()
    assert "Taobao" in summary and "5 added" in summary
    assert dialog.rejected_model.rowCount() == 1
    assert dialog.rejected_model.item(0).row == 2
    dialog.accept()
    assert Order.select().count() == 5 and Customer.select().count() == 2
    assert window.customers_page.model.rowCount() == 2
    assert "2 customers" in window.counts_label.text()


def test_picking_an_order_file_with_its_detail_file_imports_once(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    # Selecting both Taobao files in the dialog: the 宝贝报表 rides along with its order file
    # (it used to be imported alone too, and refused with an error box after the receipt).
    path = _export(tmp_path)
    detail = path.with_name(path.name.replace("ExportOrderList", "ExportOrderDetailList"))
    detail.write_text(
        "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码\n"
    )
    picked = [str(detail), str(path)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (picked, ""))
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refusals.append(a[2]))
    window.history_page.import_button.click()
    _receipt(qtbot).accept()
    assert refusals == [] and window.imports._queue == [] and Order.select().count() == 6


def test_cancel_stops_the_files_after_it_too(qtbot, window, tmp_path, answers) -> None:
    # Cancel on the first of two files: the second was imported anyway.
    first = _export(tmp_path)
    (tmp_path / "b").mkdir()
    second = write_export(
        "taobao",
        [ParsedOrder(row=0, platform="taobao", order_no="6100000000000000001",
                     ordered_at=datetime(2026, 10, 2, 9), status="completed", paid=100,
                     currency="CNY", buyer_key="买家9", buyer_name="买家9")],
        tmp_path / "b" / "ExportOrderList202610020900.csv", encoding="utf-8",
    )  # fmt: skip
    window.imports.import_files([first, second])
    window.runner._jobs[0].cancel()
    qtbot.waitUntil(lambda: any("cancelled" in a for a in answers), timeout=5000)
    qtbot.wait(50)
    assert Order.select().count() == 0 and window.imports._queue == []
    (said,) = [a for a in answers if "cancelled" in a]
    assert said.endswith("Not imported: ExportOrderList202610020900.csv")


def test_a_cancel_heard_too_late_still_stops_the_next_files(
    qtbot, window, tmp_path, answers, monkeypatch
) -> None:
    # Cancel pressed after a file's last check: that file is saved (its receipt says so),
    # and the files after it are not read.
    first = _export(tmp_path)
    (tmp_path / "b").mkdir()
    second = _export(tmp_path / "b", n=2)
    real = engine.import_file

    def import_then_cancel(path, **kw):  # noqa: ANN001, ANN003, ANN202
        receipt = real(path, **kw)
        window.runner._jobs[0].cancel()  # the click lands as the file is committed
        return receipt

    monkeypatch.setattr(engine, "import_file", import_then_cancel)
    window.imports.import_files([first, second])
    _receipt(qtbot).accept()
    qtbot.wait(50)
    assert Order.select().count() == 6 and window.imports._queue == []
    assert any(a.endswith(f"Not imported: {second.name}") for a in answers)


def test_a_file_chosen_while_another_job_runs_is_imported_after_it(qtbot, window, tmp_path) -> None:
    # Queued behind a page refresh (or the day's start, or an undo), it stayed in the queue
    # for good: only an import's own end started the next one.
    import threading

    release = threading.Event()
    runner = JobRunner()
    window.imports._runner = runner
    try:
        runner.submit(lambda _p, _c: release.wait(5))  # some other job holds the worker
        window.imports.import_files([_export(tmp_path)])
        release.set()
        _receipt(qtbot).accept()
        assert Order.select().count() == 6
    finally:
        release.set()
        runner.shutdown()


def test_a_bug_stops_the_queue_says_which_files_and_importing_works_again(
    qtbot, window, tmp_path, answers, monkeypatch
) -> None:
    # A bug after a file was saved (its receipt could not be shown) left the Imports page
    # unable to import for the rest of the session; the files after it went without a word.
    import sys

    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: seen.append(exc))
    first = _export(tmp_path)
    (tmp_path / "b").mkdir()
    second = _export(tmp_path / "b", n=2)
    real = ReceiptDialog.__init__
    calls = {"n": 0}

    def broken_once(self, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyError("a bug in the receipt")
        real(self, *a, **k)

    monkeypatch.setattr(ReceiptDialog, "__init__", broken_once)
    window.imports.import_files([first, second])
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert any(a.endswith(f"Not imported: {second.name}") for a in answers)
    assert Order.select().count() == 6 and window.imports._queue == []
    window.imports.import_files([second])  # the page imports again
    _receipt(qtbot).accept()
    assert Order.select().count() == 6  # its orders are the first file's: all unchanged
    assert ImportBatch.select().count() == 2


def test_cancelled_import_changes_nothing(qtbot, window, tmp_path, answers) -> None:
    path = _export(tmp_path)
    window.imports.import_files([path])
    job = window.runner._jobs[0]
    job.cancel()  # the user pressed Cancel before the worker got far
    qtbot.waitUntil(lambda: any("cancelled" in a for a in answers), timeout=5000)
    assert Order.select().count() == 0


def test_undo_last_import_after_confirmation(qtbot, window, tmp_path) -> None:
    window.imports.import_files([_export(tmp_path)])
    _receipt(qtbot).accept()
    assert Order.select().count() == 6

    shown: list[str] = []

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.informativeText())
        next(b for b in box.buttons() if b.text() == "Undo import").click()

    QTimer.singleShot(50, confirm)
    seen: list[str] = []
    original = QMessageBox.information
    QMessageBox.information = staticmethod(
        lambda *a, **k: seen.append(a[2]) or QMessageBox.StandardButton.Ok
    )
    try:
        window.undo_import_action.trigger()
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # the undo runs as a job
    finally:
        QMessageBox.information = original
    assert shown and "6 order" in shown[0] and "it added are removed" in shown[0]
    assert Order.select().count() == 0 and Customer.select().count() == 0
    assert seen and "6 order(s) removed" in seen[0] and "2 customer(s) removed" in seen[0]
    assert "put back" not in seen[0]  # nothing was put back: not said
    assert window.customers_page.model.rowCount() == 0


def test_ctrl_i_opens_the_wizard_with_the_chosen_files(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    from desktop_crm.views.import_wizard import ImportWizard

    path = _export(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    window.import_action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None
    qtbot.waitUntil(lambda: [e.path for e in wizard.entries] == [path], timeout=5000)
    wizard.close()


def _confirmation_of_undo(qtbot, window) -> str:
    """Undo the last import, answering its question with Cancel; the question's detail."""
    shown: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.informativeText())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(50, answer)
    window.undo_import_action.trigger()
    assert shown
    return shown[0]


def test_undo_names_the_merchants_own_entries_it_removes(qtbot, window, tmp_path) -> None:
    from desktop_crm.services import customers as cs
    from desktop_crm.services import feedback as fb
    from desktop_crm.services import followups as fu

    window.imports.import_files([_export(tmp_path)])
    _receipt(qtbot).accept()
    now = datetime(2026, 11, 22, 10, 30)
    cid = int(Customer.get(Customer.display_name == "买家0").id)
    for text in ("包装破损", "物流太慢"):
        fb.log_feedback(fb.FeedbackInput(cid, fb.COMPLAINT, text), now=now)
    fu.create_followup(fu.FollowUpInput(cid, "回访", datetime(2026, 11, 25, 10)), now=now)
    cs.add_note(cid, "喜欢玫瑰香型", now=now)

    detail = _confirmation_of_undo(qtbot, window)
    # Said before the merchant confirms: their feedback and follow-up go with the customers.
    assert "2 feedback entr" in detail and "1 follow-up" in detail and "1 note" in detail
    assert "any notes or tags" not in detail
    assert Customer.select().count() == 2  # cancelled: nothing removed


def test_undo_of_one_customer_is_not_plural(qtbot, window, tmp_path) -> None:
    window.imports.import_files([_export(tmp_path, n=1)])
    _receipt(qtbot).accept()
    detail = _confirmation_of_undo(qtbot, window)
    assert "1 customer" in detail and "1 customers" not in detail
    assert "1 order" in detail and "1 orders" not in detail


def test_undo_of_a_customer_list_says_nothing_of_orders(qtbot, window, tmp_path) -> None:
    # "0 orders it added are removed" / "0 orders removed" for a customers_export.
    from desktop_crm.services.importing.records import ParsedCustomer

    people = [ParsedCustomer(row=0, platform="shopify", buyer_key="a@example.com",
                             display_name="Ann", email="a@example.com")]  # fmt: skip
    path = write_export("shopify", people, tmp_path / "customers_export.csv")
    window.imports.import_files([path])
    _receipt(qtbot).accept()
    detail = _confirmation_of_undo(qtbot, window)
    assert "order" not in detail and "1 customer(s) it created are removed." in detail
    batch = engine.history()[0].batch_id
    result = engine.undo_batch(batch, now=datetime(2026, 11, 22, 10, 30))
    # Named by its file, as the confirmation named it (its number is shown nowhere).
    assert window.imports.undone_text(result, "customers_export.csv") == (
        "The import of customers_export.csv was undone: 1 customer(s) removed."
    )
    nothing = dataclasses.replace(result, customers_removed=0)
    assert window.imports.undone_text(nothing, "%2.csv") == "The import of %2.csv was undone."


def test_a_storage_error_is_shown_in_the_windows_language(
    qtbot, qapp, window, tmp_path, monkeypatch
) -> None:
    from desktop_crm.app import install_translators
    from desktop_crm.errors import CrmError

    window.imports.import_files([_export(tmp_path)])
    _receipt(qtbot).accept()

    def full(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise CrmError(
            "Disk full: there is no room left to write the database (or it reached its size "
            "limit). Nothing was changed; free some space and try again."
        )

    monkeypatch.setattr(engine, "undo_batch", full)
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: seen.append(a[2])))
    translators = install_translators(qapp, "zh_CN")
    try:
        QTimer.singleShot(
            50,
            lambda: next(
                b
                for b in QApplication.activeModalWidget().buttons()
                if b.text() in ("撤销导入", "Undo import")
            ).click(),
        )
        window.imports.undo(engine.history()[0].batch_id)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # the undo runs as a job
    finally:
        for t in translators:
            qapp.removeTranslator(t)
    assert seen and seen[0].startswith("磁盘已满"), seen


def _threads_calling(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    """Wrap `module.name`: the returned list gets the name of each thread that calls it."""
    import threading

    threads: list[str] = []
    real = getattr(module, name)

    def recorded(*a, **k):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread().name)
        return real(*a, **k)

    monkeypatch.setattr(module, name, recorded)
    return threads


def test_an_undo_runs_off_the_gui_thread(
    qtbot, app, db_path, ui_state, tmp_path, monkeypatch, answers
) -> None:
    # Undoing a 100k-order import froze the window for 3 s with no sign of life.
    import threading

    w = MainWindow(db_path, ui_state, runner=JobRunner())
    qtbot.addWidget(w)
    engine.import_file(_export(tmp_path), now=NOW)
    threads = _threads_calling(monkeypatch, engine, "undo_batch")

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        next(b for b in box.buttons() if b.text() == "Undo import").click()

    QTimer.singleShot(50, confirm)
    w.imports.undo(engine.history()[0].batch_id)
    qtbot.waitUntil(lambda: any("was undone" in a for a in answers), timeout=5000)
    assert threads and threads[0] != threading.main_thread().name
    assert Order.select().count() == 0
    w.close()


def test_undoing_a_customer_list_says_it_takes_its_tags_and_changes_back(window, tmp_path) -> None:
    from desktop_crm.services.importing.records import ParsedCustomer

    alice = ParsedOrder(
        row=0, platform="shopify", order_no="#1001", ordered_at=datetime(2026, 10, 1, 9),
        status="completed", paid=5000, currency="USD", buyer_key="alice@example.com",
        buyer_name="Alice", email="alice@example.com",
    )  # fmt: skip
    engine.import_file(write_export("shopify", [alice], tmp_path / "orders_export.csv"), now=NOW)
    listed = ParsedCustomer(
        row=0, platform="shopify", email="alice@example.com", tags=["VIP", "Wholesale"],
        display_name="Alice Smith", real_name="Alice Smith", phone="+1 415 555 0100",
    )  # fmt: skip
    people = write_export(
        "shopify", [listed], tmp_path / "customers_export.csv", layout="customers"
    )
    batch = int(engine.import_file(people, now=NOW).batch_id or 0)
    detail = window.imports.undo_detail(batch, engine.undo_impact(batch))
    assert detail == (
        "1 customer(s) it changed are put back as they were. 2 tag(s) it gave to customers "
        "are taken off."
    )


def test_big_counts_are_written_with_thousands_separators(qtbot, window) -> None:
    # "Rows read: 5000", "95000 order(s) it added are removed": the lists write 5,000.
    from PySide6.QtWidgets import QLabel

    receipt = dataclasses.replace(
        _big_receipt(0), rows_read=105_000, orders_added=95_000, customers_added=41_957
    )
    dialog = ReceiptDialog(receipt, window, window.imports.ui_state)
    qtbot.addWidget(dialog)
    summary = dialog.findChild(QLabel, "receiptSummary").text()
    assert "Rows read: 105,000" in summary and "95,000 added" in summary
    assert "41,957 added" in summary
    detail = window.imports.undo_detail(0, {"order_add": 95_000, "order_update": 12})
    assert detail.startswith("95,000 order(s) it added are removed. 12 order(s) it changed")


def test_a_receipts_skipped_rows_can_be_saved_and_copied(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    # Once the wizard was closed, the Imports page's receipt was the only place left with
    # the skipped rows: it had no Save, and Ctrl+A, Ctrl+C copied one cell.
    import openpyxl

    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QPushButton, QTableView

    receipt = engine.import_file(_export(tmp_path, bad_row=True), now=NOW)
    dialog = ReceiptDialog(receipt, window, window.imports.ui_state)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableView, "rejectedRows")
    table.selectAll()
    qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
    assert QApplication.clipboard().text().startswith("2\t")  # the row, then its reason
    target = tmp_path / "out" / "skipped"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.findChild(QPushButton, "saveSkipped").click()
    sheet = openpyxl.load_workbook(target.with_suffix(".xlsx")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("File", "Row", "Reason") and len(rows) == 2
    assert rows[1][:2] == ("ExportOrderList202610010900.csv", 2)


def _big_receipt(rows: int) -> engine.ImportReceipt:
    from desktop_crm.services.importing.records import Rejected

    return engine.ImportReceipt(
        file="ExportOrderList.csv", platform="taobao", kind="orders", rows_read=rows,
        rejected=[Rejected(row=i + 2, reason="missing order number") for i in range(rows)],
    )  # fmt: skip


def test_saving_many_skipped_rows_runs_off_the_gui_thread_and_can_be_cancelled(
    qtbot, app, db_path, ui_state, tmp_path, monkeypatch, answers
) -> None:
    # 100k skipped rows took 5 s to save, the window frozen and no sign of life.
    import threading

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop_crm.views import import_actions

    w = MainWindow(db_path, ui_state, runner=JobRunner())
    qtbot.addWidget(w)
    dialog = ReceiptDialog(_big_receipt(5000), w, w.imports.ui_state, w.runner)
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "skipped.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    real = import_actions.write_table
    threads = _threads_calling(monkeypatch, import_actions, "write_table")
    save = dialog.findChild(QPushButton, "saveSkipped")
    save.click()
    assert not save.isEnabled()  # one write at a time
    qtbot.waitUntil(save.isEnabled, timeout=20000)
    assert threads and threads[0] != threading.main_thread().name
    assert target.exists() and answers == []

    # Cancel: no file, and the merchant is told.
    target.unlink()
    started = threading.Event()
    release = threading.Event()

    def slow(*a, **k):  # noqa: ANN002, ANN003, ANN202
        started.set()
        release.wait(10)
        return real(*a, **k)

    monkeypatch.setattr(import_actions, "write_table", slow)
    save.click()
    qtbot.waitUntil(started.is_set, timeout=5000)
    progress = dialog.findChild(QProgressDialog, "skippedRowsProgress")
    assert progress is not None
    progress.findChild(QPushButton).click()  # its Cancel
    release.set()
    qtbot.waitUntil(save.isEnabled, timeout=20000)
    assert not target.exists()
    assert answers == ["information: Cancelled. No file was written."]
    w.close()


def test_a_cancel_while_the_workbook_is_zipped_still_leaves_no_file(
    qtbot, app, ui_state, tmp_path, monkeypatch, answers, gate
) -> None:
    # Cancel was only heard between rows: pressed while openpyxl zipped the workbook (the
    # last 4% of a 100k-row save), the file was written and nothing was said.
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop_crm.reports import xlsx

    runner = JobRunner()
    dialog = ReceiptDialog(_big_receipt(3000), None, ui_state, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "skipped.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    zipping, zipped = gate(xlsx, "save_workbook")
    save = dialog.findChild(QPushButton, "saveSkipped")
    save.click()
    qtbot.waitUntil(zipping.is_set, timeout=5000)
    dialog.findChild(QProgressDialog, "skippedRowsProgress").findChild(QPushButton).click()
    zipped.set()
    qtbot.waitUntil(save.isEnabled, timeout=10000)
    runner.shutdown()
    assert not target.exists()
    assert answers == ["information: Cancelled. No file was written."]
