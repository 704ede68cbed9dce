"""The 1 MB article at many annotations: tagging at a human pace (4h, 6h) and opening, tagging and
scrolling it at 50k and 200k annotations (2d, 4d, 5d, 5e), each density in a process of its own.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from benchmarks.common import HERE, Result, rss_mb
from benchmarks.window_rows import scroll_rows


def density_library(cache: Path, big: int, density: int) -> tuple[Path, dict[str, int]]:
    """A library whose `big`-character article holds `density` annotations (cached) and its ids."""
    from benchmarks.data import build

    db = cache / f"density-{big // 1000}k-{density}.sqlite3"
    return db, build(db, documents=2, total_annotations=density + 100, big_size=big, big_annotations=density)


# --- 4h, 6h: tagging at a human pace, by how densely the article is annotated -------------------
DENSITIES = (10_000, 50_000, 200_000)
HUMAN_IDLE_S = 0.3  # seconds the event loop runs after each key press: one tag every ~0.6 s


def human_pace(
    cache: Path, work: Path, *, big: int, densities: tuple[int, ...], tags: int, idle: float = HUMAN_IDLE_S
) -> list[Result]:
    """Tag and undo at a person's pace (the event loop runs `idle` s after each key press, one tag
    every ~0.6 s) in the 1 MB article holding 10k/50k/200k annotations; beside it the
    back-to-back method (no idle) on the same document, same run."""
    from benchmarks.gui import Gui, ms, percentile

    found = []
    for density in densities:
        db, ids = density_library(cache, big, density)
        gui = Gui(db, work)
        try:
            fast_t, fast_u = gui.tag_latencies(ids["big"], tags, seed=3)
            tag_t, undo_t = gui.tag_latencies(ids["big"], tags, seed=5, idle=idle)
        finally:
            gui.close()

        def spread(values: list[float]) -> str:
            return f"p50 {ms(statistics.median(values))} / p95 {ms(percentile(values, 0.95))} / max {ms(max(values))} ms"

        target = 0.010 if density <= 50_000 else 0.015
        k = f"{density // 1000}k"
        for metric, paced, fast in (
            (f"4h tag at a human pace, {k} annotations in the document, p95", tag_t, fast_t),
            (f"6h undo at a human pace, {k} annotations, p95", undo_t, fast_u),
        ):
            p95 = percentile(paced, 0.95)
            found.append(
                Result(
                    metric,
                    ms(p95),
                    "ms",
                    f"≤ {target * 1000:g} ms",
                    met=p95 <= target,
                    note=f"{spread(paced)}; back to back {spread(fast)}",
                )
            )
    return found


# --- 2d, 4d, 5d: opening, tagging and scrolling the 1 MB article at 50k and 200k annotations ----
def dense(
    cache: Path, work: Path, *, big: int, densities: tuple[int, ...], repeats: int, tags: int, pages: int
) -> list[Result]:
    """Issue 17 §3 and issue 11: a long article holding many annotations, each density in a
    process of its own (its window, its memory), opened from another document each time."""
    found = []
    for density in densities:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.run",
                "--dense-child",
                str(density),
                str(big),
                str(repeats),
                str(tags),
                str(pages),
                str(cache),
                str(work),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE.parent,
        )
        found.extend(Result(**r) for r in json.loads(out.stdout.strip().splitlines()[-1]))
    return found


def dense_child(density: int, big: int, repeats: int, tags: int, pages: int, cache: Path, work: Path) -> None:
    from benchmarks.gui import Gui, ms, percentile

    db, ids = density_library(cache, big, density)
    gui = Gui(db, work)
    k = f"{density // 1000}k" if density >= 1000 else str(density)
    stages = gui.open_stages_median(ids["big"], ids["typical"], repeats)
    resident = rss_mb()
    paint, listed, every = stages["paint"], stages["list"], stages["all"]
    tag_t, undo_t = gui.tag_latencies(ids["big"], tags)
    scrolled = scroll_rows(gui, ids["big"], pages, at=k)
    gui.close()
    results = [
        Result(
            f"2d open {big // 1000} KB article, {k} annotations → first paint",
            ms(paint),
            "ms",
            "≤ 250 ms",
            met=paint <= 0.25,
        ),
        Result(f"2d … {k}: annotation list's first screen painted", ms(listed), "ms", "≤ 300 ms", met=listed <= 0.3),
        Result(f"2d … {k}: every passage in the reader and the list", ms(every), "ms", "(information)"),
        Result(
            f"2d … {k}: whole process resident after {repeats} opens",
            round(resident, 1),
            "MB",
            "≤ 500 MB",
            met=resident <= 500,
        ),
        Result(
            f"4d tag at {k}: key → saved → painted, p95",
            ms(percentile(tag_t, 0.95)),
            "ms",
            "≤ 10 ms",
            met=percentile(tag_t, 0.95) <= 0.010,
            note=f"p50 {ms(statistics.median(tag_t))} ms; undo p95 {ms(percentile(undo_t, 0.95))} ms",
        ),
        *scrolled,
    ]
    print(json.dumps([asdict(r) for r in results]))
