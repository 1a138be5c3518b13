"""Follow-up and feedback forms, the words for their codes, and the shared follow-up actions.

- Labels: kinds, statuses, recurrences, feedback kinds and channels, and the translated "why"
  sentence of an automatic follow-up (built from the service's why objects, never from the
  stored English title).
- `CustomerPicker`: a small search box that chooses one customer.
- Dialogs: `FollowUpDialog` (new / edit), `DoneDialog` (done, with an optional outcome),
  `SnoozeDialog` (to a chosen day), `FeedbackDialog` (log / edit), `ResolveDialog`.
- `FollowUpActions`: done / snooze / cancel / reopen for the Today page, the Follow-ups page
  and the timeline, asking what needs asking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QObject,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.services import customer_list
from desktop_crm.services import customers as customer_svc
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services.money import format_money
from desktop_crm.views.labels import (
    code_words,
    grouped,
    platform_name,
    sentences,
    usually_buys,
    validation_message,
)
from desktop_crm.views.layout import fit_height

Clock = Callable[[], datetime]
SEARCH_DELAY_MS = 250
PICKER_LIMIT = 30
ERROR_STYLE = "color: #c62828;"

# Codes of this module's own checks (the services never send them).
NO_CUSTOMER = "no_customer"
CUSTOMER_GONE = "customer_gone"
RESOLUTION_REQUIRED = "resolution_required"


def system_now() -> datetime:
    """The clock the views use unless a test passes its own."""
    return datetime.now().replace(microsecond=0)


# --------------------------------------------------------------------------------------------
# Words


followup_kind_name = code_words(
    "FollowUpLabels",
    {
        fu.MANUAL: QT_TRANSLATE_NOOP("FollowUpLabels", "Manual"),
        fu.BIRTHDAY: QT_TRANSLATE_NOOP("FollowUpLabels", "Birthday"),
        fu.WIN_BACK: QT_TRANSLATE_NOOP("FollowUpLabels", "Win-back"),
        fu.AFTER_SALE: QT_TRANSLATE_NOOP("FollowUpLabels", "After-sale"),
        fu.FEEDBACK: QT_TRANSLATE_NOOP("FollowUpLabels", "Feedback"),
    },
)
followup_kind_name.__doc__ = "A follow-up kind."
followup_status_name = code_words(
    "FollowUpLabels",
    {
        fu.OPEN: QT_TRANSLATE_NOOP("FollowUpLabels", "Open"),
        fu.DONE: QT_TRANSLATE_NOOP("FollowUpLabels", "Done"),
        fu.SNOOZED: QT_TRANSLATE_NOOP("FollowUpLabels", "Snoozed"),
        fu.CANCELLED: QT_TRANSLATE_NOOP("FollowUpLabels", "Cancelled"),
    },
)
followup_status_name.__doc__ = "A follow-up status."
outcome_text = code_words(
    "FollowUpLabels",
    {
        fu.OUTCOME_BOUGHT_AGAIN: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the customer bought again."
        ),
        fu.OUTCOME_NO_LONGER_WARNING: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: no longer in churn warning."
        ),
        fu.OUTCOME_RESOLVED: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the complaint was resolved."
        ),
        fu.OUTCOME_FEEDBACK_GONE: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the complaint was removed or is no longer one."
        ),
        fu.OUTCOME_ORDER_GONE: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the order was removed."
        ),
        fu.OUTCOME_NOT_COMPLETED: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the order is no longer completed."
        ),
        fu.OUTCOME_ORDER_MOVED: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the order now belongs to another customer."
        ),
        fu.OUTCOME_FEEDBACK_MOVED: QT_TRANSLATE_NOOP(
            "FollowUpLabels",
            "Closed automatically: the complaint now belongs to another customer.",
        ),
        fu.OUTCOME_RULE_OFF: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the rule was switched off."
        ),
        fu.OUTCOME_BIRTHDAY_REMOVED: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the birthday was removed."
        ),
        fu.OUTCOME_BIRTHDAY_CHANGED: QT_TRANSLATE_NOOP(
            "FollowUpLabels", "Closed automatically: the birthday was changed."
        ),
    },
)
outcome_text.__doc__ = (
    "A follow-up's outcome: the merchant's own words as typed; the rules' own translated."
)
recurrence_name = code_words(
    "FollowUpLabels",
    {
        fu.NONE: QT_TRANSLATE_NOOP("FollowUpLabels", "Does not repeat"),
        fu.WEEKLY: QT_TRANSLATE_NOOP("FollowUpLabels", "Weekly"),
        fu.MONTHLY: QT_TRANSLATE_NOOP("FollowUpLabels", "Monthly"),
        fu.YEARLY: QT_TRANSLATE_NOOP("FollowUpLabels", "Yearly"),
    },
)
recurrence_name.__doc__ = "How a follow-up repeats."
bucket_name = code_words(
    "FollowUpLabels",
    {
        fu.OVERDUE: QT_TRANSLATE_NOOP("FollowUpLabels", "Overdue"),
        fu.TODAY: QT_TRANSLATE_NOOP("FollowUpLabels", "Due today"),
        fu.NEXT_7_DAYS: QT_TRANSLATE_NOOP("FollowUpLabels", "Next 7 days"),
    },
)
bucket_name.__doc__ = "A Today bucket."
_automatic_title = code_words(
    "FollowUpLabels",
    {
        fu.BIRTHDAY: QT_TRANSLATE_NOOP("FollowUpLabels", "Birthday greeting"),
        fu.WIN_BACK: QT_TRANSLATE_NOOP("FollowUpLabels", "Win back"),
        fu.AFTER_SALE: QT_TRANSLATE_NOOP("FollowUpLabels", "After-sale check-in"),
        fu.FEEDBACK: QT_TRANSLATE_NOOP("FollowUpLabels", "Unresolved complaint"),
    },
)


def automatic_title(kind: str) -> str:
    """The title of a rule-made follow-up, in the user's language."""
    title = _automatic_title(kind)
    return followup_kind_name(kind) if title == kind else title


