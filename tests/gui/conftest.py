"""GUI fixtures: a QApplication with our fonts, a database, and QMessageBox answered by tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _screens_found_safely() -> None:
    """As the app does (views/screens.py): no screen() getter may delete the screen."""
    from desktop_crm.views import screens

    screens.install()


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


@pytest.fixture
def shop_window(qtbot, app, db_path, ui_state, tmp_path: Path):
    """The main window on a small shop: two Taobao buyers with two completed orders each."""
    from datetime import datetime, timedelta

    from desktop_crm.services.importing import engine
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export
    from desktop_crm.views.jobs import JobRunner
    from desktop_crm.views.main_window import MainWindow

    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(7100000000000000000 + i),
            ordered_at=datetime(2026, 10, 1, 9, 0) + timedelta(days=i), status="completed",
            paid=5000, currency="CNY", buyer_key=f"买家{i % 2}", buyer_name=f"买家{i % 2}",
        )
        for i in range(4)
    ]  # fmt: skip
    engine.import_file(
        write_export("taobao", orders, tmp_path / "ExportOrderList202610010900.csv"),
        now=datetime(2026, 11, 22, 10, 0),
    )
    w = MainWindow(db_path, ui_state, runner=JobRunner(synchronous=True))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


@pytest.fixture
def settings_dialog_on(qtbot, app, ui_state):
    """Make the Settings dialog with a page added, shown and active (keys then go to its cell
    editors): `settings_dialog_on(title, page)`."""
    from desktop_crm.views.settings_dialog import SettingsDialog

    def make(title: str, page):
        d = SettingsDialog(ui_state)
        qtbot.addWidget(d)
        d.add_page(title, page)
        d.tabs.setCurrentWidget(page)
        d.show()
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow, timeout=2000)
        return d

    return make


@pytest.fixture
def settings_ok(qtbot):
    """Press OK in the Settings dialog, and wait while it saves (a job on its runner):
    `settings_ok(dialog)`."""
    from PySide6.QtWidgets import QDialogButtonBox

    def press(dialog) -> None:
        dialog._buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: dialog.saving is None, timeout=20000)

    return press


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp) -> Iterator[str]:
    """The window's words in each language in turn (or the one an indirect parametrize
    names); yields its code."""
    from PySide6.QtCore import QLocale

    from desktop_crm.app import install_translators

    default = QLocale()
    translators = install_translators(qapp, request.param)
    yield request.param
    for t in translators:
        qapp.removeTranslator(t)
    QLocale.setDefault(default)


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    """The window's words in Chinese for one test."""
    from desktop_crm.app import install_translators

    translators = install_translators(qapp, "zh_CN")
    yield
    for t in translators:
        qapp.removeTranslator(t)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch):
    """gate(module, name): `module.name` waits, wherever it is called (a worker), until the
    test releases it; returns (started, release) events."""
    import threading

    def close(module: object, name: str) -> tuple[threading.Event, threading.Event]:
        started, release = threading.Event(), threading.Event()
        real = getattr(module, name)

        def gated(*a, **k):  # noqa: ANN002, ANN003, ANN202
            started.set()
            release.wait(10)
            return real(*a, **k)

        monkeypatch.setattr(module, name, gated)
        return started, release

    return close
