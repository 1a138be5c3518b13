"""While locked nothing shows a customer: reminders are neutral, windows wait for the unlock;
after an erasure no window still shows the erased person."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QSystemTrayIcon, QWidget

from desktop_crm.models import Customer, Order
from desktop_crm.services import followups as fu
from desktop_crm.services import privacy


@pytest.fixture
def tray_messages(shop_window, monkeypatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda _self, title, body, *a: seen.append((title, body))
    )
    if shop_window.tray is None:  # offscreen: no tray; one made by hand shows the messages
        shop_window.tray = QSystemTrayIcon(shop_window)
    return seen


def _due_now(window) -> str:
    now = datetime.now().replace(microsecond=0)
    buyer = Customer.get(Customer.display_name == "买家0")
    fu.create_followup(
        fu.FollowUpInput(customer_id=buyer.id, title="回电话", due=now - timedelta(minutes=1)),
        now=now,
    )
    window.today_page._notified_until = now - timedelta(minutes=5)
    return buyer.display_name


def test_due_reminder_while_locked_names_nobody_and_comes_back_at_unlock(
    qtbot, shop_window, tray_messages
) -> None:
    w = shop_window
    name = _due_now(w)
    w.idle_lock.lock()
    w._on_due_timer_timeout()
    assert len(tray_messages) == 1
    title, body = tray_messages[0]
    assert "1 follow-up" in title and "due" in title
    assert name not in title + body and "回电话" not in title + body
    assert name not in (w.tray.toolTip() or "")
    w._on_due_timer_timeout()  # the next minute: nothing new, nothing shown again
    assert len(tray_messages) == 1
    w.idle_lock.screen.unlock_button.click()  # no password set
    assert not w.idle_lock.is_locked()
    # The reminder is not lost: with the names, now that the merchant is back.
    assert len(tray_messages) == 2 and name in tray_messages[1][1]
    assert "回电话" in tray_messages[1][1]


def test_due_reminder_unlocked_still_names_the_customer(qtbot, shop_window, tray_messages):
    name = _due_now(shop_window)
    shop_window._on_due_timer_timeout()
    assert len(tray_messages) == 1 and name in tray_messages[0][1]


def test_a_dialog_opened_while_locked_waits_for_the_unlock(qtbot, shop_window) -> None:
    w = shop_window
    w.idle_lock.lock()
    dialog = QDialog(w)
    dialog.setWindowTitle("Import receipt")
    dialog.open()  # as a job's completion does
    qtbot.wait(20)
    assert w.idle_lock.is_locked() and not dialog.isVisible()
    assert [t for t in QApplication.topLevelWidgets() if t.isVisible()] == [w]
    w.idle_lock.screen.unlock_button.click()
    assert dialog.isVisible()
    dialog.close()


def test_an_import_finishing_while_locked_shows_its_receipt_after_the_unlock(
    qtbot, shop_window, tmp_path: Path, answers
) -> None:
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export

    w = shop_window
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no="7200000000000000001",
            ordered_at=datetime(2026, 10, 9, 9, 0), status="completed", paid=3000,
            currency="CNY", buyer_key="新买家", buyer_name="新买家",
        )
    ]  # fmt: skip
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202610090900.csv")
    w.idle_lock.lock()
    w.imports.import_files([path])
    qtbot.waitUntil(lambda: w.imports.last_receipt is not None, timeout=5000)  # while locked
    qtbot.wait(20)
    visible = [t for t in QApplication.topLevelWidgets() if t.isVisible()]
    assert visible == [w] and w.idle_lock.is_locked()
    w.idle_lock.screen.unlock_button.click()
    receipts = [
        t for t in QApplication.topLevelWidgets()
        if t.objectName() == "ReceiptDialog" and t.isVisible()
    ]  # fmt: skip
    assert len(receipts) == 1
    receipts[0].close()


def test_a_message_box_run_while_locked_waits_and_then_answers(qtbot, shop_window) -> None:
    w = shop_window
    w.idle_lock.lock()
    box = QMessageBox(QMessageBox.Icon.Warning, "Import failed", "details", parent=w)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    steps: list[str] = []

    def while_locked() -> None:
        steps.append(f"locked visible={box.isVisible()} locked={w.idle_lock.is_locked()}")
        w.idle_lock.screen.unlock_button.click()
        QTimer.singleShot(30, after_unlock)

    def after_unlock() -> None:
        steps.append(f"unlocked visible={box.isVisible()}")
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(30, while_locked)
    box.exec()
    assert steps == ["locked visible=False locked=True", "unlocked visible=True"]
    assert not box.isVisible()


def test_a_question_open_when_the_lock_comes_still_answers_after_the_unlock(
    qtbot, shop_window
) -> None:
    # "Erase this customer?" left open, the merchant walks away: the lock must not answer
    # it (hiding a dialog ends its exec() as a Cancel) and it must still work afterwards.
    w = shop_window
    box = QMessageBox(QMessageBox.Icon.Question, "Erase?", "Erase 张三?", parent=w)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    erase = box.addButton("Erase", QMessageBox.ButtonRole.DestructiveRole)
    steps: list[str] = []

    def lock() -> None:
        w.idle_lock.lock()
        covered = box.findChild(QWidget, "lockCover")
        steps.append(f"locked covered={covered is not None and covered.isVisible()}")
        QTimer.singleShot(30, unlock)

    def unlock() -> None:
        w.idle_lock.screen.unlock_button.click()
        covered = box.findChild(QWidget, "lockCover")
        steps.append(f"unlocked covered={covered is not None and covered.isVisible()}")
        erase.click()

    QTimer.singleShot(30, lock)
    box.exec()
    assert steps == ["locked covered=True", "unlocked covered=False"]
    assert box.clickedButton() is erase


def _question(window) -> tuple[QMessageBox, QWidget]:
    box = QMessageBox(QMessageBox.Icon.Question, "Erase?", "Erase 张三?", parent=window)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box, box.addButton("Erase", QMessageBox.ButtonRole.DestructiveRole)


def test_the_password_is_typed_on_an_open_question_and_does_not_answer_it(
    qtbot, shop_window
) -> None:
    # The question blocks the main window (and its lock screen): the keys a person types go
    # to the question's window, through the window system as real ones do (not sendEvent).
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop_crm.services import applock

    w = shop_window
    applock.set_password("open1234")
    box, erase = _question(w)
    cancel = QMessageBox.StandardButton.Cancel
    steps: list[str] = []

    def lock() -> None:
        w.idle_lock.lock()
        QTimer.singleShot(30, type_password)

    def type_password() -> None:
        window = QApplication.activeModalWidget().windowHandle()
        for ch in "wrong":  # a wrong one first: the question stays unanswered
            QTest.keyClick(window, ch)
        QTest.keyClick(window, Qt.Key.Key_Return)
        steps.append(f"wrong: locked={w.idle_lock.is_locked()} open={box.isVisible()}")
        steps.append(f"cover={box.findChild(QWidget, 'lockCover').isVisible()}")
        for ch in "open1234":
            QTest.keyClick(window, ch)
        QTest.keyClick(window, Qt.Key.Key_Return)
        steps.append(f"right: locked={w.idle_lock.is_locked()} open={box.isVisible()}")
        QTimer.singleShot(30, answer)

    def answer() -> None:
        steps.append(f"answered={box.clickedButton() is not None}")
        steps.append(f"focus on Cancel={box.focusWidget() is box.button(cancel)}")
        erase.click()

    QTimer.singleShot(30, lock)
    box.exec()
    assert steps == [
        "wrong: locked=True open=True", "cover=True",
        "right: locked=False open=True", "answered=False", "focus on Cancel=True",
    ]  # fmt: skip
    assert box.clickedButton() is erase


def test_a_covered_question_stays_covered_when_resized(qtbot, shop_window) -> None:
    # A review list (Settings ▸ Privacy) open when the lock comes, its edge dragged.
    w = shop_window
    box = QDialog(w)
    box.resize(640, 460)
    sizes: list[bool] = []

    def lock() -> None:
        w.idle_lock.lock()
        box.resize(1100, 800)
        QTimer.singleShot(30, check)

    def check() -> None:
        cover = box.findChild(QWidget, "lockCover")
        sizes.append(cover.geometry().contains(box.rect()))
        w.idle_lock.screen.unlock_button.click()
        box.reject()

    QTimer.singleShot(30, lock)
    box.exec()
    assert sizes == [True]


def test_a_window_closed_while_locked_does_not_come_back(qtbot, shop_window) -> None:
    w = shop_window
    dialog = QDialog(w)
    dialog.open()
    window = QWidget(w, Qt.WindowType.Window)  # a customer's window
    window.show()
    w.idle_lock.lock()
    assert dialog.findChild(QWidget, "lockCover").isVisible()  # a modal dialog is covered
    assert not window.isVisible()  # any other window is hidden
    dialog.close()  # a progress dialog whose job finished meanwhile
    window.close()
    w.idle_lock.screen.unlock_button.click()
    assert not dialog.isVisible() and not window.isVisible()


def _order_dialogs(window, customer_id: int):
    from desktop_crm.views.orders_page import OrderDialog

    dialogs = []
    for order in Order.select().where(Order.customer == customer_id):
        d = OrderDialog(order.id, window)
        d.show()
        dialogs.append(d)
    return dialogs


def test_erase_closes_the_erased_persons_order_windows(
    qtbot, shop_window, monkeypatch, answers
) -> None:
    w = shop_window
    erased = Customer.get(Customer.display_name == "买家0").id
    kept = Customer.get(Customer.display_name == "买家1").id
    gone, stay = _order_dialogs(w, erased), _order_dialogs(w, kept)

    def confirm(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text().replace("&", "") == "Erase").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", confirm)
    w.customers_page.erase_customer(erased)
    assert not Customer.select().where(Customer.id == erased).exists()
    assert gone and not any(d.isVisible() for d in gone)
    assert stay and all(d.isVisible() for d in stay)


def test_retention_erase_closes_the_windows_at_once(qtbot, shop_window, answers) -> None:
    from desktop_crm.views.privacy_page import PrivacyPage

    w = shop_window
    erased = Customer.get(Customer.display_name == "买家1").id
    gone = _order_dialogs(w, erased)
    settings = w.open_settings()
    (page,) = [p for p in settings.pages if isinstance(p, PrivacyPage)]
    privacy.erase_people([erased], now=datetime.now().replace(microsecond=0))
    page.people_erased.emit([erased])  # the review dialog erased them; Settings stays open
    assert settings.isVisible()
    assert gone and not any(d.isVisible() for d in gone)
    settings.close()


def test_a_closed_window_stops_watching_every_event(qtbot, shop_window) -> None:
    # The idle lock watches input application-wide; left installed after its window closed,
    # its Python filter ran for every event of every later window (a test file went 14 s →
    # 150 s as windows piled up).
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    lock = shop_window.idle_lock
    probe = QWidget()

    def key_restarts_the_idle_timer() -> bool:
        lock._minutes = 1
        lock._timer.stop()
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(probe, key)
        return lock._timer.isActive()

    assert key_restarts_the_idle_timer()  # watching while the window is open
    shop_window.close()
    assert not key_restarts_the_idle_timer()


def test_a_question_over_an_open_dialog_stays_on_top_after_the_unlock(qtbot, shop_window) -> None:
    # The merge dialog (open()) asks "Merge?" (exec()) and the lock comes: after the unlock
    # the question must still be the window that takes the keys, or Escape closed (and
    # deleted) the dialog under the running question.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    w = shop_window
    dialog = QDialog(w)
    dialog.setObjectName("mergeDialog")
    dialog.resize(500, 400)
    dialog.open()
    box = QMessageBox(QMessageBox.Icon.Question, "Merge?", "Merge 王秘密2?", parent=dialog)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    steps: list[str] = []

    def lock() -> None:
        w.idle_lock.lock()
        QTimer.singleShot(30, unlock)

    def unlock() -> None:
        window = QApplication.activeModalWidget().windowHandle()
        QTest.keyClick(window, Qt.Key.Key_Return)  # no password: Unlock
        QTimer.singleShot(30, after)

    def after() -> None:
        steps.append(f"locked={w.idle_lock.is_locked()}")
        steps.append(f"on top={QApplication.activeModalWidget() is box}")
        steps.append(f"dialog open={dialog.isVisible()}")
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(30, lock)
    box.exec()
    assert steps == ["locked=False", "on top=True", "dialog open=True"]
    assert dialog.isVisible()
    dialog.reject()


def test_ctrl_l_locks_while_a_dialog_is_open(qtbot, shop_window) -> None:
    # A long import's progress dialog, Settings, a question: the merchant leaves, Ctrl+L.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    w = shop_window
    box = QMessageBox(QMessageBox.Icon.Question, "Undo?", "Undo the import?", parent=w)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    seen: list[bool] = []

    def press() -> None:
        window = QApplication.activeModalWidget().windowHandle()
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        seen.append(w.idle_lock.is_locked())
        w.idle_lock.screen.unlock_button.click()
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(30, press)
    box.exec()
    assert seen == [True]


class _TitleBarClose(QCloseEvent):
    """The close a window manager sends for the title bar's X or Alt+F4: spontaneous, unlike
    a program's own close() (checked on a real X server: Xvfb and WM_DELETE_WINDOW)."""

    def spontaneous(self) -> bool:
        return True


