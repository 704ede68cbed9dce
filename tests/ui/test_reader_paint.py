"""What the reader paints under the text, as a user scrolls: overlaps blend, and every page of a
long, densely annotated article shows its passages (rectangles are prepared ahead in idle time
and cached per block; the cache keeps only the blocks near the view)."""

import random
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from annotator.ui import theme
from tests.ui.conftest import long_paragraphs, open_doc, press, rows


def _pixel(reader, point: QPoint) -> QColor:
    return QColor(reader.viewport().grab().toImage().pixel(point))


def _point_of(reader, position: int) -> QPoint:
    """A viewport point a little inside the character at a code-point offset (no further into
    the line than the passage goes)."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader._map.to_qt(position))
    rect = reader.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.top() + 3)


def _over(top: QColor, bottom: tuple[float, float, float]) -> tuple[float, float, float]:
    a = top.alphaF()
    return (
        top.redF() * a + bottom[0] * (1 - a),
        top.greenF() * a + bottom[1] * (1 - a),
        top.blueF() * a + bottom[2] * (1 - a),
    )


def _close(color: QColor, expected: tuple[float, float, float], tolerance: int = 3) -> bool:
    return all(
        abs(got - round(want * 255)) <= tolerance
        for got, want in zip((color.red(), color.green(), color.blue()), expected, strict=True)
    )


def test_overlap_looks_like_both_fills_laid_over_the_page(window, qtbot):
    text = open_doc(window, 4)
    reader = window.workspace.reader
    press(window, qtbot, "absolute and complete", "1")
    press(window, qtbot, "complete victory", "5")
    window.workspace.pane.flush()
    page = reader.palette().color(QPalette.ColorRole.Base)
    page_rgb = (page.redF(), page.greenF(), page.blueF())
    one, five = (QColor(window.controller.tag_by_key(k).color) for k in (1, 5))
    fill_one, fill_five = (theme.fill_color(c.name()) for c in (one, five))
    start = text.index("absolute and complete")
    only_one = _pixel(reader, _point_of(reader, start))
    both = _pixel(reader, _point_of(reader, text.index("complete victory") + 1))
    only_five = _pixel(reader, _point_of(reader, text.index("victory", start) + 1))
    assert _close(only_one, _over(fill_one, page_rgb))
    assert _close(only_five, _over(fill_five, page_rgb))
    either_order = (_over(fill_one, _over(fill_five, page_rgb)), _over(fill_five, _over(fill_one, page_rgb)))
    assert any(_close(both, expected) for expected in either_order), both.name()


def _long_article(tmp_path) -> str:
    paragraphs = long_paragraphs(random.Random(4))
    path = tmp_path / "long.txt"
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    return str(path)


def test_every_page_of_a_long_annotated_article_shows_its_passages(window, qtbot, tmp_path):
    """Page Down through the article, letting the window idle as a reader does (the blocks ahead
    are prepared then), then Ctrl+Home back to the top: each page shows its first passage's tag
    colour under the passage, and nowhere a passage is not (the cache maps blocks right)."""
    services = window.controller.services
    (outcome,) = services.documents.import_files([Path(_long_article(tmp_path))])
    document_id = outcome.document.id
    text = services.documents.text(document_id)
    claim = window.controller.tag_by_key(1)
    rng = random.Random(7)
    items = []
    for paragraph_start in [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]:
        for _ in range(3):  # three passages a paragraph, at word starts
            start = text.index(" ", paragraph_start + rng.randint(0, 150)) + 1
            items.append((start, start + rng.randint(6, 40), [claim.id], {}))
    services.annotations.tag_many(document_id, items)
    window.reload_library()
    open_doc(window, document_id)
    reader = window.workspace.reader
    reader.setFocus()
    fill = QColor(claim.color)
    marked = rows(window, document_id)

    def check_page() -> None:
        qtbot.wait(60)  # idle: paints, and the blocks ahead are prepared
        top = reader.first_visible_offset()
        passage = next(a for a in marked if a.start >= top + 20)
        painted = _pixel(reader, _point_of(reader, passage.start))
        assert painted.rgb() != reader.palette().color(QPalette.ColorRole.Base).rgb(), (top, passage.quote)
        assert (painted.blue() - painted.red()) * (fill.blue() - fill.red()) > 0, painted.name()

    for _ in range(12):
        qtbot.keyClick(reader, Qt.Key.Key_PageDown)
        check_page()
    qtbot.keyClick(reader, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(60)
    qtbot.keyClick(reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    check_page()


def _column(reader, text: str, at: str) -> list[str]:
    """The colours painted in a column through a character and the 30 pixels under its line,
    top to bottom (the underline rows)."""
    from PySide6.QtGui import QTextCursor

    reader.viewport().repaint()
    cursor = QTextCursor(reader.document())
    cursor.setPosition(text.index(at))
    rect = reader.cursorRect(cursor)
    image = reader.viewport().grab().toImage()
    return [QColor(image.pixel(rect.left() + 3, y)).name() for y in range(rect.top(), rect.bottom() + 30)]


def test_passages_stacked_deeper_than_the_line_spacing_end_in_one_grey_row(window, qtbot):
    """Underline rows stop at what fits between two lines (three): where more passages stack, the
    last row is grey ("more here", the tooltip lists them) instead of bars struck through the
    next line's text."""
    text = open_doc(window, 4)
    press(window, qtbot, "absolute and complete", "1")
    press(window, qtbot, "and complete victory", "2")
    two = _column(window.workspace.reader, text, "and complete victory")
    assert "#8a8a8a" not in two  # two rows fit: no grey
    press(window, qtbot, "rare case of absolute and", "3")
    press(window, qtbot, "and complete", "4")
    four = _column(window.workspace.reader, text, "and complete victory")
    assert "#8a8a8a" in four
    tag_bars = {QColor(window.controller.tag_by_key(k).color).name() for k in (1, 2, 3, 4)}
    rows_drawn = [c for n, c in enumerate(four) if c in tag_bars | {"#8a8a8a"} and (n == 0 or four[n - 1] != c)]
    assert len(rows_drawn) <= 3, rows_drawn


def test_the_grey_row_has_no_holes_where_deep_passages_overlap(window, qtbot):
    """Two passages too deep for the rows over the same words: the grey row stays grey under
    them (it was painted once a passage with the odd-even rule, so two cancelled out)."""
    text = open_doc(window, 4)
    for passage, key in [
        ("rare case of absolute and", "3"),
        ("case of absolute and complete", "5"),
        ("absolute and complete", "1"),
        ("and complete victory", "2"),
        ("and complete", "4"),
    ]:
        press(window, qtbot, passage, key)
    column = _column(window.workspace.reader, text, "and complete victory")
    assert "#8a8a8a" in column, column
