"""A small window: a long title takes at most two lines, elided, and the reader keeps the room."""

from tests.ui.conftest import open_doc


def test_a_long_title_is_elided_to_two_lines_with_the_whole_in_the_tooltip(window, qtbot):
    open_doc(window, 2)  # "Blinken calls Azerbaijan's use of force in Nagorno-Karabakh a setback to peace efforts"
    window.resize(800, 560)
    qtbot.waitUntil(lambda: window.workspace.title.width() < 400)
    title = window.workspace.title
    shown = title.text()
    assert len(shown.splitlines()) <= 2 and shown.endswith("…"), shown
    assert title.toolTip() == window.controller.document.title
    assert window.workspace.reader.viewport().height() > 300
    window.resize(1800, 900)  # (at 1400 the library pane, with room for its own titles, leaves this one 600 px a line)
    qtbot.waitUntil(lambda: not title.text().endswith("…"))
    assert title.text().replace("\n", " ") == window.controller.document.title
