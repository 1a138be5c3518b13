"""Layering: services, models and reports never load Qt widgets (STYLE "Layers")."""

from __future__ import annotations

import subprocess
import sys


def test_services_models_reports_do_not_load_qtwidgets() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import desktop_crm.services, desktop_crm.models, desktop_crm.reports, desktop_crm.db\n"
        "import desktop_crm.cli\n"
        "for pkg in (desktop_crm.services, desktop_crm.models, desktop_crm.reports):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "banned = ('PySide6.QtWidgets', 'PySide6.QtPrintSupport')\n"
        "bad = [m for m in sys.modules if m.startswith(banned)]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
