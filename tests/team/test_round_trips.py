"""A window's tag on a team server in few round trips, with nothing lost (decision 060).

On a busy host each round trip is a wait to be scheduled. The statements a tag sends are counted
where they arrive: the server's log (`log_statement = all` for the coder's login). What the tag
no longer sends — the pool's ping, the origin's and lock timeout's `set_config` — must not cost a
guarantee: a connection the server closed is still replaced before a write, and the window's
origin and lock timeout never reach another thread's connection."""

from __future__ import annotations

import re
import threading
import time

from annotator.services.watch import LibraryWatch
from annotator.storage import server

DOCUMENT = 4
STATEMENT = re.compile(r"LOG:  (?:statement|execute [^:]*): (.*(?:\n\t.*)*)")  # a statement's lines go on after a tab


def _logging(team, login: str) -> None:
    with team.raw("postgres") as admin:
        admin.execute(f"ALTER ROLE \"{login}\" SET log_statement = 'all'")


def _sent_since(team, mark: int) -> list[str]:
    log = (team.server.root / "log").read_text(errors="replace")[mark:]
    return [found[1] for found in STATEMENT.finditer(log)]


def _log_size(team) -> int:
    return len((team.server.root / "log").read_text(errors="replace"))


def test_a_window_tag_on_a_server_is_six_round_trips(team):
    """BEGIN, the coder, the text's hash with the same-span look, the two inserts, COMMIT: no ping
    of a connection used a moment ago, no set_config in the transaction (was nine)."""
    _logging(team, team.alice)
    services = team.services(team.alice)
    try:
        LibraryWatch(services.library, busy_ms=2000)  # this thread writes as the window does
        tag = services.codebook.tags()[0].id
        services.annotations.text(DOCUMENT)
        services.annotations.tag_or_toggle(DOCUMENT, 0, 10, tag)  # the window's connection, set up
        mark = _log_size(team)
        made = services.annotations.tag_or_toggle(DOCUMENT, 20, 30, tag)
        sent = _sent_since(team, mark)
    finally:
        services.close()
    assert made.created
    assert len(sent) == 5, "\n".join(sent)
    assert sent[0] == "BEGIN" and sent[-1] == "COMMIT"
    assert not any(s.strip() == ";" or "set_config" in s for s in sent), sent


def test_a_connection_the_server_closed_a_moment_ago_is_replaced_before_the_window_writes(team):
    """No ping within PING_AFTER_S of the last use, yet a connection the server ended (a restart
    kills every backend) is not used for the next tag: the tag is saved, nothing is refused."""
    services = team.services(team.alice)
    try:
        LibraryWatch(services.library, busy_ms=2000)
        tag = services.codebook.tags()[0].id
        text = services.annotations.text(DOCUMENT)
        services.annotations.tag_or_toggle(DOCUMENT, 0, 10, tag)
        began = time.monotonic()
        with team.raw("postgres") as admin:
            ended = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = %s", (team.alice,)
            ).fetchone()[0]
            while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (team.alice,)).fetchone()[0]:
                time.sleep(0.01)
        time.sleep(0.05)  # the closed sockets' end reaches the client
        made = services.annotations.tag_or_toggle(DOCUMENT, 20, 30, tag)
        assert time.monotonic() - began < server.PING_AFTER_S  # the ping after idleness played no part
        stored = services.annotations.get(made.annotation.id)
    finally:
        services.close()
    assert ended >= 1
    assert stored is not None and text[stored.start : stored.end] == stored.quote == text[20:30]


def test_the_windows_origin_and_lock_timeout_stay_on_its_own_connections(team):
    """Set once per connection as session settings, they must never reach a connection another
    thread (a worker) uses: its writes are not the window's (the window would skip them)."""
    services = team.services(team.alice)
    try:
        LibraryWatch(services.library, busy_ms=1234)
        origin = services.library.origin
        tag = services.codebook.tags()[0].id
        services.annotations.text(DOCUMENT)
        mine = services.annotations.tag_or_toggle(DOCUMENT, 0, 10, tag).annotation
        theirs: list = []
        seen: list = []

        def worker() -> None:
            theirs.append(services.annotations.tag(DOCUMENT, 40, 50, [tag]).annotation)
            with services.library.reading() as session:
                seen.append(session.connection().exec_driver_sql("SHOW lock_timeout").scalar())

        for _ in range(3):  # a worker may be given any pooled connection, again and again
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join()
            services.annotations.tag_or_toggle(DOCUMENT, 60, 70, tag)  # the window writes between
        with team.raw("postgres") as admin:
            origins = dict(
                admin.execute(
                    "SELECT row_id, origin FROM change_log WHERE tbl = 'annotations' AND row_id IN (%s, %s)",
                    (mine.id, theirs[0].id),
                ).fetchall()
            )
    finally:
        services.close()
    assert origins == {mine.id: origin, theirs[0].id: ""}
    assert seen == ["15s"] * 3  # the library's own lock timeout, not the window's 1234 ms
