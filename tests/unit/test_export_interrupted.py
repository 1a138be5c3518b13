"""Exports that fail or are killed mid-write leave no customer data behind (RELIABILITY B, I).

In write-only mode openpyxl streams every row of a sheet into a file of its own before the
workbook is zipped. It made that file in the system temp folder, shared and never tidied: an
export killed there (SIGKILL, power cut) left customers' names and phones in it for good, and a
monthly report failing while it was built left them until the program exited. They now go to a
private folder (0700) in the data folder, one per write, whose owner record names the process
and the temporary output file: the next run removes both once that process is gone.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop_crm.db import default_data_dir
from desktop_crm.models import Customer
from desktop_crm.reports import xlsx
from desktop_crm.reports.monthly import build_monthly_report
from desktop_crm.reports.monthly_excel import write_monthly_excel
from desktop_crm.services.exports import export_customers

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
WRITERS = ("table", "customers", "monthly")


@pytest.fixture
def systmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, as every library in the process sees it."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def scratch_root() -> Path:
    return default_data_dir() / "tmp"


def scratch_folders() -> list[Path]:
    root = scratch_root()
    return sorted(root.iterdir()) if root.exists() else []


def write(kind: str, out: Path) -> None:
    """One of the xlsx writers, writing customer data to `out`."""
    if kind == "table":
        rows = ([f"王五{i}", f"1380013{i:04d}"] for i in range(100))
        xlsx.write_table(out, ["Name", "Phone"], rows)
    elif kind == "customers":
        for i in range(30):
            Customer.create(
                display_name=f"王五{i}", phone=f"1380013{i:04d}", created_at=NOW, updated_at=NOW
            )
        export_customers(out, today=TODAY)
    else:
        write_monthly_excel(build_monthly_report(date(2026, 10, 1), today=TODAY), out)


@pytest.fixture
def during_write(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], None]], None]:
    """during_write(probe): call `probe` once, right after the 5th row a sheet was given."""

    def install(probe: Callable[[], None]) -> None:
        real = WriteOnlyWorksheet.append
        calls = [0]

        def append(self: Any, row: Any) -> None:
            real(self, row)
            calls[0] += 1
            if calls[0] == 5:
                probe()

        monkeypatch.setattr(WriteOnlyWorksheet, "append", append)

    return install


@pytest.mark.parametrize("kind", WRITERS)
def test_rows_are_spooled_in_a_private_folder(
    kind: str, db_path: Path, tmp_path: Path, systmp: Path, during_write: Any
) -> None:
    out = tmp_path / "out" / "out.xlsx"
    out.parent.mkdir()
    seen: dict[str, Any] = {}

    def probe() -> None:
        folders = scratch_folders()
        seen["systmp"] = sorted(p.name for p in systmp.iterdir())
        seen["modes"] = [stat.S_IMODE(f.stat().st_mode) for f in folders]
        seen["spools"] = [
            stat.S_IMODE(p.stat().st_mode)
            for f in folders
            for p in f.iterdir()
            if p.name.startswith("openpyxl")
        ]
        seen["owners"] = [json.loads((f / xlsx.OWNER_FILE).read_text()) for f in folders]
        seen["beside"] = sorted(p.name for p in out.parent.iterdir())

    during_write(probe)
    write(kind, out)
    assert seen["systmp"] == []  # nothing in the shared temp folder, even while writing
    assert seen["modes"] == [0o700] and seen["spools"]
    assert all(mode & 0o077 == 0 for mode in seen["spools"])
    (owner,) = seen["owners"]
    temp_output = Path(owner["output"])
    assert owner["pid"] == os.getpid() and owner["host"] == socket.gethostname()
    assert temp_output.parent == out.parent and seen["beside"] == [temp_output.name]
    # Afterwards only the workbook is left, anywhere.
    assert list(systmp.iterdir()) == []
    assert scratch_folders() == []
    assert list(out.parent.iterdir()) == [out]


@pytest.mark.parametrize("kind", WRITERS)
def test_a_write_failing_midway_leaves_nothing(
    kind: str, db_path: Path, tmp_path: Path, systmp: Path, during_write: Any
) -> None:
    out = tmp_path / "out" / "out.xlsx"
    out.parent.mkdir()

    def fail() -> None:
        raise RuntimeError("the disk caught fire")

    during_write(fail)
    with pytest.raises(RuntimeError, match="fire"):
        write(kind, out)
    assert list(systmp.iterdir()) == []
    assert scratch_folders() == []
    assert list(out.parent.iterdir()) == []


def test_other_threads_keep_the_system_temp_folder(tmp_path: Path, systmp: Path) -> None:
    # The GUI exports on a worker thread: only that thread's sheets are redirected, and the
    # process-wide temp folder is never changed under the other threads' feet.
    inside, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def rows() -> Iterator[list[str]]:
        for i in range(50):
            if i == 10:
                inside.set()
                release.wait(30)
            yield [f"王五{i}"]

    def export() -> None:
        try:
            xlsx.write_table(tmp_path / "a.xlsx", ["Name"], rows())
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    worker = threading.Thread(target=export)
    worker.start()
    try:
        assert inside.wait(30)
        assert len(scratch_folders()) == 1
        assert tempfile.gettempdir() == str(systmp)
        ws = Workbook(write_only=True).create_sheet("other")
        ws.append(["not an export"])
        assert Path(ws._writer.out).parent == systmp
        ws.close()
        ws._writer.cleanup()
    finally:
        release.set()
        worker.join(30)
    assert errors == []
    assert (tmp_path / "a.xlsx").exists() and scratch_folders() == []


# --- What a killed write left: removed by the next run ---------------------------------------


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def age(path: Path, seconds: float) -> None:
    """Make `path` (and what it holds) look untouched for `seconds`."""
    when = time.time() - seconds
    for p in [*path.iterdir(), path] if path.is_dir() else [path]:
        os.utime(p, (when, when))


def left_behind(name: str, output: Path | None, *, pid: int | None, host: str = "") -> Path:
    """A scratch folder as a killed write leaves it: a spool of customer rows, and its owner."""
    folder = scratch_root() / f"{xlsx.SCRATCH_PREFIX}{name}"
    folder.mkdir(parents=True, mode=0o700)
    (folder / "openpyxl.k3j4h5g6").write_text("<row><c><is><t>王五 13800138000</t></is></c></row>")
    if pid is not None:
        owner = {"pid": pid, "host": host or socket.gethostname(), "output": str(output)}
        (folder / xlsx.OWNER_FILE).write_text(json.dumps(owner))
    if output is not None:
        output.write_bytes(b"")  # mkstemp's empty file, or a half-written zip
    return folder


@pytest.fixture
def live_pid() -> Iterator[int]:
    """Another program, running (a second export on another database)."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                            stdin=subprocess.PIPE)  # fmt: skip
    yield proc.pid
    proc.communicate()


