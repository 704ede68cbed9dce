"""Other programs change the library while the window is open (issue 10, items 5 and 7): the
command line runs as a subprocess on the same file; the window notices within about a second,
refreshes what changed and keeps the reader's place."""

import csv
import io
import time

import pytest
from PySide6.QtGui import QTextCursor

from tests.cli.test_cli import annotator
from tests.conftest import write
from tests.ui.conftest import open_doc, rows, select_text

# The window notices other programs by SQLite's PRAGMA data_version, on PostgreSQL by LISTEN/NOTIFY
# (ui/external.py): the same tests on both.

NOTICE_MS = 1500  # "within a second", plus slack for a loaded 2-core machine
# How long the other tests wait for a change to show: they check that it shows, and the first test
# that it shows in time; under a loaded machine a second program's commit can be late by itself.
SHOWS_MS = 5000


def _library(window):
    """The library's file, or its server URL: what another program is given."""
    library = window.controller.services.library
    return library.file or library.url


def _scrolled_with_selection(window, text):
    """Scroll the reader to the middle and select a passage there, as a reader would."""
    reader = window.workspace.reader
    bar = reader.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = reader.cursorForPosition(reader.viewport().rect().center()).position()
    cursor = reader.textCursor()
    cursor.setPosition(middle)
    cursor.setPosition(middle + 12, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    bar.setValue(bar.maximum() // 2)
    return bar.value(), (cursor.selectionStart(), cursor.selectionEnd())


def test_a_tag_made_by_the_command_line_shows_within_a_second(window, qtbot):
    text = open_doc(window, 1)
    qtbot.wait(50)
    reader, pane = window.workspace.reader, window.workspace.pane
    scroll, selection = _scrolled_with_selection(window, text)
    quote = text[200:260]
    annotator(_library(window), "tag", "1", "--quote", quote, "--nth", "1", "--tag", "claim")
    changed_at = time.monotonic()
    qtbot.waitUntil(lambda: reader.highlight_count() == 1 and pane.model.rowCount() == 1, timeout=NOTICE_MS)
    assert time.monotonic() - changed_at < NOTICE_MS / 1000
    (stored,) = rows(window, 1)
    assert reader.tags_of(stored.id) == stored.tag_ids
    assert pane.model.annotation(stored.id).quote == quote
    # The reader did not move and kept the selection.
    assert reader.verticalScrollBar().value() == scroll
    cursor = reader.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == selection
    # The library pane's count for the document follows.
    qtbot.waitUntil(lambda: _count_shown(window, 1) == 1, timeout=SHOWS_MS)


def test_a_note_and_a_delete_by_another_program_show_too(window, qtbot, tmp_path):
    text = open_doc(window, 1)
    quote = text[300:340]
    annotator(_library(window), "tag", "1", "--quote", quote, "--nth", "1", "--tag", "claim", "--note", "first")
    pane = window.workspace.pane
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=SHOWS_MS)
    (stored,) = rows(window, 1)
    # Another program (another app window of the passage's coder, say) edits the note, then deletes it.
    from annotator.services import open_services

    other = open_services(str(_library(window)), annotator=stored.coder, backup=False)
    try:
        other.annotations.set_note(stored.id, "edited elsewhere")
        qtbot.waitUntil(lambda: pane.model.annotation(stored.id).note == "edited elsewhere", timeout=SHOWS_MS)
        other.annotations.delete(stored.id)
    finally:
        other.close()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0 and window.workspace.reader.highlight_count() == 0, timeout=SHOWS_MS)


def test_a_document_imported_by_the_command_line_appears_in_the_library(window, qtbot, tmp_path):
    open_doc(window, 1)
    before = window.library.model.rowCount()
    article = write(tmp_path / "fresh.txt", "A fresh article imported from the command line.\n")
    annotator(_library(window), "import", str(article))
    qtbot.waitUntil(lambda: window.library.model.rowCount() == before + 1, timeout=SHOWS_MS)
    # The open document is still the one highlighted in the library pane.
    current = window.library.table.currentIndex()
    assert current.data(0x0100).id == 1


def _count_shown(window, document_id):
    model = window.library.model
    row = model.row_of(document_id)
    return model.index(row, 0).data(0x0100).annotation_count  # Qt.UserRole: the Document


