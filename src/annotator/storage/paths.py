"""Library locations: file paths and database URLs (no SQLAlchemy here: start-up uses this)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote


def to_url(path_or_url: str) -> str:
    if "://" in path_or_url:
        return path_or_url
    return "sqlite:///" + str(Path(path_or_url).expanduser().absolute())


def _sqlite_parts(url: str) -> tuple[str, str] | None:
    """(path, query) of a SQLite URL, also with a driver (sqlite+pysqlite://…); None for others."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+")[0] != "sqlite":
        return None
    path, _, query = rest.removeprefix("/").partition("?")
    return path, query


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, also in its URI form (sqlite:///file:PATH?mode=ro&uri=true)."""
    parts = _sqlite_parts(url)
    if parts is None or in_memory(url):
        return None
    path, query = parts
    if "uri=true" in query and path.startswith("file:"):
        path = path.removeprefix("file:")
    return Path(path) if path else None


def in_memory(location: str) -> bool:
    """Whether a --db value names a SQLite database in memory, gone when the program ends."""
    if "://" not in location:
        return location == ":memory:" or location.startswith("file::memory:")
    parts = _sqlite_parts(location)
    if parts is None:
        return False
    path, query = parts
    return path in ("", ":memory:") or path.startswith("file::memory:") or "mode=memory" in query


def read_only_uri(path: Path) -> str:
    """A sqlite3 URI that reads the file and changes nothing. A file with no -shm, -journal or
    non-empty -wal beside it is the whole database and nobody has it open: read it as immutable,
    so no -wal/-shm appears beside it (a writer that starts meanwhile can make that read fail:
    then read it the usual way).
    Decided by the names beside it only: this process may have the library open, and opening the
    file itself (to read its header) would drop SQLite's locks here when it is closed (POSIX
    record locks belong to the process; tests/reliability/test_own_locks.py)."""
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    return uri + "&immutable=1" if _alone(path) else uri


def _alone(path: Path) -> bool:
    def beside(suffix: str) -> Path:
        return path.with_name(path.name + suffix)

    try:
        wal = beside("-wal")
        return (
            not beside("-shm").exists() and not beside("-journal").exists() and (not wal.exists() or wal.stat().st_size == 0)
        )
    except OSError:
        return False
