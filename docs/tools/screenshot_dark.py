"""Dark-palette screenshot: xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python docs/tools/screenshot_dark.py docs/screenshot-dark.png"""
import sys, runpy
from PySide6.QtWidgets import QApplication
from PySide6.QtGui import QPalette, QColor
from PySide6.QtCore import Qt
app = QApplication([])
app.setStyle("Fusion")
p = QPalette()
for role, c in [(QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"), (QPalette.ColorRole.Base, "#1f1f1f"),
                (QPalette.ColorRole.AlternateBase, "#262626"), (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.Button, "#333333"),
                (QPalette.ColorRole.ButtonText, "#e6e6e6"), (QPalette.ColorRole.Highlight, "#2f65ca"), (QPalette.ColorRole.HighlightedText, "#ffffff"),
                (QPalette.ColorRole.PlaceholderText, "#9a9a9a"), (QPalette.ColorRole.Mid, "#444444")]:
    p.setColor(role, QColor(c))
app.setPalette(p)
sys.argv = ["x", sys.argv[1]]
runpy.run_path(str(__import__("pathlib").Path(__file__).with_name("screenshot.py")), run_name="__main__")
