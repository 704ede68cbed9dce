"""Codebook → Fields…: a tag's fields edited as rows (name, type, choices), one undo step."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from annotator.ui.dialogs.codebook_dialog import CodebookDialog
from annotator.ui.dialogs.fields_dialog import CHOICES, KIND, NAME, FieldsDialog


def drive_fields_dialog(codebook, qtbot, act):
    done = {}

    def drive():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FieldsDialog):
            QTimer.singleShot(20, drive)
            return
        done["result"] = act(dialog)

    QTimer.singleShot(0, drive)
    button = next(b for b in codebook.findChildren(QPushButton) if b.text().replace("&", "") == "Fields…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "result" in done, timeout=5000)
    return done["result"]


def test_fields_are_added_as_rows_and_undone_in_one_step(window, qtbot):
    codebook = CodebookDialog(window.controller, window)
    qtbot.addWidget(codebook)
    codebook.show()
    codebook.table.selectRow([t.name for t in window.controller.tags].index("quote"))

    def act(dialog):
        shown = dialog.table.cellWidget(0, NAME).text()  # then a user clicks Add field:
        add = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == "Add field")
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        row = dialog.table.rowCount() - 1
        qtbot.keyClicks(dialog.table.cellWidget(row, NAME), "role")
        kind = dialog.table.cellWidget(row, KIND)
        kind.setCurrentIndex(kind.findData("choice"))
        assert dialog.table.cellWidget(row, CHOICES).isEnabled()
        qtbot.keyClicks(dialog.table.cellWidget(row, CHOICES), "official|witness|expert")
        dialog.accept()
        return shown

    assert drive_fields_dialog(codebook, qtbot, act) == "speaker"
    quote = window.controller.services.codebook.by_name("quote")
    assert [(f.name, f.kind, f.choices) for f in quote.fields] == [
        ("speaker", "text", ()),
        ("role", "choice", ("official", "witness", "expert")),
    ]
    window.controller.undo_stack.undo()
    assert [f.name for f in window.controller.services.codebook.by_name("quote").fields] == ["speaker"]


def test_a_list_without_choices_is_refused_and_the_dialog_stays(window, qtbot, no_blocking_dialogs):
    codebook = CodebookDialog(window.controller, window)
    qtbot.addWidget(codebook)
    codebook.show()
    codebook.table.selectRow([t.name for t in window.controller.tags].index("claim"))

    def act(dialog):
        kind = dialog.table.cellWidget(0, KIND)
        kind.setCurrentIndex(kind.findData("choice"))
        dialog.accept()
        still = dialog.isVisible()
        dialog.reject()
        return still

    assert drive_fields_dialog(codebook, qtbot, act)
    assert "choices" in no_blocking_dialogs[-1]
    assert [f.kind for f in window.controller.services.codebook.by_name("claim").fields] == ["text"]
