"""The library pane: a click or an arrow key opens a document, and the highlighted row is always the open one."""

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

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


TITLE_60 = "Azerbaijan’s President Aliyev Meets Trump at the White House"


def test_a_sixty_character_title_shows_whole_at_1280_pixels(window, qtbot, tmp_path):
    """The title takes the room (issue 11, friction 5): the outlet, date, passages and status are on the
    row's second line, and the library pane keeps a third of the window."""
    article = tmp_path / "visit.txt"
    article.write_text(f"{TITLE_60}\n\nBAKU. The president met his counterpart.", encoding="utf-8")
    assert len(TITLE_60) == 60
    job = window.import_paths([article])
    with qtbot.waitSignal(job.done, timeout=10000):
        pass
    pane = window.library
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5)
    document = next(
        pane.model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(5) if "Trump" in pane.model.index(r, 0).data()
    )
    assert document.title == TITLE_60
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    qtbot.wait(50)
    assert shown_title(pane, pane.model.row_of(document.id)) == TITLE_60
    window.resize(900, 640)  # narrow: elided, but more than a few characters
    qtbot.waitUntil(lambda: window.width() < 1000)
    qtbot.wait(50)
    narrow = shown_title(pane, pane.model.row_of(document.id))
    assert narrow.endswith("…") and len(narrow) > 30, narrow


def shown_title(pane, row):
    """The title as the row's delegate draws it in the cell the view gives it now."""
    table = pane.table
    index = pane.model.index(row, 0)
    return table.itemDelegateForColumn(0).shown_title(index, table.visualRect(index), table.font())


def test_a_hidden_column_comes_back_from_the_header_menu_and_sorts(window, qtbot):
    pane = window.library
    header = pane.table.horizontalHeader()
    assert [c for c in range(5) if not header.isSectionHidden(c)] == [0]  # the title alone, the rest beneath it
    position = QPoint(20, header.height() // 2)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, position, header.viewport().mapToGlobal(position))
    QApplication.sendEvent(header.viewport(), event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    action = next(a for a in menu.actions() if a.text() == "Show Date column")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not header.isSectionHidden(2))
    documents = window.controller.services.documents.list()
    by_date = [d.id for d in sorted(documents, key=lambda d: (d.meta.published, d.id))]
    middle = QPoint(header.sectionViewportPosition(2) + header.sectionSize(2) // 2, 5)
    orders = []
    for _ in range(2):  # one way by date, then the other
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
        orders.append(shown(pane))
    assert sorted(orders) == sorted([by_date, by_date[::-1]])


def test_the_library_keeps_a_width_the_user_dragged_it_to(location, qtbot, tmp_path):
    services = open_services(location)
    services.documents.import_samples()
    services.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = started(qtbot, location, settings, (1280, 800))
    qtbot.waitUntil(lambda: window.width() == 1280)
    before = window.library.width()
    handle = window.splitter.handle(1)
    middle = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(handle, middle + QPoint(-120, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle + QPoint(-120, 0))
    dragged = window.library.width()
    assert dragged < before - 60
    window.resize(1400, 800)  # the document takes a wider window's room
    qtbot.waitUntil(lambda: window.width() == 1400)
    assert window.library.width() == dragged
    close(window)
    again = started(qtbot, location, settings, (1400, 800))  # (the offscreen screen is smaller than the window was)
    qtbot.waitUntil(lambda: again.width() == 1400)
    assert again.library.width() == dragged
    close(again)
