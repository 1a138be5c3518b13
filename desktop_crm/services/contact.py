"""Phone numbers, e-mail addresses and masks: one place decides what is valid and what matches."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s\-().\u3000]")
# ASCII digits only: text is NFKC-normalised first (full-width １３８… becomes 138…), and a
# digit of another script must not end up in a phone's matching form.
_MAINLAND = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$", re.ASCII)
_E164 = re.compile(r"^\+[1-9]\d{6,14}$", re.ASCII)
# 138****1234, 138*****234, 1**********, +86 138****1234: digits with a run of mask characters.
_MASKED = re.compile(r"^(?:\+?86)?\d{0,4}[*＊xX•]{3,}\d{0,4}$", re.ASCII)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone as stored: `text` shown, `norm` used for matching (None when masked)."""

    text: str
    norm: str | None
    masked: bool


def parse_phone(raw: str) -> Phone | None:
    """Read a phone typed or imported; None when it is not a phone we accept.

    Accepted: a mainland mobile (with or without +86), an E.164 number, or a masked form such
    as 138****1234 (stored as given and flagged; never used alone to match two people).
    """
    if len(raw) == 11 and raw[0] == "1" and raw.isascii() and raw.isdigit() and raw[1] > "2":
        return Phone(raw, raw, False)  # the common case, 13800138000, without the regexes
    if not raw.isascii():
        raw = unicodedata.normalize("NFKC", raw)
    text = raw.strip().lstrip("'").strip()
    if not text:
        return None
    compact = _SEPARATORS.sub("", text).replace("＋", "+")
    mainland = _MAINLAND.match(compact)
    if mainland:
        number = mainland.group(1)
        return Phone(number, number, False)
    if _MASKED.match(compact):
        return Phone(compact, None, True)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if _E164.match(compact):
        return Phone(compact, compact, False)
    return None


def is_masked_phone(raw: str) -> bool:
    """True for forms like 138****1234."""
    if not raw.isascii():
        raw = unicodedata.normalize("NFKC", raw)
    return bool(_MASKED.match(_SEPARATORS.sub("", raw.strip())))


def mask_phone(text: str | None) -> str:
    """Show at most the first 3 and last 4 digits of a phone (138****1234)."""
    if not text:
        return ""
    digits = text.lstrip("+")
    if len(digits) < 8:
        return "****"
    return digits[:3] + "****" + digits[-4:]


def normalize_email(raw: str) -> str | None:
    """Lower-cased, trimmed e-mail when its syntax is valid, else None."""
    text = raw.strip()
    if not text or not _EMAIL.match(text):
        return None
    return text.lower()


def mask_address(address: str | None, province: str | None, city: str | None) -> str:
    """An address with the street removed: province and city only."""
    return " ".join(p for p in (province, city) if p)
