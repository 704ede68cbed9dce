"""A team library from before coders (revision 0004) upgraded on the server by `annotator migrate`:
the free-text annotator names become coders, nothing is lost (issue 12). The SQLite path is
tests/reliability/test_upgrade_coders.py and test_upgrades.py on the shipped files; here a
PostgreSQL database is migrated to 0004 by Alembic, filled with the rows of the shipped 0004
library (the same shapes: `annotations.annotator`, `documents.status`), and upgraded in place —
not copied (`annotator copy` reads an old file through this version's schema instead)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from annotator.domain.models import Status
from annotator.services import open_services
from annotator.storage import migrate
from annotator.storage.revisions import HEAD
from tests.reliability.test_upgrade_coders import DATA, LONG, NAMES, UUID4

OLD = DATA / "library-0004.sqlite3"
# In the order their foreign keys need; the codebook 0004 made on the server is the file's own.
TABLES = ("documents", "document_texts", "tags", "annotations", "annotation_tags", "lexicon_terms", "rejected_suggestions")


def _database_at_0004(server) -> str:
    url = server.empty_database()
    engine = create_engine(url, poolclass=NullPool)
    migrate.upgrade(engine, "0004")
    engine.dispose()
    return url


def _connect(server, url):
    return psycopg.connect(host=server.socket, user="postgres", dbname=url.split("?")[0].rsplit("/", 1)[1])


def _fill_as_0004_left_it(server, url) -> tuple[dict[int, str], dict[int, int]]:
    """The shipped 0004 library's rows, six annotators' names (case twins, empty, blank, long,
    hostile) and statuses, as that version's app wrote them; returns {annotation: name} and
    {annotation: document}."""
    old = sqlite3.connect(OLD)
    with _connect(server, url) as pg:
        assert pg.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
        pg.execute("DELETE FROM lexicon_terms")
        pg.execute("DELETE FROM tags")
        for table in TABLES:
            cursor = old.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            rows = [list(r) for r in cursor]
            if table == "documents":  # counted by 0004's triggers as the annotations go in
                rows = [[0 if c == "annotation_count" else v for c, v in zip(columns, r, strict=True)] for r in rows]
            if rows:
                marks = ", ".join(["%s"] * len(columns))
                pg.cursor().executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        template = pg.execute(
            "SELECT document_id, start_offset, end_offset, quote, prefix, suffix, note, created_at, updated_at "
            "FROM annotations ORDER BY id LIMIT 1"
        ).fetchone()
        for _ in range(len(NAMES) - pg.execute("SELECT count(*) FROM annotations").fetchone()[0]):
            pg.execute(
                "INSERT INTO annotations (id, document_id, start_offset, end_offset, quote, prefix, suffix, note, "
                "annotator, created_at, updated_at) SELECT max(id) + 1, %s, %s, %s, %s, %s, %s, %s, '', %s, %s "
                "FROM annotations",
                template,
            )
        ids = [r[0] for r in pg.execute("SELECT id FROM annotations ORDER BY id")]
        for annotation_id, name in zip(ids, NAMES, strict=True):
            pg.execute("UPDATE annotations SET annotator = %s WHERE id = %s", (name, annotation_id))
        pg.execute("UPDATE documents SET status = 'done' WHERE id IN (SELECT document_id FROM annotations)")
        pg.execute("UPDATE documents SET status = 'in progress' WHERE id NOT IN (SELECT document_id FROM annotations)")
        for table in ("documents", "tags", "annotations", "lexicon_terms"):
            pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        documents = dict(pg.execute("SELECT id, document_id FROM annotations").fetchall())
    old.close()
    return dict(zip(ids, NAMES, strict=True)), documents


def _annotator(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", url, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ANNOTATOR_USER": "Anna"},
        timeout=180,
    )


def test_migrate_upgrades_a_server_library_from_0004_names_become_coders_and_nothing_is_lost(postgres_server, tmp_path):
    url = _database_at_0004(postgres_server)
    try:
        named, documents = _fill_as_0004_left_it(postgres_server, url)
        refused = _annotator(url, "docs")  # the app never upgrades a shared database on open
        assert refused.returncode != 0 and "annotator migrate" in refused.stderr and "Traceback" not in refused.stderr
        done = _annotator(url, "migrate")
        assert done.returncode == 0, done.stderr
        with _connect(postgres_server, url) as pg:
            assert pg.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        listed = _annotator(url, "coders", "list")
        assert listed.returncode == 0, listed.stderr
        services = open_services(url, annotator="Anna", backup=False)  # the administrator, coding as Anna
        try:
            coders = {c.login: c for c in services.coders.list()}
            assert sorted(c.display_name for c in coders.values()) == sorted(
                {"Anna", "anna", "(no annotator)", LONG, "Bo; DROP TABLE coders --", "  "}
            )
            assert all(len(login.encode()) <= 63 for login in coders)  # a login role's name fits
            assert all(login in listed.stdout for login in coders)
            by_display = {c.display_name: c.login for c in coders.values()}
            # Every shipped annotation kept exactly (document, span, quote, note, tags, fields) ...
            recorded = json.loads(OLD.with_suffix(".json").read_text(encoding="utf-8"))
            names = {t.id: t.name for t in services.codebook.tags()}
            for annotation_id, document_id, start, end, quote, note, tags in recorded["annotations"]:
                found = services.annotations.get(annotation_id)
                assert found is not None, f"annotation {annotation_id} lost"
                assert (found.document_id, found.start, found.end, found.quote, found.note) == (
                    document_id,
                    start,
                    end,
                    quote,
                    note,
                )
                assert {names[t] for t in found.tag_ids} == set(tags.split(","))
                assert services.documents.text(document_id)[start:end] == quote  # code points on the server too
                assert dict(found.fields) == recorded["fields"].get(str(annotation_id), {})
            # ... each in its annotator's layer, with a UUID of its own.
            uuids = set()
            for annotation_id, name in named.items():
                found = services.annotations.get(annotation_id)
                assert found.coder == by_display[name or "(no annotator)"] and found.layer == "coder"
                assert UUID4.match(found.uuid), found.uuid
                uuids.add(found.uuid)
            assert len(uuids) == len(named)
            # The status becomes each coder's own; a document nobody annotated keeps its status for all.
            annas = {documents[i] for i, name in named.items() if name == "Anna"}
            for document in services.documents.list():
                expected = (
                    Status.DONE
                    if document.id in annas
                    else Status.NEW
                    if document.id in documents.values()
                    else Status.IN_PROGRESS
                )
                assert document.status == expected, document.id
            assert {d.id: d.annotation_count for d in services.documents.list()} == {
                d: list(documents.values()).count(d) for d in range(1, 6)
            }
            assert set(services.documents.phases(list(range(1, 6))).values()) == {"blind"}  # 0007's default
            assert (
                services.annotations.tag(2, 0, 5, [services.codebook.by_name("claim").id]).annotation.id == max(named) + 1
            )  # ids go on after the old ones
        finally:
            services.close()
        assert _annotator(url, "check").returncode == 0
    finally:
        postgres_server.drop(url)


def test_migrate_takes_a_server_library_from_0014_to_head_and_the_app_refuses_it_before(postgres_server):
    """0015 on a server: the app refuses a database at 0014 with the usual sentence; `annotator
    migrate` upgrades it — each coder gets the shared rejection, the counts get their layer."""
    url = postgres_server.empty_database()
    engine = create_engine(url, poolclass=NullPool)
    migrate.upgrade(engine, "0014")
    engine.dispose()
    try:
        text = "A ceasefire held on Tuesday."
        with _connect(postgres_server, url) as pg:
            for login in ("ann", "bob"):
                pg.execute(
                    "INSERT INTO coders (login, display_name, role, active, created_at) VALUES (%s, %s, 'coder', true, '')",
                    (login, login),
                )
            pg.execute(
                "INSERT INTO documents (id, title, source, published, dateline, url, language, filename, sha256, length, "
                "imported_at) VALUES (1, 'One', '', '', '', '', 'en', '', %s, %s, '')",
                (hashlib.sha256(text.encode()).hexdigest(), len(text)),
            )
            pg.execute("INSERT INTO document_texts (document_id, text) VALUES (1, %s)", (text,))
            tag = pg.execute("SELECT id FROM tags ORDER BY id LIMIT 1").fetchone()[0]
            pg.execute("INSERT INTO rejected_suggestions VALUES (1, %s, 2, 11)", (tag,))
            for number, layer in ((1, "coder"), (2, "gold")):
                pg.execute(
                    "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, "
                    "created_at, updated_at, fields, uuid, coder_id, layer) VALUES (1, 2, 11, 'ceasefire', '', '', '', "
                    "'', '', '', %s, (SELECT id FROM coders WHERE login = 'ann'), %s)",
                    (f"00000000-0000-4000-8000-00000000000{number}", layer),
                )
            pg.execute("INSERT INTO annotation_tags (annotation_id, tag_id) SELECT id, %s FROM annotations", (tag,))
        refused = _annotator(url, "docs")
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert "0014" in refused.stderr and "annotator migrate" in refused.stderr, refused.stderr
        done = _annotator(url, "migrate")
        assert done.returncode == 0, done.stderr
        with _connect(postgres_server, url) as pg:
            assert pg.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
            assert sorted(
                pg.execute(
                    "SELECT c.login, r.tag_id, r.start_offset, r.end_offset FROM rejected_suggestions r "
                    "JOIN coders c ON c.id = r.coder_id"
                ).fetchall()
            ) == [("ann", tag, 2, 11), ("bob", tag, 2, 11)]
            assert sorted(pg.execute("SELECT layer, n FROM tag_counts").fetchall()) == [("coder", 1), ("gold", 1)]
        assert _annotator(url, "check").returncode == 0
    finally:
        postgres_server.drop(url)
