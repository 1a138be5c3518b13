"""The dashboard: KPI cards with the change against the previous period, and charts.

Figures are computed on the JobRunner's worker (`compute_dashboard`, plain services) and drawn
on the GUI thread; while a job runs the page says "Computing…" and stays usable. Charts are
matplotlib `Figure`s in FigureCanvasQTAgg (never pyplot). matplotlib is imported by the first
job, on the worker, not at start-up nor on the GUI thread (its import costs about 0.75 s,
DESIGN §7). The six charts are drawn in turns of the event loop, each in three: its artists,
their layout, its pixels, so the window keeps answering while they are (at most about 100 ms
a turn at 100,000 customers; the monthly chart took 190 ms in one).

Clicking a bar or slice (or choosing it from the chart's "Show customers" menu, for keyboard
users) emits `customers_requested(CustomerFilter)` with exactly the filter for those
customers: a tier bar `tier_id`, an RFM bar `rfm_class`, a lifecycle slice `stage`, a province
bar `province`. Stage and RFM class are as of today, as the customer list evaluates them.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError
from desktop_crm.services import analytics, currency, feedback, followups
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.money import SYMBOLS, format_money, format_percent
from desktop_crm.services.settings import store_currency
from desktop_crm.views.customer_analytics_view import (
    rfm_class_name,
    stage_description,
    stage_name,
    words,
)
from desktop_crm.views.jobs import QUEUED, JobRunner, while_alive
from desktop_crm.views.labels import tier_display_name, with_count
from desktop_crm.views.ui_state import UiState

THIS_MONTH = "this_month"
LAST_MONTH = "last_month"
LAST_3_MONTHS = "last_3_months"
LAST_12_MONTHS = "last_12_months"
CUSTOM = "custom"
PERIODS = (THIS_MONTH, LAST_MONTH, LAST_3_MONTHS, LAST_12_MONTHS, CUSTOM)
PERIOD_KEY = "dashboard/period"
CUSTOM_DELAY_MS = 400
TOP_PROVINCES = 10
CHART_ORDER = ("monthly", "stages", "rfm", "tiers", "provinces", "ratings")
_DONE = object()  # the end of _chart_steps
# The charts' steps are timers of 1 ms, not 0: zero timers are posted events, which Qt
# delivers before any timer falls due, so the steps ran back to back (0.2 s) before a timer
# of the window's (a cursor's blink, a progress's tick) could run.
STEP_MS = 1

UP_COLOR = "#2e7d32"
DOWN_COLOR = "#c62828"
PALETTE = (
    "#2f6db5", "#e07b39", "#3a9e6f", "#c8475a", "#7d5ba6", "#8c6d46", "#d06fb0", "#6f7c85",
    "#b5b32f", "#2fb0c0",
)  # fmt: skip
STAGE_COLORS = {
    analytics.PROSPECT: "#9e9e9e",
    analytics.NEW: "#3a9e6f",
    analytics.ACTIVE: "#2f6db5",
    analytics.SLEEPING: "#e0a030",
    analytics.LOST: "#c8475a",
}
# Latin first (DejaVu Sans ships with matplotlib), then the CJK families of Linux, Windows and
# macOS: matplotlib falls back glyph by glyph along the list. Only installed ones are named.
LATIN_FAMILIES = ("DejaVu Sans",)
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Noto Sans CJK JP",
)


# --------------------------------------------------------------------------------------------
# Periods and figures (no Qt: they run on the worker)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_range(
    kind: str, today: date, custom: tuple[date, date] | None = None
) -> tuple[date, date]:
    """[start, end) of a period choice; `custom` is (first day, last day), inclusive."""
    this_start, next_start = analytics.month_range(today)
    if kind == LAST_MONTH:
        return _add_months(this_start, -1), this_start
    if kind == LAST_3_MONTHS:
        return _add_months(this_start, -2), next_start
    if kind == LAST_12_MONTHS:
        return _add_months(this_start, -11), next_start
    if kind == CUSTOM and custom is not None:
        first, last = sorted(custom)
        return first, last + timedelta(days=1)
    return this_start, next_start


def comparison_range(start: date, end: date, today: date) -> tuple[date, date]:
    """The period to compare [start, end) with: the one before it, cut to the same number of
    days while [start, end) is still running, its last day included (this month so far
    against the same days of last month, not against all of it)."""
    prev_start, prev_end = analytics.previous_period(start, end)
    tomorrow = today + timedelta(days=1)
    if start < tomorrow <= end:
        prev_end = min(prev_end, prev_start + (tomorrow - start))
    return prev_start, prev_end


@dataclass(frozen=True, slots=True)
class TierBar:
    """One tier of the tier chart."""

    tier_id: int
    name: str
    customers: int


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Everything the dashboard shows, computed in one job (money in minor units)."""

    today: date
    start: date
    end: date  # exclusive
    prev_start: date
    prev_end: date
    currency: str | None
    current: analytics.PeriodKpis
    previous: analytics.PeriodKpis
    satisfaction: feedback.Satisfaction
    satisfaction_previous: feedback.Satisfaction
    points_outstanding: int | None  # None: no loyalty schema
    followups_open: int
    followups_overdue: int
    monthly: list[analytics.MonthPoint]
    tiers: list[TierBar]
    rfm: dict[str, int]
    stages: dict[str, int]
    provinces: list[analytics.GroupFigure]
    all_customers: int = 0
    # Purchases in a currency with no conversion rate: left out of every figure (DESIGN §2).
    uncounted: list[currency.Uncounted] = field(default_factory=list)
    uncounted_in_period: int = 0  # how many of those purchases fall in [start, end)
    computed_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))


