"""A one-page points statement: painted on any paged device, saved as PDF, or printed.

`render_statement(statement, device)` paints with QtGui only (QPainter, measured with the
device's own font metrics), so the PDF, the print preview and the printout are the same page.
`save_statement_pdf` writes through a temporary file renamed into place; `print_statement`
opens a print preview (QtPrintSupport lives in views/ only, DESIGN §1).

The loyalty words shared by the customer page, the Members page and the statement (ledger
reasons, default tier names, the tier sentence) live here too: this is the lower module of
the two (no widgets), so points_view imports them from here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QCoreApplication,
    QIODevice,
    QLocale,
    QObject,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desktop_crm.errors import CrmError
from desktop_crm.reports.pdf_page import (
    RESOLUTION,
    ensure_gui_application,
    fix_cjk_text,
    font_families,
    page_layout,
)
from desktop_crm.reports.xlsx import write_bytes
from desktop_crm.services import loyalty
from desktop_crm.services.loyalty_tiers import TierExplanation
from desktop_crm.services.money import format_money
from desktop_crm.services.words import parse_tier_reason
from desktop_crm.views.labels import bracketed, code_words, tier_display_name

INK = QColor("#1f2328")
MUTED = QColor("#656d76")
RULE = QColor("#c9ced6")
HEAD_FILL = QColor("#e8eef7")
ZEBRA = QColor("#f5f7fa")
ACCENT = QColor("#2f6db5")
WARN = QColor("#b42318")
EXPIRING_LINES = 6  # lots listed on the page; more are summed up in one line

_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


# --------------------------------------------------------------------------------------------
# Words


# An order's points moved by new exchange rates, new points rules or an import's undo: the
# reason says why (not a refund). Translated when asked for.
_NOTED_REASONS = {
    (loyalty.RATE_CHANGED, loyalty.EARN): QT_TRANSLATE_NOOP(
        "LoyaltyLabels", "Added (exchange rate changed)"
    ),
    (loyalty.RATE_CHANGED, loyalty.REFUND): QT_TRANSLATE_NOOP(
        "LoyaltyLabels", "Taken back (exchange rate changed)"
    ),
    (loyalty.RULES_CHANGED, loyalty.EARN): QT_TRANSLATE_NOOP(
        "LoyaltyLabels", "Added (points rules changed)"
    ),
    (loyalty.RULES_CHANGED, loyalty.REFUND): QT_TRANSLATE_NOOP(
        "LoyaltyLabels", "Taken back (points rules changed)"
    ),
    (loyalty.IMPORT_UNDONE, loyalty.EARN): QT_TRANSLATE_NOOP(
        "LoyaltyLabels", "Added (import undone)"
    ),
    (loyalty.IMPORT_UNDONE, loyalty.REFUND): QT_TRANSLATE_NOOP(
        "LoyaltyLabels", "Taken back (import undone)"
    ),
}


def reason_name(reason: str, note: str = "") -> str:
    """Why a ledger entry was written (an order's points changed by new exchange rates, new
    points rules or an import's undo say so: not a refund)."""
    noted = _NOTED_REASONS.get((note, reason))
    if noted is not None:
        return QCoreApplication.translate("LoyaltyLabels", noted)
    return _reason_words(reason)


_reason_words = code_words(
    "LoyaltyLabels",
    {
        loyalty.EARN: QT_TRANSLATE_NOOP("LoyaltyLabels", "Earned"),
        loyalty.REFUND: QT_TRANSLATE_NOOP("LoyaltyLabels", "Taken back (refund)"),
        loyalty.REDEEM: QT_TRANSLATE_NOOP("LoyaltyLabels", "Redeemed"),
        loyalty.ADJUST: QT_TRANSLATE_NOOP("LoyaltyLabels", "Adjusted by hand"),
        loyalty.EXPIRE: QT_TRANSLATE_NOOP("LoyaltyLabels", "Expired"),
        loyalty.BIRTHDAY: QT_TRANSLATE_NOOP("LoyaltyLabels", "Birthday gift"),
        loyalty.REFERRAL: QT_TRANSLATE_NOOP("LoyaltyLabels", "Referral reward"),
    },
)


def note_text(note: str) -> str:
    """A ledger note: the merchant's own words as typed; the program's own notes translated."""
    notes = {
        "birthday month": QCoreApplication.translate("LoyaltyLabels", "birthday month"),
        loyalty.REFERRAL_TAKEN_BACK: QCoreApplication.translate("LoyaltyLabels", "purchase undone"),
        loyalty.RATE_CHANGED: "",  # the reason says it (reason_name)
        loyalty.RULES_CHANGED: "",
        loyalty.IMPORT_UNDONE: "",
    }
    return notes.get(note, note)


def tier_reason_text(reason: str, currency: str | None = None) -> str:
    """A recorded tier change's reason in the UI language (stored in English); with the
    `currency` the change was measured in, its amounts carry the symbol ('¥6,240.00')."""
    parts = parse_tier_reason(reason)
    if parts is None:
        return reason
    if parts.kind == "override":
        return QCoreApplication.translate("LoyaltyLabels", "set by hand: %1").replace(
            "%1", parts.text
        )
    name = tier_display_name(parts.tier)
    if parts.kind == "removed":
        return QCoreApplication.translate("LoyaltyLabels", "tier %1 removed").replace("%1", name)
    spend, threshold = (
        (_stored_amount(parts.spend, currency), _stored_amount(parts.threshold, currency))
        if currency
        else (parts.spend, parts.threshold)
    )
    text = (
        QCoreApplication.translate("LoyaltyLabels", "spend %1 in the 365 days to %2; %3 from %4")
        .replace("%1", spend)
        .replace("%2", parts.day)
        .replace("%3", name)
        .replace("%4", threshold)
    )
    if parts.downgrades_off:
        text += QCoreApplication.translate("LoyaltyLabels", " (downgrades off)")
    if parts.override_ended:
        text = QCoreApplication.translate("LoyaltyLabels", "override ended; ") + text
    return text


def _stored_amount(text: str, currency: str) -> str:
    """An amount a tier reason holds ('-1,234.50': always 2 decimals) with its symbol."""
    return format_money(int(text.replace(",", "").replace(".", "")), currency)


def money_text(minor: int, currency: str | None) -> str:
    """Money for a sentence: '¥6,240.00', with 2 decimals as everywhere else (DESIGN §2)."""
    return format_money(minor, currency)


class LoyaltyPlurals(QObject):
    """Words with a count: `self.tr(..., n)` so lupdate marks them as plural forms."""

    def points(self, n: int) -> str:
        return self.tr("%n point(s)", "", n)

    def earlier_entries(self, n: int) -> str:
        return self.tr("%n earlier entry(ies) not shown; the figures above include them.", "", n)


_plurals: LoyaltyPlurals | None = None


def plurals() -> LoyaltyPlurals:
    global _plurals
    if _plurals is None:
        _plurals = LoyaltyPlurals()
    return _plurals


def points_text(points: int) -> str:
    """'1,234 point(s)' (plural-aware; Qt leaves %n alone for negative counts)."""
    n = abs(points)
    return plurals().points(n).replace(str(n), f"{points:,}", 1)


def tier_sentence(e: TierExplanation) -> str:
    """Why a customer is in their tier: "¥6,240 spent in the last 12 months; Gold from ¥5,000;
    ¥13,760 more for Diamond." Money in the explanation's currency."""
    spend = money_text(e.spend, e.currency)
    tier = tier_display_name(e.tier_name)
    threshold = money_text(e.tier_threshold, e.currency)
    if e.override_active:
        return (
            QCoreApplication.translate(
                "LoyaltyLabels", "%1 spent in the last 12 months; by spend alone: %2."
            )
            .replace("%1", spend)
            .replace("%2", tier_display_name(e.spend_tier_name))
        )
    if e.held_by_no_downgrade:
        return (
            QCoreApplication.translate(
                "LoyaltyLabels",
                "%1 spent in the last 12 months; %2 from %3, kept because downgrades are off "
                "(by spend alone: %4).",
            )
            .replace("%1", spend)
            .replace("%2", tier)
            .replace("%3", threshold)
            .replace("%4", tier_display_name(e.spend_tier_name))
        )
    if e.next_tier_name is None or e.to_next is None:
        return (
            QCoreApplication.translate(
                "LoyaltyLabels", "%1 spent in the last 12 months; %2 from %3 (the highest tier)."
            )
            .replace("%1", spend)
            .replace("%2", tier)
            .replace("%3", threshold)
        )
    if e.to_next == 0:
        return (
            QCoreApplication.translate(
                "LoyaltyLabels",
                "%1 spent in the last 12 months; %2 from %3; enough for %4 at the next evaluation.",
            )
            .replace("%1", spend)
            .replace("%2", tier)
            .replace("%3", threshold)
            .replace("%4", tier_display_name(e.next_tier_name))
        )
    return (
        QCoreApplication.translate(
            "LoyaltyLabels", "%1 spent in the last 12 months; %2 from %3; %4 more for %5."
        )
        .replace("%1", spend)
        .replace("%2", tier)
        .replace("%3", threshold)
        .replace("%4", money_text(e.to_next, e.currency))
        .replace("%5", tier_display_name(e.next_tier_name))
    )


def override_sentence(e: TierExplanation) -> str:
    """The note of an active manual tier ('' when none)."""
    if not e.override_active:
        return ""
    if e.override_until is not None:
        return (
            QCoreApplication.translate("LoyaltyLabels", "Set by hand until %1: %2")
            .replace("%1", e.override_until.isoformat())
            .replace("%2", e.override_reason or "")
        )
    return QCoreApplication.translate("LoyaltyLabels", "Set by hand: %1").replace(
        "%1", e.override_reason or ""
    )


def what_text(line: loyalty.LedgerLine) -> str:
    """Why an entry was written; an earning written after its order's day says that day (an
    imported history earns on the import day, and may expire the same day)."""
    text = reason_name(line.reason, line.note)
    if line.delta > 0 and line.earned_on is not None and line.earned_on < line.created_at.date():
        text += " " + QCoreApplication.translate("LoyaltyLabels", "(order of %1)").replace(
            "%1", line.earned_on.isoformat()
        )
    return text


def order_text(line: loyalty.LedgerLine) -> str:
    """The order of a ledger entry ('' when none; a note when the order is gone)."""
    if line.order_id is None:
        return ""
    if line.order_no is None:
        return QCoreApplication.translate("LoyaltyLabels", "(order removed)")
    return line.order_no


# --------------------------------------------------------------------------------------------
# Painting


class _Painter:
    """Fonts and helpers for one page (sizes in points, scaled to the device)."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice, language: str) -> None:
        self.p = painter
        self.pt = device.logicalDpiY() / 72.0
        self.width = float(device.width())
        self.height = float(device.height())
        families = font_families(language)

        def make(size: float, bold: bool = False) -> QFont:
            font = QFont()
            font.setFamilies(families)
            font.setPointSizeF(size)
            font.setBold(bold)
            return font

        self.fonts = {
            "title": make(16, True),
            "name": make(12, True),
            "h2": make(10.5, True),
            "body": make(8.5),
            "bold": make(8.5, True),
            "small": make(7.5),
        }
        self.metrics = {k: QFontMetricsF(f, device) for k, f in self.fonts.items()}

    def line(self, font: str) -> float:
        return self.metrics[font].lineSpacing()

    def text(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        font: str = "body",
        color: QColor = INK,
        flags: int = _LEFT,
    ) -> float:
        """One line of text at (x, y), elided to width w; returns its height."""
        h = self.line(font)
        self.p.setFont(self.fonts[font])
        self.p.setPen(color)
        shown = self.metrics[font].elidedText(text, Qt.TextElideMode.ElideRight, w)
        self.p.drawText(QRectF(x, y, w, h), flags, shown)
        return h

    def wrapped(self, y: float, text: str, font: str = "body", color: QColor = INK) -> float:
        """A paragraph over the full width; returns its height."""
        rect = self.metrics[font].boundingRect(QRectF(0, 0, self.width, 1e6), _WRAP, text)
        h = max(self.line(font), rect.height())
        self.p.setFont(self.fonts[font])
        self.p.setPen(color)
        self.p.drawText(QRectF(0, y, self.width, h), _WRAP, text)
        return h

    def rule(self, y: float, x1: float = 0.0, x2: float | None = None) -> None:
        self.p.setPen(QPen(RULE, 0.6 * self.pt))
        self.p.drawLine(QPointF(x1, y), QPointF(self.width if x2 is None else x2, y))


def _summary_rows(s: loyalty.PointsStatement) -> list[tuple[str, int, bool]]:
    return [
        (
            QCoreApplication.translate("PointsStatement", "Opening balance"),
            s.opening_balance,
            False,
        ),
        (QCoreApplication.translate("PointsStatement", "Earned"), s.earned, False),
        (
            QCoreApplication.translate("PointsStatement", "Taken back (refunds, corrections)"),
            s.taken_back,
            False,
        ),
        (QCoreApplication.translate("PointsStatement", "Redeemed"), s.redeemed, False),
        (QCoreApplication.translate("PointsStatement", "Expired"), s.expired, False),
        (QCoreApplication.translate("PointsStatement", "Deducted by hand"), s.adjusted, False),
        (QCoreApplication.translate("PointsStatement", "Closing balance"), s.closing_balance, True),
    ]


def render_statement(
    statement: loyalty.PointsStatement,
    device: QPagedPaintDevice,
    *,
    language: str | None = None,
) -> None:
    """Paint the statement on one page of `device` (a QPdfWriter, or a QPrinter).

    The device's page size and margins are used (A4 with `page_layout()` for the PDF). When
    the period has more entries than fit, the latest are shown and a line says how many
    earlier ones are left out (the totals include them).

    Raises:
        CrmError: the device cannot be painted on.
    """
    ensure_gui_application()
    s = statement
    lang = language or QLocale().name()
    painter = QPainter()
    if not painter.begin(device):
        raise CrmError("The statement could not be drawn: the printer or file is not ready.")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _paint(_Painter(painter, device, lang), s)
    finally:
        painter.end()


def _paint(d: _Painter, s: loyalty.PointsStatement) -> None:
    pt = d.pt
    w = d.width
    # Header.
    y = 0.0
    y += d.text(
        0,
        y,
        w * 0.6,
        QCoreApplication.translate("PointsStatement", "Points statement"),
        "title",
        ACCENT,
    )
    d.text(w * 0.6, 0, w * 0.4, "Desktop CRM", "small", MUTED, _RIGHT)
    y += 2 * pt
    name = bracketed(s.display_name, s.real_name) if s.real_name else s.display_name
    y += d.text(0, y, w, name, "name")
    period = (
        QCoreApplication.translate("PointsStatement", "Period: %1 – %2 · Printed on %3")
        .replace("%1", s.start.isoformat())
        .replace("%2", s.today.isoformat())
        .replace("%3", s.today.isoformat())
    )
    y += d.text(0, y, w, period, "small", MUTED) + 4 * pt
    d.rule(y)
    y += 6 * pt
    # Tier and balance.
    tier = QCoreApplication.translate("PointsStatement", "Tier: %1").replace(
        "%1", tier_display_name(s.tier.tier_name)
    )
    y += d.text(0, y, w, tier, "h2")
    y += d.wrapped(y, tier_sentence(s.tier))
    note = override_sentence(s.tier)
    if note:
        y += d.wrapped(y, note, "body", MUTED)
    y += 3 * pt
    balance_color = WARN if s.closing_balance < 0 else INK
    balance = QCoreApplication.translate("PointsStatement", "Balance: %1").replace(
        "%1", points_text(s.closing_balance)
    )
    y += d.text(0, y, w, balance, "h2", balance_color)
    if s.closing_balance < 0:
        y += d.wrapped(
            y,
            QCoreApplication.translate(
                "PointsStatement",
                "The balance is negative: no redemption until it is positive again.",
            ),
            "body",
            WARN,
        )
    y += 6 * pt
    # Totals of the period.
    y += (
        d.text(
            0,
            y,
            w,
            QCoreApplication.translate("PointsStatement", "The period in figures"),
            "h2",
            ACCENT,
        )
        + 2 * pt
    )
    label_w = w * 0.35
    row_h = d.line("body") + 3 * pt
    for i, (label, value, bold) in enumerate(_summary_rows(s)):
        if i % 2:
            d.p.fillRect(QRectF(0, y, label_w + w * 0.2, row_h), ZEBRA)
        font = "bold" if bold else "body"
        color = WARN if bold and value < 0 else INK
        d.text(3 * pt, y, label_w, label, font, color)
        d.text(label_w, y, w * 0.2 - 3 * pt, f"{value:,}", font, color, _RIGHT)
        y += row_h
    y += 8 * pt
    # What expires soon: measured first, painted at the bottom, so the entries fill the rest.
    lots = s.expiring
    shown = lots[:EXPIRING_LINES]
    expiring_lines = max(1, len(shown)) + (1 if len(lots) > len(shown) else 0)
    footer_h = d.line("small") + 6 * pt
    expiring_h = d.line("h2") + 2 * pt + expiring_lines * d.line("body") + 8 * pt
    bottom = d.height - footer_h - expiring_h
    # Entries of the period.
    y += (
        d.text(
            0,
            y,
            w,
            QCoreApplication.translate("PointsStatement", "Entries in the period"),
            "h2",
            ACCENT,
        )
        + 2 * pt
    )
    cols = [
        # Wide enough for "Earned (order of 2024-12-15)" and a 19-digit Taobao order number.
        (QCoreApplication.translate("PointsStatement", "Date"), 0.12, _LEFT),
        (QCoreApplication.translate("PointsStatement", "What"), 0.29, _LEFT),
        (QCoreApplication.translate("PointsStatement", "Order"), 0.25, _LEFT),
        (QCoreApplication.translate("PointsStatement", "Points"), 0.09, _RIGHT),
        (QCoreApplication.translate("PointsStatement", "Balance"), 0.09, _RIGHT),
        (QCoreApplication.translate("PointsStatement", "Note"), 0.16, _LEFT),
    ]
    pad = 3 * pt

    def row(values: list[str], top: float, font: str, fill: QColor | None, color: QColor) -> None:
        if fill is not None:
            d.p.fillRect(QRectF(0, top, w, row_h), fill)
        x = 0.0
        for (_h, share, flags), value in zip(cols, values, strict=True):
            cw = w * share
            d.text(x + pad, top, cw - 2 * pad, value, font, color, flags)
            x += cw

    row([c[0] for c in cols], y, "bold", HEAD_FILL, INK)
    y += row_h
    lines = s.lines
    if not lines:
        y += d.text(
            pad,
            y,
            w,
            QCoreApplication.translate("PointsStatement", "No entries in this period."),
            "body",
            MUTED,
        )
    else:
        room = max(0, int((bottom - y - row_h) // row_h))
        fits = lines if len(lines) <= room else lines[len(lines) - max(room - 1, 0) :]
        left_out = len(lines) - len(fits)
        if left_out:
            text = plurals().earlier_entries(left_out)
            d.text(pad, y, w, text, "small", MUTED)
            y += row_h
        for i, ln in enumerate(fits):
            values = [
                ln.created_at.strftime("%Y-%m-%d"),
                what_text(ln),
                order_text(ln),
                f"{ln.delta:+,}",
                f"{ln.balance:,}",
                note_text(ln.note),
            ]
            color = WARN if ln.balance < 0 else INK
            row(values, y, "body", ZEBRA if i % 2 else None, color)
            y += row_h
        d.rule(y)
    # Expiring points, below the entries (room was kept for them above the footer).
    y = min(y, bottom) + 10 * pt
    y += (
        d.text(
            0,
            y,
            w,
            QCoreApplication.translate("PointsStatement", "Expiring in the next 90 days"),
            "h2",
            ACCENT,
        )
        + 2 * pt
    )
    if not lots:
        d.text(
            0,
            y,
            w,
            QCoreApplication.translate("PointsStatement", "No points expire in the next 90 days."),
            "body",
            MUTED,
        )
    for lot in shown:
        text = (
            QCoreApplication.translate("PointsStatement", "%1 on %2 (earned on %3)")
            .replace("%1", points_text(lot.points))
            .replace("%2", lot.expires_on.isoformat())
            .replace("%3", lot.earned_on.isoformat() if lot.earned_on else "—")
        )
        y += d.text(0, y, w, "• " + text, "body")
    if len(lots) > len(shown):
        rest = sum(lot.points for lot in lots[len(shown) :])
        more = QCoreApplication.translate("PointsStatement", "and %1 later").replace(
            "%1", points_text(rest)
        )
        d.text(0, y, w, "• " + more, "body", MUTED)
    # Footer.
    foot_y = d.height - d.line("small")
    d.rule(foot_y - 3 * pt)
    footer = QCoreApplication.translate("PointsStatement", "Made by Desktop CRM on %1.").replace(
        "%1", s.today.isoformat()
    )
    d.text(0, foot_y, w, footer, "small", MUTED)


# --------------------------------------------------------------------------------------------
# Files and printers


def statement_pdf_bytes(
    statement: loyalty.PointsStatement, *, language: str | None = None
) -> bytes:
    """The statement as a one-page PDF in memory."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(page_layout())
    writer.setResolution(RESOLUTION)
    writer.setTitle(
        QCoreApplication.translate("PointsStatement", "Points statement")
        + " "
        + statement.display_name
    )
    writer.setCreator("Desktop CRM")
    render_statement(statement, writer, language=language)
    buffer.close()
    return fix_cjk_text(bytes(buffer.data().data()))


def save_statement_pdf(
    statement: loyalty.PointsStatement, path: str | Path, *, language: str | None = None
) -> Path:
    """Write the statement as a PDF at `path` via a temporary file (no partial file).

    Raises:
        DiskFull: the disk is full; nothing is left at `path`.
        CrmError: the file cannot be written.
    """
    return write_bytes(path, statement_pdf_bytes(statement, language=language))


def statement_printer() -> QPrinter:
    """A printer set to A4 with the statement's margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout())
    return printer


def statement_preview(
    statement: loyalty.PointsStatement, parent: QWidget | None = None
) -> QPrintPreviewDialog:
    """A print preview of the statement; its Print button prints the same page."""
    printer = statement_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("PointsStatementPreview")
    dialog.setWindowTitle(
        QCoreApplication.translate("PointsStatement", "Points statement: %1").replace(
            "%1", statement.display_name
        )
    )
    dialog.paintRequested.connect(lambda device: render_statement(statement, device))
    dialog._printer = printer  # type: ignore[attr-defined]  # keep it alive with the dialog
    return dialog


def print_statement(statement: loyalty.PointsStatement, parent: QWidget | None = None) -> bool:
    """Show the print preview; True when the user printed."""
    dialog = statement_preview(statement, parent)
    try:
        return dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def default_file_name(statement: loyalty.PointsStatement, today: date | None = None) -> str:
    """'points-statement-小美-2026-11-22.pdf' (characters a file name cannot hold dropped)."""
    day = (today or statement.today).isoformat()
    safe = "".join(ch for ch in statement.display_name if ch not in '\\/:*?"<>|\0').strip()
    return f"points-statement-{safe or statement.customer_id}-{day}.pdf"
