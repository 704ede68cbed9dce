"""Live updates on both backends: a library on a SQLite file and one on a PostgreSQL server.

The libraries come from the shared `location` fixture (tests/conftest.py); a test that stops the
server gets a cluster of its own.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from annotator.ui.launch import build_window
from tests.postgres_server import PostgresServer
from tests.ui.conftest import no_blocking_dialogs  # noqa: F401 - the same never-blocking dialogs


@pytest.fixture
def own_cluster():
    """A cluster of this test's own, which it stops and starts (server loss)."""
    server = PostgresServer()
    yield server
    server.stop()


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
def window(qtbot, tmp_path, location):
    built = open_window(qtbot, tmp_path, location)
    yield built
    close_window(built)
