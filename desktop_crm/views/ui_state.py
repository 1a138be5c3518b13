"""UI state (geometry, splitters, column widths, language, last folder): one QSettings wrapper.

Widgets never call QSettings themselves. Store rules live in the database instead
(services.settings), because they travel with it.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


def config_dir() -> Path:
    """Where the UI state file lives (DESKTOP_CRM_CONFIG_DIR overrides, e.g. in tests)."""
    override = os.environ.get("DESKTOP_CRM_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("desktop-crm", appauthor=False))


class UiState:
    """Typed access to the INI file of UI state."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or config_dir() / "ui.ini"
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self, name: str) -> QByteArray | None:
        return self._bytes(f"geometry/{name}")

    def set_geometry(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"geometry/{name}", value)

    def window_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"state/{name}")

    def set_window_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"state/{name}", value)

    def header_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"header/{name}")

    def set_header_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"header/{name}", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitter/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"splitter/{name}", value)

    def language(self) -> str:
        """'' follows the system; otherwise 'en' or 'zh_CN'."""
        return str(self._settings.value("ui/language", "") or "")

    def set_language(self, code: str) -> None:
        self._settings.setValue("ui/language", code)

    def last_folder(self, purpose: str) -> str:
        return str(self._settings.value(f"folders/{purpose}", "") or "")

    def set_last_folder(self, purpose: str, folder: str) -> None:
        self._settings.setValue(f"folders/{purpose}", folder)

    def value(self, key: str, default: object = None) -> object:
        return self._settings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()
