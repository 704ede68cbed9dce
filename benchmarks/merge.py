"""`annotator merge` of a coder's library (issue 12): `python -m benchmarks.merge [--quick]`.

A coder's SQLite library of 100,000 annotations (500 articles of ~5 KB, 200 passages each, one or
two tags) is merged, by the command line as a subprocess, into a library that holds the same
articles and none of the coder's work — an SQLite file and a PostgreSQL database (a throwaway
cluster on a Unix socket), side by side in one run — then merged again (nothing to do).
Targets: first merge ≤ 30 s, second ≤ 5 s. Baseline in the same run: `annotator check` of the
coder's library (one read of every annotation against its text, with the same start-up).
Each figure is the median of `repeats` runs on fresh targets. Writes benchmarks/merge_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.data import add_annotations, add_document, article
from benchmarks.live import start_cluster, stop_cluster

HERE = Path(__file__).parent


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        check=True,
        capture_output=True,
        env={**os.environ, "ANNOTATOR_USER": "lead"},
    )
    return time.perf_counter() - start


def texts(documents: int) -> list[str]:
    rng = random.Random(2026)
    return [article(rng, 5_000, f"doc {n}") for n in range(documents)]


def build(location: str, bodies: list[str], per_document: int) -> None:
    """The articles (and, per_document > 0, the coder's passages) in a library at `location`."""
    from annotator.storage.engine import open_library

    library = open_library(location, migrate=True)  # a new server database: the admin step
    rng, next_id = random.Random(7), 1
    for n, body in enumerate(bodies):
        doc = add_document(library, body, f"doc {n}")
        if per_document:
            next_id = add_annotations(library, doc, body, per_document, rng, [1, 2, 3, 4, 5], next_id, (1, 1, 2))
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    documents, per_document, repeats = (20, 50, 1) if quick else (500, 200, 3)
    results: dict[str, object] = {
        "load_before": os.getloadavg(),
        "cores": os.cpu_count(),
        "annotations": documents * per_document,
    }
    bodies = texts(documents)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        coder = str(folder / "coder.sqlite3")
        build(coder, bodies, per_document)
        baseline = statistics.median(timed("--db", coder, "check") for _ in range(repeats))
        cluster = start_cluster()
        try:
            runs: dict[str, dict[str, list[float]]] = {}
            for n in range(repeats):
                for backend in ("sqlite", "postgresql"):
                    if backend == "sqlite":
                        target = str(folder / f"team-{n}.sqlite3")
                    else:
                        import psycopg

                        with psycopg.connect(host=str(cluster), user="postgres", dbname="postgres", autocommit=True) as c:
                            c.execute(f"CREATE DATABASE team_{n}")
                        target = f"postgresql+psycopg://postgres@/team_{n}?host={cluster}"
                    build(target, bodies, 0)
                    times = runs.setdefault(backend, {"first": [], "second": []})
                    times["first"].append(timed("--db", target, "merge", coder))
                    times["second"].append(timed("--db", target, "merge", coder))
        finally:
            stop_cluster(cluster)
    for backend, times in runs.items():
        first, second = statistics.median(times["first"]), statistics.median(times["second"])
        results[backend] = {
            "first_s": first,
            "second_s": second,
            "runs": times,
            "first_met": first <= 30,
            "second_met": second <= 5,
            "first_ratio_to_check": first / baseline,
            "second_ratio_to_check": second / baseline,
        }
    results["baseline_check_s"] = baseline
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))
    if not quick:
        (HERE / "merge_results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
