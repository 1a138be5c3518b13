"""One customer's timeline: orders, follow-ups, feedback, notes, points and tier changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import NotFound
from desktop_crm.services import followups as fu
from desktop_crm.services.money import format_money
from desktop_crm.views.followup_dialogs import (
    Clock,
    FeedbackDialog,
    FollowUpDialog,
    display_title,
    due_text,
    feedback_kind_name,
    feedback_status_name,
    followup_status_name,
    outcome_text,
    rating_text,
    system_now,
)
from desktop_crm.views.key_views import KeyTable
from desktop_crm.views.labels import fill_args, platform_name, status_name, tier_display_name
from desktop_crm.views.points_statement import note_text, reason_name, tier_reason_text

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

COL_WHEN, COL_KIND, COL_TEXT, COL_STATUS = range(4)
# Narrower than this (the customer pane at 1024 px), the list is compact: the date without
# its time, the status in the details' tooltip, so the details keep room to be read.
COMPACT_WIDTH = 520
# detail["event"] of the entry that marks when a feedback was resolved.
RESOLVED_EVENT = "resolved"

_COLORS = {
    "order": "#1565c0",
    "followup": "#ef6c00",
    "feedback": "#c62828",
    "note": "#757575",
    "points": "#2e7d32",
    "tier": "#b8860b",
}
_icons: dict[str, QIcon] = {}


def kind_icon(kind: str) -> QIcon:
    """A coloured dot per kind of entry (drawn once; needs a QGuiApplication)."""
    icon = _icons.get(kind)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(_COLORS.get(kind, "#9e9e9e")))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = _icons[kind] = QIcon(pixmap)
    return icon


def kind_label(kind: str) -> str:
    """What kind of event a timeline entry is."""
    names = {
        "order": QCoreApplication.translate("TimelineModel", "Order"),
        "followup": QCoreApplication.translate("TimelineModel", "Follow-up"),
        "feedback": QCoreApplication.translate("TimelineModel", "Feedback"),
        "note": QCoreApplication.translate("TimelineModel", "Note"),
        "points": QCoreApplication.translate("TimelineModel", "Points"),
        "tier": QCoreApplication.translate("TimelineModel", "Tier"),
    }
    return names.get(kind, kind)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def entry_text(entry: fu.TimelineEntry) -> str:
    """The entry's summary in one translated line."""
    d = entry.detail
    if entry.kind == "order":
        parts = [
            f"{platform_name(d.get('platform'))} {d.get('order_no', '')}",
            format_money(int(d.get("paid") or 0), d.get("currency")),
        ]
        if d.get("refunded"):
            parts.append(
                QCoreApplication.translate("TimelineModel", "refunded %1").replace(
                    "%1", format_money(int(d["refunded"]), d.get("currency"))
                )
            )
        if d.get("item_summary"):
            parts.append(_one_line(d["item_summary"]))
        return " · ".join(parts)
    if entry.kind == "followup":
        text = display_title(str(d.get("kind", "")), entry.title, bool(d.get("automatic")))
        if d.get("outcome"):
            text += " — " + _one_line(outcome_text(str(d["outcome"])))
        return text
    if entry.kind == "feedback" and d.get("event") == RESOLVED_EVENT:
        kind = feedback_kind_name(str(d.get("kind", "")))
        if d.get("resolution"):
            return (
                QCoreApplication.translate("TimelineModel", "%1 resolved: %2")
                .replace("%1", kind)
                .replace("%2", _one_line(d["resolution"]))
            )
        return QCoreApplication.translate("TimelineModel", "%1 resolved").replace("%1", kind)
    if entry.kind == "feedback":
        head = feedback_kind_name(str(d.get("kind", "")))
        if d.get("rating") is not None:
            head += " " + rating_text(int(d["rating"]))
        text = (
            QCoreApplication.translate("TimelineModel", "%1: %2")
            .replace("%2", _one_line(entry.title))
            .replace("%1", head)
        )
        if d.get("resolution") and not isinstance(d.get("resolved_at"), datetime):
            # Resolved with a time, the resolution is an entry of its own (with_resolutions).
            text += " — " + _one_line(d["resolution"])
        return text
    if entry.kind == "points":
        # The same words and number format as the Points tab's ledger.
        delta = d.get("delta", "")
        text = (
            QCoreApplication.translate("TimelineModel", "%1 points (%2)")
            .replace("%1", f"{delta:+,}" if isinstance(delta, int) else str(delta))
            .replace("%2", reason_name(str(d.get("reason", "")), str(d.get("note") or "")))
        )
        if note_text(str(d.get("note") or "")):
            text += " — " + _one_line(note_text(str(d["note"])))
        return text
    if entry.kind == "tier":
        old, new = (tier_display_name(str(d.get(k) or "")) or "—" for k in ("from_name", "to_name"))
        text = fill_args(QCoreApplication.translate("TimelineModel", "%1 → %2"), [old, new])
        if d.get("reason"):
            reason = tier_reason_text(str(d["reason"]), str(d.get("currency") or "") or None)
            text = fill_args(QCoreApplication.translate("TimelineModel", "%1 (%2)"), [text, reason])
        return text
    return _one_line(entry.title)


