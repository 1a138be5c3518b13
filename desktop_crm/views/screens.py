"""Which screen a window is on, without PySide6's `screen()` getters (they can delete a screen).

In PySide6 6.11 `QWidget.screen()`, `QWindow.screen()` and `QOffscreenSurface.screen()` make
the returned QScreen's Python wrapper a child of the object asked. When Python's cyclic
collector later frees that object and the wrapper together and happens to clear the wrapper
first, Shiboken hands the QScreen to Python and deletes it: the application's screen is gone,
and the next widget made crashes inside QWidget::screen() (seen as rare segfaults in
QWidget's constructor and in setFont). When the object is deleted by Qt instead, the shared
wrapper is invalidated under whoever else holds it.

`screen_of` finds the screen from the window's geometry with the static getters, which make
no such link. `install()` replaces the three getters with it for every Python caller,
matplotlib's Qt canvas included (it asks its window's `screen()` when shown).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QScreen, QWindow
from PySide6.QtWidgets import QWidget

_ORIGINALS = {cls: cls.screen for cls in (QWidget, QWindow, QOffscreenSurface)}


def screen_of(item: QObject) -> QScreen | None:
    """The screen under the centre of the window of `item` (a widget or a window), else the
    primary screen (a window not placed yet opens there)."""
    if isinstance(item, QWidget):
        geometry = item.window().geometry()
    elif isinstance(item, QWindow):
        geometry = item.geometry()
    else:
        return QGuiApplication.primaryScreen()
    return QGuiApplication.screenAt(geometry.center()) or QGuiApplication.primaryScreen()


def install() -> None:
    """Route `screen()` of widgets, windows and offscreen surfaces through `screen_of`."""
    for cls in _ORIGINALS:
        cls.screen = screen_of  # type: ignore[method-assign,assignment]


def installed() -> bool:
    return all(cls.screen is screen_of for cls in _ORIGINALS)
