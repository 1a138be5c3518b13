"""The command's contract: exit codes, one-line errors, demo, stats, check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desktop_crm import __version__


def _one_line_error(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr


def test_version(run_cli) -> None:
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"desktop-crm {__version__}"


def test_demo_exact_count_then_stats_and_check(run_cli, tmp_path: Path) -> None:
    r = run_cli("demo", "--out", "shop.db", "--customers", "57", "--seed", "4")
    assert r.returncode == 0, r.stderr
    r = run_cli("stats", "--db", "shop.db", "--json")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1
    stats = json.loads(lines[0])
    assert stats["customers"] == 57
    for key, value in stats.items():
        if key != "revenue" and not isinstance(value, dict):
            assert type(value) is int, key
    assert isinstance(stats["revenue"], str) and "." in stats["revenue"]
    # --db before the subcommand works the same.
    assert run_cli("--db", "shop.db", "stats", "--json").stdout == r.stdout
    r = run_cli("check", "--db", "shop.db")
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stdout + r.stderr


def test_demo_shop_has_nothing_dated_after_today(run_cli, tmp_path: Path) -> None:
    # Orders were dated later today (up to 23:00) and completed up to 6 days ahead.
    import sqlite3
    from datetime import date, timedelta

    assert run_cli("demo", "--out", "shop.db", "--customers", "400", "--seed", "3").returncode == 0
    conn = sqlite3.connect(tmp_path / "shop.db")
    today = date.today()
    latest = conn.execute("SELECT max(ordered_at), max(completed_at) FROM orders").fetchone()
    conn.close()
    assert latest[0] < f"{today} 01:00" and latest[1] < f"{today + timedelta(days=1)}"
    bad = sqlite3.connect(tmp_path / "shop.db").execute(
        "SELECT count(*) FROM orders WHERE completed_at < ordered_at"
    )
    assert bad.fetchone()[0] == 0
    # Every province by its official name, typed-in customers too (北京 → 北京市).
    from desktop_crm.services.importing.normalize import PROVINCES

    provinces = {r[0] for r in sqlite3.connect(tmp_path / "shop.db").execute(
        "SELECT DISTINCT province FROM customer WHERE province IS NOT NULL")}  # fmt: skip
    assert provinces and not provinces & set(PROVINCES)


def test_demo_is_deterministic_for_a_seed(run_cli) -> None:
    run_cli("demo", "--out", "a.db", "--customers", "30", "--seed", "9")
    run_cli("demo", "--out", "b.db", "--customers", "30", "--seed", "9")
    assert (
        run_cli("stats", "--db", "a.db", "--json").stdout
        == run_cli("stats", "--db", "b.db", "--json").stdout
    )


def test_demo_refuses_an_existing_file(run_cli, tmp_path: Path) -> None:
    (tmp_path / "shop.db").write_text("mine")
    r = run_cli("demo", "--out", "shop.db", "--customers", "3")
    assert r.returncode == 2
    _one_line_error(r.stderr)
    assert (tmp_path / "shop.db").read_text() == "mine"


def test_stats_on_a_text_file_is_refused_unchanged(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("hello")
    before = hashlib.sha256(f.read_bytes()).hexdigest()
    r = run_cli("stats", "--db", str(f), "--json")
    assert r.returncode == 2 and r.stdout == ""
    _one_line_error(r.stderr)
    assert hashlib.sha256(f.read_bytes()).hexdigest() == before


def test_a_refused_file_gets_no_lock_file_beside_it(run_cli, tmp_path: Path) -> None:
    # The writing commands left "app.db.lock" in another program's folder, beside a file they
    # had refused as not theirs ("It was not changed.").
    import sqlite3

    folder = tmp_path / "otherapp"
    folder.mkdir()
    with sqlite3.connect(folder / "app.db") as con:
        con.execute("CREATE TABLE t (x)")
    con.close()
    (folder / "notes.txt").write_text("notes")
    (tmp_path / "o.csv").write_text("id,x\n")
    before = sorted(p.name for p in folder.iterdir())
    r = run_cli("import", str(tmp_path / "o.csv"), "--db", str(folder / "app.db"))
    assert r.returncode == 2 and "another program" in r.stderr
    r = run_cli("undo", "1", "--db", str(folder / "notes.txt"))
    assert r.returncode == 2 and "not a plain database" in r.stderr
    assert sorted(p.name for p in folder.iterdir()) == before


def test_missing_database_is_an_error(run_cli) -> None:
    r = run_cli("stats", "--db", "nope.db", "--json")
    assert r.returncode == 2
    _one_line_error(r.stderr)


def test_usage_error_is_one_line(run_cli) -> None:
    r = run_cli("stats", "--bogus")
    assert r.returncode == 2
    _one_line_error(r.stderr)


def test_check_reports_a_wrong_cached_total_and_fixes_it(run_cli, tmp_path: Path) -> None:
    from sqlcipher3 import dbapi2 as sqlite3

    run_cli("demo", "--out", "shop.db", "--customers", "20", "--seed", "2")
    conn = sqlite3.connect(tmp_path / "shop.db")
    conn.execute("UPDATE customer SET total_paid = total_paid + 1 WHERE id IN (1, 2)")
    conn.commit()
    conn.close()
    r = run_cli("check", "--db", "shop.db")
    assert r.returncode == 1 and "customer_totals: 2" in r.stdout
    r = run_cli("check", "--db", "shop.db", "--fix")
    assert r.returncode == 0, r.stdout
    assert run_cli("check", "--db", "shop.db").returncode == 0


def test_default_database_is_created_in_the_private_data_folder(run_cli, tmp_path: Path) -> None:
    r = run_cli("stats", "--json")
    assert r.returncode == 0, r.stderr
    data = tmp_path / "data"
    assert (data / "crm.db").exists()
    assert data.stat().st_mode & 0o777 == 0o700
    assert json.loads(r.stdout)["customers"] == 0


def test_an_empty_db_path_is_refused_not_taken_for_the_own_database(
    run_cli, tmp_path: Path
) -> None:
    # `desktop-crm import "$FILE" --db "$DB"` with DB unset must not act on the user's shop.
    for args in (("stats", "--db", "", "--json"), ("--db", " ", "stats")):
        r = run_cli(*args)
        assert r.returncode == 2 and "database path is empty" in r.stderr, r.stderr
        _one_line_error(r.stderr)
    assert not (tmp_path / "data" / "crm.db").exists()


def test_a_missing_output_folder_is_bad_input_exit_2(run_cli, tmp_path: Path) -> None:
    run_cli("demo", "--out", "shop.db", "--customers", "3")
    missing = tmp_path / "no-such-folder"
    for args in (
        ("export", "customers", "--out", str(missing / "c.csv")),
        ("report", "monthly", "--month", "2026-10", "--out", str(missing / "r.xlsx")),
        ("customer", "export", "1", "--out", str(missing / "p")),
        ("backup", "--out", str(missing / "b.db")),
    ):
        r = run_cli(*args, "--db", "shop.db")
        assert r.returncode == 2 and str(missing) in r.stderr, (args, r.stderr)
        _one_line_error(r.stderr)
    r = run_cli("demo", "--out", str(missing / "d.db"))
    assert r.returncode == 2 and not missing.exists()


def test_full_contact_exports_are_logged(run_cli, tmp_path: Path) -> None:
    run_cli("demo", "--out", "shop.db", "--customers", "3")
    r = run_cli("export", "customers", "--out", "c.csv", "--full-contact", "--db", "shop.db")
    assert r.returncode == 0, r.stderr
    log = (tmp_path / "data" / "logs" / "desktop-crm.log").read_text(encoding="utf-8")
    assert "full-contact export of 3 customers to c.csv" in log


def test_a_closed_stdout_is_not_an_internal_error(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "DESKTOP_CRM_DATA_DIR": str(tmp_path / "data")}
    cmd = [sys.executable, "-m", "desktop_crm"]
    subprocess.run([*cmd, "demo", "--out", "shop.db", "--customers", "40"], cwd=tmp_path,
                   env=env, check=True, capture_output=True)  # fmt: skip
    p = subprocess.Popen([*cmd, "imports", "--json", "--db", "shop.db"],
                         cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader went away, as `| head -0` does
    with p.stderr:
        err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 1
    assert err == "", err  # no "internal error", no "Exception ignored … BrokenPipeError"
    log = tmp_path / "data" / "logs" / "desktop-crm.log"
    assert not log.exists() or "Traceback" not in log.read_text(encoding="utf-8")


def test_the_window_without_a_display_is_a_message_not_a_qt_abort(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    env["DESKTOP_CRM_DATA_DIR"] = str(tmp_path / "data")
    r = subprocess.run([sys.executable, "-m", "desktop_crm"], env=env, capture_output=True,
                       text=True, timeout=60, stdin=subprocess.DEVNULL)  # fmt: skip
    assert r.returncode == 2 and "no display" in r.stderr, (r.returncode, r.stderr)
    _one_line_error(r.stderr)


def test_check_of_a_file_too_damaged_to_read_says_so_itself(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    # The general advice for a damaged file is "run desktop-crm check and restore…": from the
    # check itself it must say what it found. (Which bytes make SQLite fail inside the check
    # rather than at open is not stable across files, so the failure is injected here.)
    import peewee

    from desktop_crm import cli
    from desktop_crm.services import check

    monkeypatch.setenv("DESKTOP_CRM_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["demo", "--out", str(tmp_path / "shop.db"), "--customers", "1"]) == 0

    def damaged(**_kw: object) -> None:
        raise peewee.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(check, "run_check", damaged)
    capsys.readouterr()
    assert cli.main(["check", "--db", str(tmp_path / "shop.db")]) == 1
    err = capsys.readouterr().err
    assert "shop.db is damaged (database disk image is malformed)" in err
    assert "Run `desktop-crm check`" not in err
    _one_line_error(err)


def _damage_first_leaf_of(path: Path, table: str) -> None:
    """Overwrite the header of the table's first leaf page, as a failing disk would."""
    from sqlcipher3 import dbapi2 as sqlite3

    conn = sqlite3.connect(str(path))
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())

    def header(page: int) -> int:
        return (page - 1) * size + (100 if page == 1 else 0)

    page = root
    while data[header(page)] == 0x05:  # an interior table page: down its leftmost child
        cell = (page - 1) * size + int.from_bytes(data[header(page) + 12 : header(page) + 14])
        page = int.from_bytes(data[cell : cell + 4])
    for i in range(header(page), header(page) + 12):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_named_as_the_cause_by_backup_and_by_check(
    run_cli, tmp_path: Path
) -> None:
    # `backup --out` blamed the target disk ("the disk may be full, removed or failing"), and
    # `check` answered "Run `desktop-crm check`": the database itself is what is damaged.
    assert run_cli("demo", "--out", "shop.db", "--customers", "300").returncode == 0
    assert run_cli("--db", "shop.db", "backup", "--out", "good.db").returncode == 0
    _damage_first_leaf_of(tmp_path / "shop.db", "customer")
    r = run_cli("--db", "shop.db", "backup", "--out", "bk.db")
    assert r.returncode == 1
    assert "database file is damaged" in r.stderr and "restore the newest good backup" in r.stderr
    assert "disk may be full" not in r.stderr and "bk.db could not be written" not in r.stderr
    assert not (tmp_path / "bk.db").exists()
    _one_line_error(r.stderr)
    r = run_cli("--db", "shop.db", "check")
    assert r.returncode == 1
    assert "shop.db is damaged" in r.stderr and "restore the newest good backup" in r.stderr
    assert "desktop-crm check" not in r.stderr
    _one_line_error(r.stderr)
    # What both advise works: the damaged file cannot be copied as a checked backup, so its
    # bytes are kept as they are as the pre-restore copy, and the good backup replaces it.
    damaged = hashlib.sha256((tmp_path / "shop.db").read_bytes()).hexdigest()
    r = run_cli("--db", "shop.db", "restore", "good.db")
    assert r.returncode == 0, r.stderr
    pre = tmp_path / "shop.db.pre-restore"
    assert hashlib.sha256(pre.read_bytes()).hexdigest() == damaged
    r = run_cli("--db", "shop.db", "check")
    assert r.returncode == 0 and r.stdout.strip().endswith("shop.db: ok"), r.stderr
    backups = tmp_path / "shop-backups"  # no file under a backup name fails its check
    assert not backups.exists() or not [p for p in backups.iterdir() if "restore" in p.name]


