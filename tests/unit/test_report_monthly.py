"""The monthly customer report: numbers against a hand-computed shop, Excel and PDF outputs.

The shop is imported from real Taobao export files (samples.write_export + engine.import_file)
with the loyalty reaction hooked in, as it will be when wired. Month under test: October 2026,
compared with September 2026 and October 2025; today is 2026-11-22.

Orders (all Taobao, CNY; "c" completed, "p" paid, "s" shipped, "r" refunded):
  amy  2025-10-10 100 c | 2026-09-05 200 c | 2026-10-03 300 c
  bob  2026-10-15  50 c | 2026-10-20  70 p                        (new in October)
  cat  2026-09-10  80 c | 2026-10-25 120 s, 20 refunded           (new in September)
  dan  2026-10-12 500 r                                           (no purchase: prospect)
  eve  2026-10-31 23:00 40 c                                       (new in October)
  fay  2026-11-02  60 c                                           (after the month)
  gus  2026-06-01, 06-20, 07-10, 50 c each                        (in churn warning since Aug)
  hal  2026-09-01, 09-15, 30 c each                               (enters churn warning in Oct)
  ivy  2025-10-20  60 c                                           (new in October 2025)
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.db import db
from desktop_crm.errors import DiskFull, Refused
from desktop_crm.models import Customer
from desktop_crm.reports import charts, monthly_excel, monthly_pdf, xlsx
from desktop_crm.reports.monthly import (
    MONEY,
    RATE,
    MonthlyReport,
    _scrub,
    build_monthly_report,
    change,
    format_change,
    format_value,
)
from desktop_crm.services import analytics, churn, effects, feedback, followups, loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.money import format_money

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
OCTOBER = date(2026, 10, 1)
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
HAS_POPPLER = shutil.which("pdftotext") is not None
needs_poppler = pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils not installed")

_PHONES = {
    "amy": "13800000001",
    "bob": "13900000002",
    "cat": "15000000003",
    "dan": "18600000004",
    "eve": "17700000005",
    "fay": "13600000006",
    "gus": "13700000007",
    "hal": "15800000008",
    "ivy": "18900000009",
}
_REAL = {"amy": "王芳", "bob": "李强", "cat": "张敏", "dan": "刘洋", "eve": "陈静",
         "fay": "杨磊", "gus": "赵勇", "hal": "黄丽", "ivy": "周杰"}  # fmt: skip

# (buyer, ordered at, yuan, status, refunded yuan)
ORDERS = [
    ("amy", datetime(2025, 10, 10, 12), 100, "completed", 0),
    ("amy", datetime(2026, 9, 5, 12), 200, "completed", 0),
    ("amy", datetime(2026, 10, 3, 12), 300, "completed", 0),
    ("bob", datetime(2026, 10, 15, 12), 50, "completed", 0),
    ("bob", datetime(2026, 10, 20, 12), 70, "paid", 0),
    ("cat", datetime(2026, 9, 10, 12), 80, "completed", 0),
    ("cat", datetime(2026, 10, 25, 12), 120, "shipped", 20),
    ("dan", datetime(2026, 10, 12, 12), 500, "refunded", 500),
    ("eve", datetime(2026, 10, 31, 23), 40, "completed", 0),
    ("fay", datetime(2026, 11, 2, 12), 60, "completed", 0),
    ("gus", datetime(2026, 6, 1, 12), 50, "completed", 0),
    ("gus", datetime(2026, 6, 20, 12), 50, "completed", 0),
    ("gus", datetime(2026, 7, 10, 12), 50, "completed", 0),
    ("hal", datetime(2026, 9, 1, 12), 30, "completed", 0),
    ("hal", datetime(2026, 9, 15, 12), 30, "completed", 0),
    ("ivy", datetime(2025, 10, 20, 12), 60, "completed", 0),
]


def parsed(n: int, buyer: str, at: datetime, yuan: int, status: str, refunded: int,
           *, phone: str | None = None, real: str | None = None) -> ParsedOrder:  # fmt: skip
    paid = yuan * 100
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + n), ordered_at=at,
        status=status, paid=paid, refunded=refunded * 100, currency="CNY",
        paid_at=at if status != "pending" else None,
        completed_at=at + timedelta(days=3) if status == "completed" else None,
        buyer_key=buyer, buyer_name=buyer, real_name=real or _REAL.get(buyer, "顾客"),
        phone=phone or _PHONES.get(buyer), province="浙江省", city="杭州市",
        address=f"文一西路{n}号", item_summary="手工皂",
        items=[ParsedItem("手工皂", quantity=1, price=paid)],
    )  # fmt: skip


def import_orders(folder: Path, orders: list[ParsedOrder], name: str) -> None:
    path = write_export("taobao", orders, folder / f"ExportOrderList{name}.csv")
    receipt = engine.import_file(path, now=NOW)
    assert receipt.rejected == [], receipt.rejected


@pytest.fixture
def hooked(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty shop whose imports run the loyalty reaction (points, tiers)."""
    original = effects.orders_changed

    def both(customer_ids, *, today, now, **kw):  # type: ignore[no-untyped-def]
        original(customer_ids, today=today, now=now, **kw)
        loyalty.orders_changed(customer_ids, today=today, now=now)

    monkeypatch.setattr(effects, "orders_changed", both)
    analytics.clear_cache()
    return db_path


