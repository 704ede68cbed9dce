"""The window's side of library search: it owns the search dialog, shows a hit in the reader
(the document opened, the hit selected exactly), tags selected hits through the one write
door (one undo step for all of them), and keeps its lists of variables and coders current."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.ui import dialogs
from annotator.ui.commands import TagSpansCommand

if TYPE_CHECKING:
    from annotator.domain.search.matching import Hit
    from annotator.services import Changes
    from annotator.ui.dialogs.search_dialog import SearchDialog
    from annotator.ui.main_window import MainWindow


class SearchFlow:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: SearchDialog | None = None

    def open(self) -> SearchDialog:
        if self.dialog is None:
            self.dialog = dialogs.SearchDialog(self.window.controller, self.window)
            self.dialog.openRequested.connect(self.show_hit)
            self.dialog.tagRequested.connect(self.tag_hits)
            self.window.controller.codebookChanged.connect(lambda _tags: self.dialog and self.dialog.set_tags())
            self.window.controller.changed.connect(self._on_changed)
        self.refresh_lists()  # two small reads; a change not heard of (a server without live updates) shows too
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.query.setFocus()
        self.dialog.query.selectAll()
        return self.dialog

    def refresh_lists(self) -> None:
        """The library's variables and coders, read again into the dialog."""
        services = self.window.controller.services
        if self.dialog is not None and services is not None:
            self.dialog.set_lists(services.variables.variables(), services.coders.list())

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        """Variables come and go with library changes (another program's `vars define`); a coder
        appears with their first passage: another program's, or this window's after a switch of
        coder. Read again now if the dialog shows; a hidden one reads them when it is opened."""
        dialog = self.dialog
        if dialog is None or not dialog.isVisible():
            return
        if changes.library or (
            changes.annotations
            and (initiator is None or dialog.coder.findData(self.window.controller.services.coders.login) < 0)
        ):
            self.refresh_lists()

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
