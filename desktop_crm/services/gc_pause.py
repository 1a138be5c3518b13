"""Pausing Python's cyclic garbage collector around a big read or import.

The collector rescans every live object again and again while 100k rows and records are built
and written (~40% of a parse, ~0.7 s of the writing); nothing an import makes needs it, and
whatever it would have found is collected once it is back on.

Pauses may overlap when two threads read at once (the app runs its jobs one at a time, but
nothing here relies on it): the collector comes back when the last pause ends, and only if it
was on when the first began. The GUI turns the automatic collector off for good
(views/gui_gc.py) and asks `gc_paused()` before each collection of its own.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (as it was before, after)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def gc_paused() -> bool:
    """Is a pause under way (on any thread)?"""
    return _pauses > 0
