"""Annotator's benchmark suite: `python -m benchmarks.run [--quick]`.

Generates its data (seeded) from the sample articles, runs the real code paths — the services,
the command line as a subprocess, the real main window offscreen — and prints a table of
metric, value, target, ratio to a baseline measured in the same run, and met/missed. Writes
benchmarks/results.json. `--quick` uses small sizes and asserts nothing: CI runs it as a smoke test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).parent
FULL = dict(
    big=1_000_000,
    big_annotations=50_000,
    library_annotations=1_000_000,
    docs=10_000,
    import_files=1_000,
    import_big=10_000_000,
    export_rows=1_000_000,
    tags=200,
    pages=40,
    repeats=7,
)
QUICK = dict(
    big=50_000,
    big_annotations=500,
    library_annotations=5_000,
    docs=100,
    import_files=20,
    import_big=200_000,
    export_rows=5_000,
    tags=20,
    pages=5,
    repeats=2,
)


@dataclass
class Result:
    metric: str
    value: float
    unit: str
    target: str
    baseline: float | None = None
    ratio: float | None = None
    met: bool | None = None
    note: str = ""


def median_time(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def annotator_cli(*args: str, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "annotator", *args], check=True, capture_output=True, env={**os.environ, **(env or {})}
    )
    return time.perf_counter() - start


# --- 1: launch ----------------------------------------------------------------------------
def launch(work: Path, repeats: int) -> Result:
    """A returning user: the samples library, the Trend analysis (the baseline's text) last open."""
    db = work / "launch.sqlite3"
    annotator_cli("--db", str(db), "import", "--samples")
    config = work / "config" / "Annotator"
    config.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QSettings

    from annotator.ui.places import ReadingPlaces

    settings = QSettings(str(config / "settings.ini"), QSettings.Format.IniFormat)
    ReadingPlaces(settings, str(db)).set_last_document(4)
    settings.sync()

    def run(mode: str) -> float:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(work / "config")}
        start = time.time()
        done = subprocess.run(
            [sys.executable, str(HERE / "startup_child.py"), mode, str(db)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        return float(done.stdout.strip().splitlines()[-1]) - start

    # In turn, app then bare, and the ratio pair by pair: a machine whose load drifts during the run
    # (a block of app runs, then a block of bare ones) moved the ratio by 2x on a shared machine.
    pairs = [(run("app"), run("baseline")) for _ in range(repeats)]
    app = statistics.median(a for a, _ in pairs)
    bare = statistics.median(b for _, b in pairs)
    ratio = statistics.median(a / b for a, b in pairs)
    return Result(
        "1 launch → document painted",
        round(app, 3),
        "s",
        "≤ 0.6 s and ≤ 3× bare Qt",
        round(bare, 3),
        round(ratio, 2),
        app <= 0.6 and ratio <= 3,
        note="app and bare Qt in turn; ratio: median of the pairs'",
    )


# --- 4 baseline: one committed single-row insert --------------------------------------------
def sqlite_insert_baseline(work: Path, count: int = 300) -> float:
    path = work / "baseline.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, a INT, b INT, q TEXT)")
    times = []
    for i in range(count):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t (a, b, q) VALUES (?, ?, ?)", (i, i + 5, "passage text"))
        connection.execute("COMMIT")
        times.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(times)


# --- 7, 8: imports ------------------------------------------------------------------------
def article_files(folder: Path, count: int) -> list[str]:
    """`count` ~5 KB articles (seeded), written once per folder."""
    from benchmarks.data import article

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    files = []
    for n in range(count):
        path = folder / f"article-{n:05d}.txt"
        text = article(rng, 5_000, f"article {n}")
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        files.append(str(path))
    return files


def import_times(work: Path, files: list[str], repeats: int) -> tuple[float, float]:
    """Median whole-process seconds of the app's import (CLI, a new library each time) and of the
    plain read+hash+insert loop over the same files, run alternately."""
    from benchmarks.baselines import import_loop

    ours, loop = [], []
    for n in range(repeats):
        db = work / f"import-{len(files)}-{n}.sqlite3"
        ours.append(annotator_cli("--db", str(db), "import", *files))
        loop.append(import_loop(work / "import-loop.sqlite3", files))
        for leftover in work.glob(db.name + "*"):
            leftover.unlink()
    return statistics.median(ours), statistics.median(loop)


def import_many(work: Path, count: int, repeats: int) -> Result:
    files = article_files(work / "articles", count)
    seconds, loop = import_times(work, files, repeats)
    ratio = seconds / loop
    return Result(
        f"7 import {count} × 5 KB .txt (CLI)",
        round(seconds, 3),
        "s",
        "≤ 2 s and ≤ 8× plain loop",
        round(loop, 3),
        round(ratio, 1),
        seconds <= 2 and ratio <= 8,
        note=f"{seconds / count * 1000:.2f} ms per file; baseline: read+decode+hash+insert, one process",
    )


def import_big(work: Path, size: int) -> Result:
    from benchmarks.data import article

    path = work / "big.txt"
    path.write_text(article(random.Random(2), size, "big import"), encoding="utf-8")
    seconds = annotator_cli("--db", str(work / "import-big.sqlite3"), "import", str(path))
    return Result(
        f"8 import one {size // 1_000_000 or size / 1e6} MB .txt (CLI)", round(seconds, 3), "s", "≤ 2 s", met=seconds <= 2
    )


# --- 9: export ----------------------------------------------------------------------------
EXPORT_CHILD = """
import resource, sys, time
from annotator.services import open_services
services = open_services(sys.argv[1], backup=False)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
rows = services.exports.export_csv(sys.argv[2])
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, rows, (after - before) / 1024, workers / 1024)
"""


def export_times(db: Path, work: Path, repeats: int) -> dict[str, float]:
    """Median seconds of the app's export (timed inside its process, after opening the library),
    the plain sqlite3 + csv loop over the app's own SQL, and the sqlite3 shell over it, run
    alternately so that a change of load hits all three."""
    from benchmarks.baselines import export_sql, plain_export, shell_export

    sql, params = export_sql(db)
    ours, loop, shell, growth, workers, rows = [], [], [], 0.0, 0.0, 0
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", EXPORT_CHILD, str(db), str(work / "ours.csv")], capture_output=True, text=True, check=True
        )
        seconds, count, grown, worker = out.stdout.split()
        ours.append(float(seconds))
        rows, growth, workers = int(count), max(growth, float(grown)), max(workers, float(worker))
        loop.append(plain_export(db, work / "loop.csv", sql, params))
        if (by_shell := shell_export(db, work / "shell.csv", sql, params)) is not None:
            shell.append(by_shell)
    for name in ("ours.csv", "loop.csv", "shell.csv"):
        (work / name).unlink(missing_ok=True)
    return {
        "app": statistics.median(ours),
        "loop": statistics.median(loop),
        "shell": statistics.median(shell) if shell else 0.0,
        "rows": rows,
        "growth": growth,
        "workers": workers,
    }


