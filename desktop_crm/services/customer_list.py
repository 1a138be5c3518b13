"""The customer list: an ordered id list for (filter, sort), and rows fetched by page.

SQLite filters and sorts; the view only ever holds the id list and the rows it has painted
(STYLE "Big tables"). Search uses the trigram FTS index for terms of 3+ characters and LIKE
(wildcards escaped) for shorter ones such as 张伟; what is typed is width-normalised first (an
input method in full-width mode types ＶＩＰ for VIP).

The analytics filters (lifecycle stage, RFM class, churn warning) depend on `today` and come
from the cached analytics snapshot as one JSON id list bound to a single parameter
(`c.id IN (SELECT value FROM json_each(?))`: ~35 ms for 30k ids at 100k customers). No temp
table is written, so filtering never invalidates the analytics cache (services.analytics).
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_crm.db import db
from desktop_crm.services import analytics, currency
from desktop_crm.services.customers import CustomerRow
from desktop_crm.services.importing.normalize import PROVINCES_EN, official_province
from desktop_crm.services.names import search_text

# Sort key -> SQL expression. NULLs always sort last.
SORTS: dict[str, str] = {
    "name": "c.display_name COLLATE NOCASE",
    "platform": "c.source_platform",
    "orders": "c.order_count",
    "total_paid": "c.total_paid",
    "last_order": "c.last_order_at",
    "city": "c.city",
    "tags": "c.tags",
    "created": "c.created_at",
    # The Members page's columns (no index: 100k customers sort in ~50 ms on a click).
    "points": "coalesce((SELECT l.points_balance FROM customer_loyalty l "
    "WHERE l.customer_id = c.id), 0)",
    "tier": "coalesce((SELECT t.threshold FROM customer_loyalty l JOIN tier t ON t.id = l.tier_id "
    "WHERE l.customer_id = c.id), 0)",
}
_DIGITS_ONLY = re.compile(r"^[\d\s\-+()]+$")


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """What the list shows: search text and filters, all combined with AND.

    None (or False, or "") means "any". Money is in minor units of the store currency.
    """

    text: str = ""
    tag_id: int | None = None
    platform: str | None = None  # the customer's source platform
    stage: str | None = None  # lifecycle stage: analytics.STAGES
    rfm_class: str | None = None  # analytics.RFM_CLASSES
    churn_warning: bool = False  # only customers in churn warning
    tier_id: int | None = None  # loyalty tier (a customer without a tier row is in the base)
    province: str | None = None
    min_spend: int | None = None  # total net (the cached total_paid), inclusive
    max_spend: int | None = None  # inclusive

    def __post_init__(self) -> None:
        if self.stage is not None and self.stage not in analytics.STAGES:
            raise ValueError(f"unknown lifecycle stage {self.stage!r}")
        if self.rfm_class is not None and self.rfm_class not in analytics.RFM_CLASSES:
            raise ValueError(f"unknown RFM class {self.rfm_class!r}")

    @property
    def needs_today(self) -> bool:
        """True when the result depends on `today` (stage, RFM class, churn warning)."""
        return self.stage is not None or self.rfm_class is not None or self.churn_warning

    @property
    def is_empty(self) -> bool:
        """True when the filter matches every customer."""
        return self == CustomerFilter()

    def to_dict(self) -> dict[str, Any]:
        """The fields that differ from "any", as JSON-ready values (saved segments)."""
        empty = CustomerFilter()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(empty, f.name)
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CustomerFilter:
        """A filter from `to_dict` output; unknown keys are refused (ValueError)."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"unknown filter field(s): {', '.join(unknown)}")
        return cls(**data)

    def to_json(self) -> str:
        """Compact JSON of `to_dict`."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CustomerFilter:
        """A filter from `to_json` output."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a filter is a JSON object")
        return cls.from_dict(data)


