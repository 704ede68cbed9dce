"""One current annotation, shared by the reader, the list and the editors (issue 11, bug 2)."""

from PySide6.QtCore import Qt

from tests.ui.conftest import open_doc, press, rows


def click_row(window, qtbot, annotation_id):
    pane = window.workspace.pane
    pane.flush()
    index = pane.model.index(pane.model.row_of(annotation_id))
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=pane.list.visualRect(index).center())


def test_after_accepting_a_suggestion_the_note_goes_to_the_accepted_passage(window, qtbot):
    open_doc(window, 4)
    flow = window.workspace.suggestions
    qtbot.waitUntil(lambda: len(flow.offers) > 0, timeout=5000)
    press(window, qtbot, "anti-terrorist operation", "5")
    (x,) = rows(window, 4)
    click_row(window, qtbot, x.id)  # annotation X, chosen in the list
    qtbot.waitUntil(lambda: window.workspace.reader.current() == x.id)
    reader = window.workspace.reader
    reader.setFocus()
    qtbot.keyClick(reader, "n")
    offer = flow.offers[flow.current()]
    qtbot.keyClick(reader, "a")
    accepted = next(a for a in rows(window, 4) if (a.start, a.end) == (offer.start, offer.end))
    assert reader.current() == accepted.id
    qtbot.keyClick(window, Qt.Key.Key_F2)  # Edit → Edit note
    note = window.workspace.pane.note
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "accepted, then noted")
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    notes = {a.id: a.note for a in rows(window, 4)}
    assert notes[accepted.id] == "accepted, then noted" and notes[x.id] == ""
    reader.setFocus()
    qtbot.keyClick(reader, "1")  # acts on the current annotation: the accepted passage gets "claim"
    claim = next(t.id for t in window.controller.tags if t.name == "claim")
    assert claim in next(a for a in rows(window, 4) if a.id == accepted.id).tag_ids


def test_going_to_a_suggestion_leaves_no_annotation_being_edited(window, qtbot):
    open_doc(window, 4)
    flow = window.workspace.suggestions
    qtbot.waitUntil(lambda: len(flow.offers) > 0, timeout=5000)
    press(window, qtbot, "anti-terrorist operation", "5")
    (x,) = rows(window, 4)
    click_row(window, qtbot, x.id)
    qtbot.waitUntil(lambda: window.workspace.pane.note.isEnabled())
    reader = window.workspace.reader
    reader.setFocus()
    qtbot.keyClick(reader, "n")
    assert reader.current() is None
    window.workspace.pane.flush()
    assert not window.workspace.pane.note.isEnabled()  # the side pane no longer edits X
