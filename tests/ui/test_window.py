"""The window around the reader: codebook, import, export, details, status, settings, models."""

import csv

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent

from annotator.ui.dialogs.codebook_dialog import CodebookDialog
from annotator.ui.dialogs.export_dialog import ExportDialog
from annotator.ui.launch import build_window
from annotator.ui.models.annotations_model import AnnotationsModel
from annotator.ui.models.documents_model import DocumentsModel
from tests.ui.conftest import open_doc, press, rows, select_text


def test_rename_in_codebook_reaches_reader_lists_and_menu(window, qtbot):
    open_doc(window, 4)
    press(window, qtbot, "Second Karabakh War", "1")
    dialog = CodebookDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.table.item(0, 0).setText("assertion")
    assert window.controller.services.codebook.by_name("assertion") is not None
    assert window.workspace.pane.model.tags[window.controller.tag_by_key(1).id].name == "assertion"
    assert window.workspace.reader._tags[window.controller.tag_by_key(1).id].name == "assertion"
    assert any("assertion" in a.text() for a in window.tags_menu.actions())
    assert window.workspace.palette_view.topLevelItem(0).text(0) == "assertion"
    window.controller.undo_stack.undo()
    assert window.controller.services.codebook.by_name("claim") is not None
    assert window.workspace.palette_view.topLevelItem(0).text(0) == "claim"


def test_codebook_add_reorder_delete_with_undo(window, qtbot):
    open_doc(window, 4)
    press(window, qtbot, "Second Karabakh War", "5")
    dialog = CodebookDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog._add()
    assert [t.name for t in window.controller.tags][-1] == "new tag 1"
    dialog.table.selectRow(0)
    dialog._move(1)
    assert [t.name for t in window.controller.tags][:2] == ["quote", "claim"]
    dialog.table.selectRow(4)  # framing
    dialog._delete()
    assert rows(window, 4) == [] and window.workspace.reader.highlight_count() == 0
    window.controller.undo_stack.undo()
    assert len(rows(window, 4)) == 1 and window.workspace.reader.highlight_count() == 1


def test_export_from_the_dialog_reads_back(window, qtbot, tmp_path):
    text = open_doc(window, 4)
    press(window, qtbot, "anti-terrorist operation", "5")
    dialog = ExportDialog(window.controller.tags, window.controller.document, str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "out.csv"))
    dialog.excel.setChecked(True)
    job = window.run_export(dialog.chosen_path(), dialog.options())
    with qtbot.waitSignal(job.done, timeout=10000) as done:
        pass
    assert done.args == [1]
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["text"] == "anti-terrorist operation" == text[int(row["start"]) : int(row["end"])]
    assert row["tag"] == "framing"


