"""Regenerate docs/screenshot-lanes.png: a disagreement stepped to in the reader with lanes by coder
(decision 045) — Ann's and Bob's framing spans on their own rows, the gold passage Lea accepted
on the row under them, the tooltip naming each row.

    xvfb-run -a -s "-screen 0 1440x900x24" \
        .venv/bin/python docs/tools/screenshot_lanes.py docs/screenshot-lanes.png

The library is a copy of the two-coder demo (scripts/make_demo_library.py), made in /tmp.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QSettings, QTimer
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
DEMO = "/tmp/annotator-demo-lanes.sqlite3"
DB = "/tmp/annotator-lanes-shot.sqlite3"
INI = "/tmp/shot-lanes.ini"
ANN = "lightning rout of ethnic Armenian forces"  # Bob took "a lightning rout": a span disagreement

if not os.path.exists(DEMO):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo_library.py"), DEMO], check=True)
for f in (DB, DB + "-wal", DB + "-shm", INI):
    if os.path.exists(f):
        os.remove(f)
shutil.copy(DEMO, DB)  # a decision is written: the demo stays as made
app = QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window  # noqa: E402

w = build_window(DB, "lea", QSettings(INI, QSettings.Format.IniFormat))
w.reload_library()
w.resize(1440, 900)
w.move(0, 0)
w.show()
app.processEvents()
w.show_agreement()
view = w.agreement
view.hide()  # the reader is the subject: the view keeps stepping (F8) from the window
reader = w.workspace.reader
w.workspace.suggestions.set_visible(False)  # the coders' passages only


def chosen() -> None:
    if view.figures.rowCount() == 0:  # computed off the window's thread
        QTimer.singleShot(100, chosen)
        return
    row = next(i for i, d in enumerate(view.found) if d.document == 1 and d.tag == "framing" and d.kind == "span")
    view.disagreements.setCurrentRow(row)  # the reader opens it: lanes by coder, on while adjudicating
    ann = next(i for i in range(view.passages.count()) if view.passages.item(i).text().startswith("ann"))
    view.passages.setCurrentRow(ann)
    view.accept_passage()  # Ann's span into gold: gold's own row
    QTimer.singleShot(600, tip)


def tip() -> None:
    found = reader.document().find(ANN)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(found.selectionStart())
    reader.setTextCursor(cursor)  # nothing selected: the rows are the subject
    cursor.setPosition(found.selectionStart() + 12)
    point = reader.viewport().mapTo(reader, reader.cursorRect(cursor).center())
    reader.event(QHelpEvent(QEvent.Type.ToolTip, point, reader.mapToGlobal(point)))
    QTimer.singleShot(600, shoot)


def shoot() -> None:
    """The reader around the passage, and the tooltip beside it (a window of its own)."""
    found = reader.document().find(ANN)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(found.selectionStart())
    line = reader.cursorRect(cursor)
    top_left = reader.viewport().mapToGlobal(QPoint(-16, line.top() - 96))
    width = min(reader.viewport().width() + 140, 1440 - top_left.x())
    app.primaryScreen().grabWindow(0).copy(top_left.x(), top_left.y(), width, 260).save(sys.argv[1])
    app.quit()


QTimer.singleShot(300, chosen)
app.exec()
