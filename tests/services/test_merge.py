"""`merge`: another library (a coder's copy) brought into this one, on both backends, on real libraries."""

import dataclasses
import hashlib
from pathlib import Path

import pytest

from annotator.services import UserError, open_services
from tests.rawdb import RawDB, everything

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
)


def library(location, coder):
    """A library holding the samples, opened as `coder` (the caller closes it)."""
    services = open_services(location, annotator=coder, backup=False)
    if not services.documents.list():
        services.documents.import_samples()
    return services


def dump(location):
    """Every row of every table the merge may touch (the change log aside), for "nothing changed"."""
    with RawDB(location) as db:
        return {t: sorted(db.all(f"SELECT * FROM {t}"), key=repr) for t in TABLES}


def claim(services):
    return services.codebook.by_name("claim").id


def test_qualcoder_1115_coding_is_kept_when_coder_names_differ(new_location):
    """QualCoder #1115: a merge dropped coding when the coders' names differed. Here ann and bob code
    the same passage in their own copies; after the merge both passages are there, each in its
    coder's layer, and a coder whose display name differs is still matched by login."""
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    mine = here.annotations.tag(1, 10, 20, [claim(here)]).annotation
    theirs = there.annotations.tag(1, 10, 20, [claim(there)], note="bob's reading").annotation
    there.coders.add("ann", display="Ann L.")  # the same login, shown differently there
    there.close()
    report = here.merge.merge(there_at)
    assert report.added["annotations"] == 1 and report.added["coders"] == 1  # bob; ann was here
    found = {a.coder: a for a in here.annotations.for_document(1)}
    assert set(found) == {"ann", "bob"}
    assert found["ann"].id == mine.id and found["bob"].uuid == theirs.uuid
    assert found["bob"].note == "bob's reading" and found["bob"].tag_ids == (claim(here),)
    assert (found["bob"].start, found["bob"].end) == (10, 20)
    assert [c.display_name for c in here.coders.list() if c.login == "ann"] == ["ann"]  # here's name kept
    assert here.integrity.check().problems == []
    here.close()


def test_merging_twice_changes_nothing(new_location):
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    here.annotations.tag(2, 0, 5, [claim(here)])
    for start in range(0, 200, 10):
        there.annotations.tag(3, start, start + 5, [claim(there)])
    there.close()
    first = here.merge.merge(there_at)
    assert first.added["annotations"] == 20
    after_first = dump(here_at)
    second = here.merge.merge(there_at)
    assert not any(second.added.values()) and second.conflicts == [] and second.unmatched == []
    assert second.already["annotations"] == 20 and second.already["documents"] == 4
    assert dump(here_at) == after_first
    here.close()


def test_merging_twice_matches_uuids_the_app_never_makes(new_location):
    """The UUIDs go to PostgreSQL as one comma-joined text split on the server (storage.transfer);
    a library made by another tool may hold any text there, commas and quotes included: the
    second merge still finds each one here."""
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    made = [there.annotations.tag(3, start, start + 5, [claim(there)]).annotation for start in (0, 10, 20)]
    there.close()
    with RawDB(there_at) as db:
        for annotation, odd in zip(made, ("a,b", "'; --", "ünï,cödé"), strict=True):
            db.run("UPDATE annotations SET uuid = :u WHERE id = :i", u=odd, i=annotation.id)
    assert here.merge.merge(there_at).added["annotations"] == 3
    second = here.merge.merge(there_at)
    assert second.already["annotations"] == 3 and not any(second.added.values()) and second.conflicts == []
    here.close()


def test_a_document_not_here_comes_with_its_text_and_annotations(new_location, tmp_path):
    here_at, there_at = new_location(), new_location()
    here = open_services(here_at, annotator="ann", backup=False)
    there = library(there_at, "bob")
    text = there.annotations.text(4)
    made = there.annotations.tag(4, 5, 30, [claim(there)]).annotation
    there.close()
    report = here.merge.merge(there_at)
    assert report.added["documents"] == 4 and report.added["annotations"] == 1
    (doc,) = [d for d in here.documents.list() if d.sha256 == hashlib.sha256(text.encode()).hexdigest()]
    (got,) = here.annotations.for_document(doc.id)
    assert got.uuid == made.uuid and here.annotations.text(doc.id)[got.start : got.end] == got.quote == made.quote
    assert here.documents.get(doc.id).annotation_count == 1  # the kept count follows
    here.close()


def test_a_tag_whose_colour_differs_is_a_conflict_reported_not_guessed(new_location):
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    tag = there.codebook.by_name("claim")
    there.codebook.change(tag.id, dataclasses.replace(_spec(tag), color="#123456"))
    there.annotations.tag(1, 10, 20, [tag.id])
    there.close()
    colour = here.codebook.by_name("claim").color
    report = here.merge.merge(there_at)
    assert any("tag 'claim'" in line and "colour" in line for line in report.conflicts)
    assert report.added.get("annotations", 0) == 0 and len(report.unmatched) == 1
    assert here.codebook.by_name("claim").color == colour  # never overwritten
    assert here.annotations.for_document(1) == []
    assert any("conflicts" in line for line in report.lines())
    here.close()


