"""A big import through the app's own "Import file…" path: time, GUI stalls, peak memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_import.py [--rows 100000]

Uses bench/import.py's files (written on first use). For each, a new process opens the main
window on an empty shop with the threaded job runner, then imports the file as the menu action
does (worker thread, progress dialog). It prints the time until the import's outcome reaches
the window; the largest gap of a 50 ms GUI-thread heartbeat while importing, and in the second
after (the pages catching up, the receipt shown); the memory of the window before the import;
and the peak memory of the whole process. Figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import Heartbeat, import_bench, machine, peak_rss_mb  # noqa: E402

HEARTBEAT_MS = 50


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(path: Path) -> dict[str, float]:
    from desktop_crm.app import create_application
    from desktop_crm.db import open_database
    from desktop_crm.views.jobs import JobRunner
    from desktop_crm.views.main_window import MainWindow
    from desktop_crm.views.ui_state import UiState

    app = create_application([])
    folder = Path(tempfile.mkdtemp())
    db_path = folder / "shop.db"
    open_database(db_path)
    window = MainWindow(db_path, UiState(folder / "ui.json"), runner=JobRunner())
    window.resize(1400, 900)
    window.show()
    settle = time.perf_counter() + 1.0
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.01)
    before = _rss_mb()
    heartbeat = Heartbeat(HEARTBEAT_MS)
    started = time.perf_counter()
    heartbeat.start()
    window.imports.import_files([path])
    while window.runner.busy():  # until the worker is done
        app.processEvents()
        time.sleep(0.002)
    during = heartbeat.lap()
    while window.imports.last_receipt is None:  # its outcome reaches the window
        app.processEvents()
        time.sleep(0.002)
    took = time.perf_counter() - started
    settle = time.perf_counter() + 1.0
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.002)
    after = heartbeat.stop()  # the pages catching up, the receipt shown
    receipt = window.imports.last_receipt
    return {
        "seconds": took, "stall": during, "after": after, "before": before, "peak": peak_rss_mb(),
        "added": receipt.orders_added,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", metavar="FILE")
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as data:
            os.environ["DESKTOP_CRM_DATA_DIR"] = data
            result = child(Path(args.child))
        print(json.dumps(result))
        os._exit(0)  # the figures are out; skip tearing the window down
    files = import_bench().prepare(args.rows)  # type: ignore[attr-defined]
    print(machine())
    for path in files.values():
        os.sync()
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{path.name}: {r['added']:,} orders in {r['seconds']:.2f} s; largest GUI stall "
            f"{r['stall'] * 1000:.0f} ms while importing, {r['after'] * 1000:.0f} ms as the pages "
            f"catch up and the receipt shows; window before {r['before']:.0f} MB, peak "
            f"{r['peak']:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
