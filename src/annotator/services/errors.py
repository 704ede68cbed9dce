"""The errors a service raises for the user: one sentence, shown as is."""

from annotator.storage.errors import LibraryError


class UserError(Exception):
    """Not found, ambiguous, invalid: the message is for the user, never a traceback."""


class ConflictError(UserError, LibraryError):
    """An undo or redo refused because another program (or window) changed or took the row since
    the step was done; nothing was written. Both a UserError (a sentence to show) and a
    LibraryError (the library changed under the app), so either handler shows it."""
