"""One customer's analytics for the customer page, and the words for the analytics codes.

- `stage_name`, `rfm_class_name`, `rfm_reason`: lifecycle stages and RFM classes (DESIGN §4)
  in the user's language; the dashboard and the filter panel use them too.
- `CustomerAnalyticsView`: lifecycle stage, RFM class with its three 1-5 scores and a sentence
  saying why ("bought 9 times, ¥4,310.00 in total, last 12 days ago — above average on all
  three"), the churn warning with the customer's usual interval, historical CLV and AOV.

The figures come from `services.analytics.customer_analytics` (a cached snapshot per data
version). With a JobRunner they are computed on its worker thread, so the first customer shown
after an import does not pay for the snapshot on the GUI thread.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop_crm.errors import CrmError
from desktop_crm.services import analytics
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.money import format_money
from desktop_crm.services.settings import store_currency
from desktop_crm.views.jobs import QUEUED, JobRunner, while_alive
from desktop_crm.views.labels import usually_buys

WARNING_STYLE = "color: #c62828; font-weight: bold;"
MUTED_STYLE = "color: palette(placeholder-text);"


# --------------------------------------------------------------------------------------------
# Words


def stage_name(code: str | None) -> str:
    """A lifecycle stage."""
    names = {
        analytics.PROSPECT: QCoreApplication.translate("AnalyticsLabels", "Prospect"),
        analytics.NEW: QCoreApplication.translate("AnalyticsLabels", "New"),
        analytics.ACTIVE: QCoreApplication.translate("AnalyticsLabels", "Active"),
        analytics.SLEEPING: QCoreApplication.translate("AnalyticsLabels", "Sleeping"),
        analytics.LOST: QCoreApplication.translate("AnalyticsLabels", "Lost"),
    }
    return names.get(code or "", code or "")


def stage_description(code: str) -> str:
    """What a lifecycle stage means (tooltips)."""
    texts = {
        analytics.PROSPECT: QCoreApplication.translate("AnalyticsLabels", "No purchase yet"),
        analytics.NEW: QCoreApplication.translate(
            "AnalyticsLabels", "First purchase within the last 30 days"
        ),
        analytics.ACTIVE: QCoreApplication.translate(
            "AnalyticsLabels", "Last purchase within the last 90 days"
        ),
        analytics.SLEEPING: QCoreApplication.translate(
            "AnalyticsLabels", "Last purchase 91 to 180 days ago"
        ),
        analytics.LOST: QCoreApplication.translate(
            "AnalyticsLabels", "Last purchase more than 180 days ago"
        ),
    }
    return texts.get(code, "")


def rfm_class_name(code: str | None) -> str:
    """An RFM class (重要价值客户 = important value, ...), named as the exports and the report
    name it (services/words.py)."""
    names = {
        "important_value": QCoreApplication.translate("AnalyticsLabels", "Important value"),
        "important_develop": QCoreApplication.translate("AnalyticsLabels", "Important to develop"),
        "important_keep": QCoreApplication.translate("AnalyticsLabels", "Important to keep"),
        "important_winback": QCoreApplication.translate("AnalyticsLabels", "Important to win back"),
        "general_value": QCoreApplication.translate("AnalyticsLabels", "General value"),
        "general_develop": QCoreApplication.translate("AnalyticsLabels", "General to develop"),
        "general_keep": QCoreApplication.translate("AnalyticsLabels", "General to keep"),
        "general_winback": QCoreApplication.translate("AnalyticsLabels", "General to win back"),
    }
    return names.get(code or "", code or "")


def rfm_reason(code: str) -> str:
    """How a class compares with the average customer, as the end of a sentence."""
    texts = {
        "important_value": QCoreApplication.translate(
            "AnalyticsLabels", "above average on all three"
        ),
        "important_develop": QCoreApplication.translate(
            "AnalyticsLabels", "recent and above-average spend, but fewer purchases than average"
        ),
        "important_keep": QCoreApplication.translate(
            "AnalyticsLabels", "frequent and above-average spend, but longer ago than average"
        ),
        "important_winback": QCoreApplication.translate(
            "AnalyticsLabels",
            "above-average spend, but fewer purchases and longer ago than average",
        ),
        "general_value": QCoreApplication.translate(
            "AnalyticsLabels", "recent and frequent, but below-average spend"
        ),
        "general_develop": QCoreApplication.translate(
            "AnalyticsLabels", "recent, but fewer purchases and below-average spend"
        ),
        "general_keep": QCoreApplication.translate(
            "AnalyticsLabels", "frequent, but longer ago and below-average spend"
        ),
        "general_winback": QCoreApplication.translate(
            "AnalyticsLabels", "below average on all three"
        ),
    }
    return texts.get(code, "")


def number_text(value: float) -> str:
    """12 or 12.5: a whole number without its decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class AnalyticsWords(QObject):
    """Sentences with a count (`self.tr(..., n)`, so lupdate marks them as plural forms)."""

    def bought_times(self, n: int) -> str:
        return self.tr("bought %n time(s)", "", n)

    def last_days_ago(self, n: int) -> str:
        if n <= 0:
            return self.tr("last today")
        return self.tr("last %n day(s) ago", "", n)

    def churn_warning(self, days: int, interval: str, threshold: str) -> str:
        text = self.tr(
            "Churn warning: no purchase for %n day(s); %1 (warns after %2 days)",
            "",
            days,
        )
        return text.replace("%1", usually_buys(interval)).replace("%2", threshold)

    def foreign_orders(self, n: int) -> str:
        return self.tr(
            "%n purchase(s) in another currency are not counted: give its rate in "
            "Settings ▸ Currency.",
            "",
            n,
        )

    def customers(self, n: int) -> str:
        return self.tr("%n customer(s)", "", n)


