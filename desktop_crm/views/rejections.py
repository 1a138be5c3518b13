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
from desktop_crm.views.labels import platform_name

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
        ("cannot_open", r"cannot open the file \((.*)\)"),
        ("refused", r"(.*) is refused: (.*)"),
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
        "cannot_open": QCoreApplication.translate("FileErrors", "cannot open the file (%1)"),
        "refused": QCoreApplication.translate("FileErrors", "%1 is refused: %2"),
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