def export(db: Path, work: Path, repeats: int) -> list[Result]:
    t = export_times(db, work, repeats)
    seconds, baseline, rows = t["app"], t["loop"], int(t["rows"])
    results = [
        Result(
            f"9 export {rows:,} rows to CSV",
            round(seconds, 3),
            "s",
            "≤ 6 s and ≤ 1.0× plain loop",
            round(baseline, 3),
            round(seconds / baseline, 2),
            seconds <= 6 and seconds <= baseline,
            note="baseline: sqlite3 + csv loop over the app's own export SQL",
        ),
        Result("9 export: peak memory growth", round(t["growth"], 1), "MB", "≤ 100 MB", met=t["growth"] <= 100),
        Result(
            "9 export: peak resident size of a worker process",
            round(t["workers"], 1),
            "MB",
            "(information)",
            note="parallel export: each worker streams its part",
        ),
    ]
    if t["shell"]:
        results.append(
            Result(
                "9 export: the sqlite3 shell, same SQL (reference)",
                round(t["shell"], 3),
                "s",
                "—",
                round(t["shell"], 3),
                round(seconds / t["shell"], 2),
            )
        )
    return results


XLSX_CHILD = """
import resource, sys, time
from annotator.services import open_services
from annotator.services.exports import ExportOptions
services = open_services(sys.argv[1], backup=False)
wanted, chosen, rows = int(sys.argv[3]), [], 0
if wanted:  # the first documents (by id) holding about `wanted` rows
    for document in sorted(services.documents.list(), key=lambda d: d.id):
        if rows >= wanted:
            break
        chosen.append(document.id)
        rows += document.annotation_count
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
rows = services.exports.export(sys.argv[2], ExportOptions(tuple(chosen), format="xlsx"))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, cpu, rows, (after - before) / 1024)
"""


