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
