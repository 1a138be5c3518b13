"""The cyclic garbage collector runs on the GUI thread only (views/gui_gc.py)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class _Window(QWidget):
    """A window of ours: Shiboken frees a plain QWidget on the GUI thread, a subclass on the
    thread whose collection found it (PySide6 6.11)."""


def _window_in_a_cycle(destroyed_on: list[str]) -> None:
    gc.collect()  # a fresh count: the window is not freed before the worker runs
    window = _Window()
    window.keep = window  # a cycle: only the cyclic collector frees it
    QLabel("客户", window)
    window.destroyed.connect(
        lambda *_: destroyed_on.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,
    )


def _allocate_on_a_worker() -> list[list[int]]:
    """What a job does: make containers (the collector's count goes up) and keep them."""
    kept: list[list[int]] = []

    def work() -> None:
        kept.extend([i] for i in range(50_000))

    worker = threading.Thread(target=work, name="crm-job-test")
    worker.start()
    worker.join()
    return kept


def test_a_window_in_a_cycle_is_freed_on_the_gui_thread_not_by_a_worker(app, qtbot) -> None:
    destroyed_on: list[str] = []
    _window_in_a_cycle(destroyed_on)
    kept = _allocate_on_a_worker()
    assert destroyed_on == []  # the worker's allocations did not free it there
    qtbot.waitUntil(lambda: destroyed_on != [], timeout=3000)
    assert destroyed_on == ["MainThread"]
    assert len(kept) == 50_000


def test_the_collector_waits_while_an_import_pauses_it(app, qtbot) -> None:
    from desktop_crm.services.gc_pause import paused_gc
    from desktop_crm.views.gui_gc import install_gui_collector

    collector = install_gui_collector(app)
    assert install_gui_collector(app) is collector
    destroyed_on: list[str] = []
    with paused_gc():
        _window_in_a_cycle(destroyed_on)
        kept = _allocate_on_a_worker()
        assert collector.collect_if_due() == 0
        assert destroyed_on == []
        assert not gc.isenabled()
    assert not gc.isenabled()  # the GUI's collector keeps the automatic one off
    qtbot.waitUntil(lambda: destroyed_on == ["MainThread"], timeout=3000)
    assert len(kept) == 50_000


def test_full_collections_wait_as_pythons_own_do(app) -> None:
    # The timer ran a full collection every ~50 s of activity, rescanning a big live heap
    # (the lists a window holds) for nothing; Python's collector waits until what reached
    # the oldest generation since the last full one is a quarter of what was there then.
    from desktop_crm.views.gui_gc import install_gui_collector

    collector = install_gui_collector(app)
    full: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.collect()  # at least 600k long-lived objects, whatever the tests before left
    heap = [[None] for _ in range(max(0, 600_000 - len(gc.get_objects(generation=2))))]
    kept: list[object] = []

    def ticks(n: int) -> None:  # a tick's worth of GUI work kept, then the timer's slot
        for _ in range(n):
            kept.append([[None] for _ in range(700)])  # enough for a young collection
            collector.collect_if_due()

    gc.collect()
    gc.callbacks.append(note)
    try:
        # A full collection is first considered after ~144 ticks; 112k new long-lived objects
        # against 600k or more is under a quarter: none.
        ticks(160)
        assert full == []
        gc.collect()  # a full collection elsewhere (the tests between them) starts it again
        full.clear()
        heap.extend([None] for _ in range(len(gc.get_objects(generation=2)) // 3))
        ticks(160)
        assert full != []
    finally:
        gc.callbacks.remove(note)
    assert len(kept) == 320
