"""Every visible string ships translated: the zh_CN .ts covers the code, and the .qm is current."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _i18n():
    spec = importlib.util.spec_from_file_location("i18n", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_ts_has_no_missing_or_unfinished_entries(tmp_path: Path) -> None:
    i18n = _i18n()
    ts = tmp_path / "zh_CN.ts"
    shutil.copy(i18n.TS, ts)
    i18n.lupdate(ts)  # adds any string the code has and the .ts lacks, as unfinished
    missing = i18n.unfinished(ts)
    assert missing == {}, f"translate these (scripts/i18n.py): {missing}"


def test_compiled_qm_matches_the_ts(tmp_path: Path) -> None:
    i18n = _i18n()
    qm = tmp_path / "out.qm"
    i18n.lrelease(i18n.TS, qm)
    assert qm.read_bytes() == i18n.QM.read_bytes(), "run: python scripts/i18n.py update"
