"""Small layout helpers: what a page shows instead of an empty list (a quiet sentence saying
what to do next), and window sizes that fit the screen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyle,
    QTableView,
    QTreeView,
    QWidget,
)

from desktop_crm.views.screens import screen_of

# The longest order number a platform gives: Pinduoduo's 21 characters (Taobao's are 19 digits).
ORDER_NO_SAMPLE = "261121-000221051621906"
# A date and a date with the time, as the lists show them (digits are equally wide).
DATE_SAMPLE = "2026-12-28"
DATE_TIME_SAMPLE = "2026-12-28 23:59"


def empty_hint(object_name: str, text: str = "") -> QLabel:
    """A centred, muted, wrapping label, hidden until `show_hint` shows it."""
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    label.hide()
    return label


def show_hint(view: QWidget, label: QLabel, text: str | None) -> None:
    """Show `text` in place of `view` (None: the view, the list has rows).

    The view keeps the focus it had when it is hidden and shown again by a search, so typing
    in a search box never loses its place.
    """
    if text is None:
        label.hide()
        view.show()
        return
    label.setText(text)
    view.hide()
    label.show()


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a window to its preferred size, or smaller to fit the screen it opens on (a
    1366×768 laptop leaves about 728 pixels under the taskbar)."""
    screen = screen_of(widget)
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 20)
        height = min(height, room.height() - 60)  # the title bar
    widget.resize(width, height)


def cell_width(view: QAbstractItemView, texts: Iterable[str]) -> int:
    """The width a column of `view` needs to show each of `texts` without eliding it (the
    cell's text margins included)."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    metrics = view.fontMetrics()
    return max((metrics.horizontalAdvance(t) for t in texts), default=0) + 2 * margin + 2


def header_width(header: QHeaderView, column: int) -> int:
    """The width a header section needs for its title and the sort arrow."""
    text = header.model().headerData(column, header.orientation()) if header.model() else ""
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    return header.fontMetrics().horizontalAdvance(str(text or "")) + 4 * margin + arrow


def fit_columns(view: QTableView | QTreeView, texts: Mapping[int, Iterable[str]]) -> None:
    """Size each column to show its sample texts (and its title) in full, in the language and
    font of the moment: an order number or a date elided to "2026-1…" hides the one fact the
    column is for."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    for column, samples in texts.items():
        width = max(cell_width(view, samples), header_width(header, column))
        header.resizeSection(column, width)


def _content_changed(area: QScrollArea) -> None:
    """The content of `area` asks for another size (a longer text, a shown row): the area's
    own hints follow, and the area resizes the content to it (it only did on its own resize,
    leaving new lines squeezed)."""
    area.updateGeometry()
    QCoreApplication.postEvent(area, QEvent(QEvent.Type.LayoutRequest))


class _OneWayScrollArea(QScrollArea):
    """A frameless scroll area that scrolls its content one way only and follows the
    content's size hints as they change."""

    def __init__(
        self, content: QWidget, off: Qt.Orientation, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # It only holds controls: as a Tab stop (QScrollArea's default) it drew no focus and
        # its keys did nothing a keyboard user could see. The controls inside take the focus,
        # and QScrollArea scrolls to each as it gets it.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        never = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if off == Qt.Orientation.Horizontal:
            self.setHorizontalScrollBarPolicy(never)
        else:
            self.setVerticalScrollBarPolicy(never)
        self.setWidget(content)
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            _content_changed(self)
        return super().eventFilter(watched, event)


class VerticalScrollArea(_OneWayScrollArea):
    """A frameless scroll area that scrolls its content up and down only.

    It asks for the content's full width (nothing is cut at the side) and its full height as
    the preferred size, but can shrink to a few lines: a dialog's form that is taller than a
    small screen scrolls, while the dialog's buttons, kept outside it, stay reachable.
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(content, Qt.Orientation.Horizontal, parent)

    def _extra_width(self) -> int:
        return 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint()
        return QSize(hint.width() + self._extra_width(), hint.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        lines = 6 * self.fontMetrics().height()
        height = min(content.minimumSizeHint().height(), lines) + 2 * self.frameWidth()
        return QSize(content.minimumSizeHint().width() + self._extra_width(), height)


class HorizontalScrollArea(_OneWayScrollArea):
    """A frameless scroll area that scrolls its content sideways only: a wide row of buttons
    scrolls on its own instead of widening everything around it. It asks for the content's
    full height (the page around it scrolls up and down)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(content, Qt.Orientation.Vertical, parent)

    def _extra_height(self) -> int:
        return 2 * self.frameWidth() + self.horizontalScrollBar().sizeHint().height()

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint()
        return QSize(hint.width() + 2 * self.frameWidth(), hint.height() + self._extra_height())

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        minimum = content.minimumSizeHint()
        width = min(minimum.width(), 12 * self.fontMetrics().averageCharWidth())
        return QSize(width + 2 * self.frameWidth(), minimum.height() + self._extra_height())


class ElidedLabel(QLabel):
    """One line that gives way: a text too long for the room it gets (a database path in the
    status bar beside other messages) shows "…" in its middle, the whole of it in the tooltip,
    instead of being cut mid-word."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as it is drawn at the label's width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        align = self.alignment() | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(align), self.shown_text())


def form_label(text: str) -> str:
    """A form row's label with the language's colon (Chinese writes the full-width "：")."""
    return QCoreApplication.translate("Layout", "%1:").replace("%1", text)


def fit_height(window: QWidget) -> None:
    """Grow a window to the height its content needs at its width, after messages appeared.

    Qt keeps a window at least as high as its layout's minimum, but that minimum ignores how
    many lines a word-wrapped message takes at the window's width: the buttons below were drawn
    over the last field.
    """
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)


def tab_like_shown(box: QDialogButtonBox) -> None:
    """Tab through a button box's buttons in the order they are shown.

    Qt chains them in the order they were made: a button added to a box made with Cancel
    (Merge…, Export…, Open customer) is shown first but reached after Cancel. Call it once all
    the buttons are added.
    """
    layout = box.layout()
    shown = [item.widget() for item in map(layout.itemAt, range(layout.count()))]
    buttons = [widget for widget in shown if widget is not None]
    for before, after in zip(buttons, buttons[1:], strict=False):
        QWidget.setTabOrder(before, after)


def optional_date(label: str) -> tuple[QCheckBox, QDateEdit]:
    """A filter's date, used when ticked: the box and its date (off until ticked).

    Ticking it offers today - the day it is ticked, not the day the page was built (the
    window stays open for days) - unless a date was set in it since.
    """
    check = QCheckBox(label)
    edit = QDateEdit()
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setDate(QDate.currentDate())
    edit.setEnabled(False)
    edit.dateChanged.connect(lambda _d: edit.setProperty("picked", True))

    def on_toggled(checked: bool) -> None:
        if checked and not edit.property("picked"):
            edit.blockSignals(True)  # not a date set by the merchant
            edit.setDate(QDate.currentDate())
            edit.blockSignals(False)
        edit.setEnabled(checked)

    check.toggled.connect(on_toggled)
    return check, edit
