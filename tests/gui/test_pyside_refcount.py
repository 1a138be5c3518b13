"""PySide6 6.12.0 leaks a reference to None on every void call and aborts Python 3.11 after
~5,000 calls (DESIGN §7). 20,000 calls here catch that build if it is ever installed."""

from __future__ import annotations

import sys


def test_twenty_thousand_void_calls_keep_none_alive(qapp) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(20_000):
        label.setText(str(i))
    assert label.text() == "19999"
    # A leak of one reference per call would show as ~20,000 extra references.
    assert sys.getrefcount(None) - before < 1_000