def test_import_through_the_window_reports_failures(window, qtbot, tmp_path, no_blocking_dialogs):
    good = tmp_path / "good.txt"
    good.write_text("A new article about a parade.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    job = window.import_paths([good, bad])
    with qtbot.waitSignal(job.done, timeout=10000):
        pass
    assert window.library.model.rowCount() == 5
    assert any("bad.txt: is empty" in said for said in no_blocking_dialogs)


def test_drop_files_imports_them(window, qtbot, tmp_path):
    path = tmp_path / "dropped.md"
    path.write_text("# Dropped\n\nText.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    with qtbot.waitSignal(window.job.done, timeout=10000):
        pass
    assert "dropped.md" in {d.filename for d in window.controller.services.documents.list()}


def test_status_and_details_are_saved_and_undoable(window, qtbot):
    open_doc(window, 1)
    window.workspace.status.setCurrentIndex(2)
    window.workspace.status.activated.emit(2)
    assert window.controller.services.documents.get(1).status.value == "done"
    from annotator.domain.models import DocumentMeta
    from annotator.ui.commands import MetadataCommand

    window.controller.undo_stack.push(MetadataCommand(window.controller, 1, DocumentMeta("T", "AP", "2023-11")))
    assert window.workspace.title.text() == "T"
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    doc = window.controller.services.documents.get(1)
    assert doc.status.value == "new" and doc.title.startswith("Azerbaijan's president")


def test_bad_date_in_details_is_a_sentence_not_a_traceback(window, qtbot, no_blocking_dialogs):
    from annotator.domain.models import DocumentMeta
    from annotator.ui.commands import MetadataCommand

    open_doc(window, 1)
    window.controller.undo_stack.push(MetadataCommand(window.controller, 1, DocumentMeta("T", "", "soon")))
    assert any("not a date" in said for said in no_blocking_dialogs)
    assert window.controller.undo_stack.count() == 0


def test_find_in_document(window, qtbot):
    open_doc(window, 4)
    workspace = window.workspace
    workspace.open_find()
    workspace.find_bar.setText("Karabakh")
    workspace.find_next(forward=True)
    assert workspace.reader.textCursor().selectedText() == "Karabakh"


def test_settings_restore_last_document_and_zoom(window, qtbot, tmp_path, location):
    open_doc(window, 3)
    window.workspace.reader.zoom(2)
    window.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    again = build_window(location, None, settings)
    qtbot.addWidget(again)
    again.open_last_document()
    assert again.controller.document.id == 3
    assert again.workspace.reader.point_size() == window.workspace.reader.point_size()
    again.controller.services.close()


def test_empty_library_offers_the_samples(location, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = build_window(location, None, settings)
    qtbot.addWidget(window)
    window.show()
    assert window.empty.samples_button.isVisible() and not window.workspace.isVisible()
    hint = window.empty.hint.text()  # says what to do, instead of a blank page
    assert "Ctrl+O" in hint and "drop" in hint
    window.empty.samples_button.click()
    with qtbot.waitSignal(window.job.done, timeout=10000):
        pass
    assert window.library.model.rowCount() == 4 and not window.empty.isVisible() and window.workspace.isVisible()
    assert window.controller.document is not None
    window.controller.services.close()


def test_models_pass_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.library.model)
    open_doc(window, 4)
    qtmodeltester.check(window.workspace.pane.model)
    assert isinstance(window.library.model, DocumentsModel)
    assert isinstance(window.workspace.pane.model, AnnotationsModel)


def test_annotation_filters(window, qtbot):
    open_doc(window, 4)
    reader = window.workspace.reader
    for passage, key in (("Second Karabakh War", "1"), ("anti-terrorist operation", "5")):
        select_text(reader, passage)
        qtbot.keyClick(reader, key)
    pane = window.workspace.pane
    pane.flush()
    pane.text_filter.setText("terrorist")
    assert pane.model.rowCount() == 1
    pane.text_filter.clear()
    assert pane.model.rowCount() == 2
    pane.tag_filter.setCurrentIndex(pane.tag_filter.findData(window.controller.tag_by_key(1).id))
    assert pane.model.rowCount() == 1
    assert pane.model.index(0, 0).data(Qt.ItemDataRole.UserRole).quote == "Second Karabakh War"
    select_text(reader, "Karabakh victory")  # a new claim appears in the filtered list ...
    qtbot.keyClick(reader, "1")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    select_text(reader, "political decisions")  # ... a framing passage does not
    qtbot.keyClick(reader, "5")
    qtbot.waitUntil(lambda: len(pane.model.all()) == 4)
    assert pane.model.rowCount() == 2


def test_keyboard_only_from_the_library_filter_to_the_reader(window, qtbot):
    library = window.library
    library.filter.setFocus()
    qtbot.keyClicks(library.filter, "blinken")
    assert library.model.rowCount() == 1
    qtbot.keyClick(library.filter, Qt.Key.Key_Return)
    assert library.table.hasFocus() or library.table.currentIndex().isValid()
    qtbot.keyClick(library.table, Qt.Key.Key_Return)
    assert window.controller.document.meta.source == "Report citing TASS"


@pytest.mark.sqlite_only("the library file as the output's target")
def test_export_and_lexicon_export_onto_the_library_are_refused(window, qtbot, tmp_path, no_blocking_dialogs, monkeypatch):
    """The app writes files through the same door as the command line: never onto the library."""
    from PySide6.QtWidgets import QFileDialog

    from annotator.ui.dialogs.lexicon_dialog import LexiconDialog

    library = tmp_path / "library.sqlite3"
    head = library.read_bytes()[:16]
    open_doc(window, 4)
    press(window, qtbot, "anti-terrorist operation", "5")
    job = window.run_export(library, ExportDialog(window.controller.tags, None, str(tmp_path), window).options())
    with qtbot.waitSignal(job.failed, timeout=10000):
        pass
    assert "library" in no_blocking_dialogs[-1]
    dialog = LexiconDialog(window.controller, window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(library), "")))
    from PySide6.QtWidgets import QPushButton

    next(b for b in dialog.findChildren(QPushButton) if "Export" in b.text()).click()
    assert "library" in no_blocking_dialogs[-1]
    assert library.read_bytes()[:16] == head == b"SQLite format 3\x00"
    assert len(window.controller.services.annotations.for_document(4)) == 1


