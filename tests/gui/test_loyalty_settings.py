"""Settings ▸ Membership: rules and tiers, saved through the Settings dialog as a user would."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialogButtonBox, QLineEdit

from desktop_crm.db import db
from desktop_crm.errors import ValidationError
from desktop_crm.services import loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.loyalty_settings import (
    COL_MULTIPLIER,
    COL_NAME,
    COL_RANK,
    COL_THRESHOLD,
    LoyaltySettingsPage,
    TierTableModel,
    parse_threshold,
    threshold_text,
)
from desktop_crm.views.settings_dialog import SettingsDialog

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> int:
    """小美 spent ¥6,240 in the last 12 months (Gold); returns her id."""
    order = ParsedOrder(
        row=0, platform="taobao", order_no="2039000000000000001",
        ordered_at=datetime(2026, 10, 1, 12, 0), status="completed", paid=624_000,
        currency="CNY", buyer_key="小美", buyer_name="小美", item_summary="手工皂",
        items=[ParsedItem("手工皂", price=624_000)],
    )  # fmt: skip
    path = write_export("taobao", [order], tmp_path / "ExportOrderList202611010900.csv")
    engine.import_file(path, platform="taobao", now=NOW, today=TODAY)
    return int(db.execute_sql("SELECT id FROM customer").fetchone()[0])


@pytest.fixture
def dialog(settings_dialog_on, shop) -> SettingsDialog:
    page = LoyaltySettingsPage(clock=lambda: NOW)
    d = settings_dialog_on("Membership", page)
    d.loyalty = page
    return d


def _ok(qtbot, d: SettingsDialog) -> None:
    box = d.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.saving is None)  # the save runs as a job


def _open_editor(qtbot, page: LoyaltySettingsPage, row: int, col: int) -> QLineEdit:
    """Select a cell and press F2: its editor, the text selected (typing replaces it)."""
    table = page.tier_table
    table.setFocus()
    table.setCurrentIndex(page.tier_model.index(row, col))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parent() is table.viewport()
    editor.selectAll()
    return editor


def _edit_cell(qtbot, page: LoyaltySettingsPage, row: int, col: int, text: str) -> None:
    """Select a cell, press F2, replace the text, press Enter: as a user edits a table."""
    table = page.tier_table
    editor = _open_editor(qtbot, page, row, col)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.NoState, timeout=2000)


def _row(page: LoyaltySettingsPage, name: str) -> int:
    return next(i for i, r in enumerate(page.tier_model.rows()) if r.name == name)


def _tier(name: str) -> loyalty.TierInfo:
    found = loyalty.tier_by_name(name)
    assert found is not None
    return found


def test_tier_model_passes_qtmodeltester(qtmodeltester, shop) -> None:
    model = TierTableModel()
    model.set_tiers(loyalty.list_tiers())
    model.add_row()
    qtmodeltester.check(model, force_py=True)


def test_threshold_text_round_trips() -> None:
    assert threshold_text(500_000) == "5,000" and threshold_text(500_050) == "5,000.50"
    assert parse_threshold("5,000") == (500_000, None)
    assert parse_threshold("¥5000.5") == (500_050, None)
    # An input method in full-width mode: its yen sign, digits, comma and point.
    assert parse_threshold("￥8，000") == (800_000, None)
    assert parse_threshold("８０００．５０") == (800_050, None)
    assert parse_threshold("") == (None, "required")
    assert parse_threshold("-1") == (None, "out_of_range")
    assert parse_threshold("1.234") == (None, "too_precise")
    assert parse_threshold("abc") == (None, "invalid")


def test_page_shows_the_stored_rules_and_tiers(dialog: SettingsDialog) -> None:
    page = dialog.loyalty
    assert page.rate_edit.text() == "1" and page.birthday_edit.text() == "2"
    assert page.referral_spin.value() == 100
    assert page.earn_on_combo.currentData() == "completed"
    assert page.expiry_combo.currentData() == "end_of_next_year"
    assert not page.months_spin.isEnabled() and page.downgrades_check.isChecked()
    m = page.tier_model
    table = [
        (
            m.data(m.index(r, COL_NAME)),
            m.data(m.index(r, COL_RANK)),
            m.data(m.index(r, COL_THRESHOLD)),
        )
        for r in range(m.rowCount())
    ]
    assert table == [
        ("Member", "1", "0"), ("Silver", "2", "1,000"), ("Gold", "3", "5,000"),
        ("Diamond", "4", "20,000"),
    ]  # fmt: skip
    # The base tier's threshold stays 0.
    assert not m.flags(m.index(0, COL_THRESHOLD)) & Qt.ItemFlag.ItemIsEditable


def test_a_changed_threshold_is_saved_and_tiers_re_evaluated(
    qtbot, dialog: SettingsDialog, shop: int
) -> None:
    page = dialog.loyalty
    assert loyalty.member_summary(shop, today=TODAY).tier_name == "Gold"
    _edit_cell(qtbot, page, _row(page, "Gold"), COL_THRESHOLD, "7,000")
    assert page.tier_model.data(page.tier_model.index(_row(page, "Gold"), COL_THRESHOLD)) == "7,000"
    with qtbot.waitSignal(page.rules_saved):
        _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert _tier("Gold").threshold == 700_000
    assert loyalty.member_summary(shop, today=TODAY).tier_name == "Silver"
    assert loyalty.tier_history(shop)[0].to_name == "Silver"


def test_rules_are_saved(qtbot, dialog: SettingsDialog) -> None:
    page = dialog.loyalty
    page.rate_edit.clear()
    qtbot.keyClicks(page.rate_edit, "1.5")
    page.expiry_combo.setCurrentIndex(page.expiry_combo.findData("months"))
    assert page.months_spin.isEnabled()
    page.months_spin.setValue(18)
    page.downgrades_check.setChecked(False)
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    rules = loyalty.get_rules()
    assert (rules.earn_rate, rules.expiry, rules.expiry_months, rules.downgrades) == (
        "1.5", "months", 18, False,
    )  # fmt: skip


def test_a_bad_value_shows_a_message_and_keeps_the_dialog_open(
    qtbot, dialog: SettingsDialog
) -> None:
    page = dialog.loyalty
    page.rate_edit.clear()
    qtbot.keyClicks(page.rate_edit, "abc")
    _edit_cell(qtbot, page, _row(page, "Gold"), COL_THRESHOLD, "1,000")  # Silver's amount
    _edit_cell(qtbot, page, _row(page, "Diamond"), COL_MULTIPLIER, "0")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    assert page.field_error("earn_rate") == "This value is not valid."
    errors = page.tier_error.text().splitlines()
    assert "Gold: Another tier already starts at this amount." in errors
    assert "Diamond: Enter a multiplier above 0 and up to 100." in errors
    m = page.tier_model
    bad = m.index(_row(page, "Diamond"), COL_MULTIPLIER)
    assert m.data(bad, Qt.ItemDataRole.ToolTipRole) == "Enter a multiplier above 0 and up to 100."
    assert m.data(bad, Qt.ItemDataRole.BackgroundRole) is not None
    # Nothing was saved: neither the rules nor any tier.
    assert loyalty.get_rules().earn_rate == "1" and _tier("Gold").threshold == 500_000
    # Fixed, everything saves.
    page.rate_edit.clear()
    qtbot.keyClicks(page.rate_edit, "2")
    assert page.field_error("earn_rate") == ""
    _edit_cell(qtbot, page, _row(page, "Gold"), COL_THRESHOLD, "6000")
    _edit_cell(qtbot, page, _row(page, "Diamond"), COL_MULTIPLIER, "1.5")
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert loyalty.get_rules().earn_rate == "2"
    assert _tier("Gold").threshold == 600_000 and _tier("Diamond").multiplier == "1.5"


def test_out_of_range_rule_from_the_service_is_worded(qtbot, dialog: SettingsDialog) -> None:
    page = dialog.loyalty
    page.birthday_edit.clear()
    qtbot.keyClicks(page.birthday_edit, "0.5")
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert page.field_error("birthday_factor") == "Enter a factor from 1 to 100."


def test_tiers_can_be_added_and_removed(qtbot, dialog: SettingsDialog) -> None:
    page = dialog.loyalty
    qtbot.mouseClick(page.add_tier_button, Qt.MouseButton.LeftButton)
    row = page.tier_model.rowCount() - 1
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)  # the new tier's name is being edited
    assert editor.parent() is page.tier_table.viewport()
    qtbot.keyClicks(editor, "Platinum")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.tier_table.state() == QAbstractItemView.State.NoState)
    _edit_cell(qtbot, page, row, COL_THRESHOLD, "50,000")
    _edit_cell(qtbot, page, row, COL_MULTIPLIER, "2")
    assert page.tier_model.data(page.tier_model.index(row, COL_RANK)) == "5"
    # Silver goes; the base tier cannot.
    page.tier_table.setCurrentIndex(page.tier_model.index(_row(page, "Silver"), COL_NAME))
    qtbot.mouseClick(page.remove_tier_button, Qt.MouseButton.LeftButton)
    page.tier_table.setCurrentIndex(page.tier_model.index(0, COL_NAME))
    qtbot.mouseClick(page.remove_tier_button, Qt.MouseButton.LeftButton)
    assert "cannot be removed" in page.tier_error.text()
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert [(t.name, t.rank, t.threshold, t.multiplier) for t in loyalty.list_tiers()] == [
        ("Member", 0, 0, "1"), ("Gold", 1, 500_000, "1"), ("Diamond", 2, 2_000_000, "1"),
        ("Platinum", 3, 5_000_000, "2"),
    ]  # fmt: skip


def test_empty_tier_name_and_no_change_saves_nothing(qtbot, dialog: SettingsDialog) -> None:
    page = dialog.loyalty
    signals: list[bool] = []
    page.rules_saved.connect(lambda: signals.append(True))
    page.apply()  # nothing changed: no re-evaluation, no signal
    assert signals == []
    _edit_cell(qtbot, page, _row(page, "Silver"), COL_NAME, " ")
    with pytest.raises(ValidationError) as info:
        page.apply()
    assert info.value.errors == {"tiers": "invalid"}
    assert "row 2: This field is required." in page.tier_error.text()
    assert signals == [] and _tier("Silver").name == "Silver"


def test_a_cell_still_being_edited_is_taken(qtbot, dialog: SettingsDialog) -> None:
    page = dialog.loyalty
    editor = _open_editor(qtbot, page, _row(page, "Gold"), COL_THRESHOLD)
    qtbot.keyClicks(editor, "8000")
    page.apply()  # as OK does, without Enter in the cell
    assert _tier("Gold").threshold == 800_000


def test_tiers_may_trade_amounts_and_the_page_saves_as_one_change(
    qtbot, dialog: SettingsDialog, shop: int
) -> None:
    page = dialog.loyalty
    page.rate_edit.clear()
    qtbot.keyClicks(page.rate_edit, "2")
    # Silver moves up to Gold's old amount while Gold moves on: valid as a whole.
    _edit_cell(qtbot, page, _row(page, "Silver"), COL_THRESHOLD, "5,000")
    _edit_cell(qtbot, page, _row(page, "Gold"), COL_THRESHOLD, "8,000")
    with qtbot.waitSignal(page.rules_saved):
        _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert (_tier("Silver").threshold, _tier("Gold").threshold) == (500_000, 800_000)
    assert loyalty.get_rules().earn_rate == "2"
    # 小美's ¥6,240 is Silver now: one change in her history, from the final table.
    assert loyalty.member_summary(shop, today=TODAY).tier_name == "Silver"
    assert [(h.from_name, h.to_name) for h in loyalty.tier_history(shop)][0] == ("Gold", "Silver")
    # Names can trade places too.
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    _edit_cell(qtbot, page, _row(page, "Silver"), COL_NAME, "Tmp")
    _edit_cell(qtbot, page, _row(page, "Gold"), COL_NAME, "Silver")
    _edit_cell(qtbot, page, _row(page, "Tmp"), COL_NAME, "Gold")
    page.apply()
    assert (_tier("Gold").threshold, _tier("Silver").threshold) == (500_000, 800_000)


def test_a_refused_tier_saves_nothing_not_even_the_rules(qtbot, dialog: SettingsDialog) -> None:
    page = dialog.loyalty
    page.rate_edit.clear()
    qtbot.keyClicks(page.rate_edit, "3")
    _edit_cell(qtbot, page, _row(page, "Gold"), COL_THRESHOLD, "6,000")

    def refuse(rows, *, today, now):  # type: ignore[no-untyped-def]
        raise loyalty.TierRowInvalid(0, {"threshold": "not_unique"})

    import desktop_crm.services.loyalty_tiers as tiers_svc

    original = tiers_svc.save_tier_rows
    tiers_svc.save_tier_rows = refuse
    try:
        with pytest.raises(ValidationError):
            page.apply()
    finally:
        tiers_svc.save_tier_rows = original
    assert "Gold: Another tier already starts at this amount." in page.tier_error.text()
    assert loyalty.get_rules().earn_rate == "1" and _tier("Gold").threshold == 500_000


@pytest.mark.parametrize(
    "lang, refusal",
    [
        ("en", "金卡会员: Another tier already has this name."),
        ("zh", "金卡会员: 已有其他等级使用这个名称。"),
    ],
)
def test_a_tier_cannot_take_the_name_another_tier_shows_in_chinese(
    qtbot, request, type_text, lang: str, refusal: str
) -> None:
    # 银卡会员 (Silver) renamed to 金卡会员, the Gold tier's Chinese name: two tiers showed it.
    if lang == "zh":
        request.getfixturevalue("chinese")
    dialog = request.getfixturevalue("dialog")
    page = dialog.loyalty
    table = page.tier_table
    editor = _open_editor(qtbot, page, _row(page, "Silver"), COL_NAME)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    type_text(editor, "金卡会员")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.NoState, timeout=2000)
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert page.tier_error.text() == refusal
    assert [t.name for t in loyalty.list_tiers()] == ["Member", "Silver", "Gold", "Diamond"]


def test_a_refusal_names_the_tier_as_the_table_shows_it(qtbot, request) -> None:
    # In Chinese the message named the Gold tier "Gold", which the table shows as 金卡会员.
    request.getfixturevalue("chinese")
    dialog = request.getfixturevalue("dialog")
    page = dialog.loyalty
    _edit_cell(
        qtbot, page, _row(page, "Gold"), COL_THRESHOLD, threshold_text(_tier("Silver").threshold)
    )
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert page.tier_error.text().startswith("金卡会员: ")
