"""Errors the store raises. Each message is written for the person using the app.

The English text is also a gettext msgid (domain ``store``): the UI can show the error in the
user's language with ``error.translated(translator("store", lang))``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def _(message: str) -> str:
    """Mark a string for extraction; it is translated later by :meth:`StoreError.translated`."""
    return message


class StoreError(Exception):
    """A problem with the chat database. ``str(error)`` is a user-readable English sentence."""

    template: str = _("The chat database could not be used: {detail}")

    def __init__(self, message: str | None = None, **params: str) -> None:
        self.params = params
        super().__init__(message if message is not None else self.template.format(**params))

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The same message in another language (``gettext`` is the ``store`` domain's ``_``)."""
        # Parameters that are themselves marked strings (reasons) are translated too;
        # paths and numbers have no catalogue entry and come back unchanged.
        params = {key: gettext(value) if value else value for key, value in self.params.items()}
        try:
            return gettext(self.template).format(**params)
        except (KeyError, IndexError, ValueError):
            return str(self)


class CorruptDatabaseError(StoreError):
    """The file was not a readable SQLite database; it was moved aside, never deleted."""

    template = _(
        "The chat database {path} is damaged and could not be opened. "
        "It was moved to {moved_to} so nothing is lost. "
        "DeskReply can start again with a new, empty database."
    )

    def __init__(self, path: Path, moved_to: Path) -> None:
        self.path = path
        self.moved_to = moved_to
        super().__init__(path=str(path), moved_to=str(moved_to))


class UnwritableDatabaseError(StoreError):
    """The database file or its folder cannot be created or written."""

    template = _(
        "DeskReply cannot write its chat database at {path}: {reason}. "
        "Check that the folder exists and that you are allowed to write to it, "
        "or choose another data folder."
    )

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(path=str(path), reason=reason)


class NewerSchemaError(StoreError):
    """The database was written by a newer DeskReply; it is left untouched."""

    template = _(
        "The chat database {path} was created by a newer version of DeskReply "
        "(database version {found}, this version understands up to {known}). "
        "It was not changed. Update DeskReply to open it."
    )

    def __init__(self, path: Path, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        super().__init__(path=str(path), found=str(found), known=str(known))


class ForeignDatabaseError(StoreError):
    """A valid SQLite file that holds somebody else's tables; it is left untouched."""

    template = _(
        "The file {path} is a database, but not a DeskReply chat database. "
        "It was not changed. Choose another data folder."
    )

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(path=str(path))


class NotFoundError(StoreError, LookupError):
    """A conversation or message id that does not exist."""

    template = _("There is no {what} with id {id} in the chat database.")

    def __init__(self, what: str, id: int) -> None:
        super().__init__(what=what, id=str(id))
