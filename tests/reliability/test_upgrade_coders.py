"""Revision 0005 on the released libraries: the free-text annotator names become coders (nothing
lost), every annotation gets a UUID, a document's status becomes each coder's own, and an id freed
before the upgrade is still never handed out again."""

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.models import Status
from annotator.services import open_services

DATA = Path(__file__).resolve().parents[1] / "data"
BEFORE = [DATA / f"library-000{n}.sqlite3" for n in (1, 2, 3, 4)]
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
LONG = "Алина " + "Ж" * 40  # 87 bytes of UTF-8: too long for a PostgreSQL role name
NAMES = ["Anna", "anna", "", LONG, "Bo; DROP TABLE coders --", "  "]


def _copy(original, tmp_path):
    library = tmp_path / original.name
    shutil.copy(original, library)
    return library


def _name_the_annotators(library):
    """Six annotations, each by one of NAMES (case twins, empty, blank, long, hostile), statuses set."""
    with sqlite3.connect(library) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM annotations ORDER BY id")]
        template = db.execute(
            "SELECT document_id, start_offset, end_offset, quote, prefix, suffix, note, created_at, "
            "updated_at FROM annotations WHERE id = ?",
            (ids[0],),
        ).fetchone()
        for _ in range(len(NAMES) - len(ids)):
            db.execute(
                "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, "
                "annotator, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
                template,
            )
        ids = [r[0] for r in db.execute("SELECT id FROM annotations ORDER BY id")]
        for annotation_id, name in zip(ids, NAMES, strict=True):
            db.execute("UPDATE annotations SET annotator = ? WHERE id = ?", (name, annotation_id))
        db.execute("UPDATE documents SET status = 'done' WHERE id IN (SELECT document_id FROM annotations)")
        db.execute("UPDATE documents SET status = 'in progress' WHERE id NOT IN (SELECT document_id FROM annotations)")
        return {annotation_id: name for annotation_id, name in zip(ids, NAMES, strict=True)}, dict(
            db.execute("SELECT id, document_id FROM annotations")
        )


@pytest.mark.parametrize("original", BEFORE, ids=lambda p: p.stem)
def test_each_annotator_name_becomes_one_coder_and_nothing_is_lost(original, tmp_path):
    library = _copy(original, tmp_path)
    named, documents = _name_the_annotators(library)
    services = open_services(str(library), annotator="Anna", backup=False)
    coders = {c.login: c for c in services.coders.list()}
    # Each distinct name is one coder, its display name kept exactly; empty and blank names read
    # as earlier versions showed them; logins unique, at most 63 bytes.
    assert sorted(c.display_name for c in coders.values()) == sorted(
        {"Anna", "anna", "(no annotator)", LONG, "Bo; DROP TABLE coders --", "  "}
    )
    assert all(len(login.encode()) <= 63 for login in coders)
    assert {coders["anna"].display_name, coders["anna-2"].display_name} == {"Anna", "anna"}
    by_display = {c.display_name: c.login for c in coders.values()}
    uuids = set()
    for annotation_id, name in named.items():
        found = services.annotations.get(annotation_id)
        assert found.coder == by_display[name or "(no annotator)"] and found.layer == "coder"
        assert UUID4.match(found.uuid), found.uuid
        uuids.add(found.uuid)
    assert len(uuids) == len(named)
    # The status goes to each coder with annotations in the document; a document nobody
    # annotated keeps its status for every coder.
    assert services.coders.current().display_name == "Anna"  # --annotator finds a coder by display name
    annas = {documents[i] for i, name in named.items() if name == "Anna"}
    for document in services.documents.list():
        expected = (
            Status.DONE if document.id in annas else Status.NEW if document.id in documents.values() else Status.IN_PROGRESS
        )
        assert document.status == expected, document.id
    services.close()
    with sqlite3.connect(library) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert "annotator" not in {r[1] for r in db.execute("PRAGMA table_info(annotations)")}
        assert "status" not in {r[1] for r in db.execute("PRAGMA table_info(documents)")}


def test_a_library_without_annotations_keeps_its_statuses(tmp_path):
    library = _copy(DATA / "library-0004.sqlite3", tmp_path)
    with sqlite3.connect(library) as db:
        db.execute("PRAGMA foreign_keys = ON")  # the tag links go with them, as in the app
        db.execute("DELETE FROM annotations")
        db.execute("UPDATE documents SET status = 'done' WHERE id = 2")
    services = open_services(str(library), annotator="(no annotator)", backup=False)
    assert [c.login for c in services.coders.list()] == ["no_annotator"]
    assert services.documents.get(2).status == Status.DONE and services.documents.get(1).status == Status.NEW
    services.close()


def test_an_id_freed_before_the_upgrade_is_never_handed_out(tmp_path):
    """0005 rebuilds annotations on SQLite: the rebuilt table keeps AUTOINCREMENT's high-water mark."""
    library = _copy(DATA / "library-0004.sqlite3", tmp_path)
    with sqlite3.connect(library) as db:
        db.execute("PRAGMA foreign_keys = ON")
        newest = db.execute("SELECT max(id) FROM annotations").fetchone()[0]
        db.execute("DELETE FROM annotations WHERE id = ?", (newest,))
    services = open_services(str(library), backup=False)
    claim = services.codebook.by_name("claim").id
    assert services.annotations.tag(2, 0, 5, [claim]).annotation.id == newest + 1
    services.close()
