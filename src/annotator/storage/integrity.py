"""A library's invariants, checked: SQLite's integrity and foreign-key checks, and every
annotation's quote against its document's text (code-point offsets, end-exclusive) and its
fields' JSON. Read-only; for `annotator check` and for the export, which refuses broken rows."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Integer, Select, Text, cast, func, literal_column, null, select, text, union_all
from sqlalchemy.orm import Session

from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, Base, DocumentRow, DocumentTextRow, TagCountRow

TEXT_CACHE_CHARS = 8_000_000  # texts kept while scanning (annotations come in table order); memory stays flat
SHOWN = 40  # characters of a quote shown in a problem line


def database_problems(session: Session) -> list[str]:
    """SQLite's own checks (pages, indexes, foreign keys), one line each; on a server (which keeps
    its own pages) the links are checked by portable queries."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return list(_dangling_links(session))
    found = [f"integrity check: {row[0]}" for row in connection.exec_driver_sql("PRAGMA integrity_check") if row[0] != "ok"]
    for table, rowid, parent, key in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        columns = [row[3] for row in connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")') if row[0] == key]
        value = (
            connection.exec_driver_sql(f'SELECT "{columns[0]}" FROM "{table}" WHERE rowid = ?', (rowid,)).scalar()
            if columns and rowid is not None
            else "?"
        )
        found.append(
            f"{table} row {rowid}: {columns[0] if columns else 'a link'} {value} is not in {parent} "
            "(deleted outside Annotator)"
        )
    return found


def _dangling_links(session: Session) -> Iterator[str]:
    """Rows whose foreign key names a row that is not there: on a server only when its key
    checks were switched off (a superuser's replica role, a restore without constraints)."""
    for table in Base.metadata.sorted_tables:
        keys = [c.name for c in table.primary_key.columns]
        for key in table.foreign_keys:
            child, parent = key.parent, key.column
            statement = (
                select(*table.primary_key.columns, child)
                .select_from(table.outerjoin(parent.table, parent == child))
                .where(parent.is_(None), child.is_not(None))
                .order_by(*table.primary_key.columns)
            )
            for row in session.execute(statement):
                where = ", ".join(f"{name} {value}" for name, value in zip(keys, row[:-1], strict=True))
                yield (
                    f"{table.name} row ({where}): {child.name} {row[-1]} is not in {parent.table.name} "
                    "(deleted outside Annotator)"
                )


def document_problems(session: Session) -> Iterator[str]:
    """Documents whose text is not the one imported: its length or fingerprint (SHA-256) differs."""
    statement = select(DocumentRow.id, DocumentRow.length, DocumentRow.sha256, DocumentTextRow.text).outerjoin(
        DocumentTextRow, DocumentTextRow.document_id == DocumentRow.id
    )
    for batch in raw.rows(session, statement, batch=100):
        for document_id, length, sha, body in batch:
            if body is None:
                yield f"document {document_id}: its text is missing (deleted outside Annotator)"
            elif len(body) != length or hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest() != sha:
                yield f"document {document_id}: its text is not the one imported (changed outside Annotator)"


def count_problems(session: Session) -> Iterator[str]:
    """Documents whose kept annotation count (what the library pane shows, kept by triggers) is not
    the number of their annotations. Not for a blind coder on a server: the kept count is not
    theirs to read (see storage.documents), and what they can count is only their own."""
    if session.info.get("visible_counts"):
        return
    real = select(func.count()).where(AnnotationRow.document_id == DocumentRow.id).correlate(DocumentRow).scalar_subquery()
    statement = select(DocumentRow.id, DocumentRow.annotation_count, real).where(DocumentRow.annotation_count != real)
    for document_id, kept, found in session.execute(statement.order_by(DocumentRow.id)):
        yield f"document {document_id}: {kept} annotations are counted but it has {found} (changed outside Annotator)"


def tag_count_problems(session: Session) -> Iterator[str]:
    """(document, tag, coder, layer) whose kept count of tagged passages (tag_counts, what the
    crosstab reads, kept by triggers) is not the number of their links. Not for a blind coder on
    a server (everyone's counts are not theirs to read)."""
    if session.info.get("visible_counts"):
        return
    key = (AnnotationRow.document_id, AnnotationTagRow.tag_id, AnnotationRow.coder_id, AnnotationRow.layer)
    real_rows = raw.all_rows(
        session,
        select(*key, func.count()).join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id).group_by(*key),
    )
    real = {(d, t, c, y): n for d, t, c, y, n in real_rows}
    kept_rows = raw.all_rows(
        session,
        select(TagCountRow.document_id, TagCountRow.tag_id, TagCountRow.coder_id, TagCountRow.layer, TagCountRow.n),
    )
    kept = {(d, t, c, y): n for d, t, c, y, n in kept_rows}
    for d, t, c, y in sorted(real.keys() | kept.keys()):
        if real.get((d, t, c, y), 0) != kept.get((d, t, c, y), 0):
            yield (
                f"document {d}: {kept.get((d, t, c, y), 0)} passages of coder {c} ({y} layer) are counted "
                f"with tag {t} but {real.get((d, t, c, y), 0)} have it (changed outside Annotator)"
            )


