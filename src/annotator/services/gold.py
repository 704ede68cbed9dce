"""Adjudication: the gold layer, one decision at a time, each with its provenance; undoable.

A gold annotation is an ordinary annotation with layer='gold' whose coder is the curator; the
decision behind it (accepted / edited / added / rejected, the coders' annotations it came from by
UUID, curator, time) is a row of gold_decisions (revision 0008, decision 023). Only the lead
writes gold: a service check here (all SQLite can have), row security on a server. One curator
per document at a time: a row of `curators` with an expiry (HOLD), renewed by each decision; a
second lead is told who holds the document and until when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from annotator.domain.agreement import Unit
from annotator.domain.agreement.disagreements import agreed, agreed_fields, groups
from annotator.domain.coders import Coder
from annotator.domain.models import Annotation, new_annotation
from annotator.domain.spans import SpanError, select
from annotator.services import conflicts
from annotator.services.annotations import AnnotationService
from annotator.services.changes import Changes, now_iso
from annotator.services.errors import ConflictError, UserError
from annotator.storage import agreement_query
from annotator.storage import annotations as annotations_repo
from annotator.storage import documents as documents_repo
from annotator.storage import gold as repo
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Library, Session

HOLD = timedelta(minutes=30)  # a curator's hold on a document, renewed by each decision


class BlindDocuments(UserError):
    """Marking these documents adjudicated would reveal them: the caller says how to go on."""

    def __init__(self, documents: Sequence[int]) -> None:
        self.documents = tuple(documents)
        super().__init__(
            f"{self.named} still blind: marking {self.them} adjudicated would show the coders each other's "
            f"passages; reveal {self.them} first"
        )

    @property
    def named(self) -> str:
        """ "document 4 is", "documents 1, 4 are": the sentence's subject."""
        listed = ", ".join(map(str, self.documents))
        return f"document {listed} is" if len(self.documents) == 1 else f"documents {listed} are"

    @property
    def them(self) -> str:
        return "it" if len(self.documents) == 1 else "them"


@dataclass(frozen=True)
class GoldStep:
    """One decision as written: enough to undo it (and redo it) exactly."""

    decision: repo.Decision
    annotation: Annotation | None  # the gold annotation it made (None: rejected)
    changes: Changes


