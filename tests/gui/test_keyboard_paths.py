"""Keyboard paths through the windows (DESIGN §6): where the focus starts, that it shows, and
that the keys a Qt user expects move between pages, panes and tabs."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLabel,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from desktop_crm.models import Order
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.customers_page import CustomerWindow
from desktop_crm.views.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _activate(qtbot, window: QWidget) -> None:
    """No window manager here: a window is made active by hand before keys are sent."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _open_customer_window(qtbot, w: MainWindow) -> CustomerWindow:
    page = w.customers_page
    w.show_page("customers")
    page.table.setCurrentIndex(page.model.index(0, 0))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window = page._windows[-1]
    qtbot.waitExposed(window)
    _activate(qtbot, window)
    return window


def _tab_chain(qtbot, start: QWidget, steps: int = 40) -> list[QWidget]:
    chain: list[QWidget] = []
    start.setFocus()
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is start:
            break
        chain.append(focus)
    return chain


# --- 1. the customer window: a visible start, tabs by keyboard -------------------------------


def test_customer_window_opens_on_its_tab_bar_and_frames_are_no_tab_stops(
    qtbot, shop_window: MainWindow
) -> None:
    # The window opened with the focus on the invisible scroll area around the profile: no
    # focus showed and Ctrl+Tab, Return and the arrows did nothing.
    window = _open_customer_window(qtbot, shop_window)
    assert QApplication.focusWidget() is window.detail.tabs.tabBar()
    chain = _tab_chain(qtbot, window.detail.edit_button)
    assert not [w for w in chain if isinstance(w, QScrollArea)], chain
    # The pane on the Customers page has no such stop either.
    page = shop_window.customers_page
    _activate(qtbot, shop_window)
    chain = _tab_chain(qtbot, page.table)
    assert page.detail.edit_button in chain
    assert not [w for w in chain if isinstance(w, QScrollArea)], chain


@pytest.mark.parametrize(
    ("key", "modifiers", "step"),
    [
        (Qt.Key.Key_Tab, CTRL, 1),
        (Qt.Key.Key_PageDown, CTRL, 1),
        (Qt.Key.Key_Backtab, CTRL | SHIFT, -1),
        (Qt.Key.Key_PageUp, CTRL, -1),
    ],
)
def test_ctrl_keys_turn_the_customer_tabs_wherever_the_focus_is(
    qtbot, shop_window: MainWindow, key, modifiers, step
) -> None:
    window = _open_customer_window(qtbot, shop_window)
    tabs = window.detail.tabs
    count = tabs.count()
    for start in (window.detail.edit_button, window.detail.privacy_button, tabs.tabBar()):
        tabs.setCurrentIndex(0)
        start.setFocus()
        qtbot.keyClick(start, key, modifiers)
        assert tabs.currentIndex() == step % count, (start, tabs.currentIndex())
    # From inside a page (the orders list): the tab turns and the focus goes to the tab bar
    # (the page it was on is hidden).
    tabs.setCurrentIndex(1)
    window.detail.orders_view.setFocus()
    qtbot.keyClick(window.detail.orders_view, key, modifiers)
    assert tabs.currentIndex() == (1 + step) % count
    assert QApplication.focusWidget() is tabs.tabBar()


def test_ctrl_tab_turns_the_pane_tabs_on_the_customers_page(qtbot, shop_window) -> None:
    page = shop_window.customers_page
    shop_window.show_page("customers")
    _activate(qtbot, shop_window)
    page.table.setCurrentIndex(page.model.index(0, 0))
    page.detail.edit_button.setFocus()
    qtbot.keyClick(page.detail.edit_button, Qt.Key.Key_Tab, CTRL)
    assert page.detail.tabs.currentIndex() == 1


_MNEMONIC = re.compile(r"&([^&])")


