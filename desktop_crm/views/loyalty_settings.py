"""Settings ▸ Membership: how points are earned and expire, and the tiers.

`apply()` checks the whole page first (so a typo saves nothing), then saves the rules and the
tiers as one change (`loyalty.save_membership`): all or nothing, every customer re-evaluated
against the final table (so two tiers may trade thresholds or names). Bad input is shown under
its field or on its tier's cell, and ValidationError keeps the Settings dialog open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services import loyalty
from desktop_crm.services import loyalty_rules as rules_svc
from desktop_crm.services.loyalty_tiers import (
    MAX_BENEFITS,
    MAX_THRESHOLD,
    TierInfo,
    TierInput,
    tier_name_keys,
)
from desktop_crm.services.loyalty_tiers import MAX_NAME as MAX_TIER_NAME
from desktop_crm.services.money import to_decimal, typed_number
from desktop_crm.services.names import name_key
from desktop_crm.views.key_views import commit_open_editor
from desktop_crm.views.labels import tier_display_name
from desktop_crm.views.layout import VerticalScrollArea
from desktop_crm.views.points_view import ERROR_STYLE, loyalty_message, system_now
from desktop_crm.views.settings_dialog import SettingsPage

Clock = Callable[[], datetime]
Index = QModelIndex | QPersistentModelIndex
COL_NAME, COL_RANK, COL_THRESHOLD, COL_MULTIPLIER, COL_BENEFITS = range(5)
_FIELDS = {
    COL_NAME: "name",
    COL_THRESHOLD: "threshold",
    COL_MULTIPLIER: "multiplier",
    COL_BENEFITS: "benefits",
}
_ERROR_FILL = QColor("#fde7e7")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_MAX_MULTIPLIER = Decimal(100)


def threshold_text(minor: int) -> str:
    """5_000_00 -> '5,000'; 5_000_50 -> '5,000.50' (as the merchant types it)."""
    text = f"{to_decimal(minor):,.2f}"
    return text[:-3] if text.endswith(".00") else text


def parse_threshold(text: str) -> tuple[int | None, str | None]:
    """A typed amount in currency units -> (minor units, None) or (None, message code)."""
    cleaned = "".join(ch for ch in typed_number(text) if ch not in ",¥$€£ ")
    if not cleaned:
        return None, "required"
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None, "invalid"
    if not value.is_finite():
        return None, "invalid"
    if value < 0:
        return None, "out_of_range"
    if value != value.quantize(Decimal("0.01")):
        return None, "too_precise"
    if value * 100 > MAX_THRESHOLD:
        return None, "out_of_range"
    return int(value * 100), None


def _check_multiplier(text: str) -> str | None:
    try:
        value = Decimal(typed_number(text))
    except InvalidOperation:
        return "invalid" if text.strip() else "required"
    if not value.is_finite():
        return "invalid"
    if value <= 0 or value > _MAX_MULTIPLIER:
        return "out_of_range"
    if value != value.quantize(Decimal("0.001")):
        return "too_precise"
    return None


@dataclass(slots=True)
class TierRow:
    """One row of the tiers table, as typed."""

    id: int | None
    name: str
    threshold: str  # currency units, as typed
    multiplier: str
    benefits: str
    base: bool = False  # the stored tier at threshold 0: its threshold stays 0
    errors: dict[str, str] = field(default_factory=dict)


class TierTableModel(QAbstractTableModel):
    """The tiers being edited: name, rank (from the thresholds), threshold, multiplier,
    benefits. Cells in error are tinted and carry their message as a tooltip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TierRow] = []
        self._headers = [
            QCoreApplication.translate("TierTableModel", "Name"),
            QCoreApplication.translate("TierTableModel", "Rank"),
            QCoreApplication.translate("TierTableModel", "From (12-month spend)"),
            QCoreApplication.translate("TierTableModel", "Points multiplier"),
            QCoreApplication.translate("TierTableModel", "Benefits"),
        ]

    # --- content -------------------------------------------------------------------------
    def set_tiers(self, tiers: list[TierInfo]) -> None:
        self.beginResetModel()
        self._rows = [
            TierRow(
                t.id,
                t.name,
                threshold_text(t.threshold),
                t.multiplier,
                t.benefits,
                base=t.threshold == 0,
            )
            for t in tiers
        ]
        self.endResetModel()

    def rows(self) -> list[TierRow]:
        return list(self._rows)

    def row(self, row: int) -> TierRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def add_row(self) -> int:
        """Append an empty tier; returns its row."""
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(TierRow(None, "", "", "1", ""))
        self.endInsertRows()
        self._ranks_changed()
        return n

    def remove_row(self, row: int) -> bool:
        """Remove a row (not the base tier's); False when refused."""
        item = self.row(row)
        if item is None or item.base:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self._ranks_changed()
        return True

    def set_errors(self, errors: dict[int, dict[str, str]]) -> None:
        """Errors by row: {row: {field: code}} (all others are cleared)."""
        for i, item in enumerate(self._rows):
            item.errors = dict(errors.get(i, {}))
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._headers) - 1)
            )

    def set_id(self, row: int, tier_id: int) -> None:
        self._rows[row].id = tier_id

    def ranks(self) -> list[int | None]:
        """1 for the lowest threshold; None where the threshold cannot be read."""
        parsed = [parse_threshold(r.threshold)[0] for r in self._rows]
        order = sorted({p for p in parsed if p is not None})
        return [None if p is None else order.index(p) + 1 for p in parsed]

    def _ranks_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_RANK), self.index(len(self._rows) - 1, COL_RANK)
            )

    # --- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item = self._rows[index.row()]
        if index.column() == COL_RANK or (index.column() == COL_THRESHOLD and item.base):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        col = index.column()
        key = _FIELDS.get(col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_RANK:
                rank = self.ranks()[index.row()]
                return "" if rank is None else str(rank)
            if col == COL_NAME and role == Qt.ItemDataRole.DisplayRole:
                # The default names read in the user's language; editing shows the stored name.
                return tier_display_name(item.name)
            return getattr(item, key) if key else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            COL_RANK,
            COL_THRESHOLD,
            COL_MULTIPLIER,
        ):
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and key in item.errors:
            return _ERROR_FILL
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in item.errors:
                return loyalty_message(item.errors[key], key or "")
            if col == COL_THRESHOLD and item.base:
                return QCoreApplication.translate(
                    "TierTableModel", "The first tier always starts at 0."
                )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        key = _FIELDS.get(index.column())
        if key is None:
            return False
        item = self._rows[index.row()]
        setattr(item, key, str(value if value is not None else ""))
        item.errors.pop(key, None)
        self.dataChanged.emit(index, index)
        if index.column() == COL_THRESHOLD:
            self._ranks_changed()
        return True


