"""Duplicate customers: find likely pairs, merge two after a side-by-side review, undo a merge.

Finding is SQL over keys (no pairwise loop in Python): customers sharing a full phone
(`phone_norm`, never a masked one), an e-mail (`email_norm`), a name in the same city, or an
address are paired; pairs join into groups by union-find. A masked phone (138****1234) is never
a reason on its own: it only strengthens a pair found for another reason.

A merge moves every row of every table that points at the merged customer to the kept one. The
tables are found by walking the schema (privacy.customer_references), so a table another part
adds later is moved without anyone remembering this module. Rows that would break a unique rule
once moved (the same tag on both, a second automatic follow-up for the same reason) are removed
and kept in the merge record, with the merged customer's whole row, the kept customer's values
the merge changed, and the key of every row moved, so unmerge puts everything back exactly.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import peewee

from desktop_crm.db import db, executemany, storage_errors
from desktop_crm.errors import NotFound, Refused
from desktop_crm.services import effects, loyalty
from desktop_crm.services.privacy import Reference, customer_references

log = logging.getLogger("desktop_crm.duplicates")

# --- reasons -------------------------------------------------------------------------------

PHONE = "phone"  # the same full phone number (after +86, spaces, dashes)
EMAIL = "email"  # the same e-mail address, whatever the case
NAME_CITY = "name_city"  # the same real or display name in the same city
ADDRESS = "address"  # the same province + city + street address
MASKED_PHONE = "masked_phone"  # a masked phone that fits the other's: never a reason alone
REASONS = (PHONE, EMAIL, ADDRESS, NAME_CITY, MASKED_PHONE)
WEIGHTS = {PHONE: 50, EMAIL: 50, ADDRESS: 35, NAME_CITY: 25, MASKED_PHONE: 10}
# Strength (0-100) is the sum of the weights of a pair's reasons, capped at 100.
HIGH, MEDIUM, LOW = "high", "medium", "low"
# A key shared by more customers than this is a placeholder (the shop's own phone, "王伟" in
# 杭州市), not a person: it is skipped and counted in DuplicateReport.skipped_keys.
MAX_KEY_SIZE = 10

# --- merge choices -------------------------------------------------------------------------

KEPT = "kept"
MERGED = "merged"
# What the review dialog offers, and the customer columns each choice carries together.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "display_name": ("display_name",),
    "real_name": ("real_name",),
    "phone": ("phone", "phone_masked", "phone_norm"),
    "email": ("email", "email_norm"),
    "gender": ("gender",),
    "birthday": ("birthday",),
    "address": ("province", "city", "address"),
    "notes": ("notes",),
}
CHOICE_FIELDS = tuple(FIELD_GROUPS)

_TIME_FMT = "%Y-%m-%d %H:%M:%S"


def _field_words(columns: set[str]) -> str:
    """Customer columns as the review names them: `phone` for phone, phone_norm and
    phone_masked (the views translate these words)."""
    grouped = {c for cols in FIELD_GROUPS.values() for c in cols}
    groups = [g for g, cols in FIELD_GROUPS.items() if columns & set(cols)]
    return ", ".join(groups + sorted(columns - grouped))


class MergeRefused(Refused):
    """The two customers cannot be merged as asked; nothing was changed."""


class UnmergeRefused(Refused):
    """A merge cannot be undone (yet); nothing was changed.

    `blocking` is the id of a later merge to undo first, when that is the reason.
    """

    def __init__(self, merge_id: int, message: str, blocking: int | None = None) -> None:
        super().__init__(message)
        self.merge_id = merge_id
        self.blocking = blocking


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerBrief:
    """What a list of duplicates (and the review dialog's header) shows of one customer."""

    id: int
    display_name: str
    real_name: str
    phone: str
    phone_masked: bool
    email: str
    province: str
    city: str
    address: str
    source_platform: str
    platforms: tuple[str, ...]  # platforms of its channel identities (source when none)
    order_count: int
    total_paid: int
    last_order_at: datetime | None
    created_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two customers that are probably one person, with why and how sure (0-100)."""

    a: CustomerBrief  # the lower id
    b: CustomerBrief
    reasons: tuple[str, ...]  # strongest first; codes from REASONS
    strength: int

    @property
    def ids(self) -> tuple[int, int]:
        return (self.a.id, self.b.id)

    @property
    def level(self) -> str:
        """high (a full phone or e-mail, or several weaker reasons), medium or low."""
        return strength_level(self.strength)


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Customers linked by suggested pairs (union-find): one person seen several times."""

    customer_ids: tuple[int, ...]
    pairs: tuple[DuplicatePair, ...]
    strength: int  # of the strongest pair


@dataclass(frozen=True, slots=True)
class DuplicateReport:
    """Suggested pairs (strongest first) and the groups they form."""

    pairs: tuple[DuplicatePair, ...]
    groups: tuple[DuplicateGroup, ...]
    skipped_keys: dict[str, int] = field(default_factory=dict)  # reason -> keys too common
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class FieldChoice:
    """One line of the side-by-side review: both values and the suggested choice."""

    field: str  # a key of FIELD_GROUPS
    kept_value: Any  # the shown value (address: "province city address")
    merged_value: Any
    default: str  # KEPT or MERGED
    differs: bool


@dataclass(frozen=True, slots=True)
class MergeReview:
    """Everything the review dialog shows before the merchant confirms a merge."""

    kept: CustomerBrief
    merged: CustomerBrief
    fields: tuple[FieldChoice, ...]
    rows: dict[str, tuple[int, int]]  # table -> (rows of kept, rows of merged)
    reasons: tuple[str, ...]
    strength: int
    marked_not_duplicate: bool

    @property
    def defaults(self) -> dict[str, str]:
        return {f.field: f.default for f in self.fields}


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge did."""

    merge_id: int
    kept_id: int
    merged_id: int
    moved: dict[str, int]  # "table.column" -> rows moved to the kept customer
    removed: dict[str, int]  # table -> rows removed as conflicts (put back by unmerge)
    fields_changed: tuple[str, ...]  # kept customer columns the merge set


@dataclass(frozen=True, slots=True)
class UnmergeResult:
    """What an unmerge put back."""

    merge_id: int
    kept_id: int
    merged_id: int
    moved_back: dict[str, int]  # "table.column" -> rows moved back to the merged customer
    followed: dict[str, int]  # rows added since that went back with an identity or order
    restored: dict[str, int]  # table -> conflict rows put back
    fields_restored: tuple[str, ...]
    fields_kept: tuple[str, ...]  # changed again since the merge: left as they are
    rows_gone: int  # rows the merge moved that no longer exist (deleted since)
    # The kept customer's own import was undone while the merge held it, and nothing of it is
    # left: it went as that undo would have removed it.
    kept_removed: bool = False


@dataclass(frozen=True, slots=True)
class MergeInfo:
    """One line of the merge history."""

    merge_id: int
    kept_id: int
    merged_id: int
    kept_name: str | None  # None when the kept customer no longer exists
    merged_name: str
    created_at: datetime
    undone_at: datetime | None


def strength_level(strength: int) -> str:
    """The label of a strength: HIGH from 50, MEDIUM from 35, LOW below."""
    if strength >= 50:
        return HIGH
    if strength >= 35:
        return MEDIUM
    return LOW


# --- normalising what is compared ----------------------------------------------------------

_MASKS = ("*", "•", "＊")
_PLACE_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区",
    "自治区", "自治州", "地区", "省", "市",
)  # fmt: skip


# White space, punctuation and symbols (Unicode-aware): 文一西路 1 号, 文一西路1号 and
# 文一西路#1号 compare equal.
_NOT_WORD = re.compile(r"[\W_]+")
_NFKC = functools.partial(unicodedata.normalize, "NFKC")


def _masked(text: str) -> bool:
    return "*" in text or "•" in text or "＊" in text


def _squeeze(text: str) -> str:
    """NFKC, case-folded, without white space, punctuation or symbols."""
    return _NOT_WORD.sub("", (text if text.isascii() else _NFKC(text)).casefold())


def fold_name(text: Any) -> str | None:
    """A name as compared: NFKC, case-folded, no spaces or punctuation; None when empty, one
    character, or masked (拼多多 exports give 王**: a masked name says nothing of who it is)."""
    if text is None:
        return None
    text = str(text)
    if _masked(text):
        return None
    name = _squeeze(text)
    return name if len(name) >= 2 else None


@functools.lru_cache(maxsize=8192)
def _place_forms(text: str) -> tuple[str, str, tuple[str, ...]]:
    """A province or city squeezed; without its 省/市/自治区 suffix; and every way it may
    begin a street address (longest first)."""
    place = _squeeze(text)
    short = place
    for suffix in _PLACE_SUFFIXES:
        if place.endswith(suffix) and len(place) > len(suffix):
            short = place[: -len(suffix)]
            break
    forms = {place, short, *(short + suffix for suffix in _PLACE_SUFFIXES)} - {""}
    return place, short, tuple(sorted(forms, key=len, reverse=True))


_NO_PLACE: tuple[str, str, tuple[str, ...]] = ("", "", ())


def fold_place(text: Any) -> str | None:
    """A province or city as compared: 浙江省 = 浙江 = 浙江 省; None when empty."""
    if text is None:
        return None
    return _place_forms(str(text))[1] or None


def _address_key(
    address: str, prov: tuple[str, str, tuple[str, ...]], town: tuple[str, str, tuple[str, ...]]
) -> str | None:
    if _masked(address):
        return None
    street = _squeeze(address)
    # Exports disagree on whether the street repeats the province and city: drop them.
    for place in (prov, town):
        for form in place[2]:
            if street.startswith(form):
                street = street[len(form) :]
                break
    if len(street) < 4:
        return None
    return f"{prov[1]}|{town[1]}|{street}"


def fold_address(province: Any, city: Any, address: Any) -> str | None:
    """Province + city + street as one comparable key; None when the street is missing,
    masked, or too short to mean anything."""
    if not address:
        return None
    prov = _place_forms(str(province)) if province else _NO_PLACE
    town = _place_forms(str(city)) if city else _NO_PLACE
    return _address_key(str(address), prov, town)


def masked_phone_fits(a: str | None, b: str | None) -> bool:
    """True when two phones, at least one masked (138****1234), could be the same number.

    Only the visible digits are compared; at least 7 must be visible on the masked side.
    """
    if not a or not b:
        return False
    masked = [p for p in (a, b) if any(m in p for m in _MASKS)]
    if not masked:
        return False

    def parts(p: str) -> tuple[str, str]:
        p = re.sub(r"^(?:\+?86)", "", p.replace(" ", "").replace("-", ""))
        if not any(m in p for m in _MASKS):
            return p, p
        head = re.match(r"^\d*", p)
        tail = re.search(r"\d*$", p)
        return (head.group(0) if head else ""), (tail.group(0) if tail else "")

    (ha, ta), (hb, tb) = parts(a), parts(b)
    if any(len(h) + len(t) < 7 for h, t in (parts(m) for m in masked)):
        return False
    head_ok = ha.startswith(hb) or hb.startswith(ha)
    tail_ok = ta.endswith(tb) or tb.endswith(ta)
    return head_ok and tail_ok


# --- finding -------------------------------------------------------------------------------

_KEY_TABLES = """
    CREATE TEMP TABLE IF NOT EXISTS _dup_all (
        reason TEXT NOT NULL, key TEXT NOT NULL, customer_id INTEGER NOT NULL,
        PRIMARY KEY (reason, key, customer_id)) WITHOUT ROWID;
    DELETE FROM _dup_all;
"""

# Phones and e-mails are already normalised in their indexed columns: SQL keeps the values
# held by two customers or more.
_KEY_SQL = [
    f"""
    INSERT OR IGNORE INTO _dup_all (reason, key, customer_id)
    SELECT '{PHONE}', phone_norm, id FROM customer
    WHERE phone_masked = 0 AND phone_norm IN (SELECT phone_norm FROM customer
        WHERE phone_norm IS NOT NULL AND phone_norm != '' GROUP BY phone_norm HAVING count(*) > 1)
    """,
    f"""
    INSERT OR IGNORE INTO _dup_all (reason, key, customer_id)
    SELECT '{EMAIL}', email_norm, id FROM customer
    WHERE email_norm IN (SELECT email_norm FROM customer
        WHERE email_norm IS NOT NULL AND email_norm != '' GROUP BY email_norm HAVING count(*) > 1)
    """,
]


def _text_keys(conn: Any) -> dict[tuple[str, str], list[int]]:
    """Name + city and address keys held by two customers or more (one pass, hashed).

    Names and addresses need Unicode normalisation SQLite does not have; calling Python
    functions from SQL costs more than the normalising itself (1.5 us a call, 5 s at 100k),
    so the rows are read once and grouped here. The shared keys go on to the SQL self-join.
    """
    first: dict[tuple[str, str], int] = {}  # key -> the first customer holding it
    shared: dict[tuple[str, str], list[int]] = {}
    places: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    real_names: dict[str, str | None] = {}  # real names repeat: fold each once

    def add(key: tuple[str, str], cid: int) -> None:
        holder = first.setdefault(key, cid)
        if holder != cid:
            shared.setdefault(key, [holder]).append(cid)

    for cid, real, display, province, city, address in conn.execute(
        "SELECT id, real_name, display_name, province, city, address FROM customer"
    ):
        town = places.get(city) if city else _NO_PLACE
        if town is None:
            town = places[city] = _place_forms(str(city))
        if town[1]:
            if real:
                if real in real_names:
                    folded_real = real_names[real]
                else:
                    folded_real = real_names[real] = fold_name(real)
            else:
                folded_real = None
            folded_display = fold_name(display)
            if folded_real:
                add((NAME_CITY, f"{folded_real}|{town[1]}"), cid)
            if folded_display and folded_display != folded_real:
                add((NAME_CITY, f"{folded_display}|{town[1]}"), cid)
        if address:
            prov = places.get(province) if province else _NO_PLACE
            if prov is None:
                prov = places[province] = _place_forms(str(province))
            key = _address_key(str(address), prov, town)
            if key:
                add((ADDRESS, key), cid)
    return shared


_BRIEF_SQL = """
    SELECT c.id, c.display_name, c.real_name, c.phone, c.phone_masked, c.email, c.province,
        c.city, c.address, c.source_platform, c.order_count, c.total_paid, c.last_order_at,
        c.created_at, c.updated_at,
        (SELECT group_concat(p, ',') FROM (SELECT DISTINCT ci.platform AS p
            FROM channel_identity ci WHERE ci.customer_id = c.id ORDER BY 1))
    FROM customer c
"""


def _when(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _brief(row: Sequence[Any]) -> CustomerBrief:
    platforms = tuple(str(row[15]).split(",")) if row[15] else (str(row[9]),)
    return CustomerBrief(
        id=int(row[0]),
        display_name=str(row[1]),
        real_name=row[2] or "",
        phone=row[3] or "",
        phone_masked=bool(row[4]),
        email=row[5] or "",
        province=row[6] or "",
        city=row[7] or "",
        address=row[8] or "",
        source_platform=str(row[9]),
        platforms=platforms,
        order_count=int(row[10]),
        total_paid=int(row[11]),
        last_order_at=_when(row[12]),
        created_at=_when(row[13]),
        updated_at=_when(row[14]),
    )


def customer_briefs(ids: Iterable[int]) -> dict[int, CustomerBrief]:
    """The list lines of these customers (ids that do not exist are left out)."""
    wanted = sorted({int(i) for i in ids})
    out: dict[int, CustomerBrief] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sql = f"{_BRIEF_SQL} WHERE c.id IN ({','.join('?' * len(chunk))})"
        for row in db.execute_sql(sql, chunk).fetchall():
            out[int(row[0])] = _brief(row)
    return out


def _strength(reasons: Iterable[str]) -> int:
    return min(100, sum(WEIGHTS[r] for r in set(reasons)))


def _ordered(reasons: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(reasons), key=lambda r: (-WEIGHTS[r], REASONS.index(r))))


def find_duplicates(
    *,
    customer_id: int | None = None,
    min_strength: int = 0,
    max_key_size: int = MAX_KEY_SIZE,
) -> DuplicateReport:
    """Suggest pairs of customers that are probably the same person, and their groups.

    Args:
        customer_id: only pairs involving this customer (the customer page's hint).
        min_strength: leave out weaker pairs.
        max_key_size: a phone, e-mail, name or address shared by more customers than this is
            skipped (counted in `skipped_keys`).

    Pairs the merchant marked "not the same person" are never suggested.
    """
    started = time.perf_counter()
    with storage_errors(), db.atomic("DEFERRED"):
        conn = db.connection()
        for statement in _KEY_TABLES.split(";"):
            if statement.strip():
                conn.execute(statement)
        for sql in _KEY_SQL:
            conn.execute(sql)
        skipped: dict[str, int] = {}
        shared: list[tuple[str, str, int]] = []
        for (reason, key), ids in _text_keys(conn).items():
            if len(ids) > max_key_size:
                skipped[reason] = skipped.get(reason, 0) + 1
            elif len(ids) > 1:
                shared.extend((reason, key, cid) for cid in ids)
        executemany("INSERT OR IGNORE INTO _dup_all VALUES (?, ?, ?)", shared)
        for reason, n in conn.execute(
            "SELECT reason, count(*) FROM (SELECT reason FROM _dup_all GROUP BY reason, key "
            "HAVING count(*) > ?) GROUP BY reason",
            (max_key_size,),
        ):
            skipped[str(reason)] = skipped.get(str(reason), 0) + int(n)
        scope, params = "", [max_key_size]
        if customer_id is not None:
            scope = "WHERE a.customer_id = ? OR b.customer_id = ?"
            params += [customer_id, customer_id]
        found = conn.execute(
            f"""
            SELECT a.customer_id, b.customer_id, group_concat(DISTINCT a.reason)
            FROM (SELECT reason, key FROM _dup_all GROUP BY reason, key
                HAVING count(*) BETWEEN 2 AND ?) k
            JOIN _dup_all a ON a.reason = k.reason AND a.key = k.key
            JOIN _dup_all b ON b.reason = k.reason AND b.key = k.key
                AND b.customer_id > a.customer_id
            {scope}
            GROUP BY a.customer_id, b.customer_id
            """,
            params,
        ).fetchall()
        not_same = {
            (min(a, b), max(a, b))
            for a, b in conn.execute("SELECT customer_a, customer_b FROM not_duplicate")
        }
        raw = [
            (int(a), int(b), str(reasons).split(","))
            for a, b, reasons in found
            if (int(a), int(b)) not in not_same
        ]
        briefs = customer_briefs({i for a, b, _r in raw for i in (a, b)})
    pairs = []
    for a, b, reasons in raw:
        if masked_phone_fits(briefs[a].phone, briefs[b].phone):
            reasons.append(MASKED_PHONE)
        strength = _strength(reasons)
        if strength >= min_strength:
            pairs.append(DuplicatePair(briefs[a], briefs[b], _ordered(reasons), strength))
    pairs.sort(key=lambda p: (-p.strength, p.a.id, p.b.id))
    return DuplicateReport(
        pairs=tuple(pairs),
        groups=tuple(group_pairs(pairs)),
        skipped_keys=skipped,
        seconds=time.perf_counter() - started,
    )


def group_pairs(pairs: Sequence[DuplicatePair]) -> list[DuplicateGroup]:
    """Join pairs that share a customer into groups (union-find), strongest group first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = root(p.a.id), root(p.b.id)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for x in list(parent):
        members.setdefault(root(x), []).append(x)
    by_root: dict[int, list[DuplicatePair]] = {}
    for p in pairs:
        by_root.setdefault(root(p.a.id), []).append(p)
    groups = [
        DuplicateGroup(
            customer_ids=tuple(sorted(members[r])),
            pairs=tuple(ps),
            strength=max(p.strength for p in ps),
        )
        for r, ps in by_root.items()
    ]
    groups.sort(key=lambda g: (-g.strength, g.customer_ids[0]))
    return groups


# --- "not the same person" -----------------------------------------------------------------


def _require_customers(*ids: int) -> None:
    for cid in ids:
        if not db.execute_sql("SELECT 1 FROM customer WHERE id = ?", [cid]).fetchone():
            raise NotFound(f"Customer {cid} does not exist.")


def mark_not_duplicate(a: int, b: int, *, now: datetime) -> None:
    """Remember that two customers are different people: the pair is not suggested again."""
    if a == b:
        raise Refused("A customer is always the same person as itself.")
    with storage_errors(), db.atomic("IMMEDIATE"):
        _require_customers(a, b)
        db.execute_sql(
            "INSERT OR IGNORE INTO not_duplicate (customer_a, customer_b, created_at) "
            "SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM not_duplicate "
            "WHERE customer_a = ?2 AND customer_b = ?1)",
            [min(a, b), max(a, b), now],
        )


def unmark_not_duplicate(a: int, b: int) -> bool:
    """Forget a "not the same person" mark; True when there was one."""
    with storage_errors(), db.atomic("IMMEDIATE"):
        n = db.execute_sql(
            "DELETE FROM not_duplicate WHERE (customer_a = ?1 AND customer_b = ?2) "
            "OR (customer_a = ?2 AND customer_b = ?1)",
            [a, b],
        ).rowcount
    return bool(n)


def is_marked_not_duplicate(a: int, b: int) -> bool:
    """True when the merchant said these two are different people."""
    row = db.execute_sql(
        "SELECT 1 FROM not_duplicate WHERE (customer_a = ?1 AND customer_b = ?2) "
        "OR (customer_a = ?2 AND customer_b = ?1)",
        [a, b],
    ).fetchone()
    return row is not None


# --- review --------------------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _dict_rows(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute_sql(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _customer_row(customer_id: int) -> dict[str, Any]:
    rows = _dict_rows("SELECT * FROM customer WHERE id = ?", [customer_id])
    if not rows:
        raise NotFound(f"Customer {customer_id} does not exist.")
    return rows[0]


def _empty(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_empty(v) for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(row: Mapping[str, Any], name: str) -> Any:
    """The value of a choice as the review shows it."""
    if name == "address":
        parts = [row.get(c) for c in FIELD_GROUPS["address"]]
        return " ".join(str(p) for p in parts if not _empty(p))
    if name == "phone":
        return row.get("phone")
    if name == "email":
        return row.get("email")
    return row.get(name)


def default_choices(kept: Mapping[str, Any], merged: Mapping[str, Any]) -> dict[str, str]:
    """For each field, the suggested side: the most recent non-empty value.

    "Most recent" compares the customers' updated_at; on a tie the kept customer's value
    stays. A full phone always beats a masked one, whichever is newer.

    Args:
        kept, merged: customer rows (column -> value), e.g. `Customer` rows as dicts.
    """
    merged_newer = str(merged.get("updated_at") or "") > str(kept.get("updated_at") or "")
    out: dict[str, str] = {}
    for name in FIELD_GROUPS:
        k, m = _shown(kept, name), _shown(merged, name)
        if _empty(m) or k == m:
            choice = KEPT
        elif _empty(k):
            choice = MERGED
        elif name == "phone" and bool(kept.get("phone_masked")) != bool(merged.get("phone_masked")):
            choice = MERGED if kept.get("phone_masked") else KEPT
        else:
            choice = MERGED if merged_newer else KEPT
        out[name] = choice
    return out


def _row_counts(kept_id: int, merged_id: int) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for ref in _merge_refs():
        k, m = counts.get(ref.table, (0, 0))
        sql = f"SELECT count(*) FROM {_q(ref.table)} WHERE {_q(ref.column)} = ?"
        k += int(db.execute_sql(sql, [kept_id]).fetchone()[0])
        m += int(db.execute_sql(sql, [merged_id]).fetchone()[0])
        counts[ref.table] = (k, m)
    return counts


def review_merge(kept_id: int, merged_id: int) -> MergeReview:
    """Both customers side by side, the suggested choices and what would move.

    Raises:
        NotFound: either customer does not exist.
    """
    if kept_id == merged_id:
        raise MergeRefused("A customer cannot be merged with itself.")
    kept, merged = _customer_row(kept_id), _customer_row(merged_id)
    defaults = default_choices(kept, merged)
    fields = tuple(
        FieldChoice(
            field=name,
            kept_value=_shown(kept, name),
            merged_value=_shown(merged, name),
            default=defaults[name],
            differs=_shown(kept, name) != _shown(merged, name),
        )
        for name in FIELD_GROUPS
    )
    briefs = customer_briefs([kept_id, merged_id])
    reasons = pair_reasons(kept, merged)
    return MergeReview(
        kept=briefs[kept_id],
        merged=briefs[merged_id],
        fields=fields,
        rows=_row_counts(kept_id, merged_id),
        reasons=reasons,
        strength=_strength(reasons),
        marked_not_duplicate=is_marked_not_duplicate(kept_id, merged_id),
    )


def _name_keys(row: Mapping[str, Any]) -> set[str]:
    city = fold_place(row.get("city"))
    if city is None:
        return set()
    names = {fold_name(row.get("real_name")), fold_name(row.get("display_name"))}
    return {f"{n}|{city}" for n in names if n is not None}


def pair_reasons(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, ...]:
    """Why two customer rows look like one person (the finder's rules, for one pair)."""
    reasons = []
    if a.get("phone_norm") and not a.get("phone_masked") and not b.get("phone_masked"):
        if a.get("phone_norm") == b.get("phone_norm"):
            reasons.append(PHONE)
    if a.get("email_norm") and a.get("email_norm") == b.get("email_norm"):
        reasons.append(EMAIL)
    if _name_keys(a) & _name_keys(b):
        reasons.append(NAME_CITY)
    address = fold_address(a.get("province"), a.get("city"), a.get("address"))
    if address is not None and address == fold_address(
        b.get("province"), b.get("city"), b.get("address")
    ):
        reasons.append(ADDRESS)
    if reasons and masked_phone_fits(a.get("phone"), b.get("phone")):
        reasons.append(MASKED_PHONE)
    return _ordered(reasons)


# --- schema helpers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    without_rowid: bool
    pk: tuple[str, ...]  # primary key columns of a WITHOUT ROWID table; ("rowid",) otherwise
    rowid_alias: str | None  # the INTEGER PRIMARY KEY column of a rowid table

    @property
    def key_sql(self) -> str:
        return ", ".join(_q(c) for c in self.pk) if self.without_rowid else "rowid"


class _Schema:
    """Table facts, read once per operation."""

    def __init__(self) -> None:
        self._tables: dict[str, _Table | None] = {}
        self._children: dict[str, list[tuple[str, str, str | None]]] | None = None

    def table(self, name: str) -> _Table | None:
        if name not in self._tables:
            self._tables[name] = self._read(name)
        return self._tables[name]

    @staticmethod
    def _read(name: str) -> _Table | None:
        listed = db.execute_sql(
            "SELECT wr FROM pragma_table_list(?) WHERE schema = 'main' AND type = 'table'", [name]
        ).fetchone()
        if listed is None:
            return None
        info = db.execute_sql("SELECT name, type, pk FROM pragma_table_info(?)", [name]).fetchall()
        columns = tuple(str(r[0]) for r in info)
        pk = [(int(r[2]), str(r[0]), str(r[1]).upper()) for r in info if int(r[2]) > 0]
        pk.sort()
        without_rowid = bool(listed[0])
        alias = None
        if not without_rowid and len(pk) == 1 and pk[0][2] == "INTEGER":
            alias = pk[0][1]
        return _Table(
            name=name,
            columns=columns,
            without_rowid=without_rowid,
            pk=tuple(c for _n, c, _t in pk) if without_rowid else ("rowid",),
            rowid_alias=alias,
        )

    def children(self, table: str) -> list[tuple[str, str, str | None]]:
        """(child table, child column, parent column) of every foreign key into `table`."""
        if self._children is None:
            self._children = {}
            for t in db.get_tables():
                for fk in db.get_foreign_keys(t):
                    self._children.setdefault(fk.dest_table, []).append(
                        (t, fk.column, fk.dest_column)
                    )
        return self._children.get(table, [])


def _merge_refs() -> list[Reference]:
    """Every (table, column) with a foreign key to customer.id."""
    return [r for r in customer_references() if r.via == "customer"]


def _enc(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _dec(value: Any) -> Any:
    if isinstance(value, dict) and "$b64" in value:
        return base64.b64decode(value["$b64"])
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _row_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _enc(v) for k, v in row.items()}


def _row_from_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _dec(v) for k, v in row.items()}


_GUARD = re.compile(r"\bBEFORE\s+UPDATE\b(?:\s+OF\s+(?P<cols>.*?))?\s+ON\b", re.I | re.S)
_RAISES = re.compile(r"\bRAISE\s*\(\s*(?:ABORT|FAIL|ROLLBACK)\b", re.I)


@contextlib.contextmanager
def _guards_lifted(table: str, column: str) -> Iterator[None]:
    """Lift the triggers that forbid changing `column` of `table`, for one statement.

    An append-only table (the points ledger) guards what its rows say; when two customers
    turn out to be one person, who a row belongs to changes with the merge (and back with the
    unmerge) while what it says does not. The triggers are dropped and re-created inside the
    merge's transaction: nothing else can see the table without them, and an error rolls the
    drop back with everything else.
    """
    rows = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table]
    ).fetchall()
    guards = []
    for name, sql in rows:
        m = _GUARD.search(sql or "")
        if not m or not _RAISES.search(sql):
            continue
        cols = m.group("cols")
        if cols is None or column.lower() in {
            c.strip().strip('"`[]').lower() for c in cols.split(",")
        }:
            guards.append((str(name), str(sql)))
    for name, _sql in guards:
        db.execute_sql(f"DROP TRIGGER {_q(name)}")
    yield
    # Not in a finally: after an error the transaction is rolled back, drop included.
    for _name, sql in guards:
        db.execute_sql(sql)


