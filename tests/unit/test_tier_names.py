"""Two tiers never show the same name, in any language the program ships: the default tiers
are stored in English ("Gold") and shown translated (金卡会员)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_crm.errors import ValidationError
from desktop_crm.services import loyalty
from desktop_crm.services.loyalty_tiers import TierInput, tier_name_keys, validate_tier

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)


def _tier(name: str) -> loyalty.TierInfo:
    found = loyalty.tier_by_name(name)
    assert found is not None
    return found


@pytest.mark.parametrize(
    "renamed, to",
    [
        ("Silver", "金卡会员"),  # what the Gold tier shows in Chinese
        ("Silver", " 金卡会员 "),
        ("Member", "钻石会员"),
        ("Diamond", "银卡会员"),
    ],
)
def test_a_tier_cannot_take_the_name_another_shows_in_chinese(
    db_path: Path, renamed: str, to: str
) -> None:
    tier = _tier(renamed)
    data = TierInput(to, tier.threshold, tier.multiplier, tier.benefits)
    assert validate_tier(data, tier.id) == {"name": "not_unique"}
    with pytest.raises(ValidationError) as refused:
        loyalty.save_tier(data, tier.id, today=TODAY, now=NOW)
    assert refused.value.errors == {"name": "not_unique"}
    assert [t.name for t in loyalty.list_tiers()] == ["Member", "Silver", "Gold", "Diamond"]


def test_a_new_tier_cannot_take_a_default_tiers_chinese_name(db_path: Path) -> None:
    assert validate_tier(TierInput("金卡会员", 9_000_000, "1")) == {"name": "not_unique"}


def test_a_default_name_cannot_be_taken_by_a_tier_already_shown_that_way(
    db_path: Path,
) -> None:
    # Gold renamed to 金卡会员 (as typed): a tier renamed to "Gold" would show 金卡会员 too.
    gold, silver = _tier("Gold"), _tier("Silver")
    loyalty.save_tier(TierInput("金卡会员", gold.threshold, "1"), gold.id, today=TODAY, now=NOW)
    data = TierInput("gold", silver.threshold, "1")
    assert validate_tier(data, silver.id) == {}  # "gold" is shown as typed in Chinese too
    assert validate_tier(TierInput("Gold", silver.threshold, "1"), silver.id) == {
        "name": "not_unique"
    }


def test_a_tier_keeps_its_own_name_in_either_language(db_path: Path) -> None:
    gold = _tier("Gold")
    for name in ("Gold", "金卡会员"):
        assert validate_tier(TierInput(name, gold.threshold, "1"), gold.id) == {}


def test_a_save_of_several_tiers_refuses_the_clash_and_allows_the_swap(db_path: Path) -> None:
    gold, silver = _tier("Gold"), _tier("Silver")
    with pytest.raises(loyalty.TierRowInvalid) as refused:
        loyalty.save_membership(
            None, [], [(silver.id, TierInput("金卡会员", silver.threshold, "1"))],
            today=TODAY, now=NOW,
        )  # fmt: skip
    assert (refused.value.row, refused.value.errors) == (0, {"name": "not_unique"})
    # Gold renamed away in the same change: 金卡会员 is then free.
    loyalty.save_membership(
        None, [],
        [(silver.id, TierInput("金卡会员", silver.threshold, "1")),
         (gold.id, TierInput("Premium", gold.threshold, "1"))],
        today=TODAY, now=NOW,
    )  # fmt: skip
    assert [t.name for t in loyalty.list_tiers()] == ["Member", "金卡会员", "Premium", "Diamond"]


def test_name_keys_fold_case_and_width_in_each_language() -> None:
    assert tier_name_keys("Gold") == {("en", "gold"), ("zh_CN", "金卡会员")}
    assert tier_name_keys(" ＧＯＬＤ ") == {("en", "gold"), ("zh_CN", "gold")}
    assert tier_name_keys("金卡会员") == {("en", "金卡会员"), ("zh_CN", "金卡会员")}
