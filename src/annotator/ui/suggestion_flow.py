"""Suggestions for the open document: computed on a thread, outlined in the reader, listed in the
Suggestions pane, accepted or rejected by key with undo.

A tag or an undo changes the offers locally (`Offers.set_mark`: the few findings near that one
passage are re-checked, on the GUI thread, in microseconds); the list is shown again on the next
turn of the event loop, and only if it changed. A full recomputation (on a thread, through the
window's `Tasks`: at most one in flight, a newer one supersedes) happens when the document is
opened or the codebook, the lexicon or the rejections change; changes made while it runs are
replayed onto its result, so it never brings back a state older than the window's."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.domain.models import Annotation, Document, MarkedSpan
from annotator.domain.suggest import Suggestion
from annotator.domain.suggest.offers import Mark, Offers
from annotator.domain.wording import count_of
from annotator.services.errors import UserError
from annotator.ui.commands import AcceptSuggestionsCommand, RejectSuggestionsCommand
from annotator.ui.controller import Controller
from annotator.ui.widgets.reader import ReaderView
from annotator.ui.widgets.suggestions_pane import SuggestionsPane

TASK = "suggestions"  # the flow's key in the window's Tasks: one computation at a time


class SuggestionFlow(QObject):
    changed = Signal(int)  # how many suggestions are offered now
    message = Signal(str)  # for the status bar

    def __init__(self, controller: Controller, reader: ReaderView, pane: SuggestionsPane) -> None:
        super().__init__(reader)
        self.controller, self.reader, self.pane = controller, reader, pane
        self.offers: list[Suggestion] = []
        self.advance = True  # after A or X the next suggestion becomes current and is scrolled into view
        self._document: int | None = None
        self.settled = False  # the open document's suggestions have arrived
        self._text = ""
        self._state: Offers | None = None  # the open document's offers, kept in step with each change
        self._replay: dict[int, Mark | None] = {}  # changes made while a recomputation runs
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.recompute)
        # One show per turn of the event loop, after the key press has painted its highlight.
        self._refresh = QTimer(self, singleShot=True, interval=0)
        self._refresh.timeout.connect(self._show_state)
        c = controller
        c.documentOpened.connect(self._on_opened)
        c.servicesAttached.connect(self.recompute)
        c.annotationChanged.connect(self._on_annotation)
        c.annotationRemoved.connect(lambda annotation_id: self._mark(annotation_id, None))
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
        self._state, self._replay = None, {}
        self.controller.tasks.cancel(TASK)  # another document's offers are not wanted any more
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

    def _on_annotation(self, annotation: Annotation) -> None:
        # Only the current coder's passages hide offers (SuggestionService.offers).
        if annotation.document_id == self._document and annotation.coder == self.controller.services.coders.login:
            self._mark(annotation.id, (annotation.start, annotation.end, annotation.tag_ids))

    def _mark(self, annotation_id: int, mark: Mark | None) -> None:
        """One annotation added, changed or removed: a local edit of the offers, no re-read."""
        if self.controller.tasks.busy(TASK):
            self._replay[annotation_id] = mark
        if self._state is not None and self._state.set_mark(annotation_id, mark):
            self._refresh.start()

    def recompute(self) -> None:
        """Run the detectors for the open document on a thread (one at a time; a newer request
        supersedes a running one, whose result is dropped)."""
        if self._document is None or not self.controller.ready:
            return
        document_id = self._document
        service = self.controller.services.suggestions

        def work(_ticket: object) -> Offers | None:
            try:
                return service.offers(document_id)
            except UserError:
                return None  # the document went away meanwhile

        self.controller.tasks.run(
            TASK, work, lambda offers: self._deliver(document_id, offers), failed=lambda _exc: None
        )  # the library closed under us: nothing to show

    def _deliver(self, document_id: int, state: Offers | None) -> None:
        if document_id != self._document:
            return  # another document is open now
        replay, self._replay = self._replay, {}
        if state is not None:
            for annotation_id, mark in replay.items():  # what the window did while it was computed
                state.set_mark(annotation_id, mark)
        self._state = state
        self._show_state()
        self.settled = True

    def _show_state(self) -> None:
        offers = self._state.offers() if self._state is not None else []
        if (
            self.settled
            and len(offers) == len(self.offers)
            and all(a is b for a, b in zip(offers, self.offers, strict=True))
        ):
            return  # already shown (accept and reject show theirs at once)
        current = self.current()
        key = self.offers[current].key if current is not None and current < len(self.offers) else None
        number = next((i for i, s in enumerate(offers) if s.key == key), None)
        self._show(offers, number)

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
            self._act(
                numbers,
                accept=True,
                label=self.tr("Accept all “%s” suggestions (%d)") % (tag, len(numbers)),
                said=self.tr("Accepted %s — Ctrl+Z takes them all back.")
                % count_of(len(numbers), self.tr("“%s” suggestion") % tag, self.tr("“%s” suggestions") % tag),
            )

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
            command = RejectSuggestionsCommand(
                self.controller, self.tr("Reject suggestion “%s”") % chosen[0].tag, self._document, chosen
            )
        next_key = self.offers[later[0]].key if later else None

        def done(_command: object) -> None:
            # At once, without waiting for the recomputation: the rest stay, the next one is current
            # and in view (View → Go to the next suggestion after A or X), or none is.
            gone = {s.key for s in chosen}
            if not accept and self._state is not None:
                self._state.withdraw(gone)  # accepted ones are hidden by their new annotations
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
