"""The customer's rights: export everything about a person, erase them, retention."""

from __future__ import annotations

import json
import shutil
import types
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import peewee
import pytest

from desktop_crm.db import db, default_backup_dir
from desktop_crm.errors import CrmError, DiskFull, NotFound
from desktop_crm.models import Customer, Order, OrderItem
from desktop_crm.services import customers as svc
from desktop_crm.services import privacy
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.money import excel_money_format
from desktop_crm.services.stats import store_stats
from desktop_crm.services.totals import count_wrong_totals

NOW = datetime(2026, 11, 22, 10, 0)
MARKER = "Zyxwqmarker"


def _person(tmp_path: Path) -> int:
    orders = [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(9100000000000000000 + i),
            ordered_at=datetime(2026, 9, 1, 9, 0) + timedelta(days=i), status="completed",
            paid=5000, currency="CNY", buyer_key=f"{MARKER}nick", buyer_name=f"{MARKER}nick",
            real_name=f"{MARKER}名字", phone="13912345678", province="浙江省", city="杭州市",
            address=f"{MARKER}路1号", buyer_note=f"{MARKER} note",
        )
        for i in range(3)
    ]  # fmt: skip
    engine.import_file(
        write_export("taobao", orders, tmp_path / "ExportOrderList202609010900.csv"), now=NOW
    )
    cid = Customer.get().id
    svc.add_note(cid, f"{MARKER} likes roses", now=NOW)
    svc.set_tags(cid, ["VIP"], now=NOW)
    return int(cid)


def test_every_table_that_references_customers_is_covered(db_path: Path) -> None:
    covered = {(r.table, r.column) for r in privacy.customer_references()}
    for table in db.get_tables():
        for fk in db.get_foreign_keys(table):
            if fk.dest_table in ("customer", "channel_identity", "orders"):
                assert (table, fk.column) in covered, f"{table}.{fk.column} is not exported/erased"


def test_export_person_json_and_xlsx(db_path: Path, tmp_path: Path) -> None:
    cid = _person(tmp_path)
    paths = privacy.export_person(cid, tmp_path / "person", now=NOW)
    data = json.loads(paths[0].read_text("utf-8"))
    tables = data["tables"]
    assert tables["customer"][0]["display_name"] == f"{MARKER}nick"
    assert len(tables["orders"]) == 3 and len(tables["channel_identity"]) == 1
    assert tables["note"][0]["body"].startswith(MARKER) and len(tables["customer_tag"]) == 1
    names = zipfile.ZipFile(paths[1]).namelist()
    assert sum(n.startswith("xl/worksheets/") for n in names) == len(tables)
    with pytest.raises(NotFound):
        privacy.export_person(999, tmp_path / "nobody", now=NOW)


def test_export_person_on_a_full_disk_leaves_neither_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from openpyxl.writer import excel

    cid = _person(tmp_path)

    def full(self) -> None:  # noqa: ANN001
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(excel.ExcelWriter, "save", full)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(DiskFull, match="No file was left behind"):
        privacy.export_person(cid, folder / "person", now=NOW)
    assert list(folder.iterdir()) == []


def test_erasure_removes_the_bytes_and_keeps_sales(db_path: Path, tmp_path: Path) -> None:
    cid = _person(tmp_path)
    svc.create_customer(svc.CustomerInput("留下的客户"), today=NOW.date(), now=NOW)
    revenue = store_stats(today=NOW.date())["revenue"]
    result = privacy.erase_person(cid, now=NOW, backups_hold_until=date(2027, 9, 30))
    assert result.orders_anonymised == 3
    assert Customer.select().count() == 1 and Order.select().count() == 3
    assert Order.select().where(Order.customer.is_null()).count() == 3
    assert store_stats(today=NOW.date())["revenue"] == revenue
    assert count_wrong_totals() == 0
    for suffix in ("", "-wal"):
        f = Path(str(db_path) + suffix)
        if f.exists():
            raw = f.read_bytes()
            assert MARKER.encode() not in raw, suffix
            assert b"13912345678" not in raw, suffix
    assert privacy.erasure_log()[0][0] == cid
    assert privacy.erasure_log()[0][3] == date(2027, 9, 30)


