"""The Members page: customers by tier with counts, search, and opening a member."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from PySide6.QtCore import Qt

from desktop_crm.db import db
from desktop_crm.services import loyalty
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.members_page import (
    COL_NAME,
    COL_POINTS,
    COL_SPEND,
    COL_TIER,
    MembersPage,
    MemberTableModel,
    TierCountModel,
)
from desktop_crm.views.paged_model import ID_ROLE

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)


def _order(no: int, buyer: str, paid: int, status: str = "completed") -> ParsedOrder:
    return ParsedOrder(
        row=0, platform="taobao", order_no=str(2039000000000000000 + no),
        ordered_at=datetime(2026, 10, 1, 12, 0) + timedelta(days=no), status=status, paid=paid,
        currency="CNY", buyer_key=buyer, buyer_name=buyer, item_summary="手工皂",
        items=[ParsedItem("手工皂", price=paid)],
    )  # fmt: skip


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    """小美 Gold, bob and bobby Silver, cat and dan (nothing paid yet) Member."""
    orders = [
        _order(1, "小美", 624_000), _order(2, "bob", 150_000), _order(3, "bobby", 120_000),
        _order(4, "cat", 10_000), _order(5, "dan", 5_000, status="pending"),
    ]  # fmt: skip
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611010900.csv")
    engine.import_file(path, platform="taobao", now=NOW, today=TODAY)
    rows = db.execute_sql("SELECT display_name, id FROM customer").fetchall()
    return {name: int(cid) for name, cid in rows}


@pytest.fixture
def page(qtbot, app, ui_state, shop) -> MembersPage:
    w = MembersPage(ui_state)
    qtbot.addWidget(w)
    w.show()
    return w


def _tiers(page: MembersPage) -> list[str]:
    m = page.tier_model
    return [m.data(m.index(r)) for r in range(m.rowCount())]


def _names(page: MembersPage) -> list[str]:
    m = page.model
    return [m.data(m.index(r, COL_NAME)) for r in range(m.rowCount())]


def _choose(qtbot, page: MembersPage, label: str) -> None:
    """Click the tier in the list."""
    row = _tiers(page).index(label)
    rect = page.tier_list.visualRect(page.tier_model.index(row))
    qtbot.mouseClick(page.tier_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_models_pass_qtmodeltester(qtmodeltester, shop) -> None:
    tiers = TierCountModel()
    tiers.refresh()
    qtmodeltester.check(tiers, force_py=True)
    members = MemberTableModel()
    members.refresh()
    assert members.rowCount() == 5
    qtmodeltester.check(members, force_py=True)


def test_counts_per_tier_cover_every_customer(page: MembersPage) -> None:
    assert _tiers(page) == [
        "All customers (5)", "Member (2)", "Silver (2)", "Gold (1)", "Diamond (0)",
    ]  # fmt: skip
    assert page.count_label.text() == "5 customer(s)"
    assert _names(page) == ["bob", "bobby", "cat", "dan", "小美"]


def test_rows_show_tier_total_paid_points_and_last_order(page: MembersPage, shop) -> None:
    m = page.model
    row = m.row_of(shop["小美"])
    assert m.data(m.index(row, COL_TIER)) == "Gold"
    assert m.data(m.index(row, COL_SPEND)) == "¥6,240.00"
    assert m.data(m.index(row, COL_POINTS)) == "6,240"
    assert m.data(m.index(row, 4)) == "2026-10-02"
    dan = m.row_of(shop["dan"])
    assert m.data(m.index(dan, COL_TIER)) == "Member" and m.data(m.index(dan, COL_POINTS)) == "0"


def test_choosing_a_tier_and_searching_filter_the_list(qtbot, page: MembersPage) -> None:
    _choose(qtbot, page, "Silver (2)")
    assert _names(page) == ["bob", "bobby"]
    assert page.count_label.text() == "2 customer(s)"
    assert {page.model.data(page.model.index(r, COL_TIER)) for r in range(2)} == {"Silver"}
    qtbot.keyClicks(page.search_edit, "bobby")
    qtbot.waitUntil(lambda: _names(page) == ["bobby"], timeout=2000)
    # The same search in another tier finds nobody; in all customers, bobby again.
    qtbot.keyClick(page.tier_list, Qt.Key.Key_Down)  # Gold
    assert _names(page) == []
    page.tier_list.setFocus()
    qtbot.keyClick(page.tier_list, Qt.Key.Key_Home)
    assert _names(page) == ["bobby"]
    page.search_edit.clear()
    qtbot.waitUntil(lambda: len(_names(page)) == 5, timeout=2000)
    _choose(qtbot, page, "Member (2)")
    assert _names(page) == ["cat", "dan"]


def test_sorting_by_total_paid_is_a_new_query(qtbot, page: MembersPage) -> None:
    page.table.sortByColumn(COL_SPEND, Qt.SortOrder.DescendingOrder)
    assert _names(page) == ["小美", "bob", "bobby", "cat", "dan"]


def test_sorting_by_points_and_tier_sorts(qtbot, page: MembersPage) -> None:
    # The arrow moved to Points / Tier but the rows stayed in name order.
    page.table.sortByColumn(COL_POINTS, Qt.SortOrder.DescendingOrder)
    points = [page.model.data(page.model.index(r, COL_POINTS)) for r in range(5)]
    assert [int(p.replace(",", "")) for p in points] == sorted(
        (int(p.replace(",", "")) for p in points), reverse=True
    )
    assert _names(page)[0] == "小美"
    page.table.sortByColumn(COL_TIER, Qt.SortOrder.AscendingOrder)
    tiers = [page.model.data(page.model.index(r, COL_TIER)) for r in range(5)]
    assert tiers == ["Member", "Member", "Silver", "Silver", "Gold"]


def test_enter_opens_the_customer(qtbot, page: MembersPage, shop) -> None:
    page.table.setFocus()
    page.table.selectRow(page.model.row_of(shop["cat"]))
    with qtbot.waitSignal(page.customer_requested) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == [shop["cat"]]
    with qtbot.waitSignal(page.customer_requested) as signal:
        index = page.model.index(page.model.row_of(shop["bob"]), COL_NAME)
        rect = page.table.visualRect(index)
        # QTest's double click has no press before it: the view needs one to know the row.
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [shop["bob"]]


def test_refresh_after_a_tier_change_keeps_the_chosen_tier(qtbot, page: MembersPage, shop) -> None:
    _choose(qtbot, page, "Silver (2)")
    diamond = loyalty.tier_by_name("Diamond")
    assert diamond is not None
    loyalty.set_tier_override(
        shop["bob"], diamond.id, reason="VIP", until=None, today=TODAY, now=NOW
    )
    page.refresh()
    assert _tiers(page)[2:] == ["Silver (1)", "Gold (1)", "Diamond (1)"]
    assert page.current_tier() == loyalty.tier_by_name("Silver").id
    assert _names(page) == ["bobby"]
    page.set_tier(None)
    m = page.model
    assert m.data(m.index(m.row_of(shop["bob"]), COL_TIER)) == "Diamond"


def test_a_page_of_rows_costs_a_bounded_number_of_queries(page: MembersPage) -> None:
    page.refresh()
    m = page.model
    with count_queries() as counter:
        for r in range(m.rowCount()):
            m.data(m.index(r, COL_POINTS))
    # The rows in one query, the base tier, tiers and balances in one, the purchases left out
    # for want of a rate in one (with the store currency and rates it reads): never a query
    # per row. One row costs as many as all of them.
    assert m.rowCount() > 4
    assert counter.count <= 8
    ids = [m.data(m.index(r, 0), ID_ROLE) for r in range(m.rowCount())]
    with count_queries() as one:
        m._fetch(ids[:1])
    with count_queries() as every:
        m._fetch(ids)
    assert one.count == every.count


def test_return_or_down_in_the_search_goes_to_the_list(qtbot, page: MembersPage) -> None:
    # Return and Down in the Members search did nothing, while on Customers and Orders they
    # search now and go to the list (DESIGN §6: every view works by keyboard).
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Down):
        page.search_edit.clear()
        page.table.setCurrentIndex(page.model.index(-1, -1))
        page.search_edit.setFocus()
        qtbot.keyClicks(page.search_edit, "bob")
        qtbot.keyClick(page.search_edit, key)
        assert _names(page) == ["bob", "bobby"]  # searched at once, not after the pause
        assert page.focusWidget() is page.table
        assert page.table.currentIndex().row() == 0
