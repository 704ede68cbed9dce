"""Start-up as `annotator` does it: the last document painted first, the library attached after."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QMessageBox

from annotator.services import open_services
from annotator.ui.launch import start_window
from annotator.ui.places import ReadingPlaces
from tests.mounts import fill, read_only, small_disk
from tests.ui.conftest import press, rows

# SQLite-only: start-up paints from the SQLite file before the library opens; backups of the file.
pytestmark = pytest.mark.sqlite_only("start-up paints from the SQLite file before the library opens; backups of the file")

ROOT = Path(__file__).resolve().parents[2]


def test_last_document_is_painted_before_the_library_opens(qtbot, tmp_path):
    library = tmp_path / "library.sqlite3"
    services = open_services(str(library))
    services.documents.import_samples()
    services.annotations.tag_quote(4, "anti-terrorist operation", ["framing"], nth=1)
    services.close()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ReadingPlaces(settings, str(library)).set_last_document(4)
    window = start_window(str(library), "starter", settings)
    qtbot.addWidget(window)
    assert not window.controller.ready  # the services are still loading
    assert window.controller.document.id == 4
    assert window.workspace.reader.highlight_count() == 1
    # Shown, not behind the empty library's page until the library is listed (it was: 0.3 s later).
    assert window.workspace.reader.isVisible() and not window.empty.isVisible()
    qtbot.keyClick(window.workspace.reader, "1")  # too early: a message, not a crash
    qtbot.waitUntil(lambda: window.controller.ready, timeout=20000)
    assert window.library.model.rowCount() == 4
    qtbot.waitUntil(lambda: window.workspace.pane.model.rowCount() == 1, timeout=5000)
    press(window, qtbot, "Second Karabakh War", "1")
    assert [a.quote for a in rows(window, 4)] == ["Second Karabakh War", "anti-terrorist operation"]
    assert rows(window, 4)[0].coder == "starter"
    window.close()
    window.controller.services.close()


def _loading_threads():
    return [t for t in threading.enumerate() if t.name == "task load services"]


def test_the_library_loads_after_the_first_frame(qtbot, tmp_path):
    """The services' import holds the GIL; started at show() it slowed the first paint (decision 049)."""
    library = tmp_path / "library.sqlite3"
    services = open_services(str(library))
    services.documents.import_samples()
    services.close()
    painted = []
    window = start_window(str(library), None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    watcher = _PaintWatcher(painted, _loading_threads)  # held: an unreferenced filter is collected
    window.workspace.reader.viewport().installEventFilter(watcher)
    assert not _loading_threads()  # shown, not yet painted: nothing competes with the paint
    qtbot.waitUntil(lambda: window.controller.ready, timeout=20000)
    assert painted and painted[0] == []  # the reader's first paint came before the loading started
    window.close()
    window.controller.services.close()


def test_a_window_that_is_not_painted_still_opens_its_library(qtbot, tmp_path):
    library = tmp_path / "library.sqlite3"
    open_services(str(library)).close()
    window = start_window(str(library), None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.hide()  # before any frame: the wait for the first paint has a limit
    qtbot.waitUntil(lambda: window.controller.ready, timeout=20000)
    window.controller.services.close()


class _PaintWatcher(QObject):
    """Notes, at each paint of the watched widget, what `probe` returns."""

    def __init__(self, seen, probe):
        super().__init__()
        self.seen, self.probe = seen, probe

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.seen.append(self.probe())
        return False


def test_a_fresh_library_opens_and_offers_the_samples(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = start_window(str(tmp_path / "new.sqlite3"), None, settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.ready, timeout=20000)
    qtbot.waitUntil(lambda: window.empty.isVisibleTo(window))
    assert window.empty.samples_button.isVisibleTo(window)
    window.close()
    window.controller.services.close()


def test_the_app_process_starts_and_paints(tmp_path):
    """`annotator` as a user starts it (offscreen): the first paint of a document happens."""
    library = tmp_path / "library.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(library), "import", "--samples"],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "startup_child.py"), "app", str(library)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout.split()[-1]) > 0


def test_a_damaged_library_offers_its_latest_backup(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.launch import build_window

    library = tmp_path / "library.sqlite3"
    services = open_services(str(library))
    services.documents.import_samples()
    services.backups.backup()
    services.close()
    library.write_bytes(b"this library was damaged" * 50)
    offered = []

    def choose_restore(box):
        offered.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text().startswith("Restore")).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_restore)
    window = build_window(str(library), None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert "Open another library…" in offered[0]
    assert window.library.model.rowCount() == 4
    assert any(p.name.startswith("library.sqlite3.unreadable-") for p in tmp_path.iterdir())
    window.controller.services.close()


def _damaged_library_with_a_backup(library):
    services = open_services(str(library))
    services.documents.import_samples()
    services.backups.backup()
    services.close()
    library.write_bytes(b"this library was damaged" * 50)
    return library.read_bytes()


def _answer(monkeypatch, *choices):
    """The start-up dialog is answered with these buttons, in turn."""
    answers = iter(choices)

    def click(box):
        wanted = next(answers, None)
        assert wanted is not None, f"asked once more: {box.text()} {box.informativeText()}"
        if wanted == "Close":
            box.button(QMessageBox.StandardButton.Close).click()
        else:
            next(b for b in box.buttons() if b.text().startswith(wanted)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)


def test_restore_latest_backup_from_a_read_only_folder(qtbot, tmp_path, monkeypatch):
    from annotator.ui.launch import build_window

    library = tmp_path / "library.sqlite3"
    _damaged_library_with_a_backup(library)
    _answer(monkeypatch, "Restore")
    with read_only(tmp_path / "library.sqlite3.backups"):
        window = build_window(str(library), None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        assert window.library.model.rowCount() == 4
        window.controller.services.close()


@pytest.mark.parametrize("free", [0, 64 * 1024], ids=["full", "room-for-the-shm-only"])
def test_restore_latest_backup_on_a_full_disk_says_so_and_changes_nothing(
    qtbot, tmp_path, monkeypatch, no_blocking_dialogs, free
):
    from annotator.ui.launch import build_window

    with small_disk(tmp_path / "disk", 4 * 1024 * 1024) as disk:
        library = disk / "library.sqlite3"
        damaged = _damaged_library_with_a_backup(library)
        fill(disk, leave=free)
        _answer(monkeypatch, "Restore", "Close")
        window = build_window(str(library), None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        assert window is None  # the user closed after being told
        assert "the disk is full" in no_blocking_dialogs[-1]
        assert no_blocking_dialogs[-1].count(".") <= 6 and "\n" not in no_blocking_dialogs[-1]
        assert library.read_bytes() == damaged
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "library.sqlite3", "library.sqlite3.backups"]


def test_every_dialog_is_found_where_the_window_asks_for_it():
    """The window asks `dialogs` for its dialogs, which imports each module when first asked (decision 049)."""
    from annotator.ui import dialogs

    for name in dialogs.__all__:
        dialog = getattr(dialogs, name)
        assert dialog.__name__ == name and dialog.__module__.startswith("annotator.ui.dialogs.")
    with pytest.raises(AttributeError):
        dialogs.NoSuchDialog  # noqa: B018
