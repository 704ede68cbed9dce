"""GUI figures measured on the real main window, offscreen: open, tag, scroll, undo, library."""

from __future__ import annotations

import os
import random
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollBar  # noqa: E402


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Gui:
    def __init__(self, library: Path, settings_dir: Path) -> None:
        from annotator.ui.launch import build_window, tune_garbage_collector

        self.app = QApplication.instance() or QApplication([])
        tune_garbage_collector()  # as `annotator` does at start-up
        settings = QSettings(str(settings_dir / "bench.ini"), QSettings.Format.IniFormat)
        start = time.perf_counter()
        self.window = build_window(str(library), "bench", settings)
        self.window.resize(1400, 860)
        self.window.show()
        self.app.processEvents()
        self.library_seconds = time.perf_counter() - start
        self.reader = self.window.workspace.reader

    def library_seconds_median(self, repeats: int) -> float:
        """Fill the library pane from the library (query, model, first paint of the pane)."""
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            self.window.reload_library()
            self.window.library.table.viewport().repaint()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    def paint(self) -> None:
        """Repaint the whole reader now (opening, scrolling)."""
        self.reader.viewport().repaint()

    def flush(self) -> None:
        """Paint what is waiting to be painted, as the event loop would next: the dirty regions
        of every widget, and nothing else (no timers, no other events)."""
        QApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
        QApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)

    def open_seconds(self, document_id: int, repeats: int) -> float:
        """Open → painted. Between repeats, wait until the annotation list has arrived too."""
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            self.window.controller.open_document(document_id)
            self.paint()
            times.append(time.perf_counter() - start)
            self.settle(document_id)
            self.settle_suggestions(document_id)  # the detectors' thread done before the next open
        return statistics.median(times)

    def open_stages(self, document_id: int) -> dict[str, float]:
        """One open of a long article, by stage (seconds from the call): `paint` the reader painted;
        `list` the annotation list painted with its first screen of rows; `all` every passage
        in the reader and every row in the list (the event loop running meanwhile)."""
        pane = self.window.workspace.pane
        expected = len(self.window.controller.services.annotations.spans(document_id))
        start = time.perf_counter()
        self.window.controller.open_document(document_id)
        self.paint()
        stages = {"paint": time.perf_counter() - start}
        deadline = start + 60
        while pane.model.rowCount() == 0 and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.001)
        pane.list.viewport().repaint()  # the rows of its first screen are asked for (fetched) here
        stages["list"] = time.perf_counter() - start
        while (
            pane.model.rowCount() != expected or self.reader.highlight_count() != expected
        ) and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.001)
        stages["all"] = time.perf_counter() - start
        return stages

    def open_stages_median(self, document_id: int, other_id: int, repeats: int) -> dict[str, float]:
        """`open_stages` (median of `repeats`), each open made from another document, as a person
        does, and the document's suggestions arrived before the next."""
        stages: dict[str, list[float]] = {}
        for _ in range(repeats):
            self.window.controller.open_document(other_id)
            self.settle(other_id)
            for stage, seconds in self.open_stages(document_id).items():
                stages.setdefault(stage, []).append(seconds)
            self.settle_suggestions(document_id)
        return {stage: statistics.median(times) for stage, times in stages.items()}

    def bare_open_seconds(self, text: str, repeats: int) -> float:
        """The baseline of an open: the same text put into a bare QTextEdit (the reader's Qt
        class, without the app) of the reader's size, and painted; median of `repeats`."""
        from PySide6.QtWidgets import QTextEdit

        editor = QTextEdit()
        editor.resize(self.reader.size())
        editor.show()
        times = []
        for _ in range(repeats):
            editor.clear()
            self.app.processEvents()
            start = time.perf_counter()
            editor.setPlainText(text)
            editor.viewport().repaint()
            times.append(time.perf_counter() - start)
        editor.close()
        editor.deleteLater()
        self.app.processEvents()
        return statistics.median(times)

    def settle(self, document_id: int) -> None:
        """Process events until the open document's full annotation list is shown."""
        expected = len(self.window.controller.services.annotations.spans(document_id))
        deadline = time.perf_counter() + 30
        while self.window.workspace.pane.model.rowCount() != expected and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.005)

    def settle_suggestions(self, document_id: int) -> None:
        """Process events until the open document's suggestions have arrived."""
        flow = self.window.workspace.suggestions
        deadline = time.perf_counter() + 60
        while not (flow.settled and flow._document == document_id) and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.002)

    def suggestion_seconds(self, document_id: int, repeats: int) -> tuple[float, float]:
        """Open -> suggestions outlined and listed (detectors cold: their cache emptied), and the
        longest the event loop went without running while they were computed (a 1 ms timer)."""
        from PySide6.QtCore import QTimer

        times, stalls = [], []
        for _ in range(repeats):
            self.window.controller.services.suggestions._raw.clear()
            ticks: list[float] = []
            timer = QTimer()
            timer.setInterval(1)
            timer.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
            timer.start()
            start = time.perf_counter()
            self.window.controller.open_document(document_id)
            self.paint()
            ticks.append(time.perf_counter())
            self.settle_suggestions(document_id)
            times.append(time.perf_counter() - start)
            timer.stop()
            stalls.append(max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) if len(ticks) > 1 else 0.0)
        return statistics.median(times), statistics.median(stalls)

    def idle(self, seconds: float) -> None:
        """Let the event loop run for `seconds` (timers, threads' results, paints), as between two
        key presses of a person tagging."""
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            self.app.processEvents()
            time.sleep(0.001)

    def tag_latencies(
        self, document_id: int, count: int, seed: int = 7, *, during_suggestions: bool = False, idle: float = 0.0
    ) -> tuple[list[float], list[float]]:
        """Key press -> saved -> painted, then undo -> saved -> repainted, for `count` new spans.
        Normally once the document's suggestions are there; `during_suggestions` starts tagging
        while the detectors still run on their thread (the first moments after opening). With
        `idle` (human pace) the event loop runs that long after each tag and each undo, so the
        work a change sets off (suggestions, list, library row) runs between the key presses."""
        if during_suggestions:
            self.window.controller.services.suggestions._raw.clear()
        self.window.controller.open_document(document_id)
        self.settle(document_id)
        if not during_suggestions:
            self.settle_suggestions(document_id)
        text = self.window.controller.services.documents.text(document_id)
        rng = random.Random(seed)
        self.reader.snap_words = False
        tag_times, undo_times = [], []
        for _ in range(count):
            start = rng.randrange(0, len(text) - 60)
            end = start + rng.randint(5, 50)
            self.reader.select_span(start, end)
            self.reader.ensureCursorVisible()
            self.paint()
            self.flush()
            begin = time.perf_counter()
            QTest.keyClick(self.reader, Qt.Key.Key_3)
            self.flush()
            tag_times.append(time.perf_counter() - begin)
            if idle:
                self.idle(idle)
            begin = time.perf_counter()
            self.window.controller.undo()  # what Ctrl+Z calls: the window's door for undo
            self.flush()
            undo_times.append(time.perf_counter() - begin)
            if idle:
                self.idle(idle)
        self.window.controller.undo_stack.clear()
        return tag_times, undo_times

    def _at_a_third(self, document_id: int, *, highlights: bool) -> QScrollBar:
        """Open the document (or, without highlights, the same text with none), lay it all out,
        so both runs page through the same lines, and show the page a third of the way down."""
        controller = self.window.controller
        controller.open_document(document_id)
        self.settle(document_id)
        if not highlights:
            text = controller.services.documents.text(document_id)
            self.reader.load(text, [], controller.tags)
        self.reader.document().documentLayout().blockBoundingRect(self.reader.document().lastBlock())
        self.app.processEvents()
        bar = self.reader.verticalScrollBar()
        bar.setValue(bar.maximum() // 3)
        self.paint()
        return bar

    def scroll_seconds(self, document_id: int, pages: int, *, highlights: bool) -> float:
        """Median time to scroll one page and repaint, pages back to back: the event loop never
        runs between them, so nothing is prepared in idle time."""
        bar = self._at_a_third(document_id, highlights=highlights)
        times = []
        for _ in range(pages):
            begin = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            self.paint()
            times.append(time.perf_counter() - begin)
        return statistics.median(times)

    def paging_latencies(
        self, document_id: int, pages: int, *, highlights: bool, every: float
    ) -> tuple[list[float], list[float]]:
        """PageDown held, as a person pages through an article: a key press is due every `every`
        seconds (a keyboard's auto-repeat is 25–33 a second), and each is timed from when it was
        due to its page painted, so work the event loop was doing when it came due (idle-time
        preparation, at most a slice) counts in its wait. The article is opened and, at once,
        paged from a third of the way down, far from what the opening prepared. Returns the waits
        and, beside them, this thread's CPU time from each key press to its page painted (which
        other processes' load disturbs less)."""
        self._at_a_third(document_id, highlights=highlights)
        self.reader.setFocus()
        cursor = self.reader.cursorForPosition(self.reader.viewport().rect().center())
        self.reader.setTextCursor(cursor)
        due = time.perf_counter()
        times, cpu = [], []
        for _ in range(pages):
            due += every
            while (left := due - time.perf_counter()) > 0:
                self.app.processEvents()
                if left > 0.002:  # asleep, as the event loop waits: threads get the interpreter
                    time.sleep(0.001)
            begin = time.thread_time()
            QTest.keyClick(self.reader, Qt.Key.Key_PageDown)
            self.flush()
            cpu.append(time.thread_time() - begin)
            times.append(time.perf_counter() - due)
        return times, cpu

    def open_memory(self, document_id: int, opens: int) -> list[float]:
        """Resident memory (MB) after each of `opens` opens of the document, each one painted and
        its list and suggestions arrived (as a person opening documents all day)."""
        import gc

        from benchmarks.common import rss_mb

        found = []
        for _ in range(opens):
            self.window.controller.open_document(document_id)
            self.paint()
            self.settle(document_id)
            self.settle_suggestions(document_id)
            self.idle(0.05)
            gc.collect()
            found.append(rss_mb())
        return found

    def close(self) -> None:
        self.window.close()
        self.window.controller.services.close()
