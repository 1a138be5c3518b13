"""The GUI thread's largest stall while the user sorts the customer list and opens the
Dashboard and the Reports page, on a given shop (DESIGN §6: long jobs off the GUI thread).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_responsiveness.py --db SHOP.db
        [--steps sort,dashboard,reports] [--keep] [--sort-on-worker]

A 50 ms QTimer heartbeat runs on the GUI thread; each step prints the time the step took on
the GUI thread ("switch", until the call returned and the page was painted), the largest
heartbeat gap until the step's background jobs were done ("max gap") and the time until then
("idle"). The shop is copied first (the program writes caches and migrates) and the copy is
deleted afterwards unless --keep. Figures only: no pass/fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import machine  # noqa: E402

HEARTBEAT_MS = 50
SORT_COLUMNS = ("Name", "Orders", "Total paid", "City", "Last order")


class Heartbeat:
    """A 50 ms timer on the GUI thread; the largest interval between ticks is the stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.max_gap = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.max_gap = 0.0

    def gap(self) -> float:
        return max(self.max_gap, time.perf_counter() - self.last)


def pump_until(app: object, done: Callable[[], bool], timeout: float = 120.0) -> bool:
    from PySide6.QtCore import QCoreApplication

    started = time.perf_counter()
    while not done():
        QCoreApplication.processEvents()
        time.sleep(0.002)
        if time.perf_counter() - started > timeout:
            return False
    return True


def pump(seconds: float) -> None:
    from PySide6.QtCore import QCoreApplication

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.002)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the shop to copy and open")
    parser.add_argument("--steps", default="sort,dashboard,reports")
    parser.add_argument("--keep", action="store_true", help="keep the copy (and its folder)")
    parser.add_argument(
        "--sort-on-worker",
        action="store_true",
        help="give the customer list the window's JobRunner (what CustomersPage should do)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crm-gui-bench-"))
    os.environ.setdefault("DESKTOP_CRM_DATA_DIR", str(work / "data"))
    os.environ.setdefault("DESKTOP_CRM_CONFIG_DIR", str(work / "config"))
    shop = work / "shop.db"
    shutil.copyfile(args.db, shop)

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QMessageBox

    from desktop_crm.app import create_application
    from desktop_crm.db import open_database
    from desktop_crm.views.main_window import MainWindow
    from desktop_crm.views.ui_state import UiState

    app = create_application()
    for kind in ("information", "warning", "critical", "question"):  # never wait for a click
        setattr(QMessageBox, kind, staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Ok))
    open_database(shop)
    window = MainWindow(shop, UiState(work / "ui.ini"), language="en")
    window.resize(1400, 900)
    window.show()
    window.start_up()
    QCoreApplication.processEvents()
    beat = Heartbeat()
    pump_until(app, lambda: not window.runner.busy())
    pump(0.3)
    print(f"{args.db} ({machine()})")
    print(f"{'step':34s} {'switch':>8s} {'max gap':>8s} {'idle':>8s}")

    def step(name: str, action: Callable[[], None], settled: Callable[[], bool]) -> None:
        beat.reset()
        started = time.perf_counter()
        action()
        QCoreApplication.processEvents()
        window.repaint()
        switch = time.perf_counter() - started
        pump_until(app, lambda: settled() and not window.runner.busy())
        idle = time.perf_counter() - started
        pump(0.1)
        print(
            f"{name:34s} {switch * 1000:6.0f}ms {beat.gap() * 1000:6.0f}ms {idle * 1000:6.0f}ms",
            flush=True,
        )

    page = window.customers_page
    for name in args.steps.split(","):
        if name == "sort":
            window.show_page("customers")
            pump_until(app, lambda: not window.runner.busy())
            pump(0.3)
            model = page.model
            if args.sort_on_worker:
                model.set_runner(window.runner)
            titles = [
                model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            ]
            for title in SORT_COLUMNS:
                column = titles.index(title)
                for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                    wanted = (column, order)
                    busy = getattr(model, "is_sorting", lambda: False)
                    step(
                        f"sort {title} {'asc' if order == Qt.SortOrder.AscendingOrder else 'desc'}",
                        lambda c=column, o=order: page.table.sortByColumn(c, o),
                        lambda w=wanted, b=busy, m=model: m.sort_state() == w and not b(),
                    )
        elif name == "dashboard":
            dash = window.dashboard_page
            step("show Dashboard", lambda: window.show_page("dashboard"),
                 lambda d=dash: not d.is_computing())  # fmt: skip
            step("Dashboard refresh", dash.refresh, lambda d=dash: not d.is_computing())
        elif name == "reports":
            rep = window.reports_page
            step("show Reports", lambda: window.show_page("reports"),
                 lambda r=rep: not r.is_building())  # fmt: skip
            step("Reports refresh (F5)", rep.build, lambda r=rep: not r.is_building())
            step("Reports back to Customers", lambda: window.show_page("customers"), lambda: True)
        else:
            parser.error(f"unknown step {name!r}")
    window.close()
    window.runner.shutdown()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work}")


if __name__ == "__main__":
    main()