def cid(name: str) -> int:
    return int(Customer.get(Customer.display_name == name).id)


@dataclass
class Shop:
    folder: Path


@pytest.fixture
def shop(hooked: Path, tmp_path: Path) -> Shop:
    import_orders(tmp_path, [parsed(i, *o) for i, o in enumerate(ORDERS)], "202611221000")
    # bob is put in Gold by hand on 5 October (a recorded tier change in the month).
    gold = next(t for t in loyalty.list_tiers() if t.name == "Gold")
    loyalty.set_tier_override(
        cid("bob"), gold.id, reason="VIP 13912345678", until=None,
        today=date(2026, 10, 5), now=datetime(2026, 10, 5, 9, 0),
    )  # fmt: skip
    # ivy got 40 points by hand in November 2024 (last valid day 2025-12-31); the expiry job
    # only ran on 10 February 2026: they count as expired on 1 January.
    loyalty.adjust_points(cid("ivy"), 40, note="welcome gift", today=date(2024, 11, 15),
                          now=datetime(2024, 11, 15, 9))  # fmt: skip
    loyalty.expire_points(today=date(2026, 2, 10), now=datetime(2026, 2, 10, 9))
    # amy redeems 100 points on 20 October.
    loyalty.redeem_points(cid("amy"), 100, today=date(2026, 10, 20), now=datetime(2026, 10, 20, 9))

    def followup(who: str, due: date, created: date) -> int:
        return followups.create_followup(
            followups.FollowUpInput(
                cid(who), f"call {who}", datetime.combine(due, datetime.min.time())
            ),
            now=datetime.combine(created, datetime.min.time()),
        )

    f1 = followup("amy", date(2026, 10, 10), date(2026, 10, 1))
    followup("bob", date(2026, 10, 20), date(2026, 10, 1))  # open: overdue at October's end
    followup("cat", date(2026, 10, 31), date(2026, 10, 1))  # due on the last day: not overdue
    f4 = followup("eve", date(2026, 9, 25), date(2026, 9, 20))  # overdue at September's end
    followups.complete([f1], now=datetime(2026, 10, 12, 10))
    followups.complete([f4], now=datetime(2026, 10, 2, 10))

    def fb(who: str, kind: str, rating: int | None, at: datetime) -> int:
        return feedback.log_feedback(
            feedback.FeedbackInput(cid(who), kind, f"{kind} from {who}", rating=rating), now=at
        )

    b1 = fb("amy", "praise", 5, datetime(2026, 10, 5, 10))
    fb("bob", "inquiry", 2, datetime(2026, 10, 10, 10))
    fb("cat", "suggestion", 4, datetime(2026, 10, 20, 10))
    b4 = fb("eve", "inquiry", None, datetime(2026, 9, 28, 10))
    feedback.resolve(b1, "thanked", now=datetime(2026, 10, 6, 10))
    feedback.resolve(b4, "answered", now=datetime(2026, 10, 3, 10))
    analytics.clear_cache()
    return Shop(tmp_path)


@pytest.fixture
def report(shop: Shop) -> MonthlyReport:
    return build_monthly_report(OCTOBER, today=TODAY)


# --- the numbers ----------------------------------------------------------------------------


def kpi(report: MonthlyReport, key: str) -> tuple[object, object, object]:
    k = report.kpi(key)
    return k.current, k.previous, k.last_year


def test_sales_kpis_are_hand_computed(report: MonthlyReport) -> None:
    assert (report.month, report.as_of, report.partial) == (OCTOBER, date(2026, 10, 31), False)
    assert (report.previous_month, report.last_year_month) == (date(2026, 9, 1), date(2025, 10, 1))
    assert kpi(report, "net_sales") == (56000, 34000, 16000)
    assert kpi(report, "orders") == (5, 4, 2)
    assert kpi(report, "purchasing_customers") == (4, 3, 2)
    assert kpi(report, "new_customers") == (2, 2, 2)
    assert kpi(report, "repurchase_rate") == (0.75, pytest.approx(2 / 3), 0.0)
    assert kpi(report, "aov") == (11200, 8500, 8000)
    net = report.kpi("net_sales")
    assert net.change_vs_previous == pytest.approx(22000 / 34000)
    assert net.change_vs_last_year == pytest.approx(2.5)
    rate = report.kpi("repurchase_rate")
    assert rate.change_vs_previous == pytest.approx(0.75 - 2 / 3)  # percentage points
    assert format_change(rate.change_vs_previous, RATE, report) == "+8.3 pp"
    assert format_value(net.current, MONEY, report) == "¥560.00"


