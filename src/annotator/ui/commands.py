"""Undo commands: each calls the services and tells the controller; undo restores the library.

Annotation commands keep the annotation as it was before and after the action; undo and redo
put that exact state back (same id, times and tags), so "redo brings the same annotation back".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import Annotation, DocumentMeta, Status, Tag, TagSpec
from annotator.domain.suggest import Suggestion
from annotator.domain.variables import Details, Memo
from annotator.services import LibraryError
from annotator.services.changes import Changes, now_iso
from annotator.services.errors import UserError

if TYPE_CHECKING:
    from annotator.services.annotations import TagResult
    from annotator.services.codebook import DeletedTag
    from annotator.services.documents import DeletedDocument
from annotator.ui.controller import Controller


class _ServiceCommand(QUndoCommand):
    """Runs service calls. The controller runs each step first (`run`) and moves the stack only
    when it succeeded, so the stack's redo()/undo() then find the step done. Called by the stack
    directly instead, a refusal marks the command obsolete (Qt drops it) and is reported once."""

    def __init__(self, controller: Controller, label: str) -> None:
        super().__init__(label)
        self.controller = controller
        self._done_once = False
        self._ran = False  # the controller already ran the step the stack is about to ask for

    def run(self, forward: bool) -> None:
        """Do (forward) or undo the step now; raises UserError or LibraryError, changing nothing."""
        if forward:
            (self._first if not self._done_once else self._again)()
            self._done_once = True
        else:
            self._back()
        self._ran = True

    def redo(self) -> None:
        if self._ran:
            self._ran = False
            return
        self._guard(self._first if not self._done_once else self._again)
        self._done_once = True

    def undo(self) -> None:
        if self._ran:
            self._ran = False
            return
        self._guard(self._back)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except (UserError, LibraryError) as exc:
            self.setObsolete(True)
            self.controller.errorOccurred.emit(str(exc))

    def _first(self) -> None:
        self._again()

    def _again(self) -> None:
        raise NotImplementedError

    def _back(self) -> None:
        raise NotImplementedError


class AnnotationCommand(_ServiceCommand):
    """Any change to one annotation: tag, add or remove a tag, edit the note, delete."""

    def __init__(
        self,
        controller: Controller,
        label: str,
        action: Callable[[], TagResult],
        named: Callable[[TagResult], str] | None = None,
    ) -> None:
        super().__init__(controller, label)
        self._action = action
        self._named = named  # the label once the service has said what it did (before the push)
        self.result: TagResult | None = None
        self._before: Annotation | None = None
        self._after: Annotation | None = None
        self._id = 0

    def _first(self) -> None:
        self.result = self._action()
        if self._named is not None:
            self.setText(self._named(self.result))
        self._before, self._after, self._id = self.result.before, self.result.after, self.result.annotation.id
        self.controller.announce(self.result.annotation, removed=self.result.deleted)

    def _again(self) -> None:
        self.controller.set_annotation_state(self._id, self._after, self._before)

    def _back(self) -> None:
        self.controller.set_annotation_state(self._id, self._before, self._after)


class _ManyCommand(_ServiceCommand):
    """Several annotations written by one service call: one undo step puts each back."""

    def __init__(self, controller: Controller, label: str) -> None:
        super().__init__(controller, label)
        self._states: list[tuple[int, Annotation | None, Annotation | None]] = []

    def _record(self, results: Sequence[Any]) -> None:
        self._states = [(r.annotation.id, r.before, r.after) for r in results]
        for r in results:
            self.controller.announce(r.annotation, removed=False)

    def _again(self) -> None:
        self.controller.set_annotation_states([(i, after, before) for i, before, after in self._states])

    def _back(self) -> None:
        self.controller.set_annotation_states([(i, before, after) for i, before, after in reversed(self._states)])


class AcceptSuggestionsCommand(_ManyCommand):
    """Suggestions become annotations (one, or all of a tag): one undo step for all of them."""

    def __init__(self, controller: Controller, label: str, document_id: int, offers: list[Suggestion]) -> None:
        super().__init__(controller, label)
        self._document_id, self._offers = document_id, offers

    @property
    def made(self) -> list[int]:
        """The ids of the annotations the suggestions became."""
        return [annotation_id for annotation_id, _, _ in self._states]

    def _first(self) -> None:
        self._record(self.controller.services.suggestions.accept(self._document_id, self._offers))


class TagSpansCommand(_ManyCommand):
    """Passages of any documents (selected search hits) tagged at once: one undo step for all."""

    def __init__(self, controller: Controller, label: str, spans: list[tuple[int, int, int]], tag_id: int) -> None:
        super().__init__(controller, label)
        self._spans, self._tag_id = spans, tag_id

    def _first(self) -> None:
        self._record(self.controller.services.annotations.tag_spans(self._spans, [self._tag_id]))


class RejectSuggestionsCommand(_ServiceCommand):
    """Suggestions turned down for this document; undo offers them again."""

    def __init__(self, controller: Controller, label: str, document_id: int, offers: list[Suggestion]) -> None:
        super().__init__(controller, label)
        self._document_id, self._offers = document_id, offers

    def _again(self) -> None:
        self.controller.services.suggestions.reject(self._document_id, self._offers)
        self.controller.suggestionsStale.emit(self._document_id)

    def _back(self) -> None:
        self.controller.services.suggestions.unreject(self._document_id, self._offers)
        self.controller.suggestionsStale.emit(self._document_id)


class AddTagCommand(_ServiceCommand):
    def __init__(self, controller: Controller, spec: TagSpec) -> None:
        super().__init__(controller, f"Add tag “{spec.name}”")
        self._spec = spec
        self.tag: Tag | None = None

    def _first(self) -> None:
        self.tag, _ = self.controller.services.codebook.add(self._spec)
        self.controller.reload_codebook()

    def _again(self) -> None:
        assert self.tag is not None
        self.controller.readd_tag(self.tag)

    def _back(self) -> None:
        assert self.tag is not None
        self.controller.delete_tag(self.tag.id)


class DeleteTagCommand(_ServiceCommand):
    def __init__(self, controller: Controller, tag: Tag) -> None:
        super().__init__(controller, f"Delete tag “{tag.name}”")
        self._tag = tag
        self._deleted: DeletedTag | None = None

    def _again(self) -> None:
        self._deleted = self.controller.delete_tag(self._tag.id)

    def _back(self) -> None:
        assert self._deleted is not None
        self.controller.restore_tag(self._deleted)


class DeleteDocumentCommand(_ServiceCommand):
    """Delete a document with its annotations; undo puts all of it back under the same ids."""

    def __init__(self, controller: Controller, document_id: int, title: str) -> None:
        super().__init__(controller, f"Delete document “{title}”")
        self._id = document_id
        self._deleted: DeletedDocument | None = None

    def _again(self) -> None:
        self._deleted = self.controller.delete_document(self._id)

    def _back(self) -> None:
        assert self._deleted is not None
        self.controller.restore_document(self._deleted)


class EditCodebookCommand(_ServiceCommand):
    """Rename, recolour, change a key or guideline, reorder: the whole codebook before and after."""

    def __init__(self, controller: Controller, label: str, action: Callable[[], object]) -> None:
        super().__init__(controller, label)
        self._action = action
        self._before: list[Tag] = []
        self._after: list[Tag] = []

    def _first(self) -> None:
        self._before = self.controller.services.codebook.tags()
        self._action()
        self._after = self.controller.services.codebook.tags()
        self.controller.reload_codebook()

    def _again(self) -> None:
        self.controller.apply_tags(self._after)

    def _back(self) -> None:
        self.controller.apply_tags(self._before)


class _SwapCommand(_ServiceCommand):
    """Set a value whose setter returns the old one; undo sets the old one back."""

    def __init__(self, controller: Controller, label: str, setter: Callable[[Any], Any], value: Any) -> None:
        super().__init__(controller, label)
        self._setter, self._value, self._old = setter, value, None

    def _again(self) -> None:
        self._old = self._setter(self._value)

    def _back(self) -> None:
        self._setter(self._old)


def StatusCommand(controller: Controller, document_id: int, status: Status) -> QUndoCommand:  # noqa: N802
    return _SwapCommand(
        controller, f"Mark as {status.value}", lambda value: controller.set_status(document_id, value), status
    )


def MetadataCommand(controller: Controller, document_id: int, meta: DocumentMeta) -> QUndoCommand:  # noqa: N802
    return _SwapCommand(controller, "Edit document details", lambda value: controller.set_meta(document_id, value), meta)


def DetailsCommand(controller: Controller, document_id: int, details: Details) -> QUndoCommand:  # noqa: N802
    """Metadata, document variables and memo as one undo step. A new memo is stamped here, once:
    redo writes the same time again, not the time of the redo."""
    if details.memo.text and not details.memo.updated_at:
        details = replace(details, memo=Memo(details.memo.text, now_iso()))
    return _SwapCommand(
        controller, "Edit document details", lambda value: controller.set_details(document_id, value), details
    )


class SetValuesCommand(_ServiceCommand):
    """One variable's value set for several documents (the library pane): one undo step puts back
    each document's own old value."""

    def __init__(self, controller: Controller, document_ids: Sequence[int], name: str, value: str) -> None:
        count = len(document_ids)
        super().__init__(controller, f"Set {name} for {count} document{'s' if count != 1 else ''}")
        self._ids, self._values = list(document_ids), {name: value}
        self._old: dict[int, dict[str, str]] = {}

    def _again(self) -> None:
        self._old = self.controller.set_values(self._ids, self._values)

    def _back(self) -> None:
        self.controller.restore_values(self._old)


