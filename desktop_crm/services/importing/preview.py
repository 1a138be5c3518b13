"""What the import wizard shows before anything is written: detection and parsed rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop_crm.services.importing.mapping import Mapping, parse_with_mapping, read_headers
from desktop_crm.services.importing.parse import detect, parse_file
from desktop_crm.services.importing.profiles import find_sheet_mapping
from desktop_crm.services.importing.records import (
    ImportFileError,
    ParsedCustomer,
    ParsedOrder,
    Rejected,
    UnknownLayout,
)


@dataclass(slots=True)
class Detection:
    """How a file was recognised: a platform layout, a saved mapping, or nothing yet."""

    path: Path
    platform: str | None = None
    kind: str | None = None
    layout: str = ""
    mapping: Mapping | None = None  # a saved mapping for this header
    header: list[str] = field(default_factory=list)  # the first sheet's (of `sheets`)
    # Each sheet's name and header row, for the sheets that have one: what can be mapped.
    sheets: list[tuple[str, list[str]]] = field(default_factory=list)
    error: str = ""

    @property
    def recognised(self) -> bool:
        return self.platform is not None or self.mapping is not None


def detect_file(path: Path) -> Detection:
    """Recognise a file; an unknown layout returns its header (for the mapping editor)."""
    try:
        platform, kind, layout = detect(path)
        return Detection(path, platform, kind, layout)
    except UnknownLayout as exc:
        try:
            sheets = read_headers(path)
        except ImportFileError:
            return Detection(path, error=exc.message)
        # The mapping saved for the columns of any of its sheets (orders on a second sheet).
        saved = find_sheet_mapping(sheets)
        return Detection(
            path, mapping=saved, header=sheets[0][1], sheets=sheets,
            error="" if saved else exc.message,
        )  # fmt: skip
    except ImportFileError as exc:
        return Detection(path, error=exc.message)


@dataclass(slots=True)
class Preview:
    """The first records as the importer will read them, and every row it will skip."""

    platform: str
    kind: str
    rows_read: int
    orders: list[ParsedOrder]
    customers: list[ParsedCustomer]
    rejected: list[Rejected]
    notes: list[str]
    # The distinct words of a mapped status column, for the mapping editor's Status words.
    status_words: list[str] = field(default_factory=list)


def preview_file(
    path: Path,
    *,
    now: datetime,
    platform: str = "auto",
    kind: str | None = None,
    mapping: Mapping | None = None,
    limit: int = 200,
) -> Preview:
    """Parse the file (nothing is written) and keep the first `limit` records."""
    words: list[str] = []
    if mapping is not None:
        result = parse_with_mapping(path, mapping, now=now, status_words=words)
    else:
        result = parse_file(path, platform=platform, kind=kind, now=now)
    return Preview(
        platform=result.platform, kind=result.kind, rows_read=result.rows_read,
        orders=result.orders[:limit], customers=result.customers[:limit],
        rejected=result.rejected, notes=result.notes, status_words=words,
    )  # fmt: skip
