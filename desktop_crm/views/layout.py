"""Small layout helpers: what a page shows instead of an empty list (a quiet sentence saying
what to do next), and window sizes that fit the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget


def empty_hint(object_name: str, text: str = "") -> QLabel:
    """A centred, muted, wrapping label, hidden until `show_hint` shows it."""
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    label.hide()
    return label


def show_hint(view: QWidget, label: QLabel, text: str | None) -> None:
    """Show `text` in place of `view` (None: the view, the list has rows).

    The view keeps the focus it had when it is hidden and shown again by a search, so typing
    in a search box never loses its place.
    """
    if text is None:
        label.hide()
        view.show()
        return
    label.setText(text)
    view.hide()
    label.show()


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a window to its preferred size, or smaller to fit the screen it opens on (a
    1366×768 laptop leaves about 728 pixels under the taskbar)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 20)
        height = min(height, room.height() - 60)  # the title bar
    widget.resize(width, height)