def test_the_title_bar_x_of_a_covered_question_does_not_answer_it(qtbot, shop_window) -> None:
    w = shop_window
    box, erase = _question(w)
    steps: list[str] = []

    def lock() -> None:
        w.idle_lock.lock()
        QApplication.sendEvent(box, _TitleBarClose())  # somebody at the desk clicks X
        steps.append(f"open={box.isVisible()} answered={box.clickedButton() is not None}")
        w.idle_lock.screen.unlock_button.click()
        QApplication.sendEvent(box, _TitleBarClose())  # unlocked, X answers as Cancel again
        steps.append(f"open={box.isVisible()}")

    QTimer.singleShot(30, lock)
    box.exec()
    assert steps == ["open=True answered=False", "open=False"]
    assert box.clickedButton() is box.button(QMessageBox.StandardButton.Cancel)


def test_the_title_bar_x_of_a_covered_progress_dialog_does_not_cancel_the_job(
    qtbot, shop_window
) -> None:
    import threading

    from desktop_crm.views.jobs import JobRunner, progress_dialog

    w = shop_window
    runner = JobRunner(w)
    release = threading.Event()
    job = runner.submit(lambda progress, cancelled: release.wait(5) and not cancelled())
    outcome: list[object] = []
    job.succeeded.connect(outcome.append)
    dialog = progress_dialog(w, job, "Importing…")
    dialog.show()
    w.idle_lock.lock()
    QApplication.sendEvent(dialog, _TitleBarClose())
    assert dialog.isVisible() and not job.is_cancelled()
    release.set()  # the job ends while locked: its own close still takes the dialog away
    qtbot.waitUntil(lambda: outcome == [True], timeout=5000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    w.idle_lock.screen.unlock_button.click()
    runner.shutdown()


def test_a_covered_dialog_its_program_closes_while_locked_does_close(qtbot, shop_window) -> None:
    w = shop_window
    dialog = QDialog(w)
    results: list[int] = []

    def lock() -> None:
        w.idle_lock.lock()
        dialog.accept()  # e.g. a job it waited for ended: the program's close goes through

    QTimer.singleShot(30, lock)
    results.append(dialog.exec())
    assert results == [QDialog.DialogCode.Accepted] and not dialog.isVisible()
    w.idle_lock.screen.unlock_button.click()
    assert not dialog.isVisible()
