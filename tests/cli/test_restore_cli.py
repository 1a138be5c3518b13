"""`desktop-crm restore` with encryption: never prompts; a backup made under an older
passphrase takes it from DESKTOP_CRM_BACKUP_PASSPHRASE; the database keeps its protection."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from desktop_crm.db import close_database, open_database
from desktop_crm.services import encryption as enc
from desktop_crm.services.customers import CustomerInput, create_customer

NOW = datetime(2026, 11, 22, 10, 30)
FIRST = "first-pass-1"
SECOND = "second-pass-2"


def _add(path: Path, name: str, passphrase: str | None) -> None:
    open_database(path, passphrase=passphrase)
    create_customer(CustomerInput(name), today=NOW.date(), now=NOW)
    close_database()


def _customers(run_cli, passphrase: str) -> int:  # noqa: ANN001
    r = run_cli("stats", "--db", "crm.db", "--json", DESKTOP_CRM_PASSPHRASE=passphrase)
    assert r.returncode == 0, r.stderr
    return int(json.loads(r.stdout)["customers"])


def test_an_old_backup_restores_with_the_backup_passphrase(run_cli, tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    _add(db, "in the old backup", None)
    enc.change_encryption(db, None, FIRST)
    r = run_cli("backup", "--db", "crm.db", "--out", "old.db", DESKTOP_CRM_PASSPHRASE=FIRST)
    assert r.returncode == 0, r.stderr
    enc.change_encryption(db, FIRST, SECOND)
    _add(db, "added later", SECOND)
    assert _customers(run_cli, SECOND) == 2

    r = run_cli("restore", "old.db", "--db", "crm.db", DESKTOP_CRM_PASSPHRASE=SECOND)
    assert r.returncode == 2
    assert "DESKTOP_CRM_BACKUP_PASSPHRASE" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = run_cli("restore", "old.db", "--db", "crm.db",
             DESKTOP_CRM_PASSPHRASE=SECOND, DESKTOP_CRM_BACKUP_PASSPHRASE="not-the-one")  # fmt: skip
    assert r.returncode == 2 and "does not open" in r.stderr
    assert _customers(run_cli, SECOND) == 2
    assert not (tmp_path / "crm.db.pre-restore").exists()

    r = run_cli("restore", "old.db", "--db", "crm.db",
             DESKTOP_CRM_PASSPHRASE=SECOND, DESKTOP_CRM_BACKUP_PASSPHRASE=FIRST)  # fmt: skip
    assert r.returncode == 0, r.stderr
    # Scripts keep working with the passphrase they know: the database's, not the backup's.
    assert _customers(run_cli, SECOND) == 1
    assert enc.check_passphrase(db, SECOND) and not enc.check_passphrase(db, FIRST)
    assert enc.check_passphrase(tmp_path / "crm.db.pre-restore", SECOND)


def test_a_plain_backup_restored_into_an_encrypted_database_is_encrypted(
    run_cli, tmp_path: Path
) -> None:
    db = tmp_path / "crm.db"
    _add(db, "in the plain backup", None)
    assert run_cli("backup", "--db", "crm.db", "--out", "plain.db").returncode == 0
    enc.change_encryption(db, None, FIRST)
    _add(db, "added later", FIRST)
    r = run_cli("restore", "plain.db", "--db", "crm.db", DESKTOP_CRM_PASSPHRASE=FIRST)
    assert r.returncode == 0, r.stderr
    assert _customers(run_cli, FIRST) == 1
    assert enc.is_encrypted(db) and enc.check_passphrase(db, FIRST)
    assert not enc.is_encrypted(tmp_path / "plain.db")


def test_restore_help_names_the_backup_passphrase(run_cli, tmp_path: Path) -> None:
    r = run_cli("restore", "--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.split())
    assert "DESKTOP_CRM_BACKUP_PASSPHRASE" in text and "DESKTOP_CRM_PASSPHRASE" in text
