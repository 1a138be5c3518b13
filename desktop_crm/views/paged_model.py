"""A table model over an ordered id list whose rows are fetched in pages on demand.

The pattern of Anki's browser: the service returns the ids for (filter, sort); `data()` loads
the page around a row it does not have yet; a header click is a new query. No proxy model.
The owner passes the columns and two functions: ids for (sort key, descending), and rows for ids.

With a JobRunner (`set_runner`), a header click queries the ids on the worker: the rows shown
stay until the new order arrives (100,000 ids take 100-300 ms to query, which froze the
window on every click). `refresh()` (a new filter) stays synchronous: its callers select a row
right after it. `refresh_in_background()` is the same query on the worker, for a page shown
again or a filter typed (350,000 orders took 320-760 ms to query on the window's thread).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
RAW_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class PagedColumn(Generic[T]):
    """A column: header, the sort key the service knows, and how to show / sort a row."""

    def __init__(
        self,
        header: Callable[[], str],
        sort_key: str | None,
        text: Callable[[T], str],
        raw: Callable[[T], Any] | None = None,
        *,
        right: bool = False,
        tooltip: Callable[[T], str] | None = None,
        foreground: Callable[[T], Any] | None = None,
    ) -> None:
        self.header = header
        self.sort_key = sort_key
        self.text = text
        self.raw = raw or text
        self.right = right
        self.tooltip = tooltip
        self.foreground = foreground


# While set (deferred_first_queries), a new model's first sort only records the order.
_deferring = False


@contextlib.contextmanager
def deferred_first_queries() -> Iterator[None]:
    """Models do not query in this block (a sort only records the order): the main window
    makes every list page at start-up, and a hidden page's query can wait until it is first
    shown (MainWindow refreshes it then)."""
    global _deferring
    _deferring = True
    try:
        yield
    finally:
        _deferring = False


class PagedTableModel(QAbstractTableModel, Generic[T]):
    """Rows of type T for an id list, cached by id, fetched PAGE at a time.

    Signals:
        sorted(): the rows are in the order asked for by the last `sort()` or
            `refresh_in_background()` (after the worker's query when there is a runner; at
            once otherwise).
    """

    PAGE = 200
    COPY_BATCH = 2000  # rows fetched per query for a copy
    sorted = Signal()

    def __init__(
        self,
        columns: Sequence[PagedColumn[T]],
        query_ids: Callable[[str | None, bool], list[int]],
        fetch_rows: Callable[[Sequence[int]], dict[int, T]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._query_ids = query_ids
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._rows: dict[int, T] = {}
        self._sort_column = 0
        self._descending = False
        self._runner: Any = None  # views.jobs.JobRunner: sorts query off the GUI thread
        self._token = 0  # the id query whose answer is wanted
        self._sorting = False

    def set_runner(self, runner: Any) -> None:
        """Query the ids of a new sort order on this JobRunner's worker (None: on the GUI)."""
        self._runner = runner

    def before_refresh(self) -> None:
        """Hook for subclasses to refresh per-query state (e.g. the store currency)."""

    # --- queries -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Query the ids again and forget the cached rows."""
        if _deferring:
            return  # a page being made at start-up: queried when first shown
        self._token += 1  # a sort still querying is answered by this
        self._sorting = False
        key = self._columns[self._sort_column].sort_key if self._columns else None
        self._reset(self._query_ids(key, self._descending))

    def _reset(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.before_refresh()
        self._ids = ids
        self._rows.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.sortable(column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if _deferring:
            # A page made while the main window starts: the order is kept, and the first query
            # waits until the page is shown (its refresh()), not paid for at start-up.
            self._sort_column, self._descending = column, descending
            return
        if (column, descending) == (self._sort_column, self._descending) and self._ids:
            # QTableView.sortByColumn asks twice (its header's signal, then itself): the rows
            # are in this order already, or on their way (a new filter is `refresh()`).
            return
        self._sort_column = column
        self._descending = descending
        self.refresh_in_background()

    def refresh_in_background(self) -> None:
        """refresh() with the ids queried on the runner's worker: the rows shown stay until
        the new ids arrive, then `sorted` is emitted. Without a runner, refresh() at once."""
        if _deferring:
            return  # a page being made at start-up: queried when first shown
        if self._runner is None:
            self.refresh()
            self.sorted.emit()
            return
        # views.jobs imports widgets: not at start
        from desktop_crm.views.jobs import QUEUED, while_alive

        self._token += 1
        token = self._token
        self._sorting = True
        query, descending = self._query_ids, self._descending
        key = self._columns[self._sort_column].sort_key if self._columns else None
        job = self._runner.submit(lambda _progress, _cancelled: query(key, descending))
        job.succeeded.connect(
            while_alive(self, lambda ids, t=token: self._on_sort_succeeded(t, ids)), QUEUED
        )
        job.failed.connect(
            while_alive(self, lambda exc, t=token: self._on_sort_failed(t, exc)), QUEUED
        )

    def _on_sort_succeeded(self, token: int, ids: list[int]) -> None:
        if token != self._token:
            return  # a newer sort or a refresh came meanwhile
        self._sorting = False
        self._reset(ids)
        self.sorted.emit()

    def _on_sort_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self._sorting = False
        raise exc  # a bug or a broken database: the error dialog (sys.excepthook) reports it

    def is_sorting(self) -> bool:
        """Is a new order or filter being queried on the worker?"""
        return self._sorting

    def sortable(self, column: int) -> bool:
        """Whether the rows can be sorted by this column."""
        return 0 <= column < len(self._columns) and self._columns[column].sort_key is not None

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows are sorted by, and the order."""
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return self._sort_column, order

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: int) -> int:
        try:
            return self._ids.index(item_id)
        except ValueError:
            return -1

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_item(self, row: int) -> T | None:
        if not 0 <= row < len(self._ids):
            return None
        item_id = self._ids[row]
        found = self._rows.get(item_id)
        if found is None:
            start = (row // self.PAGE) * self.PAGE
            self._rows.update(self._fetch_rows(self._ids[start : start + self.PAGE]))
            found = self._rows.get(item_id)
        return found

    def display_texts(self, rows: Sequence[int], columns: Sequence[int]) -> list[list[str]]:
        """The text these rows show in these columns (what Ctrl+C copies), without a
        QModelIndex and a data() call per cell: on 56,000 rows those took most of 5 s. Rows
        not loaded yet are fetched in large batches and not kept."""
        chosen = [self._columns[c] for c in columns]
        ids = [self._ids[r] for r in rows if 0 <= r < len(self._ids)]
        items: dict[int, T] = {}
        missing = [i for i in ids if i not in self._rows]
        for start in range(0, len(missing), self.COPY_BATCH):
            items.update(self._fetch_rows(missing[start : start + self.COPY_BATCH]))
        out = []
        for item_id in ids:
            item = self._rows.get(item_id)
            if item is None:
                item = items.get(item_id)
            out.append([col.text(item) if item is not None else "" for col in chosen])
        return out

    # --- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Never fetches: flags() is called for every visible cell on every repaint.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header()
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].right:
            return _RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.right else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            RAW_ROLE,
            ROW_ROLE,
        ):
            return None
        item = self.row_item(index.row())
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(item)
        if role == RAW_ROLE:
            return col.raw(item)
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(item) if col.tooltip else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return col.foreground(item) if col.foreground else None
        return None


def setup_big_table(table: QTableView, model: QAbstractTableModel, widths: Sequence[int]) -> None:
    """Configure a view over a paged model: whole-row single selection, fixed row heights
    (the view never measures 100k rows), column widths, last column stretched."""
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setStretchLastSection(True)
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    if isinstance(model, PagedTableModel):
        # A column the service cannot sort by keeps the arrow where the rows are sorted (it
        # showed on the clicked column while nothing moved).
        header = table.horizontalHeader()

        def keep_indicator(column: int, _order: Qt.SortOrder) -> None:
            if not model.sortable(column):
                header.blockSignals(True)
                header.setSortIndicator(*model.sort_state())
                header.blockSignals(False)

        header.sortIndicatorChanged.connect(keep_indicator)
