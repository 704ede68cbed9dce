"""Growth curves (`python -m benchmarks.run --growth`): how the export and the import grow with
their size, each point beside its baseline measured in the same run, and a verdict per curve.

Covered here: export of 100k and 1M passage–tag rows (3M with --growth-3m; building that library
takes minutes, the export itself tens of seconds), import of 100, 1,000 and 10,000 files.
"""

from __future__ import annotations

import math
from pathlib import Path

from benchmarks.data import build


def verdict(sizes: list[int], seconds: list[float]) -> str:
    """From the first and last points: how time grows with size (the exponent k of size^k)."""
    k = math.log(seconds[-1] / seconds[0]) / math.log(sizes[-1] / sizes[0])
    word = (
        "flat"
        if k < 0.3
        else "sub-linear (a fixed cost dominates)"
        if k < 0.85
        else "linear"
        if k <= 1.15
        else "worse than linear"
    )
    return f"{word} (time ∝ size^{k:.2f})"


def export_library(cache: Path, annotations: int) -> Path:
    """~`annotations` passage–tag rows over 5 KB documents, 100 annotations each (cached)."""
    db = cache / f"growth-export-{annotations}.sqlite3"
    build(db, documents=max(1, annotations // 100), total_annotations=annotations, big_size=20_000, big_annotations=100)
    return db


def run(cache: Path, work: Path, *, quick: bool, three_million: bool) -> list[dict[str, object]]:
    from benchmarks.run import Result, article_files, export_times, import_times

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
    results.append(
        Result(
            "G export curve",
            round(app[-1] / app[0], 2),
            "× time",
            "linear",
            note=f"{verdict(rows, app)}; ratio to the loop {app[0] / loop[0]:.2f}× → "
            f"{app[-1] / loop[-1]:.2f}×; the loop itself {verdict(rows, loop)}",
        )
    )
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
    results.append(
        Result(
            "G import curve",
            round(app[-1] / app[0], 2),
            "× time",
            "linear",
            note=f"{verdict(import_sizes, app)}; ratio to the loop {app[0] / loop[0]:.1f}× → {app[-1] / loop[-1]:.1f}×",
        )
    )
    return results  # type: ignore[return-value]
