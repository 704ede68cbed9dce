"""Regenerate docs/screenshot-suggestions.png: xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python docs/tools/screenshot_suggestions.py docs/screenshot-suggestions.png"""
import os
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window  # noqa: E402

db = '/tmp/shots.db'
for f in (db, db + '-wal', db + '-shm'):
    if os.path.exists(f):
        os.remove(f)
w = build_window(db, 'analyst', QSettings('/tmp/shots.ini', QSettings.Format.IniFormat))
w.controller.services.documents.import_samples()
w.reload_library()
w.resize(1440, 900)
w.move(0, 0)
w.show()
w.controller.open_document(1)
ws = w.workspace
flow = ws.suggestions
while not flow.offers:
    app.processEvents()
text = w.controller.services.documents.text(1)
first_date = next(i for i, s in enumerate(flow.offers) if s.tag == "date")
flow.make_current(first_date)
flow.accept([first_date])  # accepted: now a normal annotation
for _ in range(3):
    app.processEvents()
quote = next(i for i, s in enumerate(flow.offers) if s.tag == "casualty figure")
ws.tabs.setCurrentWidget(ws.suggestions_pane)
flow.make_current(quote, reveal=True)
app.processEvents()


def shoot():
    app.primaryScreen().grabWindow(0).save(sys.argv[1])
    app.quit()


QTimer.singleShot(900, shoot)
app.exec()
