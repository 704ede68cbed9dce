"""Shared fixtures: a real library file in tmp_path, built by the same function the app uses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_USER", "tester")

from annotator.paths import sample_docs  # noqa: E402
from annotator.services import Services, open_services  # noqa: E402

SAMPLES = sample_docs()


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def services(library_path: Path) -> Iterator[Services]:
    opened = open_services(str(library_path))
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
