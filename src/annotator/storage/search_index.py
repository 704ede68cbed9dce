"""The full-text index (revision 0009), the one place where SQLite and PostgreSQL search differ:
which documents may hold a query's words (FTS5 or tsvector), and the rows to search in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    LargeBinary,
    TableClause,
    TextClause,
    and_,
    bindparam,
    column,
    exists,
    select,
    table,
    text,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from annotator.storage import raw
from annotator.storage.schema import (
    AnnotationRow,
    AnnotationTagRow,
    CoderRow,
    DocumentRow,
    DocumentTextRow,
    DocumentValueRow,
    TagRow,
    VariableRow,
)

CHUNK = 200  # texts read per round trip: a page of hits is usually in the first few


def is_index_table(name: str) -> bool:
    """Whether a table is the search index's (FTS5's shadow tables on SQLite; a table on a server):
    not among the models, by design (schema comparisons leave them out)."""
    return name == "search_index" or name.startswith("search_index_")


@dataclass(frozen=True)
class Filters:
    """Which documents to search; empty means any."""

    documents: tuple[int, ...] = ()
    source: str = ""
    published_from: str = ""  # ISO dates, maybe partial
    published_to: str = ""
    tags: tuple[str, ...] = ()  # has a passage with each of these tags
    without_tags: tuple[str, ...] = ()  # has no passage with any of these
    coder: str = ""  # has a passage of this coder (login)
    # (variable name, value): has exactly that value, both as stored (the service normalises them)
    values: tuple[tuple[str, str], ...] = ()


def _has_tag(name: str) -> ColumnElement[bool]:
    return exists(
        select(1)
        .select_from(AnnotationRow)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
        .where(AnnotationRow.document_id == DocumentRow.id, TagRow.name == name)
    )


def _has_value(name: str, value: str) -> ColumnElement[bool]:
    return exists(
        select(1)
        .select_from(DocumentValueRow)
        .join(VariableRow, VariableRow.id == DocumentValueRow.variable_id)
        .where(DocumentValueRow.document_id == DocumentRow.id, VariableRow.name == name, DocumentValueRow.value == value)
    )


def _where(filters: Filters) -> ColumnElement[bool]:
    """The filters on documents, portable SQL. A blind coder's tag and coder filters see only the
    passages row security shows them (their own)."""
    found: list[ColumnElement[bool]] = []
    if filters.documents:
        found.append(DocumentRow.id.in_(filters.documents))
    if filters.source:
        found.append(DocumentRow.source == filters.source)
    if filters.published_from:
        found.append(and_(DocumentRow.published != "", DocumentRow.published >= filters.published_from))
    if filters.published_to:
        # '~' sorts after digits and '-': a partial bound (2023-05) takes in every day of it.
        found.append(and_(DocumentRow.published != "", DocumentRow.published < filters.published_to + "~"))
    found.extend(_has_tag(name) for name in filters.tags)
    found.extend(~_has_tag(name) for name in filters.without_tags)
    found.extend(_has_value(name, value) for name, value in filters.values)
    if filters.coder:
        found.append(
            exists(
                select(1)
                .select_from(AnnotationRow)
                .join(CoderRow, CoderRow.id == AnnotationRow.coder_id)
                .where(AnnotationRow.document_id == DocumentRow.id, CoderRow.login == filters.coder)
            )
        )
    return and_(true(), *found)


def _quoted(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("'", "\\'")


def _indexed(session: Session, prefixes: Sequence[str]) -> tuple[TableClause, ColumnClause[Any], TextClause]:
    """The index, its document id column and the condition "holds a word beginning with each
    prefix" (a superset of the hits): the one place where the two backends' searches differ."""
    if session.get_bind().dialect.name == "sqlite":
        match = " AND ".join('"' + p.replace('"', '""') + '" *' for p in prefixes)
        fts = table("search_index", column("rowid"))
        return fts, fts.c.rowid, text("search_index MATCH :match").bindparams(match=match)
    # The vectors hold stems of each document's language; a prefix of 'simple' (no stemming of
    # the query, no stop words dropped) is looked for among them. NULL: too long for a vector.
    query = " & ".join(f"'{_quoted(p)}':*" for p in prefixes)
    vectors = table("search_index", column("document_id"))
    condition = text("(vector IS NULL OR vector @@ to_tsquery('simple', :query))").bindparams(query=query)
    return vectors, vectors.c.document_id, condition


