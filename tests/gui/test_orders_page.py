"""The Orders page and the import history, driven as a user would."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.history_page import HistoryPage
from desktop_crm.views.import_actions import ImportController, ReceiptDialog
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.orders_page import OrderDialog, OrdersPage, OrderTableModel
from desktop_crm.views.segment_dialogs import money_from_text

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> engine.ImportReceipt:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(7000000000000000000 + i),
            ordered_at=datetime(2026, 10, 1, 9, 0) + timedelta(days=i), status=st,
            paid=paid, refunded=paid if st == "refunded" else 0, currency="CNY",
            buyer_key=buyer, buyer_name=buyer, item_summary="玫瑰精油香皂",
            items=[ParsedItem("玫瑰精油香皂", sku="R-1", quantity=1, price=paid)],
        )
        for i, (st, paid, buyer) in enumerate([
            ("completed", 12900, "小美"), ("shipped", 5900, "小美"), ("refunded", 2900, "阿杰"),
            ("completed", 45000, "tb_lucky"),
        ])
    ]  # fmt: skip
    detail = write_export(
        "taobao", orders, tmp_path / "ExportOrderDetailList202610010900.csv", layout="details"
    )
    assert detail.exists()
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202610010900.csv")
    return engine.import_file(path, now=NOW)


@pytest.fixture
def page(qtbot, app, ui_state, shop) -> OrdersPage:
    w = OrdersPage(ui_state)
    qtbot.addWidget(w)
    w.show()
    return w


def _numbers(page: OrdersPage) -> list[str]:
    m = page.model
    return [m.data(m.index(r, 2)) for r in range(m.rowCount())]


def test_order_model_passes_qtmodeltester(qtmodeltester, shop) -> None:
    model = OrderTableModel()
    model.refresh()
    qtmodeltester.check(model, force_py=True)


def test_find_by_number_buyer_status_and_amount(qtbot, page: OrdersPage, type_text) -> None:
    assert _numbers(page)[0] == "7000000000000000003"  # newest first
    type_text(page.search_edit, "7000000000000000002")
    qtbot.waitUntil(lambda: _numbers(page) == ["7000000000000000002"], timeout=5000)
    page.search_edit.clear()
    type_text(page.search_edit, "小美")
    qtbot.waitUntil(lambda: len(_numbers(page)) == 2, timeout=5000)
    page.search_edit.clear()
    page.apply_filter()
    index = page.status_combo.findData("refunded")
    page.status_combo.setCurrentIndex(index)
    page.status_combo.activated.emit(index)
    assert _numbers(page) == ["7000000000000000002"]
    page.status_combo.setCurrentIndex(0)
    page.status_combo.activated.emit(0)
    type_text(page.min_edit, "100")
    qtbot.waitUntil(
        lambda: _numbers(page) == ["7000000000000000003", "7000000000000000000"], timeout=5000
    )
    assert "2 order(s)" in page.count_label.text()


def test_with_a_runner_filters_query_on_the_worker(qtbot, app, ui_state, shop, monkeypatch) -> None:
    # 350,000 orders took 320-760 ms to query on the window's thread, on every filter change
    # and each time the page was shown again.
    import threading

    from desktop_crm.services import order_list

    threads: list[str] = []
    real = order_list.list_ids

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(order_list, "list_ids", spy)
    runner = JobRunner()
    try:
        page = OrdersPage(ui_state, runner=runner)
        qtbot.addWidget(page)
        page.show()
        page.refresh()  # the page shown again: old rows stay until the new ones arrive
        assert page.model.is_sorting() and page.count_label.text() == "Searching…"
        qtbot.waitUntil(lambda: len(_numbers(page)) == 4, timeout=5000)
        assert page.count_label.text() == "4 order(s)"
        index = page.status_combo.findData("refunded")
        page.status_combo.setCurrentIndex(index)
        page.status_combo.activated.emit(index)
        assert len(_numbers(page)) == 4  # not yet: the worker is querying
        qtbot.waitUntil(lambda: _numbers(page) == ["7000000000000000002"], timeout=5000)
        assert threads and all(name.startswith("crm-job") for name in threads), threads
        # Return in the search box goes to the first row: that search is answered at once.
        page.status_combo.setCurrentIndex(0)
        page.search_edit.setText("小美")
        page.search_edit.setFocus()
        qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
        assert len(_numbers(page)) == 2 and page.table.currentIndex().row() == 0
        assert threads[-1] == threading.main_thread().name
    finally:
        runner.shutdown()


def test_open_order_shows_items_customer_and_batch(qtbot, page: OrdersPage, shop) -> None:
    page.table.selectRow(page.model.row_of(1))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OrderDialog), timeout=2000)
    dialog = QApplication.activeModalWidget()
    assert dialog.items_model.rowCount() == 1 and dialog.items_model.item(0)[1] == "R-1"
    texts = " ".join(label.text() for label in dialog.findChildren(type(page.count_label)))
    assert "ExportOrderList202610010900.csv" in texts and "小美" in texts
    with qtbot.waitSignal(dialog.customer_requested):
        qtbot.mouseClick(dialog.customer_button, Qt.MouseButton.LeftButton)


def test_amount_parsing() -> None:
    assert money_from_text("1,234.50") == 123450
    assert money_from_text("¥99") == 9900 and money_from_text("€ 5") == 500
    for bad in ("abc", "", "-1", "NaN", "inf", "-inf"):
        assert money_from_text(bad) is None, bad
    # Beyond SQLite's integers: the largest one (a bigger one raised OverflowError in the query).
    assert money_from_text("1e400") == money_from_text("99999999999999999999999") == 2**63 - 1


def test_a_huge_amount_filters_to_nothing_instead_of_failing(qtbot, app, ui_state, shop) -> None:
    page = OrdersPage(ui_state)
    qtbot.addWidget(page)
    page.min_edit.setText("1e400")
    page.apply_filter()
    assert page.model.rowCount() == 0


def test_history_page_lists_batches_shows_receipt(qtbot, app, ui_state, shop, monkeypatch) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    controller = ImportController(window, JobRunner(synchronous=True), ui_state)
    history = HistoryPage(controller)
    qtbot.addWidget(history)
    history.show()
    assert history.model.rowCount() == 1
    assert history.model.item(0).orders_added == 4
    history.table.selectRow(0)
    history.show_receipt()
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), ReceiptDialog), timeout=2000
    )
    QApplication.activeModalWidget().accept()
    undone: list[int] = []
    monkeypatch.setattr(controller, "undo", lambda batch_id: undone.append(batch_id))
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert undone == [shop.batch_id]


def test_a_column_without_a_sort_keeps_the_arrow_where_the_rows_are_sorted(
    qtbot, page: OrdersPage
) -> None:
    # Clicking Items showed the sort arrow there while the rows kept their order.
    model, header = page.model, page.table.horizontalHeader()
    unsortable = next(c for c in range(model.columnCount()) if not model.sortable(c))
    before = model.sort_state()
    header.setSortIndicator(unsortable, Qt.SortOrder.AscendingOrder)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == before


def test_return_or_down_in_the_search_goes_to_the_list(qtbot, page: OrdersPage) -> None:
    # Return in the Orders search did nothing (Customers, Follow-ups and Feedback went to the
    # list); Down did nothing on any page. Every search box now leads to its list.
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Down):
        page.table.setCurrentIndex(page.model.index(-1, -1))
        page.search_edit.setFocus()
        qtbot.keyClick(page.search_edit, key)
        assert page.focusWidget() is page.table
        assert page.table.currentIndex().row() == 0


def test_the_buyers_platform_account_finds_their_orders_after_a_rename(
    qtbot, page: OrdersPage, type_text
) -> None:
    # Merchants search by the Taobao nickname the back office shows: once the customer was
    # renamed, the Customers page still found them by it (README) and the Orders page did not.
    from desktop_crm.services import customers as svc
    from desktop_crm.services import order_list

    lucky = order_list.list_ids(order_list.OrderFilter(text="7000000000000000003"))
    cid = order_list.fetch_rows(lucky)[lucky[0]].customer_id  # tb_lucky's order
    data = svc.to_input(svc.get_customer(cid))
    data.display_name = "幸运王先生"
    svc.update_customer(cid, data, today=NOW.date(), now=NOW)
    for text in ("tb_lucky", "lucky", "tb"):  # trigram index and LIKE (1-2 characters)
        page.search_edit.clear()
        qtbot.keyClicks(page.search_edit, text)
        qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
        assert _numbers(page) == ["7000000000000000003"], text
    page.search_edit.clear()
    type_text(page.search_edit, "幸运王")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert _numbers(page) == ["7000000000000000003"]


def test_a_search_typed_in_full_width_finds_the_order(qtbot, page: OrdersPage, type_text) -> None:
    # An input method in full-width mode types ７０００… and ｔｂ＿ｌｕｃｋｙ: nothing was found.
    type_text(page.search_edit, "７０００００００００００００００００２")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert _numbers(page) == ["7000000000000000002"]
    page.search_edit.clear()
    type_text(page.search_edit, "ｔｂ＿ｌｕｃｋｙ")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert _numbers(page) == ["7000000000000000003"]


def test_amounts_are_read_as_merchants_type_them() -> None:
    # 100元, ¥1 000 and full-width digits were unreadable: the filter was silently dropped.
    assert money_from_text("100元") == money_from_text("１００") == 10000
    assert (
        money_from_text("¥1 000") == money_from_text("1 000") == money_from_text("1,000") == 100000
    )
    assert money_from_text("￥１，０００．５") == 100050
    assert money_from_text("RMB 99.9") == 9990
    for bad in ("abc", "100abc", "1..2", "(5)"):
        assert money_from_text(bad) is None, bad


def test_an_unreadable_amount_or_a_reversed_range_is_marked_at_the_field(
    qtbot, page: OrdersPage, type_text
) -> None:
    # "abc" left every order listed as if filtered; 500 – 100 emptied the list without a word
    # at the field (the Customers spend range said so in red).
    every = _numbers(page)
    qtbot.keyClicks(page.min_edit, "abc")
    qtbot.keyClick(page.min_edit, Qt.Key.Key_Return)
    page.apply_filter()
    assert _numbers(page) == every
    assert "not an amount" in page.min_edit.toolTip().lower()
    assert "c62828" in page.min_edit.styleSheet()
    page.min_edit.clear()
    assert page.min_edit.toolTip() == page.min_edit.styleSheet() == ""
    type_text(page.min_edit, "100元")
    page.apply_filter()
    assert _numbers(page) == ["7000000000000000003", "7000000000000000000"]
    assert page.min_edit.toolTip() == ""
    page.min_edit.clear()
    qtbot.keyClicks(page.min_edit, "500")
    qtbot.keyClicks(page.max_edit, "100")
    page.apply_filter()
    assert _numbers(page) == []
    assert "below" in page.max_edit.toolTip() and "c62828" in page.max_edit.styleSheet()
    assert page.min_edit.toolTip() == ""
    page.max_edit.clear()
    qtbot.keyClicks(page.max_edit, "5000")
    assert page.max_edit.toolTip() == page.max_edit.styleSheet() == ""
