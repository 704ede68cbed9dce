"""REFI-QDA benchmark (issue 15): `python -m benchmarks.refi [--quick] [--annotations N] [--rounds R]`.

Export of the benchmark library as a .qdpx project, and import of that project into an empty
library (the target: export of ~1M annotations ≤ 60 s, import ≤ 2× the export). Baseline in the
same run: the CSV export of the same rows (the cheapest export the app has). Rounds alternate
CSV, QDPX export and import, so load from other processes falls on all three alike; medians and
the ratios of medians are printed as JSON. --quick uses a small library and judges nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def prepare(db: Path, annotations: int) -> None:
    from benchmarks.data import build

    documents = max(10, annotations // 100)
    build(db, documents=documents, total_annotations=annotations, big_size=200_000, big_annotations=annotations // 20)


def run(annotations: int, rounds: int, work: Path) -> dict[str, object]:
    from annotator.services import open_services
    from annotator.services.exports import ExportOptions

    db = work / f"refi-{annotations}.sqlite3"
    prepare(db, annotations)
    times: dict[str, list[float]] = {"csv export": [], "qdpx export": [], "qdpx import": []}
    rows = 0
    services = open_services(str(db), backup=False)
    try:
        for n in range(rounds):
            start = time.perf_counter()
            rows = services.exports.export(work / "rows.csv", ExportOptions())
            times["csv export"].append(time.perf_counter() - start)
            project = work / "project.qdpx"
            start = time.perf_counter()
            services.exports.export(project, ExportOptions(format="qdpx"))
            times["qdpx export"].append(time.perf_counter() - start)
            target = work / f"imported-{n}.sqlite3"
            other = open_services(str(target), backup=False)
            try:
                start = time.perf_counter()
                report = other.refi.import_project(project)
                times["qdpx import"].append(time.perf_counter() - start)
            finally:
                other.close()
            for leftover in work.glob(f"imported-{n}.sqlite3*"):
                leftover.unlink()
            assert not report.problems, report.problems[:3]
    finally:
        services.close()
    medians = {k: round(statistics.median(v), 2) for k, v in times.items()}
    return {
        "annotations": annotations,
        "rows": rows,
        "rounds": rounds,
        "seconds": times,
        "median_s": medians,
        "qdpx export / csv export": round(medians["qdpx export"] / medians["csv export"], 2),
        "qdpx import / qdpx export": round(medians["qdpx import"] / medians["qdpx export"], 2),
        "load average": os.getloadavg(),
        "project MB": round((work / "project.qdpx").stat().st_size / 1e6, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small library, one round (CI's smoke test)")
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    annotations, rounds = (2_000, 1) if args.quick else (args.annotations, args.rounds)
    with tempfile.TemporaryDirectory(prefix="refi-bench-") as folder:
        results = run(annotations, rounds, Path(folder))
    json.dump(results, sys.stdout, indent=1)
    print()
    if not args.quick:
        (HERE / "refi_results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
