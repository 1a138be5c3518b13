"""The job runner: a job's outcome always reaches whoever submitted it."""

from __future__ import annotations

import time

from desktop_crm.views.jobs import JobRunner


def test_a_job_faster_than_its_caller_still_reports(qtbot, app) -> None:
    # A job on an empty database finishes in microseconds; it used to start at once on the
    # worker and could emit `succeeded` before the caller connected to it (the Dashboard
    # then stayed on "Computing…").
    runner = JobRunner()
    try:
        job = runner.submit(lambda _progress, _cancelled: 42)
        time.sleep(0.3)  # the caller is slow to connect
        results: list[object] = []
        job.succeeded.connect(results.append)
        qtbot.waitUntil(lambda: results == [42], timeout=3000)
        qtbot.waitUntil(lambda: not runner.busy(), timeout=3000)
    finally:
        runner.shutdown()


def test_a_job_whose_turn_comes_after_shutdown_never_runs(qtbot, app) -> None:
    runner = JobRunner()
    ran: list[bool] = []
    runner.submit(lambda _p, _c: ran.append(True))
    runner.shutdown()
    qtbot.wait(100)
    assert ran == [] and not runner.busy()


def test_jobs_run_again_after_the_worker_let_go_of_the_database(qtbot, app) -> None:
    # A restore and an encryption change need the worker's connection closed; they shut the
    # runner down, and every later job (automatic backups, the Dashboard, exports) was
    # silently dropped for the rest of the session.
    runner = JobRunner()
    try:
        runner.drain()
        job = runner.submit(lambda _p, _c: 7)
        with qtbot.waitSignal(job.succeeded, timeout=3000) as got:
            pass
        assert got.args == [7]
    finally:
        runner.shutdown()


def test_a_cancelled_progress_dialog_stays_away_while_the_job_winds_down(qtbot, app) -> None:
    # Cancel hid the dialog; the job's next progress (it stops at its next check) showed it
    # again, counting on with Cancel live, for up to two seconds.
    import threading

    import shiboken6
    from PySide6.QtWidgets import QWidget

    from desktop_crm.views.jobs import progress_dialog

    window = QWidget()
    qtbot.addWidget(window)
    runner = JobRunner()
    cancel_seen = threading.Event()
    go_on = threading.Event()

    def work(progress, cancelled) -> None:  # noqa: ANN001
        progress(10, 100)
        go_on.wait(5)
        for done in range(20, 60, 10):  # the job reports before it notices the Cancel
            progress(done, 100)
            time.sleep(0.15)
        cancel_seen.set()

    try:
        job = runner.submit(work)
        dialog = progress_dialog(window, job, "Importing…")
        dialog.setMinimumDuration(0)
        qtbot.waitUntil(dialog.isVisible, timeout=3000)
        dialog.cancel()  # the Cancel button
        assert not dialog.isVisible()
        go_on.set()
        shown = []
        while not cancel_seen.is_set():
            qtbot.wait(20)
            shown.append(shiboken6.isValid(dialog) and dialog.isVisible())
        assert not any(shown) and job.is_cancelled()
    finally:
        go_on.set()
        runner.shutdown()


def test_a_progress_dialog_without_cancel_stays_until_its_job_ends(qtbot, app) -> None:
    # Escape hid the undo's busy dialog while the undo went on, the window usable again.
    import threading

    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop_crm.views.jobs import progress_dialog

    class TitleBarClose(QCloseEvent):
        def spontaneous(self) -> bool:  # as the window manager's
            return True

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    runner = JobRunner()
    release = threading.Event()
    try:
        job = runner.submit(lambda _p, _c: release.wait(5))
        dialog = progress_dialog(window, job, "Undoing…", cancellable=False)
        dialog.setMinimumDuration(0)
        qtbot.waitUntil(dialog.isVisible, timeout=3000)
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        QApplication.sendEvent(dialog, TitleBarClose())
        assert dialog.isVisible()
        release.set()
        qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    finally:
        release.set()
        runner.shutdown()


def test_a_busy_worker_hands_the_gil_back_to_the_gui_within_a_millisecond(app) -> None:
    # Every event the GUI thread passes through Python waits for a busy worker to hand over
    # the GIL, up to the switch interval: at Python's 5 ms a progress dialog shown during an
    # import froze the window for 1.1-1.7 s (bench/gui_import.py), at 1 ms 0.12-0.18 s.
    import sys

    from desktop_crm.app import GUI_SWITCH_INTERVAL

    assert GUI_SWITCH_INTERVAL <= 0.001
    assert sys.getswitchinterval() == GUI_SWITCH_INTERVAL
