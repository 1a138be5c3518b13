"""The customer page's loyalty panel: tier and why, points balance and ledger, and the
dialogs that change them (redeem, adjust, referrer, tier override) and print a statement.

Every change goes through services.loyalty; a refused one (a redemption above the balance)
is worded in the dialog, which stays open, and nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError, NotFound, ValidationError
from desktop_crm.services import loyalty
from desktop_crm.services.loyalty_points import MAX_NOTE
from desktop_crm.services.loyalty_tiers import MAX_BENEFITS, MAX_REASON, TierHistoryLine
from desktop_crm.services.loyalty_tiers import MAX_NAME as MAX_TIER_NAME
from desktop_crm.views import points_statement
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.followup_dialogs import CustomerPicker
from desktop_crm.views.key_views import enable_row_copy
from desktop_crm.views.labels import sentences, validation_message
from desktop_crm.views.layout import fit_height, tab_like_shown
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.points_statement import (
    money_text,
    note_text,
    order_text,
    override_sentence,
    points_text,
    reason_name,
    tier_display_name,
    tier_reason_text,
    tier_sentence,
    what_text,
)
from desktop_crm.views.ui_state import UiState

__all__ = [
    "AdjustDialog",
    "LedgerTableModel",
    "PointsView",
    "RedeemDialog",
    "ReferrerDialog",
    "TierOverrideDialog",
    "loyalty_message",
    "money_text",
    "points_text",
    "reason_name",
    "tier_display_name",
    "tier_sentence",
]

Clock = Callable[[], datetime]
ERROR_STYLE = "color: #c62828;"
NEGATIVE = QColor("#c62828")
MAX_SPIN = 999_999_999
EXPIRING_DAYS = 30
NO_CHOICE = "no_choice"  # this module's own check: no customer picked


def system_now() -> datetime:
    """The clock the views use unless a test passes its own."""
    return datetime.now().replace(microsecond=0)


def loyalty_message(code: str, field: str = "") -> str:
    """The sentence shown under a loyalty form field for a validation code."""
    specific = {
        ("points", "invalid"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter a whole number of points greater than zero."
        ),
        ("points", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "That is more points than can be handled at once."
        ),
        ("delta", "invalid"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter a number of points other than zero, e.g. 50 or -20."
        ),
        ("delta", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "That is more points than can be handled at once."
        ),
        ("note", "required"): QCoreApplication.translate(
            "LoyaltyLabels", "Say why, so the change can be understood later."
        ),
        ("reason", "required"): QCoreApplication.translate(
            "LoyaltyLabels", "Say why, so the change can be understood later."
        ),
        ("referred_by", "invalid"): QCoreApplication.translate(
            "LoyaltyLabels", "Choose another customer: nobody can refer themselves."
        ),
        ("referred_by", "circular"): QCoreApplication.translate(
            "LoyaltyLabels",
            "Choose another customer: this one was referred, directly or through others, by "
            "the customer you are editing.",
        ),
        ("referred_by", "already_rewarded"): QCoreApplication.translate(
            "LoyaltyLabels",
            "The referrer was already rewarded for this customer; the referral cannot change.",
        ),
        ("referred_by", NO_CHOICE): QCoreApplication.translate(
            "LoyaltyLabels", "Search for a customer and choose one from the list."
        ),
        ("tier", "invalid"): QCoreApplication.translate(
            "LoyaltyLabels", "Choose a tier from the list."
        ),
        ("tier", "need_base"): QCoreApplication.translate(
            "LoyaltyLabels", "At least one tier must start at 0."
        ),
        ("until", "in_past"): QCoreApplication.translate(
            "LoyaltyLabels", "The end date cannot be in the past."
        ),
        ("earn_rate", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter a rate from 0 to 1,000."
        ),
        ("birthday_factor", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter a factor from 1 to 100."
        ),
        ("expiry_months", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter 1 to 600 months."
        ),
        ("referral_points", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter 0 to 10,000,000 points."
        ),
        ("multiplier", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter a multiplier above 0 and up to 100."
        ),
        ("threshold", "out_of_range"): QCoreApplication.translate(
            "LoyaltyLabels", "Enter an amount from 0 to 10,000,000,000,000."
        ),
        ("threshold", "too_precise"): QCoreApplication.translate(
            "LoyaltyLabels", "Use at most 2 decimals."
        ),
        ("threshold", "not_unique"): QCoreApplication.translate(
            "LoyaltyLabels", "Another tier already starts at this amount."
        ),
        ("threshold", "need_base"): QCoreApplication.translate(
            "LoyaltyLabels", "At least one tier must start at 0."
        ),
        ("name", "not_unique"): QCoreApplication.translate(
            "LoyaltyLabels", "Another tier already has this name."
        ),
    }
    if (field, code) in specific:
        return specific[(field, code)]
    general = {
        "invalid": QCoreApplication.translate("LoyaltyLabels", "This value is not valid."),
        "out_of_range": QCoreApplication.translate("LoyaltyLabels", "This value is out of range."),
        "too_precise": QCoreApplication.translate("LoyaltyLabels", "Use at most 3 decimals."),
        "not_unique": QCoreApplication.translate("LoyaltyLabels", "This value is already used."),
        "need_base": QCoreApplication.translate(
            "LoyaltyLabels", "At least one tier must start at 0."
        ),
        "in_past": QCoreApplication.translate("LoyaltyLabels", "This date is in the past."),
    }
    # "too long" says the field's limit (a paste is not cut to it: the message tells).
    limits = {
        "note": MAX_NOTE, "reason": MAX_REASON, "name": MAX_TIER_NAME, "benefits": MAX_BENEFITS,
    }  # fmt: skip
    return general.get(code) or validation_message(code, limit=limits.get(field))


def refusal_message(exc: loyalty.RedemptionRefused) -> str:
    """Why a redemption was refused."""
    if exc.code == loyalty.NEGATIVE_BALANCE:
        return QCoreApplication.translate(
            "LoyaltyLabels",
            "The balance is negative (%1): no redemption until it is positive again. "
            "Nothing was redeemed.",
        ).replace("%1", f"{exc.available:,}")
    return (
        QCoreApplication.translate(
            "LoyaltyLabels",
            "Only %1 can be redeemed now; %2 is more than the balance. Nothing was redeemed.",
        )
        .replace("%1", points_text(exc.available))
        .replace("%2", points_text(exc.points))
    )


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


# --------------------------------------------------------------------------------------------
# Models


class LedgerTableModel(ListTableModel[loyalty.LedgerLine]):
    """A customer's ledger, newest first, with the running balance (red below zero)."""

    def __init__(self, parent: Any = None) -> None:
        def expires(ln: loyalty.LedgerLine) -> str:
            if ln.expires_on is None:
                return ""
            if ln.left is not None and ln.left != ln.delta:
                return (
                    QCoreApplication.translate("LedgerTableModel", "%1 (%2 left)")
                    .replace("%1", ln.expires_on.isoformat())
                    .replace("%2", f"{ln.left:,}")
                )
            return ln.expires_on.isoformat()

        super().__init__(
            [
                Column(
                    QCoreApplication.translate("LedgerTableModel", "Date"),
                    lambda ln: ln.created_at.strftime("%Y-%m-%d %H:%M"),
                ),
                Column(
                    QCoreApplication.translate("LedgerTableModel", "What"),
                    what_text,
                ),
                Column(
                    QCoreApplication.translate("LedgerTableModel", "Points"),
                    lambda ln: f"{ln.delta:+,}",
                    right=True,
                ),
                Column(
                    QCoreApplication.translate("LedgerTableModel", "Balance"),
                    lambda ln: f"{ln.balance:,}",
                    right=True,
                ),
                Column(QCoreApplication.translate("LedgerTableModel", "Order"), order_text),
                Column(QCoreApplication.translate("LedgerTableModel", "Expires"), expires),
                Column(
                    QCoreApplication.translate("LedgerTableModel", "Note"),
                    lambda ln: note_text(ln.note),
                    tooltip=lambda ln: note_text(ln.note),
                ),
            ],
            parent,
        )

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            line = self.item(index.row())
            if line is not None and index.column() == 3 and line.balance < 0:
                return NEGATIVE
            return None
        return super().data(index, role)