def test_points_followups_feedback_kpis(report: MonthlyReport) -> None:
    # Points are dated by the order date: October's completed orders earn 300 + 50 + 40.
    assert kpi(report, "points_issued") == (390, 340, 160)
    assert kpi(report, "points_redeemed") == (100, 0, 0)
    assert kpi(report, "points_expired") == (0, 0, 0)
    assert kpi(report, "points_taken_back") == (0, 0, 0)
    # Everything earned by each period's end (fay's November order not yet), less the redemption;
    # in October 2025 ivy still had her 40 gift points.
    assert kpi(report, "points_outstanding") == (1040 - 100, 650, 160 + 40)
    assert kpi(report, "followups_done") == (2, 0, 0)
    assert kpi(report, "followups_overdue") == (1, 1, 0)
    assert kpi(report, "feedback_received") == (3, 1, 0)
    assert kpi(report, "feedback_resolved") == (2, 0, 0)
    assert kpi(report, "csat") == (pytest.approx(2 / 3), None, None)
    assert report.kpi("csat").change_vs_previous is None


def test_points_expire_on_their_day_not_when_the_job_ran(shop: Shop) -> None:
    january = build_monthly_report(date(2026, 1, 1), today=TODAY)
    december = build_monthly_report(date(2025, 12, 1), today=TODAY)
    assert january.kpi("points_expired").current == 40
    assert january.kpi("points_outstanding").previous == december.kpi(
        "points_outstanding").current == 160 + 40  # fmt: skip
    assert january.kpi("points_outstanding").current == 160 - 0  # amy 100 + ivy 60
    assert december.kpi("points_expired").current == 0


def test_lifecycle_and_rfm_at_month_end(report: MonthlyReport) -> None:
    life = {r[0]: r[1:] for r in report.table("lifecycle").rows}
    assert life == {
        # dan | nobody: bob, dan, eve and fay were no customers on 30 September (first order
        # later, all imported in November), nor was fay on 31 October.
        "Prospect": (1, 0, 1),
        "New": (2, 2, 0),  # bob, eve | cat, hal
        "Active": (3, 2, 1),  # amy, cat, hal | amy, gus
        "Sleeping": (1, 0, 1),  # gus
        "Lost": (1, 1, 0),  # ivy
    }
    rfm = {r[0]: r[1] for r in report.table("rfm").rows}
    # Means on 31 October over 7 buyers: R 580/7 days, F 2, M ¥1,210/7.
    assert rfm == {
        "Important value": 2,  # amy, cat
        "Important to develop": 0,
        "Important to keep": 0,
        "Important to win back": 0,
        "General value": 2,  # bob, hal
        "General to develop": 1,  # eve
        "General to keep": 1,  # gus
        "General to win back": 1,  # ivy
    }
    for row in report.table("rfm").rows:
        assert row[3] == row[1] - row[2]


def test_customer_tables(report: MonthlyReport) -> None:
    top = report.table("top_customers")
    assert [(r[1], r[5], r[6], r[7]) for r in top.rows] == [
        ("amy", 1, 30000, 60000),
        ("bob", 2, 12000, 12000),
        ("cat", 1, 10000, 18000),
        ("eve", 1, 4000, 4000),
    ]
    assert [r[0] for r in top.rows] == [1, 2, 3, 4]
    new = report.table("new_customers")
    assert [(r[0], r[5], r[6], r[7]) for r in new.rows] == [
        ("bob", date(2026, 10, 15), 2, 12000),
        ("eve", date(2026, 10, 31), 1, 4000),
    ]
    assert new.rows[0][1:5] == ("李强", "139****0002", "浙江省 杭州市", "Taobao/Tmall")
    churned = report.table("churn_entered")
    assert [r[:1] + r[4:] for r in churned.rows] == [("hal", date(2026, 9, 15), 46, 14.0, 2, 6000)]
    changes = report.table("tier_changes")
    assert [(r[1], r[3], r[4], r[7]) for r in changes.rows] == [("bob", "Member", "Gold", True)]
    assert changes.rows[0][6].endswith("VIP 139****5678")  # a phone inside a text is masked
    # Nine customers, fay not yet on 31 October.
    assert report.table("tiers").rows == (("Member", 7), ("Silver", 0), ("Gold", 1), ("Diamond", 0))
    assert report.table("platforms").rows == (("Taobao/Tmall", 4, 5, 56000),)
    daily = report.table("daily_sales")
    assert len(daily.rows) == 31
    assert sum(r[2] for r in daily.rows) == 56000
    assert daily.rows[24] == (date(2026, 10, 25), 1, 10000)


