"""Growth curves (`python -m benchmarks.run --growth [CURVE ...]`): how opening, tagging, memory
over opens, the library pane, the export and the import grow with their size, each point beside a
baseline measured in the same run, and a verdict per curve; stored in benchmarks/growth_results.json.

Sizes: the 1 MB article holding 1k/10k/50k/200k annotations (open, tag at a human pace, resident
memory after each of 20 opens; each density in a process of its own); the library pane at
1k/10k/50k documents (benchmarks.library); export of 100k and 1M passage–tag rows (3M with
--growth-3m: building that library takes minutes); import of 100, 1,000 and 10,000 files.
`--growth-upto N` leaves out the points above N annotations or documents (a loaded machine).
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.data import build

CURVES = ("reader", "library", "export", "import")
DENSITIES = (1_000, 10_000, 50_000, 200_000)
LIBRARY_SIZES = (1_000, 10_000, 50_000)
FULL = dict(big=1_000_000, densities=DENSITIES, repeats=5, tags=20, opens=20, documents=LIBRARY_SIZES)
QUICK = dict(big=50_000, densities=(200, 1_000), repeats=2, tags=4, opens=5, documents=(50, 200))


def verdict(sizes: list[int], values: list[float], what: str = "time") -> str:
    """From the first and last points: how `what` grows with size (the exponent k of size^k)."""
    k = math.log(values[-1] / values[0]) / math.log(sizes[-1] / sizes[0])
    word = (
        "flat"
        if k < 0.3
        else "sub-linear (a fixed cost dominates)"
        if k < 0.85
        else "linear"
        if k <= 1.15
        else "worse than linear"
    )
    return f"{word} ({what} ∝ size^{k:.2f})"


def label(count: int) -> str:
    return f"{count // 1000}k" if count >= 1000 and count % 1000 == 0 else f"{count:,}"


def curve(name: str, sizes: list[int], values: list[float], target: str, note: str = "", what: str = "time") -> Any:
    """A curve's row: last point over the first, and the verdict (noted beside any detail)."""
    from benchmarks.common import Result

    found = verdict(sizes, values, what)
    return Result(f"G {name} curve", round(values[-1] / values[0], 2), f"× {what}", target, note=f"{found}{note}")


# --- the 1 MB article by density: open, tag, memory over opens ---------------------------------
def reader_child(density: int, big: int, repeats: int, tags: int, opens: int, cache: Path, work: Path) -> dict[str, Any]:
    """One density, in this process: the rows' own measurements (benchmarks.gui) and the bare widget."""
    from benchmarks.dense import HUMAN_IDLE_S, density_library
    from benchmarks.gui import Gui

    db, ids = density_library(cache, big, density)
    gui = Gui(db, work)
    try:
        stages = gui.open_stages_median(ids["big"], ids["typical"], repeats)
        bare = gui.bare_open_seconds(gui.window.controller.services.documents.text(ids["big"]), repeats)
        resident = gui.open_memory(ids["big"], opens)
        fast, _ = gui.tag_latencies(ids["big"], tags, seed=3)
        paced, _ = gui.tag_latencies(ids["big"], tags, seed=5, idle=HUMAN_IDLE_S)
    finally:
        gui.close()
    return {**stages, "bare": bare, "resident": resident, "fast": fast, "paced": paced}


def reader_point(density: int, size: dict[str, Any], cache: Path, work: Path) -> dict[str, Any]:
    args = [density, size["big"], size["repeats"], size["tags"], size["opens"], cache, work]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.growth", *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def reader_curves(cache: Path, work: Path, size: dict[str, Any], densities: list[int]) -> list[Any]:
    from benchmarks.baselines import sqlite_insert_baseline
    from benchmarks.common import Result
    from benchmarks.gui import ms, percentile

    insert = sqlite_insert_baseline(work)  # what row 4 compares a tag with: one committed insert
    points = [reader_point(d, size, cache, work) for d in densities]
    kb, opens, first = size["big"] // 1000, size["opens"], points[0]
    p95 = [percentile(p["paced"], 0.95) for p in points]
    results = []
    for density, p, tag95 in zip(densities, points, p95, strict=True):
        k, goal = label(density), (0.010 if density <= 50_000 else 0.015)
        fast = f"back to back p50 {ms(statistics.median(p['fast']))} / p95 {ms(percentile(p['fast'], 0.95))} ms"
        third, last = p["resident"][2], p["resident"][-1]
        results += [
            Result(
                f"G open {kb} KB article, {k} annotations → first paint",
                ms(p["paint"]),
                "ms",
                "≤ 250 ms",
                ms(p["bare"]),
                round(p["paint"] / p["bare"], 2),
                p["paint"] <= 0.25,
                note="baseline: the same text in a bare QTextEdit, painted",
            ),
            Result(
                f"G open … {k}: list's first screen painted",
                ms(p["list"]),
                "ms",
                "≤ 300 ms",
                ms(first["list"]),
                round(p["list"] / first["list"], 2),
                p["list"] <= 0.3,
                note=f"baseline: the first point ({label(densities[0])}); every passage shown {ms(p['all'])} ms",
            ),
            Result(
                f"G tag at a human pace, {k} annotations, p95",
                ms(tag95),
                "ms",
                f"≤ {goal * 1000:g} ms",
                ms(insert),
                round(tag95 / insert, 1),
                tag95 <= goal,
                note=f"p50 {ms(statistics.median(p['paced']))} ms; {fast}; baseline: one committed sqlite3 insert",
            ),
            Result(
                f"G resident after {opens} opens at {k}",
                round(last, 1),
                "MB",
                "flat: last ≤ third + 30 MB",
                round(third, 1),
                round(last / third, 2),
                last <= third + 30,
                note="after each: " + " ".join(f"{m:.0f}" for m in p["resident"]),
            ),
        ]
    if len(points) < 2:
        return results
    bare_ratio = (
        f"; ratio to the bare widget {first['paint'] / first['bare']:.1f}× → {points[-1]['paint'] / points[-1]['bare']:.1f}×"
    )
    fast95 = [percentile(p["fast"], 0.95) for p in points]
    grown = ", ".join(
        f"{label(d)} {p['resident'][-1] - p['resident'][2]:+.0f} MB" for d, p in zip(densities, points, strict=True)
    )
    results += [
        curve("open: first paint", densities, [p["paint"] for p in points], "≤ linear", bare_ratio),
        curve("open: list's first screen", densities, [p["list"] for p in points], "flat"),
        curve("tag at a human pace", densities, p95, "flat", f"; back to back {verdict(densities, fast95)}"),
        curve(
            "resident over opens",
            [3, opens],
            [points[-1]["resident"][2], points[-1]["resident"][-1]],
            "flat",
            f" at {label(densities[-1])}, opens 3 → {opens}; third to last open by density: {grown}",
            what="memory",
        ),
    ]
    return results


