"""The filter panel of the Customers list: analytics and profile filters, saved segments,
export and bulk follow-ups for the customers shown.

The panel owns the fields lifecycle stage, RFM class, churn warning, tier, tag (optional),
platform, province and spend range; the page keeps its search text (and its tag filter when
it has one). `apply_to(flt)` sets the panel's fields on the page's filter; `set_from(flt)`
shows a filter (a saved segment, a dashboard click).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import NotFound
from desktop_crm.services import analytics, segments
from desktop_crm.services import customers as customer_svc
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.money import SYMBOLS
from desktop_crm.services.settings import store_currency
from desktop_crm.views.customer_analytics_view import (
    rfm_class_name,
    stage_description,
    stage_name,
    words,
)
from desktop_crm.views.export_dialog import ExportDialog
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.labels import bracketed, platform_name, tier_display_name, with_count
from desktop_crm.views.segment_dialogs import (
    BulkFollowUpDialog,
    ManageSegmentsDialog,
    SaveSegmentDialog,
    filter_summary,
    mark_amount_range,
    money_from_text,
    money_to_text,
    system_now,
    tier_names,
)
from desktop_crm.views.ui_state import UiState

SPEND_DELAY_MS = 250
PLATFORMS = (
    "taobao", "qianniu", "jd", "pdd", "douyin", "shopify", "woocommerce", "etsy", "ebay",
    "generic", "manual",
)  # fmt: skip
PROVINCE_SUGGESTIONS = 60
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


class SegmentCombo(QComboBox):
    """The saved-segment picker; it recounts the segments each time its list opens.

    Signals:
        popup_opening(): the list is about to open (the owner fills in live counts).
    """

    popup_opening = Signal()

    def showPopup(self) -> None:
        self.popup_opening.emit()
        super().showPopup()


class ProvinceCombo(QComboBox):
    """An editable province field whose suggestions are loaded the first time it opens.

    Signals:
        popup_opening(): the list is about to open.
    """

    popup_opening = Signal()

    def showPopup(self) -> None:
        self.popup_opening.emit()
        super().showPopup()


class CustomerFilterPanel(QWidget):
    """Filters for the Customers list, saved segments, export and bulk follow-ups.

    Args:
        base_filter: the page's own filter (search text, its tag); the panel's fields are set
            on it for saving, exporting and follow-ups. None: the panel stands alone.
        with_tag: show a tag filter (False when the page has its own).
        today / clock: the day for the stage, RFM and churn filters; the time for records.

    Signals:
        filter_changed(): a field changed (the page re-queries with `apply_to`).
        segment_chosen(object): a saved segment was picked; carries its whole CustomerFilter
            so the page can show its search text and tag. Emitted before filter_changed.
        segments_changed(): a segment was saved, renamed or deleted.
        followups_created(int): bulk follow-ups were created.
        exported(object): an ExportResult.
    """

    filter_changed = Signal()
    segment_chosen = Signal(object)
    segments_changed = Signal()
    followups_created = Signal(int)
    exported = Signal(object)

    def __init__(
        self,
        runner: JobRunner,
        ui_state: UiState,
        parent: QWidget | None = None,
        *,
        base_filter: Callable[[], CustomerFilter] | None = None,
        with_tag: bool = True,
        today: Callable[[], date] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CustomerFilterPanel")
        self._runner = runner
        self._ui = ui_state
        self._base_filter = base_filter
        self._with_tag = with_tag
        self._today = today or date.today
        self._clock = clock or system_now
        # What set_from() was given beyond the panel's fields (used when standing alone).
        self._rest = CustomerFilter()
        self._provinces_loaded = False

        def combo(name: str) -> QComboBox:
            widget = QComboBox()
            widget.setObjectName(name)
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(9)
            return widget

        self.stage_combo = combo("stageFilter")
        self.stage_combo.addItem(self.tr("Any stage"), None)
        for code in analytics.STAGES:
            self.stage_combo.addItem(stage_name(code), code)
            self.stage_combo.setItemData(
                self.stage_combo.count() - 1, stage_description(code), _TOOLTIP
            )
        self.rfm_combo = combo("rfmFilter")
        self.rfm_combo.addItem(self.tr("Any RFM class"), None)
        for code in analytics.RFM_CLASSES:
            self.rfm_combo.addItem(rfm_class_name(code), code)
        self.tier_combo = combo("tierFilter")
        self.tag_combo = combo("tagFilter")
        self.platform_combo = combo("platformFilter")
        self.platform_combo.addItem(self.tr("Any platform"), None)
        for code in PLATFORMS:
            self.platform_combo.addItem(platform_name(code), code)
        self.province_combo = ProvinceCombo()
        self.province_combo.setObjectName("provinceFilter")
        self.province_combo.setEditable(True)
        self.province_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.province_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.province_combo.setMinimumContentsLength(7)
        self.province_combo.lineEdit().setPlaceholderText(self.tr("Any province"))
        self.province_combo.lineEdit().setClearButtonEnabled(True)
        self.min_edit = QLineEdit()
        self.min_edit.setObjectName("minSpend")
        self.max_edit = QLineEdit()
        self.max_edit.setObjectName("maxSpend")
        # No validator: it refused ５００ (an input method in full-width mode) and 500元, which
        # money_from_text reads; what it cannot read is marked at the field instead.
        for edit, hint in ((self.min_edit, self.tr("from")), (self.max_edit, self.tr("to"))):
            edit.setPlaceholderText(hint)
            edit.setClearButtonEnabled(True)
            edit.setMaximumWidth(110)
        self.currency_label = QLabel()
        self.churn_check = QCheckBox(self.tr("Churn &warning only"))
        self.churn_check.setObjectName("churnFilter")
        self.churn_check.setToolTip(
            self.tr(
                "Customers who bought on at least 2 days and have gone longer than 1.5× their "
                "usual interval (at least 30 days) without buying."
            )
        )

        self.segment_combo = SegmentCombo()
        self.segment_combo.setObjectName("segmentPicker")
        self.segment_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.segment_combo.setMinimumContentsLength(8)
        self.save_button = QPushButton(self.tr("Save as se&gment…"))
        self.save_button.setObjectName("saveSegmentButton")
        self.manage_button = QPushButton(self.tr("Segments…"))
        self.manage_button.setObjectName("manageSegmentsButton")
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.export_button.setObjectName("exportButton")
        self.followups_button = QPushButton(self.tr("Follow-&ups for these…"))
        self.followups_button.setObjectName("bulkFollowUpsButton")
        self.clear_button = QPushButton(self.tr("C&lear filters"))
        self.clear_button.setObjectName("clearFiltersButton")

        def buddy(text: str, widget: QWidget) -> QLabel:
            label = QLabel(text)
            label.setBuddy(widget)
            return label

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.tier_label = buddy(self.tr("T&ier:"), self.tier_combo)
        self.tag_label = buddy(self.tr("T&ag:"), self.tag_combo)
        cells = [
            (buddy(self.tr("St&age:"), self.stage_combo), self.stage_combo),
            (buddy(self.tr("&RFM:"), self.rfm_combo), self.rfm_combo),
            (self.tier_label, self.tier_combo),
            (buddy(self.tr("&Platform:"), self.platform_combo), self.platform_combo),
            (buddy(self.tr("Pro&vince:"), self.province_combo), self.province_combo),
            (self.tag_label, self.tag_combo),
        ]
        for i, (label, widget) in enumerate(cells):
            row, col = divmod(i, 3)
            grid.addWidget(label, row, 2 * col)
            grid.addWidget(widget, row, 2 * col + 1)
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            # Narrow windows shorten the shown choice (the list still opens full width).
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(6)
        spend = QHBoxLayout()
        spend.setSpacing(4)
        spend.addWidget(self.min_edit)
        spend.addWidget(QLabel("–"))
        spend.addWidget(self.max_edit)
        spend.addWidget(self.currency_label)
        grid.addWidget(buddy(self.tr("Spen&d:"), self.min_edit), 0, 6)
        grid.addLayout(spend, 0, 7)
        grid.addWidget(self.churn_check, 1, 6, 1, 2, Qt.AlignmentFlag.AlignLeft)

        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(buddy(self.tr("Segmen&t:"), self.segment_combo))
        actions.addWidget(self.segment_combo, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.manage_button)
        actions.addSpacing(12)
        actions.addWidget(self.export_button)
        actions.addWidget(self.followups_button)
        actions.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addLayout(actions)

        self._spend_timer = QTimer(self)
        self._spend_timer.setSingleShot(True)
        self._spend_timer.setInterval(SPEND_DELAY_MS)
        self._spend_timer.timeout.connect(self._on_spend_timer_timeout)

        for widget in (self.stage_combo, self.rfm_combo, self.tier_combo, self.tag_combo,
                       self.platform_combo):  # fmt: skip
            widget.activated.connect(self._on_field_activated)
        self.province_combo.activated.connect(self._on_field_activated)
        self.province_combo.lineEdit().editingFinished.connect(
            self._on_province_combo_editing_finished
        )
        self.province_combo.lineEdit().textEdited.connect(self._on_province_combo_text_edited)
        self.province_combo.popup_opening.connect(self._on_province_combo_popup_opening)
        self.min_edit.textChanged.connect(self._on_spend_edit_text_changed)
        self.max_edit.textChanged.connect(self._on_spend_edit_text_changed)
        self.min_edit.returnPressed.connect(self._on_spend_timer_timeout)
        self.max_edit.returnPressed.connect(self._on_spend_timer_timeout)
        self.churn_check.toggled.connect(self._on_churn_check_toggled)
        self.segment_combo.activated.connect(self._on_segment_combo_activated)
        self.segment_combo.popup_opening.connect(self._on_segment_combo_popup_opening)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.manage_button.clicked.connect(self._on_manage_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.followups_button.clicked.connect(self._on_followups_button_clicked)
        self.clear_button.clicked.connect(self.clear)

        self._province_text = ""
        self._dialog: QWidget | None = None
        self.reload()

    def _open(self, dialog: QDialog) -> None:
        """Open a dialog; the previous one (closed, its job long finished) is deleted."""
        if self._dialog is not None and not self._dialog.isVisible():
            self._dialog.deleteLater()
        self._dialog = dialog
        dialog.open()

    # --- lists ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Refill the tier, tag and segment lists (after an import, a tier or tag change)."""
        tier = self.tier_combo.currentData()
        self.tier_combo.clear()
        self.tier_combo.addItem(self.tr("Any tier"), None)
        for tier_id, name in tier_names().items():
            self.tier_combo.addItem(tier_display_name(name), tier_id)
        self.tier_combo.setCurrentIndex(max(0, self.tier_combo.findData(tier)))
        has_tiers = self.tier_combo.count() > 1
        self.tier_combo.setVisible(has_tiers)
        self.tier_label.setVisible(has_tiers)

        tag = self.tag_combo.currentData()
        self.tag_combo.clear()
        self.tag_combo.addItem(self.tr("Any tag"), None)
        if self._with_tag:
            for tag_id, name, n in customer_svc.all_tags():
                self.tag_combo.addItem(with_count(name, n), tag_id)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(tag)))
        self.tag_combo.setVisible(self._with_tag)
        self.tag_label.setVisible(self._with_tag)

        currency = store_currency()
        self.currency_label.setText(SYMBOLS.get((currency or "").upper(), currency or ""))
        self._provinces_loaded = False
        self.reload_segments(counts=False)

    def reload_segments(self, *, counts: bool = True, select: int | None = None) -> None:
        """Refill the segment picker (with live counts when `counts`)."""
        keep = select if select is not None else self.segment_combo.currentData()
        self.segment_combo.clear()
        self.segment_combo.addItem(self.tr("— Saved segments —"), None)
        currency = store_currency()
        for info in segments.list_segments():
            text = info.name
            if counts:
                n = segments.segment_count(info, today=self._today())
                text = bracketed(info.name, words().customers(n))
            self.segment_combo.addItem(text, info.id)
            self.segment_combo.setItemData(
                self.segment_combo.count() - 1, filter_summary(info.filter, currency), _TOOLTIP
            )
        self.segment_combo.setCurrentIndex(max(0, self.segment_combo.findData(keep)))

    def _on_segment_combo_popup_opening(self) -> None:
        self.reload_segments(counts=True)

    def _on_province_combo_popup_opening(self) -> None:
        if self._provinces_loaded:
            return
        self._provinces_loaded = True
        text = self.province_combo.currentText()
        self.province_combo.blockSignals(True)
        self.province_combo.clear()
        for group in analytics.top_provinces(limit=PROVINCE_SUGGESTIONS):
            if group.key:
                self.province_combo.addItem(group.key)
        self.province_combo.setCurrentIndex(-1)
        self.province_combo.setEditText(text)
        self.province_combo.blockSignals(False)

    # --- the filter ----------------------------------------------------------------------
    def today(self) -> date:
        return self._today()

    def province(self) -> str | None:
        return self.province_combo.currentText().strip() or None

    def apply_to(self, flt: CustomerFilter) -> CustomerFilter:
        """`flt` with the panel's fields set (its search text, and its tag when the panel
        shows none, are kept)."""
        changes: dict[str, object] = {
            "stage": self.stage_combo.currentData(),
            "rfm_class": self.rfm_combo.currentData(),
            "churn_warning": self.churn_check.isChecked(),
            "tier_id": self.tier_combo.currentData(),
            "platform": self.platform_combo.currentData(),
            "province": self.province(),
            "min_spend": money_from_text(self.min_edit.text()),
            "max_spend": money_from_text(self.max_edit.text()),
        }
        if self._with_tag:
            changes["tag_id"] = self.tag_combo.currentData()
        return dataclasses.replace(flt, **changes)  # type: ignore[arg-type]

    def base_filter(self) -> CustomerFilter:
        """The page's part of the filter (or what set_from was given when standing alone)."""
        if self._base_filter is not None:
            return self._base_filter()
        return CustomerFilter(text=self._rest.text, tag_id=self._rest.tag_id)

    def current_filter(self) -> CustomerFilter:
        """The whole filter: the page's part with the panel's fields set."""
        return self.apply_to(self.base_filter())

    def set_from(self, flt: CustomerFilter) -> None:
        """Show a filter's fields (a segment, a dashboard click); emits filter_changed once."""
        self._set_fields(flt)
        self.segment_combo.setCurrentIndex(0)
        self.filter_changed.emit()

    def clear(self) -> None:
        """Every panel field back to "any"."""
        self.set_from(CustomerFilter(text=self._rest.text if self._base_filter is None else ""))

    def _set_fields(self, flt: CustomerFilter) -> None:
        self._rest = CustomerFilter(text=flt.text, tag_id=None if self._with_tag else flt.tag_id)
        combos = [
            (self.stage_combo, flt.stage),
            (self.rfm_combo, flt.rfm_class),
            (self.tier_combo, flt.tier_id),
            (self.platform_combo, flt.platform),
        ]
        if self._with_tag:
            combos.append((self.tag_combo, flt.tag_id))
        if flt.tier_id is not None and self.tier_combo.findData(flt.tier_id) < 0:
            self.reload()
        if self._with_tag and flt.tag_id is not None and self.tag_combo.findData(flt.tag_id) < 0:
            self.reload()
        for combo, value in combos:
            combo.setCurrentIndex(max(0, combo.findData(value)))
        widgets = (self.churn_check, self.min_edit, self.max_edit, self.province_combo)
        for widget in widgets:
            widget.blockSignals(True)
        self.churn_check.setChecked(flt.churn_warning)
        self.min_edit.setText(money_to_text(flt.min_spend))
        self.max_edit.setText(money_to_text(flt.max_spend))
        self.province_combo.setCurrentIndex(-1)
        self.province_combo.setEditText(flt.province or "")
        self._province_text = flt.province or ""
        for widget in widgets:
            widget.blockSignals(False)
        self._mark_spend_range()  # the texts changed without their signals
        self._spend_timer.stop()

    def choose_segment(self, segment_id: int) -> bool:
        """Show a saved segment: its fields here, its text and tag via segment_chosen."""
        try:
            info = segments.get_segment(segment_id)
        except NotFound:
            self.reload_segments(counts=False)
            return False
        self._set_fields(info.filter)
        index = self.segment_combo.findData(info.id)
        if index < 0:
            self.reload_segments(counts=False, select=info.id)
        else:
            self.segment_combo.setCurrentIndex(index)
        self.segment_chosen.emit(info.filter)
        self.filter_changed.emit()
        return True

    # --- slots ---------------------------------------------------------------------------
    def _changed_by_user(self) -> None:
        self.segment_combo.setCurrentIndex(0)  # the filter no longer is the segment
        self.filter_changed.emit()

    def _on_field_activated(self, _index: int) -> None:
        self._province_text = self.province_combo.currentText().strip()
        self._changed_by_user()

    def _on_province_combo_text_edited(self, _text: str) -> None:
        self._spend_timer.start()  # the same debounce as the spend fields

    def _on_province_combo_editing_finished(self) -> None:
        if self.province_combo.currentText().strip() != self._province_text:
            self._spend_timer.stop()
            self._province_text = self.province_combo.currentText().strip()
            self._changed_by_user()

    def _on_spend_edit_text_changed(self, _text: str) -> None:
        self._mark_spend_range()
        self._spend_timer.start()

    def _mark_spend_range(self) -> None:
        """Text that is not an amount filters nothing, and a range whose end is below its start
        matches nobody: say so at the field, rather than leave the list to explain itself."""
        mark_amount_range(
            self.min_edit,
            self.max_edit,
            self.tr("This amount is below the “from” amount: no customer can match."),
        )

    def _on_spend_timer_timeout(self) -> None:
        self._spend_timer.stop()
        self._province_text = self.province_combo.currentText().strip()
        self._changed_by_user()

    def _on_churn_check_toggled(self, _checked: bool) -> None:
        self._changed_by_user()

    def _on_segment_combo_activated(self, index: int) -> None:
        segment_id = self.segment_combo.itemData(index)
        if segment_id is not None:
            self.choose_segment(int(segment_id))

    def _on_save_button_clicked(self) -> None:
        dialog = SaveSegmentDialog(
            self.current_filter(), today=self._today(), clock=self._clock, parent=self
        )
        dialog.segment_saved.connect(self._on_segment_saved)
        self._open(dialog)

    def _on_segment_saved(self, segment_id: int) -> None:
        self.reload_segments(counts=False, select=segment_id)
        self.segments_changed.emit()

    def _on_manage_button_clicked(self) -> None:
        dialog = ManageSegmentsDialog(
            self._runner, self._ui, today=self._today(), clock=self._clock, parent=self
        )
        dialog.segment_chosen.connect(self.choose_segment)
        dialog.segments_changed.connect(self._on_manage_segments_changed)
        dialog.followups_created.connect(self.followups_created)
        dialog.exported.connect(self.exported)
        self._open(dialog)

    def _on_manage_segments_changed(self) -> None:
        self.reload_segments(counts=False)
        self.segments_changed.emit()

    def current_segment(self) -> segments.SegmentInfo | None:
        """The picked segment, when the filter still is exactly that segment."""
        segment_id = self.segment_combo.currentData()
        if segment_id is None:
            return None
        try:
            info = segments.get_segment(int(segment_id))
        except NotFound:
            return None
        return info if info.filter == self.current_filter() else None

    def _on_export_button_clicked(self) -> None:
        info = self.current_segment()
        if info is not None:
            dialog = ExportDialog(
                self._runner, self._ui, segment=info.name, today=self._today(), parent=self
            )
        else:
            dialog = ExportDialog(
                self._runner, self._ui, flt=self.current_filter(), today=self._today(), parent=self
            )
        dialog.exported.connect(self.exported)
        self._open(dialog)

    def _on_followups_button_clicked(self) -> None:
        info = self.current_segment()
        description = ""
        if info is not None:
            description = (
                self.tr("Segment “%1”: %2")
                .replace("%1", info.name)
                .replace("%2", filter_summary(info.filter, store_currency()))
            )
        dialog = BulkFollowUpDialog(
            self.current_filter(), self._runner, today=self._today(), clock=self._clock,
            description=description, parent=self,
        )  # fmt: skip
        dialog.followups_created.connect(self.followups_created)
        self._open(dialog)