def test_the_next_write_removes_what_a_killed_one_left(
    tmp_path: Path, systmp: Path, live_pid: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = left_behind("dead", out / ".customers.desktop-crm-k3j4h5g6.xlsx", pid=dead_pid())
    live = left_behind("live", out / ".customers.desktop-crm-a1b2c3d4.xlsx", pid=live_pid)
    starting = left_behind("starting", None, pid=None)  # made this instant, not yet named
    unnamed = left_behind("unnamed", None, pid=None)
    age(unnamed, xlsx.STALE_SECONDS + 60)
    far = left_behind(
        "far", out / ".customers.desktop-crm-z9y8x7w6.xlsx", pid=dead_pid(), host="elsewhere"
    )
    far_old = left_behind("far-old", None, pid=1, host="elsewhere")
    age(far_old, xlsx.ABANDONED_SECONDS + 60)

    xlsx.write_table(out / "other.xlsx", ["Name"], [["王五"]])

    assert not dead.exists() and not (out / ".customers.desktop-crm-k3j4h5g6.xlsx").exists()
    assert live.exists() and (out / ".customers.desktop-crm-a1b2c3d4.xlsx").exists()
    assert starting.exists() and not unnamed.exists()
    # Another computer's process (a shared data folder) cannot be asked: only time tells.
    assert far.exists() and (out / ".customers.desktop-crm-z9y8x7w6.xlsx").exists()
    assert not far_old.exists()
    assert (out / "other.xlsx").exists() and list(systmp.iterdir()) == []


def test_start_up_removes_what_a_killed_write_left(tmp_path: Path) -> None:
    # The call for the start of any command and of the GUI: no target, the data folder only.
    output = tmp_path / ".customers.desktop-crm-k3j4h5g6.xlsx"
    dead = left_behind("dead", output, pid=dead_pid())
    mine = left_behind("mine", tmp_path / ".mine.desktop-crm-k3j4h5g6.xlsx", pid=os.getpid())
    removed = xlsx.remove_abandoned_temp_files()
    assert set(removed) == {dead, output}
    assert not dead.exists() and not output.exists() and mine.exists()


def test_stale_temp_outputs_beside_the_target_are_removed(tmp_path: Path, live_pid: int) -> None:
    # Killed before its owner record was written (or by an older version): only our temp name
    # for this very target, untouched long enough that no export can be writing it.
    out = tmp_path / "out"
    out.mkdir()
    names = {
        ".customers.desktop-crm-abcd1234.xlsx": True,  # ours, abandoned: removed
        ".customers.desktop-crm-abcd5678.xlsx": False,  # ours, but fresh: a write starting now
        ".customers.desktop-crm-notes.xlsx": False,  # not our pattern
        ".other.desktop-crm-abcd1234.xlsx": False,  # another target's
        ".customers.desktop-crm-abcd1234.csv": False,  # the CSV export's
        ".customers.desktop-crm-claimed1.xlsx": False,  # a live write's, however old
        "customers.desktop-crm-abcd1234.xlsx": False,  # not hidden: the user's
        ".customers-20240101.xlsx": False,  # a person's own hidden copy
        ".customers-old_copy.xlsx": False,  # (our names before TEMP_MARK looked like these)
    }
    left_behind("live", out / ".customers.desktop-crm-claimed1.xlsx", pid=live_pid)
    for name in names:
        (out / name).write_text("王五 13800138000")
        if name != ".customers.desktop-crm-abcd5678.xlsx":
            age(out / name, xlsx.STALE_SECONDS + 60)

    xlsx.write_table(out / "customers.xlsx", ["Name"], [["王五"]])

    for name, removed in names.items():
        assert (out / name).exists() is not removed, name
    assert (out / "customers.xlsx").exists()