def _key_of(t: _Table, row: Mapping[str, Any]) -> Any:
    if t.without_rowid:
        return [row[c] for c in t.pk]
    return row["__rowid__"]


def _select_rows(t: _Table, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    extra = "" if t.without_rowid else 'rowid AS "__rowid__", '
    return _dict_rows(f"SELECT {extra}* FROM {_q(t.name)} WHERE {where}", params)


def _key_match(t: _Table) -> str:
    """SQL matching the table's key against the JSON array bound as the only parameter."""
    if not t.without_rowid:
        return "rowid IN (SELECT value FROM json_each(?))"
    cols = ", ".join(_q(c) for c in t.pk)
    values = ", ".join(f"value ->> {i}" for i in range(len(t.pk)))
    return f"({cols}) IN (SELECT {values} FROM json_each(?))"


def _refresh_tags(customer_ids: Sequence[int]) -> None:
    """customer.tags caches the sorted tag names; moving customer_tag rows fires no trigger."""
    marks = ",".join("?" * len(customer_ids))
    recount = (
        "coalesce((SELECT group_concat(name, ', ') FROM (SELECT t.name AS name FROM customer_tag "
        "ct JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = customer.id "
        "ORDER BY t.name COLLATE NOCASE)), '')"
    )
    db.execute_sql(
        f"UPDATE customer SET tags = {recount} WHERE id IN ({marks}) AND tags IS NOT {recount}",
        list(customer_ids),
    )


def _refresh_derived(customer_ids: Sequence[int], *, today: date, now: datetime) -> None:
    """Every figure derived from the orders of customers whose rows moved: totals, points,
    referral rewards, tiers and automatic follow-ups (effects.orders_changed), then the cached
    balance brought to the ledger's sum (ledger entries moved with their customer) and one
    customer's debt settled against the other's earnings.
    """
    ids = list(customer_ids)
    effects.orders_changed(ids, today=today, now=now)
    loyalty.refresh_balances(ids)
    loyalty.reconcile_points(ids)


def _now_text(now: datetime) -> str:
    return now.strftime(_TIME_FMT)


# --- merge ---------------------------------------------------------------------------------


def _resolve_choices(
    kept: Mapping[str, Any], merged: Mapping[str, Any], choices: Mapping[str, str] | None
) -> dict[str, str]:
    resolved = default_choices(kept, merged)
    for name, side in (choices or {}).items():
        if name not in FIELD_GROUPS:
            raise MergeRefused(f"Unknown field {name!r}; choose from {', '.join(FIELD_GROUPS)}.")
        if side not in (KEPT, MERGED):
            raise MergeRefused(f"Field {name}: choose {KEPT!r} or {MERGED!r}, not {side!r}.")
        resolved[name] = side
    return resolved


def _kept_changes(
    kept: Mapping[str, Any], merged: Mapping[str, Any], resolved: Mapping[str, str], now: str
) -> dict[str, Any]:
    after: dict[str, Any] = {}
    for name, cols in FIELD_GROUPS.items():
        if resolved[name] == MERGED:
            for c in cols:
                if merged[c] != kept[c]:
                    after[c] = merged[c]
    if str(merged["created_at"]) < str(kept["created_at"]):
        after["created_at"] = merged["created_at"]  # a customer since the earlier of the two
    if kept["created_batch_id"] is not None:
        # Undoing the import that created the kept customer must not delete the merged whole.
        after["created_batch_id"] = None
    after["updated_at"] = now
    return after


# Rules other parts keep in code rather than by a unique index: a customer has at most one row
# of the table matching the condition (followups.count_problems: one active win-back). A merged
# customer's row that would be a second one is a conflict, like a unique one. A partial unique
# index in the table's migration would make an entry here unnecessary.
# The win-back rule is the automatic follow-up's (it has a reason key): one the merchant typed
# in with the kind Win-back is their own work, and moves like any other.
ONE_PER_CUSTOMER: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("follow_up", "customer_id"): (
        ("kind", "status", "reason_key"),
        "kind = 'win_back' AND reason_key IS NOT NULL AND status IN ('open', 'snoozed')",
    ),
}


