"""Notices, within a poll interval, what other programs changed in the open library and hands it
to the controller as a `Changes` record (issue 10, item 7; the team issue feeds the same path).

A QTimer asks the service's cheap probe (SQLite: PRAGMA data_version); only when it says that
something changed does the comparison run off the window's thread (the window's `Tasks`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from annotator.domain.models import Annotation
from annotator.services import Changes, LibraryError
from annotator.services.watch import LibraryWatch

if TYPE_CHECKING:
    from annotator.services import Services
    from annotator.ui.controller import Controller

POLL_MS = 300
TASK = "external changes"


class ExternalChanges(QObject):
    def __init__(self, controller: Controller, services: Services, *, busy_ms: int) -> None:
        """Call on the window's thread: its writes then use a connection of their own (see
        LibraryWatch), so its own commits never look like another program's."""
        super().__init__(controller)
        self._controller = controller
        self._watch = LibraryWatch(services.library, busy_ms=busy_ms)
        self._comparing = False
        self._missed = False  # a comparison failed: compare again at the next poll
        self._stopped = False
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def stop(self) -> None:
        """Stop polling; a comparison still running delivers nothing (the controller's Tasks wait
        for it at close: no thread may outlive the window)."""
        self._timer.stop()
        self._stopped = True
        self._controller.tasks.cancel(TASK)

    def follow(self, document_id: int, annotations: list[Annotation] | None = None, *,
               versions: dict[int, str] | None = None) -> None:
        self._watch.follow(document_id, annotations, versions=versions)

    def saw(self, annotation: Annotation, *, removed: bool) -> None:
        self._watch.saw(annotation, removed=removed)

    def poll(self) -> None:
        if self._comparing or self._stopped:
            return
        try:
            changed = self._watch.poll() or self._missed
        except LibraryError:
            return  # the library is closing, or unreadable for a moment: the next poll asks again
        if not changed:
            return
        self._comparing, self._missed = True, False
        watch = self._watch

        def compare(_ticket: object) -> Changes | None:
            try:
                return watch.changes()
            except Exception:  # noqa: BLE001 - closed or busy meanwhile: try again at the next poll
                return None

        self._controller.tasks.run(TASK, compare, self._deliver)

    def _deliver(self, changes: Changes | None) -> None:
        self._comparing = False
        if self._stopped:
            return
        if changes is None:
            self._missed = True
        elif changes:
            self._controller.apply_external(changes)
