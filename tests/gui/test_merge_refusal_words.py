"""An unmerge refusal names the fields and rows as the merge review does, in the window's
language (not the database's column and table names)."""

from __future__ import annotations

from desktop_crm.services.duplicates import _field_words
from desktop_crm.views.error_dialog import storage_error_text

HEAD = "Merge 3 cannot be undone yet: merge 5 (张三 into 张三丰, 2026-11-22 10:00) "


def test_columns_are_named_by_their_field_once() -> None:
    assert _field_words({"phone", "phone_norm", "phone_masked", "birthday"}) == "phone, birthday"
    assert _field_words({"province", "city"}) == "address"


def test_fields_and_rows_in_chinese(chinese) -> None:
    changed = HEAD + "changed phone, birthday of the same customer later. Undo merge 5 first."
    shown = storage_error_text(changed)
    assert "电话、生日" in shown and "phone" not in shown
    same = HEAD + "changed the same rows of the same customer later. Undo merge 5 first."
    assert "the same rows" not in storage_error_text(same)
    relies = HEAD + "relies on rows it brought (customer_tag). Undo merge 5 first."
    assert "标签" in storage_error_text(relies) and "customer_tag" not in storage_error_text(relies)


def test_in_english_the_review_words() -> None:
    changed = HEAD + "changed display_name of the same customer later. Undo merge 5 first."
    assert "changed Name of the same customer" in storage_error_text(changed)
