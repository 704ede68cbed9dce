"""The server killed (SIGKILL of the postmaster, no shutdown of any kind) while coders tag: by a
loop of command-line calls and by the main window. Every acknowledged annotation is in the library
after the restart; what was refused said the server was gone, in one sentence; tagging goes on once
the server is back, without restarting the window (issue 12, "Security and reliability").

A server's own matter: these tests run on PostgreSQL only, each on a cluster of its own."""

from __future__ import annotations

import random
import re
import threading
import time

from annotator.services import open_services
from tests.cli.test_cli import annotator
from tests.live.conftest import close_window, open_window
from tests.reliability.conftest import sample_library
from tests.ui.conftest import open_doc, rows

NOTICE_MS = 3000
DOCUMENT = 1


def unique_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of two-word phrases found once in the text (a quote that names one place)."""
    found = [(m.start(), m.end()) for m in re.finditer(r"\b\w{3,} \w{3,}\b", text)]
    return [(s, e) for s, e in found if text.count(text[s:e]) == 1]


def kill_later(cluster, seconds: float) -> threading.Thread:
    """SIGKILL the postmaster from another thread `seconds` from now (while the test tags)."""
    killer = threading.Timer(seconds, cluster.sigkill)
    killer.start()
    return killer


def stored_spans(url: str) -> dict[int, tuple[int, int]]:
    services = open_services(url, backup=False)
    try:
        text = services.documents.text(DOCUMENT)
        found = services.annotations.for_document(DOCUMENT)
        assert all(text[a.start : a.end] == a.quote for a in found)
        return {a.id: (a.start, a.end) for a in found}
    finally:
        services.close()


def test_a_command_line_loop_keeps_every_acknowledged_tag_through_a_sigkill_of_the_server(own_cluster):
    url = sample_library(own_cluster.database())
    services = open_services(url, backup=False)
    text = services.documents.text(DOCUMENT)
    services.close()
    phrases = unique_phrases(text)
    random.Random(12).shuffle(phrases)
    acknowledged: dict[int, tuple[int, int]] = {}
    refusals: list[str] = []
    killer = None
    while len(refusals) < 2:  # tagging on until the loop has met the dead server twice
        assert phrases, "the loop never met the killed server"
        start, end = phrases.pop()
        done = annotator(url, "tag", str(DOCUMENT), "--quote", text[start:end], "--nth", "1", "--tag", "claim", check=False)
        out, err = done.stdout.decode(), done.stderr.decode()
        if done.returncode == 0:
            (made,) = re.findall(r"tagged annotation (\d+):", out)
            acknowledged[int(made)] = (start, end)
            if killer is None:  # the kill lands at a random moment of the next calls
                killer = kill_later(own_cluster, random.Random(3).uniform(0.2, 1.5))
        else:
            refusals.append(err)
    killer.join()
    for said in refusals:
        assert "Traceback" not in said and said.strip().count("\n") == 0, said
        assert "database server" in said, said
    own_cluster.start_after_kill()
    for start, end in phrases[-3:]:  # the next calls work again
        done = annotator(url, "tag", str(DOCUMENT), "--quote", text[start:end], "--nth", "1", "--tag", "claim")
        (made,) = re.findall(r"tagged annotation (\d+):", done.stdout.decode())
        acknowledged[int(made)] = (start, end)
    stored = stored_spans(url)
    assert len(acknowledged) >= 4
    assert {i: stored.get(i) for i in acknowledged} == acknowledged, "an acknowledged tag was lost"


def test_the_window_keeps_every_acknowledged_tag_through_a_sigkill_and_tags_on_after_it(
    own_cluster, qtbot, tmp_path, no_blocking_dialogs
):
    url = own_cluster.database()
    window = open_window(qtbot, tmp_path, url)
    try:
        text = open_doc(window, DOCUMENT)
        reader, stack = window.workspace.reader, window.controller.undo_stack
        made: list[int] = []
        window.controller.annotationChanged.connect(lambda a: made.append(a.id))
        phrases = unique_phrases(text)
        random.Random(7).shuffle(phrases)
        acknowledged: dict[int, tuple[int, int]] = {}

        def tag(start: int, end: int) -> bool:
            """Select the span and press the tag's key; True if the window acknowledged it."""
            steps, said = stack.count(), len(no_blocking_dialogs)
            reader.select_span(start, end)
            qtbot.keyClick(reader, "1")
            if stack.count() == steps + 1:
                acknowledged[made[-1]] = (start, end)
                return True
            assert any("Nothing was saved" in s for s in no_blocking_dialogs[said:]), no_blocking_dialogs[said:]
            return False

        killer = kill_later(own_cluster, random.Random(5).uniform(0.3, 1.5))
        refused = 0
        while refused < 2:
            assert phrases, "the window never met the killed server"
            refused += not tag(*phrases.pop())
            qtbot.wait(10)  # the event loop runs between key presses
        killer.join()
        qtbot.waitUntil(lambda: window.connection.isVisible(), timeout=NOTICE_MS)
        assert "cannot be reached" in window.connection.text()
        assert reader.toPlainText() == text  # reading goes on
        own_cluster.start_after_kill()
        qtbot.waitUntil(lambda: not window.connection.isVisible(), timeout=NOTICE_MS + 6000)
        deadline = time.monotonic() + 10
        while not tag(*phrases.pop()):  # the window tags again without a restart
            assert time.monotonic() < deadline, "the window did not recover"
        assert tag(*phrases.pop())
        stored = {a.id: (a.start, a.end) for a in rows(window, DOCUMENT)}
        assert len(acknowledged) >= 3
        assert {i: stored.get(i) for i in acknowledged} == acknowledged, "an acknowledged tag was lost"
        assert reader.highlight_count() == len(stored)
    finally:
        close_window(window)
