"""The GUI application: QApplication, fonts, translations, the database, the main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm import APP_ID, APP_NAME, __version__
from desktop_crm.db import (
    default_data_dir,
    default_db_path,
    ensure_private_dir,
    open_database,
    read_only_reason,
    storage_warnings,
)
from desktop_crm.errors import CrmError, DatabaseEncrypted, WrongPassphrase
from desktop_crm.logs import setup_logging
from desktop_crm.services.backup import cleanup_temp_files
from desktop_crm.services.instance import acquire_database_lock, release_database_lock
from desktop_crm.views import error_dialog, screens
from desktop_crm.views.error_dialog import storage_error_text
from desktop_crm.views.gui_gc import install_gui_collector
from desktop_crm.views.ui_state import UiState

log = logging.getLogger("desktop_crm.app")

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
# Latin first, then Chinese: Qt otherwise picks the Japanese variant of Noto CJK even under a
# Chinese locale (DESIGN §7), and Han characters look subtly wrong to Chinese readers.
UI_FONT_FAMILIES = [
    "Segoe UI",
    "Helvetica Neue",
    "Noto Sans",
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
]
DEMO_CUSTOMERS = 2000
DEMO_FILE = "demo.db"
GUI_SWITCH_INTERVAL = 0.001  # seconds; see create_application


def i18n_dir() -> Path:
    """The folder of compiled translations (.qm), in a checkout or an installed package."""
    from importlib import resources

    try:
        return Path(str(resources.files("desktop_crm.resources").joinpath("i18n")))
    except ModuleNotFoundError:
        return I18N_DIR


def apply_fonts(app: QGuiApplication) -> None:
    """Set the application font families explicitly (see UI_FONT_FAMILIES)."""
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    app.setFont(font)


def choose_language(ui_state: UiState) -> str:
    """'zh_CN' or 'en': the user's choice, else the system's language."""
    chosen = ui_state.language()
    if chosen:
        return chosen
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_translators(app: QGuiApplication, language: str) -> list[QTranslator]:
    """Load our translation and Qt's own (buttons of standard dialogs) for `language`."""
    translators: list[QTranslator] = []
    if language == "en":
        # English needs only its plural forms ("1 customer", "2 customers"; the sources
        # say "%n customer(s)").
        plurals = QTranslator(app)
        if plurals.load(str(i18n_dir() / "desktop_crm_en.qm")):
            app.installTranslator(plurals)
            translators.append(plurals)
        return translators
    ours = QTranslator(app)
    if ours.load(str(i18n_dir() / f"desktop_crm_{language}.qm")):
        app.installTranslator(ours)
        translators.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        translators.append(qt)
    QLocale.setDefault(QLocale(language))
    return translators


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, fonts and translations (reused when one exists)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    apply_fonts(app)
    screens.install()
    install_gui_collector(app)
    # Jobs run Python on a worker thread while the GUI thread calls into Python for every event
    # (the lock screen's application-wide filter, slots, models). Each of those calls waits
    # for the worker to hand over the GIL, up to the switch interval (5 ms by default): a
    # progress dialog appearing during an import took ~1.5 s that way. At 1 ms it takes 0.15 s,
    # and the worker loses nothing measurable (the interval only matters while the GUI waits).
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    return app


def _fresh_demo(folder: Path) -> Path:
    from desktop_crm.db import close_database
    from desktop_crm.services.demo import build_demo

    path = folder / DEMO_FILE
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    build_demo(
        path,
        customers=DEMO_CUSTOMERS,
        seed=1,
        today=date.today(),
        now=datetime.now().replace(microsecond=0),
    )
    close_database()
    return path


def _open_asking_passphrase(path: Path, *, create: bool) -> Path:
    """Open the database; an encrypted one asks for its passphrase (three tries)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    passphrase = os.environ.get("DESKTOP_CRM_PASSPHRASE") or None
    for attempt in range(4):
        try:
            return open_database(path, create=create, passphrase=passphrase)
        except (DatabaseEncrypted, WrongPassphrase) as exc:
            if attempt == 3:
                raise
            label = QCoreApplication.translate("App", "%1 is encrypted. Passphrase:").replace(
                "%1", path.name
            )
            if isinstance(exc, WrongPassphrase):
                label = QCoreApplication.translate(
                    "App", "That passphrase does not open %1. Try again:"
                ).replace("%1", path.name)
            text, ok = QInputDialog.getText(None, APP_NAME, label, QLineEdit.EchoMode.Password)
            if not ok:
                raise
            passphrase = text
    raise AssertionError("unreachable")


def _finish_encrypting_backups() -> None:
    """An encrypted database whose backups are not all encrypted: turning encryption on was
    stopped while it encrypted them (killed, a power cut). Finish it (headers only are read
    when there is nothing to do)."""
    from desktop_crm.db import current_passphrase
    from desktop_crm.services.backup import encrypt_plain_backups

    passphrase = current_passphrase()
    if passphrase is None or read_only_reason() is not None:
        return
    done, failed = encrypt_plain_backups(passphrase)
    if done or failed:
        log.info("encrypted %d earlier backup(s) at start; %d could not be", done, len(failed))


def run_app(db_path: Path | None = None, demo: bool = False) -> int:
    """Open the main window on `db_path` (or the user's own database, or a fresh demo shop)."""
    from desktop_crm.reports.xlsx import remove_abandoned_temp_files
    from desktop_crm.views.main_window import MainWindow

    app = create_application()
    ui_state = UiState()
    language = choose_language(ui_state)
    install_translators(app, language)
    error_dialog.install()
    lock = None
    try:
        data_dir = default_data_dir()
        if db_path is None or demo:
            ensure_private_dir(data_dir)
        setup_logging(data_dir / "logs")
        remove_abandoned_temp_files()  # what an export killed earlier left (customer rows)
        if demo:
            db_path = data_dir / DEMO_FILE
        target = (db_path or default_db_path()).expanduser()
        # One program per database: a second one says who holds it and writes nothing. The
        # demo shop takes it before its file is thrown away and built afresh.
        lock = (
            acquire_database_lock(target, "gui")
            if target.exists() or db_path is None or demo
            else None
        )
        if demo:
            _fresh_demo(data_dir)
        cleanup_temp_files(target)
        path = _open_asking_passphrase(target, create=db_path is None)
        _finish_encrypting_backups()
    except CrmError as exc:
        if lock is not None:
            lock.tidy = True  # a lock file made beside a file that was refused goes again
            release_database_lock(lock)
        QMessageBox.critical(None, APP_NAME, storage_error_text(exc.message))
        return exc.exit_code
    window = MainWindow(path, ui_state, language=language)
    window.show()
    window.start_up()
    for notice in [*storage_warnings(path), *filter(None, [read_only_reason()])]:
        window.statusBar().showMessage(notice)
    if os.environ.get("DESKTOP_CRM_STARTUP_PROBE"):
        # bench/customers_list.py: report when the first frame is painted, then quit.
        from PySide6.QtCore import QTimer

        def probe() -> None:
            window.repaint()
            print(f"window-ready {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
    try:
        return int(app.exec())
    finally:
        if lock is not None:
            release_database_lock(lock)
