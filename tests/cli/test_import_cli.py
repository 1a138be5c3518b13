"""`desktop-crm import / imports / undo` as scripts use them: JSON receipts and exit codes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export

KEYS = [
    "file", "platform", "kind", "rows_read", "orders_added", "orders_updated", "orders_unchanged",
    "orders_without_customer", "customers_added", "customers_matched", "rejected", "batch_id",
    "seconds",
]  # fmt: skip


def _orders(n: int, status: str = "completed") -> list[ParsedOrder]:
    return [
        ParsedOrder(
            row=0, platform="taobao", order_no=str(3000000000000000000 + i),
            ordered_at=datetime(2026, 9, 1, 9, 0) + timedelta(days=i), status=status,
            paid=2000 + i, currency="CNY", buyer_key=f"nick{i % 3}", buyer_name=f"nick{i % 3}",
        )
        for i in range(n)
    ]  # fmt: skip


def _receipts(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_import_json_receipt_then_reimport_unchanged(run_cli, tmp_path: Path) -> None:
    f = write_export("taobao", _orders(5), tmp_path / "ExportOrderList202609010900.csv")
    r = run_cli("import", str(f), "--db", "shop.db", "--json")
    assert r.returncode == 2 and "does not exist" in r.stderr  # no database yet, none created
    run_cli("demo", "--out", "shop.db", "--customers", "0")
    r = run_cli("import", str(f), "--db", "shop.db", "--json")
    assert r.returncode == 0, r.stderr
    (receipt,) = _receipts(r.stdout)
    assert list(receipt) == KEYS
    assert receipt["platform"] == "taobao" and receipt["orders_added"] == 5
    assert receipt["customers_added"] == 3 and receipt["rejected"] == []
    r = run_cli("--db", "shop.db", "import", str(f), "--json")
    (again,) = _receipts(r.stdout)
    assert r.returncode == 0 and again["orders_added"] == 0 and again["orders_unchanged"] == 5


def test_bad_rows_are_listed_and_skipped(run_cli, tmp_path: Path) -> None:
    run_cli("demo", "--out", "shop.db", "--customers", "0")
    f = write_export(
        "taobao", _orders(4), tmp_path / "ExportOrderList202609010900.csv", encoding="utf-8"
    )
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2026-09-02", "2026-02-30")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run_cli("import", str(f), "--db", "shop.db", "--json")
    (receipt,) = _receipts(r.stdout)
    assert r.returncode == 0 and receipt["orders_added"] == 3
    assert [x["row"] for x in receipt["rejected"]] == [3]
    assert receipt["rejected"][0]["reason"]


def test_unknown_file_exit_2_and_database_unchanged(run_cli, tmp_path: Path) -> None:
    run_cli("demo", "--out", "shop.db", "--customers", "3")
    before = hashlib.sha256((tmp_path / "shop.db").read_bytes()).hexdigest()
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b,c\n1,2,3\n")
    good = write_export("taobao", _orders(2), tmp_path / "ExportOrderList202609010900.csv")
    r = run_cli("import", str(junk), "--db", "shop.db", "--json")
    assert r.returncode == 2 and "junk.csv" in r.stderr and "Traceback" not in r.stderr
    (failed,) = _receipts(r.stdout)
    assert failed["file"] == "junk.csv" and failed["batch_id"] is None
    assert hashlib.sha256((tmp_path / "shop.db").read_bytes()).hexdigest() == before
    r = run_cli("import", str(good), str(junk), "--db", "shop.db", "--json")
    assert r.returncode == 2 and len(_receipts(r.stdout)) == 2  # the worst code of the files


def test_forced_platform_names_missing_columns(run_cli, tmp_path: Path) -> None:
    run_cli("demo", "--out", "shop.db", "--customers", "0")
    f = write_export("taobao", _orders(2), tmp_path / "ExportOrderList202609010900.csv")
    r = run_cli("import", str(f), "--db", "shop.db", "--platform", "shopify")
    # The order export's columns, not the customer list's (which needs the fewest).
    assert r.returncode == 2 and "missing columns Name, Email, Financial Status" in r.stderr
    # generic reads any sheet with the usual column names: it says which ones it misses.
    junk = tmp_path / "junk.csv"
    junk.write_text("订单号,备注\n1,x\n", encoding="utf-8")
    r = run_cli("import", str(junk), "--db", "shop.db", "--platform", "generic")
    assert r.returncode == 2, r.stderr
    assert "not a generic export: missing columns" in r.stderr and "实付" in r.stderr
    assert "订单号," not in r.stderr.split("missing columns")[1]  # it has that one


def test_a_dry_run_of_several_files_counts_them_in_turn(run_cli, tmp_path: Path) -> None:
    # Each file was counted against the unchanged database, so an export updating the one
    # before it showed its orders as added: not what the same command without --dry-run says.
    run_cli("demo", "--out", "shop.db", "--customers", "0")
    old = write_export(
        "taobao", _orders(3, "shipped"), tmp_path / "ExportOrderList202609010900.csv"
    )
    new = write_export("taobao", _orders(3), tmp_path / "ExportOrderList202609020900.csv")
    keys = ("orders_added", "orders_updated", "orders_unchanged", "customers_added",
            "customers_matched")  # fmt: skip

    def counts(*extra: str) -> list[tuple[int, ...]]:
        r = run_cli("import", str(old), str(new), "--db", "shop.db", "--json", *extra)
        assert r.returncode == 0, r.stderr
        return [tuple(x[k] for k in keys) for x in _receipts(r.stdout)]

    dry = counts("--dry-run")
    assert dry == [(3, 0, 0, 3, 0), (0, 3, 0, 0, 3)]
    assert run_cli("imports", "--db", "shop.db", "--json").stdout == ""
    assert counts() == dry


def test_the_other_kind_of_export_is_named_as_such(run_cli, tmp_path: Path) -> None:
    # A customers_export.csv given --kind orders was "unknown layout: no known export header".
    from desktop_crm.services.importing.records import ParsedCustomer

    run_cli("demo", "--out", "shop.db", "--customers", "0")
    person = ParsedCustomer(row=0, platform="shopify", buyer_key="a@b.c", email="a@b.c")
    people = write_export("shopify", [person], tmp_path / "customers_export.csv")
    for platform in ("auto", "shopify"):
        r = run_cli(
            "import", str(people), "--db", "shop.db", "--kind", "orders", "--platform", platform
        )
        assert r.returncode == 2
        assert (
            "customers_export.csv: this is a Shopify customers_export.csv file (customers), "
            "not orders: import it as customers"
        ) in r.stderr


def test_dry_run_imports_history_and_undo(run_cli, tmp_path: Path) -> None:
    run_cli("demo", "--out", "shop.db", "--customers", "0")
    old = write_export(
        "taobao", _orders(3, "shipped"), tmp_path / "ExportOrderList202609010900.csv"
    )
    new = write_export("taobao", _orders(3), tmp_path / "ExportOrderList202609020900.csv")
    r = run_cli("import", str(old), "--db", "shop.db", "--dry-run", "--json")
    assert (
        _receipts(r.stdout)[0]["orders_added"] == 3 and _receipts(r.stdout)[0]["batch_id"] is None
    )
    r = run_cli("imports", "--db", "shop.db", "--json")
    assert r.stdout == ""
    first = _receipts(run_cli("import", str(old), "--db", "shop.db", "--json").stdout)[0]
    second = _receipts(run_cli("import", str(new), "--db", "shop.db", "--json").stdout)[0]
    assert second["orders_updated"] == 3
    history = [
        json.loads(x) for x in run_cli("imports", "--db", "shop.db", "--json").stdout.splitlines()
    ]
    assert [h["batch_id"] for h in history] == [second["batch_id"], first["batch_id"]]
    assert set(history[0]) == {"batch_id", "file", "platform", "kind", "imported_at",
                               "orders_added", "orders_updated", "rejected", "undone"}  # fmt: skip
    r = run_cli("undo", str(first["batch_id"]), "--db", "shop.db")
    assert r.returncode == 2 and f"Undo import {second['batch_id']} first" in r.stderr
    assert run_cli("undo", str(second["batch_id"]), "--db", "shop.db").returncode == 0
    assert run_cli("undo", str(first["batch_id"]), "--db", "shop.db").returncode == 0
    stats = json.loads(run_cli("stats", "--db", "shop.db", "--json").stdout)
    assert stats["orders"] == 0 and stats["customers"] == 0
    assert run_cli("undo", "999", "--db", "shop.db").returncode == 2


def test_a_detail_file_given_with_its_order_file_is_joined_not_refused(
    run_cli, tmp_path: Path
) -> None:
    # `desktop-crm import *.csv` in a folder of Taobao exports names the 宝贝报表 too: the order
    # file joins it, and it is not refused on its own (which made the whole run exit 2).
    run_cli("demo", "--out", "shop.db", "--customers", "0")
    orders = _orders(2)
    for o in orders:
        o.items = [ParsedItem("手工皂", quantity=1, price=o.paid)]
    detail = write_export(
        "taobao", orders, tmp_path / "ExportOrderDetailList202609010900.csv", layout="details"
    )
    order_file = write_export("taobao", orders, tmp_path / "ExportOrderList202609010900.csv")
    r = run_cli("import", str(detail), str(order_file), "--db", "shop.db", "--json")
    assert r.returncode == 0, r.stderr
    skipped, receipt = _receipts(r.stdout)
    assert skipped["joined_into"] == order_file.name and skipped["batch_id"] is None
    assert receipt["orders_added"] == 2 and receipt["file"] == order_file.name
    assert f"{detail.name}: joined into {order_file.name}" in r.stderr


def test_a_busy_database_still_gives_each_file_its_json_line(run_cli, tmp_path: Path) -> None:
    import sqlite3

    run_cli("demo", "--out", "shop.db", "--customers", "0")
    f = write_export("taobao", _orders(2), tmp_path / "ExportOrderList202609010900.csv")
    other = sqlite3.connect(tmp_path / "shop.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writes for longer than the busy wait
    try:
        r = run_cli("import", str(f), "--db", "shop.db", "--json")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert r.returncode == 1, r.stderr
    (failed,) = _receipts(r.stdout)
    assert failed["file"] == f.name and failed["batch_id"] is None and failed["error"]


def test_a_latin_1_terminal_gets_its_receipt_and_notes_go_to_stderr(run_cli, tmp_path) -> None:
    # Under a Latin-1 locale the import was saved, then printing its Chinese receipt failed:
    # exit 1, no receipt. And the --json receipt left out its notes (the later row used).
    run_cli("demo", "--out", "shop.db", "--customers", "0")
    orders = _orders(2)
    orders.append(dataclasses.replace(orders[0], paid=orders[0].paid + 100))
    f = write_export("taobao", orders, tmp_path / "ExportOrderList淘宝202609010900.csv")
    r = run_cli("import", str(f), "--db", "shop.db", "--json", PYTHONIOENCODING="latin-1")
    assert r.returncode == 0, r.stderr
    (receipt,) = _receipts(r.stdout)
    assert receipt["file"] == f.name and receipt["orders_added"] == 2
    assert "note: order " in r.stderr and "the later row is used" in r.stderr


def test_orders_left_out_of_the_figures_are_warned_about(run_cli, tmp_path: Path) -> None:
    # DESIGN §2: orders in another currency are left out of sums and tiers "with a visible
    # warning". The GUI shows one; the import and `stats` said nothing, and a script read
    # revenue 0.00 for a shop of dollar sales.
    run_cli("demo", "--out", "shop.db", "--customers", "0")  # a CNY store
    orders = [
        dataclasses.replace(
            o, platform="shopify", order_no=f"#{1001 + i}", currency="USD",
            buyer_key=f"b{i}@example.com", email=f"b{i}@example.com",
        )
        for i, o in enumerate(_orders(2))
    ]  # fmt: skip
    f = write_export("shopify", orders, tmp_path / "orders_export.csv")
    r = run_cli("import", str(f), "--db", "shop.db", "--json")
    assert r.returncode == 0, r.stderr
    warning = "2 orders in USD are left out of the figures: no conversion rate to CNY is set"
    assert warning in r.stderr
    r = run_cli("stats", "--db", "shop.db", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["revenue"] == "0.00"
    assert warning in r.stderr
    # With nothing left out, nothing is said.
    run_cli("demo", "--out", "other.db", "--customers", "3")
    assert run_cli("stats", "--db", "other.db", "--json").stderr == ""
