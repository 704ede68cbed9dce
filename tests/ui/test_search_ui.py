"""Library search in the real window (Ctrl+Shift+F): aligned KWIC rows from a search run off
the GUI thread, Enter jumps to the hit with the exact selection, keys tag the selected hits in
one undo step."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

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


def _again(window, qtbot, dialog):
    """Search again with the dialog's query and filters (Enter in the query), as a user does."""
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.controller.tasks.wait_idle()
    assert " in " in dialog.status.text() and "hit" in dialog.status.text(), dialog.status.text()
    return {dialog.counts.item(n).data(Qt.ItemDataRole.UserRole) for n in range(dialog.counts.count())}


def _choose(qtbot, combo, text):
    """Pick an item of a combo by typing its beginning, as a keyboard user does (after Qt's
    interval between keys, so that what was typed before is not taken as the start)."""
    qtbot.wait(QApplication.keyboardInputInterval() + 20)
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), (combo.currentText(), text)


def _values(window):
    services = window.controller.services
    services.variables.define("outlet_country")
    services.variables.define("outlet_type", "choice", "state|private|foreign")
    services.variables.define("circulation", "number")
    services.variables.set_values([1, 2], {"outlet_country": "United States"})
    services.variables.set_values([3], {"outlet_country": "Azerbaijan", "outlet_type": "state"})
    services.variables.set_values([4], {"outlet_country": "Azerbaijan", "outlet_type": "private"})


def test_a_variable_value_keeps_only_those_documents_hits(window, qtbot):
    _values(window)
    dialog = _search(window, qtbot, "Armenia")
    assert _again(window, qtbot, dialog) == {1, 2, 3, 4}
    listed = [dialog.variable.itemText(n) for n in range(dialog.variable.count())]
    assert listed[0] == "(any)" and listed[-3:] == ["outlet_country", "outlet_type", "circulation"], listed
    assert dialog.value.isHidden() and dialog.choice.isHidden()  # (any): nothing to fill in
    _choose(qtbot, dialog.variable, "outlet_c")
    assert not dialog.value.isHidden() and dialog.choice.isHidden()
    qtbot.keyClicks(dialog.value, "Azerbaijan")
    assert _again(window, qtbot, dialog) == {3, 4}
    assert {dialog.model.hit(row).document_id for row in range(dialog.model.rowCount())} == {3, 4}
    # A list's value is one of its choices, from a combo.
    _choose(qtbot, dialog.variable, "outlet_t")
    assert dialog.value.isHidden() and not dialog.choice.isHidden()
    assert [dialog.choice.itemText(n) for n in range(dialog.choice.count())] == ["state", "private", "foreign"]
    _choose(qtbot, dialog.choice, "priv")
    assert _again(window, qtbot, dialog) == {4}
    # A value the kind refuses is said, in one sentence, instead of "no hits".
    _choose(qtbot, dialog.variable, "circ")
    assert dialog.value.text() == ""  # another variable: Azerbaijan was outlet_country's value
    qtbot.keyClicks(dialog.value, "many")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.controller.tasks.wait_idle()
    assert "circulation must be a number" in dialog.status.text()
    _choose(qtbot, dialog.variable, "(any)")
    assert _again(window, qtbot, dialog) == {1, 2, 3, 4}


def test_a_coder_keeps_only_the_documents_that_coder_tagged(window, qtbot):
    from annotator.services import open_services
    from tests.ui.conftest import open_doc, press

    open_doc(window, 4)
    press(window, qtbot, "Armenia", Qt.Key.Key_1)
    other = open_services(window.controller.services.library.url, annotator="Other Coder", backup=False)
    try:
        text = other.documents.text(2)
        start = text.index("Armenia")
        other.annotations.tag(2, start, start + len("Armenia"), [other.codebook.tags()[0].id])
    finally:
        other.close()
    dialog = _search(window, qtbot, "Armenia")
    labels = [dialog.coder.itemText(n) for n in range(dialog.coder.count())]
    assert labels[0] == "(any)" and len(labels) == 3, labels
    _choose(qtbot, dialog.coder, "Other")
    assert _again(window, qtbot, dialog) == {2}
    _choose(qtbot, dialog.coder, "gui")
    assert _again(window, qtbot, dialog) == {4}
    dialog.scope.setCurrentIndex(dialog.scope.findData("passages"))
    assert _again(window, qtbot, dialog) == {4}
    assert [dialog.model.hit(row).document_id for row in range(dialog.model.rowCount())] == [4]
    _choose(qtbot, dialog.coder, "(any)")
    assert _again(window, qtbot, dialog) == {2, 4}


def test_the_variable_and_coder_lists_follow_other_programs(window, qtbot):
    from tests.cli.test_cli import annotator

    _values(window)
    dialog = _search(window, qtbot, "Armenia")
    _choose(qtbot, dialog.variable, "outlet_t")
    _choose(qtbot, dialog.choice, "priv")
    db = window.controller.services.library.file or window.controller.services.library.url
    annotator(db, "vars", "define", "stance", "--type", "choice", "--choices", "pro|anti")
    annotator(db, "vars", "define", "outlet_type", "--type", "choice", "--choices", "state|private|foreign|other")
    annotator(db, "--annotator", "Newcomer", "tag", "3", "--quote", "Armenia", "--nth", "1", "--tag", "claim")
    qtbot.waitUntil(lambda: dialog.variable.findText("stance") >= 0, timeout=5000)
    qtbot.waitUntil(lambda: any("Newcomer" in dialog.coder.itemText(n) for n in range(dialog.coder.count())), timeout=5000)
    # What was chosen stays chosen; the list's new choice is there.
    assert dialog.variable.currentText() == "outlet_type" and dialog.choice.currentText() == "private"
    assert dialog.choice.findText("other") >= 0
    _choose(qtbot, dialog.coder, "Newcomer")
    assert _again(window, qtbot, dialog) == set()  # Newcomer tagged document 3, a state outlet
    _choose(qtbot, dialog.variable, "(any)")
    assert _again(window, qtbot, dialog) == {3}
