"""Today page, churn warning and automatic follow-ups on a 100,000-customer shop.

    .venv/bin/python bench/today.py [--customers N] [--fresh] [--orders-db PATH]

Works on a copy of the demo shop (bench/out/shop<N>.db, built by `desktop_crm demo` when
absent) with follow-ups and feedback added by `followups.add_demo_activity`, so the shared
demo file is never migrated or changed. `--orders-db` also times the churn warning, read-only,
on another database (by default bench/out/analytics-100000-1000000.db when it exists: 1M
orders).

Targets: Today data < 300 ms; churn set and automatic follow-ups for everyone well under 1-2 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import OUT, demo_db, machine, peak_rss_mb  # noqa: E402

from desktop_crm.db import close_database, db, open_database  # noqa: E402
from desktop_crm.services import churn, feedback, followups  # noqa: E402


def timed(fn, runs: int = 5) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Median wall time of `runs` calls, in ms, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def store_today() -> date:
    """The day of the newest order: the demo was built "today", the bench runs any day."""
    value = db.execute_sql("SELECT max(ordered_at) FROM orders").fetchone()[0]
    return date.fromisoformat(str(value)[:10]) if value else date.today()


def prepare(customers: int, fresh: bool) -> tuple[Path, dict[str, float]]:
    """A copy of the demo shop with demo follow-ups and feedback; timings of its first run."""
    target = OUT / f"today{customers}.db"
    setup: dict[str, float] = {}
    if fresh or not target.exists():
        for p in OUT.glob(f"today{customers}.db*"):
            p.unlink()
        shutil.copyfile(demo_db(customers), target)
        backups = OUT / f"today{customers}-migration-backup"
        started = time.perf_counter()
        open_database(target, backup_dir=backups)
        setup["migrate (s)"] = time.perf_counter() - started
        shutil.rmtree(backups, ignore_errors=True)
        today = store_today()
        now = datetime.combine(today, datetime.min.time()).replace(hour=9)
        started = time.perf_counter()
        result = followups.generate_automatic(today=today, now=now)
        setup["first generate_automatic, everyone (ms)"] = (time.perf_counter() - started) * 1000
        setup.update({f"  created {k}": v for k, v in sorted(result.created.items())})
        started = time.perf_counter()
        followups.add_demo_activity(seed=7, today=today, now=now)
        setup["add_demo_activity (ms)"] = (time.perf_counter() - started) * 1000
        close_database()
    return target, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the copy")
    parser.add_argument("--orders-db", type=Path, default=OUT / "analytics-100000-1000000.db")
    args = parser.parse_args()
    path, setup = prepare(args.customers, args.fresh)
    print(f"machine: {machine()}")
    for label, value in setup.items():
        print(f"{label:45s} {value:10.1f}")

    open_database(path)
    today = store_today()
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    figures = db.execute_sql(
        "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM orders), "
        "(SELECT count(*) FROM follow_up), (SELECT count(*) FROM feedback)"
    ).fetchone()
    print(f"shop: {figures[0]} customers, {figures[1]} orders, {figures[2]} follow-ups, "
          f"{figures[3]} feedback; today {today}")  # fmt: skip

    ms, data = timed(lambda: followups.today_data(today))
    print(f"{'today_data (target < 300 ms)':45s} {ms:10.1f} ms  {data.counts}")  # type: ignore[union-attr]
    ms, c = timed(lambda: followups.counts(today))
    print(f"{'counts (badge)':45s} {ms:10.1f} ms  open={c.open} overdue={c.overdue}")  # type: ignore[union-attr]
    ms, ids = timed(lambda: churn.churn_warning_ids(today), runs=3)
    print(f"{'churn_warning_ids':45s} {ms:10.1f} ms  {len(ids)} customers")  # type: ignore[arg-type]
    ms, _ = timed(lambda: followups.list_ids(followups.FollowUpFilter(statuses=followups.ACTIVE)))
    print(f"{'list_ids (every active follow-up)':45s} {ms:10.1f} ms")
    ms, _ = timed(lambda: feedback.satisfaction(date(today.year, 1, 1), today))
    print(f"{'feedback.satisfaction (year to date)':45s} {ms:10.1f} ms")
    ms, result = timed(lambda: followups.refresh_automatic(today=today, now=now), runs=3)
    print(f"{'refresh_automatic, everyone (steady state)':45s} {ms:10.1f} ms  "
          f"created={result.created} closed={result.closed}")  # type: ignore[union-attr]  # fmt: skip
    sample = [r[0] for r in db.execute_sql("SELECT id FROM customer ORDER BY id LIMIT 2000")]
    ms, _ = timed(lambda: followups.refresh_automatic(today=today, now=now, customer_ids=sample))
    print(f"{'refresh_automatic, 2,000 customers':45s} {ms:10.1f} ms")
    close_database()

    if args.orders_db.exists():
        # A copy (migrated to this build) of a database with more orders, for the churn query.
        copy = OUT / f"today-churn-{args.orders_db.name}"
        if not copy.exists() or copy.stat().st_mtime < args.orders_db.stat().st_mtime:
            shutil.copyfile(args.orders_db, copy)
            backups = OUT / "today-churn-migration-backup"
            open_database(copy, backup_dir=backups)
            shutil.rmtree(backups, ignore_errors=True)
        else:
            open_database(copy)
        other = store_today()
        n = db.execute_sql("SELECT count(*) FROM orders").fetchone()[0]
        ms, ids = timed(lambda: churn.churn_warning_ids(other), runs=3)
        label = f"churn_warning_ids, {n:,} orders"
        print(f"{label:45s} {ms:10.1f} ms  {len(ids)} customers")  # type: ignore[arg-type]
        one = next(iter(ids))  # type: ignore[call-overload]
        ms, _ = timed(lambda: churn.churn_info(one, other))
        print(f"{'churn_info, one customer':45s} {ms:10.1f} ms")
        close_database()
    print(f"peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
