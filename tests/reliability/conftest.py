"""Shared by the reliability tests: a library file holding the sample articles."""

import sqlite3

from annotator.services import open_services


def sample_library(path):
    """Create a library with the four samples at `path`, closed and checkpointed (one file)."""
    services = open_services(str(path), backup=False)
    services.documents.import_samples()
    services.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path
