"""The idle lock: after some minutes without input, a screen hides every customer's data."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_crm.services import applock

WALL_CHECK_MS = 15_000  # how often the clock is asked (a timer misses time asleep)


def _awake_seconds() -> float:
    """A clock that counts time asleep: Linux's boot time (which a clock correction does not
    move either); elsewhere the wall clock (a correction forward may then lock early)."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        try:
            return time.clock_gettime(boottime)
        except OSError:  # named by Python's build, refused by this kernel
            pass
    return time.time()


# Lock now (the main window's action; also while a dialog blocks that window).
LOCK_KEYS = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_L)
_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.InputMethod,  # Chinese typed through an input method comes as these
}  # fmt: skip


class LockScreen(QWidget):
    """Covers the whole main window while locked; asks for the password if one is set.

    Signals:
        unlocked(): the right password (or none needed) was given.
    """

    unlocked = Signal()

    def __init__(self, parent: QWidget, *, name: str = "LockScreen", compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        # An opaque cover: a plain QWidget subclass paints no style-sheet background unless
        # asked (WA_StyledBackground), and would let the customer list show through.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"QWidget#{name} {{ background: palette(window); }}")
        title = QLabel(self.tr("Desktop CRM is locked"))
        title.setStyleSheet(
            "font-size: 10pt; font-weight: bold;" if compact else "font-size: 18pt;"
        )
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(260)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.password.returnPressed.connect(self._on_unlock_button_clicked)
        layout = QVBoxLayout(self)
        self._compact = compact
        if compact:  # over a question box, which keeps its small fixed size: no hint line
            layout.setContentsMargins(6, 2, 6, 2)
            layout.setSpacing(2)
            self.password.setPlaceholderText(self.tr("Password"))
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.password, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.error)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()

    def show_locked(self) -> None:
        needs = applock.lock_settings().has_password
        self.password.setVisible(needs)
        self.password.clear()
        self.error.clear()
        self.hint.setText(
            self.tr("Enter your password to continue.")
            if needs
            else self.tr("Press Unlock to continue.")
        )
        self.hint.setVisible(not self._compact)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.take_focus()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        """Tab cycles between the password and Unlock: it never leaves the cover."""
        chain = [w for w in (self.password, self.unlock_button) if w.isVisible()]
        if not chain:
            return True
        current = QApplication.focusWidget()
        i = chain.index(current) if current in chain else -1
        chain[(i + (1 if next else -1)) % len(chain)].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys end here: Return in the password (which unlocks) must not go on to a question
        under the cover and press its default button, nor Escape cancel it."""
        event.accept()

    def take_focus(self) -> None:
        """Put the keyboard on the password (or on Unlock when there is none)."""
        if self.isVisible():
            (self.password if self.password.isVisible() else self.unlock_button).setFocus()

    def _on_unlock_button_clicked(self) -> None:
        if applock.check_password(self.password.text()):
            self.hide()
            self.unlocked.emit()
        else:
            self.error.setText(self.tr("That is not the password."))
            self.password.selectAll()


class IdleLock(QObject):
    """Watches input application-wide and locks the window after the idle time.

    While locked, every dialog open (modal: a question, a progress dialog, Settings) is
    covered in place by a lock screen of its own, where the password can be typed, and keeps
    waiting for its answer (its title bar's X does nothing); every other window of the app is
    hidden. A window that would open then (a job's receipt, a message box) is hidden as soon
    as it shows and brought up at the unlock: nothing shows a customer over the lock screen.

    Signals:
        locked(): the lock screen went up.
        unlocked(): the lock screen went away (the windows hidden are back).
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.screen = LockScreen(window)
        self.screen.unlocked.connect(self._on_unlocked)
        self._hidden: list[QWidget] = []
        self._covers: list[_Cover] = []
        self._focus: QWidget | None = None
        self._minutes = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        # A timer does not count time asleep (a laptop shut over the weekend): the time since
        # the last input on a clock that does decides too, checked now and then and at the
        # first input.
        self._last_input = _awake_seconds()
        self._wall = QTimer(self)
        self._wall.setInterval(WALL_CHECK_MS)
        self._wall.timeout.connect(self._on_wall_timeout)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.reload()

    def stop(self) -> None:
        """The window is closing: watch nothing more. An application-wide event filter left
        behind runs (in Python) for every event of every later window."""
        self._timer.stop()
        self._wall.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def reload(self) -> None:
        """Apply the current idle setting (read once here, not on every mouse move)."""
        self._minutes = applock.lock_settings().idle_minutes
        self._timer.stop()
        self._wall.stop()
        self._last_input = _awake_seconds()
        if self._minutes > 0:
            self._timer.setInterval(self._minutes * 60_000)
            self._timer.start()
            self._wall.start()

    def _idle_too_long(self) -> bool:
        return self._minutes > 0 and _awake_seconds() - self._last_input >= self._minutes * 60

    def _on_wall_timeout(self) -> None:
        if not self.is_locked() and self._idle_too_long():
            self.lock()

    def is_locked(self) -> bool:
        return self.screen.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.is_locked():
            if self._minutes > 0 and kind in _INPUT_EVENTS:
                if self._idle_too_long():  # the first input after a sleep: lock, not go on
                    self.lock()
                    return True
                self._last_input = _awake_seconds()
                self._timer.start()  # input: the idle time starts again
            if (
                kind == QEvent.Type.KeyPress
                and QApplication.activeModalWidget() is not None
                and isinstance(event, QKeyEvent)
                and event.keyCombination().toCombined() == LOCK_KEYS.toCombined()
                and not event.isAutoRepeat()
            ):
                # The window's Ctrl+L is blocked by an open dialog (a long import's progress,
                # a question): the merchant leaving then is who it is for.
                self.lock()
                return True
            return False
        if kind == QEvent.Type.Resize and isinstance(watched, QWidget):
            if watched is self._window:
                self.screen.setGeometry(self._window.rect())
            for c in self._covers:  # a covered dialog's edge dragged: the cover follows
                if c.dialog is watched and isValid(c.screen):
                    c.screen.setGeometry(c.dialog.rect())
        if kind == QEvent.Type.ShowToParent and isinstance(watched, QWidget):
            # Sent once a window is shown and before a modal one's event loop starts: hiding
            # it here keeps it off the screen, and exec() then waits (hidden) for the unlock.
            # Not the cover's own popups (the password's context menu), nor a tooltip: only the
            # cover can be hovered, and the tray's neutral balloon may be one.
            if (
                watched.isWindow()
                and watched is not self._window
                and watched.windowType() != Qt.WindowType.ToolTip
                and not self._on_screen(watched)
            ):
                self._hide_window(watched)
            return False
        if kind == QEvent.Type.Close and isinstance(watched, QWidget):
            if event.spontaneous() and any(c.dialog is watched for c in self._covers):
                # The title bar's X (or Alt+F4) on a covered dialog: the window manager's
                # close would cancel an import or answer a question for whoever is at the
                # desk. The program's own close (a job ended, accept()) is not spontaneous.
                event.ignore()
                return True
            self._forget(watched)  # closed while hidden (a finished job's progress dialog)
        # Locked: the cover is the only thing that takes input. No action's shortcut fires
        # (Settings could remove the password, New customer would open over the cover), no key
        # reaches a widget under it, and focus that Tab moved out comes back.
        if kind == QEvent.Type.Shortcut and not self._on_screen(watched):
            return True
        if isinstance(watched, QWidget) and not self._on_screen(watched):
            if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.InputMethod):
                return True
            if kind == QEvent.Type.FocusIn:
                QTimer.singleShot(0, self._take_focus)
        return False

    def _screens(self) -> list[LockScreen]:
        return [self.screen, *(c.screen for c in self._covers if isValid(c.screen))]

    def _on_screen(self, obj: QObject) -> bool:
        """Whether `obj` is a lock screen (the window's, a covered dialog's) or one of its
        widgets (or their shortcuts)."""
        screens = self._screens()
        w: QObject | None = obj
        while w is not None:
            if w in screens:
                return True
            w = w.parent()
        return False

    def _take_focus(self) -> None:
        """The keyboard to the lock screen that takes input: a question open (run by exec())
        blocks the main window, so its own cover asks for the password."""
        active = QApplication.activeModalWidget()
        for c in self._covers:
            if c.dialog is active and isValid(c.screen):
                c.screen.take_focus()
                return
        self.screen.take_focus()

    def lock(self) -> None:
        """Cover the window and each open dialog; hide every other window (customer windows)."""
        if self.is_locked():
            return
        # The keyboard goes back where it was (the search box, a list) after unlocking.
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self._window.isAncestorOf(focus) else None
        self._hidden = []
        for w in QApplication.topLevelWidgets():
            if w is not self._window and w.isVisible():
                if isinstance(w, QDialog) and w.windowModality() != Qt.WindowModality.NonModal:
                    # A modal dialog is covered, not hidden. Hiding ends an exec() as a Cancel
                    # (an open question, "Erase this customer?", came back dead); and showing
                    # an open()-dialog again at the unlock put it above the question it had
                    # asked, which then took the keys (Escape closed it under the question).
                    self._cover(w)
                else:
                    self._hide_window(w)
        self.screen.show_locked()
        if QApplication.activeModalWidget() is None:
            # The keys to the lock screen's window: the window that had them may be hidden now.
            self._window.activateWindow()
        self._take_focus()
        self.locked.emit()

    def _cover(self, dialog: QDialog) -> None:
        """Cover a dialog's content and title until the unlock; it keeps waiting for its
        answer. The cover is a lock screen of its own: the open question blocks every other
        window (the main window's lock screen too), so the password is typed here."""
        cover = _Cover(dialog, LockScreen(dialog, name="lockCover", compact=True),
                       dialog.windowTitle(), dialog.minimumSize(), dialog.maximumSize(),
                       dialog.size(), dialog.focusWidget())  # fmt: skip
        cover.screen.unlocked.connect(self._on_cover_unlocked)
        self._covers.append(cover)
        dialog.setWindowTitle(QApplication.applicationDisplayName())
        # Room for the password and Unlock (a question box is smaller).
        room = cover.screen.minimumSizeHint().expandedTo(QSize(360, 220))
        dialog.setMinimumSize(dialog.minimumSize().expandedTo(room))
        dialog.setMaximumSize(dialog.maximumSize().expandedTo(room))  # a box's size is fixed
        dialog.resize(dialog.size().expandedTo(room))
        cover.screen.show_locked()

    def _on_cover_unlocked(self) -> None:
        self.screen.hide()
        self._on_unlocked()

    def _hide_window(self, w: QWidget) -> None:
        """Hide a window while locked; bring it back at the unlock unless it is a popup or a
        tooltip (they belong to a moment that has passed) or it is closed meanwhile."""
        w.hide()
        if w.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
            return
        if w not in self._hidden:
            self._hidden.append(w)
        if isinstance(w, QDialog):
            # done()/accept() on a hidden dialog sends no close event: its signal tells.
            w.finished.connect(self._on_hidden_dialog_finished, Qt.ConnectionType.UniqueConnection)

    def _on_hidden_dialog_finished(self, _result: int) -> None:
        sender = self.sender()
        if isinstance(sender, QWidget) and not sender.isVisible():
            self._forget(sender)

    def _forget(self, w: QWidget) -> None:
        if self.is_locked() and w in self._hidden:
            self._hidden.remove(w)

    def _on_unlocked(self) -> None:
        covers, self._covers = self._covers, []
        for c in covers:
            if isValid(c.screen):
                c.screen.deleteLater()
                c.screen.hide()
            if isValid(c.dialog):
                c.dialog.setWindowTitle(c.title)
                c.dialog.setMinimumSize(c.minimum)
                c.dialog.setMaximumSize(c.maximum)
                c.dialog.resize(c.size)
                if c.focus is not None and isValid(c.focus):  # its default button, as before
                    c.focus.setFocus(Qt.FocusReason.OtherFocusReason)
        hidden, self._hidden = self._hidden, []
        for w in hidden:
            if isValid(w):  # a window deleted meanwhile (deleteLater) is not brought back
                w.show()
        focus, self._focus = self._focus, None
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._window.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reload()
        self.unlocked.emit()


@dataclass(slots=True)
class _Cover:
    """A dialog covered while locked, and what to give it back at the unlock."""

    dialog: QDialog
    screen: LockScreen
    title: str
    minimum: QSize
    maximum: QSize
    size: QSize
    focus: QWidget | None
