"""The Analysis window's Layer choice (decision 044): the crosstab and compare panes count the
passages of all layers, the gold layer, every coder's own or one coder's — the export's --layer
choices — chosen in a combo with the keyboard; a cell then lists that layer's passages only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

TREND = "Trend News Agency"


def _layered(services):
    """ann and bob marked the same claim (and bob one more); Lea the lead took the agreed one into gold."""
    services.coders.add("Lea", lead=True)
    for who, quote in (
        ("ann", "Armenia and Azerbaijan"),
        ("bob", "Armenia and Azerbaijan"),
        ("bob", "anti-terrorist operation"),
    ):
        services.coders.switch(who)
        services.annotations.tag_quote(4, quote, ["claim"], fields={"claimant": "Aliyev"})
    services.coders.switch("lea")
    (step,) = services.gold.accept_agreed([4])
    return step.annotation


def _claims(pane):
    header, rows = pane.model.header, pane.model.rows
    row = next(r for r in rows if r[0] in ("claim", "Aliyev"))
    return {c: v for c, v in zip(header[1:], row[1:], strict=True) if v != "0"}


def _choose(window, qtbot, pane, text):
    """In the Layer combo, type the choice's name (a combo's keyboard search), and wait for the count."""
    pane.layer.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not the last one's letters
    qtbot.keyClicks(pane.layer, text)
    assert pane.layer.currentText() == text
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and pane.status.text() == "", timeout=10000)


def test_the_crosstab_and_compare_count_the_layer_chosen(window, qtbot):
    gold = _layered(window.controller.services)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.crosstab
    pane.columns.setFocus()
    qtbot.keyClicks(pane.columns, "coder")
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and "lea" in pane.model.header, timeout=10000)
    assert pane.layer.currentText() == "all layers"
    assert _claims(pane) == {"ann": "1", "bob": "2", "lea": "1", "total": "4"}
    _choose(window, qtbot, pane, "gold")
    assert _claims(pane) == {"lea": "1", "total": "1"}
    # The cell lists the gold passage only.
    row = next(i for i, r in enumerate(pane.model.rows) if r[0] == "claim")
    index = pane.proxy.mapFromSource(pane.model.index(row, pane.model.header.index("lea")))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=pane.table.visualRect(index).center())
    qtbot.waitUntil(lambda: pane.passages.count() == 1, timeout=10000)
    assert pane.passages.item(0).data(Qt.ItemDataRole.UserRole) == (4, gold.id)
    _choose(window, qtbot, pane, "coders")
    assert _claims(pane) == {"ann": "1", "bob": "2", "total": "3"}
    _choose(window, qtbot, pane, "bob")
    assert _claims(pane) == {"bob": "2", "total": "2"}

    window.analysis.show_tab("compare")
    compare = window.analysis.compare
    compare.tag.setFocus()
    qtbot.keyClicks(compare.tag, "claim")
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and compare.model.rowCount() > 0, timeout=10000)
    assert _claims(compare)[TREND] == "4"  # three coders' passages and the gold one
    _choose(window, qtbot, compare, "gold")
    assert _claims(compare)[TREND] == "1"
    _choose(window, qtbot, compare, "ann")
    assert _claims(compare)[TREND] == "1"
