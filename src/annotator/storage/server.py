"""What is particular to a server database (PostgreSQL): its connection settings, and its errors
as one sentence each. SQLite's counterparts live in engine.py; nothing else in the code asks."""

from __future__ import annotations

import re
import select
import time
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import InvalidatePoolError

CODERS_ROLE, LEAD_ROLE = "annotator_coders", "annotator_lead"  # made by revision 0007

# SQLSTATEs of "gave up waiting for a lock" and "deadlock detected (this side lost)": retry later.
BUSY_STATES = frozenset({"55P03", "40P01"})

_UNREACHABLE = (
    "No such file or directory",
    "Connection refused",
    "could not translate host name",
    "timeout expired",
    "Network is unreachable",
    "No route to host",
)
_LOST = (
    "server closed the connection unexpectedly",
    "terminating connection",
    "consuming input failed",
    "the connection is closed",
    "connection is lost",
    "SSL SYSCALL error",
)


def lock_timeout(dbapi_connection: object, ms: int) -> None:
    """How long a statement on this connection waits for another's lock (SQLite's busy timeout);
    without it a write waits for ever behind a program that holds a lock."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"SET lock_timeout = {int(ms)}")
    cursor.close()
    dbapi_connection.commit()  # type: ignore[attr-defined]  # SET (not SET LOCAL) outlives the commit


# A pooled connection idle for longer than this is pinged before use (a round trip); sooner, only
# if its socket already says the server hung up (decision 060).
PING_AFTER_S = 5.0


def install_settings(engine: Engine, lock_ms: int) -> None:
    """Each connection's lock timeout, and its check at checkout (instead of pool_pre_ping)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: object, _record: object) -> None:
        lock_timeout(dbapi_connection, lock_ms)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: object, record: object) -> None:
        record.info["idle_since"] = time.monotonic()  # type: ignore[attr-defined]

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: object, record: object, _proxy: object) -> None:
        since = record.info.get("idle_since")  # type: ignore[attr-defined]  # None: fresh from connect
        if since is None or (time.monotonic() - since < PING_AFTER_S and not hung_up(dbapi_connection)):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)  # type: ignore[arg-type]
        except engine.dialect.loaded_dbapi.Error as exc:
            if engine.dialect.is_disconnect(exc, dbapi_connection, None):  # type: ignore[arg-type]
                # as pool_pre_ping: the server restarted, so every pooled connection is stale
                raise InvalidatePoolError() from exc
            raise


def hung_up(dbapi_connection: object) -> bool:
    """Whether an idle connection's socket has something to read: nothing is due on an idle
    connection, so the server closed it (a restart, a kill) or is about to. No round trip."""
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        return True
    try:
        fd = dbapi_connection.fileno()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a closed connection has no socket: dead either way
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])  # Windows: no poll(); sockets only, as here


def own_settings(engine: Engine, wanted: Callable[[], tuple[str, int]]) -> None:
    """The window's writes' engine: its connections carry the window's origin and lock timeout
    as session settings, set at checkout when they differ (once per connection, and again when
    the origin changes) instead of in every transaction. No other user ever checks out one of
    these connections, so nothing leaks (decision 060)."""

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: object, record: object, _proxy: object) -> None:
        origin, lock_ms = wanted()
        if record.info.get("own") == (origin, lock_ms):  # type: ignore[attr-defined]
            return
        try:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            cursor.execute(
                "SELECT set_config('annotator.origin', %s, false), set_config('lock_timeout', %s, false)",
                (origin, f"{int(lock_ms)}ms"),
            )
            cursor.close()
            dbapi_connection.commit()  # type: ignore[attr-defined]  # a session setting outlives the commit
        except engine.dialect.loaded_dbapi.Error as exc:
            if engine.dialect.is_disconnect(exc, dbapi_connection, None):  # type: ignore[arg-type]
                raise InvalidatePoolError() from exc  # the pool connects again, and this runs again
            raise
        record.info["own"] = (origin, lock_ms)  # type: ignore[attr-defined]


class Who(NamedTuple):
    """Who a connection is: its role, and whether it is a coder's or the lead's (row security
    applies to both; neither is a superuser or owns the tables)."""

    login: str
    coder: bool
    lead: bool


def who(engine: Engine) -> Who:
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT current_user, "
                "coalesce(pg_has_role(current_user, (SELECT oid FROM pg_roles WHERE rolname = :coders), 'MEMBER'), false), "
                "coalesce(pg_has_role(current_user, (SELECT oid FROM pg_roles WHERE rolname = :lead), 'MEMBER'), false), "
                "(SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)"
            ),
            {"coders": CODERS_ROLE, "lead": LEAD_ROLE},
        ).one()
    login, coder, lead, bypass = row
    if bypass:  # a superuser is in every role and sees everything: an admin's connection
        return Who(login, False, False)
    return Who(login, bool(coder), bool(lead))


_REFUSED = "42501"  # insufficient_privilege: also "new row violates row-level security policy"


def refusal(message: str, sqlstate: str | None, where: str) -> str | None:
    """A statement the server refused to this login (privileges, row security), as one sentence."""
    if sqlstate != _REFUSED:
        return None
    if "row-level security" in message:
        return (
            f"{where}: the server refused: that row is in another coder's layer (a coder writes only "
            "their own annotations); nothing was saved"
        )
    found = re.search(r"permission denied for (table|sequence|function) (\S+)", message)
    thing = {
        "tags": "the codebook",
        "documents": "documents and their phases",
        "document_texts": "documents",
        "lexicon_terms": "the lexicon",
        "coders": "the coders",
        "variables": "the document variables",
        "document_values": "document variables",
        "document_memos": "memos",
    }.get(found[2] if found else "", "this")
    return f"{where}: the server refused: only the lead changes {thing}; nothing was saved"


def sentence(message: str, where: str) -> str | None:
    """One sentence for a server's refusal or loss (None: not one of these). libpq's messages run
    over several lines and name the socket; the user needs what happened and what to check."""
    found = re.search(r'database "([^"]*)" does not exist', message)
    if found:
        return f"{where}: the database {found[1]} does not exist on the server (create it, or check the name)"
    found = re.search(r'role "([^"]*)" (does not exist|is not permitted to log in)', message)
    if found:
        said = "does not exist" if found[2] == "does not exist" else "may not log in"
        return f"{where}: the server refused the login {found[1]}: that role {said}"
    found = re.search(r'permission denied for database "([^"]*)"', message)
    if found:  # no CONNECT: not a coder of this library, or made inactive in it (decision 046)
        return f"{where}: the server refused the connection: this login may not connect to the database {found[1]}"
    found = re.search(r'(password|peer|ident|certificate) authentication failed for user "([^"]*)"', message)
    if found:
        return f"{where}: the server refused the login {found[2]} ({found[1]} authentication failed)"
    if "no password supplied" in message:
        return f"{where}: the server asks for a password (use a password file ~/.pgpass or PGPASSWORD)"
    if any(sign in message for sign in _LOST):
        return f"{where}: the connection to the database server was lost (was it stopped or the network cut?)"
    if any(sign in message for sign in _UNREACHABLE):
        return f"{where}: cannot reach the database server (is it running, and is the address right?)"
    return None
