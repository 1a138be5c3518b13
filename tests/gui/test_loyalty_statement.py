"""The one-page points statement: PDF, print preview and printer, as the customer page uses them."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog

from desktop_crm.db import db
from desktop_crm.services import loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views import points_statement
from desktop_crm.views.points_view import PointsView

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
HAS_POPPLER = shutil.which("pdftotext") is not None


def _order(no: int, buyer: str, paid: int) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + no),
        ordered_at=datetime(2026, 10, 1, 12, 0) + timedelta(days=no), status="completed",
        paid=paid, currency="CNY", buyer_key=buyer, buyer_name=buyer,
        real_name="张三" if buyer == "小美" else None, item_summary="手工皂",
        items=[ParsedItem("手工皂", price=paid)],
    )  # fmt: skip


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    """小美 (张三) spent ¥6,240 (Gold, 6,240 points); bob ¥1,500."""
    orders = [_order(1, "小美", 624_000), _order(2, "bob", 150_000)]
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611010900.csv")
    engine.import_file(path, platform="taobao", now=NOW, today=TODAY)
    rows = db.execute_sql("SELECT display_name, id FROM customer").fetchall()
    return {name: int(cid) for name, cid in rows}


@pytest.fixture
def view(qtbot, app, shop) -> PointsView:
    w = PointsView(clock=lambda: NOW)
    qtbot.addWidget(w)
    w.show()
    w.show_customer(shop["小美"], TODAY)
    return w


def _pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(not HAS_POPPLER, reason="pdftotext (poppler-utils) is not installed")
def test_statement_pdf_has_the_name_and_balance(view: PointsView, shop, tmp_path: Path) -> None:
    loyalty.redeem_points(shop["小美"], 1000, today=TODAY, now=NOW, note="voucher")
    target = view.save_statement(tmp_path / "statement.pdf")
    assert target == tmp_path / "statement.pdf" and target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".statement")]
    text = _pdf_text(target, "-layout")
    assert "Points statement" in text
    assert "小美 (张三)" in text
    assert "Balance: 5,240 point(s)" in text
    assert "Gold from ¥5,000" in text
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)


@pytest.mark.skipif(not HAS_POPPLER, reason="pdftotext (poppler-utils) is not installed")
def test_statement_pdf_in_chinese_has_no_english_labels(
    qapp, view: PointsView, shop, tmp_path: Path
) -> None:
    # Its labels went through a helper lupdate does not see: half the page stayed English.
    from PySide6.QtCore import QLocale

    from desktop_crm.app import install_translators

    locale = QLocale()
    translators = install_translators(qapp, "zh_CN")
    try:
        text = _pdf_text(view.save_statement(tmp_path / "statement.pdf"), "-layout")
    finally:
        for t in translators:
            qapp.removeTranslator(t)
        QLocale.setDefault(locale)
    for label in (
        "积分对账单",
        "期间：",
        "余额：",
        "本期数据",
        "期初余额",
        "本期明细",
        "由 Desktop CRM",
    ):
        assert label in text, label
    for english in ("Points statement", "Period", "Balance", "Opening balance", "Made by"):
        assert english not in text, english


def test_statement_with_many_entries_stays_on_one_page(shop, tmp_path: Path) -> None:
    cid = shop["bob"]
    for i in range(120):
        loyalty.adjust_points(cid, 1 + i, note=f"gift {i}", today=TODAY, now=NOW)
    statement = loyalty.points_statement(cid, today=TODAY)
    assert len(statement.lines) == 121
    path = points_statement.save_statement_pdf(statement, tmp_path / "many.pdf", language="en_US")
    assert path.read_bytes().startswith(b"%PDF")
    if HAS_POPPLER:
        text = _pdf_text(path)
        assert "earlier entry(ies) not shown" in text and "gift 119" in text
        assert "gift 0" not in text  # the oldest make room for the latest
        assert text.count("\f") == 1  # one page


def test_print_preview_and_printer_get_the_same_page(
    qtbot, view: PointsView, shop, tmp_path: Path, monkeypatch
) -> None:
    printed = tmp_path / "printed.pdf"

    def fake_exec(self) -> int:  # noqa: ANN001
        # What the preview (and its Print button) does: ask for the page on a printer.
        assert "小美" in self.windowTitle()
        printer = points_statement.statement_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        self.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    view.print_action.trigger()
    assert printed.stat().st_size > 1000
    if HAS_POPPLER:
        # A printer's PDF keeps Qt's radical text map (小 reads back as ⼩): the page is the
        # same, only search in that file differs; save_statement_pdf writes fixed files.
        text = _pdf_text(printed)
        assert "Points statement" in text and "美 (张三)" in text


def test_save_as_pdf_asks_for_a_file(qtbot, view: PointsView, shop, tmp_path, monkeypatch) -> None:
    asked: list[str] = []

    def fake(parent, title, start, filters):  # noqa: ANN001
        asked.append(start)
        return str(tmp_path / "mine"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    view.pdf_action.trigger()
    assert asked and asked[0].endswith("points-statement-小美-2026-11-22.pdf")
    assert (tmp_path / "mine.pdf").exists()
