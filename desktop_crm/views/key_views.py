"""Lists that answer the keyboard: Enter opens the current row, Delete (where the page has a
delete) asks to delete it. The page connects the signals to what they mean there."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTableView,
    QTableWidget,
    QTreeView,
    QWidget,
)


class _Keys:
    """Enter/Return → open_requested; with `deletes`, Delete → delete_requested (otherwise
    Delete is left to Qt, as in any list). Mixed in before the Qt view class.

    Signals:
        open_requested(): Enter or Return was pressed.
        delete_requested(): Delete was pressed (only with `deletes`).
    """

    open_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, deletes: bool = False) -> None:
        super().__init__(parent)  # type: ignore[call-arg]
        self.deletes = deletes
        # Tab leaves the list for the next control, as in any form; arrows move in it (Qt's
        # default walks cell by cell, and a keyboard user could not get out of a big list).
        self.setTabKeyNavigation(False)  # type: ignore[attr-defined]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
        elif self.deletes and event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
        else:
            super().keyPressEvent(event)  # type: ignore[misc]


class KeyTable(_Keys, QTableView):
    """A table with _Keys' Enter and Delete."""


class KeyTree(_Keys, QTreeView):
    """A tree with _Keys' Enter and Delete."""


class KeyTableWidget(_Keys, QTableWidget):
    """A QTableWidget (items and cell widgets) with _Keys' Enter and Delete."""


def search_leads_to_list(
    edit: QLineEdit, view: QAbstractItemView, search_now: Callable[[], None]
) -> None:
    """Return or Down in a page's search box: search now, then go to the list, on its first
    row when no row is current (every page's search works the same way)."""

    def go() -> None:
        search_now()
        model = view.model()
        if model is None or not model.rowCount():
            return
        if not view.currentIndex().isValid():
            first = model.index(0, 0)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            view.selectionModel().setCurrentIndex(
                first, flags | QItemSelectionModel.SelectionFlag.Rows
            )
            view.scrollTo(first)
        view.setFocus()

    edit.returnPressed.connect(go)
    # Down only while the search box has the focus. Set after construction: PySide6 ignores a
    # `context=` given with a callable, and the shortcut then took Down from the whole window
    # (the sidebar could not move past Customers, the tables could not move their row).
    down = QShortcut(QKeySequence(Qt.Key.Key_Down), edit)
    down.setContext(Qt.ShortcutContext.WidgetShortcut)
    down.activated.connect(go)
