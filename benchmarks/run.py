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
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

# This module parses the arguments, runs the rows chosen and writes the results; the rows live in
# window_rows.py (the main window), dense.py (the dense article), import_export.py, sharing common.py.
from benchmarks.common import FULL, HERE, QUICK, Result
from benchmarks.dense import DENSITIES, dense, dense_child, human_pace
from benchmarks.import_export import export, export_xlsx, import_big, import_many
from benchmarks.window_rows import launch, suggestions, window_rows


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
        results.extend(window_rows(db, work, ids, size, wanted, args.quick))
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
