"""A first look at a SQLite library with the standard library only, so the app can paint the last
document before SQLAlchemy (about 0.3 s to import) has loaded. Read-only; anything unusual (not
SQLite, another schema revision, a missing document) returns None and the normal path opens it.
The SQL mirrors the repositories' queries for the reader: ids, spans and tags, and the codebook.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from annotator.domain.fields import stored_specs
from annotator.domain.models import Document, DocumentMeta, MarkedSpan, Status, Tag
from annotator.storage.paths import companion, read_only_uri, sqlite_file, to_url
from annotator.storage.revisions import HEAD

# The status is the coder's own (revision 0005): the coder named by display name, else by login,
# as services.coders finds them; nobody yet: new.
_DOCUMENT = (
    "SELECT id, title, source, published, dateline, url, language, filename, sha256, imported_at, "
    "coalesce((SELECT s.status FROM document_status s JOIN coders c ON c.id = s.coder_id "
    "WHERE s.document_id = documents.id AND c.id = (SELECT id FROM coders WHERE display_name = :me "
    "UNION ALL SELECT id FROM coders WHERE login = :me LIMIT 1)), 'new'), "
    "length, (SELECT text FROM document_texts WHERE document_id = documents.id) FROM documents"
)
_SPANS = "SELECT id, start_offset, end_offset FROM annotations WHERE document_id = ? ORDER BY start_offset, end_offset, id"
_TAGS = (
    "SELECT at.annotation_id, at.tag_id FROM annotation_tags at JOIN annotations a "
    "ON a.id = at.annotation_id WHERE a.document_id = ? ORDER BY at.annotation_id, at.tag_id"
)
_CODEBOOK = "SELECT id, name, color, shortcut, description, position, fields, detector FROM tags ORDER BY position, id"


@dataclass(frozen=True, slots=True)
class Peek:
    document: Document
    text: str
    spans: list[MarkedSpan]
    tags: list[Tag]


def peek(location: str, document_id: int | None, coder: str = "") -> Peek | None:
    """The given document (or the library's first by date) of a SQLite library, or None; its
    status is `coder`'s."""
    path = sqlite_file(to_url(location))
    if path is None or not path.is_file() or companion(path) is not None:  # a -wal/-shm is no library (061)
        return None
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        return _read(connection, document_id, coder)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, document_id: int | None, coder: str) -> Peek | None:
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision is None or revision[0] != HEAD:
        return None
    if document_id is not None:
        row = connection.execute(_DOCUMENT + " WHERE id = :id", {"me": coder, "id": document_id}).fetchone()
    else:
        row = connection.execute(_DOCUMENT + " ORDER BY published, id LIMIT 1", {"me": coder}).fetchone()
    if row is None or row[-1] is None:
        return None
    (id_, title, source, published, dateline, url, language, filename, sha, imported_at, status, length, text) = row
    tags_of: dict[int, list[int]] = defaultdict(list)
    for annotation_id, tag_id in connection.execute(_TAGS, (id_,)):
        tags_of[annotation_id].append(tag_id)
    spans = [(i, s, e, tuple(tags_of.get(i, ()))) for i, s, e in connection.execute(_SPANS, (id_,))]
    document = Document(
        id_,
        DocumentMeta(title, source, published, dateline, url, language),
        filename,
        sha,
        imported_at,
        Status(status),
        length,
        len(spans),
    )
    tags = [Tag(*tag[:6], stored_specs(tag[6]), tag[7]) for tag in connection.execute(_CODEBOOK)]
    return Peek(document, text, spans, tags)
