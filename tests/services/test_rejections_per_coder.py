"""Rejected suggestions are each coder's own (revision 0015, decision 053), on both backends: one
coder's rejection hides a suggestion from them only; undo, a deleted document put back, merge and
an old file brought in keep whose each rejection is."""

import shutil
from pathlib import Path

import pytest

from annotator.services import UserError, open_services
from annotator.storage.revisions import HEAD

DATA = Path(__file__).resolve().parents[1] / "data"


def spans(services, document_id=1):
    return {(s.tag, s.start, s.end) for s in services.suggestions.suggest(document_id)}


def key(offer):
    return (offer.tag, offer.start, offer.end)


def test_a_coders_rejection_hides_the_suggestion_from_them_only(location):
    services = open_services(location, annotator="ann", backup=False)
    try:
        services.documents.import_samples()
        first = services.suggestions.suggest(1)[0]
        services.suggestions.reject(1, [first])
        assert key(first) not in spans(services)
        services.coders.switch("bob")  # a second coder of the same library
        assert key(first) in spans(services)  # still offered to bob
        services.suggestions.reject(1, [first])  # bob's own rejection, beside ann's
        assert key(first) not in spans(services)
        services.suggestions.unreject(1, [first])  # bob's undo brings it back for bob…
        assert key(first) in spans(services)
        services.coders.switch("ann")
        assert key(first) not in spans(services)  # …and leaves ann's rejection alone
        services.suggestions.unreject(1, [first])
        assert key(first) in spans(services)
    finally:
        services.close()


def test_a_coder_who_only_rejects_becomes_a_coder_of_the_library(location):
    """A rejection is the first write of someone new (as a tag is): they are made a coder."""
    services = open_services(location, annotator="ann", backup=False)
    try:
        services.documents.import_samples()
        services.coders.switch("Cleo New")
        first = services.suggestions.suggest(1)[0]
        services.suggestions.reject(1, [first])
        assert "cleo_new" in {c.login for c in services.coders.list()}
        assert key(first) not in spans(services)
    finally:
        services.close()


def test_a_deleted_document_comes_back_with_each_coders_rejections(location):
    services = open_services(location, annotator="ann", backup=False)
    try:
        services.documents.import_samples()
        offers = services.suggestions.suggest(1)
        services.suggestions.reject(1, offers[:1])
        services.coders.switch("bob")
        services.suggestions.reject(1, offers[1:3])
        services.coders.add("Lea", lead=True)
        services.coders.switch("lea")
        deleted, _ = services.documents.delete(1)
        services.documents.restore(deleted)
        assert spans(services) == {key(o) for o in offers}  # lea rejected nothing
        services.coders.switch("bob")
        assert spans(services) == {key(o) for o in offers[:1] + offers[3:]}
        services.coders.switch("ann")
        assert spans(services) == {key(o) for o in offers[1:]}
    finally:
        services.close()


def test_merge_brings_each_coders_rejections_as_theirs_and_twice_changes_nothing(new_location):
    here_at, there_at = new_location(), new_location()
    here = open_services(here_at, annotator="ann", backup=False)
    there = open_services(there_at, annotator="bob", backup=False)
    try:
        here.documents.import_samples()
        there.documents.import_samples()
        offers = there.suggestions.suggest(1)
        there.suggestions.reject(1, offers[:2])  # bob's, offline
        there.coders.switch("cleo")
        there.suggestions.reject(1, offers[4:5])  # cleo's, in the same file
        here.suggestions.reject(1, offers[1:3])  # ann's, here
    finally:
        there.close()
    try:
        report = here.merge.merge(there_at)
        assert report.added["rejected suggestions"] == 3 and report.changes.suggestions
        assert spans(here) == {key(o) for o in offers[:1] + offers[3:]}  # ann's own, as before
        again = here.merge.merge(there_at)
        assert not again.added.get("rejected suggestions")
        here.coders.switch("bob")
        assert spans(here) == {key(o) for o in offers[2:]}  # bob's came with bob
        here.coders.switch("cleo")
        assert spans(here) == {key(o) for o in offers[:4] + offers[5:]}
    finally:
        here.close()


@pytest.mark.sqlite_only("an old SQLite file (the shipped library-0014) merged into a new library")
def test_an_old_file_is_refused_with_a_sentence_then_merges_once_opened(new_location, tmp_path):
    old = tmp_path / "library-0014.sqlite3"
    shutil.copy(DATA / "library-0014.sqlite3", old)
    here = open_services(new_location(), annotator="ann", backup=False)
    try:
        with pytest.raises(UserError, match=f"at schema 0014, this version reads {HEAD}: open it once"):
            here.merge.merge(str(old))
        open_services(str(old), backup=False).close()  # opened once: upgraded
        report = here.merge.merge(str(old))
        assert report.added["rejected suggestions"] == 3  # the fixture's one, for each of its three coders
        for login in ("fixture", "second_coder", "lead_curator"):
            here.coders.switch(login, login=True)
            assert (462, 485) not in {(s.start, s.end) for s in here.suggestions.suggest(1, ["date"])}, login
        here.coders.switch("ann")
        assert (462, 485) in {(s.start, s.end) for s in here.suggestions.suggest(1, ["date"])}
    finally:
        here.close()


def test_another_coders_passage_hides_no_suggestion(location):
    """Coders code independently: a suggestion another coder has tagged is still offered to me
    (on an SQLite file a blind coder would otherwise learn where the others tagged); my own
    passage with that tag hides it."""
    services = open_services(location, annotator="ann", backup=False)
    try:
        services.documents.import_samples()
        first = services.suggestions.suggest(1)[0]
        services.suggestions.accept(1, [first])
        assert key(first) not in spans(services)
        services.coders.switch("bob")
        assert key(first) in spans(services)
        services.suggestions.accept(1, [first])  # bob's own passage, beside ann's
        assert key(first) not in spans(services)
    finally:
        services.close()
