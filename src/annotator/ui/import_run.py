"""The window's import as one job's work: article files one by one, a corpus file (CSV, JSON
Lines) row by row through the same services as the command line, with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.services.documents import DocumentService, Outcome

IMPORT_FILTER = (
    "Articles and corpus files (*.txt *.text *.md *.markdown *.html *.htm *.docx *.pdf *.csv *.jsonl *.ndjson);;"
    "Articles (*.txt *.text *.md *.markdown *.html *.htm *.docx *.pdf);;"
    "Corpus files: one article per row (*.csv *.jsonl *.ndjson);;All files (*)"
)
# Each file is this many steps of the progress bar: a corpus moves through its steps as it is read.
STEPS = 1000

Report = Callable[[int, str], bool]


def import_work(
    documents: DocumentService, paths: list[Path], tr: Callable[[str], str]
) -> Callable[[Report], list[Outcome]]:
    """The work of an import job over these files; it stops at Cancel (a corpus between rows:
    the rows read until then are stored, the rest is not read)."""
    from annotator.services.corpus import import_corpus, is_corpus
    from annotator.services.documents import Outcome

    def work(report: Report) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for done, path in enumerate(paths):
            if not report(done * STEPS, tr("Importing %s") % path.name):
                break
            if not is_corpus(path):
                outcomes.append(documents.import_file(path))
                continue

            def progress(rows: int, fraction: float, done: int = done, path: Path = path) -> bool:
                return report(done * STEPS + int(fraction * STEPS), tr("Importing %s: %d rows read") % (path.name, rows))

            result = import_corpus(documents, path, progress=progress)
            outcomes += result.outcomes if not result.problem else [Outcome(path, problem=result.problem)]
            if result.cancelled:
                break
        return outcomes

    return work
