"""Deleting a document, and putting it back exactly (issue 11, friction 11)."""

import pytest

from annotator.domain.models import Status
from annotator.services import UserError
from tests.conftest import write
from tests.rawdb import RawDB


def everything(location, document_id):
    """Every stored row that belongs to the document, as the database holds it."""
    with RawDB(location) as db:
        return {
            "document": db.all("SELECT * FROM documents WHERE id = :d", d=document_id),
            "text": db.all("SELECT * FROM document_texts WHERE document_id = :d", d=document_id),
            "annotations": db.all("SELECT * FROM annotations WHERE document_id = :d ORDER BY id", d=document_id),
            "tags": db.all(
                "SELECT at.* FROM annotation_tags at JOIN annotations a ON a.id = at.annotation_id "
                "WHERE a.document_id = :d ORDER BY 1, 2",
                d=document_id,
            ),
            "rejected": db.all("SELECT * FROM rejected_suggestions WHERE document_id = :d ORDER BY 2, 3, 4", d=document_id),
        }


def test_delete_then_restore_puts_back_every_row_under_the_same_ids(loaded, location):
    services = loaded
    names = {t.name: t.id for t in services.codebook.tags()}
    first = services.annotations.tag_quote(1, "Azerbaijani soldiers", ["casualty figure", "claim"], note="a note").annotation
    services.annotations.set_fields(first.id, {"count_min": "100", "qualifier": "hundreds"})
    services.annotations.tag_quote(1, "Armenians", ["framing"], nth=1)
    services.documents.set_status(1, Status.IN_PROGRESS)
    offers = services.suggestions.suggest(1, ["date"])
    services.suggestions.reject(1, offers[:1])
    before = everything(location, 1)
    assert before["annotations"] and before["rejected"] and len(before["tags"]) == 3

    deleted, changes = services.documents.delete(1)
    assert 1 in changes.documents and changes.library
    assert everything(location, 1) == {key: [] for key in before}
    assert 1 not in {d.id for d in services.documents.list()}
    with pytest.raises(UserError):
        services.documents.text(1)

    restored, _ = services.documents.restore(deleted)
    assert restored.id == 1 and restored.annotation_count == 2
    assert everything(location, 1) == before
    assert names["claim"] in services.annotations.get(first.id).tag_ids


def test_restore_is_refused_when_the_same_text_came_back_meanwhile(loaded, tmp_path):
    services = loaded
    article = write(tmp_path / "article.txt", "An article deleted, then imported again.")
    document = services.documents.import_files([article])[0].document
    deleted, _ = services.documents.delete(document.id)
    again = services.documents.import_files([article])[0].document
    assert again.id == document.id + 1  # the freed id is never handed out
    with pytest.raises(UserError, match=f"document {again.id}"):
        services.documents.restore(deleted)
    assert services.documents.get(again.id).filename == "article.txt"


def test_a_document_deleted_twice_or_never_there_is_a_sentence(loaded):
    deleted, _ = loaded.documents.delete(2)
    with pytest.raises(UserError, match="no document 2"):
        loaded.documents.delete(2)
    loaded.documents.restore(deleted)
    with pytest.raises(UserError, match="document 2"):
        loaded.documents.restore(deleted)
