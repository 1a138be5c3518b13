"""Typed errors the services raise; the GUI and the CLI word them for the user."""

from __future__ import annotations


class CrmError(Exception):
    """Base of every error a user is meant to see (one clear line, no traceback)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Refused(CrmError):
    """The request cannot be done as asked (exit code 2); nothing was changed."""

    exit_code = 2


class DatabaseRefused(Refused):
    """The file is not a database this program may open (empty, text, foreign, newer)."""


class DatabaseEncrypted(DatabaseRefused):
    """The file is encrypted (or not a database at all): a passphrase is needed."""


class WrongPassphrase(DatabaseRefused):
    """The passphrase does not open the database; nothing was changed."""


class DatabaseNewer(DatabaseRefused):
    """The file was written by a newer version of the program."""

    def __init__(self, path: str, file_version: int, app_version: int) -> None:
        super().__init__(
            f"{path} was made by a newer version of Desktop CRM (schema version "
            f"{file_version}; this program knows up to {app_version}). It was not changed. "
            "Please update Desktop CRM."
        )
        self.file_version = file_version
        self.app_version = app_version


class DatabaseBusy(CrmError):
    """Another program held a write lock for longer than the busy timeout."""


class DatabaseReadOnly(CrmError):
    """The database was opened read-only (or the file cannot be written)."""


class DiskFull(CrmError):
    """The disk (or the database's size limit) is full; nothing was written."""


class RestoreTakenBack(CrmError):
    """A restore failed after the backup was put in place; the data from before was put back
    and opened: the merchant's data is as it was (the message says so)."""


class RestoreUnfinished(CrmError):
    """A restore failed after the backup was put in place, and the data from before could not
    be put back. `database_open`: the restored data is open; otherwise no database is."""

    def __init__(self, message: str, *, database_open: bool) -> None:
        super().__init__(message)
        self.database_open = database_open


class DatabaseLocked(CrmError):
    """Another Desktop CRM holds this database (one program per database)."""

    exit_code = 3


class NotFound(CrmError):
    """A record that the caller named does not exist."""

    exit_code = 2


class ValidationError(CrmError):
    """User input that breaks a rule; `errors` maps a field name to a message code."""

    exit_code = 2

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class JobCancelled(Exception):
    """The user pressed Cancel; the job's transaction was rolled back."""
