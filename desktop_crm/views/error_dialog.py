"""Unexpected errors: a dialog instead of a crash, the details in the log file.

Installed as sys.excepthook. The dialog is modal over whatever is open, and nothing is
closed: a half-filled form keeps what the user typed.

`storage_error_text` words the storage layer's errors (db.py, services.backup,
services.instance) in the interface's language. The services stay free of Qt and write English
(it is also the CLI's stderr); like `rejections.file_error_text`, a table of their sentences
gives each a translation, the values (paths, process ids, SQLite's own words) kept as written.
A sentence it does not know is shown as written.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm.db import translate_error
from desktop_crm.errors import CrmError

log = logging.getLogger("desktop_crm")
_showing = False

# (key, pattern of the whole message); %1 in a translation is the first group, %2 the second…
_STORAGE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(pattern, re.DOTALL))
    for key, pattern in (
        # A restore that failed after the swap (services/backup.py): before the general
        # patterns, which would take the whole sentence for their last value.
        ("restore_taken_back", r"(.*) The restore was taken back: your data is as it was\."),
        ("restore_unfinished", r"The backup was restored, but a step after it failed: (.*) "
                               r"Your data from before the restore is kept as (.*)\."),
        ("restore_lost", r"The database could not be opened after the restore: (.*) Your data "
                         r"from before the restore is kept as (.*)\."),
        ("restore_reopen", r"The restored database could not be opened \((.*)\)\."),
        ("not_db", r"(.*) is not a database file \(not a Desktop CRM backup\)\. It was not "
                   r"changed\."),
        ("damaged", r"(.*) is damaged \((.*)\), so it was not restored\. The database and the "
                    r"file were not changed\."),
        ("locked", r"(.*) is already open in PID (\d+) on host (.*) \((.*), since (.*)\)\. "
                   r"Close it there first; nothing was changed\."),
        ("locked_other", r"(.*) is already open in another program\. Close it there first; "
                         r"nothing was changed\."),
        ("hard_links", r"(.*) has (\d+) names on this disk \(hard links\), so another "
                       r"program opening it under another name would not see that it is open "
                       r"here, and its changes could be lost\. Copy the file and open the "
                       r"copy, or delete the other names\. It was not changed\."),
        ("lock_file", r"Cannot create the lock file (.*) \((.*)\)\. Check that the folder "
                      r"(.*) exists and can be written\."),
        ("disk_full_file", r"The disk is full: (.*) could not be written\. Nothing was "
                           r"changed\."),
        # An erasure (services/privacy.py): refused for want of room, or committed with the
        # file's rewrite still to do.
        ("erase_no_room", r"Not enough free space on the disk of (.*) to erase and then "
                          r"rewrite the database file without the erased data: about (.*) is "
                          r"needed, (.*) is free\. Nothing was changed; free some space and "
                          r"try again\."),
        ("erase_unfinished", r"Customer (\d+) was erased, but the database file could not be "
                             r"rewritten afterwards \((.*)\), so fragments of their data may "
                             r"remain in its free space\. Free some space, then run "
                             r"`desktop-crm customer erase (\d+) --yes` again \(or erase "
                             r"another customer\) to finish\."),
        ("erase_unfinished_many", r"(\d+) customers were erased, but the database file could "
                                  r"not be rewritten afterwards \((.*)\), so fragments of "
                                  r"their data may remain in its free space\. Free some "
                                  r"space, then run `desktop-crm customer erase (\d+) --yes` "
                                  r"again \(or erase another customer\) to finish\."),
        ("rewrite_unfinished", r"The database file could not be rewritten \((.*)\), so "
                               r"fragments of the data of customer (\d+), erased before, may "
                               r"remain in its free space\. Free some space and try again\."),
        ("cannot_write", r"(.*) cannot be written there \((.*)\)\. Nothing was written\."),
        ("backup_full", r"Disk full: the backup (.*) could not be written\. Nothing was "
                        r"changed; free some space and try again\."),
        ("backup_failed", r"The backup (.*) could not be written \((.*); the disk may be "
                          r"full, removed or failing\)\. Nothing was changed\."),
        ("backup_check", r"The backup (.*) failed its integrity check: (.*)"),
        ("busy", r"The database is busy: another program kept it locked for more than "
                 r"(\d+) seconds\. Nothing was changed; try again\."),
        ("disk_full_db", r"Disk full: there is no room left to write the database \(or it "
                         r"reached its size limit\)\. Nothing was changed; free some space "
                         r"and try again\."),
        ("io", r"The database could not be written or read \(a disk I/O error; the disk may "
               r"be full, removed or failing\)\. Nothing was changed by the failed step\."),
        ("damaged_db", r"The database file is damaged \((.*)\)\. Run `desktop-crm check` "
                       r"and restore the newest good backup\."),
        ("empty_file", r"(.*) is an empty file, not a Desktop CRM database\. It was not "
                       r"changed\."),
        ("empty_db", r"(.*) is an empty database, not a Desktop CRM backup\."),
        ("not_plain", r"(.*) is not a plain database file: it is either an encrypted Desktop "
                      r"CRM database \(give its passphrase\) or a text or other kind of "
                      r"file\. It was not changed\."),
        ("newer", r"(.*) was made by a newer version of Desktop CRM \(schema version (\d+); "
                  r"this program knows up to (\d+)\)\. It was not changed\. Please update "
                  r"Desktop CRM\."),
        ("no_source", r"(.*) does not exist or is not a file\. Nothing was changed\."),
        ("itself", r"(.*) is the open database itself\. Nothing was changed\."),
        ("in_use_job", r"The database is still in use by another window or job; close it and "
                       r"try the restore again\. Nothing was changed\."),
        ("in_use_program", r"The database is still in use by another program; close it and "
                           r"try the restore again\. Nothing was changed\."),
        ("no_folder", r"The folder (.*) does not exist\. Nothing was written\."),
        ("not_a_backup", r"(.*) already exists and is not a Desktop CRM backup; choose another "
                         r"name\. Nothing was written\."),
        ("is_database", r"(.*) is the database itself; choose another name for the backup\."),
        ("read_only", r"The database is open read-only \((.*)\): nothing can be changed\."),
        ("read_only_restore", r"The database is open read-only \((.*)\); it cannot be "
                              r"restored\."),
        ("ro_file", r"the file (.*) is read-only"),
        ("ro_folder", r"the folder (.*) cannot be written \(SQLite keeps its -wal and -shm "
                      r"files next to the database\)"),
        ("ro_asked", r"it was opened read-only on request"),
        ("could_not_write", r"(.*) could not be written: (.*)\."),
        ("disk_full_left", r"The disk is full: (.*) could not be written\. No file was left "
                           r"behind\."),
        ("rewrite_failed", r"Re-writing (.*) failed: (.*)\. Nothing was changed\."),
        ("rewrite_check", r"The re-written copy of (.*) failed its check\. Nothing was "
                          r"changed\."),
        ("restore_check", r"Restore failed: the re-written copy of (.*) failed its check "
                          r"\((.*)\)\. Nothing was changed\."),
        ("lock_replaced", r"Cannot lock (.*): it keeps being replaced\."),
        ("folder_missing", r"The folder (.*) does not exist\."),
        ("missing", r"(.*) does not exist\."),
        # Refusals of an undo or unmerge that has to wait (services/importing/engine.py,
        # services/duplicates.py): met in the window, so worded in its language too.
        ("import_undone", r"Import (\d+) \((.*)\) was already undone\."),
        ("import_waits", r"Import (\d+) cannot be undone yet: import (\d+) \((.*)\) changed "
                         r"the same orders or customers later\. Undo import (\d+) first\."),
        ("merge_undone", r"Merge (\d+) was already undone \((.*)\)\."),
        ("merge_away", r"Merge (\d+) cannot be undone yet: merge (\d+) \((.*) into (.*), "
                       r"(.*)\) merged the kept customer away later\. Undo merge (\d+) first\."),
        ("merge_changed", r"Merge (\d+) cannot be undone yet: merge (\d+) \((.*) into (.*), "
                          r"(.*)\) changed (.*) of the same customer later\. Undo merge (\d+) "
                          r"first\."),
        ("merge_relies", r"Merge (\d+) cannot be undone yet: merge (\d+) \((.*) into (.*), "
                         r"(.*)\) relies on rows it brought \((.*)\)\. Undo merge (\d+) "
                         r"first\."),
        ("merge_kept_gone", r"Merge (\d+) cannot be undone: the customer it kept \((\d+)\) was "
                            r"deleted since\. Restore a backup made before the merge instead\."),
        ("merge_id_reused", r"Merge (\d+) cannot be undone: customer number (\d+) has been "
                            r"given to a new customer since\. Restore a backup made before the "
                            r"merge instead\."),
        ("merge_import_undone", r"Merge (\d+) cannot be undone: import (\d+) \((.*)\), which "
                                r"created (.*), was undone after the merge\."),
    )
]  # fmt: skip
# Messages that hold another of these sentences in their first value.
_NESTED = frozenset(
    {"read_only", "read_only_restore", "restore_taken_back", "restore_unfinished", "restore_lost"}
)


def _field_list(words: str) -> str:
    """An unmerge refusal's fields ("phone, email"), as the merge review names them."""
    from desktop_crm.views.merge_dialog import field_name  # it imports this module

    if words in _fragments():
        return _fragments()[words]
    separator = QCoreApplication.translate("StorageErrors", ", ")
    return separator.join(field_name(w) for w in words.split(", "))


