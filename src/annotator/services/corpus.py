"""Importing a corpus file (CSV or JSON Lines, one article per row): each row read and checked on
its own (a bad row is skipped and said by its number), the good ones stored in the same batches as
files (decision 027), with progress and cancel."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.models import META_FIELDS, DocumentMeta
from annotator.importers.corpus import Columns  # the command line and the window name columns with it
from annotator.services.documents import BATCH_CHARS, BATCH_FILES, Outcome, Overrides, _Ready

if TYPE_CHECKING:
    from annotator.importers.corpus import CorpusRow
    from annotator.services.documents import DocumentService

# Progress: (rows read, fraction of the file read) -> False to cancel.
Progress = Callable[[int, float], bool]
# How often progress is told while rows are read (a batch is stored every BATCH_FILES rows).
EVERY = 100


@dataclass(frozen=True, slots=True)
class CorpusResult:
    outcomes: list[Outcome]  # one per row read, in order (a row's number in Outcome.row)
    problem: str = ""  # the file as a whole could not be read: one sentence (no row was)
    encoding: str = ""
    cancelled: bool = False  # stopped by the user: the rows read until then are stored, the rest not read

    @property
    def imported(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.document is not None]


def import_corpus(
    documents: DocumentService,
    path: Path,
    columns: Columns | None = None,
    overrides: Overrides = Overrides(),
    progress: Progress | None = None,
) -> CorpusResult:
    """Import every row of a corpus file; bad rows skipped and said, the same text never twice."""
    from annotator.importers.base import ImportProblem
    from annotator.importers.corpus import Corpus

    if documents.is_library_file(path):
        return CorpusResult([], problem="is this library's own file, not a corpus")
    corpus = Corpus(path, columns or Columns())
    outcomes: list[Outcome | _Ready] = []
    batch: list[int] = []
    held = 0
    cancelled = False
    try:
        for row in corpus.rows():
            outcomes.append(_ready(path, row, overrides))
            if isinstance(outcomes[-1], _Ready):
                batch.append(len(outcomes) - 1)
                held += len(outcomes[-1].text)
                if len(batch) >= BATCH_FILES or held >= BATCH_CHARS:
                    documents.store_batch(outcomes, batch)
                    batch, held = [], 0
            if progress is not None and len(outcomes) % EVERY == 0 and not progress(len(outcomes), corpus.fraction):
                cancelled = True
                break
    except ImportProblem as problem:
        if not outcomes:
            return CorpusResult([], problem=str(problem))
        outcomes.append(Outcome(path, problem=str(problem), row=len(outcomes) + 1))
    documents.store_batch(outcomes, batch)
    if progress is not None and not cancelled:
        progress(len(outcomes), 1.0)
    said = _unused(path, corpus.unused)
    if said and outcomes:  # said once, with the first row's outcome (as a metadata.csv's notes are)
        first: Outcome = outcomes[0]  # type: ignore[assignment]
        outcomes[0] = replace(first, notes=said + first.notes)
    return CorpusResult(
        outcomes,  # type: ignore[arg-type] # store_batch made every _Ready an Outcome
        encoding=corpus.encoding,
        cancelled=cancelled,
    )


def is_corpus(path: Path) -> bool:
    """Whether a file is imported as a corpus (one article per row) rather than as one article."""
    from annotator.importers.corpus import CORPUS_EXTENSIONS

    return path.suffix.lower() in CORPUS_EXTENSIONS


def _ready(path: Path, row: CorpusRow, overrides: Overrides) -> Outcome | _Ready:
    """A row as an article ready to store, or the outcome saying why it is skipped."""
    from annotator.domain import metadata

    if row.problem:
        return Outcome(path, problem=row.problem, row=row.number)
    guessed = metadata.guess(row.text, row.fields.get("title", ""))
    found = DocumentMeta(title=guessed.title, dateline=guessed.dateline)
    meta = metadata.tidy(
        DocumentMeta(
            **{
                f.name: getattr(overrides, f.name) or row.fields.get(f.name, "") or getattr(found, f.name)
                for f in META_FIELDS
            }
        )
    )
    published = metadata.normalise_date(meta.published) if meta.published else guessed.published
    if published is None:
        return Outcome(
            path, problem=f"the date {meta.published!r} is not a date like 2023-11-08, 2023-09 or 2023", row=row.number
        )
    name = f"{path.name} row {row.number}"
    meta = replace(meta, title=meta.title or name, published=published)
    sha = hashlib.sha256(row.text.encode("utf-8")).hexdigest()
    return _Ready(path, row.text, sha, meta, (), row.variables, filename=name, row=row.number)


def _unused(path: Path, unused: tuple[str, ...]) -> tuple[str, ...]:
    if not unused:
        return ()
    plural = "s" if unused[1:] else ""
    verb = "were" if unused[1:] else "was"
    return (
        f"{path}: the column{plural} {', '.join(unused)} {verb} not used (a column other than the text and the "
        "fields becomes a document variable when its name can be one: lower-case letters, digits and _, "
        "starting with a letter)",
    )
