"""Start the desktop app: the QApplication, the library (with a dialog if it cannot be opened),
the main window, and the last open document."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator import __version__
from annotator.paths import APP_NAME, library_location


def settings_file() -> str:
    from platformdirs import user_config_dir

    return str(Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.ini")


def launch(db: str | None, annotator: str | None, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    window = build_window(library_location(db), annotator, QSettings(settings_file(), QSettings.Format.IniFormat))
    if window is None:
        return 1
    window.show()
    window.open_last_document()
    return app.exec()


def build_window(location: str, annotator: str | None, settings: QSettings):  # type: ignore[no-untyped-def]
    """Open the library (asking for another one if it cannot be opened) and build the window."""
    from annotator.services import LibraryError, open_services
    from annotator.ui.controller import Controller
    from annotator.ui.main_window import MainWindow

    while True:
        try:
            services = open_services(location, annotator=annotator)
            break
        except LibraryError as exc:
            choice = QMessageBox.critical(
                None, APP_NAME, f"The library cannot be opened: {exc}.\n\nOpen another library?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            )
            if choice != QMessageBox.StandardButton.Open:
                return None
            location, _ = QFileDialog.getSaveFileName(
                None, "Open or create a library", str(Path.home() / "library.sqlite3"),
                "Annotator library (*.sqlite3 *.db);;All files (*)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
            if not location:
                return None
    controller = Controller(services)
    window = MainWindow(controller, settings)
    window.reload_library()
    return window