# --- the library pane, export, import ---------------------------------------------------------
def library_curve(cache: Path, work: Path, quick: bool, documents: list[int]) -> list[Any]:
    from benchmarks.library import growth

    results = growth(cache, work, 2 if quick else 5, tuple(documents))
    if len(results) > 1:
        seconds = [r.value for r in results]
        ratios = f"; ratio to the plain fetch {results[0].ratio:g}× → {results[-1].ratio:g}×"
        results.append(curve("library pane", documents, seconds, "≤ linear", ratios))
    return results


def export_library(cache: Path, annotations: int) -> Path:
    """~`annotations` passage–tag rows over 5 KB documents, 100 annotations each (cached)."""
    db = cache / f"growth-export-{annotations}.sqlite3"
    build(db, documents=max(1, annotations // 100), total_annotations=annotations, big_size=20_000, big_annotations=100)
    return db


def export_curve(cache: Path, work: Path, quick: bool, three_million: bool) -> list[Any]:
    from benchmarks.common import Result
    from benchmarks.import_export import export_times

    results = []
    export_sizes = [5_000, 20_000] if quick else [100_000, 1_000_000] + ([3_000_000] if three_million else [])
    rows, app, loop = [], [], []
    for size in export_sizes:
        t = export_times(export_library(cache, size), work, 1 if quick or size > 1_000_000 else 3)
        rows.append(int(t["rows"]))
        app.append(t["app"])
        loop.append(t["loop"])
        shell = f"; sqlite3 shell {t['shell']:.3f} s ({t['app'] / t['shell']:.2f}×)" if t["shell"] else ""
        results.append(
            Result(
                f"G export {int(t['rows']):,} rows",
                round(t["app"], 3),
                "s",
                "≤ 1.0× plain loop",
                round(t["loop"], 3),
                round(t["app"] / t["loop"], 2),
                t["app"] <= t["loop"],
                note=f"plain loop over the app's SQL{shell}",
            )
        )
    ratios = (
        f"; ratio to the loop {app[0] / loop[0]:.2f}× → {app[-1] / loop[-1]:.2f}×; the loop itself {verdict(rows, loop)}"
    )
    results.append(curve("export", rows, app, "linear", ratios))
    return results


def import_curve(work: Path, quick: bool) -> list[Any]:
    from benchmarks.common import Result
    from benchmarks.import_export import article_files, import_times

    results = []
    import_sizes = [5, 20] if quick else [100, 1_000, 10_000]
    app, loop = [], []
    files = article_files(work / "growth-articles", import_sizes[-1])
    for count in import_sizes:
        seconds, baseline = import_times(work, files[:count], 1 if quick or count >= 10_000 else 3)
        app.append(seconds)
        loop.append(baseline)
        results.append(
            Result(
                f"G import {count:,} files",
                round(seconds, 3),
                "s",
                "≤ 8× plain loop",
                round(baseline, 3),
                round(seconds / baseline, 1),
                seconds <= 8 * baseline,
                note=f"{seconds / count * 1000:.2f} ms per file, whole process",
            )
        )
    ratios = f"; ratio to the loop {app[0] / loop[0]:.1f}× → {app[-1] / loop[-1]:.1f}×"
    results.append(curve("import", import_sizes, app, "linear", ratios))
    return results


def run(
    cache: Path, work: Path, *, quick: bool, three_million: bool, curves: list[str], upto: int | None = None
) -> list[Any]:
    """The chosen curves (all when `curves` is empty), points above `upto` annotations or
    documents left out."""
    size = QUICK if quick else FULL
    wanted = set(curves or CURVES)
    kept = [d for d in size["densities"] if upto is None or d <= upto]
    documents = [d for d in size["documents"] if upto is None or d <= upto]
    results = []
    if "reader" in wanted and kept:
        results += reader_curves(cache, work, size, kept)
    if "library" in wanted and documents:
        results += library_curve(cache, work, quick, documents)
    if "export" in wanted:
        results += export_curve(cache, work, quick, three_million)
    if "import" in wanted:
        results += import_curve(work, quick)
    return results


if __name__ == "__main__":  # one density of the reader curves, in a process of its own
    d, b, r, t, o = (int(a) for a in sys.argv[1:6])
    print(json.dumps(reader_child(d, b, r, t, o, Path(sys.argv[6]), Path(sys.argv[7]))))
