"""Other coders' passages in the reader (issue 12, "Live"): with several coders in the library
each passage's underline bars begin with a flag of its coder's colour (the fill stays the tag's),
the tooltip names the coder, and View → Passages of shows the colours as its legend and filters
the flags with the passages. A library with one coder looks as it always did."""

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QInputDialog, QToolTip

from tests.ui.conftest import open_doc, press

# What a person sees: the first coder of the library indigo, the second magenta, the third green.
COLOURS = ["#332288", "#ee3377", "#117733"]
PASSAGE = "absolute and complete victory"


def switch(window, monkeypatch, name):
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (name, True)))
    window.libraries.ask_coder()


def colour_of(window, login):
    logins = [c.login for c in sorted(window.controller.services.coders.list(), key=lambda c: c.id)]
    return COLOURS[logins.index(login)]


def column_under(window, text, passage):
    """The colours painted in a column through the passage's first character and the 40 pixels
    under its line (where the underline lanes are)."""
    reader = window.workspace.reader
    reader.viewport().repaint()
    cursor = QTextCursor(reader.document())
    cursor.setPosition(text.index(passage))  # plain ASCII here: code points are Qt positions
    rect = reader.cursorRect(cursor)
    image = reader.viewport().grab().toImage()
    x = rect.left() + 3  # inside the flags (the first FLAG pixels of each bar)
    return {QColor(image.pixel(x, y)).name() for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 40))}


def test_two_coders_on_the_same_span_show_two_coder_flags(window, qtbot, monkeypatch):
    text = open_doc(window, 4)
    press(window, qtbot, PASSAGE, "1")
    switch(window, monkeypatch, "bob")
    press(window, qtbot, PASSAGE, "1")  # the same span and tag: bob's own passage (decision 014)
    painted = column_under(window, text, PASSAGE)
    assert colour_of(window, "gui-tester") in painted
    assert colour_of(window, "bob") in painted
    assert colour_of(window, "gui-tester") != colour_of(window, "bob")
    # The tooltip says whose each passage is.
    reader = window.workspace.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(text.index(PASSAGE) + 2)
    point = reader.viewport().mapTo(reader, reader.cursorRect(cursor).center())
    QToolTip.hideText()
    reader.event(QHelpEvent(QEvent.Type.ToolTip, point, reader.mapToGlobal(point)))
    tip = QToolTip.text()
    assert "bob" in tip and "gui-tester" in tip


def test_passages_of_one_coder_shows_only_their_flag(window, qtbot, monkeypatch):
    text = open_doc(window, 4)
    press(window, qtbot, PASSAGE, "1")
    switch(window, monkeypatch, "bob")
    press(window, qtbot, PASSAGE, "2")
    window.controller.coder_view.choose("bob")  # View → Passages of → bob
    painted = column_under(window, text, PASSAGE)
    assert colour_of(window, "bob") in painted
    assert colour_of(window, "gui-tester") not in painted
    # The menu is the legend: each coder's entry carries their colour.
    menu = passages_menu(window)
    menu.aboutToShow.emit()
    for login in ("bob", "gui-tester"):
        (entry,) = [a for a in menu.actions() if a.data() == login]
        swatch = entry.icon().pixmap(14, 14).toImage()
        assert QColor(swatch.pixel(7, 7)).name() == colour_of(window, login)


def passages_menu(window):
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if action.menu() is not None and "Passages" in action.text().replace("&", ""):
                return action.menu()
    raise AssertionError("no View → Passages of menu")


def test_a_library_with_one_coder_shows_no_coder_flags(window, qtbot):
    text = open_doc(window, 4)
    press(window, qtbot, PASSAGE, "1")
    press(window, qtbot, "historical outcome", "2")
    painted = column_under(window, text, PASSAGE)
    assert not painted & set(COLOURS)
