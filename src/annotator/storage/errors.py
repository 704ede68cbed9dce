"""The storage layer's one error, importable without loading SQLAlchemy."""


class LibraryError(Exception):
    """A library that cannot be opened or written; the message is one sentence for the user."""
