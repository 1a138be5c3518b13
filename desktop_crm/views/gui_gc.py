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
        counts = gc.get_count()
        generation = -1
        for level in range(3):
            if counts[level] <= self._threshold[level]:
                break
            generation = level
        return gc.collect(generation) if generation >= 0 else 0


def install_gui_collector(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector (made on the first call; later calls return it)."""
    found = app.findChild(GuiThreadCollector, OBJECT_NAME)
    if isinstance(found, GuiThreadCollector):
        return found
    return GuiThreadCollector(app)
