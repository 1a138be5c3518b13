"""No screen() getter links the application's QScreen to a window (views/screens.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import shiboken6
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QWindow
from PySide6.QtWidgets import QDialog, QWidget

from desktop_crm.views import screens
from desktop_crm.views.layout import resize_within_screen

# The sequence that deleted the screen: its wrapper made first, then asked for through a
# window in a reference cycle, then a collection that clears the wrapper before the window.
_SCENARIO = textwrap.dedent(
    """
    import gc, sys
    from PySide6.QtGui import QGuiApplication, QWindow
    from PySide6.QtWidgets import QApplication, QDialog
    app = QApplication([])
    if sys.argv[1] == "installed":
        from desktop_crm.app import create_application
        create_application()
    class Dialog(QDialog):
        pass
    def ask() -> None:
        QGuiApplication.primaryScreen()
        dialog = Dialog()
        dialog.keep = dialog
        dialog.screen()
        window = QWindow()
        window.keep = window
        window.screen()
    gc.collect()
    ask()
    gc.collect()
    after = QDialog()
    after.show()
    app.processEvents()
    print("the screen is still there")
    """
)


def test_a_collected_window_no_longer_takes_the_screen_with_it() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _SCENARIO, "installed"],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "the screen is still there" in done.stdout


def _parent_of(screen: object) -> str | None:
    dump = shiboken6.dump(screen)
    return dump.split("parent", 1)[1] if "parent" in dump else None


def test_screens_are_found_without_linking_them_to_anything(app, qtbot) -> None:
    assert screens.installed()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    resize_within_screen(dialog, 5000, 5000)
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    window = QWindow()
    surface = QOffscreenSurface()
    for asked in (dialog.screen(), QWidget().screen(), window.screen(), surface.screen()):
        assert asked is QGuiApplication.primaryScreen()
        assert _parent_of(asked) is None


def test_a_window_is_on_the_screen_under_its_centre(app, qtbot, monkeypatch) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setGeometry(QRect(100, 100, 300, 200))
    asked: list[object] = []
    monkeypatch.setattr(QGuiApplication, "screenAt", lambda point: asked.append(point))
    assert screens.screen_of(dialog) is QGuiApplication.primaryScreen()  # none there: primary
    assert asked == [QRect(100, 100, 300, 200).center()]
