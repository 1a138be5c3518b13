"""Duplicate customers: the finder's reasons, merge of every referencing row, exact unmerge."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_crm.db import close_database, db, open_database
from desktop_crm.errors import NotFound
from desktop_crm.models import Customer
from desktop_crm.services import customers as customer_svc
from desktop_crm.services import duplicates as dup
from desktop_crm.services import followups, loyalty
from desktop_crm.services.check import run_check
from desktop_crm.services.dump import business_dump
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedItem, ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.privacy import customer_references
from desktop_crm.services.totals import count_wrong_totals

NOW = datetime(2026, 11, 22, 10, 0)
TODAY = NOW.date()
_files = itertools.count(1)
_FILE_NAMES = {
    "taobao": "ExportOrderList2026112210{n:02d}.csv",
    "jd": "jd_orders_2026112210{n:02d}.csv",
    "pdd": "pdd_orders_2026112210{n:02d}.csv",
    "shopify": "orders_export_{n}.csv",
}


def order(
    platform: str,
    no: str,
    key: str | None,
    *,
    phone: str | None = "13800138000",
    email: str | None = None,
    name: str = "张三",
    province: str = "浙江省",
    city: str = "杭州市",
    address: str = "文一西路1号",
    status: str = "completed",
    paid: int = 1000,
    day: int = 0,
) -> ParsedOrder:
    return ParsedOrder(
        row=0, platform=platform, order_no=no,
        ordered_at=datetime(2026, 10, 1, 12, 0) + timedelta(days=day), status=status,
        paid=paid, currency="CNY", buyer_key=key, buyer_name=key, real_name=name, phone=phone,
        email=email, province=province, city=city, address=address, item_summary="手工皂",
        items=[ParsedItem("手工皂", quantity=1, price=paid)],
    )  # fmt: skip


def import_orders(folder: Path, platform: str, orders: list[ParsedOrder]) -> engine.ImportReceipt:
    name = _FILE_NAMES[platform].format(n=next(_files) % 100)
    path = write_export(platform, orders, folder / name)
    receipt = engine.import_file(path, platform=platform, now=NOW, today=TODAY)
    assert receipt.rejected == [], receipt.rejected
    return receipt


def cid(platform: str, key: str) -> int:
    row = db.execute_sql(
        "SELECT customer_id FROM channel_identity WHERE platform = ? AND buyer_key = ?",
        [platform, key],
    ).fetchone()
    assert row is not None, (platform, key)
    return int(row[0])


def pair_of(report: dup.DuplicateReport, a: int, b: int) -> dup.DuplicatePair | None:
    wanted = (min(a, b), max(a, b))
    return next((p for p in report.pairs if p.ids == wanted), None)


def table_rows(table: str) -> list[tuple[Any, ...]]:
    return sorted(
        (tuple(r) for r in db.execute_sql(f'SELECT * FROM "{table}"').fetchall()), key=repr
    )


def referencing_tables() -> list[str]:
    return sorted({r.table for r in customer_references() if r.via == "customer"})


def assert_sound() -> None:
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert count_wrong_totals() == 0
    report = run_check()
    assert report.ok, report.problems
    assert dup.count_problems() == {}
    # An order's customer is its identity's customer.
    assert (
        db.execute_sql(
            "SELECT count(*) FROM orders o JOIN channel_identity ci ON ci.id = o.identity_id "
            "WHERE o.customer_id IS NOT ci.customer_id"
        ).fetchone()[0]
        == 0
    )


# --- the finder ----------------------------------------------------------------------------


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> dict[str, int]:
    """One person on four platforms, one stranger, and two masked-phone strangers."""
    import_orders(tmp_path, "taobao", [order("taobao", "2039000000000000001", "tb_zhang")])
    import_orders(
        tmp_path, "jd", [order("jd", "1000000000000001", "jd_zhang", phone="+86 138-0013-8000")]
    )
    import_orders(
        tmp_path,
        "shopify",
        [
            order(
                "shopify", "#1001", "zhang@example.com", email="Zhang@Example.com",
                phone=None, name="San Zhang", city="Hangzhou", address="1 Wenyi Rd West",
            ),
        ],
    )  # fmt: skip
    mail = customer_svc.create_customer(
        customer_svc.CustomerInput("S. Zhang", email=" ZHANG@example.COM", city="Shanghai"),
        today=TODAY,
        now=NOW,
    )
    import_orders(
        tmp_path,
        "pdd",
        [
            order("pdd", "261001-000000000000001", None, phone="138****8000", name="李四",
                  city="宁波市", address="中山路9号"),
            order("pdd", "261001-000000000000002", None, phone="138****8000", name="王五",
                  city="温州市", address="人民路7号"),
            order("pdd", "261001-000000000000003", None, phone="138****8000", name="张三",
                  city="杭州", address="浙江省杭州市 文一西路 1 号"),
        ],
    )  # fmt: skip
    stranger = customer_svc.create_customer(
        customer_svc.CustomerInput("赵六", real_name="赵六", phone="13900000000", city="杭州市"),
        today=TODAY,
        now=NOW,
    )
    ids = {
        "tb": cid("taobao", "tb_zhang"),
        "jd": cid("jd", "jd_zhang"),
        "shop1": cid("shopify", "zhang@example.com"),
        "shop2": mail,
        "stranger": stranger,
    }
    pdd = [
        int(r[0])
        for r in db.execute_sql(
            "SELECT customer_id FROM channel_identity WHERE platform = 'pdd' ORDER BY id"
        ).fetchall()
    ]
    ids.update(pdd_li=pdd[0], pdd_wang=pdd[1], pdd_zhang=pdd[2])
    return ids


def test_reasons_and_strength(shop: dict[str, int]) -> None:
    report = dup.find_duplicates()
    tb_jd = pair_of(report, shop["tb"], shop["jd"])
    assert tb_jd is not None
    # The same phone written as +86 138-0013-8000, the same name in the same city and address.
    assert tb_jd.reasons == (dup.PHONE, dup.ADDRESS, dup.NAME_CITY)
    assert tb_jd.strength == 100 and tb_jd.level == dup.HIGH
    assert {tb_jd.a.platforms, tb_jd.b.platforms} == {("taobao",), ("jd",)}
    assert tb_jd.a.display_name in ("tb_zhang", "jd_zhang")
    emails = pair_of(report, shop["shop1"], shop["shop2"])
    assert emails is not None and emails.reasons == (dup.EMAIL,) and emails.strength == 50
    # The Pinduoduo buyer: address written with province/city and spaces, city without 市,
    # and a masked phone that fits (it only adds to the other reasons).
    pdd = pair_of(report, shop["tb"], shop["pdd_zhang"])
    assert pdd is not None
    assert pdd.reasons == (dup.ADDRESS, dup.NAME_CITY, dup.MASKED_PHONE)
    assert pdd.strength == 70
    assert report.pairs == tuple(sorted(report.pairs, key=lambda p: (-p.strength, p.ids)))


def test_a_masked_phone_alone_never_pairs(shop: dict[str, int]) -> None:
    report = dup.find_duplicates()
    paired = {i for p in report.pairs for i in p.ids}
    # Three pdd buyers share 138****8000; two of them have nothing else in common with anyone.
    assert shop["pdd_li"] not in paired and shop["pdd_wang"] not in paired
    assert pair_of(report, shop["pdd_li"], shop["pdd_wang"]) is None
    assert shop["stranger"] not in paired  # same city as 张三, another name and phone
    row = db.execute_sql("SELECT phone_norm FROM customer WHERE id = ?", [shop["pdd_li"]])
    assert row.fetchone()[0] is None


def test_groups_join_pairs(shop: dict[str, int]) -> None:
    report = dup.find_duplicates()
    zhang = next(g for g in report.groups if shop["tb"] in g.customer_ids)
    assert set(zhang.customer_ids) == {shop["tb"], shop["jd"], shop["pdd_zhang"]}
    assert zhang.strength == 100 and len(zhang.pairs) == 3
    assert any(set(g.customer_ids) == {shop["shop1"], shop["shop2"]} for g in report.groups)
    assert all(len(g.customer_ids) >= 2 for g in report.groups)
    one = dup.find_duplicates(customer_id=shop["jd"])
    assert {p.ids for p in one.pairs} == {
        tuple(sorted((shop["jd"], x))) for x in (shop["tb"], shop["pdd_zhang"])
    }


def test_not_the_same_person_is_not_suggested_again(shop: dict[str, int]) -> None:
    dup.mark_not_duplicate(shop["jd"], shop["tb"], now=NOW)
    assert dup.is_marked_not_duplicate(shop["tb"], shop["jd"])
    report = dup.find_duplicates()
    assert pair_of(report, shop["tb"], shop["jd"]) is None
    assert pair_of(report, shop["tb"], shop["pdd_zhang"]) is not None
    assert dup.unmark_not_duplicate(shop["tb"], shop["jd"])
    assert pair_of(dup.find_duplicates(), shop["tb"], shop["jd"]) is not None
    with pytest.raises(NotFound):
        dup.mark_not_duplicate(shop["tb"], 999_999, now=NOW)


def test_min_strength_and_common_keys(db_path: Path, tmp_path: Path) -> None:
    # A placeholder phone on 12 customers says nothing about who they are.
    for i in range(12):
        customer_svc.create_customer(
            customer_svc.CustomerInput(f"客户{i}", phone="13811112222", city=f"城{i}"),
            today=TODAY,
            now=NOW,
        )
    report = dup.find_duplicates()
    assert report.pairs == () and report.skipped_keys == {dup.PHONE: 1}
    assert len(dup.find_duplicates(max_key_size=12).pairs) == 66
    assert dup.find_duplicates(max_key_size=12, min_strength=51).pairs == ()


def test_normalisers() -> None:
    assert dup.fold_place("浙江省") == dup.fold_place("浙江") == dup.fold_place(" 浙江 省")
    assert dup.fold_place("广西壮族自治区") == "广西"
    assert dup.fold_name("Ｊｏｈｎ  Smith") == dup.fold_name("john smith") == "johnsmith"
    assert dup.fold_name("王**") is None and dup.fold_name("王") is None
    key = dup.fold_address("浙江省", "杭州市", "文一西路 1 号")
    assert key == dup.fold_address("浙江", "杭州", "浙江省杭州市文一西路#1号")
    assert key == dup.fold_address("浙江省", "杭州市", "文一西路１号")
    assert dup.fold_address("浙江省", "杭州市", "文一西路**号") is None
    assert dup.fold_address("浙江省", "杭州市", "无") is None
    assert dup.masked_phone_fits("138****8000", "13800138000")
    assert dup.masked_phone_fits("+86 138****8000", "138****8000")
    assert not dup.masked_phone_fits("138****8000", "13900138000")
    assert not dup.masked_phone_fits("13800138000", "13800138000")  # no mask: not this rule
    assert not dup.masked_phone_fits("1**********", "13800138000")  # too little visible


# --- review and choices --------------------------------------------------------------------


def test_default_choices_take_the_most_recent_non_empty_value() -> None:
    old = {"updated_at": "2026-01-01 00:00:00", "display_name": "tb_zhang", "real_name": None,
           "phone": "138****8000", "phone_masked": 1, "email": "a@x.com", "gender": "female",
           "birthday": None, "province": "浙江省", "city": "杭州市", "address": "文一西路1号",
           "notes": ""}  # fmt: skip
    new = {**old, "updated_at": "2026-06-01 00:00:00", "display_name": "jd_zhang",
           "real_name": "张三", "phone": "13800138000", "phone_masked": 0, "email": "",
           "gender": "female", "birthday": "1990-05-01", "address": "文一西路2号"}  # fmt: skip
    choices = dup.default_choices(old, new)
    assert choices == {
        "display_name": dup.MERGED, "real_name": dup.MERGED, "phone": dup.MERGED,
        "email": dup.KEPT, "gender": dup.KEPT, "birthday": dup.MERGED, "address": dup.MERGED,
        "notes": dup.KEPT,
    }  # fmt: skip
    # Kept newer: its values win, but a full phone still beats a masked one.
    back = dup.default_choices(new, {**old, "updated_at": "2025-01-01 00:00:00"})
    assert back["display_name"] == dup.KEPT and back["phone"] == dup.KEPT
    assert dup.default_choices(old, {**new, "updated_at": "2025-01-01"})["phone"] == dup.MERGED


def test_review_shows_both_sides_and_what_moves(shop: dict[str, int]) -> None:
    customer_svc.add_note(shop["jd"], "京东的备注", now=NOW)
    review = dup.review_merge(shop["tb"], shop["jd"])
    assert (review.kept.id, review.merged.id) == (shop["tb"], shop["jd"])
    assert review.reasons == (dup.PHONE, dup.ADDRESS, dup.NAME_CITY) and review.strength == 100
    names = next(f for f in review.fields if f.field == "display_name")
    assert (names.kept_value, names.merged_value, names.differs) == ("tb_zhang", "jd_zhang", True)
    assert review.rows["orders"] == (1, 1) and review.rows["note"] == (0, 1)
    assert set(review.defaults) == set(dup.CHOICE_FIELDS)
    assert not review.marked_not_duplicate


# --- merge: every referencing row ----------------------------------------------------------

# Tables the test adds as another part of the program might: a WITHOUT ROWID table keyed on
# the customer, and an append-only table with a partial unique index and a guard trigger.
FUTURE_TABLES = [
    """
    CREATE TABLE future_flag (
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        PRIMARY KEY (customer_id, label)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE future_log (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        fact TEXT NOT NULL,
        reason_key TEXT,
        order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL
    )
    """,
    "CREATE UNIQUE INDEX future_log_reason ON future_log (customer_id, reason_key) "
    "WHERE reason_key IS NOT NULL",
    """
    CREATE TRIGGER future_log_append_only BEFORE UPDATE OF customer_id, fact ON future_log
    BEGIN SELECT raise(ABORT, 'future_log is append-only'); END
    """,
]
# Values for columns whose CHECK a dummy value would fail.
KNOWN_VALUES = {
    ("points_entry", "reason"): "adjust",
    ("follow_up", "reason_key"): "birthday:2026",
    ("feedback", "kind"): "complaint",
}
# Conflict rows: columns that, set equal on both customers, make the rows collide.
COLLIDING = {("future_flag", "label"): "vip", ("future_log", "reason_key"): "win_back"}


def _dummy(table: str, column: str, decl: str) -> Any:
    if (table, column) in KNOWN_VALUES:
        return KNOWN_VALUES[(table, column)]
    decl = decl.upper()
    if "INT" in decl:
        return 1
    if decl == "DATE":
        return "2026-11-01"
    if "DATE" in decl or "TIME" in decl:
        return "2026-11-01 10:00:00"
    return "x"


def fill_row(table: str, column: str, customer: int, other: int, extra: dict[str, Any]) -> None:
    """Insert a row of `table` whose `column` is `customer` (other customer columns: `other`)."""
    info = db.execute_sql(
        f'SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info("{table}")'
    ).fetchall()
    fks = {fk.column: fk for fk in db.get_foreign_keys(table)}
    wr = db.execute_sql("SELECT wr FROM pragma_table_list(?)", [table]).fetchone()[0]
    values: dict[str, Any] = {}
    for name, decl, notnull, default, pk in info:
        if name in extra:
            values[name] = extra[name]
        elif name == column:
            values[name] = customer
        elif name in fks and fks[name].dest_table == "customer":
            if notnull:
                values[name] = other
        elif pk == 1 and not wr and str(decl).upper() == "INTEGER":
            continue  # the rowid
        elif name in fks:
            if notnull:
                parent = db.execute_sql(
                    f'SELECT min("{fks[name].dest_column}") FROM "{fks[name].dest_table}"'
                ).fetchone()[0]
                assert parent is not None, f"{table}.{name}: no {fks[name].dest_table} row"
                values[name] = parent
        elif (table, name) in KNOWN_VALUES or (notnull and default is None):
            values[name] = _dummy(table, name, str(decl))
    cols = ", ".join(f'"{c}"' for c in values)
    db.execute_sql(
        f'INSERT INTO "{table}" ({cols}) VALUES ({",".join("?" * len(values))})',
        list(values.values()),
    )


def _without_loyalty(removed: dict[str, int]) -> dict[str, int]:
    """Conflict rows other than the loyalty row both customers get from their imports."""
    return {k: v for k, v in removed.items() if k != "customer_loyalty"}


def _plant_follow_ups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Follow-ups planted by a test, not earned by a churn warning or a birthday, stay as they
    are: the automatic refresh after a merge would close them. These tests are about how rows
    move."""
    monkeypatch.setattr(followups, "refresh_automatic", lambda **_kw: None)


@pytest.fixture
def everything(shop: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    """Kept (taobao), merged (jd) and a third customer, with rows in every referencing table,
    including rows of both that collide once merged."""
    _plant_follow_ups(monkeypatch)
    for sql in FUTURE_TABLES:
        db.execute_sql(sql)
    kept, merged, third = shop["tb"], shop["jd"], shop["stranger"]
    customer_svc.set_tags(kept, ["VIP", "老客"], now=NOW)
    customer_svc.set_tags(merged, ["VIP", "京东"], now=NOW)
    customer_svc.add_note(merged, "京东的备注", now=NOW)
    with db.atomic():
        for ref in customer_references():
            if ref.via != "customer" or ref.table in ("orders", "channel_identity"):
                continue
            if ref.table in ("customer_tag", "note"):
                continue  # above, through the services
            has = db.execute_sql(
                f'SELECT count(*) FROM "{ref.table}" WHERE "{ref.column}" = ?', [merged]
            ).fetchone()[0]
            if has:
                continue
            fill_row(ref.table, ref.column, merged, third, {})
        for (table, column), value in COLLIDING.items():
            fill_row(table, "customer_id", kept, third, {column: value})
            fill_row(table, "customer_id", merged, third, {column: value})
        if "follow_up" in db.get_tables():
            fill_row("follow_up", "customer_id", kept, third, {})  # same reason_key as merged's
            # One active win-back per customer (a rule kept in code, not by an index).
            for who, day in ((kept, "2026-11-01"), (merged, "2026-11-02")):
                fill_row(
                    "follow_up",
                    "customer_id",
                    who,
                    third,
                    {"kind": "win_back", "reason_key": f"win_back:{day}"},
                )
        if "customer_loyalty" in db.get_tables():
            # Imports already gave both customers a loyalty row (tier, balance): both collide.
            found = db.execute_sql(
                "SELECT 1 FROM customer_loyalty WHERE customer_id = ?", [kept]
            ).fetchone()
            if found:
                db.execute_sql(
                    "UPDATE customer_loyalty SET override_reason = 'kept' WHERE customer_id = ?",
                    [kept],
                )
            else:
                fill_row(
                    "customer_loyalty", "customer_id", kept, third, {"override_reason": "kept"}
                )
    return kept, merged, third


def test_merge_moves_every_row_of_every_table(everything: tuple[int, int, int]) -> None:
    kept, merged, _third = everything
    refs = [r for r in customer_references() if r.via == "customer"]
    # Every (table, column) that references a customer has a row of the merged customer: a
    # table added later that this fixture cannot fill makes the test fail until it does.
    for ref in refs:
        n = db.execute_sql(
            f'SELECT count(*) FROM "{ref.table}" WHERE "{ref.column}" = ?', [merged]
        ).fetchone()[0]
        assert n, f"no {ref.table}.{ref.column} row of the merged customer: fill one above"
    orders_before = db.execute_sql("SELECT count(*) FROM orders").fetchone()[0]
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    for ref in refs:
        n = db.execute_sql(
            f'SELECT count(*) FROM "{ref.table}" WHERE "{ref.column}" = ?', [merged]
        ).fetchone()[0]
        assert n == 0, f"{ref.table}.{ref.column} still references the merged customer"
    assert not db.execute_sql("SELECT 1 FROM customer WHERE id = ?", [merged]).fetchone()
    assert db.execute_sql("SELECT count(*) FROM orders").fetchone()[0] == orders_before
    assert result.removed["customer_tag"] == 1  # VIP on both
    assert result.removed["future_flag"] == 1 and result.removed["future_log"] == 1
    if "follow_up" in db.get_tables():
        assert result.removed["follow_up"] == 2  # the same birthday reason; a second win-back
    assert result.moved["orders.customer_id"] == 1 and result.moved["note.customer_id"] == 1
    assert customer_svc.get_customer(kept).tags == ["VIP", "京东", "老客"]
    assert customer_svc.get_customer(kept).order_count == 2
    assert_sound()


def test_unmerge_puts_every_table_back_exactly(everything: tuple[int, int, int]) -> None:
    kept, merged, _third = everything
    # As an import would have: orders carry their points before the merge.
    ids = [int(r[0]) for r in db.execute_sql("SELECT id FROM customer").fetchall()]
    loyalty.orders_changed(ids, today=TODAY, now=NOW)
    loyalty.refresh_balances(ids)
    tables = referencing_tables() + ["customer", "channel_identity", "import_change"]
    before = {t: table_rows(t) for t in tables}
    dump_before = business_dump()
    result = dup.merge(kept, merged, {"display_name": dup.MERGED}, now=NOW, today=TODAY)
    assert customer_svc.get_customer(kept).display_name == "jd_zhang"
    assert_sound()
    undone = dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert undone.rows_gone == 0 and undone.fields_restored
    assert business_dump() == dump_before
    for table in tables:
        if table == "tier_change":
            continue  # tier history records what the merge did to the tier
        assert table_rows(table) == before[table], table
    assert_sound()
    assert dup.merge_history()[0].undone_at == NOW


def test_points_move_with_the_customer(everything: tuple[int, int, int]) -> None:
    kept, merged, _third = everything
    loyalty.orders_changed([kept, merged], today=TODAY, now=NOW)
    loyalty.adjust_points(merged, 50, today=TODAY, now=NOW, note="welcome")
    total = loyalty.ledger_balance(kept) + loyalty.ledger_balance(merged)
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    assert loyalty.points_balance(kept) == loyalty.ledger_balance(kept) == total
    assert loyalty.count_wrong_balances() == 0
    dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert loyalty.ledger_balance(kept) + loyalty.ledger_balance(merged) == total
    assert loyalty.count_wrong_balances() == 0
    # The append-only guard is back.
    with pytest.raises(Exception, match="append-only"):
        db.execute_sql("UPDATE points_entry SET customer_id = ?", [kept])


def _crossed_allocations() -> int:
    """Allocations linking an earning of one customer to a consumption of another."""
    return int(
        db.execute_sql(
            "SELECT count(*) FROM points_allocation a JOIN points_entry l ON l.id = a.lot_id "
            "JOIN points_entry c ON c.id = a.consumer_id WHERE l.customer_id != c.customer_id"
        ).fetchone()[0]
    )


def _left(customer: int) -> list[int]:
    """What is left of each earning of a customer, oldest entry first."""
    return [line.left or 0 for line in reversed(loyalty.ledger(customer)) if line.delta > 0]


def _amy_merged_with_bob(tmp_path: Path) -> tuple[int, int, dup.MergeResult]:
    """amy earned 100 this year; bob 300 in 2025 (last valid day 2026-12-31); bob merged into
    amy."""
    import_orders(
        tmp_path, "taobao", [order("taobao", "2039000000000000001", "tb_amy", paid=10000)]
    )
    import_orders(
        tmp_path,
        "jd",
        [order("jd", "1000000000000001", "jd_bob", phone="13900139000", paid=30000, day=-480)],
    )
    amy, bob = cid("taobao", "tb_amy"), cid("jd", "jd_bob")
    return amy, bob, dup.merge(amy, bob, now=NOW, today=TODAY)


def test_unmerge_gives_each_side_its_own_points_back(db_path: Path, tmp_path: Path) -> None:
    amy, bob, result = _amy_merged_with_bob(tmp_path)
    # The merged whole spends 350 of its 400: bob's older 300 first, then 50 of amy's.
    loyalty.redeem_points(amy, 350, today=TODAY, now=NOW)
    dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    # The redemption stays with amy, who made it: her own 100 cover it as far as they go and
    # the rest is her debt; bob's earning is his again, whole, none of it used by amy.
    assert _crossed_allocations() == 0
    assert (loyalty.ledger_balance(amy), _left(amy)) == (-250, [0])
    assert (loyalty.ledger_balance(bob), _left(bob)) == (300, [300])
    assert loyalty.points_balance(amy) == -250 and loyalty.points_balance(bob) == 300
    assert_sound()
    # bob's points lapse at their date like any others.
    new_year = date(2027, 1, 1)
    loyalty.startup(today=new_year, now=datetime(2027, 1, 1, 9))
    assert (loyalty.ledger_balance(bob), _left(bob)) == (0, [0])
    assert loyalty.ledger_balance(amy) == -250
    # amy's debt is paid from her next earning, as any debt is.
    loyalty.adjust_points(amy, 300, note="goodwill", today=new_year, now=datetime(2027, 1, 1, 9))
    assert (loyalty.ledger_balance(amy), _left(amy)) == (50, [0, 50])
    assert _crossed_allocations() == 0
    assert_sound()


def test_unmerge_sends_an_expiry_back_with_the_earning_it_removed(
    db_path: Path, tmp_path: Path
) -> None:
    amy, bob, result = _amy_merged_with_bob(tmp_path)
    # bob's 2025 earning lapses while he is part of amy: the expiry is written on her.
    new_year = date(2027, 1, 1)
    loyalty.startup(today=new_year, now=datetime(2027, 1, 1, 9))
    assert loyalty.ledger_balance(amy) == 100
    dup.unmerge(result.merge_id, now=datetime(2027, 1, 1, 10), today=new_year)
    assert _crossed_allocations() == 0
    assert (loyalty.ledger_balance(amy), _left(amy)) == (100, [100])
    assert (loyalty.ledger_balance(bob), _left(bob)) == (0, [0])
    assert [line.reason for line in loyalty.ledger(bob)] == ["expire", "earn"]
    assert_sound()


def test_a_failed_merge_changes_nothing(
    everything: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, merged, _third = everything
    tables = referencing_tables() + ["customer", "sqlite_master"]
    before = {t: table_rows(t) for t in tables}

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(dup, "_refresh_derived", boom)
    with pytest.raises(RuntimeError):
        dup.merge(kept, merged, now=NOW, today=TODAY)
    assert {t: table_rows(t) for t in tables} == before
    assert dup.merge_history() == []


def test_merge_refusals_change_nothing(shop: dict[str, int]) -> None:
    dump = business_dump()
    with pytest.raises(dup.MergeRefused):
        dup.merge(shop["tb"], shop["tb"], now=NOW, today=TODAY)
    with pytest.raises(dup.MergeRefused, match="Unknown field"):
        dup.merge(shop["tb"], shop["jd"], {"colour": dup.KEPT}, now=NOW, today=TODAY)
    with pytest.raises(dup.MergeRefused):
        dup.merge(shop["tb"], shop["jd"], {"phone": "both"}, now=NOW, today=TODAY)
    with pytest.raises(NotFound):
        dup.merge(shop["tb"], 999_999, now=NOW, today=TODAY)
    assert business_dump() == dump and dup.merge_history() == []


def test_merging_a_pair_marked_different_clears_the_mark_until_unmerge(
    shop: dict[str, int],
) -> None:
    dup.mark_not_duplicate(shop["tb"], shop["jd"], now=NOW)
    dup.mark_not_duplicate(shop["jd"], shop["shop1"], now=NOW)
    result = dup.merge(shop["tb"], shop["jd"], now=NOW, today=TODAY)
    assert not dup.is_marked_not_duplicate(shop["tb"], shop["jd"])
    # "jd is not shop1" became "tb (which now is jd too) is not shop1".
    assert dup.is_marked_not_duplicate(shop["tb"], shop["shop1"])
    dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert dup.is_marked_not_duplicate(shop["tb"], shop["jd"])
    assert dup.is_marked_not_duplicate(shop["jd"], shop["shop1"])
    assert not dup.is_marked_not_duplicate(shop["tb"], shop["shop1"])


# --- unmerge -------------------------------------------------------------------------------


def _zhang_shop(folder: Path) -> None:
    import_orders(folder, "taobao", [order("taobao", "2039000000000000001", "tb_zhang")])
    import_orders(
        folder, "jd", [order("jd", "1000000000000001", "jd_zhang", phone="+86 138-0013-8000")]
    )


def test_unmerge_after_a_later_import_sends_its_order_back_with_the_identity(
    tmp_path: Path, _template_db: Path
) -> None:
    later = [order("jd", "1000000000000002", "jd_zhang", phone="13800138000", day=5, paid=2500)]
    dumps = []
    for name, with_merge in (("merged.db", True), ("plain.db", False)):
        path = tmp_path / name
        path.write_bytes(_template_db.read_bytes())
        open_database(path)
        try:
            _zhang_shop(tmp_path)
            kept, merged = cid("taobao", "tb_zhang"), cid("jd", "jd_zhang")
            if with_merge:
                merge_id = dup.merge(kept, merged, now=NOW, today=TODAY).merge_id
            receipt = import_orders(tmp_path, "jd", later)
            assert receipt.customers_added == 0
            if with_merge:
                # The new order came through the identity the merge moved: it is the kept
                # customer's until the merge is undone.
                assert customer_svc.get_customer(kept).order_count == 3
                result = dup.unmerge(merge_id, now=NOW, today=TODAY)
                assert result.followed["orders.customer_id"] == 1
            assert customer_svc.get_customer(merged).order_count == 2
            assert_sound()
            dumps.append(business_dump())
        finally:
            close_database()
    assert dumps[0] == dumps[1]


def test_unmerge_refused_when_already_undone_and_ids_are_never_reused(
    db_path: Path, tmp_path: Path
) -> None:
    _zhang_shop(tmp_path)
    kept, merged = cid("taobao", "tb_zhang"), cid("jd", "jd_zhang")
    assert merged > kept  # the newest customer
    first = dup.merge(kept, merged, now=NOW, today=TODAY)
    dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    with pytest.raises(dup.UnmergeRefused, match="already undone"):
        dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    second = dup.merge(kept, merged, now=NOW, today=TODAY)
    import_orders(tmp_path, "jd", [order("jd", "1000000000000009", "jd_new", name="钱七")])
    # Customer ids are AUTOINCREMENT: the merged-away id is not handed out again, so the
    # merge can still be undone after later imports.
    assert cid("jd", "jd_new") > merged
    assert dup.can_unmerge(second.merge_id) is None
    dup.unmerge(second.merge_id, now=NOW, today=TODAY)
    assert cid("jd", "jd_zhang") == merged
    with pytest.raises(NotFound):
        dup.unmerge(999, now=NOW, today=TODAY)


def test_a_later_merge_must_be_undone_first(shop: dict[str, int]) -> None:
    dump = business_dump()
    first = dup.merge(shop["tb"], shop["jd"], {"display_name": dup.MERGED}, now=NOW, today=TODAY)
    # The kept customer is merged into another one: the first merge cannot come back yet.
    second = dup.merge(shop["shop1"], shop["tb"], now=NOW, today=TODAY)
    with pytest.raises(dup.UnmergeRefused) as info:
        dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    assert info.value.blocking == second.merge_id
    assert f"merge {second.merge_id}" in info.value.message.lower()
    dup.unmerge(second.merge_id, now=NOW, today=TODAY)
    # A later merge into the same kept customer that changed the same field.
    third = dup.merge(
        shop["tb"], shop["pdd_zhang"], {"display_name": dup.MERGED}, now=NOW, today=TODAY
    )
    with pytest.raises(dup.UnmergeRefused) as info:
        dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    assert info.value.blocking == third.merge_id and "display_name" in info.value.message
    dup.unmerge(third.merge_id, now=NOW, today=TODAY)
    dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    assert business_dump() == dump
    assert_sound()


def test_a_later_merge_that_relies_on_a_moved_row_blocks(shop: dict[str, int]) -> None:
    customer_svc.set_tags(shop["jd"], ["VIP"], now=NOW)
    customer_svc.set_tags(shop["pdd_zhang"], ["VIP"], now=NOW)
    first = dup.merge(shop["tb"], shop["jd"], now=NOW, today=TODAY)  # VIP moves to tb
    second = dup.merge(shop["tb"], shop["pdd_zhang"], now=NOW, today=TODAY)  # its VIP removed
    assert _without_loyalty(second.removed) == {"customer_tag": 1}
    dump = business_dump()
    with pytest.raises(dup.UnmergeRefused) as info:
        dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    assert info.value.blocking == second.merge_id
    assert business_dump() == dump  # nothing written
    dup.unmerge(second.merge_id, now=NOW, today=TODAY)
    dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    assert customer_svc.get_customer(shop["jd"]).tags == ["VIP"]
    assert customer_svc.get_customer(shop["pdd_zhang"]).tags == ["VIP"]
    assert customer_svc.get_customer(shop["tb"]).tags == []


def test_fields_changed_since_the_merge_are_left(shop: dict[str, int]) -> None:
    kept, merged = shop["tb"], shop["jd"]
    result = dup.merge(kept, merged, {"display_name": dup.MERGED}, now=NOW, today=TODAY)
    assert result.fields_changed == ("display_name", "created_batch_id")
    detail = customer_svc.get_customer(kept)
    data = customer_svc.to_input(detail)
    data.display_name = "张三（改过）"
    customer_svc.update_customer(kept, data, today=TODAY, now=NOW + timedelta(hours=1))
    undone = dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert "display_name" in undone.fields_kept
    assert customer_svc.get_customer(kept).display_name == "张三（改过）"
    assert customer_svc.get_customer(merged).display_name == "jd_zhang"


def test_undoing_an_import_after_a_merge(db_path: Path, tmp_path: Path) -> None:
    _zhang_shop(tmp_path)
    kept, merged = cid("taobao", "tb_zhang"), cid("jd", "jd_zhang")
    # A newer export of the jd order: the import journal remembers its customer (merged).
    newer = import_orders(
        tmp_path,
        "jd",
        [order("jd", "1000000000000001", "jd_zhang", phone="+86 138-0013-8000", paid=1200)],
    )
    assert newer.orders_updated == 1
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    engine.undo_batch(newer.batch_id, now=NOW, today=TODAY)  # no dangling customer id
    assert_sound()
    assert customer_svc.get_customer(kept).order_count == 2
    dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert customer_svc.get_customer(merged).order_count == 1
    assert_sound()


def test_undoing_the_import_that_created_the_kept_customer_keeps_the_merged_whole(
    db_path: Path, tmp_path: Path
) -> None:
    customer_svc.create_customer(
        customer_svc.CustomerInput("张三", real_name="张三", phone="13800138000"),
        today=TODAY,
        now=NOW,
    )
    manual = int(db.execute_sql("SELECT max(id) FROM customer").fetchone()[0])
    receipt = import_orders(tmp_path, "jd", [order("jd", "1000000000000001", "jd_zhang")])
    kept = cid("jd", "jd_zhang")
    customer_svc.add_note(manual, "手工录入的备注", now=NOW)
    result = dup.merge(kept, manual, now=NOW, today=TODAY)
    engine.undo_batch(receipt.batch_id, now=NOW, today=TODAY)
    # The jd order and identity are gone; the merged customer (with the note) is not.
    assert customer_svc.get_customer(kept).note_entries[0].body == "手工录入的备注"
    assert_sound()
    undone = dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert customer_svc.get_customer(manual).note_entries[0].body == "手工录入的备注"
    # Its import is undone and nothing of it is left: it goes as that undo would have removed it.
    assert undone.kept_removed
    with pytest.raises(NotFound):
        customer_svc.get_customer(kept)
    assert_sound()


def test_undoing_the_import_that_created_both_sides_removes_the_whole(
    db_path: Path, tmp_path: Path
) -> None:
    # The merge cleared the kept customer's created-by mark: the undo left it as an empty
    # customer nothing could remove, and the same rows imported again made a second one.
    empty = business_dump()
    rows = [
        order("taobao", "2039000000000000001", "amy", phone="13800138001"),
        order("taobao", "2039000000000000002", "amy2", phone="13800138002"),
    ]
    receipt = import_orders(tmp_path, "taobao", rows)
    dup.merge(cid("taobao", "amy"), cid("taobao", "amy2"), now=NOW, today=TODAY)
    assert engine.undo_impact(receipt.batch_id)["customer_add"] == 1  # asked before the undo
    result = engine.undo_batch(receipt.batch_id, now=NOW, today=TODAY)
    assert result.customers_removed == 1  # the whole both sides had become
    assert business_dump() == empty and not table_rows("customer_merge")
    assert_sound()
    import_orders(tmp_path, "taobao", rows)
    assert table_rows("customer") and len(table_rows("customer")) == 2


@pytest.mark.parametrize("first", [0, 1])
def test_undoing_the_imports_of_both_sides_removes_the_whole(
    db_path: Path, tmp_path: Path, first: int
) -> None:
    # Each side came from its own import. Undoing both, in either order, left the kept
    # customer behind with no order and no account.
    empty = business_dump()
    receipts = [
        import_orders(tmp_path, "taobao", [order("taobao", f"203900000000000000{i}", key)])
        for i, key in ((1, "amy"), (2, "amy2"))
    ]
    dup.merge(cid("taobao", "amy"), cid("taobao", "amy2"), now=NOW, today=TODAY)
    for receipt in (receipts[first], receipts[1 - first]):
        engine.undo_batch(receipt.batch_id, now=NOW, today=TODAY)
    assert business_dump() == empty and not table_rows("customer_merge")
    assert_sound()


def test_merges_undone_oldest_first_leave_the_import_its_customers(
    db_path: Path, tmp_path: Path
) -> None:
    # B then C merged into A, the merges undone oldest first: A lost the mark of the import
    # that created it, and undoing that import left A behind.
    empty = business_dump()
    receipt = import_orders(
        tmp_path,
        "taobao",
        [order("taobao", f"203900000000000000{i}", k) for i, k in ((1, "a"), (2, "b"), (3, "c"))],
    )
    a, b, c = (cid("taobao", k) for k in ("a", "b", "c"))
    first = dup.merge(a, b, now=NOW, today=TODAY).merge_id
    second = dup.merge(a, c, now=NOW, today=TODAY).merge_id
    dup.unmerge(first, now=NOW, today=TODAY)
    dup.unmerge(second, now=NOW, today=TODAY)
    assert [_created_by(x) for x in (a, b, c)] == [receipt.batch_id] * 3
    engine.undo_batch(receipt.batch_id, now=NOW, today=TODAY)
    assert business_dump() == empty
    assert_sound()


def _created_by(customer: int) -> int:
    """The import that created a customer."""
    sql = "SELECT created_batch_id FROM customer WHERE id = ?"
    return int(db.execute_sql(sql, [customer]).fetchone()[0])


def test_unmerge_refused_when_the_merged_customers_import_was_undone(
    db_path: Path, tmp_path: Path
) -> None:
    _zhang_shop(tmp_path)
    kept, merged = cid("taobao", "tb_zhang"), cid("jd", "jd_zhang")
    jd_batch = _created_by(merged)
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    engine.undo_batch(jd_batch, now=NOW, today=TODAY)
    assert_sound()
    with pytest.raises(dup.UnmergeRefused, match="was undone"):
        dup.unmerge(result.merge_id, now=NOW, today=TODAY)


# --- history, privacy, schema --------------------------------------------------------------


def test_history_and_forgetting_merges_for_erasure(shop: dict[str, int]) -> None:
    first = dup.merge(shop["jd"], shop["pdd_zhang"], now=NOW, today=TODAY)
    second = dup.merge(shop["tb"], shop["jd"], now=NOW, today=TODAY)
    other = dup.merge(shop["shop1"], shop["shop2"], now=NOW, today=TODAY)
    history = dup.merge_history()
    assert [h.merge_id for h in history] == [other.merge_id, second.merge_id, first.merge_id]
    assert history[1].kept_name == "tb_zhang" and history[1].merged_name == "jd_zhang"
    assert [h.merge_id for h in dup.merge_history(shop["jd"])] == [
        second.merge_id,
        first.merge_id,
    ]
    # Deleting tb leaves merge records that can never be undone: check reports them.
    customer_svc.delete_customer(shop["tb"])
    assert dup.count_problems() == {"merge_kept_missing": 1}
    assert dup.can_unmerge(second.merge_id) is not None
    # Erasing tb forgets both merges that made it (they hold the merged people's rows).
    assert dup.forget_merges(shop["tb"]) == 2
    assert dup.count_problems() == {}
    assert [h.merge_id for h in dup.merge_history()] == [other.merge_id]


def test_erasing_a_customer_once_merged_forgets_the_undone_merge_that_holds_its_row(
    shop: dict[str, int],
) -> None:
    person, other = shop["jd"], shop["tb"]
    undone = dup.merge(other, person, now=NOW, today=TODAY)
    dup.unmerge(undone.merge_id, now=NOW, today=TODAY)
    kept_merge = dup.merge(person, shop["pdd_zhang"], now=NOW, today=TODAY)
    # The undone merge keeps the person's whole row (merged_row_json) for the history.
    assert dup.forget_merges(person) == 2
    assert not db.execute_sql(
        "SELECT id FROM customer_merge WHERE ?1 IN (kept_id, merged_id) OR id = ?2",
        [person, kept_merge.merge_id],
    ).fetchall()


def test_models_match_the_migration(db_path: Path) -> None:
    from playhouse.schema_diff import diff_models

    from desktop_crm.models.merges import CustomerMerge, NotDuplicate

    diff = diff_models(db, [NotDuplicate, CustomerMerge])
    assert not diff.create_tables and not diff.add_columns and not diff.drop_columns


def test_removed_rows_whose_other_customer_is_gone_follow_their_foreign_key(
    shop: dict[str, int],
) -> None:
    kept, merged, other = shop["tb"], shop["jd"], shop["stranger"]
    dup.mark_not_duplicate(kept, other, now=NOW)
    dup.mark_not_duplicate(merged, other, now=NOW)  # collides with kept's once merged
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    assert _without_loyalty(result.removed) == {"not_duplicate": 1}
    customer_svc.delete_customer(other)
    undone = dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    # The mark went with the customer it named (ON DELETE CASCADE), as it would have anyway.
    assert _without_loyalty(undone.restored) == {} and undone.rows_gone == 1
    assert db.execute_sql("SELECT count(*) FROM not_duplicate").fetchone()[0] == 0
    assert_sound()


def _win_back(customer: int, day: str) -> None:
    fill_row(
        "follow_up", "customer_id", customer, customer,
        {"kind": "win_back", "reason_key": f"win_back:{day}", "title": "回访"},
    )  # fmt: skip


def test_one_active_win_back_per_customer(
    shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _plant_follow_ups(monkeypatch)
    a, b, c = shop["tb"], shop["jd"], shop["pdd_zhang"]
    _win_back(b, "2026-11-01")
    _win_back(c, "2026-11-02")
    first = dup.merge(a, b, now=NOW, today=TODAY)  # b's win-back becomes a's
    second = dup.merge(a, c, now=NOW, today=TODAY)  # c's would be a second one: removed
    assert "follow_up" not in first.removed and second.removed.get("follow_up") == 1
    assert_sound()
    with pytest.raises(dup.UnmergeRefused) as info:
        dup.unmerge(first.merge_id, now=NOW, today=TODAY)  # a would be left with none
    assert info.value.blocking == second.merge_id
    dup.unmerge(second.merge_id, now=NOW, today=TODAY)
    dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    assert_sound()
    # When the kept customer has its own win-back, the later merge relies on nothing moved.
    _win_back(a, "2026-11-03")
    first = dup.merge(a, b, now=NOW, today=TODAY)
    second = dup.merge(a, c, now=NOW, today=TODAY)
    assert first.removed.get("follow_up") == 1 and second.removed.get("follow_up") == 1
    dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    dup.unmerge(second.merge_id, now=NOW, today=TODAY)
    assert_sound()


def test_typed_in_win_backs_always_move(
    shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # "One active win-back per customer" is the rule's: a follow-up the merchant typed in with
    # the kind Win-back is their own work and moves like any other.
    _plant_follow_ups(monkeypatch)
    a, b, c = shop["tb"], shop["jd"], shop["pdd_zhang"]
    _win_back(a, "2026-11-01")
    typed = followups.create_followup(
        followups.FollowUpInput(b, "Send 20% coupon by WeChat", NOW, kind="win_back"), now=NOW
    )
    _win_back(c, "2026-11-02")
    followups.create_followup(followups.FollowUpInput(a, "打电话", NOW, kind="win_back"), now=NOW)
    before = business_dump()
    first = dup.merge(a, b, now=NOW, today=TODAY)
    assert "follow_up" not in first.removed
    assert followups.get_followup(typed).customer_id == a
    assert_sound()
    # The rule's one of the merged customer still makes way for the kept customer's.
    second = dup.merge(a, c, now=NOW, today=TODAY)
    assert second.removed.get("follow_up") == 1
    dup.unmerge(second.merge_id, now=NOW, today=TODAY)
    dup.unmerge(first.merge_id, now=NOW, today=TODAY)
    assert followups.get_followup(typed).customer_id == b
    assert business_dump() == before
    assert_sound()


def test_a_typed_in_win_back_makes_no_room_for_the_rules_one(
    shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kept customer has only a typed-in win-back: the merged customer's rule-made one moves.
    _plant_follow_ups(monkeypatch)
    a, b = shop["tb"], shop["jd"]
    followups.create_followup(followups.FollowUpInput(a, "打电话", NOW, kind="win_back"), now=NOW)
    _win_back(b, "2026-11-01")
    result = dup.merge(a, b, now=NOW, today=TODAY)
    assert "follow_up" not in result.removed
    assert (
        db.execute_sql(
            "SELECT count(*) FROM follow_up WHERE customer_id = ? AND kind = 'win_back'", [a]
        ).fetchone()[0]
        == 2
    )
    assert_sound()


# --- referrals, follow-ups and undo around a merge -----------------------------------------


def _referral_shop(folder: Path) -> tuple[int, int, int]:
    """tb_zhang and jd_zhang (one person), and a referrer with no tie to them."""
    _zhang_shop(folder)
    import_orders(
        folder,
        "taobao",
        [order("taobao", "2039000000000000009", "tb_referrer", phone="13900000009",
               name="钱七", city="宁波市", address="中山路9号")],
    )  # fmt: skip
    return cid("taobao", "tb_zhang"), cid("jd", "jd_zhang"), cid("taobao", "tb_referrer")


def _points(customer: int) -> int:
    return int(
        db.execute_sql(
            "SELECT coalesce(sum(delta), 0) FROM points_entry WHERE customer_id = ?", [customer]
        ).fetchone()[0]
    )


def _referred_by(customer: int) -> int | None:
    row = db.execute_sql(
        "SELECT referred_by_id FROM customer_loyalty WHERE customer_id = ?", [customer]
    ).fetchone()
    return None if row is None else row[0]


def test_the_merged_customers_referrer_stays_and_is_not_paid_twice(
    db_path: Path, tmp_path: Path
) -> None:
    kept, merged, referrer = _referral_shop(tmp_path)
    loyalty.set_referrer(merged, referrer, today=TODAY, now=NOW)
    rewarded = _points(referrer)
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    assert _referred_by(kept) == referrer
    # Naming the same referrer again on the merged whole pays nothing more.
    loyalty.set_referrer(kept, referrer, today=TODAY, now=NOW)
    assert _points(referrer) == rewarded
    # The reward names the customer it was for, who is now the kept one.
    assert db.execute_sql(
        "SELECT count(*) FROM points_entry WHERE referred_id = ?", [merged]
    ).fetchone()[0] == 0  # fmt: skip
    assert_sound()
    dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert _referred_by(merged) == referrer and _referred_by(kept) is None
    assert _points(referrer) == rewarded
    assert db.execute_sql(
        "SELECT count(*) FROM points_entry WHERE referred_id = ?", [merged]
    ).fetchone()[0] == 1  # fmt: skip
    assert_sound()


def test_merging_a_referrer_with_the_customer_they_referred_leaves_no_self_referral(
    db_path: Path, tmp_path: Path
) -> None:
    _kept, referred, referrer = _referral_shop(tmp_path)
    loyalty.set_referrer(referred, referrer, today=TODAY, now=NOW)
    for kept, merged in ((referred, referrer), (referrer, referred)):
        result = dup.merge(kept, merged, now=NOW, today=TODAY)
        assert _referred_by(kept) is None
        assert db.execute_sql(
            "SELECT count(*) FROM customer_loyalty WHERE referred_by_id = customer_id"
        ).fetchone()[0] == 0  # fmt: skip
        assert_sound()
        dup.unmerge(result.merge_id, now=NOW, today=TODAY)
        assert _referred_by(referred) == referrer and _referred_by(referrer) is None
        assert_sound()


def test_a_merge_closes_the_win_back_the_other_customers_purchase_answers(
    db_path: Path, tmp_path: Path
) -> None:
    import_orders(
        tmp_path,
        "taobao",
        [order("taobao", f"20390000000000001{k}", "tb_sun", phone="13700137000", name="孙八",
               day=-300 + 31 * k) for k in range(2)],
    )  # fmt: skip
    import_orders(
        tmp_path,
        "jd",
        [order("jd", "1000000000000077", "jd_sun", phone="13700137000", name="孙八", day=40)],
    )
    kept, merged = cid("taobao", "tb_sun"), cid("jd", "jd_sun")
    open_win_back = (
        "SELECT count(*) FROM follow_up WHERE kind = 'win_back' AND status IN ('open', 'snoozed') "
        "AND customer_id = ?"
    )
    assert db.execute_sql(open_win_back, [kept]).fetchone()[0] == 1
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    assert db.execute_sql(open_win_back, [kept]).fetchone()[0] == 0
    assert_sound()
    dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert db.execute_sql(open_win_back, [kept]).fetchone()[0] == 1
    assert_sound()


def test_undoing_an_import_takes_back_the_reward_for_a_customer_it_removes(
    db_path: Path, tmp_path: Path
) -> None:
    _zhang_shop(tmp_path)
    referrer = cid("taobao", "tb_zhang")
    jd = import_orders(
        tmp_path, "jd", [order("jd", "1000000000000005", "jd_wu", phone="13600136000", name="吴九")]
    )
    before = _points(referrer)
    loyalty.set_referrer(cid("jd", "jd_wu"), referrer, today=TODAY, now=NOW)
    assert _points(referrer) == before + 100
    engine.undo_batch(jd.batch_id, now=NOW, today=TODAY)
    assert _points(referrer) == before
    assert_sound()


def test_undoing_both_the_kept_customers_import_and_the_merge_leaves_no_empty_customer(
    db_path: Path, tmp_path: Path
) -> None:
    _zhang_shop(tmp_path)
    kept, merged = cid("taobao", "tb_zhang"), cid("jd", "jd_zhang")
    taobao_batch = _created_by(kept)
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    engine.undo_batch(taobao_batch, now=NOW, today=TODAY)
    undone = dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    # As if the Taobao import had never been: its customer is gone, not left empty.
    assert undone.kept_removed
    assert db.execute_sql("SELECT count(*) FROM customer WHERE id = ?", [kept]).fetchone()[0] == 0
    assert customer_svc.get_customer(merged).order_count == 1
    assert_sound()
    again = import_orders(tmp_path, "taobao", [order("taobao", "2039000000000000001", "tb_zhang")])
    assert again.customers_added == 1
    assert db.execute_sql("SELECT count(*) FROM customer").fetchone()[0] == 2


def test_a_greeting_already_sent_survives_the_merge(db_path: Path, tmp_path: Path) -> None:
    # Both sides had this year's birthday greeting; the merged side's was done ("sent card").
    # The merge kept the kept side's open one and dropped the done one, so the merchant was
    # asked to greet the person a second time and the record of the card was gone.
    _zhang_shop(tmp_path)
    kept, merged = cid("taobao", "tb_zhang"), cid("jd", "jd_zhang")
    birthday = date(1990, 11, 27)
    for who in (kept, merged):
        Customer.update(birthday=birthday).where(Customer.id == who).execute()
    followups.refresh_automatic(today=TODAY, now=NOW)

    def greetings(who: int) -> list[tuple[str, str]]:
        return [
            (r[0], r[1] or "")
            for r in db.execute_sql(
                "SELECT status, outcome FROM follow_up WHERE customer_id = ? AND kind = "
                "'birthday' ORDER BY id",
                [who],
            ).fetchall()
        ]

    assert greetings(kept) == greetings(merged) == [("open", "")]
    (done,) = [
        r[0]
        for r in db.execute_sql(
            "SELECT id FROM follow_up WHERE customer_id = ? AND kind = 'birthday'", [merged]
        ).fetchall()
    ]
    followups.complete([done], now=NOW, outcome="sent card")
    before = business_dump()
    result = dup.merge(kept, merged, now=NOW, today=TODAY)
    assert greetings(kept) == [("done", "sent card")]
    assert result.removed.get("follow_up") == 1  # the open one, put back by unmerge
    dup.unmerge(result.merge_id, now=NOW, today=TODAY)
    assert greetings(kept) == [("open", "")] and greetings(merged) == [("done", "sent card")]
    assert business_dump() == before


def test_a_row_a_later_merge_made_way_for_blocks_undoing_the_merge_that_brought_it(
    db_path: Path,
) -> None:
    # B's snoozed greeting came to A by merge 1; C's done one then made way for it (merge 2,
    # which removed it). Undoing merge 1 first lost B's greeting and later put it back on A.
    d0, n0 = date(2026, 3, 1), datetime(2026, 3, 1, 9)
    bd = date(1990, 3, 10)
    a, b, c = (
        customer_svc.create_customer(
            customer_svc.CustomerInput(name, birthday=birthday), today=d0, now=n0
        )
        for name, birthday in (("Ann", None), ("Ann B", bd), ("Ann C", bd))
    )

    def greeting(who: int) -> int:
        return int(
            db.execute_sql(
                "SELECT id FROM follow_up WHERE customer_id = ? AND kind = 'birthday'", [who]
            ).fetchone()[0]
        )

    followups.snooze([greeting(b)], until=date(2026, 3, 5), now=n0)
    followups.complete([greeting(c)], now=n0, outcome="sent flowers")

    def state() -> tuple[object, ...]:
        rows = db.execute_sql(
            "SELECT id, customer_id, reason_key, status, due, snoozed_until, outcome "
            "FROM follow_up ORDER BY id"
        ).fetchall()
        return business_dump(), [tuple(r) for r in rows]

    before = state()
    first = dup.merge(a, b, {"birthday": "merged"}, now=n0, today=d0)
    second = dup.merge(a, c, {"birthday": "kept"}, now=n0, today=d0)
    assert second.removed.get("follow_up") == 1
    with pytest.raises(dup.UnmergeRefused) as refused:
        dup.unmerge(first.merge_id, now=n0, today=d0)
    assert refused.value.blocking == second.merge_id
    dup.unmerge(second.merge_id, now=n0, today=d0)
    dup.unmerge(first.merge_id, now=n0, today=d0)
    assert state() == before
