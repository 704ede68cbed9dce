"""Several documents chosen in the library pane (Ctrl/Shift-click) get a variable's value at once
from the context menu, as one undo step (issue 14); a plain click still opens one document."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QMenu

from tests.ui.conftest import open_doc


def _row_centre(pane, document_id) -> QPoint:
    return pane.table.visualRect(pane.model.index(pane.model.row_of(document_id), 0)).center()


def _chosen(pane) -> list[int]:
    """The documents of the highlighted rows, in the order shown."""
    rows = sorted(pane.table.selectionModel().selectedRows(), key=lambda index: index.row())
    return [index.data(Qt.ItemDataRole.UserRole).id for index in rows]


def _click(qtbot, pane, document_id, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, modifier, _row_centre(pane, document_id))


def _menu_action(qtbot, pane, document_id, label_start):
    """Right-click a row (the context-menu event a right button sends) and trigger an action of the menu."""
    viewport = pane.table.viewport()
    position = _row_centre(pane, document_id)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, position, viewport.mapToGlobal(position))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    action = next(a for a in menu.actions() if a.text().startswith(label_start))
    menu.close()
    return action


def _answer(qtbot, fill):
    """Fill the modal Set variable dialog once it is up, then press OK."""
    done = []

    def step():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or dialog.findChild(QComboBox, "value") is None:
            QTimer.singleShot(20, step)
            return
        try:
            fill(dialog)
        except BaseException:
            dialog.reject()  # a failed check must not leave the modal dialog blocking the test
            raise
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        done.append(dialog)

    QTimer.singleShot(0, step)
    return done


def test_a_variable_is_set_for_the_documents_chosen_with_ctrl_click_in_one_undo_step(window, qtbot):
    services = window.controller.services
    services.variables.define("stance", "choice", "critical|neutral|supportive")
    services.variables.set_values([3], {"stance": "neutral"})
    pane = window.library
    open_doc(window, 1)
    _click(qtbot, pane, 1)
    _click(qtbot, pane, 3, Qt.KeyboardModifier.ControlModifier)
    _click(qtbot, pane, 4, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)  # the pane's open timer has run: the selection must survive the opening
    assert sorted(_chosen(pane)) == [1, 3, 4]
    assert window.controller.document.id == 4  # only the current document opened

    action = _menu_action(qtbot, pane, 3, "Set variable")
    assert "3 documents" in action.text()

    def fill(dialog):
        dialog.findChild(QComboBox, "variable").setCurrentText("stance")
        value = dialog.findChild(QComboBox, "value")
        assert [value.itemText(i) for i in range(value.count())] == ["", "critical", "neutral", "supportive"]
        assert not value.isEditable()  # a choice is picked, not typed
        value.setCurrentText("critical")

    done = _answer(qtbot, fill)
    action.trigger()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    held = services.variables.values([1, 2, 3, 4])
    assert {d: v["stance"] for d, v in held.items() if "stance" in v} == {1: "critical", 3: "critical", 4: "critical"}
    stack = window.controller.undo_stack
    assert stack.count() == 1 and "3 documents" in stack.undoText()
    window.controller.undo()
    qtbot.waitUntil(lambda: stack.index() == 0)
    assert {d: v.get("stance") for d, v in services.variables.values([1, 3, 4]).items() if v.get("stance")} == {
        3: "neutral"  # each document gets its own old value back
    }
    window.controller.redo()
    qtbot.waitUntil(lambda: stack.index() == 1)
    assert all(services.variables.values([d])[d]["stance"] == "critical" for d in (1, 3, 4))


def test_a_typed_value_that_does_not_fit_is_said_and_nothing_is_saved(window, qtbot, no_blocking_dialogs):
    services = window.controller.services
    services.variables.define("staff", "number")
    pane = window.library
    open_doc(window, 1)
    _click(qtbot, pane, 1)
    _click(qtbot, pane, 2, Qt.KeyboardModifier.ShiftModifier)
    qtbot.wait(300)
    assert len(_chosen(pane)) >= 2
    chosen = _chosen(pane)

    def fill(dialog):
        dialog.findChild(QComboBox, "variable").setCurrentText("staff")
        value = dialog.findChild(QComboBox, "value")
        value.setFocus()
        qtbot.keyClicks(value, "many")

    done = _answer(qtbot, fill)
    _menu_action(qtbot, pane, chosen[0], "Set variable").trigger()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    qtbot.waitUntil(lambda: any("staff must be a number" in said for said in no_blocking_dialogs), timeout=3000)
    assert not any("staff" in v for v in services.variables.values(chosen).values())
    assert window.controller.undo_stack.count() == 0


def test_a_plain_click_after_a_selection_of_several_opens_that_one_document_alone(window, qtbot):
    pane = window.library
    open_doc(window, 1)
    _click(qtbot, pane, 1)
    _click(qtbot, pane, 3, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    _click(qtbot, pane, 2)
    qtbot.waitUntil(lambda: window.controller.document.id == 2)
    assert _chosen(pane) == [2]


def test_a_ctrl_click_that_takes_a_document_out_of_the_selection_keeps_the_others(window, qtbot):
    pane = window.library
    open_doc(window, 1)
    _click(qtbot, pane, 1)
    for document_id in (3, 4, 3):  # the last takes 3 out again
        _click(qtbot, pane, document_id, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(300)
    assert sorted(_chosen(pane)) == [1, 4]
    assert window.controller.document.id == 4  # the row taken out did not open