def candidates(session: Session, prefixes: Sequence[str], filters: Filters) -> Iterator[list[int]]:
    """Ids (ascending), a chunk at a time, of the documents that pass the filters and may hold
    every prefix. A generator: a caller that stops after a page leaves the rest unread. Driven
    from the index (a join, not IN (…), which SQLite would materialise whole before the first row)."""
    if prefixes:
        index, ids, condition = _indexed(session, prefixes)
        statement = select(ids).select_from(index).where(condition).order_by(ids)  # FTS5: rowid order, no sort
        if filters != Filters():
            statement = statement.join(DocumentRow, DocumentRow.id == ids).where(_where(filters))
    else:
        statement = select(DocumentRow.id).where(_where(filters)).order_by(DocumentRow.id)
    for chunk in raw.rows(session, statement, batch=CHUNK):
        yield [row[0] for row in chunk]


class _Utf8(FunctionElement[bytes]):
    """A text column's UTF-8 bytes: CAST … AS BLOB on SQLite (in a UTF-8 database: reads_utf8),
    convert_to on PostgreSQL (a cast to bytea would read backslashes as escapes)."""

    type = LargeBinary()
    inherit_cache = True


@compiles(_Utf8)
def _utf8_sqlite(element: _Utf8, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS BLOB)"


@compiles(_Utf8, "postgresql")
def _utf8_postgresql(element: _Utf8, compiler: Any, **kw: Any) -> str:
    return f"convert_to({compiler.process(element.clauses, **kw)}, 'UTF8')"


@lru_cache(maxsize=64)
def _texts_of(count: int, utf8: bool) -> raw.Prepared:
    """The texts of `count` documents, compiled once per count: a count of 10,000 hits read 26
    chunks, and compiling each anew was a tenth of the search's time. Chunks are CHUNK long but for
    a page's first few and the last, so a handful of counts recur."""
    ids = [bindparam(f"id{n}") for n in range(count)]
    body = _Utf8(DocumentTextRow.text) if utf8 else DocumentTextRow.text
    return raw.Prepared(
        select(DocumentTextRow.document_id, body, DocumentRow.language)
        .join(DocumentRow, DocumentRow.id == DocumentTextRow.document_id)
        .where(DocumentTextRow.document_id.in_(ids))
        .order_by(DocumentTextRow.document_id)
    )


def texts(session: Session, ids: Sequence[int], *, utf8: bool = False) -> list[tuple[int, Any, str]]:
    """(id, text, language) of these documents (a chunk of candidates), in id order; `utf8`: each
    text as its UTF-8 bytes (only where reads_utf8 says yes)."""
    if not ids:
        return []
    values = {f"id{n}": document_id for n, document_id in enumerate(ids)}
    return raw.all_rows(session, _texts_of(len(ids), utf8), values)


def reads_utf8(session: Session) -> bool:
    """Whether texts(utf8=True) gives UTF-8: always on a server (convert_to); on SQLite only in a
    UTF-8 database (the default; a file made with PRAGMA encoding = 'UTF-16' keeps UTF-16 bytes)."""
    if session.get_bind().dialect.name != "sqlite":
        return True
    return raw.all_rows(session, text("PRAGMA encoding"))[0][0] == "UTF-8"


def annotation_texts(session: Session, filters: Filters, notes: bool) -> list[tuple[int, int, int, str, str]]:
    """(annotation id, document id, start, quote or note, language) of the passages the session
    may read (a blind coder on a server: their own), in document and text order; with a coder
    filter, only that coder's."""
    body = AnnotationRow.note if notes else AnnotationRow.quote
    statement = (
        select(AnnotationRow.id, AnnotationRow.document_id, AnnotationRow.start, body, DocumentRow.language)
        .join(DocumentRow, DocumentRow.id == AnnotationRow.document_id)
        .where(_where(filters))
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    if notes:
        statement = statement.where(AnnotationRow.note != "")
    if filters.coder:  # that coder's passages, not every passage of the documents they tagged in
        coder = select(CoderRow.id).where(CoderRow.login == filters.coder).scalar_subquery()
        statement = statement.where(AnnotationRow.coder_id == coder)
    return raw.all_rows(session, statement)  # type: ignore[return-value]