# Where both customers have a row for the same reason (a unique rule), the merged customer's
# row is normally the one removed. These rules keep it instead when it records work done and
# the kept customer's is still waiting: (key column, the merged row wins when, the kept row
# gives way when). A birthday greeting already sent is not asked for again; a tag the merchant
# gave stays theirs rather than the import's, which an undo of that import would take away.
FINISHED_WINS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("follow_up", "customer_id"): (
        "reason_key",
        "status = 'done'",
        "status IN ('open', 'snoozed')",
    ),
    ("customer_tag", "customer_id"): ("tag_id", "batch_id IS NULL", "batch_id IS NOT NULL"),
}

# Rows that stand for an import (the column naming it): an unmerge does not put one back once
# that import was undone, as the undo would have taken it away.
FROM_IMPORT: dict[str, str] = {"customer_tag": "batch_id"}


def _make_way(schema: _Schema, t: _Table, column: str, frm: int, to: int) -> list[dict[str, Any]]:
    """Remove the kept customer's rows that a finished row of the merged one replaces."""
    rule = FINISHED_WINS.get((t.name, column))
    if rule is None or rule[0] not in t.columns:
        return []
    key, finished, waiting = rule
    col, k = _q(column), _q(key)
    rows = _select_rows(
        t,
        f"{col} = ? AND ({waiting}) AND {k} IN (SELECT {k} FROM {_q(t.name)} "
        f"WHERE {col} = ? AND ({finished}) AND {k} IS NOT NULL)",
        [to, frm],
    )
    removed = []
    for row in rows:
        _refuse_if_referenced(schema, t, row)
        db.execute_sql(
            f"DELETE FROM {_q(t.name)} WHERE {_key_match(t)}", [_dumps([_key_of(t, row)])]
        )
        removed.append({"table": t.name, "column": column, "row": _row_json(row)})
    return removed


