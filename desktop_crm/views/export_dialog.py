"""Export customers (a filter or a saved segment) to xlsx or CSV.

The merchant chooses the columns (the display name is always written), the format, the CSV
encoding (UTF-8 with BOM or GBK), the header language and whether contacts are written in full
(off unless chosen: phones, e-mails and addresses are masked). The choices are remembered in
UiState for the next export. `services.exports.export_customers` runs on the JobRunner with a
progress dialog and Cancel; it writes under a temporary name, so Cancel leaves no file.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError, JobCancelled
from desktop_crm.services import analytics, customer_list, exports, segments
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.settings import store_currency
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.jobs import JobRunner, progress_dialog
from desktop_crm.views.layout import resize_within_screen, tab_like_shown
from desktop_crm.views.segment_dialogs import filter_summary
from desktop_crm.views.ui_state import UiState

KEY_ROLE = Qt.ItemDataRole.UserRole
ALWAYS = "display_name"
WARNING_STYLE = "color: #c62828;"
# UiState keys
COLUMNS_KEY = "export/columns"
FORMAT_KEY = "export/format"
ENCODING_KEY = "export/encoding"
HEADER_KEY = "export/header"
FULL_CONTACT_KEY = "export/full_contact"


def column_label(key: str) -> str:
    """An export column's name in the user's language."""
    labels = {
        "id": QCoreApplication.translate("ExportColumns", "Customer ID"),
        "display_name": QCoreApplication.translate("ExportColumns", "Name"),
        "real_name": QCoreApplication.translate("ExportColumns", "Real name"),
        "phone": QCoreApplication.translate("ExportColumns", "Phone"),
        "email": QCoreApplication.translate("ExportColumns", "E-mail"),
        "gender": QCoreApplication.translate("ExportColumns", "Gender"),
        "birthday": QCoreApplication.translate("ExportColumns", "Birthday"),
        "province": QCoreApplication.translate("ExportColumns", "Province"),
        "city": QCoreApplication.translate("ExportColumns", "City"),
        "address": QCoreApplication.translate("ExportColumns", "Address"),
        "platform": QCoreApplication.translate("ExportColumns", "Platform"),
        "tags": QCoreApplication.translate("ExportColumns", "Tags"),
        "tier": QCoreApplication.translate("ExportColumns", "Tier"),
        "points": QCoreApplication.translate("ExportColumns", "Points"),
        "orders": QCoreApplication.translate("ExportColumns", "Purchases"),
        "total_net": QCoreApplication.translate("ExportColumns", "Total spent (net)"),
        "aov": QCoreApplication.translate("ExportColumns", "Average order value"),
        "first_order": QCoreApplication.translate("ExportColumns", "First purchase"),
        "last_order": QCoreApplication.translate("ExportColumns", "Last purchase"),
        "days_since_last": QCoreApplication.translate("ExportColumns", "Days since last purchase"),
        "stage": QCoreApplication.translate("ExportColumns", "Lifecycle stage"),
        "rfm_class": QCoreApplication.translate("ExportColumns", "RFM class"),
        "r_score": QCoreApplication.translate("ExportColumns", "R score"),
        "f_score": QCoreApplication.translate("ExportColumns", "F score"),
        "m_score": QCoreApplication.translate("ExportColumns", "M score"),
        "churn_warning": QCoreApplication.translate("ExportColumns", "Churn warning"),
        "notes": QCoreApplication.translate("ExportColumns", "Notes"),
        "created_at": QCoreApplication.translate("ExportColumns", "Added"),
    }
    return labels.get(key, key)


_LOYALTY_COLUMNS = ("tier", "points")
_CONTACT_COLUMNS = ("phone", "email", "address")


def available_columns() -> list[str]:
    """Column keys this database can fill, in the service's order."""
    loyalty = analytics.has_tiers()
    return [k for k in exports.COLUMNS if loyalty or k not in _LOYALTY_COLUMNS]


def default_columns() -> list[str]:
    """The service's default columns (without loyalty ones when there are no tiers)."""
    return list(exports.resolve_columns(None))


def _as_bool(value: object) -> bool:
    # QSettings (IniFormat) gives back "true"/"false" strings for booleans.
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _safe_file_stem(text: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" ._")
    return stem[:60] or "customers"


