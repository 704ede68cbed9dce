"""Compare outlets: a click on a cell of the figures table lists that cell's passages (read when
the cell is opened, decision 036) and Enter opens one in the reader."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_analysis import _coded, _wait


def test_a_figures_cell_clicked_lists_its_passage_and_opens_it(window, qtbot):
    services = _coded(window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.compare
    _wait(window, qtbot, pane.model)
    header, rows = pane.model.header, pane.model.rows
    meta = services.documents.get(4).meta
    row = next(i for i, r in enumerate(rows) if r[:2] == [meta.published, "wounded"])
    index = pane.proxy.mapFromSource(pane.model.index(row, header.index(meta.source)))
    assert index.data() == "25–30"
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=pane.table.visualRect(index).center())
    qtbot.waitUntil(lambda: pane.passages.count() == 1, timeout=10000)
    document_id, annotation_id = pane.passages.currentItem().data(Qt.ItemDataRole.UserRole)
    assert document_id == 4
    pane.passages.setFocus()
    qtbot.keyClick(pane.passages, Qt.Key.Key_Return)
    assert window.controller.document.id == 4 and window.workspace.reader.current() == annotation_id
    # An empty cell lists nothing.
    empty = next(c for c, v in enumerate(rows[row]) if c >= 2 and not v)
    index = pane.proxy.mapFromSource(pane.model.index(row, empty))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=pane.table.visualRect(index).center())
    qtbot.waitUntil(lambda: pane.passages.count() == 0 and window.controller.tasks.wait_idle(0.05), timeout=10000)
