"""The team library's targets (issue 12 "Performance"): `python -m benchmarks.team [--quick] [--only …]`.

PostgreSQL (a throwaway cluster on a Unix socket, as benchmarks/live.py) side by side with SQLite,
the same data in both, in one run:

- `tag`: key press → saved → painted in the real main window (offscreen, benchmarks/gui.py) on the
  1 MB article of a library of 1M annotations: p50 ≤ 6 ms, p95 ≤ 15 ms;
- `open`: open → painted of that article (50,000 annotations): ≤ 400 ms;
- `coders`: ten coder processes each tagging 10 passages a second for 60 s: no error, nothing lost
  (every acknowledged id is in the library at the end, and only those), p95 ≤ 50 ms per write;
- `export`: the app's export of the 1M rows against `psql \\copy` of the app's own export SQL to CSV
  (≤ 1.5×); on SQLite against the sqlite3 shell over the same SQL (reference);
- `merge`: the second merge of the same 100,000-annotation coder library (≤ 5 s), by the command line.

The libraries are filled in bulk through the storage tables (executemany), not the services. On
PostgreSQL the superuser only sets up (migrate, the coders' login roles, the bulk load); every
measured client connects as a coder's login, as the app does, so row security is in the figures:
the window, the export, `psql \\copy` and the merge as `bench` (the coder whose layer the data is),
the ten coders as `coder0`…`coder9` (`logins` in the results says who). The machine's load is
recorded before and after each section (2 shared cores: read every figure with it). Writes
benchmarks/team_results.json (not with --quick, which only proves the script runs).
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
from contextlib import closing as _closing
from pathlib import Path

from benchmarks.live import start_cluster, stop_cluster

HERE = Path(__file__).parent
FULL = dict(
    docs=1_000, big=1_000_000, big_annotations=50_000, total=1_000_000, tags=60, repeats=5,
    coders=10, rate=10, seconds=60, merge_docs=500, merge_per_doc=200,
)  # fmt: skip
QUICK = dict(
    docs=10, big=20_000, big_annotations=200, total=1_000, tags=4, repeats=1,
    coders=2, rate=10, seconds=2, merge_docs=5, merge_per_doc=20,
)  # fmt: skip
SECTIONS = ("tag", "open", "coders", "export", "merge")

CODER_CHILD = """
import sys, time
from annotator.services import open_services
location, who, document = sys.argv[1], int(sys.argv[2]), int(sys.argv[5])
rate, seconds = float(sys.argv[3]), float(sys.argv[4])
services = open_services(location, annotator=f"coder{who}", backup=False)  # on a server: the login's own name
length = len(services.documents.text(document))
tags = [t.id for t in services.codebook.tags()]
print("ready", services.coders.login, flush=True)
sys.stdin.readline()  # all start together
begin = time.perf_counter()
for i in range(int(rate * seconds)):
    due = begin + i / rate
    if (wait := due - time.perf_counter()) > 0:
        time.sleep(wait)
    start = (who * 7919 + i * 37) % (length - 60)
    before = time.perf_counter()
    try:
        made = services.annotations.tag(document, start, start + 5 + i % 40, [tags[i % len(tags)]], note=f"c{who} {i}")
    except Exception as exc:  # counted, not hidden: the target is no error
        print("error", type(exc).__name__, str(exc).replace(chr(10), " ")[:200], flush=True)
    else:
        print("ok", made.annotation.id, (time.perf_counter() - before) * 1000, flush=True)
services.close()
"""


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


CODER = "bench"  # the coder whose layer the bulk data is: the window, the export and the merge log in as it


def new_database(cluster: Path, name: str) -> str:
    """A new database on the cluster; its administrator's (superuser's) URL, for set-up only."""
    import psycopg

    with psycopg.connect(host=str(cluster), user="postgres", dbname="postgres", autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://postgres@/{name}?host={cluster}"


def as_login(location: str, login: str) -> str:
    """Where a measured client connects: on a server the coder's own login role (row security
    applies to it, as in the app); an SQLite file is the same file (the login is only a name there)."""
    return location.replace("postgres@", f"{login}@", 1) if location.startswith("postgresql") else location


def add_coders(location: str, coders: int) -> None:
    """`bench` and coder0…coderN as coders, `lead` as the lead: on a server each with its login
    role, made by the administrator's connection (what `annotator coders add` does)."""
    from annotator.services import open_services

    admin = open_services(location, annotator="admin", backup=False)
    try:
        known = {c.login for c in admin.coders.list()}
        for login in (CODER, *(f"coder{n}" for n in range(coders))):
            if login not in known:
                admin.coders.add(login)
        if "lead" not in known:
            admin.coders.add("lead", lead=True)
    finally:
        admin.close()


