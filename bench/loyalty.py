"""Loyalty speed: tiers and expiry over 100k customers / ~1M ledger entries, points on import.

    .venv/bin/python bench/loyalty.py [--customers 100000] [--rebuild]

Builds (once, then reused) bench/out/loyalty-<N>.db with raw executemany: N customers,
10 orders each over two years, an earning per completed order, redemptions (allocated oldest
first) and adjustments — about 10 ledger entries per customer. Each measurement runs on a fresh
copy of it and prints:
- tiers: evaluate_tiers for every customer, first time (everyone gets a tier) and again
  (nothing changes: the start-up cost);
- expiry: expire_points for everyone, first time (years of earnings expire) and again;
  target: tiers + expiry under 2 s together;
- points on import: the 100k-row Taobao CSV of bench/import.py imported into an empty database,
  once as it is and once with the loyalty reaction wired into effects.orders_changed (as the
  lead will wire it); the time the reaction itself takes (order points, referrals, tiers) and
  its share of the import, then a re-import of the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, machine, peak_rss_mb  # noqa: E402

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 0)
ORDERS_PER_CUSTOMER = 10
CHUNK = 10_000


def build(path: Path, customers: int) -> None:
    """A consistent loyalty database written with raw executemany (no services)."""
    from desktop_crm.db import close_database, db, executemany, open_database

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    open_database(path)
    rng = random.Random(11)
    start = datetime(2024, 11, 1, 8, 0)
    with db.atomic():
        db.execute_sql("INSERT INTO setting (key, value) VALUES ('currency', '\"CNY\"')")
        executemany(
            "INSERT INTO customer (id, display_name, created_at, updated_at, search_body) "
            "VALUES (?, ?, ?, ?, ?)",
            ((c, f"buyer{c}", start, start, f"buyer{c}") for c in range(1, customers + 1)),
        )
        oid = eid = 0
        n_orders = n_entries = 0
        for first in range(1, customers + 1, CHUNK):
            orders, entries, allocations, balances = [], [], [], []
            for c in range(first, min(first + CHUNK, customers + 1)):
                lots: list[list[int]] = []  # [entry id, left]
                total = 0
                for _ in range(ORDERS_PER_CUSTOMER):
                    oid += 1
                    at = start + timedelta(minutes=rng.randrange(0, 750 * 24 * 60))
                    status = rng.choice(("completed",) * 8 + ("shipped", "refunded"))
                    paid = rng.randrange(1_000, 60_000)
                    refunded = paid if status == "refunded" else 0
                    orders.append((
                        oid, "taobao", str(3 * 10**18 + oid), c, at, status, paid, refunded,
                        "CNY",
                    ))  # fmt: skip
                    if status == "completed":
                        eid += 1
                        points = paid // 100
                        entries.append((
                            eid, c, points, "earn", oid, NOW, at.date(),
                            date(at.year + 1, 12, 31), 10**9, "",
                        ))  # fmt: skip
                        lots.append([eid, points])
                        total += points
                if rng.random() < 0.6 and total > 10:  # redemptions, oldest earnings first
                    for _ in range(rng.randrange(1, 4)):
                        want = rng.randrange(1, max(2, total // 3))
                        eid += 1
                        entries.append((eid, c, -want, "redeem", None, NOW, None, None, None, ""))
                        total -= want
                        for lot in lots:
                            take = min(lot[1], want)
                            if take:
                                allocations.append((lot[0], eid, take))
                                lot[1] -= take
                                want -= take
                if rng.random() < 0.3:  # a goodwill adjustment from last year
                    eid += 1
                    entries.append((
                        eid, c, 50, "adjust", None, NOW, date(2025, 10, 1), date(2026, 12, 31),
                        None, "bench",
                    ))  # fmt: skip
                    total += 50
                balances.append((c, 1, total))
            executemany(
                "INSERT INTO orders (id, platform, order_no, customer_id, ordered_at, status, "
                "paid, refunded, currency) VALUES (?,?,?,?,?,?,?,?,?)",
                orders,
            )
            executemany(
                "INSERT INTO points_entry (id, customer_id, delta, reason, order_id, created_at, "
                "earned_on, expires_on, factor, note) VALUES (?,?,?,?,?,?,?,?,?,?)",
                entries,
            )
            executemany(
                "INSERT INTO points_allocation (lot_id, consumer_id, amount) VALUES (?,?,?)",
                allocations,
            )
            executemany(
                "INSERT INTO customer_loyalty (customer_id, tier_id, points_balance) "
                "VALUES (?,?,?)",
                balances,
            )
            n_orders += len(orders)
            n_entries += len(entries)
    db.execute_sql("ANALYZE")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    print(
        f"built {path.name}: {customers:,} customers, {n_orders:,} orders, "
        f"{n_entries:,} ledger entries in {time.perf_counter() - started:.1f} s"
    )


def child_startup(path: Path) -> dict[str, float]:
    from desktop_crm.db import open_database
    from desktop_crm.services import loyalty

    open_database(path)
    out: dict[str, float] = {}
    for label in ("first", "again"):
        t0 = time.perf_counter()
        changes = loyalty.evaluate_tiers(None, today=TODAY, now=NOW)
        t1 = time.perf_counter()
        expired = loyalty.expire_points(today=TODAY, now=NOW)
        t2 = time.perf_counter()
        out[f"tiers_{label}"] = t1 - t0
        out[f"tier_changes_{label}"] = changes
        out[f"expire_{label}"] = t2 - t1
        out[f"expired_{label}"] = expired.entries
    t0 = time.perf_counter()
    loyalty.startup(today=TODAY + timedelta(days=1), now=NOW + timedelta(days=1))
    out["startup_next_day"] = time.perf_counter() - t0
    out["check_ok"] = float(loyalty.check_counts(today=TODAY + timedelta(days=1)) == {})
    out["rss"] = peak_rss_mb()
    return out


def child_import(file: Path, path: Path, wired: bool = True) -> dict[str, float]:
    from desktop_crm.db import open_database
    from desktop_crm.services import effects, loyalty
    from desktop_crm.services.importing.engine import import_file

    spent = [0.0]
    original = effects.orders_changed

    def hooked(ids, *, today, now):  # type: ignore[no-untyped-def]
        original(ids, today=today, now=now)
        t0 = time.perf_counter()
        loyalty.orders_changed(ids, today=today, now=now)
        spent[0] += time.perf_counter() - t0

    if wired:
        effects.orders_changed = hooked
    open_database(path)
    out: dict[str, float] = {}
    for label in ("import", "reimport"):
        spent[0] = 0.0
        t0 = time.perf_counter()
        receipt = import_file(file, platform="taobao", now=NOW)
        out[label] = time.perf_counter() - t0
        out[f"{label}_loyalty"] = spent[0]
        out[f"{label}_added"] = receipt.orders_added
    from desktop_crm.db import db

    out["entries"] = db.execute_sql("SELECT count(*) FROM points_entry").fetchone()[0]
    out["rss"] = peak_rss_mb()
    return out


def run_child(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "startup":
            print(json.dumps(child_startup(Path(rest[0]))))
        else:
            wired = kind == "import"
            print(json.dumps(child_import(Path(rest[0]), Path(rest[1]), wired)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    base = OUT / f"loyalty-{args.customers}.db"
    if args.rebuild or not base.exists():
        build(base, args.customers)
    work = OUT / f"loyalty-{args.customers}-work.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(base, work)
    r = run_child("startup", str(work))
    print(
        f"tiers, all {args.customers:,} customers: first {r['tiers_first']:.2f} s "
        f"({int(r['tier_changes_first']):,} changes), again {r['tiers_again']:.2f} s"
    )
    print(
        f"expiry, all: first {r['expire_first']:.2f} s ({int(r['expired_first']):,} expired), "
        f"again {r['expire_again']:.2f} s"
    )
    print(
        f"tiers + expiry: first {r['tiers_first'] + r['expire_first']:.2f} s, start-up "
        f"{r['tiers_again'] + r['expire_again']:.2f} s (target < 2 s); startup() next day "
        f"{r['startup_next_day']:.2f} s; check clean: {bool(r['check_ok'])}; "
        f"peak {r['rss']:.0f} MB"
    )
    # Points on import: the 100k-row Taobao CSV that bench/import.py writes.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import importlib

    bench_import = importlib.import_module("import")
    files = bench_import.prepare(100_000)
    target = OUT / "loyalty-import.db"
    runs = {}
    for kind in ("plain", "import"):
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        runs[kind] = run_child(kind, str(files["taobao-csv"]), str(target))
    plain, i = runs["plain"], runs["import"]
    print(
        f"import 100k orders without loyalty: {plain['import']:.2f} s, re-import "
        f"{plain['reimport']:.2f} s"
    )
    print(
        f"import 100k orders with loyalty: {i['import']:.2f} s, of which loyalty "
        f"{i['import_loyalty']:.2f} s ({100 * i['import_loyalty'] / i['import']:.0f}%), "
        f"{int(i['entries']):,} ledger entries | re-import {i['reimport']:.2f} s, loyalty "
        f"{i['reimport_loyalty']:.3f} s | peak {i['rss']:.0f} MB"
    )


if __name__ == "__main__":
    os.environ.setdefault("DESKTOP_CRM_DATA_DIR", str(OUT / "data"))
    main()
