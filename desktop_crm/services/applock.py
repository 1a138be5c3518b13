"""The merchant's lock: an optional password and the idle time after which the app locks.

A privacy screen for a shared or unattended laptop, not encryption (that is a separate
setting). The password is kept only as a salted PBKDF2-SHA256 hash in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from desktop_crm.errors import ValidationError
from desktop_crm.services.settings import get_setting, set_setting

KEY = "app_lock"
ITERATIONS = 200_000
MIN_LENGTH = 4


@dataclass(frozen=True, slots=True)
class LockSettings:
    """Lock after `idle_minutes` without input (0: never); a password when `has_password`."""

    idle_minutes: int
    has_password: bool


def lock_settings() -> LockSettings:
    value = get_setting(KEY) or {}
    return LockSettings(int(value.get("idle_minutes", 0)), bool(value.get("hash")))


def set_idle_minutes(minutes: int) -> None:
    """Lock after this many idle minutes (0 turns the idle lock off)."""
    if not 0 <= minutes <= 24 * 60:
        raise ValidationError({"idle_minutes": "out_of_range"})
    value = dict(get_setting(KEY) or {})
    value["idle_minutes"] = int(minutes)
    set_setting(KEY, value)


def _hash(password: str, salt: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS).hex()


def set_password(password: str | None) -> None:
    """Set (or, with None or "", remove) the unlock password."""
    value = dict(get_setting(KEY) or {})
    if not password:
        value.pop("hash", None)
        value.pop("salt", None)
    else:
        if len(password) < MIN_LENGTH:
            raise ValidationError({"password": "too_short"})
        salt = os.urandom(16)
        value.update(salt=salt.hex(), hash=_hash(password, salt))
    set_setting(KEY, value)


def check_password(password: str) -> bool:
    """True when no password is set, or when `password` is the one set."""
    value = get_setting(KEY) or {}
    if not value.get("hash"):
        return True
    expected = str(value["hash"])
    return hmac.compare_digest(_hash(password, bytes.fromhex(str(value["salt"]))), expected)
