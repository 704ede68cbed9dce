"""The real main window, offscreen, on a real library (a file, or a PostgreSQL database); dialogs never block."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from annotator.ui.launch import build_window


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch):
    """Message boxes answer at once (Yes) and record what they said."""
    said: list[str] = []

    def record(*args, **_kwargs):
        said.append(" ".join(str(a) for a in args[1:] if isinstance(a, str)))
        return QMessageBox.StandardButton.Yes

    for name in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    return said


@pytest.fixture
def window(location, qtbot, tmp_path):
    """On each backend: an SQLite file (tmp_path / library.sqlite3) or a PostgreSQL database.
    `location` comes first so its database is dropped after qtbot's teardown has run the last
    timers of the closed window (a refresh still queued would read a dropped database)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    built = build_window(location, "gui-tester", settings)
    built.controller.services.documents.import_samples()
    built.reload_library()
    qtbot.addWidget(built)
    built.resize(1400, 900)
    built.show()
    qtbot.waitExposed(built)
    yield built
    assert built.controller.tasks.wait_idle(), "background work still running at the end of the test"
    built.close()
    built.controller.services.close()


def open_doc(window, document_id):
    window.controller.open_document(document_id)
    return window.controller.services.documents.text(document_id)


def rows(window, document_id):
    """The document's annotations as the library holds them."""
    return window.controller.services.annotations.for_document(document_id)


def select_text(reader, passage, nth=1):
    """Select the nth occurrence of passage the way Qt sees it (UTF-16 positions)."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(reader.document())
    for _ in range(nth):
        cursor = reader.document().find(passage, cursor)
    assert not cursor.isNull(), passage
    reader.setTextCursor(cursor)


def press(window, qtbot, passage, key):
    """Select a passage in the reader and press a tag's key, as a user does."""
    select_text(window.workspace.reader, passage)
    qtbot.keyClick(window.workspace.reader, key)


def long_paragraphs(rng) -> list[str]:
    """400 paragraphs of 40–90 words from a small vocabulary: a long article to annotate densely."""
    words = ["the", "minister", "said", "that", "victory", "was", "absolute", "and", "complete", "in", "every"]
    words += ["region", "of", "it"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(40, 90))) + "." for _ in range(400)]


def started(qtbot, location, settings, size=None):
    """The window as `annotator` starts it (launch.start_window): shown at once (at the size the screen
    gives it, `size`), the last document painted, then the library opened on a thread."""
    from annotator.ui.launch import start_window

    window = start_window(location, "gui-tester", settings)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    qtbot.waitUntil(lambda: window.controller.ready, timeout=20000)
    return window


def close(window):
    window.close()
    window.controller.services.close()
