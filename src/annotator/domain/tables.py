"""Count tables (issue 14): a crosstab of tags by a document column, and the co-occurrence of
tags — plain counts with their totals and percentages, and the one overlap rule they use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

NONE = "(none)"  # the column of documents without a value
WITHIN = ("passage", "overlap", "document")  # what co-occurring means


@dataclass(frozen=True, slots=True)
class CountTable:
    """Counts by row and column label; a cell not in `counts` is 0. Totals and percentages are of
    the cells' sums: a passage with two tags counts in both tags' rows."""

    row_title: str
    column_title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    counting: str = "passages"

    def cell(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.cell(row, c) for c in self.columns)

    def column_total(self, column: str) -> int:
        return sum(self.cell(r, column) for r in self.rows)

    @property
    def total(self) -> int:
        return sum(self.counts.get((r, c), 0) for r in self.rows for c in self.columns)

    def percent(self, row: str, column: str, of: str) -> float | None:
        """The cell as a percentage of its row's ("row") or column's ("col") total; None if that is 0."""
        whole = self.row_total(row) if of == "row" else self.column_total(column)
        return None if whole == 0 else 100.0 * self.cell(row, column) / whole


TOTAL = "total"


def grid(table: CountTable, percent: str | None, *, totals: bool, bare: bool) -> tuple[list[str], list[list[str]]]:
    """The table as text cells (header, rows), as the command line and the window show it and CSV
    holds it. With `percent` ("row"/"col") a cell is its share — a bare number when `bare` (CSV),
    "n (p%)" otherwise; a total is 100% along the percentage's own direction, else its share of
    the whole."""

    def cell(count: int, whole: int) -> str:
        if not percent:
            return str(count)
        share = None if whole == 0 else 100.0 * count / whole
        if bare:
            return "" if share is None else f"{share:.1f}"
        return str(count) if share is None else f"{count} ({share:.1f}%)"

    header = [table.row_title, *table.columns, *([TOTAL] if totals else [])]
    whole = table.total
    rows = []
    for row in table.rows:
        total = table.row_total(row)
        cells = [row]
        for column in table.columns:
            count = table.cell(row, column)
            cells.append(cell(count, total if percent == "row" else table.column_total(column)))
        if totals:
            cells.append(cell(total, total if percent == "row" else whole))
        rows.append(cells)
    if totals:
        last = [TOTAL]
        for column in table.columns:
            count = table.column_total(column)
            last.append(cell(count, count if percent == "col" else whole))
        last.append(cell(whole, whole))
        rows.append(last)
    return header, rows


def shown_label(value: str) -> str:
    return value if value else NONE


def overlaps(one: tuple[int, int], two: tuple[int, int]) -> bool:
    """Two half-open spans [start, end) share at least one character."""
    return one[0] < two[1] and two[0] < one[1]


Link = tuple[int, int, int, int, int]  # (document id, annotation id, start, end, tag id)


def cooccurrence(links: Iterable[Link], within: str) -> dict[tuple[int, int], int]:
    """(tag a, tag b) -> how often they co-occur, symmetric, a ≤ b as stored. `within`:
    - passage: passages that have both tags ((a, a): the passages with a);
    - overlap: pairs of two different passages that overlap, one with a, the other with b;
    - document: documents that have both tags ((a, a): the documents with a).
    `links` come by document, then start (storage.tables_query.tag_links)."""
    if within not in WITHIN:
        raise ValueError(within)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    by_document: dict[int, dict[int, tuple[int, int, set[int]]]] = defaultdict(dict)
    for document_id, annotation_id, start, end, tag_id in links:
        passage = by_document[document_id].setdefault(annotation_id, (start, end, set()))
        passage[2].add(tag_id)
    for passages in by_document.values():
        if within == "passage":
            for _start, _end, tags in passages.values():
                for a, b in _pairs(tags, same=True):
                    counts[a, b] += 1
        elif within == "document":
            present = set().union(*(tags for _s, _e, tags in passages.values()))
            for a, b in _pairs(present, same=True):
                counts[a, b] += 1
        else:
            _overlapping(sorted(passages.values(), key=lambda p: (p[0], p[1])), counts)
    return dict(counts)


def _pairs(tags: set[int], *, same: bool) -> Iterable[tuple[int, int]]:
    ordered = sorted(tags)
    yield from combinations(ordered, 2)
    if same:
        yield from ((t, t) for t in ordered)


def _overlapping(passages: Sequence[tuple[int, int, set[int]]], counts: dict[tuple[int, int], int]) -> None:
    """A sweep over passages sorted by start: each pair of overlapping passages once."""
    active: list[tuple[int, int, set[int]]] = []
    for passage in passages:
        active = [p for p in active if overlaps((p[0], p[1]), (passage[0], passage[1]))]
        for other in active:
            for a in other[2]:
                for b in passage[2]:
                    counts[min(a, b), max(a, b)] += 1
        active.append(passage)


def cooccurring(links: Iterable[Link], a: int, b: int, within: str) -> list[tuple[int, int]]:
    """(document id, annotation id), in the links' order, of the passages counted in the cell
    (a, b) of `cooccurrence` — the same rule, its members instead of its count:
    - passage: the passages with both tags;
    - overlap: each passage of an overlapping pair, one with a, the other with b;
    - document: the passages with a or b in the documents that have both."""
    if within not in WITHIN:
        raise ValueError(within)
    wanted = {a, b}
    by_document: dict[int, dict[int, tuple[int, int, set[int]]]] = defaultdict(dict)
    for document_id, annotation_id, start, end, tag_id in links:
        by_document[document_id].setdefault(annotation_id, (start, end, set()))[2].add(tag_id)
    found: list[tuple[int, int]] = []
    for document_id, passages in by_document.items():
        if within == "passage":
            found += [(document_id, i) for i, (_s, _e, tags) in passages.items() if wanted <= tags]
        elif within == "document":
            present = set().union(*(tags for _s, _e, tags in passages.values()))
            if wanted <= present:
                found += [(document_id, i) for i, (_s, _e, tags) in passages.items() if tags & wanted]
        else:
            members = _overlapping_members(passages, a, b)
            found += [(document_id, i) for i in passages if i in members]
    return found


def _overlapping_members(passages: Mapping[int, tuple[int, int, set[int]]], a: int, b: int) -> set[int]:
    """Ids of the passages in a pair of two different overlapping passages, one with a and the
    other with b (the pairs `_overlapping` counts)."""
    ordered = sorted(passages.items(), key=lambda p: (p[1][0], p[1][1]))
    members: set[int] = set()
    active: list[tuple[int, tuple[int, int, set[int]]]] = []
    for annotation_id, passage in ordered:
        active = [(i, p) for i, p in active if overlaps((p[0], p[1]), (passage[0], passage[1]))]
        for other_id, other in active:
            if (a in other[2] and b in passage[2]) or (b in other[2] and a in passage[2]):
                members |= {other_id, annotation_id}
        active.append((annotation_id, passage))
    return members
