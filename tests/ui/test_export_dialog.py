"""File → Export…: the proposed name follows the scope, and an existing file is not replaced unasked."""

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from annotator.ui.dialogs.export_dialog import ExportDialog
from tests.ui.conftest import open_doc


def with_export_dialog(window, qtbot, act):
    """Press Ctrl+E and run act(dialog) while the modal dialog is up; returns what act returned."""
    seen = {}

    def drive():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, drive)
            return
        seen["result"] = act(dialog)
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, drive)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    return seen["result"]


REAL_QUESTION = QMessageBox.question  # before the UI tests' stand-in that answers Yes at once


def answer_box(qtbot, key, said):
    """When a message box comes up, note its text and press `key` in it, as the user would."""

    def drive():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, drive)
            return
        said.append(box.text())
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, drive)


def click_choice(qtbot, button):
    """Click a radio button on its circle (its middle is empty space right of a short label)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def type_path(qtbot, dialog, path):
    """Select the file box's text and type a path over it."""
    dialog.path.setFocus()
    qtbot.keyClick(dialog.path, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.path, str(path))


def test_scope_all_documents_proposes_a_library_wide_name(window, qtbot, tmp_path):
    window.settings.setValue("export_folder", str(tmp_path))
    open_doc(window, 4)

    def act(dialog):
        one = dialog.path.text()
        click_choice(qtbot, dialog.all_docs)
        every = dialog.path.text()
        click_choice(qtbot, dialog.this_doc)
        back = dialog.path.text()
        type_path(qtbot, dialog, tmp_path / "mine.csv")
        click_choice(qtbot, dialog.all_docs)
        typed = dialog.path.text()
        qtbot.keyClick(dialog.path, Qt.Key.Key_Return)  # Enter in the file box: Export
        return one, every, back, typed

    one, every, back, typed = with_export_dialog(window, qtbot, act)
    assert one != every and every.endswith("passages.csv") and back == one
    assert typed.endswith("mine.csv")  # a name the user typed is kept
    with qtbot.waitSignal(window.job.done, timeout=10000):
        pass
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8").startswith("annotation_id,document_id")


def test_a_typed_existing_path_is_not_replaced_without_asking(window, qtbot, tmp_path, monkeypatch):
    window.settings.setValue("export_folder", str(tmp_path))
    monkeypatch.setattr(QMessageBox, "question", REAL_QUESTION)  # the real box, answered with keys
    existing = tmp_path / "precious.csv"
    existing.write_text("keep me", encoding="utf-8")
    asked = []

    def act(dialog):
        type_path(qtbot, dialog, existing)
        answer_box(qtbot, Qt.Key.Key_N, asked)
        qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
        still_open = dialog.isVisible()  # No: the dialog stays, to choose another name
        answer_box(qtbot, Qt.Key.Key_Y, asked)
        export = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(export, Qt.MouseButton.LeftButton)
        return still_open, existing.read_text(encoding="utf-8")

    still_open, after_no = with_export_dialog(window, qtbot, act)
    assert len(asked) == 2 and all("precious.csv" in question for question in asked)
    assert still_open and after_no == "keep me"
    with qtbot.waitSignal(window.job.done, timeout=10000):  # Yes: replaced
        pass
    assert existing.read_text(encoding="utf-8").startswith("annotation_id,document_id")


def test_choosing_json_lines_says_when_renames_and_writes_it(window, qtbot, tmp_path):
    """The format box: a sentence on when to use it, the file's suffix follows, the spreadsheet box
    is for CSV only; Export writes JSON Lines through the same service as the command line."""
    import json

    window.controller.services.annotations.tag_quote(4, "anti-terrorist operation", ["framing"], note="=x")
    window.settings.setValue("export_folder", str(tmp_path))
    open_doc(window, 4)

    def act(dialog):
        dialog.format.setFocus()
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # CSV, XLSX, JSON Lines, …
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
        seen = dialog.when.text(), dialog.path.text(), dialog.excel.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button: Export
        return seen

    when, path, excel = with_export_dialog(window, qtbot, act)
    assert "jq" in when and path.endswith(".jsonl") and not excel
    with qtbot.waitSignal(window.job.done, timeout=10000):
        pass
    rows = [json.loads(line) for line in (tmp_path / Path(path).name).read_text(encoding="utf-8").splitlines()]
    assert [(r["tag"], r["text"], r["note"]) for r in rows] == [("framing", "anti-terrorist operation", "=x")]