@pytest.mark.sqlite_only("a backup and its restore are of an SQLite file")
def test_a_restore_plus_import_that_replaces_the_open_text_reloads_it(window, qtbot, tmp_path, no_blocking_dialogs):
    """Item 5: restore a backup made before document 5 existed, import another article (which
    gets id 5): the app must show the new text, and a tag made then matches the stored text."""
    library = _library(window)
    backup = tmp_path / "before.sqlite3"
    annotator(library, "backup", str(backup))
    first = write(tmp_path / "first.txt", "The first article: " + "old words here. " * 200 + "\n")
    annotator(library, "import", str(first))
    qtbot.waitUntil(lambda: window.library.model.row_of(5) is not None, timeout=SHOWS_MS)
    old = open_doc(window, 5)
    assert old.startswith("The first article")
    qtbot.wait(50)
    bar = window.workspace.reader.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=SHOWS_MS)
    place = bar.value() / bar.maximum()
    annotator(library, "restore", str(backup), "--yes")
    second = write(tmp_path / "second.txt", "Another article entirely: " + "new text there. " * 150 + "\n")
    annotator(library, "import", str(second))
    new = annotator(library, "text", "5").stdout.decode()
    reader = window.workspace.reader
    qtbot.waitUntil(lambda: reader.toPlainText() == new, timeout=SHOWS_MS)
    assert "reloaded" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: abs(bar.value() / bar.maximum() - place) < 0.05, timeout=SHOWS_MS)  # the same place
    # Tag a passage now, as the user does: the export keeps text == document[start:end].
    window.workspace.reader.select_span(30, 45)
    qtbot.keyClick(reader, "1")
    exported = list(csv.DictReader(io.StringIO(annotator(library, "export", "--doc", "5").stdout.decode())))
    assert len(exported) == 1
    row = exported[0]
    assert row["text"] == new[int(row["start"]) : int(row["end"])]


def test_suggestions_accepted_by_the_command_line_leave_the_apps_suggestion_list(window, qtbot):
    text = open_doc(window, 1)
    flow = window.workspace.suggestions
    qtbot.waitUntil(lambda: flow.settled and len(flow.offers) > 0, timeout=5000)
    tag = flow.offers[0].tag
    mine = [s for s in flow.offers if s.tag == tag]
    # The same coder at the command line (another coder's passages hide none of this coder's offers).
    me = window.controller.services.coders.login
    annotator(_library(window), "suggest", "1", "--tag", tag, "--accept", "--annotator", me)
    reader = window.workspace.reader
    qtbot.waitUntil(lambda: reader.highlight_count() == len(mine), timeout=SHOWS_MS)
    qtbot.waitUntil(lambda: not [s for s in flow.offers if s.tag == tag], timeout=SHOWS_MS + 1000)
    assert {(a.start, a.end) for a in rows(window, 1)} == {(s.start, s.end) for s in mine}
    assert all(text[a.start : a.end] == a.quote for a in rows(window, 1))


def test_a_tag_deleted_by_another_program_leaves_the_passages_and_the_palette(window, qtbot):
    from annotator.services import open_services

    open_doc(window, 4)
    reader = window.workspace.reader
    select_text(reader, "absolute and complete victory")
    qtbot.keyClick(reader, "1")
    select_text(reader, "absolute and complete victory")
    qtbot.keyClick(reader, "2")  # the same passage gets a second tag
    (a,) = rows(window, 4)
    first, second = window.controller.tag_by_key(1), window.controller.tag_by_key(2)
    assert set(a.tag_ids) == {first.id, second.id}
    other = open_services(str(_library(window)), backup=False)
    try:
        other.codebook.delete(second.id)
    finally:
        other.close()
    qtbot.waitUntil(lambda: reader.tags_of(a.id) == (first.id,), timeout=SHOWS_MS)
    assert second.id not in {t.id for t in window.controller.tags}
    assert not [action for action in window.tags_menu.actions() if second.name in action.text()]


@pytest.mark.sqlite_only(
    "the other program's raw SQL is SQLite's (a table renamed away under the window; on a server the count "
    "trigger's UPDATE documents then fails the insert itself)"
)
def test_a_change_the_window_could_not_show_is_shown_once_it_can(window, qtbot):
    """A change read from the log but not applied (the library unreadable for a moment) must not
    be skipped: the mark stays and the next poll applies it (found by review: the mark advanced
    although refreshing the library pane failed, and the count stayed wrong for good)."""
    from tests.rawdb import RawDB

    qtbot.waitUntil(lambda: _count_shown(window, 1) == 0, timeout=SHOWS_MS)
    with RawDB(_library(window)) as db:  # another program, in SQL: its table away for a moment ...
        db.run("ALTER TABLE documents RENAME TO documents_away")
        db.run(
            "INSERT INTO coders (login, display_name, role, active, created_at) "
            "VALUES ('raw', 'raw', 'coder', 1, '2026-01-01T00:00:00Z')"
        )
        db.run(
            "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, coder_id, "
            "uuid, layer, created_at, updated_at, fields) SELECT 1, 0, 3, substr(text, 1, 3), '', '', '', "
            "(SELECT id FROM coders WHERE login = 'raw'), 'raw-uuid-1', 'coder', 't', 't', '' "
            "FROM document_texts WHERE document_id = 1"
        )
        qtbot.wait(1000)  # polls meanwhile: the log says document 1 changed, its row cannot be read
        db.run("ALTER TABLE documents_away RENAME TO documents")  # ... and back
    qtbot.waitUntil(lambda: _count_shown(window, 1) == 1, timeout=SHOWS_MS)
