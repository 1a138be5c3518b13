"""A currency is stored as its ISO code, however a file writes it (DESIGN §2).

A hand-made sheet's 币种 column said `cny`, `usd`, `$`, `RMB`, `人民币`: those were stored as
typed, so orders in the store currency were left out of every figure and no rate could be given
for `$`. A Shopify Currency cell `$` was stored as `$`. A mapped sheet without a currency column
whose amounts carry a sign (`$100.00`, `€50.00`) was read as store-currency money. Migration 0016
rewrites what earlier versions stored that way.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, db, open_database
from desktop_crm.services import currency, effects
from desktop_crm.services.importing import engine, parse
from desktop_crm.services.importing.mapping import (
    Mapping,
    MappingError,
    mapping_parser,
    parse_with_mapping,
)
from desktop_crm.services.importing.normalize import currency_code, currency_of
from desktop_crm.services.importing.profiles import saved_mappings
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.stats import store_stats

NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()
SEP = "\x1f"


def _csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _order(platform: str, no: str, key: str, paid: int, code: str | None, days: int):
    return ParsedOrder(
        row=0, platform=platform, order_no=no, ordered_at=NOW - timedelta(days=days),
        status="completed", paid=paid, currency=code, buyer_key=key, buyer_name=key,
        email=key if "@" in key else None, item_summary="茶叶",
        items=[ParsedItem("茶叶", quantity=1, price=paid)],
    )  # fmt: skip


def _cny_store(tmp_path: Path) -> None:
    """A Taobao shop: its first import makes the store currency CNY."""
    orders = [_order("taobao", "3100000000000000001", "tb_zhao", 50_000, "CNY", 4)]
    path = write_export("taobao", orders, tmp_path / "ExportOrderList202611230900.csv")
    engine.import_file(path, now=NOW, today=TODAY)


def _currencies() -> dict[str, str | None]:
    rows = db.execute_sql("SELECT order_no, currency FROM orders ORDER BY order_no").fetchall()
    return {no: code for no, code in rows}


# --------------------------------------------------------------------------------------------
# The cell reader


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("USD", "USD"), ("usd", "USD"), (" USD ", "USD"), ("ｕｓｄ", "USD"), ("sek", "SEK"),
        ("cny", "CNY"), ("RMB", "CNY"), ("rmb", "CNY"), ("人民币", "CNY"), ("元", "CNY"),
        ("¥", "CNY"), ("￥", "CNY"), ("RMB ¥", "CNY"), ("人民币（元）", "CNY"),
        ("$", "USD"), ("US$", "USD"), ("US $", "USD"), ("美元", "USD"), ("美金", "USD"),
        ("€", "EUR"), ("欧元", "EUR"), ("£", "GBP"), ("英镑", "GBP"), ("日元", "JPY"),
        ("円", "JPY"), ("JP¥", "JPY"), ("HK$", "HKD"), ("港币", "HKD"), ("港元", "HKD"),
        ("AU$", "AUD"), ("A$", "AUD"), ("澳元", "AUD"), ("C$", "CAD"), ("加元", "CAD"),
        ("NT$", "TWD"), ("新台币", "TWD"), ("USD $", "USD"),
    ],
)  # fmt: skip
def test_a_currency_cell_is_read_as_its_iso_code(cell: str, code: str) -> None:
    assert currency_code(cell) == code


@pytest.mark.parametrize("cell", ["现金", "dollars", "CNY/USD", "USDT", "12", "US", "¥$"])
def test_a_cell_that_names_no_currency_is_refused(cell: str) -> None:
    with pytest.raises(ValueError, match=r"^not a currency: ") as info:
        currency_code(cell)
    assert str(info.value) == f"not a currency: {cell!r}"


def test_a_blank_currency_cell_is_none() -> None:
    assert currency_code(None) is None
    assert currency_code("") is None
    assert currency_code("  ") is None


@pytest.mark.parametrize(
    ("amount", "code"),
    [("100美元", "USD"), ("￥12.00", "CNY"), ("A$3.00", "AUD"), ("€50.00", "EUR"),
     ("50 欧元", "EUR"), ("3000日元", "JPY"), ("88.00元", "CNY"), ("12.00", None)],
)  # fmt: skip
def test_the_sign_of_an_amount_names_its_currency(amount: str, code: str | None) -> None:
    assert currency_of(amount) == code


# --------------------------------------------------------------------------------------------
# A: the mapped import's currency column

OFFLINE = [
    ("单号", "日期", "金额", "会员名", "币种", "状态"),
    ("W001", "2026-11-20", "100.00", "线下_cny", "cny", "已完成"),
    ("W002", "2026-11-19", "100.00", "线下_usd_lower", "usd", "已完成"),
    ("W003", "2026-11-18", "100.00", "线下_USD", "USD", "已完成"),
    ("W004", "2026-11-17", "100.00", "线下_dollar", "$", "已完成"),
    ("W005", "2026-11-16", "100.00", "线下_RMB", "RMB", "已完成"),
    ("W006", "2026-11-15", "100.00", "线下_人民币", "人民币", "已完成"),
    ("W007", "2026-11-14", "100.00", "线下_blank", "", "已完成"),
    ("W008", "2026-11-13", "100.00", "线下_现金", "现金", "已完成"),
]
OFFLINE_MAPPING = {
    "name": "offline", "kind": "orders", "platform": "generic",
    "columns": {"order_no": "单号", "ordered_at": "日期", "paid": "金额", "buyer": "会员名",
                "currency": "币种", "status": "状态"},
    "default_status": "completed",
}  # fmt: skip


def _offline(tmp_path: Path) -> engine.ImportReceipt:
    path = _csv(tmp_path / "offline.csv", OFFLINE)
    parser = mapping_parser(Mapping.from_json(OFFLINE_MAPPING))
    return engine.import_file(path, now=NOW, today=TODAY, parser=parser)


def test_a_mapped_currency_column_is_stored_as_iso_codes(db_path: Path, tmp_path: Path) -> None:
    _cny_store(tmp_path)
    receipt = _offline(tmp_path)
    assert [(r.row, r.reason) for r in receipt.rejected] == [(9, "币种: not a currency: '现金'")]
    assert _currencies() == {
        "3100000000000000001": "CNY", "W001": "CNY", "W002": "USD", "W003": "USD",
        "W004": "USD", "W005": "CNY", "W006": "CNY", "W007": "CNY",  # blank: the store's
    }  # fmt: skip
    # The store's own currency however written counts; USD waits for a rate.
    assert store_stats(today=TODAY)["revenue"] == "900.00"
    assert currency.uncounted() == [currency.Uncounted("USD", 3, 30_000)]
    assert currency.currencies_in_orders() == [("USD", 3)]
    effects.set_currency_rates({"USD": "7"}, today=TODAY, now=NOW)
    assert currency.uncounted() == []
    assert store_stats(today=TODAY)["revenue"] == "3000.00"  # 900 + 3 × 100 × 7


def test_a_new_store_adopts_the_iso_code_of_a_mapped_first_import(
    db_path: Path, tmp_path: Path
) -> None:
    rows = [OFFLINE[0], ("W1", "2026-11-20", "10.00", "老客户", "人民币", "已完成")]
    path = _csv(tmp_path / "offline.csv", rows)
    parser = mapping_parser(Mapping.from_json(OFFLINE_MAPPING))
    engine.import_file(path, now=NOW, today=TODAY, parser=parser)
    assert currency.store_currency() == "CNY"
    assert store_stats(today=TODAY)["revenue"] == "10.00"


def test_the_mappings_own_currency_is_an_iso_code() -> None:
    mapping = Mapping.from_json({**OFFLINE_MAPPING, "currency": "rmb"})
    assert mapping.currency == "CNY"
    with pytest.raises(MappingError, match=r"not a currency: '现金'"):
        Mapping.from_json({**OFFLINE_MAPPING, "currency": "现金"})


# --------------------------------------------------------------------------------------------
# D: amounts with a sign and no currency column

OVERSEAS = [
    ("Order", "Date", "Amount", "Buyer", "币种"),
    ("X1", "2026-11-20", "$100.00", "paul", ""),
    ("X2", "2026-11-19", "€50.00", "marie", ""),
    ("X3", "2026-11-18", "USD 30.00", "joe", ""),
    ("X4", "2026-11-17", "88.00元", "wang", ""),
    ("X5", "2026-11-16", "20.00", "li", ""),
    ("X6", "2026-11-15", "$10.00", "cell", "CAD"),  # the currency column says what it is
]
OVERSEAS_COLUMNS = {"order_no": "Order", "ordered_at": "Date", "paid": "Amount", "buyer": "Buyer"}


def test_a_mapped_amounts_sign_names_its_currency(db_path: Path, tmp_path: Path) -> None:
    _cny_store(tmp_path)
    path = _csv(tmp_path / "overseas.csv", [r[:4] for r in OVERSEAS[:6]])
    mapping = Mapping(columns=OVERSEAS_COLUMNS, name="overseas")
    receipt = engine.import_file(path, now=NOW, today=TODAY, parser=mapping_parser(mapping))
    assert receipt.rejected == [] and receipt.orders_added == 5
    stored = db.execute_sql(
        "SELECT order_no, paid, currency FROM orders WHERE platform = 'generic' ORDER BY 1"
    ).fetchall()
    assert stored == [
        ("X1", 10_000, "USD"), ("X2", 5_000, "EUR"), ("X3", 3_000, "USD"), ("X4", 8_800, "CNY"),
        ("X5", 2_000, "CNY"),  # no sign: the store's, written down
    ]  # fmt: skip
    assert store_stats(today=TODAY)["revenue"] == "608.00"  # 500 + 88 + 20


def test_the_currency_column_then_the_sign_then_the_mappings_currency(tmp_path: Path) -> None:
    path = _csv(tmp_path / "overseas.csv", OVERSEAS)
    columns = {**OVERSEAS_COLUMNS, "currency": "币种"}

    def read(mapping: Mapping) -> dict[str, str | None]:
        return {o.order_no: o.currency for o in parse_with_mapping(path, mapping, now=NOW).orders}

    assert read(Mapping(columns=columns)) == {
        "X1": "USD", "X2": "EUR", "X3": "USD", "X4": "CNY", "X5": None, "X6": "CAD",
    }  # fmt: skip
    # A sign the row writes names its currency; a bare "$" is the mapping's dollar.
    assert read(Mapping(columns=columns, currency="hkd")) == {
        "X1": "HKD", "X2": "EUR", "X3": "USD", "X4": "CNY", "X5": "HKD", "X6": "CAD",
    }  # fmt: skip


def test_a_bare_sign_is_the_stores_when_the_store_writes_it_so(
    db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.services.settings import set_setting

    path = _csv(tmp_path / "overseas.csv", OVERSEAS)
    columns = {**OVERSEAS_COLUMNS, "currency": "币种"}
    for store, dollar in (("CAD", "CAD"), ("JPY", "USD"), ("CNY", "USD")):
        set_setting("currency", store)
        found = {o.order_no: o.currency for o in parse_with_mapping(path, Mapping(columns=columns),
                                                                  now=NOW).orders}  # fmt: skip
        assert (found["X1"], found["X3"], found["X4"]) == (dollar, "USD", "CNY")
    yen = _csv(tmp_path / "yen.csv", [OVERSEAS[0], ("Y1", "2026-11-20", "¥3,000", "sato", "")])
    set_setting("currency", "JPY")
    (order,) = parse_with_mapping(yen, Mapping(columns=columns), now=NOW).orders
    assert (order.currency, order.paid) == ("JPY", 300_000)


# --------------------------------------------------------------------------------------------
# B: the platform readers agree


SHOPIFY_CODES = {"#1001": "$", "#1002": "usd", "#1003": " USD ", "#1004": "RMB", "#1005": "eur"}


def _shopify(tmp_path: Path, codes: dict[str, str]) -> Path:
    orders = [
        _order("shopify", no, f"b{n}@example.com", 1_000 * (n + 1), code, n + 1)
        for n, (no, code) in enumerate(codes.items())
    ]
    return write_export("shopify", orders, tmp_path / "orders_export.csv")


@pytest.mark.parametrize("fast", [True, False])
def test_shopify_currency_cells_are_read_as_iso_codes(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    monkeypatch.setattr(parse, "FAST_PATHS", fast)
    path = _shopify(tmp_path, {**SHOPIFY_CODES, "#1006": "现金"})
    receipt = engine.import_file(path, platform="shopify", now=NOW, today=TODAY)
    assert [r.reason for r in receipt.rejected] == ["Currency: not a currency: '现金'"]
    assert _currencies() == {
        "#1001": "USD", "#1002": "USD", "#1003": "USD", "#1004": "CNY", "#1005": "EUR",
    }  # fmt: skip


def test_woocommerce_reads_currency_cells_as_shopify_does(db_path: Path, tmp_path: Path) -> None:
    orders = [
        _order("woocommerce", str(100 + n), f"w{n}@example.com", 1_000, code, n + 1)
        for n, code in enumerate(["$", "RMB", "人民币", "usd"])
    ]
    path = write_export("woocommerce", orders, tmp_path / "orders.csv")
    receipt = engine.import_file(path, platform="woocommerce", now=NOW, today=TODAY)
    assert receipt.rejected == []
    assert _currencies() == {"100": "USD", "101": "CNY", "102": "CNY", "103": "USD"}


# --------------------------------------------------------------------------------------------
# Migration 0016: what earlier versions stored


def _with_currency(fingerprint: str, code: str) -> str:
    parts = fingerprint.split(SEP)
    parts[6] = code
    return SEP.join(parts)


def _store_old_reading(values: dict[str, str]) -> None:
    """Write currencies and fingerprints as an earlier version stored them."""
    for no, value in values.items():
        (fp,) = db.execute_sql("SELECT fingerprint FROM orders WHERE order_no = ?", [no]).fetchone()
        db.execute_sql(
            "UPDATE orders SET currency = ?, fingerprint = ? WHERE order_no = ?",
            [value, _with_currency(fp, value), no],
        )


def _migrate_again() -> None:
    """Run 0016 again, as on a database of version 15."""
    db.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name LIKE '0016%'")
    db.execute_sql("PRAGMA user_version = 15")
    db_file = Path(db.database)
    close_database()
    open_database(db_file)
    assert dbmod.pending_migrations() == []
    # The later steps stayed applied; a real version-15 file would have run them after 0016.
    db.execute_sql(f"PRAGMA user_version = {dbmod.head_version()}")


OLD_MAPPED = {
    "W001": "cny", "W002": "usd", "W003": " USD ", "W004": "$", "W005": "RMB", "W006": "人民币",
    "W007": "现金",
}  # fmt: skip


def test_the_migration_rewrites_stored_currencies_and_a_reimport_is_unchanged(
    db_path: Path, tmp_path: Path
) -> None:
    _cny_store(tmp_path)
    offline = _csv(tmp_path / "offline.csv", OFFLINE[:8])  # W007's cell is blank
    mapping = Mapping.from_json(OFFLINE_MAPPING)
    engine.import_file(offline, now=NOW, today=TODAY, parser=mapping_parser(mapping))
    shopify = _shopify(tmp_path, SHOPIFY_CODES)
    engine.import_file(shopify, platform="shopify", now=NOW, today=TODAY)
    fingerprints = dict(db.execute_sql("SELECT order_no, fingerprint FROM orders").fetchall())
    # What version 15 stored: the cells as typed, and the Shopify reader's upper-case.
    _store_old_reading({**OLD_MAPPED, "#1001": "$", "#1004": "RMB"})
    db.execute_sql(
        "UPDATE orders SET source_digest = 'read-by-version-3' WHERE platform = 'shopify'"
    )
    effects.set_currency_rates({"USD": "7", "RMB": "1"}, today=TODAY, now=NOW)
    _migrate_again()
    assert _currencies() == {
        "3100000000000000001": "CNY", "W001": "CNY", "W002": "USD", "W003": "USD",
        "W004": "USD", "W005": "CNY", "W006": "CNY", "W007": "现金",  # unreadable: kept
        "#1001": "USD", "#1002": "USD", "#1003": "USD", "#1004": "CNY", "#1005": "EUR",
    }  # fmt: skip
    now_stored = dict(db.execute_sql("SELECT order_no, fingerprint FROM orders").fetchall())
    fingerprints["W007"] = _with_currency(fingerprints["W007"], "现金")
    assert now_stored == fingerprints
    # Every CNY order counts; the USD rate counts all USD orders, however they were written.
    assert currency.uncounted() == [
        currency.Uncounted("EUR", 1, 5_000), currency.Uncounted("现金", 1, 10_000),
    ]  # fmt: skip
    # CNY 500 + 3 × 100 + 40; USD (3 × 100 + 10 + 20 + 30) × 7; EUR left out.
    assert store_stats(today=TODAY)["revenue"] == "3360.00"
    reread = _csv(
        tmp_path / "offline_again.csv", [*OFFLINE[:7], (*OFFLINE[7][:4], "现金", "已完成")]
    )
    again = engine.import_file(reread, now=NOW, today=TODAY, parser=mapping_parser(mapping))
    assert [r.reason for r in again.rejected] == ["币种: not a currency: '现金'"]
    assert (again.orders_unchanged, again.orders_updated, again.orders_added) == (6, 0, 0)
    again = engine.import_file(shopify, platform="shopify", now=NOW, today=TODAY)
    assert (again.orders_unchanged, again.orders_updated, again.orders_added) == (5, 0, 0)


def test_the_migration_fixes_the_store_currency_rates_and_the_undo_journal(
    db_path: Path, tmp_path: Path
) -> None:
    # W001 (cny), W002 (usd) shipped: the store's first import; then completed.
    completed = [OFFLINE[0], *OFFLINE[1:3]]
    rows = [completed[0], *((*r[:5], "已发货") for r in completed[1:])]
    shipped = _csv(tmp_path / "shipped.csv", rows)
    mapping = Mapping.from_json(OFFLINE_MAPPING)
    engine.import_file(shipped, now=NOW, today=TODAY, parser=mapping_parser(mapping))
    path = _csv(tmp_path / "completed.csv", completed)
    changed = engine.import_file(path, now=NOW, today=TODAY, parser=mapping_parser(mapping))
    assert changed.orders_updated == 2  # its journal holds the shipped versions
    # What version 15 could hold: the journal's versions and the store currency as typed (a
    # mapped first import adopted '人民币'), and a rate keyed RMB.
    _store_old_reading({"W001": "人民币", "W002": "usd"})
    journal = db.execute_sql(
        "SELECT id, before_json FROM import_change WHERE batch_id = ? AND entity = 'order'",
        [changed.batch_id],
    ).fetchall()
    for change_id, before_json in journal:
        before = json.loads(before_json)
        old = "人民币" if before["order_no"] == "W001" else "usd"
        before["currency"] = old
        before["fingerprint"] = _with_currency(before["fingerprint"], old)
        db.execute_sql(
            "UPDATE import_change SET before_json = ? WHERE id = ?",
            [json.dumps(before, ensure_ascii=False), change_id],
        )
    db.execute_sql("UPDATE setting SET value = ? WHERE key = 'currency'", ['"人民币"'])
    db.execute_sql(
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('currency_rates', ?)",
        ['{"USD": "7", "RMB": "0.5"}'],
    )
    _migrate_again()
    assert currency.store_currency() == "CNY"
    assert currency.rates() == {"USD": Decimal("7")}  # a rate for the store itself is dropped
    assert _currencies() == {"W001": "CNY", "W002": "USD"}
    assert store_stats(today=TODAY)["revenue"] == "800.00"
    engine.undo_batch(int(changed.batch_id or 0), now=NOW)
    restored = db.execute_sql(
        "SELECT order_no, status, currency, fingerprint FROM orders ORDER BY 1"
    ).fetchall()
    assert [(no, status, code) for no, status, code, _ in restored] == [
        ("W001", "shipped", "CNY"), ("W002", "shipped", "USD"),
    ]  # fmt: skip
    assert all(fp.split(SEP)[6] == code for _, _, code, fp in restored)
    again = engine.import_file(shipped, now=NOW, today=TODAY, parser=mapping_parser(mapping))
    assert (again.orders_unchanged, again.orders_updated) == (2, 0)


def test_the_migration_moves_an_alias_rate_to_the_iso_code(db_path: Path, tmp_path: Path) -> None:
    _shopify_store = [_order("shopify", "#1", "a@example.com", 1_000, "USD", 1)]
    engine.import_file(
        write_export("shopify", _shopify_store, tmp_path / "orders_export.csv"),
        platform="shopify", now=NOW, today=TODAY,
    )  # fmt: skip
    offline = _csv(tmp_path / "offline.csv", [OFFLINE[0], OFFLINE[5]])  # W005, RMB
    engine.import_file(
        offline, now=NOW, today=TODAY, parser=mapping_parser(Mapping.from_json(OFFLINE_MAPPING))
    )
    _store_old_reading({"W005": "RMB"})
    db.execute_sql(
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('currency_rates', ?)",
        ['{"RMB": "0.14"}'],
    )
    saved = {
        "a": {**OFFLINE_MAPPING, "currency": "人民币"},
        "b": {**OFFLINE_MAPPING, "currency": "现金"},
    }
    db.execute_sql(
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('import_mappings', ?)",
        [json.dumps(saved)],
    )
    _migrate_again()
    assert _currencies()["W005"] == "CNY"
    assert currency.rates() == {"CNY": Decimal("0.14")}
    assert currency.uncounted() == []
    assert [m.currency for m in saved_mappings()] == ["CNY", None]


def _revalue_mark() -> object:
    row = db.execute_sql("SELECT value FROM setting WHERE key = '_revalue_figures'").fetchone()
    return row and json.loads(row[0])


def test_the_migration_asks_for_figures_only_when_it_changed_something(
    db_path: Path, tmp_path: Path
) -> None:
    _cny_store(tmp_path)
    _offline(tmp_path)
    _migrate_again()
    assert _revalue_mark() is None
    _store_old_reading({"W001": "cny"})
    _migrate_again()
    assert _revalue_mark() is True


def test_figures_are_revalued_once_after_the_migration(db_path: Path, tmp_path: Path) -> None:
    from desktop_crm.services.check import run_check

    _cny_store(tmp_path)
    _offline(tmp_path)
    _store_old_reading({"W001": "cny"})
    effects.set_currency_rates({}, today=TODAY, now=NOW)  # figures as version 15 counted them
    _migrate_again()
    assert not run_check().ok  # W001 now counts; the cached totals do not know it yet
    effects.day_started(today=TODAY, now=NOW)  # the app's start, or a command reading figures
    assert run_check().ok and _revalue_mark() is None


def test_a_new_store_refuses_mapped_amounts_whose_currency_nobody_said(
    db_path: Path, tmp_path: Path
) -> None:
    # A later Shopify file in dollars would make it a dollar store and count these as dollars.
    from desktop_crm.services.importing.records import ImportFileError

    path = _csv(tmp_path / "overseas.csv", OVERSEAS)  # X5: "20.00", no sign, no currency
    parser = mapping_parser(Mapping(columns=OVERSEAS_COLUMNS))
    with pytest.raises(ImportFileError, match="the store has no currency yet"):
        engine.import_file(path, now=NOW, today=TODAY, parser=parser)
    assert _currencies() == {} and currency.store_currency() is None
    told = mapping_parser(Mapping(columns=OVERSEAS_COLUMNS, currency="CNY"))
    engine.import_file(path, now=NOW, today=TODAY, parser=told)
    assert currency.store_currency() is not None and _currencies()["X5"] == "CNY"


def test_a_new_store_refuses_a_guessed_layout_whose_currency_nobody_said(
    db_path: Path, tmp_path: Path
) -> None:
    # The same file without a mapping: its columns are recognised by their names alone.
    from desktop_crm.services.importing.records import ImportFileError

    rows = [
        ("单号", "日期", "会员名", "金额", "状态"),
        ("G1", "2026-11-01 10:00", "小王", "1,200.50", "完成"),
    ]
    path = _csv(tmp_path / "offline.csv", rows)
    with pytest.raises(ImportFileError, match="the store has no currency yet"):
        engine.import_file(path, now=NOW, today=TODAY)
    assert _currencies() == {} and currency.store_currency() is None
    _cny_store(tmp_path)
    assert engine.import_file(path, now=NOW, today=TODAY).orders_added == 1
    assert _currencies()["G1"] == "CNY"


def test_a_marketplace_export_without_a_currency_column_imports_as_it_always_did(
    db_path: Path, tmp_path: Path
) -> None:
    # WooCommerce's order_currency column is optional: no mapping to say it in, so no refusal.
    rows = [("order_id", "order_date", "status", "order_total", "billing_email",
             "billing_first_name", "billing_last_name"),
            ("101", "2026-10-01 10:00:00", "completed", "25.00", "a@example.com", "Ann", "Lee")]  # fmt: skip
    receipt = engine.import_file(_csv(tmp_path / "orders-export.csv", rows), now=NOW, today=TODAY)
    assert receipt.platform == "woocommerce" and receipt.orders_added == 1


def test_a_bare_sign_in_the_currency_column_is_the_stores_too(
    db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.services.settings import set_setting

    set_setting("currency", "JPY")
    columns = {**OVERSEAS_COLUMNS, "currency": "币种"}
    rows = [OVERSEAS[0], ("Y1", "2026-11-20", "3000", "sato", "¥"),
            ("Y2", "2026-11-19", "¥3,000", "kato", ""), ("Y3", "2026-11-18", "20", "li", "RMB")]  # fmt: skip
    path = _csv(tmp_path / "yen.csv", rows)
    found = {o.order_no: o.currency for o in parse_with_mapping(path, Mapping(columns=columns),
                                                              now=NOW).orders}  # fmt: skip
    assert found == {"Y1": "JPY", "Y2": "JPY", "Y3": "CNY"}
