"""The passage–tag counts kept by triggers (revision 0011), which the crosstab reads: after every
kind of write — tagging, untagging, deleting and restoring passages, documents and tags, another
program's raw SQL moving a passage to another coder or a link to another tag, copy and merge —
the kept counts are the links counted afresh, and the crosstab from them is the crosstab from the
links, for every column and both ways of counting."""

from __future__ import annotations

import random

from annotator.services import open_services
from annotator.services.copy import copy_library
from annotator.storage import integrity, tables_query
from tests.rawdb import RawDB

COLUMNS = ("source", "year", "month", "language", "coder", "variable")


def _kept_and_real(location):
    with RawDB(location) as db:
        kept = sorted(db.all("SELECT document_id, tag_id, coder_id, n FROM tag_counts"))
        real = sorted(
            db.all(
                "SELECT a.document_id, t.tag_id, a.coder_id, count(*) FROM annotation_tags t "
                "JOIN annotations a ON a.id = t.annotation_id GROUP BY a.document_id, t.tag_id, a.coder_id"
            )
        )
    return kept, real


def _assert_counts_right(services, location):
    kept, real = _kept_and_real(location)
    assert kept == real
    assert all(n > 0 for *_key, n in kept)  # a count that fell to 0 is gone (documents count rows)
    variable = services.variables.variables()[0].id
    with services.library.reading() as session:
        for column in COLUMNS:
            for documents in (False, True):
                for subset in (None, [1, 3]):
                    one, two = (
                        sorted(
                            tables_query.crosstab(
                                session, column, documents=documents, variable_id=variable, document_ids=subset, kept=k
                            )
                        )
                        for k in (True, False)
                    )
                    assert one == two, (column, documents, subset)
        assert list(integrity.tag_count_problems(session)) == []  # what `annotator check` says


def _random_passages(services, rng, count):
    tags = [t.id for t in services.codebook.tags()]
    made = []
    for _ in range(count):
        document = rng.choice(services.documents.list())
        start = rng.randrange(0, document.length - 60)
        result = services.annotations.tag(
            document.id, start, start + rng.randrange(3, 50), rng.sample(tags, rng.choice((1, 1, 2, 3)))
        )
        made.append(result.annotation.id)
    return made


def test_the_kept_counts_follow_every_write_and_the_crosstab_reads_them(new_location):
    location = new_location()
    rng = random.Random(11)
    ann = open_services(location, annotator="ann", backup=False)
    ann.documents.import_samples()
    ann.variables.define("outlet_type", "choice", "state|private")
    ann.variables.set_values([1, 2], {"outlet_type": "state"})
    mine = _random_passages(ann, rng, 40)
    bob = open_services(location, annotator="bob", backup=False)
    theirs = _random_passages(bob, rng, 30)
    _assert_counts_right(ann, location)
    tags = [t.id for t in ann.codebook.tags()]
    # tags added to and taken from passages, passages deleted and restored (undo)
    for annotation_id in mine[:10]:
        ann.annotations.toggle_tag(annotation_id, rng.choice(tags))
    ann.annotations.remove_tags(mine[10], list(ann.annotations.get(mine[10]).tag_ids))
    for annotation_id in mine[11:16]:
        before = ann.annotations.get(annotation_id)
        ann.annotations.delete(annotation_id)
        if annotation_id % 2:
            ann.annotations.restore(before)
    _assert_counts_right(ann, location)
    # a document deleted (cascades) and restored; a tag deleted (cascades) and restored
    deleted, _ = ann.documents.delete(2)
    _assert_counts_right(ann, location)
    ann.documents.restore(deleted)
    gone, _ = ann.codebook.delete(tags[0])
    _assert_counts_right(ann, location)
    ann.codebook.restore(gone)
    _assert_counts_right(ann, location)
    # another program: a passage moved to another coder and another document, a link to another tag
    with RawDB(location) as db:
        ann_id = db.scalar("SELECT id FROM coders WHERE login = 'ann'")
        db.run("UPDATE annotations SET coder_id = :c WHERE id = :a", c=ann_id, a=theirs[0])
        db.run("UPDATE annotations SET document_id = 3 WHERE id = :a", a=theirs[1])
        link = db.all("SELECT annotation_id, tag_id FROM annotation_tags WHERE annotation_id = :a", a=theirs[2])[0]
        free = next(
            t
            for t in tags
            if t not in {r[0] for r in db.all("SELECT tag_id FROM annotation_tags WHERE annotation_id = :a", a=link[0])}
        )
        db.run(
            "UPDATE annotation_tags SET tag_id = :t WHERE annotation_id = :a AND tag_id = :o", t=free, a=link[0], o=link[1]
        )
        if db.engine.dialect.name == "sqlite":  # as the app has them: the links go with their passage
            db.run("PRAGMA foreign_keys = ON")
        db.run("DELETE FROM annotations WHERE id = :a", a=theirs[3])
    _assert_counts_right(ann, location)
    # copy into an empty library; merge a third coder's library in
    copied = new_location()
    copy_library(location, copied)
    assert _kept_and_real(copied)[0] == _kept_and_real(location)[0]
    other = new_location()
    copy_library(location, other)
    cem = open_services(other, annotator="cem", backup=False)
    _random_passages(cem, rng, 10)
    cem.close()
    ann.merge.merge(other)
    _assert_counts_right(ann, location)
    bob.close()
    ann.close()
