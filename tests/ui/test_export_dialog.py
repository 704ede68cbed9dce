"""File → Export…: the proposed name follows the scope, and an existing file is not replaced unasked."""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

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


def test_scope_all_documents_proposes_a_library_wide_name(window, qtbot, tmp_path):
    window.settings.setValue("export_folder", str(tmp_path))
    open_doc(window, 4)

    def act(dialog):
        one = dialog.path.text()
        dialog.all_docs.setChecked(True)
        every = dialog.path.text()
        dialog.this_doc.setChecked(True)
        back = dialog.path.text()
        dialog.path.setText(str(tmp_path / "mine.csv"))
        dialog.all_docs.setChecked(True)
        return one, every, back, dialog.path.text()

    one, every, back, typed = with_export_dialog(window, qtbot, act)
    assert one != every and every.endswith("passages.csv") and back == one
    assert typed.endswith("mine.csv")  # a name the user typed is kept


def test_a_typed_existing_path_is_not_replaced_without_asking(window, qtbot, tmp_path, monkeypatch):
    window.settings.setValue("export_folder", str(tmp_path))
    existing = tmp_path / "precious.csv"
    existing.write_text("keep me", encoding="utf-8")
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *args, **kw: asked.append(args[2]) or QMessageBox.StandardButton.No)
    )

    def act(dialog):
        dialog.path.setText(str(existing))
        dialog.accept()
        return dialog.isVisible()

    still_open = with_export_dialog(window, qtbot, act)
    assert asked and "precious.csv" in asked[0]
    assert still_open  # answering No leaves the dialog open to choose another name
    assert existing.read_text(encoding="utf-8") == "keep me"


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
