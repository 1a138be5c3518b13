"""Why a row was skipped, in the merchant's language.

The parse layer gives its reasons in English (they are also the CLI's `--json` contract and
what is stored with each import); the views show them through `rejection_text`, which knows
the sentences the parsers and normalisers write. A reason is often "<column>: <why>", the
column as the file names it (买家实际支付金额: amount is not a number: 'abc'); the column stays
as it is, the why is translated. A sentence it does not know is shown as written.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QCoreApplication, QObject

from desktop_crm.services.importing.records import PLATFORMS
from desktop_crm.views.labels import fill_args, platform_name

# (key, pattern of the whole "why"); %1 in a translation is the first group, %2 the second.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(pattern, re.DOTALL))
    for key, pattern in (
        ("not_number", r"amount is not a number: (.*)"),
        ("too_large", r"amount is implausibly large: (.*)"),
        ("amount_blank", r"amount is blank"),
        ("not_whole", r"not a whole number: (.*)"),
        ("number_blank", r"number is blank"),
        ("not_date", r"not a date: (.*)"),
        ("serial_60", r"invalid date 1900-02-29 \(Excel serial 60\)"),
        ("invalid_date", r"invalid date (.*)"),
        ("date_blank", r"date is blank"),
        ("date_range", r"date out of range: (.*)"),
        ("zone", r"invalid time zone offset (.*)"),
        ("future", r"order date (.*) is in the future"),
        ("future_mapped", r"the order is dated more than a day in the future"),
        ("impossible", r"order date (.*) is impossible"),
        ("no_id", r"missing order id"),
        ("id_not_text", r"order id is not text: (.*)"),
        ("id_number", r"order id stored as a number \((.*)\): its digits were lost, .*"),
        ("id_sci", r"order id in scientific notation \((.*)\): its digits were lost, .*"),
        ("status_blank", r"order status is blank"),
        ("status_mapped", r"unknown order status (.*) \(map it in the import mapping\)"),
        ("status", r"unknown order status (.*)"),
        ("financial_blank", r"Financial Status is blank"),
        ("financial", r"unknown Financial Status (.*)"),
        ("negative_paid", r"negative paid amount|the paid amount is negative"),
        ("negative_refund", r"negative refund amount"),
        ("negative", r"negative amount"),
        ("currency", r"not a currency: (.*)"),
        ("pdd_prefix", r"订单成交时间 is blank and the id prefix (.*) is no date"),
        ("pdd_no_date", r"订单成交时间 is blank and the order id carries no date"),
        ("first_row", r"order (.*): its first row \(with Financial Status and Total\) is not "
                      r"in the file"),
        ("name_blank", r"the name is blank"),
        ("two_buyers_number", r"rows (\d+) and (\d+) of order (.*) name different buyers "
                              r"\((.*)\); its id was stored as a number and lost digits: "
                              r"re-export the file with ids as text"),
        ("two_buyers", r"rows (\d+) and (\d+) of order (.*) name different buyers \((.*)\); "
                       r"two orders share this id"),
    )
]  # fmt: skip


def _translations() -> dict[str, str]:
    # Literal QCoreApplication.translate calls: pyside6-lupdate finds no other spelling.
    return {
        "not_number": QCoreApplication.translate("Rejections", "the amount is not a number: %1"),
        "too_large": QCoreApplication.translate(
            "Rejections", "the amount is implausibly large: %1"
        ),
        "amount_blank": QCoreApplication.translate("Rejections", "the amount is blank"),
        "not_whole": QCoreApplication.translate("Rejections", "not a whole number: %1"),
        "number_blank": QCoreApplication.translate("Rejections", "the number is blank"),
        "not_date": QCoreApplication.translate("Rejections", "not a date: %1"),
        "serial_60": QCoreApplication.translate(
            "Rejections", "invalid date 1900-02-29 (Excel serial 60)"
        ),
        "invalid_date": QCoreApplication.translate("Rejections", "invalid date %1"),
        "date_blank": QCoreApplication.translate("Rejections", "the date is blank"),
        "date_range": QCoreApplication.translate("Rejections", "date out of range: %1"),
        "zone": QCoreApplication.translate("Rejections", "invalid time zone offset %1"),
        "future": QCoreApplication.translate("Rejections", "the order date %1 is in the future"),
        "future_mapped": QCoreApplication.translate(
            "Rejections", "the order is dated more than a day in the future"
        ),
        "impossible": QCoreApplication.translate("Rejections", "the order date %1 is impossible"),
        "no_id": QCoreApplication.translate("Rejections", "the order id is missing"),
        "id_not_text": QCoreApplication.translate("Rejections", "the order id is not text: %1"),
        "id_number": QCoreApplication.translate(
            "Rejections",
            "the order id was stored as a number (%1) and lost its digits; export the file "
            "again with ids as text",
        ),
        "id_sci": QCoreApplication.translate(
            "Rejections",
            "the order id is in scientific notation (%1) and lost its digits; export the file "
            "again with ids as text",
        ),
        "status_blank": QCoreApplication.translate("Rejections", "the order status is blank"),
        "status_mapped": QCoreApplication.translate(
            "Rejections", "unknown order status %1 (map it in the import mapping)"
        ),
        "status": QCoreApplication.translate("Rejections", "unknown order status %1"),
        "financial_blank": QCoreApplication.translate("Rejections", "Financial Status is blank"),
        "financial": QCoreApplication.translate("Rejections", "unknown Financial Status %1"),
        "negative_paid": QCoreApplication.translate("Rejections", "the paid amount is negative"),
        "negative_refund": QCoreApplication.translate("Rejections", "the refund is negative"),
        "negative": QCoreApplication.translate("Rejections", "the amount is negative"),
        "currency": QCoreApplication.translate("Rejections", "not a currency: %1"),
        "pdd_prefix": QCoreApplication.translate(
            "Rejections", "订单成交时间 is blank and the id prefix %1 is no date"
        ),
        "pdd_no_date": QCoreApplication.translate(
            "Rejections", "订单成交时间 is blank and the order id carries no date"
        ),
        "first_row": QCoreApplication.translate(
            "Rejections",
            "order %1: its first row (with Financial Status and Total) is not in the file",
        ),
        "name_blank": QCoreApplication.translate("Rejections", "the name is blank"),
        "two_buyers_number": QCoreApplication.translate(
            "Rejections",
            "rows %1 and %2 of order %3 name different buyers (%4): its id was stored as a "
            "number and lost digits; export the file again with ids as text",
        ),
        "two_buyers": QCoreApplication.translate(
            "Rejections",
            "rows %1 and %2 of order %3 name different buyers (%4): two orders share this id",
        ),
    }


@functools.lru_cache(maxsize=4096)
def _understood(reason: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(column prefix, sentence key, its values) of a reason, or None when unknown."""
    prefix, why = "", reason
    for _attempt in range(3):  # a column prefix, at most twice ("列: 列: why" never occurs)
        for key, pattern in _PATTERNS:
            m = pattern.fullmatch(why)
            if m:
                return prefix, key, m.groups()
        column, sep, rest = why.partition(": ")
        if not sep or not column or len(column) > 60:
            return None
        prefix, why = prefix + column + ": ", rest
    return None


