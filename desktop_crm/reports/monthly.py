"""The monthly customer report's data: one plain object that the Excel, PDF and print writers show.

`build_monthly_report(month, today=...)` reads everything once; the writers only format it, so
the workbook, the PDF and a printout always carry the same numbers. Money stays in integer minor
units of the store currency here; the writers turn it into currency.

Definitions (DESIGN §4; `as_of` is the month's last day, or `today` while the month runs):
- KPIs of a period come from services.analytics (`period_kpis`): net sales, purchases (orders),
  purchasing customers, new customers, repurchase rate, AOV. The month is compared with the
  previous calendar month and with the same month a year earlier: whole months, or while the
  month runs (to day N), their days 1 to N (the whole month when it is shorter), like for like.
- Points (ledger `points_entry`), dated by the day an earning was earned (`earned_on`, i.e. the
  order date for order points, so points line up with the month's sales), an expiry by the day
  after its earning's last valid day, and every other entry by the day it was written:
  issued = positive entries; redeemed = redeem entries; expired = expire entries; taken back =
  other negative entries (refunds, negative adjustments); outstanding = the sum of positive
  customer balances at the end of the period (for the running month:
  `loyalty.points_outstanding(today)`, the dashboard's figure).
- Follow-ups done: marked done during the period. Overdue at the end of the period: created by
  then, due before its last day, and not done or cancelled by then (a snoozed follow-up counts
  with its current due time).
- Feedback received: logged in the period; resolved: resolved in the period; CSAT: share of
  the period's rated feedback rated 4 or 5 (services.feedback.satisfaction).
- New customers: first purchase in the month. Top customers: by net of the month's purchases.
- Entered churn warning: in churn warning (services.churn) on `as_of` and not on the last day of
  the previous month (someone who lapsed and bought again within the month is not listed).
- Lifecycle stages and RFM classes on `as_of` against the previous month's last day
  (services.analytics snapshots; prospects are customers without a purchase by then). These
  and the tiers count the customers there were on that day: added by then, or with an order
  dated by then (history imported later); not those added later with no order by then.
- Customers by tier on `as_of`: the tier set by each customer's latest recorded tier change up
  to that day; a customer with none recorded by then (history imported later) is in the tier
  the spend rule gives on that day (DESIGN §4: net of purchases in the 365 days to it), as
  lifecycle and RFM are recomputed; for the running month, the tiers in force today.
- Tier changes: the changes recorded during the month.

Contact details: phones are masked (138****1234) and addresses cut to province and city unless
`full_contact`; then the report says so on every page. Without it, any other 11-digit mainland
mobile number in a text (a nickname that is a phone number) is masked too.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from desktop_crm.db import db
from desktop_crm.errors import Refused
from desktop_crm.services import analytics, churn, currency, feedback, loyalty
from desktop_crm.services.contact import mask_address, mask_phone
from desktop_crm.services.currency import net_sql
from desktop_crm.services.money import SYMBOLS, format_money, format_percent
from desktop_crm.services.settings import get_setting, store_currency
from desktop_crm.services.totals import purchase_filter
from desktop_crm.services.words import (
    normalize_language,
    platform_label,
    rfm_label,
    stage_label,
    tier_label,
    tier_reason,
)

log = logging.getLogger("desktop_crm.reports")
T = TypeVar("T")

# Kinds of values (KPIs, table columns, chart series); the writers format by kind.
TEXT = "text"
MONEY = "money"  # int, minor units of the store currency
COUNT = "count"  # int
POINTS = "points"  # int
RATE = "rate"  # float 0..1 (shown as a percentage); None when undefined
DATE = "date"  # datetime.date
DATETIME = "datetime"  # datetime.datetime
DAYS = "days"  # int or float (a number of days)
DELTA = "delta"  # int, a signed difference of counts

TOP_CUSTOMERS = 20
# The day a ledger entry counts on: an earning's day; an expiry's the day after its earning's
# last valid day (whenever the expiry job ran), never before the earning's own day; else the
# entry's time. All compare as text with ISO day bounds ("2026-10-31 09:00:00" >= "2026-10-01"
# and < "2026-11-01").
_EFF = (
    "(CASE WHEN delta > 0 AND earned_on IS NOT NULL THEN earned_on "
    "WHEN reason = 'expire' AND source_id IS NOT NULL THEN coalesce((SELECT "
    "max(date(s.expires_on, '+1 day'), coalesce(s.earned_on, date(s.created_at))) "
    "FROM points_entry s WHERE s.id = points_entry.source_id), created_at) "
    "ELSE created_at END)"
)
LANGUAGES = ("en", "zh_CN")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")

# --------------------------------------------------------------------------------------------
# The report's own words. The GUI passes its UI language; the CLI passes "en" unless told.

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Monthly customer report",
        "generated": "Generated {today}",
        "page_of": "Page {n} of {m}",
        "continued": "(continued)",
        "indicator": "Indicator",
        "this_month": "This month",
        "previous_month": "Previous month",
        "same_month_last_year": "Same month last year",
        "change": "Change",
        "pp": "pp",
        "none": "—",
        "yes": "yes",
        "no": "no",
        "empty": "None this month.",
        "kpis": "Key figures",
        "charts": "Charts",
        "summary_sheet": "Summary",
        "notes": "Notes",
        "period": "Period",
        "period_range": "{start} to {end}",
        "figures_as_of": "Figures as of",
        "currency": "Currency",
        "shop": "Shop",
        "note_partial_compared": (
            "The month is not over: figures stand at {as_of}, and are compared with the same "
            "days ({days}) of the previous month and of the same month last year."
        ),
        "previous_month_days": "Previous month, days {days}",
        "same_month_last_year_days": "Same month last year, days {days}",
        "note_masked": (
            "Phone numbers are masked (138****1234) and addresses reduced to province and city."
        ),
        "note_full": (
            "This report shows FULL contact details (phone numbers and addresses), as the "
            "merchant asked. It is personal data: store and share it accordingly."
        ),
        "footer_full": "Contains full contact details",
        "note_currency": "Money in {currency}.",
        "note_rates": "Orders in other currencies are converted at the rates set: {rates}.",
        "note_uncounted": (
            "Left out of every figure: the month's orders in {currencies} ({orders}), which "
            "have no conversion rate (Settings ▸ Currency)."
        ),
        "note_points": (
            "Points are dated by the day they were earned (the order date) and other ledger "
            "entries by the day they were written."
        ),
        "note_churn": (
            "Entered churn warning: in churn warning at the month's end and not at the end "
            "of the previous month."
        ),
        # KPIs
        "kpi_net_sales": "Net sales",
        "kpi_orders": "Orders (purchases)",
        "kpi_purchasing_customers": "Purchasing customers",
        "kpi_new_customers": "New customers",
        "kpi_repurchase_rate": "Repurchase rate",
        "kpi_aov": "Average order value",
        "kpi_points_issued": "Points issued",
        "kpi_points_redeemed": "Points redeemed",
        "kpi_points_expired": "Points expired",
        "kpi_points_taken_back": "Points taken back (refunds, adjustments)",
        "kpi_points_outstanding": "Points outstanding at month end",
        "kpi_followups_done": "Follow-ups done",
        "kpi_followups_overdue": "Follow-ups overdue at month end",
        "kpi_feedback_received": "Feedback received",
        "kpi_feedback_resolved": "Feedback resolved",
        "kpi_csat": "CSAT (rated 4-5)",
        # tables
        "t_daily_sales": "Net sales by day",
        "s_daily_sales": "Daily sales",
        "t_platforms": "Sales by platform",
        "s_platforms": "Platforms",
        "t_tiers": "Customers by tier at month end",
        "s_tiers": "Tiers",
        "t_lifecycle": "Lifecycle stages at month end",
        "s_lifecycle": "Lifecycle",
        "t_rfm": "RFM classes at month end",
        "s_rfm": "RFM",
        "t_top_customers": "Top {n} customers by net sales",
        "s_top_customers": "Top customers",
        "t_churn_entered": "Customers who entered churn warning",
        "s_churn_entered": "Churn warnings",
        "t_tier_changes": "Tier changes",
        "s_tier_changes": "Tier changes",
        "t_new_customers": "New customers",
        "s_new_customers": "New customers",
        # columns
        "c_day": "Day",
        "c_orders": "Orders",
        "c_net": "Net sales",
        "c_platform": "Platform",
        "c_customers": "Customers",
        "c_tier": "Tier",
        "c_stage": "Stage",
        "c_class": "RFM class",
        "c_month_end": "At month end",
        "c_prev_month_end": "Previous month end",
        "c_change": "Change",
        "c_rank": "#",
        "c_customer": "Customer",
        "c_real_name": "Name",
        "c_phone": "Phone",
        "c_region": "Region",
        "c_address": "Address",
        "c_source": "Source",
        "c_first_purchase": "First purchase",
        "c_orders_month": "Orders",
        "c_net_month": "Net (month)",
        "c_clv": "Net to date",
        "c_last_purchase": "Last purchase",
        "c_days_since": "Days since",
        "c_usual_interval": "Usual interval (days)",
        "c_purchases": "Purchases",
        "c_changed_at": "Changed",
        "c_from": "From",
        "c_to": "To",
        "c_spend": "Spend (365 days)",
        "c_reason": "Reason",
        "c_manual": "Manual",
        # charts
        "ch_daily_sales": "Net sales by day",
        "ch_platforms": "Net sales by platform",
        "ch_tiers": "Customers by tier",
        "ch_rfm": "Customers by RFM class",
    },
    "zh_CN": {
        "title": "月度客户报告",
        "generated": "生成日期 {today}",
        "page_of": "第 {n} 页，共 {m} 页",
        "continued": "（续）",
        "indicator": "指标",
        "this_month": "本月",
        "previous_month": "上月",
        "same_month_last_year": "去年同月",
        "change": "变化",
        "pp": "个百分点",
        "none": "—",
        "yes": "是",
        "no": "否",
        "empty": "本月无。",
        "kpis": "关键指标",
        "charts": "图表",
        "summary_sheet": "概览",
        "notes": "说明",
        "period": "期间",
        "period_range": "{start} 至 {end}",
        "figures_as_of": "数据截至",
        "currency": "币种",
        "shop": "店铺",
        "note_partial_compared": (
            "本月尚未结束：数据截至 {as_of}，与上月及去年同月的同期（{days} 日）比较。"
        ),
        "previous_month_days": "上月同期（{days} 日）",
        "same_month_last_year_days": "去年同月同期（{days} 日）",
        "note_masked": "手机号已打码（138****1234），地址仅显示省份和城市。",
        "note_full": (
            "本报告按商家要求显示完整联系方式（手机号和地址），属于个人信息，请妥善保管和分享。"
        ),
        "footer_full": "含完整联系方式",
        "note_currency": "金额币种为 {currency}。",
        "note_rates": "其他币种的订单按设定的汇率折算：{rates}。",
        "note_uncounted": (
            "未计入：本月 {orders} 笔 {currencies} 订单（该币种尚未设置汇率，见 设置 ▸ 币种）。"
        ),
        "note_points": "积分按获得日期（订单日期）计入，其他积分流水按记账日期计入。",
        "note_churn": "新增流失预警：月末处于流失预警、上月末未处于流失预警的客户。",
        "kpi_net_sales": "净销售额",
        "kpi_orders": "订单数（购买）",
        "kpi_purchasing_customers": "购买客户数",
        "kpi_new_customers": "新客户数",
        "kpi_repurchase_rate": "复购率",
        "kpi_aov": "客单价",
        "kpi_points_issued": "发放积分",
        "kpi_points_redeemed": "兑换积分",
        "kpi_points_expired": "过期积分",
        "kpi_points_taken_back": "扣回积分（退款、调整）",
        "kpi_points_outstanding": "月末未使用积分",
        "kpi_followups_done": "已完成回访",
        "kpi_followups_overdue": "月末逾期回访",
        "kpi_feedback_received": "收到反馈",
        "kpi_feedback_resolved": "已解决反馈",
        "kpi_csat": "满意度（4-5 分）",
        "t_daily_sales": "每日净销售额",
        "s_daily_sales": "每日销售",
        "t_platforms": "各平台销售",
        "s_platforms": "平台",
        "t_tiers": "月末各会员等级客户数",
        "s_tiers": "会员等级",
        "t_lifecycle": "月末客户生命周期",
        "s_lifecycle": "生命周期",
        "t_rfm": "月末 RFM 客户分类",
        "s_rfm": "RFM分类",
        "t_top_customers": "净销售额前 {n} 名客户",
        "s_top_customers": "消费排行",
        "t_churn_entered": "新增流失预警客户",
        "s_churn_entered": "流失预警",
        "t_tier_changes": "会员等级变动",
        "s_tier_changes": "等级变动",
        "t_new_customers": "新客户",
        "s_new_customers": "新客户",
        "c_day": "日期",
        "c_orders": "订单数",
        "c_net": "净销售额",
        "c_platform": "平台",
        "c_customers": "客户数",
        "c_tier": "会员等级",
        "c_stage": "阶段",
        "c_class": "RFM 分类",
        "c_month_end": "月末",
        "c_prev_month_end": "上月末",
        "c_change": "变化",
        "c_rank": "名次",
        "c_customer": "客户",
        "c_real_name": "姓名",
        "c_phone": "手机号",
        "c_region": "地区",
        "c_address": "地址",
        "c_source": "来源",
        "c_first_purchase": "首次购买",
        "c_orders_month": "订单数",
        "c_net_month": "本月净额",
        "c_clv": "累计净额",
        "c_last_purchase": "最近购买",
        "c_days_since": "距今天数",
        "c_usual_interval": "通常间隔（天）",
        "c_purchases": "购买次数",
        "c_changed_at": "变动时间",
        "c_from": "原等级",
        "c_to": "新等级",
        "c_spend": "近365天消费",
        "c_reason": "原因",
        "c_manual": "手动",
        "ch_daily_sales": "每日净销售额",
        "ch_platforms": "各平台净销售额",
        "ch_tiers": "各会员等级客户数",
        "ch_rfm": "RFM 分类客户数",
    },
}

_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


def month_label(month: date, language: str) -> str:
    """'November 2026' / '2026年11月'."""
    if normalize_language(language) == "zh_CN":
        return f"{month.year}年{month.month}月"
    return f"{_MONTHS_EN[month.month - 1]} {month.year}"


# --------------------------------------------------------------------------------------------
# The data object


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: `kind` tells the writers how to format its values."""

    key: str
    label: str
    kind: str = TEXT


