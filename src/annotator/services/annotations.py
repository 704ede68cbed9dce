"""Tagging: mark a passage, add or remove tags, edit notes, delete and restore (for undo)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from annotator.domain.codebook import annotation_fields
from annotator.domain.fields import FieldError, FieldSpec, merge, normalise
from annotator.domain.models import Annotation, MarkedSpan, new_annotation
from annotator.domain.spans import Selector, SpanError, occurrences, select
from annotator.services import conflicts
from annotator.services.cache import RecentCache
from annotator.services.changes import Changes, now_iso
from annotator.services.coders import CoderService
from annotator.services.errors import UserError, refuse_nul, write_refusal
from annotator.storage import annotations as repo
from annotator.storage import documents as documents_repo
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Library, Session
from annotator.storage.errors import BrokenConstraint

TEXT_CACHE = 4  # documents whose text stays in memory


@dataclass(frozen=True, slots=True)
class TagResult:
    annotation: Annotation  # the annotation as it is now (or as it was, if deleted)
    created: bool  # a new annotation was made
    deleted: bool  # the last tag went, and the annotation with it
    changes: Changes
    before: Annotation | None = None  # the annotation before the call (None if it was new)
    kept: tuple[str, ...] = ()  # given but left as it was: "note", or a field already filled otherwise

    @property
    def after(self) -> Annotation | None:
        return None if self.deleted else self.annotation


class AnnotationService:
    def __init__(self, library: Library, coders: CoderService) -> None:
        self._library = library
        # Who writes: each write is in the current coder's layer, and only there (see _own).
        self.coders = coders
        # Texts are kept by their hash (what identifies a text), and each document id points at
        # the version this program uses: a restore plus an import can give an id another text.
        self._texts: RecentCache[str] = RecentCache(TEXT_CACHE)
        self._in_use: dict[int, str] = {}  # document id -> sha256 of the text in use

    # --- reading -------------------------------------------------------------------------
    def for_document(self, document_id: int) -> list[Annotation]:
        with self._library.reading() as session:
            return repo.for_document(session, document_id)

    def spans(self, document_id: int) -> list[MarkedSpan]:
        """Ids, spans and tags of a document's annotations: enough to paint it, and fast."""
        with self._library.reading() as session:
            return repo.spans_for_document(session, document_id)

    def coders_of(self, document_id: int) -> tuple[dict[int, str], set[int]]:
        """Annotation id -> its coder's login, for one document (the reader's coder filter), and
        the ids of its gold passages (the reader's lanes by coder give gold a row of its own)."""
        with self._library.reading() as session:
            return repo.coders_of_document(session, document_id)

    def spans_overlapping(self, document_id: int, start: int, end: int) -> list[MarkedSpan]:
        """spans() of the passages sharing a position with [start, end): a long article's first screen."""
        with self._library.reading() as session:
            return repo.spans_overlapping(session, document_id, start, end)

    def get(self, annotation_id: int) -> Annotation | None:
        with self._library.reading() as session:
            return repo.get(session, annotation_id)

    def many(self, ids: Sequence[int]) -> list[Annotation]:
        """The annotations with these ids that exist, in text order (a page of a long list)."""
        with self._library.reading() as session:
            return repo.many(session, ids)

    def for_list(self, document_id: int) -> tuple[list[MarkedSpan], dict[int, str]]:
        """spans() and notes() of one document, read together (a long article's list)."""
        with self._library.reading() as session:
            return repo.spans_for_document(session, document_id), repo.notes_for_document(session, document_id)

    def notes(self, document_id: int) -> dict[int, str]:
        """Annotation id -> note, where there is one."""
        with self._library.reading() as session:
            return repo.notes_for_document(session, document_id)

    def matching(self, document_id: int, needle: str) -> set[int]:
        """Ids of the annotations whose passage or note contains `needle` (casefolded)."""
        with self._library.reading() as session:
            return repo.matching(session, document_id, needle)

    # --- writing -------------------------------------------------------------------------
    def tag(
        self,
        document_id: int,
        start: int,
        end: int,
        tag_ids: Sequence[int],
        note: str = "",
        fields: dict[str, str] | None = None,
        *,
        replace_note: bool = False,
    ) -> TagResult:
        """Tag text[start:end]. The same span already marked gets the new tags added instead."""
        return self.tag_many(document_id, [(start, end, tag_ids, fields or {})], note, replace_note=replace_note)[0]

    def tag_many(
        self,
        document_id: int,
        items: Sequence[tuple[int, int, Sequence[int], dict[str, str]]],
        note: str = "",
        *,
        replace_note: bool = False,
    ) -> list[TagResult]:
        """Tag several passages of one document in one transaction: (start, end, tag ids, field
        values) each. Field values must fit the tags' fields. On a span already marked, a filled
        field and a note are kept (replace_note: the note is replaced); the result's `kept` says so."""
        refuse_nul("a note", note)
        sha, text = self._text_in_use(document_id)
        results = []
        with self._writing() as session:
            self._check_text(session, document_id, sha)
            # The codebook is read only when there are values to check (not on the plain tagging path).
            codebook = tags_repo.list_all(session) if any(i[3] for i in items) else []
            for start, end, tag_ids, fields in items:
                if not tag_ids:
                    raise UserError("choose at least one tag")
                try:
                    selector = select(text, start, end)
                except SpanError as exc:
                    raise UserError(str(exc)) from None
                values = _checked(fields, annotation_fields(tag_ids, codebook))
                results.append(self._tag_one(session, document_id, selector, tag_ids, note, values, replace_note))
        return results

    def tag_spans(self, spans: Sequence[tuple[int, int, int]], tag_ids: Sequence[int]) -> list[TagResult]:
        """Tag passages of several documents — (document id, start, end) each, e.g. search hits —
        in one transaction: all of them or none. A span already marked gets the tags added."""
        if not tag_ids:
            raise UserError("choose at least one tag")
        by_document: dict[int, list[tuple[int, int]]] = {}
        for document_id, start, end in spans:
            by_document.setdefault(document_id, []).append((start, end))
        in_use = {document_id: self._text_in_use(document_id) for document_id in by_document}
        results = []
        with self._writing() as session:
            for document_id, wanted in by_document.items():
                sha, text = in_use[document_id]
                self._check_text(session, document_id, sha)
                for start, end in dict.fromkeys(wanted):  # a hit listed twice is one passage
                    try:
                        selector = select(text, start, end)
                    except SpanError as exc:
                        raise UserError(str(exc)) from None
                    results.append(self._tag_one(session, document_id, selector, tag_ids, "", {}))
        return results

    def _tag_one(
        self,
        session: Session,
        document_id: int,
        selector: Selector,
        tag_ids: Sequence[int],
        note: str,
        values: dict[str, str],
        replace_note: bool = False,
        *,
        looked: bool = False,
        existing: Annotation | None = None,
    ) -> TagResult:
        """`looked`: the caller already read the passage on this span (`existing`) in this transaction."""
        me = self.coders.ensure(session).login
        if not looked:
            existing = repo.at_span(session, document_id, selector.start, selector.end, me)
        now = now_iso()
        if existing is not None:
            new = [t for t in dict.fromkeys(tag_ids) if t not in existing.tag_ids]
            repo.link(session, existing.id, new)
            changes: dict[str, str] = {}
            filled = dict(existing.fields)
            kept = [k for k, v in values.items() if v and filled.get(k) not in ("", None, v)]
            if note and note != existing.note:
                if existing.note and not replace_note:
                    kept.insert(0, "note")
                else:
                    changes["note"] = note
            added = {k: v for k, v in values.items() if v and not filled.get(k)}
            if added:
                changes["fields"] = repo.encode_fields(merge(existing.fields, added))
            if new or changes:
                repo.touch(session, existing.id, now, **changes)
            annotation = repo.get(session, existing.id)
            assert annotation is not None
            return TagResult(annotation, False, False, _touched(annotation), existing, tuple(kept))
        draft = new_annotation(
            document_id,
            selector,
            coder=me,
            now=now,
            tag_ids=tuple(dict.fromkeys(tag_ids)),
            fields=merge((), values),
            note=note,
        )
        annotation = replace(draft, id=repo.insert_one(session, draft))
        return TagResult(annotation, True, False, _touched(annotation), None)

    def tag_or_toggle(
        self, document_id: int, start: int, end: int, tag_id: int, fields: dict[str, str] | None = None
    ) -> TagResult:
        """What a tag's key does on a selection, decided here (the app asks, never guesses from what
        it shows): a passage on exactly this span loses the tag if it has it (the last tag deletes
        it); otherwise the span is tagged, a passage already there gets the tag added — with the
        field values given, as `tag` does."""
        sha, text = self._text_in_use(document_id)
        try:
            selector = select(text, start, end)
        except SpanError as exc:
            raise UserError(str(exc)) from None
        login = self.coders.writer_login()
        with self._writing(checked=login is None) as session:  # the coder, text and span: one statement
            writer, stored, existing = repo.tag_key_look(session, document_id, start, end, login or "")
            self.coders.check_writer(session, writer)  # None: read as every write does
            if self.coders.ensure(session).login != login:  # a coder found or made only now
                existing = repo.at_span(session, document_id, start, end, self.coders.ensure(session).login)
            self._check_text(session, document_id, sha, stored)
            if existing is not None and tag_id in existing.tag_ids:
                return _remove_tags(session, existing, [tag_id])
            values = _checked(fields or {}, annotation_fields([tag_id], tags_repo.list_all(session)) if fields else [])
            return self._tag_one(session, document_id, selector, [tag_id], "", values, looked=True, existing=existing)

    def tag_quote(
        self,
        document_id: int,
        quote: str,
        tag_names: Sequence[str],
        *,
        nth: int | None = None,
        note: str = "",
        fields: dict[str, str] | None = None,
        replace_note: bool = False,
    ) -> TagResult:
        """Tag a passage found by its exact text (the nth occurrence, counting from 1)."""
        text = self._text(document_id)
        with self._library.reading() as session:
            tag_ids = [self._tag_id(session, name) for name in tag_names]
        found = occurrences(text, quote)
        if not found:
            raise UserError(f"the passage was not found in document {document_id}")
        if nth is None:
            if len(found) > 1:
                raise UserError(
                    f"the passage occurs {len(found)} times in document {document_id}; "
                    "choose one with --nth 1.." + str(len(found))
                )
            nth = 1
        if not 1 <= nth <= len(found):
            raise UserError(f"--nth must be between 1 and {len(found)}")
        start = found[nth - 1]
        return self.tag(document_id, start, start + len(quote), tag_ids, note, fields, replace_note=replace_note)

    def toggle_tag(self, annotation_id: int, tag_id: int) -> TagResult:
        """Add the tag if the annotation lacks it, else remove it (the last one deletes it)."""
        current = self._require(annotation_id)
        if tag_id in current.tag_ids:
            return self.remove_tags(annotation_id, [tag_id])
        return self.add_tags(annotation_id, [tag_id])

    def add_tags(self, annotation_id: int, tag_ids: Sequence[int]) -> TagResult:
        with self._writing() as session:
            current = self._own(repo.get(session, annotation_id), annotation_id)
            new = [t for t in dict.fromkeys(tag_ids) if t not in current.tag_ids]
            repo.link(session, annotation_id, new)
            repo.touch(session, annotation_id, now_iso())
            annotation = repo.get(session, annotation_id)
        assert annotation is not None
        return TagResult(annotation, False, False, _touched(annotation), current)

    def remove_tags(self, annotation_id: int, tag_ids: Sequence[int]) -> TagResult:
        """Remove tags; an annotation left with no tag is deleted (never a passage without tags)."""
        with self._writing() as session:
            current = self._own(repo.get(session, annotation_id), annotation_id)
            return _remove_tags(session, current, tag_ids)

    def set_note(self, annotation_id: int, note: str) -> TagResult:
        refuse_nul("a note", note)
        with self._writing() as session:
            current = self._own(repo.get(session, annotation_id), annotation_id)
            repo.touch(session, annotation_id, now_iso(), note=note)
            annotation = repo.get(session, annotation_id)
        assert annotation is not None
        return TagResult(annotation, False, False, _touched(annotation), current)

    def check_fields(self, annotation_id: int, values: dict[str, str]) -> None:
        """Refuse (UserError) values that set_fields would refuse, changing nothing: the app asks
        first, because an undo command that is refused would still cut off the redo history."""
        with self._library.reading() as session:
            self._own(_fields_of(session, annotation_id, values)[0], annotation_id)

    def set_fields(self, annotation_id: int, values: dict[str, str]) -> TagResult:
        """Change field values (an empty value clears one); each must fit a field of the annotation's tags."""
        with self._writing() as session:
            current, checked = _fields_of(session, annotation_id, values)
            self._own(current, annotation_id)
            repo.touch(session, annotation_id, now_iso(), fields=repo.encode_fields(merge(current.fields, checked)))
            annotation = repo.get(session, annotation_id)
        assert annotation is not None
        return TagResult(annotation, False, False, _touched(annotation), current)

    def delete(self, annotation_id: int) -> TagResult:
        """Delete an annotation; the result holds it whole so undo can restore it."""
        with self._writing() as session:
            current = self._own(repo.get(session, annotation_id), annotation_id)
            repo.remove(session, annotation_id)
        return TagResult(current, False, True, _touched(current), current)

    def restore(self, annotation: Annotation, expected: Annotation | None = None) -> TagResult:
        """Put back an annotation exactly as it was (same id, times, tags) over `expected` (None:
        its id must be free): undo of a delete. ConflictError if the row is not as expected."""
        result = self.set_state(annotation.id, annotation, expected)
        assert result is not None
        return result

    def set_state(self, annotation_id: int, state: Annotation | None, expected: Annotation | None) -> TagResult | None:
        """Undo and redo: make the library hold `state` under this id (None: no annotation), but
        only over `expected`, the state the step itself left (see conflicts.py); else ConflictError
        and nothing changed. Tags deleted since are left out. None if there was nothing to do."""
        return self.set_states([(annotation_id, state, expected)])[0]

    def set_states(self, steps: Sequence[tuple[int, Annotation | None, Annotation | None]]) -> list[TagResult | None]:
        """set_state for several annotations (id, state, expected) in one transaction, in order:
        one refusal and none of them is written (the undo of "accept all"). A passage put back
        must match the text in use, and that text must still be the stored one (checked inside)."""
        in_use: dict[int, str] = {}
        for _, state, _ in steps:
            if state is None:
                continue
            sha, text = self._text_in_use(state.document_id)
            if text[state.start : state.end] != state.quote:
                raise UserError("the passage no longer matches its document")
            in_use[state.document_id] = sha
        with self._writing() as session:
            for document_id, sha in in_use.items():
                self._check_text(session, document_id, sha)
            for annotation_id, state, _ in steps:  # undo and redo stay in the current coder's layer
                self._own(repo.get(session, annotation_id), annotation_id, missing_ok=True)
                self._own(state, annotation_id, missing_ok=True)
            return [_set_state(session, *step) for step in steps]

    # --- helpers -------------------------------------------------------------------------
    def _own(self, annotation: Annotation | None, annotation_id: int, *, missing_ok: bool = False) -> Annotation:
        """The annotation, if it is in the current coder's layer: through these services a coder
        never changes or deletes another coder's annotation (on SQLite a courtesy, not security)."""
        if annotation is None:
            if missing_ok:
                return None  # type: ignore[return-value]
            raise UserError(f"there is no annotation {annotation_id}")
        if annotation.coder != self.coders.login or annotation.layer != "coder":
            raise UserError(
                f"annotation {annotation_id} is in {annotation.coder}'s layer: only they change it "
                f"(you are coding as {self.coders.login})"
            )
        return annotation

    def _require(self, annotation_id: int) -> Annotation:
        annotation = self.get(annotation_id)
        if annotation is None:
            raise UserError(f"there is no annotation {annotation_id}")
        return annotation

    @contextmanager
    def _writing(self, *, checked: bool = True) -> Iterator[Session]:
        """One committed transaction; a constraint it broke becomes a sentence for the user, by
        cause (write_refusal). checked=False: the caller calls check_writer first itself."""
        try:
            with self._library.writing() as session:
                if checked:
                    self.coders.check_writer(session)  # an inactive coder writes nothing (decision 046)
                yield session
        except BrokenConstraint as exc:
            raise write_refusal(exc) from None

    def text(self, document_id: int, *, use: bool = True) -> str:
        """A document's text as stored now; with `use`, the version this program tags from (the
        app shows it; the suggestions' thread only reads)."""
        with self._library.reading() as session:  # one snapshot: the hash and the text agree
            sha = documents_repo.sha256_of(session, document_id)
            if sha is None:
                raise UserError(f"there is no document {document_id}")
            text = self._texts.get(sha, lambda: documents_repo.text_of(session, document_id) or "")
        if use:
            self._in_use[document_id] = sha
        return text

    def _text(self, document_id: int) -> str:
        return self._text_in_use(document_id)[1]

    def _text_in_use(self, document_id: int) -> tuple[str, str]:
        """(sha256, text) of the version in use, read once: the tagging path then needs no read
        of a long article. Writes check in their transaction that it is still the stored one."""
        sha = self._in_use.get(document_id)
        text = self._texts.find(sha) if sha is not None else None
        if sha is None or text is None:
            text = self.text(document_id)
            sha = self._in_use[document_id]
        return sha, text

    def _check_text(self, session: Session, document_id: int, sha: str, stored: str | None = "") -> None:
        """Refuse a write whose quote came from a text that is no longer the stored one (`stored`:
        the hash already read in this transaction)."""
        stored = documents_repo.sha256_of(session, document_id) if stored == "" else stored
        if stored != sha:
            self._in_use.pop(document_id, None)
            if stored is None:
                raise UserError(f"there is no document {document_id} (any more)")
            raise UserError(
                f"document {document_id} was replaced by another program (a restore or an "
                "import) since it was read; nothing was saved — reopen it and try again"
            )

    @staticmethod
    def _tag_id(session: object, name: str) -> int:
        tag = tags_repo.by_name(session, name)  # type: ignore[arg-type]
        if tag is None:
            raise UserError(f"there is no tag named {name!r} (see `annotator tags`)")
        return tag.id


