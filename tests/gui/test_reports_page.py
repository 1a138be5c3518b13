"""The Reports page: the monthly report of a chosen month, previewed as it prints, exported to
Excel, saved as PDF and printed, with contact details masked unless the user asks otherwise.

Shop (Taobao, CNY; today 2026-11-22, so the page opens on October 2026):
  amy  2026-09-05 200 completed | 2026-10-03 300 completed
  bob  2026-10-15  50 completed                       (new in October, phone 13900000002)
  cat  2026-10-25 120 shipped, 20 refunded             (new in October)
  dan  2026-11-02  60 completed                        (November)
October net sales: 300 + 50 + 100 = ¥450.00; September: ¥200.00.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop_crm.errors import DiskFull
from desktop_crm.reports import monthly_excel, monthly_pdf
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views import reports_page
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.reports_page import FULL_CONTACT_KEY, ReportsPage

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
OCTOBER = date(2026, 10, 1)
SEPTEMBER = date(2026, 9, 1)
WAIT = 20000
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")

PHONES = {"amy": "13800000001", "bob": "13900000002", "cat": "15000000003", "dan": "18600000004"}
# (buyer, ordered at, yuan, status, refunded yuan)
ORDERS = [
    ("amy", datetime(2026, 9, 5, 12), 200, "completed", 0),
    ("amy", datetime(2026, 10, 3, 12), 300, "completed", 0),
    ("bob", datetime(2026, 10, 15, 12), 50, "completed", 0),
    ("cat", datetime(2026, 10, 25, 12), 120, "shipped", 20),
    ("dan", datetime(2026, 11, 2, 12), 60, "completed", 0),
]


def build_shop(folder: Path) -> None:
    orders = [
        ParsedOrder(
            row=n,
            platform="taobao",
            order_no=str(2039100000000000000 + n),
            ordered_at=at,
            status=status,
            paid=yuan * 100,
            refunded=refunded * 100,
            currency="CNY",
            paid_at=at,
            buyer_key=buyer,
            buyer_name=buyer,
            real_name=buyer.title(),
            phone=PHONES[buyer],
            province="浙江省",
            city="杭州市",
            address=f"文一西路{n}号",
            item_summary="手工皂",
        )
        for n, (buyer, at, yuan, status, refunded) in enumerate(ORDERS, 1)
    ]
    path = write_export("taobao", orders, folder / "ExportOrderList202611221000.csv")
    receipt = engine.import_file(path, now=NOW, today=TODAY)
    assert receipt.rejected == []


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> Path:
    build_shop(tmp_path)
    return db_path


def make_page(qtbot, ui_state, runner=None, **kw) -> ReportsPage:  # noqa: ANN001
    page = ReportsPage(runner or JobRunner(synchronous=True), ui_state, today=lambda: TODAY, **kw)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    return page


@pytest.fixture
def page(qtbot, app, ui_state, shop) -> ReportsPage:
    page = make_page(qtbot, ui_state)
    with qtbot.waitSignal(page.report_built, timeout=WAIT):
        page.show()
    return page


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def choose_file(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    """Answer the save dialog with `target`; returns the names the dialog suggested."""
    asked: list[str] = []

    def fake(parent, caption, directory, filters, *a, **k):  # noqa: ANN001
        asked.append(directory)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return asked


def new_customer_phones(report) -> list[str]:  # noqa: ANN001
    return report.table("new_customers").values("phone")


# --- building -----------------------------------------------------------------------------------


def test_opens_on_last_month_and_builds_it(page: ReportsPage) -> None:
    combo = page.month_combo
    assert combo.count() == 25  # this month and the 24 before it
    assert combo.itemText(0) == "November 2026 (so far)"
    assert combo.itemText(24) == "November 2024"
    assert combo.currentText() == "October 2026"
    report = page.report
    assert report is not None and report.month == OCTOBER
    assert report.today == TODAY and report.language == "en" and not report.full_contact
    assert report.kpi("net_sales").current == 45000
    assert report.kpi("net_sales").previous == 20000
    assert sorted(report.table("new_customers").values("customer")) == ["bob", "cat"]
    assert page.stack.currentWidget() is page.preview
    assert page.status_label.text() == "October 2026: figures as of 2026-10-31."
    assert page.minimumSizeHint().width() < 800  # fits beside the sidebar of a small window
    assert all(b.isEnabled() for b in (page.excel_button, page.pdf_button, page.print_button))


def test_every_month_back_to_the_first_order_can_be_chosen(
    qtbot, page: ReportsPage, tmp_path: Path
) -> None:
    # The picker stopped at 24 months back: an older month's report (the CLI makes it) could
    # not be chosen, and set_month() silently kept the month before.
    old = ParsedOrder(
        row=1, platform="taobao", order_no="2039100000000000077",
        ordered_at=datetime(2023, 3, 9, 10, 0), status="completed", paid=12300, currency="CNY",
        buyer_key="amy", buyer_name="amy",
    )  # fmt: skip
    path = write_export("taobao", [old], tmp_path / "ExportOrderList202303091000.csv")
    engine.import_file(path, now=NOW, today=TODAY)
    page.hide()
    page.show()  # the month list follows the data when shown again
    combo = page.month_combo
    assert combo.itemText(combo.count() - 1) == "March 2023"
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        page.set_month(date(2023, 3, 1))
    assert built.args[0].month == date(2023, 3, 1)
    assert built.args[0].kpi("net_sales").current == 12300


def test_choosing_a_month_by_keyboard_builds_it(qtbot, page: ReportsPage) -> None:
    page.month_combo.setFocus()
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        qtbot.keyClick(page.month_combo, Qt.Key.Key_Down)
    report = built.args[0]
    assert report.month == SEPTEMBER and page.report is report
    assert report.kpi("net_sales").current == 20000
    assert report.table("new_customers").values("customer") == ["amy"]
    # The running month is reported up to today.
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        page.set_month(date(2026, 11, 5))
    assert built.args[0].month == date(2026, 11, 1) and built.args[0].as_of == TODAY
    assert built.args[0].partial


def test_refresh_builds_again_from_current_data(qtbot, page: ReportsPage, tmp_path: Path) -> None:
    first = page.report
    extra = ParsedOrder(
        row=1, platform="taobao", order_no="2039100000000000099",
        ordered_at=datetime(2026, 10, 9, 12), status="completed", paid=1000, currency="CNY",
        paid_at=datetime(2026, 10, 9, 12), buyer_key="eve", buyer_name="eve",
    )  # fmt: skip
    path = write_export("taobao", [extra], tmp_path / "ExportOrderList202611221100.csv")
    engine.import_file(path, now=NOW, today=TODAY)
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        page.refresh_button.setFocus()
        qtbot.keyClick(page.refresh_button, Qt.Key.Key_Space)
    assert built.args[0] is not first
    assert built.args[0].kpi("net_sales").current == 46000


def test_a_hidden_page_builds_when_shown(qtbot, app, ui_state, shop) -> None:
    built: list[object] = []
    page = make_page(qtbot, ui_state)
    page.report_built.connect(built.append)
    qtbot.wait(50)
    assert built == [] and page.report is None  # nothing runs for a page nobody looks at
    assert not page.excel_button.isEnabled()
    with qtbot.waitSignal(page.report_built, timeout=WAIT):
        page.show()
    assert len(built) == 1


def test_builds_off_the_gui_thread_and_stays_responsive(
    qtbot, app, ui_state, shop, monkeypatch
) -> None:
    release = threading.Event()
    threads: list[str] = []
    real = reports_page.build_monthly_report

    def slow(*a, **k):  # noqa: ANN002, ANN003
        threads.append(threading.current_thread().name)
        assert release.wait(10)
        return real(*a, **k)

    monkeypatch.setattr(reports_page, "build_monthly_report", slow)
    runner = JobRunner()
    try:
        page = make_page(qtbot, ui_state, runner)
        page.show()
        qtbot.waitUntil(lambda: threads != [], timeout=WAIT)
        assert threads[0].startswith("crm-job")
        # Building: the page says so, offers no stale output, and answers the user.
        assert page.is_building()
        assert page.stack.currentWidget() is not page.preview
        assert "Building the report for October 2026" in page.placeholder_label.text()
        assert page.progress_bar.isVisible() and page.cancel_button.isVisible()
        assert not page.excel_button.isEnabled() and not page.print_button.isEnabled()
        page.full_contact_check.setFocus()
        qtbot.keyClick(page.full_contact_check, Qt.Key.Key_Space)  # the GUI thread is free
        assert page.full_contact_check.isChecked()
        with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
            release.set()
        # The first build's result (masked) was dropped; the one shown has full contacts.
        assert built.args[0].full_contact and page.report is built.args[0]
        assert not page.is_building() and page.stack.currentWidget() is page.preview
    finally:
        release.set()
        runner.shutdown()


def test_cancel_stops_waiting(qtbot, app, ui_state, shop, monkeypatch) -> None:
    release = threading.Event()
    real = reports_page.build_monthly_report

    def slow(*a, **k):  # noqa: ANN002, ANN003
        assert release.wait(10)
        return real(*a, **k)

    monkeypatch.setattr(reports_page, "build_monthly_report", slow)
    runner = JobRunner()
    try:
        page = make_page(qtbot, ui_state, runner)
        built: list[object] = []
        page.report_built.connect(built.append)
        page.show()
        qtbot.waitUntil(page.cancel_button.isVisible, timeout=WAIT)
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        assert not page.is_building() and not page.cancel_button.isVisible()
        release.set()
        qtbot.waitUntil(lambda: not runner.busy(), timeout=WAIT)
        qtbot.wait(50)
        assert built == [] and page.report is None
    finally:
        release.set()
        runner.shutdown()


def test_a_failed_build_is_said_on_the_page(qtbot, app, ui_state, shop, monkeypatch) -> None:
    def broken(*a, **k):  # noqa: ANN002, ANN003
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(reports_page, "build_monthly_report", broken)
    page = make_page(qtbot, ui_state)
    page.show()
    qtbot.waitUntil(lambda: not page.is_building(), timeout=WAIT)
    assert "could not be built: Input/output error" in page.placeholder_label.text()
    assert not page.excel_button.isEnabled()


def test_report_in_the_ui_language(qtbot, app, ui_state, shop) -> None:
    page = make_page(qtbot, ui_state, language_provider=lambda: "zh_CN")
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        page.show()
    assert page.month_combo.currentText() == "2026年10月"
    assert built.args[0].language == "zh_CN" and built.args[0].title == "月度客户报告"


# --- the preview --------------------------------------------------------------------------------


def test_preview_paints_the_report_on_a_printer(qtbot, page: ReportsPage) -> None:
    printers: list[QPrinter] = []
    page.preview.paintRequested.connect(printers.append)
    with qtbot.waitSignal(page.report_built, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_F5)
    assert len(printers) == 1 and isinstance(printers[0], QPrinter)
    assert page.preview_pages >= 2  # title, figures and charts; then the tables
    assert page.preview.pageCount() == page.preview_pages
    assert page.page_count_label.text() == f"of {page.preview_pages}"
    # Same page as the PDF: A4 portrait.
    assert printers[0].pageLayout().isEquivalentTo(monthly_pdf.page_layout())


def test_zoom_and_page_controls(qtbot, page: ReportsPage) -> None:
    preview = page.preview
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    before = preview.zoomFactor()
    page.preview.setFocus()
    qtbot.keyClick(page.preview, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoomFactor() > before
    qtbot.keyClick(page.preview, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.preview, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoomFactor() < before
    page.fit_page_action.trigger()
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitInView
    page.fit_width_action.trigger()
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    page.page_spin.setValue(2)
    assert preview.currentPage() == 2


# --- files --------------------------------------------------------------------------------------


def test_export_excel_writes_the_months_net_sales(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch, answers, ui_state
) -> None:
    target = tmp_path / "out" / "october"  # the user typed no suffix
    target.parent.mkdir()
    asked = choose_file(monkeypatch, target)
    with qtbot.waitSignal(page.report_saved, timeout=WAIT) as saved:
        page.excel_button.setFocus()
        qtbot.keyClick(page.excel_button, Qt.Key.Key_Space)
    written = Path(saved.args[0])
    assert written == target.with_name("october.xlsx") and written.exists()
    assert Path(asked[0]).name == "customer-report-2026-10.xlsx"
    assert ui_state.last_folder("reports") == str(target.parent)
    sheet = openpyxl.load_workbook(written)["Summary"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert Decimal(str(rows["Net sales"])) == Decimal("450.00")
    assert answers == [f"information: Saved to {written}"]
    assert str(written) in page.status_label.text()
    assert page.minimumSizeHint().width() < 800  # a long path does not widen the page
    # The next export starts in the same folder.
    choose_file(monkeypatch, tmp_path / "again.xlsx")
    asked = choose_file(monkeypatch, tmp_path / "again.xlsx")
    with qtbot.waitSignal(page.report_saved, timeout=WAIT):
        qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]) == target.parent / "customer-report-2026-10.xlsx"


@needs_poppler
def test_save_pdf_writes_the_month(qtbot, page: ReportsPage, tmp_path: Path, monkeypatch, answers):
    asked = choose_file(monkeypatch, tmp_path / "report.pdf")
    with qtbot.waitSignal(page.report_saved, timeout=WAIT):
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == "customer-report-2026-10.pdf"
    text = pdf_text(tmp_path / "report.pdf")
    assert "Monthly customer report" in text and "October 2026" in text
    assert "¥450.00" in text
    assert answers == [f"information: Saved to {tmp_path / 'report.pdf'}"]


@needs_poppler
def test_save_pdf_on_the_worker_thread(qtbot, app, ui_state, shop, tmp_path, monkeypatch, answers):
    runner = JobRunner()
    try:
        page = make_page(qtbot, ui_state, runner)
        with qtbot.waitSignal(page.report_built, timeout=WAIT):
            page.show()
        choose_file(monkeypatch, tmp_path / "threaded.pdf")
        with qtbot.waitSignal(page.report_saved, timeout=WAIT):
            qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
        assert "October 2026" in pdf_text(tmp_path / "threaded.pdf")
    finally:
        runner.shutdown()


def test_cancelled_save_dialog_writes_nothing(page: ReportsPage, monkeypatch, answers) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    page.excel_button.click()
    page.pdf_button.click()
    assert answers == [] and page.excel_button.isEnabled() and page.pdf_button.isEnabled()


def test_write_errors_are_shown(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch, answers
) -> None:
    def full(report, path):  # noqa: ANN001
        raise DiskFull(f"The disk is full: {path} could not be written. No file was left behind.")

    with monkeypatch.context() as m:
        m.setattr(monthly_excel, "write_monthly_excel", full)
        choose_file(m, tmp_path / "x.xlsx")
        page.excel_button.click()
        qtbot.waitUntil(lambda: answers != [], timeout=WAIT)
    assert answers == [
        f"warning: x.xlsx was not saved: The disk is full: {tmp_path / 'x.xlsx'} could not be "
        "written. No file was left behind."
    ]
    assert page.excel_button.isEnabled()  # the user can try elsewhere
    # A folder that cannot be written (a real OSError from the writer, worded by it).
    answers.clear()
    choose_file(monkeypatch, tmp_path / "missing-folder" / "y.pdf")
    page.pdf_button.click()
    qtbot.waitUntil(lambda: answers != [], timeout=WAIT)
    assert answers[0].startswith("warning: y.pdf was not saved: ")
    assert not (tmp_path / "missing-folder").exists()


# --- full contact details ---------------------------------------------------------------------


def test_full_contact_is_remembered_and_unmasks_the_report(qtbot, page, ui_state, app) -> None:
    assert new_customer_phones(page.report) == ["139****0002", "150****0003"]
    assert "masked" in " ".join(page.report.notes)
    assert not page.full_contact_warning.isVisible()
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        page.full_contact_check.setFocus()
        qtbot.keyClick(page.full_contact_check, Qt.Key.Key_Space)
    report = built.args[0]
    assert report.full_contact
    assert new_customer_phones(report) == ["13900000002", "15000000003"]
    assert report.text("note_full") in report.notes
    assert page.full_contact_warning.isVisible()
    assert str(ui_state.value(FULL_CONTACT_KEY)).lower() == "true"
    # A new page (the next start) remembers the choice.
    again = make_page(qtbot, ui_state)
    assert again.full_contact_check.isChecked()
    with qtbot.waitSignal(again.report_built, timeout=WAIT) as built:
        again.show()
    assert new_customer_phones(built.args[0]) == ["13900000002", "15000000003"]
    # Unticked: masked again, and remembered.
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        page.full_contact_check.click()
    assert new_customer_phones(built.args[0]) == ["139****0002", "150****0003"]
    assert str(ui_state.value(FULL_CONTACT_KEY)).lower() == "false"


def test_outputs_wait_for_the_report_of_the_choices(qtbot, page: ReportsPage) -> None:
    page.full_contact_check.click()  # the masked report on screen no longer matches
    assert page.current_report() is None and not page.excel_button.isEnabled()
    qtbot.waitSignal(page.report_built, timeout=WAIT).wait()
    assert page.current_report() is page.report and page.excel_button.isEnabled()


# --- printing -----------------------------------------------------------------------------------


def print_to_pdf(monkeypatch: pytest.MonkeyPatch, target: Path, answer=QDialog.DialogCode.Accepted):
    """The user picks "Print to file (PDF)" in the system print dialog."""
    seen: list[QPrinter] = []

    def exec_(dialog):  # noqa: ANN001
        printer = dialog.printer()
        seen.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return answer

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return seen


@needs_poppler
def test_print_through_the_print_dialog(qtbot, page: ReportsPage, tmp_path, monkeypatch) -> None:
    target = tmp_path / "printed.pdf"
    seen = print_to_pdf(monkeypatch, target)
    with qtbot.waitSignal(page.report_printed, timeout=WAIT) as printed:
        qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1
    size = seen[0].pageLayout().pageSize()
    assert size.id() == size.PageSizeId.A4
    assert printed.args[0] == page.preview_pages  # the preview's pages
    text = pdf_text(target)
    assert "October 2026" in text and "¥450.00" in text
    assert str(target) in page.status_label.text()


def test_print_dialog_cancelled_prints_nothing(qtbot, page: ReportsPage, tmp_path, monkeypatch):
    target = tmp_path / "never.pdf"
    print_to_pdf(monkeypatch, target, QDialog.DialogCode.Rejected)
    printed: list[int] = []
    page.report_printed.connect(printed.append)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert printed == [] and not target.exists()


def test_print_preview_dialog_shows_the_pages(qtbot, page: ReportsPage, monkeypatch) -> None:
    counts: list[int] = []

    def exec_(dialog):  # noqa: ANN001
        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        counts.append(widget.pageCount())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    qtbot.mouseClick(page.preview_dialog_button, Qt.MouseButton.LeftButton)
    assert counts == [page.preview_pages] and counts[0] >= 2


def test_language_and_month_follow_the_program_between_visits(qtbot, app, ui_state, shop):
    language = ["en"]
    today = [TODAY]
    page = ReportsPage(
        JobRunner(synchronous=True),
        ui_state,
        language_provider=lambda: language[0],
        today=lambda: today[0],
    )
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.report_built, timeout=WAIT):
        page.show()
    page.hide()
    language[0] = "zh_CN"  # the user switched the UI language
    today[0] = date(2026, 12, 1)  # and the program ran past midnight into December
    with qtbot.waitSignal(page.report_built, timeout=WAIT) as built:
        page.show()
    # Last month, as on a fresh start: October was only the default then, not a choice (a
    # merchant printing on 1 December got October's report).
    assert built.args[0].language == "zh_CN" and built.args[0].month == date(2026, 11, 1)
    assert page.month_combo.itemText(0) == "2026年12月 (so far)"
    assert page.month_combo.currentText() == "2026年11月"
    # A month the merchant picked is kept into the next month.
    with qtbot.waitSignal(page.report_built, timeout=WAIT):
        page.set_month(OCTOBER)
    page.hide()
    today[0] = date(2027, 1, 2)
    page.show()
    assert page.month() == OCTOBER and page.report is not None
    assert page.report.month == OCTOBER
