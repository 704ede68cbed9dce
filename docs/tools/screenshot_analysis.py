"""Retake docs/screenshot-crosstab.png and docs/screenshot-compare.png (issue 14) from the outlets
library (scripts/make_outlets_library.py; made first if LIBRARY does not exist):

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python docs/tools/screenshot_analysis.py LIBRARY docs

The real main window opens the Analysis dialog as its menu does (Ctrl+Shift+T, Ctrl+Shift+O); a
click on a cell lists its passages; the dialog is grabbed as the user sees it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

ROOT = Path(__file__).resolve().parents[2]
app = QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window  # noqa: E402


def settle(window) -> None:
    for _ in range(5):
        window.controller.tasks.wait_idle()
        app.processEvents()


def click_cell(window, table: QTableView, row: str, column: str) -> None:
    """A user's click on the cell of `row` (first column's text) and `column` (a header's text)."""
    model = table.model()
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    r = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == row)
    index = model.index(r, header.index(column))
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    settle(window)


def main(library: str, folder: str) -> None:
    if not Path(library).exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_outlets_library.py"), library], check=True)
    window = build_window(library, "ann", QSettings("/tmp/annotator-shots.ini", QSettings.Format.IniFormat))
    window.resize(1440, 900)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    settle(window)
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(window)
    dialog = window.analysis
    dialog.resize(1180, 760)
    settle(window)
    click_cell(window, dialog.crosstab.table, "framing", "Trend News Agency")
    dialog.grab().save(str(Path(folder) / "screenshot-crosstab.png"))
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(window)
    compare = dialog.compare
    click_cell(window, compare.table, "2023-11-08", "Associated Press (via a local TV news site)")
    dialog.grab().save(str(Path(folder) / "screenshot-compare.png"))
    window.controller.tasks.close()
    window.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