def _file_bytes(db_path: Path) -> bytes:
    """The database file and its WAL, as a forensic reader of the disk would see them."""
    wal = Path(str(db_path) + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_erasure_without_room_to_finish_is_refused_before_anything_changes(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a nearly full disk the rows were deleted and committed, then the rewrite of the file
    # failed: "Nothing was changed" although the person was gone, with their bytes still in
    # the file. The room the backup and the rewrite need is known before anything is done.
    cid = _person(tmp_path)
    monkeypatch.setattr(
        shutil, "disk_usage", lambda _p: types.SimpleNamespace(total=10**9, used=10**9, free=8192)
    )
    with pytest.raises(DiskFull, match="Nothing was changed") as caught:
        privacy.erase_person(cid, now=NOW)
    assert "free" in caught.value.message
    assert Customer.get_by_id(cid).display_name == f"{MARKER}nick"
    assert privacy.erasure_log() == []
    backups = default_backup_dir(db_path)
    assert not backups.exists() or not any(backups.glob("*.before-erasure.db"))


def test_an_erasure_whose_rewrite_fails_says_so_and_erasing_again_finishes(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Room ran out after the check (another program filled the disk): the person is erased
    # (committed), so the message must say so, and how to finish; the retry must not answer
    # "Customer N does not exist" and leave the bytes in the file for good.
    cid = _person(tmp_path)
    real = db.execute_sql

    def full_at_vacuum(sql: str, *args: object, **kwargs: object) -> object:
        if sql == "VACUUM":
            raise peewee.OperationalError("database or disk is full")
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", full_at_vacuum)
    with pytest.raises(CrmError) as caught:
        privacy.erase_person(cid, now=NOW)
    message = caught.value.message
    assert caught.value.exit_code == 1
    assert f"Customer {cid} was erased" in message and "Nothing was changed" not in message
    assert f"desktop-crm customer erase {cid} --yes" in message
    assert Customer.get_or_none(Customer.id == cid) is None
    assert privacy.erasure_log()[0][0] == cid
    # The WAL was checkpointed and emptied before the rewrite: no copy of a page stays there.
    wal = Path(str(db_path) + "-wal")
    assert not wal.exists() or MARKER.encode() not in wal.read_bytes()
    monkeypatch.undo()
    result = privacy.erase_person(cid, now=NOW)
    assert result.already_erased and result.customer_id == cid
    assert len(privacy.erasure_log()) == 1
    raw = _file_bytes(db_path)
    assert MARKER.encode() not in raw and b"13912345678" not in raw
    with pytest.raises(NotFound):
        privacy.erase_person(cid + 100, now=NOW)


def test_export_person_keeps_a_file_name_with_a_dot_whole(db_path: Path, tmp_path: Path) -> None:
    # `--out person.5` wrote person.json and person.xlsx: a loop over customers overwrote them.
    cid = _person(tmp_path)
    for given, stem in (
        ("person.5", "person.5"),
        ("李.2026-11", "李.2026-11"),
        ("p.JSON", "p"),
        ("q.xlsx", "q"),
        ("plain", "plain"),
    ):
        paths = privacy.export_person(cid, tmp_path / given, now=NOW)
        assert paths == [tmp_path / f"{stem}.json", tmp_path / f"{stem}.xlsx"], given
        assert all(p.is_file() for p in paths), given


def test_export_person_gives_money_in_currency_units(db_path: Path, tmp_path: Path) -> None:
    # The data subject read total_paid 15000 for ¥150.00: minor units (fen), as stored.
    cid = _person(tmp_path)
    first, second = (o.id for o in Order.select().order_by(Order.id).limit(2))
    OrderItem.create(order=first, title="玫瑰", quantity=2, price=1990)
    Order.update(currency="JPY", paid=300000).where(Order.id == second).execute()
    paths = privacy.export_person(cid, tmp_path / "person", now=NOW)

    tables = json.loads(paths[0].read_text("utf-8"))["tables"]
    customer = tables["customer"][0]
    assert customer["total_paid"] == "150.00" and customer["currency"] == "CNY"
    assert customer["order_count"] == 3  # not money: as stored
    orders = {o["id"]: o for o in tables["orders"]}
    assert orders[first]["paid"] == "50.00" and orders[first]["refunded"] == "0.00"
    assert orders[second]["paid"] == "3000.00" and orders[second]["currency"] == "JPY"
    item = tables["order_item"][0]
    assert item["price"] == "19.90" and item["currency"] == "CNY" and item["quantity"] == 2

    wb = openpyxl.load_workbook(paths[1])

    def cells(sheet: str) -> list[dict[str, openpyxl.cell.Cell]]:
        rows = list(wb[sheet].iter_rows())
        heads = [c.value for c in rows[0]]
        return [dict(zip(heads, r, strict=False)) for r in rows[1:]]

    total = cells("customer")[0]["total_paid"]
    assert total.value == 150 and total.number_format == excel_money_format("CNY")
    by_id = {r["id"].value: r for r in cells("orders")}
    assert by_id[first]["paid"].value == 50
    assert by_id[first]["paid"].number_format == excel_money_format("CNY")
    assert by_id[second]["paid"].value == 3000
    assert by_id[second]["paid"].number_format == excel_money_format("JPY")
    price = cells("order_item")[0]["price"]
    assert price.value == pytest.approx(19.9) and price.number_format == excel_money_format("CNY")
    assert cells("customer")[0]["order_count"].value == 3


def test_retention_lists_only_inactive_without_open_items(db_path: Path, tmp_path: Path) -> None:
    old = svc.create_customer(
        svc.CustomerInput("很久没来"), today=NOW.date(), now=NOW - timedelta(days=800)
    )
    svc.create_customer(svc.CustomerInput("新客户"), today=NOW.date(), now=NOW)
    assert privacy.retention_candidates(24, today=NOW.date()) == [old]
    assert privacy.retention_candidates(36, today=NOW.date()) == []
