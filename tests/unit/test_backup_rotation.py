"""Rotation (RELIABILITY E17): a pure policy over names and a fixed clock (GnuCash lesson:
never delete a file that is not ours)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_crm.db import backup_file_name
from desktop_crm.services.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    rotate_backups,
    rotation_plan,
)

NOW = datetime(2026, 11, 22, 10, 30, 0)  # a Sunday


def _name(d: date, hour: int = 9, reason: str = "auto") -> str:
    return backup_file_name("crm", reason, datetime(d.year, d.month, d.day, hour, 0, 0))


def _days(n: int) -> list[date]:
    return [NOW.date() - timedelta(days=i) for i in range(n)]


def test_400_days_keep_exactly_today_yesterday_12_daily_10_weekly_9_monthly() -> None:
    names = [_name(d) for d in _days(400)]
    keep, delete = rotation_plan(names, now=NOW, stem="crm")
    expected_days = (
        [date(2026, 11, 22), date(2026, 11, 21)]  # today, yesterday
        + [date(2026, 11, d) for d in range(20, 8, -1)]  # 12 daily: 20 .. 9 November
        + [  # 10 weekly: the newest (Sunday) of each older ISO week
            date(2026, 11, 8), date(2026, 11, 1), date(2026, 10, 25), date(2026, 10, 18),
            date(2026, 10, 11), date(2026, 10, 4), date(2026, 9, 27), date(2026, 9, 20),
            date(2026, 9, 13), date(2026, 9, 6),
        ]
        + [  # 9 monthly: the newest of each older month
            date(2026, 8, 31), date(2026, 7, 31), date(2026, 6, 30), date(2026, 5, 31),
            date(2026, 4, 30), date(2026, 3, 31), date(2026, 2, 28), date(2026, 1, 31),
            date(2025, 12, 31),
        ]
    )  # fmt: skip
    assert len(expected_days) == 2 + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY == 33
    assert keep == [_name(d) for d in expected_days]
    assert sorted(keep + delete) == sorted(names)
    assert names[0] in keep  # the newest


def test_several_a_day_keep_all_of_today_and_yesterday_then_the_newest_per_day() -> None:
    names = [_name(d, h) for d in _days(30) for h in (9, 13, 18)]
    keep, _ = rotation_plan(names, now=NOW, stem="crm")
    today_and_yesterday = [_name(d, h) for d in _days(2) for h in (18, 13, 9)]
    assert keep[:6] == today_and_yesterday  # 18:00 today is later than now: kept too
    daily = keep[6 : 6 + KEEP_DAILY]
    assert daily == [_name(d, 18) for d in _days(14)[2:]]


def test_the_newest_is_kept_even_when_it_is_old() -> None:
    old = [_name(date(2020, 1, d)) for d in range(1, 29)]
    keep, delete = rotation_plan(old, now=NOW)
    assert _name(date(2020, 1, 28)) in keep
    # The newest covers 28 January; 12 daily take 27..16 January; 13..15 January fall in the
    # ISO week those cover; weekly then take 12 January (week 6..12) and 5 January (week of
    # 30 December..5 January); the month is already represented.
    expected = [28, *range(27, 15, -1), 12, 5]
    assert keep == [_name(date(2020, 1, d)) for d in expected]
    assert sorted(keep + delete) == sorted(old)


def test_names_not_of_our_pattern_are_never_in_the_plan() -> None:
    foreign = [
        "crm.20240101.db",  # the user's own copy (GnuCash lesson)
        "crm.db",
        "crm.20240101-120000.db",  # no reason
        "crm.20241301-120000.auto.db",  # month 13: not a time
        "crm.20240101-120000.Auto.db",
        "crm.20240101-120000.auto.db.bak",
        "notes.txt",
        ".crm.20240101-120000.auto.db.x1y2.tmp",
    ]
    ours = [_name(d) for d in _days(100)]
    keep, delete = rotation_plan(foreign + ours, now=NOW, stem="crm")
    assert not set(foreign) & (set(keep) | set(delete))
    other_stem = backup_file_name("shop", "auto", datetime(2020, 1, 1))
    keep2, delete2 = rotation_plan([*ours, other_stem], now=NOW, stem="crm")
    assert other_stem not in keep2 + delete2


def test_rotate_deletes_only_what_the_plan_says(tmp_path: Path) -> None:
    folder = tmp_path / "crm-backups"
    folder.mkdir()
    names = [_name(d) for d in _days(400)]
    for name in names:
        (folder / name).write_bytes(b"")
    user = folder / "crm.20240101.db"
    user.write_bytes(b"mine")
    (folder / "sub.20240101-120000.auto.db").mkdir()  # a folder with our name shape: left alone
    deleted = rotate_backups(folder, now=NOW, stem="crm")
    keep, delete = rotation_plan(names, now=NOW, stem="crm")
    assert sorted(p.name for p in deleted) == sorted(delete)
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([*keep, "crm.20240101.db", "sub.20240101-120000.auto.db"])
    assert user.read_bytes() == b"mine"
    assert rotate_backups(folder, now=NOW, stem="crm") == []  # a second run deletes nothing


times = st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2027, 6, 1)).map(
    lambda t: t.replace(microsecond=0)
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(times, max_size=80), st.sampled_from(["auto", "manual", "before-restore"]))
def test_rotation_properties(stamps: list[datetime], reason: str) -> None:
    names = sorted({backup_file_name("crm", reason, t) for t in stamps})
    keep, delete = rotation_plan([*names, "crm.20240101.db"], now=NOW, stem="crm")
    assert sorted(keep + delete) == names  # a partition of ours; the user's file in neither
    if names:
        newest = max(names, key=lambda n: n.split(".")[1])
        assert newest in keep
    yesterday = NOW.date() - timedelta(days=1)
    recent = [n for n in names if datetime.strptime(n.split(".")[1], "%Y%m%d-%H%M%S").date()
              >= yesterday]  # fmt: skip
    assert set(recent) <= set(keep)
    assert len(keep) <= len(recent) + 1 + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    older_days = [n.split(".")[1][:8] for n in keep if n not in recent]
    assert len(older_days) == len(set(older_days))  # at most one per older day
    assert rotation_plan(keep, now=NOW, stem="crm") == (keep, [])  # idempotent
