"""Settings ▸ Follow-ups: switch each automatic follow-up rule on or off and set its days.

`check()` shows a bad value under its field (ValidationError keeps the dialog open); `apply()`
saves changed rules through `followups.save_rules`, which applies them at once in one
transaction (a rule switched off withdraws its open follow-ups, one switched on makes them,
new days move the open ones), then says so with `rules_saved`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services import followups as fu
from desktop_crm.views.layout import VerticalScrollArea
from desktop_crm.views.points_view import ERROR_STYLE, system_now
from desktop_crm.views.settings_dialog import SettingsPage

Clock = Callable[[], datetime]


class FollowUpRulesPage(SettingsPage):
    """The automatic follow-up rules (Settings ▸ Follow-ups).

    Signals:
        rules_saved(): the rules changed and the follow-ups were brought in line with them.
    """

    rules_saved = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FollowUpRulesPage")
        self._clock = clock or system_now
        self.switches: dict[str, QCheckBox] = {}
        self.spins: dict[str, QSpinBox] = {}
        self._errors: dict[str, QLabel] = {}

        intro = QLabel(
            self.tr(
                "Desktop CRM makes these follow-ups itself, after every import and at start-up. "
                "Switching a rule off closes its open follow-ups (done ones stay in the "
                "history); switching it back on brings them back at once. Changing the days "
                "moves the due dates of the open ones."
            )
        )
        intro.setWordWrap(True)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(intro)
        layout.addWidget(
            self._rule(
                "birthday",
                self.tr("&Birthday greetings"),
                "birthday_days",
                self.tr("&Days before the birthday:"),
            )
        )
        layout.addWidget(
            self._rule(
                "win_back",
                self.tr("&Win back customers in churn warning (due the day they are found)"),
            )
        )
        layout.addWidget(
            self._rule(
                "after_sale",
                self.tr("&After-sale check-ins (when the export gives a completion time)"),
                "after_sale_days",
                self.tr("Days after the order &completes:"),
            )
        )
        layout.addWidget(
            self._rule(
                "complaint",
                self.tr("&Unresolved complaints"),
                "complaint_days",
                self.tr("Days after the complaint was &logged:"),
            )
        )
        self.message = QLabel()
        self.message.setObjectName("followUpRulesMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)
        # The page scrolls on a small screen (the dialog's OK and Cancel stay in sight).
        self.scroll_area = VerticalScrollArea(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self.load()

    def _rule(
        self, switch: str, title: str, days: str | None = None, days_label: str = ""
    ) -> QGroupBox:
        box = QGroupBox()
        form = QFormLayout(box)
        check = QCheckBox(title)
        check.setObjectName(f"{switch}Rule")
        self.switches[switch] = check
        form.addRow(check)
        if days is not None:
            low, high = fu.DAY_RANGES[days]
            spin = QSpinBox()
            spin.setObjectName(f"{switch}Days")
            spin.setRange(low, high)
            error = QLabel()
            error.setObjectName(f"error_{days}")
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(spin)
            column.addWidget(error)
            label = QLabel(days_label)
            label.setBuddy(spin)
            form.addRow(label, column)
            self.spins[days] = spin
            self._errors[days] = error
            check.toggled.connect(spin.setEnabled)
            check.toggled.connect(label.setEnabled)
            spin.textChanged.connect(lambda _t, key=days: self._errors[key].hide())
        return box

    # --- loading and reading -------------------------------------------------------------

    def load(self) -> None:
        """Show the stored rules."""
        rules = fu.get_rules()
        for key, check in self.switches.items():
            check.setChecked(bool(getattr(rules, key)))
            check.toggled.emit(check.isChecked())  # the days follow even when unchanged
        for key, spin in self.spins.items():
            spin.setValue(int(getattr(rules, key)))
        self.show_errors({})

    def rules_data(self) -> dict[str, Any]:
        """The rules as shown, in the shape `followups.save_rules` takes (None: no days)."""
        data: dict[str, Any] = {key: check.isChecked() for key, check in self.switches.items()}
        for key, spin in self.spins.items():
            data[key] = spin.value() if spin.cleanText().strip() else None
        return data

    # --- messages ------------------------------------------------------------------------

    def message_for(self, key: str, code: str) -> str:
        """The words for a message code of `followups.validate_rules`."""
        if code == fu.REQUIRED:
            return self.tr("Enter a number of days.")
        if key in fu.DAY_RANGES:
            low, high = fu.DAY_RANGES[key]
            return (
                self.tr("Enter a number of days from %1 to %2.")
                .replace("%1", str(low))
                .replace("%2", str(high))
            )
        return self.tr("This rule cannot be saved as it is.")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages under the fields; the focus goes to the first."""
        for label in self._errors.values():
            label.hide()
            label.setText("")
        for key, code in errors.items():
            label = self._errors.get(key)
            if label is not None:
                label.setText(self.message_for(key, code))
                label.show()
        others = [k for k in errors if k not in self._errors]
        self.message.setText(" ".join(self.message_for(k, errors[k]) for k in others))
        self.message.setVisible(bool(others))
        first = next((k for k in self.spins if k in errors), None)
        if first is not None:
            self.spins[first].setFocus()
            self.spins[first].selectAll()

    def field_error(self, key: str) -> str:
        """The message under a days field ('' when none)."""
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    # --- saving --------------------------------------------------------------------------

    def check(self) -> None:
        """Show what cannot be saved (ValidationError), saving nothing."""
        _rules, errors = fu.validate_rules(self.rules_data())
        if errors:
            self.show_errors(errors)
            raise ValidationError(errors)
        self.show_errors({})

    def changes_database(self) -> bool:
        rules, _errors = fu.validate_rules(self.rules_data())
        return rules != fu.get_rules()

    def save_call(self) -> Callable[[], None] | None:
        """The rules, saved with the follow-ups brought in line at once."""
        if not self.changes_database():
            return None
        data = self.rules_data()
        now = self._clock().replace(microsecond=0)
        return lambda: fu.save_rules(data, today=now.date(), now=now)

    def refused(self, exc: ValidationError) -> None:
        self.show_errors(exc.errors)

    def saved(self, _result: Any) -> None:
        self.load()
        self.rules_saved.emit()


__all__ = ["FollowUpRulesPage"]
