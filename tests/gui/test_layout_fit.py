"""Every page and dialog fits a 1024×600 screen, in English and in Chinese, and the lists show
the facts they are for (order numbers, dates, why two customers look alike) without eliding
them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget

from desktop_crm.views.layout import cell_width
from desktop_crm.views.main_window import MainWindow

# A 1024×600 screen less a 40-pixel taskbar; `resize_within_screen` keeps 60 more for the
# title bar.
ROOM = QRect(0, 0, 1024, 560)
WINDOW_HEIGHT = ROOM.height() - 60
PDD_ORDER_NO = "261121-000221051621906"


@pytest.fixture
def small_screen(monkeypatch: pytest.MonkeyPatch) -> QRect:
    """The screen's free room as a 1024×600 laptop has it (for windows sized in Python)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(ROOM))
    return ROOM


@pytest.fixture
def window(language, shop_window: MainWindow, tmp_path: Path) -> MainWindow:
    """The shop window, in `language`, with rated and resolved feedback (the Feedback page's
    figures then say the most) and a Pinduoduo order."""
    from desktop_crm.db import db
    from desktop_crm.services import feedback as fb
    from desktop_crm.services.importing import engine
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export

    customer = int(db.execute_sql("SELECT id FROM customer ORDER BY id").fetchone()[0])
    now = datetime.now().replace(microsecond=0) - timedelta(days=2)
    for rating, kind in ((5, fb.PRAISE), (4, fb.SUGGESTION), (2, fb.COMPLAINT)):
        fid = fb.log_feedback(
            fb.FeedbackInput(customer, kind, "包装破损", channel="旺旺", rating=rating), now=now
        )
    fb.resolve(fid, "Explained and sent a small gift", now=now + timedelta(hours=30))
    order = ParsedOrder(
        row=0, platform="pdd", order_no=PDD_ORDER_NO, ordered_at=datetime(2026, 11, 21, 10, 24),
        status="pending", paid=24700, currency="CNY", buyer_name="李**", real_name="李**",
        real_name_masked=True, phone="138****8000", phone_masked=True, city="宁波市",
        address="中山路9号",
    )  # fmt: skip
    engine.import_file(
        write_export("pdd", [order], tmp_path / "orders_export.csv"), platform="pdd",
        now=datetime(2026, 11, 22, 10, 0),
    )  # fmt: skip
    shop_window.feedback_page.update_satisfaction()
    shop_window.feedback_page.apply_filter()
    shop_window.orders_page.apply_filter()
    return shop_window


def test_the_window_fits_a_1024_by_600_screen_on_every_page(window: MainWindow) -> None:
    # The Feedback page (four figures in a row and the filters) asked for 865 pixels beside
    # the 184-pixel sidebar: the English window could not be narrower than 1049.
    too_big = {}
    for i in range(window.pages.count()):
        window.pages.setCurrentIndex(i)
        hint = window.minimumSizeHint()
        if hint.width() > ROOM.width() - 20 or hint.height() > WINDOW_HEIGHT:
            page = window.pages.widget(i)
            too_big[type(page).__name__] = (hint.width(), page.minimumSizeHint().width())
    assert too_big == {}


def _fits(view: QAbstractItemView, column: int, text: str) -> bool:
    return cell_width(view, [text]) <= view.horizontalHeader().sectionSize(column)  # type: ignore[attr-defined]


def test_orders_show_the_order_number_and_status_whole(window: MainWindow) -> None:
    from desktop_crm.views.labels import status_name
    from desktop_crm.views.orders_page import OrderTableModel

    window.resize(1024, 600)
    window.show_page("orders")
    table = window.orders_page.table
    assert _fits(table, OrderTableModel.COL_ORDER_NO, PDD_ORDER_NO)
    assert _fits(table, OrderTableModel.COL_ORDER_NO, "7100000000000000003")
    assert _fits(table, OrderTableModel.COL_STATUS, status_name("pending"))


def test_feedback_order_and_resolution_are_on_screen_at_1280(window: MainWindow) -> None:
    from desktop_crm.views.feedback_page import FeedbackTableModel as M

    window.resize(1280, 800)
    window.show_page("feedback")
    QApplication.processEvents()
    table = window.feedback_page.table
    header = table.horizontalHeader()
    assert _fits(table, M.COL_ORDER, PDD_ORDER_NO)
    right = header.sectionViewportPosition(M.COL_RESOLUTION) + header.sectionSize(M.COL_RESOLUTION)
    assert right <= table.viewport().width(), "the Resolution column is cut at the right edge"


def test_follow_up_titles_keep_their_order_number(window: MainWindow) -> None:
    from desktop_crm.views.followup_dialogs import automatic_title
    from desktop_crm.views.followups_page import FollowUpTableModel as M

    title = f"{automatic_title('after_sale')}: {PDD_ORDER_NO}"
    assert _fits(window.followups_page.table, M.COL_TITLE, title)


def test_the_customer_pane_fits_beside_the_list_at_1024(window: MainWindow) -> None:
    from PySide6.QtWidgets import QScrollArea

    from desktop_crm.views.customer_model import COL_LAST

    window.resize(1024, 600)
    window.show_page("customers")
    page = window.customers_page
    page.table.selectRow(0)
    QApplication.processEvents()
    detail = page.detail
    scroll = detail.findChild(QScrollArea)
    body = scroll.widget()
    # Nothing wider than the pane: the tab bar scrolls its tabs, the labels wrap, and the
    # Points tab's row of buttons scrolls on its own.
    assert body.minimumSizeHint().width() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()
    # The list shows whole dates up to the last order.
    table = page.table
    header = table.horizontalHeader()
    assert _fits(table, COL_LAST, "2026-11-23")
    right = header.sectionViewportPosition(COL_LAST) + header.sectionSize(COL_LAST)
    assert right <= table.viewport().width()


