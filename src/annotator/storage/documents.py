"""Document repository: rows in, frozen domain Documents out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.listing import Row
from annotator.domain.models import META_FIELDS, Document, DocumentMeta, Status
from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, DocumentRow, DocumentStatusRow, DocumentTextRow

_S = DocumentStatusRow.__table__
_D = DocumentRow.__table__
# A document's status is each coder's own (revision 0005): the one of coder `me` (an id; no row:
# new), by primary key per document.
_MY_STATUS = func.coalesce(
    select(_S.c.status).where(_S.c.document_id == DocumentRow.id, _S.c.coder_id == bindparam("me")).scalar_subquery(),
    Status.NEW.value,
)
TEXTS_PER_STATEMENT = 1_000  # 2 parameters each: far below SQLite's 32,766 and PostgreSQL's 65,535
_META_FIELDS = tuple(f.name for f in META_FIELDS)  # the stored columns of the same names
# A blind coder on a server may not read documents.annotation_count (everyone's: it would tell how
# much the others coded, revision 0007); their sessions count the annotations row security lets
# them see instead (session.info["visible_counts"], set by open_library). Slower per listing than
# the kept count, and only for them.
_VISIBLE_COUNT = (
    select(func.count()).where(AnnotationRow.document_id == DocumentRow.id).scalar_subquery().label("annotation_count")
)


def _visible(session: Session) -> bool:
    return bool(session.info.get("visible_counts"))


# Everything a Document holds but its text, which lives in document_texts (revision 0004).
_COLUMNS = (
    DocumentRow.id,
    DocumentRow.title,
    DocumentRow.source,
    DocumentRow.published,
    DocumentRow.dateline,
    DocumentRow.url,
    DocumentRow.language,
    DocumentRow.filename,
    DocumentRow.sha256,
    DocumentRow.imported_at,
    _MY_STATUS,
    DocumentRow.length,
    DocumentRow.annotation_count,
)
# What a list shows, in the order of domain.listing.Row: small rows only, and half the columns
# (100,000 rows: 0.18 s instead of 0.4 s).
_LISTED = (
    DocumentRow.id,
    DocumentRow.title,
    DocumentRow.source,
    DocumentRow.published,
    DocumentRow.dateline,
    DocumentRow.filename,
    _MY_STATUS,
    DocumentRow.annotation_count,
)
_STATUS = {status.value: status for status in Status}


def add_many(session: Session, new: Sequence[tuple[DocumentMeta, str, str, str]], *, imported_at: str) -> list[int]:
    """Store documents given as (meta, file name, sha256, text); their new ids, in order. Two
    statements for the whole batch (an ORM object and a flush per document cost 1 ms each)."""
    if not new:
        return []
    rows = [
        {
            **{name: getattr(meta, name) for name in _META_FIELDS},
            "filename": filename,
            "sha256": sha256,
            "length": len(text),
            "imported_at": imported_at,
        }
        for meta, filename, sha256, text in new
    ]
    adding = insert(_D).returning(_D.c.id, sort_by_parameter_order=True)
    ids = list(session.execute(adding, rows).scalars())
    # One multi-row statement, not executemany: the search index's trigger (0009) runs in each
    # statement's savepoint, where FTS5 writes its pending terms out — row by row that was one
    # index segment per document, merged again later (the import took 2.3x as long with the index).
    texts = [{"document_id": i, "text": t[3]} for i, t in zip(ids, new, strict=True)]
    for start in range(0, len(texts), TEXTS_PER_STATEMENT):
        session.execute(insert(DocumentTextRow.__table__).values(texts[start : start + TEXTS_PER_STATEMENT]))
    return ids


def ids_by_sha256(session: Session, shas: Iterable[str]) -> dict[str, int]:
    """The documents already holding any of these texts: sha256 -> id (one query for a batch)."""
    wanted = sorted(set(shas))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):  # bounded IN lists, whatever the batch
        part = wanted[start : start + 500]
        found.update(raw.all_rows(session, select(DocumentRow.sha256, DocumentRow.id).where(DocumentRow.sha256.in_(part))))
    return found


_BY_SHA256 = raw.Prepared(select(DocumentRow.id).where(DocumentRow.sha256 == bindparam("sha")))


def id_by_sha256(session: Session, sha256: str) -> int | None:
    """The document holding this text, if any (compiled once: asked once per imported file)."""
    found = raw.all_rows(session, _BY_SHA256, {"sha": sha256})
    return found[0][0] if found else None


_LIST = raw.Prepared(select(*_LISTED).order_by(DocumentRow.id))
_ALL = raw.Prepared(select(*_COLUMNS).order_by(DocumentRow.id))
_VISIBLE_COLUMNS = (*_COLUMNS[:-1], _VISIBLE_COUNT)
_LIST_VISIBLE = raw.Prepared(select(*_LISTED[:-1], _VISIBLE_COUNT).order_by(DocumentRow.id))
_ALL_VISIBLE = raw.Prepared(select(*_VISIBLE_COLUMNS).order_by(DocumentRow.id))


def annotation_counts(session: Session, ids: Iterable[int] | None = None) -> dict[int, int]:
    """Annotations per document (the count each document keeps), for some documents or all."""
    statement = select(DocumentRow.id, _VISIBLE_COUNT if _visible(session) else DocumentRow.annotation_count)
    if ids is not None:
        statement = statement.where(DocumentRow.id.in_(list(ids)))
    return dict(raw.all_rows(session, statement))


def listing(session: Session, me: int) -> list[Row]:
    """Every document as a plain row (domain.listing), in id order: no object per document; the
    status is coder `me`'s."""
    return raw.all_rows(session, _LIST_VISIBLE if _visible(session) else _LIST, {"me": me})  # type: ignore[return-value]


