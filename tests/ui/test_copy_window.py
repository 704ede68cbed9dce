"""File → Copy library to… in the real window: the whole library (coders, statuses, annotations
with their ids and UUIDs) into a new file, off the window's thread, with the report shown; the
library the window shows is not changed."""

from PySide6.QtWidgets import QFileDialog

from annotator.domain.models import Status
from annotator.services import open_services
from tests.ui.conftest import open_doc, press, rows


def test_copy_library_to_a_new_file_from_the_file_menu(window, qtbot, tmp_path, monkeypatch, no_blocking_dialogs):
    open_doc(window, 1)
    press(window, qtbot, "Azerbaijan", "1")
    qtbot.waitUntil(lambda: len(rows(window, 1)) == 1, timeout=5000)
    window.controller.set_status(1, Status.DONE)
    (made,) = rows(window, 1)
    target = str(tmp_path / "copy.sqlite3")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (target, "")))
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Copy library to…"]
    action.trigger()
    assert window.controller.copying  # the trigger came back before the copy was done
    qtbot.waitUntil(lambda: not window.controller.copying, timeout=60_000)
    assert any(said.startswith("Copy library copied") for said in no_blocking_dialogs), no_blocking_dialogs
    copy = open_services(target, annotator="gui-tester", backup=False)
    try:
        (got,) = copy.annotations.for_document(1)
        assert (got.id, got.uuid, got.quote, got.coder) == (made.id, made.uuid, made.quote, made.coder)
        assert copy.documents.get(1).status is Status.DONE and len(copy.documents.list()) == 4
    finally:
        copy.close()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (target, "")))
    action.trigger()  # again into the same, no longer empty, file: refused with a sentence
    qtbot.waitUntil(lambda: not window.controller.copying, timeout=60_000)
    assert any("is not empty" in said for said in no_blocking_dialogs)
