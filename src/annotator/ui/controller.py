"""The GUI's single door to the services: runs actions through the undo stack and tells the
views what changed (signals), so widgets never call services or each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.domain.models import Annotation, Document, DocumentMeta, MarkedSpan, Status, Tag
from annotator.domain.variables import Details, Variable
from annotator.services import Changes, LibraryError
from annotator.services.errors import UserError
from annotator.ui.coder_marks import CoderMarks
from annotator.ui.coder_view import CoderView
from annotator.ui.merge_run import COPY_TASK, MERGE_TASK
from annotator.ui.tasks import Tasks
from annotator.ui.write_door import WriteDoor

if TYPE_CHECKING:
    from annotator.services import Services
    from annotator.services.codebook import DeletedTag
    from annotator.services.documents import DeletedDocument
    from annotator.ui.external import ExternalChanges
    from annotator.ui.merge_run import MergeRun


SYNC_LOAD_LIMIT = 2_000  # more annotations than this load on a worker thread after the first paint
FIRST_SCREEN = 12_000  # code points after the reading place whose passages a long article's first paint reads
BUSY_MS = 100  # how long a write from the window waits for another program's lock before retrying later
BULK = 2_000  # more annotations changed elsewhere than this: read the document's list again
LIST_TASK = "annotation list"  # key of the list loader in Tasks: a newer open supersedes it


class Loaded(NamedTuple):
    """A long article's annotations, read on a thread after its first paint."""

    spans: list[MarkedSpan]  # all of them, in text order
    notes: dict[int, str]  # annotation id -> note, where there is one
    prepared: object  # what `Controller.prepare_spans` made of the spans on the same thread


