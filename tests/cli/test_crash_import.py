"""SIGKILL during `desktop-crm import` (RELIABILITY B6): all or nothing, every time.

A 10,000-row import is killed at fixed hook points and at random moments. After each kill the
database opens, passes integrity and foreign-key checks, and holds either exactly the data from
before the import or exactly the data after it. bench/crash_import.py runs the 100k version.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop_crm.db import close_database, db, open_database
from desktop_crm.services.dump import logical_hash
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export

ROWS = 10_000


def _orders(n: int, start: int = 0) -> list[ParsedOrder]:
    base = datetime(2026, 1, 1, 9, 0)
    return [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(4000000000000000000 + i),
            ordered_at=base + timedelta(minutes=37 * i), status="completed", paid=1000 + i % 977,
            currency="CNY", buyer_key=f"buyer{i % 3000}", buyer_name=f"buyer{i % 3000}",
            real_name="李四", phone=f"139{i % 3000:08d}", province="江苏省", city="南京市",
        )
        for i in range(start, start + n)
    ]  # fmt: skip


def _state(path: Path) -> tuple[str, int, str]:
    open_database(path)
    try:
        integrity = db.execute_sql("PRAGMA integrity_check").fetchone()[0]
        assert integrity == "ok"
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        batches = db.execute_sql("SELECT count(*) FROM import_batch").fetchone()[0]
        return logical_hash(), int(batches), integrity
    finally:
        close_database()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("crash")
    small = write_export(
        "taobao", _orders(50, start=10**6), folder / "ExportOrderList202601010000.csv"
    )
    big = write_export("taobao", _orders(ROWS), folder / "ExportOrderList202602010000.csv")
    base = folder / "base.db"
    env = dict(os.environ, DESKTOP_CRM_DATA_DIR=str(folder / "data"))
    cmd = [sys.executable, "-m", "desktop_crm"]
    subprocess.run([*cmd, "demo", "--out", str(base), "--customers", "0"], check=True, env=env)
    subprocess.run(
        [*cmd, "import", str(small), "--db", str(base)], check=True, env=env, capture_output=True
    )
    pre = _state(base)
    done = folder / "done.db"
    shutil.copy(base, done)
    started = time.monotonic()
    subprocess.run(
        [*cmd, "import", str(big), "--db", str(done)], check=True, env=env, capture_output=True
    )
    duration = time.monotonic() - started
    post = _state(done)
    assert pre[0] != post[0]
    return {"folder": folder, "base": base, "big": big, "pre": pre, "post": post,
            "duration": duration, "env": env, "cmd": cmd}  # fmt: skip


def _check(setup: dict, work: Path, *, expect: str | None = None) -> str:
    state = _state(work)
    pre, post = setup["pre"], setup["post"]
    assert state[:2] in (pre[:2], post[:2]), "a mix of before and after"
    outcome = "pre" if state[:2] == pre[:2] else "post"
    if expect:
        assert outcome == expect
    return outcome


@pytest.mark.parametrize(
    "point, expect",
    [
        ("import:after_rows", "pre"),
        ("import:before_commit", "pre"),
        ("import:after_commit", "post"),
    ],
)
def test_kill_at_hook_points(setup: dict, tmp_path: Path, point: str, expect: str) -> None:
    work = tmp_path / "work.db"
    shutil.copy(setup["base"], work)
    env = dict(setup["env"], DESKTOP_CRM_CRASH_AT=point)
    r = subprocess.run([*setup["cmd"], "import", str(setup["big"]), "--db", str(work)],
                       env=env, capture_output=True)  # fmt: skip
    assert r.returncode == -signal.SIGKILL
    _check(setup, work, expect=expect)


def test_kill_at_random_moments(setup: dict, tmp_path: Path) -> None:
    rng = random.Random(20261122)
    outcomes = []
    for i in range(6):
        work = tmp_path / f"work{i}.db"
        shutil.copy(setup["base"], work)
        proc = subprocess.Popen(
            [*setup["cmd"], "import", str(setup["big"]), "--db", str(work)],
            env=setup["env"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, setup["duration"] * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.append(_check(setup, work))
    assert outcomes  # every run was one of the two states (checked above)
