"""Counts in the window read as English: "1 document", "1 annotation", never "1 documents"."""

import pytest
from PySide6.QtCore import QSettings, Qt

from annotator.ui.launch import build_window
from tests.ui.conftest import open_doc, select_text


@pytest.fixture
def one_doc_window(location, qtbot, tmp_path):
    article = tmp_path / "one.txt"
    article.write_text("A single article about a ceasefire that held for one day.\n", encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    built = build_window(location, "gui-tester", settings)
    built.controller.services.documents.import_files([article])
    built.reload_library()
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    yield built
    built.close()
    built.controller.services.close()


def test_singular_counts_in_the_status_bar(one_doc_window, qtbot):
    window = one_doc_window
    qtbot.waitUntil(lambda: window.controller.ready)
    open_doc(window, 1)
    qtbot.waitUntil(lambda: "1 document" in window.counts.text())
    assert "1 documents" not in window.counts.text()
    select_text(window.workspace.reader, "ceasefire")
    qtbot.keyClick(window.workspace.reader, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "1 annotation in this document" in window.counts.text())