class ExportDialog(QDialog):
    """Choose columns, format, encoding and contact detail; then export on the JobRunner.

    Signals:
        exported(object): the ExportResult of a finished export.
    """

    exported = Signal(object)

    def __init__(
        self,
        runner: JobRunner,
        ui_state: UiState,
        *,
        flt: CustomerFilter | None = None,
        segment: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.setWindowTitle(self.tr("Export customers"))
        self._runner = runner
        self._ui = ui_state
        self._filter = flt
        self._segment = segment
        self._today = today or date.today()
        self.result: exports.ExportResult | None = None

        currency = store_currency()
        if segment is not None:
            info = segments.resolve_segment(segment)
            what = (
                self.tr("Segment “%1”: %2")
                .replace("%1", info.name)
                .replace("%2", filter_summary(info.filter, currency))
            )
            self.count = segments.segment_count(info, today=self._today)
        else:
            what = filter_summary(flt or CustomerFilter(), currency)
            self.count = customer_list.count(flt or CustomerFilter(), today=self._today)
        self.summary_label = QLabel(what)
        self.summary_label.setObjectName("exportSummary")
        self.summary_label.setWordWrap(True)
        self.count_label = QLabel(self.tr("%n customer(s) will be exported.", "", self.count))
        self.count_label.setObjectName("exportCount")

        # Columns
        self.columns_list = QListWidget()
        self.columns_list.setObjectName("exportColumns")
        chosen = self._remembered_columns()
        for key in available_columns():
            item = QListWidgetItem(column_label(key))
            item.setData(KEY_ROLE, key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if key == ALWAYS:
                item.setToolTip(self.tr("Always included: it tells the rows apart."))
            else:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            checked = key == ALWAYS or key in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.columns_list.addItem(item)
        self.columns_list.setCurrentRow(0)
        self.defaults_button = QPushButton(self.tr("&Defaults"))
        self.all_button = QPushButton(self.tr("&All"))
        self.none_button = QPushButton(self.tr("&Name only"))
        column_buttons = QVBoxLayout()
        for button in (self.defaults_button, self.all_button, self.none_button):
            button.setAutoDefault(False)
            column_buttons.addWidget(button)
        column_buttons.addStretch(1)
        columns_row = QHBoxLayout()
        columns_row.addWidget(self.columns_list, 1)
        columns_row.addLayout(column_buttons)

        # Format, encoding, headers
        self.xlsx_radio = QRadioButton(self.tr("E&xcel workbook (.xlsx)"))
        self.csv_radio = QRadioButton(self.tr("CS&V text (.csv)"))
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.xlsx_radio)
        self.format_group.addButton(self.csv_radio)
        if str(self._ui.value(FORMAT_KEY, "xlsx")) == "csv":
            self.csv_radio.setChecked(True)
        else:
            self.xlsx_radio.setChecked(True)
        format_row = QHBoxLayout()
        format_row.addWidget(self.xlsx_radio)
        format_row.addWidget(self.csv_radio)
        format_row.addStretch(1)
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("exportEncoding")
        self.encoding_combo.addItem(self.tr("UTF-8 with BOM (Excel, WPS, Numbers)"), "utf-8-sig")
        self.encoding_combo.addItem(self.tr("GBK (older Chinese software)"), "gbk")
        self.encoding_combo.setCurrentIndex(
            max(0, self.encoding_combo.findData(str(self._ui.value(ENCODING_KEY, "utf-8-sig"))))
        )
        self.header_combo = QComboBox()
        self.header_combo.setObjectName("exportHeader")
        self.header_combo.addItem(self.tr("Chinese (客户名, 手机 …)"), "zh")
        self.header_combo.addItem(self.tr("English (Name, Phone …)"), "en")
        self.header_combo.addItem(self.tr("Column keys (display_name, phone …)"), "keys")
        chinese = QLocale().language() == QLocale.Language.Chinese
        header = str(self._ui.value(HEADER_KEY, "zh" if chinese else "en"))
        self.header_combo.setCurrentIndex(max(0, self.header_combo.findData(header)))

        self.full_contact_check = QCheckBox(self.tr("Write &full contact details"))
        self.full_contact_check.setObjectName("exportFullContact")
        self.full_contact_check.setChecked(_as_bool(self._ui.value(FULL_CONTACT_KEY, False)))
        self.full_contact_check.setToolTip(
            self.tr(
                "Off: phones are masked (138****1234), e-mails shortened (z***@example.com) and "
                "addresses cut to province and city."
            )
        )
        self.full_contact_warning = QLabel(
            self.tr(
                "Phones, e-mails and street addresses are written in full. Keep the file safe "
                "and delete it when it is no longer needed."
            )
        )
        self.full_contact_warning.setWordWrap(True)
        self.full_contact_warning.setStyleSheet(WARNING_STYLE)

        form = QFormLayout()
        form.addRow(self.tr("Customers:"), self.summary_label)
        form.addRow("", self.count_label)
        columns_label = QLabel(self.tr("&Columns:"))
        columns_label.setBuddy(self.columns_list)
        form.addRow(columns_label, columns_row)
        form.addRow(self.tr("Format:"), format_row)
        encoding_label = QLabel(self.tr("CSV enc&oding:"))
        encoding_label.setBuddy(self.encoding_combo)
        form.addRow(encoding_label, self.encoding_combo)
        header_label = QLabel(self.tr("&Headers:"))
        header_label.setBuddy(self.header_combo)
        form.addRow(header_label, self.header_combo)
        form.addRow("", self.full_contact_check)
        form.addRow("", self.full_contact_warning)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("&Export…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportButton")
        self.export_button.setEnabled(self.count > 0)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        tab_like_shown(self.buttons)

        self.defaults_button.clicked.connect(self._on_defaults_button_clicked)
        self.all_button.clicked.connect(self._on_all_button_clicked)
        self.none_button.clicked.connect(self._on_none_button_clicked)
        self.csv_radio.toggled.connect(self._on_csv_radio_toggled)
        self.full_contact_check.toggled.connect(self._on_full_contact_check_toggled)
        self._on_csv_radio_toggled(self.csv_radio.isChecked())
        self._on_full_contact_check_toggled(self.full_contact_check.isChecked())
        # The list of columns scrolls: the dialog fits a 1024×600 screen with its buttons.
        resize_within_screen(self, 560, 600)

    # --- choices -------------------------------------------------------------------------
    def _remembered_columns(self) -> set[str]:
        stored = self._ui.value(COLUMNS_KEY, "")
        if isinstance(stored, list | tuple):
            stored = ",".join(str(s) for s in stored)
        keys = {k.strip() for k in str(stored or "").split(",") if k.strip()}
        keys &= set(available_columns())
        return keys or set(default_columns())

    def chosen_columns(self) -> list[str]:
        """The checked column keys, in the service's order (the display name always)."""
        keys = []
        for row in range(self.columns_list.count()):
            item = self.columns_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                keys.append(str(item.data(KEY_ROLE)))
        if ALWAYS not in keys:
            keys.insert(0, ALWAYS)
        return keys

    def set_columns(self, keys: list[str] | set[str]) -> None:
        """Check exactly these columns (plus the display name)."""
        wanted = set(keys) | {ALWAYS}
        for row in range(self.columns_list.count()):
            item = self.columns_list.item(row)
            on = str(item.data(KEY_ROLE)) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen_format(self) -> str:
        return "csv" if self.csv_radio.isChecked() else "xlsx"

    def _on_defaults_button_clicked(self) -> None:
        self.set_columns(default_columns())

    def _on_all_button_clicked(self) -> None:
        self.set_columns(available_columns())

    def _on_none_button_clicked(self) -> None:
        self.set_columns([])

    def _on_csv_radio_toggled(self, checked: bool) -> None:
        self.encoding_combo.setEnabled(checked)

    def _on_full_contact_check_toggled(self, checked: bool) -> None:
        self.full_contact_warning.setVisible(checked)

    # --- export --------------------------------------------------------------------------
    def _suggested_path(self, kind: str) -> Path:
        folder = self._ui.last_folder("export") or str(Path.home())
        stem = _safe_file_stem(self._segment) if self._segment else "customers"
        return Path(folder) / f"{stem}-{self._today.isoformat()}.{kind}"

    def _on_buttons_accepted(self) -> None:
        kind = self.chosen_format()
        file_filter = (
            self.tr("CSV files (*.csv)") if kind == "csv" else self.tr("Excel workbooks (*.xlsx)")
        )
        name, _chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export customers"), str(self._suggested_path(kind)), file_filter
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        columns = self.chosen_columns()
        encoding = str(self.encoding_combo.currentData())
        header = str(self.header_combo.currentData())
        full = self.full_contact_check.isChecked()
        self._ui.set_last_folder("export", str(path.parent))
        self._ui.set_value(COLUMNS_KEY, ",".join(columns))
        self._ui.set_value(FORMAT_KEY, kind)
        self._ui.set_value(ENCODING_KEY, encoding)
        self._ui.set_value(HEADER_KEY, header)
        self._ui.set_value(FULL_CONTACT_KEY, full)
        flt, segment, today = self._filter, self._segment, self._today

        def work(progress: Any, cancelled: Any) -> exports.ExportResult:
            return exports.export_customers(
                path, today=today, flt=flt, segment=segment, columns=columns,
                encoding=encoding, full_contact=full, header=header,
                progress=progress, cancelled=cancelled,
            )  # fmt: skip

        self.export_button.setEnabled(False)
        job = self._runner.submit(work)
        progress_dialog(self, job, self.tr("Exporting %1…").replace("%1", path.name)).setObjectName(
            "exportProgress"
        )
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)

    def _on_job_succeeded(self, result: exports.ExportResult) -> None:
        self.result = result
        self.exported.emit(result)
        text = self.tr("Exported %n customer(s) to %1.", "", result.rows).replace(
            "%1", str(result.path)
        )
        if result.notes:
            text += "\n\n" + "\n".join(result.notes)
        QMessageBox.information(self, self.tr("Export customers"), text)
        self.accept()

    def _on_job_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        if isinstance(exc, JobCancelled):
            QMessageBox.information(
                self, self.tr("Export customers"), self.tr("Cancelled. No file was written.")
            )
        elif isinstance(exc, CrmError):
            QMessageBox.warning(self, self.tr("Export customers"), storage_error_text(exc.message))
        elif isinstance(exc, OSError):
            QMessageBox.warning(
                self, self.tr("Export customers"),
                self.tr("The file could not be written: %1").replace("%1", str(exc)),
            )  # fmt: skip
        else:
            raise exc
