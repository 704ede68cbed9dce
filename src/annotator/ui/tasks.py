"""The window's one way to run work off the GUI thread (issue 11: one background-work idiom).

`Tasks.run(key, work, deliver)` runs `work()` on a daemon thread and hands its result to
`deliver(result)` on the GUI thread — only if it is still wanted:

- At most one task per key is in flight. A task started while another with the same key runs
  waits as the *pending* one (a newer start replaces it: superseded work is dropped before it
  ever runs), and the running one's result is dropped (`cancel` — its `Ticket.cancelled` turns
  true, so long work can stop early). So a burst of changes costs one computation, not one per
  change, and threads can never pile up and hold every pooled connection.
- Nothing is delivered after `close()` (the window closed), nor after the key was cancelled.
- `wait_idle()` blocks until no task runs or waits and every result is delivered: tests call it
  in teardown, so no thread outlives the test that started it.

Daemon threads rather than QThreads: a QThread still running when its owner is destroyed aborts
the process, and a file that blocks (an import of a FIFO, a slow disk) must never keep the window
from closing: closing waits a second, then a daemon thread ends with the process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal


@dataclass(eq=False)
class Ticket:
    """One run of a task: `cancelled` tells long work that its result is no longer wanted."""

    key: Hashable
    work: Callable[[Ticket], Any]
    deliver: Callable[[Any], None]
    failed: Callable[[BaseException], None] | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class Tasks(QObject):
    _finished = Signal(object, object, object)  # Ticket, result, exception (queued from the thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[Hashable, Ticket] = {}
        self._pending: dict[Hashable, Ticket] = {}
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()  # guards _threads (threads remove themselves)
        self._closed = False
        self._released = 0
        self._finished.connect(self._on_finished)

    def run(
        self,
        key: Hashable,
        work: Callable[[Ticket], Any],
        deliver: Callable[[Any], None],
        *,
        failed: Callable[[BaseException], None] | None = None,
    ) -> Ticket | None:
        """Run `work(ticket)` off the GUI thread, then `deliver(result)` on it (or `failed(exc)`);
        a task already under this key is superseded. None once closed."""
        if self._closed:
            return None
        ticket = Ticket(key, work, deliver, failed)
        running = self._running.get(key)
        if running is not None:
            running.cancel()  # its result is dropped; this one starts when it is over
            old = self._pending.pop(key, None)
            if old is not None:
                old.cancel()
            self._pending[key] = ticket
        else:
            self._start(ticket)
        return ticket

    def release(self, *held: object) -> None:
        """Let go of the previous document's big plain-Python objects (lists, dicts, indexes) on a
        thread, a slice at a time: freeing 200,000 tuples on the window's thread stalls it for a
        quarter of a second. The caller must keep no other reference to them."""
        box = list(held)
        del held

        def work(_ticket: Ticket) -> None:
            while box:
                item = box.pop()
                if isinstance(item, list):
                    while item:  # one slice is one bytecode: the window's thread gets the GIL between
                        del item[-20_000:]
                elif isinstance(item, dict | set):
                    item.clear()
                elif hasattr(item, "__dict__"):  # an index: its lists and dicts
                    box.extend(v for v in vars(item).values() if isinstance(v, list | dict | set))
                del item

        self._released += 1
        self.run(("release", self._released), work, lambda _result: None)

    def cancel(self, key: Hashable) -> None:
        """Drop the task under `key`: nothing of it is delivered, a waiting one never starts."""
        for table in (self._running, self._pending):
            ticket = table.get(key)
            if ticket is not None:
                ticket.cancel()
        self._pending.pop(key, None)

    def busy(self, key: Hashable | None = None) -> bool:
        """A task (under `key`, or any) runs or waits."""
        if key is None:
            return bool(self._running or self._pending)
        return key in self._running or key in self._pending

    def close(self, seconds: float = 1.0) -> None:
        """The window closes: cancel everything, deliver nothing more, wait briefly for threads
        (a daemon thread still running ends with the process; each write is one transaction)."""
        self._closed = True
        for ticket in [*self._running.values(), *self._pending.values()]:
            ticket.cancel()
        self._pending.clear()
        self._join(seconds)

    def wait_idle(self, seconds: float = 30.0) -> bool:
        """Block until nothing runs or waits and the results are delivered (tests: teardown and
        wherever they need the background work done); True if so within `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._join(max(0.0, deadline - time.monotonic()))
            QCoreApplication.sendPostedEvents(self)  # the queued results: delivered, next ones started
            if not self._running and not self._pending:
                return True
        return False

    # --- inside ------------------------------------------------------------------------------
    def _start(self, ticket: Ticket) -> None:
        self._running[ticket.key] = ticket
        finished = self._finished

        def body() -> None:
            result, error = None, None
            try:
                if not ticket.cancelled:
                    result = ticket.work(ticket)
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
                error = exc
            try:
                finished.emit(ticket, result, error)
            except RuntimeError:  # the Tasks object is gone with its window
                pass
            finally:
                with self._lock:
                    self._threads.discard(threading.current_thread())

        thread = threading.Thread(target=body, name=f"task {ticket.key}", daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def _join(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _on_finished(self, ticket: Ticket, result: object, error: BaseException | None) -> None:
        if self._running.get(ticket.key) is ticket:
            del self._running[ticket.key]
        waiting = self._pending.pop(ticket.key, None)
        if waiting is not None and not self._closed:
            self._start(waiting)
        if self._closed or ticket.cancelled:
            return
        if error is None:
            ticket.deliver(result)
        elif ticket.failed is not None:
            ticket.failed(error)
