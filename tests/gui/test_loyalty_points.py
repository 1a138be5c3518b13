"""The customer page's loyalty panel and its dialogs, driven as a user would."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_crm.db import db
from desktop_crm.services import loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.points_view import (
    AdjustDialog,
    LedgerTableModel,
    PointsView,
    RedeemDialog,
    ReferrerDialog,
    TierOverrideDialog,
)

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)


def _order(no: int, buyer: str, paid: int, status: str = "completed") -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + no),
        ordered_at=datetime(2026, 10, 1, 12, 0) + timedelta(days=no), status=status, paid=paid,
        currency="CNY", buyer_key=buyer, buyer_name=buyer,
        real_name="张三" if buyer == "小美" else None, item_summary="手工皂",
        items=[ParsedItem("手工皂", price=paid)],
    )  # fmt: skip


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    """小美 spent ¥6,240 (Gold), bob ¥1,500 (Silver), cat ¥100 (Member)."""
    orders = [_order(1, "小美", 624_000), _order(2, "bob", 150_000), _order(3, "cat", 10_000)]
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611010900.csv")
    engine.import_file(path, platform="taobao", now=NOW, today=TODAY)
    rows = db.execute_sql("SELECT display_name, id FROM customer").fetchall()
    return {name: int(cid) for name, cid in rows}


@pytest.fixture
def view(qtbot, app, shop) -> PointsView:
    w = PointsView(clock=lambda: NOW)
    qtbot.addWidget(w)
    w.show()
    w.show_customer(shop["小美"], TODAY)
    return w


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def _type_number(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text)


def _ledger(cid: int) -> list[tuple[str, int, int]]:
    return [(ln.reason, ln.delta, ln.balance) for ln in loyalty.ledger(cid)]


def test_ledger_model_passes_qtmodeltester(qtmodeltester, shop) -> None:
    loyalty.redeem_points(shop["小美"], 240, today=TODAY, now=NOW, note="voucher")
    model = LedgerTableModel()
    model.set_items(loyalty.ledger(shop["小美"]))
    assert model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)


def test_panel_shows_tier_reason_balance_and_ledger(view: PointsView, shop) -> None:
    assert view.tier_label.text() == "Gold"
    assert view.reason_label.text() == (
        "¥6,240.00 spent in the last 12 months; Gold from ¥5,000.00; ¥13,760.00 more for Diamond."
    )
    assert "6,240" in view.balance_label.text()
    assert view.negative_label.isHidden() and view.override_label.isHidden()
    assert view.ledger_model.rowCount() == 1
    assert view.ledger_model.data(view.ledger_model.index(0, 2)) == "+6,240"
    # Points earned in 2026 expire at the end of 2027: nothing within 30 days.
    assert view.expiring_label.text() == "No points expire in the next 30 days."
    assert "Not referred by anyone." in view.referral_label.text()
    view.show_customer(shop["cat"], TODAY)
    assert view.reason_label.text() == (
        "¥100.00 spent in the last 12 months; Member from ¥0.00; ¥900.00 more for Silver."
    )


def test_expiring_points_are_listed(view: PointsView, shop) -> None:
    view.show_customer(shop["小美"], date(2027, 12, 10))
    assert "6,240 point(s) on 2027-12-31" in view.expiring_label.text()


def test_redeem_over_the_balance_is_refused_and_nothing_is_written(
    qtbot, view: PointsView, shop
) -> None:
    before = _ledger(shop["小美"])
    qtbot.mouseClick(view.redeem_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RedeemDialog) and dialog.isVisible()
    assert "Available to redeem: 6,240" in dialog.available_label.text()
    _type_number(qtbot, dialog.points_edit, "7000")
    assert dialog.points_edit.value() == 7000
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.message.text() == (
        "Only 6,240 point(s) can be redeemed now; 7,000 point(s) is more than the balance. "
        "Nothing was redeemed."
    )
    assert _ledger(shop["小美"]) == before
    assert loyalty.points_balance(shop["小美"]) == 6240
    # Zero points is not a redemption either.
    _type_number(qtbot, dialog.points_edit, "0")
    _save(qtbot, dialog)
    assert dialog.error_text("points") == "Enter a whole number of points greater than zero."
    assert _ledger(shop["小美"]) == before
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_number_the_box_cannot_read_is_not_saved_as_another(
    qtbot, view: PointsView, shop
) -> None:
    # A plain spin box drops the ".", so "7.5" became 75 points, and put an unreadable entry
    # back to the last number when Save was clicked or Enter pressed.
    before = _ledger(shop["小美"])
    qtbot.mouseClick(view.redeem_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RedeemDialog)
    _type_number(qtbot, dialog.points_edit, "7.5")
    assert dialog.points_edit.lineEdit().text() == "7.5"
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.points_edit.lineEdit().text() == "7.5"
    assert dialog.error_text("points") == "Enter a whole number of points greater than zero."
    # A comma out of place is a typo, not thousands: Qt read "7,5" as 75 and "1,00" as 100.
    for typo in ("7,5", "1,00", "1,0000"):
        _type_number(qtbot, dialog.points_edit, typo)
        _save(qtbot, dialog)
        assert dialog.isVisible() and dialog.points_edit.lineEdit().text() == typo
        assert dialog.error_text("points") == "Enter a whole number of points greater than zero."
    _type_number(qtbot, dialog.points_edit, "1O0")  # a letter O for a zero
    qtbot.keyClick(dialog.points_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.points_edit.lineEdit().text() == "1O0"
    assert _ledger(shop["小美"]) == before
    _type_number(qtbot, dialog.points_edit, "1,100")  # thousands in their place are read
    qtbot.keyClick(dialog.points_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert loyalty.points_balance(shop["小美"]) == 6240 - 1100


def test_full_width_digits_are_read_and_a_number_too_big_says_so(
    qtbot, view: PointsView, shop, type_text
) -> None:
    qtbot.mouseClick(view.adjust_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AdjustDialog)
    qtbot.keyClicks(dialog.reason_edit, "goodwill")
    dialog.delta_edit.setFocus()
    dialog.delta_edit.lineEdit().selectAll()
    type_text(dialog.delta_edit.lineEdit(), "2000000000")  # over what the box holds
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_text("delta") == "That is more points than can be handled at once."
    dialog.delta_edit.lineEdit().selectAll()
    type_text(dialog.delta_edit.lineEdit(), "－１００")  # a Chinese input method's full width
    with qtbot.waitSignal(view.points_changed):
        _save(qtbot, dialog)
    assert _ledger(shop["小美"])[0] == ("adjust", -100, 6140)


def test_valid_redemption_updates_balance_and_running_balance(
    qtbot, view: PointsView, shop
) -> None:
    qtbot.mouseClick(view.redeem_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RedeemDialog)
    _type_number(qtbot, dialog.points_edit, "1000")
    qtbot.keyClicks(dialog.note_edit, "voucher 20")
    with qtbot.waitSignal(view.points_changed) as signal:
        _save(qtbot, dialog)
    assert signal.args == [shop["小美"]]
    assert not dialog.isVisible()
    assert _ledger(shop["小美"]) == [("redeem", -1000, 5240), ("earn", 6240, 6240)]
    assert "5,240" in view.balance_label.text()
    m = view.ledger_model
    assert [m.data(m.index(r, 3)) for r in range(m.rowCount())] == ["5,240", "6,240"]
    assert m.data(m.index(0, 1)) == "Redeemed" and m.data(m.index(0, 6)) == "voucher 20"
    assert m.data(m.index(1, 5)) == "2027-12-31 (5,240 left)"


def test_adjust_requires_a_reason(qtbot, view: PointsView, shop) -> None:
    before = _ledger(shop["小美"])
    qtbot.mouseClick(view.adjust_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AdjustDialog)
    _type_number(qtbot, dialog.delta_edit, "-300")
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_text("note") == "Say why, so the change can be understood later."
    assert _ledger(shop["小美"]) == before
    dialog.reason_edit.setText("x" * 600)  # pasted: it was cut to 500 and saved without a word
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_text("note") == "At most 500 characters."
    assert _ledger(shop["小美"]) == before
    dialog.reason_edit.clear()
    qtbot.keyClicks(dialog.reason_edit, "wrong order")
    with qtbot.waitSignal(view.points_changed):
        _save(qtbot, dialog)
    assert _ledger(shop["小美"])[0] == ("adjust", -300, 5940)
    assert "5,940" in view.balance_label.text()


def test_negative_balance_is_red_and_blocks_redemption(qtbot, view: PointsView, shop) -> None:
    cid = shop["cat"]
    loyalty.adjust_points(cid, -150, note="correction", today=TODAY, now=NOW)
    view.show_customer(cid, TODAY)
    assert "-50" in view.balance_label.text()
    assert "c62828" in view.balance_label.styleSheet()
    assert view.negative_label.isVisible()
    assert "no redemption until it is positive again" in view.negative_label.text()
    assert not view.redeem_button.isEnabled()
    m = view.ledger_model
    assert m.data(m.index(0, 3), Qt.ItemDataRole.ForegroundRole) is not None
    # Even when opened, the service refuses and nothing is written.
    dialog = RedeemDialog(cid, view, today=TODAY, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    before = _ledger(cid)
    _type_number(qtbot, dialog.points_edit, "10")
    _save(qtbot, dialog)
    assert "The balance is negative (-50)" in dialog.message.text()
    assert _ledger(cid) == before


def test_tier_override_needs_a_reason_and_can_be_cleared(qtbot, view: PointsView, shop) -> None:
    qtbot.mouseClick(view.override_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, TierOverrideDialog)
    dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findText("Diamond"))
    dialog.until_check.setChecked(True)
    dialog.until_edit.setDate(dialog.until_edit.date().addDays(-60))  # in the past
    _save(qtbot, dialog)
    assert dialog.error_text("reason") == "Say why, so the change can be understood later."
    assert dialog.error_text("until") == "The end date cannot be in the past."
    dialog.until_check.setChecked(False)
    qtbot.keyClicks(dialog.reason_edit, "VIP event")
    with qtbot.waitSignal(view.points_changed):
        _save(qtbot, dialog)
    assert view.tier_label.text() == "Diamond (set by hand)"
    assert view.override_label.text() == "Set by hand: VIP event"
    assert (
        view.reason_label.text() == "¥6,240.00 spent in the last 12 months; by spend alone: Gold."
    )
    assert view.clear_override_button.isVisible()
    with qtbot.waitSignal(view.points_changed):
        qtbot.mouseClick(view.clear_override_button, Qt.MouseButton.LeftButton)
    assert view.tier_label.text() == "Gold" and view.override_label.isHidden()
    assert not view.clear_override_button.isVisible()


def test_referred_by_picks_a_customer(qtbot, view: PointsView, shop, type_text) -> None:
    qtbot.mouseClick(view.referrer_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ReferrerDialog)
    _save(qtbot, dialog)  # nobody chosen yet
    assert dialog.error_text("referred_by") == (
        "Search for a customer and choose one from the list."
    )
    type_text(dialog.picker.search_edit, "小美")
    dialog.picker.search()
    assert dialog.picker.customer_id() == shop["小美"]
    _save(qtbot, dialog)
    assert dialog.error_text("referred_by") == (
        "Choose another customer: nobody can refer themselves."
    )
    dialog.picker.search_edit.clear()
    qtbot.keyClicks(dialog.picker.search_edit, "bob")
    dialog.picker.search()
    assert dialog.picker.customer_id() == shop["bob"]
    with qtbot.waitSignal(view.points_changed):
        _save(qtbot, dialog)
    assert view.referral_label.text().startswith("Referred by bob.")
    # 小美's first purchase is completed: bob got the referral reward.
    assert _ledger(shop["bob"])[0] == ("referral", 100, 1600)
    view.show_customer(shop["bob"], TODAY)
    assert "Referred 1 customer(s)." in view.referral_label.text()
    assert view.ledger_model.data(view.ledger_model.index(0, 1)) == "Referral reward"


def test_the_tier_history_gives_amounts_with_the_currency(view: PointsView) -> None:
    # The Recorded reason column read "spend 6,240.00 …; Gold from 5,000.00" while every
    # other amount of the panel carries its ¥.
    model = view.history_table.model()
    reasons = [model.data(model.index(r, model.columnCount() - 1)) for r in range(model.rowCount())]
    assert reasons == ["spend ¥6,240.00 in the 365 days to 2026-11-22; Gold from ¥5,000.00"]
