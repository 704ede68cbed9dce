"""Shared by the reliability tests: a library holding the sample articles."""

import sqlite3

from annotator.services import open_services


def sample_library(location):
    """Create a library with the four samples at `location` (an SQLite file, checkpointed into one
    file, or a database URL), closed."""
    services = open_services(str(location), backup=False)
    services.documents.import_samples()
    services.close()
    if "://" not in str(location):
        db = sqlite3.connect(location)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
    return location