@dataclass(frozen=True, slots=True)
class Table:
    """One section's rows. Values are raw: str, int (money in minor units), float, date."""

    key: str
    title: str
    sheet: str  # the Excel sheet name (<= 31 characters)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    empty_text: str = ""
    in_pdf: bool = True  # the daily table is only in the workbook (the PDF has its chart)

    def column(self, key: str) -> int:
        """The index of a column."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def values(self, key: str) -> list[Any]:
        """Every value of one column."""
        i = self.column(key)
        return [row[i] for row in self.rows]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart of one column of a table against its label column."""

    key: str
    title: str
    kind: str  # "line", "bar" or "pie"
    table: str  # key of the table holding the data
    label_column: str
    value_column: str
    unit: str  # MONEY or COUNT


@dataclass(frozen=True, slots=True)
class Kpi:
    """One key figure for the month, the previous month and the same month last year."""

    key: str
    label: str
    kind: str  # MONEY, COUNT, POINTS or RATE
    current: int | float | None
    previous: int | float | None
    last_year: int | float | None

    @property
    def change_vs_previous(self) -> float | None:
        """See `change`."""
        return change(self.current, self.previous, self.kind)

    @property
    def change_vs_last_year(self) -> float | None:
        """See `change`."""
        return change(self.current, self.last_year, self.kind)


