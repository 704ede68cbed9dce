"""A long, densely annotated article (issue 17 §3): its first screen is painted from that screen's
passages, the rest arrive from a thread, and the annotation list fetches its rows as they are
shown. What a user does must keep working: tagging before everything arrived, going to a passage
far down, filtering, the palette's counts, changes made by other programs."""

import random
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

import annotator.ui.controller as controller_module
import annotator.ui.models.annotations_model as model_module
from tests.ui.conftest import long_paragraphs, rows, select_text


@pytest.fixture
def long_article(window, tmp_path, monkeypatch):
    """A 400-paragraph article with three passages a paragraph, opened down the long-article
    path (the limits lowered so that a test-sized article takes it)."""
    monkeypatch.setattr(controller_module, "SYNC_LOAD_LIMIT", 10)
    monkeypatch.setattr(controller_module, "FIRST_SCREEN", 3_000)
    monkeypatch.setattr(model_module, "PAGE", 20)
    rng = random.Random(4)
    paragraphs = long_paragraphs(rng)
    paragraphs[350] = (
        "Near the end of the long article the ambassador spoke at length about the weather, the "
        "roads and the old bridges, and then of a zeppelin over the harbour."
    )  # past the random passages
    path = tmp_path / "long.txt"
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    services = window.controller.services
    (outcome,) = services.documents.import_files([Path(path)])
    document_id = outcome.document.id
    text = services.documents.text(document_id)
    claim, framing = window.controller.tag_by_key(1), window.controller.tag_by_key(5)
    items = []
    for paragraph_start in [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]:
        for _ in range(3):
            start = text.index(" ", paragraph_start + rng.randint(0, 30)) + 1
            items.append((start, start + rng.randint(6, 40), [rng.choice([claim.id, framing.id])], {}))
    zeppelin = text.index("zeppelin")
    items.append((zeppelin, zeppelin + len("zeppelin"), [framing.id], {}))
    services.annotations.tag_many(document_id, items)
    window.reload_library()
    return document_id, text


def _loader_running() -> bool:
    return any(t.name.startswith("task annotation list") for t in threading.enumerate())


def test_a_tag_made_while_the_rest_is_being_read_is_kept(window, qtbot, long_article):
    """The loader reads every passage, then the user tags before what it read arrives: the
    reader and the list show the new passage (what was read is older than it)."""
    document_id, text = long_article
    window.controller.open_document(document_id)
    reader = window.workspace.reader
    QApplication.processEvents()  # painted; the loader starts
    deadline = time.monotonic() + 10
    while _loader_running() and time.monotonic() < deadline:  # read, not yet delivered
        time.sleep(0.01)
    before = len(rows(window, document_id))
    select_text(reader, "minister said")
    qtbot.keyClick(reader, "1")
    assert len(rows(window, document_id)) == before + 1
    new = max(rows(window, document_id), key=lambda a: a.id)
    qtbot.waitUntil(lambda: window.workspace.pane.model.rowCount() == before + 1, timeout=5000)
    assert reader.highlight_count() == before + 1
    assert reader.tags_of(new.id) == new.tag_ids
    assert window.workspace.pane.model.annotation(new.id).quote == "minister said"


def test_a_passage_far_down_is_selected_and_shown_in_the_list(window, qtbot, long_article):
    """Click a passage near the end of the article: the list selects its row, scrolls to it and
    shows its passage (the row's annotation fetched as it is shown)."""
    document_id, text = long_article
    window.controller.open_document(document_id)
    pane, reader = window.workspace.pane, window.workspace.reader
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(rows(window, document_id)), timeout=5000)
    start = text.index("zeppelin")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start)
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()
    rect = reader.cursorRect(cursor)
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 4, rect.center().y()))
    pane.flush()
    zeppelin = next(a for a in rows(window, document_id) if a.quote == "zeppelin")
    assert reader.current() == zeppelin.id
    index = pane.list.currentIndex()
    assert index.row() == pane.model.row_of(zeppelin.id)
    assert index.data(Qt.ItemDataRole.UserRole).quote == "zeppelin"
    assert pane.list.viewport().rect().intersects(pane.list.visualRect(index))
    assert pane.note.isEnabled()


def test_filters_and_counts_cover_every_passage_of_a_long_article(window, qtbot, long_article):
    document_id, _text = long_article
    window.controller.open_document(document_id)
    pane = window.workspace.pane
    everything = rows(window, document_id)
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(everything), timeout=5000)
    pane.text_filter.setText("ZEPPELIN")  # casefolded, found without the rows fetched
    assert pane.model.rowCount() == 1
    assert pane.model.index(0, 0).data(Qt.ItemDataRole.UserRole).quote == "zeppelin"
    pane.text_filter.setText("Minister Said")
    assert pane.model.rowCount() == sum("minister said" in a.quote for a in everything) > 0
    pane.text_filter.clear()
    framing = window.controller.tag_by_key(5).id
    pane.tag_filter.setCurrentIndex(pane.tag_filter.findData(framing))
    assert pane.model.rowCount() == sum(framing in a.tag_ids for a in everything)
    assert window.workspace.palette_view._counts.get(framing) == sum(framing in a.tag_ids for a in everything)


def test_the_list_shows_its_first_rows_before_the_rest_is_read(window, qtbot, long_article):
    """Right after opening (no event loop yet), the list already lists the first screen's passages."""
    document_id, text = long_article
    window.controller.open_document(document_id)
    pane = window.workspace.pane
    first = [a for a in rows(window, document_id) if a.start < 1_000]
    assert first and pane.model.rowCount() >= len(first)
    assert pane.model.index(0, 0).data(Qt.ItemDataRole.UserRole).id == first[0].id


def test_a_tag_made_while_a_previewed_long_article_loads_is_kept(window, qtbot, long_article):
    """Start-up paints the last document from the peek (show_preview), then attach loads its list on a
    thread: a tag made meanwhile must survive the list's arrival (found by review)."""
    document_id, text = long_article
    c = window.controller
    services = c.services
    document = services.documents.get(document_id)
    # what attach() does after the start-up preview painted the whole document (complete=True)
    c.show_preview(document, services.annotations.text(document_id), services.annotations.spans(document_id))
    c._load_list(document_id)  # as attach() does once the services exist
    reader = window.workspace.reader
    QApplication.processEvents()
    deadline = time.monotonic() + 10
    while _loader_running() and time.monotonic() < deadline:
        time.sleep(0.01)
    before = len(rows(window, document_id))
    select_text(reader, "minister said")
    qtbot.keyClick(reader, "1")
    assert len(rows(window, document_id)) == before + 1
    new = max(rows(window, document_id), key=lambda a: a.id)
    qtbot.wait(1500)
    assert reader.highlight_count() == before + 1
    assert window.workspace.pane.model.row_of(new.id) is not None
