"""Python's cyclic garbage collector, run on the GUI thread only.

A window caught in a reference cycle (a slot that holds its own window, say) is freed by the
cyclic collector, on whichever thread's allocation sets it off. A job allocating on the worker
thread would then run a QWidget's destructor on the worker. Widgets belong to the GUI thread:
freeing one elsewhere corrupts Qt's state, and the crash comes later, anywhere (a segfault in
a QWidget constructor, in setFont). So the GUI turns the automatic collector off and runs the
same generational collections from a timer on the GUI thread (pyqtgraph's GarbageCollector
does the same for the same reason). Objects freed by reference counting are unaffected.

While an import pauses the collector (services/gc_pause.py) the timer leaves it paused, so an
import through the GUI is as fast as one from the command line.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from desktop_crm.services.gc_pause import gc_paused

INTERVAL_MS = 500
OBJECT_NAME = "guiThreadCollector"


class GuiThreadCollector(QObject):
    """Turns the automatic collector off; collects from a GUI-thread timer instead."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName(OBJECT_NAME)
        self._threshold = gc.get_threshold()
        # Python's own rule for a full collection (gcmodule.c): not before the objects that
        # reached the oldest generation since the last one are a quarter of those that were
        # there after it. Without it a big live heap (the lists a window holds) is rescanned
        # every ~50 s of activity for nothing (60-160 ms each at 270k objects).
        self._oldest_after_full = len(gc.get_objects(generation=2))
        self._next_full_check = 0
        gc.callbacks.append(self._note_full_collection)  # ours or anyone's gc.collect()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int:
        """Collect the generations the automatic collector would have; return the number of
        unreachable objects found (0 when nothing was due or an import is under way)."""
        if gc_paused():
            return 0
        young, middle, old = gc.get_count()
        if young <= self._threshold[0]:
            return 0
        if middle <= self._threshold[1]:
            return gc.collect(0)
        if old <= self._threshold[2] or old < self._next_full_check:
            return gc.collect(1)
        oldest = len(gc.get_objects(generation=2))  # ~5 ms at 270k objects, once per check
        if oldest - self._oldest_after_full <= self._oldest_after_full // 4:
            self._next_full_check = old + self._threshold[2]  # look again in as long
            return gc.collect(1)
        return gc.collect(2)

    def _note_full_collection(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info.get("generation") == 2:
            self._oldest_after_full = len(gc.get_objects(generation=2))
            self._next_full_check = 0  # the count it was set against starts again from 0


def install_gui_collector(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector (made on the first call; later calls return it)."""
    found = app.findChild(GuiThreadCollector, OBJECT_NAME)
    if isinstance(found, GuiThreadCollector):
        return found
    return GuiThreadCollector(app)
