"""One customer: profile, tags, notes and purchase history."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.services import customers as svc
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.customer_analytics_view import CustomerAnalyticsView
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.key_views import enable_row_copy
from desktop_crm.views.labels import (
    gender_name,
    platform_name,
    status_name,
    uncounted_note,
    validation_message,
)
from desktop_crm.views.layout import HorizontalScrollArea, empty_hint, form_label, show_hint
from desktop_crm.views.list_model import Column, ListTableModel
from desktop_crm.views.orders_page import OrderDialog
from desktop_crm.views.points_view import PointsView
from desktop_crm.views.timeline_view import TimelineView


class CustomerDetailView(QWidget):
    """Shows one customer; Edit and Delete are asked of the owner through signals.

    Signals:
        edit_requested(int): the user wants to edit this customer.
        delete_requested(int): the user wants to delete this customer.
        customer_changed(int): something was saved here (a note).
    """

    edit_requested = Signal(int)
    delete_requested = Signal(int)
    export_requested = Signal(int)
    erase_requested = Signal(int)
    customer_changed = Signal(int)
    name_shown = Signal(str)  # the display name of the customer shown (after a rename too)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        own_window: bool = False,
        runner: JobRunner | None = None,
    ) -> None:
        """`own_window`: shown in a customer's own window, where every tab has an Alt key (in
        the Customers page's pane the page's filters and the menus hold those letters).
        `runner`: where the Analytics tab computes (None: on this thread)."""
        super().__init__(parent)
        self.setObjectName("CustomerDetailView")
        self._customer_id: int | None = None
        self._stack = QStackedWidget()
        empty = QLabel(self.tr("Select a customer to see their profile, notes and orders."))
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setStyleSheet("color: palette(mid);")
        self._stack.addWidget(empty)

        body = QWidget()
        self.title = QLabel()
        self.title.setObjectName("customerTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        buttons = QHBoxLayout()
        self.privacy_button = QPushButton(self.tr("Privac&y"))
        privacy_menu = QMenu(self.privacy_button)
        self.export_action = privacy_menu.addAction(self.tr("Export all their data…"))
        self.erase_action = privacy_menu.addAction(self.tr("Erase their personal data…"))
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.erase_action.triggered.connect(self._on_erase_action_triggered)
        self.privacy_button.setMenu(privacy_menu)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.privacy_button)
        buttons.addStretch(1)

        self.tabs = QTabWidget()
        # Tabs that do not fit scroll (arrows at the end of the bar) rather than widen the pane.
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.profile = QWidget()
        self.profile_form = QFormLayout(self.profile)
        self.profile_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._fields: dict[str, QLabel] = {}
        for key, label in [
            ("real_name", self.tr("Real name")),
            ("phone", self.tr("Phone")),
            ("email", self.tr("E-mail")),
            ("gender", self.tr("Gender")),
            ("birthday", self.tr("Birthday")),
            ("address", self.tr("Address")),
            ("platform", self.tr("Source")),
            ("identities", self.tr("Accounts")),
            ("tags", self.tr("Tags")),
            ("notes", self.tr("Remarks")),
            ("created", self.tr("Added")),
        ]:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._fields[key] = value
            self.profile_form.addRow(form_label(label), value)
        self.tabs.addTab(self.profile, self.tr("Pro&file") if own_window else self.tr("Profile"))

        currency_of = store_currency
        self.orders_model: ListTableModel[svc.OrderLine] = ListTableModel(
            [
                Column(self.tr("Date"), lambda o: o.ordered_at.strftime("%Y-%m-%d %H:%M")),
                Column(self.tr("Platform"), lambda o: platform_name(o.platform)),
                Column(self.tr("Order no."), lambda o: o.order_no),
                Column(self.tr("Status"), lambda o: status_name(o.status)),
                Column(
                    self.tr("Paid"),
                    lambda o: format_money(o.paid, o.currency or currency_of()),
                    right=True,
                ),
                Column(
                    self.tr("Refunded"),
                    lambda o: (
                        format_money(o.refunded, o.currency or currency_of()) if o.refunded else ""
                    ),
                    right=True,
                ),
                Column(
                    self.tr("Items"), lambda o: o.item_summary, tooltip=lambda o: o.item_summary
                ),
            ],
            self,
        )
        self.orders_view = enable_row_copy(QTableView())
        self.orders_view.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.orders_view.setModel(self.orders_model)
        self.orders_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.orders_view.verticalHeader().hide()
        self.orders_view.horizontalHeader().setStretchLastSection(True)
        self.orders_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tabs.addTab(self.orders_view, self.tr("&Orders"))

        notes_page = QWidget()
        self.notes_list = QListWidget()
        self.notes_list.setWordWrap(True)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("Write a note (Ctrl+Enter adds it)"))
        self.note_edit.setFixedHeight(70)
        self.note_edit.setTabChangesFocus(True)
        self.note_error = QLabel()
        self.note_error.setStyleSheet("color: #c62828;")
        self.note_error.hide()
        # In the pane A is the Stage filter's: Ctrl+Enter in the note adds it.
        self.add_note_button = QPushButton(
            self.tr("&Add note") if own_window else self.tr("Add note")
        )
        self.add_note_button.clicked.connect(self._on_add_note_button_clicked)
        add_note = QShortcut(QKeySequence("Ctrl+Return"), self.note_edit)
        add_note.setContext(Qt.ShortcutContext.WidgetShortcut)  # only while typing the note
        add_note.activated.connect(self._on_add_note_button_clicked)
        self.notes_empty = empty_hint("notesEmpty")
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.addWidget(self.notes_list, 1)
        notes_layout.addWidget(self.notes_empty, 1)
        notes_layout.addWidget(self.note_edit)
        notes_layout.addWidget(self.note_error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_note_button)
        notes_layout.addLayout(row)
        self.tabs.addTab(notes_page, self.tr("No&tes") if own_window else self.tr("Notes"))

        self.analytics = CustomerAnalyticsView(runner)
        self.tabs.addTab(
            self.analytics, self.tr("Analyti&cs") if own_window else self.tr("Analytics")
        )
        self.points = PointsView(own_window=own_window)
        self.points.points_changed.connect(self.customer_changed)
        # The Points tab's row of six buttons is wider than this pane on a small screen: it
        # scrolls on its own instead of widening the whole pane (which cut the tab bar and
        # the header lines at its right edge).
        self.tabs.addTab(
            HorizontalScrollArea(self.points),
            self.tr("&Points") if own_window else self.tr("Points"),
        )
        self.timeline = TimelineView(own_window=own_window)
        self.timeline.order_requested.connect(self._on_timeline_order_requested)
        self.tabs.addTab(self.timeline, self.tr("Ti&meline"))

        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        # Scrolls rather than forcing its size on the window: the Customers page (list and
        # this pane side by side) still fits a 1024×600 screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # It only holds the controls: as a Tab stop it showed no focus, and Ctrl+Tab, Enter
        # and the arrows did nothing there. The wheel and the scroll bar still scroll it.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        self._stack.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)
        # Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+PgDown and Ctrl+PgUp turn the tabs wherever the
        # focus is in this view (QTabWidget only sees them from inside its own pages).
        for keys, step in (
            ("Ctrl+Tab", 1),
            ("Ctrl+PgDown", 1),
            ("Ctrl+Shift+Tab", -1),
            ("Ctrl+PgUp", -1),
        ):
            turn = QShortcut(QKeySequence(keys), self)
            turn.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            turn.activated.connect(self._on_next_tab if step > 0 else self._on_previous_tab)

    def customer_id(self) -> int | None:
        return self._customer_id

    def _on_next_tab(self) -> None:
        self._turn_tab(1)

    def _on_previous_tab(self) -> None:
        self._turn_tab(-1)

    def _turn_tab(self, step: int) -> None:
        """The next (or previous) enabled tab, wrapping round. Inside a page with tabs of its
        own (the points ledger and tier history) those turn, as Qt does for nested tabs."""
        tabs = self.tabs
        widget = QApplication.focusWidget()
        while widget is not None and widget is not self.tabs and widget is not self:
            if isinstance(widget, QTabWidget):
                tabs = widget
                break
            widget = widget.parentWidget()
        focus = QApplication.focusWidget()
        page = tabs.currentWidget()
        inside = focus is not None and page is not None and page.isAncestorOf(focus)
        count = tabs.count()
        index = tabs.currentIndex()
        for _ in range(count):
            index = (index + step) % count
            if tabs.isTabEnabled(index) and tabs.isTabVisible(index):
                tabs.setCurrentIndex(index)
                break
        if inside:
            # The focus was on the page now hidden: to the tab bar, where it shows which tab
            # is open (Qt would pass it to whatever comes next in the Tab order).
            tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)

    def show_customer(self, customer_id: int | None) -> None:
        """Show this customer (None: the empty hint)."""
        self._customer_id = customer_id
        if customer_id is None:
            self._stack.setCurrentIndex(0)
            self.points.show_customer(None)
            return
        try:
            d = svc.get_customer(customer_id)
        except NotFound:
            self._customer_id = None
            self._stack.setCurrentIndex(0)
            self.points.show_customer(None)
            return
        self.points.show_customer(customer_id, date.today())
        currency = store_currency()
        self._stack.setCurrentIndex(1)
        self.title.setText(f"<h2 style='margin:0'>{escape(d.display_name)}</h2>")
        self.name_shown.emit(d.display_name)
        if d.order_count:
            summary = (
                self.tr("%n purchase(s), %1 in total; last on %2", "", d.order_count)
                .replace("%1", format_money(d.total_paid, currency))
                .replace("%2", d.last_order_at.strftime("%Y-%m-%d") if d.last_order_at else "")
            )
        elif d.uncounted:
            summary = self.tr("No purchases counted")
        else:
            summary = self.tr("No purchases yet")
        if d.uncounted:
            summary += "\n" + uncounted_note(d.uncounted)
        self.summary.setText(summary)
        phone = d.phone
        if d.phone_masked:
            phone = self.tr("%1 (masked by the platform)").replace("%1", d.phone)
        place = " ".join(p for p in (d.province, d.city, d.address) if p)
        values = {
            "real_name": d.real_name,
            "phone": phone,
            "email": d.email,
            "gender": gender_name(d.gender) if d.gender else "",
            "birthday": d.birthday.isoformat() if d.birthday else "",
            "address": place,
            "platform": platform_name(d.source_platform),
            "identities": "\n".join(
                f"{platform_name(p)}: {k}" for p, k in d.identities if "|" not in k
            ),
            "tags": ", ".join(d.tags),
            "notes": d.notes,
            "created": d.created_at.strftime("%Y-%m-%d %H:%M"),
        }
        for key, label in self._fields.items():
            label.setText(values[key] or "—")
        self.orders_model.set_items(d.orders)
        self.tabs.setTabText(1, self.tr("&Orders (%1)").replace("%1", str(len(d.orders))))
        self.notes_list.clear()
        for note in d.note_entries:
            item = QListWidgetItem(f"{note.created_at:%Y-%m-%d %H:%M}\n{note.body}")
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.notes_list.addItem(item)
        show_hint(
            self.notes_list,
            self.notes_empty,
            None if d.note_entries else self.tr("No notes yet. Write the first one below."),
        )
        self.note_error.hide()
        self.timeline.show_customer(customer_id)
        self.analytics.show_customer(customer_id)

    def _on_timeline_order_requested(self, order_id: int) -> None:
        try:
            OrderDialog(order_id, self).open()
        except NotFound:
            pass

    def _on_edit_button_clicked(self) -> None:
        if self._customer_id is not None:
            self.edit_requested.emit(self._customer_id)

    def _on_export_action_triggered(self) -> None:
        if self._customer_id is not None:
            self.export_requested.emit(self._customer_id)

    def _on_erase_action_triggered(self) -> None:
        if self._customer_id is not None:
            self.erase_requested.emit(self._customer_id)

    def _on_delete_button_clicked(self) -> None:
        if self._customer_id is not None:
            self.delete_requested.emit(self._customer_id)

    def _on_add_note_button_clicked(self) -> None:
        if self._customer_id is None:
            return
        try:
            svc.add_note(
                self._customer_id,
                self.note_edit.toPlainText(),
                now=datetime.now().replace(microsecond=0),
            )
        except ValidationError as exc:
            code = next(iter(exc.errors.values()))
            self.note_error.setText(validation_message(code, limit=svc.MAX_NOTES))
            self.note_error.show()
            return
        except NotFound:  # removed meanwhile (an undone import, a merge): show that
            self.show_customer(self._customer_id)
            return
        self.note_edit.clear()
        cid = self._customer_id
        self.show_customer(cid)
        self.tabs.setCurrentIndex(2)
        self.customer_changed.emit(cid)
