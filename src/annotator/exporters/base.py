"""The exporter interface: a format is a small class that writes a header and batches of export
rows (domain.export_rows: the ExportRow columns, then one value per tag field) to a text stream.
Standard library only: the parallel export's worker processes write their parts through it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, ClassVar

from annotator.domain.export_rows import COLUMNS, VARIABLE_PREFIX

if TYPE_CHECKING:  # the worker processes import this module: they need no domain model at run time
    from annotator.domain.models import Tag
    from annotator.domain.variables import Variable

Progress = Callable[[int], bool]  # rows written so far -> keep going?
Row = Sequence[object]


class Cancelled(Exception):
    """The user stopped the export; the caller removes the partial file."""


@dataclass(frozen=True)
class ExportContext:
    """What some formats need beyond the rows; the service fills in what a class `needs`."""

    hashes: Mapping[int, str] = field(default_factory=dict)  # document id -> SHA-256 of its text
    tags: Sequence[Tag] = ()  # the codebook, in its order
    total: int = -1  # rows the export will write (-1: not counted)
    texts: Callable[[int], str] | None = None  # a document's text by id, read when asked
    # A document's description by id, read when asked: its metadata fields but the title (source,
    # published, …, filename) and its variables' values, name -> value ('' none).
    details: Callable[[int], Mapping[str, str]] | None = None
    variables: Sequence[Variable] = ()  # the library's document variables, in their order
    titles: Mapping[int, str] = field(default_factory=dict)  # every document in the export's scope: its title


class Exporter:
    """One format. `concatenable`: parts written by separate processes (header left out) can be
    joined byte for byte after the header, so the parallel export may write it. `binary`: the
    handle is a path to write (services.output.file), not a text stream. `server_csv`: see below."""

    format: ClassVar[str]
    encoding: ClassVar[str] = "utf-8"
    concatenable: ClassVar[bool] = False
    binary: ClassVar[bool] = False
    needs: ClassVar[frozenset[str]] = frozenset()  # of ExportContext's fields
    # Its rows are, byte for byte, a PostgreSQL server's CSV (COPY, FORMAT csv) with \r\n row
    # ends: on a server library the export may have the server write them (storage.server_csv).
    server_csv: ClassVar[bool] = False

    def __init__(self, handle: IO[str] | Any, field_names: Sequence[str] = (), context: ExportContext | None = None) -> None:
        self.handle = handle
        # `field_names`: the columns after ExportRow's — the tag fields, then the document
        # variables (`var:NAME`, decision 042). The formats that read a row's fields as a
        # passage's (JSON-LD, REFI-QDA) zip `field_names` with the values after ExportRow's: the
        # variables come last, so the zip stops before them (those formats carry a document's
        # variables from the context, or not at all).
        self.header_names = (*COLUMNS, *field_names)
        self.notes: list[str] = []  # sentences for the person exporting (cells cut, …), said when done
        self.field_names = tuple(name for name in field_names if not name.startswith(VARIABLE_PREFIX))
        self.context = context or ExportContext()

    def header(self) -> None:
        """What comes before the rows (nothing by default)."""

    def write(self, batch: Sequence[Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """What comes after the rows (nothing by default)."""


def write_all(exporter: Exporter, batches: Iterable[Sequence[Row]], progress: Progress | None = None, pad: int = 0) -> int:
    """Header, every batch, footer; returns the number of rows. `pad` empty cells are added to
    each row (the field columns of a library with no field values yet: cheaper here than as
    constants in the query)."""
    exporter.header()
    written = write_rows(exporter, batches, progress, pad)
    exporter.finish()
    return written


def write_rows(exporter: Exporter, batches: Iterable[Sequence[Row]], progress: Progress | None = None, pad: int = 0) -> int:
    """The batches only (a part of a parallel export); returns the number of rows."""
    written = 0
    empty = ("",) * pad
    for batch in batches:
        exporter.write([(*row, *empty) for row in batch] if pad else batch)
        written += len(batch)
        if progress is not None and not progress(written):
            raise Cancelled
    return written
