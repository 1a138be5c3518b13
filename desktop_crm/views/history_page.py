"""The import history: every batch, its receipt and rejected rows, and Undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services.importing import engine
from desktop_crm.views.import_actions import ImportController, ReceiptDialog
from desktop_crm.views.key_views import enable_row_copy
from desktop_crm.views.labels import platform_name
from desktop_crm.views.layout import empty_hint, show_hint
from desktop_crm.views.list_model import Column, ListTableModel


class HistoryPage(QWidget):
    """Imports, newest first; open one to see its receipt, or undo it."""

    def __init__(self, imports: ImportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPage")
        self._imports = imports
        self.model: ListTableModel[engine.BatchInfo] = ListTableModel(
            [
                Column(self.tr("Imported"), lambda b: b.imported_at.strftime("%Y-%m-%d %H:%M")),
                Column(self.tr("File"), lambda b: b.file, tooltip=lambda b: b.file),
                Column(self.tr("Platform"), lambda b: platform_name(b.platform)),
                Column(self.tr("Rows"), lambda b: str(b.rows_read), right=True),
                Column(self.tr("Added"), lambda b: str(b.orders_added), right=True),
                Column(self.tr("Updated"), lambda b: str(b.orders_updated), right=True),
                Column(self.tr("Unchanged"), lambda b: str(b.orders_unchanged), right=True),
                Column(self.tr("New customers"), lambda b: str(b.customers_added), right=True),
                Column(self.tr("Skipped rows"), lambda b: str(b.rejected), right=True),
                Column(self.tr("State"), self._state_text),
            ],
            self,
        )
        self.table = enable_row_copy(QTableView())
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.receipt_button = QPushButton(self.tr("&Receipt…"))
        self.undo_button = QPushButton(self.tr("&Undo import…"))
        self.import_button = QPushButton(self.tr("&Import file…"))
        self.receipt_button.clicked.connect(self.show_receipt)
        self.undo_button.clicked.connect(self.undo_current)
        self.import_button.clicked.connect(imports.choose_files)
        self.table.doubleClicked.connect(lambda _i: self.show_receipt())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        hint = QLabel(
            self.tr(
                "Undo puts back exactly what an import changed. Imports are undone newest "
                "first: an import that a later one built on says which to undo first."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        self.empty_label = empty_hint("historyEmpty")
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.refresh()

    def _state_text(self, b: engine.BatchInfo) -> str:
        # Every row says its state (the column was blank but for undone imports).
        if b.undone:
            return self.tr("Undone", "state of an import")
        return self.tr("Imported", "state of an import")

    def refresh(self) -> None:
        """Reload the history (after an import or an undo)."""
        current = self.current()
        self.model.set_items(engine.history())
        empty = self.tr(
            "No imports yet. Import your order exports (Ctrl+I), or drop the files on this "
            "window: each import is listed here with its receipt, and can be undone."
        )
        show_hint(self.table, self.empty_label, None if self.model.rowCount() else empty)
        if current is not None:
            for row, b in enumerate(self.model.items()):
                if b.batch_id == current.batch_id:
                    self.table.selectRow(row)
        self._update_buttons()

    def current(self) -> engine.BatchInfo | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        b = self.current()
        self.receipt_button.setEnabled(b is not None)
        self.undo_button.setEnabled(b is not None and not b.undone)

    def show_receipt(self) -> None:
        b = self.current()
        if b is None:
            return
        receipt = engine.ImportReceipt(
            file=b.file, platform=b.platform, kind=b.kind, rows_read=b.rows_read,
            orders_added=b.orders_added, orders_updated=b.orders_updated,
            orders_unchanged=b.orders_unchanged, customers_added=b.customers_added,
            customers_matched=b.customers_matched,
            orders_without_customer=b.orders_without_customer,
            rejected=engine.batch_rejections(b.batch_id), batch_id=b.batch_id,
            notes=list(b.notes), joined_files=list(b.joined_files),
        )  # fmt: skip
        dialog = ReceiptDialog(receipt, self, self._imports.ui_state, self._imports.runner)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def undo_current(self) -> None:
        b = self.current()
        if b is not None and not b.undone:
            self._imports.undo(b.batch_id)
