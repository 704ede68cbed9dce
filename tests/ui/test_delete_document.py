"""File → Delete document…: the document goes with its annotations, and Ctrl+Z brings all of it
back under the same ids (issue 11, friction 11)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from tests.ui.conftest import open_doc, press, rows


def menu_action(window, menu_title, text):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == menu_title)
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def test_delete_the_open_document_then_ctrl_z_brings_it_back_with_its_annotations(window, qtbot, no_blocking_dialogs):
    open_doc(window, 4)
    press(window, qtbot, "absolute and complete victory", "1")
    before = rows(window, 4)
    assert len(before) == 1
    menu_action(window, "File", "Delete document").trigger()
    assert any("Delete" in said for said in no_blocking_dialogs)  # it asked first
    qtbot.waitUntil(lambda: window.library.model.row_of(4) is None)
    assert window.library.model.rowCount() == 3
    assert 4 not in {d.id for d in window.controller.services.documents.list()}
    assert window.controller.document is not None and window.controller.document.id != 4  # another one is open
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.library.model.row_of(4) is not None)
    assert rows(window, 4) == before  # same ids, tags, times
    assert window.controller.document.id == 4
    qtbot.keyClick(
        window.workspace.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )  # redo deletes again
    qtbot.waitUntil(lambda: window.library.model.row_of(4) is None)


def test_the_library_panes_context_menu_deletes_the_row_under_the_mouse(window, qtbot):
    open_doc(window, 1)
    pane = window.library
    rect = pane.table.visualRect(pane.model.index(pane.model.row_of(3), 0))
    pane.table.customContextMenuRequested.emit(rect.center())
    menu = pane.findChild(QMenu)
    qtbot.waitUntil(menu.isVisible)
    next(a for a in menu.actions() if a.text().startswith("Delete document")).trigger()
    menu.close()
    qtbot.waitUntil(lambda: pane.model.row_of(3) is None)
    assert window.controller.document.id == 1  # the open one stays open
    assert 3 not in {d.id for d in window.controller.services.documents.list()}
