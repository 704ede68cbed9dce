"""The details dialog edits a document's variables and memo with its metadata, as one undo step
(issue 14): opened with its key in the real window, typed into, confirmed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QPlainTextEdit

from annotator.ui.dialogs.metadata_dialog import MetadataDialog
from tests.ui.conftest import open_doc


def _when_open(qtbot, fill):
    """Run fill(dialog) once the modal details dialog is up, then press its OK button."""
    done = []

    def step():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MetadataDialog):
            QTimer.singleShot(20, step)
            return
        fill(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        done.append(dialog)

    QTimer.singleShot(0, step)
    return done


def test_variables_and_memo_are_edited_in_the_details_dialog_and_undone_in_one_step(window, qtbot):
    services = window.controller.services
    services.variables.define("stance", "choice", "critical|neutral|supportive")
    services.variables.define("staff", "number")
    open_doc(window, 2)
    notes = services.variables.values([2])[2]["notes"]

    def fill(dialog):
        stance = dialog.findChild(QComboBox, "variable-stance")
        assert [stance.itemText(i) for i in range(stance.count())] == ["", "critical", "neutral", "supportive"]
        stance.setCurrentText("critical")
        staff = dialog.variables["staff"]
        staff.setFocus()
        qtbot.keyClicks(staff, "1,200")
        assert dialog.variables["notes"].text() == notes
        memo = dialog.findChild(QPlainTextEdit, "memo")
        memo.setFocus()
        qtbot.keyClicks(memo, "Check the AP figure")
        dialog.fields["dateline"].setText("MOSCOW")

    done = _when_open(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert services.variables.values([2])[2] == {"notes": notes, "stance": "critical", "staff": "1200"}
    memo = services.variables.memo(2)
    assert memo.text == "Check the AP figure" and memo.updated_at
    assert services.documents.get(2).meta.dateline == "MOSCOW"
    window.controller.undo_stack.undo()  # one step: all of it
    assert services.variables.values([2])[2] == {"notes": notes}
    assert services.variables.memo(2).text == "" and services.documents.get(2).meta.dateline != "MOSCOW"
    window.controller.undo_stack.redo()
    assert services.variables.values([2])[2]["stance"] == "critical"
    assert services.variables.memo(2) == memo  # redo keeps the memo's time


def test_a_value_that_does_not_fit_is_a_sentence_and_nothing_is_saved(window, qtbot, no_blocking_dialogs):
    services = window.controller.services
    services.variables.define("staff", "number")
    open_doc(window, 1)
    done = _when_open(qtbot, lambda dialog: dialog.variables["staff"].setText("many"))
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert any("staff must be a number" in said for said in no_blocking_dialogs)
    assert "staff" not in services.variables.values([1]).get(1, {})
    assert window.controller.undo_stack.count() == 0