def shown_titles() -> tuple[tuple[str, str], ...]:
    """(kind, title) of each rule's title as `display_title` words it, for a search
    (FollowUpFilter.shown_titles) to find what the list shows."""
    return tuple((kind, automatic_title(kind)) for kind in fu.AUTOMATIC_KINDS)


# The English titles the rules store (services/followups.py `_TITLES`): replaced on display.
_STORED_TITLES = {
    fu.BIRTHDAY: "Birthday greeting",
    fu.WIN_BACK: "Win back",
    fu.AFTER_SALE: "After-sale check-in",
    fu.FEEDBACK: "Unresolved complaint",
}


def display_title(kind: str, title: str, automatic: bool) -> str:
    """A follow-up's title; a rule-made one is worded in the user's language."""
    if not automatic:
        return title
    stored = _STORED_TITLES.get(kind, "")
    if stored and title.startswith(stored):
        return automatic_title(kind) + title[len(stored) :]
    return title


def followup_title(row: fu.FollowUpRow) -> str:
    """The title of a follow-up row, as `display_title` words it."""
    return display_title(row.kind, row.title, row.automatic)


def feedback_kind_name(kind: str) -> str:
    """A feedback kind."""
    names = {
        fb.COMPLAINT: QCoreApplication.translate("FeedbackLabels", "Complaint"),
        fb.PRAISE: QCoreApplication.translate("FeedbackLabels", "Praise"),
        fb.SUGGESTION: QCoreApplication.translate("FeedbackLabels", "Suggestion"),
        fb.RETURN: QCoreApplication.translate("FeedbackLabels", "Return"),
        fb.INQUIRY: QCoreApplication.translate("FeedbackLabels", "Question"),
    }
    return names.get(kind, kind)


def feedback_status_name(status: str) -> str:
    """A feedback status."""
    names = {
        fb.OPEN: QCoreApplication.translate("FeedbackLabels", "Open"),
        fb.IN_PROGRESS: QCoreApplication.translate("FeedbackLabels", "In progress"),
        fb.RESOLVED: QCoreApplication.translate("FeedbackLabels", "Resolved"),
    }
    return names.get(status, status)


def channel_name(channel: str) -> str:
    """A feedback channel: the suggested ones are translated, typed-in text is shown as is."""
    names = {
        "phone": QCoreApplication.translate("FeedbackLabels", "Phone"),
        "WeChat": QCoreApplication.translate("FeedbackLabels", "WeChat"),
        "e-mail": QCoreApplication.translate("FeedbackLabels", "E-mail"),
        "review": QCoreApplication.translate("FeedbackLabels", "Review"),
        "旺旺": QCoreApplication.translate("FeedbackLabels", "Wangwang"),
    }
    return names.get(channel, channel)


def rating_text(rating: int | None) -> str:
    """Stars for a rating 1..5; a dash when not rated."""
    if rating is None:
        return "—"
    return "★" * rating + "☆" * (5 - rating)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class PluralWords(QObject):
    """Sentences with a count: `self.tr(..., n)` so lupdate marks them as plural forms."""

    def days_without_purchase(self, days: int) -> str:
        return self.tr("no purchase for %n day(s)", "", days)

    def days_without_purchase_usually(self, days: int, interval: str) -> str:
        text = self.tr("no purchase for %n day(s); %1", "", days)
        return text.replace("%1", usually_buys(interval))

    def order_completed_days_ago(self, order_no: str, days: int) -> str:
        return self.tr("order %1 completed %n day(s) ago", "", days).replace("%1", order_no)


_plural_words: list[PluralWords] = []


def _plural() -> PluralWords:
    if not _plural_words:
        _plural_words.append(PluralWords())
    return _plural_words[0]


def why_text(row: fu.FollowUpRow, why: fu.Why | None, today: date) -> str:
    """Why this follow-up is on the list, in one translated sentence (its title if typed in)."""
    if isinstance(why, fu.BirthdayWhy):
        when = f"{why.next_birthday:%m-%d}"
        if 0 < why.turns <= 120:
            return (
                QCoreApplication.translate("FollowUpLabels", "birthday on %1 (turns %2)")
                .replace("%1", when)
                .replace("%2", str(why.turns))
            )
        return QCoreApplication.translate("FollowUpLabels", "birthday on %1").replace("%1", when)
    if isinstance(why, fu.WinBackWhy):
        info = why.churn
        if info.days_since_last is None:
            return QCoreApplication.translate("FollowUpLabels", "no purchase yet")
        days = info.days_since_last
        if info.usual_interval is None:
            return _plural().days_without_purchase(days)
        return _plural().days_without_purchase_usually(days, _number(info.usual_interval))
    if isinstance(why, fu.AfterSaleWhy):
        number = why.order_no
        if why.completed_at is None:
            return QCoreApplication.translate("FollowUpLabels", "order %1 completed").replace(
                "%1", number
            )
        days = (today - why.completed_at.date()).days
        if days <= 0:
            return QCoreApplication.translate("FollowUpLabels", "order %1 completed today").replace(
                "%1", number
            )
        return _plural().order_completed_days_ago(number, days)
    if isinstance(why, fu.FeedbackWhy):
        summary = _short(why.summary, 40)
        if why.kind == fb.COMPLAINT:
            return QCoreApplication.translate("FollowUpLabels", "complaint: %1").replace(
                "%1", summary
            )
        return (
            QCoreApplication.translate("FollowUpLabels", "%1: %2")
            .replace("%1", feedback_kind_name(why.kind))
            .replace("%2", summary)
        )
    return followup_title(row)


def why_tooltip(row: fu.FollowUpRow, why: fu.Why | None) -> str:
    """More of the reason: the whole complaint, the order's items, the notes."""
    parts = [followup_title(row)]
    if isinstance(why, fu.AfterSaleWhy):
        parts.append(f"{platform_name(why.platform)} {why.order_no}")
        if why.item_summary:
            parts.append(why.item_summary)
    elif isinstance(why, fu.FeedbackWhy):
        parts.append(f"{feedback_kind_name(why.kind)} {rating_text(why.rating)}")
        parts.append(why.summary)
    elif isinstance(why, fu.WinBackWhy) and why.churn.last_purchase is not None:
        parts.append(
            QCoreApplication.translate("FollowUpLabels", "Last purchase: %1").replace(
                "%1", why.churn.last_purchase.isoformat()
            )
        )
    if row.notes:
        parts.append(row.notes)
    return "\n".join(p for p in parts if p)


