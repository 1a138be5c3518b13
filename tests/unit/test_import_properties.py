"""Properties of the engine over generated inputs (RELIABILITY K).

- any bytes, or CSV-shaped text under a real header, give a receipt or a typed ImportFileError,
  never another exception, and a fatal error leaves the database unchanged;
- importing twice changes nothing the second time;
- importing A then B equals B then A (with or without a 宝贝报表 of item lines beside each).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_crm.db import close_database, open_database
from desktop_crm.services.dump import business_dump, logical_hash
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ImportFileError, ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 0)
SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
TAOBAO_HEADER = (
    "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间 ,收货地址 ,联系手机"
)


def _fresh(template: Path, folder: Path, name: str = "p.db") -> Path:
    path = folder / name
    shutil.copy(template, path)
    open_database(path)
    return path


def _run_fatal_safe(path: Path) -> None:
    before = logical_hash()
    try:
        receipt = engine.import_file(path, now=NOW)
    except ImportFileError:
        assert logical_hash() == before
    else:
        assert receipt.rows_read >= 0


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_any_bytes_give_a_receipt_or_a_typed_error(
    _template_db: Path, data: bytes, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _fresh(_template_db, Path(folder))
        f = Path(folder) / f"export{suffix}"
        f.write_bytes(data)
        try:
            _run_fatal_safe(f)
        finally:
            close_database()


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=9), max_size=12))
def test_csv_shaped_text_under_a_real_header(_template_db: Path, rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _fresh(_template_db, Path(folder))
        f = Path(folder) / "ExportOrderList202611221000.csv"
        import csv

        with open(f, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(TAOBAO_HEADER.split(","))
            writer.writerows(rows)
        try:
            _run_fatal_safe(f)
        finally:
            close_database()


statuses = st.sampled_from(["pending", "paid", "shipped", "completed", "refunded", "closed"])


@st.composite
def order_lists(draw: st.DrawFn) -> list[ParsedOrder]:
    n = draw(st.integers(1, 8))
    out = []
    for i in draw(st.lists(st.integers(0, 11), min_size=n, max_size=n, unique=True)):
        status = draw(statuses)
        paid = 0 if status in ("pending", "closed") else draw(st.integers(1, 100_000))
        refunded = paid if status == "refunded" else draw(st.integers(0, paid)) if paid else 0
        buyer = draw(st.integers(0, 3))
        # Item lines (written only when the file gets its 宝贝报表): one or two, from a few.
        items = [
            ParsedItem(f"宝贝{k}", quantity=1 + k, price=100 * k)
            for k in draw(st.lists(st.integers(0, 3), min_size=1, max_size=2, unique=True))
        ]
        out.append(
            ParsedOrder(
                row=0, platform="taobao", order_no=str(5000000000000000000 + i),
                ordered_at=datetime(2026, 6, 1, 8, 0) + timedelta(hours=i), status=status,
                paid=paid, refunded=refunded, currency="CNY",
                buyer_key=f"b{buyer}", buyer_name=f"b{buyer}", items=items,
            )
        )  # fmt: skip
    return out


def _order_report(orders: list[ParsedOrder], path: Path, lines: bool) -> Path:
    """The 订单报表, with its 宝贝报表 beside it when `lines`."""
    if lines:
        detail = path.with_name(path.name.replace("ExportOrderList", "ExportOrderDetailList"))
        write_export("taobao", orders, detail, layout="details")
    return write_export("taobao", orders, path)


@SETTINGS
@given(a=order_lists(), b=order_lists(), lines=st.tuples(st.booleans(), st.booleans()))
def test_reimport_idempotent_and_order_independent(_template_db: Path, a, b, lines) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        fa = _order_report(a, base / "ExportOrderList202606010000.csv", lines[0])
        fb = _order_report(b, base / "ExportOrderList202606020000.csv", lines[1])
        dumps = []
        for name, files in (("ab.db", (fa, fb)), ("ba.db", (fb, fa))):
            _fresh(_template_db, base, name)
            try:
                for f in files:
                    engine.import_file(f, now=NOW)
                once = business_dump()
                again = engine.import_file(files[-1], now=NOW)
                assert again.orders_added == 0 and again.orders_updated == 0
                assert business_dump() == once
                dumps.append(once)
            finally:
                close_database()
        assert dumps[0] == dumps[1]
