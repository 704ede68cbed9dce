"""Lanes by coder (issue 13, decision 045), on the real window: View → Lanes by coder (F7) draws
each coder's passages on that coder's own underline row — the coders in the library's order, gold
on a row after them — whatever the passages' order in the text; the tooltip names each row's
coder. On by default while the agreement view steps through disagreements, off again when it
closes; each context's choice is remembered."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QToolTip

from annotator.ui.widgets.coder_lanes import GOLD
from annotator.ui.widgets.highlight_layer import BAR

# Bob's span begins first (stacked lanes put it on the top row); Ann's begins four words later
# and ends sooner. Ann comes before Bob in the library, so by coder her row is the top one.
BOB = "the victory in Karabakh is an example of how peace is only possible for the strong"
ANN = "Karabakh is an example"
ANN_COLOUR, BOB_COLOUR = "#332288", "#ee3377"  # the library's first and second coders: indigo, magenta


def _code(window):
    services = window.controller.services
    for coder, quote in (("ann", ANN), ("bob", BOB)):
        services.coders.switch(coder)
        services.annotations.tag_quote(4, quote, ["claim"], nth=1)
    services.coders.add("Lea", lead=True)
    services.coders.switch("lea")
    assert [c.login for c in sorted(services.coders.list(), key=lambda c: c.id)] == ["ann", "bob", "lea"]


def _lanes_action(window):
    view = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
    return next(a for a in view.actions() if a.text().replace("&", "") == "Lanes by coder")


def _show(window, passage):
    """Scroll the passage's line to the top of the view (or as near as the article's end lets it),
    nothing selected (a selection would cover the bars)."""
    reader = window.workspace.reader
    reader.scroll_to_offset(window.controller.services.documents.text(4).index(passage))
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.document().find(passage).selectionStart())
    reader.setTextCursor(cursor)
    assert reader.cursorRect(cursor).bottom() + 40 < reader.viewport().height()  # its rows in view


def _first_y(window, passage, colour):
    """The top pixel row of `colour` in the column through the passage's flag (its first pixels),
    from its line's top to 40 pixels under it: where its underline row is."""
    reader = window.workspace.reader
    reader.viewport().repaint()
    found = reader.document().find(passage)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(found.selectionStart())
    rect = reader.cursorRect(cursor)
    image = reader.viewport().grab().toImage()
    ys = [
        y
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 40))
        if QColor(image.pixel(rect.left() + 3, y)).name() == colour
    ]
    return ys[0] if ys else None


def _line_top(window, passage):
    reader = window.workspace.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.document().find(passage).selectionStart())
    return reader.cursorRect(cursor).top()


def _tooltip(window, passage):
    reader = window.workspace.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.document().find(passage).selectionStart() + 2)
    point = reader.viewport().mapTo(reader, reader.cursorRect(cursor).center())
    QToolTip.hideText()
    reader.event(QHelpEvent(QEvent.Type.ToolTip, point, reader.mapToGlobal(point)))
    return QToolTip.text()


def test_f7_puts_each_coders_passage_on_their_own_row(window, qtbot):
    _code(window)
    window.controller.open_document(4)
    _show(window, BOB)
    assert _line_top(window, ANN) == _line_top(window, BOB)  # both begin on one line
    stacked_ann, stacked_bob = _first_y(window, ANN, ANN_COLOUR), _first_y(window, BOB, BOB_COLOUR)
    assert stacked_bob < stacked_ann  # stacked: Bob's (it begins first) on the top row
    action = _lanes_action(window)
    assert not action.isChecked()  # off while reading, by default
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_F7)
    assert action.isChecked()
    ann, bob = _first_y(window, ANN, ANN_COLOUR), _first_y(window, BOB, BOB_COLOUR)
    assert ann is not None and bob is not None
    assert bob == ann + BAR + 1  # Ann's row first, Bob's right under it: by coder, not by start
    assert ann == stacked_bob  # the top row is Ann's now
    tip = _tooltip(window, ANN)
    assert "ann · row 1" in tip and "bob · row 2" in tip and tip.index("ann") < tip.index("bob")
    assert window.settings.value("lanes_by_coder") in (True, "true")  # remembered for reading
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_F7)  # and back: stacked again
    assert _first_y(window, BOB, BOB_COLOUR) == stacked_bob


def test_stepping_through_disagreements_turns_lanes_on_and_gold_gets_its_own_row(window, qtbot):
    _code(window)
    action = _lanes_action(window)
    assert not action.isChecked()
    tags = window.tags_menu.actions()
    next(a for a in tags if a.text().replace("&", "").startswith("Agreement")).trigger()
    view = window.agreement
    qtbot.waitUntil(lambda: view.disagreements.count() == 1, timeout=20_000)
    assert action.isChecked()  # on by default while adjudicating
    chosen = next(i for i in range(view.passages.count()) if view.passages.item(i).text().startswith("ann"))
    view.passages.setCurrentRow(chosen)
    view.accept_button.click()  # Ann's passage into gold: a passage on the gold layer (its coder: Lea)
    qtbot.waitUntil(lambda: window.workspace.reader.highlight_count() == 3, timeout=10_000)
    _show(window, BOB)
    ann, bob = _first_y(window, ANN, ANN_COLOUR), _first_y(window, BOB, BOB_COLOUR)
    gold = _first_y(window, ANN, GOLD.name())
    assert ann is not None and bob == ann + BAR + 1 and gold == ann + 2 * (BAR + 1)  # gold: the row after the coders
    assert "gold (Lea) · row 3" in _tooltip(window, ANN)
    qtbot.keyClick(view, Qt.Key.Key_F7)  # the lead turns it off while adjudicating: remembered apart
    assert not action.isChecked()
    assert window.settings.value("lanes_by_coder_adjudicating") in (False, "false")
    qtbot.keyClick(view, Qt.Key.Key_F7)
    view.close()  # reading again: that context's choice (off)
    assert not action.isChecked()
    assert _first_y(window, BOB, BOB_COLOUR) < _first_y(window, ANN, ANN_COLOUR)  # stacked again


def test_more_coders_than_rows_turn_the_third_row_grey_and_the_tooltip_names_every_row(window, qtbot):
    services = window.controller.services
    for coder in ("ann", "bob", "cy", "dee"):  # four coders, three rows
        services.coders.switch(coder)
        services.annotations.tag_quote(4, ANN, ["claim"], nth=1)
    window.controller.open_document(4)
    _show(window, ANN)
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_F7)
    ann = _first_y(window, ANN, ANN_COLOUR)
    assert ann is not None and _first_y(window, ANN, BOB_COLOUR) == ann + BAR + 1
    assert _first_y(window, ANN, "#8a8a8a") == ann + 2 * (BAR + 1)  # Cy's row, grey: Dee's is below it
    tip = _tooltip(window, ANN)
    assert [tip.index(f"{c} · row {n}") for n, c in enumerate(("ann", "bob", "cy", "dee"), 1)] == sorted(
        tip.index(f"{c} · row {n}") for n, c in enumerate(("ann", "bob", "cy", "dee"), 1)
    )
    assert "dee · row 4 (drawn as the grey row 3" in tip