_words: list[AnalyticsWords] = []


def words() -> AnalyticsWords:
    """The shared AnalyticsWords (created on first use, when a QApplication exists)."""
    if not _words:
        _words.append(AnalyticsWords())
    return _words[0]


def why_sentence(a: analytics.CustomerAnalytics, currency: str | None) -> str:
    """ "bought 9 times, ¥4,310.00 in total, last 12 days ago — above average on all three"."""
    if a.rfm_class is None or a.days_since_last is None:
        return QCoreApplication.translate("AnalyticsLabels", "No purchase yet.")
    return (
        QCoreApplication.translate("AnalyticsLabels", "%1, %2 in total, %3 — %4")
        .replace("%1", words().bought_times(a.purchases))
        .replace("%2", format_money(a.net, currency))
        .replace("%3", words().last_days_ago(a.days_since_last))
        .replace("%4", rfm_reason(a.rfm_class))
    )


def averages_text(a: analytics.CustomerAnalytics, currency: str | None) -> str:
    """The averages the class compares with (a tooltip)."""
    return (
        QCoreApplication.translate(
            "AnalyticsLabels",
            "The average buying customer: %1 purchases, %2 in total, last purchase %3 days ago.",
        )
        .replace("%1", number_text(round(a.mean_purchases, 1)))
        .replace("%2", format_money(round(a.mean_net), currency))
        .replace("%3", number_text(round(a.mean_recency_days, 1)))
    )


def churn_text(a: analytics.CustomerAnalytics) -> tuple[str, bool]:
    """The churn line and whether it is a warning."""
    info = a.churn
    if a.rfm_class is None or info is None:
        return QCoreApplication.translate("AnalyticsLabels", "No purchase yet"), False
    if info.usual_interval is None or info.threshold is None:
        return (
            QCoreApplication.translate(
                "AnalyticsLabels", "No usual interval yet (purchases on one day only)"
            ),
            False,
        )
    interval = number_text(info.usual_interval)
    threshold = number_text(info.threshold)
    if a.churn_warning:
        days = info.days_since_last if info.days_since_last is not None else 0
        return words().churn_warning(days, interval, threshold), True
    return (
        QCoreApplication.translate("AnalyticsLabels", "No churn warning; %1 (warns after %2 days)")
        .replace("%1", usually_buys(interval))
        .replace("%2", threshold),
        False,
    )


# --------------------------------------------------------------------------------------------
# The widget