class GoldService:
    def __init__(self, library: Library, annotations: AnnotationService) -> None:
        self._library = library
        self._annotations = annotations
        self._coders = annotations.coders

    # --- reading -------------------------------------------------------------------------
    def decisions(self, document_ids: Sequence[int] = ()) -> list[repo.Decision]:
        with self._library.reading() as session:
            return repo.decisions(session, document_ids)

    # --- deciding ------------------------------------------------------------------------
    def accept(self, chosen: str, tag: str, sources: Sequence[str] = ()) -> GoldStep:
        """Take one coder's passage (by UUID) with `tag` into gold as it is; `sources`: every
        coder passage of the disagreement (the chosen one is always among them)."""
        with self._library.reading() as session:
            found = repo.annotation_ids(session, [chosen])
            passage = annotations_repo.get(session, found[chosen]) if chosen in found else None
            tag_id = _tag_id(session, tag)
        if passage is None or passage.layer != "coder":
            raise UserError(f"there is no coder's annotation {chosen}")
        if tag_id not in passage.tag_ids:
            raise UserError(f"the coder's annotation {chosen} is not tagged {tag}: accept it with one of its own tags")
        every = tuple(dict.fromkeys((chosen, *sources)))
        return self._decide(passage.document_id, tag, "accepted", every, (passage.start, passage.end), passage.fields)

    def accept_edited(self, document_id: int, tag: str, start: int, end: int, sources: Sequence[str]) -> GoldStep:
        """A coder's passage with its span corrected by the curator; the field values the coders'
        passages agree on come with it (agreed_fields)."""
        with self._library.reading() as session:
            found = repo.annotation_ids(session, list(sources))
            fields = agreed_fields([p.fields for p in annotations_repo.many(session, found.values())])
        return self._decide(document_id, tag, "edited", tuple(sources), (start, end), fields)

    def add(self, document_id: int, tag: str, start: int, end: int) -> GoldStep:
        """A passage no coder marked."""
        return self._decide(document_id, tag, "added", (), (start, end), ())

    def reject(self, document_id: int, tag: str, sources: Sequence[str]) -> GoldStep:
        """None of these coders' passages goes into gold (the decision is kept, no annotation)."""
        if not sources:
            raise UserError("name the coders' passages to reject")
        return self._decide(document_id, tag, "rejected", tuple(sources), None, ())

    def accept_agreed(self, document_ids: Sequence[int] = ()) -> list[GoldStep]:
        """Every passage all coders of its document marked on the same span with the same tag,
        not decided yet, into gold in one transaction (accepted, with every coder's UUID)."""
        with self._library.reading() as session:
            rows = agreement_query.passages(session, document_ids, ())
            decided = {s for d in repo.decisions(session, document_ids) for s in d.sources}
            in_gold = repo.gold_spans(session, document_ids)
        units = [Unit(doc, coder, tag, start, end, key=u) for doc, coder, tag, start, end, _, u, _ in rows]
        ids = {u: annotation_id for *_, annotation_id, u, _ in rows}
        coders = sorted({u.coder for u in units})
        todo = [
            (doc, tag, group)
            for doc, tag, present, group in groups(units, coders)
            if agreed(group, present)
            and not decided & {u.key for u in group}
            and (doc, tag, group[0].start, group[0].end) not in in_gold  # e.g. merged in without its decision
        ]
        texts = {doc: self._annotations.text(doc) for doc in {doc for doc, _, _ in todo}}
        with self._library.reading() as session:
            held = {a.id: a.fields for a in annotations_repo.many(session, [ids[u.key] for _, _, g in todo for u in g])}
        steps = []
        with self._library.writing() as session:
            me = self._lead(session)
            missing = set(document_ids) - documents_repo.existing_ids(session, document_ids)
            if missing:
                raise UserError(f"there is no document {', '.join(map(str, sorted(missing)))}")
            for doc in sorted(set(texts) | set(document_ids)):  # the documents asked for are held too
                self._hold(session, doc, me)
            for doc, tag, group in todo:
                span = (group[0].start, group[0].end)
                fields = agreed_fields([held.get(ids[u.key], ()) for u in group])
                keys = tuple(u.key for u in group)
                steps.append(self._write(session, me, doc, tag, "accepted", keys, span, fields, texts[doc]))
        return steps

    def mark_adjudicated(self, document_ids: Sequence[int], *, reveal: bool = False) -> list[int]:
        """The lead says these documents are adjudicated (phase); their holds end. A blind
        document is refused (BlindDocuments) unless `reveal`: adjudicated is not blind, so marking
        it shows the coders each other's passages — never as a side effect (decision 044)."""
        wanted = sorted(set(document_ids))
        with self._library.writing() as session:
            me = self._lead(session)
            missing = set(wanted) - documents_repo.existing_ids(session, wanted)
            if missing:
                raise UserError(f"there is no document {', '.join(map(str, sorted(missing)))}")
            blind = sorted(d for d, phase in documents_repo.phases(session, wanted).items() if phase == "blind")
            if blind and not reveal:
                raise BlindDocuments(blind)
            for doc in wanted:
                self._hold(session, doc, me)
            documents_repo.set_phase(session, wanted, "adjudicated")
            for doc in wanted:
                repo.release(session, doc, me.id)
        return wanted

    def unmark_adjudicated(self, previous: dict[int, str]) -> None:
        """Undo of mark_adjudicated: each document back to the phase it had (`previous`), only
        if it is still adjudicated (else nothing changes); the lead holds them again."""
        with self._library.writing() as session:
            me = self._lead(session)
            now = documents_repo.phases(session, previous)
            changed = sorted(doc for doc in previous if now.get(doc) != "adjudicated")
            if changed:
                raise ConflictError(
                    f"document {', '.join(map(str, changed))} changed since it was marked adjudicated: nothing was changed"
                )
            for doc in sorted(previous):
                self._hold(session, doc, me)
            for phase in sorted(set(previous.values())):
                documents_repo.set_phase(session, [d for d, p in previous.items() if p == phase], phase)

    # --- undo and redo -------------------------------------------------------------------
    def undo(self, step: GoldStep) -> Changes:
        """Take a decision back (its gold annotation and its row), only over what it left."""
        return self.undo_many([step])

    def redo(self, step: GoldStep) -> Changes:
        """Put an undone decision back under its own ids."""
        return self.redo_many([step])

    def undo_many(self, steps: Sequence[GoldStep]) -> Changes:
        """Take decisions back, the last first, in one transaction: all or none (accept-agreed's
        many decisions are one step for the lead)."""
        changes = Changes()
        with self._library.writing() as session:
            me = self._lead(session)
            for step in reversed(steps):
                self._hold(session, step.decision.document_id, me)
                if step.annotation is not None:
                    current = annotations_repo.get(session, step.annotation.id)
                    conflicts.check_unchanged(session, step.annotation.id, current, step.annotation)
                    annotations_repo.remove(session, step.annotation.id)
                if not repo.remove_decision(session, step.decision.id):
                    raise ConflictError("that decision was taken back elsewhere: nothing was changed")
                changes |= step.changes
        return changes

    def redo_many(self, steps: Sequence[GoldStep]) -> Changes:
        """Put undone decisions back under their own ids, in one transaction."""
        changes = Changes()
        with self._library.writing() as session:
            me = self._lead(session)
            for step in steps:
                d = step.decision
                self._hold(session, d.document_id, me)
                if step.annotation is not None:
                    current = annotations_repo.get(session, step.annotation.id)
                    conflicts.check_unchanged(session, step.annotation.id, current, None)
                    annotations_repo.insert_one(session, step.annotation, keep_id=True)
                tag_id = _tag_id(session, d.tag)
                repo.insert_decision(
                    session, d.document_id, tag_id, d.decision, d.sources, d.gold_uuid, me.id, d.decided_at, keep_id=d.id
                )
                changes |= step.changes
        return changes

    # --- helpers -------------------------------------------------------------------------
    def _decide(
        self,
        document_id: int,
        tag: str,
        decision: str,
        sources: tuple[str, ...],
        span: tuple[int, int] | None,
        fields: tuple[tuple[str, str], ...],
    ) -> GoldStep:
        text = self._annotations.text(document_id) if span is not None else ""
        with self._library.writing() as session:
            me = self._lead(session)
            if not documents_repo.existing_ids(session, [document_id]):
                raise UserError(f"there is no document {document_id}")
            self._hold(session, document_id, me)
            return self._write(session, me, document_id, tag, decision, sources, span, fields, text)

    def _write(
        self,
        session: Session,
        me: Coder,
        document_id: int,
        tag: str,
        decision: str,
        sources: tuple[str, ...],
        span: tuple[int, int] | None,
        fields: tuple[tuple[str, str], ...],
        text: str,
    ) -> GoldStep:
        tag_id = _tag_id(session, tag)
        known = repo.coder_passages(session, document_id, sources)
        if set(sources) - known:  # a gold passage, another document's, or none: not provenance
            raise UserError(f"there is no coder's annotation {sorted(set(sources) - known)[0]} in document {document_id}")
        now = now_iso()
        annotation = None
        if span is not None:
            try:
                selector = select(text, *span)
            except SpanError as exc:
                raise UserError(str(exc)) from None
            draft = new_annotation(
                document_id, selector, coder=me.login, now=now, tag_ids=(tag_id,), fields=fields, layer="gold"
            )
            annotation = replace(draft, id=annotations_repo.insert_one(session, draft))
        gold_uuid = annotation.uuid if annotation else None
        decision_id = repo.insert_decision(session, document_id, tag_id, decision, sources, gold_uuid, me.id, now)
        stored = repo.Decision(decision_id, document_id, tag, decision, sources, gold_uuid, me.login, now)
        touched = frozenset({annotation.id}) if annotation else frozenset()
        return GoldStep(stored, annotation, Changes(documents=frozenset({document_id}), annotations=touched))

    def _lead(self, session: Session) -> Coder:
        me = self._coders.ensure(session)
        if not me.is_lead:
            raise UserError(f"only the lead writes the gold layer ({me.login} is a coder)")
        return me

    def _hold(self, session: Session, document_id: int, me: Coder) -> None:
        """One curator per document: take or renew the hold in one statement (two leads at the
        same instant cannot both get it), or say who has it."""
        now = datetime.now(UTC)
        if repo.take(session, document_id, me.id, _iso(now + HOLD), _iso(now)):
            return
        held = repo.holder(session, document_id)
        until = held[2][11:16] if held is not None else "?"
        raise UserError(
            f"document {document_id} is being adjudicated by {held[1] if held else 'another lead'} "
            f"(until {until} UTC): one curator at a time"
        )


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _tag_id(session: Session, name: str) -> int:
    found = next((t.id for t in tags_repo.list_all(session) if t.name == name), None)
    if found is None:
        raise UserError(f"there is no tag named {name!r} (see `annotator tags`)")
    return found
