"""Regenerate docs/screenshot-adjudicate.png: the agreement view beside the reader, a disagreement open.

    xvfb-run -a -s "-screen 0 1920x1000x24" \
        .venv/bin/python docs/tools/screenshot_adjudicate.py docs/screenshot-adjudicate.png

The library is the two-coder demo (scripts/make_demo_library.py), made in /tmp if it is not there.
"""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
DB = "/tmp/annotator-demo-shot.sqlite3"

if not os.path.exists(DB):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo_library.py"), DB], check=True)
for f in ("/tmp/shot-adjudicate.ini",):
    if os.path.exists(f):
        os.remove(f)
app = QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window  # noqa: E402

w = build_window(DB, "lea", QSettings("/tmp/shot-adjudicate.ini", QSettings.Format.IniFormat))
w.reload_library()
w.resize(1080, 1000)
w.move(0, 0)
w.show()
app.processEvents()
w.show_agreement()
view = w.agreement
view.resize(840, 1000)
view.move(1080, 0)


def chosen() -> None:
    if view.figures.rowCount() == 0:  # computed off the window's thread
        QTimer.singleShot(100, chosen)
        return
    row = next(i for i, d in enumerate(view.found) if d.document == 4 and d.tag == "quote")
    view.disagreements.setCurrentRow(row)
    view.passages.setCurrentRow(1)  # bob's longer span
    QTimer.singleShot(800, shoot)


def shoot() -> None:
    app.primaryScreen().grabWindow(0).save(sys.argv[1])
    app.quit()


QTimer.singleShot(300, chosen)
app.exec()