def test_entered_churn_warning_is_churn_py_at_both_month_ends(shop: Shop) -> None:
    for month in (date(2026, 8, 1), date(2026, 9, 1), OCTOBER, date(2026, 11, 1)):
        r = build_monthly_report(month, today=TODAY)
        prev_end = month - timedelta(days=1)
        expected = churn.churn_warning_ids(r.as_of) - churn.churn_warning_ids(prev_end)
        names = {row[0] for row in r.table("churn_entered").rows}
        assert names == {Customer.get_by_id(c).display_name for c in expected}, month
    # gus lapsed in August (usual gap 19.5 days: warned after 30), hal in October.
    assert {row[0] for row in build_monthly_report(date(2026, 8, 1), today=TODAY)
            .table("churn_entered").rows} == {"gus"}  # fmt: skip


def test_progress_is_reported(shop: Shop) -> None:
    seen: list[tuple[int, int]] = []
    build_monthly_report(OCTOBER, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_tiers_come_from_history_for_a_past_month(shop: Shop) -> None:
    september = build_monthly_report(date(2026, 9, 1), today=TODAY)
    assert dict(september.table("tiers").rows)["Gold"] == 0  # bob went Gold on 5 October
    assert september.table("tier_changes").rows == ()


def test_running_month_stops_at_today(shop: Shop) -> None:
    r = build_monthly_report(date(2026, 11, 15), today=TODAY)
    assert (r.month, r.as_of, r.partial) == (date(2026, 11, 1), TODAY, True)
    assert any("2026-11-22" in n for n in r.notes)
    assert len(r.table("daily_sales").rows) == 22
    assert [row[0] for row in r.table("new_customers").rows] == ["fay"]
    # Compared like for like: 1-22 November with 1-22 October and 1-22 November 2025, not
    # with the whole of October (whose last 9 days hold 16,000 of its 56,000).
    assert kpi(r, "net_sales") == (6000, 42000, 0)
    assert kpi(r, "orders") == (1, 3, 0)  # a whole refund is no purchase
    assert (r.text("previous_month"), r.text("same_month_last_year")) == (
        "Previous month, days 1-22",
        "Same month last year, days 1-22",
    )
    assert any("the same days (1-22)" in n for n in r.notes), r.notes
    chinese = build_monthly_report(date(2026, 11, 15), today=TODAY, language="zh_CN")
    assert chinese.text("previous_month") == "上月同期（1-22 日）"
    assert r.kpi("points_outstanding").current == loyalty.points_outstanding(TODAY) == 1000
    # The current month's tiers are those in force today.
    assert dict(r.table("tiers").rows) == {
        t.name: t.customers for t in analytics.customers_by_tier()
    }


def test_a_running_month_longer_than_the_previous_compares_with_all_of_it(shop: Shop) -> None:
    # 1-30 March against the whole of February (28 days), not against days that do not exist.
    r = build_monthly_report(date(2027, 3, 1), today=date(2027, 3, 30))
    assert r.text("previous_month") == "Previous month, days 1-28"
    assert r.text("same_month_last_year") == "Same month last year, days 1-30"
    whole = build_monthly_report(date(2027, 2, 1), today=date(2027, 3, 30))
    assert whole.text("previous_month") == "Previous month" and not whole.partial
    assert r.kpi("net_sales").previous == whole.kpi("net_sales").current


def test_the_last_day_of_a_month_is_still_running(shop: Shop) -> None:
    # On 30 November the month is not over: days 1-30 of October, not all 31 of them, as the
    # Reports page's "(so far)" says.
    r = build_monthly_report(date(2026, 11, 1), today=date(2026, 11, 30))
    assert (r.as_of, r.partial) == (date(2026, 11, 30), True)
    assert r.text("previous_month") == "Previous month, days 1-30"
    october_to_30 = build_monthly_report(date(2026, 10, 1), today=date(2026, 10, 30))
    assert r.kpi("net_sales").previous == october_to_30.kpi("net_sales").current
    assert not build_monthly_report(date(2026, 11, 1), today=date(2026, 12, 1)).partial


def test_a_month_not_yet_begun_is_refused(shop: Shop) -> None:
    with pytest.raises(Refused):
        build_monthly_report(date(2026, 12, 1), today=TODAY)
    # The calendar's ends: refused as well, not a ValueError from the month arithmetic.
    with pytest.raises(Refused, match="cannot be made before the month begins"):
        build_monthly_report(date(9999, 12, 1), today=TODAY)
    with pytest.raises(Refused, match="0001-06 would be empty: no order is dated before 1995-01"):
        build_monthly_report(date(1, 6, 1), today=TODAY)
    from desktop_crm.reports.monthly import EARLIEST_MONTH
    from desktop_crm.services.importing.parse import EARLIEST_ORDER

    assert EARLIEST_MONTH == EARLIEST_ORDER.date()
    assert build_monthly_report(date(1995, 1, 1), today=TODAY).kpi("net_sales").current == 0


def test_contact_details_masked_unless_asked(shop: Shop) -> None:
    masked = build_monthly_report(OCTOBER, today=TODAY)
    full = build_monthly_report(OCTOBER, today=TODAY, full_contact=True)
    row = masked.table("new_customers").rows[0]
    assert (row[2], row[3]) == ("139****0002", "浙江省 杭州市")
    row = full.table("new_customers").rows[0]
    assert row[2] == "13900000002" and row[3].startswith("浙江省 杭州市 ") and "文一西路" in row[3]
    assert full.full_contact and any("FULL contact" in n for n in full.notes)
    assert not any("FULL contact" in n for n in masked.notes)
    for table in masked.tables:
        for r in table.rows:
            assert not any(MOBILE.search(v) for v in r if isinstance(v, str)), r


def test_chinese_labels(shop: Shop) -> None:
    r = build_monthly_report(OCTOBER, today=TODAY, language="zh_CN")
    assert (r.language, r.title, r.month_label) == ("zh_CN", "月度客户报告", "2026年10月")
    assert r.kpi("net_sales").label == "净销售额"
    assert r.table("rfm").rows[0][0] == "重要价值客户"
    assert r.table("platforms").rows[0][0] == "淘宝/天猫"
    assert dict(r.table("tiers").rows)["金卡会员"] == 1
    assert build_monthly_report(OCTOBER, today=TODAY, language="zh").language == "zh_CN"
    path = monthly_excel.write_monthly_excel(r, shop.folder / "zh.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["概览", "每日销售", "平台"]
    assert wb["概览"]["A1"].value == "月度客户报告 — 2026年10月"
    assert build_monthly_report(OCTOBER, today=TODAY, language="fr").language == "en"


def test_empty_shop_makes_a_report(db_path: Path, tmp_path: Path) -> None:
    r = build_monthly_report(OCTOBER, today=TODAY)
    assert kpi(r, "net_sales") == (0, 0, 0) and kpi(r, "aov") == (None, None, None)
    assert all(t.rows == () for t in r.tables if t.key not in ("daily_sales", "lifecycle",
                                                               "rfm", "tiers"))  # fmt: skip
    monthly_excel.write_monthly_excel(r, tmp_path / "empty.xlsx")
    monthly_pdf.write_monthly_pdf(r, tmp_path / "empty.pdf")
    assert (tmp_path / "empty.pdf").read_bytes().startswith(b"%PDF")


@given(st.text(alphabet="0123456789 13-9x+", max_size=40))
def test_scrub_leaves_no_mobile_number(text: str) -> None:
    assert not MOBILE.search(_scrub(text))


@pytest.mark.parametrize(
    "current, other, kind, expected",
    [(150, 100, MONEY, 0.5), (50, 0, MONEY, None), (None, 3, MONEY, None), (0.5, 0.25, RATE, 0.25)],
)
def test_change(current: float | None, other: float, kind: str, expected: float | None) -> None:
    assert change(current, other, kind) == expected


# --- Excel ----------------------------------------------------------------------------------


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xml")}


def test_excel_workbook(report: MonthlyReport, tmp_path: Path) -> None:
    path = monthly_excel.write_monthly_excel(report, tmp_path / "october.xlsx")
    assert path == tmp_path / "october.xlsx"
    xml = sheet_xml(path)
    assert sorted(n for n in xml if n.startswith("xl/charts/chart")) == [
        f"xl/charts/chart{i}.xml" for i in range(1, 5)
    ]
    assert any("<lineChart>" in x for x in xml.values())
    assert any("<pieChart>" in x for x in xml.values())
    for name, text in xml.items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in text and 't="e"' not in text, name
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Summary", "Daily sales", "Platforms", "Tiers", "Lifecycle", "RFM", "Top customers",
        "Churn warnings", "Tier changes", "New customers",
    ]  # fmt: skip
    summary = wb["Summary"]
    rows = {r[0].value: r for r in summary.iter_rows() if r[0].value}
    net = rows["Net sales"]
    assert [c.value for c in net[1:]] == [560, 340, pytest.approx(22000 / 34000), 160, 2.5]
    assert net[1].number_format.startswith('"¥"#,##0.00')
    assert rows["Repurchase rate"][1].number_format == "0.0%"
    assert rows["Repurchase rate"][3].value == pytest.approx(100 * (0.75 - 2 / 3))
    assert rows["CSAT (rated 4-5)"][2].value == "—"
    assert summary.freeze_panes is not None
    new = wb["New customers"]
    assert new.freeze_panes == "A3" and new.auto_filter.ref == "A2:H4"
    assert [c.value for c in new[2]][:4] == ["Customer", "Name", "Phone", "Region"]
    bob = [c for c in new[3]]
    assert [c.value for c in bob[:3]] == ["bob", "李强", "139****0002"]
    assert bob[7].value == 120 and bob[7].number_format.startswith('"¥"')
    assert bob[5].value == datetime(2026, 10, 15) and bob[5].number_format == "yyyy-mm-dd"
    assert new.column_dimensions["A"].width >= 8


def test_tier_changes_keep_the_currency_they_were_recorded_in(shop: Shop, tmp_path: Path) -> None:
    # bob's change of 5 October was recorded in a yuan store; it became a dollar store since.
    spend = int(db.execute_sql("SELECT spend FROM tier_change").fetchone()[0])
    effects.set_store_currency("USD", {"CNY": "0.14"}, today=TODAY, now=datetime(2026, 11, 22))
    report = build_monthly_report(OCTOBER, today=TODAY)
    changes = report.table("tier_changes")
    assert format_value(changes.rows[0][5], MONEY, report) == format_money(spend, "CNY")
    assert report.currency == "USD" and format_money(spend, "CNY").startswith("¥")
    path = monthly_excel.write_monthly_excel(report, tmp_path / "october.xlsx")
    cell = openpyxl.load_workbook(path)["Tier changes"]["F3"]
    assert cell.value == Decimal(spend) / 100 and cell.number_format.startswith('"¥"')
    monthly_pdf.write_monthly_pdf(report, tmp_path / "october.pdf")  # it lays the cell out


def test_tier_changes_recorded_before_the_upgrade_are_in_the_store_currency(
    shop: Shop, db_path: Path
) -> None:
    from desktop_crm import db as dbmod

    db.execute_sql("ALTER TABLE tier_change DROP COLUMN currency")  # as version 17 had it
    db.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name LIKE '0018%'")
    db.execute_sql("PRAGMA user_version = 17")
    dbmod.close_database()
    dbmod.open_database(db_path)
    assert dbmod.pending_migrations() == []
    assert db.execute_sql("SELECT DISTINCT currency FROM tier_change").fetchall() == [("CNY",)]


def test_excel_text_is_never_a_formula(hooked: Path, tmp_path: Path) -> None:
    hostile = ["=1+2", "@SUM(A1)", "+86 138", "#N/A", "-2"]
    orders = [
        parsed(
            i,
            name,
            datetime(2026, 10, 2 + i, 12),
            10 + i,
            "completed",
            0,
            phone="13800138000",
            real=name,
        )  # fmt: skip
        for i, name in enumerate(hostile)
    ]
    import_orders(tmp_path, orders, "202611221001")
    r = build_monthly_report(OCTOBER, today=TODAY)
    shown = [row[0] for row in r.table("new_customers").rows]
    assert sorted(shown) == sorted(hostile)
    path = monthly_excel.write_monthly_excel(r, tmp_path / "hostile.xlsx")
    for name, text in sheet_xml(path).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in text and 't="e"' not in text
    ws = openpyxl.load_workbook(path)["New customers"]
    cells = [ws.cell(row=i, column=1) for i in range(3, 3 + len(hostile))]
    assert sorted(c.value for c in cells) == sorted(hostile)
    assert {c.data_type for c in cells} == {"s"}


def test_outputs_clean_control_characters_and_giant_text(
    report: MonthlyReport, tmp_path: Path
) -> None:
    import dataclasses

    table = report.table("new_customers")
    odd = ['=HYPERLINK("http://x")', "#REF!", "a\x01b", "y" * 40_000, "普通文本"]
    rows = tuple((name, *table.rows[0][1:]) for name in odd)
    tables = tuple(dataclasses.replace(t, rows=rows) if t is table else t for t in report.tables)
    odd_report = dataclasses.replace(report, tables=tables)
    path = monthly_excel.write_monthly_excel(odd_report, tmp_path / "odd.xlsx")
    pdf = monthly_pdf.write_monthly_pdf(odd_report, tmp_path / "odd.pdf")  # a cut, paged row
    assert pdf.read_bytes().startswith(b"%PDF")
    for name, text in sheet_xml(path).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in text and 't="e"' not in text
    ws = openpyxl.load_workbook(path)["New customers"]
    got = [ws.cell(row=i, column=1).value for i in range(3, 8)]
    assert got[:2] == odd[:2] and got[2] == "a b" and got[4] == "普通文本"
    assert got[3].startswith("yyyy") and got[3].endswith("[truncated]") and len(got[3]) <= 32_767


# --- PDF ------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]


@needs_poppler
def test_excel_and_pdf_show_the_same_kpis(report: MonthlyReport, tmp_path: Path) -> None:
    xlsx = monthly_excel.write_monthly_excel(report, tmp_path / "r.xlsx")
    pdf = monthly_pdf.write_monthly_pdf(report, tmp_path / "r.pdf")
    text = pdf_text(pdf)
    lines: dict[str, str] = {}
    for ln in text.splitlines():  # the first line starting with a label: the KPI table's
        lines.setdefault(ln.strip().split("  ")[0], ln)
    ws = openpyxl.load_workbook(xlsx)["Summary"]
    checked = 0
    for row in ws.iter_rows():
        label = row[0].value
        k = next((k for k in report.kpis if k.label == label), None)
        if k is None:
            continue
        expected = []
        for cell, value_kind in zip(row[1:6], (k.kind, k.kind, "chg", k.kind, "chg"), strict=True):
            v = cell.value
            if v == "—":
                expected.append("—")
            elif value_kind == "chg":
                expected.append(format_change(v / 100 if k.kind == RATE else v, k.kind, report))
            elif k.kind == MONEY:
                expected.append(format_money(int(Decimal(str(v)) * 100), "CNY"))
            else:
                expected.append(format_value(v, k.kind, report))
        line = lines[label]
        positions = [line.find(e) for e in expected]
        assert -1 not in positions, (label, expected, line)
        checked += 1
    assert checked == len(report.kpis) == 16
    assert "¥560.00" in lines["Net sales"] and "+64.7%" in lines["Net sales"]


@needs_poppler
def test_pdf_breaks_500_new_customers_across_pages(hooked: Path, tmp_path: Path) -> None:
    # 20 regulars who bought before and spend big in October, so the top 20 are not new ones.
    orders = [parsed(i, f"regular{i:02d}", datetime(2026, 8, 1, 12), 10, "completed", 0)
              for i in range(20)]  # fmt: skip
    orders += [parsed(100 + i, f"regular{i:02d}", datetime(2026, 10, 2, 12), 5000, "completed", 0)
               for i in range(20)]  # fmt: skip
    orders += [
        parsed(
            1000 + i,
            f"nc{i:04d}",
            datetime(2026, 10, 1 + i % 31, 9),
            20 + i % 7,
            "completed",
            0,
            phone=f"139{i:08d}",
        )  # fmt: skip
        for i in range(500)
    ]
    import_orders(tmp_path, orders, "202611221002")
    r = build_monthly_report(OCTOBER, today=TODAY)
    assert len(r.table("new_customers").rows) == 500
    path = monthly_pdf.write_monthly_pdf(r, tmp_path / "big.pdf")
    text = pdf_text(path)
    pages = pdf_pages(path)
    assert pages >= 8
    for i in range(500):
        assert len(re.findall(rf"\bnc{i:04d}\b", text)) == 1, f"nc{i:04d}"
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text
    per_page = text.split("\f")
    spanned = [p for p in per_page if re.search(r"\bnc\d{4}\b", p)]
    assert len(spanned) >= 5
    # Each page of the table starts with its title and header row again.
    for page in spanned[1:]:
        assert "New customers (continued)" in page
        assert re.search(r"Customer\s+Name\s+Phone\s+Region", page)
    assert not MOBILE.search(text)


@needs_poppler
def test_pdf_masks_phones_unless_full_contact(shop: Shop, tmp_path: Path) -> None:
    masked = monthly_pdf.write_monthly_pdf(
        build_monthly_report(OCTOBER, today=TODAY), tmp_path / "masked.pdf"
    )
    text = pdf_text(masked)
    assert not MOBILE.search(text)
    assert "139****0002" in text
    full = monthly_pdf.write_monthly_pdf(
        build_monthly_report(OCTOBER, today=TODAY, full_contact=True), tmp_path / "full.pdf"
    )
    text = pdf_text(full)
    assert "13900000002" in text and "文一西路" in text
    assert "Contains full contact details" in text


@needs_poppler
def test_chinese_pdf_has_chinese_text_and_a_cjk_font(shop: Shop, tmp_path: Path) -> None:
    # A nickname of letters and digits: drawn in the CJK font, its digits were lost from the
    # PDF's text (search, copy) though the page showed them.
    db.execute_sql("UPDATE customer SET display_name = 'amy88' WHERE display_name = 'amy'")
    r = build_monthly_report(OCTOBER, today=TODAY, language="zh_CN")
    path = monthly_pdf.write_monthly_pdf(r, tmp_path / "zh.pdf")
    text = pdf_text(path)
    for words in ("月度客户报告", "2026年10月", "净销售额", "新客户", "李强", "第 1 页", "amy88"):
        assert words in text, words
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        assert "CJK" in fonts, fonts


def test_render_on_any_paged_device(report: MonthlyReport, tmp_path: Path) -> None:
    from PySide6.QtGui import QPdfWriter

    monthly_pdf.ensure_gui_application()
    writer = QPdfWriter(str(tmp_path / "device.pdf"))
    writer.setPageLayout(monthly_pdf.page_layout())
    writer.setResolution(150)
    seen: list[tuple[int, int]] = []
    pages = monthly_pdf.render_monthly(report, writer, progress=lambda n, m: seen.append((n, m)))
    del writer  # closes the file
    assert pages >= 2 and seen[-1] == (pages, pages)
    if HAS_POPPLER:
        assert pdf_pages(tmp_path / "device.pdf") == pages


def test_chart_svg_is_clean_for_qtsvg() -> None:
    fig = charts.line_chart(
        ["1", "2"], [1.0, 2.0], title="Net sales by day", money=True, symbol="¥"
    )
    svg = charts.figure_svg(fig)
    assert (
        b"<svg" in svg and re.search(rb'<path id="[^"]+"(?: transform="[^"]*")?\s*/>', svg) is None
    )
    pie = charts.pie_chart(["a", "b"], [0, 0], title="empty")
    assert charts.figure_svg(pie)


# --- a full disk leaves nothing behind -------------------------------------------------------


class _FullDisk:
    """A file whose writes fail with ENOSPC after a few bytes."""

    def __init__(self, path: str, mode: str) -> None:
        self._fh = open(path, mode)  # noqa: SIM115

    def write(self, data: bytes) -> int:
        self._fh.write(data[:100])
        self._fh.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


def test_full_disk_leaves_no_pdf(report: MonthlyReport, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    target = tmp_path / "out" / "october.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(xlsx, "open", _FullDisk, raising=False)
    with pytest.raises(DiskFull):
        monthly_pdf.write_monthly_pdf(report, target)
    assert list(target.parent.iterdir()) == []
    assert list(xlsx.scratch_root().iterdir()) == []  # nor its record


def test_full_disk_leaves_no_workbook(report: MonthlyReport, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    target = tmp_path / "out" / "october.xlsx"
    target.parent.mkdir()

    def full(*args: object, **kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    with pytest.raises(DiskFull):
        monthly_excel.write_monthly_excel(report, target)
    assert list(target.parent.iterdir()) == []


_CHILD = textwrap.dedent(
    """
    import json, os, resource, signal, sys
    from datetime import date
    from desktop_crm.db import open_database
    from desktop_crm.errors import DiskFull
    from desktop_crm.reports.monthly import build_monthly_report
    from desktop_crm.reports.monthly_excel import write_monthly_excel
    from desktop_crm.reports.monthly_pdf import write_monthly_pdf

    db, out = sys.argv[1], sys.argv[2]
    open_database(db)
    report = build_monthly_report(date(2026, 10, 1), today=date(2026, 11, 22))
    outcome = {}
    # Write the PDF once with room (no display, no Qt application yet: the CLI's situation).
    write_monthly_pdf(report, os.path.join(out, "ok.pdf"))
    # Then a "full disk": files may not grow past 4 KiB (EFBIG instead of a SIGXFSZ kill).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
    for name, write in (("full.xlsx", write_monthly_excel), ("full.pdf", write_monthly_pdf)):
        try:
            write(report, os.path.join(out, name))
            outcome[name] = "written"
        except DiskFull as exc:
            outcome[name] = "DiskFull: " + str(exc)
    banned = ("PySide6.QtWidgets", "PySide6.QtPrintSupport", "matplotlib.pyplot")
    outcome["loaded"] = [m for m in sys.modules if m.startswith(banned)]
    print(json.dumps(outcome))
    """
)


def test_cli_like_child_no_display_and_a_full_disk(report: MonthlyReport, db_path: Path,
                                                   tmp_path: Path) -> None:  # fmt: skip
    import json

    out = tmp_path / "out"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY",
                                                             "WAYLAND_DISPLAY")}  # fmt: skip
    r = subprocess.run(
        [sys.executable, "-c", _CHILD, str(db_path), str(out)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    outcome = json.loads(r.stdout.strip().splitlines()[-1])
    assert outcome["full.xlsx"].startswith("DiskFull") and outcome["full.pdf"].startswith(
        "DiskFull"
    ), outcome
    assert outcome["loaded"] == []
    assert sorted(p.name for p in out.iterdir()) == ["ok.pdf"]
    assert (out / "ok.pdf").read_bytes().startswith(b"%PDF")
