"""The Analysis tables sort by a header click (numbers as numbers, the total row last in either
order) and filter their rows by name; a cell clicked after sorting or filtering opens that
cell's passages, not those of the row that was there before (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.ui.test_analysis import _coded, _wait

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _shown(pane):
    """The rows as the view shows them (sorted, filtered)."""
    proxy = pane.proxy
    return [[proxy.index(r, c).data() for c in range(proxy.columnCount())] for r in range(proxy.rowCount())]


def _click_header(qtbot, pane, column):
    header = pane.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def _click_cell(qtbot, pane, row, column):
    index = pane.proxy.index(row, column)
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=pane.table.visualRect(index).center())


def test_crosstab_sorts_numbers_as_numbers_keeps_the_total_last_and_a_click_opens_the_right_cell(window, qtbot):
    services = window.controller.services
    tags = {t.name: t.id for t in services.codebook.tags()}
    for name, many in (("claim", 10), ("framing", 9), ("quote", 2)):
        for n in range(many):
            services.annotations.tag(4, 10 + 20 * n, 20 + 20 * n, [tags[name]])
    source = services.documents.get(4).meta.source
    qtbot.keyClick(window, Qt.Key.Key_T, SHIFT_CTRL)
    pane = window.analysis.crosstab
    _wait(window, qtbot, pane.model)
    assert [r[0] for r in _shown(pane)] == [*tags, "total"]  # unsorted at first: the codebook's order
    column = pane.model.header.index(source)
    for _ in range(2):  # one order, then the other
        _click_header(qtbot, pane, column)
        rows = _shown(pane)
        ascending = pane.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        assert rows[-1][0] == "total"
        values = [int(r[column]) for r in rows[:-1]]
        assert values == sorted(values, reverse=not ascending), values  # as text, "10" < "9"
        assert [r[0] for r in rows if r[column] in ("9", "10")] == (
            ["framing", "claim"] if ascending else ["claim", "framing"]
        )
    # The cell claim × this outlet, wherever sorting put it, lists claim's ten passages.
    row = next(i for i, r in enumerate(_shown(pane)) if r[0] == "claim")
    _click_cell(qtbot, pane, row, column)
    qtbot.waitUntil(lambda: pane.passages.count() == 10, timeout=10000)
    for i in range(10):
        document_id, annotation_id = pane.passages.item(i).data(Qt.ItemDataRole.UserRole)
        assert document_id == 4 and tags["claim"] in services.annotations.get(annotation_id).tag_ids
    # The filter keeps the rows whose tag holds the text (and the total); a click still maps.
    pane.filter.setFocus()
    qtbot.keyClicks(pane.filter, "FRAM")
    assert [r[0] for r in _shown(pane)] == ["framing", "total"]
    _click_cell(qtbot, pane, 0, column)
    qtbot.waitUntil(lambda: pane.passages.count() == 9, timeout=10000)
    assert all(
        tags["framing"] in services.annotations.get(pane.passages.item(i).data(Qt.ItemDataRole.UserRole)[1]).tag_ids
        for i in range(9)
    )
    pane.filter.clear()
    assert len(_shown(pane)) == len(tags) + 1


def test_compare_figures_sort_by_an_outlet_and_a_click_after_sorting_opens_that_figure(window, qtbot):
    services = _coded(window)
    qtbot.keyClick(window, Qt.Key.Key_O, SHIFT_CTRL)
    pane = window.analysis.compare
    _wait(window, qtbot, pane.model)
    outlet = services.documents.get(1).meta.source  # "at least 200" on its date
    column = pane.model.header.index(outlet)
    _click_header(qtbot, pane, column)
    if pane.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
        _click_header(qtbot, pane, column)  # the highest first
    rows = _shown(pane)
    assert rows[0][column] == "at least 200" and all(r[column] == "" for r in rows[1:])
    _click_cell(qtbot, pane, 0, column)
    qtbot.waitUntil(lambda: pane.passages.count() == 1, timeout=10000)
    assert pane.passages.item(0).data(Qt.ItemDataRole.UserRole)[0] == 1
    pane.filter.setFocus()
    qtbot.keyClicks(pane.filter, "wound")
    assert [r[1] for r in _shown(pane)] == ["wounded"]


def test_grid_proxy_passes_the_model_tester_sorted_and_filtered(qtbot, qtmodeltester):
    from annotator.ui.models.count_table_model import GridModel, GridProxy

    model = GridModel()
    proxy = GridProxy(model)
    model.set_grid(["tag", "AP", "total"], [["claim", "10", "10"], ["quote", "9", "9"], ["total", "19", "19"]])
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["quote", "claim", "total"]
    proxy.set_filter("quo")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["quote", "total"]
    qtmodeltester.check(proxy)