def rejection_text(reason: str) -> str:
    """A skipped row's reason, translated; unknown sentences are shown as written."""
    found = _understood(reason)
    if found is None:
        return reason
    prefix, key, values = found
    text = _translations()[key]
    for i, value in enumerate(values, start=1):
        text = text.replace(f"%{i}", value)
    if prefix:
        separator = QCoreApplication.translate("Rejections", ": ")
        text = separator.join(p for p in prefix.split(": ") if p) + separator + text
    return text


# Why a whole file cannot be imported (ImportFileError.message), as the reader and the parse
# write it; the same way: known sentences translated, values kept, others shown as written.
_FILE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(pattern, re.DOTALL))
    for key, pattern in (
        ("unknown", r"unknown layout: no known export header \(.*\) in the first (\d+) rows "
                    r"of (\d+) sheets?; choose the platform or map the columns"),
        ("binary", r"this is a binary file, not a spreadsheet or CSV export"),
        ("empty", r"the file is empty"),
        ("not_found", r"file not found"),
        ("not_file", r"not a file"),
        ("too_big", r"(.*) is (\d+) MB; files over (\d+) MB are refused"),
        ("too_many", r"(.*) has ([\d,]+) lines and ([\d,]+) cells, more than one import reads "
                     r"\(([\d,]+) lines, ([\d,]+) cells\); export a shorter period"),
        ("workbook", r"(.*) is not a readable workbook \((.*)\)"),
        ("no_sheets", r"(.*) has no worksheets"),
        ("csv", r"not a readable CSV file \((.*)\)"),
        ("encoding", r"cannot tell the text encoding \(not UTF-8, UTF-16 or GBK\); save it as "
                     r"UTF-8 CSV"),
        ("missing", r"not a (\S+) export: missing columns (.*)"),
        ("ambiguous", r"(\d+) columns are named (.*); the mapping must say which: (.*)"),
        ("details", r"this is a (.*) file \(item lines only\); import the order file exported "
                    r"with it \(ExportOrderList…\), which picks this file up from the same folder"),
        ("no_reader", r"no reader for (.*) exports yet; map the columns instead"),
        ("kind_customers", r"this is a (.*) file \(customers\), not orders: import it as "
                           r"customers"),
        ("kind_orders", r"this is a (.*) file \(orders\), not customers: import it as orders"),
        ("cannot_open", r"cannot open the file \((.*)\)"),
        ("damaged", r"(.*) is damaged \((.*)\)"),
        ("bom_not_text", r"the file starts with a UTF-8 mark but is not valid text"),
        ("not_valid_text", r"not valid (\S+) text"),
        ("refused", r"(.*) is refused: (.*)"),
        ("no_store_currency", r"the store has no currency yet and these amounts name none; say "
                              r"which currency they are in \(the mapping's \"currency\", e\.g\. "
                              r"\"CNY\"\): the first import sets the store's"),
    )
]  # fmt: skip


