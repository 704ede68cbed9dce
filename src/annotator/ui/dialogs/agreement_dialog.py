"""Tags → Agreement…: tags × measures (and α per field) for the chosen documents, coders and tags,
the disagreements behind a row, and adjudication — accept one coder's passage, accept the span as
corrected in the reader, add a passage nobody marked, reject them all, accept every agreed passage —
through the window's one write door (undoable)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.services.agreement import MEASURES, AgreementService, Shown, summary
from annotator.services.errors import UserError
from annotator.ui.commands import AcceptAgreedCommand, AdjudicatedCommand, GoldCommand
from annotator.ui.widgets.agreement_scope import OPEN, AgreementScope

if TYPE_CHECKING:
    from annotator.ui.controller import Controller
    from annotator.ui.tasks import Ticket

TASK = "agreement"  # key in the window's Tasks: a newer computation supersedes the running one
COLUMNS = ("tag", "document", *MEASURES, "passages", "aligned", "unmatched")
FIELD_COLUMNS = ("tag", "field", "α", "aligned", "unmatched")  # α on the aligned passages' values
# (document id, start, end) of the reader's selection in code points, or None: what "accept
# edited" and "add" write (the window supplies it: the view does not reach into the reader).
Selection = Callable[[], "tuple[int, int, int] | None"]


class AgreementDialog(QDialog):
    disagreementShown = Signal(object)  # Shown: the window opens its document and selects its span

    def __init__(
        self,
        controller: Controller,
        parent: QWidget | None = None,
        *,
        selection: Selection,
        open_document: Callable[[], int | None] = lambda: None,
        listed: Callable[[], list[int]] = list,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Agreement"))
        self.controller = controller
        self.selection = selection
        self._last: Shown | None = None  # the disagreement last shown in the reader
        self.report: Any = None  # the last computation's Report
        self.tag: str | None = None  # the row chosen: its tag (None: all tags)
        self.document: int | None = None  # the row chosen: its document (None: every one in scope)
        self.found: list[Shown] = []  # the disagreements listed (the chosen row's)
        self.all_found: list[Shown] = []
        self.decided: dict[str, str] = {}  # a coder's passage (UUID) -> the decision that named it
        self.figures = QStandardItemModel(0, len(COLUMNS), self)
        self.figures.setHorizontalHeaderLabels(list(COLUMNS))
        self.scope = AgreementScope(open_document, listed, self)
        self.scope.scopeChanged.connect(self.refresh)
        self.table = QTableView(self)
        self.table.setModel(self.figures)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.clicked.connect(lambda index: self.choose_row(index.row()))
        self.field_figures = QStandardItemModel(0, len(FIELD_COLUMNS), self)
        self.field_figures.setHorizontalHeaderLabels(list(FIELD_COLUMNS))
        self.fields = QTableView(self)
        self.fields.setModel(self.field_figures)
        self.fields.setToolTip(self.tr("Krippendorff's α of each field's values on the passages aligned across coders"))
        self.caveat = QLabel(self)
        self.caveat.setWordWrap(True)
        self.disagreements = QListWidget(self)
        self.disagreements.currentRowChanged.connect(self._show)
        self.passages = QListWidget(self)  # the current disagreement: each coder's span and text
        self.previous = QPushButton(self.tr("&Previous"), self)
        self.next = QPushButton(self.tr("&Next"), self)
        self.accept_button = QPushButton(self.tr("&Accept this passage"), self)
        self.edited_button = QPushButton(self.tr("Accept &edited"), self)
        self.add_button = QPushButton(self.tr("A&dd"), self)
        self.reject_button = QPushButton(self.tr("&Reject all"), self)
        self.adjudicated_button = QPushButton(self.tr("&Mark adjudicated"), self)
        self.agreed_button = QPushButton(self.tr("Accept a&greed"), self)
        self.agreed_button.setToolTip(
            self.tr("Every passage all coders marked alike (same span, same tag), in the chosen documents, into gold")
        )
        self.said = QLabel(self)  # what the last accept-agreed did, in a sentence
        self.adjudicated_button.setToolTip(self.tr("The current disagreement's document is adjudicated (its phase)"))
        self.edited_button.setWhatsThis(self.tr("The span selected in the reader, with this disagreement's tag"))
        self.add_button.setWhatsThis(self.tr("A passage nobody marked: the reader's selection, with this tag"))
        # QShortcut, not the buttons' own: a button's shortcut clicks it only after its animation.
        # Stepping and the reader-selection decisions answer in the main window too, while the
        # view is shown: the lead corrects a span in the reader and decides without a click.
        for key, action, button in (
            ("F8", lambda: self.step(1), self.next),
            ("Shift+F8", lambda: self.step(-1), self.previous),
            ("F9", self.accept_edited, self.edited_button),
            ("Shift+F9", self.add_passage, self.add_button),
        ):
            QShortcut(QKeySequence(key), self, action, context=Qt.ShortcutContext.ApplicationShortcut)
            button.setToolTip(key)
            button.clicked.connect(action)
        # The window's Undo and Redo are its menu's keys: they do not reach this separate window.
        QShortcut(QKeySequence.StandardKey.Undo, self, controller.undo)
        for key in ("Ctrl+Shift+Z", "Ctrl+Y"):
            QShortcut(QKeySequence(key), self, controller.redo)
        self.accept_button.clicked.connect(self.accept_passage)
        self.reject_button.clicked.connect(self.reject_all)
        self.adjudicated_button.clicked.connect(self.mark_adjudicated)
        self.agreed_button.clicked.connect(self.accept_agreed)
        buttons = QHBoxLayout()
        for button in (
            self.previous,
            self.next,
            self.accept_button,
            self.edited_button,
            self.add_button,
            self.reject_button,
            self.adjudicated_button,
            self.agreed_button,
        ):
            buttons.addWidget(button)
        upper = QSplitter(self)
        upper.addWidget(self.table)
        upper.addWidget(self.fields)
        upper.setSizes([700, 300])
        lower = QSplitter(self)
        lower.addWidget(self.disagreements)
        lower.addWidget(self.passages)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addWidget(upper, 2)
        layout.addWidget(self.caveat)
        layout.addWidget(lower, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.said)
        # Agreement is a read of what is there: every change recomputes it while the view is open.
        controller.changed.connect(lambda *_: self.refresh() if self.isVisible() else None)
        # "The open document": another article opened in the reader is the new scope.
        controller.documentOpened.connect(lambda *_: self.follow(OPEN))
        self.resize(1100, 720)
        self.refresh()

    def follow(self, what: str) -> None:
        """The reader opened another document (OPEN) or the library's list changed (LISTED): if
        the scope is that, compute again."""
        if self.isVisible() and self.scope.follows(what):
            self.refresh()

    # --- computing (off the GUI thread: 2M passages take seconds) --------------------------
    def refresh(self) -> None:
        library = self.controller.services.library
        gold = self.controller.services.gold
        unchosen = self.scope.unchosen()
        if unchosen:
            self.controller.tasks.cancel(TASK)
            self._failed(UserError(unchosen))
            return
        options = self.scope.options()
        self.table.setColumnHidden(1, not options.by_document)

        def work(ticket: Ticket) -> tuple[Any, Any, Any]:
            service = AgreementService(library)
            listed = replace(options, by_document=False)  # disagreements carry their document anyway
            # Asked again (a change) or closed: the computation and its worker processes stop early.
            report = service.compute(options, lambda: ticket.cancelled)
            return report, service.disagreements(listed), gold.decisions()

        self.controller.tasks.run(TASK, work, self._deliver, failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.figures.setRowCount(0)
        self.field_figures.setRowCount(0)
        self.report = None
        self.found = []
        self.all_found = []
        self.disagreements.clear()
        self.caveat.setText(str(exc) if isinstance(exc, UserError) else self.tr("agreement could not be computed"))

    def _deliver(self, result: tuple[Any, Any, Any]) -> None:
        report, found, decisions = result
        self.report = report
        if not any((r.tag, r.document) == (self.tag, self.document) for r in report.rows):
            self.tag = self.document = None  # the chosen row is out of scope now: list every disagreement
        self.scope.offer(report.coders, (r.tag for r in report.rows if r.tag is not None))
        self.figures.setRowCount(0)
        for row in report.rows:  # by document: each document's rows follow the overall ones
            cells = [row.tag or self.tr("(all tags)"), "" if row.document is None else str(row.document)]
            cells += [_figure(getattr(row, m)) for m in MEASURES]
            cells += [", ".join(f"{c} {n}" for c, n in row.passages.items()), str(row.aligned), str(row.unmatched)]
            items = _items(cells)
            items[0].setData(row.tag, Qt.ItemDataRole.UserRole)
            items[1].setData(row.document, Qt.ItemDataRole.UserRole)
            self.figures.appendRow(items)
        self.caveat.setText("\n".join(summary(report)))
        self._fill_fields()
        self.all_found = found.items
        self.decided = {source: d.decision for d in decisions for source in d.sources}
        self._fill()

    # --- disagreements ---------------------------------------------------------------------
    def choose_row(self, row: int) -> None:
        """A row of the table: list the disagreements behind it (all tags: every one; a document's
        row: that document's) and its fields' α."""
        self.tag = self.figures.item(row, 0).data(Qt.ItemDataRole.UserRole)
        self.document = self.figures.item(row, 1).data(Qt.ItemDataRole.UserRole)
        self._fill()
        self._fill_fields()

    def _fill_fields(self) -> None:
        """α per field of the chosen row's tag (no row or all tags: of every tag), at its level
        (overall, or the chosen document), with the passages aligned and unmatched beside it."""
        self.field_figures.setRowCount(0)
        rows = self.report.rows if self.report is not None else []
        for row in rows:
            if row.tag is None or row.document != self.document or self.tag not in (None, row.tag):
                continue
            for name, value in row.fields.items():
                self.field_figures.appendRow(_items([row.tag, name, _figure(value), str(row.aligned), str(row.unmatched)]))

    def _fill(self) -> None:
        kept = self.disagreements.currentRow()
        self.found = [
            d
            for d in self.all_found
            if (self.tag is None or d.tag == self.tag) and (self.document is None or d.document == self.document)
        ]
        self.disagreements.clear()
        for d in self.found:
            who = ", ".join(p.coder for p in d.passages)
            what = self.tr("spans differ") if d.kind == "span" else self.tr("only %s") % who
            done = next((self.decided[p.uuid] for p in d.passages if p.uuid in self.decided), "")
            said = f" · ✓ {self.tr(done)}" if done else ""  # decided: the lead can step past it
            self.disagreements.addItem(f"{d.document} · {d.tag} · [{d.start}–{d.end}) · {what}{said}")
        if self.found:
            self.disagreements.setCurrentRow(min(max(kept, 0), len(self.found) - 1))

    def step(self, by: int) -> None:
        """Next (F8) or previous (Shift+F8) disagreement."""
        if self.found:
            self.disagreements.setCurrentRow((self.disagreements.currentRow() + by) % len(self.found))

    def current(self) -> Shown | None:
        row = self.disagreements.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def _show(self, row: int) -> None:
        """The disagreement's coders' passages beside the list; its document opens in the reader."""
        self.passages.clear()
        d = self.current()
        if d is None:
            return
        for p in d.passages:
            item = QListWidgetItem(f"{p.coder}  [{p.start}–{p.end})  “{p.text}”")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.passages.addItem(item)
        for coder in d.missing:
            self.passages.addItem(self.tr("%s: not marked") % coder)
        self.passages.setCurrentRow(0)
        if d != self._last:  # not again when a recomputation lists it anew: the lead's selection stays
            self._last = d
            self.disagreementShown.emit(d)

    # --- adjudication (through the controller: undoable) -----------------------------------
    def accept_passage(self) -> None:
        d, item = self.current(), self.passages.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if d is None or chosen is None:
            return
        sources = [p.uuid for p in d.passages]
        gold = self.controller.services.gold
        label = self.tr("Accept %s's passage") % chosen.coder
        self.controller.perform(GoldCommand(self.controller, label, lambda: gold.accept(chosen.uuid, d.tag, sources)))

    def accept_edited(self) -> None:
        """The span selected in the reader, with the disagreement's tag; its sources every coder's
        passage of it (provenance: edited)."""
        d, span = self.current(), self._selected()
        if d is None or span is None:
            return
        sources = [p.uuid for p in d.passages]
        gold = self.controller.services.gold
        label = self.tr("Accept an edited passage")
        self.controller.perform(
            GoldCommand(self.controller, label, lambda: gold.accept_edited(d.document, d.tag, *span, sources))
        )

    def add_passage(self) -> None:
        """A passage no coder marked: the reader's selection, with the disagreement's tag."""
        d, span = self.current(), self._selected()
        if d is None or span is None:
            return
        gold = self.controller.services.gold
        label = self.tr("Add a passage to gold")
        self.controller.perform(GoldCommand(self.controller, label, lambda: gold.add(d.document, d.tag, *span)))

    def _selected(self) -> tuple[int, int] | None:
        """The reader's selection in the current disagreement's document, or None (and said)."""
        d, chosen = self.current(), self.selection()
        if d is None:
            return None
        if chosen is None or chosen[0] != d.document:
            self.controller.errorOccurred.emit(
                self.tr("Select the passage in the reader first (in document %s)") % d.document
            )
            return None
        return chosen[1], chosen[2]

    def reject_all(self) -> None:
        d = self.current()
        if d is None:
            return
        sources = [p.uuid for p in d.passages]
        gold = self.controller.services.gold
        label = self.tr("Reject the passages")
        self.controller.perform(GoldCommand(self.controller, label, lambda: gold.reject(d.document, d.tag, sources)))

    def accept_agreed(self) -> None:
        """Every agreed passage in the chosen documents into gold (one undo step), said in a sentence."""
        if said := self.scope.no_documents():
            self.said.setText(said)
            return
        documents = self.scope.document_ids()
        label = self.tr("Accept the agreed passages")

        def said(command: AcceptAgreedCommand) -> None:
            count = len(command.steps)
            documents = sorted({s.decision.document_id for s in command.steps})
            where = (self.tr("document %s") if len(documents) == 1 else self.tr("documents %s")) % ", ".join(
                map(str, documents)
            )
            if count == 1:
                text = self.tr("Accepted 1 agreed passage into gold (%s).") % where
            elif count:
                text = self.tr("Accepted %d agreed passages into gold (%s).") % (count, where)
            else:
                text = self.tr("No agreed passages left to accept in the chosen documents.")
            self.said.setText(text)
            self.controller.messageRequested.emit(text)

        self.controller.perform(AcceptAgreedCommand(self.controller, label, documents), said)

    def mark_adjudicated(self) -> None:
        """The lead is done with the current disagreement's document (undoable)."""
        d = self.current()
        if d is None:
            return
        label = self.tr("Mark document %s adjudicated") % d.document
        blind = self.controller.services.documents.phases([d.document]).get(d.document) == "blind"
        if blind:  # adjudicated is not blind: never reveal a document to the coders unasked
            asked = QMessageBox.question(
                self,
                self.tr("Reveal document %s?") % d.document,
                self.tr(
                    "Document %s is still blind. Marking it adjudicated shows the coders each other's passages "
                    "(and the gold ones). Reveal it and mark it adjudicated?"
                )
                % d.document,
            )
            if asked != QMessageBox.StandardButton.Yes:
                self.said.setText(self.tr("Document %s is still blind: not marked adjudicated.") % d.document)
                return
        self.controller.perform(AdjudicatedCommand(self.controller, label, d.document, reveal=blind))


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _items(cells: list[str]) -> list[QStandardItem]:
    items = [QStandardItem(text) for text in cells]
    for item in items:
        item.setEditable(False)
    return items
