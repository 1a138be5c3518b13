"""Keep the zh_CN translation in step with the code.

    python scripts/i18n.py update            lupdate the .ts from the sources, then lrelease the .qm
    python scripts/i18n.py fill FILE.json    write {"Context": {"source": "译文"}} into the .ts
    python scripts/i18n.py missing           list the entries that still need a translation (JSON)

The .ts file is the source of truth; `fill` is only a convenient way to write many entries.

`update` also writes the English plural forms (desktop_crm_en.ts / .qm): the sources say
"%n customer(s)", and English readers get "1 customer" and "2 customers". Those forms are
derived from the "(s)" spelling (ENGLISH_SINGULAR lists the sentences that need more).
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "desktop_crm_zh_CN.ts"
QM = TS.with_suffix(".qm")
TS_EN = ROOT / "resources" / "i18n" / "desktop_crm_en.ts"
QM_EN = TS_EN.with_suffix(".qm")

# The singular of English plural sentences whose verb or noun changes beyond "(s)".
ENGLISH_SINGULAR = {
    "Their %n order(s) stay": "Their %n order stays",
    "%n order(s) were kept": "%n order was kept",
    "%n purchase(s) in another currency are not counted": (
        "%n purchase in another currency is not counted"
    ),
    "%n purchase(s) in %1 are left out": "%n purchase in %1 is left out",
    "%n follow-up(s) are due": "%n follow-up is due",
    "%n earlier backup(s) were encrypted": "%n earlier backup was encrypted",
    "%n row(s) deleted since the merge stay deleted": (
        "%n row deleted since the merge stays deleted"
    ),
    "%n customer(s) match now": "%n customer matches now",
    "%n file(s) were imported": "%n file was imported",
    "%n pair(s) of customers may be one person": "%n pair of customers may be one person",
    "Group of %n customers": "Group of %n customer",
    "%n suggested pairs": "%n suggested pair",
    "%n order(s) it added are removed": "%n order it added is removed",
    "%n order(s) it changed are put back as they were": "%n order it changed is put back as it was",
    "%n customer(s) it created are removed": "%n customer it created is removed",
    "%n customer(s) it changed are put back as they were": (
        "%n customer it changed is put back as it was"
    ),
    "%n tag(s) it gave to customers are taken off": "%n tag it gave to customers is taken off",
    "entry(ies) were not open: left as they were": "entry was not open: left as it was",
    "entry(ies) were already resolved: left as they were": (
        "entry was already resolved: left as it was"
    ),
    "entry(ies) were not resolved: left as they were": "entry was not resolved: left as it was",
}
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop_crm").rglob("*.py"))


def lupdate(ts: Path = TS, *options: str) -> None:
    """Refresh `ts` from the sources (obsolete entries dropped)."""
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources(),
            "-no-obsolete",
            "-locations",
            "none",
            *options,
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def lrelease(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def unfinished(ts: Path = TS) -> dict[str, list[str]]:
    """Context -> sources whose translation is missing or unfinished."""
    out: dict[str, list[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            if (
                tr is None
                or tr.get("type") == "unfinished"
                or not ((tr.text or "").strip() or tr.findall("numerusform"))
            ):
                out.setdefault(name, []).append(message.findtext("source") or "")
    return out


def fill(mapping: dict[str, dict[str, str]], ts: Path = TS) -> int:
    tree = ET.parse(ts)
    done = 0
    for context in tree.getroot().iter("context"):
        table = mapping.get(context.findtext("name") or "", {})
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            if source not in table:
                continue
            if message.get("numerus") == "yes":
                _translate(message, [table[source]])
            else:
                _translate(message, []).text = table[source]
            done += 1
    _write(tree, ts)
    return done


def _translate(message: ET.Element, forms: list[str]) -> ET.Element:
    """The message's translation element, emptied and finished, holding these plural forms."""
    tr = message.find("translation")
    if tr is None:
        tr = ET.SubElement(message, "translation")
    for child in list(tr):
        tr.remove(child)
    tr.text = None
    tr.attrib.pop("type", None)
    for form in forms:
        ET.SubElement(tr, "numerusform").text = form
    return tr


def _write(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    with open(ts, "r+", encoding="utf-8") as fh:  # lupdate expects the DOCTYPE line
        text = fh.read()
        if "<!DOCTYPE TS>" not in text:
            text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
            fh.seek(0)
            fh.write(text)
            fh.truncate()


def english_forms(source: str) -> tuple[str, str]:
    """(singular, plural) of an English "%n …(s)" sentence."""
    one = source
    for many, single in ENGLISH_SINGULAR.items():
        one = one.replace(many, single)
    one = one.replace("(ies)", "").replace("(s)", "")  # entry(ies) → entry
    return one, source.replace("y(ies)", "ies").replace("(s)", "s")  # → entries


def update_english(ts: Path = TS_EN, qm: Path = QM_EN) -> None:
    """The English plural forms: lupdate's plural-only file, filled from the sources."""
    lupdate(ts, "-pluralonly", "-source-language", "en", "-target-language", "en")
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        if message.get("numerus") == "yes":
            _translate(message, list(english_forms(message.findtext("source") or "")))
    _write(tree, ts)
    lrelease(ts, qm)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "update":
        lupdate()
        lrelease()
        update_english()
        missing = unfinished()
        print(f"{sum(len(v) for v in missing.values())} entries need a translation")
        return 0
    if command == "fill":
        n = fill(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
        lrelease()
        print(f"filled {n}")
        return 0
    if command == "missing":
        print(json.dumps(unfinished(), ensure_ascii=False, indent=1))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
