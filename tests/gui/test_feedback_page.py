"""The Feedback page, driven as a user would: log, resolve, reopen, filter, satisfaction."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop_crm.services import customer_list
from desktop_crm.services import customers as svc
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.feedback_page import FeedbackPage, FeedbackTableModel, period_range
from desktop_crm.views.followup_dialogs import FeedbackDialog, ResolveDialog

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)
COLS = FeedbackTableModel


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(7000000000000000000 + i),
            ordered_at=datetime(2026, 11, 1, 9) + timedelta(days=i), status="completed",
            paid=paid, currency="CNY", buyer_key=buyer, buyer_name=buyer,
            item_summary="玫瑰精油香皂",
            items=[ParsedItem("玫瑰精油香皂", sku="R-1", quantity=1, price=paid)],
        )
        for i, (buyer, paid) in enumerate([("小美", 12900), ("阿杰", 5900), ("小美", 3900)])
    ]  # fmt: skip
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611220900.csv")
    engine.import_file(path, now=NOW)
    rows = customer_list.fetch_rows(customer_list.list_ids(customer_list.CustomerFilter()))
    ids = {r.display_name: r.id for r in rows.values()}

    def log(key, who, kind, content, when, rating=None) -> None:  # noqa: ANN001
        ids[key] = fb.log_feedback(
            fb.FeedbackInput(ids[who], kind, content, rating=rating), now=when
        )

    log("late", "小美", fb.COMPLAINT, "物流太慢了，等了一周", datetime(2026, 11, 10, 10), 2)
    fb.resolve(ids["late"], "已道歉并送优惠券", now=datetime(2026, 11, 11, 10))
    log("praise", "阿杰", fb.PRAISE, "香味很好闻，会回购", datetime(2026, 11, 15, 9), 5)
    log("idea", "阿杰", fb.SUGGESTION, "希望出小样装", datetime(2026, 11, 18, 9), 4)
    log("ask", "小美", fb.INQUIRY, "敏感肌能用吗？", datetime(2026, 10, 5, 9))
    return ids


@pytest.fixture
def page(qtbot, app, ui_state, shop) -> FeedbackPage:
    widget = FeedbackPage(ui_state, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1300, 600)
    widget.show()
    return widget


def _column(page: FeedbackPage, col: int) -> list[str]:
    m = page.model
    return [m.data(m.index(r, col)) for r in range(m.rowCount())]


def _choose(combo, data) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _dialog(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=2000)
    return QApplication.activeModalWidget()


def test_model_passes_qtmodeltester(qtmodeltester, shop) -> None:
    model = FeedbackTableModel()
    model.refresh()
    assert model.rowCount() == 4
    qtmodeltester.check(model, force_py=True)


def test_list_newest_first_and_satisfaction_figures(qtbot, page: FeedbackPage) -> None:
    assert _column(page, COLS.COL_CONTENT) == [
        "希望出小样装", "香味很好闻，会回购", "物流太慢了，等了一周", "敏感肌能用吗？",
    ]  # fmt: skip
    assert _column(page, COLS.COL_RATING)[:3] == ["★★★★☆", "★★★★★", "★★☆☆☆"]
    assert _column(page, COLS.COL_STATUS)[2] == "Resolved"
    assert _column(page, COLS.COL_RESOLUTION)[2] == "2026-11-11 10:00 · 已道歉并送优惠券"
    assert "4 entries" in page.count_label.text()
    # Last 30 days: ratings 4, 5, 2 → CSAT 2 of 3; one complaint in the 30 days is ~1 a month
    # (not 0.5 because the days touch October and November).
    assert "CSAT 66.7%" in page.csat_label.text() and "2 of 3" in page.csat_label.text()
    assert "Average 3.7 ★" in page.average_label.text()
    assert "1.0 complaints a month" in page.complaints_label.text()
    assert "Resolved in 1.0 days" in page.resolve_label.text()
    _choose(page.period_combo, "month")
    assert "1.0 complaints a month" in page.complaints_label.text()
    assert period_range("year", TODAY) == (date(2026, 1, 1), TODAY)


def test_filters_kind_status_rating_and_dates(qtbot, type_text, page: FeedbackPage) -> None:
    _choose(page.kind_combo, fb.COMPLAINT)
    assert _column(page, COLS.COL_CONTENT) == ["物流太慢了，等了一周"]
    _choose(page.kind_combo, None)
    _choose(page.status_combo, "unresolved")
    assert len(_column(page, COLS.COL_CONTENT)) == 3
    _choose(page.status_combo, None)
    _choose(page.rating_combo, 0)
    assert _column(page, COLS.COL_CONTENT) == ["敏感肌能用吗？"]
    _choose(page.rating_combo, 5)
    assert _column(page, COLS.COL_CONTENT) == ["香味很好闻，会回购"]
    _choose(page.rating_combo, None)
    page.from_edit.setDate(page.from_edit.date().fromString("2026-11-15", "yyyy-MM-dd"))
    qtbot.mouseClick(page.from_check, Qt.MouseButton.LeftButton)
    assert len(_column(page, COLS.COL_CONTENT)) == 2
    qtbot.mouseClick(page.from_check, Qt.MouseButton.LeftButton)
    type_text(page.search_edit, "小样")
    qtbot.waitUntil(lambda: _column(page, COLS.COL_CONTENT) == ["希望出小样装"], timeout=2000)


def test_log_a_complaint_with_its_order(qtbot, type_text, page: FeedbackPage, shop) -> None:
    qtbot.mouseClick(page.log_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, FeedbackDialog)
    assert not dialog.order_combo.isEnabled()  # no customer yet
    type_text(dialog.picker.search_edit, "小美")
    qtbot.waitUntil(lambda: dialog.picker.customer_id() == shop["小美"], timeout=2000)
    assert dialog.order_combo.count() == 3  # (no order) + her two orders, newest first
    assert "7000000000000000002" in dialog.order_combo.itemText(1)
    dialog.order_combo.setCurrentIndex(1)
    _choose(dialog.kind_combo, fb.COMPLAINT)
    _choose(dialog.rating_combo, 1)
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData("phone"))
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.error_text("content") == "This field is required."
    type_text(dialog.content_edit, "收到的包装破损")
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    row = fb.get_feedback(page.current_feedback_id() or 0)
    assert (row.kind, row.rating, row.channel, row.content, row.order_no) == (
        "complaint", 1, "phone", "收到的包装破损", "7000000000000000002",
    )  # fmt: skip
    assert _column(page, COLS.COL_CONTENT)[0] == "收到的包装破损"
    assert "CSAT 50.0%" in page.csat_label.text()
    # An unresolved complaint gets its follow-up, due two days later.
    made = fu.list_ids(fu.FollowUpFilter(kinds=(fu.FEEDBACK,), statuses=fu.ACTIVE))
    assert [fu.get_followup(i).due for i in made] == [datetime(2026, 11, 24)]


def test_resolve_needs_a_note_then_reopen(qtbot, type_text, page: FeedbackPage, shop) -> None:
    fb.reopen(shop["late"], now=NOW)
    page.refresh()
    page.select_feedback(shop["late"])
    assert page.resolve_button.isEnabled() and not page.reopen_button.isEnabled()
    qtbot.mouseClick(page.progress_button, Qt.MouseButton.LeftButton)
    assert fb.get_feedback(shop["late"]).status == "in_progress"
    assert not page.progress_button.isEnabled()
    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, ResolveDialog)
    dialog.resolution_edit.clear()
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("resolution") == "Write what was done to resolve it."
    assert fb.get_feedback(shop["late"]).status == "in_progress"
    type_text(dialog.resolution_edit, "已补发")
    with qtbot.waitSignal(dialog.resolved):
        qtbot.keyClick(
            dialog.resolution_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    row = fb.get_feedback(shop["late"])
    assert (row.status, row.resolution, row.resolved_at) == ("resolved", "已补发", NOW)
    assert page.message_label.text() == "Resolved." and page.reopen_button.isEnabled()
    assert "Resolved in 12.0 days" in page.resolve_label.text()  # 10 Nov 10:00 → now
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert fb.get_feedback(shop["late"]).status == "open"
    assert _column(page, COLS.COL_STATUS)[page.model.row_of(shop["late"])] == "Open"


def test_reopen_drops_the_resolution(qtbot, type_text, page: FeedbackPage, shop) -> None:
    # Complaint → In progress → Resolve → Reopen: the note no longer holds.
    fid = fb.log_feedback(
        fb.FeedbackInput(shop["阿杰"], fb.COMPLAINT, "少发了一块香皂", rating=1),
        now=datetime(2026, 11, 21, 10, 30),
    )
    page.refresh()
    page.select_feedback(fid)
    qtbot.mouseClick(page.progress_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, ResolveDialog)
    type_text(dialog.resolution_edit, "已补发并道歉")
    with qtbot.waitSignal(dialog.resolved):
        qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    row = page.model.row_of(fid)
    assert _column(page, COLS.COL_RESOLUTION)[row] == "2026-11-22 10:30 · 已补发并道歉"
    assert "median of 2 resolved" in page.resolve_label.text()
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    row = page.model.row_of(fid)
    assert _column(page, COLS.COL_STATUS)[row] == "Open"
    assert _column(page, COLS.COL_RESOLUTION)[row] == ""
    assert "median of 1 resolved" in page.resolve_label.text()  # only 物流太慢 is resolved
    # Resolving again starts from an empty note.
    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, ResolveDialog)
    assert dialog.resolution_edit.toPlainText() == ""
    dialog.reject()


@pytest.fixture
def buyer(db_path: Path) -> int:
    return svc.create_customer(svc.CustomerInput("小美"), today=TODAY, now=NOW)


def _bare_page(qtbot, ui_state) -> FeedbackPage:
    widget = FeedbackPage(ui_state, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1300, 600)
    widget.show()
    return widget


def test_average_rating_rounds_half_up(qtbot, app, ui_state, buyer: int) -> None:
    for rating in (4, 3, 5, 5):  # 4.25
        fb.log_feedback(fb.FeedbackInput(buyer, fb.PRAISE, "好", rating=rating), now=NOW)
    page = _bare_page(qtbot, ui_state)
    assert "Average 4.3 ★" in page.average_label.text()
    assert "4 rated" in page.average_label.text()


def test_no_feedback_reads_sensibly(qtbot, app, ui_state, buyer: int) -> None:
    page = _bare_page(qtbot, ui_state)
    cards = [label.text() for label in (page.csat_label, page.average_label, page.resolve_label)]
    assert cards == [
        "<b>CSAT —</b><br>No ratings yet",
        "<b>Average —</b><br>No ratings yet",
        "<b>Time to resolve —</b><br>Nothing resolved yet",
    ]
    # The empty table says how to fill it, like the Today page.
    assert page.empty_label.isVisible() and not page.table.isVisible()
    assert page.empty_label.text() == (
        "No feedback yet — log a complaint, praise or return with Log feedback… (Alt+L)."
    )
    # Logged feedback replaces the hint; a filter that matches nothing says so instead.
    fid = fb.log_feedback(fb.FeedbackInput(buyer, fb.INQUIRY, "敏感肌能用吗？"), now=NOW)
    page.refresh()
    assert page.table.isVisible() and not page.empty_label.isVisible()
    assert page.model.row_of(fid) == 0
    assert "No ratings yet" in page.csat_label.text()  # logged, but still nothing rated
    _choose(page.kind_combo, fb.COMPLAINT)
    assert page.empty_label.isVisible() and not page.table.isVisible()
    assert page.empty_label.text() == "No feedback matches the filters."
    _choose(page.kind_combo, None)
    assert page.table.isVisible() and not page.empty_label.isVisible()


def test_enter_edits_and_delete_asks(qtbot, page: FeedbackPage, shop, monkeypatch) -> None:
    page.select_feedback(shop["praise"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = _dialog(qtbot, FeedbackDialog)
    assert dialog.picker is None and dialog.content_edit.toPlainText() == "香味很好闻，会回购"
    _choose(dialog.rating_combo, 4)
    with qtbot.waitSignal(dialog.feedback_saved):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert fb.get_feedback(shop["praise"]).rating == 4
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.row_of(shop["praise"]) >= 0
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.row_of(shop["praise"]) < 0 and "3 entries" in page.count_label.text()


def test_open_customer(qtbot, page: FeedbackPage, shop) -> None:
    page.select_feedback(shop["idea"])
    with qtbot.waitSignal(page.customer_requested) as signal:
        qtbot.mouseClick(page.customer_button, Qt.MouseButton.LeftButton)
    assert signal.args == [shop["阿杰"]]


def test_too_long_says_the_limit(qtbot, page: FeedbackPage, shop) -> None:
    dialog = FeedbackDialog(page, shop["praise"], clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.content_edit.setPlainText("好" * (fb.MAX_TEXT + 1))
    dialog.channel_combo.setEditText("x" * (fb.MAX_CHANNEL + 1))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.error_text("content") == "At most 20,000 characters."
    assert dialog.error_text("channel") == "At most 100 characters."
    assert fb.get_feedback(shop["praise"]).content == "香味很好闻，会回购"  # not saved

    resolve = ResolveDialog(shop["praise"], page, clock=lambda: NOW)
    qtbot.addWidget(resolve)
    resolve.resolution_edit.setPlainText("好" * (fb.MAX_TEXT + 1))
    resolve.resolve_button.click()
    assert resolve.error_text("resolution") == "At most 20,000 characters."
    assert fb.get_feedback(shop["praise"]).status == fb.OPEN


def test_the_list_shows_when_feedback_was_resolved(qtbot, page: FeedbackPage, shop) -> None:
    m = page.model
    row = m.row_of(shop["late"])
    index = m.index(row, COLS.COL_RESOLUTION)
    # The time the Resolution column sorts by is the one it shows, before the note.
    assert m.data(index) == "2026-11-11 10:00 · 已道歉并送优惠券"
    assert (
        m.data(index, Qt.ItemDataRole.ToolTipRole)
        == "Resolved on 2026-11-11 10:00\n已道歉并送优惠券"
    )
    open_row = m.row_of(shop["praise"])
    assert m.data(m.index(open_row, COLS.COL_RESOLUTION)) == ""
    assert not m.data(m.index(open_row, COLS.COL_RESOLUTION), Qt.ItemDataRole.ToolTipRole)


def test_the_edit_form_shows_when_feedback_was_resolved(qtbot, page: FeedbackPage, shop) -> None:
    page.select_feedback(shop["late"])
    dialog = page.edit_current()
    assert dialog is not None
    label = dialog.findChild(QLabel, "feedbackHistory")
    assert label is not None and label.isVisibleTo(dialog)
    assert label.text() == (
        "Logged on 2026-11-10 10:00. Resolved on 2026-11-11 10:00: 已道歉并送优惠券"
    )
    dialog.reject()
    page.select_feedback(shop["praise"])
    dialog = page.edit_current()
    label = dialog.findChild(QLabel, "feedbackHistory")
    assert label.text() == "Logged on 2026-11-15 09:00."
    dialog.reject()
    # A new entry has no history yet.
    new = FeedbackDialog(page, customer_id=shop["小美"], clock=lambda: NOW)
    qtbot.addWidget(new)
    assert new.findChild(QLabel, "feedbackHistory") is None


def test_the_resolution_stands_beside_the_status(page: FeedbackPage) -> None:
    # At 1024 px the last columns scroll out of sight: the resolution (with its time) was
    # last, after the long order number; it now follows the status.
    m = page.model
    titles = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    assert titles[-3:] == ["Status", "Resolution", "Order"]


def test_feedback_shows_the_order_an_undone_import_removed(
    qtbot, page: FeedbackPage, shop, tmp_path: Path
) -> None:
    # README (Importing): feedback about an order the undo removed keeps the order's number.
    later = ParsedOrder(
        row=0, platform="taobao", order_no="7000000000000000009",
        ordered_at=datetime(2026, 11, 20, 9), status="completed", paid=2900, currency="CNY",
        buyer_key="小美", buyer_name="小美", item_summary="薰衣草香皂",
    )  # fmt: skip
    path = write_export("taobao", [later], tmp_path / "ExportOrderList202611221000.csv")
    batch = engine.import_file(path, now=NOW).batch_id
    oid = svc.purchase_history(shop["小美"])[0].id
    fid = fb.log_feedback(
        fb.FeedbackInput(shop["小美"], fb.RETURN, "盒子压坏了", order_id=oid), now=NOW
    )
    engine.undo_batch(batch, now=NOW)
    page.refresh()
    page.select_feedback(fid)
    row = page.model.row_of(fid)
    assert page.model.data(page.model.index(row, COLS.COL_ORDER)) == "7000000000000000009"
    # The edit form says which order it is about, rather than "(no order)".
    dialog = page.edit_current()
    assert dialog is not None
    assert dialog.order_combo.currentData() is None
    assert "7000000000000000009" in dialog.order_combo.currentText()
    assert "(no order)" not in [
        dialog.order_combo.itemText(i) for i in range(dialog.order_combo.count())
    ]
    with qtbot.waitSignal(dialog.feedback_saved):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    assert fb.get_feedback(fid).order_no == "7000000000000000009"


def _click_row(
    qtbot, page: FeedbackPage, feedback_id: int, modifier=Qt.KeyboardModifier.NoModifier
):
    rect = page.table.visualRect(page.model.index(page.model.row_of(feedback_id), COLS.COL_CONTENT))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_bulk_actions_on_several_entries(
    qtbot, type_text, language, page: FeedbackPage, shop, monkeypatch
) -> None:
    # The main window refreshes the page after its own changes: the selection stays.
    page.data_changed.connect(page.refresh)
    # Two open entries and the resolved complaint, picked with Ctrl+click.
    _click_row(qtbot, page, shop["praise"])
    for key in ("idea", "late"):
        _click_row(qtbot, page, shop[key], Qt.KeyboardModifier.ControlModifier)
    assert sorted(page.selected_ids()) == sorted([shop["praise"], shop["idea"], shop["late"]])
    # Each move is offered because it applies to one of them at least.
    buttons = (page.progress_button, page.resolve_button, page.reopen_button)
    assert all(b.isEnabled() for b in buttons)
    assert page.current_feedback_id() == shop["late"]  # Edit takes the current one

    qtbot.mouseClick(page.progress_button, Qt.MouseButton.LeftButton)
    assert fb.status_counts([shop["praise"], shop["idea"]]) == {"in_progress": 2}
    assert page.message_label.text() == (
        "Marked 2 feedback entries in progress. 1 selected entry was not open: left as it was."
    )
    assert len(page.selected_ids()) == 3  # still selected for the next action

    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, ResolveDialog)
    assert "Not resolved yet among the selected: 2." in dialog.findChild(QLabel).text()
    type_text(dialog.resolution_edit, "已回复并致谢")
    with qtbot.waitSignal(dialog.resolved):
        qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    rows = fb.fetch_rows([shop["praise"], shop["idea"], shop["late"]])
    assert [(r.status, r.resolution) for r in rows.values()] == [
        ("resolved", "已道歉并送优惠券"), ("resolved", "已回复并致谢"), ("resolved", "已回复并致谢"),
    ]  # fmt: skip
    assert page.message_label.text() == (
        "Resolved 2 feedback entries. 1 selected entry was already resolved: left as it was."
    )
    assert not page.progress_button.isEnabled() and not page.resolve_button.isEnabled()

    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert fb.status_counts(page.selected_ids()) == {"open": 3}
    assert page.message_label.text() == "Reopened 3 feedback entries."

    # Ctrl+A, Delete: one question for all of them.
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == ["Delete 4 feedback entries?\nThis cannot be undone."]
    assert fb.count() == 0 and page.message_label.text() == "Deleted 4 feedback entries."
