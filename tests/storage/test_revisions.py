"""Each migration writes what it wrote when it shipped: its starting codebook and lexicon are
frozen inside the revision file, never read from today's defaults (which may change)."""

import ast
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from annotator.storage import migrate

# SQLite-only: compares with the shipped .sqlite3 libraries of each release.
pytestmark = pytest.mark.sqlite_only("compares with the shipped .sqlite3 libraries of each release")

VERSIONS = migrate.MIGRATIONS / "versions"
DATA = Path(__file__).resolve().parents[1] / "data"
ALLOWED = {"sqlalchemy", "alembic"}  # and the standard library


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("revision", sorted(VERSIONS.glob("0*.py")), ids=lambda p: p.stem)
def test_a_revision_imports_nothing_that_can_change_under_it(revision):
    foreign = {n for n in _imports(revision) if n not in ALLOWED and n not in sys.stdlib_module_names}
    assert foreign == set(), f"{revision.name} must copy what it needs of {sorted(foreign)}"


def _contents(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(tags)")}
        wanted = [c for c in ("name", "color", "shortcut", "description", "position", "fields", "detector") if c in columns]
        found = {"tags": db.execute(f"SELECT {', '.join(wanted)} FROM tags ORDER BY position").fetchall()}
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'lexicon_terms'").fetchone():
            found["lexicon"] = db.execute("SELECT term, frame, position FROM lexicon_terms ORDER BY position").fetchall()
        return found
    finally:
        db.close()


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_a_new_library_migrated_to_a_revision_holds_what_that_release_made(revision, tmp_path):
    """The libraries kept in tests/data were made by the release of each schema."""
    path = tmp_path / "new.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, revision)
    engine.dispose()
    made = _contents(path)
    assert made == _contents(DATA / f"library-{revision}.sqlite3")
    assert len(made["tags"]) == 5
