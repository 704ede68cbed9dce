"""Start the desktop app: paint the last document first, then open the library properly.

The window and a peeked document (standard-library sqlite3, see storage.peek) appear before
SQLAlchemy loads; the services are attached a moment later, when the library is open. A library
that cannot be opened gets a dialog offering another one, never a traceback.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator import __version__
from annotator.paths import APP_NAME, library_location
from annotator.ui.controller import Controller
from annotator.ui.library_menu import remember_recent, saved_coder
from annotator.ui.main_window import MainWindow
from annotator.ui.places import ReadingPlaces


def tune_garbage_collector() -> None:
    """Opening a long article allocates ~100,000 small tuples at once; with the default
    thresholds the cyclic collector then rescans the whole heap several times mid-open (a third
    of the open time, measured). Objects alive after start-up are frozen out of its scans, and
    young collections run less often. Nothing here is cyclic garbage-heavy."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def settings_file() -> str:
    from platformdirs import user_config_dir

    return str(Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.ini")


BACKUP_TASK = "rolling-backup"  # the day's backup: the one task the app's exit does not wait for


def launch(db: str | None, annotator: str | None, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    tune_garbage_collector()
    settings = QSettings(settings_file(), QSettings.Format.IniFormat)
    window = start_window(library_location(db), annotator, settings)
    code = app.exec()
    # A quit right after the first paint can come while the services are still being imported, or the
    # detectors run, on a thread; the interpreter must not shut down under them (it crashed at exit,
    # 1 run in 8 under load). They are short; the day's backup may be long and is left to finish or die.
    deadline = time.monotonic() + 30
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.name != f"task {BACKUP_TASK}":
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
    del window  # held until here: an unreferenced window could be collected while the app runs
    return code


_WINDOWS: set[MainWindow] = set()
FIRST_FRAME_WAIT_MS = 500  # the library starts loading then even if the window was not painted


def start_window(location: str, annotator: str | None, settings: QSettings) -> MainWindow:
    """Show the window with the last document painted, and start opening the library."""
    from annotator.domain.coders import default_annotator
    from annotator.services.preview import preview

    # --annotator, else File → Switch coder…, else ANNOTATOR_USER, else the OS user
    annotator = annotator or saved_coder(settings)
    places = ReadingPlaces(settings, location)
    first = preview(location, places.last_document(), annotator or default_annotator())
    controller = Controller(None, tags=first.tags if first else [])
    window = MainWindow(controller, settings, places)
    _WINDOWS.add(window)  # a window opened from File → Open library has no other owner
    window.destroyed.connect(lambda *_: _WINDOWS.discard(window))
    window.show()
    if first is not None:
        controller.show_preview(first.document, first.text, first.spans)
    _Opener(window).start_after_first_frame(location, annotator)
    return window


class _Opener(QObject):
    """Loads the library's code on a thread (the window stays live), then opens it here."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._started = False

    def start_after_first_frame(self, location: str, annotator: str | None) -> None:
        """Start loading once the window's first frame is painted: the import holds the GIL for most
        of its 0.3 s and, started at show(), slowed the Python parts of that paint (decision 049). A
        window that is not painted soon (started minimised) starts it anyway."""
        self._location, self._annotator = location, annotator
        self._window.installEventFilter(self)
        QTimer.singleShot(FIRST_FRAME_WAIT_MS, self, self._start)  # not after the window is gone

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._start)  # after this frame's children are painted and flushed
        return False

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._window.removeEventFilter(self)
        self.start(self._location, self._annotator)

    def start(self, location: str, annotator: str | None) -> None:
        self._location, self._annotator = location, annotator

        def load_code(_ticket: object) -> None:
            from annotator.services.registry import load_all

            load_all()  # SQLAlchemy and every service: the window never waits for an import

        # One of the window's tasks (ui/tasks.py): delivered on this thread, never after the window closed.
        self._window.controller.tasks.run("load services", load_code, lambda _none: self._open())

    def _open(self) -> None:
        services = open_or_ask(self._location, self._annotator)
        if services is None:
            self._window.close()
            return
        window = self._window
        window.controller.attach(services)
        remember_recent(window.settings, self._location)
        window.libraries.show_coder()
        window.reload_library()
        if window.controller.document is None:
            window.open_last_document()
        # The day's backup: SQLite copies pages without holding the GIL, the window stays live.
        window.controller.tasks.run(BACKUP_TASK, lambda _ticket: _quiet_backup(services), lambda _none: None)


def _quiet_backup(services: object) -> None:
    from annotator.services import UserError

    try:
        services.backups.rolling()  # type: ignore[attr-defined]
    except UserError:
        pass  # no backup today; the library itself is untouched


def open_or_ask(location: str, annotator: str | None):  # type: ignore[no-untyped-def]
    """Open the library; if it cannot be opened, say why and offer another. None: the user gave up."""
    from annotator.services import LibraryError, UserError, open_services
    from annotator.services.backups import backups_beside, library_file, restore_over

    while True:
        try:
            return open_services(location, annotator=annotator, backup=False)
        except LibraryError as exc:
            file = library_file(location)
            saved = backups_beside(file) if file is not None else []
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, f"The library cannot be opened: {exc}.")
            box.setInformativeText(
                "Nothing has been changed. You can restore its latest backup (the file is "
                "kept aside), open another library, or close."
                if saved
                else "Nothing has been changed. You can open another library, or close."
            )
            restore = box.addButton("Restore latest backup", QMessageBox.ButtonRole.AcceptRole) if saved else None
            other = box.addButton("Open another library…", QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
            if restore is not None and box.clickedButton() is restore:
                try:
                    restore_over(saved[0], file)  # type: ignore[arg-type]
                except UserError as problem:
                    QMessageBox.critical(None, APP_NAME, f"The backup cannot be restored: {problem}.")
                continue
            if box.clickedButton() is not other:
                return None
            location, _ = QFileDialog.getSaveFileName(
                None,
                "Open or create a library",
                str(Path.home() / "library.sqlite3"),
                "Annotator library (*.sqlite3 *.db);;All files (*)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
            if not location:
                return None


def build_window(location: str, annotator: str | None, settings: QSettings) -> MainWindow | None:
    """Open the library first, then build the window on it (tests and benchmarks)."""
    services = open_or_ask(location, annotator)
    if services is None:
        return None
    window = MainWindow(Controller(services), settings, ReadingPlaces(settings, location))
    window.libraries.show_coder()
    window.reload_library()
    return window
