"""Opening a library: the engine, SQLite pragmas, version checks and migrations.

One library = one database. `open_library` refuses files that are not Annotator libraries or
that a newer version wrote, and never changes such a file.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.storage import server
from annotator.storage.errors import BrokenConstraint, LibraryBusy, LibraryError, constraint_of
from annotator.storage.paths import companion_problem, in_memory, part_of, read_only_uri, sqlite_file, to_url
from annotator.storage.revisions import HEAD, KNOWN, TABLES

if TYPE_CHECKING:
    from annotator.storage.listen import Listener

# Session is named here so services can type a transaction without importing SQLAlchemy.
__all__ = ["BrokenConstraint", "Library", "LibraryError", "Session", "migrate_library", "open_library", "to_url"]

BUSY_TIMEOUT_MS = 15_000


@dataclass
class Library:
    """An open library: one engine and the session factories for reading and for writing."""

    url: str
    engine: Engine
    _read: sessionmaker[Session]
    _write: sessionmaker[Session]
    # One thread (the app's window) may write through a connection of its own: see own_writes.
    _owner: int | None = field(default=None, repr=False)
    _own: Connection | None = field(default=None, repr=False)
    _own_write: sessionmaker[Session] | None = field(default=None, repr=False)
    # The owning thread's session id, written into the change log with each of its changes.
    origin: str = field(default="", repr=False)
    _own_lock_ms: int = field(default=0, repr=False)  # on a server: how long the thread's writes wait for a lock
    _own_engine: Engine | None = field(default=None, repr=False)  # on a server: the thread's writes' pool
    # On a server, connected as a coder's login role (revision 0007): that role's name, else ''
    # (SQLite, or an admin's connection: no row security applies). lead: a member of annotator_lead.
    login: str = ""
    lead: bool = False
    migrated_from: str = field(default="", repr=False)  # the revision before this open migrated ('' : none)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sentences(), self._read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One user action: a short transaction, committed at the end or rolled back on error.
        LibraryBusy if another program held the write lock for longer than this writer waits."""
        own = self._owner == threading.get_ident()
        maker = self._own_write if own else self._write
        try:
            with self._sentences(), _busy_sentence(self.url), maker.begin() as session:  # type: ignore[union-attr]
                yield session  # own, on a server: the origin and lock timeout are its engine's (own_writes)
        except LibraryError:
            if own and not self.is_sqlite:
                # The server may have committed a transaction whose reply was lost: the window said
                # "nothing was saved", so its log rows must not count as the window's own (shown
                # already). From now on the window's writes carry a new origin; the catch-up shows those.
                self.origin = uuid.uuid4().hex
            raise

    def own_writes(self, busy_ms: int) -> Callable[[], int]:
        """From now on the calling thread writes through one connection of its own, which waits
        at most busy_ms for another program's write lock (then LibraryBusy: the caller may retry
        later instead of freezing). Returns a cheap probe that changes value exactly when another
        connection — another program, or another thread here — committed since it was last
        called (SQLite's PRAGMA data_version, which ignores the connection's own commits). On a
        server database the probe never changes (its notifications say what changed), the thread
        writes through a pool of its own (a server restart is then survived), whose connections
        wait at most busy_ms for a lock and carry the origin as session settings (decision 060).
        The thread's changes carry `origin` in the change log, so its own window can skip them."""
        self.origin = uuid.uuid4().hex
        self._release_own()
        if not self.is_sqlite:
            # An engine (pool) of the thread's own, whose connections carry its origin and lock
            # timeout as session settings: set once per connection, not in every transaction.
            self._own_engine = create_engine(self.url)
            server.install_settings(self._own_engine, BUSY_TIMEOUT_MS)
            server.own_settings(self._own_engine, lambda: (self.origin, self._own_lock_ms))
            self._own_lock_ms, self._owner = int(busy_ms), threading.get_ident()
            self._own_write = sessionmaker(self._own_engine, expire_on_commit=False, info=self._write.kw.get("info"))
            return lambda: 0
        own = self.engine.execution_options(immediate=True).connect()
        raw = own.connection.dbapi_connection
        assert raw is not None
        raw.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")  # type: ignore[attr-defined]
        # A TEMP trigger lives on this connection only: exactly this connection's log rows get
        # the origin; other programs (and sqlite3 by hand) write the schema's triggers' ''.
        raw.execute(
            "CREATE TEMP TRIGGER IF NOT EXISTS tr_change_log_origin AFTER INSERT ON main.change_log "  # type: ignore[attr-defined]
            f"BEGIN UPDATE change_log SET origin = '{self.origin}' WHERE id = NEW.id; END"
        )
        self._own, self._owner = own, threading.get_ident()
        self._own_write = sessionmaker(bind=own, expire_on_commit=False)

        def data_version() -> int:
            if self._own is not own:
                raise LibraryError("the library was closed")
            try:
                return int(raw.execute("PRAGMA data_version").fetchone()[0])  # type: ignore[attr-defined]
            except sqlite3.Error as exc:
                raise LibraryError(f"{self.url.removeprefix('sqlite:///')}: {exc}") from None

        return data_version

    def listen(self) -> Listener | None:
        """A server database: a connection that listens for the change log's hints (None on SQLite,
        where the own_writes probe is the hint). LibraryError if the server cannot be reached."""
        if self.is_sqlite:
            return None
        from annotator.storage.listen import Listener

        return Listener(self.engine)

    def _release_own(self) -> None:
        own, self._own, self._owner, self._own_write = self._own, None, None, None
        if own is not None:
            own.close()
        if self._own_engine is not None:
            self._own_engine.dispose()
            self._own_engine = None

    @contextmanager
    def _sentences(self) -> Iterator[None]:
        """Database failures (disk full, read-only, damaged, locked for too long) become one
        LibraryError sentence; a broken constraint becomes BrokenConstraint, for the service to
        say what it means for its action."""
        try:
            yield
        except IntegrityError as exc:
            raise BrokenConstraint(_describe(exc, self.url), *constraint_of(exc.orig)) from None
        except DBAPIError as exc:
            raise LibraryError(_describe(exc, self.url)) from None
        except UnicodeEncodeError as exc:  # a lone surrogate (e.g. from a surrogateescape'd argument)
            raise LibraryError(_unstorable(exc)) from None

    @property
    def file(self) -> Path | None:
        """The SQLite file of this library (None for a server database)."""
        return sqlite_file(self.url)

    def holds(self, path: Path) -> bool:
        """Whether `path` is this library's SQLite file or one SQLite keeps beside it: never to be
        opened and closed by this process otherwise (that would drop SQLite's locks: read_only_uri)."""
        return self.file is not None and part_of(path, self.file) is not None

    @property
    def shown(self) -> str:
        """The library as a sentence names it: its file, or its address without the password."""
        return _where(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        """Let SQLite refresh its planner statistics (cheap, bounded), then release the file.
        Without them the export's join is planned with a sort of every row."""
        self._release_own()
        if self.is_sqlite:
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA analysis_limit = 1000")
                    analysed = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
                    connection.exec_driver_sql("PRAGMA optimize" if analysed else "ANALYZE")
                    connection.commit()
            except DBAPIError:
                pass  # a read-only or busy library keeps its old statistics
        self.engine.dispose()


@contextmanager
def _busy_sentence(url: str) -> Iterator[None]:
    """A write that waited too long for another program's lock: a LibraryBusy sentence."""
    try:
        yield
    except OperationalError as exc:
        if _is_busy(exc):
            raise LibraryBusy(f"{_where(url)} is busy: another program is writing to it") from None
        raise


def _is_busy(exc: DBAPIError) -> bool:
    """Whether a failed statement only waited too long for another program (SQLite's "database is
    locked" after its busy timeout, PostgreSQL's lock_timeout): retrying later may succeed."""
    if getattr(exc.orig, "sqlstate", None) in server.BUSY_STATES:
        return True
    message = str(exc.orig)
    return isinstance(exc.orig, sqlite3.Error) and ("locked" in message or "busy" in message)


def migrate_library(path_or_url: str) -> str:
    """The admin step (`annotator migrate`): create or upgrade the library's schema, on a server
    with its roles and row security (revision 0007). Returns the revision it was at before
    ('' for a new library)."""
    library = open_library(path_or_url, migrate=True)
    library.close()
    return library.migrated_from


def open_library(path_or_url: str, *, create: bool = True, migrate: bool | None = None) -> Library:
    """Open the library at a file path or database URL. A SQLite file is created or upgraded as
    needed (it is the user's own); a server database is upgraded only when asked (migrate=True,
    the admin step): otherwise a schema older or newer than this version's is refused with a
    sentence naming `annotator migrate`. A SQLite file is looked at read-only first: nothing (not
    even its journal mode) changes until it is known to be a library of ours, or new."""
    if in_memory(path_or_url):
        raise LibraryError(
            f"{path_or_url} is a database in memory: everything saved in it would be gone "
            "when Annotator ends; give a library file"
        )
    url = to_url(path_or_url)
    path = sqlite_file(url)
    if path is not None and _check_sqlite_file(path, create=create):
        _verdict(*_look_read_only(path))
    try:
        # A server may restart under an open window: server.install_settings checks a pooled
        # connection before use (its socket; a ping after it sat idle), as pool_pre_ping did.
        engine = create_engine(url)
    except ImportError as exc:
        raise LibraryError(f"{_shown(url)} needs the Python package {exc.name or exc}, which is not installed") from None
    except (ArgumentError, ValueError):  # also NoSuchModuleError: an unknown dialect or driver; a port not a number
        raise LibraryError(
            f"{_shown(url)} is not a database Annotator can open (give a library file, sqlite:///PATH or postgresql://…)"
        ) from None
    if engine.dialect.name == "sqlite":
        _install_sqlite_pragmas(engine)
    elif engine.dialect.name == "postgresql":
        server.install_settings(engine, BUSY_TIMEOUT_MS)
    try:
        before = _prepare_schema(engine, migrate=engine.dialect.name == "sqlite" if migrate is None else migrate)
    except LibraryError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise LibraryError(_describe(exc, url)) from None
    try:
        who = server.who(engine) if engine.dialect.name == "postgresql" else server.Who("", False, False)
    except DBAPIError as exc:
        engine.dispose()
        raise LibraryError(_describe(exc, url)) from None
    # A blind coder's session counts the annotations it can see (documents.annotation_count is everyone's).
    info = {"visible_counts": who.coder and not who.lead}
    return Library(
        url=url,
        engine=engine,
        _read=sessionmaker(engine, expire_on_commit=False, info=info),
        _write=sessionmaker(engine.execution_options(immediate=True), expire_on_commit=False, info=info),
        login=who.login if (who.coder or who.lead) else "",
        lead=who.lead,
        migrated_from=before or "",
    )


def _check_sqlite_file(path: Path, *, create: bool) -> bool:
    """Refuse what cannot be a library file; True if the file exists and has content to look at."""
    if path.is_dir():
        raise LibraryError(f"{path} is a folder, not a library file")
    if path.exists() and not path.is_file():  # a FIFO would block the open below; a device never ends
        raise LibraryError(f"{path} is not a regular file (a device, a named pipe or a socket), not a library")
    problem = companion_problem(path)  # SQLite must not open it as a database either (decision 061)
    if problem:
        raise LibraryError(problem)
    if not path.exists():
        if not create:
            raise LibraryError(f"{path} does not exist")
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(f"cannot create the folder {path.parent}: {exc.strerror}") from None
        return False
    # Its size only: the file itself is never opened here, not even to read its header (SQLite's
    # look below refuses what is not SQLite). This process may have it open already, and closing
    # a descriptor of the file would drop SQLite's locks (read_only_uri).
    try:
        return path.stat().st_size > 0
    except OSError as exc:
        raise LibraryError(f"{path} cannot be read: {exc.strerror}") from None


def _look_read_only(path: Path) -> tuple[set[str], str | None]:
    """The tables and schema revision of a SQLite file, read with the standard library in
    read-only mode (no pragma that writes, no journal-mode change, no -wal/-shm left behind)."""
    first = read_only_uri(path)
    if "immutable=1" in first:
        try:
            return _look(path, first)
        except LibraryError:
            pass  # a writer checkpointed under the immutable look: look again, the usual way
    return _look(path, f"file:{quote(str(path.absolute()))}?mode=ro")


def _look(path: Path, uri: str) -> tuple[set[str], str | None]:
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise LibraryError(f"{path} cannot be opened ({exc})") from None
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "locked" in message or "busy" in message:
            raise LibraryError(f"{path} is busy: another program holds it locked") from None
        if "not a database" in message:
            raise LibraryError(f"{path} is not an Annotator library (not an SQLite database)") from None
        raise LibraryError(f"{path} is damaged or not an Annotator library ({message})") from None
    finally:
        connection.close()
    return tables, revision


def _verdict(tables: set[str], revision: str | None) -> bool:
    """Whether the schema needs an upgrade; refuses (LibraryError) a database that is not ours,
    or that a newer version wrote. SQLite's own tables (sqlite_stat1…) do not count."""
    tables = {t for t in tables if not t.startswith("sqlite_")}
    if revision == HEAD and TABLES[HEAD] <= tables:
        return False
    if revision is None and not tables - {"alembic_version"}:
        return True  # new and empty
    if revision is None or (revision in KNOWN and not TABLES.get(revision, TABLES[KNOWN[0]]) <= tables):
        raise LibraryError("the database is not an Annotator library (it holds other tables)")
    if revision not in KNOWN:
        raise LibraryError(
            f"this library was written by a newer version of Annotator (schema {revision}); upgrade Annotator to open it"
        )
    return True


def _shown(url: str) -> str:
    """A URL as it may be printed: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("://")[0] + "://…"


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" hook below issue BEGIN itself (pysqlite's own is deferred
        # and unreliable). `isolation_level = None` is the spelling that works on 3.11 and 3.12+.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # read-only file or folder: reading still works in the old mode
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: object) -> None:
        # Writers take the write lock up front, so a busy library makes them wait (busy_timeout)
        # instead of failing half-way with "database is locked".
        immediate = connection.get_execution_options().get("immediate", False)  # type: ignore[attr-defined]
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]


def _prepare_schema(engine: Engine, *, migrate: bool) -> str | None:
    """Bring the schema to HEAD (creating the library, with its codebook, if it is new) when
    allowed to; otherwise refuse a schema that is not HEAD. Returns the revision it found when it
    migrated ('' for a new library), None when nothing was done."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if not _verdict(tables, revision):
        return None
    if not migrate:  # a shared database: upgrading it is the admin's step, never a side effect
        where = _shown(str(engine.url))
        if revision is None:
            raise LibraryError(
                f"{where} holds no Annotator library yet: an administrator creates it with `annotator migrate --db URL`"
            )
        raise LibraryError(
            f"{where} has schema {revision}, older than this version's {HEAD}: an administrator "
            f"upgrades it with `annotator migrate --db URL` (every coder's app must be closed)"
        )
    new = engine.dialect.name == "sqlite" and not tables
    if new and _from_template(engine, copy=True):
        return ""
    from annotator.storage.migrate import upgrade

    upgrade(engine)
    if new:
        _from_template(engine, copy=False)
    return revision or ""


def _from_template(engine: Engine, *, copy: bool) -> bool:
    """A new SQLite library copied from the template (copy), or kept as the template once the
    migrations have made it (storage.new_library, decision 043)."""
    from annotator.storage import new_library

    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        if copy:
            return new_library.copy_template(raw)  # type: ignore[arg-type]
        new_library.keep_as_template(raw)  # type: ignore[arg-type]
        return True


def _unstorable(exc: UnicodeEncodeError) -> str:
    value = exc.object if isinstance(exc.object, str) else ""
    excerpt = value if len(value) <= 60 else value[:59] + "…"
    bad = value[exc.start : exc.start + 1]
    return (
        f"the text {excerpt!r} cannot be stored or looked up: it holds {bad!r}, half of a character "
        "(a lone surrogate, as a damaged file name or argument gives); nothing was saved"
    )


def _where(url: str) -> str:
    """A library as a sentence names it: its file, or its URL without the password."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else _shown(url)


def _describe(exc: DBAPIError, url: str) -> str:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    where = _where(url)
    if not url.startswith("sqlite"):
        said = server.sentence(message, where) or server.refusal(message, getattr(exc.orig, "sqlstate", None), where)
        if said is not None:
            return said
    if "PostgreSQL text fields cannot contain NUL" in message:  # the services refuse NUL first (domain.nul)
        return f"{where}: a text holding the NUL character (U+0000) cannot be stored; nothing was saved"
    if "file is not a database" in message or "malformed" in message:
        return f"{where} is damaged or not an Annotator library ({message})"
    if "readonly" in message or "read-only" in message:
        return f"{where} is read-only: Annotator needs to write to the library"
    if "unable to open" in message:
        return f"{where} cannot be opened ({message})"
    if "disk" in message and "full" in message:
        return f"{where}: the disk is full"
    if not url.startswith("sqlite") and (exc.connection_invalidated or isinstance(exc, OperationalError)):
        # psycopg's OperationalError: the connection failed or broke (not a refused statement)
        return f"{where}: the server cannot be reached (stopped, or the network is cut)"
    if "disk I/O error" in message:
        return f"{where}: the disk refused to write (disk I/O error: is it full?)"
    return f"{where}: {' '.join(message.split())}"  # one line, whatever the driver's layout
