"""What other programs changed in the library: a cheap "did anything change?" probe and, when it
says yes, one function that tells what (a `Changes` record) by comparing with what was seen last.

SQLite: the probe is PRAGMA data_version on the app's own write connection (it ignores the app's
own commits, so tagging never triggers a comparison). A server database can later feed the same
`Changes` from its notifications (PostgreSQL LISTEN/NOTIFY) behind the same two calls.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from annotator.domain.models import Annotation, Tag
from annotator.services.changes import Changes
from annotator.storage import annotations as annotations_repo
from annotator.storage import documents as documents_repo
from annotator.storage import suggestions as suggestions_repo
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Library


@dataclass
class _Seen:
    """The parts of the library the window shows, as last read."""

    documents: dict[int, tuple[object, ...]] | None = None  # listed columns + count; None: not read yet
    tags: list[Tag] = field(default_factory=list)
    lexicon: list[tuple[str, str]] = field(default_factory=list)
    document_id: int | None = None  # the open document, whose annotations are followed
    versions: dict[int, str] | None = None  # its annotations: id -> updated_at (None: not known)
    rejected: set[tuple[int, int, int]] = field(default_factory=set)


class LibraryWatch:
    def __init__(self, library: Library, *, busy_ms: int) -> None:
        """Call on the thread that writes (the window's): its writes then go through a connection
        of their own that waits at most busy_ms for another program's lock (see Library.own_writes)."""
        self._library = library
        self._probe = library.own_writes(busy_ms)
        self._version = self._probe()
        self._lock = threading.Lock()
        self._seen = _Seen()
        with library.reading() as session:  # cheap; the document list is compared from the first change on
            self._seen.tags = tags_repo.list_all(session)
            self._seen.lexicon = suggestions_repo.lexicon(session)

    def poll(self) -> bool:
        """True if another program (or another thread here) committed since the last poll: cheap."""
        version = self._probe()
        if version == self._version:
            return False
        self._version = version
        return True

    def follow(self, document_id: int | None, annotations: list[Annotation] | None = None, *,
               versions: dict[int, str] | None = None) -> None:
        """The open document, and its annotations as the window shows them — as a list, or as
        their versions (id -> updated_at); None: not known yet, the next comparison then only
        takes them as seen."""
        if annotations is not None:
            versions = {a.id: a.updated_at for a in annotations}
        with self._lock:
            self._seen.document_id = document_id
            self._seen.versions = None if versions is None else dict(versions)

    def saw(self, annotation: Annotation, *, removed: bool) -> None:
        """The window itself changed this annotation: not news when the next comparison runs."""
        with self._lock:
            if annotation.document_id != self._seen.document_id or self._seen.versions is None:
                return
            if removed:
                self._seen.versions.pop(annotation.id, None)
            else:
                self._seen.versions[annotation.id] = annotation.updated_at

    def changes(self) -> Changes:
        """What differs from what was seen last (then the new state is what was seen). Reads the
        document list, the codebook, the lexicon and the open document's annotation versions:
        run it off the window's thread for a long article (measured in the closing note)."""
        now = _Seen(document_id=self._seen.document_id)
        self._read_library(now)
        assert now.documents is not None
        with self._lock:
            before = self._seen
            annotations: set[int] = set()
            if now.document_id != before.document_id:  # another document opened meanwhile: keep its baseline
                now.document_id, now.versions, now.rejected = before.document_id, before.versions, before.rejected
            elif before.versions is not None and now.versions is not None:
                annotations = {i for i, v in now.versions.items() if before.versions.get(i) != v}
                annotations |= set(before.versions) - set(now.versions)
            self._seen = now
        old = before.documents
        documents: set[int] = set()
        if old is not None:
            documents = {i for i, d in now.documents.items() if old.get(i) != d} | (set(old) - set(now.documents))
        return Changes(
            documents=frozenset(documents),
            annotations=frozenset(annotations),
            codebook=now.tags != before.tags,
            library=old is None or set(now.documents) != set(old),
            suggestions=now.lexicon != before.lexicon or now.rejected != before.rejected,
        )

    def _read_library(self, seen: _Seen) -> None:
        with self._library.reading() as session:
            seen.documents = documents_repo.states(session)
            seen.tags = tags_repo.list_all(session)
            seen.lexicon = suggestions_repo.lexicon(session)
            if seen.document_id is not None:
                seen.versions = annotations_repo.versions_for_document(session, seen.document_id)
                seen.rejected = suggestions_repo.rejected(session, seen.document_id)
