"""New / edit customer: a form with inline validation that keeps what the user typed."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services import customers as svc
from desktop_crm.services.names import split_tag_list
from desktop_crm.views.labels import gender_name, validation_message
from desktop_crm.views.layout import fit_height


class CustomerDialog(QDialog):
    """Create a customer, or edit one when `customer_id` is given.

    Signals:
        customer_saved(int): the id of the customer just saved.
    """

    customer_saved = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        customer_id: int | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._customer_id = customer_id
        self._today = today
        self.setObjectName("CustomerDialog")
        self.setWindowTitle(
            self.tr("New customer") if customer_id is None else self.tr("Edit customer")
        )
        self.setMinimumWidth(520)
        self._errors: dict[str, QLabel] = {}

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Nickname or name shown in lists"))
        self.real_name_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("13800138000")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("name@example.com")
        self.gender_combo = QComboBox()
        for code in svc.GENDERS:
            self.gender_combo.addItem(gender_name(code), code)
        self.birthday_known = QCheckBox(self.tr("Known"))
        self.birthday_edit = QDateEdit()
        self.birthday_edit.setDisplayFormat("yyyy-MM-dd")
        self.birthday_edit.setCalendarPopup(True)
        self.birthday_edit.setDate(QDate(1990, 1, 1))
        self.birthday_edit.setEnabled(False)
        self.birthday_known.toggled.connect(self.birthday_edit.setEnabled)
        self.province_edit = QLineEdit()
        self.city_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(self.tr("Comma-separated, e.g. VIP, regular"))
        tag_names = [name for _id, name, _n in svc.all_tags()]
        completer = QCompleter(tag_names, self.tags_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit.setCompleter(completer)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)

        form = QFormLayout()
        birthday_row = QHBoxLayout()
        birthday_row.addWidget(self.birthday_known)
        birthday_row.addWidget(self.birthday_edit, 1)
        rows: list[tuple[str, str, QWidget | QHBoxLayout]] = [
            ("display_name", self.tr("&Name *"), self.name_edit),
            ("real_name", self.tr("&Real name"), self.real_name_edit),
            ("phone", self.tr("&Phone"), self.phone_edit),
            ("email", self.tr("&E-mail"), self.email_edit),
            ("gender", self.tr("&Gender"), self.gender_combo),
            ("birthday", self.tr("&Birthday"), birthday_row),
            ("province", self.tr("Pro&vince"), self.province_edit),
            ("city", self.tr("&City"), self.city_edit),
            ("address", self.tr("&Address"), self.address_edit),
            ("tags", self.tr("&Tags"), self.tags_edit),
            ("notes", self.tr("Remar&ks"), self.notes_edit),
        ]
        for key, label, widget in rows:
            error = QLabel()
            error.setObjectName(f"error_{key}")
            error.setWordWrap(True)
            error.setStyleSheet("color: #c62828;")
            error.hide()
            self._errors[key] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            if isinstance(widget, QHBoxLayout):
                box.addLayout(widget)
            else:
                box.addWidget(widget)
            box.addWidget(error)
            form.addRow(label, box)
            # The label's & mnemonic focuses the field (Alt+N, Alt+P ...).
            lbl = form.labelForField(box)
            if isinstance(lbl, QLabel):
                lbl.setBuddy(widget if isinstance(widget, QWidget) else self.birthday_known)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name_edit.textEdited.connect(lambda _t: self._clear_error("display_name"))
        self.phone_edit.textEdited.connect(lambda _t: self._clear_error("phone"))
        self.email_edit.textEdited.connect(lambda _t: self._clear_error("email"))
        if customer_id is not None:
            self._load(customer_id)

    def _load(self, customer_id: int) -> None:
        data = svc.to_input(svc.get_customer(customer_id))
        _show(self.name_edit, data.display_name)
        _show(self.real_name_edit, data.real_name)
        _show(self.phone_edit, data.phone)
        _show(self.email_edit, data.email)
        self.gender_combo.setCurrentIndex(max(0, self.gender_combo.findData(data.gender)))
        if data.birthday:
            self.birthday_known.setChecked(True)
            self.birthday_edit.setDate(
                QDate(data.birthday.year, data.birthday.month, data.birthday.day)
            )
        _show(self.province_edit, data.province)
        _show(self.city_edit, data.city)
        _show(self.address_edit, data.address)
        _show(self.tags_edit, ", ".join(data.tags or []))
        self.notes_edit.setPlainText(data.notes)

    def form_input(self) -> svc.CustomerInput:
        """The values as typed."""
        birthday = None
        if self.birthday_known.isChecked():
            d = self.birthday_edit.date()
            birthday = date(d.year(), d.month(), d.day())
        tags = split_tag_list(self.tags_edit.text())  # as a customer list's cell is split
        return svc.CustomerInput(
            display_name=self.name_edit.text(),
            real_name=self.real_name_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            gender=str(self.gender_combo.currentData() or ""),
            birthday=birthday,
            province=self.province_edit.text(),
            city=self.city_edit.text(),
            address=self.address_edit.text(),
            notes=self.notes_edit.toPlainText(),
            tags=tags,
        )

    def _clear_error(self, key: str) -> None:
        self._errors[key].hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; focus the first field in error."""
        for key, label in self._errors.items():
            code = errors.get(key)
            label.setVisible(code is not None)
            label.setText(validation_message(code, limit=svc.FIELD_LIMITS.get(key)) if code else "")
        fit_height(self)
        order = list(self._errors)
        first = min((order.index(k) for k in errors if k in self._errors), default=None)
        if first is not None:
            buddy = {
                "display_name": self.name_edit,
                "phone": self.phone_edit,
                "email": self.email_edit,
                "birthday": self.birthday_edit,
            }.get(order[first])
            if buddy is not None:
                buddy.setFocus()

    def _on_save(self) -> None:
        today = self._today or date.today()
        now = datetime.now().replace(microsecond=0)
        data = self.form_input()
        try:
            if self._customer_id is None:
                self._customer_id = svc.create_customer(data, today=today, now=now)
            else:
                svc.update_customer(self._customer_id, data, today=today, now=now)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.customer_saved.emit(self._customer_id)
        self.accept()

    def customer_id(self) -> int | None:
        return self._customer_id


def _show(edit: QLineEdit, text: str) -> None:
    """Show a stored value whole. A line edit keeps at most 32,767 characters by default, so a
    longer value an import stored came back cut, and the form then refused the field the
    merchant had left alone (a value left as stored is kept as it is)."""
    edit.setMaxLength(max(edit.maxLength(), len(text)))
    edit.setText(text)
