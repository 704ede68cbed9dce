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


def test_a_speaker_by_outlet_cell_lists_its_passages_and_a_date_range_chooses_the_documents(window, qtbot):
    services = window.controller.services
    tag = next(t.id for t in services.codebook.tags() if t.name == "quote")
    for doc, start, speaker in ((1, 20, "Aliyev"), (1, 60, "Aliyev"), (3, 40, "Aliyev"), (4, 50, "Blinken")):
        services.annotations.tag(doc, start, start + 8, [tag], fields={"speaker": speaker})
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.compare
    pane.tag.setCurrentText("quote")
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and pane.model.header[:1] == ["speaker"], timeout=10000)
    header, rows = pane.model.header, pane.model.rows
    source = services.documents.get(1).meta.source
    row, column = next(i for i, r in enumerate(rows) if r[0] == "Aliyev"), header.index(source)
    index = pane.proxy.mapFromSource(pane.model.index(row, column))  # the view shows the sorting proxy
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=pane.table.visualRect(index).center())
    expected = sorted(
        (a.document_id, a.id)
        for d in services.documents.list()
        if d.meta.source == source
        for a in services.annotations.for_document(d.id)
        if tag in a.tag_ids and dict(a.fields).get("speaker") == "Aliyev"
    )
    qtbot.waitUntil(lambda: pane.passages.count() == int(rows[row][column]), timeout=10000)
    listed = sorted(pane.passages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(pane.passages.count()))
    assert listed == expected and len(expected) >= 2
    pane.passages.setFocus()
    qtbot.keyClick(pane.passages, Qt.Key.Key_Return)
    assert window.controller.document.id == expected[0][0]
    # A date range typed (a partial date: all of that month): only those documents are compared.
    published = services.documents.get(4).meta.published[:7]
    for box in (pane.date_from, pane.date_to):
        box.setFocus()
        qtbot.keyClicks(box, published)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    outlets = sorted({d.meta.source for d in services.documents.list() if d.meta.published.startswith(published)})
    qtbot.waitUntil(
        lambda: window.controller.tasks.wait_idle(0.05) and sorted(pane.model.header[1:-1]) == outlets, timeout=10000
    )
    assert [r[0] for r in pane.model.rows if r[0] != "total"] == ["Blinken"]


def test_by_chooses_what_passages_are_counted_by_down_to_the_lexicons_terms(window, qtbot):
    """The pane's By list: figures, the tag's fields, its words (quote) or the framing lexicon's
    term (term) — the app had frame × outlet only; 'the framing lexicon's terms per outlet'."""
    services = window.controller.services
    services.suggestions.set_lexicon([("anti-terrorist*", "loaded term"), ("victory", "conflict")])
    framing = services.codebook.by_name("framing").id
    text = services.documents.text(4)
    for quote in ("anti-terrorist operation", "Second Karabakh War"):
        start = text.index(quote)
        services.annotations.tag(4, start, start + len(quote), [framing])
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.compare
    pane.tag.setCurrentText("framing")
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and pane.model.header[:1] == ["frame"], timeout=10000)
    assert [pane.by.itemText(i) for i in range(pane.by.count())] == ["frame", "quote", "term"]
    pane.by.setFocus()
    qtbot.keyClicks(pane.by, "term")  # chosen by typing, as a person would
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and pane.model.header[:1] == ["term"], timeout=10000)
    source = services.documents.get(4).meta.source
    column = pane.model.header.index(source)
    got = {r[0]: r[column] for r in pane.model.rows if r[0] != "total"}
    assert got["anti-terrorist*"] == "1" and got["(not in the lexicon)"] == "1"
    pane.tag.setCurrentText("casualty figure")  # a tag with counts: figures first, its fields after
    qtbot.waitUntil(
        lambda: window.controller.tasks.wait_idle(0.05) and pane.model.header[:2] == ["date", "kind"], timeout=10000
    )
    assert pane.by.itemText(0) == "figures"
