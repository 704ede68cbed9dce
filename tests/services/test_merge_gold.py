"""`merge` carries the lead's gold decisions (gold_decisions) on both backends: their documents,
tags and curators under the ids this library gives them, sources and gold annotation by UUID; a
second merge brings nothing twice; a decision whose tag conflicts is reported, not brought."""

import dataclasses

from annotator.domain.models import TagSpec
from annotator.services import open_services
from tests.rawdb import RawDB
from tests.services.test_merge import _spec, library


def _adjudicated(location):
    """ann and bob code document 4; lea (the lead) accepts what they agree on, edits a span, adds
    a passage with a tag only this library has, rejects one; returns the decisions as kept
    (without ids: those are this library's)."""
    services = library(location, "ann")
    services.codebook.add(TagSpec("verdict", "#8844aa"))
    for coder in ("ann", "bob"):
        services.coders.switch(coder)
        services.annotations.tag_quote(4, "Armenia and Azerbaijan", ["claim"], nth=1)
    services.coders.switch("ann")
    ann = services.annotations.tag_quote(4, "victory in Karabakh", ["claim"], nth=1).annotation
    services.coders.switch("bob")
    bob = services.annotations.tag_quote(4, "our victory in Karabakh", ["claim"], nth=1).annotation
    lone = services.annotations.tag_quote(4, "anti-terrorist operation", ["claim"], nth=1).annotation
    services.coders.add("Lea", lead=True)
    services.coders.switch("lea")
    assert len(services.gold.accept_agreed([4])) == 1
    services.gold.accept_edited(4, "claim", ann.start, ann.end - 9, [ann.uuid, bob.uuid])
    text = services.annotations.text(4)
    services.gold.add(4, "verdict", text.index("Karabakh War"), text.index("Karabakh War") + 12)
    services.gold.reject(4, "claim", [lone.uuid])
    kept = sorted(_kept(services, 4))
    services.close()
    return kept


def _kept(services, doc):
    return [(d.tag, d.decision, d.sources, d.gold_uuid, d.curator, d.decided_at) for d in services.gold.decisions([doc])]


def _decision_rows(location):
    with RawDB(location) as db:
        return sorted(db.all("SELECT * FROM gold_decisions"), key=repr)


def test_merge_brings_gold_decisions_once_under_this_librarys_ids(new_location, tmp_path):
    here_at, there_at = new_location(), new_location()
    here = open_services(here_at, annotator="zed", backup=False)
    extra = tmp_path / "first.txt"
    extra.write_text("A document only this library has, so the samples' ids differ here.\n", encoding="utf-8")
    here.documents.import_files([extra])
    here.documents.import_samples()
    here.coders.add("Boss", lead=True)  # coders' ids differ too
    here.codebook.add(TagSpec("only here", "#112233"))  # so "verdict" gets another id here
    theirs = _adjudicated(there_at)
    doc = next(d.id for d in here.documents.list() if "victory" in d.title.lower())
    assert doc != 4  # the documents' ids differ between the two libraries
    first = here.merge.merge(there_at)
    assert first.added["gold decisions"] == 4 and first.unmatched == []
    assert sorted(_kept(here, doc)) == theirs  # document, tag (a new one here), curator: mapped
    assert first.changes.documents >= {doc}
    golden = {a.uuid: a for a in here.annotations.for_document(doc) if a.layer == "gold"}
    assert {d.gold_uuid for d in here.gold.decisions([doc]) if d.gold_uuid} == set(golden)
    assert here.integrity.check().problems == []
    after = _decision_rows(here_at)
    second = here.merge.merge(there_at)
    assert second.added.get("gold decisions", 0) == 0 and second.already["gold decisions"] == 4
    assert _decision_rows(here_at) == after
    here.coders.switch("boss")
    assert here.gold.accept_agreed([doc]) == []  # the agreed passage's decision came along
    here.close()


def test_a_decision_whose_tag_conflicts_is_reported_and_not_brought(new_location):
    here_at, there_at = new_location(), new_location()
    here = library(here_at, "zed")
    _adjudicated(there_at)
    tag = here.codebook.by_name("claim")
    here.codebook.change(tag.id, dataclasses.replace(_spec(tag), color="#123456"))
    report = here.merge.merge(there_at)
    assert report.added["gold decisions"] == 1  # the added passage, tagged verdict
    held = [line for line in report.unmatched if line.startswith("gold decision")]
    assert len(held) == 3 and all("its tag conflicts" in line for line in held)
    assert [d.decision for d in here.gold.decisions()] == ["added"]
    here.close()
