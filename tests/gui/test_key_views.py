"""Enter opens, Delete deletes only where the page deletes (views/key_views.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_crm.views.key_views import KeyTable, KeyTree


def test_enter_opens_and_delete_asks_only_when_the_list_deletes(qtbot) -> None:
    for cls in (KeyTable, KeyTree):
        plain, deleting = cls(), cls(deletes=True)
        for view in (plain, deleting):
            qtbot.addWidget(view)
            seen: list[str] = []
            view.open_requested.connect(lambda s=seen: s.append("open"))
            view.delete_requested.connect(lambda s=seen: s.append("delete"))
            qtbot.keyClick(view, Qt.Key.Key_Return)
            qtbot.keyClick(view, Qt.Key.Key_Enter)
            qtbot.keyClick(view, Qt.Key.Key_Delete)
            expected = ["open", "open", "delete"] if view.deletes else ["open", "open"]
            assert seen == expected, (cls.__name__, view.deletes)


def test_tab_leaves_the_list_for_the_next_control(qtbot) -> None:
    # Qt's tables walk cell by cell on Tab: a keyboard user was stuck in the customer list.
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    form = QWidget()
    qtbot.addWidget(form)
    table, after = KeyTable(), QLineEdit()
    model = QStandardItemModel(3, 3)
    table.setModel(model)
    layout = QVBoxLayout(form)
    layout.addWidget(table)
    layout.addWidget(after)
    form.show()
    qtbot.waitExposed(form)
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert form.focusWidget() is after


def test_ctrl_c_copies_the_selected_rows_for_a_spreadsheet(qtbot) -> None:
    # 33,333 skipped rows selected with Ctrl+A: Ctrl+C copied one cell.
    from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    table = KeyTable()
    qtbot.addWidget(table)
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["Row", "Reason"])
    for row, reason in ((3, "bad date\n2024-02-30"), (7, "negative amount"), (9, "no id")):
        model.appendRow([QStandardItem(str(row)), QStandardItem(reason)])
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.show()
    table.selectRow(2)
    table.selectionModel().select(
        model.index(0, 0),
        table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
    )
    qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
    # A header line, the rows in list order, a cell's line breaks as spaces.
    assert QApplication.clipboard().text() == "Row\tReason\n3\tbad date 2024-02-30\n9\tno id\n"
    table.clearSelection()
    table.selectRow(1)
    qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
    assert QApplication.clipboard().text() == "7\tnegative amount\n"  # one row: no header
    table.clearSelection()  # nothing selected: the current row
    table.selectionModel().setCurrentIndex(
        model.index(2, 1), table.selectionModel().SelectionFlag.NoUpdate
    )
    qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
    assert QApplication.clipboard().text() == "9\tno id\n"


def test_ctrl_c_in_a_tree_copies_the_selected_child_not_a_top_row(qtbot) -> None:
    # A pair under a group on the Duplicates page: another group's row was copied.
    from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication

    tree = KeyTree()
    qtbot.addWidget(tree)
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["Who", "Why"])
    for group, pairs in (("Bob", []), ("Group of 3", [("张三丰 / 张三儿", "same phone")])):
        top = [QStandardItem(group), QStandardItem("")]
        for a, b in pairs:
            top[0].appendRow([QStandardItem(a), QStandardItem(b)])
        model.appendRow(top)
    tree.setModel(model)
    tree.expandAll()
    child = model.index(0, 0, model.index(1, 0))
    tree.selectionModel().select(
        child, tree.selectionModel().SelectionFlag.ClearAndSelect
        | tree.selectionModel().SelectionFlag.Rows,
    )  # fmt: skip
    qtbot.keySequence(tree, QKeySequence.StandardKey.Copy)
    assert QApplication.clipboard().text() == "张三丰 / 张三儿\tsame phone\n"


def test_plain_lists_copy_their_rows_too(qtbot) -> None:
    from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

    from desktop_crm.views.key_views import enable_row_copy

    table = enable_row_copy(QTableView())
    qtbot.addWidget(table)
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["Due", "Title"])
    for due, title in (("2026-11-23", "回电话"), ("2026-11-24", "寄样品")):
        model.appendRow([QStandardItem(due), QStandardItem(title)])
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.selectAll()
    qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
    assert QApplication.clipboard().text() == (
        "Due\tTitle\n2026-11-23\t回电话\n2026-11-24\t寄样品\n"
    )


def test_a_filter_date_ticked_days_later_offers_that_day(qtbot, monkeypatch) -> None:
    # Left open since 11-23, ticking "Due from" on 12-03 offered 2026-11-23.
    from PySide6.QtCore import QDate

    from desktop_crm.views import layout

    day = [QDate(2026, 11, 23)]
    monkeypatch.setattr(layout.QDate, "currentDate", staticmethod(lambda: day[0]))
    check, edit = layout.optional_date("Due from")
    qtbot.addWidget(check)
    qtbot.addWidget(edit)
    day[0] = QDate(2026, 12, 3)
    check.setChecked(True)
    assert edit.date() == QDate(2026, 12, 3) and edit.isEnabled()
    edit.setDate(QDate(2026, 11, 1))  # the merchant's own date stays theirs
    check.setChecked(False)
    day[0] = QDate(2026, 12, 4)
    check.setChecked(True)
    assert edit.date() == QDate(2026, 11, 1)


def test_copying_many_rows_shows_the_wait_cursor(qtbot) -> None:
    # Ctrl+C of 56,164 follow-ups took 4.9 s (every page fetched) under the arrow cursor.
    from PySide6.QtCore import QAbstractTableModel, QModelIndex
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    from desktop_crm.views.key_views import WAIT_CURSOR_ROWS

    class Rows(QAbstractTableModel):
        def __init__(self, n: int) -> None:
            super().__init__()
            self.n = n
            self.cursors: set[object] = set()

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
            return 0 if parent.isValid() else self.n

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
            return 1

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
            if role == Qt.ItemDataRole.DisplayRole:
                cursor = QApplication.overrideCursor()
                self.cursors.add(None if cursor is None else cursor.shape())
                return f"row {index.row()}"
            return None

    for n, shapes in ((3, {None}), (WAIT_CURSOR_ROWS + 1, {Qt.CursorShape.WaitCursor})):
        table = KeyTable()
        qtbot.addWidget(table)
        model = Rows(n)
        table.setModel(model)
        table.show()
        table.selectAll()
        model.cursors.clear()
        qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
        assert model.cursors == shapes
        assert QApplication.overrideCursor() is None
        assert QApplication.clipboard().text().count("\n") == n + 1


def test_a_paged_list_copies_its_rows_in_bulk_as_it_shows_them(qtbot) -> None:
    # Ctrl+C of 56,164 follow-ups: a QModelIndex and a data() call per cell took most of 5 s.
    # A paged list gives the rows' text in large batches: the same text, fewer queries.
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from desktop_crm.views.paged_model import PagedColumn, PagedTableModel

    fetched: list[int] = []

    def fetch(ids):  # noqa: ANN001, ANN202
        fetched.append(len(ids))
        return {i: {"n": i, "note": f"第{i}行\n备注"} for i in ids}

    columns = [
        PagedColumn(lambda: "No.", None, lambda r: str(r["n"])),
        PagedColumn(lambda: "Hidden", None, lambda r: "x"),
        PagedColumn(lambda: "Note", None, lambda r: r["note"]),
    ]
    model = PagedTableModel(columns, lambda _k, _d: list(range(5000)), fetch)
    model.refresh()
    table = KeyTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setColumnHidden(1, True)
    table.show()
    table.selectAll()
    fetched.clear()
    qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[:3] == ["No.\tNote", "0\t第0行 备注", "1\t第1行 备注"]
    assert len(lines) == 5001 and lines[-1] == "4999\t第4999行 备注"
    # Rows not in the cache come in batches of COPY_BATCH, not a page (200) at a time.
    assert max(fetched) <= PagedTableModel.COPY_BATCH
    assert len(fetched) <= 5000 // PagedTableModel.COPY_BATCH + 1
