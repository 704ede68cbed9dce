"""PostgreSQL: a connection of its own that LISTENs for the change log's hints. No Qt here: the
window watches `fileno()` from its event loop and calls `drain()` when the socket is readable."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from annotator.storage.change_log import CHANNEL
from annotator.storage.errors import LibraryError

# A cut network (no FIN ever arrives) is noticed within seconds, not hours (TCP only).
LIVE_OPTIONS = {"connect_timeout": 3, "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2}


class Listener:
    """An autocommit psycopg connection that has run LISTEN; LibraryError when it is gone."""

    def __init__(self, engine: Engine) -> None:
        import psycopg

        args, params = engine.dialect.create_connect_args(engine.url)
        params = {**LIVE_OPTIONS, **params}  # libpq ignores keepalives on a Unix socket
        try:
            self._connection: Any = psycopg.connect(*args, **params, autocommit=True)
            self._connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            raise LibraryError(f"the server cannot be reached ({str(exc).strip()})") from None

    def fileno(self) -> int:
        return int(self._connection.fileno())

    def drain(self) -> int:
        """Consume the hints that arrived (without waiting); how many."""
        import psycopg

        try:
            return sum(1 for _ in self._connection.notifies(timeout=0, stop_after=None))
        except psycopg.Error as exc:
            raise LibraryError(f"the server cannot be reached ({str(exc).strip()})") from None

    def close(self) -> None:
        try:
            self._connection.close()
        except Exception:  # noqa: BLE001 - already broken: nothing to release
            pass
