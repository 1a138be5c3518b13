"""The customer's rights: export everything about a person, erase them, retention."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_crm.db import db
from desktop_crm.errors import DiskFull, NotFound
from desktop_crm.models import Customer, Order
from desktop_crm.services import customers as svc
from desktop_crm.services import privacy
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
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


def test_retention_lists_only_inactive_without_open_items(db_path: Path, tmp_path: Path) -> None:
    old = svc.create_customer(
        svc.CustomerInput("很久没来"), today=NOW.date(), now=NOW - timedelta(days=800)
    )
    svc.create_customer(svc.CustomerInput("新客户"), today=NOW.date(), now=NOW)
    assert privacy.retention_candidates(24, today=NOW.date()) == [old]
    assert privacy.retention_candidates(36, today=NOW.date()) == []
