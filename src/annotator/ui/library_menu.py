"""File → New library…, Open library…, Open recent, Switch coder… and Reveal this document: which
library the window works on, who is coding in it, and (the lead, in a team library) the end of a
document's blind phase. Switching opens the other library in a new window, the same
way the app starts, and closes this one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMenu, QMessageBox, QProgressDialog

from annotator.paths import without_password
from annotator.services import UserError

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

RECENT_KEY = "recent_libraries"
CODER_KEY = "coder"
RECENT_MAX = 8
FILTER = "Annotator library (*.sqlite3 *.db);;All files (*)"


def remember_recent(settings: object, location: str) -> None:
    """Put a library first in the Open recent list (a path as given, a URL without its password:
    the settings file is no place for one; at most RECENT_MAX)."""
    location = without_password(location)
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
        window._action(menu, self.tr("&Merge library…"), self.merge_dialog, library=True)
        window._action(menu, self.tr("Merge from a team &server…"), self.merge_server_dialog, library=True)
        window._action(menu, self.tr("&Copy library to…"), self.copy_dialog, library=True)
        window._action(menu, self.tr("Copy library to a &team server…"), self.copy_server_dialog, library=True)
        window._action(menu, self.tr("S&witch coder…"), self.ask_coder, library=True)
        # For the lead; a coder who tries is refused by the server, and told so in one sentence.
        self.reveal = window._action(menu, self.tr("Re&veal this document to the coders"), self.reveal_open, library=True)
        self.merge_progress: QProgressDialog | None = None  # while File → Merge library… runs
        self.coder = QLabel(window)
        window.statusBar().addWidget(self.coder)

    # --- libraries -------------------------------------------------------------------------
    def new_library(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("New library"), str(Path.home() / "library.sqlite3"), FILTER
        )
        if path:
            self.open(path)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Open library"), str(Path.home()), FILTER, options=QFileDialog.Option.DontConfirmOverwrite
        )
        if path:
            self.open(path)

    def merge_dialog(self) -> None:
        """Bring another library (a coder's file) into this one, off the window's thread: a
        progress window says which step it is at (Cancel stops it before its commit: nothing
        changes); what came in, what was here already and what was not brought are shown when
        it is done."""
        path, _ = QFileDialog.getOpenFileName(self._window, self.tr("Merge library"), str(Path.home()), FILTER)
        if path:
            self.merge(path)

    def merge_server_dialog(self) -> None:
        """Merge a team library (a server's URL, typed; its password in a field that hides it)."""
        from annotator.ui.dialogs.server_dialog import ask_server

        url = ask_server(self._window, self.tr("Merge from a team server"), self.tr("The team library to merge in:"))
        if url:
            self.merge(url)

    def merge(self, path: str) -> None:
        """The same merge service for a file and a server's URL."""
        name = _named(path)
        shown = QProgressDialog(self.tr("Merging %s…") % name, self.tr("Cancel"), 0, 0, self._window)
        shown.setWindowTitle(self.tr("Merge library"))
        shown.setMinimumDuration(300)  # a small merge is over before it would show
        shown.setAutoClose(False)
        shown.setAutoReset(False)
        ticking = QTimer(shown, interval=100)

        def over() -> None:
            ticking.stop()
            shown.close()
            shown.deleteLater()
            self.merge_progress = None

        run = self._window.controller.merge_library(path, self._merged, over)
        if run is None:
            shown.deleteLater()
            return

        def tick() -> None:
            if run.step and not run.cancelled:
                shown.setLabelText(self.tr("Merging %s: %s…") % (name, run.step))

        def cancel() -> None:
            run.cancel()
            shown.setLabelText(self.tr("Cancelling: nothing will be changed…"))

        shown.canceled.connect(cancel)
        ticking.timeout.connect(tick)
        ticking.start()
        self.merge_progress = shown

    def _merged(self, report: object) -> None:
        lines = report.lines()  # type: ignore[attr-defined]
        self._window.statusBar().showMessage(f"{lines[1]}", 8000)
        QMessageBox.information(self._window, self.tr("Merge library"), "\n".join(lines))

    def copy_dialog(self) -> None:
        """This library, whole, into a new file (ids, coders and history kept), off the window's
        thread (Copy library to a team server… takes a URL)."""
        path, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Copy library to"), str(Path.home() / "library-copy.sqlite3"), FILTER
        )
        if path:
            self.copy(path)

    def copy_server_dialog(self) -> None:
        """Copy this library into an empty, migrated team library (a server's URL, typed)."""
        from annotator.ui.dialogs.server_dialog import ask_server

        url = ask_server(
            self._window,
            self.tr("Copy library to a team server"),
            self.tr("An empty team library (made by `annotator migrate`) to copy this one into:"),
        )
        if url:
            self.copy(url)

    def copy(self, path: str) -> None:
        shown = QProgressDialog(self.tr("Copying the library to %s…") % _named(path), "", 0, 0, self._window)
        shown.setWindowTitle(self.tr("Copy library"))
        shown.setCancelButton(None)  # one transaction on the new file: nothing to stop halfway
        shown.setMinimumDuration(300)
        shown.setAutoClose(False)
        shown.setAutoReset(False)

        def over() -> None:
            shown.close()
            shown.deleteLater()

        def copied(report: object) -> None:
            lines = report.lines()  # type: ignore[attr-defined]
            self._window.statusBar().showMessage(lines[0], 8000)
            QMessageBox.information(self._window, self.tr("Copy library"), "\n".join(lines))

        if not self._window.controller.copy_library(path, copied, over):
            shown.deleteLater()

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
        if (
            services is not None
            and services.library.file is not None
            and Path(location).expanduser().resolve() == services.library.file.resolve()
        ):
            return  # already open here
        start_window(location, saved_coder(window.settings), window.settings)
        window.close()
        if services is not None:
            services.close()
        window.deleteLater()

    # --- who is coding ---------------------------------------------------------------------
    def show_coder(self) -> None:
        coder = self._window.controller.services.coders.current()
        shown = coder.display_name if coder.display_name == coder.login else f"{coder.display_name} ({coder.login})"
        self.coder.setText(self.tr("Coding as %s") % shown)

    def ask_coder(self) -> None:
        """Pick one of the library's coders or type a new name (made when they first tag)."""
        controller = self._window.controller
        services = controller.services
        coders = services.coders.list(active_only=True)  # an inactive coder writes nothing (decision 046)
        shared = {c.display_name for c in coders if sum(d.display_name == c.display_name for d in coders) > 1}
        labels = {(f"{c.display_name} ({c.login})" if c.display_name in shared else c.display_name): c.login for c in coders}
        current = services.coders.current()
        items = list(labels)
        at = next((i for i, label in enumerate(items) if labels[label] == current.login), 0)
        text, ok = QInputDialog.getItem(
            self._window,
            self.tr("Switch coder"),
            self.tr("Code as (one of this library's coders, or a new name):"),
            items,
            at,
            True,
        )
        if not ok or not text.strip():
            return
        if controller.waiting:  # that step is the present coder's: it must not land in another's layer
            self._window.show_error(
                self.tr(
                    "A tag is still waiting for another program that is writing to "
                    "the library; switch coder once it is saved."
                )
            )
            return
        try:
            if text in labels:  # a listed coder, exactly (names may differ only in case or spacing)
                services.coders.switch(labels[text], login=True)
            else:  # a typed name, tidied
                services.coders.switch(" ".join(text.split()))
        except UserError as exc:
            self._window.show_error(str(exc))
            return
        self._window.settings.setValue(CODER_KEY, services.coders.name)
        # The undo history is the previous coder's: their steps must not be undone in this layer.
        controller.undo_stack.clear()
        self.show_coder()
        self._window.reload_library()  # the status column is each coder's own
        controller.reload()

    # --- blind coding ------------------------------------------------------------------------
    def reveal_open(self) -> None:
        """End the open document's blind phase: every coder then sees the others' annotations."""
        controller = self._window.controller
        if controller.document is not None and controller.reveal(controller.document.id):
            self._window.statusBar().showMessage(
                self.tr("Revealed: every coder now sees the others' annotations in this document"), 5000
            )


def _named(location: str) -> str:
    """A file by its name, a server by its URL without the password."""
    return without_password(location) if "://" in location else Path(location).name