def escape_like(term: str) -> str:
    """Escape LIKE wildcards so % and _ match themselves (escape character: backslash)."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fold_width(text: str) -> str:
    """Text as searched: width-normalised (NFKC), so ＶＩＰ and １３８ typed by an input method in
    full-width mode are VIP and 138, as names, tags and number boxes read them."""
    # ASCII is its own NFKC: what is typed most skips the normalisation.
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def search_term_forms(text: str) -> list[tuple[str, ...]]:
    """Each search term with the forms it is looked for in: width-normalised, then as typed
    when that differs (names and tags are stored as typed: ＪＡＣＫ小店 still finds itself).
    A phone typed with separators becomes one digit term."""
    text = search_text(text)
    folded = fold_width(text)
    if not folded.strip():
        return []
    if _DIGITS_ONLY.match(folded) and sum(ch.isdigit() for ch in folded) >= 3:
        digits = "".join(ch for ch in folded if ch.isdigit() or ch == "+")
        # Mainland mobiles are stored as 11 digits: "+86 138-0013-8000" (or 0086…) finds them.
        for prefix in ("+86", "0086"):
            if digits.startswith(prefix) and len(digits) > len(prefix):
                return [(digits[len(prefix) :],)]
        return [(digits,)]
    forms: list[tuple[str, ...]] = []
    for typed in text.split():
        parts = fold_width(typed).split()
        if parts == [typed]:
            forms.append((typed,))
        elif len(parts) == 1:
            forms.append((parts[0], typed))
        else:  # the normalisation made spaces (rare): its words are terms of their own
            forms.extend((part,) for part in parts)
    return forms


def search_terms(text: str) -> list[str]:
    """Split search text into width-normalised terms; a phone typed with separators becomes
    one digit term."""
    return [forms[0] for forms in search_term_forms(text)]


def search_clause(text: str) -> tuple[str, list[object]]:
    """SQL (over alias c) and its parameters for customers matching every term of a search:
    in the name, real name, phone, e-mail or tags, or in a platform account. ("", []) when
    the text has no term.

    The Orders search asks the same (services.order_list), so both pages find one buyer.
    """
    parts: list[str] = []
    params: list[object] = []
    for forms in search_term_forms(text):
        either: list[str] = []
        for term in forms:
            # The platform accounts too: a buyer's nickname finds them after a rename (one
            # scan of the identities, a few ms at 100k).
            account = (
                "c.id IN (SELECT customer_id FROM channel_identity "
                "WHERE buyer_key LIKE ? ESCAPE '\\')"
            )
            if len(term) >= 3:
                either.append(
                    "(c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?) "
                    f"OR {account})"
                )
                params.append('"' + term.replace('"', '""') + '"')
            else:
                either.append(f"(c.search_body LIKE ? ESCAPE '\\' OR {account})")
                params.append("%" + escape_like(term) + "%")
            params.append("%" + escape_like(term) + "%")
        parts.append(either[0] if len(either) == 1 else f"({' OR '.join(either)})")
    return " AND ".join(parts), params


def where_clause(flt: CustomerFilter, *, today: date | None = None) -> tuple[str, list[object]]:
    """SQL WHERE (over alias c) and its parameters for a filter.

    Args:
        today: the day for the stage, RFM class and churn filters (None: the system date).
    """
    search, params = search_clause(flt.text)
    parts: list[str] = [search] if search else []
    if flt.tag_id is not None:
        parts.append("c.id IN (SELECT customer_id FROM customer_tag WHERE tag_id = ?)")
        params.append(flt.tag_id)
    if flt.platform:
        parts.append("c.source_platform = ?")
        params.append(flt.platform)
    if flt.province and flt.province.strip():
        # Stored by official name: 浙江 finds 浙江省, as the merchant says it; Zhejiang too, and
        # a province stored as an export gave it in English is found as typed.
        typed = " ".join(flt.province.split())
        names = {official_province(typed), PROVINCES_EN.get(typed.casefold())} - {None}
        names |= {typed}
        parts.append(f"c.province IN ({', '.join('?' * len(names))})")
        params.extend(sorted(n for n in names if n))
    if flt.min_spend is not None:
        parts.append("c.total_paid >= ?")
        params.append(int(flt.min_spend))
    if flt.max_spend is not None:
        parts.append("c.total_paid <= ?")
        params.append(int(flt.max_spend))
    if flt.tier_id is not None:
        sql, args = _tier_sql(flt.tier_id)
        parts.append(sql)
        params += args
    if flt.needs_today:
        ids, excluded = analytics.ids_json(
            today or date.today(),
            stage=flt.stage,
            rfm_class_code=flt.rfm_class,
            churn_warning=flt.churn_warning,
        )
        parts.append(f"c.id {'NOT IN' if excluded else 'IN'} (SELECT value FROM json_each(?))")
        params.append(ids)
    return (" AND ".join(parts) or "1"), params


def _tier_sql(tier_id: int) -> tuple[str, list[object]]:
    if not analytics.has_tiers():
        return "0", []  # no loyalty schema: nobody holds a tier
    # A customer without a customer_loyalty row is in the base tier (lowest threshold), as in
    # services.loyalty_tiers.tier_counts.
    return (
        "(c.id IN (SELECT customer_id FROM customer_loyalty WHERE tier_id = ?) OR "
        "(? = (SELECT id FROM tier ORDER BY threshold LIMIT 1) "
        "AND c.id NOT IN (SELECT customer_id FROM customer_loyalty)))"
    ), [tier_id, tier_id]


def list_ids(
    flt: CustomerFilter,
    sort: str = "name",
    descending: bool = False,
    *,
    today: date | None = None,
) -> list[int]:
    """Ids of the customers matching `flt`, in display order."""
    expr = SORTS.get(sort, SORTS["name"])
    direction = "DESC" if descending else "ASC"
    where, params = where_clause(flt, today=today)
    # A LIKE scan must read every row anyway: scanning the table and sorting the matches is
    # 5-8x faster than walking the sort index and looking each row up (the planner's choice).
    hint = "NOT INDEXED" if "search_body LIKE" in where else ""
    # NULLS LAST in both directions; descending, it is the index order (NULLs sort lowest).
    sql = (
        f"SELECT c.id FROM customer c {hint} WHERE {where} "
        f"ORDER BY {expr} {direction} NULLS LAST, c.id {direction}"
    )
    return [row[0] for row in db.execute_sql(sql, params).fetchall()]


def has_customers() -> bool:
    """Is there any customer at all (a new shop has none)?"""
    return bool(db.execute_sql("SELECT EXISTS (SELECT 1 FROM customer)").fetchone()[0])


def count(flt: CustomerFilter | None = None, *, today: date | None = None) -> int:
    """How many customers match (all when no filter)."""
    where, params = where_clause(flt or CustomerFilter(), today=today)
    return int(
        db.execute_sql(f"SELECT count(*) FROM customer c WHERE {where}", params).fetchone()[0]
    )


_ROW_SQL = (
    "SELECT id, display_name, coalesce(real_name, ''), coalesce(phone, ''), phone_masked, "
    "coalesce(email, ''), source_platform, order_count, total_paid, last_order_at, "
    "coalesce(city, ''), tags FROM customer WHERE id IN ({})"
)


def fetch_rows(ids: Sequence[int], *, with_uncounted: bool = False) -> dict[int, CustomerRow]:
    """The list rows of these customers (missing ids are simply absent); `with_uncounted`:
    with the purchases their totals leave out (no rate for the currency)."""
    out: dict[int, CustomerRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        cursor = db.execute_sql(_ROW_SQL.format(",".join("?" * len(chunk))), chunk)
        for r in cursor.fetchall():
            last = r[9]
            out[r[0]] = CustomerRow(
                id=r[0],
                display_name=r[1],
                real_name=r[2],
                phone=r[3],
                phone_masked=bool(r[4]),
                email=r[5],
                source_platform=r[6],
                order_count=r[7],
                total_paid=r[8],
                last_order_at=_parse_dt(last),
                city=r[10],
                tags=r[11],
            )
    if with_uncounted:
        for cid, left_out in currency.uncounted_by_customer(list(out)).items():
            out[cid].uncounted = left_out
    return out


def _parse_dt(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
