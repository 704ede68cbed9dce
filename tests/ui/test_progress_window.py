"""View → Everyone's progress in the real window: each coder's status per document, kept current
when the window's coder changes one and when another program (another coder's app) does."""

from annotator.domain.models import Status
from annotator.services import open_services


def _progress_window(window):
    (action,) = [a for a in window.menuBar().actions()[2].menu().actions() if "progress" in a.text()]
    action.trigger()
    return window.progress


def test_everyones_progress_follows_other_coders_and_mine(window, qtbot, location, qtmodeltester):
    bob = open_services(location, annotator="bob", backup=False)
    try:
        bob.documents.set_status(2, Status.DONE)
    finally:
        bob.close()
    dialog = _progress_window(window)
    model = dialog.model
    qtbot.waitUntil(lambda: model.row_of(2) is not None and model.columnCount() >= 3, timeout=5000)
    assert model.status_text(model.row_of(2), "bob").endswith("done")
    assert "bob: done" in model.data(model.index(model.row_of(2), 1), 3)  # the tooltip: who is where
    window.controller.open_document(1)
    window.controller.set_status(1, Status.IN_PROGRESS)  # mine, from the window
    qtbot.waitUntil(lambda: "gui-tester" in [c.login for c in model.progress.coders], timeout=5000)
    qtbot.waitUntil(lambda: model.status_text(model.row_of(1), "gui-tester").endswith("in progress"), timeout=5000)
    carol = open_services(location, annotator="carol", backup=False)  # another program, while it is open
    try:
        carol.documents.set_status(2, Status.DONE)
    finally:
        carol.close()
    qtbot.waitUntil(lambda: "carol" in [c.login for c in model.progress.coders], timeout=5000)
    assert model.data(model.index(model.row_of(2), 1)).startswith("2/")
    qtmodeltester.check(model)
