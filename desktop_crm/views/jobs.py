"""Long jobs off the GUI thread: one worker thread, progress, Cancel.

A service knows nothing of threads: it takes `progress(done, total)` and `cancelled()`. The
runner executes such calls one at a time on a single worker thread, so database writes are
serialised (Anki's taskman). Signals are emitted from the worker and delivered to the GUI
thread; progress is throttled to about ten a second. Tests run it synchronously.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_crm.db import close_database

JobFn = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
PROGRESS_INTERVAL_S = 0.1
# Signals come from the worker thread: anything that is not a bound method of a GUI-thread
# object must be connected queued, or it would run (and touch widgets) on the worker.
QUEUED = Qt.ConnectionType.QueuedConnection
SHOW_DIALOG_AFTER_MS = 500


def while_alive(owner: QObject, fn: Callable[..., Any]) -> Callable[..., None]:
    """`fn`, called only while `owner` still exists. A job's outcome connected to a lambda
    arrives even after the page that asked was closed and deleted, and its widgets with it."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            fn(*args)

    return call


class Job(QObject):
    """One running call.

    Signals:
        progressed(int, int): done, total (throttled).
        succeeded(object): the call's return value.
        failed(object): the exception it raised (JobCancelled after Cancel).
        finished(): after succeeded or failed.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: JobFn) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = threading.Event()
        self._last_progress = 0.0
        self.done = False

    def cancel(self) -> None:
        """Ask the job to stop; the service rolls its transaction back."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.progressed.emit(done, total)

    def run(self) -> None:
        """Execute the call (on whichever thread calls this) and report the outcome."""
        try:
            result = self._fn(self._progress, self._cancel.is_set)
        except BaseException as exc:  # reported to the GUI thread, never lost
            self.done = True
            self.failed.emit(exc)
        else:
            self.done = True
            self.succeeded.emit(result)
        self.finished.emit()


class JobRunner(QObject):
    """Runs jobs one at a time on one worker thread (or inline when `synchronous`)."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._synchronous = synchronous
        self._executor: ThreadPoolExecutor | None = None
        self._jobs: list[Job] = []
        self._closed = False

    def submit(self, fn: JobFn) -> Job:
        """Queue `fn`; connect to the returned Job's signals before the event loop runs."""
        job = Job(fn)
        self._jobs.append(job)
        job.finished.connect(
            lambda j=job: self._jobs.remove(j) if j in self._jobs else None, QUEUED
        )
        # The job starts from the event loop, after the caller has connected its signals: a
        # job started at once could finish (an empty database answers in microseconds) and
        # emit `succeeded` to nobody, leaving its page on "Computing…" for good.
        QTimer.singleShot(0, job.run if self._synchronous else lambda j=job: self._start(j))
        return job

    def _start(self, job: Job) -> None:
        if self._closed:  # the window closed before the job's turn came
            job.done = True
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crm-job")
        self._executor.submit(job.run)

    def busy(self) -> bool:
        """Is a job queued or running? (A job is done before its outcome signals arrive.)"""
        return any(not job.done for job in self._jobs)

    def drain(self) -> None:
        """Let the queued jobs finish, then close the worker's database connection; later jobs
        run on a new worker (a restore or an encryption change needs the database alone)."""
        if self._executor is not None:
            self._executor.submit(close_database)
            self._executor.shutdown(wait=True)
            self._executor = None

    def shutdown(self) -> None:
        """Let the running job finish, then close the worker's database connection; jobs
        whose turn comes later never run (the window is closing)."""
        self._closed = True
        self.drain()


class _StaysOpen(QObject):
    """Keeps a progress dialog without Cancel open: no Escape, no title-bar close (the
    program's own close, which is not spontaneous, still closes it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and event.spontaneous():
            event.ignore()
            return True
        return (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        )


def progress_dialog(
    parent: QWidget, job: Job, label: str, *, cancellable: bool = True
) -> QProgressDialog:
    """A progress dialog that appears only after 500 ms; Cancel cancels the job. A job that
    cannot be cancelled (one transaction with nothing to ask between) shows no Cancel, and a
    busy bar until it reports progress."""
    dialog = QProgressDialog(label, QCoreApplication.translate("Jobs", "Cancel"), 0, 100, parent)
    if not cancellable:
        dialog.setCancelButton(None)
        dialog.setRange(0, 0)
        # Escape or the title bar's X would hide it while the job goes on, the window under
        # it usable again with data about to change; it closes when the job ends.
        dialog.installEventFilter(_StaysOpen(dialog))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_DIALOG_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    if cancellable:
        dialog.canceled.connect(job.cancel)

    def on_progress(done: int, total: int) -> None:
        if not shiboken6.isValid(dialog):  # closed and deleted before this queued event came
            return
        if dialog.wasCanceled():  # setValue would show it again while the job winds down
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1) - 1) if done < total else max(total, 1) - 1)

    job.progressed.connect(on_progress, QUEUED)
    job.finished.connect(dialog.close, QUEUED)
    job.finished.connect(dialog.deleteLater, QUEUED)
    return dialog
