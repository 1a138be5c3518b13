"""The monthly report on a 100,000-customer, 1,000,000-order shop: data, Excel, PDF.

    .venv/bin/python bench/report.py [--month YYYY-MM] [--customers N] [--orders N] [--rebuild]

Targets (DESIGN §6, issue "The monthly customer report"): Excel < 10 s and PDF < 10 s, each
including building the report data (cold: empty analytics cache).

The shop is bench/analytics.py's (raw executemany, built there when absent), copied to
bench/out/report-<customers>-<orders>.db and given loyalty and service activity in bulk SQL:
one earning per completed order (dated by the order), redemptions, expiries, tier changes,
follow-ups and feedback, so every query of the report has rows to read. Each phase also runs
in a fresh interpreter (`--cold`) to include imports and the Qt application start, as the CLI
pays them.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import OUT, machine, peak_rss_mb  # noqa: E402

TODAY = date(2026, 11, 22)


def add_activity(path: Path, seed: int = 5) -> None:
    """Points, tier changes, follow-ups and feedback, in bulk (the report reads all of them)."""
    from desktop_crm.db import close_database, db, open_database

    rng = random.Random(seed)
    open_database(path)
    conn = db.connection()
    with db.atomic():
        # One earning per completed order, 1 point per yuan, written the day after the order.
        conn.execute(
            "INSERT INTO points_entry (customer_id, delta, reason, order_id, created_at, "
            "earned_on, expires_on, factor) "
            "SELECT customer_id, (paid - refunded) / 100, 'earn', id, "
            "datetime(ordered_at, '+1 day'), date(ordered_at), "
            "date(ordered_at, 'start of year', '+2 years', '-1 day'), 1 "
            "FROM orders WHERE status = 'completed' AND customer_id IS NOT NULL "
            "AND paid - refunded >= 100 ORDER BY id"
        )
        customers = int(conn.execute("SELECT max(id) FROM customer").fetchone()[0])
        start = datetime(2024, 12, 1)
        span = int((datetime(2026, 11, 21) - start).total_seconds())

        def when() -> str:
            return (start + timedelta(seconds=rng.randrange(span))).isoformat(" ", "seconds")

        redeem = [(rng.randint(1, customers), -rng.choice((50, 100, 200)), "redeem", when())
                  for _ in range(30_000)]  # fmt: skip
        conn.executemany(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at) VALUES (?,?,?,?)",
            redeem,
        )
        conn.execute(
            "INSERT INTO points_entry (customer_id, delta, reason, created_at, source_id) "
            "SELECT customer_id, -delta, 'expire', datetime(expires_on, '+1 day'), id "
            "FROM points_entry WHERE reason = 'earn' AND expires_on < '2026-11-22' AND id % 3 = 0"
        )
        conn.execute(
            "INSERT OR REPLACE INTO customer_loyalty (customer_id, tier_id, points_balance) "
            "SELECT c.id, (SELECT id FROM tier ORDER BY threshold LIMIT 1), "
            "coalesce((SELECT sum(delta) FROM points_entry e WHERE e.customer_id = c.id), 0) "
            "FROM customer c"
        )
        tiers = conn.execute("SELECT id, name FROM tier ORDER BY threshold").fetchall()
        changes = []
        for cid in rng.sample(range(1, customers + 1), 20_000):
            a, b = rng.sample(tiers, 2)
            changes.append((cid, a[0], b[0], a[1], b[1], when(), rng.randint(0, 3_000_000),
                            "spend over the last 365 days", 0))  # fmt: skip
        conn.executemany(
            "INSERT INTO tier_change (customer_id, from_tier_id, to_tier_id, from_name, to_name, "
            "changed_at, spend, reason, manual) VALUES (?,?,?,?,?,?,?,?,?)",
            changes,
        )
        follow = []
        for _ in range(40_000):
            created = when()
            due = datetime.fromisoformat(created) + timedelta(days=rng.randint(0, 20))
            status = rng.choice(("open", "done", "done", "cancelled", "snoozed"))
            done = (due + timedelta(days=rng.randint(-3, 10))).isoformat(" ", "seconds")
            follow.append((rng.randint(1, customers), "call back", "manual",
                           due.isoformat(" ", "seconds"), status,
                           done if status == "done" else None, created, created))  # fmt: skip
        conn.executemany(
            "INSERT INTO follow_up (customer_id, title, kind, due, status, done_at, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?)",
            follow,
        )
        fb = []
        for _ in range(10_000):
            created = when()
            resolved = rng.random() < 0.7
            at = datetime.fromisoformat(created) + timedelta(hours=rng.randint(1, 200))
            fb.append((rng.randint(1, customers), rng.choice(("praise", "inquiry", "suggestion")),
                       rng.choice((None, 1, 2, 3, 4, 5, 5)), "……",
                       "resolved" if resolved else "open", created, created,
                       at.isoformat(" ", "seconds") if resolved else None))  # fmt: skip
        conn.executemany(
            "INSERT INTO feedback (customer_id, kind, rating, content, status, created_at, "
            "updated_at, resolved_at) VALUES (?,?,?,?,?,?,?,?)",
            fb,
        )
    db.execute_sql("ANALYZE")
    close_database()


def shop(customers: int, orders: int, rebuild: bool) -> Path:
    base = OUT / f"analytics-{customers}-{orders}.db"
    path = OUT / f"report-{customers}-{orders}.db"
    if rebuild:
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    if path.exists():
        return path
    if not base.exists():
        from analytics import build  # bench/analytics.py: the shared 1M-order shop

        started = time.perf_counter()
        build(base, customers, orders)
        print(f"built {base.name} in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    from desktop_crm.db import backup_to, close_database, open_database

    # A consistent copy through the backup API (the base may be open elsewhere, in WAL mode).
    open_database(base)
    backup_to(path)
    close_database()
    add_activity(path)
    print(f"built {path.name} (+ loyalty, follow-ups, feedback) in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return path


_PHASE = """
import json, sys, time
t0 = time.perf_counter()
from datetime import date
from desktop_crm.db import open_database
from desktop_crm.reports.monthly import build_monthly_report
open_database(sys.argv[1])
month = date.fromisoformat(sys.argv[2] + "-01")
what, out = sys.argv[3], sys.argv[4]
t1 = time.perf_counter()
report = build_monthly_report(month, today=date(2026, 11, 22), language=sys.argv[5])
t2 = time.perf_counter()
if what == "xlsx":
    from desktop_crm.reports.monthly_excel import write_monthly_excel
    write_monthly_excel(report, out)
