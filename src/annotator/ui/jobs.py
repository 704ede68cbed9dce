"""Long work (imports of many files, big exports) off the GUI thread, with progress and cancel.

The work runs on a daemon thread, not a QThread: a file that blocks (a slow disk, another
program's write lock) must never keep the window from closing, and a QThread still running when
its owner is destroyed aborts the process. At close the job is cancelled and waited for briefly;
whatever is still running ends with the process (each write is one transaction, so nothing
half-done is left)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Report = Callable[[int, str], bool]  # (done, label) -> keep going?
Work = Callable[[Report], Any]


class _Worker(QObject):
    """Lives in the GUI thread and has no parent (the thread keeps it alive): its signals, emitted
    from the work thread, are queued to the job, and dropped if the job is gone."""

    progressed = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self.cancel = threading.Event()

    def run(self) -> None:
        def report(done: int, label: str) -> bool:
            self.progressed.emit(done, label)
            return not self.cancel.is_set()

        try:
            self.finished.emit(self._work(report))
        except Exception as exc:  # noqa: BLE001 - shown to the user as one sentence
            self.failed.emit(str(exc) or exc.__class__.__name__)


class Job(QObject):
    """Runs `work` on a thread; shows a progress dialog (after a short delay) with Cancel."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget, title: str, work: Work, total: int = 0) -> None:
        super().__init__(parent)
        self._worker = _Worker(work)
        self._thread = threading.Thread(target=self._worker.run, name=title, daemon=True)
        self._dialog = QProgressDialog(title, self.tr("Cancel"), 0, total, parent)
        self._dialog.setWindowTitle(title)
        self._dialog.setMinimumDuration(400)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self._worker.cancel.set)
        self._worker.progressed.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)

    def start(self) -> None:
        self._thread.start()

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the work is over, or at most `seconds`; True if it is over."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def cancel(self) -> None:
        """Stop before the next item (the one under way is finished or refused on its own)."""
        self._worker.cancel.set()

    def abandon(self, seconds: float) -> bool:
        """Cancel, wait at most `seconds`, and report nothing any more (the window is closing);
        True if the work is over."""
        self.cancel()
        over = self.wait(seconds)
        self.blockSignals(True)
        self._dialog.close()
        return over

    @property
    def cancelled(self) -> bool:
        return self._worker.cancel.is_set()

    def _on_progress(self, done: int, label: str) -> None:
        if self._dialog.maximum():
            self._dialog.setValue(min(done, self._dialog.maximum()))
        self._dialog.setLabelText(label)

    def _close(self) -> None:
        self._dialog.close()

    def _on_finished(self, result: object) -> None:
        self._close()
        self.done.emit(result)

    def _on_failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)