def _one_per_customer(t: _Table, column: str) -> str | None:
    rule = ONE_PER_CUSTOMER.get((t.name, column))
    if rule is None or not set(rule[0]) <= set(t.columns):
        return None
    return rule[1]


def _move_rows(
    schema: _Schema, ref: Reference, frm: int, to: int
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Point ref.column of every row from `frm` to `to`; remove the rows that cannot move.

    Returns the moved entry ({table, column, pk, keys}: keys as they are after the move) and
    the removed conflict rows ({table, column, row}).
    """
    t = schema.table(ref.table)
    if t is None:
        return None, []
    col = _q(ref.column)
    where, params = f"{col} = ?", [frm]
    if ref.table == "customer":
        where, params = f"{col} = ? AND id != ?", [frm, frm]
    before = [_key_of(t, r) for r in _select_rows(t, where, params)]
    if not before:
        return None, []
    made_way = _make_way(schema, t, ref.column, frm, to)
    only_one = _one_per_customer(t, ref.column)
    kept_has_one = (
        only_one is not None
        and db.execute_sql(
            f"SELECT 1 FROM {_q(t.name)} WHERE {col} = ? AND ({only_one}) LIMIT 1", [to]
        ).fetchone()
    )
    move_where = f"{where} AND NOT ({only_one})" if kept_has_one else where
    with _guards_lifted(ref.table, ref.column):
        # OR IGNORE leaves in place each row that would break a UNIQUE (or CHECK) rule.
        db.execute_sql(
            f"UPDATE OR IGNORE {_q(t.name)} SET {col} = ? WHERE {move_where}", [to, *params]
        )
    left = _select_rows(t, where, params)
    removed = made_way
    for row in left:
        key = _key_of(t, row)
        _refuse_if_referenced(schema, t, row)
        db.execute_sql(f"DELETE FROM {_q(t.name)} WHERE {_key_match(t)}", [_dumps([key])])
        removed.append({"table": t.name, "column": ref.column, "row": _row_json(row)})
    left_keys = {json.dumps(_key_of(t, r)) for r in left}
    keys: list[Any] = []
    for key in before:
        if json.dumps(key) in left_keys:
            continue
        if t.without_rowid and ref.column in t.pk:
            key = [to if c == ref.column else v for c, v in zip(t.pk, key, strict=True)]
        elif t.rowid_alias == ref.column:
            key = to  # the moved column is the rowid itself
        keys.append(key)
    if not keys:
        return None, removed
    return {"table": t.name, "column": ref.column, "pk": list(t.pk), "keys": keys}, removed


def _refuse_if_referenced(schema: _Schema, t: _Table, row: Mapping[str, Any]) -> None:
    for child, column, parent_column in schema.children(t.name):
        value = row.get(parent_column or "") if parent_column else row.get("__rowid__")
        if value is None and t.rowid_alias:
            value = row.get(t.rowid_alias)
        if value is None:
            continue
        sql = f"SELECT count(*) FROM {_q(child)} WHERE {_q(column)} = ?"
        if int(db.execute_sql(sql, [value]).fetchone()[0]):
            raise MergeRefused(
                f"Both customers have a {t.name} row that cannot be combined, and rows of "
                f"{child} depend on it. Nothing was merged."
            )


_JOURNAL_OWNER = "(CASE WHEN json_valid(before_json) THEN before_json ->> '$.customer_id' END)"


def _rewrite_journal(frm: int, to: int) -> list[int]:
    """Point the import journal's remembered owner of orders from `frm` to `to`.

    Undoing an import puts back each order as it was, customer included; a customer that no
    longer exists there would break its foreign key.
    """
    ids = [
        int(r[0])
        for r in db.execute_sql(
            "SELECT id FROM import_change WHERE entity = 'order' AND action = 'update' "
            f"AND {_JOURNAL_OWNER} = ?",
            [frm],
        ).fetchall()
    ]
    if ids:
        db.execute_sql(
            "UPDATE import_change SET before_json = json_set(before_json, '$.customer_id', ?) "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [to, _dumps(ids)],
        )
    return ids


# Who referred whom (customer_loyalty.referred_by_id, 1:1 with its customer) is a fact about
# the person: the merged whole keeps the referrer either side had, and a referral between the
# two sides (one person "referring" themself) ends. The reward entries name the customer they
# were for (points_entry.referred_id, not a foreign key): they follow the merge too.
_REFERRAL_COLUMNS = ("referred_by_id", "referral_entry_id")
_REWARD_FOR = Reference("points_entry", "referred_id", "customer")


def _referral_of(customer_id: int) -> dict[str, Any] | None:
    rows = _dict_rows(
        "SELECT referred_by_id, referral_entry_id FROM customer_loyalty WHERE customer_id = ?",
        [customer_id],
    )
    return rows[0] if rows else None


def _set_referral(customer_id: int, values: Mapping[str, Any]) -> None:
    db.execute_sql(
        "UPDATE customer_loyalty SET referred_by_id = ?, referral_entry_id = ? "
        "WHERE customer_id = ?",
        [values["referred_by_id"], values["referral_entry_id"], customer_id],
    )


def _merge_referrals(schema: _Schema, kept_id: int, merged_id: int) -> list[dict[str, Any]]:
    """Settle the two customers' referral facts before their rows move; returns the changes
    ({customer_id, before, after}) for unmerge to put back."""
    if schema.table("customer_loyalty") is None:
        return []
    kept, merged = _referral_of(kept_id), _referral_of(merged_id)
    changes = []

    def change(customer_id: int, before: dict[str, Any], **after: Any) -> dict[str, Any]:
        new = {**before, **after}
        _set_referral(customer_id, new)
        changes.append({"customer_id": customer_id, "before": before, "after": new})
        return changes[-1]

    if kept is not None and kept["referred_by_id"] == merged_id:
        change(kept_id, kept, referred_by_id=None)
        kept = _referral_of(kept_id)
    if merged is not None and merged["referred_by_id"] == kept_id:
        change(merged_id, merged, referred_by_id=None)
        merged = _referral_of(merged_id)
    if (
        kept is not None
        and merged is not None
        and kept["referred_by_id"] is None
        and merged["referred_by_id"] is not None
    ):
        # The merged side's row cannot move onto the kept one's: its referrer (and the reward
        # already given for this person) is taken over. The reward goes with its referral: an
        # entry the kept row still names belongs to no referral the whole has (the one between
        # the two sides that just ended, or one whose referrer was deleted), and keeping it
        # would make an undo take the referrer's reward back from the wrong customer, or
        # refuse the referrer a reward it never got.
        taken = change(
            kept_id,
            kept,
            referred_by_id=merged["referred_by_id"],
            referral_entry_id=merged["referral_entry_id"],
        )
        taken["taken_from"] = merged_id
    return changes


def _follow_rewards(kept_id: int, merged_id: int) -> dict[str, int]:
    """Referral reward entries (and their taking back) the kept customer holds for customers
    the merged one referred go back to the merged one, with their referral: those written
    while merged (a referred customer's first purchase completed then) too."""
    with _guards_lifted("points_entry", "customer_id"):
        n = int(
            db.execute_sql(
                "UPDATE points_entry SET customer_id = ?2 WHERE customer_id = ?1 "
                "AND reason = 'referral' AND referred_id IN "
                "(SELECT customer_id FROM customer_loyalty WHERE referred_by_id = ?2)",
                [kept_id, merged_id],
            ).rowcount
        )
    return {"points_entry.customer_id": n} if n else {}


def _unmerge_referrals(rec: _Record) -> None:
    """Put back the referral facts _merge_referrals changed, where they still hold.

    A referral the kept customer took over from the merged one goes back to the merged
    customer (whose row the unmerge restored as it was at the merge) with its reward as it is
    now: an undo while merged may have taken the reward back, or a completion given it anew.
    The restored row's old entry would make the next undo take the reward back a second time,
    or leave a reward given while merged unlinked.
    """
    for entry in reversed(rec.journal.get("referrals", [])):
        customer_id = int(entry["customer_id"])
        current = _referral_of(customer_id)
        if current is None:
            continue
        after = entry["after"]
        if entry.get("taken_from") is not None:
            if current["referred_by_id"] != after["referred_by_id"]:
                continue  # another referrer was recorded since: that stands
            source = int(entry["taken_from"])
            theirs = _referral_of(source)
            if theirs is not None and theirs["referred_by_id"] == after["referred_by_id"]:
                _set_referral(source, {**theirs, "referral_entry_id": current["referral_entry_id"]})
            _set_referral(customer_id, entry["before"])
        elif all(current[c] == after[c] for c in _REFERRAL_COLUMNS):
            _set_referral(customer_id, entry["before"])


def merge(
    kept_id: int,
    merged_id: int,
    choices: Mapping[str, str] | None = None,
    *,
    now: datetime,
    today: date,
) -> MergeResult:
    """Merge `merged_id` into `kept_id`, in one IMMEDIATE transaction.

    Every row that references the merged customer moves to the kept one; rows that cannot
    (a unique rule) are removed and remembered; the kept customer takes the chosen values;
    totals, points and tiers are recomputed; the merged customer is deleted; the merge is
    recorded so `unmerge` can undo it exactly. The caller backs up first (backup_before).

    Args:
        choices: field (CHOICE_FIELDS) -> KEPT or MERGED; a field left out takes
            `default_choices`.

    Raises:
        NotFound: either customer does not exist.
        MergeRefused: the same customer twice, a bad choice, or conflicting rows that other
            rows depend on.
    """
    if kept_id == merged_id:
        raise MergeRefused("A customer cannot be merged with itself.")
    stamp = _now_text(now)
    with storage_errors(), db.atomic("IMMEDIATE"):
        kept = _customer_row(kept_id)
        merged = _customer_row(merged_id)
        resolved = _resolve_choices(kept, merged, choices)
        after = _kept_changes(kept, merged, resolved, stamp)
        before = {c: kept[c] for c in after}
        schema = _Schema()
        removed: list[dict[str, Any]] = []
        # "Not the same person" between the two: the merchant decided otherwise.
        pair = _dict_rows(
            "SELECT * FROM not_duplicate WHERE (customer_a = ?1 AND customer_b = ?2) "
            "OR (customer_a = ?2 AND customer_b = ?1)",
            [kept_id, merged_id],
        )
        for row in pair:
            removed.append({"table": "not_duplicate", "column": None, "row": _row_json(row)})
        db.execute_sql(
            "DELETE FROM not_duplicate WHERE (customer_a = ?1 AND customer_b = ?2) "
            "OR (customer_a = ?2 AND customer_b = ?1)",
            [kept_id, merged_id],
        )
        journal_mark = int(
            db.execute_sql("SELECT coalesce(max(id), 0) FROM import_change").fetchone()[0]
        )
        rewritten = _rewrite_journal(merged_id, kept_id)
        merged_floor = loyalty.floors_of([merged_id]).get(merged_id)
        referrals = _merge_referrals(schema, kept_id, merged_id)
        moved: list[dict[str, Any]] = []
        for ref in [*_merge_refs(), _REWARD_FOR]:
            entry, gone = _move_rows(schema, ref, merged_id, kept_id)
            if entry is not None:
                moved.append(entry)
            removed.extend(gone)
        for ref in _merge_refs():
            sql = f"SELECT 1 FROM {_q(ref.table)} WHERE {_q(ref.column)} = ? LIMIT 1"
            if db.execute_sql(sql, [merged_id]).fetchone():  # pragma: no cover - a bug guard
                raise MergeRefused(f"Rows of {ref.table} still reference the merged customer.")
        sets = ", ".join(f"{_q(c)} = ?" for c in after)
        db.execute_sql(f"UPDATE customer SET {sets} WHERE id = ?", [*after.values(), kept_id])
        db.execute_sql("DELETE FROM customer WHERE id = ?", [merged_id])
        loyalty.raise_floor(kept_id, merged_floor)
        _refresh_tags([kept_id])
        _refresh_derived([kept_id], today=today, now=now)
        cursor = db.execute_sql(
            "INSERT INTO customer_merge (kept_id, merged_id, merged_name, merged_row_json, "
            "kept_before_json, kept_after_json, moved_json, removed_json, journal_json, "
            "created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                kept_id,
                merged_id,
                merged["display_name"],
                _dumps(_row_json(merged)),
                _dumps(_row_json(before)),
                _dumps(_row_json(after)),
                _dumps(moved),
                _dumps(removed),
                _dumps({"rewritten": rewritten, "mark": journal_mark, "referrals": referrals}),
                stamp,
            ],
        )
        merge_id = int(cursor.lastrowid)
    counts: dict[str, int] = {}
    for r in removed:
        counts[r["table"]] = counts.get(r["table"], 0) + 1
    log.info("merged customer %s into %s (merge %s)", merged_id, kept_id, merge_id)
    return MergeResult(
        merge_id=merge_id,
        kept_id=kept_id,
        merged_id=merged_id,
        moved={f"{m['table']}.{m['column']}": len(m["keys"]) for m in moved},
        removed=counts,
        fields_changed=tuple(c for c in after if c != "updated_at"),
    )


# --- unmerge -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Record:
    id: int
    kept_id: int
    merged_id: int
    merged_name: str
    merged_row: dict[str, Any]
    before: dict[str, Any]
    after: dict[str, Any]
    moved: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    journal: dict[str, Any]
    created_at: str
    undone_at: str | None


def _record(row: Mapping[str, Any]) -> _Record:
    return _Record(
        id=int(row["id"]),
        kept_id=int(row["kept_id"]),
        merged_id=int(row["merged_id"]),
        merged_name=str(row["merged_name"]),
        merged_row=_row_from_json(json.loads(row["merged_row_json"])),
        before=_row_from_json(json.loads(row["kept_before_json"])),
        after=_row_from_json(json.loads(row["kept_after_json"])),
        moved=json.loads(row["moved_json"]),
        removed=json.loads(row["removed_json"]),
        journal=json.loads(row["journal_json"] or "{}"),
        created_at=str(row["created_at"]),
        undone_at=None if row["undone_at"] is None else str(row["undone_at"]),
    )


def _load_record(merge_id: int) -> _Record:
    rows = _dict_rows("SELECT * FROM customer_merge WHERE id = ?", [merge_id])
    if not rows:
        raise NotFound(f"Merge {merge_id} does not exist.")
    return _record(rows[0])


def _describe(rec: _Record) -> str:
    kept = db.execute_sql(
        "SELECT display_name FROM customer WHERE id = ?", [rec.kept_id]
    ).fetchone()
    kept_name = kept[0] if kept else f"customer {rec.kept_id}"
    return f"merge {rec.id} ({rec.merged_name} into {kept_name}, {rec.created_at[:16]})"


def _moved_keys(rec: _Record) -> set[tuple[str, str, str]]:
    return {(m["table"], m["column"], json.dumps(k)) for m in rec.moved for k in m["keys"]}


def _removed_keys(rec: _Record) -> set[tuple[str, str, str]]:
    """The keys of the rowid rows a merge removed (among them the kept customer's rows that
    made way for a finished one, FINISHED_WINS: maybe rows an earlier merge had moved there)."""
    return {
        (e["table"], e["column"], json.dumps(_dec(e["row"]["__rowid__"])))
        for e in rec.removed
        if e.get("column") and "__rowid__" in e["row"]
    }


def _check_unmerge(rec: _Record, later: list[_Record]) -> None:
    """Refusals that need no writing: already undone, id reused, a later merge in the way."""
    if rec.undone_at is not None:
        raise UnmergeRefused(rec.id, f"Merge {rec.id} was already undone ({rec.undone_at[:16]}).")
    for other in later:
        if other.merged_id == rec.kept_id:
            raise UnmergeRefused(
                rec.id,
                f"Merge {rec.id} cannot be undone yet: {_describe(other)} merged the kept "
                f"customer away later. Undo merge {other.id} first.",
                blocking=other.id,
            )
    if not db.execute_sql("SELECT 1 FROM customer WHERE id = ?", [rec.kept_id]).fetchone():
        raise UnmergeRefused(
            rec.id,
            f"Merge {rec.id} cannot be undone: the customer it kept ({rec.kept_id}) was deleted "
            "since. Restore a backup made before the merge instead.",
        )
    if db.execute_sql("SELECT 1 FROM customer WHERE id = ?", [rec.merged_id]).fetchone():
        raise UnmergeRefused(
            rec.id,
            f"Merge {rec.id} cannot be undone: customer number {rec.merged_id} has been given "
            "to a new customer since. Restore a backup made before the merge instead.",
        )
    batch_id = rec.merged_row.get("created_batch_id")
    if batch_id is not None:
        batch = db.execute_sql(
            "SELECT file_name, undone_at FROM import_batch WHERE id = ?", [batch_id]
        ).fetchone()
        if batch is not None and batch[1] is not None:
            raise UnmergeRefused(
                rec.id,
                f"Merge {rec.id} cannot be undone: import {batch_id} ({batch[0]}), which "
                f"created {rec.merged_name}, was undone after the merge.",
            )
    mine_fields = set(rec.after) - {"updated_at"}
    mine_keys = _moved_keys(rec)
    for other in later:
        if other.kept_id != rec.kept_id:
            continue
        overlap = mine_fields & (set(other.after) - {"updated_at"})
        if overlap or mine_keys & (_moved_keys(other) | _removed_keys(other)):
            what = _field_words(overlap) if overlap else "the same rows"
            raise UnmergeRefused(
                rec.id,
                f"Merge {rec.id} cannot be undone yet: {_describe(other)} changed {what} of "
                f"the same customer later. Undo merge {other.id} first.",
                blocking=other.id,
            )


def _insert_row(schema: _Schema, entry: Mapping[str, Any], customer_id: int | None) -> int:
    """Insert a remembered row (with `customer_id` in its column when given); rows changed."""
    t = schema.table(entry["table"])
    if t is None:
        return 0
    row = _row_from_json(entry["row"])
    rowid = row.pop("__rowid__", None)
    column = entry.get("column")
    if customer_id is not None and column:
        row[column] = customer_id
    data = {c: v for c, v in row.items() if c in t.columns}
    if customer_id is None and not _parents_kept(t.name, data):
        return 0
    if _import_undone(t.name, data):
        return 0
    if t.rowid_alias and t.rowid_alias != column and t.rowid_alias in data:
        taken = db.execute_sql(
            f"SELECT 1 FROM {_q(t.name)} WHERE rowid = ?", [data[t.rowid_alias]]
        ).fetchone()
        if taken or customer_id is not None:
            del data[t.rowid_alias]  # a new id: nothing refers to a removed conflict row
    elif not t.without_rowid and not t.rowid_alias and rowid is not None and customer_id is None:
        if not db.execute_sql(f"SELECT 1 FROM {_q(t.name)} WHERE rowid = ?", [rowid]).fetchone():
            data = {"rowid": rowid, **data}
    cols = ", ".join("rowid" if c == "rowid" else _q(c) for c in data)
    marks = ",".join("?" * len(data))
    verb = "INSERT OR IGNORE" if customer_id is not None else "INSERT"
    cursor = db.execute_sql(
        f"{verb} INTO {_q(t.name)} ({cols}) VALUES ({marks})", list(data.values())
    )
    return int(cursor.rowcount)


def _import_undone(table: str, data: Mapping[str, Any]) -> bool:
    """Whether this remembered row stands for an import undone since (FROM_IMPORT)."""
    column = FROM_IMPORT.get(table)
    if column is None or data.get(column) is None:
        return False
    row = db.execute_sql(
        "SELECT undone_at FROM import_batch WHERE id = ?", [data[column]]
    ).fetchone()
    return row is None or row[0] is not None


def _parents_kept(table: str, data: dict[str, Any]) -> bool:
    """Apply what a deleted parent would have done to a remembered row: False when the row
    would have gone with it (ON DELETE CASCADE); a SET NULL column becomes NULL in `data`.

    A removed "not the same as X" mark, for instance, names a customer X deleted since.
    """
    for fk in db.get_foreign_keys(table):
        value = data.get(fk.column)
        if value is None:
            continue
        parent = fk.dest_column or "rowid"
        found = db.execute_sql(
            f"SELECT 1 FROM {_q(fk.dest_table)} WHERE {_q(parent)} = ? LIMIT 1", [value]
        ).fetchone()
        if found:
            continue
        action = (fk.on_delete or "").upper()
        if action == "CASCADE":
            return False
        if action == "SET NULL":
            data[fk.column] = None
    return True


def _would_fit(schema: _Schema, entry: Mapping[str, Any], customer_id: int) -> bool:
    """Could a row a later merge removed as a conflict now join `customer_id`? (a probe)"""
    db.execute_sql("SAVEPOINT crm_dup_probe")
    try:
        fits = _insert_row(schema, entry, customer_id) > 0
        t = schema.table(entry["table"])
        only_one = _one_per_customer(t, entry["column"]) if t else None
        if fits and only_one is not None:
            n = db.execute_sql(
                f"SELECT count(*) FROM {_q(entry['table'])} WHERE {_q(entry['column'])} = ? "
                f"AND ({only_one})",
                [customer_id],
            ).fetchone()[0]
            fits = int(n) <= 1
    except peewee.IntegrityError:
        fits = False
    finally:
        db.execute_sql("ROLLBACK TO crm_dup_probe")
        db.execute_sql("RELEASE crm_dup_probe")
    return fits


def _follow(kept_id: int, merged_id: int, refs: list[Reference], schema: _Schema) -> dict[str, int]:
    """Rows added to the kept customer since the merge that belong with the merged one: those
    that came through one of its identities (an order of a later import), then those about
    one of its orders (points, follow-ups, feedback on that order)."""
    by_customer: dict[str, list[str]] = {}
    for r in refs:
        if r.via == "customer":
            by_customer.setdefault(r.table, []).append(r.column)
    followed: dict[str, int] = {}
    for via, parent in (("channel_identity", "channel_identity"), ("orders", "orders")):
        links: dict[str, set[str]] = {}
        for r in refs:
            if r.via == via and r.table in by_customer:
                links.setdefault(r.table, set()).add(r.column)
        if via == "orders":
            # The points ledger keeps order_id without a foreign key (it outlives an undone
            # order); a column of that name in a customer table is read as one.
            for table in by_customer:
                t = schema.table(table)
                if t is not None and "order_id" in t.columns and table != "orders":
                    links.setdefault(table, set()).add("order_id")
        for table, columns in links.items():
            for ccol in by_customer[table]:
                for lcol in columns:
                    with _guards_lifted(table, ccol):
                        n = db.execute_sql(
                            f"UPDATE {_q(table)} SET {_q(ccol)} = ?1 WHERE {_q(ccol)} = ?2 "
                            f"AND {_q(lcol)} IN (SELECT id FROM {parent} WHERE customer_id = ?1)",
                            [merged_id, kept_id],
                        ).rowcount
                    if n:
                        key = f"{table}.{ccol}"
                        followed[key] = followed.get(key, 0) + int(n)
    return followed


def unmerge(merge_id: int, *, now: datetime, today: date) -> UnmergeResult:
    """Undo a merge exactly, in one IMMEDIATE transaction.

    The merged customer comes back with its id and row; every row the merge moved goes back
    (rows deleted since stay deleted), with the rows added since through one of its identities
    (orders of a later import) or about one of its orders; the removed conflict rows return;
    the kept customer's fields the merge set are restored where they still hold that value;
    each side's points allocations are made its own again (_separate_points); totals, points
    and tiers are recomputed.

    Raises:
        NotFound: no such merge.
        UnmergeRefused: already undone; the merged customer's id was reused; its import was
            undone; the kept customer is gone; or a later merge must be undone first (named
            in the message and in `blocking`). Nothing was changed.
    """
    stamp = _now_text(now)
    with storage_errors(), db.atomic("IMMEDIATE"):
        rec = _load_record(merge_id)
        later = [
            _record(r)
            for r in _dict_rows(
                "SELECT * FROM customer_merge WHERE id > ? AND undone_at IS NULL "
                "AND (kept_id = ?2 OR merged_id = ?2) ORDER BY id DESC",
                [rec.id, rec.kept_id],
            )
        ]
        _check_unmerge(rec, later)
        schema = _Schema()
        kept_id, merged_id = rec.kept_id, rec.merged_id
        customer = schema.table("customer")
        assert customer is not None
        row = {
            c: v for c, v in rec.merged_row.items() if c in customer.columns and c != "search_body"
        }
        batch_id = row.get("created_batch_id")
        if (
            batch_id is not None
            and not db.execute_sql("SELECT 1 FROM import_batch WHERE id = ?", [batch_id]).fetchone()
        ):
            row["created_batch_id"] = None
        # search_body is left empty: the insert trigger computes it and indexes it for search.
        db.execute_sql(
            f"INSERT INTO customer ({', '.join(_q(c) for c in row)}) "
            f"VALUES ({','.join('?' * len(row))})",
            list(row.values()),
        )
        moved_back: dict[str, int] = {}
        gone = 0
        for entry in rec.moved:
            t = schema.table(entry["table"])
            column = entry["column"]
            if t is None or column not in t.columns or list(t.pk) != entry["pk"]:
                gone += len(entry["keys"])
                continue
            with _guards_lifted(t.name, column):
                n = int(
                    db.execute_sql(
                        f"UPDATE {_q(t.name)} SET {_q(column)} = ? WHERE {_q(column)} = ? "
                        f"AND {_key_match(t)}",
                        [merged_id, kept_id, _dumps(entry["keys"])],
                    ).rowcount
                )
            gone += len(entry["keys"]) - n
            key = f"{t.name}.{column}"
            moved_back[key] = moved_back.get(key, 0) + n
        followed = _follow(kept_id, merged_id, customer_references(), schema)
        restored: dict[str, int] = {}
        for entry in rec.removed:
            try:
                n = _insert_row(schema, entry, None)
            except peewee.IntegrityError as exc:
                raise UnmergeRefused(
                    rec.id,
                    f"Merge {rec.id} cannot be undone: a {entry['table']} row it removed no "
                    f"longer fits ({exc}). Nothing was changed.",
                ) from exc
            if n:
                restored[entry["table"]] = restored.get(entry["table"], 0) + n
            else:
                gone += 1
        _restore_journal(rec)
        _unmerge_referrals(rec)
        for key, n in _follow_rewards(kept_id, merged_id).items():
            followed[key] = followed.get(key, 0) + n
        fields_restored, fields_kept = _restore_kept(rec)
        # A later merge into the same customer that removed a row because this merge had
        # brought an equal one: with that row gone back, the later merge no longer holds.
        for other in later:
            if other.kept_id != kept_id:
                continue
            for entry in other.removed:
                if entry.get("column") and _would_fit(schema, entry, kept_id):
                    raise UnmergeRefused(
                        rec.id,
                        f"Merge {rec.id} cannot be undone yet: {_describe(other)} relies on "
                        f"rows it brought ({entry['table']}). Undo merge {other.id} first.",
                        blocking=other.id,
                    )
        _separate_points(kept_id, merged_id)
        kept_removed = _remove_if_its_import_was_undone(rec)
        back = [merged_id] if kept_removed else [kept_id, merged_id]
        mark = int(rec.journal.get("mark", 0))
        loyalty.restore_unmerged_floor(kept_id, mark)
        loyalty.journal_unmerge(kept_id, merged_id, mark, today=today, now=now)
        _refresh_tags(back)
        _refresh_derived(back, today=today, now=now)
        db.execute_sql("UPDATE customer_merge SET undone_at = ? WHERE id = ?", [stamp, rec.id])
    log.info("undid merge %s: customer %s is back", merge_id, merged_id)
    return UnmergeResult(
        merge_id=rec.id,
        kept_id=kept_id,
        merged_id=merged_id,
        moved_back=moved_back,
        followed=followed,
        restored=restored,
        fields_restored=fields_restored,
        fields_kept=fields_kept,
        rows_gone=gone,
        kept_removed=kept_removed,
    )


# An earning already expired: its expiry took exactly what was left of it, once (a unique
# index), so it must never get points back.
_EXPIRED_LOT = (
    "EXISTS (SELECT 1 FROM points_entry x WHERE x.reason = 'expire' AND x.source_id = {lot})"
)


def _separate_points(kept_id: int, merged_id: int) -> None:
    """Give each of the two customers back a ledger whose allocations are their own.

    While merged, a consumption of the whole (a redemption, a refund, a debt settled by the
    merge) took from either side's earnings, and expiries were written on the kept customer.
    The unmerge sends each entry back to its customer (a redemption without order stays with
    the kept customer, who made it), but points_allocation still links them across the two:
    one side would be in debt with an earning still open, the other would hold points its
    earnings no longer have, which then never expire. So an expiry goes back with the earning
    it removed what was left of; every consumption that took from the other side's earnings
    gives back what it took from earnings not yet expired and is covered again from its own
    customer's earnings, oldest first (what they cannot cover is a debt, paid by the next
    earnings as any debt is). Open consumptions of the two are covered again with them, so no
    earning is linked to the same consumption twice.

    An earning of one side already expired while merged keeps what the other side's
    consumption took from it: its expiry removed only the rest, and cannot be written again.
    """
    pair = [kept_id, merged_id]
    moved_expiries = db.execute_sql(
        "SELECT x.id, l.customer_id FROM points_entry x JOIN points_entry l ON l.id = x.source_id "
        "WHERE x.reason = 'expire' AND x.customer_id IN (?1, ?2) AND l.customer_id IN (?1, ?2) "
        "AND l.customer_id != x.customer_id",
        pair,
    ).fetchall()
    if moved_expiries:
        with _guards_lifted("points_entry", "customer_id"):
            executemany(
                "UPDATE points_entry SET customer_id = ? WHERE id = ?",
                [(int(owner), int(entry)) for entry, owner in moved_expiries],
            )
    redo = [
        int(r[0])
        for r in db.execute_sql(
            "SELECT c.id FROM points_entry c WHERE c.customer_id IN (?1, ?2) AND c.delta < 0 "
            "AND c.reason != 'expire' AND (EXISTS (SELECT 1 FROM points_allocation a "
            "JOIN points_entry l ON l.id = a.lot_id WHERE a.consumer_id = c.id "
            f"AND l.customer_id != c.customer_id AND NOT {_EXPIRED_LOT.format(lot='l.id')}) "
            "OR -c.delta > (SELECT coalesce(sum(a.amount), 0) FROM points_allocation a "
            "WHERE a.consumer_id = c.id))",
            pair,
        ).fetchall()
    ]
    if not redo:
        return
    db.execute_sql(
        "DELETE FROM points_allocation WHERE consumer_id IN (SELECT value FROM json_each(?)) "
        f"AND NOT {_EXPIRED_LOT.format(lot='points_allocation.lot_id')}",
        [_dumps(redo)],
    )
    # Before any expiry runs: a consumption takes back from an earning past its day what it
    # had taken while that earning was valid, and only the rest of it expires.
    loyalty.reconcile_points(pair)


def _restore_journal(rec: _Record) -> None:
    """Give the import journal its remembered owners back (see _rewrite_journal), and point
    entries written since about orders that went back at the merged customer."""
    rewritten = rec.journal.get("rewritten", [])
    mark = int(rec.journal.get("mark", 0))
    db.execute_sql(
        "UPDATE import_change SET before_json = json_set(before_json, '$.customer_id', ?1) "
        f"WHERE entity = 'order' AND action = 'update' AND {_JOURNAL_OWNER} = ?2 "
        "AND (id IN (SELECT value FROM json_each(?3)) OR (id > ?4 AND row_id IN "
        "(SELECT id FROM orders WHERE customer_id = ?1)))",
        [rec.merged_id, rec.kept_id, _dumps(rewritten), mark],
    )


def _remove_if_its_import_was_undone(rec: _Record) -> bool:
    """Finish the undo of the import that created the kept customer, when the merge kept it.

    While merged, the kept customer was the whole person, so undoing its import left it in
    place (_kept_changes). With the merge undone, a customer of an undone import with no
    orders and no platform account left is what that undo would have removed; a re-import
    of the file would otherwise make the same buyer a second time.
    """
    batch_id = rec.before.get("created_batch_id")
    if batch_id is None:
        return False
    batch = db.execute_sql("SELECT undone_at FROM import_batch WHERE id = ?", [batch_id]).fetchone()
    if batch is None or batch[0] is None:
        return False
    for sql in (
        "SELECT 1 FROM customer_merge WHERE kept_id = ?1 AND id != ?2 AND undone_at IS NULL",
        "SELECT 1 FROM orders WHERE customer_id = ?1",
        "SELECT 1 FROM channel_identity WHERE customer_id = ?1",
    ):
        if db.execute_sql(sql + " LIMIT 1", [rec.kept_id, rec.id][: sql.count("?")]).fetchone():
            return False
    db.execute_sql("DELETE FROM customer WHERE id = ?", [rec.kept_id])
    return True


def _hand_created_batch(merge_id: int, batch_id: int) -> None:
    """Record on merge `merge_id` (not undone, keeping the customer an older merge's undo
    gives back) that its kept customer was created by import `batch_id`: as if that merge had
    cleared the mark itself."""
    db.execute_sql(
        "UPDATE customer_merge SET "
        "kept_before_json = json_set(kept_before_json, '$.created_batch_id', ?1), "
        "kept_after_json = json_set(kept_after_json, '$.created_batch_id', json('null')) "
        "WHERE id = ?2 AND kept_before_json ->> '$.created_batch_id' IS NULL",
        [batch_id, merge_id],
    )


def _restore_kept(rec: _Record) -> tuple[tuple[str, ...], tuple[str, ...]]:
    current = _customer_row(rec.kept_id)
    restore = {
        c: rec.before[c]
        for c, value in rec.after.items()
        if c in current and c in rec.before and current[c] == value
    }
    batch_id = restore.get("created_batch_id")
    if batch_id is not None:
        batch = db.execute_sql(
            "SELECT undone_at FROM import_batch WHERE id = ?", [batch_id]
        ).fetchone()
        still_merged = db.execute_sql(
            "SELECT min(id) FROM customer_merge WHERE kept_id = ? AND id != ? "
            "AND undone_at IS NULL",
            [rec.kept_id, rec.id],
        ).fetchone()[0]
        if batch is None or batch[0] is not None or still_merged is not None:
            # That import was undone (or is gone) since, or another merge still made this
            # customer a whole that undoing the import must not delete.
            del restore["created_batch_id"]
        if batch is not None and still_merged is not None:
            # A later merge (this one undone first) gives the mark back when it is undone,
            # and its whole goes with that import's undo (wholes_of_import).
            _hand_created_batch(still_merged, batch_id)
    if restore:
        sets = ", ".join(f"{_q(c)} = ?" for c in restore)
        db.execute_sql(f"UPDATE customer SET {sets} WHERE id = ?", [*restore.values(), rec.kept_id])
    kept = tuple(c for c in rec.after if c not in restore and c != "updated_at")
    return tuple(c for c in restore if c != "updated_at"), kept


# --- history and privacy -------------------------------------------------------------------


def merge_history(customer_id: int | None = None) -> list[MergeInfo]:
    """Merges, newest first (only those where `customer_id` was kept or merged, if given)."""
    where, params = "", []
    if customer_id is not None:
        where, params = "WHERE m.kept_id = ?1 OR m.merged_id = ?1", [customer_id]
    rows = db.execute_sql(
        "SELECT m.id, m.kept_id, m.merged_id, c.display_name, m.merged_name, m.created_at, "
        f"m.undone_at FROM customer_merge m LEFT JOIN customer c ON c.id = m.kept_id {where} "
        "ORDER BY m.id DESC",
        params,
    ).fetchall()
    return [
        MergeInfo(
            merge_id=int(r[0]),
            kept_id=int(r[1]),
            merged_id=int(r[2]),
            kept_name=r[3],
            merged_name=str(r[4]),
            created_at=_when(r[5]) or datetime.min,
            undone_at=_when(r[6]),
        )
        for r in rows
    ]


def can_unmerge(merge_id: int) -> str | None:
    """None when the merge can be undone now, else why not (checks that need no writing)."""
    try:
        rec = _load_record(merge_id)
        later = [
            _record(r)
            for r in _dict_rows(
                "SELECT * FROM customer_merge WHERE id > ? AND undone_at IS NULL "
                "AND (kept_id = ?2 OR merged_id = ?2) ORDER BY id DESC",
                [rec.id, rec.kept_id],
            )
        ]
        _check_unmerge(rec, later)
    except (NotFound, UnmergeRefused) as exc:
        return exc.message
    return None


def wholes_of_import(batch_id: int) -> list[int]:
    """Customers import `batch_id` made whole: kept by merges (not undone) of customers that
    import created, or imports already undone created (each side from its own file, both
    files undone), with no order or platform account of another origin. A merge clears the
    kept customer's created-by-import mark (_kept_changes), so that undoing one import never
    deletes a whole that another import or the merchant contributed to; a whole made only of
    that import's customers goes with its undo, as each of them would have (else an empty
    customer stays, and the same rows imported again make a second one beside it)."""
    return [
        int(r[0])
        for r in db.execute_sql(
            """
            WITH gone(id) AS (
                SELECT ?1 UNION SELECT id FROM import_batch WHERE undone_at IS NOT NULL)
            SELECT c.id FROM customer c WHERE c.created_batch_id IS NULL
            AND EXISTS (SELECT 1 FROM customer_merge m WHERE m.kept_id = c.id
                AND m.undone_at IS NULL AND (m.kept_before_json ->> '$.created_batch_id' = ?1
                    OR m.merged_row_json ->> '$.created_batch_id' = ?1))
            AND NOT EXISTS (SELECT 1 FROM customer_merge m WHERE m.kept_id = c.id
                AND m.undone_at IS NULL
                AND ((m.merged_row_json ->> '$.created_batch_id') NOT IN (SELECT id FROM gone)
                    OR (m.merged_row_json ->> '$.created_batch_id') IS NULL))
            AND NOT EXISTS (SELECT 1 FROM customer_merge m WHERE m.kept_id = c.id
                AND m.undone_at IS NULL
                AND m.id = (SELECT min(id) FROM customer_merge WHERE kept_id = c.id
                    AND undone_at IS NULL)
                AND ((m.kept_before_json ->> '$.created_batch_id') NOT IN (SELECT id FROM gone)
                    OR (m.kept_before_json ->> '$.created_batch_id') IS NULL))
            AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id
                AND o.created_batch_id IS NOT ?1)
            AND NOT EXISTS (SELECT 1 FROM channel_identity i WHERE i.customer_id = c.id
                AND i.created_batch_id IS NOT ?1)
            ORDER BY c.id
            """,
            [batch_id],
        ).fetchall()
    ]


def count_problems() -> dict[str, int]:
    """For `desktop-crm check`: merge records and marks breaking the rules this module keeps
    (kind -> count, only kinds with problems). Reported, not repaired.

    - merge_kept_missing: a merge not undone whose kept customer is gone, and not because a
      later merge (not undone) took it (it was deleted or erased: unmerge is impossible);
    - not_duplicate_self: a "not the same person" mark naming one customer twice.
    """
    kept_missing, self_marks = db.execute_sql(
        """
        SELECT
            (SELECT count(*) FROM customer_merge m WHERE m.undone_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.id = m.kept_id)
                AND NOT EXISTS (SELECT 1 FROM customer_merge l WHERE l.undone_at IS NULL
                    AND l.id > m.id AND l.merged_id = m.kept_id)),
            (SELECT count(*) FROM not_duplicate WHERE customer_a = customer_b)
        """
    ).fetchone()
    found = {"merge_kept_missing": int(kept_missing), "not_duplicate_self": int(self_marks)}
    return {k: v for k, v in found.items() if v}


def forget_merges(customer_id: int) -> int:
    """Delete the merge records that hold data of this customer (for erasure).

    The records where it was kept, and, through merges not undone, those of the customers
    merged into it before (their rows are part of this person now); and the undone merges
    where it was the merged one (the record keeps its whole row). Call inside the erasure's
    transaction. Returns how many records were deleted.
    """
    deleted = int(
        db.execute_sql("DELETE FROM customer_merge WHERE merged_id = ?", [customer_id]).rowcount
    )
    for record in merges_into(customer_id):
        db.execute_sql("DELETE FROM customer_merge WHERE id = ?", [record.id])
        deleted += 1
    return deleted


@dataclass(frozen=True, slots=True)
class MergedInto:
    """A merge record of a customer merged into another."""

    id: int
    merged_id: int
    undone: bool
    merged_row: dict[str, Any]  # the merged customer's row as the record keeps it


def merges_into(customer_id: int) -> list[MergedInto]:
    """The merge records where this customer was kept, and, through merges not undone, those
    of the customers merged into it before (their rows are part of this person now)."""
    found: list[MergedInto] = []
    todo, seen = [customer_id], set()
    while todo:
        kept = todo.pop()
        if kept in seen:
            continue
        seen.add(kept)
        for mid, merged, undone, row in db.execute_sql(
            "SELECT id, merged_id, undone_at, merged_row_json FROM customer_merge "
            "WHERE kept_id = ?",
            [kept],
        ).fetchall():
            found.append(MergedInto(int(mid), int(merged), undone is not None, json.loads(row)))
            if undone is None:
                todo.append(int(merged))
    return found
