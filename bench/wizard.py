"""The import wizard's largest GUI-thread stall while it recognises and previews big files.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/wizard.py [--rows 100000]

Uses bench/import.py's files (written on first use): the Taobao GBK CSV, the Taobao xlsx and
the Shopify CSV of --rows rows. For each, a new wizard in an empty shop is given the file (as a
drop does); a 50 ms QTimer heartbeat on the GUI thread measures the largest gap until the file
is listed and its preview shown, and the time that took. Then all three at once. Figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import Heartbeat, import_bench, machine  # noqa: E402

HEARTBEAT_MS = 50


def measure(app: object, paths: list[Path], folder: Path) -> tuple[float, float, str]:
    """(seconds until listed and previewed, largest heartbeat gap, the preview's line)."""
    from desktop_crm.views.import_wizard import ImportWizard
    from desktop_crm.views.jobs import JobRunner
    from desktop_crm.views.ui_state import UiState

    runner = JobRunner()
    wizard = ImportWizard(runner, UiState(folder / "ui.json"))
    wizard.show()
    heartbeat = Heartbeat(HEARTBEAT_MS)
    started = time.perf_counter()
    heartbeat.start()
    wizard.add_files(paths)
    while wizard.is_reading() or runner.busy():
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)
    app.processEvents()  # type: ignore[attr-defined]
    took = time.perf_counter() - started
    stall = heartbeat.stop()
    runner.shutdown()
    wizard.deleteLater()
    return took, stall, wizard.preview_label.text()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    files = import_bench().prepare(args.rows)  # type: ignore[attr-defined]
    from desktop_crm.app import create_application
    from desktop_crm.db import open_database

    app = create_application([])
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        open_database(folder / "shop.db")
        runs = [[p] for p in files.values()] + [list(files.values())]
        for paths in runs:
            took, gap, text = measure(app, paths, folder)
            names = " + ".join(p.name for p in paths)
            print(f"{names}: listed and previewed in {took:.2f} s; largest GUI stall "
                  f"{gap * 1000:.0f} ms | {text[:60]}")  # fmt: skip


if __name__ == "__main__":
    main()
