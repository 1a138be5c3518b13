"""The monthly report as a PDF (QPdfWriter) or on any paged device (a QPrinter in views/).

`render_monthly(report, device)` lays the report out on A4-like pages of whatever device it is
given, so the PDF, the print preview and the printout are the same pages. The layout is our own
(QPainter, measured with the device's font metrics) rather than QTextDocument: tables of
thousands of rows break across pages row by row, never losing or repeating one, with the header
row repeated on every page, and "page n of m" needs the page count before painting.

Charts are drawn as vectors: matplotlib writes SVG, QtSvg (QtGui only, no widgets) paints it.

Only QtGui/QtSvg here: print dialogs and QtPrintSupport live in views/ (DESIGN §1). Text uses
an explicit family list with a Chinese family (Qt otherwise picks the Japanese variant of Noto
CJK, or no CJK font at all in a PDF), so Chinese is embedded and never shows as boxes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QPicture,
)
from PySide6.QtSvg import QSvgRenderer

from desktop_crm.errors import CrmError, JobCancelled
from desktop_crm.reports import charts
from desktop_crm.reports.monthly import (
    COUNT,
    DATE,
    DATETIME,
    DAYS,
    DELTA,
    MONEY,
    POINTS,
    RATE,
    MonthlyReport,
    Table,
    format_change,
    format_value,
)
from desktop_crm.reports.pdf_page import (
    RESOLUTION,
    ensure_gui_application,
    fix_cjk_text,
    font_families,
    page_layout,
)
from desktop_crm.reports.xlsx import write_bytes

log = logging.getLogger("desktop_crm.reports")

_NUMERIC = (MONEY, COUNT, POINTS, RATE, DAYS, DELTA)
_FIXED_KEYS = ("phone",)
_WORDS = int(Qt.TextFlag.TextWordWrap)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Names and addresses without spaces (Chinese, long nicknames) may break anywhere.
_ANYWHERE = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)

INK = QColor("#1f2328")
MUTED = QColor("#656d76")
RULE = QColor("#c9ced6")
HEAD_FILL = QColor("#e8eef7")
ZEBRA = QColor("#f5f7fa")
ACCENT = QColor("#2f6db5")
WARN = QColor("#b42318")

# --------------------------------------------------------------------------------------------
# Writing


def pdf_bytes(report: MonthlyReport) -> bytes:
    """The whole PDF in memory (so a full disk is met by a plain Python write)."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(page_layout())
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"{report.title} {report.month_label}")
    writer.setCreator("Desktop CRM")
    render_monthly(report, writer)
    buffer.close()
    return fix_cjk_text(bytes(buffer.data().data()))


def write_monthly_pdf(report: MonthlyReport, path: str | Path) -> Path:
    """Write the report as a PDF at `path` via a temporary file (no partial file on failure).

    Raises:
        DiskFull: the disk is full; nothing is left at `path`.
        CrmError: the file cannot be written.
    """
    target = write_bytes(path, pdf_bytes(report))
    if report.full_contact:
        log.info("monthly report with full contact details written to %s", target.name)
    return target


# --------------------------------------------------------------------------------------------
# Layout: measure everything, cut into pages, then paint (the page count is known by then)


@dataclass(slots=True)
class _Page:
    ops: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Spec:
    numeric: bool  # right-aligned
    fixed: bool  # never narrower than its widest value (numbers, dates, phones)


@dataclass(slots=True)
class _ColumnLayout:
    x: float
    width: float
    numeric: bool


