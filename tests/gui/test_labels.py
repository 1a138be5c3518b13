"""Words for the services' codes: validation messages say the limit they enforce."""

from __future__ import annotations

from desktop_crm.views.labels import validation_message


def test_too_long_gives_the_limit_when_known(qapp) -> None:
    assert validation_message("too_long", limit=20000) == "At most 20,000 characters."
    assert validation_message("too_long", limit=100) == "At most 100 characters."


def test_callers_without_a_limit_keep_the_general_words(qapp) -> None:
    assert validation_message("too_long") == "This is too long."
    assert validation_message("required", limit=5) == "This field is required."
    assert validation_message("some_code") == "some_code"