def change(current: float | None, other: float | None, kind: str) -> float | None:
    """Relative change (0.25 = +25 %); for rates the difference in percentage points (as a
    fraction: 0.025 = +2.5 points). None when either side is missing or the base is 0."""
    if current is None or other is None:
        return None
    if kind == RATE:
        return float(current) - float(other)
    if other == 0:
        return None
    return (float(current) - float(other)) / abs(float(other))


@dataclass(frozen=True)
class MonthlyReport:
    """Everything the monthly report shows; built by `build_monthly_report`."""

    month: date  # first day of the month
    end: date  # first day of the next month
    as_of: date  # the day figures stand at: the month's last day, or today while it runs
    previous_month: date
    last_year_month: date
    today: date
    language: str
    currency: str | None
    shop_name: str  # setting "shop_name"; "" when not set
    title: str
    month_label: str
    full_contact: bool
    partial: bool  # the month is still running
    notes: tuple[str, ...]
    kpis: tuple[Kpi, ...]
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...]
    strings: dict[str, str] = field(default_factory=dict)

    def text(self, key: str, **kw: object) -> str:
        """One of the report's own words, in its language."""
        value = self.strings.get(key) or STRINGS["en"][key]
        return value.format(**kw) if kw else value

    def table(self, key: str) -> Table:
        """A table by its key (e.g. "new_customers")."""
        return next(t for t in self.tables if t.key == key)

    def kpi(self, key: str) -> Kpi:
        """A KPI by its key (e.g. "net_sales")."""
        return next(k for k in self.kpis if k.key == key)

    @property
    def period_label(self) -> str:
        """'2026-11-01 to 2026-11-30' (ASCII: CJK fonts share the en dash's glyph with U+2012)."""
        return self.text("period_range", start=self.month.isoformat(), end=self.as_of.isoformat())


