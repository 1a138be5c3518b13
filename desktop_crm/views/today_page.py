"""The Today page: what to do now — overdue, due today, the next 7 days, grouped by kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import customer_list
from desktop_crm.services import followups as fu
from desktop_crm.views.followup_dialogs import (
    Clock,
    FollowUpActions,
    FollowUpDialog,
    bucket_name,
    due_text,
    followup_key,
    followup_kind_name,
    system_now,
    why_text,
    why_tooltip,
)
from desktop_crm.views.key_views import enable_row_copy
from desktop_crm.views.labels import sentences
from desktop_crm.views.layout import DATE_TIME_SAMPLE, empty_hint, fit_columns, show_hint

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the follow-up's id (rows only)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the TodayRow (rows only)
NODE_ROLE = Qt.ItemDataRole.UserRole + 3  # NODE_BUCKET, NODE_GROUP, NODE_ROW or NODE_MORE
CUSTOMER_ROLE = Qt.ItemDataRole.UserRole + 4

NODE_BUCKET, NODE_GROUP, NODE_ROW, NODE_MORE = range(4)
COL_CUSTOMER, COL_WHY, COL_DUE = range(3)
OVERDUE_COLOR = "#c62828"


@dataclass(slots=True)
class _Node:
    kind: int
    parent: int  # node id of the parent; 0 is the invisible root
    row: int  # position among its siblings
    bucket: str = ""
    group_kind: str = ""
    total: int = 0
    item: fu.TodayRow | None = None
    children: list[int] = field(default_factory=list)


class TodayModel(QAbstractItemModel):
    """Buckets (overdue, today, next 7 days) → kinds → follow-ups.

    A group holds the first rows of its kind; its header gives the full total, and a last
    "more" line stands for the rows not shown. Node ids are positions in a flat list, kept in
    the indexes' internal id (no Python object behind a pointer).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = [_Node(NODE_BUCKET, -1, 0)]
        self._today: date | None = None

    # --- contents ------------------------------------------------------------------------
    def set_data(self, data: fu.TodayData) -> None:
        self.beginResetModel()
        self._today = data.today
        self._nodes = [_Node(NODE_BUCKET, -1, 0)]
        for bucket in fu.BUCKETS:
            groups = [g for g in data.groups if g.bucket == bucket]
            if not groups:
                continue
            bid = self._add(_Node(NODE_BUCKET, 0, 0, bucket, total=data.counts.get(bucket, 0)))
            for g in groups:
                gid = self._add(_Node(NODE_GROUP, bid, 0, bucket, g.kind, g.total))
                for r in g.rows:
                    self._add(_Node(NODE_ROW, gid, 0, bucket, g.kind, item=r))
                if g.total > len(g.rows):
                    self._add(_Node(NODE_MORE, gid, 0, bucket, g.kind, g.total - len(g.rows)))
        self.endResetModel()

    def _add(self, node: _Node) -> int:
        nid = len(self._nodes)
        siblings = self._nodes[node.parent].children
        node.row = len(siblings)
        siblings.append(nid)
        self._nodes.append(node)
        return nid

    def today(self) -> date | None:
        return self._today

    def row_ids(self) -> list[int]:
        """The follow-ups shown, in display order."""
        return [n.item.followup.id for n in self._nodes if n.item is not None]

    def index_of(self, followup_id: int) -> QModelIndex:
        for nid, n in enumerate(self._nodes):
            if n.item is not None and n.item.followup.id == followup_id:
                return self.createIndex(n.row, 0, nid)
        return QModelIndex()

    def node_kind(self, index: Index) -> int | None:
        return self._nodes[index.internalId()].kind if index.isValid() else None

    def node_key(self, index: Index) -> tuple[int, str, str] | None:
        """What a line is, stable across refreshes: (node kind, bucket, kind)."""
        if not index.isValid():
            return None
        n = self._nodes[index.internalId()]
        return n.kind, n.bucket, n.group_kind

    def group_of(self, index: Index) -> tuple[str, str] | None:
        """(bucket, kind) of a group, row or "more" line."""
        if not index.isValid():
            return None
        n = self._nodes[index.internalId()]
        return (n.bucket, n.group_kind) if n.kind != NODE_BUCKET else None

    def header_indexes(self) -> list[QModelIndex]:
        """Bucket and group headers and "more" lines (they span every column)."""
        return [
            self.createIndex(n.row, 0, nid)
            for nid, n in enumerate(self._nodes)
            if nid and n.kind != NODE_ROW
        ]

    # --- Qt model API --------------------------------------------------------------------
    def index(
        self,
        row: int,
        column: int,
        parent: Index = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        pid = parent.internalId() if parent.isValid() else 0
        return self.createIndex(row, column, self._nodes[pid].children[row])

    def parent(self, child: Index | None = None) -> Any:  # type: ignore[override]
        if child is None:  # QObject.parent()
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        pid = self._nodes[child.internalId()].parent
        if pid <= 0:
            return QModelIndex()
        return self.createIndex(self._nodes[pid].row, 0, pid)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        pid = parent.internalId() if parent.isValid() else 0
        return len(self._nodes[pid].children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_CUSTOMER: self.tr("Customer"),
            COL_WHY: self.tr("Why"),
            COL_DUE: self.tr("Due"),
        }.get(section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n = self._nodes[index.internalId()]
        col = index.column()
        if role == NODE_ROLE:
            return n.kind
        if n.kind == NODE_ROW:
            return self._row_data(n, col, role)
        if role == Qt.ItemDataRole.DisplayRole and col == 0:
            return self._header_text(n)
        if role == Qt.ItemDataRole.FontRole and n.kind != NODE_MORE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and n.bucket == fu.OVERDUE:
            return QColor(OVERDUE_COLOR) if n.kind == NODE_BUCKET else None
        if role == Qt.ItemDataRole.ToolTipRole and n.kind == NODE_MORE:
            return self.tr("Enter shows them all on the Follow-ups page.")
        return None

    def _header_text(self, n: _Node) -> str:
        if n.kind == NODE_BUCKET:
            return (
                self.tr("%1 (%2)")
                .replace("%1", bucket_name(n.bucket))
                .replace("%2", f"{n.total:,}")
            )
        if n.kind == NODE_GROUP:
            shown = sum(1 for c in n.children if self._nodes[c].kind == NODE_ROW)
            if shown < n.total:
                return (
                    self.tr("%1: %2 (first %3 shown)")
                    .replace("%1", followup_kind_name(n.group_kind))
                    .replace("%2", f"{n.total:,}")
                    .replace("%3", f"{shown:,}")
                )
            return (
                self.tr("%1: %2")
                .replace("%1", followup_kind_name(n.group_kind))
                .replace("%2", f"{n.total:,}")
            )
        return self.tr("… and %1 more: show them on the Follow-ups page").replace(
            "%1", f"{n.total:,}"
        )

    def _row_data(self, n: _Node, col: int, role: int) -> Any:
        assert n.item is not None
        row, why = n.item.followup, n.item.why
        today = self._today or row.due.date()
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return n.item
        if role == CUSTOMER_ROLE:
            return row.customer_id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_CUSTOMER:
                return row.customer_name
            if col == COL_WHY:
                return why_text(row, why, today)
            if col == COL_DUE:
                return self._due(row, today)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_WHY:
            return why_tooltip(row, why)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DUE:
            return QColor(OVERDUE_COLOR) if row.due.date() < today else None
        return None

    def _due(self, row: fu.FollowUpRow, today: date) -> str:
        late = (today - row.due.date()).days
        return self._due_words(due_text(row.due), late, snoozed=row.status == fu.SNOOZED)

    def _due_words(self, text: str, late: int, *, snoozed: bool) -> str:
        if late > 0:
            text = sentences(text, self.tr("(%n day(s) late)", "", late))
        if snoozed:
            text = sentences(text, self.tr("(snoozed)"))
        return text

    def due_samples(self) -> list[str]:
        """The widest texts the Due column shows: a time, long late or snoozed."""
        return [
            self._due_words(DATE_TIME_SAMPLE, 999, snoozed=False),
            self._due_words(DATE_TIME_SAMPLE, 0, snoozed=True),
        ]


class TodayTree(QTreeView):
    """Arrow keys move; Enter opens, D done, S snooze, Delete cancels.

    Signals:
        open_requested(): Enter or Return was pressed.
        done_requested(): D was pressed.
        snooze_requested(): S was pressed.
        cancel_requested(): Delete was pressed.
    """

    open_requested = Signal()
    done_requested = Signal()
    snooze_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        enable_row_copy(self)  # Ctrl+C copies the selected rows

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not followup_key(self, event):
            super().keyPressEvent(event)


class TodayPage(QWidget):
    """The first page at start-up: the follow-ups to act on now, each with its reason.

    Args:
        clock: the current time (tests pass a fixed one); the day comes from it.
        limit: rows shown per group (the header always gives the group's total).

    Signals:
        customer_requested(int): the user wants to see this customer.
        counts_changed(int): the number of open follow-ups overdue or due today changed.
        group_requested(str, str): a truncated group's "more" line was opened: the lead shows
            the Follow-ups page filtered to this bucket and kind (`FollowUpsPage.show_group`).
        data_changed(): follow-ups were created or changed here.
    """

    customer_requested = Signal(int)
    counts_changed = Signal(int)
    group_requested = Signal(str, str)
    data_changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, clock: Clock | None = None, limit: int = 100
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TodayPage")
        self._clock = clock or system_now
        self._limit = limit
        self._badge = -1
        self._shown_day: date | None = None
        self._notified_until = self._clock()
        self._told: dict[int, datetime] = {}  # follow-up -> the due time it was told for
        self._collapsed: set[tuple[str, str]] = set()
        self._refreshing = False
        self.followup_actions = FollowUpActions(self, self._clock)

        self.title_label = QLabel()
        self.title_label.setObjectName("todayTitle")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("todaySummary")
        self.done_button = QPushButton(self.tr("&Done…"))
        self.done_button.setToolTip(self.tr("Mark the follow-up done (D)"))
        self.snooze_button = QPushButton(self.tr("Snoo&ze ▾"))
        self.snooze_button.setToolTip(self.tr("Snooze: 1 day, 3 days, a week or a date (S)"))
        self.customer_button = QPushButton(self.tr("Open c&ustomer"))
        self.customer_button.setToolTip(self.tr("Open the customer (Enter)"))
        self.cancel_button = QPushButton(self.tr("Cance&l…"))
        self.cancel_button.setToolTip(self.tr("Cancel the follow-up (Delete)"))
        self.new_button = QPushButton(self.tr("&New follow-up…"))
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the list again (F5)"))
        buttons = QHBoxLayout()
        for button in (self.done_button, self.snooze_button, self.customer_button):
            buttons.addWidget(button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.refresh_button)
        self.message_label = QLabel()
        self.message_label.setObjectName("todayMessage")
        self.message_label.setWordWrap(True)

        self.model = TodayModel(self)
        self.tree = TodayTree()
        self.tree.setObjectName("todayTree")
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setExpandsOnDoubleClick(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_WHY, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(COL_CUSTOMER, 220)
        # The Due column as wide as a late date needs: the reasons beside it take the rest.
        fit_columns(self.tree, {COL_DUE: self.model.due_samples()})
        self.empty_label = empty_hint("todayEmpty")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)

        self.done_button.clicked.connect(self.complete_current)
        self.snooze_button.clicked.connect(self._on_snooze_button_clicked)
        self.customer_button.clicked.connect(self.open_current)
        self.cancel_button.clicked.connect(self.cancel_current)
        self.new_button.clicked.connect(lambda: self.new_followup())
        self.refresh_button.clicked.connect(self.refresh)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tree.open_requested.connect(self.open_current)
        self.tree.done_requested.connect(self.complete_current)
        self.tree.snooze_requested.connect(self._on_tree_snooze_requested)
        self.tree.cancel_requested.connect(self.cancel_current)
        self.tree.doubleClicked.connect(lambda _i: self.open_current())
        self.tree.collapsed.connect(self._on_tree_collapsed)
        self.tree.expanded.connect(self._on_tree_expanded)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.followup_actions.changed.connect(self._on_followup_actions_changed)
        self.refresh()

    # --- data ----------------------------------------------------------------------------
    def badge_count(self) -> int:
        """Open follow-ups overdue or due today (the sidebar badge)."""
        return max(self._badge, 0)

    def refresh(self) -> None:
        """Read today's follow-ups again, keeping the cursor on the same (or the next) one."""
        self._reload(move_on=False)

    def _reload(self, *, move_on: bool) -> None:
        """Read the follow-ups again; `move_on`: the cursor leaves the current follow-up for
        the next one of the list (it was just acted on)."""
        today = self._clock().date()
        old_order = self.model.row_ids()
        keep = self.current_followup_id()
        current = self.tree.currentIndex()
        header = self.model.node_key(current) if current.isValid() and keep is None else None
        data = fu.today_data(today, limit=self._limit)
        self.model.set_data(data)
        self._shown_day = today
        collapsed = set(self._collapsed)
        self._refreshing = True  # expandAll() reports every node as expanded
        self.tree.expandAll()
        for index in self.model.header_indexes():
            self.tree.setFirstColumnSpanned(index.row(), index.parent(), True)
            group = self.model.group_of(index)
            if self.model.node_kind(index) == NODE_GROUP and group in collapsed:
                self.tree.collapse(index)
        self._refreshing = False
        self._collapsed = collapsed
        has_rows = bool(data.groups)
        show_hint(self.tree, self.empty_label, None if has_rows else self._empty_text())
        if header is not None and (index := self._find_node(header)).isValid():
            self.tree.setCurrentIndex(index)
        else:
            self._restore_current(keep, old_order, move_on)
        self.title_label.setText(
            "<h2 style='margin:0'>"
            + self.tr("Today — %1").replace(
                "%1",
                QLocale().toString(
                    QDate(today.year, today.month, today.day), QLocale.FormatType.LongFormat
                ),
            )
            + "</h2>"
        )
        c = data.counts
        self.summary_label.setText(
            self.tr("%1 overdue · %2 due today · %3 in the next 7 days")
            .replace("%1", f"{c.get(fu.OVERDUE, 0):,}")
            .replace("%2", f"{c.get(fu.TODAY, 0):,}")
            .replace("%3", f"{c.get(fu.NEXT_7_DAYS, 0):,}")
        )
        badge = c.get(fu.OVERDUE, 0) + c.get(fu.TODAY, 0)
        if badge != self._badge:
            self._badge = badge
            self.counts_changed.emit(badge)
        self._update_buttons()

    def notify_due(self, now: datetime) -> list[fu.FollowUpRow]:
        """The active follow-ups that became due since the last call (or since the page was
        made), oldest first; the page refreshes when any did or the day changed.

        For the lead's notification timer (a tray message each minute, say).
        """
        since, self._notified_until = self._notified_until, now
        if now <= since:  # the same minute, or the clock was set back (it ran fast)
            if now.date() != self._shown_day:
                self.refresh()
            return []
        flt = fu.FollowUpFilter(statuses=fu.ACTIVE, due_from=since.date(), due_to=now.date())
        ids = fu.list_ids(flt, "due")
        rows = fu.fetch_rows(ids)
        # What was told already (before the clock was set back) is not told again; a reminder
        # made for a time in the hour set back is told when that time comes again.
        due = [
            rows[i] for i in ids
            if i in rows and since < rows[i].due <= now and self._told.get(i) != rows[i].due
        ]  # fmt: skip
        self._told = {i: d for i, d in self._told.items() if d > now - timedelta(days=2)}
        self._told.update((r.id, r.due) for r in due)
        if due or now.date() != self._shown_day:
            self.refresh()
        return due

    def _find_node(self, key: tuple[int, str, str]) -> QModelIndex:
        for index in self.model.header_indexes():
            if self.model.node_key(index) == key:
                return index
        return QModelIndex()

    def _empty_text(self) -> str:
        if not customer_list.has_customers():  # a new shop: the first step, not a rest day
            return self.tr(
                "No customers yet. Import your order exports (Ctrl+I) or add a customer "
                "(Ctrl+N): birthdays, win-backs and after-sale check-ins then appear here."
            )
        return self.tr("Nothing to follow up today or in the next 7 days. Enjoy your day!")

    def _restore_current(self, keep: int | None, old_order: list[int], move_on: bool) -> None:
        ids = self.model.row_ids()
        if not ids:
            return
        target = keep if keep in ids and not move_on else None
        if target is None and keep is not None and keep in old_order:
            # The current one went away (done, snoozed past the week) or was just snoozed
            # within the week: take the next one, so that D or S again acts on another.
            at = old_order.index(keep)
            later = [i for i in old_order[at + 1 :] if i in ids]
            earlier = [i for i in reversed(old_order[:at]) if i in ids]
            target = (later or earlier or [None])[0]
        if target is None:
            target = ids[0]
        self.select_followup(target)

    # --- selection -----------------------------------------------------------------------
    def select_followup(self, followup_id: int) -> bool:
        index = self.model.index_of(followup_id)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def current_row(self) -> fu.TodayRow | None:
        """The current follow-up line (None on a header)."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index.siblingAtColumn(0), ROW_ROLE)
        return value if isinstance(value, fu.TodayRow) else None

    def current_followup_id(self) -> int | None:
        row = self.current_row()
        return row.followup.id if row is not None else None

    def _current_ids(self) -> list[int]:
        fid = self.current_followup_id()
        return [fid] if fid is not None else []

    def _on_tree_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_row() is not None
        for button in (self.done_button, self.snooze_button, self.customer_button):
            button.setEnabled(has)
        self.cancel_button.setEnabled(has)

    def _on_tree_collapsed(self, index: QModelIndex) -> None:
        group = self.model.group_of(index)
        if group is not None and self.model.node_kind(index) == NODE_GROUP:
            self._collapsed.add(group)

    def _on_tree_expanded(self, index: QModelIndex) -> None:
        group = self.model.group_of(index)
        if group is not None and not self._refreshing:
            self._collapsed.discard(group)

    # --- actions -------------------------------------------------------------------------
    def open_current(self) -> None:
        """Enter: open the customer of the current row; on a header fold or unfold it; on a
        "more" line ask for the whole group."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return
        index = index.siblingAtColumn(0)
        kind = self.model.node_kind(index)
        if kind == NODE_ROW:
            self.customer_requested.emit(int(self.model.data(index, CUSTOMER_ROLE)))
        elif kind == NODE_MORE:
            group = self.model.group_of(index)
            if group is not None:
                self.group_requested.emit(*group)
        else:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def complete_current(self) -> None:
        """D: ask for an optional outcome, then mark the current follow-up done."""
        self.followup_actions.complete(self._current_ids())

    def snooze_current(self, option: str) -> None:
        """Snooze the current follow-up: "1d", "3d", "1w", or "date" (asks for the day)."""
        self.followup_actions.snooze(self._current_ids(), option)

    def cancel_current(self) -> None:
        """Delete: ask, then cancel the current follow-up."""
        self.followup_actions.cancel(self._current_ids())

    def _on_snooze_button_clicked(self) -> None:
        self.followup_actions.popup_snooze_menu(self._current_ids(), self.snooze_button)

    def _on_tree_snooze_requested(self) -> None:
        self.followup_actions.popup_snooze_menu(self._current_ids(), self.tree)

    def new_followup(self, customer_id: int | None = None) -> FollowUpDialog:
        """The new follow-up form (open, not blocking)."""
        dialog = FollowUpDialog(self, customer_id=customer_id, clock=self._clock)
        dialog.followup_saved.connect(self._on_followup_saved)
        dialog.open()
        return dialog

    def _on_followup_saved(self, followup_id: int) -> None:
        self.refresh()
        self.select_followup(followup_id)
        self.message_label.setText(self.tr("Follow-up saved."))
        self.data_changed.emit()

    def _on_followup_actions_changed(self, message: str) -> None:
        # Done, snooze and cancel act on the current follow-up: move on, as a to-do list does.
        self._reload(move_on=True)
        self.message_label.setText(message)
        self.tree.setFocus()
        self.data_changed.emit()

    def day_shown(self) -> date | None:
        """The day the page shows (it follows the clock on refresh)."""
        return self._shown_day
