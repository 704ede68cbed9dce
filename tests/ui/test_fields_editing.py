"""Typing a field value in the annotations pane: Enter saves it, and nothing writes an old value back."""

from PySide6.QtCore import Qt

from tests.ui.conftest import open_doc, press, rows


def type_into(qtbot, editor, text):
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def date_box(window, qtbot):
    open_doc(window, 1)
    press(window, qtbot, "last winter", "3")  # 3: date
    pane = window.workspace.pane
    qtbot.waitUntil(lambda: pane.fields.editor("date") is not None)
    return pane


def test_enter_saves_and_leaving_the_box_does_not_revert(window, qtbot):
    pane = date_box(window, qtbot)
    editor = pane.fields.editor("date")
    type_into(qtbot, editor, "2023-09-18")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(50)  # the list and the box catch up, as between a user's key presses
    assert pane.fields.editor("date").text() == "2023-09-18"
    window.workspace.reader.setFocus()  # click elsewhere
    qtbot.wait(50)
    assert dict(rows(window, 1)[0].fields) == {"date": "2023-09-18"}
    assert window.controller.undo_stack.count() == 2  # the tag and one edit, no second "Edit date"
    assert pane.fields.editor("date").text() == "2023-09-18"


def test_the_box_shows_the_normalised_value_and_a_refused_one_goes(window, qtbot, no_blocking_dialogs):
    pane = date_box(window, qtbot)
    type_into(qtbot, pane.fields.editor("date"), "2022-12/2023-02")
    qtbot.keyClick(pane.fields.editor("date"), Qt.Key.Key_Return)
    assert dict(rows(window, 1)[0].fields) == {"date": "2022-12/2023-02"}
    type_into(qtbot, pane.fields.editor("date"), "last winter")
    qtbot.keyClick(pane.fields.editor("date"), Qt.Key.Key_Return)
    assert "ISO 8601" in no_blocking_dialogs[-1]
    qtbot.waitUntil(lambda: pane.fields.editor("date").text() == "2022-12/2023-02")
    window.workspace.reader.setFocus()
    qtbot.wait(50)
    assert dict(rows(window, 1)[0].fields) == {"date": "2022-12/2023-02"}
    assert window.controller.undo_stack.count() == 2
