"""Regenerate docs/screenshot-agreement.png: the agreement view alone — its choices (documents,
coders, tags, by document), tags × measures, α per field, the disagreements of one tag, the buttons.

    xvfb-run -a -s "-screen 0 1920x1000x24" \
        .venv/bin/python docs/tools/screenshot_agreement.py docs/screenshot-agreement.png

The library is the two-coder demo (scripts/make_demo_library.py), made in /tmp if it is not there.
"""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
DB = "/tmp/annotator-demo-agreement-shot.sqlite3"  # its own: the other scripts' copy may hold gold

if not os.path.exists(DB):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo_library.py"), DB], check=True)
for f in ("/tmp/shot-agreement.ini",):
    if os.path.exists(f):
        os.remove(f)
app = QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window  # noqa: E402

w = build_window(DB, "lea", QSettings("/tmp/shot-agreement.ini", QSettings.Format.IniFormat))
w.reload_library()
w.resize(1080, 900)
w.show()
app.processEvents()
w.show_agreement()
view = w.agreement
view.resize(1180, 760)


def chosen() -> None:
    if view.figures.rowCount() == 0:  # computed off the window's thread
        QTimer.singleShot(100, chosen)
        return
    claim = next(r for r in range(view.figures.rowCount()) if view.figures.item(r, 0).text() == "claim")
    view.table.selectRow(claim)  # as a click on the row does: its disagreements and fields below
    view.choose_row(claim)
    view.disagreements.setCurrentRow(0)
    view.table.resizeColumnsToContents()
    view.fields.resizeColumnsToContents()
    QTimer.singleShot(800, shoot)


def shoot() -> None:
    view.grab().save(sys.argv[1])
    app.quit()


QTimer.singleShot(300, chosen)
app.exec()
