"""Text the merchant types is kept without the spaces and invisible characters at its ends: a
title made only of a zero-width space (pasted from a chat or a web page) is no title."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from desktop_crm.errors import ValidationError
from desktop_crm.services import customers as svc
from desktop_crm.services import feedback as fb
from desktop_crm.services import followups as fu
from desktop_crm.services import segments
from desktop_crm.services.customer_list import CustomerFilter
from desktop_crm.services.feedback import FeedbackInput
from desktop_crm.services.followups import FollowUpInput
from desktop_crm.services.text import typed_text

NOW = datetime(2026, 11, 22, 10, 0)
INVISIBLE = "\u200b \ufeff\u2060\u3000\u200c"


def test_typed_text_drops_invisible_ends_only() -> None:
    assert typed_text(INVISIBLE) == ""
    assert typed_text(None) == ""
    assert typed_text("\u200b 回访 \ufeff") == "回访"
    family = "👨\u200d👩\u200d👧"  # joiners inside an emoji sequence stay
    assert typed_text(f" {family}\u200b") == family


def test_a_form_of_invisible_characters_is_refused(db_path: Path) -> None:
    with pytest.raises(ValidationError) as err:
        svc.create_customer(svc.CustomerInput(display_name=INVISIBLE), today=NOW.date(), now=NOW)
    assert err.value.errors["display_name"] == "required"
    cid = svc.create_customer(
        svc.CustomerInput(display_name="\u200b小王\u200b", tags=["\u200b", "VIP\ufeff"]),
        today=NOW.date(), now=NOW,
    )  # fmt: skip
    assert svc.get_customer(cid).display_name == "小王"
    assert [name for _i, name, _n in svc.all_tags()] == ["VIP"]
    with pytest.raises(ValidationError):
        svc.add_note(cid, INVISIBLE, now=NOW)
    assert fu.validate(FollowUpInput(cid, INVISIBLE, NOW))["title"] == "required"
    with pytest.raises(ValidationError) as err:
        fb.log_feedback(FeedbackInput(cid, "praise", INVISIBLE), now=NOW)
    assert err.value.errors["content"] == "required"
    assert segments.validate_segment(INVISIBLE, CustomerFilter())["name"] == "required"
