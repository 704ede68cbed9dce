"""Tables benchmark (issue 14): `python -m benchmarks.tables [--quick]`.

The crosstab of tags × source over the benchmark library (10,002 documents, ~1M annotations;
20 outlets set on the documents here), counting passages and documents, and by a document
variable — from the counts kept by triggers (revision 0011), and, as before 0011, from the links
themselves; by a layer choice (`--layer coders|gold|LOGIN`) from the counts kept per layer since
0015 and, as before it, from the links. Baselines in the same run: the app's OWN crosstab SQL run
with the standard library's sqlite3 (so the ratio says what the app adds), and the plain one-step
join a person would write first (what grouping per document first saves). Prints JSON; --quick
uses a small library and judges nothing (CI's smoke test); --documents N --annotations M another
size.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
OUTLETS = 20
NAIVE = (
    "SELECT at.tag_id, d.source, count(*) FROM annotation_tags at "
    "JOIN annotations a ON a.id = at.annotation_id JOIN documents d ON d.id = a.document_id "
    "GROUP BY at.tag_id, d.source"
)


def median_ms(fn: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def prepare(db: Path, quick: bool, size: tuple[int, int] | None = None) -> None:
    from benchmarks.data import build

    if quick:
        build(db, documents=100, total_annotations=5_000, big_size=50_000, big_annotations=500)
    elif size is not None:  # --documents/--annotations: decision 044 measured 2,000 and ~150,000 (~199k links)
        build(db, documents=size[0], total_annotations=size[1], big_size=1_000_000, big_annotations=50_000)
    else:
        build(db, documents=10_000, total_annotations=1_000_000, big_size=1_000_000, big_annotations=50_000)
    with sqlite3.connect(db) as connection:  # outlets, years and a variable, once
        connection.execute(
            f"UPDATE documents SET source = 'Outlet ' || (id % {OUTLETS}), "
            "published = (2020 + id % 5) || '-0' || (1 + id % 9) WHERE source IN ('', 'Benchmark')"
        )
        if not connection.execute("SELECT 1 FROM variables").fetchone():
            connection.execute(
                "INSERT INTO variables (name, kind, choices, position) VALUES ('outlet_type', 'choice', 'state|private', 0)"
            )
            connection.execute(
                "INSERT INTO document_values SELECT id, 1, "
                "CASE WHEN id % 3 = 0 THEN 'state' ELSE 'private' END FROM documents"
            )
        # Every casualty-figure passage gets figures (the data's tags have no field values).
        connection.execute(
            'UPDATE annotations SET fields = \'{"count_max": "\' || (id % 300 + 5) || \'", "count_min": "\' '
            "|| (id % 300) || '\", \"kind\": \"' || CASE id % 3 WHEN 0 THEN 'killed' WHEN 1 THEN 'wounded' "
            "ELSE 'displaced' END || '\", \"qualifier\": \"at least\"}' WHERE fields = '' AND id IN "
            "(SELECT annotation_id FROM annotation_tags WHERE tag_id = "
            "(SELECT id FROM tags WHERE name = 'casualty figure'))"
        )


def sqlite_dialect() -> Any:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()


def app_sql(services: Any, column: str, documents: bool) -> str:
    """The crosstab's own SQL, compiled for SQLite with its parameters inlined."""
    from sqlalchemy.dialects import sqlite

    from annotator.storage import tables_query

    variable_id = 0
    if column not in (*tables_query.DOCUMENT_COLUMNS, "coder"):
        variable_id = next(v.id for v in services.variables.variables() if v.name == column)
        column = "variable"
    statement = tables_query.crosstab_statement(column, documents=documents, variable_id=variable_id)
    return str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int, default=0, help="a library of this many documents (with --annotations)")
    parser.add_argument("--annotations", type=int, default=0)
    args = parser.parse_args()
    size = (args.documents, args.annotations) if args.documents and args.annotations else None
    from annotator.services import open_services
    from benchmarks.baselines import describe, machine_state

    before = machine_state()
    print(f"before: {describe(before)}", file=sys.stderr)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    name = "quick" if args.quick else f"{size[0]}-{size[1]}" if size else "full"
    db = out / f"tables-{name}.sqlite3"
    prepare(db, args.quick, size)
    repeats = 3 if args.quick else 7
    services = open_services(str(db), backup=False)
    results: dict[str, Any] = {"machine_before": before}
    try:
        with sqlite3.connect(db) as plain:
            results["annotation_tag_links"] = plain.execute("SELECT count(*) FROM annotation_tags").fetchone()[0]
            results["documents"] = plain.execute("SELECT count(*) FROM documents").fetchone()[0]
            for column, documents in (("source", False), ("source", True), ("outlet_type", False), ("coder", False)):
                name = f"crosstab tags x {column}, {'documents' if documents else 'passages'}"
                services.tables.crosstab(column, count="documents" if documents else "passages")  # warm
                app = median_ms(
                    lambda c=column, d=documents: services.tables.crosstab(c, count="documents" if d else "passages"),
                    repeats,
                )
                sql = app_sql(services, column, documents)
                baseline = median_ms(lambda s=sql: plain.execute(s).fetchall(), repeats)
                results[name] = {
                    "app_ms": app,
                    "baseline_own_sql_ms": baseline,
                    "ratio": round(app / baseline, 2) if baseline else None,
                }
            # Before revision 0011, in the same run: the same crosstab counted from the links.
            from annotator.domain.export_rows import layer_filter
            from annotator.storage import tables_query

            def from_links() -> None:
                with services.library.reading() as session:
                    tables_query.crosstab(session, "source", documents=False, kept=False)

            from_links()  # warm
            results["crosstab tags x source, passages, from the links (before 0011)"] = {
                "ms": median_ms(from_links, repeats)
            }
            # By a layer choice (decision 044): from the kept counts since revision 0015; before it,
            # in the same run, the same crosstab counted from the links (what a layer choice did).
            login = services.coders.list()[0].login
            for choice in ("coders", "gold", login):
                for column in ("source", "coder"):

                    def by_layer(c: str = column, k: bool | None = None, ch: str = choice) -> None:
                        layer, coder = layer_filter(ch)
                        with services.library.reading() as session:
                            tables_query.crosstab(session, c, documents=False, kept=k, layer=layer, coder=coder)

                    shown = "a coder's login" if choice == login else choice
                    services.tables.crosstab(column, layer=choice)  # warm
                    results[f"crosstab tags x {column}, passages, --layer {shown}"] = {
                        "app_ms": median_ms(lambda c=column, ch=choice: services.tables.crosstab(c, layer=ch), repeats),
                        "from the links (before 0015), ms": median_ms(lambda f=by_layer: f(k=False), repeats),
                    }
            figure = next(t.id for t in services.codebook.tags() if t.name == "casualty figure")
            from annotator.domain.compare import FIGURE_READ
            from annotator.storage import compare_query

            services.tables.compare("casualty figure")  # warm
            app = median_ms(lambda: services.tables.compare("casualty figure"), repeats)
            sql = str(
                compare_query.figure_statement(figure, None).compile(
                    dialect=sqlite_dialect(), compile_kwargs={"literal_binds": True}
                )
            )
            baseline = median_ms(lambda: plain.execute(sql).fetchall(), repeats)
            passages = len(plain.execute(sql).fetchall())

            def per_passage() -> None:  # before decision 036: only its read, without the grouping
                with services.library.reading() as session:
                    compare_query.reported(session, figure, FIGURE_READ)

            results[f"compare casualty figures by outlet ({passages:,} passages with figures)"] = {
                "app_ms": app,
                "baseline_own_sql_ms": baseline,
                "ratio": round(app / baseline, 2) if baseline else None,
                "per-passage read as before 036 (json_extract in SQL, one object each), ms": median_ms(per_passage, repeats),
            }
            results["naive one-step join, tags x source, passages"] = {
                "ms": median_ms(lambda: plain.execute(NAIVE).fetchall(), repeats)
            }
    finally:
        services.close()
    results["machine_after"] = machine_state()
    if not args.quick:
        app = results["crosstab tags x source, passages"]["app_ms"]
        results["target tags x source ≤ 300 ms"] = "met" if app <= 300 else "missed"
        compared = next(v["app_ms"] for k, v in results.items() if k.startswith("compare"))
        results["target compare over 10,000 documents ≤ 500 ms"] = "met" if compared <= 500 else "missed"
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
