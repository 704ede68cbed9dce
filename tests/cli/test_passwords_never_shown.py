"""A password in a library's URL is never printed or remembered: `merge` and `copy` name the
server without it (they printed the URL as given), and File → Open recent keeps it without one
(the settings file held it). libpq finds the password again its usual ways."""

from __future__ import annotations

import pytest

from annotator.paths import without_password
from tests.cli.test_cli import annotator

SECRET = "s3cr3t-Pa55"


def _with_password(url: str) -> str:
    """The same server URL with a password in the user part (the test server trusts its socket)."""
    return url.replace("postgres@", f"postgres:{SECRET}@", 1)


@pytest.mark.sqlite_only("the source is a file, the other library the session's PostgreSQL server")
def test_merge_and_copy_print_the_server_without_its_password(db, postgres_server, tmp_path):
    annotator(db, "import", "--samples")
    server = postgres_server.database()
    try:
        copied = annotator(db, "copy", db, _with_password(server))
        merged = annotator(str(tmp_path / "other.sqlite3"), "merge", _with_password(server))
        as_json = annotator(str(tmp_path / "third.sqlite3"), "merge", "--json", _with_password(server))
        for done in (copied, merged, as_json):
            said = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
            assert SECRET not in said
        assert without_password(server) in merged.stdout.decode("utf-8")
    finally:
        postgres_server.drop(server)


def test_a_url_is_remembered_and_shown_without_its_password() -> None:
    from PySide6.QtCore import QSettings

    from annotator.ui.library_menu import recent_libraries, remember_recent

    assert without_password(f"postgresql+psycopg://ann:{SECRET}@host:5433/team") == "postgresql+psycopg://ann@host:5433/team"
    assert without_password(f"postgresql://ann@host/team?sslmode=require&password={SECRET}") == (
        "postgresql://ann@host/team?sslmode=require"
    )
    unchanged_urls = (
        "/tmp/a b.sqlite3",
        "sqlite:///x.sqlite3",
        "postgresql://ann@/team?host=/run/pg",
        "postgresql://ann@host/team?sslmode=require&",  # an empty part is not a password (the server dialog
        "postgresql://ann@host/team?a=1&&b=2",  # refused these as holding one: found by review)
    )
    for unchanged in unchanged_urls:
        assert without_password(unchanged) == unchanged
    settings = QSettings("annotator-test", "passwords-never-shown")
    try:
        remember_recent(settings, f"postgresql+psycopg://ann:{SECRET}@host/team")
        assert recent_libraries(settings) == ["postgresql+psycopg://ann@host/team"]
    finally:
        settings.clear()
