"""The reading place across restarts at other window sizes, through the app's own start-up (start_window):
the first character on screen stays the same (within its line), however the window settles."""

import random

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor

from annotator.services import open_services
from annotator.ui.offsets import OffsetMap
from tests.ui.conftest import close, long_paragraphs, started


def line_start(reader, offset):
    """The code-point offset where the reader's line holding `offset` starts, as laid out now."""
    text = reader.toPlainText()
    positions = OffsetMap(text)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(positions.to_qt(offset))
    cursor.movePosition(QTextCursor.MoveOperation.StartOfLine)
    return positions.to_cp(cursor.position())


def test_the_reading_place_survives_three_restarts_at_other_sizes(location, qtbot, tmp_path):
    article = tmp_path / "long-article.txt"
    article.write_text("A long article\n\n" + "\n\n".join(long_paragraphs(random.Random(11))[:80]), encoding="utf-8")
    services = open_services(location)
    services.documents.import_samples()
    long_id = services.documents.import_file(article).document.id
    services.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    window = started(qtbot, location, settings)
    pane, reader = window.library, window.workspace.reader
    row = pane.table.visualRect(pane.model.index(pane.model.row_of(long_id), 0))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    qtbot.waitUntil(lambda: window.controller.document is not None and window.controller.document.id == long_id)
    reader.setFocus()
    for _ in range(8):
        qtbot.keyClick(reader, Qt.Key.Key_PageDown)
    place = reader.first_visible_offset()
    assert place > 2000
    close(window)

    for size in ((1024, 700), (900, 600), (1280, 820)):
        window = started(qtbot, location, settings, size)
        reader = window.workspace.reader
        assert window.controller.document.id == long_id
        qtbot.waitUntil(lambda r=reader: r.first_visible_offset() == line_start(r, place), timeout=5000)
        qtbot.wait(300)  # the window has settled: still there
        assert reader.first_visible_offset() == line_start(reader, place), size
        close(window)


def test_the_line_at_the_top_stays_there_when_the_window_is_resized(window, qtbot, tmp_path):
    article = tmp_path / "long-article.txt"
    article.write_text("A long article\n\n" + "\n\n".join(long_paragraphs(random.Random(5))[:60]), encoding="utf-8")
    job = window.import_paths([article])
    with qtbot.waitSignal(job.done, timeout=10000) as imported:
        pass
    long_id = imported.args[0][0].document.id
    reader = window.workspace.reader
    pane = window.library
    rect = pane.table.visualRect(pane.model.index(pane.model.row_of(long_id), 0))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.controller.document.id == long_id)
    reader.setFocus()
    for _ in range(5):
        qtbot.keyClick(reader, Qt.Key.Key_PageDown)
    place = reader.first_visible_offset()
    assert place > 1000
    for size in ((1000, 700), (1600, 900), (1100, 640)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: window.width() == s[0])
        qtbot.waitUntil(lambda: reader.first_visible_offset() == line_start(reader, place), timeout=5000)
