"""Live updates on both backends: a library on a SQLite file and one on a PostgreSQL server.

The PostgreSQL cluster here is this module's own (a Unix socket in a temp folder, started as the
postgres user: initdb and pg_ctl refuse root) until the shared session-wide fixtures land on main;
the lead switches these tests to them at merge.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.ui.launch import build_window
from tests.ui.conftest import no_blocking_dialogs  # noqa: F401 - the same never-blocking dialogs

BIN = Path("/usr/lib/postgresql/15/bin")
_names = itertools.count(1)


def _as_postgres(*args: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


class Cluster:
    """A throwaway PostgreSQL cluster listening on a Unix socket in its own folder only."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(_as_postgres(str(BIN / "initdb"), "-D", str(self.folder / "data"), "-A", "trust",
                                    "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"),
                       check=True, capture_output=True)
        self.start()

    def start(self) -> None:
        options = f"-k {self.folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_postgres(str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-l",
                                    str(self.folder / "log"), "-o", options, "start"),
                       check=True, capture_output=True)

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(_as_postgres(str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-m", mode, "stop"),
                       check=False, capture_output=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    def create_database(self) -> str:
        import psycopg

        name = f"live_{os.getpid()}_{next(_names)}"
        with psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres", autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return name

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def _cluster() -> Cluster:
    if not (BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 is not installed (scripts/setup.sh installs it)")
    return Cluster()


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = _cluster()
    yield cluster
    cluster.remove()


@pytest.fixture
def own_cluster():
    """A cluster for one test that stops and starts it (server loss)."""
    cluster = _cluster()
    yield cluster
    cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def library_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "library.sqlite3")
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.url(cluster.create_database())


def open_window(qtbot, tmp_path, location: str):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    built = build_window(location, "gui-tester", settings)
    assert built is not None
    built.controller.services.documents.import_samples()
    built.reload_library()
    qtbot.addWidget(built)
    built.resize(1400, 900)
    built.show()
    qtbot.waitExposed(built)
    return built


def close_window(built) -> None:
    assert built.controller.tasks.wait_idle(), "background work still running at the end of the test"
    built.close()
    built.controller.services.close()


@pytest.fixture
def window(qtbot, tmp_path, library_url):
    built = open_window(qtbot, tmp_path, library_url)
    yield built
    close_window(built)
