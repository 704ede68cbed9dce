"""The agreement read: every passage–tag pair of the coders' layers with its coder and field values,
and document lengths."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Integer, and_, literal_column, select, text, true
from sqlalchemy.orm import Session

from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, CoderRow, DocumentRow, TagRow


def _coder_layer(extra: Sequence[Any], document_ids: Sequence[int], coders: Sequence[str]) -> Any:
    """(document id, coder's login, tag name, start, end, *extra) of every passage–tag pair of the
    coders' layers (a gold layer is not a coder), in document and text order; `coders` by login."""
    statement = (
        select(AnnotationRow.document_id, CoderRow.login, TagRow.name, AnnotationRow.start, AnnotationRow.end, *extra)
        .join(CoderRow, CoderRow.id == AnnotationRow.coder_id)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
        .where(AnnotationRow.layer == "coder")
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    if coders:
        statement = statement.where(CoderRow.login.in_(list(coders)))
    return statement


def unit_rows(
    session: Session,
    document_ids: Sequence[int],
    coder_ids: Sequence[int],
    first: int | None = None,
    last: int | None = None,
) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Batches of (document id, coder id, tag id, start, end, fields JSON) of every passage–tag pair
    of the coders' layers, document by document: the agreement's read of a whole library (or of
    the documents first..last). Ids, not names: no join besides the passage's tags."""
    server = session.connection().dialect.name != "sqlite"
    statement = _units(document_ids, coder_ids, server, first, last)
    if server:
        for name, value in SERVER_SETTINGS.items():  # this transaction only (is_local)
            session.execute(text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value})
    yield from raw.rows(session, statement, streamed=True, binary=True)


# The read's settings on a server, for its transaction only (here and in a worker: storage.part_rows).
# jit: a cursor's plan for a million rows costs enough for PostgreSQL to compile it with LLVM,
# inlined and optimised: 0.25-0.4 s of the server's CPU per part before the first row, for a plan
# whose time goes to index lookups that compiled expressions do not speed up (decision 050).
SERVER_SETTINGS = {"jit": "off"}

# A link's copy of its passage's document (revision 0014, server only: no model maps it).
_LINK_DOCUMENT = literal_column("annotation_tags.document_id", Integer)


def unit_rows_sql(
    session: Session, document_ids: Sequence[int], coder_ids: Sequence[int], first: int, last: int
) -> tuple[str, Any]:
    """`unit_rows` of the documents first..last only, compiled for this library's DB-API: the
    read of one part, for a worker process (storage.part_rows) to run."""
    server = session.connection().dialect.name != "sqlite"
    return raw.compiled_sql(session, _units(document_ids, coder_ids, server, first, last))


def _units(document_ids: Sequence[int], coder_ids: Sequence[int], server: bool, first: int | None, last: int | None) -> Any:
    columns = (
        AnnotationRow.document_id,
        AnnotationRow.coder_id,
        AnnotationTagRow.tag_id,
        AnnotationRow.start,
        AnnotationRow.end,
        AnnotationRow.fields,
    )
    linked = AnnotationTagRow.annotation_id == AnnotationRow.id
    documents = [AnnotationRow.document_id]
    if server:
        # Both tables in (document, annotation id) order (revision 0017's indexes, the links' side
        # over their copies of the document): PostgreSQL walks them in step, a merge join, instead
        # of probing pk_annotation_tags once per passage (~1 s of its CPU per million rows). The
        # ranges are said on both sides: the planner carries equalities across a join, not ranges.
        linked = and_(linked, AnnotationRow.document_id == _LINK_DOCUMENT)
        documents.append(_LINK_DOCUMENT)
        order = (AnnotationRow.document_id, AnnotationRow.id)
    else:
        # The (document, start, end) index's order, and no more: SQLite walks it, no sort of its own.
        order = (AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.end)
    # Within a document the order is free: the sums sort each coder's spans and order equal spans
    # by their field values; passages alike in span, coder and values are interchangeable (030, 056).
    statement = select(*columns).join(AnnotationTagRow, linked).where(AnnotationRow.layer == "coder").order_by(*order)
    if document_ids:  # once: the join's equality carries it, and each id is a parameter (65,535 at most)
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    for document in documents:
        if first is not None and last is not None:
            statement = statement.where(document.between(first, last))
    if coder_ids:
        statement = statement.where(AnnotationRow.coder_id.in_(list(coder_ids)))
    return statement


def names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    """Every coder's id -> login, and every tag's id -> name (two small tables)."""
    coders = {id_: login for id_, login in session.execute(select(CoderRow.id, CoderRow.login))}
    return coders, {id_: name for id_, name in session.execute(select(TagRow.id, TagRow.name))}


def lengths(session: Session, document_ids: Sequence[int]) -> dict[int, int]:
    """Document id -> its text's length in code points."""
    statement = select(DocumentRow.id, DocumentRow.length)
    if document_ids:
        statement = statement.where(DocumentRow.id.in_(list(document_ids)))
    return {doc: length for doc, length in session.execute(statement)}


def passages(session: Session, document_ids: Sequence[int], coders: Sequence[str]) -> list[tuple[Any, ...]]:
    """(document id, coder's login, tag name, start, end, annotation id, uuid, quote): the
    disagreements' read (every tag: who coded a document is whoever marked anything in it)."""
    extra = (AnnotationRow.id, AnnotationRow.uuid, AnnotationRow.quote)
    return [tuple(row) for row in session.execute(_coder_layer(extra, document_ids, coders))]


def coders_in(session: Session, document_ids: Sequence[int], coders: Sequence[str]) -> list[str]:
    """The logins with a passage of the coders' layers in scope (all documents if none are named)."""
    found = select(AnnotationRow.id).where(AnnotationRow.coder_id == CoderRow.id, AnnotationRow.layer == "coder")
    if document_ids:
        found = found.where(AnnotationRow.document_id.in_(list(document_ids)))
    statement = select(CoderRow.login).where(found.exists()).order_by(CoderRow.login)
    if coders:
        statement = statement.where(CoderRow.login.in_(list(coders)))
    return list(session.scalars(statement))


def tags_in(session: Session, document_ids: Sequence[int], coders: Sequence[str]) -> list[str]:
    """The names of the tags on passages of the coders' layers in scope, sorted."""
    if coders:
        chosen = AnnotationRow.coder_id.in_(select(CoderRow.id).where(CoderRow.login.in_(list(coders))))
    else:
        chosen = true()
    if document_ids:  # the documents' passages lead: their index narrows it to a few rows
        found = (
            select(AnnotationTagRow.annotation_id)
            .join(AnnotationRow, AnnotationRow.id == AnnotationTagRow.annotation_id)
            .where(AnnotationTagRow.tag_id == TagRow.id, AnnotationRow.layer == "coder", chosen)
            .where(AnnotationRow.document_id.in_(list(document_ids)))
        )
        return sorted(session.scalars(select(TagRow.name).where(found.exists())))
    # The whole library: each tag walks its own index entries and stops at its first passage in
    # scope, each looked up by its id (a scalar subquery, which PostgreSQL never turns into a
    # join). As one EXISTS with a join, PostgreSQL hashed every passage–tag pair of the library
    # (2M rows: as long as a part of the agreement's own read, and before the parts start), or
    # merged with the passages from the first id on; decision 050.
    in_scope = select(AnnotationRow.id).where(
        AnnotationRow.id == AnnotationTagRow.annotation_id, AnnotationRow.layer == "coder", chosen
    )
    first = (
        select(AnnotationTagRow.annotation_id)
        .where(AnnotationTagRow.tag_id == TagRow.id, in_scope.scalar_subquery().is_not(None))
        .order_by(AnnotationTagRow.annotation_id)  # the (tag, annotation) index's own order
        .limit(1)
    )
    return sorted(session.scalars(select(TagRow.name).where(first.scalar_subquery().is_not(None))))
