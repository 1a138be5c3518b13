"""Saved column mappings: kept in the database, offered again for a file with the same header."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_crm.services.importing.mapping import SETTING_KEY, Mapping, header_signature
from desktop_crm.services.settings import get_setting, set_setting


def _all() -> dict[str, dict[str, Any]]:
    value = get_setting(SETTING_KEY)
    return dict(value) if isinstance(value, dict) else {}


def save_mapping(mapping: Mapping, header: list[object]) -> str:
    """Remember `mapping` for files with this header; returns the header's signature."""
    signature = header_signature(header)
    saved = _all()
    saved[signature] = mapping.to_json()
    set_setting(SETTING_KEY, saved)
    return signature


def find_mapping(header: list[object]) -> Mapping | None:
    """The mapping saved for a file with this header, if any."""
    data = _all().get(header_signature(header))
    return Mapping.from_json(data) if data else None


def find_sheet_mapping(sheets: Sequence[tuple[str, list[str]]]) -> Mapping | None:
    """The mapping saved for the header of any of a file's sheets (name, header), the first
    sheet's first: a workbook's orders may follow a summary sheet."""
    return next(filter(None, (find_mapping(header) for _name, header in sheets)), None)


def saved_mappings() -> list[Mapping]:
    """Every saved mapping, by name."""
    return sorted((Mapping.from_json(v) for v in _all().values()), key=lambda m: m.name)
