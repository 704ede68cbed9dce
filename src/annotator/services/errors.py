"""The errors a service raises for the user: one sentence, shown as is."""

from annotator.domain.nul import nul_problem
from annotator.storage.errors import LibraryError


def refuse_nul(what: str, value: str) -> None:
    """UserError if a typed or imported value holds a NUL (domain.nul)."""
    problem = nul_problem(what, value)
    if problem is not None:
        raise UserError(problem)


class UserError(Exception):
    """Not found, ambiguous, invalid: the message is for the user, never a traceback."""


class ConflictError(UserError, LibraryError):
    """An undo or redo refused because another program (or window) changed or took the row since
    the step was done; nothing was written. Both a UserError (a sentence to show) and a
    LibraryError (the library changed under the app), so either handler shows it."""
