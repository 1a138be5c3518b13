"""The monthly report as an Excel workbook: a summary sheet of KPIs, then one sheet per section.

The whole workbook is written in openpyxl's write-only mode: rows stream to the file (the new
customers sheet can hold thousands), and write-only worksheets still take native charts
(`add_chart` is the normal worksheet's), frozen panes, column widths and an autofilter, as long
as widths and panes are set before the first row. So nothing is lost by streaming, and there is
no second, normal-mode code path for small sheets.

Money is written as numbers in currency units (Decimal, 2 places) with a currency format, counts
as integers, rates as fractions with a percent format, dates as dates. Text is always a string
cell (`reports.xlsx.text_cell`): a customer called "=1+2" or "#N/A" stays text, never a formula
or an error (RELIABILITY H35). No cell holds a formula: changes are computed numbers.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop_crm.reports.files import write_atomically
from desktop_crm.reports.monthly import (
    COUNT,
    DATE,
    DATETIME,
    DAYS,
    DELTA,
    MONEY,
    POINTS,
    RATE,
    Amount,
    Chart,
    Kpi,
    MonthlyReport,
    Table,
    format_value,
)
from desktop_crm.reports.xlsx import (
    MAX_CELL,
    abandon_workbook,
    private_scratch,
    remove_abandoned_temp_files,
    save_workbook,
    text_cell,
)
from desktop_crm.services.money import excel_money_format, to_decimal

log = logging.getLogger("desktop_crm.reports")

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F6DB5")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
TITLE_FONT = Font(bold=True, size=14)
SUBTITLE_FONT = Font(bold=True, size=11, color="2F6DB5")
MUTED_FONT = Font(color="656D76")
WARN_FONT = Font(color="B42318", bold=True)
BOLD = Font(bold=True)

COUNT_FORMAT = "#,##0"
DELTA_FORMAT = "+#,##0;-#,##0;0"
RATE_FORMAT = "0.0%"
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
DAYS_FORMAT = "General"  # 39 and 23.5, as the PDF shows them
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
_TRUNCATED = " …[truncated]"
_NUMBER_KINDS = (MONEY, COUNT, POINTS, DELTA, RATE, DAYS)
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def points_change_format(report: MonthlyReport) -> str:
    """A change of a rate, in percentage points (the cell holds points: 2.5 = +2.5 pp)."""
    pp = report.text("pp").replace('"', "")
    return f'+0.0" {pp}";-0.0" {pp}";0.0" {pp}"'


def excel_value(value: Any, kind: str) -> Any:
    """A value as the workbook stores it (money in currency units as an exact Decimal)."""
    if value is None:
        return None
    if isinstance(value, Amount):
        return to_decimal(value.minor)
    if kind == MONEY:
        return to_decimal(int(value))
    if kind in (COUNT, POINTS, DELTA):
        return int(value)
    if kind in (RATE, DAYS):
        return float(value)
    return value


def change_value(kpi: Kpi, which: str) -> float | None:
    """The change as the workbook stores it: a fraction, or points for a rate."""
    value = kpi.change_vs_previous if which == "previous" else kpi.change_vs_last_year
    if value is None:
        return None
    return round(value * 100, 10) if kpi.kind == RATE else value


def display_width(text: str) -> int:
    """Columns a text needs in Excel (East Asian wide characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _plain_text(text: str) -> bool:
    """True when openpyxl stores `text` as a plain string by itself: it makes a formula of
    "=…", an error cell of "#N/A" and friends, and refuses control characters; those go
    through `text_cell`, which forces the string type (and cleans or shortens the text)."""
    return (
        not text.startswith("=")
        and text not in _ERROR_CODES
        and len(text) <= MAX_CELL
        and _ILLEGAL.search(text) is None
    )


class _Sheet:
    """One write-only sheet: widths and panes first, then rows."""

    def __init__(self, wb: Workbook, name: str, report: MonthlyReport) -> None:
        self.ws = wb.create_sheet(name[:31])
        self.report = report
        self.rows = 0

    def widths(self, widths: Sequence[float]) -> None:
        for i, w in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(6, w + 2))

    def cell(
        self, value: Any, kind: str = "text", fmt: str | None = None, font: Font | None = None
    ) -> Any:
        ws = self.ws
        if value is None:
            cell = WriteOnlyCell(ws, value=None)
        elif isinstance(value, str) or kind == "text":
            shown = value if isinstance(value, str) else format_value(value, "text", self.report)
            if font is None and _plain_text(shown):
                return shown  # openpyxl writes it as a string as it is: no cell object needed
            if len(shown) > MAX_CELL:
                # Said in the cell, within Excel's limit (text_cell's own marker is one
                # character too long, so openpyxl would cut its last bracket).
                shown = shown[: MAX_CELL - len(_TRUNCATED)] + _TRUNCATED
            cell = text_cell(ws, shown)
        else:
            cell = WriteOnlyCell(ws, value=excel_value(value, kind))
            if isinstance(value, Amount):
                fmt = fmt or excel_money_format(value.currency)
            cell.number_format = fmt or self.format(kind)
        if font is not None:
            cell.font = font
        return cell

    def format(self, kind: str) -> str:
        return {
            MONEY: excel_money_format(self.report.currency),
            COUNT: COUNT_FORMAT,
            POINTS: COUNT_FORMAT,
            DELTA: DELTA_FORMAT,
            RATE: RATE_FORMAT,
            DAYS: DAYS_FORMAT,
            DATE: DATE_FORMAT,
            DATETIME: DATETIME_FORMAT,
        }.get(kind, "General")

    def append(self, cells: Sequence[Any]) -> None:
        self.ws.append(list(cells))
        self.rows += 1

    def header(self, labels: Sequence[str]) -> None:
        cells = []
        for label in labels:
            cell = text_cell(self.ws, label)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = HEADER_ALIGN
            cells.append(cell)
        self.append(cells)


