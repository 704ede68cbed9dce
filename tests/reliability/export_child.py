"""Child for the export-kill test: a real parallel export through the services (the threshold
lowered so a test-sized library takes that path); prints a line once its workers run."""

import sys

from annotator.services import exports, open_services

exports.PARALLEL_FROM = 1
services = open_services(sys.argv[1], backup=False)
told = False


def progress(rows: int) -> bool:
    global told
    if not told:
        print("workers started", flush=True)
        told = True
    return True


services.exports.export_csv(sys.argv[2], progress=progress)
print("done", flush=True)
