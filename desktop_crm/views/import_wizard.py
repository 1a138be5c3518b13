"""The import wizard: files in, what was recognised, a preview, a mapping for other layouts,
a dry run, the import with progress and Cancel, and the receipts with every skipped row."""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import CrmError, JobCancelled
from desktop_crm.services.currency import COMMON_CURRENCIES
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.mapping import (
    CUSTOMER_FIELDS,
    GENERIC_STATUSES,
    ORDER_FIELDS,
    AmbiguousColumn,
    Mapping,
    MappingError,
    UnmappedFields,
    column_choices,
    column_position,
    guess_columns,
    load_mapping,
    mapping_parser,
    read_headers,
    unmapped_fields,
    write_mapping,
)
from desktop_crm.services.importing.parse import joined_detail_files
from desktop_crm.services.importing.preview import Detection, Preview, detect_file, preview_file
from desktop_crm.services.importing.profiles import find_sheet_mapping, save_mapping
from desktop_crm.services.importing.records import (
    CUSTOMERS,
    ORDERS,
    PLATFORMS,
    STATUSES,
    ImportFileError,
    Rejected,
)
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.import_actions import FILE_FILTER, save_skipped_rows
from desktop_crm.views.jobs import Job, JobRunner, progress_dialog
from desktop_crm.views.key_views import KeyTable, KeyTableWidget
from desktop_crm.views.labels import platform_name, status_name
from desktop_crm.views.layout import form_label, resize_within_screen
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.rejections import file_error_text, note_text, rejection_text
from desktop_crm.views.ui_state import UiState

AUTO = "auto"
MAPPED = "mapped"
REJECTED_BRUSH = QBrush(QColor("#c62828"))
# What a dropped folder contributes: its files of the kinds Add files… offers.
IMPORTABLE_SUFFIXES = frozenset(p.removeprefix("*") for p in FILE_FILTER.split())
STATUS_WORDS_SHOWN = 30  # a status column with more distinct words is probably the wrong one
FILE_COLUMN_CHARS = 40  # the receipts' File column: wide enough for an ExportOrderList name
MAX_NOTES_SHOWN = 10  # notes under the receipts; the rest are counted


@dataclass(slots=True)
class FileEntry:
    """One file in the wizard and how it will be read."""

    path: Path
    detection: Detection
    choice: str = AUTO  # AUTO, a platform code, or MAPPED
    # What the mapping form shows for this file, perhaps with required fields still unmapped;
    # `mapping` is the draft once it is complete: what the preview and the import read by.
    draft: Mapping | None = None
    mapping: Mapping | None = None
    status_words: list[str] = field(default_factory=list)
    receipt: engine.ImportReceipt | None = None
    error: str = ""
    # Imported by this wizard as it is read now (another choice or mapping clears it): Import
    # leaves it out, so pressing it again records no second, empty import.
    imported: bool = False
    # Refused by the last import as it is read now (columns left to map, a file that cannot
    # be read): importing it again would only say so again, and wipe the receipts shown.
    refused: bool = False
    # A new store's preview found amounts that name no currency (no sign, no currency cell).
    currency_unsaid: bool = False

    def importable(self) -> bool:
        """Whether Import has something to do with it: neither imported nor refused as it
        is read now."""
        return not (self.imported or self.refused)

    def platform(self) -> str:
        """The platform forced by the user, or "auto"."""
        return self.choice if self.choice not in (AUTO, MAPPED) else "auto"

    def parser(self) -> Any:
        return mapping_parser(self.mapping) if self.choice == MAPPED and self.mapping else None

    def set_draft(self, draft: Mapping) -> None:
        """The form's mapping, used as soon as every required field has a column."""
        if self.draft is None or draft.columns != self.draft.columns:
            self.currency_unsaid = False  # other columns: the next preview tells again
        if draft != self.draft:
            self.imported = self.refused = False
        self.draft = draft
        self.mapping = None if self.unmapped() else draft

    def sheet_index(self) -> int:
        """Which of the file's sheets the mapping reads: the one its draft names, else the
        first whose header has every column the draft maps, else the first."""
        sheets = self.detection.sheets
        draft = self.draft
        if draft is not None:
            for i, (name, _header) in enumerate(sheets):
                if name == draft.sheet:
                    return i
            wanted = list(draft.columns.values())
            for i, (_name, header) in enumerate(sheets):
                if wanted and all(_position(header, c) is not None for c in wanted):
                    return i
        return 0

    def header(self) -> list[str]:
        """The header row of the sheet the mapping reads."""
        sheets = self.detection.sheets
        return sheets[self.sheet_index()][1] if sheets else self.detection.header

    def unmapped(self) -> list[str]:
        """Required fields the draft gives no column (all of them without a draft); and
        "currency" while a new store (no currency yet) would get orders whose currency nobody
        said (the preview found amounts without a sign or a currency cell): the amounts'
        currency decides the store's, and yuan must not become dollars."""
        if self.draft is None:
            return unmapped_fields(ORDERS, {})
        missing = unmapped_fields(self.draft.kind, self.draft.columns)
        if self.currency_unsaid and self.needs_currency():
            missing.append("currency")
        return missing

    def needs_currency(self) -> bool:
        """Whether amounts that name no currency would be refused: a new store, orders, and
        no "Amounts in" chosen."""
        draft = self.draft
        return (
            draft is not None and draft.kind == ORDERS and not draft.currency
            and store_currency() is None
        )  # fmt: skip


@dataclass(slots=True)
class PreviewLine:
    """A line of the preview: a parsed record, or a row that will be skipped."""

    row: int
    values: list[str]
    reason: str = ""


@dataclass(slots=True)
class WizardResult:
    """Receipts of the last run (dry or real)."""

    dry_run: bool
    receipts: list[engine.ImportReceipt] = field(default_factory=list)