def _remove_tags(session: Session, current: Annotation, tag_ids: Sequence[int]) -> TagResult:
    remaining = tuple(t for t in current.tag_ids if t not in set(tag_ids))
    if not remaining:
        repo.remove(session, current.id)
        return TagResult(current, False, True, _touched(current), current)
    repo.unlink(session, current.id, tag_ids)
    repo.touch(session, current.id, now_iso())
    annotation = repo.get(session, current.id)
    assert annotation is not None
    return TagResult(annotation, False, False, _touched(annotation), current)


def _set_state(
    session: Session, annotation_id: int, state: Annotation | None, expected: Annotation | None
) -> TagResult | None:
    current = repo.get(session, annotation_id)
    if current is None and state is None:
        return None  # deleted elsewhere too: already as wanted
    conflicts.check_unchanged(session, annotation_id, current, expected)
    if state is None:
        assert current is not None
        repo.remove(session, annotation_id)
        return TagResult(current, False, True, _touched(current), current)
    kept = conflicts.existing_tags(session, state)
    if current is None:
        conflicts.check_free(session, state)
    else:
        repo.remove(session, annotation_id)  # replaced whole: times, note, fields and tags
    repo.insert_one(session, state.with_tags(kept), keep_id=True)
    restored = repo.get(session, annotation_id)
    assert restored is not None
    return TagResult(restored, current is None, False, _touched(restored), current)


def _fields_of(session: Session, annotation_id: int, values: dict[str, str]) -> tuple[Annotation, dict[str, str]]:
    """The annotation and the values checked against its tags' fields (UserError if they don't fit)."""
    current = repo.get(session, annotation_id)
    if current is None:
        raise UserError(f"there is no annotation {annotation_id}")
    return current, _checked(values, annotation_fields(current.tag_ids, tags_repo.list_all(session)), keep_empty=True)


def _checked(values: dict[str, str], specs: Sequence[FieldSpec], *, keep_empty: bool = False) -> dict[str, str]:
    """Values normalised to their fields' types (the annotation's fields, domain.codebook); a name
    no tag defines is refused."""
    known = {spec.name: spec for spec in specs}
    checked = {}
    for name, value in values.items():
        if name not in known:
            raise UserError(f"no tag of this passage has a field {name!r}")
        try:
            normal = normalise(known[name], value)
        except FieldError as exc:
            raise UserError(str(exc)) from None
        if normal or keep_empty:
            checked[name] = normal
    return checked


def _touched(annotation: Annotation) -> Changes:
    return Changes(documents=frozenset({annotation.document_id}), annotations=frozenset({annotation.id}))
