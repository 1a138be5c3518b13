"""Duplicate customers: find likely pairs off the GUI thread, review and merge, undo a merge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError
from desktop_crm.services import backup
from desktop_crm.services import duplicates as dup
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import QUEUED, JobRunner, while_alive
from desktop_crm.views.key_views import KeyTree, enable_row_copy
from desktop_crm.views.labels import sentences
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.merge_dialog import (
    Clock,
    MergeDialog,
    customer_name,
    customer_tooltip,
    field_name,
    platforms_text,
    reasons_text,
    strength_text,
)

Index = QModelIndex | QPersistentModelIndex
PAIR_ROLE = Qt.ItemDataRole.UserRole + 1  # the DuplicatePair of a pair row
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # the DuplicateGroup of a row of 3+ customers
CUSTOMER_ROLE = Qt.ItemDataRole.UserRole + 3  # the customer id of a name cell
_TOP = 0  # internalId of a top-level row; a pair under a group has the group's row + 1
# Which choice field a customer column the merge set belongs to (phone_norm -> phone ...).
_FIELD_OF = {col: name for name, cols in dup.FIELD_GROUPS.items() for col in cols}


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def fields_taken(info: dup.MergeInfo) -> tuple[str, ...]:
    """The review fields a merge took from the merged customer (CHOICE_FIELDS order)."""
    columns = getattr(info, "fields_changed", None)
    if columns is None:
        # WORKAROUND: MergeInfo does not carry the columns the merge set yet; the merge
        # record does. Replace by the MergeInfo field once services.duplicates adds it.
        try:
            columns = tuple(dup._load_record(info.merge_id).after)
        except CrmError:
            columns = ()
    taken = {_FIELD_OF[c] for c in columns if c in _FIELD_OF}
    return tuple(name for name in dup.CHOICE_FIELDS if name in taken)


class DuplicateTreeModel(QAbstractItemModel):
    """Suggested pairs, strongest first. A group of three customers or more is a row with its
    pairs under it; a group of two is the row of its one pair."""

    NAME_A, PLATFORMS_A, NAME_B, PLATFORMS_B, REASONS, STRENGTH = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[dup.DuplicateGroup] = []
        self._headers = [
            self.tr("Customer"),
            self.tr("Platforms"),
            self.tr("May be the same as"),
            self.tr("Platforms"),
            self.tr("Why"),
            self.tr("Strength"),
        ]

    # --- content ---------------------------------------------------------------------------
    def set_groups(self, groups: Sequence[dup.DuplicateGroup]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def pairs(self) -> list[dup.DuplicatePair]:
        """Every pair listed, strongest first."""
        out = [p for g in self._groups for p in g.pairs]
        out.sort(key=lambda p: (-p.strength, p.ids))
        return out

    @staticmethod
    def is_group(group: dup.DuplicateGroup) -> bool:
        return len(group.customer_ids) > 2

    def is_group_row(self, row: int) -> bool:
        return 0 <= row < len(self._groups) and self.is_group(self._groups[row])

    def pair_at(self, index: Index) -> dup.DuplicatePair | None:
        if not index.isValid():
            return None
        parent = int(index.internalId())
        if parent == _TOP:
            group = self._groups[index.row()]
            return None if self.is_group(group) else group.pairs[0]
        return self._groups[parent - 1].pairs[index.row()]

    def group_at(self, index: Index) -> dup.DuplicateGroup | None:
        """The group a row belongs to (its own, for a pair of two)."""
        if not index.isValid():
            return None
        parent = int(index.internalId())
        return self._groups[index.row() if parent == _TOP else parent - 1]

    def index_of(self, ids: tuple[int, int]) -> QModelIndex:
        """The row of a pair, or an invalid index."""
        for row, group in enumerate(self._groups):
            for child, pair in enumerate(group.pairs):
                if pair.ids == ids:
                    if self.is_group(group):
                        return self.index(child, 0, self.index(row, 0))
                    return self.index(row, 0)
        return QModelIndex()

    # --- Qt --------------------------------------------------------------------------------
    def index(
        self,
        row: int,
        column: int,
        parent: Index = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if parent.isValid():
            return self.createIndex(row, column, parent.row() + 1)
        return self.createIndex(row, column, _TOP)

    def parent(self, child: Index | None = None) -> Any:  # type: ignore[override]
        if child is None:
            return super().parent()  # QObject.parent()
        if not child.isValid() or int(child.internalId()) == _TOP:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if int(parent.internalId()) == _TOP and parent.column() == 0:
            group = self._groups[parent.row()]
            return len(group.pairs) if self.is_group(group) else 0
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pair = self.pair_at(index)
        if pair is None:
            return self._group_data(self._groups[index.row()], index.column(), role)
        col = index.column()
        brief = pair.a if col in (self.NAME_A, self.PLATFORMS_A) else pair.b
        if role == Qt.ItemDataRole.DisplayRole:
            if col in (self.NAME_A, self.NAME_B):
                return customer_name(brief)
            if col in (self.PLATFORMS_A, self.PLATFORMS_B):
                return platforms_text(brief)
            if col == self.REASONS:
                return reasons_text(pair.reasons)
            return strength_text(pair.strength)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.NAME_A, self.NAME_B):
            return customer_tooltip(brief)
        if role == CUSTOMER_ROLE and col in (self.NAME_A, self.NAME_B):
            return brief.id
        if role == PAIR_ROLE:
            return pair
        if role == GROUP_ROLE:
            return self.group_at(index)
        return None

    def _group_data(self, group: dup.DuplicateGroup, col: int, role: int) -> Any:
        names = _group_names(group)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME_A:
                # Shown across the whole row (the view spans the first column).
                return (
                    self.tr("Group of %n customers: %1", "", len(group.customer_ids)).replace(
                        "%1", ", ".join(names.values())
                    )
                    + " · "
                    + self.tr("strongest %1").replace("%1", strength_text(group.strength))
                )
            if col == self.REASONS:
                return self.tr("%n suggested pairs", "", len(group.pairs))
            if col == self.STRENGTH:
                return strength_text(group.strength)
            return ""
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME_A:
            return self.tr(
                "These customers are linked by the pairs below: review and merge them two at a "
                "time, or mark a pair as not the same person."
            )
        if role == GROUP_ROLE:
            return group
        return None


def _group_names(group: dup.DuplicateGroup) -> dict[int, str]:
    """Customer id -> name, for every customer of a group (from its pairs)."""
    names: dict[int, str] = {}
    for pair in group.pairs:
        for brief in (pair.a, pair.b):
            names.setdefault(brief.id, customer_name(brief))
    return {cid: names[cid] for cid in group.customer_ids if cid in names}


class DuplicatesPage(QWidget):
    """Customers who are probably one person: find, review and merge, or say they are not;
    and the merge history, where a merge can be undone.

    Args:
        runner: runs the search off the GUI thread.
        clock: the current time (tests pass a fixed one).

    Signals:
        customers_changed(): a merge or an unmerge changed customers (other pages reload).
        customer_requested(int): the merchant wants to see this customer.
        duplicates_found(int): a search finished with this many suggested pairs.
    """

    customers_changed = Signal()
    customer_requested = Signal(int)
    duplicates_found = Signal(int)

    def __init__(
        self, runner: JobRunner, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DuplicatesPage")
        self._runner = runner
        self._clock = clock or _now
        self._token = 0
        self._searching = False
        self._searched = False  # a search was asked for: later refreshes search again
        self._dirty = False  # search again when next shown
        self._last_mark: dup.DuplicatePair | None = None
        self._fields: dict[int, tuple[str, ...]] = {}
        self.report: dup.DuplicateReport | None = None
        self.merge_dialog: MergeDialog | None = None

        # --- suggestions -------------------------------------------------------------------
        self.find_button = QPushButton(self.tr("Find &duplicates"))
        self.find_button.setObjectName("findButton")
        self.find_button.clicked.connect(self._on_find_button_clicked)
        self.status_label = QLabel(
            self.tr(
                "Find duplicates looks for customers who are probably one person: the same "
                "full phone or e-mail, the same name in the same city, or the same address."
            )
        )
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.model = DuplicateTreeModel(self)
        self.tree = KeyTree(deletes=True)
        self.tree.setObjectName("duplicatesTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        # Why the two are suggested is what the merchant decides on: that column, the
        # platforms and the confidence show whole; the two names share the room left.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (0, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.tree.open_requested.connect(self._on_tree_open_requested)
        self.tree.delete_requested.connect(self._on_tree_delete_requested)
        self.tree.doubleClicked.connect(self._on_tree_double_clicked)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

        self.review_button = QPushButton(self.tr("&Review and merge…"))
        self.review_button.setObjectName("reviewButton")
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.not_same_button = QPushButton(self.tr("&Not the same person"))
        self.not_same_button.setObjectName("notSameButton")
        self.not_same_button.setToolTip(
            self.tr("Remember that these two are different people: they are not suggested again.")
        )
        self.not_same_button.clicked.connect(self._on_not_same_button_clicked)
        self.undo_mark_button = QPushButton(self.tr("Undo &mark"))
        self.undo_mark_button.setObjectName("undoMarkButton")
        self.undo_mark_button.clicked.connect(self._on_undo_mark_button_clicked)
        self.undo_mark_button.hide()
        # A push button with a menu keeps room for its arrow beside the text (a tool button's
        # arrow was drawn over "customer").
        self.show_button = QPushButton(self.tr("Show c&ustomer"))
        self.show_button.setObjectName("showButton")
        self.show_menu = QMenu(self.show_button)
        self.show_button.setMenu(self.show_menu)

        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.status_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_mark_button)
        buttons.addWidget(self.not_same_button)
        buttons.addWidget(self.review_button)
        suggestions = QWidget()
        suggestions_layout = QVBoxLayout(suggestions)
        suggestions_layout.addLayout(top)
        suggestions_layout.addWidget(self.tree, 1)
        suggestions_layout.addLayout(buttons)

        # --- merge history -----------------------------------------------------------------
        self.history_model: ListTableModel[dup.MergeInfo] = ListTableModel(
            [
                Column(self.tr("When"), lambda m: m.created_at.strftime("%Y-%m-%d %H:%M")),
                Column(self.tr("Kept"), self._kept_text),
                Column(self.tr("Merged into it"), lambda m: m.merged_name),
                Column(self.tr("Values taken from it"), self._fields_text),
                Column(self.tr("State"), self._state_text),
            ],
            self,
        )
        self.history_table = enable_row_copy(QTableView())
        self.history_table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.history_table.setObjectName("mergeHistoryTable")
        self.history_table.setModel(self.history_model)
        self.history_table.verticalHeader().hide()
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        history_header = self.history_table.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history_table.selectionModel().currentRowChanged.connect(
            self._on_history_table_current_row_changed
        )
        self.history_table.doubleClicked.connect(self._on_history_table_double_clicked)
        self.undo_merge_button = QPushButton(self.tr("&Undo merge…"))
        self.undo_merge_button.setObjectName("undoMergeButton")
        self.undo_merge_button.clicked.connect(self._on_undo_merge_button_clicked)
        self.history_show_button = QPushButton(self.tr("Show &kept customer"))
        self.history_show_button.clicked.connect(self._on_history_show_button_clicked)
        self.history_status = QLabel(
            self.tr(
                "Merges are undone newest first: a merge that a later one built on says which "
                "to undo first."
            )
        )
        self.history_status.setObjectName("historyStatus")
        self.history_status.setWordWrap(True)
        history_buttons = QHBoxLayout()
        history_buttons.addWidget(self.history_show_button)
        history_buttons.addStretch(1)
        history_buttons.addWidget(self.undo_merge_button)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history_table, 1)
        history_layout.addWidget(self.history_status)
        history_layout.addLayout(history_buttons)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("duplicatesTabs")
        self.tabs.addTab(suggestions, self.tr("Su&ggestions"))
        self.tabs.addTab(history, self.tr("&Merge history"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh_history()
        self._update_buttons()

    # --- searching -------------------------------------------------------------------------
    def is_searching(self) -> bool:
        return self._searching

    def find_duplicates(self) -> None:
        """Search on the worker thread; the list shows the result when it comes."""
        self._searched = True
        self._dirty = False
        self._token += 1
        token = self._token
        self._searching = True
        self.find_button.setEnabled(False)
        self.status_label.setText(self.tr("Searching…"))

        def work(_progress: Any, _cancelled: Any) -> dup.DuplicateReport:
            return dup.find_duplicates()

        job = self._runner.submit(work)
        # Queued: the job's signals come from the worker thread (views/jobs.py).
        job.succeeded.connect(
            while_alive(self, lambda report, t=token: self._on_job_succeeded(t, report)), QUEUED
        )
        job.failed.connect(
            while_alive(self, lambda exc, t=token: self._on_job_failed(t, exc)), QUEUED
        )

    def _on_job_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self._searching = False
        self.find_button.setEnabled(True)
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        self.status_label.setText(self.tr("The search failed: %1").replace("%1", message))

    def _on_job_succeeded(self, token: int, report: dup.DuplicateReport) -> None:
        if token != self._token:
            return  # an older search: a newer one is on its way
        self._searching = False
        self.find_button.setEnabled(True)
        self.report = report
        position = self._position()
        self._last_mark = None
        self.undo_mark_button.hide()
        self.model.set_groups(report.groups)
        self._after_reset(position)
        n = len(report.pairs)
        if n:
            text = self.tr("%n pair(s) of customers may be one person.", "", n)
        else:
            text = self.tr("No likely duplicates found.")
        skipped = sum(report.skipped_keys.values())
        if skipped:
            text = sentences(
                text,
                self.tr(
                    "Left out %n value(s) shared by too many customers (a shop's own phone, a "
                    "common name).",
                    "",
                    skipped,
                ),
            )
        self.status_label.setText(text)
        self.duplicates_found.emit(n)

    def pairs_of(self, customer_id: int) -> list[dup.DuplicatePair]:
        """Pairs of the last search that involve this customer (for a hint elsewhere)."""
        return [p for p in self.model.pairs() if customer_id in p.ids]

    def refresh(self) -> None:
        """Data changed elsewhere: reload the merge history, and search again if a search was
        made (now when the page is shown, else when it is next shown)."""
        self.refresh_history()
        if not self._searched:
            return
        if self.isVisible():
            self.find_duplicates()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and not self._searching:
            self.find_duplicates()

    # --- the list --------------------------------------------------------------------------
    def current_pair(self) -> dup.DuplicatePair | None:
        return self.model.pair_at(self.tree.currentIndex())

    def _position(self) -> tuple[int, int]:
        """The current row as (top-level row, child row or -1), to select near it again."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return (0, 0)  # the first pair, under a group or not
        index = index.siblingAtColumn(0)
        if index.parent().isValid():
            return (index.parent().row(), index.row())
        return (index.row(), -1)

    def _after_reset(self, position: tuple[int, int] | None = None, ids: Any = None) -> None:
        for row in range(self.model.rowCount()):
            if self.model.is_group_row(row):
                self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        index = self.model.index_of(ids) if ids is not None else QModelIndex()
        if not index.isValid() and position is not None and self.model.rowCount():
            top = min(position[0], self.model.rowCount() - 1)
            index = self.model.index(top, 0)
            children = self.model.rowCount(index)
            if position[1] >= 0 and children:
                index = self.model.index(min(position[1], children - 1), 0, index)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self._update_buttons()

    def _set_pairs(self, pairs: Sequence[dup.DuplicatePair], **select: Any) -> None:
        self.model.set_groups(dup.group_pairs(list(pairs)))
        self._after_reset(**select)

    def _update_buttons(self) -> None:
        pair = self.current_pair()
        self.review_button.setEnabled(pair is not None)
        self.not_same_button.setEnabled(pair is not None)
        self.show_menu.clear()
        group = self.model.group_at(self.tree.currentIndex())
        if pair is not None:
            people = [(pair.a.id, customer_name(pair.a)), (pair.b.id, customer_name(pair.b))]
        elif group is not None:
            people = list(_group_names(group).items())
        else:
            people = []
        for cid, name in people:
            action = self.show_menu.addAction(
                self.tr("%1 (number %2)").replace("%1", name).replace("%2", str(cid))
            )
            action.triggered.connect(lambda _checked=False, c=cid: self.customer_requested.emit(c))
        self.show_button.setEnabled(bool(people))

    def _on_tree_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _on_find_button_clicked(self) -> None:
        self.find_duplicates()

    def _on_tree_open_requested(self) -> None:
        index = self.tree.currentIndex()
        if self.current_pair() is not None:
            self.review_current()
        elif index.isValid():
            index = index.siblingAtColumn(0)
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _on_tree_double_clicked(self, index: QModelIndex) -> None:
        if self.model.pair_at(index) is not None:
            self.review_current()

    def _on_tree_delete_requested(self) -> None:
        self.mark_current(confirm=True)

    def _on_review_button_clicked(self) -> None:
        self.review_current()

    def _on_not_same_button_clicked(self) -> None:
        self.mark_current(confirm=False)

    # --- review and merge ------------------------------------------------------------------
    def review_current(self) -> MergeDialog | None:
        """Open the review of the current pair, keeping the customer with more orders."""
        pair = self.current_pair()
        if pair is None:
            return None
        a, b = pair.a, pair.b
        if (b.order_count, -b.id) > (a.order_count, -a.id):
            a, b = b, a
        return self.review(a.id, b.id)

    def review(self, kept_id: int, merged_id: int) -> MergeDialog | None:
        """Open the side-by-side review of two customers (window-modal)."""
        try:
            dialog = MergeDialog(kept_id, merged_id, self, clock=self._clock)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Review and merge"), storage_error_text(exc.message))
            if self._searched and not self._searching:
                self.find_duplicates()  # the list is out of date
            return None
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.merged.connect(self._on_merge_dialog_merged)
        dialog.finished.connect(self._on_merge_dialog_finished)
        dialog.finished.connect(dialog.deleteLater)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _on_merge_dialog_merged(self, kept_id: int) -> None:
        dialog = self.merge_dialog
        result = dialog.result_info if dialog is not None else None
        merged_id = result.merged_id if result is not None else None
        if dialog is not None:
            self.status_label.setText(
                self.tr("Merged %1 into %2. The merge history can undo it.")
                .replace("%1", customer_name(dialog.review.merged))
                .replace("%2", customer_name(dialog.review.kept))
            )
        # The merged customer is gone: drop its pairs now; the new search brings the kept
        # customer's pairs up to date.
        position = self._position()
        self._set_pairs(
            [p for p in self.model.pairs() if merged_id not in p.ids],
            position=position,
        )
        self.refresh_history()
        if result is not None:
            # The merge just made is the one Undo merge… acts on next, not an older one.
            self.select_merge(result.merge_id)
            self._update_history_buttons()
        self.customers_changed.emit()
        if self._searched:
            self.find_duplicates()

    def _on_merge_dialog_finished(self, _result: int) -> None:
        self.merge_dialog = None
        self.tree.setFocus()

    # --- not the same person ---------------------------------------------------------------
    def mark_current(self, *, confirm: bool) -> bool:
        """Mark the current pair as two people (asking first when `confirm`)."""
        pair = self.current_pair()
        if pair is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Not the same person"),
                self.tr("Are %1 and %2 different people? They will not be suggested again.")
                .replace("%1", customer_name(pair.a))
                .replace("%2", customer_name(pair.b)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            dup.mark_not_duplicate(pair.a.id, pair.b.id, now=self._clock())
        except CrmError as exc:
            QMessageBox.warning(
                self, self.tr("Not the same person"), storage_error_text(exc.message)
            )
            return False
        position = self._position()
        self._set_pairs([p for p in self.model.pairs() if p.ids != pair.ids], position=position)
        self._last_mark = pair
        self.undo_mark_button.show()
        self.status_label.setText(
            self.tr("%1 and %2 are marked as different people and will not be suggested again.")
            .replace("%1", customer_name(pair.a))
            .replace("%2", customer_name(pair.b))
        )
        self.tree.setFocus()
        return True

    def _on_undo_mark_button_clicked(self) -> None:
        pair = self._last_mark
        if pair is None:
            return
        try:
            dup.unmark_not_duplicate(pair.a.id, pair.b.id)
        except CrmError as exc:
            QMessageBox.warning(
                self, self.tr("Not the same person"), storage_error_text(exc.message)
            )
            return
        self._last_mark = None
        self.undo_mark_button.hide()
        self._set_pairs([*self.model.pairs(), pair], ids=pair.ids)
        self.status_label.setText(
            self.tr("%1 and %2 are suggested again.")
            .replace("%1", customer_name(pair.a))
            .replace("%2", customer_name(pair.b))
        )
        self.tree.setFocus()

    # --- merge history ---------------------------------------------------------------------
    def refresh_history(self) -> None:
        """Reload the merge history, keeping the selected merge."""
        current = self.current_merge()
        infos = dup.merge_history()
        self._fields = {info.merge_id: fields_taken(info) for info in infos}
        self.history_model.set_items(infos)
        if current is not None:
            self.select_merge(current.merge_id)
        elif infos:
            self.history_table.selectRow(0)
        self._update_history_buttons()

    def current_merge(self) -> dup.MergeInfo | None:
        index = self.history_table.currentIndex()
        return self.history_model.item(index.row()) if index.isValid() else None

    def select_merge(self, merge_id: int) -> None:
        for row, info in enumerate(self.history_model.items()):
            if info.merge_id == merge_id:
                self.history_table.selectRow(row)
                return

    def _kept_text(self, info: dup.MergeInfo) -> str:
        if info.kept_name is None:
            return self.tr("(no longer exists)")
        return info.kept_name

    def _fields_text(self, info: dup.MergeInfo) -> str:
        names = [field_name(f) for f in self._fields.get(info.merge_id, ())]
        return ", ".join(names) if names else self.tr("none")

    def _state_text(self, info: dup.MergeInfo) -> str:
        if info.undone_at is None:
            return ""
        return self.tr("undone %1").replace("%1", info.undone_at.strftime("%Y-%m-%d %H:%M"))

    def _update_history_buttons(self) -> None:
        info = self.current_merge()
        self.history_show_button.setEnabled(info is not None and info.kept_name is not None)
        if info is None:
            self.undo_merge_button.setEnabled(False)
            self.undo_merge_button.setToolTip("")
            return
        reason = dup.can_unmerge(info.merge_id)
        self.undo_merge_button.setEnabled(reason is None)
        self.undo_merge_button.setToolTip(
            reason
            if reason is not None
            else self.tr("Put both customers back as they were before this merge.")
        )

    def _on_history_table_current_row_changed(
        self, _current: QModelIndex, _previous: QModelIndex
    ) -> None:
        self._update_history_buttons()

    def _on_history_table_double_clicked(self, _index: QModelIndex) -> None:
        self._on_history_show_button_clicked()

    def _on_history_show_button_clicked(self) -> None:
        info = self.current_merge()
        if info is not None and info.kept_name is not None:
            self.customer_requested.emit(info.kept_id)

    def _on_undo_merge_button_clicked(self) -> None:
        info = self.current_merge()
        if info is None:
            return
        title = self.tr("Undo merge")
        reason = dup.can_unmerge(info.merge_id)
        if reason is not None:
            QMessageBox.warning(self, title, reason)
            self._update_history_buttons()
            return
        kept = info.kept_name or str(info.kept_id)
        answer = QMessageBox.question(
            self,
            title,
            self.tr("Undo the merge of %1 into %2?")
            .replace("%1", info.merged_name)
            .replace("%2", kept)
            + "\n\n"
            + self.tr(
                "%1 comes back with its orders, platform accounts, tags, notes and points, and "
                "%2 gets back the values it had. A backup is made first."
            )
            .replace("%1", info.merged_name)
            .replace("%2", kept),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        now = self._clock()
        try:
            backup.backup_before("unmerge", now=now)
        except (CrmError, OSError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            QMessageBox.warning(
                self,
                title,
                self.tr("No backup could be made, so the merge was not undone: %1").replace(
                    "%1", message
                ),
            )
            return
        try:
            result = dup.unmerge(info.merge_id, now=now, today=now.date())
        except dup.UnmergeRefused as exc:
            QMessageBox.warning(self, title, storage_error_text(exc.message))
            self.refresh_history()
            if exc.blocking is not None:
                self.select_merge(exc.blocking)  # the one to undo first
            return
        except CrmError as exc:
            QMessageBox.warning(self, title, storage_error_text(exc.message))
            self.refresh_history()
            return
        text = self.tr("%1 is back as a customer of its own.").replace("%1", info.merged_name)
        kept_fields = {_FIELD_OF[c] for c in result.fields_kept if c in _FIELD_OF}
        if kept_fields:
            names = [field_name(f) for f in dup.CHOICE_FIELDS if f in kept_fields]
            since = self.tr("Values changed since the merge were left as they are: %1.")
            text = sentences(text, since.replace("%1", ", ".join(names)))
        if result.rows_gone:
            text = sentences(
                text,
                self.tr("%n row(s) deleted since the merge stay deleted.", "", result.rows_gone),
            )
        self.history_status.setText(text)
        self.refresh_history()
        self.customers_changed.emit()
        if self._searched:
            self.find_duplicates()