def test_members_list_gives_the_table_the_room(window: MainWindow) -> None:
    from desktop_crm.views.members_page import COL_LAST

    window.resize(1024, 600)
    window.show_page("members")
    QApplication.processEvents()
    page = window.members_page
    assert page.tier_list.width() < 200
    header = page.table.horizontalHeader()
    right = header.sectionViewportPosition(COL_LAST) + header.sectionSize(COL_LAST)
    assert right <= page.table.viewport().width()
    assert _fits(page.table, COL_LAST, "2026-11-23")


def _reachable(dialog: QDialog, room: QRect) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.show()
    QApplication.processEvents()
    assert dialog.minimumSizeHint().height() <= room.height() - 60, dialog.minimumSizeHint()
    assert dialog.height() <= room.height() - 60, dialog.size()
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None and box.isVisible()
    bottom = box.mapTo(dialog, box.rect().bottomLeft()).y()
    assert bottom <= dialog.height()


def test_the_settings_dialog_fits_with_its_buttons(window: MainWindow, small_screen) -> None:
    dialog = window.open_settings()
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        _reachable(dialog, small_screen)
    dialog.reject()


def test_the_export_dialog_fits_with_its_buttons(qtbot, window: MainWindow, small_screen) -> None:
    from datetime import date

    from desktop_crm.views.export_dialog import ExportDialog

    dialog = ExportDialog(window.runner, window._ui, today=date(2026, 11, 23), parent=window)
    qtbot.addWidget(dialog)
    _reachable(dialog, small_screen)


def test_the_merge_review_fits_with_its_buttons(qtbot, window: MainWindow, small_screen) -> None:
    from desktop_crm.db import db
    from desktop_crm.views.merge_dialog import MergeDialog

    a, b = (int(r[0]) for r in db.execute_sql("SELECT id FROM customer LIMIT 2").fetchall())
    dialog = MergeDialog(a, b, window)
    qtbot.addWidget(dialog)
    _reachable(dialog, small_screen)
    assert dialog.merge_button.isVisible()


def test_the_tier_table_shows_every_column_without_a_scroll_bar(window: MainWindow) -> None:
    from desktop_crm.views.loyalty_settings import COL_BENEFITS, LoyaltySettingsPage

    dialog = window.open_settings()
    page = dialog.findChild(LoyaltySettingsPage)
    dialog.tabs.setCurrentWidget(page)
    QApplication.processEvents()
    table = page.tier_table
    assert not table.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    assert header.sectionSize(COL_BENEFITS) >= 60
    # The Add tier button sits below the table, not over its bottom edge.
    button_top = page.add_tier_button.mapTo(page, page.add_tier_button.rect().topLeft()).y()
    table_bottom = table.mapTo(page, table.rect().bottomLeft()).y()
    assert button_top > table_bottom
    dialog.reject()


def test_menu_buttons_keep_room_for_their_arrow(window: MainWindow) -> None:
    from PySide6.QtWidgets import QPushButton, QStyle

    window.show_page("dashboard")
    buttons = [box.menu_button for box in window.dashboard_page.charts.values() if box.menu_button]
    buttons.append(window.duplicates_page.show_button)
    for button in buttons:
        assert button.menu() is not None
        # A push button with a menu lays its arrow out beside the text (a tool button drew
        # it over the last letters).
        assert isinstance(button, QPushButton)
        arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
        text = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        assert button.sizeHint().width() >= text + arrow


def test_the_first_card_says_it_counts_buying_customers(window: MainWindow, language) -> None:
    card = window.dashboard_page.cards["customers"]
    title = QCoreApplication.translate("DashboardPage", "Buyers to date")
    assert any(title in w.text() for w in card.findChildren(QWidget) if hasattr(w, "text"))


def test_empty_lists_say_so(window: MainWindow, language) -> None:
    from desktop_crm.services import backup

    page = window.backups_page
    page.refresh()
    if not backup.list_backups():
        assert page.empty_label.isVisibleTo(page) and not page.table.isVisibleTo(page)
        assert page.empty_label.text()
    states = [
        window.history_page.model.data(window.history_page.model.index(r, 9))
        for r in range(window.history_page.model.rowCount())
    ]
    assert states and all(states)
    detail = window.customers_page.detail
    detail.show_customer(window.customers_page.model.id_at(0))
    assert not detail.notes_empty.isHidden() and detail.notes_list.isHidden()
    assert detail.notes_empty.text()


def test_the_analytics_tab_has_the_profile_tabs_margins(window: MainWindow) -> None:
    detail = window.customers_page.detail
    analytics = detail.analytics.layout().contentsMargins()
    profile = detail.profile_form.contentsMargins()
    assert (analytics.left(), analytics.top()) == (profile.left(), profile.top())


def test_one_purchase_is_singular_in_english(qapp, shop_window: MainWindow) -> None:
    from desktop_crm.app import install_translators

    translators = install_translators(qapp, "en")
    try:
        source = "%n purchase(s), %1 in total; last on %2"
        words = [
            QCoreApplication.translate("CustomerDetailView", source, "", n).split(",")[0]
            for n in (1, 2)
        ]
        if "(s)" in words[0]:
            pytest.skip("the English plural of the purchases line is not translated yet")
        assert words == ["1 purchase", "2 purchases"]
        page = shop_window.customers_page
        page.detail.show_customer(page.model.id_at(0))
        assert page.detail.summary.text().startswith("2 purchases,")  # each buyer has two
    finally:
        for t in translators:
            qapp.removeTranslator(t)