class Controller(QObject):
    # Lists travel as `object`: a `list` signature would copy them element by element (50,000 spans).
    documentOpened = Signal(object, str, object)  # Document, text, [MarkedSpan]: enough to paint
    # document id, [Annotation] (a short article: every annotation) or Loaded (a long one: its spans,
    # notes and versions, read on a thread; the list fetches its rows as they are shown)
    annotationsLoaded = Signal(int, object)
    annotationChanged = Signal(object)  # Annotation (added or changed)
    annotationRemoved = Signal(int)  # annotation id
    codebookChanged = Signal(object)  # [Tag]
    documentsChanged = Signal(object)  # [Document] whose row needs refreshing
    errorOccurred = Signal(str)
    suggestionsStale = Signal(int)  # document id: rejections or the lexicon changed
    servicesAttached = Signal()
    # What changed and who did it (None: another program). Issue 11 routes every view through it.
    changed = Signal(object, object)  # Changes, initiator
    connectionChanged = Signal(str)  # a server library: why it cannot be reached ("" once it is back)
    busy = Signal(str)  # waiting for another program's write lock: what to say ("" when it is over)
    messageRequested = Signal(str)  # a sentence for the status bar
    aboutToReload = Signal()  # the open document is read again (another program changed it)

    def __init__(self, services: Services | None, parent: QObject | None = None, *, tags: list[Tag] | None = None) -> None:
        """`services` may come later (`attach`): the window can paint a peeked document first."""
        super().__init__(parent)
        self.services: Services = services  # type: ignore[assignment]
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self._phase: str | None = None  # the open document's phase when it was opened
        self.tags: list[Tag] = services.codebook.tags() if services is not None else list(tags or [])
        self._span_count = 0
        self._complete = True  # the spans of the open document's first paint were all of them
        self.place_of: Callable[[int], int] | None = None  # where the reader reopens a document (code point)
        # Called on the window's thread as a long article's list starts loading; returns the work
        # that turns all its spans into what the reader paints from, run on the loader's thread.
        self.prepare_spans: Callable[[], Callable[[list[MarkedSpan]], object]] | None = None
        # Library rows (counts) are refreshed a moment after a burst of changes, off the tagging path.
        self._stale: set[int] = set()
        self._refresh_timer = QTimer(self, singleShot=True, interval=60)
        self._refresh_timer.timeout.connect(self.flush_refresh)
        self.tasks = Tasks(self)  # the window's background work: one idiom, waited for at close and by tests
        self.door = WriteDoor(self)  # how a write is tried, and retried while another program writes
        self.external: ExternalChanges | None = None
        self.coder_view = CoderView(self)  # whose passages are shown: every coder's, mine, or one's
        self.coder_view.changed.connect(self.reload)
        if services is not None:
            self._follow_library()

    @property
    def ready(self) -> bool:
        """True once the library is open (services attached)."""
        return self.services is not None

    def attach(self, services: Services) -> None:
        """The library is open: reload the codebook and deliver the previewed document's list."""
        self.services = services
        self._follow_library()
        self.reload_codebook()
        if self.document is not None:
            self._load_list(self.document.id)
        self.servicesAttached.emit()

    def _follow_library(self) -> None:
        from annotator.ui.external import ExternalChanges

        self.external = ExternalChanges(self, self.services, busy_ms=BUSY_MS)

    # --- the one door for writes: perform, undo, redo --------------------------------------
    def perform(self, command: QUndoCommand, then: Callable[[Any], None] | None = None) -> None:
        """Every write from the window: run the command's first step now and push it only when
        it succeeded — a failed or refused write leaves no undo entry and keeps the redo history.
        While another program holds the write lock the window stays live and retries."""

        def done() -> None:
            self.undo_stack.push(command)  # its redo() finds the step done
            if then is not None:
                then(command)

        self.door.attempt(lambda: command.run(True), done)  # type: ignore[attr-defined]

    def undo(self) -> None:
        """Undo the last step; the stack moves only when the library did (a failed undo leaves the
        step done; one refused for good — someone else changed that row — leaves the history)."""
        self._step(back=True)

    def redo(self) -> None:
        self._step(back=False)

    def _step(self, *, back: bool) -> None:
        stack = self.undo_stack
        if not self.ready or not (stack.canUndo() if back else stack.canRedo()):
            return
        command = stack.command(stack.index() - 1 if back else stack.index())
        move = stack.undo if back else stack.redo

        def drop() -> None:  # refused for good: Qt takes an obsolete command off the stack unrun
            command.setObsolete(True)
            move()

        self.door.attempt(lambda: command.run(not back), move, drop)  # type: ignore[attr-defined]

    @property
    def waiting(self) -> bool:
        """A step is waiting for another program's write lock (it is retried until saved or given up)."""
        return self.door.waiting

    def merge_library(
        self, other: str, then: Callable[[Any], None], over: Callable[[], None] | None = None
    ) -> MergeRun | None:
        """File → Merge library…, off the window's thread (see merge_run)."""
        from annotator.ui.merge_run import start_merge

        return start_merge(self, other, then, over)

    def copy_library(self, target: str, then: Callable[[Any], None], over: Callable[[], None] | None = None) -> bool:
        """File → Copy library to…, off the window's thread (see merge_run); False if refused."""
        from annotator.ui.merge_run import start_copy

        return start_copy(self, target, then, over)

    @property
    def merging(self) -> bool:
        """A merge runs (or its result is on its way to the window)."""
        return self.tasks.busy(MERGE_TASK)

    @property
    def copying(self) -> bool:
        """File → Copy library to… runs (this library is being read whole)."""
        return self.tasks.busy(COPY_TASK)

    def refuse_while_merging(self) -> bool:
        """True (and said) if a merge or a copy runs: the window writes nothing meanwhile (WriteDoor)."""
        return self.door.refuse_while_merging(merging=self.merging, copying=self.copying)

    def stop(self) -> None:
        """The window closes: stop following the library, and give up a write still waiting."""
        if self.external is not None:
            self.external.stop()
        self.door.stop()
        self._refresh_timer.stop()  # a refresh still queued must not read a library being closed (or gone)
        self._stale.clear()
        self.tasks.close()

    # --- changes made by other programs ------------------------------------------------------
    def apply_external(self, changes: Changes) -> bool:
        """Another program changed the library: refresh what the window shows of it, keeping
        the reader's place (the views get the same signals as for the window's own changes).
        False if the library could not be read meanwhile: the caller reads the changes again."""
        self.changed.emit(changes, None)
        if changes.codebook:
            self.reload_codebook()
        shown = self._apply_to_open_document(changes)
        return self.refresh_documents(set(changes.documents)) and shown

    def _apply_to_open_document(self, changes: Changes) -> bool:
        document = self.document
        if document is None:
            return True
        if changes.library or document.id in changes.documents:
            try:
                now = self.services.documents.get(document.id)
            except UserError:
                self.messageRequested.emit(self.tr("Another program removed document %d from the library.") % document.id)
                return True
            if now.sha256 != document.sha256:
                self.messageRequested.emit(
                    self.tr("Another program replaced the text of document %d (a restore or an import): it was reloaded.")
                    % document.id
                )
                return self.reload()
            if self._phase_changed(document.id):
                return self.reload()  # revealed: on a server the other coders' passages can be read now
        if changes.codebook or len(changes.annotations) > BULK:
            return self.reload()  # a deleted tag leaves passages without touching them: read them all again
        for annotation_id in sorted(changes.annotations):
            annotation = self.services.annotations.get(annotation_id)
            if (
                annotation is None
                or annotation.document_id != document.id
                or not self.coder_view.keeps(self.services, annotation)
            ):
                self.annotationRemoved.emit(annotation_id)
            else:
                self.annotationChanged.emit(annotation)
        if changes.suggestions:
            self.suggestionsStale.emit(document.id)
        return True

    def _phase_changed(self, document_id: int) -> bool:
        """Whether the open document's phase (blind, revealed, adjudicated) changed since it was
        opened: a reveal only logs the document's row, and row security then shows the other
        coders' passages, which no logged annotation change brings."""
        phase = self._read_phase(document_id)
        before, self._phase = self._phase, phase
        return before is not None and phase != before

    def _read_phase(self, document_id: int) -> str | None:
        """The document's phase where it decides what this session reads (a server's row
        security); None on a file, which hides nothing: no query on the open path there."""
        if self.services.library.file is not None:
            return None
        return self.services.documents.phases([document_id]).get(document_id)

    def reload(self) -> bool:
        """Read the open document again; the views keep their place (aboutToReload). False if
        the library could not be read (said to the user)."""
        if self.document is None:
            return True
        self.aboutToReload.emit()
        return self.open_document(self.document.id)

    def reveal(self, document_id: int) -> bool:
        """End a document's blind phase (not undoable: what was seen stays seen). The views hear
        it on the one signal; the open document is read again (row security shows more now)."""
        if self.refuse_while_merging():
            return False
        try:
            self.services.documents.reveal([document_id])
        except (UserError, LibraryError) as exc:
            self.errorOccurred.emit(str(exc))
            return False
        self.changed.emit(Changes(documents=frozenset({document_id})), self)
        if self.document is not None and self.document.id == document_id:
            self.reload()
        return True

    # --- documents -----------------------------------------------------------------------
    def show_preview(self, document: Document, text: str, spans: list[MarkedSpan]) -> None:
        """Paint a document read before the services exist (see storage.peek). A long one's list
        then arrives from a thread (attach): changes meanwhile are logged and replayed onto it."""
        self._show(document, text, spans, complete=len(spans) <= SYNC_LOAD_LIMIT)

    def open_document(self, document_id: int) -> bool:
        """Paint first (text and spans), then deliver the full annotations: on a worker thread
        when there are many, so a long article shows at once and the window stays responsive.
        False only if the library could not be read (said to the user)."""
        try:
            document = self.services.documents.get(document_id)
            text = self.services.annotations.text(document_id)  # the version the window tags from
            phase = self._read_phase(document_id)
        except (UserError, LibraryError) as exc:
            self.errorOccurred.emit(str(exc))
            return isinstance(exc, UserError)
        annotations = self.services.annotations
        if document.annotation_count <= SYNC_LOAD_LIMIT:
            spans = annotations.spans(document_id)
        else:  # a long article: the passages of the first screen now, the rest on a thread
            place = self.place_of(document_id) if self.place_of is not None else 0
            spans = annotations.spans_overlapping(document_id, max(0, place - 1), place + FIRST_SCREEN)
        spans = self.coder_view.spans(self.services, document_id, spans)
        self._show(document, text, spans, complete=document.annotation_count <= SYNC_LOAD_LIMIT)
        self._phase = phase
        self._load_list(document_id)
        return True

    def _show(self, document: Document, text: str, spans: list[MarkedSpan], *, complete: bool = True) -> None:
        self.document = document
        self._phase = None  # read when opened (open_document); a preview's is not known
        if self.external is not None:
            self.external.follow(document.id)
        self.tasks.cancel(LIST_TASK)  # the previous document's list is not wanted any more
        self._span_count = len(spans)
        self._complete = complete
        self.documentOpened.emit(document, text, spans)

    def is_complete(self) -> bool:
        """The spans given with documentOpened were all the document's (else Loaded brings them)."""
        return self._complete

    def _load_list(self, document_id: int) -> None:
        if self._complete and self._span_count <= SYNC_LOAD_LIMIT:
            self._loaded_list(document_id, self.services.annotations.for_document(document_id))
            return
        annotations = self.services.annotations
        prepare = self.prepare_spans() if self.prepare_spans is not None else None

        services, view = self.services, self.coder_view

        def load(_ticket: object) -> Loaded:
            spans, notes = annotations.for_list(document_id)
            spans = view.spans(services, document_id, spans)  # whose passages are shown
            return Loaded(spans, notes, prepare(spans) if prepare is not None else None)

        def deliver(loaded: Loaded) -> None:
            if self.document is not None and self.document.id == document_id:
                self.annotationsLoaded.emit(document_id, loaded)

        # Start once the event loop is back (the document painted): the loader holds the GIL in
        # slices, and the first paint should not share it.
        QTimer.singleShot(0, lambda: self.tasks.run(LIST_TASK, load, deliver, failed=lambda _exc: None))

    def _loaded_list(self, document_id: int, loaded: list[Annotation]) -> None:
        self.annotationsLoaded.emit(document_id, self.coder_view.annotations(self.services, loaded))

    def coder_marks(self, document_id: int, *, fresh: bool = False) -> CoderMarks | None:
        """Whose passage is whose in a document, with each coder's colour (None before the
        library is open, or if it cannot be read now: the passages are then shown unmarked)."""
        if not self.ready:
            return None
        try:
            return self.coder_view.marks(self.services, document_id, fresh=fresh)
        except (UserError, LibraryError):
            return None

    def fetch_annotations(self, ids: list[int]) -> list[Annotation]:
        """A page of the open document's list, as it is shown (the list asks through here)."""
        return self.services.annotations.many(ids) if self.ready else []

    def matching(self, document_id: int, needle: str) -> set[int]:
        """Ids of the document's annotations whose passage or note contains `needle`."""
        return self.services.annotations.matching(document_id, needle) if self.ready else set()

    def refresh_documents(self, ids: frozenset[int] | set[int]) -> bool:
        """Show these documents' rows as stored now; False if the library could not be read."""
        docs = []
        for document_id in ids:
            try:
                docs.append(self.services.documents.get(document_id))
            except UserError:
                continue
            except LibraryError:
                return False  # unreadable just now (a server that went away says so itself): rows stay as shown
        if self.document is not None:
            self.document = next((d for d in docs if d.id == self.document.id), self.document)
        if docs:
            self.documentsChanged.emit(docs)
        return True

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
        self.changed.emit(
            Changes(documents=frozenset({annotation.document_id}), annotations=frozenset({annotation.id})), self
        )
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

    # --- deleting a document --------------------------------------------------------------
    def delete_document(self, document_id: int) -> DeletedDocument:
        """Delete a document with its annotations; the views hear it as a library change."""
        deleted, changes = self.services.documents.delete(document_id)
        self.changed.emit(changes, self)
        return deleted

    def restore_document(self, deleted: DeletedDocument) -> None:
        """Undo of a delete: the document comes back whole, under its id, and is opened."""
        document, changes = self.services.documents.restore(deleted)
        self.changed.emit(changes, self)
        self.open_document(document.id)

    # --- metadata ------------------------------------------------------------------------
    def set_status(self, document_id: int, status: Status) -> Status:
        old, changes = self.services.documents.set_status(document_id, status)
        self._changed_here(changes, document_id)
        return old

    def set_meta(self, document_id: int, meta: DocumentMeta) -> DocumentMeta:
        old, changes = self.services.documents.set_meta(document_id, meta)
        self._changed_here(changes, document_id)
        return old

    def details(self, document_id: int) -> tuple[list[Variable], Details]:
        """The library's variables and a document's details: what the details dialog shows."""
        return self.services.variables.variables(), self.services.documents.details(document_id)

    def set_details(self, document_id: int, details: Details) -> Details:
        old, changes = self.services.documents.set_details(document_id, details)
        self._changed_here(changes, document_id)
        return old

    def _changed_here(self, changes: Changes, document_id: int) -> None:
        """A document's metadata, status or details changed from the window: its row shows it,
        and the views that follow the library (the Analysis tables: a source counts by) hear it."""
        self.refresh_documents({document_id})
        self.changed.emit(changes or Changes(documents=frozenset({document_id})), self)

    def set_values(self, document_ids: list[int], values: dict[str, str]) -> dict[int, dict[str, str]]:
        """The same variable values for several documents; returns each one's old values (undo)."""
        old, changes = self.services.variables.set_values(document_ids, values)
        self._changed_many(changes)
        return old

    def restore_values(self, old: dict[int, dict[str, str]]) -> None:
        self._changed_many(self.services.variables.restore_values(old))

    def _changed_many(self, changes: Changes) -> None:
        """Several documents' variables changed from the window: their rows show it, and the
        views that follow the library (the Analysis tables: a variable counts by) hear it."""
        self.refresh_documents(changes.documents)
        self.changed.emit(changes, self)
