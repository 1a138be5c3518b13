"""Alt+letter does one thing: no two visible mnemonics of a page (menus included) share a key.

Qt treats a shared Alt+key as ambiguous: instead of opening the File menu or pressing the
button, it only moves the focus between the candidates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from desktop_crm.views.main_window import MainWindow

NOW = datetime(2026, 11, 22, 10, 0)
_MNEMONIC = re.compile(r"&([^&])")


def _key(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def _mnemonics(window: MainWindow | None, page: QWidget) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = defaultdict(list)
    texts = [a.text() for a in window.menuBar().actions()] if window is not None else []
    for w in page.findChildren(QAbstractButton):
        if w.isVisibleTo(page):
            texts.append(w.text())
    for w in page.findChildren(QLabel):
        if w.isVisibleTo(page) and w.buddy() is not None:
            texts.append(w.text())
    for w in page.findChildren(QGroupBox):
        if w.isVisibleTo(page) and w.isCheckable():
            texts.append(w.title())
    for tabs in page.findChildren(QTabWidget):
        if tabs.isVisibleTo(page):
            texts.extend(tabs.tabText(i) for i in range(tabs.count()))
    for text in texts:
        key = _key(text)
        if key is not None:
            keys[key].append(text)
    return {k: v for k, v in keys.items() if len(v) > 1}


@pytest.fixture
def window(shop_window):
    return shop_window


def test_no_page_shares_an_alt_key(language, window: MainWindow) -> None:
    clashes = {}
    for i in range(window.pages.count()):
        window.pages.setCurrentIndex(i)
        page = window.pages.widget(i)
        if page is window.customers_page:
            # With a customer selected, the detail pane's buttons and tabs are visible too:
            # each of the pane's tabs brings its own buttons next to the page's (an override
            # shows Clear override as well).
            _override_first_customer(page)
            page.table.setCurrentIndex(page.model.index(0, 0))
            assert page.detail.isVisibleTo(page)
            tabs = page.detail.tabs
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                found = _mnemonics(window, page)
                if found:
                    clashes[f"CustomersPage, {tabs.tabText(t)} tab"] = found
            continue
        found = _mnemonics(window, page)
        if found:
            clashes[type(page).__name__] = found
    assert clashes == {}


def _override_first_customer(page: QWidget) -> int:
    from desktop_crm.services import loyalty

    customer_id = page.model.id_at(0)
    tier = loyalty.list_tiers()[-1]
    loyalty.set_tier_override(
        customer_id, tier.id, reason="VIP", until=None, today=NOW.date(), now=NOW
    )
    return customer_id


def test_a_customer_s_own_window_shares_no_alt_key(language, qtbot, window: MainWindow) -> None:
    from desktop_crm.views.customers_page import CustomerWindow

    customer_id = _override_first_customer(window.customers_page)
    own = CustomerWindow(customer_id)
    qtbot.addWidget(own)
    own.show()
    tabs = own.detail.tabs
    clashes = {}
    for t in range(tabs.count()):
        tabs.setCurrentIndex(t)
        found = _mnemonics(None, own)
        if found:
            clashes[tabs.tabText(t)] = found
    assert clashes == {}


def test_no_list_keeps_tab_to_itself(window: MainWindow) -> None:
    # Qt's tables walk cell by cell on Tab: a keyboard user could not leave the points
    # ledger or the tier history. Every list in the window lets Tab move on.
    from PySide6.QtWidgets import QAbstractItemView

    window.customers_page.table.setCurrentIndex(window.customers_page.model.index(0, 0))
    traps = [
        f"{type(v).__name__} {v.objectName()} in {type(v.parentWidget()).__name__}"
        for v in window.findChildren(QAbstractItemView)
        if v.tabKeyNavigation() and v.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert traps == []


def test_the_export_dialog_shares_no_alt_key(language, qtbot, db_path, ui_state) -> None:  # noqa: ANN001
    # Alt+E was both "&Export…" and "CSV &encoding:" (it never pressed Export), Alt+F both
    # "De&faults" and "Write &full contact details".
    from datetime import date

    from desktop_crm.views.export_dialog import ExportDialog
    from desktop_crm.views.jobs import JobRunner

    dialog = ExportDialog(JobRunner(synchronous=True), ui_state, today=date(2026, 11, 22))
    qtbot.addWidget(dialog)
    dialog.show()
    assert _mnemonics(None, dialog) == {}
