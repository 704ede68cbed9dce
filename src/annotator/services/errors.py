"""The errors a service raises for the user: one sentence, shown as is."""

from annotator.domain.nul import nul_problem
from annotator.storage.errors import FOREIGN_KEY, UNIQUE, BrokenConstraint, LibraryError


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


def write_refusal(exc: BrokenConstraint) -> UserError:
    """What a broken constraint means for a tagging write. A foreign key: a tag or passage it
    points at vanished meanwhile (another window or program deleted it). A unique key (primary
    keys too): the row is there already — another window or program wrote the same at the same
    moment (on a server two transactions overlap; SQLite's writers take turns). Anything else
    (a check the services should have made first) is said as the library said it."""
    if exc.kind == FOREIGN_KEY:
        return UserError("a tag or passage used here does not exist (any more)")
    if exc.kind == UNIQUE and exc.table == "annotation_tags":
        return ConflictError(
            "that passage has that tag already: another window or program added it at the same moment; nothing was saved"
        )
    if exc.kind == UNIQUE and exc.table != "annotations":  # e.g. coders: one new coder's first write in two programs
        return ConflictError(
            f"another window or program wrote the same row ({exc.table or 'a unique key'}) at the same moment; "
            "nothing was saved — try again"
        )
    if exc.kind == UNIQUE:
        return ConflictError(
            "that passage is in the library already (its id or UUID is taken): another window or program "
            "wrote it at the same moment; nothing was saved — look again and retry"
        )
    return UserError(f"the library refused this change, so nothing was saved: {exc}")
