"""Where the reader was: each document reopens at its place, and each library remembers its own last
document — a library file or a server database alike (the place is kept per library, not per file);
through the app's own start-up (start_window), with clicks and keys."""

import random

from PySide6.QtCore import QSettings, Qt

from annotator.services import open_services
from tests.ui.conftest import close, long_paragraphs, started


def click_document(qtbot, window, document_id):
    pane = window.library
    rect = pane.table.visualRect(pane.model.index(pane.model.row_of(document_id), 0))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.controller.document is not None and window.controller.document.id == document_id)


def test_a_document_reopens_where_it_was_read_also_after_a_restart(location, qtbot, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Long\n\n" + "\n\n".join(long_paragraphs(random.Random(3))[:40]), encoding="utf-8")
    services = open_services(location)
    services.documents.import_samples()
    long_id = services.documents.import_file(article).document.id
    services.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = started(qtbot, location, settings, (1200, 700))
    reader = window.workspace.reader
    click_document(qtbot, window, long_id)
    reader.setFocus()
    for _ in range(6):
        qtbot.keyClick(reader, Qt.Key.Key_PageDown)
    place = reader.first_visible_offset()
    assert place > 1000
    click_document(qtbot, window, 1)
    assert reader.first_visible_offset() == 0  # a document never read opens at the top
    click_document(qtbot, window, long_id)
    qtbot.waitUntil(lambda: abs(reader.first_visible_offset() - place) < 100)
    close(window)

    again = started(qtbot, location, settings, (1200, 700))
    assert again.controller.document.id == long_id
    qtbot.waitUntil(lambda: abs(again.workspace.reader.first_visible_offset() - place) < 100)
    close(again)


def test_each_library_opens_its_own_last_document(new_location, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first, second = new_location(), new_location()
    for library in (first, second):
        services = open_services(library)
        services.documents.import_samples()
        services.close()
    window = started(qtbot, first, settings)
    click_document(qtbot, window, 3)
    close(window)
    other = started(qtbot, second, settings)
    click_document(qtbot, other, 2)
    close(other)
    window = started(qtbot, first, settings)
    assert window.controller.document.id == 3
    close(window)