def due_text(due: datetime) -> str:
    """A due time; midnight (the rules' due times) shows as the day alone."""
    # isoformat: strftime took a fifth of a 56,000-row copy.
    if due.time() == time():
        return due.date().isoformat()
    return due.isoformat(sep=" ", timespec="minutes")


# --------------------------------------------------------------------------------------------
# Forms


def _error_label(key: str) -> QLabel:
    error = QLabel()
    error.setObjectName(f"error_{key}")
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.hide()
    return error


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class _FormDialog(QDialog):
    """A form whose fields show their validation message underneath (what was typed stays)."""

    # The most characters each field takes (said when one is too long).
    LIMITS: dict[str, int] = {}

    def __init__(self, parent: QWidget | None, clock: Clock | None) -> None:
        super().__init__(parent)
        self._clock = clock or system_now
        self._errors: dict[str, QLabel] = {}
        self._focus: dict[str, QWidget] = {}
        self.form = QFormLayout()

    def _add_row(self, key: str, label: str, widget: QWidget | QLayout, focus: QWidget) -> None:
        error = _error_label(key)
        self._errors[key] = error
        self._focus[key] = focus
        box = QVBoxLayout()
        box.setSpacing(2)
        if isinstance(widget, QLayout):
            box.addLayout(widget)
        else:
            box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(label, box)
        # The label's & mnemonic focuses the field (Alt+T, Alt+D ...).
        lbl = self.form.labelForField(box)
        if isinstance(lbl, QLabel):
            lbl.setBuddy(focus)

    def message(self, key: str, code: str) -> str:
        """The sentence for a code under a field (subclasses word their own codes)."""
        return validation_message(code, limit=self.LIMITS.get(key))

    def error_text(self, key: str) -> str:
        """The message shown under a field ('' when none)."""
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; focus the first field in error."""
        for key, label in self._errors.items():
            code = errors.get(key)
            label.setVisible(code is not None)
            label.setText(self.message(key, code) if code else "")
        fit_height(self)
        for key in self._errors:
            if key in errors:
                self._focus[key].setFocus()
                break

    def _clear_error(self, key: str) -> None:
        if key in self._errors:
            self._errors[key].hide()

    def save_record(
        self,
        errors: dict[str, str],
        record_id: int | None,
        create: Callable[[datetime], int],
        update: Callable[[int, datetime], object],
    ) -> int | None:
        """Create or update a record whose customer is chosen on the form: the errors (or the
        service's) are shown and None returned; otherwise the record's id."""
        if errors:
            self.show_errors(errors)
            return None
        now = self._clock()
        try:
            if record_id is None:
                return create(now)
            update(record_id, now)
            return record_id
        except ValidationError as exc:
            self.show_errors(exc.errors)
        except NotFound:
            self.show_errors({"customer_id": CUSTOMER_GONE})
        return None


class TextEdit(QPlainTextEdit):
    """A several-line field: Tab moves on, Ctrl+Enter submits the form.

    Signals:
        submitted(): Ctrl+Enter (or Ctrl+Return) was pressed.
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class _SearchLine(QLineEdit):
    """The picker's search box: Down moves into the results, Enter picks a match.

    Signals:
        down_pressed(): the Down arrow was pressed.
    """

    down_pressed = Signal()

    def __init__(self, pick: Callable[[], bool]) -> None:
        super().__init__()
        self._pick = pick

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        # Enter picks a match; once a customer is picked it reaches the dialog (Save).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._pick():
            return
        super().keyPressEvent(event)


class _ResultList(QListWidget):
    """The picker's matches: Enter picks the current one and moves on (it does not reach the
    dialog's default button, as a list's Enter otherwise would).

    Signals:
        enter_pressed(): Enter or Return was pressed.
    """

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class CustomerPicker(QWidget):
    """Choose one customer: type part of a name, nickname or phone, pick from the matches.

    Signals:
        customer_chosen(int): a customer was picked.
    """

    customer_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CustomerPicker")
        self._chosen: int | None = None
        self.search_edit = _SearchLine(self._on_search_edit_enter)
        self.search_edit.setObjectName("customerPickerSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Type a name, nickname or phone"))
        self.results = _ResultList()
        self.results.setObjectName("customerPickerResults")
        self.results.setMaximumHeight(110)
        self.results.hide()
        self.chosen_label = QLabel(self.tr("No customer chosen"))
        self.chosen_label.setObjectName("customerPickerChosen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results)
        layout.addWidget(self.chosen_label)
        self.setFocusProxy(self.search_edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.down_pressed.connect(self._on_search_edit_down_pressed)
        self.results.currentItemChanged.connect(self._on_results_current_item_changed)
        self.results.itemDoubleClicked.connect(self._on_results_item_double_clicked)
        self.results.enter_pressed.connect(self._on_results_enter_pressed)

    def customer_id(self) -> int | None:
        """The chosen customer, if any."""
        return self._chosen

    def search(self) -> None:
        """Look up the typed text now (the box waits for a pause in typing otherwise)."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        self.results.blockSignals(True)
        self.results.clear()
        self.results.blockSignals(False)
        if not text:
            self.results.hide()
            return
        ids = customer_list.list_ids(customer_list.CustomerFilter(text=text), "name")
        rows = customer_list.fetch_rows(ids[:PICKER_LIMIT])
        for cid in ids[:PICKER_LIMIT]:
            row = rows.get(cid)
            if row is None:
                continue
            extra = " · ".join(p for p in (row.phone, row.city) if p)
            item = QListWidgetItem(f"{row.display_name} · {extra}" if extra else row.display_name)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setData(Qt.ItemDataRole.UserRole + 1, row.display_name)
            self.results.addItem(item)
        if len(ids) > PICKER_LIMIT:
            more = QListWidgetItem(
                self.tr("%1 more: type more of the name").replace(
                    "%1", f"{len(ids) - PICKER_LIMIT:,}"
                )
            )
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(more)
        if not ids:
            none = QListWidgetItem(self.tr("No customer matches"))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(none)
        self.results.show()
        if len(ids) == 1:
            self.results.setCurrentRow(0)

    def _choose(self, item: QListWidgetItem | None) -> None:
        cid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if cid is None:
            return
        self._chosen = int(cid)
        self.chosen_label.setText(
            self.tr("Chosen: %1").replace("%1", str(item.data(Qt.ItemDataRole.UserRole + 1)))
        )
        self.customer_chosen.emit(self._chosen)

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_search_edit_down_pressed(self) -> None:
        if self._timer.isActive():
            self.search()
        if self.results.count() and self.results.item(0).data(Qt.ItemDataRole.UserRole):
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)

    def _on_search_edit_enter(self) -> bool:
        """Enter in the search box: pick the current (or first) match; False when there is
        nothing new to pick, so the key goes on to the dialog."""
        pending = self._timer.isActive()
        if pending:
            self.search()
        current = self.results.currentItem()
        if not pending and current is not None and self._chosen is not None:
            return False
        if not self.results.count() or self.results.item(0).data(Qt.ItemDataRole.UserRole) is None:
            return False
        if current is None:
            self.results.setCurrentRow(0)
        else:
            self._choose(current)
        self.focusNextChild()
        return True

    def _on_results_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self._choose(current)

    def _on_results_item_double_clicked(self, item: QListWidgetItem) -> None:
        self._choose(item)
        self.focusNextChild()

    def _on_results_enter_pressed(self) -> None:
        if self.results.currentItem() is not None:
            self._choose(self.results.currentItem())
            self.focusNextChild()


def _customer_name(customer_id: int) -> str:
    rows = customer_list.fetch_rows([customer_id])
    if customer_id not in rows:
        raise NotFound(f"Customer {customer_id} does not exist.")
    return rows[customer_id].display_name


class FollowUpDialog(_FormDialog):
    """Create a follow-up, or edit one when `followup_id` is given.

    `customer_id` fixes the customer of a new follow-up (from the customer page); otherwise a
    search box chooses one. Raises NotFound when the follow-up or customer does not exist.

    Signals:
        followup_saved(int): the id of the follow-up just saved.
    """

    LIMITS = {"title": fu.MAX_TITLE, "notes": fu.MAX_TEXT}

    followup_saved = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        followup_id: int | None = None,
        *,
        customer_id: int | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent, clock)
        self.setObjectName("FollowUpDialog")
        self._followup_id = followup_id
        row = fu.get_followup(followup_id) if followup_id is not None else None
        self._customer_id = row.customer_id if row is not None else customer_id
        self.setWindowTitle(self.tr("New follow-up") if row is None else self.tr("Edit follow-up"))
        self.setMinimumWidth(480)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(
            self.tr("What to do, e.g. Call back: how do they like it?")
        )
        self.picker: CustomerPicker | None = None
        customer_widget: QWidget
        if self._customer_id is None:
            self.picker = CustomerPicker()
            customer_widget = self.picker
        else:
            name = row.customer_name if row is not None else _customer_name(self._customer_id)
            customer_widget = QLabel(name)
            customer_widget.setObjectName("customerName")
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        due_row = QHBoxLayout()
        due_row.addWidget(self.date_edit, 1)
        due_row.addWidget(self.time_edit)
        self.kind_combo = QComboBox()
        for kind in fu.KINDS:
            self.kind_combo.addItem(followup_kind_name(kind), kind)
        self.recurrence_combo = QComboBox()
        for code in fu.RECURRENCES:
            self.recurrence_combo.addItem(recurrence_name(code), code)
        self.recurrence_hint = QLabel(
            self.tr("When you mark it done, the next one is created for you.")
        )
        self.recurrence_hint.setWordWrap(True)
        self.recurrence_hint.setStyleSheet("color: palette(mid);")
        repeat_box = QVBoxLayout()
        repeat_box.setSpacing(2)
        repeat_box.addWidget(self.recurrence_combo)
        repeat_box.addWidget(self.recurrence_hint)
        self.notes_edit = TextEdit()
        self.notes_edit.setFixedHeight(80)

        focus_customer = self.picker.search_edit if self.picker is not None else self.title_edit
        self._add_row("title", self.tr("&Title *"), self.title_edit, self.title_edit)
        self._add_row("customer_id", self.tr("C&ustomer *"), customer_widget, focus_customer)
        self._add_row("due", self.tr("&Due *"), due_row, self.date_edit)
        self._add_row("kind", self.tr("&Kind"), self.kind_combo, self.kind_combo)
        self._add_row("recurrence", self.tr("&Repeats"), repeat_box, self.recurrence_combo)
        self._add_row("notes", self.tr("N&otes"), self.notes_edit, self.notes_edit)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # Grow when a message or the search results appear, never squeeze them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addStrut(self.minimumWidth())
        layout.addLayout(self.form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        self.title_edit.textEdited.connect(lambda _t: self._clear_error("title"))
        self.notes_edit.submitted.connect(self._on_buttons_accepted)
        self.recurrence_combo.currentIndexChanged.connect(self._on_recurrence_combo_changed)
        if self.picker is not None:
            self.picker.customer_chosen.connect(lambda _c: self._clear_error("customer_id"))
        if row is not None:
            self._load(row)
        else:
            tomorrow = self._clock().date() + timedelta(days=1)
            self.date_edit.setDate(_qdate(tomorrow))
            self.time_edit.setTime(QTime(10, 0))
        self._on_recurrence_combo_changed()
        (self.picker.search_edit if self.picker is not None else self.title_edit).setFocus()

    def _load(self, row: fu.FollowUpRow) -> None:
        self.title_edit.setText(followup_title(row))
        self.date_edit.setDate(_qdate(row.due.date()))
        self.time_edit.setTime(QTime(row.due.hour, row.due.minute))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(row.kind)))
        self.recurrence_combo.setCurrentIndex(
            max(0, self.recurrence_combo.findData(row.recurrence))
        )
        self.notes_edit.setPlainText(row.notes)
        if row.status in (fu.DONE, fu.CANCELLED):
            text = followup_status_name(row.status)
            if row.done_at is not None:
                text += " " + f"{row.done_at:%Y-%m-%d %H:%M}"
            if row.outcome:
                text += " — " + outcome_text(row.outcome)
            self.status_label.setText(self.tr("Status: %1").replace("%1", text))
            self.status_label.show()

    def _on_recurrence_combo_changed(self, _index: int = 0) -> None:
        self.recurrence_hint.setVisible(self.recurrence_combo.currentData() != fu.NONE)

    def followup_id(self) -> int | None:
        return self._followup_id

    def customer_id(self) -> int | None:
        if self.picker is not None:
            return self.picker.customer_id()
        return self._customer_id

    def form_input(self) -> fu.FollowUpInput:
        """The values as typed (customer 0 when none was chosen)."""
        t = self.time_edit.time()
        due = datetime.combine(_pydate(self.date_edit.date()), time(t.hour(), t.minute()))
        return fu.FollowUpInput(
            customer_id=self.customer_id() or 0,
            title=self.title_edit.text(),
            due=due,
            kind=str(self.kind_combo.currentData()),
            recurrence=str(self.recurrence_combo.currentData()),
            notes=self.notes_edit.toPlainText(),
        )

    def message(self, key: str, code: str) -> str:
        if code == NO_CUSTOMER:
            return self.tr("Choose a customer: type part of a name, then pick from the list.")
        if code == CUSTOMER_GONE:
            return self.tr("This customer no longer exists.")
        if code == fu.CANNOT_CHANGE:
            return self.tr("The customer of a follow-up cannot be changed.")
        if code == fu.INVALID and key == "due":
            return self.tr("Enter a date and a time.")
        if code == fu.INVALID:
            return self.tr("Choose a value from the list.")
        if code == fu.IN_PAST:
            return self.tr("Choose today or a later day.")
        return super().message(key, code)

    def _on_buttons_accepted(self) -> None:
        data = self.form_input()
        errors = fu.validate(data)
        if not data.customer_id:
            errors["customer_id"] = NO_CUSTOMER
        saved = self.save_record(
            errors,
            self._followup_id,
            lambda now: fu.create_followup(data, now=now),
            lambda fid, now: fu.update_followup(fid, data, now=now),
        )
        if saved is None:
            return
        self._followup_id = saved
        self.followup_saved.emit(saved)
        self.accept()


class _IdsDialog(_FormDialog):
    """A dialog acting on some follow-ups: it names one, or counts several."""

    def __init__(self, ids: Sequence[int], parent: QWidget | None, clock: Clock | None) -> None:
        super().__init__(parent, clock)
        self._ids = list(ids)
        rows = fu.fetch_rows(self._ids[:1]) if len(self._ids) == 1 else {}
        self._row = rows.get(self._ids[0]) if rows else None
        if self._row is not None:
            text = (
                self.tr("“%1” for %2")
                .replace("%1", followup_title(self._row))
                .replace("%2", self._row.customer_name)
            )
        else:
            text = self.tr("%n follow-up(s)", "", len(self._ids))
        self.subject_label = QLabel(text)
        self.subject_label.setWordWrap(True)

    def ids(self) -> list[int]:
        return list(self._ids)


class DoneDialog(_IdsDialog):
    """Mark follow-ups done, with an optional note of what came of it.

    Signals:
        completed(object): the service's BulkResult (`created` holds new occurrences of
            recurring follow-ups).
    """

    LIMITS = {"outcome": fu.MAX_TEXT}

    completed = Signal(object)

    def __init__(
        self, ids: Sequence[int], parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(ids, parent, clock)
        self.setObjectName("DoneDialog")
        self.setWindowTitle(self.tr("Mark done"))
        self.setMinimumWidth(420)
        self.outcome_edit = QLineEdit()
        self.outcome_edit.setPlaceholderText(
            self.tr("Optional: what came of it, e.g. called back, very happy")
        )
        self._add_row("outcome", self.tr("&Outcome"), self.outcome_edit, self.outcome_edit)
        self.repeat_label = QLabel()
        self.repeat_label.setWordWrap(True)
        if self._row is not None and self._row.recurrence != fu.NONE:
            self.repeat_label.setText(
                self.tr(
                    "It repeats (%1): the next one is created when you mark this one done."
                ).replace("%1", recurrence_name(self._row.recurrence))
            )
        else:
            self.repeat_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.done_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.done_button.setText(self.tr("Mark &done"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # Grow when a message or the search results appear, never squeeze them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addStrut(self.minimumWidth())
        layout.addWidget(self.subject_label)
        layout.addLayout(self.form)
        layout.addWidget(self.repeat_label)
        layout.addWidget(self.buttons)
        self.outcome_edit.setFocus()

    def _on_buttons_accepted(self) -> None:
        try:
            result = fu.complete(self._ids, now=self._clock(), outcome=self.outcome_edit.text())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.completed.emit(result)
        self.accept()


class SnoozeDialog(_IdsDialog):
    """Snooze follow-ups to a chosen day (their time of day stays).

    Signals:
        snoozed(object): the service's BulkResult.
    """

    snoozed = Signal(object)

    def __init__(
        self, ids: Sequence[int], parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(ids, parent, clock)
        self.setObjectName("SnoozeDialog")
        self.setWindowTitle(self.tr("Snooze until"))
        self.setMinimumWidth(320)
        today = self._clock().date()
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(_qdate(today))
        self.date_edit.setDate(_qdate(today + timedelta(days=1)))
        self._add_row("until", self.tr("&Until"), self.date_edit, self.date_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.snooze_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.snooze_button.setText(self.tr("&Snooze"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # Grow when a message or the search results appear, never squeeze them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addStrut(self.minimumWidth())
        layout.addWidget(self.subject_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.date_edit.setFocus()

    def message(self, key: str, code: str) -> str:
        if code == fu.IN_PAST:
            return self.tr("Choose today or a later day.")
        return super().message(key, code)

    def until(self) -> date:
        return _pydate(self.date_edit.date())

    def _on_buttons_accepted(self) -> None:
        try:
            result = fu.snooze(self._ids, until=self.until(), now=self._clock())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.snoozed.emit(result)
        self.accept()


# Quick snooze choices: the service's option codes, plus "date" for the dialog.
SNOOZE_DATE = "date"


def build_snooze_menu(parent: QWidget) -> QMenu:
    """The Snooze menu: 1 day, 3 days, a week, a date… (action data: the option code)."""
    menu = QMenu(parent)
    menu.setObjectName("snoozeMenu")
    for code, text in (
        ("1d", QCoreApplication.translate("FollowUpActions", "&1 day")),
        ("3d", QCoreApplication.translate("FollowUpActions", "&3 days")),
        ("1w", QCoreApplication.translate("FollowUpActions", "A &week")),
        (SNOOZE_DATE, QCoreApplication.translate("FollowUpActions", "Pick a &date…")),
    ):
        action = menu.addAction(text)
        action.setData(code)
    return menu


class FollowUpActions(QObject):
    """Done, snooze, cancel and reopen for a set of follow-ups, on behalf of a widget.

    Done asks for an optional outcome, a snooze to a date asks for the date, cancel asks for
    confirmation. After each change `changed` carries a sentence for the owner's status line.

    Signals:
        changed(str): follow-ups were changed; the text says what happened.
    """

    changed = Signal(str)

    def __init__(self, owner: QWidget, clock: Clock | None = None) -> None:
        super().__init__(owner)
        self._owner = owner
        self._clock = clock or system_now

    def complete(self, ids: Sequence[int]) -> DoneDialog | None:
        """Ask for an outcome, then mark done (the dialog is returned, already open)."""
        if not ids:
            return None
        dialog = DoneDialog(ids, self._owner, clock=self._clock)
        dialog.completed.connect(self._on_dialog_completed)
        dialog.open()
        return dialog

    def _on_dialog_completed(self, result: fu.BulkResult) -> None:
        n = len(result.changed)
        parts = [grouped(self.tr("Marked %n follow-up(s) done.", "", n), n)]
        if result.created:
            rows = fu.fetch_rows(result.created[:1])
            nxt = rows.get(result.created[0])
            if len(result.created) == 1 and nxt is not None:
                parts.append(self.tr("The next one is due on %1.").replace("%1", due_text(nxt.due)))
            else:
                parts.append(self.tr("%n next occurrence(s) created.", "", len(result.created)))
        if result.ended:
            parts.append(
                self.tr(
                    "No next occurrence for %n repeating follow-up(s): "
                    "there is no date after 9999-12-31.",
                    "",
                    len(result.ended),
                )
            )
        self.changed.emit(sentences(*parts))

    def snooze_menu(self, ids: Sequence[int]) -> QMenu:
        """A Snooze menu acting on these follow-ups (not shown yet: popup() or exec() it)."""
        menu = build_snooze_menu(self._owner)
        wanted = list(ids)
        menu.triggered.connect(lambda action: self.snooze(wanted, str(action.data())))
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    def popup_snooze_menu(self, ids: Sequence[int], under: QWidget) -> QMenu | None:
        """Show the Snooze menu (it does not block) under a button, or under the current cell
        of a list or tree (where the keyboard user is)."""
        if not ids:
            return None
        if isinstance(under, QAbstractItemView):
            index = under.currentIndex()
            rect = under.visualRect(index) if index.isValid() else under.rect()
            at = under.viewport().mapToGlobal(rect.bottomLeft())
        else:
            at = under.mapToGlobal(under.rect().bottomLeft())
        menu = self.snooze_menu(ids)
        menu.popup(at)
        return menu

    def snooze(self, ids: Sequence[int], option: str) -> SnoozeDialog | None:
        """Snooze by a quick option ("1d", "3d", "1w"), or ask for a day ("date")."""
        if not ids:
            return None
        if option == SNOOZE_DATE:
            dialog = SnoozeDialog(ids, self._owner, clock=self._clock)
            dialog.snoozed.connect(lambda result: self._on_snoozed(result, dialog.until()))
            dialog.open()
            return dialog
        now = self._clock()
        until = fu.snooze_until(option, now.date())
        self._on_snoozed(fu.snooze(ids, until=until, now=now), until)
        return None

    def _on_snoozed(self, result: fu.BulkResult, until: date) -> None:
        n = len(result.changed)
        text = grouped(self.tr("Snoozed %n follow-up(s) until %1.", "", n), n)
        self.changed.emit(text.replace("%1", until.isoformat()))

    def cancel(self, ids: Sequence[int]) -> bool:
        """Ask, then cancel. Returns whether they were cancelled."""
        if not ids:
            return False
        rows = fu.fetch_rows(list(ids)[:1]) if len(ids) == 1 else {}
        if rows:
            row = next(iter(rows.values()))
            text = (
                self.tr("Cancel the follow-up “%1” for %2?")
                .replace("%1", followup_title(row))
                .replace("%2", row.customer_name)
            )
        else:
            text = self.tr("Cancel %n follow-up(s)?", "", len(ids))
        text += "\n" + self.tr("A cancelled automatic follow-up is not created again.")
        answer = QMessageBox.question(
            self._owner,
            self.tr("Cancel follow-up"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        result = fu.cancel(ids, now=self._clock())
        n = len(result.changed)
        self.changed.emit(grouped(self.tr("Cancelled %n follow-up(s).", "", n), n))
        return True

    def reopen(self, ids: Sequence[int]) -> None:
        """Open done or cancelled follow-ups again."""
        if not ids:
            return
        result = fu.reopen(ids, now=self._clock())
        n = len(result.changed)
        said = grouped(self.tr("Reopened %n follow-up(s).", "", n), n)
        if refused := len(result.refused):
            kept = self.tr(
                "%n win-back(s) not reopened: one customer has one win-back open at a time.",
                "",
                refused,
            )
            said = sentences(said if n else "", grouped(kept, refused))
        self.changed.emit(said)


# --------------------------------------------------------------------------------------------
# Feedback


def order_choice_text(order: customer_svc.OrderLine) -> str:
    """An order in the feedback form's order box."""
    return (
        f"{order.ordered_at:%Y-%m-%d} · {platform_name(order.platform)} {order.order_no} · "
        f"{format_money(order.paid, order.currency)}"
    )


# The most characters each feedback field takes (the service's limits), said when exceeded.
FEEDBACK_LIMITS = {"content": fb.MAX_TEXT, "channel": fb.MAX_CHANNEL, "resolution": fb.MAX_TEXT}


class FeedbackDialog(_FormDialog):
    """Log feedback, or edit it when `feedback_id` is given.

    `customer_id` fixes the customer (from the customer page) and `order_id` preselects one
    of their orders; otherwise a search box chooses the customer. Raises NotFound when the
    feedback or customer does not exist.

    Signals:
        feedback_saved(int): the id of the feedback just saved.
    """

    LIMITS = FEEDBACK_LIMITS

    feedback_saved = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        feedback_id: int | None = None,
        *,
        customer_id: int | None = None,
        order_id: int | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent, clock)
        self.setObjectName("FeedbackDialog")
        self._feedback_id = feedback_id
        row = fb.get_feedback(feedback_id) if feedback_id is not None else None
        self._customer_id = row.customer_id if row is not None else customer_id
        self.setWindowTitle(self.tr("Log feedback") if row is None else self.tr("Edit feedback"))
        self.setMinimumWidth(500)

        self.picker: CustomerPicker | None = None
        customer_widget: QWidget
        if self._customer_id is None:
            self.picker = CustomerPicker()
            customer_widget = self.picker
        else:
            name = row.customer_name if row is not None else _customer_name(self._customer_id)
            customer_widget = QLabel(name)
            customer_widget.setObjectName("customerName")
        self.order_combo = QComboBox()
        self.order_combo.setObjectName("orderCombo")
        self.kind_combo = QComboBox()
        for kind in fb.KINDS:
            self.kind_combo.addItem(feedback_kind_name(kind), kind)
        self.channel_combo = QComboBox()
        self.channel_combo.setEditable(True)
        self.channel_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.channel_combo.addItem("", "")
        for code in fb.CHANNELS:
            self.channel_combo.addItem(channel_name(code), code)
        self.rating_combo = QComboBox()
        self.rating_combo.addItem(self.tr("Not rated"), None)
        for n in range(5, 0, -1):
            self.rating_combo.addItem(f"{rating_text(n)}  {n}", n)
        self.content_edit = TextEdit()
        self.content_edit.setFixedHeight(100)
        self.content_edit.setPlaceholderText(self.tr("What the customer said"))

        focus_customer = self.picker.search_edit if self.picker is not None else self.order_combo
        self._add_row("customer_id", self.tr("C&ustomer *"), customer_widget, focus_customer)
        self._add_row("order_id", self.tr("O&rder"), self.order_combo, self.order_combo)
        self._add_row("kind", self.tr("&Kind"), self.kind_combo, self.kind_combo)
        self._add_row("channel", self.tr("C&hannel"), self.channel_combo, self.channel_combo)
        self._add_row("rating", self.tr("R&ating"), self.rating_combo, self.rating_combo)
        self._add_row("content", self.tr("&What they said *"), self.content_edit, self.content_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.content_edit.submitted.connect(self._on_buttons_accepted)
        layout = QVBoxLayout(self)
        # Grow when a message or the search results appear, never squeeze them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addStrut(self.minimumWidth())
        if row is not None:
            layout.addWidget(self._history_label(row))
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.content_edit.textChanged.connect(lambda: self._clear_error("content"))
        if self.picker is not None:
            self.picker.customer_chosen.connect(self._on_picker_customer_chosen)
        self._fill_orders(self._customer_id, row)
        if row is not None:
            self._load(row)
        elif order_id is not None:
            self.order_combo.setCurrentIndex(max(0, self.order_combo.findData(order_id)))
        (self.picker.search_edit if self.picker is not None else self.kind_combo).setFocus()

    def _history_label(self, row: fb.FeedbackRow) -> QLabel:
        """When the feedback was logged and, once resolved, when and how (the list's
        Resolution column shows the same)."""
        logged = self.tr("Logged on %1.").replace("%1", f"{row.created_at:%Y-%m-%d %H:%M}")
        resolved = ""
        if row.resolved_at is not None:
            when = f"{row.resolved_at:%Y-%m-%d %H:%M}"
            if row.resolution:
                resolved = (
                    self.tr("Resolved on %1: %2")
                    .replace("%1", when)
                    .replace("%2", _short(row.resolution, 200))
                )
            else:
                resolved = self.tr("Resolved on %1.").replace("%1", when)
        label = QLabel(sentences(logged, resolved))
        label.setObjectName("feedbackHistory")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        if row.resolution:
            label.setToolTip(row.resolution)
        return label

    def _fill_orders(self, customer_id: int | None, row: fb.FeedbackRow | None = None) -> None:
        self.order_combo.clear()
        if row is not None and row.order_id is None and row.order_no:
            # An undone import removed the order: the feedback still names it (and an import
            # bringing it back links it again), so say which, not "(no order)". Saving keeps
            # the name, as the service does for an unchanged link.
            self.order_combo.addItem(
                self.tr("%1 (removed by an undone import)").replace(
                    "%1", f"{platform_name(row.order_platform)} {row.order_no}"
                ),
                None,
            )
        else:
            self.order_combo.addItem(self.tr("(no order)"), None)
        if customer_id:
            for order in customer_svc.purchase_history(customer_id):
                self.order_combo.addItem(order_choice_text(order), order.id)
        self.order_combo.setEnabled(self.order_combo.count() > 1)

    def _load(self, row: fb.FeedbackRow) -> None:
        self.order_combo.setCurrentIndex(max(0, self.order_combo.findData(row.order_id)))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(row.kind)))
        index = self.channel_combo.findData(row.channel)
        if index >= 0:
            self.channel_combo.setCurrentIndex(index)
        else:
            self.channel_combo.setEditText(row.channel)
        self.rating_combo.setCurrentIndex(max(0, self.rating_combo.findData(row.rating)))
        self.content_edit.setPlainText(row.content)

    def _on_picker_customer_chosen(self, customer_id: int) -> None:
        self._clear_error("customer_id")
        self._fill_orders(customer_id)

    def feedback_id(self) -> int | None:
        return self._feedback_id

    def customer_id(self) -> int | None:
        if self.picker is not None:
            return self.picker.customer_id()
        return self._customer_id

    def channel(self) -> str:
        """The channel's code when a suggestion was chosen, else the text as typed."""
        text = self.channel_combo.currentText().strip()
        index = self.channel_combo.findText(text)
        if index >= 0:
            return str(self.channel_combo.itemData(index) or "")
        return text

    def form_input(self) -> fb.FeedbackInput:
        """The values as typed (customer 0 when none was chosen)."""
        return fb.FeedbackInput(
            customer_id=self.customer_id() or 0,
            kind=str(self.kind_combo.currentData()),
            content=self.content_edit.toPlainText(),
            channel=self.channel(),
            rating=self.rating_combo.currentData(),
            order_id=self.order_combo.currentData(),
        )

    def message(self, key: str, code: str) -> str:
        if code == NO_CUSTOMER:
            return self.tr("Choose a customer: type part of a name, then pick from the list.")
        if code == CUSTOMER_GONE:
            return self.tr("This customer or order no longer exists.")
        if code == fb.ORDER_OTHER_CUSTOMER:
            return self.tr("This order belongs to another customer.")
        if code == fb.RATING_RANGE:
            return self.tr("A rating is 1 to 5 stars.")
        if code == fu.CANNOT_CHANGE:
            return self.tr("The customer of feedback cannot be changed.")
        if code == fb.INVALID:
            return self.tr("Choose a value from the list.")
        return super().message(key, code)

    def _on_buttons_accepted(self) -> None:
        data = self.form_input()
        errors = fb.validate(data)
        if not data.customer_id:
            errors["customer_id"] = NO_CUSTOMER
        saved = self.save_record(
            errors,
            self._feedback_id,
            lambda now: fb.log_feedback(data, now=now),
            lambda fid, now: fb.update_feedback(fid, data, now=now),
        )
        if saved is None:
            return
        self._feedback_id = saved
        self.feedback_saved.emit(saved)
        self.accept()


