"""The idle lock hides every customer; settings set the idle time and the password."""

from __future__ import annotations

from datetime import datetime

import pytest

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_crm.services import applock
from desktop_crm.services import customers as svc
from desktop_crm.views.main_window import MainWindow

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def window(qtbot, app, db_path, ui_state) -> MainWindow:
    svc.create_customer(svc.CustomerInput("机密客户名"), today=NOW.date(), now=NOW)
    w = MainWindow(db_path, ui_state)
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    return w


def test_idle_lock_covers_the_window_and_needs_the_password(qtbot, window, type_text) -> None:
    applock.set_password("开门1234")
    applock.set_idle_minutes(1)
    window.idle_lock.reload()
    window.customers_page.select_customer(window.customers_page.model.id_at(0))
    window.customers_page.open_current()
    assert window.customers_page._windows and window.customers_page._windows[0].isVisible()
    window.idle_lock._timer.setInterval(30)  # one minute, shortened for the test
    window.idle_lock._timer.start()
    qtbot.waitUntil(window.idle_lock.is_locked, timeout=3000)
    screen = window.idle_lock.screen
    assert screen.geometry() == window.rect()
    assert not window.customers_page._windows[0].isVisible()  # other windows hidden too
    # What is painted is the lock screen alone: no table, no names.
    from PySide6.QtGui import QImage

    rgb = QImage.Format.Format_RGB32
    shot = window.grab().toImage().convertToFormat(rgb)
    alone = screen.grab().toImage().convertToFormat(rgb)
    assert shot.copy(screen.geometry()) == alone
    type_text(screen.password, "wrong")
    screen.unlock_button.click()
    assert window.idle_lock.is_locked() and "not the password" in screen.error.text()
    screen.password.clear()
    type_text(screen.password, "开门1234")
    screen.unlock_button.click()
    assert not window.idle_lock.is_locked()
    assert window.customers_page._windows[0].isVisible()


def test_settings_dialog_sets_lock_and_language(qtbot, settings_ok, window, type_text) -> None:
    dialog = window.open_settings()
    dialog.lock.idle.setValue(5)
    type_text(dialog.lock.password, "abcd")
    type_text(dialog.lock.repeat, "abcx")
    settings_ok(dialog)
    assert dialog.isVisible() and "differ" in dialog.lock.error.text()
    assert not applock.lock_settings().has_password
    dialog.lock.repeat.clear()
    type_text(dialog.lock.repeat, "abcd")
    dialog.general.language.setCurrentIndex(dialog.general.language.findData("zh_CN"))
    seen: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    original = QMessageBox.information
    QMessageBox.information = staticmethod(lambda *a, **k: seen.append(a[2]))
    try:
        settings_ok(dialog)
    finally:
        QMessageBox.information = original
    assert applock.lock_settings() == applock.LockSettings(5, True)
    assert applock.check_password("abcd") and not applock.check_password("abce")
    assert window.idle_lock._minutes == 5 and seen
    assert QApplication.instance() is not None


def test_lock_now_shortcut(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    search = window.customers_page.search_edit
    window.show_page("customers")
    search.setFocus()
    window.lock_action.trigger()
    assert window.idle_lock.is_locked()
    window.idle_lock.screen.unlock_button.click()  # no password set
    assert not window.idle_lock.is_locked()
    # The keyboard is back in the search box, not on the hidden Unlock button.
    assert search.hasFocus()


def test_encrypting_from_settings_and_back(qtbot, window, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from desktop_crm.db import current_passphrase
    from desktop_crm.services.encryption import is_encrypted
    from desktop_crm.views.encryption_page import EncryptionPage, PassphraseDialog

    answers = iter([("", "lock it up now"), ("lock it up now", "")])

    def fill(dialog: PassphraseDialog) -> int:
        old, new = next(answers)
        dialog.old.setText(old)
        dialog.new.setText(new)
        dialog.repeat.setText(new)
        dialog._on_ok()
        return int(dialog.result() or QDialog.DialogCode.Accepted)

    from desktop_crm.services import backup

    earlier = backup.make_backup("manual", now=datetime(2026, 11, 22, 9, 0))
    told: list[str] = []
    monkeypatch.setattr(PassphraseDialog, "exec", fill)
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text, *a, **k: told.append(text))
    )
    dialog = window.open_settings()
    page = next(p for p in dialog.pages if isinstance(p, EncryptionPage))
    page.encrypt_button.click()
    assert is_encrypted(db_path) and current_passphrase() == "lock it up now"
    assert is_encrypted(earlier.path)  # the backups made before are encrypted too
    assert told == ["The database is now encrypted. 1 earlier backup(s) were encrypted too."]
    assert window.customers_page.model.rowCount() == 1  # still readable
    window.customers_page.refresh()
    assert window.customers_page.model.rowCount() == 1
    page.decrypt_button.click()
    assert not is_encrypted(db_path) and current_passphrase() is None


