"""The issue's scenario in the real window: tag, Ctrl+Z, the command line tags another document,
redo — the command line's annotation must survive, and the app's must come back under its own id."""

import os
import subprocess
import sys

from PySide6.QtCore import Qt

from tests.ui.conftest import open_doc, press, rows


def cli(db, *args):
    env = {**os.environ, "ANNOTATOR_USER": "cli-tester"}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_redo_after_the_command_line_tagged_deletes_nothing(window, qtbot, tmp_path, location):
    open_doc(window, 4)
    press(window, qtbot, "absolute and complete victory", "1")
    (mine,) = rows(window, 4)
    reader = window.workspace.reader
    qtbot.keyClick(reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(window, 4) == []
    out = cli(location, "tag", "1", "--quote", "Hundreds of Azerbaijani soldiers", "--tag", "claim")
    (theirs,) = rows(window, 1)
    assert out.startswith(f"tagged annotation {theirs.id}:") and theirs.coder == "cli-tester"
    assert theirs.id != mine.id, "a freed id was handed to another program"
    qtbot.keyClick(reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert rows(window, 1) == [theirs], "redo deleted the command line's annotation"
    assert rows(window, 4) == [mine]
    assert window.controller.undo_stack.index() == 1


def test_undo_never_deletes_what_the_command_line_added_since(window, qtbot, tmp_path, location):
    """Tag in the window; the command line adds a note and a tag to that passage; Ctrl+Z (the undo
    of the tagging) is refused: the passage, its note and both tags stay."""
    open_doc(window, 4)
    press(window, qtbot, "absolute and complete victory", "1")
    (mine,) = rows(window, 4)
    # the same coder on the command line (another coder's tag would be a passage of their own)
    cli(
        location,
        "--annotator",
        "gui-tester",
        "tag",
        "4",
        "--quote",
        "absolute and complete victory",
        "--tag",
        "framing",
        "--note",
        "from the command line",
    )
    (changed,) = rows(window, 4)
    assert changed.id == mine.id and changed.note == "from the command line"
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(window, 4) == [changed]


def test_a_refused_undo_of_accept_all_deletes_none_of_them(window, qtbot, tmp_path, location):
    """Accept all dates (one undo step); the command line adds a note to the first of them; Ctrl+Z
    is refused as a whole: not one of the accepted passages is deleted."""
    open_doc(window, 1)
    flow = window.workspace.suggestions
    qtbot.waitUntil(lambda: any(s.tag == "date" for s in flow.offers), timeout=5000)
    pane = window.workspace.suggestions_pane
    pane.tag_filter.setCurrentIndex(pane.tag_filter.findData("date"))
    qtbot.mouseClick(pane.accept_all, Qt.MouseButton.LeftButton)
    made = rows(window, 1)
    assert len(made) > 1
    first = min(made, key=lambda a: a.id)  # accepted first, so undone last
    text = window.controller.services.documents.text(1)
    nth = text.count(first.quote, 0, first.start) + 1
    cli(
        location,
        "--annotator",
        "gui-tester",
        "tag",
        "1",
        "--quote",
        first.quote,
        "--nth",
        str(nth),
        "--tag",
        "date",
        "--note",
        "checked on the command line",
    )
    after_cli = rows(window, 1)
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(window, 1) == after_cli