class _Fonts:
    def __init__(self, language: str, device: QPagedPaintDevice) -> None:
        families = font_families(language)

        def make(size: float, bold: bool = False) -> QFont:
            font = QFont()
            font.setFamilies(families)
            font.setPointSizeF(size)
            font.setBold(bold)
            font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
            return font

        self.fonts = {
            "title": make(17, True),
            "subtitle": make(11.5),
            "h2": make(11, True),
            "body": make(8),
            "bold": make(8, True),
            "small": make(7),
            "page": make(7.5),
            "page_bold": make(7.5, True),
        }
        self.metrics = {k: QFontMetricsF(f, device) for k, f in self.fonts.items()}
        self.lines = {k: m.lineSpacing() for k, m in self.metrics.items()}
        self.ascent = {k: m.ascent() for k, m in self.metrics.items()}
        # Tables repeat values (days, regions, counts): measure each text once.
        self._widths: dict[str, dict[str, float]] = {k: {} for k in self.fonts}

    def width(self, key: str, text: str) -> float:
        cache = self._widths[key]
        w = cache.get(text)
        if w is None:
            w = cache[text] = self.metrics[key].horizontalAdvance(text)
        return w

    def line(self, key: str) -> float:
        return self.lines[key]


class _Layout:
    """Places blocks top to bottom; a block that does not fit starts a new page."""

    def __init__(
        self,
        report: MonthlyReport,
        device: QPagedPaintDevice,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.report = report
        self.device: QPagedPaintDevice | None = device
        self._cancelled = cancelled or (lambda: False)
        self.pt = device.logicalDpiY() / 72.0
        self.width = float(device.width())
        self.height = float(device.height())
        self.f = _Fonts(report.language, device)
        self.top = self.f.line("page_bold") + 6 * self.pt  # below the running header
        self.bottom = self.height - self.f.line("page") - 6 * self.pt  # above the footer
        self.pages: list[_Page] = [_Page()]
        self.y = self.top
        self.pad = 3 * self.pt  # inside a table cell, left and right

    # --- primitives ---

    @property
    def ops(self) -> list[tuple[Any, ...]]:
        return self.pages[-1].ops

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = self.top

    def room(self) -> float:
        return self.bottom - self.y

    def ensure(self, height: float) -> None:
        if height > self.room() and self.y > self.top:
            self.new_page()

    def text(
        self,
        rect: QRectF,
        text: str,
        font: str = "body",
        color: QColor = INK,
        flags: int = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
    ) -> None:
        self.ops.append(("text", rect, flags, font, color, text))

    def wrapped_height(self, text: str, font: str, width: float, flags: int = 0) -> float:
        flags = flags or _WORDS
        if self.f.width(font, text) <= width:
            return self.f.line(font)
        rect = self.f.metrics[font].boundingRect(QRectF(0, 0, width, 1e7), flags, text)
        return max(self.f.line(font), rect.height())

    def paragraph(self, text: str, font: str = "body", color: QColor = INK, gap: float = 0) -> None:
        h = self.wrapped_height(text, font, self.width)
        self.ensure(h)
        flags = int(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        )
        self.text(QRectF(0, self.y, self.width, h), text, font, color, flags)
        self.y += h + gap

    def heading(self, text: str) -> float:
        h = self.f.line("h2") + 4 * self.pt
        self.text(QRectF(0, self.y, self.width, h), text, "h2", ACCENT)
        self.y += h + 2 * self.pt
        return h + 2 * self.pt

    # --- blocks ---

    def title_block(self) -> None:
        r = self.report
        self.paragraph(r.title, "title", INK, 1 * self.pt)
        subtitle = f"{r.shop_name} · {r.month_label}" if r.shop_name else r.month_label
        self.paragraph(subtitle, "subtitle", ACCENT, 3 * self.pt)
        meta = (
            f"{r.text('period')}: {r.period_label}    {r.text('figures_as_of')}: "
            f"{r.as_of.isoformat()}    {r.text('generated', today=r.today.isoformat())}"
        )
        if r.currency:
            meta += f"    {r.text('currency')}: {r.currency}"
        self.paragraph(meta, "small", MUTED, 6 * self.pt)

    def notes_block(self) -> None:
        for note in self.report.notes:
            color = (
                WARN
                if self.report.full_contact and note == self.report.text("note_full")
                else MUTED
            )
            self.paragraph("• " + note, "small", color, 1.5 * self.pt)
        self.y += 6 * self.pt

    def kpi_block(self) -> None:
        r = self.report
        header = [
            r.text("indicator"),
            r.text("this_month"),
            r.text("previous_month"),
            r.text("change"),
            r.text("same_month_last_year"),
            r.text("change"),
        ]
        rows = [
            [
                k.label,
                format_value(k.current, k.kind, r),
                format_value(k.previous, k.kind, r),
                format_change(k.change_vs_previous, k.kind, r),
                format_value(k.last_year, k.kind, r),
                format_change(k.change_vs_last_year, k.kind, r),
            ]
            for k in r.kpis
        ]
        specs = [_Spec(False, False)] + [_Spec(True, True)] * 5
        self.grid(r.text("kpis"), header, rows, specs, bold_column=1, stretch=True)

    def chart_block(self) -> None:
        r = self.report
        keys = {c.key for c in r.charts}
        gap = 8 * self.pt
        inch = 72 * self.pt
        full = self.width
        half = (self.width - gap) / 2
        rows: list[list[tuple[str, float]]] = []
        if "daily_sales" in keys:
            rows.append([("daily_sales", full)])
        pair = [(k, half) for k in ("platforms", "tiers") if k in keys]
        if pair:
            rows.append(pair)
        if "rfm" in keys:
            rows.append([("rfm", full)])
        first = True
        for row in rows:
            height = 2.55 * inch
            need = height + (self.heading_height() if first else 0)
            self.ensure(need)
            if first:
                self.heading(r.text("charts"))
                first = False
            x = 0.0
            for key, w in row:
                fig = charts.report_figure(r, key, size=(w / inch, height / inch))
                rect = QRectF(x, self.y, w, height)
                self.ops.append(("picture", _svg_picture(charts.figure_svg(fig), rect)))
                x += w + gap
            self.y += height + gap

    def heading_height(self) -> float:
        return self.f.line("h2") + 6 * self.pt

    def table_block(self, table: Table) -> None:
        r = self.report
        header = [c.label for c in table.columns]
        kinds = [c.kind for c in table.columns]
        rows = [
            [_short(format_value(v, k, r)) for v, k in zip(row, kinds, strict=True)]
            for row in table.rows
        ]
        specs = [
            _Spec(
                numeric=c.kind in _NUMERIC,
                fixed=c.kind in _NUMERIC or c.kind in (DATE, DATETIME) or c.key in _FIXED_KEYS,
            )
            for c in table.columns
        ]
        stretch = len(table.columns) > 4
        self.grid(table.title, header, rows, specs, empty=table.empty_text, stretch=stretch)

    # --- the table engine ---

    def columns(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        specs: Sequence[_Spec],
        stretch: bool,
        bold_column: int | None = None,
    ) -> list[_ColumnLayout]:
        """Column widths: everything on one line when it fits; else headers wrap at words;
        else text columns (names, addresses) give way and wrap, numbers and dates never do."""
        # Measured widths plus a little slack: PDF glyph advances differ from the metrics by a
        # fraction of a point, which must not wrap a cell that was measured to fit.
        pad = 3 * self.pt + 0.75 * self.pt
        fonts = ["bold" if i == bold_column else "body" for i in range(len(header))]
        cell = [max((self.f.width(fonts[i], row[i]) for row in rows), default=0.0)
                for i in range(len(header))]  # fmt: skip
        word = [max(self.f.width("bold", w) for w in (h.split() or [""])) for h in header]
        head = [self.f.width("bold", h) for h in header]
        desired = [max(c, h, 14 * self.pt) + 2 * pad for c, h in zip(cell, head, strict=True)]
        least = [max(c, w, 14 * self.pt) + 2 * pad for c, w in zip(cell, word, strict=True)]
        room = self.width
        if sum(desired) <= room:
            widths = desired
            if stretch:
                extra = room - sum(desired)
                widths = [w + extra * w / sum(desired) for w in desired]
        elif sum(least) <= room:
            # Headers wrap at word boundaries; what is left goes to the columns that want it.
            spare = room - sum(least)
            want = [d - m for d, m in zip(desired, least, strict=True)]
            widths = [m + spare * w / sum(want) for m, w in zip(least, want, strict=True)]
        else:
            # Numbers, dates and phones keep their width; the text columns share the rest, the
            # widest giving way first (a common cap), so short ones (a platform) never wrap.
            fixed = sum(m for m, sp in zip(least, specs, strict=True) if sp.fixed)
            flexible = sorted(m for m, sp in zip(least, specs, strict=True) if not sp.fixed)
            cap = _water_level(flexible, max(room - fixed, 0.25 * room))
            widths = [m if sp.fixed else min(m, cap) for m, sp in zip(least, specs, strict=True)]
            if sum(widths) > room:  # even numbers and dates do not fit: shrink everything
                widths = [w * room / sum(widths) for w in widths]
        out, x = [], 0.0
        for w, sp in zip(widths, specs, strict=True):
            out.append(_ColumnLayout(x, w, sp.numeric))
            x += w
        return out

    def row_height(
        self,
        cells: Sequence[str],
        cols: Sequence[_ColumnLayout],
        font: str,
        flags: int,
        bold_column: int | None = None,
    ) -> float:
        pad2 = 2 * self.pad
        h = self.f.line(font)
        width = self.f.width
        for i, (text, col) in enumerate(zip(cells, cols, strict=True)):
            key = "bold" if i == bold_column else font
            if text and width(key, text) > col.width - pad2:
                wrap = self.wrap_flags(text, key, col.width - pad2, flags)
                h = max(h, self.wrapped_height(text, key, col.width - pad2, wrap))
        return h + 3.2 * self.pt

    def wrap_flags(self, text: str, font: str, width: float, flags: int) -> int:
        """Break anywhere only a cell with a word too long for its column (a name without
        spaces); text with spaces breaks between words, so 1,000.00 never splits in two."""
        if flags != _ANYWHERE or all(self.f.width(font, w) <= width for w in text.split()):
            return flags & ~int(Qt.TextFlag.TextWrapAnywhere)
        return flags

    def draw_row(
        self,
        cells: Sequence[str],
        cols: Sequence[_ColumnLayout],
        height: float,
        font: str,
        wrap: int,
        fill: QColor | None,
        bold_column: int | None = None,
    ) -> None:
        pad = self.pad
        y = self.y
        ops = self.ops
        if fill is not None:
            ops.append(("fill", QRectF(0, y, cols[-1].x + cols[-1].width, height), fill))
        # A cell on one line is drawn at a point (measured already): several times faster than
        # laying out text in a rectangle, which only wrapped cells need.
        line = self.f.line(font)
        baseline = y + (height - line) / 2 + self.f.ascent[font]
        for i, (text, col) in enumerate(zip(cells, cols, strict=True)):
            if not text:
                continue
            key = "bold" if i == bold_column else font
            inner = col.width - 2 * pad
            w = self.f.width(key, text)
            if w <= inner:
                x = col.x + pad + (inner - w if col.numeric else 0.0)
                ops.append(("at", QPointF(x, baseline), key, INK, text))
            else:
                flags = (_RIGHT if col.numeric else _LEFT) | self.wrap_flags(text, key, inner, wrap)
                ops.append(("text", QRectF(col.x + pad, y, inner, height), flags, key, INK, text))
        self.y += height

    def grid(
        self,
        title: str,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        specs: Sequence[_Spec],
        *,
        empty: str = "",
        bold_column: int | None = None,
        stretch: bool = False,
    ) -> None:
        if not rows:
            self.ensure(self.heading_height() + self.f.line("body") * 2)
            self.heading(title)
            self.paragraph(empty, "body", MUTED, 8 * self.pt)
            return
        cols = self.columns(header, rows, specs, stretch, bold_column)
        right = cols[-1].x + cols[-1].width
        head_h = self.row_height(header, cols, "bold", _WORDS)
        heights = [self.row_height(row, cols, "body", _ANYWHERE, bold_column) for row in rows]

        def start(continued: bool) -> None:
            more = self.report.text("continued")
            # "New customers (continued)", "新客户（续）": a full-width bracket needs no space.
            gap = "" if more.startswith("（") else " "
            self.heading(f"{title}{gap}{more}" if continued else title)
            self.draw_row(header, cols, head_h, "bold", _WORDS, HEAD_FILL)
            self.ops.append(("line", QPointF(0, self.y), QPointF(right, self.y), RULE))

        self.ensure(self.heading_height() + head_h + heights[0])
        start(False)
        for i, (row, h) in enumerate(zip(rows, heights, strict=True)):
            if h > self.room():
                self.new_page()
                start(True)
            self.draw_row(row, cols, h, "body", _ANYWHERE, ZEBRA if i % 2 else None, bold_column)
        self.ops.append(("line", QPointF(0, self.y), QPointF(right, self.y), RULE))
        self.y += 10 * self.pt

    # --- the whole report ---

    def run(self) -> list[_Page]:
        self.title_block()
        self.notes_block()
        self.kpi_block()
        self.check_cancelled()
        self.chart_block()
        for table in self.report.tables:
            self.check_cancelled()
            if table.in_pdf:
                self.table_block(table)
        return self.pages

    def check_cancelled(self) -> None:
        if self._cancelled():
            raise JobCancelled()


def _short(text: str, limit: int = 300) -> str:
    """A cell's text, cut with "…" past `limit` characters (a row must fit on a page)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _water_level(widths: Sequence[float], room: float) -> float:
    """The cap c with sum(min(w, c)) == room (widths sorted ascending)."""
    left = room
    for i, w in enumerate(widths):
        share = left / (len(widths) - i)
        if w > share:
            return share
        left -= w
    return widths[-1] if widths else room


def _svg_picture(svg: bytes, rect: QRectF) -> QPicture:
    """A chart's SVG recorded once, in page coordinates, for painting any number of times
    (parsing and rendering the SVG on every paint cost ~50 ms a chart)."""
    picture = QPicture()
    renderer = QSvgRenderer(QByteArray(svg))
    if renderer.isValid():
        painter = QPainter(picture)
        renderer.render(painter, rect)
        painter.end()
    return picture


def _paint_page(painter: QPainter, layout: _Layout, page: _Page, number: int, total: int) -> None:
    r = layout.report
    fonts = layout.f.fonts
    pt = layout.pt
    w = layout.width
    # Running header and footer.
    line_h = layout.f.line("page_bold")
    painter.setFont(fonts["page_bold"])
    painter.setPen(INK)
    left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    painter.drawText(QRectF(0, 0, w / 2, line_h), left, r.shop_name or "Desktop CRM")
    painter.setFont(fonts["page"])
    painter.setPen(MUTED)
    painter.drawText(QRectF(w / 2, 0, w / 2, line_h), right, f"{r.title} · {r.month_label}")
    painter.setPen(QPen(RULE, 0.6 * pt))
    painter.drawLine(QPointF(0, line_h + 2 * pt), QPointF(w, line_h + 2 * pt))
    foot_h = layout.f.line("page")
    foot_y = layout.height - foot_h
    painter.drawLine(QPointF(0, foot_y - 2 * pt), QPointF(w, foot_y - 2 * pt))
    footer = r.text("generated", today=r.today.isoformat())
    if r.full_contact:
        footer += " · " + r.text("footer_full")
    painter.setPen(WARN if r.full_contact else MUTED)
    painter.drawText(QRectF(0, foot_y, w * 0.7, foot_h), left, footer)
    painter.setPen(MUTED)
    painter.drawText(QRectF(w * 0.6, foot_y, w * 0.4, foot_h), right,
                     r.text("page_of", n=number, m=total))  # fmt: skip
    # The page's content.
    current_font = None
    current_pen = None
    for op in page.ops:
        kind = op[0]
        if kind == "at":
            _k, point, font, color, text = op
            if font != current_font:
                painter.setFont(fonts[font])
                current_font = font
            if color is not current_pen:
                painter.setPen(color)
                current_pen = color
            painter.drawText(point, text)
        elif kind == "text":
            _k, rect, flags, font, color, text = op
            if font != current_font:
                painter.setFont(fonts[font])
                current_font = font
            if color is not current_pen:
                painter.setPen(color)
                current_pen = color
            painter.drawText(rect, flags, text)
        elif kind == "fill":
            painter.fillRect(op[1], op[2])
        elif kind == "line":
            painter.setPen(QPen(op[3], 0.6 * pt))
            current_pen = None
            painter.drawLine(op[1], op[2])
        elif kind == "picture":
            # QPicture plays back scaled by the device's DPI over its own (96): undo that, the
            # picture was recorded in this page's coordinates.
            picture, device = op[1], painter.device()
            painter.save()
            painter.scale(
                picture.logicalDpiX() / device.logicalDpiX(),
                picture.logicalDpiY() / device.logicalDpiY(),
            )
            painter.drawPicture(0, 0, picture)
            painter.restore()


@dataclass(slots=True)
class MonthlyPages:
    """The report laid out for a page geometry: every page's drawing operations, charts drawn.

    Made by `lay_out_monthly` (on any thread: a worker lays out on a QPdfWriter of the same
    geometry as the GUI's printer), painted by `paint_monthly` on a device of that geometry.
    """

    report: MonthlyReport
    geometry: tuple[int, int, int, int]  # width, height, logical dpi x and y of the device
    layout: _Layout
    pages: list[_Page]

    @property
    def count(self) -> int:
        return len(self.pages)


def _geometry(device: QPagedPaintDevice) -> tuple[int, int, int, int]:
    return (device.width(), device.height(), device.logicalDpiX(), device.logicalDpiY())


def lay_out_monthly(
    report: MonthlyReport,
    device: QPagedPaintDevice,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> MonthlyPages:
    """Measure and cut the report into pages of `device`, without painting anything.

    The charts are drawn here, once (matplotlib to SVG, then recorded as a QPicture), so
    painting the pages later is only replaying operations. `device` may be a QPdfWriter on a
    worker thread whose page layout and resolution are those of the printer it is for.

    Raises:
        JobCancelled: `cancelled()` became true between two blocks.
    """
    ensure_gui_application()
    layout = _Layout(report, device, cancelled)
    pages = layout.run()
    geometry = _geometry(device)
    layout.device = None  # a worker's QPdfWriter dies with the worker's call
    return MonthlyPages(report, geometry, layout, pages)


def paint_monthly(
    laid_out: MonthlyPages,
    device: QPagedPaintDevice,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Paint pages laid out by `lay_out_monthly` on `device`; returns the pages painted.

    A device of another geometry (a printer the user set to Letter, 600 dpi) gets the report
    laid out again for it. Painting stops after the page during which `cancelled()` became
    true (the pages so far are kept: a print preview cannot be half-cancelled otherwise).

    Raises:
        CrmError: the device cannot be painted on (e.g. a printer that went away).
    """
    if _geometry(device) != laid_out.geometry:
        laid_out = lay_out_monthly(laid_out.report, device)
    layout, pages = laid_out.layout, laid_out.pages
    painter = QPainter()
    if not painter.begin(device):
        raise CrmError("The report could not be drawn: the printer or file is not ready.")
    painted = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        total = len(pages)
        for number, page in enumerate(pages, 1):
            if number > 1 and not device.newPage():
                raise CrmError("The report could not be drawn: a new page was refused.")
            _paint_page(painter, layout, page, number, total)
            painted = number
            if progress is not None:
                progress(number, total)
            if cancelled is not None and cancelled():
                break
    finally:
        painter.end()
    return painted


def render_monthly(
    report: MonthlyReport,
    device: QPagedPaintDevice,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Lay the report out on `device` (a QPdfWriter, or a QPrinter from views/) and paint it.

    The device's own page size, margins and resolution are used; the caller sets them (A4 with
    `page_layout()` for the same pages as the PDF). Returns the number of pages.

    Raises:
        CrmError: the device cannot be painted on (e.g. a printer that went away).
    """
    return paint_monthly(lay_out_monthly(report, device), device, progress=progress)
