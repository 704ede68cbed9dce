"""A library from every released schema opens in this version with every annotation intact."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.services import open_services
from annotator.storage.revisions import HEAD

DATA = Path(__file__).resolve().parents[1] / "data"
RELEASED = sorted(DATA.glob("library-*.sqlite3"))


def test_a_library_is_kept_for_the_current_schema():
    assert DATA / f"library-{HEAD}.sqlite3" in RELEASED, "run tests/data/make_library.py for the new schema"


@pytest.mark.parametrize("original", RELEASED, ids=lambda p: p.stem)
def test_upgrade_keeps_every_annotation(original, tmp_path):
    recorded = json.loads(original.with_suffix(".json").read_text(encoding="utf-8"))
    expected, fields = recorded["annotations"], recorded.get("fields", {})
    library = tmp_path / original.name
    shutil.copy(original, library)
    services = open_services(str(library), backup=False)
    names = {t.id: t.name for t in services.codebook.tags()}
    for annotation_id, document_id, start, end, quote, note, tags in expected:
        found = services.annotations.get(annotation_id)
        assert found is not None, f"annotation {annotation_id} lost"
        assert (found.document_id, found.start, found.end, found.quote, found.note) == (document_id, start, end, quote, note)
        assert {names[t] for t in found.tag_ids} == set(tags.split(","))
        assert services.documents.text(document_id)[start:end] == quote
        assert dict(found.fields) == fields.get(str(annotation_id), {})
    tags = {t.name: t for t in services.codebook.tags()}
    assert [f.name for f in tags["casualty figure"].fields] == ["count_min", "count_max", "qualifier", "kind"]
    assert ("separatis*", "loaded term") in services.suggestions.lexicon()
    assert services.exports.export_csv(tmp_path / "all.csv") >= len(expected)
    services.close()
    with sqlite3.connect(library) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
