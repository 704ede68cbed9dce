"""Library locations: file paths and database URLs (no SQLAlchemy here: start-up uses this)."""

from __future__ import annotations

from pathlib import Path


def to_url(path_or_url: str) -> str:
    if "://" in path_or_url:
        return path_or_url
    return "sqlite:///" + str(Path(path_or_url).expanduser().absolute())


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, also in its URI form (sqlite:///file:PATH?mode=ro&uri=true)."""
    if not url.startswith("sqlite:///"):
        return None
    path, _, query = url.removeprefix("sqlite:///").partition("?")
    if "uri=true" in query and path.startswith("file:"):
        path = path.removeprefix("file:")
    return Path(path) if path and path != ":memory:" else None
