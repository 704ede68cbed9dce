"""The typed row of every export: one passage–tag pair, its columns named once (standard library
only: the parallel export's worker processes read it too).

The export query selects these columns in this order (storage.export_query builds its select list
from `ExportRow._fields`), every exporter's header is derived from it, and a row on the wire is a
plain tuple of these values followed by one value per tag field (field names vary per library, so
they cannot be attributes), then one value per document variable (decision 042: columns named
`var:NAME`, after the fields). `typed` splits such a tuple for the formats that read rows by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

LAYERS = ("coder", "gold")  # annotations.layer (revision 0005)
# The export formats by name and file suffix, in the order offered (their classes: exporters.FORMATS).
FORMATS: dict[str, str] = {"csv": ".csv", "xlsx": ".xlsx", "jsonl": ".jsonl", "jsonld": ".jsonld", "qdpx": ".qdpx"}


class ExportRow(NamedTuple):
    annotation_id: int
    document_id: int
    document_title: str
    source: str
    published: str
    tag: str
    text: str  # the quote: text == document[start:end]
    start: int  # code points, end-exclusive
    end: int
    note: str
    annotator: str  # the coder's name as typed
    created_at: str
    updated_at: str
    prefix: str
    suffix: str
    coder: str  # the coder's login (revision 0005)
    annotation_uuid: str  # the same annotation in every copy of a library
    layer: str  # "coder", or "gold" (the curator's reference answer)
    # A PDF article's page where the passage starts (revision 0012); None (an empty cell) for
    # other documents. Last of the fixed columns: the published order of the others is kept.
    page: int | None


COLUMNS: tuple[str, ...] = ExportRow._fields
# A document variable's column (decision 042): after the field columns, prefixed so a variable
# may share a tag field's name (a field named "kind", a variable named "kind") and still be told apart.
VARIABLE_PREFIX = "var:"
WIDTH = len(COLUMNS)
# Columns that are numbers in every format (the rest are text, dates as ISO text).
NUMBERS = frozenset({"annotation_id", "document_id", "start", "end", "page"})


def typed(row: Sequence[object]) -> tuple[ExportRow, tuple[str, ...]]:
    """A row as the export query yields it: the ExportRow and its field values, in header order."""
    return ExportRow._make(row[:WIDTH]), tuple(row[WIDTH:])  # type: ignore[arg-type]


def layer_filter(choice: str) -> tuple[str | None, str | None]:
    """`--layer gold|coders|LOGIN` as (layer, coder login): gold rows (whoever curated them),
    every coder's own rows, or one coder's own rows. Empty: every row of every layer."""
    if not choice:
        return None, None
    if choice == "gold":
        return "gold", None
    if choice == "coders":
        return "coder", None
    return "coder", choice
