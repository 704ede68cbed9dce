"""Outlets side by side (issue 14): what each outlet reported, from the typed values coders
stored in their passages' fields (and suggestions accepted as passages) — never from the raw text.

Figures (a tag with count_min/count_max, such as "casualty figure") line up by date (the
document's publication date) and kind, one column per outlet; other tags are counted by one of
their fields (a quote's speaker, a framing's frame), by the passage itself (its words), or by the
framing lexicon's term the passage is (the loaded terms each outlet used)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.suggest.terms import term_pattern
from annotator.domain.tables import NONE, CountTable, shown_label

FIGURE_FIELDS = ("count_min", "count_max")
FIGURE_READ = (*FIGURE_FIELDS, "qualifier", "kind")  # what a figure shows
QUOTE = "quote"  # counting by the passage itself: its words, spaces folded, lower case
TERM = "term"  # counting by the framing lexicon's term the passage is (or holds)
NOT_A_TERM = "(not in the lexicon)"


@dataclass(frozen=True, slots=True)
class Reported:
    """One passage of the compared tag: where it was reported and what its fields hold."""

    document_id: int
    annotation_id: int
    outlet: str
    date: str  # the document's publication date (ISO 8601, maybe partial), '' if unknown
    fields: Mapping[str, str]
    quote: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class Figure:
    """What a passage's fields say, made once for every passage that stored the same fields: a
    cell holds references to these, not one object per passage (200,000 passages, decision 036).
    Compared by identity: the chart takes each cell's distinct figures."""

    fields: Mapping[str, str]
    text: str  # figure_text(fields)
    kind: str


def figure(fields: Mapping[str, str]) -> Figure:
    return Figure(fields, figure_text(fields), fields.get("kind", ""))


@dataclass(frozen=True, slots=True)
class FigureTable:
    """Figures by (date, kind) and outlet; each cell the figures as reported, in text order. A
    cell's passages are read when asked for (services.tables.figure_passages), not kept here."""

    rows: tuple[tuple[str, str], ...]
    outlets: tuple[str, ...]
    cells: Mapping[tuple[tuple[str, str], str], tuple[Figure, ...]] = field(default_factory=dict)
    tag: str = ""

    def cell(self, row: tuple[str, str], outlet: str) -> tuple[Figure, ...]:
        return self.cells.get((row, outlet), ())


def is_figure(field_names: Iterable[str]) -> bool:
    return set(FIGURE_FIELDS) <= set(field_names)


def figure_text(fields: Mapping[str, str]) -> str:
    """ "at least 200", "about 25", "30–40", "12": the qualifier, then the count or its range."""
    low, high = fields.get("count_min", ""), fields.get("count_max", "")
    amount = f"{low}–{high}" if low and high and low != high else (low or high or "?")
    qualifier = fields.get("qualifier", "")
    return f"{qualifier} {amount}" if qualifier else amount


def figures(
    found: Iterable[tuple[str, str, Hashable]],
    decode: Callable[[Any], Figure],
    compared: Iterable[str] = (),
    tag: str = "",
) -> FigureTable:
    """`found`: (date, outlet, fields as stored) of every passage, in text order, and `decode`
    making a figure of the stored fields — once per distinct value: most passages repeat one.
    `compared`: the outlets of the compared documents — each a column, with figures or without."""
    made: dict[Hashable, Figure] = {}
    cells: dict[tuple[tuple[str, str], str], list[Figure]] = defaultdict(list)
    for date, outlet, stored in found:  # once per passage: shown_label inlined
        item = made.get(stored)
        if item is None:
            item = made[stored] = decode(stored)
        cells[(date or NONE, item.kind or NONE), outlet or NONE].append(item)
    rows = tuple(sorted({r for r, _o in cells}, key=lambda r: (r[0] == NONE, r)))
    outlets = _outlets({o for _r, o in cells}, compared)
    return FigureTable(rows, outlets, {k: tuple(v) for k, v in cells.items()}, tag)


Terms = tuple[tuple[str, "re.Pattern[str]"], ...]


def lexicon_terms(lexicon: Iterable[tuple[str, str]]) -> Terms:
    """The lexicon's terms with the pattern the framing suggestions match them by (whole words,
    any case, any spaces, a trailing * for any ending), longest first as there."""
    terms = sorted({t.strip() for t, _frame in lexicon if t.strip().rstrip("*").strip()}, key=len, reverse=True)
    return tuple((t, re.compile(rf"(?<![\w-])(?:{term_pattern(t)})", re.IGNORECASE)) for t in terms)


def by_outlet(
    reported: Iterable[Reported], by: str, tag: str, compared: Iterable[str] = (), terms: Terms = ()
) -> CountTable:
    """Passages by a field's value (or by the passage itself, or the lexicon term it is) and
    outlet (`compared`: as in figures)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for item in reported:
        counts[row_label(item, by, terms), shown_label(item.outlet)] += 1
    rows = tuple(sorted({r for r, _o in counts}, key=lambda r: (r == NONE, -_total(counts, r), r.casefold())))
    outlets = _outlets({o for _r, o in counts}, compared)
    return CountTable(by, "outlet", rows, outlets, dict(counts), f"{tag} passages")


def row_label(item: Reported, by: str, terms: Terms = ()) -> str:
    """The row a passage counts in when compared by `by`: its field's value, its words, or the
    lexicon term it is — the term its whole text matches, else the longest it holds."""
    if by == TERM:
        quote = item.quote.strip()
        whole = next((t for t, pattern in terms if pattern.fullmatch(quote)), None)
        return whole or next((t for t, pattern in terms if pattern.search(quote)), NOT_A_TERM)
    value = " ".join(item.quote.split()).casefold() if by == QUOTE else item.fields.get(by, "")
    return shown_label(value)


def _outlets(reporting: set[str], compared: Iterable[str]) -> tuple[str, ...]:
    """Those that reported and those compared that did not: "none" is an answer too."""
    every = reporting | {shown_label(o) for o in compared}
    return tuple(sorted(every, key=lambda o: (o == NONE, o.casefold())))


def _total(counts: Mapping[tuple[str, str], int], row: str) -> int:
    return sum(n for (r, _o), n in counts.items() if r == row)


def figure_grid(table: FigureTable) -> tuple[list[str], list[list[str]]]:
    """The figures as text cells: date, kind, then each outlet's figures joined by "; "."""
    header = ["date", "kind", *table.outlets]
    rows = [
        [date, kind, *("; ".join([f.text for f in table.cell((date, kind), o)]) for o in table.outlets)]
        for date, kind in table.rows
    ]
    return header, rows
