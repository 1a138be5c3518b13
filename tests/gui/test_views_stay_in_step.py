"""What is done in one place shows everywhere: customer windows, deletes, undone imports."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop_crm.services.importing import engine
from desktop_crm.views.main_window import MainWindow

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def window(shop_window):
    return shop_window


def _calls(monkeypatch: pytest.MonkeyPatch, *targets: tuple[object, str]) -> list[str]:
    """Count calls of the given (object, method) pairs, by method owner's class name."""
    seen: list[str] = []

    def spy_on(obj: object, name: str) -> None:
        original, label = getattr(obj, name), type(obj).__name__

        def spy(*a: object, **k: object) -> object:
            seen.append(label)
            return original(*a, **k)

        monkeypatch.setattr(obj, name, spy)

    for obj, name in targets:
        spy_on(obj, name)
    return seen


def _open_window(window: MainWindow):
    page = window.customers_page
    page.table.setCurrentIndex(page.model.index(0, 0))
    page.open_current()
    (other,) = page._windows
    return other


def test_points_and_follow_ups_changed_in_a_customer_window_reach_other_pages(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A redemption in a customer's own window left Members and the Dashboard stale.
    other = _open_window(window)
    seen = _calls(monkeypatch, (window.members_page, "refresh"), (window.today_page, "refresh"))
    other.detail.points.points_changed.emit(other.detail.customer_id())
    assert window.members_page in window._stale_pages  # refreshed when next shown
    window.show_page("members")
    assert "MembersPage" in seen
    seen.clear()
    other.detail.timeline.data_changed.emit()
    assert seen == ["TodayPage"]


def test_a_changed_customer_refreshes_orders_and_follow_ups(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An erased or deleted customer's name stayed on Orders and Follow-ups, Today's count too.
    seen = _calls(
        monkeypatch, (window.orders_page, "refresh"), (window.followups_page, "refresh"),
        (window.today_page, "refresh"),
    )  # fmt: skip
    window.customers_page.data_changed.emit()
    assert seen == ["TodayPage"]  # the sidebar's count at once; the lists when shown
    window.show_page("orders")
    window.show_page("followups")
    window.show_page("orders")  # up to date already: not queried again
    assert seen == ["TodayPage", "OrdersPage", "FollowUpsPage"]


def test_after_an_import_only_the_page_shown_is_queried_at_once(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every list page catching up at once held the window 0.4 s after a 100k-row import
    # (bench/gui_import.py): the hidden ones catch up when they are opened.
    window.show_page("orders")
    seen = _calls(
        monkeypatch, (window.orders_page, "refresh"), (window.members_page, "refresh"),
        (window.followups_page, "refresh"), (window.feedback_page, "refresh"),
        (window.history_page, "refresh"), (window.customers_page, "refresh"),
    )  # fmt: skip
    window.imports.data_changed.emit()
    assert sorted(seen) == ["CustomersPage", "OrdersPage"]
    seen.clear()
    for key in ("members", "followups", "feedback", "imports", "members"):
        window.show_page(key)
    assert seen == ["MembersPage", "FollowUpsPage", "FeedbackPage", "HistoryPage"]


def test_a_customer_window_closes_when_an_undone_import_removes_the_customer(
    qtbot, window: MainWindow
) -> None:
    other = _open_window(window)
    assert other.detail.customer_id() is not None
    engine.undo_batch(engine.last_undoable_batch(), now=NOW)
    window.imports.data_changed.emit()  # what Undo last import sends when it is done
    qtbot.waitUntil(lambda: window.customers_page._windows == [], timeout=3000)


def test_ctrl_f_searches_the_page_shown(qtbot, window: MainWindow) -> None:
    # On Orders, Ctrl+F jumped to the Customers page; each page with a search box takes it.
    window.show_page("orders")
    window.find_action.trigger()
    assert window.pages.currentWidget() is window.orders_page
    assert window.orders_page.isAncestorOf(window.focusWidget())
    window.show_page("dashboard")
    window.find_action.trigger()
    assert window.pages.currentWidget() is window.customers_page


def test_privacy_actions_work_in_a_customer_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Erase and Export did nothing in a customer's own window: only the side panel was wired.
    page = window.customers_page
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(page, "erase_customer", lambda cid: asked.append(("erase", cid)))
    monkeypatch.setattr(page, "export_customer", lambda cid: asked.append(("export", cid)))
    other = _open_window(window)
    cid = other.detail.customer_id()
    other.detail.erase_action.trigger()
    other.detail.export_action.trigger()
    assert asked == [("erase", cid), ("export", cid)]


def test_down_walks_the_sidebar_and_moves_rows_on_every_page(qtbot, window: MainWindow) -> None:
    # The search box's Down shortcut took Down from the whole window: the sidebar stopped
    # at Customers and the customer table could not move its row.
    from PySide6.QtCore import Qt

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.sidebar.setCurrentRow(0)
    window.sidebar.setFocus()
    for _ in range(window.sidebar.count()):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.sidebar.currentRow() == window.sidebar.count() - 1
    page = window.customers_page
    window.show_page("customers")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 1
    # In the search box Down still leads to the list.
    page.search_edit.setFocus()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus()


def test_a_referral_made_in_one_window_shows_in_the_referrers_window(window: MainWindow) -> None:
    from datetime import date, datetime

    from desktop_crm.services import loyalty

    page = window.customers_page
    referrer, referred = page.model.id_at(0), page.model.id_at(1)
    page.select_customer(referrer)
    page.open_current()
    (referrer_window,) = page._windows
    assert "Referred 0" in referrer_window.detail.points.referral_label.text()
    # In the referred customer's window (the points tab's dialog does this, then signals).
    loyalty.set_referrer(referred, referrer, today=date(2026, 11, 22), now=datetime(2026, 11, 22))
    page._on_customer_saved(referred)
    assert "Referred 1" in referrer_window.detail.points.referral_label.text()


def test_follow_ups_changed_anywhere_reach_every_customer_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Done on the Follow-ups page, feedback logged, a follow-up added in another window of the
    # same customer: a customer's open window kept its old timeline.
    other = _open_window(window)
    seen = _calls(monkeypatch, (other.detail.timeline, "refresh"))
    window.followups_page.data_changed.emit()
    assert seen == ["TimelineView"]
    seen.clear()
    window.feedback_page.data_changed.emit()
    assert seen == ["TimelineView"]


def test_a_refreshed_timeline_keeps_the_keyboards_place(window: MainWindow) -> None:
    # Each change elsewhere put a window's timeline cursor back to nothing.
    other = _open_window(window)
    timeline = other.detail.timeline
    assert timeline.model.rowCount() >= 2
    timeline.table.setCurrentIndex(timeline.model.index(1, 0))
    before = timeline.current_entry()
    window.followups_page.data_changed.emit()
    after = timeline.current_entry()
    assert after is not None and (after.kind, after.id) == (before.kind, before.id)


def test_a_new_day_reaches_the_customer_list_and_windows(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Points expired and tiers moved at midnight: an open window and a list filtered by tier
    # kept yesterday's.
    other = _open_window(window)
    seen = _calls(
        monkeypatch, (other.detail, "show_customer"), (window.customers_page, "apply_filter")
    )
    window._on_startup_done(datetime(2026, 11, 24).date())
    assert "CustomerDetailView" in seen and "CustomersPage" in seen


def test_hidden_list_pages_are_queried_when_first_shown(qtbot, window: MainWindow) -> None:
    # Every list page queried its rows while the window started (0.4 s at 100k customers),
    # though only Today is shown then: each waits until it is first opened.
    pages = ("members", "orders", "followups", "feedback")
    models = [getattr(window, f"{p}_page").model for p in pages]
    assert [m.rowCount() for m in models] == [0, 0, 0, 0]
    for page in pages:
        window.show_page(page)
    # The Orders page queries on the worker: its count says so until the rows arrive.
    assert window.orders_page.count_label.text() == "Searching…"
    qtbot.waitUntil(lambda: not window.orders_page.model.is_sorting())
    # As many rows as a page made on its own (queried at once) lists.
    from desktop_crm.views.feedback_page import FeedbackPage
    from desktop_crm.views.followups_page import FollowUpsPage
    from desktop_crm.views.members_page import MembersPage
    from desktop_crm.views.orders_page import OrdersPage

    ui = window._ui
    alone = [
        cls(ui).model.rowCount() for cls in (MembersPage, OrdersPage, FollowUpsPage, FeedbackPage)
    ]
    assert [m.rowCount() for m in models] == alone and all(alone[:3]), alone
    # The sort order the page was made with (newest orders first) is the one queried.
    orders = window.orders_page.model
    dates = [orders.row_item(r).ordered_at for r in range(orders.rowCount())]
    assert dates == sorted(dates, reverse=True)


def test_a_follow_up_or_feedback_changed_reaches_the_dashboard(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A follow-up marked done on Today left the Dashboard's Open follow-ups card as it was
    # until Refresh was pressed.
    seen = _calls(monkeypatch, (window.dashboard_page, "refresh"))
    window.today_page.data_changed.emit()
    assert seen == ["DashboardPage"]


def test_a_file_dropped_on_a_search_box_opens_the_import_wizard(
    window: MainWindow, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file manager's drag carries the file as a URL and as text: dropped on a search box, the
    # box took the text (and filtered by file:///…) instead of the wizard opening.
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    opened: list[list] = []
    monkeypatch.setattr(window, "open_import_wizard", lambda paths: opened.append(paths))
    file = tmp_path / "ExportOrderList202611011000.csv"
    file.write_text("x", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(file))])
    mime.setText(QUrl.fromLocalFile(str(file)).toString())
    for page in ("customers", "orders", "members"):
        window.show_page(page)
        box = getattr(window, f"{page}_page").search_edit
        action, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
        enter = QDragEnterEvent(
            box.rect().center(), action, mime, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(box, enter)
        assert enter.isAccepted()
        drop = QDropEvent(
            QPointF(box.rect().center()), action, mime, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(box, drop)
        assert box.text() == ""
    assert opened == [[file]] * 3


def test_the_backups_page_lists_the_backup_an_undo_made(qtbot, window: MainWindow) -> None:
    # Its list was read only by its own buttons: after an undo (which backs up first) it
    # still said "No backups yet".
    window.show_page("backups")
    page = window.backups_page
    before = page.model.rowCount()
    window.show_page("customers")
    engine.undo_batch(engine.last_undoable_batch(), now=NOW)
    window.imports.data_changed.emit()  # what Undo last import sends when it is done
    window.show_page("backups")
    assert page.model.rowCount() == before + 1
    assert page.table.isVisible() and not page.empty_label.isVisible()