class ImportWizard(QDialog):
    """Import one or more export files, with a preview first.

    Signals:
        imported(): data changed (at least one file was imported).
    """

    imported = Signal()

    def __init__(
        self,
        runner: JobRunner,
        ui_state: UiState,
        parent: QWidget | None = None,
        paths: list[Path] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ImportWizard")
        self.setWindowTitle(self.tr("Import exports"))
        self.setAcceptDrops(True)
        resize_within_screen(self, 1000, 700)
        self._runner = runner
        self._ui = ui_state
        self.entries: list[FileEntry] = []
        self._queue: list[FileEntry] = []
        self._dry_run = False
        self.running = False
        self._job: Job | None = None  # the running file's import
        self._cancelled = False  # the last run was cancelled
        self._failed = False  # or stopped by an unexpected error
        self.result: WizardResult | None = None
        self._shown: FileEntry | None = None  # the file the preview and the form show
        # Files are recognised and previewed on the worker (a 100k-row file takes seconds to
        # read, DESIGN §6): how many reads are under way, and which preview is the wanted one.
        self._reading = 0
        self._preview_token = 0
        self._focus_list_when_read = False  # files added with Add files… (the keyboard's way)
        self._closed = False  # reads whose turn comes after the wizard closed are skipped
        self._saving_rejected = False  # skipped rows being written: Save stays off
        self._planned: list[FileEntry] = []  # the files of a dry run of several (_rehearse)

        hint = QLabel(
            self.tr("Drop order or customer export files here, or add them. Each file is "
                    "recognised by its columns; check the preview, then import.")
        )  # fmt: skip
        hint.setWordWrap(True)
        # Tab leaves the list (KeyTable's rule) for the current file's "Import as", then Add;
        # Enter presses the default button (Import), as anywhere in a dialog; Alt+Down or F4
        # opens the current file's "Import as" (a combo box's own keys) and Delete removes it.
        self.files = KeyTableWidget(deletes=True)
        self.files.setColumnCount(3)
        self.files.setObjectName("wizardFiles")
        self.files.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Recognised as"), self.tr("Import as")]
        )
        self.files.verticalHeader().hide()
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.files.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.files.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        self.files.currentCellChanged.connect(self._on_files_current_cell_changed)
        self.files.open_requested.connect(self._on_files_open_requested)
        self.files.delete_requested.connect(self._on_remove_button_clicked)
        for keys in ("Alt+Down", "F4"):
            choose = QShortcut(QKeySequence(keys), self.files)
            choose.setContext(Qt.ShortcutContext.WidgetShortcut)
            choose.activated.connect(self._on_files_choose_activated)
        self.add_button = QPushButton(self.tr("&Add files…"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

        # Preview of the selected file.
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.preview_model: ListTableModel[PreviewLine] = ListTableModel([], self)
        self.preview_view = KeyTable()
        self.preview_view.setObjectName("wizardPreview")
        self.preview_view.verticalHeader().hide()
        self.preview_view.setWordWrap(False)
        self.preview_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.preview_view.setModel(self.preview_model)
        preview_page = QWidget()
        pl = QVBoxLayout(preview_page)
        pl.addWidget(self.preview_label)
        pl.addWidget(self.preview_view, 1)

        # Column mapping for files of no known layout.
        self.mapping_page = QWidget()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Orders"), ORDERS)
        self.kind_combo.addItem(self.tr("Customer list"), CUSTOMERS)
        self.kind_combo.activated.connect(self._on_kind_combo_activated)
        self.mapping_form = QFormLayout()
        self.mapping_combos: dict[str, QComboBox] = {}
        self.amounts_currency: QComboBox | None = None  # orders only (_currency_combo)
        # The words of the mapped status column, each with the status it means.
        self.status_box = QGroupBox(self.tr("Status words"))
        self.status_form = QFormLayout(self.status_box)
        self.status_combos: dict[str, QComboBox] = {}
        self.mapping_name = QLineEdit()
        self.mapping_name.setPlaceholderText(self.tr("Name of this layout, e.g. My shop's sheet"))
        # Enter here saves the mapping; keyPressEvent keeps it from pressing Import too.
        self.mapping_name.returnPressed.connect(self._on_save_mapping_button_clicked)
        self.save_mapping_button = QPushButton(self.tr("&Save mapping"))
        self.save_mapping_button.clicked.connect(self._on_save_mapping_button_clicked)
        self.export_mapping_button = QPushButton(self.tr("E&xport mapping…"))
        self.export_mapping_button.setToolTip(
            self.tr("Save this mapping as a JSON file, for desktop-crm import --mapping")
        )
        self.export_mapping_button.clicked.connect(self._on_export_mapping_button_clicked)
        self.load_mapping_button = QPushButton(self.tr("&Load mapping…"))
        self.load_mapping_button.clicked.connect(self._on_load_mapping_button_clicked)
        # A workbook's sheet to map (shown when more than one sheet has a header row).
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("mappingSheet")
        self.sheet_combo.activated.connect(self._on_sheet_combo_activated)
        fields_page = QWidget()
        fl = QVBoxLayout(fields_page)
        self._top_form = QFormLayout()
        self._top_form.addRow(self.tr("Sheet:"), self.sheet_combo)
        self._top_form.addRow(self.tr("The file holds:"), self.kind_combo)
        fl.addLayout(self._top_form)
        fl.addLayout(self.mapping_form)
        fl.addWidget(self.status_box)
        fl.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("mappingScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its combos take the focus, not it
        scroll.setWidget(fields_page)
        ml = QVBoxLayout(self.mapping_page)
        ml.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.mapping_name, 1)
        row.addWidget(self.save_mapping_button)
        row.addWidget(self.export_mapping_button)
        row.addWidget(self.load_mapping_button)
        ml.addLayout(row)

        # Receipts after a dry run or an import.
        self._full_paths: dict[str, str] = {}
        self.receipts_model: ListTableModel[engine.ImportReceipt] = ListTableModel(
            [
                Column(
                    self.tr("File"), lambda r: r.file, tooltip=lambda r: self._full_path(r.file)
                ),
                Column(self.tr("Platform"), lambda r: platform_name(r.platform)),
                Column(self.tr("Rows"), lambda r: str(r.rows_read), right=True),
                Column(self.tr("Added"), lambda r: str(r.orders_added), right=True),
                Column(self.tr("Updated"), lambda r: str(r.orders_updated), right=True),
                Column(self.tr("Unchanged"), lambda r: str(r.orders_unchanged), right=True),
                Column(self.tr("New customers"), lambda r: str(r.customers_added), right=True),
                Column(self.tr("Matched"), lambda r: str(r.customers_matched), right=True),
                Column(self.tr("Skipped rows"), lambda r: str(len(r.rejected)), right=True),
            ],
            self,
        )
        self.receipts_view = KeyTable()
        self.receipts_view.setObjectName("wizardReceipts")
        self.receipts_view.setModel(self.receipts_model)
        self.receipts_view.verticalHeader().hide()
        self.receipts_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejected_model: ListTableModel[tuple[str, Rejected]] = ListTableModel(
            [
                Column(self.tr("File"), lambda x: x[0], tooltip=lambda x: self._full_path(x[0])),
                Column(self.tr("Row"), lambda x: str(x[1].row), right=True),
                Column(
                    self.tr("Reason"),
                    lambda x: rejection_text(x[1].reason),
                    tooltip=lambda x: rejection_text(x[1].reason),
                ),
            ],
            self,
        )
        self.rejected_view = KeyTable()
        self.rejected_view.setObjectName("wizardRejected")
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.verticalHeader().hide()
        self.rejected_view.horizontalHeader().setStretchLastSection(True)
        for view in (self.receipts_view, self.rejected_view):
            # A long file name keeps its start and its date stamp (ExportOrderList2026…1200.csv).
            view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            view.setWordWrap(False)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.save_rejected_button = QPushButton(self.tr("Save skipped rows as &Excel…"))
        self.save_rejected_button.clicked.connect(self._on_save_rejected_button_clicked)
        result_page = QWidget()
        rl = QVBoxLayout(result_page)
        rl.addWidget(self.result_label)
        rl.addWidget(self.receipts_view, 1)
        rl.addWidget(self.rejected_view, 1)
        rrow = QHBoxLayout()
        rrow.addStretch(1)
        rrow.addWidget(self.save_rejected_button)
        rl.addLayout(rrow)

        self.tabs = QTabWidget()
        self.tabs.addTab(preview_page, self.tr("&Preview"))
        self.tabs.addTab(self.mapping_page, self.tr("Column &mapping"))
        self.tabs.addTab(result_page, self.tr("Re&ceipts"))

        self.dry_run_button = QPushButton(self.tr("&Dry run"))
        self.dry_run_button.setToolTip(
            self.tr("Read every file and count what would change; change nothing")
        )
        self.import_button = QPushButton(self.tr("&Import"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close the wizard (Esc)"))
        self.dry_run_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.close_button.clicked.connect(self.reject)

        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_button)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addWidget(hint)
        ul.addWidget(self.files, 1)
        ul.addLayout(file_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.tabs)
        self.files.setMinimumHeight(120)
        splitter.setSizes([200, 500])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dry_run_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        # Only now that it is in the dialog does the dialog take it as its default: set
        # earlier, the dialog made the first button after the focus its default when shown
        # (Add files…), and Enter added files instead of importing them.
        self.import_button.setDefault(True)
        self._rebuild_mapping_form()
        if paths:
            self.add_files(paths)
        self._update_buttons()
        self._set_tab_order()
        # The list when there are files (Enter imports them), else Add files… (Enter adds).
        (self.files if self.entries else self.add_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_tab_order(self) -> None:
        """Tab walks the window top to bottom (DESIGN §6): the files, the current file's
        Import as, Add, Remove, the tabs and the controls of the open one, then the buttons.
        The widgets made later (row combos, the mapping's fields) would otherwise come last."""
        row_combos = [self.files.cellWidget(r, 2) for r in range(self.files.rowCount())]
        chain: list[QWidget] = [
            self.files, *[c for c in row_combos if c is not None], self.add_button,
            self.remove_button, self.tabs, self.preview_view, self.sheet_combo, self.kind_combo,
            *self._mapping_widgets(), *self.status_combos.values(), self.mapping_name,
            self.save_mapping_button, self.export_mapping_button, self.load_mapping_button,
            self.receipts_view, self.rejected_view, self.save_rejected_button,
            self.dry_run_button, self.import_button, self.close_button,
        ]  # fmt: skip
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _mapping_widgets(self) -> list[QWidget]:
        """The mapping form's choices in form order (the amounts' currency after the amount)."""
        widgets: list[QWidget] = []
        for fld, combo in self.mapping_combos.items():
            widgets.append(combo)
            if fld == "paid" and self.amounts_currency is not None:
                widgets.append(self.amounts_currency)
        return widgets

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Tab turns the page anywhere in the wizard, as QTabWidget does inside a page.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            back = event.key() == Qt.Key.Key_Backtab
            count = self.tabs.count()
            index = self.tabs.currentIndex()
            for _ in range(count):
                index = (index + (-1 if back else 1)) % count
                if self.tabs.isTabEnabled(index):
                    self.tabs.setCurrentIndex(index)
                    break
            event.accept()
            return
        # Enter in the mapping tab saves the mapping (in its name field) or does nothing: it
        # must not reach the default button and start the import of a half-made mapping.
        focus = self.focusWidget()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and focus is not None
            and self.mapping_page.isAncestorOf(focus)
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    # --- files ---------------------------------------------------------------------------
    def add_files(self, paths: list[Path]) -> None:
        """Recognise each file and list it (files already listed are skipped). A folder adds
        its spreadsheets and CSV files."""
        if self.running:  # the files to import were fixed when Import was pressed
            QMessageBox.information(
                self, self.tr("Add export files"),
                self.tr("Files can be added when this import has finished."),
            )  # fmt: skip
            return
        paths = importable_files(paths)
        if not paths:
            self._say_nothing_importable()
            return
        # A 宝贝报表 listed with its order file is joined by that file's import, not listed
        # itself, whichever of the two came first.
        joined = joined_detail_files([*(e.path for e in self.entries), *paths])
        for entry in [e for e in self.entries if e.path in joined]:
            self._remove_entry(self.entries.index(entry))
        known = [e.path for e in self.entries]
        new = [p for p in dict.fromkeys(paths) if p not in known and p not in joined]
        if not new:
            return
        self._reading += 1
        if not self.entries:  # else the shown file's preview stays
            self.preview_label.setText(self.tr("Reading %n file(s)…", "", len(new)))
        self._update_buttons()
        job = self._runner.submit(
            lambda _progress, _cancelled: [
                detect_file(p) for p in new if not self._closed and p.is_file()
            ]
        )
        job.succeeded.connect(self._on_files_recognised)
        job.failed.connect(self._on_reading_failed)

    def is_reading(self) -> bool:
        """Are files being recognised or a preview read (on the worker)?"""
        return self._reading > 0

    def _on_files_recognised(self, detections: list[Detection]) -> None:
        self._reading -= 1
        for detection in detections:
            if any(e.path == detection.path for e in self.entries):  # added twice meanwhile
                continue
            entry = FileEntry(detection.path, detection)
            if detection.mapping is not None:
                entry.choice = MAPPED
                entry.set_draft(detection.mapping)
            elif not detection.recognised and detection.header:
                entry.choice = MAPPED
                entry.set_draft(_best_guess(detection.sheets, ORDERS))
            self.entries.append(entry)
            self._add_row(entry)
        # A 宝贝报表 and its order file added by two quick drops: each was read before the
        # other was listed, so the join is checked again now.
        joined = joined_detail_files([e.path for e in self.entries])
        for entry in [e for e in self.entries if e.path in joined]:
            self._remove_entry(self.entries.index(entry))
        if self.files.currentRow() < 0 and self.entries:
            self.files.selectRow(0)  # shows its preview
        elif not self.entries:
            self.show_preview()  # none could be listed: says so
        # New files to import: Import is the default again (Close was, after an import).
        self.import_button.setDefault(True)
        self._update_buttons()
        self._set_tab_order()
        if self._focus_list_when_read and self.entries:
            self.files.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_list_when_read = False

    def _on_reading_failed(self, exc: BaseException) -> None:
        self._reading -= 1
        self._update_buttons()
        raise exc  # detect_file and preview_file say what is wrong in what they return

    def _say_nothing_importable(self) -> None:
        text = self.tr("Nothing to import was found there: add spreadsheets or CSV files.")
        if self.entries:
            QMessageBox.information(self, self.tr("Add export files"), text)
        else:
            self.preview_label.setText(text)

    def _add_row(self, entry: FileEntry) -> None:
        row = self.files.rowCount()
        self.files.insertRow(row)
        self.files.setItem(row, 0, QTableWidgetItem(entry.path.name))
        self.files.item(row, 0).setToolTip(str(entry.path))
        self.files.setItem(row, 1, QTableWidgetItem(self._recognised_text(entry.detection)))
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Import as"))
        combo.addItem(self.tr("As recognised"), AUTO)
        for code in PLATFORMS:
            if code != "generic":
                combo.addItem(platform_name(code), code)
        combo.addItem(self.tr("Map columns…"), MAPPED)
        combo.setCurrentIndex(max(0, combo.findData(entry.choice)))
        combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab reaches the current row's only
        combo.activated.connect(lambda _i, e=entry, c=combo: self._on_choice_changed(e, c))
        self.files.setCellWidget(row, 2, combo)

    def _remove_entry(self, row: int) -> None:
        del self.entries[row]
        self.files.removeRow(row)

    def _on_files_current_cell_changed(self, row: int, *_cells: int) -> None:
        for r in range(self.files.rowCount()):
            combo = self.files.cellWidget(r, 2)
            if combo is not None:
                combo.setFocusPolicy(
                    Qt.FocusPolicy.StrongFocus if r == row else Qt.FocusPolicy.ClickFocus
                )
        # Not when another cell of the same file becomes current (its Import as took the
        # focus): the form would be rebuilt under the keyboard user.
        if self.current_entry() is not self._shown:
            self.show_preview()

    def _on_files_open_requested(self) -> None:
        """Enter in the file list: the dialog's default button, as Enter does elsewhere in
        the dialog (Import; Close once the files are imported)."""
        for button in self.findChildren(QPushButton):
            if button.isDefault() and button.isVisible():
                if button.isEnabled():
                    button.click()
                return

    def _on_files_choose_activated(self) -> None:
        combo = self.files.cellWidget(self.files.currentRow(), 2)
        if isinstance(combo, QComboBox):
            combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
            combo.showPopup()

    def _recognised_text(self, d: Detection) -> str:
        if d.platform:
            kind = self.tr("customers") if d.kind == CUSTOMERS else self.tr("orders")
            return self.tr("%1 (%2)").replace("%1", platform_name(d.platform)).replace("%2", kind)
        if d.mapping is not None:
            return self.tr("Saved mapping “%1”").replace("%1", d.mapping.name or "—")
        if d.header:
            return self.tr("Unknown layout: map its columns")
        return self.tr("Cannot be read: %1").replace("%1", file_error_text(d.error))

    def _on_choice_changed(self, entry: FileEntry, combo: QComboBox) -> None:
        if entry.choice != str(combo.currentData()):
            entry.imported = entry.refused = False
        entry.choice = str(combo.currentData())
        if entry.choice == MAPPED and not entry.detection.header:
            # A recognised export has its header read only now, to be mapped by hand.
            try:
                entry.detection.sheets = read_headers(entry.path)
                entry.detection.header = entry.detection.sheets[0][1]
            except ImportFileError:
                pass
        if entry.choice == MAPPED and entry.draft is None and entry.detection.header:
            # The mapping saved for these columns, else one guessed from their names.
            sheets = entry.detection.sheets
            saved = find_sheet_mapping(sheets)
            entry.set_draft(saved or _best_guess(sheets, ORDERS))
        row = self.entries.index(entry)
        if self.files.currentRow() != row:
            self.files.selectRow(row)  # shows its preview
        else:
            self.show_preview()

    def current_entry(self) -> FileEntry | None:
        row = self.files.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _on_add_button_clicked(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(
            self, self.tr("Add export files"), self._ui.last_folder("import"),
            self.tr("Spreadsheets and CSV (%1);;All files (*)").replace("%1", FILE_FILTER),
        )  # fmt: skip
        if names:
            self._ui.set_last_folder("import", str(Path(names[0]).parent))
            # On to the list once they are read, its preview shown: Enter imports.
            self._focus_list_when_read = True
            self.add_files([Path(n) for n in names])

    def _on_remove_button_clicked(self) -> None:
        row = self.files.currentRow()
        if 0 <= row < len(self.entries):
            self._remove_entry(row)
        self._update_buttons()
        self.show_preview()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()

    # --- preview and mapping -------------------------------------------------------------
    def _load_form(self, entry: FileEntry | None) -> None:
        """Show the entry's mapping in the form (its draft, or the usual column names)."""
        draft = entry.draft if entry else None
        kind = draft.kind if draft else ORDERS
        sheets = entry.detection.sheets if entry else []
        self.sheet_combo.clear()
        for name, _header in sheets:
            self.sheet_combo.addItem(name, name)
        self.sheet_combo.setCurrentIndex(entry.sheet_index() if entry and sheets else -1)
        self._top_form.setRowVisible(self.sheet_combo, len(sheets) > 1)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.mapping_name.setText(draft.name if draft else "")
        self._rebuild_mapping_form()
        self._rebuild_status_form()

    def _rebuild_mapping_form(self) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.mapping_combos.clear()
        kind = self.kind_combo.currentData()
        fields = ORDER_FIELDS if kind == ORDERS else CUSTOMER_FIELDS
        entry = self.current_entry()
        header = entry.header() if entry else []
        labels = field_labels()
        if entry and entry.draft and entry.draft.kind == kind:
            chosen = entry.draft.columns
        else:  # nothing chosen yet: start from the usual column names the file has
            chosen = guess_columns(header, kind)
        choices = column_choices(header)
        for fld in fields:
            combo = QComboBox()
            combo.addItem(self.tr("(not in the file)"), "")
            for ref, position in choices:
                text = header[position]
                if ref != text:  # one of several columns of this name: say which
                    text = (
                        self.tr("%1 (column %2)")
                        .replace("%1", text)
                        .replace("%2", column_letter(position))
                    )
                combo.addItem(text, ref)
            # The column the mapping names, however it spells it (case, spaces, 金额#1).
            position = _position(header, chosen.get(fld, ""))
            picked = [ref for ref, at in choices if at == position]
            combo.setCurrentIndex(max(0, combo.findData(picked[0])) if picked else 0)
            combo.setAccessibleName(labels.get(fld, fld))
            combo.activated.connect(lambda _i: self._on_mapping_edited())
            self.mapping_combos[fld] = combo
            self.mapping_form.addRow(form_label(labels.get(fld, fld)), combo)
            if fld == "paid":  # the amounts' currency beside the amount
                draft = entry.draft if entry and entry.draft and entry.draft.kind == kind else None
                self.amounts_currency = self._currency_combo(draft.currency if draft else None)
                self.mapping_form.addRow(self.tr("Amounts in:"), self.amounts_currency)
        if kind != ORDERS:
            self.amounts_currency = None
        self._set_tab_order()

    def _currency_combo(self, chosen: str | None) -> QComboBox:
        """The currency of amounts whose row names none (no currency column, or a blank cell).

        In a store with a currency, "as written" reads a sign in the amount ($12.00), else
        the store's; a new store has to be told (its first import sets its currency).
        """
        combo = QComboBox()
        combo.setObjectName("amountsCurrency")
        store = store_currency()
        if store:
            combo.addItem(
                self.tr("As written (a sign such as $), else %1").replace("%1", store), ""
            )
        else:
            combo.addItem(self.tr("Choose…"), "")
        codes = list(dict.fromkeys([*([chosen] if chosen else []), *COMMON_CURRENCIES]))
        for code in codes:
            combo.addItem(code, code)
        combo.setCurrentIndex(max(0, combo.findData(chosen or "")))
        combo.setToolTip(self.tr("For rows that name no currency themselves."))
        combo.activated.connect(lambda _i: self._on_mapping_edited())
        return combo

    def _rebuild_status_form(self) -> None:
        """A row per word of the mapped status column: the status it means."""
        while self.status_form.rowCount():
            self.status_form.removeRow(0)
        self.status_combos.clear()
        entry = self.current_entry()
        draft = entry.draft if entry else None
        words = entry.status_words if entry and draft and draft.columns.get("status") else []
        self.status_box.setVisible(bool(words))
        for word in words[:STATUS_WORDS_SHOWN]:
            combo = QComboBox()
            usual = GENERIC_STATUSES.get(word.casefold().strip())
            if usual:
                combo.addItem(self.tr("As usual: %1").replace("%1", status_name(usual)), "")
            else:
                combo.addItem(self.tr("Not known: its rows are skipped"), "")
            for code in STATUSES:
                combo.addItem(status_name(code), code)
            assert draft is not None
            combo.setCurrentIndex(max(0, combo.findData(draft.statuses.get(word, ""))))
            combo.setAccessibleName(word)
            combo.activated.connect(lambda _i: self._on_mapping_edited())
            self.status_combos[word] = combo
            label = QLabel(word)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.status_form.addRow(label, combo)
        if len(words) > STATUS_WORDS_SHOWN:
            more = QLabel(
                self.tr("The first %1 words are listed; is this the status column?").replace(
                    "%1", str(STATUS_WORDS_SHOWN)
                )
            )
            more.setWordWrap(True)
            self.status_form.addRow(more)
        self._set_tab_order()

    def _draft_from_form(self) -> Mapping:
        """The mapping the form shows (required fields may still be unmapped)."""
        entry = self.current_entry()
        base = entry.draft if entry and entry.draft else Mapping(columns={})
        columns = {
            f: str(c.currentData()) for f, c in self.mapping_combos.items() if c.currentData()
        }
        statuses = dict(base.statuses)
        for word, combo in self.status_combos.items():
            if combo.currentData():
                statuses[word] = str(combo.currentData())
            else:
                statuses.pop(word, None)
        return Mapping(
            columns=columns, kind=str(self.kind_combo.currentData()), platform=base.platform,
            name=self.mapping_name.text().strip() or base.name, statuses=statuses,
            default_status=base.default_status, currency=self._form_currency(base),
            decimal_comma=base.decimal_comma, dayfirst=base.dayfirst, sheet=base.sheet,
        )  # fmt: skip

    def _form_currency(self, base: Mapping) -> str | None:
        combo = self.amounts_currency
        if combo is None:
            return base.currency
        return str(combo.currentData()) or None

    def _on_sheet_combo_activated(self, index: int) -> None:
        """Another sheet to map: its columns, guessed from their names as for a new file."""
        entry = self.current_entry()
        if entry is None or not 0 <= index < len(entry.detection.sheets):
            return
        name, header = entry.detection.sheets[index]
        kind = str(self.kind_combo.currentData())
        base = entry.draft or Mapping(columns={}, kind=kind)
        entry.set_draft(replace(base, kind=kind, columns=guess_columns(header, kind), sheet=name))
        self._load_form(entry)
        self._on_mapping_edited()

    def _on_kind_combo_activated(self, _index: int) -> None:
        self._rebuild_mapping_form()
        self._on_mapping_edited()

    def _on_mapping_edited(self) -> None:
        """The form changed: it is this file's mapping now, for the preview and the import."""
        entry = self.current_entry()
        if entry is None:
            return
        entry.set_draft(self._draft_from_form())
        entry.choice = MAPPED
        combo = self.files.cellWidget(self.entries.index(entry), 2)
        if isinstance(combo, QComboBox):
            combo.setCurrentIndex(combo.findData(MAPPED))
        self._refresh_preview(entry, keep_tab=True)

    def _unmapped_text(self, fields: list[str]) -> str:
        labels = field_labels()
        columns = [f for f in fields if f != "currency"]
        parts = [
            self.tr("Choose a column for: %1.").replace(
                "%1", self.tr(", ").join(labels.get(f, f) for f in columns)
            )
            if columns
            else "",
            self.tr(
                "Choose which currency the amounts are in (Amounts in): your first import "
                "sets the store's."
            )
            if "currency" in fields
            else "",
        ]
        return " ".join(p for p in parts if p)

    def _mapping_error_text(self, exc: MappingError) -> str:
        if isinstance(exc, UnmappedFields):
            return self._unmapped_text(exc.fields)
        return str(exc)

    def _complete_draft(self, title: str) -> Mapping | None:
        """The form's mapping when every required field has a column; otherwise says which
        fields still need one and returns None."""
        draft = self._draft_from_form()
        missing = unmapped_fields(draft.kind, draft.columns)
        if missing:
            QMessageBox.warning(self, title, self._unmapped_text(missing))
            return None
        return draft

    def _on_save_mapping_button_clicked(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.detection.header:
            return
        mapping = self._complete_draft(self.tr("Save mapping"))
        if mapping is None:
            return
        if not mapping.name:
            mapping.name = entry.path.stem
        save_mapping(mapping, entry.header())
        entry.set_draft(mapping)
        if entry.detection.platform is not None:
            # A known export is read as that platform's whenever it is added: the mapping is
            # what Map columns… starts from for it (_on_choice_changed).
            said = self.tr(
                "The mapping “%1” is saved. Files with these columns are still recognised as "
                "%2; choosing Map columns… for one reads it with this mapping."
            ).replace("%2", platform_name(entry.detection.platform))
        else:
            said = self.tr("The mapping “%1” is offered again for files with the same columns.")
        QMessageBox.information(self, self.tr("Save mapping"), said.replace("%1", mapping.name))

    def _on_export_mapping_button_clicked(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.detection.header:
            return
        title = self.tr("Export mapping")
        mapping = self._complete_draft(title)
        if mapping is None:
            return
        if not mapping.name:
            mapping.name = entry.path.stem
        folder = Path(self._ui.last_folder("mapping") or self._ui.last_folder("export") or ".")
        name, _f = QFileDialog.getSaveFileName(
            self, title, str(folder / f"{mapping.name}.json"), self.tr("Mapping (*.json)")
        )
        if not name:
            return
        path = Path(name if name.lower().endswith(".json") else name + ".json")
        self._ui.set_last_folder("mapping", str(path.parent))
        try:
            write_mapping(mapping, path)
        except MappingError as exc:
            QMessageBox.warning(self, title, str(exc))

    def _on_load_mapping_button_clicked(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.detection.header:
            return
        title = self.tr("Load mapping")
        name, _f = QFileDialog.getOpenFileName(
            self, title, self._ui.last_folder("mapping") or self._ui.last_folder("import"),
            self.tr("Mapping (*.json);;All files (*)"),
        )  # fmt: skip
        if not name:
            return
        self._ui.set_last_folder("mapping", str(Path(name).parent))
        try:
            mapping = load_mapping(Path(name))
        except MappingError as exc:
            QMessageBox.warning(
                self, title, self.tr("This is not a mapping the import can use.\n\n%1").replace(
                    "%1", str(exc))
            )  # fmt: skip
            return
        entry.set_draft(mapping)
        header = entry.header()  # the sheet it names, else the one with its columns
        absent = [c for c in mapping.columns.values() if _position(header, c) is None]
        self._load_form(entry)
        self._on_mapping_edited()  # the columns this file lacks are left out
        if absent:
            text = self.tr("This file has no column named %1; choose those fields again.")
            QMessageBox.warning(self, title, text.replace("%1", self.tr(", ").join(absent)))

    def _show_preview_error(self, message: str) -> None:
        self.preview_label.setText(f"<span style='color:#c62828'>{html.escape(message)}</span>")
        self.preview_model.set_items([])

    def show_preview(self, keep_tab: bool = False) -> None:
        """Parse the selected file as chosen and show its first rows (and all skipped rows)."""
        entry = self.current_entry()
        self._shown = entry
        self._update_buttons()
        self._load_form(entry)
        if entry is None:
            self._preview_token += 1  # a read under way is nobody's preview now
            self.preview_label.setText(self.tr("Add a file to see its preview."))
            self.preview_model.set_items([])
            return
        self.tabs.setTabEnabled(1, bool(entry.detection.header))
        self._refresh_preview(entry, keep_tab)

    def _refresh_preview(self, entry: FileEntry, keep_tab: bool) -> None:
        # Whatever is shown now, a read asked for before is not its preview any more.
        self._preview_token += 1
        if entry.choice == MAPPED and entry.mapping is None:
            if entry.detection.header:
                self._show_preview_error(self._unmapped_text(entry.unmapped()))
            else:
                self._show_preview_error(self.tr("Choose which column holds each field."))
            if not keep_tab:
                self.tabs.setCurrentIndex(1)
            return
        path, now, platform = entry.path, datetime.now(), entry.platform()
        mapping = entry.mapping if entry.choice == MAPPED else None
        asked = (self._preview_token, entry, keep_tab)

        def read(_progress: Any, _cancelled: Any) -> tuple[Any, Preview | ImportFileError | None]:
            if self._closed or asked[0] != self._preview_token:
                return asked, None  # asked for before another edit, or the wizard was closed
            try:
                return asked, preview_file(path, now=now, platform=platform, mapping=mapping)
            except ImportFileError as exc:
                return asked, exc

        self._reading += 1
        self.preview_label.setText(self.tr("Reading %1…").replace("%1", path.name))
        self.preview_model.set_items([])
        self._update_buttons()
        job = self._runner.submit(read)
        # Bound methods: a wizard closed meanwhile is not called.
        job.succeeded.connect(self._on_preview_read)
        job.failed.connect(self._on_reading_failed)

    def _on_preview_read(self, got: tuple[Any, Preview | ImportFileError | None]) -> None:
        (token, entry, keep_tab), preview = got
        self._reading -= 1
        self._update_buttons()
        if token != self._preview_token or entry is not self._shown or preview is None:
            return  # another file, or the same one chosen otherwise, was asked for since
        if isinstance(preview, ImportFileError):
            self._show_preview_error(file_error_text(preview.message))
            if entry.detection.header and not keep_tab:
                self.tabs.setCurrentIndex(1)
            return
        if entry.choice == MAPPED and preview.status_words != entry.status_words:
            entry.status_words = preview.status_words
            self._rebuild_status_form()
        if entry.choice == MAPPED and entry.needs_currency():
            # Amounts that all carry their sign (¥88, 88元) need no question, as in the CLI.
            entry.currency_unsaid = any(o.currency is None for o in preview.orders)
            if entry.currency_unsaid and entry.draft is not None:
                entry.set_draft(entry.draft)
                self._show_preview_error(self._unmapped_text(entry.unmapped()))
                if not keep_tab:
                    self.tabs.setCurrentIndex(1)
                return
        self._fill_preview(preview)
        if not keep_tab:
            self.tabs.setCurrentIndex(0)

    def _fill_preview(self, preview: Preview) -> None:
        lines: list[PreviewLine] = []
        if preview.kind == CUSTOMERS:
            columns = [
                self.tr("Name"),
                self.tr("Phone"),
                self.tr("E-mail"),
                self.tr("City"),
                self.tr("Tags"),
            ]
            for c in preview.customers:
                lines.append(PreviewLine(c.row, [c.display_name or "", c.phone or "", c.email or "",
                                                 c.city or "", ", ".join(c.tags)]))  # fmt: skip
        else:
            columns = [self.tr("Order no."), self.tr("Date"), self.tr("Status"), self.tr("Paid"),
                       self.tr("Refunded"), self.tr("Customer key")]  # fmt: skip
            for o in preview.orders:
                key = (o.buyer_key or "—") + (self.tr(" (weak)") if o.buyer_key_weak else "")
                lines.append(PreviewLine(o.row, [
                    o.order_no, o.ordered_at.strftime("%Y-%m-%d %H:%M"), status_name(o.status),
                    format_money(o.paid, o.currency), format_money(o.refunded, o.currency), key,
                ]))  # fmt: skip
        width = len(columns)
        lines.extend(
            PreviewLine(r.row, [""] * width, rejection_text(r.reason)) for r in preview.rejected
        )
        lines.sort(key=lambda line: line.row)
        model_columns: list[Column[PreviewLine]] = [
            Column(self.tr("Row"), lambda x: str(x.row), right=True)
        ]
        for i, name in enumerate(columns):
            model_columns.append(Column(name, lambda x, i=i: x.values[i] if not x.reason else ""))
        model_columns.append(
            Column(self.tr("Skipped because"), lambda x: x.reason, tooltip=lambda x: x.reason)
        )
        self.preview_model = PreviewModel(model_columns, self)
        self.preview_model.set_items(lines)
        self.preview_view.setModel(self.preview_model)
        self.preview_view.resizeColumnsToContents()
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        shown = len(preview.orders) + len(preview.customers)
        self.preview_label.setText(
            self.tr("%1 — rows read: %2; records shown: %3; rows to skip (in red): %4.")
            .replace("%1", platform_name(preview.platform))
            .replace("%2", str(preview.rows_read))
            .replace("%3", str(shown))
            .replace("%4", str(len(preview.rejected)))
        )

    # --- running -------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        # Import needs a file it can read: with only unreadable ones listed it would just
        # report each again.
        readable = any(
            e.detection.recognised or e.detection.header or not e.detection.error
            for e in self.entries
        )
        # The wizard's own work, not the shared worker's (a Dashboard refresh queued there
        # would leave Import off until some later event).
        ready = readable and not self.running and not self.is_reading()
        self.import_button.setEnabled(ready and any(e.importable() for e in self.entries))
        self.dry_run_button.setEnabled(ready)
        self.remove_button.setEnabled(self.current_entry() is not None)
        self.save_rejected_button.setEnabled(
            self.rejected_model.rowCount() > 0 and not self._saving_rejected
        )

    def run(self, *, dry_run: bool) -> None:
        """Import (or dry-run) every listed file, one after another, on the worker thread."""
        if not self.entries or self.running or self.is_reading():
            return
        queue = [e for e in self.entries if dry_run or e.importable()]
        if not queue:
            return
        self._dry_run = dry_run
        self.result = WizardResult(dry_run)
        self.running = True
        self.receipts_model.set_items([])
        self.rejected_model.set_items([])
        for e in queue:
            e.receipt, e.error = None, ""
        self._queue = queue
        self._cancelled = self._failed = False
        if dry_run and len(queue) > 1:
            self._rehearse()
        else:
            self._next()

    def _ready_to_run(self, entry: FileEntry) -> bool:
        """Whether the entry can be read now; if not, its error says why."""
        if entry.choice == MAPPED and entry.mapping is None and entry.draft is not None:
            # Asked again now: a file before it may have set the store's currency, which
            # its amounts then are in (as a later import's are).
            entry.set_draft(entry.draft)
        if entry.choice == MAPPED and entry.mapping is None and entry.detection.header:
            # Never read as some other layout: say which fields still need a column.
            entry.error = self._unmapped_text(entry.unmapped())
            return False
        return True

    def _rehearse(self) -> None:
        """Dry-run every queued file in one job, each counted against what the ones before
        it would have done (a newer export of the same orders shows as updates), in one
        transaction that is rolled back at the end."""
        plan = [(e, e.platform(), e.parser()) for e in self._queue if self._ready_to_run(e)]
        self._queue = []
        self._planned = [e for e, _, _ in plan]
        if not plan:
            self._finish()
            return
        now = datetime.now().replace(microsecond=0)

        def work(progress: Any, cancelled: Any) -> list[engine.ImportReceipt | Exception]:
            outcomes: list[engine.ImportReceipt | Exception] = []
            with engine.rehearsal():
                for i, (entry, platform, parser) in enumerate(plan):

                    def part(done: int, total: int, i: int = i) -> None:
                        progress(i * 100 + done * 100 // max(total, 1), len(plan) * 100)

                    try:
                        outcomes.append(
                            engine.import_file(
                                entry.path,
                                platform=platform,
                                dry_run=True,
                                now=now,
                                progress=part,
                                cancelled=cancelled,
                                parser=parser,
                            )  # fmt: skip
                        )
                    except (ImportFileError, CrmError) as exc:  # that file; the next goes on
                        outcomes.append(exc)
            return outcomes

        job = self._runner.submit(work)
        label = self.tr("Checking %n file(s) in turn…", "", len(plan))
        progress_dialog(self, job, label).setObjectName("wizardProgress")
        self._job = job
        job.succeeded.connect(self._on_rehearsed)
        job.failed.connect(self._on_rehearsal_failed)
        self._update_buttons()

    def _on_rehearsed(self, outcomes: list[engine.ImportReceipt | Exception]) -> None:
        assert self.result is not None
        for entry, outcome in zip(self._planned, outcomes, strict=True):
            if isinstance(outcome, engine.ImportReceipt):
                entry.receipt = outcome
                self.result.receipts.append(outcome)
            else:
                entry.error = self._error_text(outcome)
        self._finish()

    def _on_rehearsal_failed(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled):
            self._cancelled = True
            text = self.tr("cancelled: nothing was changed")
        elif isinstance(exc, CrmError):  # the database (busy, …): no file was counted
            text = self._error_text(exc)
        else:
            self._failed = True
            text = self.tr(
                "an unexpected error stopped its import; nothing was changed (the error "
                "report says more)"
            )
        for entry in self._planned:
            entry.error = text
        self._finish()
        if self._failed:
            raise exc

    def _error_text(self, exc: BaseException) -> str:
        """What a file's refusal, or the database's, says in the list of files."""
        if isinstance(exc, ImportFileError):
            return file_error_text(exc.message)
        assert isinstance(exc, CrmError)
        return storage_error_text(exc.message)

    def reject(self) -> None:
        """Escape or the title bar's X while files are imported: Cancel, as the progress
        dialog's (the wizard stays to say what was and was not imported)."""
        if self.running:
            if self._job is not None:
                self._job.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._closed = True  # the worker skips the reads still queued for this wizard
        super().done(result)

    def _next(self) -> None:
        if not self._queue:
            self._finish()
            return
        entry = self._queue.pop(0)
        if not self._ready_to_run(entry):
            entry.refused = not self._dry_run
            self._next()
            return
        now = datetime.now().replace(microsecond=0)
        platform = entry.platform()
        parser = entry.parser()
        dry = self._dry_run

        def work(progress: Any, cancelled: Any) -> engine.ImportReceipt:
            return engine.import_file(
                entry.path, platform=platform, dry_run=dry, now=now, progress=progress,
                cancelled=cancelled, parser=parser,
            )  # fmt: skip

        job = self._runner.submit(work)
        label = (self.tr("Checking %1…") if dry else self.tr("Importing %1…")).replace(
            "%1", entry.path.name
        )
        progress_dialog(self, job, label).setObjectName("wizardProgress")
        self._job = job
        self._current = entry
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)
        self._update_buttons()

    def _on_job_succeeded(self, receipt: engine.ImportReceipt) -> None:
        self._current.receipt = receipt
        assert self.result is not None
        self.result.receipts.append(receipt)
        if not self._dry_run:
            self._current.imported = True
            self.imported.emit()
        if self._job is not None and self._job.is_cancelled():
            # Cancel came after this file's last check (it is saved): the files after it are
            # not read.
            self._stop_queue()
        self._next()

    def _stop_queue(self, *, error: bool = False) -> None:
        """End the run after the current file: Cancel, or an unexpected error (`error`)."""
        if error:
            self._failed = True
        else:
            self._cancelled = True
        for left in self._queue:  # never read: said, not left out of the result
            left.error = (
                self.tr("not imported: the import stopped on an error")
                if error
                else self.tr("not imported: cancelled before its turn")
            )
        self._queue.clear()

    def _on_job_failed(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled):
            self._current.error = self.tr("cancelled: nothing was changed")
            self._stop_queue()
        elif isinstance(exc, ImportFileError | CrmError):
            self._current.error = self._error_text(exc)
            # The file's own fault is said again by another try; the database's may pass.
            self._current.refused = isinstance(exc, ImportFileError) and not self._dry_run
        else:
            # A bug: the error dialog tells it; the run ends here (the wizard must still
            # close, and say which files were not read).
            self._current.error = self.tr(
                "an unexpected error stopped its import; nothing was changed (the error "
                "report says more)"
            )
            self._stop_queue(error=True)
            self._next()
            raise exc
        self._next()

    def _finish(self) -> None:
        assert self.result is not None
        self._full_paths = {e.path.name: str(e.path) for e in self.entries}
        self.receipts_model.set_items(self.result.receipts)
        self.rejected_model.set_items(
            [(r.file, x) for r in self.result.receipts for x in r.rejected]
        )
        widest = self.fontMetrics().horizontalAdvance("x" * FILE_COLUMN_CHARS)
        for view in (self.receipts_view, self.rejected_view):
            view.resizeColumnsToContents()
            view.setColumnWidth(0, min(view.columnWidth(0), widest))
        errors = [f"{e.path.name}: {e.error}" for e in self.entries if e.error]
        # What the reader noticed (a column named twice, an order repeated in the file, a
        # detail file joined): the CLI prints it, and the merchant here sees it too.
        notes = [
            html.escape(f"{r.file}: {note_text(note)}")
            for r in self.result.receipts
            for note in r.notes
        ]
        if len(notes) > MAX_NOTES_SHOWN:
            more = len(notes) - MAX_NOTES_SHOWN
            notes = [*notes[:MAX_NOTES_SHOWN], self.tr("… and %n more note(s)", "", more)]
        imported = 0 if self._dry_run else len(self.result.receipts)
        if self._failed and imported:
            head = self.tr("Stopped by an error after %n file(s) were imported.", "", imported)
        elif self._failed:
            head = self.tr("Stopped by an error: nothing was imported.")
        elif self._cancelled and imported:
            head = self.tr("Cancelled after %n file(s) were imported.", "", imported)
        elif self._cancelled:
            head = self.tr("Cancelled: nothing was imported.")
        elif self._dry_run:
            head = self.tr("Dry run: nothing was changed. This is what an import would do.")
        elif self.result.receipts:
            head = self.tr("Import finished.")
        else:
            head = self.tr("Nothing was imported.")
        self.result_label.setText("<br>".join([head, *errors, *notes]))
        self.tabs.setCurrentIndex(2)
        self.running = False
        self._update_buttons()
        if not self._dry_run and self.result.receipts:
            # Imported: what is left is to read the receipts and close. Enter closes (Import
            # is off until there is something new to import); the focus goes to Close, from
            # where the receipts are a Shift+Tab away.
            self.close_button.setDefault(True)
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _full_path(self, name: str) -> str:
        return self._full_paths.get(name, name)

    def _on_save_rejected_button_clicked(self) -> None:
        job = save_skipped_rows(self, self._ui, self.rejected_model.items(), self._runner)
        if job is not None:  # one write at a time: Save stays off until it ends
            self._saving_rejected = True
            self._update_buttons()
            job.finished.connect(self._on_rejected_rows_saved)

    def _on_rejected_rows_saved(self) -> None:
        self._saving_rejected = False
        self._update_buttons()


def importable_files(paths: list[Path]) -> list[Path]:
    """The paths, with each folder replaced by its spreadsheets and CSV files (not those of
    its subfolders); a path that is neither file nor folder is left out."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(p for p in path.iterdir()
                       if p.is_file() and p.suffix.lower() in IMPORTABLE_SUFFIXES)
            )  # fmt: skip
        elif path.is_file():
            out.append(path)
    return out


def column_letter(position: int) -> str:
    """A column's letter as a spreadsheet shows it: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _position(header: list[str], ref: str) -> int | None:
    """Where the column `ref` names is, or None (also for a name several columns share)."""
    try:
        return column_position(header, ref) if ref else None
    except AmbiguousColumn:
        return None


def _best_guess(sheets: list[tuple[str, list[str]]], kind: str) -> Mapping:
    """A draft from the usual column names of the sheet where they give the most required
    fields a column (the first such sheet): a workbook's orders may follow a summary sheet."""
    drafts = [
        Mapping(
            columns=guess_columns(header, kind), kind=kind, sheet=name if len(sheets) > 1 else ""
        )
        for name, header in sheets
    ]
    if not drafts:
        return Mapping(columns={}, kind=kind)
    return min(drafts, key=lambda d: len(unmapped_fields(kind, d.columns)))


class PreviewModel(ListTableModel[PreviewLine]):
    """Preview lines; rows that will be skipped are red."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            item = self.item(index.row())
            return REJECTED_BRUSH if item is not None and item.reason else None
        return super().data(index, role)


def field_labels() -> dict[str, str]:
    """Field names of the mapping editor, translated."""
    return {
        "order_no": QCoreApplication.translate("FieldLabels", "Order number"),
        "ordered_at": QCoreApplication.translate("FieldLabels", "Order date"),
        "paid": QCoreApplication.translate("FieldLabels", "Amount paid"),
        "status": QCoreApplication.translate("FieldLabels", "Status"),
        "refunded": QCoreApplication.translate("FieldLabels", "Refunded amount"),
        "paid_at": QCoreApplication.translate("FieldLabels", "Paid at"),
        "completed_at": QCoreApplication.translate("FieldLabels", "Completed at"),
        "buyer": QCoreApplication.translate("FieldLabels", "Buyer account"),
        "buyer_name": QCoreApplication.translate("FieldLabels", "Buyer name"),
        "real_name": QCoreApplication.translate("FieldLabels", "Real name"),
        "phone": QCoreApplication.translate("FieldLabels", "Phone"),
        "email": QCoreApplication.translate("FieldLabels", "E-mail"),
        "address": QCoreApplication.translate("FieldLabels", "Address"),
        "province": QCoreApplication.translate("FieldLabels", "Province"),
        "city": QCoreApplication.translate("FieldLabels", "City"),
        "items": QCoreApplication.translate("FieldLabels", "Items"),
        "quantity": QCoreApplication.translate("FieldLabels", "Quantity"),
        "currency": QCoreApplication.translate("FieldLabels", "Currency"),
        "buyer_note": QCoreApplication.translate("FieldLabels", "Buyer's message"),
        "display_name": QCoreApplication.translate("FieldLabels", "Name"),
        "gender": QCoreApplication.translate("FieldLabels", "Gender"),
        "birthday": QCoreApplication.translate("FieldLabels", "Birthday"),
        "tags": QCoreApplication.translate("FieldLabels", "Tags"),
        "note": QCoreApplication.translate("FieldLabels", "Note"),
    }
