"""A file dropped anywhere on the window is imported — on the note box too, never pasted as a path."""

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import open_doc, press


def drop_file(widget, path):
    """What Qt sends the widget under the pointer when a file is dragged from a file manager and dropped."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    point = QPoint(10, 10)
    buttons, mods, action = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, Qt.DropAction.CopyAction
    for event in (
        QDragEnterEvent(point, action, mime, buttons, mods),
        QDragMoveEvent(point, action, mime, buttons, mods),
        QDropEvent(QPointF(point), action, mime, buttons, mods),
    ):
        QApplication.sendEvent(widget, event)


def test_a_file_dropped_on_the_note_box_is_imported_not_pasted(window, qtbot, tmp_path):
    article = tmp_path / "dropped.txt"
    article.write_text("An article dropped on the note box.", encoding="utf-8")
    open_doc(window, 1)
    press(window, qtbot, "last winter", "1")
    note = window.workspace.pane.note
    qtbot.waitUntil(note.isEnabled)
    drop_file(note.viewport(), article)
    assert "file://" not in note.toPlainText()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 5, timeout=10000)


def test_a_file_dropped_on_a_field_box_is_imported_not_pasted(window, qtbot, tmp_path):
    article = tmp_path / "dropped-on-field.txt"
    article.write_text("An article dropped on the date box.", encoding="utf-8")
    open_doc(window, 1)
    press(window, qtbot, "last winter", "3")
    pane = window.workspace.pane
    qtbot.waitUntil(lambda: pane.fields.editor("date") is not None)
    drop_file(pane.fields.editor("date"), article)
    assert "file://" not in pane.fields.editor("date").text()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 5, timeout=10000)
