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
