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


def test_english_plural_forms_are_complete_and_compiled(tmp_path: Path) -> None:
    # English said "1 customer(s)" and "500 customer(s)": the sources' "(s)" needs English
    # plural forms, derived by scripts/i18n.py into desktop_crm_en.ts.
    import xml.etree.ElementTree as ET

    i18n = _i18n()
    assert i18n.english_forms("%n customer(s)") == ("%n customer", "%n customers")
    assert i18n.english_forms("%n earlier entry(ies) not shown") == (
        "%n earlier entry not shown", "%n earlier entries not shown",
    )  # fmt: skip
    assert i18n.english_forms("Erased. %n order(s) were kept")[0] == "Erased. %n order was kept"
    assert i18n.english_forms("%n customer(s) it created are removed.")[0] == (
        "%n customer it created is removed."
    )
    ts = tmp_path / "en.ts"
    shutil.copy(i18n.TS_EN, ts)
    before = ts.read_bytes()
    qm = tmp_path / "en.qm"
    i18n.update_english(ts, qm)  # what `update` writes: the committed files are current
    assert ts.read_bytes() == before, "run: python scripts/i18n.py update"
    assert qm.read_bytes() == i18n.QM_EN.read_bytes()
    forms = [
        [f.text for f in m.iter("numerusform")]
        for m in ET.parse(ts).getroot().iter("message")
        if m.get("numerus") == "yes"
    ]
    assert len(forms) >= 40 and all(len(f) == 2 and "(s)" not in "".join(f) for f in forms)