def test_while_locked_no_shortcut_works_and_focus_stays_on_the_lock(
    qtbot, window, type_text
) -> None:
    # Ctrl+, opened Settings over the lock screen (where the password could be removed),
    # Ctrl+N a new-customer dialog, Ctrl+F put the typing into the hidden customer search.
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    applock.set_password("开门1234")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    opened: list[str] = []

    def close_any_dialog() -> None:
        w = QApplication.activeModalWidget()
        if w is not None:
            opened.append(type(w).__name__)
            w.close()

    timer = QTimer()
    timer.timeout.connect(close_any_dialog)
    timer.start(20)
    window.lock_action.trigger()
    screen = window.idle_lock.screen
    for key in (Qt.Key.Key_Comma, Qt.Key.Key_N, Qt.Key.Key_F, Qt.Key.Key_I):
        QTest.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(60)
    for _ in range(4):  # Tab goes round the cover's password and Unlock, never under it
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert screen.isAncestorOf(QApplication.focusWidget())
    type_text(QApplication.focusWidget(), "开门1234")
    timer.stop()
    assert opened == [] and window.idle_lock.is_locked()
    assert screen.isAncestorOf(QApplication.focusWidget())
    assert window.customers_page.search_edit.text() == ""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not window.idle_lock.is_locked()