# --- hostile files dropped on the window (issue 10, items 10, 11, 20) ------------------------
def drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(
        QDropEvent(
            QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        )
    )
    return window.job


def unblock_fifo_later(fifo, seconds):
    """Feed a FIFO after a while, so code that waits for a writer (today's) fails the test
    instead of hanging it."""
    import os
    import threading
    import time

    def feed() -> None:
        time.sleep(seconds)
        fd = os.open(fifo, os.O_RDWR)  # never blocks
        os.write(fd, b"Text that came down the pipe at last.\n")
        os.close(fd)

    helper = threading.Thread(target=feed, daemon=True)
    helper.start()
    return helper


def test_dropped_batch_with_odd_charsets_imports_every_file(window, qtbot, tmp_path, no_blocking_dialogs):
    idna = tmp_path / "idna.html"
    idna.write_text(
        '<html><head><meta charset="idna"></head><body><p>The page mentions .xn--. in its '
        "article text, and goes on.</p></body></html>",
        encoding="utf-8",
    )
    escape = tmp_path / "escape.html"
    escape.write_text(
        '<html><head><meta charset="unicode_escape"></head><body><p>The page holds \\ud800 '
        "in its article text, and goes on.</p></body></html>",
        encoding="utf-8",
    )
    plain = tmp_path / "plain.txt"
    plain.write_text("A plain article after the odd ones.", encoding="utf-8")
    job = drop(window, [idna, escape, plain])
    with qtbot.waitSignal(job.done, timeout=10000, raising=False):
        pass
    assert {"idna.html", "escape.html", "plain.txt"} <= {d.filename for d in window.controller.services.documents.list()}
    assert no_blocking_dialogs == []


def test_dropped_special_files_are_refused_by_name(window, qtbot, tmp_path, no_blocking_dialogs):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    helper = unblock_fifo_later(fifo, 4)
    null = tmp_path / "null.txt"
    null.symlink_to("/dev/null")
    plain = tmp_path / "plain.txt"
    plain.write_text("A plain article after the special files.", encoding="utf-8")
    job = drop(window, [fifo, null, plain])
    with qtbot.waitSignal(job.done, timeout=10000):
        pass
    (said,) = no_blocking_dialogs
    assert "pipe.txt: is not a regular file (a named pipe)" in said
    assert "null.txt: is not a regular file (a device)" in said
    assert "plain.txt" in {d.filename for d in window.controller.services.documents.list()}
    helper.join()


def test_closing_the_window_does_not_wait_for_an_import_of_a_fifo(window, qtbot, tmp_path):
    import os
    import time

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    helper = unblock_fifo_later(fifo, 5)
    job = drop(window, [fifo])
    qtbot.wait(300)
    started = time.monotonic()
    window.close()
    closed = time.monotonic() - started
    print(f"closed in {closed:.2f} s with a FIFO dropped")
    assert closed < 2
    helper.join()
    assert job.wait(10)


