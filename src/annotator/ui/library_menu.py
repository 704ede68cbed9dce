"""File → New library…, Open library…, Open recent, and Coder name…: which library the window
works on and who is coding in it. Switching opens the other library in a new window, the same
way the app starts, and closes this one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMenu

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

RECENT_KEY = "recent_libraries"
CODER_KEY = "coder"
RECENT_MAX = 8
FILTER = "Annotator library (*.sqlite3 *.db);;All files (*)"


def remember_recent(settings: object, location: str) -> None:
    """Put a library first in the Open recent list (a path as given, at most RECENT_MAX)."""
    recent = [r for r in recent_libraries(settings) if r != location]
    settings.setValue(RECENT_KEY, [location, *recent][:RECENT_MAX])  # type: ignore[attr-defined]


def recent_libraries(settings: object) -> list[str]:
    value = settings.value(RECENT_KEY, [])  # type: ignore[attr-defined]
    return [str(v) for v in ([value] if isinstance(value, str) else value or [])]


def saved_coder(settings: object) -> str | None:
    value = str(settings.value(CODER_KEY, "") or "").strip()  # type: ignore[attr-defined]
    return value or None


class LibraryMenu(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        window._action(menu, self.tr("&New library…"), self.new_library)
        window._action(menu, self.tr("Open &library…"), self.open_dialog)
        self.recent = menu.addMenu(self.tr("Open &recent"))
        self.recent.aboutToShow.connect(self._fill_recent)
        window._action(menu, self.tr("&Coder name…"), self.ask_coder, library=True)
        self.coder = QLabel(window)
        window.statusBar().addWidget(self.coder)

    # --- libraries -------------------------------------------------------------------------
    def new_library(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self._window, self.tr("New library"),
                                              str(Path.home() / "library.sqlite3"), FILTER)
        if path:
            self.open(path)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._window, self.tr("Open library"), str(Path.home()), FILTER,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.open(path)

    def _fill_recent(self) -> None:
        self.recent.clear()
        for location in recent_libraries(self._window.settings):
            action = self.recent.addAction(location)
            action.triggered.connect(lambda _=False, where=location: self.open(where))
        self.recent.setEnabled(bool(self.recent.actions()))

    def open(self, location: str) -> None:
        """Open another library in a new window (as the app starts) and close this one."""
        from annotator.ui.launch import start_window

        window = self._window
        services = window.controller.services if window.controller.ready else None
        if services is not None and services.library.file is not None and \
                Path(location).expanduser().resolve() == services.library.file.resolve():
            return  # already open here
        start_window(location, saved_coder(window.settings), window.settings)
        window.close()
        if services is not None:
            services.close()
        window.deleteLater()

    # --- who is coding ---------------------------------------------------------------------
    def show_coder(self) -> None:
        services = self._window.controller.services
        self.coder.setText(self.tr("Coding as %s") % services.annotations.annotator)

    def ask_coder(self) -> None:
        services = self._window.controller.services
        name, ok = QInputDialog.getText(self._window, self.tr("Coder name"),
                                        self.tr("Your name as a coder (the export's annotator column):"),
                                        text=services.annotations.annotator)
        name = " ".join(name.split())
        if ok and name:
            services.annotations.annotator = name
            self._window.settings.setValue(CODER_KEY, name)
            self.show_coder()
