"""Regenerate docs/screenshot-reader.png: xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python docs/tools/screenshot.py docs/screenshot-reader.png"""
import sys, os
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QSettings, QTimer, QPoint
from PySide6.QtGui import QCursor
app=QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window
db='/tmp/shotx.db'
for f in (db, db+'-wal', db+'-shm'):
    if os.path.exists(f): os.remove(f)
w=build_window(db, 'analyst', QSettings('/tmp/shotx.ini', QSettings.Format.IniFormat))
w.controller.services.documents.import_samples(); w.reload_library()
w.resize(1440, 900); w.move(0, 0); w.show(); w.open_last_document(); app.processEvents()
w.controller.open_document(4); app.processEvents()
ws=w.workspace; r=ws.reader
t=w.controller.services.documents.text(4)
def tag(p, key, note='', nth=1):
    s=-1
    for _ in range(nth): s=t.index(p, s+1)
    r.select_span(s, s+len(p)); ws._on_key(key)
    if note: ws.pane.flush(); ws.pane.note.setPlainText(note); ws.pane.commit_note()
tag('absolute and complete victory', 5, 'victory frame: "absolute", "complete"')
tag('complete victory, brought to a political, diplomatic, and internationally recognized conclusion', 1)
tag('January 5', 3)
tag('the war between Armenia and Azerbaijan was conclusively brought to an end last year', 1, 'Aliyev, TV interview')
tag('We have been living in peace for several months now', 2)
tag('anti-terrorist operation', 5, 'loaded term')
tag('2025', 3)
ws._on_key(1)  # a second tag on the same passage
for a in w.controller.services.annotations.for_document(4):  # typed fields, as the pane sets them
    values = {'January 5': {'date': '2026-01-05'}, '2025': {'date': '2025'},
              'We have been living in peace for several months now': {'speaker': 'the head of state'},
              'anti-terrorist operation': {'frame': 'loaded term'}}.get(a.quote)
    if values:
        ws._on_fields(a.id, values)
ws.pane.select(None); ws.pane.flush(); r.set_current(None)
c=r.textCursor(); c.clearSelection(); r.setTextCursor(c)
app.processEvents()
def shoot():
    app.primaryScreen().grabWindow(0).save(sys.argv[1])
    app.quit()
QTimer.singleShot(800, shoot)
app.exec()
