"""The window's side of library search: it owns the search dialog, shows a hit in the reader
(the document opened, the hit selected exactly) and tags selected hits through the one write
door (one undo step for all of them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.ui.commands import TagSpansCommand
from annotator.ui.dialogs.search_dialog import SearchDialog

if TYPE_CHECKING:
    from annotator.domain.search.matching import Hit
    from annotator.ui.main_window import MainWindow


class SearchFlow:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: SearchDialog | None = None

    def open(self) -> SearchDialog:
        if self.dialog is None:
            self.dialog = SearchDialog(self.window.controller, self.window)
            self.dialog.openRequested.connect(self.show_hit)
            self.dialog.tagRequested.connect(self.tag_hits)
            self.window.controller.codebookChanged.connect(lambda _tags: self.dialog and self.dialog.set_tags())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.query.setFocus()
        self.dialog.query.selectAll()
        return self.dialog

    def show_hit(self, hit: Hit) -> None:
        controller, reader = self.window.controller, self.window.workspace.reader
        shown = controller.document.id if controller.document is not None else None
        if shown != hit.document_id and not controller.open_document(hit.document_id):
            return
        if hit.in_note:  # offsets into the note: show its passage
            self.window.workspace.reader.set_current(hit.annotation_id, reveal=True)
        else:
            reader.show_span(hit.start, hit.end)
        self.window.activateWindow()
        reader.setFocus()

    def tag_hits(self, hits: list[Hit], key: int) -> None:
        controller = self.window.controller
        tag = controller.tag_by_key(key)
        if tag is None:
            self.window.statusBar().showMessage(self.window.tr("No tag has the key %d.") % key, 3000)
            return
        spans = list(dict.fromkeys((h.document_id, h.start, h.end) for h in hits if not h.in_note))
        if not spans:
            return
        label = self.window.tr("Tag %d search hits “%s”") % (len(spans), tag.name)
        controller.perform(TagSpansCommand(controller, label, spans, tag.id))
