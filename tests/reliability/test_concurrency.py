"""Several programs on one library at once: no "database is locked", no write lost."""

import csv
import io
import subprocess
import sys
from pathlib import Path

from annotator.services import open_services
from tests.reliability.conftest import sample_library

CHILD = Path(__file__).with_name("writer_child.py")


def test_two_writers_and_an_exporter(location):
    library = sample_library(location)
    writers = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(library), str(who), "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in (0, 1)
    ]
    exports = []
    while any(w.poll() is None for w in writers):
        done = subprocess.run(
            [sys.executable, "-m", "annotator", "--db", str(library), "export"], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        exports.append(done.stdout)
    results = [w.communicate() for w in writers]
    for writer, (_out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err
    ids = {int(x) for out, _ in results for x in out.split()}
    services = open_services(str(library), backup=False)
    stored = {a.id for d in range(1, 5) for a in services.annotations.for_document(d)}
    assert ids <= stored and len(ids) > 0
    final = list(csv.DictReader(io.StringIO(exports[-1]))) if exports else []
    assert all(row["text"] for row in final)
    services.close()


def test_gui_tags_while_the_command_line_exports(qtbot, tmp_path, location):
    from PySide6.QtCore import QSettings

    from annotator.ui.launch import build_window
    from tests.ui.conftest import select_text

    library = location
    window = build_window(str(library), "gui", QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.controller.services.documents.import_samples()
    window.reload_library()
    window.controller.open_document(4)
    exporter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys\nfor _ in range(15): subprocess.run([sys.executable, '-m', "
            f"'annotator', '--db', {str(library)!r}, 'export', '--out', {str(tmp_path / 'x.csv')!r}], check=True)",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    passages = [
        "Second Karabakh War",
        "anti-terrorist operation",
        "political decisions",
        "the battlefield",
        "head of state",
        "historical outcomes",
        "Ilham Aliyev",
        "television channels",
    ]
    while exporter.poll() is None and passages:
        select_text(window.workspace.reader, passages.pop())
        qtbot.keyClick(window.workspace.reader, "1")
        qtbot.wait(50)
    _, err = exporter.communicate(timeout=120)
    assert exporter.returncode == 0, err
    assert len(window.controller.services.annotations.for_document(4)) == 8 - len(passages)
    window.close()
    window.controller.services.close()