def _file_translations() -> dict[str, str]:
    return {
        "binary": QCoreApplication.translate(
            "FileErrors", "this is a binary file, not a spreadsheet or CSV export"
        ),
        "empty": QCoreApplication.translate("FileErrors", "the file is empty"),
        "not_found": QCoreApplication.translate("FileErrors", "the file was not found"),
        "not_file": QCoreApplication.translate("FileErrors", "this is not a file"),
        "too_big": QCoreApplication.translate(
            "FileErrors", "%1 is %2 MB; files over %3 MB are refused"
        ),
        "too_many": QCoreApplication.translate(
            "FileErrors",
            "%1 has %2 lines and %3 cells, more than one import reads (%4 lines, %5 cells); "
            "export a shorter period",
        ),
        "workbook": QCoreApplication.translate("FileErrors", "%1 is not a readable workbook (%2)"),
        "no_sheets": QCoreApplication.translate("FileErrors", "%1 has no worksheets"),
        "csv": QCoreApplication.translate("FileErrors", "not a readable CSV file (%1)"),
        "encoding": QCoreApplication.translate(
            "FileErrors",
            "cannot tell the text encoding (not UTF-8, UTF-16 or GBK); save it as UTF-8 CSV",
        ),
        "missing": QCoreApplication.translate("FileErrors", "not a %1 export: missing columns %2"),
        "ambiguous": QCoreApplication.translate(
            "FileErrors", "%1 columns are named %2; the mapping must say which: %3"
        ),
        "details": QCoreApplication.translate(
            "FileErrors",
            "this is a %1 file (item lines only); import the order file exported with it "
            "(ExportOrderList…), which picks this file up from the same folder",
        ),
        "no_reader": QCoreApplication.translate(
            "FileErrors", "no reader for %1 exports yet; map the columns instead"
        ),
        "kind_customers": QCoreApplication.translate(
            "FileErrors", "this is a %1 file (customers), not orders: import it as customers"
        ),
        "kind_orders": QCoreApplication.translate(
            "FileErrors", "this is a %1 file (orders), not customers: import it as orders"
        ),
        "cannot_open": QCoreApplication.translate("FileErrors", "cannot open the file (%1)"),
        "damaged": QCoreApplication.translate(
            "FileErrors", "%1 is damaged (%2): download or copy it again"
        ),
        "bom_not_text": QCoreApplication.translate(
            "FileErrors", "the file starts with a UTF-8 mark but is not valid text"
        ),
        "not_valid_text": QCoreApplication.translate("FileErrors", "not valid %1 text"),
        "refused": QCoreApplication.translate("FileErrors", "%1 is refused: %2"),
        "no_store_currency": QCoreApplication.translate(
            "FileErrors",
            "the store has no currency yet and these amounts name none: choose the currency "
            "they are in (Amounts in, in the import wizard's mapping); the first import sets "
            "the store's",
        ),
    }


