"""A library from every released schema opens in this version with every annotation intact."""

import csv
import json
import shutil
import sqlite3
from dataclasses import astuple
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.services import open_services
from annotator.storage import integrity
from annotator.storage.revisions import HEAD

# SQLite-only: upgrades of the shipped .sqlite3 libraries.
pytestmark = pytest.mark.sqlite_only("upgrades of the shipped .sqlite3 libraries")

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
        # 0005: every annotation has a coder and a uuid, kept from then on
        assert [found.uuid, found.coder] == recorded.get("coders", {}).get(str(annotation_id), [found.uuid, "fixture"])
    tags = {t.name: t for t in services.codebook.tags()}
    assert [f.name for f in tags["casualty figure"].fields] == ["count_min", "count_max", "qualifier", "kind"]
    assert ("separatis*", "loaded term") in services.suggestions.lexicon()
    assert services.exports.export_csv(tmp_path / "all.csv") >= len(expected)
    counted = {}
    for _, document_id, *_ in expected:
        counted[document_id] = counted.get(document_id, 0) + 1
    assert {row[0]: row[-1] for row in services.documents.listing() if row[-1]} == counted  # 0004 counted them
    # 0008: the gold layer's provenance kept, each accepted decision's gold annotation with it
    kept = [
        [d.id, d.document_id, d.tag, d.decision, json.dumps(list(d.sources)), d.gold_uuid, d.curator, d.decided_at]
        for d in services.gold.decisions()
    ]
    assert kept == recorded.get("gold_decisions", [])
    assert services.documents.phases([1])[1] == ("adjudicated" if kept else "blind")
    # 0010: document variables, their values and memos kept (none before 0010)
    variables = [[v.id, v.name, v.kind, "|".join(v.choices), v.position] for v in services.variables.variables()]
    assert variables == recorded.get("variables", [])
    values = services.variables.values()
    assert sorted([d, name, value] for d, held in values.items() for name, value in held.items()) == recorded.get(
        "values", []
    )
    memos = [[d.id, *astuple(services.variables.memo(d.id))] for d in services.documents.list()]
    assert [m for m in memos if m[1]] == recorded.get("memos", [])
    # 0011: the passage–tag counts the crosstab reads, filled from the links (and kept since)
    with services.library.reading() as session:
        assert list(integrity.tag_count_problems(session)) == []
        kept = session.execute(text("SELECT sum(n) FROM tag_counts")).scalar()
    assert kept == sum(len(tags.split(",")) for *_, tags in expected)
    # 0015: each coder's rejections (recorded from 0015 on; older ones: the test below)
    if "rejections" in recorded:
        with services.library.reading() as session:
            found = session.execute(
                text(
                    "SELECT r.document_id, c.login, t.name, r.start_offset, r.end_offset FROM rejected_suggestions r "
                    "JOIN coders c ON c.id = r.coder_id JOIN tags t ON t.id = r.tag_id ORDER BY 1, 2, 3, 4, 5"
                )
            ).all()
        assert [list(r) for r in found] == recorded["rejections"]
    # 0012: a PDF's page starts kept (none before 0012); the export's page column reads them
    with services.library.reading() as session:
        pages = session.execute(text("SELECT document_id, page, start_offset FROM document_pages ORDER BY 1, 2")).all()
    assert [list(p) for p in pages] == recorded.get("pages", [])
    with (tmp_path / "all.csv").open(encoding="utf-8", newline="") as handle:
        exported = {row["annotation_id"]: row["page"] for row in csv.DictReader(handle)}
    paged = {str(a[0]): "2" for a in expected if a[4] == "ceasefire held"}  # the fixture's passage on page 2
    assert exported == {str(a[0]): paged.get(str(a[0]), "") for a in expected}
    services.close()
    with sqlite3.connect(library) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD


