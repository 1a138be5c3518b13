"""A customer's timeline: every kind of event, newest first; Enter opens; buttons add."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.services import customer_list
from desktop_crm.services import customers as cs
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.loyalty_points import adjust_points
from desktop_crm.views.followup_dialogs import FeedbackDialog, FollowUpDialog
from desktop_crm.views.timeline_view import (
    COL_KIND,
    COL_STATUS,
    COL_TEXT,
    COL_WHEN,
    KIND_ROLE,
    TimelineModel,
    TimelineView,
)

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30)


@pytest.fixture
def buyer(db_path: Path, tmp_path: Path) -> dict[str, int]:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(7000000000000000000 + i), ordered_at=when,
            status="completed", paid=12900, currency="CNY", buyer_key="小美", buyer_name="小美",
            item_summary="玫瑰精油香皂",
            items=[ParsedItem("玫瑰精油香皂", sku="R-1", quantity=1, price=12900)],
        )
        for i, when in enumerate([datetime(2026, 10, 1, 9), datetime(2026, 11, 1, 9)])
    ]  # fmt: skip
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611220900.csv")
    engine.import_file(path, now=NOW)
    (cid,) = customer_list.list_ids(customer_list.CustomerFilter())
    ids = {"customer": cid}
    ids["note"] = cs.add_note(cid, "喜欢玫瑰香型", now=datetime(2026, 11, 5, 12))
    ids["complaint"] = fb.log_feedback(
        fb.FeedbackInput(cid, fb.COMPLAINT, "收到的包装破损", rating=2),
        now=datetime(2026, 11, 3, 15),
    )
    fb.resolve(ids["complaint"], "已补发", now=datetime(2026, 11, 4, 10))
    ids["call"] = fu.create_followup(
        fu.FollowUpInput(cid, "回访：使用体验怎么样", datetime(2026, 11, 25, 10)), now=NOW
    )
    ids["points"] = adjust_points(cid, 50, note="补偿", today=TODAY, now=datetime(2026, 11, 4, 11))
    return ids


def _column(view: TimelineView, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:  # noqa: ANN001
    m = view.model
    return [m.data(m.index(r, col), role) for r in range(m.rowCount())]


def test_timeline_model_passes_qtmodeltester(qtmodeltester, app, buyer) -> None:
    model = TimelineModel()
    model.set_entries(fu.timeline(buyer["customer"]), NOW)
    assert model.rowCount() >= 5
    qtmodeltester.check(model, force_py=True)


def test_timeline_shows_every_kind_newest_first(qtbot, app, buyer) -> None:
    view = TimelineView(clock=lambda: NOW)
    qtbot.addWidget(view)
    view.show_customer(buyer["customer"])
    whens = _column(view, COL_WHEN)
    assert whens == sorted(whens, reverse=True)
    kinds = [k for k in _column(view, COL_KIND, KIND_ROLE) if k != "followup"]
    # The upcoming call leads; the resolved complaint's follow-up sits at its close.
    assert _column(view, COL_KIND, KIND_ROLE)[0] == "followup"
    # Points: the adjustment, and (loyalty follows every import) what the orders earned.
    assert {"note", "points", "feedback", "order"} <= set(kinds) and kinds.count("order") == 2
    texts = _column(view, COL_TEXT)
    assert texts[0] == "回访：使用体验怎么样"
    # Resolved, the resolution is an entry of its own (not repeated on the logged one).
    assert "Complaint ★★☆☆☆: 收到的包装破损" in texts and "Complaint resolved: 已补发" in texts
    assert "+50 points (Adjusted by hand) — 补偿" in texts  # the ledger's own words
    assert "Taobao/Tmall 7000000000000000001 · ¥129.00 · 玫瑰精油香皂" in texts
    assert "Follow-up" in _column(view, COL_KIND) and "Note" in _column(view, COL_KIND)
    assert _column(view, COL_STATUS)[0] == "Open"
    icon = view.model.data(view.model.index(0, COL_KIND), Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()
    assert not view.empty_label.isVisibleTo(view)


def _dialog(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=2000)
    return QApplication.activeModalWidget()


def test_enter_opens_entries_and_buttons_add(qtbot, type_text, app, buyer) -> None:
    view = TimelineView(clock=lambda: NOW)
    qtbot.addWidget(view)
    view.show()
    view.show_customer(buyer["customer"])
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = _dialog(qtbot, FollowUpDialog)
    assert dialog.followup_id() == buyer["call"]
    dialog.reject()
    order_row = _column(view, COL_KIND, KIND_ROLE).index("order")
    view.table.selectRow(order_row)
    with qtbot.waitSignal(view.order_requested) as signal:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert signal.args == [view.model.entry(order_row).id]

    qtbot.mouseClick(view.log_feedback_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, FeedbackDialog)
    assert dialog.picker is None and dialog.order_combo.count() == 3
    type_text(dialog.content_edit, "希望出小样装")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(fb.SUGGESTION))
    with qtbot.waitSignal(view.data_changed):
        qtbot.keyClick(dialog.content_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Suggestion: 希望出小样装" in _column(view, COL_TEXT)

    before = view.model.rowCount()
    qtbot.mouseClick(view.new_followup_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, FollowUpDialog)
    assert dialog.picker is None
    type_text(dialog.title_edit, "节日问候")
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(40))
    with qtbot.waitSignal(view.data_changed):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert view.model.rowCount() == before + 1
    assert _column(view, COL_TEXT)[0] == "节日问候"  # due furthest ahead: first
    assert view.model.entry(0).when == datetime(2027, 1, 2, 10)


def test_no_customer_and_empty_timeline(qtbot, app, db_path) -> None:
    view = TimelineView(clock=lambda: NOW)
    qtbot.addWidget(view)
    view.show_customer(None)
    assert view.model.rowCount() == 0 and not view.new_followup_button.isEnabled()
    cid = cs.create_customer(cs.CustomerInput("新客"), today=TODAY, now=NOW)
    view.show_customer(cid)
    assert view.empty_label.isVisibleTo(view) and view.new_followup_button.isEnabled()


def test_every_outcome_the_rules_write_reads_in_chinese(qapp) -> None:
    import re

    from desktop_crm.app import install_translators
    from desktop_crm.views.followup_dialogs import outcome_text

    stored = [v for k, v in vars(fu).items() if k.startswith("OUTCOME_")]
    assert len(stored) >= 7
    translators = install_translators(qapp, "zh_CN")
    try:
        for outcome in stored:
            assert re.search(r"[\u4e00-\u9fff]", outcome_text(outcome)), outcome
        assert outcome_text("已回访，很满意") == "已回访，很满意"  # the merchant's own words
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_tier_and_points_lines_read_in_chinese(qapp) -> None:
    # The timeline showed "Gold → Diamond (override: VIP)" in the Chinese UI.
    import re

    from desktop_crm.app import install_translators
    from desktop_crm.views.timeline_view import entry_text

    tier = fu.TimelineEntry(
        datetime(2026, 11, 22, 10), "tier", 1, "", "",
        {"from_name": "Member", "to_name": "Gold",
         "reason": "spend 6,240.00 in the 365 days to 2026-11-22; Gold from 5,000.00"},
    )  # fmt: skip
    points = fu.TimelineEntry(
        datetime(2026, 11, 22, 10), "points", 2, "", "",
        {"delta": 4923, "reason": "earn", "note": "birthday month"},
    )  # fmt: skip
    translators = install_translators(qapp, "zh_CN")
    try:
        for entry in (tier, points):
            text = entry_text(entry)
            assert not re.search(r"[A-Za-z]{3,}", text), text
        assert "+4,923" in entry_text(points)
    finally:
        for t in translators:
            qapp.removeTranslator(t)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Member → Gold (spend ¥6,240.00 in the 365 days to 2026-11-22; Gold from ¥5,000.00)",
        ),
        (
            "zh_CN",
            "普通会员 → 金卡会员（截至 2026-11-22 的 365 天消费 ¥6,240.00；金卡会员 门槛 ¥5,000.00）",
        ),
    ],
    indirect=["language"],
)
def test_a_tier_change_line_names_its_currency(db_path, language, expected) -> None:
    # The line gave the spend as a bare "6,240.00" between half-width brackets in Chinese.
    from desktop_crm.views.timeline_view import entry_text

    tier = fu.TimelineEntry(
        datetime(2026, 11, 22, 10), "tier", 1, "", "",
        {"from_name": "Member", "to_name": "Gold", "currency": "CNY",
         "reason": "spend 6,240.00 in the 365 days to 2026-11-22; Gold from 5,000.00"},
    )  # fmt: skip
    assert entry_text(tier) == expected


def test_a_resolution_is_its_own_event_at_its_time(qtbot, app, buyer) -> None:
    view = TimelineView(clock=lambda: NOW)
    qtbot.addWidget(view)
    view.show_customer(buyer["customer"])
    m = view.model
    rows = [r for r in range(m.rowCount()) if m.entry(r).kind == "feedback"]
    assert [m.entry(r).when for r in rows] == [datetime(2026, 11, 4, 10), datetime(2026, 11, 3, 15)]
    resolved, logged = rows
    assert m.data(m.index(resolved, COL_WHEN)) == "2026-11-04 10:00"
    assert m.data(m.index(resolved, COL_TEXT)) == "Complaint resolved: 已补发"
    assert m.data(m.index(resolved, COL_KIND)) == "Feedback"
    assert m.data(m.index(logged, COL_TEXT)) == "Complaint ★★☆☆☆: 收到的包装破损"
    whens = _column(view, COL_WHEN)
    assert whens == sorted(whens, reverse=True)
    # Enter on the resolution opens the feedback it belongs to.
    view.show()
    view.table.selectRow(resolved)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = _dialog(qtbot, FeedbackDialog)
    assert dialog.feedback_id() == buyer["complaint"]
    dialog.reject()
    # Reopened: no resolution, no event.
    fb.reopen(buyer["complaint"], now=NOW)
    view.refresh()
    assert [m.entry(r).when for r in range(m.rowCount()) if m.entry(r).kind == "feedback"] == [
        datetime(2026, 11, 3, 15)
    ]


def test_in_a_narrow_pane_the_details_get_the_room(qtbot, app, buyer) -> None:
    # In the customer pane at 1024 px the details column was 25 px wide ("…" on every row),
    # the date, kind and status taking the rest: narrow, the date loses its time and the
    # status goes to the tooltip.
    view = TimelineView(clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(300, 400)
    view.show()
    view.show_customer(buyer["customer"])
    qtbot.waitUntil(lambda: view.table.isColumnHidden(COL_STATUS), timeout=2000)
    m = view.model
    row = next(r for r in range(m.rowCount()) if m.entry(r).kind == "feedback")
    assert m.data(m.index(row, COL_WHEN)) == "2026-11-04"
    assert m.data(m.index(row, COL_WHEN), Qt.ItemDataRole.ToolTipRole) == "2026-11-04 10:00"
    assert "Resolved" in m.data(m.index(row, COL_TEXT), Qt.ItemDataRole.ToolTipRole)
    assert view.table.columnWidth(COL_TEXT) >= 90
    view.resize(900, 400)
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(COL_STATUS), timeout=2000)
    assert m.data(m.index(row, COL_WHEN)) == "2026-11-04 10:00"
