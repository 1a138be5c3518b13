"""SIGKILL during a 100,000-row import, 20 times (RELIABILITY B6, bench size).

    .venv/bin/python bench/crash_import.py [--rows 100000] [--kills 20] [--seed 6]

The CI version is tests/cli/test_crash_import.py (10,000 rows, 9 kills). This one kills
`desktop-crm import` of a 100,000-row Taobao export at the three hook points
(import:after_rows, import:before_commit, import:after_commit) and at random moments over the
import's duration, for `--kills` runs in all. After each kill the database is opened the way the
next start opens it, and must pass integrity_check and foreign_key_check and hold exactly the
data from before the import or from after it (logical hash, import batch count). Prints the
outcome counts and the times.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, machine  # noqa: E402

HOOKS = [
    ("import:after_rows", "pre"),
    ("import:before_commit", "pre"),
    ("import:after_commit", "post"),
]
CLI = [sys.executable, "-m", "desktop_crm"]


def _orders(n: int, start: int = 0) -> list:
    from desktop_crm.services.importing.records import ParsedOrder

    base = datetime(2025, 1, 1, 9, 0)
    return [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(4000000000000000000 + i),
            ordered_at=base + timedelta(minutes=5 * i), status="completed", paid=1000 + i % 977,
            currency="CNY", buyer_key=f"buyer{i % 30000}", buyer_name=f"buyer{i % 30000}",
            real_name="李四", phone=f"139{i % 30000:08d}", province="江苏省", city="南京市",
        )
        for i in range(start, start + n)
    ]  # fmt: skip


def _state(path: Path) -> tuple[str, int]:
    from desktop_crm.db import close_database, db, open_database
    from desktop_crm.services.backup import cleanup_temp_files
    from desktop_crm.services.dump import logical_hash

    cleanup_temp_files(path)
    open_database(path)
    try:
        integrity = db.execute_sql("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise SystemExit(f"FAIL: integrity_check said {integrity!r} for {path}")
        if db.execute_sql("PRAGMA foreign_key_check").fetchall():
            raise SystemExit(f"FAIL: foreign_key_check found orphans in {path}")
        batches = int(db.execute_sql("SELECT count(*) FROM import_batch").fetchone()[0])
        return logical_hash(), batches
    finally:
        close_database()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    from desktop_crm.services.importing.samples import write_export

    folder = OUT / "crash_import"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = dict(os.environ, DESKTOP_CRM_DATA_DIR=str(folder / "data"))
    env.pop("DESKTOP_CRM_CRASH_AT", None)
    started = time.perf_counter()
    small = write_export("taobao", _orders(50, 10**6), folder / "ExportOrderList202401010000.csv")
    big = write_export("taobao", _orders(args.rows), folder / "ExportOrderList202601010000.csv")
    base = folder / "base.db"
    subprocess.run([*CLI, "demo", "--out", str(base), "--customers", "0"], check=True, env=env,
                   capture_output=True)  # fmt: skip
    subprocess.run([*CLI, "import", str(small), "--db", str(base)], check=True, env=env,
                   capture_output=True)  # fmt: skip
    pre = _state(base)
    done = folder / "done.db"
    shutil.copy(base, done)
    t0 = time.perf_counter()
    subprocess.run([*CLI, "import", str(big), "--db", str(done)], check=True, env=env,
                   capture_output=True)  # fmt: skip
    duration = time.perf_counter() - t0
    post = _state(done)
    assert pre != post
    print(f"machine: {machine()}")
    print(f"fixture: {args.rows:,} rows; setup {time.perf_counter() - started:.1f} s; "
          f"one uninterrupted import {duration:.2f} s")  # fmt: skip

    rng = random.Random(args.seed)
    runs: list[tuple[str | None, str | None, float | None]] = [(p, e, None) for p, e in HOOKS]
    runs += [(None, None, rng.uniform(0.2, duration * 1.1)) for _ in range(args.kills - len(runs))]
    runs = runs[: args.kills]
    outcomes: Counter[str] = Counter()
    loop_started = time.perf_counter()
    check_time = 0.0
    for i, (point, expect, delay) in enumerate(runs):
        work = folder / f"work{i}.db"
        shutil.copy(base, work)
        run_env = dict(env, DESKTOP_CRM_CRASH_AT=point) if point else env
        proc = subprocess.Popen([*CLI, "import", str(big), "--db", str(work)], env=run_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        if delay is not None:
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed = proc.returncode == -signal.SIGKILL
        t1 = time.perf_counter()
        state = _state(work)
        check_time += time.perf_counter() - t1
        if state not in (pre, post):
            raise SystemExit(f"FAIL: run {i} ({point or f'{delay:.2f} s'}): a mix of states")
        outcome = "pre" if state == pre else "post"
        if expect and outcome != expect:
            raise SystemExit(f"FAIL: {point} left {outcome}, expected {expect}")
        label = point or f"random {delay:.2f} s"
        outcomes[f"{outcome}{'' if killed else ' (finished before the kill)'}"] += 1
        print(f"  run {i:2d}  {label:<24} -> {outcome}{'' if killed else ' (not killed)'}")
        for suffix in ("", "-wal", "-shm"):
            Path(str(work) + suffix).unlink(missing_ok=True)
    total = time.perf_counter() - loop_started
    print(f"outcomes: {dict(sorted(outcomes.items()))}; every run intact (integrity, FKs, "
          "all-or-nothing)")  # fmt: skip
    print(f"kill loop: {len(runs)} runs in {total:.1f} s ({check_time:.1f} s of it checking)")


if __name__ == "__main__":
    main()
