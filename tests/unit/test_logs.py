"""No personal data in the log files, even at DEBUG (RELIABILITY I41); files are private."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

import pytest

from desktop_crm.logs import setup_logging
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ImportFileError, ParsedOrder
from desktop_crm.services.importing.samples import write_export

NOW = datetime(2026, 11, 22, 10, 0)
PII = ("13987654321", "秘密路88号", "Zzsecretname")


def test_failing_imports_at_debug_log_no_personal_data(
    db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    import desktop_crm.logs as logs

    monkeypatch.setattr(logs, "_configured", False)
    ours = logging.getLogger("desktop_crm")
    handlers_before = list(ours.handlers)
    log_file = setup_logging(tmp_path / "logs")
    assert log_file is not None
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    logging.getLogger("desktop_crm").setLevel(logging.DEBUG)
    try:
        orders = [
            ParsedOrder(
                row=0, platform="taobao", order_no="9300000000000000001",
                ordered_at=datetime(2026, 9, 1, 9, 0), status="completed", paid=100,
                currency="CNY", buyer_key=PII[2], buyer_name=PII[2], real_name=PII[2],
                phone=PII[0], province="浙江省", city="杭州市", address=PII[1],
            )
        ]  # fmt: skip
        path = write_export(
            "taobao", orders, tmp_path / "ExportOrderList202609010900.csv", encoding="utf-8"
        )
        text = path.read_text(encoding="utf-8").replace("2026-09-01", "2026-02-30")
        path.write_text(text, encoding="utf-8")
        receipt = engine.import_file(path, now=NOW)
        assert receipt.rejected  # the row failed
        bad = tmp_path / "garbage.csv"
        bad.write_text(f"{PII[2]},{PII[0]}\n{PII[1]},x\n", encoding="utf-8")
        with pytest.raises(ImportFileError):
            engine.import_file(bad, now=NOW)
        logging.getLogger("desktop_crm").exception("a failure while importing")
    finally:
        root.setLevel(old_level)
        for h in list(ours.handlers):
            h.flush()
            if h not in handlers_before:
                ours.removeHandler(h)
                h.close()
    content = log_file.read_text(encoding="utf-8")
    for secret in PII:
        assert secret not in content
    if os.name == "posix":
        assert log_file.stat().st_mode & 0o077 == 0