def compute_dashboard(
    start: date,
    end: date,
    *,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> DashboardData:
    """Every dashboard figure for [start, end) on `today` (services only; run off the GUI)."""
    step = progress or (lambda _done, _total: None)
    steps = 6
    prev_start, prev_end = comparison_range(start, end, today)
    current = analytics.period_kpis(start, end, today=today)
    previous = analytics.period_kpis(prev_start, prev_end, today=today)
    step(1, steps)
    last_day = max(start, end - timedelta(days=1))
    sat = feedback.satisfaction(start, last_day)
    sat_prev = feedback.satisfaction(prev_start, max(prev_start, prev_end - timedelta(days=1)))
    step(2, steps)
    points: int | None = None
    tiers: list[TierBar] = []
    if analytics.has_tiers():
        # Imported here: loyalty is optional schema (migration 0003), as in services.analytics.
        from desktop_crm.services import loyalty, loyalty_tiers

        points = loyalty.points_outstanding(today)
        ids = {t.name: t.id for t in loyalty_tiers.list_tiers()}
        tiers = [
            TierBar(ids[t.name], t.name, t.customers)
            for t in analytics.customers_by_tier()
            if t.name in ids
        ]
    step(3, steps)
    snap = analytics.customer_snapshot(today)
    anchor = min(last_day, today)
    monthly = analytics.monthly_series(anchor, 12)
    step(4, steps)
    provinces = analytics.top_provinces(start, end, limit=TOP_PROVINCES)
    step(5, steps)
    data = DashboardData(
        today=today,
        start=start,
        end=end,
        prev_start=prev_start,
        prev_end=prev_end,
        currency=store_currency(),
        current=current,
        previous=previous,
        satisfaction=sat,
        satisfaction_previous=sat_prev,
        points_outstanding=points,
        followups_open=followups.count_open(),
        followups_overdue=followups.count_overdue(today),
        monthly=monthly,
        tiers=tiers,
        rfm=dict(snap.class_counts),
        stages=dict(snap.stage_counts),
        provinces=provinces,
        all_customers=snap.customers,
        uncounted=currency.uncounted(),
        uncounted_in_period=sum(u.orders for u in currency.uncounted(start, end)),
    )
    step(6, steps)
    return data


# --------------------------------------------------------------------------------------------
# Words


def change_text(
    current: float | None, previous: float | None, *, rate: bool = False
) -> tuple[str, int]:
    """The change against the previous period and its direction (1 up, -1 down, 0 neither).

    Counts and money change by a percentage; rates (repurchase rate, CSAT) by percentage
    points, since a percentage of a percentage misleads.
    """
    if current is None or previous is None:
        return "—", 0
    if rate:
        diff = (current - previous) * 100
        sign = (diff > 0.05) - (diff < -0.05)
        arrow = "▲" if sign > 0 else "▼" if sign < 0 else "="
        return QCoreApplication.translate("DashboardPage", "%1 %2 pts").replace(
            "%1", arrow
        ).replace("%2", f"{abs(diff):.1f}"), sign
    if previous == 0:
        if current == 0:
            return "= 0%", 0
        return QCoreApplication.translate("DashboardPage", "▲ new"), 1
    pct = (current - previous) / abs(previous) * 100
    sign = (pct > 0.05) - (pct < -0.05)
    arrow = "▲" if sign > 0 else "▼" if sign < 0 else "="
    return f"{arrow} {abs(pct):.1f}%", sign


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value)


def _symbol(currency: str | None) -> str:
    return SYMBOLS.get((currency or "").upper(), currency or "")


# --------------------------------------------------------------------------------------------
# matplotlib, loaded on first use


