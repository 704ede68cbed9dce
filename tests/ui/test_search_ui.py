"""Library search in the real window (Ctrl+Shift+F): aligned KWIC rows from a search run off
the GUI thread, Enter jumps to the hit with the exact selection, keys tag the selected hits in
one undo step."""

from PySide6.QtCore import Qt

from annotator.ui.models.kwic_model import LEFT, MATCH
from tests.ui.conftest import rows


def _search(window, qtbot, query):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.search.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, query)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.controller.tasks.wait_idle()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 or "0 hits" in dialog.status.text())
    return dialog


def test_search_shows_aligned_hits_and_counts_per_document(window, qtbot, qtmodeltester):
    dialog = _search(window, qtbot, "Azerbaijan*")
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 48
    assert dialog.status.text().startswith("48 hits in 4 documents")
    assert dialog.counts.count() == 4
    left = dialog.model.index(0, LEFT)
    assert left.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    for row in range(dialog.model.rowCount()):
        hit = dialog.model.hit(row)
        text = window.controller.services.documents.text(hit.document_id)
        assert text[hit.start : hit.end] == hit.match == dialog.model.index(row, MATCH).data()


def test_enter_jumps_to_the_hit_with_the_exact_selection(window, qtbot):
    dialog = _search(window, qtbot, '"Armenia and Azerbaijan"')
    row = dialog.model.rowCount() - 1
    hit = dialog.model.hit(row)
    dialog.table.setCurrentIndex(dialog.model.index(row, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert window.controller.document.id == hit.document_id
    reader = window.workspace.reader
    assert reader.selected_span() == (hit.start, hit.end)
    assert reader.textCursor().selectedText() == hit.match


def test_a_key_tags_the_selected_hits_in_one_undo_step(window, qtbot):
    dialog = _search(window, qtbot, "Armenia")
    tag = window.controller.tag_by_key(1)
    first, last = dialog.model.hit(0), dialog.model.hit(dialog.model.rowCount() - 1)
    assert first.document_id != last.document_id
    dialog.table.selectRow(0)
    dialog.table.selectionModel().select(
        dialog.model.index(dialog.model.rowCount() - 1, 0),
        dialog.table.selectionModel().SelectionFlag.Select | dialog.table.selectionModel().SelectionFlag.Rows,
    )
    qtbot.keyClick(dialog.table, Qt.Key.Key_1)
    for hit in (first, last):
        (made,) = rows(window, hit.document_id)
        assert (made.start, made.end, made.quote, made.tag_ids) == (hit.start, hit.end, hit.match, (tag.id,))
    assert window.controller.undo_stack.count() == 1
    window.controller.undo()
    assert rows(window, first.document_id) == [] and rows(window, last.document_id) == []
    window.controller.redo()
    assert len(rows(window, first.document_id)) == 1 and len(rows(window, last.document_id)) == 1
