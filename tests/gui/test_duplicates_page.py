"""The Duplicates page and the merge dialog, driven as a user would."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from desktop_crm.db import db
from desktop_crm.errors import NotFound
from desktop_crm.services import backup
from desktop_crm.services import customers as customer_svc
from desktop_crm.services import duplicates as dup
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.duplicates_page import DuplicatesPage, DuplicateTreeModel
from desktop_crm.views.jobs import JobRunner
from desktop_crm.views.merge_dialog import MergeDialog

NOW = datetime(2026, 11, 22, 10, 0)
TODAY = NOW.date()
LATER = NOW + timedelta(hours=1)
_files = itertools.count(1)
_FILE_NAMES = {
    "taobao": "ExportOrderList2026112210{n:02d}.csv",
    "jd": "jd_orders_2026112210{n:02d}.csv",
    "pdd": "pdd_orders_2026112210{n:02d}.csv",
}
YES = QMessageBox.StandardButton.Yes
NO = QMessageBox.StandardButton.No
NAME_A, PLATFORMS_A, NAME_B, PLATFORMS_B, REASONS, STRENGTH = range(6)


def order(
    platform: str,
    no: str,
    key: str | None,
    *,
    phone: str = "13800138000",
    name: str = "张三",
    city: str = "杭州市",
    address: str = "文一西路1号",
    paid: int = 1000,
    day: int = 0,
) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform=platform, order_no=no,
        ordered_at=datetime(2026, 10, 1, 12, 0) + timedelta(days=day), status="completed",
        paid=paid, currency="CNY", buyer_key=key, buyer_name=key, real_name=name, phone=phone,
        province="浙江省", city=city, address=address, item_summary="手工皂",
        items=[ParsedItem("手工皂", quantity=1, price=paid)],
    )  # fmt: skip


def import_orders(folder: Path, platform: str, orders: list[ParsedOrder]) -> None:
    name = _FILE_NAMES[platform].format(n=next(_files) % 100)
    path = write_export(platform, orders, folder / name)
    receipt = engine.import_file(path, platform=platform, now=NOW, today=TODAY)
    assert receipt.rejected == [], receipt.rejected


def cid(platform: str, key: str) -> int:
    row = db.execute_sql(
        "SELECT customer_id FROM channel_identity WHERE platform = ? AND buyer_key = ?",
        [platform, key],
    ).fetchone()
    return int(row[0])


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    """张三 on Taobao, JD and Pinduoduo; two masked-phone strangers; Lucy typed in twice;
    a stranger in the same city."""
    import_orders(tmp_path, "taobao", [order("taobao", "2039000000000000001", "tb_zhang")])
    import_orders(
        tmp_path,
        "jd",
        [
            order("jd", "1000000000000001", "jd_zhang", phone="+86 138-0013-8000", paid=2500),
            order("jd", "1000000000000002", "jd_zhang", phone="+86 138-0013-8000", paid=3000,
                  day=3),
        ],
    )  # fmt: skip
    import_orders(
        tmp_path,
        "pdd",
        [
            order("pdd", "261001-000000000000001", None, phone="138****8000", name="李四",
                  city="宁波市", address="中山路9号"),
            order("pdd", "261001-000000000000002", None, phone="138****8000", name="王五",
                  city="温州市", address="人民路7号"),
            order("pdd", "261001-000000000000003", None, phone="138****8000", name="张三",
                  city="杭州", address="浙江省杭州市 文一西路 1 号"),
        ],
    )  # fmt: skip
    pdd = [
        int(r[0])
        for r in db.execute_sql(
            "SELECT customer_id FROM channel_identity WHERE platform = 'pdd' ORDER BY id"
        ).fetchall()
    ]
    lucy_old = customer_svc.create_customer(
        customer_svc.CustomerInput(
            "Lucy", real_name="陈露", email="lucy@example.com", city="上海市", notes="老客户"
        ),
        today=TODAY,
        now=NOW - timedelta(days=30),
    )
    lucy_new = customer_svc.create_customer(
        customer_svc.CustomerInput(
            "Lucy Chen", email="LUCY@example.com", phone="13912345678", city="上海市",
            address="南京路100号",
        ),
        today=TODAY,
        now=NOW,
    )  # fmt: skip
    stranger = customer_svc.create_customer(
        customer_svc.CustomerInput("赵六", real_name="赵六", phone="13900000000", city="杭州市"),
        today=TODAY,
        now=NOW,
    )
    return {
        "tb": cid("taobao", "tb_zhang"),
        "jd": cid("jd", "jd_zhang"),
        "pdd_li": pdd[0],
        "pdd_wang": pdd[1],
        "pdd_zhang": pdd[2],
        "lucy_old": lucy_old,
        "lucy_new": lucy_new,
        "stranger": stranger,
    }


@pytest.fixture
def page(qtbot, app, shop) -> DuplicatesPage:
    w = DuplicatesPage(JobRunner(synchronous=True), clock=lambda: LATER)
    qtbot.addWidget(w)
    w.resize(1100, 600)
    w.show()
    return w


class Questions(list[str]):
    """The confirmations asked; `replies` are given in turn, then Yes."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: list[QMessageBox.StandardButton] = []