def test_erasing_a_customer_again_finishes_the_erasure(run_cli) -> None:
    # An erasure whose rewrite of the file failed (a full disk) is finished by erasing again;
    # that answered "Customer N does not exist." and left the bytes in the file.
    assert run_cli("demo", "--out", "shop.db", "--customers", "3").returncode == 0
    r = run_cli("--db", "shop.db", "customer", "erase", "2", "--yes")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("customer 2 erased")
    r = run_cli("--db", "shop.db", "customer", "erase", "2", "--yes")
    assert r.returncode == 0, r.stderr
    assert "customer 2 was already erased" in r.stdout
    r = run_cli("--db", "shop.db", "customer", "erase", "99", "--yes")
    assert r.returncode == 2 and "Customer 99 does not exist." in r.stderr


def test_db_is_taken_anywhere_around_two_word_commands(run_cli, tmp_path: Path) -> None:
    run_cli("demo", "--out", "shop.db", "--customers", "2")
    for n, args in enumerate(
        (
            ("--db", "shop.db", "export", "customers", "--out", "a.csv"),
            ("export", "--db", "shop.db", "customers", "--out", "b.csv"),
            ("export", "customers", "--out", "c.csv", "--db", "shop.db"),
            ("report", "--db", "shop.db", "monthly", "--month", "2026-10", "--out", "r.xlsx"),
            ("customer", "--db", "shop.db", "export", "1", "--out", "p"),
        )
    ):
        r = run_cli(*args)
        assert r.returncode == 0, (n, r.stderr)
    assert not (tmp_path / "data" / "crm.db").exists()  # never the own database