def test_closing_the_window_does_not_wait_for_an_import_held_up_by_the_lock(window, qtbot, tmp_path, location, backend):
    """Another program holds the library's write lock: the import waits (up to the busy timeout),
    the window still closes at once; the import is cancelled and nothing half-done is left."""
    import sqlite3
    import threading
    import time

    if backend == "sqlite":
        other = sqlite3.connect(location, check_same_thread=False, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(5, lambda: other.execute("ROLLBACK"))
    else:  # on a server: a lock that keeps every write to the documents waiting
        import psycopg
        from sqlalchemy import make_url

        url = make_url(location)
        other = psycopg.connect(dbname=url.database, user=url.username, host=url.query["host"])
        other.execute("LOCK TABLE documents IN EXCLUSIVE MODE")
        release = threading.Timer(5, other.rollback)
    release.start()
    article = tmp_path / "article.txt"
    article.write_text("An article imported while another program writes.", encoding="utf-8")
    job = drop(window, [article])
    qtbot.wait(500)  # the worker is waiting for the lock now
    started = time.monotonic()
    window.close()
    closed = time.monotonic() - started
    print(f"closed in {closed:.2f} s with an import waiting for the lock")
    assert closed < 2
    release.join()
    assert job.wait(20)
    other.close()


def test_import_summary_says_which_metadata_csv_was_ignored(window, qtbot, tmp_path, no_blocking_dialogs):
    (tmp_path / "metadata.csv").write_bytes(b"filename,title\narticle.txt,Caf\xe9\n")
    article = tmp_path / "article.txt"
    article.write_text("An article beside a metadata.csv in Latin-1.", encoding="utf-8")
    job = drop(window, [article])
    with qtbot.waitSignal(job.done, timeout=10000):
        pass
    (said,) = no_blocking_dialogs
    assert "Imported 1, already in the library 0, failed 0." in said
    assert f"{tmp_path / 'metadata.csv'} was ignored: it is not UTF-8 text" in said


def test_lexicon_dialog_refuses_a_fifo_at_once(window, qtbot, tmp_path, monkeypatch, no_blocking_dialogs):
    import os
    import time

    from PySide6.QtWidgets import QFileDialog, QPushButton

    from annotator.ui.dialogs.lexicon_dialog import LexiconDialog

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    helper = unblock_fifo_later(fifo, 4)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(fifo), "CSV (*.csv)")))
    dialog = LexiconDialog(window.controller, window)
    before = dialog.entries()
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "&Import CSV…"]
    started = time.monotonic()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - started < 2
    (said,) = no_blocking_dialogs
    assert said.endswith(f"{fifo}: is not a regular file (a named pipe)")
    assert dialog.entries() == before
    helper.join()


def test_import_of_a_corpus_file_through_the_window(window, qtbot, tmp_path, no_blocking_dialogs):
    """File → Import takes a corpus file through the same service as the command line: its rows
    become documents, a bad row is said by its number."""
    from annotator.ui.import_run import IMPORT_FILTER

    assert "*.csv" in IMPORT_FILTER and "*.jsonl" in IMPORT_FILTER and "*.docx" in IMPORT_FILTER and "*.pdf" in IMPORT_FILTER
    corpus = tmp_path / "corpus.csv"
    corpus.write_text('text,title,outlet\n"Row one, a parade.",One,AP\n,Empty,AP\nRow three.,Three,TASS\n', encoding="utf-8")
    before = window.library.model.rowCount()
    job = window.import_paths([corpus])
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert window.library.model.rowCount() == before + 2
    titles = {d.title for d in window.controller.services.documents.list()}
    assert {"One", "Three"} <= titles
    assert any("corpus.csv row 2: has no text" in said for said in no_blocking_dialogs)


def test_an_import_in_the_window_reaches_the_open_views_through_the_one_signal(window, qtbot, tmp_path):
    """A corpus file imported in the window adds a document variable from its column: the open
    search dialog offers it at once (it learns from Controller.changed, as for any change)."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.search.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.variable.findText("ownership") < 0
    corpus = tmp_path / "owned.csv"
    corpus.write_text("text,title,ownership\nA state-owned outlet reports.,Owned,state\n", encoding="utf-8")
    heard = []
    window.controller.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    job = window.import_paths([corpus])
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert any(changes.library and initiator is window.controller for changes, initiator in heard)
    qtbot.waitUntil(lambda: dialog.variable.findText("ownership") >= 0, timeout=5000)
