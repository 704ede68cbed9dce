"""The window's side of Tags → Agreement…: it owns the agreement view (made once), shows each
disagreement in the reader (its document opened, every coder's span selected and brought into
view) and hands the view the reader's selection, the span "accept edited" and "add" write."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.services.agreement import Shown
    from annotator.ui.dialogs.agreement_dialog import AgreementDialog
    from annotator.ui.main_window import MainWindow


class AgreementFlow:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: AgreementDialog | None = None

    def open(self) -> AgreementDialog:
        """Show the view (non-modal: the reader stays usable); shown again, it is computed again."""
        if self.dialog is None:
            from annotator.ui.dialogs.agreement_dialog import AgreementDialog  # the measures load on first use
            from annotator.ui.widgets.agreement_scope import LISTED

            self.dialog = AgreementDialog(
                self.window.controller,
                self.window,
                selection=self.selection,
                open_document=self.open_document,
                listed=self.window.library.model.shown_ids,
            )
            self.dialog.disagreementShown.connect(self.show)
            # Lanes by coder: on by default while stepping (decision 045); reading again when it closes.
            self.dialog.finished.connect(lambda _: self.window.lanes.set_adjudicating(False))
            dialog = self.dialog
            # The library's filter is a choice of documents too ("the documents listed in the library").
            self.window.library.filter.textChanged.connect(lambda _: dialog.follow(LISTED))
        elif not self.dialog.isVisible():
            self.dialog.refresh()  # it did not follow the library while hidden
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def show(self, disagreement: Shown) -> None:
        """Open its document if another one is shown and select the span every coder's passage
        covers, brought into view; the focus stays in the agreement view (F8 goes on stepping)."""
        controller = self.window.controller
        shown = controller.document.id if controller.document is not None else None
        if shown != disagreement.document and not controller.open_document(disagreement.document):
            return
        self.window.lanes.set_adjudicating(True)
        self.window.workspace.reader.show_span(disagreement.start, disagreement.end)

    def open_document(self) -> int | None:
        """The reader's document: the view's "the open document" choice."""
        document = self.window.controller.document
        return document.id if document is not None else None

    def selection(self) -> tuple[int, int, int] | None:
        """(document id, start, end) of the reader's selection in code points, or None."""
        document = self.window.controller.document
        span = self.window.workspace.reader.selected_span()
        return (document.id, *span) if document is not None and span is not None else None
