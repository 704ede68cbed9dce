"""The window during File → Merge library… (issue 12): `python -m benchmarks.merge_window [--quick]`.

A coder's SQLite library of 100,000 annotations (500 articles, 200 passages each: benchmarks.merge's
data) is merged into a library holding the same articles, in the real main window offscreen, two
ways in one run, back to back, on fresh targets: *before* — the merge on the window's thread, as
File → Merge library… ran it until now — and *after* — the menu's path, a task off the window's
thread. A 10 ms timer runs throughout; the figure is the longest gap between its ticks while the
merge runs (how long the window was frozen), next to the merge's wall time. Median of `repeats`.
Writes benchmarks/merge_window_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def measure(target: str, coder: str, *, threaded: bool) -> tuple[float, float]:
    """(longest gap between 10 ms ticks, wall seconds) while merging `coder` into `target`."""
    from PySide6.QtCore import QCoreApplication, QSettings, QTimer

    from annotator.ui.launch import build_window

    settings = QSettings(str(Path(target).with_suffix(".ini")), QSettings.Format.IniFormat)
    window = build_window(target, "lead", settings)
    window.show()
    while not window.controller.ready:
        QCoreApplication.processEvents()
    ticks: list[float] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    if threaded:
        done: list[object] = []
        window.controller.merge_library(coder, done.append)
        while not done:
            QCoreApplication.processEvents()
            time.sleep(0.001)
    else:
        window.controller.services.merge.merge(coder)  # what the menu did on the window's thread
        QCoreApplication.processEvents()
    wall = time.perf_counter() - start
    timer.stop()
    points = [start, *[t for t in ticks if t >= start], start + wall]
    gap = max(b - a for a, b in zip(points, points[1:], strict=False))
    window.controller.tasks.wait_idle()
    window.close()
    window.controller.services.close()
    return gap, wall


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks.merge import build, texts

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    documents, per_document, repeats = (20, 50, 1) if quick else (500, 200, 3)
    app = QApplication.instance() or QApplication([])
    results: dict[str, object] = {"load_before": os.getloadavg(), "cores": os.cpu_count()}
    results["annotations"] = documents * per_document
    bodies = texts(documents)
    runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        coder = str(folder / "coder.sqlite3")
        build(coder, bodies, per_document)
        for n in range(repeats):
            for way in ("before", "after"):
                target = str(folder / f"{way}-{n}.sqlite3")
                build(target, bodies, 0)
                runs[way].append(measure(target, coder, threaded=way == "after"))
    for way, got in runs.items():
        results[way] = {
            "longest_gap_s": statistics.median(g for g, _ in got),
            "wall_s": statistics.median(w for _, w in got),
            "runs": got,
        }
    before, after = results["before"], results["after"]  # type: ignore[index]
    results["gap_ratio_after_to_before"] = after["longest_gap_s"] / before["longest_gap_s"]  # type: ignore[index]
    results["wall_ratio_after_to_before"] = after["wall_s"] / before["wall_s"]  # type: ignore[index]
    results["load_after"] = os.getloadavg()
    del app
    print(json.dumps(results, indent=1))
    if not quick:
        (HERE / "merge_window_results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
