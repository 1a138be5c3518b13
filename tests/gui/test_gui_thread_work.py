"""What the GUI thread no longer does: lay the report out, re-build it to paint the preview,
import matplotlib for the dashboard, or query a new sort order of the customer list."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop_crm.models import Customer
from desktop_crm.services import customers as svc
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views import dashboard_page, reports_page
from desktop_crm.views.customer_model import CustomerTableModel
from desktop_crm.views.dashboard_page import DashboardPage
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.reports_page import ReportsPage

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
WAIT = 20000


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> Path:
    """Buyers with orders in September to November (a report of two pages and more)."""
    orders = [
        ParsedOrder(
            row=n,
            platform="taobao",
            order_no=str(2039100000000000000 + n),
            ordered_at=datetime(2026, 9 + n % 3, 1 + n, 12),
            status="completed",
            paid=(100 + n) * 100,
            refunded=0,
            currency="CNY",
            paid_at=datetime(2026, 9 + n % 3, 1 + n, 12),
            buyer_key=f"buyer{n}",
            buyer_name=f"buyer{n}",
            real_name=f"Buyer {n}",
            phone=f"1380000{n:04d}",
            province="浙江省",
            city="杭州市",
            address=f"文一西路{n}号",
            item_summary="手工皂",
        )
        for n in range(1, 13)
    ]
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611221000.csv")
    assert engine.import_file(path, now=NOW, today=TODAY).rejected == []
    return db_path


def make_page(qtbot, ui_state, runner=None) -> ReportsPage:  # noqa: ANN001
    page = ReportsPage(runner or JobRunner(synchronous=True), ui_state, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    return page


# --- Reports ----------------------------------------------------------------------------------


def test_report_is_built_and_laid_out_on_the_worker(qtbot, app, ui_state, shop, monkeypatch):
    threads: dict[str, str] = {}
    pdf = reports_page._pdf()
    real_lay_out, real_paint = pdf.lay_out_monthly, pdf.paint_monthly

    def lay_out(*a, **k):  # noqa: ANN002, ANN003
        threads["lay_out"] = threading.current_thread().name
        return real_lay_out(*a, **k)

    def paint(*a, **k):  # noqa: ANN002, ANN003
        threads["paint"] = threading.current_thread().name
        return real_paint(*a, **k)

    monkeypatch.setattr(pdf, "lay_out_monthly", lay_out)
    monkeypatch.setattr(pdf, "paint_monthly", paint)
    monkeypatch.setattr(pdf, "render_monthly", lambda *a, **k: pytest.fail("laid out again"))
    runner = JobRunner()
    try:
        page = make_page(qtbot, ui_state, runner)
        progress: list[int] = []
        page.progress_bar.valueChanged.connect(progress.append)
        with qtbot.waitSignal(page.report_built, timeout=WAIT):
            page.show()
        assert threads["lay_out"].startswith("crm-job")
        assert threads["paint"] == threading.main_thread().name
        assert page.stack.currentWidget() is page.preview and page.preview_pages >= 2
        assert progress  # the build reported its steps
    finally:
        runner.shutdown()


def test_painting_the_preview_again_does_not_rebuild_the_report(qtbot, app, ui_state, shop):
    page = make_page(qtbot, ui_state)
    with qtbot.waitSignal(page.report_built, timeout=WAIT):
        page.show()
    pages = page.preview_pages
    calls: list[object] = []
    pdf = reports_page._pdf()
    original = pdf.lay_out_monthly
    pdf.lay_out_monthly = lambda *a, **k: calls.append(a) or original(*a, **k)
    try:
        page.preview.updatePreview()  # what a zoom, a resize or a re-show may ask for
    finally:
        pdf.lay_out_monthly = original
    assert calls == [] and page.preview_pages == pages


def test_cancel_while_the_preview_is_painted(qtbot, app, ui_state, shop, monkeypatch) -> None:
    monkeypatch.setattr(reports_page, "BREATHE_S", 0.0)  # let events through after every page
    page = make_page(qtbot, ui_state)
    built: list[object] = []
    page.report_built.connect(built.append)
    pdf = reports_page._pdf()
    real_paint = pdf.paint_monthly

    def paint(laid_out, printer, *, progress=None, cancelled=None):  # noqa: ANN001
        def click_cancel(done: int, total: int) -> None:
            progress(done, total)
            if page.cancel_button.isVisible():
                page.cancel_button.click()  # as the user would, between two pages

        return real_paint(laid_out, printer, progress=click_cancel, cancelled=cancelled)

    monkeypatch.setattr(pdf, "paint_monthly", paint)
    page.show()
    qtbot.waitUntil(lambda: not page.is_building(), timeout=WAIT)
    qtbot.wait(50)
    assert built == [] and page.report is None
    assert page.stack.currentWidget() is not page.preview
    assert page.status_label.text() == "Cancelled."
    assert not page.excel_button.isEnabled()


# --- Dashboard --------------------------------------------------------------------------------


def test_dashboard_imports_matplotlib_on_the_worker(qtbot, app, ui_state, shop, monkeypatch):
    threads: list[str] = []
    real = dashboard_page.load_matplotlib

    def load() -> None:
        threads.append(threading.current_thread().name)
        real()

    monkeypatch.setattr(dashboard_page, "load_matplotlib", load)
    runner = JobRunner()
    try:
        page = DashboardPage(runner, ui_state, today=lambda: TODAY)
        qtbot.addWidget(page)
        drawn: list[str] = []
        real_compose = page._compose_chart
        page._compose_chart = lambda key, d: (drawn.append(key), real_compose(key, d))  # type: ignore[method-assign]
        with qtbot.waitSignal(page.figures_updated, timeout=WAIT):
            page.show()
            assert page.charts == {}  # nothing built on the GUI thread before the figures
        assert threads and threads[0].startswith("crm-job")
        assert drawn == list(dashboard_page.CHART_ORDER)
        assert page.target_filters("rfm")  # every chart drawn, its bars clickable
        assert not page.is_computing()
    finally:
        runner.shutdown()


# --- the customer list ------------------------------------------------------------------------


def _people(n: int) -> None:
    for i in range(n):
        data = svc.CustomerInput(display_name=f"P{i:02d}", city=f"C{(7 * i) % n:02d}")
        svc.create_customer(data, today=TODAY, now=NOW)


def test_sorting_with_a_runner_queries_on_the_worker(qtbot, app, db_path) -> None:
    _people(12)
    runner = JobRunner()
    try:
        model = CustomerTableModel(runner=runner)
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.setSortingEnabled(True)
        model.refresh()
        before = model.ids()
        with qtbot.waitSignal(model.sorted, timeout=WAIT):
            view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # City
            assert model.is_sorting() and model.ids() == before  # old rows until it answers
        assert not model.is_sorting()
        cities = [model.index(r, 5).data() for r in range(model.rowCount())]
        assert cities == sorted(cities, reverse=True)
        assert model.rowCount() == Customer.select().count()
    finally:
        runner.shutdown()


def test_a_sort_answered_after_a_new_filter_is_dropped(qtbot, app, db_path) -> None:
    _people(6)
    runner = JobRunner(synchronous=True)  # runs at the next turn of the event loop
    model = CustomerTableModel(runner=runner)
    model.refresh()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.refresh()  # a new filter: synchronous, and in the new order already
    ids = model.ids()
    qtbot.wait(20)
    assert model.ids() == ids and not model.is_sorting()
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names, reverse=True)


def test_sort_by_column_queries_once(qtbot, app, db_path) -> None:
    _people(3)
    queries: list[tuple[str | None, bool]] = []
    model = CustomerTableModel()
    real = model._query
    model._query_ids = lambda key, desc: queries.append((key, desc)) or real(key, desc)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    queries.clear()
    view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert queries == [("orders", True)]
