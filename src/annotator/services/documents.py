"""Documents: import files (in batches, one transaction each), list them, read text, edit metadata and status."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.listing import Row
from annotator.domain.models import META_FIELDS, Annotation, Document, DocumentMeta, Status
from annotator.domain.variables import Details, Memo
from annotator.services.changes import Changes, now_iso
from annotator.services.coders import CoderService
from annotator.services.errors import UserError
from annotator.storage import documents as repo
from annotator.storage import pages as pages_repo
from annotator.storage import variables as variables_repo
from annotator.storage.engine import Library, Session
from annotator.storage.errors import BrokenConstraint

if TYPE_CHECKING:
    from annotator.importers import ImportedText
    from annotator.services.variables import ImportedValues

# The importers, metadata guessing (dateutil) and the repositories of undo are imported where they
# are used: `annotator docs` and `text` need none of them (issue 17: commands that start fast).

# Metadata given explicitly on import (any field of META_FIELDS): wins over metadata.csv and guesses.
Overrides = DocumentMeta


@dataclass(frozen=True, slots=True)
class DeletedDocument:
    """Everything a deleted document had, for restore() to put back exactly."""

    document: Document
    text: str
    annotations: tuple[Annotation, ...]
    rejected: frozenset[tuple[int, int, int, int]]  # rejected suggestions: (coder id, tag id, start, end)
    statuses: dict[int, Status] | None = None  # every coder's status (coder id -> status)
    values: dict[int, str] | None = None  # its document variables' values (variable id -> value)
    memo: Memo | None = None
    pages: tuple[int, ...] = ()  # a PDF's page starts (revision 0012)


# A batch of an import is stored in one transaction: at most this many files or characters of text.
BATCH_FILES = 500
BATCH_CHARS = 32_000_000


@dataclass(frozen=True, slots=True)
class _Ready:
    """A file read and checked, waiting for its batch to be stored."""

    path: Path
    text: str
    sha: str
    meta: DocumentMeta
    notes: tuple[str, ...]
    found: tuple[tuple[str, str], ...]  # metadata.csv's (or a corpus row's) other columns: document variables
    filename: str = ""  # as stored: the file's name, or a corpus's name and row ("corpus.csv row 3")
    row: int = 0  # a corpus's row (1 for its first article); 0 for a file
    pages: tuple[int, ...] = ()  # a PDF's page starts (ImportedText.page_starts); others have none


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    document: Document | None = None  # imported
    duplicate_of: int | None = None  # the same text is already in the library
    problem: str = ""  # why it failed
    notes: tuple[str, ...] = ()  # what was not used (a metadata.csv ignored, say), one sentence each
    row: int = 0  # the row of a corpus file (1 for its first article); 0 for a file of its own

    @property
    def failed(self) -> bool:
        return bool(self.problem)


class DocumentService:
    def __init__(self, library: Library, coders: CoderService) -> None:
        self._library = library
        self._coders = coders  # a document's status is the current coder's own

    # --- reading -------------------------------------------------------------------------
    def list(self) -> list[Document]:
        with self._library.reading() as session:
            return repo.list_all(session, self._coders.id)

    def listing(self) -> list[Row]:
        """Every document as a plain row (domain.listing): the library pane's fast path."""
        with self._library.reading() as session:
            return repo.listing(session, self._coders.id)

    def get(self, document_id: int) -> Document:
        with self._library.reading() as session:
            document = repo.get(session, document_id, self._coders.id)
        if document is None:
            raise UserError(f"there is no document {document_id}")
        return document

    def text(self, document_id: int) -> str:
        with self._library.reading() as session:
            text = repo.text_of(session, document_id)
        if text is None:
            raise UserError(f"there is no document {document_id}")
        return text

    # --- import --------------------------------------------------------------------------
    def is_library_file(self, path: Path) -> bool:
        """Whether `path` is this library's file or its -wal/-shm/-journal: never read as an import
        (opening and closing it would drop this process's SQLite locks: decision 058)."""
        return self._library.holds(path)

    def import_files(self, paths: Iterable[Path], overrides: Overrides = Overrides()) -> list[Outcome]:
        """Import files; one outcome per file, in order. Each file is read and checked on its own
        (a bad one fails alone); the good ones are stored in batches, one transaction each (a
        transaction per file was most of an import's time: 1.9 of 2.1 ms per article)."""
        outcomes: list[Outcome | _Ready] = []
        batch: list[int] = []  # indexes in outcomes of files read but not yet stored
        held = 0  # characters of text in the batch: memory stays bounded whatever the files
        for path in paths:
            outcomes.append(self._read(path, overrides))
            ready = outcomes[-1]
            if isinstance(ready, _Ready):
                batch.append(len(outcomes) - 1)
                held += len(ready.text)
                if len(batch) >= BATCH_FILES or held >= BATCH_CHARS:
                    self.store_batch(outcomes, batch)
                    batch, held = [], 0
        self.store_batch(outcomes, batch)
        return outcomes  # type: ignore[return-value] # _store made every _Ready an Outcome

    def import_file(self, path: Path, overrides: Overrides = Overrides()) -> Outcome:
        (outcome,) = self.import_files([path], overrides)
        return outcome

    def _read(self, path: Path, overrides: Overrides) -> Outcome | _Ready:
        """The file's text and metadata, ready to store; or the outcome saying why it is refused."""
        from annotator.importers import ImportProblem, read_article

        if self.is_library_file(path):
            return Outcome(path, problem="is this library's own file, not an article")
        try:
            article = read_article(path)
        except ImportProblem as problem:
            return Outcome(path, problem=str(problem))
        except Exception as exc:  # noqa: BLE001 - whatever a parser does with a file is its refusal
            return Outcome(path, problem=f"cannot be read ({exc.__class__.__name__}: {exc})")
        meta, notes, found = self._meta_for(path, article, overrides, self.is_library_file)
        if isinstance(meta, str):
            return Outcome(path, problem=meta, notes=notes)
        sha = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        return _Ready(path, article.text, sha, meta, notes, found, pages=article.page_starts)

    def store_batch(self, outcomes: list[Outcome | _Ready], batch: list[int]) -> None:
        """Store a batch in one transaction, replacing each of its entries with its outcome: a
        text already in the library (or earlier in the batch) is a duplicate, not stored twice.
        (services.corpus stores a corpus's rows through it too.)"""
        if not batch:
            return
        from annotator.services.variables import import_values_many

        ready: list[_Ready] = [outcomes[i] for i in batch]  # type: ignore[misc]
        for attempt in range(3):
            imported_at = now_iso()
            try:
                with self._coders.writing() as session:
                    there = repo.ids_by_sha256(session, {r.sha for r in ready})
                    new, seen = [], set(there)
                    for r in ready:
                        if r.sha not in seen:  # the first of a text's copies in the batch is stored
                            seen.add(r.sha)
                            new.append(r)
                    ids = repo.add_many(
                        session, [(r.meta, r.filename or r.path.name, r.sha, r.text) for r in new], imported_at=imported_at
                    )
                    pages_repo.add(session, [(i, r.pages) for r, i in zip(new, ids, strict=True) if r.pages])
                    # metadata.csv's (or a corpus's) other columns, in the batch's transaction, in one
                    # look-up and one insert; a batch without any costs no query (decision 027)
                    with_values = [(r, i) for r, i in zip(new, ids, strict=True) if _valued(r.found)]
                    made_values = import_values_many(session, [(i, r.found) for r, i in with_values]) if with_values else []
                    by_id = {id(r): _variable_notes(r, m) for (r, _), m in zip(with_values, made_values, strict=True)}
                    valued = [by_id.get(id(r), ()) for r in new]
                break
            except BrokenConstraint:  # another program stored one of these texts a moment ago: look again
                if attempt == 2:
                    raise
        made = {id(r): new_id for r, new_id in zip(new, ids, strict=True)}
        said = {id(r): notes for r, notes in zip(new, valued, strict=True)}
        there.update({r.sha: new_id for r, new_id in zip(new, ids, strict=True)})
        for index, r in zip(batch, ready, strict=True):
            if id(r) not in made:
                outcomes[index] = Outcome(r.path, duplicate_of=there[r.sha], notes=r.notes, row=r.row)
                continue
            # The new document as stored, without reading it back (a re-read cost a third of a file's import).
            document = Document(
                id=made[id(r)],
                meta=r.meta,
                filename=r.filename or r.path.name,
                sha256=r.sha,
                imported_at=imported_at,
                status=Status.NEW,
                length=len(r.text),
                annotation_count=0,
            )
            outcomes[index] = Outcome(r.path, document=document, notes=r.notes + said[id(r)], row=r.row)

    def import_samples(self) -> list[Outcome]:
        return self.import_files(self.sample_files())

    @staticmethod
    def sample_files() -> list[Path]:
        """The shipped sample articles (their metadata.csv is read beside them on import)."""
        from annotator.paths import sample_docs

        return sorted(p for p in sample_docs().iterdir() if p.suffix == ".txt")

    @staticmethod
    def _meta_for(
        path: Path, article: ImportedText, overrides: Overrides, own: Callable[[Path], bool]
    ) -> tuple[DocumentMeta | str, tuple[str, ...], tuple[tuple[str, str], ...]]:
        """Explicit values first, then metadata.csv beside the file, then what the file says;
        with what of metadata.csv was not used, and its other columns (document variables)."""
        from annotator.domain import metadata
        from annotator.services.sidecar import sidecar_metadata

        hints = sidecar_metadata(path, own)
        notes = (hints.note,) if hints.note else ()
        guessed = metadata.guess(article.text, article.title)
        found = DocumentMeta(
            title=guessed.title,
            published=article.published,
            dateline=guessed.dateline,
            url=article.url,
            language=article.language,
        )  # what the file itself says
        meta = metadata.tidy(
            DocumentMeta(
                **{
                    f.name: getattr(overrides, f.name) or getattr(hints.meta, f.name) or getattr(found, f.name)
                    for f in META_FIELDS
                }
            )
        )
        normalised = metadata.normalise_date(meta.published) if meta.published else guessed.published
        if normalised is None:
            return f"the date {meta.published!r} is not a date like 2023-11-08, 2023-09 or 2023", notes, ()
        return replace(meta, title=meta.title or path.stem, published=normalised), notes, hints.variables

    # --- editing -------------------------------------------------------------------------
    def set_meta(self, document_id: int, meta: DocumentMeta) -> tuple[DocumentMeta, Changes]:
        """Replace a document's metadata; returns the old metadata (for undo)."""
        clean = _clean(meta)
        with self._coders.writing() as session:
            old = repo.get(session, document_id, 0)
            if old is None:
                raise UserError(f"there is no document {document_id}")
            repo.set_meta(session, document_id, clean)
        return old.meta, Changes(documents=frozenset({document_id}), library=True)

    def details(self, document_id: int) -> Details:
        """A document's metadata, variables' values and memo: what the details dialog edits."""
        with self._library.reading() as session:
            return _details(session, document_id)

    def set_details(self, document_id: int, details: Details) -> tuple[Details, Changes]:
        """Metadata, values and memo in one transaction (one undo step); returns the old details.
        Every variable not named keeps its value; a memo without a time is stamped now."""
        from annotator.services.variables import checked_values, memo_problem

        clean = _clean(details.meta)
        memo_problem(details.memo.text)
        with self._coders.writing() as session:
            values = checked_values(session, dict(details.values))
            old = _details(session, document_id)
            repo.set_meta(session, document_id, clean)
            variables_repo.set_values(session, document_id, values)
            memo = details.memo if details.memo.updated_at else Memo(details.memo.text, now_iso())
            variables_repo.set_memo(session, document_id, memo if memo.text.strip() else None)
        held = dict(old.values)
        old_values = tuple((name, held.get(name, "")) for name, _ in details.values)
        return Details(old.meta, old_values, old.memo), Changes(documents=frozenset({document_id}), library=True)

    def set_status(self, document_id: int, status: Status) -> tuple[Status, Changes]:
        """The current coder's status of the document; returns the old one (for undo)."""
        with self._library.writing() as session:
            me = self._coders.ensure(session).id
            old = repo.get(session, document_id, me)
            if old is None:
                raise UserError(f"there is no document {document_id}")
            repo.set_status(session, document_id, me, status)
        return old.status, Changes(documents=frozenset({document_id}), library=True)

    # --- phases (blind coding, revision 0007) ---------------------------------------------
    def reveal(self, document_ids: Iterable[int]) -> list[int]:
        """End the blind phase of these documents: every coder then sees the others' annotations
        (still changing only their own). On a server only the lead's role may: a coder's attempt
        is refused by the server, and said in one sentence. On SQLite the phase is kept, but
        nothing was hidden before it (a file has no access control)."""
        wanted = sorted(set(document_ids))
        with self._coders.writing() as session:
            missing = set(wanted) - repo.existing_ids(session, wanted)
            if missing:
                raise UserError(f"there is no document {', '.join(map(str, sorted(missing)))}")
            repo.set_phase(session, wanted, "revealed")
        return wanted

    def phases(self, document_ids: Iterable[int] | None = None) -> dict[int, str]:
        """Document id -> its phase: blind, revealed or adjudicated."""
        with self._library.reading() as session:
            return repo.phases(session, document_ids)

    # --- deleting ------------------------------------------------------------------------
    def delete(self, document_id: int) -> tuple[DeletedDocument, Changes]:
        """Delete a document with its text, annotations and rejected suggestions; the returned
        snapshot lets restore() put all of it back (undo)."""
        from annotator.storage import annotations as annotations_repo
        from annotator.storage import suggestions as suggestions_repo

        with self._coders.writing() as session:
            document = repo.get(session, document_id, self._coders.id)
            if document is None:
                raise UserError(f"there is no document {document_id}")
            text = repo.text_of(session, document_id) or ""
            annotations = tuple(annotations_repo.for_document(session, document_id))
            rejected = frozenset(suggestions_repo.everyones(session, document_id))
            statuses = repo.statuses(session, document_id)
            values = variables_repo.values(session, [document_id]).get(document_id, {})
            memo = variables_repo.memo(session, document_id)
            pages = pages_repo.starts_of(session, document_id)
            repo.remove(session, document_id)
        deleted = DeletedDocument(document, text, annotations, rejected, statuses, values, memo, pages)
        return deleted, _changes(deleted)

    def restore(self, deleted: DeletedDocument) -> tuple[Document, Changes]:
        """Put a deleted document back as it was: same id, text, metadata, status, annotations
        (ids, tags, fields, notes, times) and rejected suggestions. Tags deleted since are left
        out. Refused (UserError) if its id or its text is in the library again."""
        from annotator.storage import annotations as annotations_repo
        from annotator.storage import suggestions as suggestions_repo
        from annotator.storage import tags as tags_repo

        document = deleted.document
        with self._coders.writing() as session:
            if repo.get(session, document.id, 0) is not None:
                raise UserError(f"document {document.id} is in the library already")
            again = repo.id_by_sha256(session, document.sha256)
            if again is not None:
                raise UserError(
                    f"document {document.id} cannot come back: the same text was imported again since, as document {again}"
                )
            known = {tag.id for tag in tags_repo.list_all(session)}
            repo.put_back(session, document, deleted.text, deleted.statuses or {})
            pages_repo.add(session, [(document.id, deleted.pages)])
            for annotation in deleted.annotations:
                kept = tuple(t for t in annotation.tag_ids if t in known)
                annotations_repo.insert_one(session, replace(annotation, tag_ids=kept), keep_id=True)
            suggestions_repo.put_back(session, document.id, {r for r in deleted.rejected if r[1] in known})
            variables = {v.id for v in variables_repo.list_all(session)}  # variables deleted since are left out
            variables_repo.set_values(
                session, document.id, {v: x for v, x in (deleted.values or {}).items() if v in variables}
            )
            variables_repo.set_memo(session, document.id, deleted.memo)
            restored = repo.get(session, document.id, self._coders.id)
        assert restored is not None
        return restored, _changes(deleted)


