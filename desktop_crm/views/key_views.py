"""Lists that answer the keyboard: Enter opens the current row, Delete (where the page has a
delete) asks to delete it. The page connects the signals to what they mean there."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QStyle,
    QStyleOptionFocusRect,
    QTableView,
    QTableWidget,
    QTreeView,
    QWidget,
)


class _Keys:
    """Enter/Return → open_requested; with `deletes`, Delete → delete_requested (otherwise
    Delete is left to Qt, as in any list). Mixed in before the Qt view class.

    A list shows its focus also when empty (the Duplicates list before a search): Qt draws it
    only on the current row, and makes the first row current when a list with rows gets it.

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

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # type: ignore[misc]
        model = self.model()  # type: ignore[attr-defined]
        if self.hasFocus() and (model is None or not model.rowCount()):  # type: ignore[attr-defined]
            # No row to be current, so Qt draws no focus at all: the style's focus frame
            # round the empty list shows where the keyboard is.
            viewport = self.viewport()  # type: ignore[attr-defined]
            option = QStyleOptionFocusRect()
            option.initFrom(self)  # type: ignore[arg-type]
            option.rect = viewport.rect().adjusted(1, 1, -1, -1)
            option.backgroundColor = self.palette().color(QPalette.ColorRole.Base)  # type: ignore[attr-defined]
            painter = QPainter(viewport)
            self.style().drawPrimitive(  # type: ignore[attr-defined]
                QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self
            )
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)  # type: ignore[misc]
        self.viewport().update()  # type: ignore[attr-defined]

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)  # type: ignore[misc]
        self.viewport().update()  # type: ignore[attr-defined]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
        elif self.deletes and event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
        elif event.matches(QKeySequence.StandardKey.Copy):
            copy_rows(self)  # type: ignore[arg-type]
        else:
            super().keyPressEvent(event)  # type: ignore[misc]


def selected_rows(view: QAbstractItemView) -> list[int]:
    """The selected rows of a flat list, in order, from the selection's ranges.

    selectedRows() makes an index per selected row and column: Ctrl+A on 56,000 follow-ups
    took 4 s, asked again at each change of the selection to enable the buttons.
    """
    selection = view.selectionModel()
    if selection is None:
        return []
    rows: set[int] = set()
    for r in selection.selection():
        if r.isValid() and not r.parent().isValid():
            rows.update(range(r.top(), r.bottom() + 1))
    return sorted(rows)


def select_rows(view: QAbstractItemView, rows: Iterable[int]) -> None:
    """Select these rows of a flat list (added to the selection), as one range per run of
    neighbouring rows: one select() per row took seconds for a list selected with Ctrl+A."""
    model, selection = view.model(), view.selectionModel()
    if model is None or selection is None:
        return
    last_column = model.columnCount() - 1
    chosen = QItemSelection()
    for _key, run in groupby(enumerate(sorted(set(rows))), lambda p: p[1] - p[0]):
        found = [row for _i, row in run]
        chosen.select(model.index(found[0], 0), model.index(found[-1], last_column))
    selection.select(chosen, QItemSelectionModel.SelectionFlag.Select)


WAIT_CURSOR_ROWS = 2000  # a copy of more rows shows the wait cursor


def copy_rows(view: QAbstractItemView) -> None:
    """The view's selected rows as a spreadsheet takes them: tab-separated, one line per row
    in the list's order (a tree's rows under their parents), a header line above two or more.
    Qt itself copies the current cell only."""
    model, selection = view.model(), view.selectionModel()
    if model is None or selection is None:
        return
    # Rows from the selection's ranges, not from selectedIndexes(): a selected 100k-row list
    # is one range, but 200k+ indexes (a second of the copy's 1.6 s).
    rows: dict[tuple[int, ...], tuple[int, QModelIndex]] = {}
    ranges = [(r.parent(), r.top(), r.bottom()) for r in selection.selection() if r.isValid()]
    current = view.currentIndex()
    if not ranges and current.isValid():
        ranges = [(current.parent(), current.row(), current.row())]
    for parent, top, bottom in ranges:
        above = _path(parent)
        for row in range(top, bottom + 1):
            rows.setdefault((*above, row), (row, parent))
    hidden = getattr(view, "isColumnHidden", lambda _c: False)
    columns = [c for c in range(model.columnCount()) if not hidden(c)]

    def cell(text: object) -> str:  # one line per row: breaks and tabs become spaces
        return " ".join(str(text if text is not None else "").split())

    # Tens of thousands of rows take seconds (a paged list fetches every page): say so.
    wait = len(rows) > WAIT_CURSOR_ROWS
    if wait:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        ordered = sorted(rows.items())
        texts = getattr(model, "display_texts", None)
        if texts is not None and all(len(key) == 1 for key, _ in ordered):
            # A paged flat list gives its rows' text in bulk (see display_texts).
            lines = [
                "\t".join(map(cell, found))
                for found in texts([row for _key, (row, _parent) in ordered], columns)
            ]
        else:
            lines = [
                "\t".join(cell(model.data(model.index(row, c, parent))) for c in columns)
                for _path_key, (row, parent) in ordered
            ]
    finally:
        if wait:
            QApplication.restoreOverrideCursor()
    if len(lines) > 1:
        header = Qt.Orientation.Horizontal
        lines.insert(0, "\t".join(cell(model.headerData(c, header)) for c in columns))
    if lines:
        QApplication.clipboard().setText("\n".join(lines) + "\n")


def _path(index: QModelIndex) -> tuple[int, ...]:
    """Where a row stands: its row numbers from the top of a tree down to it."""
    path: list[int] = []
    while index.isValid():
        path.insert(0, index.row())
        index = index.parent()
    return tuple(path)


class _RowCopy(QObject):
    """Ctrl+C on a list copies its selected rows (copy_rows)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
            and isinstance(watched, QAbstractItemView)
        ):
            copy_rows(watched)
            return True
        return False


def enable_row_copy(view: QAbstractItemView) -> QAbstractItemView:
    """Give a plain list Ctrl+C that copies its selected rows (Key* lists have it); returns
    the view."""
    view.installEventFilter(_RowCopy(view))
    return view


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


def commit_open_editor(view: QAbstractItemView) -> None:
    """Take what is typed in a cell still being edited (OK pressed without Enter)."""
    editor = QApplication.focusWidget()
    if editor is not None and editor.parent() is view.viewport():
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