def LexiconCommand(controller: Controller, entries: list[tuple[str, str]]) -> QUndoCommand:  # noqa: N802
    return _SwapCommand(controller, "Edit the framing lexicon", controller.set_lexicon, entries)


class GoldCommand(_ServiceCommand):
    """One adjudication decision (services.gold): undo takes the gold annotation and its
    provenance back, redo puts both back under their ids."""

    def __init__(self, controller: Controller, label: str, decide: Callable[[], Any]) -> None:
        super().__init__(controller, label)
        self._decide = decide
        self._step: Any = None

    def _first(self) -> None:
        self._step = self._decide()
        self._tell(removed=False)

    def _again(self) -> None:
        self.controller.services.gold.redo(self._step)
        self._tell(removed=False)

    def _back(self) -> None:
        self.controller.services.gold.undo(self._step)
        self._tell(removed=True)

    def _tell(self, *, removed: bool) -> None:
        if self._step.annotation is not None:
            self.controller.announce(self._step.annotation, removed=removed)
        else:
            self.controller.changed.emit(self._step.changes, self.controller)


class AcceptAgreedCommand(_ServiceCommand):
    """Every passage all coders marked alike, into gold (services.gold.accept_agreed, what the
    command line's `gold accept-agreed` runs): one undo step takes every decision back."""

    def __init__(self, controller: Controller, label: str, document_ids: Sequence[int]) -> None:
        super().__init__(controller, label)
        self._documents = tuple(document_ids)
        self.steps: list[Any] = []

    def _first(self) -> None:
        self.steps = self.controller.services.gold.accept_agreed(self._documents)
        if not self.steps:
            self.setObsolete(True)  # nothing was written: no undo entry (the stack drops it)
        self._tell(removed=False)

    def _again(self) -> None:
        self.controller.services.gold.redo_many(self.steps)
        self._tell(removed=False)

    def _back(self) -> None:
        self.controller.services.gold.undo_many(self.steps)
        self._tell(removed=True)

    def _tell(self, *, removed: bool) -> None:
        # Each step made one gold passage; the views' refreshes of a burst coalesce (ui.tasks).
        for step in self.steps:
            self.controller.announce(step.annotation, removed=removed)


class AdjudicatedCommand(_ServiceCommand):
    """The lead marks a document adjudicated (its phase; the hold ends); undo puts back the
    phase it had (blind too), only if it is still adjudicated."""

    def __init__(self, controller: Controller, label: str, document_id: int, *, reveal: bool = False) -> None:
        super().__init__(controller, label)
        self._id, self._reveal = document_id, reveal  # reveal: the lead said yes to showing a blind one
        self._before: dict[int, str] = {}

    def _first(self) -> None:
        self._before = self.controller.services.documents.phases([self._id])
        self._again()

    def _again(self) -> None:
        self.controller.services.gold.mark_adjudicated([self._id], reveal=self._reveal)
        self.controller.changed.emit(Changes(documents=frozenset({self._id})), self.controller)

    def _back(self) -> None:
        self.controller.services.gold.unmark_adjudicated(self._before)
        self.controller.changed.emit(Changes(documents=frozenset({self._id})), self.controller)
