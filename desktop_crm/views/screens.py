"""PySide6's `screen()` getters, made unable to delete the application's screen.

In PySide6 6.11 `QWidget.screen()`, `QWindow.screen()` and `QOffscreenSurface.screen()` make
the returned QScreen's Python wrapper a child of the object asked. When Python's cyclic
collector later frees that object and the wrapper together and happens to clear the wrapper
first, Shiboken hands the QScreen to Python and deletes it: the application's screen is gone,
and the next widget made crashes inside QWidget::screen() (seen as rare segfaults in
QWidget's constructor and in setFont).

The collector only clears what nothing reachable holds. `install()` wraps the three getters so
that every screen wrapper they return is also held here, for good: Qt's own answer (the
screen a dialog's parent is on, a screen set with setScreen()) and a wrapper that is never
garbage. A wrapper invalidated when its window is deleted is let go; the next call holds the
new one. matplotlib's Qt canvas, which asks its window's `screen()` when shown, goes through
the same getters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtGui import QOffscreenSurface, QScreen, QWindow
from PySide6.QtWidgets import QWidget

_ORIGINALS: dict[type, Callable[[Any], QScreen | None]] = {
    cls: cls.screen for cls in (QWidget, QWindow, QOffscreenSurface)
}
_held: list[QScreen] = []


def _hold(screen: QScreen | None) -> QScreen | None:
    if screen is not None and not any(screen is kept for kept in _held):
        _held[:] = [kept for kept in _held if shiboken6.isValid(kept)]
        _held.append(screen)
    return screen


def _holding(getter: Callable[[Any], QScreen | None]) -> Callable[[Any], QScreen | None]:
    def screen(self: Any) -> QScreen | None:
        return _hold(getter(self))

    screen.__doc__ = getter.__doc__
    return screen


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen `widget` is on (or, not shown yet, will open on), as Qt says."""
    return _hold(_ORIGINALS[QWidget](widget))


def install() -> None:
    """Route `screen()` of widgets, windows and offscreen surfaces through `_hold`."""
    for cls, getter in _ORIGINALS.items():
        cls.screen = _holding(getter)  # type: ignore[attr-defined]


def installed() -> bool:
    return all(cls.screen is not getter for cls, getter in _ORIGINALS.items())
