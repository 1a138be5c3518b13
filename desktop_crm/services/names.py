"""How the merchant's words are compared: when two names (tags, tiers, segments) are one,
and what a search box's text is searched as."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """The key two names share when they are one: surrounding spaces, case and width
    (ＶＩＰ typed by an IME in full-width mode, a decomposed é) do not make a new name.
    Names are stored as typed; only comparisons use the key."""
    return unicodedata.normalize("NFKC", name.strip()).casefold()


def search_text(text: str) -> str:
    """Search text as queried: a NUL (pasted, or copied from a value the forms store exactly)
    ends a string in SQLite (an FTS query's, a LIKE pattern's), so it separates terms like a
    space."""
    return text.replace("\0", " ").strip()
