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
