"""Tables of the library (issue 14): tags by source, year, month, language, coder or a document
variable, counting passages or documents; the co-occurrence of tags; the passages of one cell."""

from __future__ import annotations

import csv
import gc
import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from annotator.domain import compare
from annotator.domain import tables as rules
from annotator.domain.compare import FigureTable
from annotator.domain.export_rows import layer_filter
from annotator.domain.models import Tag
from annotator.domain.tables import CountTable
from annotator.services import output
from annotator.services.errors import UserError
from annotator.storage import coders as coders_repo
from annotator.storage import compare_query
from annotator.storage import suggestions as suggestions_repo
from annotator.storage import tables_query as query
from annotator.storage import tags as tags_repo
from annotator.storage import variables as variables_repo
from annotator.storage.engine import Library, Session
from annotator.storage.search_index import Filters

COLUMNS = (*query.DOCUMENT_COLUMNS, "coder")  # and any variable's name
COUNTING = ("passages", "documents")


class TableService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def crosstab(
        self,
        columns: str = "source",
        *,
        count: str = "passages",
        documents: Sequence[int] | None = None,
        layer: str = "",
    ) -> CountTable:
        """Tags (every tag of the codebook, in its order) by `columns`: a document column, "coder"
        or a variable's name; counting passages, or documents (each once per cell). `layer`: as the
        export's --layer ("" every passage, "gold", "coders", a coder's login: their own)."""
        if count not in COUNTING:
            raise UserError(f"count {', '.join(COUNTING)}, not {count!r}")
        with self._library.reading() as session:
            column, variable_id = self._column(session, columns)
            which, coder = self._layer(session, layer)
            found = query.crosstab(
                session,
                column,
                documents=count == "documents",
                variable_id=variable_id,
                document_ids=documents,
                layer=which,
                coder=coder,
            )
            tags = tags_repo.list_all(session)
        names = {t.id: t.name for t in tags}
        counts = {(names[t], rules.shown_label(v)): n for t, v, n in found if t in names}
        labels = tuple(sorted({c for _r, c in counts}, key=lambda c: (c == rules.NONE, c.casefold())))
        return CountTable("tag", columns, tuple(t.name for t in tags), labels, counts, count)

    def cell_passages(
        self, tag: str, columns: str, value: str, *, documents: Sequence[int] | None = None, layer: str = ""
    ) -> list[tuple[int, int, str]]:
        """(document id, annotation id, quote) of the passages counted in one cell (its shown label)."""
        with self._library.reading() as session:
            column, variable_id = self._column(session, columns)
            tag_id = self._tag(session, tag).id
            which, coder = self._layer(session, layer)
            stored = "" if value == rules.NONE else value
            return query.passages_in_cell(
                session, tag_id, column, stored, variable_id=variable_id, document_ids=documents, layer=which, coder=coder
            )

    def cooccurrence(self, within: str = "passage", *, documents: Sequence[int] | None = None) -> CountTable:
        """Tags by tags: passages with both, pairs of overlapping passages, or documents with both."""
        if within not in rules.WITHIN:
            raise UserError(f"within {', '.join(rules.WITHIN)}, not {within!r}")
        with self._library.reading() as session:
            links = query.tag_links(session, documents)
            tags = tags_repo.list_all(session)
        names = {t.id: t.name for t in tags}
        counts: dict[tuple[str, str], int] = {}
        for (a, b), n in rules.cooccurrence(links, within).items():
            if a in names and b in names:
                counts[names[a], names[b]] = counts[names[b], names[a]] = n
        order = tuple(t.name for t in tags)
        counting = {"passage": "passages", "overlap": "overlapping pairs", "document": "documents"}[within]
        return CountTable("tag", "tag", order, order, counts, counting)

    def cooccurrence_passages(
        self, row: str, column: str, within: str = "passage", *, documents: Sequence[int] | None = None
    ) -> list[tuple[int, int, str]]:
        """(document id, annotation id, quote) of the passages counted in one cell of the
        co-occurrence table (two tags' names), by document and start."""
        if within not in rules.WITHIN:
            raise UserError(f"within {', '.join(rules.WITHIN)}, not {within!r}")
        with self._library.reading() as session:
            a, b = self._tag(session, row).id, self._tag(session, column).id
            found = rules.cooccurring(query.tag_links(session, documents), a, b, within)
            quotes = query.quotes(session, [i for _d, i in found])
        return [(d, i, quotes[i]) for d, i in found if i in quotes]

    def compare(
        self,
        tag: str,
        *,
        by: str = "",
        documents: Sequence[int] | None = None,
        filters: Filters | None = None,
        layer: str = "",
    ) -> FigureTable | CountTable:
        """What each outlet reported with this tag, from the fields stored: figures by date and
        kind (a tag with count_min and count_max, unless `by` is given), else passages by `by` —
        one of the tag's fields (default: its first) or "quote" (the passage's words). Only the
        documents `documents` and those that pass `filters` (search's: source, dates, …) are
        compared; only the passages of `layer` (as the export's --layer; "": all) are read."""
        where = compare_query.filtered(filters)
        with self._library.reading() as session:
            found = self._tag(session, tag)
            read_where = compare_query.of_layer_too(where, *self._layer(session, layer))
            names = [f.name for f in found.fields]
            if not by and compare.is_figure(names):
                compared = compare_query.outlets(session, documents, where)
                batches = compare_query.figure_rows(session, found.id, documents, read_where)
                with _no_cycle_collection():
                    rows = itertools.chain.from_iterable(batches)
                    return compare.figures(rows, compare_query.stored_figure, compared, found.name)
            by = self._by(found, by)
            read = () if by in (compare.QUOTE, compare.TERM) else (by,)
            reported = compare_query.reported(session, found.id, read, documents, read_where)
            terms = self._terms(session, by)
            return compare.by_outlet(reported, by, found.name, compare_query.outlets(session, documents, where), terms)

    def figure_passages(
        self,
        tag: str,
        date: str,
        kind: str,
        outlet: str,
        *,
        documents: Sequence[int] | None = None,
        filters: Filters | None = None,
        layer: str = "",
    ) -> list[tuple[int, int, str]]:
        """(document id, annotation id, quote) of the passages of one cell of the figures table
        (its shown labels: date, kind, outlet), in text order — read when the cell is opened."""
        stored = ["" if label == rules.NONE else label for label in (date, kind, outlet)]
        with self._library.reading() as session:
            tag_id = self._tag(session, tag).id
            where = compare_query.of_layer_too(compare_query.filtered(filters), *self._layer(session, layer))
            found = compare_query.figure_passages(session, tag_id, stored[0], stored[2], documents, where)
        return [(d, a, quote) for d, a, quote, of_kind in found if of_kind == stored[1]]

    def by_outlet_passages(
        self,
        tag: str,
        by: str,
        value: str,
        outlet: str,
        *,
        documents: Sequence[int] | None = None,
        filters: Filters | None = None,
        layer: str = "",
    ) -> list[tuple[int, int, str]]:
        """(document id, annotation id, quote) of the passages of one cell of a speaker × outlet,
        frame × outlet or words × outlet table (its shown labels), in text order: the passages
        `compare(tag, by=by)` counted there, chosen by the same rule (domain.compare.row_label)."""
        stored_outlet = "" if outlet == rules.NONE else outlet
        where = compare_query.of_outlet(stored_outlet, compare_query.filtered(filters))
        with self._library.reading() as session:
            found = self._tag(session, tag)
            by = self._by(found, by)
            where = compare_query.of_layer_too(where, *self._layer(session, layer))
            read = () if by in (compare.QUOTE, compare.TERM) else (by,)
            reported = compare_query.reported(session, found.id, read, documents, where)
            terms = self._terms(session, by)
        return [(r.document_id, r.annotation_id, r.quote) for r in reported if compare.row_label(r, by, terms) == value]

    @staticmethod
    def _terms(session: Session, by: str) -> compare.Terms:
        """The framing lexicon's terms, when passages are counted by them."""
        return compare.lexicon_terms(suggestions_repo.lexicon(session)) if by == compare.TERM else ()

    @staticmethod
    def _by(tag: Tag, by: str) -> str:
        """What a tag's passages are counted by: `by`, else its first field, else its words."""
        names = [f.name for f in tag.fields]
        by = by or (names[0] if names else compare.QUOTE)
        if by not in (compare.QUOTE, compare.TERM) and by not in names:
            raise UserError(
                f"{tag.name} has the fields {', '.join(names) or 'none'}: compare by one of them, by quote or by term"
            )
        return by

    def export_xlsx(
        self,
        out: str | Path,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        keys: int = 1,
        numbers: bool = True,
        sheet: str = "table",
        notes: Sequence[str] = (),
    ) -> None:
        """A table's grid (its CSV's cells) as an XLSX file, through services.output ('-': standard
        output): row names as text, counts as numbers unless `numbers` is false (figures as reported)."""
        from annotator.exporters.table_xlsx import write_grid

        with output.file(out, self._library.file) as path:
            write_grid(path, header, rows, keys=keys, numbers=numbers, sheet=sheet, notes=notes)

    def export_csv(self, out: str | Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A table's grid as CSV, through services.output (never onto the library or its files)."""
        with output.text(out, self._library.file) as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows(rows)

    def save_file(self, out: str | Path, data: bytes) -> None:
        """Bytes the window made (a chart as PNG or SVG), written as every output is."""
        with output.file(out, self._library.file) as path:
            path.write_bytes(data)  # the new partial file beside `out`, ours alone

    @staticmethod
    def _layer(session: Session, choice: str) -> tuple[str | None, str | None]:
        """The export's --layer rule (domain.export_rows.layer_filter); a login that is no coder of
        the library is said, not counted as an empty table."""
        layer, coder = layer_filter(choice.strip())
        if coder is not None and coders_repo.by_login(session, coder) is None:
            raise UserError(f"there is no coder {coder!r}: the layer is gold, coders or a coder's login")
        return layer, coder

    @staticmethod
    def _tag(session: Session, name: str) -> Tag:
        for tag in tags_repo.list_all(session):
            if tag.name.casefold() == name.strip().casefold():
                return tag
        raise UserError(f"there is no tag {name!r}")

    @staticmethod
    def _column(session: Session, name: str) -> tuple[str, int]:
        """(the query's column, a variable's id or 0) for a column name people give."""
        if name in COLUMNS:
            return name, 0
        for variable in variables_repo.list_all(session):
            if variable.name == name.strip().lower():
                return "variable", variable.id
        known = [*COLUMNS, *(v.name for v in variables_repo.list_all(session))]
        raise UserError(f"count by {', '.join(known)} (a document variable), not {name!r}")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """200,000 rows read and grouped, none of them in a cycle: the cyclic collector would walk the
    growing heap again and again meanwhile (a third of the time, as in storage.compare_query)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
