"""Reading commands leave an older version's file as it is; `backup --out` tidies what a crashed
backup left in its folder; `restore` onto a database that does not exist yet makes it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from desktop_crm import db as dbmod
from desktop_crm.db import close_database, open_database

NOW = datetime(2026, 11, 22, 10, 30)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _old_database(tmp_path: Path) -> Path:
    """A database of schema version 1 (the first release) holding one customer."""
    first = sorted(dbmod.MIGRATIONS_DIR.glob("[0-9]*.py"))[0]
    old_dir = tmp_path / "old-migrations"
    old_dir.mkdir()
    shutil.copy(first, old_dir / first.name)
    path = tmp_path / "archive" / "old.db"
    path.parent.mkdir()
    open_database(path, migrations_dir=old_dir)
    dbmod.db.execute_sql(
        "INSERT INTO customer (display_name, created_at, updated_at) "
        "VALUES ('老客户', '2025-01-01', '2025-01-01')"
    )
    dbmod.db.execute_sql("PRAGMA journal_mode = delete")  # as a backup is
    close_database()
    return path


def test_reading_commands_do_not_upgrade_an_older_file(run_cli, tmp_path: Path) -> None:
    old = _old_database(tmp_path)
    before = _sha(old)
    listing = sorted(p.name for p in old.parent.iterdir())
    r = run_cli("stats", "--db", str(old), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["customers"] == 1
    r = run_cli("check", "--db", str(old))
    assert r.returncode == 0, r.stderr + r.stdout
    assert f"{old}: ok" in r.stdout
    r = run_cli("imports", "--db", str(old), "--json")
    assert r.returncode == 0, r.stderr
    assert _sha(old) == before
    # Nothing beside it either: no backup folder, no lock file, no -wal.
    assert sorted(p.name for p in old.parent.iterdir()) == listing
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("desktop-crm-read-*/old.db"))


def test_backup_out_removes_what_a_crashed_backup_left(
    run_cli, tmp_path: Path, _template_db: Path
) -> None:
    live = tmp_path / "a.db"
    shutil.copyfile(_template_db, live)
    usb = tmp_path / "usb"
    usb.mkdir()
    r = run_cli(
        "backup", "--db", str(live), "--out", str(usb), DESKTOP_CRM_CRASH_AT="backup:after_verify"
    )
    assert r.returncode != 0
    stale = [p.name for p in usb.iterdir()]
    assert stale and all(n.startswith(".a.") and n.endswith(".tmp") for n in stale)
    # A temporary file as fresh as a backup being written now (another shop's crm.db backing
    # up to the same stick) is left alone; one untouched for 15 minutes is a crashed one's.
    r = run_cli("backup", "--db", str(live), "--out", str(usb))
    assert r.returncode == 0, r.stderr
    assert all((usb / n).exists() for n in stale)
    for n in stale:
        os.utime(usb / n, (time.time() - 16 * 60,) * 2)
    # Files that are not this database's temporary files are left alone.
    (usb / ".b.20261122-103000.manual.db.zz9abc.tmp").write_text("another database's")
    (usb / "notes.txt").write_text("mine")
    r = run_cli("backup", "--db", str(live), "--out", str(usb))
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in usb.iterdir())
    assert not any(n in names for n in stale)
    assert ".b.20261122-103000.manual.db.zz9abc.tmp" in names and "notes.txt" in names
    assert len([n for n in names if n.startswith("a.") and n.endswith(".manual.db")]) == 2


def test_restore_onto_a_new_database_makes_it(run_cli, tmp_path: Path, _template_db: Path) -> None:
    source = tmp_path / "shop.db"
    shutil.copyfile(_template_db, source)
    open_database(source)
    dbmod.db.execute_sql(
        "INSERT INTO customer (display_name, created_at, updated_at) "
        "VALUES ('搬家的客户', '2025-01-01', '2025-01-01')"
    )
    close_database()
    r = run_cli("backup", "--db", str(source))
    assert r.returncode == 0, r.stderr
    backup = Path(r.stdout.strip())
    (tmp_path / "newpc").mkdir()
    r = run_cli("restore", str(backup), "--db", "newpc/crm.db")
    assert r.returncode == 0, r.stderr
    assert "new database newpc/crm.db" in r.stdout
    assert not (tmp_path / "newpc" / "crm.db.pre-restore").exists()
    r = run_cli("stats", "--db", "newpc/crm.db", "--json")
    assert json.loads(r.stdout)["customers"] == 1
    # A folder that does not exist is named.
    r = run_cli("restore", str(backup), "--db", "nowhere/crm.db")
    assert r.returncode == 2 and "nowhere" in r.stderr and "does not exist" in r.stderr


def test_restore_into_a_folder_that_cannot_be_written_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `restore FILE --db NEW.db` into a read-only folder exited 1 ("Cannot create the
    # database"), where `backup --out` / `export --out` into it and a missing folder exit 2.
    import errno

    from desktop_crm import cli

    assert cli.main(["demo", "--out", str(tmp_path / "shop.db"), "--customers", "1"]) == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    real_open = os.open

    def read_only(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)).parent == stick or Path(str(path)) == stick:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    capsys.readouterr()
    assert cli.main(["restore", str(tmp_path / "shop.db"), "--db", str(stick / "new.db")]) == 2
    err = capsys.readouterr().err
    assert "new.db cannot be written there (Read-only file system)" in err, err
    assert list(stick.iterdir()) == []


def test_a_failed_restore_onto_a_new_database_leaves_nothing(run_cli, tmp_path: Path) -> None:
    # It said "It was not changed." but left an empty database, its lock and backup folder;
    # the retry then treated that as the merchant's data and kept copies of it.
    (tmp_path / "newpc").mkdir()
    (tmp_path / "bad.db").write_text("not a backup")
    for source in ("bad.db", "missing.db"):
        r = run_cli("restore", source, "--db", "newpc/crm.db")
        assert r.returncode == 2, r.stderr
        assert sorted(p.name for p in (tmp_path / "newpc").iterdir()) == [], source


def test_a_failed_restore_through_a_link_keeps_the_real_backup_folder(run_cli, tmp_path) -> None:
    # A new computer: only the backups came over, the database is a link to where it will be.
    # A wrong file to restore then removed the real file's whole backup folder.
    real = tmp_path / "real"
    (real / "crm-backups").mkdir(parents=True)
    (real / "crm-backups" / "crm.20261101-100000.auto.db").write_bytes(b"kept")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "shop.db").symlink_to("../real/crm.db")
    (tmp_path / "notes.db").write_text("not a backup")
    r = run_cli("restore", "notes.db", "--db", "home/shop.db")
    assert r.returncode == 2, r.stderr
    assert (real / "crm-backups" / "crm.20261101-100000.auto.db").read_bytes() == b"kept"


def test_a_killed_reading_command_leaves_no_copy_of_the_data(run_cli, tmp_path: Path) -> None:
    # Killed (SIGKILL: no `finally`), a reading command left its upgraded copy of every
    # customer in the temp folder for good. The next reading command removes it.
    old = _old_database(tmp_path)
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    abandoned = tmp / "desktop-crm-read-x1"
    abandoned.mkdir()
    (abandoned / "crm.db").write_text("老客户 13800138000")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    (abandoned / "owner.pid").write_text(dead)
    r = run_cli("stats", "--db", str(old), "--json", TMPDIR=str(tmp))
    assert r.returncode == 0, r.stderr
    assert list(tmp.iterdir()) == []


def test_sigterm_leaves_a_command_through_its_clean_up() -> None:
    # `timeout`, a logout or a service manager send SIGTERM: the command now exits through
    # its `finally` clauses (locks released, temporary copies removed) as Ctrl+C does.
    import signal

    from desktop_crm import cli

    previous = signal.getsignal(signal.SIGTERM)
    try:
        cli._exit_on_sigterm()
        with pytest.raises(SystemExit) as leaving:
            os.kill(os.getpid(), signal.SIGTERM)
        assert leaving.value.code == 143
    finally:
        signal.signal(signal.SIGTERM, previous)
