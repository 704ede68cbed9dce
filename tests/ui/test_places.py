"""Where the reader was: each document reopens at its place, and each library remembers its own last
document — a library file or a server database alike (the place is kept per library, not per file)."""

from PySide6.QtCore import QSettings

from annotator.services import open_services
from annotator.ui.launch import build_window


def make_window(qtbot, library, settings):
    window = build_window(str(library), "gui-tester", settings)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def close(window):
    window.close()
    window.controller.services.close()


def test_a_document_reopens_where_it_was_read_also_after_a_restart(new_location, qtbot, tmp_path):
    library = new_location()
    services = open_services(str(library))
    services.documents.import_samples()
    services.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window(qtbot, library, settings)
    window.controller.open_document(4)
    reader = window.workspace.reader
    reader.scroll_to_offset(len(window.controller.services.documents.text(4)) // 2)
    place = reader.first_visible_offset()
    assert place > 1000
    window.controller.open_document(1)
    assert reader.first_visible_offset() == 0  # a document never read opens at the top
    window.controller.open_document(4)
    assert abs(reader.first_visible_offset() - place) < 100
    close(window)

    again = make_window(qtbot, library, settings)
    again.open_last_document()
    assert again.controller.document.id == 4
    assert abs(again.workspace.reader.first_visible_offset() - place) < 100
    close(again)


def test_each_library_opens_its_own_last_document(new_location, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first, second = new_location(), new_location()
    for library in (first, second):
        services = open_services(str(library))
        services.documents.import_samples()
        services.close()
    window = make_window(qtbot, first, settings)
    window.controller.open_document(3)
    close(window)
    other = make_window(qtbot, second, settings)
    other.controller.open_document(2)
    close(other)
    window = make_window(qtbot, first, settings)
    window.open_last_document()
    assert window.controller.document.id == 3
    close(window)
