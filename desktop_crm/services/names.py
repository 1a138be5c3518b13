"""When two names the merchant gives (tags, tiers, segments) are the same name."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """The key two names share when they are one: surrounding spaces, case and width
    (ＶＩＰ typed by an IME in full-width mode, a decomposed é) do not make a new name.
    Names are stored as typed; only comparisons use the key."""
    return unicodedata.normalize("NFKC", name.strip()).casefold()
