"""Export CSV… and Save chart… in an Analysis pane, answered with the library's own file or its -wal
or -shm: one sentence under the table, nothing written (a CSV written there was the library
truncated to a table), and the library open and shared as before (decisions 058, 061)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from tests.ui.test_analysis import _coded, _wait

pytestmark = pytest.mark.sqlite_only("the library's own file and the files SQLite keeps beside it")

_OTHER = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM documents').fetchall(); c.close()"


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("button", ["csv", "chart"])
def test_a_table_or_chart_saved_over_the_librarys_own_files_is_refused(window, qtbot, monkeypatch, suffix, button):
    services = _coded(window)
    library = Path(services.library.file)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.crosstab
    _wait(window, qtbot, pane.model)
    target = Path(f"{library}{suffix}")
    size = target.stat().st_size
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    qtbot.mouseClick(pane.findChild(QPushButton, f"{pane.key}-{button}"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and pane.status.text().startswith("cannot write"))
    assert pane.status.text().endswith("nothing was written") and str(library) in pane.status.text()
    assert target.stat().st_size == size
    # Another program reads the library and closes it: our locks hold, the window goes on writing.
    done = subprocess.run([sys.executable, "-c", _OTHER, str(library)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert Path(f"{library}-shm").exists()
    claim = services.codebook.by_name("claim").id
    assert services.annotations.tag(2, 10, 20, [claim]).annotation.quote == services.documents.text(2)[10:20]
    assert len(services.documents.list()) == 4
