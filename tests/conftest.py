"""Shared fixtures. Qt runs offscreen and no test touches the user's real files."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

# Before any Qt import (pytest-qt imports Qt when it loads): no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30, 0)


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the data folder and QSettings at temporary folders."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DESKTOP_CRM_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("DESKTOP_CRM_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg"))


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests() -> Iterator[None]:
    """Once a GUI test has made the application, Python's automatic collector is off and
    a GUI-thread timer collects instead (views/gui_gc.py); between tests, collect what it
    would have, so that tests without an event loop do not pile up garbage."""
    yield
    import gc

    if not gc.isenabled() and "desktop_crm.views.gui_gc" in sys.modules:
        from PySide6.QtCore import QCoreApplication

        from desktop_crm.views.gui_gc import install_gui_collector

        app = QCoreApplication.instance()
        if app is not None:
            install_gui_collector(app).collect_if_due()


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database, built once per session (Anki's trick)."""
    from desktop_crm.db import close_database, open_database

    path = tmp_path_factory.mktemp("template") / "crm.db"
    open_database(path)
    close_database()
    return path


@pytest.fixture
def db_path(_template_db: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the empty database, opened for this test."""
    from desktop_crm.db import close_database, open_database

    path = tmp_path / "crm.db"
    shutil.copyfile(_template_db, path)
    os.chmod(path, 0o600)
    open_database(path)
    yield path
    close_database()


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def fail_calls(monkeypatch: pytest.MonkeyPatch):
    """fail_calls(module, name, exc, times=1, on=None): `module.name` raises `exc` on its first
    `times` calls (counting only those whose first argument is `on`, when given)."""

    def install(module: object, name: str, exc: Exception, *, times: int = 1, on: object = None):
        real = getattr(module, name)
        calls = {"n": 0}

        def failing(*args: object, **kwargs: object) -> object:
            if on is None or args[0] == on:
                calls["n"] += 1
                if calls["n"] <= times:
                    raise exc
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, failing)

    return install


@pytest.fixture
def ledger_workbook(tmp_path: Path) -> Path:
    """A hand-made workbook: a summary sheet first, then October's and November's orders on
    two sheets of one layout (单号, 日期, 客户, 金额; two orders each, M10-1 … M11-2)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["月份", "销售额"])
    ws.append(["2026-10", 30])
    for month in (10, 11):
        sheet = wb.create_sheet(f"{month}月")
        sheet.append(["单号", "日期", "客户", "金额"])
        for day in (1, 2):
            sheet.append([f"M{month}-{day}", f"2026-{month}-0{day} 10:00", f"客{day}", "10.00"])
    path = tmp_path / "店铺台账.xlsx"
    wb.save(path)
    return path
