"""Live updates between coders' own logins (issue 12 "Live" with "Blind coding"): real main windows,
offscreen, each connected as a coder's or the lead's login role. Alice's tag reaches the lead's open
window while the document is blind, and Bob's only once it is revealed; a coder's catch-up from the
change log after a reconnect names nothing of another coder's blind work."""

from __future__ import annotations

import psycopg
import pytest
from PySide6.QtCore import QSettings

from annotator.services.watch import LibraryWatch
from annotator.ui.launch import build_window
from tests.ui.conftest import (
    no_blocking_dialogs,  # noqa: F401 - the same never-blocking dialogs
    press,
)

NOTICE_MS = 5000  # generous on a loaded 2-core machine; the latency is measured in benchmarks/live.py
QUIET_MS = 1500  # how long a window is watched for what must not reach it (many hints' worth)


def _window(team, login, qtbot, tmp_path, document_id=4):
    settings = QSettings(str(tmp_path / f"{login}.ini"), QSettings.Format.IniFormat)
    window = build_window(team.url_as(login), None, settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitUntil(lambda: window.controller.ready, timeout=10_000)
    assert window.controller.services.library.login == login  # the login role, not the superuser
    window.controller.open_document(document_id)
    return window


def _close(window):
    assert window.controller.tasks.wait_idle()
    window.close()
    window.controller.services.close()


def _shown(window):
    """(passages painted in the reader, rows in the passage list) of the open document."""
    return window.workspace.reader.highlight_count(), window.workspace.pane.model.rowCount()


def _coders_listed(window):
    return sorted(a.coder for a in window.workspace.pane.model.all())


@pytest.fixture
def windows(coded, qtbot, tmp_path, no_blocking_dialogs):  # noqa: F811
    """Alice's, Bob's and the lead's windows on document 4 (blind; Alice and Bob one passage each)."""
    opened = {}
    try:
        for who, login in (("alice", coded.alice), ("bob", coded.bob), ("lead", coded.lead)):
            opened[who] = _window(coded, login, qtbot, tmp_path)
        qtbot.waitUntil(lambda: _shown(opened["alice"]) == (1, 1) and _shown(opened["bob"]) == (1, 1), timeout=10_000)
        qtbot.waitUntil(lambda: _shown(opened["lead"]) == (2, 2), timeout=10_000)
        yield opened
    finally:
        for window in opened.values():
            _close(window)
    assert no_blocking_dialogs == []


def test_alices_tag_reaches_the_leads_window_while_blind_and_bobs_only_after_the_reveal(coded, windows, qtbot):
    alice, bob, lead = windows["alice"], windows["bob"], windows["lead"]
    press(alice, qtbot, "absolute and complete victory", "1")  # Alice tags by key in her window
    qtbot.waitUntil(lambda: _shown(alice) == (2, 2), timeout=NOTICE_MS)  # the list follows a moment later
    qtbot.waitUntil(lambda: _shown(lead) == (3, 3), timeout=NOTICE_MS)  # the lead sees it at once
    assert _coders_listed(lead) == sorted([coded.alice, coded.alice, coded.bob])
    qtbot.wait(QUIET_MS)  # Bob's window is listening all the while: nothing of Alice's reaches it
    assert _shown(bob) == (1, 1) and _coders_listed(bob) == [coded.bob]
    coded.cli(coded.lead, "reveal", "4")  # the lead reveals from the command line (another program)
    qtbot.waitUntil(lambda: _shown(bob) == (3, 3), timeout=NOTICE_MS)
    assert _coders_listed(bob) == sorted([coded.alice, coded.alice, coded.bob])
    # From now on Alice's next passage reaches Bob as it is made.
    press(alice, qtbot, "Armenia", "2")
    qtbot.waitUntil(lambda: _shown(bob) == (4, 4) and _shown(lead) == (4, 4), timeout=NOTICE_MS)


def _cut_listeners(team, login):
    """Terminate the LISTEN connections of a login (a network cut for that window only)."""
    with psycopg.connect(host=str(team.server.socket), user="postgres", dbname=team.database, autocommit=True) as c:
        cut = c.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s AND query LIKE 'LISTEN%%'",
            (login,),
        ).fetchall()
    assert cut, f"{login} had no LISTEN connection"


def test_a_coders_catch_up_after_a_reconnect_names_nothing_of_anothers_blind_work(coded, windows, qtbot):
    """Bob's window loses its LISTEN connection; while it is away (the event loop is held by the
    subprocesses) Alice tags twice and Bob once from the command line. Bob's window reconnects and
    reads the log from the last id it saw: his own new passage comes, nothing of Alice's. The same
    read by the services (what the window asks) names no row of Alice's, and Bob's login reads
    no log row about her."""
    bob, lead = windows["bob"], windows["lead"]
    bobs = coded.services(coded.bob)  # another program of Bob's, reading the log as the window does
    watch = LibraryWatch(bobs.library, busy_ms=100)  # Bob's mark before the cut
    watch.follow(4)
    _cut_listeners(coded, coded.bob)
    coded.cli(coded.alice, "tag", "4", "--quote", "Armenia", "--nth", "1", "--tag", "claim")
    coded.cli(coded.alice, "tag", "1", "--quote", "Karabakh", "--nth", "1", "--tag", "claim")  # another document
    coded.cli(coded.bob, "tag", "4", "--quote", "absolute and complete victory", "--nth", "1", "--tag", "claim")
    qtbot.waitUntil(lambda: _shown(bob) == (2, 2), timeout=NOTICE_MS + 5000)  # caught up: his own new one
    qtbot.waitUntil(lambda: not bob.connection.isVisible(), timeout=NOTICE_MS)
    qtbot.waitUntil(lambda: _shown(lead) == (4, 4), timeout=NOTICE_MS)  # the lead has Alice's too
    qtbot.wait(QUIET_MS)
    assert _coders_listed(bob) == [coded.bob, coded.bob]
    changes, _mark = watch.changes()
    bobs.close()
    theirs = {a.id for a in lead.controller.services.annotations.for_document(4) if a.coder == coded.alice}
    mine = {a.id for a in bob.controller.services.annotations.for_document(4)}
    assert changes.annotations == mine - {min(mine)}  # Bob's new passage only
    assert not changes.annotations & theirs and changes.documents == {4}  # not even document 1's count
    with coded.raw(coded.bob) as raw:
        about = raw.execute(
            "SELECT count(*) FROM change_log l JOIN coders c ON c.id = l.coder_id WHERE c.login = %s", (coded.alice,)
        ).fetchone()[0]
    assert about == 0
