"""Blind coding enforced by PostgreSQL (revision 0007): each attempt of a coder through the app's
services, through the command line (a subprocess), and through raw psycopg with the coder's own
login — psql's view, with no Annotator code in between. PostgreSQL-only by nature: a SQLite file
has no access control."""

from __future__ import annotations

import csv
import io
import json

import psycopg
import pytest

from annotator.domain.models import DocumentMeta, TagSpec
from annotator.services import LibraryError, UserError


def _quotes(services, document_id=4):
    return sorted((a.coder, a.quote) for a in services.annotations.for_document(document_id))


def _ids(team, login):
    """Annotation ids by coder login, as the administrator sees them."""
    with psycopg.connect(host=str(team.server.socket), user="postgres", dbname=team.database) as admin:
        rows = admin.execute("SELECT c.login, a.id FROM annotations a JOIN coders c ON c.id = a.coder_id").fetchall()
    return [id_ for who, id_ in rows if who == login]


# --- reading -------------------------------------------------------------------------------
def test_a_blind_coder_sees_counts_and_exports_only_their_own_annotations(coded, tmp_path):
    bob = coded.services(coded.bob)
    try:
        assert _quotes(bob) == [(coded.bob, "anti-terrorist operation")]
        assert {d.id: d.annotation_count for d in bob.documents.list()}[4] == 1  # not everyone's 2
        assert [r for r in bob.documents.listing() if r[0] == 4][0][-1] == 1
        out = tmp_path / "bob.csv"
        bob.exports.export_csv(out)
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert {r["coder"] for r in rows} == {coded.bob}
    finally:
        bob.close()
    listed = coded.cli(coded.bob, "docs").stdout.splitlines()
    assert [line.split()[-2] for line in listed[1:]][-1] == "1"  # the annotations column of document 4
    shown = coded.cli(coded.bob, "annotations", "4").stdout
    assert coded.bob in shown and coded.alice not in shown


def test_raw_sql_with_a_coders_login_shows_nothing_of_the_others(coded):
    with coded.raw(coded.bob) as raw:
        assert {r[0] for r in raw.execute("SELECT c.login FROM annotations a JOIN coders c ON c.id = a.coder_id")} == {
            coded.bob
        }
        assert raw.execute("SELECT count(*) FROM annotation_tags").fetchone()[0] == 1
        assert raw.execute("SELECT count(*) FROM document_status WHERE coder_id <> annotator_me()").fetchone()[0] == 0
        logged = raw.execute("SELECT DISTINCT coder_id FROM change_log WHERE coder_id IS NOT NULL").fetchall()
        assert logged == [raw.execute("SELECT annotator_me()").fetchone()]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # everyone's count would tell
            raw.execute("SELECT annotation_count FROM documents")
    with coded.raw(coded.lead) as raw:  # the lead sees everything
        assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2


