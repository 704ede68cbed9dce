"""The REFI-QDA import stores its passages in bulk (decision 037): on SQLite the insert triggers of
the kept counts and the change log are set aside inside the import's transaction and their work
done once. What must hold whatever the path: the kept counts equal the counts from the rows, the
change log holds the rows the triggers write, the triggers are back as they were, and an import
that fails half-way leaves everything — counts, log, triggers — as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.services import open_services
from annotator.services.exports import ExportOptions
from annotator.storage import bulk_annotations
from tests.cli.test_cli import annotator
from tests.rawdb import RawDB

# Another program's trigger that does nothing: the import then leaves the triggers alone.
NOTHING = "CREATE TRIGGER other_program AFTER INSERT ON annotations BEGIN SELECT 1; END"
# Another program's trigger that refuses the change log's first link row: on SQLite that is the
# last of the import's set statements, after the rows, the counts and with its triggers dropped.
REFUSE_SQLITE = (
    "CREATE TRIGGER other_program BEFORE INSERT ON change_log WHEN NEW.tbl = 'annotation_tags' "
    "BEGIN SELECT RAISE(ABORT, 'refused by another program'); END",
)
REFUSE_POSTGRESQL = (
    "CREATE FUNCTION other_program() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.tbl = 'annotation_tags' THEN RAISE EXCEPTION 'refused by another program'; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER other_program BEFORE INSERT ON change_log FOR EACH ROW EXECUTE FUNCTION other_program()",
)


def _tag_spans(services, coder: str, every: int, tags: tuple[str, ...]) -> None:
    """Passages of `coder` every `every` characters of each sample article, each with `tags`."""
    services.coders.switch(coder)
    ids = [t.id for t in services.codebook.tags() if t.name in tags]
    for document in services.documents.list():
        text = services.documents.text(document.id)
        spans = [(s, s + 7, ids, {}) for s in range(0, len(text) - 7, every) if text[s : s + 7].strip()]
        services.annotations.tag_many(document.id, spans)


def _project(location: str, tmp_path: Path) -> Path:
    """A project of two coders' passages on the sample articles, exported by another library."""
    services = open_services(location, backup=False)
    try:
        services.documents.import_samples()
        _tag_spans(services, "Ann Lee", 97, ("claim", "framing"))
        _tag_spans(services, "Bo Chen", 131, ("quote",))
        path = tmp_path / "project.qdpx"
        services.exports.export(path, ExportOptions(format="qdpx"))
    finally:
        services.close()
    return path


def _library(location: str) -> None:
    """The same articles, with passages of their own by one of the project's coders (so the
    import adds to kept counts that are there) and one of their own."""
    services = open_services(location, backup=False)
    try:
        services.documents.import_samples()
        _tag_spans(services, "Ann Lee", 89, ("claim",))
        _tag_spans(services, "Cy", 113, ("date",))
    finally:
        services.close()


def _state(location: str) -> dict[str, list[tuple]]:
    with RawDB(location) as db:
        return {
            "annotations": db.all(
                "SELECT id, document_id, start_offset, end_offset, coder_id, layer FROM annotations ORDER BY id"
            ),
            "links": db.all("SELECT annotation_id, tag_id FROM annotation_tags ORDER BY annotation_id, tag_id"),
            "kept counts": db.all("SELECT document_id, tag_id, coder_id, n FROM tag_counts ORDER BY 1, 2, 3"),
            "counts from the rows": db.all(
                "SELECT a.document_id, t.tag_id, a.coder_id, count(*) FROM annotation_tags t "
                "JOIN annotations a ON a.id = t.annotation_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
            ),
            "kept annotation counts": db.all("SELECT id, annotation_count FROM documents ORDER BY id"),
            "annotation counts": db.all(
                "SELECT d.id, count(a.id) FROM documents d LEFT JOIN annotations a ON a.document_id = d.id "
                "GROUP BY d.id ORDER BY d.id"
            ),
            "log": db.all("SELECT id, tbl, kind, document_id, row_id FROM change_log ORDER BY id"),
            "log state": db.all("SELECT pruned_through FROM change_log_state"),
            "triggers": _triggers(db, location),
        }


def _triggers(db: RawDB, location: str) -> list[tuple]:
    if "://" in location:
        return db.all(
            "SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2"
        )
    return db.all("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")


def test_after_an_import_the_kept_counts_and_the_log_are_what_the_triggers_would_have_made(backend, new_location, tmp_path):
    project = _project(new_location(), tmp_path)
    fast, slow = new_location(), new_location()
    for location in (fast, slow):
        _library(location)
    with RawDB(slow) as db:  # another program's trigger: the import lets every trigger fire row by row
        if backend == "sqlite":
            db.run(NOTHING)
    before = _state(fast)
    services = open_services(fast, backup=False)
    try:
        with services.refi.library.writing() as session:
            assert bulk_annotations.replaceable(session) is (backend == "sqlite")
        report = services.refi.import_project(project)
    finally:
        services.close()
    assert report.added["annotations"] > 200 and not report.problems
    other = open_services(slow, backup=False)
    try:
        with other.refi.library.writing() as session:
            assert not bulk_annotations.replaceable(session)
        assert other.refi.import_project(project).added == report.added
    finally:
        other.close()
    with RawDB(slow) as db:
        if backend == "sqlite":
            db.run("DROP TRIGGER other_program")
    after, by_the_triggers = _state(fast), _state(slow)
    assert after == by_the_triggers
    assert after["kept counts"] == after["counts from the rows"] != before["kept counts"]
    assert after["kept annotation counts"] == after["annotation counts"] != before["kept annotation counts"]
    new = len(after["annotations"]) - len(before["annotations"])
    assert new == report.added["annotations"]
    logged = after["log"][len(before["log"]) :] if len(after["log"]) > len(before["log"]) else []
    assert [row[1] for row in logged].count("annotations") == new  # none pruned: the log keeps 100,000
    assert after["triggers"] == before["triggers"]
    done = annotator(fast, "check")
    assert done.stdout.decode().strip().splitlines() == [f"library OK: 4 documents, {len(after['annotations'])} annotations"]


def test_an_import_that_fails_half_way_leaves_the_library_as_it_was(backend, location, new_location, tmp_path):
    project = _project(new_location(), tmp_path)
    _library(location)
    with RawDB(location) as db:
        for statement in REFUSE_SQLITE if backend == "sqlite" else REFUSE_POSTGRESQL:
            db.run(statement)
    before = _state(location)
    services = open_services(location, backup=False)
    try:
        with services.refi.library.writing() as session:  # the change log is not watched: in bulk
            assert bulk_annotations.replaceable(session) is (backend == "sqlite")
        with pytest.raises(Exception, match="refused by another program"):
            services.refi.import_project(project)
        assert _state(location) == before
        with RawDB(location) as db:  # the other program goes: the same import now succeeds
            db.run("DROP TRIGGER other_program" + ("" if backend == "sqlite" else " ON change_log"))
        report = services.refi.import_project(project)
    finally:
        services.close()
    after = _state(location)
    assert after["kept counts"] == after["counts from the rows"] != before["kept counts"]
    assert len(after["annotations"]) == len(before["annotations"]) + report.added["annotations"]
    assert after["triggers"] == [t for t in before["triggers"] if "other_program" not in str(t)]
    assert annotator(location, "check").returncode == 0
