"""File → Merge library… in the real window: another coder's library comes in through the window's
write door, and the window shows it at once (its own write: no external-change notice needed)."""

from PySide6.QtWidgets import QFileDialog

from annotator.services import open_services
from tests.ui.conftest import open_doc, rows


def test_merge_library_from_the_file_menu_shows_the_other_coders_passages(
    window, qtbot, new_location, monkeypatch, no_blocking_dialogs
):
    other = new_location()
    bob = open_services(other, annotator="bob", backup=False)
    bob.documents.import_samples()
    made = bob.annotations.tag(1, 10, 20, [bob.codebook.by_name("claim").id]).annotation
    bob.close()
    open_doc(window, 1)
    reader, pane = window.workspace.reader, window.workspace.pane
    assert reader.highlight_count() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (other, "")))
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Merge library…"]
    action.trigger()
    # The merge runs off the window's thread: its rows may show (the change log) before its report.
    qtbot.waitUntil(lambda: not window.controller.merging, timeout=10_000)
    qtbot.waitUntil(lambda: reader.highlight_count() == 1 and pane.model.rowCount() == 1, timeout=5000)
    (stored,) = rows(window, 1)
    assert stored.uuid == made.uuid and stored.coder == "bob"
    assert any("added: 1 coder, 1 annotation" in said for said in no_blocking_dialogs)
    assert window.controller.undo_stack.count() == 0  # a merge is no undo step
