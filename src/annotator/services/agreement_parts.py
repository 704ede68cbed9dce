"""A large agreement computed in parts, one per range of documents (decision 039): this process
sums the first range itself while a worker process (services.agreement_worker) sums each other
one; their Tallies merge into the one-process result to the last bit (stream.merged_parts).

The ranges are consecutive document ids of about equal weight (passages per document, the counts
each document keeps), so each document lies wholly in one part. Below `PARALLEL_FROM` passages,
or on one core, everything stays in this process: starting a worker costs ~0.1 s of CPU.
Workers are separate programs started fresh (never a fork of this process, which may be a Qt app
with threads); each logs in to the library itself, with the same credentials (storage.part_rows).
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from typing import IO, Any

from annotator.domain.agreement import Tallies
from annotator.domain.agreement.stream import merged_parts, tally_rows
from annotator.storage import agreement_query, part_rows
from annotator.storage.engine import Library, Session

PARALLEL_FROM = 100_000  # passages in scope; below this one process is about as fast
MAX_PARTS = 4
# A part per core this process may use at most (more would only take turns): the affinity mask
# where there is one (a container, taskset), else every core.
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Cancelled(Exception):
    """The caller no longer wants the result (the view was closed or asked again)."""


def how_many(passages: int) -> int:
    """Parts worth starting for this many passages: 1 (this process only) for small inputs."""
    if passages < PARALLEL_FROM:
        return 1
    return max(1, min(MAX_PARTS, CORES, passages // max(1, PARALLEL_FROM // 2)))


def tally(
    library: Library,
    session: Session,
    spans: list[tuple[int, int]],
    scope: dict[str, Any],
    cancelled: Callable[[], bool] | None = None,
) -> Tallies:
    """The Tallies of `scope` (documents, lengths, chosen coder ids; coders, tags and fields in
    scope by id; by_document) over the document ranges `spans`: the first read here on `session`,
    each other by a worker. Cancelled (the workers stopped) as soon as `cancelled()` says so.
    A worker that cannot start or fails leaves its range to this process: the same figures (and
    the same error, if the range's rows are at fault), only later. One range or none: all of
    `scope` here, no worker."""
    if len(spans) < 2:
        return _here(session, None, scope, cancelled)
    workers: list[_Worker | None] = []
    try:
        for first, last in spans[1:]:
            workers.append(_start(library, session, first, last, scope))
        parts = [_here(session, spans[0], scope, cancelled)]
        for span, worker in zip(spans[1:], workers, strict=True):
            answer = None if worker is None else worker.answer(cancelled)
            parts.append(_here(session, span, scope, cancelled) if answer is None else answer)
        return merged_parts(parts)
    finally:
        for worker in workers:
            if worker is not None:
                worker.stop()


def _here(
    session: Session, span: tuple[int, int] | None, scope: dict[str, Any], cancelled: Callable[[], bool] | None
) -> Tallies:
    """One range's Tallies (None: the whole scope's) read and summed in this process."""
    documents, lengths, first, last = scope["documents"], scope["lengths"], None, None
    if span is not None:
        first, last = span
        documents = [d for d in documents if first <= d <= last]  # a coder's scope: only its own
        lengths = _within(lengths, first, last)
    # closing(): a cancelled read ends its cursor now, while the session is open.
    with closing(agreement_query.unit_rows(session, documents, scope["chosen"], first, last)) as rows:
        return tally_rows(
            checked(rows, cancelled),
            lengths,
            coders=scope["coders"],
            tags=scope["tags"],
            fields=scope["fields"],
            by_document=scope["by_document"],
        )


def checked(batches: Iterable[Sequence[tuple[Any, ...]]], cancelled: Callable[[], bool] | None) -> Iterator[Any]:
    """The rows of the batches, one by one; Cancelled between two batches once `cancelled()` says so.
    Chained in C (itertools): a generator's step per row cost ~0.1 s per million rows."""
    return itertools.chain.from_iterable(_checked_batches(batches, cancelled))


def _checked_batches(
    batches: Iterable[Sequence[tuple[Any, ...]]], cancelled: Callable[[], bool] | None
) -> Iterator[Sequence[tuple[Any, ...]]]:
    for batch in batches:
        if cancelled is not None and cancelled():
            raise Cancelled
        yield batch


def _within(lengths: Mapping[int, int], first: int, last: int) -> dict[int, int]:
    return {d: n for d, n in lengths.items() if first <= d <= last}


class _Worker:
    """One worker process and the threads that read its answer (a pipe must be read while the
    worker writes: a large answer would otherwise fill it and stop both)."""

    def __init__(self, job: dict[str, Any]) -> None:
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "annotator.services.agreement_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        # One line of work; the pipe then stays open until the answer is in: if this process
        # dies or gives up, the worker reads end-of-file and ends too.
        self.process.stdin.write(json.dumps(job).encode() + b"\n")
        self.process.stdin.flush()
        self._answer: list[bytes] = []
        self.failure = ""
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[bytes]) -> None:
        self._answer.append(stream.read())

    def answer(self, cancelled: Callable[[], bool] | None) -> Tallies | None:
        """The part's Tallies; None if the worker failed (its last words are in self.failure)."""
        while self._reader.is_alive():
            if cancelled is not None and cancelled():
                raise Cancelled
            self._reader.join(0.05)
        if self.process.wait() != 0 or not self._answer or not self._answer[0]:
            self._errors.seek(0)
            said = self._errors.read().decode(errors="replace").strip().splitlines() or ["?"]
            self.failure = said[-1]
            return None
        return pickle.loads(self._answer[0])  # type: ignore[no-any-return]  # our own worker's answer

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self._errors):
            if stream is not None:
                stream.close()


def _start(library: Library, session: Session, first: int, last: int, scope: dict[str, Any]) -> _Worker | None:
    """A worker for documents first..last; None if no process can be started here."""
    documents = [d for d in scope["documents"] if first <= d <= last]  # a coder's scope: only its own
    sql, params = agreement_query.unit_rows_sql(session, documents, scope["chosen"], first, last)
    job = {
        "target": part_rows.target(library),
        "sql": sql,
        "params": list(params) if isinstance(params, tuple) else params,
        "settings": agreement_query.SERVER_SETTINGS,
        "lengths": list(_within(scope["lengths"], first, last).items()),
        "coders": scope["coders"],
        "tags": scope["tags"],
        "fields": list(scope["fields"].items()),
        "by_document": scope["by_document"],
    }
    try:
        return _Worker(job)
    except OSError:  # no interpreter to start (a frozen app), no processes left
        return None
