"""The open document: header, reader and find bar, tag palette and annotations pane, and the
rules that turn a key press or a click into the right tagging command."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSplitter, QTabWidget, QVBoxLayout, QWidget

from annotator.domain.models import Annotation, Document, MarkedSpan, Status, Tag
from annotator.services.errors import UserError
from annotator.ui import theme
from annotator.ui.commands import AnnotationCommand, StatusCommand
from annotator.ui.controller import Controller, Loaded
from annotator.ui.models.annotations_model import Rows
from annotator.ui.reading_place import ReadingPlace
from annotator.ui.suggestion_flow import SuggestionFlow
from annotator.ui.widgets.annotations_pane import AnnotationsPane
from annotator.ui.widgets.elided_title import ElidedTitle
from annotator.ui.widgets.reader import ReaderView
from annotator.ui.widgets.suggestions_pane import SuggestionsPane
from annotator.ui.widgets.tag_palette import TagPalette

if TYPE_CHECKING:
    from annotator.services.annotations import AnnotationService, TagResult
    from annotator.ui.places import ReadingPlaces


class Workspace(QSplitter):
    messageRequested = Signal(str)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.controller = controller
        self.places: ReadingPlaces | None = None  # set by the window: where each document was being read
        self._shown: int | None = None  # the document in the reader
        self._place: float | None = None  # the reader's scroll position to restore after a reload
        self.reader = ReaderView(self)
        self.place = ReadingPlace(self.reader)  # a reopened document's place, kept through resizes
        self.palette_view = TagPalette(self)
        self.pane = AnnotationsPane(self)
        self.suggestions_pane = SuggestionsPane(self)
        self._build()
        self.suggestions = SuggestionFlow(controller, self.reader, self.suggestions_pane)
        self.suggestions.changed.connect(self._on_suggestion_count)
        self.suggestions.message.connect(self.messageRequested)
        self._wire()

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        centre = QWidget(self)
        centre.setObjectName("readerPage")
        centre.setAutoFillBackground(True)
        page = centre.palette()
        page.setColor(page.ColorRole.Window, page.color(page.ColorRole.Base))
        centre.setPalette(page)
        self.title = ElidedTitle(centre)
        self.title.setObjectName("documentTitle")
        self.meta = QLabel(centre)
        self.meta.setObjectName("documentMeta")
        self.status = QComboBox(centre)
        for status in Status:
            self.status.addItem(status.value, status)
        self.status.setToolTip(self.tr("Where you are with this document"))
        self.find_bar = QLineEdit(centre)
        self.find_bar.setPlaceholderText(self.tr("Find in document (Enter: next, Shift+Enter: previous, Esc: close)"))
        self.find_bar.setClearButtonEnabled(True)
        self.find_bar.hide()

        title_font = theme.reading_font(theme.DEFAULT_POINT_SIZE + 6)
        title_font.setBold(True)
        self.title.setFont(title_font)
        muted = self.meta.palette()
        muted.setColor(muted.ColorRole.WindowText, muted.color(muted.ColorRole.PlaceholderText))
        self.meta.setPalette(muted)
        head = QVBoxLayout()
        head.setContentsMargins(32, 18, 32, 4)
        head.setSpacing(4)
        head.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.meta, 1)
        row.addWidget(self.status)
        head.addLayout(row)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(head)
        layout.addWidget(self.reader, 1)
        layout.addWidget(self.find_bar)

        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 6, 6, 6)
        side.addWidget(QLabel(self.tr("<b>Tags</b> — select text, then press a key or click a tag"), right))
        side.addWidget(self.palette_view)
        self.tabs = QTabWidget(right)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.pane, self.tr("Annotations"))
        self.tabs.addTab(self.suggestions_pane, self.tr("Suggestions"))
        side.addWidget(self.tabs, 1)
        self.addWidget(centre)
        self.addWidget(right)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)

    def _wire(self) -> None:
        c = self.controller
        c.documentOpened.connect(self._on_opened)
        c.annotationsLoaded.connect(self._on_loaded)
        c.place_of = self._place_of
        c.prepare_spans = self._prepare_spans
        c.annotationChanged.connect(self._on_changed)
        c.annotationRemoved.connect(self._on_removed)
        c.codebookChanged.connect(self._on_codebook)
        c.documentsChanged.connect(self._on_documents)
        c.aboutToReload.connect(self._keep_place)
        self.reader.tagKeyPressed.connect(self._on_key)
        self.reader.tagRequested.connect(self.tag_with)
        self.reader.highlightClicked.connect(self._on_highlight_clicked)
        self.reader.deleteRequested.connect(self.delete_current)
        self.palette_view.tagClicked.connect(self.tag_with)
        self.pane.annotationSelected.connect(lambda i: self.reader.set_current(i, reveal=True))
        self.reader.currentChanged.connect(self.pane.select)  # one current annotation: the list and editors follow
        self.pane.noteEdited.connect(self._on_note)
        self.pane.deleteRequested.connect(self.delete_annotation)
        self.pane.toggleTagRequested.connect(self._toggle)
        self.pane.fields.fieldsEdited.connect(self._on_fields)
        self.status.activated.connect(self._on_status)
        self.find_bar.returnPressed.connect(lambda: self.find_next(forward=True))
        QShortcut(QKeySequence("Shift+Return"), self.find_bar, lambda: self.find_next(forward=False))
        QShortcut(QKeySequence("Escape"), self.find_bar, self.close_find)
        self._on_codebook(c.tags)
        self.setEnabled(False)

    # --- tagging rules -------------------------------------------------------------------
    def _ready(self) -> bool:
        if not self.controller.ready:
            self.messageRequested.emit(self.tr("The library is still opening…"))
        return self.controller.ready

    def tag_with(self, tag_id: int) -> None:
        """Tag the selection; with no selection, add or remove the tag on the current passage."""
        if not self._ready():
            return
        document = self.controller.document
        tag = self._tag(tag_id)
        if document is None or tag is None:
            return
        span = self.reader.selected_span()
        if span is not None:  # the service decides whether a passage on exactly this span loses the tag
            start, end = span
            fields = self.suggestions.fields_for(start, end, tag.name)  # tagging a suggestion takes its values
            self._push(
                self.tr("Tag as “%s”") % tag.name,
                lambda annotations: annotations.tag_or_toggle(document.id, start, end, tag_id, fields),
                lambda result: None if result.deleted else self._make_current(result.annotation.id),
                named=lambda result: self._tag_label(result, tag),
            )
            return
        current = self.reader.current()
        if current is not None:
            self._toggle(current, tag_id)
        else:
            self.messageRequested.emit(self.tr("Select a passage first, then press a tag's key."))

    def _toggle(self, annotation_id: int, tag_id: int) -> None:
        tag = self._tag(tag_id)
        self._push(
            self.tr("Toggle “%s”") % (tag.name if tag else "?"),
            lambda annotations: annotations.toggle_tag(annotation_id, tag_id),
            lambda result: None if result.deleted else self._make_current(annotation_id),
            named=None if tag is None else lambda result: self._tag_label(result, tag),
        )

    def _tag_label(self, result: TagResult, tag: Tag) -> str:
        removed = result.deleted or tag.id not in result.annotation.tag_ids
        return (self.tr("Remove “%s”") if removed else self.tr("Tag as “%s”")) % tag.name

    def _tag(self, tag_id: int) -> Tag | None:
        return next((t for t in self.controller.tags if t.id == tag_id), None)

    def _push(
        self,
        label: str,
        action: Callable[[AnnotationService], TagResult],
        then: Callable[[TagResult], None] | None = None,
        *,
        named: Callable[[TagResult], str] | None = None,
    ) -> None:
        """Run an annotation action as an undoable command; `then` gets its result once saved
        (at once, or after waiting for another program's lock; never if refused)."""
        annotations = self.controller.services.annotations
        command = AnnotationCommand(self.controller, label, lambda: action(annotations), named)
        self.controller.perform(command, None if then is None else lambda done: then(done.result))

    def delete_annotation(self, annotation_id: int) -> None:
        if self._ready():
            self._push(self.tr("Delete annotation"), lambda annotations: annotations.delete(annotation_id))

    def delete_current(self) -> None:
        if self.reader.current() is not None:
            self.delete_annotation(self.reader.current())  # type: ignore[arg-type]

    def show_annotation(self, annotation_id: int) -> None:
        """Make a passage of the open document the current one and scroll to it (Analysis's cells)."""
        self._make_current(annotation_id, reveal=True)

    def go_to_neighbour(self, forward: bool) -> None:
        found = self.reader.neighbour(forward)
        if found is not None:
            self._make_current(found, reveal=True)

    def _on_key(self, key: int) -> None:
        tag = self.controller.tag_by_key(key)
        if tag is None:
            self.messageRequested.emit(self.tr("No tag has the key %d (Tags → Codebook… to set one).") % key)
        else:
            self.tag_with(tag.id)

    def _on_note(self, annotation_id: int, note: str) -> None:
        self._push(self.tr("Edit note"), lambda annotations: annotations.set_note(annotation_id, note))

    def _on_fields(self, annotation_id: int, values: dict[str, str]) -> None:
        try:  # a refused command would still cut off the redo history: ask first
            self.controller.services.annotations.check_fields(annotation_id, values)
        except UserError as exc:
            self.controller.errorOccurred.emit(str(exc))
            self.pane.fields.show_stored()  # the box goes back to what the library holds
            return
        self._push(self.tr("Edit %s") % ", ".join(values), lambda annotations: annotations.set_fields(annotation_id, values))

    def _on_suggestion_count(self, count: int) -> None:
        self.tabs.setTabText(1, self.tr("Suggestions (%d)") % count if count else self.tr("Suggestions"))

    def _make_current(self, annotation_id: int, *, reveal: bool = False) -> None:
        cursor = self.reader.textCursor()
        cursor.clearSelection()
        self.reader.setTextCursor(cursor)
        self.reader.set_current_suggestion(None)  # the keys now act on the annotation
        self.reader.set_current(annotation_id, reveal=reveal)
        self.pane.select(annotation_id)

    def _on_highlight_clicked(self, annotation_id: int) -> None:
        self.reader.set_current(annotation_id)
        self.pane.select(annotation_id)
        self.tabs.setCurrentWidget(self.pane)

    # --- find ------------------------------------------------------------------------------
    def open_find(self) -> None:
        self.find_bar.show()
        self.find_bar.setFocus()
        self.find_bar.selectAll()

    def close_find(self) -> None:
        self.find_bar.hide()
        self.reader.setFocus()

    def find_next(self, *, forward: bool) -> None:
        needle = self.find_bar.text()
        if not needle:
            return
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        if not self.reader.find(needle, flags):
            cursor = self.reader.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start if forward else cursor.MoveOperation.End)
            self.reader.setTextCursor(cursor)
            if not self.reader.find(needle, flags):
                self.messageRequested.emit(self.tr("“%s” is not in this document.") % needle)

    # --- controller signals ---------------------------------------------------------------
    def remember_place(self) -> None:
        if self.places is not None and self._shown is not None:
            self.places.set_place(self._shown, self.place.offset())

    def _place_of(self, document_id: int) -> int:
        """Where the reader will show this document first (its first screen's passages are read first)."""
        if document_id == self._shown:
            return self.place.offset()
        return (self.places.place(document_id) or 0) if self.places is not None else 0

    def _prepare_spans(self) -> Callable[[list[MarkedSpan]], object]:
        """For a long article's loader thread: its highlight index, list rows and tag counts."""
        build = self.reader.index_builder()
        return lambda spans: (build(spans), Rows.from_spans(spans), _counts(spans))

    def _on_opened(self, document: Document, text: str, spans: list[MarkedSpan]) -> None:
        self.setEnabled(True)
        self.remember_place()  # of the document being left
        complete = self.controller.is_complete()
        held = self.reader.load(text, spans, self.controller.tags, complete=complete)
        self.reader.set_coder_marks(self.controller.coder_marks(document.id))
        self._shown = document.id
        self.place.hold(self.places.place(document.id) if self.places is not None else None)  # where it was left
        self.controller.tasks.release(*held, *self.pane.release())
        if complete:  # else the counts come with all the spans
            self.palette_view.set_counts(_counts(spans))
        else:  # the list's first screen at once: the first screen's passages
            self._set_rows(document.id, Rows.from_spans(spans), partial=True)
        self._show_header(document)
        self.reader.setFocus()
        if self._place is not None:  # read again after another program changed it: same place
            place, self._place = self._place, None
            bar = self.reader.verticalScrollBar()
            QTimer.singleShot(0, lambda: bar.setValue(round(place * bar.maximum())))

    def _keep_place(self) -> None:
        if self.place.held():  # not moved since it was restored: it is held again (the window may still settle)
            return
        bar = self.reader.verticalScrollBar()
        self._place = bar.value() / bar.maximum() if bar.maximum() else 0.0

    def _on_loaded(self, document_id: int, loaded: list[Annotation] | Loaded) -> None:
        if self.controller.document is None or self.controller.document.id != document_id:
            return
        if isinstance(loaded, list):  # a short article: the whole list
            self.pane.set_annotations(loaded)
            self.reader.set_notes({a.id: a.note for a in loaded if a.note})
            return
        # A long article: all its passages now, the list's rows fetched as they are shown.
        if loaded.prepared is None:  # (no reader was listening when it started)
            prepared = self._prepare_spans()(loaded.spans)
        else:
            prepared = loaded.prepared
        index, rows, counts = prepared  # type: ignore[misc]
        self._set_rows(document_id, rows)
        self.controller.tasks.release(self.reader.install(index))
        self.reader.set_notes(loaded.notes)
        self.palette_view.set_counts(counts)

    def _set_rows(self, document_id: int, rows: Rows, *, partial: bool = False) -> None:
        controller = self.controller
        self.pane.set_rows(
            rows, controller.fetch_annotations, lambda needle: controller.matching(document_id, needle), partial=partial
        )

    def _on_changed(self, annotation: Annotation) -> None:
        if self.controller.document is None or annotation.document_id != self.controller.document.id:
            return
        self.palette_view.bump(self.reader.tags_of(annotation.id), -1)
        self.palette_view.bump(annotation.tag_ids, +1)
        if not self.reader.knows_coder(annotation.coder):  # a coder's first passage in this library
            self.reader.set_coder_marks(self.controller.coder_marks(annotation.document_id, fresh=True))
        self.reader.upsert(annotation)
        self.pane.upsert(annotation)

    def _on_removed(self, annotation_id: int) -> None:
        self.palette_view.bump(self.reader.tags_of(annotation_id), -1)
        self.reader.remove(annotation_id)
        self.pane.remove(annotation_id)

    def _on_codebook(self, tags: list[Tag]) -> None:
        self.reader.set_tags(tags)
        self.palette_view.set_tags(tags)
        self.pane.set_tags(tags)

    def _on_documents(self, documents: list[Document]) -> None:
        current = self.controller.document
        for document in documents:
            if current is not None and document.id == current.id:
                self._show_header(document)

    def _show_header(self, document: Document) -> None:
        meta = document.meta
        self.title.set_title(document.title or document.filename)
        parts = [p for p in (meta.source, meta.published, meta.dateline) if p]
        self.meta.setText("  ·  ".join(parts) or document.filename)
        self.status.setCurrentIndex(self.status.findData(document.status))

    def _on_status(self, index: int) -> None:
        document = self.controller.document
        status = Status(self.status.itemData(index))
        if not self._ready():
            return
        if document is not None and status != document.status:
            self.controller.perform(StatusCommand(self.controller, document.id, status))
            self._show_header(self.controller.document or document)  # refused: the box shows what is stored


def _counts(spans: list[MarkedSpan]) -> dict[int, int]:
    """Passages per tag, for the palette."""
    counts: dict[int, int] = {}
    for _id, _start, _end, tag_ids in spans:
        for tag_id in tag_ids:
            counts[tag_id] = counts.get(tag_id, 0) + 1
    return counts
