"""The customer page's analytics widget: stage, RFM class and scores, why, churn, CLV, AOV."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_crm.services import customer_list
from desktop_crm.services import customers as svc
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.customer_analytics_view import CustomerAnalyticsView
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.labels import usually_buys

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
PEOPLE = {
    "alice": [("2026-11-10", 50000), ("2026-10-01", 30000), ("2026-08-01", 20000)],
    "bob": [("2026-01-05", 5000), ("2026-02-05", 5000)],
    "carol": [("2026-11-15", 8000)],
    "dave": [("2026-07-01", 120000)],
    "erin": [("2026-09-01", 3000), ("2026-09-20", 2000), ("2026-10-05", 3000)],
}


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    orders, n = [], 0
    for buyer, bought in PEOPLE.items():
        for day, paid in bought:
            n += 1
            orders.append(
                ParsedOrder(
                    row=n,
                    platform="taobao",
                    order_no=str(8200000000000000000 + n),
                    ordered_at=datetime.fromisoformat(f"{day} 09:00"),
                    status="completed",
                    paid=paid,
                    currency="CNY",
                    buyer_key=buyer,
                    buyer_name=buyer,
                    item_summary="香皂",
                )
            )
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611221000.csv")
    engine.import_file(path, now=NOW, today=TODAY)
    svc.create_customer(svc.CustomerInput("frank"), today=TODAY, now=NOW)
    rows = customer_list.fetch_rows(customer_list.list_ids(CustomerFilter()))
    return {r.display_name: r.id for r in rows.values()}


@pytest.fixture
def view(qtbot, app, shop) -> CustomerAnalyticsView:
    w = CustomerAnalyticsView()
    qtbot.addWidget(w)
    w.show()
    return w


def test_an_important_value_customer_and_why(qtbot, view, shop) -> None:
    with qtbot.waitSignal(view.shown):
        view.show_customer(shop["alice"], TODAY)
    assert view.stage_label.text().endswith(">Active</a>")
    assert view.class_label.text().endswith(">Important value</a>")
    assert view.scores_label.text() == "R 4 · F 4 · M 4"
    assert view.why_label.text() == (
        "bought 3 time(s), ¥1,000.00 in total, last 12 day(s) ago — above average on all three"
    )
    assert "The average buying customer: 2 purchases" in view.why_label.toolTip()
    assert view.churn_label.text() == (
        "No churn warning; usually buys every 50.5 days (warns after 75.8 days)"
    )
    assert view.clv_label.text() == "¥1,000.00" and view.aov_label.text() == "¥333.33"
    with qtbot.waitSignal(view.customers_requested) as asked:
        view.class_label.linkActivated.emit("rfm:important_value")
    assert asked.args == [CustomerFilter(rfm_class="important_value")]


def test_churn_warning_with_the_usual_interval(qtbot, view, shop) -> None:
    view.show_customer(shop["erin"], TODAY)
    assert view.churn_label.text() == (
        "Churn warning: no purchase for 48 day(s); usually buys every 17 days (warns after 30 days)"
    )
    assert "c62828" in view.churn_label.styleSheet()
    assert view.why_label.text().endswith("recent and frequent, but below-average spend")
    view.show_customer(shop["carol"], TODAY)
    assert view.churn_label.text() == "No usual interval yet (purchases on one day only)"
    assert view.churn_label.styleSheet() == ""
    view.show_customer(shop["dave"], TODAY)
    assert view.class_label.text().endswith(">Important to win back</a>")
    assert view.stage_label.text().endswith(">Sleeping</a>")


def test_a_prospect_and_no_customer(qtbot, view, shop) -> None:
    view.show_customer(shop["frank"], TODAY)
    assert view.stage_label.text().endswith(">Prospect</a>")
    assert view.class_label.text() == "—" and view.why_label.text() == "No purchase yet."
    assert view.aov_label.text() == "—" and view.clv_label.text() == "¥0.00"
    view.show_customer(None)
    assert view.figures() is None and view.status_label.text() == "No customer selected."


def test_computed_on_the_runner(qtbot, app, shop) -> None:
    runner = JobRunner()
    try:
        w = CustomerAnalyticsView(runner)
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitSignal(w.shown, timeout=10000) as shown:
            w.show_customer(shop["bob"], TODAY)
            w.show_customer(shop["dave"], TODAY)  # the newer request wins
            assert w.status_label.text() == "Computing…"
        assert shown.args == [shop["dave"]]
        assert w.figures().rfm_class == "important_winback"
    finally:
        runner.shutdown()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["usually buys every day", "usually buys every 17 days", "every 1.5 days"]),
        ("zh_CN", ["通常每天购买", "通常每 17 天购买一次", "通常每 1.5 天购买一次"]),
    ],
)
def test_a_daily_buyer_usually_buys_every_day(qapp, language, expected) -> None:
    from desktop_crm.app import install_translators
    from desktop_crm.views.customer_analytics_view import words

    translators = install_translators(qapp, language)
    try:
        assert usually_buys("1") == expected[0]
        assert usually_buys("17") == expected[1]
        assert usually_buys("1.5").endswith(expected[2])
        warning = words().churn_warning(3, "1", "1.5")
        assert expected[0] in warning and "1.5" in warning
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_nothing_is_computed_until_the_tab_is_shown(qtbot, app, shop, monkeypatch) -> None:
    # At 100,000 customers a click in the list froze the window for 1-2 s: the Analytics tab
    # computed the shop-wide figures behind the Profile tab, on the window's thread.
    from PySide6.QtWidgets import QTabWidget, QWidget

    from desktop_crm.services import analytics

    asked: list[int] = []
    real = analytics.customer_analytics
    monkeypatch.setattr(
        analytics, "customer_analytics", lambda cid, day: asked.append(cid) or real(cid, day)
    )
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "Profile")
    view = CustomerAnalyticsView()
    tabs.addTab(view, "Analytics")
    tabs.show()
    view.show_customer(shop["bob"], TODAY)
    view.show_customer(shop["dave"], TODAY)
    assert asked == [] and view.figures() is None
    with qtbot.waitSignal(view.shown) as shown:
        tabs.setCurrentWidget(view)
    assert asked == [shop["dave"]] and shown.args == [shop["dave"]]
    assert view.figures().rfm_class == "important_winback"
