"""Settings → Privacy: how long inactive customers are kept, and reviewing them for erasure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError
from desktop_crm.services import customer_list, privacy
from desktop_crm.services.customers import CustomerRow
from desktop_crm.services.settings import get_setting, set_setting
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.key_views import enable_row_copy, selected_rows
from desktop_crm.views.layout import tab_like_shown
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.settings_dialog import SettingsPage

RETENTION_KEY = "retention_months"


class RetentionDialog(QDialog):
    """Customers inactive for the retention period, with no open follow-up or feedback."""

    def __init__(self, months: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Inactive customers"))
        self.resize(640, 460)
        found = privacy.retention_rows(months, today=date.today())
        ids = [cid for cid, _last in found]
        # The date the list was chosen by: the newest order, change, note, feedback,
        # follow-up or points entry (not only the last order).
        self.last_activity = dict(found)
        rows = customer_list.fetch_rows(ids)
        hint = self.tr("The newest order, change, note, feedback, follow-up or points entry")
        self.model: ListTableModel[CustomerRow] = ListTableModel(
            [
                Column(self.tr("Name"), lambda r: r.display_name),
                Column(self.tr("City"), lambda r: r.city),
                Column(
                    self.tr("Last activity"),
                    self._last_activity_text,
                    tooltip=lambda _r: hint,
                ),
            ],
            self,
        )
        self.model.set_items([rows[i] for i in ids if i in rows])
        self.table = enable_row_copy(QTableView())
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectAll()
        if ids:
            text = self.tr(
                "%n customer(s) with no activity for %1 months and no open follow-up or "
                "feedback. Erase the selected ones?", "", len(ids),
            )  # fmt: skip
        else:
            # An empty list under "0 customers … Erase the selected ones?" asked about nobody.
            self.table.hide()
            text = self.tr(
                "Nobody has been inactive for %1 months: every customer has an order, change, "
                "note, feedback, follow-up or points entry since, or something still open. "
                "There is nobody to erase."
            )
        self.label = QLabel(text.replace("%1", str(months)))
        self.label.setWordWrap(True)
        self.erase_button = QPushButton(self.tr("&Erase selected…"))
        self.erase_button.setEnabled(bool(ids))
        self.erase_button.clicked.connect(self._on_erase_button_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        tab_like_shown(buttons)
        self.erased = 0
        self.erased_ids: list[int] = []

    def _last_activity_text(self, row: CustomerRow) -> str:
        last = self.last_activity.get(row.id)
        return last.strftime("%Y-%m-%d") if last is not None else "—"

    def selected_ids(self) -> list[int]:
        items = self.model.items()
        return [items[r].id for r in selected_rows(self.table)]

    def _on_erase_button_clicked(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.warning(
            self, self.tr("Erase"),
            self.tr("Erase the personal data of %1 customers? A backup is made first; this "
                    "cannot be undone in the program.").replace("%1", str(len(ids))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            privacy.erase_people(ids, now=datetime.now().replace(microsecond=0))
        except privacy.ErasureUnfinished as exc:
            # Erased (committed); only the file's rewrite is left: said, and they go.
            QMessageBox.warning(self, self.tr("Erase"), storage_error_text(exc.message))
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("Erase"), storage_error_text(exc.message))
            return
        self.erased = len(ids)
        self.erased_ids = ids
        self.accept()


class PrivacyPage(SettingsPage):
    """Retention: off by default; when set, inactive customers can be reviewed and erased.

    Signals:
        people_erased(list): customers (ids) were erased from the review; every view and
            window that shows them must let them go at once, not only when Settings closes.
    """

    people_erased = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months = QSpinBox()
        self.months.setObjectName("retentionMonths")
        self.months.setRange(0, 240)
        self.months.setSuffix(self.tr(" months"))
        self.months.setSpecialValueText(self.tr("off"))
        self.months.setValue(int(get_setting(RETENTION_KEY) or 0))
        self.review_button = QPushButton(self.tr("&Review inactive customers…"))
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.months.valueChanged.connect(lambda v: self.review_button.setEnabled(v > 0))
        self.review_button.setEnabled(self.months.value() > 0)
        form = QFormLayout(self)
        form.addRow(self.tr("&Keep inactive customers for:"), self.months)
        form.addRow(self.review_button)
        note = QLabel(
            self.tr("Customers with no activity for this long (no order, change, note, "
                    "feedback, follow-up or points entry), and no open follow-up or feedback, "
                    "are listed for you to review and erase. Nothing is erased without your "
                    "confirmation.")
        )  # fmt: skip
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow(note)

    def changes_database(self) -> bool:
        return self.months.value() != int(get_setting(RETENTION_KEY) or 0)

    def save_call(self) -> Callable[[], None] | None:
        if not self.changes_database():
            return None
        months = int(self.months.value())
        return lambda: set_setting(RETENTION_KEY, months)

    def _on_review_button_clicked(self) -> None:
        dialog = RetentionDialog(self.months.value(), self)
        dialog.exec()
        if dialog.erased_ids:
            self.people_erased.emit(list(dialog.erased_ids))
