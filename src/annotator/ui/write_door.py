"""How one write from the window is tried (Controller.perform, undo, redo): at once, or — while
another program holds the library's write lock — again every RETRY_MS until it is saved or
`patience_s` has passed, the window staying live meanwhile. Refusals and failures become one
sentence on the controller's signals; a refused undo or redo step is dropped from the history."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from annotator.services import LibraryBusy, LibraryError
from annotator.services.errors import UserError

if TYPE_CHECKING:
    from annotator.ui.controller import Controller

RETRY_MS = 250

Step = Callable[[], None]


class WriteDoor(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self._controller = controller
        self.patience_s = 15.0  # then a write waiting for another program's lock gives up
        self._waiting: tuple[Step, Step, Step | None, float] | None = None
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._try_again)

    @property
    def waiting(self) -> bool:
        """A step is waiting for another program's write lock (it is retried until saved or given up)."""
        return self._waiting is not None

    def attempt(self, step: Step, done: Step, drop: Step | None = None, deadline: float | None = None) -> None:
        """Run `step`, then `done`; `drop` (undo and redo) takes a step refused for good off the history."""
        controller = self._controller
        if deadline is None and controller.refuse_while_merging():
            return
        if self._waiting is not None and deadline is None:
            controller.messageRequested.emit(
                self.tr("Still waiting for another program that is writing to the library; nothing was done.")
            )
            return
        try:
            step()
        except LibraryBusy:
            deadline = deadline if deadline is not None else time.monotonic() + self.patience_s
            if time.monotonic() < deadline:
                self._waiting = (step, done, drop, deadline)
                controller.busy.emit(self.tr("Waiting for another program that is writing to the library…"))
                self._retry.start()
                return
            self._end_wait()
            controller.errorOccurred.emit(
                self.tr(
                    "Nothing was saved: another program has been writing to the library for %d s. Try again in a moment."
                )
                % round(self.patience_s)
            )
            return
        except UserError as exc:
            self._end_wait()
            if drop is not None:
                drop()
                controller.errorOccurred.emit(
                    self.tr("%s. This step was taken off the undo history.") % str(exc).rstrip(".")
                )
            else:
                controller.errorOccurred.emit(str(exc))
            return
        except LibraryError as exc:
            self._end_wait()
            controller.errorOccurred.emit(self.tr("Nothing was saved: %s.") % str(exc).rstrip("."))
            return
        self._end_wait()
        done()

    def refuse_while_merging(self, *, merging: bool, copying: bool) -> bool:
        """True (and said) if a merge or a copy runs: the window writes nothing meanwhile. A merge
        holds the library's write lock until it commits, so a write would wait behind it and then
        fail, or (a server) block; a copy reads this library whole, and an SQLite file read as
        immutable must not change under it. Refused at once, in one sentence: never half-lost."""
        if merging:
            said = self.tr("A merge is running: nothing was saved. Try again once it is done (the merge says when).")
        elif copying:
            said = self.tr("The library is being copied: nothing was saved. Try again once the copy is done.")
        else:
            return False
        self._controller.errorOccurred.emit(said)
        return True

    def stop(self) -> None:
        """The window closes: a write still waiting is given up."""
        self._retry.stop()
        self._waiting = None

    def _try_again(self) -> None:
        if self._waiting is not None:
            step, done, drop, deadline = self._waiting
            self.attempt(step, done, drop, deadline)

    def _end_wait(self) -> None:
        if self._waiting is not None:
            self._waiting = None
            self._controller.busy.emit("")
