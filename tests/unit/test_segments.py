"""Customer filters (analytics, tier, province, spend) combined with AND, and saved segments."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_crm.db import db
from desktop_crm.errors import NotFound, ValidationError
from desktop_crm.models import Customer, Order
from desktop_crm.services import analytics as an
from desktop_crm.services import customer_list as cl
from desktop_crm.services import customers as customer_svc
from desktop_crm.services import segments as seg
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.settings import set_setting
from desktop_crm.services.totals import recompute_totals

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    an.clear_cache()


def ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), datetime.min.time()).replace(hour=12)


def make(name: str, buys: list[tuple[int, int]], **kw: object) -> int:
    """A customer with purchases [(days ago, paid in fen)]."""
    cid = int(Customer.create(display_name=name, created_at=NOW, updated_at=NOW, **kw).id)
    for days, paid in buys:
        Order.create(
            platform="taobao", order_no=f"S{next(_numbers)}", customer=cid, ordered_at=ago(days),
            status="completed", paid=paid, currency="CNY",
        )  # fmt: skip
    return cid


@pytest.fixture
def people(db_path: Path) -> dict[str, int]:
    """Means over buyers: R (10+35+200+200+60)/5 = 101, F 10/5 = 2, M 7,110.00/5 = 1,422.00.

    vip: important_value, active; fresh: general_develop, active; keep: important_keep, lost,
    churn warning (every 10 days, silent for 200); cheap: general_winback, lost; churner:
    general_value (F 2 = the mean), active, churn warning (every 10 days, silent for 60).
    """
    set_setting("currency", "CNY")
    ids = {
        "vip": make("vip 张伟", [(10, 100000), (40, 100000), (70, 100000)], province="浙江省",
                    source_platform="taobao"),
        "fresh": make("fresh 李娜", [(35, 100000)], province="浙江省", source_platform="jd"),
        "keep": make("keep", [(200, 100000), (210, 100000), (220, 100000)], province="广东省"),
        "cheap": make("cheap", [(200, 1000)], province="浙江省"),
        "churner": make("churner", [(60, 5000), (70, 5000)], province="浙江省",
                        source_platform="taobao"),
        "prospect": make("prospect", [], province="浙江省"),
    }  # fmt: skip
    recompute_totals()
    gold = db.execute_sql("SELECT id FROM tier WHERE name = 'Gold'").fetchone()[0]
    db.execute_sql(
        "INSERT INTO customer_loyalty (customer_id, tier_id) VALUES (?, ?), (?, ?)",
        (ids["vip"], gold, ids["keep"], gold),
    )
    return ids


def names(flt: CustomerFilter, sort: str = "name", descending: bool = False) -> list[str]:
    ids = cl.list_ids(flt, sort, descending, today=TODAY)
    rows = cl.fetch_rows(ids)
    assert cl.count(flt, today=TODAY) == len(ids)
    return [rows[i].display_name for i in ids]


def tier_id(name: str) -> int:
    return int(db.execute_sql("SELECT id FROM tier WHERE name = ?", (name,)).fetchone()[0])


def test_each_filter(people: dict[str, int]) -> None:
    assert names(CustomerFilter(stage="active")) == ["churner", "fresh 李娜", "vip 张伟"]
    assert names(CustomerFilter(stage="prospect")) == ["prospect"]
    assert names(CustomerFilter(stage="lost")) == ["cheap", "keep"]
    assert names(CustomerFilter(rfm_class="important_value")) == ["vip 张伟"]
    assert names(CustomerFilter(rfm_class="important_keep")) == ["keep"]
    assert names(CustomerFilter(rfm_class="general_develop")) == ["fresh 李娜"]
    assert names(CustomerFilter(rfm_class="general_value")) == ["churner"]
    assert names(CustomerFilter(rfm_class="general_winback")) == ["cheap"]
    assert names(CustomerFilter(churn_warning=True)) == ["churner", "keep"]
    assert names(CustomerFilter(tier_id=tier_id("Gold"))) == ["keep", "vip 张伟"]
    # The base tier holds everybody without a loyalty row.
    assert names(CustomerFilter(tier_id=tier_id("Member"))) == [
        "cheap",
        "churner",
        "fresh 李娜",
        "prospect",
    ]
    assert names(CustomerFilter(tier_id=tier_id("Diamond"))) == []
    assert names(CustomerFilter(province="广东省")) == ["keep"]
    assert names(CustomerFilter(platform="jd")) == ["fresh 李娜"]
    assert names(CustomerFilter(min_spend=100000, max_spend=100000)) == ["fresh 李娜"]
    assert names(CustomerFilter(min_spend=300000)) == ["keep", "vip 张伟"]
    assert names(CustomerFilter(max_spend=0)) == ["prospect"]


def test_filters_combine_with_and_and_keep_search_and_sorting(people: dict[str, int]) -> None:
    tag = customer_svc.create_customer(
        customer_svc.CustomerInput("tagged", tags=["VIP"]), today=TODAY, now=NOW
    )
    vip_tag = customer_svc.all_tags()[0][0]
    db.execute_sql(
        "INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)", (people["vip"], vip_tag)
    )
    assert tag
    flt = CustomerFilter(stage="active", province="浙江省", min_spend=10001)
    assert names(flt) == ["fresh 李娜", "vip 张伟"]
    assert names(flt, "total_paid", descending=True) == ["vip 张伟", "fresh 李娜"]
    assert names(CustomerFilter(text="张伟", stage="active")) == ["vip 张伟"]  # LIKE path
    assert names(CustomerFilter(text="fresh", stage="active")) == ["fresh 李娜"]  # FTS path
    assert names(CustomerFilter(text="fresh", stage="lost")) == []
    assert names(CustomerFilter(tag_id=vip_tag, tier_id=tier_id("Gold"))) == ["vip 张伟"]
    assert names(CustomerFilter(tag_id=vip_tag, stage="prospect")) == ["tagged"]
    assert names(CustomerFilter(stage="prospect", rfm_class="important_value")) == []
    assert names(CustomerFilter(stage="active", churn_warning=True, platform="taobao")) == [
        "churner"
    ]
    assert names(CustomerFilter(rfm_class="important_value", churn_warning=True)) == []


def test_filter_validation_and_json() -> None:
    with pytest.raises(ValueError):
        CustomerFilter(stage="sleepy")
    with pytest.raises(ValueError):
        CustomerFilter(rfm_class="vip")
    flt = CustomerFilter(text="张", stage="active", churn_warning=True, min_spend=100)
    assert flt.to_dict() == {
        "text": "张",
        "stage": "active",
        "churn_warning": True,
        "min_spend": 100,
    }
    assert CustomerFilter.from_json(flt.to_json()) == flt
    assert CustomerFilter.from_json("{}").is_empty
    with pytest.raises(ValueError):
        CustomerFilter.from_json('{"colour": "red"}')
    assert flt.needs_today and not CustomerFilter(province="x").needs_today


# --- segments ------------------------------------------------------------------------------


def test_segment_crud(people: dict[str, int]) -> None:
    flt = CustomerFilter(stage="active", province="浙江省")
    sid = seg.save_segment("  浙江活跃  ", flt, now=NOW)
    info = seg.get_segment(sid)
    assert (info.name, info.filter, info.created_at) == ("浙江活跃", flt, NOW)
    assert seg.segment_count(sid, today=TODAY) == 3
    assert sorted(seg.segment_ids(info, today=TODAY)) == sorted(
        [people["vip"], people["fresh"], people["churner"]]
    )
    with pytest.raises(ValidationError) as err:
        seg.save_segment("浙江活跃", CustomerFilter(), now=NOW)
    assert err.value.errors == {"name": seg.NOT_UNIQUE}
    seg.save_segment("Lost", CustomerFilter(stage="lost"), now=NOW)
    with pytest.raises(ValidationError) as err:
        seg.save_segment("lost", CustomerFilter(), now=NOW)  # case-insensitive
    assert err.value.errors == {"name": seg.NOT_UNIQUE}
    with pytest.raises(ValidationError) as err:
        seg.save_segment("ＬＯＳＴ", CustomerFilter(), now=NOW)  # and width-insensitive
    assert err.value.errors == {"name": seg.NOT_UNIQUE}
    assert seg.validate_segment("", CustomerFilter()) == {"name": seg.REQUIRED}
    assert seg.validate_segment("x" * 101, CustomerFilter()) == {"name": seg.TOO_LONG}
    later = NOW + timedelta(hours=1)
    seg.save_segment("浙江活跃", CustomerFilter(stage="active"), now=later, segment_id=sid)
    assert seg.get_segment(sid).updated_at == later
    assert seg.segment_count(sid, today=TODAY) == 3
    seg.rename_segment(sid, "Active", now=later)
    assert [s.name for s in seg.list_segments()] == ["Active", "Lost"]
    assert seg.segment_counts(today=TODAY) == {"Active": 3, "Lost": 2}
    assert seg.resolve_segment(" ACTIVE ").id == sid
    with pytest.raises(NotFound, match="Active, Lost"):
        seg.resolve_segment("nope")
    seg.delete_segment(sid)
    with pytest.raises(NotFound):
        seg.delete_segment(sid)
    with pytest.raises(NotFound):
        seg.get_segment(sid)
    assert [s.name for s in seg.list_segments()] == ["Lost"]


def test_segment_count_is_live(people: dict[str, int]) -> None:
    sid = seg.save_segment("prospects", CustomerFilter(stage="prospect"), now=NOW)
    assert seg.segment_count(sid, today=TODAY) == 1
    make("another", [])
    assert seg.segment_count(sid, today=TODAY) == 2
    Order.create(
        platform="taobao", order_no="late", customer=people["prospect"], ordered_at=ago(1),
        status="paid", paid=100, currency="CNY",
    )  # fmt: skip
    assert seg.segment_count(sid, today=TODAY) == 1
    # Another day: the same definition, other members (fresh is no longer new or active).
    sid2 = seg.save_segment("active", CustomerFilter(stage="active"), now=NOW)
    assert seg.segment_count(sid2, today=TODAY + timedelta(days=200)) == 0


def test_segment_model_matches_the_migration(db_path: Path) -> None:
    from playhouse.schema_diff import diff_models

    from desktop_crm.models.segments import Segment

    diff = diff_models(db, [Segment])
    assert not diff.create_tables and not diff.add_columns and not diff.drop_columns
    assert "segment_name" in {i.name for i in db.get_indexes("segment")}


def test_without_the_loyalty_schema(
    people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_crm.services import exports

    monkeypatch.setattr(an, "has_tiers", lambda: False)
    assert names(CustomerFilter(tier_id=1)) == []
    assert an.customers_by_tier() == []
    assert "tier" not in exports.resolve_columns(None)
    with pytest.raises(NotFound):
        exports.selection(tier="Gold")
