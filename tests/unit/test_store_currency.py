"""Which currency the store is in: its first import's most common one, and the merchant can
change it (Settings ▸ Currency), the rates following where they can."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_crm.errors import ValidationError
from desktop_crm.services import currency, effects
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.stats import store_stats

NOW = datetime(2026, 11, 22, 10, 0)
TODAY = NOW.date()


def _shopify(
    tmp_path: Path, currencies: list[str], name: str = "orders_export.csv", start: int = 0
) -> None:
    orders = [
        ParsedOrder(
            row=0, platform="shopify", order_no=f"#{1000 + i}",
            ordered_at=NOW - timedelta(days=i), status="completed", paid=10_000, currency=code,
            buyer_key=f"b{i}@example.com", buyer_name=f"B{i}", email=f"b{i}@example.com",
        )
        for i, code in enumerate(currencies, start)
    ]  # fmt: skip
    engine.import_file(write_export("shopify", orders, tmp_path / name), now=NOW, today=TODAY)


def test_the_first_import_gives_its_most_common_currency_not_its_first_rows(
    db_path: Path, tmp_path: Path
) -> None:
    # Exports list the newest order first; this store's newest happens to be in euros.
    _shopify(tmp_path, ["EUR", "USD", "USD", "USD", "CAD", "USD"])
    assert currency.store_currency() == "USD"
    assert store_stats(today=TODAY)["revenue"] == "400.00"


def test_changing_the_store_currency_carries_the_rates_over(db_path: Path, tmp_path: Path) -> None:
    _shopify(tmp_path, ["EUR", "EUR", "USD", "CAD"])
    assert currency.store_currency() == "EUR"
    effects.set_currency_rates({"USD": "0.9", "CAD": "0.6"}, today=TODAY, now=NOW)
    assert store_stats(today=TODAY)["revenue"] == "350.00"  # 200 + 90 + 60
    carried = currency.carry_rates(currency.rates(), currency.store_currency(), "USD")
    assert carried == {"EUR": Decimal("1.111111"), "CAD": Decimal("0.666667")}
    effects.set_store_currency("usd", carried, today=TODAY, now=NOW)
    assert currency.store_currency() == "USD"
    assert currency.rates() == carried
    assert store_stats(today=TODAY)["revenue"] == "388.89"  # 222.22 + 100 + 66.67


def test_without_a_rate_for_the_new_currency_the_rates_start_afresh(
    db_path: Path, tmp_path: Path
) -> None:
    _shopify(tmp_path, ["EUR", "USD"])
    effects.set_currency_rates({"USD": "0.9"}, today=TODAY, now=NOW)
    assert currency.carry_rates(currency.rates(), currency.store_currency(), "GBP") == {}
    effects.set_store_currency("GBP", {}, today=TODAY, now=NOW)
    assert currency.uncounted() == [
        currency.Uncounted("EUR", 1, 10_000), currency.Uncounted("USD", 1, 10_000),
    ]  # fmt: skip


@pytest.mark.parametrize("code", ["US", "US D", "$", "", "1234"])
def test_a_store_currency_must_be_a_code(db_path: Path, tmp_path: Path, code: str) -> None:
    _shopify(tmp_path, ["EUR"])
    with pytest.raises(ValidationError):
        effects.set_store_currency(code, {}, today=TODAY, now=NOW)
    assert currency.store_currency() == "EUR"


def test_undoing_the_first_import_leaves_a_currency_the_merchant_chose(
    db_path: Path, tmp_path: Path
) -> None:
    _shopify(tmp_path, ["EUR"])
    effects.set_store_currency("USD", {}, today=TODAY, now=NOW)
    engine.undo_batch(engine.last_undoable_batch() or 0, now=NOW)
    assert currency.store_currency() == "USD"


def test_undoing_the_first_import_forgets_rates_to_its_currency(
    db_path: Path, tmp_path: Path
) -> None:
    # A CNY store's USD rate of 7 would have multiplied the next (USD) store's own orders.
    _shopify(tmp_path, ["CNY", "CNY", "USD"])
    effects.set_currency_rates({"USD": "7"}, today=TODAY, now=NOW)
    engine.undo_batch(engine.last_undoable_batch() or 0, now=NOW)
    assert currency.store_currency() is None and currency.rates() == {}
    _shopify(tmp_path, ["USD"], name="orders_export_2.csv")
    assert currency.store_currency() == "USD"
    assert store_stats(today=TODAY)["revenue"] == "100.00"


def test_undoing_the_first_import_keeps_the_currency_of_the_orders_that_stay(
    db_path: Path, tmp_path: Path
) -> None:
    # The store's first file undone, its second kept: the currency setting was deleted, and
    # the next dollar file made a CNY store with 647 orders a USD one (revenue 202,975.97 →
    # 1,402.73, every tier back to the base, `check` finding wrong totals).
    from desktop_crm.services.totals import count_wrong_totals

    _shopify(tmp_path, ["CNY", "CNY"])
    first = engine.last_undoable_batch() or 0
    orders = [
        ParsedOrder(
            row=0, platform="shopify", order_no="#2001", ordered_at=NOW - timedelta(days=3),
            status="completed", paid=30_000, currency="CNY", buyer_key="c@example.com",
            buyer_name="C", email="c@example.com",
        )
    ]  # fmt: skip
    engine.import_file(
        write_export("shopify", orders, tmp_path / "second.csv"), now=NOW, today=TODAY
    )
    effects.set_currency_rates({"USD": "7"}, today=TODAY, now=NOW)
    engine.undo_batch(first, now=NOW)
    assert currency.store_currency() == "CNY" and currency.rates() == {"USD": Decimal("7")}
    assert count_wrong_totals() == 0
    _shopify(tmp_path, ["USD"], name="dollars.csv")
    assert currency.store_currency() == "CNY"
    assert store_stats(today=TODAY)["revenue"] == "1000.00"  # 300 + 100 × 7
    assert count_wrong_totals() == 0


@pytest.mark.parametrize("first_undone_first", [True, False])
def test_undoing_every_import_leaves_a_new_store_whatever_the_order(
    db_path: Path, tmp_path: Path, first_undone_first: bool
) -> None:
    # Undone first-then-second, the empty store kept CNY and a dollar file was left out.
    _shopify(tmp_path, ["CNY"])
    first = engine.last_undoable_batch() or 0
    _shopify(tmp_path, ["CNY", "CNY"], name="second.csv", start=1)
    second = engine.last_undoable_batch() or 0
    for batch in (first, second) if first_undone_first else (second, first):
        engine.undo_batch(batch, now=NOW)
    assert currency.store_currency() is None
    _shopify(tmp_path, ["USD"], name="dollars.csv", start=5)
    assert currency.store_currency() == "USD"
    assert store_stats(today=TODAY)["revenue"] == "100.00"


def test_a_rate_for_the_stores_own_currency_is_never_used(db_path: Path, tmp_path: Path) -> None:
    from desktop_crm.services.settings import set_setting

    _shopify(tmp_path, ["USD"])
    set_setting(currency.RATES_KEY, {"USD": "7", "EUR": "1.1"})  # as an older version left it
    assert currency.rates() == {"EUR": Decimal("1.1")}
    assert store_stats(today=TODAY)["revenue"] == "100.00"


def _offline(tmp_path: Path, rows: list[tuple[str, ...]], name: str = "offline.csv") -> Path:
    """A sheet whose columns are recognised by their names, its amounts naming no currency."""
    import csv

    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows([("单号", "日期", "会员名", "金额", "状态"), *rows])
    return path


def _currency_of(order_no: str) -> str | None:
    from desktop_crm.models import Order

    return Order.get(Order.order_no == order_no).currency


def test_orders_naming_no_currency_keep_the_one_they_were_imported_in(
    db_path: Path, tmp_path: Path
) -> None:
    # They were yuan when imported; making it a dollar store later does not make them dollars.
    _shopify(tmp_path, ["CNY"])
    path = _offline(tmp_path, [("G1", "2026-11-01 10:00", "小王", "1,000.00", "完成")])
    engine.import_file(path, now=NOW, today=TODAY)
    assert _currency_of("G1") == "CNY"
    effects.set_store_currency("USD", {"CNY": "0.14"}, today=TODAY, now=NOW)
    assert store_stats(today=TODAY)["revenue"] == "154.00"  # (100 + 1,000) × 0.14
    receipt = engine.import_file(path, now=NOW, today=TODAY)
    assert receipt.orders_unchanged == 1 and _currency_of("G1") == "CNY"
    refunded = _offline(tmp_path, [("G1", "2026-11-01 10:00", "小王", "1,000.00", "退款成功")],
                        "offline-2.csv")  # fmt: skip
    assert engine.import_file(refunded, now=NOW, today=TODAY).orders_updated == 1
    assert _currency_of("G1") == "CNY"


def test_orders_stored_without_a_currency_keep_the_old_one_when_it_changes(
    db_path: Path, tmp_path: Path
) -> None:
    from desktop_crm.db import db

    _shopify(tmp_path, ["CNY", "CNY"])
    db.execute_sql("UPDATE orders SET currency = NULL WHERE order_no = '#1001'")  # version 16
    effects.set_store_currency("USD", {"CNY": "0.14"}, today=TODAY, now=NOW)
    assert _currency_of("#1001") == "CNY"
    assert store_stats(today=TODAY)["revenue"] == "28.00"


def test_a_yen_store_converts_to_whole_yen(db_path: Path, tmp_path: Path) -> None:
    # $185.32 at 151.37 is 28,051.8884 yen: 28,052 yen, as the window, the PDF and Excel show.
    _shopify(tmp_path, ["JPY", "JPY"])
    effects.set_currency_rates({"USD": "151.37"}, today=TODAY, now=NOW)
    orders = [
        ParsedOrder(
            row=0, platform="shopify", order_no="#2000", ordered_at=NOW, status="completed",
            paid=18_532, currency="USD", buyer_key="d@example.com", buyer_name="D",
            email="d@example.com",
        )
    ]  # fmt: skip
    path = write_export("shopify", orders, tmp_path / "orders_export_usd.csv")
    engine.import_file(path, now=NOW, today=TODAY)
    from desktop_crm.models import Customer

    assert Customer.get(Customer.email == "d@example.com").total_paid == 2_805_200
    assert store_stats(today=TODAY)["revenue"] == "28252.00"  # 100 + 100 + 28,052


def test_two_sheets_naming_the_currency_or_not_give_one_order_whichever_came_first(
    tmp_path: Path,
) -> None:
    import csv
    import shutil

    from desktop_crm.db import close_database, db, open_database
    from desktop_crm.services.importing.mapping import Mapping, mapping_parser
    from desktop_crm.services.settings import set_setting

    def sheet(name: str, rows: list[list[str]]) -> Path:
        with open(tmp_path / name, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
        return tmp_path / name

    columns = {"order_no": "单号", "ordered_at": "日期", "buyer": "客户", "paid": "金额",
               "buyer_note": "备注"}  # fmt: skip
    a = (sheet("a.csv", [["单号", "日期", "客户", "金额", "备注"],
                         ["X1", "2026-10-01 10:00", "甲", "100", "zzz 周末送"]]),
         Mapping(columns=columns))  # fmt: skip
    b = (sheet("b.csv", [["单号", "日期", "客户", "金额", "币种", "备注"],
                         ["X1", "2026-10-01 10:00", "甲", "100", "CNY", "aaa 工作日送"]]),
         Mapping(columns={**columns, "currency": "币种"}))  # fmt: skip
    empty = tmp_path / "empty.db"
    open_database(empty)
    set_setting("currency", "CNY")
    close_database()
    stored = []
    for order in ((a, b), (b, a)):
        path = tmp_path / f"{len(stored)}.db"
        shutil.copyfile(empty, path)
        open_database(path)
        for file, mapping in order:
            engine.import_file(file, now=NOW, today=TODAY, parser=mapping_parser(mapping))
        stored.append(db.execute_sql("SELECT currency, buyer_note FROM orders").fetchall())
        close_database()
    assert stored[0] == stored[1]
