"""`desktop-crm check`: is the database sound, and do the cached figures equal a recount?"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import peewee

from desktop_crm.db import db, head_version, schema_version, storage_errors, translate_error
from desktop_crm.errors import DatabaseReadOnly
from desktop_crm.services import duplicates, feedback, followups, loyalty
from desktop_crm.services.totals import count_wrong_totals, recompute_totals

_TAGS_RECOUNT = """
    SELECT c.id, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT t.name AS name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
        WHERE ct.customer_id = c.id ORDER BY t.name COLLATE NOCASE)), '') AS tags
    FROM customer c
"""


@dataclass(slots=True)
class CheckReport:
    """Problems found, by kind, with a count each; `ok` when there are none."""

    problems: dict[str, int] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    fixed: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_check(
    *, fix: bool = False, today: date | None = None, now: datetime | None = None
) -> CheckReport:
    """Integrity, foreign keys, schema version, cached totals, tag cache, search index.

    With `fix`, the repairable kinds (cached figures, search index) are repaired in one
    transaction; damage to the file itself is only reported.
    """
    report = CheckReport()
    integrity = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        report.problems["integrity"] = len(integrity)
        report.details.extend(integrity[:20])
        return report  # the figures below cannot be trusted on a damaged file
    fk = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if fk:
        report.problems["foreign_keys"] = len(fk)
        report.details.extend(f"{r[0]} row {r[1]} -> missing {r[2]}" for r in fk[:20])
    version, head = schema_version(), head_version()
    if version != head:
        report.problems["schema_version"] = 1
        report.details.append(f"schema version {version}, expected {head}")
    # Rules the follow-up and feedback services keep: reported, not repaired (each needs a look).
    for counter in (followups.count_problems, feedback.count_problems, duplicates.count_problems):
        report.problems.update(counter())
    today = today or date.today()
    now = now or datetime.now().replace(microsecond=0)
    loyalty_problems = loyalty.check_counts(today=today)
    report.problems.update(loyalty_problems)
    if fix and loyalty_problems:
        with storage_errors(), db.atomic():
            report.fixed.update(loyalty.fix_loyalty(today=today, now=now))
        for kind in loyalty_problems:
            if not loyalty.check_counts(today=today).get(kind):
                del report.problems[kind]
    checks = {
        "customer_totals": count_wrong_totals,
        "customer_tags": _count_wrong_tags,
        "search_index": _count_wrong_search,
    }
    for kind, counter in checks.items():
        n = counter()
        if n:
            report.problems[kind] = n
    if fix and any(k in report.problems for k in checks):
        with storage_errors(), db.atomic():
            if "customer_totals" in report.problems:
                report.fixed["customer_totals"] = recompute_totals()
            if "customer_tags" in report.problems:
                report.fixed["customer_tags"] = _fix_tags()
            if "search_index" in report.problems:
                _rebuild_search()
                report.fixed["search_index"] = report.problems["search_index"]
        for kind in checks:
            if kind in report.problems and not checks[kind]():
                del report.problems[kind]
    return report


def _count_wrong_tags() -> int:
    sql = (
        f"SELECT count(*) FROM customer c JOIN ({_TAGS_RECOUNT}) r ON r.id = c.id "
        "WHERE r.tags != c.tags"
    )
    return int(db.execute_sql(sql).fetchone()[0])


def _fix_tags() -> int:
    sql = (
        f"UPDATE customer SET tags = r.tags FROM ({_TAGS_RECOUNT}) r "
        "WHERE r.id = customer.id AND r.tags != customer.tags"
    )
    return int(db.execute_sql(sql).rowcount)


_BODY = (
    "display_name || ' ' || coalesce(real_name, '') || ' ' || coalesce(phone, '') || ' ' "
    "|| coalesce(email, '') || ' ' || tags"
)


def _count_wrong_search() -> int:
    """Customers whose search text is stale, or missing from / extra in the trigram index."""
    try:
        db.execute_sql("INSERT INTO customer_search (customer_search) VALUES ('integrity-check')")
    except peewee.DatabaseError as exc:
        # The command is an INSERT: a read-only database refuses it. PRAGMA integrity_check
        # (run first) has checked the FTS5 index's structure there too (SQLite >= 3.44).
        if not isinstance(translate_error(exc), DatabaseReadOnly):
            return 1
    sql = f"""
        SELECT (SELECT count(*) FROM customer WHERE search_body != {_BODY})
            + (SELECT count(*) FROM customer WHERE search_body != ''
               AND id NOT IN (SELECT rowid FROM customer_search))
            + (SELECT count(*) FROM customer_search WHERE rowid NOT IN (SELECT id FROM customer))
    """
    return int(db.execute_sql(sql).fetchone()[0])


def _rebuild_search() -> None:
    db.execute_sql(f"UPDATE customer SET search_body = {_BODY} WHERE search_body != {_BODY}")
    db.execute_sql("INSERT INTO customer_search (customer_search) VALUES ('delete-all')")
    db.execute_sql(
        "INSERT INTO customer_search (rowid, search_body) "
        "SELECT id, search_body FROM customer WHERE search_body != ''"
    )
