"""Analysis → Co-occurrence… in the real window (issue 14): opened by its key, counted off the
GUI thread in each mode, every cell checked against counts computed here from the stored
passages, a cell listing the passages it counts, the table exported to CSV."""

from __future__ import annotations

import csv
from collections import Counter
from itertools import combinations

from PySide6.QtCore import Qt

from tests.ui.test_analysis import _wait

MODES = {"same passage": "passage", "overlapping": "overlap", "same document": "document"}


def _passages(window):
    """Passages with one or two tags, some overlapping, in three documents."""
    services = window.controller.services
    tags = {t.name: t.id for t in services.codebook.tags()}
    claim, quote, framing = tags["claim"], tags["quote"], tags["framing"]
    for doc, start, end, ids in (
        (1, 10, 30, [claim, quote]),
        (1, 25, 50, [framing]),
        (1, 100, 120, [claim]),
        (2, 10, 40, [quote]),
        (2, 35, 60, [claim]),
        (3, 5, 15, [claim, framing]),
        (3, 200, 220, [quote]),
    ):
        services.annotations.tag(doc, start, end, ids)
    return services


def _stored(services):
    """{(document id, annotation id): (start, end, {tag names})} from the library."""
    names = {t.id: t.name for t in services.codebook.tags()}
    return {
        (d.id, a.id): (a.start, a.end, {names[t] for t in a.tag_ids})
        for d in services.documents.list()
        for a in services.annotations.for_document(d.id)
    }


def _expected(passages, within):
    """(tag a, tag b) -> count, and -> the passages counted, computed without the app's rule."""
    counts, members = Counter(), {}
    if within == "passage":
        for key, (_s, _e, tags) in passages.items():
            for a in tags:
                for b in tags:
                    counts[a, b] += 1
                    members.setdefault((a, b), set()).add(key)
    elif within == "document":
        for document in {d for d, _a in passages}:
            mine = {k: p for k, p in passages.items() if k[0] == document}
            present = set().union(*(tags for _s, _e, tags in mine.values()))
            for a in present:
                for b in present:
                    counts[a, b] += 1
                    members.setdefault((a, b), set()).update(k for k, p in mine.items() if p[2] & {a, b})
    else:
        for (k1, p1), (k2, p2) in combinations(passages.items(), 2):
            if k1[0] == k2[0] and p1[0] < p2[1] and p2[0] < p1[1]:
                pairs = {(a, b) for a in p1[2] for b in p2[2]}
                for a, b in pairs:
                    counts[a, b] += 1
                    if a != b:
                        counts[b, a] += 1
                for a, b in pairs | {(b, a) for a, b in pairs}:
                    members.setdefault((a, b), set()).update({k1, k2})
    return counts, members


def _click(qtbot, pane, index):
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=pane.table.visualRect(index).center())


def test_cooccurrence_window_counts_each_mode_as_stored_and_a_cell_lists_its_passages(window, qtbot, tmp_path):
    services = _passages(window)
    stored = _stored(services)
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.analysis
    pane = dialog.cooccurrence
    assert dialog.isVisible() and dialog.tabs.currentWidget() is pane
    for label, within in MODES.items():
        pane.within.setCurrentText(label)
        qtbot.waitUntil(lambda w=within: window.controller.tasks.wait_idle(0.05) and pane._within == w, timeout=10000)
        _wait(window, qtbot, pane.model)
        model = pane.model
        header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        shown = {
            (model.index(r, 0).data(), header[c]): int(model.index(r, c).data())
            for r in range(model.rowCount())
            for c in range(1, model.columnCount())
        }
        counts, members = _expected(stored, within)
        assert {k: v for k, v in shown.items() if v} == dict(counts), within
        # The busiest cell off the diagonal lists exactly the passages it counts.
        (a, b), _n = max(((k, v) for k, v in counts.items() if k[0] != k[1]), key=lambda kv: (kv[1], kv[0]))
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == a)
        _click(qtbot, pane, pane.proxy.mapFromSource(model.index(row, header.index(b))))
        qtbot.waitUntil(lambda m=members[a, b]: pane.passages.count() == len(m), timeout=10000)
        listed = {tuple(pane.passages.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(pane.passages.count())}
        assert listed == members[a, b], (within, a, b)
    # Enter on a listed passage opens it in the reader.
    document_id, annotation_id = pane.passages.currentItem().data(Qt.ItemDataRole.UserRole)
    pane.passages.setFocus()
    qtbot.keyClick(pane.passages, Qt.Key.Key_Return)
    assert window.controller.document.id == document_id and window.workspace.reader.current() == annotation_id
    # The table exported as shown (the last mode: same document).
    pane.write_csv(str(tmp_path / "co.csv"))  # off the GUI thread, by the services
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and (tmp_path / "co.csv").exists())
    with open(tmp_path / "co.csv", encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == ["tag", *[t.name for t in services.codebook.tags()]]
    assert written[1:] == [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