def test_lock_now_works_from_a_customer_window(qtbot, window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page = window.customers_page
    page.table.setCurrentIndex(page.model.index(0, 0))
    page.open_current()
    (other,) = page._windows
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=3000)
    QTest.keyClick(other, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.idle_lock.is_locked() and not other.isVisible()


def test_a_closed_window_stops_its_timers(window) -> None:
    # A reminder check a minute after closing ran against a closed database.
    assert window._due_timer.isActive() and window._backup_timer.isActive()
    window.close()
    assert not window._due_timer.isActive() and not window._backup_timer.isActive()


def test_a_refused_ok_saves_no_page_and_cancel_leaves_all_as_it_was(
    qtbot, settings_ok, window, type_text, ui_state
) -> None:
    from desktop_crm.views.loyalty_settings import LoyaltySettingsPage

    before_language = ui_state.language()
    dialog = window.open_settings()
    dialog.general.language.setCurrentIndex(dialog.general.language.findData("zh_CN"))
    dialog.lock.idle.setValue(7)
    type_text(dialog.lock.password, "abcd")
    type_text(dialog.lock.repeat, "abcd")
    loyalty_page = next(p for p in dialog.pages if isinstance(p, LoyaltySettingsPage))
    loyalty_page.rate_edit.clear()
    type_text(loyalty_page.rate_edit, "-5")  # refused on the Membership page
    settings_ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is loyalty_page
    dialog.reject()
    assert ui_state.language() == before_language
    assert applock.lock_settings() == applock.LockSettings(0, False)


@pytest.mark.parametrize(
    "column, text, message",
    [
        ("name", "金" * 101, "At most 100 characters."),
        ("threshold", "20,000,000,000,000", "Enter an amount from 0 to 10,000,000,000,000."),
        ("benefits", "礼" * 4001, "At most 4,000 characters."),
    ],
)
def test_a_tier_the_service_would_refuse_saves_no_page(
    qtbot, settings_ok, window, type_text, ui_state, column: str, text: str, message: str
) -> None:
    # The Membership page's own check let these through; the save refused them after the
    # General and Screen lock pages were saved (a new lock password stayed after Cancel).
    from PySide6.QtCore import Qt

    from desktop_crm.views import loyalty_settings as ls

    before_language = ui_state.language()
    dialog = window.open_settings()
    dialog.general.language.setCurrentIndex(dialog.general.language.findData("zh_CN"))
    type_text(dialog.lock.password, "abcd")
    type_text(dialog.lock.repeat, "abcd")
    page = next(p for p in dialog.pages if isinstance(p, ls.LoyaltySettingsPage))
    col = {"name": ls.COL_NAME, "threshold": ls.COL_THRESHOLD, "benefits": ls.COL_BENEFITS}
    row = page.tier_model.rowCount() - 1  # the top tier (its threshold can change)
    page.tier_model.setData(page.tier_model.index(row, col[column]), text, Qt.ItemDataRole.EditRole)
    settings_ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    assert page.tier_errors()[row][column]
    assert ls.loyalty_message(page.tier_errors()[row][column], column) == message
    dialog.reject()
    assert ui_state.language() == before_language
    assert applock.lock_settings() == applock.LockSettings(0, False)


@pytest.fixture
def lock_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The idle lock's clock (seconds awake), moved by the test: [now]."""
    from desktop_crm.views import lock_screen

    clock = [1_000_000.0]
    monkeypatch.setattr(lock_screen, "_awake_seconds", lambda: clock[0])
    return clock


def test_the_lock_counts_time_asleep(qtbot, window, lock_clock: list[float]) -> None:
    # A laptop shut Friday 18:00 and opened Monday: a timer does not count the sleep, and the
    # window showed the customers for the idle time again (15 minutes, say) after waking.
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    wall = lock_clock
    applock.set_idle_minutes(15)
    lock = window.idle_lock
    lock.reload()
    wall[0] += 60  # a minute of work, then the lid shuts
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(5, 5), QPointF(5, 5),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, move)
    assert not lock.is_locked()
    wall[0] += 63 * 3600  # Monday morning; the timer still has 14 minutes to go
    assert lock._timer.remainingTime() > 60_000
    lock._on_wall_timeout()  # the next wall-clock check (every 15 s)
    assert lock.is_locked()
    lock.screen.unlock_button.click()
    assert not lock.is_locked()
    wall[0] += 63 * 3600  # asleep again; the first thing after waking is a mouse move
    QApplication.sendEvent(window, move)
    assert lock.is_locked()
    lock.screen.unlock_button.click()


def test_typing_through_an_input_method_counts_as_input(
    qtbot, window, lock_clock: list[float]
) -> None:
    # Chinese committed by an input method is not a key press: the lock came down mid-typing.
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    clock = lock_clock
    applock.set_idle_minutes(1)
    lock = window.idle_lock
    lock.reload()
    box = window.customers_page.search_edit
    for ch in "张三李四王五赵六":
        clock[0] += 10
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(box, event)
        lock._on_wall_timeout()
    assert not lock.is_locked()


def test_the_lock_clock_counts_sleep_but_not_corrections_where_it_can() -> None:
    import time

    from desktop_crm.views.lock_screen import _awake_seconds

    if hasattr(time, "CLOCK_BOOTTIME"):  # Linux: a clock step by NTP does not move it
        assert abs(_awake_seconds() - time.clock_gettime(time.CLOCK_BOOTTIME)) < 1
    else:
        assert abs(_awake_seconds() - time.time()) < 1


def test_the_lock_clock_falls_back_when_the_kernel_refuses_boot_time(monkeypatch) -> None:
    import time

    from desktop_crm.views import lock_screen

    def refused(_clock: int) -> float:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(lock_screen.time, "CLOCK_BOOTTIME", 7, raising=False)
    monkeypatch.setattr(lock_screen.time, "clock_gettime", refused)
    assert abs(lock_screen._awake_seconds() - time.time()) < 1


