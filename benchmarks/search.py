"""Search across the library (issue 14): `python -m benchmarks.search [--quick]`.

Over the benchmark library (benchmarks.data.build: 10,002 documents, ~5 KB each but one of 1 MB
and one of 10 KB; built once, cached in benchmarks/out and shared with benchmarks.run):
- the first page (50 KWIC rows) of several queries — a common word, a rarer one, a Russian-style
  stem, a phrase, a prefix, NEAR — through SearchService: p95 ≤ 50 ms; baseline in the same run:
  the same page's document ids from a plain sqlite3 FTS5 query (what the index alone costs);
- a query with about 10,000 hits counted (every candidate text read and matched): ≤ 200 ms;
  baseline: plain sqlite3 reading the same texts plus one `re.findall` each;
- import of 1,000 × 5 KB files by the command line into a new library, with the index's triggers
  and without them (dropped in the new library first), alternately: index build ≤ +20 %;
- a document variable's filter (`--var`, on a copy of the library whose every document holds one
  of three values): a first page and a count with it, against the same without it, alternately.
Medians and p95 of `repeats` runs; the machine's load is printed and written with the results
(benchmarks/search_results.json).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.baselines import describe, machine_state
from benchmarks.common import FULL, QUICK, annotator_cli
from benchmarks.data import build
from benchmarks.import_export import article_files

HERE = Path(__file__).parent
PAGE = 50
QUERIES = ("Azerbaijan", "peacekeeping", "forces", '"Armenia and Azerbaijan"', "Karabakh*", "NEAR(president parade, 5)")
COUNT_CANDIDATES = ("said", "ceasefire", "blockade", "Lachin", "humanitarian", "Khankendi", "refugees", "parade", "Aliyev")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def fts_page(db: Path, query: str) -> float:
    """The plain-SQLite baseline: the first page of matching document ids, nothing else."""
    from annotator.domain.search.matching import index_terms
    from annotator.domain.search.query import parse

    prefixes = [p for group in index_terms(parse(query)) for p in group]
    match = " AND ".join('"' + p + '" *' for p in prefixes)
    connection = sqlite3.connect(db)
    try:
        start = time.perf_counter()
        connection.execute("SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT ?", (match, PAGE)).fetchall()
        return time.perf_counter() - start
    finally:
        connection.close()


def first_pages(db: Path, repeats: int) -> dict[str, object]:
    from annotator.services import open_services

    services = open_services(str(db), backup=False)
    ours, base, per_query = [], [], {}
    try:
        for query in QUERIES:
            services.search.search(query, limit=PAGE)  # warm: the OS cache and compiled statements
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                services.search.search(query, limit=PAGE)
                times.append(time.perf_counter() - start)
                base.append(fts_page(db, query))
            ours += times
            per_query[query] = round(statistics.median(times) * 1000, 1)
    finally:
        services.close()
    return {
        "first_page_p95_ms": round(p95(ours) * 1000, 1),
        "first_page_median_ms": round(statistics.median(ours) * 1000, 1),
        "baseline_fts_page_p95_ms": round(p95(base) * 1000, 2),
        "median_ms_per_query": per_query,
        "target_ms": 50,
    }


def counted(db: Path, repeats: int, wanted: int) -> dict[str, object]:
    from annotator.services import open_services

    services = open_services(str(db), backup=False)
    try:
        totals = {word: services.search.search(word).total for word in COUNT_CANDIDATES}
        word = min(totals, key=lambda w: abs(totals[w] - wanted))
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            result = services.search.search(word)
            times.append(time.perf_counter() - start)
        ids = sorted(result.counts)
    finally:
        services.close()
    connection = sqlite3.connect(db)
    pattern = re.compile(r"\b" + word, re.IGNORECASE)
    base = []
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            n = 0
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for (text,) in connection.execute(f"SELECT text FROM document_texts WHERE document_id IN ({marks})", chunk):
                    n += len(pattern.findall(text))
            base.append(time.perf_counter() - start)
    finally:
        connection.close()
    seconds, baseline = statistics.median(times), statistics.median(base)
    return {
        "query": word,
        "hits": result.total,
        "documents": len(ids),
        "count_median_ms": round(seconds * 1000, 1),
        "count_p95_ms": round(p95(times) * 1000, 1),
        "baseline_read_and_regex_ms": round(baseline * 1000, 1),
        "ratio": round(seconds / baseline, 2),
        "target_ms": 200,
    }


def filtered(db: Path, work: Path, repeats: int) -> dict[str, object]:
    """A page and a count with a variable's filter (a third of the documents hold the value)
    against the same searches without it, run alternately on a copy of the library."""
    import shutil

    from annotator.services import open_services
    from annotator.services.search import Filters

    copy = work / "with-values.sqlite3"
    shutil.copyfile(db, copy)
    services = open_services(str(copy), backup=False)
    try:
        ids = [d.id for d in services.documents.list()]
        services.variables.define("outlet_type", "choice", "state|private|foreign")
        for n, value in enumerate(("state", "private", "foreign")):
            services.variables.set_values(ids[n::3], {"outlet_type": value})
        wanted = Filters(values=(("outlet_type", "State"),))
        cases = {"page": ("Azerbaijan", PAGE), "count": ("said", None)}
        out: dict[str, object] = {"documents_with_the_value": len(ids[0::3])}
        for name, (query, limit) in cases.items():
            plain, with_filter = [], []
            for filters in (Filters(), wanted):  # warm both: the OS cache, compiled statements
                services.search.search(query, filters, limit=limit)
            for _ in range(repeats):
                for filters, times in ((Filters(), plain), (wanted, with_filter)):
                    start = time.perf_counter()
                    result = services.search.search(query, filters, limit=limit)
                    times.append(time.perf_counter() - start)
            out[name] = {
                "query": query,
                "hits_with_the_filter": result.total,
                "median_ms_without": round(statistics.median(plain) * 1000, 1),
                "median_ms_with": round(statistics.median(with_filter) * 1000, 1),
                "ratio": round(statistics.median(with_filter) / statistics.median(plain), 2),
            }
    finally:
        services.close()
        copy.unlink()
    return out


def new_library(db: Path) -> None:
    """A new, empty library at HEAD, made before the timing (both sides: the migrations are not
    what is compared)."""
    from annotator.storage.engine import open_library

    open_library(str(db)).close()


def without_index(db: Path) -> None:
    """A new library at HEAD whose texts are not indexed: the import's baseline."""
    new_library(db)
    connection = sqlite3.connect(db)
    for trigger in ("insert", "delete", "update"):
        connection.execute(f"DROP TRIGGER tr_search_index_{trigger}")
    connection.commit()
    connection.close()


