"""The library pane: a click or an arrow key opens a document, and the highlighted row is always the open one."""

from PySide6.QtCore import QPoint, QSettings, Qt

from annotator.domain.models import Status
from annotator.services import open_services
from tests.ui.conftest import close, open_doc, started


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


def test_after_a_restart_the_open_document_is_highlighted(location, qtbot, tmp_path):
    """Through the app's own start-up: the document clicked before closing is painted first on the next
    start, and its row is the highlighted one once the library has opened."""
    services = open_services(location)
    services.documents.import_samples()
    services.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = started(qtbot, location, settings)
    qtbot.mouseClick(window.library.table.viewport(), Qt.MouseButton.LeftButton, pos=row_rect(window.library, 3).center())
    qtbot.waitUntil(lambda: window.controller.document.id == 3)
    close(window)
    for _restart in range(2):
        window = started(qtbot, location, settings)
        assert window.controller.document.id == 3
        qtbot.waitUntil(lambda w=window: highlighted(w.library) == 3)
        qtbot.wait(200)  # and it stays so
        assert highlighted(window.library) == 3
        close(window)


def shown(pane):
    return [pane.model.index(row, 0).data(Qt.ItemDataRole.UserRole).id for row in range(pane.model.rowCount())]


def test_header_clicks_sort_and_the_filter_finds_by_any_listed_field(window, qtbot):
    """The pane holds plain rows, not Documents: sorting and filtering work on them as before."""
    pane = window.library
    documents = window.controller.services.documents.list()
    header = pane.table.horizontalHeader()
    by_date = [d.id for d in sorted(documents, key=lambda d: (d.meta.published, d.id))]
    assert shown(pane) == by_date  # the starting order: by date
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 5, 5))
    by_title = sorted(documents, key=lambda d: (d.title or d.filename).casefold())
    assert shown(pane) in ([d.id for d in by_title], [d.id for d in reversed(by_title)])
    window.controller.services.documents.set_status(by_date[-1], Status.DONE)
    window.reload_library()
    pane.model.sort(4, Qt.SortOrder.DescendingOrder)
    assert shown(pane)[0] == by_date[-1]
    dateline = next(d for d in documents if d.meta.dateline)
    qtbot.keyClicks(pane.filter, dateline.meta.dateline)
    assert dateline.id in shown(pane)
    pane.filter.clear()
    qtbot.keyClicks(pane.filter, documents[0].filename)
    assert shown(pane) == [documents[0].id]
    listed = pane.model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert (listed.title, listed.source, listed.published, listed.status) == (
        documents[0].title,
        documents[0].meta.source,
        documents[0].meta.published,
        documents[0].status,
    )
