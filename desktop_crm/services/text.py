"""Text the merchant types, as the services keep it."""

from __future__ import annotations

import re

# Spaces (ideographic ones too) and the invisible format characters a paste from a chat or a
# web page brings: zero-width space, non-joiner and joiner, word joiner, byte order mark.
_ENDS = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def typed_text(text: str | None) -> str:
    """`text` without the spaces and invisible characters at its ends: a title made only of
    them is empty (so refused where one is required). Inside the text they stay (a joiner
    inside an emoji sequence)."""
    return _ENDS.sub("", text or "")
