"""Customer records: validation, create/edit/delete, tags, notes, search, cached totals."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_crm.db import db
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.models import ChannelIdentity, Customer, Order
from desktop_crm.services import customer_list as cl
from desktop_crm.services import customers as svc
from desktop_crm.services.totals import count_wrong_totals, recompute_totals


def _make(name: str, now: datetime, today: date, **kw) -> int:
    return svc.create_customer(svc.CustomerInput(name, **kw), today=today, now=now)


@pytest.mark.parametrize(
    "field, kwargs, code",
    [
        ("display_name", {"display_name": "  "}, svc.REQUIRED),
        ("display_name", {"display_name": "x" * 201}, svc.TOO_LONG),
        ("phone", {"phone": "12345"}, svc.PHONE_INVALID),
        ("phone", {"phone": "138-0013-800"}, svc.PHONE_INVALID),
        ("email", {"email": "not-an-email"}, svc.EMAIL_INVALID),
        ("birthday", {"birthday": date(2026, 11, 23)}, svc.BIRTHDAY_FUTURE),
        ("gender", {"gender": "robot"}, svc.GENDER_INVALID),
    ],
)
def test_validation_codes(field: str, kwargs: dict, code: str, today: date) -> None:
    data = svc.CustomerInput(**{"display_name": "张三", **kwargs})
    assert svc.validate(data, today=today) == {field: code}


@pytest.mark.parametrize(
    "raw, stored, masked",
    [
        ("+86 138-0013-8000", "13800138000", False),
        ("13800138000", "13800138000", False),
        ("138****1234", "138****1234", True),
        ("+44 20 7946 0958", "+442079460958", False),
    ],
)
def test_phone_forms_accepted(
    db_path: Path, now, today, raw: str, stored: str, masked: bool
) -> None:
    cid = _make("张三", now, today, phone=raw)
    c = Customer.get_by_id(cid)
    assert (c.phone, bool(c.phone_masked)) == (stored, masked)
    assert c.phone_norm == (None if masked else stored)


def test_invalid_input_writes_nothing(db_path: Path, now, today) -> None:
    with pytest.raises(ValidationError) as info:
        svc.create_customer(svc.CustomerInput("", phone="abc"), today=today, now=now)
    assert info.value.errors == {"display_name": svc.REQUIRED, "phone": svc.PHONE_INVALID}
    assert Customer.select().count() == 0


def test_update_and_tags(db_path: Path, now, today) -> None:
    cid = _make("张三", now, today, tags=["VIP", "老客户"])
    detail = svc.get_customer(cid)
    assert detail.tags == ["VIP", "老客户"]
    data = svc.to_input(detail)
    data.city = "杭州市"
    data.tags = ["vip", "批发"]  # case-insensitive: the existing VIP tag is reused
    later = now + timedelta(hours=1)
    svc.update_customer(cid, data, today=today, now=later)
    detail = svc.get_customer(cid)
    assert detail.city == "杭州市" and detail.updated_at == later
    assert detail.tags == ["VIP", "批发"]
    assert Customer.get_by_id(cid).tags == "VIP, 批发"
    assert [name for _i, name, _n in svc.all_tags()] == ["VIP", "批发", "老客户"]


def test_update_missing_customer(db_path: Path, now, today) -> None:
    with pytest.raises(NotFound):
        svc.update_customer(42, svc.CustomerInput("x"), today=today, now=now)


def test_notes(db_path: Path, now, today) -> None:
    cid = _make("张三", now, today)
    svc.add_note(cid, "first", now=now)
    svc.add_note(cid, "second", now=now + timedelta(minutes=1))
    assert [n.body for n in svc.get_customer(cid).note_entries] == ["second", "first"]
    with pytest.raises(ValidationError):
        svc.add_note(cid, "   ", now=now)


def _order(
    cid: int | None, no: str, when: datetime, status: str, paid: int, refunded: int = 0
) -> None:
    Order.create(
        platform="taobao",
        order_no=no,
        customer=cid,
        ordered_at=when,
        status=status,
        paid=paid,
        refunded=refunded,
        currency="CNY",
    )


def test_cached_totals_equal_a_recount(db_path: Path, now, today) -> None:
    cid = _make("张三", now, today)
    _order(cid, "1", now - timedelta(days=10), "completed", 10000, 2000)
    _order(cid, "2", now - timedelta(days=5), "paid", 5000)
    _order(cid, "3", now - timedelta(days=1), "pending", 0)
    _order(cid, "4", now - timedelta(days=2), "refunded", 3000, 3000)
    assert count_wrong_totals() == 1
    recompute_totals([cid])
    c = Customer.get_by_id(cid)
    assert (c.order_count, c.total_paid) == (2, 13000)
    assert c.first_order_at == now - timedelta(days=10)
    assert c.last_order_at == now - timedelta(days=5)
    assert count_wrong_totals() == 0
    assert [o.order_no for o in svc.purchase_history(cid)] == ["3", "4", "2", "1"]


def test_delete_keeps_orders_and_drops_identities(db_path: Path, now, today) -> None:
    cid = _make("张三", now, today, tags=["VIP"])
    ChannelIdentity.create(platform="taobao", buyer_key="zs", customer=cid, created_at=now)
    _order(cid, "1", now, "completed", 100)
    assert svc.delete_impact(cid) == svc.DeleteImpact(orders=1, identities=1)
    svc.delete_customer(cid)
    assert Customer.select().count() == 0
    assert ChannelIdentity.select().count() == 0
    assert Order.get().customer_id is None
    assert (
        db.execute_sql(
            "SELECT count(*) FROM customer_search WHERE customer_search MATCH '张三'"
        ).fetchone()[0]
        == 0
    )
    with pytest.raises(NotFound):
        svc.delete_customer(cid)


def test_search_by_name_phone_email_tag(db_path: Path, now, today) -> None:
    a = _make("张伟", now, today, phone="13800138000", email="Zhang@Example.com", tags=["VIP"])
    b = _make("李娜", now, today, real_name="Li Na", phone="139****4321")
    c = _make("100%_off fan", now, today)

    def ids(text: str, **kw) -> list[int]:
        return cl.list_ids(cl.CustomerFilter(text=text, **kw))

    assert ids("张伟") == [a]  # 2 characters: LIKE fallback
    assert ids("张") == [a]
    assert ids("0013") == [a]
    assert ids("138 0013 8000") == [a]
    assert ids("+86 138-0013-8000") == [a]  # as README's accepted phone forms write it
    assert ids("0086 13800138000") == [a]
    assert ids("+86 138") == [a]
    assert ids("zhang@example") == [a]  # case-insensitive
    assert ids("vip") == [a]
    assert ids("4321") == [b]
    assert ids("li na") == [b]
    assert ids("%") == [c]  # wildcard escaped
    assert ids("_") == [c]
    assert ids("nobody") == []
    assert sorted(ids("")) == sorted([a, b, c])
    # A NUL pasted into the box (a stored value may hold one) ended the FTS query's string:
    # "unterminated string" escaped as an internal error. It separates terms, like a space.
    assert ids("张伟\0") == [a] and ids("li\0na") == [b] and sorted(ids("\0")) == sorted([a, b, c])
    from desktop_crm.services import order_list

    assert order_list.list_ids(order_list.OrderFilter(text="abc\0")) == []
    tag_id = svc.all_tags()[0][0]
    assert ids("", tag_id=tag_id) == [a]


def test_search_finds_a_customer_by_platform_account_after_a_rename(
    db_path: Path, now, today
) -> None:
    # Merchants search by the buyer's Taobao nickname; once the customer was renamed, the
    # nickname (kept as the platform account) found nobody.
    a = _make("梅梅改名", now, today)
    ChannelIdentity.create(platform="taobao", buyer_key="lucky梅000296", customer=a, created_at=now)
    _make("someone else", now, today)
    for text in ("lucky梅000296", "000296", "梅0", "LUCKY"):
        assert cl.list_ids(cl.CustomerFilter(text=text)) == [a], text
    assert cl.list_ids(cl.CustomerFilter(text="梅梅")) == [a]


def test_sorting_and_rows(db_path: Path, now, today) -> None:
    a = _make("b-second", now, today, city="上海市")
    b = _make("A-first", now, today)
    _order(a, "1", now, "completed", 500)
    recompute_totals()
    assert cl.list_ids(cl.CustomerFilter(), "name") == [b, a]
    assert cl.list_ids(cl.CustomerFilter(), "total_paid", descending=True) == [a, b]
    assert cl.list_ids(cl.CustomerFilter(), "city") == [a, b]  # NULL last
    assert cl.list_ids(cl.CustomerFilter(), "city", descending=True) == [a, b]
    rows = cl.fetch_rows([a, b, 999])
    assert set(rows) == {a, b}
    assert rows[a].total_paid == 500 and rows[a].last_order_at == now
    assert cl.count() == 2


def test_check_finds_a_customer_missing_from_the_search_index(db_path: Path, now, today) -> None:
    from desktop_crm.services.check import run_check

    _make("张伟", now, today)
    assert run_check().ok
    # An inserter that sets search_body must index the row itself (the import engine does,
    # in bulk); one that forgets is caught by check and repaired by --fix.
    db.execute_sql(
        "INSERT INTO customer (display_name, search_body, created_at, updated_at) "
        "VALUES ('Lina Li', 'Lina Li    ', '2026-01-01', '2026-01-01')"
    )
    report = run_check()
    assert report.problems == {"search_index": 1}
    assert cl.list_ids(cl.CustomerFilter(text="Lina")) == []  # not in the trigram index yet
    assert run_check(fix=True).ok
    assert len(cl.list_ids(cl.CustomerFilter(text="Lina"))) == 1


def test_a_province_is_stored_by_its_official_name_and_old_short_names_are_rewritten(
    db_path: Path, now, today, tmp_path: Path
) -> None:
    # `北京` (a Shopify or hand-typed address) and `北京市` (Taobao's) were two provinces in the
    # filter's list and the dashboard's chart.
    import importlib.util

    from desktop_crm import db as dbmod
    from desktop_crm.services.importing import engine
    from desktop_crm.services.importing.records import ParsedOrder
    from desktop_crm.services.importing.samples import write_export

    typed = _make("手录", now, today, province="广东")
    assert svc.get_customer(typed).province == "广东省"
    order = ParsedOrder(
        row=0, platform="shopify", order_no="#9001", ordered_at=datetime(2026, 10, 1, 9),
        status="completed", paid=1000, currency="CNY", buyer_key="a@example.com",
        email="a@example.com", buyer_name="A", province="北京", city="北京",
    )  # fmt: skip
    engine.import_file(write_export("shopify", [order], tmp_path / "orders_export.csv"), now=now)
    assert Customer.get(Customer.email_norm == "a@example.com").province == "北京市"
    assert Order.get(Order.order_no == "#9001").province == "北京市"
    # Rows stored before: the migration rewrites them in one pass; others stay as they are.
    db.execute_sql("UPDATE customer SET province = '北京' WHERE id = ?", (typed,))
    db.execute_sql("UPDATE orders SET province = '内蒙古'")
    outside = _make("Abroad", now, today, province="California")
    path = dbmod.MIGRATIONS_DIR / "0010_official_province_names.py"
    spec = importlib.util.spec_from_file_location("m0010", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.up(None, db)
    assert svc.get_customer(typed).province == "北京市"
    assert svc.get_customer(outside).province == "California"
    assert Order.get(Order.order_no == "#9001").province == "内蒙古自治区"
    # The province filter takes the name as merchants say it, short or official.
    for typed_name in ("北京", "北京市", " 北京 ", "Beijing", "beijing"):
        assert typed in cl.list_ids(cl.CustomerFilter(province=typed_name)), typed_name
    assert cl.list_ids(cl.CustomerFilter(province="California")) == [outside]
    # Pinyin finds the Chinese name, and a province stored in pinyin is still found as typed.
    pinyin = _make("Zhe", now, today, province="Zhejiang")
    zhe = _make("浙", now, today, province="浙江")
    assert sorted(cl.list_ids(cl.CustomerFilter(province="Zhejiang"))) == sorted([pinyin, zhe])
    assert cl.list_ids(cl.CustomerFilter(province="Inner Mongolia")) == []


def test_tags_differing_only_in_case_are_one_tag(db_path: Path, now, today) -> None:
    # `VIP, vip` in the form raised an IntegrityError (the same tag given twice).
    cid = _make("tagtest", now, today, tags=["VIP", "vip", " VIP "])
    assert svc.get_customer(cid).tags == ["VIP"]
    svc.set_tags(cid, ["老客户", "vip", "VIP"], now=now)
    assert sorted(svc.get_customer(cid).tags) == ["VIP", "老客户"]
    # An IME in full-width mode types ＶＩＰ: the same tag, not a second "VIP".
    other = _make("全角", now, today, tags=["ＶＩＰ", "新客"])
    assert sorted(svc.get_customer(other).tags) == ["VIP", "新客"]
    svc.set_tags(other, ["ｖｉｐ", "老客户"], now=now)
    assert sorted(svc.get_customer(other).tags) == ["VIP", "老客户"]
    assert [name for _id, name, *_ in svc.all_tags()].count("VIP") == 1


def test_a_birthday_typed_in_moves_or_withdraws_its_greeting_at_once(db_path: Path) -> None:
    # The greeting followed a corrected birthday only at the next start-up or import: until
    # then the Today page asked for a greeting on the wrong day, or for a birthday removed.
    today, now = date(2026, 11, 22), datetime(2026, 11, 22, 10, 0)

    def greeting() -> list[tuple[str, str]]:
        return [
            (r[0], r[1][:10])
            for r in db.execute_sql(
                "SELECT status, due FROM follow_up WHERE kind = 'birthday' ORDER BY id"
            ).fetchall()
        ]

    cid = svc.create_customer(
        svc.CustomerInput("小美", birthday=date(1990, 12, 2)), today=today, now=now
    )
    assert greeting() == [("open", "2026-11-25")]  # 7 days ahead, made at once
    svc.update_customer(
        cid, svc.CustomerInput("小美", birthday=date(1990, 12, 4)), today=today, now=now
    )
    assert greeting() == [("open", "2026-11-27")]
    svc.update_customer(cid, svc.CustomerInput("小美"), today=today, now=now)
    assert [status for status, _due in greeting()] == ["cancelled"]


def test_an_edit_checks_what_was_typed_not_what_an_import_stored(db_path: Path, now, today) -> None:
    # An import keeps what the export says: a landline, a long address, a long name, an
    # e-mail the form would not take. Editing the name alone must still save, and keep them.
    cid = _make("买家", now, today)
    odd = {
        "real_name": "名" * 300, "phone": "0571-88888888", "phone_norm": None,
        "email": "not-an-email", "address": "很长的地址" * 500, "city": "杭" * 250,
        "birthday": date(1880, 1, 1),
    }  # fmt: skip
    Customer.update(**odd).where(Customer.id == cid).execute()
    stored = Customer.get_by_id(cid)
    form = svc.CustomerInput(
        "新名字", real_name=stored.real_name, phone=stored.phone, email=stored.email,
        birthday=stored.birthday, city=stored.city, address=stored.address, tags=["老客户"],
    )  # fmt: skip
    svc.update_customer(cid, form, today=today, now=now)
    after = Customer.get_by_id(cid)
    assert after.display_name == "新名字"
    assert {k: getattr(after, k) for k in odd} == odd
    assert svc.get_customer(cid).tags == ["老客户"]
    # What is typed is checked as ever: a changed phone or address must be valid.
    for changed, code in (
        ({"phone": "12345"}, svc.PHONE_INVALID),
        ({"address": "新" * 2001}, svc.TOO_LONG),
        ({"birthday": date(1880, 1, 2)}, svc.BIRTHDAY_TOO_OLD),
    ):
        with pytest.raises(ValidationError) as info:
            svc.update_customer(cid, dataclasses.replace(form, **changed), today=today, now=now)
        assert info.value.errors == {next(iter(changed)): code}
    # Emptied, a field is simply cleared.
    svc.update_customer(cid, dataclasses.replace(form, phone="", email=""), today=today, now=now)
    assert (Customer.get_by_id(cid).phone, Customer.get_by_id(cid).email) == (None, None)


def test_search_typed_in_full_width_finds_what_half_width_finds(db_path: Path, now, today) -> None:
    # A Chinese input method in full-width mode types ＶＩＰ and １３８…: such a search found
    # nobody, though README says ＶＩＰ and VIP are one tag and number boxes read these digits.
    a = _make("张伟", now, today, phone="13800138000", email="zhang@example.com", tags=["VIP"])
    ChannelIdentity.create(platform="taobao", buyer_key="tb_lucky", customer=a, created_at=now)
    b = _make("ＪＡＣＫ小店", now, today)  # stored as typed (full width): still found so
    _make("someone else", now, today)

    def ids(text: str) -> list[int]:
        return cl.list_ids(cl.CustomerFilter(text=text))

    assert cl.search_terms("ＶＩＰ\u3000１０２４") == ["VIP", "1024"]
    assert ids("ＶＩＰ") == ids("ｖｉｐ") == [a]  # 3+ characters: the trigram index
    assert ids("ＶＩ") == [a]  # 1-2 characters: LIKE
    assert ids("１３８０") == ids("１３８\u3000００１３\u3000８０００") == [a]
    assert ids("＋８６\u3000１３８－００１３－８０００") == [a]
    assert ids("ｚｈａｎｇ＠ｅｘａｍｐｌｅ") == [a]
    assert ids("ｔｂ＿ｌｕｃｋｙ") == ids("ｔｂ") == [a]  # the platform account too
    assert ids("ＶＩＰ 张") == [a]
    assert ids("ＪＡＣＫ") == ids("ＪＡ") == [b]
    assert ids("％") == []  # a full-width % is a percent sign, not a wildcard
