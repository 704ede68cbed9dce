"""F1: the shortcuts page tells the truth about what each key does."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.ui.dialogs.shortcuts_dialog import ShortcutsDialog


def shortcuts_page(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    pages = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog) and w.isVisible()]
    assert pages, "F1 showed no shortcuts page"
    return pages[-1]


def test_f1_lists_every_menu_shortcut_with_what_it_does(window, qtbot):
    page = shortcuts_page(window, qtbot)
    shown = page.browser.toPlainText().splitlines()  # a table: each key cell, then its description
    lines = [f"{key} | {what}" for key, what in zip(shown, shown[1:], strict=False)]
    import_line = next(line for line in lines if line.startswith("Ctrl+O"))
    assert "Import" in import_line, import_line
    assert not any("Ctrl+O" in line and "Open the selected" in line for line in lines)
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            for key in (k for k in action.shortcuts() if k.toString()):
                name = action.text().split("\t")[0].replace("&", "")
                assert any(key.toString() in line and name in line for line in lines), (key.toString(), name)
    assert any("Backspace" in line and "Delete the current annotation" in line for line in lines)
    page.close()


def test_f1_page_does_not_block_the_window(window, qtbot):
    page = shortcuts_page(window, qtbot)
    assert not page.isModal()
    page.close()


def test_about_names_the_library_file_not_a_url(window, no_blocking_dialogs, tmp_path, backend):
    window.about()
    said = no_blocking_dialogs[-1]
    if backend == "sqlite":
        assert str(tmp_path / "library.sqlite3") in said and "sqlite:" not in said
    else:  # a server database by its address
        assert window.controller.services.library.url.split("?")[0] in said


def test_about_never_shows_a_servers_password(qtbot, tmp_path, location, backend, no_blocking_dialogs):
    from PySide6.QtCore import QSettings

    from annotator.ui.launch import build_window

    with_password = location.replace("postgres@", "postgres:secret@") if backend == "postgresql" else location
    window = build_window(with_password, "gui-tester", QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        window.about()
        assert "secret" not in no_blocking_dialogs[-1]
    finally:
        window.close()
        window.controller.services.close()