def test_tab_goes_through_each_settings_page_then_ok_and_cancel(qtbot, window) -> None:
    # On five pages the first Tab landed on OK and Cancel; the tiers table kept Tab for good.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    dialog = window.open_settings()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    ok = dialog._buttons.button(QDialogButtonBox.StandardButton.Ok)
    cancel = dialog._buttons.button(QDialogButtonBox.StandardButton.Cancel)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        page = dialog.tabs.widget(index)
        dialog.tabs.tabBar().setFocus()
        seen = []
        for _ in range(40):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            focus = QApplication.focusWidget()
            if focus is dialog.tabs.tabBar():
                break
            seen.append(focus)
        on_page = [w for w in seen if page.isAncestorOf(w)]
        assert on_page, dialog.tabs.tabText(index)
        assert seen[-2:] == [ok, cancel], dialog.tabs.tabText(index)  # fields first, then these
        assert seen[: len(on_page)] == on_page, dialog.tabs.tabText(index)
    dialog.reject()


@pytest.fixture
def read_only_window(qtbot, app, db_path, ui_state) -> MainWindow:
    """The main window on a database opened read-only (the app shows its notice)."""
    from desktop_crm.db import close_database, open_database, read_only_reason
    from desktop_crm.views.jobs import JobRunner

    close_database()
    open_database(db_path, readonly=True)
    assert read_only_reason()
    w = MainWindow(db_path, ui_state, runner=JobRunner(synchronous=True))
    qtbot.addWidget(w)
    w.show()
    return w


def _click_ok(qtbot, dialog) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    ok = dialog._buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saving is None)  # the save runs as a job


@pytest.mark.parametrize(
    "lang, refusal",
    [
        ("en", "The database is open read-only (it was opened read-only on request): nothing "
               "can be changed."),
        ("zh", "数据库以只读方式打开（按要求以只读方式打开）：无法做任何更改。"),
    ],
)  # fmt: skip
def test_ok_on_a_read_only_database_is_refused_and_saves_nothing(
    qtbot, read_only_window, ui_state, answers, request, lang: str, refusal: str
) -> None:
    # The idle minutes' write failed into the "unexpected error" box after the language was
    # saved: Cancel then kept the new language.
    if lang == "zh":
        request.getfixturevalue("chinese")
    dialog = read_only_window.open_settings()
    dialog.general.language.setCurrentIndex(dialog.general.language.findData("zh_CN"))
    dialog.tabs.setCurrentWidget(dialog.lock)
    dialog.lock.idle.lineEdit().selectAll()
    qtbot.keyClicks(dialog.lock.idle, "5")
    assert dialog.lock.idle.value() == 5
    _click_ok(qtbot, dialog)
    assert answers == [f"warning: {refusal}"]
    assert dialog.isVisible()
    dialog.reject()  # Cancel
    assert ui_state.language() == ""
    assert applock.lock_settings() == applock.LockSettings(0, False)


def test_ok_with_nothing_changed_on_a_read_only_database_writes_nothing(
    qtbot, read_only_window, answers
) -> None:
    # Pages that did not change wrote anyway (the idle minutes, the retention months).
    dialog = read_only_window.open_settings()
    _click_ok(qtbot, dialog)
    assert answers == [] and not dialog.isVisible()


def test_the_language_alone_is_saved_on_a_read_only_database(
    qtbot, read_only_window, ui_state, answers
) -> None:
    # The language is the computer's choice (UiState), not the database's.
    dialog = read_only_window.open_settings()
    dialog.general.language.setCurrentIndex(dialog.general.language.findData("zh_CN"))
    _click_ok(qtbot, dialog)
    assert ui_state.language() == "zh_CN" and not dialog.isVisible()
    assert answers == ["information: The new language is used the next time Desktop CRM starts."]


def test_a_save_the_database_refuses_leaves_the_language_as_it_was(
    qtbot, window, ui_state, answers, fail_calls
) -> None:
    # The idle minutes' write met a locked database after the language was saved.
    import peewee

    fail_calls(applock, "set_idle_minutes", peewee.OperationalError("database is locked"))
    dialog = window.open_settings()
    dialog.general.language.setCurrentIndex(dialog.general.language.findData("zh_CN"))
    dialog.lock.idle.lineEdit().selectAll()
    qtbot.keyClicks(dialog.lock.idle, "5")
    _click_ok(qtbot, dialog)
    assert answers == [
        "warning: The database is busy: another program kept it locked for more than 5 "
        "seconds. Nothing was changed; try again."
    ]
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.lock
    dialog.reject()
    assert ui_state.language() == ""
    assert applock.lock_settings() == applock.LockSettings(0, False)


