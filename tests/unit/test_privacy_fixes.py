"""Privacy fixes: retention counts every kind of activity; the person export holds only what
is about the person (a referred customer's balance is not), with their merged records whole."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from desktop_crm.services import customers as svc
from desktop_crm.services import duplicates as dup
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services import loyalty_points as lp
from desktop_crm.services import privacy

NOW = datetime(2026, 11, 23, 10, 0)
TODAY = NOW.date()
LONG_AGO = NOW - timedelta(days=900)


def _old(name: str, **kw: str) -> int:
    return svc.create_customer(svc.CustomerInput(name, **kw), today=LONG_AGO.date(), now=LONG_AGO)


def test_retention_counts_notes_feedback_followups_and_points(db_path: Path) -> None:
    idle, noted, fed, points, followed, redeemed = (_old(f"c{i}") for i in range(6))
    svc.add_note(noted, "talked on wechat today", now=NOW)
    fid = fb.log_feedback(fb.FeedbackInput(customer_id=fed, kind="praise", content="ok"), now=NOW)
    fb.resolve(fid, "thanks", now=NOW)
    lp.adjust_points(points, 100, note="gift", today=TODAY, now=NOW)
    lp.adjust_points(redeemed, 100, note="gift", today=TODAY, now=LONG_AGO)
    lp.redeem_points(redeemed, 50, today=TODAY, now=NOW)
    f = fu.create_followup(fu.FollowUpInput(customer_id=followed, title="called", due=NOW), now=NOW)
    fu.complete([f], now=NOW)
    assert privacy.retention_candidates(12, today=TODAY) == [idle]
    rows = privacy.retention_rows(12, today=TODAY)
    assert rows == [(idle, LONG_AGO)]


def test_retention_old_activity_still_old_and_resolution_counts(db_path: Path) -> None:
    a, b = _old("a"), _old("b")
    svc.add_note(a, "years ago", now=LONG_AGO + timedelta(days=1))
    fid = fb.log_feedback(
        fb.FeedbackInput(customer_id=b, kind="praise", content="old"), now=LONG_AGO
    )
    fb.resolve(fid, "late answer", now=NOW - timedelta(days=100))  # resolved 100 days ago
    assert privacy.retention_candidates(12, today=TODAY) == [a]
    assert privacy.retention_rows(12, today=TODAY) == [(a, LONG_AGO + timedelta(days=1))]
    assert privacy.last_activity([a, b]) == {
        a: LONG_AGO + timedelta(days=1),
        b: NOW - timedelta(days=100),
    }


def test_export_referral_gives_the_link_not_the_other_customers_balance(
    db_path: Path, tmp_path: Path
) -> None:
    x = svc.create_customer(svc.CustomerInput("Referrer X"), today=TODAY, now=NOW)
    b = svc.create_customer(svc.CustomerInput("Bystander B"), today=TODAY, now=NOW)
    lp.adjust_points(b, 777, note="b's own", today=TODAY, now=NOW)
    lp.set_referrer(b, x, today=TODAY, now=NOW)
    tables = privacy.person_data(x)
    others = [r for r in tables["customer_loyalty"] if r["customer_id"] != x]
    assert others == [{"customer_id": b, "referred_by_id": x}]
    assert all(r["customer_id"] == x for r in tables.get("points_entry", []))
    # The workbook is written although rows of one table have different columns.
    paths = privacy.export_person(x, tmp_path / "x", now=NOW)
    assert zipfile.ZipFile(paths[1]).namelist()
    data = json.loads(paths[0].read_text("utf-8"))
    assert "777" not in json.dumps(data["tables"]["customer_loyalty"])


def test_export_holds_the_persons_own_merged_records(db_path: Path) -> None:
    x = svc.create_customer(
        svc.CustomerInput("Zqx Marker", phone="13977770177", notes="zqx own"), today=TODAY, now=NOW
    )
    alias = svc.create_customer(
        svc.CustomerInput("Zqx Alias", phone="13977770177", notes="zqxdupnote"),
        today=TODAY,
        now=NOW,
    )
    dup.merge(x, alias, now=NOW, today=TODAY)  # the alias is X now
    holder = svc.create_customer(
        svc.CustomerInput("Holder Person", notes="holdernote"), today=TODAY, now=NOW
    )
    undone = dup.merge(holder, x, now=NOW, today=TODAY)
    dup.unmerge(undone.merge_id, now=NOW, today=TODAY)  # X was not Holder after all
    other = svc.create_customer(svc.CustomerInput("Not X", notes="notxnote"), today=TODAY, now=NOW)
    split = dup.merge(x, other, now=NOW, today=TODAY)
    dup.unmerge(split.merge_id, now=NOW, today=TODAY)  # "Not X" is someone else again

    merges = {r["merged_id"]: r for r in privacy.person_data(x)["customer_merge"]}
    text = json.dumps(merges, ensure_ascii=False, default=str)
    # X's alias merged into X: that record is X's own data.
    assert merges[alias]["merged_row"]["notes"] == "zqxdupnote"
    # X merged into Holder and back: the record holds X's old row, which is X's.
    assert merges[x]["merged_row"]["display_name"] == "Zqx Marker"
    assert merges[x]["merged_row"]["phone"] == "13977770177"
    # Holder's own fields and the other person's row (merge undone) are not X's.
    assert "holdernote" not in text and "Holder Person" not in text
    assert "notxnote" not in text and "Not X" not in text
    assert merges[other]["kept_id"] == x and merges[other]["undone_at"] is not None
