"""Settings ▸ Currency: the store currency and a conversion rate per other currency (DESIGN §2)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services import currency, effects
from desktop_crm.views.key_views import commit_open_editor
from desktop_crm.views.settings_dialog import SettingsPage

_CODE, _ORDERS, _RATE = range(3)


class CurrencyPage(SettingsPage):
    """One row per currency that orders are in (or that has a rate): type how much one unit of
    it is worth in the store currency, or leave it empty to leave its orders out.

    Signals:
        rates_saved(): the rates changed and every figure was revalued.
    """

    rates_saved = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock=datetime.now) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._clock = clock
        self._store = currency.store_currency()
        self._saved = currency.rates()
        store = self._store or self.tr("not set yet (your first import sets it)")
        self.store_label = QLabel(
            self.tr("Store currency: %1. Every figure is in it.").replace("%1", store)
        )
        self.store_label.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "Orders in another currency are kept and shown, but left out of every figure "
                "(totals, tiers, points, the Dashboard, reports) until you give a rate: how "
                "much one unit of that currency is worth in the store currency. Leave a rate "
                "empty to leave that currency out."
            )
        )
        explain.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("currencyRates")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Currency"),
                self.tr("Orders"),
                self.tr("Rate (1 unit = ? %1)").replace("%1", self._store or ""),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_ORDERS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_RATE, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            self.tr("All your orders are in the store currency: there is nothing to convert.")
        )
        self.empty.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("currencyError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.store_label)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)
        self._fill()

    def _fill(self) -> None:
        found = dict(currency.currencies_in_orders())
        codes = sorted(set(found) | set(self._saved), key=lambda c: (-found.get(c, 0), c))
        self.table.setRowCount(len(codes))
        for row, code in enumerate(codes):
            for column, text in ((_CODE, code), (_ORDERS, str(found.get(code, 0)))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == _ORDERS:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            rate = self._saved.get(code)
            self.table.setItem(row, _RATE, QTableWidgetItem("" if rate is None else str(rate)))
        has_rows = bool(codes) and self._store is not None
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if codes and self._store is None:
            self.empty.setText(self.tr("The store currency is set by your first import."))

    def given_rates(self) -> dict[str, str]:
        """The rates as typed: {code: text} for every row with a rate."""
        out = {}
        for row in range(self.table.rowCount()):
            code = self.table.item(row, _CODE).text()
            rate = self.table.item(row, _RATE)
            text = rate.text().strip() if rate is not None else ""
            if text:
                out[code] = text
        return out

    def check(self) -> None:
        commit_open_editor(self.table)
        try:
            currency.validate_rates(self.given_rates())
        except ValidationError as exc:
            code, why = next(iter(exc.errors.items()))
            if why == currency.BAD_RATE:
                text = self.tr(
                    "The rate for %1 must be a number above 0 with at most 6 decimals, e.g. 7.1."
                )
            else:
                text = self.tr("%1 is not a currency code that can be converted.")
            self.error.setText(text.replace("%1", code))
            self._select(code)
            raise
        self.error.setText("")

    def _select(self, code: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, _CODE).text() == code:
                self.table.setCurrentCell(row, _RATE)
                self.table.setFocus()

    def apply(self) -> None:
        self.check()
        wanted = {c: Decimal(t.replace(",", ".")) for c, t in self.given_rates().items()}
        if wanted == self._saved:
            return
        now = self._clock().replace(microsecond=0)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._saved = effects.set_currency_rates(self.given_rates(), today=now.date(), now=now)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.rates_saved.emit()
