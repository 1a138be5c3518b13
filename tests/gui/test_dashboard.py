"""The dashboard: KPIs of a period, charts computed off the GUI thread, clicks that open exactly
the customers of a bar or slice."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
import threading
import warnings
from datetime import date, datetime
from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt

from desktop_crm.services import customer_list, loyalty, loyalty_tiers
from desktop_crm.services import customers as svc
from desktop_crm.services import feedback as fb
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views import dashboard_page
from desktop_crm.views.customer_filters import CustomerFilterPanel
from desktop_crm.views.dashboard_page import (
    CUSTOM,
    LAST_3_MONTHS,
    LAST_12_MONTHS,
    LAST_MONTH,
    THIS_MONTH,
    DashboardPage,
    change_text,
    comparison_range,
    period_range,
)
from desktop_crm.views.jobs import JobRunner

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
# On TODAY: alice active important_value (Silver); bob lost general_keep, churn warning;
# carol new general_develop; dave sleeping important_winback (Silver); erin active
# general_value, churn warning; frank a prospect. November: alice ¥500 + carol ¥80.
PEOPLE = {
    "alice": (
        "广东省",
        "深圳市",
        [("2026-11-10", 50000), ("2026-10-01", 30000), ("2026-08-01", 20000)],
    ),
    "bob": ("浙江省", "杭州市", [("2026-01-05", 5000), ("2026-02-05", 5000)]),
    "carol": ("广东省", "广州市", [("2026-11-15", 8000)]),
    "dave": ("江苏省", "南京市", [("2026-07-01", 120000)]),
    "erin": (
        "浙江省",
        "宁波市",
        [("2026-09-01", 3000), ("2026-09-20", 2000), ("2026-10-05", 3000)],
    ),
}


def build_shop(folder: Path) -> dict[str, int]:
    orders, n = [], 0
    for buyer, (province, city, bought) in PEOPLE.items():
        for day, paid in bought:
            n += 1
            orders.append(
                ParsedOrder(
                    row=n,
                    platform="taobao",
                    order_no=str(8000000000000000000 + n),
                    ordered_at=datetime.fromisoformat(f"{day} 09:00"),
                    status="completed",
                    paid=paid,
                    currency="CNY",
                    buyer_key=buyer,
                    buyer_name=buyer,
                    real_name=buyer.title(),
                    phone=f"13800138{n:03d}",
                    province=province,
                    city=city,
                    address="人民路1号",
                    item_summary="玫瑰精油香皂",
                )
            )
    path = write_export("taobao", orders, folder / "ExportOrderList202611221000.csv")
    engine.import_file(path, now=NOW, today=TODAY)
    svc.create_customer(svc.CustomerInput("frank"), today=TODAY, now=NOW)
    loyalty.startup(today=TODAY, now=NOW)
    rows = customer_list.fetch_rows(customer_list.list_ids(CustomerFilter()))
    ids = {r.display_name: r.id for r in rows.values()}
    # Ratings: November 5, 4, 2 (CSAT 2/3); October 5, 5 (CSAT 1).
    for when, rating in [(NOW, 5), (NOW, 4), (NOW, 2), (datetime(2026, 10, 5, 9), 5),
                         (datetime(2026, 10, 6, 9), 5)]:  # fmt: skip
        fb.log_feedback(fb.FeedbackInput(ids["alice"], "praise", "好", rating=rating), now=when)
    return ids


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    return build_shop(tmp_path)


@pytest.fixture
def page(qtbot, app, ui_state, shop) -> DashboardPage:
    return shown_page(qtbot, ui_state)


def shown_page(qtbot, ui_state) -> DashboardPage:  # noqa: ANN001
    """The Dashboard shown at 1100×900, its figures and charts drawn."""
    w = DashboardPage(JobRunner(synchronous=True), ui_state, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(1100, 900)
    with qtbot.waitSignal(w.figures_updated, timeout=10000):
        w.show()
    return w


def names(flt: CustomerFilter, shop: dict[str, int]) -> set[str]:
    by_id = {v: k for k, v in shop.items()}
    return {by_id[i] for i in customer_list.list_ids(flt, today=TODAY)}


def click(qtbot, page: DashboardPage, chart: str, artist) -> None:  # noqa: ANN001
    """A left click on the widget pixel at the middle of a bar or slice."""
    box = page.charts[chart]
    canvas = box.canvas
    canvas.draw()
    if hasattr(artist, "theta1"):  # a wedge of the donut: the middle of its ring
        angle = math.radians((artist.theta1 + artist.theta2) / 2)
        radius = artist.r - (artist.width or 0) / 2
        cx, cy = artist.center
        x, y = artist.axes.transData.transform((cx + radius * math.cos(angle),
                                                cy + radius * math.sin(angle)))  # fmt: skip
    else:
        bbox = artist.get_window_extent()
        x, y = (bbox.x0 + bbox.x1) / 2, (bbox.y0 + bbox.y1) / 2
    ratio = canvas.devicePixelRatioF()
    pos = QPoint(round(x / ratio), round((canvas.figure.bbox.height - y) / ratio))
    assert canvas.rect().contains(pos)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)


# --- periods and changes ----------------------------------------------------------------------


def test_period_ranges() -> None:
    assert period_range(THIS_MONTH, TODAY) == (date(2026, 11, 1), date(2026, 12, 1))
    assert period_range(LAST_MONTH, TODAY) == (date(2026, 10, 1), date(2026, 11, 1))
    assert period_range(LAST_3_MONTHS, TODAY) == (date(2026, 9, 1), date(2026, 12, 1))
    assert period_range(LAST_12_MONTHS, TODAY) == (date(2025, 12, 1), date(2026, 12, 1))
    custom = (date(2026, 3, 10), date(2026, 3, 1))
    assert period_range(CUSTOM, TODAY, custom) == (date(2026, 3, 1), date(2026, 3, 11))
    # A running month is compared with the same days of the month before; a past one whole.
    assert comparison_range(date(2026, 11, 1), date(2026, 12, 1), TODAY) == (
        date(2026, 10, 1), date(2026, 10, 23))  # fmt: skip
    assert comparison_range(date(2026, 10, 1), date(2026, 11, 1), TODAY) == (
        date(2026, 9, 1), date(2026, 10, 1))  # fmt: skip
    # Its last day too: 1-30 November against 1-30 October, not all of October.
    assert comparison_range(date(2026, 11, 1), date(2026, 12, 1), date(2026, 11, 30)) == (
        date(2026, 10, 1), date(2026, 10, 31))  # fmt: skip


def test_change_text(app) -> None:
    assert change_text(110, 100) == ("▲ 10.0%", 1)
    assert change_text(50, 100) == ("▼ 50.0%", -1)
    assert change_text(5, 0) == ("▲ new", 1)
    assert change_text(None, 3) == ("—", 0)
    assert change_text(0.5, 0.25, rate=True) == ("▲ 25.0 pts", 1)


# --- the page ---------------------------------------------------------------------------------


def test_kpis_of_this_month_against_the_same_days_of_last_month(page: DashboardPage) -> None:
    cards = {k: (c.value(), c.change()) for k, c in page.cards.items()}
    assert cards["customers"] == ("5", "▲ 25.0%")  # bought by the end: 5 against 4
    assert cards["new_customers"] == ("1", "▲ new")  # carol
    assert cards["active_customers"] == ("3", "▲ 50.0%")
    assert cards["net_sales"] == ("¥580.00", "▲ 75.8%")  # against ¥330.00
    assert cards["aov"] == ("¥290.00", "▲ 75.8%")
    assert cards["repurchase_rate"] == ("50.0%", "▼ 50.0 pts")
    assert cards["csat"] == ("66.7%", "▼ 33.3 pts")
    assert cards["followups"][0] == str(page.data.followups_open)
    assert not page.cards["points"].isHidden()
    assert page.status_label.text().startswith("Updated")
    assert "2026-10-01 – 2026-10-22" in page.cards["net_sales"].toolTip()
    # The first card counts everyone who has bought so far, not the period's purchasing
    # customers (the repurchase rate's base, and the monthly report's "Purchasing
    # customers"): its title says so and its tooltip gives the other figure too.
    assert page.cards["customers"].title() == "Buyers to date"
    assert "2 of them bought in the period" in page.cards["customers"].toolTip()


def test_period_picker_recomputes(qtbot, page: DashboardPage, ui_state) -> None:
    assert page.from_edit.isHidden()
    with qtbot.waitSignal(page.figures_updated, timeout=10000):
        page.period_combo.setFocus()
        qtbot.keyClick(page.period_combo, Qt.Key.Key_Down)  # last month
    assert (page.data.start, page.data.end) == (date(2026, 10, 1), date(2026, 11, 1))
    assert page.cards["net_sales"].value() == "¥330.00"
    assert ui_state.value("dashboard/period") == LAST_MONTH
    with qtbot.waitSignal(page.figures_updated, timeout=10000):
        page.set_period(CUSTOM, (date(2026, 7, 1), date(2026, 7, 31)))
    assert not page.from_edit.isHidden()
    assert page.cards["net_sales"].value() == "¥1,200.00"  # dave


def test_computes_off_the_gui_thread_and_stays_responsive(
    qtbot, app, ui_state, shop, monkeypatch
) -> None:
    threads: list[str] = []
    original = dashboard_page.compute_dashboard

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(dashboard_page, "compute_dashboard", spy)
    runner = JobRunner()
    try:
        w = DashboardPage(runner, ui_state, today=lambda: TODAY)
        qtbot.addWidget(w)
        with qtbot.waitSignal(w.figures_updated, timeout=20000):
            w.show()
            assert w.is_computing() and w.status_label.text() == "Computing…"
        assert threads and threads[0] != threading.main_thread().name
        assert threads[0].startswith("crm-job")
        assert w.cards["customers"].value() == "5"
    finally:
        runner.shutdown()


def test_hidden_page_computes_when_shown(qtbot, app, ui_state, shop) -> None:
    w = DashboardPage(JobRunner(synchronous=True), ui_state, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.refresh()  # hidden: nothing is computed yet, and matplotlib is not needed
    qtbot.wait(20)
    assert w.data is None and not w.charts
    with qtbot.waitSignal(w.figures_updated, timeout=10000):
        w.show()
    assert set(w.charts) == {"monthly", "stages", "rfm", "tiers", "provinces", "ratings"}


def test_matplotlib_is_imported_only_when_the_dashboard_is_shown(db_path: Path, tmp_path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from datetime import date
        from pathlib import Path
        from desktop_crm.db import open_database
        from desktop_crm.app import create_application
        from desktop_crm.views.dashboard_page import DashboardPage
        from desktop_crm.views.main_window import MainWindow
        from desktop_crm.views.jobs import JobRunner
        from desktop_crm.views.ui_state import UiState
        app = create_application()
        open_database(Path(sys.argv[1]))
        page = DashboardPage(JobRunner(synchronous=True), UiState(Path(sys.argv[2])),
                             today=lambda: date(2026, 11, 22))
        assert "matplotlib" not in sys.modules, "imported at construction"
        done = []
        page.figures_updated.connect(lambda: done.append(1))
        page.show()
        while not done:
            app.processEvents()
        assert "matplotlib" in sys.modules
        print("ok")
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", script, str(db_path), str(tmp_path / "ui.ini")],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


# --- clicks -----------------------------------------------------------------------------------


def test_click_an_rfm_bar_opens_exactly_those_customers(qtbot, page: DashboardPage, shop) -> None:
    flt = CustomerFilter(rfm_class="important_winback")
    bar = page.artist_for("rfm", flt)
    assert bar is not None and bar.get_width() == 1
    with qtbot.waitSignal(page.customers_requested) as clicked:
        click(qtbot, page, "rfm", bar)
    assert clicked.args == [flt]
    assert names(clicked.args[0], shop) == {"dave"}
    # The Customers page shows it through the filter panel, unchanged.
    panel = CustomerFilterPanel(JobRunner(synchronous=True), page._ui, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.set_from(clicked.args[0])
    assert panel.current_filter() == flt
    # Every class bar holds exactly as many customers as the list shows.
    for label, target in page.target_filters("rfm").items():
        count = int(page.artist_for("rfm", target).get_width())
        assert len(customer_list.list_ids(target, today=TODAY)) == count, label


def test_click_a_lifecycle_slice_a_tier_bar_and_a_province_bar(
    qtbot, page: DashboardPage, shop
) -> None:
    wedge = page.artist_for("stages", CustomerFilter(stage="lost"))
    with qtbot.waitSignal(page.customers_requested) as clicked:
        click(qtbot, page, "stages", wedge)
    assert clicked.args == [CustomerFilter(stage="lost")]
    assert names(clicked.args[0], shop) == {"bob"}

    wedge = page.artist_for("stages", CustomerFilter(stage="prospect"))
    with qtbot.waitSignal(page.customers_requested) as clicked:
        click(qtbot, page, "stages", wedge)
    assert names(clicked.args[0], shop) == {"frank"}

    silver = loyalty_tiers.tier_by_name("Silver")
    assert silver is not None
    bar = page.artist_for("tiers", CustomerFilter(tier_id=silver.id))
    with qtbot.waitSignal(page.customers_requested) as clicked:
        click(qtbot, page, "tiers", bar)
    assert clicked.args == [CustomerFilter(tier_id=silver.id)]
    assert names(clicked.args[0], shop) == {"alice", "dave"}
    member = loyalty_tiers.tier_by_name("Member")
    assert member is not None
    assert names(CustomerFilter(tier_id=member.id), shop) == {"bob", "carol", "erin", "frank"}

    bar = page.artist_for("provinces", CustomerFilter(province="广东省"))
    with qtbot.waitSignal(page.customers_requested) as clicked:
        click(qtbot, page, "provinces", bar)
    assert names(clicked.args[0], shop) == {"alice", "carol"}


def test_click_outside_the_bars_opens_nothing(qtbot, page: DashboardPage) -> None:
    seen: list[object] = []
    page.customers_requested.connect(seen.append)
    canvas = page.charts["rfm"].canvas
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(canvas.width() - 3, 3))
    qtbot.mouseClick(page.charts["monthly"].canvas, Qt.MouseButton.LeftButton)
    assert seen == []


def test_keyboard_users_open_the_same_groups_from_the_menu(qtbot, page: DashboardPage) -> None:
    button = page.charts["rfm"].menu_button
    assert button is not None and button.isEnabled()
    actions = button.menu().actions()
    assert [a.text() for a in actions][0].startswith("Important value: 1 customer")
    with qtbot.waitSignal(page.customers_requested) as chosen:
        actions[0].trigger()
    assert chosen.args == [CustomerFilter(rfm_class="important_value")]
    assert page.charts["monthly"].menu_button is None


# --- fonts and screenshots --------------------------------------------------------------------


def test_chart_fonts_end_with_an_installed_cjk_family(app) -> None:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    families = dashboard_page.chart_params()["font.family"]
    assert families[0] == "DejaVu Sans"
    assert all(f in installed for f in families)
    if not any(f in installed for f in dashboard_page.CJK_FAMILIES):
        pytest.skip("no CJK font installed (apt install fonts-noto-cjk)")
    assert families[-1] in dashboard_page.CJK_FAMILIES
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with dashboard_page.chart_style():
        fig = Figure()
        FigureCanvasAgg(fig)
        fig.add_subplot().barh(["重要价值客户", "广东省"], [1, -2])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a missing glyph would warn here
            fig.canvas.draw()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screenshot(qtbot, app, ui_state, shop, tmp_path, language) -> None:
    from PySide6.QtCore import QLocale

    from desktop_crm.app import install_translators

    locale = QLocale()
    translators = install_translators(app, language) if language != "en" else []
    try:
        w = shown_page(qtbot, ui_state)
        body = w.scroll.widget()
        body.resize(w.scroll.viewport().width(), body.sizeHint().height())
        out = tmp_path / f"dashboard_{language}.png"
        assert body.grab().save(str(out))
        assert out.stat().st_size > 10_000
    finally:
        for t in translators:
            app.removeTranslator(t)
        QLocale.setDefault(locale)


def test_an_empty_shop_says_what_to_do_instead_of_empty_axes(qtbot, app, ui_state, db_path) -> None:
    w = shown_page(qtbot, ui_state)

    def texts(chart: str) -> list[str]:
        return [t.get_text() for ax in w.charts[chart].figure.axes for t in ax.texts]

    assert any("import your orders" in t for t in texts("monthly"))
    assert all(not ax.get_ylabel().endswith("()") for ax in w.charts["monthly"].figure.axes)
    assert texts("tiers") == ["No customers yet"]


def test_the_tier_charts_menu_names_tiers_in_the_windows_language(
    qtbot, chinese, page: DashboardPage
) -> None:
    # The bars' labels were translated, the menu and the tooltips said "Member", "Silver".
    page.refresh()
    button = page.charts["tiers"].menu_button
    assert button is not None
    texts = [a.text() for a in button.menu().actions()]
    assert texts and all(not t.startswith(("Member", "Silver")) for t in texts), texts
    assert any(t.startswith("普通会员") for t in texts), texts


def test_a_page_closed_while_its_charts_are_drawn_draws_no_more(qtbot, app, ui_state, shop) -> None:
    # The charts are drawn in turns of the event loop. A window closed in between (the
    # user quits while the Dashboard is still drawing) left a queued call that then touched
    # the deleted labels: "Internal C++ object already deleted" in the error dialog.
    from shiboken6 import isValid

    w = DashboardPage(JobRunner(synchronous=True), ui_state, today=lambda: TODAY)
    w.resize(1100, 900)
    w.show()  # computes (synchronously); the charts' draws are queued, a step per turn
    assert w.is_computing()
    label = w.status_label
    w.deleteLater()
    qtbot.waitUntil(lambda: not isValid(label))
    qtbot.wait(50)  # the queued draws run now, or never


def test_each_chart_is_first_drawn_once_at_its_laid_out_size(
    qtbot, app, ui_state, shop, monkeypatch
) -> None:
    # The first chart was drawn at the figure's own size (500×300) before the layout sized it,
    # then again at its place and once more when the scroll bar came: the first switch to the
    # Dashboard held the window for 0.4 s at 100k customers.
    canvas = dashboard_page.canvas_class()
    real = canvas.draw
    drawn: list[tuple[str, int, int]] = []

    def draw(self) -> None:  # noqa: ANN001
        if self.figure.axes:  # a chart with its content (not the empty canvas's paint)
            drawn.append((self.parent().key, self.width(), self.height()))
        real(self)

    monkeypatch.setattr(canvas, "draw", draw)
    w = DashboardPage(JobRunner(synchronous=True), ui_state, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(1100, 600)  # short enough for the scroll bar
    w.show()
    qtbot.waitUntil(lambda: not w.is_computing(), timeout=10000)
    qtbot.wait(100)  # any redraw a late resize would ask for
    assert sorted(key for key, _w, _h in drawn) == sorted(w.charts), drawn
    for key, width, height in drawn:
        box = w.charts[key].canvas
        assert (width, height) == (box.width(), box.height()), key


def test_a_chart_is_laid_out_and_rendered_in_turns_of_their_own(
    qtbot, app, ui_state, shop, monkeypatch
) -> None:
    # At 100k customers the monthly chart's layout and pixels together held the window for
    # 190 ms in one turn of the event loop: the layout is done in one turn and the pixels
    # in the next. The picture is the same as one full draw's.
    from PySide6.QtCore import QTimer

    canvas = dashboard_page.canvas_class()
    real = canvas.draw
    turn = [0]
    draws: list[tuple[str, str, int]] = []

    def draw(self) -> None:  # noqa: ANN001
        if self.figure.axes:
            engine = type(self.figure.get_layout_engine()).__name__
            draws.append((self.parent().key, engine, turn[0]))
        real(self)

    def tick() -> None:
        turn[0] += 1

    from matplotlib.layout_engine import ConstrainedLayoutEngine

    real_layout = ConstrainedLayoutEngine.execute
    laid_out: dict[int, int] = {}

    def execute(self, fig):  # noqa: ANN001, ANN202
        laid_out[id(fig)] = turn[0]
        return real_layout(self, fig)

    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", execute)
    monkeypatch.setattr(canvas, "draw", draw)
    ticker = QTimer()
    ticker.timeout.connect(tick)
    ticker.start(0)
    w = DashboardPage(JobRunner(synchronous=True), ui_state, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(1100, 900)
    w.show()
    qtbot.waitUntil(lambda: not w.is_computing(), timeout=10000)
    ticker.stop()
    assert sorted(key for key, _e, _t in draws) == sorted(w.charts), draws
    # Drawn with the layout already done, in a turn after it; resizes lay out again.
    assert {e for _k, e, _t in draws} == {"PlaceHolderLayoutEngine"}, draws
    for key, _engine, drawn_in in draws:
        assert laid_out[id(w.charts[key].figure)] < drawn_in, (key, laid_out, draws)
    for box in w.charts.values():
        assert type(box.figure.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    split = {key: bytes(box.canvas.buffer_rgba()) for key, box in w.charts.items()}
    monkeypatch.setattr(canvas, "draw", real)
    for key, box in w.charts.items():
        w._compose_chart(key, w.data)
        box.canvas.draw()  # one full draw of the same chart: layout and pixels
        assert bytes(box.canvas.buffer_rgba()) == split[key], key
