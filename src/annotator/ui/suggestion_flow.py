"""Suggestions for the open document: computed on a thread, outlined in the reader, listed in the
Suggestions pane, accepted or rejected by key with undo, and recomputed when the document's
annotations, the codebook, the lexicon or the rejections change."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.domain.models import Document, MarkedSpan
from annotator.domain.suggest import Suggestion
from annotator.domain.wording import count_of
from annotator.services.errors import UserError
from annotator.ui.commands import AcceptSuggestionsCommand, RejectSuggestionsCommand
from annotator.ui.controller import Controller
from annotator.ui.widgets.reader import ReaderView
from annotator.ui.widgets.suggestions_pane import SuggestionsPane


class SuggestionFlow(QObject):
    changed = Signal(int)  # how many suggestions are offered now
    message = Signal(str)  # for the status bar
    _computed = Signal(int, int, object)  # generation, document id, [Suggestion] (from the thread)

    def __init__(self, controller: Controller, reader: ReaderView, pane: SuggestionsPane) -> None:
        super().__init__(reader)
        self.controller, self.reader, self.pane = controller, reader, pane
        self.offers: list[Suggestion] = []
        self.advance = True  # after A or X the next suggestion becomes current and is scrolled into view
        self._document: int | None = None
        self.settled = False  # the open document's suggestions have arrived
        self._text = ""
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.recompute)
        self._computed.connect(self._deliver)
        c = controller
        c.documentOpened.connect(self._on_opened)
        c.servicesAttached.connect(self.recompute)
        c.annotationChanged.connect(lambda a: self._stale(a.document_id))
        c.annotationRemoved.connect(lambda _id: self._stale(self._document))
        c.codebookChanged.connect(lambda tags: (pane.set_tags(tags), self._stale(self._document)))
        c.suggestionsStale.connect(self._stale)
        reader.suggestionClicked.connect(lambda n: self.make_current(n))
        reader.suggestionKeyPressed.connect(self._on_key)
        reader.highlightClicked.connect(lambda _id: self.make_current(None))
        pane.selected.connect(lambda n: self.make_current(n, reveal=True))
        pane.acceptRequested.connect(lambda n: self.accept([n]))
        pane.rejectRequested.connect(lambda n: self.reject([n]))
        pane.acceptAllRequested.connect(self.accept_all)
        pane.set_tags(c.tags)

    # --- computing -----------------------------------------------------------------------
    def _on_opened(self, document: Document, text: str, _spans: list[MarkedSpan]) -> None:
        self._document, self._text = document.id, text
        self.settled = False
        self.offers = []  # the reader dropped them with the old text; the list follows after the paint
        # Once the event loop is back (the document painted): the detectors hold the GIL in
        # slices, and the first paint should not share it.
        QTimer.singleShot(0, self._after_open)

    def _after_open(self) -> None:
        if not self.settled:
            self._show([], None)
        self.recompute()

    def _stale(self, document_id: int | None) -> None:
        if document_id is not None and document_id == self._document:
            self._timer.start()

    def recompute(self) -> None:
        """Run the detectors for the open document on a thread; the result arrives as a signal."""
        if self._document is None or not self.controller.ready:
            return
        self._generation += 1
        generation, document_id = self._generation, self._document
        service = self.controller.services.suggestions

        def work() -> None:
            try:
                offers = service.suggest(document_id)
            except UserError:
                offers = []  # the document went away meanwhile
            except Exception:  # noqa: BLE001 - the library closed under us (window closing): nothing to show
                return
            try:
                self._computed.emit(generation, document_id, offers)
            except RuntimeError:  # the window is gone
                pass

        threading.Thread(target=work, name="suggest", daemon=True).start()

    def _deliver(self, generation: int, document_id: int, offers: list[Suggestion]) -> None:
        if generation != self._generation or document_id != self._document:
            return  # another document, or a newer computation is on its way
        current = self.current()
        key = self.offers[current].key if current is not None and current < len(self.offers) else None
        number = next((i for i, s in enumerate(offers) if s.key == key), None)
        self._show(offers, number)
        self.settled = True

    def _show(self, offers: list[Suggestion], current: int | None) -> None:
        self.offers = offers
        ids = {t.name: t.id for t in self.controller.tags}
        tips = [" · ".join([s.tag, *(f"{k.replace('_', ' ')}: {v}" for k, v in s.fields)]) for s in offers]
        self.reader.set_suggestions([(s.start, s.end, ids.get(s.tag, -1)) for s in offers], tips)
        self.pane.set_suggestions(offers, [self._text[s.start : s.end] for s in offers])
        self.make_current(current)
        self.changed.emit(len(offers))

    # --- acting --------------------------------------------------------------------------
    def fields_for(self, start: int, end: int, tag: str) -> dict[str, str]:
        """The values a suggestion offers for exactly this passage and tag (none when nothing is suggested)."""
        return next((o.field_dict for o in self.offers if o.start == start and o.end == end and o.tag == tag), {})

    def current(self) -> int | None:
        return self.reader.current_suggestion()

    def make_current(self, number: int | None, *, reveal: bool = False, keep_annotation: bool = False) -> None:
        """Make a suggestion current; going to one (N, a click) leaves no annotation current, but
        after accepting, the accepted passage stays the current annotation (F2 writes its note)."""
        if number is not None and not 0 <= number < len(self.offers):
            number = None
        if number is not None and not keep_annotation:
            self.reader.set_current(None)
        self.reader.set_current_suggestion(number, reveal=reveal)
        self.pane.select(number)

    def step(self, forward: bool) -> None:
        """Go to the next (or previous) suggestion in the list as filtered."""
        shown = self.pane.visible_numbers()
        if not shown or not self.reader.suggestions_shown():
            return
        current = self.current()
        if current is None:
            position = self.reader.textCursor().position()
            after = [n for n in shown if self.offers[n].start >= position]
            if forward:
                target = after[0] if after else shown[0]
            else:
                target = shown[shown.index(after[0]) - 1] if after else shown[-1]
        else:
            i = shown.index(current) if current in shown else 0
            target = shown[(i + (1 if forward else -1)) % len(shown)]
        self.make_current(target, reveal=True)

    def accept(self, numbers: list[int]) -> None:
        self._act(numbers, accept=True)

    def reject(self, numbers: list[int]) -> None:
        self._act(numbers, accept=False)

    def accept_all(self, tag: str) -> None:
        numbers = [i for i, s in enumerate(self.offers) if s.tag == tag]
        if numbers:
            self._act(numbers, accept=True, label=self.tr("Accept all “%s” suggestions (%d)") % (tag, len(numbers)),
                      said=self.tr("Accepted %s — Ctrl+Z takes them all back.") % count_of(
                          len(numbers), self.tr("“%s” suggestion") % tag, self.tr("“%s” suggestions") % tag))

    def _act(self, numbers: list[int], *, accept: bool, label: str = "", said: str = "") -> None:
        if self._document is None or not self.controller.ready:
            return
        chosen = [self.offers[n] for n in numbers if 0 <= n < len(self.offers)]
        if not chosen:
            return
        shown = self.pane.visible_numbers()
        later = [n for n in shown if n > max(numbers) and n not in numbers]
        if accept:
            label = label or self.tr("Accept suggestion “%s”") % chosen[0].tag
            command = AcceptSuggestionsCommand(self.controller, label, self._document, chosen)
        else:
            command = RejectSuggestionsCommand(self.controller, self.tr("Reject suggestion “%s”") % chosen[0].tag,
                                               self._document, chosen)
        next_key = self.offers[later[0]].key if later else None

        def done(_command: object) -> None:
            # At once, without waiting for the recomputation: the rest stay, the next one is current
            # and in view (View → Go to the next suggestion after A or X), or none is.
            gone = {s.key for s in chosen}
            rest = [s for s in self.offers if s.key not in gone]
            following = next((i for i, s in enumerate(rest) if s.key == next_key), None) if self.advance else None
            self._show(rest, None)
            made = getattr(command, "made", [])
            if len(made) == 1:  # one accepted: it is the current annotation now (a note, a key act on it)
                self.reader.set_current(made[0])
            self.make_current(following, reveal=True, keep_annotation=bool(made))
            if said:
                self.message.emit(said)

        self.controller.perform(command, done)

    def _on_key(self, action: str) -> None:
        current = self.current()
        if action in ("next", "previous"):
            self.step(action == "next")
        elif current is not None and action == "accept all":
            self.accept_all(self.offers[current].tag)
        elif current is not None:
            (self.accept if action == "accept" else self.reject)([current])

    def set_visible(self, visible: bool) -> None:
        self.reader.show_suggestions(visible)
        if not visible:
            self.make_current(None)