def test_every_customer_window_tab_has_its_own_alt_key(qtbot, shop_window) -> None:
    window = _open_customer_window(qtbot, shop_window)
    tabs = window.detail.tabs
    texts = [tabs.tabText(i) for i in range(tabs.count())]
    keyed = [t for t in texts if _MNEMONIC.search(t.replace("&&", ""))]
    assert keyed == texts
    # With each tab open, no two visible Alt keys of the window are the same.
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        keys: dict[str, list[str]] = defaultdict(list)
        found = [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
        found += [lb.text() for lb in window.findChildren(QLabel) if lb.buddy() and lb.isVisible()]
        for text in found + texts:
            if m := _MNEMONIC.search(text.replace("&&", "")):
                keys[m.group(1).casefold()].append(text)
        assert {k: v for k, v in keys.items() if len(v) > 1} == {}, texts[i]
    # Alt+T opens Notes, Alt+C Analytics, Alt+P Points, Alt+F back to the Profile.
    keys = (("t", Qt.Key.Key_T), ("c", Qt.Key.Key_C), ("p", Qt.Key.Key_P), ("f", Qt.Key.Key_F))
    for letter, key in keys:
        window.detail.edit_button.setFocus()
        qtbot.keyClick(window.detail.edit_button, key, ALT)
        assert f"&{letter}" in tabs.tabText(tabs.currentIndex()).casefold()


# --- 2. Edit from a customer's own window --------------------------------------------------


def test_edit_from_a_customer_window_opens_over_it_and_returns_there(
    qtbot, shop_window: MainWindow
) -> None:
    window = _open_customer_window(qtbot, shop_window)
    window.detail.edit_button.setFocus()
    qtbot.keyClick(window.detail.edit_button, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog.objectName() == "CustomerDialog"
    assert dialog.parentWidget().window() is window
    dialog.reject()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.isAncestorOf(QApplication.focusWidget())


# --- 3. pages by keyboard ------------------------------------------------------------------


def test_ctrl_digits_open_the_pages_in_sidebar_order(qtbot, shop_window: MainWindow) -> None:
    w = shop_window
    _activate(qtbot, w)
    w.show_page("customers")
    w.customers_page.search_edit.setFocus()
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
            Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0]  # fmt: skip
    for row, key in enumerate(keys):
        if w.pages.widget(row) is w.reports_page:
            continue  # its own Ctrl+9 and Ctrl+0 zoom the preview there (below)
        qtbot.keyClick(QApplication.focusWidget(), key, CTRL)
        assert w.sidebar.currentRow() == row, row
        page = w.pages.widget(row)
        assert page.isAncestorOf(QApplication.focusWidget()), (row, QApplication.focusWidget())
        assert "Ctrl+" in w.sidebar.item(row).toolTip()
    assert w.customers_page.search_edit.text() == ""  # no digit was typed anywhere
    # From the sidebar the focus stays in the sidebar.
    w.sidebar.setFocus()
    qtbot.keyClick(w.sidebar, Qt.Key.Key_3, CTRL)
    assert w.pages.currentWidget() is w.customers_page and w.sidebar.hasFocus()


def test_the_reports_page_keeps_its_own_ctrl_0(qtbot, shop_window: MainWindow) -> None:
    w = shop_window
    _activate(qtbot, w)
    w.show_page("reports")
    clashes = [
        a.shortcut().toString()
        for a in w.actions()
        if a.isEnabled() and a.shortcut().toString()
        for b in w.reports_page.findChildren(QAction)
        if b.shortcut().toString() == a.shortcut().toString()
    ]
    assert clashes == []
    w.show_page("customers")
    enabled = [a.shortcut().toString() for a in w.actions() if a.isEnabled()]
    assert "Ctrl+0" in enabled and "Ctrl+9" in enabled


def test_f6_moves_between_the_sidebar_and_the_page(qtbot, shop_window: MainWindow) -> None:
    w = shop_window
    _activate(qtbot, w)
    w.show_page("customers")
    w.customers_page.search_edit.setFocus()
    qtbot.keyClick(w.customers_page.search_edit, Qt.Key.Key_F6)
    assert w.sidebar.hasFocus()
    qtbot.keyClick(w.sidebar, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is w.customers_page.search_edit  # where it was
    qtbot.keyClick(w.customers_page.search_edit, Qt.Key.Key_F6, SHIFT)
    assert w.sidebar.hasFocus()
    qtbot.keyClick(w.sidebar, Qt.Key.Key_Down)  # Members, never visited: its first control
    qtbot.keyClick(w.sidebar, Qt.Key.Key_F6)
    assert w.members_page.isAncestorOf(QApplication.focusWidget())


def test_enter_on_a_member_puts_the_focus_on_that_customer_in_the_list(
    qtbot, shop_window: MainWindow
) -> None:
    w = shop_window
    _activate(qtbot, w)
    w.members_page.refresh()
    w.show_page("members")
    table = w.members_page.findChild(QWidget, "memberTable")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    page = w.customers_page
    assert w.pages.currentWidget() is page
    assert QApplication.focusWidget() is page.table
    assert page.current_customer_id() == page.detail.customer_id() is not None


# --- 4. the import wizard by keyboard ------------------------------------------------------


def test_the_import_wizard_by_keyboard_only(
    qtbot, shop_window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(7200000000000000000 + i),
            ordered_at=datetime(2026, 11, 1, 9, 0) + timedelta(days=i), status="completed",
            paid=5000, currency="CNY", buyer_key=f"键盘{i % 3}", buyer_name=f"键盘{i % 3}",
        )
        for i in range(6)
    ]  # fmt: skip
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611010900.csv")
    picked: list[list[str]] = [[]]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (picked[0], ""))
    )
    w = shop_window
    _activate(qtbot, w)
    before = Order.select().count()
    qtbot.keyClick(w.sidebar, Qt.Key.Key_I, CTRL)  # the file dialog is cancelled
    wizard = QApplication.activeModalWidget()
    _activate(qtbot, wizard)
    assert QApplication.focusWidget() is wizard.add_button  # nothing listed: Add files…
    picked[0] = [str(path)]
    qtbot.keyClick(wizard.add_button, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: len(wizard.entries) == 1 and not wizard.is_reading())
    assert QApplication.focusWidget() is wizard.files and wizard.preview_model.rowCount() == 6
    # The platform: Tab to the file's "Import as", pick Taobao with the arrows.
    qtbot.keyClick(wizard.files, Qt.Key.Key_Tab)
    combo = wizard.files.cellWidget(0, 2)
    assert QApplication.focusWidget() is combo
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert wizard.entries[0].choice == "taobao"
    qtbot.waitUntil(lambda: not wizard.is_reading())  # its preview, read again as Taobao
    # The dry run (Alt+D), then the import (Enter in the list: Import is the default).
    qtbot.keyClick(combo, Qt.Key.Key_D, ALT)
    qtbot.waitUntil(lambda: wizard.result is not None and wizard.result.dry_run)
    qtbot.waitUntil(lambda: not wizard.running)
    assert Order.select().count() == before and wizard.tabs.currentIndex() == 2
    wizard.files.setFocus()
    qtbot.keyClick(wizard.files, Qt.Key.Key_Return)
    assert wizard.result is not None and not wizard.result.dry_run
    qtbot.waitUntil(lambda: not wizard.running)
    assert Order.select().count() == before + 6
    # The receipts show; Enter now closes (it imported the same files again).
    assert QApplication.focusWidget() is wizard.close_button and wizard.close_button.isDefault()
    qtbot.keyClick(wizard.close_button, Qt.Key.Key_Return)
    assert not wizard.isVisible()


