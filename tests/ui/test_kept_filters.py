"""The window's filters belong to the library they filter: set in library A, they are A's again when A is
opened again, and library B has its own (issue 11, bug 5)."""

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QMenu

from annotator.services import open_services
from annotator.ui.coder_view import ALL, MINE
from annotator.ui.places import ReadingPlaces
from tests.ui.conftest import close, started


def choose_passages_of(window, qtbot, mode):
    """View → Passages of → the entry for `mode`, clicked."""
    menu = next(m for m in window.findChildren(QMenu) if m.title() == "Passages &of")
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    qtbot.waitUntil(lambda: menu.isVisible() and any(a.data() == mode for a in menu.actions()))
    action = next(a for a in menu.actions() if a.data() == mode)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: window.controller.coder_view.mode == mode)


def filters(window):
    pane = window.workspace.pane
    return (
        window.library.filter.text(),
        pane.tag_filter.currentText(),
        pane.text_filter.text(),
        window.controller.coder_view.mode,
    )


def test_each_library_keeps_its_own_filters(new_location, qtbot, tmp_path):
    first, second = new_location(), new_location()
    for location in (first, second):
        services = open_services(location)
        services.documents.import_samples()
        services.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    window = started(qtbot, first, settings)
    pane = window.workspace.pane
    qtbot.keyClicks(window.library.filter, "trend")
    pane.tag_filter.setFocus()
    qtbot.keyClick(pane.tag_filter, Qt.Key.Key_Down)  # the first tag
    qtbot.keyClick(pane.tag_filter, Qt.Key.Key_Down)  # the second
    qtbot.keyClicks(pane.text_filter, "victory")
    choose_passages_of(window, qtbot, MINE)
    chosen = filters(window)
    assert chosen[1] not in ("", "All tags")
    assert window.library.model.rowCount() == 2  # the two Trend articles
    close(window)

    other = started(qtbot, second, settings)
    assert filters(other) == ("", "All tags", "", ALL)  # library B has none of A's filters
    assert other.library.model.rowCount() == 4
    qtbot.keyClicks(other.library.filter, "tass")
    close(other)

    again = started(qtbot, first, settings)
    qtbot.waitUntil(lambda: filters(again) == chosen)
    assert again.library.model.rowCount() == 2
    close(again)

    other = started(qtbot, second, settings)
    assert filters(other) == ("tass", "All tags", "", ALL)
    assert other.library.model.rowCount() == 1
    close(other)


def test_a_kept_coder_the_library_no_longer_has_shows_every_coder(location, qtbot, tmp_path):
    services = open_services(location, annotator="gui-tester")
    services.documents.import_samples()
    services.annotations.tag_quote(4, "anti-terrorist operation", ["framing"], nth=1)
    services.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ReadingPlaces(settings, location).set_last_document(4)
    ReadingPlaces(settings, location).set_filter("coder", "coder:someone-merged-away")
    window = started(qtbot, location, settings)
    assert window.controller.coder_view.mode == ALL
    qtbot.waitUntil(lambda: window.workspace.pane.model.rowCount() == 1)  # the passage is listed
    assert window.workspace.reader.highlight_count() == 1
    assert ReadingPlaces(settings, location).filter("coder") == ""
    close(window)
