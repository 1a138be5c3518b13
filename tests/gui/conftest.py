"""GUI fixtures: a QApplication with our fonts, a database, and QMessageBox answered by tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def ui_state(tmp_path: Path):
    from desktop_crm.views.ui_state import UiState

    return UiState(tmp_path / "ui.ini")


@pytest.fixture
def app(qapp):
    from desktop_crm.app import create_application

    return create_application()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record QMessageBox statics instead of blocking on them."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def fake(kind: str):
        def show(parent, title, text, *a, **k):  # noqa: ANN001
            seen.append(f"{kind}: {text}")
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, fake(kind))
    yield seen


@pytest.fixture
def type_text(qtbot):
    """Type like a user: ASCII as key clicks, Chinese as an input method commits it.

    QTest.keyClicks asserts on non-ASCII characters; a real user's IME delivers Chinese text
    as a QInputMethodEvent commit string, which is what this sends.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    def type_(widget, text: str) -> None:
        run = ""
        for ch in text + "\0":
            if ch != "\0" and ord(ch) < 128:
                run += ch
                continue
            if run:
                qtbot.keyClicks(widget, run)
                run = ""
            if ch != "\0":
                event = QInputMethodEvent()
                event.setCommitString(ch)
                QCoreApplication.sendEvent(widget, event)

    return type_