# --- merge review --------------------------------------------------------------------------


def test_the_merge_review_opens_on_the_first_choice_and_enter_merges(
    qtbot, app, db_path, answers
) -> None:
    from desktop_crm.services import customers as svc
    from desktop_crm.views.merge_dialog import MergeDialog

    now = datetime(2026, 11, 22, 10, 0)
    kept = svc.create_customer(
        svc.CustomerInput(display_name="Lucy", phone="13800138000"), today=now.date(), now=now
    )
    other = svc.create_customer(
        svc.CustomerInput(display_name="Lucy W", phone="13800138000"), today=now.date(), now=now
    )
    dialog = MergeDialog(kept, other, clock=lambda: now)
    qtbot.addWidget(dialog)
    dialog.show()
    _activate(qtbot, dialog)
    focus = QApplication.focusWidget()
    assert isinstance(focus, QRadioButton) and focus.isChecked()
    assert focus in dialog.choice_buttons["display_name"]
    assert not isinstance(focus, QScrollArea) and dialog.scroll_area.focusPolicy() == (
        Qt.FocusPolicy.NoFocus
    )
    qtbot.keyClick(focus, Qt.Key.Key_Return)  # presses Merge: it asks first (answered Ok)
    assert answers and answers[0].startswith("question: Merge")


def _buttons_as_shown(box) -> list[QWidget]:
    return sorted(
        (b for b in box.buttons() if b.isVisible()), key=lambda b: b.mapToGlobal(b.pos()).x()
    )


def test_tab_reaches_a_dialogs_buttons_in_the_order_they_are_shown(
    qtbot, app, db_path, ui_state
) -> None:
    # A button added to a box made with Cancel (Merge…, Export…) is shown left of Cancel, but
    # Qt chained it after Cancel: Tab from the form reached Cancel first.
    from datetime import date

    from desktop_crm.services import customers as svc
    from desktop_crm.views.export_dialog import ExportDialog
    from desktop_crm.views.jobs import JobRunner
    from desktop_crm.views.merge_dialog import MergeDialog

    now = datetime(2026, 11, 22, 10, 0)
    ids = [
        svc.create_customer(
            svc.CustomerInput(display_name=name, phone="13800138000"), today=now.date(), now=now
        )
        for name in ("Lucy", "Lucy W")
    ]
    dialogs = [
        MergeDialog(*ids, clock=lambda: now),
        ExportDialog(JobRunner(synchronous=True), ui_state, today=date(2026, 11, 22)),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        _activate(qtbot, dialog)
        shown = _buttons_as_shown(dialog.buttons)
        assert len(shown) == 2
        assert _tab_chain(qtbot, shown[0], steps=1) == shown[1:], type(dialog).__name__


# --- 5. no focus that cannot be seen -------------------------------------------------------


def test_the_empty_duplicates_list_shows_its_focus(qtbot, shop_window: MainWindow) -> None:
    # Before a search the list is empty: Tab reached it and nothing on screen changed.
    w = shop_window
    _activate(qtbot, w)
    w.show_page("duplicates")
    page = w.duplicates_page
    assert page.model.rowCount() == 0
    page.find_button.setFocus()
    qtbot.keyClick(page.find_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.tree
    focused = page.tree.grab().toImage()
    qtbot.keyClick(page.tree, Qt.Key.Key_Backtab, SHIFT)
    assert QApplication.focusWidget() is page.find_button
    assert page.tree.grab().toImage() != focused
