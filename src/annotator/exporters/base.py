"""The exporter interface: a format is a small class that writes a header and batches of export
rows (domain.export_rows: the ExportRow columns, then one value per tag field) to a text stream.
Standard library only: the parallel export's worker processes write their parts through it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import IO, ClassVar

from annotator.domain.export_rows import COLUMNS

Progress = Callable[[int], bool]  # rows written so far -> keep going?
Row = Sequence[object]


class Cancelled(Exception):
    """The user stopped the export; the caller removes the partial file."""


class Exporter:
    """One format. `concatenable`: parts written by separate processes (header left out) can be
    joined byte for byte after the header, so the parallel export may write it."""

    format: ClassVar[str]
    encoding: ClassVar[str] = "utf-8"
    concatenable: ClassVar[bool] = False
    needs_hashes: ClassVar[bool] = False  # given each document's text hash (`hashes=`, by id)

    def __init__(self, handle: IO[str], field_names: Sequence[str] = ()) -> None:
        self.handle = handle
        self.field_names = tuple(field_names)
        self.header_names = (*COLUMNS, *self.field_names)

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