# --------------------------------------------------------------------------------------------
# Formatting shared by the writers (so the PDF shows what the workbook's formats show)


def currency_symbol(currency: str | None) -> str:
    """'¥' for CNY, '' when unknown."""
    return SYMBOLS.get((currency or "").upper(), "")


class Amount(NamedTuple):
    """Money in a currency of its own: a tier change's spend, in the store currency of its
    day (the store's may have changed since)."""

    minor: int
    currency: str | None


def format_value(value: Any, kind: str, report: MonthlyReport) -> str:
    """A value as the PDF (and print) shows it."""
    if value is None:
        return report.text("none")
    if isinstance(value, Amount):
        return format_money(value.minor, value.currency)
    if kind == MONEY:
        return format_money(int(value), report.currency)
    if kind in (COUNT, POINTS):
        return f"{int(value):,}"
    if kind == DELTA:
        return f"{int(value):+,}" if value else "0"
    if kind == RATE:
        return format_percent(float(value))
    if kind == DAYS:
        return f"{float(value):g}"
    if kind == DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == DATETIME:
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)
    if isinstance(value, bool):
        return report.text("yes") if value else report.text("no")
    return str(value)


def format_change(value: float | None, kind: str, report: MonthlyReport) -> str:
    """'+12.5%' for a relative change, '+2.5 pp' for a change of a rate, '—' for none."""
    if value is None:
        return report.text("none")
    if kind == RATE:
        return f"{value * 100:+.1f} {report.text('pp')}"
    return f"{value * 100:+.1f}%"


# --------------------------------------------------------------------------------------------
# Building


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _scrub(text: str) -> str:
    """Mask any full mainland mobile number inside a text."""
    return _MOBILE.sub(r"\1****\2", text)


def _beside(compute: Callable[[], T]) -> Callable[[], T]:
    """Start `compute` on a worker thread with its own connection; call the result to wait.

    SQLite runs queries without holding the GIL, so on two cores a long read overlaps the
    others. Inline instead (same result) for an in-memory database, which another connection
    would see empty, and inside a transaction, whose uncommitted rows only this one sees.
    """
    name = str(db.database or "")
    if ":memory:" in name or "mode=memory" in name or db.in_transaction():
        value = compute()
        return lambda: value

    def run() -> T:
        try:
            return compute()
        finally:
            db.close()  # this worker thread's connection

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="monthly-report")
    future = pool.submit(run)
    pool.shutdown(wait=False)
    return future.result


@dataclass(frozen=True, slots=True)
class _Person:
    display_name: str
    real_name: str
    phone: str
    region: str
    source: str


# The first month a report can be made for: the importer refuses orders dated earlier
# (importing.parse.EARLIEST_ORDER).
EARLIEST_MONTH = date(1995, 1, 1)


