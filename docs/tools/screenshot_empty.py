"""Regenerate docs/screenshot-empty.png: xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python docs/tools/screenshot_empty.py docs/screenshot-empty.png"""
import sys, os
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QSettings, QTimer
app=QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window
db='/tmp/shot-empty.db'
for f in (db, db+'-wal', db+'-shm', '/tmp/shot-empty.ini'):
    if os.path.exists(f): os.remove(f)
w=build_window(db, 'analyst', QSettings('/tmp/shot-empty.ini', QSettings.Format.IniFormat))
w.resize(1440, 900); w.move(0,0); w.show()
def shoot():
    app.primaryScreen().grabWindow(0).save(sys.argv[1]); app.quit()
QTimer.singleShot(800, shoot); app.exec()
