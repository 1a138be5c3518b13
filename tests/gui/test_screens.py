"""No screen() getter links the application's QScreen to a window (views/screens.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import shiboken6
from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QWindow
from PySide6.QtWidgets import QDialog, QWidget

from desktop_crm.views import screens

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


_TWO_SCREENS = textwrap.dedent(
    """
    import json
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QDialog, QMainWindow
    from desktop_crm.app import create_application
    from desktop_crm.views.layout import resize_within_screen
    app = create_application()
    main = QMainWindow()
    main.setGeometry(QRect(2600, 50, 1200, 500))  # on the laptop's screen, right of the big one
    main.show()
    app.processEvents()
    dialog = QDialog(main)  # sized in its constructor, before it is shown
    resize_within_screen(dialog, 1000, 700)
    on = main.screen().name()
    window = main.windowHandle()
    window.setScreen(app.screens()[0])
    print(json.dumps({"dialog": [dialog.width(), dialog.height()],
                      "main": on, "set": window.screen().name()}))
    """
)


def test_a_dialog_is_sized_for_the_screen_its_window_is_on(tmp_path) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [
        {"name": "Big", "x": 0, "y": 0, "width": 2560, "height": 1440},
        {"name": "Laptop", "x": 2560, "y": 0, "width": 1366, "height": 600},
    ]}))  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", _TWO_SCREENS], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["dialog"] == [1000, 540]  # the laptop's 600 pixels less the title bar
    assert seen["main"] == "Laptop" and seen["set"] == "Big"  # Qt's answers, setScreen kept


def test_every_screen_asked_for_is_held_and_valid(app, qtbot) -> None:
    assert screens.installed()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    window = QWindow()
    surface = QOffscreenSurface()
    for asked in (dialog.screen(), window.screen(), surface.screen(), screens.screen_of(dialog)):
        assert shiboken6.isValid(asked) and asked.name() == QGuiApplication.primaryScreen().name()
        assert any(asked is held for held in screens._held)
    QWidget().screen()  # that widget goes at once, and the wrapper it was given is invalidated
    assert shiboken6.isValid(dialog.screen())  # a new wrapper, held; the invalid one let go
    assert all(shiboken6.isValid(held) for held in screens._held)
