"""Shared fixtures: a real library (an SQLite file in tmp_path, or a PostgreSQL database), built by the
same function the app uses."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_USER", "tester")

from annotator.paths import sample_docs  # noqa: E402
from annotator.services import Services, open_services  # noqa: E402
from tests.postgres_server import PostgresServer, ServerMissing  # noqa: E402

SAMPLES = sample_docs()


BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about an SQLite file; runs on SQLite only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses a library location runs on both backends (ids `sqlite`, `postgresql`),
    except those marked sqlite_only (each with its reason)."""
    if "backend" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("sqlite_only")
        if marker is not None and not (marker.args or marker.kwargs.get("reason")):
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs its reason")
        metafunc.parametrize("backend", BACKENDS[:1] if marker else BACKENDS, scope="function")


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> PostgresServer:
    """The session's PostgreSQL cluster, started by the first test that needs it (so a run of
    tests/unit starts none) and stopped at the end, however the session ends."""
    try:
        server = PostgresServer()
    except ServerMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    request.addfinalizer(server.stop)
    return server


@pytest.fixture
def new_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """Makes library locations for this test's backend: SQLite files in tmp_path (the first is
    library.sqlite3), or fresh PostgreSQL databases (an empty library at HEAD each), all dropped
    after the test."""
    made: list[str] = []
    server: PostgresServer | None = request.getfixturevalue("postgres_server") if backend == "postgresql" else None

    def make() -> str:
        if server is None:
            made.append(str(tmp_path / ("library.sqlite3" if not made else f"library-{len(made)}.sqlite3")))
        else:
            made.append(server.database())
        return made[-1]

    yield make
    if server is not None:
        for url in made:
            server.drop(url)


@pytest.fixture
def location(new_location: Callable[[], str]) -> str:
    """Where the test's library lives: an SQLite file in tmp_path, or a fresh PostgreSQL
    database (an empty library at HEAD, dropped after the test)."""
    return new_location()


@pytest.fixture
def db(location: str) -> str:
    """The --db value of a command-line test (a file path or a database URL)."""
    return location


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    """An SQLite library file (for the tests about files: backups, damage, refusals)."""
    return tmp_path / "library.sqlite3"


@pytest.fixture
def services(location: str) -> Iterator[Services]:
    opened = open_services(location)
    yield opened
    opened.close()


@pytest.fixture
def loaded(services: Services) -> Services:
    """A library holding the four sample articles."""
    outcomes = services.documents.import_samples()
    assert all(o.document is not None for o in outcomes)
    return services


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path