class LoyaltySettingsPage(SettingsPage):
    """Points and tiers rules (Settings ▸ Membership).

    Signals:
        rules_saved(): rules or tiers were changed (everyone's tier was re-evaluated).
    """

    rules_saved = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoyaltySettingsPage")
        self._clock = clock or system_now
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        # The (row, id, tier) of the tiers the save under way adds or changes.
        self._saving: list[tuple[int, int | None, TierInput]] = []

        self.rate_edit = QLineEdit()
        self.rate_edit.setObjectName("earnRate")
        self.rate_edit.setPlaceholderText("1")
        self.earn_on_combo = QComboBox()
        self.earn_on_combo.setObjectName("earnOn")
        self.earn_on_combo.addItem(
            self.tr("when the order is completed"), rules_svc.EARN_ON_COMPLETED
        )
        self.earn_on_combo.addItem(
            self.tr("when the order is paid (paid, shipped or completed)"),
            rules_svc.EARN_ON_PURCHASE,
        )
        self.birthday_edit = QLineEdit()
        self.birthday_edit.setObjectName("birthdayFactor")
        self.birthday_edit.setPlaceholderText("2")
        self.referral_spin = QSpinBox()
        self.referral_spin.setObjectName("referralPoints")
        self.referral_spin.setRange(0, rules_svc.MAX_REFERRAL)
        self.referral_spin.setGroupSeparatorShown(True)
        self.expiry_combo = QComboBox()
        self.expiry_combo.setObjectName("expiry")
        self.expiry_combo.addItem(
            self.tr("at the end of the next calendar year"), rules_svc.EXPIRY_END_OF_NEXT_YEAR
        )
        self.expiry_combo.addItem(self.tr("never"), rules_svc.EXPIRY_NEVER)
        self.expiry_combo.addItem(self.tr("after a number of months"), rules_svc.EXPIRY_MONTHS)
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("expiryMonths")
        self.months_spin.setRange(1, rules_svc.MAX_MONTHS)
        self.months_spin.setSuffix(self.tr(" months"))
        self.downgrades_check = QCheckBox(
            self.tr("Customers move &down a tier when their spend drops")
        )
        self.downgrades_check.setObjectName("downgrades")
        expiry = QWidget()
        expiry_row = QHBoxLayout(expiry)
        expiry_row.setContentsMargins(0, 0, 0, 0)
        expiry_row.addWidget(self.expiry_combo, 1)
        expiry_row.addWidget(self.months_spin)

        points = QGroupBox(self.tr("Points"))
        self.form = QFormLayout(points)
        self._add_field("earn_rate", self.tr("&Points per 1 unit of currency:"), self.rate_edit)
        self._add_field("earn_on", self.tr("&Earned:"), self.earn_on_combo)
        self._add_field("expiry", self.tr("E&xpire:"), expiry)
        self._errors["expiry_months"] = self._errors["expiry"]
        self._fields["expiry_months"] = self.months_spin
        self._add_field(
            "birthday_factor", self.tr("&Birthday-month multiplier:"), self.birthday_edit
        )
        self._add_field(
            "referral_points", self.tr("Re&ferral reward (points):"), self.referral_spin
        )

        self.tier_model = TierTableModel(self)
        self.tier_table = QTableView()
        self.tier_table.setObjectName("tierTable")
        self.tier_table.setModel(self.tier_model)
        # Tab leaves the table for Add tier, Remove tier, OK (arrows move between cells; in a
        # cell's editor Tab goes on to the next cell, as in a spreadsheet).
        self.tier_table.setTabKeyNavigation(False)
        self.tier_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.tier_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tier_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.tier_table.verticalHeader().hide()
        header = self.tier_table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The numbers' columns as wide as their titles (in either language), the name a fixed
        # width, the benefits the rest: all five fit the dialog without a horizontal scroll bar
        # (it had hidden the Benefits column and sat under the Add tier button).
        for col in range(COL_NAME + 1, COL_MULTIPLIER + 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tier_table.setColumnWidth(COL_NAME, 110)
        self.tier_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # Room for the usual tiers (Member … Diamond and one more) without scrolling: at the
        # dialog's default size the table had shrunk to a single row.
        rows = self.tier_table.verticalHeader().defaultSectionSize()
        scroll_bar = self.tier_table.horizontalScrollBar().sizeHint().height()
        self.tier_table.setMinimumHeight(header.sizeHint().height() + 5 * rows + scroll_bar + 4)
        self.add_tier_button = QPushButton(self.tr("&Add tier"))
        self.add_tier_button.setObjectName("addTier")
        self.remove_tier_button = QPushButton(self.tr("Re&move tier"))
        self.remove_tier_button.setObjectName("removeTier")
        self.add_tier_button.clicked.connect(self._on_add_tier_button_clicked)
        self.remove_tier_button.clicked.connect(self._on_remove_tier_button_clicked)
        self.tier_error = QLabel()
        self.tier_error.setObjectName("tierError")
        self.tier_error.setWordWrap(True)
        self.tier_error.setStyleSheet(ERROR_STYLE)
        self.tier_error.hide()
        hint = QLabel(
            self.tr(
                "A customer's tier is the highest whose amount their spend over the last 12 "
                "months reaches. Double-click or press F2 to edit a cell."
            )
        )
        hint.setWordWrap(True)
        tiers = QGroupBox(self.tr("Tiers"))
        tier_buttons = QHBoxLayout()
        tier_buttons.addWidget(self.add_tier_button)
        tier_buttons.addWidget(self.remove_tier_button)
        tier_buttons.addStretch(1)
        tiers_layout = QVBoxLayout(tiers)
        tiers_layout.addWidget(hint)
        tiers_layout.addWidget(self.tier_table, 1)
        tiers_layout.addLayout(tier_buttons)
        tiers_layout.addWidget(self.tier_error)
        tiers_layout.addWidget(self.downgrades_check)
        self.message = QLabel()
        self.message.setObjectName("loyaltyMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(points)
        content_layout.addWidget(tiers, 1)
        content_layout.addWidget(self.message)
        # The page scrolls on a small screen: the Settings dialog's OK and Cancel stay in sight
        # on a 1024×600 screen.
        self.scroll_area = VerticalScrollArea(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.expiry_combo.currentIndexChanged.connect(self._on_expiry_combo_current_index_changed)
        self.rate_edit.textEdited.connect(lambda _t: self._clear_error("earn_rate"))
        self.birthday_edit.textEdited.connect(lambda _t: self._clear_error("birthday_factor"))
        self.load()

    def _add_field(self, key: str, label: str, widget: QWidget) -> None:
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(label, box)
        lbl = self.form.labelForField(box)
        if isinstance(lbl, QLabel):
            lbl.setBuddy(self.expiry_combo if key == "expiry" else widget)
        self._errors[key] = error
        self._fields[key] = self.expiry_combo if key == "expiry" else widget

    # --- loading and reading -------------------------------------------------------------

    def load(self) -> None:
        """Show the stored rules and tiers."""
        rules = loyalty.get_rules()
        self.rate_edit.setText(rules.earn_rate)
        self.earn_on_combo.setCurrentIndex(max(0, self.earn_on_combo.findData(rules.earn_on)))
        self.expiry_combo.setCurrentIndex(max(0, self.expiry_combo.findData(rules.expiry)))
        self.months_spin.setValue(rules.expiry_months)
        self.months_spin.setEnabled(rules.expiry == rules_svc.EXPIRY_MONTHS)
        self.birthday_edit.setText(rules.birthday_factor)
        self.referral_spin.setValue(rules.referral_points)
        self.downgrades_check.setChecked(rules.downgrades)
        self.tier_model.set_tiers(loyalty.list_tiers())
        self.show_errors({})

    def rules_data(self) -> dict[str, Any]:
        """The rules as typed, in the shape `loyalty.set_rules` takes."""
        return {
            "earn_rate": self.rate_edit.text().strip(),
            "earn_on": self.earn_on_combo.currentData(),
            "expiry": self.expiry_combo.currentData(),
            "expiry_months": self.months_spin.value(),
            "birthday_factor": self.birthday_edit.text().strip(),
            "referral_points": self.referral_spin.value(),
            "downgrades": self.downgrades_check.isChecked(),
        }

    def tier_errors(self) -> dict[int, dict[str, str]]:
        """Rows that cannot be saved as typed: {row: {field: code}}."""
        errors: dict[int, dict[str, str]] = {}
        rows = self.tier_model.rows()
        name_errors = self._name_errors(rows)
        thresholds: dict[int, int] = {}
        for i, r in enumerate(rows):
            mine: dict[str, str] = {}
            # Everything the service refuses (validate_tier) is found here, before any page
            # of Settings is saved: a refusal at save time left the other pages saved.
            if i in name_errors:
                mine["name"] = name_errors[i]
            value, code = parse_threshold(r.threshold)
            if code:
                mine["threshold"] = code
            elif value is not None and value in thresholds:
                mine["threshold"] = "not_unique"
            elif value is not None:
                thresholds[value] = i
            code = _check_multiplier(r.multiplier)
            if code:
                mine["multiplier"] = code
            if len(r.benefits or "") > MAX_BENEFITS:
                mine["benefits"] = "too_long"
            if mine:
                errors[i] = mine
        if rows and 0 not in thresholds and not any("threshold" in e for e in errors.values()):
            errors.setdefault(0, {})["threshold"] = "need_base"
        return errors

    @staticmethod
    def _name_errors(rows: list[TierRow]) -> dict[int, str]:
        """{row: code} for names that cannot be saved. Two names clash when any language the
        program ships shows them alike (tier_name_keys); the clash is put on the row whose
        name was typed, as the names kept as stored are taken first."""
        stored = {t.id: t.name for t in loyalty.list_tiers()}
        order = sorted(range(len(rows)), key=lambda i: stored.get(rows[i].id) != rows[i].name)
        taken: set[tuple[str, str]] = set()
        errors: dict[int, str] = {}
        for i in order:
            name = rows[i].name
            keys = tier_name_keys(name)
            if not name_key(name):
                errors[i] = "required"
            elif len(name.strip()) > MAX_TIER_NAME:
                errors[i] = "too_long"
            elif taken & keys:
                errors[i] = "not_unique"
            else:
                taken |= keys
        return errors

    # --- messages ------------------------------------------------------------------------

    def _clear_error(self, key: str) -> None:
        self._errors[key].hide()

    def show_errors(
        self, errors: dict[str, str], tier_errors: dict[int, dict[str, str]] | None = None
    ) -> None:
        """Messages under the rule fields and on the tier cells; focus the first."""
        for label in set(self._errors.values()):
            label.hide()
            label.setText("")
        for key, code in errors.items():
            label = self._errors.get(key)
            if label is not None:
                label.setText(loyalty_message(code, key))
                label.show()
        tier_errors = tier_errors or {}
        self.tier_model.set_errors(tier_errors)
        lines = []
        rows = self.tier_model.rows()
        for i in sorted(tier_errors):
            name = rows[i].name.strip() if i < len(rows) else ""
            # As the table shows it (Gold is 金卡会员 in Chinese).
            who = tier_display_name(name) if name else self.tr("row %1").replace("%1", str(i + 1))
            for key, code in tier_errors[i].items():
                lines.append(f"{who}: {loyalty_message(code, key)}")
        self.tier_error.setText("\n".join(lines))
        self.tier_error.setVisible(bool(lines))
        unknown = [k for k in errors if k not in self._errors]
        self.message.setText(" ".join(loyalty_message(errors[k], k) for k in unknown))
        self.message.setVisible(bool(unknown))
        first = next((k for k in self._errors if k in errors), None)
        if first is not None:
            self._fields[first].setFocus()
        elif tier_errors:
            row = min(tier_errors)
            key = next(iter(tier_errors[row]))
            col = next(c for c, k in _FIELDS.items() if k == key)
            self.tier_table.setCurrentIndex(self.tier_model.index(row, col))
            self.tier_table.setFocus()

    def field_error(self, key: str) -> str:
        """The message under a rule field ('' when none)."""
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    # --- saving --------------------------------------------------------------------------

    def check(self) -> None:
        """Show what cannot be saved (ValidationError), saving nothing."""
        commit_open_editor(self.tier_table)
        _rules, rule_errors = rules_svc.validate_rules(self.rules_data())
        tier_errors = self.tier_errors()
        if rule_errors or tier_errors:
            self.show_errors(rule_errors, tier_errors)
            raise ValidationError({**rule_errors, **({"tiers": "invalid"} if tier_errors else {})})
        self.show_errors({})

    def save_call(self) -> Callable[[], list[int]] | None:
        """The rules, the removed tiers and the edited ones, saved as one change (everyone's
        points and tiers follow); the call returns the edited tiers' ids."""
        new_rules, removed, changed = self._changes()
        self._saving = changed
        if new_rules is None and not removed and not changed:
            return None
        now = self._clock()
        edits = [(tid, tier) for _i, tid, tier in changed]

        def save() -> list[int]:
            return loyalty.save_membership(new_rules, removed, edits, today=now.date(), now=now)

        return save

    def refused(self, exc: ValidationError) -> None:
        if isinstance(exc, loyalty.TierRowInvalid):
            self.show_errors({}, {self._saving[exc.row][0]: exc.errors})
        else:
            self.show_errors(exc.errors)

    def saved(self, result: list[int]) -> None:
        for (i, _tid, _tier), tier_id in zip(self._saving, result, strict=True):
            self.tier_model.set_id(i, tier_id)
        self.load()
        self.rules_saved.emit()

    def changes_database(self) -> bool:
        new_rules, removed, changed = self._changes()
        return new_rules is not None or bool(removed) or bool(changed)

    def _changes(
        self,
    ) -> tuple[dict[str, Any] | None, list[int], list[tuple[int, int | None, TierInput]]]:
        """What OK would save (the page checked): the rules (None when unchanged), the tiers
        removed, and the (row, id, tier) of those added or changed."""
        data = self.rules_data()
        rules, _errors = rules_svc.validate_rules(data)
        stored = {t.id: t for t in loyalty.list_tiers()}
        rows = self.tier_model.rows()
        kept = {r.id for r in rows if r.id is not None}
        removed = [tier_id for tier_id in stored if tier_id not in kept]
        changed = [
            (i, r.id, self._tier_input(r))
            for i, r in enumerate(rows)
            if r.id is None or not self._same_tier(stored.get(r.id), self._tier_input(r))
        ]
        return (data if rules != loyalty.get_rules() else None), removed, changed

    @staticmethod
    def _tier_input(r: TierRow) -> TierInput:
        threshold, _code = parse_threshold(r.threshold)
        assert threshold is not None  # checked in tier_errors()
        return TierInput(r.name.strip(), threshold, r.multiplier.strip(), r.benefits.strip())

    @staticmethod
    def _same_tier(old: Any, data: TierInput) -> bool:
        return old is not None and (
            old.name == data.name
            and old.threshold == data.threshold
            and old.multiplier_permille == rules_svc.to_permille(str(data.multiplier))
            and old.benefits == data.benefits
        )

    # --- slots ---------------------------------------------------------------------------

    def _on_expiry_combo_current_index_changed(self, _index: int) -> None:
        self.months_spin.setEnabled(self.expiry_combo.currentData() == rules_svc.EXPIRY_MONTHS)

    def _on_add_tier_button_clicked(self) -> None:
        row = self.tier_model.add_row()
        index = self.tier_model.index(row, COL_NAME)
        self.tier_table.setCurrentIndex(index)
        self.tier_table.setFocus()
        self.tier_table.edit(index)

    def _on_remove_tier_button_clicked(self) -> None:
        index = self.tier_table.currentIndex()
        if not index.isValid():
            return
        if not self.tier_model.remove_row(index.row()):
            self.tier_error.setText(
                self.tr("The first tier (from 0) cannot be removed; rename it instead.")
            )
            self.tier_error.show()


__all__ = [
    "LoyaltySettingsPage",
    "TierRow",
    "TierTableModel",
    "parse_threshold",
    "threshold_text",
]