# --- writing in another's layer --------------------------------------------------------------
def test_a_coder_cannot_insert_change_or_delete_in_another_coders_layer(coded):
    alice_id = _ids(coded, coded.alice)[0]
    with coded.raw(coded.bob) as raw:
        alice = raw.execute("SELECT id FROM coders WHERE login = %s", (coded.alice,)).fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            raw.execute(
                "INSERT INTO annotations (document_id, start_offset, end_offset, quote, created_at, "
                "updated_at, uuid, coder_id) VALUES (4, 0, 1, 'x', '', '', gen_random_uuid()::text, %s)",
                (alice,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            raw.execute("UPDATE annotations SET coder_id = %s WHERE coder_id = annotator_me()", (alice,))
        assert raw.execute("UPDATE annotations SET note = 'bob was here' WHERE id = %s", (alice_id,)).rowcount == 0
        assert raw.execute("DELETE FROM annotations WHERE id = %s", (alice_id,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            raw.execute("INSERT INTO annotation_tags (annotation_id, tag_id) SELECT %s, min(id) FROM tags", (alice_id,))
    bob = coded.services(coded.bob)
    try:
        for attempt in (
            lambda: bob.annotations.set_note(alice_id, "bob was here"),
            lambda: bob.annotations.delete(alice_id),
        ):
            with pytest.raises(UserError):
                attempt()
    finally:
        bob.close()
    alice = coded.services(coded.alice)
    try:
        assert [a.note for a in alice.annotations.for_document(4)] == [f"by {coded.alice}"]
    finally:
        alice.close()


def test_a_coder_cannot_change_the_codebook_metadata_or_phases(coded):
    bob = coded.services(coded.bob)
    try:
        with pytest.raises(LibraryError, match="only the lead changes the codebook"):
            bob.codebook.add(TagSpec("bob's own tag", "#123456"))
        with pytest.raises(LibraryError, match="only the lead changes documents"):
            bob.documents.set_meta(4, DocumentMeta(title="renamed by bob"))
        with pytest.raises(LibraryError, match="only the lead changes documents"):
            bob.documents.reveal([4])
        with pytest.raises(UserError, match="administrator"):
            bob.coders.add("mallory")
    finally:
        bob.close()
    refused = coded.cli(coded.bob, "reveal", "4", check=False)
    assert refused.returncode == 1 and "only the lead" in refused.stderr
    assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    with coded.raw(coded.bob) as raw:
        for statement in (
            "UPDATE tags SET name = name || '!'",
            "DELETE FROM tags",
            "UPDATE documents SET phase = 'revealed'",
            "UPDATE documents SET title = 'x'",
            "INSERT INTO coders (login, display_name, created_at) VALUES ('m', 'm', '')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(statement)
    assert coded.cli(None, "tags").stdout.count("bob's own tag") == 0


# --- revealing -----------------------------------------------------------------------------
def test_after_the_lead_reveals_a_coder_sees_both_but_changes_only_their_own(coded):
    said = coded.cli(coded.lead, "reveal", "4").stdout
    assert said.startswith("revealed 4")
    alice_id = _ids(coded, coded.alice)[0]
    bob = coded.services(coded.bob)
    try:
        assert [who for who, _ in _quotes(bob)] == sorted([coded.alice, coded.bob])
        assert {d.id: d.annotation_count for d in bob.documents.list()}[4] == 2
        with pytest.raises(UserError, match="layer"):
            bob.annotations.set_note(alice_id, "bob was here")
        assert bob.documents.phases([4, 1]) == {4: "revealed", 1: "blind"}
    finally:
        bob.close()
    with coded.raw(coded.bob) as raw:
        assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
        assert raw.execute("UPDATE annotations SET note = 'x' WHERE id = %s", (alice_id,)).rowcount == 0
        assert raw.execute("DELETE FROM annotations WHERE id = %s", (alice_id,)).rowcount == 0
        assert raw.execute("SELECT note FROM annotations WHERE id = %s", (alice_id,)).fetchone()[0] == f"by {coded.alice}"


def test_the_lead_computes_agreement_while_the_coders_are_still_blind(coded):
    report = json.loads(coded.cli(coded.lead, "agreement", "--doc", "4", "--format", "json").stdout)
    assert sorted(report["coders"]) == sorted([coded.alice, coded.bob])
    refused = coded.cli(coded.bob, "agreement", "--doc", "4", check=False)  # a blind coder: a sentence, not their own rows
    assert refused.returncode == 1 and "still blind" in refused.stderr
    with coded.raw(coded.bob) as raw:
        assert raw.execute("SELECT phase FROM documents WHERE id = 4").fetchone()[0] == "blind"


# --- who the app is ------------------------------------------------------------------------
def test_the_app_connects_as_the_coders_login_never_as_the_table_owner(coded):
    bob = coded.services(coded.bob)
    try:
        assert bob.library.login == coded.bob and bob.coders.current().login == coded.bob
        with bob.library.reading() as session:
            from sqlalchemy import text

            me, owner = session.execute(
                text("SELECT current_user, pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'annotations'::regclass")
            ).one()
        assert me == coded.bob and owner != me
        with pytest.raises(UserError, match="you code as"):
            bob.coders.switch(coded.alice)
    finally:
        bob.close()
    refused = coded.cli(
        coded.bob,
        "--annotator",
        coded.alice,
        "tag",
        "4",
        "--quote",
        "Azerbaijan",
        "--nth",
        "1",
        "--tag",
        "claim",
        check=False,
    )
    assert refused.returncode == 1 and "you code as" in refused.stderr
    admin = coded.cli(None, "coders", "add", "postgres", check=False)  # the owner, a superuser
    assert admin.returncode == 1 and "cannot be a coder's login" in admin.stderr


def test_hostile_coder_names_become_quoted_login_roles(team):
    suffix = team.alice.split("_")[1]
    for name in (f"O'Brien; DROP ROLE x -- {suffix}", f'Zoë "Q" {suffix}', f"王 {suffix}"):
        added = team.cli(None, "coders", "add", name).stdout
        login = added.split()[2]
        assert suffix in login
        done = team.cli(login, "tag", "4", "--quote", "Azerbaijan", "--nth", "1", "--tag", "claim")
        assert done.returncode == 0
        with team.raw(login) as raw:
            assert raw.execute("SELECT current_user").fetchone()[0] == login
            assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1
    with team.raw(team.lead) as raw:
        assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 3


# --- set-up is explicit ----------------------------------------------------------------------
def test_a_server_library_is_made_and_upgraded_only_by_migrate(postgres_server, tmp_path):
    import subprocess
    import sys

    from sqlalchemy import create_engine

    from annotator.services import open_services
    from annotator.storage.migrate import upgrade

    def cli(url, *args):
        return subprocess.run(
            [sys.executable, "-m", "annotator", "--db", url, *args], capture_output=True, text=True, timeout=120
        )

    url = postgres_server.empty_database()
    try:
        with pytest.raises(LibraryError, match="annotator migrate"):
            open_services(url)
        refused = cli(url, "docs")
        assert refused.returncode == 1 and "annotator migrate" in refused.stderr and "Traceback" not in refused.stderr
        engine = create_engine(url)
        upgrade(engine, "0006")  # as the previous release left it
        engine.dispose()
        older = cli(url, "docs")
        assert older.returncode == 1 and "older" in older.stderr and "annotator migrate" in older.stderr
        done = cli(url, "migrate")
        assert done.returncode == 0 and "upgraded from 0006" in done.stdout
        assert cli(url, "docs").returncode == 0
    finally:
        postgres_server.drop(url)


def test_a_coder_of_one_library_cannot_connect_to_another_on_the_same_server(team, postgres_server):
    other = postgres_server.empty_database()
    try:
        from annotator.services import migrate

        migrate(other)  # the admin step revokes CONNECT from PUBLIC: the group roles are the cluster's
        name = other.split("?")[0].rsplit("/", 1)[1]
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            psycopg.connect(host=str(team.server.socket), user=team.alice, dbname=name)
        with team.raw(team.alice) as raw:  # their own library: granted by `coders add`
            assert raw.execute("SELECT current_user").fetchone()[0] == team.alice
    finally:
        postgres_server.drop(other)