def counts(session: Session) -> tuple[int, int]:
    """Documents and annotations in the library."""
    documents = session.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
    annotations = session.execute(select(func.count()).select_from(AnnotationRow)).scalar_one()
    return documents, annotations


def annotation_problems(
    session: Session, document_ids: Sequence[int] = (), tag_ids: Sequence[int] = (), *, with_fields_only: bool = False
) -> Iterator[tuple[int, str]]:
    """(annotation id, what is wrong) for every annotation (of these documents / tags) whose
    offsets do not fit its text, whose quote is not text[start:end], or whose fields are not a
    JSON object (only those with field values: `with_fields_only`). One pass, each text read
    once while it is in use: in table order on SQLite; on a server in document order, each text
    in the same streamed read just ahead of its annotations (_texts_ahead)."""
    statement = select(
        AnnotationRow.id,
        AnnotationRow.document_id,
        AnnotationRow.start,
        AnnotationRow.end,
        AnnotationRow.quote,
        AnnotationRow.fields,
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    if with_fields_only:
        statement = statement.where(AnnotationRow.fields != "")
    if tag_ids:
        tagged = select(AnnotationTagRow.annotation_id).where(AnnotationTagRow.tag_id.in_(list(tag_ids)))
        statement = statement.where(AnnotationRow.id.in_(tagged))
    texts: _Texts | None = None
    if session.connection().dialect.name == "postgresql":
        rows: Iterator[tuple[Any, ...]] = raw.streamed(session, _texts_ahead(statement))
    else:
        rows, texts = itertools.chain.from_iterable(raw.rows(session, statement)), _Texts(session)
    current, document = None, None
    for annotation_id, document_id, start, end, quote, fields in rows:  # the hot loop: a million rows
        if annotation_id is None:  # a document's text, ahead of its annotations (_texts_ahead)
            current, document = document_id, quote
            continue
        if document_id != current:  # (on a server: a document without a text row)
            current, document = document_id, texts.get(document_id) if texts is not None else None
        if document is None or document[start:end] != quote or not 0 <= start <= end <= len(document):
            yield annotation_id, _quote_problem(annotation_id, document_id, document, start, end, quote)
        if fields and not _fields_ok(fields):
            yield (
                annotation_id,
                (f"annotation {annotation_id} (document {document_id}): its fields are not a JSON object of texts"),
            )


def _texts_ahead(annotations: Select[Any]) -> Select[Any]:
    """The annotations' rows (id, document, start, end, quote, fields) by document, each
    document's text just ahead of its annotations in a row of its own: id and offsets NULL, the
    text in the quote's column. One read streamed from the server keeps one text in memory at a
    time (before: the annotations in one result held whole by the client, +260 MB for a million,
    and each text in a query of its own). The order costs no sort: the annotations' document index
    read backwards, merged with the texts; NULLS FIRST puts each text ahead (an annotation's start
    is never NULL; a broken negative start must not come before its text). Only the texts of
    documents with a row here."""
    chosen = annotations.with_only_columns(AnnotationRow.document_id).where(
        AnnotationRow.document_id == DocumentTextRow.document_id
    )
    # Each column typed as the annotations' own: a union whose types differ is not merged in order
    # (the server sorts all of its rows instead).
    texts = select(
        cast(null(), Integer).label("id"),
        DocumentTextRow.document_id,
        cast(null(), Integer).label("start"),
        cast(null(), Integer).label("end"),
        DocumentTextRow.text,
        cast(literal_column("''"), Text).label("fields"),
    ).where(chosen.exists())
    both = union_all(texts, annotations).subquery()
    return select(*both.c).order_by(both.c.document_id.desc(), both.c.start.desc().nulls_first())


def _quote_problem(annotation_id: int, document_id: int, document: str | None, start: int, end: int, quote: str) -> str:
    where = f"annotation {annotation_id} (document {document_id}):"
    if document is None:
        return f"{where} the document does not exist"
    if start < 0 or end < start:
        return f"{where} the offsets {start}..{end} are not a span (start after end, or negative)"
    if end > len(document):
        return f"{where} the offsets {start}..{end} are past the end of the text (length {len(document)})"
    return f"{where} text[{start}:{end}] is {_short(document[start:end])} but the quote is {_short(quote)}"


def _short(value: str) -> str:
    return repr(value if len(value) <= SHOWN else value[: SHOWN - 1] + "…")


def _fields_ok(value: str) -> bool:
    try:
        loaded = json.loads(value)
    except ValueError:
        return False
    return isinstance(loaded, dict) and all(isinstance(v, str) for v in loaded.values())


class _Texts:
    """Document texts by id, the most recently used kept up to a total size."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._kept: OrderedDict[int, str | None] = OrderedDict()
        self._chars = 0
        self._query = text("SELECT text FROM document_texts WHERE document_id = :id")

    def get(self, document_id: int) -> str | None:
        if document_id in self._kept:
            self._kept.move_to_end(document_id)
            return self._kept[document_id]
        found = self._session.execute(self._query, {"id": document_id}).scalar()
        self._kept[document_id] = found
        self._chars += len(found or "")
        while self._chars > TEXT_CACHE_CHARS and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._chars -= len(dropped or "")
        return found
