"""Hears that other programs changed the open library and hands the controller what changed (a
`Changes` record read from the change log, services/watch.py): issue 10, item 7 and issue 12.

The hint: on SQLite a QTimer asks a cheap probe (PRAGMA data_version) every 300 ms; on
PostgreSQL a QSocketNotifier watches a LISTEN connection's socket from the event loop (no
polling thread). When the server goes away the status bar says so in one sentence, a timer
tries again with back-off, and on reconnect the window catches up from the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from annotator.services import LibraryError
from annotator.services.watch import LibraryWatch

if TYPE_CHECKING:
    from annotator.services import Services
    from annotator.services.watch import Listener
    from annotator.ui.controller import Controller

POLL_MS = 300
FIRST_RETRY_MS = 250
LAST_RETRY_MS = 5_000


class ExternalChanges(QObject):
    def __init__(self, controller: Controller, services: Services, *, busy_ms: int) -> None:
        """Call on the window's thread: its writes then use a connection of their own and carry
        its session id into the change log (see LibraryWatch)."""
        super().__init__(controller)
        self._controller = controller
        self._watch = LibraryWatch(services.library, busy_ms=busy_ms)
        self._stopped = False
        self._missed = False  # a read failed: read again at the next poll
        self._catching = self._again = False  # a catch-up is running / another was asked for meanwhile
        self._listener: Listener | None = None
        self._notifier: QSocketNotifier | None = None
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._reconnect)
        self._delay = FIRST_RETRY_MS
        self._offline = False
        self._timer = QTimer(self, interval=POLL_MS)
        if services.library.is_sqlite:
            self._timer.timeout.connect(self.poll)
            self._timer.start()
        elif not self._connect():
            self._lost()

    @property
    def offline(self) -> bool:
        """A server library whose server cannot be reached just now."""
        return self._offline

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._retry.stop()
        self._disconnect()

    def follow(self, document_id: int) -> None:
        self._watch.follow(document_id)

    # --- SQLite: the probe ---------------------------------------------------------------
    def poll(self) -> None:
        if self._stopped:
            return
        try:
            changed = self._watch.poll() or self._missed
        except LibraryError:
            return  # the library is closing, or unreadable for a moment: the next poll asks again
        if changed:
            self._missed = not self.catch_up()

    # --- PostgreSQL: the LISTEN socket -------------------------------------------------------
    def _connect(self) -> bool:
        try:
            listener = self._watch.listen()
        except LibraryError:
            return False
        assert listener is not None
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._hinted)
        return True

    def _disconnect(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)  # a closed socket stays readable: stop hearing it first
            self._notifier.deleteLater()
            self._notifier = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _hinted(self) -> None:
        if self._listener is None or self._stopped:
            return
        try:
            self._listener.drain()
        except LibraryError:
            self._lost()
            return
        if not self.catch_up():
            self._lost()

    def _lost(self) -> None:
        self._disconnect()
        self._offline = True
        self._controller.connectionChanged.emit(
            self.tr(
                "The team server cannot be reached: you can read what is shown, nothing can be saved until it is "
                "back, and Annotator keeps trying to reconnect."
            )
        )
        self._delay = FIRST_RETRY_MS
        self._retry.start(self._delay)

    def _reconnect(self) -> None:
        if self._stopped:
            return
        if not self._connect() or not self.catch_up():
            self._disconnect()
            self._delay = min(self._delay * 2, LAST_RETRY_MS)
            self._retry.start(self._delay)
            return
        self._offline = False
        self._controller.connectionChanged.emit("")
        self._controller.messageRequested.emit(
            self.tr("Connected to the team server again; what others changed meanwhile is shown.")
        )

    # --- both: read the log from the last id seen -----------------------------------------
    def catch_up(self) -> bool:
        """Read and apply what others changed since the last id seen; False if the library could
        not be read or what was read could not be applied (the mark stays: nothing is skipped).
        Called again while it runs (an error dialog's event loop lets a poll or a hint in), it
        only asks for one more round once the running one has finished."""
        if self._stopped:
            return True
        if self._catching:
            self._again = True
            return True
        self._catching = True
        try:
            changes, mark = self._watch.changes()
            if changes and not self._controller.apply_external(changes):
                return False
        except LibraryError:
            return False
        finally:
            self._catching = False
        self._watch.advance(mark)
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.catch_up)
        return True
