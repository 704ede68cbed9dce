"""Library locations: file paths and database URLs (no SQLAlchemy here: start-up uses this)."""

from __future__ import annotations

import os
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


# --- a library's own files ------------------------------------------------------------------------
# SQLite keeps these beside a library file. Python must never open and close any of them while this
# process has the library open (that drops SQLite's POSIX locks: decision 058), and SQLite must never
# open a -wal/-shm/-journal as a database of its own (closing it drops the locks held on it, and a
# write would go into another library's log). Decided with stat only, never by reading (061).
COMPANIONS = ("", "-wal", "-shm", "-journal")
KINDS = {"-wal": "write-ahead log", "-shm": "shared-memory file", "-journal": "journal"}
PARTS = {"": "the library itself", **{suffix: f"the library's {kind}" for suffix, kind in KINDS.items()}}


def part_of(path: Path, library: Path) -> str | None:
    """Which of `library`'s files `path` is: "" (the library), "-wal", "-shm" or "-journal"; None
    for none. By path (also for a file not there yet, a symlink followed) and by identity (device,
    inode: a hard link or another spelling of the path)."""
    given = path.expanduser().absolute()
    real = Path(os.path.realpath(given))
    found = identity(real)
    bases = {library.expanduser().absolute(), Path(os.path.realpath(library.expanduser().absolute()))}
    for base in bases:
        for suffix in COMPANIONS:
            part = Path(str(base) + suffix)
            if real == part or given == part or (found is not None and found == identity(part)):
                return suffix
    return None


def companion(path: Path) -> tuple[Path, str] | None:
    """(the database, suffix) if `path` is named as SQLite names the -wal, -shm or -journal beside
    an existing file, or a link to one: never a library or a backup in its own right."""
    for named in dict.fromkeys((path, Path(os.path.realpath(path)))):
        for suffix in COMPANIONS[1:]:
            if named.name.endswith(suffix) and len(named.name) > len(suffix):
                database = named.with_name(named.name.removesuffix(suffix))
                if database.is_file():
                    return database, suffix
    return None


def companion_problem(path: Path) -> str | None:
    """The sentence refusing a database's -wal, -shm or -journal as a database itself; None if
    `path` is none of those."""
    found = companion(path)
    if found is None:
        return None
    database, suffix = found
    return f"{path} is the {KINDS[suffix]} SQLite keeps beside {database}, not a library"


def identity(path: Path) -> tuple[int, int] | None:
    """A file's (device, inode), None if it cannot be found: the same file by any name."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
