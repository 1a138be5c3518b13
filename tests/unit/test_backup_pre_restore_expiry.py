"""`<db>.pre-restore` is held no longer than the backups are: an erased person does not survive
in it past the erasure log's "backups hold until" (defect: rotation never touched it)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from desktop_crm.services import backup as bk
from desktop_crm.services.customers import CustomerInput, create_customer

NOW = datetime(2026, 11, 22, 10, 30)


def _age(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def test_the_pre_restore_copy_goes_when_it_is_older_than_every_kept_backup(
    db_path: Path,
) -> None:
    first = bk.make_backup("manual", now=NOW - timedelta(days=400))
    create_customer(CustomerInput("将被抹去的人"), today=NOW.date(), now=NOW)
    result = bk.restore_backup(first.path, now=NOW - timedelta(days=399))
    pre = result.pre_restore
    _age(pre, NOW - timedelta(days=399))
    # While a backup as old as it is kept, it stays.
    bk.make_backup("auto", now=NOW - timedelta(days=398))
    assert pre.exists()
    # Once the rotation has let every backup of that time go (with a backup a day it keeps
    # none older than about ten months), the copy goes with them.
    bk.make_backup("auto", now=NOW - timedelta(days=30))
    for b in bk.list_backups():
        if b.time < NOW - timedelta(days=300):
            b.path.unlink()
    assert pre.exists()
    bk.make_backup("auto", now=NOW)
    assert not pre.exists()


def test_a_backup_into_another_folder_leaves_it(db_path: Path, tmp_path: Path) -> None:
    bk.make_backup("manual", now=NOW - timedelta(days=1))
    pre = Path(str(db_path) + ".pre-restore")
    pre.write_bytes(b"")
    _age(pre, NOW - timedelta(days=500))
    usb = tmp_path / "usb"
    usb.mkdir()
    bk.make_backup("manual", now=NOW, folder=usb)
    assert pre.exists()
    assert bk.expire_pre_restore(db_path) == pre and not pre.exists()
