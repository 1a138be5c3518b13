"""What the reader noticed in a file (a repeated order, a joined sheet, erased customers)
is shown in the merchant's language (views/rejections.note_text)."""

from __future__ import annotations

import re

import pytest

from desktop_crm.views.rejections import _NOTE_PATTERNS, note_text

# One note of every kind, as the parse and the importer write them.
SAMPLES = {
    "duplicate_column": "duplicate column '买家会员名': the first is used; the others are 买家会员名#2",
    "sheet_read": "sheet 'Orders' was read",
    "sheet_same": "sheet '11月' has the same columns but was not read (one sheet per import: "
    "map that sheet to import it)",
    "sheet_joined": "sheet '商品明细' was joined by 订单编号 (商品标题, 价格)",
    "sheet_orphans": "sheet '商品明细' lists 2 order(s) with no rows on sheet 'Orders', not "
    "imported: 11, 12",
    "again_order": "order 4200 appears again on row 7 with different values (first on row 3); "
    "the later row is used",
    "again_customer": "a customer appears again on row 7 with different values (first on row "
    "3); the later row is used",
    "repeated": "order 4200 repeated; row 9 was used",
    "detail_taobao": "ExportOrderDetailList.csv: detail files apply to Taobao only; ignored",
    "detail_row": "ExportOrderDetailList.csv row 5 skipped: 单价: amount is blank",
    "detail_skipped": "ExportOrderDetailList.csv: 25 rows skipped in all",
    "detail_unmatched": "ExportOrderDetailList.csv: item lines of 3 order(s) not in the order "
    "file were ignored",
    "refund_capped": "order 4200: refund larger than the paid amount, capped at paid",
    "jd_disagree": "order 4200: rows disagree on 应付金额; row 4 is used",
    "taobao_coupon": "order 4200: 退款金额 is the coupon difference (应付 − 实付), not a refund",
    "pdd_lines": "order 4200: its rows carry different 订单应付金额, taken as each 子订单's own "
    "and added up",
    "taobao_item_lines": "order 4200: its rows carry each item's own 买家实际支付金额, added up",
    "douyin_same_lines": "order 4200: its rows carry the same 订单应付金额, which fits each "
    "子订单's goods: taken as each 子订单's own and added up",
    "erased_one": "1 order of an erased customer was kept without a customer",
    "erased": "3 orders of erased customers were kept without a customer",
    "birthday": "row 3: 生日: not a date: '3月8日'; the birthday was left out",
    "birthday_future": "row 4: the birthday 2030-01-01 is in the future; it was left out",
    "birthday_old": "row 5: the birthday 1850-01-01 is more than 130 years ago; it was left out",
    "erased_person": "1 person on this list was erased earlier and was not added again",
    "erased_people": "4 people on this list were erased earlier and were not added again",
    "shared_phone": "row 6: its phone fits 2 customers (xiaoyudian88, jd_xyd); it was matched "
    "to the first. Merge them if they are one person",
    "shared_email": "row 7: its e-mail fits 3 customers (Ann, ann_tb, ann_jd); it was matched "
    "to the first. Merge them if they are one person",
}


def test_every_kind_of_note_has_a_sample() -> None:
    assert sorted(SAMPLES) == sorted(key for key, _p in _NOTE_PATTERNS)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_each_note_is_translated_with_its_values_kept(key: str, chinese) -> None:
    note = SAMPLES[key]
    shown = note_text(note)
    assert shown != note
    assert re.search(r"[\u4e00-\u9fff]", shown.replace("应付金额", "").replace("子订单", ""))
    for number in re.findall(r"\d+", note):
        assert number in shown, (number, shown)
    if key == "detail_row":
        assert shown.endswith("单价：金额为空")  # the skipped row's reason translated too


def test_an_unknown_note_and_english_are_shown_as_written() -> None:
    assert note_text("something new") == "something new"
    for key, note in SAMPLES.items():
        if key != "detail_row":  # whose reason is worded as rejection_text words it
            assert note_text(note) == note  # no translator: the English as the parse wrote it
