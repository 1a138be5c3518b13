"""The command's contract: exit codes, one-line errors, demo, stats, check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

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
