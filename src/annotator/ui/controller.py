"""The GUI's single door to the services: runs actions through the undo stack and tells the
views what changed (signals), so widgets never call services or each other."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator.domain.models import Annotation, Document, DocumentMeta, MarkedSpan, Status, Tag
from annotator.services.errors import UserError

if TYPE_CHECKING:
    from annotator.services import Services
    from annotator.services.codebook import DeletedTag


SYNC_LOAD_LIMIT = 2_000  # more annotations than this load on a worker thread after the first paint


class Controller(QObject):
    # Lists travel as `object`: a `list` signature would copy them element by element (50,000 spans).
    documentOpened = Signal(object, str, object)  # Document, text, [MarkedSpan]: enough to paint
    annotationsLoaded = Signal(int, object)  # document id, [Annotation]: the full list, a moment later
    annotationChanged = Signal(object)  # Annotation (added or changed)
    annotationRemoved = Signal(int)  # annotation id
    codebookChanged = Signal(object)  # [Tag]
    documentsChanged = Signal(object)  # [Document] whose row needs refreshing
    errorOccurred = Signal(str)
    suggestionsStale = Signal(int)  # document id: rejections or the lexicon changed
    servicesAttached = Signal()
    _loaded = Signal(int, int, object)  # generation, document id, annotations (from the loader thread)

    def __init__(self, services: Services | None, parent: QObject | None = None, *,
                 tags: list[Tag] | None = None) -> None:
        """`services` may come later (`attach`): the window can paint a peeked document first."""
        super().__init__(parent)
        self.services: Services = services  # type: ignore[assignment]
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.tags: list[Tag] = services.codebook.tags() if services is not None else list(tags or [])
        self._span_count = 0
        # Library rows (counts) are refreshed a moment after a burst of changes, off the tagging path.
        self._stale: set[int] = set()
        self._refresh_timer = QTimer(self, singleShot=True, interval=60)
        self._refresh_timer.timeout.connect(self.flush_refresh)
        self._generation = 0
        self._loaded.connect(self._deliver)

    @property
    def ready(self) -> bool:
        """True once the library is open (services attached)."""
        return self.services is not None

    def attach(self, services: Services) -> None:
        """The library is open: reload the codebook and deliver the previewed document's list."""
        self.services = services
        self.reload_codebook()
        if self.document is not None:
            self._load_list(self.document.id)
        self.servicesAttached.emit()

    # --- documents -----------------------------------------------------------------------
    def show_preview(self, document: Document, text: str, spans: list[MarkedSpan]) -> None:
        """Paint a document read before the services exist (see storage.peek)."""
        self._show(document, text, spans)

    def open_document(self, document_id: int) -> None:
        """Paint first (text and spans), then deliver the full annotations: on a worker thread
        when there are many, so a long article shows at once and the window stays responsive."""
        try:
            document = self.services.documents.get(document_id)
            text = self.services.documents.text(document_id)
        except UserError as exc:
            self.errorOccurred.emit(str(exc))
            return
        self._show(document, text, self.services.annotations.spans(document_id))
        self._load_list(document_id)

    def _show(self, document: Document, text: str, spans: list[MarkedSpan]) -> None:
        self.document = document
        self._generation += 1
        self._span_count = len(spans)
        self.documentOpened.emit(document, text, spans)

    def _load_list(self, document_id: int) -> None:
        if self._span_count <= SYNC_LOAD_LIMIT:
            self.annotationsLoaded.emit(document_id, self.services.annotations.for_document(document_id))
            return
        generation = self._generation
        annotations = self.services.annotations

        def load() -> None:
            if generation == self._generation:  # not already replaced by another document
                self._loaded.emit(generation, document_id, annotations.for_document(document_id))

        # Start once the event loop is back (the document painted): the loader holds the GIL in
        # slices, and the first paint should not share it.
        QTimer.singleShot(0, lambda: threading.Thread(target=load, name="load-annotations", daemon=True).start())

    def _deliver(self, generation: int, document_id: int, loaded: list[Annotation]) -> None:
        if generation == self._generation:
            self.annotationsLoaded.emit(document_id, loaded)

    def refresh_documents(self, ids: frozenset[int] | set[int]) -> None:
        docs = []
        for document_id in ids:
            try:
                docs.append(self.services.documents.get(document_id))
            except UserError:
                continue
        if self.document is not None:
            self.document = next((d for d in docs if d.id == self.document.id), self.document)
        if docs:
            self.documentsChanged.emit(docs)

    # --- annotations: state setting used by the undo commands ------------------------------
    def set_annotation_state(self, annotation_id: int, state: Annotation | None, expected: Annotation | None) -> None:
        """Make the library hold exactly `state` for this annotation id (None: no annotation), over
        `expected`, what the undo step last wrote (ConflictError, nothing changed, if it is not)."""
        self.set_annotation_states([(annotation_id, state, expected)])

    def set_annotation_states(self, steps: list[tuple[int, Annotation | None, Annotation | None]]) -> None:
        """set_annotation_state for several (id, state, expected), all or none."""
        for result in self.services.annotations.set_states(steps):
            if result is not None:
                self.announce(result.annotation, removed=result.deleted)

    def announce(self, annotation: Annotation, *, removed: bool) -> None:
        if removed:
            self.annotationRemoved.emit(annotation.id)
        else:
            self.annotationChanged.emit(annotation)
        self._stale.add(annotation.document_id)
        self._refresh_timer.start()

    def flush_refresh(self) -> None:
        stale, self._stale = self._stale, set()
        if stale:
            self.refresh_documents(stale)

    # --- codebook --------------------------------------------------------------------------
    def reload_codebook(self) -> None:
        self.tags = self.services.codebook.tags()
        self.codebookChanged.emit(self.tags)

    def tag_by_key(self, key: int) -> Tag | None:
        return next((t for t in self.tags if t.shortcut == str(key)), None)

    def apply_tags(self, wanted: list[Tag]) -> None:
        """Bring the codebook back to a recorded state (undo and redo of codebook edits)."""
        self.services.codebook.apply(wanted)
        self.reload_codebook()

    def readd_tag(self, tag: Tag) -> None:
        """Redo of "add tag": the same tag (id, name, colour, key) comes back, unused."""
        from annotator.services.codebook import DeletedTag

        self.restore_tag(DeletedTag(tag, (), ()))

    def restore_tag(self, deleted: DeletedTag) -> None:
        changes = self.services.codebook.restore(deleted)
        self.reload_codebook()
        self._reload_if_touched(changes.documents)

    def delete_tag(self, tag_id: int) -> DeletedTag:
        deleted, changes = self.services.codebook.delete(tag_id)
        self.reload_codebook()
        self._reload_if_touched(changes.documents)
        return deleted

    def _reload_if_touched(self, documents: frozenset[int]) -> None:
        if self.document is not None and self.document.id in documents:
            self.open_document(self.document.id)
        self.refresh_documents(set(documents))

    def set_lexicon(self, entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Replace the framing lexicon; returns the old one (for undo)."""
        old = self.services.suggestions.lexicon()
        self.services.suggestions.set_lexicon(entries)
        if self.document is not None:
            self.suggestionsStale.emit(self.document.id)
        return old

    # --- metadata ------------------------------------------------------------------------
    def set_status(self, document_id: int, status: Status) -> Status:
        old, _ = self.services.documents.set_status(document_id, status)
        self.refresh_documents({document_id})
        return old

    def set_meta(self, document_id: int, meta: DocumentMeta) -> DocumentMeta:
        old, _ = self.services.documents.set_meta(document_id, meta)
        self.refresh_documents({document_id})
        return old
