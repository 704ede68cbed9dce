"""The reader keeps each block's highlight paint prepared (in idle time, as much of the article
as its memory budget holds): what it shows must never be a stale preparation. A tag, an undo,
a redo, a resize and a zoom each show at once on a page prepared before them (decision 028)."""

import random

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor

from tests.ui.conftest import long_paragraphs, open_doc, press

PASSAGE = "absolute and complete victory"


def _pixel(reader, point: QPoint) -> QColor:
    return QColor(reader.viewport().grab().toImage().pixel(point))


def _point_at(reader, qt_position: int) -> QPoint:
    """A viewport point a little inside the character at a Qt position (above its glyph's ink)."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(qt_position)
    rect = reader.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.top() + 3)


def _page(reader) -> int:
    return reader.palette().color(QPalette.ColorRole.Base).rgb()


def _tinted_like(painted: QColor, tag: QColor) -> bool:
    """Painted in the tag's hue over the page (its fill is the tag's colour, translucent)."""
    return (painted.blue() - painted.red()) * (tag.blue() - tag.red()) > 0


def test_a_prepared_page_far_down_shows_a_tag_its_undo_and_redo_at_once(window, qtbot, tmp_path):
    """A long, densely annotated article is opened and left alone (its blocks are prepared in idle
    time); Ctrl+End, a passage on the last page is tagged, undone and redone: each shows at once."""
    paragraphs = long_paragraphs(random.Random(4))
    path = tmp_path / "long.txt"
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    services = window.controller.services
    (outcome,) = services.documents.import_files([path])
    document_id = outcome.document.id
    text = services.documents.text(document_id)
    claim = window.controller.tag_by_key(1)
    rng = random.Random(7)
    items = []
    for paragraph_start in [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]:
        for _ in range(3):  # three passages near each paragraph's start
            start = text.index(" ", paragraph_start + rng.randint(0, 100)) + 1
            items.append((start, start + rng.randint(6, 40), [claim.id], {}))
    services.annotations.tag_many(document_id, items)
    window.reload_library()
    open_doc(window, document_id)
    reader = window.workspace.reader
    reader.setFocus()
    qtbot.wait(1500)  # a person reads the first page; the article is prepared meanwhile
    qtbot.keyClick(reader, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    last = text.rindex("\n") + 1
    start = text.index(" ", last + 200) + 1  # past the last paragraph's passages (all within 140)
    end = text.index(" ", start + 10)
    point = _point_at(reader, start)  # plain ASCII: code points are Qt positions
    tag = QColor(claim.color)
    assert _pixel(reader, point).rgb() == _page(reader)
    reader.select_span(start, end)
    qtbot.keyClick(reader, Qt.Key.Key_1)
    reader.select_span(end, end)  # the selection's own colour would hide the fill
    painted = _pixel(reader, point)
    assert painted.rgb() != _page(reader) and _tinted_like(painted, tag), painted.name()
    qtbot.keyClick(reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _pixel(reader, point).rgb() == _page(reader), "the undone passage is still painted"
    qtbot.keyClick(reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    painted = _pixel(reader, point)
    assert painted.rgb() != _page(reader) and _tinted_like(painted, tag), "the redone passage is not painted"


def test_after_a_resize_and_a_zoom_the_fill_follows_the_text(window, qtbot):
    """A tagged passage, its page prepared; the window is made narrower (the lines break
    elsewhere), then the text zoomed in: each time the fill is where the passage now is."""
    text = open_doc(window, 4)
    reader = window.workspace.reader
    press(window, qtbot, PASSAGE, "1")
    window.workspace.pane.flush()
    reader.select_span(0, 0)
    qtbot.wait(100)  # idle: the blocks around are prepared
    tag = QColor(window.controller.tag_by_key(1).color)
    inside = text.index(PASSAGE) + len("absolute and complete ")  # "victory": moves when lines rewrap
    before = _point_at(reader, inside)
    assert _tinted_like(_pixel(reader, before), tag)
    window.resize(760, 900)
    qtbot.wait(100)
    after = _point_at(reader, inside)
    assert after != before, "the passage did not move: the test would prove nothing"
    painted = _pixel(reader, after)
    assert painted.rgb() != _page(reader) and _tinted_like(painted, tag), painted.name()
    qtbot.keyClick(reader, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(100)
    zoomed = _point_at(reader, inside)
    assert zoomed != after
    painted = _pixel(reader, zoomed)
    assert painted.rgb() != _page(reader) and _tinted_like(painted, tag), painted.name()