@pytest.fixture
def questions(answers: list[str], monkeypatch: pytest.MonkeyPatch) -> Questions:
    """Answer every confirmation Yes (or what a test puts in `replies`), recording the text;
    warnings still go to `answers`."""
    asked = Questions()

    def question(parent, title, text, *a, **k):  # noqa: ANN001
        asked.append(text)
        return asked.replies.pop(0) if asked.replies else YES

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def search(qtbot, page: DuplicatesPage) -> None:
    with qtbot.waitSignal(page.duplicates_found, timeout=5000):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
        assert page.status_label.text() == "Searching…"
        assert not page.find_button.isEnabled()
    assert page.find_button.isEnabled()


def pair_rows(page: DuplicatesPage) -> dict[tuple[int, int], list[str]]:
    """Every pair line (ids -> the texts of its columns), under a group or not."""
    m = page.model
    out = {}
    for row in range(m.rowCount()):
        top = m.index(row, 0)
        for index in [m.index(c, 0, top) for c in range(m.rowCount(top))] or [top]:
            pair = m.pair_at(index)
            assert pair is not None
            out[pair.ids] = [m.data(index.siblingAtColumn(c)) for c in range(m.columnCount())]
    return out


def ids(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


def select_pair(page: DuplicatesPage, a: int, b: int) -> None:
    index = page.model.index_of(ids(a, b))
    assert index.isValid()
    page.tree.setCurrentIndex(index)
    page.tree.setFocus()


def open_review(qtbot, page: DuplicatesPage, a: int, b: int) -> MergeDialog:
    """Select the pair and press Enter: the review opens."""
    select_pair(page, a, b)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    dialog = page.merge_dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    return dialog


def merge_in(qtbot, page: DuplicatesPage, dialog: MergeDialog) -> None:
    with (
        qtbot.waitSignal(dialog.merged, timeout=5000),
        qtbot.waitSignal(page.customers_changed, timeout=5000),
    ):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_searching(), timeout=5000)