def _table_words(table: str) -> str:
    from desktop_crm.views.merge_dialog import table_name

    return table_name(table)


# Values that are the services' names for fields and tables: (which value, how it is worded).
_NAMED: dict[str, tuple[int, Callable[[str], str]]] = {
    "merge_changed": (6, _field_list),
    "merge_relies": (6, _table_words),
}


def _storage_translations() -> dict[str, str]:
    # Literal QCoreApplication.translate calls: pyside6-lupdate finds no other spelling.
    return {
        "restore_taken_back": QCoreApplication.translate(
            "StorageErrors", "%1 The restore was taken back: your data is as it was."
        ),
        "erase_no_room": QCoreApplication.translate(
            "StorageErrors",
            "Not enough free space on the disk of %1 to erase and then rewrite the database "
            "file without the erased data: about %2 is needed, %3 is free. Nothing was "
            "changed; free some space and try again.",
        ),
        "erase_unfinished": QCoreApplication.translate(
            "StorageErrors",
            "Customer %1 was erased, but the database file could not be rewritten afterwards "
            "(%2), so fragments of their data may remain in its free space. Free some space, "
            "then run `desktop-crm customer erase %3 --yes` again (or erase another customer) "
            "to finish.",
        ),
        "erase_unfinished_many": QCoreApplication.translate(
            "StorageErrors",
            "%1 customers were erased, but the database file could not be rewritten "
            "afterwards (%2), so fragments of their data may remain in its free space. Free "
            "some space, then run `desktop-crm customer erase %3 --yes` again (or erase "
            "another customer) to finish.",
        ),
        "rewrite_unfinished": QCoreApplication.translate(
            "StorageErrors",
            "The database file could not be rewritten (%1), so fragments of the data of "
            "customer %2, erased before, may remain in its free space. Free some space and "
            "try again.",
        ),
        "restore_unfinished": QCoreApplication.translate(
            "StorageErrors",
            "The backup was restored, but a step after it failed: %1 Your data from before the "
            "restore is kept as %2.",
        ),
        "restore_lost": QCoreApplication.translate(
            "StorageErrors",
            "The database could not be opened after the restore: %1 Your data from before the "
            "restore is kept as %2.",
        ),
        "restore_reopen": QCoreApplication.translate(
            "StorageErrors", "The restored database could not be opened (%1)."
        ),
        "not_db": QCoreApplication.translate(
            "StorageErrors",
            "%1 is not a database file (not a Desktop CRM backup). It was not changed.",
        ),
        "damaged": QCoreApplication.translate(
            "StorageErrors",
            "%1 is damaged (%2), so it was not restored. The database and the file were not "
            "changed.",
        ),
        "locked": QCoreApplication.translate(
            "StorageErrors",
            "%1 is already open in PID %2 on host %3 (%4, since %5). Close it there first; "
            "nothing was changed.",
        ),
        "locked_other": QCoreApplication.translate(
            "StorageErrors",
            "%1 is already open in another program. Close it there first; nothing was changed.",
        ),
        "hard_links": QCoreApplication.translate(
            "StorageErrors",
            "%1 has %2 names on this disk (hard links), so another program opening it under "
            "another name would not see that it is open here, and its changes could be lost. "
            "Copy the file and open the copy, or delete the other names. It was not changed.",
        ),
        "lock_file": QCoreApplication.translate(
            "StorageErrors",
            "Cannot create the lock file %1 (%2). Check that the folder %3 exists and can be "
            "written.",
        ),
        "disk_full_file": QCoreApplication.translate(
            "StorageErrors", "The disk is full: %1 could not be written. Nothing was changed."
        ),
        "cannot_write": QCoreApplication.translate(
            "StorageErrors", "%1 cannot be written there (%2). Nothing was written."
        ),
        "backup_full": QCoreApplication.translate(
            "StorageErrors",
            "Disk full: the backup %1 could not be written. Nothing was changed; free some "
            "space and try again.",
        ),
        "backup_failed": QCoreApplication.translate(
            "StorageErrors",
            "The backup %1 could not be written (%2; the disk may be full, removed or "
            "failing). Nothing was changed.",
        ),
        "backup_check": QCoreApplication.translate(
            "StorageErrors", "The backup %1 failed its integrity check: %2"
        ),
        "busy": QCoreApplication.translate(
            "StorageErrors",
            "The database is busy: another program kept it locked for more than %1 seconds. "
            "Nothing was changed; try again.",
        ),
        "disk_full_db": QCoreApplication.translate(
            "StorageErrors",
            "Disk full: there is no room left to write the database (or it reached its size "
            "limit). Nothing was changed; free some space and try again.",
        ),
        "io": QCoreApplication.translate(
            "StorageErrors",
            "The database could not be written or read (a disk I/O error; the disk may be "
            "full, removed or failing). Nothing was changed by the failed step.",
        ),
        "damaged_db": QCoreApplication.translate(
            "StorageErrors",
            "The database file is damaged (%1). Run `desktop-crm check` and restore the newest "
            "good backup.",
        ),
        "empty_file": QCoreApplication.translate(
            "StorageErrors",
            "%1 is an empty file, not a Desktop CRM database. It was not changed.",
        ),
        "empty_db": QCoreApplication.translate(
            "StorageErrors", "%1 is an empty database, not a Desktop CRM backup."
        ),
        "not_plain": QCoreApplication.translate(
            "StorageErrors",
            "%1 is not a plain database file: it is either an encrypted Desktop CRM database "
            "(give its passphrase) or a text or other kind of file. It was not changed.",
        ),
        "newer": QCoreApplication.translate(
            "StorageErrors",
            "%1 was made by a newer version of Desktop CRM (schema version %2; this program "
            "knows up to %3). It was not changed. Please update Desktop CRM.",
        ),
        "no_source": QCoreApplication.translate(
            "StorageErrors", "%1 does not exist or is not a file. Nothing was changed."
        ),
        "itself": QCoreApplication.translate(
            "StorageErrors", "%1 is the open database itself. Nothing was changed."
        ),
        "in_use_job": QCoreApplication.translate(
            "StorageErrors",
            "The database is still in use by another window or job; close it and try the "
            "restore again. Nothing was changed.",
        ),
        "in_use_program": QCoreApplication.translate(
            "StorageErrors",
            "The database is still in use by another program; close it and try the restore "
            "again. Nothing was changed.",
        ),
        "no_folder": QCoreApplication.translate(
            "StorageErrors", "The folder %1 does not exist. Nothing was written."
        ),
        "not_a_backup": QCoreApplication.translate(
            "StorageErrors",
            "%1 already exists and is not a Desktop CRM backup; choose another name. Nothing "
            "was written.",
        ),
        "is_database": QCoreApplication.translate(
            "StorageErrors", "%1 is the database itself; choose another name for the backup."
        ),
        "read_only": QCoreApplication.translate(
            "StorageErrors", "The database is open read-only (%1): nothing can be changed."
        ),
        "read_only_restore": QCoreApplication.translate(
            "StorageErrors", "The database is open read-only (%1); it cannot be restored."
        ),
        "ro_file": QCoreApplication.translate("StorageErrors", "the file %1 is read-only"),
        "ro_folder": QCoreApplication.translate(
            "StorageErrors",
            "the folder %1 cannot be written (SQLite keeps its -wal and -shm files next to the "
            "database)",
        ),
        "ro_asked": QCoreApplication.translate(
            "StorageErrors", "it was opened read-only on request"
        ),
        "could_not_write": QCoreApplication.translate(
            "StorageErrors", "%1 could not be written: %2."
        ),
        "disk_full_left": QCoreApplication.translate(
            "StorageErrors", "The disk is full: %1 could not be written. No file was left behind."
        ),
        "rewrite_failed": QCoreApplication.translate(
            "StorageErrors", "Re-writing %1 failed: %2. Nothing was changed."
        ),
        "rewrite_check": QCoreApplication.translate(
            "StorageErrors", "The re-written copy of %1 failed its check. Nothing was changed."
        ),
        "restore_check": QCoreApplication.translate(
            "StorageErrors",
            "Restore failed: the re-written copy of %1 failed its check (%2). Nothing was changed.",
        ),
        "lock_replaced": QCoreApplication.translate(
            "StorageErrors", "Cannot lock %1: it keeps being replaced."
        ),
        "folder_missing": QCoreApplication.translate(
            "StorageErrors", "The folder %1 does not exist."
        ),
        "missing": QCoreApplication.translate("StorageErrors", "%1 does not exist."),
        "import_undone": QCoreApplication.translate(
            "StorageErrors", "Import %1 (%2) was already undone."
        ),
        "import_waits": QCoreApplication.translate(
            "StorageErrors",
            "Import %1 cannot be undone yet: import %2 (%3) changed the same orders or "
            "customers later. Undo import %4 first.",
        ),
        "merge_undone": QCoreApplication.translate(
            "StorageErrors", "Merge %1 was already undone (%2)."
        ),
        "merge_away": QCoreApplication.translate(
            "StorageErrors",
            "Merge %1 cannot be undone yet: merge %2 (%3 into %4, %5) merged the kept customer "
            "away later. Undo merge %6 first.",
        ),
        "merge_changed": QCoreApplication.translate(
            "StorageErrors",
            "Merge %1 cannot be undone yet: merge %2 (%3 into %4, %5) changed %6 of the same "
            "customer later. Undo merge %7 first.",
        ),
        "merge_relies": QCoreApplication.translate(
            "StorageErrors",
            "Merge %1 cannot be undone yet: merge %2 (%3 into %4, %5) relies on rows it brought "
            "(%6). Undo merge %7 first.",
        ),
        "merge_kept_gone": QCoreApplication.translate(
            "StorageErrors",
            "Merge %1 cannot be undone: the customer it kept (%2) was deleted since. Restore a "
            "backup made before the merge instead.",
        ),
        "merge_id_reused": QCoreApplication.translate(
            "StorageErrors",
            "Merge %1 cannot be undone: customer number %2 has been given to a new customer "
            "since. Restore a backup made before the merge instead.",
        ),
        "merge_import_undone": QCoreApplication.translate(
            "StorageErrors",
            "Merge %1 cannot be undone: import %2 (%3), which created %4, was undone after the "
            "merge.",
        ),
    }


