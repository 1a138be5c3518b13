"""The main window: a sidebar of pages that work, menus with shortcuts, a status bar."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QSystemTrayIcon,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from desktop_crm import APP_NAME, __version__
from desktop_crm.db import read_only_reason
from desktop_crm.services import effects, privacy
from desktop_crm.services import followups as fu
from desktop_crm.services import stats as stats_service
from desktop_crm.views.backups_page import BackupsPage
from desktop_crm.views.currency_page import CurrencyPage
from desktop_crm.views.customers_page import CustomersPage
from desktop_crm.views.dashboard_page import DashboardPage
from desktop_crm.views.duplicates_page import DuplicatesPage
from desktop_crm.views.encryption_page import EncryptionPage
from desktop_crm.views.feedback_page import FeedbackPage
from desktop_crm.views.followup_dialogs import followup_title
from desktop_crm.views.followup_rules_page import FollowUpRulesPage
from desktop_crm.views.followups_page import FollowUpsPage
from desktop_crm.views.history_page import HistoryPage
from desktop_crm.views.import_actions import ImportController
from desktop_crm.views.import_wizard import ImportWizard
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.layout import ElidedLabel, resize_within_screen
from desktop_crm.views.lock_screen import IdleLock
from desktop_crm.views.loyalty_settings import LoyaltySettingsPage
from desktop_crm.views.members_page import MembersPage
from desktop_crm.views.orders_page import OrdersPage
from desktop_crm.views.paged_model import deferred_first_queries
from desktop_crm.views.privacy_page import PrivacyPage
from desktop_crm.views.reports_page import ReportsPage
from desktop_crm.views.settings_dialog import SettingsDialog
from desktop_crm.views.today_page import TodayPage
from desktop_crm.views.ui_state import UiState

log = logging.getLogger("desktop_crm")
BACKUP_CHECK_MS = 10 * 60 * 1000
DUE_CHECK_MS = 60 * 1000
# Ctrl+1 … Ctrl+9, then Ctrl+0: the sidebar's pages in order (the eleventh has none).
PAGE_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")


_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class MainWindow(QMainWindow):
    """Pages on the left, the chosen page on the right.

    Signals:
        data_changed(): anything that changes the store's figures happened.
    """

    data_changed = Signal()

    def __init__(
        self,
        db_path: Path,
        ui_state: UiState,
        *,
        runner: JobRunner | None = None,
        language: str = "en",
    ) -> None:
        super().__init__()
        self.runner = runner or JobRunner(self)
        self.setObjectName("MainWindow")
        self._ui = ui_state
        self._db_path = db_path
        self._database_lost = False  # a failed restore closed the database for good
        self.setWindowTitle(f"{APP_NAME} — {db_path.name}")
        self.setAcceptDrops(True)  # drop export files anywhere: the import wizard opens

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(170)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { border: none; background: palette(window); font-size: 11pt; }"
            "QListWidget#sidebar::item { padding: 8px 10px; }"
            "QListWidget#sidebar::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); border-radius: 4px; }"
        )
        self.pages = QStackedWidget()
        self._stale_pages: set[QWidget] = set()  # list pages to refresh when next shown
        # Today first: what needs doing is the first thing seen at start-up.
        self.today_page = TodayPage(self)
        self.add_page("today", self.tr("Today"), self.today_page)
        self.dashboard_page = DashboardPage(self.runner, ui_state)
        self.customers_page = CustomersPage(ui_state, runner=self.runner)
        self.add_page("dashboard", self.tr("Dashboard"), self.dashboard_page)
        self.add_page("customers", self.tr("Customers"), self.customers_page)
        # Hidden at start-up: their lists are queried when each is first shown (0.4 s of the
        # start at 100k customers), as after an import (_refresh_page).
        with deferred_first_queries():
            self.members_page = MembersPage(ui_state)
            self.orders_page = OrdersPage(ui_state, runner=self.runner)
            self.followups_page = FollowUpsPage(ui_state)
            self.feedback_page = FeedbackPage(ui_state)
        self.add_page("members", self.tr("Members"), self.members_page)
        self.add_page("orders", self.tr("Orders"), self.orders_page)
        self.add_page("followups", self.tr("Follow-ups"), self.followups_page)
        self.add_page("feedback", self.tr("Feedback"), self.feedback_page)
        self._stale_pages.update(
            (self.members_page, self.orders_page, self.followups_page, self.feedback_page)
        )

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
        self._page_actions: list[QAction] = []

        # Beside the counts and the backups' warning, a long path gives way ("…" in its middle).
        self.path_label = ElidedLabel(str(db_path))
        self.path_label.setObjectName("dbPath")
        # Drawn elided, so not selectable: its menu copies the whole path (for a backup script,
        # or to find the file).
        self.copy_path_action = QAction(self.tr("Copy the database's path"), self.path_label)
        self.copy_path_action.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(str(self._db_path))
        )
        self.path_label.addAction(self.copy_path_action)
        self.path_label.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("dbCounts")
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)

        self.idle_lock = IdleLock(self)
        self.imports = ImportController(self, self.runner, ui_state)
        self.duplicates_page = DuplicatesPage(self.runner, self)
        self.add_page("duplicates", self.tr("Duplicates"), self.duplicates_page)
        self.duplicates_page.customer_requested.connect(self.show_customer)
        self.duplicates_page.customers_changed.connect(self._on_import_data_changed)
        self._language = language
        self.reports_page = ReportsPage(
            self.runner, ui_state, language_provider=lambda: self._language
        )
        self.add_page("reports", self.tr("Reports"), self.reports_page)
        self.history_page = HistoryPage(self.imports)
        self.add_page("imports", self.tr("Imports"), self.history_page)
        self.backups_page = BackupsPage(self.runner, ui_state)
        self.add_page("backups", self.tr("Backups"), self.backups_page)
        self.backups_page.restored.connect(self._on_import_data_changed)
        self.backups_page.database_lost.connect(self._on_database_lost)
        # While automatic backups fail, the status bar says so (the Backups page says why).
        self.statusBar().addPermanentWidget(self.backups_page.status_label)
        self._build_page_keys()
        # Automatic backups: when data changed and the last one is over 30 minutes old.
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self._on_backup_timer_timeout)
        self._backup_timer.start()
        self.orders_page.customer_requested.connect(self.show_customer)
        for page in (self.today_page, self.followups_page, self.feedback_page):
            page.customer_requested.connect(self.show_customer)
            page.data_changed.connect(self._on_followups_changed)
        self.customers_page.detail.timeline.data_changed.connect(self._on_followups_changed)
        self.today_page.group_requested.connect(self._on_today_group_requested)
        self.dashboard_page.customers_requested.connect(self.show_customers)
        self.members_page.customer_requested.connect(self.show_customer)
        self.customers_page.detail.points.points_changed.connect(self._on_loyalty_changed)
        self.customers_page.detail.analytics.customers_requested.connect(self.show_customers)
        self.today_page.counts_changed.connect(self._on_today_counts_changed)
        self._on_today_counts_changed(self.today_page.badge_count())
        # Reminders that fall due while the app is open: a desktop notification.
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.setToolTip(APP_NAME)  # never a customer: it shows while locked too
            self.tray.show()
        # Reminders that fell due while locked: named once the merchant is back.
        self._held_reminders: list[fu.FollowUpRow] = []
        self._day: date | None = None  # the day start_up brought the figures to
        self._day_starting = False  # its job is under way
        self._calendar_day: date | None = None  # the day the calendar pages were set for
        self._retry_minutes, self._retry_at = 0, datetime.min  # after a failed day start
        self.idle_lock.unlocked.connect(self._on_idle_lock_unlocked)
        self._due_timer = QTimer(self)
        self._due_timer.setInterval(DUE_CHECK_MS)
        self._due_timer.timeout.connect(self._on_due_timer_timeout)
        self._due_timer.start()
        self._build_menus()
        self.customers_page.data_changed.connect(self._on_customers_changed)
        self.customers_page.followups_changed.connect(self._on_followups_changed)
        self.imports.data_changed.connect(self._on_import_data_changed)
        self.data_changed.connect(self.update_counts)
        self.update_counts()
        self._route_file_drops()
        if geometry := ui_state.geometry("main"):
            self.restoreGeometry(geometry)
        else:
            resize_within_screen(self, 1200, 760)
        if state := ui_state.window_state("main"):
            self.restoreState(state)

    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        """Add a page and its sidebar entry (only pages that work are listed)."""
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.sidebar.addItem(item)
        self.pages.addWidget(widget)

    def show_page(self, key: str) -> None:
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.sidebar.setCurrentRow(row)
                return

    # --- keys that move between pages ------------------------------------------------------
    def _build_page_keys(self) -> None:
        """Ctrl+1 … Ctrl+0 open the sidebar's pages in order; F6 and Shift+F6 move the focus
        between the sidebar and the page. Each item's tooltip names its key."""
        for row in range(min(self.sidebar.count(), len(PAGE_KEYS))):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{PAGE_KEYS[row]}"))
            action.triggered.connect(partial(self._on_page_action_triggered, row))
            self.addAction(action)
            self._page_actions.append(action)
            item = self.sidebar.item(row)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(
                self.tr("%1 (%2)\nF6 moves between this list and the page.")
                .replace("%1", item.text())
                .replace("%2", keys)
            )
        pane = QAction(self)
        pane.setShortcuts([QKeySequence(Qt.Key.Key_F6), QKeySequence("Shift+F6")])
        pane.triggered.connect(self._on_pane_action_triggered)
        self.addAction(pane)
        self.sidebar.currentRowChanged.connect(self._on_sidebar_current_row_changed)
        self._on_sidebar_current_row_changed(self.sidebar.currentRow())

    def _refresh_page(self, page: QWidget) -> None:
        """Bring a list page up to date now if it is the page shown, else when it is next
        shown: after an import every page catching up at once held the window for 0.4 s."""
        if self.pages.currentWidget() is page:
            page.refresh()  # type: ignore[attr-defined]
        else:
            self._stale_pages.add(page)

    def _on_sidebar_current_row_changed(self, row: int) -> None:
        page = self.pages.widget(row)
        if page in self._stale_pages:
            self._stale_pages.discard(page)
            page.refresh()  # type: ignore[attr-defined]
        # A page's own keys win where they clash (the Reports page's Ctrl+9 and Ctrl+0 zoom its
        # preview): two owners of one key would make Qt run neither.
        taken = set()
        if page is not None:
            for action in page.findChildren(QAction):
                if action.shortcutContext() != Qt.ShortcutContext.WidgetShortcut:
                    taken.update(k.toString() for k in action.shortcuts())
            for shortcut in page.findChildren(QShortcut):
                if shortcut.context() != Qt.ShortcutContext.WidgetShortcut:
                    taken.add(shortcut.key().toString())
        for action in self._page_actions:
            action.setEnabled(action.shortcut().toString() not in taken)

    def _on_page_action_triggered(self, row: int) -> None:
        """Ctrl+digit: that page, with the focus in it (on the control it last had)."""
        if row >= self.sidebar.count():
            return
        in_sidebar = self.sidebar.hasFocus()
        # Asked before the switch: hiding the page that had the focus passes it on to the next
        # control in the Tab order, which may be in the new page, and would be taken for the
        # control the user last had there.
        last = self.pages.widget(row).focusWidget()
        self.sidebar.setCurrentRow(row)
        if not in_sidebar:
            self._focus_in_page(last)

    def _on_pane_action_triggered(self) -> None:
        if self.sidebar.hasFocus():
            self.focus_page()
        else:
            self.sidebar.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_page(self) -> None:
        """The focus into the page shown: on the control it last had there, else on the
        page's list (what its buttons act on), else on its first control in the Tab order."""
        page = self.pages.currentWidget()
        if page is not None:
            self._focus_in_page(page.focusWidget())

    def _focus_in_page(self, last: QWidget | None) -> None:
        page = self.pages.currentWidget()
        if page is None:
            return
        if last is not None and last.isVisible() and last.isEnabled():
            last.setFocus(Qt.FocusReason.TabFocusReason)
            return
        stops: list[QWidget] = []
        widget = page.nextInFocusChain()
        while widget is not page and widget is not None:
            if (
                page.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.focusProxy() is None
            ):
                stops.append(widget)
            widget = widget.nextInFocusChain()
        lists = [w for w in stops if isinstance(w, QAbstractItemView)]
        if lists or stops:
            (lists or stops)[0].setFocus(Qt.FocusReason.TabFocusReason)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.file_menu = file_menu
        self.import_action = QAction(self.tr("&Import file…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self.open_import_wizard([]))
        self.undo_import_action = QAction(self.tr("&Undo last import…"), self)
        self.undo_import_action.triggered.connect(self.imports.undo_last)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.undo_import_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        customer_menu = self.menuBar().addMenu(self.tr("&Customer"))
        new_action = QAction(self.tr("&New customer…"), self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.triggered.connect(self._on_new_customer)
        self.find_action = find_action = QAction(self.tr("&Find"), self)
        find_action.setShortcut(QKeySequence("Ctrl+F"))
        find_action.triggered.connect(self._on_find)
        customer_menu.addAction(new_action)
        customer_menu.addAction(find_action)

        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.lock_action = QAction(self.tr("&Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        # From any window of the app (a customer's own window too), not only this one.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.idle_lock.lock)
        settings_menu.addAction(self.settings_action)
        settings_menu.addAction(self.lock_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about_action = QAction(self.tr("&About Desktop CRM"), self)
        about_action.triggered.connect(self._on_about)
        help_menu.addAction(about_action)

    def _on_new_customer(self) -> None:
        self.show_page("customers")
        self.customers_page.new_customer()

    def _on_find(self) -> None:
        """Ctrl+F: the search box of the page shown (Orders, Follow-ups, …); from a page
        without one, the customer search."""
        page = self.pages.currentWidget()
        if page is not self.customers_page and hasattr(page, "focus_search"):
            page.focus_search()
            return
        self.show_page("customers")
        self.customers_page.focus_search()

    def _on_customers_changed(self) -> None:
        """Customers were created, edited, deleted or erased: every page that shows them or
        their figures catches up (names on Orders, an erased person's follow-ups, counts)."""
        self.dashboard_page.refresh()
        self.reports_page.refresh()
        self.duplicates_page.refresh()
        self._refresh_page(self.members_page)
        self._refresh_page(self.orders_page)
        self._on_followups_changed()
        self._close_windows_of_gone_customers()
        self.data_changed.emit()

    def _close_windows_of_gone_customers(self) -> None:
        """Close every window (an order, a follow-up or points form…) that shows a customer
        who no longer exists: an erased person is not left on screen. The customers' own
        windows are closed by the Customers page."""
        shown: list[tuple[QWidget, int]] = []
        for w in QApplication.topLevelWidgets():
            if w is self or not isValid(w) or not w.isVisible():
                continue
            cid = getattr(w, "_customer_id", None)
            if isinstance(cid, int) and not isinstance(cid, bool):
                shown.append((w, cid))
        if not shown:
            return
        there = privacy.existing_customers({cid for _w, cid in shown})
        for w, cid in shown:
            if cid not in there:
                w.close()

    def _on_database_lost(self) -> None:
        """A failed restore left no database open (the page told the merchant): close."""
        self._database_lost = True
        self.close()

    def _on_import_data_changed(self) -> None:
        """An import, undo, merge or restore: the customer list and the history too, and the
        backups (an undo, a merge, a restore or an erasure makes one before it)."""
        self.customers_page.refresh()
        self._refresh_page(self.history_page)
        self._refresh_page(self.backups_page)
        self._on_customers_changed()

    def _on_loyalty_changed(self, *_args: object) -> None:
        """Points or tiers changed (a redemption, a referral, new rules): lists catch up."""
        self._refresh_page(self.members_page)
        self.dashboard_page.refresh()
        cid = self.customers_page.detail.customer_id()
        if cid is not None:
            self.customers_page.detail.points.refresh()
        self.data_changed.emit()

    def _on_followups_changed(self) -> None:
        """A follow-up or feedback changed somewhere: every view of them catches up."""
        self.today_page.refresh()
        self._refresh_page(self.followups_page)
        self._refresh_page(self.feedback_page)
        # Its Open follow-ups and CSAT cards (recomputed when next shown, if hidden).
        self.dashboard_page.refresh()
        cid = self.customers_page.detail.customer_id()
        if cid is not None:
            self.customers_page.detail.show_customer(cid)
        # And each customer's own window (a follow-up done on the Follow-ups page, feedback
        # logged, one added in another window of the same customer).
        self.customers_page.refresh_timelines()

    def _on_today_counts_changed(self, n: int) -> None:
        item = self.sidebar.item(0)
        item.setText(self.tr("Today (%1)").replace("%1", str(n)) if n else self.tr("Today"))

    def _on_today_group_requested(self, bucket: str, kind: str) -> None:
        self.show_page("followups")
        self.followups_page.show_group(bucket, kind)

    def _on_due_timer_timeout(self) -> None:
        now = datetime.now().replace(microsecond=0)
        if self._calendar_day is not None and now.date() != self._calendar_day:
            # A new day while the window stayed open (or the machine slept over days): the
            # pages whose default period is "this month" or "last month" follow the calendar.
            self._calendar_day = now.date()
            self.dashboard_page.refresh()
            self.reports_page.follow_calendar()
        if (
            self._day is not None
            and now.date() != self._day
            and not self._day_starting
            and now >= self._retry_at
        ):
            # And what a start-up does for the day: points past their last day expire, tiers
            # follow the 365-day window, the day's birthday and win-back follow-ups. A start
            # that failed (a full disk at midnight) is tried again, less often each time.
            self.start_up()
        rows = self.today_page.notify_due(now)
        if not rows:
            return
        if self.idle_lock.is_locked():
            # Whoever looks at the screen now may not be the merchant: a count, no names.
            # The reminder is kept and shown in full at the unlock.
            held = {r.id for r in self._held_reminders}
            self._held_reminders.extend(r for r in rows if r.id not in held)
            if self.tray is not None:
                self.tray.showMessage(
                    self.tr("%n follow-up(s) are due", "", len(rows)),
                    self.tr("Unlock Desktop CRM to see them."),
                )
            return
        self._show_due(rows)

    def _show_due(self, rows: list[fu.FollowUpRow]) -> None:
        if self.tray is not None:
            lines = [f"{r.customer_name}: {followup_title(r)}" for r in rows[:3]]
            self.tray.showMessage(
                self.tr("%n follow-up(s) are due", "", len(rows)), "\n".join(lines)
            )

    def _on_idle_lock_unlocked(self) -> None:
        rows, self._held_reminders = self._held_reminders, []
        if rows:
            self._show_due(rows)

    def start_up(self) -> None:
        """Build the day's work off the GUI thread: automatic follow-ups (birthday, win-back…)."""
        now = datetime.now().replace(microsecond=0)
        if self._calendar_day is None:
            self._calendar_day = now.date()
        if read_only_reason():
            self._day = now.date()  # nothing can be written: not tried again each minute
            return

        def work(_progress: object, _cancelled: object) -> date:
            # Points that expired, tiers re-evaluated, the day's automatic follow-ups.
            effects.day_started(today=now.date(), now=now)
            return now.date()

        self._day_starting = True
        job = self.runner.submit(work)
        job.succeeded.connect(self._on_startup_done)
        job.failed.connect(self._on_startup_failed)

    def _on_startup_failed(self, exc: BaseException) -> None:
        self._day_starting = False  # self._day stays: a later tick tries again
        if self._day is None:
            self._day = date.today() - timedelta(days=1)  # the start-up's own: retried too
        # 1, 2, 4 … minutes apart, at most an hour: a lasting failure is not tried (and
        # logged) every minute of the day.
        self._retry_minutes = min(60, max(1, self._retry_minutes * 2))
        self._retry_at = datetime.now() + timedelta(minutes=self._retry_minutes)
        log.warning(
            "starting the day failed; tried again in %d min", self._retry_minutes,
            exc_info=(type(exc), exc, exc.__traceback__),
        )  # fmt: skip

    def _on_startup_done(self, day: date) -> None:
        self._day_starting = False
        self._day = day
        self._retry_minutes, self._retry_at = 0, datetime.min
        self._on_followups_changed()  # the customer pane and windows too: points, tiers
        self.customers_page.refresh()  # a list filtered by tier or stage
        self._refresh_page(self.members_page)
        self.data_changed.emit()

    def open_import_wizard(self, paths: list[Path]) -> ImportWizard:
        """The import wizard, with these files already listed (dropped on the window)."""
        wizard = ImportWizard(self.runner, self._ui, self, paths)
        # Gone once closed: each wizard holds its files' previews and receipts (33k skipped
        # rows), and a new one opens each time.
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._on_import_data_changed)
        wizard.open()
        if not paths:
            wizard.add_button.click()
        return wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def _route_file_drops(self) -> None:
        """A text box takes a dropped file as its path's text (a file manager's drag carries
        it as text too), and the search box then filters by `file:///…`: in this window a
        dropped file opens the import wizard wherever it lands (eventFilter)."""
        for edit in self.findChildren(QLineEdit):
            edit.installEventFilter(self)
        for box in [*self.findChildren(QTextEdit), *self.findChildren(QPlainTextEdit)]:
            box.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _DRAG_EVENTS and event.mimeData().hasUrls():  # type: ignore[attr-defined]
            if kind == QEvent.Type.Drop:
                self.dropEvent(event)  # type: ignore[arg-type]
            else:
                event.acceptProposedAction()  # type: ignore[attr-defined]
            return True
        return super().eventFilter(watched, event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_import_wizard(paths)

    def _on_backup_timer_timeout(self) -> None:
        if self.runner.busy() or read_only_reason():
            return
        self.backups_page.auto_backup()  # a failure is shown there, once per failing streak

    def show_customers(self, flt: object) -> None:
        """The Customers list filtered to exactly these customers (a chart click)."""
        self.show_page("customers")
        self.customers_page.show_filter(flt)  # type: ignore[arg-type]
        self.customers_page.focus_list()

    def show_customer(self, customer_id: int) -> None:
        """Bring up the Customers page with this customer selected, and the focus on them in
        the list (it fell to the search box when the page that asked was hidden)."""
        self.show_page("customers")
        self.customers_page.reveal_customer(customer_id)
        self.customers_page.focus_list()

    def update_counts(self) -> None:
        """Refresh the status bar figures."""
        figures = stats_service.counts()
        self.counts_label.setText(
            self.tr("%1 customers · %2 orders")
            .replace("%1", f"{figures['customers']:,}")
            .replace("%2", f"{figures['orders']:,}")
        )

    def open_settings(self) -> SettingsDialog:
        """The settings dialog (pages for every area)."""
        dialog = SettingsDialog(self._ui, self, runner=self.runner)
        loyalty_page = LoyaltySettingsPage()
        dialog.add_page(self.tr("Membership"), loyalty_page)
        loyalty_page.rules_saved.connect(self._on_loyalty_changed)
        currency_page = CurrencyPage()
        dialog.add_page(self.tr("Currency"), currency_page)
        currency_page.rates_saved.connect(self._on_import_data_changed)
        followup_rules_page = FollowUpRulesPage()
        dialog.add_page(self.tr("Follow-ups"), followup_rules_page)
        # Rules applied at once: Today, the Follow-ups page and the sidebar count catch up.
        followup_rules_page.rules_saved.connect(self._on_followups_changed)
        followup_rules_page.rules_saved.connect(self.dashboard_page.refresh)
        privacy_page = PrivacyPage()
        # Customers erased from the review: the lists and windows let them go at once.
        privacy_page.people_erased.connect(self._on_import_data_changed)
        dialog.add_page(self.tr("Privacy"), privacy_page)
        dialog.add_page(self.tr("Encryption"), EncryptionPage(self.runner.drain))
        dialog.applied.connect(self.idle_lock.reload)
        dialog.accepted.connect(self._on_import_data_changed)  # an erasure may have happened
        dialog.open()
        return dialog

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Desktop CRM"),
            self.tr(
                "Desktop CRM %1\nOffline customer management for small online sellers."
                "\n\nDatabase: %2"
            )
            .replace("%1", __version__)
            .replace("%2", str(self._db_path)),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # A closed window checks nothing more (its database may be closed next).
        self._due_timer.stop()
        self._backup_timer.stop()
        self.idle_lock.stop()
        self._ui.set_geometry("main", self.saveGeometry())
        self._ui.set_window_state("main", self.saveState())
        self.customers_page.save_state()
        self.members_page.save_state()
        self.orders_page.save_state()
        self.followups_page.save_state()
        self.feedback_page.save_state()
        self._ui.sync()
        self.runner.shutdown()
        if not read_only_reason() and not self._database_lost:
            self.statusBar().showMessage(self.tr("Checking whether a backup is due…"))
            self.backups_page.backup_on_close()  # tells the merchant when it fails, and logs it
        super().closeEvent(event)