def _text_width(text: str) -> int:
    """About the columns a text needs: UTF-8 takes 3 bytes for a wide (CJK) character and 1
    for ASCII, so (bytes + characters) / 2 counts wide characters twice, at C speed."""
    return (len(text.encode("utf-8")) + len(text)) // 2


def _column_widths(report: MonthlyReport, table: Table) -> list[float]:
    widths = [float(display_width(c.label)) for c in table.columns]
    for i, col in enumerate(table.columns):
        values = [row[i] for row in table.rows if row[i] is not None]
        if not values:
            continue
        if col.kind in _NUMBER_KINDS:
            # The widest number is the largest or the most negative one.
            shown = [format_value(v, col.kind, report) for v in (max(values), min(values))]
            w = max(len(t) for t in shown)
        elif col.kind in (DATE, DATETIME):
            w = 16 if col.kind == DATETIME else 10
        else:
            w = max(_text_width(format_value(v, col.kind, report)) for v in values)
        widths[i] = max(widths[i], float(w))
    return [min(w, MAX_WIDTH) * 1.1 for w in widths]


def _summary(wb: Workbook, report: MonthlyReport) -> None:
    sheet = _Sheet(wb, report.text("summary_sheet"), report)
    labels = [
        report.text("indicator"),
        report.text("this_month"),
        report.text("previous_month"),
        report.text("change"),
        report.text("same_month_last_year"),
        report.text("change"),
    ]
    first = max(display_width(k.label) for k in report.kpis) if report.kpis else 20
    sheet.widths([max(first, 24) * 1.1, 16, 16, 12, 16, 12])
    meta = [
        (report.text("shop"), report.shop_name),
        (report.text("period"), report.period_label),
        (report.text("figures_as_of"), report.as_of),
        (report.text("generated", today="").strip(), report.today),
        (report.text("currency"), report.currency or ""),
    ]
    meta = [(k, v) for k, v in meta if v != ""]
    header_row = 2 + len(meta) + 2  # title, blank, meta lines, blank, then the header
    sheet.ws.freeze_panes = f"B{header_row + 1}"
    sheet.ws.sheet_view.showGridLines = False
    sheet.append([sheet.cell(f"{report.title} — {report.month_label}", font=TITLE_FONT)])
    sheet.append([])
    for key, value in meta:
        sheet.append([sheet.cell(key, font=MUTED_FONT), sheet.cell(value, DATE)])
    sheet.append([])
    sheet.header(labels)
    change_fmt = {True: points_change_format(report), False: CHANGE_FORMAT}
    for k in report.kpis:
        fmt = change_fmt[k.kind == RATE]
        sheet.append(
            [
                sheet.cell(k.label),
                _none_or(sheet, k.current, k.kind, font=BOLD),
                _none_or(sheet, k.previous, k.kind),
                _none_or(sheet, change_value(k, "previous"), "change", fmt),
                _none_or(sheet, k.last_year, k.kind),
                _none_or(sheet, change_value(k, "last_year"), "change", fmt),
            ]
        )
    sheet.append([])
    sheet.append([sheet.cell(report.text("notes"), font=SUBTITLE_FONT)])
    for note in report.notes:
        warn = report.full_contact and note == report.text("note_full")
        sheet.append([sheet.cell(note, font=WARN_FONT if warn else MUTED_FONT)])
    sheet.ws.print_title_rows = f"{header_row}:{header_row}"
    _print_setup(sheet.ws, landscape=False)


