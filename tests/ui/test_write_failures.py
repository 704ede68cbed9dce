"""Failed writes in the app (issue 10, item 6, and the UI side of item 2): a real full disk
(SQLite's max_page_count on the app's own connections) and a real second process holding the
write lock. Each failure shows one sentence, leaves no undo entry and never freezes the window;
a refused undo or redo leaves the undo stack matching the library."""

import sqlite3
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from annotator.services import LibraryError
from tests.ui.conftest import open_doc, rows, select_text

HOLD = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
connection.rollback()
"""
# On a server the same: another connection keeps every write waiting (reads go on) until it ends.
HOLD_SERVER = """
import sys
from sqlalchemy import create_engine, text
with create_engine(sys.argv[1]).connect() as connection:
    connection.execute(text("LOCK TABLE documents, annotations, annotation_tags IN EXCLUSIVE MODE"))
    print("locked", flush=True)
    sys.stdin.read()
    connection.rollback()
"""


@pytest.fixture
def lock_holder(window):
    """Another program holding the library's write lock until `release()`."""
    holders = []

    def hold():
        library = window.controller.services.library
        program, where = (HOLD, str(library.file)) if library.is_sqlite else (HOLD_SERVER, library.url)
        process = subprocess.Popen([sys.executable, "-c", program, where], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert process.stdout.readline().strip() == b"locked"
        holders.append(process)

        def release():
            process.stdin.close()
            process.wait(10)

        return release

    yield hold
    for process in holders:
        if process.poll() is None:
            process.stdin.close()
            process.wait(10)


def fill_the_disk(window):
    """The disk fills up: the app's connections may not grow the file any more, and the file is
    filled to its last page (other passages tagged, as a long session would)."""
    library = window.controller.services.library
    pages = sqlite3.connect(library.file).execute("PRAGMA page_count").fetchone()[0]
    limit = f"PRAGMA max_page_count = {pages}"
    event.listen(library.engine, "connect", lambda c, _r: c.execute(limit))
    library.engine.dispose()  # the pooled connections; the window's own write connection is kept:
    library._own.connection.dbapi_connection.execute(limit)
    annotations = window.controller.services.annotations
    failed = 0
    for i in range(20_000):
        try:
            # Long rows until the first refusal, then short ones: each row's random UUID goes to
            # its own place in the uuid index (0005), where a page may still have room.
            annotations.tag(2, i % 2000, i % 2000 + (3 if failed else 40 + i // 2000), [1], note="" if failed else "x" * 50)
            failed = min(failed, 1)
        except LibraryError:
            failed += 1
            if failed >= 50:  # fifty refusals in a row: full
                return
    raise AssertionError("the library never filled up")


PASSAGES = ["absolute and complete victory", "Azerbaijan", "Karabakh"]


@pytest.mark.sqlite_only("fills the disk by SQLite's max_page_count")
def test_disk_full_each_key_press_says_so_and_leaves_no_undo_entry(window, qtbot, no_blocking_dialogs):
    open_doc(window, 4)
    fill_the_disk(window)
    reader, stack = window.workspace.reader, window.controller.undo_stack
    for passage in PASSAGES:
        said = len(no_blocking_dialogs)
        select_text(reader, passage)
        qtbot.keyClick(reader, "1")
        assert rows(window, 4) == []
        assert stack.count() == 0, "a failed write must leave no undo entry"
        assert reader.highlight_count() == 0
        assert len(no_blocking_dialogs) == said + 1
        assert "disk is full" in no_blocking_dialogs[-1]


def test_a_second_program_holding_the_lock_never_freezes_the_window(window, qtbot, lock_holder):
    text = open_doc(window, 4)
    reader, stack = window.workspace.reader, window.controller.undo_stack
    release = lock_holder()
    select_text(reader, "absolute and complete victory")
    began = time.monotonic()
    qtbot.keyClick(reader, "1")
    assert time.monotonic() - began < 1.0, "the key press must not wait for the lock"
    assert "Waiting for another program" in window.statusBar().currentMessage()
    qtbot.wait(400)  # the event loop runs meanwhile: the window answers
    assert rows(window, 4) == [] and stack.count() == 0
    # Another key meanwhile is not queued behind the wait: it says so and does nothing.
    select_text(reader, "Azerbaijan")
    qtbot.keyClick(reader, "2")
    assert "Still waiting" in window.statusBar().currentMessage()
    release()
    qtbot.waitUntil(lambda: len(rows(window, 4)) == 1, timeout=3000)
    (a,) = rows(window, 4)
    assert text[a.start : a.end] == "absolute and complete victory"
    qtbot.waitUntil(lambda: stack.count() == 1 and reader.highlight_count() == 1, timeout=1000)
    assert reader.current() == a.id
    assert "Waiting" not in window.statusBar().currentMessage()


def test_switching_coder_while_a_tag_waits_for_the_lock_is_refused(
    window, qtbot, lock_holder, monkeypatch, no_blocking_dialogs
):
    """The waiting tag belongs to the coder who pressed the key: a switch meanwhile would land it in
    the new coder's layer and undo history (found by review). The switch is refused with a sentence."""
    from PySide6.QtWidgets import QInputDialog

    open_doc(window, 4)
    before = window.controller.services.coders.current().login
    release = lock_holder()
    select_text(window.workspace.reader, "absolute and complete victory")
    qtbot.keyClick(window.workspace.reader, "1")
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Second Coder", True)))
    window.libraries.ask_coder()
    assert window.controller.services.coders.current().login == before
    assert any("waiting" in m for m in no_blocking_dialogs)
    release()
    qtbot.waitUntil(lambda: len(rows(window, 4)) == 1, timeout=3000)
    assert rows(window, 4)[0].coder == before


def test_giving_up_on_the_lock_says_so_and_leaves_no_undo_entry(window, qtbot, lock_holder, no_blocking_dialogs):
    open_doc(window, 4)
    window.controller.door.patience_s = 1.0
    release = lock_holder()
    select_text(window.workspace.reader, "absolute and complete victory")
    qtbot.keyClick(window.workspace.reader, "1")
    qtbot.waitUntil(lambda: any("another program" in m for m in no_blocking_dialogs), timeout=4000)
    release()
    qtbot.wait(300)
    assert rows(window, 4) == [] and window.controller.undo_stack.count() == 0
    assert window.workspace.reader.highlight_count() == 0


def _undo(window, qtbot):
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _redo(window, qtbot):
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)


def test_undo_and_redo_refused_by_the_lock_keep_the_stack_matching_the_library(
    window, qtbot, lock_holder, no_blocking_dialogs
):
    open_doc(window, 4)
    reader, stack = window.workspace.reader, window.controller.undo_stack
    select_text(reader, "absolute and complete victory")
    qtbot.keyClick(reader, "1")
    assert len(rows(window, 4)) == 1 and stack.index() == 1
    window.controller.door.patience_s = 1.0

    release = lock_holder()
    _undo(window, qtbot)
    qtbot.waitUntil(lambda: any("another program" in m for m in no_blocking_dialogs), timeout=4000)
    release()
    assert stack.index() == 1 and len(rows(window, 4)) == 1, "a failed undo leaves the step done"
    _undo(window, qtbot)
    qtbot.waitUntil(lambda: stack.index() == 0, timeout=2000)
    assert rows(window, 4) == [] and reader.highlight_count() == 0

    said = len(no_blocking_dialogs)
    release = lock_holder()
    _redo(window, qtbot)
    qtbot.waitUntil(lambda: len(no_blocking_dialogs) > said, timeout=4000)
    release()
    assert stack.index() == 0 and rows(window, 4) == [], "a failed redo leaves the step undone"
    _redo(window, qtbot)
    qtbot.waitUntil(lambda: stack.index() == 1, timeout=2000)
    assert len(rows(window, 4)) == 1 and reader.highlight_count() == 1


def test_a_redo_refused_by_the_library_shows_a_sentence_and_keeps_the_step_undone(window, qtbot, no_blocking_dialogs):
    """Another program deleted the tag meanwhile: the redo cannot put the passage back."""
    from annotator.services import open_services

    open_doc(window, 4)
    reader, stack = window.workspace.reader, window.controller.undo_stack
    select_text(reader, "absolute and complete victory")
    qtbot.keyClick(reader, "1")
    _undo(window, qtbot)
    assert stack.index() == 0 and rows(window, 4) == []
    claim = window.controller.tag_by_key(1)
    other = open_services(window.controller.services.library.url, backup=False)
    try:
        other.codebook.delete(claim.id)
    finally:
        other.close()
    said = len(no_blocking_dialogs)
    _redo(window, qtbot)
    assert len(no_blocking_dialogs) == said + 1
    assert "taken off the undo history" in no_blocking_dialogs[-1]
    assert rows(window, 4) == []
    # Refused for good: the step is gone, and the stack says so (nothing to redo, nothing done).
    assert (stack.index(), stack.count(), stack.canRedo()) == (0, 0, False)