def _tier_history_model(parent: Any) -> ListTableModel[TierHistoryLine]:
    return ListTableModel(
        [
            Column(
                QCoreApplication.translate("PointsView", "Date"),
                lambda h: h.changed_at.strftime("%Y-%m-%d %H:%M"),
            ),
            Column(
                QCoreApplication.translate("PointsView", "From"),
                lambda h: tier_display_name(h.from_name),
            ),
            Column(
                QCoreApplication.translate("PointsView", "To"),
                lambda h: tier_display_name(h.to_name),
            ),
            Column(
                QCoreApplication.translate("PointsView", "How"),
                lambda h: (
                    QCoreApplication.translate("PointsView", "by hand")
                    if h.manual
                    else QCoreApplication.translate("PointsView", "by spend")
                ),
            ),
            Column(
                QCoreApplication.translate("PointsView", "Recorded reason"),
                lambda h: tier_reason_text(h.reason, h.currency),
                tooltip=lambda h: tier_reason_text(h.reason, h.currency),
            ),
        ],
        parent,
    )


# --------------------------------------------------------------------------------------------
# Dialogs


class _FormDialog(QDialog):
    """A form whose fields show their own messages; Save calls `save()`."""

    def __init__(self, parent: QWidget | None, today: date, clock: Clock | None) -> None:
        super().__init__(parent)
        self._today = today
        self._clock = clock or system_now
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    def finish_layout(self, intro: QWidget | None = None) -> None:
        layout = QVBoxLayout(self)
        if intro is not None:
            layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        tab_like_shown(self.buttons)

    def add_field(
        self, key: str, label: str, widget: QWidget, buddy: QWidget | None = None
    ) -> None:
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
            lbl.setBuddy(buddy or widget)
        self._errors[key] = error
        self._fields[key] = buddy or widget

    def error_text(self, key: str) -> str:
        """The message shown under a field ('' when none)."""
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field (others in the message line); focus the first."""
        other = []
        for key, label in self._errors.items():
            code = errors.get(key)
            label.setVisible(code is not None)
            label.setText(loyalty_message(code, key) if code else "")
        for key, code in errors.items():
            if key not in self._errors:
                other.append(loyalty_message(code, key))
        self.show_message(sentences(*other))
        first = next((k for k in self._errors if k in errors), None)
        if first is not None:
            self._fields[first].setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        fit_height(self)

    def now(self) -> datetime:
        return self._clock()

    def save(self) -> None:
        """Do the change (raise ValidationError / CrmError to keep the dialog open)."""

    def _on_buttons_accepted(self) -> None:
        self.show_errors({})
        try:
            self.save()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except loyalty.RedemptionRefused as exc:
            self.show_message(refusal_message(exc))
            return
        except CrmError as exc:
            self.show_message(storage_error_text(exc.message))
            return
        self.accept()


class PointsSpin(QSpinBox):
    """Points as the merchant typed them.

    A plain QSpinBox drops a character it cannot read, so "7.5" becomes 75, and puts an
    unreadable entry back to the last number when focus leaves (clicking Save) or on Enter.
    Here the entry stays as typed and `typed_value()` is None, so the form asks for a whole
    number instead of saving another one.
    """

    def validate(self, text: str, pos: int) -> object:
        # Full-width digits and minus, as a Chinese input method types them, read as digits.
        plain = unicodedata.normalize("NFKC", text)
        pos = min(pos, len(plain))
        state, fixed, cursor = super().validate(plain, pos)  # type: ignore[misc]
        if state == QValidator.State.Invalid:
            return (QValidator.State.Intermediate, plain, pos)
        if state == QValidator.State.Acceptable and not self._grouped_right(plain):
            # Qt reads "7,5" as 75 and "1,00" as 100: a separator out of place is a typo (a
            # decimal comma?), not thousands. The form asks for a whole number.
            return (QValidator.State.Intermediate, plain, pos)
        return (state, fixed, cursor)

    def _grouped_right(self, text: str) -> bool:
        """Are the thousands separators typed, if any, every three digits from the right?"""
        separator = self.locale().groupSeparator()
        digits = text.strip().lstrip("+-").strip()
        if separator not in digits and "," not in digits:
            return True
        groups = re.split(f"[,{re.escape(separator)}]", digits)
        return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])

    def typed_value(self) -> int | None:
        """The number typed, or None when the entry is not a whole number in range."""
        return self.value() if self.hasAcceptableInput() else None

    def typed_error(self) -> str | None:
        """Why the entry is not a number of points (a validation code): "out_of_range" for a
        whole number bigger than the box holds, else "invalid"; None when it is one."""
        if self.hasAcceptableInput():
            return None
        text = self.cleanText()  # full width already made plain by validate()
        for separator in (self.locale().groupSeparator(), ",", " "):
            text = text.replace(separator, "")
        try:
            number = int(text)
        except ValueError:
            return "invalid"
        return "out_of_range" if abs(number) > MAX_SPIN else "invalid"

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        if self.hasAcceptableInput():
            super().focusOutEvent(event)
        else:  # keep the entry: the spin box would put the last number back
            QWidget.focusOutEvent(self, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.hasAcceptableInput():
            event.ignore()  # to the dialog's Save, which says what is wrong
            return
        super().keyPressEvent(event)


def _points_spin(low: int) -> PointsSpin:
    spin = PointsSpin()
    spin.setRange(low, MAX_SPIN)
    spin.setGroupSeparatorShown(True)
    spin.setAccelerated(True)
    return spin


class RedeemDialog(_FormDialog):
    """Redeem points; never more than the balance (the service refuses, nothing is written).

    Signals:
        points_redeemed(int): the customer whose points were redeemed.
    """

    points_redeemed = Signal(int)

    def __init__(
        self,
        customer_id: int,
        parent: QWidget | None = None,
        *,
        today: date,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent, today, clock)
        self.setObjectName("RedeemDialog")
        self.setWindowTitle(self.tr("Redeem points"))
        self._customer_id = customer_id
        summary = loyalty.member_summary(customer_id, today=today)
        due = loyalty.expiring_now(customer_id, today=today)
        available = max(0, summary.balance - due)
        self.available_label = QLabel(
            self.tr("Balance: %1. Available to redeem: %2.")
            .replace("%1", points_text(summary.balance))
            .replace("%2", points_text(available))
        )
        self.available_label.setObjectName("availableLabel")
        self.available_label.setWordWrap(True)
        if summary.negative:
            self.available_label.setStyleSheet(ERROR_STYLE)
        self.points_edit = _points_spin(0)
        self.points_edit.setObjectName("redeemPoints")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("redeemNote")
        self.note_edit.setPlaceholderText(self.tr("e.g. ¥20 voucher on order 123"))
        self.add_field("points", self.tr("&Points to redeem:"), self.points_edit)
        self.add_field("note", self.tr("&Note:"), self.note_edit)
        self.finish_layout(self.available_label)
        self.points_edit.setFocus()
        self.points_edit.selectAll()

    def save(self) -> None:
        points = self.points_edit.typed_value()
        if points is None:
            raise ValidationError({"points": self.points_edit.typed_error() or "invalid"})
        loyalty.redeem_points(
            self._customer_id,
            points,
            today=self._today,
            now=self.now(),
            note=self.note_edit.text(),
        )
        self.points_redeemed.emit(self._customer_id)


class AdjustDialog(_FormDialog):
    """Add or take away points by hand; the reason is required.

    Signals:
        points_adjusted(int): the customer whose points were adjusted.
    """

    points_adjusted = Signal(int)

    def __init__(
        self,
        customer_id: int,
        parent: QWidget | None = None,
        *,
        today: date,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent, today, clock)
        self.setObjectName("AdjustDialog")
        self.setWindowTitle(self.tr("Adjust points"))
        self._customer_id = customer_id
        balance = loyalty.points_balance(customer_id)
        intro = QLabel(
            self.tr(
                "Balance: %1. A positive number adds points (they expire like earned ones); "
                "a negative one takes points away and may take the balance below zero."
            ).replace("%1", points_text(balance))
        )
        intro.setWordWrap(True)
        self.delta_edit = _points_spin(-MAX_SPIN)
        self.delta_edit.setObjectName("adjustDelta")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("adjustReason")
        self.reason_edit.setPlaceholderText(self.tr("e.g. goodwill for a late delivery"))
        self.add_field("delta", self.tr("&Points (+ or −):"), self.delta_edit)
        self.add_field("note", self.tr("&Reason *:"), self.reason_edit)
        self.finish_layout(intro)
        self.delta_edit.setFocus()
        self.delta_edit.selectAll()

    def save(self) -> None:
        delta = self.delta_edit.typed_value()
        if delta is None:
            raise ValidationError({"delta": self.delta_edit.typed_error() or "invalid"})
        loyalty.adjust_points(
            self._customer_id,
            delta,
            note=self.reason_edit.text(),
            today=self._today,
            now=self.now(),
        )
        self.points_adjusted.emit(self._customer_id)


class ReferrerDialog(_FormDialog):
    """Who referred this customer: pick a customer, or Nobody.

    Signals:
        referrer_set(int): the customer whose referrer was saved.
    """

    referrer_set = Signal(int)

    def __init__(
        self,
        customer_id: int,
        parent: QWidget | None = None,
        *,
        today: date,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent, today, clock)
        self.setObjectName("ReferrerDialog")
        self.setWindowTitle(self.tr("Referred by"))
        self.setMinimumWidth(440)
        self._customer_id = customer_id
        self._nobody = False
        summary = loyalty.member_summary(customer_id, today=today)
        if summary.referred_by_name:
            current = self.tr("Now: referred by %1.").replace("%1", summary.referred_by_name)
        else:
            current = self.tr("Now: nobody is recorded as the referrer.")
        if summary.referral_rewarded:
            current = sentences(current, self.tr("The referrer has been rewarded."))
        intro = QLabel(current)
        intro.setObjectName("referrerNow")
        intro.setWordWrap(True)
        self.picker = CustomerPicker()
        self.add_field("referred_by", self.tr("&Referred by:"), self.picker)
        self.nobody_button = QPushButton(self.tr("&Nobody"))
        self.nobody_button.setObjectName("referrerNobody")
        self.nobody_button.setEnabled(summary.referred_by_id is not None)
        self.nobody_button.clicked.connect(self._on_nobody_button_clicked)
        self.buttons.addButton(self.nobody_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.finish_layout(intro)
        self.picker.setFocus()

    def save(self) -> None:
        referrer = None if self._nobody else self.picker.customer_id()
        if referrer is None and not self._nobody:
            raise ValidationError({"referred_by": NO_CHOICE})
        loyalty.set_referrer(self._customer_id, referrer, today=self._today, now=self.now())
        self.referrer_set.emit(self._customer_id)

    def _on_nobody_button_clicked(self) -> None:
        self._nobody = True
        try:
            self._on_buttons_accepted()
        finally:
            self._nobody = False


class TierOverrideDialog(_FormDialog):
    """Put the customer in a tier by hand, with a reason and an optional end date.

    Signals:
        override_set(int): the customer whose tier was set.
    """

    override_set = Signal(int)

    def __init__(
        self,
        customer_id: int,
        parent: QWidget | None = None,
        *,
        today: date,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent, today, clock)
        self.setObjectName("TierOverrideDialog")
        self.setWindowTitle(self.tr("Tier override"))
        self._customer_id = customer_id
        explained = loyalty.tier_explanation(customer_id, today)
        intro = QLabel(
            self.tr("The rules give: %1. A tier set by hand wins until its end date.").replace(
                "%1", tier_display_name(explained.spend_tier_name)
            )
        )
        intro.setWordWrap(True)
        self.tier_combo = QComboBox()
        self.tier_combo.setObjectName("overrideTier")
        for t in loyalty.list_tiers():
            self.tier_combo.addItem(tier_display_name(t.name), t.id)
        self.tier_combo.setCurrentIndex(max(0, self.tier_combo.findData(explained.tier_id)))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("overrideReason")
        self.reason_edit.setPlaceholderText(self.tr("e.g. VIP event guest"))
        self.until_check = QCheckBox(self.tr("on a date:"))
        self.until_check.setObjectName("overrideUntilCheck")
        self.until_edit = QDateEdit()
        self.until_edit.setObjectName("overrideUntil")
        self.until_edit.setDisplayFormat("yyyy-MM-dd")
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDate(_qdate(today + timedelta(days=30)))
        self.until_edit.setEnabled(False)
        self.until_check.toggled.connect(self.until_edit.setEnabled)
        if explained.override_active:
            self.reason_edit.setText(explained.override_reason or "")
            if explained.override_until is not None:
                self.until_check.setChecked(True)
                self.until_edit.setDate(_qdate(explained.override_until))
        until = QWidget()
        row = QHBoxLayout(until)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.until_check)
        row.addWidget(self.until_edit, 1)
        self.add_field("tier", self.tr("&Tier:"), self.tier_combo)
        self.add_field("reason", self.tr("&Reason *:"), self.reason_edit)
        self.add_field("until", self.tr("&End:"), until, self.until_check)
        self.finish_layout(intro)
        self.tier_combo.setFocus()

    def save(self) -> None:
        until = _pydate(self.until_edit.date()) if self.until_check.isChecked() else None
        loyalty.set_tier_override(
            self._customer_id,
            int(self.tier_combo.currentData()),
            reason=self.reason_edit.text(),
            until=until,
            today=self._today,
            now=self.now(),
        )
        self.override_set.emit(self._customer_id)


# --------------------------------------------------------------------------------------------
# The panel


class PointsView(QWidget):
    """A customer's membership: tier and why, points, ledger, referrals, and the actions.

    Signals:
        points_changed(int): this customer's points, tier or referrer were changed here.
    """

    points_changed = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        ui_state: UiState | None = None,
        own_window: bool = True,
    ) -> None:
        """`own_window` False: in the Customers page's pane, whose filters and buttons hold
        R, D, I and V; there Adjust takes J, and Redeem and the override buttons, whose
        words have no free letter, are reached with Tab."""
        super().__init__(parent)
        self.setObjectName("PointsView")
        self._clock = clock or system_now
        self._ui = ui_state
        self._customer_id: int | None = None
        self._today: date | None = None
        self._summary: loyalty.MemberSummary | None = None
        self.dialog: QDialog | None = None  # the dialog open now (tests and the owner)

        self._stack = QStackedWidget()
        empty = QLabel(self.tr("Select a customer to see their tier and points."))
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        self._stack.addWidget(empty)

        self.tier_label = QLabel()
        self.tier_label.setObjectName("tierLabel")
        font = self.tier_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.tier_label.setFont(font)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("tierReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.override_label = QLabel()
        self.override_label.setObjectName("overrideNote")
        self.override_label.setWordWrap(True)
        self.override_label.setStyleSheet("color: #8a5a00;")
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balanceLabel")
        self.balance_label.setFont(font)
        self.negative_label = QLabel(
            self.tr("The balance is negative: no redemption until it is positive again.")
        )
        self.negative_label.setObjectName("negativeNote")
        self.negative_label.setWordWrap(True)
        self.negative_label.setStyleSheet(ERROR_STYLE)
        self.expiring_label = QLabel()
        self.expiring_label.setObjectName("expiringLabel")
        self.expiring_label.setWordWrap(True)
        self.referral_label = QLabel()
        self.referral_label.setObjectName("referralLabel")
        self.referral_label.setWordWrap(True)

        self.redeem_button = QPushButton(self.tr("&Redeem…") if own_window else self.tr("Redeem…"))
        self.redeem_button.setObjectName("redeemButton")
        self.adjust_button = QPushButton(self.tr("A&djust…") if own_window else self.tr("Ad&just…"))
        self.adjust_button.setObjectName("adjustButton")
        self.referrer_button = QPushButton(self.tr("Referred &by…"))
        self.referrer_button.setObjectName("referrerButton")
        self.override_button = QPushButton(
            self.tr("Tier overr&ide…") if own_window else self.tr("Tier override…")
        )
        self.override_button.setObjectName("overrideButton")
        self.clear_override_button = QPushButton(
            self.tr("Clear o&verride") if own_window else self.tr("Clear override")
        )
        self.clear_override_button.setObjectName("clearOverrideButton")
        self.statement_button = QPushButton(self.tr("Print statement…"))
        self.statement_button.setObjectName("statementButton")
        menu = QMenu(self.statement_button)
        self.print_action = menu.addAction(self.tr("Print preview…"))
        self.pdf_action = menu.addAction(self.tr("Save as PDF…"))
        self.statement_button.setMenu(menu)
        self.redeem_button.clicked.connect(self._on_redeem_button_clicked)
        self.adjust_button.clicked.connect(self._on_adjust_button_clicked)
        self.referrer_button.clicked.connect(self._on_referrer_button_clicked)
        self.override_button.clicked.connect(self._on_override_button_clicked)
        self.clear_override_button.clicked.connect(self._on_clear_override_button_clicked)
        self.print_action.triggered.connect(self._on_print_action_triggered)
        self.pdf_action.triggered.connect(self._on_pdf_action_triggered)

        self.ledger_model = LedgerTableModel(self)
        self.ledger_table = enable_row_copy(QTableView())
        self.ledger_table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.ledger_table.setObjectName("ledgerTable")
        self.history_model = _tier_history_model(self)
        self.history_table = enable_row_copy(QTableView())
        self.history_table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.history_table.setObjectName("tierHistoryTable")
        for table, model in (
            (self.ledger_table, self.ledger_model),
            (self.history_table, self.history_model),
        ):
            table.setModel(model)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            table.setWordWrap(False)
            table.verticalHeader().hide()
            table.horizontalHeader().setStretchLastSection(True)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tables = QTabWidget()
        self.tables.addTab(self.ledger_table, self.tr("Points ledger"))
        self.tables.addTab(self.history_table, self.tr("Tier history"))

        body = QWidget()
        top = QVBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.tier_label)
        top.addWidget(self.reason_label)
        top.addWidget(self.override_label)
        top.addSpacing(6)
        top.addWidget(self.balance_label)
        top.addWidget(self.negative_label)
        top.addWidget(self.expiring_label)
        top.addWidget(self.referral_label)
        # Two short rows, points then tier and statement: one row of six needed 640 px and
        # pushed the customer pane wider than a 1024-px screen allows.
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        for group in (
            (self.redeem_button, self.adjust_button, self.referrer_button),
            (self.override_button, self.clear_override_button, self.statement_button),
        ):
            buttons = QHBoxLayout()
            for button in group:
                buttons.addWidget(button)
            buttons.addStretch(1)
            layout.addLayout(buttons)
        layout.addWidget(self.tables, 1)
        self._stack.addWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

    # --- showing -------------------------------------------------------------------------

    def customer_id(self) -> int | None:
        return self._customer_id

    def today(self) -> date:
        """The day the panel shows (the clock's day until show_customer gives one)."""
        return self._today or self._clock().date()

    def show_customer(self, customer_id: int | None, today: date | None = None) -> None:
        """Show this customer's membership on `today` (None: the empty hint)."""
        self._customer_id = customer_id
        if today is not None:
            self._today = today
        if customer_id is None:
            self._summary = None
            self._stack.setCurrentIndex(0)
            return
        day = self.today()
        try:
            summary = loyalty.member_summary(customer_id, today=day)
            explained = loyalty.tier_explanation(customer_id, day)
        except NotFound:
            self._customer_id = None
            self._summary = None
            self._stack.setCurrentIndex(0)
            return
        self._summary = summary
        self._stack.setCurrentIndex(1)
        tier = tier_display_name(summary.tier_name)
        if explained.override_active:
            tier = self.tr("%1 (set by hand)").replace("%1", tier)
        self.tier_label.setText(tier)
        self.reason_label.setText(tier_sentence(explained))
        note = override_sentence(explained)
        self.override_label.setText(note)
        self.override_label.setVisible(bool(note))
        self.balance_label.setText(
            self.tr("Points balance: %1").replace("%1", points_text(summary.balance))
        )
        self.balance_label.setStyleSheet(ERROR_STYLE if summary.negative else "")
        self.negative_label.setVisible(summary.negative)
        lots = loyalty.expiring_points(customer_id, today=day, within_days=EXPIRING_DAYS)
        if lots:
            parts = [
                self.tr("%1 on %2")
                .replace("%1", points_text(lot.points))
                .replace("%2", lot.expires_on.isoformat())
                for lot in lots[:5]
            ]
            if len(lots) > 5:
                parts.append("…")
            self.expiring_label.setText(
                self.tr("Expiring in the next 30 days: %1").replace("%1", "; ".join(parts))
            )
        else:
            self.expiring_label.setText(self.tr("No points expire in the next 30 days."))
        if summary.referred_by_name:
            by = self.tr("Referred by %1.").replace("%1", summary.referred_by_name)
            if summary.referral_rewarded:
                by = sentences(by, self.tr("The referrer has been rewarded."))
        else:
            by = self.tr("Not referred by anyone.")
        referred = self.tr("Referred %n customer(s).", "", summary.referrals)
        self.referral_label.setText(sentences(by, referred))
        self.redeem_button.setEnabled(not summary.negative and summary.balance > 0)
        self.redeem_button.setToolTip(
            self.tr("No redemption until the balance is positive again.")
            if summary.negative
            else ""
        )
        self.clear_override_button.setVisible(explained.override_active)
        self.ledger_model.set_items(loyalty.ledger(customer_id))
        self.history_model.set_items(loyalty.tier_history(customer_id))
        for table in (self.ledger_table, self.history_table):
            # Dates and order numbers whole; the last column (note, reason) takes the rest.
            table.resizeColumnsToContents()
        self.tables.setTabText(
            0, self.tr("Points ledger (%1)").replace("%1", f"{self.ledger_model.rowCount():,}")
        )

    def refresh(self) -> None:
        """Show the same customer again (after a change made elsewhere)."""
        self.show_customer(self._customer_id)

    # --- actions -------------------------------------------------------------------------

    def _open(self, dialog: _FormDialog, signal: Any) -> None:
        signal.connect(self._on_dialog_saved)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_saved(self, customer_id: int) -> None:
        self.show_customer(self._customer_id)
        self.points_changed.emit(customer_id)

    def _on_dialog_finished(self, _result: int) -> None:
        dialog = self.dialog
        self.dialog = None
        if dialog is not None:
            dialog.deleteLater()

    def _guarded(self, make: Callable[[int, date], _FormDialog]) -> _FormDialog | None:
        if self._customer_id is None:
            return None
        try:
            return make(self._customer_id, self.today())
        except NotFound:
            self.show_customer(None)
            return None

    def _on_redeem_button_clicked(self) -> None:
        dialog = self._guarded(lambda c, d: RedeemDialog(c, self, today=d, clock=self._clock))
        if isinstance(dialog, RedeemDialog):
            self._open(dialog, dialog.points_redeemed)

    def _on_adjust_button_clicked(self) -> None:
        dialog = self._guarded(lambda c, d: AdjustDialog(c, self, today=d, clock=self._clock))
        if isinstance(dialog, AdjustDialog):
            self._open(dialog, dialog.points_adjusted)

    def _on_referrer_button_clicked(self) -> None:
        dialog = self._guarded(lambda c, d: ReferrerDialog(c, self, today=d, clock=self._clock))
        if isinstance(dialog, ReferrerDialog):
            self._open(dialog, dialog.referrer_set)

    def _on_override_button_clicked(self) -> None:
        dialog = self._guarded(lambda c, d: TierOverrideDialog(c, self, today=d, clock=self._clock))
        if isinstance(dialog, TierOverrideDialog):
            self._open(dialog, dialog.override_set)

    def _on_clear_override_button_clicked(self) -> None:
        cid = self._customer_id
        if cid is None:
            return
        try:
            loyalty.clear_tier_override(cid, today=self.today(), now=self._clock())
        except NotFound:
            self.show_customer(None)
            return
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Tier override"), storage_error_text(exc.message))
            return
        self.show_customer(cid)
        self.points_changed.emit(cid)

    def statement(self) -> loyalty.PointsStatement | None:
        """The points statement of the customer shown (None when none is)."""
        if self._customer_id is None:
            return None
        try:
            return loyalty.points_statement(self._customer_id, today=self.today())
        except NotFound:
            self.show_customer(None)
            return None

    def _on_print_action_triggered(self) -> None:
        statement = self.statement()
        if statement is None:
            return
        try:
            points_statement.print_statement(statement, self)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Print statement"), storage_error_text(exc.message))

    def _on_pdf_action_triggered(self) -> None:
        statement = self.statement()
        if statement is None:
            return
        folder = self._ui.last_folder("statement") if self._ui is not None else ""
        name = points_statement.default_file_name(statement)
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save points statement"),
            str(Path(folder) / name) if folder else name,
            self.tr("PDF files (*.pdf)"),
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.save_statement(path)

    def save_statement(self, path: str | Path) -> Path | None:
        """Save the statement of the customer shown as a PDF at `path` (errors are shown)."""
        statement = self.statement()
        if statement is None:
            return None
        try:
            target = points_statement.save_statement_pdf(statement, path)
        except CrmError as exc:
            QMessageBox.warning(
                self, self.tr("Save points statement"), storage_error_text(exc.message)
            )
            return None
        if self._ui is not None:
            self._ui.set_last_folder("statement", str(Path(target).parent))
        return target
