"""One curator per document when two leads act at the same instant (decision 023's hold, made
atomic in decision 033). Two real connections: a second lead's decision runs in a thread while
another transaction is taking the same document's hold and has not committed yet. On SQLite a
writer takes the write lock first (BEGIN IMMEDIATE), so the second simply waits its turn; on
PostgreSQL the two transactions really overlap, which is where the old read-then-write lost."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from annotator.services import open_services
from annotator.services.errors import UserError

FAR = "2999-01-01T00:00:00.000Z"  # a hold that has not expired
LONG_AGO = "2000-01-01T00:00:00.000Z"  # one that has


@pytest.fixture
def leads(loaded):
    """lea and max are leads; each has services of their own (their own engine: connections)."""
    loaded.coders.add("Lea", lead=True)
    loaded.coders.add("Max", lead=True)
    loaded.coders.add("Cy", lead=True)
    opened = {name: open_services(loaded.library.url, annotator=name, backup=False) for name in ("lea", "max", "cy")}
    yield loaded, opened
    for services in opened.values():
        services.close()


class InFlight:
    """Another connection's write transaction, begun and not yet committed (a lead's decision
    half-way: it has written the document's hold)."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            self._raw = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, timeout=15)
            self._raw.execute("BEGIN IMMEDIATE")
            self.execute = lambda sql, **p: self._raw.execute(sql, p)  # noqa: E731
        else:
            self._engine = create_engine(url)
            self._watch = create_engine(url, isolation_level="AUTOCOMMIT").connect()
            self._connection = self._engine.connect()
            self.execute = lambda sql, **p: self._connection.execute(text(sql), p)  # noqa: E731

    def waiting(self) -> int:
        """Server backends of this database waiting for a lock (0 on SQLite: cannot be seen)."""
        if self.sqlite:
            return 0
        return self._watch.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        ).scalar_one()

    def commit(self) -> None:
        if self.sqlite:
            self._raw.execute("COMMIT")
            self._raw.close()
        else:
            self._connection.commit()
            self._connection.close()
            self._watch.close()
            self._engine.dispose()


def _coder_id(services, login):
    return next(c.id for c in services.coders.list() if c.login == login)


def _holder(services, document_id):
    with services.library.reading() as session:
        return session.execute(
            text("SELECT c.login FROM curators h JOIN coders c ON c.id = h.coder_id WHERE h.document_id = :d"),
            {"d": document_id},
        ).scalar_one_or_none()


def _decided_by(services, document_id):
    return sorted(d.curator for d in services.gold.decisions([document_id]))


def _race(first: InFlight, second) -> BaseException | None:
    """Run `second` in a thread while `first` is in flight; commit `first` once `second` waits
    for it (PostgreSQL: seen in pg_stat_activity; SQLite: after a moment, it cannot be seen)."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            second()
        except BaseException as exc:  # noqa: BLE001 — handed to the test
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 20
    if first.sqlite:
        time.sleep(0.5)
    else:
        while first.waiting() < 1 and time.monotonic() < deadline and thread.is_alive():
            time.sleep(0.02)
        assert thread.is_alive(), "the second lead did not wait for the first one's transaction"
    first.commit()
    thread.join(30)
    assert not thread.is_alive()
    return failed[0] if failed else None


def test_two_leads_take_a_free_document_at_once_the_second_is_told_who(leads):
    library, lead = leads
    first = InFlight(library.library.url)
    first.execute(
        "INSERT INTO curators (document_id, coder_id, expires_at) VALUES (4, :me, :until)",
        me=_coder_id(library, "lea"),
        until=FAR,
    )
    failed = _race(first, lambda: lead["max"].gold.add(4, "claim", 0, 4))
    assert isinstance(failed, UserError), repr(failed)  # not a primary-key error
    assert "document 4 is being adjudicated by lea" in str(failed) and "one curator at a time" in str(failed)
    assert _holder(library, 4) == "lea" and _decided_by(library, 4) == []


def test_two_leads_take_over_an_expired_hold_at_once_only_one_holds_it(leads):
    library, lead = leads
    lead["cy"].gold.add(4, "claim", 0, 4)  # cy took the document, then walked away: expired
    with library.library.writing() as session:
        session.execute(text("UPDATE curators SET expires_at = :t WHERE document_id = 4"), {"t": LONG_AGO})
    first = InFlight(library.library.url)  # lea takes it over (her decision not committed yet)
    first.execute(
        "UPDATE curators SET coder_id = :me, expires_at = :until WHERE document_id = 4",
        me=_coder_id(library, "lea"),
        until=FAR,
    )
    failed = _race(first, lambda: lead["max"].gold.add(4, "claim", 5, 9))
    assert isinstance(failed, UserError) and "adjudicated by lea" in str(failed), repr(failed)
    assert _holder(library, 4) == "lea" and _decided_by(library, 4) == ["cy"]  # max wrote nothing
