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


def test_brackets_are_the_language_s(qapp) -> None:  # noqa: ANN001
    # The Dashboard's stage legend, the tag and segment filters and the name tooltips wrote
    # ASCII brackets in Chinese: "活跃 (2)" for "活跃（2）".
    from desktop_crm.app import install_translators
    from desktop_crm.views.labels import bracketed, with_count

    assert with_count("VIP", 1204) == "VIP (1,204)"
    translators = install_translators(qapp, "zh_CN")
    try:
        assert with_count("老客户", 1204) == "老客户（1,204）"
        # A name holding the placeholders stays as written.
        assert bracketed("a%2b", "%1") == "a%2b（%1）"
    finally:
        for t in translators:
            qapp.removeTranslator(t)
