"""Settings ▸ Follow-ups: rules switched off or given new days from the Settings dialog, as a
user would; the Today page and the sidebar count follow at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_crm.models import Customer
from desktop_crm.models.followups import FollowUp
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.views.followup_rules_page import FollowUpRulesPage
from desktop_crm.views.settings_dialog import SettingsDialog

NOW = datetime(2026, 11, 22, 10, 0)


def _ok(qtbot, d: SettingsDialog) -> None:
    qtbot.mouseClick(
        d._buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: d.saving is None)  # the save runs as a job


def _complaint(now: datetime) -> FollowUp:
    """A complaint logged three days before `now`: its follow-up is a day late."""
    cid = int(Customer.create(display_name="小美", created_at=now, updated_at=now).id)
    fb.log_feedback(
        fb.FeedbackInput(cid, fb.COMPLAINT, "物流太慢了", rating=2), now=now - timedelta(days=3)
    )
    return FollowUp.get(FollowUp.kind == fu.FEEDBACK)


@pytest.fixture
def dialog(settings_dialog_on, db_path: Path) -> SettingsDialog:
    page = FollowUpRulesPage(clock=lambda: NOW)
    d = settings_dialog_on("Follow-ups", page)
    d.rules = page
    return d


def test_the_page_shows_the_design_defaults(dialog: SettingsDialog) -> None:
    page = dialog.rules
    assert all(check.isChecked() for check in page.switches.values())
    assert {k: s.value() for k, s in page.spins.items()} == {
        "birthday_days": 7, "after_sale_days": 3, "complaint_days": 2,
    }  # fmt: skip
    assert all(s.isEnabled() for s in page.spins.values())


def test_a_switch_turned_off_saves_and_withdraws_at_once(qtbot, dialog: SettingsDialog) -> None:
    row = _complaint(NOW)
    page = dialog.rules
    check = page.switches["complaint"]
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert not check.isChecked() and not page.spins["complaint_days"].isEnabled()
    with qtbot.waitSignal(page.rules_saved):
        _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert fu.get_rules().complaint is False
    row = FollowUp.get_by_id(row.id)
    assert (row.status, row.outcome) == ("cancelled", fu.OUTCOME_RULE_OFF)


def test_new_days_move_the_open_follow_up(qtbot, dialog: SettingsDialog) -> None:
    row = _complaint(NOW)
    spin = dialog.rules.spins["complaint_days"]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "5")
    _ok(qtbot, dialog)
    assert fu.get_rules().complaint_days == 5
    assert FollowUp.get_by_id(row.id).due == datetime(2026, 11, 24)


def test_an_empty_field_is_refused_there_and_nothing_is_saved(
    qtbot, settings_ok, dialog: SettingsDialog
) -> None:
    page = dialog.rules
    dialog.tabs.setCurrentIndex(0)
    spin = page.spins["birthday_days"]
    spin.lineEdit().clear()
    page.switches["win_back"].setChecked(False)
    settings_ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    assert page.field_error("birthday_days") == "Enter a number of days."
    assert page.field_error("after_sale_days") == ""
    assert fu.get_rules() == fu.DEFAULT_RULES
    qtbot.keyClicks(spin, "3")  # the focus went to the field
    assert page.field_error("birthday_days") == ""
    assert "0 to 60" in page.message_for("birthday_days", fu.OUT_OF_RANGE)


def test_nothing_changed_saves_nothing(qtbot, dialog: SettingsDialog) -> None:
    with qtbot.assertNotEmitted(dialog.rules.rules_saved):
        _ok(qtbot, dialog)
    assert not dialog.isVisible()


def test_the_today_page_and_the_count_follow_the_rules(
    qtbot, settings_ok, shop_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = shop_window
    now = datetime.now().replace(microsecond=0)
    before = window.today_page.badge_count()  # the shop's own (win-back) ones
    _complaint(now)
    window._on_followups_changed()
    assert window.today_page.badge_count() == before + 1
    assert window.sidebar.item(0).text() == f"Today ({before + 1})"
    monkeypatch.setattr(SettingsDialog, "open", SettingsDialog.show)
    d = window.open_settings()
    page = d.findChild(FollowUpRulesPage)
    assert page is not None and d.tabs.indexOf(page) >= 0
    assert d.tabs.tabText(d.tabs.indexOf(page)) == "Follow-ups"
    d.tabs.setCurrentWidget(page)
    page.switches["complaint"].setChecked(False)
    settings_ok(d)
    qtbot.waitUntil(lambda: window.today_page.badge_count() == before)
    assert window.sidebar.item(0).text() == (f"Today ({before})" if before else "Today")
    assert not FollowUp.select().where(FollowUp.status.in_(fu.ACTIVE), FollowUp.kind == fu.FEEDBACK)