class FileErrorCounts(QObject):
    """File errors with a count: `self.tr(..., n)` so lupdate marks them as plural forms."""

    def unknown_layout(self, sheets: int) -> str:
        return self.tr(
            "no known export header (Taobao, 千牛, JD, Pinduoduo, Douyin, Shopify, WooCommerce, "
            "Etsy, eBay) in the first %1 rows of %n sheet(s): choose the platform or map the "
            "columns",
            "",
            sheets,
        )


def file_error_text(message: str) -> str:
    """Why a file cannot be imported, translated; unknown sentences are shown as written."""
    for key, pattern in _FILE_PATTERNS:
        m = pattern.fullmatch(message)
        if m:
            if key == "unknown":  # a count: "of 1 sheet", "of 2 sheets"
                text = FileErrorCounts().unknown_layout(int(m.group(2)))
            else:
                text = _file_translations()[key]
            for i, value in enumerate(m.groups(), start=1):
                if key == "missing" and i == 1 and value in PLATFORMS:
                    value = platform_name(value)  # the platform as the merchant knows it
                text = text.replace(f"%{i}", value)
            return text
    return message


# What the reader noticed in a file (ImportReceipt.notes), as the parse and the importer write
# them: known sentences translated the same way, values kept, others shown as written.
_NOTE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(pattern, re.DOTALL))
    for key, pattern in (
        ("duplicate_column", r"duplicate column (.*): the first is used; the others are (.*)"),
        ("sheet_read", r"sheet (.*) was read"),
        ("sheet_same", r"sheet (.*) has the same columns but was not read \(one sheet per "
                       r"import: map that sheet to import it\)"),
        ("sheet_joined", r"sheet (.*) was joined by (.*) \((.*)\)"),
        ("sheet_orphans", r"sheet (.*) lists (\d+) order\(s\) with no rows on sheet (.*), not "
                          r"imported: (.*)"),
        ("again_order", r"order (.*) appears again on row (\d+) with different values \(first on "
                        r"row (\d+)\); the later row is used"),
        ("again_customer", r"a customer appears again on row (\d+) with different values "
                           r"\(first on row (\d+)\); the later row is used"),
        ("repeated", r"order (.*) repeated; row (\d+) was used"),
        ("detail_taobao", r"(.*): detail files apply to Taobao only; ignored"),
        ("detail_row", r"(.*) row (\d+) skipped: (.*)"),
        ("detail_skipped", r"(.*): (\d+) rows skipped in all"),
        ("detail_unmatched", r"(.*): item lines of (\d+) order\(s\) not in the order file were "
                             r"ignored"),
        ("refund_capped", r"order (.*): refund larger than the paid amount, capped at paid"),
        ("taobao_coupon", r"order (.*): 退款金额 is the coupon difference \(应付 − 实付\), not a "
                          r"refund"),
        ("jd_disagree", r"order (.*): rows disagree on 应付金额; row (\d+) is used"),
        ("pdd_lines", r"order (.*): its rows carry different 订单应付金额, taken as each "
                      r"子订单's own and added up"),
        ("taobao_item_lines", r"order (.*): its rows carry each item's own 买家实际支付金额, "
                              r"added up"),
        ("douyin_same_lines", r"order (.*): its rows carry the same 订单应付金额, which fits each "
                              r"子订单's goods: taken as each 子订单's own and added up"),
        ("erased_one", r"1 order of an erased customer was kept without a customer"),
        ("erased", r"(\d+) orders of erased customers were kept without a customer"),
        ("birthday", r"row (\d+): (.*); the birthday was left out"),
        ("birthday_future", r"row (\d+): the birthday (.*) is in the future; it was left out"),
        ("birthday_old", r"row (\d+): the birthday (.*) is more than 130 years ago; it was left "
                         r"out"),
        ("erased_person", r"1 person on this list was erased earlier and was not added again"),
        ("erased_people", r"(\d+) people on this list were erased earlier and were not added "
                          r"again"),
        ("shared_phone", r"row (\d+): its phone fits (\d+) customers \((.*)\); it was matched to "
                         r"the first\. Merge them if they are one person"),
        ("shared_email", r"row (\d+): its e-mail fits (\d+) customers \((.*)\); it was matched "
                         r"to the first\. Merge them if they are one person"),
    )
]  # fmt: skip


