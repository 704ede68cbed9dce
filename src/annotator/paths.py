"""Where things live: the default library (platformdirs), --db / ANNOTATOR_DB, shipped resources."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Annotator"
ENV_DB = "ANNOTATOR_DB"
LIBRARY_FILE = "library.sqlite3"


def without_password(location: str) -> str:
    """A library's location as it may be shown, printed or remembered: a database URL without its
    password (in the user part or a `password=` parameter). libpq finds it again its usual ways
    (~/.pgpass, PGPASSWORD, a prompt); a file path is itself."""
    from urllib.parse import urlsplit, urlunsplit

    if "://" not in location:
        return location
    try:
        parts = urlsplit(location)
        user, at, host = parts.netloc.rpartition("@")
    except ValueError:
        return location.split("://")[0] + "://…"
    netloc = (user.split(":", 1)[0] + at + host) if at else host
    query = "&".join(p for p in parts.query.split("&") if p.split("=")[0].lower() != "password")
    if (netloc, query) == (parts.netloc, parts.query):
        return location  # nothing to leave out (and sqlite:///x stays as written)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_library() -> str:
    return str(data_dir() / LIBRARY_FILE)


def library_location(cli_value: str | None) -> str:
    """--db wins, then ANNOTATOR_DB, then the file under the user data folder."""
    if cli_value:
        return cli_value
    env = os.environ.get(ENV_DB, "").strip()
    return env or default_library()


def shipped(name: str) -> Path:
    """A folder shipped with the app: inside the installed package, or at the top of a checkout."""
    packaged = Path(__file__).with_name(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name  # editable install from the repository


def sample_docs() -> Path:
    return shipped("sample_docs")


def resource(name: str) -> Path:
    return shipped("resources") / name
