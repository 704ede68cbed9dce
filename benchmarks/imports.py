"""Imports of issue 15: `python -m benchmarks.imports [--quick] [--only corpus pdf]`.

- corpus: one JSON Lines file of 10,000 articles (~5 KB each, seeded, benchmarks.data.article)
  imported by the command line into a new library: ≤ 10 s. Baseline in the same run, alternately:
  the same 10,000 articles as .txt files through the same command (the file import of decision 027).
- pdf: a 100-page PDF (~45 lines a page, written by tests/pdfs.make_pdf) read by our PDF importer
  (pypdf, with the running-head rule) and, where installed, by pdfminer.six's extract_text
  (the alternative considered), alternately: ≤ 5 s.
Medians of `repeats` runs; the machine's load is printed and written with the results
(benchmarks/imports_results.json).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.baselines import describe, machine_state
from benchmarks.common import annotator_cli
from benchmarks.import_export import article_files

HERE = Path(__file__).parent


def corpus_file(path: Path, count: int) -> Path:
    """`count` ~5 KB articles as JSON Lines: text, title, source, published and one variable."""
    from benchmarks.data import article

    rng = random.Random(1)
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            row = {
                "text": article(rng, 5_000, f"article {n}"),
                "title": f"Article {n}",
                "source": ("AP", "Reuters", "TASS")[n % 3],
                "published": f"2023-{n % 12 + 1:02d}",
                "outlet_type": ("state", "private")[n % 2],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def corpus(work: Path, count: int, repeats: int) -> dict[str, object]:
    jsonl = corpus_file(work / "corpus.jsonl", count)
    files = article_files(work / "articles", count)
    ours, base = [], []
    for n in range(repeats):
        ours.append(annotator_cli("--db", str(work / f"corpus-{n}.sqlite3"), "import", str(jsonl)))
        base.append(annotator_cli("--db", str(work / f"files-{n}.sqlite3"), "import", *files))
    seconds, baseline = statistics.median(ours), statistics.median(base)
    return {
        "articles": count,
        "megabytes": round(jsonl.stat().st_size / 1e6, 1),
        "import_jsonl_s": round(seconds, 3),
        "baseline_import_txt_files_s": round(baseline, 3),
        "ratio": round(seconds / baseline, 2),
        "all_runs_s": [round(t, 3) for t in ours],
        "target_s": 10,
    }


def pdf_file(path: Path, pages: int) -> Path:
    """A PDF of `pages` pages of ~45 lines each (seeded article text), with a running head and a
    page number on every page, written by tests/pdfs.make_pdf (no PDF library needed)."""
    from tests.pdfs import make_pdf

    from benchmarks.data import article

    rng = random.Random(2)
    content = []
    for n in range(pages):
        words = article(rng, 3_500, f"page {n}").encode("cp1252", "replace").decode("cp1252").split()
        lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)][:45]
        content.append(["The Daily Example - page header", *lines, f"Page {n + 1} of {pages}"])
    path.write_bytes(make_pdf(content))
    return path


def pdf(work: Path, pages: int, repeats: int) -> dict[str, object]:
    path = pdf_file(work / "hundred.pdf", pages)
    from annotator.importers import read_article

    ours, other = [], []
    try:
        from pdfminer.high_level import extract_text
    except ImportError:
        extract_text = None
    for _ in range(repeats):
        start = time.perf_counter()
        read_article(path)
        ours.append(time.perf_counter() - start)
        if extract_text is not None:
            start = time.perf_counter()
            extract_text(str(path))
            other.append(time.perf_counter() - start)
    result: dict[str, object] = {
        "pages": pages,
        "megabytes": round(path.stat().st_size / 1e6, 2),
        "pypdf_import_s": round(statistics.median(ours), 3),
        "target_s": 5,
    }
    if other:
        result["pdfminer_extract_text_s"] = round(statistics.median(other), 3)
        result["ratio_pypdf_to_pdfminer"] = round(statistics.median(ours) / statistics.median(other), 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--repeats", type=int, default=0)
    parser.add_argument("--out", default=str(HERE / "imports_results.json"))
    parser.add_argument("--only", nargs="*", choices=("corpus", "pdf"), help="only these parts")
    args = parser.parse_args()
    repeats = args.repeats or (1 if args.quick else 5)
    before = machine_state()
    print(f"before: {describe(before)}", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="annotator-imports-bench-"))
    wanted = set(args.only or ("corpus", "pdf"))
    results: dict[str, object] = {}
    if "corpus" in wanted:
        results["corpus"] = corpus(work, 200 if args.quick else 10_000, repeats)
    if "pdf" in wanted:
        results["pdf"] = pdf(work, 5 if args.quick else 100, repeats)
    results["machine_before"] = before
    results["machine_after"] = machine_state()
    print(f"after: {describe(results['machine_after'])}", file=sys.stderr)  # type: ignore[arg-type]
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if not args.quick:
        out = Path(args.out)
        kept = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        kept.update(results)
        out.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
