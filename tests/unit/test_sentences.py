"""Translated sentences joined as each language spaces them."""

from __future__ import annotations

from desktop_crm.views.labels import sentences


def test_english_sentences_get_a_space_chinese_ones_none() -> None:
    assert sentences("Referred by Li.", "Referred 2 customers.") == (
        "Referred by Li. Referred 2 customers."
    )
    assert sentences("没有推荐人。", "已推荐 0 位客户。") == "没有推荐人。已推荐 0 位客户。"
    assert sentences("明天到期", "（已推迟）") == "明天到期（已推迟）"
    assert sentences("Due tomorrow", "(snoozed)") == "Due tomorrow (snoozed)"
    assert sentences("", "Only this.", "") == "Only this."
