"""File → Merge library… off the window's thread: a 100,000-annotation merge takes seconds, and
the window must keep painting, scrolling and reading meanwhile. It runs as a task of the window's
one background idiom (tasks.py, key MERGE_TASK), says which step it is at, and can be cancelled
before its commit (rolled back: nothing changed). While it runs the window's writes are refused
with a sentence (Controller.refuse_while_merging): the merge holds the library's write lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotator.services import Changes, LibraryBusy
from annotator.services.errors import UserError

if TYPE_CHECKING:
    from annotator.ui.controller import Controller
    from annotator.ui.tasks import Ticket

MERGE_TASK = "merge"  # its key in the window's Tasks
COPY_TASK = "copy"  # File → Copy library to…
FEW_DOCUMENTS = 50  # a merge touching more: the library list is read again instead of row by row


class MergeRun:
    """One merge running off the window's thread: what it is doing, and a way to stop it (before
    its commit: rolled back, nothing changed). Read and set from both threads (a str and an Event)."""

    def __init__(self) -> None:
        self.step = ""
        self._cancel = threading.Event()

    def keep_going(self, step: str) -> bool:  # called on the merge's thread
        self.step = step
        return not self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def start_merge(
    controller: Controller, other: str, then: Callable[[Any], None], over: Callable[[], None] | None = None
) -> MergeRun | None:
    """`then(report)` on the window's thread once the merge committed, `over()` however it
    ended. No undo step: a merge only adds, and says what it added. None if one runs already."""
    if controller.merging or controller.copying:
        controller.errorOccurred.emit(controller.tr("A merge or copy is already running; wait until it is done."))
        return None
    run = MergeRun()
    merge = controller.services.merge

    def work(ticket: Ticket) -> Any:
        # The window closing cancels its tasks: the merge then stops before its commit too (rolled
        # back) rather than commit into a library nobody shows, or one being closed under it.
        return merge.merge(other, keep_going=lambda step: run.keep_going(step) and not ticket.cancelled)

    def done(report: Any) -> None:
        _show(controller, report.changes)  # its log rows are heard too; this shows it at once
        if over is not None:
            over()
        then(report)

    controller.tasks.run(MERGE_TASK, work, done, failed=_failed(controller, over, "merged"))
    return run


def _show(controller: Controller, changes: Changes) -> None:
    """A merge's changes, shown in few reads on the window's thread: a row per touched document
    read one by one, and each annotation of up to 2,000 read one by one (what apply_external does
    for a few changes by another program) froze the window for seconds after a big merge (500
    documents: 4.6 s, benchmarks/merge_window.py). Many documents: the list is read again in
    one query; the open document, if the merge touched it, is read again once."""
    document = controller.document
    many = len(changes.documents) > FEW_DOCUMENTS
    controller.apply_external(
        replace(
            changes,
            documents=frozenset() if many else changes.documents,
            annotations=frozenset(),
            library=changes.library or many,
        )
    )
    if document is not None and document.id in changes.documents and not changes.codebook:
        controller.reload()  # (a codebook change reloads it already)


def start_copy(
    controller: Controller, target: str, then: Callable[[Any], None], over: Callable[[], None] | None = None
) -> bool:
    """Copy this library whole into the empty library at `target` (a new file, or a migrated
    empty server database), off the window's thread; `then(report)` once it committed. No
    cancel: the copy is one transaction on the target, and a window closing meanwhile leaves
    the thread to finish or end with the process (the target then stays as empty as it was)."""
    from annotator.services.copy import copy_library

    if controller.merging or controller.copying:
        controller.errorOccurred.emit(controller.tr("A merge or copy is already running; wait until it is done."))
        return False
    source = controller.services.library.url

    def done(report: Any) -> None:
        if over is not None:
            over()
        then(report)

    controller.tasks.run(
        COPY_TASK, lambda _ticket: copy_library(source, target), done, failed=_failed(controller, over, "copied")
    )
    return True


def _failed(controller: Controller, over: Callable[[], None] | None, what: str) -> Callable[[BaseException], None]:
    """What a merge or copy that did not commit tells the user: one sentence."""

    def failed(exc: BaseException) -> None:
        if over is not None:
            over()
        if isinstance(exc, LibraryBusy):
            message = controller.tr(
                "Nothing was %s: another program has been writing to the library. Try again in a moment."
            ) % controller.tr(what)
        elif isinstance(exc, UserError):
            message = str(exc)
        else:
            message = controller.tr("Nothing was %s: %s.") % (
                controller.tr(what),
                str(exc).rstrip(".") or type(exc).__name__,
            )
        controller.errorOccurred.emit(message)

    return failed