def _document(row: Sequence[Any]) -> Document:
    (id_, title, source, published, dateline, url, language, filename, sha, imported_at, status, length, count) = row
    return Document(
        id_,
        DocumentMeta(title, source, published, dateline, url, language),
        filename,
        sha,
        imported_at,
        _STATUS[status],
        length,
        count,
    )


def list_all(session: Session, me: int) -> list[Document]:
    return [_document(row) for row in raw.all_rows(session, _ALL_VISIBLE if _visible(session) else _ALL, {"me": me})]


def states(session: Session, me: int) -> dict[int, tuple[object, ...]]:
    """Every document's columns (not its text) with its annotation count as plain tuples, by id:
    cheap to compare with an earlier read (no domain objects built for 10,000 documents)."""
    return {row[0]: row for row in raw.all_rows(session, _ALL_VISIBLE if _visible(session) else _ALL, {"me": me})}


def get(session: Session, document_id: int, me: int) -> Document | None:
    columns = _VISIBLE_COLUMNS if _visible(session) else _COLUMNS
    row = session.execute(select(*columns).where(DocumentRow.id == document_id), {"me": me}).first()
    return None if row is None else _document(row)


_SHA = raw.Prepared(select(DocumentRow.sha256).where(DocumentRow.id == bindparam("d_id")))


def sha256_of(session: Session, document_id: int) -> str | None:
    """What identifies the document's text now (None: no such document): cheap, by primary key."""
    found = raw.all_rows(session, _SHA, {"d_id": document_id})
    return found[0][0] if found else None


def text_of(session: Session, document_id: int) -> str | None:
    return session.scalar(select(DocumentTextRow.text).where(DocumentTextRow.document_id == document_id))


def set_meta(session: Session, document_id: int, meta: DocumentMeta) -> None:
    session.execute(
        update(DocumentRow)
        .where(DocumentRow.id == document_id)
        .values(**{name: getattr(meta, name) for name in _META_FIELDS})
    )


def set_status(session: Session, document_id: int, coder_id: int, status: Status) -> None:
    """Coder's status of a document; new is no row. Delete then insert: portable, one transaction."""
    session.execute(delete(_S).where(_S.c.document_id == document_id, _S.c.coder_id == coder_id))
    if status is not Status.NEW:
        session.execute(insert(_S).values(document_id=document_id, coder_id=coder_id, status=status.value))


def existing_ids(session: Session, ids: Iterable[int]) -> set[int]:
    return set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(list(ids)))))


def remove(session: Session, document_id: int) -> None:
    """Delete a document; its text, annotations, their tag links and its rejected suggestions
    go with it (ON DELETE CASCADE)."""
    session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))


def statuses(session: Session, document_id: int) -> dict[int, Status]:
    """Every coder's status of a document (coder id -> status; absent: new)."""
    found = session.execute(select(_S.c.coder_id, _S.c.status).where(_S.c.document_id == document_id))
    return {coder_id: _STATUS[status] for coder_id, status in found}


def put_back(session: Session, document: Document, text: str, statuses: dict[int, Status]) -> None:
    """Re-create a deleted document under its own id with every coder's status (its annotations
    are put back after it, and the triggers count them again)."""
    session.execute(
        insert(DocumentRow).values(
            id=document.id,
            **{name: getattr(document.meta, name) for name in _META_FIELDS},
            filename=document.filename,
            sha256=document.sha256,
            length=document.length,
            imported_at=document.imported_at,
            annotation_count=0,
        )
    )
    session.execute(insert(DocumentTextRow).values(document_id=document.id, text=text))
    for coder_id, status in statuses.items():
        set_status(session, document.id, coder_id, status)


def set_phase(session: Session, ids: Iterable[int], phase: str) -> set[int]:
    """Set documents' phase (blind, revealed, adjudicated); the ids that exist. On a server only
    the lead's role may (a coder has no UPDATE on documents: refused by the server)."""
    wanted = list(ids)
    done = session.scalars(
        update(DocumentRow).where(DocumentRow.id.in_(wanted)).values(phase=phase).returning(DocumentRow.id)
    )
    return set(done)


def phases(session: Session, ids: Iterable[int] | None = None) -> dict[int, str]:
    statement = select(DocumentRow.id, DocumentRow.phase)
    if ids is not None:
        statement = statement.where(DocumentRow.id.in_(list(ids)))
    return {id_: phase for id_, phase in session.execute(statement)}


def all_statuses(session: Session) -> list[tuple[int, int, Status]]:
    """(document, coder, status) for every status row this connection may read: on a team
    server row security leaves a coder their own and shows the lead everyone's (revision 0007)."""
    found = session.execute(select(_S.c.document_id, _S.c.coder_id, _S.c.status))
    return [(document_id, coder_id, _STATUS[status]) for document_id, coder_id, status in found]
