"""The annotations pane: this document's annotations (filter by tag and text) and a note editor."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import Annotation, Tag
from annotator.ui import theme
from annotator.ui.models.annotations_model import AnnotationsModel, Fetch, Match, Rows
from annotator.ui.widgets.annotation_delegate import AnnotationDelegate
from annotator.ui.widgets.fields_editor import FieldsEditor


class AnnotationsPane(QWidget):
    annotationSelected = Signal(int)  # the user picked a row
    noteEdited = Signal(int, str)  # annotation id, new note
    deleteRequested = Signal(int)
    toggleTagRequested = Signal(int, int)  # annotation id, tag id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationsModel(self)
        self._tags: list[Tag] = []

        self.tag_filter = QComboBox(self)
        self.tag_filter.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("Search passages and notes…"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(lambda _: self._apply_filter())

        # A one-column table rather than a QListView: its header knows every row has the same
        # height, so inserting into 50,000 rows does not lay out (and ask the model about) each one.
        self.list = QTableView(self)
        self.list.setModel(self.model)
        delegate = AnnotationDelegate(self.model, self.list)
        self.list.setItemDelegate(delegate)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.horizontalHeader().hide()
        self.list.horizontalHeader().setStretchLastSection(True)
        rows = self.list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(delegate.row_height(self.list.font()))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.list.installEventFilter(self)

        self.note_label = QLabel(self.tr("Note"), self)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("A note on the selected passage (saved when you leave the box)"))
        self.note.setMaximumHeight(110)
        self.note.setEnabled(False)
        self.note.installEventFilter(self)
        self.fields = FieldsEditor(self)
        self.fields.setVisible(False)
        self._note_for: int | None = None
        self._pending: list[tuple[str, object]] = []
        self._flush_timer = QTimer(self, singleShot=True, interval=0)
        self._flush_timer.timeout.connect(self.flush)

        filters = QHBoxLayout()
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.text_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.fields)

    # --- content -------------------------------------------------------------------------
    def set_tags(self, tags: Sequence[Tag]) -> None:
        self._tags = list(tags)
        self.model.set_tags(tags)
        if self._note_for is not None:
            self.fields.show_annotation(self.model.annotation(self._note_for), self._tags)
        theme.fill_tag_filter(self.tag_filter, tags, self.tr("All tags"), lambda t: t.id)
        self._apply_filter()

    def _apply_filter(self) -> None:
        current = self._note_for
        self.model.set_filter(self.tag_filter.currentData(), self.text_filter.text())
        if current is not None and self.model.row_of(current) is not None:
            self._select(current)

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        """A short article's list, whole."""
        self._replace(lambda: self.model.set_annotations(annotations))

    def set_rows(self, rows: Rows, fetch: Fetch, match: Match, *, partial: bool = False) -> None:
        """A long article's list: its rows' keys now, each row's annotation fetched when shown
        (`partial`: its first screen's, until all come; the current row stays current)."""
        self.flush()  # changes on their way land before the swap, so the model can replay them
        current = self._note_for
        self._replace(lambda: self.model.set_rows(rows, fetch, match, partial=partial))
        if current is not None and self.model.row_of(current) is not None:
            self._select(current)

    def release(self) -> list[object]:
        """Empty the list; returns what held it, to be let go of off the window's thread."""
        held: list[object] = []
        self._replace(lambda: held.extend(self.model.release()))
        return held

    def _replace(self, fill: Callable[[], None]) -> None:
        self._pending.clear()
        self.commit_note()
        self._note_for = None
        fill()
        self._show_note(None)

    # Changes arrive while a key press is being handled; the list follows a moment later, so the
    # reader's highlight is painted first (the list's repaint costs more than the highlight's).
    def upsert(self, annotation: Annotation) -> None:
        self._later("upsert", annotation)

    def remove(self, annotation_id: int) -> None:
        self._later("remove", annotation_id)

    def select(self, annotation_id: int | None) -> None:
        """Select a row without announcing it back (the reader already knows)."""
        self._later("select", annotation_id)

    def _later(self, kind: str, value: object) -> None:
        self._pending.append((kind, value))
        self._flush_timer.start()

    def flush(self) -> None:
        """Apply the changes waiting for the list, in order."""
        pending, self._pending = self._pending, []
        for kind, value in pending:
            getattr(self, "_" + kind)(value)

    def _upsert(self, annotation: Annotation) -> None:
        self.model.upsert(annotation)
        if annotation.id == self._note_for and not self.note.hasFocus():
            self._show_note(annotation)
        elif annotation.id == self._note_for:
            self.fields.show_annotation(annotation, self._tags)

    def _remove(self, annotation_id: int) -> None:
        if annotation_id == self._note_for:
            self._note_for = None
            self._show_note(None)
        self.model.remove(annotation_id)

    def _select(self, annotation_id: int | None) -> None:
        self.commit_note()
        row = self.model.row_of(annotation_id) if annotation_id is not None else None
        index = self.model.index(row) if row is not None else None
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        if index is not None and index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(index)
        else:
            selection.clearSelection()
        selection.blockSignals(False)
        self.list.viewport().update()
        self._show_note(self.model.annotation(annotation_id) if annotation_id is not None else None)

    def current_id(self) -> int | None:
        self.flush()
        return self._note_for

    # --- notes ---------------------------------------------------------------------------
    def edit_note(self) -> None:
        """F2: the note of the current annotation (changes still on their way to the list first)."""
        self.flush()
        self.note.setFocus()

    def commit_note(self) -> None:
        if self._note_for is None:
            return
        current = self.model.annotation(self._note_for)
        text = self.note.toPlainText()
        if current is not None and text != current.note:
            self.noteEdited.emit(self._note_for, text)

    def _show_note(self, annotation: Annotation | None) -> None:
        self._note_for = annotation.id if annotation else None
        self.note.setEnabled(annotation is not None)
        self.note.setPlainText(annotation.note if annotation else "")
        self.fields.show_annotation(annotation, self._tags)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.commit_note()
        if watched is self.note and event.type() == QEvent.Type.KeyPress:
            key: QKeyEvent = event  # type: ignore[assignment]
            if key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and key.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.commit_note()
                return True
            if key.key() == Qt.Key.Key_Escape:
                self.list.setFocus()
                return True
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            key = event  # type: ignore[assignment]
            if key.key() == Qt.Key.Key_Delete and self._note_for is not None:
                self.deleteRequested.emit(self._note_for)
                return True
        return super().eventFilter(watched, event)

    # --- internals -----------------------------------------------------------------------
    def _on_current(self, current: object, _previous: object) -> None:
        self.commit_note()
        annotation: Annotation | None = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None  # type: ignore[attr-defined]
        self._show_note(annotation)
        if annotation is not None:
            self.annotationSelected.emit(annotation.id)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        annotation: Annotation | None = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if annotation is None:
            return
        menu = QMenu(self)
        for tag in self._tags:
            action = menu.addAction(theme.swatch(tag.color), tag.name)
            action.setCheckable(True)
            action.setChecked(tag.id in annotation.tag_ids)
            action.triggered.connect(lambda _=False, t=tag.id, a=annotation.id: self.toggleTagRequested.emit(a, t))
        menu.addSeparator()
        menu.addAction(self.tr("Delete annotation"), lambda: self.deleteRequested.emit(annotation.id))
        menu.exec(self.list.viewport().mapToGlobal(pos))
