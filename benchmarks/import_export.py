"""The import (7, 8) and export (9, 9x) rows: the CLI and the app's export timed as processes of their
own beside plain-loop baselines over the same files and the app's own SQL.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.common import Result, annotator_cli


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