def test_commands_read_tiers_and_points_as_of_today(run_cli, db_path: Path) -> None:
    """The app brings tiers and expiry up to date at start-up; so does every reading command,
    or a customer export would show a tier and points that stats no longer counts."""
    import csv
    from datetime import date, datetime, time, timedelta

    from desktop_crm.db import db
    from desktop_crm.services.importing import engine
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export

    today = date.today()
    back_then = datetime.combine(today - timedelta(days=20), time(9))
    orders = [
        # 1,500.00 spent 360 days before the import: Silver then, Member today.
        ParsedOrder(row=0, platform="taobao", order_no="7300000000000000001",
                    ordered_at=back_then - timedelta(days=360), status="completed",
                    paid=150_000, currency="CNY", buyer_key="amy", buyer_name="amy"),
        # Earned three years ago: expired at the end of the year after.
        ParsedOrder(row=0, platform="taobao", order_no="7300000000000000002",
                    ordered_at=back_then - timedelta(days=3 * 366), status="completed",
                    paid=10_000, currency="CNY", buyer_key="bob", buyer_name="bob"),
    ]  # fmt: skip
    path = write_export("taobao", orders, db_path.parent / "ExportOrderList202601010900.csv")
    engine.import_file(path, now=back_then, today=back_then.date())
    # Reading never changes the file it reads (a backup, an archived copy): the day's
    # update is rolled back after the figures are read.
    from desktop_crm.services.dump import logical_hash

    def ledger() -> list[tuple]:
        return db.execute_sql("SELECT * FROM points_entry ORDER BY id").fetchall() + (
            db.execute_sql("SELECT * FROM tier_change ORDER BY id").fetchall()
        )

    before = (logical_hash(), ledger())
    for cmd in (["stats", "--json"], ["report", "monthly", "--month", f"{today:%Y-%m}",
                                      "--out", "r.xlsx"], ["check"]):  # fmt: skip
        r = run_cli(*cmd, "--db", str(db_path))
        assert r.returncode == 0, r.stdout + r.stderr
        assert (logical_hash(), ledger()) == before
    # Tiers 20 days old are the day's pending update, not damage: check says ok (above).
    r = run_cli("export", "customers", "--db", str(db_path), "--out", "c.csv",
                "--columns", "display_name,tier,points")  # fmt: skip
    assert r.returncode == 0, r.stderr
    with (db_path.parent / "c.csv").open(encoding="utf-8-sig") as f:
        rows = {row[0]: row[1:] for row in list(csv.reader(f))[1:]}
    stats = json.loads(run_cli("stats", "--db", str(db_path), "--json").stdout)
    assert rows["bob"][1] == "0"
    assert {tier for tier, _points in rows.values()} == {"普通会员"}  # Member, in Chinese
    assert stats["tiers"].get("Silver", 0) == 0 and stats["tiers"]["Member"] == 2
    assert stats["points_outstanding"] == sum(int(points) for _t, points in rows.values())


