"""Search across the library (issue 14): keyword-in-context hits in the documents' texts, or in
the passages and notes, with counts per document. Reads only; one short transaction per call."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum

from annotator.domain.search.matching import Hit, hits, index_terms, utf8_hits
from annotator.domain.search.query import QueryError, parse
from annotator.exporters.csv_export import ENCODING, for_spreadsheet
from annotator.services import output
from annotator.services.errors import UserError
from annotator.services.variables import stored_pairs
from annotator.storage import search_index
from annotator.storage.engine import Library
from annotator.storage.search_index import Filters

__all__ = ["Filters", "Hit", "Scope", "SearchResult", "SearchService"]


class Scope(Enum):
    DOCUMENTS = "documents"  # the texts
    PASSAGES = "passages"  # the tagged passages' quotes (offsets: into the document's text)
    NOTES = "notes"  # the passages' notes (offsets: into the note)


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]  # in document and text order; the first `limit` when limited
    counts: dict[int, int] = field(default_factory=dict)  # hits per document (complete unless limited)
    complete: bool = True  # False: stopped at the limit, counts cover only the hits returned

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class SearchService:
    def __init__(self, library: Library) -> None:
        self._library = library

    @staticmethod
    def _growing(chunks: Iterator[list[int]], limit: int | None) -> Iterator[list[int]]:
        """For a page, texts are read a few at a time at first (a page is usually full after a
        document or two; a long article among the first 200 would cost its megabytes otherwise)."""
        size = 4 if limit is not None else 10_000
        for chunk in chunks:
            while chunk:
                yield chunk[:size]
                chunk = chunk[size:]
                size = min(size * 4, 10_000)

    def search(
        self,
        query: str,
        filters: Filters = Filters(),
        *,
        scope: Scope = Scope.DOCUMENTS,
        limit: int | None = None,
        width: int = 40,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> SearchResult:
        """The hits of `query` (see domain.search.query) in the filtered documents; with `limit`,
        only the first ones (a page: the rest is not read). UserError for a query it cannot read."""
        try:
            parsed = parse(query)
        except QueryError as exc:
            raise UserError(f"Search: {exc}") from None
        found: list[Hit] = []
        counts: dict[int, int] = {}

        def full() -> bool:
            return limit is not None and len(found) >= limit

        with self._library.reading() as session:
            if filters.values:  # compared as stored: `--var edition=2,024.0` finds a stored 2024
                filters = replace(filters, values=stored_pairs(session, filters.values))
            if scope is Scope.DOCUMENTS:
                prefixes = [p for group in index_terms(parsed) for p in group]
                # Every hit wanted: the texts as bytes, decoded only where a word may be (utf8_hits).
                utf8 = limit is None and search_index.reads_utf8(session)
                for ids in self._growing(search_index.candidates(session, prefixes, filters), limit):
                    for document_id, body, language in search_index.texts(session, ids, utf8=utf8):
                        these = utf8_hits(parsed, document_id, body, language, width=width) if utf8 else None
                        if these is None:
                            text = body.decode() if utf8 else body
                            left = None if limit is None else limit - len(found)
                            these = hits(parsed, document_id, text, language, width=width, limit=left)
                        if these:
                            found.extend(these)
                            counts[document_id] = len(these)
                        if full() or cancelled():
                            break
                    if full() or cancelled():
                        break
            else:
                notes = scope is Scope.NOTES
                for annotation_id, document_id, start, body, language in search_index.annotation_texts(
                    session, filters, notes
                ):
                    base = 0 if notes else start
                    these = hits(
                        parsed,
                        document_id,
                        body,
                        language,
                        width=width,
                        base=base,
                        annotation_id=annotation_id,
                        in_note=notes,
                    )
                    if these:
                        found.extend(these)
                        counts[document_id] = counts.get(document_id, 0) + len(these)
                    if full() or cancelled():
                        break
        complete = not full() and not cancelled()
        return SearchResult(found[:limit] if limit is not None else found, counts, complete)


def write_csv(result: SearchResult, *, counts: bool = False, excel: bool = False) -> None:
    """The hits (or the counts per document) as CSV on standard output; exact unless `excel`."""
    with output.text(output.STDOUT, None, encoding=ENCODING[excel]) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        cell = for_spreadsheet if excel else list
        if counts:
            writer.writerow(["document_id", "hits"])
            for document_id, n in sorted(result.counts.items()):
                writer.writerow(cell([document_id, n]))
            return
        writer.writerow(["document_id", "start", "end", "left", "match", "right", "annotation_id"])
        for h in result.hits:
            annotation = "" if h.annotation_id is None else h.annotation_id
            writer.writerow(cell([h.document_id, h.start, h.end, h.left, h.match, h.right, annotation]))