def test_encryption_leaves_a_read_only_database_alone(
    qtbot, read_only_window, db_path, answers
) -> None:
    # Encrypt… was offered on a database opened read-only and replaced the file by a new,
    # writable, encrypted one.
    from desktop_crm.db import current_passphrase

    before = db_path.read_bytes()
    dialog = read_only_window.open_settings()
    page = next(p for p in dialog.pages if type(p).__name__ == "EncryptionPage")
    buttons = (page.encrypt_button, page.change_button, page.decrypt_button)
    assert not any(b.isEnabled() for b in buttons)
    assert page.encrypt_button.toolTip() == "The database is open read-only."
    assert page._rewrite(None, "a long passphrase") is False  # refused, however it is asked
    assert answers and answers[0].startswith("warning: The database is open read-only")
    assert current_passphrase() is None and db_path.read_bytes() == before
    dialog.reject()


def test_no_settings_tab_title_is_the_start_of_another(window, language) -> None:
    # "Privacy & lock" (the screen lock) sat beside "Privacy" (keeping and erasing
    # customers): a user looking for erasure opened the lock page first.
    dialog = window.open_settings()
    titles = [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())]
    dialog.reject()
    clashes = [(a, b) for a in titles for b in titles if a != b and b.startswith(a)]
    assert clashes == [], titles


def test_a_page_the_database_refuses_leaves_the_pages_before_it_unsaved(
    qtbot, window, type_text, answers, fail_calls
) -> None:
    # The Screen lock page was saved (its new password stayed) before the Membership page's
    # save met a busy database: OK saves every page in one transaction, or none.
    import peewee

    from desktop_crm.services import loyalty
    from desktop_crm.views.loyalty_settings import LoyaltySettingsPage

    fail_calls(loyalty, "save_membership", peewee.OperationalError("database is locked"))
    rate = loyalty.get_rules().earn_rate
    dialog = window.open_settings()
    type_text(dialog.lock.password, "abcd")
    type_text(dialog.lock.repeat, "abcd")
    page = next(p for p in dialog.pages if isinstance(p, LoyaltySettingsPage))
    page.rate_edit.clear()
    type_text(page.rate_edit, "3")
    _click_ok(qtbot, dialog)
    assert answers and answers[0].startswith("warning: The database is busy")
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    assert applock.lock_settings() == applock.LockSettings(0, False)
    assert loyalty.get_rules().earn_rate == rate
    _click_ok(qtbot, dialog)  # the database free again: both are saved
    assert not dialog.isVisible()
    assert applock.check_password("abcd") and str(loyalty.get_rules().earn_rate) == "3"


def test_ok_saves_on_the_worker_with_the_window_free(qtbot, app, db_path, ui_state) -> None:
    # At 100k customers a new earn rate re-counted everyone's points for 2-3 s on the
    # window's thread, the window frozen without a word.
    import threading

    from desktop_crm.services import loyalty
    from desktop_crm.views.jobs import JobRunner
    from desktop_crm.views.loyalty_settings import LoyaltySettingsPage
    from desktop_crm.views.settings_dialog import SettingsDialog

    runner = JobRunner()
    dialog = SettingsDialog(ui_state, runner=runner)
    qtbot.addWidget(dialog)
    page = LoyaltySettingsPage()
    dialog.add_page("Membership", page)
    dialog.show()
    seen: dict[str, object] = {}
    release = threading.Event()
    real = loyalty.save_membership

    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen["thread"] = threading.current_thread()
        release.wait(10)
        return real(*args, **kwargs)

    loyalty.save_membership = slow
    try:
        page.rate_edit.setText("2")
        dialog._buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: "thread" in seen)
        # Saving: the pages and buttons wait, Escape does not close the dialog.
        assert not dialog.tabs.isEnabled() and not dialog._buttons.isEnabled()
        dialog.reject()
        assert dialog.isVisible()
        release.set()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    finally:
        loyalty.save_membership = real
        release.set()
        runner.shutdown()
    assert seen["thread"] is not threading.main_thread()
    assert str(loyalty.get_rules().earn_rate) == "2"
