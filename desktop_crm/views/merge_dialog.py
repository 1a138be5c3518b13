"""Merge two customers after a side-by-side review: choose each field's value, see what moves.

Also the words the duplicates views share: reasons, strength, fields, tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError
from desktop_crm.services import backup
from desktop_crm.services import duplicates as dup
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.labels import gender_name, platform_name
from desktop_crm.views.layout import VerticalScrollArea, resize_within_screen, tab_like_shown
from desktop_crm.views.list_model import Column, ListTableModel

Clock = Callable[[], datetime]
_SHORT = 60  # characters of a long value (notes) shown on a radio button


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


# --- words ---------------------------------------------------------------------------------


def reason_text(code: str) -> str:
    """Why two customers look like one person, in words."""
    names = {
        dup.PHONE: QCoreApplication.translate("Duplicates", "same full phone"),
        dup.EMAIL: QCoreApplication.translate("Duplicates", "same e-mail"),
        dup.NAME_CITY: QCoreApplication.translate("Duplicates", "same name and city"),
        dup.ADDRESS: QCoreApplication.translate("Duplicates", "same address"),
        dup.MASKED_PHONE: QCoreApplication.translate("Duplicates", "masked phone fits"),
    }
    return names.get(code, code)


def reasons_text(codes: tuple[str, ...] | list[str]) -> str:
    """Several reasons, strongest first, in one line."""
    return QCoreApplication.translate("Duplicates", ", ").join(reason_text(c) for c in codes)


def strength_text(strength: int) -> str:
    """'high (100)': the level in words with the number."""
    levels = {
        dup.HIGH: QCoreApplication.translate("Duplicates", "high"),
        dup.MEDIUM: QCoreApplication.translate("Duplicates", "medium"),
        dup.LOW: QCoreApplication.translate("Duplicates", "low"),
    }
    level = levels[dup.strength_level(strength)]
    return (
        QCoreApplication.translate("Duplicates", "%1 (%2)")
        .replace("%1", level)
        .replace("%2", str(strength))
    )


def field_name(code: str) -> str:
    """A field of the review (a key of duplicates.FIELD_GROUPS)."""
    names = {
        "display_name": QCoreApplication.translate("Duplicates", "Name"),
        "real_name": QCoreApplication.translate("Duplicates", "Real name"),
        "phone": QCoreApplication.translate("Duplicates", "Phone"),
        "email": QCoreApplication.translate("Duplicates", "E-mail"),
        "gender": QCoreApplication.translate("Duplicates", "Gender"),
        "birthday": QCoreApplication.translate("Duplicates", "Birthday"),
        "address": QCoreApplication.translate("Duplicates", "Address"),
        "notes": QCoreApplication.translate("Duplicates", "Remarks"),
    }
    return names.get(code, code)


def table_name(table: str) -> str:
    """What the rows of a table are, as the merchant knows them (unknown tables: the name)."""
    names = {
        "orders": QCoreApplication.translate("Duplicates", "Orders"),
        "channel_identity": QCoreApplication.translate("Duplicates", "Platform accounts"),
        "customer_tag": QCoreApplication.translate("Duplicates", "Tags"),
        "note": QCoreApplication.translate("Duplicates", "Notes"),
        "follow_up": QCoreApplication.translate("Duplicates", "Follow-ups"),
        "feedback": QCoreApplication.translate("Duplicates", "Feedback"),
        "points_entry": QCoreApplication.translate("Duplicates", "Points entries"),
        "customer_loyalty": QCoreApplication.translate("Duplicates", "Loyalty membership"),
        "tier_change": QCoreApplication.translate("Duplicates", "Tier changes"),
        "not_duplicate": QCoreApplication.translate("Duplicates", "“Not the same person” marks"),
    }
    return names.get(table, table)


def customer_name(brief: dup.CustomerBrief) -> str:
    """The display name, with the real name when it says something more."""
    real = brief.real_name.strip()
    if real and real != brief.display_name:
        return (
            QCoreApplication.translate("Duplicates", "%1 (%2)")
            .replace("%1", brief.display_name)
            .replace("%2", real)
        )
    return brief.display_name


def platforms_text(brief: dup.CustomerBrief) -> str:
    return ", ".join(platform_name(p) for p in brief.platforms)


def customer_tooltip(brief: dup.CustomerBrief) -> str:
    """Everything a list line leaves out: number, phone, e-mail, address, orders."""
    number = QCoreApplication.translate("Duplicates", "Customer number %1")
    lines = [number.replace("%1", str(brief.id))]
    if brief.phone:
        lines.append(brief.phone)
    if brief.email:
        lines.append(brief.email)
    place = " ".join(p for p in (brief.province, brief.city, brief.address) if p)
    if place:
        lines.append(place)
    lines.append(
        QCoreApplication.translate("Duplicates", "Orders: %1, paid: %2")
        .replace("%1", str(brief.order_count))
        .replace("%2", format_money(brief.total_paid, store_currency()))
    )
    return "\n".join(lines)


def _value_text(field: str, value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return QCoreApplication.translate("Duplicates", "(empty)")
    if field == "gender":
        return gender_name(str(value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SHORT else line[: _SHORT - 1] + "…"


# --- the dialog ----------------------------------------------------------------------------


class MergeDialog(QDialog):
    """Both customers side by side: a choice per field, what moves, and Merge.

    The kept customer stays (with its number); the merged one's rows move to it and it is
    removed. Merging asks first, backs up, then merges; the merge history can undo it.

    Raises (from the constructor): CrmError (NotFound, MergeRefused) when the review cannot
    be made, e.g. a customer was deleted since the list was made.

    Signals:
        merged(int): the kept customer's id, once the merge is done.
    """

    merged = Signal(int)

    def __init__(
        self,
        kept_id: int,
        merged_id: int,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        # Before the QDialog exists: a review that fails leaves no half-built child behind.
        review = dup.review_merge(kept_id, merged_id)
        super().__init__(parent)
        self.setObjectName("MergeDialog")
        self.setWindowTitle(self.tr("Review and merge"))
        self._clock = clock or _now
        self._review = review
        self.result_info: dup.MergeResult | None = None

        self.reasons_label = QLabel()
        self.reasons_label.setObjectName("reasonsLabel")
        self.reasons_label.setWordWrap(True)
        self.marked_label = QLabel(
            self.tr(
                "You said before that these two are different people. Merging them anyway "
                "removes that mark (undoing the merge puts it back)."
            )
        )
        self.marked_label.setWordWrap(True)
        self.marked_label.setStyleSheet("color: #c62828;")

        self.kept_header = QLabel()
        self.kept_header.setObjectName("keptHeader")
        self.merged_header = QLabel()
        self.merged_header.setObjectName("mergedHeader")
        for label in (self.kept_header, self.merged_header):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Three lines (name, platforms, orders) always show whole.
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.swap_button = QPushButton(self.tr("&Swap which is kept"))
        self.swap_button.setToolTip(
            self.tr("Keep the other customer (and its number) and merge this one into it.")
        )
        self.swap_button.clicked.connect(self._on_swap_button_clicked)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        kept_title = QLabel(self.tr("Keep"))
        merged_title = QLabel(self.tr("Merge into it"))
        for title in (kept_title, merged_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
        grid.addWidget(kept_title, 0, 1)
        grid.addWidget(merged_title, 0, 2)
        grid.addWidget(self.kept_header, 1, 1)
        grid.addWidget(self.merged_header, 1, 2)
        self.choice_buttons: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self._groups: dict[str, QButtonGroup] = {}
        for row, name in enumerate(dup.CHOICE_FIELDS, start=2):
            label = QLabel(field_name(name))
            kept_radio = QRadioButton()
            merged_radio = QRadioButton()
            kept_radio.setObjectName(f"kept_{name}")
            merged_radio.setObjectName(f"merged_{name}")
            group = QButtonGroup(self)
            group.addButton(kept_radio)
            group.addButton(merged_radio)
            label.setBuddy(kept_radio)
            grid.addWidget(label, row, 0)
            grid.addWidget(kept_radio, row, 1)
            grid.addWidget(merged_radio, row, 2)
            self.choice_buttons[name] = (kept_radio, merged_radio)
            self._groups[name] = group
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        fields_box = QGroupBox(self.tr("Values the kept customer will have"))
        fields_layout = QVBoxLayout(fields_box)
        fields_layout.addLayout(grid)
        hint = QLabel(
            self.tr(
                "Each line is preset to the most recent value that is not empty. Pick the other "
                "one where it is better; lines whose values are the same cannot be changed."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        fields_layout.addWidget(hint)

        self.rows_model: ListTableModel[tuple[str, int, int]] = ListTableModel(
            [
                Column(self.tr("What"), lambda r: table_name(r[0])),
                Column(self.tr("Kept customer has"), lambda r: str(r[1]), right=True),
                Column(self.tr("Moves over"), lambda r: str(r[2]), right=True),
            ],
            self,
        )
        self.rows_table = QTableView()
        self.rows_table.setObjectName("rowsTable")
        self.rows_table.setModel(self.rows_model)
        self.rows_table.verticalHeader().hide()
        self.rows_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rows_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.rows_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.nothing_label = QLabel(self.tr("Neither has orders or other records yet."))
        self.together_label = QLabel()
        self.together_label.setObjectName("togetherLabel")
        moves_box = QGroupBox(self.tr("What moves to the kept customer"))
        moves_layout = QVBoxLayout(moves_box)
        moves_layout.addWidget(self.rows_table)
        moves_layout.addWidget(self.nothing_label)
        moves_layout.addWidget(self.together_label)

        undo_hint = QLabel(
            self.tr(
                "A backup is made before merging, and the merge can be undone from the merge "
                "history."
            )
        )
        undo_hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("&Merge…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.reasons_label, 1)
        top.addWidget(self.swap_button)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(top)
        content_layout.addWidget(self.marked_label)
        content_layout.addWidget(fields_box)
        content_layout.addWidget(moves_box)
        content_layout.addWidget(undo_hint)
        content_layout.addStretch(1)
        # The review scrolls on a small screen (a 1024×600 one has less room than its eleven
        # lines and the table of moves): Merge and Cancel, outside it, stay in sight.
        self.scroll_area = VerticalScrollArea(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)
        tab_like_shown(self.buttons)
        # The window never gets narrower than its contents (a fixed minimum width would turn
        # that off and let Qt squeeze the header lines and the table of moves).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        # The default (Enter) only once it is in the dialog: set before, the dialog chose the
        # first button after the focus when shown (Cancel, or Swap).
        self.merge_button.setDefault(True)
        self._show_review()
        resize_within_screen(self, max(720, self.sizeHint().width()), self.sizeHint().height())
        self._focus_first_choice()

    def _focus_first_choice(self) -> None:
        """Open on the first value there is to choose (the arrows pick the other; Enter
        merges, the default), or on Merge when the two agree on everything. The focus fell on
        the review's frame, where it showed nowhere."""
        for kept_radio, merged_radio in self.choice_buttons.values():
            if kept_radio.isEnabled():
                chosen = merged_radio if merged_radio.isChecked() else kept_radio
                chosen.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.merge_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- state -----------------------------------------------------------------------------
    @property
    def review(self) -> dup.MergeReview:
        return self._review

    def kept_id(self) -> int:
        return self._review.kept.id

    def merged_id(self) -> int:
        return self._review.merged.id

    def choices(self) -> dict[str, str]:
        """Field -> KEPT or MERGED, as the radio buttons say."""
        out = {}
        for name, (_kept, merged) in self.choice_buttons.items():
            out[name] = dup.MERGED if merged.isChecked() else dup.KEPT
        return out

    def _show_review(self) -> None:
        r = self._review
        if r.reasons:
            self.reasons_label.setText(
                self.tr("Why they look like one person: %1. Strength: %2.")
                .replace("%1", reasons_text(r.reasons))
                .replace("%2", strength_text(r.strength))
            )
        else:
            self.reasons_label.setText(self.tr("These two have nothing obvious in common."))
        self.marked_label.setVisible(r.marked_not_duplicate)
        for brief, label in ((r.kept, self.kept_header), (r.merged, self.merged_header)):
            label.setText(
                "\n".join(
                    [
                        customer_name(brief),
                        platforms_text(brief),
                        self.tr("%n order(s), %1 paid", "", brief.order_count).replace(
                            "%1", format_money(brief.total_paid, store_currency())
                        ),
                    ]
                )
            )
            label.setToolTip(customer_tooltip(brief))
        for choice in r.fields:
            kept_radio, merged_radio = self.choice_buttons[choice.field]
            for radio, value in (
                (kept_radio, choice.kept_value),
                (merged_radio, choice.merged_value),
            ):
                text = _value_text(choice.field, value)
                # A value is text, not a mnemonic: "&" must show as itself.
                radio.setText(_short(text).replace("&", "&&"))
                radio.setToolTip(text)
            (merged_radio if choice.default == dup.MERGED else kept_radio).setChecked(True)
            kept_radio.setEnabled(choice.differs)
            merged_radio.setEnabled(choice.differs)
        rows = [
            (table, kept, merged)
            for table, (kept, merged) in r.rows.items()
            if (kept or merged) and table != "not_duplicate"
        ]
        rows.sort(key=lambda t: (t[0] != "orders", t[0] != "channel_identity", -t[2], t[0]))
        self.rows_model.set_items(rows)
        self.rows_table.setVisible(bool(rows))
        self._fit_rows_table(len(rows))
        self.nothing_label.setVisible(not rows)
        orders = r.kept.order_count + r.merged.order_count
        self.together_label.setText(
            self.tr("Together: %n order(s), %1 paid.", "", orders).replace(
                "%1", format_money(r.kept.total_paid + r.merged.total_paid, store_currency())
            )
        )
        # Lay the review out at once (the scroll area would on the next turn of the event
        # loop): the header lines and every line of moves show whole from the start.
        content = self.scroll_area.widget()
        content.resize(content.size().expandedTo(content.minimumSizeHint()))
        content.layout().activate()

    def _fit_rows_table(self, count: int) -> None:
        """Show every line of what moves (at most 7 kinds) without a scroll bar."""
        table = self.rows_table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(i) for i in range(count))
        frame = 2 * table.frameWidth()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + frame)

    # --- actions ---------------------------------------------------------------------------
    def _on_swap_button_clicked(self) -> None:
        try:
            review = dup.review_merge(self._review.merged.id, self._review.kept.id)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Review and merge"), storage_error_text(exc.message))
            return
        self._review = review
        self._show_review()

    def _on_merge_button_clicked(self) -> None:
        r = self._review
        title = self.tr("Merge customers")
        question = (
            self.tr("Merge %1 into %2?")
            .replace("%1", customer_name(r.merged))
            .replace("%2", customer_name(r.kept))
        )
        detail = self.tr(
            "Its orders, platform accounts, tags, notes, follow-ups, feedback and points move "
            "to the kept customer, which takes the values you chose; then it is removed. You "
            "can undo the merge from the merge history."
        )
        answer = QMessageBox.question(
            self,
            title,
            question + "\n\n" + detail,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        now = self._clock()
        try:
            backup.backup_before("merge", now=now)
        except (CrmError, OSError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            QMessageBox.warning(
                self,
                title,
                self.tr("No backup could be made, so nothing was merged: %1").replace(
                    "%1", message
                ),
            )
            return
        try:
            self.result_info = dup.merge(
                r.kept.id, r.merged.id, self.choices(), now=now, today=now.date()
            )
        except CrmError as exc:
            QMessageBox.warning(
                self,
                title,
                storage_error_text(exc.message) + "\n\n" + self.tr("Nothing was changed."),
            )
            return
        self.merged.emit(r.kept.id)
        self.accept()
