"""Shares as people read them: one decimal, halves rounded up, the same on every screen."""

from __future__ import annotations

import pytest

from desktop_crm.services.money import format_percent


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (0.125, "12.5%"),
        (0.0625, "6.3%"),  # Python's own formatting says 6.2% (half to even)
        (1 / 3, "33.3%"),
        (2 / 3, "66.7%"),
        (0.00049, "0.0%"),
        (0.0005, "0.1%"),
        (1.0, "100.0%"),
        (0.0, "0.0%"),
    ],
)
def test_format_percent(share: float, text: str) -> None:
    assert format_percent(share) == text
