"""Settings ▸ Currency: the store currency and a conversion rate per other currency (DESIGN §2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
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
        self._store = currency.store_currency()  # as saved
        self._chosen = self._store  # as chosen on the page
        self._saved = currency.rates()
        self.store_edit = QComboBox()
        self.store_edit.setObjectName("storeCurrency")
        self.store_edit.setEditable(True)
        self.store_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.store_edit.lineEdit().setValidator(
            QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), self.store_edit)
        )
        self.store_edit.lineEdit().setPlaceholderText(self.tr("e.g. CNY"))
        found = [code for code, _n in currency.currencies_in_orders(with_store=True)]
        choices = [self._store or "", *found, *currency.COMMON_CURRENCIES]
        self.store_edit.addItems([c for i, c in enumerate(choices) if c and c not in choices[:i]])
        self.store_edit.setCurrentText(self._store or "")
        store_row = QHBoxLayout()
        label = QLabel(self.tr("&Store currency:"))
        label.setBuddy(self.store_edit)
        store_row.addWidget(label)
        store_row.addWidget(self.store_edit)
        store_row.addStretch(1)
        self.store_label = QLabel()
        self.store_label.setObjectName("storeCurrencyNote")
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
        layout.addLayout(store_row)
        layout.addWidget(self.store_label)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)
        self._fill(self._saved)
        self.store_edit.currentTextChanged.connect(self._on_store_edit_current_text_changed)

    def chosen_store(self) -> str:
        """The store currency as chosen on the page ('' while not three letters)."""
        text = self.store_edit.currentText().strip().upper()
        return text if len(text) == 3 else ""

    def _on_store_edit_current_text_changed(self, _text: str) -> None:
        chosen = self.chosen_store()
        if not chosen or chosen == self._chosen:
            return
        previous, self._chosen = self._chosen, chosen
        if chosen == self._store:  # back to the saved currency: its saved rates
            self._fill(self._saved)
            return
        # The rates on the page (typed ones too) as they would be in the new currency (none
        # when it has no rate there).
        self._fill(currency.carry_rates(self._typed_rates(), previous, chosen))

    def _typed_rates(self) -> dict[str, Decimal]:
        """The rates on the page that read as rates (others are left out of a carry-over)."""
        commit_open_editor(self.table)
        typed = {code: currency.parse_rate(text) for code, text in self.given_rates().items()}
        return {code: rate for code, rate in typed.items() if rate is not None}

    def _fill(self, rates: dict[str, Decimal]) -> None:
        store = self._chosen
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Currency"),
                self.tr("Orders"),
                self.tr("Rate (1 unit = ? %1)").replace("%1", store or ""),
            ]
        )
        if store is None:
            self.store_label.setText(self.tr("Not set yet: your first import sets it."))
        elif store != self._store and self._store is not None:
            self.store_label.setText(
                self.tr(
                    "Changing it from %1 to %2 revalues every order with the rates below. "
                    "Amounts you set in Settings (tier thresholds, points per unit) keep their "
                    "numbers, now in %2."
                )
                .replace("%1", self._store)
                .replace("%2", store)
            )
        else:
            self.store_label.setText(self.tr("Every figure is in %1.").replace("%1", store))
        found = dict(currency.currencies_in_orders(with_store=True))
        codes = sorted(
            (set(found) | set(rates) | set(self._saved) | {self._store or ""}) - {store or "", ""},
            key=lambda c: (-found.get(c, 0), c),
        )
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
            rate = rates.get(code)
            self.table.setItem(row, _RATE, QTableWidgetItem("" if rate is None else str(rate)))
        has_rows = bool(codes) and store is not None
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if codes and store is None:
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
        typed = self.store_edit.currentText().strip()
        if typed and not self.chosen_store():
            self.error.setText(
                self.tr("%1 is not a currency code that can be converted.").replace("%1", typed)
            )
            self.store_edit.setFocus()
            raise ValidationError({"currency": currency.BAD_CODE})
        try:
            currency.validate_rates(self.given_rates(), self.chosen_store() or None)
        except ValidationError as exc:
            code, why = next(iter(exc.errors.items()))
            if why == currency.BAD_RATE:
                text = self.tr(
                    "The rate for %1 must be a number above 0 with at most 6 decimals, e.g. 7.1."
                )
            elif why == currency.RATE_TOO_LARGE:
                text = self.tr("The rate for %1 is too large: at most %2.").replace(
                    "%2", f"{int(currency.MAX_RATE):,}"
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

    def changes_database(self) -> bool:
        chosen = self.chosen_store() or None
        wanted = {c: Decimal(t.replace(",", ".")) for c, t in self.given_rates().items()}
        return chosen != self._store or wanted != self._saved

    def save_call(self) -> Callable[[], dict[str, Decimal]] | None:
        """The store currency (when another was chosen) and the rates; the call returns the
        rates saved."""
        if not self.changes_database():
            return None
        chosen = self.chosen_store() or None
        rates = self.given_rates()
        now = self._clock().replace(microsecond=0)
        if chosen != self._store and chosen is not None:
            return lambda: effects.set_store_currency(chosen, rates, today=now.date(), now=now)
        return lambda: effects.set_currency_rates(rates, today=now.date(), now=now)

    def saved(self, result: dict[str, Decimal]) -> None:
        self._store = self.chosen_store() or self._store
        self._saved = result
        self._fill(result)
        self.rates_saved.emit()
