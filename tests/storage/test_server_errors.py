"""A server database that cannot be opened is one sentence, as a file is: the server not there,
a login it refuses, a database it does not have — never the password, never a traceback."""

import tempfile

import pytest

from annotator.services import LibraryError, open_services


def refusal(url):
    with pytest.raises(LibraryError) as caught:
        open_services(url, backup=False)
    said = str(caught.value)
    assert "\n" not in said and "secret" not in said and "Traceback" not in said, said
    return said


def test_a_database_the_server_does_not_have(postgres_server):
    said = refusal(postgres_server.url("no_such_library").replace("postgres@", "postgres:secret@"))
    assert "the database no_such_library does not exist on the server" in said, said
    assert "socket" not in said and "FATAL" not in said, said
    assert "annotator migrate" not in said  # no command that does not exist yet


def test_a_login_the_server_refuses(postgres_server):
    postgres_server.admin().execute("DROP ROLE IF EXISTS locked_out")
    postgres_server.admin().execute("CREATE ROLE locked_out NOLOGIN")
    said = refusal(postgres_server.url("postgres", user="locked_out").replace("locked_out@", "locked_out:secret@"))
    assert "the server refused the login locked_out: that role may not log in" in said, said
    said = refusal(postgres_server.url("postgres", user="nobody_here"))
    assert "the server refused the login nobody_here: that role does not exist" in said, said


def test_a_server_that_is_not_there(postgres_server):
    with tempfile.TemporaryDirectory() as nowhere:
        url = (
            postgres_server.url("postgres").replace(postgres_server.socket, nowhere).replace("postgres@", "postgres:secret@")
        )
        said = refusal(url)
    assert "cannot reach the database server" in said, said
