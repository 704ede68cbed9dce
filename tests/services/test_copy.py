"""`copy SRC DST`: a whole library into an empty one — to this test's backend, and SQLite → PostgreSQL."""

import pytest

from annotator.domain.models import Status
from annotator.services import UserError, open_services
from annotator.services.copy import copy_library
from annotator.storage.schema import Base
from tests.rawdb import RawDB

TABLES = (
    "coders",
    "tags",
    "documents",
    "document_texts",
    "document_status",
    "annotations",
    "annotation_tags",
    "rejected_suggestions",
    "lexicon_terms",
    "gold_decisions",
    "tag_counts",  # kept by the target's triggers as the rows arrive (revision 0011)
)


def filled(location):
    """Two coders, tags, a status, a rejected suggestion (each coder's own row, 0015), a deleted
    annotation (a freed id)."""
    ann = open_services(location, annotator="ann", backup=False)
    ann.documents.import_samples()
    claim = ann.codebook.by_name("claim").id
    ann.annotations.tag(1, 10, 20, [claim], note="it's; -- 'quoted' ✓")
    gone = ann.annotations.tag(1, 30, 40, [claim]).annotation
    ann.annotations.delete(gone.id)
    ann.documents.set_status(2, Status.DONE)
    ann.close()
    bob = open_services(location, annotator="bob", backup=False)
    bob.annotations.tag(1, 10, 20, [claim])
    bob.coders.add("Lea", lead=True)
    bob.close()
    lea = open_services(location, annotator="lea", backup=False)
    assert len(lea.gold.accept_agreed([1])) == 1  # ann and bob agree: a gold passage and its decision
    lea.close()
    with RawDB(location) as db:
        for login, end in (("ann", 4), ("bob", 4), ("bob", 9)):
            db.run(
                "INSERT INTO rejected_suggestions (document_id, tag_id, start_offset, end_offset, coder_id) "
                "VALUES (3, :t, 1, :e, (SELECT id FROM coders WHERE login = :c))",
                t=claim,
                e=end,
                c=login,
            )
    return gone.id


def rows(location):
    """Every table's rows in the models' columns (a server's links also hold server-only copies, 0014)."""
    with RawDB(location) as db:
        return {
            t: sorted(db.all(f"SELECT {', '.join(c.name for c in Base.metadata.tables[t].columns)} FROM {t}"), key=repr)
            for t in TABLES
        }


def check_copy(source, target, freed):
    report = copy_library(source, target)
    assert "4 annotations" not in report.lines()[0] and "3 annotations" in report.lines()[0]
    assert rows(target) == rows(source)  # ids, UUIDs, coders, times, counts: all the same
    copied = open_services(target, annotator="ann", backup=False)
    assert copied.integrity.check().problems == []
    made = copied.annotations.tag(2, 0, 5, [copied.codebook.by_name("claim").id]).annotation
    assert made.id > freed  # the freed id stays unused in the copy too
    lea = open_services(target, annotator="lea", backup=False)
    assert lea.gold.accept_agreed([1]) == []  # the decision came along: nothing to accept twice
    lea.close()
    copied.close()
    with pytest.raises(UserError, match="not empty"):
        copy_library(source, target)


def test_copy_into_an_empty_library_keeps_everything(new_location):
    source, target = new_location(), new_location()
    check_copy(source, target, filled(source))


@pytest.mark.sqlite_only("the source is a file, the target the session's PostgreSQL server (the cross move)")
def test_copy_from_a_file_to_a_server_and_back(new_location, postgres_server, tmp_path):
    source = new_location()
    freed = filled(source)
    server = postgres_server.database()
    try:
        check_copy(source, server, freed)
        back = str(tmp_path / "back.sqlite3")
        copy_library(server, back)
        assert rows(back) == rows(server)
    finally:
        postgres_server.drop(server)