def imports(work: Path, count: int, repeats: int) -> dict[str, object]:
    files = article_files(work / "articles", count)
    ours, base = [], []
    for n in range(repeats):
        with_index, plain = work / f"with-{n}.sqlite3", work / f"without-{n}.sqlite3"
        without_index(plain)
        new_library(with_index)
        base.append(annotator_cli("--db", str(plain), "import", *files))
        ours.append(annotator_cli("--db", str(with_index), "import", *files))
    seconds, baseline = statistics.median(ours), statistics.median(base)
    return {
        "files": count,
        "import_with_index_s": round(seconds, 3),
        "import_without_index_s": round(baseline, 3),
        "added_percent": round((seconds / baseline - 1) * 100, 1),
        "target_percent": 20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--repeats", type=int, default=0)
    parser.add_argument("--out", default=str(HERE / "search_results.json"))
    parser.add_argument("--only", nargs="*", choices=("page", "count", "import", "filter"), help="only these parts")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    repeats = args.repeats or (2 if args.quick else 20)
    before = machine_state()
    print(f"before: {describe(before)}", file=sys.stderr)
    cache = HERE / "out"
    cache.mkdir(exist_ok=True)
    db = cache / f"library-{'quick' if args.quick else 'full'}.sqlite3"
    build(
        db,
        documents=size["docs"],
        total_annotations=size["library_annotations"],
        big_size=size["big"],
        big_annotations=size["big_annotations"],
    )
    from annotator.storage.engine import open_library

    open_library(str(db)).close()  # a library cached before revision 0009 is upgraded (indexed) here, not timed
    work = Path(tempfile.mkdtemp(prefix="annotator-search-bench-"))
    results: dict[str, object] = {"documents": size["docs"] + 2}
    wanted = set(args.only or ("page", "count", "import", "filter"))
    if "page" in wanted:
        results["first_page"] = first_pages(db, repeats)
    if "count" in wanted:
        results["count"] = counted(db, max(3, repeats // 4), 200 if args.quick else 10_000)
    if "import" in wanted:
        results["import"] = imports(work, size["import_files"], 3 if args.quick else 5)
    if "filter" in wanted:
        results["filter"] = filtered(db, work, max(3, repeats // 2))
    results["machine_before"] = before
    results["machine_after"] = machine_state()
    print(f"after: {describe(results['machine_after'])}", file=sys.stderr)  # type: ignore[arg-type]
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if not args.quick:  # parts run alone replace their own entries, each with its machine state
        out = Path(args.out)
        kept = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        for part in ("first_page", "count", "import", "filter"):
            if part in results:
                kept[part] = {**results[part], "machine_before": before, "machine_after": results["machine_after"]}  # type: ignore[dict-item]
        kept["documents"] = results["documents"]
        out.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
