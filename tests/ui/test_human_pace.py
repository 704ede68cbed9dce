"""Tagging at a person's pace: a tag or an undo updates the suggestions from the change itself, at
once and on the window's thread, and sets off no background re-read of the document's spans
(issue 17 §1: one thread per key press, each re-reading 200,000 spans, held every pooled
connection and made the next key press wait)."""

import threading

from tests.ui.conftest import rows, select_text
from tests.ui.test_suggestions import passages, ready


def background_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t is not threading.main_thread() and t.name != "task rolling-backup"]


def test_tagging_a_suggested_passage_hides_its_suggestion_at_once_and_undo_brings_it_back(window, qtbot):
    flow, text = ready(window, qtbot)
    qtbot.waitUntil(lambda: flow.settled and background_threads() == [], timeout=5000)
    date = next(s for s in flow.offers if s.tag == "date")
    key = str(next(t for t in window.controller.tags if t.name == "date").shortcut)
    reader = window.workspace.reader
    select_text(reader, text[date.start : date.end])
    qtbot.keyClick(reader, key)
    assert any(a.start == date.start for a in rows(window, 1))
    qtbot.wait(5)  # one turn of the event loop: no 250 ms debounce, no thread
    assert date.key not in {s.key for s in flow.offers}
    assert background_threads() == []
    window.controller.undo()
    qtbot.wait(5)
    assert date.key in {s.key for s in flow.offers}
    assert background_threads() == []


def test_tags_and_undos_at_a_human_pace_start_no_recomputation(window, qtbot):
    flow, text = ready(window, qtbot)
    qtbot.waitUntil(lambda: flow.settled and background_threads() == [], timeout=5000)
    before = passages(flow, text)
    reader = window.workspace.reader
    started: list[str] = []
    for n in range(4):
        select_text(reader, "the", nth=n + 1)
        qtbot.keyClick(reader, "3")
        started += background_threads()
        qtbot.wait(300)
        started += background_threads()
        window.controller.undo()
        started += background_threads()
        qtbot.wait(300)
        started += background_threads()
    assert rows(window, 1) == []
    assert started == []
    assert passages(flow, text) == before