def _none_or(
    sheet: _Sheet, value: float | None, kind: str, fmt: str | None = None, font: Font | None = None
) -> Any:
    """A KPI cell: the number, or "—" as the PDF shows it when there is none."""
    if value is None:
        return sheet.cell(sheet.report.text("none"), font=font)
    if kind == "change":
        cell = WriteOnlyCell(sheet.ws, value=value)
        cell.number_format = fmt
        if font is not None:
            cell.font = font
        return cell
    return sheet.cell(value, kind, font=font)


def _print_setup(ws: Any, *, landscape: bool) -> None:
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _table_sheet(wb: Workbook, report: MonthlyReport, table: Table, chart: Chart | None) -> None:
    sheet = _Sheet(wb, table.sheet, report)
    sheet.widths(_column_widths(report, table))
    sheet.ws.freeze_panes = "A3"  # title and header stay in view
    sheet.append([sheet.cell(table.title, font=TITLE_FONT)])
    sheet.header([c.label for c in table.columns])
    kinds = [c.kind for c in table.columns]
    for row in table.rows:
        sheet.append([sheet.cell(v, k) for v, k in zip(row, kinds, strict=True)])
    last = 2 + len(table.rows)
    if table.rows:
        sheet.ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{last}"
    else:
        sheet.append([sheet.cell(table.empty_text, font=MUTED_FONT)])
    sheet.ws.print_title_rows = "2:2"
    _print_setup(sheet.ws, landscape=len(table.columns) > 5)
    if chart is not None and table.rows:
        _add_chart(sheet.ws, report, table, chart, last)


def _add_chart(ws: Any, report: MonthlyReport, table: Table, chart: Chart, last: int) -> None:
    label_col = table.column(chart.label_column) + 1
    value_col = table.column(chart.value_column) + 1
    data = Reference(ws, min_col=value_col, min_row=2, max_row=last)  # header = series name
    labels = Reference(ws, min_col=label_col, min_row=3, max_row=last)
    anchor = f"{get_column_letter(len(table.columns) + 2)}3"
    value_format = excel_money_format(report.currency) if chart.unit == MONEY else COUNT_FORMAT
    made: Any
    if chart.kind == "line":
        made = LineChart()
        made.add_data(data, titles_from_data=True)
        made.set_categories(labels)
        made.x_axis.number_format = "mm-dd"
        made.width, made.height = 26, 10
        made.legend = None
    elif chart.kind == "pie":
        made = PieChart()
        made.add_data(data, titles_from_data=True)
        made.set_categories(labels)
        made.dataLabels = DataLabelList()
        made.dataLabels.showPercent = True
        made.width, made.height = 14, 9
    else:
        made = BarChart()
        made.type = "bar" if len(table.rows) > 5 else "col"
        made.add_data(data, titles_from_data=True)
        made.set_categories(labels)
        made.legend = None
        made.width, made.height = 16, 9
        if made.type == "bar":
            made.y_axis.scaling.orientation = "minMax"
            made.x_axis.scaling.orientation = "maxMin"  # first label on top, as in the PDF
    if chart.kind != "pie":
        # openpyxl 3.1 leaves axes "deleted" unless told: Excel would then draw no axis labels.
        made.x_axis.delete = False
        made.y_axis.delete = False
        made.y_axis.number_format = value_format
    made.title = chart.title
    ws.add_chart(made, anchor)


def workbook(report: MonthlyReport) -> Workbook:
    """The report's workbook (write-only: save it once).

    Its rows are spooled to files as they are added: build it inside
    `reports.xlsx.private_scratch` (write_monthly_excel does), or they go to the shared temp
    folder. A failure while building deletes the files written so far.
    """
    wb = Workbook(write_only=True)
    wb.properties.title = f"{report.title} {report.month_label}"
    wb.properties.creator = "Desktop CRM"
    try:
        _summary(wb, report)
        charts = {c.table: c for c in report.charts}
        for table in report.tables:
            _table_sheet(wb, report, table, charts.get(table.key))
    except BaseException:
        abandon_workbook(wb)
        raise
    return wb


def write_monthly_excel(report: MonthlyReport, path: str | Path) -> Path:
    """Write the report as an .xlsx workbook at `path` via a temporary file.

    Raises:
        DiskFull: the disk is full; nothing is left at `path`.
        CrmError: the file cannot be written.
    """

    def write(tmp: Path) -> None:
        with private_scratch(tmp):
            save_workbook(workbook(report), tmp)

    remove_abandoned_temp_files(Path(path))  # what a write killed earlier left
    target = write_atomically(Path(path), write)
    if report.full_contact:
        log.info("monthly report with full contact details written to %s", target.name)
    return target