def _schema_and_rows(path, columns=None):
    """Indexes, foreign keys and rows (of the given columns: those the older schema had)."""
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        indexes = sorted(
            db.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'"
            ).fetchall()
        )
        keys = {
            t: db.execute(f"PRAGMA foreign_key_list({t})").fetchall()
            for t in ("annotations", "annotation_tags", "rejected_suggestions")
            if t in tables
        }
        names = ("documents", "tags", "annotations", "annotation_tags", "rejected_suggestions")
        # (0002 rewrites the default guidelines nobody edited: descriptions may change on purpose)
        # (0005 makes coders of the annotator names and a status per coder: tests/reliability/test_upgrade_coders.py)
        columns = columns or {
            t: [r[1] for r in db.execute(f"PRAGMA table_info({t})") if r[1] not in ("description", "annotator", "status")]
            for t in names
            if t in tables
        }
        rows = {
            # DISTINCT: 0015 makes each shared rejection one row per coder (the rows of the older
            # columns are the same set: test_upgrade_gives_each_coder_every_rejection)
            t: db.execute(f"SELECT DISTINCT {', '.join(c)} FROM {_with_text(db, t)} ORDER BY 1, 2").fetchall()
            for t, c in columns.items()
        }
    return indexes, keys, columns, rows


def _with_text(db, table):
    """Since 0004 a document's text is in document_texts: read back beside the other columns."""
    if table == "documents" and "document_texts" in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}:
        return "(SELECT d.*, x.text FROM documents d JOIN document_texts x ON x.document_id = d.id)"
    return table


@pytest.mark.parametrize("original", RELEASED, ids=lambda p: p.stem)
def test_upgrade_keeps_rows_ids_keys_and_indexes_and_never_reuses_an_id(original, tmp_path):
    """0003 rebuilds tags and annotations for AUTOINCREMENT: every row, id, foreign key and index
    is kept, and an id freed after the upgrade (the newest annotation's, the newest tag's) is never
    handed out again."""
    library = tmp_path / original.name
    shutil.copy(original, library)
    indexes, keys, columns, rows = _schema_and_rows(library)
    services = open_services(str(library), backup=False)
    services.close()
    after_indexes, after_keys, _, after_rows = _schema_and_rows(library, columns)
    assert after_rows == rows
    # every foreign key is kept (0005 adds annotations -> coders; a key's number may shift)
    assert all({k[2:] for k in keys[t]} <= {k[2:] for k in after_keys[t]} for t in keys)
    assert set(indexes) <= set(after_indexes)
    services = open_services(str(library), backup=False)
    newest = max(r[0] for r in rows["annotations"])
    newest_tag = max(t.id for t in services.codebook.tags())
    services.coders.switch(services.annotations.get(newest).coder)  # a coder deletes only their own
    services.annotations.delete(newest)
    services.codebook.delete(newest_tag)
    claim = services.codebook.by_name("claim").id
    added = services.annotations.tag(2, 0, 5, [claim]).annotation
    assert added.id == newest + 1 and len(added.uuid) == 36
    from annotator.domain.models import TagSpec

    tag, _ = services.codebook.add(TagSpec("after the upgrade", "", "", ""))
    assert tag.id == newest_tag + 1
    services.close()
    with sqlite3.connect(library) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # the planner statistics of the rebuilt tables are kept (the export's join plan needs them)
        assert {"annotations", "tags"} <= {r[0] for r in db.execute("SELECT tbl FROM sqlite_stat1")}


@pytest.mark.parametrize("original", [p for p in RELEASED if "0002" <= p.stem[-4:] < "0015"], ids=lambda p: p.stem)
def test_upgrade_gives_each_coder_every_rejection(original, tmp_path):
    """Before 0015 a rejection was shared by the library's coders; the upgrade gives each coder who
    exists a copy of every one, so nobody is offered a suggestion that was hidden from them."""
    library = tmp_path / original.name
    shutil.copy(original, library)
    with sqlite3.connect(library) as db:
        shared = db.execute("SELECT document_id, tag_id, start_offset, end_offset FROM rejected_suggestions").fetchall()
    assert shared  # the fixture rejected a date from 0002 on
    services = open_services(str(library), backup=False)
    coders = services.coders.list()
    for coder in coders:
        services.coders.switch(coder.login, login=True)
        offered = {(s.start, s.end) for s in services.suggestions.suggest(1, ["date"])}
        assert not offered & {(s, e) for _, _, s, e in shared}, coder.login
    services.close()
    with sqlite3.connect(library) as db:
        owned = db.execute("SELECT coder_id, document_id, tag_id, start_offset, end_offset FROM rejected_suggestions")
        assert sorted(owned.fetchall()) == sorted((c.id, *r) for c in coders for r in shared)
    assert len(coders) >= 1 and (original.stem[-4:] < "0005" or len(coders) >= 2)
