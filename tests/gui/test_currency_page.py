"""Settings ▸ Currency: a rate typed for USD makes its orders count; a bad one is refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_crm.db import db
from desktop_crm.services import currency
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.currency_page import CurrencyPage
from desktop_crm.views.settings_dialog import SettingsDialog

NOW = datetime(2026, 11, 22, 10, 0)


def _order(platform: str, no: str, key: str, paid: int, code: str) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform=platform, order_no=no, ordered_at=NOW - timedelta(days=3),
        status="completed", paid=paid, currency=code, buyer_key=key, buyer_name=key,
        email=key if "@" in key else None, item_summary="soap",
        items=[ParsedItem("soap", price=paid)],
    )  # fmt: skip


def _usd_shop(folder: Path) -> None:
    """A CNY store (its first import) and one Shopify buyer who paid in USD."""
    taobao = [_order("taobao", "2039000000000000001", "tb_li", 10_000, "CNY")]
    path = write_export("taobao", taobao, folder / "ExportOrderList202611221000.csv")
    engine.import_file(path, now=NOW)
    shopify = [_order("shopify", "#1001", "usd@example.com", 80_000, "USD")]
    path = write_export("shopify", shopify, folder / "orders_export.csv")
    engine.import_file(path, platform="shopify", now=NOW)


@pytest.fixture
def dialog(settings_dialog_on, db_path: Path, tmp_path: Path) -> SettingsDialog:
    _usd_shop(tmp_path)
    page = CurrencyPage(clock=lambda: NOW)
    d = settings_dialog_on("Currency", page)
    d.currency = page
    return d


def _usd_total() -> int:
    row = db.execute_sql(
        "SELECT c.total_paid FROM customer c JOIN channel_identity i ON i.customer_id = c.id "
        "WHERE i.buyer_key = 'usd@example.com'"
    ).fetchone()
    return int(row[0])


def _type_rate(qtbot, page: CurrencyPage, text: str) -> None:
    table = page.table
    assert table.item(0, 0).text() == "USD" and table.item(0, 1).text() == "1"
    table.setFocus()
    table.setCurrentCell(0, 2)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parent() is table.viewport()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(0, 2).text() == text)  # the delegate commits queued


def test_ok_while_a_rate_is_still_being_typed_takes_it(
    qtbot, settings_ok, dialog: SettingsDialog
) -> None:
    table = dialog.currency.table
    table.setFocus()
    table.setCurrentCell(0, 2)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.keyClicks(QApplication.focusWidget(), "7")
    settings_ok(dialog)
    assert _usd_total() == 560_000


def test_a_rate_typed_and_saved_with_ok_counts_the_orders(
    qtbot, settings_ok, dialog: SettingsDialog
) -> None:
    page = dialog.currency
    assert "CNY" in page.store_label.text()
    assert _usd_total() == 0
    with qtbot.waitSignal(page.rates_saved):
        _type_rate(qtbot, page, "7.1")
        settings_ok(dialog)
    assert currency.rates() == {"USD": Decimal("7.1")}
    assert _usd_total() == 568_000


def test_a_bad_rate_is_refused_on_its_page_and_nothing_is_saved(
    qtbot, settings_ok, dialog: SettingsDialog
) -> None:
    page = dialog.currency
    dialog.tabs.setCurrentIndex(0)
    _type_rate(qtbot, page, "7,1x")
    settings_ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    assert "USD" in page.error.text()
    assert currency.rates() == {} and _usd_total() == 0


def test_a_shop_in_one_currency_says_there_is_nothing_to_convert(
    qtbot, app, ui_state, db_path: Path
) -> None:
    page = CurrencyPage()
    qtbot.addWidget(page)
    page.show()
    assert page.table.isHidden() and page.empty.isVisible()


def test_the_dashboard_warns_of_orders_left_out_until_a_rate_is_set(
    qtbot, app, ui_state, db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.services import effects
    from desktop_crm.views.dashboard_page import DashboardPage
    from desktop_crm.views.jobs import JobRunner

    _usd_shop(tmp_path)
    page = DashboardPage(JobRunner(synchronous=True), ui_state, today=lambda: NOW.date())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=10_000)
    assert page.currency_warning.isVisible()
    assert "USD" in page.currency_warning.text() and "1" in page.currency_warning.text()
    effects.set_currency_rates({"USD": "7"}, today=NOW.date(), now=NOW)
    page.refresh()
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=10_000)
    assert page.currency_warning.isHidden()


def test_the_dashboard_says_how_many_left_out_fall_in_its_period(
    qtbot, app, ui_state, db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.views.dashboard_page import LAST_MONTH, DashboardPage
    from desktop_crm.views.jobs import JobRunner

    _usd_shop(tmp_path)  # one USD purchase this month
    earlier = _order("shopify", "#1000", "usd@example.com", 50_000, "USD")
    earlier.ordered_at = NOW - timedelta(days=60)  # September
    path = write_export("shopify", [earlier], tmp_path / "orders_export_2.csv")
    engine.import_file(path, platform="shopify", now=NOW)
    page = DashboardPage(JobRunner(synchronous=True), ui_state, today=lambda: NOW.date())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=10_000)
    text = page.currency_warning.text()
    assert "2 purchase(s) in USD" in text and "1 of them in this period" in text
    page.period_combo.setCurrentIndex(page.period_combo.findData(LAST_MONTH))  # October
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=10_000)
    assert "None of them in this period" in page.currency_warning.text()


def test_the_customer_page_says_which_purchases_are_not_counted(
    qtbot, app, db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.services import effects
    from desktop_crm.views.customer_detail import CustomerDetailView

    _usd_shop(tmp_path)
    cid = db.execute_sql(
        "SELECT customer_id FROM channel_identity WHERE buyer_key = 'usd@example.com'"
    ).fetchone()[0]
    view = CustomerDetailView()
    qtbot.addWidget(view)
    view.show_customer(cid)
    summary = view.summary.text()
    assert "No purchases yet" not in summary
    assert "1 purchase(s) in USD not counted: no conversion rate is set" in summary
    effects.set_currency_rates({"USD": "7"}, today=NOW.date(), now=NOW)
    view.show_customer(cid)
    assert view.summary.text().startswith("1 purchase(s), ¥5,600.00 in total")
    assert "not counted" not in view.summary.text()


def test_the_store_currency_can_be_changed_and_the_rates_follow(
    qtbot, settings_ok, dialog: SettingsDialog
) -> None:
    page = dialog.currency
    with qtbot.waitSignal(page.rates_saved):
        _type_rate(qtbot, page, "7.1")
        page.apply()  # as OK does (the dialog stays open here)
    # The merchant picks USD: CNY becomes a row, its rate carried over (1 / 7.1).
    page.store_edit.setFocus()
    page.store_edit.lineEdit().selectAll()
    qtbot.keyClicks(page.store_edit.lineEdit(), "usd")
    assert "from CNY to USD" in page.store_label.text()
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["CNY"]
    assert page.table.item(0, 2).text() == "0.140845"
    assert page.table.horizontalHeaderItem(2).text() == "Rate (1 unit = ? USD)"
    with qtbot.waitSignal(page.rates_saved):
        settings_ok(dialog)
    assert currency.store_currency() == "USD"
    assert currency.rates() == {"CNY": Decimal("0.140845")}
    assert _usd_total() == 80_000  # the USD buyer's own currency now


def test_a_store_currency_that_is_not_a_code_is_refused_on_its_page(
    qtbot, settings_ok, dialog: SettingsDialog
) -> None:
    page = dialog.currency
    dialog.tabs.setCurrentIndex(0)
    page.store_edit.setCurrentText("US")
    settings_ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    assert "US is not a currency code" in page.error.text()
    assert currency.store_currency() == "CNY"


def test_a_rate_typed_before_changing_the_store_currency_is_carried_over(
    qtbot, dialog: SettingsDialog
) -> None:
    page = dialog.currency
    _type_rate(qtbot, page, "7.2")  # typed, not saved yet
    page.store_edit.setCurrentText("USD")
    assert page.table.item(0, 0).text() == "CNY" and page.table.item(0, 2).text() == "0.138889"
    page.store_edit.setCurrentText("CNY")  # back: the saved rates (none)
    assert page.table.item(0, 2).text() == ""


def test_the_customer_list_marks_a_total_that_leaves_purchases_out(
    qtbot, app, db_path: Path, tmp_path: Path
) -> None:
    # The list showed 0 orders and ¥0.00 for the USD buyer, with nothing to say why.
    from desktop_crm.services import effects
    from desktop_crm.views.customer_model import COL_TOTAL, CustomerTableModel

    _usd_shop(tmp_path)
    model = CustomerTableModel()
    model.refresh()

    def cell(key: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
        rows = [r for r in range(model.rowCount()) if key in model.data(model.index(r, 0))]
        return model.data(model.index(rows[0], COL_TOTAL), role) or ""

    assert cell("usd@example.com") == "¥0.00 *"
    tip = cell("usd@example.com", Qt.ItemDataRole.ToolTipRole)
    assert "1 purchase(s) in USD not counted: no conversion rate is set" in tip
    assert cell("tb_li") == "¥100.00" and not cell("tb_li", Qt.ItemDataRole.ToolTipRole)
    effects.set_currency_rates({"USD": "7"}, today=NOW.date(), now=NOW)
    model.refresh()
    assert cell("usd@example.com") == "¥5,600.00"


def test_the_member_list_marks_it_too(qtbot, app, db_path: Path, tmp_path: Path) -> None:
    # Next to the tier that total decides.
    from desktop_crm.views.members_page import COL_SPEND, MemberTableModel

    _usd_shop(tmp_path)
    model = MemberTableModel()
    model.refresh()
    (row,) = [r for r in range(model.rowCount()) if "usd@" in model.data(model.index(r, 0))]
    assert model.data(model.index(row, COL_SPEND)) == "¥0.00 *"
    tip = model.data(model.index(row, COL_SPEND), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("1 purchase(s) in USD not counted")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rate_above_the_limit_is_refused_as_too_large(
    qtbot, settings_ok, request, lang: str
) -> None:
    # It said "must be a number above 0 with at most 6 decimals", which 25000000 is.
    if lang == "zh":
        request.getfixturevalue("chinese")
    dialog = request.getfixturevalue("dialog")
    page = dialog.currency
    _type_rate(qtbot, page, "25000000")
    settings_ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    text = page.error.text()
    assert "USD" in text and "1,000,000" in text and "25000000" not in text
    said = {"en": "The rate for USD is too large: at most 1,000,000.",
            "zh": "USD 的汇率过大：最多为 1,000,000。"}  # fmt: skip
    assert text == said[lang]
    assert currency.rates() == {} and _usd_total() == 0