def test_export_header_keys_gives_codes_for_scripts(run_cli, tmp_path: Path) -> None:
    import csv

    assert run_cli("demo", "--out", "shop.db", "--customers", "40", "--seed", "2").returncode == 0
    for header in ("zh", "keys"):
        r = run_cli("export", "customers", "--db", "shop.db", "--out", f"{header}.csv",
                    "--columns", "id,stage", "--header", header)  # fmt: skip
        assert r.returncode == 0, r.stderr
    with (tmp_path / "keys.csv").open(encoding="utf-8-sig") as f:
        keys = list(csv.reader(f))
    with (tmp_path / "zh.csv").open(encoding="utf-8-sig") as f:
        zh = list(csv.reader(f))
    assert keys[0] == ["id", "stage"] and zh[0] == ["客户ID", "生命周期"]
    assert {r[1] for r in keys[1:]} <= {"prospect", "new", "active", "sleeping", "lost"}
    assert {r[1] for r in zh[1:]} <= {"潜在客户", "新客户", "活跃客户", "沉睡客户", "流失客户"}


def test_reading_a_backup_leaves_it_a_backup(run_cli, tmp_path: Path) -> None:
    # A nightly script: `backup --out X`, then `check --db X`; the next night the same.
    import hashlib

    assert run_cli("demo", "--out", "shop.db", "--customers", "20").returncode == 0
    assert run_cli("backup", "--db", "shop.db", "--out", "night.db").returncode == 0
    before = hashlib.sha256((tmp_path / "night.db").read_bytes()).hexdigest()
    for args in (
        ("check",), ("stats", "--json"), ("imports", "--json"),
        ("export", "customers", "--out", "c.csv"),
        ("report", "monthly", "--month", "2026-10", "--out", "r.xlsx"),
        ("customer", "export", "1", "--out", "p"),
    ):  # fmt: skip
        r = run_cli(*args, "--db", "night.db")
        assert r.returncode == 0, (args, r.stderr)
    assert hashlib.sha256((tmp_path / "night.db").read_bytes()).hexdigest() == before
    assert not (tmp_path / "night.db-wal").exists()
    r = run_cli("backup", "--db", "shop.db", "--out", "night.db")
    assert r.returncode == 0, r.stderr


def test_a_command_group_without_its_action_is_a_usage_error(run_cli) -> None:
    # Never the window: a script that forgot `customers` must not hang on a GUI.
    for group in ("export", "report", "customer"):
        r = run_cli(group, "--db", "x.db")
        assert r.returncode == 2, (group, r.stdout, r.stderr)
        _one_line_error(r.stderr)


def test_a_demo_that_fails_half_way_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    # Ctrl+C during `demo` left a database of 566 customers at --out, which the same command
    # then refused as an existing file.
    from datetime import date, datetime

    from desktop_crm.services import demo

    def interrupted(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "add_personal_details", interrupted)
    out = tmp_path / "shop.db"
    with pytest.raises(KeyboardInterrupt):
        demo.build_demo(out, customers=20, seed=1, today=date(2026, 11, 22),
                        now=datetime(2026, 11, 22, 10, 0))  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("shop")) == []
