"""The storage layer's one error, importable without loading SQLAlchemy."""


class LibraryError(Exception):
    """A library that cannot be opened or written; the message is one sentence for the user."""


class LibraryBusy(LibraryError):
    """Another program held the write lock longer than this writer was willing to wait."""
