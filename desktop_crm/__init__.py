"""Desktop CRM: offline customer management for small online sellers."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Desktop CRM"
APP_ID = "desktop-crm"
