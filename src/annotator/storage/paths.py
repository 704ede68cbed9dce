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
    """A sqlite3 URI that reads the file and changes nothing. A WAL-mode file whose -wal is empty
    or absent is the whole database: read it as immutable, so no -wal/-shm appears beside it (a
    writer that starts meanwhile can make that read fail: then read it the usual way)."""
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    return uri + "&immutable=1" if _wal_is_empty(path) else uri


def _wal_is_empty(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(18)
            wal_mode = handle.read(1) == b"\x02"
        wal = path.with_name(path.name + "-wal")
        return wal_mode and (not wal.exists() or wal.stat().st_size == 0)
    except OSError:
        return False
