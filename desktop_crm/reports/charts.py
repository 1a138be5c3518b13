"""Charts as matplotlib Figures (never pyplot: no global state, no GUI backend).

Used by the PDF/print layout (as SVG, drawn as vectors by QtSvg) and later by the dashboard
(a FigureCanvas in views/). Chinese labels need a CJK font: the font family is a fallback list
of the installed fonts (a Latin family first, then a CJK one), chosen once per process.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from desktop_crm.reports.monthly import MONEY, MonthlyReport, currency_symbol

# Latin first (DejaVu Sans ships with matplotlib), then the CJK families of Linux, Windows and
# macOS; only installed ones are named, so matplotlib never logs "font family not found".
_PREFERRED = (
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Noto Sans CJK JP",
)
PALETTE = (
    "#2f6db5",
    "#e07b39",
    "#3a9e6f",
    "#c8475a",
    "#7d5ba6",
    "#8c6d46",
    "#d06fb0",
    "#6f7c85",
    "#b5b32f",
    "#2fb0c0",
)
LINE_COLOR = PALETTE[0]


@functools.cache
def font_families() -> tuple[str, ...]:
    """The installed families of `_PREFERRED`, in order (DejaVu Sans at least)."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = tuple(f for f in _PREFERRED if f in installed)
    return found or ("DejaVu Sans",)


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """rcParams for building and saving a chart: CJK fallback fonts, plain minus signs."""
    params = {
        "font.family": list(font_families()),
        "font.size": 9,
        "axes.unicode_minus": False,  # U+2212 is missing from many CJK fonts
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "axes.titlesize": 10,
        "svg.hashsalt": "desktop-crm",  # stable ids: the same report gives the same SVG
        "svg.fonttype": "path",  # glyphs as outlines: no font needed to show the chart
    }
    with matplotlib.rc_context(params), warnings.catch_warnings():
        # Without any CJK font, glyphs are missing: say nothing, the chart is still useful.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        yield


def _number_formatter(money: bool, symbol: str) -> FuncFormatter:
    def fmt(value: float, _pos: int) -> str:
        if money:
            return f"{symbol}{value:,.0f}"
        return f"{value:,.0f}"

    return FuncFormatter(fmt)


def _empty(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#777777")
    ax.set_xticks([])
    ax.set_yticks([])


def line_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    money: bool = False,
    symbol: str = "",
    size: tuple[float, float] = (7.0, 2.8),
    empty_text: str = "—",
) -> Figure:
    """A line over categories (e.g. days of a month)."""
    with chart_style():
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        ax.set_title(title, loc="left")
        if not values:
            _empty(ax, empty_text)
            return fig
        xs = list(range(len(values)))
        ax.plot(xs, list(values), color=LINE_COLOR, linewidth=1.6, marker="o", markersize=2.5)
        ax.fill_between(xs, list(values), color=LINE_COLOR, alpha=0.08)
        step = max(1, len(labels) // 16)
        ax.set_xticks(xs[::step], [str(s) for s in labels[::step]])
        ax.set_xlim(-0.5, len(xs) - 0.5)
        ax.set_ylim(bottom=min(0.0, min(values)))
        ax.yaxis.set_major_formatter(_number_formatter(money, symbol))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        return fig


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    money: bool = False,
    symbol: str = "",
    size: tuple[float, float] = (3.4, 2.8),
    empty_text: str = "—",
) -> Figure:
    """Horizontal bars, first label on top, each with its value written beside it."""
    with chart_style():
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        ax.set_title(title, loc="left")
        if not values or not any(values):
            _empty(ax, empty_text)
            return fig
        ys = list(range(len(values)))
        colors = [PALETTE[i % len(PALETTE)] for i in ys]
        bars = ax.barh(ys, list(values), color=colors, height=0.65)
        ax.set_yticks(ys, list(labels))
        ax.invert_yaxis()
        fmt = _number_formatter(money, symbol)
        ax.bar_label(bars, labels=[fmt(v, 0) for v in values], padding=2, fontsize=7)
        ax.xaxis.set_major_formatter(fmt)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_xlim(0, max(values) * 1.25)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        return fig


def pie_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    size: tuple[float, float] = (3.4, 2.8),
    empty_text: str = "—",
) -> Figure:
    """Shares of a whole; a legend names the slices (labels on small slices would overlap)."""
    with chart_style():
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        ax.set_title(title, loc="left")
        shown = [(lab, max(0.0, float(v))) for lab, v in zip(labels, values, strict=True)]
        shown = [(lab, v) for lab, v in shown if v > 0]
        if not shown:
            _empty(ax, empty_text)
            return fig
        wedges, _texts, _pct = ax.pie(
            [v for _l, v in shown],
            colors=[PALETTE[i % len(PALETTE)] for i in range(len(shown))],
            autopct=lambda p: f"{p:.0f}%" if p >= 5 else "",
            pctdistance=0.72,
            startangle=90,
            counterclock=False,
            wedgeprops={"linewidth": 0.8, "edgecolor": "white"},
            textprops={"fontsize": 7, "color": "white"},
        )
        ax.legend(
            wedges,
            [lab for lab, _v in shown],
            loc="center left",
            bbox_to_anchor=(1.0, 0.5),
            frameon=False,
            fontsize=7,
        )
        ax.set_aspect("equal")
        return fig


def report_figure(report: MonthlyReport, key: str, *, size: tuple[float, float]) -> Figure:
    """The figure of one of the report's charts (money in currency units)."""
    chart = next(c for c in report.charts if c.key == key)
    table = report.table(chart.table)
    labels = [str(v) for v in table.values(chart.label_column)]
    raw = table.values(chart.value_column)
    money = chart.unit == MONEY
    values = [float(v or 0) / 100 if money else float(v or 0) for v in raw]
    if chart.key == "daily_sales":
        labels = [str(d.day) for d in table.values(chart.label_column)]
    symbol = currency_symbol(report.currency)
    empty = report.text("empty")
    if chart.kind == "line":
        return line_chart(
            labels, values, title=chart.title, money=money, symbol=symbol, size=size,
            empty_text=empty,
        )  # fmt: skip
    if chart.kind == "pie":
        return pie_chart(labels, values, title=chart.title, size=size, empty_text=empty)
    return bar_chart(
        labels, values, title=chart.title, money=money, symbol=symbol, size=size, empty_text=empty
    )


# A glyph without outline (the space) is written as <path id=".." transform=".."/>: QtSvg warns
# "link #DejaVuSans-20 is undefined" for each use, and an empty path written in its place ends
# up as a bare closepath that PDF readers complain about. It draws nothing: drop it and its uses.
_EMPTY_GLYPH = re.compile(rb'\s*<path id="([^"]+)"(?: transform="[^"]*")?\s*/>')


def figure_svg(fig: Figure) -> bytes:
    """The figure as SVG that QtSvg draws without complaint."""
    buf = io.BytesIO()
    with chart_style():
        fig.savefig(buf, format="svg", metadata={"Date": None})
    data = buf.getvalue()
    empty = set(_EMPTY_GLYPH.findall(data))
    if empty:
        data = _EMPTY_GLYPH.sub(b"", data)
        ids = b"|".join(re.escape(i) for i in sorted(empty))
        data = re.sub(rb'\s*<use xlink:href="#(?:' + ids + rb')"[^>]*/>', b"", data)
    return data


def figure_png(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG (for the GUI's preview or where SVG cannot be drawn)."""
    buf = io.BytesIO()
    with chart_style():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()
