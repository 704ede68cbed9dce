"""One part of a large agreement, run as its own small process (decision 039):
`python -m annotator.services.agreement_worker` with the job as one JSON line on standard input
(how to reach the library, the compiled read of its range of documents, their lengths, the coders,
tags and fields in scope); writes the part's Tallies, pickled, to standard output.

It imports the domain's sums and the DB-API only (storage.part_rows: no SQLAlchemy), so it starts
in about a tenth of a second. It dies with its parent, as the export's worker does: the parent keeps
our standard input open until it has our answer, so end-of-file before that means the parent is
gone or cancelled the agreement — the worker then ends at once."""

from __future__ import annotations

import itertools
import json
import os
import pickle
import sys
import threading
from typing import Any

from annotator.domain.agreement.stream import tally_rows
from annotator.storage import part_rows

finished = threading.Event()  # the answer is written: end-of-file is then the parent's goodbye


def watch_parent() -> None:
    """Block until standard input closes; if the part is not done, end the process at once (a
    thread cannot raise into the main thread's C call)."""
    sys.stdin.read()
    if not finished.is_set():
        os._exit(1)


def run(job: dict[str, Any]) -> Any:
    """The part's Tallies, keyed by coder and tag ids as the read gives them."""
    batches = part_rows.batches(job["target"], job["sql"], job["params"], settings=job["settings"])
    rows = itertools.chain.from_iterable(batches)  # in C: no generator step per row
    return tally_rows(
        rows,
        dict(job["lengths"]),
        coders=job["coders"],
        tags=job["tags"],
        fields=dict(job["fields"]),
        by_document=job["by_document"],
    )


def main() -> int:
    job = json.loads(sys.stdin.readline())
    threading.Thread(target=watch_parent, daemon=True).start()
    answer = pickle.dumps(run(job), protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.write(answer)
    sys.stdout.buffer.flush()
    finished.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