def annotation_count(location: str) -> int:
    """Every annotation in a library (read by the administrator on a server: row security hides nothing)."""
    from sqlalchemy import text

    from annotator.storage.engine import open_library

    with _closing(open_library(location)) as library, library.reading() as session:
        return int(session.scalar(text("SELECT count(*) FROM annotations")) or 0)


def login_of(location: str) -> str:
    """The role a server connection is (`current_user`): the check that a figure was measured as a coder."""
    from sqlalchemy import text

    from annotator.storage.engine import open_library

    with _closing(open_library(location)) as library, library.reading() as session:
        return str(session.scalar(text("SELECT current_user")))


def build(location: str, size: dict[str, int]) -> dict[str, int]:
    """The team library: the big article with its annotations, a typical one, and `docs` ~5 KB
    articles holding the rest of `total` (seeded: the same on both backends)."""
    from annotator.storage.bulk_annotations import LINK_OWNERS
    from annotator.storage.engine import open_library
    from benchmarks.data import add_annotations, add_document, article

    open_library(location, migrate=True).close()  # a new server database: the admin step
    add_coders(location, size["coders"])
    library = open_library(location)
    if not library.is_sqlite:  # row triggers (kept counts, change log) off for the bulk load: set right after
        with library.engine.begin() as c:
            for table in ("annotations", "annotation_tags"):
                c.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    rng = random.Random(2026)
    tags = [1, 2, 3, 4, 5]
    big_text = article(rng, size["big"], "big")
    big = add_document(library, big_text, "big")
    next_id = add_annotations(library, big, big_text, size["big_annotations"], rng, tags, 1, (1, 1, 2))
    typical_text = article(rng, 10_000, "typical")
    typical = add_document(library, typical_text, "typical")
    next_id = add_annotations(library, typical, typical_text, 50, rng, tags, next_id)
    per_doc = max(0, size["total"] - size["big_annotations"] - 50) // size["docs"]
    first = 0
    for n in range(size["docs"]):
        text = article(rng, 5_000, f"doc {n}")
        doc = add_document(library, text, f"doc {n}")
        first = first or doc
        next_id = add_annotations(library, doc, text, per_doc, rng, tags, next_id)
    if not library.is_sqlite:  # fresh planner statistics, as autovacuum would give a library in use
        with library.engine.begin() as c:
            c.exec_driver_sql(LINK_OWNERS)  # what the links' trigger would have set (revision 0014)
            for table in ("annotations", "annotation_tags"):
                c.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            c.exec_driver_sql(
                "UPDATE documents d SET annotation_count = (SELECT count(*) FROM annotations a WHERE a.document_id = d.id)"
            )
        with library.engine.connect() as c:  # the ids were given: move the sequence past them
            c.exec_driver_sql("SELECT setval(pg_get_serial_sequence('annotations', 'id'), max(id)) FROM annotations")
            c.exec_driver_sql("ANALYZE")
            c.commit()
    library.close()
    return {"big": big, "typical": typical, "first_small": first, "annotations": next_id - 1}


def gui_figures(
    location: str, ids: dict[str, int], size: dict[str, int], work: Path, wanted: set[str], admin: bool = False
) -> dict:
    from PySide6.QtWidgets import QMessageBox

    from benchmarks.gui import Gui

    def refuse(*args: object, **_kw: object) -> None:  # a benchmark must not wait on a dialog
        raise RuntimeError(" ".join(str(a) for a in args[1:] if isinstance(a, str)))

    for name in ("information", "warning", "critical", "question"):
        setattr(QMessageBox, name, staticmethod(refuse))
    found: dict[str, object] = {"load_before": load()}
    # --window-as-admin: the superuser's window, the reference for what row security costs (decision 052)
    gui = Gui(location if admin else as_login(location, CODER), work)  # type: ignore[arg-type]  # a URL is a location too
    try:
        found["login"] = gui.window.controller.services.library.login  # '' = not a coder's login role
        if "open" in wanted:
            times = []
            for _ in range(size["repeats"]):
                times.append(gui.open_seconds(ids["big"], 1) * 1000)
            found["open_ms"] = {"median": statistics.median(times), "runs": times, "target": 400}
        if "tag" in wanted:
            tags, undos = gui.tag_latencies(ids["big"], size["tags"])
            ms = [t * 1000 for t in tags]
            found["tag_ms"] = {"n": len(ms), "p50": p(ms, 0.5), "p95": p(ms, 0.95), "target": "p50 ≤ 6, p95 ≤ 15"}
            found["undo_ms"] = {"p50": p([u * 1000 for u in undos], 0.5), "p95": p([u * 1000 for u in undos], 0.95)}
    finally:
        gui.close()
    found["load_after"] = load()
    return found


