"""Shared helpers for the benchmarks (not part of the test suite)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def demo_db(customers: int, seed: int = 7) -> Path:
    """A demo shop of `customers` customers, built once and reused."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"shop{customers}.db"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop_crm",
                "demo",
                "--out",
                str(path),
                "--customers",
                str(customers),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        print(f"built {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def machine() -> str:
    import platform

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]
