"""A coder brought into a team library by `annotator merge` or `copy` arrives as a row of `coders`
but without a login role on the server. `annotator coders add LOGIN` by the administrator then
makes the login (the grants and group membership a new coder's add gives), and says so; the coder
logs in, tags, and sees only their own rows while the document is blind. Real logins throughout:
raw psycopg, the services and the command line as subprocesses."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from annotator.services import open_services


def _file_coded_by(path, login, *, lead_too=""):
    """An SQLite library coded offline: the samples, one passage of document 4 by `login`."""
    services = open_services(str(path), annotator=login, backup=False)
    try:
        services.documents.import_samples()
        services.annotations.tag_quote(4, "victory in Karabakh", ["framing"], nth=1, note=f"offline by {login}")
        if lead_too:
            services.coders.add(lead_too, lead=True)
    finally:
        services.close()
    return str(path)


def _can_log_in(team, login):
    try:
        team.raw(login).close()
    except psycopg.OperationalError:
        return False
    return True


def test_a_merged_coder_gets_a_login_by_coders_add_and_codes_blind(coded, tmp_path):
    carol = f"carol_{uuid.uuid4().hex[:8]}"
    merged = coded.cli(None, "merge", _file_coded_by(tmp_path / "carol.sqlite3", carol)).stdout
    assert f"annotator coders add {carol}" in merged  # the report says how she gets a login
    assert carol in coded.cli(None, "coders", "list").stdout
    assert not _can_log_in(coded, carol)  # a row, no login

    done = coded.cli(None, "coders", "add", carol, check=False)
    assert done.returncode == 0, done.stderr
    said = done.stdout.strip()
    assert carol in said and "login" in said and "merge or copy" in said

    with coded.raw(carol) as raw:  # psql's view with carol's own login: only her rows while blind
        seen = raw.execute("SELECT c.login, a.quote FROM annotations a JOIN coders c ON c.id = a.coder_id").fetchall()
        assert seen == [(carol, "victory in Karabakh")]
        assert raw.execute("SELECT annotator_me() = (SELECT id FROM coders WHERE login = %s)", (carol,)).fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("UPDATE tags SET name = name || '!'")
    services = coded.services(carol)  # the app's way in: codes as her login, tags, sees hers only
    try:
        assert services.coders.current().login == carol
        services.annotations.tag_quote(4, "anti-terrorist operation", ["claim"], nth=1)
        assert sorted(a.quote for a in services.annotations.for_document(4)) == [
            "anti-terrorist operation",
            "victory in Karabakh",
        ]
    finally:
        services.close()
    shown = coded.cli(carol, "annotations", "4").stdout
    assert carol in shown and coded.alice not in shown and coded.bob not in shown
    with coded.raw(coded.lead) as raw:  # the lead sees everyone's, carol's new passage included
        assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 4

    again = coded.cli(None, "coders", "add", carol, check=False)  # now she has one: as before, refused
    assert again.returncode == 1 and "already" in again.stderr and "Traceback" not in again.stderr


def test_a_copied_lead_gets_a_lead_login_and_a_coder_cannot_be_made_lead_this_way(postgres_server, tmp_path):
    suffix = uuid.uuid4().hex[:8]
    carol, lea = f"carol_{suffix}", f"lea_{suffix}"
    target = postgres_server.database()
    try:
        from tests.team.conftest import Team

        team = Team(postgres_server, target, "", "", "")
        team.cli(None, "copy", _file_coded_by(tmp_path / "carol.sqlite3", carol, lead_too=lea), target)
        refused = team.cli(None, "coders", "add", carol, "--lead", check=False)
        assert refused.returncode == 1 and "coder" in refused.stderr and "Traceback" not in refused.stderr
        assert not _can_log_in(team, carol)  # nothing was made
        for login in (lea, carol):
            team.cli(None, "coders", "add", login)
        with team.raw(lea) as raw:  # the lead's login reads everyone's rows; carol's only her own
            assert raw.execute("SELECT pg_has_role(current_user, 'annotator_lead', 'MEMBER')").fetchone()[0]
            assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1
        with team.raw(carol) as raw:
            assert not raw.execute("SELECT pg_has_role(current_user, 'annotator_lead', 'MEMBER')").fetchone()[0]
            assert raw.execute("SELECT pg_has_role(current_user, 'annotator_coders', 'MEMBER')").fetchone()[0]
        lead = team.services(lea)
        try:
            lead.documents.reveal([4])  # only a lead may
        finally:
            lead.close()
    finally:
        postgres_server.drop(target)
