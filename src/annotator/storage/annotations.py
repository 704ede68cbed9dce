"""Annotation repository: passages with their tags, read per document, written one action at a time.

Statements are built once with bind parameters (they sit on the tagging path and on the open of
long documents) and run at the Core level; rows become frozen domain Annotations here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.coders import Coder
from annotator.domain.models import Annotation, MarkedSpan
from annotator.storage import coders, raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, CoderRow, DocumentRow

_A = AnnotationRow.__table__
_AT = AnnotationTagRow.__table__
_C = CoderRow.__table__
_WITH_CODER = _A.join(_C, _C.c.id == _A.c.coder_id)
_COLUMNS = (
    _A.c.id,
    _A.c.document_id,
    _A.c.start_offset,
    _A.c.end_offset,
    _A.c.quote,
    _A.c.prefix,
    _A.c.suffix,
    _A.c.note,
    _C.c.login,
    _A.c.created_at,
    _A.c.updated_at,
    _A.c.fields,
    _A.c.uuid,
    _A.c.layer,
)
_IN_TEXT_ORDER = (_A.c.start_offset, _A.c.end_offset, _A.c.id)

# The coder is named by login; the row holds the id (unknown login: NULL, refused as a broken constraint).
_INSERT = (
    insert(_A)
    .values(coder_id=select(_C.c.id).where(_C.c.login == bindparam("coder_login")).scalar_subquery())
    .returning(_A.c.id)
)
_LINK = insert(_AT)
_UNLINK = delete(_AT).where(_AT.c.annotation_id == bindparam("a_id"), _AT.c.tag_id.in_(bindparam("t_ids", expanding=True)))
_REMOVE = delete(_A).where(_A.c.id == bindparam("a_id"))
_GET = raw.Prepared(select(*_COLUMNS).select_from(_WITH_CODER).where(_A.c.id == bindparam("a_id")))
_TAGS_OF = raw.Prepared(select(_AT.c.tag_id).where(_AT.c.annotation_id == bindparam("a_id")).order_by(_AT.c.tag_id))
_AT_SPAN = raw.Prepared(
    select(_A.c.id)
    .select_from(_WITH_CODER)
    .where(
        _A.c.document_id == bindparam("d_id"),
        _A.c.start_offset == bindparam("start"),
        _A.c.end_offset == bindparam("end"),
        _C.c.login == bindparam("coder"),
        _A.c.layer == bindparam("layer"),
    )
    .order_by(_A.c.id)
    .limit(1)
)
# The tag key's looks in one statement (one round trip on a server): the text's hash now, _AT_SPAN's
# passage and the writing coder's row (None: no coder of that login). No document: no row.
_TAG_KEY_LOOK = raw.Prepared(
    select(DocumentRow.sha256, _AT_SPAN.statement.scalar_subquery(), *coders.COLUMNS)  # type: ignore[attr-defined]
    .select_from(DocumentRow.__table__.outerjoin(_C, _C.c.login == bindparam("coder")))
    .where(DocumentRow.id == bindparam("d_id"))
)
_OF_DOCUMENT = _A.c.document_id == bindparam("d_id")
_DOC_TAGS = raw.Prepared(
    select(_AT.c.annotation_id, _AT.c.tag_id)
    .join(_A, _A.c.id == _AT.c.annotation_id)
    .where(_OF_DOCUMENT)
    .order_by(_AT.c.annotation_id, _AT.c.tag_id)
)
_DOC_SPANS = raw.Prepared(
    select(_A.c.id, _A.c.start_offset, _A.c.end_offset, _AT.c.tag_id)
    .join(_AT, _AT.c.annotation_id == _A.c.id)
    .where(_OF_DOCUMENT)
    .order_by(*_IN_TEXT_ORDER, _AT.c.tag_id)
)
_CODERS_SPANS = raw.Prepared(
    select(_A.c.id, _A.c.start_offset, _A.c.end_offset, _AT.c.tag_id)
    .join(_AT, _AT.c.annotation_id == _A.c.id)
    .where(_OF_DOCUMENT, _A.c.coder_id == bindparam("c_id"))
    .order_by(*_IN_TEXT_ORDER, _AT.c.tag_id)
)
_DOC_FULL = raw.Prepared(select(*_COLUMNS).select_from(_WITH_CODER).where(_OF_DOCUMENT).order_by(*_IN_TEXT_ORDER))
_DOC_CODERS = raw.Prepared(select(_A.c.id, _C.c.login, _A.c.layer).select_from(_WITH_CODER).where(_OF_DOCUMENT))


def encode_fields(fields: tuple[tuple[str, str], ...]) -> str:
    return json.dumps(dict(fields), ensure_ascii=False, sort_keys=True) if fields else ""


def decode_fields(value: str) -> tuple[tuple[str, str], ...]:
    if not value:
        return ()
    try:
        loaded = json.loads(value)
    except ValueError:
        return ()
    return tuple((str(k), str(v)) for k, v in loaded.items() if v) if isinstance(loaded, dict) else ()


def _annotation(row: tuple, tag_ids: tuple[int, ...]) -> Annotation:
    *head, fields, uuid, layer = row
    return Annotation(*head, tag_ids, decode_fields(fields), uuid, layer)


def insert_one(session: Session, annotation: Annotation, *, keep_id: bool = False) -> int:
    """Insert an annotation and its tag links; keep_id re-creates a deleted one (undo)."""
    values = {
        "document_id": annotation.document_id,
        "start_offset": annotation.start,
        "end_offset": annotation.end,
        "quote": annotation.quote,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "note": annotation.note,
        "coder_login": annotation.coder,
        "uuid": annotation.uuid,
        "layer": annotation.layer,
        "created_at": annotation.created_at,
        "updated_at": annotation.updated_at,
        "fields": encode_fields(annotation.fields),
    }
    if keep_id:
        values["id"] = annotation.id
    new_id: int = session.connection().execute(_INSERT, values).scalar_one()
    link(session, new_id, annotation.tag_ids)
    return new_id


def link(session: Session, annotation_id: int, tag_ids: Iterable[int]) -> None:
    rows = [{"annotation_id": annotation_id, "tag_id": tag_id} for tag_id in tag_ids]
    if rows:
        session.connection().execute(_LINK, rows)


def unlink(session: Session, annotation_id: int, tag_ids: Iterable[int]) -> None:
    session.connection().execute(_UNLINK, {"a_id": annotation_id, "t_ids": list(tag_ids)})


def remove(session: Session, annotation_id: int) -> None:
    session.connection().execute(_REMOVE, {"a_id": annotation_id})


def touch(session: Session, annotation_id: int, updated_at: str, **values: str) -> None:
    session.connection().execute(update(_A).where(_A.c.id == annotation_id).values(updated_at=updated_at, **values))


def get(session: Session, annotation_id: int) -> Annotation | None:
    found = raw.all_rows(session, _GET, {"a_id": annotation_id})
    if not found:
        return None
    tag_ids = tuple(row[0] for row in raw.all_rows(session, _TAGS_OF, {"a_id": annotation_id}))
    return _annotation(found[0], tag_ids)


def at_span(session: Session, document_id: int, start: int, end: int, coder: str, layer: str = "coder") -> Annotation | None:
    """The oldest annotation of this coder's layer covering exactly this span, if any: the
    same-span rule holds within one layer (another coder's passage there is theirs)."""
    found = raw.all_rows(
        session, _AT_SPAN, {"d_id": document_id, "start": start, "end": end, "coder": coder, "layer": layer}
    )
    return get(session, found[0][0]) if found else None


def tag_key_look(
    session: Session, document_id: int, start: int, end: int, coder: str
) -> tuple[Coder | None, str | None, Annotation | None]:
    """The coder of this login (None: none), the document's text hash as stored now (None: no
    such document) and at_span's passage of the coder's layer, read together: the tag key's
    checks in one round trip. No document: (None, None, None)."""
    found = raw.all_rows(
        session, _TAG_KEY_LOOK, {"d_id": document_id, "start": start, "end": end, "coder": coder, "layer": "coder"}
    )
    if not found:
        return None, None, None
    sha, existing, *writer = found[0]
    who = coders.coder_of(tuple(writer)) if writer[0] is not None else None
    return who, sha, (get(session, existing) if existing is not None else None)


def _tags_of_document(session: Session, document_id: int) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = defaultdict(list)
    for annotation_id, tag_id in raw.all_rows(session, _DOC_TAGS, {"d_id": document_id}):
        found[annotation_id].append(tag_id)
    return {annotation_id: tuple(tags) for annotation_id, tags in found.items()}


_NEAR_SPANS = raw.Prepared(
    select(_A.c.id, _A.c.start_offset, _A.c.end_offset, _AT.c.tag_id)
    .join(_AT, _AT.c.annotation_id == _A.c.id)
    .where(_OF_DOCUMENT, _A.c.start_offset < bindparam("end"), _A.c.end_offset > bindparam("start"))
    .order_by(*_IN_TEXT_ORDER, _AT.c.tag_id)
)


def spans_for_document(session: Session, document_id: int, coder_id: int | None = None) -> list[MarkedSpan]:
    """(id, start, end, tag ids) of a document's annotations in text order: all the reader needs
    to paint, in one pass over covering indexes, without touching the passages themselves.
    `coder_id`: that coder's passages only (in any layer they write: theirs, or gold)."""
    if coder_id is None:
        return _grouped(raw.rows(session, _DOC_SPANS, {"d_id": document_id}))
    return _grouped(raw.rows(session, _CODERS_SPANS, {"d_id": document_id, "c_id": coder_id}))


def spans_overlapping(session: Session, document_id: int, start: int, end: int) -> list[MarkedSpan]:
    """The spans that share a position with [start, end), in text order: the first screen of a
    long article (a range over ix_annotations_document_span, which also holds the ends)."""
    return _grouped(raw.rows(session, _NEAR_SPANS, {"d_id": document_id, "start": start, "end": end}))


def _grouped(chunks: Iterable[list[tuple[int, int, int, int]]]) -> list[MarkedSpan]:
    spans: list[MarkedSpan] = []
    current, start, end, tags = None, 0, 0, []
    for chunk in chunks:
        for annotation_id, s, e, tag_id in chunk:  # one row per annotation and tag, grouped
            if annotation_id == current:
                tags.append(tag_id)
                continue
            if current is not None:
                spans.append((current, start, end, tuple(tags)))
            current, start, end, tags = annotation_id, s, e, [tag_id]
    if current is not None:
        spans.append((current, start, end, tuple(tags)))
    return spans


def for_document(session: Session, document_id: int) -> list[Annotation]:
    """All annotations of one document, in text order."""
    get_tags = _tags_of_document(session, document_id).get
    return [_annotation(row, get_tags(row[0], ())) for row in raw.all_rows(session, _DOC_FULL, {"d_id": document_id})]


def coders_of_document(session: Session, document_id: int) -> tuple[dict[int, str], set[int]]:
    """Annotation id -> its coder's login, for one document, and the ids of its gold passages
    (whose coder is the curator): the reader tells the coders and the layers apart."""
    found: dict[int, str] = {}
    gold: set[int] = set()
    for chunk in raw.rows(session, _DOC_CODERS, {"d_id": document_id}):
        for annotation_id, login, layer in chunk:
            found[annotation_id] = login
            if layer == "gold":
                gold.add(annotation_id)
    return found, gold


def many(session: Session, ids: Iterable[int]) -> list[Annotation]:
    """The annotations with these ids (those that exist), in text order: a page of a list."""
    wanted = list(ids)
    if not wanted:
        return []
    connection = session.connection()
    tags: dict[int, list[int]] = defaultdict(list)
    for annotation_id, tag_id in connection.execute(
        select(_AT.c.annotation_id, _AT.c.tag_id).where(_AT.c.annotation_id.in_(wanted)).order_by(_AT.c.tag_id)
    ):
        tags[annotation_id].append(tag_id)
    rows = connection.execute(
        select(*_COLUMNS).select_from(_WITH_CODER).where(_A.c.id.in_(wanted)).order_by(*_IN_TEXT_ORDER)
    )
    return [_annotation(tuple(row), tuple(tags.get(row[0], ()))) for row in rows]


_NOTES = raw.Prepared(select(_A.c.id, _A.c.note).where(_OF_DOCUMENT, _A.c.note != ""))
_PASSAGES = raw.Prepared(select(_A.c.id, _A.c.quote, _A.c.note).where(_OF_DOCUMENT))


def notes_for_document(session: Session, document_id: int) -> dict[int, str]:
    """Annotation id -> note, for the annotations of one document that have one."""
    found: dict[int, str] = {}
    for chunk in raw.rows(session, _NOTES, {"d_id": document_id}):
        found.update(chunk)
    return found


def matching(session: Session, document_id: int, needle: str) -> set[int]:
    """Ids of the document's annotations whose passage or note contains `needle`, compared
    casefolded (in Python: SQL's lower() folds ASCII only)."""
    needle = needle.casefold()
    return {
        annotation_id
        for chunk in raw.rows(session, _PASSAGES, {"d_id": document_id})
        for annotation_id, quote, note in chunk
        if needle in quote.casefold() or needle in note.casefold()
    }


_VERSIONS = raw.Prepared(select(_A.c.id, _A.c.updated_at).where(_OF_DOCUMENT))


def versions_for_document(session: Session, document_id: int) -> dict[int, str]:
    """Annotation id -> updated_at for one document: what changed is what differs from an
    earlier read (every write path sets updated_at; undo puts back the old value, which differs too)."""
    found: dict[int, str] = {}
    for chunk in raw.rows(session, _VERSIONS, {"d_id": document_id}):
        found.update(chunk)
    return found
