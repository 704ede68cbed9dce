"""Long work (imports of many files, big exports) off the GUI thread, with progress and cancel.

The work runs as one of the window's tasks (ui/tasks.py: a daemon thread, delivered on the GUI
thread, waited for by tests and at close). A job has a key of its own, so a second import never
supersedes the first, and its own cancel: a cancelled import stops before the next file and
still reports what it did (a superseded task's result would be dropped). At close the job is
cancelled and the window's tasks are waited for briefly; whatever is still running ends with the
process (each write is one transaction, so nothing half-done is left)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

if TYPE_CHECKING:
    from annotator.ui.tasks import Tasks, Ticket

Report = Callable[[int, str], bool]  # (done, label) -> keep going?
Work = Callable[[Report], Any]

_numbers = itertools.count(1)


class Job(QObject):
    """Runs `work` as a task; shows a progress dialog (after a short delay) with Cancel."""

    done = Signal(object)
    failed = Signal(str)
    _progressed = Signal(int, str)  # emitted from the task's thread, queued to the dialog

    def __init__(self, parent: QWidget, title: str, work: Work, total: int = 0, *, tasks: Tasks) -> None:
        super().__init__(parent)
        self._work = work
        self._tasks = tasks
        self._key = ("job", next(_numbers))
        self._cancel = threading.Event()
        self._over = threading.Event()
        self._dialog = QProgressDialog(title, self.tr("Cancel"), 0, total, parent)
        self._dialog.setWindowTitle(title)
        self._dialog.setMinimumDuration(400)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self._cancel.set)
        self._progressed.connect(self._on_progress)

    def start(self) -> None:
        def report(done: int, label: str) -> bool:
            try:
                self._progressed.emit(done, label)
            except RuntimeError:  # the window is gone: stop
                return False
            return not self._cancel.is_set()

        def run(_ticket: Ticket) -> object:
            try:
                return self._work(report)
            finally:
                self._over.set()

        self._tasks.run(self._key, run, self._on_finished, failed=self._on_failed)

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the work is over, or at most `seconds`; True if it is over."""
        return self._over.wait(seconds)

    def cancel(self) -> None:
        """Stop before the next item (the one under way is finished or refused on its own)."""
        self._cancel.set()

    def abandon(self) -> None:
        """The window is closing: cancel, close the dialog and report nothing any more (closing
        waits briefly for the window's tasks, this one among them)."""
        self.cancel()
        self.blockSignals(True)
        self._dialog.close()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _on_progress(self, done: int, label: str) -> None:
        if self._dialog.maximum():
            self._dialog.setValue(min(done, self._dialog.maximum()))
        self._dialog.setLabelText(label)

    def _on_finished(self, result: object) -> None:
        self._dialog.close()
        self.done.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._dialog.close()
        self.failed.emit(str(exc) or exc.__class__.__name__)
