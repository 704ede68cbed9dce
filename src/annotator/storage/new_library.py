"""A new SQLite library as a copy of a template library (decision 043), as PostgreSQL makes a new
database from template1: running the twelve migrations on an empty file took ~0.3 s (Alembic's
import, then every revision's DDL and table rebuilds), a copy of the result ~0.03 s. Every new
library paid it: the first launch, each `annotator --db NEW …`, every test's library.

The migrations stay the one definition. The first library made by them is kept as the template,
in the user's cache folder, named by the head revision and a hash of the migration scripts: a
changed script or another version of the app makes another name, so a template is never older
than the code that uses it. A template is used only if it reads as a library at HEAD and passes
SQLite's quick check; anything else (none yet, damaged, unreadable folder) falls back to the
migrations, which then keep a new template. The one per-library value, the change log's epoch,
is drawn anew for each copy. SQLite only: a server database is created by `annotator migrate`."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import quote

from annotator.storage.change_log import draw_new_epoch
from annotator.storage.revisions import HEAD

MIGRATIONS = Path(__file__).with_name("migrations")
PREFIX = "new-library-"


def _key() -> str:
    """The migration scripts' hash: what a template was made by."""
    digest = hashlib.sha256()
    for path in [MIGRATIONS / "env.py", *sorted((MIGRATIONS / "versions").glob("*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def template_path() -> Path | None:
    """Where this version's template lives (it may not exist); None if there is no cache folder."""
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("annotator", appauthor=False)) / f"{PREFIX}{HEAD}-{_key()}.sqlite3"
    except (OSError, ImportError):
        return None


def copy_template(connection: sqlite3.Connection) -> bool:
    """Fill a new, empty library (an open connection, no transaction) from the template, with its
    own epoch. False, with nothing written, when there is no usable template."""
    path = template_path()
    if path is None or not path.is_file():
        return False
    try:
        # immutable: the file is never written once in place (a new one replaces it whole)
        source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
        try:
            if source.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return False
            if source.execute("SELECT version_num FROM alembic_version").fetchall() != [(HEAD,)]:
                return False
            source.backup(connection)
        finally:
            source.close()
    except sqlite3.Error:
        # The backup writes the whole copy in one transaction: a failed one leaves the file empty.
        if connection.execute("SELECT count(*) FROM sqlite_master").fetchone() != (0,):
            raise
        return False
    draw_new_epoch(connection)
    return True


def keep_as_template(connection: sqlite3.Connection) -> None:
    """Keep a library the migrations have just made, untouched since, as the template (if there is
    none yet). Best effort: a cache folder that cannot be written only means no template."""
    path = template_path()
    if path is None or path.exists():
        return
    partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(partial)
        try:
            connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one file: nothing beside it to lose
        finally:
            target.close()
        os.replace(partial, path)  # whole or not at all, also with two programs at once
    except (OSError, sqlite3.Error):
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass  # the folder itself could not be made: there is no partial file
