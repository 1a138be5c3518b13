"""Shared helpers for the benchmarks (not part of the test suite)."""

from __future__ import annotations

import importlib.util
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


def import_bench() -> object:
    """bench/import.py as a module (its file name is a keyword): prepare() writes its files."""
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Heartbeat:
    """A GUI-thread timer ticking every `ms`: the longest gap between its ticks is the longest
    the window could not answer (the largest GUI stall)."""

    def __init__(self, ms: int = 50) -> None:
        from PySide6.QtCore import QTimer

        self._ms = ms
        self._timer = QTimer()
        self._timer.timeout.connect(self._beat)
        self._gaps = [0.0]
        self._last = time.perf_counter()

    def _beat(self) -> None:
        now = time.perf_counter()
        self._gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self._gaps = [0.0]
        self._last = time.perf_counter()
        self._timer.start(self._ms)

    def lap(self) -> float:
        """The largest gap in seconds since start() or the last lap(); counting goes on."""
        largest = max(self._gaps)
        self._gaps = [0.0]
        return largest

    def stop(self) -> float:
        """Stop; return the largest gap in seconds since start() or the last lap()."""
        self._timer.stop()
        return self.lap()