def _note_translations() -> dict[str, str]:
    return {
        "duplicate_column": QCoreApplication.translate(
            "ImportNotes", "duplicate column %1: the first is used; the others are %2"
        ),
        "sheet_read": QCoreApplication.translate("ImportNotes", "sheet %1 was read"),
        "sheet_same": QCoreApplication.translate(
            "ImportNotes",
            "sheet %1 has the same columns but was not read (one sheet per import: map that "
            "sheet to import it)",
        ),
        "sheet_joined": QCoreApplication.translate("ImportNotes", "sheet %1 was joined by %2 (%3)"),
        "sheet_orphans": QCoreApplication.translate(
            "ImportNotes",
            "sheet %1 lists %2 order(s) with no rows on sheet %3, not imported: %4",
        ),
        "again_order": QCoreApplication.translate(
            "ImportNotes",
            "order %1 appears again on row %2 with different values (first on row %3); the "
            "later row is used",
        ),
        "again_customer": QCoreApplication.translate(
            "ImportNotes",
            "a customer appears again on row %1 with different values (first on row %2); the "
            "later row is used",
        ),
        "repeated": QCoreApplication.translate("ImportNotes", "order %1 repeated; row %2 was used"),
        "detail_taobao": QCoreApplication.translate(
            "ImportNotes", "%1: detail files apply to Taobao only; ignored"
        ),
        "detail_row": QCoreApplication.translate("ImportNotes", "%1 row %2 skipped: %3"),
        "detail_skipped": QCoreApplication.translate("ImportNotes", "%1: %2 rows skipped in all"),
        "detail_unmatched": QCoreApplication.translate(
            "ImportNotes", "%1: item lines of %2 order(s) not in the order file were ignored"
        ),
        "refund_capped": QCoreApplication.translate(
            "ImportNotes", "order %1: refund larger than the paid amount, capped at paid"
        ),
        "taobao_coupon": QCoreApplication.translate(
            "ImportNotes", "order %1: 退款金额 is the coupon difference (应付 − 实付), not a refund"
        ),
        "jd_disagree": QCoreApplication.translate(
            "ImportNotes", "order %1: rows disagree on 应付金额; row %2 is used"
        ),
        "pdd_lines": QCoreApplication.translate(
            "ImportNotes",
            "order %1: its rows carry different 订单应付金额, taken as each 子订单's own and "
            "added up",
        ),
        "taobao_item_lines": QCoreApplication.translate(
            "ImportNotes", "order %1: its rows carry each item's own 买家实际支付金额, added up"
        ),
        "douyin_same_lines": QCoreApplication.translate(
            "ImportNotes",
            "order %1: its rows carry the same 订单应付金额, which fits each 子订单's goods: "
            "taken as each 子订单's own and added up",
        ),
        "erased_one": QCoreApplication.translate(
            "ImportNotes", "1 order of an erased customer was kept without a customer"
        ),
        "erased": QCoreApplication.translate(
            "ImportNotes", "%1 orders of erased customers were kept without a customer"
        ),
        "birthday": QCoreApplication.translate(
            "ImportNotes", "row %1: %2; the birthday was left out"
        ),
        "birthday_future": QCoreApplication.translate(
            "ImportNotes", "row %1: the birthday %2 is in the future; it was left out"
        ),
        "birthday_old": QCoreApplication.translate(
            "ImportNotes", "row %1: the birthday %2 is more than 130 years ago; it was left out"
        ),
        "erased_person": QCoreApplication.translate(
            "ImportNotes", "1 person on this list was erased earlier and was not added again"
        ),
        "erased_people": QCoreApplication.translate(
            "ImportNotes", "%1 people on this list were erased earlier and were not added again"
        ),
        "shared_phone": QCoreApplication.translate(
            "ImportNotes",
            "row %1: its phone fits %2 customers (%3); it was matched to the first. Merge them "
            "if they are one person",
        ),
        "shared_email": QCoreApplication.translate(
            "ImportNotes",
            "row %1: its e-mail fits %2 customers (%3); it was matched to the first. Merge them "
            "if they are one person",
        ),
    }


def note_text(note: str) -> str:
    """What the reader noticed, translated; unknown sentences are shown as written."""
    for key, pattern in _NOTE_PATTERNS:
        m = pattern.fullmatch(note)
        if m:
            values = list(m.groups())
            if key == "detail_row":  # its last value is a skipped row's reason
                values[2] = rejection_text(values[2])
            elif key == "birthday":  # a reason worded as a skipped row's
                values[1] = rejection_text(values[1])
            return fill_args(_note_translations()[key], values)
    return note
