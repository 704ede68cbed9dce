"""File → Open library… / New library… / Open recent, and File → Switch coder…"""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from annotator.services import open_services
from annotator.ui.launch import build_window
from annotator.ui.main_window import MainWindow

# SQLite-only: File menu: open, new and recent library files.
pytestmark = pytest.mark.sqlite_only("File menu: open, new and recent library files")


def library_with(path, title_word):
    article = path.parent / f"{title_word}.txt"
    article.write_text(f"{title_word.title()} article\n\nText of the {title_word} article.\n", encoding="utf-8")
    services = open_services(str(path))
    services.documents.import_files([article])
    services.close()
    return path


def windows():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_open_another_library_from_the_file_menu(qtbot, tmp_path, monkeypatch):
    first = library_with(tmp_path / "a.sqlite3", "alpha")
    second = library_with(tmp_path / "b.sqlite3", "bravo")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(str(first), None, settings)
    window.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(second), "")))
    window.libraries.open_dialog()
    qtbot.waitUntil(lambda: any(w is not window for w in windows()), timeout=10000)
    (other,) = [w for w in windows() if w is not window]
    qtbot.waitUntil(lambda: other.controller.ready and other.library.model.rowCount() == 1, timeout=20000)
    assert other.library.model.index(0, 0).data() == "Bravo article"
    assert str(second) in settings.value("recent_libraries")
    other.libraries._fill_recent()
    assert [a.text() for a in other.libraries.recent.actions()][0] == str(second)
    other.close()
    other.controller.services.close()


def test_the_coder_name_is_set_in_the_app_and_used_and_kept(qtbot, tmp_path, monkeypatch):
    library = library_with(tmp_path / "c.sqlite3", "charlie")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(str(library), None, settings)
    window.show()
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("  Dana   Coder ", True)))
    window.libraries.ask_coder()
    assert window.libraries.coder.text() == "Coding as Dana Coder (dana_coder)"
    services = window.controller.services
    result = services.annotations.tag_quote(1, "charlie", [services.codebook.tags()[0].name], nth=1)
    assert result.annotation.coder == "dana_coder"
    assert [c.display_name for c in services.coders.list()][-1] == "Dana Coder"
    window.close()
    services.close()
    from annotator.ui.library_menu import saved_coder

    assert saved_coder(settings) == "Dana Coder"


def test_the_app_starts_as_the_saved_coder(qtbot, tmp_path):
    from annotator.ui.launch import start_window

    library = library_with(tmp_path / "d.sqlite3", "delta")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("coder", "Eve")
    window = start_window(str(library), None, settings)
    qtbot.waitUntil(lambda: window.controller.ready, timeout=20000)
    assert window.controller.services.coders.login == "eve"
    assert window.libraries.coder.text() == "Coding as Eve (eve)"
    window.close()
    window.controller.services.close()
