"""The CSV export from a server library: the server writes the rows (storage.server_csv) and the
check that every exported passage still matches its text runs beside the writing, on a connection
of its own (decision 033): the two take about as long, and a machine has a core for each."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from annotator.exporters.base import Cancelled, Exporter, Progress
from annotator.services.errors import UserError
from annotator.services.integrity import refuse_broken
from annotator.storage.engine import Library


def write_bytes(stream: IO[str], exporter: Exporter, chunks: Iterator[tuple[int, bytes]], progress: Progress | None) -> int:
    """The header through the exporter, then the rows the server wrote, as bytes appended to the
    text stream's buffer (UTF-8, the stream's encoding); returns the number of rows."""
    exporter.header()
    stream.flush()
    target = getattr(stream, "buffer", None)
    written = 0
    for rows, data in chunks:
        if target is not None:
            target.write(data)
        else:  # a stream without bytes underneath (a StringIO)
            stream.write(data.decode("utf-8"))
        written += rows
        if progress is not None and not progress(written):
            raise Cancelled
    if target is not None:
        target.flush()
    exporter.finish()
    return written


@contextmanager
def checked_beside(library: Library, document_ids: Sequence[int], tag_ids: Sequence[int]) -> Iterator[None]:
    """Run the export's refusal check (services.integrity.refuse_broken) in a thread while the
    body writes; on leaving, wait for it and raise its refusal (also if the body failed: a row the
    check refuses can break the server's copy, e.g. a field value that is not JSON). Only
    for output that is kept only if the export ends well (a file renamed into place at the end).
    As before, the check and the export are two reads: a change committed between them is not
    in both (READ COMMITTED, as the serial export)."""
    failed: list[BaseException] = []

    def check() -> None:
        try:
            with library.reading() as session:
                refuse_broken(session, document_ids, tag_ids)
        except BaseException as exc:  # noqa: BLE001 — raised again in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=check, name="export-check", daemon=True)
    thread.start()
    try:
        yield
    except Exception:
        thread.join()
        if failed and isinstance(failed[0], UserError):  # what was wrong, rather than how the copy broke
            raise failed[0] from None  # (a field's broken JSON fails the server's copy too)
        raise
    thread.join()
    if failed:
        raise failed[0]
