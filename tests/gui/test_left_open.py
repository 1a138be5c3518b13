"""The window left open for days (merchants never close it): each new day is started as a
start-up starts it, and the pages whose period follows the calendar follow it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from desktop_crm.services import effects
from desktop_crm.views import main_window as mw


class _Clock:
    """The time main_window reads (datetime.now), moved by the test."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        clock = self

        class Moved(datetime):
            @classmethod
            def now(cls, tz=None):  # noqa: ANN001, ANN206
                return clock.now

        self.datetime = Moved


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    c = _Clock(datetime(2026, 11, 23, 23, 58))
    monkeypatch.setattr(mw, "datetime", c.datetime)
    return c


class _DayStarts:
    """Every effects.day_started call's `now`; `failure(now)` gives an error to raise."""

    def __init__(self) -> None:
        self.calls: list[datetime] = []
        self.failure: Callable[[datetime], BaseException | None] = lambda _now: None


@pytest.fixture
def day_starts(monkeypatch: pytest.MonkeyPatch) -> _DayStarts:
    seen = _DayStarts()
    real = effects.day_started

    def day_started(*, today: date, now: datetime) -> None:
        seen.calls.append(now)
        error = seen.failure(now)
        if error is not None:
            raise error
        real(today=today, now=now)

    monkeypatch.setattr(effects, "day_started", day_started)
    return seen


def test_a_new_day_is_started_while_the_window_stays_open(
    qtbot, shop_window, clock: _Clock, day_starts: _DayStarts
) -> None:
    # Left open, the app never expired points, moved tiers or made the day's birthday and
    # win-back follow-ups: day_started ran at start-up only.
    def started() -> list[date]:
        return [t.date() for t in day_starts.calls]

    w = shop_window
    w.start_up()
    qtbot.waitUntil(lambda: started() == [date(2026, 11, 23)], timeout=5000)
    w._on_due_timer_timeout()  # 23:58, the same day: nothing more
    clock.now = datetime(2026, 11, 24, 0, 1)
    w._on_due_timer_timeout()
    qtbot.waitUntil(lambda: started()[-1:] == [date(2026, 11, 24)], timeout=5000)
    clock.now = datetime(2026, 11, 24, 0, 2)
    w._on_due_timer_timeout()
    clock.now = datetime(2026, 11, 30, 9, 0)  # asleep over the weekend
    w._on_due_timer_timeout()
    qtbot.waitUntil(lambda: started()[-1:] == [date(2026, 11, 30)], timeout=5000)
    qtbot.wait(50)
    assert started() == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 30)]


def test_the_dashboard_follows_the_month_it_is_shown_in(qtbot, shop_window, clock) -> None:
    # Left open into December, "This month" still showed November.
    w = shop_window
    page = w.dashboard_page
    page._today = lambda: clock.now.date()
    w.start_up()
    w.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=10_000)
    assert page.period()[0] == date(2026, 11, 1)
    w.show_page("customers")
    clock.now = datetime(2026, 12, 1, 8, 0)
    w._on_due_timer_timeout()
    w.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=10_000)
    assert page.period_label.text() == "2026-12-01 – 2026-12-31"


def test_a_new_day_that_failed_to_start_is_tried_again(
    qtbot, shop_window, clock: _Clock, day_starts: _DayStarts
) -> None:
    # A full disk at 00:01 left the day's expiry, tiers and follow-ups undone until a restart.
    from desktop_crm.errors import CrmError

    full = CrmError("Disk full: there is no room left to write the database.")
    day_starts.failure = lambda now: full if now == datetime(2026, 11, 24, 0, 1) else None
    tried = day_starts.calls
    w = shop_window
    w.start_up()
    qtbot.waitUntil(lambda: len(tried) == 1, timeout=5000)
    clock.now = datetime(2026, 11, 24, 0, 1)
    w._on_due_timer_timeout()
    qtbot.waitUntil(lambda: len(tried) == 2 and not w._day_starting, timeout=5000)
    clock.now = datetime(2026, 11, 24, 0, 2)
    w._on_due_timer_timeout()
    qtbot.waitUntil(lambda: len(tried) == 3 and not w._day_starting, timeout=5000)
    assert w._day == date(2026, 11, 24)
    clock.now = datetime(2026, 11, 24, 0, 3)
    w._on_due_timer_timeout()
    qtbot.wait(50)
    assert len(tried) == 3  # started: not again that day


def _reports_on_screen(qtbot, window, clock: _Clock, at: datetime):  # noqa: ANN001, ANN202
    """The Reports page shown at `at`, its default month built."""
    page = window.reports_page
    page._today = lambda: clock.now.date()
    clock.now = at
    window.start_up()
    window.show_page("reports")
    qtbot.waitUntil(lambda: page.report is not None and not page.is_building(), timeout=10_000)
    return page


def test_the_reports_page_on_screen_follows_the_new_month(qtbot, shop_window, clock) -> None:
    # Shown over midnight into December, it kept "November (so far)" and October's report.
    w = shop_window
    page = _reports_on_screen(qtbot, w, clock, datetime(2026, 11, 30, 23, 58))
    assert page.month() == date(2026, 10, 1)
    clock.now = datetime(2026, 12, 1, 9, 0)
    w._on_due_timer_timeout()
    assert page.month_combo.itemText(0).startswith("December 2026")
    assert page.month() == date(2026, 11, 1)
    qtbot.waitUntil(
        lambda: page.report is not None and page.report.month == date(2026, 11, 1)
        and not page.is_building(),
        timeout=10_000,
    )  # fmt: skip


def test_a_new_month_during_a_report_build_builds_the_new_default(
    qtbot, shop_window, clock
) -> None:
    # October's build came back after the list moved to November: the page stayed on
    # "Building…" for good.
    w = shop_window
    page = _reports_on_screen(qtbot, w, clock, datetime(2026, 11, 30, 23, 59))
    page.refresh()  # Refresh pressed: October's build is under way
    assert page.is_building()
    clock.now = datetime(2026, 12, 1, 0, 0)
    w._on_due_timer_timeout()
    qtbot.waitUntil(
        lambda: not page.is_building() and page.report is not None
        and page.report.month == date(2026, 11, 1),
        timeout=10_000,
    )  # fmt: skip


def test_a_day_start_that_keeps_failing_is_tried_less_often(
    qtbot, shop_window, clock: _Clock, day_starts: _DayStarts
) -> None:
    day_starts.failure = lambda _now: KeyError("tier_rule")
    tried = day_starts.calls
    w = shop_window
    for minute in range(0, 60):
        clock.now = datetime(2026, 11, 24, 0, minute)
        w._on_due_timer_timeout() if minute else w.start_up()
        qtbot.waitUntil(lambda: not w._day_starting, timeout=5000)
    # 0, 1, 3, 7, 15, 31 minutes past midnight: not sixty times.
    assert [t.minute for t in tried] == [0, 1, 3, 7, 15, 31]