class CustomerAnalyticsView(QWidget):
    """Lifecycle stage, RFM class and scores, churn warning, CLV and AOV of one customer.

    Signals:
        customers_requested(object): a CustomerFilter for the customers of this customer's
            stage or RFM class (the stage and class texts are links).
        shown(int): the figures of this customer id are on screen.
    """

    customers_requested = Signal(object)
    shown = Signal(int)

    def __init__(self, runner: JobRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CustomerAnalyticsView")
        self._runner = runner
        self._customer_id: int | None = None
        self._today: date | None = None
        self._token = 0
        self._pending = False  # a customer to compute when the view is shown
        self._analytics: analytics.CustomerAnalytics | None = None

        self._stack = QStackedWidget()
        self.status_label = QLabel()
        self.status_label.setObjectName("analyticsStatus")
        self.status_label.setStyleSheet(MUTED_STYLE)
        self.status_label.setWordWrap(True)
        self._stack.addWidget(self.status_label)

        body = QWidget()
        form = QFormLayout(body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def label(name: str) -> QLabel:
            widget = QLabel()
            widget.setObjectName(name)
            widget.setWordWrap(True)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            return widget

        self.stage_label = label("stageValue")
        self.class_label = label("rfmClassValue")
        self.scores_label = label("rfmScoresValue")
        self.why_label = label("rfmWhyValue")
        self.churn_label = label("churnValue")
        self.clv_label = label("clvValue")
        self.aov_label = label("aovValue")
        self.note_label = label("analyticsNote")
        self.note_label.setStyleSheet(MUTED_STYLE)
        for widget in (self.stage_label, self.class_label):
            widget.setOpenExternalLinks(False)
            widget.linkActivated.connect(self._on_link_activated)
        form.addRow(self.tr("Lifecycle stage:"), self.stage_label)
        form.addRow(self.tr("RFM class:"), self.class_label)
        form.addRow(self.tr("Scores (1–5):"), self.scores_label)
        form.addRow(self.tr("Why:"), self.why_label)
        form.addRow(self.tr("Churn:"), self.churn_label)
        form.addRow(self.tr("Lifetime value:"), self.clv_label)
        form.addRow(self.tr("Average order value:"), self.aov_label)
        form.addRow(self.note_label)
        self._stack.addWidget(body)

        # The style's margins, as the Profile tab beside it has (it sat flush on the frame).
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack)
        self.show_customer(None)

    def customer_id(self) -> int | None:
        return self._customer_id

    def figures(self) -> analytics.CustomerAnalytics | None:
        """The figures on screen (None while computing or when no customer is shown)."""
        return self._analytics

    def show_customer(self, customer_id: int | None, today: date | None = None) -> None:
        """Show one customer's figures on `today` (default: the system date); None clears."""
        self._token += 1
        self._customer_id = customer_id
        self._today = today or date.today()
        self._analytics = None
        self._pending = False
        if customer_id is None:
            self.status_label.setText(self.tr("No customer selected."))
            self._stack.setCurrentIndex(0)
            return
        if not self.isVisible():
            # Behind another tab: computed when shown. The figures compare the customer with
            # the whole shop, which takes seconds at 100,000 customers after each change.
            self._pending = True
            self.status_label.setText(self.tr("Computing…"))
            self._stack.setCurrentIndex(0)
            return
        self._compute()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._pending:
            self._compute()

    def _compute(self) -> None:
        self._pending = False
        customer_id, token, day = self._customer_id, self._token, self._today
        assert customer_id is not None and day is not None

        def work(_progress: Any, _cancelled: Any) -> tuple[Any, str | None]:
            return analytics.customer_analytics(customer_id, day), store_currency()

        if self._runner is None:
            self._show(token, work(None, None))
            return
        self.status_label.setText(self.tr("Computing…"))
        self._stack.setCurrentIndex(0)
        job = self._runner.submit(work)
        # Queued: the job's signals come from the worker thread (views/jobs.py).
        job.succeeded.connect(
            while_alive(self, lambda result, t=token: self._show(t, result)), QUEUED
        )
        job.failed.connect(while_alive(self, lambda exc, t=token: self._fail(t, exc)), QUEUED)

    def _fail(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        self.status_label.setText(
            self.tr("The figures could not be computed: %1").replace("%1", message)
        )
        self._stack.setCurrentIndex(0)
        if not isinstance(exc, CrmError):
            raise exc  # a bug: the error dialog (sys.excepthook) reports it

    def _show(self, token: int, result: tuple[analytics.CustomerAnalytics, str | None]) -> None:
        if token != self._token:
            return  # an older request: another customer is wanted now
        a, currency = result
        self._analytics = a
        self._stack.setCurrentIndex(1)
        self.stage_label.setText(_link(f"stage:{a.stage}", stage_name(a.stage)))
        self.stage_label.setToolTip(stage_description(a.stage))
        if a.rfm_class is None:
            self.class_label.setText("—")
            self.scores_label.setText("—")
            self.why_label.setText(
                QCoreApplication.translate("AnalyticsLabels", "No purchase yet.")
            )
            self.why_label.setToolTip("")
        else:
            self.class_label.setText(_link(f"rfm:{a.rfm_class}", rfm_class_name(a.rfm_class)))
            self.scores_label.setText(
                self.tr("R %1 · F %2 · M %3")
                .replace("%1", str(a.r_score))
                .replace("%2", str(a.f_score))
                .replace("%3", str(a.m_score))
            )
            self.scores_label.setToolTip(
                self.tr(
                    "Recency, frequency and monetary scores against all buying customers: "
                    "5 is the best fifth, 1 the lowest."
                )
            )
            self.why_label.setText(why_sentence(a, currency))
            self.why_label.setToolTip(averages_text(a, currency))
        text, warning = churn_text(a)
        self.churn_label.setText(text)
        self.churn_label.setStyleSheet(WARNING_STYLE if warning else "")
        self.clv_label.setText(format_money(a.net, currency))
        self.clv_label.setToolTip(self.tr("Total net spend (paid minus refunded) so far."))
        self.aov_label.setText("—" if a.aov is None else format_money(a.aov, currency))
        if a.foreign_currency_orders:
            self.note_label.setText(words().foreign_orders(a.foreign_currency_orders))
            self.note_label.show()
        else:
            self.note_label.hide()
        self.shown.emit(a.customer_id)

    def _on_link_activated(self, link: str) -> None:
        kind, _sep, code = link.partition(":")
        if kind == "stage":
            self.customers_requested.emit(CustomerFilter(stage=code))
        elif kind == "rfm":
            self.customers_requested.emit(CustomerFilter(rfm_class=code))


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'
