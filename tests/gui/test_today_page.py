"""The Today page, driven as a user would: keys D, S, Delete, Enter, dialogs and menus."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from desktop_crm.services import customers as cs
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.followup_dialogs import (
    DoneDialog,
    FollowUpDialog,
    SnoozeDialog,
    sentences,
)
from desktop_crm.views.today_page import (
    COL_DUE,
    COL_WHY,
    NODE_GROUP,
    NODE_MORE,
    NODE_ROLE,
    TodayModel,
    TodayPage,
)

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)


def _order(no: int, buyer: str, when: datetime, completed: datetime | None = None) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(7000000000000000000 + no), ordered_at=when,
        status="completed", paid=12900, currency="CNY", buyer_key=buyer, buyer_name=buyer,
        completed_at=completed, item_summary="玫瑰精油香皂",
        items=[ParsedItem("玫瑰精油香皂", sku="R-1", quantity=1, price=12900)],
    )  # fmt: skip


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    """Customers with one follow-up of every kind, through the services and an import."""
    orders = [
        # 阿杰 bought every 31 days, last on 10 September: in churn warning on 22 November.
        _order(1, "阿杰", datetime(2026, 7, 10, 9)),
        _order(2, "阿杰", datetime(2026, 8, 10, 9)),
        _order(3, "阿杰", datetime(2026, 9, 10, 9)),
        # tb_lucky's order completed 3 days ago: an after-sale check-in due today.
        _order(4, "tb_lucky", datetime(2026, 11, 15, 9), completed=datetime(2026, 11, 19, 10)),
    ]
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611220900.csv")
    engine.import_file(path, now=NOW)
    ids = {c.display_name: c.id for c in _customers()}
    ids["小美"] = cs.create_customer(
        cs.CustomerInput("小美", birthday=date(1990, 11, 29)), today=TODAY, now=NOW
    )
    fb.log_feedback(
        fb.FeedbackInput(ids["小美"], fb.COMPLAINT, "物流太慢了，等了一周", rating=2),
        now=NOW - timedelta(days=3),
    )
    fu.refresh_automatic(today=TODAY, now=NOW)
    ids["call"] = fu.create_followup(
        fu.FollowUpInput(ids["阿杰"], "回访：使用体验怎么样", datetime(2026, 11, 22, 15)), now=NOW
    )
    ids["monthly"] = fu.create_followup(
        fu.FollowUpInput(ids["小美"], "月度回访", datetime(2026, 11, 20, 9), recurrence=fu.MONTHLY),
        now=NOW,
    )
    ids["later"] = fu.create_followup(
        fu.FollowUpInput(ids["tb_lucky"], "确认团购数量", datetime(2026, 11, 25, 9)), now=NOW
    )
    return ids


def _customers():
    from desktop_crm.services import customer_list

    flt = customer_list.CustomerFilter()
    return list(customer_list.fetch_rows(customer_list.list_ids(flt)).values())


@pytest.fixture
def page(qtbot, app, shop) -> TodayPage:
    widget = TodayPage(clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def _texts(page: TodayPage, column: int = 0) -> list[str]:
    """Every line of the tree, depth first."""
    out: list[str] = []
    model = page.model

    def walk(parent) -> None:
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            out.append(model.data(index.siblingAtColumn(column)) or model.data(index))
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def _why(page: TodayPage, followup_id: int) -> str:
    index = page.model.index_of(followup_id)
    return page.model.data(index.siblingAtColumn(COL_WHY))


def _active_id(kind: str) -> int:
    ids = fu.list_ids(fu.FollowUpFilter(kinds=(kind,), statuses=fu.ACTIVE))
    assert len(ids) == 1
    return ids[0]


def test_today_model_passes_qtmodeltester(qtmodeltester, shop) -> None:
    model = TodayModel()
    model.set_data(fu.today_data(TODAY, limit=2))
    qtmodeltester.check(model, force_py=True)


def test_groups_counts_and_reasons(page: TodayPage, shop) -> None:
    lines = _texts(page)
    assert lines[0].startswith("Overdue (2)")
    assert "Due today (4)" in lines and "Next 7 days (1)" in lines
    # The win-back is due the day it was made, not since the lapse began (9 November).
    assert lines.index("Win-back: 1") > lines.index("Due today (4)")
    assert "2 overdue · 4 due today · 1 in the next 7 days" in page.summary_label.text()
    assert "22" in page.title_label.text()
    assert page.badge_count() == 6
    assert _why(page, _active_id(fu.WIN_BACK)) == (
        "no purchase for 73 day(s); usually buys every 31 days"
    )
    assert _why(page, _active_id(fu.BIRTHDAY)) == "birthday on 11-29 (turns 36)"
    assert _why(page, _active_id(fu.AFTER_SALE)) == (
        "order 7000000000000000004 completed 3 day(s) ago"
    )
    assert _why(page, _active_id(fu.FEEDBACK)) == "complaint: 物流太慢了，等了一周"
    assert _why(page, shop["call"]) == "回访：使用体验怎么样"
    due = page.model.index_of(shop["monthly"]).siblingAtColumn(COL_DUE)
    assert page.model.data(due) == "2026-11-20 09:00 (2 day(s) late)"
    # Keyboard: the cursor starts on the first follow-up and arrow keys move over the rows.
    assert page.current_followup_id() is not None


def _dialog(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=2000)
    return QApplication.activeModalWidget()


def test_done_by_keyboard_asks_for_an_outcome(qtbot, type_text, page: TodayPage, shop) -> None:
    assert page.select_followup(shop["call"])
    page.tree.setFocus()
    order = page.model.row_ids()
    qtbot.keyClick(page.tree, Qt.Key.Key_D)
    dialog = _dialog(qtbot, DoneDialog)
    assert "回访：使用体验怎么样" in dialog.subject_label.text()
    type_text(dialog.outcome_edit, "已回访，很满意")
    with qtbot.waitSignal(page.counts_changed) as signal:
        qtbot.keyClick(dialog.outcome_edit, Qt.Key.Key_Return)
    assert signal.args == [5]
    row = fu.get_followup(shop["call"])
    assert (row.status, row.outcome, row.done_at) == ("done", "已回访，很满意", NOW)
    assert shop["call"] not in page.model.row_ids()
    # The cursor moved on to the next follow-up of the list.
    assert page.current_followup_id() == order[order.index(shop["call"]) + 1]
    assert "Marked 1 follow-up(s) done." in page.message_label.text()


def test_done_recurring_shows_the_next_one(qtbot, page: TodayPage, shop) -> None:
    page.select_followup(shop["monthly"])
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, DoneDialog)
    assert dialog.repeat_label.isVisibleTo(dialog) and "Monthly" in dialog.repeat_label.text()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert "The next one is due on 2026-12-20 09:00." in page.message_label.text()
    nxt = fu.list_ids(fu.FollowUpFilter(statuses=fu.ACTIVE, text="月度回访"))
    assert [fu.get_followup(i).due for i in nxt] == [datetime(2026, 12, 20, 9)]


def _menu(qtbot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    return QApplication.activePopupWidget()


def test_snooze_three_days_and_to_a_date(qtbot, page: TodayPage, shop) -> None:
    page.select_followup(shop["monthly"])
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_S)
    menu = _menu(qtbot)
    assert [a.text() for a in menu.actions()] == ["&1 day", "&3 days", "A &week", "Pick a &date…"]
    qtbot.keyClick(menu, Qt.Key.Key_3)
    row = fu.get_followup(shop["monthly"])
    assert (row.status, row.due) == ("snoozed", datetime(2026, 11, 25, 9))
    assert "(snoozed)" in page.model.data(page.model.index_of(row.id).siblingAtColumn(COL_DUE))
    assert "Snoozed 1 follow-up(s) until 2026-11-25." in page.message_label.text()

    page.select_followup(shop["call"])
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_S)
    qtbot.keyClick(_menu(qtbot), Qt.Key.Key_D)
    dialog = _dialog(qtbot, SnoozeDialog)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(8))  # 1 December
    qtbot.mouseClick(dialog.snooze_button, Qt.MouseButton.LeftButton)
    assert fu.get_followup(shop["call"]).due == datetime(2026, 12, 1, 15)
    assert shop["call"] not in page.model.row_ids()  # past the next 7 days


def test_delete_asks_then_cancels(qtbot, page: TodayPage, shop, monkeypatch) -> None:
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *a, **k):  # noqa: ANN001
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    page.select_followup(shop["later"])
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert "确认团购数量" in asked[0] and fu.get_followup(shop["later"]).status == "open"
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert fu.get_followup(shop["later"]).status == "cancelled"
    assert "Next 7 days (0)" not in _texts(page) and shop["later"] not in page.model.row_ids()


def test_enter_opens_the_customer_and_folds_headers(qtbot, page: TodayPage, shop) -> None:
    page.select_followup(shop["call"])
    page.tree.setFocus()
    with qtbot.waitSignal(page.customer_requested) as signal:
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert signal.args == [shop["阿杰"]]
    # Up from the first row of a group lands on its header; Enter folds it.
    page.select_followup(page.model.row_ids()[0])
    qtbot.keyClick(page.tree, Qt.Key.Key_Up)
    header = page.tree.currentIndex()
    assert page.model.data(header, NODE_ROLE) == NODE_GROUP
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert not page.tree.isExpanded(header)
    assert not page.done_button.isEnabled()
    page.refresh()  # a folded group stays folded
    assert not page.tree.isExpanded(page.model.index(0, 0, page.model.index(0, 0)))


def test_truncated_group_shows_its_total(qtbot, app, shop) -> None:
    for i in range(3):
        fu.create_followup(
            fu.FollowUpInput(shop["阿杰"], f"补发赠品 {i}", datetime(2026, 11, 23, 9 + i)),
            now=NOW,
        )
    page = TodayPage(clock=lambda: NOW, limit=2)
    qtbot.addWidget(page)
    lines = _texts(page)
    assert "Manual: 4 (first 2 shown)" in lines
    assert "… and 2 more: show them on the Follow-ups page" in lines
    assert "Next 7 days (4)" in lines
    more = page.model.index(2, 0, page.model.index(0, 0, page.model.index(2, 0)))
    assert page.model.data(more, NODE_ROLE) == NODE_MORE
    page.tree.setCurrentIndex(more)
    with qtbot.waitSignal(page.group_requested) as signal:
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert signal.args == [fu.NEXT_7_DAYS, fu.MANUAL]


def test_notify_due_returns_what_became_due(qtbot, page: TodayPage, shop) -> None:
    soon = fu.create_followup(
        fu.FollowUpInput(shop["小美"], "下午打电话", datetime(2026, 11, 22, 11)), now=NOW
    )
    assert page.notify_due(NOW + timedelta(minutes=10)) == []
    due = page.notify_due(NOW + timedelta(hours=1))
    assert [r.id for r in due] == [soon]
    assert soon in page.model.row_ids()  # the page refreshed
    # 15:00 passes later in the day; nothing is reported twice.
    assert [r.id for r in page.notify_due(datetime(2026, 11, 22, 16))] == [shop["call"]]
    assert page.notify_due(datetime(2026, 11, 22, 17)) == []
    # The clock ran fast and is set back: what was told under it is not told again, and a
    # reminder made for a time in the hour set back is told when that time comes.
    assert page.notify_due(datetime(2026, 11, 22, 13)) == []
    gap = fu.create_followup(
        fu.FollowUpInput(shop["小美"], "回电话", datetime(2026, 11, 22, 14, 20)), now=NOW
    )
    assert [r.id for r in page.notify_due(datetime(2026, 11, 22, 14, 30))] == [gap]
    assert page.notify_due(datetime(2026, 11, 22, 16, 30)) == []


def test_new_follow_up_with_customer_search(qtbot, type_text, page: TodayPage, shop) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, FollowUpDialog)
    type_text(dialog.title_edit, "节日问候")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert "Choose a customer" in dialog.error_text("customer_id")
    assert dialog.title_edit.text() == "节日问候" and dialog.isVisible()
    type_text(dialog.picker.search_edit, "小美")
    qtbot.waitUntil(lambda: dialog.picker.customer_id() == shop["小美"], timeout=2000)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-1))  # today
    with qtbot.waitSignal(dialog.followup_saved) as saved:
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    row = fu.get_followup(saved.args[0])
    assert (row.customer_id, row.title, row.due) == (
        shop["小美"],
        "节日问候",
        datetime(2026, 11, 22, 10),
    )
    assert page.current_followup_id() == row.id


def test_snooze_moves_the_cursor_on_like_done(qtbot, page: TodayPage, shop) -> None:
    # The snoozed one moves to "Next 7 days"; S again must not snooze it a second time.
    page.select_followup(shop["monthly"])
    order = page.model.row_ids()
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_S)
    qtbot.keyClick(_menu(qtbot), Qt.Key.Key_1)
    assert fu.get_followup(shop["monthly"]).status == "snoozed"
    assert shop["monthly"] in page.model.row_ids()
    assert page.current_followup_id() == order[order.index(shop["monthly"]) + 1]
    # The last one of the list: the cursor goes back to the one before it.
    last = page.model.row_ids()[-1]
    before = page.model.row_ids()[-2]
    page.select_followup(last)
    page.snooze_current("1d")
    assert page.current_followup_id() == before


def test_reasons_read_in_full_in_a_small_window(qtbot, page: TodayPage, shop) -> None:
    # In a 1024-pixel window the page is about 800 wide: the Due column kept 240 pixels for a
    # date and "(11 days late)" while the after-sale reasons beside it were cut with "…".
    from desktop_crm.views.layout import cell_width

    page.resize(800, 600)
    page.tree.expandAll()
    qtbot.wait(20)
    why = _why(page, _active_id(fu.AFTER_SALE))
    assert why.startswith("order 7000000000000000004")
    assert cell_width(page.tree, [why]) <= page.tree.columnWidth(COL_WHY)
    assert page.tree.columnWidth(COL_DUE) >= cell_width(page.tree, page.model.due_samples())


def test_sentences_join_without_a_space_after_chinese_punctuation() -> None:
    assert sentences("Marked 1 done.", "The next one is due on 12-20.") == (
        "Marked 1 done. The next one is due on 12-20."
    )
    assert sentences("已将 1 条跟进标记为完成。", "下一次在 12-20。") == (
        "已将 1 条跟进标记为完成。下一次在 12-20。"
    )
    assert sentences("好！", "", "真的？", "OK") == "好！真的？OK"


def test_done_message_in_chinese_has_no_stray_space(qtbot, qapp, page: TodayPage, shop) -> None:
    from PySide6.QtCore import QLocale

    from desktop_crm.app import install_translators

    locale = QLocale()
    translators = install_translators(qapp, "zh_CN")
    try:
        page.select_followup(shop["monthly"])
        qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
        dialog = _dialog(qtbot, DoneDialog)
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
        assert page.message_label.text() == "已将 1 条跟进标记为完成。下一次在 2026-12-20 09:00。"
    finally:
        for t in translators:
            qapp.removeTranslator(t)
        QLocale.setDefault(locale)


def test_done_at_the_end_of_the_calendar_says_no_next_one(qtbot, page: TodayPage, shop) -> None:
    fid = fu.create_followup(
        fu.FollowUpInput(shop["小美"], "年度回访", datetime(9999, 12, 30, 9), recurrence=fu.YEARLY),
        now=NOW,
    )
    dialog = page.followup_actions.complete([fid])
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert fu.get_followup(fid).status == "done"
    assert page.message_label.text() == (
        "Marked 1 follow-up(s) done. No next occurrence for 1 repeating follow-up(s): "
        "there is no date after 9999-12-31."
    )