else:
    from desktop_crm.reports.monthly_pdf import write_monthly_pdf
    write_monthly_pdf(report, out)
t3 = time.perf_counter()
print(json.dumps({"start": t1 - t0, "data": t2 - t1, "write": t3 - t2, "total": t3 - t0}))
"""


def cold(path: Path, month: str, what: str, out: Path, language: str) -> dict[str, float]:
    """One phase in a fresh interpreter: imports, Qt start, data and writing all counted."""
    r = subprocess.run(
        [sys.executable, "-c", _PHASE, str(path), month, what, str(out), language],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(r.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--language", default="en")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = shop(args.customers, args.orders, args.rebuild)
    print(machine())

    from desktop_crm.db import open_database
    from desktop_crm.reports.monthly import build_monthly_report
    from desktop_crm.reports.monthly_excel import write_monthly_excel
    from desktop_crm.reports.monthly_pdf import ensure_gui_application, write_monthly_pdf
    from desktop_crm.services import analytics

    open_database(path)
    month = date.fromisoformat(args.month + "-01")
    ensure_gui_application()
    results: dict[str, float] = {}

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        value = fn()
        results[label] = time.perf_counter() - started
        return value

    analytics.clear_cache()
    report = timed("report data (cold cache)", lambda: build_monthly_report(
        month, today=TODAY, language=args.language))  # fmt: skip
    xlsx = OUT / f"report-{args.month}.xlsx"
    pdf = OUT / f"report-{args.month}.pdf"
    timed("write Excel", lambda: write_monthly_excel(report, xlsx))
    timed("write PDF", lambda: write_monthly_pdf(report, pdf))
    sizes = {t.key: len(t.rows) for t in report.tables}
    print(f"month {args.month}: " + ", ".join(f"{k} {n}" for k, n in sizes.items()))
    print(f"Excel {xlsx.stat().st_size / 1e6:.1f} MB, PDF {pdf.stat().st_size / 1e6:.1f} MB")
    for label, secs in results.items():
        print(f"{label:<40} {secs:7.2f} s")
    excel_total = results["report data (cold cache)"] + results["write Excel"]
    pdf_total = results["report data (cold cache)"] + results["write PDF"]
    print(f"{'= Excel incl. data':<40} {excel_total:7.2f} s")
    print(f"{'= PDF incl. data':<40} {pdf_total:7.2f} s")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    fresh = {what: cold(path, args.month, what, OUT / f"report-cold-{args.month}.{what}",
                        args.language) for what in ("xlsx", "pdf")}  # fmt: skip
    for what, t in fresh.items():
        print(f"fresh process, {what}: imports+open {t['start']:.2f} s, data {t['data']:.2f} s, "
              f"write {t['write']:.2f} s, total {t['total']:.2f} s")  # fmt: skip
    worst_x = max(excel_total, fresh["xlsx"]["total"])
    worst_p = max(pdf_total, fresh["pdf"]["total"])
    print(f"target Excel < 10 s: {'OK' if worst_x < 10 else 'MISSED'} ({worst_x:.2f} s)")
    print(f"target PDF < 10 s: {'OK' if worst_p < 10 else 'MISSED'} ({worst_p:.2f} s)")


if __name__ == "__main__":
    main()
