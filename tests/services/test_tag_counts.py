"""The passage–tag counts kept by triggers (revision 0011), which the crosstab reads: after every
kind of write — tagging, untagging, deleting and restoring passages, documents and tags, another
program's raw SQL moving a passage to another coder or a link to another tag, copy and merge —
the kept counts are the links counted afresh, and the crosstab from them is the crosstab from the
links, for every column and both ways of counting."""

from __future__ import annotations

import random

from annotator.domain.export_rows import layer_filter
from annotator.services import open_services
from annotator.services.copy import copy_library
from annotator.storage import integrity, tables_query
from tests.rawdb import RawDB

COLUMNS = ("source", "year", "month", "language", "coder", "variable")


def _kept_and_real(location):
    with RawDB(location) as db:
        kept = sorted(db.all("SELECT document_id, tag_id, coder_id, layer, n FROM tag_counts"))
        real = sorted(
            db.all(
                "SELECT a.document_id, t.tag_id, a.coder_id, a.layer, count(*) FROM annotation_tags t "
                "JOIN annotations a ON a.id = t.annotation_id GROUP BY a.document_id, t.tag_id, a.coder_id, a.layer"
            )
        )
    return kept, real


# Every layer choice of `--layer` (domain.export_rows.layer_filter): all, gold, coders, one coder's.
LAYERS = ("", "gold", "coders", "ann", "bob", "lea")


def _assert_counts_right(services, location, layers=("",)):
    kept, real = _kept_and_real(location)
    assert kept == real
    assert all(n > 0 for *_key, n in kept)  # a count that fell to 0 is gone (documents count rows)
    variable = services.variables.variables()[0].id
    with services.library.reading() as session:
        for choice in layers:
            layer, coder = layer_filter(choice)
            for column in COLUMNS:
                for documents in (False, True):
                    for subset in (None, [1, 3]):
                        one, two = (
                            sorted(
                                tables_query.crosstab(
                                    session,
                                    column,
                                    documents=documents,
                                    variable_id=variable,
                                    document_ids=subset,
                                    kept=k,
                                    layer=layer,
                                    coder=coder,
                                )
                            )
                            for k in (True, False)
                        )
                        assert one == two, (choice, column, documents, subset)
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


def test_the_crosstab_by_every_layer_choice_reads_the_kept_counts_as_the_links_give_it(new_location):
    """Revision 0015: the kept counts are per layer too, so a layer choice reads them (decision 044
    counted the links) — and gives the links' figures after inserts, deletes, tag changes, a
    passage moved to another layer, a gold adjudication and its undo. The lead's gold passages and
    her own coded ones are on the same document and tag: one row each now."""
    location = new_location()
    rng = random.Random(15)
    ann = open_services(location, annotator="ann", backup=False)
    ann.documents.import_samples()
    ann.variables.define("outlet_type", "choice", "state|private")
    ann.variables.set_values([1, 2], {"outlet_type": "state"})
    mine = _random_passages(ann, rng, 30)
    ann.coders.add("Lea", lead=True)
    bob = open_services(location, annotator="bob", backup=False)
    _random_passages(bob, rng, 20)
    claim = ann.codebook.by_name("claim").id
    for services in (ann, bob):  # a passage both coded alike: gold to accept
        services.annotations.tag(1, 100, 120, [claim])
    lea = open_services(location, annotator="lea", backup=False)
    lea.annotations.tag(1, 100, 120, [claim])  # the lead's own coded passage on the same span and tag
    _assert_counts_right(ann, location, LAYERS)
    (step,) = lea.gold.accept_agreed([1])
    _assert_counts_right(ann, location, LAYERS)
    with lea.library.reading() as session:
        gold = tables_query.crosstab(session, "coder", documents=False, layer="gold")
        coded = tables_query.crosstab(session, "coder", documents=False, layer="coder", coder="lea")
    assert gold == [(claim, "lea", 1)] and coded == [(claim, "lea", 1)]  # apart, not one row of 2
    with RawDB(location) as db:  # the app's crosstab by a layer reads the kept counts (a stray +100 shows)
        db.run("UPDATE tag_counts SET n = n + 100 WHERE layer = 'gold'")
    assert ann.tables.crosstab("coder", layer="gold").counts == {("claim", "lea"): 101}
    with RawDB(location) as db:
        db.run("UPDATE tag_counts SET n = n - 100 WHERE layer = 'gold'")
    lea.gold.undo(step)
    _assert_counts_right(ann, location, LAYERS)
    lea.gold.redo(step)
    tags = [t.id for t in ann.codebook.tags()]
    for annotation_id in mine[:8]:  # tags added and taken
        ann.annotations.toggle_tag(annotation_id, rng.choice(tags))
    for annotation_id in mine[8:12]:  # passages deleted, some put back (undo)
        before = ann.annotations.get(annotation_id)
        ann.annotations.delete(annotation_id)
        if annotation_id % 2:
            ann.annotations.restore(before)
    _assert_counts_right(ann, location, LAYERS)
    with RawDB(location) as db:  # another program moves a passage to the gold layer, and one back
        db.run("UPDATE annotations SET layer = 'gold' WHERE id = :a", a=mine[12])
        db.run("UPDATE annotations SET layer = 'coder' WHERE layer = 'gold' AND id <> :a", a=mine[12])
    _assert_counts_right(ann, location, LAYERS)
    for services in (lea, bob, ann):
        services.close()
