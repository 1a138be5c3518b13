"""Currencies are stored as ISO codes, however a file wrote them (READING_VERSION 4).

A mapped sheet's currency column was stored as typed (`cny`, `usd`, `$`, `RMB`, `人民币`) and a
Shopify Currency cell `$` as `$`. Sums compare the currency with the store's and the rated ones
exactly, so such orders were left out of every figure, and no rate could be given for `$`.
Imports now read every currency cell with normalize.currency_code; this rewrites what earlier
versions stored the same way:

- orders.currency, and the currency field of the order's fingerprint (its seventh), so the next
  import of the same file finds the order unchanged;
- the order versions the import journal keeps for undo, so an undo brings back no old spelling;
- the store currency setting (a mapped first import adopted it as typed), the conversion rates
  (a rate keyed `RMB` moves to CNY unless CNY has its own or is the store's; a rate for the
  store's own currency is dropped) and the currency of saved mappings (one naming no currency
  is cleared).

Values that name no currency (`现金`) are left as they are. Cached figures (customer totals,
points, tiers) depend on which orders count: when anything changed, `_revalue_figures` is set
for the application to recompute them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# normalize.currency_code as it was when this migration was written (a migration never changes).
_MARKS = {
    "€": "EUR", "eur": "EUR", "欧元": "EUR", "歐元": "EUR",
    "£": "GBP", "gbp": "GBP", "英镑": "GBP", "英鎊": "GBP",
    "au$": "AUD", "aud": "AUD", "澳元": "AUD", "澳币": "AUD", "a$": "AUD",
    "ca$": "CAD", "c$": "CAD", "cad": "CAD", "加元": "CAD", "加币": "CAD",
    "hk$": "HKD", "hkd": "HKD", "港币": "HKD", "港幣": "HKD", "港元": "HKD",
    "nt$": "TWD", "twd": "TWD", "新台币": "TWD", "新台幣": "TWD", "台币": "TWD", "台幣": "TWD",
    "jp¥": "JPY", "jpy": "JPY", "日元": "JPY", "日圆": "JPY", "日圓": "JPY", "円": "JPY",
    "cn¥": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "人民幣": "CNY",
    "us$": "USD", "usd": "USD", "美元": "USD", "美金": "USD",
    "元": "CNY", "圆": "CNY", "¥": "CNY", "$": "USD",
    "yuan": "CNY", "renminbi": "CNY", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "usdollar": "USD", "usdollars": "USD",
}  # fmt: skip
_PIECE_RE = re.compile("|".join(re.escape(m) for m in sorted(_MARKS, key=len, reverse=True)))
_PUNCT = str.maketrans("", "", "()[]【】/.,:;-·")
_SEP = "\x1f"
_CURRENCY_FIELD = 6  # engine.fingerprint: status, paid, refunded, 3 times, then the currency


def _code(value: object) -> str | None:
    """The ISO code a stored currency names, or None when it names none."""
    if not isinstance(value, str):
        return None
    key = "".join(unicodedata.normalize("NFKC", value).split()).casefold()
    if not key:
        return None
    code = _MARKS.get(key)
    if code is None and len(key) == 3 and key.isascii() and key.isalpha():
        code = key.upper()
    if code is None:
        key = key.translate(_PUNCT)
        pieces = _PIECE_RE.findall(key)
        codes = {_MARKS[p] for p in pieces}
        if len(codes) == 1 and "".join(pieces) == key:
            code = codes.pop()
    return code


def _fixes(values: list[Any]) -> dict[str, str]:
    """{stored value: ISO code} for the values stored otherwise than as their code."""
    out = {}
    for value in values:
        code = _code(value)
        if code is not None and code != value:
            out[value] = code
    return out


def _fingerprint(fingerprint: Any, old: str, new: str) -> Any:
    """The fingerprint with its currency field `old` made `new` (an erased order's '' stays)."""
    if not isinstance(fingerprint, str):
        return fingerprint
    parts = fingerprint.split(_SEP, _CURRENCY_FIELD + 1)
    if len(parts) <= _CURRENCY_FIELD or parts[_CURRENCY_FIELD] != old:
        return fingerprint
    parts[_CURRENCY_FIELD] = new
    return _SEP.join(parts)


def _setting(db: Any, key: str) -> Any:
    row = db.execute_sql("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0])
    except (TypeError, ValueError):
        return None


def _set_setting(db: Any, key: str, value: Any) -> None:
    db.execute_sql(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        [key, json.dumps(value, ensure_ascii=False)],
    )


def _orders(db: Any) -> bool:
    values = [
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT currency FROM orders WHERE currency IS NOT NULL"
        ).fetchall()
    ]
    fixes = _fixes(values)
    for old, new in fixes.items():
        rows = db.execute_sql(
            "SELECT id, fingerprint FROM orders WHERE currency = ?", [old]
        ).fetchall()
        db.connection().executemany(
            "UPDATE orders SET currency = ?, fingerprint = ? WHERE id = ?",
            [(new, _fingerprint(fp, old, new), oid) for oid, fp in rows],
        )
    return bool(fixes)


def _journal(db: Any) -> None:
    where = "entity = 'order' AND json_valid(before_json)"
    values = [
        r[0]
        for r in db.execute_sql(
            f"SELECT DISTINCT json_extract(before_json, '$.currency') FROM import_change "
            f"WHERE {where}"
        ).fetchall()
    ]
    fixes = _fixes(values)
    if not fixes:
        return
    marks = ", ".join("?" for _ in fixes)
    rows = db.execute_sql(
        f"SELECT id, before_json FROM import_change WHERE {where} "
        f"AND json_extract(before_json, '$.currency') IN ({marks})",
        list(fixes),
    ).fetchall()
    changed = []
    for change_id, before_json in rows:
        before = json.loads(before_json)
        old = before["currency"]
        before["currency"] = fixes[old]
        before["fingerprint"] = _fingerprint(before.get("fingerprint"), old, fixes[old])
        changed.append((json.dumps(before, ensure_ascii=False, default=str), change_id))
    db.connection().executemany("UPDATE import_change SET before_json = ? WHERE id = ?", changed)


def _settings(db: Any) -> bool:
    changed = False
    store = _setting(db, "currency")
    if isinstance(store, str) and store:
        code = _code(store)
        if code is not None and code != store:
            store, changed = code, True
            _set_setting(db, "currency", store)
    rates = _setting(db, "currency_rates")
    if isinstance(rates, dict) and rates:
        kept = {k: v for k, v in rates.items() if _code(k) in (None, k) and k != store}
        for key, rate in rates.items():
            code = _code(key)
            if code is not None and code != key and code != store and code not in kept:
                kept[code] = rate
        if kept != rates:
            changed = True
            _set_setting(db, "currency_rates", dict(sorted(kept.items())))
    mappings = _setting(db, "import_mappings")
    if isinstance(mappings, dict):
        fixed = False
        for mapping in mappings.values():
            given = mapping.get("currency") if isinstance(mapping, dict) else None
            if given:
                code = _code(given)
                if code != given:
                    mapping["currency"] = code
                    fixed = True
        if fixed:
            _set_setting(db, "import_mappings", mappings)
    return changed


def up(migrator: Any, db: Any) -> None:
    """Rewrite stored currencies to ISO codes (orders, journal, settings)."""
    orders_changed = _orders(db)
    _journal(db)
    if _settings(db) or orders_changed:
        _set_setting(db, "_revalue_figures", True)