def coders(location: str, ids: dict[str, int], size: dict[str, int]) -> dict:
    """Ten coders at once, each on an article of its own; then every acknowledged id is looked up."""
    from sqlalchemy import text

    from annotator.storage.engine import open_library

    before = load()
    with _closing(open_library(location)) as library, library.reading() as session:
        existing = {r[0] for r in session.execute(text("SELECT id FROM annotations"))}
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CODER_CHILD,
                as_login(location, f"coder{who}"),
                str(who),
                str(size["rate"]),
                str(size["seconds"]),
                str(ids["first_small"] + who),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for who in range(size["coders"])
    ]
    logins = []
    for child in children:
        ready, _, login = child.stdout.readline().strip().partition(" ")  # type: ignore[union-attr]
        assert ready == "ready", child.stderr.read()  # type: ignore[union-attr]
        logins.append(login)
    for child in children:
        child.stdin.write("go\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
    acknowledged, latencies, errors, crashed = set(), [], [], []
    for child in children:
        out, err = child.communicate(timeout=size["seconds"] + 300)
        if child.returncode:
            crashed.append(err[-500:])
        for line in out.split("\n"):
            if line.startswith("ok "):
                _, made, ms = line.split()
                acknowledged.add(int(made))
                latencies.append(float(ms))
            elif line.startswith("error"):
                errors.append(line)
    with _closing(open_library(location)) as library, library.reading() as session:
        now = {r[0] for r in session.execute(text("SELECT id FROM annotations"))}
    new = now - existing
    return {
        "coders": size["coders"],
        "logins": logins,
        "writes": len(latencies),
        "expected_writes": size["coders"] * size["rate"] * size["seconds"],
        "errors": len(errors),
        "first_errors": errors[:3],
        "crashed": crashed,
        "lost": len(acknowledged - now),
        "unacknowledged_but_stored": len(new - acknowledged),
        "p50_ms": p(latencies, 0.5),
        "p95_ms": p(latencies, 0.95),
        "max_ms": max(latencies, default=float("nan")),
        "target_p95_ms": 50,
        "load_before": before,
        "load_after": load(),
    }


def psql_copy(cluster: Path, database: str, sql: str, params: object, out: Path) -> float:
    """`psql \\copy (the app's export SQL) TO out CSV` with the same coder's login as the app's
    export (the same rows under the same row security), timed as a whole process."""
    import psycopg

    with psycopg.connect(host=str(cluster), user=CODER, dbname=database) as c:
        literal = psycopg.ClientCursor(c).mogrify(sql, params)
    one_line = " ".join(literal.split())
    start = time.perf_counter()
    subprocess.run(
        ["psql", "-X", "-q", "-h", str(cluster), "-U", CODER, "-d", database, "-c",
         f"\\copy ({one_line}) TO '{out}' WITH (FORMAT csv, HEADER)"],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - start


def export_figures(location: str, work: Path, repeats: int, cluster: Path | None) -> dict:
    """The app's export (timed inside its process, as benchmarks/import_export.py) against the plain tool,
    run alternately so a change of load hits both."""
    from annotator.storage import export_query, raw
    from annotator.storage.engine import open_library
    from benchmarks.baselines import shell_export
    from benchmarks.import_export import EXPORT_CHILD

    database, location = location.split("?")[0].rsplit("/", 1)[1], as_login(location, CODER)
    with _closing(open_library(location)) as library, library.reading() as session:
        sql, params = raw.compiled_sql(session, export_query.query((), ()))
    ours, tool, rows, before = [], [], 0, load()
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", EXPORT_CHILD, location, str(work / "ours.csv")],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, count, *_ = done.stdout.split()
        ours.append(float(seconds))
        rows = int(count)
        if cluster is not None:
            tool.append(psql_copy(cluster, database, sql, params, work / "tool.csv"))
        elif (shell := shell_export(Path(location), work / "tool.csv", sql, list(params))) is not None:
            tool.append(shell)
    app, base = statistics.median(ours), statistics.median(tool) if tool else float("nan")
    return {
        "login": login_of(location) if cluster is not None else "",
        "rows": rows,
        "app_s": app,
        "tool_s": base,
        "tool": "psql \\copy" if cluster is not None else "sqlite3 shell",
        "ratio": app / base if tool else None,
        "target_ratio": 1.5 if cluster is not None else None,
        "runs": {"app": ours, "tool": tool},
        "load_before": before,
        "load_after": load(),
    }


def merge_figures(folder: Path, cluster: Path, size: dict[str, int], repeats: int) -> dict:
    """Second merge of the same coder library into a team library on each backend: the first merge
    once, then the second `repeats` times (each finds everything there already)."""
    from benchmarks.merge import build as build_merge
    from benchmarks.merge import texts, timed

    bodies = texts(size["merge_docs"])
    coder = str(folder / "coder.sqlite3")
    build_merge(coder, bodies, size["merge_per_doc"])
    found: dict[str, object] = {"annotations": size["merge_docs"] * size["merge_per_doc"], "load_before": load()}
    for backend in ("sqlite", "postgresql"):
        target = str(folder / "merge-team.sqlite3") if backend == "sqlite" else new_database(cluster, "merge_team")
        build_merge(target, bodies, 0)
        add_coders(target, 0)
        target = as_login(target, CODER)  # the coder brings their own offline layer
        first = timed("--db", target, "merge", coder)
        merged = annotation_count(target.replace(f"{CODER}@", "postgres@", 1))  # all of it came
        seconds = [timed("--db", target, "merge", coder) for _ in range(repeats)]
        found[backend] = {"first_s": first, "second_s": statistics.median(seconds), "runs": seconds, "target_s": 5}
        found[backend].update(login=login_of(target) if backend == "postgresql" else "", merged=merged)
    found["load_after"] = load()
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", choices=SECTIONS)
    parser.add_argument("--total", type=int, help="annotations in the team library (a loaded machine: fewer)")
    parser.add_argument("--docs", type=int, help="~5 KB articles holding them beside the big one")
    parser.add_argument(
        "--window-as-admin", action="store_true", help="open and tag as the superuser (row security's reference)"
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    size = dict(QUICK if args.quick else FULL)
    size.update({k: v for k, v in (("total", args.total), ("docs", args.docs)) if v})
    wanted = set(args.only or SECTIONS)
    results: dict[str, object] = {"cores": os.cpu_count(), "load_before": load(), "sizes": size}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cluster = start_cluster()
        try:
            locations = {"sqlite": str(work / "team.sqlite3"), "postgresql": new_database(cluster, "team")}
            if wanted - {"merge"}:
                for backend, location in locations.items():
                    start = time.perf_counter()
                    ids = build(location, size)
                    results.setdefault("build_s", {})[backend] = time.perf_counter() - start  # type: ignore[index]
            for backend, location in locations.items():
                figures: dict[str, object] = {}
                if wanted & {"tag", "open"}:
                    figures.update(gui_figures(location, ids, size, work, wanted, args.window_as_admin))
                if "export" in wanted:
                    figures["export"] = export_figures(
                        location, work, max(1, size["repeats"] - 2), cluster if backend == "postgresql" else None
                    )
                if "coders" in wanted:  # last: it adds rows
                    figures["coders"] = coders(location, ids, size)
                if figures:
                    results[backend] = figures
            if "merge" in wanted:
                results["merge"] = merge_figures(work, cluster, size, size["repeats"] - 2 if size["repeats"] > 2 else 1)
        finally:
            stop_cluster(cluster)
    results["load_after"] = load()
    print(json.dumps(results, indent=1))
    if not args.quick and not args.window_as_admin:
        out = HERE / "team_results.json"
        if args.only and out.exists():  # a section run again replaces its own figures only
            kept = json.loads(out.read_text(encoding="utf-8"))
            for backend in ("sqlite", "postgresql"):  # each backend's sections: the others stay
                if isinstance(kept.get(backend), dict) and backend in results:
                    results[backend] = {**kept[backend], **results[backend]}  # type: ignore[dict-item]
            results = {**kept, **results}
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