def _spec(tag):
    from annotator.domain.models import TagSpec

    return TagSpec(tag.name, tag.color, tag.shortcut, tag.description, tag.fields, tag.detector)


def test_an_annotation_changed_there_after_a_merge_is_reported_and_never_overwritten(new_location):
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    made = there.annotations.tag(1, 10, 20, [claim(there)], note="first").annotation
    here.merge.merge(there_at)
    there.annotations.set_note(made.id, "second thoughts")
    there.close()
    report = here.merge.merge(there_at)
    assert [line for line in report.conflicts if made.uuid in line and "note" in line]
    (kept,) = here.annotations.for_document(1)
    assert kept.note == "first"
    here.close()


def test_the_other_library_is_not_changed_at_all(new_location, backend):
    """OTHER is only read: every row of it the same after two merges (on a server too: its log,
    its sequences' effects, its statuses); a file, byte for byte and not even touched."""
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    there.annotations.tag(1, 10, 20, [claim(there)])
    there.close()
    rows = everything(there_at)
    assert rows["annotations"] and rows["change_log"]
    if backend == "sqlite":
        folder = Path(there_at).parent
        before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
        mtime = Path(there_at).stat().st_mtime_ns
    here.merge.merge(there_at)
    here.merge.merge(there_at)
    here.close()
    assert everything(there_at) == rows
    if backend == "sqlite":
        after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
        changed = {k for k in before if k != Path(here_at).name and not k.startswith(Path(here_at).name)}
        assert {k: after.get(k) for k in changed} == {k: before[k] for k in changed}
        assert set(after) - set(before) <= {Path(here_at).name + "-wal", Path(here_at).name + "-shm"}
        assert Path(there_at).stat().st_mtime_ns == mtime


def test_merging_a_library_into_itself_or_a_missing_one_is_refused(location, tmp_path):
    here = library(location, "ann")
    with pytest.raises(UserError, match="this library itself"):
        here.merge.merge(location)
    with pytest.raises(UserError, match="does not exist"):
        here.merge.merge(str(tmp_path / "nowhere.sqlite3"))
    # Not SQLite: SQLite's own verdict, in a sentence (the file is never opened by Python: decision 058).
    text = tmp_path / "notes.sqlite3"
    text.write_bytes(b"plain text, not a database\n" * 20)
    with pytest.raises(UserError, match=r"notes.sqlite3 is not an Annotator library \(not an SQLite database\)"):
        here.merge.merge(str(text))
    assert text.read_bytes() == b"plain text, not a database\n" * 20
    assert not (tmp_path / "notes.sqlite3-wal").exists() and not (tmp_path / "notes.sqlite3-shm").exists()
    here.close()


def test_coders_a_merge_brings_are_coders_even_if_lead_there(new_location):
    """Issue 12: a merge must not hand out the lead's rights. OTHER made carol its lead; here she
    comes in as a coder (the report says so); a coder already here keeps the role given here."""
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    there.annotations.tag(1, 10, 20, [claim(there)])
    there.coders.add("carol", lead=True)
    there.coders.add("dave", lead=True)
    here.coders.add("dave")  # here dave is a coder: a merge never changes that either
    there.close()
    report = here.merge.merge(there_at)
    roles = {c.login: c.role.value for c in here.coders.list()}
    assert roles["carol"] == "coder" and roles["bob"] == "coder" and roles["dave"] == "coder"
    assert report.added["coders"] == 2  # bob and carol
    said = "\n".join(report.lines())
    assert "carol" in said and "lead there" in said and "coder here" in said
    assert "bob" not in [line for line in report.lines() if "lead there" in line][0]  # only leads are named
    here.close()


def test_a_merge_stopped_before_its_commit_changes_nothing_and_the_next_one_completes(new_location):
    here_at, there_at = new_location(), new_location()
    here, there = library(here_at, "ann"), library(there_at, "bob")
    for start in range(0, 100, 10):
        there.annotations.tag(3, start, start + 5, [claim(there)])
    there.close()
    before = dump(here_at)
    steps: list[str] = []
    with pytest.raises(UserError, match="cancelled: nothing was changed"):
        here.merge.merge(there_at, keep_going=lambda step: steps.append(step) or step != "saving")
    assert steps[0] == "coders" and "saving" in steps and any(s.startswith("annotations (") for s in steps)
    assert dump(here_at) == before  # the annotations were written, then rolled back
    assert here.merge.merge(there_at).added["annotations"] == 10
    here.close()