@functools.cache
def chart_families() -> tuple[str, ...]:
    """`font.family` for the charts: installed Latin, then installed CJK families."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    latin = [f for f in LATIN_FAMILIES if f in installed] or ["DejaVu Sans"]
    return (*latin, *(f for f in CJK_FAMILIES if f in installed))


def chart_params() -> dict[str, Any]:
    """rcParams of every dashboard chart (while building it and while drawing it)."""
    return {
        "font.family": list(chart_families()),
        "font.size": 9,
        "axes.unicode_minus": False,  # U+2212 is missing from many CJK fonts
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
    }


@contextmanager
def chart_style() -> Iterator[None]:
    """The chart rcParams; a glyph missing from every installed font is drawn as a box
    silently rather than warned about on each repaint."""
    import matplotlib

    with matplotlib.rc_context(chart_params()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        # A window made very small: the chart is cramped, which is no reason to complain.
        warnings.filterwarnings("ignore", message=r"constrained_layout not applied")
        yield


def load_matplotlib() -> None:
    """Import what the charts need and list the fonts (run on the worker: ~1 s, once)."""
    import matplotlib.figure  # noqa: F401
    import matplotlib.ticker  # noqa: F401
    from matplotlib.backends import backend_qtagg  # noqa: F401

    chart_families()


@functools.cache
def canvas_class() -> type:
    """FigureCanvasQTAgg drawing in `chart_style()` (built on first use: imports matplotlib)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class ChartCanvas(FigureCanvasQTAgg):  # type: ignore[misc]
        _laid_out_at: tuple[float, float] | None = None

        def draw(self) -> None:
            with chart_style():
                super().draw()
            # A full draw answers an idle draw still pending (a resize asked for one): drawn
            # again at the same size, the first charts held the window for 0.4 s.
            self._draw_pending = False

        def lay_out(self) -> None:
            """Place the figure's axes, legends and titles now; `draw_laid_out` renders. (A
            figure without axes has nothing to place, as Figure.draw decides too.)"""
            if self.figure.axes:
                with chart_style():
                    self.figure.get_layout_engine().execute(self.figure)
            self._laid_out_at = tuple(self.figure.get_size_inches())

        def draw_laid_out(self) -> None:
            """Render without laying out again when `lay_out` did it at this size (a full
            draw when the canvas was resized since). Resizes lay out again."""
            figure = self.figure
            engine = figure.get_layout_engine()
            if self._laid_out_at != tuple(figure.get_size_inches()):
                self.draw()
                return
            figure.set_layout_engine("none")
            try:
                self.draw()
            finally:
                figure.set_layout_engine(engine)
                self._laid_out_at = None

    return ChartCanvas


# --------------------------------------------------------------------------------------------
# Widgets


class KpiCard(QFrame):
    """One figure: title, value, change against the previous period, a detail line."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"kpi_{key}")
        self.key = key
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet("color: palette(placeholder-text);")
        self.value_label = QLabel("…")
        self.value_label.setObjectName("value")
        font = self.value_label.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.6)
        font.setBold(True)
        self.value_label.setFont(font)
        self.change_label = QLabel(" ")
        self.change_label.setObjectName("change")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.change_label)

    def set_figure(self, value: str, change: str, sign: int, tooltip: str = "") -> None:
        self.value_label.setText(value)
        self.change_label.setText(change)
        color = UP_COLOR if sign > 0 else DOWN_COLOR if sign < 0 else ""
        self.change_label.setStyleSheet(f"color: {color};" if color else "")
        self.setToolTip(tooltip)

    def title(self) -> str:
        """The card's title, as shown."""
        return self.title_label.text()

    def value(self) -> str:
        return self.value_label.text()

    def change(self) -> str:
        return self.change_label.text()


class ChartBox(QFrame):
    """A chart canvas and, for clickable charts, a "Show customers" menu (the keyboard way)."""

    def __init__(self, key: str, clickable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chart_{key}")
        self.key = key
        self.setFrameShape(QFrame.Shape.StyledPanel)
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5.0, 3.0), dpi=100, layout="constrained")
        self.canvas = canvas_class()(self.figure)
        self.canvas.setMinimumSize(300, 250)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.canvas, 1)
        self.menu_button: QPushButton | None = None
        if clickable:
            # A push button with a menu keeps room for its arrow beside the text (a tool
            # button's arrow was drawn over "customers").
            self.menu_button = QPushButton(self.tr("Show customers"))
            self.menu_button.setObjectName(f"show_{key}")
            self.menu_button.setMenu(QMenu(self.menu_button))
            self.menu_button.setToolTip(
                self.tr("List the customers of a bar or slice (or click it in the chart).")
            )
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.menu_button)
            layout.addLayout(row)


@dataclass(slots=True)
class _Target:
    """What clicking an artist opens."""

    filter: CustomerFilter
    tooltip: str


