"""The Follow-ups page, driven as a user would: filters, multi-select, bulk actions, forms."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from desktop_crm.models.followups import FollowUp
from desktop_crm.services import customers as cs
from desktop_crm.services import followups as fu
from desktop_crm.views.followup_dialogs import DoneDialog, FollowUpDialog
from desktop_crm.views.followups_page import FollowUpsPage, FollowUpTableModel

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)


@pytest.fixture
def shop(db_path: Path) -> dict[str, int]:
    ids = {}
    people = (("张伟", date(1988, 11, 24)), ("李娜", None), ("Emma", None), ("李雷", None))
    for name, birthday in people:
        ids[name] = cs.create_customer(
            cs.CustomerInput(name, birthday=birthday), today=TODAY, now=NOW
        )
    # 张伟's birthday greeting, made on 10 November (14 days ahead), due 17 November. (Made on
    # the 22nd it would be due that day: a greeting is never late before it exists.)
    fu.refresh_automatic(today=date(2026, 11, 10), now=datetime(2026, 11, 10, 9))
    for key, who, title, due, recurrence in [
        ("call", "张伟", "回访：使用体验怎么样", datetime(2026, 11, 21, 9), fu.NONE),
        ("catalogue", "Emma", "Send the new catalogue", datetime(2026, 11, 22, 14), fu.NONE),
        ("weekly", "李娜", "确认团购数量", datetime(2026, 11, 23, 9), fu.WEEKLY),
        ("review", "李娜", "Ask for a review", datetime(2026, 12, 5, 9), fu.NONE),
    ]:
        ids[key] = fu.create_followup(
            fu.FollowUpInput(ids[who], title, due, recurrence=recurrence), now=NOW
        )
    ids["old"] = fu.create_followup(
        fu.FollowUpInput(ids["Emma"], "节日问候", datetime(2026, 10, 1, 9)), now=NOW
    )
    fu.complete([ids["old"]], now=NOW, outcome="已发优惠券")
    return ids


@pytest.fixture
def page(qtbot, app, ui_state, shop) -> FollowUpsPage:
    widget = FollowUpsPage(ui_state, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    return widget


def _titles(page: FollowUpsPage) -> list[str]:
    m = page.model
    return [m.data(m.index(r, FollowUpTableModel.COL_TITLE)) for r in range(m.rowCount())]


def _choose(combo, data) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _dialog(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=2000)
    return QApplication.activeModalWidget()


def test_model_passes_qtmodeltester(qtmodeltester, shop) -> None:
    model = FollowUpTableModel(clock=lambda: NOW)
    model.set_filter(fu.FollowUpFilter())
    assert model.rowCount() == 6
    qtmodeltester.check(model, force_py=True)


def test_lists_active_follow_ups_soonest_first(page: FollowUpsPage) -> None:
    assert _titles(page) == [
        "Birthday greeting",
        "回访：使用体验怎么样",
        "Send the new catalogue",
        "确认团购数量",
        "Ask for a review",
    ]
    m = page.model
    assert m.data(m.index(0, FollowUpTableModel.COL_DUE)) == "2026-11-17"
    assert m.data(m.index(0, FollowUpTableModel.COL_KIND)) == "Birthday"
    assert m.data(m.index(3, FollowUpTableModel.COL_REPEATS)) == "Weekly"
    assert m.data(m.index(0, FollowUpTableModel.COL_DUE), Qt.ItemDataRole.ForegroundRole)
    assert "5 follow-up(s)" in page.count_label.text()


def test_filters_kind_status_text_and_due_range(qtbot, type_text, page: FollowUpsPage) -> None:
    _choose(page.kind_combo, fu.BIRTHDAY)
    assert _titles(page) == ["Birthday greeting"]
    _choose(page.kind_combo, None)
    _choose(page.status_combo, fu.DONE)
    assert _titles(page) == ["节日问候"]
    assert page.model.data(page.model.index(0, FollowUpTableModel.COL_OUTCOME)) == "已发优惠券"
    _choose(page.status_combo, "any")
    assert len(_titles(page)) == 6
    _choose(page.status_combo, "active")
    type_text(page.search_edit, "李娜")
    qtbot.waitUntil(lambda: _titles(page) == ["确认团购数量", "Ask for a review"], timeout=2000)
    page.search_edit.clear()
    type_text(page.search_edit, "catalogue")
    qtbot.waitUntil(lambda: _titles(page) == ["Send the new catalogue"], timeout=2000)
    page.search_edit.clear()
    page.apply_filter()
    page.from_edit.setDate(page.from_edit.date().fromString("2026-11-21", "yyyy-MM-dd"))
    page.to_edit.setDate(page.to_edit.date().fromString("2026-11-22", "yyyy-MM-dd"))
    qtbot.mouseClick(page.from_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.to_check, Qt.MouseButton.LeftButton)
    assert _titles(page) == ["回访：使用体验怎么样", "Send the new catalogue"]


def _select_rows(qtbot, page: FollowUpsPage, first: int, count: int) -> None:
    page.table.selectRow(first)
    page.table.setFocus()
    for _ in range(count - 1):
        qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)


def test_bulk_done_snooze_and_cancel(qtbot, page: FollowUpsPage, shop, monkeypatch) -> None:
    _select_rows(qtbot, page, 1, 3)  # call, catalogue, weekly
    assert page.selected_ids() == [shop["call"], shop["catalogue"], shop["weekly"]]
    qtbot.keyClick(page.table, Qt.Key.Key_D)
    dialog = _dialog(qtbot, DoneDialog)
    assert dialog.subject_label.text() == "3 follow-up(s)"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert {fu.get_followup(i).status for i in dialog.ids()} == {"done"}
    # The weekly one came back a week later; the message and the list show it.
    assert page.message_label.text() == (
        "Marked 3 follow-up(s) done. The next one is due on 2026-11-30 09:00."
    )
    assert _titles(page) == ["Birthday greeting", "确认团购数量", "Ask for a review"]

    _select_rows(qtbot, page, 0, 2)
    snoozed = page.selected_ids()
    qtbot.keyClick(page.table, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_W)  # A &week
    rows = [fu.get_followup(i) for i in snoozed]
    assert [(r.status, r.due) for r in rows] == [
        ("snoozed", datetime(2026, 11, 29)), ("snoozed", datetime(2026, 11, 29, 9)),
    ]  # fmt: skip

    # The Snooze button opens the same menu, under the button.
    qtbot.mouseClick(page.snooze_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    menu = QApplication.activePopupWidget()
    assert menu.pos().y() >= page.snooze_button.mapToGlobal(page.snooze_button.rect().topLeft()).y()
    menu.close()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.selectAll()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert _titles(page) == [] and "Cancelled 3 follow-up(s)." in page.message_label.text()
    _choose(page.status_combo, fu.CANCELLED)
    page.table.selectAll()
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert "Reopened 3 follow-up(s)." in page.message_label.text()


def test_reopen_says_why_a_win_back_stays_closed(qtbot, page: FollowUpsPage, shop) -> None:
    # 李雷 lapsed twice: the rule's win-back for the first lapse was cancelled, the one for the
    # second is open. Reopening the first would give him two.
    def win_back(lapse: str, status: str) -> int:
        return int(
            FollowUp.create(
                customer=shop["李雷"], title="Win-back", kind=fu.WIN_BACK, status=status,
                due=datetime(2026, 11, 1), reason_key=f"win_back:{lapse}",
                created_at=NOW, updated_at=NOW,
            ).id
        )  # fmt: skip

    old = win_back("2025-12-01", fu.CANCELLED)
    win_back("2026-05-01", fu.OPEN)
    _choose(page.status_combo, fu.CANCELLED)
    assert page.select_followup(old)
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert page.message_label.text() == (
        "%n win-back(s) not reopened: one customer has one win-back open at a time.".replace(
            "%n", "1"
        )
    )
    assert fu.get_followup(old).status == fu.CANCELLED and page.model.row_of(old) == 0


def test_select_all_reads_the_selection_by_ranges(qtbot, page: FollowUpsPage, monkeypatch) -> None:
    # Ctrl+A on 56,000 follow-ups froze the window for 4 s: each change of the selection made
    # an index per selected cell (selectedRows) to enable the buttons.
    from PySide6.QtCore import QItemSelectionModel

    def per_cell(*_a: object) -> None:
        raise AssertionError("selectedRows() builds an index per selected row and column")

    monkeypatch.setattr(QItemSelectionModel, "selectedRows", per_cell)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert page.selected_ids() == [page.model.id_at(r) for r in range(page.model.rowCount())]
    assert page.done_button.isEnabled() and len(page.selected_ids()) >= 3


def test_new_follow_up_validates_and_keeps_what_was_typed(
    qtbot, type_text, page: FollowUpsPage, shop
) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, FollowUpDialog)
    type_text(dialog.picker.search_edit, "Em")
    qtbot.waitUntil(lambda: dialog.picker.results.count() == 1, timeout=2000)
    assert dialog.picker.customer_id() == shop["Emma"]
    type_text(dialog.notes_edit, "喜欢玫瑰香型")
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.error_text("title") == "This field is required."
    assert dialog.isVisible() and dialog.notes_edit.toPlainText() == "喜欢玫瑰香型"
    type_text(dialog.title_edit, "Call about the wholesale price")
    _choose(dialog.recurrence_combo, fu.MONTHLY)
    assert dialog.recurrence_hint.isVisibleTo(dialog)
    dialog.time_edit.setTime(dialog.time_edit.time().fromString("16:30", "HH:mm"))
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    fid = page.current_followup_id()
    row = fu.get_followup(fid or 0)
    assert (row.customer_id, row.title, row.due, row.recurrence, row.notes) == (
        shop["Emma"], "Call about the wholesale price", datetime(2026, 11, 23, 16, 30),
        fu.MONTHLY, "喜欢玫瑰香型",
    )  # fmt: skip


def test_customer_search_keyboard(qtbot, type_text, page: FollowUpsPage, shop) -> None:
    dialog = page.new_followup()
    picker = dialog.picker
    # The dialog has the focus, as it has for a user (keys go to the focused widget).
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    picker.search_edit.setFocus()
    type_text(picker.search_edit, "a")
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Down)  # searches now, moves to the list
    assert picker.results.currentRow() == 0
    first = picker.results.item(0).data(Qt.ItemDataRole.UserRole)
    assert picker.customer_id() == first
    picker.search_edit.clear()
    type_text(picker.search_edit, "李娜")
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)  # picks the match, does not save
    assert picker.customer_id() == shop["李娜"] and dialog.isVisible()
    assert "李娜" in picker.chosen_label.text()
    picker.search_edit.clear()
    type_text(picker.search_edit, "李")
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.results, Qt.Key.Key_Down)
    second = picker.results.item(1).data(Qt.ItemDataRole.UserRole)
    assert picker.results.count() == 2 and picker.customer_id() == second
    qtbot.keyClick(picker.results, Qt.Key.Key_Return)  # picks, does not save the form
    assert picker.customer_id() == second and dialog.isVisible()
    dialog.reject()


def test_enter_edits_the_current_follow_up(qtbot, type_text, page: FollowUpsPage, shop) -> None:
    page.select_followup(shop["call"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = _dialog(qtbot, FollowUpDialog)
    assert dialog.title_edit.text() == "回访：使用体验怎么样" and dialog.picker is None
    dialog.title_edit.clear()
    type_text(dialog.title_edit, "回访：香型")
    with qtbot.waitSignal(dialog.followup_saved):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert fu.get_followup(shop["call"]).title == "回访：香型"
    assert "回访：香型" in _titles(page)


def test_show_group_from_today(page: FollowUpsPage, shop) -> None:
    page.show_group(fu.NEXT_7_DAYS, fu.MANUAL)
    assert _titles(page) == ["确认团购数量"]
    page.show_group(fu.OVERDUE, fu.MANUAL)
    assert _titles(page) == ["回访：使用体验怎么样"]
    assert page.from_check.isChecked() is False and page.to_check.isChecked()


def test_open_customer(qtbot, page: FollowUpsPage, shop) -> None:
    page.select_followup(shop["catalogue"])
    with qtbot.waitSignal(page.customer_requested) as signal:
        qtbot.mouseClick(page.customer_button, Qt.MouseButton.LeftButton)
    assert signal.args == [shop["Emma"]]


def test_too_long_says_the_limit(qtbot, page: FollowUpsPage, shop) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, FollowUpDialog)
    dialog.title_edit.setText("回访")
    dialog.notes_edit.setPlainText("好" * (fu.MAX_TEXT + 1))
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.error_text("notes") == "At most 20,000 characters."
    dialog.reject()


def test_search_finds_rule_made_titles_in_the_words_shown(
    qtbot, chinese, type_text, page: FollowUpsPage, shop
) -> None:
    # In Chinese the birthday greeting reads 生日祝福; searching those words found nothing,
    # only the English title the rule stores (which the list never shows).
    _choose(page.status_combo, "any")
    type_text(page.search_edit, "生日")
    qtbot.waitUntil(lambda: _titles(page) == ["生日祝福"], timeout=2000)
    page.search_edit.clear()
    type_text(page.search_edit, "祝福 张伟")
    qtbot.waitUntil(lambda: _titles(page) == ["生日祝福"], timeout=2000)
    page.search_edit.clear()
    type_text(page.search_edit, "团购")
    qtbot.waitUntil(lambda: _titles(page) == ["确认团购数量"], timeout=2000)
