"""The Analysis window follows the library while it is open (issue 14): a passage tagged in the
reader, a source edited in the window, a variable defined or removed and a passage tagged by
another program show in the open table without reopening it — counted again off the GUI thread,
once for a burst of changes."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from annotator.domain.models import DocumentMeta
from annotator.ui.commands import DetailsCommand
from tests.cli.test_cli import annotator
from tests.ui.conftest import open_doc, press
from tests.ui.test_analysis import _wait

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SHOWS_MS = 8000  # another program's change: noticed within a second, counted again on a loaded machine


def _cell(pane, row, column):
    header = pane.model.header
    if column not in header:
        return None
    line = next((r for r in pane.model.rows if r[0] == row), None)
    return None if line is None else line[header.index(column)]


def _combo(box):
    return [box.itemText(i) for i in range(box.count())]


def test_a_passage_tagged_in_the_reader_and_a_source_edited_show_in_the_open_tables(window, qtbot):
    services = window.controller.services
    first = services.codebook.tags()[0]  # key 1
    first_tag = first.name
    services.annotations.tag(1, 0, 5, [first.id])  # one passage: the outlet has a column
    text = open_doc(window, 1)
    source = services.documents.get(1).meta.source
    qtbot.keyClick(window, Qt.Key.Key_T, SHIFT_CTRL)
    dialog = window.analysis
    crosstab = dialog.crosstab
    _wait(window, qtbot, crosstab.model)
    assert _cell(crosstab, first_tag, source) == "1"
    crosstab.filter.setText(first_tag[:3])  # the filter and the order stay through a recount
    # Three passages in a row (a burst): the table counts them, without reopening.
    for nth in range(3):
        press(window, qtbot, text.split()[10 + nth], "1")
    qtbot.waitUntil(lambda: _cell(crosstab, first_tag, source) == "4", timeout=SHOWS_MS)
    assert crosstab.proxy.rowCount() == 2 and crosstab.filter.text() == first_tag[:3]
    assert dialog.isVisible() and window.controller.tasks.wait_idle()
    # The co-occurrence tab, stale meanwhile, counts again when shown.
    dialog.tabs.setCurrentWidget(dialog.cooccurrence)
    qtbot.waitUntil(lambda: _cell(dialog.cooccurrence, first_tag, first_tag) == "4", timeout=SHOWS_MS)
    # The window edits document 1's source (its details, one undo step): the crosstab follows.
    dialog.tabs.setCurrentWidget(crosstab)
    details = services.documents.details(1)
    meta = details.meta
    moved = DocumentMeta(meta.title, "Moved Outlet", meta.published, meta.dateline, meta.url, meta.language)
    window.controller.perform(DetailsCommand(window.controller, 1, replace(details, meta=moved)))
    qtbot.waitUntil(lambda: _cell(crosstab, first_tag, "Moved Outlet") == "4", timeout=SHOWS_MS)


def test_variables_and_passages_from_another_program_show_in_the_open_window(window, qtbot):
    library = window.controller.services.library.file or window.controller.services.library.url
    qtbot.keyClick(window, Qt.Key.Key_T, SHIFT_CTRL)
    crosstab = window.analysis.crosstab
    _wait(window, qtbot, crosstab.model)
    assert "stance" not in _combo(crosstab.columns)
    annotator(library, "vars", "define", "stance", "--type", "choice", "--choices", "critical|neutral")
    qtbot.waitUntil(lambda: "stance" in _combo(crosstab.columns), timeout=SHOWS_MS)
    crosstab.columns.setCurrentText("stance")
    qtbot.waitUntil(lambda: crosstab.result is not None and crosstab.result.column_title == "stance", timeout=SHOWS_MS)
    # Another program tags a passage: the open table counts it.
    text = window.controller.services.documents.text(2)
    annotator(library, "tag", "2", "--quote", text[100:140], "--nth", "1", "--tag", "claim")
    qtbot.waitUntil(lambda: _cell(crosstab, "claim", "(none)") == "1", timeout=SHOWS_MS)
    # The variable removed: it leaves the list, and the table counts by the first column again.
    annotator(library, "vars", "remove", "stance")
    qtbot.waitUntil(lambda: "stance" not in _combo(crosstab.columns), timeout=SHOWS_MS)
    source = window.controller.services.documents.get(2).meta.source
    qtbot.waitUntil(
        lambda: crosstab.result.column_title == "source" and _cell(crosstab, "claim", source) == "1", timeout=SHOWS_MS
    )
    assert crosstab.columns.currentText() == "source"