class _Builder:
    """Collects the figures of one report (one instance per build)."""

    def __init__(self, month: date, today: date, full_contact: bool, language: str) -> None:
        self.lang = normalize_language(language)
        self.words = STRINGS[self.lang]
        self.full = full_contact
        self.today = today
        self.start = month.replace(day=1)
        # Checked before any month arithmetic: 9999-12 has no next month, 0001-01 no year before.
        if self.start > today:
            raise Refused(
                f"The report for {self.start:%Y-%m} cannot be made before the month begins "
                f"(today is {today.isoformat()})."
            )
        if self.start < EARLIEST_MONTH:
            raise Refused(
                f"The report for {self.start.year:04d}-{self.start.month:02d} would be empty: "
                f"no order is dated before "
                f"{EARLIEST_MONTH:%Y-%m}."
            )
        self.end = _add_months(self.start, 1)
        self.as_of = min(self.end - timedelta(days=1), today)
        self.upto = self.as_of + timedelta(days=1)  # exclusive bound of what is counted
        self.prev_start = _add_months(self.start, -1)
        self.prev_as_of = self.start - timedelta(days=1)
        self.ly_start = _add_months(self.start, -12)
        self.ly_end = _add_months(self.start, -11)
        self.partial = today < self.end  # its last day included: the day is not over
        # The KPIs' comparison periods: whole months, or for a running month (to day N) days
        # 1 to N of each (all of a shorter month), so that 22 days are not set against 31.
        self.prev_kpi_as_of = self.prev_as_of
        self.ly_kpi_as_of = self.ly_end - timedelta(days=1)
        if self.partial:
            running = self.as_of - self.start
            self.prev_kpi_as_of = min(self.prev_start + running, self.prev_as_of)
            self.ly_kpi_as_of = min(self.ly_start + running, self.ly_kpi_as_of)
        self.currency = store_currency()
        self.loyalty = analytics.has_tiers()

    # --- helpers ---

    def t(self, key: str, **kw: object) -> str:
        value = self.words[key]
        return value.format(**kw) if kw else value

    def text(self, value: str | None) -> str:
        text = value or ""
        return text if self.full else _scrub(text)

    def people(self, ids: Iterable[int]) -> dict[int, _Person]:
        wanted = sorted({int(i) for i in ids})
        if not wanted:
            return {}
        rows = db.execute_sql(
            "SELECT id, display_name, coalesce(real_name, ''), phone, province, city, address, "
            "source_platform FROM customer WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(wanted)],
        ).fetchall()
        out = {}
        for cid, name, real, phone, province, city, address, source in rows:
            if self.full:
                region = " ".join(p for p in (province, city, address) if p)
                shown_phone = phone or ""
            else:
                region = mask_address(address, province, city)
                shown_phone = mask_phone(phone)
            out[int(cid)] = _Person(
                self.text(name),
                self.text(real),
                shown_phone,
                self.text(region),
                platform_label(source, self.lang),
            )
        return out

    def warned_before(self, info: churn.ChurnInfo) -> bool:
        """Was a customer in churn warning on `as_of` also in warning on the previous month's
        last day? The same rule (churn.is_warning) on the same purchase days: someone in
        warning on `as_of` has not bought for over 30 days, so not during this month (31 days
        at most), and their purchase days up to both dates are the same."""
        if info.last_purchase is None or info.usual_interval is None:
            return False
        days = (self.prev_as_of - info.last_purchase).days
        return churn.is_warning(days, round(2 * info.usual_interval))

    # --- KPIs ---

    def kpis(self) -> tuple[Kpi, ...]:
        periods = [
            (start, as_of + timedelta(days=1), as_of)
            for start, as_of in (
                (self.start, self.as_of),
                (self.prev_start, self.prev_kpi_as_of),
                (self.ly_start, self.ly_kpi_as_of),
            )
        ]
        # `today` = the report's as_of for every period: the figures of a past period do not
        # depend on it, and the analytics snapshot of as_of is needed anyway (one computation).
        sales = [analytics.period_kpis(s, e, today=self.as_of) for s, e, _d in periods]
        points = self.points(periods)
        follow = [self.followups(s, d) for s, _e, d in periods]
        fb = [feedback.satisfaction(s, d) for s, _e, d in periods]

        def row(key: str, kind: str, values: Sequence[int | float | None]) -> Kpi:
            return Kpi(key, self.t("kpi_" + key), kind, values[0], values[1], values[2])

        kpis = [
            row("net_sales", MONEY, [k.net_sales for k in sales]),
            row("orders", COUNT, [k.orders for k in sales]),
            row("purchasing_customers", COUNT, [k.purchasing_customers for k in sales]),
            row("new_customers", COUNT, [k.new_customers for k in sales]),
            row("repurchase_rate", RATE, [k.repurchase_rate for k in sales]),
            row("aov", MONEY, [k.aov for k in sales]),
        ]
        if points is not None:
            for i, key in enumerate(("issued", "redeemed", "expired", "taken_back", "outstanding")):
                kpis.append(row("points_" + key, POINTS, [p[i] for p in points]))
        kpis += [
            row("followups_done", COUNT, [f[0] for f in follow]),
            row("followups_overdue", COUNT, [f[1] for f in follow]),
            row("feedback_received", COUNT, [s.total for s in fb]),
            row("feedback_resolved", COUNT, [s.resolved for s in fb]),
            row("csat", RATE, [s.csat for s in fb]),
        ]
        return tuple(kpis)

    def points(
        self, periods: list[tuple[date, date, date]]
    ) -> list[tuple[int, int, int, int, int]] | None:
        """(issued, redeemed, expired, taken back, outstanding at the end) per period."""
        if not self.loyalty:
            return None
        kinds = (
            "delta > 0",
            "reason = 'redeem'",
            "reason = 'expire'",
            "delta < 0 AND reason NOT IN ('redeem', 'expire')",
        )
        ends = [(as_of + timedelta(days=1)).isoformat() for _s, _e, as_of in periods]
        sums: list[str] = []
        params: list[str] = []
        for (start, _end, _as_of), hi in zip(periods, ends, strict=True):
            for cond in kinds:
                sums.append(f"coalesce(sum(CASE WHEN {cond} AND eff >= ? AND eff < ? "
                            "THEN abs(delta) END), 0)")  # fmt: skip
                params += [start.isoformat(), hi]
        sums += ["coalesce(sum(eff < ?), 0)" for _hi in ends]
        sums.append("count(*)")
        # One plain scan (no grouping) for the flows, and how many entries precede each end.
        # LIMIT -1 keeps SQLite from flattening the subquery, which would copy the day's
        # expression into each of the sums (5x slower).
        row = [int(v) for v in db.execute_sql(
            f"SELECT {', '.join(sums)} FROM (SELECT delta, reason, {_EFF} AS eff "
            "FROM points_entry NOT INDEXED LIMIT -1)", [*params, *ends]
        ).fetchone()]  # fmt: skip
        flows = [row[4 * i : 4 * i + 4] for i in range(len(periods))]
        before, total = row[4 * len(periods) : -1], row[-1]
        balances = None
        out = []
        for i, hi in enumerate(ends):
            if before[i] <= total - before[i]:
                # Few entries before the end: each customer's balance then is their sum.
                at_end = self.ledger_sums(f"{_EFF} < ?", hi)
                outstanding = sum(v for v in at_end.values() if v > 0)
            else:
                # Few entries after it: today's balance minus them (today's balances come from
                # the index (customer_id, …, delta) alone; grouping the whole ledger by
                # customer through the table costs ten times more).
                if balances is None:
                    balances = self.ledger_sums(None, None)
                later = self.ledger_sums(f"{_EFF} >= ?", hi)
                outstanding = sum(max(v - later.get(c, 0), 0) for c, v in balances.items())
            if periods[i][2] >= self.today:
                # The running month: the loyalty service's figure, as the dashboard shows it
                # (it also leaves out points past their last day not yet expired by the job).
                outstanding = loyalty.points_outstanding(self.today)
            out.append((*flows[i], outstanding))
        return out  # type: ignore[return-value]

    @staticmethod
    def ledger_sums(where: str | None, param: str | None) -> dict[int, int]:
        """customer id -> sum of their ledger entries (matching `where`)."""
        if where is None:  # the covering index (customer_id, …, delta) alone
            sql = "SELECT customer_id, sum(delta) FROM points_entry GROUP BY customer_id"
            return {int(c): int(v) for c, v in db.execute_sql(sql).fetchall()}
        # Summed here from one scan: SQLite would sort the rows by customer first (or walk the
        # customer index and read the table once per entry), which takes twice as long.
        sums: dict[int, int] = {}
        get = sums.get
        cursor = db.execute_sql(
            f"SELECT customer_id, delta FROM points_entry NOT INDEXED WHERE {where}", [param]
        )
        for cid, delta in cursor:
            sums[cid] = get(cid, 0) + delta
        return sums

    def followups(self, start: date, as_of: date) -> tuple[int, int]:
        """(done during [start, as_of], overdue at the end of as_of)."""
        lo = start.isoformat()
        day = as_of.isoformat()
        hi = (as_of + timedelta(days=1)).isoformat()
        row = db.execute_sql(
            "SELECT coalesce(sum(status = 'done' AND done_at >= :lo AND done_at < :hi), 0), "
            "coalesce(sum(created_at < :hi AND due < :day AND ("
            "status IN ('open', 'snoozed') "
            "OR (status = 'done' AND done_at >= :hi) "
            "OR (status = 'cancelled' AND updated_at >= :hi))), 0) FROM follow_up",
            {"lo": lo, "hi": hi, "day": day},
        ).fetchone()
        return int(row[0]), int(row[1])

    # --- tables ---

    def month_buyers(self) -> dict[int, tuple[int, int]]:
        """customer id -> (purchases, net) of the month up to as_of."""
        cond, params = purchase_filter("o")
        rows = db.execute_sql(
            f"SELECT o.customer_id, count(*), coalesce(sum({net_sql('o')}), 0) FROM orders o "
            "WHERE o.customer_id IS NOT NULL AND o.ordered_at >= ? AND o.ordered_at < ? "
            f"AND {cond} GROUP BY o.customer_id",
            [self.start.isoformat(), self.upto.isoformat(), *params],
        ).fetchall()
        return {int(c): (int(n), int(net)) for c, n, net in rows}

    def build(self, progress: Callable[[int, int], None]) -> MonthlyReport:
        steps = 6
        progress(0, steps)
        # The churn rhythm of every customer is the slowest part: it runs beside the rest.
        pending_warnings = _beside(lambda: churn.churn_warnings(self.as_of))
        snap = analytics.customer_snapshot(self.as_of)
        progress(1, steps)
        prev_snap = analytics.customer_snapshot(self.prev_as_of)
        progress(2, steps)
        kpis = self.kpis()
        progress(3, steps)
        buyers = self.month_buyers()
        s = self.start.isoformat()
        new_ids = sorted(
            (cid for cid in buyers if snap.first_day(cid) >= s),
            key=lambda cid: (snap.first_day(cid), cid),
        )
        top_ids = sorted(buyers, key=lambda cid: (-buyers[cid][1], -buyers[cid][0], cid))
        top_ids = top_ids[:TOP_CUSTOMERS]
        warnings = pending_warnings()
        progress(4, steps)
        entered = [cid for cid, info in warnings.items() if not self.warned_before(info)]
        changes = self.tier_change_rows()
        people = self.people([*new_ids, *top_ids, *entered, *(r[0] for r in changes)])
        progress(5, steps)

        tables = [
            self.daily_table(),
            self.platform_table(),
            self.tier_table(),
            self.count_table(
                "lifecycle",
                "c_stage",
                [(stage_label(st, self.lang), st) for st in analytics.STAGES],
                snap.stage_counts,
                prev_snap.stage_counts,
            ),
            self.count_table(
                "rfm",
                "c_class",
                [(rfm_label(c, self.lang), c) for c in analytics.RFM_CLASSES],
                snap.class_counts,
                prev_snap.class_counts,
            ),
            self.top_table(top_ids, buyers, people, snap),
            self.churn_table(entered, warnings, people, snap),
            self.tier_changes_table(changes, people),
            self.new_table(new_ids, buyers, people, snap),
        ]
        charts = (
            Chart("daily_sales", self.t("ch_daily_sales"), "line", "daily_sales", "day", "net",
                  MONEY),
            Chart("platforms", self.t("ch_platforms"), "pie", "platforms", "platform", "net",
                  MONEY),
            Chart("tiers", self.t("ch_tiers"), "bar", "tiers", "tier", "customers", COUNT),
            Chart("rfm", self.t("ch_rfm"), "bar", "rfm", "class", "month_end", COUNT),
        )  # fmt: skip
        notes = []
        strings = dict(self.words)
        if self.partial:
            days = f"1-{self.as_of.day}"
            notes.append(self.t("note_partial_compared", as_of=self.as_of.isoformat(), days=days))
            strings["previous_month"] = self.t(
                "previous_month_days", days=f"1-{self.prev_kpi_as_of.day}"
            )
            strings["same_month_last_year"] = self.t(
                "same_month_last_year_days", days=f"1-{self.ly_kpi_as_of.day}"
            )
        notes.append(self.t("note_full") if self.full else self.t("note_masked"))
        if self.currency:
            notes.append(self.t("note_currency", currency=self.currency))
            rates = currency.rates()
            if rates:
                text = ", ".join(
                    f"1 {code} = {rate} {self.currency}" for code, rate in rates.items()
                )
                notes.append(self.t("note_rates", rates=text))
            left_out = currency.uncounted(self.start, self.end)
            if left_out:
                notes.append(
                    self.t(
                        "note_uncounted",
                        orders=sum(u.orders for u in left_out),
                        currencies=", ".join(u.currency for u in left_out),
                    )
                )
        if self.loyalty:
            notes.append(self.t("note_points"))
        notes.append(self.t("note_churn"))
        shop = get_setting("shop_name")
        if self.full:
            log.info("monthly report %s built with full contact details", f"{self.start:%Y-%m}")
        progress(steps, steps)
        return MonthlyReport(
            month=self.start,
            end=self.end,
            as_of=self.as_of,
            previous_month=self.prev_start,
            last_year_month=self.ly_start,
            today=self.today,
            language=self.lang,
            currency=self.currency,
            shop_name=self.text(str(shop)) if shop else "",
            title=self.t("title"),
            month_label=month_label(self.start, self.lang),
            full_contact=self.full,
            partial=self.partial,
            notes=tuple(notes),
            kpis=kpis,
            tables=tuple(tables),
            charts=charts,
            strings=strings,
        )

    def table(
        self,
        key: str,
        columns: Sequence[tuple[str, str, str]],
        rows: Iterable[Sequence[Any]],
        *,
        title: str | None = None,
        in_pdf: bool = True,
    ) -> Table:
        return Table(
            key=key,
            title=title or self.t("t_" + key),
            sheet=self.t("s_" + key)[:31],
            columns=tuple(Column(k, self.t(label), kind) for k, label, kind in columns),
            rows=tuple(tuple(r) for r in rows),
            empty_text=self.t("empty"),
            in_pdf=in_pdf,
        )

    def daily_table(self) -> Table:
        points = analytics.daily_net_sales(self.start.year, self.start.month)
        rows = [(p.day, p.orders, p.net_sales) for p in points if p.day <= self.as_of]
        cols = [("day", "c_day", DATE), ("orders", "c_orders", COUNT), ("net", "c_net", MONEY)]
        return self.table("daily_sales", cols, rows, in_pdf=False)

    def platform_table(self) -> Table:
        groups = analytics.by_platform(self.start, self.upto)
        rows = [(platform_label(g.key, self.lang), g.customers, g.orders, g.net_sales)
                for g in groups]  # fmt: skip
        cols = [
            ("platform", "c_platform", TEXT),
            ("customers", "c_customers", COUNT),
            ("orders", "c_orders", COUNT),
            ("net", "c_net", MONEY),
        ]
        return self.table("platforms", cols, rows)

    def tier_name(self, name: str) -> str:
        return tier_label(name, self.lang)

    def tier_counts(self) -> list[tuple[str, int]]:
        if not self.loyalty:
            return []
        if self.as_of >= self.today:
            return [(t.name, t.customers) for t in analytics.customers_by_tier()]
        from desktop_crm.services import loyalty_tiers  # optional schema, as analytics does

        tiers = loyalty_tiers.list_tiers()
        known = {t.id for t in tiers}
        cond, params = purchase_filter("o")
        upto = self.upto.isoformat()
        existed, args = analytics.existed_by("c", self.upto)  # not those who came later
        rows = db.execute_sql(
            "WITH last AS (SELECT customer_id, to_tier_id FROM (SELECT customer_id, to_tier_id, "
            "row_number() OVER (PARTITION BY customer_id ORDER BY changed_at DESC, id DESC) AS rn "
            "FROM tier_change WHERE changed_at < ?) WHERE rn = 1), "
            f"spend AS (SELECT o.customer_id, sum({net_sql('o')}) AS s FROM orders o "
            "WHERE o.customer_id IS NOT NULL AND o.ordered_at >= ? AND o.ordered_at < ? "
            f"AND {cond} GROUP BY o.customer_id) "
            "SELECT l.to_tier_id, coalesce(sp.s, 0) FROM customer c "
            "LEFT JOIN last l ON l.customer_id = c.id LEFT JOIN spend sp ON sp.customer_id = c.id "
            f"WHERE {existed}",
            [upto, loyalty_tiers.spend_start(self.as_of).isoformat(), upto, *params, *args],
        ).fetchall()
        counts: dict[int, int] = {}
        for recorded, spend in rows:
            if recorded is None:
                # No change recorded by then (history imported later): the tier the spend of
                # the 365 days to that day gives, as lifecycle and RFM are recomputed.
                tier_id = [t.id for t in tiers if t.threshold <= int(spend)][-1]
            else:
                tier_id = int(recorded) if int(recorded) in known else tiers[0].id
            counts[tier_id] = counts.get(tier_id, 0) + 1
        return [(t.name, counts.get(t.id, 0)) for t in tiers]

    def tier_table(self) -> Table:
        rows = [(self.tier_name(name), n) for name, n in self.tier_counts()]
        cols = [("tier", "c_tier", TEXT), ("customers", "c_customers", COUNT)]
        return self.table("tiers", cols, rows)

    def count_table(
        self,
        key: str,
        label: str,
        names: list[tuple[str, str]],
        now: dict[str, int],
        before: dict[str, int],
    ) -> Table:
        rows = [
            (shown, now.get(code, 0), before.get(code, 0), now.get(code, 0) - before.get(code, 0))
            for shown, code in names
        ]
        cols = [
            ("class" if key == "rfm" else "stage", label, TEXT),
            ("month_end", "c_month_end", COUNT),
            ("prev_month_end", "c_prev_month_end", COUNT),
            ("change", "c_change", DELTA),
        ]
        return self.table(key, cols, rows)

    def person_columns(self) -> list[tuple[str, str, str]]:
        return [
            ("customer", "c_customer", TEXT),
            ("real_name", "c_real_name", TEXT),
            ("phone", "c_phone", TEXT),
            ("region", "c_address" if self.full else "c_region", TEXT),
        ]

    @staticmethod
    def person(p: _Person | None) -> tuple[str, str, str, str]:
        if p is None:  # deleted meanwhile
            return ("", "", "", "")
        return (p.display_name, p.real_name, p.phone, p.region)

    def top_table(
        self,
        ids: list[int],
        buyers: dict[int, tuple[int, int]],
        people: dict[int, _Person],
        snap: analytics.Snapshot,
    ) -> Table:
        rows = []
        for rank, cid in enumerate(ids, 1):
            rfm = snap.get(cid)
            n, net = buyers[cid]
            rows.append((rank, *self.person(people.get(cid)), n, net, rfm.net if rfm else None))
        cols = [
            ("rank", "c_rank", COUNT),
            *self.person_columns(),
            ("orders", "c_orders_month", COUNT),
            ("net", "c_net_month", MONEY),
            ("clv", "c_clv", MONEY),
        ]
        return self.table(
            "top_customers", cols, rows, title=self.t("t_top_customers", n=TOP_CUSTOMERS)
        )

    def churn_table(
        self,
        ids: list[int],
        warnings: dict[int, churn.ChurnInfo],
        people: dict[int, _Person],
        snap: analytics.Snapshot,
    ) -> Table:
        rows = []
        for cid in ids:
            info = warnings[cid]
            rfm = snap.get(cid)
            rows.append(
                (
                    *self.person(people.get(cid)),
                    info.last_purchase,
                    info.days_since_last,
                    info.usual_interval,
                    rfm.purchases if rfm else None,
                    rfm.net if rfm else None,
                )
            )
        rows.sort(key=lambda r: (-(r[8] or 0), r[0]))  # the most valuable first
        cols = [
            *self.person_columns(),
            ("last_purchase", "c_last_purchase", DATE),
            ("days_since", "c_days_since", COUNT),
            ("usual_interval", "c_usual_interval", DAYS),
            ("purchases", "c_purchases", COUNT),
            ("clv", "c_clv", MONEY),
        ]
        return self.table("churn_entered", cols, rows)

    def tier_change_rows(self) -> list[tuple[Any, ...]]:
        if not self.loyalty:
            return []
        return db.execute_sql(
            "SELECT customer_id, changed_at, from_name, to_name, spend, currency, reason, manual "
            "FROM tier_change WHERE changed_at >= ? AND changed_at < ? ORDER BY changed_at, id",
            [self.start.isoformat(), self.upto.isoformat()],
        ).fetchall()

    def tier_changes_table(
        self, changes: list[tuple[Any, ...]], people: dict[int, _Person]
    ) -> Table:
        rows = []
        for cid, at, old, new, spend, code, reason, manual in changes:
            p = people.get(int(cid))
            when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
            rows.append(
                (
                    when,
                    p.display_name if p else "",
                    p.real_name if p else "",
                    self.tier_name(old or ""),
                    self.tier_name(new or ""),
                    None if spend is None else Amount(int(spend), code or self.currency),
                    self.text(tier_reason(reason or "", self.lang)),
                    bool(manual),
                )
            )
        cols = [
            ("changed_at", "c_changed_at", DATETIME),
            ("customer", "c_customer", TEXT),
            ("real_name", "c_real_name", TEXT),
            ("from", "c_from", TEXT),
            ("to", "c_to", TEXT),
            ("spend", "c_spend", MONEY),
            ("reason", "c_reason", TEXT),
            ("manual", "c_manual", TEXT),
        ]
        return self.table("tier_changes", cols, rows)

    def new_table(
        self,
        ids: list[int],
        buyers: dict[int, tuple[int, int]],
        people: dict[int, _Person],
        snap: analytics.Snapshot,
    ) -> Table:
        rows = []
        for cid in ids:
            p = people.get(cid)
            n, net = buyers[cid]
            rows.append(
                (
                    *self.person(p),
                    p.source if p else "",
                    date.fromisoformat(snap.first_day(cid)),
                    n,
                    net,
                )
            )
        cols = [
            *self.person_columns(),
            ("source", "c_source", TEXT),
            ("first_purchase", "c_first_purchase", DATE),
            ("orders", "c_orders_month", COUNT),
            ("net", "c_net_month", MONEY),
        ]
        return self.table("new_customers", cols, rows)


def first_order_month() -> date | None:
    """The month of the earliest order (the report picker goes back to it), or None."""
    row = db.execute_sql("SELECT min(ordered_at) FROM orders").fetchone()
    if not row or row[0] is None:
        return None
    return max(date.fromisoformat(str(row[0])[:7] + "-01"), EARLIEST_MONTH)


def _no_progress(done: int, total: int) -> None:
    pass


def build_monthly_report(
    month: date,
    *,
    today: date,
    full_contact: bool = False,
    language: str = "en",
    progress: Callable[[int, int], None] = _no_progress,
) -> MonthlyReport:
    """Everything the monthly report of `month` shows, as it stands on `today`.

    Reads only (a read-only database will do). A few seconds on 1M orders: run it off the GUI
    thread (views/jobs.py).

    Args:
        month: any day of the month (normally its first day).
        today: the day the report is made; a running month is reported up to it.
        full_contact: show full phone numbers and addresses (the report then says so).
        language: "en" or "zh_CN" (other values: the closest of the two).
        progress: called with (steps done, steps).

    Raises:
        Refused: the month begins after `today`, or before EARLIEST_MONTH.
    """
    return _Builder(month, today, full_contact, language).build(progress)