def export_xlsx(db: Path, work: Path, repeats: int) -> list[Result]:
    """XLSX export of about 100,000 rows (≤ 10 s) and of the whole library (time and memory
    growth, ≤ 300 MB), timed inside the process; CPU seconds beside wall time (a loaded machine)."""
    results = []
    for wanted in (100_000, 0):
        runs = []
        for _ in range(repeats if wanted else 1):
            out = subprocess.run(
                [sys.executable, "-c", XLSX_CHILD, str(db), str(work / "out.xlsx"), str(wanted)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append([float(x) for x in out.stdout.split()])
        (work / "out.xlsx").unlink(missing_ok=True)
        seconds, cpu, rows, growth = (statistics.median(r[i] for r in runs) for i in range(4))
        if wanted:
            results.append(
                Result(
                    f"9x export {int(rows):,} rows to XLSX",
                    round(seconds, 2),
                    "s",
                    "≤ 10 s",
                    met=seconds <= 10,
                    note=f"CPU {cpu:.2f} s",
                )  # fmt: skip
            )
        else:
            results.append(
                Result(
                    f"9x export {int(rows):,} rows to XLSX", round(seconds, 2), "s", "(information)", note=f"CPU {cpu:.2f} s"
                )
            )
            results.append(
                Result("9x XLSX export: peak memory growth", round(growth, 1), "MB", "≤ 300 MB", met=growth <= 300)
            )
    return results


def suggestions(db: Path, ids: dict[str, int], repeats: int) -> list[Result]:
    """Detectors over the typical (10 KB) and big article, cold, through the service, with a
    same-run baseline: one regular-expression pass splitting the same text into words."""
    import re

    from annotator.services import open_services
    from benchmarks.gui import ms

    services = open_services(str(db), backup=False)
    found = []
    try:
        for key, target in (("typical", 0.1), ("big", 3.0)):
            text = services.documents.text(ids[key])

            def run(document_id: int = ids[key]) -> None:
                services.suggestions._raw.clear()
                services.suggestions.suggest(document_id)

            run()  # patterns compiled, date tables loaded: as after the first document of a session
            seconds = median_time(run, repeats)
            baseline = median_time(lambda text=text: re.findall(r"\w+", text), repeats)
            count = len(services.suggestions.suggest(ids[key]))
            found.append(
                Result(
                    f"11{'a' if key == 'typical' else 'b'} suggestions, {len(text) // 1000} KB article ({count:,} found)",
                    ms(seconds),
                    "ms",
                    f"≤ {target * 1000:g} ms, off the GUI thread",
                    ms(baseline),
                    round(seconds / baseline, 1),
                    seconds <= target,
                )
            )
    finally:
        services.close()
    return found


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
        p95 = percentile(tag_t, 0.95)
        found.append(
            Result(
                f"4h tag at a human pace, {density // 1000}k annotations in the document, p95",
                ms(p95),
                "ms",
                f"≤ {target * 1000:g} ms",
                met=p95 <= target,
                note=f"{spread(tag_t)}; back to back {spread(fast_t)}",
            )
        )
        u95 = percentile(undo_t, 0.95)
        found.append(
            Result(
                f"6h undo at a human pace, {density // 1000}k annotations, p95",
                ms(u95),
                "ms",
                f"≤ {target * 1000:g} ms",
                met=u95 <= target,
                note=f"{spread(undo_t)}; back to back {spread(fast_u)}",
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


READING_S = 2.0  # 5e: seconds on the first page before paging (idle time prepares the article)


def dense_child(density: int, big: int, repeats: int, tags: int, pages: int, cache: Path, work: Path) -> None:
    from benchmarks.gui import Gui, ms, percentile

    db, ids = density_library(cache, big, density)
    gui = Gui(db, work)
    k = f"{density // 1000}k" if density >= 1000 else str(density)
    stages = gui.open_stages_median(ids["big"], ids["typical"], repeats)
    resident = rss_mb()
    paint, listed, every = stages["paint"], stages["list"], stages["all"]
    tag_t, undo_t = gui.tag_latencies(ids["big"], tags)
    with_h = gui.scroll_seconds(ids["big"], pages, highlights=True)
    without = gui.scroll_seconds(ids["big"], pages, highlights=False)
    cpu_h = gui.scroll_seconds(ids["big"], pages, highlights=True, clock=time.thread_time)
    cpu_0 = gui.scroll_seconds(ids["big"], pages, highlights=False, clock=time.thread_time)
    read_h = gui.scroll_seconds(ids["big"], pages, highlights=True, reading=READING_S, clock=time.thread_time)
    read_0 = gui.scroll_seconds(ids["big"], pages, highlights=False, reading=READING_S, clock=time.thread_time)
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
        Result(
            f"5d scroll one page at {k}, repainted",
            ms(with_h),
            "ms",
            "≤ 1.5× no highlights",
            ms(without),
            round(with_h / without, 2),
            with_h <= 1.5 * without,
            note=f"pages back to back; by this thread's CPU time {ms(cpu_h)} vs {ms(cpu_0)} ms = "
            f"{cpu_h / cpu_0:.2f}× (less disturbed by other processes)",
        ),
        Result(
            f"5e scroll one page at {k} after {READING_S:g} s on the first page, CPU",
            ms(read_h),
            "ms",
            "≤ 1.5× no highlights",
            ms(read_0),
            round(read_h / read_0, 2),
            read_h <= 1.5 * read_0,
            note="the article read at its top a moment (idle time prepares it), then a jump to a third "
            "and pages back to back; by this thread's CPU time",
        ),
    ]
    print(json.dumps([asdict(r) for r in results]))


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test, no targets judged")
    parser.add_argument("--out", help="where the results go (default benchmarks/results.json or growth_results.json)")
    parser.add_argument(
        "--only",
        nargs="*",
        help="metric numbers to run, e.g. --only 4 9 (4h: human pace; 2d: open, tag, scroll at 50k, 200k)",
    )
    parser.add_argument(
        "--library-growth",
        nargs="*",
        type=int,
        metavar="DOCUMENTS",
        help="only the library pane's growth curve (default sizes 1k 10k 50k 100k documents)",
    )
    parser.add_argument(
        "--growth",
        nargs="*",
        choices=("reader", "library", "export", "import"),
        help="growth curves (benchmarks.growth), all or those named; writes benchmarks/growth_results.json",
    )
    parser.add_argument("--growth-3m", action="store_true", help="with --growth: also export 3M rows (minutes)")
    parser.add_argument("--growth-upto", type=int, metavar="N", help="with --growth: no point above N annotations/documents")
    parser.add_argument("--dense-child", nargs=7, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dense_child:
        d, b, r, t, p, c, w = args.dense_child
        dense_child(int(d), int(b), int(r), int(t), int(p), Path(c), Path(w))
        return 0
    if args.library_growth is not None:
        return library_growth(args)
    from benchmarks.baselines import describe, machine_state

    before = machine_state()  # a loaded machine must say so, in the results too
    print(f"before: {describe(before)}", file=sys.stderr)
    size = QUICK if args.quick else FULL
    growing = args.growth is not None
    out = Path(args.out or HERE / ("growth_results.json" if growing else "results.json"))
    wanted = set(args.only or ([] if growing else [*(str(i) for i in range(1, 13)), "4h", "2d", "9x"]))
    cache = HERE / "out"
    cache.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    from benchmarks.data import build

    label = "quick" if args.quick else "full"
    db = cache / f"library-{label}.sqlite3"
    results: list[Result] = []
    if growing:
        from benchmarks import growth

        results.extend(
            growth.run(
                cache, work, quick=args.quick, three_million=args.growth_3m, curves=args.growth, upto=args.growth_upto
            )
        )
    if wanted - {"2d", "4h"}:  # those build libraries of their own
        print(f"building or reusing {db} …", file=sys.stderr)
        ids = build(
            db,
            documents=size["docs"],
            total_annotations=size["library_annotations"],
            big_size=size["big"],
            big_annotations=size["big_annotations"],
        )
    if "1" in wanted:
        results.append(launch(work, 3 if args.quick else 7))
    if wanted & {"2", "3", "4", "5", "6", "10", "11", "12"}:
        from benchmarks.gui import Gui, ms, percentile

        base_rss = rss_mb()
        gui = Gui(db, work)
        if "10" in wanted:
            docs = gui.window.library.model.rowCount()
            seconds = gui.library_seconds_median(size["repeats"])
            results.append(
                Result(
                    f"10 library pane with {docs:,} documents populated",
                    ms(seconds),
                    "ms",
                    "≤ 200 ms",
                    met=seconds <= 0.2,
                    note=f"whole window built in {ms(gui.library_seconds)} ms",
                )
            )
            results.append(
                Result(
                    "10 whole process resident",
                    round(rss_mb(), 1),
                    "MB",
                    "≤ 300 MB",
                    met=rss_mb() <= 300,
                    note=f"{base_rss:.0f} MB before the window",
                )
            )
        if "2" in wanted:
            seconds = gui.open_seconds(ids["big"], size["repeats"])
            results.append(
                Result(
                    f"2 open {size['big'] // 1000} KB article, {size['big_annotations']:,} annotations",
                    ms(seconds),
                    "ms",
                    "≤ 250 ms",
                    met=seconds <= 0.25,
                )
            )
        if "3" in wanted:
            seconds = gui.open_seconds(ids["typical"], size["repeats"] * 3)
            results.append(Result("3 open 10 KB article, 50 annotations", ms(seconds), "ms", "≤ 30 ms", met=seconds <= 0.03))
        if wanted & {"4", "6"}:
            tags, undos = gui.tag_latencies(ids["big"], size["tags"])
            baseline = sqlite_insert_baseline(work)
            p50, p95 = statistics.median(tags), percentile(tags, 0.95)
            results.append(
                Result(
                    "4 tag: key → saved → painted, p50",
                    ms(p50),
                    "ms",
                    "≤ 4 ms",
                    ms(baseline),
                    round(p50 / baseline, 1),
                    p50 <= 0.004,
                )
            )
            results.append(Result("4 tag: key → saved → painted, p95", ms(p95), "ms", "≤ 10 ms", met=p95 <= 0.010))
            u95 = percentile(undos, 0.95)
            results.append(
                Result(
                    "6 undo a tag: saved and repainted, p95",
                    ms(u95),
                    "ms",
                    "≤ 10 ms",
                    met=u95 <= 0.010,
                    note=f"p50 {ms(statistics.median(undos))} ms",
                )
            )
        if "12" in wanted:
            opens = 5 if args.quick else 20
            after = gui.open_memory(ids["big"], opens)
            flat = after[-1] <= after[2] + 30
            results.append(
                Result(
                    f"12 resident after {opens} opens of the {size['big'] // 1000} KB article",
                    round(after[-1], 1),
                    "MB",
                    "flat: last ≤ third + 30 MB",
                    round(after[2], 1),
                    round(after[-1] / after[2], 2),
                    flat,
                    note="after each: " + " ".join(f"{m:.0f}" for m in after),
                )
            )
        if "11" in wanted:
            seconds, stall = gui.suggestion_seconds(ids["big"], 3 if size is QUICK else 5)
            results.append(
                Result(
                    f"11c open {size['big'] // 1000} KB article → suggestions shown (GUI)",
                    ms(seconds),
                    "ms",
                    "(information)",
                    note=f"longest event-loop stall meanwhile {ms(stall)} ms",
                )
            )
            during, _ = gui.tag_latencies(ids["big"], size["tags"] // 2, seed=11, during_suggestions=True)
            results.append(
                Result(
                    "11d tag p95 while the detectors run (first moments after opening)",
                    ms(percentile(during, 0.95)),
                    "ms",
                    "(information)",
                    note=f"p50 {ms(statistics.median(during))} ms",
                )
            )
        if "5" in wanted:
            with_h = gui.scroll_seconds(ids["big"], size["pages"], highlights=True)
            without = gui.scroll_seconds(ids["big"], size["pages"], highlights=False)
            results.append(
                Result(
                    "5 scroll one page, repainted",
                    ms(with_h),
                    "ms",
                    "≤ 1.5× no highlights",
                    ms(without),
                    round(with_h / without, 2),
                    with_h <= 1.5 * without,
                    note="pages back to back: every page's highlights laid out cold",
                )
            )
            idle_h = gui.scroll_seconds(ids["big"], size["pages"], highlights=True, idle=0.016)
            idle_0 = gui.scroll_seconds(ids["big"], size["pages"], highlights=False, idle=0.016)
            results.append(
                Result(
                    "5b scroll one page, 16 ms idle between pages (wheel)",
                    ms(idle_h),
                    "ms",
                    "(information)",
                    ms(idle_0),
                    round(idle_h / idle_0, 2),
                    note="idle time prepares the next blocks, as in use",
                )
            )
        gui.close()
    if "11" in wanted:  # after the window's figures: its big lists would otherwise share their heap
        results.extend(suggestions(db, ids, size["repeats"]))
    if "4h" in wanted:
        results.extend(
            human_pace(
                cache,
                work,
                big=size["big"],
                tags=size["tags"] // (4 if args.quick else 5),
                densities=(500, 2_000) if args.quick else DENSITIES,
            )
        )
    if "2d" in wanted:
        results.extend(
            dense(
                cache,
                work,
                big=size["big"],
                densities=(500, 2_000) if args.quick else (50_000, 200_000),
                repeats=3 if args.quick else 5,
                tags=size["tags"] // 2,
                pages=size["pages"],
            )
        )
    if "7" in wanted:
        results.append(import_many(work, size["import_files"], 1 if args.quick else 3))
    if "8" in wanted:
        results.append(import_big(work, size["import_big"]))
    if "9" in wanted:
        results.extend(export(db, work, 1 if args.quick else 3))
    if "9x" in wanted:
        results.extend(export_xlsx(db, work, 1 if args.quick else 3))

    after = machine_state()
    report(results, quick=args.quick)
    print(f"machine before: {describe(before)}\nmachine after:  {describe(after)}")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    out.write_text(
        json.dumps(
            {
                "quick": args.quick,
                "machine": machine,
                "load_before": before,
                "load_after": after,
                "results": [asdict(r) for r in results],
            },
            indent=2,
        )
    )
    return 0


def library_growth(args: argparse.Namespace) -> int:
    from benchmarks.library import SIZES, growth

    cache = HERE / "out"
    cache.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    results = growth(cache, work, 7, tuple(args.library_growth) or SIZES)
    report(results, quick=False)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}, {os.cpu_count()} cores")
    Path(args.out or HERE / "library_growth_results.json").write_text(
        json.dumps({"library_growth": [asdict(r) for r in results]}, indent=2)
    )
    return 0


def report(results: list[Result], *, quick: bool) -> None:
    header = ("metric", "value", "target", "baseline", "ratio", "met")
    rows = [
        (
            r.metric,
            f"{r.value:g} {r.unit}",
            r.target,
            "" if r.baseline is None else f"{r.baseline:g}",
            "" if r.ratio is None else f"{r.ratio:g}×",
            "—" if quick or r.met is None else ("met" if r.met else "MISSED"),
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
    for r in results:  # what a row's number means (a curve's verdict, a baseline's definition)
        if r.note:
            print(f"  {r.metric}: {r.note}")
    if quick:
        print("(quick mode: small sizes, targets not judged)")


if __name__ == "__main__":
    sys.exit(main())