def _valued(found: tuple[tuple[str, str], ...]) -> bool:
    return any(value.strip() for _, value in found)


def _variable_notes(ready: _Ready, made: ImportedValues) -> tuple[str, ...]:
    """What an imported file's variables say: the variables its metadata.csv's columns (or its
    corpus's) made (said once per batch, by the first file that made them) and each value left out."""
    from annotator.services.sidecar import SIDECAR

    path = ready.path
    table = path if ready.row else path.parent / SIDECAR
    notes: tuple[str, ...] = ()
    if made.defined:
        plural = "s" if made.defined[1:] else ""
        names = ", ".join(made.defined)
        notes += (f"{table}: new document variable{plural} {names} (text) from its columns",)
    if ready.row:
        return notes + tuple(f"{ready.filename}: a value was left out: {reason}" for reason in made.refused)
    return notes + tuple(f"{path.name}: a value of metadata.csv was left out: {reason}" for reason in made.refused)


def _details(session: Session, document_id: int) -> Details:
    document = repo.get(session, document_id, 0)
    if document is None:
        raise UserError(f"there is no document {document_id}")
    names = {v.id: v.name for v in variables_repo.list_all(session)}
    held = variables_repo.values(session, [document_id]).get(document_id, {})
    memo = variables_repo.memo(session, document_id) or Memo()
    return Details(document.meta, tuple((names[v], value) for v, value in held.items()), memo)


def _clean(meta: DocumentMeta) -> DocumentMeta:
    """Metadata as stored (tidied, the date normalised); UserError for a date that is none."""
    from annotator.domain import metadata

    tidied = metadata.tidy(meta)
    published = metadata.normalise_date(tidied.published)
    if published is None:
        raise UserError(f"{meta.published!r} is not a date like 2023-11-08, 2023-09 or 2023")
    return replace(tidied, published=published)


def _changes(deleted: DeletedDocument) -> Changes:
    return Changes(
        documents=frozenset({deleted.document.id}), annotations=frozenset(a.id for a in deleted.annotations), library=True
    )
