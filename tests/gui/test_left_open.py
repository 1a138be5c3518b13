"""The window left open for days (merchants never close it): each new day is started as a
start-up starts it, and the pages whose period follows the calendar follow it."""

from __future__ import annotations

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


def test_a_new_day_is_started_while_the_window_stays_open(
    qtbot, shop_window, clock: _Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Left open, the app never expired points, moved tiers or made the day's birthday and
    # win-back follow-ups: day_started ran at start-up only.
    started: list[date] = []
    real = effects.day_started

    def day_started(*, today: date, now: datetime) -> None:
        started.append(today)
        real(today=today, now=now)

    monkeypatch.setattr(effects, "day_started", day_started)
    w = shop_window
    w.start_up()
    qtbot.waitUntil(lambda: started == [date(2026, 11, 23)], timeout=5000)
    w._on_due_timer_timeout()  # 23:58, the same day: nothing more
    clock.now = datetime(2026, 11, 24, 0, 1)
    w._on_due_timer_timeout()
    qtbot.waitUntil(lambda: started[-1:] == [date(2026, 11, 24)], timeout=5000)
    clock.now = datetime(2026, 11, 24, 0, 2)
    w._on_due_timer_timeout()
    clock.now = datetime(2026, 11, 30, 9, 0)  # asleep over the weekend
    w._on_due_timer_timeout()
    qtbot.waitUntil(lambda: started[-1:] == [date(2026, 11, 30)], timeout=5000)
    qtbot.wait(50)
    assert started == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 30)]


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
