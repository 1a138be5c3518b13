"""What a page shows instead of an empty list: a quiet sentence saying what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
