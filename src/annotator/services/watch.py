"""What other programs changed in the library, read from the change log (revision 0006): the
window remembers the last log id it saw and asks for "changes after it" — at open, on each hint,
after a reconnect — as a `Changes` record. Nothing is missed, nothing read twice, and the
window's own writes (marked with its session id) are skipped.

The hint is the backend's: on SQLite a cheap probe (PRAGMA data_version on the window's own
write connection, which ignores its own commits); on PostgreSQL a LISTEN connection whose socket
the window watches (`listen()`); neither carries data, the log does.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.services.changes import Changes
from annotator.storage import change_log
from annotator.storage.engine import Library
from annotator.storage.listen import Listener

LIMIT = 5_000  # more entries than this at once: read everything again (cheaper than applying them)
# Fell behind the pruning, a restore (another history), or too much at once: the open document,
# the codebook, the suggestions and the document list are read again.
EVERYTHING = Changes(codebook=True, library=True, suggestions=True)


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a reader of the log is: the log's epoch (history) and the last id it saw."""

    epoch: str
    last: int


class LibraryWatch:
    def __init__(self, library: Library, *, busy_ms: int) -> None:
        """Call on the thread that writes (the window's): its writes then go through a connection
        of their own that waits at most busy_ms for another program's lock (see Library.own_writes)
        and carry its session id into the log. Reads the log's newest id first, so a change made
        while the window reads the library is read (again) afterwards, never lost."""
        self._library = library
        self._probe = library.own_writes(busy_ms)
        self._version = self._probe()
        self._document_id: int | None = None
        with library.reading() as session:
            self.mark = Mark(*change_log.newest(session))

    def poll(self) -> bool:
        """SQLite: True if another program (or another thread here) committed since the last poll: cheap."""
        version = self._probe()
        if version == self._version:
            return False
        self._version = version
        return True

    def listen(self) -> Listener | None:
        """PostgreSQL: a connection whose socket becomes readable on each hint (None on SQLite)."""
        return self._library.listen()

    def follow(self, document_id: int | None) -> None:
        """The open document: its annotations' changes are told one by one, others' as counts."""
        self._document_id = document_id

    def changes(self) -> tuple[Changes, Mark]:
        """What others changed after the last mark, and the mark to `advance` to once the window
        has applied it (a failure meanwhile leaves the mark: the next read gets it again)."""
        with self._library.reading() as session:
            read = change_log.read_after(session, self.mark.last, LIMIT)
            if (
                read.epoch != self.mark.epoch
                or read.pruned_through > self.mark.last
                or read.newest < self.mark.last
                or not read.complete
            ):
                return EVERYTHING, Mark(*change_log.newest(session))
        last = read.entries[-1].id if read.entries else self.mark.last
        return self._fold(read.entries), Mark(read.epoch, last)

    def advance(self, mark: Mark) -> None:
        self.mark = mark

    def _fold(self, entries: list[change_log.LogEntry]) -> Changes:
        documents: set[int] = set()
        annotations: set[int] = set()
        codebook = library = suggestions = False
        open_id = self._document_id
        for entry in entries:
            if entry.origin and entry.origin == self._library.origin:  # the current one (see Library.writing)
                continue  # the window's own write: it has shown it already
            if entry.table in ("annotations", "annotation_tags"):
                if entry.document_id is not None:
                    documents.add(entry.document_id)  # its count in the library pane
                if entry.row_id is not None and entry.document_id in (None, open_id):
                    annotations.add(entry.row_id)  # None: its annotation is gone (a cascade)
            elif entry.table in ("document_status", "document_values", "document_memos") and entry.document_id is not None:
                documents.add(entry.document_id)  # a coder's status in the library pane
            elif entry.table == "documents" and entry.row_id is not None:
                documents.add(entry.row_id)
                library = library or entry.kind in ("i", "d")
            elif entry.table == "tags":
                codebook = True
            elif entry.table == "variables":
                library = True  # the library's variables: the lists show them
            elif entry.table == "lexicon_terms" or (entry.table == "rejected_suggestions" and entry.document_id == open_id):
                suggestions = True
        return Changes(frozenset(documents), frozenset(annotations), codebook, library, suggestions)