def _fragments() -> dict[str, str]:
    """Words that stand as values inside those sentences: the system's reasons (strerror) and
    the unmerge refusal's 'the same rows'."""
    return {
        "Not a directory": QCoreApplication.translate("StorageErrors", "Not a directory"),
        "Is a directory": QCoreApplication.translate("StorageErrors", "Is a directory"),
        "Permission denied": QCoreApplication.translate("StorageErrors", "Permission denied"),
        "No such file or directory": QCoreApplication.translate(
            "StorageErrors", "No such file or directory"
        ),
        "No space left on device": QCoreApplication.translate(
            "StorageErrors", "No space left on device"
        ),
        "Read-only file system": QCoreApplication.translate(
            "StorageErrors", "Read-only file system"
        ),
        "File too large": QCoreApplication.translate("StorageErrors", "File too large"),
        "Disk quota exceeded": QCoreApplication.translate("StorageErrors", "Disk quota exceeded"),
        "the same rows": QCoreApplication.translate("StorageErrors", "the same rows"),
        "the disk is full": QCoreApplication.translate("StorageErrors", "the disk is full"),
    }


@functools.lru_cache(maxsize=1024)
def _storage_match(message: str) -> tuple[str, tuple[str, ...]] | None:
    for key, pattern in _STORAGE_PATTERNS:
        m = pattern.fullmatch(message)
        if m:
            return key, m.groups()
    return None


