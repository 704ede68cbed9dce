"""The storage layer's errors, importable without loading SQLAlchemy: services catch these, never
the database library's own."""


class LibraryError(Exception):
    """A library that cannot be opened or written; the message is one sentence for the user."""


# What a broken constraint was (BrokenConstraint.kind): services say different things for each.
FOREIGN_KEY = "foreign key"  # a row it points at is gone
UNIQUE = "unique"  # a second row where one must be unique (a primary key too)
CHECK = "check"
NOT_NULL = "not null"

_SQLSTATES = {"23503": FOREIGN_KEY, "23505": UNIQUE, "23514": CHECK, "23502": NOT_NULL}  # PostgreSQL's
_SQLITE_NAMES = {
    "SQLITE_CONSTRAINT_FOREIGNKEY": FOREIGN_KEY,
    "SQLITE_CONSTRAINT_UNIQUE": UNIQUE,
    "SQLITE_CONSTRAINT_PRIMARYKEY": UNIQUE,
    "SQLITE_CONSTRAINT_ROWID": UNIQUE,
    "SQLITE_CONSTRAINT_CHECK": CHECK,
    "SQLITE_CONSTRAINT_NOTNULL": NOT_NULL,
}


class BrokenConstraint(LibraryError):
    """A write the library's rules refuse: a foreign key to a row that is gone, a second row where
    one must be unique (another program got there first). Services translate it for the user,
    by `kind` (FOREIGN_KEY, UNIQUE, CHECK, NOT_NULL; '' if unknown) and `table`."""

    def __init__(self, message: str, kind: str = "", table: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.table = table


def constraint_of(error: object) -> tuple[str, str]:
    """(kind, table) of a driver's integrity error: psycopg's SQLSTATE and diagnostics, or
    sqlite3's extended error name and message ("UNIQUE constraint failed: annotation_tags.tag_id")."""
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate is not None:
        table = getattr(getattr(error, "diag", None), "table_name", None) or ""
        return _SQLSTATES.get(sqlstate, ""), table
    kind = _SQLITE_NAMES.get(getattr(error, "sqlite_errorname", ""), "")
    _, _, named = str(error).partition(": ")
    return kind, named.split(".", 1)[0] if "." in named else ""


class LibraryBusy(LibraryError):
    """Another program held the write lock longer than this writer was willing to wait."""