class DashboardPage(QWidget):
    """KPI cards and charts of a period; clicks on bars and slices open those customers.

    Args:
        runner: computes the figures off the GUI thread.
        ui_state: remembers the chosen period.
        today: the day the figures are for (default: the system date; tests pass one).

    Signals:
        customers_requested(object): a CustomerFilter for exactly the customers of the bar or
            slice clicked (the Customers page shows them).
        figures_updated(): new figures are on screen.
    """

    customers_requested = Signal(object)
    figures_updated = Signal()

    def __init__(
        self,
        runner: JobRunner,
        ui_state: UiState,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DashboardPage")
        self._runner = runner
        self._ui = ui_state
        self._today = today or date.today
        self._token = 0
        self._dirty = True
        self._computing = False
        self.data: DashboardData | None = None
        self.charts: dict[str, ChartBox] = {}
        self._targets: dict[Any, _Target] = {}

        # Period picker
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodCombo")
        for kind, text in (
            (THIS_MONTH, self.tr("This month")),
            (LAST_MONTH, self.tr("Last month")),
            (LAST_3_MONTHS, self.tr("Last 3 months")),
            (LAST_12_MONTHS, self.tr("Last 12 months")),
            (CUSTOM, self.tr("Custom range")),
        ):
            self.period_combo.addItem(text, kind)
        saved = str(self._ui.value(PERIOD_KEY, THIS_MONTH) or THIS_MONTH)
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(saved)))
        day = self._today()
        self.from_edit = QDateEdit(QDate(day.year, day.month, 1))
        self.to_edit = QDateEdit(QDate(day.year, day.month, day.day))
        for edit, name in ((self.from_edit, "fromDate"), (self.to_edit, "toDate")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.to_label = QLabel("–")
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.status_label = QLabel()
        self.status_label.setObjectName("dashboardStatus")
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        self.period_label = QLabel()
        self.period_label.setObjectName("periodLabel")
        period_text = QLabel(self.tr("&Period:"))
        period_text.setBuddy(self.period_combo)
        top = QHBoxLayout()
        top.addWidget(period_text)
        top.addWidget(self.period_combo)
        top.addWidget(self.from_edit)
        top.addWidget(self.to_label)
        top.addWidget(self.to_edit)
        top.addWidget(self.period_label)
        top.addStretch(1)
        top.addWidget(self.status_label)
        top.addWidget(self.refresh_button)

        # KPI cards
        self.cards: dict[str, KpiCard] = {}
        self.cards_grid = QGridLayout()
        self.cards_grid.setSpacing(6)
        for key, title in (
            ("customers", self.tr("Buyers to date")),
            ("new_customers", self.tr("New customers")),
            ("active_customers", self.tr("Active customers")),
            ("repurchase_rate", self.tr("Repurchase rate")),
            ("aov", self.tr("Average order value")),
            ("net_sales", self.tr("Net sales")),
            ("points", self.tr("Points outstanding")),
            ("followups", self.tr("Open follow-ups")),
            ("csat", self.tr("Satisfaction (CSAT)")),
        ):
            self.cards[key] = KpiCard(key, title)
        self._place_cards(loyalty=analytics.has_tiers())

        # Charts (built when first shown)
        self.charts_grid = QGridLayout()
        self.charts_grid.setSpacing(6)
        self.placeholder = QLabel(self.tr("Computing…"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.charts_grid.addWidget(self.placeholder, 0, 0)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(self.cards_grid)
        body_layout.addLayout(self.charts_grid, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame: no Tab stop of its own
        self.scroll.setWidget(body)
        # DESIGN §2: orders in another currency are left out "with a visible warning".
        self.currency_warning = QLabel()
        self.currency_warning.setObjectName("currencyWarning")
        self.currency_warning.setWordWrap(True)
        self.currency_warning.setStyleSheet("color: #b26a00;")
        self.currency_warning.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.currency_warning)
        layout.addWidget(self.scroll, 1)

        self._custom_timer = QTimer(self)
        self._custom_timer.setSingleShot(True)
        self._custom_timer.setInterval(CUSTOM_DELAY_MS)
        self._custom_timer.timeout.connect(self.refresh)
        self.period_combo.currentIndexChanged.connect(self._on_period_combo_current_index_changed)
        self.from_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.to_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self._update_custom_visibility()

    # --- layout --------------------------------------------------------------------------
    def _place_cards(self, *, loyalty: bool) -> None:
        for card in self.cards.values():
            self.cards_grid.removeWidget(card)
        keys = [k for k in self.cards if loyalty or k != "points"]
        self.cards["points"].setVisible(loyalty)
        per_row = 5
        for i, key in enumerate(keys):
            self.cards_grid.addWidget(self.cards[key], i // per_row, i % per_row)

    def _build_charts(self) -> None:
        if self.charts:
            return
        self.charts_grid.removeWidget(self.placeholder)
        self.placeholder.hide()
        specs = (
            ("monthly", False),
            ("stages", True),
            ("rfm", True),
            ("tiers", True),
            ("provinces", True),
            ("ratings", False),
        )
        for i, (key, clickable) in enumerate(specs):
            box = ChartBox(key, clickable)
            box.canvas.mpl_connect("pick_event", self._on_canvas_pick)
            box.canvas.mpl_connect(
                "motion_notify_event", functools.partial(self._on_canvas_motion, box)
            )
            self.charts[key] = box
            self.charts_grid.addWidget(box, i // 2, i % 2)
        # Shown and laid out now (the scroll area's bar included), so each chart is first
        # drawn at its size: drawn at the figure's, then again as the layout and the bar
        # resized it, the first charts held the window for 0.4 s.
        for box in self.charts.values():
            box.show()
        for _settle in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    # --- periods -------------------------------------------------------------------------
    def period_kind(self) -> str:
        return str(self.period_combo.currentData())

    def set_period(self, kind: str, custom: tuple[date, date] | None = None) -> None:
        """Choose a period (and the custom range's first and last day)."""
        if custom is not None:
            for edit, day in zip((self.from_edit, self.to_edit), custom, strict=True):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        index = self.period_combo.findData(kind)
        if index == self.period_combo.currentIndex():
            self.refresh()
        else:
            self.period_combo.setCurrentIndex(index)

    def period(self) -> tuple[date, date]:
        """[start, end) of the chosen period."""
        custom = (self.from_edit.date().toPython(), self.to_edit.date().toPython())
        return period_range(self.period_kind(), self._today(), custom)

    def _update_custom_visibility(self) -> None:
        custom = self.period_kind() == CUSTOM
        for widget in (self.from_edit, self.to_label, self.to_edit):
            widget.setVisible(custom)
        self.period_label.setVisible(not custom)

    def _on_period_combo_current_index_changed(self, _index: int) -> None:
        self._ui.set_value(PERIOD_KEY, self.period_kind())
        self._update_custom_visibility()
        self.refresh()

    def _on_date_edit_date_changed(self, _date: QDate) -> None:
        if self.period_kind() == CUSTOM:
            self._custom_timer.start()

    # --- computing -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The charts are built when the first figures arrive: the job imports matplotlib.
        if self._dirty:
            self.refresh()

    def is_computing(self) -> bool:
        return self._computing

    def refresh(self) -> None:
        """Recompute the figures (when hidden: the next time the page is shown)."""
        self._custom_timer.stop()
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        self._token += 1
        token = self._token
        start, end = self.period()
        today = self._today()
        last = end - timedelta(days=1)
        self.period_label.setText(f"{start.isoformat()} – {last.isoformat()}")

        def work(progress: Any, _cancelled: Any) -> DashboardData:
            data = compute_dashboard(start, end, today=today, progress=progress)
            load_matplotlib()  # here, not on the GUI thread (the first time only)
            return data

        self._computing = True
        self.status_label.setText(self.tr("Computing…"))
        job = self._runner.submit(work)
        # Queued: the job's signals come from the worker thread (views/jobs.py).
        job.succeeded.connect(
            while_alive(self, lambda data, t=token: self._on_job_succeeded(t, data)), QUEUED
        )
        job.failed.connect(
            while_alive(self, lambda exc, t=token: self._on_job_failed(t, exc)), QUEUED
        )

    def _on_job_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self._computing = False
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        self.status_label.setText(
            self.tr("The figures could not be computed: %1").replace("%1", message)
        )
        if not isinstance(exc, CrmError):
            raise exc  # a bug: the error dialog (sys.excepthook) reports it

    def _on_job_succeeded(self, token: int, data: DashboardData) -> None:
        if token != self._token:
            return  # an older request (the period changed meanwhile)
        self.data = data
        self._show_currency_warning(data.uncounted, data.uncounted_in_period)
        self._show_cards(data)
        self._build_charts()
        self._targets.clear()
        # The first chart at the next turn too: the cards and the new charts' layout are
        # painted first, not in the same turn as a draw (the first one loads the fonts).
        steps = self._chart_steps(data)
        QTimer.singleShot(STEP_MS, self, lambda: self._draw_next_chart(token, steps))

    def _chart_steps(self, d: DashboardData) -> Iterator[None]:
        """Every chart in three steps: its artists, their layout, its pixels."""
        for key in CHART_ORDER:
            self._compose_chart(key, d)
            yield
            self.charts[key].canvas.lay_out()
            yield
            self._render_chart(key)
            yield

    def _draw_next_chart(self, token: int, steps: Iterator[None]) -> None:
        """One step of drawing the charts, then the next at the next turn of the event loop."""
        data = self.data
        if token != self._token or data is None:
            return  # a newer request: its own charts follow
        if next(steps, _DONE) is not _DONE:
            # With `self` as context: a page deleted meanwhile gets no call.
            QTimer.singleShot(STEP_MS, self, lambda: self._draw_next_chart(token, steps))
            return
        self._computing = False
        self.status_label.setText(
            self.tr("Updated %1").replace("%1", data.computed_at.strftime("%H:%M"))
        )
        self.figures_updated.emit()

    def _show_currency_warning(self, left_out: list[currency.Uncounted], in_period: int) -> None:
        if not left_out:
            self.currency_warning.hide()
            return
        orders = sum(u.orders for u in left_out)
        text = self.tr(
            "%n purchase(s) in %1 are left out of every figure: no conversion rate is set. "
            "Give one in Settings ▸ Currency.",
            "",
            orders,
        ).replace("%1", ", ".join(u.currency for u in left_out))
        if in_period:
            text += " " + self.tr("%n of them in this period.", "", in_period)
        else:
            text += " " + self.tr("None of them in this period.")
        self.currency_warning.setText(text)
        self.currency_warning.show()

    # --- cards ---------------------------------------------------------------------------
    def _show_cards(self, d: DashboardData) -> None:
        cur, prev, cy = d.current, d.previous, d.currency
        compared = (
            self.tr("Compared with %1 – %2")
            .replace("%1", d.prev_start.isoformat())
            .replace("%2", (d.prev_end - timedelta(days=1)).isoformat())
        )

        def card(key: str, value: str, now: Any, before: Any, tip: str, rate: bool = False) -> None:
            text, sign = change_text(now, before, rate=rate)
            self.cards[key].set_figure(value, text, sign, f"{tip}\n{compared}")

        card(
            "customers", f"{cur.customers:,}", cur.customers, prev.customers,
            self.tr(
                "Customers who had bought by the end of the period (%1 in the database); "
                "%2 of them bought in the period."
            )
            .replace("%1", f"{d.all_customers:,}")
            .replace("%2", f"{cur.purchasing_customers:,}"),
        )  # fmt: skip
        card(
            "new_customers", f"{cur.new_customers:,}", cur.new_customers, prev.new_customers,
            self.tr("Customers whose first purchase is in the period."),
        )  # fmt: skip
        card(
            "active_customers", f"{cur.active_customers:,}", cur.active_customers,
            prev.active_customers,
            self.tr("Customers with a purchase in the 90 days up to the period's end."),
        )  # fmt: skip
        card(
            "repurchase_rate", _percent(cur.repurchase_rate), cur.repurchase_rate,
            prev.repurchase_rate,
            self.tr("Buyers of the period with at least 2 purchases by its end."), rate=True,
        )  # fmt: skip
        card(
            "aov", "—" if cur.aov is None else format_money(cur.aov, cy), cur.aov, prev.aov,
            self.tr("Net sales per purchase."),
        )  # fmt: skip
        card(
            "net_sales", format_money(cur.net_sales, cy), cur.net_sales, prev.net_sales,
            self.tr("Paid minus refunded, purchases of the period (%n order(s)).", "", cur.orders)
            .replace(str(cur.orders), f"{cur.orders:,}", 1),
        )  # fmt: skip
        loyalty = d.points_outstanding is not None
        self._place_cards(loyalty=loyalty)
        if loyalty:
            self.cards["points"].set_figure(
                f"{d.points_outstanding:,}", self.tr("now"), 0,
                self.tr("Points customers hold and could redeem today."),
            )  # fmt: skip
        self.cards["followups"].set_figure(
            f"{d.followups_open:,}",
            self.tr("%1 overdue").replace("%1", f"{d.followups_overdue:,}"),
            -1 if d.followups_overdue else 0,
            self.tr("Open and snoozed follow-ups now."),
        )
        sat, sat_prev = d.satisfaction, d.satisfaction_previous
        card(
            "csat", _percent(sat.csat), sat.csat, sat_prev.csat,
            self.tr("Share of rated feedback with 4 or 5 stars (%1 rated).")
            .replace("%1", f"{sat.rated:,}"),
            rate=True,
        )  # fmt: skip

    # --- charts --------------------------------------------------------------------------
    def _draw_charts(self, d: DashboardData) -> None:
        """Draw every chart now (the page draws them one per event instead)."""
        self._targets.clear()
        for key in CHART_ORDER:
            self._draw_chart(key, d)

    def _draw_chart(self, key: str, d: DashboardData) -> None:
        self._compose_chart(key, d)
        self.charts[key].canvas.lay_out()
        self._render_chart(key)

    def _compose_chart(self, key: str, d: DashboardData) -> None:
        """The chart's artists from the figures (their layout and pixels follow)."""
        box = self.charts[key]
        for artist in [a for a in self._targets if a.figure is box.figure]:
            del self._targets[artist]
        with chart_style():
            box.figure.clear()
            getattr(self, f"_draw_{key}")(box, d)

    def _render_chart(self, key: str) -> None:
        # Rendered at once (not draw_idle): one step per turn, not all six charts in one.
        canvas = self.charts[key].canvas
        canvas.draw_laid_out()
        canvas.update()

    def _clickable(self, box: ChartBox, items: list[tuple[Any, str, CustomerFilter]]) -> None:
        """Make artists pickable and list the same groups in the box's menu."""
        assert box.menu_button is not None
        menu = box.menu_button.menu()
        menu.clear()
        for artist, label, flt in items:
            artist.set_picker(True)
            self._targets[artist] = _Target(flt, label)
            action = QAction(label, menu)
            action.triggered.connect(lambda _checked=False, f=flt: self.customers_requested.emit(f))
            menu.addAction(action)
        box.menu_button.setEnabled(bool(items))

    def _title(self, box: ChartBox, text: str) -> None:
        # A figure title at the left edge: axes titles start after the tick labels, which
        # differ from chart to chart.
        box.figure.suptitle(text, x=0.01, ha="left", fontsize=10, fontweight="bold")

    def _empty(self, ax: Any, text: str) -> None:
        ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#888")
        ax.set_xticks([])
        ax.set_yticks([])

    def _draw_monthly(self, box: ChartBox, d: DashboardData) -> None:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        self._title(box, self.tr("Net sales and new customers by month"))
        ax = box.figure.add_subplot()
        points = d.monthly
        if not any(p.net_sales or p.new_customers for p in points):
            self._empty(ax, self.tr("No sales yet: import your orders (Ctrl+I)"))
            return
        xs = list(range(len(points)))
        sales = [p.net_sales / 100 for p in points]
        bars = ax.bar(xs, sales, color=PALETTE[0], width=0.7, label=self.tr("Net sales"))
        ax.set_xticks(xs, [str(int(p.month[5:7])) for p in points])
        if points:
            ax.set_xlabel(f"{points[0].month} – {points[-1].month}", fontsize=8, color="#666")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        symbol = _symbol(d.currency)
        ax.set_ylabel(
            self.tr("Net sales (%1)").replace("%1", symbol) if symbol else self.tr("Net sales")
        )
        ax2 = ax.twinx()
        ax2.spines["right"].set_visible(True)
        (line,) = ax2.plot(
            xs, [p.new_customers for p in points], color=PALETTE[1], marker="o", markersize=3,
            label=self.tr("New customers"),
        )  # fmt: skip
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax2.set_ylim(bottom=0)
        ax2.set_ylabel(self.tr("New customers"))
        box.figure.legend(
            handles=[bars, line], loc="outside lower center", ncols=2, fontsize=8, frameon=False
        )

    def _draw_stages(self, box: ChartBox, d: DashboardData) -> None:
        self._title(box, self.tr("Lifecycle stages today"))
        ax = box.figure.add_subplot()
        shown = [(code, d.stages.get(code, 0)) for code in analytics.STAGES]
        shown = [(code, n) for code, n in shown if n > 0]
        if not shown:
            self._empty(ax, self.tr("No customers yet"))
            self._clickable(box, [])
            return
        wedges, _texts = ax.pie(
            [n for _c, n in shown],
            colors=[STAGE_COLORS[c] for c, _n in shown],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.45, "edgecolor": "white"},
        )
        ax.set_aspect("equal")
        labels = [with_count(stage_name(c), n) for c, n in shown]
        ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
        self._clickable(
            box,
            [
                (w, f"{stage_name(c)}: {words().customers(n)} — {stage_description(c)}",
                 CustomerFilter(stage=c))
                for w, (c, n) in zip(wedges, shown, strict=True)
            ],
        )  # fmt: skip

    def _hbars(
        self,
        ax: Any,
        labels: list[str],
        values: list[float],
        color: str,
        fmt: Callable[[float], str],
    ) -> list[Any]:
        ys = list(range(len(labels)))
        bars = ax.barh(ys, values, color=color, height=0.65)
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()  # the first group on top
        ax.bar_label(bars, labels=[fmt(v) for v in values], padding=3, fontsize=8)
        ax.margins(x=0.18)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        return list(bars)

    def _draw_rfm(self, box: ChartBox, d: DashboardData) -> None:
        self._title(box, self.tr("RFM classes today"))
        ax = box.figure.add_subplot()
        codes = list(analytics.RFM_CLASSES)
        counts = [d.rfm.get(c, 0) for c in codes]
        if not any(counts):
            self._empty(ax, self.tr("No purchases yet"))
            self._clickable(box, [])
            return
        colors = [PALETTE[0] if c.startswith("important") else PALETTE[9] for c in codes]
        bars = self._hbars(ax, [rfm_class_name(c) for c in codes], counts, PALETTE[0], _count)
        for bar, color in zip(bars, colors, strict=True):
            bar.set_color(color)
        self._clickable(
            box,
            [
                (bar, f"{rfm_class_name(c)}: {words().customers(n)}", CustomerFilter(rfm_class=c))
                for bar, c, n in zip(bars, codes, counts, strict=True)
                if n > 0
            ],
        )

    def _draw_tiers(self, box: ChartBox, d: DashboardData) -> None:
        self._title(box, self.tr("Customers by tier"))
        ax = box.figure.add_subplot()
        if not d.tiers:
            self._empty(ax, self.tr("No membership tiers"))
            self._clickable(box, [])
            return
        if not any(t.customers for t in d.tiers):
            self._empty(ax, self.tr("No customers yet"))
            self._clickable(box, [])
            return
        xs = list(range(len(d.tiers)))
        bars = ax.bar(
            xs, [t.customers for t in d.tiers], color=PALETTE[: len(d.tiers)] or PALETTE[0],
            width=0.6,
        )  # fmt: skip
        ax.set_xticks(xs, [tier_display_name(t.name) for t in d.tiers])
        ax.bar_label(bars, labels=[f"{t.customers:,}" for t in d.tiers], padding=2, fontsize=8)
        ax.margins(y=0.15)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        self._clickable(
            box,
            [
                (
                    bar,
                    f"{tier_display_name(t.name)}: {words().customers(t.customers)}",
                    CustomerFilter(tier_id=t.tier_id),
                )
                for bar, t in zip(bars, d.tiers, strict=True)
                if t.customers > 0
            ],
        )

    def _draw_provinces(self, box: ChartBox, d: DashboardData) -> None:
        self._title(box, self.tr("Top provinces by net sales"))
        ax = box.figure.add_subplot()
        groups = [g for g in d.provinces if g.net_sales > 0 or g.orders > 0]
        if not groups:
            self._empty(ax, self.tr("No sales in this period"))
            self._clickable(box, [])
            return
        unknown = self.tr("Unknown")
        labels = [g.key or unknown for g in groups]
        bars = self._hbars(
            ax, labels, [g.net_sales / 100 for g in groups], PALETTE[2],
            lambda v: format_money(round(v * 100), d.currency),
        )  # fmt: skip
        self._clickable(
            box,
            [
                (
                    bar,
                    self.tr("Customers in %1 (by their address)").replace("%1", g.key),
                    CustomerFilter(province=g.key),
                )
                for bar, g in zip(bars, groups, strict=True)
                if g.key  # "unknown" is no filter: CustomerFilter(province="") means any
            ],
        )

    def _draw_ratings(self, box: ChartBox, d: DashboardData) -> None:
        from matplotlib.ticker import MaxNLocator

        sat = d.satisfaction
        self._title(box, self.tr("Feedback ratings (CSAT %1)").replace("%1", _percent(sat.csat)))
        ax = box.figure.add_subplot()
        if not sat.rated:
            self._empty(ax, self.tr("No rated feedback in this period"))
            return
        stars = list(range(1, 6))
        counts = [sat.histogram.get(s, 0) for s in stars]
        colors = [DOWN_COLOR, "#e07b39", "#b5b32f", "#7cb342", UP_COLOR]
        bars = ax.bar(stars, counts, color=colors, width=0.6)
        ax.set_xticks(stars, [f"{s}★" for s in stars])
        ax.bar_label(bars, labels=[str(n) for n in counts], padding=2, fontsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(y=0.15)

    # --- mouse ---------------------------------------------------------------------------
    def _on_canvas_pick(self, event: Any) -> None:
        mouse = getattr(event, "mouseevent", None)
        if mouse is not None and getattr(mouse, "button", 1) not in (1, None):
            return
        target = self._targets.get(event.artist)
        if target is not None:
            self.customers_requested.emit(target.filter)

    def _on_canvas_motion(self, box: ChartBox, event: Any) -> None:
        hit = None
        if event.inaxes is not None:
            for artist, target in self._targets.items():
                if artist.figure is box.figure and artist.contains(event)[0]:
                    hit = target
                    break
        if hit is None:
            box.canvas.unsetCursor()
            box.canvas.setToolTip("")
        else:
            box.canvas.setCursor(Qt.CursorShape.PointingHandCursor)
            box.canvas.setToolTip(hit.tooltip)

    def target_filters(self, chart: str) -> dict[str, CustomerFilter]:
        """{label: filter} of a chart's clickable groups (as its menu lists them)."""
        box = self.charts.get(chart)
        if box is None or box.menu_button is None:
            return {}
        return {
            target.tooltip: target.filter
            for artist, target in self._targets.items()
            if artist.figure is box.figure
        }

    def artist_for(self, chart: str, flt: CustomerFilter) -> Any:
        """The bar or slice of a chart that opens `flt` (None when there is none)."""
        box = self.charts.get(chart)
        if box is None:
            return None
        for artist, target in self._targets.items():
            if artist.figure is box.figure and target.filter == flt:
                return artist
        return None


def _count(value: float) -> str:
    return f"{int(value):,}"