def click_radio(qtbot, radio) -> None:
    """Click a radio button on its circle (a click right of its text does nothing)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))


def exists(customer_id: int) -> bool:
    try:
        customer_svc.get_customer(customer_id)
    except NotFound:
        return False
    return True


# --- models --------------------------------------------------------------------------------


def test_models_pass_qtmodeltester(qtmodeltester, qtbot, app, shop) -> None:
    report = dup.find_duplicates()
    assert any(len(g.customer_ids) > 2 for g in report.groups)
    assert any(len(g.customer_ids) == 2 for g in report.groups)
    dup.merge(shop["tb"], shop["jd"], now=NOW, today=TODAY)
    page = DuplicatesPage(JobRunner(synchronous=True), clock=lambda: LATER)
    qtbot.addWidget(page)
    qtmodeltester.check(page.history_model, force_py=True)
    dialog = MergeDialog(shop["lucy_old"], shop["lucy_new"], page)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.rows_model, force_py=True)
    # The tester disconnects from the model it checked last when the test ends: that one is
    # the test's own (the page and its dialog may be gone by then, and their models with them).
    model = DuplicateTreeModel()
    model.set_groups(report.groups)
    qtmodeltester.check(model, force_py=True)
    model.set_groups([])
    qtmodeltester.check(model, force_py=True)


# --- finding -------------------------------------------------------------------------------


def test_find_lists_the_planted_pairs_with_their_reasons(qtbot, page, shop) -> None:
    assert page.model.rowCount() == 0 and not page.review_button.isEnabled()
    search(qtbot, page)
    rows = pair_rows(page)
    tb_jd = rows[ids(shop["tb"], shop["jd"])]
    assert tb_jd[REASONS] == "same full phone, same address, same name and city"
    assert tb_jd[STRENGTH] == "high (100)"
    assert {tb_jd[PLATFORMS_A], tb_jd[PLATFORMS_B]} == {"Taobao/Tmall", "JD"}
    assert {tb_jd[NAME_A], tb_jd[NAME_B]} == {"tb_zhang (张三)", "jd_zhang (张三)"}
    lucy = rows[ids(shop["lucy_old"], shop["lucy_new"])]
    assert lucy[REASONS] == "same e-mail" and lucy[STRENGTH] == "high (50)"
    assert {lucy[PLATFORMS_A], lucy[PLATFORMS_B]} == {"Entered by hand"}
    # The Pinduoduo 张三: a masked phone that fits adds to the other reasons.
    tb_pdd = rows[ids(shop["tb"], shop["pdd_zhang"])]
    assert tb_pdd[REASONS] == "same address, same name and city, masked phone fits"
    assert tb_pdd[STRENGTH] == "high (70)"
    # 张三's three accounts are one group, shown with its pairs under it.
    m = page.model
    group = next(m.index(r, 0) for r in range(m.rowCount()) if m.is_group_row(r))
    assert m.rowCount(group) == 3 and page.tree.isExpanded(group)
    assert m.data(group).startswith("Group of 3 customers: ")
    assert page.tree.isFirstColumnSpanned(group.row(), group.parent())
    assert "3 pair(s) of customers" not in page.status_label.text()
    assert page.status_label.text().startswith("4 pair(s) of customers may be one person.")


def test_a_masked_phone_alone_never_pairs(qtbot, page, shop) -> None:
    search(qtbot, page)
    rows = pair_rows(page)
    paired = {i for pair in rows for i in pair}
    # 李四 and 王五 share 138****8000 with each other and with 张三, and nothing else.
    assert shop["pdd_li"] not in paired and shop["pdd_wang"] not in paired
    assert shop["stranger"] not in paired
    assert all(texts[REASONS] != "masked phone fits" for texts in rows.values())


def test_not_the_same_person_is_not_suggested_again(qtbot, page, shop, questions) -> None:
    search(qtbot, page)
    pair = ids(shop["lucy_old"], shop["lucy_new"])
    select_pair(page, *pair)
    qtbot.mouseClick(page.not_same_button, Qt.MouseButton.LeftButton)
    assert questions == []  # the button says it plainly: no question
    assert pair not in pair_rows(page)
    assert "will not be suggested again" in page.status_label.text()
    # Undo the mark: the pair is back and selected.
    qtbot.mouseClick(page.undo_mark_button, Qt.MouseButton.LeftButton)
    assert page.current_pair() is not None and page.current_pair().ids == pair
    # Delete asks first; No keeps the pair.
    questions.replies.append(NO)
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert len(questions) == 1 and "Lucy" in questions[0]
    assert pair in pair_rows(page)
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert pair not in pair_rows(page)
    assert dup.is_marked_not_duplicate(*pair)
    search(qtbot, page)
    assert pair not in pair_rows(page)
    assert ids(shop["tb"], shop["jd"]) in pair_rows(page)


# --- review and merge ----------------------------------------------------------------------


def test_review_presets_recent_values_and_merge_keeps_the_chosen_ones(
    qtbot, page, shop, questions
) -> None:
    search(qtbot, page)
    old, new = shop["lucy_old"], shop["lucy_new"]
    dialog = open_review(qtbot, page, old, new)
    assert (dialog.kept_id(), dialog.merged_id()) == (old, new)  # neither has orders: older
    assert "same e-mail" in dialog.reasons_label.text()
    kept_radio, merged_radio = dialog.choice_buttons["display_name"]
    assert (kept_radio.text(), merged_radio.text()) == ("Lucy", "Lucy Chen")
    # The newer customer's values win where they are not empty.
    buttons = dialog.choice_buttons
    checked = {f: ("merged" if b[1].isChecked() else "kept") for f, b in buttons.items()}
    assert checked["display_name"] == "merged"
    assert checked["email"] == "merged"
    assert checked["phone"] == "merged"  # the kept one has none
    assert checked["address"] == "merged"
    assert checked["real_name"] == "kept"  # the newer one is empty
    assert checked["notes"] == "kept"
    assert dialog.choice_buttons["real_name"][1].text() == "(empty)"
    # The user prefers the old e-mail.
    click_radio(qtbot, dialog.choice_buttons["email"][0])
    assert dialog.choices()["email"] == dup.KEPT
    merge_in(qtbot, page, dialog)
    assert "undo" in questions[0].lower()  # the confirmation says it can be undone
    lucy = customer_svc.get_customer(old)
    assert (lucy.display_name, lucy.real_name) == ("Lucy Chen", "陈露")
    assert lucy.email == "lucy@example.com"  # the user's pick
    assert (lucy.phone, lucy.address, lucy.notes) == ("13912345678", "南京路100号", "老客户")
    assert not exists(new)
    assert any(b.reason == "before-merge" for b in backup.list_backups())
    # The list and the history caught up.
    assert ids(old, new) not in pair_rows(page)
    assert page.history_model.rowCount() == 1
    info = page.history_model.item(0)
    assert (info.kept_id, info.merged_id) == (old, new)
    texts = [page.history_model.data(page.history_model.index(0, c)) for c in range(5)]
    assert texts[1:3] == ["Lucy Chen", "Lucy Chen"]
    assert texts[3] == "Name, Phone, Address"


def test_merge_moves_the_orders(qtbot, page, shop, questions) -> None:
    search(qtbot, page)
    tb, jd = shop["tb"], shop["jd"]
    dialog = open_review(qtbot, page, tb, jd)
    # JD has more orders: it is kept. Swap to keep the Taobao customer.
    assert (dialog.kept_id(), dialog.merged_id()) == (jd, tb)
    qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
    assert (dialog.kept_id(), dialog.merged_id()) == (tb, jd)
    assert dialog.kept_header.text().startswith("tb_zhang (张三)")
    moves = {
        dialog.rows_model.data(dialog.rows_model.index(r, 0)): dialog.rows_model.item(r)[1:]
        for r in range(dialog.rows_model.rowCount())
    }
    assert moves["Orders"] == (1, 2) and moves["Platform accounts"] == (1, 1)
    assert dialog.together_label.text() == "Together: 3 order(s), ¥65.00 paid."
    # Nothing is cut at the dialog's own size: the three header lines, every line of moves.
    qtbot.waitExposed(dialog)
    for header in (dialog.kept_header, dialog.merged_header):
        assert header.height() >= header.sizeHint().height()
    table = dialog.rows_table
    rows = sum(table.rowHeight(r) for r in range(dialog.rows_model.rowCount()))
    assert table.viewport().height() >= rows
    assert not table.verticalScrollBar().isVisible()
    merge_in(qtbot, page, dialog)
    kept = customer_svc.get_customer(tb)
    assert kept.order_count == 3 and kept.total_paid == 1000 + 2500 + 3000
    assert sorted(kept.identities) == [("jd", "jd_zhang"), ("taobao", "tb_zhang")]
    assert not exists(jd)
    # tb and 张三 on Pinduoduo are still suggested, now from fresh data.
    assert ids(tb, shop["pdd_zhang"]) in pair_rows(page)
    assert all(jd not in pair for pair in pair_rows(page))


def test_a_merge_that_fails_shows_why_and_changes_nothing(qtbot, page, shop, questions, answers):
    search(qtbot, page)
    dialog = open_review(qtbot, page, shop["lucy_old"], shop["lucy_new"])
    customer_svc.delete_customer(shop["lucy_new"])  # meanwhile, elsewhere
    with qtbot.assertNotEmitted(dialog.merged):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert any("does not exist" in a and "Nothing was changed" in a for a in answers)
    assert dialog.isVisible() and dup.merge_history() == []
    assert customer_svc.get_customer(shop["lucy_old"]).display_name == "Lucy"
    dialog.reject()


def test_cancelling_the_confirmation_merges_nothing(qtbot, page, shop, questions) -> None:
    search(qtbot, page)
    dialog = open_review(qtbot, page, shop["lucy_old"], shop["lucy_new"])
    questions.replies.append(NO)
    with qtbot.assertNotEmitted(dialog.merged):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert exists(shop["lucy_new"]) and dup.merge_history() == []
    assert not any(b.reason == "before-merge" for b in backup.list_backups())
    dialog.reject()


def test_show_customer_asks_for_either_customer(qtbot, page, shop) -> None:
    search(qtbot, page)
    select_pair(page, shop["tb"], shop["jd"])
    actions = page.show_menu.actions()
    assert len(actions) == 2 and page.show_button.isEnabled()
    with qtbot.waitSignal(page.customer_requested) as blocker:
        actions[1].trigger()
    assert blocker.args[0] in (shop["tb"], shop["jd"])


# --- merge history -------------------------------------------------------------------------


def undo_selected(qtbot, page: DuplicatesPage) -> None:
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.undo_merge_button, Qt.MouseButton.LeftButton)


def test_undo_merge_from_the_history_restores_both(qtbot, page, shop, questions) -> None:
    search(qtbot, page)
    tb, jd = shop["tb"], shop["jd"]
    dialog = open_review(qtbot, page, tb, jd)
    click_radio(qtbot, dialog.choice_buttons["display_name"][1])
    merged_name = dialog.review.merged.display_name
    merge_in(qtbot, page, dialog)
    page.tabs.setCurrentIndex(1)
    page.history_table.selectRow(0)
    assert page.undo_merge_button.isEnabled()
    with qtbot.waitSignal(page.customers_changed, timeout=5000):
        undo_selected(qtbot, page)
    assert "Undo the merge of" in questions[-1]
    assert any(b.reason == "before-unmerge" for b in backup.list_backups())
    a, b = customer_svc.get_customer(tb), customer_svc.get_customer(jd)
    assert (a.display_name, a.order_count, a.total_paid) == ("tb_zhang", 1, 1000)
    assert (b.display_name, b.order_count, b.total_paid) == ("jd_zhang", 2, 5500)
    assert merged_name in page.history_status.text()
    # Undone: shown as such, and cannot be undone twice.
    state = page.history_model.data(page.history_model.index(0, 4))
    assert state == "undone 2026-11-22 11:00"
    assert not page.undo_merge_button.isEnabled()
    assert "already undone" in page.undo_merge_button.toolTip()
    qtbot.waitUntil(lambda: not page.is_searching(), timeout=5000)
    assert ids(tb, jd) in pair_rows(page)


def test_the_merge_just_made_is_the_one_selected_in_the_history(
    qtbot, page, shop, questions
) -> None:
    # An older merge stayed selected, so Undo merge… would undo that one, not the new one.
    older = dup.merge(shop["lucy_old"], shop["lucy_new"], now=NOW, today=TODAY)
    page.refresh()
    page.select_merge(older.merge_id)
    search(qtbot, page)
    dialog = open_review(qtbot, page, shop["tb"], shop["jd"])
    merge_in(qtbot, page, dialog)
    newest = max(info.merge_id for info in dup.merge_history())
    assert newest != older.merge_id and page.current_merge().merge_id == newest


def test_undo_is_disabled_with_the_reason_when_a_later_merge_is_in_the_way(
    qtbot, page, shop
) -> None:
    first = dup.merge(shop["tb"], shop["jd"], now=NOW, today=TODAY)
    second = dup.merge(shop["pdd_zhang"], shop["tb"], now=NOW, today=TODAY)
    page.refresh()
    page.tabs.setCurrentIndex(1)
    page.select_merge(first.merge_id)
    assert not page.undo_merge_button.isEnabled()
    assert f"Undo merge {second.merge_id} first" in page.undo_merge_button.toolTip()
    page.select_merge(second.merge_id)
    assert page.undo_merge_button.isEnabled()
    assert page.history_model.data(page.history_model.index(1, 1)) == "(no longer exists)"


def test_a_refused_unmerge_shows_its_message(qtbot, page, shop, questions, answers) -> None:
    customer_svc.set_tags(shop["jd"], ["VIP"], now=NOW)
    customer_svc.set_tags(shop["pdd_zhang"], ["VIP"], now=NOW)
    first = dup.merge(shop["tb"], shop["jd"], now=NOW, today=TODAY)  # VIP moves to tb
    second = dup.merge(shop["tb"], shop["pdd_zhang"], now=NOW, today=TODAY)  # its VIP removed
    page.refresh_history()
    page.tabs.setCurrentIndex(1)
    page.select_merge(first.merge_id)
    assert page.undo_merge_button.isEnabled()  # only trying finds the rows it relies on
    with qtbot.assertNotEmitted(page.customers_changed):
        undo_selected(qtbot, page)
    assert any(f"Undo merge {second.merge_id} first" in a for a in answers), answers
    assert not exists(shop["jd"])  # nothing changed
    assert page.current_merge() is not None
    assert page.current_merge().merge_id == second.merge_id  # the one to undo first