class ResolveDialog(_FormDialog):
    """Resolve feedback: what was done is required. Given several entries (the Feedback
    page's selection), the same note goes to each one not resolved yet.

    Signals:
        resolved(object): the service's `BulkResult`, once resolved.
    """

    LIMITS = FEEDBACK_LIMITS

    resolved = Signal(object)

    def __init__(
        self,
        feedback_ids: int | Sequence[int],
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent, clock)
        self.setObjectName("ResolveDialog")
        ids = [feedback_ids] if isinstance(feedback_ids, int) else list(feedback_ids)
        self._feedback_ids = ids
        self.setWindowTitle(self.tr("Resolve feedback"))
        self.setMinimumWidth(460)
        note = ""
        if len(ids) == 1:
            row = fb.get_feedback(ids[0])
            note = row.resolution
            subject = QLabel(
                self.tr("%1 from %2: %3")
                .replace("%1", feedback_kind_name(row.kind))
                .replace("%2", row.customer_name)
                .replace("%3", _short(row.content, 120))
            )
        else:
            counts = fb.status_counts(ids)
            todo = sum(n for status, n in counts.items() if status in fb.UNRESOLVED)
            subject = QLabel(
                self.tr("Not resolved yet among the selected: %1. Each gets this note.").replace(
                    "%1", f"{todo:,}"
                )
            )
        subject.setWordWrap(True)
        self.resolution_edit = TextEdit()
        self.resolution_edit.setFixedHeight(90)
        self.resolution_edit.setPlaceholderText(self.tr("What was done, e.g. 已补发 (Ctrl+Enter)"))
        self.resolution_edit.setPlainText(note)
        self._add_row(
            "resolution",
            self.tr("&How it was resolved *"),
            self.resolution_edit,
            self.resolution_edit,
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.resolve_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.resolve_button.setText(self.tr("&Resolve"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resolution_edit.submitted.connect(self._on_buttons_accepted)
        layout = QVBoxLayout(self)
        # Grow when a message or the search results appear, never squeeze them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addStrut(self.minimumWidth())
        layout.addWidget(subject)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.resolution_edit.textChanged.connect(lambda: self._clear_error("resolution"))
        self.resolution_edit.setFocus()

    def message(self, key: str, code: str) -> str:
        if code == RESOLUTION_REQUIRED:
            return self.tr("Write what was done to resolve it.")
        return super().message(key, code)

    def _on_buttons_accepted(self) -> None:
        text = self.resolution_edit.toPlainText().strip()
        if not text:
            self.show_errors({"resolution": RESOLUTION_REQUIRED})
            return
        try:
            result = fb.change_status(
                self._feedback_ids, fb.RESOLVED, now=self._clock(), resolution=text
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.resolved.emit(result)
        self.accept()


def followup_key(view: Any, event: QKeyEvent) -> bool:
    """The follow-up lists' keys: Enter opens, Delete cancels, D done, S snooze. Emits the
    view's matching signal (open_requested, cancel_requested, done_requested,
    snooze_requested) and says whether the key was one of them."""
    key = event.key()
    plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        view.open_requested.emit()
    elif key == Qt.Key.Key_Delete:
        view.cancel_requested.emit()
    elif plain and key == Qt.Key.Key_D:
        view.done_requested.emit()
    elif plain and key == Qt.Key.Key_S:
        view.snooze_requested.emit()
    else:
        return False
    return True
