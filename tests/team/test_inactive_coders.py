"""An inactive coder on a team server (decision 046): `coders deactivate` by the administrator
makes the login NOLOGIN (a new connection is refused with a sentence), row security refuses a
write from a session opened before, and the coder's annotations stay for the lead's agreement
and export. `activate` gives the login back. Real logins, the command line as a subprocess."""

from __future__ import annotations

import psycopg
import pytest

from annotator.services import UserError, open_services


def test_a_deactivated_login_is_refused_and_an_open_session_writes_nothing(coded):
    team = coded
    before = team.raw(team.alice)  # psql's session, opened while she was active
    app = team.services(team.alice)  # and the app's
    try:
        refused = team.cli(team.lead, "coders", "deactivate", team.alice, check=False)
        assert refused.returncode == 1 and "administrator" in refused.stderr and "Traceback" not in refused.stderr
        said = team.cli(None, "coders", "deactivate", team.alice).stdout
        assert "inactive" in said and "may no longer log in" in said

        with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
            team.raw(team.alice)
        done = team.cli(team.alice, "annotations", "4", check=False)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert f"the server refused the login {team.alice}: that role may not log in" in done.stderr

        with pytest.raises(UserError, match="inactive"):  # the open app: the service's sentence
            app.annotations.tag_quote(4, "anti-terrorist operation", ["claim"], nth=1)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # psql's open session: the database's
            before.execute(
                "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, "
                "created_at, updated_at, fields, uuid, coder_id, layer) SELECT document_id, start_offset, "
                "end_offset, quote, prefix, suffix, note, created_at, updated_at, fields, gen_random_uuid()::text, "
                "coder_id, layer FROM annotations LIMIT 1"
            )
        assert before.execute("DELETE FROM annotations").rowcount == 0  # nor delete her own

        with team.raw(team.lead) as raw:  # her passage stays and counts
            assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
        exported = team.cli(team.lead, "export").stdout
        assert team.alice in exported and team.bob in exported
        listed = team.cli(None, "coders", "list").stdout
        assert any(team.alice in line and " no " in line for line in listed.splitlines())

        assert "may log in again" in team.cli(None, "coders", "activate", team.alice).stdout
        team.raw(team.alice).close()
        again = team.services(team.alice)
        try:
            again.annotations.tag_quote(4, "anti-terrorist operation", ["claim"], nth=1)
        finally:
            again.close()
    finally:
        before.close()
        app.close()


def test_a_login_coding_in_two_libraries_stops_only_in_the_one_that_made_it_inactive(coded, postgres_server):
    team = coded
    second = postgres_server.database()
    try:
        admin = open_services(second, annotator="admin", backup=False)
        try:
            admin.coders.add(team.alice)  # her role is the cluster's: CONNECT on the second library too
        finally:
            admin.close()
        with psycopg.connect(host=str(team.server.socket), user="postgres", dbname="postgres", autocommit=True) as su:
            # as `annotator migrate` leaves a real server (a database made from a template has no ACL of its own)
            su.execute(f'REVOKE CONNECT ON DATABASE "{team.database}" FROM PUBLIC')
        said = team.cli(None, "coders", "deactivate", team.alice).stdout
        assert "may no longer connect to this library" in said and "other libraries" in said
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            team.raw(team.alice)
        done = team.cli(team.alice, "annotations", "4", check=False)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "this login may not connect to the database" in done.stderr
        with psycopg.connect(host=str(team.server.socket), user=team.alice, dbname=second.split("?")[0].rsplit("/", 1)[1]):
            pass  # the other library still lets her in
        assert "may log in again" in team.cli(None, "coders", "activate", team.alice).stdout
        team.raw(team.alice).close()
    finally:
        postgres_server.drop(second)
