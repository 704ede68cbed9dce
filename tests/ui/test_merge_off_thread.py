"""File → Merge library… runs off the window's thread: during a merge of a coder's library of
10,000 annotations the event loop keeps turning (a timer ticks), the report is shown at the end;
a tag pressed meanwhile is refused with a sentence (never half-saved, no undo step) and works
again once the merge is over; Cancel stops the merge before its commit (nothing changed)."""

import pytest
from benchmarks.merge import build, texts
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QPushButton

from tests.ui.conftest import open_doc, press, rows


@pytest.fixture
def big_other(tmp_path):
    """A coder's SQLite library: 20 articles of ~5 KB with 500 passages each (10,000)."""
    other = str(tmp_path / "coder.sqlite3")
    build(other, texts(20), 500)
    return other


def _merge_action(window, monkeypatch, other):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (other, "")))
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Merge library…"]
    return action


def _documents(window):
    return len(window.controller.services.documents.list())


def test_a_big_merge_leaves_the_window_turning_and_shows_its_report(
    window, qtbot, monkeypatch, big_other, no_blocking_dialogs
):
    action = _merge_action(window, monkeypatch, big_other)
    ticks: list[bool] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(window.controller.merging))
    timer.start()
    action.trigger()
    assert window.controller.merging  # the trigger came back before the merge was done
    qtbot.waitUntil(lambda: not window.controller.merging, timeout=120_000)
    timer.stop()
    assert ticks.count(True) >= 5, ticks.count(True)  # the event loop turned while it merged
    assert any("added: 1 coder, 20 documents, 10000 annotations" in said for said in no_blocking_dialogs)
    assert _documents(window) == 24 and window.library.model.rowCount() == 24


def test_a_tag_pressed_during_a_merge_is_refused_with_a_sentence_then_works(
    window, qtbot, monkeypatch, big_other, no_blocking_dialogs
):
    open_doc(window, 1)
    action = _merge_action(window, monkeypatch, big_other)
    action.trigger()
    assert window.controller.merging
    press(window, qtbot, "Azerbaijan", "1")
    assert any("A merge is running: nothing was saved" in said for said in no_blocking_dialogs)
    assert window.controller.undo_stack.count() == 0
    qtbot.waitUntil(lambda: not window.controller.merging, timeout=120_000)
    assert rows(window, 1) == []  # refused, not saved behind the user's back
    press(window, qtbot, "Azerbaijan", "1")
    qtbot.waitUntil(lambda: len(rows(window, 1)) == 1, timeout=5000)
    assert window.controller.undo_stack.count() == 1


def test_an_import_during_a_merge_is_refused_with_a_sentence(
    window, qtbot, monkeypatch, big_other, no_blocking_dialogs, tmp_path
):
    """Import (menu, samples, a dropped file) writes too: refused like a tag key, not left to wait
    behind the merge's lock and fail, nor to change a file a copy reads as immutable."""
    article = tmp_path / "new.txt"
    article.write_text("A new article about nothing in particular.", encoding="utf-8")
    action = _merge_action(window, monkeypatch, big_other)
    action.trigger()
    assert window.controller.merging
    assert window.import_paths([article]) is None
    assert any("A merge is running: nothing was saved" in said for said in no_blocking_dialogs)
    qtbot.waitUntil(lambda: not window.controller.merging, timeout=120_000)
    assert "new.txt" not in [d.filename for d in window.controller.services.documents.list()]


def test_cancel_stops_the_merge_before_its_commit(window, qtbot, monkeypatch, big_other, no_blocking_dialogs):
    action = _merge_action(window, monkeypatch, big_other)
    action.trigger()
    window.libraries.merge_progress.findChild(QPushButton).click()  # the progress window's Cancel
    qtbot.waitUntil(lambda: not window.controller.merging, timeout=120_000)
    assert any("the merge was cancelled: nothing was changed" in said for said in no_blocking_dialogs)
    assert _documents(window) == 4
    assert [c.login for c in window.controller.services.coders.list()] in ([], ["gui-tester"])
    assert window.libraries.merge_progress is None  # the progress window went away
