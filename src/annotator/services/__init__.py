"""Use cases, one method per user action; the GUI and the command line both call these.

Importing this package is cheap: SQLAlchemy loads only when a library is opened, so the desktop
app can paint its first frame before paying for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.services.changes import Changes
from annotator.services.errors import UserError
from annotator.storage.errors import LibraryBusy, LibraryError

if TYPE_CHECKING:
    from annotator.services.registry import Services

__all__ = ["Changes", "LibraryBusy", "LibraryError", "Services", "UserError", "migrate", "open_services"]


def migrate(path_or_url: str) -> tuple[str, str]:
    """The admin step: create or upgrade the library's schema (on a server: with its roles and row
    security). Returns (revision before, '' for a new library or one already current; revision now)."""
    from annotator.storage.engine import migrate_library
    from annotator.storage.revisions import HEAD

    return migrate_library(path_or_url), HEAD


def open_services(path_or_url: str, *, annotator: str | None = None, backup: bool = True) -> Services:
    """Open the library and build the services on it (raises LibraryError with a sentence)."""
    from annotator.services.registry import open_services as _open

    return _open(path_or_url, annotator=annotator, backup=backup)


def __getattr__(name: str) -> Any:
    if name == "Services":
        from annotator.services.registry import Services

        return Services
    raise AttributeError(name)
