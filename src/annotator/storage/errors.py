"""The storage layer's errors, importable without loading SQLAlchemy: services catch these, never
the database library's own."""


class LibraryError(Exception):
    """A library that cannot be opened or written; the message is one sentence for the user."""


class BrokenConstraint(LibraryError):
    """A write the library's rules refuse: a foreign key to a row that is gone, a second row where
    one must be unique (another program got there first). Services translate it for the user."""


class LibraryBusy(LibraryError):
    """Another program held the write lock longer than this writer was willing to wait."""
