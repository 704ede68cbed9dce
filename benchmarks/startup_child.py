"""Child process for the launch benchmark: start the real app (or a bare Qt baseline) and print
the wall-clock time at which the document is first painted in the reader."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class _FirstPaint(QObject):
    def __init__(self, ready: object) -> None:
        super().__init__()
        self._ready = ready

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._ready(watched):
            QApplication.instance().removeEventFilter(self)
            # Let this paint finish, then report.
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: (print(f"{time.time():.6f}", flush=True), QApplication.instance().exit(0)))
        return False


def main() -> None:
    mode, db = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    if mode == "baseline":
        from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

        from annotator.paths import sample_docs

        text = (sample_docs() / "trend-2026-01-06-karabakh-victory-analysis.txt").read_text(encoding="utf-8")
        window = QMainWindow()
        editor = QPlainTextEdit()
        editor.setPlainText(text)
        window.setCentralWidget(editor)
        window.resize(1400, 860)
        watcher = _FirstPaint(lambda w: w is editor.viewport())
        app.installEventFilter(watcher)
        window.show()
        app.exec()
        return

    def reader_painted(watched: QObject) -> bool:
        parent = watched.parent()
        return type(parent).__name__ == "ReaderView" and parent.document().characterCount() > 1  # type: ignore[union-attr]

    watcher = _FirstPaint(reader_painted)  # keep a reference: an unreferenced filter is collected
    app.installEventFilter(watcher)
    from annotator.ui.launch import launch

    launch(db, None)


if __name__ == "__main__":
    main()