def with_resolutions(entries: list[fu.TimelineEntry]) -> list[fu.TimelineEntry]:
    """The entries plus, for each resolved feedback, its resolution as an event of its own at
    the time it was resolved (the feedback itself stays at the time it was logged); newest
    first, as the service orders them."""
    extra = [
        fu.TimelineEntry(
            e.detail["resolved_at"],
            e.kind,
            e.id,
            e.title,
            e.status,
            {**e.detail, "event": RESOLVED_EVENT},
        )  # fmt: skip
        for e in entries
        if e.kind == "feedback" and isinstance(e.detail.get("resolved_at"), datetime)
    ]
    if not extra:
        return entries
    # A stable sort: entries at the same time keep the service's order, a resolution after them.
    return sorted([*entries, *extra], key=lambda e: e.when, reverse=True)


def entry_status(entry: fu.TimelineEntry) -> str:
    """The entry's status, translated (orders, follow-ups and feedback have one)."""
    if entry.kind == "order":
        return status_name(entry.status)
    if entry.kind == "followup":
        return followup_status_name(entry.status)
    if entry.kind == "feedback":
        return feedback_status_name(entry.status)
    return ""


class TimelineModel(QAbstractTableModel):
    """Timeline entries in the order given (the service sorts them newest first)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[fu.TimelineEntry] = []
        self._now: datetime | None = None
        self._compact = False

    def set_compact(self, compact: bool) -> None:
        """Dates without their time and the status in the tooltip (a narrow pane)."""
        if compact != self._compact:
            self._compact = compact
            if self._entries:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, 3))

    def set_entries(self, entries: list[fu.TimelineEntry], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._now = now
        self.endResetModel()

    def entry(self, row: int) -> fu.TimelineEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def entries(self) -> list[fu.TimelineEntry]:
        return list(self._entries)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_WHEN: self.tr("When"),
            COL_KIND: self.tr("What"),
            COL_TEXT: self.tr("Details"),
            COL_STATUS: self.tr("Status"),
        }.get(section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_WHEN:
                return f"{e.when:%Y-%m-%d}" if self._compact else due_text(e.when)
            if col == COL_KIND:
                return kind_label(e.kind)
            if col == COL_TEXT:
                return entry_text(e)
            if col == COL_STATUS:
                return entry_status(e)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TEXT:
            status = entry_status(e) if self._compact else ""
            return f"{entry_text(e)}\n{status}" if status else entry_text(e)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_WHEN and self._compact:
            return due_text(e.when)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_KIND:
            return kind_icon(e.kind)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_WHEN and self._now is not None:
            # Upcoming follow-ups lead the list: grey their time so they read as "planned".
            return QColor("#757575") if e.when > self._now else None
        if role == ENTRY_ROLE:
            return e
        if role == KIND_ROLE:
            return e.kind
        return None


class TimelineView(QWidget):
    """A customer's history in one list, newest first, with an icon and a label per kind.

    Enter (or a double-click) on a follow-up or feedback opens its form; on an order it asks
    the owner through `order_requested`. With `actions`, buttons add a follow-up or feedback;
    not `own_window` (the Customers page's pane, where the page holds N and L) they use B for
    Log feedback and none for New follow-up.

    Signals:
        data_changed(): a follow-up or feedback was saved here.
        order_requested(int): the user wants to see this order.
    """

    data_changed = Signal()
    order_requested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        actions: bool = True,
        own_window: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TimelineView")
        self._clock = clock or system_now
        self._customer_id: int | None = None
        self.model = TimelineModel(self)
        self.table = KeyTable()
        self.table.setObjectName("timelineTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(self.tr("Nothing has happened with this customer yet."))
        self.empty_label.setStyleSheet("color: palette(mid);")
        self.new_followup_button = QPushButton(
            self.tr("&New follow-up…") if own_window else self.tr("New follow-up…")
        )
        self.log_feedback_button = QPushButton(
            self.tr("&Log feedback…") if own_window else self.tr("Log feed&back…")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_followup_button)
        buttons.addWidget(self.log_feedback_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if actions:
            layout.addLayout(buttons)
        else:
            self.new_followup_button.hide()
            self.log_feedback_button.hide()
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.new_followup_button.clicked.connect(self._on_new_followup_button_clicked)
        self.log_feedback_button.clicked.connect(self._on_log_feedback_button_clicked)
        self.table.open_requested.connect(self.open_current)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self._update_buttons()

    def customer_id(self) -> int | None:
        return self._customer_id

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        compact = event.size().width() < COMPACT_WIDTH
        self.model.set_compact(compact)
        self.table.setColumnHidden(COL_STATUS, compact)

    def show_customer(self, customer_id: int | None) -> None:
        """Show this customer's timeline (None: empty)."""
        self._customer_id = customer_id
        self.refresh()

    def refresh(self) -> None:
        """Read the timeline again (after something changed elsewhere); the current entry
        stays current (a keyboard user keeps their place) when it is still there."""
        current = self.current_entry()
        kept = (current.kind, current.id) if current is not None else None
        entries = (
            with_resolutions(fu.timeline(self._customer_id))
            if self._customer_id is not None
            else []
        )
        self.model.set_entries(entries, self._clock())
        self.empty_label.setVisible(self._customer_id is not None and not entries)
        self._update_buttons()
        if kept is not None:
            for row, entry in enumerate(entries):
                if (entry.kind, entry.id) == kept:
                    self.table.setCurrentIndex(self.model.index(row, 0))
                    break

    def _update_buttons(self) -> None:
        has = self._customer_id is not None
        self.new_followup_button.setEnabled(has)
        self.log_feedback_button.setEnabled(has)

    def current_entry(self) -> fu.TimelineEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        """Open the current entry: a follow-up or feedback form, or ask for the order."""
        entry = self.current_entry()
        if entry is None:
            return
        if entry.kind == "order":
            self.order_requested.emit(entry.id)
            return
        try:
            if entry.kind == "followup":
                dialog = FollowUpDialog(self, entry.id, clock=self._clock)
                dialog.followup_saved.connect(self._on_dialog_saved)
            elif entry.kind == "feedback":
                dialog = FeedbackDialog(self, entry.id, clock=self._clock)
                dialog.feedback_saved.connect(self._on_dialog_saved)
            else:
                return
        except NotFound:
            self.refresh()
            return
        dialog.open()

    def new_followup(self) -> FollowUpDialog | None:
        """The follow-up form for this customer (open, not blocking)."""
        if self._customer_id is None:
            return None
        try:
            dialog = FollowUpDialog(self, customer_id=self._customer_id, clock=self._clock)
        except NotFound:
            self.show_customer(None)
            return None
        dialog.followup_saved.connect(self._on_dialog_saved)
        dialog.open()
        return dialog

    def log_feedback(self) -> FeedbackDialog | None:
        """The feedback form for this customer (open, not blocking)."""
        if self._customer_id is None:
            return None
        try:
            dialog = FeedbackDialog(self, customer_id=self._customer_id, clock=self._clock)
        except NotFound:
            self.show_customer(None)
            return None
        dialog.feedback_saved.connect(self._on_dialog_saved)
        dialog.open()
        return dialog

    def _on_new_followup_button_clicked(self) -> None:
        self.new_followup()

    def _on_log_feedback_button_clicked(self) -> None:
        self.log_feedback()

    def _on_dialog_saved(self, _item_id: int) -> None:
        self.refresh()
        self.data_changed.emit()
