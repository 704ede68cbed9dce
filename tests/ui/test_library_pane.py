"""The library pane: a click or an arrow key opens a document, and the highlighted row is always the open one."""

from PySide6.QtCore import QSettings, Qt

from annotator.ui.launch import build_window
from tests.ui.conftest import open_doc


def row_rect(pane, document_id):
    table = pane.table
    return table.visualRect(pane.model.index(pane.model.row_of(document_id), 0))


def highlighted(pane):
    index = pane.table.currentIndex()
    selected = pane.table.selectionModel().selectedRows()
    return index.data(Qt.ItemDataRole.UserRole).id if index.isValid() and selected else None


def test_a_single_click_opens_the_document(window, qtbot):
    open_doc(window, 1)
    pane = window.library
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=row_rect(pane, 3).center())
    qtbot.waitUntil(lambda: window.controller.document.id == 3)
    assert highlighted(pane) == 3


def test_arrow_keys_open_the_next_document(window, qtbot):
    open_doc(window, 1)
    pane = window.library
    pane.table.setFocus()
    row = pane.model.row_of(1)
    below = pane.model.index(row + 1, 0).data(Qt.ItemDataRole.UserRole).id
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.controller.document.id == below)
    assert highlighted(pane) == below


def test_the_open_document_stays_highlighted_after_an_import_and_a_filter(window, qtbot, tmp_path):
    open_doc(window, 2)
    article = tmp_path / "new.txt"
    article.write_text("Another article, imported while document 2 is open.", encoding="utf-8")
    job = window.import_paths([article])
    with qtbot.waitSignal(job.done, timeout=10000):
        pass
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 5)
    qtbot.wait(200)
    assert highlighted(window.library) == window.controller.document.id
    window.library.filter.setText("")
    window.library.filter.setText(window.controller.document.meta.source[:5])
    assert highlighted(window.library) == window.controller.document.id


def test_after_a_restart_the_open_document_is_highlighted(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    for round_ in range(2):
        built = build_window(str(tmp_path / "library.sqlite3"), "gui-tester", settings)
        qtbot.addWidget(built)
        if round_ == 0:
            built.controller.services.documents.import_samples()
        built.reload_library()
        built.show()
        qtbot.waitUntil(lambda b=built: b.controller.ready)
        if round_ == 0:
            built.controller.open_document(3)
        else:
            built.open_last_document()
        qtbot.waitUntil(lambda b=built: b.controller.document is not None and b.controller.document.id == 3)
        assert highlighted(built.library) == 3
        built.close()
        built.controller.services.close()
