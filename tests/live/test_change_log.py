"""The change log (revision 0006) on both backends: every change another window must hear is in
it, written by the change's own transaction; "changes after id N" misses nothing, tells nothing
twice and skips the reader's own writes; the log stays bounded and a reader behind its pruning
(or a restored library) reads everything again."""

from __future__ import annotations

from sqlalchemy import text

from annotator.domain.models import TagSpec
from annotator.services import open_services
from annotator.services.watch import EVERYTHING, LibraryWatch
from tests.cli.test_cli import annotator


def _log(services, after=0):
    with services.library.reading() as session:
        return session.execute(
            text("SELECT tbl, kind, document_id, row_id, origin FROM change_log WHERE id > :a ORDER BY id"), {"a": after}
        ).all()


def _newest(services):
    with services.library.reading() as session:
        return session.execute(text("SELECT coalesce(max(id), 0) FROM change_log")).scalar_one()


def test_every_change_another_window_must_hear_is_logged_by_its_own_transaction(location):
    services = open_services(location, annotator="a", backup=False)
    try:
        services.documents.import_samples()
        start = _newest(services)
        tag = services.codebook.tags()[0]
        text_1 = services.documents.text(1)
        made = services.annotations.tag(1, 10, 20, [tag.id]).annotation
        assert text_1[10:20] == made.quote
        services.annotations.set_note(made.id, "a note")
        services.annotations.delete(made.id)
        new_tag, _ = services.codebook.add(TagSpec("fresh; -- 'quoted' тег", "#123456"))
        services.suggestions.set_lexicon([("ceasefire", "peace")])
        services.documents.delete(2)
        logged = _log(services, start)
    finally:
        services.close()
    kinds = {(t, k) for t, k, *_ in logged}
    assert {
        ("annotations", "i"),
        ("annotation_tags", "i"),
        ("annotations", "u"),
        ("annotations", "d"),
        ("tags", "i"),
        ("lexicon_terms", "i"),
        ("documents", "d"),
    } <= kinds
    assert ("annotations", "i", 1, made.id, "") in logged
    assert ("annotation_tags", "i", 1, made.id, "") in logged
    assert ("tags", "i", None, new_tag.id, "") in logged
    # The annotation count kept by triggers is not news of its own: no "documents u" for tagging.
    assert ("documents", "u", 1, 1, "") not in logged


def test_a_write_that_fails_leaves_nothing_in_the_log(location):
    services = open_services(location, annotator="a", backup=False)
    try:
        services.documents.import_samples()
        start = _newest(services)
        try:
            with services.library.writing() as session:
                session.execute(text("UPDATE tags SET color = '#000000'"))
                raise RuntimeError("the action failed half-way")
        except RuntimeError:
            pass
        assert _log(services, start) == []
    finally:
        services.close()


def test_changes_after_a_mark_miss_nothing_repeat_nothing_and_skip_the_readers_own(location):
    window = open_services(location, annotator="window", backup=False)
    other = open_services(location, annotator="other", backup=False)
    try:
        window.documents.import_samples()
        watch = LibraryWatch(window.library, busy_ms=100)  # this thread now writes as the window
        watch.follow(1)
        tag = window.codebook.tags()[0].id
        own = window.annotations.tag(1, 5, 15, [tag]).annotation
        theirs = [other.annotations.tag(1, s, s + 5, [tag]).annotation for s in (100, 200)]
        elsewhere = other.annotations.tag(3, 10, 20, [tag]).annotation
        changes, mark = watch.changes()
        assert changes.annotations == {a.id for a in theirs}  # not the window's own, not another document's
        assert own.id not in changes.annotations and elsewhere.id not in changes.annotations
        assert changes.documents == {1, 3}  # the counts of both change in the library pane
        assert not changes.library and not changes.codebook
        watch.advance(mark)
        again, mark = watch.changes()
        assert not again  # nothing twice
        other.annotations.set_note(theirs[0].id, "later")
        later, _ = watch.changes()
        assert later.annotations == {theirs[0].id}
        # The window's rows are in the log all the same, marked with its session id.
        assert any(o == window.library.origin for *_, o in _log(window))
    finally:
        other.close()
        window.close()


def test_a_reader_behind_the_pruning_reads_everything_again_and_the_log_stays_bounded(location):
    """On both backends, through each one's own pruning (SQLite: a trigger on the log itself;
    PostgreSQL: the log function, every 1,000th entry): 120,000 changes, each logged by the
    trigger of the table it changed."""
    services = open_services(location, backup=False)
    try:
        watch = LibraryWatch(services.library, busy_ms=100)
        numbers = (
            "generate_series(1, 120000) AS n(i)"
            if not services.library.is_sqlite
            else "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120000) SELECT i FROM n) AS n"
        )
        with services.library.writing() as session:  # 120,000 changes, as a long day of a big team
            session.execute(
                text(
                    "INSERT INTO lexicon_terms (term, frame, position) "
                    f"SELECT 'term ' || CAST(i AS VARCHAR(10)), 'peace', 1000 + i FROM {numbers}"
                )
            )
        with services.library.reading() as session:
            count = session.execute(text("SELECT count(*) FROM change_log")).scalar_one()
            pruned = session.execute(text("SELECT pruned_through FROM change_log_state")).scalar_one()
        assert count <= 101_000 and pruned >= 19_000
        changes, mark = watch.changes()
        assert changes == EVERYTHING
        watch.advance(mark)
        assert not watch.changes()[0]
    finally:
        services.close()


def test_a_restore_gives_the_log_another_history_and_open_windows_read_everything(tmp_path):
    library = tmp_path / "lib.sqlite3"
    services = open_services(str(library), backup=False)
    try:
        services.documents.import_samples()
        annotator(library, "backup", str(tmp_path / "b.sqlite3"))
        watch = LibraryWatch(services.library, busy_ms=100)
        annotator(library, "restore", str(tmp_path / "b.sqlite3"), "--yes")
        assert watch.changes()[0] == EVERYTHING
    finally:
        services.close()


def test_another_window_hears_of_document_variables_and_memos(location):
    """Issue 14: variables, their values and memos are in the log; the window refreshes those documents."""
    window = open_services(location, annotator="window", backup=False)
    other = open_services(location, annotator="other", backup=False)
    try:
        window.documents.import_samples()
        watch = LibraryWatch(window.library, busy_ms=100)
        other.variables.define("stance")
        defined, mark = watch.changes()
        assert defined.library and not defined.documents
        watch.advance(mark)
        other.variables.set_values([2, 3], {"stance": "neutral"})
        other.variables.set_memo(4, "memo")
        changes, mark = watch.changes()
        assert changes.documents == {2, 3, 4} and not changes.library and not changes.annotations
        start = _newest(window)
        other.variables.set_values([2], {"stance": ""})
        assert ("document_values", "d", 2, other.variables.variables()[1].id, "") in _log(window, start)
    finally:
        other.close()
        window.close()