def storage_error_text(message: str) -> str:
    """A storage error (a CrmError's message from db.py or services), translated; a message
    it does not know is shown as written."""
    found = _storage_match(message)
    if found is None:
        return message
    key, values = found
    text = _storage_translations()[key]

    # One pass over the placeholders, so a value holding "%2" (a path) is never replaced.
    def value(m: re.Match[str]) -> str:
        i = int(m.group(1))
        if i > len(values):
            return m.group(0)
        v = values[i - 1]
        if key in _NESTED and i == 1:
            return storage_error_text(v)
        if key in _NAMED and i == _NAMED[key][0]:
            return _NAMED[key][1](v)
        return _fragments().get(v, v)

    return re.sub(r"%(\d)", value, text)


def show_error(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The excepthook: log, then tell the user without losing their work."""
    global _showing
    typed = translate_error(exc)
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    if not isinstance(typed, CrmError):
        log.error("unexpected error\n%s", details)
    app = QApplication.instance()
    if app is None or _showing:
        sys.__excepthook__(exc_type, exc, tb)
        return
    _showing = True
    try:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "Something went wrong"))
        if isinstance(typed, CrmError):
            box.setText(storage_error_text(typed.message))
        else:
            box.setText(
                QCoreApplication.translate(
                    "ErrorDialog",
                    "Desktop CRM hit an unexpected error. "
                    "Your data was not changed by the failed step.",
                )
            )
            box.setInformativeText(
                QCoreApplication.translate(
                    "ErrorDialog",
                    "What you were typing is still open. The details were written to the log file.",
                )
            )
            box.setDetailedText(details)
        box.exec()
    finally:
        _showing = False


def install() -> None:
    """Route uncaught exceptions to the dialog."""
    sys.excepthook = show_error
