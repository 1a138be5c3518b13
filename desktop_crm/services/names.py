"""How the merchant's words are compared: when two names (tags, tiers, segments) are one,
and what a search box's text is searched as."""

from __future__ import annotations

import re
import unicodedata

# Between the tags of a typed list: commas (half and full width), the Chinese enumeration
# comma and semicolons. A spreadsheet cell may use a few more (see importing/mapping.py).
TAG_LIST_SEPARATORS = ",，、;；"
_TAG_LIST = re.compile(f"[{TAG_LIST_SEPARATORS}]")


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


def split_tag_list(text: str, separators: re.Pattern[str] = _TAG_LIST) -> list[str]:
    """The tags of a typed list ("VIP, 老客户、回头客"), stripped, blanks dropped."""
    return [t.strip() for t in separators.split(text) if t.strip()]
